"""From one entry point, walk the call graph (never across a dispatch boundary) and turn every
sink, inline task call and detached job reached into a Finding with its call chain."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import replace

from .callgraph import Edge, FunctionFacts
from .model import EntryPoint, Finding, Location, Severity, SinkRef, Span
from .rules import (
    BY_CATEGORY,
    BY_CODE,
    fire_and_forget,
    side_effect,
    slow_result,
    task_called_directly,
)

MAX_NODES = 50_000
MAX_REVISIONS = 256  # passes a kept walk may skip and still be checked against what changed since

FactsLookup = Callable[[str], FunctionFacts | None]


MethodLookup = Callable[[str, str, str], str | None]
# (function, the class `self` is known to be, or ""), and, when the callers handed it a string that
# names an attribute there or a function it calls (`FunctionFacts.passes`), a third member:
# ((parameter, the string or the function's name), ...).
Node = tuple


def explore(start: Node, facts_of: FactsLookup, lookup: MethodLookup | None = None) -> dict[Node, tuple[Node, Edge] | None]:
    """Breadth-first from `start`, never across a dispatch boundary. While the class of `self` is
    known (a view class serving a request), `self.m()` and `super().m()` follow that class's MRO —
    the override that really runs — instead of every subclass's override."""
    return {node: link[:2] if link else None for node, link in _walk(start, facts_of, lookup).items()}


def _walk(start: Node, facts_of: FactsLookup, lookup: MethodLookup | None,
          lookups: dict | None = None) -> dict[Node, tuple[Node, Edge, int] | None]:
    """`explore`, with each link's slot in its caller's facts (`_edge_at`) and, in `lookups`, the
    answer of every MRO lookup the walk made (what a kept walk must see again to be reused)."""
    parents: dict[Node, tuple[Node, Edge, int] | None] = {start: None}
    queue = deque([start])
    while queue and len(parents) < MAX_NODES:
        node = queue.popleft()
        function, self_class = node[0], node[1]
        facts = facts_of(function)
        if facts is None:
            continue
        strings = dict(node[2]) if len(node) > 2 else {}
        contextual = bool(self_class) and lookup is not None
        for slot, edge in enumerate(facts.edges):
            if contextual and edge.kind in ("self", "super") or edge.kind == "decorated":
                continue  # followed through the class's MRO below; a wrapper's call: see Edge
            if edge.named and not _follows(edge.named, strings):
                continue
            target = _node(edge.target, _context(edge, self_class, lookup), facts, edge.span, strings)
            if target not in parents:
                parents[target] = (node, edge, slot)
                queue.append(target)
        if contextual:
            for index, (name, span, after) in enumerate(_contextual_calls(facts)):
                method = lookup(self_class, name, after)
                if lookups is not None:
                    lookups[(self_class, name, after)] = method
                if method is None:
                    continue
                target = _node(method, self_class, facts, span, strings)
                if target not in parents:
                    parents[target] = (node, Edge(method, span, "self"), -1 - index)
                    queue.append(target)
    return parents


def _follows(named: tuple, strings: dict[str, str]) -> bool:
    """Whether a walk follows an edge `getattr(obj, parameter)` (or `parameter(...)`) makes for
    one name (or function): when the callers' value for the parameter is known, only that one's;
    else the fallback's."""
    param, name, fallback = named
    known = strings.get(param)
    return fallback if known is None else known == name


def _node(function: str, self_class: str, caller: FunctionFacts, span, strings: dict[str, str]) -> Node:
    """The node a call at `span` enters: with the strings it hands to the callee's parameters
    that name attributes there (literals, or the caller's own strings handed on)."""
    if not caller.passes:
        return (function, self_class)
    key = tuple(span)
    given = next((passed for at, passed in caller.passes if at == key), ())
    known = tuple((param, value if kind == "lit" else strings[value])
                  for param, kind, value in given if kind == "lit" or value in strings)
    return (function, self_class, known) if known else (function, self_class)


def _context(edge: Edge, self_class: str, lookup: MethodLookup | None) -> str:
    """The `self` class a link enters its target with: the caller's own for `Base.run(self)`."""
    if lookup is None:
        return ""
    return self_class if edge.kind == "base" and self_class else edge.self_class


