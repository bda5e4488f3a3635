"""Where module names start when `offpath check .` runs at a repository's top and the Python
project lives in a subfolder: above a file's outermost package, else at the nearest folder with a
project file; and an `__init__.py` added or removed in the editor renames the modules below it
exactly as a fresh analysis would."""

from __future__ import annotations

import os
import shutil

from offpath.analysis.config import Config
from offpath.analysis.index import module_name
from offpath.analysis.project import Project, discover

FIXTURE = os.path.join(os.path.dirname(__file__), "fixtures", "projects", "monorepo_subfolders")
NO_JEDI = Config(jedi_budget=0)


def _touch(root, rel: str, text: str = "") -> str:
    path = os.path.join(str(root), rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    return path


def test_module_names_of_common_layouts(tmp_path):
    root = str(tmp_path)
    _touch(tmp_path, "backend/pyproject.toml")
    _touch(tmp_path, "apps/api/service/__init__.py")
    _touch(tmp_path, "web/shop/__init__.py")
    _touch(tmp_path, "web/shop/constants/__init__.py")
    _touch(tmp_path, "web/shop/constants/setup.py")
    _touch(tmp_path, "tools/manage.py")
    cases = {
        "backend/app/utils.py": ("app.utils", False),  # namespace package under a project file
        "apps/api/service/mail/sender.py": ("service.mail.sender", False),  # gap: mail/ has no __init__
        "web/shop/constants/setup.py": ("shop.constants.setup", False),  # a setup.py inside a package is a module
        "tools/manage.py": ("manage", False),
        "scripts/deploy.py": ("scripts.deploy", False),  # no evidence: names start at the checked folder
        "web/shop/__init__.py": ("shop", True),
    }
    for rel, expected in cases.items():
        assert module_name(os.path.join(root, rel), [root]) == expected, rel


def _rows(project: Project, root: str) -> set[tuple]:
    return {(os.path.relpath(f.path, root), f.span.line, f.code, f.entry.name if f.entry else "")
            for found in project.all_findings().values() for f in found}


def _fresh(root: str) -> set[tuple]:
    project = Project([root], NO_JEDI)
    project.load(discover([root]))
    return _rows(project, root)


def test_an_init_removed_and_added_back_in_the_editor_renames_modules_like_a_fresh_analysis(tmp_path):
    root = str(tmp_path / "repo")
    shutil.copytree(FIXTURE, root)
    project = Project([root], NO_JEDI)
    project.load(discover([root]))
    before = _rows(project, root)
    assert ("apps/api/service/app.py", 11, "OFP102", "service.app.invite") in before

    init = os.path.join(root, "apps", "api", "service", "__init__.py")
    project.remove(init)  # the editor reports the deletion before the file is gone
    os.remove(init)
    after_removal = _rows(project, root)
    assert after_removal == _fresh(root)
    assert not any(row[0].startswith("apps/") for row in after_removal)  # `service.mail` no longer resolves

    project.update(init, "")  # a new, unsaved `__init__.py`
    assert _rows(project, root) == before
    _touch(tmp_path, "repo/apps/api/service/__init__.py")
    assert _fresh(root) == before
