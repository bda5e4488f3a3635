"""Name resolution: what a chain like `self.mailer.send` or `services.place_order` denotes.

Values are small tuples so sets of them are cheap:
  ("func", full)        a workspace function or method
  ("func", w, full)     the wrapper `w` a workspace decorator returned for the function `full`
  ("class", full)       a workspace class object            ("inst", full)  an instance of it
  ("class", full, SUBCLASSES)  the class or a subclass (`Type[Base]`): calling it builds a
                        non-exact instance
  ("mod", name)         a workspace module
  ("ext", dotted)       something outside the workspace      ("exti", dotted) an instance of it
  ("str", text)         a string constant (for `import_string(settings.X)`)
  ("coll", values[, keyed])  a dict/list/tuple of values; `keyed` pairs a literal key or position
                        ("#1") with its members: a literal key picks them, an unknown key any member
  ("collm", coll, m)    a collection's method (`d.get`, `d.values`)
  ("strm", text, m)     a string constant's splitting method (`path.rsplit(".", 1)`)
  ("manager", model)    a Django manager/queryset of a workspace model
  ("super", cls)        `super()` inside a method of `cls`
  ("signal", full)      a `Signal()` defined in the workspace
  ("viewf", cls)        a framework's `as_view` on a workspace class  ("view", cls)  what it returns
  ("dyn", what)         a "module", "class" or "inst" loaded by a computed name (`import_module(path)`)
  ("options", cls[, SUBCLASSES])  `cls._meta`: the options its (or a subclass's) inner `class Meta:` sets
Values flow between functions: a parameter holds the union of what every call site and decoration
passes it (`parameter`), a decorated name holds what its workspace decorators return
(`function_value`), a call returns its return expressions with their structure (`returns`).
Every lookup into another file is recorded as a dependency key (see `dependencies.py`): the
resolver reads the index only through a `ReadingIndex`, so the keys are what resolution read.
"""

from __future__ import annotations

from sys import intern as _intern

from . import arguments
from .dependencies import (
    MAX_CALL_SITES,
    SCAN_MODULES,
    ReadingIndex,
    alias_key,
    body_key,
    head_key,
    member_key,
    passed_chains,
    passed_key,
    position_key,
    scope_keys,
    symbol_key,
)
from .derived import derived_key
from .frameworks import HOOKS, is_test_module
from .index import SiteRef, WorkspaceIndex, full_name
from .summary import (
    ATTRIBUTE_READ,
    ATTRIBUTE_WRITE,
    CALL,
    CLASS_ATTRIBUTE,
    DELEGATED,
    INDEX,
    LOAD,
    MAPPINGS,
    NESTED,
    OF,
    PROPERTY_DECORATORS,
    QUERYSETS,
    Binding,
    CallSite,
    Chain,
    ClassInfo,
    FileSummary,
    FunctionInfo,
    argument_chain,
)

Value = tuple


def value_order(value: object) -> tuple:
    """A total order on values whatever their parts (strings, numbers, None, nested tuples and
    frozensets), the same on every run: frozensets are ordered by their sorted members."""
    if isinstance(value, tuple):
        return (1, tuple(value_order(part) for part in value))
    if isinstance(value, frozenset):
        return (2, tuple(sorted(value_order(part) for part in value)))
    if isinstance(value, str):
        return (3, value)
    return (0, type(value).__name__, repr(value))
Scope = tuple[FileSummary, FunctionInfo]

MAX_VALUES = 24
MAX_NAMED = 4  # `getattr(obj, name)` with more candidate names than this follows none of them
SUBCLASSES = "sub"  # third item of a class value that may be any subclass of it (`Type[Base]`)
OPTIONS = "_meta"  # the options object a class's inner `class Meta:` fills (graphene, Django)
CLASS_OBJECTS = frozenset({"Type", "type"})  # generic annotations whose value is the class itself
TYPE_VARIABLES = frozenset({"typing.TypeVar", "typing_extensions.TypeVar"})  # `type[T]` names no class
MAX_DEPTH = 14
# Framework knowledge (managers, factories, settings, app objects, signals) comes from `HOOKS`.
IMPORT_STRING = frozenset({"importlib.import_module", "pydoc.locate"}) | HOOKS.import_functions
CASTS = frozenset({"typing.cast", "typing_extensions.cast"})
# Annotations that say nothing about the value: the arguments passed still do.
# Annotations that say nothing about the value: a function annotated `-> Any` returns what its
# return expressions do.
UNTYPED = frozenset({"typing.Any", "typing_extensions.Any", "object", "builtins.object"})
# `-> Callable`, `-> Optional[Callable]`: some function; which one, its return expressions say.
CALLABLE_TYPES = frozenset({("exti", "typing.Callable"), ("exti", "collections.abc.Callable"),
                            ("exti", "typing_extensions.Callable")})
MEMBER_LISTS = frozenset({"inspect.getmembers"})
# Builtins whose result holds what their argument does (`list(xs)`) or a module's names (`globals()`).
MEMBER_BUILTINS = frozenset({"globals", "vars", "list", "tuple", "sorted", "reversed", "set", "frozenset"})
# Methods Python calls on the class itself, without a `classmethod` decorator.
IMPLICIT_CLASSMETHODS = frozenset({"__new__", "__init_subclass__", "__class_getitem__"})


# Library functions that build an instance of one of the library's classes (`ldap.initialize(url)`
# is a `SimpleLDAPObject`; a one-item list: a list of them), for when the package is not installed
# to say so itself (or says nothing statically, building the list at run time).
LIBRARY_FACTORIES: dict[str, str | list[str]] = {
    "ldap.initialize": "ldap.ldapobject.SimpleLDAPObject",
    "ldap.ldapobject.initialize": "ldap.ldapobject.SimpleLDAPObject",
    "requests.session": "requests.Session",
    "requests.sessions.session": "requests.Session",
    # PyDrive2: the drive hands out file objects (each `Upload()`/`Trash()` is a Drive API call),
    # a file list's `GetList()` a list of them.
    "pydrive2.drive.GoogleDrive.CreateFile": "pydrive2.files.GoogleDriveFile",
    "pydrive2.drive.GoogleDrive.ListFile.GetList": ["pydrive2.files.GoogleDriveFile"],
    "pydrive2.files.GoogleDriveFileList.GetList": ["pydrive2.files.GoogleDriveFile"],
    # Pillow: an image's methods that return a new image, and ImageOps' functions, are images
    # again (`image.copy().convert("RGBA")`, `ImageOps.exif_transpose(img)`), however the first
    # was made: its later `save`/`resize` decode and encode pixels as the first one's do.
    **{f"{made}.{method}": "PIL.Image.Image"
       for made in ("PIL.Image.Image", "PIL.Image.open", "PIL.Image.new")
       for method in ("copy", "convert", "resize", "crop", "rotate", "transpose", "filter", "quantize",
                      "point", "reduce", "transform", "remap_palette")},
    **{f"PIL.ImageOps.{function}": "PIL.Image.Image"
       for function in ("fit", "exif_transpose", "contain", "pad", "cover", "grayscale", "invert",
                        "mirror", "flip", "autocontrast", "expand", "scale", "equalize", "crop")},
}

# boto3's client and resource factories, on the module or a session: what each builds.
BOTO3_FACTORIES = {
    "boto3.client": "boto3.client", "boto3.resource": "boto3.resource",
    "boto3.session.Session.client": "boto3.session.Session.client",
    "boto3.Session.client": "boto3.session.Session.client",
    # aioboto3 / aiobotocore build the same clients asynchronously (`async with session.client("s3")`)
    "aioboto3.Session.client": "boto3.session.Session.client",
    "aioboto3.session.Session.client": "boto3.session.Session.client",
    "aiobotocore.session.AioSession.create_client": "boto3.session.Session.client",
    "aiobotocore.session.get_session.create_client": "boto3.session.Session.client",
}
# The type-stub packages of boto3 (mypy-boto3-<service>, types-aiobotocore-<service>,
# types-aioboto3-<service>) name each service's client and resource classes.
BOTO3_STUB_PACKAGES = ("mypy_boto3_", "types_aiobotocore_", "types_aioboto3_")


def boto3_stub_type(dotted: str) -> str | None:
    """What an annotation naming a boto3 stub class is: `types_aiobotocore_s3.client.S3Client`
    is an S3 client (`boto3.client:s3`), `mypy_boto3_s3.service_resource.Bucket` an S3 bucket
    resource (`boto3.resource:s3.Bucket`); None for any other name (`type_defs`, literals)."""
    head, _, rest = dotted.partition(".")
    prefix = next((p for p in BOTO3_STUB_PACKAGES if head.startswith(p) and len(head) > len(p)), None)
    if prefix is None or not rest:
        return None
    service = head[len(prefix):].replace("_", "-")
    *middle, name = rest.split(".")
    if middle in ([], ["client"]) and name.endswith("Client"):
        return f"boto3.client:{service}"
    if middle in ([], ["service_resource"]) and name[:1].isupper():
        return f"boto3.resource:{service}" if name.endswith("ServiceResource") else f"boto3.resource:{service}.{name}"
    return None


# Library helpers that call the function they are given (first) in a thread and return its result
# (`loop.run_in_executor(executor, f)` takes it second: the call graph's `THREAD_RUNNERS` adds it).
RESULT_RUNNERS = frozenset({"to_thread", "run_in_threadpool", "run_sync"})

SELF_TYPES = frozenset({("exti", "typing.Self"), ("exti", "typing_extensions.Self")})

# `depend_symbol`'s keys per (module, name), shared by every resolver (call sites of a common name
# are read again by every parameter that name fills: their scopes' keys were most of the f-strings).
_SYMBOL_KEYS: dict[tuple[str, str], tuple[str, ...]] = {}
MAX_SYMBOL_KEYS = 200_000

_IN_PROGRESS = object()
_NO_CYCLE = 1 << 30


