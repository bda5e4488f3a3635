"""Queue backends, one module and one `Backend` object (`BACKEND`) each; this registry finds them.
The call graph (`dispatch`), detection (`detect`), the rewrites and the editor settings read it, so
adding a backend is adding its module to this package.

Order matters where evidence ties: the lowest `Backend.rank` wins (and Celery is the backend of an
unresolved `@app.task`)."""

from __future__ import annotations

from .base import Backend, Flag, Form, Greenfield, TaskRef
from .detect import QueueSetup, declared_dependencies, detect, full_name, task_names
from .registry import (
    BACKENDS,
    BOUNDARY_APIS,
    BOUNDARY_METHOD_NAMES,
    BY_NAME,
    CALL_ENQUEUES,
    DECORATOR_NAMES,
    DISPATCH_METHODS,
    QUEUES,
    REGISTRY,
    TASK_DECORATORS,
    canonical,
    decorator_backend,
    get,
    setting_names,
    task_backend,
)

__all__ = [
    "BACKENDS",
    "BOUNDARY_APIS",
    "BOUNDARY_METHOD_NAMES",
    "BY_NAME",
    "CALL_ENQUEUES",
    "DECORATOR_NAMES",
    "DISPATCH_METHODS",
    "QUEUES",
    "REGISTRY",
    "TASK_DECORATORS",
    "Backend",
    "Flag",
    "Form",
    "Greenfield",
    "QueueSetup",
    "TaskRef",
    "canonical",
    "declared_dependencies",
    "decorator_backend",
    "detect",
    "full_name",
    "get",
    "setting_names",
    "task_backend",
    "task_names",
]
