"""Emacs in batch mode drives offpath through eglot and flymake: diagnostic, code action, save.

Debian's `emacs-nox` with `elpa-eglot` (eglot 1.9); the Elisp side (emacs/quickfix.el) does what a
user does and reports what it saw; this side asserts it and the files on disk.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

from scenario import (
    CODE,
    FIX_TITLE,
    LINE,
    MESSAGE,
    TASK_MODULE,
    VIEW,
    artifact_dir,
    assert_fixed_on_disk,
    require,
    run,
    server_command,
)

SCRIPT = Path(__file__).parent / "emacs" / "quickfix.el"
TIMEOUT_S = 30  # per step; diagnostics take ~2 s


def test_emacs_eglot_flymake(shop, tmp_path):
    emacs = require("emacs", hint="Debian packages `emacs-nox` and `elpa-eglot`")
    # eglot's project is the VCS root (project.el); without one it would be shop/ alone.
    subprocess.run(["git", "init", "-q", str(shop)], check=True)
    result, events = tmp_path / "result.json", artifact_dir("emacs") / "eglot-events.txt"
    env = dict(os.environ, HOME=str(tmp_path / "home"),
               OFFPATH_CMD=json.dumps(server_command(as_documented=True)),
               OFFPATH_FILE=str(shop / VIEW), OFFPATH_LINE=str(LINE), OFFPATH_CODE=CODE, OFFPATH_MESSAGE=MESSAGE,
               OFFPATH_TIMEOUT=str(TIMEOUT_S), OFFPATH_RESULT=str(result), OFFPATH_EVENTS=str(events))
    started = time.perf_counter()
    # --batch reads no init file but does run Debian's site-start, which puts elpa-eglot on the path.
    proc = run([emacs, "--batch", "-l", str(SCRIPT)], cwd=shop, env=env, timeout=5 * TIMEOUT_S)
    elapsed = time.perf_counter() - started
    assert result.exists(), f"emacs exited {proc.returncode} without a report:\n{proc.stdout}\n{proc.stderr}"
    report = json.loads(result.read_text())
    assert proc.returncode == 0 and not report.get("error"), (
        f"{report.get('error')}\nsteps: {report.get('steps')}\nactions: {report.get('actions')}\n"
        f"stderr: {proc.stderr[-3000:]}\n(the JSON-RPC trace is in {events})")

    assert report["diagnostic"] == {"line": LINE, "column": 4, "type": "eglot-warning",
                                    "text": f"offpath [{CODE}]: {MESSAGE}"}
    assert report["copies"] == 1, "the finding is shown more than once"
    assert report["actions"] == [FIX_TITLE, f"Ignore {CODE} on this line"]
    # eglot asks before editing a file that is not open: the fix also decorates the task.
    assert len(report["prompts"]) == 1 and str(shop / TASK_MODULE) in report["prompts"][0]
    assert report["modified"] == sorted([str(shop / TASK_MODULE), str(shop / VIEW)])
    assert report["steps"] == ["connected", "diagnostic", "applied", "saved", "cleared"]
    assert_fixed_on_disk(shop)
    print(f"Emacs {report['emacs']}, eglot {'.'.join(map(str, report['eglot'] or []))}: {elapsed:.1f} s")
