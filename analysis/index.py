"""The workspace index: which file holds which module, and each file's summary.

`set` and `remove` touch one file's entries only, so keeping the index current costs what the
edited file costs. Lookups that cross files (symbols, classes, subclasses) live here too.
"""

from __future__ import annotations

import os
from collections import defaultdict
from typing import NamedTuple

from .import_roots import IsPackage, import_root, is_package_dir
from .summary import (
    ATTRIBUTE_READ,
    ATTRIBUTE_WRITE,
    CLASS_ATTRIBUTE,
    OPERATOR_DUNDERS,
    PROPERTY_DECORATORS,
    CallSite,
    ClassInfo,
    FileSummary,
    FunctionInfo,
    base_tail,
)

SKIP_DIRS = frozenset({
    ".git", ".hg", ".svn", "__pycache__", "node_modules", ".venv", "venv", "env", ".env", ".tox",
    ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache", "build", "dist", "site-packages",
    ".offpath_cache", ".eggs", "htmlcov", ".idea", ".vscode", ".hypothesis",
})


def module_name(path: str, roots: list[str], is_package: IsPackage = is_package_dir) -> tuple[str, bool]:
    """Dotted module name of `path` relative to its import root (see import_roots); flat, src/ and
    subfolder layouts."""
    path = os.path.abspath(path)
    best = import_root(path, roots, is_package)
    rel = os.path.relpath(path, best) if best else os.path.basename(path)
    parts = rel.replace(os.sep, "/").split("/")
    if len(parts) > 1 and parts[0] == "src":
        parts = parts[1:]
    last = parts[-1]
    if last.endswith(".pyi"):
        last = last[:-4]
    elif last.endswith(".py"):
        last = last[:-3]
    is_package = last == "__init__"
    parts = parts[:-1] if is_package else parts[:-1] + [last]
    parts = [p for p in parts if p]
    return ".".join(parts), is_package


