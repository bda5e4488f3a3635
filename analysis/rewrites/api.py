"""Public entry points of the rewrites package: `fixes_for` (one finding), `move_all_fixes` (one
handler), `suppression_fix`. Every fix returned has been applied in memory and verified."""

from __future__ import annotations

import ast

from ..model import Applicability, Edit, EntryPoint, Finding, Fix, Span
from ..source import split_lines
from . import (
    arq,
    celery,
    django_tasks,
    dramatiq,
    fastapi,
    huey,
    on_commit,
    orm,
    rq,
    taskiq,
    threads,
)
from .context import Changes, Context, Sources
from .moves import Backend, TaskRef, apply_form, move_call
from .site import locate, sites_for
from .verify import verified, verified_all

QUEUES: dict[str, Backend] = {
    b.name: b
    for b in (celery.BACKEND, rq.BACKEND, dramatiq.BACKEND, huey.BACKEND, django_tasks.BACKEND, taskiq.BACKEND, arq.BACKEND)
}
# Backends that need nothing from the project, offered when it has no queue yet.
GREENFIELD = ("celery", "dramatiq", "django_tasks")
SIDE_EFFECT_PREFIX = "OFP1"


def suppression_fix(finding: Finding, text: str) -> Fix:
    """Append `# offpath: ignore[CODE]` to the finding's first line (merging with an existing one)."""
    lines = split_lines(text)
    index = finding.span.line - 1
    line = lines[index] if 0 <= index < len(lines) else ""
    body = line.rstrip("\r\n")
    marker = "# offpath: ignore["
    if marker in body:
        start = body.index(marker) + len(marker)
        end = body.index("]", start) if "]" in body[start:] else len(body)
        codes = [c.strip() for c in body[start:end].split(",") if c.strip()]
        if finding.code not in codes:
            codes.append(finding.code)
        new_body = body[:start] + ", ".join(codes) + body[end:]
    else:
        new_body = f"{body}  # offpath: ignore[{finding.code}]"
    span = Span(finding.span.line, 0, finding.span.line, len(body))
    return Fix(
        title=f"Ignore {finding.code} on this line",
        edits=(Edit(finding.path, span, new_body),),
        applicability=Applicability.SAFE,
        backend="suppress",
    )


def backend_order(ctx: Context, finding: Finding) -> list[str]:
    """Backends to try for `finding`: the project's preferred one, the others it uses, then defaults."""
    setup = ctx.setup
    names = [setup.preferred] if setup.preferred else []
    names += list(setup.detected)
    if finding.entry is not None and finding.entry.framework == "fastapi":
        names.append("fastapi")
    if not setup.detected:
        names += list(GREENFIELD) + list(QUEUES)
    return [n for n in dict.fromkeys(names) if n]


def fixes_for(project, finding: Finding, *, backends: list[str] | None = None,
              sources: Sources | None = None, verify: bool = True) -> list[Fix]:
    """Queue-dispatch fixes for a finding, best first, each verified to parse and to clear it.

    `backends` limits the backends tried; `sources(path)` supplies unsaved editor texts.
    """
    ctx = Context(project, sources)
    wanted = backends if backends is not None else backend_order(ctx, finding)
    out: list[Fix] = []
    for fix in _candidates(ctx, finding, wanted):
        if verify and not _check(ctx, finding, fix):
            continue
        out.append(fix)
        if backends is None and fix.backend in ("on_commit", "ids"):
            break
    return _rank(ctx, out)


def _rank(ctx: Context, fixes: list[Fix]) -> list[Fix]:
    if not fixes:
        return fixes
    preferred = ctx.setup.preferred or fixes[0].backend
    best = next((f for f in fixes if f.backend == preferred), fixes[0])
    ranked = [_with(best, preferred=True)] + [f for f in fixes if f is not best]
    return ranked


def _with(fix: Fix, **changes) -> Fix:
    return Fix(title=changes.get("title", fix.title), edits=fix.edits,
               applicability=changes.get("applicability", fix.applicability),
               preferred=changes.get("preferred", fix.preferred), backend=fix.backend)


def _check(ctx: Context, finding: Finding, fix: Fix) -> bool:
    texts = {}
    for edit in fix.edits:
        if edit.path not in texts:
            doc = ctx.doc(edit.path)
            if doc is None:
                return False
            texts[edit.path] = doc.text
    return verified(ctx.project, finding, fix, texts)


