"""Flask, Quart and friends: route decorators, `add_url_rule`, MethodView/View and
flask-restful/flask-restx resources."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import HTTP_METHODS, Framework, FrameworkContext, derives_from

if TYPE_CHECKING:
    from ..resolve import Resolver
    from ..summary import ClassInfo, FileSummary

PACKAGES = ("flask", "quart", "apiflask", "flask_smorest", "flask_restx", "flask_restful", "sanic")
ROUTE_DECORATORS = frozenset({"route", *HTTP_METHODS, "websocket", "doc"}) - {"doc"}
VIEW_BASES = frozenset({
    "flask.views.MethodView", "flask.views.View", "flask_restful.Resource", "flask_restx.Resource",
    "quart.views.MethodView", "flask_smorest.MethodView", "flask.MethodView",
})
VIEW_PREFIXES = ("flask.views.", "quart.views.", "flask_restful.", "flask_restx.")
VIEW_METHODS = frozenset(HTTP_METHODS + ("dispatch_request",))

# flask-rest-jsonapi (and its fork flask-combo-jsonapi): a resource is a MethodView whose `get`,
# `post`, `patch` and `delete` live in the library and call the resource's own hooks
# (`before_post`, `after_patch`), then the data layer's. The data layer's hooks are written in the
# resource's body and bound to the data layer by naming them in `data_layer = {"methods": {...}}`:
# only those run (`self` is then the data layer).
JSONAPI_PACKAGES = ("flask_rest_jsonapi", "flask_combo_jsonapi")
JSONAPI_BASES = frozenset(f"{package}{module}.{name}" for package in JSONAPI_PACKAGES
                          for module in ("", ".resource")
                          for name in ("Resource", "ResourceList", "ResourceDetail", "ResourceRelationship"))
_VERB_OF_HOOK = {"get": ("get",), "post": ("post",), "patch": ("patch",), "delete": ("delete",)}
RESOURCE_HOOKS = {f"{when}_{verb}": methods for verb, methods in _VERB_OF_HOOK.items()
                  for when in ("before", "after")}
_DATA_LAYER_VERBS = {
    "create": ("post",), "get": ("get", "patch", "delete"), "update": ("patch",), "delete": ("delete",),
}
DATA_LAYER_HOOKS = {
    "query": ("get",),
    **{f"{when}_get_collection": ("get",) for when in ("before", "after")},
    **{f"{when}_{op}_object": verbs for op, verbs in _DATA_LAYER_VERBS.items() for when in ("before", "after")},
    **{f"{when}_{op}_relationship": verbs for op, verbs in _DATA_LAYER_VERBS.items() for when in ("before", "after")},
}


# Blueprints and flask-restx namespaces carry a path prefix where they are built and where they
# are registered (a registration's `url_prefix` replaces the blueprint's own, as Flask does).
ROUTER_PREFIXES = {"Blueprint": ("url_prefix", False), "APIBlueprint": ("url_prefix", False),
                   "Namespace": ("path", True), "Api": ("prefix", False)}
MOUNT_METHODS = {"register_blueprint": ("url_prefix", True, -1), "add_namespace": ("path", True, 1)}


# Functions the framework runs around every request (or every request with a session): what they
# do, each request waits for. `teardown_*` runs once the response is built and is left out.
REQUEST_HOOKS = frozenset({"before_request", "after_request", "before_app_request", "after_app_request"})
LOGIN_HOOKS = frozenset({"user_loader", "request_loader", "header_loader"})
LOGIN_PACKAGES = ("flask_login",)


def detect(ctx: FrameworkContext) -> None:
    _routes(ctx)
    _request_hooks(ctx)
    for info in ctx.summary.classes:
        cls = ctx.class_full(info)
        if derives_from(ctx.resolver, cls, JSONAPI_BASES):
            ctx.add_class(cls, "flask", VIEW_METHODS | RESOURCE_HOOKS.keys() | _bound_data_layer_hooks(ctx, cls))
        elif derives_from(ctx.resolver, cls, VIEW_BASES, VIEW_PREFIXES):
            ctx.add_class(cls, "flask", VIEW_METHODS)


def _bound_data_layer_hooks(ctx: FrameworkContext, cls: str) -> frozenset[str]:
    """The data-layer hooks a flask-rest-jsonapi resource binds: methods of its classes named in
    the `methods` of its `data_layer` dict (the nearest class that sets one)."""
    for summary, info in ctx.resolver.workspace_classes(ctx.resolver.mro(cls)[0]):
        layer = next((b for b in info.attrs if b.name == "data_layer"), None)
        if layer is None:
            continue
        named = {member[0] for member in layer.members if len(member) == 1}
        return frozenset(name for name in named if name in DATA_LAYER_HOOKS)
    return frozenset()


def _routes(ctx: FrameworkContext) -> None:
    """The routes this file (or, mounted, one blueprint of it) declares, and those of the
    blueprints it registers."""
    ctx.route_decorators(ROUTE_DECORATORS, _framework, _guess, VIEW_METHODS)
    _add_url_rule(ctx)
    _registering_decorators(ctx)
    ctx.mounts(_routes)


REGISTER_METHODS = frozenset({"add_url_rule", "add_resource"})


def _registering_decorators(ctx: FrameworkContext) -> None:
    """`@resource("/v1/user/")` on a class, where the project's `resource(*urls)` returns a wrapper
    that calls `api.add_resource(cls, *urls)`: the class is served at the decorator's path (the
    prefix of the API it registers on is not followed into the decorator's module)."""
    if ctx.mounted:
        return
    for info in ctx.summary.classes:
        for site in info.decorators:
            if site.bare or not site.callee:
                continue
            route = site.literal or next((t for t in site.arg_literals if t and t.startswith("/")), "")
            if not route or not route.startswith("/"):
                continue
            values = ctx.evaluate_module(site.callee)
            if any(v[0] == "func" and _registers_argument(ctx, v[1]) for v in values):
                ctx.route_to(ctx.class_full(info), route, (), "flask", VIEW_METHODS)


