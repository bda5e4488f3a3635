"""LSP latency benchmark: a real client talks to `python -m offpath.server` over stdio.

Measures, per project: cold index (empty summary cache), warm start (same cache), and the time from
a `didChange` to the `publishDiagnostics` that reflects it, for edits in a view (same file) and in a
service module (the view three calls away is re-published). Prints a markdown table.

    python benchmarks/lsp_latency.py                      # generated projects of 200 and 2,000 files
    python benchmarks/lsp_latency.py --sizes 200 --edits 20
    python benchmarks/lsp_latency.py --tree PATH          # also a real tree (e.g. Django's source)
    python benchmarks/lsp_latency.py --sizes --real PATH --anchors   # a real app, with ty/ruff/pyright

`--real PATH` copies a real application (e.g. an app's wheel from PyPI) into the work folder, finds
in-process a handler finding whose chain reaches into a service module, and toggles two lines: the
handler's call that starts the chain, and the sink call in the service module. Each toggle is timed
from `didChange` until the handler's diagnostics are exactly the expected ones (the codes and lines a
fresh analysis of the edited text gives), in push mode and in pull mode (`textDocument/diagnostic`
with `workspace/diagnostic/refresh`, as VS Code does). `--anchors` runs ty, ruff and pyright's
servers on the same copy in the same run, timing the same toggle of the handler's line until their
next diagnostics for that file (they check other things, so only the time is compared).
The real copy gets `jedi-budget = 0` (jedi's answers arrive in idle time and would move the target).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable

from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_project import generate

SERVER = [sys.executable, "-m", "offpath.server"]
TIMEOUT = float(os.environ.get("OFFPATH_BENCH_TIMEOUT", "600"))


class Client(LanguageClient):
    """A pygls client that records diagnostics and progress, and lets a coroutine wait on them."""

    def __init__(self) -> None:
        super().__init__("offpath-bench", "1")
        self.diagnostics: dict[str, tuple[float, list]] = {}
        self.progress_done = asyncio.Event()
        self.published = asyncio.Event()
        self.refreshed = asyncio.Event()

        @self.feature(types.WORKSPACE_DIAGNOSTIC_REFRESH)
        def refresh(ls: Client, params) -> None:
            ls.refreshed.set()
            return None

        @self.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def publish(ls: Client, params: types.PublishDiagnosticsParams) -> None:
            ls.diagnostics[params.uri] = (time.perf_counter(), list(params.diagnostics))
            ls.published.set()

        @self.feature(types.WINDOW_WORK_DONE_PROGRESS_CREATE)
        def create(ls: Client, params) -> None:
            return None

        @self.feature(types.PROGRESS)
        def progress(ls: Client, params: types.ProgressParams) -> None:
            value = params.value
            kind = value.get("kind") if isinstance(value, dict) else getattr(value, "kind", None)
            if kind == "end":
                ls.progress_done.set()

        @self.feature(types.WINDOW_LOG_MESSAGE)
        def log_message(ls: Client, params: types.LogMessageParams) -> None:
            if params.type == types.MessageType.Error:
                print(params.message, file=sys.stderr)

        @self.feature(types.CLIENT_REGISTER_CAPABILITY)
        def register(ls: Client, params) -> None:
            return None

    async def until(self, ready: Callable[[], bool]) -> None:
        """Wait for publishes until `ready()` holds."""
        while not ready():
            self.published.clear()
            if ready():
                return
            await asyncio.wait_for(self.published.wait(), TIMEOUT)


def capabilities(pull: bool = False) -> types.ClientCapabilities:
    """Push only, or pull with refresh support as VS Code declares it."""
    return types.ClientCapabilities(
        window=types.WindowClientCapabilities(work_done_progress=True),
        workspace=types.WorkspaceClientCapabilities(
            did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=True),
            diagnostics=types.DiagnosticWorkspaceClientCapabilities(refresh_support=True) if pull else None),
        text_document=types.TextDocumentClientCapabilities(
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(related_information=True),
            diagnostic=types.DiagnosticClientCapabilities(related_document_support=False) if pull else None),
    )


async def start(root: str, cache: str, pull: bool = False, command: list[str] | None = None,
                wait_progress: bool = True) -> tuple[Client, float]:
    """Start a server on `root`; returns the client and the seconds until indexing ended."""
    client = Client()
    await client.start_io(*(command or SERVER))
    started = time.perf_counter()
    result = await client.initialize_async(types.InitializeParams(
        capabilities=capabilities(pull), root_uri=from_fs_path(root),
        workspace_folders=[types.WorkspaceFolder(uri=from_fs_path(root), name="bench")],
        initialization_options={"cacheDir": cache} if command is None else None))
    client.server_pulls = bool(pull and result.capabilities.diagnostic_provider)
    client.initialized(types.InitializedParams())
    if wait_progress:
        await asyncio.wait_for(client.progress_done.wait(), TIMEOUT)
    return client, time.perf_counter() - started


async def stop(client: Client) -> int:
    """Shut the server down; returns its peak RSS in KiB (VmHWM)."""
    peak = 0
    pid = client._server.pid if client._server else None
    if pid:
        try:
            with open(f"/proc/{pid}/status", encoding="ascii") as handle:
                for line in handle:
                    if line.startswith("VmHWM:"):
                        peak = int(line.split()[1])
        except OSError:
            pass
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return peak


def change(client: Client, uri: str, version: int, line: int, end_line: int, text: str) -> None:
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangePartial(
            range=types.Range(start=types.Position(line=line, character=0),
                              end=types.Position(line=end_line, character=0)), text=text)]))


async def toggle_latencies(client: Client, edited: str, watched: str, line: int, text: str, count: int,
                           base: int) -> list[float]:
    """Alternately insert and delete `text` at `line` of `edited`; time until `watched` shows it."""
    uri, target = from_fs_path(edited), from_fs_path(watched)
    with open(edited, encoding="utf-8") as handle:
        source = handle.read()
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri=uri, language_id="python", version=1, text=source)))
    await client.until(lambda: target in client.diagnostics and len(client.diagnostics[target][1]) == base)
    out = []
    version = 1
    for number in range(count):
        adding = number % 2 == 0
        want = base - 1 if text == "" else (base + 1 if adding else base)
        version += 1
        sent = time.perf_counter()
        if text == "":  # delete the line, then restore it
            original = source.splitlines(keepends=True)[line]
            if adding:
                change(client, uri, version, line, line + 1, "")
            else:
                change(client, uri, version, line, line, original)
                want = base
        elif adding:
            change(client, uri, version, line, line, text)
        else:
            change(client, uri, version, line, line + 1, "")
        await client.until(lambda sent=sent, want=want: target in client.diagnostics
                           and client.diagnostics[target][0] > sent and len(client.diagnostics[target][1]) == want)
        out.append((client.diagnostics[target][0] - sent) * 1000)
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    return out


async def pulled(client: Client, uri: str) -> list:
    report = await asyncio.wait_for(client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
        text_document=types.TextDocumentIdentifier(uri=uri))), TIMEOUT)
    return list(getattr(report, "items", None) or [])


def shown(diagnostics: list) -> set[tuple[str, int]]:
    return {(str(d.code), d.range.start.line) for d in diagnostics}


async def gated_toggles(client: Client, edited: str, watched: str, line: int, states: list[set], count: int,
                        pull: bool) -> list[float]:
    """Delete and restore line `line` (0-based) of `edited` `count` times; each time, the ms from
    `didChange` until `watched`'s diagnostics are `states[1]` (deleted) or `states[0]` (restored).
    Pull mode asks `textDocument/diagnostic` after each change and again on each refresh."""
    uri, target = from_fs_path(edited), from_fs_path(watched)
    with open(edited, encoding="utf-8") as handle:
        source = handle.read()
    original = source.splitlines(keepends=True)[line]
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri=uri, language_id="python", version=1, text=source)))
    if target != uri:
        with open(watched, encoding="utf-8") as handle:
            client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
                uri=target, language_id="python", version=1, text=handle.read())))

    async def reach(want: set, sent: float) -> float:
        if not pull:
            await client.until(lambda: target in client.diagnostics and client.diagnostics[target][0] > sent
                               and shown(client.diagnostics[target][1]) == want)
            return client.diagnostics[target][0]
        while True:
            client.refreshed.clear()
            if shown(await pulled(client, target)) == want:
                return time.perf_counter()
            await asyncio.wait_for(client.refreshed.wait(), TIMEOUT)

    await reach(states[0], 0.0)
    out, version = [], 1
    for number in range(count + 1):
        deleting = number % 2 == 0
        version += 1
        sent = time.perf_counter()
        if deleting:
            change(client, uri, version, line, line + 1, "")
        else:
            change(client, uri, version, line, line, original)
        done = await reach(states[1] if deleting else states[0], sent)
        if number:  # the first toggle warms the server's caches for this file
            out.append((done - sent) * 1000)
    for path in dict.fromkeys([target, uri]):
        client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=path)))
    return out


class RawClient:
    """A minimal JSON-RPC client over stdio for the anchor servers: their newer LSP fields need not
    fit lsprotocol's types. Answers server requests with null, records publishes per uri."""

    def __init__(self, command: list[str]):
        self.command = command
        self.next_id = 0
        self.waiting: dict[int, asyncio.Future] = {}
        self.published: dict[str, float] = {}
        self.publish = asyncio.Event()

    async def start(self, root: str) -> dict:
        self.process = await asyncio.create_subprocess_exec(
            *self.command, cwd=root, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL)
        self.reader = asyncio.ensure_future(self._read())
        caps = {"textDocument": {"diagnostic": {"dynamicRegistration": False},
                                 "publishDiagnostics": {"relatedInformation": True},
                                 "synchronization": {"didSave": True}},
                "workspace": {"diagnostics": {"refreshSupport": True}, "configuration": True,
                              "workspaceFolders": True}}
        uri = from_fs_path(root)
        result = await self.request("initialize", {"processId": os.getpid(), "rootUri": uri, "capabilities": caps,
                                                   "workspaceFolders": [{"uri": uri, "name": "bench"}]})
        self.notify("initialized", {})
        return result

    def _send(self, message: dict) -> None:
        body = json.dumps(message).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def notify(self, method: str, params) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    async def request(self, method: str, params):
        self.next_id += 1
        future = asyncio.get_running_loop().create_future()
        self.waiting[self.next_id] = future
        self._send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return await asyncio.wait_for(future, TIMEOUT)

    async def _read(self) -> None:
        stream = self.process.stdout
        while True:
            length = 0
            while True:
                line = await stream.readline()
                if not line:
                    return
                if not line.strip():
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            message = json.loads(await stream.readexactly(length))
            if "method" in message and "id" in message:  # a request from the server
                result = [None] * len(message.get("params", {}).get("items", [])) \
                    if message["method"] == "workspace/configuration" else None
                self._send({"jsonrpc": "2.0", "id": message["id"], "result": result})
            elif "method" in message:
                if message["method"] == "textDocument/publishDiagnostics":
                    self.published[message["params"]["uri"]] = time.perf_counter()
                    self.publish.set()
            elif message.get("id") in self.waiting:
                self.waiting.pop(message["id"]).set_result(message.get("result"))

    async def stop(self) -> int:
        peak = 0
        try:
            with open(f"/proc/{self.process.pid}/status", encoding="ascii") as handle:
                peak = next((int(x.split()[1]) for x in handle if x.startswith("VmHWM:")), 0)
        except OSError:
            pass
        try:
            await asyncio.wait_for(self.request("shutdown", None), 10)
            self.notify("exit", None)
            await asyncio.wait_for(self.process.wait(), 10)
        except (asyncio.TimeoutError, ProcessLookupError, ConnectionError):
            self.process.kill()
        self.reader.cancel()
        return peak


