"""Shared helpers for the language-server tests: a temp project, capabilities, waiting without sleeps."""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
from collections.abc import Callable

from lsprotocol import types
from pygls.uris import from_fs_path
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import make_test_lsp_client

DATA = os.path.join(os.path.dirname(__file__), "data")
TIMEOUT = 30.0
SERVER_COMMAND = [sys.executable, "-m", "offpath.server"]


def make_client() -> LanguageClient:
    """pytest-lsp's client, plus an answer to `client/registerCapability` (file watchers)."""
    client = make_test_lsp_client()
    client.registrations = []

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(ls: LanguageClient, params: types.RegistrationParams) -> None:
        ls.registrations.extend(params.registrations)

    return client


CONFIG = ClientServerConfig(server_command=SERVER_COMMAND, client_factory=make_client)


def copy_project(tmp_path, name: str = "shopsite") -> str:
    root = tmp_path / name
    shutil.copytree(os.path.join(DATA, name), root)
    return str(root)


def uri(root: str, rel: str) -> str:
    return from_fs_path(os.path.join(root, rel))


def read(root: str, rel: str) -> str:
    with open(os.path.join(root, rel), encoding="utf-8") as handle:
        return handle.read()


def capabilities(pull: bool = False) -> types.ClientCapabilities:
    text = types.TextDocumentClientCapabilities(
        synchronization=types.TextDocumentSyncClientCapabilities(did_save=True),
        hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
        code_action=types.CodeActionClientCapabilities(),
        publish_diagnostics=types.PublishDiagnosticsClientCapabilities(related_information=True),
        diagnostic=types.DiagnosticClientCapabilities(related_document_support=True) if pull else None,
    )
    workspace = types.WorkspaceClientCapabilities(
        did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=True),
        diagnostics=types.DiagnosticWorkspaceClientCapabilities(refresh_support=True) if pull else None,
        configuration=True,
        workspace_folders=True,
    )
    return types.ClientCapabilities(
        text_document=text, workspace=workspace,
        window=types.WindowClientCapabilities(work_done_progress=True),
        general=types.GeneralClientCapabilities(position_encodings=[types.PositionEncodingKind.Utf16]),
    )


async def start(client: LanguageClient, root: str, tmp_path, pull: bool = False, options: dict | None = None,
                folders: list[str] | None = None) -> types.InitializeResult:
    opts = {"cacheDir": str(tmp_path / "cache")}
    opts.update(options or {})
    folders = folders or [root]
    return await client.initialize_session(types.InitializeParams(
        capabilities=capabilities(pull),
        root_uri=from_fs_path(folders[0]),
        workspace_folders=[types.WorkspaceFolder(uri=from_fs_path(f), name=os.path.basename(f)) for f in folders],
        initialization_options=opts,
    ))


async def wait_for(client: LanguageClient, method: str, ready: Callable[[], bool], timeout: float = TIMEOUT) -> None:
    """Wait (no sleeps) until `ready()` holds, re-checking after every `method` notification."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not ready():
        remaining = deadline - loop.time()
        if remaining <= 0:
            raise TimeoutError(f"timed out waiting for {method}")
        future = client.protocol.wait_for_notification_async(method)
        try:
            await asyncio.wait_for(future, remaining)
        except asyncio.TimeoutError:
            raise TimeoutError(f"timed out waiting for {method}") from None


async def diagnostics_until(client: LanguageClient, doc_uri: str, ready: Callable[[list], bool],
                            timeout: float = TIMEOUT) -> list[types.Diagnostic]:
    def check() -> bool:
        return doc_uri in client.diagnostics and ready(list(client.diagnostics[doc_uri]))

    await wait_for(client, types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, check, timeout)
    return list(client.diagnostics[doc_uri])


def codes(diagnostics) -> list[str]:
    return sorted(str(d.code) for d in diagnostics)


def open_doc(client: LanguageClient, doc_uri: str, text: str, version: int = 1) -> None:
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=doc_uri, language_id="python", version=version, text=text)))


def replace_all(client: LanguageClient, doc_uri: str, old: str, new: str, version: int) -> None:
    """An incremental change replacing the whole of `old` (as the editor holds it) with `new`."""
    lines = old.split("\n")
    end = types.Position(line=len(lines) - 1, character=len(lines[-1].encode("utf-16-le")) // 2)
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=doc_uri, version=version),
        content_changes=[types.TextDocumentContentChangePartial(
            range=types.Range(start=types.Position(line=0, character=0), end=end), text=new)]))


def insert_text(client: LanguageClient, doc_uri: str, line: int, character: int, text: str, version: int) -> None:
    pos = types.Position(line=line, character=character)
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=doc_uri, version=version),
        content_changes=[types.TextDocumentContentChangePartial(range=types.Range(start=pos, end=pos), text=text)]))


async def raw_request(client: LanguageClient, method: str, params: dict):
    """Send params exactly as given (no client-side typing): how a lax editor would send them."""
    from concurrent.futures import Future

    from pygls.protocol.json_rpc import JsonRPCRequestMessage

    msg_id = f"raw-{len(client.protocol._request_futures)}-{id(params)}"
    future: Future = Future()
    client.protocol._request_futures[msg_id] = future
    client.protocol._result_types[msg_id] = None
    client.protocol._send_data(JsonRPCRequestMessage(id=msg_id, method=method, jsonrpc="2.0", params=params))
    return await asyncio.wait_for(asyncio.wrap_future(future), TIMEOUT)


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2
