"""RQ: `queue.enqueue(f, ..., retry=Retry(max=…))` on the project's own `Queue` (or `django_rq`).
RQ jobs are plain importable functions: no decorator."""

from __future__ import annotations

from .context import Changes, Context
from .moves import Backend, Form, TaskRef
from .site import Site

RQ_RETRIES = 3


class RQ(Backend):
    name = "rq"
    label = "RQ"

    def available(self, ctx: Context, site: Site) -> bool:
        return ctx.setup.rq_queue is not None or ctx.setup.django_rq

    def form(self, ctx: Context, changes: Changes, site: Site, task: TaskRef) -> Form:
        doc = site.doc
        if ctx.setup.rq_queue is not None:
            module, queue = ctx.setup.rq_queue
            if module != doc.module:
                queue = changes.need(doc, module, queue)
        else:
            queue = changes.need(doc, "django_rq")
        retry = changes.need(doc, "rq", "Retry")
        return Form(head=f"{queue}.enqueue", first_args=[task.ref], tail=[f"retry={retry}(max={RQ_RETRIES})"])

    def title(self, task: str) -> str:
        return f"Enqueue `{task}` on RQ"


BACKEND = RQ()
