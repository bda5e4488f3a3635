"""How each call's value is used inside its own function, read from the function's syntax alone.

Three facts, each a set of call nodes, that the summary records (as spans) for the call graph:

- **needed**: the call's value reaches what the function hands back or decides on: a `return`, a
  `yield`, a branch test, or state it stores (`self.attr = v`, `request.session[k] = v`), directly or
  through the local names it is assigned to (a store into an object the function made itself, like
  a row it saves, only when that object is needed; a test whose branches only set locals or log,
  only when one of those locals is), or the error it raises (`raise Error(stderr)`); or its exception decides what the function hands back: the call
  stands in a `try` whose `except` returns or raises an error of its own (`except Timeout: return
  JsonResponse(..., status=504)`), not one that only logs or re-raises. A slow call whose value is needed at every hop up to the handler
  is the response (OFP301), not work to queue.
- **unwaited**: the call's value is dropped, or bound to a name nothing waits on (`.wait()`,
  `.communicate()`, `with`) and that never leaves the function: a `Popen` like that is detached
  work (OFP204), not a synchronous subprocess.
- **effects**: calls whose effect, not their value, may be what the caller gets: the dropped calls
  of a function that hands back no value (no `return x`, no `yield`), and the needed calls that
  may have written files the function then reads (below). The reachability walk counts a
  procedure's dropped call as needed only under a call that wrote files (`uploads.sync()` before
  `os.walk(folder)`): never in the handler itself, and never under a call whose value is needed
  for itself (a constructor, `form.validate()`).
- **answered**: the calls in a `try` whose `except` returns, or writes a local the function hands
  back (`error = str(e)` then `return {"error": error}`): what fails in them, however deep,
  decides what the function hands back. An `except` naming only data errors (`IntegrityError`,
  `KeyError`, `Model.DoesNotExist`) is about the data, not a slow call's failure: it counts as no
  `except` at all. **translated**: those in a `try` whose `except` raises an
  error of its own instead: the failure goes on up under another name (a handler's
  `HTTPException` is the status; a helper's `StorageError` is its caller's to answer). A helper
  whose `except Exception` turns every failure into its own error answers for none in
  particular: its calls are **wrapped**, and what fails below them is a side effect's failure
  its caller may drop.
- **swallowed**: the calls in a `try` whose handlers neither answer nor raise (they log, count,
  pass): a failure below them never reaches the caller. A call in none of these lets its failure
  go on up, so below an answered call a dropped call's failure is still the answer (the
  reachability walk reads all three).
- **filled**: needed calls that are needed only as what fills a needed object (`items.append(x)`,
  `msg.send()` of a returned `msg`, `draw(buf)`), not for a value of their own.
- The sleeps of a `while` loop whose test reads a needed local (`while not job.is_finished:
  sleep(1); job.refresh()`) are needed: the loop polls for the value.
- **backoff**: the call runs only after an attempt failed: inside an `except` handler, or in a
  loop after a test that leaves the loop on success, or in a branch that retries (`continue`). A
  sleep there is a retry back-off, not a request-time cost.

The filesystem is a channel too, and so is object storage: a dropped call before a needed read of
files (`open`, `os.walk`, `send_file`…) or a presigned URL for a stored object is needed when it
may have written what is read: it names a path the read names
(`s3.download_file(bucket, key, path)` then `open(path)`), or takes nothing at all (`uploads.sync()`
then `os.walk(folder)`); names bound by one call (`tex, pdf = paths(name)`) are one source, and
checking that a file exists (`os.path.exists(pdf)`) reads it. An object built around a needed local (`zf = ZipFile(buf)`) fills it: what
is done to it is needed.

Flow-insensitive on purpose: a name assigned anywhere in the function from a call makes that call
needed when the name is needed anywhere. Nested functions, classes and lambdas are other scopes.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

from .astwalk import CHILD_FIELDS, walked_types

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
# Reading one of these on a process object waits for it, or hands it to code that will.
# The classes whose instances are processes the `unwaited` fact is about.
_PROCESSES = frozenset({"Popen"})
# Calls that read files or folders: what a dropped call before them wrote may be what they read.
_FILE_READS = frozenset({"open", "walk", "listdir", "scandir", "iterdir", "glob", "iglob", "rglob",
                         "read_bytes", "read_text", "send_file", "send_from_directory", "FileResponse",
                         "exists", "isfile", "getsize"})
_DISPLAYS = (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)
_WAITS = frozenset({"wait", "communicate", "poll", "returncode", "stdout", "stderr", "kill", "terminate",
                    "send_signal", "__enter__"})


@dataclass
class CallUse:
    needed: list[ast.Call] = field(default_factory=list)
    unwaited: list[ast.Call] = field(default_factory=list)
    backoff: list[ast.Call] = field(default_factory=list)
    effects: list[ast.Call] = field(default_factory=list)
    answered: list[ast.Call] = field(default_factory=list)
    translated: list[ast.Call] = field(default_factory=list)
    wrapped: list[ast.Call] = field(default_factory=list)
    swallowed: list[ast.Call] = field(default_factory=list)
    statused: list[ast.Call] = field(default_factory=list)
    filled: list[ast.Call] = field(default_factory=list)


def analyse(function: ast.AST, receiver: str | None = None, needed: bool = True) -> CallUse:
    """The three facts for one `def` (its own body, not nested scopes); `receiver` is its `self`;
    `needed=False` leaves the first out (an installed package's code, see `summary.summarize`)."""
    walker = _Walker()
    args = getattr(function, "args", None)
    if args is not None:
        walker.params = {a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)} - {receiver}
    # A function that raises no status error anywhere has no block that does: one walk, not one per test.
    walker.raises_status = needed and _raises_status(getattr(function, "body", []))
    for stmt in getattr(function, "body", ()):
        walker.statement(stmt, loop=False, after_exit=False, retry=False)
    calls = walker.needed_calls() if needed else []
    effects = walker.effect_calls(calls) if needed else []
    local = {id(call) for call in walker.answered_locally}
    return CallUse(needed=calls, unwaited=walker.unwaited_calls(function), backoff=walker.backoff, effects=effects,
                   answered=[*walker.answered, *walker.answered_locally] if needed else [],
                   translated=walker.translated if needed else [],
                   wrapped=walker.wrapped if needed else [],
                   swallowed=[call for call in walker.swallowed if id(call) not in local] if needed else [],
                   statused=walker.statused_calls() if needed else [],
                   filled=walker.fillers if needed else [])


