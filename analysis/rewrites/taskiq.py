"""taskiq: `@broker.task` on the project's broker and `await f.kiq(...)` (async callers only)."""

from __future__ import annotations

import ast

from .context import Changes, Context
from .moves import RETRIES, Backend, Form, TaskRef
from .site import Site
from .text import Doc


class Taskiq(Backend):
    name = "taskiq"
    label = "taskiq"
    async_functions = True

    def available(self, ctx: Context, site: Site) -> bool:
        return ctx.setup.taskiq_broker is not None and isinstance(site.function, ast.AsyncFunctionDef)

    def decorator(self, ctx: Context, changes: Changes, doc: Doc) -> str:
        module, broker = ctx.setup.taskiq_broker
        if module != doc.module:
            broker = changes.need(doc, module, broker)
        return f"{broker}.task(retry_on_error=True, max_retries={RETRIES})"

    def form(self, ctx: Context, changes: Changes, site: Site, task: TaskRef) -> Form:
        return Form(head=f"{task.ref}.kiq", awaits=True)

    def title(self, task: str) -> str:
        return f"Send `{task}` to taskiq with `await .kiq()`"


BACKEND = Taskiq()