def _candidates(ctx: Context, finding: Finding, wanted: list[str]):
    """Unverified fixes, one per applicable backend, in `wanted` order (lazily)."""
    code = finding.code
    if code == "OFP203":
        fix = on_commit.fix(ctx, finding)
        if fix is not None:
            yield fix
        return
    if code == "OFP202":
        fix = orm.fix(ctx, finding)
        if fix is not None:
            yield fix
        return
    if code == "OFP201":
        yield from _direct_task_call(ctx, finding, wanted)
        return
    if code == "OFP204":
        for name in wanted:
            if name in QUEUES:
                fix = threads.fix(ctx, finding, QUEUES[name])
                if fix is not None:
                    yield fix
        return
    if not code.startswith(SIDE_EFFECT_PREFIX):
        return
    sites = None
    for name in wanted:
        if name == "fastapi":
            fix = fastapi.fix(ctx, finding)
            if fix is not None:
                yield fix
            continue
        backend = QUEUES.get(name)
        if backend is None:
            continue
        if sites is None:
            sites = sites_for(ctx, finding)
        for site in sites:
            moved = move_call(ctx, backend, site)
            if moved is None:
                continue
            changes, task = moved
            fix = Fix(title=backend.title(task), edits=changes.edits(), backend=name)
            if _check(ctx, finding, fix):
                yield fix
                break


def _direct_task_call(ctx: Context, finding: Finding, wanted: list[str]):
    """`task(...)` run inline → the dispatch form of the task's own backend."""
    if not finding.chain:
        return
    caller = finding.chain[-1].name
    facts = ctx.project.function_facts(caller)
    if facts is None:
        return
    call = next((c for c in facts.task_calls if c.span == finding.span), None)
    if call is None or call.backend not in QUEUES or call.backend not in wanted:
        return
    site = locate(ctx, finding.path, finding.span, caller, call.task)
    if site is None or site.stmt is None:
        return
    backend = QUEUES[call.backend]
    func = site.call.func
    ref = site.doc.segment(func)
    if isinstance(func, ast.Attribute) and func.attr in ("call_local", "run", "apply", "call"):
        ref = site.doc.segment(func.value)
    task = TaskRef(ref=ref, name=call.task.rsplit(".", 1)[-1])
    changes = Changes(ctx)
    form = backend.form(ctx, changes, site, task)
    if form is None or (site.atomic and form.awaits):
        return
    apply_form(ctx, changes, site, form, task, on_commit=site.atomic)
    yield Fix(title=backend.title(task.name), edits=changes.edits(), backend=call.backend)


def move_all_fixes(project, entry: EntryPoint, *, backend: str | None = None,
                   sources: Sources | None = None) -> Fix | None:
    """One source action for a handler: every movable side effect on its path, sent to the queue."""
    ctx = Context(project, sources)
    findings = [f for f in project.entry_findings(entry) if f.code.startswith(SIDE_EFFECT_PREFIX) or f.code in ("OFP201", "OFP204")]
    findings.sort(key=lambda f: (f.path, f.span, f.code))
    edits: list[Edit] = []
    moved: list[Finding] = []
    taken: set[tuple] = set()
    name = entry.name.rsplit(".", 1)[-1]
    chosen = backend
    for finding in findings:
        wanted = [chosen] if chosen else None
        fixes = fixes_for(project, finding, backends=wanted, sources=sources)
        fixes = [f for f in fixes if f.backend != "fastapi" or chosen in (None, "fastapi")]
        for fix in fixes:
            fresh = [e for e in fix.edits if (e.path, e.span, e.text) not in taken]
            if any(_overlaps(e, edits) for e in fresh):
                continue
            moved.append(finding)
            for edit in fresh:
                edits.append(edit)
                taken.add((edit.path, edit.span, edit.text))
            chosen = chosen or fix.backend
            break
    if not edits:
        return None
    fix = Fix(title=f"Move all side effects of `{name}` to the queue", edits=tuple(edits), backend=chosen or "")
    texts = {}
    for edit in edits:
        doc = ctx.doc(edit.path)
        if doc is None:
            return None
        texts[edit.path] = doc.text
    if not verified_all(project, moved, fix, texts):
        return None
    return fix


def _overlaps(edit: Edit, edits: list[Edit]) -> bool:
    for other in edits:
        if other.path != edit.path:
            continue
        a = (edit.span.line, edit.span.col), (edit.span.end_line, edit.span.end_col)
        b = (other.span.line, other.span.col), (other.span.end_line, other.span.end_col)
        if a[0] < b[1] and b[0] < a[1]:
            return True
        if a == b and a[0] == a[1]:
            return True  # two different inserts at one place: their order would be arbitrary
    return False
