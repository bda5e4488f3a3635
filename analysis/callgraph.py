"""Per-file facts of the interprocedural call graph: each function's resolved outgoing edges, the
sinks it calls directly, the tasks it dispatches or calls inline, and the work it detaches.

`analyze_file` is the unit of incremental work: it reads one file's summary, resolves what it must
through the index, and reports which modules (and signal/subclass keys) it looked at, so an edit
elsewhere invalidates exactly the files that depend on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import arguments, backends, dispatch, sinks
from .dependencies import body_key
from .frameworks import HOOKS, detect_entries
from .frameworks.base import decorator_scope
from .index import WorkspaceIndex, full_name
from .model import EntryPoint, Route, Span
from .resolve import RESULT_RUNNERS, Resolver, Value
from .summary import (
    ATTRIBUTE_READ,
    ATTRIBUTE_WRITE,
    CALL,
    CLASS_ATTRIBUTE,
    DELEGATED,
    OPERATOR_DUNDERS,
    CallSite,
    FileSummary,
    FunctionInfo,
)

# Library and builtin helpers that call the function they are given, before returning.
CALLING_HELPERS = frozenset({
    "map", "filter", "sorted", "min", "max", "reduce", "sync_to_async", "async_to_sync",
    "run_in_threadpool", "to_thread", "run_sync", "wraps_call", "call_with_retry", "retry_call",
})
# Standard-library functions that call some of their arguments before returning (or, for a
# `defaultdict`, on the lookups of the dict it builds): by position and keyword.
CALLING_PARAMETERS: dict[str, tuple[int | str, ...]] = {
    "json.dumps": ("default",), "json.dump": ("default",),
    **dict.fromkeys(("json.loads", "json.load"),
                    ("object_hook", "object_pairs_hook", "parse_float", "parse_int", "parse_constant")),
    "re.sub": (1, "repl"), "re.subn": (1, "repl"),
    "collections.defaultdict": (0, "default_factory"),
    **dict.fromkeys(("itertools.starmap", "itertools.takewhile", "itertools.dropwhile",
                     "itertools.filterfalse"), (0, "predicate", "function")),
    "itertools.groupby": (1, "key"), "itertools.accumulate": (1, "func"),
    **dict.fromkeys(("heapq.nlargest", "heapq.nsmallest"), (2, "key")), "heapq.merge": ("key",),
}
# Of those, the ones that run a library callable they are given in a thread, now
# (`await asyncio.to_thread(requests.post, url)`): a sink passed there is a sink at that call.
THREAD_RUNNERS = RESULT_RUNNERS | {"run_in_executor"}
SHORT_SLEEP_SECONDS = 0.5
MAX_CONTEXTS = 8  # receiver classes one call enters an inherited method with (a count: the same on every machine)
MAX_NAMED_METHODS = 600  # method names `getattr(obj, parameter)` may stand for; more: no named edges


@dataclass(frozen=True, slots=True)
class Edge:
    target: str
    span: Span
    # call | callback | signal | inline-task | self | super; a wrapper's call of the function it
    # wraps is "decorated" (not followed: the caller's "unwrapped" edge goes there directly);
    # a decorated function's own "wrapper" edges name the workspace wrappers a call of it runs
    # (a routed handler's `@event(...)` wrapper runs in the request), not calls it makes; "base"
    # is a class's method called with the caller's own `self` (`Base.run(self)`), entered with it.
    kind: str = "call"
    # The exact class of the receiver when the method is inherited (`gallery.save()` runs
    # `Page.save` for a `Gallery`): the walk enters it with that `self`, so its `super()` and
    # `self.m()` calls follow the instance's MRO.
    self_class: str = ""
    # `getattr(obj, name)(...)` with `name` a parameter, or `fn(...)` of a parameter: (parameter,
    # the method name or the function this edge stands for, whether to follow it when the walk
    # does not know what the parameter holds). A walk that entered the function knowing it (see
    # `FunctionFacts.passes`) follows only the edges of that name or function.
    named: tuple = ()


@dataclass(frozen=True, slots=True)
class SinkHit:
    span: Span
    spec: sinks.SinkSpec
    # The call's first argument when it is a string literal (a URL: `requests.post("https://…/oauth/token")`).
    endpoint: str = ""


def _sink_hit(site: CallSite, spec: sinks.SinkSpec) -> SinkHit:
    """The hit of a sink at `site`, with the literal it is given (a token endpoint's URL)."""
    return SinkHit(site.span, spec, site.literal or "")


@dataclass(frozen=True, slots=True)
class TaskCall:
    """A task function called like a plain function: it runs inline, in the request."""

    span: Span
    task: str
    backend: str


@dataclass(frozen=True, slots=True)
class Dispatch:
    span: Span
    task: str
    backend: str
    method: str
    orm_args: tuple[str, ...] = ()  # model classes passed as arguments
    atomic: bool = False
    on_commit: bool = False

    @property
    def label(self) -> str:
        """How messages name the dispatched task: its function name, else the dispatch method."""
        return self.task.rsplit(".", 1)[-1] if self.task else (self.method or "task")


@dataclass(frozen=True, slots=True)
class Detached:
    """Work started in a thread, executor or asyncio task: lost on restart."""

    span: Span
    api: str
    kind: str


@dataclass(frozen=True, slots=True)
class FunctionFacts:
    name: str
    path: str
    span: Span
    is_async: bool
    edges: tuple[Edge, ...] = ()
    sinks: tuple[SinkHit, ...] = ()
    task_calls: tuple[TaskCall, ...] = ()
    dispatches: tuple[Dispatch, ...] = ()
    detached: tuple[Detached, ...] = ()
    unresolved: tuple[tuple[Span, Span], ...] = ()  # (call, called expression) we could not name
    owner: str = ""  # the class of a method
    self_calls: tuple[tuple[str, Span], ...] = ()  # `self.m()`: resolved per view class when walking
    super_calls: tuple[tuple[str, Span], ...] = ()  # `super().m()`: likewise, after `owner`
    needed: frozenset[tuple[int, int, int, int]] = frozenset()  # calls whose value it hands on (`call_use`)
    effects: frozenset[tuple[int, int, int, int]] = frozenset()  # calls handing on an effect (`call_use`)
    # Calls in a `try` whose `except` returns / raises an error of its own / drops it (`call_use`).
    answered: frozenset[tuple[int, int, int, int]] = frozenset()
    translated: frozenset[tuple[int, int, int, int]] = frozenset()
    wrapped: frozenset[tuple[int, int, int, int]] = frozenset()  # under an `except Exception` that re-raises its own
    swallowed: frozenset[tuple[int, int, int, int]] = frozenset()
    # Calls whose value or failure decides an error the framework answers with a status (`call_use`).
    statused: frozenset[tuple[int, int, int, int]] = frozenset()
    # Calls needed only as what fills a needed object, not for their value (`call_use`).
    filled: frozenset[tuple[int, int, int, int]] = frozenset()
    # What the calls hand to a callee's parameters that name an attribute there (`getattr(obj,
    # name)`), that it calls (`fn(...)`) or hands on: per call span, (callee parameter, "lit", the
    # string or the one function passed) or (callee parameter, "fwd", this function's parameter
    # whose value it hands on).
    passes: tuple[tuple[tuple[int, int, int, int], tuple[tuple[str, str, str], ...]], ...] = ()
    # Calls out of the workspace, by the dotted name the call denotes (`ext.Cls.fun`, an imported
    # class's inherited `ext.Base.__init__`), and calls of a bare builtin name the resolver found
    # no binding for (`builtins.len`; `graph_export` checks that nothing in the file rebinds it).
    # Not followed by the walk: `offpath graph --format pycg` prints them; recorded only with
    # `Config.library_calls`.
    library: tuple[tuple[str, Span], ...] = ()


@dataclass(frozen=True)
class FileFacts:
    path: str
    module: str
    functions: dict[str, FunctionFacts]
    entries: tuple[EntryPoint, ...]
    routes: tuple[Route, ...]
    receivers: tuple[tuple[str, str], ...]  # (signal key, receiver function)
    tasks: tuple[tuple[str, str], ...]  # (task function, backend) defined in this file
    # What each part's resolution read (the union is `dependencies`): per function name, and for
    # the file's own part (entries, routes, receivers, tasks). An edit elsewhere re-resolves only
    # the parts whose reads meet the keys it changed (`analyze_file(previous=, changed=)`).
    reads: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)  # `Resolver.interned`
    file_reads: frozenset[str] = field(default=frozenset(), compare=False)

    @property
    def dependencies(self) -> frozenset[str]:
        """Every key the file's resolution read, its own module's included. Built when asked
        (the graph asks when it moves the reverse index, once per analysis): kept per file, these
        sets held every read again (560 MB on sentry, beside the 210 MB of `reads`)."""
        return frozenset({self.module}.union(self.file_reads, *self.reads.values()))


