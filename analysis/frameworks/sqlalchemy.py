"""SQLAlchemy (and Flask-SQLAlchemy, SQLModel): ORM event listeners run inside the request that
commits or flushes.

`event.listen(Session, "after_commit", f)` and `@event.listens_for(Order, "after_insert")`
register listeners; `session.commit()` (or `db.session.commit()`) flushes, so it runs the flush
and mapper listeners (`before_flush`, `after_insert`…) and then the commit ones (`after_commit`);
`session.flush()` runs the flush and mapper ones only; the end of a `with session.begin():` block
(`async with sessionmaker.begin() as session:` too) commits. The listener keys are the event names, so
a listener runs on every commit of every session: which session or mapper the target names is not
tracked (a listener registered for one model also counts for another's commit).

Attribute events (`@event.listens_for(Order.tags, "append")`, "set", "remove"…) run where the
attribute changes, not at a flush: assigning `order.tags = [...]` (`self.tags = ...` in a method of
the model too), `order.tags.append(t)` (or extend/remove/insert/pop/clear) and `setattr(order,
"tags", v)` run every listener of `Order.tags` (or of a base class's `tags`); a `setattr` whose name
it cannot read runs every attribute listener of the class. Which event of the attribute changes is
not told apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..model import Span
from .base import Framework, decorator_scope

if TYPE_CHECKING:
    from ..resolve import Resolver
    from ..summary import FileSummary, FunctionInfo

PACKAGES = ("sqlalchemy", "flask_sqlalchemy", "sqlmodel")
LISTEN = frozenset({"sqlalchemy.event.listen", "sqlalchemy.event.api.listen"})
LISTENS_FOR = frozenset({"sqlalchemy.event.listens_for", "sqlalchemy.event.api.listens_for"})
FLUSH_EVENTS = (
    "before_flush", "after_flush", "after_flush_postexec",
    "before_insert", "after_insert", "before_update", "after_update", "before_delete", "after_delete",
)
COMMIT_EVENTS = FLUSH_EVENTS + ("before_commit", "after_commit", "after_transaction_end")
KEY = "sqlalchemy:{}"
ATTRIBUTE_EVENTS = frozenset({"append", "append_wo_mutation", "bulk_replace", "remove", "set", "modified",
                              "init_collection", "dispose_collection"})
ATTRIBUTE_KEY = "sqlalchemy:attr:{}.{}"
ANY_ATTRIBUTE = "sqlalchemy:attr"  # every attribute listener: a file with none fires nothing
COLLECTION_CHANGES = frozenset({"append", "extend", "remove", "insert", "pop", "clear", "add", "discard"})


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
                found += _attribute_keys(resolver, decorator.args[0] if decorator.args else None, event,
                                         decorator_scope(summary, function), resolver.full(summary, function.qualname))
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
                    found += _attribute_keys(resolver, site.args[0], event, scope, value[1])
    return found


def _attribute_keys(resolver: Resolver, target, event: str, scope, listener: str) -> list[tuple[str, str]]:
    """`Order.tags` as a listener's target: the keys its changes fire (that attribute, any of the class)."""
    if event not in ATTRIBUTE_EVENTS or not target or len(target) < 2:
        return []
    found = []
    for value in resolver.evaluate(target[:-1], scope):
        if value[0] == "class":
            found += [(ATTRIBUTE_KEY.format(value[1], target[-1]), listener),
                      (ATTRIBUTE_KEY.format(value[1], "*"), listener), (ANY_ATTRIBUTE, listener)]
    return found