def _edge_at(facts: FunctionFacts, slot: int, target: str) -> Edge:
    """The link a walk followed, read again from its caller's current facts: edge `slot`, or
    (negative) the `-1 - slot`th contextual call, which reached `target` through the MRO."""
    if slot >= 0:
        return facts.edges[slot]
    _, span, _ = list(_contextual_calls(facts))[-1 - slot]
    return Edge(target, span, "self")


def shape(facts: FunctionFacts | None) -> tuple | None:
    """What a walk reads of a function besides positions: its calls' targets and kinds in order,
    the names it calls on `self`/`super()`, its class, and whether it has anything to report. Two
    facts of one shape give the same walk; only the chains' spans can differ."""
    if facts is None:
        return None
    spans = {tuple(edge.span): index for index, edge in enumerate(facts.edges)}
    passes = tuple((spans.get(at), passed) for at, passed in facts.passes)  # by call, not by position
    return (tuple((edge.target, edge.kind, edge.self_class, edge.named) for edge in facts.edges),
            tuple(name for name, _ in facts.self_calls), tuple(name for name, _ in facts.super_calls),
            facts.owner, bool(facts.sinks or facts.task_calls or facts.detached), passes)


def _contextual_calls(facts: FunctionFacts):
    for name, span in facts.self_calls:
        yield name, span, ""
    for name, span in facts.super_calls:
        yield name, span, facts.owner


def _hops(node: Node, parents) -> list[tuple[str, Edge]]:
    """(caller, edge) pairs from the start down to `node`."""
    hops = []
    current = node
    while parents.get(current) is not None:
        caller, edge = parents[current][:2]
        hops.append((caller[0], edge))
        current = caller
    hops.reverse()
    return hops


Reach = tuple[frozenset[str], tuple[tuple[str, tuple], ...]]


def reach_from(start: Node, facts_of: FactsLookup, lookup: MethodLookup | None, memo=None) -> Reach:
    """Everything reachable from `start`, and for each function with something to report the
    hops that reach it first. Memoised per analysis pass (a dict) or across passes (`Walks`):
    services are shared by many handlers."""
    if isinstance(memo, Walks):
        return memo.reach(start, facts_of, lookup)
    if memo is not None and start in memo:
        return memo[start]
    result = _reach(_walk(start, facts_of, lookup), facts_of)[0]
    if memo is not None:
        memo[start] = result
    return result


def _reach(parents, facts_of: FactsLookup) -> tuple[Reach, tuple[Node, ...]]:
    """A walk's reach, and the nodes with something to report, in the walk's order."""
    interesting = []
    for node in parents:
        facts = facts_of(node[0])
        if facts is not None and (facts.sinks or facts.task_calls or facts.detached):
            interesting.append(node)
    hops = tuple((node[0], tuple(_hops(node, parents))) for node in interesting)
    return (frozenset(n[0] for n in parents), hops), tuple(interesting)


class _Kept:
    """One kept walk: its reach at `revision`, the links up from each node with something to
    report (the rest of the walk is not needed to read the chains again), its MRO lookups."""

    __slots__ = ("interesting", "links", "lookups", "reach", "revision")

    def __init__(self, revision: int, reach: Reach, links: dict, interesting: tuple, lookups: dict):
        self.revision, self.reach, self.links = revision, reach, links
        self.interesting, self.lookups = interesting, lookups


