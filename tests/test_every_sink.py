"""One call reaching several sinks: every sink is its own finding in JSON and SARIF (a captcha
check does not hide the welcome email behind it), and the editor still shows one diagnostic for
the call, naming the others and holding every chain in its related information."""

from __future__ import annotations

import json
import os

from offpath.analysis.config import Config
from offpath.analysis.project import Project, discover
from offpath.cli.main import main
from offpath.server.convert import to_lsp_diagnostics
from pygls.workspace.position_codec import PositionCodec

ROOT = os.path.join(os.path.dirname(__file__), "fixtures", "projects", "signup_many_sinks")
VIEWS = os.path.join(ROOT, "accounts", "views.py")
SIGNUP = "accounts/signup.py"
SINKS = [("OFP101", "flask_mail.Mail.send", 17), ("OFP102", "requests.post", 9), ("OFP102", "requests.post", 13)]


def _check(fmt: str, capsys, monkeypatch) -> dict:
    monkeypatch.chdir(ROOT)
    assert main(["check", ".", "--format", fmt, "--exit-zero"]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_has_one_finding_per_sink_of_the_call(capsys, monkeypatch):
    findings = _check("json", capsys, monkeypatch)["findings"]
    assert [(f["path"], f["line"]) for f in findings] == [("accounts/views.py", 11)] * 3
    assert [(f["code"], f["sink"]["api"], f["sink"]["line"]) for f in findings] == SINKS
    assert all(f["sink"]["path"] == SIGNUP for f in findings)
    assert [[hop["name"] for hop in f["chain"]] for f in findings] == [
        ["accounts.views.signup", "accounts.signup.register", "accounts.signup.welcome"],
        ["accounts.views.signup", "accounts.signup.register", "accounts.signup.verify_captcha"],
        ["accounts.views.signup", "accounts.signup.register", "accounts.signup.notify_crm"],
    ]


def test_sarif_has_one_result_per_sink_with_its_own_code_flow(capsys, monkeypatch):
    results = _check("sarif", capsys, monkeypatch)["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["OFP101", "OFP102", "OFP102"]
    ends = [r["codeFlows"][0]["threadFlows"][0]["locations"][-1]["location"] for r in results]
    assert [(e["physicalLocation"]["artifactLocation"]["uri"], e["physicalLocation"]["region"]["startLine"])
            for e in ends] == [(SIGNUP, 17), (SIGNUP, 9), (SIGNUP, 13)]
    assert len({json.dumps(r["partialFingerprints"]) for r in results}) == 3


def test_the_editor_groups_the_sinks_of_a_call_into_one_diagnostic():
    project = Project([ROOT], hops=True)
    project.load(discover([ROOT]))
    findings = project.findings(VIEWS)
    assert len(findings) == 3
    lines = {}

    def lines_for(path):
        if path not in lines:
            with open(path, encoding="utf-8") as handle:
                lines[path] = handle.read().splitlines()
        return lines[path]

    (diagnostic,) = to_lsp_diagnostics(findings, lines_for, PositionCodec())
    assert diagnostic.range.start.line == 10 and diagnostic.code == "OFP101"
    assert diagnostic.message.endswith("(and 2 more: requests.post (http))")
    assert diagnostic.data["codes"] == ["OFP101", "OFP102"]
    related = [r.message for r in diagnostic.related_information]
    for callee in ("`flask_mail.Mail.send`", "`verify_captcha()`", "`notify_crm()`", "`welcome()`"):
        assert any(callee in message for message in related), (callee, related)


def test_an_api_reached_by_two_module_paths_is_one_sink(capsys, monkeypatch):
    monkeypatch.chdir(os.path.join(os.path.dirname(__file__), "fixtures", "projects", "sink_two_names"))
    assert main(["check", ".", "--format", "json", "--exit-zero"]) == 0
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert [(f["code"], f["line"], f["sink"]["api"]) for f in findings] == [("OFP102", 13, "requests.Session.post")]


def test_one_call_whose_receiver_resolved_two_ways_is_one_finding():
    rules = os.path.join(os.path.dirname(__file__), "fixtures", "rules")
    path = os.path.join(rules, "OFP104_receiver_two_ways.py")
    project = Project([rules], Config(jedi_budget=0))
    project.load([path])
    found = [(f.span.line, f.code, f.sink.api) for f in project.findings(path)]
    assert found == [(18, "OFP104", "PIL.Image.Image.save"), (19, "OFP104", "PIL.Image.Image.save")]
