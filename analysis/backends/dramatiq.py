"""Dramatiq: `@dramatiq.actor(max_retries=…)` and `.send(...)`."""

from __future__ import annotations

from .base import RETRIES, Backend, Form


def decorator(ctx, changes, doc) -> str:
    return f"{changes.need(doc, 'dramatiq')}.actor(max_retries={RETRIES})"


def form(ctx, changes, site, task) -> Form:
    return Form(head=f"{task.ref}.send")


BACKEND = Backend(
    name="dramatiq",
    label="Dramatiq",
    rank=2,
    title="Move {task}(...) to a Dramatiq actor (.send())",
    packages=("dramatiq", "django-dramatiq"),
    app_classes=("dramatiq.brokers.redis.RedisBroker", "dramatiq.brokers.rabbitmq.RabbitmqBroker"),
    task_decorators=("dramatiq.actor", "django_dramatiq.actor"),
    task_libraries=("dramatiq",),
    decorator_names=("actor",),
    dispatch_methods=frozenset({"send", "send_with_options", "message", "message_with_options"}),
    boundary_methods=("send_with_options",),
    id_methods=frozenset({"send"}),
    decorator=decorator,
    form=form,
    worker_commands=(r"\bdramatiq\b", r"\brundramatiq\b"),
    worker_hint="`dramatiq`/`manage.py rundramatiq`",
    retries_by_default=True,
    no_retry=(("max_retries", "0"),),
    retry_policy="max_retries=5",
)
