"""End to end over stdio: cross-module diagnostics, incremental edits, push and pull, resilience."""

from __future__ import annotations

from helpers import (
    codes,
    copy_project,
    diagnostics_until,
    insert_text,
    open_doc,
    read,
    replace_all,
    start,
    uri,
    wait_for,
)
from lsprotocol import types
from pytest_lsp import LanguageClient

SERVICE = "shop/services/orders.py"
VIEW = "shop/views.py"
CALL = "    notify_customer(email, order_id)\n"


async def test_cold_diagnostics_for_view_three_calls_deep(client: LanguageClient, tmp_path):
    root = copy_project(tmp_path)
    await start(client, root, tmp_path)
    view = uri(root, VIEW)
    found = await diagnostics_until(client, view, lambda d: len(d) == 1)
    diag = found[0]
    assert diag.code == "OFP101"
    assert diag.source == "offpath"
    assert diag.severity == types.DiagnosticSeverity.Warning
    assert diag.code_description.href == "https://offpath.dev/rules/OFP101"
    assert "3 calls deep" in diag.message and "/checkout/" in diag.message
    assert diag.range == types.Range(start=types.Position(line=7, character=15),
                                     end=types.Position(line=7, character=70))
    hops = [(r.location.uri.rsplit("/", 1)[-1], r.location.range.start.line) for r in diag.related_information]
    assert hops == [("views.py", 7), ("orders.py", 6), ("orders.py", 11), ("mail.py", 5)]
    assert "send_mail" in diag.related_information[-1].message
    assert diag.data["code"] == "OFP101"


async def test_editing_service_clears_and_restores_view(client: LanguageClient, tmp_path):
    root = copy_project(tmp_path)
    await start(client, root, tmp_path)
    view, service = uri(root, VIEW), uri(root, SERVICE)
    await diagnostics_until(client, view, lambda d: codes(d) == ["OFP101"])
    text = read(root, SERVICE)
    open_doc(client, service, text)
    without = text.replace(CALL, "")
    replace_all(client, service, text, without, 2)
    await diagnostics_until(client, view, lambda d: d == [])
    replace_all(client, service, without, text, 3)
    await diagnostics_until(client, view, lambda d: codes(d) == ["OFP101"])


async def test_half_typed_line_keeps_diagnostics(client: LanguageClient, tmp_path):
    root = copy_project(tmp_path)
    await start(client, root, tmp_path)
    view = uri(root, VIEW)
    await diagnostics_until(client, view, lambda d: codes(d) == ["OFP101"])
    text = read(root, VIEW)
    open_doc(client, view, text)
    insert_text(client, view, 7, 0, "    total = (\n", 2)  # half-typed: the file does not parse
    # A pull answers only once every queued edit is analysed and published (no sleeping).
    report = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=view)))
    assert codes(report.items) == ["OFP101"]
    assert codes(client.diagnostics[view]) == ["OFP101"]
    insert_text(client, view, 7, 13, ")", 3)  # `    total = ()` parses again; the call moved down
    found = await diagnostics_until(client, view, lambda d: [x.range.start.line for x in d] == [8])
    assert codes(found) == ["OFP101"]


async def test_pull_diagnostics(client: LanguageClient, tmp_path):
    root = copy_project(tmp_path)
    result = await start(client, root, tmp_path, pull=True)
    provider = result.capabilities.diagnostic_provider
    assert provider.inter_file_dependencies and provider.workspace_diagnostics
    view, service = uri(root, VIEW), uri(root, SERVICE)
    report = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=view)))
    if not report.items:  # pulled while indexing: the server asks for a re-pull when done
        await wait_for(client, "$/progress", lambda: any(
            isinstance(v, types.WorkDoneProgressEnd) for vs in client.progress_reports.values() for v in vs))
        report = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=view)))
    assert codes(report.items) == ["OFP101"]
    unchanged = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
        text_document=types.TextDocumentIdentifier(uri=view), previous_result_id=report.result_id))
    assert unchanged.kind == "unchanged"
    text = read(root, SERVICE)
    open_doc(client, service, text)
    replace_all(client, service, text, text.replace(CALL, ""), 2)
    service_report = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=service)))
    assert not service_report.items
    assert client.diagnostic_refresh_count >= 1  # the view changed: the client was asked to pull again
    again = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
        text_document=types.TextDocumentIdentifier(uri=view), previous_result_id=report.result_id))
    assert again.kind == "full" and not again.items
    workspace = await client.workspace_diagnostic_async(types.WorkspaceDiagnosticParams(previous_result_ids=[]))
    by_uri = {item.uri: item for item in workspace.items}
    assert not by_uri[view].items
    assert codes(by_uri[uri(root, "shop/contact.py")].items) == ["OFP101", "OFP101"]
    assert client.diagnostics == {}  # pull clients get nothing pushed