# Methods of builtin types and ORM querysets: never worth a jedi lookup.
_COMMON_METHODS = frozenset({
    "append", "extend", "insert", "remove", "pop", "sort", "copy", "clear", "get", "items", "keys",
    "values", "setdefault", "update", "add", "discard", "format", "join", "split", "rsplit", "strip",
    "lstrip", "rstrip", "lower", "upper", "replace", "startswith", "endswith", "encode", "decode",
    "filter", "exclude", "all", "first", "last", "count", "exists", "order_by", "annotate",
    "values_list", "select_related", "prefetch_related", "is_valid", "isoformat", "strftime",
    "group", "match", "search", "sub", "read", "close", "debug", "info", "warning", "error",
    "exception", "getlist", "pk", "title", "capitalize", "index", "find", "splitlines",
})
_BUILTINS = frozenset(dir(__import__("builtins")))


def _binds_for_later(site: CallSite) -> bool:
    """`functools.partial(f, x)`: binds `f` for whoever calls the result, calls nothing now."""
    return bool(site.callee) and site.callee[-1] == "partial"


def _runs_in_request(backend) -> bool:
    """A hook boundary (`transaction.on_commit`) defers work to the commit, not off the request:
    what it is given runs in the request thread before the response; only a queue dispatch inside
    it ends the path."""
    found = backends.BY_NAME.get(backend) if isinstance(backend, str) else None
    return found is not None and found.kind == "hook"


def _self_name(function: FunctionInfo) -> str | None:
    return function.receiver_param


def _worth_asking(callee) -> bool:
    """Whether an unresolved call is worth a (slow) jedi lookup."""
    if len(callee) == 1:
        return callee[0] not in _BUILTINS
    last = callee[-1]
    return not last.startswith("(") and last != "[]" and last not in _COMMON_METHODS and not last.startswith("__")


def _passes(constant: str, test: str) -> bool:
    if test == "none":
        return constant == "None"
    return constant == "True"


def _innermost(spans: list[Span], span: Span) -> Span | None:
    """The smallest of `spans` that contains `span`."""
    inside = [s for s in spans if (s.line, s.col) <= (span.line, span.col)
              and (span.end_line, span.end_col) <= (s.end_line, s.end_col)]
    return min(inside, key=lambda s: (s.end_line - s.line, s.end_col - s.col), default=None)


class GraphContext:
    """What analysing one file may read beyond the index: the current signal receivers."""

    def __init__(self, index: WorkspaceIndex, receivers: dict[str, set[str]] | None = None, extra_sinks=None,
                 library_calls: bool = False):
        self.index = index
        self.library_calls = library_calls  # fill `FunctionFacts.library` (`Config.library_calls`)
        self.receivers = receivers if receivers is not None else {}
        self.extra_sinks = extra_sinks or {}
        # Shared by every file analysed in one pass; valid while the index does not change.
        self.resolver = Resolver(index)


def analyze_file(path: str, summary: FileSummary, context: GraphContext, previous: FileFacts | None = None,
                 changed: set[str] | None = None) -> FileFacts:
    """Resolve every call site of one file into graph facts, recording cross-file dependencies.

    With `previous` (this file's facts for the same summary) and `changed` (the dependency keys an
    edit elsewhere changed), only the functions, and the file's own part, whose recorded reads
    meet `changed` are resolved again; the others keep their facts (what they read is unchanged,
    so resolving them again would give the same facts)."""
    resolver = context.resolver
    analyzer = _FileAnalyzer(path, summary, resolver, context)
    partial = previous is not None and changed is not None and bool(previous.reads) and previous.module == summary.module
    redo = {name for name, read in previous.reads.items() if not changed.isdisjoint(read)} if partial else set()
    functions: dict[str, FunctionFacts] = {}
    reads: dict[str, set[str]] = {}
    for function in summary.functions:
        name = full_name(summary, function.qualname)
        if partial and name not in redo and name in previous.functions and name in previous.reads:
            functions[name] = previous.functions[name]
            reads[name] = previous.reads[name]
            continue
        # One name may be defined twice (a property's setter): its reads are those of every definition.
        read = reads.get(name)
        if read is None:
            read = reads[name] = set()
        resolver.begin(read)
        if function.name.startswith("<lambda"):
            facts = analyzer.lambda_facts(function)
        else:
            facts = analyzer.function_facts(function)
        functions[facts.name] = facts
    for info in summary.classes:  # hooks a class inherits from its framework unchanged
        owner = full_name(summary, info.qualname)
        key = f"{owner}.<inherited>"
        if partial and key not in redo and key in previous.reads:
            depth = owner.count(".") + 1
            for name, facts in previous.functions.items():
                if name.startswith(owner + ".") and name.count(".") == depth and name not in functions:
                    functions[name] = facts
            reads[key] = previous.reads[key]
            continue
        read = reads[key] = set()
        resolver.begin(read)
        for method, work in HOOKS.inherited_work(resolver, owner):
            name = f"{owner}.{method}"
            if name not in functions:
                functions[name] = analyzer.inherited_facts(info, name, work)
    read = reads[f"{summary.module}.<configured>"] = set()  # library views a route configures
    resolver.begin(read)
    for name, span, work in HOOKS.configured_views(resolver, summary):
        functions[name] = analyzer.work_facts(name, span, work, summary.module)
    if partial and previous.file_reads.isdisjoint(changed):
        entries, routes = list(previous.entries), list(previous.routes)
        receivers, tasks, file_reads = previous.receivers, previous.tasks, previous.file_reads
    else:
        file_part: set[str] = set()
        resolver.begin(file_part)
        entries, routes = detect_entries(path, summary, resolver)
        receivers = analyzer.receivers()
        tasks = tuple(
            (full_name(summary, f.qualname), backend)
            for f in summary.functions[1:]
            if (backend := analyzer.task_backend_of(f))
        )
        file_reads = frozenset(file_part)
    frozen = {name: read if type(read) is tuple else resolver.interned(read) for name, read in reads.items()}
    return FileFacts(
        path=path,
        module=summary.module,
        functions=functions,
        entries=tuple(entries),
        routes=tuple(routes),
        receivers=receivers,
        tasks=tasks,
        reads=frozen,
        file_reads=file_reads,
    )


def task_backend(resolver: Resolver, summary: FileSummary, function: FunctionInfo) -> str | None:
    """The queue backend when `function` is decorated as a task (Celery, Dramatiq, Huey, RQ…)."""
    if not function.decorators:
        return None
    scope = decorator_scope(summary, function)

    def evaluate(chain):
        # A workspace subclass of a library's task decorator (`class Job(rq.decorators.job)`, bound
        # with `job = partial(Job, connection=...)`) is that library's decorator.
        values = resolver.evaluate(chain, scope)
        return values | {("ext", base) for v in sorted(values) if v[0] == "class" for base in resolver.mro(v[1])[1]}
    return backends.task_backend(function.decorators, evaluate)


_NO_SPANS: frozenset = frozenset()


