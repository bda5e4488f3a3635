"""The web frameworks offpath knows, one module each; this registry finds them.

Each module exposes `FRAMEWORK`, a `base.Framework`: its entry detection (`detect(ctx)` adds to
`ctx.entries`/`ctx.routes`), its resolver hooks and the implicit calls it makes. `HOOKS` merges
them for the summary, the resolver and the call graph, which hold no framework tables of their own.
Modules are discovered, not listed: adding a framework is one module here and one rule fixture.
They import nothing above `model` at run time, so the summary may read `HOOKS` too.
Views are recognised by what they resolve to (decorators, base classes through the workspace class
hierarchy), never by class names, so a project's own base views and vendored frameworks count too.
"""

from __future__ import annotations

import importlib
import pkgutil

from .base import Framework, FrameworkContext, Hooks


def _discover() -> tuple[Framework, ...]:
    """Every module of this package that defines `FRAMEWORK`, in precedence order."""
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name != "base":
            framework = getattr(importlib.import_module(f"{__name__}.{info.name}"), "FRAMEWORK", None)
            if isinstance(framework, Framework):
                found.append(framework)
    return tuple(sorted(found, key=lambda f: (f.precedence, f.name)))


FRAMEWORKS = _discover()
HOOKS = Hooks(FRAMEWORKS)


def is_test_module(module: str) -> bool:
    """Test code defines views and routes too, but no user waits on them."""
    parts = module.split(".")
    return any(p in ("tests", "test", "testing") or p.startswith("test_") or p.endswith(("_tests", "_test"))
               for p in parts) or parts[-1] == "conftest"


def detect_entries(path, summary, resolver):
    if is_test_module(summary.module):
        return [], []
    ctx = FrameworkContext(path, summary, resolver, HOOKS)
    for detect in HOOKS.detectors:
        detect(ctx)
    return ctx.result()
