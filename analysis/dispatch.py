"""Dispatch boundaries as data: task decorators per queue library, the calls that enqueue work,
and the fire-and-forget primitives (threads, executors, `asyncio.create_task`).

Work handed to one of these does not block the request, so reachability stops there.
"""

from __future__ import annotations

# Decorator (resolved qualified name) -> queue backend of the task it makes.
TASK_DECORATORS: dict[str, str] = {
    "celery.shared_task": "celery",
    "celery.task": "celery",
    "celery.Celery.task": "celery",
    "celery.app.shared_task": "celery",
    "celery.decorators.task": "celery",
    "celery.app.base.Celery.task": "celery",
    "dramatiq.actor": "dramatiq",
    "django_dramatiq.actor": "dramatiq",
    "huey.Huey.task": "huey",
    "huey.RedisHuey.task": "huey",
    "huey.SqliteHuey.task": "huey",
    "huey.MemoryHuey.task": "huey",
    "huey.PriorityRedisHuey.task": "huey",
    "huey.Huey.periodic_task": "huey",
    "huey.RedisHuey.periodic_task": "huey",
    "huey.contrib.djhuey.task": "huey",
    "huey.contrib.djhuey.db_task": "huey",
    "huey.contrib.djhuey.periodic_task": "huey",
    "huey.contrib.djhuey.db_periodic_task": "huey",
    "django.tasks.task": "django_tasks",
    "django_tasks.task": "django_tasks",
    "rq.decorators.job": "rq",
    "rq.job": "rq",
    "django_rq.job": "rq",
}

# When the decorator cannot be resolved to a library, its last name still says a lot.
TASK_DECORATOR_NAMES: dict[str, str] = {
    "shared_task": "celery",
    "task": "celery",
    "actor": "dramatiq",
    "db_task": "huey",
    "periodic_task": "celery",
    "job": "rq",
}

# Task libraries whose decorator lives on a broker object of many possible classes.
TASK_LIBRARY_PREFIXES: dict[str, str] = {"taskiq": "taskiq", "taskiq_redis": "taskiq", "taskiq_aio_pika": "taskiq"}

# Methods on a task that enqueue it, per backend.
DISPATCH_METHODS: dict[str, frozenset[str]] = {
    "celery": frozenset({"delay", "apply_async", "s", "si", "signature", "map", "starmap", "chunks"}),
    "dramatiq": frozenset({"send", "send_with_options", "message", "message_with_options"}),
    "huey": frozenset({"schedule", "s", "enqueue"}),
    "django_tasks": frozenset({"enqueue", "aenqueue"}),
    "rq": frozenset({"delay"}),
    "taskiq": frozenset({"kiq", "kicker"}),
}

# Backends where calling the task function itself enqueues it (huey) rather than running it.
CALL_ENQUEUES = frozenset({"huey"})

# Methods that run a task inline although they look like dispatch.
INLINE_METHODS = frozenset({"call_local", "call", "apply", "run"})

# Calls that take a function (or lambda) and run it later, elsewhere: never on the request path.
BOUNDARY_APIS: dict[str, str] = {
    "django.db.transaction.on_commit": "on_commit",
    "rq.Queue.enqueue": "rq",
    "rq.Queue.enqueue_call": "rq",
    "rq.Queue.enqueue_in": "rq",
    "rq.Queue.enqueue_at": "rq",
    "rq.queue.Queue.enqueue": "rq",
    "django_rq.enqueue": "rq",
    "django_rq.get_queue.enqueue": "rq",
    "django_rq.get_queue.enqueue_call": "rq",
    "fastapi.BackgroundTasks.add_task": "fastapi",
    "starlette.background.BackgroundTask": "fastapi",
    "starlette.background.BackgroundTasks.add_task": "fastapi",
    "fastapi.BackgroundTasks": "fastapi",
    "fastapi.background.BackgroundTasks.add_task": "fastapi",
    "celery.Celery.send_task": "celery",
    "arq.connections.ArqRedis.enqueue_job": "arq",
    "arq.create_pool.enqueue_job": "arq",
}

# Method names that are a boundary on any receiver we cannot resolve.
BOUNDARY_METHOD_NAMES: dict[str, str] = {
    "on_commit": "on_commit",
    "enqueue": "rq",
    "enqueue_call": "rq",
    "enqueue_in": "rq",
    "enqueue_at": "rq",
    "add_task": "fastapi",
    "enqueue_job": "arq",
    "send_task": "celery",
    "delay": "celery",
    "apply_async": "celery",
    "kiq": "taskiq",
    "send_with_options": "dramatiq",
}

# Work started in the background of the web process: lost on restart, unbounded.
FIRE_AND_FORGET_APIS: dict[str, str] = {
    "threading.Thread": "thread",
    "threading.Timer": "thread",
    "_thread.start_new_thread": "thread",
    "multiprocessing.Process": "process",
    "concurrent.futures.ThreadPoolExecutor.submit": "executor",
    "concurrent.futures.ThreadPoolExecutor.map": "executor",
    "concurrent.futures.ProcessPoolExecutor.submit": "executor",
    "concurrent.futures.thread.ThreadPoolExecutor.submit": "executor",
    "asyncio.create_task": "task",
    "asyncio.ensure_future": "task",
    "asyncio.get_event_loop.create_task": "task",
    "asyncio.get_running_loop.create_task": "task",
    "asyncio.get_event_loop.run_in_executor": "executor",
    "asyncio.get_running_loop.run_in_executor": "executor",
    "asyncio.TaskGroup.create_task.unused": "task",
    "gevent.spawn": "greenlet",
    "eventlet.spawn": "greenlet",
}

FIRE_AND_FORGET_METHOD_NAMES = frozenset({"create_task", "ensure_future", "run_in_executor", "start_new_thread"})


def decorator_backend(resolved: str, last_name: str) -> str | None:
    """The queue backend a task decorator belongs to, from its resolved name or its last name."""
    backend = TASK_DECORATORS.get(resolved)
    if backend:
        return backend
    top = resolved.split(".", 1)[0]
    if top in TASK_LIBRARY_PREFIXES and last_name == "task":
        return TASK_LIBRARY_PREFIXES[top]
    if resolved.endswith(".task") and resolved.split(".")[0] in {"celery", "huey", "dramatiq"}:
        return resolved.split(".")[0]
    return None
