"""End to end over stdio: progress, hover, code lens, critical paths, config, watched files, code actions."""

from __future__ import annotations

import os

from helpers import (
    codes,
    copy_project,
    diagnostics_until,
    open_doc,
    raw_request,
    read,
    replace_all,
    start,
    uri,
    utf16,
    wait_for,
)
from lsprotocol import types
from pytest_lsp import LanguageClient

VIEW = "shop/views.py"
CONTACT = "shop/contact.py"


def progress_values(client: LanguageClient) -> list:
    return [v for values in client.progress_reports.values() for v in values]


async def indexed(client: LanguageClient) -> None:
    await wait_for(client, "$/progress", lambda: any(isinstance(v, types.WorkDoneProgressEnd)
                                                     for v in progress_values(client)))


async def test_progress_is_reported(client: LanguageClient, tmp_path):
    root = copy_project(tmp_path)
    await start(client, root, tmp_path)
    await indexed(client)
    values = progress_values(client)
    assert isinstance(values[0], types.WorkDoneProgressBegin) and values[0].title == "offpath"
    reports = [v.message for v in values if isinstance(v, types.WorkDoneProgressReport)]
    assert "Indexing 10/10 files" in reports  # legacy/ is excluded by [tool.offpath]
    assert isinstance(values[-1], types.WorkDoneProgressEnd)


async def test_hover_code_lens_and_critical_paths(client: LanguageClient, tmp_path):
    root = copy_project(tmp_path)
    await start(client, root, tmp_path)
    view = uri(root, VIEW)
    await diagnostics_until(client, view, lambda d: codes(d) == ["OFP101"])
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=view), position=types.Position(line=6, character=6)))
    text = hover.contents.value
    assert "`checkout`" in text and "/checkout/" in text
    assert "| 1 | email | `django.core.mail.send_mail` | 3 calls deep | 0.5–3 s |" in text
    assert "Total: ~1.5 s" in text
    assert hover.range.start.line == 6
    nothing = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=view), position=types.Position(line=7, character=6)))
    assert nothing is None
    lenses = await client.text_document_code_lens_async(types.CodeLensParams(
        text_document=types.TextDocumentIdentifier(uri=view)))
    assert [(lens.range.start.line, lens.command.title) for lens in lenses] == [
        (6, "1 side effect on the request path · ~1.5 s")]
    paths = await client.protocol.send_request_async("offpath/criticalPaths", {"uri": view})
    assert len(paths) == 2
    checkout = next(p for p in paths if p["name"] == "shop.views.checkout")
    assert checkout["route"] == "/shop/checkout/" and checkout["framework"] == "django" and checkout["line"] == 6
    assert checkout["sideEffects"] == [{"category": "email", "api": "django.core.mail.send_mail", "depth": 3,
                                        "cost": "0.5–3 s", "code": "OFP101"}]
    everything = await client.protocol.send_request_async("offpath/criticalPaths", {})
    assert {p["name"] for p in everything} >= {"shop.views.checkout", "shop.contact.contact", "shop.contact.feedback"}


async def test_code_lens_off_via_initialization_options(client: LanguageClient, tmp_path):
    root = copy_project(tmp_path)
    await start(client, root, tmp_path, options={"codeLens": False, "severity": {"email": "error"}})
    view = uri(root, VIEW)
    found = await diagnostics_until(client, view, lambda d: codes(d) == ["OFP101"])
    assert found[0].severity == types.DiagnosticSeverity.Error
    lenses = await client.text_document_code_lens_async(types.CodeLensParams(
        text_document=types.TextDocumentIdentifier(uri=view)))
    assert not lenses


async def test_configuration_change_takes_effect(client: LanguageClient, tmp_path):
    root = copy_project(tmp_path)
    await start(client, root, tmp_path)
    view = uri(root, VIEW)
    await diagnostics_until(client, view, lambda d: codes(d) == ["OFP101"])
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"offpath": {"severity": {"OFP101": "hint"}}}))
    await diagnostics_until(client, view, lambda d: [x.severity for x in d] == [types.DiagnosticSeverity.Hint])
    # pyproject.toml edited on disk: `ignore` drops the rule everywhere.
    pyproject = os.path.join(root, "pyproject.toml")
    with open(pyproject, "a", encoding="utf-8") as handle:
        handle.write('ignore = ["OFP101"]\n')
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=uri(root, "pyproject.toml"), type=types.FileChangeType.Changed)]))
    contact = uri(root, CONTACT)
    await wait_for(client, types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS,
                   lambda: not client.diagnostics[view] and not client.diagnostics.get(contact, [1]))


