"""Public entry points of the rewrites package: `fixes_for` (one finding), `move_all_fixes` (one
handler), `suppression_fix`. Every fix returned has been applied in memory and verified."""

from __future__ import annotations

import ast
from dataclasses import replace

from .. import backends
from ..backends import Backend, TaskRef, canonical
from ..dispatch import INLINE_METHODS
from ..model import Applicability, Edit, EntryPoint, Finding, Fix, Span
from ..source import split_lines
from . import fanout, job_store, jobs, orm, task_policy, threads
from .context import Changes, Context, Sources
from .dependencies import dependency_edit
from .jobs import without_unused
from .moves import apply_form, move_call
from .site import locate, sites_for
from .verify import verified, verified_all

# The queue backends by name (every backend a fix can dispatch to, hooks aside), and the brokers
# a move can produce to when the project has a client for them.
QUEUES: dict[str, Backend] = {name: backends.BY_NAME[name] for name in backends.QUEUES}
BROKERS: dict[str, Backend] = {b.name: b for b in backends.REGISTRY if b.kind == "broker" and b.form is not None}
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
    """Backends to try for `finding`: the project's preferred one, the others it uses, the hooks
    that fit its handler; with no queue yet, the backends that can be offered (see `greenfield`)."""
    setup = ctx.setup
    framework = finding.entry.framework if finding.entry is not None else ""
    names = [setup.preferred] if setup.preferred else []
    names += list(setup.detected)
    names += [b.name for b in backends.REGISTRY if b.kind == "background" and _fits(b, framework)]
    names += [name for name in BROKERS if name in setup.apps]  # the project already produces to it
    if not setup.detected:
        names += greenfield(setup, framework)
    return [n for n in dict.fromkeys(names) if n]


def greenfield(setup, framework: str) -> list[str]:
    """Backends to offer a project with no queue, for a handler of `framework`: those it needs
    nothing new for first, then those whose infrastructure it already declares (redis: RQ)."""
    fitting = [b for b in backends.REGISTRY if b.greenfield is not None and _fits(b, framework)]

    def key(backend: Backend):
        needs = _adds(setup, backend)
        has_infrastructure = bool(setup.dependencies & set(backend.greenfield.infrastructure))
        return (bool(needs), not has_infrastructure, backends.REGISTRY.index(backend))

    return [b.name for b in sorted(fitting, key=key)]


def _fits(backend: Backend, framework: str) -> bool:
    frameworks = backend.greenfield.frameworks if backend.greenfield is not None else ()
    return not frameworks or framework in frameworks


def _adds(setup, backend: Backend) -> str:
    """The dependency a fix must add to use `backend`: "" when the project already uses it."""
    if backend.greenfield is None or not backend.greenfield.dependency or setup.scores.get(backend.name):
        return ""
    return backend.greenfield.dependency


def fixes_for(project, finding: Finding, *, backends: list[str] | None = None,
              sources: Sources | None = None, verify: bool = True) -> list[Fix]:
    """Queue-dispatch fixes for a finding, best first, each verified to parse and to clear it.

    `backends` limits the backends tried; `sources(path)` supplies unsaved editor texts.
    """
    ctx = Context(project, sources)
    wanted = [canonical(n) or n for n in backends] if backends is not None else backend_order(ctx, finding)
    out: list[Fix] = []
    family = FIXES.get(_fix_kind(_rule(finding)))
    for fix in family(ctx, finding, wanted) if family is not None else ():
        if verify and not _check(ctx, finding, fix):
            continue
        out.append(fix)
    return _rank(ctx, out)


def _rank(ctx: Context, fixes: list[Fix]) -> list[Fix]:
    if not fixes:
        return fixes
    preferred = ctx.setup.preferred or fixes[0].backend
    best = next((f for f in fixes if f.backend == preferred), fixes[0])
    if _adds_dependency(ctx, best):
        # Never preferred over a fix that needs nothing new.
        best = next((f for f in fixes if not _adds_dependency(ctx, f)), best)
    ranked = [_with(best, preferred=True)] + [f for f in fixes if f is not best]
    return ranked


def _adds_dependency(ctx: Context, fix: Fix) -> bool:
    backend = backends.BY_NAME.get(fix.backend)
    return backend is not None and bool(_adds(ctx.setup, backend))