async def next_diagnostics(client: RawClient, pulls: bool, edited: str, line: int, count: int) -> list[float]:
    """An anchor server: the ms from `didChange` (deleting/restoring `line`) to its next diagnostics
    of that file (a pull answer when it offers pulls, else the next publish)."""
    uri = from_fs_path(edited)
    with open(edited, encoding="utf-8") as handle:
        source = handle.read()
    original = source.splitlines(keepends=True)[line]
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": source}})

    async def answer(sent: float) -> float:
        if pulls:
            await client.request("textDocument/diagnostic", {"textDocument": {"uri": uri}})
            return time.perf_counter()
        while client.published.get(uri, 0.0) <= sent:
            client.publish.clear()
            await asyncio.wait_for(client.publish.wait(), TIMEOUT)
        return client.published[uri]

    await answer(0.0)
    out, version = [], 1
    for number in range(count + 1):
        version += 1
        sent = time.perf_counter()
        start, end, text = (line, line + 1, "") if number % 2 == 0 else (line, line, original)
        client.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": {"start": {"line": start, "character": 0}, "end": {"line": end, "character": 0}},
                                "text": text}]})
        done = await answer(sent)
        if number:
            out.append((done - sent) * 1000)
    return out


def pick_scenario(root: str) -> dict:
    """In-process, like the server (hops on, no jedi): a handler finding whose chain goes through
    another file, the handler's line that starts it and the service module's sink line, each a
    one-line statement whose deletion changes what the handler shows; the handler's expected
    diagnostics before and after each deletion."""
    import ast

    from offpath.analysis.config import load_config
    from offpath.analysis.project import Project, discover
    from offpath.server.fixes import group_by_site

    config = load_config(root)
    project = Project([root], config, hops=True)
    project.set_refine(False)
    project.load(discover([root], config, root=root))

    def expected(found) -> set[tuple[str, int]]:
        return {(group[0].code, group[0].span.line - 1) for group in group_by_site(found)}

    def deletable(path: str, line: int) -> str | None:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        lines = text.splitlines(keepends=True)
        try:
            tree = ast.parse(text)
            if not any(isinstance(n, ast.stmt) and n.lineno == n.end_lineno == line and not hasattr(n, "body")
                       for n in ast.walk(tree)):
                return None
            edited = "".join(lines[:line - 1] + lines[line:])
            ast.parse(edited)
        except (SyntaxError, ValueError):
            return None
        return edited

    def after(path: str, text: str, handler: str) -> set:
        twin = project.clone()
        twin.update(path, text)
        return expected(twin.findings(handler))

    for handler, found in sorted(project.all_findings().items()):
        base = expected(project.findings(handler))
        for finding in found:
            hops = [loc for loc in finding.chain if loc.path != handler]
            if finding.hop or not hops:
                continue
            service = hops[-1]
            handler_text = deletable(handler, finding.span.line)
            service_text = deletable(service.path, service.span.line)
            if handler_text is None or service_text is None:
                continue
            handler_after = after(handler, handler_text, handler)
            service_after = after(service.path, service_text, handler)
            if handler_after == base or service_after == base:
                continue
            return {"handler": handler, "handler_line": finding.span.line - 1, "handler_states": [base, handler_after],
                    "service": service.path, "service_line": service.span.line - 1,
                    "service_states": [base, service_after], "depth": len(finding.chain)}
    raise SystemExit(f"{root}: no handler finding with a chain through another file")


