"""The machinery every queue backend shares: make the callee a task (decorate it in place, or add a
thin wrapper that re-fetches ORM objects by id), then rewrite the call into the backend's dispatch
form, wrapped in `transaction.on_commit` when it runs inside a transaction."""

from __future__ import annotations

import ast
import re

from ..backends.base import RETRIES, Backend, Form, TaskRef, top_names
from .context import Changes, Context
from .site import Site, callee_params
from .text import Doc


def move_call(ctx: Context, backend: Backend, site: Site, changes: Changes | None = None) -> tuple[Changes, str] | None:
    """Edits that send the call at `site` through `backend`, and the task's name; None if it does not apply."""
    if site.stmt is None or not backend.available(ctx, site):
        return None
    changes = changes or Changes(ctx)
    task = prepare_task(ctx, backend, site, changes)
    if task is None:
        return None
    form = backend.dispatch(ctx, changes, site, task)
    if form is None:
        return None
    if site.atomic and form.awaits:
        return None  # a lambda handed to on_commit cannot await
    apply_form(ctx, changes, site, form, task, on_commit=site.atomic and backend.on_commit)
    return changes, task.name


def other_callers(ctx: Context, callee: str, site: Site) -> bool:
    """Whether anything but this call site calls (or passes around) `callee`."""
    here = (site.doc.path, site.doc.span(site.doc.start(site.call), site.doc.end(site.call)))
    for facts in ctx.project.facts.values():
        for function in facts.functions.values():
            for edge in function.edges:
                if edge.target == callee and (function.path, edge.span) != here:
                    return True
            for job in function.dispatches:
                if job.task == callee:
                    return True
    return False


def task_backend_of(ctx: Context, full: str) -> str | None:
    for facts in ctx.project.facts.values():
        for name, backend in facts.tasks:
            if name == full:
                return backend
    return None