_LEAVES = (ast.expr_context, ast.operator, ast.cmpop, ast.unaryop, ast.boolop, ast.Constant)


_WALKED = walked_types((*_SCOPES, *_LEAVES))


def _own_nodes(node: ast.AST) -> list[ast.AST]:
    """`node` and its descendants, not entering nested scopes (leaves that hold no name skipped)."""
    out = []
    stack = [node]
    pop, push, extend, fields, walked = stack.pop, stack.append, stack.extend, CHILD_FIELDS, _WALKED
    while stack:
        current = pop()
        out.append(current)
        for name in fields[type(current)]:
            value = getattr(current, name, None)
            if type(value) is list:
                extend([v for v in value if type(v) in walked])
            elif type(value) in walked:
                push(value)
    return out


def _names(node: ast.AST) -> set[str]:
    return {n.id for n in _own_nodes(node) if isinstance(n, ast.Name)}


def _calls(node: ast.AST) -> list[ast.Call]:
    return [n for n in _own_nodes(node) if isinstance(n, ast.Call)]


def _target_names(target: ast.AST) -> set[str]:
    if isinstance(target, ast.Name):
        return {target.id}
    if isinstance(target, (ast.Tuple, ast.List)):
        out: set[str] = set()
        for element in target.elts:
            out |= _target_names(element)
        return out
    if isinstance(target, ast.Starred):
        return _target_names(target.value)
    return set()


def _block_statements(body: list[ast.stmt], closed: tuple[type, ...]):
    """Every statement of a block and of the blocks nested in it (handlers included), not
    looking inside the statements of the `closed` kinds (which are still yielded)."""
    stack = list(body)
    while stack:
        stmt = stack.pop()
        yield stmt
        if isinstance(stmt, closed):
            continue
        for name in _STATEMENT_LISTS:  # the fields that hold statements (read directly: no walk)
            block = getattr(stmt, name, None)
            if block:
                stack.extend(block)
        for handler in getattr(stmt, "handlers", ()):
            stack.extend(handler.body)


_STATEMENT_LISTS = ("body", "orelse", "finalbody")


def _exits(body: list[ast.stmt], kinds: tuple[type, ...]) -> bool:
    """Whether a statement list contains (outside nested loops and scopes) one of `kinds`."""
    return any(isinstance(stmt, kinds)
               for stmt in _block_statements(body, (*_SCOPES, ast.For, ast.AsyncFor, ast.While)))


