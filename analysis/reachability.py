"""From one entry point, walk the call graph (never across a dispatch boundary) and turn every
sink, inline task call and detached job reached into a Finding with its call chain."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

from .callgraph import Edge, FunctionFacts
from .model import EntryPoint, Finding, Location, SinkRef, Span
from .rules import BY_CATEGORY, BY_CODE

MAX_NODES = 50_000

FactsLookup = Callable[[str], FunctionFacts | None]


def explore(entry: EntryPoint, facts_of: FactsLookup) -> dict[str, tuple[str, Edge] | None]:
    """Breadth-first: every function reached from the entry, with the edge that reached it first."""
    parents: dict[str, tuple[str, Edge] | None] = {entry.name: None}
    queue = deque([entry.name])
    while queue and len(parents) < MAX_NODES:
        current = queue.popleft()
        facts = facts_of(current)
        if facts is None:
            continue
        for edge in facts.edges:
            if edge.target not in parents:
                parents[edge.target] = (current, edge)
                queue.append(edge.target)
    return parents


def _hops(function: str, parents) -> list[tuple[str, Edge]]:
    """(caller, edge) pairs from the entry down to `function`."""
    hops = []
    current = function
    while parents.get(current) is not None:
        caller, edge = parents[current]
        hops.append((caller, edge))
        current = caller
    hops.reverse()
    return hops


Reach = tuple[frozenset[str], tuple[tuple[str, tuple], ...]]


def reach_from(function: str, facts_of: FactsLookup, memo: dict | None = None) -> Reach:
    """Everything reachable from `function`, and for each function with something to report the
    hops that reach it first. Memoised per analysis pass: services are shared by many handlers."""
    if memo is not None and function in memo:
        return memo[function]
    parents = explore_from(function, facts_of)
    interesting = []
    for name in parents:
        facts = facts_of(name)
        if facts is not None and (facts.sinks or facts.task_calls or facts.detached):
            interesting.append((name, tuple(_hops(name, parents))))
    result = (frozenset(parents), tuple(interesting))
    if memo is not None:
        memo[function] = result
    return result


def explore_from(start: str, facts_of: FactsLookup) -> dict[str, tuple[str, Edge] | None]:
    return explore(EntryPoint(start, "", Span(0, 0, 0, 0), ""), facts_of)


def findings_for(entry: EntryPoint, facts_of: FactsLookup, path_of: Callable[[str], str],
                 memo: dict | None = None) -> tuple[list[Finding], set[str]]:
    """All findings on this entry's critical path, and the set of functions it reaches.

    Each call in the handler gets its own findings (two calls reaching the same sink are two
    places to fix); deeper down, the shortest chain to each sink speaks for the others."""
    reached: set[str] = {entry.name}
    best: dict[tuple, Finding] = {}
    entry_facts = facts_of(entry.name)
    if entry_facts is None:
        return [], reached
    _report(entry, [], entry_facts, path_of, best)
    for edge in dict.fromkeys(entry_facts.edges):
        names, interesting = reach_from(edge.target, facts_of, memo)
        reached |= names
        for name, hops in interesting:
            facts = facts_of(name)
            if facts is not None:
                _report(entry, [(entry.name, edge), *hops], facts, path_of, best)
    return list(best.values()), reached


def _report(entry: EntryPoint, hops, facts: FunctionFacts, path_of, best: dict) -> None:
    for hit in facts.sinks:
        finding = _side_effect(entry, hops, facts, hit.span, hit.spec, path_of)
        if finding is None:
            continue
        key = (finding.path, finding.span, finding.code)
        if key not in best or finding.depth < best[key].depth:
            best[key] = finding
    for call in facts.task_calls:
        finding = _located(entry, hops, facts, "OFP201", call.span,
                           f"task `{_short(call.task)}` is called directly, so it runs inline while the user "
                           f"waits for {entry.label} — dispatch it with the {call.backend} queue instead", path_of)
        best.setdefault((finding.path, finding.span, finding.code), finding)
    for job in facts.detached:
        finding = _located(entry, hops, facts, "OFP204", job.span,
                           f"`{job.api}` starts fire-and-forget work on the request path of {entry.label}: "
                           f"it is lost if the worker restarts — use a durable queue", path_of)
        best.setdefault((finding.path, finding.span, finding.code), finding)


def _chain(entry: EntryPoint, hops, facts: FunctionFacts, span: Span, path_of) -> tuple[Location, ...]:
    chain = [Location(path_of(caller), edge.span, caller) for caller, edge in hops]
    chain.append(Location(facts.path, span, facts.name))
    return tuple(chain)


def _side_effect(entry: EntryPoint, hops, facts: FunctionFacts, span: Span, spec, path_of) -> Finding | None:
    rule = BY_CATEGORY.get(spec.category)
    if rule is None:
        return None
    chain = _chain(entry, hops, facts, span, path_of)
    depth = len(chain) - 1
    first = chain[0]
    if depth == 0:
        actor = f"`{_short(entry.name)}`"
        how = "directly"
    else:
        actor = f"`{_short(hops[0][1].target)}()`"
        how = "1 call deep" if depth == 1 else f"{depth} calls deep"
    verb = rule.summary.replace(" on the request path", "")
    message = (
        f"{actor} {verb} via `{_short(spec.api)}` {how} (~{spec.cost}) while the user waits for "
        f"{entry.label} — move it to a queue"
    )
    sink = SinkRef(spec.api, spec.category, spec.cost, spec.seconds, facts.path, span)
    return Finding(
        code=rule.code, message=message, path=first.path, span=first.span, category=spec.category,
        severity=rule.severity, entry=entry, sink=sink, chain=chain,
    )


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
