"""offpath's call graph against the hand-written suite in `tests/callgraph/` (issue 10).

    python benchmarks/callgraph_suite.py               # per-category and total precision/recall
    python benchmarks/callgraph_suite.py --json        # the same numbers, machine-readable
    python benchmarks/callgraph_suite.py --diff args   # missing/extra edges of every case of a category
    python benchmarks/callgraph_suite.py --write-passing   # rewrite tests/callgraph/passing.txt

Each case is a folder `tests/callgraph/<category>/<case>/` holding a small program (`main.py`,
sometimes a package next to it) and `callgraph.json`, the graph Python really executes, written in
the public PyCG micro-benchmark's style (`tests/callgraph/README.md` has the naming convention).
offpath's graph is the one `offpath graph` prints (the edges of `project.facts`), built with jedi
off so the numbers do not depend on the machine's speed. Scores are over edges, summed over
the cases of a category (micro-averaged): precision = right edges / edges offpath reports,
recall = right edges / expected edges; a case is exact when both edge sets are equal.

offpath's graph is what `offpath graph --format pycg` prints: the benchmark's convention, written
down once in `offpath.analysis.graph_export` (module-level code is the module, lambdas are
`<scope>.<lambdaN>` numbered per scope, calls only: no sinks as such, no reachability shortcuts
around decorators; builtins as `<builtin>.len`, imported names by their import path). This
repository's suite holds only calls between a case's own nodes, so here callees outside the case's
modules are dropped; another suite (`--suite`, e.g. PyCG's `micro-benchmark/snippets`) is scored
with them.
The test `tests/test_callgraph_suite.py` imports this module: it is the one place that reads cases,
names their functions and scores a graph.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import sys
from dataclasses import dataclass

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SUITE = os.path.join(ROOT, "tests", "callgraph")
PASSING = os.path.join(SUITE, "passing.txt")


@dataclass(frozen=True)
class Case:
    category: str
    name: str
    path: str

    @property
    def id(self) -> str:
        return f"{self.category}/{self.name}"


def cases(suite: str = SUITE) -> list[Case]:
    """Every case folder (one holding a `callgraph.json`), sorted by category then name."""
    found = []
    for category in sorted(os.listdir(suite)):
        folder = os.path.join(suite, category)
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            if os.path.isfile(os.path.join(folder, name, "callgraph.json")):
                found.append(Case(category, name, os.path.join(folder, name)))
    return found


def module_files(case_path: str) -> dict[str, str]:
    """Dotted module name -> file, for every `.py` file of a case (`pkg/__init__.py` is `pkg`)."""
    modules = {}
    for directory, dirnames, files in os.walk(case_path):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for file in sorted(files):
            if file.endswith(".py"):
                rel = os.path.relpath(os.path.join(directory, file), case_path)[:-3]
                dotted = rel.replace(os.sep, ".")
                modules[dotted.removesuffix(".__init__")] = os.path.join(directory, file)
    return modules


def defined_names(case_path: str) -> set[str]:
    """The suite's node names for a case: modules, functions and methods by their dotted path
    (classes are only part of a path), lambdas as `<scope>.<lambdaN>` (`graph_export.lambda_names`)."""
    from offpath.analysis.graph_export import lambda_names

    names: set[str] = set()
    for module, path in module_files(case_path).items():
        with open(path, encoding="utf-8") as handle:
            tree = ast.parse(handle.read(), path)
        names.add(module)
        _add_functions(tree, module, names)
        names.update(name for _, name in lambda_names(tree, module))
    return names


def _add_functions(node: ast.AST, prefix: str, names: set[str]) -> None:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(f"{prefix}.{child.name}")
            _add_functions(child, f"{prefix}.{child.name}", names)
        elif isinstance(child, ast.ClassDef):
            _add_functions(child, f"{prefix}.{child.name}", names)
        else:
            _add_functions(child, prefix, names)


def expected_graph(case: Case) -> dict[str, list[str]]:
    with open(os.path.join(case.path, "callgraph.json"), encoding="utf-8") as handle:
        return json.load(handle)


def edges(graph: dict[str, list[str]]) -> set[tuple[str, str]]:
    return {(caller, callee) for caller, callees in graph.items() for callee in callees}


def offpath_graph(case: Case, library: bool | None = None) -> dict[str, list[str]]:
    """offpath's graph of a case, as `offpath graph --format pycg` prints it (the convention lives
    in `offpath.analysis.graph_export`, built with jedi off). With `library` false (the default for
    this repository's suite, whose graphs hold only calls between the case's own nodes) callees
    outside the case's modules are left out; the public suite lists builtins and imported names."""
    from offpath.analysis.config import Config
    from offpath.analysis.graph_export import pycg_graph
    from offpath.analysis.project import Project, discover

    config = Config(jedi_budget=0, library_calls=True)
    project = Project([case.path], config)
    project.load(dict.fromkeys(discover([case.path], config, root=case.path)))
    modules = module_files(case.path)
    if library is None:
        library = not os.path.abspath(case.path).startswith(SUITE + os.sep)

    def ours(name: str) -> bool:
        return any(name == m or name.startswith(m + ".") for m in modules)

    return {caller: [c for c in callees if library or ours(c)]
            for caller, callees in pycg_graph(project.facts).items() if ours(caller)}


