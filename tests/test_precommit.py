"""`.pre-commit-hooks.yaml` works for a pre-commit user: a real `pre-commit run --all-files` in a
fresh git repository whose config points `repo:` at a local copy of this checkout."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys

import pytest
import yaml
from offpath.cli.main import main

HERE = os.path.dirname(__file__)
ROOT = os.path.dirname(HERE)
FIXTURE = os.path.join(HERE, "fixtures", "projects", "django_urls_three_deep")
# What `pip install .` needs from this checkout (the working tree, so uncommitted edits are tested).
HOOK_REPO_FILES = ("analysis", "server", "cli", "pyproject.toml", "README.md", ".pre-commit-hooks.yaml")
GIT_ENV = {
    "GIT_AUTHOR_NAME": "offpath tests", "GIT_AUTHOR_EMAIL": "tests@offpath.invalid",
    "GIT_COMMITTER_NAME": "offpath tests", "GIT_COMMITTER_EMAIL": "tests@offpath.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def test_hook_manifest():
    with open(os.path.join(ROOT, ".pre-commit-hooks.yaml"), encoding="utf-8") as handle:
        (hook,) = yaml.safe_load(handle)
    assert hook["id"] == "offpath" and hook["entry"] == "offpath check"
    assert hook["language"] == "python" and hook["types"] == ["python"]
    # Whole-program analysis: the hook checks the project, not only the staged files.
    assert hook["pass_filenames"] is False


def _require(tool: str) -> None:
    message = f"{tool} is needed for the pre-commit test (pip install -e '.[dev]')"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def git(cwd, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False,
                            env={**os.environ, **GIT_ENV}, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def make_hook_repo(path) -> str:
    os.makedirs(path)
    for name in HOOK_REPO_FILES:
        source = os.path.join(ROOT, name)
        if os.path.isdir(source):
            shutil.copytree(source, os.path.join(path, name), ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, os.path.join(path, name))
    git(path, "init", "-q")
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "offpath under test")
    return git(path, "rev-parse", "HEAD")


def run_pre_commit(repo, home) -> subprocess.CompletedProcess:
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    env.pop("CI", None)  # CI=true would not change the hook, but keep pre-commit's output plain
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"], cwd=repo, env=env,
                          capture_output=True, text=True, check=False, timeout=900)


def test_pre_commit_runs_the_hook_on_a_fixture_repo(tmp_path, monkeypatch):
    if importlib.util.find_spec("pre_commit") is None:
        _require("pre-commit")
    if shutil.which("git") is None:
        _require("git")
    hook_repo = tmp_path / "offpath-hook"
    rev = make_hook_repo(str(hook_repo))

    repo = tmp_path / "shop"
    shutil.copytree(FIXTURE, repo)
    (repo / ".pre-commit-config.yaml").write_text(
        yaml.safe_dump({"repos": [{"repo": str(hook_repo), "rev": rev, "hooks": [{"id": "offpath"}]}]}),
        encoding="utf-8",
    )
    git(repo, "init", "-q")
    git(repo, "add", "-A")

    first = run_pre_commit(repo, tmp_path / "pre-commit-home")
    output = first.stdout + first.stderr
    assert first.returncode == 1, output
    assert "offpath" in output and "Failed" in output
    assert "shop/views.py:12:16: OFP101" in output
    assert "Found 1 finding." in output

    # Accept today's finding: the hook picks the committed baseline up and passes.
    monkeypatch.chdir(repo)
    assert main(["check", ".", "--write-baseline"]) == 0
    git(repo, "add", "-A")
    second = run_pre_commit(repo, tmp_path / "pre-commit-home")
    assert second.returncode == 0, second.stdout + second.stderr
    assert "Passed" in second.stdout