class Resolver:
    """Evaluates chains in a scope. One instance serves one analysis pass (it memoises)."""

    def __init__(self, index: WorkspaceIndex):
        self.index = ReadingIndex(index, self.depend)
        self._depth = 0
        # key -> (value, the dependency keys it read, the revision it was last known valid at)
        self._memo: dict[tuple, tuple] = {}
        self._dependencies: list[set[str]] = [set()]
        self._revision = 0
        self._forgotten: list[tuple[int, set[str], set[str]]] = []  # (revision, keys, modules) per `forget`
        self._since: dict[int, tuple[set[str], set[str]]] = {}  # what changed after a revision
        # One object per distinct read set: most answers of a pass read one of a few sets (about a
        # third are distinct on Django's source), and a frozenset per answer was most of the memory.
        # Kept as tuples under the set's hash (see `interned`).
        self._read_sets: dict[int, tuple[str, ...]] = {}
        # Answers computed inside a cycle (`_memoised` met a key still being computed) depend on
        # that key's unfinished answer: they are kept only until the cycle's outermost key is done,
        # so what a later question gets never depends on which question came first.
        self._active: dict[tuple, int] = {}  # key being computed -> its depth
        self._cycle_floor = _NO_CYCLE  # the outermost depth an open cycle reaches back to
        self._provisional: list[tuple] = []
        # The graph's table of final parameter answers (`derived.ParameterAnswers`); None: a
        # resolver outside the graph's passes, whose readers record the raw reads.
        self.params = None
        # A resolver whose `self`/`cls` in the methods of `receiver`'s MRO is `receiver` (or a
        # subclass): what a base's template method hands to a hook `receiver` overrides
        # (`_template_values`). One per class, made on demand, kept across edits like this one's
        # own answers (`forget` is passed on: each narrowed answer holds the reads it made).
        self.receiver = ""
        self._narrowed: dict[str, Resolver] = {}
        # attribute name -> (the keys its pre-filter read, whether reading it may run code): see
        # `_named_parts`; emptied by every edit
        self._accessor_parts: dict[str, tuple[frozenset, bool]] = {}
        self._aliased: dict[str, tuple] = {}  # module -> (its summary, the bare names its bindings hold)
        self._passed: dict[str, tuple] = {}  # module -> (its summary, argument tail -> [(function, site)])
        # (module, class qualname) -> (its summary, called name -> [(method, site)]): the calls a
        # class's methods make on their own receiver (`self.hook(...)`), for `template_sites`.
        self._receiver_calls: dict[tuple[str, str], tuple] = {}

    # -- dependency tracking -----------------------------------------------------------------
    def begin(self, dependencies: set[str]) -> None:
        """Start resolving for one file: its cross-file dependencies are collected in `dependencies`.

        One Resolver can serve a whole pass over many files: memoised results carry the
        dependencies they were computed from and replay them on every hit."""
        self._dependencies = [dependencies]

    def depend(self, key: str) -> None:
        # Interned: keys are built anew at every read (f-strings), and one object per distinct key
        # serves every read set, file dependency set and reverse index that holds it.
        self._dependencies[-1].add(_intern(key))

    def depend_all(self, keys) -> None:
        self._dependencies[-1].update(keys)

    def recorded(self, compute):
        """`(compute(), the keys it read)`; the keys are recorded for the caller too (a cache of
        the answer outside the memo replays them with `depend_all`)."""
        self._dependencies.append(set())
        try:
            value = compute()
        finally:
            read = self._dependencies.pop()
        self._dependencies[-1].update(read)
        return value, frozenset(read)

    def depend_symbol(self, module: str, name: str) -> None:
        """Depend on one top-level name of `module` (and everything nested in it)."""
        keys = _SYMBOL_KEYS.get((module, name))
        if keys is None:  # the keys are a function of the two names: built and interned once
            keys = tuple(_intern(key) for key in scope_keys(module, name))
            if len(_SYMBOL_KEYS) < MAX_SYMBOL_KEYS:
                _SYMBOL_KEYS[(module, name)] = keys
        self._dependencies[-1].update(keys)

    def _memoised(self, key: tuple, compute, in_progress=frozenset()):
        entry = self._memo.get(key)
        if entry is not None and entry[2] != self._revision:
            entry = self._valid(key)  # an edit since: still valid?
        if entry is not None:
            if entry[0] is _IN_PROGRESS:
                self._cycle_floor = min(self._cycle_floor, self._active.get(key, 0))
                return in_progress
            self._dependencies[-1].update(entry[1])
            return entry[0]
        self._memo[key] = (_IN_PROGRESS, (), self._revision)
        depth = self._active[key] = len(self._active)
        self._dependencies.append(set())
        try:
            value = compute()
        except BaseException:
            self._memo.pop(key, None)  # never kept half-done for a later pass
            self._close_cycle(depth)
            raise
        finally:
            collected = self._dependencies.pop()
            del self._active[key]
        self._dependencies[-1].update(collected)
        self._memo[key] = (value, self.interned(collected), self._revision)
        if self._cycle_floor < depth:
            self._provisional.append(key)  # read an unfinished answer further out: kept for now
        elif self._cycle_floor == depth:
            self._close_cycle(depth)
        return value

    def _close_cycle(self, depth: int) -> None:
        """The cycle whose outermost key is at `depth` is done (or failed): forget the answers
        computed inside it, which saw its unfinished answer."""
        if self._cycle_floor < depth:
            return
        for key in self._provisional:
            self._memo.pop(key, None)
        self._provisional.clear()
        self._cycle_floor = _NO_CYCLE

    def interned(self, reads) -> tuple[str, ...]:
        """The one kept tuple holding the keys of `reads` (see `_read_sets`). A tuple is a fifth
        of a frozenset's size (Django's source: 23 MB of memo read sets became 4 MB) and nothing
        looks a key up in one: it is replayed (`update`) or met from the other side
        (`changed.isdisjoint(reads)`)."""
        if not reads:
            return ()
        probe = reads if type(reads) is frozenset else frozenset(reads)
        slot = hash(probe)
        kept = self._read_sets.get(slot)
        if kept is not None and len(kept) == len(probe) and probe.issuperset(kept):
            return kept
        found = tuple(reads)
        if kept is None:  # a different set under the same hash stays unshared
            self._read_sets[slot] = found
        return found

    def _valid(self, key: tuple) -> tuple | None:
        """The memoised entry for `key`, unless an edit since it was computed changed what it
        read (then it is dropped)."""
        entry = self._memo.get(key)
        if entry is None or entry[2] == self._revision:
            return entry
        keys, modules = self._changed_since(entry[2])
        if not keys.isdisjoint(entry[1]) or (len(key) > 1 and key[1] in modules):
            del self._memo[key]
            return None
        entry = self._memo[key] = (entry[0], entry[1], self._revision)
        return entry

    def _changed_since(self, revision: int) -> tuple[set[str], set[str]]:
        found = self._since.get(revision)
        if found is None:
            keys: set[str] = set()
            modules: set[str] = set()
            for when, changed, edited in self._forgotten:
                if when > revision:
                    keys |= changed
                    modules |= edited
            found = self._since[revision] = (keys, modules)
        return found

    def forget(self, keys: set[str], modules: set[str]) -> None:
        """Drop the memoised answers an edit may have changed, so the next pass can reuse the
        rest: those that read one of the changed dependency `keys`, and those about a scope of
        one of the edited `modules` (a file's reads of itself record no key). Lazily: each
        answer is checked against what changed since it was last valid when it is next asked
        for, so an edit never scans every answer."""
        self._revision += 1
        self._accessor_parts.clear()
        for narrowed in self._narrowed.values():
            narrowed.forget(keys, modules)
        self._forgotten.append((self._revision, set(keys), set(modules)))
        self._since.clear()
        self._read_sets.clear()  # kept answers keep their sets; an edit session does not grow this

    def sweep(self) -> None:
        """Drop every answer an edit made stale now (they are otherwise dropped when asked for)."""
        for narrowed in self._narrowed.values():
            narrowed.sweep()
        if not self._forgotten:
            return
        for key in list(self._memo):
            self._valid(key)

    def __len__(self) -> int:
        return len(self._memo) + sum(len(narrowed) for narrowed in self._narrowed.values())

    # -- entry points ----------------------------------------------------------------------
    def evaluate(self, chain: Chain | None, scope: Scope, line: int = 0, read: list | None = None) -> set[Value]:
        """The values of `chain` in `scope`; at `line` (a use on that line of the scope's own code)
        the root name holds only what the bindings that can reach the line give it (see
        `Binding.dominates`); without a line, what any binding of the scope gives it. `read` collects
        each attribute read on the way, as (name, the values it is read on)."""
        if not chain:
            return set()
        if self._depth > MAX_DEPTH:
            # Cut short: every answer being computed is partial, not what asking it first gives.
            self._cycle_floor = 0
            return set()
        self._depth += 1
        try:
            return self._evaluate(chain, scope, line, read)
        finally:
            self._depth -= 1

    def _evaluate(self, chain: Chain, scope: Scope, line: int = 0, read: list | None = None) -> set[Value]:
        root, rest = chain[0], chain[1:]
        if root == LOAD and len(chain) >= 3:
            values = self.load_class(chain[1], chain[2])
            rest = chain[3:]
        elif root == "super" and rest and rest[0].startswith("("):
            cls = self._enclosing_class(scope)
            values = {("super", cls)} if cls else set()
            rest = rest[1:]
        else:
            values = self.name(root, scope, line)
            if not values and rest and rest[0].startswith("(") and root in MEMBER_BUILTINS:
                values, rest = self._builtin_members(root, rest[0][1:-1], scope), rest[1:]
        receivers: set[Value] = set()
        for position, part in enumerate(rest):
            if not values or part == OF:
                break  # `list[Handler]` read as a value is the container (`type_of` reads its elements)
            if part.startswith("("):
                called = values
                values = self._apply(values, lambda v, p=part: self.call_result(v, p, scope))
                if position and receivers and not rest[position - 1].startswith(("(", "[")):
                    values = self._on_receiver_class(receivers, called, values)
            elif part == INDEX or part.startswith("["):
                indexed = self._apply(values, lambda v, p=part: self.index_result(v, p))
                if part == INDEX and position and rest[position - 1].startswith("(@") and not any(
                        v[0] in ("inst", "class", "func") for v in indexed):
                    # `for plugin in PluginImplementations(IFoo)`: the classes implementing IFoo
                    indexed |= self._implementers(argument_chain(rest[position - 1][1:-1]), scope)
                values = indexed
            elif part.startswith(DELEGATED):
                values = self._named_attribute(values, part[len(DELEGATED):], scope, line)
            else:
                receivers = values
                if read is not None:
                    read.append((part, values))
                values = self._apply(values, lambda v, p=part: self.attribute(v, p))
        return values

    def _on_receiver_class(self, receivers: set[Value], called: set[Value], values: set[Value]) -> set[Value]:
        """`Alert.get_by_id(...)`, a classmethod a mixin shares with other models (`cls.query...one()`):
        called on one workspace class (or on `super(Alert, cls)` in Alert's own override), what it
        builds of that class (or a subclass) is the answer, not the siblings the mixin's `cls` also
        stands for. Only when the answer holds that class."""
        if len(receivers) != 1 or not all(v[0] == "func" for v in called):
            return values
        receiver = next(iter(receivers))
        if receiver[0] not in ("class", "super") or len(receiver) > 2 or not receiver[1]:
            return values
        cls = receiver[1]
        bases = self.mro(cls)[0]
        if receiver[0] == "class" and any(self._is_classmethod(v[1]) for v in called):
            # `SlackNotifier.from_config(...)` inherited from `Notifier`: its `cls(...)` is a SlackNotifier
            values = {("inst", cls, True) if v[0] == "inst" and len(v) == 2 and v[1] in bases else v for v in values}
        if not any(v[0] in ("inst", "manager") and v[1] == cls for v in values):
            return values
        shared = tuple(bases[1:])

        def sibling(other: str) -> bool:  # shares a workspace base with `cls`, is not one of its own
            return other not in bases and not self.is_subclass_of(other, (cls,)) and self.is_subclass_of(other, shared)
        return {v for v in values if v[0] not in ("inst", "manager") or not sibling(v[1])}

    def _named_attribute(self, values: set[Value], local: str, scope: Scope, line: int = 0) -> set[Value]:
        """`getattr(obj, name)`: the attributes the strings `name` holds name (at `line`, what the
        bindings that reach it give `name`: `cls = getattr(module, cls)` reads the one above). On an
        outside object a name we cannot read is still one of its attributes (`getattr(client, op)()`
        on an API client is a request); on a workspace object only a few known names are followed."""
        names = sorted({v[1] for v in self.evaluate((local,), scope, line) if v[0] == "str" and v[1].isidentifier()})
        out: set[Value] = set()
        for value in values:  # every value, no cap: the union does not depend on the order
            if value[0] == "dyn":  # a plugin loaded by a computed path: its own reading of the name
                out |= self.attribute(value, DELEGATED + local)
            elif value[0] in ("ext", "exti"):
                for name in (names if len(names) <= MAX_NAMED else []) or ["?"]:
                    out |= self.attribute(value, name) if name != "?" else {("ext", f"{value[1]}.?")}
            elif names and len(names) <= MAX_NAMED:
                for name in names:
                    out |= self.attribute(value, name)
        return out

    @staticmethod
    def _apply(values: set[Value], step) -> set[Value]:
        """The union of `step` over `values`, cut once it holds more than MAX_VALUES. The values
        are taken in a canonical order: a set of tuples iterates in hash order, which changes
        with the hash seed, so the cut would keep different values on different runs."""
        out: set[Value] = set()
        for value in (sorted(values, key=value_order) if len(values) > 1 else values):
            out |= step(value)
            if len(out) > MAX_VALUES:
                break
        return out

    def full(self, summary: FileSummary, qualname: str) -> str:
        return full_name(summary, qualname)

    # -- names -----------------------------------------------------------------------------
    def name(self, name: str, scope: Scope, line: int = 0) -> set[Value]:
        summary, function = scope
        current: FunctionInfo | None = function
        while current is not None and current.qualname:
            if name in current.nonlocals_declared:  # `nonlocal x`: the enclosing function's `x`
                current = summary.function(current.parent) if current.parent else None
                continue
            # the line is a point of `function`'s own code: an enclosing function's names are read
            # when the closure runs, after any of their bindings
            found = self._local(name, summary, current, line if current is function else 0)
            if found is not None and line and current is function and not _informative(found):
                found = self._local(name, summary, current)  # see `_informative`
            if found is not None:
                return found
            current = summary.function(current.parent) if current.parent else None
        if line and function is not None and not function.qualname:
            reach = _reaching(function, name, line)
            if reach:  # `handler = old` then `handler = new`: at the module's top level, below both
                found = self.module_symbol(summary, name, reach=reach)
                if _informative(found):
                    return found
        return self.module_symbol(summary, name)

    def _local(self, name: str, summary: FileSummary, function: FunctionInfo, line: int = 0) -> set[Value] | None:
        """A name in one function's own scope (None: not bound there). Memoised, and a name whose
        value refers to itself (`qs = qs.filter(...)`) contributes nothing while it is in progress,
        which keeps long reassignment chains linear instead of exponential. At `line`, the bindings
        a later plain rebinding above the line replaces are left out (and the parameter's value)."""
        reach = _reaching(function, name, line) if line else ()

        def compute():
            found = self._local_uncached(name, summary, function, reach)
            return None if found is None else frozenset(found)

        key = ("local", summary.module, function.qualname, name) + reach
        found = self._memoised(key, compute)
        return None if found is None else set(found)

    def _local_uncached(self, name: str, summary: FileSummary, function: FunctionInfo,
                        reach: tuple = ()) -> set[Value] | None:
        scope = (summary, function)
        for index, param in enumerate(function.params):
            if param.name != name:
                continue
            if index == 0 and function.receiver_param:
                cls = self.full(summary, function.class_name)
                if self.receiver and self.receiver != cls and cls in self._metaclasses(self.receiver):
                    return {("class", self.receiver)}  # a metaclass's method: its instance is the class
                if self.receiver and self.receiver != cls and cls in self.mro(self.receiver)[0]:
                    cls = self.receiver  # a base's method, run for the class this resolver is about
                # `cls` (like `self`) is the class or a subclass: `cls(...)` is not exactly the base
                class_level = "classmethod" in function.decorator_names or function.name in IMPLICIT_CLASSMETHODS
                return {("class", cls, SUBCLASSES)} if class_level else {("inst", cls)}
            factory = HOOKS.hook_parameters.get((function.name, param.name))
            if param.annotation:
                typed = self.type_of(param.annotation, scope)
                if typed and not (factory and function.class_name and all(v[0] in ("ext", "exti") for v in typed)):
                    return typed
                if typed:  # `serializer: BaseSerializer[T]`: the framework's base says less than the factory
                    built = self.built_by(self.full(summary, function.class_name), factory)
                    return built or typed
            given = HOOKS.parameter_values(self, summary, function, index)  # entries2: framework-called
            if given:
                return given
            if factory and function.class_name:
                return self.built_by(self.full(summary, function.class_name), factory)
            # a rebinding that dominates the use replaces what the callers passed
            values = self.parameter(summary, function, param) if not (reach and reach[0]) else set()
            for binding in function.bindings:  # `drive = get_drive(drive)`: rebound in the body
                if binding.name == name and _reaches(binding, reach):
                    values |= self.binding_value(binding, scope)
            return values
        nested = f"{function.qualname}.{name}"
        if summary.function(nested):
            return self.function_value(summary, nested)
        if summary.klass(nested):
            return {("class", self.full(summary, nested))}
        values: set[Value] | None = None
        added: set[Value] = set()
        for binding in function.bindings:
            if binding.name == name and _reaches(binding, reach):
                found = _stored_over(self.binding_value(binding, scope), binding, reach)
                if binding.mutates:
                    added |= found
                else:
                    values = (values or set()) | found
        if values is not None:
            if not _killed_by_call(function, name, reach):  # a closure may have switched it since
                values |= self._nonlocal_rebindings(summary, function, name)
            return merge_collections(values | added)
        if reach and name not in function.globals_declared and any(
                b.name == name and not b.mutates for b in function.bindings):
            return set()  # bound in this scope, only below the use: nothing yet (not the global)
        for imp in summary.imports:
            if imp.scope == function.qualname and imp.local == name:
                return self.target(imp.target)
        if name in function.globals_declared:
            return self.module_symbol(summary, name)
        return None

    def _rebound_by(self, binding: Binding, summary: FileSummary) -> set[Value]:
        """`configure()` (a `Binding.via`): what the function it calls stores in the name last,
        on every path through its body."""
        function = summary.function(binding.via)
        if function is None:
            return set()
        reach = _reaching(function, binding.name, function.span.end_line + 1)
        out: set[Value] = set()
        for stored in function.bindings:
            if stored.name == binding.name and not stored.mutates and _reaches(stored, reach):
                out |= self.binding_value(stored, (summary, function))
        return out

    def _nonlocal_rebindings(self, summary: FileSummary, function: FunctionInfo, name: str) -> set[Value]:
        """What functions nested in `function` store in its `name` after `nonlocal name` (a
        closure that switches the handler its enclosing function calls): a union, whenever the
        closure runs."""
        if not function.qualname:
            return set()
        prefix = function.qualname + "."
        out: set[Value] = set()
        for nested in self._nonlocal_declarers(summary).get(name, ()):
            if nested.qualname.startswith(prefix):
                for binding in nested.bindings:
                    if binding.name == name and not binding.mutates:
                        out |= self.binding_value(binding, (summary, nested))
        return out

    def _nonlocal_declarers(self, summary: FileSummary) -> dict[str, list[FunctionInfo]]:
        """The functions of a module that say `nonlocal name`: name -> functions (most modules
        have none, and every read of a local asks)."""
        key = ("nonlocals", summary.module)
        entry = self._valid(key)
        if entry is None:
            found: dict[str, list[FunctionInfo]] = {}
            for nested in summary.functions:
                for declared in nested.nonlocals_declared:
                    found.setdefault(declared, []).append(nested)
            entry = (found, frozenset(), self._revision)
            self._memo[key] = entry
        return entry[0]

    # -- argument flow ---------------------------------------------------------------------
    def parameter(self, summary: FileSummary, function: FunctionInfo, param: Binding) -> set[Value]:
        """The values a parameter receives: the union, over every call site and decoration that
        calls the function, of the arguments that fill it (and its default where one may be left
        out). Context-insensitive, demand-driven, memoised per pass."""
        key = ("param", summary.module, function.qualname, param.name)
        compute = lambda: frozenset(self._parameter(summary, function, param))
        if self.params is not None:  # the graph's passes: read under a derived key (`derived.py`)
            return set(self._derived(key, compute, frozenset()))
        return set(self._memoised(key, compute))

    def _derived(self, key: tuple, compute, in_progress):
        """A memoised answer over a function's callers (`derived.DERIVED`), recorded for the
        caller as its derived key alone when the answer is final (kept in `params` with the raw
        keys it read, which the graph checks after an edit); an answer inside an open cycle also
        passes its raw reads on."""
        # A narrowed resolver's answers (`self`/`cls` read as `receiver`) are other answers: their
        # table entry and derived key name the class too (`derived_again` finds the resolver).
        where = key + (self.receiver,) if self.receiver else key
        derived = derived_key(where)
        ran: list[bool] = []

        def counted():
            ran.append(True)
            return compute()

        self._dependencies.append(set())
        try:
            value = self._memoised(key, counted, in_progress)
        finally:
            raw = self._dependencies.pop()
        entry = self._memo.get(key)
        final = (entry is not None and entry[0] is value
                 and (self._cycle_floor == _NO_CYCLE or key not in self._provisional))
        if final and ran:
            self.params.record(derived, where, value, entry[1])
        elif final:
            kept = self.params.get(derived)
            final = kept is not None and kept[1] == value
        if not final:
            self._dependencies[-1].update(raw)
        self.depend(derived)
        return value

    def derived_again(self, key: tuple) -> bool:
        """Compute the derived answer `key` (a `derived.DERIVED` memo key, or one a narrowed
        resolver recorded: the key and its class) on the current index; False when its function
        or parameter is gone."""
        if len(key) > 4:
            narrowed = self._narrowed_to(key[4])
            narrowed.begin(set())
            return narrowed.derived_again(key[:4])
        kind, module, qualname, name = key
        summary = self.index.module(module)
        function = summary.function(qualname) if summary is not None else None
        param = next((p for p in function.params if p.name == name), None) if function else None
        if param is None:
            return False
        if kind == "param":
            self.parameter(summary, function, param)
        elif kind == "param-constants":
            self.parameter_constants(summary, function, name)
        else:
            self.decoration_parameter(summary, function, name)
        return True

    def _parameter(self, summary: FileSummary, function: FunctionInfo, param: Binding) -> set[Value]:
        full = self.full(summary, function.qualname)
        values: set[Value] = set()
        default = False
        # A base's template method calling this hook is read for this class (`_template_values`;
        # found once for both)
        template_sites = self.template_sites(summary, function)
        templates = {(s.module, caller.qualname, site.span) for s, caller, site, _ in template_sites}
        sites = [(ref.summary, ref.function, ref.site, offset, raw)
                 for ref, offset, raw in self._callers(summary, function, full)
                 if (ref.summary.module, ref.function.qualname, ref.site.span) not in templates]
        sites += self._wrapper_calls(summary, function)
        for site_summary, site_function, site, offset, passed_raw in sites:
            scope = (site_summary, site_function)
            if passed_raw is not None:
                # A decoration: the decorator receives the function (or class) it decorates.
                if offset < len(function.params) and function.params[offset].name == param.name:
                    values.add(passed_raw)
                continue
            filled = arguments.fill(function, site, offset, param.name)
            if filled is None:
                continue
            if not filled.passed and not filled.collected:  # `f("order_created")`: a name as a string
                text = arguments.name_literal(function, site, offset, param.name)
                if text is not None:
                    values.add(("str", text))
                    continue
            default = default or filled.default
            found: set[Value] = set()
            for passed in filled.passed:
                value = self.evaluate(passed.chain, scope)
                if passed.spread:
                    value = self._apply(value, self.index_result)
                found |= value
            if filled.collected:
                values |= {("coll", frozenset(found))} if found else set()
            else:
                values |= found
            if len(values) > MAX_VALUES:
                break
        values |= self._template_values(summary, function, param.name, template_sites)
        if (default or not values) and (param.value or param.members or param.literal is not None):
            parent = summary.function(function.parent) if function.parent else None
            values |= self.binding_value(param._replace(annotation=None), (summary, parent or summary.module_body))
        return values

    def template_sites(self, summary: FileSummary, function: FunctionInfo) -> list[tuple]:
        """`(summary, method, site, offset)` for each `self.hook(...)` / `cls.hook(...)` a method
        of a base class (or of the class itself) makes to the method `function` of a class: a
        template method calling the hook a subclass overrides. Found through the class's MRO,
        whatever the number of calls of that name elsewhere."""
        if not function.class_name or not function.receiver_param or function.name.startswith("__"):
            return []
        cls = self.full(summary, function.class_name)
        out = []
        for site_summary, info in self.workspace_classes(self.mro(cls)[0]):
            last = None
            for caller, site in self._receiver_calls_of(site_summary, info).get(function.name, ()):
                if caller is not last:
                    self.depend_symbol(site_summary.module, caller.qualname)
                    last = caller
                out.append((site_summary, caller, site, 1))
        return out

    def _receiver_calls_of(self, summary: FileSummary, info: ClassInfo) -> dict[str, list[tuple[FunctionInfo, CallSite]]]:
        """The calls the methods of class `info` make on their own receiver (`self.hook(...)`,
        `cls.hook(...)`), by the name called, in method and call order: built once per summary (a
        pure function of it), where `template_sites` scanned every method's calls per hook."""
        key = (summary.module, info.qualname)
        found = self._receiver_calls.get(key)
        if found is None or found[0] is not summary:
            table: dict[str, list[tuple[FunctionInfo, CallSite]]] = {}
            for method in info.methods:
                caller = summary.function(f"{info.qualname}.{method}")
                receiver = caller.receiver_param if caller is not None else None
                if not receiver:
                    continue
                for site in caller.calls:
                    callee = site.callee
                    if callee and len(callee) == 2 and callee[0] == receiver:
                        table.setdefault(callee[1], []).append((caller, site))
            found = self._receiver_calls[key] = (summary, table)
        return found[1]

    def template_arguments(self, summary: FileSummary, function: FunctionInfo, name: str):
        """`(summary, method, site, chain)`: each argument a template method (`template_sites`)
        passes to the parameter `name` of `function`."""
        for site_summary, caller, site, offset in self.template_sites(summary, function):
            filled = arguments.fill(function, site, offset, name)
            if filled is not None and not filled.collected:
                for passed in filled.passed:
                    if not passed.spread:
                        yield site_summary, caller, site, passed.chain

    def _template_values(self, summary: FileSummary, function: FunctionInfo, name: str, sites=None) -> set[Value]:
        """What a base class's template methods pass to the parameter `name` of a hook its class
        overrides, read with `self`/`cls` being that class (`instance = cls.get_instance()` in the
        base is an instance of the class's own `Meta.model`)."""
        if sites is None:
            sites = self.template_sites(summary, function)
        if not sites:
            return set()
        cls = self.full(summary, function.class_name)
        values: set[Value] = set()
        for site_summary, caller, site, offset in sites:
            filled = arguments.fill(function, site, offset, name)
            if filled is None or filled.collected or not filled.passed:
                continue
            owner = self.full(site_summary, caller.class_name) if caller.class_name else ""
            narrowed = self if self.receiver or owner == cls else self._narrowed_to(cls)
            for passed in filled.passed:
                found = self._through(narrowed, Resolver.evaluate, passed.chain, (site_summary, caller))
                values |= self._apply(found, self.index_result) if passed.spread else found
            if len(values) > MAX_VALUES:
                break
        return values

    def _through(self, narrowed: Resolver, read, *args):
        """`read(narrowed, *args)`, with what the narrowed resolver looked up recorded as this resolver's
        dependencies too (its memo is its own, so its reads would otherwise be lost)."""
        if narrowed is self:
            return read(self, *args)
        reads: set[str] = set()
        narrowed.begin(reads)
        found = read(narrowed, *args)
        self.depend_all(reads)
        return found

    def _narrowed_to(self, cls: str) -> Resolver:
        found = self._narrowed.get(cls)
        if found is None:
            found = self._narrowed[cls] = Resolver(self.index._index)
            found.receiver = cls
            found._receiver_calls = self._receiver_calls  # a function of the summaries alone: shared
        found.params = self.params  # its answers over callers go to the same table, under their class
        return found

    def use_params(self, params) -> None:
        """Read the answers over callers under derived keys kept in `params` (`derived.ParameterAnswers`),
        this resolver and the narrowed ones it holds."""
        self.params = params
        for narrowed in self._narrowed.values():
            narrowed.use_params(params)

    def _wrapper_calls(self, summary: FileSummary, function: FunctionInfo) -> list[tuple]:
        """The calls the wrappers of `function`'s workspace decorators make to the function they
        wrap (`return f(*args, **kwargs)` after `kwargs["client"] = ...`): they fill its parameters
        too, with what the wrapper adds."""
        out: list[tuple] = []
        if not function.decorators:
            return out
        for wrapper, _ in self.wrappers(summary, function):
            found = self.index.function(wrapper)
            if found is None:
                continue
            wrapper_summary, wrapper_info = found
            wrapped = _enclosing_parameters(wrapper_summary, wrapper_info)
            for name in sorted(wrapped):  # the wrapper's calls of them are body, not its shape
                self.depend(f"calls:{name}")
            for site in wrapper_info.calls:
                if site.callee and len(site.callee) == 1 and site.callee[0] in wrapped:
                    out.append((wrapper_summary, wrapper_info, site, 0, None))  # `f(self, ...)`: passed explicitly
        return out

    def parameter_constants(self, summary: FileSummary, function: FunctionInfo, name: str) -> frozenset[str]:
        """The bool/None literals a parameter receives over every call site ("?" among them when
        some call passes something else, or when nothing in the workspace calls the function)."""
        key = ("param-constants", summary.module, function.qualname, name)
        compute = lambda: self._parameter_constants(summary, function, name)
        if self.params is not None:
            return self._derived(key, compute, frozenset({arguments.UNKNOWN}))
        return self._memoised(key, compute, in_progress=frozenset({arguments.UNKNOWN}))

    def _parameter_constants(self, summary: FileSummary, function: FunctionInfo, name: str) -> frozenset[str]:
        full = self.full(summary, function.qualname)
        found: set[str] = set()
        for ref, offset, raw in self._callers(summary, function, full):
            found.add(arguments.UNKNOWN if raw is not None else arguments.constant(function, ref.site, offset, name))
            if arguments.UNKNOWN in found:
                break
        return frozenset(found or {arguments.UNKNOWN})

    def _callers(self, summary: FileSummary, function: FunctionInfo, full: str):
        """(site, receiver offset, decorated value or None) for each site that calls `full`."""
        tails = [function.name]
        cls = self.full(summary, function.class_name) if function.class_name else None
        if cls and function.name == "__init__":
            tails += [c.rsplit(".", 1)[-1] for c in [cls, *self.subclasses(cls)]]
        if cls and function.name == "__call__":
            tails.append(cls.rsplit(".", 1)[-1])  # `@traced("x")`: the decoration calls it
        if function.parent:
            parent = summary.function(function.parent)
            if parent is not None:
                tails.append(parent.name)  # a decorator factory's inner function
        # Names the module binds to it (`run = lambda fn: fn()`, `c = func`): their calls call it.
        self.depend(alias_key(summary.module, function.name))
        aliases = [b.name for f in summary.functions for b in f.bindings
                   if b.value == (function.name,) and not b.mutates and b.name.isidentifier()] \
            if not function.class_name and function.name in self._aliased_names(summary) else []
        tails += aliases
        refs: list[SiteRef] = []
        for tail in dict.fromkeys(tails):
            if self.index.site_count(tail) <= MAX_CALL_SITES:
                refs.extend(self.index.call_sites(tail))
            elif tail == function.name and not function.class_name and not function.parent:
                # over the cap: the sites that name this module function through its imports; all
                # of them for a registry's filler, at most the cap for any other function
                refs.extend(self._importing_sites(summary.module, tail, full, capped=not _fills_registry(function)))
            elif function.parent and tail != function.name and _fills_registry(function):
                # `@register("slack")` over the cap: the decorator factory's own imports find it
                parent = summary.function(function.parent)
                if parent is not None and not parent.parent and not parent.class_name and tail == parent.name:
                    refs.extend(self._importing_sites(summary.module, tail, self.full(summary, parent.qualname)))
        bound = 1 if function.receiver_param else 0
        for ref in refs:
            self._depend_scope(ref)
            scope = (ref.summary, ref.function)
            site = ref.site
            if ref.decorated and (site.bare or ref.tail != function.name):
                chain = site.callee if site.bare else site.callee + (CALL,)
                if any(v[:2] == ("func", full) or v[0] == "inst" and function.name == "__call__" and any(
                        m[:2] == ("func", full) for m in self.class_attribute(v[1], "__call__", instance=True))
                       for v in self.evaluate(chain, scope)):
                    decorated = _decorated_by(ref.summary, ref.decorated, site)
                    if decorated is None:
                        yield ref, bound, ("class", self.full(ref.summary, ref.decorated))
                    elif site in decorated.decorators:
                        below = decorated.decorators.index(site) + 1
                        for value in self.decorated(ref.summary, decorated, below):
                            yield ref, bound, value
                if site.bare:
                    continue
            if ref.tail != function.name and function.name != "__init__" and ref.tail not in aliases:
                continue
            for value in self._callee_values(ref):
                if value[:2] == ("func", full):
                    offset = bound
                    if bound and len(site.callee) > 1 and "classmethod" not in function.decorator_names:
                        receivers = self.evaluate(site.callee[:-1], scope)
                        if receivers and all(r[0] == "class" for r in receivers):
                            offset = 0  # `Base.method(self, ...)`: the receiver is passed explicitly
                    yield ref, offset, None
                    break
                if value[0] == "class" and cls and function.name == "__init__" and any(
                        v[:2] == ("func", full) for v in self.class_attribute(value[1], "__init__", instance=True, exact=True)):
                    yield ref, bound, None
                    break
        for ref in self._forwarded_callers(summary, function, full, [function.name, *aliases]):
            self._depend_scope(ref)
            yield ref, bound, None

    def _callee_values(self, ref: SiteRef) -> tuple:
        """What a call site's callee evaluates to in its scope, memoised per (scope, callee): the
        callers of every function named like it (each `dispatch` of a tree) evaluate the same
        sites, and an answer over callers computed again after an edit finds the sites it did
        not change already evaluated (their reads are the caller's scope, not `calls:name`)."""
        site = ref.site
        key = ("callee", ref.summary.module, ref.function.qualname, site.callee)
        return self._memoised(key, lambda: tuple(self.evaluate(site.callee, (ref.summary, ref.function))), ())

    def _forwarded_callers(self, summary: FileSummary, function: FunctionInfo, full: str, names: list[str]):
        """The calls of a parameter that holds `function` because a call of its module hands it
        there (`a.run(a.on_done)`, `retry(step)`, through an alias too): `run`'s `callback()`."""
        found = self._passed.get(summary.module)
        if found is None or found[0] is not summary:
            table: dict[str, list] = {}
            for caller in summary.functions:
                for site in caller.calls:
                    for chain in passed_chains(site):
                        table.setdefault(chain[-1], []).append((caller, site, chain))
            found = self._passed[summary.module] = (summary, table)
        seen: set = set()
        for name in names:
            self.depend(passed_key(summary.module, name))
            for caller, site, chain in found[1].get(name, ()):
                scope = (summary, caller)
                if caller.qualname:  # evaluated in the caller's scope: read like any other file's
                    self.depend_symbol(summary.module, caller.qualname)
                if not site.callee or not any(v[:2] == ("func", full) for v in self.evaluate(chain, scope)):
                    continue
                for callee in sorted(self.evaluate(site.callee, scope)):
                    if callee[0] != "func" or callee[1] == full:
                        continue
                    target = self.index.function(callee[1])
                    if target is None:
                        continue
                    target_summary, info = target
                    offset = 1 if info.receiver_param and len(site.callee) > 1 else 0
                    for param in info.invoked_params:
                        filled = arguments.fill(info, site, offset, param)
                        if filled is None or not any(p.chain == chain for p in filled.passed):
                            continue
                        self.depend(body_key(target_summary.module))
                        for call in info.calls:
                            key = (target_summary.module, info.qualname, call.span)
                            if call.callee == (param,) and key not in seen:
                                seen.add(key)
                                yield SiteRef(target_summary, info, call, param)

    def _aliased_names(self, summary: FileSummary) -> frozenset[str]:
        """The bare names some binding of the file holds exactly (`c = func`), per summary."""
        found = self._aliased.get(summary.module)
        if found is None or found[0] is not summary:
            names = frozenset(b.value[0] for f in summary.functions for b in f.bindings
                              if b.value and len(b.value) == 1 and not b.mutates)
            found = self._aliased[summary.module] = (summary, names)
        return found[1]

    def _importing_sites(self, module: str, name: str, full: str, capped: bool = False) -> list[SiteRef]:
        """The calls and decorations of a common name (`make_call`, `register(Slack)`,
        `@register("slack")` among many: over the cap) that name this module function through
        an import of it or of its module (`from app.destinations import register`,
        `destinations.register(...)`), or in its own module: found by the imports alone, without
        evaluating the other sites. `capped`: more than MAX_CALL_SITES of them give none, as the
        cap does for any name."""
        out: list[SiteRef] = []
        read: set[str] = set()
        for ref in self.index.call_sites(name):
            caller = ref.summary
            if caller.module not in read:  # an import added there later may make it a caller
                read.add(caller.module)
                self.depend(f"imports:{caller.module}")
            callee = ref.site.callee
            if not callee or len(callee) > 2:
                continue
            if any(imp.scope for imp in caller.imports):
                self._depend_scope(ref)  # a function-level import is part of its function
            here = caller.module == module
            wanted = full if len(callee) == 1 else module
            scopes = ("", ref.function.qualname)
            if len(callee) == 1 and here or any(imp.local == callee[0] and imp.target == wanted and imp.scope in scopes
                                                for imp in caller.imports):
                out.append(ref)
                if capped and len(out) > MAX_CALL_SITES:
                    return []
        return out

    def _depend_scope(self, ref: SiteRef) -> None:
        """Reading a call site of another file reads the function around it."""
        qualname = ref.function.qualname
        if qualname:
            self.depend_symbol(ref.summary.module, qualname)
        else:
            self.depend(ref.summary.module)

    # -- decorators ------------------------------------------------------------------------
    def function_value(self, summary: FileSummary, qualname: str) -> set[Value]:
        """What the name of a `def` holds: the function, or what its workspace decorators return."""
        info = summary.function(qualname)
        if info is None or not info.decorators:
            return {("func", self.full(summary, qualname))}
        return self.decorated(summary, info, 0)

    def decorated(self, summary: FileSummary, info: FunctionInfo, first: int) -> set[Value]:
        """The function after its decorators from index `first` on are applied (the last listed
        runs first). A decorator outside the workspace, or one we cannot follow, keeps the function
        itself: framework and task decorators register it and the name still denotes it."""
        # The line too: a property's getter and setter share a qualname, not their decorators.
        key = ("decorated", summary.module, info.qualname, info.span.line, first)
        return set(self._memoised(key, lambda: frozenset(self._decorated(summary, info, first))))

    def _decorated(self, summary: FileSummary, info: FunctionInfo, first: int) -> set[Value]:
        raw = {("func", self.full(summary, info.qualname))}
        parent = summary.function(info.parent) if info.parent else None
        scope = (summary, parent or summary.module_body)
        current = raw
        for site in reversed(info.decorators[first:]):
            chain = site.callee if site.bare else (site.callee + (CALL,) if site.callee else None)
            decorators = self.evaluate(chain, scope, site.span.line)  # what the name holds there
            if not decorators or any(d[0] not in ("func", "class", "inst") for d in decorators):
                return raw
            result: set[Value] = set()
            for decorator in decorators:
                if decorator[0] == "class":
                    result.add(("inst", decorator[1], True))
                elif decorator[0] == "inst":  # `@traced("x")`: what the instance's __call__ returns
                    for method in self.class_attribute(decorator[1], "__call__", instance=True, exact=len(decorator) > 2):
                        if method[0] == "func":
                            result |= self._applied(method[1], current, bound=True)
                else:
                    result |= self._applied(decorator[1], current)
            if not result:
                return raw
            current = result
        function = self.full(summary, info.qualname)
        # A wrapper remembers the function it wraps: ("func", wrapper, wrapped).
        return {v if v[0] != "func" or v[1] == function else ("func", v[1], function) for v in current}

    def decoration_parameter(self, summary: FileSummary, function: FunctionInfo, name: str) -> bool:
        """Whether `name`, called in `function`, is a parameter (of it or of an enclosing function)
        that only decorations fill: a wrapper calling the function it wraps."""
        current: FunctionInfo | None = function
        while current is not None and current.qualname:
            if any(p.name == name for p in current.params):
                key = ("decoration-param", summary.module, current.qualname, name)
                compute = lambda c=current: self._decoration_parameter(summary, c)
                if self.params is not None:
                    return self._derived(key, compute, False)
                return self._memoised(key, compute, in_progress=False)
            if any(b.name == name for b in current.bindings) or summary.function(f"{current.qualname}.{name}"):
                return False
            current = summary.function(current.parent) if current.parent else None
        return False

    def _decoration_parameter(self, summary: FileSummary, function: FunctionInfo) -> bool:
        full = self.full(summary, function.qualname)
        kinds = [raw is not None or self._forwards_decorated(ref, offset)
                 for ref, offset, raw in self._callers(summary, function, full)]
        return bool(kinds) and all(kinds)

    def _forwards_decorated(self, ref: SiteRef, offset: int) -> bool:
        """A decorator applied inside another decorator's wrapper to the function that one wraps
        (`return auth(f)(*args, **kwargs)`): a decoration too, of whatever the outer one decorates."""
        site = ref.site
        if offset or not site.args or ref.function is None:
            return False
        first = site.args[0]
        return bool(first) and len(first) == 1 and 0 not in site.starred \
            and self.decoration_parameter(ref.summary, ref.function, first[0])

    def wrappers(self, summary: FileSummary, info: FunctionInfo) -> tuple[tuple[str, int], ...]:
        """The workspace wrappers that run when the decorated `info` is called (by a framework
        routing to it, or by a caller), each with the index of the decorator that made it: a
        decorator function's returned closure, or what a decorator instance's `__call__` returns
        (`@event("login")`). A decorator outside the workspace (a route, a task) registers what it
        is given and keeps the wrappers below it."""
        key = ("wrappers", summary.module, info.qualname, info.span.line)  # getter and setter apart
        return self._memoised(key, lambda: self._wrappers(summary, info), in_progress=())

    def _wrappers(self, summary: FileSummary, info: FunctionInfo) -> tuple[tuple[str, int], ...]:
        function = self.full(summary, info.qualname)
        parent = summary.function(info.parent) if info.parent else None
        scope = (summary, parent or summary.module_body)
        current: set[Value] = {("func", function)}
        found: dict[str, int] = {}
        for index in range(len(info.decorators) - 1, -1, -1):
            site = info.decorators[index]
            chain = site.callee if site.bare else (site.callee + (CALL,) if site.callee else None)
            result: set[Value] = set()
            for decorator in self.evaluate(chain, scope):
                if decorator[0] == "func":
                    result |= self._applied(decorator[1], current)
                elif decorator[0] == "inst":
                    for method in self.class_attribute(decorator[1], "__call__", instance=True, exact=len(decorator) > 2):
                        if method[0] == "func":
                            result |= self._applied(method[1], current, bound=True)
            made = {v[:2] for v in result if v[0] == "func"}
            if made:
                current = made
                for value in sorted(made):
                    if value[1] != function:
                        found.setdefault(value[1], index)
        return tuple(sorted(found.items()))

    def _applied(self, decorator: str, argument: set[Value], bound: bool = False) -> set[Value]:
        """What a decorator returns for `argument`: `return fn` hands the argument back itself
        (`bound`: a method, whose first parameter is the instance)."""
        found = self.index.function(decorator)
        if found is None:
            return set()
        summary, info = found
        params = info.params[1:] if bound else info.params
        first = params[0].name if params else None
        out: set[Value] = set()
        for chain in info.return_values[:8]:
            if chain == (first,):
                out |= argument
            else:
                out |= self.evaluate(chain, (summary, info))
        return out

    def module_symbol(self, summary: FileSummary, name: str, _seen: frozenset = frozenset(),
                      reach: tuple = ()) -> set[Value]:
        """What `name` means at the top level of `summary`'s module (defs, classes, bindings,
        imports); with `reach` (`_reaching`), only the module's own bindings that reach a use in
        the module's code."""
        key = ("symbol", summary.module, name) + reach
        found = self._memoised(key, lambda: frozenset(self._module_symbol(summary, name, _seen, reach)))
        return set(found)

    def _module_symbol(self, summary: FileSummary, name: str, _seen: frozenset, reach: tuple = ()) -> set[Value]:
        if "." not in name and summary.function(name):
            # A `def`'s name holds the function or what its decorators return: its head is enough.
            self.depend(head_key(summary.module, name))
            return self.function_value(summary, name)
        self.depend(symbol_key(summary.module, name))
        if summary.function(name):
            return self.function_value(summary, name)
        if summary.klass(name):
            return {("class", self.full(summary, name))}
        body = summary.module_body
        values: set[Value] = set()
        for binding in body.bindings:
            if binding.name == name and _reaches(binding, reach) and (
                    binding.value or binding.members or binding.literal is not None
                    or binding.annotation or binding.number is not None or binding.via):
                values |= _stored_over(self._module_binding(summary, binding), binding, reach)
        if values or any(b.name == name and b.members == () and not b.value for b in body.bindings
                         if b.line and not summary.function(name)):
            for function, binding in self._global_mutations(summary).get(name, ()):
                values |= self.binding_value(binding, (summary, function))
        rebinders = () if _killed_by_call(body, name, reach) else self._global_rebindings(summary).get(name, ())
        for function, binding in rebinders:
            # `global client` then `client = httpx.AsyncClient()` in a startup hook or a lifespan:
            # the module's `client = None` is filled there before any request reads it.
            self.depend_symbol(summary.module, function.qualname.split(".", 1)[0])
            values |= self.binding_value(binding, (summary, function))
        if values:
            return merge_collections(values)
        star_targets = []
        for imp in summary.imports:
            if imp.scope:
                continue
            if imp.is_star:
                star_targets.append(imp.target)
            elif imp.local == name:
                return self.target(imp.target)
        for target in star_targets:
            if target in _seen:
                continue
            other = self.index.module(target)
            self.depend(target)
            if other is not None and (other.dunder_all is None or name in other.dunder_all):
                found = self._module_symbol(other, name, _seen | {target})
                if found:
                    return found
        return set()

    def _global_mutations(self, summary: FileSummary) -> dict[str, list[tuple[FunctionInfo, Binding]]]:
        """Members functions add to module-level containers (`REGISTRY[name] = fn` in a
        decorator, `HANDLERS.append(h)` in a loader): name -> (function, mutation)."""
        key = ("mutations", summary.module)
        entry = self._valid(key)
        if entry is None:
            found: dict[str, list] = {}
            for function in summary.functions[1:]:
                own = {p.name for p in function.params} | {b.name for b in function.bindings if not b.mutates}
                for binding in function.bindings:
                    if binding.mutates and (binding.name not in own or binding.name in function.globals_declared):
                        found.setdefault(binding.name, []).append((function, binding))
            entry = (found, frozenset(), self._revision)
            self._memo[key] = entry
        return entry[0]

    def _global_rebindings(self, summary: FileSummary) -> dict[str, list[tuple[FunctionInfo, Binding]]]:
        """Module names functions assign after `global name` (`client = Client()` in a startup
        function): name -> (function, binding)."""
        key = ("rebindings", summary.module)
        entry = self._valid(key)
        if entry is None:
            found: dict[str, list] = {}
            for function in summary.functions[1:]:
                for binding in function.bindings:
                    if binding.name in function.globals_declared and not binding.mutates:
                        found.setdefault(binding.name, []).append((function, binding))
            entry = (found, frozenset(), self._revision)
            self._memo[key] = entry
        return entry[0]

    def _module_binding(self, summary: FileSummary, binding: Binding) -> set[Value]:
        values = self.binding_value(binding, (summary, summary.module_body))
        if binding.value and binding.value[-1].startswith("(") and any(
            v[0] == "exti" and v[1] in HOOKS.signal_classes for v in values
        ):
            return {("signal", self.full(summary, binding.name))}
        return values

    def binding_value(self, binding: Binding, scope: Scope) -> set[Value]:
        if binding.via is not None:
            return self._rebound_by(binding, scope[0])
        if binding.annotation:
            typed = self.type_of(binding.annotation, scope)
            if typed and (_names_workspace(typed) or not (binding.value or binding.members)):
                return typed
            if typed:  # `handlers: dict[str, Callable] = {...}`: the value says more than the annotation
                return self.binding_value(binding._replace(annotation=None), scope) or typed
        if binding.default is not None and binding.value:  # the attribute when set, else the fallback
            return self.evaluate(binding.value, scope, binding.line) | {("str", binding.default)}
        if binding.literal is not None:
            if binding.keys:  # a list of strings: a collection of them
                return {("coll", frozenset(("str", text) for text in binding.literal.split(",")))}
            return {("str", binding.literal)}
        if binding.number is not None:
            return {("num", binding.number)}
        if binding.members and binding.value:  # `a + b`: `a.__add__(b)`, unless it gives nothing of ours
            operated = self.evaluate(binding.value, scope, binding.line)
            if _informative(operated):
                return operated
        if binding.members:
            members: set[Value] = set()
            keyed: dict[str, set[Value]] = {}
            for position, chain in enumerate(binding.members):
                found = self.evaluate(chain, scope, binding.line)
                members |= found
                key = binding.keys[position] if position < len(binding.keys) else ""
                if key:
                    keyed.setdefault(key, set()).update(found)
            if binding.union:
                return members
            if not members:
                return set()
            if keyed:
                return {("coll", frozenset(members), tuple(sorted((k, frozenset(v)) for k, v in keyed.items())))}
            return {("coll", frozenset(members))}
        if binding.value:
            made = self._factory_model(binding, scope)
            return made if made is not None else self.evaluate(binding.value, scope, binding.line)
        return set()

    def factory_made(self, binding: Binding, scope: Scope) -> bool:
        """Whether `binding` is a model-class factory's result (`inlineformset_factory(...)`)."""
        value = binding.value
        if not value or len(value) < 2 or not value[-1].startswith("("):
            return False
        factories = HOOKS.model_class_factories | HOOKS.inline_model_factories
        return any(v[0] == "ext" and v[1] in factories for v in self.evaluate(value[:-1], scope))

    def _factory_model(self, binding: Binding, scope: Scope) -> set[Value] | None:
        """`inlineformset_factory(Product, Stock, ...)` / `modelformset_factory(model=Stock)`: the
        model class its instances save, read from the call on the binding's line (the chain holds
        only the first argument); None when the binding is no such call."""
        if not self.factory_made(binding, scope):
            return None
        value = binding.value
        inline = any(v[0] == "ext" and v[1] in HOOKS.inline_model_factories for v in self.evaluate(value[:-1], scope))
        for site in scope[1].calls:
            if site.span.line != binding.line or tuple(site.callee or ()) != tuple(value[:-1]):
                continue
            chain = {k: v for k, v in site.kwargs if k}.get("model")
            if chain is None:
                position = 1 if inline else 0
                chain = site.args[position] if len(site.args) > position else None
            return {v for v in self.evaluate(chain, scope) if v[0] == "class"} if chain else set()
        return None

    def type_of(self, annotation: Chain | None, scope: Scope) -> set[Value]:
        """Instances of the class an annotation names; a generic container's annotation
        (`list[Handler]`, `dict[str, H]`, `tuple[User, bool]`, `QuerySet[Profile]`) gives a
        collection (or a queryset) of its element types."""
        if annotation and OF in annotation:
            return self._generic(annotation, scope)
        out: set[Value] = set()
        for value in self.evaluate(annotation, scope):
            if value[0] == "class":
                out.add(("inst", value[1]))
            elif value[0] == "ext" and value[1] not in UNTYPED:
                out.add(("exti", boto3_stub_type(value[1]) or value[1]))
        return out

    def _element_type(self, name: str, scope: Scope) -> set[Value]:
        """One element name of a generic annotation: instances of the class, or (after `NESTED`)
        a sequence of them (`Iterable[Plugin]` in `Tuple[Iterable[Plugin], Config]`)."""
        if not name:
            return set()
        if name.startswith(NESTED):
            members = self.type_of(tuple(name[len(NESTED):].split(".")), scope)
            return {("coll", frozenset(members))} if members else set()
        return self.type_of(tuple(name.split(".")), scope)

    def _generic(self, annotation: Chain, scope: Scope) -> set[Value]:
        at = annotation.index(OF)
        outer, names = annotation[:at], annotation[at + 1:]
        workspace = {v for v in self.evaluate(outer, scope) if v[0] == "class"}
        if workspace:  # a workspace generic class (`Box[Order]`) is an instance of itself
            return {("inst", v[1]) for v in workspace}
        items = [self._element_type(name, scope) for name in names]
        container = outer[-1]
        if container in CLASS_OBJECTS:
            # `Type[Base]` holds Base or any subclass: a class whose instances are not exact.
            found = items[0] if items else set()
            return {("class", v[1], SUBCLASSES) if v[0] == "inst" else ("ext", v[1]) for v in found
                    if v[1] not in TYPE_VARIABLES}
        if container in QUERYSETS:
            return {("manager", v[1]) for v in items[0] if v[0] == "inst"} if items else set()
        if container in MAPPINGS:
            members = items[-1] if items else set()
        elif container in ("tuple", "Tuple") and not (len(names) == 2 and names[1] == ""):
            members = set().union(*items) if items else set()
            keyed = tuple((f"#{i}", frozenset(found)) for i, found in enumerate(items) if found)
            return {("coll", frozenset(members), keyed)} if members else set()
        else:
            members = items[0] if items else set()
        return {("coll", frozenset(members))} if members else set()

    # -- qualified targets -----------------------------------------------------------------
    def target(self, dotted: str) -> set[Value]:
        """Resolve an absolute dotted path (an import target) to a workspace value or an external."""
        if not dotted:
            return set()
        # Depend on the name and its prefixes even when no such module is indexed yet: adding
        # one later must re-resolve this file (a file opened before indexing reached it, a new file).
        parts = dotted.split(".")
        for end in range(1, len(parts) + 1):
            self.depend(".".join(parts[:end]))
        if self.index.module(dotted) is not None:
            return {("mod", dotted)}
        found = self.index.split(dotted)
        if found is None or not found[1]:
            return {("ext", dotted)}
        module, rest = found
        self.depend(module)
        summary = self.index.module(module)
        if summary is None:
            return {("ext", dotted)}
        parts = rest.split(".")
        values = self.module_symbol(summary, parts[0])
        if not values:
            # A submodule not indexed (yet) or a name we cannot see: keep it as external so sinks
            # declared on vendored copies still match.
            return {("ext", dotted)}
        for part in parts[1:]:
            values = self._apply(values, lambda v, p=part: self.attribute(v, p))
        return values

    # -- attributes ------------------------------------------------------------------------
    def attribute(self, value: Value, name: str) -> set[Value]:
        if value[0] == "dyn":
            return self._dynamic_attribute(value[1], name)
        if name.startswith(DELEGATED):
            return set()  # `getattr(obj, variable)`: no attribute in particular
        kind = value[0]
        if kind == "mod":
            summary = self.index.module(value[1])
            self.depend(value[1])
            if summary is None:
                return set()
            if name.startswith("*"):
                return self._prefixed_functions(summary, name[1:])
            if name == "__dict__":
                return {self._module_members(summary)}
            found = self.module_symbol(summary, name)
            if found:
                return found
            sub = f"{value[1]}.{name}"
            self.depend(sub)  # also when missing: a submodule added later changes this answer
            if self.index.module(sub) is not None:
                return {("mod", sub)}
            return set()
        if kind in ("class", "inst") and name == OPTIONS:
            options = self._options(value)
            if options:
                return options
        if kind == "options":
            return self._option(value, name)
        if kind == "class":
            if name == "__subclasses__":
                return self._direct_subclasses(value[1])
            found = self.class_attribute(value[1], name, instance=False)
            if len(value) > 2 and any(v[0] == "func" for v in found):
                # `cls.hook()` in a classmethod: `cls` may be any subclass, which may override it
                found = found | set(self._memoised(("overrides", value[1], name),
                                                   lambda: frozenset(self._overrides(value[1], name))))
            return found
        if kind == "inst":
            return self.class_attribute(value[1], name, instance=True, exact=len(value) > 2)
        if kind == "super":
            found = self.class_attribute(value[1], name, instance=True, skip_self=True)
            if found:
                return found
            return set(self._memoised(("mixin-super", value[1], name),
                                      lambda: frozenset(self._mixin_super(value[1], name)), in_progress=frozenset()))
        if kind in ("ext", "exti"):
            dotted = f"{value[1]}.{name}"
            if dotted.startswith(HOOKS.settings_roots):
                return self.setting(name) or {("ext", dotted)}
            known = HOOKS.external_attribute(self, dotted)  # `request.user`: the user model's instance
            if known:
                return known
            if HOOKS.is_app(kind, value[1]):
                stored = self.app_attribute(name)
                if stored:
                    return stored
            return {("ext", dotted)}
        if kind == "manager":
            return {("mgrm", value[1], name)}
        if kind == "coll":
            # `__enter__`: a generator function made a context manager (`@contextmanager`) enters
            # as what it yields.
            if name in ("get", "values", "pop", "setdefault", "items", "copy", "__enter__", "__aenter__"):
                return {("collm", value, name)}
            return set()
        if kind == "func":
            nested = self.index.function(f"{value[1]}.{name}")
            if nested is not None:  # `outer.inner`: how the graph names a nested function
                return {("func", f"{value[1]}.{name}")}
            return {("fattr", value[1], name)}
        if kind == "signal":
            return {("sigm", value[1], name)}
        if kind == "str" and name in STRING_SPLITS:
            return {("strm", value[1], name)}
        return set()

    # -- options declared in an inner `class Meta:` ------------------------------------------
    def _options(self, value: Value) -> set[Value]:
        """`cls._meta` of a class whose hierarchy declares an inner `class Meta:` (graphene's
        types and mutations, Django models): the options object, read through `_option`. Exact
        for a class named in the code or an instance built here; else also its subclasses'."""
        cls = value[1]
        exact = value[0] == "class" and len(value) == 2 or value[0] == "inst" and len(value) > 2
        classes = [cls] if exact else [cls, *self.subclasses(cls)]
        if self.is_model(cls) or any(summary.klass(f"{info.qualname}.Meta") is not None
                                     for summary, info in self.workspace_classes(self.mro(cls)[0] + classes[1:])):
            return {("options", cls) if exact else ("options", cls, SUBCLASSES)}
        return set()

    def _option(self, value: Value, name: str) -> set[Value]:
        """`cls._meta.model`: what the first `Meta` of the class's MRO that sets `name` gives it,
        for each class `cls` may be (at most MAX_VALUES / 2 values: more, and only the class's
        own); a Django model's `_meta.model` is the model. An option no `Meta` sets is what the
        library's options object gives."""
        cls = value[1]
        key = ("option", cls, name, len(value) > 2)
        return set(self._memoised(key, lambda: frozenset(self._option_uncached(cls, name, len(value) > 2))))

    def _option_uncached(self, cls: str, name: str, subclasses: bool) -> set[Value]:
        own = self._declared_option(cls, name)
        if subclasses:
            out = set(own)
            for sub in self.subclasses(cls):
                out |= self._declared_option(sub, name)
                if len(out) > MAX_VALUES // 2:
                    out = own
                    break
            own = out
        if own:
            return own
        if name == "model" and self.is_model(cls):
            return {("class", cls, SUBCLASSES) if subclasses else ("class", cls)}
        out: set[Value] = set()
        for library in self.class_attribute(cls, OPTIONS, instance=False):
            out |= self.attribute(library, name)
        return out

    def _declared_option(self, cls: str, name: str) -> set[Value]:
        for summary, info in self.workspace_classes(self.mro(cls)[0]):
            meta = summary.klass(f"{info.qualname}.Meta")
            if meta is None:
                continue
            for binding in meta.attrs:
                if binding.name == name:
                    return self.binding_value(binding, (summary, summary.module_body))
        return set()

    def built_by(self, cls: str, factory: str) -> set[Value]:
        """Instances a generic view's `get_form()`/`get_serializer()` builds: its `form_class` /
        `serializer_class`, or whatever its `get_form_class()` returns."""
        attribute, getter = HOOKS.factory_methods[factory]
        classes = self._factory_classes(cls, attribute, getter)
        if not any(v[0] == "class" for v in self._factory_classes(cls, attribute, getter, exact=True)):
            # A base view that names no form or serializer itself (`serializer_class` left to its
            # subclasses, as a generic nested viewset does): what its subclasses name is built.
            for sub in self.subclasses(cls)[:MAX_VALUES]:
                classes |= self._factory_classes(sub, attribute, getter)
        return {("inst", v[1]) for v in classes if v[0] == "class"}

    def _factory_classes(self, cls: str, attribute: str, getter: str, exact: bool = False) -> set[Value]:
        classes = self.class_attribute(cls, attribute, instance=False)
        for method in self.class_attribute(cls, getter, instance=True, exact=exact):
            if method[0] == "func":
                classes |= self.returns(method[1])
        return classes

    def _mixin_super(self, mixin: str, name: str) -> set[Value]:
        """`super().update()` in a mixin without bases: the next class after the mixin in the
        method resolution order of the workspace classes that use it (a workspace class that
        defines `name`, else their library bases' `name`)."""
        workspace, external = self.mro(mixin)
        if len(workspace) > 1 or external:
            return set()
        out: set[Value] = set()
        for sub in self.subclasses(mixin)[:MAX_VALUES]:
            order, outside = self.mro(sub)
            if mixin not in order:
                continue
            for owner in order[order.index(mixin) + 1:]:
                found = self.index.klass(owner)
                if found is not None and found[0].function(f"{found[1].qualname}.{name}") is not None:
                    out |= self.function_value(found[0], f"{found[1].qualname}.{name}")
                    break
            else:
                out |= {("ext", f"{base}.{name}") for base in outside}
        return out

    def class_attribute(self, cls: str, name: str, instance: bool, skip_self: bool = False, exact: bool = False) -> set[Value]:
        """An attribute of a class or of an instance; `exact` instances (made by a constructor call
        here) have no subclass overrides to consider."""
        key = ("attr", cls, name, instance, skip_self, exact)
        return set(self._memoised(key, lambda: frozenset(self._class_attribute(cls, name, instance, skip_self, exact))))

    def _class_attribute(self, cls: str, name: str, instance: bool, skip_self: bool, exact: bool) -> set[Value]:
        if name.startswith("*"):
            return self._prefixed_methods(cls, name[1:], exact)
        workspace, external = self.mro(cls)
        classes = workspace[1:] if skip_self else workspace
        for owner in classes:
            found = self.index.klass(owner)
            if found is None:
                continue
            summary, info = found
            method_qual = f"{info.qualname}.{name}"
            method = summary.function(method_qual)  # its name and decorators: the class's key
            if method is not None:
                full = self.full(summary, method_qual)
                if instance and PROPERTY_DECORATORS & set(method.decorator_names):
                    return self.returns(full)
                values = self.function_value(summary, method_qual)
                if instance and not skip_self and not exact:
                    overrides = self._overrides(cls, name)
                    if method.stub:
                        overrides |= self._implementations(owner, name)
                    if overrides and (method.stub or "abstractmethod" in method.decorator_names):
                        return overrides  # an abstract method never runs: its implementations do
                    values |= overrides
                return values
            nested = summary.klass(method_qual)
            if nested is not None:
                return {("class", self.full(summary, method_qual))}
            values = self._attribute_bindings(summary, info, name, instance)
            if instance and values:
                values = self._through_descriptors(cls, summary, info, name, values)
            if not skip_self and not exact and _declared_only(info, name):
                values |= self._assigned_by_subclasses(cls, name)
            elif not skip_self and not exact and _none_placeholder(info, name):
                # `form_class = None` for the subclasses to name a class the base's code builds
                # (`self.form_class(...)`): each subclass's class, never a base's further up
                named = {v for v in self._assigned_by_subclasses(cls, name) if v[0] == "class"}
                if named:
                    return named
            if values and name in HOOKS.manager_attributes and not instance \
                    and all(v[0] == "inst" or _built_manager(v) for v in values) and self.is_model(cls):
                # `objects = SoftDeleteManager()` on a model (or its abstract base): a manager of
                # `cls` still (`get`, `create`…), and its own class for the methods it adds.
                values = values | {("manager", cls)}
            if values:
                return values
        if instance and not skip_self and not exact:
            filled = self._filled_by_subclasses(cls, name)
            if filled:
                return filled
            defined = self._defined_by_subclasses(cls, name) or self._set_by_subclasses(cls, name)
            if defined:
                return defined | {("ext", f"{base}.{name}") for base in external}
        if name in HOOKS.manager_attributes and not instance and self.is_model(cls):
            return {("manager", cls)}
        if name in HOOKS.manager_attributes and not instance and not external:
            # `cls.query` in a classmethod of a mixin the models share: each model's query
            models = sorted(sub for sub in self.subclasses(cls) if self.is_model(sub))
            if models:
                return {("manager", model) for model in models[:MAX_VALUES]}
        if instance and name in HOOKS.factory_methods:
            return {("factory", cls, name)}
        if not instance and name in HOOKS.view_factories and external:
            return {("viewf", cls)}
        if instance and not name.startswith("_") and self.is_model(cls):
            related = self._reverse_relation(cls, name)  # `profile.photos`: Photo's `ForeignKey(Profile)`
            if related:
                return related
        if instance and not name.startswith("__"):
            fallback = self._getattr_fallback(classes, external, name)
            if fallback:
                return fallback
        if not instance and not name.startswith("__"):
            forwarded = self._metaclass_getattr(cls, name)
            if forwarded:
                return forwarded
        outside = {("ext", f"{base}.{name}") for base in external}
        if instance and external:  # `self.object` of a generic view: what the framework puts there
            return outside | HOOKS.instance_attribute(self, cls, name)
        return outside

    def accessors(self, chain: Chain, scope: Scope, line: int = 0) -> set[str]:
        """The workspace functions that reading the attributes of `chain` runs: a property's
        getter (`self.transport.notify()` runs `transport`), a `__getattr__` the lookup falls back
        to. The edges of the call that reads them."""
        out: set[str] = set()
        # Only a name some class makes an accessor of can run code when read (each name's key
        # recorded: a property added elsewhere later makes this read one): most reads need no
        # walk at all.
        if not self.defines("__getattr__"):
            named = self._named_parts(chain)
            if not named:
                return out
        else:
            named = None
        read: list[tuple[str, set[Value]]] = []
        last = chain[-1]
        receivers = self.evaluate(chain[:-1], scope, line, read)  # one walk, not one per prefix
        if len(chain) > 1 and not last.startswith(("(", "[", DELEGATED)) and last != OF and last != INDEX:
            read.append((last, receivers))
        for part, receivers in read:
            if part.startswith("*") or (named is not None and part not in named):
                continue
            for receiver in receivers:
                if receiver[0] == "inst":
                    out |= self._accessor(receiver[1], part)
        return out

    def _named_parts(self, chain: Chain) -> set[str]:
        """The attribute names of `chain` whose read may run workspace code: a property of that
        name, or a class attribute of that name while some class defines `__get__` (a class
        attribute names a descriptor only then)."""
        cache = self._accessor_parts
        reads = self._dependencies[-1]
        named: set[str] = set()
        for part in chain[1:]:  # `_kept`, inline: every read site asks this of every part
            found = cache.get(part)
            if found is None:
                if self._kept(part, self._is_accessor_name):
                    named.add(part)
                continue
            reads.update(found[0])
            if found[1]:
                named.add(part)
        return named

    def defines(self, name: str) -> bool:
        """Whether some workspace class defines `name` as an accessor (the index's accessor
        names: `__getattr__`, `__set__`, an operator's method, `=attr`), the key recorded."""
        key = _DEFINES + name
        found = self._accessor_parts.get(key)
        if found is not None:  # `_kept`, inline: every read site asks this
            self._dependencies[-1].update(found[0])
            return found[1]
        return self._kept(key, lambda _: self.index.defines_accessor(name))

    def _kept(self, key: str, answer) -> bool:
        """`answer(key)` and the keys it read, kept until the next edit and replayed: every read
        site asks these of its names."""
        found = self._accessor_parts.get(key)
        if found is None:
            value, keys = self.recorded(lambda: answer(key))
            self._accessor_parts[key] = (keys, value)
            return value
        self._dependencies[-1].update(found[0])
        return found[1]

    def _is_accessor_name(self, part: str) -> bool:
        index = self.index
        return part.isidentifier() and (index.defines_accessor(part) or (
            index.defines_accessor(ATTRIBUTE_READ) and index.defines_accessor(CLASS_ATTRIBUTE + part)))

    def setters(self, chain: Chain, scope: Scope, line: int = 0) -> set[str]:
        """The `__set__` methods assigning the attribute `chain` names runs: of a data descriptor
        its receiver's class holds under that name. Only where some workspace class defines
        `__set__` and some class has a class attribute of that name (each read recorded)."""
        name = chain[-1]
        if len(chain) < 2 or not name.isidentifier() or not self.defines(ATTRIBUTE_WRITE) \
                or not self.defines(CLASS_ATTRIBUTE + name):
            return set()
        out: set[str] = set()
        for receiver in self.evaluate(chain[:-1], scope, line):
            if receiver[0] == "inst":
                out |= self._setter(receiver[1], name)
        return out

    def _setter(self, cls: str, name: str) -> frozenset[str]:
        def compute():
            for summary, info in self.workspace_classes(self.mro(cls)[0]):
                qualname = f"{info.qualname}.{name}"
                if summary.function(qualname) is not None or summary.klass(qualname) is not None:
                    return frozenset()
                if any(b.name == name for b in info.attrs):
                    return frozenset(
                        v[1] for value in sorted(self._attribute_bindings(summary, info, name, False), key=value_order)
                        if value[0] == "inst"
                        for v in self.class_attribute(value[1], ATTRIBUTE_WRITE, instance=True, exact=True)
                        if v[0] == "func")
            return frozenset()
        return self._memoised(("setter", cls, name), compute, in_progress=frozenset())

    def _accessor(self, cls: str, name: str) -> frozenset[str]:
        def compute():
            getattr_owner = None
            for summary, info in self.workspace_classes(self.mro(cls)[0]):
                method = summary.function(f"{info.qualname}.{name}")
                if method is not None:
                    if PROPERTY_DECORATORS & set(method.decorator_names):
                        return frozenset({self.full(summary, method.qualname)})
                    return frozenset()
                if summary.klass(f"{info.qualname}.{name}") is not None:
                    return frozenset()
                if any(b.name == name for b in info.attrs):
                    return self._descriptor_getters(cls, summary, info, name)
                if getattr_owner is None and "__getattr__" in info.methods:
                    getattr_owner = self.full(summary, f"{info.qualname}.__getattr__")
            if getattr_owner is None or self._attribute_bindings_anywhere(cls, name):
                return frozenset()
            return frozenset({getattr_owner})
        return self._memoised(("accessor", cls, name), compute, in_progress=frozenset())

    def _descriptor_getters(self, cls: str, summary: FileSummary, info: ClassInfo, name: str) -> frozenset[str]:
        """A class attribute holding an instance of a class with `__get__` (a descriptor): reading
        it on an instance runs that `__get__`, unless the instance's own `self.name` hides it (a
        descriptor without `__set__`/`__delete__`)."""
        out: set[str] = set()
        for value in self._attribute_bindings(summary, info, name, False):
            if value[0] != "inst":
                continue
            getters = {v[1] for v in self.class_attribute(value[1], ATTRIBUTE_READ, instance=True, exact=True)
                       if v[0] == "func"}
            if getters and not any(self.class_attribute(value[1], m, instance=True, exact=True)
                                   for m in ("__set__", "__delete__")) and self._attribute_bindings_anywhere(cls, name):
                continue
            out |= getters
        return frozenset(out)

    def _through_descriptors(self, cls: str, summary: FileSummary, info: ClassInfo, name: str,
                             values: set[Value]) -> set[Value]:
        """An instance attribute whose class attribute is a descriptor holds what its `__get__`
        returns (`View().action()` calls the function `__get__` hands back), not the descriptor."""
        if not any(v[0] == "inst" for v in values) or not self.defines(ATTRIBUTE_READ):
            return values
        getters = self._descriptor_getters(cls, summary, info, name)
        if not getters:
            return values
        out = {v for v in values if v[0] != "inst" or not any(
            g[0] == "func" and g[1] in getters
            for g in self.class_attribute(v[1], ATTRIBUTE_READ, instance=True, exact=True))}
        for getter in sorted(getters):
            out |= self.returns(getter)
        return out

    def _attribute_bindings_anywhere(self, cls: str, name: str) -> bool:
        """Whether some method of the class's workspace MRO assigns `self.name` (then no
        `__getattr__` runs for it)."""
        for summary, info in self.workspace_classes(self.mro(cls)[0]):
            for method_name in info.methods:
                method = summary.function(f"{info.qualname}.{method_name}")
                if method is not None and any(b.name == name for b in method.self_attrs):
                    return True
        return False

    def _getattr_fallback(self, classes: list[str], external: list[str], name: str) -> set[Value]:
        """An instance attribute the class does not define is what its `__getattr__` returns
        (`builder.welcome_email` -> the function `__getattr__` builds), the workspace's own
        `__getattr__` first, then one an installed base class defines."""
        for owner in classes:
            found = self.index.klass(owner)
            if found is not None and "__getattr__" in found[1].methods:
                summary, info = found
                return self._delegated(summary, f"{info.qualname}.__getattr__", name) | self.returns(
                    self.full(summary, f"{info.qualname}.__getattr__"))
        library = self.index.library
        if library is None:
            return set()
        out: set[Value] = set()
        for base in external:
            if library.values(f"{base}.{name}"):
                return set()  # the base defines it: `__getattr__` never runs
            out |= {v for v in library.call_result(f"{base}.__getattr__") if v[0] == "ext"}
        return out

    def _metaclasses(self, cls: str) -> list[str]:
        """The workspace metaclasses the classes of `cls`'s workspace MRO declare
        (`class SettingsOverrideObject(metaclass=SettingsOverrideMeta)`)."""
        out: list[str] = []
        for summary, info in self.workspace_classes(self.mro(cls)[0]):
            if not info.metaclass:
                continue
            for value in sorted(self.evaluate(info.metaclass, (summary, summary.module_body)), key=value_order):
                if value[0] == "class" and value[1] not in out:
                    out.append(value[1])
        return out

    def _metaclass_getattr(self, cls: str, name: str) -> set[Value]:
        """A class attribute the class does not define is what its metaclass's `__getattr__`
        returns for it, read with that method's `cls` being this class: a proxy class whose
        metaclass forwards to the class a class attribute or a setting names
        (`getattr(get_override_class(cls, cls._default_class), attr)`) hands out that class's
        attribute (`GitHubService.for_user` -> the real service's classmethod)."""
        for meta in self._metaclasses(cls):
            found = self.index.klass(meta)
            if found is None or "__getattr__" not in found[1].methods:
                continue
            summary, info = found
            qualname = f"{info.qualname}.__getattr__"
            narrowed = self if self.receiver == cls else self._narrowed_to(cls)
            values = self._through(narrowed, Resolver._delegated, summary, qualname, name)
            return {v for v in values if v[0] != "dyn"}
        return set()

    def _delegated(self, summary: FileSummary, qualname: str, name: str) -> set[Value]:
        """`def __getattr__(self, name): return getattr(self.state, name, None)` hands the asked
        attribute to what `self.state` holds (a Flask extension proxying the client `init_app`
        chose): `name` of each value of the delegate."""
        method = summary.function(qualname)
        if method is None or len(method.params) < 2:
            return set()
        asked = DELEGATED + method.params[1].name
        out: set[Value] = set()
        for chain in method.return_values[:8]:
            if len(chain) > 1 and chain[-1] == asked:
                for delegate in self.evaluate(chain[:-1], (summary, method)):
                    out |= self.attribute(delegate, name)
        unset = {f"{root}.{name}" for root in HOOKS.settings_roots}
        if any(v[0] == "ext" and v[1] in unset for v in out) and _reads_registry(summary, method):
            out |= self._registered_defaults(summary, name)
        return out

    def _registered_defaults(self, summary: FileSummary, name: str) -> set[Value]:
        """The `default=` literal given where a setting `name` is registered
        (`register_setting(name="X", default="pkg.Form")`): a call of a module-level function of
        the settings object's module whose first parameter is the name and which takes a
        `default`. What a settings object serves for a name the project's settings leave unset."""
        out: set[Value] = set()
        for filler in summary.functions:
            if not filler.qualname or filler.parent or filler.class_name:
                continue
            params = [p.name for p in filler.params]
            if len(params) < 2 or "default" not in params:
                continue
            full = self.full(summary, filler.qualname)
            for ref in self.index.call_sites(filler.name):
                site = ref.site
                given = dict(site.kw_literals)
                for position, literal in enumerate(site.arg_literals[: len(params)]):
                    if literal is not None:
                        given.setdefault(params[position], literal)
                if given.get(params[0]) != name or "default" not in given or not site.callee:
                    continue
                if ("func", full) in self.evaluate(site.callee, (ref.summary, ref.function)):
                    out.add(("str", given["default"]))
        return out

    def _is_classmethod(self, full: str) -> bool:
        found = self.index.function(full)
        return found is not None and "classmethod" in found[1].decorator_names

    def _implementers(self, chain: Chain, scope: Scope) -> set[Value]:
        """Iterating what a call built from an interface class (`PluginImplementations(IFoo)`,
        `ExtensionPoint(IFoo)`): an instance of each workspace class that implements it, by
        naming it in a class-body call or class decorator (`implements(IFoo)`, `@implementer(IFoo)`)
        or, for an interface whose own methods are all stubs (`pass`, `...`, `raise
        NotImplementedError`), by deriving from it."""
        out: set[Value] = set()
        for value in self.evaluate(chain, scope):
            if value[0] != "class" or len(value) > 2:
                continue
            found = self.index.klass(value[1])
            if found is None:
                continue
            summary, info = found
            implementers = self._declared_implementers(value[1])
            methods = [summary.function(f"{info.qualname}.{m}") for m in info.methods]
            if methods and all(m is not None and m.stub for m in methods):
                implementers |= set(self.subclasses(value[1]))
            out |= {("inst", cls) for cls in sorted(implementers)[:MAX_VALUES] if cls != value[1]}
        return out

    def _declared_implementers(self, interface: str) -> set[str]:
        """Classes whose body calls `implements(interface, ...)` or that a decorator
        `@implementer(interface)` marks."""
        out: set[str] = set()
        for tail in ("implements", "implementer"):
            for ref in self.index.call_sites(tail):
                site = ref.site
                if ref.function.qualname or not site.args or not site.args[0]:
                    continue
                body = (ref.summary, ref.summary.module_body)
                if not any(v[:2] == ("class", interface) for v in self.evaluate(site.args[0], body)):
                    continue
                self.depend(position_key(ref.summary.module))  # which class holds the call
                owner = self.index.klass(self.full(ref.summary, ref.decorated)) if ref.decorated else None
                info = owner[1] if owner else _class_at(ref.summary, site.span.line)
                if info is not None:
                    out.add(self.full(ref.summary, info.qualname))
        return out

    def _builtin_members(self, builtin: str, argument: str, scope: Scope) -> set[Value]:
        """`globals()`, `vars(module)`: the module's names as a collection keyed by name (a registry
        filled by `for name, fn in list(globals().items()): ACTIONS[name] = fn`); `list(xs)`,
        `sorted(xs)`, `tuple(xs)`: what `xs` holds."""
        if builtin == "globals":
            return {self._module_members(scope[0])} if not argument else set()
        if not argument.startswith("@"):
            return set()
        values = self.evaluate(argument_chain(argument), scope)
        if builtin == "vars":
            return {self._module_members(self.index.module(v[1]))
                    for v in values if v[0] == "mod" and self.index.module(v[1]) is not None}
        return values

    def _module_members(self, summary: FileSummary) -> Value:
        """A module's top-level functions and classes, keyed by name (read by other files too:
        the registry it fills is, so the keys are recorded for the module's own reads as well)."""
        self.depend(position_key(summary.module))  # which defs and classes it has
        keyed: dict[str, set[Value]] = {}
        for function in summary.functions[1:]:
            if "." not in function.qualname:
                keyed.setdefault(function.qualname, set()).update(self.module_symbol(summary, function.qualname))
        for info in summary.classes:
            if not info.parent and "." not in info.qualname:
                keyed.setdefault(info.qualname, set()).update(self.module_symbol(summary, info.qualname))
        members = frozenset(v for found in keyed.values() for v in found)
        return ("coll", members, tuple(sorted((k, frozenset(v)) for k, v in keyed.items())))

    def _prefixed_functions(self, summary: FileSummary, prefix: str) -> set[Value]:
        """`getattr(chats, f"send_to_{channel}")` on a module: each of its top-level functions
        with that prefix."""
        if not prefix:
            return set()
        self.depend(position_key(summary.module))  # which defs the module has
        out: set[Value] = set()
        for function in summary.functions[1:]:
            if "." not in function.qualname and function.name.startswith(prefix):
                out |= self.module_symbol(summary, function.qualname)
        return out

    def _prefixed_methods(self, cls: str, prefix: str, exact: bool) -> set[Value]:
        """`getattr(self, "action_%s" % x)`: any method of the class (or a subclass) with that prefix."""
        owners = list(self.mro(cls)[0]) + ([] if exact else self.subclasses(cls))
        out: set[Value] = set()
        for summary, info in self.workspace_classes(owners):
            for method in info.methods:
                if method.startswith(prefix):
                    out.add(("func", self.full(summary, f"{info.qualname}.{method}")))
        return out

    def _attribute_bindings(self, summary: FileSummary, info: ClassInfo, name: str, instance: bool) -> set[Value]:
        values: set[Value] = set()
        module_scope = (summary, summary.module_body)
        for binding in info.attrs:
            if binding.name == name:
                related = self._related_model(summary, info, binding) if instance else set()
                values |= related or self.binding_value(binding, module_scope)
        if instance:
            writers = [summary.function(f"{info.qualname}.{method_name}") for method_name in info.methods]
            inside = f"{info.qualname}."
            # closures inside the methods (a decorator's `register`) write the same `self`
            writers += [f for f in summary.functions if f.parent and f.parent.startswith(inside) and f.self_attrs]
            for method in writers:
                if method is None:
                    continue
                for binding in method.self_attrs:
                    if binding.name == name:
                        self.depend(member_key(summary.module, method.qualname))  # read in its scope
                        values |= self.binding_value(binding, (summary, method))
        return values

    def _filled_by_subclasses(self, cls: str, name: str) -> set[Value]:
        """A class attribute the class leaves empty (`event_handlers = {}`) and subclasses fill
        with a collection (a registry of handler classes): read through `self` in the base's
        code, it is any subclass's collection. Only collections: a subclass's `queryset` or
        `model` does not widen the base's (entries2: registries by class attribute)."""
        out: set[Value] = set()
        for summary, info in self.workspace_classes(self.subclasses(cls)):
            for binding in info.attrs:
                if binding.name == name and binding.members:
                    out |= {v for v in self.binding_value(binding, (summary, summary.module_body)) if v[0] == "coll"}
        return out

    def _defined_by_subclasses(self, cls: str, name: str) -> set[Value]:
        """A method no class of the MRO defines, called on an instance that may be any subclass
        (`provider.exchange_code_for_token()` with `provider` typed as the base, after the
        caller's `issubclass` check): each subclass's definition of it."""
        if name.startswith("__"):
            return set()
        out: set[Value] = set()
        for summary, info in self.workspace_classes(self.subclasses(cls)):
            if summary.function(f"{info.qualname}.{name}") is not None:
                out |= self.function_value(summary, f"{info.qualname}.{name}")
        return out

    def _set_by_subclasses(self, cls: str, name: str) -> set[Value]:
        """An instance attribute no class of the MRO sets, read through a `self` that may be any
        subclass (`self.handler()` in a base whose subclasses' `__init__` sets `self.handler =
        self.on_event`): what each subclass's methods assign to it."""
        if name.startswith("__"):
            return set()
        subclasses = list(self.workspace_classes(self.subclasses(cls)))
        if not subclasses:
            return set()
        for summary, info in self.workspace_classes(self.mro(cls)[0]):
            if self._binds(summary, info, name):
                return set()  # the base binds it (`notifier = None`): its subclasses' class attributes do not widen it
        out: set[Value] = set()
        for summary, info in subclasses:
            for method_name in info.methods:
                method = summary.function(f"{info.qualname}.{method_name}")
                for binding in method.self_attrs if method is not None else ():
                    if binding.name == name:
                        self.depend(member_key(summary.module, method.qualname))
                        out |= self.binding_value(binding, (summary, method))
        return out

    def _binds(self, summary: FileSummary, info: ClassInfo, name: str) -> bool:
        """Whether a class's body or one of its methods binds the attribute `name` (to anything)."""
        if any(b.name == name for b in info.attrs):
            return True
        for method_name in info.methods:
            method = summary.function(f"{info.qualname}.{method_name}")
            if method is not None:
                # Its `self.x = ...` stores by name: the class's key holds them per method (not
                # the method's own key, which a line deleted in its body changes).
                self.depend(symbol_key(summary.module, method.qualname))
                if any(b.name == name for b in method.self_attrs):
                    return True
        return False

    def _assigned_by_subclasses(self, cls: str, name: str) -> set[Value]:
        """A class attribute a base only declares (`repository_class: type[RepoT]`) is what its
        subclasses assign (`repository_class = OrderRepository`), or the method they define for it
        (a hook `order_created: Callable` a plugin implements): read through a `self` or `cls`
        that may be any of them, it is each subclass's value, as an abstract method is each
        implementation."""
        out: set[Value] = set()
        for summary, info in self.workspace_classes(self.subclasses(cls)):
            if summary.function(f"{info.qualname}.{name}") is not None:  # a declared hook, implemented
                out |= self.function_value(summary, f"{info.qualname}.{name}")
                continue
            for binding in info.attrs:
                if binding.name == name and not _declared_only(info, name):
                    out |= self.binding_value(binding, (summary, summary.module_body))
        return out

    def _related_model(self, summary: FileSummary, info: ClassInfo, binding: Binding) -> set[Value]:
        """`owner = ForeignKey(User, ...)` / `OneToOneField("accounts.Profile")`: on an instance the
        field is the related model's instance (`HOOKS.relation_fields`); a file field's is the file
        it holds (`HOOKS.field_values`)."""
        chain = binding.value
        if not chain or len(chain) < 2 or not chain[-1].startswith("("):
            return set()
        scope = (summary, summary.module_body)
        fields = self.evaluate(chain[:-1], scope)
        held = {("exti", HOOKS.field_values[v[1]]) for v in fields if v[0] == "ext" and v[1] in HOOKS.field_values}
        if held:  # `avatar = ImageField(...)`: on an instance, the file the field holds
            return held
        many = any(v[0] == "ext" and v[1] in HOOKS.many_relation_fields for v in fields)
        either = any(v[0] == "ext" and v[1] in HOOKS.either_relation_fields for v in fields)
        if chain[-1] == CALL or not (many or either or any(v[0] == "ext" and v[1] in HOOKS.relation_fields for v in fields)):
            return set()
        # `tags = ManyToManyField(Tag)`: `post.tags` manages Tags; SQLAlchemy's `relationship(Tag)`
        # is one Tag or a list of them, as the foreign keys decide: both.
        kinds = ("inst", "manager") if either else ("manager",) if many else ("inst",)
        argument = chain[-1][1:-1]
        if argument.startswith("@"):
            models = [v[1] for v in self.evaluate(argument_chain(argument), scope) if v[0] == "class"]
        else:
            models = self._referenced_models(argument, self.full(summary, info.qualname))
        return {(kind, model) for model in models for kind in kinds}

    def _reverse_relation(self, cls: str, name: str) -> set[Value]:
        """The other side of a relation field (`photos` on a Profile when Photo declares
        `ForeignKey(Profile, related_name="photos")`; `photo_set` without one): a manager of the
        declaring model, or its instance for a one-to-one (`profile.photo`). A many-to-many field
        gives a manager on both sides."""
        relations = self._memoised(("reverse-relations",), self._reverse_relations, in_progress={})
        return set(relations.get((cls, name), ()))

    def _reverse_relations(self) -> dict:
        out: dict[tuple[str, str], set[Value]] = {}
        for tail in sorted(HOOKS.relation_tails):
            for ref in self.index.call_sites(tail):
                summary, site = ref.summary, ref.site
                if ref.function.qualname or ref.decorated or not site.args or not site.callee:
                    continue  # a field is declared in a class body (recorded with the module's calls)
                owner = _class_at(summary, site.span.line)
                if owner is None:
                    continue
                body = (summary, summary.module_body)
                kinds = {v[1] for v in self.evaluate(site.callee, body) if v[0] == "ext"}
                many = bool(kinds & HOOKS.many_relation_fields)
                model = self.full(summary, owner.qualname)
                if kinds & HOOKS.either_relation_fields:  # `relationship(Query, backref="alerts")`
                    related = _backref_name(summary, site)
                    for target in self._relation_targets(site, body, model) if related else ():
                        out.setdefault((target, related), set()).update({("inst", model), ("manager", model)})
                    continue
                if not many and not kinds & HOOKS.relation_fields:
                    continue
                targets = self._relation_targets(site, body, model)
                related = dict(site.kw_literals).get("related_name")
                one = not many and site.callee[-1] in HOOKS.one_to_one_tails
                default = owner.name.lower() + ("" if one else "_set")
                if related == "+" or (related and not related.isidentifier()):
                    continue
                value = ("inst", model) if one else ("manager", model)
                for target in targets:
                    out.setdefault((target, related or default), set()).add(value)
        return {key: frozenset(values) for key, values in out.items()}

    def _relation_targets(self, site, scope: Scope, model: str) -> list[str]:
        """The model a relation field points at: a class, "self", or a string reference."""
        if site.arg_literals and site.arg_literals[0]:
            return self._referenced_models(site.arg_literals[0], model)
        chain = site.args[0]
        if not chain:
            return []
        return [v[1] for v in self.evaluate(chain, scope) if v[0] == "class"]

    def _referenced_models(self, reference: str, model: str) -> list[str]:
        """The models a relation field's string reference names: "self" is the declaring `model`."""
        return [model] if reference == "self" else self._models_named(reference)

    def models_named(self, reference: str) -> list[str]:
        """Workspace models a string reference names ("Profile", "accounts.Profile")."""
        return self._models_named(reference)

    def _models_named(self, reference: str) -> list[str]:
        """Workspace models a string reference ("Profile", "accounts.Profile") may name: by class
        name, in a module under the app label when one is given and matches."""
        def compute():
            label, _, name = reference.rpartition(".")
            found = []
            for module, summary in self.index.modules():
                if label and label in module.split("."):
                    self.depend(symbol_key(module, name))  # the app's class of that name, also absent
                for info in summary.classes:
                    if info.name == name and not info.parent and self.is_model(self.full(summary, info.qualname)):
                        self.depend_symbol(module, info.qualname)
                        found.append((label in module.split("."), self.full(summary, info.qualname)))
            preferred = [full for in_app, full in found if in_app]
            return tuple(preferred or [full for _, full in found])
        return list(self._memoised(("models-named", reference), compute, in_progress=()))

    def _overrides(self, cls: str, name: str) -> set[Value]:
        """Class-hierarchy analysis: `self.m()` may run an override in any subclass."""
        out: set[Value] = set()
        for summary, info in self.workspace_classes(self.subclasses(cls)):
            if summary.function(f"{info.qualname}.{name}") is not None:
                out.add(("func", self.full(summary, f"{info.qualname}.{name}")))
        return out

    def _implementations(self, protocol: str, name: str) -> set[Value]:
        """`name` in every workspace class that implements `protocol` structurally (defines all its
        methods), when `protocol` is a `typing.Protocol`: a receiver typed by it runs theirs."""
        if not any(base.rsplit(".", 1)[-1] == "Protocol" for base in self.bases(protocol)[1]):
            return set()
        return set(self._memoised(("implementations", protocol, name),
                                  lambda: frozenset(self._structural(protocol, name))))

    def _structural(self, protocol: str, name: str) -> set[Value]:
        found = self.index.klass(protocol)
        if found is None:
            return set()
        wanted = set(found[1].methods)
        stub = found[0].function(f"{found[1].qualname}.{name}")
        out: set[Value] = set()
        for module, summary in self.index.modules():
            for info in summary.classes:
                if name not in info.methods or not wanted <= set(info.methods):
                    continue
                method = summary.function(f"{info.qualname}.{name}")
                if stub is not None and method is not None and not _accepts_calls_of(method, stub):
                    continue  # `execute(self, input, role, context)` is no `execute(self, statement)`
                full = self.full(summary, info.qualname)
                if full == protocol or any(b.rsplit(".", 1)[-1] == "Protocol" for b in self.bases(full)[1]):
                    continue
                self.depend(module)
                out.add(("func", f"{full}.{name}"))
        return out

    def _direct_subclasses(self, cls: str) -> set[Value]:
        """`cls.__subclasses__`: called, the list of the classes that name `cls` among their bases
        (a registry a classmethod walks to build the one whose name matches)."""
        direct = frozenset(("class", sub) for sub in self.subclasses(cls) if cls in self.bases(sub)[0])
        return {("collm", ("coll", direct), "values")} if direct else set()

    def subclasses(self, cls: str, limit: int = 200) -> list[str]:
        """Transitive workspace subclasses of `cls` (verified by resolving their bases)."""
        out: list[str] = []
        pending = [cls]
        seen = {cls}
        while pending and len(out) < limit:
            current = pending.pop()
            tail = current.rsplit(".", 1)[-1]
            self.depend(f"sub:{tail}")
            for candidate in sorted(self.index.subclass_candidates(tail)):
                if candidate in seen:
                    continue
                if current in self.bases(candidate)[0]:
                    seen.add(candidate)
                    out.append(candidate)
                    pending.append(candidate)
        return out

    # -- classes ---------------------------------------------------------------------------
    def bases(self, cls: str) -> tuple[list[str], list[str]]:
        """Direct bases of a workspace class: (workspace classes, external dotted names)."""
        return self._memoised(("bases", cls), lambda: self._bases(cls), in_progress=([], []))

    def _bases(self, cls: str) -> tuple[list[str], list[str]]:
        found = self.index.klass(cls)
        if found is None:
            return [], []
        summary, info = found
        scope = (summary, summary.function(info.parent) if info.parent else summary.module_body)
        if scope[1] is None:
            scope = (summary, summary.module_body)
        workspace, external = [], []
        for base in info.bases:
            if len(base) > 1 and base[-1] == INDEX:  # a generic alias: `ModelAdmin[Profile]` is a ModelAdmin
                base = base[:-1]
            # A base with several values (`Base = A if x else B`): in a canonical order, since the
            # MRO follows it and a set iterates in hash order.
            for value in sorted(self.evaluate(base, scope), key=value_order):  # type: ignore[arg-type]
                if value[0] == "class" and value[1] != cls:
                    workspace.append(value[1])
                elif value[0] == "ext":
                    external.append(value[1])
        return workspace, external

    def workspace_classes(self, names):
        """`(summary, info)` of each of the class `names` the workspace defines, in order (the others,
        installed or unknown, are left out): the walk over an MRO or a subclass list that most
        class-hierarchy questions make. Read through `self.index`, so each lookup is a dependency."""
        for name in names:
            found = self.index.klass(name)
            if found is not None:
                yield found

    def mro(self, cls: str) -> tuple[list[str], list[str]]:
        """Workspace classes in method resolution order (cls first) and the external bases reached."""
        return self._memoised(("mro", cls), lambda: self._mro(cls), in_progress=([cls], []))

    def _mro(self, cls: str) -> tuple[list[str], list[str]]:
        order: list[str] = []
        external: list[str] = []
        pending = [cls]
        while pending and len(order) < 64:
            current = pending.pop(0)
            if current in order:
                continue
            order.append(current)
            workspace, ext = self.bases(current)
            pending.extend(workspace)
            external.extend(e for e in ext if e not in external)
        return order, external

    def cascade_deletes(self, model: str) -> list[str]:
        """The models whose rows deleting a `model` row deletes too, as its framework finds them."""
        return list(self._memoised(("cascade", model), lambda: tuple(HOOKS.cascade_deletes(self, model)), in_progress=()))

    def is_model(self, cls: str) -> bool:
        workspace, external = self.mro(cls)
        if any(HOOKS.is_model_base(e) for e in external):
            return True
        # A base we cannot read (`MP_Node` of a tree package not installed): a model when its
        # classes declare ORM fields.
        return bool(external) and self._memoised(("model-fields", cls), lambda: self._declares_fields(workspace),
                                                 in_progress=False)

    def _declares_fields(self, classes: list[str]) -> bool:
        for summary, info in self.workspace_classes(classes):
            scope = (summary, summary.function(info.parent) if info.parent else summary.module_body)
            for binding in info.attrs:
                value = binding.value
                if value and len(value) >= 2 and value[-1].startswith("(") and any(
                        v[0] == "ext" and HOOKS.is_model_field(v[1]) for v in self.evaluate(value[:-1], scope)):
                    return True
        return False

    def is_subclass_of(self, cls: str, names: frozenset[str] | tuple[str, ...], prefixes: tuple[str, ...] = ()) -> bool:
        """Whether `cls` derives from one of `names` (qualified), in the workspace or outside it."""
        workspace, external = self.mro(cls)
        for candidate in workspace + external:
            if candidate in names or (prefixes and candidate.startswith(prefixes)):
                return True
        return False

    def _enclosing_class(self, scope: Scope) -> str | None:
        summary, function = scope
        current: FunctionInfo | None = function
        while current is not None:
            if current.class_name:
                return self.full(summary, current.class_name)
            current = summary.function(current.parent) if current.parent else None
        return None

    # -- calls -----------------------------------------------------------------------------
    def call_result(self, value: Value, part: str, scope: Scope) -> set[Value]:
        kind = value[0]
        if kind == "func":
            if part.startswith("(") and len(value) == 2:
                returned = self.returns(value[1])
                loaded = self._loaded_by_path(value[1], returned, part, scope)
                if loaded:
                    return loaded
                if part.startswith("(@"):
                    return returned | self._returned_argument(value[1], part, scope)
                return returned
            return self.returns(value[1])
        if kind == "class":
            # A class named in the code builds exactly itself; one typed `Type[Base]` any subclass.
            return {("inst", value[1])} if len(value) > 2 else {("inst", value[1], True)}
        if kind == "ext":
            return self._external_call(value[1], part, scope)
        if kind == "exti":
            # An installed class's instance called (`SessionLocal()` of a sessionmaker): what its
            # `__call__` returns.
            return self._external_call(f"{value[1]}.__call__", part, scope)
        if kind == "mgrm":
            model, method = value[1], value[2]
            if method in HOOKS.manager_returns_instance:
                return {("inst", model)}
            if method in HOOKS.manager_returns_queryset:
                return {("manager", model)}
            if not method.startswith("_") and method not in HOOKS.manager_returns_other:
                return {("manager", model)}  # the project's own queryset method: `single_owner(user)`
            return set()
        if kind == "strm":
            return _split_string(value[1], value[2], part)
        if kind == "collm":
            collection, method = value[1], value[2]
            if method in ("values", "copy"):
                return {collection}
            if method == "items":
                return {("coll", frozenset({("coll", collection[1])}))}
            return self.index_result(collection, f"[{part[1:-1]}]" if part != CALL else INDEX)
        if kind == "factory":
            return self.built_by(value[1], value[2])
        if kind == "viewf":
            return {("view", value[1])}
        if kind == "inst":
            method = self.class_attribute(value[1], "__call__", instance=True)
            return self._apply(method, lambda v: self.returns(v[1]) if v[0] == "func" else set())
        if kind == "dyn" and value[1] == "class":
            return {("dyn", "inst")}
        return set()

    def _loaded_by_path(self, function: str, returned: set[Value], part: str, scope: Scope) -> set[Value]:
        """`import_dotted_path(settings.FORM_CLASS)` of the project's own loader (a function that
        imports by a computed path: what it returns is some class loaded at run time): what the
        dotted paths this call passes name, not the union over every caller's paths."""
        if ("dyn", "class") not in returned:
            return set()
        found = self.index.function(function)
        if found is None or found[1].receiver_param or not found[1].params:
            return set()
        kinds = found[1].param_kinds or ("p",) * len(found[1].params)
        if kinds[0] != "p":
            return set()
        argument = part[1:-1]
        if argument.startswith(("(", "*")):
            return set()
        loaded = {v for v in self._import_string(argument, scope) if v[0] in ("class", "func")}
        if loaded and argument.startswith("@") and any(
                v[0] != "str" for v in self.evaluate(argument_chain(argument), scope)):
            return loaded | returned  # a path computed at run time too: also what the loader finds
        return loaded

    def _returned_argument(self, function: str, part: str, scope: Scope) -> set[Value]:
        """`pick(handler)()` of a plain function that returns its first parameter: what this call
        passes there (`returns` has the union over the call sites that name it; a call of a call,
        `make()(handler)`, is named by none)."""
        found = self.index.function(function)
        if found is None or found[1].receiver_param or not found[1].params:
            return set()
        info = found[1]
        kinds = info.param_kinds or ("p",) * len(info.params)
        if kinds[0] != "p" or (info.params[0].name,) not in info.return_values:
            return set()
        return self.evaluate(argument_chain(part[1:-1]), scope)

    def _dynamic_attribute(self, what: str, name: str) -> set[Value]:
        """A module imported by a computed path holds some class (`getattr(module, name)`); that
        class, or an instance of it, is one of the workspace's plugins for the method asked: each
        class that overrides `name` of a workspace base, and that base (SMS gateways, backends)."""
        if what == "module":
            return {("dyn", "class")}
        if name.startswith(("__", DELEGATED)):
            return set()
        return set(self._memoised(("plugin-family", name), lambda: frozenset(self._plugin_family(name))))

    def _plugin_family(self, name: str) -> set[Value]:
        out: set[Value] = set()
        for _module, summary in self.index.modules():
            for info in summary.classes:
                if name not in info.methods:
                    continue
                full = self.full(summary, info.qualname)
                for summary2, base in self.workspace_classes(self.mro(full)[0][1:]):
                    if name in base.methods:
                        out.add(("func", f"{full}.{name}"))
                        out.add(("func", self.full(summary2, f"{base.qualname}.{name}")))
                        break
        return out

    def _external_call(self, dotted: str, part: str, scope: Scope) -> set[Value]:
        argument = part[1:-1]
        if dotted in IMPORT_STRING and argument.startswith("*"):
            # `import_module("app.actions." + name)`: the modules under that path, else some plugin module
            return self._modules_under(argument[1:]) or {("dyn", "module")}
        if dotted in MEMBER_LISTS and argument.startswith("@"):
            # `inspect.getmembers(module, predicate)`: (name, value) pairs of its names
            modules = [self.index.module(v[1]) for v in self.evaluate(argument_chain(argument), scope) if v[0] == "mod"]
            pairs = [("coll", self._module_members(m)[1]) for m in modules if m is not None]
            return {("coll", frozenset(pairs))} if pairs else {("exti", dotted)}
        if dotted in IMPORT_STRING or dotted.endswith(".import_string"):
            found = self._import_string(argument, scope)
            if dotted == "importlib.import_module" and (not argument or argument.startswith("@")):
                # A path in a variable may be computed at run time (read from the database) even
                # when some callers pass literals: also some plugin module.
                return found | {("dyn", "module")}
            return found
        if dotted in HOOKS.model_class_factories and argument.startswith("@"):  # entries2: formsets
            return {v for v in self.evaluate(argument_chain(argument), scope) if v[0] == "class"}
        if dotted in CASTS and argument.startswith("@"):  # `cast(User, user)` is a User
            return self.type_of(argument_chain(argument), scope)
        if dotted in HOOKS.object_loaders and argument.startswith("@"):
            loaded = self.evaluate(argument_chain(argument), scope)
            return {("inst", v[1]) for v in loaded if v[0] in ("class", "manager")}
        known = HOOKS.external_result(self, dotted, argument)  # entries3: an entry point's `load()`
        if known:
            return known
        if dotted.rpartition(".")[2] in RESULT_RUNNERS and argument.startswith("@"):
            return self._run_result(argument, scope)
        factory = BOTO3_FACTORIES.get(dotted)
        if factory and argument:
            return self._boto3_clients(factory, argument, scope)
        if self.index.library is not None:  # the installed package says what it returns
            found = self.index.library.call_result(dotted)
            if found or dotted not in LIBRARY_FACTORIES:
                return {("exti", dotted)} | found
        if dotted in LIBRARY_FACTORIES:
            built = LIBRARY_FACTORIES[dotted]
            if isinstance(built, list):  # a list of instances of that class
                return {("coll", frozenset(("exti", name) for name in built))}
            return {("exti", built)}
        return {("exti", dotted)}

    def _run_result(self, argument: str, scope: Scope) -> set[Value]:
        """`await asyncio.to_thread(gh.get_repo, name)` (or `run_in_threadpool`, anyio's
        `run_sync`) returns what calling its first argument returns: here a PyGithub Repository."""
        out: set[Value] = set()
        for callee in self.evaluate(argument_chain(argument), scope):
            out |= self.call_result(callee, CALL, scope)
        return out

    def _modules_under(self, prefix: str) -> set[Value]:
        """The workspace modules a path with this literal start may name (at most MAX_VALUES, by name)."""
        self.depend(SCAN_MODULES)
        found = sorted(module for module, _ in self.index.modules() if module.startswith(prefix))
        return {("mod", module) for module in found[:MAX_VALUES]}

    def _boto3_clients(self, factory: str, argument: str, scope: Scope) -> set[Value]:
        """`boto3.client("iam")` (or a session's): the client of that service, whose every method
        is a call to it. A service named by a variable (`session.client(service)` in a decorator
        factory) is each string it holds, else a client of some service (`boto3.client:?`)."""
        if not argument.startswith("@"):
            return {("exti", f"{factory}:{argument}")}
        names = {v[1] for v in self.evaluate(argument_chain(argument), scope) if v[0] == "str"}
        return {("exti", f"{factory}:{name}") for name in sorted(names)} or {("exti", f"{factory}:?")}

    def _import_string(self, argument: str, scope: Scope) -> set[Value]:
        if not argument:
            return set()
        texts = []
        if argument.startswith("@"):
            for value in self.evaluate(argument_chain(argument), scope):
                if value[0] == "str":
                    texts.append(value[1])
        else:
            texts.append(argument)
        out: set[Value] = set()
        for text in texts:
            out |= self.target(text.replace(":", "."))
        return out

    def returns(self, function: str) -> set[Value]:
        """What calling a workspace function returns: its annotation, else its return expressions."""
        return set(self._memoised(("returns", function), lambda: frozenset(self._returns(function))))

    def _returns(self, function: str) -> set[Value]:
        found = self.index.function(function)
        values: set[Value] = set()
        if found is not None:
            summary, info = found
            scope = (summary, info)
            if info.returns:
                values = self._self_type(function, self.type_of(info.returns, scope))
                if not values:
                    values = {("exti", v[1]) for v in self.evaluate(info.returns, scope)
                              if v[0] == "ext" and v[1] not in UNTYPED}
                if values and values <= CALLABLE_TYPES:
                    # A function picked from a registry (`return handlers.get(kind)`). One of its
                    # own nested functions (a decorator factory's) stays opaque: its closure is
                    # another function at every call, which one context-free answer would merge.
                    own = function + "."
                    picked: set[Value] = set()
                    for chain in info.return_values[:8]:
                        picked |= self.evaluate(chain, scope)
                    if picked and not any(v[0] == "func" and v[1].startswith(own) for v in picked):
                        values = picked
                elif values and all(self._loose_type(v) for v in values):
                    # `-> SESClient` of a class that only spells a client's methods, `-> Session`
                    # on a function that returns `session.client("s3")`: the library object the
                    # body hands back is what its callers use.
                    for chain in info.return_values[:8]:
                        values = values | {v for v in self.evaluate(chain, scope) if v[0] == "exti"}
            if not values:
                for chain in info.return_values[:8]:
                    values |= self.evaluate(chain, scope)
            if not values:  # entries3: a registry's lookup returns what was registered
                values = HOOKS.unknown_return(self, function)
        return values

    def _loose_type(self, value: Value) -> bool:
        """An annotation that may stand for a library object it does not name: an installed
        class (not a builtin or `typing` one), or a workspace class whose methods are all stubs
        (declared only to type an SDK client)."""
        if value[0] == "exti":
            return not value[1].startswith(("builtins.", "typing.", "typing_extensions.", "collections."))
        if value[0] != "inst":
            return False
        found = self.index.klass(value[1])
        if found is None:
            return False
        summary, info = found
        methods = [summary.function(f"{info.qualname}.{name}") for name in info.methods]
        return bool(methods) and all(m is not None and m.stub for m in methods) and not info.bases

    def _self_type(self, function: str, values: set[Value]) -> set[Value]:
        """A method annotated `-> Self` (a classmethod factory, a fluent setter) returns an
        instance of its class, or of any subclass it is called on."""
        if not values or not values <= SELF_TYPES:
            return values
        owner = function.rpartition(".")[0]
        return {("inst", owner)} if self.index.klass(owner) is not None else set()

    def index_result(self, value: Value, part: str = INDEX) -> set[Value]:
        kind = value[0]
        if kind == "coll":
            if part.startswith("[#") and ":" in part:  # a slice: the elements it keeps
                return {self._sliced(value, part)}
            if len(value) > 2 and part != INDEX:
                # A literal key or position picks its member; an unknown one may be any member.
                for key, members in value[2]:
                    if f"[{key}]" == part:
                        return set(members)
                if part.startswith("[#") and any(key.startswith("#") for key, _ in value[2]) \
                        and all(key for key, _ in value[2]):
                    return set()  # a position the tuple holds a constant at (`return obj, True`)
            return set(value[1])
        if kind == "manager":
            return {("inst", value[1])}
        if kind in ("ext", "exti"):
            return {("exti", value[1] + (INDEX if part.startswith("[#") else part))}
        if kind == "inst" and part == INDEX:
            return self._iterated(value)
        return set()

    @staticmethod
    def _sliced(value: Value, part: str) -> Value:
        """`xs[1:3]` of a collection: the members at positions 1 and 2, now at 0 and 1; a slice
        whose bounds are not read, or of a collection without positions, keeps every member."""
        low, _, high = part[2:-1].partition(":")
        keys = value[2] if len(value) > 2 else ()
        if not low.isdigit() or not keys or not all(key.startswith("#") and key[1:].isdigit() for key, _ in keys):
            return ("coll", value[1])
        start, stop = int(low), int(high) if high.isdigit() else 64
        kept = tuple((f"#{int(key[1:]) - start}", members) for key, members in keys if start <= int(key[1:]) < stop)
        members = frozenset(m for _, found in kept for m in found)
        return ("coll", members, kept) if kept else ("coll", members)

    def _iterated(self, value: Value) -> set[Value]:
        """What iterating an instance of a workspace class gives: what `__next__` returns, of what
        its `__iter__` returns (`return self`, or another iterator instance)."""
        out: set[Value] = set()
        for method in self.class_attribute(value[1], "__iter__", instance=True, exact=len(value) > 2):
            if method[0] != "func":
                continue
            for iterator in self.returns(method[1]):
                if iterator[0] != "inst":
                    continue
                for step in self.class_attribute(iterator[1], "__next__", instance=True, exact=len(iterator) > 2):
                    if step[0] == "func":
                        out |= self.returns(step[1])
        return out

    def load_class(self, label: str, name: str) -> set[Value]:
        """A class loaded by name (django-oscar's get_class(label, name)), as its framework finds it."""
        return set(self._memoised(("load-class", label, name), lambda: frozenset(HOOKS.load_class(self, label, name))))

    def app_attribute(self, attribute: str) -> set[Value]:
        """`current_app.mail`: what the app factory stored there, as the app's framework finds it."""
        return set(self._memoised(("app-attr", attribute), lambda: frozenset(HOOKS.app_attribute(self, attribute))))

    # -- settings --------------------------------------------------------------------------
    def setting(self, name: str) -> set[Value]:
        """A constant from the project's settings modules (`settings.X` in Django, `config[...]`)."""
        out: set[Value] = set()
        for module in self._settings_with_defaults():
            self.depend(module)
            self.depend(symbol_key(module, name))
            summary = self.index.module(module)
            if summary is None:
                continue
            scope = (summary, summary.module_body)
            for binding in summary.module_body.bindings:
                if binding.name == name and (binding.literal is not None or binding.members):
                    # a string, a list of them, or lists joined (`BUILTIN_PLUGINS + EXTRA_PLUGINS`)
                    out |= self.binding_value(binding, scope)
        return out

    def _settings_with_defaults(self) -> list[str]:
        """The settings modules and the workspace modules they star-import, transitively: a
        package's defaults (`from shop.defaults import *` in the project's settings) are settings
        too."""
        modules = list(self.settings_modules())
        seen = set(modules)
        for module in modules:  # grows while it is walked
            self.depend(module)
            summary = self.index.module(module)
            for imp in summary.imports if summary is not None else ():
                if imp.is_star and not imp.scope and imp.target not in seen and self.index.module(imp.target) is not None:
                    seen.add(imp.target)
                    modules.append(imp.target)
        return modules

    def setting_constants(self, name: str) -> frozenset[str]:
        """The bool/None literals the settings modules bind `name` to, an environment read's
        `default=` included ("?" for any other value); test settings are left out (the app runs
        with its own). Empty when no settings module binds it."""
        out: set[str] = set()
        for module in self.settings_modules():
            if is_test_module(module):
                continue
            self.depend(module)
            self.depend(symbol_key(module, name))
            summary = self.index.module(module)
            if summary is None:
                continue
            for binding in summary.module_body.bindings:
                if binding.name == name:
                    out.add(binding.constant or arguments.UNKNOWN)
        return frozenset(out)

    def settings_modules(self) -> list[str]:
        self.depend(SCAN_MODULES)
        entry = self._memo.get(("settings-modules",))
        if entry is None:
            modules = [m for m in self.index.path_of if HOOKS.is_settings_module(m)]
            entry = (modules, frozenset())
            self._memo[("settings-modules",)] = entry
        return entry[0]


