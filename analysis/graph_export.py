"""The call graph as `offpath graph` prints it: offpath's own form (`offpath_graph`: every edge of
the facts and the sink APIs called), or the convention of the public PyCG micro-benchmark
(`pycg_graph`), the one place that convention is written down:

- nodes are dotted names relative to the root: a module's top-level code is the module (`main`),
  functions `main.func`, methods `main.Cls.m`, nested functions `main.outer.inner`;
- a lambda is `<scope>.<lambdaN>`, numbered from 1 in source order within the function, class,
  lambda or module it is written in (`main.func.<lambda1>`); a call written inside a lambda is an
  edge of the lambda, never of the enclosing function (offpath's facts keep the calls of a lambda
  passed straight to a call in the enclosing function too, because the request runs them there);
- only calls the program makes: no sink APIs as such (a sink is a library call like any other),
  no "unwrapped"/"wrapper" edges (reachability's shortcuts around a workspace decorator);
- calls out of the workspace by the name they denote (`ext.Cls.fun`, `ext.parent.__init__`),
  builtins as `<builtin>.len`, a builtin only where nothing in its file can rebind the name.
"""

from __future__ import annotations

import ast
import builtins
from collections.abc import Iterable

from .model import Span
from .parse import parse

_UNWALKED = ("unwrapped", "wrapper")  # not calls the program makes


def offpath_graph(facts_by_path: dict) -> dict[str, list[str]]:
    """Every function's callees: the edges of the facts, and the sink APIs it calls."""
    graph: dict[str, list[str]] = {}
    for facts in facts_by_path.values():
        for name, function in sorted(facts.functions.items()):
            callees = [edge.target for edge in function.edges if edge.kind not in _UNWALKED]
            callees += [hit.spec.api for hit in function.sinks]
            graph[name] = sorted(dict.fromkeys(callees))
    return dict(sorted(graph.items()))


def pycg_graph(facts_by_path: dict, read_text=None) -> dict[str, list[str]]:
    """The graph in the PyCG benchmark's convention (module docstring). `read_text(path)` gives a
    file's text (default: read it from disk); it names the lambdas and tells which builtin names a
    file may rebind."""
    read_text = read_text or _read
    graph: dict[str, set[str]] = {}
    renamed: dict[str, str] = {}
    per_file = []
    for facts in facts_by_path.values():
        try:
            tree = parse(read_text(facts.path), filename=facts.path)
        except (OSError, SyntaxError, ValueError):
            tree = None
        lambdas = _lambda_names(tree, facts) if tree is not None else []
        renamed.update((offpath, pycg) for _, offpath, pycg in lambdas)
        rebound = _rebound_builtins(tree) if tree is not None else frozenset(_BUILTIN_NAMES)
        per_file.append((facts, lambdas, rebound))
    for facts, lambdas, rebound in per_file:
        spans = [(span, renamed_name) for span, _, renamed_name in lambdas]
        for name, function in facts.functions.items():
            own = renamed.get(name, name)
            graph.setdefault(own, set())
            calls = [(edge.span, renamed.get(edge.target, edge.target))
                     for edge in function.edges if edge.kind not in _UNWALKED]
            for dotted, span in function.library:
                if dotted.startswith("builtins."):
                    if dotted[9:] in rebound:
                        continue
                    dotted = "<builtin>." + dotted[9:]
                calls.append((span, dotted))
            for span, callee in calls:
                graph.setdefault(_innermost(spans, span) or own, set()).add(callee)
    return {caller: sorted(callees) for caller, callees in sorted(graph.items())}


def _read(path: str) -> str:
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def _innermost(spans: list[tuple[Span, str]], span: Span) -> str | None:
    """The name of the innermost lambda whose source contains `span`."""
    where = (span.line, span.col)
    inside = [(s, n) for s, n in spans if (s.line, s.col) <= where < (s.end_line, s.end_col)]
    return min(inside, key=lambda p: (p[0].end_line - p[0].line, p[0].end_col - p[0].col))[1] if inside else None


def _lambda_names(tree: ast.Module, facts) -> list[tuple[Span, str, str]]:
    """(span, offpath's name, the benchmark's name) of every lambda of a file: offpath numbers a
    file's lambdas `<module>.<lambdaN>` by position (`summary`), the benchmark per scope."""
    named = lambda_names(tree, facts.module)
    by_position = sorted(named, key=lambda pair: (pair[0].lineno, pair[0].col_offset))
    offpath = {id(node): f"{facts.module}.<lambda{number}>" for number, (node, _) in enumerate(by_position, 1)}
    return [(Span(node.lineno, node.col_offset, node.end_lineno or node.lineno, node.end_col_offset or 0),
             offpath[id(node)], name) for node, name in named]


def lambda_names(tree: ast.AST, scope: str) -> list[tuple[ast.Lambda, str]]:
    """Each lambda with its benchmark name `<scope>.<lambdaN>`, numbered from 1 in source order
    within the function, class, lambda or module it is written in (a decorator, a default or a
    base class belongs to the enclosing scope)."""
    names: list[tuple[ast.Lambda, str]] = []

    def visit(node: ast.AST, scope: str, counter: list[int]) -> None:
        if isinstance(node, ast.Lambda):
            for default in [*node.args.defaults, *(d for d in node.args.kw_defaults if d is not None)]:
                visit(default, scope, counter)
            counter[0] += 1
            name = f"{scope}.<lambda{counter[0]}>"
            names.append((node, name))
            visit(node.body, name, [0])
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            for head in _heads(node):
                visit(head, scope, counter)
            inner = [0]
            for statement in node.body:
                visit(statement, f"{scope}.{node.name}", inner)
        else:
            for child in ast.iter_child_nodes(node):
                visit(child, scope, counter)

    visit(tree, scope, [0])
    return names


def _heads(node) -> Iterable[ast.AST]:
    yield from node.decorator_list
    if isinstance(node, ast.ClassDef):
        yield from node.bases
        yield from (k.value for k in node.keywords)
    else:
        yield from node.args.defaults
        yield from (d for d in node.args.kw_defaults if d is not None)
        yield from (a.annotation for a in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs] if a.annotation)
        if node.returns:
            yield node.returns


_BUILTIN_NAMES = frozenset(dir(builtins))


def _rebound_builtins(tree: ast.Module) -> frozenset[str]:
    """The builtin names a file may bind anywhere (assignment, parameter, def, class, import,
    `for`, `with`, `except … as`, a walrus, a pattern); every builtin when it star-imports."""
    bound: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            bound.add(node.id)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                if alias.name == "*":
                    return _BUILTIN_NAMES
                bound.add((alias.asname or alias.name).split(".")[0])
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            bound.update(node.names)
        elif isinstance(node, ast.MatchAs) and node.name or isinstance(node, ast.MatchStar) and node.name:
            bound.add(node.name)
        elif isinstance(node, ast.MatchMapping) and node.rest:
            bound.add(node.rest)
    return frozenset(bound & _BUILTIN_NAMES)
