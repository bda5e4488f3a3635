"""Fire-and-forget work (OFP204) — `Thread(target=f, args=...).start()`, `executor.submit(f, ...)`,
`asyncio.create_task(f(...))` — becomes a durable dispatch of `f` on a queue backend."""

from __future__ import annotations

import ast
import copy

from ..backends.base import Backend
from ..model import Finding, Fix
from ..summary import expr_chain
from .context import Changes, Context
from .moves import pk_of, prepare_task
from .site import locate, orm_arguments


def fix(ctx: Context, finding: Finding, backend: Backend) -> Fix | None:
    if not finding.chain:
        return None
    caller = finding.chain[-1].name
    site = locate(ctx, finding.path, finding.span, caller)
    if site is None:
        return None
    doc = site.doc
    parsed = _target(site.call)
    if parsed is None:
        return None
    target, args, keywords = parsed
    statement = _statement(doc, site.call)
    if statement is None:
        return None
    scope = ctx.project.index.function(caller)
    callee = ""
    if scope is not None:
        for value in ctx.resolver.evaluate(expr_chain(target), scope):
            if value[0] == "func":
                callee = value[1]
    if not callee:
        return None
    call = ast.Call(func=target, args=list(args), keywords=list(keywords))
    ast.copy_location(call, site.call)
    call.end_lineno, call.end_col_offset = site.call.end_lineno, site.call.end_col_offset
    twin = copy.copy(site)
    twin.call, twin.callee, twin.stmt, twin.awaited = call, callee, statement, None
    twin.models = orm_arguments(ctx, twin)
    if not backend.available(ctx, twin):
        return None
    changes = Changes(ctx)
    task = prepare_task(ctx, backend, twin, changes)
    if task is None:
        return None
    form = backend.dispatch(ctx, changes, twin, task)
    if form is None or (twin.atomic and form.awaits):
        return None
    parts = form.first_args + task.first_args
    for position, arg in enumerate(args):
        parts.append(pk_of(doc, arg) if task.convert.get(position) else doc.segment(arg))
    for keyword in keywords:
        text = doc.segment(keyword.value)
        if keyword.arg and task.convert.get(keyword.arg):
            parts.append(f"{task.renames.get(keyword.arg, keyword.arg)}={pk_of(doc, keyword.value)}")
        else:
            parts.append(f"{keyword.arg}={text}" if keyword.arg else f"**{text}")
    parts += form.tail
    text = ("await " if form.awaits else "") + f"{form.head}({', '.join(parts)})"
    if twin.atomic:
        text = f"{changes.need(doc, 'django.db', 'transaction')}.on_commit(lambda: {text})"
    changes.replace(doc, doc.start(statement.value), doc.end(statement.value), text)
    root = (expr_chain(site.call.func) or ("",))[0]
    if root:
        changes.drop_if_unused(doc, root)
    return Fix(title=backend.fix_title(task.name, ctx.setup), edits=changes.edits(), backend=backend.name)


def _name(node: ast.expr) -> str:
    chain = expr_chain(node) or ()
    return chain[-1] if chain else ""


def _target(call: ast.Call):
    """(function, positional args, keywords) of the work a detached call starts."""
    name = _name(call.func)
    if name in ("Thread", "Process"):
        keywords = {k.arg: k.value for k in call.keywords}
        target = keywords.get("target")
        if target is None or call.args:
            return None
        args = keywords.get("args")
        kwargs = keywords.get("kwargs")
        if args is not None and not isinstance(args, (ast.Tuple, ast.List)):
            return None
        extra = []
        if kwargs is not None:
            if not isinstance(kwargs, ast.Dict) or not all(isinstance(k, ast.Constant) and isinstance(k.value, str) for k in kwargs.keys):
                return None
            extra = [ast.keyword(arg=k.value, value=v) for k, v in zip(kwargs.keys, kwargs.values)]
        return target, list(args.elts) if args is not None else [], extra
    if name == "submit" and call.args:
        return call.args[0], call.args[1:], call.keywords
    if name == "run_in_executor" and len(call.args) >= 2:
        return call.args[1], call.args[2:], []
    if name in ("create_task", "ensure_future") and len(call.args) == 1 and isinstance(call.args[0], ast.Call):
        inner = call.args[0]
        return inner.func, inner.args, inner.keywords
    return None


def _statement(doc, call: ast.Call) -> ast.Expr | None:
    """The expression statement that starts the work and discards the handle."""
    parent = doc.parents.get(call)
    if isinstance(parent, ast.Attribute) and parent.attr == "start":
        started = doc.parents.get(parent)
        if isinstance(started, ast.Call) and not started.args:
            parent = doc.parents.get(started)
    return parent if isinstance(parent, ast.Expr) else None