def _with(fix: Fix, **changes) -> Fix:
    return Fix(title=changes.get("title", fix.title), edits=changes.get("edits", fix.edits),
               applicability=changes.get("applicability", fix.applicability),
               preferred=changes.get("preferred", fix.preferred), backend=fix.backend)


def _check(ctx: Context, finding: Finding, fix: Fix) -> bool:
    """Verify the Python edits; the others (a dependency declared) are checked where they are made."""
    python = tuple(e for e in fix.edits if ctx.project.summary(e.path) is not None)
    key = (finding.path, finding.span, finding.code, python)
    if key not in ctx.verdicts:  # a move verified while choosing its call site is not verified again
        ctx.verdicts[key] = _verify(ctx, finding, fix, python)
    return ctx.verdicts[key]


def _verify(ctx: Context, finding: Finding, fix: Fix, python: tuple) -> bool:
    texts = {}
    for edit in python:
        if edit.path not in texts:
            doc = ctx.doc(edit.path)
            if doc is None:
                return False
            texts[edit.path] = doc.text
    return verified(ctx.project, finding, _with(fix, edits=python), texts)


def _rule(finding: Finding):
    from ..rules import BY_CODE  # the rules import the model only; looked up per finding

    return BY_CODE.get(finding.code)


def _fix_kind(rule) -> str:
    """Which family of fixes a rule's findings get (`Rule.fix`): "queue", "ids", "on_commit", ""."""
    return rule.fix if rule is not None else ""


def _queue_fixes(ctx: Context, finding: Finding, wanted: list[str]):
    """Send the work to a queue: a task run inline is dispatched instead, detached work (a thread,
    an executor) becomes a task, any other call on the chain is moved to a task."""
    facts = ctx.project.function_facts(finding.chain[-1].name) if finding.chain else None
    if facts is not None and any(c.span == finding.span for c in facts.task_calls):
        yield from _direct_task_call(ctx, finding, wanted)
    elif facts is not None and any(d.span == finding.span for d in facts.detached):
        for name in wanted:
            yield from _provisioned(ctx, finding, name, lambda sub, backend: threads.fix(sub, finding, backend))
    else:
        yield from _moved(ctx, finding, wanted)


def _one(fix_function):
    def family(ctx: Context, finding: Finding, wanted: list[str]):
        fix = fix_function(ctx, finding)
        if fix is not None:
            yield fix
    return family


def _job_fixes(ctx: Context, finding: Finding, wanted: list[str]):
    """A result the response needs: a job of each wanted backend that can report its state."""
    for name in wanted:
        backend = backends.get(name)
        if backend is not None and backend.kind == "background":  # no queue: a job run after the response
            fix = job_store.fix(ctx, finding, backend)
            if fix is not None:
                yield fix
            continue
        yield from _provisioned(ctx, finding, name, lambda sub, backend: jobs.fix(sub, finding, backend))


FIXES = {"queue": _queue_fixes, "job": _job_fixes, "ids": _one(orm.fix), "on_commit": _one(backends.BY_NAME["on_commit"].fix),
         "retry_policy": _one(task_policy.retry_fix),
         "idempotency_key": _one(task_policy.idempotency_fix)}


def _provisioned(ctx: Context, finding: Finding, name: str, make):
    """`make(ctx, backend)` for a queue backend; when the project does not use it yet, on a context
    that introduces it, with the dependency declared and the title saying so."""
    backend = QUEUES.get(name) or BROKERS.get(name)
    if backend is None:
        return
    adds = _adds(ctx.setup, backend)
    if not adds:
        fix = make(ctx, backend)
        if fix is not None:
            yield fix
        return
    declared = dependency_edit(ctx, finding.path, adds)
    if declared is None:
        return  # nowhere to declare it: the fix would leave a project that does not import
    sub = Context(ctx.project, ctx.sources, replace(ctx.setup, introduce=name))
    sub.verdicts = ctx.verdicts
    fix = make(sub, backend)
    if fix is not None:
        yield _with(fix, edits=tuple(fix.edits) + (declared,))


