"""Django and Django REST framework: urls.py routes, function views, class-based views by ancestry,
DRF viewsets and actions, routers, admin actions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import HTTP_METHODS, Action, Framework, FrameworkContext, derives_from

if TYPE_CHECKING:
    from ..resolve import Resolver
    from ..summary import CallSite, FileSummary, FunctionInfo

URL_FUNCTIONS = frozenset({
    "django.urls.path", "django.urls.re_path", "django.conf.urls.url", "django.urls.conf.path",
    "django.urls.conf.re_path",
})
VIEW_BASE_PREFIXES = ("django.views.", "rest_framework.views.", "rest_framework.viewsets.",
                      "rest_framework.generics.", "rest_framework.mixins.", "django.contrib.auth.views.",
                      "vanilla.")
VIEW_BASES = frozenset({"django.views.View", "rest_framework.views.APIView"})
# ModelAdmin and the admin classes Django's contrib apps define in their own modules (so known
# without Django installed): a project's `class MyUserAdmin(UserAdmin)` is an admin too.
ADMIN_BASES = frozenset({
    "django.contrib.admin.ModelAdmin", "django.contrib.admin.options.ModelAdmin",
    "django.contrib.auth.admin.UserAdmin", "django.contrib.auth.admin.GroupAdmin",
    "django.contrib.flatpages.admin.FlatPageAdmin", "django.contrib.redirects.admin.RedirectAdmin",
    "django.contrib.sites.admin.SiteAdmin", "django.contrib.gis.admin.GISModelAdmin",
    "django.contrib.gis.admin.OSMGeoAdmin", "django.contrib.gis.admin.GeoModelAdmin",
})
ADMIN_PREFIXES = ("django.contrib.admin.",)
GENERIC_HOOKS = (
    "dispatch", "form_valid", "form_invalid", "get_success_url", "get_context_data", "get_queryset",
    "get_object", "get_form_kwargs", "post_ajax", "delete_object",
)
DRF_ACTIONS = (
    "list", "create", "retrieve", "update", "partial_update", "destroy", "perform_create",
    "perform_update", "perform_destroy", "initial", "finalize_response", "get_serializer_context",
)
# Admin hooks whose argument after `request` is the edited object (or, for the last, a queryset).
ADMIN_QUERYSET_HOOKS = frozenset({"delete_queryset"})
ADMIN_OBJECT_HOOKS = frozenset({"save_model", "delete_model", "response_add", "response_change"}) | ADMIN_QUERYSET_HOOKS
ADMIN_HOOKS = ("save_model", "delete_model", "save_formset", "save_related", "response_add",
               "response_change", "delete_queryset")
DETAIL_ACTIONS = frozenset({"retrieve", "update", "partial_update", "destroy", "perform_update", "perform_destroy"})
# `@action` and the legacy `@list_route`/`@detail_route`; a workspace decorator that sets one of
# the attributes DRF's set on the function routes it too (projects that vendor DRF).
ACTION_DECORATORS = frozenset({"action", "list_route", "detail_route"})
ACTION_ATTRIBUTES = frozenset({"bind_to_methods", "mapping", "detail", "url_path"})
CBV_METHODS = frozenset(HTTP_METHODS + GENERIC_HOOKS + DRF_ACTIONS)
ACTION_VERBS = {  # DRF viewset actions and the hooks they call -> the HTTP methods they serve
    "list": ("get",), "retrieve": ("get",), "create": ("post",), "update": ("put",),
    "partial_update": ("patch",), "destroy": ("delete",), "perform_create": ("post",),
    "perform_update": ("put", "patch"), "perform_destroy": ("delete",),
    "form_valid": ("post",),  # a generic editing view's hook, run for a valid POST
}
FUNCTION_VIEW_DECORATORS = (
    "rest_framework.decorators.api_view", "django.contrib.auth.decorators.login_required",
    "django.views.decorators.http.require_POST", "django.views.decorators.http.require_http_methods",
    "django.views.decorators.http.require_GET", "django.views.decorators.csrf.csrf_exempt",
    "django.contrib.admin.views.decorators.staff_member_required",
    "django.contrib.auth.decorators.permission_required",
)


def detect(ctx: FrameworkContext) -> None:
    _urls(ctx)
    _configured_routes(ctx)
    _function_views(ctx)
    _class_views(ctx)
    _middleware_processors(ctx)


# A middleware: a class deriving from Django's mixin for them, or one defining its request hooks;
# the hooks that run for every request.
MIDDLEWARE_BASES = frozenset({"django.utils.deprecation.MiddlewareMixin"})
MIDDLEWARE_HOOKS = ("process_request", "process_view", "process_template_response", "__call__")
REGISTRY_ADDERS = frozenset({"append", "add", "insert", "appendleft", "setdefault", "update", "extend"})


def _middleware_processors(ctx: FrameworkContext) -> None:
    """A function a decorator files in a module-level registry (`@processor_for(Model)` whose
    inner function does `processors[name].insert(0, func)`) that a middleware's request hook
    reads and runs is an entry: the middleware calls it for the requests it matches (page
    processors). A registry nothing but a command or a helper reads makes no entry."""
    for function in ctx.summary.functions[1:]:
        if function.class_name or function.parent:
            continue
        for _site, values in ctx.decorators(function):
            factories = sorted(v[1] for v in values if v[0] == "func")
            if any(_registry_run_by_middleware(ctx.resolver, factory) for factory in factories):
                ctx.add_function(ctx.resolver.full(ctx.summary, function.qualname), "django")
                break


def _registry_run_by_middleware(resolver: Resolver, factory: str) -> bool:
    return resolver._memoised(("middleware-registry", factory),
                              lambda: _middleware_reads(resolver, factory), in_progress=False)


def _middleware_reads(resolver: Resolver, factory: str) -> bool:
    found = resolver.index.function(factory)
    if found is None:
        return False
    summary, info = found
    resolver.depend(f"body:{summary.module}")  # the adders' calls in the factory's inner function
    module_names = {b.name for b in summary.module_body.bindings}
    candidates: set[str] = set()
    for inner in summary.functions:
        if inner.qualname != info.qualname and inner.parent != info.qualname:
            continue
        candidates |= {site.callee[0] for site in inner.calls
                       if site.callee and len(site.callee) >= 2 and site.callee[-1] in REGISTRY_ADDERS}
        candidates |= {b.name for b in inner.bindings if b.mutates}
    for name in sorted(candidates):
        resolver.depend_symbol(summary.module, name)
    registries = candidates & module_names
    if not registries:
        return False
    for _name, other in resolver.index.modules():
        resolver.depend(f"imports:{other.module}")
        if other.module == summary.module:
            prefixes = {(name,) for name in registries}
        else:
            prefixes = {(i.local, name) for i in other.imports if not i.scope and i.target == summary.module
                        for name in registries}
            prefixes |= {(i.local,) for i in other.imports for name in registries
                         if not i.scope and i.target == f"{summary.module}.{name}"}
        if not prefixes:
            continue
        resolver.depend(f"body:{other.module}")
        for cls in other.classes:
            resolver.depend_symbol(other.module, cls.qualname.split(".", 1)[0])
            hooks = [m for m in MIDDLEWARE_HOOKS if m in cls.methods]
            if not hooks or not (set(hooks) - {"__call__"} or resolver.is_subclass_of(
                    resolver.full(other, cls.qualname), MIDDLEWARE_BASES)):
                continue
            for hook in hooks:
                method = other.function(f"{cls.qualname}.{hook}")
                chains = [b.value for b in method.bindings if b.value] + [s.callee for s in method.calls if s.callee] \
                    if method is not None else []
                if any(chain[:len(prefix)] == prefix for chain in chains for prefix in prefixes):
                    return True
    return False


def _urls(ctx: FrameworkContext) -> None:
    for function in ctx.summary.functions:
        for site in function.calls:
            if not site.callee:
                continue
            last = site.callee[-1]
            if last in ("path", "re_path", "url") and len(site.args) >= 2:
                resolved = {v[1] for v in ctx.evaluate_module(site.callee, function) if v[0] == "ext"}
                if not resolved & URL_FUNCTIONS and not (not resolved and ctx.summary.module.endswith("urls")):
                    continue
                if not ctx.serves(None):
                    continue
                route = ctx.prefixed(None, "/" + (site.literal or "").lstrip("^").rstrip("$"))
                if _include(ctx, site.args[1], function, route):
                    continue
                for value in ctx.view_target(site.args[1], function):
                    if value[0] in ("func", "class"):
                        ctx.route_to(value[1], route, (), "django", CBV_METHODS)
            elif last == "register" and len(site.args) >= 2 and len(site.callee) >= 2 and ctx.serves(site.callee[0]):
                route = ctx.prefixed(site.callee[0], "/" + (site.literal or "").lstrip("^").rstrip("$"))
                for value in ctx.evaluate_module(site.args[1], function):
                    if value[0] == "class" and (_is_view(ctx, value[1]) or _unreadable_base(ctx.resolver, value[1])):
                        ctx.route_to(value[1], route, (), "django", CBV_METHODS, _router_routes(route))


def _unreadable_base(resolver: Resolver, cls: str) -> bool:
    """Whether the class derives from an installed class we cannot read (a third-party package's
    viewset or serializer, `djoser.views.UserViewSet`, with no environment): registered on a
    router it is a viewset, and named by a view's `serializer_class` a serializer, whatever its
    bases say (as an admin class registered for a model is an admin)."""
    library = resolver.index.library
    return any(library is None or not library.values(base) for base in resolver.mro(cls)[1])


def _include(ctx: FrameworkContext, chain, function, prefix: str) -> bool:
    """`path("api/", include("shop.urls"))` / `include(router.urls)`: the included urls module's
    (or router's) routes are served under the prefix. Whether the view argument is an include."""
    if not chain or len(chain) != 2 or chain[0] != "include" or not chain[1].startswith("("):
        return False
    argument = chain[1][1:-1]
    if argument.startswith("@"):
        found = ctx.definition(tuple(argument[1:].split("."))[:-1], function) if argument.endswith(".urls") else None
        if found is not None:
            ctx.mount(found[0], found[1], prefix, _urls)
    elif argument:
        included = ctx.resolver.index.module(argument)
        if included is not None:
            ctx.mount(included, "*", prefix, _urls)
    return True


def _router_routes(prefix: str):
    """A router registration serves a viewset's list actions at the prefix, the actions on one
    object at `prefix/<pk>`, and each extra action under its `url_path`."""
    def route_of(name: str, action: Action | None) -> str:
        if action is not None:
            return f"{prefix.rstrip('/')}{'/<pk>' if action.detail else ''}/{action.url_path}"
        return f"{prefix.rstrip('/')}/<pk>" if name in DETAIL_ACTIONS else prefix
    return route_of


def _function_views(ctx: FrameworkContext) -> None:
    module = ctx.summary.module
    in_views = module.split(".")[-1] == "views" or ".views." in module
    # A `request`-taking helper that other functions here call is a helper, not a view (a routed
    # one is still found through urls.py).
    called_here = {site.callee[0] for f in ctx.summary.functions for site in f.calls if site.callee and len(site.callee) == 1}
    for function in ctx.summary.functions[1:]:
        if function.class_name or function.parent:
            continue
        names = [n for _, values in ctx.decorators(function) for n in ctx.external_names(values)]
        methods = _api_view_methods(ctx, function)
        heuristic = in_views and _takes_request(function) and function.name not in called_here
        if any(n in FUNCTION_VIEW_DECORATORS for n in names) or heuristic:
            ctx.add_function(ctx.resolver.full(ctx.summary, function.qualname), "django", "", methods)
        if any(n.startswith("django.contrib.admin") and n.endswith("action") for n in names):
            ctx.add_function(ctx.resolver.full(ctx.summary, function.qualname), "django-admin")


def _api_view_methods(ctx: FrameworkContext, function: FunctionInfo) -> tuple[str, ...]:
    for site, values in ctx.decorators(function):
        if "rest_framework.decorators.api_view" in ctx.external_names(values):
            if site.arg_literals:
                return tuple(site.arg_literals[0].split(",")) if site.arg_literals[0] else ()
            for key, text in site.kw_literals:
                if key == "http_method_names":
                    return tuple(text.split(","))
    return ()


def _takes_request(function: FunctionInfo) -> bool:
    return bool(function.params) and function.params[0].name in ("request", "req")


def _is_view(ctx: FrameworkContext, cls: str) -> bool:
    return derives_from(ctx.resolver, cls, VIEW_BASES, VIEW_BASE_PREFIXES)


def _class_views(ctx: FrameworkContext) -> None:
    for info in ctx.summary.classes:
        cls = ctx.class_full(info)
        if _is_view(ctx, cls):
            ctx.add_class(cls, "django", CBV_METHODS)
        elif derives_from(ctx.resolver, cls, ADMIN_BASES, ADMIN_PREFIXES) or _registered_for(ctx.resolver, ctx.summary, info):
            # registered for a model in its module (`@admin.register(M)`, `admin.site.register(M, A)`):
            # an admin class whatever its bases say (a third-party admin base not installed)
            ctx.add_class(cls, "django-admin", ADMIN_HOOKS + _action_shaped_methods(ctx, cls))
            for binding in info.attrs:
                if binding.name == "actions":
                    _admin_actions(ctx, cls, ctx.resolver.binding_value(binding, (ctx.summary, ctx.summary.module_body)))


def _action_shaped(function: FunctionInfo) -> bool:
    """A method shaped as an admin action, `(self, request, queryset)`."""
    return bool(function.class_name) and tuple(p.name for p in function.params) == ("self", "request", "queryset")


def _action_shaped_methods(ctx: FrameworkContext, cls: str) -> tuple[str, ...]:
    """The action-shaped methods of an admin class whose own `get_actions()` builds the actions
    (adding methods to the dict it returns, which a static reading does not follow): Django may
    run each of them for the rows a user selects. Without a `get_actions` override only what
    `actions` lists or `@admin.action` marks is an action."""
    workspace, _ = ctx.resolver.mro(cls)
    classes = list(ctx.resolver.workspace_classes(workspace))
    if not any("get_actions" in info.methods for _, info in classes):
        return ()
    names = {name for summary, info in classes for name in info.methods
             if (function := summary.function(f"{info.qualname}.{name}")) is not None and _action_shaped(function)}
    return tuple(sorted(names))


def _admin_actions(ctx: FrameworkContext, cls: str, values: set) -> None:
    """`actions = [send_report]` lists functions; `actions = ("send_report",)` names methods of
    the admin class (or functions of its module), as Django's `get_action` looks them up."""
    for value in values:
        members = value[1] if value[0] == "coll" else [value]
        for member in members:
            if member[0] == "func":
                ctx.add_function(member[1], "django-admin")
            elif member[0] == "str":
                for name in filter(None, member[1].split(",")):
                    method = {v for v in ctx.resolver.class_attribute(cls, name, instance=True, exact=True) if v[0] == "func"}
                    for found in method or ctx.evaluate_module((name,)):
                        if found[0] == "func":
                            ctx.add_function(found[1], "django-admin", self_class=cls if method else "")



def _admin_action_queryset(resolver: Resolver, summary: FileSummary, function: FunctionInfo, index: int) -> set:
    """An admin action's `queryset` (after `self` and `request`): a queryset of the model the admin
    is registered for (`@admin.register(Profile)`, `admin.site.register(Profile, ProfileAdmin)`),
    when the method is listed in `actions` or decorated with `@admin.action`. The object a model
    hook receives (`save_model(request, obj, form, change)`, `delete_model`, `response_add`…) is
    an instance of it, and `delete_queryset`'s queryset a queryset of it; a hook of a base admin
    or a mixin receives the models its registered subclasses are registered for."""
    if index != 2 or not function.class_name:
        return set()
    info = summary.klass(function.class_name)
    if info is None:
        return set()
    action = len(function.params) == 3 and _is_listed_action(info, function)
    hook = function.name in ADMIN_OBJECT_HOOKS and len(function.params) > 2
    if not action and not hook:
        return set()
    cls = resolver.full(summary, info.qualname)
    admins = [cls] + (resolver.subclasses(cls) if hook else [])
    if not any(derives_from(resolver, admin, ADMIN_BASES, ADMIN_PREFIXES) for admin in admins) \
            and not any(located is not None and _registered_for(resolver, *located)
                        for located in map(resolver.index.klass, admins)):
        return set()
    models = set()
    for admin in admins:
        located = resolver.index.klass(admin)
        if located is not None:
            models |= _registered_for(resolver, *located)
    if hook and function.name not in ADMIN_QUERYSET_HOOKS:
        return {("inst", model) for model in models}
    return {("manager", model) for model in models}


# -- the request and its user: `request.user`, `get_user_model()` ------------------------------
REQUEST_CLASS = "django.http.HttpRequest"
REQUEST_TYPES = frozenset({REQUEST_CLASS, "django.http.request.HttpRequest", "django.core.handlers.wsgi.WSGIRequest",
                           "django.core.handlers.asgi.ASGIRequest", "rest_framework.request.Request"})
USER_MODEL_GETTERS = frozenset({"django.contrib.auth.get_user_model"})
DJANGO_PACKAGES = ("django.", "rest_framework.")


def _user_models(resolver: Resolver) -> set:
    """The project's user model, the one `AUTH_USER_MODEL` names ("accounts.User"); empty when
    the project keeps Django's own."""
    models: list[str] = []
    for value in sorted(resolver.setting("AUTH_USER_MODEL")):
        if value[0] == "str":
            models += resolver.models_named(value[1])
    return {("class", model) for model in models}


# Library registries that hand out the project's own subclasses of a library class, registered
# by a decorator or at import (django-elasticsearch-dsl's `registry.get_documents(models=[M])`
# gives the `Document` classes `@registry.register_document` / `@index.document` registered).
LIBRARY_REGISTRIES = {
    "django_elasticsearch_dsl.registries.registry.get_documents":
        frozenset({"django_elasticsearch_dsl.Document", "django_elasticsearch_dsl.documents.Document",
                   "django_elasticsearch_dsl.documents.DocType", "django_elasticsearch_dsl.DocType"}),
}


def _registered_subclasses(resolver: Resolver, bases: frozenset[str]) -> set:
    """The workspace classes deriving from one of the library classes `bases`, as a collection."""
    direct: set[str] = set()
    for tail in sorted({base.rsplit(".", 1)[-1] for base in bases}):
        resolver.depend(f"sub:{tail}")
        direct |= {c for c in resolver.index.subclass_candidates(tail) if bases & set(resolver.bases(c)[1])}
    found = set(direct)
    for cls in sorted(direct):
        found |= set(resolver.subclasses(cls))
    return {("coll", frozenset(("class", cls) for cls in found))} if found else set()


def _external_results(resolver: Resolver, dotted: str, argument: str) -> set:
    if dotted in LIBRARY_REGISTRIES:
        return _registered_subclasses(resolver, LIBRARY_REGISTRIES[dotted])
    return _user_models(resolver) if dotted in USER_MODEL_GETTERS else set()


def _external_attributes(resolver: Resolver, dotted: str) -> set:
    """`request.user` (a view's request, `self.request` of a class-based view or a DRF view) is an
    instance of the user model."""
    owner, _, name = dotted.rpartition(".")
    if name != "user" or not (owner in REQUEST_TYPES or (owner.endswith(".request") and owner.startswith(DJANGO_PACKAGES))):
        return set()
    return {("inst", value[1]) for value in _user_models(resolver)}


def _view_request(summary: FileSummary, function: FunctionInfo, index: int) -> set:
    """The `request` a Django view receives, first after `self`: the framework passes an
    HttpRequest (in a module that imports Django or DRF; an annotation says it by itself)."""
    first = 1 if function.receiver_param else 0
    if index != first or index >= len(function.params):
        return set()
    param = function.params[index]
    if param.name != "request" or param.annotation:
        return set()
    if not any(imp.target.startswith(DJANGO_PACKAGES) for imp in summary.imports):
        return set()
    return {("exti", REQUEST_CLASS)}


def _parameter_values(resolver: Resolver, summary: FileSummary, function: FunctionInfo, index: int) -> set:
    return _admin_action_queryset(resolver, summary, function, index) or _view_request(summary, function, index)


def _registered_for(resolver: Resolver, summary: FileSummary, info) -> set:
    """The models an admin class is registered for in its own module."""
    scope = (summary, summary.module_body)
    chains = [d.args[0] for d in info.decorators if d.callee and d.callee[-1] == "register" and d.args]
    chains += [site.args[0] for site in summary.module_body.calls
               if site.callee and site.callee[-1] == "register" and len(site.args) >= 2 and site.args[1] == (info.name,)]
    models = {v[1] for chain in chains if chain for v in resolver.evaluate(chain, scope) if v[0] == "class"}
    return {model for model in models if resolver.is_model(model)}


def _is_listed_action(info, function: FunctionInfo) -> bool:
    if "action" in function.decorator_names or (_action_shaped(function) and "get_actions" in info.methods):
        return True
    for binding in info.attrs:
        if binding.name == "actions":
            return function.name in (binding.literal or "").split(",") or (function.name,) in binding.members
    return False


# -- resolver hooks: managers and querysets, generic views' form/serializer factories ------------
MODEL_BASES = ("django.db.models.Model", "django.db.models.base.Model",
               # the auth models a project's user model extends (read without the environment too)
               "django.contrib.auth.models.AbstractUser", "django.contrib.auth.models.AbstractBaseUser",
               "django.contrib.auth.base_user.AbstractBaseUser", "django.contrib.auth.models.User")
MANAGER_RETURNS_INSTANCE = frozenset({
    "get", "create", "first", "last", "latest", "earliest", "get_or_create", "update_or_create",
    "aget", "acreate", "afirst", "alast", "in_bulk",
})
MANAGER_RETURNS_QUERYSET = frozenset({
    "all", "filter", "exclude", "order_by", "select_related", "prefetch_related", "annotate",
    "distinct", "using", "only", "defer", "select_for_update", "none", "reverse", "get_queryset",
})
MANAGER_RETURNS_OTHER = frozenset({
    "count", "exists", "contains", "aggregate", "update", "delete", "bulk_create", "bulk_update",
    "values", "values_list", "dates", "datetimes", "explain", "raw", "iterator", "aiterator",
    "acount", "aexists", "acontains", "aaggregate", "aupdate", "adelete", "abulk_create", "abulk_update",
    "as_manager", "from_queryset", "get_queryset", "contribute_to_class", "deconstruct", "check", "db_manager",
})
MANAGER_BUILDERS = frozenset({"as_manager", "from_queryset"})
MANAGER_CLASSES = frozenset({"django.db.models.manager.BaseManager", "django.db.models.manager.Manager",
                             "django.db.models.Manager"})
OBJECT_LOADERS = frozenset({"django.shortcuts.get_object_or_404"})
# Factories whose first argument is the model the class they build saves (a formset's `save()`
# saves each form's instance, firing the model's signals).
MODEL_CLASS_FACTORIES = frozenset({
    "django.forms.models.modelformset_factory", "django.forms.modelformset_factory",
    "django.forms.models.modelform_factory", "django.forms.modelform_factory",
})
INLINE_MODEL_FACTORIES = frozenset({"django.forms.models.inlineformset_factory", "django.forms.inlineformset_factory"})
HOOK_PARAMETERS = {  # (hook, parameter) -> the factory that built the argument
    ("form_valid", "form"): "get_form", ("form_invalid", "form"): "get_form",
    ("perform_create", "serializer"): "get_serializer", ("perform_update", "serializer"): "get_serializer",
}
FACTORY_METHODS = {  # generic-view methods that build the form/serializer named by a class attribute
    "get_form": ("form_class", "get_form_class"),
    "get_serializer": ("serializer_class", "get_serializer_class"),
}
SIGNAL_CLASSES = frozenset({"django.dispatch.Signal", "django.dispatch.dispatcher.Signal", "django.dispatch.ModelSignal"})
SETTINGS_ROOTS = ("django.conf.settings",)


def _is_settings_module(module: str) -> bool:
    """`proj.settings`, `config.settings.base`, and a top-level `settings` package's modules
    (`settings/common.py`)."""
    return module.endswith("settings") or ".settings." in module or module.startswith("settings.")


def _load_model(resolver: Resolver, label: str, name: str) -> set:
    """`apps.get_model("history", "HistoryEntry")`: the model `name` of the app whose package ends
    in `label` (its `models` module or package); nothing when no workspace app has it."""
    if "." in label:  # `get_model("history.HistoryEntry")` has one argument; a dotted label is no app
        return set()
    suffixes = (f".{label}.models", f".{label}.models.")
    modules = sorted(m for m in resolver.index.path_of
                     if m == f"{label}.models" or m.endswith(suffixes[0]) or suffixes[1] in m or m.startswith(f"{label}.models."))
    for module in modules:
        summary = resolver.index.module(module)
        resolver.depend(module)
        resolver.depend_symbol(module, name)  # the class coming or going changes this answer
        if summary is not None and summary.klass(name) is not None:
            return {("class", resolver.full(summary, name))}
    return set()


def _is_model_field(dotted: str) -> bool:
    """`models.CharField`, `models.ForeignKey`…: a field class of Django's ORM."""
    package, _, name = dotted.rpartition(".")
    return package.startswith("django.db.models") and name.endswith(("Field", "ForeignKey", "Key"))


def _is_model_base(dotted: str) -> bool:
    return dotted in MODEL_BASES or dotted.endswith("models.Model") or ".db.models" in dotted


# -- implicit calls: model signals fired by saves, form validation, serializer saves ----------
SIGNAL_GROUPS = {
    "pre_save": "save", "post_save": "save", "pre_delete": "delete", "post_delete": "delete",
    "pre_init": "init", "post_init": "init", "m2m_changed": "m2m",
}
MODEL_SAVE_METHODS = {"save": "save", "delete": "delete", "asave": "save", "adelete": "delete"}
MANAGER_SAVES = frozenset({"create", "get_or_create", "update_or_create", "acreate", "aget_or_create"})
# Library functions that delete the queryset passed at this position: the admin's "delete
# selected" action (called by a project's own action with its queryset) deletes it on the POST
# that confirms, sending each row's delete signals.
QUERYSET_DELETERS = {"django.contrib.admin.actions.delete_selected": 2}


FILE_FIELD_FILES = frozenset({"django.db.models.fields.files.FieldFile", "django.db.models.fields.files.ImageFieldFile"})
FILE_UPLOAD_API = "django.db.models.fields.files.FieldFile.save"


def _file_writes(resolver: Resolver, summary: FileSummary, function: FunctionInfo, site: CallSite) -> tuple[str, ...]:
    """Saving a model uploads the files its file fields were just given (`FileField.pre_save`
    stores them in the media storage, S3 or the like in production): `profile.avatar = upload`
    then `profile.save()` in the same function, `self.avatar = f` then `self.save()` in a model's
    method, `Photo.objects.create(image=upload)`. Only a value that is a file says so: an upload
    (`request.FILES[...]`), a `django.core.files` object, a parameter (a helper handed the upload)
    or a local bound to one of these; a stored name (`product.photo = path`) uploads nothing."""
    callee = site.callee
    if not callee or len(callee) < 2:
        return ()
    scope = (summary, function)
    method, owner = callee[-1], callee[:-1]
    if method in MODEL_SAVE_METHODS and MODEL_SAVE_METHODS[method] == "save" and len(owner) <= 3 \
            and all(part.isidentifier() for part in owner):
        if owner == (function.receiver_param,):
            stored = [b.name for b in function.self_attrs
                      if b.line <= site.span.line and _is_file(resolver, b.value, scope)]
        else:
            prefix = ".".join(owner) + "."  # `profile.avatar = f`, `request.user.photo = f`
            stored = [b.name[len(prefix):] for b in function.bindings
                      if b.name.startswith(prefix) and b.line <= site.span.line and _is_file(resolver, b.value, scope)]
        for name in dict.fromkeys(stored):
            if _holds_file(resolver.evaluate((*owner, name), scope)):
                return (FILE_UPLOAD_API,)
        fields = _file_fields(resolver, resolver.evaluate(owner, scope))
        if fields and _filled_generically(resolver, owner, site, scope, fields):
            return (FILE_UPLOAD_API,)
        return ()
    if method in MANAGER_SAVES:
        given = [name for name, chain in site.kwargs if name and _is_file(resolver, chain, scope)]
        if not given:
            return ()
        for value in resolver.evaluate(owner, scope):
            if value[0] == "manager" and any(
                    _holds_file(resolver.class_attribute(value[1], name, instance=True)) for name in given):
                return (FILE_UPLOAD_API,)
    return ()


# Calls that set a model's fields from data by name: Django's field API and form helper, setattr.
FIELD_SETTERS = frozenset({"save_form_data"})
FORM_FILLERS = frozenset({"django.forms.models.construct_instance", "django.forms.construct_instance"})
MAX_FILLER_DEPTH = 2


def _filled_generically(resolver: Resolver, owner, site: CallSite, scope, fields: set[str], handed: bool = True,
                        named: bool = False) -> bool:
    """Before this save, the function set the instance's fields from data by name: a
    `setattr(obj, name, value)` whose name is not a literal (a loop over cleaned data),
    `field.save_form_data(obj, value)`, Django's `construct_instance(form, obj)`, or a call of a
    workspace helper that does one of these to the parameter it hands `obj` (`obj =
    fill(obj, data)` too); for a parameter (with `handed`), a base class's template method that
    did so before calling this hook with it. The data may hold a file when it is one (an upload,
    a parameter: `_is_file`), when a form fills it, or when the code around names one of the
    model's file `fields` (`data.get("background_image")`)."""
    function = scope[1]
    owner = tuple(owner)
    rebound = [b.value for b in function.bindings if b.name == owner[0] and len(owner) == 1 and b.value
               and b.line <= site.span.line]
    for call in function.calls:
        if call.span.line > site.span.line or call.span == site.span or not call.callee:
            continue
        given = [i for i, chain in enumerate(call.args) if chain and tuple(chain) == owner]
        made = any(chain[:len(call.callee)] == tuple(call.callee) for chain in rebound)
        if not (given or made):
            continue
        filled = _fills(resolver, call, scope, given, 0)
        if filled == "form" or filled and (
                named or any(_is_upload(resolver, chain, scope) for i, chain in enumerate(call.args) if chain and i not in given)
                or _names_field(resolver, scope, fields)):
            return True
    if handed and len(owner) == 1 and owner[0] in {p.name for p in function.params} - {function.receiver_param}:
        # a hook handed the instance by its base's template method, which filled it just before
        for caller_summary, caller, call, chain in resolver.template_arguments(scope[0], function, owner[0]):
            if len(chain) == 1 and _filled_generically(resolver, chain, call, (caller_summary, caller), fields, False,
                                                       named or _names_field(resolver, scope, fields)):
                return True
    return False


def _fills(resolver: Resolver, call: CallSite, scope, positions: list[int], depth: int) -> str:
    """How `call` sets fields, by name, of what it is handed at `positions` (any, when empty: an
    instance it returns): "form" (a form's cleaned data), "data", or "" (it does not)."""
    callee = call.callee
    if callee == ("setattr",):
        return "data" if 0 in positions and len(call.args) > 1 and call.args[1] is not None else ""
    if callee[-1] in FIELD_SETTERS and len(callee) > 1:
        return "data" if 0 in positions else ""
    for value in resolver.evaluate(callee, scope):
        if value[0] == "ext" and value[1] in FORM_FILLERS:
            return "form" if 1 in positions else ""
        if value[0] == "func" and depth < MAX_FILLER_DEPTH and _helper_fills(resolver, value[1], call, positions, depth):
            return "data"
    return ""


def _helper_fills(resolver: Resolver, function: str, call: CallSite, positions: list[int], depth: int) -> bool:
    """A workspace function fills a parameter it is handed (or any, for a result it returns)."""
    found = resolver.index.function(function)
    if found is None:
        return False
    summary, info = found
    params = [p.name for p in info.params]
    offset = 1 if info.receiver_param and len(call.callee) > 1 else 0
    wanted = {params[i + offset] for i in positions if i + offset < len(params)} if positions else set(params)
    wanted.discard(info.receiver_param)
    for inner in info.calls:
        if not inner.callee:
            continue
        handed = [i for i, chain in enumerate(inner.args) if chain and len(chain) == 1 and chain[0] in wanted]
        if handed and _fills(resolver, inner, (summary, info), handed, depth + 1):
            return True
    return False


def _is_upload(resolver: Resolver, chain, scope) -> bool:
    """Data that holds the request's uploads (`request.FILES`, a local bound to it or to a
    member of it) or a `django.core.files` object: stricter than `_is_file`, for which any
    parameter may be the upload a helper is handed."""
    function = scope[1]
    chains = [chain]
    if len(chain) == 1:
        chains += [b.value for b in function.bindings if b.name == chain[0] and b.value]
    for candidate in chains:
        if UPLOAD_ATTRIBUTES.intersection(candidate) or any(
                v[0] in ("ext", "exti") and v[1].startswith(FILE_PACKAGES) for v in resolver.evaluate(candidate, scope)):
            return True
    return False


def _file_fields(resolver: Resolver, values) -> set[str]:
    """The file fields (attributes holding a file) of the model instances among `values`."""
    out: set[str] = set()
    for value in values:
        if value[0] != "inst" or not resolver.is_model(value[1]):
            continue
        for _, info in resolver.workspace_classes(resolver.mro(value[1])[0]):
            out.update(b.name for b in info.attrs
                       if _holds_file(resolver.class_attribute(value[1], b.name, instance=True)))
    return out


def _names_field(resolver: Resolver, scope, fields: set[str]) -> bool:
    """Whether the function, or for a method any method of its class's MRO, names one of `fields`
    as a string (`data.get("image")`, `data["image"]`, `clean_image(data, "image")`)."""
    if not fields:
        return False
    summary, function = scope
    parts = {f"({name})" for name in fields} | {f"[{name}]" for name in fields}
    functions = [function]
    if function.class_name:
        for class_summary, info in resolver.workspace_classes(resolver.mro(resolver.full(summary, function.class_name))[0]):
            for method in info.methods:
                found = class_summary.function(f"{info.qualname}.{method}")
                if found is not None and found is not function:
                    resolver.depend_symbol(class_summary.module, found.qualname)
                    functions.append(found)
    for info in functions:
        for call in info.calls:
            if fields.intersection(t for t in call.arg_literals if t) or fields.intersection(v for _, v in call.kw_literals):
                return True
            if any(chain and parts.intersection(chain) for chain in (call.callee, *call.args)):
                return True
    return False


FILE_PACKAGES = ("django.core.files.",)
UPLOAD_ATTRIBUTES = frozenset({"FILES"})


def _is_file(resolver: Resolver, chain, scope, depth: int = 0) -> bool:
    if not chain or depth > 3:
        return False
    if UPLOAD_ATTRIBUTES.intersection(chain):  # `request.FILES["avatar"]`, `info.context.FILES.get(k)`
        return True
    if any(v[0] in ("ext", "exti") and v[1].startswith(FILE_PACKAGES) for v in resolver.evaluate(chain, scope)):
        return True  # `ContentFile(data)`, `File(fh)`, `SimpleUploadedFile(...)`
    if len(chain) > 1 and chain[-1].startswith("(") and chain[-2] != "get":
        # `image = clean_image(data, "image")`: what the helper returns
        return any(_returns_file(resolver, v[1], depth) for v in resolver.evaluate(chain[:-1], scope) if v[0] == "func")
    function = scope[1]
    if len(chain) != 1 and not _looks_up(chain[1:]):
        return False
    for param in function.params:  # a parameter, or what it holds (`data["image"]`, `data.get(k)`)
        if param.name == chain[0]:
            return param.name != function.receiver_param and param.annotation != ("str",)
    if len(chain) != 1:
        return False
    return any(_is_file(resolver, b.value, scope, depth + 1) for b in function.bindings if b.name == chain[0])


def _looks_up(parts) -> bool:
    """`[k]` or `.get(k)`: a member of a mapping handed in (cleaned data holding the upload)."""
    return parts[0].startswith("[") and len(parts) == 1 or len(parts) == 2 and parts[0] == "get" and parts[1].startswith("(")


def _returns_file(resolver: Resolver, function: str, depth: int) -> bool:
    """A workspace helper hands back a file when one of its return expressions is one (a
    validation helper returning the upload it was given)."""
    found = resolver.index.function(function)
    if found is None:
        return False
    summary, info = found
    return any(_is_file(resolver, chain, (summary, info), depth + 1) for chain in info.return_values[:8])


def _holds_file(values) -> bool:
    return any(v[0] == "exti" and v[1] in FILE_FIELD_FILES for v in values)


def _model_signal(dotted: str) -> str | None:
    """`django.db.models.signals.post_save` -> "save" (the receivers run on every model save)."""
    group = SIGNAL_GROUPS.get(dotted.rsplit(".", 1)[-1])
    return group if group and dotted.startswith("django.") else None


# Relation fields whose `on_delete=CASCADE` deletes the referring rows with the row they point to.
RELATION_FIELDS = frozenset({"ForeignKey", "OneToOneField", "ParentalKey"})
MAX_CASCADE = 3  # hops: a product's images, their crops, …


def _cascade_deletes(resolver: Resolver, model: str) -> list[str]:
    """The workspace models a delete of `model` cascades to: each class (and its workspace
    subclasses, for a field declared on an abstract base) with a relation field to it (a class,
    "self", "app.Model" or "Model") whose `on_delete` is `CASCADE`, and so on for MAX_CASCADE
    hops. Django's collector sends their `pre_delete`/`post_delete` for every row it removes."""
    found: list[str] = []
    pending, seen = [model], {model}
    for _ in range(MAX_CASCADE):
        following = []
        for target in pending:
            for holder in _referring(resolver, target):
                for cls in [holder] + resolver.subclasses(holder):
                    if cls not in seen and resolver.is_model(cls):
                        seen.add(cls)
                        found.append(cls)
                        following.append(cls)
        pending = following
    return found


def _referring(resolver: Resolver, model: str) -> list[str]:
    """Classes with a cascading relation field to `model` (or to a workspace base of it)."""
    wanted = {model, *resolver.mro(model)[0]}
    out = []
    for module, summary in resolver.index.modules():
        for info in summary.classes:
            resolver.depend_symbol(module, info.qualname.split(".")[0])  # a field added later too
            relations = [b for b in info.attrs if b.value and len(b.value) >= 2 and b.value[-2] in RELATION_FIELDS]
            if not relations:
                continue
            body = summary.function(info.parent) if info.parent else summary.module_body
            scope = (summary, body)
            holder = resolver.full(summary, info.qualname)
            for binding in relations:
                site = next((c for c in body.calls if c.span.line == binding.line and c.callee
                             and c.callee[-1] == binding.value[-2]), None)
                on_delete = dict(site.kwargs).get("on_delete") if site is not None else None
                if not on_delete or on_delete[-1] != "CASCADE":
                    continue
                if _relation_targets(resolver, site, scope, holder) & wanted:
                    out.append(holder)
                    break
    return out


def _relation_targets(resolver: Resolver, site: CallSite, scope, holder: str) -> set[str]:
    literal = site.arg_literals[0] if site.arg_literals else None
    if literal == "self":
        return {holder}
    if literal:
        return set(resolver.models_named(literal))
    chain = site.args[0] if site.args else None
    out: set[str] = set()
    for value in resolver.evaluate(chain, scope) if chain else ():
        if value[0] == "class":
            out.add(value[1])
        else:  # Django's own `User`, or `settings.AUTH_USER_MODEL`
            out.update(_signal_models(resolver, value, False))
    return out


AUTH_USER = "django.contrib.auth.models.User"
INSTALLED_MODELS = frozenset({AUTH_USER, "django.contrib.auth.models.Group"})
USER_MODEL_SETTING = "django.conf.settings.AUTH_USER_MODEL"


def _signal_models(resolver: Resolver, value: tuple, instance: bool) -> list[str]:
    """The installed model a value stands for: as a sender, `sender=User` or
    `sender=settings.AUTH_USER_MODEL` (the project's user model, else Django's own); as the
    instance a save or delete runs on, one that an installed model's manager or
    `get_user_model().objects` hands out (`User.objects.get(pk=...)`). Receivers of Django's own
    user model are keyed by its dotted name, like a workspace model's."""
    kind, dotted = value[0], value[1]
    if not instance:
        if kind == "ext" and dotted == USER_MODEL_SETTING:
            return sorted(v[1] for v in _user_models(resolver)) or [AUTH_USER]
        return [dotted] if kind == "ext" and dotted in INSTALLED_MODELS else []
    if kind != "exti":
        return []
    owner, _, method = dotted.rpartition(".")
    model, _, manager = owner.rpartition(".")
    if manager != "objects" or method not in MANAGER_RETURNS_INSTANCE:
        return []
    if model in USER_MODEL_GETTERS:
        return [AUTH_USER] if not _user_models(resolver) else []  # a project model is a workspace instance
    return [model] if model in INSTALLED_MODELS else []


def _form_cleaning(resolver: Resolver, cls: str) -> list[str]:
    """`form.is_valid()` / `full_clean()` runs `clean()` and every `clean_<field>()`."""
    out = []
    for summary, info in resolver.workspace_classes(resolver.mro(cls)[0]):
        for method in info.methods:
            if method == "clean" or method.startswith("clean_"):
                out.append(resolver.full(summary, f"{info.qualname}.{method}"))
    return out


def _serializer_save(resolver: Resolver, cls: str, methods: tuple[str, ...] = ("create", "update")) -> list[str]:
    """DRF's `serializer.save()` runs the serializer's `create()` or `update()` (`create()` without
    an instance, as `perform_create` builds it; `update()` with one, as `perform_update` does)."""
    if not resolver.is_subclass_of(cls, (), ("rest_framework.serializers.",)) and not _unreadable_base(resolver, cls):
        return []
    out = []
    for name in methods:
        # Sorted: a set of values iterates in hash order, which changes with the hash seed.
        out.extend(sorted(value[1] for value in resolver.class_attribute(cls, name, instance=True, exact=True)
                          if value[0] == "func"))
    return out


def _meta_model_saves(resolver: Resolver, cls: str) -> list[str]:
    """`form.save()` on a ModelForm, or `serializer.save()` on a ModelSerializer whose create and
    update are DRF's own, saves an instance of its `Meta.model`: that model's save signals fire."""
    if not resolver.is_subclass_of(cls, MODEL_WRITERS):
        return []
    if any(v[0] == "func" for name in ("create", "update") for v in resolver.class_attribute(cls, name, instance=True, exact=True)):
        return []  # the serializer's own create()/update() decides what is saved (an implicit call)
    return _meta_model(resolver, cls)


def _model_form_saves(resolver: Resolver, cls: str) -> list[str]:
    return _meta_model_saves(resolver, cls) + _formset_saves(resolver, cls)


def _formset_saves(resolver: Resolver, cls: str) -> list[str]:
    """`class StockFormSet(BaseStockFormSet)` over `BaseStockFormSet = inlineformset_factory(
    Product, Stock)`: the formset saves the factory's model."""
    out: list[str] = []
    for summary, info in resolver.workspace_classes(resolver.mro(cls)[0]):
        for chain in info.bases:
            found = _module_binding(resolver, summary, chain)
            if found is None:
                continue
            owner, binding = found
            scope = (owner, owner.module_body)
            if resolver.factory_made(binding, scope):
                out += [v[1] for v in resolver.binding_value(binding, scope) if v[0] == "class" and resolver.is_model(v[1])]
    return list(dict.fromkeys(out))


def _module_binding(resolver: Resolver, summary: FileSummary, chain):
    """The module-level binding a one-name chain denotes, in this module or the one it imports
    the name from."""
    if not chain or len(chain) != 1:
        return None
    name = chain[0]
    for imp in summary.imports:
        if imp.local == name and not imp.scope and not imp.is_star:
            module, _, attribute = imp.target.rpartition(".")
            source = resolver.index.module(module) if module else None
            summary, name = (source, attribute) if source is not None else (None, name)
            break
    if summary is None:
        return None
    bindings = [b for b in summary.module_body.bindings if b.name == name]
    return (summary, bindings[-1]) if bindings else None


def _meta_model(resolver: Resolver, cls: str) -> list[str]:
    """The workspace model a ModelForm's or ModelSerializer's `Meta.model` names."""
    for summary, info in resolver.workspace_classes(resolver.mro(cls)[0]):
        meta = summary.klass(f"{info.qualname}.Meta")
        if meta is None:
            continue
        for binding in meta.attrs:
            if binding.name == "model":
                return [v[1] for v in resolver.binding_value(binding, (summary, summary.module_body))
                        if v[0] == "class" and resolver.is_model(v[1])]
    return []


MODEL_WRITERS = ("django.forms.models.ModelForm", "django.forms.ModelForm", "rest_framework.serializers.ModelSerializer",
                 "rest_framework.serializers.HyperlinkedModelSerializer")


# -- DRF's generic hooks a view inherits unchanged ------------------------------------------
# `perform_create`/`perform_update` save the serializer `get_serializer()` builds, `perform_destroy`
# deletes the object `get_object()` fetches; the mixins (or the generic views and viewsets made of
# them, by the name's tail) that provide each.
DRF_HOOKS = {
    "perform_create": ("save", frozenset({"CreateModelMixin", "CreateAPIView", "ListCreateAPIView", "ModelViewSet"})),
    "perform_update": ("save", frozenset({"UpdateModelMixin", "UpdateAPIView", "RetrieveUpdateAPIView",
                                          "RetrieveUpdateDestroyAPIView", "ModelViewSet"})),
    "perform_destroy": ("delete", frozenset({"DestroyModelMixin", "DestroyAPIView", "RetrieveDestroyAPIView",
                                             "RetrieveUpdateDestroyAPIView", "ModelViewSet"})),
}
# The action that calls each hook (`CreateModelMixin.create` -> `self.perform_create(serializer)`;
# `partial_update` goes through `update`): an inherited hook runs unless the view replaces that
# action with one that never calls the base's. Without the environment the hook is the entry,
# at the view class, for the action the router serves.
DRF_HOOK_ACTIONS = {"perform_create": "create", "perform_update": "update", "perform_destroy": "destroy"}
DRF_HOOK_SAVES = {"perform_create": ("create",), "perform_update": ("update",)}  # what the save runs


# Django's generic editing views: `form_valid` of a create/update view saves the form, of a
# delete view deletes `self.object` (the mixins and views that provide each, by the name's tail).
# Django's generic views, and django-vanilla-views' (`vanilla.UpdateView`), which keep their names
# and hooks.
GENERIC_VIEW_PACKAGES = ("django.views.", "vanilla.", "django.contrib.auth.views.")
# django.contrib.auth's form views whose `form_valid` saves their form (the reset form's `save()`
# sends the reset email).
AUTH_FORM_VIEWS = frozenset({"PasswordResetView", "PasswordChangeView", "PasswordResetConfirmView"})
FORM_SAVING_VIEWS = frozenset({"ModelFormMixin", "BaseCreateView", "CreateView", "BaseUpdateView", "UpdateView"}) | AUTH_FORM_VIEWS
DJANGO_EDIT_HOOKS = {
    "form_valid": (("save", FORM_SAVING_VIEWS),
                   ("delete", frozenset({"BaseDeleteView", "DeleteView"}))),
}
VIEW_CONFIGURATION = "form_class"  # `as_view(form_class=F)`: the form the view's hooks build


def _form_work(resolver: Resolver, forms) -> list[tuple[str, str]]:
    """Saving an instance of each form class: its own `save()`, and its `Meta.model`'s save."""
    work: list[tuple[str, str]] = []
    for form in sorted(forms):
        work += [("call", v[1]) for v in resolver.class_attribute(form[1], "save", instance=True, exact=True) if v[0] == "func"]
        work += [("save", model) for model in _meta_model(resolver, form[1])]
    return work


def _configured_sites(resolver: Resolver, summary: FileSummary):
    """`PasswordResetView.as_view(form_class=self.reset_form)`: a library view whose `form_valid`
    saves its form, configured with a workspace form class. Yields (function, index of the
    `as_view` call, its entry's name, work)."""
    for function in summary.functions:
        scope = (summary, function)
        for index, site in enumerate(function.calls):
            if not site.callee or len(site.callee) < 2 or site.callee[-1] != "as_view":
                continue
            configured = {k: v for k, v in site.kwargs if k}.get(VIEW_CONFIGURATION)
            if not configured:
                continue
            views = sorted(v[1] for v in resolver.evaluate(site.callee[:-1], scope)
                           if v[0] == "ext" and v[1].startswith(GENERIC_VIEW_PACKAGES))
            tails = [view.rsplit(".", 1)[-1] for view in views if view.rsplit(".", 1)[-1] in FORM_SAVING_VIEWS]
            if not tails:
                continue
            forms = {("inst", v[1]) for v in resolver.evaluate(configured, scope) if v[0] == "class"}
            work = _form_work(resolver, forms)
            if work:
                owner = resolver.full(summary, function.qualname) if function.qualname else summary.module
                yield function, index, f"{owner}.<{tails[0]}:{site.span.line}>.form_valid", list(dict.fromkeys(work))


def _configured_views(resolver: Resolver, summary: FileSummary) -> list:
    return [(name, function.calls[index].span, work) for function, index, name, work in _configured_sites(resolver, summary)]


def _configured_routes(ctx: FrameworkContext) -> None:
    """The entry of a configured library view: at its `as_view` call, on the route of the url
    call around it."""
    for function, index, name, _ in _configured_sites(ctx.resolver, ctx.summary):
        parent, route = function.calls[index].parent, ""
        while parent >= 0:
            outer = function.calls[parent]
            if outer.callee and outer.callee[-1] in ("path", "re_path", "url"):
                route = ctx.prefixed(None, "/" + (outer.literal or "").lstrip("^").rstrip("$"))
                break
            parent = outer.parent
        ctx.add_configured(name, function.calls[index].span, "django", route, ACTION_VERBS["form_valid"])


def _inherited_edit_work(resolver: Resolver, cls: str, workspace, external) -> list[tuple[str, list[tuple[str, str]]]]:
    """What Django's own `form_valid` does for a workspace create/update/delete view that
    inherits it unchanged: save the view's form (the form class's own `save()`, else its
    `Meta.model`'s save), or delete the view's model."""
    tails = {name.rsplit(".", 1)[-1] for name in external if name.startswith(GENERIC_VIEW_PACKAGES)}
    if not tails or any(_replaces(resolver, owner, "post") for owner in workspace):
        return []  # a workspace `post` that never calls the base's: the base's `form_valid` never runs
    found = []
    for method, groups in DJANGO_EDIT_HOOKS.items():
        if any(_defines(resolver, owner, method) for owner in workspace):
            continue
        work: list[tuple[str, str]] = []
        for group, providers in groups:
            if not tails & providers:
                continue
            if group == "delete":
                work += [("delete", model) for model in _view_models(resolver, cls)]
                continue
            forms = sorted(v for v in resolver.built_by(cls, "get_form") if v[0] == "inst")
            work += _form_work(resolver, forms)
            if not forms:  # `model = X; fields = (...)`: the form Django builds saves the view's model
                work += [("save", model) for model in _view_models(resolver, cls)]
            break
        if work:
            found.append((method, list(dict.fromkeys(work))))
    return found


def _inherited_work(resolver: Resolver, cls: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """What DRF's own `perform_create`/`perform_update`/`perform_destroy` do for a workspace view
    that inherits them unchanged: save the view's serializers (their own `create`/`update`, else
    their `Meta.model`), or delete the view's model. A workspace override anywhere in the class's
    hierarchy is the method that runs, with its own facts."""
    workspace, external = resolver.mro(cls)
    found = _inherited_edit_work(resolver, cls, workspace, external)
    tails = {name.rsplit(".", 1)[-1] for name in external if name.startswith("rest_framework.")}
    if not tails:
        return found
    for method, (group, providers) in DRF_HOOKS.items():
        if not tails & providers or any(_defines(resolver, owner, method) for owner in workspace):
            continue
        if any(_replaces(resolver, owner, DRF_HOOK_ACTIONS[method]) for owner in workspace):
            continue  # a workspace `create` that never calls the base's: its own facts say what runs
        if not _installed_action(resolver, external, DRF_HOOK_ACTIONS[method]):
            continue
        work: list[tuple[str, str]] = []
        if group == "save":
            for serializer in sorted(resolver.built_by(cls, "get_serializer")):
                own = _serializer_save(resolver, serializer[1], DRF_HOOK_SAVES[method])
                work += [("call", function) for function in own]
                if not own:
                    work += [("save", model) for model in _meta_model(resolver, serializer[1])]
        else:
            work += [("delete", model) for model in _view_models(resolver, cls)]
        if work:
            found.append((method, list(dict.fromkeys(work))))
    return found


def _installed_action(resolver: Resolver, external: list[str], action: str) -> bool:
    """Whether the view serves `action` (`update`) by the installed DRF's account: when the
    environment reads the view's DRF bases, one of their classes must define it (a viewset built
    without `UpdateModelMixin` never runs `perform_update`); without it the tables decide."""
    library = resolver.index.library
    if library is None:
        return True
    installed = [name for name in external if name.startswith("rest_framework.")]
    if not installed or not library.class_order(installed):
        return True
    return library.method(installed, action) is not None


def _replaces(resolver: Resolver, cls: str, method: str) -> bool:
    """Whether the class defines `method` without calling `super().<method>(...)` (a delete view's
    `post` that queues the deletion instead of running the base's `form_valid`, a viewset's own
    `create` that never runs `perform_create`)."""
    located = resolver.index.klass(cls)
    if located is None or method not in located[1].methods:
        return False
    function = located[0].function(f"{located[1].qualname}.{method}")
    return function is not None and not any(
        site.callee and site.callee[0] == "super" and site.callee[-1] == method for site in function.calls)


def _defines(resolver: Resolver, cls: str, method: str) -> bool:
    located = resolver.index.klass(cls)
    return located is not None and method in located[1].methods


# -- the object a generic view, a model form or a model serializer works on -------------------
VIEW_OBJECT_ATTRIBUTES = frozenset({"object"})  # `self.object` of a detail/update/delete view
VIEW_OBJECT_GETTERS = frozenset({"get_object"})  # Django's SingleObjectMixin, DRF's GenericAPIView
WRITER_INSTANCE_ATTRIBUTES = frozenset({"instance"})  # `form.instance`, `serializer.instance`
WRITER_SAVES = frozenset({"save"})  # `serializer.save()` / `form.save()` return the saved instance


def _instance_attributes(resolver: Resolver, cls: str, name: str) -> set:
    """What Django gives an instance of a workspace class that derives from its generic views,
    model forms or model serializers: a view's `self.object` and `self.get_object()` are an
    instance of the view's model (`model`, `queryset`, `get_queryset()`, or the model of its
    `serializer_class`/`form_class`); a model form's or serializer's `instance` and what its
    `save()` returns are an instance of its `Meta.model`."""
    if name in VIEW_OBJECT_ATTRIBUTES or name in VIEW_OBJECT_GETTERS:
        if not derives_from(resolver, cls, VIEW_BASES, VIEW_BASE_PREFIXES):
            return set()
        models = _view_models(resolver, cls)
        if name in VIEW_OBJECT_GETTERS:
            return {("mgrm", model, "get") for model in models}  # calling it fetches one
        return {("inst", model) for model in models}
    if name in WRITER_INSTANCE_ATTRIBUTES or name in WRITER_SAVES:
        if not resolver.is_subclass_of(cls, MODEL_WRITERS):
            return set()
        models = _meta_model(resolver, cls)
        if name in WRITER_SAVES:
            return {("mgrm", model, "create") for model in models}  # saving returns the instance
        return {("inst", model) for model in models}
    return set()


def _view_models(resolver: Resolver, cls: str) -> list[str]:
    models: set[str] = set()
    for value in resolver.class_attribute(cls, "model", instance=False):
        if value[0] == "class" and resolver.is_model(value[1]):
            models.add(value[1])
    found = resolver.class_attribute(cls, "queryset", instance=False)
    for method in resolver.class_attribute(cls, "get_queryset", instance=True):
        if method[0] == "func":
            found |= resolver.returns(method[1])
    models |= {v[1] for v in found if v[0] == "manager"}
    for attribute in ("serializer_class", "form_class"):
        for value in resolver.class_attribute(cls, attribute, instance=False):
            if value[0] == "class":
                models.update(_meta_model(resolver, value[1]))
    return sorted(models)


FRAMEWORK = Framework(
    name="django",
    detect=detect,
    precedence=10,
    view_factories=frozenset({"as_view"}),
    action_verbs=ACTION_VERBS,
    action_decorators=ACTION_DECORATORS,
    action_attributes=ACTION_ATTRIBUTES,
    transaction_blocks=frozenset({"atomic"}),
    model_base=_is_model_base,
    model_field=_is_model_field,
    class_loaders=frozenset({"get_model"}),
    load_class=_load_model,
    manager_attributes=frozenset({"objects"}),
    manager_returns_instance=MANAGER_RETURNS_INSTANCE,
    manager_returns_queryset=MANAGER_RETURNS_QUERYSET,
    manager_returns_other=MANAGER_RETURNS_OTHER,
    manager_builders=MANAGER_BUILDERS,
    manager_classes=MANAGER_CLASSES,
    object_loaders=OBJECT_LOADERS,
    model_class_factories=MODEL_CLASS_FACTORIES,
    inline_model_factories=INLINE_MODEL_FACTORIES,
    parameter_values=_parameter_values,
    external_results=_external_results,
    external_attributes=_external_attributes,
    instance_attributes=_instance_attributes,
    relation_fields=frozenset(f"django.db.models{at}.{field}" for at in ("", ".fields.related")
                              for field in ("ForeignKey", "OneToOneField")),
    many_relation_fields=frozenset(f"django.db.models{at}.ManyToManyField" for at in ("", ".fields.related")),
    one_to_one_tails=frozenset({"OneToOneField"}),
    field_values={f"django.db.models{at}.{field}": f"django.db.models.fields.files.{value}"
                  for at in ("", ".fields.files")
                  for field, value in (("FileField", "FieldFile"), ("ImageField", "ImageFieldFile"))},
    import_functions=frozenset({"django.utils.module_loading.import_string"}),
    signal_classes=SIGNAL_CLASSES,
    settings_roots=SETTINGS_ROOTS,
    settings_module=_is_settings_module,
    factory_methods=FACTORY_METHODS,
    hook_parameters=HOOK_PARAMETERS,
    implicit_calls={"is_valid": _form_cleaning, "full_clean": _form_cleaning, "save": _serializer_save},
    model_writes={"save": _model_form_saves},
    model_save_methods=MODEL_SAVE_METHODS,
    manager_save_methods=MANAGER_SAVES,
    queryset_deleters=QUERYSET_DELETERS,
    model_signal=_model_signal,
    signal_models=_signal_models,
    cascade_deletes=_cascade_deletes,
    configured_views=_configured_views,
    receiver_decorators=frozenset({"receiver"}),
    signal_connect_methods=frozenset({"connect"}),
    signal_send_methods=frozenset({"send", "send_robust", "asend"}),
    file_writes=_file_writes,
    inherited_work=_inherited_work,
    inherited_entry_hooks=frozenset(DJANGO_EDIT_HOOKS) | frozenset(DRF_HOOKS),
)
