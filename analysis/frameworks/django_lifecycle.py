"""django-lifecycle: model methods decorated `@hook(AFTER_CREATE)` (or any other moment) run inside
the model's own `save()` or `delete()`, so wherever the request saves or deletes that model.

A hook of a create, update or save moment (`BEFORE_CREATE`, `AFTER_SAVE`, `AFTER_UPDATE`…) listens
to the model's "save" signal group, one of a delete moment to its "delete" group: the call graph
then reaches it from `Model.objects.create(...)`, `instance.save()`, a ModelSerializer's or
ModelForm's `save()` and `instance.delete()`, as it reaches a `post_save` receiver. The moment is
read from the decorator's first argument (the constant's name, or the string it stands for); its
`when=`/`condition=` filters are not evaluated (a hook may run, so it counts).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import Framework, decorator_scope

if TYPE_CHECKING:
    from ..resolve import Resolver
    from ..summary import FileSummary

PACKAGE = "django_lifecycle"
# The moments a hook can name -> the model signal group whose writes run it.
MOMENTS = {
    **{f"{when}_{what}": "save" for when in ("before", "after") for what in ("create", "update", "save")},
    "before_delete": "delete", "after_delete": "delete",
}


def _moment(decorator) -> str | None:
    """The signal group of `@hook(AFTER_CREATE, ...)`, `@hook(django_lifecycle.AFTER_SAVE)` or
    `@hook("after_delete")`."""
    literal = decorator.arg_literals[0] if decorator.arg_literals else None
    if literal:
        return MOMENTS.get(literal.lower())
    chain = decorator.args[0] if decorator.args else None
    return MOMENTS.get(chain[-1].lower()) if chain else None


def _receivers(resolver: Resolver, summary: FileSummary) -> list[tuple[str, str]]:
    """(signal key, method) for every lifecycle hook of a model class in this file."""
    found: list[tuple[str, str]] = []
    for function in summary.functions[1:]:
        owner = function.qualname.rpartition(".")[0] if function.class_name else None
        if not owner or summary.klass(owner) is None:
            continue
        for decorator in function.decorators:
            if not decorator.callee or decorator.callee[-1] != "hook" or decorator.bare:
                continue
            group = _moment(decorator)
            names = {v[1] for v in resolver.evaluate(decorator.callee, decorator_scope(summary, function))
                     if v[0] in ("ext", "exti")}
            if not group or not any(name.split(".", 1)[0] == PACKAGE for name in names):
                continue
            model = resolver.full(summary, owner)
            if resolver.is_model(model):
                found.append((f"{group}:{model}", resolver.full(summary, function.qualname)))
    return found


def _is_model_base(dotted: str) -> bool:
    """`LifecycleModel` is an abstract Django model (`LifecycleModelMixin` is not one by itself)."""
    return dotted.split(".", 1)[0] == PACKAGE and dotted.rsplit(".", 1)[-1] == "LifecycleModel"


FRAMEWORK = Framework(
    name="django-lifecycle",
    precedence=65,
    model_base=_is_model_base,
    event_receivers=_receivers,
)