# A dotted path taken apart (`module, name = path.rsplit(".", 1)`, `path.rpartition(".")`) to load
# the class it names: the pieces, by position. A call part names only the separator, so
# `rsplit(sep)` is read with the one split a path loader asks for.
STRING_SPLITS = frozenset({"split", "rsplit", "partition", "rpartition"})


def _split_string(text: str, method: str, part: str) -> set[Value]:
    if part != CALL and (not part.startswith("(") or part.startswith(("(@", "(*"))):
        return set()  # a separator in a variable
    separator = part[1:-1] or None
    if method == "rsplit":
        pieces = text.rsplit(separator, 1)
    elif method == "split":
        pieces = text.split(separator)
    elif separator is None:
        return set()
    else:
        pieces = list(text.partition(separator) if method == "partition" else text.rpartition(separator))
    keyed = tuple((f"#{i}", frozenset({("str", piece)})) for i, piece in enumerate(pieces))
    return {("coll", frozenset(("str", piece) for piece in pieces), keyed)}


def _reaching(function: FunctionInfo, name: str, line: int) -> tuple:
    """Which plain bindings of `name` in `function` cannot reach `line`, as (kill, later): `kill`
    is the line of the last one every path to `line` passes (its statement ends above `line`, in a
    block that holds `line`; 0 when none does), which replaces every binding made above it;
    `later` the lines of those made on `line` or below outside any loop around `line`. `()`: all
    of them reach it."""
    kill = 0
    later: list[int] = []
    stored: dict[str, int] = {}
    for binding in function.bindings:
        dominates = binding.dominates
        if dominates is None or binding.name != name:
            continue
        offset = line - binding.line  # `dominates` counts lines from the binding's own
        if binding.mutates:  # `d["a"] = f` above the use, on every path to it
            if dominates[0] < offset and dominates[1] <= offset <= dominates[2]:
                stored[binding.keys[0]] = max(stored.get(binding.keys[0], 0), binding.line)
            continue
        if offset <= 0:
            if not dominates[3] <= offset <= dominates[4]:
                later.append(binding.line)
        elif dominates[0] < offset and dominates[1] <= offset <= dominates[2] and binding.line > kill:
            kill = binding.line
    if not kill and not later and not stored:
        return ()
    return (kill, tuple(sorted(set(later))), tuple(sorted(stored.items())))


