"""The commands the whole-check benchmarks run, built in one place: `offpath check` of a tree as
JSON with no cache (what a cold run costs), the `ast.parse` floor of the same files
(`check_vs_ast.py --child ast`), and the environment that runs one revision of offpath
(`PYTHONPATH` to its copy, a fixed hash seed so every revision sees the same set order).
`cli_revisions.py` times these and `instructions.py` counts their instructions."""

from __future__ import annotations

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def check_command(root: str, *extra: str) -> list[str]:
    """A cold `offpath check ROOT` printing JSON, with `extra` options (`-j 2`, `--config F`)."""
    return [sys.executable, "-m", "offpath.cli.main", "check", root, "--format", "json", "--no-cache",
            "--exit-zero", *extra]


def floor_command(root: str) -> list[str]:
    """`ast.parse` of every file of ROOT by the same interpreter: the floor the check is compared to."""
    return [sys.executable, os.path.join(HERE, "check_vs_ast.py"), "--child", "ast", root]


def revision_env(path: str) -> dict[str, str]:
    """The environment that imports offpath from `path` ("" = the installed one)."""
    return dict(os.environ, PYTHONPATH=path, PYTHONHASHSEED="0")
