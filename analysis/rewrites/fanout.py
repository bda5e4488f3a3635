"""The fan-out source action: every side effect a handler starts, moved behind one domain event.

"Publish `order_created`; the workers send the email, update analytics, notify the warehouse":
each call the handler makes that reaches a side effect becomes a consumer task of its own (made a
task the way every move makes one, ORM objects passed as ids), a new `publish_<event>` function
next to the handler dispatches all of them at once (a Celery `group`, else one dispatch per
consumer on the project's queue), and the handler calls it once, where its last side effect was.
Each consumer keeps its own retries: a failing warehouse call does not resend the email.

The event's name comes from the handler alone (`event_name`), so the editor can show it before the
edit is computed: `<verb>_<noun>` handlers read as `<noun>_<past tense>` (`place_order` →
`order_placed`), others as their route's resource and the HTTP method (`POST /orders/` →
`order_created`)."""

from __future__ import annotations

import ast
import re

from ..backends import Backend, TaskRef
from ..model import EntryPoint, Finding, Fix
from .context import Changes, Context
from .jobs import without_unused
from .moves import free_name, pk_of, prepare_task
from .site import Site, handler_site
from .text import Doc

# Verbs a handler's name starts with, and the past tense an event is named with.
PAST = {"create": "created", "add": "added", "place": "placed", "update": "updated", "edit": "edited",
        "delete": "deleted", "remove": "removed", "cancel": "cancelled", "submit": "submitted",
        "register": "registered", "ship": "shipped", "pay": "paid", "refund": "refunded",
        "approve": "approved", "deliver": "delivered", "reject": "rejected", "confirm": "confirmed", "send": "sent",
        "publish": "published", "upload": "uploaded", "invite": "invited", "close": "closed"}
BY_METHOD = {"POST": "created", "PUT": "updated", "PATCH": "updated", "DELETE": "deleted"}


def event_name(entry: EntryPoint) -> str:
    """`<entity>_<event>` for the handler's side effects (see the module docstring)."""
    words = [w for w in re.split(r"_+", _snake(entry.name.rsplit(".", 1)[-1])) if w]
    if len(words) >= 2 and words[0] in PAST:
        return f"{'_'.join(words[1:])}_{PAST[words[0]]}"
    static = [s for s in re.split(r"[/.]", entry.route) if s and not s.startswith(("<", "{", ":", "("))]
    entity = _singular(static[0].replace("-", "_")) if static else "_".join(words) or "request"
    methods = [m for m in entry.methods if m in BY_METHOD]
    return f"{entity}_{BY_METHOD[methods[0]] if methods else '_'.join(words) or 'requested'}"


