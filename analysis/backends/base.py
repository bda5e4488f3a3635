"""What one queue backend is, as data: how a project shows it uses it, which calls hand work to it,
which decorators make a task, how a call becomes its dispatch, and whether it can be offered to a
project that has no queue yet. Each module of this package defines one `Backend`; nothing else in
offpath names a backend in an `if`.

This module imports nothing from the rewrites: the registry is read while the call graph is built,
long before any fix is computed, and the rewrite hooks only receive the rewrites' objects."""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass, field

RETRIES = 5


@dataclass
class Form:
    """How a call becomes a dispatch: `[await ]head(first_args..., <original args>, tail...)`."""

    head: str
    first_args: list[str] = field(default_factory=list)
    tail: list[str] = field(default_factory=list)
    awaits: bool = False


@dataclass
class TaskRef:
    """The task as the call site names it, and how its arguments change."""

    ref: str
    name: str  # the task function's own name (arq enqueues by name)
    first_args: list[str] = field(default_factory=list)
    convert: dict[int | str, str] = field(default_factory=dict)  # argument -> "pk" conversions
    renames: dict[str, str] = field(default_factory=dict)  # keyword -> new keyword
    drop_receiver: bool = False  # the call's receiver became the first argument
    created: bool = False  # a task was created (decorated or wrapped)


@dataclass(frozen=True)
class Flag:
    """A variant of a backend the rewrites must follow (django-rq, djhuey, the django-tasks
    backport): set when one of `packages` is declared or a module imports one of `imports`."""

    name: str
    packages: tuple[str, ...] = ()
    imports: tuple[str, ...] = ()


@dataclass(frozen=True)
class Greenfield:
    """How a backend is offered to a project that has no queue yet."""

    frameworks: tuple[str, ...] = ()  # web frameworks of the handler it fits; () for any
    dependency: str = ""  # the distribution the fix adds; "" when the project needs nothing new
    infrastructure: tuple[str, ...] = ()  # declared distributions meaning its broker already runs (redis)


def _always(ctx, site) -> bool:
    return True


def _no_decorator(ctx, changes, doc) -> str | None:
    return None


