"""A fix is offered only when it provably helps: every file it touches parses, and re-analysing a
copy of the project with the new texts shows the finding gone and nothing new. The copy shares the
caller's immutable summaries and facts, so checking costs an incremental update, not a full load.

Only primary findings (where a handler starts a chain) are compared. A hop report (`hops=True`, the
server's mode) echoes one of them on a deeper call, and which chain it echoes is a tie-break: when
the fix cuts one of two chains that meet deeper down, the echo there switches to the other chain and
would look like a new finding. Comparing primaries makes the verdict the same in both modes, so the
server offers exactly what `offpath check --fix` applies."""

from __future__ import annotations

import ast
from collections import Counter, defaultdict
from dataclasses import replace

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


def primary_identity(finding: Finding) -> tuple:
    """The identity of the primary finding a hop report echoes (its own, for a primary)."""
    if finding.hop and finding.chain:
        return replace(finding, path=finding.chain[0].path, span=finding.chain[0].span, hop=0).key
    return identity(finding)


def primary(findings_by_path: dict[str, list[Finding]]) -> Counter:
    """How many of each finding identity a project reports where handlers start their chains."""
    return Counter(identity(f) for found in findings_by_path.values() for f in found if not f.hop)


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
    before = primary(project.all_findings())
    after = primary(twin.all_findings())
    gone = Counter(primary_identity(f) for f in findings)
    if any(after[key] > before[key] - count for key, count in gone.items()):
        return False
    # A fix that creates a task may leave the queue's own advice (no worker, retries): not a regression.
    return all(count <= before[key] for key, count in after.items() if not _about_tasks(key[0]))


def _about_tasks(code: str) -> bool:
    from ..rules import BY_CODE

    rule = BY_CODE.get(code)
    return rule is not None and rule.about_tasks
