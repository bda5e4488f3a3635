"""FastAPI, Starlette, Django Ninja and Litestar: verb decorators on apps and routers,
`Route(...)` tables, `add_api_route`, `HTTPEndpoint` classes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import HTTP_METHODS, Framework, FrameworkContext, derives_from

if TYPE_CHECKING:
    from ..resolve import Resolver
    from ..summary import FileSummary, FunctionInfo

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


# Code every request runs besides its route: HTTP middleware and exception handlers. Their
# entries carry this route, so a finding says it is no one endpoint's.
EVERY_REQUEST = "* (every request)"
REQUEST_HOOKS = frozenset({"middleware", "exception_handler"})
MIDDLEWARE_BASES = frozenset({"starlette.middleware.base.BaseHTTPMiddleware"})


def detect(ctx: FrameworkContext) -> None:
    _routes(ctx)
    _request_hooks(ctx)
    for info in ctx.summary.classes:
        cls = ctx.class_full(info)
        if derives_from(ctx.resolver, cls, ENDPOINT_BASES, ("starlette.endpoints.",)):
            ctx.add_class(cls, "starlette", frozenset(HTTP_METHODS))
        elif derives_from(ctx.resolver, cls, MIDDLEWARE_BASES, ("starlette.middleware.base.",)):
            ctx.add_class(cls, "starlette", frozenset({"dispatch"}), EVERY_REQUEST)


def _request_hooks(ctx: FrameworkContext) -> None:
    """`@app.middleware("http")`, `@app.exception_handler(E)` and `app.add_exception_handler(E, f)`:
    functions the app runs inside a request, whatever its route."""
    for function in ctx.summary.functions[1:]:
        for site, values in ctx.decorators(function):
            if site.callee[-1] in REQUEST_HOOKS and len(site.callee) > 1 and _framework(ctx.external_names(values)):
                ctx.add_function(ctx.resolver.full(ctx.summary, function.qualname), "fastapi", EVERY_REQUEST)
    for function in ctx.summary.functions:
        for site in function.calls:
            if not site.callee or site.callee[-1] != "add_exception_handler" or len(site.args) < 2:
                continue
            if not _framework(ctx.external_names(ctx.evaluate_module(site.callee, function))):
                continue
            for value in ctx.view_target(site.args[1], function):
                if value[0] == "func":
                    ctx.add_function(value[1], "fastapi", EVERY_REQUEST)


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


# -- resolver hooks: what FastAPI injects ----------------------------------------------------
# `Depends(provider)` / `Security(provider)` as a parameter's default: FastAPI calls the provider
# and passes what it returns (a class gives an instance, a generator what it yields).
DEPENDENCY_MARKERS = frozenset({"Depends", "Security"})
DEPENDENCY_PACKAGES = frozenset({"fastapi"})


def dependency_values(resolver: Resolver, summary: FileSummary, function: FunctionInfo, index: int) -> set:
    """The value FastAPI injects into `function`'s parameter at `index` when its default is
    `Depends(provider)`: what calling the provider gives. An annotated parameter is typed by its
    annotation before this is asked (`Annotated[Service, Depends(...)]`, `s: Service = Depends()`)."""
    # The summary imports the frameworks: not at import time.
    from ..summary import CALL, argument_chain

    default = function.params[index].value
    if not default or len(default) != 2 or default[0] not in DEPENDENCY_MARKERS or not default[1].startswith("(@"):
        return set()
    scope = (summary, function.parent and summary.function(function.parent) or summary.module_body)
    marker = resolver.evaluate(default[:1], scope)
    if not any(v[0] in ("ext", "exti") and v[1].split(".")[0] in DEPENDENCY_PACKAGES for v in marker):
        return set()
    out: set = set()
    for provider in resolver.evaluate(argument_chain(default[1][1:-1]), scope):
        for value in resolver.call_result(provider, CALL, scope):
            out |= _yielded(resolver, provider, value)
    return out


def _yielded(resolver: Resolver, provider, value) -> set:
    """A generator dependency (`yield client`) injects what it yields, not the generator."""
    from ..summary import RETURNED

    if value[0] == "coll" and provider[0] == "func":
        found = resolver.index.function(provider[1])
        if found is not None and found[1].return_values == ((RETURNED,),):
            return resolver.index_result(value)
    return {value}


def dependency_calls(resolver: Resolver, summary: FileSummary, function: FunctionInfo) -> list:
    """(span, function, whether its value reaches a parameter) for each dependency FastAPI runs
    before `function`: a `Depends(provider)`
    in its signature (a default or `Annotated` metadata, or an alias of one), in its route
    decorator (`dependencies=[...]`) or in the constructor of the router that decorator routes
    through. A provider's own dependencies follow from its facts in turn."""
    if not function.qualname:
        return []
    candidates = [(summary, body, site, False) for body, site in _own_sites(summary, function)]
    candidates += _alias_sites(resolver, summary, function)
    out: list = []
    for where, body, site, aliased in candidates:
        if not site.args or not site.args[0]:
            continue
        scope = (where, body)
        if not _fastapi_marker(resolver, site.callee, scope):
            continue
        span = _def_span(function, site) if aliased else site.span
        # A parameter's dependency hands its value to the route; `dependencies=[...]` drop theirs.
        hands_on = aliased or site.span.line >= function.span.line
        for provider in resolver.evaluate(site.args[0], scope):
            out.extend((span, target, hands_on) for target in _provider_functions(resolver, provider))
    return list(dict.fromkeys(out))