_DEFINES = CLASS_ATTRIBUTE * 2  # `Resolver.defines`' keys in the cache it shares with read parts


def _killed_by_call(function: FunctionInfo, name: str, reach: tuple) -> bool:
    """Whether the rebinding every path to the use `reach` describes passes last is a call of a
    function that rebinds `name` (`configure()`, `switch()`): what it stores is the value there, not
    the union of every function that may store one."""
    kill = reach[0] if reach else 0
    return bool(kill) and any(b.line == kill and b.name == name and b.via for b in function.bindings)


def _stored_over(values: set[Value], binding: Binding, reach: tuple) -> set[Value]:
    """What `binding` still gives at the use `reach` describes: the members it put under a literal
    key that a later store under that key replaces on every path to the use (`d = {"a": f1}`, then
    `d["a"] = f2`) are no longer there."""
    if len(reach) < 3 or not reach[2]:
        return values
    for key, line in reach[2]:
        if binding.line < line:
            values = {_without_key(v, key) if v[0] == "coll" and len(v) > 2 else v for v in values}
    return values


def _without_key(value: Value, key: str) -> Value:
    keyed = dict(value[2])
    removed = keyed.pop(key, None)
    if removed is None:
        return value
    kept = frozenset().union(*keyed.values()) if keyed else frozenset()
    return ("coll", frozenset(m for m in value[1] if m in kept or m not in removed), tuple(sorted(keyed.items())))


