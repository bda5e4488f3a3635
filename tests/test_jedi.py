"""The jedi fallback names a callee our own resolution cannot, within its time budget, and is off
when the budget is zero."""

from __future__ import annotations

import os

from markers import expected_in_tree

from offpath.analysis.config import Config
from offpath.analysis.project import Project, discover

ROOT = os.path.join(os.path.dirname(__file__), "fixtures", "jedi")


def _found(config: Config) -> set[tuple[str, int, str]]:
    project = Project([ROOT], config)
    project.load(discover([ROOT]))
    return {
        (os.path.relpath(f.path, ROOT), f.span.line, f.code)
        for found in project.all_findings().values()
        for f in found
    }


def test_jedi_resolves_a_method_on_an_unannotated_parameter() -> None:
    assert _found(Config(jedi_budget=60)) == expected_in_tree(ROOT)


def test_no_jedi_budget_means_no_jedi_findings() -> None:
    assert _found(Config(jedi_budget=0)) == set()
