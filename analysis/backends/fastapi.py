"""FastAPI: hand the call to `BackgroundTasks` — add `background_tasks: BackgroundTasks` to the
route when it has none, and turn `[await ]f(args)` into `background_tasks.add_task(f, args)`.
Part of FastAPI itself: offered in FastAPI routes without adding anything."""

from __future__ import annotations

from .base import Backend, Form, Greenfield, TaskRef

PARAM = "background_tasks"


def fix(ctx, finding):
    # The rewrites import the project, which reads this registry: import them when a fix is asked for.
    from ..model import Fix
    from ..rewrites.context import Changes
    from ..rewrites.moves import apply_form
    from ..rewrites.site import handler_site

    if finding.entry is None or finding.entry.framework not in BACKEND.greenfield.frameworks:
        return None
    site = handler_site(ctx, finding)
    if site is None or site.function is None:
        return None
    changes = Changes(ctx)
    name = background_param(site.doc, site.function)
    if name is None:
        name = add_param(ctx, changes, site.doc, site.function)
        if name is None:
            return None
    func = site.call.func
    callable_text = site.doc.segment(func)
    task = TaskRef(ref=callable_text, name=callable_text.rsplit(".", 1)[-1])
    apply_form(ctx, changes, site, Form(head=f"{name}.add_task", first_args=[callable_text]), task, on_commit=False)
    return Fix(title=BACKEND.fix_title(task.name), edits=changes.edits(), backend=BACKEND.name)


def background_param(doc, function) -> str | None:
    """The route's own `BackgroundTasks` parameter, if it has one."""
    args = function.args
    for arg in args.posonlyargs + args.args + args.kwonlyargs:
        if arg.annotation is not None and doc.segment(arg.annotation).split(".")[-1] == "BackgroundTasks":
            return arg.arg
    return None


def add_param(ctx, changes, doc, function) -> str | None:
    """Add `background_tasks: BackgroundTasks` before any parameter with a default; its name."""
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


BACKEND = Backend(
    name="fastapi",
    label="BackgroundTasks",
    rank=200,
    title="Run {task}(...) after the response (BackgroundTasks)",
    kind="background",
    boundary_apis=("fastapi.BackgroundTasks.add_task", "starlette.background.BackgroundTask",
                   "starlette.background.BackgroundTasks.add_task", "fastapi.BackgroundTasks",
                   "fastapi.background.BackgroundTasks.add_task"),
    boundary_methods=("add_task",),
    fix=fix,
    on_commit=False,
    greenfield=Greenfield(frameworks=("fastapi",)),
)