def def_node(doc: Doc, line: int, name: str) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    for node in ast.walk(doc.tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name and node.lineno == line:
            return node
    return None


def prepare_task(ctx: Context, backend: Backend, site: Site, changes: Changes, *, returns: bool = False) -> TaskRef | None:
    """Make the callee a task of `backend` (or reuse it when it already is one); with `returns`, a
    wrapper hands back the callee's value (the job's result a status endpoint reports)."""
    found = ctx.function(site.callee) if site.callee else None
    if found is None:
        return None
    summary, info, path = found
    doc = ctx.doc(path)
    if doc is None:
        return None
    node = def_node(doc, info.span.line, info.name)
    if node is None:
        return None
    func = site.call.func
    existing = task_backend_of(ctx, site.callee)
    if existing is not None:
        if existing != backend.name:
            return None
        return TaskRef(ref=site.doc.segment(func), name=info.name)
    is_method = info.class_name is not None
    needs_wrapper = (
        is_method or info.parent is not None or bool(site.models) or other_callers(ctx, site.callee, site)
        or (backend.needs_ctx and not _takes_ctx(node))
    )
    if not backend.accepts(info.is_async) and not (needs_wrapper and backend.async_functions and not info.is_async):
        return None
    if not needs_wrapper:
        decorator = backend.decorator(ctx, changes, doc)
        if decorator is not None:
            _decorate(changes, doc, node, decorator)
        return TaskRef(ref=site.doc.segment(func), name=info.name, created=True)
    return _wrap(ctx, backend, site, changes, summary, info, doc, node, returns=returns)


def _takes_ctx(node) -> bool:
    args = node.args.posonlyargs + node.args.args
    return bool(args) and args[0].arg == "ctx"


def _decorate(changes: Changes, doc: Doc, node, decorator: str) -> None:
    first = node.decorator_list[0] if node.decorator_list else node
    indent = doc.indent_of(node)
    at = doc.line_start(doc.start(first)) + len(indent)
    changes.insert(doc, at, f"@{decorator}\n{indent}")


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _wrap(ctx: Context, backend: Backend, site: Site, changes: Changes, summary, info, doc: Doc, node,
          returns: bool = False) -> TaskRef | None:
    """Add a module-level task next to the callee that loads objects by id and calls it."""
    args = node.args
    if args.vararg or args.kwarg or args.posonlyargs:
        return None
    positional = list(args.args)
    receiver_model = None
    owner = info.class_name
    decorators = {d.id if isinstance(d, ast.Name) else getattr(d, "attr", "") for d in node.decorator_list}
    if owner:
        if info.parent is not None and summary.function(info.parent) is not None:
            return None
        owner_full = f"{summary.module}.{owner}" if summary.module else owner
        if not info.receiver_param:
            call_target = f"{owner}.{info.name}"
        elif "classmethod" in decorators:
            positional = positional[1:]
            call_target = f"{owner}.{info.name}"
        else:
            if not ctx.resolver.is_model(owner_full) or not isinstance(site.call.func, ast.Attribute):
                return None
            positional = positional[1:]
            receiver_model = owner_full
            call_target = ""
    else:
        if info.parent is not None:
            return None
        call_target = info.name
    params = callee_params(ctx, site.callee)
    model_params: dict[str, str] = {}
    for key, model in site.models.items():
        if isinstance(key, int):
            if key >= len(params):
                return None
            model_params[params[key].name] = model
        else:
            model_params[key] = model
    defaults = dict(zip([a.arg for a in positional][len(positional) - len(args.defaults):], args.defaults))
    defaults.update({a.arg: d for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None})
    name = free_name(doc, f"{info.name}{backend.wrapper_suffix}")

    def load(model: str, variable: str) -> str:
        module, _, cls = model.rpartition(".")
        local = changes.need(doc, module, cls)
        return f"{local}.objects.get(pk={variable})"

    wrapper_params, call_args = [], []
    if backend.needs_ctx:
        wrapper_params.append("ctx")
    if receiver_model:
        receiver_var = f"{snake(receiver_model.rsplit('.', 1)[-1])}_id"
        wrapper_params.append(receiver_var)
        call_target = f"{load(receiver_model, receiver_var)}.{info.name}"
    for arg in positional + list(args.kwonlyargs):
        keyword_only = arg in args.kwonlyargs
        if arg.arg in model_params:
            if arg.arg in defaults:
                return None
            variable = f"{arg.arg}_id"
            value = load(model_params[arg.arg], variable)
        else:
            variable = arg.arg
            value = arg.arg
        if keyword_only and not any(p.startswith("*") for p in wrapper_params):
            wrapper_params.append("*")
        default = f"={doc.segment(defaults[arg.arg])}" if arg.arg in defaults else ""
        wrapper_params.append(variable + default)
        call_args.append(f"{arg.arg}={value}" if keyword_only else value)
    is_async = info.is_async or backend.async_wrapper
    decorator = backend.decorator(ctx, changes, doc)
    body_call = f"{call_target}({', '.join(call_args)})"
    if info.is_async:
        body_call = f"await {body_call}"
    elif is_async:
        # Blocking work in a coroutine worker: run it in a thread, not on the event loop.
        thread = changes.need(doc, "asyncio") + ".to_thread"
        body_call = f"await {thread}({', '.join([call_target] + call_args)})"
    lines = []
    if decorator:
        lines.append(f"@{decorator}")
    lines.append(f"{'async ' if is_async else ''}def {name}({', '.join(wrapper_params)}):")
    lines.append(f"    {'return ' if returns else ''}{body_call}")
    top = doc.top_level(node)
    at = doc.line_after(top.end_lineno)
    lead = "\n" if at == len(doc.text) and not doc.text.endswith("\n") else ""
    changes.insert(doc, at, lead + "\n\n" + "\n".join(lines) + "\n")
    # How the call site names the wrapper.
    func = site.call.func
    module = summary.module
    first_args: list[str] = []
    if backend.by_name:
        ref = name
        if receiver_model:
            first_args.append(pk_of(site.doc, func.value))
    elif receiver_model:
        ref = changes.need(site.doc, module, name) if module != site.doc.module else name
        first_args.append(pk_of(site.doc, func.value))
    elif isinstance(func, ast.Attribute) and not owner:
        ref = f"{site.doc.segment(func.value)}.{name}"
    else:
        ref = changes.need(site.doc, module, name) if module != site.doc.module else name
    convert = {key: "pk" for key in site.models}
    renames = {key: f"{key}_id" for key in site.models if isinstance(key, str)}
    return TaskRef(ref=ref, name=name, first_args=first_args, convert=convert, renames=renames,
                   drop_receiver=bool(receiver_model), created=True)


def pk_of(doc: Doc, node: ast.expr) -> str:
    """The id passed instead of an ORM object: `order.pk`, parenthesised when it must be."""
    text = doc.segment(node)
    if isinstance(node, (ast.Name, ast.Attribute, ast.Call, ast.Subscript)):
        return f"{text}.pk"
    return f"({text}).pk"


def free_name(doc: Doc, base: str) -> str:
    """`base`, or `base_2`, `base_3`… : the first one no top-level name of the module takes."""
    taken = top_names(doc.tree)
    name, number = base, 2
    while name in taken:
        name, number = f"{base}_{number}", number + 1
    return name


def apply_form(ctx: Context, changes: Changes, site: Site, form: Form, task: TaskRef, on_commit: bool) -> None:
    """Rewrite the call at `site` into `form`, converting ORM arguments to ids."""
    doc = site.doc
    head = ("await " if form.awaits else "") + form.head
    first = form.first_args + task.first_args
    end = doc.end(site.call)
    if on_commit and site.in_loop:
        # A lambda in a loop would see the loop variable's last value: bind the arguments now.
        hook = changes.need(doc, "django.db", "transaction") + ".on_commit"
        partial = changes.need(doc, "functools", "partial")
        text = f"{hook}({partial}({head}" + "".join(f", {a}" for a in first) + (", " if site.has_args else "")
        changes.replace(doc, site.head_start, site.open_paren, text)
        changes.replace(doc, end - 1, end, "))")
    else:
        prefix = ""
        if on_commit:
            prefix = changes.need(doc, "django.db", "transaction") + ".on_commit(lambda: "
        text = prefix + head + "(" + ", ".join(first) + (", " if first and site.has_args else "")
        changes.replace(doc, site.head_start, site.open_paren, text)
        if on_commit:
            changes.insert(doc, end, ")")
    for position, arg in enumerate(site.call.args):
        if task.convert.get(position):
            changes.replace(doc, doc.start(arg), doc.end(arg), pk_of(doc, arg))
    for keyword in site.call.keywords:
        if keyword.arg and task.convert.get(keyword.arg):
            start = doc.start(keyword)
            changes.replace(doc, start, start + len(keyword.arg), task.renames.get(keyword.arg, keyword.arg))
            changes.replace(doc, doc.start(keyword.value), doc.end(keyword.value), pk_of(doc, keyword.value))
    if form.tail:
        last = site.last_arg_end
        if last is None:
            changes.insert(doc, site.open_paren, (", " if first else "") + ", ".join(form.tail))
        else:
            changes.insert(doc, last, ", " + ", ".join(form.tail))


__all__ = ["RETRIES", "Backend", "Form", "TaskRef", "apply_form", "move_call", "prepare_task", "task_backend_of"]
