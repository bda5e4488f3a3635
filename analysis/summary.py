"""Parse one file with `ast` into a FileSummary: imports, defs, classes, call sites, simple type facts.

A summary is an immutable, picklable value computed from the text and module name alone, so it can be
cached by content hash and compared; everything that needs other files happens later, in `resolve`.
Expressions are kept as *chains*: `self.mailer.send` is ("self", "mailer", "send"); a call is the part
"()" (or "(lit)" when its first argument is a short string literal); indexing is "[]".
"""

from __future__ import annotations

import ast
import bisect
import builtins
import re
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import ClassVar, NamedTuple

from . import call_use
from .astwalk import CHILD_FIELDS, walked_types
from .frameworks import HOOKS
from .model import Span
from .parse import parse
from .source import SourceFile, split_lines

Chain = tuple[str, ...]
# Summary records are NamedTuples, not dataclasses: a workspace has hundreds of thousands of them,
# and tuples pickle (for the on-disk cache) and compare an order of magnitude faster.

CALL = "()"
INDEX = "[]"
_LITERAL_PART = re.compile(r"^[\w.\-:/ ]{1,80}$")
_SUPPRESSION = re.compile(r"#\s*offpath:\s*ignore(?:\[([A-Za-z0-9_, ]*)\])?", re.IGNORECASE)


class Binding(NamedTuple):
    """A name bound to a value in some scope (assignment, parameter, `with ... as`, `for`)."""

    name: str
    value: Chain | None = None
    annotation: Chain | None = None
    members: tuple[Chain, ...] = ()
    literal: str | None = None
    line: int = 0
    number: float | None = None
    # For a literal collection: the key of each member ("" unknown), "#0"… for tuple/list positions.
    keys: tuple[str, ...] = ()
    union: bool = False  # members are alternatives (`a if c else b`, `a or b`), not a collection
    mutates: bool = False  # `d[k] = v`, `xs.append(v)`: adds members to the existing `name`
    # "True" | "False" | "None": the value bound when it is that literal, or the `default=` literal
    # of the call that reads it (`env.bool("FLAG", default=True)`: what runs unless configured)
    constant: str | None = None
    # A plain rebinding of a local (`x = ...`, a `for`/`with` target): the line its statement ends
    # on, the first and last line of the innermost block holding it, the first and last line of
    # the outermost loop of the scope holding it (an empty range when none), each counted from
    # `line` (so moving the code changes nothing). A use on a later line inside that block sees
    # this binding, never one made before it in the same scope (the scope's own body holds every
    # line); a use on its line or above sees it only from inside that loop. None: a binding that
    # may not run before every later use (walrus, def, import). A store under a literal key
    # (`d["a"] = f`, see `stores_key`) has one too: below it in that block the key holds `f` only.
    dominates: tuple[int, int, int, int, int] | None = None
    # `getattr(obj, "NAME", "pkg.mod.Name")`: the string the lookup falls back to when `obj` has no
    # such attribute (an app's defaults over the project's settings); the binding holds either.
    default: str | None = None
    # `configure()` where `configure` runs `global mode; mode = fast` (or a closure `nonlocal mode`)
    # on every path: the call rebinds `mode` in this scope; `via` names that function, whose own
    # store gives the value.
    via: str | None = None


def stores_key(binding: Binding) -> bool:
    """`d["a"] = f`: a mutation that puts one member under one literal key (replacing what was there)."""
    return binding.mutates and len(binding.keys) == 1 and bool(binding.keys[0]) and len(binding.members) == 1


class CallSite(NamedTuple):
    """A call expression. `parent` is the index of the call it is an argument of (-1 if none)."""

    callee: Chain | None
    span: Span
    args: tuple[Chain | None, ...] = ()
    kwargs: tuple[tuple[str, Chain | None], ...] = ()
    literal: str | None = None
    kw_literals: tuple[tuple[str, str], ...] = ()
    awaited: bool = False
    atomic: bool = False
    parent: int = -1
    in_lambda: bool = False
    bare: bool = False  # a decorator written without parentheses
    arg_literals: tuple[str | None, ...] = ()
    nested_args: tuple[Chain, ...] = ()  # elements of list/tuple/dict literals passed as arguments
    func_span: Span | None = None  # the called expression (`self.mailer.send`), for jedi and rewrites
    starred: tuple[int, ...] = ()  # positions of `*xs` arguments (their members fill the rest)
    # A call the language makes for a statement (`with` -> __enter__, `for` -> __iter__, `raise X`
    # -> X()): only calls of workspace functions count, never a library's.
    implicit: bool = False
    # bool/None literal arguments: (position or keyword, "True" | "False" | "None")
    constants: tuple[tuple[int | str, str], ...] = ()
    # Conditions on plain names the call runs under: (name, "truth" | "none", expected), from the
    # `if`/conditional expressions around it (`t.run() if block else t.start()`).
    guards: tuple[tuple[str, str, bool], ...] = ()


class FunctionInfo(NamedTuple):
    """A function, method or the module body (qualname "")."""

    qualname: str
    name: str
    span: Span
    is_async: bool = False
    class_name: str | None = None
    parent: str | None = None
    params: tuple[Binding, ...] = ()
    decorators: tuple[CallSite, ...] = ()
    calls: tuple[CallSite, ...] = ()
    bindings: tuple[Binding, ...] = ()
    self_attrs: tuple[Binding, ...] = ()
    returns: Chain | None = None
    return_values: tuple[Chain, ...] = ()
    globals_declared: tuple[str, ...] = ()

    invoked_params: tuple[str, ...] = ()  # parameters it calls: a function passed there runs now
    # How its calls' values are used (`call_use`), as plain span tuples of the calls.
    needed_calls: tuple[tuple[int, int, int, int], ...] = ()  # value reaches a return, test or store
    unwaited_calls: tuple[tuple[int, int, int, int], ...] = ()  # value dropped, nothing waits on it
    backoff_calls: tuple[tuple[int, int, int, int], ...] = ()  # run only after a failed attempt
    effect_calls: tuple[tuple[int, int, int, int], ...] = ()  # effect, not value, may be what it hands on
    # One letter per parameter: "p" positional-or-keyword, "k" keyword-only, "*" *args, "**" **kwargs.
    param_kinds: tuple[str, ...] = ()
    const_defaults: tuple[tuple[str, str], ...] = ()  # parameters whose default is True/False/None
    # The body does nothing but `pass`, `...` or `raise NotImplementedError`: a method that only
    # says its subclasses implement it (a Protocol's or an informal abstract base's).
    stub: bool = False
    # In a `try` whose `except` returns / raises an error of its own / drops the failure (`call_use`).
    answered_calls: tuple[tuple[int, int, int, int], ...] = ()
    translated_calls: tuple[tuple[int, int, int, int], ...] = ()
    wrapped_calls: tuple[tuple[int, int, int, int], ...] = ()
    swallowed_calls: tuple[tuple[int, int, int, int], ...] = ()
    # Its value or failure decides an error the framework answers with a status (`call_use`).
    statused_calls: tuple[tuple[int, int, int, int], ...] = ()
    nonlocals_declared: tuple[str, ...] = ()  # `nonlocal x`: its stores rebind the enclosing `x`
    # Needed only as what fills a needed object (`msg.send()` of a returned `msg`), not for its value.
    filled_calls: tuple[tuple[int, int, int, int], ...] = ()
    # Implicit sites of attribute reads and stores (`obj.total.__get__`, `obj.total.__set__`), kept
    # apart from `calls`: one per chain read, and only the call graph's accessor edges look at them.
    reads: tuple[CallSite, ...] = ()

    @property
    def decorator_names(self) -> tuple[str, ...]:
        return tuple(d.callee[-1] for d in self.decorators if d.callee)

    @property
    def receiver_param(self) -> str | None:
        """The parameter bound to the instance or the class (`self`, `cls`), if any."""
        return self.params[0].name if binds_self(self.class_name, self.decorator_names, self.params) else None


def binds_self(class_name: str | None, decorator_names: Iterable[str], params: Sequence[object]) -> bool:
    """The one rule for `self`/`cls`: a method's first parameter is bound to the instance or the
    class, unless the method is a staticmethod."""
    return bool(class_name and params) and "staticmethod" not in decorator_names


class ClassInfo(NamedTuple):
    qualname: str
    name: str
    span: Span
    bases: tuple[Chain, ...] = ()
    decorators: tuple[CallSite, ...] = ()
    attrs: tuple[Binding, ...] = ()
    methods: tuple[str, ...] = ()
    parent: str | None = None
    metaclass: Chain = ()  # `class C(metaclass=Meta)`: the chain naming Meta


class ImportBinding(NamedTuple):
    """`local` names `target` (an absolute dotted path) in `scope` ("" for module level)."""

    local: str
    target: str
    line: int
    scope: str = ""
    is_star: bool = False


@dataclass(frozen=True)
class FileSummary:
    module: str
    is_package: bool
    digest: str
    functions: tuple[FunctionInfo, ...]
    classes: tuple[ClassInfo, ...]
    imports: tuple[ImportBinding, ...]
    dunder_all: tuple[str, ...] | None = None
    suppressions: tuple[tuple[int, tuple[str, ...]], ...] = ()
    lines: int = 0
    _functions_by_name: dict = field(init=False, compare=False, repr=False)
    _classes_by_name: dict = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_functions_by_name", {f.qualname: f for f in self.functions})
        object.__setattr__(self, "_classes_by_name", {c.qualname: c for c in self.classes})

    def function(self, qualname: str) -> FunctionInfo | None:
        return self._functions_by_name.get(qualname)

    def klass(self, qualname: str) -> ClassInfo | None:
        return self._classes_by_name.get(qualname)

    @property
    def module_body(self) -> FunctionInfo:
        return self.functions[0]


class SummaryError(Exception):
    """The file could not be summarised; `reason` is for a person."""

    def __init__(self, reason: str, line: int = 0):
        super().__init__(reason)
        self.reason = reason
        self.line = line


