"""Dependency keys: what resolution read of other files, and what an edit changed of a file.

Invalidation is derived from reads, not from a list of "interface" fields: the resolver sees the
workspace only through `ReadingIndex`, which records a key for every lookup (like salsa's tracked
reads or pyright's `importedBy` walk); `read_keys(summary)` gives, for the same keys, the part of a
summary that a read under that key can observe. After an edit, the files that recorded a key whose
value changed are re-resolved, and only those.

Keys (strings, so sets of them are cheap):
  "pkg.mod"          the module itself: whether it exists, `__all__`, star imports, package-ness
  "pkg.mod:name"     one top-level name of it: the defs/classes/bindings/imports under that name,
                     everything nested in them (nested classes, function-level bindings,
                     class-body calls) but not the call sites in function bodies nor any
                     position; for a class, its methods' names, decorators and `self.x` stores
  "pkg.mod:C.m"      one method of a top-level class `C` (a method of a class nested in `C`:
                     "pkg.mod:C.D"): its parameters, bindings, returns and what is nested in it,
                     so editing one method does not re-resolve every reader of its class
  "head:pkg.mod:f"   a top-level `def f`: that it exists, its decorators (what the name `f`
                     holds, and what reading a function by its name only sees; not its body,
                     parameters or returns: a URLconf routing to a view need not re-resolve
                     when the view's body changes)
  "body:pkg.mod"     the call sites in its functions' bodies (a mount reads another module's
                     route calls; a task's base class is read for its `on_commit` call)
  "pos:pkg.mod"      where its defs and classes are (an entry point found elsewhere carries its
                     `def` line; the graph records this key for such entries)
  "sub:Tail"         the classes whose base list names `Tail` (subclass candidates)
  "app:attr"         `app.attr = ...` assignments in any function (Flask app attributes);
                     `app:state.attr` for `<path>.state.attr = ...` (an ASGI app's state)
  "calls:name"       the call sites and decorations that call something named `name` (the
                     arguments a parameter receives)
  "many:name"        that more than MAX_CALL_SITES places call `name` (then a reader gets no
                     argument flow, so which places they are does not matter to it; the graph
                     reports this key changed when an edit moves the count across the cap)
  "scan:modules"     the set of module names (scans over every module: settings, oscar apps)
  "signal:key"       the receivers of a signal (maintained by the graph, not by summaries)
  "imports:pkg.mod"  the module-level imports of it, all of them (a route mount follows them)
  "alias:pkg.mod:f"  the names the module binds to the bare name `f` (`c = f`, `run = <lambda1>`):
                     the calls through them are calls of `f`
  "prop:name"        that some class defines a property `name` (`prop:__getattr__`: a
                     `__getattr__`): whether reading an attribute `name` may run workspace code
  "passed:pkg.mod:f" the call sites of the module that pass an argument spelled `f` or `x.f`
                     (a function handed to a callee that calls it)
Values leave out what no other file can observe: positions of calls and bindings. So a line
added or deleted inside a function changes its body (and the `calls:` keys of what it calls), the
positions below it and nothing else: the files that re-resolve are those that read those.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from .index import WorkspaceIndex, accessor_names, call_tail, sites_of
from .model import Span
from .summary import (
    Binding,
    CallSite,
    ClassInfo,
    FileSummary,
    FunctionInfo,
    ImportBinding,
    base_tail,
)

SCAN_MODULES = "scan:modules"
# A name called from more places than this (`get`, `save`) gets no argument flow: a count, so the
# answer never depends on the machine.
MAX_CALL_SITES = 32


def many_key(tail: str) -> str:
    return f"many:{tail}"


def body_key(module: str) -> str:
    return f"body:{module}"


def position_key(module: str) -> str:
    return f"pos:{module}"


class ReadingIndex:
    """A view of the workspace index that reports a dependency key for every lookup it answers."""

    def __init__(self, index: WorkspaceIndex, depend: Callable[[str], None]):
        self._index = index
        self._depend = depend
        self.roots = index.roots
        self.summaries = index.summaries
        self.library = getattr(index, "library", None)  # fixed for a session: what it answers needs no key

    @property
    def path_of(self) -> dict[str, str]:
        """Iterating the modules is a scan: its answer changes when any module comes or goes."""
        self._depend(SCAN_MODULES)
        return self._index.path_of

    def modules(self) -> list[tuple[str, FileSummary]]:
        """Every module with its summary: one scan key, not one key per module."""
        self._depend(SCAN_MODULES)
        index = self._index
        return [(name, index.summaries[path]) for name, path in list(index.path_of.items()) if path in index.summaries]

    def module_for(self, path: str) -> tuple[str, bool]:
        return self._index.module_for(path)

    def module(self, name: str) -> FileSummary | None:
        self._depend(name)
        return self._index.module(name)

    def split(self, dotted: str) -> tuple[str, str] | None:
        return self._index.split(dotted)

    def path_for_module(self, name: str) -> str | None:
        self._depend(name)
        return self._index.path_for_module(name)

    def function(self, full: str) -> tuple[FileSummary, FunctionInfo] | None:
        self._definition(full)
        return self._index.function(full)

    def function_head(self, full: str) -> tuple[FileSummary, FunctionInfo] | None:
        """A function read for its name and decorators only (is it a task?): a method's class
        key holds those, so editing the method's body does not re-resolve this reader."""
        self._definition(full, member=False)
        return self._index.function(full)

    def klass(self, full: str) -> tuple[FileSummary, ClassInfo] | None:
        self._definition(full)
        return self._index.klass(full)

    def subclass_candidates(self, class_name: str) -> set[str]:
        self._depend(f"sub:{class_name}")
        return self._index.subclass_candidates(class_name)

    def call_sites(self, tail: str):
        self._depend(f"calls:{tail}")
        return self._index.call_sites(tail)

    def site_count(self, tail: str) -> int:
        """Readers compare the count with MAX_CALL_SITES only: over the cap, they read just that."""
        count = self._index.site_count(tail)
        self._depend(f"calls:{tail}" if count <= MAX_CALL_SITES else many_key(tail))
        return count

    def over_cap(self, tail: str) -> bool:
        """Whether more than MAX_CALL_SITES places call `tail`: a reader of the comparison alone
        records `many:tail` (changed only when an edit moves the count across the cap), not the
        sites themselves."""
        self._depend(many_key(tail))
        return self._index.site_count(tail) > MAX_CALL_SITES

    def defines_accessor(self, name: str) -> bool:
        self._depend(accessor_key(name))
        return self._index.defines_accessor(name)

    def _definition(self, full: str, member: bool = True) -> None:
        found = self._index.split(full)
        if found is None:
            self._depend(full)  # a module added later may make this name resolvable
            return
        module, rest = found
        self._depend(module)
        # A top-level function read for its name and decorators: its head, not its whole key.
        self._depend(head_key(module, rest) if not member and "." not in rest else f"{module}:{rest.split('.', 1)[0]}")
        if member and "." in rest:
            self._depend(member_key(module, rest))
        # A longer module prefix added later would split the name differently.
        parts = rest.split(".")
        for end in range(1, len(parts) + 1):
            self._depend(".".join([module, *parts[:end]]) if module else ".".join(parts[:end]))


