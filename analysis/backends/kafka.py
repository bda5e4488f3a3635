"""Kafka producers: confluent-kafka `Producer.produce`, kafka-python `KafkaProducer.send`, aiokafka
`AIOKafkaProducer.send`/`send_and_wait`. Producing a record is a dispatch: the consumers run in
their own processes. A project with a module-level producer gets its side effects moved to a
topic of their own, with a consumer function (`produce.py`)."""

from __future__ import annotations

from .base import Backend, Flag
from .produce import Producing, available, form

KAFKA_PYTHON = "kafka_python"  # kafka-python's `KafkaProducer.send(topic, value=bytes)`


def _send(ctx, changes, doc, client: str, topic: str, body: str) -> str:
    if KAFKA_PYTHON in ctx.setup.flags and "confluent_kafka" not in ctx.setup.flags:
        return f'{client}.send("{topic}", value={body}.encode())'
    return f'{client}.produce("{topic}", {body})'


def _body(ctx) -> str:
    return "message.value" if KAFKA_PYTHON in ctx.setup.flags and "confluent_kafka" not in ctx.setup.flags else "message.value()"


PRODUCING = Producing(send=_send, consumer_params="message", body=_body,
                      where="the project's Kafka consumer loop, for each message polled from its topic")

BACKEND = Backend(
    name="kafka",
    label="Kafka",
    kind="broker",
    rank=410,
    boundary_apis=("confluent_kafka.Producer.produce", "confluent_kafka.SerializingProducer.produce",
                   "kafka.KafkaProducer.send", "kafka.producer.KafkaProducer.send",
                   "aiokafka.AIOKafkaProducer.send", "aiokafka.AIOKafkaProducer.send_and_wait"),
    boundary_methods=("produce", "send_and_wait"),
    title="Move {task}(...) to a Kafka topic (produce + consumer function)",
    app_classes=("confluent_kafka.Producer", "confluent_kafka.SerializingProducer", "kafka.KafkaProducer",
                 "kafka.producer.KafkaProducer"),
    flags=(Flag(KAFKA_PYTHON, imports=("kafka",)), Flag("confluent_kafka", imports=("confluent_kafka",))),
    available=available("kafka"),
    form=form("kafka", "Kafka", PRODUCING),
)