def summarize(source: SourceFile, module: str, is_package: bool = False, needed: bool = True) -> FileSummary:
    """Summarise `source`; raise SummaryError when it does not parse on this Python.
    `needed=False` leaves out which calls' values a function hands on (`needed_calls`, the
    costliest part of `call_use`): an installed package's summary, whose calls are never reported."""
    if "\x00" in source.text:
        raise SummaryError("file contains NUL bytes")
    try:
        with warnings.catch_warnings():
            # The user's invalid escapes and `1()` are not ours to print on stderr.
            warnings.simplefilter("ignore")
            tree = parse(source.text, filename=source.path)  # newer syntax than the host too
    except SyntaxError as exc:
        raise SummaryError(_syntax_reason(exc, source), exc.lineno or 0) from None
    except (RecursionError, MemoryError, ValueError) as exc:
        raise SummaryError(f"cannot parse: {type(exc).__name__}") from None
    try:
        builder = _Builder(source, module, is_package)
        builder.needed = needed
        builder.build(tree)
    except RecursionError:
        raise SummaryError("expressions nested too deeply to analyse") from None
    except Exception as exc:  # noqa: BLE001 — a bug of ours must cost one file, never the whole run
        raise SummaryError(f"offpath could not summarise this file ({type(exc).__name__}: {exc}); please report it") from None
    return FileSummary(
        module=module,
        is_package=is_package,
        digest=source.digest,
        functions=tuple(builder.functions),
        classes=tuple(builder.classes),
        imports=tuple(builder.imports),
        dunder_all=builder.dunder_all,
        suppressions=_suppressions(source.text),
        lines=source.text.count("\n") + 1,
    )




def _syntax_reason(exc: SyntaxError, source: SourceFile) -> str:
    """Say why a file is skipped. Syntax newer than this Python is read by `parse.py`, so the error
    left is one in every version."""
    where = f" at line {exc.lineno}" if exc.lineno else ""
    return f"syntax error{where}: {exc.msg}"


def _suppressions(text: str) -> tuple[tuple[int, tuple[str, ...]], ...]:
    if "offpath" not in text:
        return ()
    found = []
    for number, line in enumerate(split_lines(text), start=1):
        if "offpath" not in line:
            continue
        match = _SUPPRESSION.search(line)
        if match:
            codes = tuple(c.strip().upper() for c in (match.group(1) or "").split(",") if c.strip())
            found.append((number, codes))
    return tuple(found)


def annotation_chain(node: ast.expr | None) -> Chain | None:
    """The class an annotation names: `Mailer`, `"Mailer"`, `Optional[Mailer]`, `Mailer | None`,
    `Union[Mailer, None]`."""
    if node is None:
        return None
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        try:
            parsed = ast.parse(node.value, mode="eval").body
        except SyntaxError:
            return None
        return annotation_chain(parsed)
    if isinstance(node, ast.Subscript):
        outer = expr_chain(node.value)
        if outer and outer[-1] in {"Optional", "Annotated", "ClassVar", "Final"}:
            inner = node.slice
            if isinstance(inner, ast.Tuple) and inner.elts:
                inner = inner.elts[0]
            return annotation_chain(inner)
        if outer and outer[-1] == "Union":
            # `Union[OpenAI, AzureOpenAI]` reads like `OpenAI | AzureOpenAI`: its first class.
            items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            chains = [annotation_chain(item) for item in items]
            return next((c for c in chains if c and c != ("None",)), None)
        if outer and outer[-1] in GENERIC_CONTAINERS:
            # `list[Handler]`, `dict[str, Handler]`, `QuerySet[Profile]`, `tuple[User, bool]`: the
            # element types follow the container as dotted names after `OF` ("" when not a name).
            items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            names = []
            for item in items[:8]:
                chain = annotation_chain(item) if not isinstance(item, ast.Subscript) else _nested_sequence(item)
                prefix = NESTED if chain and isinstance(item, ast.Subscript) else ""
                names.append(prefix + ".".join(chain) if chain and all("." not in p and p.isidentifier() for p in chain) else "")
            return (*outer, OF, *names)
        return outer
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        left = annotation_chain(node.left)
        if left and left != ("None",):
            return left
        return annotation_chain(node.right)
    return expr_chain(node)


def _nested_sequence(node: ast.Subscript) -> Chain | None:
    """The element class of a sequence nested in a generic (`Iterable[Plugin]` in
    `Tuple[Iterable[Plugin], Config]`), written after `NESTED` in its container's element names."""
    outer = expr_chain(node.value)
    if not outer or outer[-1] not in GENERIC_CONTAINERS or outer[-1] in MAPPINGS | QUERYSETS | {"Type", "type", "tuple", "Tuple"}:
        return None
    if isinstance(node.slice, (ast.Tuple, ast.Subscript)):
        return None
    chain = annotation_chain(node.slice)
    if chain and len(chain) == 1 and (chain[0] in _BUILTIN_NAMES or chain[0] == "Any"):
        return None  # `list[dict]`, `list[str]`: nothing a call on an element could reach
    return chain


_BUILTIN_NAMES = frozenset(dir(builtins))
MAX_CHAIN = 64
OF = "<of>"  # in an annotation chain: the element types of a generic container follow
TYPE_COMMENT = re.compile(r"\s*#\s*type:\s*([^#]*)")
NESTED = "*"  # before an element name: a sequence of that class (`Tuple[list[Plugin], int]`)
GENERIC_CONTAINERS = frozenset({
    "list", "List", "set", "Set", "frozenset", "FrozenSet", "Sequence", "MutableSequence", "Iterable",
    "Iterator", "Collection", "Generator", "AsyncIterator", "AsyncIterable", "AsyncGenerator", "Deque",
    "deque", "AbstractSet", "MutableSet", "dict", "Dict", "Mapping", "MutableMapping", "DefaultDict",
    "defaultdict", "OrderedDict", "tuple", "Tuple", "QuerySet", "Manager", "BaseManager",
    "Type", "type",  # `Type[Handler]`: the class itself (or a subclass), not an instance
})
MAPPINGS = frozenset({"dict", "Dict", "Mapping", "MutableMapping", "DefaultDict", "defaultdict", "OrderedDict"})
QUERYSETS = frozenset({"QuerySet", "Manager", "BaseManager"})


def base_tail(base: Chain) -> str:
    """The class name a base list entry ends on: `Service[Order]` (`("Service", "[]")`) is a
    `Service`, so subclass lookups by name find generic subclasses too."""
    for part in reversed(base):
        if part != INDEX:
            return part
    return base[-1]


def expr_chain(node: ast.AST | None) -> Chain | None:
    """The chain for a name/attribute/call/subscript expression, or None when it is not one."""
    parts: list[str] = []
    while True:
        if len(parts) > MAX_CHAIN:
            return None  # `a()()()...` thousands deep names nothing, and each inner call re-walks it
        kind = type(node)  # exact types: `ast.parse` builds no subclasses
        if kind is ast.Name:
            parts.append(node.id)
            break
        if kind is ast.Attribute:
            parts.append(node.attr)
            node = node.value
        elif kind is ast.Lambda:
            name = getattr(node, "_offpath_name", None)
            if name is None:
                return None
            parts.append(name)
            break
        elif kind is ast.Call:
            func = node.func
            if _is_partial(func) and node.args:
                # partial(f, x) behaves as f when it is called.
                node = node.args[0]
                continue
            if _is_wrapper_update(node):
                # update_wrapper(wrapper, wrapped) and wraps(wrapped)(wrapper) hand back the wrapper.
                node = node.args[0]
                continue
            if _is_type_subclass(node):
                # type(name, (Base, ...), namespace) builds a subclass of Base: it behaves as Base.
                node = node.args[1].elts[0]
                continue
            special = _special_call(node)
            if special is not None:
                if special[0] == LOAD:
                    parts.extend(reversed(special))
                    break
                parts.append(special[1])
                node = special[0]
                continue
            parts.append(_call_part(node))
            node = func
        elif kind is ast.Subscript:
            parts.append(_subscript_part(node.slice))
            node = node.value
        elif kind is ast.Await:
            node = node.value
        else:
            return None
    return tuple(reversed(parts))


RETURNED = "<return>"  # the local a function's collection-valued `return` statements bind
LOOKED_UP = "<looked-up>"  # the local a literal bound when a `return` looks a member up in it
LOAD = "<load>"  # root of a chain for a class loaded by name (a framework's `class_loaders`)
# `getattr(obj, name)` with the name in a variable: `obj` then this part and the variable's name.
# It names no attribute by itself; inside `__getattr__(self, name)` it is the one asked for.
DELEGATED = "<getattr>"


