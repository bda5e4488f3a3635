"""Plain values shared by every layer: spans, rules, findings, fixes.

All are frozen dataclasses so they can be cached, compared and pickled.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, NamedTuple


class Span(NamedTuple):
    """A source range: lines are 1-based, columns are 0-based code points, end is exclusive."""

    line: int
    col: int
    end_line: int
    end_col: int


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "information"
    HINT = "hint"


class Applicability(str, Enum):
    """How safe it is to apply a fix without review (ruff's vocabulary)."""

    SAFE = "safe"
    UNSAFE = "unsafe"
    DISPLAY_ONLY = "display-only"


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule's identity and its message template; `doc` is the long ruff-style explanation.

    `message` is a `str.format` template over the named values the rule's check supplies; `fix`
    names the family of rewrites its findings get ("" when none), so the rewrites read the rule
    instead of testing codes. `check_dispatch(job)`, for rules about one queue dispatch wherever
    it stands (no handler needed), returns the finding's message or None.
    """

    code: str
    name: str
    category: str
    summary: str
    doc: str
    severity: Severity = Severity.WARNING
    message: str = ""
    fix: str = ""
    check_dispatch: Callable[[Any], str | None] | None = None
    # About the queue's setup or a task's policy, not a call on the request path: a fix that
    # creates a task may raise one, so verification does not count it as a finding the fix adds.
    about_tasks: bool = False

    def format(self, **values: object) -> str:
        """This rule's finding message with the named values filled in."""
        return self.message.format(**values)


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace `span` of file `path` with `text`."""

    path: str
    span: Span
    text: str


@dataclass(frozen=True, slots=True)
class Fix:
    title: str
    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.UNSAFE
    preferred: bool = False
    backend: str = ""


@dataclass(frozen=True, slots=True)
class Location:
    """A named place in the workspace: one hop of a call chain, an entry point or a sink."""

    path: str
    span: Span
    name: str


@dataclass(frozen=True, slots=True)
class EntryPoint:
    """A request handler: `name` is the dotted qualified name of the function."""

    name: str
    path: str
    span: Span  # the `def` line
    framework: str
    route: str = ""
    methods: tuple[str, ...] = ()
    self_class: str = ""  # for class-based views: the concrete view class
    # Where the concrete view class stands when the handler is inherited from a class in another
    # place (`IssueViewSet` running `CreateModelMixin.create`): the user's file, not the base's.
    view_path: str = ""
    view_span: Span | None = None

    @property
    def inherited(self) -> bool:
        """The handler is a method of a base class the concrete view class inherits."""
        return bool(self.self_class) and not self.name.startswith(self.self_class + ".")

    @property
    def handler(self) -> str:
        """The handler as the request runs it: `app.api.IssueViewSet.create`, even when `create` is
        written in a mixin (`name` stays the function that is walked)."""
        if self.inherited:
            return f"{self.self_class}.{self.name.rsplit('.', 1)[-1]}"
        return self.name

    @property
    def site(self) -> tuple[str, Span]:
        """Where a person finds the handler: the concrete view class for an inherited one."""
        if self.inherited and self.view_path and self.view_span is not None:
            return self.view_path, self.view_span
        return self.path, self.span

    @property
    def label(self) -> str:
        """How a person names the endpoint: `GET, POST /orders`; without a route, the function
        name, or `View.method` for a class-based view's handler (never a bare `post`)."""
        if self.route:
            return f"{', '.join(_conventional_order(self.methods))} {self.route}".strip()
        if self.self_class:
            return f"{self.self_class.rsplit('.', 1)[-1]}.{self.name.rsplit('.', 1)[-1]}"
        return self.name.rsplit(".", 1)[-1]


_METHOD_ORDER = {"GET": 0, "POST": 1, "PUT": 2, "PATCH": 3, "DELETE": 4}


def _conventional_order(methods: tuple[str, ...]) -> list[str]:
    """GET, POST, PUT, PATCH, DELETE, then any other verb alphabetically; each once."""
    return sorted(dict.fromkeys(methods), key=lambda m: (_METHOD_ORDER.get(m, len(_METHOD_ORDER)), m))


@dataclass(frozen=True)
class Route:
    """A route a framework declares in one file; the project matches it to the handler's entry point."""

    target: str  # a function or a class (its handler methods get the route)
    route: str
    methods: tuple[str, ...]
    framework: str


@dataclass(frozen=True, slots=True)
class SinkRef:
    api: str
    category: str
    cost: str
    cost_seconds: float
    path: str
    span: Span
    via: tuple[Location, ...] = ()  # library calls between `span` and the API, outermost first


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one place. For side effects, `chain` walks from the handler to the sink."""

    code: str
    message: str
    path: str
    span: Span
    category: str = ""
    severity: Severity = Severity.WARNING
    entry: EntryPoint | None = None
    sink: SinkRef | None = None
    chain: tuple[Location, ...] = ()
    data: tuple[tuple[str, str], ...] = field(default=(), compare=False)
    hop: int = 0  # 0: reported where the handler starts the chain; n: at the chain's n-th call

    @property
    def is_hop(self) -> bool:
        """A secondary report, on a call deeper in the chain where the work could also be cut off."""
        return self.hop > 0

    @property
    def depth(self) -> int:
        """How many calls separate the handler from the sink (0: called in the handler)."""
        return max(len(self.chain) - 1, 0)

    @property
    def key(self) -> tuple[str, ...]:
        """Identity that survives unrelated edits (no line numbers): used by baselines. A hop
        report shares its key with the handler's report: accepting one accepts both."""
        entry = self.entry.name if self.entry else ""
        sink = self.sink.api if self.sink else ""
        hops = "/".join(loc.name for loc in self.chain)
        return (self.code, self.path, entry, sink, hops)
