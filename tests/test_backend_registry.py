"""The queue backend registry is the one list of backends: the VS Code client offers exactly its
names, and every spelling a client sends reaches the detection."""

from __future__ import annotations

import json
import os
import re

import pytest
from offpath.analysis import backends
from offpath.analysis.backends import detect
from offpath.analysis.config import Config
from offpath.analysis.project import Project, discover

ROOT = os.path.dirname(os.path.dirname(__file__))
CLIENT = os.path.join(ROOT, "vscode-client")


def _read(*parts: str) -> str:
    with open(os.path.join(CLIENT, *parts), encoding="utf-8") as handle:
        return handle.read()


def test_vscode_queue_setting_lists_the_registry() -> None:
    setting = json.loads(_read("package.json"))["contributes"]["configuration"]["properties"]["offpath.queue"]
    assert set(setting["enum"]) == set(backends.setting_names()), "regenerate from backends.setting_names()"
    assert len(setting["enum"]) == len(setting["enumDescriptions"]) == len(set(setting["enum"]))


def test_vscode_settings_module_holds_no_second_list() -> None:
    """package.json's enum is the client's one list: adding a backend never edits the TypeScript."""
    source = _read("src", "settings.ts")
    assert not [name for name in backends.setting_names()[1:] if f"'{name}'" in source]


@pytest.mark.parametrize("spelling", backends.setting_names()[1:])
def test_every_client_spelling_is_a_backend(spelling: str) -> None:
    assert backends.canonical(spelling) in backends.BACKENDS


@pytest.mark.parametrize(("spelling", "backend"), [("django-tasks", "django_tasks"), ("django_tasks", "django_tasks"),
                                                   ("django-q", "django_q"), ("rq", "rq")])
def test_queue_setting_accepts_both_spellings(tmp_path, spelling: str, backend: str) -> None:
    (tmp_path / "app.py").write_text("x = 1\n")
    project = Project([str(tmp_path)], Config(queue=spelling))
    project.load(discover([str(tmp_path)]))
    assert detect(project).preferred == backend


def test_each_backend_claims_its_own_calls() -> None:
    """No two backends claim one decorator, boundary call or method name (the tables would hide one)."""
    for field in ("task_decorators", "boundary_apis", "boundary_methods", "decorator_names", "packages"):
        seen: dict[str, str] = {}
        for backend in backends.REGISTRY:
            for key in getattr(backend, field):
                assert seen.setdefault(key, backend.name) == backend.name, (field, key)


def test_fixes_accept_either_spelling() -> None:
    from offpath.analysis.rewrites import fixes_for

    root = os.path.join(ROOT, "tests", "fixtures", "fixes", "django_tasks", "plain_call", "before")
    project = Project([root])
    project.load(discover([root]))
    finding = next(f for found in project.all_findings().values() for f in found if f.code == "OFP101")
    assert [f.backend for f in fixes_for(project, finding, backends=["django-tasks"])] == ["django_tasks"]