def _moved(ctx: Context, finding: Finding, wanted: list[str]):
    """A side effect's call, moved to a task of each wanted backend (the closest call that moves)."""
    sites = None
    for name in wanted:
        backend = backends.get(name)
        if backend is None:
            continue
        if backend.fix is not None:
            fix = backend.fix(ctx, finding) if backend.kind == "background" else None
            if fix is not None:
                yield fix
            continue
        if sites is None:
            sites = sites_for(ctx, finding)
        yield from _provisioned(ctx, finding, name, lambda sub, backend, sites=sites: _first_move(sub, finding, backend, sites))


def _first_move(ctx: Context, finding: Finding, backend: Backend, sites) -> Fix | None:
    for site in sites:
        moved = move_call(ctx, backend, site)
        if moved is None:
            continue
        changes, task = moved
        edits = changes.edits()
        if backend.kind == "broker":  # the call site names the producing function, not the task
            edits = without_unused(edits, site.doc, [task, site.doc.segment(site.call.func).split(".")[0]])
        fix = Fix(title=backend.fix_title(task, ctx.setup), edits=edits, backend=backend.name)
        if _check(ctx, finding, fix):
            return fix
    return None


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
    if isinstance(func, ast.Attribute) and func.attr in INLINE_METHODS:
        ref = site.doc.segment(func.value)
    task = TaskRef(ref=ref, name=call.task.rsplit(".", 1)[-1])
    changes = Changes(ctx)
    form = backend.dispatch(ctx, changes, site, task)
    if form is None or (site.atomic and form.awaits):
        return
    apply_form(ctx, changes, site, form, task, on_commit=site.atomic)
    yield Fix(title=backend.fix_title(task.name, ctx.setup), edits=changes.edits(), backend=call.backend)


def move_all_fixes(project, entry: EntryPoint, *, backend: str | None = None,
                   sources: Sources | None = None) -> Fix | None:
    """One source action for a handler: every movable side effect on its path, sent to the queue."""
    ctx = Context(project, sources)
    findings = [f for f in project.entry_findings(entry) if _fix_kind(_rule(f)) == "queue"]
    findings.sort(key=lambda f: (f.path, f.span, f.code))
    edits: list[Edit] = []
    moved: list[Finding] = []
    taken: set[tuple] = set()
    chosen = backend
    for finding in findings:
        wanted = [chosen] if chosen else None
        fixes = fixes_for(project, finding, backends=wanted, sources=sources)
        fixes = [f for f in fixes if _queue_kind(f.backend) or chosen in (None, f.backend)]
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
    fix = Fix(title=move_all_title(entry), edits=tuple(edits), backend=chosen or "")
    texts = {}
    for edit in edits:
        doc = ctx.doc(edit.path)
        if doc is None:
            return None
        texts[edit.path] = doc.text
    if not verified_all(project, moved, _with(fix, edits=tuple(e for e in edits if e.path in texts)), texts):
        return None
    return fix


def fan_out_fix(project, entry: EntryPoint, *, backend: str | None = None,
                sources: Sources | None = None) -> Fix | None:
    """The fan-out source action for a handler: its side effects behind one event (`fanout`),
    on the project's queue (or `backend`), verified like every fix."""
    ctx = Context(project, sources)
    findings = [f for f in project.entry_findings(entry) if _fix_kind(_rule(f)) == "queue"]
    if len(findings) < 2:
        return None
    findings.sort(key=lambda f: (f.path, f.span, f.code))
    names = [canonical(backend) or backend] if backend else backend_order(ctx, findings[0])
    for name in names:
        queue = QUEUES.get(name)
        if queue is None or queue.form is None or queue.kind != "queue" or _adds(ctx.setup, queue):
            continue
        made = fanout.fix(ctx, entry, findings, queue)
        if made is None:
            continue
        fix, moved = made
        texts = {}
        for edit in fix.edits:
            doc = ctx.doc(edit.path)
            if doc is None:
                break
            texts[edit.path] = doc.text
        else:
            if verified_all(project, moved, fix, texts):
                return fix
    return None


def fan_out_title(entry) -> str:
    """The fan-out action's title, before its edit is computed: it names the event."""
    return fanout.title(entry)


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


def _queue_kind(name: str) -> bool:
    backend = backends.BY_NAME.get(name)
    return backend is None or backend.kind == "queue"


def move_all_title(entry) -> str:
    """The source action's title, before its edit is computed (the editor shows it first)."""
    return f"Move all side effects of {entry.name.rsplit('.', 1)[-1]} to the queue"
