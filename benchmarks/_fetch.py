"""Download and unpack pinned PyPI distributions into benchmarks/.cache/ (shared by the benchmark
scripts). Uses `pip download --no-deps`: the sdist when there is one, else the wheel."""

from __future__ import annotations

import glob
import os
import subprocess
import sys
import tarfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
CACHE = os.path.join(HERE, ".cache")


def fetch(requirement: str) -> str:
    """Unpacked folder of `name==version`, downloading it the first time."""
    name, _, version = requirement.partition("==")
    target = os.path.join(CACHE, "src", f"{name}-{version}")
    if os.path.isdir(target) and os.listdir(target):
        return target
    downloads = os.path.join(CACHE, "dl")
    os.makedirs(downloads, exist_ok=True)
    archive = _find(downloads, name, version)
    if archive is None:
        base = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", downloads, requirement]
        done = subprocess.run(base + ["--no-binary", ":all:"], check=False, capture_output=True, text=True)
        if done.returncode != 0:
            subprocess.run(base + ["--only-binary", ":all:"], check=True)
        archive = _find(downloads, name, version)
    if archive is None:
        raise SystemExit(f"could not download {requirement}")
    os.makedirs(target, exist_ok=True)
    if archive.endswith((".tar.gz", ".tgz")):
        with tarfile.open(archive) as tar:
            tar.extractall(target, filter="data") if hasattr(tarfile, "data_filter") else tar.extractall(target)
    else:
        with zipfile.ZipFile(archive) as zf:
            zf.extractall(target)
    return target


def _find(folder: str, name: str, version: str) -> str | None:
    variants = {name, name.replace("-", "_"), name.lower(), name.lower().replace("-", "_")}
    for variant in variants:
        for pattern in (f"{variant}-{version}.tar.gz", f"{variant}-{version}-*.whl", f"{variant}-{version}.zip"):
            hits = [h for h in glob.glob(os.path.join(folder, pattern))]
            hits += [h for h in glob.glob(os.path.join(folder, "*")) if os.path.basename(h).lower() == pattern.lower()]
            if hits:
                return min(hits)
    return None


def package_dir(unpacked: str, package: str) -> str:
    """The import package folder inside an unpacked sdist or wheel (`src/` layouts included)."""
    for pattern in (f"{package}", f"*/{package}", f"*/src/{package}", f"src/{package}"):
        for hit in sorted(glob.glob(os.path.join(unpacked, pattern))):
            if os.path.isfile(os.path.join(hit, "__init__.py")):
                return hit
    raise SystemExit(f"no package {package!r} in {unpacked}")


def python_files(root: str) -> list[str]:
    from offpath.analysis.project import discover

    return discover([root])


def count_lines(files: list[str]) -> int:
    total = 0
    for path in files:
        with open(path, "rb") as handle:
            total += handle.read().count(b"\n")
    return total