class _FileAnalyzer:
    def __init__(self, path: str, summary: FileSummary, resolver: Resolver, context: GraphContext):
        self.path = path
        self.summary = summary
        self.resolver = resolver
        self.context = context
        self._task_cache: dict[str, tuple[str | None, frozenset[str]]] = {}
        self._decorated_in: dict[str, list] | None = None  # scope qualname -> decorator lists
        self._lambdas: list[Span] | None = None

    # -- tasks -----------------------------------------------------------------------------
    def task_backend_of(self, function: FunctionInfo) -> str | None:
        return task_backend(self.resolver, self.summary, function)

    def backend_for(self, full: str) -> str | None:
        cached = self._task_cache.get(full)
        if cached is None:
            def compute() -> str | None:
                found = self.resolver.index.function_head(full)  # its decorators only
                return task_backend(self.resolver, *found) if found else None
            cached = self._task_cache[full] = self.resolver.recorded(compute)
        else:
            self.resolver.depend_all(cached[1])  # every function that asks read what the answer read
        return cached[0]

    # -- per function ----------------------------------------------------------------------
    def inherited_facts(self, info, name: str, work: list[tuple[str, str]]) -> FunctionFacts:
        """The facts of a hook the class inherits from its framework unchanged (see
        `Framework.inherited_work`): its calls, and the saves and deletes it makes (the model's own
        `save`/`delete`, their signal receivers), all placed at the class."""
        return self.work_facts(name, info.span, work, full_name(self.summary, info.qualname))

    def work_facts(self, name: str, span, work: list[tuple[str, str]], owner: str) -> FunctionFacts:
        """The facts of a library hook doing `work` (calls, saves, deletes), placed at `span`."""
        site = CallSite(None, span)
        edges: list[Edge] = []
        for kind, target in work:
            if kind == "call":
                edges.append(Edge(target, span))
                continue
            for value in self.resolver.class_attribute(target, kind, instance=True, exact=True):
                if value[0] == "func":
                    edges.append(Edge(value[1], span))
            self._signal_edges(f"{kind}:{target}", site, edges)
            self._signal_edges(f"{kind}:*", site, edges)
            self._cascaded(target, kind, site, edges)
        return FunctionFacts(name=name, path=self.path, span=span, is_async=False,
                             edges=tuple(sorted(dict.fromkeys(edges), key=_edge_order)),
                             owner=owner)

    def function_facts(self, function: FunctionInfo) -> FunctionFacts:
        scope = (self.summary, function)
        calls = function.calls
        # A call inside a lambda sees the lambda's parameters.
        scopes = [self._lambda_scope(site) or scope if site.in_lambda else scope for site in calls]
        kinds = [self._site_kind(site, where) for site, where in zip(calls, scopes)]
        # `await loop.run_in_executor(None, f)`: the request waits for the work it starts.
        kinds = [("awaited", detail) if kind == "detached" and site.awaited else (kind, detail)
                 for site, (kind, detail) in zip(calls, kinds)]
        edges: list[Edge] = []
        hits: list[SinkHit] = []
        task_calls: list[TaskCall] = []
        dispatches: list[Dispatch] = []
        detached: list[Detached] = []
        unresolved: list[tuple[Span, Span]] = []
        self_calls: list[tuple[str, Span]] = []
        super_calls: list[tuple[str, Span]] = []
        passes: list[tuple] = []
        library: list[tuple[str, Span]] = []
        self_name = _self_name(function)
        for index, site in enumerate(calls):
            if site.guards and self._dead(function, site.guards):
                continue
            if site.implicit:
                self._implicit_site(site, kinds[index][1], scope, edges)
                continue
            if self._deferred(index, calls, kinds):
                continue
            if site.in_lambda and site.parent < 0:
                continue  # a lambda stored for later: we cannot tell when (or whether) it runs
            kind, detail = kinds[index]
            if kind == "dispatch":
                dispatches.append(self._dispatch(site, detail, scope, calls, kinds, index))
                continue
            if kind == "boundary" and _runs_in_request(detail):
                self._run_now(site, scope, edges)  # on_commit: after the commit, still before the response
                continue
            if kind == "boundary":
                dispatches.append(self._boundary_dispatch(site, detail, scope, calls, kinds, index))
                continue
            if kind == "detached":
                detached.append(Detached(site.span, detail[0], detail[1]))
                continue
            if kind == "awaited":
                self._run_now(site, scope, edges)
                self._threaded_sinks(site, scope, hits)
                continue
            if not detail and site.callee and site.func_span and _worth_asking(site.callee):
                unresolved.append((site.span, site.func_span))
            marker = None
            callee = site.callee
            if self_name and callee and len(callee) == 2 and callee[0] == self_name and kind == "call" \
                    and not callee[1].startswith("*"):
                self_calls.append((callee[1], site.span))
                marker = "self"
            elif callee and len(callee) == 3 and callee[0] == "super" and callee[1].startswith("("):
                super_calls.append((callee[2], site.span))
                marker = "super"
            elif self_name and callee and len(callee) == 2 and callee[0] != self_name and kind == "call" \
                    and site.args and site.args[0] == (self_name,):
                marker = "base"  # `RHEventBase._do_process(self)`: the base's method, run on this `self`
            if callee and len(callee) == 1 and self.resolver.decoration_parameter(self.summary, function, callee[0]):
                marker = "decorated"
            before = len(edges)
            self._call(site, detail, scopes[index], edges, hits, task_calls, unwrap=marker != "decorated")
            if kind == "call" and self.context.library_calls:
                _library_calls(self.resolver, site, detail, library)
            if marker:
                edges[before:] = [Edge(e.target, e.span, marker) if e.kind == "call" else e for e in edges[before:]]
            if not site.in_lambda:
                self._named_by_parameter(site, function, scope, edges, before)
                self._passes(site, function, scope, edges[before:], passes)
                if callee and len(callee) == 1 and callee[0] in _own_parameters(function):
                    # `fn(*args)` of a parameter: each function argument flow gives it, by name
                    edges[before:] = [Edge(e.target, e.span, e.kind, e.self_class, (callee[0], e.target, True))
                                      if e.kind == "call" and not e.named and e.span == site.span else e
                                      for e in edges[before:]]
        resolver = self.resolver
        for site in function.reads:  # attribute reads and stores: their accessors and `__set__`s
            where = self._lambda_scope(site) or scope if site.in_lambda else scope
            callee, line = site.callee, site.span.line
            found = resolver.accessors(callee[:-1], where, line) if callee[-1] == ATTRIBUTE_READ \
                else resolver.setters(callee[:-1], where, line)
            edges.extend(Edge(target, site.span) for target in found)
        self._decorations(function, scope, edges)
        # What the framework runs before the function (FastAPI's dependencies), at their spans; a
        # dependency whose value fills a parameter hands it on like a needed call.
        injected = HOOKS.injected_calls(self.resolver, self.summary, function)
        edges.extend(Edge(target, span) for span, target, _ in injected)
        needed = frozenset(function.needed_calls) | {tuple(span) for span, _, hands_on in injected if hands_on}
        for span, key in HOOKS.store_events(self.resolver, self.summary, function, self.context.receivers):
            self.resolver.depend(f"signal:{key}")  # entries3: `order.tags = [...]` runs attribute listeners
            edges.extend(Edge(receiver, span, "signal") for receiver in sorted(self.context.receivers.get(key, ())))
        if function.decorators:
            for wrapper, index in self.resolver.wrappers(self.summary, function):
                edges.append(Edge(wrapper, function.decorators[index].span, "wrapper"))
        return FunctionFacts(
            name=full_name(self.summary, function.qualname),
            path=self.path,
            span=function.span,
            is_async=function.is_async,
            # Sorted: the targets of one call come from sets, and the first chain a breadth-first
            # walk finds must not depend on the hash seed (same input, same output).
            edges=tuple(sorted(dict.fromkeys(edges), key=_edge_order)),
            sinks=tuple(hits),
            task_calls=tuple(task_calls),
            dispatches=tuple(dispatches),
            detached=tuple(detached),
            unresolved=tuple(unresolved),
            owner=full_name(self.summary, function.class_name) if function.class_name else "",
            self_calls=tuple(self_calls),
            super_calls=tuple(super_calls),
            # Most functions have no effect calls and many no needed one: one shared empty set.
            needed=needed if needed else _NO_SPANS,
            effects=frozenset(function.effect_calls) if function.effect_calls else _NO_SPANS,
            answered=frozenset(function.answered_calls) if function.answered_calls else _NO_SPANS,
            translated=frozenset(function.translated_calls) if function.translated_calls else _NO_SPANS,
            wrapped=frozenset(function.wrapped_calls) if function.wrapped_calls else _NO_SPANS,
            swallowed=frozenset(function.swallowed_calls) if function.swallowed_calls else _NO_SPANS,
            statused=frozenset(function.statused_calls) if function.statused_calls else _NO_SPANS,
            filled=frozenset(function.filled_calls) if function.filled_calls else _NO_SPANS,
            passes=tuple(passes),
            library=tuple(dict.fromkeys(library)) if library else (),
        )

    # -- strings naming a method, per call chain ---------------------------------------------
    def _named_by_parameter(self, site: CallSite, function: FunctionInfo, scope, edges: list[Edge], before: int) -> None:
        """`getattr(plugin, method_name)(...)` (or through a local bound to it) with `method_name` a
        parameter: an edge to each method the receiver may have under each name, tagged with the
        name (`Edge.named`). The walk follows the one its caller's string names; without one, the
        names argument flow finds (at most MAX_NAMED, as before)."""
        found = _delegated_parameter(site.callee, function)
        if found is None:
            return
        chain, position, param = found
        receivers = {v for v in self.resolver.evaluate(chain[:position], scope) if v[0] in ("inst", "class")}
        if not receivers:
            return
        names = self._method_names(receivers)
        if not names:
            return
        plain = {e.target for e in edges[before:] if e.kind == "call" and not e.named}
        named: list[Edge] = []
        for name in names:
            targets: set[Value] = set()
            for receiver in receivers:
                targets |= self.resolver.attribute(receiver, name)
            named.extend(Edge(v[1], site.span, "call", named=(param, name, v[1] in plain))
                         for v in sorted(targets) if v[0] == "func")
        if named:
            taken = {e.target for e in named}
            edges[before:] = [e for e in edges[before:] if not (e.kind == "call" and e.target in taken)] + named

    def _method_names(self, receivers: set[Value]) -> list[str]:
        """The method names (and declared attributes) of the receivers' classes: their workspace
        MRO and, unless the instance is exact, their subclasses."""
        names: set[str] = set()
        for receiver in sorted(receivers):
            classes = list(self.resolver.mro(receiver[1])[0])
            if not (receiver[0] == "inst" and len(receiver) > 2):
                classes += self.resolver.subclasses(receiver[1])
            for _, info in self.resolver.workspace_classes(classes):
                names.update(info.methods)
                names.update(b.name for b in info.attrs if b.annotation)
        names = {n for n in names if not n.startswith("__") or not n.endswith("__")}
        return sorted(names) if len(names) <= MAX_NAMED_METHODS else []

    def _passes(self, site: CallSite, function: FunctionInfo, scope, new_edges: list[Edge], passes: list) -> None:
        """What this call hands to a callee parameter that names an attribute there, or that the
        callee calls: a string literal (`run("order_created")`), the one function an argument
        holds (`fetch(manager.capture_payment, ...)`), or this function's own such parameter
        handed on."""
        if not (any(site.arg_literals) or site.kw_literals or site.args or site.kwargs):
            return
        own = _own_parameters(function)
        out: dict[str, tuple[str, str, str]] = {}
        for target in dict.fromkeys(e.target for e in new_edges if e.kind in ("call", "self", "super")):
            found = self.resolver.index.function(target)
            if found is None:
                continue
            info = found[1]
            wanted = _name_parameters(info)
            if not wanted:
                continue
            offset = 1 if info.receiver_param and (len(site.callee or ()) > 1 or info.name == "__init__") else 0
            for param in wanted:
                text = arguments.name_literal(info, site, offset, param)
                if text is not None:
                    out.setdefault(param, (param, "lit", text))
                    continue
                filled = arguments.fill(info, site, offset, param)
                if filled is None or len(filled.passed) != 1 or filled.passed[0].spread:
                    continue
                chain = filled.passed[0].chain
                if len(chain) == 1 and chain[0] in own:
                    out.setdefault(param, (param, "fwd", chain[0]))
                    continue
                values = self.resolver.evaluate(chain, scope)
                if len(values) == 1 and next(iter(values))[0] == "func":
                    out.setdefault(param, (param, "lit", next(iter(values))[1]))
        if out:
            passes.append((tuple(site.span), tuple(sorted(out.values()))))

    def _dead(self, function: FunctionInfo, guards, summary: FileSummary | None = None) -> bool:
        """A call under `if flag:` never runs when every caller passes (or defaults) `flag` to a
        literal that fails the test: bool/None constants propagated along the edges."""
        summary = summary or self.summary
        params = {p.name for p in function.params}
        for name, test, expected in guards:
            if "." in name:
                if self._setting_fails(summary, function, name, expected):
                    return True
                continue
            if name not in params or name == function.receiver_param:
                continue
            values = self.resolver.parameter_constants(summary, function, name)
            if "?" in values:
                continue
            if all(_passes(value, test) != expected for value in values):
                return True
        return False

    def _wrapper_calls_wrapped(self, wrapper: str) -> bool:
        """Whether the wrapper calls the function it wraps on a live branch: not when its every
        call of it is dead (`else: return function(...)` below a setting on by default, the
        function otherwise handed to a thread)."""
        found = self.resolver.index.function(wrapper)
        if found is None:
            return True
        summary, info = found
        calls = [site for site in info.calls if site.callee and len(site.callee) == 1
                 and self.resolver.decoration_parameter(summary, info, site.callee[0])]
        return not calls or any(not (site.guards and self._dead(info, site.guards, summary)) for site in calls)

    def _setting_fails(self, summary: FileSummary, function: FunctionInfo, name: str, expected: bool) -> bool:
        """A call under `if not settings.FLAG:` (or in the `else` of `if settings.FLAG:`) where the
        settings turn FLAG on by default (`FLAG = True`, `env.bool("FLAG", default=True)`) runs only
        when a deployment turns it off: not on the path of the app as configured. A flag off by
        default decides nothing (a feature left off still counts where it is turned on)."""
        head, attribute = name.split(".", 1)
        values = self.resolver.evaluate((head,), (summary, function))
        if not values or not all(v[0] == "ext" and v[1] in HOOKS.settings_roots for v in values):
            return False
        return not expected and self.resolver.setting_constants(attribute) == frozenset({"True"})

    def lambda_facts(self, function: FunctionInfo) -> FunctionFacts:
        """A lambda's facts: the calls of its body (kept in the enclosing function, marked
        `in_lambda`), resolved in the lambda's own scope. Its dispatches stay the enclosing
        function's only, so queue-hygiene rules see each dispatch once."""
        outer = self.summary.function(function.parent) if function.parent else self.summary.module_body
        if outer is None:
            return self.function_facts(function)
        span = function.span
        lambdas = self._lambda_spans()
        own: dict[int, int] = {}
        for index, site in enumerate(outer.calls):
            if site.in_lambda and _innermost(lambdas, site.span) == span:
                own[index] = len(own)
        calls = tuple(outer.calls[i]._replace(in_lambda=False, parent=own.get(outer.calls[i].parent, -1))
                      for i in own)
        reads = tuple(site._replace(in_lambda=False, parent=own.get(site.parent, -1)) for site in outer.reads
                      if site.in_lambda and _innermost(lambdas, site.span) == span)
        facts = self.function_facts(function._replace(calls=calls, reads=reads))
        return FunctionFacts(**{**{f: getattr(facts, f) for f in facts.__slots__}, "dispatches": ()})

    def _lambda_scope(self, site: CallSite):
        span = _innermost(self._lambda_spans(), site.span)
        if span is None:
            return None
        info = next((f for f in self.summary.functions if f.span == span and f.name.startswith("<lambda")), None)
        return (self.summary, info) if info is not None else None

    def _lambda_spans(self) -> list[Span]:
        if self._lambdas is None:
            self._lambdas = [f.span for f in self.summary.functions if f.name.startswith("<lambda")]
        return self._lambdas

    def _decorations(self, function: FunctionInfo, scope, edges: list[Edge]) -> None:
        """A `def` or `class` statement calls its workspace decorators, innermost first: a
        decorator named bare is called with the function, a factory `@repeat(3)` is called and
        then what it returns is."""
        if self._decorated_in is None:
            self._decorated_in = {}
            for definition in list(self.summary.functions[1:]) + list(self.summary.classes):
                if definition.decorators:
                    self._decorated_in.setdefault(definition.parent or "", []).append(definition.decorators)
        for decorators in self._decorated_in.get(function.qualname, ()):
            for site in reversed(decorators):
                if not site.callee:
                    continue
                chains = [site.callee] if site.bare else [site.callee, site.callee + (CALL,)]
                for chain in chains:
                    for value in self.resolver.evaluate(chain, scope, site.span.line):
                        if value[0] == "func":
                            edges.append(Edge(value[1], site.span))
                        elif value[0] == "class":
                            self._construct(value[1], site, edges, [])
                        elif value[0] == "inst" and chain is not site.callee:  # `@event("x")`: its __call__
                            for method in self.resolver.class_attribute(value[1], "__call__", instance=True,
                                                                        exact=len(value) > 2):
                                if method[0] == "func":
                                    edges.append(Edge(method[1], site.span))

    def _implicit_site(self, site: CallSite, values, scope, edges: list[Edge]) -> None:
        """A call the language makes (`with`, `for`, `raise X`): edges to workspace code only, and
        the events it fires (the end of `with session.begin():` commits)."""
        for value in values:
            if value[0] == "func":
                edges.append(Edge(value[1], site.span))
            elif value[0] == "class":
                self._construct(value[1], site, edges, [])
        callee = site.callee
        if callee and len(callee) > 1 and callee[-1] in HOOKS.event_triggers:
            for key in HOOKS.events_fired(callee[-1], self.resolver.evaluate(callee[:-1], scope)):
                self._signal_edges(key, site, edges)

    def _site_kind(self, site: CallSite, scope) -> tuple[str, object]:
        """Classify a call: ("dispatch", (task, backend, method)), ("boundary", name),
        ("detached", (api, kind)) or ("call", values)."""
        callee = site.callee
        if not callee:
            return ("none", set())
        line = site.span.line  # the names of the chain hold what reaches this line
        if site.implicit:
            if "__iter__" in callee[1:]:
                return ("call", self._iteration(callee, scope, line))
            if callee[-1] == ATTRIBUTE_READ:
                return ("call", {("func", f) for f in self.resolver.accessors(callee[:-1], scope, line)})
            if callee[-1] == ATTRIBUTE_WRITE:
                return ("call", {("func", f) for f in self.resolver.setters(callee[:-1], scope, line)})
            if callee[-1] in OPERATOR_DUNDERS and len(callee) > 1:
                return ("call", self._special_method(callee, scope, line))
            return ("call", self.resolver.evaluate(callee, scope, line))
        last = callee[-1]
        receivers: set[Value] = set()
        if len(callee) > 1 and not last.startswith("("):
            receivers = self.resolver.evaluate(callee[:-1], scope, line)
            for value in receivers:
                if value[0] == "func":
                    backend = self.backend_for(value[1])
                    if backend and last in dispatch.DISPATCH_METHODS.get(backend, ()):
                        return ("dispatch", (value[1], backend, last))
                    if backend and last in dispatch.INLINE_METHODS:
                        return ("call", {("inline", value[1], backend)})
        if receivers and not last.startswith(("(", "[", DELEGATED)):  # `getattr(obj, name)`: read in scope
            values: set[Value] = set()
            for receiver in receivers:
                values |= self.resolver.attribute(receiver, last)
        else:
            values = self.resolver.evaluate(callee, scope, line)
        for value in values:
            if value[0] == "ext":
                name = sinks.canonical(value[1])
                boundary = dispatch.BOUNDARY_APIS.get(name) or dispatch.BOUNDARY_APIS.get(value[1])
                if boundary:
                    return ("boundary", boundary)
                detached = dispatch.FIRE_AND_FORGET_APIS.get(name)
                if detached:
                    return ("detached", (name, detached))
                detached = dispatch.DETACHED_UNLESS_WAITED.get(name)
                if detached and tuple(site.span) in scope[1].unwaited_calls:
                    return ("detached", (name, detached))
            elif value[0] == "func":
                backend = self.backend_for(value[1])
                if backend in dispatch.CALL_ENQUEUES:
                    return ("dispatch", (value[1], backend, "call"))
        if last in dispatch.BOUNDARY_METHOD_NAMES and not any(v[0] in ("func", "inst") for v in values):
            return ("boundary", dispatch.BOUNDARY_METHOD_NAMES[last])
        if last in dispatch.FIRE_AND_FORGET_METHOD_NAMES and not any(v[0] == "func" for v in values):
            return ("detached", (".".join(callee[-2:]), "task"))
        if last == "submit" and any(v[0] == "exti" and "Executor" in v[1] for v in receivers):
            return ("detached", ("executor.submit", "executor"))
        return ("call", values)

    def _iteration(self, callee, scope, line: int = 0) -> set[Value]:
        """`obj.__iter__` / `obj.__iter__().__next__` of a `for` loop: on the instances `obj`
        holds only (a class or a module iterated runs its metaclass's method, not its own)."""
        position = callee.index("__iter__", 1)
        values = {v for v in self.resolver.evaluate(callee[:position], scope, line) if v[0] == "inst"}
        for part in callee[position:]:
            if not values:
                break
            if part == CALL:
                values = {r for v in values for r in self.resolver.call_result(v, part, scope)}
            else:
                values = {a for v in values for a in self.resolver.attribute(v, part)}
                if part == "__next__":
                    values = {v for v in values if v[0] == "func"}
        return values

    def _special_method(self, callee, scope, line: int = 0) -> set[Value]:
        """`a + b`, `k in d`, `d[k]`, `len(x)`: the special method of the instances the operand
        holds, looked up in their class (Python never asks an instance's `__getattr__` for one, and
        an operator on a class runs its metaclass's method, `C[k]` its `__class_getitem__`); `x += y`
        falls back to `__add__`."""
        method = callee[-1]
        out: set[Value] = set()
        if not self._defines_special(method):
            return out  # no workspace class defines what the operator could run
        for value in self.resolver.evaluate(callee[:-1], scope, line):
            if value[0] == "class" and method == "__getitem__":  # `Grid[int]`: the class's own hook
                out |= {v for v in self.resolver.attribute(value, "__class_getitem__") if v[0] == "func"}
            if value[0] != "inst":
                continue
            found = {v for v in self.resolver.attribute(value, method) if v[0] == "func"}
            if not found and method.startswith("__i") and f"__{method[3:]}" in OPERATOR_DUNDERS:
                found = {v for v in self.resolver.attribute(value, f"__{method[3:]}") if v[0] == "func"}
            out |= found
        return out

    def _defines_special(self, method: str) -> bool:
        """Whether some workspace class defines `method` (or, for `x += y`, `__add__`; for `C[k]`,
        `__class_getitem__`), as a method or a class attribute: the index's accessor names, each
        read recorded, so a class that adds one later re-resolves the operator."""
        defines = self.resolver.defines
        names = [method]
        if method.startswith("__i") and f"__{method[3:]}" in OPERATOR_DUNDERS:
            names.append(f"__{method[3:]}")
        if method == "__getitem__":
            names.append("__class_getitem__")
        return any(defines(name) or defines(CLASS_ATTRIBUTE + name) for name in names)

    def _run_now(self, site: CallSite, scope, edges) -> None:
        """The functions handed to a hook that calls them in this request (a lambda's own calls are
        facts of this function already): callback edges."""
        for chain in [*site.args, *(v for _, v in site.kwargs)]:
            if not chain:
                continue
            for value in self.resolver.evaluate(chain, scope):
                if value[0] == "func":
                    edges.append(Edge(value[1], site.span, "callback"))

    @staticmethod
    def _deferred(index: int, calls: tuple[CallSite, ...], kinds) -> bool:
        """A call inside a lambda handed to a boundary, or a coroutine handed to create_task."""
        site = calls[index]
        parent = site.parent
        hops = 0
        while parent >= 0 and hops < 16:
            kind = kinds[parent][0]
            if kind in ("boundary", "dispatch") and site.in_lambda and not _runs_in_request(kinds[parent][1]):
                return True
            if kind == "detached":
                # A thread's or process's arguments are evaluated in the request
                # (`Thread(target=self.refresh())` refreshes now); a coroutine handed to
                # create_task, a lambda, or a function bound by `partial` runs later.
                return kinds[parent][1][1] == "task" or site.in_lambda or _binds_for_later(site)
            parent = calls[parent].parent
            hops += 1
        return False

    def _call(self, site: CallSite, values, scope, edges, hits, task_calls, unwrap: bool = True) -> None:
        callee = site.callee
        for value in values:
            kind = value[0]
            if kind == "func" and len(value) > 2 and unwrap and self._wrapper_calls_wrapped(value[1]):
                # The wrapper runs, then the function it wraps: reachability follows this edge, not
                # the wrapper's own call of its parameter (which every decorated function fills).
                edges.append(Edge(value[2], site.span, "unwrapped"))
            if kind == "func":
                target = value[1]
                spec = sinks.lookup(target, self.context.extra_sinks)
                if spec is not None:
                    hits.append(_sink_hit(site, spec))
                    continue
                backend = self.backend_for(target)
                if backend:
                    task_calls.append(TaskCall(site.span, target, backend))
                    edges.append(Edge(target, site.span, "inline-task"))
                else:
                    edges.append(Edge(target, site.span))
            elif kind == "inline":
                task_calls.append(TaskCall(site.span, value[1], value[2]))
                edges.append(Edge(value[1], site.span, "inline-task"))
            elif kind == "class":
                self._construct(value[1], site, edges, hits)
            elif kind == "inst":
                for method in self.resolver.class_attribute(value[1], "__call__", instance=True, exact=len(value) > 2):
                    if method[0] == "func":
                        edges.append(Edge(method[1], site.span))
            elif kind == "ext":
                spec = sinks.lookup(value[1], self.context.extra_sinks)
                if spec is not None and (site.awaited or not spec.awaited_only) and not self._short_sleep(spec, site, scope) \
                        and not (spec.category == "sleep" and tuple(site.span) in scope[1].backoff_calls):  # retry back-off
                    hits.append(_sink_hit(site, spec))
                elif spec is None:
                    self._argument_methods(value[1], site, scope, edges)
                    if value[1] in HOOKS.queryset_deleters:
                        self._queryset_deleted(HOOKS.queryset_deleters[value[1]], site, scope, edges)
            elif kind == "sigm" and value[2] in HOOKS.signal_send_methods:
                self._signal_edges(f"sig:{value[1]}", site, edges)
            elif kind == "mgrm" and value[2] in HOOKS.manager_save_methods:
                self._model_saved(value[1], "save", site, edges)
        for api in HOOKS.file_writes(self.resolver, scope[0], scope[1], site):  # `user.avatar = f; user.save()`
            spec = sinks.lookup(api, self.context.extra_sinks)
            if spec is not None:
                hits.append(_sink_hit(site, spec))
        if callee and len(callee) > 1 and callee[-1] in HOOKS.implicit_calls:
            self._implicit_calls(callee, site, scope, edges)
        if callee and len(callee) > 1 and callee[-1] in HOOKS.event_triggers:  # `session.commit()`
            for key in HOOKS.events_fired(callee[-1], self.resolver.evaluate(callee[:-1], scope)):
                self._signal_edges(key, site, edges)
        if callee and len(callee) > 1 and callee[-1] in HOOKS.model_writes:
            for receiver in self.resolver.evaluate(callee[:-1], scope):  # `form.save()` saves its model
                for model in HOOKS.model_writes_of(callee[-1], self.resolver, receiver):
                    self._model_saved(model, "save", site, edges)
        group = HOOKS.model_save_methods.get(callee[-1]) if callee and len(callee) > 1 else None
        if group:
            for receiver in self.resolver.evaluate(callee[:-1], scope):
                # a row's `delete()`, or a queryset's (`Model.objects.filter(...).delete()`: the
                # collector sends each row's delete signals, but calls no `Model.delete` override)
                if (receiver[0] == "inst" or (receiver[0] == "manager" and group == "delete")) \
                        and self.resolver.is_model(receiver[1]):
                    self._signal_edges(f"{group}:{receiver[1]}", site, edges)
                    self._signal_edges(f"{group}:*", site, edges)
                    self._cascaded(receiver[1], group, site, edges)
                for model in HOOKS.signal_models(self.resolver, receiver, True):  # `User.objects.get(...)`
                    self._signal_edges(f"{group}:{model}", site, edges)
                    self._signal_edges(f"{group}:*", site, edges)
                    self._cascaded(model, group, site, edges)
        if callee and len(callee) > 1 and callee[-1].isidentifier():
            self._inherited_calls(callee, site, scope, edges)
        self._callbacks(site, values, scope, edges)
        if callee and callee[-1] in THREAD_RUNNERS:
            self._threaded_sinks(site, scope, hits)
        if callee and len(callee) > 1:
            for accessor in sorted(self.resolver.accessors(callee, scope)):  # property getters, __getattr__
                edges.append(Edge(accessor, site.span))

    def _inherited_calls(self, callee, site: CallSite, scope, edges) -> None:
        """`gallery.save()` on an instance of a class that inherits `save` from `Page`: an edge
        into `Page.save` that knows `self` is a `Gallery` (see `Edge.self_class`)."""
        before = len(edges)
        classes = self._instance_classes(callee[:-1], scope, classes=True)
        for cls in classes:
            self._method_as(cls, callee[-1], site, edges, inherited_only=True)
        entered = {e.target for e in edges[before:]}
        exact = entered and all(v[0] == "class" and len(v) == 2 for v in self.resolver.evaluate(callee[:-1], scope))
        if entered and (exact or self._receivers_known(callee[:-1], scope, classes)):
            # `NotesPlugin.save(...)`, or receivers whose every class has its own edge in: the plain
            # edge, which enters the inherited method with any subclass of its owner, adds only calls
            # that cannot run.
            edges[:] = [e for e in edges if not (e.span == site.span and e.kind == "call" and not e.self_class
                                                 and e.target in entered)]

    def _receivers_known(self, chain, scope, classes: list[str]) -> bool:
        """Whether `chain` holds instances of `classes` only, each exactly that class (made by a
        constructor call) or one without workspace subclasses: nothing else can be `self`."""
        values = self.resolver.evaluate(chain, scope)
        if not values or any(v[0] != "inst" for v in values) or len({v[1] for v in values}) > len(classes):
            return False
        return all(len(v) > 2 or not self.resolver.subclasses(v[1], limit=1) for v in values)

    def _instance_classes(self, chain, scope, classes: bool = False) -> list[str]:
        """The workspace classes `chain` holds instances of (at most MAX_CONTEXTS, by name), and
        with `classes` the classes it names exactly (`NotesPlugin.save(...)` runs an inherited
        classmethod with that `cls`); none for `self`, `cls` and `super()`, whose calls have their
        own contextual edges."""
        if chain[0] in (scope[1].receiver_param, "super", "cls"):
            return []
        return sorted({v[1] for v in self.resolver.evaluate(chain, scope)
                       if v[0] == "inst" or classes and v[0] == "class" and len(v) == 2})[:MAX_CONTEXTS]

    def _method_as(self, cls: str, name: str, site: CallSite, edges, inherited_only: bool) -> None:
        """An edge to the method `name` an instance of `cls` runs, entered with that `self` when
        `cls` inherits it (only those with `inherited_only`)."""
        for method in self.resolver.class_attribute(cls, name, instance=True, exact=True):
            if method[0] != "func":
                continue
            own = method[1].startswith(cls + ".")
            if not (own and inherited_only):
                edges.append(Edge(method[1], site.span, "call", "" if own else cls))

    def _argument_methods(self, dotted: str, site: CallSite, scope, edges) -> None:
        """An installed function that calls a method of an argument it is given runs that method
        of what this site passes (`super().save_model(request, obj, form, change)` reaching
        Django's `ModelAdmin.save_model`, which saves `obj`): an edge from here to the workspace
        method, for each workspace instance the argument holds."""
        library = self.resolver.index.library
        if library is None or not site.callee:
            return
        found = library.argument_methods(dotted)
        if not found:
            return
        info, pairs = found
        offset = 1 if info.receiver_param and len(site.callee) > 1 else 0
        for param, method in pairs:
            filled = arguments.fill(info, site, offset, param)
            if filled is None or filled.collected:
                continue
            for passed in filled.passed:
                for cls in self._instance_classes(passed.chain, scope):
                    self._method_as(cls, method, site, edges, inherited_only=False)

    def _short_sleep(self, spec, site: CallSite, scope) -> bool:
        """`time.sleep(0.01)` in a retry loop is not worth a finding; only waits of 0.5 s or more."""
        if spec.category != "sleep" or not site.args and not site.arg_literals:
            return False
        literal = site.arg_literals[0] if site.arg_literals else None
        numbers: list[float] = []
        if literal is not None:
            try:
                numbers = [float(literal)]
            except ValueError:
                return False
        elif site.args and site.args[0]:
            chain = site.args[0]
            if len(chain) == 2 and chain[0] == "min" and chain[1].startswith("(@"):
                chain = tuple(chain[1][2:-1].split("."))  # min(x, …) sleeps at most x
            values = self.resolver.evaluate(chain, scope)
            if not values or any(v[0] != "num" for v in values):
                return False
            numbers = [v[1] for v in values]
        return bool(numbers) and max(numbers) < SHORT_SLEEP_SECONDS

    def _implicit_calls(self, callee, site: CallSite, scope, edges) -> None:
        """Methods a library calls for us (`form.is_valid()` runs `clean_<field>()`…): each
        framework's `implicit_calls` hook names them for the receiver's class."""
        hooks = HOOKS.implicit_calls[callee[-1]]
        for receiver in self.resolver.evaluate(callee[:-1], scope):
            if receiver[0] != "inst":
                continue
            for hook in hooks:
                edges.extend(Edge(target, site.span) for target in hook(self.resolver, receiver[1]))

    def _invoked_slots(self, values) -> set | None:
        """Argument positions/names the callee calls synchronously; None means "all of them"
        (library helpers known to call what they are given)."""
        if any(v[0] == "ext" and v[1].rsplit(".", 1)[-1] in CALLING_HELPERS for v in values):
            return None
        targets = [v for v in values if v[0] in ("func", "class")]
        slots: set = {slot for v in values if v[0] == "ext" for slot in CALLING_PARAMETERS.get(v[1], ())}
        for value in targets:
            name = value[1] if value[0] == "func" else f"{value[1]}.__init__"
            found = self.resolver.index.function(name)
            if found is None:
                continue
            info = found[1]
            if not self.resolver.index.over_cap(info.name):
                continue  # argument flow gives the callee its own edge to what it calls
            params = [p.name for p in info.params]
            offset = 1 if info.receiver_param else 0
            for param in info.invoked_params:
                if param in params:
                    position = params.index(param) - offset
                    slots.update({position, param} if position >= 0 else {param})
        return slots

    def _construct(self, cls: str, site: CallSite, edges, hits) -> None:
        for value in self.resolver.class_attribute(cls, "__new__", instance=True, exact=True):
            if value[0] == "func":  # `X()` runs `X.__new__` (a workspace one) before `__init__`
                edges.append(Edge(value[1], site.span))
        init = self.resolver.class_attribute(cls, "__init__", instance=True, exact=True)
        for value in init:
            if value[0] == "func":
                edges.append(Edge(value[1], site.span))
            elif value[0] == "ext":
                base = value[1].rsplit(".", 1)[0]
                spec = sinks.lookup(base, self.context.extra_sinks)
                if spec is not None:
                    hits.append(_sink_hit(site, spec))
        spec = sinks.lookup(cls, self.context.extra_sinks)
        if spec is not None:
            hits.append(_sink_hit(site, spec))

    def _model_saved(self, model: str, group: str, site: CallSite, edges) -> None:
        for value in self.resolver.class_attribute(model, "save", instance=True, exact=True):
            if value[0] == "func":
                edges.append(Edge(value[1], site.span))
        self._signal_edges(f"{group}:{model}", site, edges)
        self._signal_edges(f"{group}:*", site, edges)

    def _queryset_deleted(self, position: int, site: CallSite, scope, edges) -> None:
        """A library call that deletes the queryset it is handed sends its rows' delete signals."""
        if position >= len(site.args) or not site.args[position]:
            return
        for value in self.resolver.evaluate(site.args[position], scope):
            if value[0] == "manager" and self.resolver.is_model(value[1]):
                self._signal_edges(f"delete:{value[1]}", site, edges)
                self._signal_edges("delete:*", site, edges)
                self._cascaded(value[1], "delete", site, edges)

    def _cascaded(self, model: str, group: str, site: CallSite, edges) -> None:
        """A delete also deletes the rows that cascade from it: their delete receivers run."""
        if group == "delete":
            for other in self.resolver.cascade_deletes(model):
                self._signal_edges(f"delete:{other}", site, edges)

    def _signal_edges(self, key: str, site: CallSite, edges) -> None:
        self.resolver.depend(f"signal:{key}")
        for receiver in sorted(self.context.receivers.get(key, ())):
            edges.append(Edge(receiver, site.span, "signal"))

    def _threaded_sinks(self, site: CallSite, scope, hits: list) -> None:
        """A library sink handed to a thread runner (`to_thread(smtp.send_message, msg)`) runs
        there and then: a hit at the runner's call."""
        for chain in site.args[:2]:
            if not chain or chain[-1].startswith("("):
                continue
            for value in self.resolver.evaluate(chain, scope):
                spec = sinks.lookup(value[1], self.context.extra_sinks) if value[0] == "ext" else None
                if spec is not None and not spec.awaited_only:
                    hits.append(_sink_hit(site, spec))

    def _callbacks(self, site: CallSite, values, scope, edges) -> None:
        """Functions passed to a call run synchronously when the callee calls that parameter (a
        workspace function) or, for library callees we cannot see into, conservatively always."""
        if not site.callee or _binds_for_later(site):
            return
        if len(site.callee) == 1 and site.callee[0] in CALLING_HELPERS and not values:
            values = {("ext", site.callee[0])}  # a builtin such as map()
        invoked = self._invoked_slots(values)
        chains = [(n, a) for n, a in enumerate(site.args) if a] + [(k, v) for k, v in site.kwargs if v]
        for slot, chain in chains:
            if chain[-1].startswith("(") or chain[-1] == "[]":
                continue
            if invoked is not None and slot not in invoked:
                continue
            for value in self.resolver.evaluate(chain, scope):
                if value[0] == "func":
                    edges.append(Edge(value[1], site.span, "callback"))
                elif value[0] == "coll":
                    for member in value[1]:
                        if member[0] == "func":
                            edges.append(Edge(member[1], site.span, "callback"))

    # -- dispatches ------------------------------------------------------------------------
    def _dispatch(self, site: CallSite, detail, scope, calls, kinds, index) -> Dispatch:
        task, backend, method = detail
        return Dispatch(
            site.span, task, backend, method,
            orm_args=self._orm_args(site, scope),
            atomic=site.atomic,
            on_commit=self._inside_on_commit(index, calls, kinds) or self._defers_to_commit(task, method),
        )

    def _defers_to_commit(self, task: str, method: str) -> bool:
        """A task whose `base=` class overrides the dispatch method to go through on_commit
        (pretix's TransactionAwareTask) is already commit-safe."""
        found = self.resolver.index.function(task)
        if found is None:
            return False
        summary, info = found
        scope = decorator_scope(summary, info)
        for decorator in info.decorators:
            base = dict(decorator.kwargs).get("base")
            if not base:
                continue
            for value in self.resolver.evaluate(base, scope):
                if value[0] != "class":
                    continue
                for name in {method, "apply_async"}:
                    for override in self.resolver.class_attribute(value[1], name, instance=True, exact=True):
                        found_method = self.resolver.index.function(override[1]) if override[0] == "func" else None
                        if found_method:
                            self.resolver.depend(body_key(found_method[0].module))  # its calls are read
                        if found_method and any(c.callee and c.callee[-1] == "on_commit" for c in found_method[1].calls):
                            return True
        return False

    def _boundary_dispatch(self, site: CallSite, backend, scope, calls, kinds, index) -> Dispatch:
        task = ""
        if site.args and site.args[0]:
            for value in self.resolver.evaluate(site.args[0], scope):
                if value[0] == "func" and "<lambda" not in value[1]:
                    task = value[1]
        orm = self._orm_args(site, scope, skip_first=True)
        return Dispatch(
            site.span, task, str(backend), site.callee[-1] if site.callee else "",
            orm_args=orm,
            atomic=site.atomic and backend != "on_commit",
            on_commit=backend == "on_commit" or self._inside_on_commit(index, calls, kinds),
        )

    @staticmethod
    def _inside_on_commit(index: int, calls, kinds) -> bool:
        parent = calls[index].parent
        while parent >= 0:
            if kinds[parent] == ("boundary", "on_commit"):
                return True
            parent = calls[parent].parent
        return False

    def _orm_args(self, site: CallSite, scope, skip_first: bool = False) -> tuple[str, ...]:
        chains = list(site.args[1:] if skip_first else site.args)
        chains += [v for k, v in site.kwargs if k not in ("queue", "countdown", "eta", "priority")]
        chains += list(site.nested_args)
        models = []
        for chain in chains:
            if not chain or len(chain) > 3 or chain[-1] in ("pk", "id"):
                continue
            # In argument order, and one argument's classes sorted: the message names them in
            # this order, and a set iterates in hash order (which changes with the hash seed).
            found = self.resolver.evaluate(chain, scope)
            for name in sorted({value[1] for value in found if value[0] == "inst" and isinstance(value[1], str)}):
                if self.resolver.is_model(name) and name not in models:
                    models.append(name)
        return tuple(models)

    # -- signal receivers ------------------------------------------------------------------
    def receivers(self) -> tuple[tuple[str, str], ...]:
        found: list[tuple[str, str]] = []
        summary = self.summary
        for function in summary.functions[1:]:
            for decorator in function.decorators:
                if decorator.callee and decorator.callee[-1] in HOOKS.receiver_decorators and not decorator.bare:
                    scope = decorator_scope(summary, function)
                    for key in self._signal_keys(decorator, scope):
                        found.append((key, full_name(summary, function.qualname)))
                elif decorator.callee and len(decorator.callee) > 1 and (
                        decorator.bare and decorator.callee[-1] in HOOKS.signal_connect_methods
                        or not decorator.bare and decorator.callee[-1] in HOOKS.signal_connect_decorators):
                    # entries3: `@sig.connect` / `@sig.connect_via(sender)` (blinker) subscribe the function
                    scope = decorator_scope(summary, function)
                    keys = self._keys_for(self.resolver.evaluate(decorator.callee[:-1], scope), decorator, scope)
                    found.extend((key, full_name(summary, function.qualname)) for key in keys)
        for function in summary.functions:
            scope = (summary, function)
            for site in function.calls:
                if site.callee and site.callee[-1] in HOOKS.signal_connect_methods and len(site.callee) > 1 and site.args:
                    signal_values = self.resolver.evaluate(site.callee[:-1], scope)
                    keys = self._keys_for(signal_values, site, scope)
                    for value in self.resolver.evaluate(site.args[0], scope) if site.args[0] else ():
                        if value[0] == "inst":  # a callable object receives in `__call__`
                            value = next((m for m in self.resolver.class_attribute(value[1], "__call__", instance=True, exact=True)
                                          if m[0] == "func"), value)
                        if value[0] == "func":
                            found.extend((key, value[1]) for key in keys)
        found.extend(HOOKS.event_receivers(self.resolver, summary))  # ORM event listeners
        return tuple(dict.fromkeys(found))

    def _signal_keys(self, decorator: CallSite, scope) -> list[str]:
        if not decorator.args or not decorator.args[0]:
            return []
        return self._keys_for(self.resolver.evaluate(decorator.args[0], scope), decorator, scope)

    def _keys_for(self, signal_values, site: CallSite, scope) -> list[str]:
        senders: list[str] = []
        for name, chain in site.kwargs:
            if name == "sender" and chain:
                for value in self.resolver.evaluate(chain, scope):
                    senders += [value[1]] if value[0] == "class" else HOOKS.signal_models(self.resolver, value, False)
        keys = []
        for value in signal_values:
            if value[0] == "signal":
                keys.append(f"sig:{value[1]}")
            elif value[0] == "ext":
                group = HOOKS.model_signal(value[1])
                if group:
                    keys += [f"{group}:{s}" for s in senders] or [f"{group}:*"]
        return keys


