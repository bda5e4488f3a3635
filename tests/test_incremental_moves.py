"""Findings moved, not built again, when an edit only moved the functions a walk met.

A line added or deleted above functions moves every position in them and nothing else
(`reachability.moved_functions`). An entry whose walk met no other changed function keeps its
walk and its findings, with the positions in the moved functions moved (`Findings._move`); the
entries that met a function that really changed are walked again. Each test compares every
finding (its place, message, chain and sink, hops included) with a new `Project` loaded from the
same texts, and checks which entries were walked again.
"""

from __future__ import annotations

import os
from dataclasses import fields

import pytest
from differential import PROJECTS, copy_tree, entry_rows, fresh, write
from offpath.analysis import findings as findings_module
from offpath.analysis.model import Finding
from offpath.analysis.project import read_source

APP = '''from flask import Flask

import services

app = Flask(__name__)


@app.post("/notify")
def notify_view():
    services.notify("x")
    return "", 204


@app.post("/ping")
def ping_view():
    services.ping()
    return "", 204
'''

SERVICES = '''import time

import requests


def ping():
    time.sleep(2)
    requests.get("https://example.com/ping", timeout=5)


def notify(text):
    _send(text)


def _send(text):
    requests.post("https://example.com/hook", json={"text": text}, timeout=5)
'''


def _rows(project, root: str) -> set[tuple]:
    def rel(path: str) -> str:
        return os.path.relpath(path, root).replace(os.sep, "/")

    return {
        (f.code, rel(f.path), tuple(f.span), f.message, f.severity.value, f.hop,
         (rel(f.sink.path), tuple(f.sink.span), f.sink.api) if f.sink else None,
         tuple((rel(loc.path), tuple(loc.span), loc.name) for loc in f.chain))
        for found in project.all_findings().values() for f in found
    }


def _same_as_fresh(project, root: str) -> None:
    expected = fresh(root, hops=True)
    assert _rows(project, root) == _rows(expected, root)
    assert entry_rows(project, root) == entry_rows(expected, root)


@pytest.fixture
def walked(monkeypatch) -> list:
    """The entries whose findings were built again (not moved)."""
    names: list = []
    build = findings_module.findings_for

    def counted(entry, *args, **kwargs):
        names.append(entry.name.rsplit(".", 1)[-1])
        return build(entry, *args, **kwargs)

    monkeypatch.setattr(findings_module, "findings_for", counted)
    return names


def _project(tmp_path):
    root = os.path.join(str(tmp_path), "case")
    os.makedirs(root)
    write(os.path.join(root, "app.py"), APP)
    write(os.path.join(root, "services.py"), SERVICES)
    return root, fresh(root, hops=True)


def test_a_deleted_line_moves_the_findings_below_it_and_walks_only_the_changed_function(tmp_path, walked) -> None:
    root, project = _project(tmp_path)
    services = os.path.join(root, "services.py")
    edited = SERVICES.replace("    time.sleep(2)\n", "")
    walked.clear()
    project.update(services, edited)
    assert walked == ["ping_view"]  # notify_view's chain only moved up a line
    write(services, edited)
    _same_as_fresh(project, root)
    line = edited.splitlines().index('    requests.post("https://example.com/hook", json={"text": text}, timeout=5)') + 1
    hops = [f for f in project.findings(services) if f.hop and f.sink and f.sink.api.endswith("post")]
    assert hops and {f.sink.span.line for f in hops} == {line}
    walked.clear()
    project.update(services, SERVICES)
    assert walked == ["ping_view"]
    write(services, SERVICES)
    _same_as_fresh(project, root)


def test_lines_added_above_every_function_move_every_finding(tmp_path, walked) -> None:
    root, project = _project(tmp_path)
    services = os.path.join(root, "services.py")
    edited = SERVICES.replace("\n\ndef ping():", "\n\n# a comment\n# and another\n\ndef ping():")
    walked.clear()
    project.update(services, edited)
    assert walked == []
    write(services, edited)
    _same_as_fresh(project, root)
    project.update(services, SERVICES)
    write(services, SERVICES)
    _same_as_fresh(project, root)


def test_an_import_added_above_walks_again(tmp_path, walked) -> None:
    """A new import may change what a class's bases resolve to: no walk is moved."""
    root, project = _project(tmp_path)
    services = os.path.join(root, "services.py")
    edited = "import json\n" + SERVICES
    walked.clear()
    project.update(services, edited)
    assert sorted(walked) == ["notify_view", "ping_view"]
    write(services, edited)
    _same_as_fresh(project, root)


def test_a_view_base_class_edit_with_moved_methods_matches_a_fresh_analysis(tmp_path) -> None:
    """Lines added inside a mixin's method move the methods below it; the class-based views that
    inherit them are compared with a fresh analysis after each edit."""
    root = copy_tree(os.path.join(PROJECTS, "inherited_handler"), tmp_path)
    project = fresh(root, hops=True)
    mixins = os.path.join(root, "app", "mixins.py")
    original = read_source(mixins)
    for edited in (
        original.replace("        return obj\n", "        # kept\n        return obj\n"),
        original.replace("    def post_save(self, obj):\n        pass\n", "    def post_save(self, obj):\n        # nothing\n        pass\n"),
        original.replace('        send_mail("Created"', '        # mail\n        send_mail("Created"'),
        original,
    ):
        project.update(mixins, edited)
        write(mixins, edited)
        _same_as_fresh(project, root)


