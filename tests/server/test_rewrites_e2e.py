"""Every golden rewrite (tests/fixtures/fixes/<backend>/<scenario>) applied through the real server:
textDocument/codeAction on the marked diagnostic, the preferred action for the project's queue
(`queue` setting = the backend), its WorkspaceEdit applied, every file equal to after/, every file
parsing, and the diagnostic gone once the client re-opens the edited files. Plus the handler-wide
source action, resolved lazily through codeAction/resolve."""

from __future__ import annotations

import ast
import os
import shutil

import pytest
from helpers import diagnostics_until, open_doc, start, uri
from lsprotocol import types
from pygls.uris import to_fs_path
from pytest_lsp import LanguageClient
from test_rewrites import FIXES, _cases, _markers, _tree


def _offset(text: str, position: types.Position) -> int:
    """Offset of an LSP (UTF-16) position in `text`; lines end at \\n, \\r\\n or \\r."""
    lines = text.splitlines(keepends=True) or [""]
    if position.line >= len(lines):
        return len(text)
    start = sum(len(line) for line in lines[: position.line])
    units = 0
    for index, char in enumerate(lines[position.line]):
        if units >= position.character or char in "\r\n":
            return start + index
        units += 2 if ord(char) > 0xFFFF else 1
    return start + len(lines[position.line])


def apply_text_edits(text: str, edits: list[types.TextEdit]) -> str:
    # Inserts at one position keep their array order (LSP): apply later ones first.
    spans = sorted(((_offset(text, e.range.start), _offset(text, e.range.end), n, e.new_text)
                    for n, e in enumerate(edits)), reverse=True)
    for begin, end, _, new in spans:
        text = text[:begin] + new + text[end:]
    return text


def edits_by_path(edit: types.WorkspaceEdit) -> dict[str, list[types.TextEdit]]:
    out: dict[str, list[types.TextEdit]] = {}
    for doc_uri, edits in (edit.changes or {}).items():
        out.setdefault(to_fs_path(doc_uri), []).extend(edits)
    for change in edit.document_changes or ():
        if isinstance(change, types.TextDocumentEdit):
            out.setdefault(to_fs_path(change.text_document.uri), []).extend(change.edits)
    return out


def primary(diagnostics: list[types.Diagnostic], code: str) -> list[types.Diagnostic]:
    return [d for d in diagnostics if d.code == code and d.severity != types.DiagnosticSeverity.Information]


@pytest.mark.parametrize("case", _cases())
async def test_golden_fix_through_the_server(client: LanguageClient, tmp_path, case: str) -> None:
    backend = case.split("/")[0]
    base = os.path.join(FIXES, case)
    root = str(tmp_path / "project")
    shutil.copytree(os.path.join(base, "before"), root)
    before = _tree(root)
    ((rel, line, code),) = _markers(before)
    await start(client, root, tmp_path, options={"queue": backend})
    target = uri(root, rel)
    found = await diagnostics_until(client, target, lambda d: any(x.range.start.line == line - 1 for x in primary(d, code)))
    diagnostic = next(x for x in primary(found, code) if x.range.start.line == line - 1)
    open_doc(client, target, before[rel])
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=target), range=diagnostic.range,
        context=types.CodeActionContext(diagnostics=[diagnostic], only=[types.CodeActionKind.QuickFix])))
    preferred = [a for a in actions or () if a.is_preferred]
    assert len(preferred) == 1, [a.title for a in actions or ()]
    result = dict(before)
    for path, edits in edits_by_path(preferred[0].edit).items():
        name = os.path.relpath(path, root).replace(os.sep, "/")
        result[name] = apply_text_edits(before[name], edits)
        ast.parse(result[name], filename=name)
    assert result == _tree(os.path.join(base, "after"))
    # The client saves the edited files; the finding is gone and nothing new appears.
    for name, text in result.items():
        if text != before[name]:
            with open(os.path.join(root, name), "w", encoding="utf-8") as handle:
                handle.write(text)
            if name == rel:
                client.text_document_did_change(types.DidChangeTextDocumentParams(
                    text_document=types.VersionedTextDocumentIdentifier(uri=target, version=2),
                    content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))
            else:
                open_doc(client, uri(root, name), text)
    await diagnostics_until(client, target, lambda d: len(primary(d, code)) == len(primary(found, code)) - 1)


async def test_move_all_side_effects_source_action_resolves_lazily(client: LanguageClient, tmp_path) -> None:
    root = str(tmp_path / "project")
    shutil.copytree(os.path.join(FIXES, "celery", "other_module", "before"), root)
    views = os.path.join(root, "shop", "views.py")
    with open(views, encoding="utf-8") as handle:
        text = handle.read()
    await start(client, root, tmp_path)
    target = uri(root, "shop/views.py")
    await diagnostics_until(client, target, lambda d: bool(d))
    open_doc(client, target, text)
    number = next(i for i, line in enumerate(text.splitlines()) if line.startswith("def checkout"))
    position = types.Position(line=number + 1, character=4)
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=target), range=types.Range(start=position, end=position),
        context=types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.Source])))
    (action,) = actions
    assert action.title == "Move all side effects of checkout to the queue"
    assert action.edit is None  # computed only on resolve
    resolved = await client.code_action_resolve_async(action)
    assert resolved.edit is not None and resolved.disabled is None
    for path, edits in edits_by_path(resolved.edit).items():
        with open(path, encoding="utf-8") as handle:
            ast.parse(apply_text_edits(handle.read(), edits))


async def test_fan_out_source_action_publishes_one_event(client: LanguageClient, tmp_path) -> None:
    """"Publish one order_placed event for these side effects" on the handler (kind
    source.offpath.fanOut), resolved lazily: its edit gives exactly the golden after/ tree."""
    from test_rewrites import FAN_OUT

    base = os.path.join(FAN_OUT, "celery", "order_created")
    root = str(tmp_path / "project")
    shutil.copytree(os.path.join(base, "before"), root)
    before = _tree(root)
    await start(client, root, tmp_path, options={"queue": "celery"})
    target = uri(root, "shop/views.py")
    await diagnostics_until(client, target, lambda d: len(primary(d, "OFP102")) == 2)
    text = before["shop/views.py"]
    open_doc(client, target, text)
    number = next(i for i, line in enumerate(text.splitlines()) if line.startswith("def place_order"))
    position = types.Position(line=number + 1, character=4)
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=target), range=types.Range(start=position, end=position),
        context=types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.Source])))
    by_kind = {a.kind: a for a in actions}
    assert set(by_kind) == {"source.offpath.moveAll", "source.offpath.fanOut"}
    action = by_kind["source.offpath.fanOut"]
    assert action.title == "Publish one order_placed event for these side effects"
    assert action.edit is None  # computed only on resolve
    resolved = await client.code_action_resolve_async(action)
    assert resolved.edit is not None and resolved.disabled is None
    result = dict(before)
    for path, edits in edits_by_path(resolved.edit).items():
        name = os.path.relpath(path, root).replace(os.sep, "/")
        result[name] = apply_text_edits(before[name], edits)
    assert result == _tree(os.path.join(base, "after"))
