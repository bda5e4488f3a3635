"""Protocol fuzzing through the real server over stdio: random sequences of didOpen/didChange/didClose/
didSave with random ranges (out of range, inside surrogate pairs), unknown documents, invalid params,
unknown methods, a very large message, requests after shutdown. The server answers with proper LSP
errors, stays up, publishes ranges inside its documents, and ends with the diagnostics a fresh
`Project` computes from the final texts.

Sequences come from `random.Random(seed)` (hypothesis cannot drive one long-lived async session);
a failing seed replays exactly."""

from __future__ import annotations

import ast
import asyncio
import itertools
import json
import os
import random
import re

import pytest
import pytest_lsp
from fuzzing import TRIED, lsp_lines
from helpers import CONFIG, copy_project, start
from lsprotocol import types
from offpath.analysis.config import load_config
from offpath.analysis.project import Project, discover
from offpath.server import convert
from pygls.exceptions import JsonRpcException
from pygls.uris import from_fs_path
from pygls.workspace.position_codec import PositionCodec
from pytest_lsp import LanguageClient

STEPS = 150
SEEDS = [1, 2, 3, 4, 5]
REQUEST_TIMEOUT = 30.0
INSERTS = [
    "x", "(", ")", ":", "\n", "\r\n", "    ", "\t", "é", "😋", "𝔘a", "#", "'", '"""', "\\",
    "\n    send_mail('s', 'b', 'f', [email])\n", "\n    requests.get('https://example.com')\n",
    "\ndef extra(request):\n    requests.post('https://example.com', json={})\n", "import requests\n",
    "\x0c", "\u2028", "\x85", "\x00", "\ud83d",
]


# -- the client's view of a document (LSP semantics, UTF-16 positions) --------------------------
def offset_of(text: str, line: int, character: int) -> int:
    """Code-point offset of an LSP position; past the end of a line means its end, past the last
    line the end of the text, inside a surrogate pair after that character."""
    starts = [0]
    for match in re.finditer(r"\r\n|\r|\n", text):
        starts.append(match.end())
    if line >= len(starts):
        return len(text)
    end = starts[line + 1] if line + 1 < len(starts) else len(text)
    content = re.sub(r"(\r\n|\r|\n)$", "", text[starts[line]:end])
    units = index = 0
    for char in content:
        if units >= character:
            break
        units += 2 if ord(char) > 0xFFFF else 1
        index += 1
    return starts[line] + index


def apply_change(text: str, change) -> tuple[str, object]:
    """The new text and the change that undoes this one (as an editor's undo would send it)."""
    if not isinstance(change, types.TextDocumentContentChangePartial):
        return change.text, types.TextDocumentContentChangeWholeDocument(text=text)
    start = offset_of(text, change.range.start.line, change.range.start.character)
    end = offset_of(text, change.range.end.line, change.range.end.character)
    start, end = min(start, end), max(start, end)
    new = text[:start] + change.text + text[end:]
    undo = types.TextDocumentContentChangePartial(
        range=types.Range(start=position_of(new, start), end=position_of(new, start + len(change.text))),
        text=text[start:end])
    return new, undo


def position_of(text: str, offset: int) -> types.Position:
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
    line = max(i for i, s in enumerate(starts) if s <= offset)
    return types.Position(line=line, character=utf16_len(text[starts[line]:offset]))


def parses(text: str) -> bool:
    try:
        ast.parse(text)
    except (SyntaxError, ValueError):
        return False
    return True


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def random_position(rng: random.Random, text: str) -> types.Position:
    lines = lsp_lines(text)
    kind = rng.random()
    if kind < 0.08:
        return types.Position(line=len(lines) + rng.randrange(3), character=rng.randrange(5))
    line = rng.randrange(len(lines))
    length = utf16_len(lines[line])
    if kind < 0.16:
        return types.Position(line=line, character=length + rng.randrange(1, 50))
    if kind < 0.24 and any(ord(c) > 0xFFFF for c in lines[line]):
        # Inside a surrogate pair: one unit into an astral character.
        prefix = lines[line][:next(i for i, c in enumerate(lines[line]) if ord(c) > 0xFFFF)]
        return types.Position(line=line, character=utf16_len(prefix) + 1)
    prefix = lines[line][:rng.randrange(len(lines[line]) + 1)]
    return types.Position(line=line, character=utf16_len(prefix))


