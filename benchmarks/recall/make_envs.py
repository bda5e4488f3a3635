"""Build each labelled app's virtual environment from the requirements it declares at its pin.

`score.py --envs DIR` reads `DIR/<app>` as that app's environment (statically: nothing in it is
imported or run). This script makes those folders reproducible on a fresh machine: it reads the
app's declared requirements from the pinned commit in a local clone (`--mirrors DIR`, the same
layout `score.py` uses) — `requirements*.txt` files (following `-r` includes), `[project]
dependencies` and extras, and Poetry dependencies in `pyproject.toml`, `install_requires` and
`extras_require` in `setup.cfg` or a
literal list in `setup.py` — and installs them with pip into a new venv. A requirement that does not
install (a Python version it does not support, a package not on the index, a compiler it needs) is
skipped and listed in `DIR/<app>.env.json`, so one bad line does not leave the app with no
environment.

    python benchmarks/recall/make_envs.py --envs /tmp/envs --mirrors /work/.mirror [--app X ...]
"""

from __future__ import annotations

import argparse
import ast
import configparser
import json
import os
import re
import subprocess
import sys

import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from score import _mirror

APPS = os.path.join(HERE, "apps")

# Requirement files by preference: the production set of a project, not its test or docs tools.
_SKIP_FILE = re.compile(r"(test|dev|doc|lint|ci|local|debug|typing|mypy|e2e)", re.IGNORECASE)
_REQUIREMENT_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def _git(mirror: str, *args: str) -> str:
    return subprocess.run(["git", "-C", mirror, *args], check=True, capture_output=True, text=True).stdout


def _requirement_files(paths: list[str], prefix: str) -> list[str]:
    """Requirement files of the project in the folder `prefix` ("" or ending in "/"), closest first."""
    found = []
    for path in paths:
        if prefix and not path.startswith(prefix) and "/" in path:
            continue
        name = os.path.basename(path)
        rel = path[len(prefix):] if prefix and path.startswith(prefix) else path
        if rel.count("/") > 1:
            continue
        if not (name.endswith(".txt") and name.startswith("requirements")) and not (
            rel.startswith("requirements/") and name.endswith(".txt")
        ):
            continue
        if _SKIP_FILE.search(name):
            continue
        found.append(path)
    return sorted(found, key=lambda p: (p.count("/"), p))


def _lines_of_requirements(text: str, read, base: str, seen: set[str]) -> list[str]:
    out = []
    for raw in text.splitlines():
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith(("-r ", "--requirement")):
            include = line.split(None, 1)[1].strip() if " " in line else line.split("=", 1)[1]
            path = os.path.normpath(os.path.join(base, include))
            if path not in seen and not _SKIP_FILE.search(os.path.basename(path)):
                seen.add(path)
                body = read(path)
                if body is not None:
                    out += _lines_of_requirements(body, read, os.path.dirname(path), seen)
            continue
        if line.startswith("-") or "://" in line or line.startswith((".", "/")):
            continue
        out.append(line.split(";", 1)[0].split(" --hash", 1)[0].strip())
    return out


def _poetry_lines(deps: dict) -> list[str]:
    out = []
    for name, spec in deps.items():
        if name.lower() == "python":
            continue
        if isinstance(spec, str):
            out.append(name if spec in ("*", "") else f"{name}{_poetry_version(spec)}")
        elif isinstance(spec, dict) and "version" in spec and not spec.get("optional"):
            out.append(f"{name}{_poetry_version(spec['version'])}")
        elif isinstance(spec, dict) and not spec.get("optional") and "path" not in spec and "git" not in spec:
            out.append(name)
    return out


def _poetry_version(spec: str) -> str:
    spec = spec.strip()
    if spec.startswith("^") or spec.startswith("~"):
        return ">=" + spec[1:]
    if spec and spec[0].isdigit():
        return "==" + spec
    return spec


def _setup_py_lines(text: str) -> list[str]:
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return []
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "install_requires":
            try:
                value = ast.literal_eval(node.value)
            except ValueError:
                return []
            return [str(v) for v in value]
    return []


def _extracted_top(paths: list[str]) -> str:
    """The folder `score.py` treats as the tree's top: the single folder every extracted file is in
    (a monorepo whose Python lives under `apps/` only), as `score._top` does after extraction."""
    extracted = [p for p in paths if p.endswith((".py", ".pyi")) or os.path.basename(p) in ("pyproject.toml", "setup.cfg")]
    firsts = {p.split("/", 1)[0] for p in extracted}
    if len(firsts) == 1 and all("/" in p for p in extracted):
        return firsts.pop() + "/"
    return ""


