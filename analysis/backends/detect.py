"""Which task queue a project runs, and the objects its rewrites must reuse: declared dependencies
(pyproject.toml, requirements*.txt, setup.cfg), task decorators and dispatches already in the code,
and the app/queue/broker objects it defines, each backend's evidence read from its registry entry.
`[tool.offpath] queue` overrides."""

from __future__ import annotations

import configparser
import os
import re
from dataclasses import dataclass, field

from ..index import full_name
from ..resolve import Resolver
from .registry import BACKENDS, BY_NAME, QUEUES, REGISTRY, canonical

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

DEPENDENCY_WEIGHT, APP_WEIGHT, TASK_WEIGHT = 4, 5, 2


@dataclass(frozen=True)
class QueueSetup:
    """What the rewrites need to know about the project's queues."""

    scores: dict[str, int] = field(default_factory=dict)
    preferred: str = ""
    apps: dict[str, tuple[str, str]] = field(default_factory=dict)  # backend -> (module, name) of its app object
    app_classes: dict[str, str] = field(default_factory=dict)  # backend -> the class its app object is made or annotated with
    flags: frozenset[str] = frozenset()  # variants found (`Backend.flags`, `Backend.style`)
    dependencies: frozenset[str] = frozenset()
    introduce: str = ""  # the backend a fix adds to the project (its dependency and app object)

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


def _app_backend(cls: str) -> str | None:
    for backend in REGISTRY:
        prefix, suffix = backend.app_pattern
        if cls in backend.app_classes or (prefix and cls.split(".")[0].startswith(prefix) and cls.endswith(suffix)):
            return backend.name
    return None


def _imports(target: str, prefixes: tuple[str, ...]) -> bool:
    return any(target == p or target.startswith(p + ".") for p in prefixes)


def _broker_client(resolver, binding, scope, module: str, objects: dict) -> None:
    """A module-level client of a broker the project produces with (`sqs = boto3.client("sqs")`,
    `producer = Producer(conf)`): read from the value the call makes, which names the service."""
    for value in resolver.evaluate(binding.value, scope):
        if value[0] != "exti":
            continue
        backend = next((b.name for b in REGISTRY if b.kind == "broker" and value[1] in b.app_classes), None)
        if backend and backend not in objects:
            objects[backend] = (module, binding.name)


def detect(project) -> QueueSetup:
    """Score each backend on the project's evidence and find the objects to reuse."""
    scores: dict[str, int] = {}
    dependencies: set[str] = set()
    for root in project.roots:
        dependencies |= declared_dependencies(root)
    packages = {p: b.name for b in REGISTRY for p in b.packages}
    for name in dependencies:
        backend = packages.get(name)
        if backend:
            scores[backend] = max(scores.get(backend, 0), DEPENDENCY_WEIGHT)
    counts: dict[str, int] = {}
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
    classes: dict[str, str] = {}
    all_flags = [flag for b in REGISTRY for flag in b.flags]
    flags = {flag.name for flag in all_flags if dependencies & set(flag.packages)}
    for path in sorted(project.index.summaries):
        summary = project.index.summaries[path]
        body = summary.module_body
        scope = (summary, body)
        for imported in summary.imports:
            flags |= {flag.name for flag in all_flags if _imports(imported.target, flag.imports)}
        for binding in body.bindings:
            made = binding.value and binding.value[-1][:1] == "("
            # A client opened with `await` at startup is declared at module level by its type
            # (`channel: aio_pika.abc.AbstractChannel | None = None`, filled through `global`).
            chain = binding.value[:-1] if made else binding.annotation if not binding.value else None
            if not chain:
                continue
            for value in resolver.evaluate(chain, scope):
                if value[0] != "ext":
                    continue
                backend = _app_backend(value[1])
                if not made and backend and not BY_NAME[backend].declared_apps:
                    continue  # made at import time: a bare declaration is no client of this backend
                if backend and backend not in objects:
                    objects[backend] = (summary.module, binding.name)
                    classes[backend] = value[1]
                    if backend in BACKENDS:  # a broker's client is a rewrite target, not a queue to prefer
                        scores[backend] = scores.get(backend, 0) + APP_WEIGHT
            if made:
                _broker_client(resolver, binding, scope, summary.module, objects)
    for backend in REGISTRY:
        if backend.style is not None:
            flags |= backend.style(project, objects)
    preferred = ""
    queue = canonical(getattr(project.config, "queue", "auto") or "auto")
    # A broker is never preferred on evidence alone (its client is a rewrite target), but it is
    # when the user's `queue` setting names it.
    if queue in BACKENDS or (queue in BY_NAME and BY_NAME[queue].kind == "broker"):
        preferred = queue
        scores.setdefault(queue, 1)
    elif scores:
        preferred = min(scores, key=lambda b: (-scores[b], BACKENDS.index(b)))
    return QueueSetup(
        scores=scores,
        preferred=preferred,
        apps=objects,
        app_classes=classes,
        flags=frozenset(flags),
        dependencies=frozenset(dependencies),
    )


def task_names(project) -> dict[str, str]:
    """Every task function in the project and its backend."""
    out: dict[str, str] = {}
    for facts in project.facts.values():
        out.update(dict(facts.tasks))
    return out


__all__ = ["QueueSetup", "declared_dependencies", "detect", "full_name", "task_names"]
