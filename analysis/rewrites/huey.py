"""Huey: `@huey.task(retries=…)` on the project's Huey instance (or djhuey's `task`); calling a
Huey task enqueues it, so the call itself stays as written."""

from __future__ import annotations

import ast

from .context import Changes, Context
from .moves import RETRIES, Backend, Form, TaskRef
from .site import Site
from .text import Doc

OPTIONS = f"retries={RETRIES}, retry_delay=10"


class Huey(Backend):
    name = "huey"
    label = "Huey"

    def available(self, ctx: Context, site: Site) -> bool:
        return ctx.setup.huey is not None or ctx.setup.djhuey

    def decorator(self, ctx: Context, changes: Changes, doc: Doc) -> str:
        setup = ctx.setup
        if setup.huey is not None:
            module, name = setup.huey
            if module != doc.module:
                name = changes.need(doc, module, name)
            return f"{name}.task({OPTIONS})"
        return f"{changes.need(doc, 'huey.contrib.djhuey', 'task')}({OPTIONS})"

    def form(self, ctx: Context, changes: Changes, site: Site, task: TaskRef) -> Form:
        ref = task.ref
        func = site.call.func
        if isinstance(func, ast.Attribute) and func.attr == "call_local":
            ref = site.doc.segment(func.value)
        return Form(head=ref)

    def title(self, task: str) -> str:
        return f"Enqueue `{task}` on Huey (`@huey.task`)"


BACKEND = Huey()
