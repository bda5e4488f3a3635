"""The installed packages of the analysed environment, read statically and only on demand.

A `Library` finds a module in the environment's package folders, summarises it with the same
`summarize()` as workspace files (through a disk cache shared by every project of the user), and
answers three questions the workspace's resolution asks about a name outside the workspace:
  `call_result(dotted)`  what calling it returns (its annotation, stubs first, or its returns),
  `sink_behind(dotted)`  the slow API it is, once re-exports are folded (`pkg.Message.send` and
                         `pkg.message.Message.send` are one sink), or reaches within `MAX_HOPS`
                         library calls (a wrapper), with those hops to show in the finding's chain,
  `home(dotted)`         where it is really defined.
It also lets installed base classes join a workspace class's MRO (`method`, `method_facts`): the
library's `self.done()` in a base's `post()` reaches the project's override when the walk knows
the concrete class of `self` (`reachability.explore`).
Library code is resolved by its own `Resolver` over a `LibraryIndex`: it never sees the workspace,
so its answers are fixed for a session and need no invalidation. Nothing is imported or run.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace

from . import sinks
from .callgraph import GraphContext, _FileAnalyzer
from .environment import Environment
from .index import WorkspaceIndex
from .model import Location
from .resolve import Resolver, Value
from .source import SourceFile, read_source
from .summary import FileSummary, SummaryError, summarize

MAX_HOPS = 3  # library calls followed behind one workspace call
MAX_FUNCTIONS = 48  # library functions looked at behind one workspace call
MAX_VALUES = 12
_SUFFIXES = ((os.sep + "__init__.py", True), (".py", False), (os.sep + "__init__.pyi", True), (".pyi", False))


def _locked(method):
    """One question at a time: the server's worker and its fix verifier share one Library, and
    its resolver keeps per-question state."""
    @functools.wraps(method)
    def wrapper(self, *args):
        with self._lock:
            return method(self, *args)
    return wrapper


class Library:
    """Lazy, memoised access to one environment's modules (`cache`: a `SummaryCache` or None)."""

    def __init__(self, environment: Environment, cache=None):
        self.environment = environment
        self.paths = environment.paths
        self.cache = cache
        self.skipped: dict[str, str] = {}
        self._found: dict[str, tuple[str, bool, str] | None] = {}
        self._summaries: dict[str, FileSummary | None] = {}
        self._tops: dict[str, bool] = {}
        self._listings: dict[str, frozenset[str]] = {}
        self._homes: dict[str, dict[str, sinks.SinkSpec]] = {}
        self._behind: dict[str, sinks.SinkSpec | None] = {}
        self._results: dict[str, frozenset] = {}
        self._facts: dict[str, object] = {}
        self._orders: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._method_facts: dict[str, object] = {}
        self._argument_methods: dict[str, tuple] = {}
        self.index = LibraryIndex(self)
        self.resolver = Resolver(self.index)
        self._context = GraphContext(self.index, {}, HomeSinks(self))
        self._context.resolver = self.resolver
        self.summarised = 0
        self._lock = threading.RLock()

    # -- finding and reading modules ---------------------------------------------------------
    def has_top(self, top: str) -> bool:
        """Whether a top-level package or module of that name is installed (as source or stubs)."""
        if top not in self._tops:
            self._tops[top] = bool(top) and any(
                {top, f"{top}-stubs", f"{top}.py", f"{top}.pyi"} & self._entries(p) for p in self.paths)
        return self._tops[top]

    def _entries(self, folder: str) -> frozenset[str]:
        """The names in one folder, listed once: lookups test membership instead of stat-ing."""
        found = self._listings.get(folder)
        if found is None:
            try:
                found = frozenset(os.listdir(folder))
            except OSError:
                found = frozenset()
            self._listings[folder] = found
        return found

    def _exists(self, path: str) -> bool:
        folder, name = os.path.split(path)
        return name in self._entries(folder)

    def find(self, module: str) -> tuple[str, bool, str] | None:
        """(source path, is_package, stub path) of an installed module; a folder without
        `__init__.py` is a namespace package (its path is the folder)."""
        if module in self._found:
            return self._found[module]
        found = None
        parts = module.split(".")
        if module and self.has_top(parts[0]):
            found = self._find(parts)
        self._found[module] = found
        return found

    def _find(self, parts: list[str]) -> tuple[str, bool, str] | None:
        """Like the import system: a package (`__init__`) before a module, source before a `.pyi`
        beside it, a folder without `__init__` as a namespace package; `<top>-stubs` for types."""
        rel = os.path.join(*parts)
        stub_rel = os.path.join(f"{parts[0]}-stubs", *parts[1:])
        for folder in self.paths:
            stub = ""
            for suffix in (os.sep + "__init__.pyi", ".pyi"):
                candidate = os.path.join(folder, stub_rel) + suffix
                if self._exists(candidate):
                    stub = candidate
                    break
            for suffix, package in _SUFFIXES:
                candidate = os.path.join(folder, rel) + suffix
                if self._exists(candidate):
                    if candidate.endswith(".pyi"):
                        return (candidate, package, stub)
                    sibling = candidate + "i"
                    return (candidate, package, stub or (sibling if self._exists(sibling) else ""))
            directory = os.path.join(folder, rel)
            if os.path.basename(directory) in self._entries(os.path.dirname(directory)) and os.path.isdir(directory):
                return (directory, True, stub)
            if stub:
                return (stub, stub.endswith("__init__.pyi"), "")
        return None

    def module(self, name: str) -> FileSummary | None:
        """The summary of an installed module (its stub's types merged in), or None."""
        if name in self._summaries:
            return self._summaries[name]
        found = self.find(name)
        summary = None
        if found is not None:
            path, is_package, stub = found
            summary = self._summarise(path, name, is_package)
            if summary is not None and stub:
                typed = self._summarise(stub, name, is_package)
                summary = with_stub_types(summary, typed) if typed is not None else summary
        self._summaries[name] = summary
        return summary

    def _summarise(self, path: str, module: str, is_package: bool) -> FileSummary | None:
        if os.path.isdir(path):
            text = ""  # a namespace package: a module with nothing in it
        else:
            text = read_source(path)
            if text is None:
                self.skipped[path] = "cannot be read or larger than the size limit"
                return None
        source = SourceFile(path, text)
        if self.cache is not None:
            cached = self.cache.get(source.digest, module, is_package)
            if cached is not None:
                return cached
        try:
            # Which calls hand their value on is asked of workspace calls only (OFP301's chain).
            summary = summarize(source, module, is_package, needed=False)
        except SummaryError as exc:
            self.skipped[path] = exc.reason
            return None
        except (RecursionError, MemoryError, ValueError) as exc:
            self.skipped[path] = type(exc).__name__
            return None
        self.summarised += 1
        if self.cache is not None:
            self.cache.put(summary)
        return summary

    def installed(self, path: str) -> bool:
        """Whether `path` lies in one of the environment's package folders."""
        return any(path.startswith(folder + os.sep) for folder in self.paths)

    def path_of(self, module: str) -> str:
        found = self.find(module)
        return found[0] if found else ""

    # -- questions the workspace asks --------------------------------------------------------
    @_locked
    def values(self, dotted: str) -> set[Value]:
        """What an absolute dotted name denotes in the library (by its defining module)."""
        if not self.has_top(dotted.split(".", 1)[0]):
            return set()
        return {v for v in self.resolver.target(dotted) if v[0] in ("func", "class", "mod", "ext")}

    @_locked
    def home(self, dotted: str) -> str:
        """Where `dotted` is defined (`pkg.Message.send` -> `pkg.message.Message.send`), else itself."""
        values = self.values(dotted)
        names = sorted(v[1] for v in values if v[0] in ("func", "class", "mod", "ext"))
        return names[0] if len(names) == 1 else dotted

    @_locked
    def call_result(self, dotted: str) -> frozenset:
        """What calling the library's `dotted` gives, as workspace values (`exti` instances of the
        classes by their defining module); empty when the library does not say."""
        if dotted in self._results:
            return self._results[dotted]
        self._results[dotted] = frozenset()  # recursion guard
        out: set[Value] = set()
        for value in sorted(self.values(dotted) or self._instance_attribute(dotted))[:MAX_VALUES]:
            if value[0] == "func":
                out |= self.resolver.returns(value[1])
            elif value[0] == "class":
                out.add(("inst", value[1]))
        result = frozenset(_as_external(v) for v in out if _as_external(v) is not None)
        self._results[dotted] = result
        return result

    def _instance_attribute(self, dotted: str) -> set[Value]:
        """`pkg.Builder.welcome` read on an instance (the workspace's `builder.welcome(...)`):
        what the resolver gives the attribute of an instance of the installed class: a callable
        stored in `__init__`, or what the class computes for it (its `__getattr__`)."""
        owner, _, name = dotted.rpartition(".")
        if not owner or not name:
            return set()
        out: set[Value] = set()
        for value in self.values(owner):
            if value[0] == "class":
                out |= self.resolver.class_attribute(value[1], name, instance=True)
        return {v for v in out if v[0] in ("func", "class", "ext")}

    def home_sink(self, home: str) -> sinks.SinkSpec | None:
        """The sink whose public spelling folds to `home` through the library's summaries."""
        spec = sinks.lookup(home)
        if spec is not None:
            return spec
        top = home.split(".", 1)[0]
        table = self._homes.get(top)
        if table is None:
            table = self._homes[top] = {}
            for api, candidate in sorted(sinks.SINKS.items()):
                if api.split(".", 1)[0] != top or ":" in api:
                    continue
                folded = self.home(api)
                if folded != api:
                    table.setdefault(folded, candidate)
        return table.get(home)

    @_locked
    def sink_behind(self, dotted: str) -> sinks.SinkSpec | None:
        """The sink `dotted` is (re-exports folded) or calls within MAX_HOPS library hops; the
        spec's `via` names those hops."""
        if dotted in self._behind:
            return self._behind[dotted]
        self._behind[dotted] = None  # recursion guard
        found = None
        values = sorted(self.values(dotted))
        for value in values:
            if value[0] != "mod":
                found = self.home_sink(value[1])
                if found is not None:
                    break
        if found is None:
            # Functions and methods only: a library class's constructor builds an object, and the
            # object's methods, called later, are asked about on their own.
            found = self._follow([v[1] for v in values if v[0] == "func"])
        self._behind[dotted] = found
        return found

    def _follow(self, starts: list[str]) -> sinks.SinkSpec | None:
        """Breadth-first through library functions from `starts`: the first sink reached. Hops
        stay inside the package of the start (a call into another package is a sink by the
        table, or that package's own business), which keeps the cost of one question flat."""
        queue: list[tuple[str, tuple[Location, ...]]] = [(s, ()) for s in starts]
        seen = set(starts)
        looked = 0
        while queue and looked < MAX_FUNCTIONS:
            name, via = queue.pop(0)
            facts = self.function_facts(name)
            looked += 1
            if facts is None:
                continue
            for hit in facts.sinks:
                if not hit.spec.awaited_only:
                    return sinks.with_via(hit.spec, (*via, Location(facts.path, hit.span, name)))
            if len(via) + 1 >= MAX_HOPS:
                continue
            for edge in facts.edges:
                if edge.target not in seen and edge.kind != "inline-task" and _same_top(edge.target, name):
                    seen.add(edge.target)
                    queue.append((edge.target, (*via, Location(facts.path, edge.span, name))))
        return None

    # -- installed base classes in a workspace class's MRO ----------------------------------
    @_locked
    def class_order(self, bases: Sequence[str]) -> tuple[str, ...]:
        """The installed classes behind a workspace class's external `bases` (as the workspace
        names them), by their defining module, in method resolution order (each base's own MRO
        in turn, as `Resolver.mro` orders the workspace's)."""
        key = tuple(bases)
        if key not in self._orders:
            order: list[str] = []
            for base in bases:
                for value in sorted(self.values(base)):
                    if value[0] != "class":
                        continue
                    for owner in self.resolver.mro(value[1])[0]:
                        if owner not in order:
                            order.append(owner)
            self._orders[key] = tuple(order)
        return self._orders[key]

    @_locked
    def method(self, bases: Sequence[str], name: str, after: str = "") -> str | None:
        """The installed method `name` an instance with these external bases runs: the first
        class of `class_order` defining it (after the installed class `after`, for `super()`)."""
        order = self.class_order(bases)
        if after:
            if after not in order:
                return None
            order = order[order.index(after) + 1:]
        for owner in order:
            found = self.index.klass(owner)
            if found is not None and name in found[1].methods:
                return f"{owner}.{name}"
        return None

    @_locked
    def argument_methods(self, dotted: str) -> tuple:
        """(the installed function `dotted` names, the `(parameter, method)` pairs it calls on its
        own parameters): Django's `ModelAdmin.save_model(self, request, obj, form, change)` runs
        `obj.save()`, so a workspace call handing it a model runs that model's `save`. Empty
        when the library does not define it."""
        if dotted not in self._argument_methods:
            self._argument_methods[dotted] = ()
            home = self.home(dotted)
            found = self.index.function(home) if home != dotted or "." in dotted else None
            if found is not None:
                info = found[1]
                params = {p.name for p in info.params} - {info.receiver_param}
                pairs = sorted({(site.callee[0], site.callee[1]) for site in info.calls
                                if site.callee and len(site.callee) == 2 and site.callee[0] in params
                                and site.callee[1].isidentifier()})
                if pairs:
                    self._argument_methods[dotted] = (info, tuple(pairs))
        return self._argument_methods[dotted]

    @_locked
    def method_facts(self, name: str):
        """An installed method's facts as a walk with a known `self` sees them: only its
        `self.m()`/`super().m()` calls, resolved against the concrete class (they may reach the
        project's overrides). Its own calls and sinks are the library's business: a workspace call
        into it asks `sink_behind`, and nothing inside site-packages is ever reported."""
        if name not in self._method_facts:
            facts = self.function_facts(name)
            if facts is not None:
                facts = replace(facts, edges=(), sinks=(), task_calls=(), dispatches=(), detached=(), unresolved=())
            self._method_facts[name] = facts
        return self._method_facts[name]

    def function_facts(self, name: str):
        """The call-graph facts of one library function (sinks by their home, edges), memoised."""
        if name in self._facts:
            return self._facts[name]
        self._facts[name] = None
        found = self.index.function(name)
        facts = None
        if found is not None:
            summary, info = found
            path = self.path_of(summary.module)
            self.resolver.begin(set())
            try:
                facts = _FileAnalyzer(path, summary, self.resolver, self._context).function_facts(info)
            except RecursionError:
                facts = None
        self._facts[name] = facts
        return facts


