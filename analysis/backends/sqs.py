"""Amazon SQS through boto3: `send_message`/`send_message_batch` on an `sqs` client or a `Queue`
resource hands a message to the queue; its consumer runs elsewhere. A project with a module-level
SQS client gets its side effects moved to a queue of their own (its URL read from the environment),
with a consumer function (`produce.py`)."""

from __future__ import annotations

from .base import Backend
from .produce import Producing, available, form


def _send(ctx, changes, doc, client: str, topic: str, body: str) -> str:
    environ = changes.need(doc, "os") + ".environ"
    return f'{client}.send_message(QueueUrl={environ}["{topic.upper()}_QUEUE_URL"], MessageBody={body})'


PRODUCING = Producing(send=_send, consumer_params="message", body=lambda ctx: 'message["Body"]',
                      where="the project's SQS consumer (a `receive_message` loop or a Lambda handler), for each message")

BACKEND = Backend(
    name="sqs",
    label="Amazon SQS",
    kind="broker",
    rank=400,
    boundary_apis=("boto3.client:sqs.send_message", "boto3.client:sqs.send_message_batch",
                   "boto3.resource:sqs.Queue.send_message", "boto3.resource:sqs.Queue.send_messages",
                   "boto3.session.Session.client:sqs.send_message",
                   "boto3.session.Session.client:sqs.send_message_batch"),
    boundary_methods=("send_message_batch",),
    title="Move {task}(...) to an SQS queue (send_message + consumer function)",
    app_classes=("boto3.client:sqs", "boto3.session.Session.client:sqs"),
    available=available("sqs"),
    form=form("sqs", "Amazon SQS", PRODUCING),
)
