"""A task given an ORM object (OFP202): pass its primary key, and when the task uses the object,
load it inside the task (`obj = Model.objects.get(pk=obj_id)`) — at every dispatch of that task."""

from __future__ import annotations

import ast

from .. import backends
from ..model import Finding, Fix
from .context import Changes, Context
from .moves import def_node, pk_of, task_backend_of
from .site import Site, locate

ID_NAMES = ("_id", "_pk")


def fix(ctx: Context, finding: Finding) -> Fix | None:
    job, caller = _dispatch_at(ctx, finding.path, finding.span)
    if job is None or not job.task:
        return None
    found = ctx.function(job.task)
    if found is None:
        return None
    _, info, path = found
    task_doc = ctx.doc(path)
    node = def_node(task_doc, info.span.line, info.name) if task_doc else None
    if node is None or node.args.vararg or node.args.posonlyargs:
        return None
    params = [a.arg for a in node.args.args]
    changes = Changes(ctx)
    loads: dict[str, str] = {}  # task parameter -> model
    backend = backends.get(job.backend)
    if backend is None:
        return None
    sites = [_site(ctx, finding.path, finding.span, caller, backend)]
    for other_path, other_span, other_caller in _other_dispatches(ctx, job.task, finding):
        sites.append(_site(ctx, other_path, other_span, other_caller, backend))
    for site in sites:
        if site is None:
            return None
        offset = 1 if _method(site) in backend.task_first_methods else 0
        for key, model in site.models.items():
            if isinstance(key, int):
                if key < offset:
                    continue
                index = key - offset
                if index >= len(params):
                    return None
                param = params[index]
                arg = site.call.args[key]
                changes.replace(site.doc, site.doc.start(arg), site.doc.end(arg), pk_of(site.doc, arg))
            else:
                param = key
                keyword = next(k for k in site.call.keywords if k.arg == key)
                if not param.endswith(ID_NAMES):
                    start = site.doc.start(keyword)
                    changes.replace(site.doc, start, start + len(key), f"{key}_id")
                changes.replace(site.doc, site.doc.start(keyword.value), site.doc.end(keyword.value), pk_of(site.doc, keyword.value))
            if not param.endswith(ID_NAMES) and param not in ("pk", "id"):
                loads[param] = model
    if not changes._raw:
        return None
    if loads:
        if _called_inline(ctx, job.task):
            return None
        _load_in_task(changes, task_doc, node, loads)
    title = f"Pass ids to {info.name}(...) instead of objects"
    return Fix(title=title, edits=changes.edits(), backend="ids")


def _method(site: Site) -> str:
    func = site.call.func
    return func.attr if isinstance(func, ast.Attribute) else ""


def _site(ctx: Context, path: str, span, caller: str, backend) -> Site | None:
    site = locate(ctx, path, span, caller)
    if site is None or _method(site) not in backend.id_methods | backend.task_first_methods:
        return None
    return site


def _dispatch_at(ctx: Context, path: str, span):
    facts = ctx.project.facts.get(path)
    if facts is None:
        return None, ""
    for function in facts.functions.values():
        for job in function.dispatches:
            if job.span == span:
                return job, function.name
    return None, ""


def _other_dispatches(ctx: Context, task: str, finding: Finding):
    for path, facts in ctx.project.facts.items():
        for function in facts.functions.values():
            for job in function.dispatches:
                if job.task == task and job.orm_args and (path, job.span) != (finding.path, finding.span):
                    yield path, job.span, function.name


def _called_inline(ctx: Context, task: str) -> bool:
    for facts in ctx.project.facts.values():
        for function in facts.functions.values():
            if any(call.task == task for call in function.task_calls):
                return True
    return False


def _load_in_task(changes: Changes, doc, node, loads: dict[str, str]) -> None:
    body = node.body
    first = body[0]
    docstring = isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str)
    anchor = body[1] if docstring and len(body) > 1 else first
    indent = doc.indent_of(anchor)
    lines = []
    for arg in node.args.args + node.args.kwonlyargs:
        if arg.arg in loads:
            start = doc.start(arg)
            changes.replace(doc, start, start + len(arg.arg), f"{arg.arg}_id")
            module, _, cls = loads[arg.arg].rpartition(".")
            local = changes.need(doc, module, cls)
            lines.append(f"{arg.arg} = {local}.objects.get(pk={arg.arg}_id)\n{indent}")
    if docstring and len(body) == 1:
        at = doc.line_after(first.end_lineno)
        changes.insert(doc, at, "".join(f"{indent}{line.rstrip()}\n" for line in lines))
    else:
        changes.insert(doc, doc.line_start(doc.start(anchor)) + len(indent), "".join(lines))


__all__ = ["fix", "task_backend_of"]