def _same_top(name: str, other: str) -> bool:
    return name.split(".", 1)[0] == other.split(".", 1)[0]


def _as_external(value: Value) -> Value | None:
    """A library value as the workspace sees it: outside the workspace, named by its home."""
    kind = value[0]
    if kind in ("inst", "exti"):
        return ("exti", value[1])
    if kind in ("class", "func", "mod", "ext"):
        return ("ext", value[1])
    if kind in ("str", "num"):
        return value
    return None


def with_stub_types(source: FileSummary, stub: FileSummary) -> FileSummary:
    """Stubs win for types, the source for calls: each function's return annotation and each
    parameter's annotation come from the stub when it gives one; the stub's imports are added
    after the source's (its annotations name them)."""
    typed = {f.qualname: f for f in stub.functions}
    functions = []
    for function in source.functions:
        other = typed.get(function.qualname)
        if other is None or not function.qualname:
            functions.append(function)
            continue
        params = function.params
        if len(other.params) == len(params):
            params = tuple(p._replace(annotation=o.annotation) if o.annotation else p
                           for p, o in zip(params, other.params))
        functions.append(function._replace(returns=other.returns or function.returns, params=params))
    known = {(i.local, i.scope) for i in source.imports}
    imports = source.imports + tuple(i for i in stub.imports if (i.local, i.scope) not in known and not i.scope)
    return FileSummary(source.module, source.is_package, source.digest, tuple(functions), source.classes,
                       imports, source.dunder_all, source.suppressions, source.lines)