def _informative(values) -> bool:
    """Whether what the bindings reaching a use give says something of the workspace. When they
    give nothing or only outside objects (`manager = promise.get()`, `img = img.resize(...)`: a
    result no summary describes), the name is read as the union of all its bindings in the scope,
    which are most often values of one kind (`manager = get_plugins_manager()` further down)."""
    return any(v[0] not in ("ext", "exti") for v in values)


def _reaches(binding: Binding, reach: tuple) -> bool:
    """Whether `binding` may reach the point `reach` (from `_reaching`) describes."""
    if not reach:
        return True
    kill, later = reach[0], reach[1]
    return binding.line >= kill and not (binding.dominates is not None and binding.line in later)


def _positional(info: FunctionInfo) -> tuple[int, int, bool]:
    """A method's positional parameters after its receiver: how many a call must pass, how many
    it may pass, and whether it takes `*args`."""
    defaults = {name for name, _ in info.const_defaults}
    kinds = info.param_kinds or ("p",) * len(info.params)
    positional = [b for b, kind in zip(info.params, kinds) if kind == "p"]
    if info.receiver_param is not None:
        positional = positional[1:]
    required = 0
    for binding in positional:
        if binding.value is not None or binding.literal is not None or binding.number is not None \
                or binding.members or binding.name in defaults:
            break
        required += 1
    return required, len(positional), "*" in kinds


