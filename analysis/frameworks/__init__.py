"""Entry points (request handlers), one module per framework; `detect_entries` runs them all.

Each framework module exposes `detect(ctx) -> None` that adds to `ctx.entries`/`ctx.routes`.
Views are recognised by what they resolve to (decorators, base classes through the workspace class
hierarchy), never by class names, so a project's own base views and vendored frameworks count too.
"""

from __future__ import annotations

from . import django, fastapi, flask
from .base import FrameworkContext

DETECTORS = (django.detect, flask.detect, fastapi.detect)


def detect_entries(path, summary, resolver):
    ctx = FrameworkContext(path, summary, resolver)
    for detect in DETECTORS:
        detect(ctx)
    return ctx.result()
