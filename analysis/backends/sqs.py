"""Amazon SQS through boto3: `send_message`/`send_message_batch` on an `sqs` client or a `Queue`
resource hands a message to the queue; its consumer runs elsewhere. A dispatch boundary, not a
rewrite target yet (offpath does not write SQS consumers)."""

from __future__ import annotations

from .base import Backend

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
)
