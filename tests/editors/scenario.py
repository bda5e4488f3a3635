"""The scenario every real-editor test drives, and what they share: the expected files after the
quick fix, the server command, and the rule that a missing editor fails under CI=true (it is
installed by .ci/install-editors.sh) but only skips on a developer's machine."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "django_shop"
ARTIFACTS = REPO / "test-artifacts"

# The scenario every editor drives: OFP110 on `notify(order.id)` in `mark_shipped`, whose preferred
# quick fix sends the notifier to Celery, i.e. edits the view and the module that defines the task.
VIEW = "shop/views.py"
LINE = 56
CODE = "OFP110"
MESSAGE = ("`post_shipping_update()` posts to a chat service via `WebClient.chat_postMessage` 2 calls "
           "deep (~0.3–2 s) while the user waits for /orders/<int:pk>/ship/ — move it to a queue")
# The fix also edits the task's module, and its title says so (VS Code also previews it first).
FIX_TITLE = "Move post_shipping_update(...) to a Celery task (.delay()) (also edits shop/notifications/slack.py)"
TASK_MODULE = "shop/notifications/slack.py"


def server_command(as_documented: bool) -> list[str]:
    """`offpath server` as docs/editors.md configures it, else `python -m offpath.server`."""
    script = Path(sys.executable).parent / "offpath"
    if as_documented and script.is_file():
        return [str(script), "server"]
    return [sys.executable, "-m", "offpath.server"]


def expected_after_fix() -> dict[str, str]:
    """The two files as the preferred quick fix leaves them (what `offpath check --fix` writes)."""
    view = (EXAMPLE / VIEW).read_text()
    task = (EXAMPLE / TASK_MODULE).read_text()
    old_call = "    notify(order.id)  # OFP110\n"
    assert view.count(old_call) == 1
    view = view.replace(old_call, "    notify.delay(order.id)  # OFP110\n")
    old_head = '"""Slack notifications for the ops team."""\nfrom django.conf import settings\n'
    assert task.startswith(old_head)
    task = task.replace(old_head, '"""Slack notifications for the ops team."""\n'
                                  "from celery import shared_task\nfrom django.conf import settings\n")
    old_def = "\n\ndef post_shipping_update(order_id):\n"
    assert task.count(old_def) == 1
    task = task.replace(old_def, "\n\n@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)\n"
                                 "def post_shipping_update(order_id):\n")
    return {VIEW: view, TASK_MODULE: task}


def unchanged_files() -> dict[str, str]:
    """Every other file of the example, which the fix must leave alone."""
    touched = {VIEW, TASK_MODULE}
    return {str(p.relative_to(EXAMPLE)): p.read_text() for p in sorted(EXAMPLE.rglob("*.py"))
            if str(p.relative_to(EXAMPLE)) not in touched}


def assert_fixed_on_disk(root: Path) -> None:
    for rel, text in expected_after_fix().items():
        assert (root / rel).read_text() == text, f"{rel} after the quick fix"
    for rel, text in unchanged_files().items():
        assert (root / rel).read_text() == text, f"{rel} must not change"


def require(tool: str, *, hint: str) -> str:
    """The path of `tool`; a failure under CI=true, a skip with the reason elsewhere."""
    path = shutil.which(tool) if os.sep not in tool else (tool if os.access(tool, os.X_OK) else None)
    if path:
        return path
    message = f"{tool} not found ({hint}; `bash .ci/install-editors.sh` installs it)"
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def missing(message: str) -> None:
    """Like `require`, for a prerequisite that is not a single program (a .vsix, node_modules)."""
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def artifact_dir(name: str) -> Path:
    path = ARTIFACTS / name
    path.mkdir(parents=True, exist_ok=True)
    return path


def run(cmd: list[str], *, timeout: float, **kwargs) -> subprocess.CompletedProcess:
    """Run an editor; its own timeouts fire first, this one only stops a hung process."""
    return subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=timeout, **kwargs)
