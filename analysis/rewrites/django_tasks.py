"""Django 6 `django.tasks` (or the `django-tasks` backport): `@task` and `.enqueue(...)`."""

from __future__ import annotations

from .context import Changes, Context
from .moves import Backend, Form, TaskRef
from .site import Site
from .text import Doc


class DjangoTasks(Backend):
    name = "django_tasks"
    label = "Django tasks"

    def decorator(self, ctx: Context, changes: Changes, doc: Doc) -> str:
        return changes.need(doc, ctx.setup.django_tasks_module, "task")

    def form(self, ctx: Context, changes: Changes, site: Site, task: TaskRef) -> Form:
        return Form(head=f"{task.ref}.enqueue")

    def title(self, task: str) -> str:
        return f"Enqueue `{task}` with Django tasks (`.enqueue()`)"


BACKEND = DjangoTasks()