@dataclass(frozen=True)
class Backend:
    """One queue backend (or a hook that defers work, like FastAPI's BackgroundTasks or on_commit)."""

    name: str  # the name settings, `--backend` and `Fix.backend` use
    label: str
    title: str = ""  # fix title, plain text; `{task}` is the task's name
    kind: str = "queue"  # "queue"; "background" (runs after the response); "hook" (on_commit, runs in
    # the request after the commit: not a boundary); "broker" (SQS, Kafka…: a dispatch boundary, not a rewrite target)
    aliases: tuple[str, ...] = ()  # other spellings accepted in settings ("django-tasks")
    rank: int = 100  # where evidence ties, the lower rank wins; new backends come after the first ones
    # -- detection in a project
    packages: tuple[str, ...] = ()  # normalised distribution names
    app_classes: tuple[str, ...] = ()  # classes whose module-level instance is the app/queue/broker
    app_pattern: tuple[str, str] = ("", "")  # (library prefix, class-name suffix) of more such classes
    declared_apps: bool = False  # a module-level name annotated with one of `app_classes` is its object too
    # (filled at startup: `channel: AbstractChannel | None = None`); its rewrite reads it through the module
    flags: tuple[Flag, ...] = ()
    style: Callable | None = None  # (project, apps) -> extra flags read from existing tasks
    # -- tasks
    task_decorators: tuple[str, ...] = ()  # resolved decorator names that make a task
    task_libraries: tuple[str, ...] = ()  # top-level packages whose `….task` decorator makes a task
    broker_libraries: tuple[str, ...] = ()  # packages whose broker objects carry the `task` decorator
    decorator_names: tuple[str, ...] = ()  # unresolved decorators recognised by their last name
    owner_hint: str = ""  # an unresolved `@<owner>.task` is ours when `<owner>` contains this
    owner_default: bool = False  # …and ours when no other backend's hint matches
    # -- dispatch boundaries
    dispatch_methods: frozenset[str] = frozenset()  # methods on a task that enqueue it
    call_enqueues: bool = False  # calling the task itself enqueues it (huey)
    boundary_apis: tuple[str, ...] = ()  # resolved calls that take a function and run it elsewhere
    boundary_methods: tuple[str, ...] = ()  # method names that are such a call on an unknown receiver
    id_methods: frozenset[str] = frozenset()  # dispatches whose arguments are the task's (OFP202)
    task_first_methods: frozenset[str] = frozenset()  # dispatches whose first argument is the task
    # -- the rewrite
    available: Callable = _always  # (ctx, site) -> whether the project can dispatch this way here
    decorator: Callable = _no_decorator  # (ctx, changes, doc) -> decorator text making a task, or None
    form: Callable | None = None  # (ctx, changes, site, task) -> Form of the dispatch, or None
    fix: Callable | None = None  # (ctx, finding) -> Fix: a rewrite of its own (BackgroundTasks, on_commit)
    # (ctx, changes, doc, task_ref, job_id) -> (statements, dict expression) reading a job's state in
    # a status endpoint (the OFP301 fix); None when the backend cannot report a job's state
    job_status: Callable | None = None
    # (ctx, changes, doc, [(task ref, argument texts)]) -> one statement dispatching every consumer
    # of an event at once (Celery's `group`); None: one dispatch per consumer
    fan_out: Callable | None = None
    sync_functions: bool = True
    async_functions: bool = False
    needs_ctx: bool = False  # the worker passes a context first (arq)
    by_name: bool = False  # dispatched by the task's name: the call site needs no import (arq)
    async_wrapper: bool = False  # the worker runs coroutines only: wrappers are `async def`
    wrapper_suffix: str = "_task"
    on_commit: bool = True  # a dispatch inside a transaction waits for the commit
    greenfield: Greenfield | None = None
    # -- running it (OFP205) and its tasks' policies (OFP206, OFP207)
    worker_commands: tuple[str, ...] = ()  # regexes of a command line that starts its worker
    worker_hint: str = ""  # those commands as people write them, for messages
    eager_settings: tuple[str, ...] = ()  # regexes of a setting that runs every dispatch inline
    retry_options: tuple[str, ...] = ()  # task decorator keywords that give it a retry policy
    retry_calls: tuple[str, ...] = ()  # methods a task body calls to retry itself (`self.retry`)
    retries_by_default: bool = False  # a task retries unless told not to (Dramatiq)
    no_retry: tuple[tuple[str, str], ...] = ()  # (keyword, literal) turning the default off
    retry_policy: str = ""  # decorator keywords the OFP206 fix adds

    def accepts(self, is_async: bool) -> bool:
        return self.async_functions if is_async else self.sync_functions

    def fix_title(self, task: str, setup=None) -> str:
        """Plain text (editors show backticks literally); a fix that adds a dependency says so."""
        adds = self.greenfield.dependency if setup is not None and setup.introduce == self.name else ""
        title = (self.title or "Move {task}(...) to the " + self.label + " queue").format(task=task)
        if not adds:
            return title
        return f"{title[:-1]}, adds dependency {adds})" if title.endswith(")") else f"{title} (adds dependency {adds})"

    def dispatch(self, ctx, changes, site, task):
        """The dispatch form for `site` (None when it cannot be written)."""
        return self.form(ctx, changes, site, task) if self.form is not None else None


def scaffold(changes, doc, name: str, value: Callable) -> str | None:
    """Define the module-level object `name = value(doc)` in `doc` below its imports (once per fix);
    its local name, or None when `doc` already binds `name` to something else."""
    key = (doc.path, name)
    made = changes.scaffolded
    if key in made:
        return name
    if name in top_names(doc.tree):
        return None
    made.add(key)
    body = doc.tree.body
    at = 0
    for stmt in body:
        docstring = stmt is body[0] and isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)
        if isinstance(stmt, (ast.Import, ast.ImportFrom)) or docstring:
            at = doc.line_after(stmt.end_lineno)
        else:
            break
    text = doc.text
    lead = "\n" if at and not text[:at].endswith("\n") else ""
    after = "\n" if at < len(text) else ""
    changes.insert(doc, at, f"{lead}\n{name} = {value(doc)}\n{after}")
    return name


def top_names(tree: ast.Module) -> set[str]:
    """Names a module binds at its top level (a new definition must not shadow one)."""
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, ast.Assign):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return names


def package_doc(ctx, doc):
    """Where a new app/queue object goes: the top-level package's `__init__.py` (one per project,
    as Celery's layout has it), else the module itself."""
    top = doc.module.split(".", 1)[0]
    if top and (doc.module != top or not doc.is_package):
        found = ctx.module_doc(top)
        if found is not None and found.is_package:
            return found
    return doc


def app_object(ctx, changes, doc, backend: str, name: str, value: Callable) -> str | None:
    """The local name in `doc` of the project's app object for `backend`: the one it has, else one
    this fix defines (when it introduces the backend); None when there is neither."""
    setup = ctx.setup
    found = setup.apps.get(backend)
    if found is None:
        if setup.introduce != backend:
            return None
        home = package_doc(ctx, doc)
        if scaffold(changes, home, name, value) is None:
            return None
        found = (home.module, name)
    module, local = found
    return local if module == doc.module else changes.need(doc, module, local)
