"""Django Q2: `async_task("module.function", ...)` from `django_q.tasks`. Tasks are plain functions
named by their dotted path, so the call site imports nothing but `async_task`."""

from __future__ import annotations

from .base import Backend, Form


def form(ctx, changes, site, task) -> Form | None:
    found = ctx.function(site.callee)
    if found is None:
        return None
    async_task = changes.need(site.doc, "django_q.tasks", "async_task")
    return Form(head=async_task, first_args=[f'"{found[0].module}.{task.name}"'])


BACKEND = Backend(
    name="django_q",
    label="Django Q2",
    title="Move {task}(...) to a Django Q2 task (async_task())",
    aliases=("django-q",),
    packages=("django-q2", "django-q"),
    boundary_apis=("django_q.tasks.async_task", "django_q.tasks.async_chain", "django_q.tasks.async_iter"),
    boundary_methods=("async_task",),
    form=form,
    worker_commands=(r"\bqcluster\b",),
    worker_hint="`manage.py qcluster`",
    eager_settings=(r"[\"']sync[\"']\s*:\s*True\b",),
    by_name=True,
)