class LibraryIndex(WorkspaceIndex):
    """The `WorkspaceIndex` interface over a `Library`: modules appear when first asked for."""

    def __init__(self, library: Library):
        super().__init__([])
        self.library = None  # library code resolves within the library, never through another
        self._source = library

    def module(self, name: str) -> FileSummary | None:
        summary = self._source.module(name)
        if summary is not None and name not in self.path_of:
            path = self._source.path_of(name)
            self.path_of[name] = path
            self.summaries[path] = summary
        return summary

    def _split(self, dotted: str) -> tuple[str, str] | None:
        parts = dotted.split(".")
        if not self._source.has_top(parts[0]):
            return None
        for cut in range(len(parts), 0, -1):
            name = ".".join(parts[:cut])
            if self.module(name) is not None:
                return name, ".".join(parts[cut:])
        return None

    def path_for_module(self, name: str) -> str | None:
        return self._source.path_of(name) or None

    def subclass_candidates(self, class_name: str) -> set[str]:
        return set()  # subclasses in installed code are not searched: the workspace's are its own

    def copy(self) -> LibraryIndex:
        return self


class HomeSinks(Mapping):
    """The sink table as library code sees it: names by their defining module."""

    def __init__(self, library: Library):
        self._library = library

    def __getitem__(self, name: str) -> sinks.SinkSpec:
        spec = self._library.home_sink(name) if self._library.has_top(name.split(".", 1)[0]) else None
        if spec is None:
            raise KeyError(name)
        return spec

    def __contains__(self, name: object) -> bool:
        try:
            self[name]  # type: ignore[index]
        except KeyError:
            return False
        return True

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 1  # never empty: `sinks.lookup` consults it


