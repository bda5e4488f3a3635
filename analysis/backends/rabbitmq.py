"""RabbitMQ clients: pika `basic_publish` on a channel and aio-pika `Exchange.publish`. A published
message is a dispatch: its consumer runs elsewhere."""

from __future__ import annotations

from .base import Backend

BACKEND = Backend(
    name="rabbitmq",
    label="RabbitMQ",
    kind="broker",
    rank=420,
    boundary_apis=("pika.BlockingConnection.channel.basic_publish", "pika.SelectConnection.channel.basic_publish",
                   "pika.adapters.blocking_connection.BlockingChannel.basic_publish",
                   "pika.channel.Channel.basic_publish",
                   "aio_pika.Exchange.publish", "aio_pika.connect.channel.default_exchange.publish",
                   "aio_pika.connect_robust.channel.default_exchange.publish",
                   "aio_pika.connect.channel.declare_exchange.publish",
                   "aio_pika.connect_robust.channel.declare_exchange.publish"),
    boundary_methods=("basic_publish",),
)
