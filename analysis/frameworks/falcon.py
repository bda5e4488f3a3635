"""Falcon: resource objects whose responders (`on_get`, `on_post`… and `on_get_<suffix>` with
`add_route(..., suffix="item")`) serve the route `app.add_route("/path", Resource())` gives them,
for WSGI (`falcon.App`, the older `falcon.API`) and ASGI (`falcon.asgi.App`) apps alike."""

from __future__ import annotations

from .base import HTTP_METHODS, Framework, FrameworkContext, Route


def detect(ctx: FrameworkContext) -> None:
    for function in ctx.summary.functions:
        for site in function.calls:
            callee = site.callee
            if not callee or len(callee) < 2 or callee[-1] != "add_route" or len(site.args) < 2 or not site.args[1]:
                continue
            names = ctx.external_names(ctx.evaluate_module(callee, function))
            if not any(name.split(".", 1)[0] == "falcon" for name in names):
                continue  # aiohttp's, Starlette's and Pyramid's add_route take other arguments
            suffix = dict(site.kw_literals).get("suffix", "")
            for value in ctx.evaluate_module(site.args[1], function):
                if value[0] in ("inst", "class"):
                    _resource(ctx, value[1], site.literal or "", suffix)


def _resource(ctx: FrameworkContext, cls: str, route: str, suffix: str) -> None:
    """One entry per responder the resource (or a base class of it) defines for this route."""
    ctx.routes.append(Route(cls, route, (), "falcon"))
    responders = {f"on_{verb}" + (f"_{suffix}" if suffix else ""): verb for verb in HTTP_METHODS}
    seen: set[str] = set()
    for summary, info in ctx.resolver.workspace_classes(ctx.resolver.mro(cls)[0]):
        for name in info.methods:
            if name in responders and name not in seen:
                seen.add(name)
                full = ctx.resolver.full(summary, f"{info.qualname}.{name}")
                ctx.add_function(full, "falcon", route, (responders[name],), cls)


FRAMEWORK = Framework(name="falcon", detect=detect, precedence=40)