def _registers_argument(ctx: FrameworkContext, factory: str) -> bool:
    """Whether a function nested in the decorator factory `factory` hands its own parameter to
    `add_resource`/`add_url_rule` (the class it decorates)."""
    found = ctx.resolver.index.function(factory)
    if found is None:
        return False
    summary, _ = found
    qualname = factory[len(summary.module) + 1:]
    for function in summary.functions:
        if function.parent != qualname:
            continue
        params = {p.name for p in function.params}
        for call in function.calls:
            if call.callee and call.callee[-1] in REGISTER_METHODS and call.args \
                    and call.args[0] and len(call.args[0]) == 1 and call.args[0][0] in params:
                return True
    return False


def _request_hooks(ctx: FrameworkContext) -> None:
    """`@app.before_request`, `@bp.after_app_request`, flask-login's `@login_manager.user_loader`:
    registered by a decorator (resolved to the framework, or a request hook on a name we cannot
    resolve) and run by the framework on the requests it serves."""
    for function in ctx.summary.functions[1:]:
        for site, values in ctx.decorators(function):
            last = site.callee[-1]
            if not site.bare or len(site.callee) < 2 or last not in REQUEST_HOOKS | LOGIN_HOOKS:
                continue
            names = ctx.external_names(values)
            tops = {name.split(".", 1)[0] for name in names}
            if last in REQUEST_HOOKS:
                framework = _framework(names) or (None if values else "flask")
            else:
                framework = "flask" if tops & set(LOGIN_PACKAGES) else None
            if framework is not None:
                ctx.add_function(ctx.resolver.full(ctx.summary, function.qualname), framework)


def _guess(site) -> str | None:
    """`@app.route(...)` on an app we cannot resolve."""
    return "flask" if site.callee[-1] == "route" and not site.bare else None


def _framework(names: list[str]) -> str | None:
    for name in names:
        top = name.split(".", 1)[0]
        if top in PACKAGES:
            return "flask" if top != "quart" else "quart"
    return None


def _add_url_rule(ctx: FrameworkContext) -> None:
    adapters: dict[tuple, frozenset[str]] = {}
    for function in ctx.summary.functions:
        params = {p.name for p in function.params}
        for site in function.calls:
            if not site.callee or site.callee[-1] not in ("add_url_rule", "add_resource"):
                continue
            root = site.callee[0] if len(site.callee) > 1 else None
            if not ctx.serves(root):
                continue
            view = dict(site.kwargs).get("view_func")
            if view is None and site.callee[-1] == "add_url_rule" and len(site.args) >= 3:
                view = site.args[2]
            if view is None and site.callee[-1] == "add_resource" and site.args:
                view = site.args[0]
            route = site.literal or next((t for t in site.arg_literals if t and t.startswith("/")), "") or ""
            methods = tuple(m for m in dict(site.kw_literals).get("methods", "").split(",") if m)
            route = ctx.prefixed(root, route)
            if function.name in REGISTER_METHODS and view and len(view) == 1 and view[0] in params:
                continue  # a router's own `add_url_rule` handing on its argument: its callers route
            for value in ctx.view_target(view, function):
                if value[0] == "class" and not derives_from(ctx.resolver, value[1], VIEW_BASES, VIEW_PREFIXES):
                    key = (function.qualname, site.callee[:-1])
                    if key not in adapters:
                        adapters[key] = _adapter_methods(ctx, site.callee[:-1], function)
                    if adapters[key]:
                        handlers = _dispatched(ctx.resolver, value[1], adapters[key])
                        ctx.route_to(value[1], route, methods, "flask", handlers, verbs_of=_verbs_of(methods))
                        continue
                if value[0] in ("func", "class"):
                    ctx.route_to(value[1], route, methods, "flask", VIEW_METHODS)


