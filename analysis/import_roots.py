"""Where a file's module name starts: the folder Python would have on `sys.path` for it.

A repository checked at its top often keeps its Python project in a subfolder (`backend/`,
`apps/api/`, `server/`, `src/`), and its code imports `app.utils`, not `backend.app.utils`. Two
pieces of evidence on disk say where names start, below the root the user gave:
  - the folder above a file's outermost package (its topmost enclosing folder holding an
    `__init__.py`; folders between may be namespace packages): a top-level package is imported by
    its own name;
  - for a file outside any package, the nearest folder holding a project file (pyproject.toml,
    setup.py, setup.cfg, manage.py) that is not itself a package.
A project file inside a package (a `setup.py` module, say) is no evidence. Which folders are
packages is asked of the caller (the workspace knows `__init__.py` files the editor created or
removed before the disk does, and re-summarises the files an added or removed one renames); a new
project file counts the next time a file is summarised.
"""

from __future__ import annotations

import os
from collections.abc import Callable

IsPackage = Callable[[str], bool]
PROJECT_FILES = ("pyproject.toml", "setup.py", "setup.cfg", "manage.py")


def configured_root(path: str, roots: list[str]) -> str:
    """The innermost of `roots` holding `path` ("" when none does)."""
    best = ""
    for root in roots:
        root = os.path.abspath(root)
        if (path == root or path.startswith(root.rstrip(os.sep) + os.sep)) and len(root) > len(best):
            best = root
    return best


def import_root(path: str, roots: list[str], is_package: IsPackage | None = None) -> str:
    """The folder `path`'s module name is relative to ("" when no root holds it)."""
    path = os.path.abspath(path)
    root = configured_root(path, roots)
    if not root:
        return ""
    is_package = is_package or is_package_dir
    inside = root.rstrip(os.sep) + os.sep
    ancestors = []
    directory = os.path.dirname(path)
    while directory != root and directory.startswith(inside):
        ancestors.append(directory)
        directory = os.path.dirname(directory)
    packages = [d for d in ancestors if is_package(d)]
    if packages:
        return os.path.dirname(packages[-1])
    for directory in ancestors:
        if any(os.path.isfile(os.path.join(directory, name)) for name in PROJECT_FILES):
            return directory
    return root


def is_package_dir(directory: str) -> bool:
    """Whether `directory` holds an `__init__.py` on disk."""
    return os.path.isfile(os.path.join(directory, "__init__.py"))
