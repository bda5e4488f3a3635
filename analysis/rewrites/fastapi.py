"""FastAPI: hand the call to `BackgroundTasks` — add `background_tasks: BackgroundTasks` to the
route when it has none, and turn `[await ]f(args)` into `background_tasks.add_task(f, args)`."""

from __future__ import annotations

from ..model import Finding, Fix
from .context import Changes, Context
from .moves import Form, TaskRef, apply_form
from .site import handler_site
from .text import Doc

PARAM = "background_tasks"


def fix(ctx: Context, finding: Finding) -> Fix | None:
    if finding.entry is None or finding.entry.framework != "fastapi":
        return None
    site = handler_site(ctx, finding)
    if site is None or site.function is None:
        return None
    changes = Changes(ctx)
    name = _background_param(site.doc, site.function)
    if name is None:
        name = _add_param(ctx, changes, site.doc, site.function)
        if name is None:
            return None
    func = site.call.func
    callable_text = site.doc.segment(func)
    task = TaskRef(ref=callable_text, name=callable_text.rsplit(".", 1)[-1])
    apply_form(ctx, changes, site, Form(head=f"{name}.add_task", first_args=[callable_text]), task, on_commit=False)
    return Fix(title=f"Run `{task.name}` after the response with `BackgroundTasks`", edits=changes.edits(), backend="fastapi")


def _background_param(doc: Doc, function) -> str | None:
    args = function.args
    for arg in args.posonlyargs + args.args + args.kwonlyargs:
        if arg.annotation is not None and doc.segment(arg.annotation).split(".")[-1] == "BackgroundTasks":
            return arg.arg
    return None


def _add_param(ctx: Context, changes: Changes, doc: Doc, function) -> str | None:
    args = function.args
    names = {a.arg for a in args.posonlyargs + args.args + args.kwonlyargs}
    if PARAM in names:
        return None
    annotation = changes.need(doc, "fastapi", "BackgroundTasks")
    param = f"{PARAM}: {annotation}"
    positional = args.posonlyargs + args.args
    if args.kwonlyargs:
        changes.insert(doc, doc.end(args.kwonlyargs[-1]), f", {param}")
    elif args.vararg is not None:
        changes.insert(doc, doc.end(args.vararg), f", {param}")
    elif args.kwarg is not None:
        changes.insert(doc, doc.start(args.kwarg) - 2, f"{param}, ")
    elif args.defaults:
        first_default = positional[len(positional) - len(args.defaults)]
        changes.insert(doc, doc.start(first_default), f"{param}, ")
    elif positional:
        changes.insert(doc, doc.end(positional[-1]), f", {param}")
    else:
        text = doc.text
        at = doc.start(function)
        at = text.index("(", text.index(function.name, at)) + 1
        changes.insert(doc, at, param)
    return PARAM
