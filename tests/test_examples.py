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
