"""Every fixture scenario: the findings offpath reports equal the markers written in the files."""

from __future__ import annotations

import os

import pytest
from markers import expected_in_tree, expected_markers

from offpath.analysis.config import Config
from offpath.analysis.project import Project, discover

# Our own resolution is what the fixtures pin down; jedi's time-bounded help is tested on its own
# (tests/test_jedi.py) so a slow machine cannot change these results.
NO_JEDI = Config(jedi_budget=0)

HERE = os.path.dirname(__file__)
RULES = os.path.join(HERE, "fixtures", "rules")
PROJECTS = os.path.join(HERE, "fixtures", "projects")


def _actual(project: Project, root: str) -> set[tuple[str, int, str]]:
    return {
        (os.path.relpath(f.path, root).replace(os.sep, "/"), f.span.line, f.code)
        for found in project.all_findings().values()
        for f in found
    }


def _describe(project: Project, missing, unexpected) -> str:
    lines = [f"missing (expected but not found): {sorted(missing)}", f"unexpected: {sorted(unexpected)}"]
    for found in project.all_findings().values():
        for f in found:
            lines.append(f"  {os.path.basename(f.path)}:{f.span.line} {f.code} {f.message}")
    return "\n".join(lines)


@pytest.mark.parametrize("name", sorted(n for n in os.listdir(RULES) if n.endswith(".py")))
def test_rule_fixture(name: str) -> None:
    path = os.path.join(RULES, name)
    project = Project([RULES], NO_JEDI)
    project.load([path])
    assert not project.skipped, project.skipped
    expected = {(name, line, code) for line, code in expected_markers(path)}
    actual = _actual(project, RULES)
    assert actual == expected, _describe(project, expected - actual, actual - expected)


@pytest.mark.parametrize("case", sorted(os.listdir(PROJECTS)))
def test_project_fixture(case: str) -> None:
    root = os.path.join(PROJECTS, case)
    project = Project([root], NO_JEDI)
    project.load(discover([root]))
    assert not project.skipped, project.skipped
    expected = expected_in_tree(root)
    assert expected or os.path.exists(os.path.join(root, "EXPECT_NONE")), "fixture has no markers"
    actual = _actual(project, root)
    assert actual == expected, _describe(project, expected - actual, actual - expected)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # PEP 695 files are analysed now, whatever the host (tests/test_newer_syntax.py); a file
        # is skipped only when it is invalid in every version.
        ("type Alias = list[int]\ndef broken(:\n    pass\n", "syntax error at line 2"),
        ("def broken(:\n    pass\n", "syntax error at line 1"),
        ("x = 1\x00\n", "NUL"),
    ],
)
def test_unparsable_files_are_reported_as_skipped_with_a_reason(tmp_path, text: str, reason: str) -> None:
    path = tmp_path / "newer.py"
    path.write_text(text)
    project = Project([str(tmp_path)], NO_JEDI)
    project.load([str(path)])
    assert reason in project.skipped[str(path)]
