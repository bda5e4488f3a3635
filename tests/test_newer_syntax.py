"""Projects written for Python 3.12-3.14 are analysed on an older host (this suite runs on 3.11):
PEP 695 type parameters and aliases, PEP 701 f-strings, PEP 758 `except A, B:` and PEP 750
t-strings. The findings inside such files are asserted at the lines and columns the user wrote;
only a file invalid in every version is skipped."""

from __future__ import annotations

import ast
import os

import pytest
from markers import expected_markers

from offpath.analysis.config import Config
from offpath.analysis.parse import downlevel, parse
from offpath.analysis.project import Project

SYNTAX = os.path.join(os.path.dirname(__file__), "fixtures", "syntax")
NO_JEDI = Config(jedi_budget=0)

# The text each finding's span starts with, on its line: columns are the user's, not the rewrite's.
STARTS = {
    "pep695_type_params.py": {24: 'Client().post("https://example.com/hook"'},
    "pep701_fstrings.py": {17: 'notify(request.form["email"])'},
    "pep758_except.py": {11: 'requests.get("https://status.example.com"'},
    "pep750_tstrings.py": {14: "lookup(name)"},
}


def _check(name: str) -> Project:
    project = Project([SYNTAX], NO_JEDI)
    project.load([os.path.join(SYNTAX, name)])
    return project


@pytest.mark.parametrize("name", sorted(STARTS))
def test_findings_inside_files_of_newer_syntax(name: str) -> None:
    project = _check(name)
    path = os.path.join(SYNTAX, name)
    assert not project.skipped, project.skipped
    found = project.findings(path)
    assert {(f.span.line, f.code) for f in found} == expected_markers(path)
    with open(path, encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    for finding in found:
        start = STARTS[name][finding.span.line]
        assert lines[finding.span.line - 1][finding.span.col:].startswith(start), finding


def test_a_file_invalid_in_every_version_is_skipped_with_the_hosts_reason() -> None:
    project = _check("invalid_everywhere.py")
    (reason,) = project.skipped.values()
    assert reason.startswith("syntax error at line 2")


def test_valid_text_is_parsed_by_the_host_unchanged() -> None:
    text = "def f(x):\n    return f'{x!r}' + 'y'\n"
    assert ast.dump(parse(text), include_attributes=True) == ast.dump(ast.parse(text), include_attributes=True)


@pytest.mark.parametrize(("newer", "host"), [
    ("type Pair[T] = tuple[T, T]\n", "_=   Pair    = tuple[T, T]\n"),
    ("def f[T: int, *Ts, **P](x: T) -> T: ...\n", "def f                  (x: T) -> T: ...\n"),
    ("class C[\n    T,  # the item\n](Base): ...\n", "class C\\\n" + " " * 17 + "\\\n (Base): ...\n"),
    ("try: pass\nexcept A, B: pass\n", "try: pass\nexcept(A,B): pass\n"),
    ("try: pass\nexcept* A, B: pass\n", "try: pass\nexcept*(A,B): pass\n"),
    ('x = f"{d["k"]!r:>{w}} {len(d)}"\n', "x = (  d[\"k\"]       ,  len(d),)\n"),
    ('y = t"<{name}>" "!"\n', "y = (   name,     )\n"),
])
def test_each_construct_is_rewritten_in_place(newer: str, host: str) -> None:
    rewritten = downlevel(newer)
    assert rewritten == host
    assert len(rewritten) == len(newer) and rewritten.count("\n") == newer.count("\n")
    ast.parse(rewritten)


def test_an_except_list_without_spaces_gets_one_more_column_on_its_line_only() -> None:
    newer = "try: pass\nexcept A,B: send()\nsend()\n"
    tree = parse(newer)
    calls = [(n.lineno, n.col_offset) for n in ast.walk(tree) if isinstance(n, ast.Call)]
    assert sorted(calls) == [(2, 13), (3, 0)]