class WorkspaceIndex:
    def __init__(self, roots: list[str] | None = None, is_package: IsPackage = is_package_dir):
        self.roots = [os.path.abspath(r) for r in (roots or [])]
        self.is_package = is_package  # which folders are packages, as the workspace knows them
        self.summaries: dict[str, FileSummary] = {}
        self.path_of: dict[str, str] = {}
        self._classes_by_tail: dict[str, set[str]] = defaultdict(set)
        # Call sites and decorations by the last name of what they call: the callers of `send`.
        self._sites_by_tail: dict[str, dict[str, int]] = defaultdict(dict)
        self._sites_of: dict[str, dict[str, list[SiteRef]]] = {}  # path -> tail -> its sites
        self._site_lists: dict[str, tuple[SiteRef, ...]] = {}  # `call_sites`, dropped per tail on change
        self._split_cache: dict[str, tuple[str, str] | None] = {}
        # The attribute names whose read may run workspace code: name -> the files defining it
        # (see `accessor_names`).
        self._accessors: dict[str, set[str]] = defaultdict(set)
        self.library = None  # the installed packages (`library.Library`), consulted for names outside

    # -- updates -----------------------------------------------------------------------------
    def module_for(self, path: str) -> tuple[str, bool]:
        return module_name(path, self.roots, self.is_package)

    def set(self, path: str, summary: FileSummary) -> FileSummary | None:
        old = self.summaries.get(path)
        if old is not None:
            self._unlink(path, old, keep_module=old.module == summary.module)
        self.summaries[path] = summary
        if summary.module not in self.path_of:
            self._split_cache.clear()
        current = self.path_of.get(summary.module)
        # Prefer a real module over a stub or a shadowing duplicate found later.
        if current is None or current == path or not os.path.exists(current):
            self.path_of[summary.module] = path
        for cls in summary.classes:
            for base in cls.bases:
                self._classes_by_tail[base_tail(base)].add(f"{summary.module}.{cls.qualname}" if summary.module else cls.qualname)
        for name in accessor_names(summary):
            self._accessors[name].add(path)
        grouped = _group_sites(summary)
        self._sites_of[path] = grouped
        lists = self._lists()
        for tail, refs in grouped.items():
            self._sites_by_tail[tail][path] = len(refs)
            lists.pop(tail, None)
        return old

    def remove(self, path: str) -> FileSummary | None:
        old = self.summaries.pop(path, None)
        if old is not None:
            self._unlink(path, old)
        return old

    def _unlink(self, path: str, old: FileSummary, keep_module: bool = False) -> None:
        if not keep_module and self.path_of.get(old.module) == path:
            del self.path_of[old.module]
            self._split_cache.clear()
            for other, summary in self.summaries.items():
                if summary.module == old.module and other != path:
                    self.path_of[old.module] = other
                    break
        for cls in old.classes:
            for base in cls.bases:
                names = self._classes_by_tail.get(base_tail(base))
                if names is not None:
                    names.discard(f"{old.module}.{cls.qualname}" if old.module else cls.qualname)
        for name in accessor_names(old):
            paths = self._accessors.get(name)
            if paths is not None:
                paths.discard(path)
                if not paths:
                    del self._accessors[name]
        lists = self._lists()
        for tail in self._sites_of.pop(path, {}):
            lists.pop(tail, None)
            paths = self._sites_by_tail.get(tail)
            if paths is not None:
                paths.pop(path, None)

    def _lists(self) -> dict[str, tuple[SiteRef, ...]]:
        lists = self.__dict__.get("_site_lists")  # absent from an index stored before it existed
        if lists is None:
            lists = self._site_lists = {}
        return lists

    def copy(self) -> WorkspaceIndex:
        twin = WorkspaceIndex(self.roots, self.is_package)
        twin.library = self.library
        twin.summaries = dict(self.summaries)
        twin.path_of = dict(self.path_of)
        twin._classes_by_tail = defaultdict(set, {k: set(v) for k, v in self._classes_by_tail.items()})
        twin._sites_by_tail = defaultdict(dict, {k: dict(v) for k, v in self._sites_by_tail.items()})
        twin._sites_of = dict(self._sites_of)
        twin._accessors = defaultdict(set, {k: set(v) for k, v in self._accessors.items()})
        return twin

    # -- lookups -----------------------------------------------------------------------------
    def module(self, name: str) -> FileSummary | None:
        path = self.path_of.get(name)
        return self.summaries.get(path) if path else None

    def split(self, dotted: str) -> tuple[str, str] | None:
        """Split `pkg.mod.Class.meth` into (module, rest) by the longest module in the workspace."""
        if dotted in self._split_cache:
            return self._split_cache[dotted]
        found = self._split(dotted)
        if len(self._split_cache) > 200_000:
            self._split_cache.clear()
        self._split_cache[dotted] = found
        return found

    def _split(self, dotted: str) -> tuple[str, str] | None:
        parts = dotted.split(".")
        for cut in range(len(parts), 0, -1):
            name = ".".join(parts[:cut])
            if name in self.path_of:
                return name, ".".join(parts[cut:])
        if "" in self.path_of and dotted:
            return "", dotted
        return None

    def function(self, full: str) -> tuple[FileSummary, FunctionInfo] | None:
        found = self.split(full)
        if not found:
            return None
        summary = self.module(found[0])
        info = summary.function(found[1]) if summary and found[1] else None
        return (summary, info) if info else None

    def klass(self, full: str) -> tuple[FileSummary, ClassInfo] | None:
        found = self.split(full)
        if not found:
            return None
        summary = self.module(found[0])
        info = summary.klass(found[1]) if summary and found[1] else None
        return (summary, info) if info else None

    def subclass_candidates(self, class_name: str) -> set[str]:
        """Classes whose base list names `class_name` (by its last component); callers verify."""
        return set(self._classes_by_tail.get(class_name, ()))

    def path_for_module(self, name: str) -> str | None:
        return self.path_of.get(name)

    def site_count(self, tail: str) -> int:
        """How many call sites and decorations in the workspace call something named `tail`."""
        return sum(self._sites_by_tail.get(tail, {}).values())

    def defines_accessor(self, name: str) -> bool:
        """Whether some workspace class makes reading an attribute `name` run code: a property
        named `name`, or (`name` being `__getattr__`) a `__getattr__` fallback."""
        return name in self._accessors

    def call_sites(self, tail: str) -> tuple[SiteRef, ...]:
        """Every call site and decoration calling something named `tail`, in a stable order."""
        lists = self._lists()
        found = lists.get(tail)
        if found is None:  # kept until a file with sites of `tail` changes (every parameter asks)
            out: list[SiteRef] = []
            for path in sorted(self._sites_by_tail.get(tail, ())):
                out.extend(self._sites_of.get(path, {}).get(tail, ()))
            found = lists[tail] = tuple(out)
        return found


