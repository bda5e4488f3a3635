"""The offpath language server: a pygls LanguageServer whose handlers hand work to the Session.

Each handler is a few lines; analysis runs on the session's worker thread, conversions live in
`convert.py`. Every handler is guarded: an exception is logged with `window/logMessage` and the
client gets an empty answer, never a dead server.
"""

from __future__ import annotations

import functools
import inspect
import os
import traceback
from collections.abc import Callable

from lsprotocol import types
from offpath.analysis import __version__
from offpath.analysis.model import Applicability
from offpath.analysis.project import read_source
from offpath.analysis.rewrites.api import fan_out_title, move_all_title
from pygls.exceptions import JsonRpcException, JsonRpcInvalidRequest
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.json_rpc import RPCRequest
from pygls.protocol.language_server import lsp_method

from . import convert
from .fixes import edit_key, group_by_site, site_key, titled
from .session import DISK, REMOVE, TEXT, Session, overlapping


class OffpathProtocol(LanguageServerProtocol):
    """Tolerates code-action requests whose diagnostics lack `range`/`message` (Neovim 0.7), and
    answers every request: pygls drops requests with malformed params and requests after
    `shutdown` without a response, which leaves the client waiting forever."""

    def structure_message(self, data: dict):
        if data.get("method") == types.TEXT_DOCUMENT_CODE_ACTION and isinstance(data.get("params"), dict):
            params = data["params"]
            context = params.get("context")
            if isinstance(context, dict) and isinstance(context.get("diagnostics"), list):
                fixed = []
                for diagnostic in context["diagnostics"]:
                    if isinstance(diagnostic, dict):
                        diagnostic.setdefault("range", params.get("range"))
                        diagnostic.setdefault("message", "")
                        fixed.append(diagnostic)
                context["diagnostics"] = fixed
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            if "method" in data and isinstance(data.get("id"), (int, str)):
                self._send_response(data["id"], None, error.to_response_error())  # InvalidParams
            raise

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: types.DidChangeTextDocumentParams):
        """Only our handler applies changes (`convert.apply_change`): pygls's documents clamp an
        out-of-range position by editing `params` in place, so handlers saw a different edit."""
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)) is not None:
            yield handler, (params,), None

    def _handle_notification(self, method_name: str, params) -> None:
        known = len(self._request_futures)
        super()._handle_notification(method_name, params)
        # pygls files the future of a notification handled by a generator (didOpen, didChange, ...)
        # under a random id and never removes it: about 1 KB per keystroke, for the whole session.
        for key in list(self._request_futures)[known:]:
            future = self._request_futures[key]
            if future.done():
                del self._request_futures[key]
            else:
                future.add_done_callback(lambda _, key=key: self._request_futures.pop(key, None))

    def _handle_cancel_notification(self, msg_id) -> None:
        """`$/cancelRequest` for a request already answered is normal traffic (VS Code cancels
        the code actions of a line the cursor left): nothing to do, nothing to log. pygls 2 logs a
        warning for it, which editors show in their output channel."""
        if msg_id in self._request_futures:
            super()._handle_cancel_notification(msg_id)

    def handle_message(self, message) -> None:
        if self._shutdown and isinstance(message, RPCRequest) and message.method != types.EXIT:
            error = JsonRpcInvalidRequest("the server is shutting down")
            self._send_response(message.id, None, error.to_response_error())
            return
        super().handle_message(message)


class OffpathServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("offpath", __version__, protocol_cls=OffpathProtocol,
                         text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.session = Session(self)

    def report_server_error(self, error: Exception, source) -> None:
        self.session.log(f"offpath: internal error: {error!r}", types.MessageType.Error)


SERVER = OffpathServer()


def guarded(default: Callable[[], object] = lambda: None):
    """Log any exception from a handler and answer with `default()` instead."""
    def wrap(fn):
        def report(ls: OffpathServer) -> object:
            ls.session.log(f"offpath: {fn.__name__} failed:\n{traceback.format_exc()}", types.MessageType.Error)
            return default()

        if inspect.iscoroutinefunction(fn):
            @functools.wraps(fn)
            async def run_async(ls: OffpathServer, params):
                try:
                    return await fn(ls, params)
                except Exception:  # noqa: BLE001
                    return report(ls)
            return run_async

        @functools.wraps(fn)
        def run(ls: OffpathServer, params):
            try:
                return fn(ls, params)
            except Exception:  # noqa: BLE001
                return report(ls)
        return run
    return wrap


def _path(uri: str) -> str | None:
    path = convert.path_for(uri)
    return os.path.abspath(path) if path else None


# -- lifecycle ---------------------------------------------------------------------------------
@SERVER.feature(types.INITIALIZE)
@guarded()
def initialize(ls: OffpathServer, params: types.InitializeParams) -> None:
    ls.session.configure(params)


@SERVER.feature(types.INITIALIZED)
@guarded()
async def initialized(ls: OffpathServer, params: types.InitializedParams) -> None:
    ls.session.start()
    await ls.session.begin_indexing()
    await register_watchers(ls)


async def register_watchers(ls: OffpathServer) -> None:
    caps = ls.client_capabilities.workspace
    if not (caps and caps.did_change_watched_files and caps.did_change_watched_files.dynamic_registration):
        return
    watchers = [types.FileSystemWatcher(glob_pattern=p) for p in ("**/*.py", "**/pyproject.toml")]
    try:
        registration = types.Registration(
            id="offpath-watchers", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers))
        await ls.client_register_capability_async(types.RegistrationParams(registrations=[registration]))
    except Exception as exc:  # noqa: BLE001 - without watchers, edits in the editor still work
        ls.session.log(f"offpath: could not register file watchers: {exc!r}", types.MessageType.Warning)


