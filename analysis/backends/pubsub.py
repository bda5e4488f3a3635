"""Google Cloud Pub/Sub: `PublisherClient.publish` hands a message to the topic and returns a
future; subscribers run elsewhere. A project with a module-level `PublisherClient` gets its side
effects published to a topic of their own (in the project named by `GOOGLE_CLOUD_PROJECT`), with
a subscriber callback (`produce.py`)."""

from __future__ import annotations

from .base import Backend
from .produce import Producing, available, form


def _send(ctx, changes, doc, client: str, topic: str, body: str) -> str:
    environ = changes.need(doc, "os") + ".environ"
    return f'{client}.publish({client}.topic_path({environ}["GOOGLE_CLOUD_PROJECT"], "{topic}"), {body}.encode())'


PRODUCING = Producing(send=_send, consumer_params="message", body=lambda ctx: "message.data",
                      where="the project's subscriber: `SubscriberClient().subscribe(subscription, callback=...)`",
                      after="message.ack()")

BACKEND = Backend(
    name="pubsub",
    label="Google Pub/Sub",
    kind="broker",
    rank=450,
    boundary_apis=("google.cloud.pubsub_v1.PublisherClient.publish", "google.cloud.pubsub.PublisherClient.publish",
                   "google.cloud.pubsub_v1.publisher.Client.publish"),
    title="Move {task}(...) to a Pub/Sub topic (publish + subscriber callback)",
    app_classes=("google.cloud.pubsub_v1.PublisherClient", "google.cloud.pubsub.PublisherClient",
                 "google.cloud.pubsub_v1.publisher.Client"),
    available=available("pubsub"),
    form=form("pubsub", "Google Pub/Sub", PRODUCING),
)
