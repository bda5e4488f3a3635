"""offpath never executes workspace code and never touches the network.

A workspace whose every module — package `__init__`, `conftest.py`, `setup.py`, `sitecustomize.py`,
`usercustomize.py`, a `.pth` file, and modules named like what offpath itself imports (`jedi.py`,
`argparse.py`, `parso.py`) — writes a marker file when imported or run is indexed and analysed
(CLI and `Project`), resolved through jedi (a call only jedi can name, so the jedi worker really
reads it), hovered and fixed through the real server started *from inside the workspace*, and fixed
with `fixes_for`. No marker may appear, and in-process analysis never opens a socket."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys

import pytest
import pytest_lsp
from fuzzing import TRIED
from helpers import capabilities, diagnostics_until, make_client
from lsprotocol import types
from offpath.analysis.config import Config
from offpath.analysis.project import Project, discover
from offpath.analysis.rewrites import fixes_for
from pygls.uris import from_fs_path
from pytest_lsp import ClientServerConfig, LanguageClient

HOSTILE = ["app/__init__.py", "app/helpers.py", "conftest.py", "setup.py", "sitecustomize.py", "usercustomize.py",
           "jedi.py", "argparse.py", "parso.py", "manage.py", "app/tests/conftest.py"]
VIEWS = '''"""Only jedi can name `mailer.deliver`: the parameter has no annotation."""
from flask import Flask

from .helpers import make_mailer

app = Flask(__name__)


@app.route("/invite", methods=["POST"])
def invite():
    mailer = make_mailer()
    notify(mailer)
    return ""


def notify(mailer):
    mailer.deliver("hi")
'''
HELPERS = '''import smtplib


class Mailer:
    def deliver(self, text):
        with smtplib.SMTP("localhost") as s:
            s.sendmail("a", ["b"], text)


def make_mailer():
    return Mailer()
'''


def payload(markers: str, name: str) -> str:
    target = os.path.join(markers, name.replace("/", "_"))
    return f"open({target!r}, 'w').close()  # executed: the test fails\n"


def make_workspace(tmp_path) -> tuple[str, str]:
    root, markers = tmp_path / "ws", tmp_path / "markers"
    markers.mkdir()
    for rel in HOSTILE:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        body = HELPERS if rel == "app/helpers.py" else ""
        path.write_text(payload(str(markers), rel) + body)
    (root / "app" / "views.py").write_text(payload(str(markers), "app/views.py") + VIEWS)
    (root / "app" / "tests" / "__init__.py").write_text(payload(str(markers), "app/tests/__init__.py"))
    (root / "zz_offpath.pth").write_text(f"import os; {payload(str(markers), 'pth')}")
    (root / "pyproject.toml").write_text('[project]\nname = "hostile"\nversion = "0"\n'
                                         '[tool.offpath]\njedi-budget = 60\n')
    return str(root), str(markers)


def views_text(root: str) -> str:
    with open(os.path.join(root, "app", "views.py"), encoding="utf-8") as handle:
        return handle.read()


def assert_no_markers(markers: str) -> None:
    assert os.listdir(markers) == [], f"workspace code was executed: {os.listdir(markers)}"


@pytest.fixture
def no_network(monkeypatch):
    """In-process: any connect (or DNS lookup) is recorded and refused."""
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access during analysis")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    return attempts


def test_project_jedi_and_fixes_execute_nothing(tmp_path, no_network) -> None:
    root, markers = make_workspace(tmp_path)
    project = Project([root], Config(jedi_budget=60))
    project.load(discover([root]))
    views = os.path.join(root, "app", "views.py")
    found = project.findings(views)
    # The findings exist only because jedi named `mailer.deliver`: jedi really read the workspace.
    # One per sink: `smtplib.SMTP(...)` and `.sendmail(...)`.
    assert [(f.code, f.sink.api) for f in found] == [
        ("OFP101", "smtplib.SMTP"), ("OFP101", "smtplib.SMTP.sendmail")], project.all_findings()
    for finding in found:
        fixes = fixes_for(project, finding)
        assert fixes
        TRIED["no-execution: fixes computed"] += len(fixes)
    project.update(views, VIEWS.replace('"hi"', '"hello"'))
    project._jedi.close()
    assert_no_markers(markers)
    assert no_network == []


def test_cli_executes_nothing(tmp_path) -> None:
    root, markers = make_workspace(tmp_path)
    for args in (["check", "."], ["check", ".", "--format", "json"], ["check", ".", "--fix", "--diff"]):
        result = subprocess.run([shutil.which("offpath") or "offpath", *args], cwd=root, capture_output=True,
                                text=True, timeout=120, check=False)
        assert result.returncode in (0, 1), result.stderr
        TRIED["no-execution: CLI runs"] += 1
    assert "OFP101" in subprocess.run([shutil.which("offpath"), "check", "."], cwd=root, capture_output=True,
                                      text=True, timeout=120, check=False).stdout
    assert_no_markers(markers)


# -- the server, started from inside the hostile workspace (as an editor may) ---------------------
HOSTILE_ROOT: dict[str, str] = {}


def server_command() -> list[str]:
    return ["sh", "-c", 'cd "$OFFPATH_TEST_WS" && exec "$0" -m offpath.server', sys.executable]


@pytest_lsp.fixture(config=ClientServerConfig(server_command=server_command(), client_factory=make_client))
async def client(lsp_client: LanguageClient):
    yield
    await lsp_client.shutdown_session()


@pytest.fixture(autouse=True)
def workspace_env(tmp_path_factory, monkeypatch):
    base = tmp_path_factory.mktemp("hostile")
    root, markers = make_workspace(base)
    HOSTILE_ROOT.update(root=root, markers=markers)
    monkeypatch.setenv("OFFPATH_TEST_WS", root)


async def test_server_executes_nothing(client: LanguageClient, tmp_path) -> None:
    root, markers = HOSTILE_ROOT["root"], HOSTILE_ROOT["markers"]
    await client.initialize_session(types.InitializeParams(
        capabilities=capabilities(), root_uri=from_fs_path(root),
        workspace_folders=[types.WorkspaceFolder(uri=from_fs_path(root), name="ws")],
        initialization_options={"cacheDir": str(tmp_path / "cache")}))
    views = from_fs_path(os.path.join(root, "app", "views.py"))
    text = views_text(root)
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=views, language_id="python", version=1, text=text)))
    # jedi runs in idle slices after a pause in typing; its finding is then published.
    found = await diagnostics_until(client, views, lambda d: bool(d), timeout=90)
    report = types.RelatedFullDocumentDiagnosticReport(items=found)
    assert report.items and {d.code for d in report.items} == {"OFP101"}
    line = text.splitlines().index("def invite():")
    await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=views), position=types.Position(line=line, character=4)))
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=views), range=report.items[0].range,
        context=types.CodeActionContext(diagnostics=list(report.items))))
    assert actions
    TRIED["no-execution: server sessions"] += 1
    assert_no_markers(markers)
