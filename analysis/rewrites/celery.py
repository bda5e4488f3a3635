"""Celery: decorate with the project's own style (`@shared_task`, or `@app.task` of the app it
defines) with retries on, and dispatch with `.delay(...)`."""

from __future__ import annotations

from .context import Changes, Context
from .moves import RETRIES, Backend, Form, TaskRef
from .site import Site
from .text import Doc

OPTIONS = f"autoretry_for=(Exception,), retry_backoff=True, max_retries={RETRIES}"


class Celery(Backend):
    name = "celery"
    label = "Celery"

    def decorator(self, ctx: Context, changes: Changes, doc: Doc) -> str:
        setup = ctx.setup
        if setup.celery_app_style and setup.celery_app is not None:
            module, app = setup.celery_app
            if module != doc.module:
                app = changes.need(doc, module, app)
            return f"{app}.task({OPTIONS})"
        return f"{changes.need(doc, 'celery', 'shared_task')}({OPTIONS})"

    def form(self, ctx: Context, changes: Changes, site: Site, task: TaskRef) -> Form:
        return Form(head=f"{task.ref}.delay")

    def title(self, task: str) -> str:
        return f"Send `{task}` to Celery with `.delay()`"


BACKEND = Celery()
