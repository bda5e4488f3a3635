"""Backend detection: dependencies, task decorators and app objects, and the config override."""

from __future__ import annotations

import pytest
from offpath.analysis.backends import declared_dependencies, detect
from offpath.analysis.config import Config
from offpath.analysis.project import Project, discover


def _project(tmp_path, files: dict[str, str], config: Config | None = None) -> Project:
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    project = Project([str(tmp_path)], config)
    project.load(discover([str(tmp_path)]))
    return project


def test_requirements_pyproject_and_setup_cfg(tmp_path) -> None:
    (tmp_path / "requirements-prod.txt").write_text("Django>=5\ncelery[redis]==5.4  # queue\n-r base.txt\n")
    (tmp_path / "pyproject.toml").write_text('[project]\ndependencies = ["dramatiq>=1.16"]\n'
                                             '[project.optional-dependencies]\nworker = ["django_rq"]\n')
    (tmp_path / "setup.cfg").write_text("[options]\ninstall_requires =\n    huey>=2.5\n")
    assert {"django", "celery", "dramatiq", "django-rq", "huey"} <= declared_dependencies(str(tmp_path))


@pytest.mark.parametrize(
    ("requirement", "backend"),
    [("celery", "celery"), ("rq", "rq"), ("dramatiq", "dramatiq"), ("huey", "huey"), ("arq", "arq"),
     ("taskiq-redis", "taskiq"), ("django-tasks", "django_tasks")],
)
def test_dependency_decides(tmp_path, requirement: str, backend: str) -> None:
    project = _project(tmp_path, {"requirements.txt": f"{requirement}\n", "app.py": "x = 1\n"})
    assert detect(project).preferred == backend


def test_code_outweighs_a_stray_dependency(tmp_path) -> None:
    project = _project(tmp_path, {
        "requirements.txt": "celery\ndramatiq\n",
        "shop/__init__.py": "",
        "shop/tasks.py": "import dramatiq\n\n\n@dramatiq.actor\ndef a():\n    pass\n\n\n@dramatiq.actor\ndef b():\n    pass\n",
    })
    setup = detect(project)
    assert setup.preferred == "dramatiq"
    assert setup.detected == ("dramatiq", "celery")


def test_app_objects_are_found(tmp_path) -> None:
    project = _project(tmp_path, {
        "proj/__init__.py": "",
        "proj/celery.py": 'from celery import Celery\n\napp = Celery("proj")\n',
        "proj/queue.py": 'from huey import RedisHuey\n\nhuey = RedisHuey("proj")\n',
        "proj/tasks.py": "from proj.celery import app\n\n\n@app.task\ndef a():\n    pass\n",
        "proj/broker.py": 'from taskiq_redis import ListQueueBroker\n\nbroker = ListQueueBroker("redis://")\n',
    })
    setup = detect(project)
    assert setup.apps["celery"] == ("proj.celery", "app")
    assert "celery_app_style" in setup.flags
    assert setup.apps["huey"] == ("proj.queue", "huey")
    assert setup.apps["taskiq"] == ("proj.broker", "broker")
    assert setup.preferred == "celery"


def test_config_overrides(tmp_path) -> None:
    project = _project(tmp_path, {"requirements.txt": "celery\n", "app.py": "x = 1\n"}, Config(queue="rq"))
    assert detect(project).preferred == "rq"


def test_nothing_detected(tmp_path) -> None:
    project = _project(tmp_path, {"app.py": "x = 1\n"})
    setup = detect(project)
    assert setup.preferred == ""
    assert setup.detected == ()
