"""django-oscar: classes loaded by name with `get_class("app.label", "Name")`, which a project
overrides by forking the app (its own module ending in the label wins)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import Framework

if TYPE_CHECKING:
    from ..resolve import Resolver


def load_class(resolver: Resolver, label: str, name: str) -> set:
    """A forked app module ending in `label` wins over `oscar.apps.<label>`; the module itself when
    `label` is a full module name."""
    candidates = [label] + sorted(m for m in resolver.index.path_of if m.endswith("." + label))
    candidates.append(f"oscar.apps.{label}")
    for module in candidates:
        summary = resolver.index.module(module)
        resolver.depend(module)
        if summary is not None:
            found = resolver.module_symbol(summary, name)
            if found:
                return found
    return {("ext", f"oscar.apps.{label}.{name}")}


FRAMEWORK = Framework(
    name="django-oscar",
    class_loaders=frozenset({"get_class"}),
    class_list_loaders=frozenset({"get_classes"}),
    load_class=load_class,
)