class Walks:
    """`reach_from`'s answers kept across passes, one per start node (a service called by many
    handlers, or a view's method under the view's class).

    After an edit, a kept walk is walked again only when a function it reached changed its
    `shape` (what it calls, what it reports) or one of its MRO lookups answers differently now;
    when the functions it reached changed only their positions (a line deleted above them), the
    chains are read again from the current facts along the kept links. The result is what a
    fresh walk gives: the walk is a function of the shapes and lookups alone. `note` is told,
    before each pass's walks, every function whose facts changed (with its facts before, when
    known: without them, its shape counts as changed)."""

    def __init__(self) -> None:
        self.revision = 0
        self._kept: dict[Node, _Kept] = {}
        # Per revision: the functions whose facts changed and those whose shape changed then.
        self._log: dict[int, tuple[frozenset[str], frozenset[str]]] = {}
        self._since: dict[int, tuple[frozenset[str], frozenset[str]]] = {}  # unions, this revision

    def copy(self) -> Walks:
        twin = Walks()
        twin.revision = self.revision
        twin._kept, twin._log = dict(self._kept), dict(self._log)
        return twin

    def clear(self) -> None:
        self._kept.clear()

    def note(self, functions, before: dict | None, facts_of: FactsLookup) -> None:
        self.revision += 1
        moved = frozenset(functions)
        reshaped = frozenset(name for name in moved if before is None or name not in before
                             or shape(before[name]) != shape(facts_of(name)))
        self._log[self.revision] = (moved, reshaped)
        self._since = {}
        if len(self._log) > MAX_REVISIONS:  # a walk kept from before the oldest is walked again
            del self._log[min(self._log)]

    def _changed_since(self, revision: int) -> tuple[frozenset[str], frozenset[str]] | None:
        """The functions whose facts, and whose shapes, changed after `revision` (None: the log
        no longer reaches back that far)."""
        found = self._since.get(revision)
        if found is None:
            if revision + 1 not in self._log:
                return None
            later = [self._log[r] for r in range(revision + 1, self.revision + 1)]
            found = self._since[revision] = (frozenset().union(*(m for m, _ in later)),
                                             frozenset().union(*(r for _, r in later)))
        return found

    def reach(self, start: Node, facts_of: FactsLookup, lookup: MethodLookup | None) -> Reach:
        kept = self._kept.get(start)
        if kept is not None and kept.revision != self.revision:
            kept = self._revalidate(start, kept, facts_of, lookup)
        if kept is None:
            lookups: dict = {}
            parents = _walk(start, facts_of, lookup, lookups)
            reach, interesting = _reach(parents, facts_of)
            kept = self._kept[start] = _Kept(self.revision, reach, _links(parents, interesting), interesting, lookups)
        return kept.reach

    def _revalidate(self, start: Node, kept: _Kept, facts_of: FactsLookup, lookup: MethodLookup | None) -> _Kept | None:
        changed = self._changed_since(kept.revision)
        names = kept.reach[0]
        if changed is None or not changed[1].isdisjoint(names):
            return None
        if lookup is not None and any(lookup(*asked) != answer for asked, answer in kept.lookups.items()):
            return None
        if not changed[0].isdisjoint(names):
            links: dict = {}
            for node, link in kept.links.items():
                if link is None:
                    links[node] = None
                else:
                    caller, _, slot = link
                    links[node] = (caller, _edge_at(facts_of(caller[0]), slot, node[0]), slot)
            hops = tuple((node[0], tuple(_hops(node, links))) for node in kept.interesting)
            kept = _Kept(self.revision, (names, hops), links, kept.interesting, kept.lookups)
        else:
            kept = _Kept(self.revision, kept.reach, kept.links, kept.interesting, kept.lookups)
        self._kept[start] = kept
        return kept


def _links(parents: dict, interesting: tuple[Node, ...]) -> dict:
    """The part of a walk's `parents` on the way up from the `interesting` nodes."""
    links: dict = {}
    for node in interesting:
        while node not in links:
            link = links[node] = parents[node]
            if link is None:
                break
            node = link[0]
    return links


def findings_for(entry: EntryPoint, facts_of: FactsLookup, path_of: Callable[[str], str],
                 memo: dict | None = None, lookup: MethodLookup | None = None,
                 with_hops: bool = False, outside: Callable[[str], bool] | None = None,
                 below: set[str] | None = None) -> tuple[list[Finding], set[str]]:
    """All findings on this entry's critical path, and the set of functions it reaches (`below`,
    when given, is filled with those its calls reach: the entry's own function only when a call
    comes back to it).

    Each call in the handler gets its own findings (two calls reaching the same sink are two
    places to fix), one per sink it reaches (a captcha check does not hide the email behind it);
    deeper down, the shortest chain to each sink speaks for the others. `outside(path)` tells the
    locations of installed base classes' methods (a handler the view inherits from a library):
    a finding stands at the first location of its chain in the workspace."""
    reached: set[str] = {entry.name}
    best: dict[tuple, Finding] = {}
    entry_facts = facts_of(entry.name)
    if entry_facts is None:
        return [], reached
    self_class = entry.self_class or entry_facts.owner
    _report(entry, [], entry_facts, path_of, best, with_hops, facts_of, outside)
    first_hops: list[tuple[Edge, Node]] = []
    for edge in dict.fromkeys(entry_facts.edges):
        if edge.kind in ("self", "super") and self_class and lookup is not None or edge.kind == "decorated":
            continue
        if edge.named and not _follows(edge.named, {}):
            continue
        first_hops.append((edge, _node(edge.target, _context(edge, self_class, lookup), entry_facts, edge.span, {})))
    if self_class and lookup is not None:
        for name, span, after in _contextual_calls(entry_facts):
            method = lookup(self_class, name, after)
            if method is not None:
                first_hops.append((Edge(method, span, "self"), _node(method, self_class, entry_facts, span, {})))
    for edge, node in first_hops:
        names, interesting = reach_from(node, facts_of, lookup, memo)
        reached |= names
        if below is not None:
            below |= names
        for name, hops in interesting:
            facts = facts_of(name)
            if facts is not None:
                _report(entry, [(entry.name, edge), *hops], facts, path_of, best, with_hops, facts_of, outside)
    return list(best.values()), reached