def _own_sites(summary: FileSummary, function: FunctionInfo) -> list:
    """The `Depends(...)` calls written in the function's decorators and signature (they run in
    the enclosing scope) and in the constructor of the router its route decorator uses."""
    outer = summary.function(function.parent) if function.parent else summary.module_body
    if outer is None:
        return []
    start = min([d.span.line for d in function.decorators] + [function.span.line])
    end = max([p.line for p in function.params] + [function.span.line])
    out = [(outer, site) for site in _marker_sites(summary, outer) if start <= site.span.line <= end]
    routers = {d.callee[0] for d in function.decorators if d.callee and len(d.callee) == 2}
    if routers:
        body = summary.module_body
        lines = {b.line for b in body.bindings if b.name in routers}
        out += [(body, site) for site in _marker_sites(summary, body) if _in_router(site, body.calls, lines)]
    return out


_SITES: dict[tuple[int, str], tuple] = {}  # (id of a summary, scope) -> (that summary, its marker sites)
# (holding the summary keeps its id from being reused while the entry lives)


def _marker_sites(summary: FileSummary, scope: FunctionInfo) -> tuple:
    """The `Depends(...)`/`Security(...)` call sites of one scope, found once per summary (every
    function of a file asks)."""
    key = (id(summary), scope.qualname)
    cached = _SITES.get(key)
    if cached is not None and cached[0] is summary:
        return cached[1]
    if len(_SITES) >= 8:  # the file being analysed and a few alias modules: never a whole project
        _SITES.clear()
    sites = tuple(site for site in scope.calls if site.callee and site.callee[-1] in DEPENDENCY_MARKERS)
    _SITES[key] = (summary, sites)
    return sites


def _alias_sites(resolver: Resolver, summary: FileSummary, function: FunctionInfo) -> list:
    """The `Depends(...)` of an annotation alias a parameter names (`user: CurrentUser` with
    `CurrentUser = Annotated[User, Depends(get_current_user)]`, here or imported): (the alias
    module's summary, its body, the call site, True)."""
    out: list = []
    for param in function.params:
        if not param.annotation or len(param.annotation) > 2:
            continue
        found = _alias_module(resolver, summary, param.annotation)
        if found is None:
            continue
        where, name = found
        sites = _marker_sites(where, where.module_body)
        if not sites:
            continue
        lines = {b.line for b in where.module_body.bindings if b.name == name}
        out.extend((where, where.module_body, site, True) for site in sites if site.span.line in lines)
    return out


