"""Entry points (request handlers), one module per framework; `detect_entries` runs them all.

Each framework module exposes `detect(ctx) -> None` that adds to `ctx.entries`/`ctx.routes`.
Views are recognised by what they resolve to (decorators, base classes through the workspace class
hierarchy), never by class names, so a project's own base views and vendored frameworks count too.
"""

from __future__ import annotations

from . import django, fastapi, flask
from .base import FrameworkContext

DETECTORS = (django.detect, flask.detect, fastapi.detect)


def is_test_module(module: str) -> bool:
    """Test code defines views and routes too, but no user waits on them."""
    parts = module.split(".")
    return any(p in ("tests", "test", "testing") or p.startswith("test_") or p.endswith(("_tests", "_test"))
               for p in parts) or parts[-1] == "conftest"


def detect_entries(path, summary, resolver):
    if is_test_module(summary.module):
        return [], []
    ctx = FrameworkContext(path, summary, resolver)
    for detect in DETECTORS:
        detect(ctx)
    return ctx.result()
