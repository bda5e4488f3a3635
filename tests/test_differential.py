"""Incremental results equal a fresh analysis: after every edit through `Project.update` (and
`remove`), the findings and entry points equal those of a new `Project` loaded from the same texts.

Every fixture project, every example app and a few rule fixtures get a family of edits to each file
(delete a line, duplicate one, change a number and a string, rename a function, drop an import,
empty the file, restore it); then one file is removed and added back. The edits are seeded by file
name, so a failure names a reproducible step.
"""

from __future__ import annotations

import os
import random

import pytest
from differential import (
    EXAMPLES,
    PROJECTS,
    RULES,
    copy_tree,
    edits,
    entry_rows,
    finding_rows,
    fresh,
    write,
)
from offpath.analysis.project import discover, read_source

RULE_CASES = (
    "OFP111_sleep.py", "OFP101_providers.py", "OFP203_dispatch_in_atomic.py", "boundary_on_commit.py",
    "real_flask_current_app_ext.py", "real_form_validation_hooks.py", "real_mixin_self_dispatch.py",
)
CASES = (
    [os.path.join(PROJECTS, name) for name in sorted(os.listdir(PROJECTS))]
    + [os.path.join(EXAMPLES, name) for name in sorted(os.listdir(EXAMPLES)) if os.path.isdir(os.path.join(EXAMPLES, name))]
    + [os.path.join(RULES, name) for name in RULE_CASES]
)
MAX_FILES = 8  # files edited per case (seeded sample): the examples stay within a few seconds


def _check(project, root: str, hops: bool, step: str) -> None:
    expected = fresh(root, hops)
    assert finding_rows(project, root) == finding_rows(expected, root), _explain(project, expected, root, step)
    got, want = entry_rows(project, root), entry_rows(expected, root)
    assert got == want, f"entry points differ after {step}: missing {sorted(want - got)}, unexpected {sorted(got - want)}"


def _explain(project, expected, root: str, step: str) -> str:
    got, want = finding_rows(project, root), finding_rows(expected, root)
    lines = [f"after {step}:"]
    lines += [f"  missing   {row[:4]}" for row in sorted(want - got)]
    lines += [f"  unexpected {row[:4]}" for row in sorted(got - want)]
    return "\n".join(lines)


def run_edits(source: str, tmp_path, hops: bool = True, max_files: int = MAX_FILES) -> int:
    """Apply the edit family to (a sample of) the files of `source`; return the number of steps."""
    root = copy_tree(source, tmp_path)
    paths = discover([root])
    project = fresh(root, hops)
    rng = random.Random(os.path.basename(source))
    chosen = sorted(rng.sample(paths, min(max_files, len(paths))))
    steps = 0
    for path in chosen:
        rel = os.path.relpath(path, root)
        original = read_source(path) or ""
        for label, text in edits(path, original):
            project.update(path, text)
            if path not in project.skipped:  # a file mid-edit keeps its last good analysis
                write(path, text)
            _check(project, root, hops, f"{rel}: {label}")
            steps += 1
        write(path, original)
        project.update(path, original)
    victim = rng.choice(paths)
    text = read_source(victim) or ""
    project.remove(victim)
    os.remove(victim)
    _check(project, root, hops, f"removing {os.path.relpath(victim, root)}")
    write(victim, text)
    project.update(victim, text)
    _check(project, root, hops, f"adding {os.path.relpath(victim, root)} back")
    return steps + 2


@pytest.mark.parametrize("source", CASES, ids=os.path.basename)
def test_incremental_equals_fresh_after_every_edit(source: str, tmp_path) -> None:
    assert run_edits(source, tmp_path) > 0


@pytest.mark.parametrize("source", [os.path.join(PROJECTS, "django_urls_three_deep"), os.path.join(EXAMPLES, "flask_shop")],
                         ids=os.path.basename)
def test_incremental_equals_fresh_without_hops(source: str, tmp_path) -> None:
    assert run_edits(source, tmp_path, hops=False, max_files=4) > 0


