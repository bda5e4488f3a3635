"""One call reaching two sinks (an SMTP and an HTTP provider behind one dict, three calls deep):
one diagnostic naming both, one set of quick fixes without duplicates, one ignore for both codes,
and a fix that edits other files saying so in its title and asking for confirmation when the
client supports change annotations (VS Code's refactor preview)."""

from __future__ import annotations

import os
import shutil

from helpers import capabilities, diagnostics_until, open_doc, read, uri
from lsprotocol import types
from pygls.uris import from_fs_path
from pytest_lsp import LanguageClient
from test_rewrites_e2e import apply_text_edits, edits_by_path

PROJECT = os.path.join(os.path.dirname(__file__), "..", "fixtures", "projects", "flask_provider_dict")
VIEW = "app/auth/views.py"
FIX_TITLE = ("Move send_email_task(...) to a Celery task (.delay(), adds dependency celery) "
             "(edits app/__init__.py, app/services/accounts.py, app/utils/email/__init__.py, requirements.txt)")


async def _start(client: LanguageClient, tmp_path, annotations: bool) -> str:
    root = str(tmp_path / "project")
    shutil.copytree(PROJECT, root)
    caps = capabilities()
    if annotations:
        caps.workspace.workspace_edit = types.WorkspaceEditClientCapabilities(
            document_changes=True,
            change_annotation_support=types.ChangeAnnotationsSupportOptions(groups_on_label=True))
    await client.initialize_session(types.InitializeParams(
        capabilities=caps, root_uri=from_fs_path(root),
        workspace_folders=[types.WorkspaceFolder(uri=from_fs_path(root), name="project")],
        initialization_options={"cacheDir": str(tmp_path / "cache")}))
    return root


def _primary(diagnostics):
    return [d for d in diagnostics if d.severity == types.DiagnosticSeverity.Warning]


async def _actions(client: LanguageClient, view: str, diagnostic: types.Diagnostic):
    return await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=view), range=diagnostic.range,
        context=types.CodeActionContext(diagnostics=[diagnostic], only=[types.CodeActionKind.QuickFix])))


async def test_one_diagnostic_and_one_set_of_fixes_per_call_site(client: LanguageClient, tmp_path):
    root = await _start(client, tmp_path, annotations=False)
    view = uri(root, VIEW)
    found = await diagnostics_until(client, view, lambda d: len(_primary(d)) == 2)
    assert len(found) == 2 and [d.range.start.line for d in found] == [10, 11]
    first = found[0]
    assert first.code == "OFP101"
    assert first.message == (
        "`request_reset()` sends email via `SMTP` 3 calls deep (~0.5–3 s) while the user waits for "
        "GET, POST /reset_password — move it to a queue "
        "(and 2 more: smtplib.SMTP.sendmail (email), requests.post (http))")
    related = [r.message for r in first.related_information]
    assert "`SmtpProvider.send` calls `smtplib.SMTP` (email, ~0.5–3 s)" in related
    assert "`HttpProvider.send` calls `requests.post` (http, ~0.1–30 s)" in related
    assert "`SmtpProvider.send` calls `smtplib.SMTP.sendmail` (email, ~0.5–3 s)" in related
    # the two shared hops once, then each provider's two, and the SMTP provider's second sink
    assert len(related) == len(set(related)) == 7

    open_doc(client, view, read(root, VIEW))
    actions = await _actions(client, view, first)
    titles = [a.title for a in actions]
    assert len(titles) == len(set(titles)), titles
    assert titles[0] == FIX_TITLE and actions[0].is_preferred
    assert titles[-1] == "Ignore OFP101, OFP102 on this line"
    assert [a.is_preferred for a in actions].count(True) == 1
    edits = [tuple(sorted((u, e.range.start.line, e.new_text) for u, es in a.edit.changes.items() for e in es))
             for a in actions]
    assert len(edits) == len(set(edits))
    (ignore,) = actions[-1].edit.changes[view]
    assert ignore.new_text.endswith("  # OFP101 OFP102  # offpath: ignore[OFP101, OFP102]")
    # A client without change annotations gets plain edits (the title names the files).
    assert actions[0].edit.document_changes is None and actions[0].edit.change_annotations is None
    assert sorted(os.path.relpath(p, root) for p in edits_by_path(actions[0].edit)) == [
        "app/__init__.py", "app/services/accounts.py", "app/utils/email/__init__.py", "requirements.txt"]
    # Asking again (VS Code asks on every cursor move) answers the same, from the cache.
    assert [a.title for a in await _actions(client, view, first)] == titles


async def test_a_multi_file_fix_asks_for_confirmation_and_clears_the_site(client: LanguageClient, tmp_path):
    root = await _start(client, tmp_path, annotations=True)
    view = uri(root, VIEW)
    found = await diagnostics_until(client, view, lambda d: len(_primary(d)) == 2)
    open_doc(client, view, read(root, VIEW))
    actions = await _actions(client, view, found[0])
    fix = actions[0]
    assert fix.title == FIX_TITLE
    assert fix.edit.changes is None
    (annotation,) = fix.edit.change_annotations.values()
    assert annotation.needs_confirmation is True
    assert annotation.label == ("Also edits app/__init__.py, app/services/accounts.py, app/utils/email/__init__.py, "
                                "requirements.txt")
    for change in fix.edit.document_changes:
        assert all(isinstance(e, types.AnnotatedTextEdit) for e in change.edits)
    # The ignore comment edits the open file only: nothing to confirm.
    assert actions[-1].edit.changes is not None and actions[-1].edit.document_changes is None
    # Apply it as the client would: both files change, the call site's diagnostic goes.
    for path, edits in edits_by_path(fix.edit).items():
        rel = os.path.relpath(path, root)
        text = apply_text_edits(read(root, rel), edits)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        open_doc(client, uri(root, rel), text)
    after = await diagnostics_until(client, view, lambda d: len(_primary(d)) == 1)
    assert [d.range.start.line for d in after] == [11]
