"""Helpers for the differential tests: a family of edits per file, and what a fresh analysis of the
current texts reports, so incremental results (`Project.update`, the server) can be compared with it.

Shared by tests/test_differential.py (through `Project.update`) and tests/server/test_server_differential.py
(through the real server). Everything is seeded by the file's name: same tree, same edits.
"""

from __future__ import annotations

import os
import random
import re
import shutil

from offpath.analysis.config import Config
from offpath.analysis.project import Project, discover

NO_JEDI = Config(jedi_budget=0)
HERE = os.path.dirname(os.path.abspath(__file__))
PROJECTS = os.path.join(HERE, "fixtures", "projects")
RULES = os.path.join(HERE, "fixtures", "rules")
EXAMPLES = os.path.join(os.path.dirname(HERE), "examples")

_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.])")
_STRING = re.compile(r"(['\"])([\w /.:@-]{1,40})\1")
_DEF = re.compile(r"^(\s*(?:async\s+)?def\s+)(\w+)", re.MULTILINE)
_IMPORT = re.compile(r"^\s*(?:from\s+\S+\s+)?import\s+[^(\\]*$")


def edits(path: str, text: str, budget: int = 8) -> list[tuple[str, str]]:
    """(label, new text) for one file: each edit starts from the original text, the last restores it.

    At most `budget` line-level edits are drawn (seeded by the file name) so big files stay cheap."""
    rng = random.Random(os.path.basename(path) + str(len(text)))
    lines = text.splitlines(keepends=True)
    out: list[tuple[str, str]] = []
    code_lines = [i for i, line in enumerate(lines) if line.strip() and not line.lstrip().startswith("#")]
    for i in rng.sample(code_lines, min(2, len(code_lines))):
        out.append((f"delete line {i + 1}", "".join(lines[:i] + lines[i + 1:])))
    if code_lines:
        i = rng.choice(code_lines)
        out.append((f"duplicate line {i + 1}", "".join(lines[:i + 1] + lines[i:])))
    numbers = list(_NUMBER.finditer(text))
    if numbers:
        m = rng.choice(numbers)
        out.append((f"number {m.group()} -> {m.group()}7", text[:m.start()] + m.group() + "7" + text[m.end():]))
    strings = list(_STRING.finditer(text))
    if strings:
        m = rng.choice(strings)
        changed = f"{m.group(1)}{m.group(2)}x{m.group(1)}"
        out.append((f"string {m.group()} -> {changed}", text[:m.start()] + changed + text[m.end():]))
    defs = list(_DEF.finditer(text))
    if defs:
        m = rng.choice(defs)
        out.append((f"rename def {m.group(2)}", text[:m.start(2)] + m.group(2) + "_renamed" + text[m.end(2):]))
    imports = [i for i, line in enumerate(lines) if _IMPORT.match(line)]
    if imports:
        i = rng.choice(imports)
        out.append((f"drop import line {i + 1}", "".join(lines[:i] + lines[i + 1:])))
    out = out[:budget]
    out.append(("empty the file", ""))
    out.append(("restore", text))
    return out


def copy_tree(source: str, tmp_path) -> str:
    root = os.path.join(str(tmp_path), os.path.basename(source.rstrip(os.sep)) or "case")
    if os.path.isdir(source):
        shutil.copytree(source, root, ignore=shutil.ignore_patterns("__pycache__", ".offpath_cache"))
    else:
        os.makedirs(root)
        shutil.copy(source, root)
    return root


def fresh(root: str, hops: bool, config: Config = NO_JEDI) -> Project:
    project = Project([root], config, hops=hops)
    project.load(discover([root], config))
    return project


def finding_rows(project: Project, root: str) -> set[tuple]:
    """What a user sees of every finding: code, file, span, message and the chain's places."""
    def rel(path: str) -> str:
        return os.path.relpath(path, root).replace(os.sep, "/")

    return {
        (f.code, rel(f.path), tuple(f.span), f.message, f.severity.value,
         tuple((rel(loc.path), tuple(loc.span), loc.name) for loc in f.chain))
        for found in project.all_findings().values() for f in found
    }


def entry_rows(project: Project, root: str) -> set[tuple]:
    return {
        (e.name, os.path.relpath(e.path, root), tuple(e.span), e.framework, e.route, e.methods, e.self_class)
        for e in project.entry_points()
    }


def write(path: str, text: str) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