def _accepts_calls_of(method: FunctionInfo, stub: FunctionInfo) -> bool:
    """Whether `method` accepts every positional call a protocol's `stub` allows: it asks no
    more arguments than the stub may be given, and takes as many as it must be."""
    stub_required, stub_total, stub_star = _positional(stub)
    required, total, star = _positional(method)
    return stub_star or (required <= stub_total and (star or total >= stub_required))


def _class_at(summary: FileSummary, line: int) -> ClassInfo | None:
    """The innermost class whose body holds `line`."""
    found = None
    for info in summary.classes:
        if info.span.line <= line <= info.span.end_line and (found is None or info.span.line >= found.span.line):
            found = info
    return found


def _names_workspace(values: set[Value]) -> bool:
    """Whether an annotation's values name something of the workspace (a class, or a container
    of one): not only `Callable`, `Any` or other library types."""
    for value in values:
        if value[0] == "coll":
            if _names_workspace(set(value[1])):
                return True
        elif value[0] not in ("ext", "exti"):
            return True
    return False


def _none_placeholder(info: ClassInfo, name: str) -> bool:
    """Whether the class body binds `name` only to `None` (`form_class = None`): a slot its
    subclasses fill."""
    own = [b for b in info.attrs if b.name == name]
    return bool(own) and all(b.constant == "None" and not b.members for b in own)