def head_key(module: str, name: str) -> str:
    return f"head:{module}:{name}"


def accessor_key(name: str) -> str:
    return f"prop:{name}"


def passed_key(module: str, name: str) -> str:
    return f"passed:{module}:{name}"


def passed_chains(site: CallSite):
    """The argument chains of a call that name something (`f`, `self.on_done`), not a call's result."""
    for chain in [*site.args, *(v for k, v in site.kwargs if k != "**")]:
        if chain and chain[-1].isidentifier():
            yield chain


def alias_key(module: str, name: str) -> str:
    return f"alias:{module}:{name}"


def symbol_key(module: str, name: str) -> str:
    return f"{module}:{name.split('.', 1)[0]}"


def scope_keys(module: str, qualname: str) -> tuple[str, ...]:
    """The keys of reading one top-level name of `module` and everything nested in it (a method:
    its own key too), what a reader entering the scope `qualname` records (`Resolver.depend_symbol`)."""
    if "." not in qualname:
        return module, symbol_key(module, qualname)
    return module, symbol_key(module, qualname), member_key(module, qualname)


def member_key(module: str, qualname: str) -> str:
    """The key of what a reader of `qualname` (a method or something inside it) sees of a
    method: the first two parts of the name."""
    return f"{module}:{'.'.join(qualname.split('.', 2)[:2])}"


