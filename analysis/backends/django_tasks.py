"""Django 6 `django.tasks` (or the `django-tasks` backport): `@task` and `.enqueue(...)`. Built into
Django 6, so it is offered to a Django project with no queue without adding anything."""

from __future__ import annotations

from .base import Backend, Flag, Form, Greenfield

BACKPORT = "django_tasks_backport"


def decorator(ctx, changes, doc) -> str:
    module = "django_tasks" if BACKPORT in ctx.setup.flags else "django.tasks"
    return changes.need(doc, module, "task")


def form(ctx, changes, site, task) -> Form:
    return Form(head=f"{task.ref}.enqueue")


def job_status(ctx, changes, doc, task_ref: str, job_id: str) -> tuple[list[str], str]:
    """The task's result as its backend stores it (`task.get_result(id)`)."""
    return [f"result = {task_ref}.get_result({job_id})"], '{"state": result.status, "ready": result.is_finished}'


BACKEND = Backend(
    name="django_tasks",
    label="Django tasks",
    rank=4,
    title="Move {task}(...) to a Django task (.enqueue())",
    aliases=("django-tasks",),
    packages=("django-tasks",),
    flags=(Flag(BACKPORT, packages=("django-tasks",), imports=("django_tasks",)),),
    task_decorators=("django.tasks.task", "django_tasks.task"),
    dispatch_methods=frozenset({"enqueue", "aenqueue"}),
    id_methods=frozenset({"enqueue", "aenqueue"}),
    decorator=decorator,
    form=form,
    job_status=job_status,
    worker_commands=(r"\bdb_worker\b", r"\brun_worker\b"),
    worker_hint="`manage.py db_worker`",
    eager_settings=(r"ImmediateBackend",),
    greenfield=Greenfield(frameworks=("django", "django-ninja")),
)
