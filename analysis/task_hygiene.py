"""Findings about the queue itself rather than a request path: no worker started for a backend the
project dispatches to, eager settings (OFP205), tasks with a side effect and no retry policy
(OFP206), retried tasks that repeat a side effect without an idempotency key (OFP207).

`TaskHygiene` lives inside `findings.Findings` and follows its incremental contract: `note_changed`
hears which functions changed (the tasks whose walk reached one are re-walked), `refresh(touched)`
re-reads the touched files and says which other files must be republished (the first dispatch of
a backend moved), `of_file(path)` gives the findings that land in a file.
"""

from __future__ import annotations

import os
import re

from . import backends
from .model import Finding, Location, Span
from .reachability import reach_from
from .rules import BY_CODE, no_worker, retried_without_idempotency, task_without_retry
from .workspace import copy_state

# Deployment files that start processes, by name pattern (searched up to `_DEPTH` folders down).
_DEPLOY_FILES = re.compile(
    r"^(Procfile(\..+)?|(docker-)?compose[\w.-]*\.ya?ml|docker-compose[\w.-]*\.ya?ml|supervisord?[\w.-]*\.conf|"
    r"[\w.-]+\.service|fly\.toml|render\.yaml|app\.json|Dockerfile[\w.-]*|[\w.-]+\.ya?ml|[\w.-]+\.conf|"
    r"Makefile|justfile|[\w.-]+\.sh)$")
_SKIP_DIRS = frozenset({".git", "node_modules", ".venv", "venv", "__pycache__", ".tox", "site-packages", "dist", "build"})
_DEPTH = 4
_DEPLOY_DIRS = frozenset({"deploy", "deployment", "deployments", "k8s", "kubernetes", "helm", "charts", "infra", "ops",
                          "docker", "systemd", "supervisor"})
# Deployment files are read once per process and set of roots: a shared, read-only fact of the
# checkout that every clone made to verify a fix would otherwise read again.
_RUNNING: dict[tuple[str, ...], tuple[bool, dict[str, bool]]] = {}
_MAX_BYTES = 512 * 1024
# A root with one of these is a whole project, not a snippet: only then is a missing worker a finding.
_PROJECT_MARKERS = ("pyproject.toml", "setup.py", "setup.cfg", "manage.py", "Procfile")
_TEST_SETTINGS = re.compile(r"(^|[/_.])(tests?|testing|dev|local|ci)([/_.]|$)")
_IDEMPOTENT = re.compile(r"(?i)idempoten|\bnx\s*=\s*True|\bsetnx\b|\bcache\.add\(|\.get_or_create\(|processed_ids")