ANCHORS = {
    "ty": ["ty", "server"],
    "ruff": ["ruff", "server"],
    "pyright": ["pyright-langserver", "--stdio"],
}


def anchor_command(name: str) -> list[str] | None:
    """The anchor's server command: on PATH, or in /tmp/anchors (pip) and /tmp/pyright (npm)."""
    exe, *rest = ANCHORS[name]
    for candidate in (os.path.join("/tmp/anchors/bin", exe), os.path.join("/tmp/pyright/node_modules/.bin", exe)):
        if os.path.exists(candidate):
            return [candidate, *rest]
    found = shutil.which(exe)
    return [found, *rest] if found else None


def _no_jedi(root: str) -> None:
    """`jedi-budget = 0` in the copy's configuration (inside its own [tool.offpath] if it has one)."""
    pyproject = os.path.join(root, "pyproject.toml")
    present = ""
    if os.path.exists(pyproject):
        with open(pyproject, encoding="utf-8") as handle:
            present = handle.read()
    if "[tool.offpath]" not in present:
        present += "\n[tool.offpath]\n"
    if "jedi-budget" not in present:
        present = present.replace("[tool.offpath]", "[tool.offpath]\njedi-budget = 0", 1)
    with open(pyproject, "w", encoding="utf-8") as handle:
        handle.write(present)


