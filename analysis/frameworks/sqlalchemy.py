"""SQLAlchemy (and Flask-SQLAlchemy, SQLModel): ORM event listeners run inside the request that
commits or flushes.

`event.listen(Session, "after_commit", f)` and `@event.listens_for(Order, "after_insert")`
register listeners; `session.commit()` (or `db.session.commit()`) flushes, so it runs the flush
and mapper listeners (`before_flush`, `after_insert`…) and then the commit ones (`after_commit`);
`session.flush()` runs the flush and mapper ones only. The listener keys are the event names, so
a listener runs on every commit of every session: which session or mapper the target names is not
tracked (a listener registered for one model also counts for another's commit).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import Framework, decorator_scope

if TYPE_CHECKING:
    from ..resolve import Resolver
    from ..summary import FileSummary

PACKAGES = ("sqlalchemy", "flask_sqlalchemy", "sqlmodel")
LISTEN = frozenset({"sqlalchemy.event.listen", "sqlalchemy.event.api.listen"})
LISTENS_FOR = frozenset({"sqlalchemy.event.listens_for", "sqlalchemy.event.api.listens_for"})
FLUSH_EVENTS = (
    "before_flush", "after_flush", "after_flush_postexec",
    "before_insert", "after_insert", "before_update", "after_update", "before_delete", "after_delete",
)
COMMIT_EVENTS = FLUSH_EVENTS + ("before_commit", "after_commit", "after_transaction_end")
KEY = "sqlalchemy:{}"


def _receivers(resolver: Resolver, summary: FileSummary) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for function in summary.functions[1:]:
        for decorator in function.decorators:
            if not decorator.callee or decorator.callee[-1] != "listens_for" or len(decorator.arg_literals) < 2:
                continue
            event = decorator.arg_literals[1]
            names = {v[1] for v in resolver.evaluate(decorator.callee, decorator_scope(summary, function)) if v[0] == "ext"}
            if event and names & LISTENS_FOR:
                found.append((KEY.format(event), resolver.full(summary, function.qualname)))
    for function in summary.functions:
        scope = (summary, function)
        for site in function.calls:
            if not site.callee or site.callee[-1] != "listen" or len(site.args) < 3 or len(site.arg_literals) < 2:
                continue
            event = site.arg_literals[1]
            names = {v[1] for v in resolver.evaluate(site.callee, scope) if v[0] == "ext"}
            if not event or not names & LISTEN or not site.args[2]:
                continue
            for value in resolver.evaluate(site.args[2], scope):
                if value[0] == "func":
                    found.append((KEY.format(event), value[1]))
    return found


def _fires(events: tuple[str, ...]):
    def hook(receivers: set) -> list[str]:
        """Only a session of the ORM: another library's `commit()` (a git repo, a Kafka client) fires nothing."""
        if any(v[0] in ("ext", "exti") and v[1].split(".", 1)[0] in PACKAGES for v in receivers):
            return [KEY.format(event) for event in events]
        return []
    return hook


FRAMEWORK = Framework(
    name="sqlalchemy",
    precedence=60,
    event_receivers=_receivers,
    event_triggers={"commit": _fires(COMMIT_EVENTS), "flush": _fires(FLUSH_EVENTS)},
)
