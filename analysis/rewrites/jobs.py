"""The OFP301 fix: a slow call whose result is the response becomes a job the client polls.

The handler's call (`pdf = render_invoice(order)`) is made a task that returns its value (a
wrapper loading ORM objects by id when needed, as every move does); the handler enqueues it and
answers `202 Accepted` with the job's id and a status URL instead of the statements that used the
value; a new status endpoint next to the handler reads the job's state from the backend
(`Backend.job_status`) and is registered where the framework registers routes: a `path()` next to
the handler's in the URLconf (Django), or the handler's own router decorator (Flask, FastAPI).

Class-based views (Django `View`, DRF `APIView`) get a function status view after the class,
registered next to the class's `as_view()` path; a DRF viewset gets the status endpoint as one more
`@action` of its own, which its router registers, and the status URL from `reverse_action`. DRF
views answer with DRF's `Response`.

Offered only where the rewrite is sure of its ground: a handler of one of those frameworks written
in the view itself (not inherited) whose call sits directly in its body, a callee in the workspace,
and a backend that can read a job's state."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from ..backends import Backend
from ..model import Applicability, Edit, Finding, Fix
from .context import Changes, Context, trim
from .imports import unused_import_edits
from .moves import free_name, pk_of, prepare_task
from .site import Site, locate
from .text import Doc, apply_edits

ROUTE_METHODS = frozenset({"route", "get", "post", "put", "patch", "delete", "api_route"})


@dataclass(frozen=True)
class Web:
    """How one framework answers 202, builds the status URL and declares the status endpoint."""

    name: str
    registered_by_decorator: bool  # the status endpoint gets the handler's router decorator


@dataclass(frozen=True)
class View:
    """Where the handler is written: a function, or a method of a class-based view."""

    cls: ast.ClassDef | None = None
    drf: bool = False  # a Django REST framework view: answers with DRF's `Response`
    viewset: bool = False  # routed by a DRF router: the status endpoint is an `@action` of its own
    receiver: str = "self"


WEB = {
    "django": Web("django", registered_by_decorator=False),
    "flask": Web("flask", registered_by_decorator=True),
    "fastapi": Web("fastapi", registered_by_decorator=True),
}


def title(callee: str, backend: Backend) -> str:
    return f"Run {callee}(...) in a job ({backend.label}): answer 202 with a status URL"


def fix(ctx: Context, finding: Finding, backend: Backend) -> Fix | None:
    """The job + 202 + status endpoint rewrite of `finding` with `backend`, or None."""
    entry = finding.entry
    web = WEB.get(entry.framework) if entry is not None else None
    if web is None or backend.job_status is None or len(finding.chain) < 2 or entry.inherited:
        return None
    hop = finding.chain[0]
    if hop.name != entry.name:
        return None
    site = locate(ctx, hop.path, hop.span, hop.name, finding.chain[1].name)
    if site is None or site.function is None or site.atomic:
        return None
    view = _view(ctx, site, entry, web)
    if view is None:
        return None
    stmt = _body_statement(site)
    if stmt is None or not backend.available(ctx, site):
        return None
    changes = Changes(ctx)
    task = prepare_task(ctx, backend, site, changes, returns=True)
    if task is None:
        return None
    form = backend.dispatch(ctx, changes, site, task)
    if form is None or (form.awaits and not isinstance(site.function, ast.AsyncFunctionDef)):
        return None
    doc = site.doc
    status = free_name(doc, f"{task.name}_status")
    job = _free_local(site.function, "job")
    route = _route(ctx, changes, doc, site.function, web, status, view)
    if route is None:
        return None
    decorator, status_url = route
    read = backend.job_status(ctx, changes, doc, task.ref, "job_id")
    if read is None:
        return None
    statements, state = read
    accepted = _accepted(changes, doc, web, job, status_url, view)
    indent = doc.indent_of(stmt)
    body = site.function.body
    start, end = doc.start(stmt), doc.end(body[-1])
    changes.replace(doc, start, end, f"{job} = {_dispatch(doc, site, form, task)}\n{indent}return {accepted}")
    endpoint = _status_endpoint(changes, doc, web, decorator, status, statements, state, view)
    if view.viewset:  # one more method of the viewset, after the handler
        margin = doc.indent_of(site.function)
        endpoint = "".join(margin + line if line.strip() else line for line in endpoint.splitlines(keepends=True))
        changes.insert(doc, doc.line_after(site.function.end_lineno), "\n" + endpoint)
    else:  # a module-level endpoint after the handler's function or class
        changes.insert(doc, doc.line_after(doc.top_level(site.function).end_lineno), "\n\n" + endpoint)
    edits = without_unused(changes.edits(), doc, _loaded_names(body[body.index(stmt):]))
    # Display-only (ruff's term): the endpoint's contract changes (202 and a status URL the client
    # must poll), so the editor offers it for review and `check --fix` never applies it in batch.
    return Fix(title=title(finding.chain[1].name.rsplit('.', 1)[-1], backend), edits=edits,
               applicability=Applicability.DISPLAY_ONLY, backend=backend.name)


def _view(ctx: Context, site: Site, entry, web: Web) -> View | None:
    """The handler's kind of view, or None where the rewrite cannot say where a route goes."""
    top = site.doc.top_level(site.function)
    if not entry.self_class:
        return View() if top is site.function else None
    if web.name != "django" or not isinstance(top, ast.ClassDef) or site.function not in top.body:
        return None
    resolver = ctx.resolver
    drf = resolver.is_subclass_of(entry.self_class, (), ("rest_framework.",))
    viewset = resolver.is_subclass_of(entry.self_class, (), ("rest_framework.viewsets.",))
    params = site.function.args.posonlyargs + site.function.args.args
    if not params:
        return None
    return View(cls=top, drf=drf, viewset=viewset, receiver=params[0].arg)