def test_hop_findings_are_built_in_the_fields_order() -> None:
    """`reachability` builds hop and moved findings positionally: in this order."""
    assert [f.name for f in fields(Finding)] == [
        "code", "message", "path", "span", "category", "severity", "entry", "sink", "chain", "data", "hop"]


def test_a_line_added_above_a_handler_moves_its_entry_and_findings(tmp_path, walked) -> None:
    """The handler's `def` line moved with it: the entry is the graph's new one, nothing walked."""
    root, project = _project(tmp_path)
    app = os.path.join(root, "app.py")
    edited = APP.replace('\n\n@app.post("/notify")', '\n\n# notifications\n\n@app.post("/notify")')
    walked.clear()
    project.update(app, edited)
    assert walked == []
    write(app, edited)
    _same_as_fresh(project, root)
    line = edited.splitlines().index('    services.notify("x")') + 1
    notify = [f for f in project.findings(app) if f.entry and f.entry.name.endswith("notify_view")]
    assert notify and {f.span.line for f in notify} == {line}
    assert {f.entry.span for f in notify} == {e.span for e in project.entry_points() if e.name.endswith("notify_view")}
    project.update(app, APP)
    write(app, APP)
    _same_as_fresh(project, root)


# -- a line deleted inside a function: its calls move by unequal amounts (`reachability.Remap`) --

VIEWS = '''import time

from flask import Flask

import services

app = Flask(__name__)


@app.post("/order")
def order_view():
    services.ping()
    time.sleep(1)
    services.notify("x")
    return "", 204


@app.get("/report")
def report_view():
    return {"data": services.Reports().load()}
'''

FETCHING = SERVICES + '''

def fetch():
    return requests.get("https://example.com/data", timeout=5).json()


class Reports:
    def load(self):
        data = fetch()
        return data
'''


def _views_project(tmp_path):
    root = os.path.join(str(tmp_path), "case")
    os.makedirs(root)
    write(os.path.join(root, "app.py"), VIEWS)
    write(os.path.join(root, "services.py"), FETCHING)
    return root, fresh(root, hops=True)


def test_a_sink_line_deleted_in_a_handler_rebuilds_its_own_report_and_moves_the_rest(tmp_path, walked) -> None:
    """The handler's calls below the deleted line moved up one, those above it stayed: its own
    report (the sleep) is built again, the chains through its calls are moved, nothing walked."""
    root, project = _views_project(tmp_path)
    app = os.path.join(root, "app.py")
    edited = VIEWS.replace("    time.sleep(1)\n", "")
    walked.clear()
    project.update(app, edited)
    assert walked == []
    write(app, edited)
    _same_as_fresh(project, root)
    line = edited.splitlines().index('    services.notify("x")') + 1
    mine = [f for f in project.findings(app) if f.entry and f.entry.name.endswith("order_view")]
    assert mine and line in {f.span.line for f in mine}
    assert not any(f.sink and f.sink.path == app for f in mine)
    walked.clear()
    project.update(app, VIEWS)  # the sink comes back: built again, the rest moved down
    assert walked == []
    write(app, VIEWS)
    _same_as_fresh(project, root)
    assert any(f.sink and f.sink.path == app and f.sink.api == "time.sleep" for f in project.findings(app))


def test_a_line_deleted_that_changes_what_a_call_hands_on_walks_again(tmp_path, walked) -> None:
    """`return data` deleted: the fetched value is no longer what the view returns, so the
    chain's verdict changes at a call that did not move (the value sets are compared at every
    call a chain goes through)."""
    root, project = _views_project(tmp_path)
    services = os.path.join(root, "services.py")
    codes = {f.code for f in project.findings(os.path.join(root, "app.py")) if f.entry.name.endswith("report_view")}
    edited = FETCHING.replace("        return data\n", "")
    walked.clear()
    project.update(services, edited)
    assert walked == ["report_view"]
    write(services, edited)
    _same_as_fresh(project, root)
    now = {f.code for f in project.findings(os.path.join(root, "app.py")) if f.entry.name.endswith("report_view")}
    assert now != codes  # no longer a wait for a result the view returns
    project.update(services, FETCHING)
    write(services, FETCHING)
    _same_as_fresh(project, root)


def test_calls_in_a_try_that_answers_for_them_move_with_their_function(tmp_path, walked) -> None:
    """The spans of calls under an `except` (answered, translated, wrapped, swallowed) move with
    the rest of the function: a line deleted above it only moves it."""
    root = os.path.join(str(tmp_path), "case")
    os.makedirs(root)
    write(os.path.join(root, "app.py"), APP)
    guarded = SERVICES.replace(
        '''def _send(text):
    requests.post("https://example.com/hook", json={"text": text}, timeout=5)
''', '''def _send(text):
    try:
        return requests.post("https://example.com/hook", json={"text": text}, timeout=5)
    except requests.RequestException as exc:
        raise RuntimeError("hook failed") from exc
''')
    services = os.path.join(root, "services.py")
    write(services, guarded)
    project = fresh(root, hops=True)
    facts = project.function_facts("services._send")
    assert facts.translated or facts.wrapped or facts.answered or facts.swallowed
    edited = guarded.replace("    time.sleep(2)\n", "")
    walked.clear()
    project.update(services, edited)
    assert walked == ["ping_view"]
    write(services, edited)
    _same_as_fresh(project, root)
