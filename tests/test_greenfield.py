"""Projects with no queue yet get the backends that fit them: nothing new first (`django.tasks` in
Django, `BackgroundTasks` in FastAPI routes), then the one whose broker the project already has
(redis: RQ); a fix that adds a dependency says so, declares it and defines the app object. After the
fix the example app still imports: a subprocess imports the rewritten code with the backend really
installed (only unrelated libraries the example names, such as twilio, are stubbed there)."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from offpath.analysis.project import Project, discover
from offpath.analysis.rewrites import fixes_for
from offpath.analysis.rewrites.text import apply_edits

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
# Libraries the examples import that are no queue backend nor web framework: stubbed when absent.
UNRELATED = ("slack_sdk", "twilio", "PIL", "analytics", "posthog", "weasyprint", "elasticsearch")

IMPORTER = r'''
import importlib, importlib.abc, importlib.machinery, sys, types

root, absent, modules = sys.argv[1], set(sys.argv[2].split(",")) - {""}, sys.argv[3:]


class Anything:
    def __init__(self, *args, **kwargs): pass
    def __call__(self, *args, **kwargs): return Anything()
    def __getattr__(self, name): return Anything()


class Stubs(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name, path, target=None):
        return importlib.machinery.ModuleSpec(name, self, is_package=True) if name.split(".")[0] in absent else None

    def create_module(self, spec):
        module = types.ModuleType(spec.name)
        module.__path__ = []
        module.__getattr__ = lambda name: Anything
        return module

    def exec_module(self, module): pass


sys.meta_path.append(Stubs())
sys.path.insert(0, root)
for name in modules:
    importlib.import_module(name)
print("imported", ", ".join(modules))
'''


def _edit(path: Path, change) -> None:
    path.write_text(change(path.read_text()))


def _flask_without_queue(root: Path) -> Path:
    """examples/flask_shop as it would be before adopting RQ: redis declared, no rq, no Queue."""
    shutil.copytree(EXAMPLES / "flask_shop", root)
    _edit(root / "pyproject.toml", lambda t: t.replace('    "rq>=1.16",\n', ""))
    _edit(root / "shop" / "extensions.py", lambda t: re.sub(r"from rq import Queue\n|from redis import Redis\n|queue = .*\n", "", t))
    for path in (root / "shop").rglob("*.py"):
        text = path.read_text()
        text = re.sub(r"queue\.enqueue(?:_in)?\((?:timedelta\(days=1\), )?(\w+), ", r"\1(", text)
        text = re.sub(r"^from \.+extensions import queue\n", "", text, flags=re.MULTILINE)
        text = text.replace("from .extensions import mail, queue", "from .extensions import mail")
        text = text.replace('"queued": queue.count', '"queued": 0')
        path.write_text(text)
    return root


def _project(root: Path) -> Project:
    project = Project([str(root)])
    project.load(discover([str(root)]))
    assert not project.skipped, project.skipped
    return project


def _finding(project: Project, suffix: str, code: str):
    return next(f for found in project.all_findings().values() for f in found
                if f.path.endswith(suffix) and f.code == code)


def _apply(fix) -> list[str]:
    for path in sorted({e.path for e in fix.edits}):
        text = Path(path).read_text()
        Path(path).write_text(apply_edits(text, [e for e in fix.edits if e.path == path]))
    return sorted({e.path for e in fix.edits})


def _imports(root: Path, modules: list[str]) -> None:
    """Import `modules` of the project at `root` in a fresh interpreter (never in this process)."""
    absent = [m for m in UNRELATED if importlib.util.find_spec(m) is None]
    result = subprocess.run([sys.executable, "-I", "-c", IMPORTER, str(root), ",".join(absent), *modules],
                            cwd=root, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("imported")


def _modules(root: Path, paths: list[str]) -> list[str]:
    out = []
    for path in paths:
        rel = Path(path).relative_to(root)
        if rel.suffix == ".py":
            parts = rel.with_suffix("").parts
            out.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return out


@pytest.fixture
def flask_backends():
    for name in ("flask", "flask_mail", "redis", "rq", "celery"):
        if importlib.util.find_spec(name) is None:  # the dev extra installs them all
            message = f"{name} is needed to import the rewritten apps (pip install -e '.[dev]')"
            if os.environ.get("CI") == "true":
                pytest.fail(message, pytrace=False)
            pytest.skip(message)


def test_redis_in_the_dependencies_prefers_rq_and_says_it_adds_it(tmp_path, flask_backends) -> None:
    root = _flask_without_queue(tmp_path / "flask_shop")
    project = _project(root)
    fixes = fixes_for(project, _finding(project, "account/routes.py", "OFP101"))
    assert [(f.title, f.preferred) for f in fixes] == [
        ("Move send_welcome(...) to RQ (queue.enqueue(), adds dependency rq)", True),
        ("Move send_welcome(...) to a Celery task (.delay(), adds dependency celery)", False),
    ]
    touched = _apply(fixes[0])
    assert '    "rq",\n]' in (root / "pyproject.toml").read_text()
    assert "rq_queue = Queue(connection=Redis.from_url(" in (root / "shop" / "__init__.py").read_text()
    assert "rq_queue.enqueue(send_welcome, user[\"email\"], user[\"name\"], retry=Retry(max=3))" in (
        root / "shop" / "account" / "routes.py").read_text()
    _imports(root, ["shop.app"] + _modules(root, touched))
    fixed = _project(root)
    assert not [f for f in fixed.findings(str(root / "shop" / "account" / "routes.py")) if f.code == "OFP101"]


def test_celery_brings_its_app_and_the_app_still_imports(tmp_path, flask_backends) -> None:
    root = _flask_without_queue(tmp_path / "flask_shop")
    project = _project(root)
    (fix,) = fixes_for(project, _finding(project, "account/routes.py", "OFP101"), backends=["celery"])
    assert fix.title == "Move send_welcome(...) to a Celery task (.delay(), adds dependency celery)"
    touched = _apply(fix)
    assert '    "celery",\n]' in (root / "pyproject.toml").read_text()
    assert "@celery_app.task(" in (root / "shop" / "notifications.py").read_text()
    _imports(root, ["shop.app"] + _modules(root, touched))


def test_the_projects_own_queue_needs_nothing_new_and_still_imports(tmp_path, flask_backends) -> None:
    root = tmp_path / "flask_shop"
    shutil.copytree(EXAMPLES / "flask_shop", root)
    project = _project(root)
    fixes = fixes_for(project, _finding(project, "account/routes.py", "OFP101"))
    assert fixes[0].preferred and fixes[0].title == "Move send_welcome(...) to RQ (queue.enqueue())"
    assert not any("adds dependency" in f.title for f in fixes)
    touched = _apply(fixes[0])
    assert all(p.endswith(".py") for p in touched)
    _imports(root, ["shop.app"] + _modules(root, touched))


def test_a_flask_app_is_never_offered_django_tasks_or_background_tasks(tmp_path) -> None:
    root = _flask_without_queue(tmp_path / "flask_shop")
    project = _project(root)
    for found in project.all_findings().values():
        for finding in found:
            assert {f.backend for f in fixes_for(project, finding)} <= {"rq", "celery"}


def test_a_django_project_with_no_queue_prefers_django_tasks(tmp_path) -> None:
    root = tmp_path / "project"
    shutil.copytree(Path(__file__).parent / "fixtures" / "fixes" / "celery" / "plain_call" / "before", root)
    (root / "requirements.txt").write_text("django>=6.0\nredis>=5\n")
    (root / "shop" / "celery.py").unlink()
    project = _project(root)
    fixes = fixes_for(project, _finding(project, "views.py", "OFP101"))
    assert [(f.title, f.preferred) for f in fixes] == [
        ("Move notify_warehouse(...) to a Django task (.enqueue())", True),
        ("Move notify_warehouse(...) to RQ (queue.enqueue(), adds dependency rq)", False),
        ("Move notify_warehouse(...) to a Celery task (.delay(), adds dependency celery)", False),
    ]
    assert (root / "requirements.txt").read_text() + "rq\n" == apply_edits(
        (root / "requirements.txt").read_text(), [e for e in fixes[1].edits if e.path.endswith("requirements.txt")])


def test_a_fastapi_route_with_no_queue_prefers_background_tasks(tmp_path) -> None:
    root = tmp_path / "fastapi_shop"
    shutil.copytree(EXAMPLES / "fastapi_shop", root)
    _edit(root / "requirements.txt", lambda t: t.replace("arq>=0.25\n", ""))
    project = _project(root)
    finding = next(f for found in project.all_findings().values() for f in found
                   if f.code.startswith("OFP1") and f.entry is not None and f.entry.framework == "fastapi"
                   and any(x.backend == "fastapi" for x in fixes_for(project, f)))
    fixes = fixes_for(project, finding)
    assert fixes[0].backend == "fastapi" and fixes[0].preferred
    assert "django_tasks" not in {f.backend for f in fixes}


def test_no_file_to_declare_it_in_means_no_fix_that_needs_it(tmp_path) -> None:
    (tmp_path / "app.py").write_text(
        "import smtplib\nfrom flask import Flask\n\napp = Flask(__name__)\n\n\n"
        "def notify():\n    smtplib.SMTP('localhost').sendmail('a', ['b'], 'hi')\n\n\n"
        "@app.post('/x')\ndef view():\n    notify()\n    return ''\n")
    project = _project(tmp_path)
    finding = _finding(project, "app.py", "OFP101")
    assert fixes_for(project, finding) == []
    (tmp_path / "requirements.txt").write_text("flask\n")
    project = _project(tmp_path)
    titles = [f.title for f in fixes_for(project, _finding(project, "app.py", "OFP101"))]
    assert titles == ["Move notify(...) to a Celery task (.delay(), adds dependency celery)",
                      "Move notify(...) to RQ (queue.enqueue(), adds dependency rq)"]


def test_check_fix_on_a_project_with_no_queue_adds_rq_once_and_the_app_imports(tmp_path, flask_backends) -> None:
    root = _flask_without_queue(tmp_path / "flask_shop")
    result = subprocess.run([str(Path(sys.executable).parent / "offpath"), "check", ".", "--fix"],
                            cwd=root, capture_output=True, text=True, timeout=300, check=False)
    assert "skipped" not in result.stdout + result.stderr, result.stdout
    assert (root / "pyproject.toml").read_text().count('"rq"') == 1
    assert (root / "shop" / "__init__.py").read_text().count("rq_queue = Queue(") == 1
    modules = _modules(root, [str(p) for p in sorted((root / "shop").rglob("*.py"))])
    _imports(root, modules)