def _adapter_methods(ctx: FrameworkContext, router, function) -> frozenset[str]:
    """A project's router whose own `add_url_rule` turns a handler class into a view function
    (`view_func = make_view_func(view_func)`, whose wrapper runs `obj().process()`): the methods
    that wrapper calls on an instance of the class it is given. Empty: no such adapter."""
    out: set[str] = set()
    for value in ctx.evaluate_module(router, function):
        if value[0] != "inst":
            continue
        for method in ctx.resolver.class_attribute(value[1], "add_url_rule", instance=True):
            if method[0] == "func":
                out |= _instance_calls(ctx.resolver, method[1], "view_func", 2)
    return frozenset(out)


def _verbs_of(methods: tuple[str, ...]):
    """What a handler method of an adapted class serves: the verb its name ends with
    (`_process_POST`), else every method of its route (GET when the route names none)."""
    def verbs(name: str) -> tuple[str, ...]:
        verb = name.rsplit("_", 1)[-1].lower()
        if "_" in name and verb in HTTP_METHODS:
            return (verb,)
        return tuple(m.lower() for m in methods) or ("get",)
    return verbs


def _dispatched(resolver: Resolver, cls: str, names: frozenset[str]) -> frozenset[str]:
    """The handler methods of `cls` behind the adapter's `names`: the base class that defines
    `process` dispatches through its own methods (`self._do_process()`, `getattr(self, "_process_"
    + request.method)()`) to the ones a subclass writes (`_process`, `_process_POST`,
    `_check_access`); those are the entries, as a view's `get` is. An override that calls its
    base's version of itself (`RHEventBase._do_process(self)`, `super()._do_process()`) is one
    more layer of the dispatch, walked through. `names` when nothing is overridden."""
    classes = list(resolver.workspace_classes(resolver.mro(cls)[0]))

    def owner(name: str, start: int) -> int | None:
        return next((i for i in range(start, len(classes)) if name in classes[i][1].methods), None)

    first = min((i for i in (owner(name, 0) for name in names) if i is not None), default=None)
    if first is None:
        return names
    out: set[str] = set()
    queue, seen = [(name, 0) for name in sorted(names)], set()
    while queue:
        name, start = queue.pop()
        index = owner(name, start)
        if index is None or (name, index) in seen:
            continue
        seen.add((name, index))
        summary, info = classes[index]
        found = resolver.index.function(resolver.full(summary, f"{info.qualname}.{name}"))  # read: a dependency
        function = found[1] if found is not None else None
        receiver = function.receiver_param if function is not None else None
        if receiver is None:
            continue
        steps = _dispatch_steps(function, receiver, name)
        if index != first and (name, True) not in steps:
            out.add(name)  # written below the dispatching base, and not a layer of it: a handler
            continue
        for target, up in sorted(steps):
            if target.startswith("*"):  # a prefix: every method of the class it may name
                queue.extend(sorted({(m, 0) for _, c in classes for m in c.methods if m.startswith(target[1:])}))
            else:
                queue.append((target, index + 1 if up else 0))
    return frozenset(out) or names


def _dispatch_steps(function, receiver: str, name: str) -> set[tuple[str, bool]]:
    """The methods a dispatching method calls on its own instance: `(name, False)` for
    `self.x()` or `getattr(self, "x_" + v)()` ("*x_"), `(name, True)` for a base class's version
    (`super().x()`, `Base.x(self)`)."""
    named = {b.name: b.value[1] for b in function.bindings
             if b.value and len(b.value) == 2 and b.value[0] == receiver}  # `m = getattr(self, ...)`
    steps: set[tuple[str, bool]] = set()
    for call in function.calls:
        chain = call.callee or ()
        if len(chain) == 2 and chain[0] == receiver:
            steps.add((chain[1], False))
        elif len(chain) == 1 and chain[0] in named:
            steps.add((named[chain[0]], False))
        elif len(chain) == 3 and chain[:2] == ("super", "()"):
            steps.add((chain[2], True))
        elif len(chain) == 2 and call.args and call.args[0] == (receiver,):
            steps.add((chain[1], True))
    return steps