def declared_requirements(mirror: str, commit: str, root: str) -> tuple[list[str], list[str]]:
    """(requirement lines, the files they came from) of the app at `commit`."""
    paths = _git(mirror, "ls-tree", "-r", "--name-only", commit).splitlines()
    present = set(paths)

    def read(path: str) -> str | None:
        if path not in present:
            return None
        return _git(mirror, "show", f"{commit}:{path}")

    prefix = _extracted_top(paths) + ("" if root in ("", ".") else root.rstrip("/") + "/")
    sources: list[str] = []
    lines: list[str] = []
    for folder in ([prefix, ""] if prefix else [""]):
        pyproject = read(folder + "pyproject.toml")
        if pyproject:
            try:
                data = tomllib.loads(pyproject)
            except tomllib.TOMLDecodeError:
                data = {}
            project_deps = data.get("project", {}).get("dependencies", []) + [
                entry for group, entries in sorted(data.get("dependency-groups", {}).items())
                if not _SKIP_FILE.search(group) for entry in entries if isinstance(entry, str)] + [
                # Extras too: a feature that is off by default still runs when it is on (the labels
                # count it), and its library is what offpath must read to follow it.
                entry for group, entries in sorted(data.get("project", {}).get("optional-dependencies", {}).items())
                if not _SKIP_FILE.search(group) for entry in entries]
            poetry = data.get("tool", {}).get("poetry", {}).get("dependencies", {})
            if project_deps or poetry:
                sources.append(folder + "pyproject.toml")
                lines += [d.split(";", 1)[0].strip() for d in project_deps] + _poetry_lines(poetry)
        setup_cfg = read(folder + "setup.cfg")
        if setup_cfg:
            parser = configparser.ConfigParser()
            try:
                parser.read_string(setup_cfg)
                requires = parser.get("options", "install_requires", fallback="")
                if parser.has_section("options.extras_require"):
                    requires += "\n" + "\n".join(
                        value for group, value in sorted(parser.items("options.extras_require"))
                        if not _SKIP_FILE.search(group))
            except configparser.Error:
                requires = ""
            if requires.strip():
                sources.append(folder + "setup.cfg")
                lines += [r.split(";", 1)[0].strip() for r in requires.splitlines() if r.strip()]
        setup_py = read(folder + "setup.py")
        if setup_py:
            found = _setup_py_lines(setup_py)
            if found:
                sources.append(folder + "setup.py")
                lines += found
        if lines:
            break
    if len(lines) < 3:
        for path in _requirement_files(paths, prefix) if len(lines) < 3 else ():
            body = read(path)
            if body:
                sources.append(path)
                lines += _lines_of_requirements(body, read, os.path.dirname(path), {path})
    unique: dict[str, str] = {}
    for line in lines:
        match = _REQUIREMENT_NAME.match(line)
        if match:
            unique.setdefault(match.group(1).lower().replace("_", "-"), line)
    return sorted(unique.values(), key=str.lower), sources


def _install(pip: list[str], requirements: list[str], record: dict) -> None:
    """Install `requirements` together; when that fails, each half on its own, down to single lines.

    A pip call costs seconds of resolving even when it installs nothing, so the few lines that do
    not install are found by halving (a handful of calls) rather than one call per line."""
    if not requirements:
        return
    if subprocess.run(pip + requirements, capture_output=True, text=True).returncode == 0:
        record["installed"].extend(requirements)
    elif len(requirements) == 1:
        record["skipped"].extend(requirements)
    else:
        middle = len(requirements) // 2
        _install(pip, requirements[:middle], record)
        _install(pip, requirements[middle:], record)


def build(app: dict, envs: str, mirrors: str, python: str) -> dict:
    source = app["source"]
    target = os.path.join(envs, app["app"])
    record = {"app": app["app"], "sources": [], "installed": [], "skipped": []}
    if source.get("kind") == "pypi":
        requirements, record["sources"] = [source["requirement"]], ["pypi"]
    else:
        mirror = _mirror(mirrors, source["repo"], source["commit"])
        if mirror is None:
            record["error"] = f"no clone of {source['repo']} under {mirrors}"
            return record
        requirements, record["sources"] = declared_requirements(mirror, source["commit"], app.get("root", "."))
    if not os.path.isdir(target):
        subprocess.run([python, "-m", "venv", target], check=True)
    pip = [os.path.join(target, "bin", "python"), "-m", "pip", "install", "-q", "--prefer-binary",
           "--disable-pip-version-check"]
    _install(pip, requirements, record)
    record["installed"].sort(key=str.lower)
    record["skipped"].sort(key=str.lower)
    with open(os.path.join(envs, app["app"] + ".env.json"), "w", encoding="utf-8") as out:
        json.dump(record, out, indent=2)
    return record


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--envs", required=True, help="folder that gets one venv per app")
    parser.add_argument("--mirrors", default=os.environ.get("OFFPATH_RECALL_MIRRORS"), help="folder of clones")
    parser.add_argument("--app", action="append", help="only these apps (repeatable)")
    parser.add_argument("--python", default=sys.executable, help="interpreter that creates the venvs")
    parser.add_argument("--list", action="store_true", help="print the requirements, install nothing")
    args = parser.parse_args()
    os.makedirs(args.envs, exist_ok=True)
    labels = [json.load(open(os.path.join(APPS, name), encoding="utf-8")) for name in sorted(os.listdir(APPS))
              if name.endswith(".json")]
    for app in labels:
        if args.app and app["app"] not in args.app:
            continue
        if args.list:
            source = app["source"]
            mirror = _mirror(args.mirrors, source["repo"], source["commit"]) if source.get("repo") else None
            if mirror:
                lines, sources = declared_requirements(mirror, app["source"]["commit"], app.get("root", "."))
                print(f"{app['app']}: {len(lines)} from {', '.join(sources) or 'nothing'}")
            continue
        record = build(app, args.envs, args.mirrors, args.python)
        print(f"{app['app']}: {len(record['installed'])} installed, {len(record['skipped'])} skipped"
              f"{' (' + record['error'] + ')' if 'error' in record else ''}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
