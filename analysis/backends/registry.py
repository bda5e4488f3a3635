"""The registry of queue backends: discovered modules, each backend's tables merged for lookups."""


from __future__ import annotations

import importlib
import os
import pkgutil

from .base import Backend

_NOT_BACKENDS = frozenset({"base", "detect", "registry"})


def _discover() -> tuple[Backend, ...]:
    found = []
    for module in sorted(m.name for m in pkgutil.iter_modules([os.path.dirname(__file__)]) if m.name not in _NOT_BACKENDS):
        backend = getattr(importlib.import_module(f"{__package__}.{module}"), "BACKEND", None)
        if isinstance(backend, Backend):
            found.append(backend)
    return tuple(sorted(found, key=lambda b: (b.rank, b.name)))


REGISTRY: tuple[Backend, ...] = _discover()
BY_NAME: dict[str, Backend] = {b.name: b for b in REGISTRY}
_SPELLINGS: dict[str, str] = {alias: b.name for b in REGISTRY for alias in (b.name, *b.aliases)}

# Queue libraries, and every backend a user may choose (`queue` setting, `check --fix --backend`).
QUEUES: tuple[str, ...] = tuple(b.name for b in REGISTRY if b.kind == "queue")
BACKENDS: tuple[str, ...] = QUEUES + tuple(b.name for b in REGISTRY if b.kind == "background")


def get(name: str) -> Backend | None:
    """The backend called `name` in any accepted spelling (`django-tasks` is `django_tasks`)."""
    found = _SPELLINGS.get(name)
    return BY_NAME[found] if found else None


def canonical(name: str) -> str:
    """The registry's name for a spelling a user wrote; "" when no backend has it."""
    return _SPELLINGS.get(name, "")


def setting_names() -> tuple[str, ...]:
    """The values the editors' `queue` setting offers: `auto`, then each choosable backend as
    users spell it (the first alias when it has one)."""
    return ("auto",) + tuple((BY_NAME[n].aliases or (n,))[0] for n in BACKENDS)


def decorator_backend(resolved: str, last_name: str) -> str | None:
    """The queue backend a task decorator belongs to, from its resolved name or its last name."""
    backend = TASK_DECORATORS.get(resolved)
    if backend:
        return backend
    top = resolved.split(".", 1)[0]
    for b in REGISTRY:
        if top in b.broker_libraries and last_name == "task":
            return b.name
    if resolved.endswith(".task"):
        for b in REGISTRY:
            if top in b.task_libraries:
                return b.name
    return None


def task_backend(decorators, evaluate) -> str | None:
    """The backend of a function decorated with `decorators` (their callee chains), or None.
    `evaluate(chain)` resolves a chain where the `def` stands."""
    for decorator in decorators:
        if not decorator.callee:
            continue
        last = decorator.callee[-1]
        for value in evaluate(decorator.callee):
            if value[0] == "ext":
                backend = decorator_backend(value[1], last)
                if backend:
                    return backend
        if last in DECORATOR_NAMES:
            return DECORATOR_NAMES[last]
        if last == "task" and len(decorator.callee) >= 2:
            # `@app.task` / `@huey.task()` on an object we cannot resolve: its name decides.
            owner = decorator.callee[-2].lower()
            hinted = next((b.name for b in REGISTRY if b.owner_hint and b.owner_hint in owner), None)
            return hinted or next(b.name for b in REGISTRY if b.owner_default)
    return None


def _table(pairs) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, name in pairs:
        assert out.setdefault(key, name) == name, f"{key} claimed by {out[key]} and {name}"
    return out


TASK_DECORATORS = _table((d, b.name) for b in REGISTRY for d in b.task_decorators)
DECORATOR_NAMES = _table((d, b.name) for b in REGISTRY for d in b.decorator_names)
BOUNDARY_APIS = _table((a, b.name) for b in REGISTRY for a in b.boundary_apis)
BOUNDARY_METHOD_NAMES = _table((m, b.name) for b in REGISTRY for m in b.boundary_methods)
DISPATCH_METHODS = {b.name: b.dispatch_methods for b in REGISTRY if b.dispatch_methods}
CALL_ENQUEUES = frozenset(b.name for b in REGISTRY if b.call_enqueues)
