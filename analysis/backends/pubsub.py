"""Google Cloud Pub/Sub: `PublisherClient.publish` hands a message to the topic and returns a
future; subscribers run elsewhere."""

from __future__ import annotations

from .base import Backend

BACKEND = Backend(
    name="pubsub",
    label="Google Pub/Sub",
    kind="broker",
    rank=450,
    boundary_apis=("google.cloud.pubsub_v1.PublisherClient.publish", "google.cloud.pubsub.PublisherClient.publish",
                   "google.cloud.pubsub_v1.publisher.Client.publish"),
)
