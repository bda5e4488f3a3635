"""Which task queue a project runs, and the objects its rewrites must reuse: declared dependencies
(pyproject.toml, requirements*.txt, setup.cfg), task decorators and dispatches already in the code,
and the Celery/Dramatiq/Huey/RQ/taskiq app objects it defines. `[tool.offpath] queue` overrides."""

from __future__ import annotations

import configparser
import os
import re
from dataclasses import dataclass, field

from ..index import full_name
from ..resolve import Resolver

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

QUEUES = ("celery", "rq", "dramatiq", "huey", "django_tasks", "taskiq", "arq")
BACKENDS = QUEUES + ("fastapi",)

# Distribution name (normalised) -> backend.
PACKAGES = {
    "celery": "celery", "django-celery-beat": "celery", "django-celery-results": "celery",
    "rq": "rq", "django-rq": "rq", "rq-scheduler": "rq",
    "dramatiq": "dramatiq", "django-dramatiq": "dramatiq",
    "huey": "huey",
    "django-tasks": "django_tasks",
    "taskiq": "taskiq", "taskiq-redis": "taskiq", "taskiq-aio-pika": "taskiq", "taskiq-fastapi": "taskiq",
    "arq": "arq",
}

# Classes whose module-level instances are a queue's app object.
APP_CLASSES = {
    "celery.Celery": "celery",
    "huey.RedisHuey": "huey", "huey.SqliteHuey": "huey", "huey.Huey": "huey", "huey.MemoryHuey": "huey",
    "huey.PriorityRedisHuey": "huey", "huey.RedisExpireHuey": "huey", "huey.FileHuey": "huey",
    "rq.Queue": "rq", "rq.queue.Queue": "rq", "django_rq.get_queue": "rq",
    "dramatiq.brokers.redis.RedisBroker": "dramatiq", "dramatiq.brokers.rabbitmq.RabbitmqBroker": "dramatiq",
}

DEPENDENCY_WEIGHT, APP_WEIGHT, TASK_WEIGHT = 4, 5, 2


@dataclass(frozen=True)
class QueueSetup:
    """What the rewrites need to know about the project's queues."""

    scores: dict[str, int] = field(default_factory=dict)
    preferred: str = ""
    celery_app: tuple[str, str] | None = None  # (module, name) of the project's Celery() object
    celery_app_style: bool = False  # existing tasks use `@app.task` rather than `@shared_task`
    huey: tuple[str, str] | None = None
    djhuey: bool = False
    rq_queue: tuple[str, str] | None = None
    django_rq: bool = False
    taskiq_broker: tuple[str, str] | None = None
    django_tasks_module: str = "django.tasks"
    dependencies: frozenset[str] = frozenset()

    @property
    def detected(self) -> tuple[str, ...]:
        """Backends with any evidence, strongest first (ties in a fixed order)."""
        found = [b for b in QUEUES if self.scores.get(b)]
        return tuple(sorted(found, key=lambda b: (-self.scores[b], QUEUES.index(b))))


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_name(line: str) -> str:
    line = line.split("#", 1)[0].strip()
    if not line or line.startswith(("-", "git+", "http")):
        return ""
    match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", line)
    return normalise(match.group(0)) if match else ""


def declared_dependencies(root: str) -> set[str]:
    """Normalised distribution names declared in the project files at `root`."""
    names: set[str] = set()
    candidates = []
    try:
        entries = sorted(os.listdir(root))
    except OSError:
        return names
    for entry in entries:
        if entry.startswith("requirements") and entry.endswith((".txt", ".in")):
            candidates.append(os.path.join(root, entry))
    folder = os.path.join(root, "requirements")
    if os.path.isdir(folder):
        candidates += [os.path.join(folder, f) for f in sorted(os.listdir(folder)) if f.endswith((".txt", ".in"))]
    for path in candidates:
        for line in _read(path).splitlines():
            name = _requirement_name(line)
            if name:
                names.add(name)
    pyproject = os.path.join(root, "pyproject.toml")
    if os.path.isfile(pyproject):
        try:
            data = tomllib.loads(_read(pyproject))
        except tomllib.TOMLDecodeError:
            data = {}
        project = data.get("project", {})
        specs = list(project.get("dependencies", []))
        for extra in project.get("optional-dependencies", {}).values():
            specs += extra
        for group in data.get("dependency-groups", {}).values():
            specs += [s for s in group if isinstance(s, str)]
        poetry = data.get("tool", {}).get("poetry", {})
        specs += list(poetry.get("dependencies", {}))
        for group in poetry.get("group", {}).values():
            specs += list(group.get("dependencies", {}))
        names |= {n for n in map(_requirement_name, (s for s in specs if isinstance(s, str))) if n}
    setup_cfg = os.path.join(root, "setup.cfg")
    if os.path.isfile(setup_cfg):
        parser = configparser.ConfigParser()
        try:
            parser.read_string(_read(setup_cfg))
            text = parser.get("options", "install_requires", fallback="")
        except configparser.Error:
            text = ""
        names |= {n for n in map(_requirement_name, text.splitlines()) if n}
    return names


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read()
    except OSError:
        return ""


