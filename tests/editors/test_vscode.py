"""VS Code (code-server 4.100.3) with the packaged offpath .vsix, driven in headless Chromium.

The extension is installed from `vscode-client/offpath-<version>.vsix` and code-server runs with a
PATH whose `python3` is Debian's, which cannot import offpath: the server must come from the
libraries bundled in the .vsix. vscode/drive.js (playwright-core) opens the view, waits for the
squiggle, reads the Problems panel, hovers, applies the quick fix with Ctrl+. and Enter, saves and
waits for the squiggle to go; screenshots land in test-artifacts/vscode/.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from scenario import (
    CODE,
    FIX_TITLE,
    LINE,
    MESSAGE,
    REPO,
    TASK_MODULE,
    VIEW,
    artifact_dir,
    assert_fixed_on_disk,
    missing,
    require,
    run,
)

HERE = Path(__file__).parent / "vscode"
VSIX = Path(os.environ.get("OFFPATH_VSIX", REPO / "vscode-client" / "offpath-0.1.0.vsix"))
# Debian's python3 and nothing else: no pyenv, no venv, no user site with offpath in it.
SYSTEM_PATH = "/usr/sbin:/usr/bin:/sbin:/bin"
SYSTEM_PYTHON = "/usr/bin/python3"
FIXED_LINE = "    notify.delay(order.id)  # OFP110"
TIMEOUT_MS = 60_000  # per step; the workbench loads in ~5 s, diagnostics follow in ~10 s

SETTINGS = {
    "security.workspace.trust.enabled": False,
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": False,
    "workbench.enableExperiments": False,
    "editor.stickyScroll.enabled": False,  # it can cover the line the test hovers
    "editor.minimap.enabled": False,
    "extensions.autoCheckUpdates": False,
    "extensions.autoUpdate": False,
    "extensions.ignoreRecommendations": True,
    "telemetry.telemetryLevel": "off",
    "update.mode": "none",
    "files.autoSave": "off",
    "git.enabled": False,
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(proc: subprocess.Popen, port: int, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"code-server exited {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"code-server did not answer on port {port} within {timeout} s:\n{log.read_text()[-3000:]}")


def stop(proc: subprocess.Popen) -> None:
    """Stop code-server and everything it started (its own process group: the extension host, offpath)."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=15)


