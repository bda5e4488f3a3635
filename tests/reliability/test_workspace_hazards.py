"""Workspace hazards: symlink loops, dangling links, FIFOs and devices named `*.py`, directories named
`*.py`, unreadable files, files deleted or renamed while indexing runs, and a 20,000-file tree of
mostly non-Python files. `discover` + `Project.load` (and the server's background indexing) finish
in bounded time and report what they skipped."""

from __future__ import annotations

import builtins
import os

import pytest
import pytest_lsp
from fuzzing import TRIED, Timer
from helpers import CONFIG, diagnostics_until, start, wait_for
from lsprotocol import types
from offpath.analysis.project import Project, discover
from pygls.uris import from_fs_path
from pytest_lsp import LanguageClient

ROUTE = "from flask import Flask\nimport requests\n\napp = Flask(__name__)\n\n\n@app.route('/')\ndef view():\n    requests.get('https://example.com')\n"


def hazardous_tree(root) -> dict[str, str]:
    """Build the hazards; returns {name: path} of the interesting ones."""
    app = root / "app"
    app.mkdir(parents=True)
    (app / "__init__.py").write_text("")
    (app / "views.py").write_text(ROUTE)
    (app / "loop").symlink_to(app, target_is_directory=True)  # app/loop/loop/loop/...
    (root / "up").symlink_to(root, target_is_directory=True)
    (app / "dangling.py").symlink_to(root / "nowhere.py")
    (app / "self.py").symlink_to(app / "self.py")  # a link to itself (ELOOP)
    (app / "zero.py").symlink_to("/dev/zero")  # an endless file
    os.mkfifo(app / "pipe.py")  # opening it for reading would wait for a writer forever
    (app / "folder.py").mkdir()
    (app / "folder.py" / "inner.py").write_text("x = 1\n")
    (app / "binary.py").write_bytes(bytes(range(256)) * 64)
    (app / "huge.py").write_bytes(b"x = 1\n" * 1_000_000)  # 6 MB: over the size limit
    return {"views": str(app / "views.py"), "pipe": str(app / "pipe.py"), "zero": str(app / "zero.py"),
            "folder": str(app / "folder.py"), "huge": str(app / "huge.py"), "self": str(app / "self.py"),
            "dangling": str(app / "dangling.py")}


def test_discover_and_load_with_hazards(tmp_path) -> None:
    paths = hazardous_tree(tmp_path)
    with Timer(30, "discover"):
        found = discover([str(tmp_path)])
    TRIED["hazards: files discovered"] += len(found)
    assert paths["views"] in found
    assert os.path.join(paths["folder"], "inner.py") in found
    for name in ("pipe", "zero", "folder", "dangling", "self"):
        assert paths[name] not in found, name  # not regular files
    assert not any("/loop/" in p or "/up/" in p for p in found)
    project = Project([str(tmp_path)])
    with Timer(60, "load"):
        project.load(found)
    assert project.findings(paths["views"])
    assert "huge" in " ".join(project.skipped) and project.skipped[paths["huge"]]


@pytest.mark.parametrize("name", ["pipe", "zero", "folder", "dangling", "self", "huge"])
def test_load_given_hazard_directly(tmp_path, name: str) -> None:
    """Given a non-regular file by name (a watched-file event, a CLI argument), load never blocks."""
    paths = hazardous_tree(tmp_path)
    project = Project([str(tmp_path)])
    with Timer(10, f"load({name})"):
        project.load([paths[name], paths["views"]])
    TRIED["hazards: files given directly"] += 1
    assert project.skipped.get(paths[name]), project.skipped
    assert project.findings(paths["views"])


def test_unreadable_file(tmp_path, monkeypatch) -> None:
    """Tests run as root, so chmod 000 would not stop a read: make `open` refuse instead."""
    paths = hazardous_tree(tmp_path)
    secret = tmp_path / "app" / "secret.py"
    secret.write_text(ROUTE)
    real_open, real_os_open = builtins.open, os.open

    def refuse(file) -> None:
        if isinstance(file, (str, os.PathLike)) and os.fspath(file) == str(secret):
            raise PermissionError(13, "Permission denied", str(secret))

    def guarded_open(file, *args, **kwargs):
        refuse(file)
        return real_open(file, *args, **kwargs)

    def guarded_os_open(file, *args, **kwargs):
        refuse(file)
        return real_os_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(os, "open", guarded_os_open)
    project = Project([str(tmp_path)])
    project.load(discover([str(tmp_path)]))
    assert project.skipped.get(str(secret))
    assert project.findings(paths["views"])


