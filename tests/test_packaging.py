"""The layout rules: `analysis/` stays free of LSP types, every package folder is listed in
pyproject.toml, and the built wheel installs only `offpath.*` (never a top-level `analysis`/`server`)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import zipfile

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = os.path.dirname(os.path.dirname(__file__))


def _python_files(folder: str):
    for directory, _, files in os.walk(os.path.join(ROOT, folder)):
        for name in files:
            if name.endswith(".py"):
                yield os.path.join(directory, name)


def test_analysis_never_imports_lsp_libraries() -> None:
    offenders = []
    for path in _python_files("analysis"):
        tree = ast.parse(open(path, encoding="utf-8").read())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            names += [n for n in names if n.startswith("offpath.server")]
            if any(n.split(".")[0] in ("pygls", "lsprotocol") for n in names):
                offenders.append(os.path.relpath(path, ROOT))
    assert offenders == []


def test_every_package_folder_is_listed() -> None:
    config = tomllib.loads(open(os.path.join(ROOT, "pyproject.toml"), encoding="utf-8").read())
    listed = set(config["tool"]["setuptools"]["packages"])
    found = set()
    for top, name in (("analysis", "offpath.analysis"), ("server", "offpath.server"), ("cli", "offpath.cli")):
        for directory, _, files in os.walk(os.path.join(ROOT, top)):
            if "__init__.py" in files and "__pycache__" not in directory:
                rel = os.path.relpath(directory, os.path.join(ROOT, top))
                found.add(name if rel == "." else f"{name}.{rel.replace(os.sep, '.')}")
    assert found == listed


def test_wheel_installs_only_offpath_packages(tmp_path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), ROOT],
        check=True, capture_output=True, timeout=300,
    )
    wheel = next(p for p in os.listdir(tmp_path) if p.endswith(".whl"))
    names = zipfile.ZipFile(os.path.join(tmp_path, wheel)).namelist()
    tops = {n.split("/")[0] for n in names}
    assert tops <= {"offpath", wheel.split("-")[0] + "-" + wheel.split("-")[1] + ".dist-info"}, tops
    assert "offpath/analysis/project.py" in names and "offpath/server/__main__.py" in names
    assert "offpath/cli/main.py" in names