def title(entry: EntryPoint) -> str:
    return f"Publish one {event_name(entry)} event for these side effects"


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def fix(ctx: Context, entry: EntryPoint, findings: list[Finding], backend: Backend) -> tuple[Fix, list[Finding]] | None:
    """The fan-out of `findings` (the handler's side effects) through `backend`, and the findings it
    moves; None when fewer than two side effects can move together."""
    sites: list[tuple[Site, list[Finding]]] = []
    for finding in findings:
        site = handler_site(ctx, finding)
        if site is None or not site.callee or site.in_loop:
            continue
        same = next((s for s in sites if s[0].call is site.call), None)
        if same is not None:
            same[1].append(finding)
        else:
            sites.append((site, [finding]))
    if not sites:
        return None
    block = _block(sites[-1][0])
    sites = [s for s in sites if _block(s[0]) is block]
    if len(sites) < 2 or len({s[0].atomic for s in sites}) > 1:
        return None
    sites.sort(key=lambda s: (s[0].call.lineno, s[0].call.col_offset))
    changes = Changes(ctx)
    doc = sites[0][0].doc
    tasks: dict[str, TaskRef] = {}
    consumers: list[tuple[Site, TaskRef]] = []
    for site, _ in sites:
        if not backend.available(ctx, site):
            return None
        task = tasks.get(site.callee) or prepare_task(ctx, backend, site, changes)
        if task is None:
            return None
        tasks[site.callee] = task
        consumers.append((site, task))
    params: dict[str, str] = {}  # argument text in the handler -> parameter of the publish function
    calls: list[tuple[TaskRef, list[str]]] = []
    for site, task in consumers:
        args = _arguments(doc, site, task, params)
        if args is None:
            return None
        calls.append((task, args))
    event = event_name(entry)
    publish = free_name(doc, f"publish_{event}")
    body = _publish_body(ctx, changes, doc, backend, consumers, calls)
    if body is None:
        return None
    awaits, statements = body
    handler = sites[0][0].function
    if awaits and not isinstance(handler, ast.AsyncFunctionDef):
        return None
    call = f"{'await ' if awaits else ''}{publish}({', '.join(params)})"
    if sites[0][0].atomic:
        if awaits:
            return None
        call = f"{changes.need(doc, 'django.db', 'transaction')}.on_commit(lambda: {call})"
    for site, _ in sites[:-1]:
        changes.replace(doc, doc.line_start(doc.start(site.stmt)), doc.line_after(site.stmt.end_lineno), "")
    last = sites[-1][0].stmt
    changes.replace(doc, doc.start(last), doc.end(last), call)
    definition = [f"{'async ' if awaits else ''}def {publish}({', '.join(params.values())}):",
                  f'    """The `{event}` event: one consumer per side effect, each retried on its own."""']
    definition += [f"    {s}" for s in statements]
    changes.insert(doc, doc.line_after(doc.top_level(handler).end_lineno), "\n\n" + "\n".join(definition) + "\n")
    moved = [f for _, found in sites for f in found]
    callees = [site.doc.segment(site.call.func).split(".")[0] for site, _ in sites]
    edits = without_unused(changes.edits(), doc, callees)
    return Fix(title=title(entry), edits=edits, backend=backend.name), moved


def _block(site: Site) -> list | None:
    """The statement list holding the site's statement."""
    parent = site.doc.parents.get(site.stmt)
    for name in ("body", "orelse", "finalbody"):
        block = getattr(parent, name, None)
        if isinstance(block, list) and site.stmt in block:
            return block
    return None


def _arguments(doc: Doc, site: Site, task: TaskRef, params: dict[str, str]) -> list[str] | None:
    """The consumer's arguments as the publish function's parameters (ORM objects as their ids)."""
    out = [_param(text, params) for text in task.first_args]
    for position, arg in enumerate(site.call.args):
        if isinstance(arg, ast.Starred):
            return None
        out.append(_value(doc, arg, bool(task.convert.get(position)), params))
    for keyword in site.call.keywords:
        if keyword.arg is None:
            return None
        value = _value(doc, keyword.value, bool(task.convert.get(keyword.arg)), params)
        out.append(f"{task.renames.get(keyword.arg, keyword.arg)}={value}")
    return out


def _value(doc: Doc, node: ast.expr, as_id: bool, params: dict[str, str]) -> str:
    """A literal stays where it is; any other value is passed to the publish function."""
    if isinstance(node, ast.Constant) and not as_id:
        return doc.segment(node)
    return _param(pk_of(doc, node) if as_id else doc.segment(node), params)


def _param(text: str, params: dict[str, str]) -> str:
    """The parameter standing for the handler's expression `text` (one per distinct expression)."""
    if text in params:
        return params[text]
    chain = text.split(".")
    if all(part.isidentifier() for part in chain):
        if chain[-1] in ("pk", "id") and len(chain) > 1:
            chain = chain[:-1] + ["id"]
        base = "_".join(chain)
    else:
        base = "value"
    name, number = base, 2
    while name in params.values():
        name, number = f"{base}_{number}", number + 1
    params[text] = name
    return name


def _publish_body(ctx: Context, changes: Changes, doc: Doc, backend: Backend, consumers, calls):
    """(awaits, statements) dispatching every consumer: the backend's own fan-out, else one
    dispatch each."""
    if backend.fan_out is not None:
        return False, [backend.fan_out(ctx, changes, doc, [(task.ref, args) for task, args in calls])]
    statements = []
    awaits = False
    for (site, task), (_, args) in zip(consumers, calls):
        form = backend.dispatch(ctx, changes, site, task)
        if form is None:
            return None
        awaits = awaits or form.awaits
        statements.append(f"{'await ' if form.awaits else ''}{form.head}({', '.join(list(form.first_args) + args + list(form.tail))})")
    return awaits, statements