class _Walker:
    def __init__(self) -> None:
        self.roots: list[ast.AST] = []  # expressions whose value the function hands back or decides on
        self.assigns: list[tuple[set[str], ast.AST]] = []  # (names bound, value)
        self.mutations: list[tuple[str, ast.Call]] = []  # `name.method(...)` statements
        self.member_mutations: list[tuple[str, ast.Call]] = []  # `name.attr.method(...)` statements
        self.dropped: list[ast.Call] = []  # expression statements that are calls
        self.bound: list[tuple[str, ast.Call]] = []  # `name = call(...)`
        self.backoff: list[ast.Call] = []
        self.answered: list[ast.Call] = []  # in a `try` whose `except` returns
        self.translated: list[ast.Call] = []  # in a `try` whose `except` raises an error of its own
        self.wrapped: list[ast.Call] = []  # the same, under an `except Exception` that wraps every failure
        self.swallowed: list[ast.Call] = []  # in a `try` whose handlers drop the failure
        # (names an `except` writes, the calls of its `try`) of a `try` none of whose handlers
        # returns or raises: the calls are answered when one of those names is needed.
        self.failure_locals: list[tuple[set[str], list[ast.Call]]] = []
        self.answered_locally: list[ast.Call] = []  # those calls, once `_needed_roots` found the names needed
        # Needed only as what fills a needed object (`items.append(x)`, `msg.send()`, `draw(buf)`),
        # not for a value of their own.
        self.fillers: list[ast.Call] = []
        self.polls: list[tuple[set[str], list[ast.Call]]] = []  # (names a `while` test reads, its sleeps)
        # What decides an error the framework answers with a status (`_raises_status`): tests whose
        # branch raises one, the raised errors themselves, and the calls of a `try` whose `except` does.
        self.status_roots: list[ast.AST] = []
        self.status_tried: list[ast.Call] = []
        self.tests: list[ast.AST] = []
        # (names its branches write, test) of an `if`/`while` whose branches only write names: the
        # test decides those values, so it is needed when one of them is (`_control_roots`)
        self.controls: list[tuple[set[str], ast.AST]] = []
        self.params: set[str] = set()
        self.raises_status = True  # some block of the function may raise a status error
        self.returns_value = False  # a `return x` or a `yield`: the function hands back a value
        self.writers: list[ast.Call] = []  # needed because they may write files a needed read reads
        self.stores: list[tuple[str | None, list[ast.AST]]] = []  # `base.attr = v`, `base[k] = v`: (base, [v, k])
        self._scanned: dict[int, tuple[set[str], list[ast.Call], list[ast.AST]]] = {}

    # -- statements ------------------------------------------------------------------------
    def statement(self, stmt: ast.stmt, *, loop: bool, after_exit: bool, retry: bool) -> None:
        if isinstance(stmt, _SCOPES):
            return
        if after_exit or retry:  # only sleeps read this fact
            heads = _head_calls(stmt) if isinstance(stmt, (ast.If, ast.Try)) else _calls(stmt)
            self.backoff.extend(c for c in heads if _callee_name(c) == "sleep")
        self._record(stmt)
        if isinstance(stmt, (ast.For, ast.AsyncFor, ast.While)):
            self._block(stmt.body, loop=True, retry=retry)
            self._block(stmt.orelse, loop=loop, retry=retry)
        elif isinstance(stmt, ast.If):
            retrying = retry or (loop and _exits(stmt.body, (ast.Continue,)))
            self._block(stmt.body, loop=loop, retry=retrying)
            self._block(stmt.orelse, loop=loop, retry=retry or (loop and _exits(stmt.orelse, (ast.Continue,))))
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            self._block(stmt.body, loop=loop, retry=retry)
        elif isinstance(stmt, (ast.Try, getattr(ast, "TryStar", ast.Try))):
            # An `except IntegrityError` or `except KeyError` is about the data, not about a slow
            # call's failure: what fails in an HTTP call or a send goes past it.
            handlers = [handler for handler in stmt.handlers if not _data_errors_only(handler)]
            if any(_decides(handler) for handler in handlers):
                for inner in stmt.body:  # what fails here decides what the function answers
                    if not isinstance(inner, _SCOPES):
                        self.roots.extend(_calls(inner))
                if any(_returns(handler) for handler in handlers):
                    kept = self.answered
                elif any(_catches_all(handler) and _decides(handler) for handler in handlers):
                    kept = self.wrapped
                else:
                    kept = self.translated
                for inner in stmt.body:
                    if not isinstance(inner, _SCOPES):
                        kept.extend(_calls(inner))
                # A specific `except` (not `except Exception`, which answers for any failure at all).
                if self.raises_status and any(not _catches_all(handler) and _raises_status(handler.body)
                                              for handler in handlers):
                    for inner in stmt.body:
                        if not isinstance(inner, _SCOPES):
                            self.status_tried.extend(_calls(inner))
            elif handlers and not any(_raises(handler) for handler in handlers):
                tried = [call for inner in stmt.body if not isinstance(inner, _SCOPES) for call in _calls(inner)]
                self.swallowed.extend(tried)  # a failure here stops here ...
                # ... unless an `except` writes a local the function hands back (`error = str(e)`
                # then `return {"error": error}`): then the failure is in the answer (`_needed_roots`).
                for handler in handlers:
                    written = _branch_writes(handler.body)
                    if written:
                        self.failure_locals.append((written, tried))
            self._block(stmt.body, loop=loop, retry=retry)
            for handler in stmt.handlers:
                self._block(handler.body, loop=loop, retry=True)
            self._block(stmt.orelse, loop=loop, retry=retry)
            self._block(stmt.finalbody, loop=loop, retry=retry)
        elif isinstance(stmt, getattr(ast, "Match", ())):
            for case in stmt.cases:
                self._block(case.body, loop=loop, retry=retry)

    def _block(self, body: list[ast.stmt], *, loop: bool, retry: bool) -> None:
        exited = False
        for stmt in body:
            self.statement(stmt, loop=loop, after_exit=exited, retry=retry)
            if loop and isinstance(stmt, ast.If) and _exits(stmt.body, (ast.Break, ast.Return)):
                exited = True  # what follows runs only when the test did not succeed

    def _record(self, stmt: ast.stmt) -> None:
        """The value facts of the statement's own expressions (not its nested blocks)."""
        if isinstance(stmt, ast.Return) and stmt.value is not None:
            self.roots.append(stmt.value)
            self.returns_value = True
        elif isinstance(stmt, ast.Expr):
            value = stmt.value
            inner = value.value if isinstance(value, ast.Await) else value
            if isinstance(inner, (ast.Yield, ast.YieldFrom)):
                self.returns_value = True
                if inner.value is not None:
                    self.roots.append(inner.value)
            elif isinstance(inner, ast.Call):
                self.dropped.append(inner)
                func = inner.func
                if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
                    self.mutations.append((func.value.id, inner))
                elif isinstance(func, ast.Attribute):  # `row.photo.save(...)`
                    base = _base_name(func.value)
                    if base is not None:
                        self.member_mutations.append((base, inner))
        elif isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            value = stmt.value
            if value is None:
                return
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            for target in targets:
                names = _target_names(target)
                if names:
                    self.assigns.append((names, value))
                    inner = value.value if isinstance(value, ast.Await) else value
                    if isinstance(target, ast.Name) and isinstance(inner, ast.Call):
                        self.bound.append((target.id, inner))
                elif isinstance(target, (ast.Attribute, ast.Subscript)):
                    # Stored state, under a key that may come from a call too: whether the caller
                    # can see it depends on the object it is stored in (`_store_roots`).
                    keys = [target.slice] if isinstance(target, ast.Subscript) else []
                    self.stores.append((_base_name(target), [value, *keys]))
        elif isinstance(stmt, (ast.If, ast.While)):
            if isinstance(stmt, ast.While):
                # `while not job.is_finished: sleep(1); job.refresh()`: the waits are how the
                # loop's value comes about, needed when what its test reads is.
                waits = [call for inner in stmt.body if not isinstance(inner, _SCOPES)
                         for call in _calls(inner) if _callee_name(call) == "sleep"]
                if waits:
                    self.polls.append((_names(stmt.test), waits))
            written = _branch_writes([*stmt.body, *stmt.orelse])
            if written is None:
                self.tests.append(stmt.test)  # a branch returns, raises or calls out: the test decides
                if self.raises_status and (_raises_status(stmt.body) or _raises_status(stmt.orelse)):
                    self.status_roots.append(stmt.test)
            else:
                self.controls.append((written, stmt.test))
        elif isinstance(stmt, (ast.For, ast.AsyncFor)):
            self.assigns.append((_target_names(stmt.target), stmt.iter))
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            for item in stmt.items:
                if item.optional_vars is not None:
                    self.assigns.append((_target_names(item.optional_vars), item.context_expr))
        elif isinstance(stmt, ast.Assert):
            self.tests.append(stmt.test)
        elif isinstance(stmt, ast.Raise) and stmt.exc is not None:
            self.roots.append(stmt.exc)  # the error it raises is what the caller gets instead
            if _status_error(stmt.exc):
                self.status_roots.append(stmt.exc)
        elif isinstance(stmt, getattr(ast, "Match", ())):
            self.tests.append(stmt.subject)

    # -- results ---------------------------------------------------------------------------
    def _scan(self, node: ast.AST) -> tuple[set[str], list[ast.Call], list[ast.AST]]:
        """The names, calls and conditional-expression tests of one expression, in one walk."""
        found = self._scanned.get(id(node))
        if found is None:
            names: set[str] = set()
            calls: list[ast.Call] = []
            tests: list[ast.AST] = []
            # `_own_nodes`, inlined: one loop instead of a list of every node and a second pass.
            stack = [node]
            pop, push, extend, fields, walked = stack.pop, stack.append, stack.extend, CHILD_FIELDS, _WALKED
            name_type, call_type, ifexp_type = ast.Name, ast.Call, ast.IfExp
            while stack:
                current = pop()
                kind = type(current)
                if kind is name_type:
                    names.add(current.id)
                    continue  # no child worth walking
                if kind is call_type:
                    calls.append(current)
                elif kind is ifexp_type:
                    tests.append(current.test)
                for field_name in fields[kind]:
                    value = getattr(current, field_name, None)
                    if type(value) is list:
                        extend([v for v in value if type(v) in walked])
                    elif type(value) in walked:
                        push(value)
            found = self._scanned[id(node)] = (names, calls, tests)
        return found

    def _needed_roots(self) -> list[ast.AST]:
        roots: list[ast.AST] = []
        taken: set[int] = set()
        names: set[str] = set()

        def take(node: ast.AST) -> None:
            # A worklist, not recursion: a closure that calls itself is a reference cycle, which
            # kept each function's walker and the syntax it holds alive until the collector ran
            # (never, during a bulk load: see gcpause), hundreds of MB on a 3,000-file tree.
            pending = [node]
            while pending:
                current = pending.pop()
                if id(current) in taken:
                    continue
                taken.add(id(current))
                roots.append(current)
                node_names, _, tests = self._scan(current)
                names.update(node_names)
                pending.extend(reversed(tests))  # `a if fetch() else b`: the test decides the value

        # Only objects the function made itself: `self.notify()` or `request.user.save()` must not
        # count as filling the response because `self` or `request` is in it.
        local = set().union(*(bound for bound, _ in self.assigns)) if self.assigns else set()
        fills = self._store_roots(local) + self._control_roots(local)
        # A call whose failure an `except` turns into a local the function hands back: needed
        # when that local is, like the value of a test that only sets locals.
        failures = [(written & local - self.params, calls) for written, calls in self.failure_locals]
        fills += [(written, call) for written, calls in failures if written for call in calls]
        fills += [(read & local, call) for read, calls in self.polls if read & local for call in calls]
        for node in (*self.roots, *self.tests):
            take(node)
        if not (self.assigns or self.mutations or self.dropped or fills):
            return roots
        # Objects built around what the caller passed in (`c = Canvas(buf)`): what they do fills
        # the caller's value, which the caller's own facts decide on (`self._draw(buf)`).
        filled = self._built_from_params()
        made = {name for name, call in self.bound if _constructs(call)}  # `buf = BytesIO()`
        # A container it built (`context = {...}`) and hands to a procedure that fills it
        # (`_handle_auth(context)` sets `context["result"]`): the procedure's work is in the answer.
        made |= {name for bound, value in self.assigns if isinstance(value, _DISPLAYS) and len(bound) == 1 for name in bound}
        # Parameters that write into a needed local the function made (`image.save(buf)`): what
        # was done to them before (`image.thumbnail(size)`) is in what they wrote.
        shaped: set[str] = set()
        changed = True
        changed_fill = False
        reads: list[ast.Call] = []  # the needed reads of files among the roots' calls, kept up to date
        read_upto = 0
        while changed:
            before = len(roots)
            for bound, value in (*self.assigns, *fills):
                if id(value) not in taken and bound & names:
                    take(value)
            for name, call in self.mutations:
                if id(call) not in taken and ((name in names and name in local) or name in filled or name in shaped):
                    take(call)  # `items.append(fetch())` fills a needed value
                    self.fillers.append(call)
            for name, call in self.member_mutations:
                if id(call) not in taken and name in names and name in made:
                    take(call)  # `thumb = Thumbnail(); thumb.image.save(n, f)`, then its URL answered
                    self.fillers.append(call)
            for call in self.dropped:
                if id(call) not in taken and any(isinstance(a, ast.Name) and a.id in names and a.id in made
                                                 for a in call.args):
                    take(call)  # `self._draw(buf)` fills a needed local the function made
                    self.fillers.append(call)
                    writer = _base_name(call.func.value) if isinstance(call.func, ast.Attribute) else None
                    if writer in self.params and writer not in shaped:
                        shaped.add(writer)
                        changed_fill = True
            for name, call in self.bound:  # `zf = ZipFile(buf)` around a needed `buf` fills it
                if name not in filled and any(isinstance(a, ast.Name) and a.id in names for a in call.args):
                    filled.add(name)
                    changed_fill = True
            for node in roots[read_upto:]:
                reads.extend(c for c in self._scan(node)[1] if _reads_stored(c))
            read_upto = len(roots)
            for call in self._file_writers(reads, taken):
                self.writers.append(call)
                take(call)
            changed = len(roots) != before or changed_fill
            changed_fill = False
        self.answered_locally = [call for written, calls in failures if written & names for call in calls]
        return roots

    def _store_roots(self, local: set[str]) -> list[tuple[set[str], ast.AST]]:
        """Stores into an object the function made itself (`order = Order.objects.get(...)`, then
        `order.tracking = fetch()`) fill that object: needed only when the object is (returned,
        rendered, tested), as `(names, value)` pairs like assignments; a value written to the
        database and never answered with is work to queue. A store into anything else (`self`, a
        parameter, `request.session`, a module global) is state the caller can read: needed
        (a root). A local bound to another name's value without a call (`for item in items`,
        `row = rows[0]`) is that value too: a store into it fills both."""
        if not self.stores:
            return []
        aliases: dict[str, set[str]] = {}
        for bound, value in self.assigns:
            inner = value.value if isinstance(value, ast.Await) else value
            if not self._scan(inner)[1]:  # no call in it: the same object under another name
                for name in bound:
                    aliases.setdefault(name, set()).update(self._scan(inner)[0])
        out: list[tuple[set[str], ast.AST]] = []
        for base, nodes in self.stores:
            if base is None or base not in local or base in self.params:
                self.roots.extend(nodes)
                continue
            names = {base}
            pending = [base]
            while pending:
                for other in aliases.get(pending.pop(), ()):
                    if other not in names:
                        names.add(other)
                        pending.append(other)
            out.extend((names, node) for node in nodes)
        return out

    def _control_roots(self, local: set[str]) -> list[tuple[set[str], ast.AST]]:
        """A test whose branches only set locals (`if not email: email = fallback`) decides those
        locals' values and nothing else: needed when one of them is. Writing anything else (a
        parameter's attribute, `self`) is state the caller sees: the test is needed (a root)."""
        out: list[tuple[set[str], ast.AST]] = []
        for written, test in self.controls:
            if all(name in local and name not in self.params for name in written):
                out.append((written, test))
            else:
                self.roots.append(test)
        return out

    def _file_writers(self, reads: list[ast.Call], taken: set[int]) -> list[ast.Call]:
        """Dropped calls that may have written what a needed read of files (`reads`: the needed
        roots' calls of `_FILE_READS`), after them, reads."""
        if all(id(call) in taken for call in self.dropped):
            return []  # nothing left that could be one (most functions: no dropped call at all)
        if not reads:
            return []
        out = []
        # What each read names, and the locals its path was read from (`file_path =
        # order.pdf_path`, then `send_from_directory(root, file_path)`): a call handed `order`
        # may have written that file. A parameter (`request`) names no path of its own.
        local = set().union(*(bound for bound, _ in self.assigns)) - self.params if self.assigns else set()
        named = [(read, _names(read) | (self._path_sources(_names(read)) & local)) for read in reads]
        for call in self.dropped:
            if id(call) in taken:
                continue
            # Every name in its arguments: `["openssl", "-out", out.name]` names the file `open(out.name)` reads.
            given = set().union(*(_names(a) for a in (*call.args, *(k.value for k in call.keywords))))
            given = self._path_sources(given)
            bare = not call.args and not call.keywords
            for read, names in named:
                if _position(read) > _position(call) and (bare or given & names):
                    out.append(call)
                    break
        return out

    def _path_sources(self, names: set[str]) -> set[str]:
        """`names` and every name their locals were built from (`target = os.path.join(folder,
        name)`): a write to `target` names the file `send_from_directory(folder, name)` reads."""
        out = set(names)
        pending = list(names)
        while pending:
            name = pending.pop()
            for bound, value in self.assigns:
                if name in bound:
                    # `tex, pdf = paths(name)`: names bound by one call are one source of paths
                    for source in (self._scan(value)[0] | set(bound)) - out:
                        out.add(source)
                        pending.append(source)
        return out

    def _built_from_params(self) -> set[str]:
        """Locals bound to a call that takes a parameter as a plain argument (`Canvas(buf)`)."""
        out = set()
        for name, call in self.bound:
            if any(isinstance(a, ast.Name) and a.id in self.params for a in call.args):
                out.add(name)
        return out

    def needed_calls(self) -> list[ast.Call]:
        seen: dict[int, ast.Call] = {}
        for node in self._needed_roots():
            for call in self._scan(node)[1]:
                seen.setdefault(id(call), call)
        # A lambda handed to a needed call (`cache.get_or_set(key, lambda: fetch(url))`): the helper
        # calls it and hands back what it returned, so what the lambda returns is needed too.
        pending = list(seen.values())
        while pending:
            call = pending.pop()
            for arg in (*call.args, *(k.value for k in call.keywords)):
                if isinstance(arg, ast.Lambda):
                    for inner in _calls(arg.body):
                        if id(inner) not in seen:
                            seen[id(inner)] = inner
                            pending.append(inner)
        return list(seen.values())

    def statused_calls(self) -> list[ast.Call]:
        """The calls whose value or failure decides an error the framework answers with a status
        of its own (`if not data: raise ValidationError(...)`, `except ApiError: raise
        HTTPException(502)`): whatever the callers above do with the value, that status is the
        response (the reachability walk checks that nothing above swallows the error)."""
        if not self.status_roots:
            return list(self.status_tried)
        seen: dict[int, ast.Call] = {id(c): c for c in self.status_tried}
        names: set[str] = set()
        taken: set[int] = set()
        pending = list(self.status_roots)
        while pending:
            for node in pending:
                taken.add(id(node))
                node_names, calls, _ = self._scan(node)
                names |= node_names
                for call in calls:
                    seen.setdefault(id(call), call)
            pending = [value for bound, value in self.assigns if id(value) not in taken and bound & names]
        return list(seen.values())

    def effect_calls(self, needed: list[ast.Call]) -> list[ast.Call]:
        """The dropped calls of a function that hands back no value (see the module docstring)."""
        if self.returns_value:
            return list(self.writers)
        seen = {id(c) for c in needed}
        return list(self.writers) + [c for c in self.dropped if id(c) not in seen]

    def unwaited_calls(self, function: ast.AST) -> list[ast.Call]:
        """Only calls of a process class (`Popen`): nothing else is read from this fact."""
        dropped = [c for c in self.dropped if _callee_name(c) in _PROCESSES]
        bound = [(n, c) for n, c in self.bound if _callee_name(c) in _PROCESSES]
        if not bound:
            return dropped
        loads: dict[str, int] = {}
        idle: dict[str, int] = {}  # loads that only read an attribute which does not wait (`p.pid`)
        for node in _own_nodes(function):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                loads[node.id] = loads.get(node.id, 0) + 1
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.attr not in _WAITS:
                idle[node.value.id] = idle.get(node.value.id, 0) + 1
        return dropped + [call for name, call in bound if loads.get(name, 0) == idle.get(name, 0)]


