"""arq: `await <pool>.enqueue_job("f", ...)` when an `ArqRedis` pool is in scope; the job takes the
worker context first, so a thin `async def f_job(ctx, ...)` is added and registered in
`WorkerSettings.functions` when the project has one."""

from __future__ import annotations

import ast

from .base import Backend, Form


def available(ctx, site) -> bool:
    return isinstance(site.function, ast.AsyncFunctionDef) and _pool(site) is not None


def form(ctx, changes, site, task) -> Form | None:
    pool = _pool(site)
    if pool is None:
        return None
    if task.created and not register(ctx, changes, site, task):
        return None
    return Form(head=f"{pool}.enqueue_job", first_args=[f'"{task.name}"'], awaits=True)


def _pool(site) -> str | None:
    args = site.function.args
    for arg in args.posonlyargs + args.args + args.kwonlyargs:
        if arg.annotation is not None and site.doc.segment(arg.annotation).split(".")[-1] == "ArqRedis":
            return arg.arg
    return None


def register(ctx, changes, site, task) -> bool:
    """Append the job to `WorkerSettings.functions` (the worker only runs listed functions)."""
    found = ctx.function(site.callee)
    if found is None:
        return False
    job_module = found[0].module
    for path, summary in sorted(ctx.project.index.summaries.items()):
        klass = summary.klass("WorkerSettings")
        if klass is None:
            continue
        doc = ctx.doc(path)
        if doc is None:
            return False
        for node in ast.walk(doc.tree):
            if isinstance(node, ast.ClassDef) and node.name == "WorkerSettings":
                for stmt in node.body:
                    if (isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "functions" for t in stmt.targets)
                            and isinstance(stmt.value, (ast.List, ast.Tuple))):
                        name = task.name if job_module == summary.module else changes.need(doc, job_module, task.name)
                        elts = stmt.value.elts
                        if elts:
                            changes.insert(doc, doc.end(elts[-1]), f", {name}")
                        else:
                            changes.insert(doc, doc.start(stmt.value) + 1, name)
                        return True
        return False
    return True  # no WorkerSettings in the workspace: the project lists its jobs elsewhere


BACKEND = Backend(
    name="arq",
    label="arq",
    rank=6,
    title="Move {task}(...) to an arq job (await enqueue_job())",
    packages=("arq",),
    boundary_apis=("arq.connections.ArqRedis.enqueue_job", "arq.create_pool.enqueue_job"),
    boundary_methods=("enqueue_job",),
    available=available,
    form=form,
    async_functions=True,
    needs_ctx=True,
    by_name=True,
    worker_commands=(r"\barq\b",),
    worker_hint="`arq`",
    async_wrapper=True,
    wrapper_suffix="_job",
)
