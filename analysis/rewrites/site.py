"""The call a fix moves off the request: found again in the file's syntax tree from a finding's
span, with what the rewrites must know about it (statement, await, transaction, loop, callee, and
which arguments are ORM objects)."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

from ..model import Finding, Span
from ..summary import expr_chain
from .context import Context
from .text import Doc


@dataclass
class Site:
    doc: Doc
    call: ast.Call
    stmt: ast.Expr | None  # the statement when the call's result is discarded
    awaited: ast.Await | None
    function: ast.FunctionDef | ast.AsyncFunctionDef | None
    caller: str  # full name of the function holding the call
    callee: str = ""  # full name of the workspace function called, when it is one
    atomic: bool = False
    in_loop: bool = False
    models: dict[int | str, str] = field(default_factory=dict)  # argument position/keyword -> model class

    @property
    def open_paren(self) -> int:
        """Offset just after the `(` that opens the argument list."""
        text = self.doc.text
        at = self.doc.end(self.call.func)
        while at < len(text) and text[at] != "(":
            at += 1
        return at + 1

    @property
    def has_args(self) -> bool:
        return bool(self.call.args or self.call.keywords)

    @property
    def head_start(self) -> int:
        return self.doc.start(self.awaited) if self.awaited is not None else self.doc.start(self.call)

    @property
    def last_arg_end(self) -> int | None:
        nodes = list(self.call.args) + [k for k in self.call.keywords]
        if not nodes:
            return None
        return max(self.doc.end(n) for n in nodes)


def locate(ctx: Context, path: str, span: Span, caller: str, callee: str = "") -> Site | None:
    """The call at `span` in `path` as a Site (None when the file changed or it is not a call)."""
    doc = ctx.doc(path)
    if doc is None:
        return None
    call = doc.find(span, ast.Call)
    if call is None:
        return None
    parent = doc.parents.get(call)
    awaited = None
    if isinstance(parent, ast.Await):
        awaited = parent
        parent = doc.parents.get(parent)
    stmt = parent if isinstance(parent, ast.Expr) else None
    function = doc.enclosing_function(call)
    site = Site(doc, call, stmt, awaited, function, caller, callee)
    site.atomic, site.in_loop = _context_of(doc, call)
    site.models = orm_arguments(ctx, site)
    return site


def _context_of(doc: Doc, node: ast.AST) -> tuple[bool, bool]:
    atomic = in_loop = False
    for parent in doc.ancestors(node):
        if isinstance(parent, (ast.With, ast.AsyncWith)):
            if any(_is_atomic(item.context_expr) for item in parent.items):
                atomic = True
        elif isinstance(parent, (ast.For, ast.AsyncFor, ast.While, ast.comprehension)):
            in_loop = True
        elif isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if any(_is_atomic(d) for d in parent.decorator_list):
                atomic = True
            break
    return atomic, in_loop


def _is_atomic(node: ast.expr) -> bool:
    chain = expr_chain(node)
    return bool(chain) and "atomic" in chain


def caller_scope(ctx: Context, caller: str):
    found = ctx.project.index.function(caller)
    return found


def orm_arguments(ctx: Context, site: Site) -> dict[int | str, str]:
    """Arguments that are Django model instances: by the value's inferred type or the callee's annotation."""
    scope = caller_scope(ctx, site.caller)
    out: dict[int | str, str] = {}
    params = callee_params(ctx, site.callee) if site.callee else []
    items: list[tuple[int | str, ast.expr]] = [(n, a) for n, a in enumerate(site.call.args)]
    items += [(k.arg, k.value) for k in site.call.keywords if k.arg]
    for key, node in items:
        if isinstance(node, ast.Starred):
            continue
        model = None
        chain = expr_chain(node)
        if scope is not None and chain and len(chain) <= 3 and chain[-1] not in ("pk", "id"):
            for value in ctx.resolver.evaluate(chain, scope):
                if value[0] == "inst" and ctx.resolver.is_model(value[1]):
                    model = value[1]
                    break
        if model is None and site.callee and chain and chain[-1] not in ("pk", "id"):
            param = params[key] if isinstance(key, int) and key < len(params) else next((p for p in params if p.name == key), None)
            if param is not None and param.annotation:
                model = _model_of_annotation(ctx, site.callee, param.annotation)
        if model:
            out[key] = model
    return out


def callee_params(ctx: Context, callee: str):
    found = ctx.project.index.function(callee)
    if found is None:
        return []
    params = list(found[1].params)
    if found[1].receiver_param:
        params = params[1:]
    return params


def _model_of_annotation(ctx: Context, callee: str, annotation) -> str | None:
    found = ctx.project.index.function(callee)
    if found is None:
        return None
    for value in ctx.resolver.evaluate(annotation, (found[0], found[0].module_body)):
        if value[0] == "class" and ctx.resolver.is_model(value[1]):
            return value[1]
    return None


def sites_for(ctx: Context, finding: Finding) -> list[Site]:
    """Candidate calls to move for a side-effect finding, the one closest to the sink first.

    A call reached from inside a transaction runs in it too: `atomic` is inherited down the chain.
    """
    chain = finding.chain
    located = []
    inherited = atomic_requests(ctx)
    for index in range(len(chain) - 1):
        hop = chain[index]
        site = locate(ctx, hop.path, hop.span, hop.name, chain[index + 1].name)
        if site is None:
            break
        site.atomic = site.atomic or inherited
        inherited = site.atomic
        located.append(site)
    return [site for site in reversed(located) if site.stmt is not None]


def atomic_requests(ctx: Context) -> bool:
    """`ATOMIC_REQUESTS = True` (or the database option) in a settings module."""
    cached = getattr(ctx, "_atomic_requests", None)
    if cached is None:
        cached = False
        for path, summary in ctx.project.index.summaries.items():
            if "settings" not in summary.module.rsplit(".", 1)[-1]:
                continue
            doc = ctx.doc(path)
            if doc is not None and _ATOMIC_REQUESTS.search(doc.text):
                cached = True
                break
        ctx._atomic_requests = cached
    return cached


_ATOMIC_REQUESTS = re.compile(r"""["']?ATOMIC_REQUESTS["']?\s*[:=]\s*True""")


def handler_site(ctx: Context, finding: Finding) -> Site | None:
    """The call in the handler itself (chain[0]); for depth 0 it is the sink call."""
    if not finding.chain or finding.entry is None:
        return None
    hop = finding.chain[0]
    if hop.name != finding.entry.name:
        return None
    callee = finding.chain[1].name if len(finding.chain) > 1 else ""
    site = locate(ctx, hop.path, hop.span, hop.name, callee)
    if site is None or site.stmt is None:
        return None
    return site


__all__ = ["Site", "handler_site", "locate", "sites_for"]