def drive_vscode(root: Path, tmp_path: Path, shots_name: str, *, view: str, line: int, code: str, message: str,
                 fixed_text: str, problems_filter: str, fixed_file: str | None = None,
                 preview_file: str = "", also_fixed: dict[str, str] | None = None) -> tuple[dict, str, float]:
    """Install the .vsix, open `root` in code-server and run drive.js on `view`:`line`; returns the
    driver's report, the extension's log and the wall time (asserting the driver succeeded)."""
    code_server = require("code-server", hint="npm `code-server@4.100.3`")
    chromium = require("chromium", hint="Debian package `chromium`")
    node = require("node", hint="Node.js 20")
    if not VSIX.is_file():
        missing(f"{VSIX} is missing (`bash .ci/build-vscode-client.sh` builds it)")
    if not (HERE / "node_modules" / "playwright-core").is_dir():
        missing("playwright-core is not installed (`npm ci` in tests/editors/vscode)")
    python = require(SYSTEM_PYTHON, hint="Debian package `python3`")
    probe = subprocess.run([python, "-c", "import offpath"], check=False, capture_output=True, text=True,
                           env={"PATH": SYSTEM_PATH})
    assert probe.returncode != 0, f"{python} can import offpath: it would not prove the .vsix bundles the server"

    shots = artifact_dir(shots_name)
    for old in shots.glob("*.png"):
        old.unlink()
    shutil.rmtree(shots / "logs", ignore_errors=True)
    user_data, extensions, home = tmp_path / "user-data", tmp_path / "extensions", tmp_path / "home"
    (user_data / "User").mkdir(parents=True)
    (user_data / "User" / "settings.json").write_text(json.dumps(SETTINGS, indent=2))
    home.mkdir()
    env = {"PATH": SYSTEM_PATH, "HOME": str(home), "LANG": "C.UTF-8", "TMPDIR": str(tmp_path)}
    dirs = ["--user-data-dir", str(user_data), "--extensions-dir", str(extensions)]

    installed = run([code_server, *dirs, "--install-extension", str(VSIX)], env=env, timeout=180)
    assert installed.returncode == 0 and "successfully installed" in installed.stdout, installed.stdout + installed.stderr

    port = free_port()
    log = shots / "code-server.log"
    started = time.perf_counter()
    with log.open("w") as out:
        server = subprocess.Popen(
            [code_server, *dirs, "--bind-addr", f"127.0.0.1:{port}", "--auth", "none", "--disable-telemetry",
             "--disable-update-check", "--disable-workspace-trust", "--disable-getting-started-override", str(root)],
            env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_healthy(server, port, log)
        driver = run([node, str(HERE / "drive.js")], cwd=HERE, timeout=8 * TIMEOUT_MS / 1000, env=dict(
            os.environ, CHROMIUM=chromium, OFFPATH_URL=f"http://127.0.0.1:{port}/?folder={root}",
            OFFPATH_ROOT=str(root), OFFPATH_FILE=view, OFFPATH_LINE=str(line), OFFPATH_CODE=code,
            OFFPATH_MESSAGE=message, OFFPATH_FIXED_TEXT=fixed_text, OFFPATH_PROBLEMS_FILTER=problems_filter,
            OFFPATH_FIXED_FILE=fixed_file or view, OFFPATH_PREVIEW_FILE=preview_file,
            OFFPATH_ALSO_FIXED=json.dumps(also_fixed or {}),
            OFFPATH_SHOTS=str(shots), OFFPATH_TIMEOUT_MS=str(TIMEOUT_MS)))
    finally:
        stop(server)
        logs = user_data / "logs"
        if logs.is_dir():  # the extension's output channel and the extension host's log
            shutil.copytree(logs, shots / "logs", dirs_exist_ok=True)
    elapsed = time.perf_counter() - started

    lines = driver.stdout.strip().splitlines()
    assert lines, f"drive.js printed no report (exit {driver.returncode}):\n{driver.stderr[-3000:]}"
    report = json.loads(lines[-1])
    (shots / "report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    extension_log = "\n".join(p.read_text(errors="replace") for p in (shots / "logs").rglob("offpath.log"))
    assert driver.returncode == 0 and not report.get("error"), (
        f"{report.get('error')}\nsteps: {report.get('steps')}\nscreenshots: {report.get('shots')}\n"
        f"stderr: {driver.stderr[-2000:]}\nthe extension's log ({shots / 'logs'}) ends:\n{extension_log[-2500:]}")
    assert report["steps"] == ["workbench", "opened", "squiggle", "problems", "hover", "applied", "saved", "cleared"]
    # Normal traffic (cancelled code actions as the cursor moves) leaves the Output channel quiet.
    assert "Cancel notification" not in extension_log and "WARNING" not in extension_log, extension_log[-2500:]
    return report, extension_log, elapsed


def test_vscode_code_server(shop, tmp_path):
    report, extension_log, elapsed = drive_vscode(
        shop, tmp_path, "vscode", view=VIEW, line=LINE, code=CODE, message=MESSAGE, fixed_text=FIXED_LINE,
        problems_filter="post_shipping_update", preview_file="slack.py",
        also_fixed={TASK_MODULE: "from celery import shared_task"})
    assert "squiggly-warning" in report["squiggles"]
    row = report["problemsRow"]["text"]
    assert row == f"{MESSAGE} offpath {CODE} [Ln {LINE}, Col 5]", row  # the panel draws "offpath(OFP110)"
    assert MESSAGE in report["hover"] and CODE in report["hover"], report["hover"]
    assert report["actions"][0] == FIX_TITLE and f"Ignore {CODE} on this line" in report["actions"], report["actions"]
    # The fix also edits the task's module: VS Code showed it in the Refactor Preview before applying.
    assert "slack.py" in report.get("preview", ""), report.get("preview")
    assert_fixed_on_disk(shop)

    # The server ran on Debian's python3 from the libraries in the .vsix.
    assert "Using interpreter python3 (PATH, Python 3." in extension_log, "the log does not say which Python ran"
    print(f"code-server + Chromium: {elapsed:.1f} s, screenshots in {artifact_dir('vscode')}")


def test_vscode_provider_dict_project(tmp_path):
    """A generated 300+ file Flask app whose handler reaches an SMTP and an HTTP provider behind one
    dict: one diagnostic per call, its queue fix first (it edits the service and the email module,
    so VS Code previews it), the files on disk as `check --fix` writes them, the squiggle gone."""
    import provider_app

    root = tmp_path / "flask_providers"
    provider_app.generate(root)
    assert provider_app.count_files(root) >= 300
    site = provider_app.expected(root)[0]
    # Each other file the fix edits (the task's module, the Celery app, requirements.txt) shows a
    # line it did not have before.
    also = {rel.replace(os.sep, "/"): next(line for line in text.splitlines()
                                           if line.strip() and line not in provider_app.FILES.get(rel, "").splitlines())
            for rel, text in site.files.items() if rel != site.fixed_file}
    also[site.fixed_file] = site.fixed_text
    report, _, elapsed = drive_vscode(
        root, tmp_path, "vscode-providers", view=provider_app.VIEW, line=site.line, code=site.code,
        message=site.message, fixed_text=site.fixed_text, problems_filter="request_reset",
        fixed_file=site.fixed_file, preview_file="accounts.py", also_fixed=also)
    assert report["actions"][0] == site.title, report["actions"]
    assert report["actions"][-1] == "Ignore OFP101, OFP102 on this line"
    assert len(report["actions"]) == len(set(report["actions"])), report["actions"]
    assert "accounts.py" in report["preview"] and "__init__.py" in report["preview"], report["preview"]
    for rel, text in site.files.items():
        assert (root / rel).read_text() == text, f"{rel} after the quick fix"
    print(f"code-server provider dict project: {elapsed:.1f} s")
