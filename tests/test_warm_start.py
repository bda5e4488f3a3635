"""The editor's warm start: a new project resumed from the state the last start stored
(`checkcache.keep`/`resume`) and brought up to date with the files on disk shows what a fresh
load of the same files shows, after edits, an added and a removed file; nothing stored, another
setting, or too many changed files leave the project to a load."""

from __future__ import annotations

import os
from dataclasses import replace

import pytest
from differential import NO_JEDI, PROJECTS, copy_tree, edits, entry_rows, finding_rows, fresh, write
from offpath.analysis import checkcache
from offpath.analysis.project import Project, discover, read_source

CASE = os.path.join(PROJECTS, "django_urls_three_deep")


@pytest.fixture(autouse=True)
def private_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))  # the per-user key lives there


def _editor(root: str, config=NO_JEDI) -> Project:
    project = Project([root], config, hops=True)
    project.set_refine(False)
    return project


def _loaded(root: str) -> Project:
    project = _editor(root)
    project.load(discover([root], NO_JEDI))
    return project


def _resumed(root: str, cache_dir: str, config=NO_JEDI) -> Project | None:
    project = _editor(root, config)
    found = checkcache.resume(project, discover([root], NO_JEDI), cache_dir)
    if found is None:
        assert not project.index.summaries  # untouched: the caller loads it
        return None
    assert found == project.all_findings()
    return project


def _same_as_fresh(project: Project, root: str) -> None:
    expected = fresh(root, hops=True)
    assert finding_rows(project, root) == finding_rows(expected, root)
    assert entry_rows(project, root) == entry_rows(expected, root)


def test_a_resumed_project_after_each_edit_equals_a_fresh_load(tmp_path) -> None:
    root = copy_tree(CASE, tmp_path)
    cache_dir = str(tmp_path / "cache")
    assert checkcache.keep(_loaded(root), discover([root], NO_JEDI), cache_dir)
    resumed = _resumed(root, cache_dir)
    assert resumed is not None and finding_rows(resumed, root)
    _same_as_fresh(resumed, root)
    mail = os.path.join(root, "shop", "notifications", "mail.py")
    original = read_source(mail)
    for _, text in edits(mail, original):
        write(mail, text)
        resumed = _resumed(root, cache_dir)
        assert resumed is not None
        _same_as_fresh(resumed, root)
        resumed.update(mail, original)  # the resumed project goes on like any other
        write(mail, original)
        _same_as_fresh(resumed, root)


def test_an_added_and_a_removed_file_since_the_state_was_stored(tmp_path) -> None:
    root = copy_tree(CASE, tmp_path)
    cache_dir = str(tmp_path / "cache")
    assert checkcache.keep(_loaded(root), discover([root], NO_JEDI), cache_dir)
    orders = os.path.join(root, "shop", "services", "orders.py")
    text = read_source(orders)
    os.remove(orders)
    write(os.path.join(root, "shop", "services", "orders_v2.py"), text)
    resumed = _resumed(root, cache_dir)
    assert resumed is not None
    _same_as_fresh(resumed, root)


def test_nothing_stored_another_setting_or_most_files_changed_is_a_load(tmp_path) -> None:
    root = copy_tree(CASE, tmp_path)
    cache_dir = str(tmp_path / "cache")
    assert _resumed(root, cache_dir) is None
    assert checkcache.keep(_loaded(root), discover([root], NO_JEDI), cache_dir)
    assert _resumed(root, cache_dir, replace(NO_JEDI, ignore=("OFP101",))) is None
    for path in discover([root], NO_JEDI):
        write(path, read_source(path) + "\nEXTRA = 1\n")
    assert _resumed(root, cache_dir) is None


def test_the_state_stored_from_a_clone_resumes_the_project_it_was_taken_from(tmp_path) -> None:
    """The server stores a clone (edits go on meanwhile); a clone's settings turn jedi off, so the
    state is filed under the original's settings."""
    root = copy_tree(CASE, tmp_path)
    cache_dir = str(tmp_path / "cache")
    config = replace(NO_JEDI, jedi_budget=2.0)
    loaded = _editor(root, config)
    loaded.load(discover([root], config))
    assert checkcache.keep(loaded.clone(), discover([root], config), cache_dir, checkcache.editor_key(loaded))
    resumed = _resumed(root, cache_dir, config)
    assert resumed is not None
    _same_as_fresh(resumed, root)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the state is written by a forked child only where there is fork")
def test_the_state_written_by_a_forked_child_resumes_like_one_written_in_process(tmp_path) -> None:
    """The server writes the state from a forked child (`Session._keep_in_child`): the fork is
    the snapshot, and the project it leaves behind goes on as before."""
    from types import SimpleNamespace

    from offpath.server.session import Session

    root = copy_tree(CASE, tmp_path)
    cache_dir = str(tmp_path / "cache")
    project = _loaded(root)
    files = discover([root], NO_JEDI)
    pid = Session._keep_in_child(SimpleNamespace(project=project), files, cache_dir, checkcache.editor_key(project))
    assert pid is not None
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    resumed = _resumed(root, cache_dir)
    assert resumed is not None and finding_rows(resumed, root)
    _same_as_fresh(resumed, root)
    _same_as_fresh(project, root)