async def bench_real(path: str, edits: int, workdir: str, anchors: bool) -> list[dict]:
    root = os.path.join(workdir, os.path.basename(path.rstrip("/")))
    shutil.copytree(path, root, ignore=shutil.ignore_patterns("__pycache__", ".offpath_cache"))
    _no_jedi(root)
    count = sum(1 for _, _, names in os.walk(root) for n in names if n.endswith(".py"))
    scenario = pick_scenario(root)
    print(f"real: {os.path.relpath(scenario['handler'], root)}:{scenario['handler_line'] + 1} -> "
          f"{os.path.relpath(scenario['service'], root)}:{scenario['service_line'] + 1} "
          f"(chain of {scenario['depth']})", file=sys.stderr)
    rows = []
    name = f"{os.path.basename(root)}, {count:,} files"
    for pull in (False, True):
        cache = os.path.join(workdir, f"cache-real-{pull}")
        client, cold = await start(root, cache, pull)
        view = await gated_toggles(client, scenario["handler"], scenario["handler"], scenario["handler_line"],
                                   scenario["handler_states"], edits, pull)
        service = await gated_toggles(client, scenario["service"], scenario["handler"], scenario["service_line"],
                                      scenario["service_states"], edits, pull)
        peak = await stop(client)
        client, warm = await start(root, cache, pull)
        peak = max(peak, await stop(client))
        rows.append({"name": f"{name} ({'pull' if pull else 'push'})", "files": count, "cold": cold, "warm": warm,
                     "view": view, "service": service, "rss": peak})
        print(table(rows[-1:]).splitlines()[-1], file=sys.stderr)
    if anchors:
        for anchor in ANCHORS:
            command = anchor_command(anchor)
            if command is None:
                print(f"{anchor}: not installed, skipped", file=sys.stderr)
                continue
            client = RawClient(command)
            result = await client.start(root)
            pulls = bool((result or {}).get("capabilities", {}).get("diagnosticProvider"))
            view = await next_diagnostics(client, pulls, scenario["handler"], scenario["handler_line"], edits)
            peak = await client.stop()
            rows.append({"name": f"{anchor} (anchor: next {'pulled' if pulls else 'published'} diagnostics)", "files": count, "cold": float("nan"),
                         "warm": float("nan"), "view": view, "service": [], "rss": peak})
            print(table(rows[-1:]).splitlines()[-1], file=sys.stderr)
    return rows


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def bench_generated(files: int, edits: int, workdir: str) -> dict:
    root = os.path.join(workdir, f"gen{files}")
    apps = generate(root, files)
    count = sum(1 for _, _, names in os.walk(root) for n in names if n.endswith(".py"))
    cache = os.path.join(workdir, f"cache{files}")
    client, cold = await start(root, cache)
    app = apps[len(apps) // 2]
    view = os.path.join(root, app, "views.py")
    service = os.path.join(root, app, "services", "orders.py")
    # View: a direct email in `listing` appears and disappears (same file).
    view_lat = await toggle_latencies(
        client, view, view, 19, '    send_mail("s", "b", "f@x.com", ["t@x.com"])\n', edits, 1)
    # Service: removing `notify_customer(...)` clears the view three calls away, restoring it brings it back.
    service_lat = await toggle_latencies(client, service, view, 9, "", edits, 1)
    peak = await stop(client)
    client, warm = await start(root, cache)
    peak = max(peak, await stop(client))
    return {"name": f"generated, {count:,} files", "generated": True, "files": count, "cold": cold, "warm": warm,
            "view": view_lat, "service": service_lat, "rss": peak}


async def bench_tree(path: str, workdir: str) -> dict:
    cache = os.path.join(workdir, "cache-tree")
    client, cold = await start(path, cache)
    peak = await stop(client)
    client, warm = await start(path, cache)
    peak = max(peak, await stop(client))
    count = sum(1 for _, _, names in os.walk(path) for n in names if n.endswith(".py"))
    return {"name": f"{os.path.basename(path.rstrip('/'))}, {count:,} files", "files": count, "cold": cold,
            "warm": warm, "view": [], "service": [], "rss": peak}


def table(rows: list[dict]) -> str:
    head = ("| project | cold index | warm start (cache) | warm/cold | view edit p50 / p95 | "
            "service edit p50 / p95 | peak RSS |\n|---|---|---|---|---|---|---|")
    lines = [head]
    for r in rows:
        def lat(values: list[float]) -> str:
            return f"{pct(values, 0.5):.1f} / {pct(values, 0.95):.1f} ms" if values else "–"
        lines.append(f"| {r['name']} | {r['cold']:.2f} s | {r['warm']:.2f} s | {100 * r['warm'] / r['cold']:.0f} % | "
                     f"{lat(r['view'])} | {lat(r['service'])} | {r['rss'] / 1024:.0f} MiB |")
    return "\n".join(lines)


async def main() -> None:
    parser = argparse.ArgumentParser(description="offpath LSP latency benchmark")
    parser.add_argument("--sizes", type=int, nargs="*", default=[200, 2000])
    parser.add_argument("--edits", type=int, default=40, help="edits per kind (alternating add/remove)")
    parser.add_argument("--tree", action="append", default=[], help="also index a real source tree")
    parser.add_argument("--real", action="append", default=[], help="a real app: gated handler/service toggles, push and pull")
    parser.add_argument("--anchors", action="store_true", help="with --real: also time ty, ruff and pyright's servers")
    parser.add_argument("--keep", action="store_true", help="keep the generated projects")
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="offpath-bench-")
    rows = []
    try:
        for size in args.sizes:
            rows.append(await bench_generated(size, args.edits, workdir))
            print(table(rows[-1:]).splitlines()[-1], file=sys.stderr)
        for tree in args.tree:
            rows.append(await bench_tree(os.path.abspath(tree), workdir))
        for real in args.real:
            rows += await bench_real(os.path.abspath(real), args.edits, workdir, args.anchors)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    print(table(rows))
    generated = [r for r in rows if r.get("generated")]
    if len(generated) >= 2:
        small, large = generated[0], generated[-1]
        p95 = max(pct(large["view"], 0.95), pct(large["service"], 0.95))
        ratio = p95 / max(pct(small["view"], 0.95), pct(small["service"], 0.95))
        print(f"\n{large['files']:,}-file p95 {p95:.1f} ms (target ≤ 50 ms); "
              f"{large['files']:,}/{small['files']:,} p95 ratio {ratio:.2f} (target ≤ 1.5); "
              f"warm/cold {100 * large['warm'] / large['cold']:.0f} % (target ≤ 25 %)")


if __name__ == "__main__":
    asyncio.run(main())