def _library_calls(resolver: Resolver, site: CallSite, values, out: list) -> None:
    """The calls out of the workspace one call site makes (`FunctionFacts.library`)."""
    callee = site.callee
    if not callee:
        return
    for value in values:
        if value[0] == "ext" and _dotted(value[1]):
            out.append((value[1], site.span))
        elif value[0] == "class":  # `A()` of a workspace class whose __init__ an imported base defines
            for init in resolver.class_attribute(value[1], "__init__", instance=True, exact=True):
                if init[0] == "ext" and _dotted(init[1]) and not init[1].startswith("builtins."):
                    out.append((init[1], site.span))
    if not values and len(callee) == 1 and callee[0] in _BUILTINS:
        out.append((f"builtins.{callee[0]}", site.span))


def _dotted(name: str) -> bool:
    return all(part.isidentifier() for part in name.split("."))


def _edge_order(edge: Edge) -> tuple:
    """Source order, then the target's name: a total order that no set iteration can change."""
    return (tuple(edge.span), edge.target, edge.kind, edge.named)


def _delegated_parameter(callee, function: FunctionInfo):
    """(chain, position of its `<getattr>` part, parameter) when the called chain, or the local it
    starts with, reads an attribute named by one of the function's parameters."""
    if not callee:
        return None
    params = {p.name for p in function.params} - {function.receiver_param}
    chains = [callee]
    if len(callee) == 1:
        chains += [b.value + callee[1:] for b in function.bindings if b.name == callee[0] and b.value]
    for chain in chains:
        for position, part in enumerate(chain):
            if part.startswith(DELEGATED) and part[len(DELEGATED):] in params:
                return (chain, position, part[len(DELEGATED):]) if position == len(chain) - 1 else None
    return None


def _own_parameters(function: FunctionInfo) -> set[str]:
    return {p.name for p in function.params} - {function.receiver_param}


def _name_parameters(info: FunctionInfo) -> tuple[str, ...]:
    """The parameters a function uses as an attribute name (`getattr(obj, name)`), calls
    (`fn(*args)`) or hands on bare to another call: those a caller's string literal or function
    is worth following into it."""
    params = [p.name for p in info.params if p.name != info.receiver_param]
    if not params:
        return ()
    delegated = {DELEGATED + p for p in params}
    used: set[str] = set()
    for site in info.calls:
        for chain in (site.callee, *site.args, *(v for _, v in site.kwargs)):
            if not chain:
                continue
            if len(chain) == 1 and chain[0] in params:
                used.add(chain[0])  # handed on, or called
            used.update(part[len(DELEGATED):] for part in chain if part in delegated)
    for binding in info.bindings:
        if binding.value:
            used.update(part[len(DELEGATED):] for part in binding.value if part in delegated)
    return tuple(p for p in params if p in used)

