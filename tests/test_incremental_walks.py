"""Walks kept across edits give what a fresh analysis of the same texts gives.

Each start node's walk is kept (`reachability.Walks`) and walked again only when a function it
reached changed what it calls or reports, or an MRO lookup it made answers differently; when the
functions it reached only moved (lines added above them), its chains are read again from the
current facts. Each test edits, compares the findings (chains and their positions included) and
entry points with a new `Project` loaded from the same texts, and checks whether the kept walks
were reused.
"""

from __future__ import annotations

import os

import pytest
from differential import PROJECTS, copy_tree, entry_rows, finding_rows, fresh, write
from offpath.analysis import reachability
from offpath.analysis.project import read_source

CASE = os.path.join(PROJECTS, "inherited_handler")


def _same_as_fresh(project, root: str) -> None:
    expected = fresh(root, hops=True)
    assert finding_rows(project, root) == finding_rows(expected, root)
    assert entry_rows(project, root) == entry_rows(expected, root)


@pytest.fixture
def walked(monkeypatch) -> list:
    """The start nodes walked again by the kept walks (not those answered from what was kept)."""
    starts: list = []
    walk = reachability._walk

    def counted(start, facts_of, lookup, lookups=None):
        if lookups is not None:
            starts.append(start)
        return walk(start, facts_of, lookup, lookups)

    monkeypatch.setattr(reachability, "_walk", counted)
    return starts


def test_lines_added_above_the_reached_methods_move_the_chains_without_walking_again(tmp_path, walked) -> None:
    root = copy_tree(CASE, tmp_path)
    project = fresh(root, hops=True)
    mixins = os.path.join(root, "app", "mixins.py")
    original = read_source(mixins)
    moved = original.replace("class CreateMixin:", "import logging\n\nLOG = logging.getLogger(__name__)\n\n\nclass CreateMixin:")
    walked.clear()
    project.update(mixins, moved)
    assert walked == []
    write(mixins, moved)
    _same_as_fresh(project, root)
    line = moved.splitlines().index("        self.post_save(obj)  # OFP101") + 1
    assert any(f.code == "OFP101" and f.span.line == line and not f.hop for f in project.findings(mixins))
    walked.clear()
    project.update(mixins, original)
    assert walked == []
    write(mixins, original)
    _same_as_fresh(project, root)


def test_a_reached_method_that_loses_its_sink_is_walked_again(tmp_path, walked) -> None:
    root = copy_tree(CASE, tmp_path)
    project = fresh(root, hops=True)
    mixins = os.path.join(root, "app", "mixins.py")
    original = read_source(mixins)
    quiet = original.replace('send_mail("Created", obj["title"], "hq@example.com", ["team@example.com"])',
                             'print("Created", obj["title"])')
    assert quiet != original
    walked.clear()
    project.update(mixins, quiet)
    assert walked
    write(mixins, quiet)
    _same_as_fresh(project, root)
    assert not any(f.code.startswith("OFP1") for found in project.all_findings().values() for f in found)
    project.update(mixins, original)
    write(mixins, original)
    _same_as_fresh(project, root)
    assert any(f.code == "OFP101" for f in project.findings(mixins))


def test_a_class_that_gains_a_base_changes_what_a_kept_walk_looked_up(tmp_path) -> None:
    """`super().post_save()` in the viewset's mixin ran `CreateMixin.post_save`; a mixin placed
    between them takes its place, though no function the kept walk reached changed."""
    root = copy_tree(CASE, tmp_path)
    project = fresh(root, hops=True)
    api = os.path.join(root, "app", "api.py")
    original = read_source(api)
    audited = original.replace("class IssueViewSet(NotifyMixin, CreateMixin,", "class IssueViewSet(NotifyMixin, AuditMixin, CreateMixin,")
    audited = audited.replace("from .mixins import CreateMixin, NotifyMixin", (
        "import requests\n\nfrom .mixins import CreateMixin, NotifyMixin\n\n\n"
        "class AuditMixin:\n"
        "    def post_save(self, obj):\n"
        '        requests.post("https://audit.example.com/", json=obj, timeout=3)\n'
        "        super().post_save(obj)\n"))
    for text in (audited, original, audited):
        project.update(api, text)
        write(api, text)
        _same_as_fresh(project, root)
    assert any(f.code == "OFP102" for found in project.all_findings().values() for f in found)