def random_change(rng: random.Random, text: str):
    if rng.random() < 0.05:
        return types.TextDocumentContentChangeWholeDocument(text=text + rng.choice(INSERTS))
    a, b = random_position(rng, text), random_position(rng, text)
    if (a.line, a.character) > (b.line, b.character):
        a, b = b, a
    if rng.random() < 0.5:
        b = a  # a pure insertion, like typing
    new = "".join(rng.choice(INSERTS) for _ in range(rng.randrange(0, 3)))
    return types.TextDocumentContentChangePartial(range=types.Range(start=a, end=b), text=new)


# -- the session --------------------------------------------------------------------------------
@pytest_lsp.fixture(config=CONFIG)
async def client(lsp_client: LanguageClient):
    yield
    await end_session(lsp_client)


async def end_session(client: LanguageClient) -> None:
    """`shutdown` + `exit` unless the test did; a server that does not exit in time is killed (it
    is our own child process), so a failing test reports instead of hanging in teardown."""
    server = client._server
    if server is None or server.returncode is not None:
        return
    try:
        if not getattr(client, "shut_down", False):
            await asyncio.wait_for(client.shutdown_async(None), 10)
            client.exit(None)
        await asyncio.wait_for(server.wait(), 10)
    except Exception:  # noqa: BLE001
        server.kill()
        await server.wait()


_RAW_IDS = itertools.count(1)


def send_raw(client: LanguageClient, method: str, params: object, request: bool = True) -> asyncio.Future | None:
    """Write a JSON-RPC message as bytes, bypassing the client's typed serialisation (so params
    can be wrong); a request's future gets the server's answer or its error."""
    protocol = client.protocol
    message = {"jsonrpc": "2.0", "method": method, "params": params}
    future = None
    if request:
        message["id"] = f"raw-{next(_RAW_IDS)}"
        future = asyncio.get_running_loop().create_future()
        protocol._request_futures[message["id"]] = future
    body = json.dumps(message).encode("utf-8")
    protocol.writer.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    return future


async def expect_error(awaitable, codes: set[int]) -> None:
    with pytest.raises(JsonRpcException) as caught:
        await asyncio.wait_for(awaitable, REQUEST_TIMEOUT)
    assert caught.value.code in codes, caught.value


