"""taskiq: `@broker.task` on the project's broker and `await f.kiq(...)` (async callers only)."""

from __future__ import annotations

import ast

from .base import RETRIES, Backend, Form


def available(ctx, site) -> bool:
    return "taskiq" in ctx.setup.apps and isinstance(site.function, ast.AsyncFunctionDef)


def decorator(ctx, changes, doc) -> str:
    module, broker = ctx.setup.apps["taskiq"]
    if module != doc.module:
        broker = changes.need(doc, module, broker)
    return f"{broker}.task(retry_on_error=True, max_retries={RETRIES})"


def form(ctx, changes, site, task) -> Form:
    return Form(head=f"{task.ref}.kiq", awaits=True)


BACKEND = Backend(
    name="taskiq",
    label="taskiq",
    rank=5,
    title="Move {task}(...) to a taskiq task (await .kiq())",
    packages=("taskiq", "taskiq-redis", "taskiq-aio-pika", "taskiq-fastapi"),
    app_pattern=("taskiq", "Broker"),
    broker_libraries=("taskiq", "taskiq_redis", "taskiq_aio_pika"),
    owner_hint="broker",
    dispatch_methods=frozenset({"kiq", "kicker"}),
    boundary_methods=("kiq",),
    id_methods=frozenset({"kiq"}),
    available=available,
    decorator=decorator,
    form=form,
    worker_commands=(r"\btaskiq\b.*\bworker\b",),
    worker_hint="`taskiq worker`",
    retry_options=("retry_on_error", "max_retries"),
    retry_policy=f"retry_on_error=True, max_retries={RETRIES}",
    async_functions=True,
)
