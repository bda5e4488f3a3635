"""The `Framework` record each framework module declares, the `Hooks` the registry merges them
into, and what detectors share: decorator resolution, handler-method enumeration, routes."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model import EntryPoint, Route, Span

if TYPE_CHECKING:  # frameworks sit below the summary, the resolver and the call graph
    from ..resolve import Resolver
    from ..summary import CallSite, ClassInfo, FileSummary, FunctionInfo

HTTP_METHODS = ("get", "post", "put", "patch", "delete", "head", "options")


@dataclass(frozen=True)
class Framework:
    """What one web framework (or a library on top of one) contributes to the analysis. Every
    field is optional; `analysis.frameworks.HOOKS` merges them, so the resolver's per-call checks
    stay one set or dict lookup however many frameworks there are.

    Entry points: `detect(ctx)` adds the request handlers and routes one file declares; detectors
    run in ascending `precedence` and the first to claim a handler names its framework.
    Syntax (read by `summary.py`, which must stay a function of the text alone):
      `class_loaders`        functions called as f("label", "Name") that return a class by name
      `class_list_loaders`   functions called as f("label", ["A", "B"]) that return several
      `transaction_blocks`   the name of a context manager/decorator that opens a transaction
    Resolution (read by `resolve.py`):
      `load_class(resolver, label, name)`  what a class loaded by name denotes
      `model_base(dotted)`   an external base class that makes a subclass an ORM model
      `model_field(dotted)`  an ORM field class: a class of a base we cannot read (a tree-model
                             package not installed) that declares such fields is a model too
      `manager_attributes`   the class attribute of a model that is its manager (`objects`)
      `manager_returns_instance` / `manager_returns_queryset`  manager methods and what they return
      `manager_returns_other` the manager methods that return neither (counts, updates, values):
                             any other method of a model's manager is the project's own queryset
                             method, taken to hand back a queryset of the model (`single_owner(u)`)
      `manager_builders`     class methods that make a manager (`QuerySet.as_manager()`): a model
                             attribute bound to their result is the model's manager
      `manager_classes`      installed manager classes: a model attribute holding an instance of
                             one (what the environment says `as_manager()` returns) is its manager
      `object_loaders`       f(Model, ...) returns an instance of Model (`get_object_or_404`)
      `parameter_values(resolver, summary, function, index)`  what the framework passes the
                             parameter at `index` of a function only it calls (an admin action's
                             queryset); empty: ask the call sites
      `model_class_factories`  f(Model, ...) returns a class whose instances save Model
      `inline_model_factories`  f(Parent, Model, ...) returns one (an inline formset): the model
                             is the second argument (or `model=`, for either kind)
                             (`modelformset_factory`): read as Model itself, so `.save()` on what
                             it builds fires Model's signals
      `relation_fields`      a model field whose instance attribute is the related model (`ForeignKey(X)`)
      `either_relation_fields` a relation whose instance attribute is the related instance or a
                             collection of them, as foreign keys decide (SQLAlchemy's `relationship`):
                             both; its other side exists only where `backref=` names it
      `many_relation_fields` a model field whose instance attribute is a manager of the related
                             model, on both sides (`ManyToManyField(X)`)
      `one_to_one_tails`     the relation fields' names whose other side is one instance, not a manager
      `field_values`         a model field -> the class of its instance attribute (`ImageField` -> `FieldFile`)
      `import_functions`     f("dotted.path") returns what the string names
      `signal_classes`       constructors of signal objects (`post_save = Signal()`)
      `settings_roots`       dotted prefixes whose attributes are settings (`settings.X`)
      `settings_module(name)`  whether a workspace module holds those settings
      `factory_methods`      method -> (class attribute, getter) naming the class it instantiates
      `hook_parameters`      (hook method, parameter) -> the factory method that built the argument
      `app_proxies`, `app_packages`, `app_classes`  the application object and proxies to it
      `app_attribute(resolver, name)`  what the app factory stored as `app.<name>`
      `view_factories`       class methods that return a view serving the class (`as_view`)
      `external_results(resolver, dotted, argument)`  what calling an outside name returns when
                             the framework knows (an entry point's `ep.load()`: the declared plugins)
      `external_attributes(resolver, dotted)`  what an attribute of an outside object holds when
                             the framework knows (`request.user`: an instance of the project's
                             user model)
      `instance_attributes(resolver, cls, name)`  what the framework gives an attribute of an
                             instance of a workspace class deriving from its classes, when the
                             class itself does not say (a generic view's `self.object`)
      `unknown_returns(resolver, function)`  what a workspace function returns when its return
                             expressions resolve to nothing (a registry's lookup: what was registered)
    Routes (read by the detectors through `FrameworkContext`):
      `action_verbs`         a class-based handler method -> the HTTP methods it serves, when its
                             name is not a verb itself (DRF's `list` -> GET)
      `action_decorators`    decorators that route a method of a view class (`@action`)
      `action_attributes`    attributes a decorator sets on the function it routes (`func.mapping =`):
                             a workspace decorator that sets one routes the method too (vendored copies)
      `router_prefixes`      a router/blueprint constructor -> (the keyword of its path prefix,
                             whether its first argument, its name, is the prefix when that is absent):
                             `Blueprint(url_prefix=)`, `APIRouter(prefix=)`, `Namespace("users")`
      `mount_methods`        a method that mounts a router under a prefix -> (that keyword, whether
                             it replaces the router's own prefix rather than adding to it, the
                             position the prefix may be passed at, or -1):
                             `include_router(r, prefix=)`, `add_namespace(ns, "/users")`
    Implicit calls (read by `callgraph.py`):
      `implicit_calls`       method -> hook(resolver, cls) -> functions the library runs when that
                             method is called on an instance of `cls` (`form.is_valid()` -> `clean_x`)
      `injected_calls(resolver, summary, function)`  (span, function, hands on) for what the
                             framework runs before it runs `function` (FastAPI's `Depends(provider)`
                             in its signature, its route decorator or its router): edges at those
                             spans; "hands on": its value fills a parameter (needed, for OFP301)
      `model_writes`         method -> hook(resolver, cls) -> the workspace models that calling it on
                             an instance of `cls` saves (a ModelForm's `save()` saves its Meta.model)
      `model_save_methods`   instance method -> the group of model signals it fires
      `manager_save_methods` manager methods that save (and so fire the "save" signals)
      `queryset_deleters`    library function -> the position of the queryset it deletes (Django
                             admin's `delete_selected(modeladmin, request, queryset)`)
      `model_signal(dotted)` the signal group a library signal object belongs to
      `signal_models(resolver, value, instance)`  the installed models a value stands for as a
                             signal's sender (`instance` false) or as the instance a save or delete
                             is called on (`instance` true): Django's own `User`
      `cascade_deletes(resolver, model)`  the workspace models whose rows deleting a `model` row
                             deletes too (a `ForeignKey(model, on_delete=CASCADE)`): their delete
                             receivers run as well
      `receiver_decorators`, `signal_connect_methods`  how a function subscribes to a signal
                             (`@receiver(sig)`, `sig.connect(f)`; a connect method used bare as a
                             decorator, `@sig.connect`, subscribes the function it decorates)
      `signal_connect_decorators`  a signal's method called to make a subscribing decorator
                             (blinker's `@sig.connect_via(sender)`)
      `event_receivers(resolver, summary)`  (event key, function) for the listeners one file
                             registers another way (SQLAlchemy's `event.listen(target, "after_commit", f)`)
      `event_triggers`       method -> hook(receiver values) -> the event keys calling it fires
      `store_events(resolver, summary, function, receivers)`  (span, event key) for the attribute
                             changes of one function that fire listeners (`order.tags = [...]`,
                             `order.tags.append(t)`, `setattr(order, k, v)`: SQLAlchemy attribute
                             events); `receivers` maps event keys to listeners
                             (`session.commit()` fires "after_commit" and every flush event)
      `signal_send_methods`  the methods of a signal that run its receivers synchronously
      `inherited_entry_hooks` the inherited hooks (of `inherited_work`) that are an entry at the
                             class even without the environment (a generic view's `form_valid`)
      `configured_views(resolver, summary)`  (name, span, work) for each library view class one
                             file configures with `as_view(form_class=F)`: the hook the library's
                             class runs (Django's `PasswordResetView.form_valid` saving F) made a
                             function of the file at the `as_view` call (the framework's detection
                             makes it the entry of the route), its work as for `inherited_work`
      `inherited_work(resolver, cls)`  (method, work) for the hooks a workspace class inherits from
                             the library unchanged, whose body works on what the class names
                             (DRF's `perform_destroy` deletes the object `get_object()` fetches):
                             each work item is ("call", function), ("save", model) or ("delete",
                             model); the call graph makes them the facts of `cls.method`
      `file_writes(resolver, summary, function, site)`  the sink APIs of the storage writes a call
                             makes by itself (saving a model whose file field was just given a file
                             uploads it: `user.avatar = upload; user.save()`,
                             `Photo.objects.create(image=upload)`)
    """

    name: str
    detect: Callable[[FrameworkContext], None] | None = None
    precedence: int = 100
    class_loaders: frozenset[str] = frozenset()
    class_list_loaders: frozenset[str] = frozenset()
    transaction_blocks: frozenset[str] = frozenset()
    load_class: Callable[[Resolver, str, str], set] | None = None
    model_base: Callable[[str], bool] | None = None
    model_field: Callable[[str], bool] | None = None
    manager_attributes: frozenset[str] = frozenset()
    manager_returns_instance: frozenset[str] = frozenset()
    manager_returns_queryset: frozenset[str] = frozenset()
    manager_returns_other: frozenset[str] = frozenset()
    manager_builders: frozenset[str] = frozenset()
    manager_classes: frozenset[str] = frozenset()
    object_loaders: frozenset[str] = frozenset()
    model_class_factories: frozenset[str] = frozenset()
    inline_model_factories: frozenset[str] = frozenset()
    parameter_values: Callable[[Resolver, FileSummary, FunctionInfo, int], set] | None = None
    relation_fields: frozenset[str] = frozenset()
    many_relation_fields: frozenset[str] = frozenset()
    either_relation_fields: frozenset[str] = frozenset()
    one_to_one_tails: frozenset[str] = frozenset()
    field_values: Mapping[str, str] = field(default_factory=dict)
    import_functions: frozenset[str] = frozenset()
    signal_classes: frozenset[str] = frozenset()
    settings_roots: tuple[str, ...] = ()
    settings_module: Callable[[str], bool] | None = None
    factory_methods: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    hook_parameters: Mapping[tuple[str, str], str] = field(default_factory=dict)
    app_proxies: tuple[str, ...] = ()
    app_packages: frozenset[str] = frozenset()
    app_classes: tuple[str, ...] = ()
    app_attribute: Callable[[Resolver, str], set] | None = None
    view_factories: frozenset[str] = frozenset()
    external_results: Callable[[Resolver, str, str], set] | None = None
    unknown_returns: Callable[[Resolver, str], set] | None = None
    external_attributes: Callable[[Resolver, str], set] | None = None
    instance_attributes: Callable[[Resolver, str, str], set] | None = None
    action_verbs: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    action_decorators: frozenset[str] = frozenset()
    action_attributes: frozenset[str] = frozenset()
    router_prefixes: Mapping[str, tuple[str, bool]] = field(default_factory=dict)
    mount_methods: Mapping[str, tuple[str, bool, int]] = field(default_factory=dict)
    implicit_calls: Mapping[str, Callable[[Resolver, str], list[str]]] = field(default_factory=dict)
    injected_calls: Callable[[Resolver, FileSummary, FunctionInfo], list[tuple[Span, str, bool]]] | None = None
    model_writes: Mapping[str, Callable[[Resolver, str], list[str]]] = field(default_factory=dict)
    model_save_methods: Mapping[str, str] = field(default_factory=dict)
    manager_save_methods: frozenset[str] = frozenset()
    queryset_deleters: Mapping[str, int] = field(default_factory=dict)
    model_signal: Callable[[str], str | None] | None = None
    signal_models: Callable[[Resolver, tuple, bool], list[str]] | None = None
    cascade_deletes: Callable[[Resolver, str], list[str]] | None = None
    event_receivers: Callable[[Resolver, FileSummary], list[tuple[str, str]]] | None = None
    event_triggers: Mapping[str, Callable[[set], list[str]]] = field(default_factory=dict)
    store_events: Callable[[Resolver, FileSummary, FunctionInfo, Mapping[str, set]], list[tuple[Span, str]]] | None = None
    receiver_decorators: frozenset[str] = frozenset()
    signal_connect_methods: frozenset[str] = frozenset()
    signal_connect_decorators: frozenset[str] = frozenset()
    signal_send_methods: frozenset[str] = frozenset()
    file_writes: Callable[[Resolver, FileSummary, FunctionInfo, CallSite], tuple[str, ...]] | None = None
    inherited_work: Callable[[Resolver, str], list[tuple[str, list[tuple[str, str]]]]] | None = None
    configured_views: Callable[[Resolver, FileSummary], list[tuple[str, Span, list[tuple[str, str]]]]] | None = None
    inherited_entry_hooks: frozenset[str] = frozenset()


class Hooks:
    """The registered frameworks' contributions merged into the tables the analysis reads."""

    def __init__(self, frameworks: tuple[Framework, ...]):
        self.frameworks = frameworks
        self.detectors = tuple(f.detect for f in frameworks if f.detect)
        self.class_loaders = _union(f.class_loaders for f in frameworks)
        self.class_list_loaders = _union(f.class_list_loaders for f in frameworks)
        self.transaction_blocks = _union(f.transaction_blocks for f in frameworks)
        self._class_loaders = tuple(f.load_class for f in frameworks if f.load_class)
        self._model_bases = tuple(f.model_base for f in frameworks if f.model_base)
        self._model_fields = tuple(f.model_field for f in frameworks if f.model_field)
        self.manager_attributes = _union(f.manager_attributes for f in frameworks)
        self.manager_returns_instance = _union(f.manager_returns_instance for f in frameworks)
        self.manager_returns_queryset = _union(f.manager_returns_queryset for f in frameworks)
        self.manager_returns_other = _union(f.manager_returns_other for f in frameworks)
        self.manager_builders = _union(f.manager_builders for f in frameworks)
        self.manager_classes = _union(f.manager_classes for f in frameworks)
        self.object_loaders = _union(f.object_loaders for f in frameworks)
        self.model_class_factories = _union(f.model_class_factories for f in frameworks)
        self.inline_model_factories = _union(f.inline_model_factories for f in frameworks)
        self._parameter_values = tuple(f.parameter_values for f in frameworks if f.parameter_values)
        self.relation_fields = _union(f.relation_fields for f in frameworks)
        self.many_relation_fields = _union(f.many_relation_fields for f in frameworks)
        self.either_relation_fields = _union(f.either_relation_fields for f in frameworks)
        self.one_to_one_tails = _union(f.one_to_one_tails for f in frameworks)
        # The names relation fields are called by, to find their declarations by call site.
        self.relation_tails = frozenset(d.rsplit(".", 1)[-1] for d in
                                        self.relation_fields | self.many_relation_fields | self.either_relation_fields)
        self.field_values = {k: v for f in frameworks for k, v in f.field_values.items()}
        self.import_functions = _union(f.import_functions for f in frameworks)
        self.signal_classes = _union(f.signal_classes for f in frameworks)
        self.settings_roots = tuple(r for f in frameworks for r in f.settings_roots)
        self._settings_modules = tuple(f.settings_module for f in frameworks if f.settings_module)
        self.factory_methods = {k: v for f in frameworks for k, v in f.factory_methods.items()}
        self.hook_parameters = {k: v for f in frameworks for k, v in f.hook_parameters.items()}
        self.app_proxies = tuple(p for f in frameworks for p in f.app_proxies)
        self.app_packages = _union(f.app_packages for f in frameworks)
        self.app_classes = tuple(c for f in frameworks for c in f.app_classes)
        self._app_attributes = tuple(f.app_attribute for f in frameworks if f.app_attribute)
        self.view_factories = _union(f.view_factories for f in frameworks)
        self._external_results = tuple(f.external_results for f in frameworks if f.external_results)
        self._unknown_returns = tuple(f.unknown_returns for f in frameworks if f.unknown_returns)
        self._external_attributes = tuple(f.external_attributes for f in frameworks if f.external_attributes)
        self._instance_attributes = tuple(f.instance_attributes for f in frameworks if f.instance_attributes)
        self.action_verbs = {k: v for f in frameworks for k, v in f.action_verbs.items()}
        self.action_decorators = _union(f.action_decorators for f in frameworks)
        self.action_attributes = _union(f.action_attributes for f in frameworks)
        self.router_prefixes = {k: v for f in frameworks for k, v in f.router_prefixes.items()}
        self.mount_methods = {k: v for f in frameworks for k, v in f.mount_methods.items()}
        implicit: dict[str, tuple] = {}
        for framework in frameworks:
            for method, hook in framework.implicit_calls.items():
                implicit[method] = implicit.get(method, ()) + (hook,)
        self.implicit_calls = implicit
        self._injected_calls = tuple(f.injected_calls for f in frameworks if f.injected_calls)
        writes: dict[str, tuple] = {}
        for framework in frameworks:
            for method, hook in framework.model_writes.items():
                writes[method] = writes.get(method, ()) + (hook,)
        self.model_writes = writes
        self.model_save_methods = {k: v for f in frameworks for k, v in f.model_save_methods.items()}
        self.manager_save_methods = _union(f.manager_save_methods for f in frameworks)
        self.queryset_deleters = {k: v for f in frameworks for k, v in f.queryset_deleters.items()}
        self._model_signals = tuple(f.model_signal for f in frameworks if f.model_signal)
        self._signal_models = tuple(f.signal_models for f in frameworks if f.signal_models)
        self._cascade_deletes = tuple(f.cascade_deletes for f in frameworks if f.cascade_deletes)
        self._event_receivers = tuple(f.event_receivers for f in frameworks if f.event_receivers)
        triggers: dict[str, tuple] = {}
        for framework in frameworks:
            for method, hook in framework.event_triggers.items():
                triggers[method] = triggers.get(method, ()) + (hook,)
        self.event_triggers = triggers
        self._store_events = tuple(f.store_events for f in frameworks if f.store_events)
        self._file_writes = tuple(f.file_writes for f in frameworks if f.file_writes)
        self._inherited_work = tuple(f.inherited_work for f in frameworks if f.inherited_work)
        self._configured_views = tuple(f.configured_views for f in frameworks if f.configured_views)
        self.inherited_entry_hooks = _union(f.inherited_entry_hooks for f in frameworks)
        self.receiver_decorators = _union(f.receiver_decorators for f in frameworks)
        self.signal_connect_methods = _union(f.signal_connect_methods for f in frameworks)
        self.signal_connect_decorators = _union(f.signal_connect_decorators for f in frameworks)
        self.signal_send_methods = _union(f.signal_send_methods for f in frameworks)

    def event_receivers(self, resolver: Resolver, summary: FileSummary) -> list[tuple[str, str]]:
        return [found for hook in self._event_receivers for found in hook(resolver, summary)]

    def store_events(self, resolver: Resolver, summary: FileSummary, function: FunctionInfo,
                     receivers: Mapping[str, set]) -> list[tuple[Span, str]]:
        return [found for hook in self._store_events for found in hook(resolver, summary, function, receivers)]

    def file_writes(self, resolver: Resolver, summary: FileSummary, function: FunctionInfo,
                    site: CallSite) -> tuple[str, ...]:
        return tuple(api for hook in self._file_writes for api in hook(resolver, summary, function, site))

    def inherited_work(self, resolver: Resolver, cls: str) -> list[tuple[str, list[tuple[str, str]]]]:
        return [found for hook in self._inherited_work for found in hook(resolver, cls)]

    def configured_views(self, resolver: Resolver, summary: FileSummary) -> list:
        return [found for hook in self._configured_views for found in hook(resolver, summary)]

    def events_fired(self, method: str, receivers: set) -> list[str]:
        return [key for hook in self.event_triggers.get(method, ()) for key in hook(receivers)]

    def model_writes_of(self, method: str, resolver: Resolver, receiver) -> list[str]:
        """The models `receiver.method()` saves, for a workspace instance receiver."""
        if receiver[0] != "inst":
            return []
        return [model for hook in self.model_writes.get(method, ()) for model in hook(resolver, receiver[1])]

    def parameter_values(self, resolver: Resolver, summary: FileSummary, function: FunctionInfo, index: int) -> set:
        return _answers(self._parameter_values, resolver, summary, function, index)

    def injected_calls(self, resolver: Resolver, summary: FileSummary, function: FunctionInfo) -> list:
        return [call for hook in self._injected_calls for call in hook(resolver, summary, function)]

    def external_attribute(self, resolver: Resolver, dotted: str) -> set:
        return _answers(self._external_attributes, resolver, dotted)

    def instance_attribute(self, resolver: Resolver, cls: str, name: str) -> set:
        return _answers(self._instance_attributes, resolver, cls, name)

    def external_result(self, resolver: Resolver, dotted: str, argument: str) -> set:
        return _answers(self._external_results, resolver, dotted, argument)

    def unknown_return(self, resolver: Resolver, function: str) -> set:
        return _answers(self._unknown_returns, resolver, function)

    def load_class(self, resolver: Resolver, label: str, name: str) -> set:
        for hook in self._class_loaders:
            found = hook(resolver, label, name)
            if found:
                return found
        return set()

    def is_settings_module(self, module: str) -> bool:
        return any(hook(module) for hook in self._settings_modules)

    def is_model_base(self, dotted: str) -> bool:
        return any(hook(dotted) for hook in self._model_bases)

    def is_model_field(self, dotted: str) -> bool:
        return any(hook(dotted) for hook in self._model_fields)

    def is_app(self, kind: str, dotted: str) -> bool:
        """The application object (an instance of an app class) or a proxy to it (`current_app`)."""
        return dotted in self.app_proxies or (kind == "exti" and dotted.split(".")[0] in self.app_packages
                                              and dotted.endswith(self.app_classes))

    def app_attribute(self, resolver: Resolver, name: str) -> set:
        out: set = set()
        for hook in self._app_attributes:
            out |= hook(resolver, name)
        return out

    def signal_models(self, resolver: Resolver, value: tuple, instance: bool) -> list[str]:
        return sorted({model for hook in self._signal_models for model in hook(resolver, value, instance)})

    def cascade_deletes(self, resolver: Resolver, model: str) -> list[str]:
        return sorted({other for hook in self._cascade_deletes for other in hook(resolver, model)})

    def model_signal(self, dotted: str) -> str | None:
        for hook in self._model_signals:
            group = hook(dotted)
            if group:
                return group
        return None


def derives_from(resolver: Resolver, cls: str, names, prefixes: tuple[str, ...] = ()) -> bool:
    """Whether `cls` derives from one of `names` (or a class under `prefixes`), also through an
    installed class: `UserAdmin` of `django.contrib.auth.admin` is a `ModelAdmin`, a third-party
    `TranslationAdmin` or a package's own base view is the framework's class too. The installed
    classes' own bases are read from the environment (`library.Library.class_order`)."""
    if resolver.is_subclass_of(cls, names, prefixes):
        return True
    library = resolver.index.library
    if library is None:
        return False
    _, external = resolver.mro(cls)
    return bool(external) and any(c in names or (prefixes and c.startswith(prefixes))
                                  for c in library.class_order(external))


def _answers(hooks, *args) -> set:
    """The union of what every framework's hook answers."""
    out: set = set()
    for hook in hooks:
        out |= hook(*args)
    return out


def _union(sets) -> frozenset[str]:
    out: set[str] = set()
    for items in sets:
        out |= items
    return frozenset(out)


def decorator_scope(summary: FileSummary, function: FunctionInfo):
    """Decorators are evaluated where the `def` stands: the enclosing function or the module."""
    if function.parent:
        parent = summary.function(function.parent)
        if parent is not None:
            return (summary, parent)
    return (summary, summary.module_body)


MAX_MOUNT_DEPTH = 6


def join_route(prefix: str, route: str) -> str:
    """`/api/v1` + `/users/` -> `/api/v1/users/` (one slash between, whatever each side has)."""
    if not prefix or prefix == "/":
        return route or prefix
    if not route or route == "/":
        return prefix.rstrip("/") + (route or "")
    return prefix.rstrip("/") + "/" + route.lstrip("/")


class FrameworkContext:
    """What detection reads and adds for one file. A mounted context (`mount`) reads another
    file's routes as one router of it serves them under a prefix: `mounted` maps the router's
    variable (or "*" for a whole urls module) to that prefix, and only those routers count."""

    def __init__(self, path: str, summary: FileSummary, resolver: Resolver, hooks: Hooks,
                 mounted: dict[str, str] | None = None, depth: int = 0, replaced: frozenset[str] = frozenset()):
        self.mounted = mounted or {}
        self.replaced = replaced  # routers whose own prefix the mount replaced
        self.depth = depth
        self.path = path
        self.hooks = hooks
        self.summary = summary
        self.resolver = resolver
        self.entries: dict[tuple[str, str], EntryPoint] = {}
        self.routes: list[Route] = []
        self._decorators: dict[str, list[tuple[CallSite, set]]] = {}
        self._served_by: dict[str, str] = {}  # a routed object's `__call__` -> the object's class

    def result(self) -> tuple[list[EntryPoint], list[Route]]:
        return list(self.entries.values()), self.routes

    # -- resolution helpers ----------------------------------------------------------------
    def decorators(self, function: FunctionInfo) -> list[tuple[CallSite, set]]:
        """Each decorator with what it resolves to (cached per function)."""
        cached = self._decorators.get(function.qualname)
        if cached is None:
            scope = decorator_scope(self.summary, function)
            cached = [(d, self.resolver.evaluate(d.callee, scope)) for d in function.decorators if d.callee]
            self._decorators[function.qualname] = cached
        return cached

    def external_names(self, values: set) -> list[str]:
        return [v[1] for v in values if v[0] in ("ext", "exti")]

    def class_full(self, info: ClassInfo) -> str:
        return self.resolver.full(self.summary, info.qualname)

    def evaluate_module(self, chain, function: FunctionInfo | None = None) -> set:
        scope = (self.summary, function or self.summary.module_body)
        return self.resolver.evaluate(chain, scope)

    def view_target(self, chain, function: FunctionInfo | None = None) -> set:
        """What a view argument denotes: `views.f`, `OrderView.as_view()`, `login_required(f)`."""
        if not chain:
            return set()
        if len(chain) >= 2 and chain[-1].startswith("(") and chain[-2] in self.hooks.view_factories:
            return self.evaluate_module(chain[:-2], function)
        # `user_view = UserAPI.as_view("user")` bound first: the resolver's ("view", cls).
        values = {("class", v[1]) if v[0] == "view" else v for v in self.evaluate_module(chain, function)}
        for value in [v for v in values if v[0] == "inst"]:
            # `path("x/", FormPreview(MyForm))`: a callable object serves the request in `__call__`.
            for method in self.resolver.class_attribute(value[1], "__call__", instance=True, exact=True):
                if method[0] == "func":
                    values.add(method)
                    self._served_by[method[1]] = value[1]
        if not any(v[0] in ("func", "class") for v in values) and chain[-1].startswith("(@"):
            return self.evaluate_module(tuple(chain[-1][2:-1].split(".")), function)
        return values

    # -- route prefixes --------------------------------------------------------------------
    def serves(self, root: str | None) -> bool:
        """Whether routes registered on `root` count here (in a mounted context: only its router)."""
        return not self.mounted or "*" in self.mounted or root in self.mounted

    def prefixed(self, root: str | None, route: str) -> str:
        """`route` as served: under the prefix this router was mounted with and its own prefix."""
        outer = self.mounted.get(root or "", self.mounted.get("*", ""))
        own = self.local_prefix(root) if root and root not in self.replaced else ""
        return join_route(join_route(outer, own), route)

    def local_prefix(self, root: str, _seen: frozenset[str] = frozenset()) -> str:
        """The prefix a module-level router declares where it is built: `bp = Blueprint("auth",
        __name__, url_prefix="/auth")`, `router = APIRouter(prefix="/items")`, `Namespace("users")`."""
        body = self.summary.module_body
        for binding in body.bindings:
            value = binding.value
            if binding.name != root or not value or len(value) < 2 or not value[-1].startswith("("):
                continue
            spec = self.hooks.router_prefixes.get(value[-2]) or self._router_base(value[:-1])
            if spec is None:
                continue
            for site in body.calls:
                if site.callee == value[:-1] and site.span.line == binding.line:
                    keyword, named = spec
                    found = dict(site.kw_literals).get(keyword)
                    if found is None and named and site.literal:
                        found = "/" + site.literal
                    # `Api(blueprint, prefix=...)`: an API on a blueprint is under its prefix.
                    first = site.args[0] if site.args else None
                    under = ""
                    if first and len(first) == 1 and first[0] not in _seen | {root}:
                        under = self.local_prefix(first[0], _seen | {root})
                    return join_route(under, found or "")
        return ""

    def _router_base(self, chain) -> tuple[str, bool] | None:
        """The prefix keyword of a project's router class by the router it derives from
        (`class AppBlueprint(Blueprint)`: `url_prefix`, as Flask's own)."""
        for value in self.evaluate_module(chain):
            if value[0] != "class":
                continue
            for base in [*self.resolver.mro(value[1])[1], *self.resolver.mro(value[1])[0][1:]]:
                spec = self.hooks.router_prefixes.get(base.rsplit(".", 1)[-1])
                if spec is not None:
                    return spec
        return None

    def definition(self, chain, function: FunctionInfo | None = None) -> tuple[FileSummary, str] | None:
        """The module and module-level variable a router expression names (`users.router`, an
        imported `auth_bp`, a local `api_router`)."""
        if not chain or any(part.startswith(("(", "[")) for part in chain):
            return None
        if len(chain) == 1:
            name = chain[0]
            if any(b.name == name for b in self.summary.module_body.bindings):
                return self.summary, name
            scopes = ("", function.qualname if function is not None else "")
            for imp in self.summary.imports:
                if imp.local == name and not imp.is_star and imp.scope in scopes:
                    module, _, variable = imp.target.rpartition(".")
                    other = self.resolver.index.module(module) if module else None
                    return (other, variable) if other is not None else None
            return None
        for value in self.evaluate_module(chain[:-1], function):
            if value[0] == "mod":
                other = self.resolver.index.module(value[1])
                if other is not None:
                    return other, chain[-1]
        return None

    def mount(self, summary: FileSummary, variable: str, prefix: str, detect: Callable[[FrameworkContext], None],
              replace: bool = False) -> None:
        """Read the routes `variable` of `summary` serves (`detect` on a mounted context) as
        served under `prefix` here; the entries they give keep the longer route."""
        if self.depth >= MAX_MOUNT_DEPTH:
            return
        self._depend_on_all(summary)
        path = self.resolver.index.path_for_module(summary.module) or self.path
        inner = FrameworkContext(path, summary, self.resolver, self.hooks, {variable: prefix}, self.depth + 1,
                                 frozenset({variable}) if replace else frozenset())
        detect(inner)
        self.routes.extend(inner.routes)
        for key, entry in inner.entries.items():
            existing = self.entries.get(key)
            if existing is None or entry.route or not existing.route:  # as mounted beats as declared
                self.entries[key] = entry
        # `bp = Blueprint(...)` in a package's __init__ that imports the modules holding its
        # routes (`from . import routes`, which say `from . import bp`): those serve it too.
        dotted = f"{summary.module}.{variable}"
        for imp in summary.imports:
            if imp.scope or imp.target == dotted:
                continue
            other = self.resolver.index.module(imp.target)
            if other is None or other is summary:
                continue
            self.resolver.depend(f"imports:{other.module}")
            local = next((i.local for i in other.imports if i.target == dotted and not i.scope), None)
            if local is not None:
                self.mount(other, local, prefix, detect, replace)

    def _depend_on_all(self, summary: FileSummary) -> None:
        """A mount reads a whole module (its module-level calls, every decorated def): an edit to
        any of it may change the routes read here."""
        self.resolver.depend(f"imports:{summary.module}")
        self.resolver.depend(f"body:{summary.module}")  # the route calls in its functions
        depend = self.resolver.depend_symbol
        depend(summary.module, "")
        for name in {f.qualname for f in summary.functions[1:]} | {c.qualname.split(".", 1)[0] for c in summary.classes} \
                | {b.name.split(".", 1)[0] for b in summary.module_body.bindings} | {i.local for i in summary.imports if not i.scope}:
            depend(summary.module, name)

    def mounts(self, detect: Callable[[FrameworkContext], None]) -> None:
        """`app.include_router(users.router, prefix="/users")`, `app.register_blueprint(bp,
        url_prefix="/auth")`, `api.add_namespace(ns, path="/x")`: the mounted router's routes read
        under the prefix (nested mounts add up)."""
        for function in self.summary.functions:
            for site in function.calls:
                callee = site.callee
                if not callee or len(callee) < 2 or not site.args or not site.args[0]:
                    continue
                spec = self.hooks.mount_methods.get(callee[-1])
                if spec is None or not self.serves(callee[0]):
                    continue
                found = self.definition(site.args[0], function)
                if found is not None:
                    given = dict(site.kw_literals).get(spec[0])
                    if given is None and 0 <= spec[2] < len(site.arg_literals):
                        given = site.arg_literals[spec[2]]
                    if given is None and dict(site.kwargs).get(spec[0]):  # `prefix=settings.API_V1_STR`
                        texts = {v[1] for v in self.evaluate_module(dict(site.kwargs)[spec[0]], function) if v[0] == "str"}
                        given = texts.pop() if len(texts) == 1 else None
                    prefix = self.prefixed(callee[0], given or "")
                    self.mount(found[0], found[1], prefix, detect, replace=spec[1] and given is not None)

    # -- adding entries --------------------------------------------------------------------
    def add_function(self, full: str, framework: str, route: str = "", methods=(), self_class: str = "") -> None:
        # Its name and place only: a method's body, parameters or returns do not make an entry.
        found = self.resolver.index.function_head(full)
        if found is None:
            return
        summary, info = found
        path = self.resolver.index.path_for_module(summary.module) or self.path
        key = (full, self_class)
        existing = self.entries.get(key)
        if existing is not None and (existing.route or not route):
            return
        view_path, view_span = self._view_site(self_class, full)
        self.entries[key] = EntryPoint(
            name=full, path=path, span=info.span, framework=framework, route=route,
            methods=tuple(m.upper() for m in methods), self_class=self_class,
            view_path=view_path, view_span=view_span,
        )

    def _view_site(self, self_class: str, full: str) -> tuple[str, Span | None]:
        """The file and `class` line of the concrete view class, for a handler it inherits."""
        if not self_class or full.startswith(self_class + "."):
            return "", None
        found = self.resolver.index.klass(self_class)
        if found is None:
            return "", None
        summary, info = found
        return self.resolver.index.path_for_module(summary.module) or self.path, info.span

    def add_class(self, cls: str, framework: str, method_names, route: str = "", route_of=None, verbs_of=None) -> None:
        """Entries for the handler methods a view class has, wherever in its hierarchy they live.
        `route_of(name, action)` gives one method's own route when the methods of a class are
        served under different paths (a router's list and detail routes); `verbs_of(name)` the
        HTTP methods one serves when its name does not say (a project's `_process_POST`)."""
        workspace, _ = self.resolver.mro(cls)
        seen: set[str] = set()
        for summary, info in self.resolver.workspace_classes(workspace):
            for name in info.methods:
                if name in seen:
                    continue
                function = summary.function(f"{info.qualname}.{name}")
                if function is None:
                    continue
                action = self.action_of(summary, function)
                if name in method_names or action is not None:
                    seen.add(name)
                    verbs = (name,) if name in HTTP_METHODS else (action.methods if action else self.hooks.action_verbs.get(name, ()))
                    if verbs_of is not None and not verbs:
                        verbs = verbs_of(name)
                    own = route_of(name, action) if route_of and route else route
                    self.add_function(self.resolver.full(summary, function.qualname), framework, own, verbs, cls)
            for binding in info.attrs:
                # `post = submit` / `save_model = _save_and_notify`: a handler bound by an alias.
                if binding.name in method_names and binding.name not in seen and binding.value:
                    seen.add(binding.name)
                    scope = (summary, summary.module_body)
                    verbs = (binding.name,) if binding.name in HTTP_METHODS else self.hooks.action_verbs.get(binding.name, ())
                    own = route_of(binding.name, None) if route_of and route else route
                    if len(binding.value) == 1 and binding.value[0] in info.methods:  # a method above it
                        values = {("func", self.resolver.full(summary, f"{info.qualname}.{binding.value[0]}"))}
                    else:
                        values = self.resolver.evaluate(binding.value, scope)
                    for value in values:
                        if value[0] == "func":
                            self.add_function(value[1], framework, own, verbs, cls)
        self.add_inherited(cls, framework, method_names, seen, route, route_of)

    def add_inherited(self, cls: str, framework: str, method_names, seen: set[str], route: str = "",
                      route_of=None) -> None:
        """Entries for the routed methods a view class inherits from an installed base class
        (read from the environment, `library.Library.method`): a wizard's `post()`, a viewset
        mixin's `create()`. They run with the view as `self`, so their `self.done()` reaches the
        project's override; the entry stands at the class, the library's code is no entry's."""
        library = self.resolver.index.library
        found = self.resolver.index.klass(cls)
        if found is None:
            return
        _, external = self.resolver.mro(cls)
        summary, info = found
        path = self.resolver.index.path_for_module(summary.module) or self.path
        # Hooks the framework module knows the base's version of (`Framework.inherited_work`):
        # without the environment they are the class's own facts (`<cls>.<hook>`), the entry.
        known = {method for method, _ in self.hooks.inherited_work(self.resolver, cls)
                 if method in self.hooks.inherited_entry_hooks} if external else set()
        for name in sorted(set(method_names) - seen):
            verbs = (name,) if name in HTTP_METHODS else self.hooks.action_verbs.get(name, ())
            method = library.method(external, name) if library is not None and verbs and external else None
            if method is None and name in known and verbs:
                method = f"{cls}.{name}"
            if method is None:
                continue
            own = route_of(name, None) if route_of and route else route
            existing = self.entries.get((method, cls))
            if existing is None or (own and not existing.route):
                self.entries[(method, cls)] = EntryPoint(
                    name=method, path=path, span=info.span, framework=framework, route=own,
                    methods=tuple(m.upper() for m in verbs), self_class=cls,
                )

    def add_configured(self, name: str, span: Span, framework: str, route: str, methods) -> None:
        """An entry for a library view a route configures (`Framework.configured_views`): the
        hook it runs, named and placed at the `as_view` call in this file."""
        if (name, "") not in self.entries:
            self.entries[(name, "")] = EntryPoint(name=name, path=self.path, span=span, framework=framework,
                                                  route=route, methods=tuple(m.upper() for m in methods))

    def action_of(self, summary: FileSummary, function: FunctionInfo) -> Action | None:
        """How a routed method of a view class is served (`@action(detail=True, methods=[...])`,
        DRF's legacy `@detail_route`, or any workspace decorator that marks the function the way
        they do); None: the decorators route nothing. GET unless the decorator says."""
        for decorator in function.decorators:
            if not decorator.callee:
                continue
            if len(decorator.callee) == 3 and decorator.callee[1] == "mapping" and decorator.callee[2] in HTTP_METHODS:
                # `@ship.mapping.delete`: another HTTP method of the action `ship`, on its route.
                original = summary.function(f"{function.class_name}.{decorator.callee[0]}") if function.class_name else None
                action = self.action_of(summary, original) if original is not None and original is not function else None
                if action is not None:
                    return Action((decorator.callee[2],), action.detail, action.url_path)
                continue
            if decorator.callee[-1] not in self.hooks.action_decorators and not self._marks_action(summary, function, decorator):
                continue
            options = dict(decorator.kw_literals)
            listed = options.get("methods", "")
            if not listed and decorator.callee[-1] in self.hooks.action_decorators and decorator.arg_literals:
                listed = decorator.arg_literals[0] or ""  # `@action(["post"])`: DRF's first parameter is `methods`
            methods = tuple(m.lower() for m in listed.split(",") if m) or ("get",)
            detail = options.get("detail", "True" if decorator.callee[-1].startswith("detail") else "False") == "True"
            return Action(methods, detail, options.get("url_path") or function.name)
        return None

    def _marks_action(self, summary: FileSummary, function: FunctionInfo, decorator: CallSite) -> bool:
        """A workspace decorator whose body sets a routing attribute on the function it wraps."""
        attributes = self.hooks.action_attributes
        if not attributes:
            return False
        for value in self.resolver.evaluate(decorator.callee, decorator_scope(summary, function)):
            if value[0] != "func":
                continue
            found = self.resolver.index.function(value[1])
            if found is None:
                continue
            owner, info = found
            inner = [info] + [f for f in owner.functions if f.parent == info.qualname]
            for candidate in inner:
                params = {p.name for p in candidate.params}
                for binding in candidate.bindings:
                    head, _, attribute = binding.name.partition(".")
                    if attribute in attributes and head in params:
                        return True
        return False

    def route_decorators(self, verbs, framework_of, guess, handler_methods) -> None:
        """Handlers registered by a verb decorator (`@app.get("/x")`, `@bp.route(...)`) or by the
        same decorator applied by hand (`bp.route("/x")(view)`). `framework_of(names)` names the
        framework from what the decorator resolves to; `guess(site)` decides for one we cannot resolve."""
        for function in self.summary.functions[1:]:
            for site, values in self.decorators(function):
                last = site.callee[-1]
                if last not in verbs or not self.serves(site.callee[0] if len(site.callee) > 1 else None):
                    continue
                framework = framework_of(self.external_names(values)) or (guess(site) if not values else None)
                if framework is None:
                    continue
                methods = dict(site.kw_literals).get("methods", "")
                chosen = tuple(m for m in methods.split(",") if m) or ((last,) if last in HTTP_METHODS else ())
                route = self.prefixed(site.callee[0] if len(site.callee) > 1 else None, site.literal or "")
                self.add_function(self.resolver.full(self.summary, function.qualname), framework, route, chosen)
        for info in self.summary.classes:
            # `@ns.route("/users/<id>")` on a resource class (flask-restx): its handler methods
            # get the route. Only a decorator that resolves to the framework counts.
            scope = (self.summary, (self.summary.function(info.parent) if info.parent else None) or self.summary.module_body)
            for site in info.decorators:
                if not site.callee or site.callee[-1] not in verbs or not self.serves(site.callee[0]):
                    continue
                framework = framework_of(self.external_names(self.resolver.evaluate(site.callee, scope)))
                if framework is not None:
                    route = self.prefixed(site.callee[0] if len(site.callee) > 1 else None, site.literal or "")
                    self.route_to(self.class_full(info), route, (), framework, handler_methods)
        for function, decorator, route, view in self.decorator_calls(verbs):
            if not self.serves(decorator[0]):
                continue
            framework = framework_of(self.external_names(self.evaluate_module(decorator, function)))
            if framework is None:
                continue
            route = self.prefixed(decorator[0], route)
            chosen = (decorator[-1],) if decorator[-1] in HTTP_METHODS else ()
            for value in self.view_target(view, function):
                if value[0] in ("func", "class"):
                    self.route_to(value[1], route, chosen, framework, handler_methods)

    def decorator_calls(self, names):
        """`bp.route("/x", methods=[...])(view)`: a decorator applied by hand (yields the function
        holding the call, the decorator's chain, its route literal and the view's chain)."""
        for function in self.summary.functions:
            for site in function.calls:
                callee = site.callee
                if not callee or len(callee) < 3 or not callee[-1].startswith("(") or callee[-2] not in names:
                    continue
                if not site.args or not site.args[0]:
                    continue
                literal = callee[-1][1:-1]
                yield function, callee[:-1], ("" if literal.startswith("@") else literal), site.args[0]

    def route_to(self, target: str, route: str, methods, framework: str, handler_methods, route_of=None,
                 verbs_of=None) -> None:
        self.routes.append(Route(target, route, tuple(methods), framework))
        if self.resolver.index.function_head(target):  # is it a function: its name is enough
            self.add_function(target, framework, route, methods, self._served_by.get(target, ""))
        elif self.resolver.index.klass(target):
            self.add_class(target, framework, handler_methods, route, route_of, verbs_of)


@dataclass(frozen=True)
class Action:
    """A routed method of a view class: the HTTP methods it serves, whether it acts on one object
    (a detail route) and the path segment it adds."""

    methods: tuple[str, ...]
    detail: bool
    url_path: str