def _name_of(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _string_prefix(node: ast.expr) -> str | None:
    """The literal start of a string built at run time: "a_%s" % x, f"a_{x}", "a_" + x."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mod, ast.Add)):
        left = node.left
        if isinstance(left, ast.Constant) and isinstance(left.value, str):
            return left.value.split("%")[0].split("{")[0]
    if isinstance(node, ast.JoinedStr) and node.values:
        first = node.values[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            return first.value
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        value = node.func.value
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            return value.value.split("{")[0]
    return None


def _special_call(node: ast.Call):
    """Calls that name an attribute or a class by string: getattr(obj, "name" / "prefix_%s" % x)
    and a framework's class loader, get_class("app.label", "Name") (`HOOKS.class_loaders`)."""
    name = _name_of(node.func)
    args = node.args
    if name == "getattr" and len(args) >= 2:
        second = args[1]
        if isinstance(second, ast.Constant) and isinstance(second.value, str):
            return (args[0], second.value)
        prefix = _string_prefix(second)
        if prefix:
            return (args[0], "*" + prefix)
        if isinstance(second, ast.Name):
            return (args[0], DELEGATED + second.id)
    if name in HOOKS.class_loaders and len(args) >= 2 and all(
        isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args[:2]
    ):
        return (LOAD, args[0].value, args[1].value)
    return None


def _is_partial(func: ast.expr) -> bool:
    return (isinstance(func, ast.Name) and func.id == "partial") or (
        isinstance(func, ast.Attribute) and func.attr == "partial"
    )


def _is_wrapper_update(node: ast.Call) -> bool:
    """`functools.update_wrapper(wrapper, wrapped)`, `functools.wraps(wrapped)(wrapper)`."""
    func = node.func
    if len(node.args) == 2 and _name_of(func) == "update_wrapper":
        return True
    return (len(node.args) == 1 and isinstance(func, ast.Call) and _name_of(func.func) == "wraps"
            and len(func.args) == 1)


def _is_type_subclass(node: ast.Call) -> bool:
    """`type(name, (Base, ...), namespace)`: the three-argument form that makes a class."""
    return (isinstance(node.func, ast.Name) and node.func.id == "type" and len(node.args) == 3
            and isinstance(node.args[1], ast.Tuple) and bool(node.args[1].elts)
            and isinstance(node.args[1].elts[0], (ast.Name, ast.Attribute)))


def _call_part(node: ast.Call) -> str:
    """"()" for a call; "(text)" when its first argument is a short literal, "(@a.b)" a plain name."""
    first = _first_literal(node)
    if first is not None and _LITERAL_PART.match(first):
        return f"({first})"
    if node.args and isinstance(node.args[0], (ast.Name, ast.Attribute)):
        chain = expr_chain(node.args[0])
        if chain and len(chain) <= 6:
            return "(@" + ".".join(chain) + ")"
    if node.args and isinstance(node.args[0], (ast.BinOp, ast.JoinedStr, ast.Call)):
        # `import_module("app.logic.action." + name)`: a dotted path computed from a literal start
        prefix = _string_prefix(node.args[0])
        if prefix and _MODULE_PREFIX.match(prefix):
            return f"(*{prefix})"
    if node.args and isinstance(node.args[0], ast.Call):
        # `get_object_or_404(Model.objects.filter(...))`: a chain with calls in it, whose parts may
        # hold dots, joined by a separator no part contains (`argument_chain` reads it back).
        chain = expr_chain(node.args[0])
        if chain and len(chain) <= 6 and not any(ARG_SEPARATOR in p or ")" in p[:-1] for p in chain):
            return "(@" + ARG_SEPARATOR.join(chain) + ")"
    return CALL


ARG_SEPARATOR = "\x1f"
_MODULE_PREFIX = re.compile(r"[A-Za-z_]\w*(\.\w+)*\.$")  # "app.logic.action."


def argument_chain(argument: str) -> Chain:
    """The chain of a call's first argument as `_call_part` wrote it ("@a.b", or "@" and parts
    joined by `ARG_SEPARATOR` when they hold calls), without the "@"."""
    text = argument[1:]
    return tuple(text.split(ARG_SEPARATOR)) if ARG_SEPARATOR in text else tuple(text.split("."))


def _first_literal(node: ast.Call) -> str | None:
    if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
        return node.args[0].value
    return None


def _literal_text(node: ast.expr) -> str | None:
    """Short string form of a literal str or a list/tuple of str (joined with commas)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, bool, int)):
        return str(node.value)
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        items = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
        if len(items) == len(node.elts):
            return ",".join(items)
    return None


def value_binding(name: str, node: ast.expr | None, line: int, annotation: Chain | None = None) -> Binding:
    """Describe what `name = node` binds, as far as one file can tell."""
    if node is None:
        return Binding(name, annotation=annotation, line=line)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return Binding(name, annotation=annotation, literal=node.value, line=line)
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        # An int beyond float range (a 400-digit constant in a crypto module) is no duration.
        number = float(node.value) if abs(node.value) < 1e300 else None
        return Binding(name, annotation=annotation, number=number, line=line)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict" \
            and not node.args and node.keywords and all(k.arg for k in node.keywords):
        # `dict(on_save=f)` is the literal {"on_save": f}
        node = ast.Dict(keys=[ast.Constant(k.arg) for k in node.keywords], values=[k.value for k in node.keywords])
    constant = _bool_constant(node)
    if constant is not None and isinstance(node, ast.Constant):
        return Binding(name, annotation=annotation, line=line, constant=constant)
    members = _members(node)
    if members == () and isinstance(node, (ast.List, ast.Tuple)) and node.elts:
        # `actions = ("send_report", "send_nag")`: names given as strings, read like a literal;
        # its positions say it is a collection of them (`PLUGINS = ["a.B", "c.D"]`).
        text = _literal_text(node)
        return Binding(name, annotation=annotation, literal=text, line=line,
                       keys=tuple(f"#{i}" for i in range(len(node.elts))) if text is not None else ())
    if members is not None:
        # `a + b` of names: the members of both when they are collections, what `a.__add__(b)`
        # returns when that says more (the resolver reads `value` first)
        return Binding(name, annotation=annotation, members=members, line=line, keys=_keys(node, members),
                       union=isinstance(node, (ast.IfExp, ast.BoolOp, ast.BinOp)) or _literal_lookup(node) is not None,
                       value=operator_chain(node))
    return Binding(name, value=expr_chain(node) or operator_chain(node), annotation=annotation, line=line,
                   constant=constant, default=_fallback_text(node))


def _fallback_text(node: ast.expr) -> str | None:
    """The string literal `getattr(obj, "NAME", "pkg.mod.Name")` gives when the attribute is unset."""
    if isinstance(node, ast.Call) and _name_of(node.func) == "getattr" and len(node.args) == 3 \
            and isinstance(node.args[2], ast.Constant) and isinstance(node.args[2].value, str):
        return node.args[2].value
    return None


def operator_chain(node: ast.expr) -> Chain | None:
    """The value of `a + b` read as what `a.__add__(b)` returns (`total = price + tax`, `return
    self * 2`): a chain through the left operand's special method. None for other expressions."""
    if type(node) is not ast.BinOp:
        return None
    left = expr_chain(node.left)
    return left + (_BINARY_DUNDERS[type(node.op)], CALL) if left else None


_NESTING = (ast.Dict, ast.List, ast.Tuple)


def _holds_values(node: ast.expr) -> bool:
    """A literal with some element that is not a constant (a name, a call, a nested literal of them)."""
    elements = node.values if isinstance(node, ast.Dict) else node.elts
    return any(not isinstance(e, ast.Constant) and (not isinstance(e, _NESTING) or _holds_values(e))
               for e in elements if e is not None)


def _nests_collections(node: ast.expr | None) -> bool:
    """A dict/list/tuple literal holding another such literal that holds values."""
    if not isinstance(node, _NESTING):
        return False
    elements = node.values if isinstance(node, ast.Dict) else node.elts
    return any(isinstance(e, _NESTING) and _holds_values(e) for e in elements)


def _keys(node: ast.expr, members: tuple[Chain, ...]) -> tuple[str, ...]:
    """The key of each member of a flat dict/tuple/list literal (a string key, or "#i" for a
    position); () when members and keys cannot be lined up."""
    if isinstance(node, ast.Dict):
        pairs = list(zip(node.keys, node.values))
        # A small int key is read like a position (`d[1]` is "[#1]"), never like the string "1".
        keys = [k.value if isinstance(k, ast.Constant) and isinstance(k.value, str) and _LITERAL_PART.match(k.value)
                else f"#{k.value}" if isinstance(k, ast.Constant) and type(k.value) is int and 0 <= k.value < 64
                else "" for k, _ in pairs]
        values = [v for _, v in pairs]
    elif isinstance(node, (ast.List, ast.Tuple)):
        values = node.elts
        keys = [f"#{i}" for i in range(len(values))]
    else:
        return ()
    # A constant element (`return user, True`) has no member but keeps the others' positions.
    kept = [(k, v) for k, v in zip(keys, values) if not isinstance(v, ast.Constant)]
    chains = [None if isinstance(v, (*_COLLECTIONS, ast.IfExp, ast.BoolOp, ast.Starred)) else expr_chain(v)
              for _, v in kept]
    if any(c is None for c in chains) or tuple(chains) != members:
        return ()
    return tuple(k for k, _ in kept)


def _subscript_part(key: ast.expr) -> str:
    """`d["read"]` -> "[read]", `t[1]` -> "[#1]", anything else "[]"."""
    if isinstance(key, ast.Constant) and isinstance(key.value, str) and _LITERAL_PART.match(key.value):
        return f"[{key.value}]"
    if isinstance(key, ast.Constant) and type(key.value) is int and 0 <= key.value < 64:
        return f"[#{key.value}]"
    if isinstance(key, ast.Slice) and key.step is None:
        # `xs[1:3]`, `xs[2:]`: the same elements, shifted; "[#1:3]" ("[#:]" for bounds not read)
        bounds = ["" if b is None else str(b.value) if isinstance(b, ast.Constant) and type(b.value) is int
                  and 0 <= b.value < 64 else None for b in (key.lower, key.upper)]
        if None in bounds:
            return "[#:]"
        return f"[#{bounds[0] or 0}:{bounds[1]}]"
    return INDEX


def _string_items(node: ast.List | ast.Tuple | ast.Set) -> list[str]:
    """The items of a literal list/tuple/set of short strings; [] when any item is something else."""
    items = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    return items if len(items) == len(node.elts) and all(_LITERAL_PART.match(i) for i in items) else []


def _members(node: ast.expr) -> tuple[Chain, ...] | None:
    if isinstance(node, ast.Dict):
        values = node.values
    elif isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        values = node.elts
    elif isinstance(node, ast.IfExp):
        values = [node.body, node.orelse]
    elif isinstance(node, ast.BoolOp):
        values = node.values
    elif _concatenation(node):  # `PLUGINS = BUILTIN_PLUGINS + EXTRA_PLUGINS`: the members of both
        values = [node.left, node.right]
    elif isinstance(node, (ast.DictComp, ast.ListComp, ast.SetComp)):
        return _comprehension_members(node)
    elif _mapped(node) is not None:
        return _mapped(node)
    elif _literal_lookup(node) is not None:
        values = _literal_lookup(node)
    else:
        return None
    chains = []
    for value in values:
        nested = _members(value) if value is not None else None
        if nested:
            chains.extend(nested)
            continue
        chain = expr_chain(value)
        if chain:
            chains.append(chain)
    return tuple(chains)


_CONCATENATED = (ast.List, ast.Tuple, ast.Name, ast.Attribute)


def _literal_lookup(node: ast.expr) -> list[ast.expr] | None:
    """The values a lookup in a dict literal can give: `{"list": A, "create": B}.get(key, C)` ->
    A, B and C; `{"list": A, "create": B}[key]` -> A and B, or only the one a string key names."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get" \
            and isinstance(node.func.value, ast.Dict) and 1 <= len(node.args) <= 2 and not node.keywords:
        return [v for v in node.func.value.values] + list(node.args[1:])
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Dict):
        pairs = list(zip(node.value.keys, node.value.values))
        key = node.slice
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            named = [v for k, v in pairs if isinstance(k, ast.Constant) and k.value == key.value]
            if named:
                return named
        return [v for _, v in pairs]
    return None


def _concatenation(node: ast.expr) -> bool:
    """`a + b` of collections (literals, names, or such sums): read as the union of both."""
    if not isinstance(node, ast.BinOp) or not isinstance(node.op, ast.Add):
        return False
    return all(isinstance(side, _CONCATENATED) or _concatenation(side) for side in (node.left, node.right))


def _comprehension_members(node: ast.DictComp | ast.ListComp | ast.SetComp) -> tuple[Chain, ...] | None:
    """`{c.kind: c for c in (A, B)}`, `[f() for f in (a, b)]`: the element written for each member
    of a literal collection (a registry built by a comprehension)."""
    if len(node.generators) != 1:
        return None
    generator = node.generators[0]
    element = node.value if isinstance(node, ast.DictComp) else node.elt
    if not isinstance(generator.target, ast.Name):
        return None
    chain = expr_chain(element)
    if not chain:
        return None
    target = generator.target.id
    if not isinstance(generator.iter, _COLLECTIONS):
        # `[import_string(p)() for p in settings.PLUGINS]`: the element made from each member of
        # whatever the iterable holds, the target read as `iterable[]`.
        source = expr_chain(generator.iter)
        if not source or any(ARG_SEPARATOR in p or ")" in p[:-1] for p in source) or len(source) > 6:
            return None
        each = source + (INDEX,)
        if chain[0] == target:
            return (each + chain[1:],)
        argument = "(@" + target + ")"
        if argument not in chain:
            return None
        replaced = "(@" + ARG_SEPARATOR.join(each) + ")"
        return (tuple(replaced if part == argument else part for part in chain),)
    members = _members(generator.iter)
    if chain[0] != target or not members:
        return None
    return tuple(member + chain[1:] for member in members)


def _mapped(node: ast.expr) -> tuple[Chain, ...] | None:
    """`list(map(import_string, settings.VALIDATORS))` (or `map(...)` alone, in a `tuple`/`set`):
    what the function makes of each member, like `[import_string(p) for p in ...]`."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("list", "tuple", "set") \
            and len(node.args) == 1 and not node.keywords:
        node = node.args[0]
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "map"
            and len(node.args) == 2 and not node.keywords):
        return None
    function, source = expr_chain(node.args[0]), expr_chain(node.args[1])
    if not function or not source or any(ARG_SEPARATOR in p or ")" in p[:-1] for p in function + source) \
            or len(source) > 6:
        return None
    return (function + ("(@" + ARG_SEPARATOR.join(source + (INDEX,)) + ")",),)


