"""A fix that introduces a queue backend declares it: the distribution is appended to the project's
`requirements.txt`, else to `[project] dependencies` in its `pyproject.toml`. These files are not
Python, so the verifier never sees these edits; `added` checks them instead."""

from __future__ import annotations

import os
import re

from ..model import Edit, Span
from ..source import split_lines

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]


def dependency_edit(ctx, path: str, distribution: str) -> Edit | None:
    """The edit declaring `distribution` for the project holding `path`; None without a file to add it to."""
    root = _root_of(ctx.project.roots, path)
    if root is None:
        return None
    requirements = os.path.join(root, "requirements.txt")
    text = _read(ctx, requirements)
    if text is not None:
        at = len(text)
        return _insert(requirements, text, at, ("" if not text or text.endswith("\n") else "\n") + distribution + "\n")
    pyproject = os.path.join(root, "pyproject.toml")
    text = _read(ctx, pyproject)
    if text is None:
        return None
    edit = _pyproject_edit(pyproject, text, distribution)
    if edit is None or not _still_toml(text, edit):
        return None
    return edit


def _root_of(roots, path: str) -> str | None:
    path = os.path.abspath(path)
    found = [os.path.abspath(r) for r in roots if path.startswith(os.path.abspath(r).rstrip(os.sep) + os.sep)]
    return max(found, key=len) if found else None


def _read(ctx, path: str) -> str | None:
    text = ctx.sources(path) if ctx.sources is not None else None
    if text is not None:
        return text
    if not os.path.isfile(path):
        return None
    from ..project import read_source

    return read_source(path)


def _insert(path: str, text: str, at: int, new: str) -> Edit:
    line, col = _position(text, at)
    return Edit(path, Span(line, col, line, col), new)


def _position(text: str, offset: int) -> tuple[int, int]:
    line, start = 1, 0
    for piece in split_lines(text):
        if start + len(piece) > offset or (start + len(piece) == offset and not piece.endswith(("\n", "\r"))):
            break
        start += len(piece)
        line += 1
    return line, offset - start


_TABLE = re.compile(r"^\[([^\]]+)\]\s*$", re.MULTILINE)
_DEPENDENCIES = re.compile(r"^dependencies\s*=\s*\[", re.MULTILINE)


def _pyproject_edit(path: str, text: str, distribution: str) -> Edit | None:
    """Append to the `dependencies` array of the `[project]` table, keeping its layout."""
    tables = list(_TABLE.finditer(text))
    project = next((m for m in tables if m.group(1).strip() == "project"), None)
    if project is None:
        return None
    end = next((m.start() for m in tables if m.start() > project.start()), len(text))
    found = _DEPENDENCIES.search(text, project.end(), end)
    if found is None:
        at = project.end() + len(text[project.end():end].rstrip())
        return _insert(path, text, at, f'\ndependencies = ["{distribution}"]')
    close = _closing_bracket(text, found.end())
    if close is None:
        return None
    inside = text[found.end():close]
    entry = f'"{distribution}"'
    body = inside.rstrip()
    if "\n" in inside:
        indent = re.search(r"\n([ \t]*)\S", inside)
        pad = indent.group(1) if indent else "    "
        comma = "" if not body.strip() or body.endswith(",") else ","
        at = found.end() + len(body)
        return _insert(path, text, at, f"{comma}\n{pad}{entry},")
    at = found.end() + len(body)
    return _insert(path, text, at, (", " if body.strip() and not body.endswith(",") else "") + entry)


def _closing_bracket(text: str, at: int) -> int | None:
    quote = ""
    while at < len(text):
        char = text[at]
        if quote:
            if char == "\\":
                at += 1
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "#":
            newline = text.find("\n", at)
            at = len(text) if newline < 0 else newline
            continue
        elif char == "]":
            return at
        at += 1
    return None


def _still_toml(text: str, edit: Edit) -> bool:
    from .text import apply_edits

    try:
        tomllib.loads(apply_edits(text, [edit]))
    except tomllib.TOMLDecodeError:
        return False
    return True