def own_findings(entry: EntryPoint, facts_of: FactsLookup, path_of: Callable[[str], str], with_hops: bool = False,
                 outside: Callable[[str], bool] | None = None) -> list[Finding]:
    """What `findings_for` reports of the entry's own function itself (its chains are one
    location long), in the same order: the first of its findings."""
    best: dict[tuple, Finding] = {}
    facts = facts_of(entry.name)
    if facts is not None:
        _report(entry, [], facts, path_of, best, with_hops, facts_of, outside)
    return list(best.values())


def _report(entry: EntryPoint, hops, facts: FunctionFacts, path_of, best: dict, with_hops: bool = False,
            facts_of: FactsLookup | None = None, outside: Callable[[str], bool] | None = None) -> None:
    for hit in facts.sinks:
        finding = _side_effect(entry, hops, facts, hit.span, hit.spec, path_of, facts_of, outside, hit.endpoint)
        if finding is None:
            continue
        key = (finding.path, finding.span, finding.code, finding.sink)
        if key not in best or finding.depth < best[key].depth:
            best[key] = finding
        if with_hops:
            for hop in _hop_findings(finding, outside):
                key = (hop.path, hop.span, hop.code, hop.sink)
                if key not in best or (best[key].hop, best[key].depth) > (hop.hop, hop.depth):
                    best[key] = hop
    for call in facts.task_calls:
        message = task_called_directly.message(task=_short(call.task), entry=entry.label, backend=call.backend)
        finding = _located(entry, hops, facts, task_called_directly.RULE.code, call.span, message, path_of)
        best.setdefault((finding.path, finding.span, finding.code), finding)
    for job in facts.detached:
        message = fire_and_forget.message(api=job.api, entry=entry.label)
        finding = _located(entry, hops, facts, fire_and_forget.RULE.code, job.span, message, path_of)
        best.setdefault((finding.path, finding.span, finding.code), finding)


def _chain(entry: EntryPoint, hops, facts: FunctionFacts, span: Span, path_of) -> tuple[Location, ...]:
    chain = [Location(path_of(caller), edge.span, caller) for caller, edge in hops]
    chain.append(Location(facts.path, span, facts.name))
    return tuple(chain)


def _first_in_workspace(chain: tuple[Location, ...], outside: Callable[[str], bool] | None) -> int:
    """Where a finding stands: its chain's first location in the workspace (the handler's call,
    or, under a handler inherited from an installed class, the project's override it reaches).
    The message speaks from there: its handler is that function, its depth the hops below it."""
    if outside is not None:
        for index, location in enumerate(chain):
            if not outside(location.path):
                return index
    return 0