def read_keys(summary: FileSummary) -> dict[str, tuple]:
    """Every key another file's resolution may record about `summary`, with what it would see."""
    module = summary.module
    parts: dict[str, list] = defaultdict(list)
    stars = tuple(sorted(i.target for i in summary.imports if i.is_star and not i.scope))
    parts[module].append((summary.is_package, stars, summary.dunder_all))
    class_spans: list[tuple[str, Span]] = []
    for cls in summary.classes:
        key = symbol_key(module, cls.qualname)
        parts[key].append(("class", _class_shape(cls)))
        if not cls.parent:
            class_spans.append((key, cls.span))
        for base in cls.bases:
            if base:
                parts[f"sub:{base_tail(base)}"].append((cls.qualname, base))
    body = summary.module_body
    top_classes = {cls.qualname for cls in summary.classes if not cls.parent and "." not in cls.qualname}
    for function in summary.functions[1:]:
        top = function.qualname.split(".", 1)[0]
        if top in top_classes and "." in function.qualname:
            parts[member_key(module, function.qualname)].append(("def", _function_shape(function)))
            parts[symbol_key(module, top)].append(("method", function.qualname, tuple(_call(d) for d in function.decorators),
                                                   tuple(_binding(b) for b in function.self_attrs), function.stub))
        else:
            parts[symbol_key(module, function.qualname)].append(("def", _function_shape(function)))
        if "." not in function.qualname:
            parts[head_key(module, function.qualname)].append(
                (function.qualname, tuple(_call(d) for d in function.decorators), function.is_async, function.stub))
    parts[body_key(module)].append(tuple((f.qualname, tuple(_call(c) for c in f.calls), tuple(_call(r) for r in f.reads))
                                         for f in summary.functions[1:]))
    parts[position_key(module)].append(tuple((f.qualname, f.span) for f in summary.functions)
                                       + tuple((c.qualname, c.span) for c in summary.classes))
    for binding in body.bindings:
        parts[symbol_key(module, binding.name)].append(("binding", _binding(binding)))
    for call in (*body.calls, *body.reads):
        owner = next((key for key, span in class_spans if span.line <= call.span.line <= span.end_line), f"{module}:")
        parts[owner].append(("call", _call(call)))
    for imp in summary.imports:
        if imp.is_star and not imp.scope:
            continue
        parts[symbol_key(module, imp.scope or imp.local)].append(("import", _import(imp)))
    for function in summary.functions[1:]:
        for binding in function.bindings:
            if binding.mutates:  # `REGISTRY[k] = fn` in a function: part of the module's REGISTRY
                parts[symbol_key(module, binding.name)].append(("added", function.qualname, _binding(binding)))
    for function in summary.functions:
        for binding in function.bindings:
            name = binding.name
            if name.count(".") == 1:
                parts[f"app:{name.split('.', 1)[1]}"].append((function.qualname, _binding(binding)))
            elif name.count(".") > 1:  # `app.state.x = ...`: the last two names (`app:state.x`)
                parts[f"app:{'.'.join(name.rsplit('.', 2)[1:])}"].append((function.qualname, _binding(binding)))
    for function in summary.functions:
        for number, site in enumerate(function.calls):
            tail = call_tail(site)
            if tail:
                parts[f"calls:{tail}"].append((function.qualname, "", _call(site, number)))
    for ref in sites_of(summary):
        if ref.decorated:
            parts[f"calls:{ref.tail}"].append((ref.function.qualname, ref.decorated, _call(ref.site)))
    for function in summary.functions:
        for binding in function.bindings:
            if binding.value and len(binding.value) == 1 and not binding.mutates:
                parts[alias_key(module, binding.value[0])].append((function.qualname, binding.name))
    for function in summary.functions:
        for number, site in enumerate(function.calls):
            for chain in passed_chains(site):
                parts[passed_key(module, chain[-1])].append((function.qualname, _call(site, number)))
    for name in accessor_names(summary):
        parts[accessor_key(name)].append(True)  # this file defines it: another file may not, later
    parts[f"{module}:"].append(("globals", body.globals_declared, body.invoked_params))
    parts[f"imports:{module}"].append(tuple(sorted((i.local, i.target) for i in summary.imports if not i.scope)))
    return {key: tuple(value) for key, value in parts.items()}


