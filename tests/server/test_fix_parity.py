"""Parity between the editor and `offpath check --fix`: on every fixture project and example app,
for each diagnostic the real server publishes where a handler starts a chain, the quick fixes it
offers are the CLI's `fixes_for` of that call site's findings (same titles, same resulting texts,
the preferred one first is the one `check --fix` applies), and every call site the server offers a
queue fix for is fixed by `check --fix`."""

from __future__ import annotations

import os
import shutil
from collections import Counter

import pytest
from helpers import diagnostics_until, start
from lsprotocol import types
from offpath.cli.fix import fix_project
from offpath.cli.main import load_project
from offpath.analysis.config import load_config
from offpath.analysis.model import Applicability
from offpath.analysis.project import read_source
from offpath.analysis.rewrites import fixes_for
from offpath.analysis.rewrites.text import apply_edits
from offpath.server.fixes import edit_key, group_by_site, titled
from pygls.uris import from_fs_path
from pytest_lsp import LanguageClient
from test_rewrites_e2e import apply_text_edits, edits_by_path

REPO = os.path.join(os.path.dirname(__file__), "..", "..")
PROJECTS = os.path.join(REPO, "tests", "fixtures", "projects")
CASES = ([os.path.join(PROJECTS, name) for name in sorted(os.listdir(PROJECTS))]
         + [os.path.join(REPO, "examples", name) for name in ("django_shop", "fastapi_shop", "flask_shop")])


def _cli(root: str):
    project, found = load_project([root], load_config(root))
    primaries = [f for findings in found.values() for f in findings if not f.hop]
    return project, group_by_site(sorted(primaries, key=lambda f: (f.path, f.span, f.code)))


def _texts(edits_of: dict[str, list], apply) -> dict[str, str]:
    return {path: apply(read_source(path), edits) for path, edits in sorted(edits_of.items())}


@pytest.mark.parametrize("case", CASES, ids=[os.path.basename(c) for c in CASES])
async def test_server_offers_what_check_fix_applies(client: LanguageClient, tmp_path, case: str) -> None:
    root = str(tmp_path / os.path.basename(case))
    shutil.copytree(case, root, ignore=shutil.ignore_patterns("__pycache__", ".offpath_cache"))
    project, sites = _cli(root)
    await start(client, root, tmp_path)
    by_file: dict[str, list] = {}
    for site in sites:
        by_file.setdefault(site[0].path, []).append(site)
    offered_sites = []
    for path, file_sites in sorted(by_file.items()):
        wanted = sorted((s[0].span.line - 1, s[0].code) for s in file_sites)
        doc = from_fs_path(path)
        found = await diagnostics_until(client, doc, lambda d, wanted=wanted: sorted(
            (x.range.start.line, x.code) for x in d if x.severity != types.DiagnosticSeverity.Information) == wanted)
        for site in file_sites:
            diagnostic = next(d for d in found if (d.range.start.line, d.code) == (site[0].span.line - 1, site[0].code)
                              and d.severity != types.DiagnosticSeverity.Information)
            actions = await client.text_document_code_action_async(types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=doc), range=diagnostic.range,
                context=types.CodeActionContext(diagnostics=[diagnostic], only=[types.CodeActionKind.QuickFix])))
            queue = [a for a in actions or () if not a.title.startswith("Ignore ")]
            offered = [(a.title, _texts(edits_by_path(a.edit), apply_text_edits)) for a in queue]
            expected, seen = [], set()
            for finding in site:
                for fix in fixes_for(project, finding):
                    if fix.backend != "suppress" and edit_key(fix) not in seen:
                        seen.add(edit_key(fix))
                        by_path: dict[str, list] = {}
                        for edit in fix.edits:
                            by_path.setdefault(edit.path, []).append(edit)
                        expected.append((titled(fix, path, [root]), _texts(by_path, apply_edits)))
            where = f"{os.path.relpath(path, root)}:{site[0].span.line} {[f.code for f in site]}"
            assert offered == expected, where
            if queue:
                # `check --fix` visits the site's findings in this order and applies the first fix found.
                batch = [(fix, finding) for finding in site for fix in fixes_for(project, finding)
                         if fix.backend != "suppress" and fix.applicability != Applicability.DISPLAY_ONLY]
                if batch:
                    applied, finding = batch[0]
                    assert queue[0].is_preferred and offered[0][0] == titled(applied, path, [root]), where
                    offered_sites.append(finding.key)
    # `check --fix` on the same tree fixes the finding of every call site the editor offered a
    # queue fix for (identities without lines: compare how many of each go).
    before = Counter(f.key for findings in project.all_findings().values() for f in findings if not f.hop)
    fix_project(project)
    after = Counter(f.key for findings in project.all_findings().values() for f in findings if not f.hop)
    unfixed = {key: n for key, n in Counter(offered_sites).items() if before[key] - after[key] < n}
    assert unfixed == {}
