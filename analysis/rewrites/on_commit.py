"""A task dispatched inside `transaction.atomic()` (OFP203): send it from
`transaction.on_commit(...)` so the worker never reads rows that are not committed yet."""

from __future__ import annotations

from ..model import Applicability, Finding, Fix
from .context import Changes, Context
from .site import locate


def fix(ctx: Context, finding: Finding) -> Fix | None:
    doc = ctx.doc(finding.path)
    if doc is None:
        return None
    site = locate(ctx, finding.path, finding.span, "")
    if site is None or site.stmt is None or site.awaited is not None:
        return None
    changes = Changes(ctx)
    hook = changes.need(doc, "django.db", "transaction") + ".on_commit"
    start, end = doc.start(site.call), doc.end(site.call)
    if site.in_loop:
        # A lambda in a loop would see the loop variable's last value: bind the arguments now.
        partial = changes.need(doc, "functools", "partial")
        func = site.call.func
        opening = f"{hook}({partial}({doc.segment(func)}" + (", " if site.has_args else "")
        changes.replace(doc, start, site.open_paren, opening)
        changes.replace(doc, end - 1, end, "))")
    else:
        changes.insert(doc, start, f"{hook}(lambda: ")
        changes.insert(doc, end, ")")
    return Fix(
        title="Dispatch after the transaction commits (`transaction.on_commit`)",
        edits=changes.edits(),
        applicability=Applicability.SAFE,
        backend="on_commit",
    )
