"""How paths are shown to people and written to files: relative to a root, `/`-separated on every OS."""

from __future__ import annotations

import os


def relative(path: str, root: str | None = None) -> str:
    """`path` relative to `root` (default: the working directory), with forward slashes.

    A path with no relative form (empty, or on another drive on Windows) is returned as it is.
    """
    try:
        rel = os.path.relpath(path, root or os.getcwd())
    except ValueError:
        rel = path
    return rel.replace(os.sep, "/")