def _declared_only(info: ClassInfo, name: str) -> bool:
    """Whether the class body only declares `name` (`mailer: Mailer`, no value): its subclasses
    or instances are to fill it."""
    own = [b for b in info.attrs if b.name == name]
    return bool(own) and all(b.annotation and not (b.value or b.members or b.literal is not None
                                                    or b.number is not None) for b in own)


def merge_collections(values: set[Value]) -> set[Value]:
    """One container built in several statements (a literal, then `d[k] = v`, `xs.append(v)`) is
    one collection: its members and keys together, so a key is looked up in all of them."""
    collections = [v for v in values if v[0] == "coll"]
    if len(collections) < 2:
        return values
    members: set[Value] = set()
    keyed: dict[str, set[Value]] = {}
    complete = True
    for value in collections:
        members |= value[1]
        keys = value[2] if len(value) > 2 else ()
        covered: set[Value] = set()
        for key, found in keys:
            keyed.setdefault(key, set()).update(found)
            covered |= found
        complete = complete and covered == set(value[1])
    merged = ("coll", frozenset(members), tuple(sorted((k, frozenset(v)) for k, v in keyed.items()))) \
        if keyed and complete else ("coll", frozenset(members))
    return {v for v in values if v[0] != "coll"} | {merged}


def _backref_name(summary: FileSummary, site) -> str | None:
    """The attribute a SQLAlchemy `relationship(..., backref="alerts")` (or `backref=backref("alerts",
    ...)`) adds to the related class."""
    named = dict(site.kw_literals).get("backref")
    if named:
        return named if named.isidentifier() else None
    chain = dict(site.kwargs).get("backref")
    if not chain or chain[-1] == CALL or not chain[-1].startswith("("):
        return None
    calls = summary.module_body.calls
    position = calls.index(site) if site in calls else -1
    for inner in calls:
        if inner.parent == position and inner.callee and inner.callee[-1] == chain[-2] and inner.arg_literals:
            text = inner.arg_literals[0]
            return text if text and text.isidentifier() else None
    return None


