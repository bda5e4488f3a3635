"""RQ: `queue.enqueue(f, ..., retry=Retry(max=…))` on the project's own `Queue` (or `django_rq`).
RQ jobs are plain importable functions: no decorator. In a project with no queue yet the fix adds
the dependency and a `Queue` on the project's Redis in the top-level package."""

from __future__ import annotations

from .base import Backend, Flag, Form, Greenfield, app_object

RQ_RETRIES = 3
DJANGO_RQ = "django_rq"


def _new_queue(changes, doc) -> str:
    os_module = changes.need(doc, "os")
    queue = changes.need(doc, "rq", "Queue")
    redis = changes.need(doc, "redis", "Redis")
    return f'{queue}(connection={redis}.from_url({os_module}.environ.get("REDIS_URL", "redis://localhost:6379/0")))'


def available(ctx, site) -> bool:
    setup = ctx.setup
    return "rq" in setup.apps or DJANGO_RQ in setup.flags or setup.introduce == "rq"


def form(ctx, changes, site, task) -> Form | None:
    doc = site.doc
    setup = ctx.setup
    if "rq" in setup.apps or DJANGO_RQ not in setup.flags:
        queue = app_object(ctx, changes, doc, "rq", "rq_queue", lambda home: _new_queue(changes, home))
        if queue is None:
            return None
    else:
        queue = changes.need(doc, "django_rq")
    retry = changes.need(doc, "rq", "Retry")
    return Form(head=f"{queue}.enqueue", first_args=[task.ref], tail=[f"retry={retry}(max={RQ_RETRIES})"])


def job_status(ctx, changes, doc, task_ref: str, job_id: str) -> tuple[list[str], str] | None:
    """The job's state read back from Redis (`Job.fetch` on the queue's connection)."""
    setup = ctx.setup
    if "rq" in setup.apps or DJANGO_RQ not in setup.flags:
        queue = app_object(ctx, changes, doc, "rq", "rq_queue", lambda home: _new_queue(changes, home))
        if queue is None:
            return None
    else:
        queue = changes.need(doc, "django_rq") + ".get_queue()"
    job = changes.need(doc, "rq.job", "Job")
    return [f"job = {job}.fetch({job_id}, connection={queue}.connection)"], '{"state": job.get_status(), "ready": job.is_finished}'


BACKEND = Backend(
    name="rq",
    label="RQ",
    rank=1,
    title="Move {task}(...) to RQ (queue.enqueue())",
    packages=("rq", "django-rq", "rq-scheduler"),
    app_classes=("rq.Queue", "rq.queue.Queue", "django_rq.get_queue"),
    flags=(Flag(DJANGO_RQ, packages=("django-rq",), imports=("django_rq",)),),
    task_decorators=("rq.decorators.job", "rq.job", "django_rq.job"),
    dispatch_methods=frozenset({"delay"}),
    boundary_apis=("rq.Queue.enqueue", "rq.Queue.enqueue_call", "rq.Queue.enqueue_in", "rq.Queue.enqueue_at",
                   "rq.queue.Queue.enqueue", "django_rq.enqueue", "django_rq.get_queue.enqueue",
                   "django_rq.get_queue.enqueue_call"),
    boundary_methods=("enqueue", "enqueue_call", "enqueue_in", "enqueue_at"),
    id_methods=frozenset({"delay"}),
    task_first_methods=frozenset({"enqueue", "enqueue_call"}),
    available=available,
    form=form,
    job_status=job_status,
    greenfield=Greenfield(dependency="rq", infrastructure=("redis", "django-redis", "flask-redis", "hiredis")),
    worker_commands=(r"\brq\b.*\bworker\b", r"\brqworker\b", r"\brqscheduler\b"),
    worker_hint="`rq worker`/`manage.py rqworker`",
    eager_settings=(r"[\"']ASYNC[\"']\s*:\s*False\b",),
    retry_options=("retry",),
)
