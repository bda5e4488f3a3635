"""Which Python environment the analysed project runs in, and where its installed packages live.

Found the way type checkers find it (ty, pyright): an explicit interpreter or environment folder
(`--python`, `[tool.offpath] python`, the editor's interpreter), else `$VIRTUAL_ENV`, else a
`.venv`/`venv` folder in the project root, else the interpreter offpath itself runs on. The
package folders come from the environment's layout (`pyvenv.cfg`, `lib/pythonX.Y/site-packages`)
or, for an interpreter that is not a virtual environment, from running it with `-I -S` to print
its `sysconfig` paths: no `site`, no `.pth` files, nothing from the workspace or the environment
is imported. The result only names folders; `library.py` reads them.
"""

from __future__ import annotations

import glob
import json
import os
import subprocess
import sys
import sysconfig
from dataclasses import dataclass

LOCAL_ENVIRONMENTS = (".venv", "venv")
_PRINT_PATHS = (
    "import json, sysconfig; p = sysconfig.get_paths(); "
    "print(json.dumps([p.get('purelib'), p.get('platlib')]))"
)
_TIMEOUT_SECONDS = 20


@dataclass(frozen=True)
class Environment:
    """The package folders of one environment, in the order imports search them."""

    paths: tuple[str, ...]
    origin: str  # how it was found: "--python", "config", "editor", "VIRTUAL_ENV", ".venv", "interpreter"
    location: str  # the interpreter or folder it was found from

    def describe(self) -> str:
        return f"{self.location} ({self.origin})"


class NoEnvironment(Exception):
    """An interpreter or folder was named explicitly but holds no usable environment."""


def discover(python: str = "", root: str | None = None, origin: str = "--python",
             environ: dict | None = None, fallback: bool = True) -> Environment | None:
    """The environment to read: `python` when given (an error when it is not one), else the
    usual places in order; `fallback=False` stops before the interpreter offpath runs on."""
    environ = os.environ if environ is None else environ
    if python:
        if root and not os.path.isabs(python):
            python = os.path.join(root, os.path.expanduser(python))
        found = from_location(os.path.expanduser(python), origin)
        if found is None:
            raise NoEnvironment(f"{python}: not a Python interpreter or environment")
        return found
    virtual = environ.get("VIRTUAL_ENV")
    if virtual:
        found = from_location(virtual, "VIRTUAL_ENV")
        if found is not None:
            return found
    for name in LOCAL_ENVIRONMENTS if root else ():
        candidate = os.path.join(root, name)
        if os.path.isdir(candidate):
            found = from_location(candidate, name)
            if found is not None:
                return found
    return running() if fallback else None


def running() -> Environment:
    """The interpreter offpath runs on: its own `sysconfig` paths, nothing run."""
    paths = sysconfig.get_paths()
    return Environment(_existing([paths.get("purelib"), paths.get("platlib")]), "interpreter", sys.executable)


def from_location(location: str, origin: str) -> Environment | None:
    """An environment from an interpreter path, a virtual environment folder, or a bare
    `site-packages` folder; None when it is none of these."""
    location = os.path.abspath(location)
    if os.path.isdir(location):
        if os.path.basename(location) in ("site-packages", "dist-packages"):
            return Environment((location,), origin, location)
        paths = _layout(location)
        return Environment(paths, origin, location) if paths else None
    if not os.path.isfile(location):
        return None
    prefix = os.path.dirname(os.path.dirname(location))  # <prefix>/bin/python, <prefix>\Scripts\python.exe
    if os.path.isfile(os.path.join(prefix, "pyvenv.cfg")):
        paths = _layout(prefix)
        if paths:
            return Environment(paths, origin, location)
    paths = _ask_interpreter(location)
    return Environment(paths, origin, location) if paths else None


def _layout(prefix: str) -> tuple[str, ...]:
    """Package folders of an environment prefix, from its layout (POSIX and Windows), with the
    base interpreter's when `pyvenv.cfg` includes the system site-packages."""
    found = sorted(glob.glob(os.path.join(prefix, "lib", "python*", "site-packages")))
    found += sorted(glob.glob(os.path.join(prefix, "lib64", "python*", "site-packages")))
    found.append(os.path.join(prefix, "Lib", "site-packages"))
    paths = list(_existing(found))
    config = _pyvenv(prefix)
    if config.get("include-system-site-packages", "").lower() == "true" and config.get("home"):
        base = os.path.dirname(config["home"].rstrip("/\\"))
        for extra in _layout_base(base):
            if extra not in paths:
                paths.append(extra)
    return tuple(paths)


def _layout_base(prefix: str) -> tuple[str, ...]:
    found = sorted(glob.glob(os.path.join(prefix, "lib", "python*", "site-packages")))
    found += sorted(glob.glob(os.path.join(prefix, "lib", "python*", "dist-packages")))
    return _existing(found)


def _pyvenv(prefix: str) -> dict[str, str]:
    values: dict[str, str] = {}
    try:
        with open(os.path.join(prefix, "pyvenv.cfg"), encoding="utf-8", errors="replace") as handle:
            for line in handle:
                key, sep, value = line.partition("=")
                if sep:
                    values[key.strip().lower()] = value.strip()
    except OSError:
        pass
    return values


def _ask_interpreter(python: str) -> tuple[str, ...]:
    """Run the interpreter isolated (`-I`: no environment variables, no user site, no current
    folder; `-S`: no `site`, so no `.pth` file runs) to print its package folders."""
    try:
        done = subprocess.run([python, "-I", "-S", "-c", _PRINT_PATHS], capture_output=True, text=True,
                              timeout=_TIMEOUT_SECONDS, cwd=os.path.dirname(python) or None, check=False)
    except (OSError, subprocess.SubprocessError):
        return ()
    if done.returncode != 0:
        return ()
    try:
        paths = json.loads(done.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return ()
    return _existing(p for p in paths if isinstance(p, str)) if isinstance(paths, list) else ()


def _existing(paths) -> tuple[str, ...]:
    out: list[str] = []
    for path in paths:
        if path and os.path.isdir(path):
            path = os.path.abspath(path)
            if path not in out:
                out.append(path)
    return tuple(out)