def _reads_registry(summary: FileSummary, method: FunctionInfo) -> bool:
    """Whether `method` looks a key up in a container its module binds (`registry[name]`)."""
    module_names = {b.name for b in summary.module_body.bindings}
    return any(b.value and len(b.value) == 2 and b.value[1] == "[]" and b.value[0] in module_names
               for b in method.bindings)


def _fills_registry(function: FunctionInfo) -> bool:
    """Whether the function adds to a container it does not own (`REGISTRY[name] = cls` in
    `register(cls)` or in a decorator factory's inner function): a registry's filler."""
    own = {p.name for p in function.params} | {b.name for b in function.bindings if not b.mutates}
    return any(b.mutates and (b.name not in own or b.name in function.globals_declared) for b in function.bindings)


def _decorated_by(summary: FileSummary, qualname: str, site) -> FunctionInfo | None:
    """The definition named `qualname` that `site` decorates (None for a class): a name defined
    twice (an import fallback, a redefinition) keeps only its last definition in the by-name map,
    which need not be the decorated one."""
    found = summary.function(qualname)
    if found is None or site in found.decorators:
        return found
    return next((f for f in summary.functions if f.qualname == qualname and site in f.decorators), found)


def _enclosing_parameters(summary: FileSummary, function: FunctionInfo) -> frozenset[str]:
    """The parameters of the functions around `function` that it does not shadow: in a wrapper a
    decorator returned, the decorated function is one of them (`def decorator(f)`)."""
    own = {p.name for p in function.params} | {b.name for b in function.bindings}
    names: set[str] = set()
    current = summary.function(function.parent) if function.parent else None
    while current is not None and current.qualname:
        names |= {p.name for p in current.params}
        current = summary.function(current.parent) if current.parent else None
    return frozenset(names - own)



def _built_manager(value: Value) -> bool:
    """`ProjectQuerySet.as_manager()` / `Manager.from_queryset(QS)()` of an installed base: what a
    manager builder returns, named by the builder or, with the environment, by its class."""
    if value[0] != "exti":
        return False
    if value[1] in HOOKS.manager_classes:
        return True  # the environment's answer: an instance of the installed manager class
    parts = value[1].replace("()", "").split(".")
    return any(part in HOOKS.manager_builders for part in parts[-2:])