def _store_events(resolver: Resolver, summary: FileSummary, function: FunctionInfo,
                  receivers: Mapping[str, set]) -> list[tuple[Span, str]]:
    """The attribute changes of `function` that run attribute listeners (see the module docstring)."""
    resolver.depend(f"signal:{ANY_ATTRIBUTE}")  # a listener added anywhere re-reads this function
    if not receivers.get(ANY_ATTRIBUTE):
        return []
    scope = (summary, function)
    changes: list[tuple[Span, tuple, str]] = []  # (where, the object's chain, the attribute or "*")
    if function.receiver_param:
        changes += [(_line(b.line), (function.receiver_param,), b.name) for b in function.self_attrs]
    for binding in function.bindings:
        head, dot, name = binding.name.rpartition(".")
        if dot and not binding.mutates:
            changes.append((_line(binding.line), tuple(head.split(".")), name))
    for site in function.calls:
        callee = site.callee
        if callee and len(callee) >= 3 and callee[-1] in COLLECTION_CHANGES:
            changes.append((site.span, callee[:-2], callee[-2]))
        elif callee == ("setattr",) and site.args and site.args[0]:
            literal = site.arg_literals[1] if len(site.arg_literals) > 1 else None
            changes.append((site.span, site.args[0], literal or "*"))
    found: list[tuple[Span, str]] = []
    for span, chain, name in changes:
        for value in resolver.evaluate(chain, scope):
            if value[0] != "inst":
                continue
            for owner in resolver.mro(value[1])[0]:
                key = ATTRIBUTE_KEY.format(owner, name)
                if receivers.get(key):
                    found.append((span, key))
    return list(dict.fromkeys(found))


def _line(line: int) -> Span:
    """An assignment's place: its line (the summary keeps no columns for bindings)."""
    return Span(line, 0, line, 0)


def _fires(events: tuple[str, ...]):
    def hook(receivers: set) -> list[str]:
        """Only a session of the ORM: another library's `commit()` (a git repo, a Kafka client) fires nothing."""
        if any(v[0] in ("ext", "exti") and v[1].split(".", 1)[0] in PACKAGES for v in receivers):
            return [KEY.format(event) for event in events]
        return []
    return hook


def _transaction_ends(receivers: set) -> list[str]:
    """The end of `with session.begin():` / `async with sessionmaker.begin() as session:` commits:
    the implicit `__exit__`/`__aexit__` of a session's `begin()` runs the commit listeners. An
    engine's or a connection's `begin()` is Core: no ORM session events."""
    for value in receivers:
        name = value[1] if value[0] in ("ext", "exti") else ""
        if name.split(".", 1)[0] in PACKAGES and name.endswith(".begin") \
                and "engine" not in name.lower() and "connection" not in name.lower():
            return [KEY.format(event) for event in COMMIT_EVENTS]
    return []


# -- models as values: `Model.query.filter(...).one()` is a Model, `relationship(X)` an X or a list --
MODEL_BASE_TAILS = frozenset({"Model", "DeclarativeBase", "DeclarativeBaseNoMeta", "SQLModel", "declarative_base"})
RELATIONSHIPS = frozenset({
    "sqlalchemy.orm.relationship", "sqlalchemy.orm.relation", "sqlalchemy.orm.relationships.relationship",
    "sqlalchemy.orm._orm_constructors.relationship", "flask_sqlalchemy.SQLAlchemy.relationship",
    "flask_sqlalchemy.SQLAlchemy.relation", "flask_sqlalchemy.extension.SQLAlchemy.relationship",
    "sqlmodel.Relationship", "sqlmodel.main.Relationship",
})
# Query methods: those that give one row (a model instance) and those that give a narrower query.
QUERY_RETURNS_INSTANCE = frozenset({"one", "one_or_none", "first", "get", "get_or_404", "first_or_404",
                                    "one_or_404", "scalar"})
QUERY_RETURNS_QUERY = frozenset({"filter", "filter_by", "where", "order_by", "join", "outerjoin", "options",
                                 "limit", "offset", "distinct", "group_by", "all", "with_for_update", "yield_per"})


def _is_model_base(dotted: str) -> bool:
    """`db.Model` of Flask-SQLAlchemy, a declarative base, SQLModel."""
    return dotted.split(".", 1)[0] in PACKAGES and dotted.rsplit(".", 1)[-1] in MODEL_BASE_TAILS


FRAMEWORK = Framework(
    name="sqlalchemy",
    precedence=60,
    model_base=_is_model_base,
    manager_attributes=frozenset({"query"}),  # Flask-SQLAlchemy's `Model.query`
    manager_returns_instance=QUERY_RETURNS_INSTANCE,
    manager_returns_queryset=QUERY_RETURNS_QUERY,
    either_relation_fields=RELATIONSHIPS,
    event_receivers=_receivers,
    event_triggers={"commit": _fires(COMMIT_EVENTS), "flush": _fires(FLUSH_EVENTS),
                    "__exit__": _transaction_ends, "__aexit__": _transaction_ends},
    store_events=_store_events,
)
