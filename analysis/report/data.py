"""The critical-path report's model: every entry point with the synchronous side effects on its
path, their typical costs, and what the user would still wait for once they move to a queue.

Built only from `Project`'s public API; the renderers (html, markdown) never touch the analysis.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass

from ..model import Finding
from ..paths import relative
from ..project import Project
from ..rules import BY_CODE

# What a request still pays per side effect once it is queued: one broker round-trip.
QUEUE_DISPATCH_SECONDS = 0.005

CATEGORY_LABELS = {
    "email": "Email", "http": "HTTP APIs", "pdf": "PDF rendering", "image": "Image processing",
    "video": "Video processing", "push": "Push notifications", "sms": "SMS", "analytics": "Analytics",
    "search_index": "Search indexing", "chat": "Chat messages", "sleep": "Sleeping",
    "subprocess": "Subprocesses",
}


@dataclass(frozen=True, slots=True)
class Hop:
    """One function on the way from the handler to a side effect, and the line of its call."""

    name: str
    path: str
    line: int


@dataclass(frozen=True, slots=True)
class Effect:
    """One synchronous side effect on an endpoint's path."""

    code: str
    rule: str
    category: str
    api: str
    cost: str
    seconds: float
    message: str
    path: str  # where the sink is called
    line: int
    chain: tuple[Hop, ...]  # handler first; the last hop is the function that calls `api`


@dataclass(frozen=True, slots=True)
class Note:
    """A queue-hygiene finding on the path (a task run inline, fire-and-forget work)."""

    code: str
    rule: str
    message: str
    path: str
    line: int
    chain: tuple[Hop, ...]


@dataclass(frozen=True, slots=True)
class Endpoint:
    name: str
    label: str
    framework: str
    route: str
    methods: tuple[str, ...]
    path: str
    line: int
    effects: tuple[Effect, ...]
    notes: tuple[Note, ...]

    @property
    def wait_seconds(self) -> float:
        """Estimated time the user waits on side effects (typical costs added up)."""
        return sum(effect.seconds for effect in self.effects)

    @property
    def after_queue_seconds(self) -> float:
        """What remains once every side effect is dispatched to a queue instead."""
        return len(self.effects) * QUEUE_DISPATCH_SECONDS

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(effect.category for effect in self.effects))


@dataclass(frozen=True, slots=True)
class Report:
    title: str
    root: str
    endpoints: tuple[Endpoint, ...]

    @property
    def by_category(self) -> dict[str, tuple[float, int]]:
        """Category -> (total estimated seconds over all endpoints, number of side effects), slowest first."""
        totals: dict[str, list] = {}
        for endpoint in self.endpoints:
            for effect in endpoint.effects:
                entry = totals.setdefault(effect.category, [0.0, 0])
                entry[0] += effect.seconds
                entry[1] += 1
        ordered = sorted(totals.items(), key=lambda item: (-item[1][0], item[0]))
        return {category: (seconds, count) for category, (seconds, count) in ordered}

    @property
    def wait_seconds(self) -> float:
        return sum(endpoint.wait_seconds for endpoint in self.endpoints)

    @property
    def after_queue_seconds(self) -> float:
        return sum(endpoint.after_queue_seconds for endpoint in self.endpoints)

    @property
    def affected(self) -> tuple[Endpoint, ...]:
        """Endpoints with at least one side effect or note, slowest first."""
        hit = [e for e in self.endpoints if e.effects or e.notes]
        return tuple(sorted(hit, key=lambda e: (-e.wait_seconds, e.label, e.name)))


def build_report(project: Project, root: str | None = None, title: str = "") -> Report:
    """The report of every entry point `project` knows; paths relative to `root`."""
    root = os.path.abspath(root or (project.roots[0] if project.roots else os.getcwd()))
    # Only what `offpath check` would report: enabled rules, suppressions applied.
    published = {(f.code, f.path, f.span) for found in project.all_findings().values() for f in found}
    endpoints = []
    for entry in project.entry_points():
        effects, notes = [], []
        for finding in project.entry_findings(entry):
            if (finding.code, finding.path, finding.span) not in published:
                continue
            if finding.sink is not None:
                effects.append(_effect(finding, root))
            else:
                notes.append(_note(finding, root))
        effects.sort(key=lambda e: (e.chain[0].line if e.chain else 0, e.code, e.api))
        notes.sort(key=lambda n: (n.line, n.code))
        endpoints.append(Endpoint(
            name=entry.handler, label=entry.label, framework=entry.framework, route=entry.route,
            methods=entry.methods, path=relative(entry.site[0], root), line=entry.site[1].line,
            effects=tuple(effects), notes=tuple(notes),
        ))
    return Report(title or os.path.basename(root), root, tuple(endpoints))


def to_dict(report: Report) -> dict:
    """The report as JSON-ready data (embedded in the HTML page and printed by `--format json`)."""
    from ... import analysis

    endpoints = []
    for endpoint in report.endpoints:
        record = asdict(endpoint)
        record["methods"] = list(endpoint.methods)
        record["categories"] = list(endpoint.categories)
        record["wait_seconds"] = round(endpoint.wait_seconds, 3)
        record["after_queue_seconds"] = round(endpoint.after_queue_seconds, 3)
        endpoints.append(record)
    return {
        "version": 1,
        "tool": {"name": "offpath", "version": getattr(analysis, "__version__", "0.1.0")},
        "title": report.title,
        "queue_dispatch_seconds": QUEUE_DISPATCH_SECONDS,
        "wait_seconds": round(report.wait_seconds, 3),
        "after_queue_seconds": round(report.after_queue_seconds, 3),
        "by_category": [
            {"category": category, "label": category_label(category), "seconds": round(seconds, 3), "count": count}
            for category, (seconds, count) in report.by_category.items()
        ],
        "endpoints": endpoints,
    }


def category_label(category: str) -> str:
    return CATEGORY_LABELS.get(category, category.replace("_", " ").capitalize())


def format_seconds(seconds: float) -> str:
    """`~2.5 s`, `~5 ms`, `0 s`: estimates, so one significant digit after the point at most."""
    if seconds <= 0:
        return "0 s"
    if seconds < 1:
        return f"~{seconds * 1000:.0f} ms"
    return f"~{seconds:.1f} s" if seconds < 100 else f"~{seconds:.0f} s"


def short_name(name: str) -> str:
    """`shop.views.OrderView.post` -> `OrderView.post`; `shop.views.checkout` -> `checkout`."""
    parts = name.split(".")
    if len(parts) >= 2 and parts[-2][:1].isupper():
        return ".".join(parts[-2:])
    return parts[-1]


def _effect(finding: Finding, root: str) -> Effect:
    sink = finding.sink
    assert sink is not None
    return Effect(
        code=finding.code, rule=_rule_name(finding.code), category=sink.category, api=sink.api,
        cost=sink.cost, seconds=sink.cost_seconds, message=finding.message,
        path=relative(sink.path, root), line=sink.span.line, chain=_hops(finding, root),
    )


def _note(finding: Finding, root: str) -> Note:
    return Note(code=finding.code, rule=_rule_name(finding.code), message=finding.message,
                path=relative(finding.path, root), line=finding.span.line, chain=_hops(finding, root))


def _hops(finding: Finding, root: str) -> tuple[Hop, ...]:
    return tuple(Hop(loc.name, relative(loc.path, root), loc.span.line) for loc in finding.chain)


def _rule_name(code: str) -> str:
    rule = BY_CODE.get(code)
    return rule.name if rule else ""
