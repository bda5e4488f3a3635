"""Machine formats for CI: SARIF validated against the official 2.1.0 schema, GitHub workflow
commands line for line, the documented JSON, and `offpath explain`."""

from __future__ import annotations

import json
import os
import re
import shutil

import jsonschema
import pytest
from offpath.cli.formats import to_github, to_json, to_sarif
from offpath.cli.main import main
from offpath.analysis.model import EntryPoint, Finding, Location, Severity, SinkRef, Span
from offpath.analysis.rules import RULES

HERE = os.path.dirname(__file__)
ROOT = os.path.dirname(HERE)
SCHEMA = os.path.join(HERE, "data", "sarif-schema-2.1.0.json")
FIXTURE = os.path.join(HERE, "fixtures", "projects", "django_urls_three_deep")
EXAMPLE = os.path.join(ROOT, "examples", "django_shop")


def run(argv, capsys) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(scope="module")
def sarif_validator():
    with open(SCHEMA, encoding="utf-8") as handle:
        schema = json.load(handle)
    assert schema["id"].endswith("/sarif-schema-2.1.0.json")
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


def assert_valid(validator, document) -> None:
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{e.json_path}: {e.message}" for e in errors[:10])


@pytest.fixture
def awkward_project(tmp_path):
    """The fixture project under a path with a space, plus a file that cannot be parsed."""
    root = tmp_path / "my app"
    shutil.copytree(FIXTURE, root)
    (root / "shop" / "broken.py").write_text("def oops(:\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("target", [FIXTURE, EXAMPLE], ids=["fixture", "django_shop"])
def test_sarif_is_valid_against_the_official_schema(target, sarif_validator, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    code, out, _ = run(["check", os.path.relpath(target), "--format", "sarif"], capsys)
    assert code == 1
    document = json.loads(out)
    assert_valid(sarif_validator, document)
    (run_,) = document["runs"]
    rules = run_["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.code for r in RULES]
    assert run_["results"]
    for result in run_["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert not os.path.isabs(uri) and os.path.isfile(os.path.join(ROOT, uri))
        assert result["codeFlows"][0]["threadFlows"][0]["locations"]


def test_sarif_encodes_uris_and_reports_skipped_files(awkward_project, sarif_validator, capsys, monkeypatch):
    monkeypatch.chdir(awkward_project.parent)
    code, out, _ = run(["check", "my app", "--format", "sarif"], capsys)
    assert code == 1
    document = json.loads(out)
    assert_valid(sarif_validator, document)
    (run_,) = document["runs"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run_["results"]}
    assert uris == {"my%20app/shop/views.py"}
    (notification,) = run_["invocations"][0]["toolExecutionNotifications"]
    assert notification["message"]["text"].startswith("skipped: ")
    assert notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "my%20app/shop/broken.py"


def test_sarif_fingerprints_do_not_move_with_lines(tmp_path, capsys, monkeypatch):
    root = tmp_path / "app"
    shutil.copytree(FIXTURE, root)
    monkeypatch.chdir(tmp_path)

    def fingerprints():
        _, out, _ = run(["check", "app", "--format", "sarif"], capsys)
        results = json.loads(out)["runs"][0]["results"]
        return [(r["partialFingerprints"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results]

    before = fingerprints()
    views = root / "shop" / "views.py"
    views.write_text("# moved\n\n" + views.read_text(encoding="utf-8"), encoding="utf-8")
    after = fingerprints()
    assert [f for f, _ in before] == [f for f, _ in after]
    assert [line + 2 for _, line in before] == [line for _, line in after]


def test_sarif_of_no_findings_is_valid(sarif_validator):
    assert_valid(sarif_validator, json.loads(to_sarif([], {})))


def test_github_lines_for_the_fixture(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    code, out, _ = run(["check", os.path.relpath(FIXTURE), "--format", "github"], capsys)
    assert code == 1
    assert out.splitlines() == [
        ("::warning file=tests/fixtures/projects/django_urls_three_deep/shop/views.py,line=12,endLine=12,"
         "col=16,endColumn=79,title=OFP101 sync-email::`OrderService.place_order()` sends email via `send_mail` "
         "3 calls deep (~0.5–3 s) while the user waits for /shop/checkout/ — move it to a queue")
    ]


def _finding(path: str, span: Span, message: str, severity=Severity.WARNING, code="OFP101") -> Finding:
    return Finding(code=code, message=message, path=path, span=span, category="email", severity=severity)


def test_github_escapes_data_and_properties(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    findings = [
        _finding(str(tmp_path / "a,b:c.py"), Span(3, 4, 3, 10), "100% slow\r\nsecond line: a, b"),
        _finding(str(tmp_path / "multi.py"), Span(5, 8, 7, 2), "spans lines", Severity.ERROR, "OFP102"),
        _finding(str(tmp_path / "hint.py"), Span(1, 0, 1, 1), "a hint", Severity.HINT, "OFP203"),
    ]
    assert to_github(findings, {str(tmp_path / "bad, file.py"): "syntax error: line 1"}).splitlines() == [
        ("::warning file=a%2Cb%3Ac.py,line=3,endLine=3,col=5,endColumn=11,title=OFP101 sync-email"
         "::100%25 slow%0D%0Asecond line: a, b"),
        "::notice file=hint.py,line=1,endLine=1,col=1,endColumn=2,title=OFP203 dispatch-in-atomic::a hint",
        # GitHub accepts columns only when the annotation starts and ends on one line.
        "::error file=multi.py,line=5,endLine=7,title=OFP102 sync-http::spans lines",
        "::notice file=bad%2C file.py,title=offpath::skipped: syntax error: line 1",
    ]


def test_github_output_is_one_command_per_line(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    code, out, _ = run(["check", os.path.relpath(EXAMPLE), "--format", "github"], capsys)
    assert code == 1
    command = re.compile(r"^::(warning|error|notice) (file=[^,:]+,line=\d+,endLine=\d+(,col=\d+,endColumn=\d+)?"
                         r",title=OFP\d{3} [a-z-]+)::[^\r\n]+$")
    lines = out.splitlines()
    assert lines and all(command.match(line) for line in lines), lines


def test_json_keys_are_documented(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    _, out, _ = run(["check", os.path.relpath(EXAMPLE), "--format", "json"], capsys)
    document = json.loads(out)
    with open(os.path.join(ROOT, "docs", "cli.md"), encoding="utf-8") as handle:
        docs = handle.read()
    keys = set(document) | {"skipped"}
    for finding in document["findings"]:
        keys |= set(finding)
        for nested in ("entry", "sink"):
            keys |= {f"{nested}.{k}" for k in finding.get(nested, {})}
        keys |= {f"chain[].{k}" for hop in finding.get("chain", []) for k in hop}
    undocumented = sorted(k for k in keys if f"`{k}`" not in docs)
    assert not undocumented, f"docs/cli.md does not describe: {undocumented}"


def test_json_positions_are_one_based():
    span = Span(3, 0, 3, 9)
    (record,) = json.loads(to_json([_finding("x.py", span, "m")], {}))["findings"]
    assert (record["line"], record["column"], record["end_line"], record["end_column"]) == (3, 1, 3, 10)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_explain_prints_what_why_example_and_fix(rule, capsys):
    code, out, _ = run(["explain", rule.code], capsys)
    assert code == 0
    assert out.startswith(f"# {rule.name} ({rule.code})")
    positions = [out.find(heading) for heading in ("## What it does", "## Why is this bad?", "## Example",
                                                    "Use instead", "## Fix safety")]
    assert -1 not in positions and positions == sorted(positions), out


def test_explain_by_name_lists_and_unknown(capsys):
    assert run(["explain", "sync-email"], capsys)[1] == run(["explain", "ofp101"], capsys)[1]
    code, out, _ = run(["explain"], capsys)
    assert code == 0 and [line.split()[0] for line in out.splitlines()] == [r.code for r in RULES]
    code, _, err = run(["explain", "OFP999"], capsys)
    assert code == 2 and "unknown rule `OFP999`" in err


def test_finding_with_entry_and_sink_in_every_format(tmp_path, sarif_validator, monkeypatch):
    monkeypatch.chdir(tmp_path)
    entry = EntryPoint("app.views.checkout", str(tmp_path / "views.py"), Span(4, 0, 4, 20), "django", "/checkout/", ("POST",))
    sink = SinkRef("django.core.mail.send_mail", "email", "0.5–3 s", 1.5, str(tmp_path / "mail.py"), Span(9, 4, 9, 30))
    chain = (Location(entry.path, Span(5, 4, 5, 20), entry.name), Location(sink.path, sink.span, "app.mail.notify"))
    finding = Finding("OFP101", "sends email", entry.path, chain[0].span, "email", entry=entry, sink=sink, chain=chain)
    record = json.loads(to_json([finding], {}))["findings"][0]
    assert record["entry"] == {"path": "views.py", "line": 4, "name": "app.views.checkout", "framework": "django",
                               "route": "/checkout/", "methods": ["POST"]}
    assert record["sink"] == {"path": "mail.py", "line": 9, "api": "django.core.mail.send_mail", "category": "email",
                              "cost": "0.5–3 s", "cost_seconds": 1.5}
    assert [hop["name"] for hop in record["chain"]] == ["app.views.checkout", "app.mail.notify"]
    assert_valid(sarif_validator, json.loads(to_sarif([finding], {})))


def test_inherited_handler_is_named_by_its_concrete_view_class(capsys, monkeypatch):
    """A routed viewset running `create` from a mixin: the entry is `IssueViewSet.create` at the
    viewset in the user's file, with the mixin's method as `defined_in`; the viewset whose MRO has
    no notifying mixin reaches nothing."""
    root = os.path.join(HERE, "fixtures", "projects", "inherited_handler")
    monkeypatch.chdir(root)
    code, out, _ = run(["check", ".", "--format", "json", "--no-environment", "--no-cache"], capsys)
    assert code == 1
    findings = json.loads(out)["findings"]
    assert [(f["path"], f["line"], f["entry"]) for f in findings] == [(
        "app/mixins.py", 8,
        {"path": "app/api.py", "line": 6, "name": "app.api.IssueViewSet.create", "framework": "django",
         "route": "/issues", "methods": ["POST"],
         "defined_in": {"path": "app/mixins.py", "line": 6, "name": "app.mixins.CreateMixin.create"}},
    )]
    assert findings[0]["message"].startswith("`NotifyMixin.post_save()` sends email")
