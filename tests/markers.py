"""Read expectation markers from fixture files: a trailing `# OFP101` (or several codes) on each
line where a finding is expected; `# ok` marks a near miss that must stay silent."""

from __future__ import annotations

import io
import os
import re
import tokenize

CODES = re.compile(r"^#\s*((?:OFP\d{3}[\s,]*)+)$")


def expected_markers(path: str) -> set[tuple[int, str]]:
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    found: set[tuple[int, str]] = set()
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type != tokenize.COMMENT:
            continue
        match = CODES.match(token.string.strip())
        if match:
            for code in re.findall(r"OFP\d{3}", match.group(1)):
                found.add((token.start[0], code))
    return found


def expected_in_tree(root: str) -> set[tuple[str, int, str]]:
    out = set()
    for directory, _, files in os.walk(root):
        for name in files:
            if name.endswith(".py"):
                path = os.path.join(directory, name)
                rel = os.path.relpath(path, root).replace(os.sep, "/")
                out |= {(rel, line, code) for line, code in expected_markers(path)}
    return out
