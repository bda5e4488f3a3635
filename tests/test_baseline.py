"""Baselines: accepted findings stay hidden across unrelated edits, new ones surface, gone ones are pruned."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import replace

import pytest
from offpath.analysis import baseline
from offpath.cli.main import main
from offpath.analysis.model import Span
from offpath.analysis.project import Project, discover

FIXTURE = os.path.join(os.path.dirname(__file__), "fixtures", "projects", "django_urls_three_deep")
VIEWS = os.path.join("shop", "views.py")

NEW_VIEW = '''

def contact(request):
    send_mail("Contact", request.POST["body"], None, ["team@example.com"])
    return JsonResponse({})
'''


@pytest.fixture
def project_dir(tmp_path):
    root = tmp_path / "app"
    shutil.copytree(FIXTURE, root)
    (root / "pyproject.toml").write_text('[project]\nname = "app"\n', encoding="utf-8")
    # Route the view that NEW_VIEW adds, so adding it is a new finding.
    urls = root / "shop" / "urls.py"
    text = urls.read_text(encoding="utf-8")
    assert "urlpatterns = [" in text
    urls.write_text(text.replace("urlpatterns = [", 'urlpatterns = [\n    path("contact/", views.contact),', 1),
                    encoding="utf-8")
    return root


def analyse(root) -> list:
    project = Project([str(root)])
    project.load(discover([str(root)]))
    return [f for found in project.all_findings().values() for f in found]


def edit(root, relpath: str, change) -> None:
    path = os.path.join(root, relpath)
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(change(text))


def test_accepted_findings_survive_edits_above_them(project_dir):
    before = analyse(project_dir)
    assert [f.code for f in before] == ["OFP101"]
    accepted = baseline.build(before, str(project_dir))
    assert baseline.filter_new(before, accepted) == []

    # Lines added above the handler and above every hop move every line of the chain.
    header = '"""Moved."""\nimport logging\n\nlog = logging.getLogger(__name__)\n\n\n'
    for relpath in (VIEWS, os.path.join("shop", "services", "orders.py"), os.path.join("shop", "notifications", "mail.py")):
        edit(project_dir, relpath, lambda text: header + text)
    after = analyse(project_dir)
    assert [f.code for f in after] == ["OFP101"]
    assert after[0].span.line != before[0].span.line
    assert baseline.filter_new(after, accepted) == []


def test_a_new_finding_is_reported_and_the_accepted_one_is_not(project_dir):
    accepted = baseline.build(analyse(project_dir), str(project_dir))
    edit(project_dir, VIEWS, lambda text: text + NEW_VIEW)
    new = baseline.filter_new(analyse(project_dir), accepted)
    assert [(f.code, f.entry.name) for f in new] == [("OFP101", "shop.views.contact")]


def test_counts_let_a_second_identical_finding_through(project_dir):
    findings = analyse(project_dir)
    accepted = baseline.build(findings, str(project_dir))
    twin = replace(findings[0], span=Span(99, 0, 99, 5))
    assert baseline.filter_new([twin, *findings], accepted) == [twin]


def test_the_file_is_line_free_sorted_and_round_trips(project_dir):
    findings = analyse(project_dir)
    target = project_dir / baseline.DEFAULT_NAME
    baseline.write(baseline.build(findings, str(project_dir)), str(target))
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["version"] == 1
    (entry,) = document["findings"]
    assert entry["path"] == "shop/views.py" and entry["code"] == "OFP101"
    assert entry["entry"] == "shop.views.checkout" and entry["sink"] == "django.core.mail.send_mail"
    assert entry["chain"][0] == "shop.views.checkout" and entry["count"] == 1
    assert "line" not in json.dumps(document)
    loaded = baseline.load(str(target))
    assert loaded.counts == baseline.build(findings, str(project_dir)).counts
    baseline.write(loaded, str(target))
    assert json.loads(target.read_text(encoding="utf-8")) == document


def test_writing_again_prunes_findings_that_disappeared(project_dir):
    edit(project_dir, VIEWS, lambda text: text + NEW_VIEW)
    target = str(project_dir / baseline.DEFAULT_NAME)
    baseline.write(baseline.build(analyse(project_dir), str(project_dir)), target)
    assert len(baseline.load(target)) == 2

    edit(project_dir, VIEWS, lambda text: text.replace(NEW_VIEW, "\n"))
    files = discover([str(project_dir)])
    updated = baseline.update(baseline.load(target), analyse(project_dir), str(project_dir), files)
    baseline.write(updated, target)
    assert [key[2] for key in baseline.load(target).counts] == ["shop.views.checkout"]


def test_a_partial_run_keeps_entries_of_files_it_did_not_analyse(project_dir):
    findings = analyse(project_dir)
    old = baseline.build(findings, str(project_dir))
    other = os.path.join(str(project_dir), "shop", "urls.py")
    kept = baseline.update(old, [], str(project_dir), [other])
    assert kept.counts == old.counts
    gone = baseline.update(old, [], str(project_dir), [os.path.join(str(project_dir), VIEWS)])
    assert gone.counts == {}


def test_cli_write_then_check_then_new_finding(project_dir, monkeypatch, capsys):
    monkeypatch.chdir(project_dir)
    assert main(["check", "."]) == 1
    assert main(["check", ".", "--write-baseline"]) == 0
    assert os.path.isfile(baseline.DEFAULT_NAME)
    capsys.readouterr()

    assert main(["check", "."]) == 0
    captured = capsys.readouterr()
    assert "All checks passed!" in captured.out
    assert "1 finding hidden by the baseline .offpath-baseline.json" in captured.err
    assert main(["check", ".", "--no-baseline"]) == 1

    edit(project_dir, VIEWS, lambda text: "# a comment above\n\n" + text)
    assert main(["check", "."]) == 0
    edit(project_dir, VIEWS, lambda text: text + NEW_VIEW)
    capsys.readouterr()
    assert main(["check", ".", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [(f["code"], f["entry"]["name"]) for f in report["findings"]] == [("OFP101", "shop.views.contact")]


def test_cli_baseline_from_pyproject_and_explicit_files(project_dir, monkeypatch, capsys):
    monkeypatch.chdir(project_dir)
    pyproject = project_dir / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + '\n[tool.offpath]\nbaseline = "ci/accepted.json"\n')
    (project_dir / "ci").mkdir()
    assert main(["check", ".", "--write-baseline"]) == 0
    assert (project_dir / "ci" / "accepted.json").is_file()
    assert not (project_dir / baseline.DEFAULT_NAME).exists()
    # Paths in the file are relative to the file's folder.
    assert json.loads((project_dir / "ci" / "accepted.json").read_text())["findings"][0]["path"] == "../shop/views.py"
    assert main(["check", "."]) == 0
    assert main(["check", "shop"]) == 0

    assert main(["check", ".", "--write-baseline", "other.json"]) == 0
    assert main(["check", ".", "--baseline", "other.json"]) == 0
    capsys.readouterr()
    assert main(["check", ".", "--baseline", "missing.json"]) == 2
    assert "no such baseline file" in capsys.readouterr().err
    (project_dir / "broken.json").write_text("{not json")
    assert main(["check", ".", "--baseline", "broken.json"]) == 2
    assert "not a valid baseline file" in capsys.readouterr().err


def test_cli_write_prunes_and_says_so(project_dir, monkeypatch, capsys):
    monkeypatch.chdir(project_dir)
    edit(project_dir, VIEWS, lambda text: text + NEW_VIEW)
    assert main(["check", ".", "--write-baseline"]) == 0
    assert "Recorded 2 findings" in capsys.readouterr().err
    edit(project_dir, VIEWS, lambda text: text.replace(NEW_VIEW, "\n"))
    assert main(["check", ".", "--write-baseline"]) == 0
    assert "Recorded 1 finding in .offpath-baseline.json, pruned 1 that no longer occur." in capsys.readouterr().err