@pytest.mark.parametrize("how", ["delete", "rename", "replace_with_dir"])
def test_files_changing_during_indexing(tmp_path, how: str) -> None:
    root = tmp_path / "app"
    root.mkdir()
    for i in range(40):
        (root / f"m{i:02}.py").write_text(ROUTE.replace("view", f"view{i}").replace("'/'", f"'/{i}'"))
    files = discover([str(tmp_path)])
    victims = files[10:30:2]

    def progress(number: int, total: int) -> None:
        for victim in victims:
            if not os.path.isfile(victim):
                continue
            if how == "delete":
                os.unlink(victim)
            elif how == "rename":
                os.rename(victim, victim + ".bak")
            else:
                os.unlink(victim)
                os.mkdir(victim)
            break

    project = Project([str(tmp_path)])
    with Timer(30, "load while files change"):
        project.load(files, progress=progress)
    TRIED["hazards: files changed during indexing"] += len(victims)
    gone = [v for v in victims if v in project.skipped]
    assert gone, project.skipped
    assert len(project.all_findings()) + len(gone) >= len(files) - len(victims)


def big_tree(root, files: int = 20_000) -> int:
    """`files` files, about 1 % Python, spread over nested folders, plus folders that must be skipped."""
    python = 0
    for i in range(files):
        folder = root / f"pkg{i % 50}" / f"sub{i % 7}"
        folder.mkdir(parents=True, exist_ok=True)
        if i % 100 == 0:
            (folder / f"mod{i}.py").write_text(ROUTE.replace("view", f"view{i}").replace("'/'", f"'/{i}'"))
            python += 1
        else:
            (folder / f"asset{i}.{('js', 'css', 'png', 'txt', 'json')[i % 5]}").write_bytes(b"x" * 64)
    for skipped in ("node_modules/lib", ".venv/lib", ".git/objects", "build/lib", "x.egg-info"):
        (root / skipped).mkdir(parents=True)
        (root / skipped / "noise.py").write_text("import requests\n")
    (root / ".venv" / "pyvenv.cfg").write_text("home = /usr\n")
    return python


def test_twenty_thousand_file_tree(tmp_path) -> None:
    python = big_tree(tmp_path)
    with Timer(30, "discover 20,000 files"):
        found = discover([str(tmp_path)])
    TRIED["hazards: files in the big tree"] += 20_000
    assert len(found) == python
    assert not any(part in p for p in found for part in ("node_modules", ".venv", ".git", "build", "egg-info"))
    project = Project([str(tmp_path)])
    with Timer(60, "load"):
        project.load(found)
    assert len(project.all_findings()) == python and not project.skipped


# -- the server indexes a hazardous workspace in the background ---------------------------------
@pytest_lsp.fixture(config=CONFIG)
async def client(lsp_client: LanguageClient):
    yield
    await lsp_client.shutdown_session()


async def test_server_indexes_hazardous_workspace(client: LanguageClient, tmp_path) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    paths = hazardous_tree(root)
    big_tree(root / "assets", 5_000)
    await start(client, str(root), tmp_path)

    def indexed() -> bool:
        return any("indexed" in m.message for m in client.log_messages)

    await wait_for(client, types.WINDOW_LOG_MESSAGE, indexed, timeout=120)
    message = next(m.message for m in client.log_messages if "indexed" in m.message)
    assert "skipped" in message
    found = await diagnostics_until(client, from_fs_path(paths["views"]), lambda d: bool(d))
    assert {d.code for d in found} == {"OFP102"}
    # A watched-file event naming a FIFO must not block the worker.
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=from_fs_path(paths["pipe"]), type=types.FileChangeType.Changed)]))
    report = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
        text_document=types.TextDocumentIdentifier(uri=from_fs_path(paths["views"]))))
    assert report.items