@SERVER.feature(types.SHUTDOWN)
@guarded()
def shutdown(ls: OffpathServer, params: None) -> None:
    ls.session.stop()


# -- documents ---------------------------------------------------------------------------------
@SERVER.feature(types.TEXT_DOCUMENT_DID_OPEN)
@guarded()
def did_open(ls: OffpathServer, params: types.DidOpenTextDocumentParams) -> None:
    path = _path(params.text_document.uri)
    if path:
        ls.session.open[path] = params.text_document.text
        ls.session.schedule(path, TEXT, params.text_document.text, force=True)


@SERVER.feature(types.TEXT_DOCUMENT_DID_CHANGE)
@guarded()
def did_change(ls: OffpathServer, params: types.DidChangeTextDocumentParams) -> None:
    path = _path(params.text_document.uri)
    text = ls.session.open.get(path) if path else None
    if text is None:
        return  # never opened: there is no text to apply the changes to
    for change in params.content_changes:
        text = convert.apply_change(text, change, ls.workspace.position_codec)
    ls.session.open[path] = text
    ls.session.schedule(path, TEXT, text)


@SERVER.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
@guarded()
def did_save(ls: OffpathServer, params: types.DidSaveTextDocumentParams) -> None:
    path = _path(params.text_document.uri)
    if path and os.path.basename(path) == "pyproject.toml":
        reload_config(ls)


@SERVER.feature(types.TEXT_DOCUMENT_DID_CLOSE)
@guarded()
def did_close(ls: OffpathServer, params: types.DidCloseTextDocumentParams) -> None:
    path = _path(params.text_document.uri)
    if path and ls.session.open.pop(path, None) is not None:
        ls.session.schedule(path, DISK)  # unsaved edits are gone: back to what is on disk


# -- workspace ---------------------------------------------------------------------------------
@SERVER.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
@guarded()
def did_change_watched_files(ls: OffpathServer, params: types.DidChangeWatchedFilesParams) -> None:
    session = ls.session
    for change in params.changes:
        path = _path(change.uri)
        if not path:
            continue
        if os.path.basename(path) == "pyproject.toml":
            reload_config(ls)
        elif path.endswith(".py"):
            if path not in session.open:
                session.schedule(path, REMOVE if change.type == types.FileChangeType.Deleted else DISK)
        elif change.type == types.FileChangeType.Deleted:
            session.submit(session.forget_tree_job(path))  # a folder removed by `git checkout`
        elif os.path.isdir(path):
            session.submit(session.add_tree_job(path))


@SERVER.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
@guarded()
def did_change_configuration(ls: OffpathServer, params: types.DidChangeConfigurationParams) -> None:
    if isinstance(params.settings, dict):
        ls.session.settings = params.settings
    reload_config(ls)


@SERVER.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
@guarded()
def did_change_workspace_folders(ls: OffpathServer, params: types.DidChangeWorkspaceFoldersParams) -> None:
    roots = [p for p in (_path(f.uri) for f in ls.workspace.folders.values()) if p]
    ls.session.submit(ls.session.folders_job(roots))


def reload_config(ls: OffpathServer) -> None:
    ls.session.submit(ls.session.config_job(ls.session.read_config()))


# -- diagnostics -------------------------------------------------------------------------------
@SERVER.feature(types.TEXT_DOCUMENT_DIAGNOSTIC, types.DiagnosticOptions(
    identifier="offpath", inter_file_dependencies=True, workspace_diagnostics=True))
