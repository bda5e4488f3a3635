"""`offpath check --fix [--backend NAME] [--diff]`: apply the verified rewrites in batch.

Like `ruff check --fix`, fixes are applied in rounds: each round takes at most one fix per file
(so no two fixes computed from the same text collide), the project is re-analysed with the new
texts, and the next round starts from there until nothing more can be fixed.
"""

from __future__ import annotations

import difflib
import os

from offpath.analysis.model import Applicability, Finding
from offpath.analysis.project import Project, read_source
from offpath.analysis.rewrites import fixes_for
from offpath.analysis.rewrites.text import apply_edits

from .exits import EXIT_CLEAN, EXIT_FINDINGS, UsageError

MAX_ROUNDS = 50


def fix_project(project: Project, backend: str | None = None) -> tuple[dict[str, str], dict[str, str], int]:
    """Fix what can be fixed in `project` (updated in place); (original texts, new texts, fixes applied)."""
    texts: dict[str, str] = {}
    originals: dict[str, str] = {}

    def source(path: str) -> str | None:
        if path not in texts:
            text = read_source(path)
            if text is None:
                return None
            texts[path] = originals[path] = text
        return texts[path]

    applied = 0
    failed: set[tuple] = set()
    for _ in range(MAX_ROUNDS):
        touched: set[str] = set()
        pending: dict[str, str] = {}
        progress = False
        for finding in _ordered(project):
            ident = (finding.code, finding.path, finding.span)
            if ident in failed or finding.path in touched:
                continue
            fixes = fixes_for(project, finding, backends=[backend] if backend else None, sources=source)
            # Display-only fixes (a job + 202 changes the endpoint's contract) are for review in the editor.
            fixes = [f for f in fixes if f.backend != "suppress" and f.applicability != Applicability.DISPLAY_ONLY]
            if not fixes:
                failed.add(ident)
                continue
            fix = fixes[0]
            paths = {e.path for e in fix.edits}
            if paths & touched:
                continue
            for path in paths:
                pending[path] = apply_edits(source(path), [e for e in fix.edits if e.path == path])
            touched |= paths
            applied += 1
            progress = True
        # Fixes of one round were all computed from the round's starting texts.
        for path in sorted(pending):
            texts[path] = pending[path]
            if project.summary(path) is not None:  # not a declared dependency (requirements.txt)
                project.update(path, texts[path])
        if not progress:
            break
    changed = {p: t for p, t in texts.items() if t != originals[p]}
    return {p: originals[p] for p in changed}, changed, applied


def _ordered(project: Project) -> list[Finding]:
    findings = [f for found in project.all_findings().values() for f in found]
    return sorted(findings, key=lambda f: (f.path, f.span, f.code))


def unified_diff(originals: dict[str, str], changed: dict[str, str], root: str = ".") -> str:
    out = []
    for path in sorted(changed):
        name = os.path.relpath(path, root).replace(os.sep, "/")
        if name.startswith("../"):
            name = path.replace(os.sep, "/").lstrip("/")
        out.extend(difflib.unified_diff(
            originals[path].splitlines(keepends=True), changed[path].splitlines(keepends=True),
            fromfile=f"a/{name}", tofile=f"b/{name}",
        ))
    return "".join(out)


def write_files(changed: dict[str, str]) -> None:
    for path, text in changed.items():
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)


def run_fix(args, project: Project) -> int | None:
    """`check --fix/--diff`: an exit code when only a diff is printed; None to go on reporting."""
    import sys

    from offpath.analysis.backends import BACKENDS, canonical

    written = getattr(args, "backend", None)
    backend = canonical(written) if written else None
    if written and backend not in BACKENDS:
        raise UsageError(f"unknown backend `{written}` (choose from {', '.join(BACKENDS)})")
    originals, changed, applied = fix_project(project, backend)
    if getattr(args, "diff", False):
        sys.stdout.write(unified_diff(originals, changed))
        print(f"Would fix {applied} finding{'s' if applied != 1 else ''} in {len(changed)} file{'s' if len(changed) != 1 else ''}.",
              file=sys.stderr)
        return EXIT_FINDINGS if changed else EXIT_CLEAN
    write_files(changed)
    print(f"Fixed {applied} finding{'s' if applied != 1 else ''} in {len(changed)} file{'s' if len(changed) != 1 else ''}.",
          file=sys.stderr)
    return None