def _side_effect(entry: EntryPoint, hops, facts: FunctionFacts, span: Span, spec, path_of,
                 facts_of: FactsLookup | None = None, outside: Callable[[str], bool] | None = None,
                 endpoint: str = "") -> Finding | None:
    if facts_of is not None and (_result_needed(hops, facts, span, spec, facts_of)
                                 or _exchanges_credential(hops, spec, endpoint)):
        return _slow_result(entry, hops, facts, span, spec, path_of, outside)
    rule = BY_CATEGORY.get(spec.category)
    if rule is None:
        return None
    chain = _chain(entry, hops, facts, span, path_of)
    start = _first_in_workspace(chain, outside)
    first, depth = chain[start], len(chain) - 1 - start
    message = side_effect.message(
        rule, handler=_short(first.name if start else entry.handler), callee=_short(hops[start][1].target) if depth else "",
        depth=depth,
        sink=_short(spec.api), cost=spec.cost, entry=entry.label,
    )
    sink = SinkRef(spec.api, spec.category, spec.cost, spec.seconds, facts.path, span, spec.via)
    return Finding(
        code=rule.code, message=message, path=first.path, span=first.span, category=spec.category,
        severity=rule.severity, entry=entry, sink=sink, chain=chain,
    )


# Edges along which a call's value comes back to its caller (not a signal receiver's). unwrapped:
# a wrapper hands on its value; callback: a helper that runs the function now hands back what it
# returned (`await run_in_threadpool(fetch, url)`, `asyncio.to_thread`, `sync_to_async(fetch)()`),
# which the span's own use then decides; jedi: a plain call only jedi could resolve.
_VALUE_EDGES = frozenset({"call", "self", "super", "base", "inline-task", "unwrapped", "callback", "jedi"})


def _result_needed(hops, facts: FunctionFacts, span: Span, spec, facts_of: FactsLookup) -> bool:
    """The sink's value is needed where it is called, and each call above it hands its value on
    to a return, a test or stored state, up to the handler (`call_use` says which calls). Under a
    call that may have written files the caller reads, a procedure's dropped calls hand on their
    effect instead (`effects` holds both kinds; `needed` tells them apart). A call whose value or
    failure decides an error the framework answers with a status (`raise ValidationError`,
    `except ApiError: raise HTTPException(502)`) is the response too when nothing above it
    swallows that error, whatever the callers above do with its value; that holds for a delivery
    as well (a chat join whose failure is the 400). A delivery's receipt or failure that reaches
    the answer reports the delivery (`slow_result.reports_outcome`), but not through a call that
    only fills an object the answer is made of (`send_mass_mail(messages)` of a counted list,
    `msg.send()` of a returned message): a send fills nothing, only its failure can go on up there."""
    result = slow_result.may_be_result(spec.category, spec.api) or slow_result.waits_for_result(spec.category)
    filled = False  # a call on the way is needed only as what fills a needed object
    handed = True  # the value (or failure) reaches the response from the handler down to here
    by_status = False  # ... through a status error raised on the way
    reaches = True  # an error raised here reaches the framework: nothing above swallows it
    writes = False  # the call above wrote files its caller reads: effects count below it
    failing = _answers_failures(hops[0][0] if hops else facts.name, facts_of)  # a call above answers a failure from here
    for position, (caller, edge) in enumerate(hops):
        caller_facts = facts_of(caller)
        if edge.kind not in _VALUE_EDGES or caller_facts is None:
            return False
        handed, by_status, writes, failing = _step(caller_facts, edge.span, handed, by_status, writes, failing,
                                                   reaches, not position)
        key = tuple(edge.span)
        reaches = reaches and key not in caller_facts.swallowed and key not in caller_facts.wrapped
        filled = filled or key in caller_facts.filled
    handed, by_status, _, failing = _step(facts, span, handed, by_status, writes, failing, reaches, not hops)
    filled = filled or tuple(span) in facts.filled
    reported = slow_result.reports_outcome(spec.category) and (failing or not filled)
    return handed and (result or by_status or reported)


def _step(facts: FunctionFacts, span: Span, handed: bool, by_status: bool, writes: bool, failing: bool,
          reaches: bool, entry: bool) -> tuple[bool, bool, bool, bool]:
    """One call of the chain (`_result_needed`): (handed, by_status, writes, failing) below it."""
    key = tuple(span)
    if reaches and key in facts.statused:
        # Its value or failure decides a status the framework answers with: the response from here.
        handed, by_status, writes = True, True, False
        failing = failing or key in facts.translated or key in facts.wrapped or key in facts.answered
        entry = True
    if not handed:
        return False, by_status, writes, failing
    writes, failing = _hands_on(facts, span, writes, failing, entry)
    if writes is None:
        return False, by_status, False, failing
    return True, by_status, writes, failing


