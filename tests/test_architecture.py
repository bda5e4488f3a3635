"""The layering of the packages, read from the source (parsed, never imported): the module import
graph of `analysis/`, `server/` and `cli/`, function-level imports included, has no cycles; the
analysis imports neither the server, the CLI nor the LSP libraries; the server does not import the CLI."""

from __future__ import annotations

import ast
import itertools
import os

ROOT = os.path.dirname(os.path.dirname(__file__))
PACKAGES = {"analysis": "offpath.analysis", "server": "offpath.server", "cli": "offpath.cli"}
LSP_LIBRARIES = ("pygls", "lsprotocol")


def _modules() -> dict[str, tuple[str, bool]]:
    """Every module under the three folders: import name -> (path, is a package's __init__)."""
    found = {}
    for folder, package in PACKAGES.items():
        base = os.path.join(ROOT, folder)
        for directory, dirs, files in os.walk(base):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            rel = os.path.relpath(directory, base)
            prefix = package if rel == "." else f"{package}.{rel.replace(os.sep, '.')}"
            for name in sorted(files):
                if name.endswith(".py"):
                    is_init = name == "__init__.py"
                    module = prefix if is_init else f"{prefix}.{name[:-3]}"
                    found[module] = (os.path.join(directory, name), is_init)
    return found


MODULES = _modules()


def _imports(module: str) -> list[tuple[str, int]]:
    """(imported name, line) for every import statement anywhere in the module, relative ones resolved.

    `from package import name` counts as importing `package.name` when that is a module of ours,
    else `package` itself.
    """
    path, is_init = MODULES[module]
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read(), path)
    package = module if is_init else module.rpartition(".")[0]
    type_only = {id(n) for block in ast.walk(tree) if _is_type_checking(block) for n in ast.walk(block)}
    found = []
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue  # `if TYPE_CHECKING:` imports never run: annotations only, no layering edge
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1])
                source = f"{base}.{node.module}" if node.module else base
            else:
                source = node.module or ""
            for alias in node.names:
                candidate = f"{source}.{alias.name}"
                found.append((candidate if candidate in MODULES else source, node.lineno))
    return found


def _is_type_checking(node: ast.AST) -> bool:
    if not isinstance(node, ast.If):
        return False
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _graph() -> dict[str, dict[str, int]]:
    """Our module -> {our imported module: first line importing it}."""
    graph: dict[str, dict[str, int]] = {}
    for module in MODULES:
        edges = graph.setdefault(module, {})
        for name, line in _imports(module):
            # `import offpath.analysis.summary` names the module; a name inside it is not a module.
            while name and name not in MODULES and name.startswith("offpath."):
                name = name.rpartition(".")[0]
            if name in MODULES and name != module:
                edges.setdefault(name, line)
    return graph


def _cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """One cycle per strongly connected component of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_cycle_in(graph, set(component)) for component in components]


def _cycle_in(graph: dict[str, dict[str, int]], members: set[str]) -> list[str]:
    """A shortest cycle through the component's first module, staying inside the component."""
    start = min(members)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for target in sorted(graph[node]):
                if target == start:
                    return paths[node] + [start]
                if target in members and target not in paths:
                    paths[target] = paths[node] + [target]
                    following.append(target)
        frontier = following
    return sorted(members)


def _describe(graph: dict[str, dict[str, int]], cycle: list[str]) -> str:
    hops = [f"{a} (line {graph[a][b]}) -> {b}" for a, b in itertools.pairwise(cycle)]
    return "import cycle:\n  " + "\n  ".join(hops)


def _offenders(prefix: str, forbidden: tuple[str, ...]) -> list[str]:
    offenders = []
    for module in MODULES:
        if module != prefix and not module.startswith(prefix + "."):
            continue
        for name, line in _imports(module):
            if any(name == f or name.startswith(f + ".") for f in forbidden):
                offenders.append(f"{os.path.relpath(MODULES[module][0], ROOT)}:{line} imports {name}")
    return offenders


def test_the_graph_sees_function_level_imports() -> None:
    # Imports inside functions count: `offpath server` imports the server only when it runs.
    graph = _graph()
    assert "offpath.analysis.project" in graph["offpath.cli.main"]
    assert "offpath.server.__main__" in graph["offpath.cli.main"]


def test_no_import_cycles() -> None:
    graph = _graph()
    cycles = _cycles(graph)
    assert not cycles, "\n".join(_describe(graph, cycle) for cycle in cycles)


def test_the_cycle_finder_reports_a_cycle() -> None:
    graph = {"a": {"b": 3}, "b": {"c": 5}, "c": {"a": 7}, "d": {"a": 1}}
    (cycle,) = _cycles(graph)
    assert cycle == ["a", "b", "c", "a"]
    assert _describe(graph, cycle) == "import cycle:\n  a (line 3) -> b\n  b (line 5) -> c\n  c (line 7) -> a"


def test_analysis_imports_neither_the_server_the_cli_nor_lsp_libraries() -> None:
    assert _offenders("offpath.analysis", ("offpath.server", "offpath.cli", *LSP_LIBRARIES)) == []


def test_server_does_not_import_the_cli() -> None:
    assert _offenders("offpath.server", ("offpath.cli",)) == []