async def test_file_created_on_disk_is_picked_up(client: LanguageClient, tmp_path):
    root = copy_project(tmp_path)
    await start(client, root, tmp_path)
    view = uri(root, VIEW)
    await diagnostics_until(client, view, lambda d: codes(d) == ["OFP101"])
    assert any(r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES for r in client.registrations)
    # A new module, and the view now calls it: the view's diagnostics change only if both are seen.
    with open(os.path.join(root, "shop/services/pdf.py"), "w", encoding="utf-8") as handle:
        handle.write("import weasyprint\n\n\ndef render(html):\n    return weasyprint.HTML(string=html).write_pdf()\n")
    text = read(root, VIEW)
    new = text.replace("from shop.services.orders import place_order\n",
                       "from shop.services.orders import place_order\nfrom shop.services.pdf import render\n")
    new = new.replace('    return JsonResponse({"status": "ok"})', '    render("<p>ok</p>")\n    return JsonResponse({})')
    with open(os.path.join(root, VIEW), "w", encoding="utf-8") as handle:
        handle.write(new)
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=uri(root, "shop/services/pdf.py"), type=types.FileChangeType.Created),
        types.FileEvent(uri=view, type=types.FileChangeType.Changed)]))
    found = await diagnostics_until(client, view, lambda d: codes(d) == ["OFP101", "OFP103"])
    assert "weasyprint" in found[1].message or "pdf" in found[1].message.lower()
    os.unlink(os.path.join(root, "shop/services/pdf.py"))
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=uri(root, "shop/services/pdf.py"), type=types.FileChangeType.Deleted)]))
    await diagnostics_until(client, view, lambda d: codes(d) == ["OFP101"])


async def test_non_ascii_ranges_are_utf16(client: LanguageClient, tmp_path):
    root = copy_project(tmp_path)
    await start(client, root, tmp_path)
    contact = uri(root, CONTACT)
    found = await diagnostics_until(client, contact, lambda d: len(d) == 2)
    lines = read(root, CONTACT).split("\n")
    for diagnostic, number in zip(found, (6, 11)):
        line = lines[number]
        first, last = line.index("send_mail"), line.index('"])') + 3
        assert diagnostic.range == types.Range(start=types.Position(line=number, character=utf16(line[:first])),
                                               end=types.Position(line=number, character=utf16(line[:last])))
    assert found[0].range.start.character == 14  # `    名前 = "é"; `: 14 code points, all in the BMP
    assert found[1].range.start.character == 17  # `    face = "😀"; `: 16 code points, the emoji is 2 units


async def test_ignore_code_action_produces_the_exact_line(client: LanguageClient, tmp_path):
    root = copy_project(tmp_path)
    await start(client, root, tmp_path)
    contact = uri(root, CONTACT)
    found = await diagnostics_until(client, contact, lambda d: len(d) == 2)
    text = read(root, CONTACT)
    open_doc(client, contact, text)
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=contact), range=found[1].range,
        context=types.CodeActionContext(diagnostics=[found[1]])))
    ignore = next(a for a in actions if "Ignore" in a.title)
    assert ignore.kind == types.CodeActionKind.QuickFix
    (edit,) = ignore.edit.changes[contact]
    line = text.split("\n")[11]
    assert edit.range == types.Range(start=types.Position(line=11, character=0),
                                     end=types.Position(line=11, character=utf16(line)))
    assert edit.new_text == ('    face = "😀"; send_mail("Feedback 😀", face, "a@example.com", ["b@example.com"])'
                             '  # 😀  # offpath: ignore[OFP101]')
    # Applying it clears that diagnostic only.
    new = text.replace(line, edit.new_text)
    replace_all(client, contact, text, new, 2)
    await diagnostics_until(client, contact, lambda d: [x.range.start.line for x in d] == [6])


async def test_code_action_tolerates_neovim_07_diagnostics(client: LanguageClient, tmp_path):
    root = copy_project(tmp_path)
    await start(client, root, tmp_path)
    view = uri(root, VIEW)
    await diagnostics_until(client, view, lambda d: codes(d) == ["OFP101"])
    rng = {"start": {"line": 7, "character": 20}, "end": {"line": 7, "character": 20}}
    actions = await raw_request(client, types.TEXT_DOCUMENT_CODE_ACTION, {
        "textDocument": {"uri": view}, "range": rng,
        "context": {"diagnostics": [{"code": "OFP101", "source": "offpath"}]}})
    titles = [a["title"] for a in actions]
    assert titles[-1] == "Ignore OFP101 on this line"
    queue = [a for a in actions if a["title"] != titles[-1]]
    # Queue rewrites come first; the first is the preferred one.
    assert all(a["kind"] == "quickfix" for a in actions)
    assert not queue or (queue[0].get("isPreferred") and not any(a.get("isPreferred") for a in queue[1:]))


async def test_unknown_documents_and_close_revert(client: LanguageClient, tmp_path):
    root = copy_project(tmp_path)
    await start(client, root, tmp_path)
    view = uri(root, VIEW)
    await diagnostics_until(client, view, lambda d: codes(d) == ["OFP101"])
    ghost = uri(root, "shop/ghost.py")
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=ghost), position=types.Position(line=3, character=0)))
    assert hover is None
    lenses = await client.text_document_code_lens_async(types.CodeLensParams(
        text_document=types.TextDocumentIdentifier(uri=ghost)))
    assert not lenses
    report = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
        text_document=types.TextDocumentIdentifier(uri="untitled:Untitled-1")))
    assert not report.items
    # Unsaved edits that remove the call clear the view; closing without saving brings it back.
    text = read(root, VIEW)
    open_doc(client, view, text)
    replace_all(client, view, text, text.replace('request.POST["email"], request.POST["sku"]', "").replace(
        "place_order(", "len("), 2)
    await diagnostics_until(client, view, lambda d: d == [])
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=view)))
    await diagnostics_until(client, view, lambda d: codes(d) == ["OFP101"])