def _answers_failures(handler: str, facts_of: FactsLookup) -> bool:
    """A decorator of the handler whose wrapper calls it in a `try` whose `except` returns a
    response (`except requests.RequestException: return Response(status=502)`): what fails
    below the handler decides its answer, as if the handler's own body stood in that `try`."""
    facts = facts_of(handler)
    if facts is None:
        return False
    for edge in facts.edges:
        if edge.kind != "wrapper":
            continue
        wrapper = facts_of(edge.target)
        if wrapper is not None and any(inner.kind == "decorated" and tuple(inner.span) in wrapper.answered
                                       for inner in wrapper.edges):
            return True
    return False


def _exchanges_credential(hops, spec, endpoint: str) -> bool:
    """A token exchange (`get_bot_token(code)`, a POST to `…/oauth/token`) on a value edge all
    the way: the code it trades is single-use and short-lived, and what it gets back is saved for
    the user (a row, the session) whatever the handler then answers, so it cannot wait for a job
    (`slow_result.exchanges_credential`)."""
    if any(edge.kind not in _VALUE_EDGES for _, edge in hops):
        return False
    names = [edge.target for _, edge in hops]
    return slow_result.may_be_result(spec.category, spec.api) and slow_result.exchanges_credential(
        names, spec.api, endpoint)


def _hands_on(facts: FunctionFacts, span: Span, writes: bool, failing: bool,
              entry: bool) -> tuple[bool | None, bool]:
    """(None when the call at `span` hands nothing on, else whether it does so by writing files;
    whether a failure below it still reaches a caller that answers for it). A dropped call hands
    on its failure: below a call in a `try` that answers for it (`test_connection()` whose
    `except` returns a failed status, a handler's `except` raising `HTTPException`), a helper
    that lets the error of its slow call go on up is the response like one whose value is. A
    helper's own error raised instead goes on up to its caller, which may drop it; one raised for
    every failure (`except Exception: raise CreateError(...)`) answers for none in particular."""
    key = tuple(span)
    if entry and (key in facts.translated or key in facts.wrapped):
        failing = True
    elif key in facts.swallowed or key in facts.wrapped:
        failing = False
    elif key in facts.answered:
        failing = True
    if key in facts.needed:
        return key in facts.effects, failing
    if writes and key in facts.effects:
        return True, failing
    return (False if failing else None), failing


def _slow_result(entry: EntryPoint, hops, facts: FunctionFacts, span: Span, spec, path_of,
                 outside: Callable[[str], bool] | None = None) -> Finding:
    rule = slow_result.RULE
    chain = _chain(entry, hops, facts, span, path_of)
    start = _first_in_workspace(chain, outside)
    first, depth = chain[start], len(chain) - 1 - start
    message = slow_result.message(
        handler=_short(first.name if start else entry.handler), callee=_short(hops[start][1].target) if depth else "",
        depth=depth,
        sink=_short(spec.api), category=spec.category, cost=spec.cost, entry=entry.label,
    )
    sink = SinkRef(spec.api, spec.category, spec.cost, spec.seconds, facts.path, span)
    return Finding(
        code=rule.code, message=message, path=first.path, span=first.span, category=rule.category,
        severity=rule.severity, entry=entry, sink=sink, chain=chain,
    )


def _hop_findings(finding: Finding, outside: Callable[[str], bool] | None = None) -> list[Finding]:
    """The same side effect reported on each deeper call of its chain (severity information), so
    the service module that holds the slow call shows it too, and editing it republishes them."""
    out = []
    chain = finding.chain
    first = next((i for i, here in enumerate(chain) if not outside(here.path)), 0) if outside is not None else 0
    if first + 1 >= len(chain):
        return out
    hop_message = slow_result.hop_message if finding.code == slow_result.RULE.code else side_effect.hop_message
    sink, handler, label = _short(finding.sink.api), _short(finding.entry.handler), finding.entry.label
    for index in range(first + 1, len(chain)):
        here = chain[index]
        if outside is not None and outside(here.path):
            continue  # an installed class's method: nothing is published inside site-packages
        remaining = len(chain) - 1 - index
        message = hop_message(
            sink=sink, category=finding.category, cost=finding.sink.cost, remaining=remaining,
            handler=handler, entry=label,
        )
        # Built positionally, not with `dataclasses.replace` (a third of the walks' time on a big
        # tree: thousands of hops per edit); the fields in `Finding`'s order.
        out.append(Finding(finding.code, message, here.path, here.span, finding.category, Severity.INFO,
                           finding.entry, finding.sink, chain, finding.data, index))
    return out


