"""FastAPI, Starlette, Django Ninja and Litestar: verb decorators on apps and routers,
`Route(...)` tables, `add_api_route`, `HTTPEndpoint` classes."""

from __future__ import annotations

from .base import HTTP_METHODS, Framework, FrameworkContext, derives_from

FRAMEWORKS = {"fastapi": "fastapi", "starlette": "starlette", "ninja": "django-ninja",
              "ninja_extra": "django-ninja", "litestar": "litestar", "fastapi_utils": "fastapi"}
VERBS = frozenset(HTTP_METHODS + ("api_route", "websocket", "route"))
ROUTE_CLASSES = frozenset({"starlette.routing.Route", "starlette.routing.WebSocketRoute",
                           "fastapi.routing.APIRoute", "fastapi.routing.APIRouter.add_api_route",
                           "fastapi.FastAPI.add_api_route", "fastapi.APIRouter.add_api_route"})
ENDPOINT_BASES = frozenset({"starlette.endpoints.HTTPEndpoint", "starlette.endpoints.WebSocketEndpoint"})


# Routers carry a prefix where they are built and where they are included (the two add up).
ROUTER_PREFIXES = {"APIRouter": ("prefix", False), "Router": ("prefix", False)}
MOUNT_METHODS = {"include_router": ("prefix", False, -1)}


def detect(ctx: FrameworkContext) -> None:
    _routes(ctx)
    for info in ctx.summary.classes:
        cls = ctx.class_full(info)
        if derives_from(ctx.resolver, cls, ENDPOINT_BASES, ("starlette.endpoints.",)):
            ctx.add_class(cls, "starlette", frozenset(HTTP_METHODS))


def _routes(ctx: FrameworkContext) -> None:
    """The routes this file (or, mounted, one router of it) declares, and those of the routers
    it includes."""
    ctx.route_decorators(VERBS, _framework, _guess, frozenset(HTTP_METHODS))
    _route_tables(ctx)
    ctx.mounts(_routes)


def _guess(site) -> str | None:
    """`@router.get("/x")` on a router we cannot resolve: a path literal says it is a route."""
    return "fastapi" if not site.bare and (site.literal or "").startswith("/") else None


def _framework(names: list[str]) -> str | None:
    for name in names:
        top = name.split(".", 1)[0]
        if top in FRAMEWORKS:
            return FRAMEWORKS[top]
    return None


def _route_tables(ctx: FrameworkContext) -> None:
    for function in ctx.summary.functions:
        for site in function.calls:
            if not site.callee or site.callee[-1] not in ("Route", "WebSocketRoute", "APIRoute", "add_api_route", "add_route"):
                continue
            root = site.callee[0] if len(site.callee) > 1 else None
            if not ctx.serves(root):
                continue
            names = ctx.external_names(ctx.evaluate_module(site.callee, function))
            if names and not any(n in ROUTE_CLASSES or n.split(".")[0] in FRAMEWORKS for n in names):
                continue
            endpoint = dict(site.kwargs).get("endpoint")
            if endpoint is None and len(site.args) >= 2:
                endpoint = site.args[1]
            methods = tuple(m for m in dict(site.kw_literals).get("methods", "").split(",") if m)
            framework = _framework(names) or "starlette"
            for value in ctx.view_target(endpoint, function):
                if value[0] in ("func", "class"):
                    ctx.route_to(value[1], ctx.prefixed(root, site.literal or ""), methods, framework, frozenset(HTTP_METHODS))


FRAMEWORK = Framework(name="fastapi", detect=detect, precedence=30, router_prefixes=ROUTER_PREFIXES,
                      mount_methods=MOUNT_METHODS)
