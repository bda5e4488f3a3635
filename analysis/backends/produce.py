"""Brokers as rewrite targets: when the project already produces to a broker (a module-level SQS
client, a Kafka or Kombu producer, a pika channel, a Pub/Sub publisher, a Redis client it adds
stream entries with), a side effect can move there too. The call becomes a call of a new
`produce_<task>(...)` function next to the moved function, which sends its arguments as one JSON
message through the project's own client, and a `consume_<task>(message)` function beside it runs
the function from such a message. offpath writes the consumer function, not the consumer process:
its docstring says where to call it (the project's consumer loop, a Lambda handler).

One `Producing` per broker says how its client sends and how a consumer reads a message back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .base import Form, app_object, top_names


@dataclass(frozen=True)
class Producing:
    """How one broker's client sends a message, and how its consumer reads the body back."""

    send: Callable  # (ctx, changes, doc, client, topic, body) -> the statement sending `body`
    consumer_params: str  # the consumer function's parameters (what the broker's consumer hands it)
    body: Callable  # (ctx) -> the expression of the message body inside the consumer
    where: str  # where the consumer function is called from, for its docstring
    after: str = ""  # a statement the consumer runs once the function returned (`message.ack()`)
    is_async: bool = False  # an asyncio client: both functions are `async def`, the call site awaits
    late: bool = False  # the client is filled at startup (`global channel`): read through its module when sending


def form(name: str, label: str, producing: Producing) -> Callable:
    """The `Backend.form` of a broker that is a rewrite target."""

    def make(ctx, changes, site, task) -> Form | None:
        found = ctx.function(site.callee) if site.callee else None
        doc = ctx.doc(found[2]) if found is not None else None
        if doc is None:
            return None
        client = _late_client(ctx, changes, doc, name) if producing.late else app_object(ctx, changes, doc, name, "", lambda home: "")
        if client is None:
            return None
        taken = top_names(doc.tree) | {n for _, n in changes.scaffolded}
        topic = site.callee.rsplit(".", 1)[-1]
        produce, consume = f"produce_{topic}", f"consume_{topic}"
        if produce in taken or consume in taken:
            return None
        changes.scaffolded |= {(doc.path, produce), (doc.path, consume)}
        json = changes.need(doc, "json")
        body = f'{json}.dumps({{"args": args, "kwargs": kwargs}})'
        a = "async " if producing.is_async else ""
        text = (
            f"\n\n{a}def {produce}(*args, **kwargs):\n"
            f'    """Send {topic}(...) to {label} as one message; `{consume}` runs it."""\n'
            f"    {producing.send(ctx, changes, doc, client, topic, body)}\n"
            f"\n\n{a}def {consume}({producing.consumer_params}):\n"
            f'    """Run one `{topic}` message: call it from {producing.where}."""\n'
            f"    payload = {json}.loads({producing.body(ctx)})\n"
            f'    {task.name}(*payload["args"], **payload["kwargs"])\n'
            + (f"    {producing.after}\n" if producing.after else "")
        )
        lead = "" if doc.text.endswith("\n") else "\n"
        changes.insert(doc, len(doc.text), lead + text)
        head = produce if doc.module == site.doc.module else changes.need(site.doc, doc.module, produce)
        return Form(head=head, awaits=producing.is_async)

    return make


def _late_client(ctx, changes, doc, name: str) -> str | None:
    """`events.channel`, not `from .events import channel`: a name filled after import must be
    read from its module each time, or the importer keeps the `None` it had at import."""
    found = ctx.setup.apps.get(name)
    if found is None:
        return None
    module, local = found
    if module == doc.module:
        return local
    parent, _, last = module.rpartition(".")
    return f"{changes.need(doc, parent, last) if parent else changes.need(doc, module)}.{local}"


def available(name: str, producing: bool = False) -> Callable:
    """A broker is offered only to a project that already has a client for it; with `producing`,
    only when the project also produces through it already (a Redis client alone is a cache)."""

    def check(ctx, site) -> bool:
        if name not in ctx.setup.apps:
            return False
        return not producing or any(d.backend == name for facts in ctx.project.facts.values()
                                    for function in facts.functions.values() for d in function.dispatches)

    return check
