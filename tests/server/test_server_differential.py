"""The real server's published diagnostics equal a fresh analysis after every edit.

A fixture project is opened over stdio; each of a few files gets the differential edit family
(tests/differential.py) as `didChange` notifications, and after every step the test waits for the
publishes until every file's diagnostics equal those of a new `Project` (in this process) on the
current texts, converted to LSP the way the server converts them. A step that never converges
fails on the wait's deadline; nothing sleeps.
"""

from __future__ import annotations

import ast
import os
import random
import sys

import pytest
from helpers import open_doc, replace_all, start, uri, wait_for
from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec
from pytest_lsp import LanguageClient

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from differential import PROJECTS, copy_tree, edits, write
from offpath.analysis.config import load_config
from offpath.analysis.project import Project, discover, read_source
from offpath.server import convert

CASES = ("django_urls_three_deep", "flask_app_factory_mail", "sleep_module_constant")
FILES_PER_CASE = 3
CODEC = PositionCodec(types.PositionEncodingKind.Utf16)


def expected(fresh_root: str, root: str, texts: dict[str, str]) -> dict[str, set]:
    """Diagnostics a fresh analysis of `texts` gives, keyed by the server-side uri of each file."""
    for rel, text in texts.items():
        write(os.path.join(fresh_root, rel), text)
    config = load_config(fresh_root)
    project = Project([fresh_root], config, hops=True)  # the server's mode
    project.load(discover([fresh_root], config, root=fresh_root))

    def lines_for(path: str) -> list[str]:
        return convert.split_lines(texts.get(os.path.relpath(path, fresh_root), ""))

    out: dict[str, set] = {}
    for path, findings in project.all_findings().items():
        rows = {_row(convert.to_lsp_diagnostic(f, lines_for, CODEC)) for f in findings}
        if rows:
            out[uri(root, os.path.relpath(path, fresh_root))] = rows
    return out


def _row(d: types.Diagnostic) -> tuple:
    r = d.range
    return (str(d.code), r.start.line, r.start.character, r.end.line, r.end.character, d.message, d.severity)


def published(client: LanguageClient) -> dict[str, set]:
    return {u: {_row(d) for d in found} for u, found in client.diagnostics.items() if found}


@pytest.mark.parametrize("case", CASES)
async def test_published_diagnostics_equal_a_fresh_analysis_after_every_edit(client: LanguageClient, tmp_path, case: str):
    root = copy_tree(os.path.join(PROJECTS, case), tmp_path / "served")
    fresh_root = copy_tree(os.path.join(PROJECTS, case), tmp_path / "fresh")
    texts = {os.path.relpath(p, root): read_source(p) or "" for p in discover([root])}
    await start(client, root, tmp_path)
    want = expected(fresh_root, root, texts)
    assert want, "the fixture has findings"
    await wait_for(client, types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, lambda: published(client) == want)
    rng = random.Random(case)
    for rel in sorted(rng.sample(sorted(texts), min(FILES_PER_CASE, len(texts)))):
        doc = uri(root, rel)
        buffer = texts[rel]
        version = 1
        open_doc(client, doc, buffer, version)
        for label, text in edits(rel, texts[rel]):
            version += 1
            replace_all(client, doc, buffer, text, version)
            buffer = text
            try:
                ast.parse(text)
                texts[rel] = text  # the server keeps the last text that parses
            except SyntaxError:
                pass
            want = expected(fresh_root, root, texts)

            def converged(want=want) -> bool:
                return published(client) == want

            try:
                await wait_for(client, types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, converged)
            except TimeoutError:
                got = published(client)
                raise AssertionError(f"{rel}: {label}: published {got} != fresh {want}") from None
        client.text_document_did_close(types.DidCloseTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=doc)))