class WorkspaceSinks(Mapping):
    """The sink table the workspace's call graph consults with an environment: the configured
    extra sinks, then for a name outside the workspace that the table does not hold, the sink
    the library folds it to or reaches behind it (`Library.sink_behind`)."""

    def __init__(self, extra: dict[str, sinks.SinkSpec], library: Library, in_workspace: Callable[[str], bool]):
        self._extra = extra
        self._library = library
        self._in_workspace = in_workspace
        self._workspace_tops: dict[str, bool] = {}
        self._memo: dict[str, sinks.SinkSpec | None] = {}
        self._extra_homes: dict[str, sinks.SinkSpec] | None = None

    def _get(self, name: str) -> sinks.SinkSpec | None:
        if name in self._extra:
            return self._extra[name]
        if name in self._memo:
            return self._memo[name]
        spec = None
        top = name.split(".", 1)[0]
        if name not in sinks.SINKS and sinks.canonical(name) not in sinks.SINKS and ":" not in name \
                and "[" not in name and self._library.has_top(top) and not self._workspace_top(top):
            spec = self._configured_home(name) or self._library.sink_behind(name)
        self._memo[name] = spec
        return spec

    def _workspace_top(self, top: str) -> bool:
        if top not in self._workspace_tops:
            self._workspace_tops[top] = self._in_workspace(top)
        return self._workspace_tops[top]

    def _configured_home(self, name: str) -> sinks.SinkSpec | None:
        """A configured sink (`[tool.offpath] sinks`) named by a re-export of `name`'s home."""
        if not self._extra:
            return None
        if self._extra_homes is None:
            self._extra_homes = {}
            for api, spec in sorted(self._extra.items()):
                self._extra_homes.setdefault(self._library.home(api), spec)
        return self._extra_homes.get(self._library.home(name))

    def __getitem__(self, name: str) -> sinks.SinkSpec:
        spec = self._get(name)
        if spec is None:
            raise KeyError(name)
        return spec

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self._get(name) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self._extra)

    def __len__(self) -> int:
        return len(self._extra) + 1