def _decides(handler: ast.ExceptHandler) -> bool:
    """Whether an `except` answers for the failure: a `return`, a `raise` of an error of its own
    (`raise HTTPException(502) from error`), or the caught error put on a form
    (`form.add_error("captcha", error)`); a bare `raise` or `raise error` of the caught error is
    the failure going on unchanged, as if there were no `try`."""
    stack = list(handler.body)
    while stack:
        stmt = stack.pop()
        if isinstance(stmt, ast.Return) or _records_error(stmt, handler.name):
            return True
        if isinstance(stmt, ast.Raise) and stmt.exc is not None and not (
                isinstance(stmt.exc, ast.Name) and stmt.exc.id == handler.name):
            return True
        if isinstance(stmt, _SCOPES):
            continue
        stack.extend(child for child in ast.iter_child_nodes(stmt) if isinstance(child, ast.stmt))
    return False


def _records_error(stmt: ast.stmt, caught: str | None) -> bool:
    """`form.add_error("captcha", error)` with the caught error: a form's error, which the view's
    response (its errors, its status) is made of, unlike a log line."""
    if not caught or not isinstance(stmt, ast.Expr) or not isinstance(stmt.value, ast.Call):
        return False
    call = stmt.value
    return isinstance(call.func, ast.Attribute) and call.func.attr == "add_error" and any(
        isinstance(arg, ast.Name) and arg.id == caught for arg in call.args)


