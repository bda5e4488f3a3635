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


def test_jedi_value_sets_iterate_in_insertion_order_so_answers_do_not_change_between_runs() -> None:
    """jedi's value sets are frozensets hashed by identity: unpatched, they iterate in memory order,
    and its inference limits then cut a different branch on each run. The worker orders them; run in
    a child process, because the patch changes jedi's class for the whole process."""
    import subprocess
    import sys

    script = """
import random
from jedi.inference.base_value import ValueSet
from offpath.analysis.jedi_worker import _ordered_value_sets

class Value:
    pass

values = [Value() for _ in range(300)]
random.Random(7).shuffle(values)
assert list(ValueSet(values)) != values, "unpatched sets should iterate in memory order"
assert _ordered_value_sets(ValueSet)
assert list(ValueSet(values)) == values
assert list(ValueSet(values[:150]) | ValueSet(values[100:])) == values
assert list(ValueSet.from_sets([ValueSet(values[:10]), values[5:]])) == values
assert list(ValueSet(values).filter(lambda v: v in values[:20])) == values[:20]
assert ValueSet(values) == ValueSet(reversed(values))
print("ordered")
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.stdout.strip() == "ordered", done.stderr
