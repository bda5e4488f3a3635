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

FactsLookup = Callable[[str], FunctionFacts | None]


MethodLookup = Callable[[str, str, str], str | None]
Node = tuple[str, str]  # (function, the class `self` is known to be, or "")


def explore(start: Node, facts_of: FactsLookup, lookup: MethodLookup | None = None) -> dict[Node, tuple[Node, Edge] | None]:
    """Breadth-first from `start`, never across a dispatch boundary. While the class of `self` is
    known (a view class serving a request), `self.m()` and `super().m()` follow that class's MRO —
    the override that really runs — instead of every subclass's override."""
    parents: dict[Node, tuple[Node, Edge] | None] = {start: None}
    queue = deque([start])
    while queue and len(parents) < MAX_NODES:
        node = queue.popleft()
        function, self_class = node
        facts = facts_of(function)
        if facts is None:
            continue
        contextual = bool(self_class) and lookup is not None
        for edge in facts.edges:
            if contextual and edge.kind in ("self", "super") or edge.kind == "decorated":
                continue  # followed through the class's MRO below; a wrapper's call: see Edge
            target: Node = (edge.target, "")
            if target not in parents:
                parents[target] = (node, edge)
                queue.append(target)
        if contextual:
            for name, span, after in _contextual_calls(facts):
                method = lookup(self_class, name, after)
                if method is None:
                    continue
                target = (method, self_class)
                if target not in parents:
                    parents[target] = (node, Edge(method, span, "self"))
                    queue.append(target)
    return parents


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
        caller, edge = parents[current]
        hops.append((caller[0], edge))
        current = caller
    hops.reverse()
    return hops


Reach = tuple[frozenset[str], tuple[tuple[str, tuple], ...]]


def reach_from(start: Node, facts_of: FactsLookup, lookup: MethodLookup | None, memo: dict | None = None) -> Reach:
    """Everything reachable from `start`, and for each function with something to report the
    hops that reach it first. Memoised per analysis pass: services are shared by many handlers."""
    if memo is not None and start in memo:
        return memo[start]
    parents = explore(start, facts_of, lookup)
    interesting = []
    for node in parents:
        facts = facts_of(node[0])
        if facts is not None and (facts.sinks or facts.task_calls or facts.detached):
            interesting.append((node[0], tuple(_hops(node, parents))))
    result = (frozenset(n[0] for n in parents), tuple(interesting))
    if memo is not None:
        memo[start] = result
    return result


def findings_for(entry: EntryPoint, facts_of: FactsLookup, path_of: Callable[[str], str],
                 memo: dict | None = None, lookup: MethodLookup | None = None,
                 with_hops: bool = False, outside: Callable[[str], bool] | None = None) -> tuple[list[Finding], set[str]]:
    """All findings on this entry's critical path, and the set of functions it reaches.

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
        first_hops.append((edge, (edge.target, "")))
    if self_class and lookup is not None:
        for name, span, after in _contextual_calls(entry_facts):
            method = lookup(self_class, name, after)
            if method is not None:
                first_hops.append((Edge(method, span, "self"), (method, self_class)))
    for edge, node in first_hops:
        names, interesting = reach_from(node, facts_of, lookup, memo)
        reached |= names
        for name, hops in interesting:
            facts = facts_of(name)
            if facts is not None:
                _report(entry, [(entry.name, edge), *hops], facts, path_of, best, with_hops, facts_of, outside)
    return list(best.values()), reached


def _report(entry: EntryPoint, hops, facts: FunctionFacts, path_of, best: dict, with_hops: bool = False,
            facts_of: FactsLookup | None = None, outside: Callable[[str], bool] | None = None) -> None:
    for hit in facts.sinks:
        finding = _side_effect(entry, hops, facts, hit.span, hit.spec, path_of, facts_of, outside)
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
                 facts_of: FactsLookup | None = None, outside: Callable[[str], bool] | None = None) -> Finding | None:
    if facts_of is not None and _result_needed(hops, facts, span, spec, facts_of):
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
_VALUE_EDGES = frozenset({"call", "self", "super", "inline-task", "unwrapped", "callback", "jedi"})


def _result_needed(hops, facts: FunctionFacts, span: Span, spec, facts_of: FactsLookup) -> bool:
    """The sink's value is needed where it is called, and each call above it hands its value on
    to a return, a test or stored state, up to the handler (`call_use` says which calls). Under a
    call that may have written files the caller reads, a procedure's dropped calls hand on their
    effect instead (`effects` holds both kinds; `needed` tells them apart)."""
    if not slow_result.may_be_result(spec.category):
        return False
    writes = False  # the call above wrote files its caller reads: effects count below it
    for caller, edge in hops:
        caller_facts = facts_of(caller)
        if edge.kind not in _VALUE_EDGES or caller_facts is None:
            return False
        writes = _hands_on(caller_facts, edge.span, writes)
        if writes is None:
            return False
    return _hands_on(facts, span, writes) is not None


def _hands_on(facts: FunctionFacts, span: Span, writes: bool) -> bool | None:
    """None when the call at `span` hands nothing on; else whether it does so by writing files."""
    key = tuple(span)
    if key in facts.needed:
        return key in facts.effects
    return True if writes and key in facts.effects else None


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
    for index in range(first + 1, len(chain)):
        here = chain[index]
        if outside is not None and outside(here.path):
            continue  # an installed class's method: nothing is published inside site-packages
        remaining = len(chain) - 1 - index
        hop_message = slow_result.hop_message if finding.code == slow_result.RULE.code else side_effect.hop_message
        message = hop_message(
            sink=_short(finding.sink.api), category=finding.category, cost=finding.sink.cost, remaining=remaining,
            handler=_short(finding.entry.handler), entry=finding.entry.label,
        )
        out.append(replace(finding, message=message, path=here.path, span=here.span, severity=Severity.INFO, hop=index))
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
