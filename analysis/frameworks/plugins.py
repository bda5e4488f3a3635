"""Plugins: classes a project declares as setuptools entry points and finds through a registry.

Many applications (sentry and its descendants, pytest-style hosts) keep their integrations as
plugins: `pyproject.toml` names them (`[project.entry-points."app.plugins"]`), a loader walks
`importlib.metadata.entry_points(...)` and registers each `ep.load()` with a manager
(`plugins.register(cls)`), and request code asks the manager for one (`plugins.get(slug).send()`).
The manager usually keeps dotted strings and builds instances with `__import__`, which no value
flow follows. Two rules read it statically instead:

- `ep.load()` on an entry point of `importlib.metadata`/`importlib_metadata`/`pkg_resources` is
  one of the objects the project's own metadata declares (pyproject.toml `[project.entry-points]`,
  `[project.gui-scripts]` excluded like `[project.scripts]`, Poetry's `[tool.poetry.plugins]`,
  setup.cfg `[options.entry_points]`, a literal `entry_points=` in setup.py). The group is not
  read (the call's keyword is not in its chain), so every declared plugin group counts; console
  and GUI scripts never do.
- A registry is a workspace class with a `register…` method. A method of it that returns something
  (a `return` with a value) that resolves to nothing known returns what was registered: every
  class or function any call passes to a `register…` method of the class (argument flow); a
  class as an instance of it (managers build their plugins), a function as itself. A literal key
  is not matched against the members (their slugs are class attributes the manager compares at
  run time), so a lookup reaches every member that has the method called on it.

The metadata files are the nearest at or above each workspace root; an edit to them is read on
the next full load, not tracked by the dependency keys.
"""

from __future__ import annotations

import ast
import configparser
import os
from typing import TYPE_CHECKING

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

from .base import Framework

if TYPE_CHECKING:
    from ..resolve import Resolver

LOADERS = ("importlib.metadata.entry_points", "importlib_metadata.entry_points",
           "pkg_resources.iter_entry_points", "pkg_resources.get_entry_map")
SCRIPT_GROUPS = frozenset({"console_scripts", "gui_scripts"})
METADATA = ("pyproject.toml", "setup.cfg", "setup.py")
REGISTER = "register"


def _loaded(resolver: Resolver, dotted: str, argument: str) -> set:
    """`ep.load()` for an entry point read from the installed metadata: the declared plugins."""
    if not dotted.endswith(".load") or not dotted.startswith(LOADERS):
        return set()
    out: set = set()
    for target in declared_plugins(tuple(resolver.index.roots)):
        out |= resolver.target(target.replace(":", "."))
    return out


def declared_plugins(roots: tuple[str, ...]) -> list[str]:
    """The `module:attr` targets of every entry point (scripts excluded) the projects declare."""
    targets: list[str] = []
    for folder in dict.fromkeys(_metadata_folder(root) for root in roots):
        if folder:
            for group, target in _entry_points(folder):
                if group not in SCRIPT_GROUPS and target not in targets:
                    targets.append(target)
    return targets


def _metadata_folder(root: str) -> str:
    """The nearest folder at or above `root` that holds project metadata ("" when none does)."""
    current = os.path.abspath(root)
    while True:
        if any(os.path.isfile(os.path.join(current, name)) for name in METADATA):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return ""
        current = parent


def _entry_points(folder: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    found += _from_pyproject(os.path.join(folder, "pyproject.toml"))
    found += _from_setup_cfg(os.path.join(folder, "setup.cfg"))
    found += _from_setup_py(os.path.join(folder, "setup.py"))
    return found


def _from_pyproject(path: str) -> list[tuple[str, str]]:
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return []
    groups = dict(data.get("project", {}).get("entry-points", {}) or {})
    groups.update(data.get("tool", {}).get("poetry", {}).get("plugins", {}) or {})
    return [(group, str(target)) for group, members in groups.items() if isinstance(members, dict)
            for target in members.values()]


def _from_setup_cfg(path: str) -> list[tuple[str, str]]:
    if not os.path.isfile(path):
        return []
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(path, encoding="utf-8")
    except (configparser.Error, UnicodeDecodeError):
        return []
    if not parser.has_section("options.entry_points"):
        return []
    return [(group, line.split("=", 1)[1].strip()) for group, text in parser.items("options.entry_points")
            for line in text.splitlines() if "=" in line]


def _from_setup_py(path: str) -> list[tuple[str, str]]:
    """A literal `entry_points={"group": ["name = module:attr", ...]}` keyword of `setup(...)`."""
    try:
        with open(path, encoding="utf-8") as handle:
            tree = ast.parse(handle.read())
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
        return []
    found: list[tuple[str, str]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        for keyword in node.keywords:
            if keyword.arg != "entry_points" or not isinstance(keyword.value, ast.Dict):
                continue
            for key, value in zip(keyword.value.keys, keyword.value.values):
                if not isinstance(key, ast.Constant) or not isinstance(value, (ast.List, ast.Tuple)):
                    continue
                for item in value.elts:
                    if isinstance(item, ast.Constant) and isinstance(item.value, str) and "=" in item.value:
                        found.append((str(key.value), item.value.split("=", 1)[1].strip()))
    return found


def _registered(resolver: Resolver, function: str) -> set:
    """What a registry's lookup method returns when its own return expressions say nothing."""
    found = resolver.index.function(function)
    if found is None:
        return set()
    summary, info = found
    if not info.class_name or info.name.startswith(("__", REGISTER)) or not info.return_values:
        return set()
    workspace, _ = resolver.mro(resolver.full(summary, info.class_name))
    out: set = set()
    for owner_summary, owner_info in resolver.workspace_classes(workspace):
        for name in owner_info.methods:
            if not name.startswith(REGISTER):
                continue
            method = owner_summary.function(f"{owner_info.qualname}.{name}")
            params = [p for p in method.params[1 if method.receiver_param else 0:]] if method else []
            if not params:
                continue
            for value in resolver.parameter(owner_summary, method, params[0]):
                if value[0] == "class":
                    out.add(("inst", value[1]))
                elif value[0] == "func":
                    out.add(value)
    return out


FRAMEWORK = Framework(
    name="plugins",
    external_results=_loaded,
    unknown_returns=_registered,
)
