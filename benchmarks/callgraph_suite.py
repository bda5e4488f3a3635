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

The adapter between the two namings lives here (`offpath_graph`) until `offpath graph` follows
the suite's convention itself (issue 10 asks for that). offpath already names module-level code
`main`, methods `main.Class.method` and nested functions `main.outer.inner`, like the suite; it
differs in these ways:
- a lambda is a function `<module>.<lambdaN>` in offpath too, but a lambda passed straight to a
  call also leaves its calls in the enclosing function (the request runs them there); the adapter
  moves those edges to the lambda by the call's position (`--raw` turns this off);
- an "unwrapped" edge (a caller straight to the function a workspace decorator wraps, which
  reachability follows instead of the wrapper's own call) and a "wrapper" edge (a decorated
  function to the wrappers a call of it runs) are not calls the program makes: dropped;
- `offpath graph` also lists the sink APIs a function calls (`smtplib.SMTP.sendmail`) and may
  resolve to library names; callees outside the case's own modules are dropped, as the suite only
  has edges between the case's functions.
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
    (classes are only part of a path), lambdas as `<module>.<lambdaN>` in source order."""
    names: set[str] = set()
    for module, path in module_files(case_path).items():
        with open(path, encoding="utf-8") as handle:
            tree = ast.parse(handle.read(), path)
        names.add(module)
        _add_functions(tree, module, names)
        lambdas = sorted((n.lineno, n.col_offset) for n in ast.walk(tree) if isinstance(n, ast.Lambda))
        names.update(f"{module}.<lambda{i}>" for i in range(1, len(lambdas) + 1))
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


def lambda_spans(path: str, module: str) -> list[tuple[tuple[int, int], tuple[int, int], str]]:
    """(start, end, suite name) of every lambda in a file, positions as (line, column)."""
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read(), path)
    found = sorted((n.lineno, n.col_offset, n.end_lineno, n.end_col_offset)
                   for n in ast.walk(tree) if isinstance(n, ast.Lambda))
    return [((line, col), (end_line, end_col), f"{module}.<lambda{i}>")
            for i, (line, col, end_line, end_col) in enumerate(found, 1)]


def offpath_graph(case: Case, adapt: bool = True) -> dict[str, list[str]]:
    """offpath's graph of a case in the suite's naming (see the module docstring).

    The edges are those `offpath graph` prints (`call_graph` of the CLI reads the same
    `project.facts`), read here with their call-site spans so that, with `adapt`, a call made inside
    a lambda becomes an edge of the lambda instead of the enclosing function."""
    from offpath.analysis.config import Config
    from offpath.analysis.project import Project, discover

    config = Config(jedi_budget=0)
    project = Project([case.path], config)
    project.load(dict.fromkeys(discover([case.path], config, root=case.path)))
    modules = module_files(case.path)

    def ours(name: str) -> bool:
        return any(name == m or name.startswith(m + ".") for m in modules)

    graph: dict[str, set[str]] = {}
    for facts in project.facts.values():
        spans = lambda_spans(facts.path, facts.module) if adapt and facts.module in modules else []
        for name, function in facts.functions.items():
            graph.setdefault(name, set())
            for edge in function.edges:
                if edge.kind in ("unwrapped", "wrapper"):
                    continue  # reachability shortcuts around a wrapper, not calls the program makes
                where = (edge.span.line, edge.span.col)
                inside = [n for start, end, n in spans if start <= where < end]
                graph.setdefault(inside[-1] if inside else name, set()).add(edge.target)
    return {caller: sorted(c for c in callees if ours(c))
            for caller, callees in sorted(graph.items()) if ours(caller)}


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


def evaluate(case: Case, adapt: bool = True) -> Result:
    want = edges(expected_graph(case))
    got = edges(offpath_graph(case, adapt))
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
    parser.add_argument("--diff", metavar="CATEGORY_OR_CASE", help="list missing/extra edges")
    parser.add_argument("--write-passing", action="store_true",
                        help="rewrite tests/callgraph/passing.txt with today's exact cases")
    parser.add_argument("--raw", action="store_true",
                        help="no adapter: a lambda's calls stay edges of the enclosing function")
    args = parser.parse_args(argv)
    results = [evaluate(case, adapt=not args.raw) for case in cases()]
    by_category, total = summarise(results)
    if args.json:
        print(json.dumps({"categories": {k: v.as_dict() for k, v in by_category.items()},
                          "total": total.as_dict(),
                          "exact_cases": [r.case.id for r in results if r.exact]}, indent=2))
    else:
        print(table(by_category, total))
    if args.diff:
        for result in results:
            if result.exact or args.diff not in (result.case.category, result.case.id):
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