def _located(entry: EntryPoint, hops, facts: FunctionFacts, code: str, span: Span, message: str, path_of) -> Finding:
    rule = BY_CODE[code]
    chain = _chain(entry, hops, facts, span, path_of)
    return Finding(code=code, message=message, path=facts.path, span=span, category=rule.category,
                   severity=rule.severity, entry=entry, chain=chain)


def _short(name: str) -> str:
    """`Class.method` for methods, the bare name for functions."""
    parts = name.split(".")
    if len(parts) >= 2 and parts[-2][:1].isupper() and "_" not in parts[-2]:
        return ".".join(parts[-2:])
    return parts[-1]


# -- line shifts -------------------------------------------------------------------------------
# A line added or deleted above a function moves every position in it and nothing else: its facts
# are the old ones with each line moved by one amount. A walk over such functions is the same walk
# (`shape` leaves positions out), and the findings it gives are the old ones with the positions in
# those functions moved: `Findings.recompute` moves them instead of walking and building again.


def _moved(span, delta: int):
    return Span(span[0] + delta, span[1], span[2] + delta, span[3])


def _moved_key(key: tuple, delta: int) -> tuple:
    return (key[0] + delta, key[1], key[2] + delta, key[3])


def shifted(facts: FunctionFacts, delta: int) -> FunctionFacts:
    """`facts` with every line moved by `delta` (columns stay)."""
    return replace(
        facts, span=_moved(facts.span, delta),
        edges=tuple(replace(edge, span=_moved(edge.span, delta)) for edge in facts.edges),
        sinks=tuple(replace(hit, span=_moved(hit.span, delta)) for hit in facts.sinks),
        task_calls=tuple(replace(call, span=_moved(call.span, delta)) for call in facts.task_calls),
        dispatches=tuple(replace(job, span=_moved(job.span, delta)) for job in facts.dispatches),
        detached=tuple(replace(job, span=_moved(job.span, delta)) for job in facts.detached),
        unresolved=tuple((_moved(call, delta), _moved(func, delta)) for call, func in facts.unresolved),
        self_calls=tuple((name, _moved(span, delta)) for name, span in facts.self_calls),
        super_calls=tuple((name, _moved(span, delta)) for name, span in facts.super_calls),
        needed=frozenset(_moved_key(key, delta) for key in facts.needed),
        effects=frozenset(_moved_key(key, delta) for key in facts.effects),
        answered=frozenset(_moved_key(key, delta) for key in facts.answered),
        translated=frozenset(_moved_key(key, delta) for key in facts.translated),
        wrapped=frozenset(_moved_key(key, delta) for key in facts.wrapped),
        swallowed=frozenset(_moved_key(key, delta) for key in facts.swallowed),
        statused=frozenset(_moved_key(key, delta) for key in facts.statused),
        filled=frozenset(_moved_key(key, delta) for key in facts.filled),
        passes=tuple((_moved_key(at, delta), passed) for at, passed in facts.passes),
        library=tuple((name, _moved(span, delta)) for name, span in facts.library),
    )


# What `_hands_on` reads of a function at a call's span: the same answers at the old and the new
# place of every call a chain goes through keep every chain's verdict.
_VALUE_SETS = ("needed", "effects", "answered", "translated", "wrapped", "swallowed", "statused", "filled")


class Remap:
    """A changed function whose walk is the same (`shape`) and whose calls moved by unequal
    amounts (a line deleted inside it): `spans` takes the place of each call a walk or a report
    reads (its edges, `self`/`super()` calls and, when `reports`, its sinks, task calls and
    detached jobs) to its new place. `reports` False: what it reports itself changed (a sink
    came or went); only a walk starting in it can keep its chains (`Findings._move` builds that
    function's own report again)."""

    __slots__ = ("reports", "spans")

    def __init__(self, spans: dict, reports: bool):
        self.spans, self.reports = spans, reports


def _unplaced(items) -> tuple:
    return tuple(replace(item, span=None) for item in items)


