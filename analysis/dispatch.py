"""Dispatch boundaries as data: the queue backends' task decorators and enqueueing calls (each
backend declares its own in `analysis/backends/<name>.py`), and the fire-and-forget primitives
(threads, executors, `asyncio.create_task`), which belong to no backend.

Work handed to one of these does not block the request, so reachability stops there.
"""

from __future__ import annotations

from .backends import (  # the queue backends' own tables, collected by the registry
    BOUNDARY_APIS,
    BOUNDARY_METHOD_NAMES,
    CALL_ENQUEUES,
    DECORATOR_NAMES,
    DISPATCH_METHODS,
    TASK_DECORATORS,
    decorator_backend,
)

# Methods that run a task inline although they look like dispatch.
INLINE_METHODS = frozenset({"call_local", "call", "apply", "run"})

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

# Started in the background unless something waits on it (`call_use.unwaited`): a `Popen` whose
# process object is dropped is detached work, not a synchronous subprocess.
DETACHED_UNLESS_WAITED: dict[str, str] = {"subprocess.Popen": "process"}

FIRE_AND_FORGET_METHOD_NAMES = frozenset({"create_task", "ensure_future", "run_in_executor", "start_new_thread"})



__all__ = [
    "BOUNDARY_APIS",
    "BOUNDARY_METHOD_NAMES",
    "CALL_ENQUEUES",
    "DECORATOR_NAMES",
    "DETACHED_UNLESS_WAITED",
    "DISPATCH_METHODS",
    "FIRE_AND_FORGET_APIS",
    "FIRE_AND_FORGET_METHOD_NAMES",
    "INLINE_METHODS",
    "TASK_DECORATORS",
    "decorator_backend",
]
