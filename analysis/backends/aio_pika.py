"""aio-pika, RabbitMQ's asyncio client: `await exchange.publish(Message(...), routing_key=...)`
(on `channel.default_exchange` or a declared exchange) is a dispatch: its consumer runs elsewhere.

Its connections and channels are opened with `await`, so a project keeps them in a module-level
name it fills at startup (`channel: aio_pika.abc.AbstractChannel | None = None`, set by a
`global` in a lifespan hook). A project with such a channel, exchange or connection gets
a side effect called from an `async def` moved to a queue of its own (routing key = the
function's name): an `async def produce_<f>` publishing through that object, awaited at the call
site, and an `async def consume_<f>(message)` for `queue.consume(...)` (`produce.py`)."""

from __future__ import annotations

import ast

from .base import Backend
from .produce import Producing, available, form

# What the project's object is, by the classes it is made or annotated with: how it publishes.
_EXCHANGES = ("aio_pika.Exchange", "aio_pika.RobustExchange", "aio_pika.exchange.Exchange",
              "aio_pika.robust_exchange.RobustExchange", "aio_pika.abc.AbstractExchange",
              "aio_pika.abc.AbstractRobustExchange")
_CHANNELS = ("aio_pika.Channel", "aio_pika.RobustChannel", "aio_pika.channel.Channel",
             "aio_pika.robust_channel.RobustChannel", "aio_pika.abc.AbstractChannel",
             "aio_pika.abc.AbstractRobustChannel")
_CONNECTIONS = ("aio_pika.Connection", "aio_pika.RobustConnection", "aio_pika.connection.Connection",
                "aio_pika.robust_connection.RobustConnection", "aio_pika.abc.AbstractConnection",
                "aio_pika.abc.AbstractRobustConnection")


def _send(ctx, changes, doc, client: str, topic: str, body: str) -> str:
    aio_pika = changes.need(doc, "aio_pika")
    message = f"{aio_pika}.Message(body={body}.encode())"
    kind = ctx.setup.app_classes.get("aio_pika", "")
    if kind in _EXCHANGES:
        return f'await {client}.publish({message}, routing_key="{topic}")'
    if kind in _CONNECTIONS:  # a connection: a channel of its own, closed once the message is out
        publish = f'await channel.default_exchange.publish({message}, routing_key="{topic}")'
        return f"async with {client}.channel() as channel:\n        {publish}"
    return f'await {client}.default_exchange.publish({message}, routing_key="{topic}")'


PRODUCING = Producing(send=_send, consumer_params="message", body=lambda ctx: "message.body",
                      where="the project's consumer: `await queue.consume(...)` on the queue bound to its routing key",
                      after="await message.ack()", is_async=True, late=True)


def _available(ctx, site) -> bool:
    """Only from an `async def`: the call site awaits the message going out."""
    return isinstance(site.function, ast.AsyncFunctionDef) and available("aio_pika")(ctx, site)


BACKEND = Backend(
    name="aio_pika",
    label="aio-pika",
    kind="broker",
    rank=425,
    boundary_apis=("aio_pika.Exchange.publish", "aio_pika.RobustExchange.publish",
                   "aio_pika.abc.AbstractExchange.publish",
                   "aio_pika.connect.channel.default_exchange.publish",
                   "aio_pika.connect_robust.channel.default_exchange.publish",
                   "aio_pika.connect.channel.declare_exchange.publish",
                   "aio_pika.connect_robust.channel.declare_exchange.publish",
                   *(f"{cls}.default_exchange.publish" for cls in _CHANNELS),
                   *(f"{cls}.publish" for cls in _EXCHANGES)),
    title="Move {task}(...) to a RabbitMQ queue (aio-pika publish + consumer callback)",
    app_classes=(*_EXCHANGES, *_CHANNELS, *_CONNECTIONS),
    declared_apps=True,
    available=_available,
    form=form("aio_pika", "RabbitMQ", PRODUCING),
)