_CATCH_ALL = frozenset({"Exception", "BaseException"})

# Errors a web framework answers with a status of their own, by the names frameworks give them:
# Django's and DRF's `ValidationError`, `PermissionDenied`, `Http404`, DRF's `APIException` family
# (`NotFound`, `AuthenticationFailed`…), werkzeug's, Starlette's and FastAPI's `HTTPException` and
# its named subclasses (`BadRequest`, `Forbidden`…); and the functions that raise one (`abort(400)`).
_STATUS_ERROR = re.compile(
    r"(ValidationError|HTTPException|APIException|Http404|PermissionDenied|SuspiciousOperation|BadRequest"
    r"|NotFound|Forbidden|Unauthorized|NotAuthenticated|AuthenticationFailed|NotAcceptable|Conflict"
    r"|UnprocessableEntity|Throttled|ParseError)$")
_STATUS_RAISERS = frozenset({"abort"})


def _status_error(exc: ast.AST) -> bool:
    """`raise ValidationError(...)`, `raise exceptions.NotFound`, `raise HTTPException(502) from e`."""
    node = exc.func if isinstance(exc, ast.Call) else exc
    name = node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else ""
    return bool(name) and bool(_STATUS_ERROR.search(name))


def _raises_status(body: list[ast.stmt]) -> bool:
    """Whether a block (outside nested scopes) raises an error the framework answers with a
    status (`_status_error`) or calls a function that does (`abort(400)`)."""
    for stmt in _block_statements(body, _SCOPES):
        if isinstance(stmt, ast.Raise) and stmt.exc is not None and _status_error(stmt.exc):
            return True
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) and _callee_name(stmt.value) in _STATUS_RAISERS:
            return True
    return False