def without_unused(edits: tuple[Edit, ...], doc: Doc, names: list[str]) -> tuple[Edit, ...]:
    """The edits with the imports that only the removed statements used dropped from `doc`: one
    edit for the file, since a dropped name can share an import statement with an added one."""
    mine = [e for e in edits if e.path == doc.path]
    after = apply_edits(doc.text, mine)
    rewritten = Doc(doc.path, after, doc.module, doc.is_package)
    final = after
    for start, end, text in sorted(unused_import_edits(rewritten, after, names), reverse=True):
        final = final[:start] + text + final[end:]
    if final == after:
        return edits
    start, end, text = trim(doc.text, final, 0, len(doc.text))
    return tuple(e for e in edits if e.path != doc.path) + (Edit(doc.path, doc.span(start, end), text),)


def _body_statement(site: Site) -> ast.stmt | None:
    """The statement of the handler's own body that holds the call (not one nested in a block)."""
    body = site.function.body
    for parent in (site.call, *site.doc.ancestors(site.call)):
        if parent in body:
            return parent
        if isinstance(parent, (ast.If, ast.For, ast.While, ast.With, ast.Try, ast.AsyncFor, ast.AsyncWith)):
            return None
    return None


def _dispatch(doc: Doc, site: Site, form, task) -> str:
    """The call rewritten into the backend's dispatch, ORM objects passed as ids."""
    args = list(form.first_args) + list(task.first_args)
    for position, arg in enumerate(site.call.args):
        args.append(pk_of(doc, arg) if task.convert.get(position) else doc.segment(arg))
    for keyword in site.call.keywords:
        if keyword.arg and task.convert.get(keyword.arg):
            args.append(f"{task.renames.get(keyword.arg, keyword.arg)}={pk_of(doc, keyword.value)}")
        else:
            args.append(doc.segment(keyword))
    args += form.tail
    return ("await " if form.awaits else "") + f"{form.head}({', '.join(args)})"




def _free_local(function: ast.AST, base: str) -> str:
    taken = {n.id for n in ast.walk(function) if isinstance(n, ast.Name)}
    taken |= {a.arg for a in ast.walk(function) if isinstance(a, ast.arg)}
    name, number = base, 2
    while name in taken:
        name, number = f"{base}_{number}", number + 1
    return name


def _loaded_names(statements: list[ast.stmt]) -> list[str]:
    names = []
    for stmt in statements:
        for node in ast.walk(stmt):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                names.append(node.id)
    return list(dict.fromkeys(names))


def _route(ctx: Context, changes: Changes, doc: Doc, function, web: Web, status: str, view: View):
    """(decorator text or "", status URL expression) of the status endpoint, or None when the
    rewrite cannot see where the handler's route is declared."""
    path = f"jobs/{status.removesuffix('_status')}"
    if view.viewset:
        action = changes.need(doc, "rest_framework.decorators", "action")
        url_name = status.replace("_", "-")  # DRF's default `url_name` of an action
        return (f'@{action}(detail=False, url_path=r"{path}/(?P<job_id>[^/.]+)")',
                f'{view.receiver}.reverse_action("{url_name}", kwargs={{"job_id": {{job}}.id}})')
    if web.registered_by_decorator:
        found = _router_decorator(function)
        if found is None:
            return None
        router, literal = found
        if web.name == "flask":
            url_for = changes.need(doc, "flask", "url_for")
            return f'@{router}.route("/{path}/<job_id>")', f'{url_for}(".{status}", job_id={{job}}.id)'
        prefix = _prefix(ctx, function, literal)
        return f'@{router}.get("/{path}/{{job_id}}")', f'f"{prefix}/{path}/{{{{job}}.id}}"'
    handler = view.cls.name if view.cls is not None else function.name
    # A DRF `Response` outside a DRF view has no renderer: the function view gets `@api_view`.
    decorator = f'@{changes.need(doc, "rest_framework.decorators", "api_view")}(["GET"])' if view.drf else ""
    registered = _register_django(ctx, changes, doc, handler, status, path, view.cls is not None)
    if registered is None:
        return None
    reverse = changes.need(doc, "django.urls", "reverse")
    return decorator, f'{reverse}("{registered}", args=[{{job}}.id])'