def _edit_and_compare(case: str, relpath: str, old: str, new: str, tmp_path, hops: bool = True) -> set:
    root = copy_tree(os.path.join(PROJECTS, case), tmp_path)
    path = os.path.join(root, relpath)
    text = read_source(path) or ""
    assert old in text
    project = fresh(root, hops)
    edited = text.replace(old, new)
    project.update(path, edited)
    write(path, edited)
    expected = fresh(root, hops)
    assert finding_rows(project, root) == finding_rows(expected, root), _explain(project, expected, root, f"{relpath}: {old!r} -> {new!r}")
    return {(row[0], row[1], row[2][0]) for row in finding_rows(project, root)}


@pytest.mark.parametrize("hops", [True, False])
def test_a_module_constant_read_by_a_sleep_is_re_read_when_it_changes(tmp_path, hops: bool) -> None:
    # 0.1 s is below the short-sleep threshold: the finding goes; back to 5 s it returns.
    assert _edit_and_compare("sleep_module_constant", "shop/conf.py", "DELAY = 5", "DELAY = 0.1", tmp_path / "a", hops) == set()
    root = copy_tree(os.path.join(PROJECTS, "sleep_module_constant"), tmp_path / "b")
    conf = os.path.join(root, "shop", "conf.py")
    original = read_source(conf) or ""
    write(conf, original.replace("DELAY = 5", "DELAY = 0.1"))
    project = fresh(root, hops)
    assert finding_rows(project, root) == set()
    project.update(conf, original)
    assert {(row[0], row[1], row[2][0]) for row in finding_rows(project, root)} == {("OFP111", "shop/views.py", 9)}


@pytest.mark.parametrize("hops", [True, False])
def test_removing_the_attribute_an_app_factory_stores_clears_what_it_reached(tmp_path, hops: bool) -> None:
    assert _edit_and_compare("flask_app_factory_mail", "site/__init__.py", "    app.mail = Mail(app)\n", "", tmp_path, hops) == set()


def test_a_line_added_above_a_routed_view_moves_its_entry_found_in_the_urlconf(tmp_path) -> None:
    # The URLconf found the entry and carries the view's `def` line; the view file's edit moves it.
    root = copy_tree(os.path.join(PROJECTS, "django_urls_three_deep"), tmp_path)
    views = os.path.join(root, "shop", "views.py")
    text = read_source(views) or ""
    project = fresh(root, hops=True)
    edited = text.replace("@require_POST\n", "# a comment\n\n@require_POST\n")
    project.update(views, edited)
    write(views, edited)
    lines = {e.name: e.span.line for e in project.entry_points()}
    assert lines["shop.views.checkout"] == 12 and lines["shop.views.order_status"] == 18
    assert entry_rows(project, root) == entry_rows(fresh(root, hops=True), root)
    assert finding_rows(project, root) == finding_rows(fresh(root, hops=True), root)


def test_dropping_and_restoring_a_call_in_a_method_body_equals_a_fresh_analysis(tmp_path) -> None:
    # place_order's body calls _notify: dropping that call clears the view's finding; restoring it
    # brings it back, as a fresh analysis says.
    root = copy_tree(os.path.join(PROJECTS, "django_urls_three_deep"), tmp_path)
    orders = os.path.join(root, "shop", "services", "orders.py")
    text = read_source(orders) or ""
    project = fresh(root, hops=True)
    lines = text.splitlines(keepends=True)
    line = next(i for i, row in enumerate(lines) if "self._notify(" in row)
    edited = "".join(lines[:line] + [lines[line].split("self._notify(")[0] + "pass\n"] + lines[line + 1:])
    for new in (edited, text):
        project.update(orders, new)
        write(orders, new)
        assert finding_rows(project, root) == finding_rows(fresh(root, hops=True), root)
        assert entry_rows(project, root) == entry_rows(fresh(root, hops=True), root)
    assert any(row[0] == "OFP101" for row in finding_rows(project, root))
