"""RabbitMQ through pika: `basic_publish` on a channel. A published message is a dispatch: its
consumer runs elsewhere. A project with a module-level pika channel gets its side effects moved to
a queue of their own (routing key = the function's name) with a consumer callback for
`basic_consume` (`produce.py`). aio-pika, the asyncio client, is `aio_pika.py`."""

from __future__ import annotations

from .base import Backend
from .produce import Producing, available, form


def _send(ctx, changes, doc, client: str, topic: str, body: str) -> str:
    return f'{client}.basic_publish(exchange="", routing_key="{topic}", body={body})'


PRODUCING = Producing(send=_send, consumer_params="ch, method, properties, body", body=lambda ctx: "body",
                      where="the project's consumer: `channel.basic_consume(queue=..., on_message_callback=...)`",
                      after="ch.basic_ack(delivery_tag=method.delivery_tag)")

BACKEND = Backend(
    name="rabbitmq",
    label="RabbitMQ",
    kind="broker",
    rank=420,
    boundary_apis=("pika.BlockingConnection.channel.basic_publish", "pika.SelectConnection.channel.basic_publish",
                   "pika.adapters.blocking_connection.BlockingChannel.basic_publish",
                   "pika.channel.Channel.basic_publish"),
    boundary_methods=("basic_publish",),
    title="Move {task}(...) to a RabbitMQ queue (basic_publish + consumer callback)",
    app_classes=("pika.BlockingConnection.channel", "pika.adapters.blocking_connection.BlockingChannel"),
    available=available("rabbitmq"),
    form=form("rabbitmq", "RabbitMQ", PRODUCING),
)
