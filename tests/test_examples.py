"""`offpath check examples/<app>` reports exactly the side effects planted (and marked) in each app."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from markers import expected_in_tree

ROOT = os.path.dirname(os.path.dirname(__file__))
EXAMPLES = os.path.join(ROOT, "examples")
APPS = sorted(d for d in os.listdir(EXAMPLES) if os.path.isdir(os.path.join(EXAMPLES, d)))


@pytest.mark.parametrize("app", APPS)
def test_check_finds_exactly_the_planted_side_effects(app: str) -> None:
    app_dir = os.path.join(EXAMPLES, app)
    result = subprocess.run(
        [sys.executable, "-m", "offpath.cli.main", "check", ".", "--format", "json"],
        cwd=app_dir, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    actual = {(f["path"], f["line"], f["code"]) for f in report["findings"]}
    expected = expected_in_tree(app_dir)
    assert actual == expected, f"missing: {sorted(expected - actual)}\nunexpected: {sorted(actual - expected)}"
    for finding in report["findings"]:
        if finding["code"].startswith("OFP1"):
            assert finding["entry"]["name"] and finding["sink"]["api"] and finding["chain"], finding
            assert finding["chain"][0]["line"] == finding["line"]


def test_checking_several_apps_at_once_keeps_them_apart() -> None:
    """Two apps that both have a top-level `shop` package must not shadow each other's modules."""
    result = subprocess.run(
        [sys.executable, "-m", "offpath.cli.main", "check", *APPS, "--format", "json"],
        cwd=EXAMPLES, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 1, result.stderr
    actual = {(f["path"], f["line"], f["code"]) for f in json.loads(result.stdout)["findings"]}
    expected = {(f"{app}/{path}", line, code) for app in APPS for path, line, code in expected_in_tree(os.path.join(EXAMPLES, app))}
    assert actual == expected


def test_the_examples_show_the_job_fan_out_and_broker_fixes() -> None:
    """Each new fix family is offered on an example: the OFP301 job on the invoice download
    (Celery) and the Flask checkout (RQ), the fan-out on `deliver_order`, the SQS move in
    fastapi_shop (which has an SQS client)."""
    from offpath.analysis.project import Project, discover
    from offpath.analysis.rewrites import fan_out_fix, fixes_for

    def load(app):
        root = os.path.join(EXAMPLES, app)
        project = Project([root])
        project.load(discover([root]))
        return root, project

    def finding(project, root, rel, line, code):
        return next(f for f in project.findings(os.path.join(root, rel)) if f.span.line == line and f.code == code)

    root, django = load("django_shop")
    (job,) = fixes_for(django, finding(django, root, "shop/views.py", 33, "OFP301"))
    assert job.title == "Run render_invoice(...) in a job (Celery): answer 202 with a status URL"
    root, fastapi = load("fastapi_shop")
    moves = fixes_for(fastapi, finding(fastapi, root, "app/routers/media.py", 17, "OFP105"), backends=["sqs"])
    assert [f.title for f in moves] == ["Move _transcode(...) to an SQS queue (send_message + consumer function)"]
    root, flask = load("flask_shop")
    (job,) = fixes_for(flask, finding(flask, root, "shop/app.py", 29, "OFP301"))
    assert job.backend == "rq"
    entry = next(e for e in flask.entry_points() if e.name == "shop.app.deliver_order")
    fan_out = fan_out_fix(flask, entry)
    assert fan_out is not None and fan_out.title == "Publish one order_delivered event for these side effects"
