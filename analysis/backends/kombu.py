"""Kombu, the messaging library under Celery: `Producer.publish` (built directly or from a
`Connection`) sends a message its consumers pick up elsewhere. A project with a module-level
`Producer` gets its side effects published under a routing key of their own, with a consumer
callback for a `kombu.Consumer` (`produce.py`)."""

from __future__ import annotations

from .base import Backend
from .produce import Producing, available, form


def _send(ctx, changes, doc, client: str, topic: str, body: str) -> str:
    return f'{client}.publish({body}, routing_key="{topic}")'


PRODUCING = Producing(send=_send, consumer_params="body, message", body=lambda ctx: "body",
                      where="a `kombu.Consumer(..., callbacks=[...])` on the queue bound to its routing key",
                      after="message.ack()")

BACKEND = Backend(
    name="kombu",
    label="Kombu",
    kind="broker",
    rank=430,
    boundary_apis=("kombu.Producer.publish", "kombu.messaging.Producer.publish", "kombu.Connection.Producer.publish",
                   "kombu.Connection.SimpleQueue.put"),
    title="Move {task}(...) to a Kombu routing key (publish + consumer callback)",
    app_classes=("kombu.Producer", "kombu.messaging.Producer"),
    available=available("kombu"),
    form=form("kombu", "Kombu", PRODUCING),
)
