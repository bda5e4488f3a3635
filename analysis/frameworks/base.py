"""Shared helpers for framework detectors: decorator resolution, handler-method enumeration."""

from __future__ import annotations

from ..index import decorator_scope, full_name
from ..model import EntryPoint, Route
from ..resolve import Resolver
from ..summary import CallSite, ClassInfo, FileSummary, FunctionInfo

HTTP_METHODS = ("get", "post", "put", "patch", "delete", "head", "options")


class FrameworkContext:
    def __init__(self, path: str, summary: FileSummary, resolver: Resolver):
        self.path = path
        self.summary = summary
        self.resolver = resolver
        self.entries: dict[tuple[str, str], EntryPoint] = {}
        self.routes: list[Route] = []
        self._decorators: dict[str, list[tuple[CallSite, set]]] = {}

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
        return full_name(self.summary, info.qualname)

    def evaluate_module(self, chain, function: FunctionInfo | None = None) -> set:
        scope = (self.summary, function or self.summary.module_body)
        return self.resolver.evaluate(chain, scope)

    def view_target(self, chain, function: FunctionInfo | None = None) -> set:
        """What a view argument denotes: `views.f`, `OrderView.as_view()`, `login_required(f)`."""
        if not chain:
            return set()
        if len(chain) >= 2 and chain[-1].startswith("(") and chain[-2] == "as_view":
            return self.evaluate_module(chain[:-2], function)
        values = self.evaluate_module(chain, function)
        if not any(v[0] in ("func", "class") for v in values) and chain[-1].startswith("(@"):
            return self.evaluate_module(tuple(chain[-1][2:-1].split(".")), function)
        return values

    # -- adding entries --------------------------------------------------------------------
    def add_function(self, full: str, framework: str, route: str = "", methods=(), self_class: str = "") -> None:
        found = self.resolver.index.function(full)
        if found is None:
            return
        summary, info = found
        path = self.resolver.index.path_for_module(summary.module) or self.path
        key = (full, self_class)
        existing = self.entries.get(key)
        if existing is not None and (existing.route or not route):
            return
        self.entries[key] = EntryPoint(
            name=full, path=path, span=info.span, framework=framework, route=route,
            methods=tuple(m.upper() for m in methods), self_class=self_class,
        )

    def add_class(self, cls: str, framework: str, method_names, route: str = "") -> None:
        """Entries for the handler methods a view class has, wherever in its hierarchy they live."""
        workspace, _ = self.resolver.mro(cls)
        seen: set[str] = set()
        for owner in workspace:
            found = self.resolver.index.klass(owner)
            if found is None:
                continue
            summary, info = found
            for name in info.methods:
                if name in seen:
                    continue
                function = summary.function(f"{info.qualname}.{name}")
                if function is None:
                    continue
                if name in method_names or self._is_action(summary, function):
                    seen.add(name)
                    verbs = (name,) if name in HTTP_METHODS else ()
                    self.add_function(full_name(summary, function.qualname), framework, route, verbs, cls)

    @staticmethod
    def _is_action(summary: FileSummary, function: FunctionInfo) -> bool:
        return any(d.callee and d.callee[-1] == "action" for d in function.decorators)

    def route_decorators(self, verbs, framework_of, guess, handler_methods) -> None:
        """Handlers registered by a verb decorator (`@app.get("/x")`, `@bp.route(...)`) or by the
        same decorator applied by hand (`bp.route("/x")(view)`). `framework_of(names)` names the
        framework from what the decorator resolves to; `guess(site)` decides for one we cannot resolve."""
        for function in self.summary.functions[1:]:
            for site, values in self.decorators(function):
                last = site.callee[-1]
                if last not in verbs:
                    continue
                framework = framework_of(self.external_names(values)) or (guess(site) if not values else None)
                if framework is None:
                    continue
                methods = dict(site.kw_literals).get("methods", "")
                chosen = tuple(m for m in methods.split(",") if m) or ((last,) if last in HTTP_METHODS else ())
                self.add_function(self.resolver.full(self.summary, function.qualname), framework, site.literal or "", chosen)
        for function, decorator, route, view in self.decorator_calls(verbs):
            framework = framework_of(self.external_names(self.evaluate_module(decorator, function)))
            if framework is None:
                continue
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

    def route_to(self, target: str, route: str, methods, framework: str, handler_methods) -> None:
        self.routes.append(Route(target, route, tuple(methods), framework))
        if self.resolver.index.function(target):
            self.add_function(target, framework, route, methods)
        elif self.resolver.index.klass(target):
            self.add_class(target, framework, handler_methods, route)
