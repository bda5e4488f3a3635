"""Django's `transaction.on_commit`: work handed to it runs after the commit, off the transaction;
a task dispatched inside `transaction.atomic()` (OFP203) is rewritten to go through it so the
worker never reads rows that are not committed yet."""

from __future__ import annotations

from .base import Backend


def fix(ctx, finding):
    # The rewrites import the project, which reads this registry: import them when a fix is asked for.
    from ..model import Applicability, Fix
    from ..rewrites.context import Changes
    from ..rewrites.site import locate

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
        title=BACKEND.title,
        edits=changes.edits(),
        applicability=Applicability.SAFE,
        backend=BACKEND.name,
    )


BACKEND = Backend(
    name="on_commit",
    label="transaction.on_commit",
    rank=300,
    title="Dispatch after the transaction commits (transaction.on_commit)",
    kind="hook",
    boundary_apis=("django.db.transaction.on_commit",),
    boundary_methods=("on_commit",),
    fix=fix,
)