def _instance_calls(resolver: Resolver, full: str, param: str | int, depth: int) -> set[str]:
    """Methods the function `full` (or a function nested in it) calls on an instance it makes of
    its parameter `param` (a name or a position), following the parameter into the helpers it is
    handed to, `depth` calls deep."""
    found = resolver.index.function(full)
    if found is None:
        return set()
    summary, info = found
    names = [p.name for p in info.params]
    name = param if isinstance(param, str) else (names[param] if param < len(names) else None)
    if name not in names:
        return set()
    out: set[str] = set()
    for inner in [info] + [f for f in summary.functions if f.qualname.startswith(info.qualname + ".")]:
        for call in inner.calls:
            chain = call.callee
            if not chain:
                continue
            if len(chain) == 3 and chain[0] == name and chain[1].startswith("(") and chain[2].isidentifier():
                out.add(chain[2])  # `obj().process()`
            if depth and inner is info:
                for index, arg in enumerate(call.args):
                    if arg == (name,):
                        for value in resolver.evaluate(chain, (summary, inner)):
                            if value[0] == "func":
                                out |= _instance_calls(resolver, value[1], index, depth - 1)
    return out


# -- resolver hooks: `current_app` and the attributes an app factory stores --------------------
# What makes a blinker signal: the class, the module's named `signal("x")`, a namespace's
# `Namespace().signal("x")` (and the classes an environment says they return).
SIGNAL_CLASSES = frozenset({
    "blinker.Signal", "blinker.signal", "blinker.base.Signal", "blinker.NamedSignal", "blinker.base.NamedSignal",
    "blinker.Namespace.signal", "blinker.base.Namespace.signal", "flask.signals.Namespace.signal",
})
SETTINGS_ROOTS = ("flask.current_app.config",)
APP_PACKAGES = frozenset({"flask", "quart", "apiflask"})
APP_PROXIES = ("flask.current_app", "quart.current_app", "flask.globals.current_app")
# The request-global namespace: what `g.client = ...` stores (in a `before_request` hook, a getter,
# the handler), `g.client` reads anywhere.
G_PROXIES = ("flask.g", "flask.globals.g", "quart.g", "quart.globals.g")
APP_CLASSES = (".Flask", ".Quart", ".APIFlask")


def app_attribute(resolver: Resolver, attribute: str) -> set:
    """`current_app.mail` reads what an app factory stored with `app.mail = ...`; `g.client`, what
    a function stored with `g.client = ...`."""
    suffix = "." + attribute
    resolver.depend(f"app:{attribute}")  # any function's `app.<attribute> = ...`, added or removed
    out: set = set()
    for module, summary in resolver.index.modules():
        for function in summary.functions:
            for binding in function.bindings:
                if not binding.name.endswith(suffix) or binding.name.count(".") != 1:
                    continue
                resolver.depend_symbol(module, function.qualname)
                owner = binding.name.split(".", 1)[0]
                scope = (summary, function)
                if any(v[0] == "exti" and v[1].split(".")[0] in APP_PACKAGES or v[1] in G_PROXIES
                       for v in resolver.name(owner, scope)):
                    out |= resolver.binding_value(binding, scope)
    return out



# -- implicit calls: WTForms validation --------------------------------------------------------
def _form_validation(resolver: Resolver, cls: str) -> list[str]:
    """WTForms' `validate()` / `validate_on_submit()` runs every `validate_<field>()` and the
    validator objects built in the field definitions."""
    out: list[str] = []
    for summary, info in resolver.workspace_classes(resolver.mro(cls)[0]):
        for method in info.methods:
            if method.startswith("validate_"):
                out.append(resolver.full(summary, f"{info.qualname}.{method}"))
        out.extend(_validator_objects(resolver, summary, info))
    return out


def _validator_objects(resolver: Resolver, summary: FileSummary, info: ClassInfo) -> list[str]:
    """Validator instances built in a form's field definitions are called on validation."""
    out = []
    body = summary.module_body
    for call in body.calls:
        if not (info.span.line <= call.span.line <= info.span.end_line) or not call.callee:
            continue
        for value in resolver.evaluate(call.callee, (summary, body)):
            if value[0] == "class":
                for method in resolver.class_attribute(value[1], "__call__", instance=True, exact=True):
                    if method[0] == "func":
                        out.append(method[1])
    return out


FRAMEWORK = Framework(
    name="flask",
    detect=detect,
    precedence=20,
    import_functions=frozenset({"werkzeug.utils.import_string"}),
    signal_classes=SIGNAL_CLASSES,
    signal_connect_methods=frozenset({"connect"}),
    signal_connect_decorators=frozenset({"connect_via"}),
    signal_send_methods=frozenset({"send"}),
    settings_roots=SETTINGS_ROOTS,
    app_proxies=APP_PROXIES + G_PROXIES,
    app_packages=APP_PACKAGES,
    app_classes=APP_CLASSES,
    app_attribute=app_attribute,
    view_factories=frozenset({"as_view"}),
    action_verbs={**RESOURCE_HOOKS, **DATA_LAYER_HOOKS},
    router_prefixes=ROUTER_PREFIXES,
    mount_methods=MOUNT_METHODS,
    implicit_calls={"validate": _form_validation, "validate_on_submit": _form_validation},
)