class TaskHygiene:
    def __init__(self, graph):
        self.graph = graph
        self._first: dict[str, dict[str, tuple[Span, str]]] = {}  # path -> backend -> (span, label)
        self._placed: dict[str, str] = {}  # backend -> path holding its OFP205 finding
        self._eager: dict[str, list[Finding]] = {}
        self._tasks: dict[str, tuple[tuple[str, str], ...]] = {}  # path -> its tasks (function, backend)
        self._task_findings: dict[str, list[Finding]] = {}  # task -> findings (on its own file)
        self._task_reach: dict[str, frozenset[str]] = {}
        self._dirty: set[str] = set()

    def copy(self, graph) -> TaskHygiene:
        twin = object.__new__(TaskHygiene)
        copy_state(self, twin)
        twin.graph = graph
        return twin

    # -- the incremental contract ------------------------------------------------------------
    def note_changed(self, functions: set[str]) -> None:
        """Tasks whose walk reached one of `functions` are re-walked at the next refresh."""
        if functions:
            self._dirty |= {task for task, reach in self._task_reach.items() if reach & functions}

    def refresh(self, touched: set[str]) -> set[str]:
        """Re-read `touched` files; the other files whose hygiene findings changed."""
        extra: set[str] = set()
        for path in touched:
            self._first.pop(path, None)
            for task, _ in self._tasks.pop(path, ()):
                self._dirty.add(task)
            self._eager.pop(path, None)
            facts = self.graph.facts.get(path)
            if facts is None:
                continue
            self._first[path] = _first_dispatches(facts)
            self._tasks[path] = facts.tasks
            self._dirty |= {task for task, _ in facts.tasks}
            self._eager[path] = self._eager_findings(path)
        placed = self._place()
        for backend in set(placed) | set(self._placed):
            if placed.get(backend) != self._placed.get(backend):
                extra |= {p for p in (placed.get(backend), self._placed.get(backend)) if p}
        self._placed = placed
        extra |= self._rewalk()
        return extra - touched

    def of_file(self, path: str) -> list[Finding]:
        out = list(self._eager.get(path, ()))
        for backend, where in sorted(self._placed.items()):
            if where == path:
                span, _ = self._first[path][backend]
                out.append(_finding(no_worker.RULE.code, path, span, no_worker.missing(
                    backend=backends.BY_NAME[backend].label, commands=backends.BY_NAME[backend].worker_hint)))
        for task, _ in self._tasks.get(path, ()):
            out.extend(self._task_findings.get(task, ()))
        return out

    # -- OFP205 ------------------------------------------------------------------------------
    def _place(self) -> dict[str, str]:
        """Backend -> the file of its first dispatch, for backends no deployment file starts."""
        first: dict[str, tuple[str, Span]] = {}
        for path, found in self._first.items():
            for backend, (span, _) in found.items():
                if backend not in first or (path, span) < first[backend]:
                    first[backend] = (path, span)
        if not first:
            return {}
        running = self._running()
        if running is None:
            return {}
        return {backend: where[0] for backend, where in first.items() if not running.get(backend)}

    def _running(self) -> dict[str, bool] | None:
        """Backend -> whether a deployment file starts its worker; None when no root is a project."""
        roots = tuple(self.graph.workspace.roots)
        if roots not in _RUNNING:
            _RUNNING[roots] = _scan(roots)
        is_project, workers = _RUNNING[roots]
        return workers if is_project else None

    def _eager_findings(self, path: str) -> list[Finding]:
        summary = self.graph.index.summaries.get(path)
        if summary is None or "settings" not in summary.module and "config" not in summary.module.rsplit(".", 1)[-1]:
            return []
        if _TEST_SETTINGS.search(summary.module.replace(".", "/")):
            return []
        text = self.graph.workspace.text_of(path) or ""
        out = []
        for backend in backends.REGISTRY:
            for pattern in backend.eager_settings:
                for match in re.finditer(pattern, text, re.MULTILINE):
                    line = text.count("\n", 0, match.start()) + 1
                    start = match.start() - (text.rfind("\n", 0, match.start()) + 1)
                    setting = match.group(0).strip()
                    span = Span(line, start + (len(match.group(0)) - len(match.group(0).lstrip())), line,
                                start + len(match.group(0)))
                    out.append(_finding(no_worker.RULE.code, path, span,
                                        no_worker.eager(setting=setting, backend=backend.label)))
        return out

    # -- OFP206, OFP207 ----------------------------------------------------------------------
    def _rewalk(self) -> set[str]:
        graph = self.graph
        live = {task: (path, backend) for path, tasks in self._tasks.items() for task, backend in tasks}
        touched: set[str] = set()
        memo: dict = {}
        lookup = graph.method_lookup()
        for task in sorted(self._dirty):
            old = self._task_findings.pop(task, [])
            self._task_reach.pop(task, None)
            touched |= {f.path for f in old}
            if task not in live:
                continue
            path, backend_name = live[task]
            backend = backends.BY_NAME.get(backend_name)
            found = graph.index.function(task)
            if backend is None or found is None:
                continue
            names, interesting = reach_from((task, ""), graph.functions.get, lookup, memo)
            self._task_reach[task] = names | {task}
            new = _task_findings(graph, task, path, backend, found, names, interesting)
            if new:
                self._task_findings[task] = new
                touched |= {f.path for f in new}
            if new != old:
                touched.add(path)
        self._dirty.clear()
        return touched


def _first_dispatches(facts) -> dict[str, tuple[Span, str]]:
    out: dict[str, tuple[Span, str]] = {}
    for function in facts.functions.values():
        for job in function.dispatches:
            backend = backends.BY_NAME.get(job.backend)
            if backend is None or not backend.worker_commands:
                continue
            if job.backend not in out or job.span < out[job.backend][0]:
                out[job.backend] = (job.span, job.label)
    return out


def _task_findings(graph, task, path, backend, found, names, interesting) -> list[Finding]:
    _, info = found
    decorator = next((d for d in info.decorators if d.callee), None)
    if decorator is None:
        return []
    hits = []  # (function facts, sink hit), the task's own first
    for name in [task, *(n for n, _ in interesting if n != task)]:
        facts = graph.functions.get(name)
        if facts is not None:
            hits.extend((facts, hit) for hit in facts.sinks if hit.spec.category != "sleep")
    if not hits:
        return []
    label = task.rsplit(".", 1)[-1]
    span = decorator.span
    data = (("backend", backend.name), ("task", task))
    if not _retries(backend, decorator, info):
        if not backend.retry_options and not backend.no_retry:
            return []  # the backend has no retry policy to offer
        facts, hit = hits[0]
        return [_finding(task_without_retry.RULE.code, path, span, task_without_retry.message(
            task=label, sink=_short(hit.spec.api), category=hit.spec.category, backend=backend.label),
            data=data, chain=_chain(path, span, task, facts, hit))]
    repeated = [(f, h) for f, h in hits if retried_without_idempotency.repeats(h.spec.category, h.spec.api)]
    if not repeated or _guarded(graph, names | {task}):
        return []
    params = [p.name for p in info.params if p.name not in ("self", "cls", "ctx")]
    facts, hit = repeated[0]
    return [_finding(retried_without_idempotency.RULE.code, path, span, retried_without_idempotency.message(
        task=label, sink=_short(hit.spec.api), category=hit.spec.category, arg=params[0] if params else ""),
        data=data, chain=_chain(path, span, task, facts, hit))]