class Fuzzer:
    def __init__(self, client: LanguageClient, root: str, rng: random.Random):
        self.client, self.root, self.rng = client, root, rng
        self.open: dict[str, str] = {}  # uri -> text as the client holds it
        self.versions: dict[str, int] = {}
        self.undo: dict[str, list] = {}
        self.files = [os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs if f.endswith(".py")]
        self.extra = [os.path.join(root, "shop", "scratch.py"), os.path.join(os.path.dirname(root), "elsewhere.py")]

    def disk(self, path: str) -> str:
        with open(path, encoding="utf-8") as handle:
            return handle.read()

    async def step(self) -> None:
        rng, client = self.rng, self.client
        roll = rng.random()
        if roll < 0.12 or not self.open:
            path = rng.choice(self.files + self.extra)
            doc = from_fs_path(path)
            text = self.disk(path) if os.path.exists(path) else rng.choice(INSERTS[-6:]) + "import requests\n"
            self.open[doc] = text
            self.versions[doc] = 1
            self.undo[doc] = []
            client.text_document_did_open(types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(uri=doc, language_id="python", version=1, text=text)))
        elif roll < 0.70:
            doc = rng.choice(sorted(self.open))
            changes = []
            for _ in range(rng.randrange(1, 4)):  # each change applies to the text the previous one left
                changes.append(random_change(rng, self.open[doc]))
                self.open[doc], undo = apply_change(self.open[doc], changes[-1])
                self.undo[doc].append(undo)
            self.change(doc, changes)
        elif roll < 0.78:
            doc = rng.choice(sorted(self.open))
            del self.open[doc]
            client.text_document_did_close(types.DidCloseTextDocumentParams(
                text_document=types.TextDocumentIdentifier(uri=doc)))
        elif roll < 0.82:
            doc = rng.choice(sorted(self.open))
            client.text_document_did_save(types.DidSaveTextDocumentParams(
                text_document=types.TextDocumentIdentifier(uri=doc)))
        elif roll < 0.86:
            await self.unknown_documents()
        elif roll < 0.90:
            await self.invalid_messages()
        else:
            await self.requests()

    def change(self, doc: str, changes: list) -> None:
        self.versions[doc] += 1
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=doc, version=self.versions[doc]),
            content_changes=changes))

    def undo_until_parsing(self) -> None:
        """Undo (incrementally, newest first) until every open buffer parses; close the rest.
        (A buffer that does not parse keeps its last good analysis, by design.)"""
        for doc in sorted(self.open):
            while not parses(self.open[doc]) and self.undo[doc]:
                undo = self.undo[doc].pop()
                self.open[doc], _ = apply_change(self.open[doc], undo)
                self.change(doc, [undo])
            if not parses(self.open[doc]):
                del self.open[doc]
                self.client.text_document_did_close(types.DidCloseTextDocumentParams(
                    text_document=types.TextDocumentIdentifier(uri=doc)))

    async def unknown_documents(self) -> None:
        """Changes and closes for documents never opened, and URIs that are not files."""
        client = self.client
        ghost = from_fs_path(os.path.join(self.root, "shop", "ghost.py"))
        if ghost in self.open:
            return
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=ghost, version=7),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text="import requests\n")]))
        client.text_document_did_close(types.DidCloseTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=ghost)))
        for odd in ("untitled:Untitled-1", "vscode-notebook-cell:/x.ipynb#W0", "file:///", "not a uri"):
            client.text_document_did_open(types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(uri=odd, language_id="python", version=1, text="x = (")))
            await asyncio.wait_for(client.text_document_hover_async(types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=odd), position=types.Position(line=0, character=0))),
                REQUEST_TIMEOUT)
            client.text_document_did_close(types.DidCloseTextDocumentParams(
                text_document=types.TextDocumentIdentifier(uri=odd)))

    async def invalid_messages(self) -> None:
        client = self.client
        views = from_fs_path(os.path.join(self.root, "shop", "views.py"))
        # Unknown request: MethodNotFound. Unknown notifications are ignored.
        await expect_error(send_raw(client, "offpath/noSuchMethod", {"x": 1}), {-32601})
        send_raw(client, "offpath/noSuchNotification", {"x": 1}, request=False)
        send_raw(client, "$/noSuchNotification", None, request=False)
        # Requests whose params do not match the method: InvalidParams (or an internal error).
        await expect_error(send_raw(client, types.TEXT_DOCUMENT_HOVER, {"textDocument": 5}), {-32602, -32603})
        await expect_error(send_raw(client, types.TEXT_DOCUMENT_CODE_ACTION, {"range": "everything"}), {-32602, -32603})
        await expect_error(send_raw(client, types.TEXT_DOCUMENT_HOVER, None), {-32602, -32603})
        # Notifications with broken params: no answer is due, the server must just survive them.
        send_raw(client, types.TEXT_DOCUMENT_DID_CHANGE, {"textDocument": {"uri": 3}, "contentChanges": "x"}, False)
        send_raw(client, types.TEXT_DOCUMENT_DID_OPEN, {"textDocument": None}, False)
        send_raw(client, types.TEXT_DOCUMENT_DID_CHANGE, {
            "textDocument": {"uri": views, "version": 1},
            "contentChanges": [{"range": {"start": {"line": -1, "character": -5},
                                          "end": {"line": 2**40, "character": 0}}, "text": "x"}]}, False)
        send_raw(client, types.WORKSPACE_DID_CHANGE_WATCHED_FILES, {"changes": [{"uri": views, "type": 99}]}, False)
        send_raw(client, types.WORKSPACE_DID_CHANGE_CONFIGURATION, {"settings": {"offpath": {"select": 5}}}, False)

    async def requests(self) -> None:
        client, rng = self.client, self.rng
        doc = rng.choice(sorted(self.open)) if self.open else from_fs_path(self.files[0])
        text = self.open.get(doc, "")
        position = random_position(rng, text)
        ident = types.TextDocumentIdentifier(uri=doc)
        await asyncio.wait_for(client.text_document_hover_async(
            types.HoverParams(text_document=ident, position=position)), REQUEST_TIMEOUT)
        await asyncio.wait_for(client.text_document_code_lens_async(
            types.CodeLensParams(text_document=ident)), REQUEST_TIMEOUT)
        diagnostics = list(client.diagnostics.get(doc, []))
        await asyncio.wait_for(client.text_document_code_action_async(types.CodeActionParams(
            text_document=ident, range=types.Range(start=position, end=position),
            context=types.CodeActionContext(diagnostics=diagnostics[:2]))), REQUEST_TIMEOUT)

    async def settle(self) -> None:
        """Every queued edit analysed and published: a pull request answers only then."""
        doc = min(self.open) if self.open else from_fs_path(self.files[0])
        await asyncio.wait_for(client_pull(self.client, doc), REQUEST_TIMEOUT * 4)


async def client_pull(client: LanguageClient, doc: str):
    return await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=doc)))


