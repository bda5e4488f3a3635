"""The server reads the installed packages of the interpreter the editor passes as `python`."""

from __future__ import annotations

import os
import sys
import textwrap

from helpers import TIMEOUT, codes, diagnostics_until, open_doc, start, uri
from lsprotocol import types
from pytest_lsp import LanguageClient

sys.path.insert(0, os.path.dirname(os.path.dirname(__file__)))
from test_environment import VIEWS, WRAPPER, make_venv, write


async def test_python_initialization_option_reads_that_environment(client: LanguageClient, tmp_path):
    venv = make_venv(tmp_path / "env", WRAPPER)
    root = str(tmp_path / "proj")
    write(root, {"views.py": VIEWS})
    await start(client, root, tmp_path, options={"python": venv})
    view = uri(root, "views.py")
    found = await diagnostics_until(client, view, lambda d: len(d) == 2, TIMEOUT)
    assert codes(found) == ["OFP101", "OFP101"]
    assert sorted(d.range.start.line for d in found) == [8, 16]


async def test_changing_the_python_setting_reloads_the_environment(client: LanguageClient, tmp_path):
    """The editor switches interpreters mid-session (workspace/didChangeConfiguration): the
    server reads the new environment's packages and re-publishes the open view."""
    empty = make_venv(tmp_path / "bare", {})
    venv = make_venv(tmp_path / "env", WRAPPER)
    root = str(tmp_path / "proj")
    write(root, {"views.py": VIEWS})
    await start(client, root, tmp_path, options={"python": empty})
    view = uri(root, "views.py")
    open_doc(client, view, textwrap.dedent(VIEWS))
    assert await diagnostics_until(client, view, lambda d: d == [], TIMEOUT) == []
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"offpath": {"python": venv}}))
    found = await diagnostics_until(client, view, lambda d: len(d) == 2, TIMEOUT)
    assert codes(found) == ["OFP101", "OFP101"]
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"offpath": {"python": empty}}))
    assert await diagnostics_until(client, view, lambda d: d == [], TIMEOUT) == []