def _loaded_classes(value: ast.expr | None) -> list[str] | None:
    """A framework's list loader (`HOOKS.class_list_loaders`): get_classes("label", ["A", "B"]) ->
    ["label", "A", "B"]."""
    if not isinstance(value, ast.Call) or _name_of(value.func) not in HOOKS.class_list_loaders or len(value.args) < 2:
        return None
    label, names = value.args[0], value.args[1]
    if not (isinstance(label, ast.Constant) and isinstance(label.value, str)) or not isinstance(names, (ast.List, ast.Tuple)):
        return None
    items = [e.value for e in names.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    return [label.value, *items] if len(items) == len(names.elts) else None


def _unpack(target: ast.expr, node: ast.expr | None, chain: Chain | None):
    """(target, expression, chain) for each name an assignment binds: `a, b = x, y` pairs the
    elements, `a, *rest = f()` binds `a` to `f()[#0]`, a starred target to the whole sequence."""
    if not isinstance(target, (ast.Tuple, ast.List)):
        yield target, node, chain
        return
    elements = target.elts
    if isinstance(node, (ast.Tuple, ast.List)) and len(node.elts) == len(elements) and not any(
            isinstance(e, ast.Starred) for e in [*elements, *node.elts]):
        for element, value in zip(elements, node.elts):
            yield from _unpack(element, value, None)
        return
    stars = [i for i, e in enumerate(elements) if isinstance(e, ast.Starred)]
    if isinstance(node, (ast.Tuple, ast.List)) and len(stars) == 1 and len(node.elts) >= len(elements) - 1 \
            and not any(isinstance(e, ast.Starred) for e in node.elts):
        # `first, *rest = a, b, c`: the starred target takes the middle as a list.
        star, after = stars[0], len(elements) - stars[0] - 1
        values = node.elts
        for element, value in zip(elements[:star], values[:star]):
            yield from _unpack(element, value, None)
        middle = ast.List(elts=values[star:len(values) - after], ctx=ast.Load())
        yield from _unpack(elements[star].value, middle, None)
        for element, value in zip(elements[star + 1:], values[len(values) - after:]):
            yield from _unpack(element, value, None)
        return
    whole = chain if chain is not None else expr_chain(node) if node is not None else None
    starred = False
    for position, element in enumerate(elements):
        if isinstance(element, ast.Starred):
            starred = True
            yield from _unpack(element.value, None, whole)
            continue
        part = INDEX if starred else f"[#{position}]"
        yield from _unpack(element, None, whole + (part,) if whole else None)


def _constant_text(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and (node.value is None or isinstance(node.value, bool)):
        return str(node.value)
    return None


def _const_defaults(args: ast.arguments) -> tuple[tuple[str, str], ...]:
    positional = args.posonlyargs + args.args
    pairs = list(zip(positional[len(positional) - len(args.defaults):], args.defaults))
    pairs += [(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None]
    return tuple((a.arg, text) for a, d in pairs if (text := _constant_text(d)))


def _bool_constant(node: ast.expr) -> str | None:
    """"True"/"False"/"None" for that literal, or for a call whose `default=` is one (an
    environment read with its default); None otherwise."""
    if isinstance(node, ast.Constant) and (node.value is None or isinstance(node.value, bool)):
        return str(node.value)
    if isinstance(node, ast.Call):
        for keyword in node.keywords:
            if keyword.arg == "default" and isinstance(keyword.value, ast.Constant) \
                    and isinstance(keyword.value.value, bool):
                return str(keyword.value.value)
    return None


def _guard_name(node: ast.expr) -> str | None:
    """`x` -> "x"; `settings.FLAG` -> "settings.FLAG" (an attribute of a plain name)."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return f"{node.value.id}.{node.attr}"
    return None


def _guard(test: ast.expr) -> tuple[str, str, bool] | None:
    """`if x:` -> ("x", "truth", True); `if not x:`, `if x is None:`, `if x is not None:` likewise;
    `if settings.FLAG:` -> ("settings.FLAG", "truth", True)."""
    if _guard_name(test) is not None:
        return (_guard_name(test), "truth", True)
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not) and _guard_name(test.operand) is not None:
        return (_guard_name(test.operand), "truth", False)
    if isinstance(test, ast.Compare) and isinstance(test.left, ast.Name) and len(test.ops) == 1 \
            and isinstance(test.comparators[0], ast.Constant) and test.comparators[0].value is None:
        if isinstance(test.ops[0], ast.Is):
            return (test.left.id, "none", True)
        if isinstance(test.ops[0], ast.IsNot):
            return (test.left.id, "none", False)
    return None


_LAMBDA_WORD = re.compile(r"\blambda\b")


def _lambdas(tree: ast.Module, text: str) -> list[ast.Lambda]:
    """Every lambda of the module, walking only the nodes whose lines hold the word `lambda` (a
    lambda node starts on the line of its keyword): most of a file is skipped."""
    lines: list[int] = []
    line, position = 1, 0
    for match in _LAMBDA_WORD.finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        if not lines or lines[-1] != line:
            lines.append(line)
    if not lines:
        return []
    found: list[ast.Lambda] = []
    pending: list[ast.AST] = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Lambda):
            found.append(node)
        for child in ast.iter_child_nodes(node):
            start = getattr(child, "lineno", None)
            if start is not None:
                end = getattr(child, "end_lineno", None) or start
                decorators = getattr(child, "decorator_list", None)
                if decorators:
                    start = min(start, *(d.lineno for d in decorators))  # a def's line is after them
                at = bisect.bisect_left(lines, start)
                if at == len(lines) or lines[at] > end:
                    continue  # no `lambda` on its lines
            pending.append(child)
    return found


def _is_stub(body: list[ast.stmt]) -> bool:
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
            and isinstance(body[0].value.value, str):
        body = body[1:]  # the docstring
    for stmt in body:
        if isinstance(stmt, ast.Pass) or (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)
                                          and stmt.value.value is Ellipsis):
            continue
        if isinstance(stmt, ast.Raise) and stmt.exc is not None:
            exc = stmt.exc.func if isinstance(stmt.exc, ast.Call) else stmt.exc
            if isinstance(exc, ast.Name) and exc.id == "NotImplementedError":
                continue
        return False
    return True


def _param_kinds(args: ast.arguments) -> tuple[str, ...]:
    """The kind of each parameter, in the order `_params` lists them."""
    kinds = ["p"] * (len(args.posonlyargs) + len(args.args)) + ["k"] * len(args.kwonlyargs)
    if args.vararg is not None:
        kinds.append("*")
    if args.kwarg is not None:
        kinds.append("**")
    return tuple(kinds)


def _target_names(target: ast.expr) -> list[ast.expr]:
    if isinstance(target, (ast.Tuple, ast.List)):
        out: list[ast.expr] = []
        for elt in target.elts:
            out.extend(_target_names(elt))
        return out
    if isinstance(target, ast.Starred):
        return _target_names(target.value)
    return [target]


def _rebound_names(info: FunctionInfo, declared: tuple[str, ...]) -> tuple[str, ...]:
    """The `global`/`nonlocal` names a function rebinds on every path through its body: a plain
    store in its top-level block."""
    return tuple(sorted({b.name for b in info.bindings if b.name in declared and not b.mutates
                         and b.dominates is not None and b.dominates[1] == -_TOP[1]}))


class _Scope:
    """Everything collected for one function (or the module body) while walking it."""

    def __init__(self, qualname: str, node: ast.AST | None, class_name: str | None, parent: str | None):
        self.qualname = qualname
        self.node = node
        self.class_name = class_name
        self.parent = parent
        self.calls: list[CallSite] = []
        self.bindings: list[Binding] = []
        self.self_attrs: list[Binding] = []
        self.return_values: list[Chain] = []
        self.globals: list[str] = []
        self.nonlocals: list[str] = []
        self.reads: list[CallSite] = []
        self.self_name: str | None = None


_COLLECTIONS = (ast.List, ast.Tuple, ast.Set, ast.Dict)
# The links of a chain from its end towards its root name (`expr_chain` walks the same ones).
_CHAIN_LINKS = {ast.Attribute: "value", ast.Call: "func", ast.Subscript: "value", ast.Await: "value"}
_COLLECTION_TYPES = frozenset(_COLLECTIONS)
_new_tuple = tuple.__new__  # a NamedTuple from its fields in order, without its Python-level __new__
# Builtins that call a dunder of their argument (a workspace class's `__len__`, `__str__`…).
_BUILTIN_DUNDERS = {"len": "__len__", "str": "__str__", "repr": "__repr__", "iter": "__iter__",
                    "next": "__next__", "bool": "__bool__", "hash": "__hash__", "abs": "__abs__"}
# The special methods an operator calls on its (left, or for `in` its right) operand.
_BINARY_DUNDERS = {ast.Add: "__add__", ast.Sub: "__sub__", ast.Mult: "__mul__", ast.MatMult: "__matmul__",
                   ast.Div: "__truediv__", ast.FloorDiv: "__floordiv__", ast.Mod: "__mod__",
                   ast.Pow: "__pow__", ast.LShift: "__lshift__", ast.RShift: "__rshift__",
                   ast.BitOr: "__or__", ast.BitXor: "__xor__", ast.BitAnd: "__and__"}
_COMPARE_DUNDERS = {ast.Eq: "__eq__", ast.NotEq: "__ne__", ast.Lt: "__lt__", ast.LtE: "__le__",
                    ast.Gt: "__gt__", ast.GtE: "__ge__", ast.In: "__contains__", ast.NotIn: "__contains__"}
_UNARY_DUNDERS = {ast.USub: "__neg__", ast.UAdd: "__pos__", ast.Invert: "__invert__"}
# Every special method an implicit call site may name for an operator or a builtin (the call graph
# looks them up on the instances the operand holds, in their class, never through `__getattr__`).
# `x += y` names `__iadd__`, which falls back to `__add__` where the class has no in-place method.
OPERATOR_DUNDERS = frozenset(
    {*_BINARY_DUNDERS.values(), *(f"__i{m[2:]}" for m in _BINARY_DUNDERS.values()), *_COMPARE_DUNDERS.values(),
     *_UNARY_DUNDERS.values(), "__getitem__", "__setitem__", "__delitem__",
     *(m for m in _BUILTIN_DUNDERS.values() if m not in ("__iter__", "__next__"))})
# The part an implicit site ends with for reading an attribute (`obj.total` runs `total`'s getter):
# the call graph gives it the property getters and `__getattr__` fallbacks the read runs.
ATTRIBUTE_READ = "__get__"
# The part an implicit site ends with for assigning an attribute (`obj.total = v` runs the `__set__`
# of a data descriptor `total` of obj's class).
ATTRIBUTE_WRITE = "__set__"
# Decorators that make a method an attribute whose read runs it (a property's getter).
PROPERTY_DECORATORS = frozenset({"property", "cached_property", "cached_property_with_ttl"})
# The index's accessor names mark a class attribute `x` (which may hold a descriptor) as `=x`.
CLASS_ATTRIBUTE = "="
_TOP = (0, 1 << 30)  # the block of a scope's own body: it holds every line of the scope
_BLOCKS = frozenset({"body", "orelse", "finalbody"})  # statement lists of compound statements
_ADDERS = frozenset({"append", "add", "extend", "insert", "appendleft", "setdefault", "update"})
_LEAVES = (ast.Name, ast.Constant, ast.expr_context, ast.operator, ast.cmpop, ast.unaryop, ast.boolop,
           ast.Pass, ast.Break, ast.Continue)
_WALKED = walked_types(_LEAVES)  # `type(x) in _WALKED`: an AST node that is not one of `_LEAVES`


class _Builder(ast.NodeVisitor):
    """Collects one file's summary. `visit`/`generic_visit` are specialised for speed: they skip
    leaves that cannot hold a call (names, constants, operators) and dispatch through a per-type
    table, which makes summarising close to the cost of parsing."""

    _dispatch: ClassVar[dict[type, object]] = {}

    def visit(self, node: ast.AST) -> None:
        kind = type(node)
        method = self._dispatch.get(kind)
        if method is None:
            method = getattr(type(self), "visit_" + kind.__name__, None) or type(self).generic_visit
            self._dispatch[kind] = method
        method(self, node)

    def generic_visit(self, node: ast.AST) -> None:
        walked = _WALKED
        for name in CHILD_FIELDS[type(node)]:
            value = getattr(node, name, None)
            if type(value) is list:
                if name in _BLOCKS and value and isinstance(value[0], ast.stmt):
                    self._block(value)
                    continue
                for item in value:
                    if type(item) in walked:
                        self.visit(item)
            elif type(value) in walked:
                self.visit(value)

    def _block(self, statements: list) -> None:
        """Visit one block of statements (a body, an `else:`, a handler): bindings made in it
        dominate the later lines of the block only."""
        previous = self.block
        self.block = (statements[0].lineno, statements[-1].end_lineno or statements[-1].lineno)
        for item in statements:
            self.visit(item)
        self.block = previous

    def _dominate(self, start: int, end_line: int, block: tuple[int, int] | None = None) -> None:
        """Mark the plain bindings made since `start` as dominating the rest of `block` (the
        current one unless given) after `end_line`."""
        if self.class_stack:
            return
        bindings = self.scope.bindings
        block = block or self.block
        for position in range(start, len(bindings)):
            binding = bindings[position]
            if (not binding.mutates or stores_key(binding)) and binding.dominates is None and binding.name.isidentifier():
                line = binding.line
                first, last = (-_TOP[1], _TOP[1]) if block is _TOP else (block[0] - line, block[1] - line)
                loop = (self.loop[0] - line, self.loop[1] - line) if self.loop else (1, 0)
                bindings[position] = binding._replace(dominates=(end_line - line, first, last, *loop))

    def _loop(self, node: ast.For | ast.AsyncFor | ast.While) -> tuple[int, int] | None:
        """Enter a loop: the outermost loop of the scope is the one a later binding reaches
        earlier lines from. Returns what to restore."""
        previous = self.loop
        if previous is None:
            self.loop = (node.lineno, node.end_lineno or node.lineno)
        return previous

    def visit_While(self, node: ast.While) -> None:
        previous = self._loop(node)
        self.generic_visit(node)
        self.loop = previous

    def visit_Constant(self, node: ast.Constant) -> None:
        return None

    def visit_Name(self, node: ast.Name) -> None:
        return None

    needed = True  # compute `needed_calls` (see `summarize`)

    def __init__(self, source: SourceFile, module: str, is_package: bool):
        self.source = source
        self.ascii = source.ascii
        self.module = module
        self.is_package = is_package
        self.functions: list[FunctionInfo] = []
        self.classes: list[ClassInfo] = []
        self.imports: list[ImportBinding] = []
        self.dunder_all: tuple[str, ...] | None = None
        self.scope = _Scope("", None, None, None)
        self.class_stack: list[tuple[str, list[Binding], list[str]]] = []
        self.call_parent = -1
        self.in_lambda = False
        self.atomic_depth = 0
        self.awaiting: ast.AST | None = None
        self.guards: list[tuple[str, str, bool]] = []
        self.callee: ast.AST | None = None  # an attribute whose read another site already makes
        self.block = _TOP  # the lines of the innermost statement block being visited
        self.loop: tuple[int, int] | None = None  # the lines of the scope's outermost loop around it
        self._line_numbers: dict[int, int] = {}
        self._lines: list[str] | None = None
        self._has_type_comments: bool | None = None
        # function qualname -> the names a call of it rebinds in its caller's scope (see `Binding.via`)
        self._rebinders: dict[str, tuple[str, ...]] = {}

    # -- helpers -----------------------------------------------------------------------------
    def span(self, node: ast.AST) -> Span:
        # One int object per line number of the file: each node holds its own copy, and the
        # spans outlive the tree (line numbers above 256 are not shared by the interpreter).
        lines = self._line_numbers
        line = lines.setdefault(node.lineno, node.lineno)
        end_line = node.end_lineno or line
        end_line = lines.setdefault(end_line, end_line)
        if self.ascii:  # byte columns are code-point columns
            return _new_tuple(Span, (line, node.col_offset, end_line, node.end_col_offset or node.col_offset))
        return Span(
            line,
            self.source.column(line, node.col_offset),
            end_line,
            self.source.column(end_line, node.end_col_offset or node.col_offset),
        )

    def _spans(self, nodes) -> tuple[tuple[int, int, int, int], ...]:
        if not nodes:
            return ()
        return tuple(sorted({tuple(self.span(node)) for node in nodes}))

    def qualify(self, name: str) -> str:
        if self.class_stack:
            prefix = self.class_stack[-1][0]
        else:
            prefix = self.scope.qualname
        return f"{prefix}.{name}" if prefix else name

    def build(self, tree: ast.Module) -> None:
        module_scope = self.scope
        if "lambda" in self.source.text:
            # Lambdas are functions named `<lambdaN>`, numbered in source order per module.
            found = sorted((n.lineno, n.col_offset, id(n), n) for n in _lambdas(tree, self.source.text))
            for number, (*_, node) in enumerate(found, 1):
                node._offpath_name = f"<lambda{number}>"  # type: ignore[attr-defined]
        for stmt in tree.body:
            self.visit(stmt)
        end = len(self.source.lines)
        self.functions.insert(0, self._finish(module_scope, "", Span(1, 0, max(end, 1), 0), (), (), None, False))

    def _finish(self, scope: _Scope, name: str, span: Span, params, decorators, returns, is_async,
                param_kinds: tuple[str, ...] = (), const_defaults: tuple[tuple[str, str], ...] = (),
                stub: bool = False) -> FunctionInfo:
        names = {p.name for p in params}
        invoked = tuple(sorted({
            site.callee[0] for site in scope.calls
            if site.callee and len(site.callee) == 1 and site.callee[0] in names and not site.in_lambda
        })) if names else ()
        receiver = params[0].name if params and binds_self(scope.class_name, [d.callee[-1] for d in decorators if d.callee], params) else None
        node_type = type(scope.node)
        if node_type is ast.FunctionDef or node_type is ast.AsyncFunctionDef:
            use = call_use.analyse(scope.node, receiver, self.needed)
            spans = self._spans
            needed, unwaited = spans(use.needed), spans(use.unwaited)
            backoff, effects = spans(use.backoff), spans(use.effects)
            answered, translated, swallowed = spans(use.answered), spans(use.translated), spans(use.swallowed)
            wrapped, statused, filled = spans(use.wrapped), spans(use.statused), spans(use.filled)
        else:
            needed = unwaited = backoff = effects = answered = translated = wrapped = swallowed = statused = filled = ()
        # Positionally, in `FunctionInfo`'s field order (one per function of every file).
        return _new_tuple(FunctionInfo, (
            scope.qualname, name, span, is_async, scope.class_name, scope.parent, tuple(params),
            tuple(decorators), tuple(scope.calls), tuple(scope.bindings), tuple(scope.self_attrs), returns,
            tuple(scope.return_values), tuple(scope.globals), invoked, needed, unwaited, backoff, effects,
            param_kinds, const_defaults, stub, answered, translated, wrapped, swallowed, statused, tuple(scope.nonlocals),
            filled,
            tuple(scope.reads),
        ))

    # -- imports -----------------------------------------------------------------------------
    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.asname:
                self.imports.append(ImportBinding(alias.asname, alias.name, node.lineno, self.scope.qualname))
            else:
                top = alias.name.split(".")[0]
                self.imports.append(ImportBinding(top, top, node.lineno, self.scope.qualname))

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        base = self._import_base(node.module, node.level)
        if base is None:
            return
        for alias in node.names:
            if alias.name == "*":
                self.imports.append(ImportBinding("*", base, node.lineno, self.scope.qualname, is_star=True))
                continue
            target = f"{base}.{alias.name}" if base else alias.name
            self.imports.append(ImportBinding(alias.asname or alias.name, target, node.lineno, self.scope.qualname))

    def _import_base(self, module: str | None, level: int) -> str | None:
        if level == 0:
            return module or ""
        package_parts = self.module.split(".") if self.module else []
        if not self.is_package:
            package_parts = package_parts[:-1]
        if level - 1 > len(package_parts):
            return None
        if level > 1:
            package_parts = package_parts[: len(package_parts) - (level - 1)]
        base = ".".join(package_parts)
        if module:
            return f"{base}.{module}" if base else module
        return base

    # -- definitions -------------------------------------------------------------------------
    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self._function(node, isinstance(node, ast.AsyncFunctionDef))

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self._function(node, True)

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef, is_async: bool) -> None:
        decorators = [self._decorator(d) for d in node.decorator_list]
        for default in node.args.defaults + [d for d in node.args.kw_defaults if d is not None]:
            self.visit(default)
        for arg in node.args.posonlyargs + node.args.args + node.args.kwonlyargs:
            # `user: Annotated[User, Depends(get_user)]`: the metadata's calls, like a default's
            if isinstance(arg.annotation, ast.Subscript) and isinstance(arg.annotation.slice, ast.Tuple) \
                    and any(isinstance(item, ast.Call) for item in arg.annotation.slice.elts[1:]):
                for item in arg.annotation.slice.elts[1:]:
                    self.visit(item)
        qualname = self.qualify(node.name)
        class_name = self.class_stack[-1][0] if self.class_stack else None
        if self.class_stack:
            self.class_stack[-1][2].append(node.name)
        else:
            self.scope.bindings.append(Binding(node.name, value=None, line=node.lineno))
        parent = None if self.class_stack else (self.scope.qualname or None)
        outer_scope, outer_classes = self.scope, self.class_stack
        outer_state = (self.call_parent, self.in_lambda, self.atomic_depth)
        outer_guards, self.guards = self.guards, []
        self.scope = _Scope(qualname, node, class_name, parent)
        self.class_stack = []
        self.call_parent, self.in_lambda = -1, False
        self.atomic_depth = 1 if any(self._is_atomic_chain(d.callee) for d in decorators) else 0
        params = self._params(node.args, class_name, decorators)
        if class_name is None and outer_scope.self_name and all(p.name != outer_scope.self_name for p in params):
            # A closure inside a method (`def register(fn): self.handlers[name] = fn`) writes
            # the method's `self`: its attribute writes are the instance's.
            self.scope.self_name = outer_scope.self_name
        outer_block, self.block = self.block, _TOP
        outer_loop, self.loop = self.loop, None
        for stmt in node.body:
            self.visit(stmt)
        self.block, self.loop = outer_block, outer_loop
        returns = annotation_chain(node.returns)
        info = self._finish(self.scope, node.name, self.span(node), params, decorators, returns, is_async,
                            _param_kinds(node.args), _const_defaults(node.args), _is_stub(node.body))
        self.scope, self.class_stack = outer_scope, outer_classes
        self.call_parent, self.in_lambda, self.atomic_depth = outer_state
        self.guards = outer_guards
        self.functions.append(info)
        declared = info.nonlocals_declared if parent else info.globals_declared
        if declared and class_name is None and not decorators:
            rebound = _rebound_names(info, declared)
            if rebound:
                self._rebinders[qualname] = rebound

    def _params(self, args: ast.arguments, class_name: str | None, decorators: list[CallSite]) -> list[Binding]:
        all_args = args.posonlyargs + args.args
        params = []
        # A parameter's binding carries its default value: a call that leaves it out passes that.
        defaults = [None] * (len(all_args) - len(args.defaults)) + list(args.defaults)
        for arg, default in zip(all_args + args.kwonlyargs, defaults + list(args.kw_defaults)):
            params.append(value_binding(arg.arg, default, arg.lineno, annotation_chain(arg.annotation)))
        for arg in (args.vararg, args.kwarg):
            if arg is not None:
                params.append(Binding(arg.arg, line=arg.lineno))
        names = {d.callee[-1] for d in decorators if d.callee}
        if binds_self(class_name, names, all_args):
            self.scope.self_name = all_args[0].arg
        return params

    def _decorator(self, node: ast.expr) -> CallSite:
        if isinstance(node, ast.Call):
            site = self._call_site(node, expr_chain(node.func))
            for arg in node.args + [k.value for k in node.keywords]:
                self.visit(arg)
            return site
        return CallSite(expr_chain(node), self.span(node), bare=True)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        decorators = [self._decorator(d) for d in node.decorator_list]
        for base in node.bases:
            self.visit(base)
        qualname = self.qualify(node.name)
        if not self.class_stack:
            self.scope.bindings.append(Binding(node.name, line=node.lineno))
        attrs: list[Binding] = []
        methods: list[str] = []
        self.class_stack.append((qualname, attrs, methods))
        for stmt in node.body:
            self.visit(stmt)
        self.class_stack.pop()
        bases = tuple(c for c in (expr_chain(b) for b in node.bases) if c)
        parent = self.scope.qualname or None
        self.classes.append(
            ClassInfo(qualname, node.name, self.span(node), bases, tuple(decorators), tuple(attrs), tuple(methods), parent,
                      next((c for k in node.keywords if k.arg == "metaclass" and (c := expr_chain(k.value))), ()))
        )

    # -- statements --------------------------------------------------------------------------
    def visit_Assign(self, node: ast.Assign) -> None:
        self.visit(node.value)
        annotation = self._type_comment(node) if len(node.targets) == 1 else None
        start = len(self.scope.bindings)
        for target in node.targets:
            self._bind(target, node.value, node.lineno, annotation)
        self._dominate(start, node.end_lineno or node.lineno)

    def _type_comment(self, node: ast.Assign) -> Chain | None:
        """A PEP 484 type comment ends the assignment's line (`self.plugins = {}  # type:
        Dict[str, Plugin]`): an annotation like `x: Dict[str, Plugin] = {}`. Read from the text
        (the parse keeps no comments); `# type: ignore` is none. A file with no `type:` in its text
        skips the per-assignment line scan."""
        if self._has_type_comments is None:
            self._has_type_comments = "type:" in self.source.text
        if not self._has_type_comments:
            return None
        if self._lines is None:
            self._lines = self.source.text.splitlines()
        end = node.end_lineno or node.lineno
        line = self._lines[end - 1] if 0 < end <= len(self._lines) else ""
        rest = line[node.end_col_offset or 0:] if self.ascii else line.encode()[node.end_col_offset or 0:].decode("utf-8", "ignore")
        match = TYPE_COMMENT.match(rest)
        if not match or match.group(1).startswith("ignore"):
            return None
        try:
            parsed = ast.parse(match.group(1).strip(), mode="eval").body
        except SyntaxError:
            return None
        return annotation_chain(parsed)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self.visit(node.value)
        start = len(self.scope.bindings)
        self._bind(node.target, node.value, node.lineno, annotation_chain(node.annotation))
        if node.value is not None:
            self._dominate(start, node.end_lineno or node.lineno)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self.visit(node.value)
        self.visit(node.target)
        self._operator(node.target, node, f"__i{_BINARY_DUNDERS[type(node.op)][2:]}")

    # -- operators: `a + b` calls `a.__add__(b)`, `k in d` `d.__contains__(k)`, `d[k]` `d.__getitem__(k)`
    def _operator(self, operand: ast.expr, node: ast.AST, method: str) -> None:
        chain = expr_chain(operand)
        if chain:
            self._implicit(node, chain + (method,))

    def visit_BinOp(self, node: ast.BinOp) -> None:
        self._operator(node.left, node, _BINARY_DUNDERS[type(node.op)])
        self.generic_visit(node)

    def visit_UnaryOp(self, node: ast.UnaryOp) -> None:
        method = _UNARY_DUNDERS.get(type(node.op))
        if method:
            self._operator(node.operand, node, method)
        self.generic_visit(node)

    def visit_Compare(self, node: ast.Compare) -> None:
        left = node.left
        for op, right in zip(node.ops, node.comparators):
            method = _COMPARE_DUNDERS.get(type(op))
            if method:
                self._operator(right if method == "__contains__" else left, node, method)
            left = right
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        """Reading `obj.total` calls what the attribute's descriptor runs (a property's getter, a
        `__getattr__` fallback): one implicit site `obj.total.__get__` for the longest chain read,
        unless the chain is called (a call's own site reads its callee's attributes)."""
        if node is self.callee:
            self.callee = None
        elif type(node.ctx) is ast.Load and not self.class_stack:
            chain = expr_chain(node)
            if chain:
                self._read(node, chain + (ATTRIBUTE_READ,))
        value = node.value
        if type(value) is ast.Attribute:
            self.callee = value  # the rest of the chain is read by the site just made
        self.visit(value)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        method = {ast.Load: "__getitem__", ast.Store: "__setitem__", ast.Del: "__delitem__"}[type(node.ctx)]
        self._operator(node.value, node, method)
        self.generic_visit(node)

    def _bind(self, target: ast.expr, value: ast.expr | None, line: int, annotation: Chain | None) -> None:
        targets = _target_names(target)
        loaded = _loaded_classes(value) if len(targets) > 1 else None
        if loaded:
            for position, item in enumerate(targets):
                if position < len(loaded) - 1 and isinstance(item, ast.Name):
                    binding = Binding(item.id, value=(LOAD, loaded[0], loaded[position + 1]), line=line)
                    (self.class_stack[-1][1] if self.class_stack else self.scope.bindings).append(binding)
                else:
                    self._bind_one(item, None, None, line, annotation)
            return
        for item, node, chain in _unpack(target, value, None):
            self._bind_one(item, node, chain, line, annotation)

    def _bind_one(self, item: ast.expr, node: ast.expr | None, chain: Chain | None, line: int,
                  annotation: Chain | None) -> None:
        """Bind one target to an expression (`node`) or, inside an unpacking, to a chain."""
        def binding(name: str) -> Binding:
            if chain is not None:
                return Binding(name, value=chain, annotation=annotation, line=line)
            if not self.class_stack and _nests_collections(node):
                return value_binding(name, self._hoisted(node, name, line), line, annotation)
            return value_binding(name, node, line, annotation)

        if isinstance(item, ast.Name):
            if item.id == "__all__" and not self.class_stack and not self.scope.qualname:
                self._record_all(node)
            if self.class_stack:
                self.class_stack[-1][1].append(binding(item.id))
            else:
                self.scope.bindings.append(binding(item.id))
        elif isinstance(item, ast.Attribute):
            owner = item.value
            if not self.class_stack:
                stored = expr_chain(item)
                if stored:
                    self._read(item, stored + (ATTRIBUTE_WRITE,))
            if isinstance(owner, ast.Name) and owner.id == self.scope.self_name:
                self.scope.self_attrs.append(binding(item.attr))
            elif isinstance(owner, ast.Name) and not self.class_stack:
                # `app.mail = Mail()`: read back later as `current_app.mail`.
                self.scope.bindings.append(binding(f"{owner.id}.{item.attr}"))
            elif isinstance(owner, ast.Attribute) and not self.class_stack:
                # `app.state.mailer = Mailer()`, `request.app.state.x = ...`: an app's state
                # object, read back later through another path to the same app.
                path = expr_chain(owner)
                if path and len(path) <= 3 and path[0] != self.scope.self_name and all(p.isidentifier() for p in path):
                    self.scope.bindings.append(binding(".".join((*path, item.attr))))
            self.visit(item.value)
        elif isinstance(item, ast.Subscript):
            # `handlers["x"] = fn`: a member added to the container (a registry).
            member = chain if chain is not None else expr_chain(node) if node is not None else None
            key = _subscript_part(item.slice)[1:-1]
            if member:
                self._mutation(item.value, (member,), (key if not key.startswith("#") else "",), line)
            self.visit(item)
        else:
            self.visit(item)

    def _hoisted(self, node: ast.expr, name: str, line: int) -> ast.expr:
        """`ls = [[f1], f2]`, `d = {"a": {"b": f1}}`: each nested literal that holds values becomes a
        binding of its own (a hidden name, `<ls:3:0>`, in this scope) and its place in the outer
        literal a reference to it, so `ls[0][0]` and `d["a"]["b"]` keep their positions and keys
        instead of a flat set of every member. Returns the outer literal with the references."""
        if isinstance(node, ast.Dict):
            elements = node.values
        else:
            elements = node.elts
        replaced = []
        for position, element in enumerate(elements):
            if isinstance(element, _NESTING) and _holds_values(element):
                # named by how many times this scope bound `name` before, not by its line
                ordinal = sum(1 for b in self.scope.bindings if b.name == name)
                hidden = f"<{name}:{ordinal}:{position}>"
                inner = self._hoisted(element, hidden, line) if _nests_collections(element) else element
                self.scope.bindings.append(value_binding(hidden, inner, line))
                element = ast.Name(id=hidden, ctx=ast.Load())
            replaced.append(element)
        if isinstance(node, ast.Dict):
            return ast.Dict(keys=node.keys, values=replaced)
        return type(node)(elts=replaced, ctx=ast.Load())

    def _mutation(self, container: ast.expr, members: tuple[Chain, ...], keys: tuple[str, ...], line: int) -> None:
        """Members added to a named container or a `self` attribute; the container keeps its name."""
        record = Binding("", members=members, keys=keys if any(keys) else (), line=line, mutates=True)
        if isinstance(container, ast.Name):
            target = self.class_stack[-1][1] if self.class_stack else self.scope.bindings
            target.append(record._replace(name=container.id))
        elif isinstance(container, ast.Attribute) and isinstance(container.value, ast.Name) \
                and container.value.id == self.scope.self_name:
            self.scope.self_attrs.append(record._replace(name=container.attr))

    def _record_all(self, value: ast.expr | None) -> None:
        if isinstance(value, (ast.List, ast.Tuple)):
            names = [e.value for e in value.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
            self.dunder_all = tuple(names)

    def _read(self, node: ast.AST, callee: Chain) -> None:
        """An attribute read or store's implicit site (`FunctionInfo.reads`)."""
        self.scope.reads.append(_new_tuple(CallSite, (
            callee, self.span(node), (), (), None, (), False, False, self.call_parent, self.in_lambda, False,
            (), (), None, (), True, (), ())))

    def _implicit(self, node: ast.AST, *callees: Chain) -> None:
        span = self.span(node)
        for callee in callees:  # positionally, in `CallSite`'s field order (one per attribute read)
            self.scope.calls.append(_new_tuple(CallSite, (
                callee, span, (), (), None, (), False, False, self.call_parent, self.in_lambda, False,
                (), (), None, (), True, (), ())))

    def visit_Raise(self, node: ast.Raise) -> None:
        if isinstance(node.exc, (ast.Name, ast.Attribute)):
            chain = expr_chain(node.exc)
            if chain:
                self._implicit(node.exc, chain)  # `raise Stop` instantiates Stop
        self.generic_visit(node)

    def visit_For(self, node: ast.For | ast.AsyncFor) -> None:
        self.visit(node.iter)
        outer_loop = self._loop(node)
        start = len(self.scope.bindings)
        chain = expr_chain(node.iter)
        if chain and isinstance(node, ast.For) and (chain[-1].startswith("(") or chain[-1].isidentifier()):
            # `for x in obj:` calls `obj.__iter__()` and then `__next__` of what that returns (the
            # call graph keeps them for instances only: iterating a class runs its metaclass's).
            self._implicit(node.iter, chain + ("__iter__",), chain + ("__iter__", CALL, "__next__"))
        if isinstance(node.iter, _COLLECTIONS):
            members = _members(node.iter)
            if members and isinstance(node.target, ast.Name):
                self.scope.bindings.append(Binding(node.target.id, members=members, union=True, line=node.lineno))
            elif isinstance(node.target, ast.Name) and not isinstance(node.iter, ast.Dict):
                # `for path in ["app.a.Mailer", "app.b.Pusher"]`: each string in turn (a loader's names).
                for text in _string_items(node.iter):
                    self.scope.bindings.append(Binding(node.target.id, literal=text, line=node.lineno))
        if chain:
            for item, _, item_chain in _unpack(node.target, None, chain + (INDEX,)):
                if isinstance(item, ast.Name) and item_chain:
                    self.scope.bindings.append(Binding(item.id, value=item_chain, line=node.lineno))
        # The target is bound on each pass through the body; after the loop it may never have been.
        self._dominate(start, node.iter.end_lineno or node.lineno,
                       (node.body[0].lineno, node.body[-1].end_lineno or node.body[-1].lineno))
        self._block(node.body)
        if node.orelse:
            self._block(node.orelse)
        self.loop = outer_loop

    visit_AsyncFor = visit_For

    def visit_With(self, node: ast.With | ast.AsyncWith) -> None:
        atomic = False
        start = len(self.scope.bindings)
        for item in node.items:
            if isinstance(node, ast.AsyncWith):
                # `async with session.post(...)` runs the request just like `await` does.
                previous = self.awaiting
                self.awaiting = item.context_expr
                self.visit(item.context_expr)
                self.awaiting = previous
            else:
                self.visit(item.context_expr)
            chain = expr_chain(item.context_expr)
            if self._is_atomic_chain(chain):
                atomic = True
            if chain and chain[-1].startswith("("):
                enter = "__aenter__" if isinstance(node, ast.AsyncWith) else "__enter__"
                leave = "__aexit__" if isinstance(node, ast.AsyncWith) else "__exit__"
                self._implicit(item.context_expr, chain + (enter,), chain + (leave,))
            if chain and item.optional_vars is not None and isinstance(item.optional_vars, ast.Name) \
                    and chain[-1].startswith("("):
                # `with X() as x`: x is what __enter__ returns (`return self` is the instance).
                self.scope.bindings.append(Binding(item.optional_vars.id, members=(chain, chain + (enter, CALL)),
                                                   union=True, line=node.lineno))
                continue
            if item.optional_vars is not None and isinstance(item.optional_vars, ast.Name) and chain:
                self.scope.bindings.append(Binding(item.optional_vars.id, value=chain, line=node.lineno))
        self._dominate(start, node.items[-1].context_expr.end_lineno or node.lineno,
                       (node.body[0].lineno, node.body[-1].end_lineno or node.body[-1].lineno))
        self.atomic_depth += atomic
        self._block(node.body)
        self.atomic_depth -= atomic

    visit_AsyncWith = visit_With

    @staticmethod
    def _is_atomic_chain(chain: Chain | None) -> bool:
        return bool(chain) and any(part in HOOKS.transaction_blocks for part in chain)  # type: ignore[union-attr]

    def visit_Return(self, node: ast.Return) -> None:
        if node.value is None:
            return
        self.visit(node.value)
        members = _members(node.value)
        if members and isinstance(node.value, (*_COLLECTIONS, ast.ListComp, ast.SetComp, ast.DictComp, ast.BinOp)):
            # `return a, b` / `return [h]` / `return [f(x) for x in xs]` keeps its structure: the
            # caller unpacks or iterates it (`return a + b`: the members, or what `__add__` returns).
            self.scope.bindings.append(value_binding(RETURNED, node.value, node.lineno))
            if (RETURNED,) not in self.scope.return_values:
                self.scope.return_values.append((RETURNED,))
        elif members:
            self.scope.return_values.extend(members)
        else:
            chain = expr_chain(node.value) or operator_chain(node.value) or self._display_lookup(node.value, node.lineno)
            if chain:
                self.scope.return_values.append(chain)

    def _display_lookup(self, node: ast.expr, line: int) -> Chain | None:
        """`return {"s3": upload_s3, "gcs": upload_gcs}[kind]`, `return handlers.get(kind)` on a
        literal: the literal is bound to a local of its own, and the return reads it by that name."""
        if isinstance(node, ast.Subscript) and isinstance(node.value, _COLLECTIONS):
            display, lookup = node.value, ast.Subscript(value=ast.Name(id=LOOKED_UP), slice=node.slice)
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get"
              and isinstance(node.func.value, ast.Dict)):
            display = node.func.value
            lookup = ast.Call(func=ast.Attribute(value=ast.Name(id=LOOKED_UP), attr="get"),
                              args=node.args, keywords=node.keywords)
        else:
            return None
        if _members(display) is None:
            return None
        self.scope.bindings.append(value_binding(LOOKED_UP, display, line))
        return expr_chain(lookup)

    def visit_Expr(self, node: ast.Expr) -> None:
        self.visit(node.value)
        call = node.value
        if self._rebinders and type(call) is ast.Call and type(call.func) is ast.Name and not self.class_stack:
            self._rebinding_call(call.func.id, node)

    def _rebinding_call(self, name: str, node: ast.Expr) -> None:
        """`configure()` at the module's top level (its `global` stores), `switch()` in the
        function whose closure it is (its `nonlocal` stores): after the statement, the names it
        rebinds hold what it stores (see `Binding.via`)."""
        scope = self.scope
        target = f"{scope.qualname}.{name}" if scope.qualname else name
        rebound = self._rebinders.get(target)
        if not rebound:
            return
        start = len(scope.bindings)
        for local in rebound:  # a closure's `nonlocal x` reaches this scope only when it binds `x`
            if not scope.qualname or any(b.name == local for b in scope.bindings):
                scope.bindings.append(Binding(local, line=node.lineno, via=target))
        self._dominate(start, node.end_lineno or node.lineno)

    def visit_Global(self, node: ast.Global) -> None:
        self.scope.globals.extend(node.names)

    def visit_Nonlocal(self, node: ast.Nonlocal) -> None:
        self.scope.nonlocals.extend(node.names)

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self.visit(node.value)
        if isinstance(node.target, ast.Name):
            self.scope.bindings.append(value_binding(node.target.id, node.value, node.lineno))

    # -- expressions -------------------------------------------------------------------------
    def visit_If(self, node: ast.If) -> None:
        self.visit(node.test)
        guard = _guard(node.test)
        self._guarded(node.body, guard, True)
        self._guarded(node.orelse, guard, False)

    def visit_IfExp(self, node: ast.IfExp) -> None:
        self.visit(node.test)
        guard = _guard(node.test)
        self._guarded([node.body], guard, True)
        self._guarded([node.orelse], guard, False)

    def _guarded(self, nodes: list, guard: tuple[str, str, bool] | None, holds: bool) -> None:
        if guard is not None:
            name, test, expected = guard
            self.guards.append((name, test, expected == holds))
        if nodes:
            self._block(nodes)
        if guard is not None:
            self.guards.pop()

    def visit_Yield(self, node: ast.Yield) -> None:
        """A generator returns the collection of what it yields."""
        if node.value is not None:
            self.visit(node.value)
            chain = expr_chain(node.value)
            if chain:
                self.scope.bindings.append(Binding(RETURNED, members=(chain,), line=node.lineno))
                if (RETURNED,) not in self.scope.return_values:
                    self.scope.return_values.append((RETURNED,))

    def visit_YieldFrom(self, node: ast.YieldFrom) -> None:
        """`yield from gen()` yields what iterating `gen()` gives."""
        self.visit(node.value)
        chain = expr_chain(node.value)
        members = _members(node.value) if isinstance(node.value, _COLLECTIONS) else (chain + (INDEX,),) if chain else ()
        if members:
            self.scope.bindings.append(Binding(RETURNED, members=members, line=node.lineno))
            if (RETURNED,) not in self.scope.return_values:
                self.scope.return_values.append((RETURNED,))

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.name and node.type is not None:
            chain = annotation_chain(node.type.elts[0] if isinstance(node.type, ast.Tuple) and node.type.elts
                                     else node.type)
            if chain:
                self.scope.bindings.append(Binding(node.name, annotation=chain, line=node.lineno))
        self.generic_visit(node)

    def visit_Await(self, node: ast.Await) -> None:
        previous = self.awaiting
        self.awaiting = node.value
        self.visit(node.value)
        self.awaiting = previous

    def visit_Lambda(self, node: ast.Lambda) -> None:
        """A lambda's calls stay in the enclosing function, marked `in_lambda` (the call graph
        gives them to the lambda's own facts); the lambda itself is a function without calls."""
        previous = self.in_lambda
        self.in_lambda = True
        for default in node.args.defaults + [d for d in node.args.kw_defaults if d is not None]:
            self.visit(default)
        self.visit(node.body)
        self.in_lambda = previous
        name = getattr(node, "_offpath_name", None)
        if name is None:
            return
        members = _members(node.body)
        returns = members if members is not None else tuple(c for c in [expr_chain(node.body)] if c)
        outer = self.scope
        self.scope = _Scope(name, node, None, outer.qualname or None)
        params = self._params(node.args, None, [])
        self.scope.return_values.extend(returns)
        info = self._finish(self.scope, name, self.span(node), params, (), None, False, _param_kinds(node.args))
        self.scope = outer
        self.functions.append(info)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Name) and func.id in _BUILTIN_DUNDERS and len(node.args) == 1:
            chain = expr_chain(node.args[0])
            if chain:
                self._implicit(node, chain + (_BUILTIN_DUNDERS[func.id],))
        if isinstance(func, ast.Attribute) and func.attr in _ADDERS and node.args:
            self._added(func, node)
        site = self._call_site(node, expr_chain(node.func) or self._alternatives(func))
        index = len(self.scope.calls)
        self.scope.calls.append(site)
        self.callee = node.func
        self.visit(node.func)
        self.callee = None
        previous = self.call_parent
        self.call_parent = index
        for arg in node.args:
            self.visit(arg)
        for keyword in node.keywords:
            self.visit(keyword.value)
        self.call_parent = previous

    def _alternatives(self, func: ast.expr) -> Chain | None:
        """`(fast if flag else slow)()`, `(handler or default)(x)`, `(Email() if urgent else Sms()).send()`:
        the conditional expression or boolean operation at the root of the called chain is bound to
        a hidden local of its own (`<called:N>`, numbered per scope), a union of the alternatives,
        and the chain is read from that name. Not in a class body or a lambda, whose names are not
        this scope's."""
        if self.class_stack or self.in_lambda:
            return None
        parent, field, node = None, "", func
        while type(node) in _CHAIN_LINKS:
            parent, field = node, _CHAIN_LINKS[type(node)]
            node = getattr(node, field)
        if not isinstance(node, (ast.IfExp, ast.BoolOp)):
            return None
        ordinal = sum(1 for b in self.scope.bindings if b.name.startswith("<called:"))
        binding = value_binding(f"<called:{ordinal}>", node, node.lineno)
        if not binding.members:
            return None
        self.scope.bindings.append(binding)
        if parent is None:
            return (binding.name,)
        setattr(parent, field, ast.Name(id=binding.name, ctx=ast.Load()))
        try:
            return expr_chain(func)
        finally:
            setattr(parent, field, node)

    def _added(self, func: ast.Attribute, node: ast.Call) -> None:
        """`xs.append(f)`, `xs.extend([f, g])`, `d.setdefault("k", f)`: members added to `xs`."""
        value = node.args[-1]
        if func.attr == "extend" or func.attr == "update":
            members = _members(value) if isinstance(value, _COLLECTIONS) else None
            if members is None:
                chain = expr_chain(value)
                members = (chain + (INDEX,),) if chain else ()
            keys = _keys(value, members) if isinstance(value, ast.Dict) else ()
        else:
            chain = expr_chain(value)
            members, keys = ((chain,) if chain else ()), ()
            if func.attr == "setdefault" and len(node.args) == 2 and chain:
                key = _first_literal(node)
                keys = (key,) if key and _LITERAL_PART.match(key) else ()
        if members:
            self._mutation(func.value, tuple(members), tuple(keys), node.lineno)

    def _call_site(self, node: ast.Call, callee: Chain | None) -> CallSite:
        # One pass over the arguments (this runs for every call of every file); the record is
        # built positionally, in `CallSite`'s field order.
        args: list = []
        arg_literals: list = []
        starred: list = []
        constants: list = []
        nested: list = []
        for position, arg in enumerate(node.args):
            kind = type(arg)
            if kind is ast.Constant:
                args.append(None)
                arg_literals.append(_literal_text(arg))
                if arg.value is None or arg.value is True or arg.value is False:
                    constants.append((position, str(arg.value)))
                continue
            if kind is ast.Starred:
                args.append(expr_chain(arg.value))
                starred.append(position)
            else:
                args.append(expr_chain(arg))
            if kind in _COLLECTION_TYPES:
                arg_literals.append(_literal_text(arg) if kind is not ast.Dict else None)
                nested.extend(_members(arg) or ())
            else:
                arg_literals.append(None)
        kwargs: list = []
        kw_literals: list = []
        for keyword in node.keywords:
            value, name = keyword.value, keyword.arg
            kwargs.append((name or "**", expr_chain(value)))
            if name:
                text = _literal_text(value)
                if text is not None:
                    kw_literals.append((name, text))
            if type(value) in _COLLECTION_TYPES:
                nested.extend(_members(value) or ())
        if node.keywords:
            constants += [(k.arg, text) for k in node.keywords if k.arg and (text := _constant_text(k.value))]
        return _new_tuple(CallSite, (
            callee, self.span(node), tuple(args), tuple(kwargs), _first_literal(node), tuple(kw_literals),
            self.awaiting is node, self.atomic_depth > 0, self.call_parent, self.in_lambda, False,
            tuple(arg_literals), tuple(nested), self.span(node.func), tuple(starred), False, tuple(constants),
            tuple(self.guards),
        ))