def _alias_module(resolver: Resolver, summary: FileSummary, annotation) -> tuple | None:
    """The module summary that binds an annotation name at module level, and the name there."""
    if len(annotation) == 2:  # `deps.CurrentUser`
        imported = next((i.target for i in summary.imports if i.local == annotation[0] and not i.scope), None)
        module = resolver.index.module(imported) if imported else None
        return (module, annotation[1]) if module is not None else None
    name = annotation[0]
    imported = next((i.target for i in summary.imports if i.local == name and not i.scope), None)
    if imported is None:
        return summary, name
    if "." not in imported:
        return None
    module = resolver.index.module(imported.rsplit(".", 1)[0])
    return (module, imported.rsplit(".", 1)[1]) if module is not None else None


def _def_span(function: FunctionInfo, site):
    """Where a dependency declared elsewhere (an alias) runs for this function: at its `def`."""
    return type(site.span)(function.span.line, function.span.col, function.span.line, function.span.col + 3)


def _in_router(site, calls, router_lines: set[int]) -> bool:
    """A `Depends(...)` inside `router = APIRouter(dependencies=[...])`: every route of it runs it."""
    parent = calls[site.parent] if 0 <= site.parent < len(calls) else None
    return parent is not None and parent.span.line in router_lines and bool(parent.callee) \
        and parent.callee[-1] in ("APIRouter", "FastAPI", "Starlette")


def _fastapi_marker(resolver: Resolver, callee, scope) -> bool:
    return any(v[0] in ("ext", "exti") and v[1].split(".")[0] in DEPENDENCY_PACKAGES
               for v in resolver.evaluate(callee, scope))


def _provider_functions(resolver: Resolver, provider) -> list[str]:
    """What FastAPI runs for a provider: the function, a class's `__init__`, a callable instance's
    `__call__`."""
    if provider[0] == "func":
        return [provider[1]]
    if provider[0] in ("class", "inst"):
        method = "__init__" if provider[0] == "class" else "__call__"
        return [m[1] for m in resolver.class_attribute(provider[1], method, instance=True) if m[0] == "func"]
    return []


# `app.state` of a Starlette/FastAPI app, reached from the app itself or from a request or
# websocket (`request.app.state`): attributes stored on it anywhere are read back through it.
_APPS = ("fastapi.FastAPI", "fastapi.applications.FastAPI", "starlette.applications.Starlette")
_CONNECTIONS = ("fastapi.Request", "fastapi.requests.Request", "fastapi.WebSocket", "fastapi.websockets.WebSocket",
                "starlette.requests.Request", "starlette.requests.HTTPConnection", "starlette.websockets.WebSocket")
STATE_OBJECTS = tuple(f"{app}.state" for app in _APPS) + tuple(f"{c}.app.state" for c in _CONNECTIONS)


def state_attribute(resolver: Resolver, attribute: str) -> set:
    """`request.app.state.mailer` reads what was stored as `app.state.mailer = ...` (in a factory,
    a lifespan handler or a startup hook), through any path that reaches an app's state."""
    suffix = f".state.{attribute}"
    resolver.depend(f"app:state.{attribute}")
    out: set = set()
    for module, summary in resolver.index.modules():
        for function in summary.functions:
            for binding in function.bindings:
                if not binding.name.endswith(suffix) or binding.name.count(".") < 2:
                    continue
                resolver.depend_symbol(module, function.qualname)
                scope = (summary, function)
                owner = tuple(binding.name[:-len(attribute) - 1].split("."))
                if any(v[0] in ("ext", "exti") and v[1] in STATE_OBJECTS for v in resolver.evaluate(owner, scope)):
                    out |= resolver.binding_value(binding, scope)
    return out


FRAMEWORK = Framework(name="fastapi", detect=detect, precedence=30, router_prefixes=ROUTER_PREFIXES,
                      mount_methods=MOUNT_METHODS, parameter_values=dependency_values,
                      app_proxies=STATE_OBJECTS, app_attribute=state_attribute, injected_calls=dependency_calls)