# Errors about the data a function works on (the database's, a lookup's, a template's, a type
# mistake), never what a slow call raises when the service behind it fails or times out.
_DATA_ERRORS = frozenset({
    "KeyError", "IndexError", "LookupError", "AttributeError", "TypeError", "ZeroDivisionError",
    "StopIteration", "UnicodeDecodeError", "UnicodeEncodeError", "JSONDecodeError",
    "IntegrityError", "OperationalError", "DataError", "DatabaseError", "ProgrammingError",
    "StaleDataError", "DoesNotExist", "ObjectDoesNotExist", "MultipleObjectsReturned", "NoResultFound",
    "MultipleResultsFound", "NoReverseMatch", "TemplateSyntaxError", "TemplateDoesNotExist",
})


def _data_errors_only(handler: ast.ExceptHandler) -> bool:
    """An `except` that names only data errors (`except (IntegrityError, Model.DoesNotExist)`)."""
    kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    names = [kind.attr if isinstance(kind, ast.Attribute) else kind.id if isinstance(kind, ast.Name) else None
             for kind in kinds]
    return bool(names) and all(name in _DATA_ERRORS for name in names)


def _catches_all(handler: ast.ExceptHandler) -> bool:
    """A bare `except:`, `except Exception`, or a tuple naming `Exception`."""
    kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(kind is None or (isinstance(kind, ast.Name) and kind.id in _CATCH_ALL) for kind in kinds)


