"""Fixes for a task's policy: OFP206 adds the backend's retry keywords to the task's decorator;
OFP207 puts an atomic set-if-absent guard keyed by the task's arguments at the top of its body
(the project's Django cache: `cache.add` is atomic on every shared backend)."""

from __future__ import annotations

import ast

from .. import backends
from ..model import Applicability, Fix
from .context import Changes


def retry_fix(ctx, finding):
    """`@shared_task` -> `@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)`."""
    backend = backends.BY_NAME.get(dict(finding.data).get("backend", ""))
    doc = ctx.doc(finding.path)
    if backend is None or not backend.retry_policy or doc is None:
        return None
    found = _decorated(doc, finding.span.line)
    if found is None:
        return None
    _, decorator = found
    changes = Changes(ctx)
    policy = _keywords(backend.retry_policy)
    if isinstance(decorator, ast.Call):
        present = {k.arg: k for k in decorator.keywords if k.arg}
        for key, value in backend.no_retry:  # `max_retries=0` turned the default off: turn it on
            if key in present and key in policy:
                node = present[key].value
                changes.replace(doc, doc.start(node), doc.end(node), policy.pop(key))
        added = ", ".join(f"{k}={v}" for k, v in policy.items() if k not in present)
        if added:
            end = doc.end(decorator) - 1  # before the closing parenthesis
            lead = ", " if decorator.args or decorator.keywords else ""
            changes.insert(doc, end, lead + added)
    else:
        changes.insert(doc, doc.end(decorator), f"({backend.retry_policy})")
    return Fix(title=f"Retry the task with back-off ({backend.label} {backend.retry_policy})",
               edits=changes.edits(), applicability=Applicability.UNSAFE, backend=backend.name)


def idempotency_fix(ctx, finding):
    """The first statement of the task: return early when a key for these arguments is already set."""
    doc = ctx.doc(finding.path)
    if doc is None or not _uses_django(ctx):
        return None
    found = _decorated(doc, finding.span.line)
    if found is None:
        return None
    function, _ = found
    params = [a.arg for a in (*function.args.posonlyargs, *function.args.args) if a.arg not in ("self", "cls", "ctx")]
    body = function.body
    first = body[1] if len(body) > 1 and _is_docstring(body[0]) else body[0]
    changes = Changes(ctx)
    cache = changes.need(doc, "django.core.cache", "cache")
    indent = doc.indent_of(first)
    key = f'f"{function.name}:' + ":".join("{" + p + "}" for p in params) + '"' if params else f'"{function.name}"'
    guard = (f"if not {cache}.add({key}, 1, timeout=60 * 60 * 24):\n"
             f"{indent}    return  # an earlier attempt already did this: do not repeat it\n{indent}")
    changes.insert(doc, doc.start(first), guard)
    return Fix(title=f"Guard {function.name} with an idempotency key (cache.add)", edits=changes.edits(),
               applicability=Applicability.UNSAFE, backend="idempotency")


def _decorated(doc, line: int):
    """The function whose decorator starts on `line`, and that decorator."""
    for node in ast.walk(doc.tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for decorator in node.decorator_list:
                if decorator.lineno == line:
                    return node, decorator
    return None


def _keywords(policy: str) -> dict[str, str]:
    call = ast.parse(f"f({policy})", mode="eval").body
    return {k.arg: ast.unparse(k.value) for k in call.keywords if k.arg}


def _is_docstring(stmt: ast.stmt) -> bool:
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str)


def _uses_django(ctx) -> bool:
    return "django" in ctx.setup.dependencies or any(
        i.target.split(".")[0] == "django" for s in ctx.project.index.summaries.values() for i in s.imports)