def expected_diagnostics(root: str, open_docs: dict[str, str], tmp_path) -> dict[str, list]:
    """A fresh Project over the disk and the open buffers, converted the way the server converts."""
    config = load_config(root)
    project = Project([root], config, hops=True)  # as the server's (hop findings in service modules)
    wanted = [p for p in discover([root], config, root=root)]
    texts = {convert.path_for(u): t for u, t in open_docs.items() if convert.path_for(u)}
    project.load([p for p in wanted if os.path.abspath(p) not in texts])
    for path, text in texts.items():
        rel = os.path.relpath(path, root)
        if path.endswith(".py") and (rel.startswith("..") or not config.excluded(rel)):
            project.update(path, text)
    codec = PositionCodec(types.PositionEncodingKind.Utf16)

    def lines_for(path: str) -> list[str]:
        if path in texts:
            return convert.split_lines(texts[path])
        with open(path, encoding="utf-8") as handle:
            return convert.split_lines(handle.read())

    return {convert.uri_for(path): sorted(key(convert.to_lsp_diagnostic(f, lines_for, codec)) for f in found)
            for path, found in project.all_findings().items()}


def key(diagnostic: types.Diagnostic) -> tuple:
    r = diagnostic.range
    return (r.start.line, r.start.character, r.end.line, r.end.character, str(diagnostic.code), diagnostic.message)


def check_ranges(client: LanguageClient, texts: dict[str, str]) -> None:
    for doc, diagnostics in client.diagnostics.items():
        text = texts.get(doc)
        if text is None or not parses(text):
            continue  # a buffer that does not parse keeps the diagnostics of its last good text
        lines = lsp_lines(text)
        for diagnostic in diagnostics:
            r = diagnostic.range
            for position in (r.start, r.end):
                assert 0 <= position.line < len(lines), (doc, diagnostic)
                assert 0 <= position.character <= utf16_len(lines[position.line]), (doc, diagnostic, lines[position.line])


@pytest.mark.parametrize("seed", SEEDS)
async def test_random_session(client: LanguageClient, tmp_path, seed: int) -> None:
    root = copy_project(tmp_path)
    await start(client, root, tmp_path)
    rng = random.Random(seed)
    fuzzer = Fuzzer(client, root, rng)
    for number in range(STEPS):
        await fuzzer.step()
        TRIED["protocol: messages in random sessions"] += 1
        if number % 40 == 39:
            await fuzzer.settle()
            check_ranges(client, fuzzer.open)
    fuzzer.undo_until_parsing()
    await fuzzer.settle()
    texts = dict(fuzzer.open)
    for path in fuzzer.files:
        texts.setdefault(from_fs_path(path), fuzzer.disk(path))
    check_ranges(client, texts)
    expected = expected_diagnostics(root, fuzzer.open, tmp_path)
    published = {doc: sorted(key(d) for d in found) for doc, found in client.diagnostics.items() if found}
    differences = [f"{os.path.relpath(convert.path_for(doc), root)}:\n  server: {published.get(doc)}\n  fresh:  {expected.get(doc)}"
                   for doc in sorted(published.keys() | expected.keys()) if published.get(doc) != expected.get(doc)]
    buffers = "".join(f"\n--- open: {doc}\n{text}" for doc, text in sorted(fuzzer.open.items()))
    assert not differences, (f"seed {seed}: the server's diagnostics differ from a fresh analysis\n"
                             + "\n".join(differences) + buffers)


async def test_large_message_and_requests_after_shutdown(client: LanguageClient, tmp_path) -> None:
    root = copy_project(tmp_path)
    await start(client, root, tmp_path)
    big = from_fs_path(os.path.join(root, "shop", "big.py"))
    text = "import requests\n\n\ndef helper():\n    requests.get('https://example.com')\n" + \
        "".join(f"VALUE_{i} = '{'x' * 60}'\n" for i in range(60_000))  # ~4.5 MB in one message
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=big, language_id="python", version=1, text=text)))
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=big, version=2),
        content_changes=[types.TextDocumentContentChangePartial(
            range=types.Range(start=types.Position(line=59_000, character=3), end=types.Position(line=59_001, character=0)),
            text="")]))
    TRIED["protocol: large messages"] += 2
    report = await asyncio.wait_for(client_pull(client, big), REQUEST_TIMEOUT * 4)
    assert not report.items
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=big), position=types.Position(line=59_999, character=0)))
    assert hover is None
    # After `shutdown`, requests are errors (InvalidRequest), not silence.
    await asyncio.wait_for(client.shutdown_async(None), REQUEST_TIMEOUT)
    client.shut_down = True
    TRIED["protocol: requests after shutdown"] += 2
    await expect_error(client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=big), position=types.Position(line=0, character=0))), {-32600})
    await expect_error(client.protocol.send_request_async("offpath/criticalPaths", {}), {-32600})
    client.exit(None)