def _returns(handler: ast.ExceptHandler) -> bool:
    """Whether an `except` answers for a failure with a value: a `return` in it, or the caught
    error handed to a form's `add_error` (the form's errors are what the response shows)."""
    stack = list(handler.body)
    while stack:
        stmt = stack.pop()
        if isinstance(stmt, ast.Return) or _records_error(stmt, handler.name):
            return True
        if isinstance(stmt, _SCOPES):
            continue
        stack.extend(child for child in ast.iter_child_nodes(stmt) if isinstance(child, ast.stmt))
    return False


def _raises(handler: ast.ExceptHandler) -> bool:
    """Whether an `except` lets a failure go on: it raises (the caught error or another) or
    returns (it answers for it: see `_decides`)."""
    stack = list(handler.body)
    while stack:
        stmt = stack.pop()
        if isinstance(stmt, (ast.Raise, ast.Return)):
            return True
        if isinstance(stmt, _SCOPES):
            continue
        stack.extend(child for child in ast.iter_child_nodes(stmt) if isinstance(child, ast.stmt))
    return False


_LOG_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical", "log"})


def _logs(call: ast.Call) -> bool:
    """`logger.warning(...)`, `self.log.info(...)`, `logging.error(...)`: a record for the
    operators, never part of the answer (the receiver's last name says it is a logger)."""
    func = call.func
    if not isinstance(func, ast.Attribute) or func.attr not in _LOG_METHODS:
        return False
    owner = func.value
    name = owner.attr if isinstance(owner, ast.Attribute) else owner.id if isinstance(owner, ast.Name) else ""
    return "log" in name.lower()