async def test_each_hop_of_the_chain_shows_the_side_effect_as_information(client: LanguageClient, tmp_path):
    root = copy_project(tmp_path)
    await start(client, root, tmp_path)
    mail = uri(root, "shop/notifications/mail.py")
    found = await diagnostics_until(client, mail, lambda d: len(d) == 1)
    assert found[0].code == "OFP101"
    assert found[0].severity == types.DiagnosticSeverity.Information
    assert found[0].range.start.line == 5
    assert "runs here on the request path of `checkout`" in found[0].message
    orders = await diagnostics_until(client, uri(root, "shop/services/orders.py"), lambda d: len(d) == 2)
    assert sorted(d.range.start.line for d in orders) == [6, 11]


async def test_a_file_edited_back_gets_ranges_of_its_new_text(client: LanguageClient, tmp_path) -> None:
    """While the handler's buffer does not parse, a service edit republishes the handler's last good
    findings against the broken text (its line is cut short, so the range is clamped). Editing the
    buffer back gives the same findings: the file is republished anyway, with the full range."""
    root = copy_project(tmp_path)
    await start(client, root, tmp_path)
    views, service = uri(root, "shop/views.py"), uri(root, "shop/services/orders.py")
    good, service_text = read(root, "shop/views.py"), read(root, "shop/services/orders.py")
    call_line = good.split("\n").index('    order_id = place_order(request.POST["email"], request.POST["sku"])')
    full_end = len('    order_id = place_order(request.POST["email"], request.POST["sku"])')
    open_doc(client, views, good)
    open_doc(client, service, service_text)

    def ends(found) -> list[int]:
        return [d.range.end.character for d in found if d.range.start.line == call_line]

    await diagnostics_until(client, views, lambda d: ends(d) == [full_end])
    broken = good.replace('request.POST["email"], request.POST["sku"])', "request.POST", 1)
    replace_all(client, views, good, broken, 2)  # no longer parses: the last good analysis stays
    unsent = service_text.replace("    notify_customer(email, order_id)\n", "", 1)
    replace_all(client, service, service_text, unsent, 2)
    await diagnostics_until(client, views, lambda d: not d)
    replace_all(client, service, unsent, service_text, 3)
    clamped = len("    order_id = place_order(request.POST")
    await diagnostics_until(client, views, lambda d: ends(d) == [clamped])
    replace_all(client, views, broken, good, 3)
    await diagnostics_until(client, views, lambda d: ends(d) == [full_end])


async def test_a_pull_answers_with_the_settings_and_edits_queued_before_it(client: LanguageClient, tmp_path):
    """A pull waits for every edit and every settings change sent before it (each changes what the
    file shows), not for work that only answers (a quick fix being verified): sent back to back,
    each pull gets the state after everything before it, without waiting for a refresh."""
    root = copy_project(tmp_path)
    await start(client, root, tmp_path, pull=True)
    await wait_for(client, "$/progress", lambda: any(
        isinstance(v, types.WorkDoneProgressEnd) for vs in client.progress_reports.values() for v in vs))
    view, service = uri(root, VIEW), uri(root, SERVICE)

    async def pull(doc: str) -> list[str]:
        report = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=doc)))
        return codes(report.items)

    assert await pull(view) == ["OFP101"]
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"offpath": {"ignore": ["OFP101"]}}))
    assert await pull(view) == []
    text = read(root, SERVICE)
    open_doc(client, service, text)
    replace_all(client, service, text, text.replace(CALL, ""), 2)
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings={"offpath": {}}))
    assert await pull(view) == []  # the rule is back, the call that reached the email is gone
    replace_all(client, service, text.replace(CALL, ""), text, 3)
    open_doc(client, view, read(root, VIEW))
    fixes = client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=view),
        range=types.Range(start=types.Position(line=7, character=0), end=types.Position(line=7, character=0)),
        context=types.CodeActionContext(diagnostics=[])))
    assert await pull(view) == ["OFP101"]
    assert await fixes  # the quick fixes still come
    assert client.diagnostics == {}