def _chain(path: str, span: Span, task: str, facts, hit) -> tuple[Location, ...]:
    """From the task's decorator to the side effect it reaches."""
    return (Location(path, span, task), Location(facts.path, hit.span, facts.name))


def _retries(backend, decorator, info) -> bool:
    """Whether the task has a retry policy: a retry keyword on its decorator, a `self.retry()` in
    its body, or a backend that retries by default and is not told otherwise."""
    keywords = {name for name, _ in decorator.kwargs} | {name for name, _ in decorator.kw_literals}
    if keywords & set(backend.retry_options):
        return True
    if any(site.callee and site.callee[-1] in backend.retry_calls for site in info.calls):
        return True
    if backend.retries_by_default:
        literals = dict(decorator.kw_literals)
        return not any(literals.get(key) == value for key, value in backend.no_retry)
    return False


def _guarded(graph, functions: set[str]) -> bool:
    """Whether one of `functions` checks or passes an idempotency key (read from its source)."""
    texts: dict[str, list[str]] = {}
    for name in sorted(functions):
        facts = graph.functions.get(name)
        if facts is None:
            continue
        if facts.path not in texts:
            texts[facts.path] = (graph.workspace.text_of(facts.path) or "").splitlines()
        lines = texts[facts.path][facts.span.line - 1:facts.span.end_line]
        if _IDEMPOTENT.search("\n".join(lines)):
            return True
    return False


def _scan(roots: tuple[str, ...]) -> tuple[bool, dict[str, bool]]:
    if not any(os.path.exists(os.path.join(root, m)) for root in roots for m in _PROJECT_MARKERS) \
            and not any(_has_requirements(root) for root in roots):
        return False, {}
    texts = [text for root in roots for text in _deploy_texts(root)]
    texts += [text for folder in _ancestors(list(roots)) for text in _deploy_texts(folder, _DEPLOY_DIRS)]
    return True, {
        b.name: any(re.search(p, text, re.MULTILINE) for p in b.worker_commands for text in texts)
        for b in backends.REGISTRY if b.worker_commands
    }


def _has_requirements(root: str) -> bool:
    try:
        return any(e.startswith("requirements") for e in os.listdir(root))
    except OSError:
        return False


def _ancestors(roots: list[str]) -> list[str]:
    """Folders above the roots up to the repository's top (the nearest one holding `.git`, at most
    four levels up): the Python project often lives in `backend/` while the Procfile or compose
    file sits at the top. Outside a repository, none."""
    out: list[str] = []
    for root in roots:
        chain = []
        folder = os.path.abspath(root)
        for _ in range(5):
            if os.path.exists(os.path.join(folder, ".git")):
                out.extend(f for f in chain if f not in out and f not in roots)
                break
            parent = os.path.dirname(folder)
            if parent == folder:
                break
            folder = parent
            chain.append(folder)
    return out


def _deploy_texts(root: str, only: frozenset[str] | None = None):
    """The texts of the deployment files under `root`, in a fixed order; with `only`, just its own
    files and the deployment folders named there."""
    for folder, dirs, files in os.walk(root):  # top-down: pruning `dirs` keeps the walk small, sorting it fixes the order
        depth = os.path.relpath(folder, root).count(os.sep)
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith(".")
                         and (only is None or folder != root or d in only)) if depth < _DEPTH else []
        for name in sorted(files):
            if not _DEPLOY_FILES.match(name):
                continue
            path = os.path.join(folder, name)
            try:
                if os.path.getsize(path) > _MAX_BYTES:
                    continue
                with open(path, encoding="utf-8", errors="replace") as handle:
                    yield handle.read()
            except OSError:
                continue


def _short(api: str) -> str:
    parts = api.split(".")
    return ".".join(parts[-2:]) if len(parts) >= 2 and parts[-2][:1].isupper() else parts[-1]


def _finding(code: str, path: str, span: Span, message: str, data: tuple = (), chain: tuple = ()) -> Finding:
    rule = BY_CODE[code]
    return Finding(code=code, message=message, path=path, span=span, category=rule.category, severity=rule.severity,
                   data=data, chain=chain or (Location(path, span, code),))
