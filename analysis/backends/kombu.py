"""Kombu, the messaging library under Celery: `Producer.publish` (built directly or from a
`Connection`) sends a message its consumers pick up elsewhere."""

from __future__ import annotations

from .base import Backend

BACKEND = Backend(
    name="kombu",
    label="Kombu",
    kind="broker",
    rank=430,
    boundary_apis=("kombu.Producer.publish", "kombu.messaging.Producer.publish", "kombu.Connection.Producer.publish",
                   "kombu.Connection.SimpleQueue.put"),
)
