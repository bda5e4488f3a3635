"""Dramatiq: `@dramatiq.actor(max_retries=…)` and `.send(...)`."""

from __future__ import annotations

from .context import Changes, Context
from .moves import RETRIES, Backend, Form, TaskRef
from .site import Site
from .text import Doc


class Dramatiq(Backend):
    name = "dramatiq"
    label = "Dramatiq"

    def decorator(self, ctx: Context, changes: Changes, doc: Doc) -> str:
        return f"{changes.need(doc, 'dramatiq')}.actor(max_retries={RETRIES})"

    def form(self, ctx: Context, changes: Changes, site: Site, task: TaskRef) -> Form:
        return Form(head=f"{task.ref}.send")

    def title(self, task: str) -> str:
        return f"Send `{task}` to Dramatiq with `.send()`"


BACKEND = Dramatiq()