def _router_decorator(function) -> tuple[str, str] | None:
    """The handler's `@router.get("/path")`: the router's text and the path literal."""
    for decorator in function.decorator_list:
        if (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)
                and decorator.func.attr in ROUTE_METHODS and decorator.args
                and isinstance(decorator.args[0], ast.Constant) and isinstance(decorator.args[0].value, str)):
            return ast.unparse(decorator.func.value), decorator.args[0].value
    return None


def _prefix(ctx: Context, function, literal: str) -> str:
    """What the router is mounted under: the entry's full route minus the decorator's own path."""
    for entry in ctx.project.entry_points():
        if entry.name.rsplit(".", 1)[-1] == function.name and entry.route.endswith(literal) and literal:
            return entry.route[: len(entry.route) - len(literal)].rstrip("/")
    return ""


def _register_django(ctx: Context, changes: Changes, views: Doc, handler: str, status: str, path: str,
                     as_view: bool = False) -> str | None:
    """Add `path("jobs/…/<str:job_id>/", status, name=status)` after the handler's own `path()`
    (a class-based view's `Handler.as_view(...)` when `as_view`); the name `reverse()` takes (with
    the URLconf's `app_name` namespace), or None."""
    for file in sorted(ctx.project.index.summaries):
        summary = ctx.project.index.summaries[file]
        doc = ctx.doc(file)
        if doc is None or "urlpatterns" not in doc.text or handler not in doc.text:
            continue
        for node in ast.walk(doc.tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("path", "re_path")
                    and len(node.args) >= 2):
                continue
            view = node.args[1]
            if as_view:
                if not (isinstance(view, ast.Call) and isinstance(view.func, ast.Attribute) and view.func.attr == "as_view"):
                    continue
                view = view.func.value
            if isinstance(view, ast.Attribute) and view.attr == handler and isinstance(view.value, ast.Name):
                if not _module_names(ctx, summary, view.value.id, views.module):
                    continue
                ref = f"{view.value.id}.{status}"
            elif isinstance(view, ast.Name) and view.id == handler:
                ref = changes.need(doc, views.module, status) if doc.path != views.path else status
            else:
                continue
            line = doc.lines[node.lineno - 1]
            indent = doc.indent_of(node)
            if line[len(indent):].rstrip() != doc.segment(node) + ",":
                continue  # not one element per line: where a new one goes is a guess
            path_function = node.func.id if node.func.id == "path" else changes.need(doc, "django.urls", "path")
            changes.insert(doc, doc.line_after(node.end_lineno),
                           f'{indent}{path_function}("{path}/<str:job_id>/", {ref}, name="{status}"),\n')
            app_name = _app_name(doc)
            return f"{app_name}:{status}" if app_name else status
    return None


def _module_names(ctx: Context, summary, local: str, module: str) -> bool:
    """Whether `local` in the URLconf is the views module (`from . import views`)."""
    for binding in summary.imports:
        if binding.local == local:
            return binding.target == module
    return False


def _app_name(doc: Doc) -> str:
    for node in doc.tree.body:
        if (isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "app_name" for t in node.targets)
                and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)):
            return node.value.value
    return ""


def _accepted(changes: Changes, doc: Doc, web: Web, job: str, status_url: str, view: View) -> str:
    url = status_url.replace("{job}", job)
    body = f'{{"job": {job}.id, "status_url": {url}}}'
    if view.drf:
        return f"{changes.need(doc, 'rest_framework.response', 'Response')}({body}, status=202)"
    if web.name == "django":
        return f"{changes.need(doc, 'django.http', 'JsonResponse')}({body}, status=202)"
    if web.name == "flask":
        return f"{changes.need(doc, 'flask', 'jsonify')}({body}), 202"
    return f"{changes.need(doc, 'fastapi.responses', 'JSONResponse')}({body}, status_code=202)"


def _status_endpoint(changes: Changes, doc: Doc, web: Web, decorator: str, name: str,
                     statements: list[str], state: str, view: View) -> str:
    lines = [decorator] if decorator else []
    if view.drf:
        receiver = f"{view.receiver}, " if view.viewset else ""
        lines.append(f"def {name}({receiver}request, job_id{'=None' if view.viewset else ''}):")
        answer = f"{changes.need(doc, 'rest_framework.response', 'Response')}({state})"
    elif web.name == "django":
        lines.append(f"def {name}(request, job_id):")
        answer = f"{changes.need(doc, 'django.http', 'JsonResponse')}({state})"
    elif web.name == "flask":
        lines.append(f"def {name}(job_id):")
        answer = f"{changes.need(doc, 'flask', 'jsonify')}({state})"
    else:
        lines.append(f"def {name}(job_id: str):")
        answer = state
    lines += [f"    {s}" for s in statements]
    lines.append(f"    return {answer}")
    return "\n".join(lines) + "\n"