def changed_keys(old: FileSummary | None, new: FileSummary | None) -> set[str]:
    """Keys whose value differs between two versions of one file (None: absent)."""
    before = read_keys(old) if old is not None else {}
    after = read_keys(new) if new is not None else {}
    changed = {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
    if old is None or new is None or old.module != new.module:
        changed.add(SCAN_MODULES)
    return changed


def _binding(binding: Binding) -> Binding:
    return binding._replace(line=0) if binding.line else binding


def _import(imp: ImportBinding) -> ImportBinding:
    return imp._replace(line=0)


def _call(call: CallSite, position: int = -1) -> tuple:
    """A call as another file sees it. With its `position` among its function's calls, the
    enclosing call is named by its distance back from this one: deleting an earlier call shifts
    nothing."""
    parent = call.parent
    if parent >= 0 and position >= 0:
        parent = ("up", position - parent)
    return (call.callee, call.args, call.kwargs, call.literal, call.kw_literals, call.awaited, call.atomic,
            parent, call.in_lambda, call.bare, call.arg_literals, call.nested_args, call.starred,
            call.implicit, call.constants, call.guards)


def _function_shape(function: FunctionInfo) -> tuple:
    """What other files read of a function: not its body's calls (`body:` key), not its position."""
    return (function.qualname, function.is_async, function.class_name, function.parent,
            tuple(_binding(p) for p in function.params), tuple(_call(d) for d in function.decorators),
            tuple(_binding(b) for b in function.bindings),
            tuple(_binding(b) for b in function.self_attrs), function.returns, function.return_values,
            function.globals_declared, function.invoked_params, function.param_kinds,
            function.const_defaults, function.stub, function.nonlocals_declared)


def _class_shape(cls: ClassInfo) -> tuple:
    return (cls.qualname, cls.bases, tuple(_call(d) for d in cls.decorators),
            tuple(_binding(b) for b in cls.attrs), cls.methods, cls.parent, cls.metaclass)


# Keys whose change leaves every class's bases and method names as they were: the call sites in
# bodies, positions, the callers of a name. A method's own key (`pkg.mod:C.m`) too, when nothing
# nested in it is a class (its parameters, bindings and returns are not an MRO's reads).
_LOOKUP_NEUTRAL = ("body:", "pos:", "calls:", "many:")


def lookups_kept(keys: set[str], module) -> bool:
    """Whether an edit that changed `keys` leaves every MRO lookup a walk makes (`self.m()` on a
    view class) answering as before, given the set of function names stays the same: no class,
    import, module binding or derived answer changed, only bodies, positions and methods' own
    parts. `module(name)`: the current summary of a module, or None."""
    for key in keys:
        if key.startswith(_LOOKUP_NEUTRAL):
            continue
        head, _, qualname = key.partition(":")
        if not qualname or "." not in qualname or ":" in qualname:
            return False  # a module, a top-level name, or another kind of key (param:, signal:, …)
        summary = module(head)
        if summary is None or summary.function(qualname) is None or summary.klass(qualname) is not None:
            return False
        if any(cls.qualname.startswith(qualname + ".") for cls in summary.classes):
            return False  # a class nested in the method: its bases are in this key
    return True
