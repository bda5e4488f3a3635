"""Celery: decorate with the project's own style (`@shared_task`, or `@app.task` of the app it
defines) with retries on, and dispatch with `.delay(...)`. In a project with no queue yet the fix
adds the dependency and a Celery app in the top-level package."""

from __future__ import annotations

from .base import RETRIES, Backend, Form, Greenfield, app_object

OPTIONS = f"autoretry_for=(Exception,), retry_backoff=True, max_retries={RETRIES}"
APP_STYLE = "celery_app_style"


def _new_app(changes, doc) -> str:
    os_module = changes.need(doc, "os")
    celery = changes.need(doc, "celery", "Celery")
    broker = f'{os_module}.environ.get("CELERY_BROKER_URL", "redis://localhost:6379/0")'
    return f'{celery}("{doc.module.split(".")[0]}", broker={broker})'


def decorator(ctx, changes, doc) -> str:
    setup = ctx.setup
    if setup.introduce == "celery" or (APP_STYLE in setup.flags and "celery" in setup.apps):
        app = app_object(ctx, changes, doc, "celery", "celery_app", lambda home: _new_app(changes, home))
        if app:
            return f"{app}.task({OPTIONS})"
    return f"{changes.need(doc, 'celery', 'shared_task')}({OPTIONS})"


def form(ctx, changes, site, task) -> Form:
    return Form(head=f"{task.ref}.delay")


def job_status(ctx, changes, doc, task_ref: str, job_id: str) -> tuple[list[str], str]:
    """The job's state from the result backend (`AsyncResult`)."""
    result = changes.need(doc, "celery.result", "AsyncResult")
    return [f"result = {result}({job_id})"], '{"state": result.state, "ready": result.ready()}'


def fan_out(ctx, changes, doc, calls: list[tuple[str, list[str]]]) -> str:
    """Every consumer of an event in one `group`: each a task of its own, retried on its own."""
    group = changes.need(doc, "celery", "group")
    signatures = ", ".join(f"{ref}.s({', '.join(args)})" for ref, args in calls)
    return f"{group}({signatures}).delay()"


def style(project, apps) -> frozenset[str]:
    """Existing tasks use `@app.task` of the project's app rather than `@shared_task`."""
    app_name = apps["celery"][1] if "celery" in apps else None
    app_style = shared_style = 0
    for summary in project.index.summaries.values():
        for function in summary.functions[1:]:
            for decorator in function.decorators:
                callee = decorator.callee or ()
                if callee[-1:] == ("shared_task",):
                    shared_style += 1
                elif len(callee) >= 2 and callee[-1] == "task" and callee[-2] == app_name:
                    app_style += 1
    return frozenset({APP_STYLE}) if app_style > shared_style else frozenset()


BACKEND = Backend(
    name="celery",
    label="Celery",
    rank=0,
    title="Move {task}(...) to a Celery task (.delay())",
    packages=("celery", "django-celery-beat", "django-celery-results"),
    app_classes=("celery.Celery",),
    style=style,
    task_decorators=("celery.shared_task", "celery.task", "celery.Celery.task", "celery.app.shared_task",
                     "celery.decorators.task", "celery.app.base.Celery.task"),
    task_libraries=("celery",),
    decorator_names=("shared_task", "periodic_task"),
    owner_default=True,
    dispatch_methods=frozenset({"delay", "apply_async", "s", "si", "signature", "map", "starmap", "chunks"}),
    boundary_apis=("celery.Celery.send_task",),
    boundary_methods=("send_task", "delay", "apply_async"),
    id_methods=frozenset({"delay"}),
    decorator=decorator,
    form=form,
    job_status=job_status,
    fan_out=fan_out,
    greenfield=Greenfield(dependency="celery"),
    worker_commands=(r"\bcelery\b.*\bworker\b", r"\bcelery\b.*\bmulti\b"),
    worker_hint="`celery … worker`",
    eager_settings=(r"^\s*(CELERY_TASK_ALWAYS_EAGER|CELERY_ALWAYS_EAGER|task_always_eager)\s*=\s*True\b",
                    r"\bconf\.task_always_eager\s*=\s*True\b"),
    retry_options=("autoretry_for",),
    retry_calls=("retry",),
    retry_policy=OPTIONS,
)
