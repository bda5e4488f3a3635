"""GraphQL servers (graphene, strawberry, ariadne): the resolvers and mutations a query runs.

A GraphQL endpoint is one view (graphene-django's `GraphQLView`, strawberry's `GraphQLRouter`,
ariadne's `GraphQL` app) that runs whichever resolvers the query names, so each resolver and
mutation is a request handler of its own:
  graphene    `mutate` / `mutate_and_get_payload` / `perform_mutation` (the hook of a project's
              own mutation base class) and `resolve_<field>` methods of a graphene type
  strawberry  methods decorated `@strawberry.mutation` / `@strawberry.field` /
              `@strawberry.subscription`, and `strawberry.field(resolver=f)`
  ariadne     functions bound with `@mutation.field("x")` / `@query.field("x")` on its bindable
              types, or `type.set_field("x", f)`
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import Framework, FrameworkContext, derives_from

if TYPE_CHECKING:
    from ..summary import FileSummary

GRAPHENE_PACKAGES = ("graphene.", "graphene_django.", "graphene_sqlalchemy.", "graphene_file_upload.")
GRAPHENE_HANDLERS = frozenset({"mutate", "mutate_and_get_payload", "perform_mutation"})
RESOLVER_PREFIX = "resolve_"
STRAWBERRY_RESOLVERS = frozenset({"mutation", "field", "subscription"})
ARIADNE_BINDERS = frozenset({"field", "set_field"})


def detect(ctx: FrameworkContext) -> None:
    _graphene(ctx)
    _strawberry(ctx)
    _ariadne(ctx)


def _graphene(ctx: FrameworkContext) -> None:
    """Every graphene type defined here: its mutation hooks and field resolvers, wherever in the
    class hierarchy they are defined (a project's base mutation's `mutate` runs the subclass's
    `perform_mutation`)."""
    for info in ctx.summary.classes:
        cls = ctx.class_full(info)
        if not derives_from(ctx.resolver, cls, (), GRAPHENE_PACKAGES):
            continue
        names = set(GRAPHENE_HANDLERS)
        for owner in ctx.resolver.mro(cls)[0]:
            found = ctx.resolver.index.klass(owner)
            if found is not None:
                names.update(m for m in found[1].methods if m.startswith(RESOLVER_PREFIX))
        ctx.add_class(cls, "graphene", frozenset(names))


def _strawberry(ctx: FrameworkContext) -> None:
    for function in ctx.summary.functions[1:]:
        for site, values in ctx.decorators(function):
            if site.callee[-1] in STRAWBERRY_RESOLVERS and _is_strawberry(ctx.external_names(values)):
                ctx.add_function(ctx.resolver.full(ctx.summary, function.qualname), "strawberry")
                break
    for function in ctx.summary.functions:
        for site in function.calls:
            if not site.callee or site.callee[-1] not in STRAWBERRY_RESOLVERS:
                continue
            resolver = dict(site.kwargs).get("resolver")
            if resolver and _is_strawberry(ctx.external_names(ctx.evaluate_module(site.callee, function))):
                _add_functions(ctx, ctx.evaluate_module(resolver, function), "strawberry")


def _is_strawberry(names: list[str]) -> bool:
    return any(n.split(".", 1)[0] in ("strawberry", "strawberry_django") for n in names)


def _ariadne(ctx: FrameworkContext) -> None:
    """`@mutation.field("createUser")` on a function, or `mutation.set_field("createUser", f)`,
    where `mutation` is an ariadne bindable type (`MutationType()`, `QueryType()`, `ObjectType("X")`)."""
    summary: FileSummary = ctx.summary
    for function in summary.functions[1:]:
        for site, values in ctx.decorators(function):
            if site.callee[-1] in ARIADNE_BINDERS and _is_ariadne(ctx.external_names(values)):
                ctx.add_function(ctx.resolver.full(summary, function.qualname), "ariadne")
                break
    for function in summary.functions:
        for site in function.calls:
            if not site.callee or site.callee[-1] != "set_field" or len(site.args) < 2 or not site.args[1]:
                continue
            if _is_ariadne(ctx.external_names(ctx.evaluate_module(site.callee, function))):
                _add_functions(ctx, ctx.evaluate_module(site.args[1], function), "ariadne")


def _is_ariadne(names: list[str]) -> bool:
    return any(n.split(".", 1)[0] == "ariadne" for n in names)


def _add_functions(ctx: FrameworkContext, values: set, framework: str) -> None:
    for value in values:
        if value[0] == "func":
            ctx.add_function(value[1], framework)


FRAMEWORK = Framework(name="graphql", detect=detect, precedence=50)