class SiteRef(NamedTuple):
    """One call site (or decoration) in `function` of `summary`; `decorated` is the qualname of the
    function or class a decoration applies to ("" for a call)."""

    summary: FileSummary
    function: FunctionInfo
    site: CallSite
    tail: str
    decorated: str = ""


def call_tail(site: CallSite) -> str | None:
    """The name a call site calls (`send` of `self.mailer.send(...)`), None for `f()()` or `d[k]()`."""
    callee = site.callee
    if not callee:
        return None
    last = callee[-1]
    if site.implicit and (last in OPERATOR_DUNDERS or last == ATTRIBUTE_READ or last == ATTRIBUTE_WRITE):
        return None  # `d[k]`, `a + b`: no call by name, and nothing passed that a parameter could hold
    return None if last.startswith(("(", "[")) else last


# Methods whose definition anywhere makes a read or an operator run workspace code.
_READ_SPECIALS = frozenset({"__getattr__", ATTRIBUTE_READ, ATTRIBUTE_WRITE, "__class_getitem__", *OPERATOR_DUNDERS})


def accessor_names(summary: FileSummary) -> set[str]:
    """The attribute names whose read runs a function of this file: its properties' names,
    `__getattr__` when one of its classes defines one (a read of any name may fall back to it),
    `__get__` / `__set__` when one does (a descriptor class), the special methods operators call that its
    classes define (`__add__`, `__getitem__`, `__class_getitem__`) and its classes' attribute
    names (`=name`: a class attribute that holds a descriptor, or a special method by alias).
    Reading an attribute no workspace class names this way runs no workspace code, so the call
    graph need not look at what its receiver holds."""
    out: set[str] = set()
    for function in summary.functions:
        if PROPERTY_DECORATORS.intersection(function.decorator_names):
            out.add(function.qualname.rsplit(".", 1)[-1])
    for cls in summary.classes:
        for method in cls.methods:
            if method in _READ_SPECIALS:  # a fallback; a descriptor class; an operator's method
                out.add(method)
        out.update(CLASS_ATTRIBUTE + binding.name for binding in cls.attrs)  # may hold a descriptor
    return out


def sites_of(summary: FileSummary) -> list[SiteRef]:
    """The call sites and decorations of one file, each with the scope it is evaluated in."""
    out: list[SiteRef] = []
    body = summary.module_body
    for function in summary.functions:
        for site in function.calls:
            tail = call_tail(site)
            if tail:
                out.append(SiteRef(summary, function, site, tail))
        if function.qualname:
            scope = (summary.function(function.parent) if function.parent else None) or body
            for site in function.decorators:
                tail = call_tail(site)
                if tail:
                    out.append(SiteRef(summary, scope, site, tail, function.qualname))
    for cls in summary.classes:
        scope = (summary.function(cls.parent) if cls.parent else None) or body
        for site in cls.decorators:
            tail = call_tail(site)
            if tail:
                out.append(SiteRef(summary, scope, site, tail, cls.qualname))
    return out


def _group_sites(summary: FileSummary) -> dict[str, list[SiteRef]]:
    grouped: dict[str, list[SiteRef]] = {}
    for ref in sites_of(summary):
        grouped.setdefault(ref.tail, []).append(ref)
    return grouped


def full_name(summary: FileSummary, qualname: str) -> str:
    if not summary.module:
        return qualname
    return f"{summary.module}.{qualname}" if qualname else summary.module

