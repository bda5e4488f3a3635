"""Kafka producers: confluent-kafka `Producer.produce`, kafka-python `KafkaProducer.send`, aiokafka
`AIOKafkaProducer.send`/`send_and_wait`. Producing a record is a dispatch: the consumers run in
their own processes."""

from __future__ import annotations

from .base import Backend

BACKEND = Backend(
    name="kafka",
    label="Kafka",
    kind="broker",
    rank=410,
    boundary_apis=("confluent_kafka.Producer.produce", "confluent_kafka.SerializingProducer.produce",
                   "kafka.KafkaProducer.send", "kafka.producer.KafkaProducer.send",
                   "aiokafka.AIOKafkaProducer.send", "aiokafka.AIOKafkaProducer.send_and_wait"),
    boundary_methods=("produce", "send_and_wait"),
)
