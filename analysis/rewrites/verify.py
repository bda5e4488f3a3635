"""A fix is offered only when it provably helps: every file it touches parses, and re-analysing a
copy of the project with the new texts shows the finding gone and nothing new. The copy shares the
caller's immutable summaries and facts, so checking costs an incremental update, not a full load."""

from __future__ import annotations

import ast
from collections import Counter, defaultdict

from ..model import Finding, Fix
from ..project import Project
from .text import apply_edits


def new_texts(fix: Fix, texts: dict[str, str]) -> dict[str, str] | None:
    """Each touched file's text after the fix (`texts` holds the current ones), or None if edits clash."""
    by_path: dict[str, list] = defaultdict(list)
    for edit in fix.edits:
        by_path[edit.path].append(edit)
    out = {}
    for path, edits in by_path.items():
        if path not in texts:
            return None
        try:
            out[path] = apply_edits(texts[path], edits)
        except ValueError:
            return None
    return out


def parses(texts: dict[str, str]) -> bool:
    for text in texts.values():
        try:
            ast.parse(text)
        except (SyntaxError, ValueError, RecursionError):
            return False
    return True


def clone(project: Project) -> Project:
    """A copy that can be updated without touching `project` (immutable values are shared)."""
    return project.clone()


def identity(finding: Finding) -> tuple:
    """What makes a finding the same one after edits that shift lines."""
    return finding.key


def verified(project: Project, finding: Finding, fix: Fix, texts: dict[str, str]) -> bool:
    """Whether applying `fix` parses everywhere, clears `finding` and adds no finding."""
    return verified_all(project, [finding], fix, texts)


def verified_all(project: Project, findings: list[Finding], fix: Fix, texts: dict[str, str]) -> bool:
    """Whether applying `fix` parses everywhere, clears every one of `findings` and adds none."""
    changed = new_texts(fix, texts)
    if not changed or not parses(changed):
        return False
    twin = clone(project)
    for path, text in changed.items():
        twin.update(path, text)
        if path in twin.skipped:
            return False
    before = Counter(identity(f) for found in project.all_findings().values() for f in found)
    after = Counter(identity(f) for found in twin.all_findings().values() for f in found)
    gone = Counter(identity(f) for f in findings)
    if any(after[key] > before[key] - count for key, count in gone.items()):
        return False
    return all(count <= before[key] for key, count in after.items())