@guarded(lambda: types.RelatedFullDocumentDiagnosticReport(items=[]))
async def document_diagnostic(ls: OffpathServer, params: types.DocumentDiagnosticParams):
    path = _path(params.text_document.uri)
    if not path or ls.session.pull_ignored:
        return types.RelatedFullDocumentDiagnosticReport(items=[])
    if not (ls.session.indexing and ls.session.diagnostic_refresh):
        await ls.session.settled()  # other files' pending edits can change this one
    result_id = ls.session.result_ids.get(path)
    if result_id is not None and params.previous_result_id == result_id:
        return types.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
    return types.RelatedFullDocumentDiagnosticReport(items=ls.session.diagnostics(path), result_id=result_id)


@SERVER.feature(types.WORKSPACE_DIAGNOSTIC)
@guarded(lambda: types.WorkspaceDiagnosticReport(items=[]))
async def workspace_diagnostic(ls: OffpathServer, params: types.WorkspaceDiagnosticParams):
    session = ls.session
    if not (session.indexing and session.diagnostic_refresh):
        await session.settled()
    previous = {p.uri: p.value for p in params.previous_result_ids}
    items = []
    for path, result_id in sorted(session.result_ids.items()):
        uri = convert.uri_for(path)
        if previous.get(uri) == result_id:
            items.append(types.WorkspaceUnchangedDocumentDiagnosticReport(uri=uri, result_id=result_id, version=None))
        else:
            items.append(types.WorkspaceFullDocumentDiagnosticReport(
                uri=uri, items=session.diagnostics(path), result_id=result_id, version=None))
    return types.WorkspaceDiagnosticReport(items=items)


# -- code actions, hover, code lens ------------------------------------------------------------
MOVE_ALL_KIND = "source.offpath.moveAll"
FAN_OUT_KIND = "source.offpath.fanOut"


@SERVER.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
    code_action_kinds=[types.CodeActionKind.QuickFix, MOVE_ALL_KIND, FAN_OUT_KIND], resolve_provider=True))