@dataclass
class Score:
    expected: int = 0
    reported: int = 0
    right: int = 0
    cases: int = 0
    exact: int = 0

    def add(self, other: Score) -> None:
        for field in ("expected", "reported", "right", "cases", "exact"):
            setattr(self, field, getattr(self, field) + getattr(other, field))

    @property
    def precision(self) -> float:
        return self.right / self.reported if self.reported else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.expected if self.expected else 1.0

    def as_dict(self) -> dict:
        return {"cases": self.cases, "exact": self.exact, "expected_edges": self.expected,
                "reported_edges": self.reported, "right_edges": self.right,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4)}


@dataclass(frozen=True)
class Result:
    case: Case
    missing: frozenset[tuple[str, str]]
    extra: frozenset[tuple[str, str]]
    score: Score

    @property
    def exact(self) -> bool:
        return not self.missing and not self.extra


def evaluate(case: Case, library: bool | None = None) -> Result:
    want = edges(expected_graph(case))
    got = edges(offpath_graph(case, library))
    right = len(want & got)
    score = Score(len(want), len(got), right, 1, int(want == got))
    return Result(case, frozenset(want - got), frozenset(got - want), score)


def summarise(results: list[Result]) -> tuple[dict[str, Score], Score]:
    by_category: dict[str, Score] = {}
    total = Score()
    for result in results:
        by_category.setdefault(result.case.category, Score()).add(result.score)
        total.add(result.score)
    return by_category, total


def table(by_category: dict[str, Score], total: Score) -> str:
    lines = [f"{'category':<16} {'cases':>5} {'exact':>5} {'edges':>6} {'precision':>9} {'recall':>7}"]
    for category, score in list(by_category.items()) + [("TOTAL", total)]:
        lines.append(f"{category:<16} {score.cases:>5} {score.exact:>5} {score.expected:>6} "
                     f"{score.precision:>9.1%} {score.recall:>7.1%}")
    return "\n".join(lines)


def read_passing(path: str = PASSING) -> list[str]:
    if not os.path.isfile(path):
        return []
    with open(path, encoding="utf-8") as handle:
        return [line.strip() for line in handle if line.strip() and not line.startswith("#")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--diff", metavar="CATEGORY_OR_CASE", help="list missing/extra edges ('all': every inexact case)")
    parser.add_argument("--write-passing", action="store_true",
                        help="rewrite tests/callgraph/passing.txt with today's exact cases")
    parser.add_argument("--suite", metavar="DIR", default=SUITE,
                        help="another suite of the same layout, e.g. PyCG's micro-benchmark/snippets "
                             "(its graphs list builtins and imported names: they are scored)")
    args = parser.parse_args(argv)
    if args.write_passing and os.path.abspath(args.suite) != SUITE:
        parser.error("--write-passing is for this repository's suite only")
    results = [evaluate(case) for case in cases(args.suite)]
    by_category, total = summarise(results)
    if args.json:
        print(json.dumps({"categories": {k: v.as_dict() for k, v in by_category.items()},
                          "total": total.as_dict(),
                          "exact_cases": [r.case.id for r in results if r.exact]}, indent=2))
    else:
        print(table(by_category, total))
    if args.diff:
        for result in results:
            if result.exact or args.diff not in ("all", result.case.category, result.case.id):
                continue
            print(f"\n{result.case.id}")
            for caller, callee in sorted(result.missing):
                print(f"  missing {caller} -> {callee}")
            for caller, callee in sorted(result.extra):
                print(f"  extra   {caller} -> {callee}")
    if args.write_passing:
        with open(PASSING, "w", encoding="utf-8") as handle:
            handle.write("# Cases offpath's graph gets exactly right; tests/test_callgraph_suite.py keeps\n"
                         "# them exact. Regenerate: python benchmarks/callgraph_suite.py --write-passing\n")
            handle.writelines(f"{name}\n" for name in sorted(r.case.id for r in results if r.exact))
    return 0


if __name__ == "__main__":
    sys.exit(main())