def detect(project) -> QueueSetup:
    """Score each backend on the project's evidence and find the objects to reuse."""
    scores: dict[str, int] = {}
    dependencies: set[str] = set()
    for root in project.roots:
        dependencies |= declared_dependencies(root)
    for name in dependencies:
        backend = PACKAGES.get(name)
        if backend:
            scores[backend] = max(scores.get(backend, 0), DEPENDENCY_WEIGHT)
    counts: dict[str, int] = {}
    app_style = shared_style = 0
    for facts in project.facts.values():
        for _, backend in facts.tasks:
            counts[backend] = counts.get(backend, 0) + 1
        for function in facts.functions.values():
            for job in function.dispatches:
                if job.backend in QUEUES:
                    counts[job.backend] = counts.get(job.backend, 0) + 1
    for backend, count in counts.items():
        scores[backend] = scores.get(backend, 0) + TASK_WEIGHT * min(count, 5)
    resolver = Resolver(project.index)
    objects: dict[str, tuple[str, str]] = {}
    djhuey = "django-huey" in dependencies
    django_rq = "django-rq" in dependencies
    django_tasks_module = "django_tasks" if "django-tasks" in dependencies else "django.tasks"
    for path in sorted(project.index.summaries):
        summary = project.index.summaries[path]
        body = summary.module_body
        scope = (summary, body)
        for imported in summary.imports:
            if imported.target.startswith("huey.contrib.djhuey"):
                djhuey = True
            if imported.target.split(".")[0] == "django_rq":
                django_rq = True
            if imported.target.startswith("django_tasks"):
                django_tasks_module = "django_tasks"
        for binding in body.bindings:
            if not binding.value or binding.value[-1][:1] != "(":
                continue
            for value in resolver.evaluate(binding.value[:-1], scope):
                if value[0] != "ext":
                    continue
                backend = APP_CLASSES.get(value[1])
                top = value[1].split(".")[0]
                if backend is None and top.startswith("taskiq") and value[1].endswith("Broker"):
                    backend = "taskiq"
                if backend and backend not in objects:
                    objects[backend] = (summary.module, binding.name)
                    scores[backend] = scores.get(backend, 0) + APP_WEIGHT
    app_name = objects["celery"][1] if "celery" in objects else None
    for summary in project.index.summaries.values():
        for function in summary.functions[1:]:
            for decorator in function.decorators:
                callee = decorator.callee or ()
                if callee[-1:] == ("shared_task",):
                    shared_style += 1
                elif len(callee) >= 2 and callee[-1] == "task" and callee[-2] == app_name:
                    app_style += 1
    preferred = ""
    queue = getattr(project.config, "queue", "auto") or "auto"
    if queue != "auto" and queue in BACKENDS:
        preferred = queue
        scores.setdefault(queue, 1)
    elif scores:
        preferred = min(scores, key=lambda b: (-scores[b], BACKENDS.index(b)))
    return QueueSetup(
        scores=scores,
        preferred=preferred,
        celery_app=objects.get("celery"),
        celery_app_style=app_style > shared_style,
        huey=objects.get("huey"),
        djhuey=djhuey,
        rq_queue=objects.get("rq"),
        django_rq=django_rq,
        taskiq_broker=objects.get("taskiq"),
        django_tasks_module=django_tasks_module,
        dependencies=frozenset(dependencies),
    )


def task_names(project) -> dict[str, str]:
    """Every task function in the project and its backend."""
    out: dict[str, str] = {}
    for facts in project.facts.values():
        out.update(dict(facts.tasks))
    return out


__all__ = ["BACKENDS", "QUEUES", "QueueSetup", "declared_dependencies", "detect", "full_name", "task_names"]
