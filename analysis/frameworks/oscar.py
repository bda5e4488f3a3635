"""django-oscar: classes loaded by name with `get_class("app.label", "Name")`, which a project
overrides by forking the app (its own module ending in the label wins)."""

from __future__ import annotations


def load_class(resolver, label: str, name: str) -> set:
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