@guarded(list)
async def code_action(ls: OffpathServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    path = _path(params.text_document.uri)
    if not path:
        return []
    kinds = {str(getattr(k, "value", k)) for k in params.context.only or ()}
    # Source actions only when asked for (the "Source Action…" menu), like organize-imports.
    actions = move_all_actions(ls, path, params, kinds) if kinds & {"source", MOVE_ALL_KIND, FAN_OUT_KIND} else []
    if kinds and not any(k.startswith("quickfix") for k in kinds):
        return actions
    findings = pick_findings(ls, path, params)
    if not findings:
        return actions
    sites = group_by_site(findings)
    fixed = cached_fixes(ls, sites)
    if fixed is None:
        fixed = await ls.session.submit(ls.session.fixes_job(path, sites), want_result=True, changes=False)
    codec = ls.workspace.position_codec
    annotate = supports_change_annotations(ls.client_capabilities)
    seen: set[tuple] = set()
    for site, fixes in fixed or ():
        diagnostic = convert.to_lsp_diagnostic(site[0], ls.session.lines_for, codec, site[1:])
        # Never preferred (auto-applied): an ignore comment, or a display-only fix (a job + 202).
        queue = [f for f in fixes if f.backend != "suppress" and f.applicability != Applicability.DISPLAY_ONLY]
        for fix in fixes:
            key = edit_key(fix)
            if key in seen:
                continue  # two sites' fixes may be the same edit (never offer it twice)
            seen.add(key)
            actions.append(convert.to_code_action(
                fix, [diagnostic], ls.session.lines_for, codec, preferred=bool(queue) and fix is queue[0],
                title=titled(fix, site[0].path, ls.session.roots), path=site[0].path, annotate=annotate))
    return actions


def cached_fixes(ls: OffpathServer, sites: list[list]) -> list | None:
    """Every site's fixes from the cache, when nothing waits for the worker (VS Code asks again on
    every cursor move: no need to queue behind a slice of jedi work for an answer we have)."""
    session = ls.session
    if session.has_pending():
        return None
    out = []
    for site in sites:
        fixes = session.fix_cache.get(site, lambda p: session.open[p] if p in session.open else read_source(p))
        if fixes is None:
            return None
        out.append((site, fixes))
    return out


def supports_change_annotations(caps: types.ClientCapabilities | None) -> bool:
    """Whether the client shows annotated `documentChanges` (VS Code's refactor preview)."""
    edit = caps.workspace.workspace_edit if caps and caps.workspace else None
    return bool(edit and edit.document_changes and edit.change_annotation_support is not None)


def move_all_actions(ls: OffpathServer, path: str, params: types.CodeActionParams,
                     kinds: set[str] | None = None) -> list[types.CodeAction]:
    """"Move all side effects of checkout to the queue" for the handler under the cursor, and
    "Publish one order_placed event for these side effects" when it has several; their edits are
    computed lazily in codeAction/resolve."""
    line = params.range.start.line + 1
    kinds = kinds if kinds is not None else {"source"}
    out = []
    for summary in ls.session.entries.get(path, ()):
        entry = summary.entry
        if not summary.effects or not entry.span.line <= line <= entry.span.end_line:
            continue
        if kinds & {"source", MOVE_ALL_KIND}:
            out.append(types.CodeAction(
                title=move_all_title(entry),
                kind=MOVE_ALL_KIND,
                data={"moveAll": entry.name, "selfClass": entry.self_class},
            ))
        if kinds & {"source", FAN_OUT_KIND} and len(summary.effects) >= 2:
            out.append(types.CodeAction(
                title=fan_out_title(entry),
                kind=FAN_OUT_KIND,
                data={"fanOut": entry.name, "selfClass": entry.self_class},
            ))
    return out


@SERVER.feature(types.CODE_ACTION_RESOLVE)
async def code_action_resolve(ls: OffpathServer, action: types.CodeAction) -> types.CodeAction:
    data = action.data if isinstance(action.data, dict) else {}
    if "moveAll" not in data and "fanOut" not in data:
        return action
    try:
        fan_out = "fanOut" in data
        job = ls.session.move_all_job(data["fanOut" if fan_out else "moveAll"], data.get("selfClass", ""), fan_out=fan_out)
        fix = await ls.session.submit(job, want_result=True, changes=False)
    except Exception:  # noqa: BLE001 - never let a handler's error reach the client as a crash
        ls.session.log(f"offpath: codeAction/resolve failed:\n{traceback.format_exc()}", types.MessageType.Error)
        fix = None
    if fix is None:
        action.disabled = types.CodeActionDisabled(reason="no verified rewrite moves these side effects")
        return action
    action.edit = convert.to_workspace_edit(fix, ls.session.lines_for, ls.workspace.position_codec)
    return action


def pick_findings(ls: OffpathServer, path: str, params: types.CodeActionParams) -> list:
    """The published findings the request is about: by `data` when sent back, else by range."""
    published = ls.session.published.get(path, [])
    wanted = {convert.data_span(d.data) for d in params.context.diagnostics if d.source in (None, convert.SOURCE)}
    wanted.discard(None)
    span = convert.from_lsp_range(params.range, ls.session.lines_for(path), ls.workspace.position_codec)
    if wanted:
        # Some clients send more than the range's diagnostics (eglot 1.9 sends the whole buffer's
        # when point starts a symbol): keep those on the requested lines.
        sent = [f for f in published if (f.code, f.span) in wanted]
        chosen = overlapping(sent, span) or sent
    else:
        codes = {d.code for d in params.context.diagnostics if d.code}
        chosen = [f for f in overlapping(published, span) if not codes or f.code in codes]
    # A diagnostic stands for every finding of its call site (one call reaching several sinks).
    sites = {site_key(f) for f in chosen}
    return [f for f in published if site_key(f) in sites]


@SERVER.feature(types.TEXT_DOCUMENT_HOVER)
@guarded()
def hover(ls: OffpathServer, params: types.HoverParams) -> types.Hover | None:
    path = _path(params.text_document.uri)
    lines = ls.session.lines_for(path) if path else []
    line = params.position.line + 1
    for summary in ls.session.entries.get(path, ()):
        if summary.entry.span.line == line:
            rng = convert.def_line_range(summary.entry, lines, ls.workspace.position_codec)
            return convert.to_hover(summary, rng)
    return None


@SERVER.feature(types.TEXT_DOCUMENT_CODE_LENS, types.CodeLensOptions(resolve_provider=False))
@guarded(list)
def code_lens(ls: OffpathServer, params: types.CodeLensParams) -> list[types.CodeLens]:
    path = _path(params.text_document.uri)
    if not path or not ls.session.config.code_lens:
        return []
    lines = ls.session.lines_for(path)
    return [convert.to_code_lens(s, lines, ls.workspace.position_codec)
            for s in ls.session.entries.get(path, ()) if s.effects]


@SERVER.feature("offpath/criticalPaths")
@guarded(list)
def critical_paths(ls: OffpathServer, params) -> list[dict]:
    uri = params.get("uri") if isinstance(params, dict) else getattr(params, "uri", None)
    path = _path(uri) if uri else None
    entries = ls.session.entries
    chosen = entries.get(path, []) if path else [s for group in entries.values() for s in group]
    return [convert.to_critical_path(s) for s in chosen]
