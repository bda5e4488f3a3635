"""Huey: `@huey.task(retries=…)` on the project's Huey instance (or djhuey's `task`); calling a
Huey task enqueues it, so the call itself stays as written."""

from __future__ import annotations

import ast

from .base import RETRIES, Backend, Flag, Form

OPTIONS = f"retries={RETRIES}, retry_delay=10"
DJHUEY = "djhuey"
CLASSES = ("Huey", "RedisHuey", "SqliteHuey", "MemoryHuey", "PriorityRedisHuey")


def available(ctx, site) -> bool:
    return "huey" in ctx.setup.apps or DJHUEY in ctx.setup.flags


def decorator(ctx, changes, doc) -> str:
    setup = ctx.setup
    if "huey" in setup.apps:
        module, name = setup.apps["huey"]
        if module != doc.module:
            name = changes.need(doc, module, name)
        return f"{name}.task({OPTIONS})"
    return f"{changes.need(doc, 'huey.contrib.djhuey', 'task')}({OPTIONS})"


def form(ctx, changes, site, task) -> Form:
    ref = task.ref
    func = site.call.func
    if isinstance(func, ast.Attribute) and func.attr == "call_local":
        ref = site.doc.segment(func.value)
    return Form(head=ref)


BACKEND = Backend(
    name="huey",
    label="Huey",
    rank=3,
    title="Move {task}(...) to a Huey task (@huey.task)",
    packages=("huey",),
    app_classes=("huey.RedisHuey", "huey.SqliteHuey", "huey.Huey", "huey.MemoryHuey", "huey.PriorityRedisHuey",
                 "huey.RedisExpireHuey", "huey.FileHuey"),
    flags=(Flag(DJHUEY, packages=("django-huey",), imports=("huey.contrib.djhuey",)),),
    task_decorators=tuple(f"huey.{c}.task" for c in CLASSES)
    + tuple(f"huey.{c}.periodic_task" for c in CLASSES[:2])
    + tuple(f"huey.contrib.djhuey.{d}" for d in ("task", "db_task", "periodic_task", "db_periodic_task")),
    task_libraries=("huey",),
    decorator_names=("db_task", "db_periodic_task"),
    owner_hint="huey",
    dispatch_methods=frozenset({"schedule", "s", "enqueue"}),
    call_enqueues=True,
    id_methods=frozenset({"call"}),
    available=available,
    decorator=decorator,
    form=form,
    worker_commands=(r"\bhuey_consumer\b", r"\brun_huey\b", r"\bdjangohuey\b"),
    worker_hint="`huey_consumer`/`manage.py run_huey`",
    eager_settings=(r"\bimmediate\s*=\s*True\b", r"[\"']immediate[\"']\s*:\s*True\b"),
    retry_options=("retries",),
    retry_policy=OPTIONS,
)