def _branch_writes(body: list[ast.stmt]) -> set[str] | None:
    """The names a test's branches write (assigned, or an object stored into or mutated through a
    method), or None when a branch may decide the function's answer: it returns, raises, yields,
    leaves or skips a loop turn, or calls anything but a method of a name or a logger (`abort(403)`
    raises). Logging and sleeping are neither: a test whose branches only log decides nothing."""
    written: set[str] = set()
    stack = list(body)
    while stack:
        stmt = stack.pop()
        if isinstance(stmt, (ast.Return, ast.Raise, ast.Break, ast.Continue, ast.Assert)):
            return None
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            written.add(stmt.name)  # a definition binds its name; its body is another scope
            continue
        if isinstance(stmt, ast.Expr):
            value = stmt.value.value if isinstance(stmt.value, ast.Await) else stmt.value
            if not isinstance(value, ast.Call) or _logs(value) or _callee_name(value) == "sleep":
                if isinstance(value, (ast.Yield, ast.YieldFrom)):
                    return None
                continue  # a record for the operators, or a wait: neither writes anything
            base = _base_name(value.func) if isinstance(value.func, ast.Attribute) else None
            if base is None:
                return None
            written.add(base)
            continue
        if isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.Delete)):
            targets = (stmt.targets if isinstance(stmt, (ast.Assign, ast.Delete)) else [stmt.target])
            for target in targets:
                names = _target_names(target)
                if not names:
                    base = _base_name(target)
                    if base is None:
                        return None
                    names = {base}
                written |= names
        elif isinstance(stmt, (ast.For, ast.AsyncFor)):
            written |= _target_names(stmt.target)
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            for item in stmt.items:
                if item.optional_vars is not None:
                    written |= _target_names(item.optional_vars)
        elif isinstance(stmt, (ast.Import, ast.ImportFrom)):
            written |= {(a.asname or a.name).split(".")[0] for a in stmt.names}
        for child in ast.iter_child_nodes(stmt):
            if isinstance(child, ast.stmt):
                stack.append(child)
            elif isinstance(child, (ast.excepthandler, getattr(ast, "match_case", ast.excepthandler))):
                stack.extend(child.body)
    return written


def _base_name(target: ast.AST) -> str | None:
    """The local name an attribute or item store writes into (`order` of `order.meta["k"] = v`)."""
    node = target
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _reads_stored(call: ast.Call) -> bool:
    """A read of files (`_FILE_READS`) or of a stored object: a presigned URL for it
    (`generate_presigned_url(Key=key)`) is the response's way to hand over what was uploaded."""
    name = _callee_name(call)
    return name in _FILE_READS or "presigned" in name.lower()


def _callee_name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _position(node: ast.AST) -> tuple[int, int]:
    return node.lineno, node.col_offset


def _constructs(call: ast.Call) -> bool:
    """`BytesIO()`, `io.StringIO()`: a call of a class by its conventional capitalised name."""
    return _callee_name(call)[:1].isupper()


def _head_calls(stmt: ast.stmt) -> list[ast.Call]:
    """Calls of a compound statement's own head (an `if` test), not of its nested blocks."""
    if isinstance(stmt, ast.If):
        return _calls(stmt.test)
    return []