def remapped(old: FunctionFacts, new: FunctionFacts) -> Remap | None:
    """`new` as `old` with its calls moved (each to one new place, none two to one), every call
    a chain can pass through answering `_hands_on` and `_node` the same there; None otherwise."""
    if old.path != new.path:
        return None
    before, after = shape(old), shape(new)
    if before[:4] != after[:4] or before[5:] != after[5:]:  # [4]: whether it reports: see `reports`
        return None
    pairs = [(a.span, b.span) for a, b in zip(old.edges, new.edges)]
    pairs += [(a[1], b[1]) for a, b in zip(old.self_calls, new.self_calls)]
    pairs += [(a[1], b[1]) for a, b in zip(old.super_calls, new.super_calls)]
    reports = (_unplaced(old.sinks) == _unplaced(new.sinks) and _unplaced(old.task_calls) == _unplaced(new.task_calls)
               and _unplaced(old.detached) == _unplaced(new.detached))
    if reports:
        for kind in ("sinks", "task_calls", "detached"):
            pairs += [(a.span, b.span) for a, b in zip(getattr(old, kind), getattr(new, kind))]
    spans: dict = {}
    for before, after in pairs:
        if spans.setdefault(before, after) != after:
            return None
    if len(set(spans.values())) != len(spans):
        return None
    old_passes, new_passes = _first_passes(old), _first_passes(new)
    for before, after in spans.items():
        if old_passes.get(tuple(before)) != new_passes.get(tuple(after)):
            return None
        for kind in _VALUE_SETS:
            if (tuple(before) in getattr(old, kind)) != (tuple(after) in getattr(new, kind)):
                return None
    return Remap(spans, reports)


def moved_functions(changed, before: dict, facts_of: FactsLookup) -> dict[str, int | Remap] | None:
    """Of the `changed` functions (their facts `before` the pass), those whose facts now are the
    old ones moved by a whole number of lines, with that number, and those whose walk is the same
    with calls moved by unequal amounts, with their `Remap`; None when a function appeared or
    disappeared (an MRO lookup may answer differently: no walk is moved)."""
    out: dict[str, int | Remap] = {}
    for name in changed:
        old, new = before.get(name), facts_of(name)
        if old is None or new is None:
            return None
        delta = new.span.line - old.span.line
        if delta and old.path == new.path and shifted(old, delta) == new:
            out[name] = delta
            continue
        how = remapped(old, new)
        if how is not None:
            out[name] = how
    return out


def _first_passes(facts: FunctionFacts) -> dict:
    """What each call hands on, as `_node` reads it (the first entry for its span)."""
    out: dict = {}
    for at, passed in facts.passes:
        out.setdefault(at, passed)
    return out


def _relocated(location: Location, how: int | Remap) -> Location | None:
    if type(how) is int:
        return Location(location.path, _moved(location.span, how), location.name)
    span = how.spans.get(location.span)
    if span is None:
        return None
    return location if span == location.span else Location(location.path, span, location.name)


def moved_finding(finding: Finding, moved: dict[str, int | Remap]) -> Finding | None:
    """`finding` with the positions in the `moved` functions moved (itself when its chain meets
    none); None when the place it stands cannot be told apart, or it stands on a call a `Remap`
    does not place (then it is built again)."""
    chain = finding.chain
    if not any(location.name in moved for location in chain):
        return finding
    new_chain = tuple(_relocated(location, moved[location.name]) if location.name in moved else location
                      for location in chain)
    if None in new_chain:
        return None
    # It stands at one location of its chain: a hop's own, else the one with its place.
    if finding.hop:
        at = {finding.hop}
    else:
        at = {index for index, location in enumerate(chain)
              if location.path == finding.path and location.span == finding.span}
    spans = {new_chain[index].span for index in at}
    if len(spans) != 1:
        return None
    sink = finding.sink
    if sink is not None:
        last = chain[-1]
        if sink.path != last.path or sink.span != last.span:
            return None
        sink = SinkRef(sink.api, sink.category, sink.cost, sink.cost_seconds, sink.path, new_chain[-1].span, sink.via)
    return Finding(finding.code, finding.message, finding.path, spans.pop(), finding.category, finding.severity,
                   finding.entry, sink, new_chain, finding.data, finding.hop)
