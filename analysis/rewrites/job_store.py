"""The OFP301 fix for a FastAPI route with no queue: the call runs in `BackgroundTasks` after the
response, its outcome kept in a job store the status endpoint reads.

The route gets a `background_tasks: BackgroundTasks` parameter (when it has none), makes a job id,
records the job as pending in the store, hands `run_job(job_id, f, args...)` to the background
tasks and answers `202` with the status URL; `run_job` keeps the result (or the error) in the
store; the status endpoint is declared with the route's own router decorator, under the router's
mount prefix. The store is a dict of the module: it lives in one process, which `run_job`'s
docstring says (a project served by several worker processes keeps it in Redis or the database).
"""

from __future__ import annotations

from ..backends import Backend
from ..backends.base import scaffold
from ..backends.fastapi import add_param, background_param
from ..model import Applicability, Finding, Fix
from .context import Changes, Context
from .jobs import (
    _body_statement,
    _free_local,
    _loaded_names,
    _prefix,
    _router_decorator,
    without_unused,
)
from .moves import free_name
from .site import locate


def title(callee: str) -> str:
    return f"Run {callee}(...) in a background job (BackgroundTasks and a job store): answer 202 with a status URL"


def fix(ctx: Context, finding: Finding, backend: Backend) -> Fix | None:
    """The BackgroundTasks job + store rewrite of `finding`, or None where it does not fit."""
    entry = finding.entry
    if entry is None or entry.framework != "fastapi" or entry.self_class or len(finding.chain) < 2:
        return None
    hop = finding.chain[0]
    if hop.name != entry.name:
        return None
    site = locate(ctx, hop.path, hop.span, hop.name, finding.chain[1].name)
    if site is None or site.function is None or site.doc.top_level(site.function) is not site.function:
        return None
    stmt = _body_statement(site)
    found = _router_decorator(site.function)
    if stmt is None or found is None:
        return None
    doc, function = site.doc, site.function
    router, literal = found
    callee = doc.segment(site.call.func)
    short = callee.rsplit(".", 1)[-1]
    status, runner = free_name(doc, f"{short}_status"), free_name(doc, "run_job")
    if status == runner:
        return None
    changes = Changes(ctx)
    param = background_param(doc, function) or add_param(ctx, changes, doc, function)
    if param is None:
        return None
    store = scaffold(changes, doc, "JOBS", lambda home: "{}  # job id -> state and result (this process only)")
    if store is None:
        return None
    job = _free_local(function, "job_id")
    uuid = changes.need(doc, "uuid")
    args = ", ".join([runner, job, callee] + [doc.segment(a) for a in site.call.args]
                     + [doc.segment(k) for k in site.call.keywords])
    path = f"/jobs/{short}/{{job_id}}"
    url = f'f"{_prefix(ctx, function, literal)}/jobs/{short}/{{{job}}}"'
    answer = f"{changes.need(doc, 'fastapi.responses', 'JSONResponse')}({{\"job\": {job}, \"status_url\": {url}}}, status_code=202)"
    indent = doc.indent_of(stmt)
    body = function.body
    changes.replace(doc, doc.start(stmt), doc.end(body[-1]), "\n".join([
        f"{job} = {uuid}.uuid4().hex",
        f'{indent}{store}[{job}] = {{"state": "PENDING"}}',
        f"{indent}{param}.add_task({args})",
        f"{indent}return {answer}",
    ]))
    awaits = site.awaited is not None
    changes.insert(doc, doc.line_after(function.end_lineno), "\n\n" + "\n".join([
        f'@{router}.get("{path}")',
        f"def {status}(job_id: str):",
        f'    return {store}.get(job_id, {{"state": "UNKNOWN"}})',
        "",
        "",
        f"{'async ' if awaits else ''}def {runner}(job_id, function, *args, **kwargs):",
        f'    """Run one job after the response and keep its outcome in `{store}` (a dict of this process:',
        '    an app served by several worker processes keeps it in Redis or the database)."""',
        "    try:",
        f'        {store}[job_id] = {{"state": "SUCCESS", "result": {"await " if awaits else ""}function(*args, **kwargs)}}',
        "    except Exception as error:",
        f'        {store}[job_id] = {{"state": "FAILURE", "error": str(error)}}',
    ]) + "\n")
    edits = without_unused(changes.edits(), doc, _loaded_names(body[body.index(stmt):]))
    return Fix(title=title(short), edits=edits, applicability=Applicability.DISPLAY_ONLY, backend=backend.name)
