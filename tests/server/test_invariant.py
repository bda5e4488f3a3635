"""Invariant: after any burst of edits to the service module, the server's diagnostics equal those
of a fresh Project analysing the final texts (the newest text that parses, as the server keeps)."""

from __future__ import annotations

import ast
import os
from typing import ClassVar

from helpers import copy_project, open_doc, read, start, uri, utf16
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lsprotocol import types
from offpath.analysis.config import load_config
from offpath.analysis.project import Project, discover
from pytest_lsp import LanguageClient

SERVICE = "shop/services/orders.py"
CALL = "    notify_customer(email, order_id)\n"
OPS = st.tuples(st.sampled_from(["call", "call_in_place", "delete", "blank", "break"]), st.integers(0, 60))


class State:
    root: str | None = None
    lines: ClassVar[list[str]] = []
    version = 1
    last_good = ""


def apply(client: LanguageClient, doc: str, op: str, number: int) -> None:
    lines = State.lines
    if op == "call_in_place" and "    order_id = 1000\n" in lines:
        index, new = lines.index("    order_id = 1000\n") + 1, CALL
    elif op == "delete" and lines:
        index = number % len(lines)
        State.version += 1
        del lines[index]
        end = types.Position(line=index + 1, character=0)
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=doc, version=State.version),
            content_changes=[types.TextDocumentContentChangePartial(
                range=types.Range(start=types.Position(line=index, character=0), end=end), text="")]))
        return
    else:
        index = number % (len(lines) + 1)
        new = {"call": CALL, "blank": "\n", "break": "    total = (\n"}.get(op, "\n")
    lines.insert(index, new)
    State.version += 1
    pos = types.Position(line=index, character=0)
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=doc, version=State.version),
        content_changes=[types.TextDocumentContentChangePartial(range=types.Range(start=pos, end=pos), text=new)]))


def fresh(root: str, service_text: str) -> dict[str, set]:
    config = load_config(root)
    project = Project([root], config, hops=True)  # as the server (hop findings in deeper modules)
    service = os.path.join(root, SERVICE)
    project.load([p for p in discover([root], config, root=root) if p != service])
    project.update(service, service_text)
    out = {}
    for path, findings in project.all_findings().items():
        # The server maps ranges through the buffer as the client holds it (which may not parse).
        lines = read(root, os.path.relpath(path, root)).split("\n") if path != service else "".join(State.lines).split("\n")
        out[uri(root, os.path.relpath(path, root))] = {
            (f.code, f.span.line - 1, utf16(lines[f.span.line - 1][:f.span.col]), f.span.end_line - 1,
             utf16(lines[f.span.end_line - 1][:f.span.end_col]), f.message) for f in findings}
    return out


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(burst=st.lists(OPS, min_size=1, max_size=8))
async def test_diagnostics_match_fresh_analysis(client: LanguageClient, tmp_path_factory, burst):
    if State.root is None or client.capabilities is None:
        State.root = copy_project(tmp_path_factory.mktemp("invariant"))
        await start(client, State.root, tmp_path_factory.mktemp("cache"))
        State.lines = read(State.root, SERVICE).splitlines(keepends=True)
        State.last_good = "".join(State.lines)
        State.version = 1
        open_doc(client, uri(State.root, SERVICE), State.last_good)
    root, doc = State.root, uri(State.root, SERVICE)
    for op, number in burst:
        apply(client, doc, op, number)
        text = "".join(State.lines)
        try:
            ast.parse(text)
            State.last_good = text
        except SyntaxError:
            pass
    report = await client.workspace_diagnostic_async(types.WorkspaceDiagnosticParams(previous_result_ids=[]))
    got = {item.uri: {(d.code, d.range.start.line, d.range.start.character, d.range.end.line,
                       d.range.end.character, d.message) for d in item.items}
           for item in report.items if item.items}
    assert got == fresh(root, State.last_good)
