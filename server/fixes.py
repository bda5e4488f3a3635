"""The quick fixes of one call site, computed once per text: the same `fixes_for` that
`offpath check --fix` applies, merged over the findings of the site (one call can reach several
sinks) without duplicates, plus one ignore comment for all their codes; cached until a text they
depend on or any file's findings change, so repeated codeAction requests (VS Code asks on every
cursor move) answer from memory. Runs on the session's worker, never on the event loop."""

from __future__ import annotations

import os
import threading
import traceback
from collections.abc import Callable, Sequence

from offpath.analysis.model import Edit, Finding, Fix

TextOf = Callable[[str], "str | None"]
Log = Callable[[str], None]


def site_key(finding: Finding) -> tuple:
    """Which call site a finding is reported on: one diagnostic, one set of fixes. The sinks a
    call reaches share one; a queue-hygiene finding (OFP2xx, no sink) on the same call keeps its own."""
    return (finding.path, finding.span, finding.hop > 0, "sink" if finding.sink is not None else finding.code)


def group_by_site(findings: Sequence[Finding]) -> list[list[Finding]]:
    """Findings of the same call site together, each group ordered as `check --fix` visits them
    (by code), groups in order of their first appearance."""
    groups: dict[tuple, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(site_key(finding), []).append(finding)
    return [sorted(group, key=lambda f: (f.code, f.sink.api if f.sink else "")) for group in groups.values()]


def edit_key(fix: Fix) -> tuple:
    """What a fix does, independent of its title: two fixes with the same edits are one action."""
    return tuple(sorted((e.path, e.span, e.text) for e in fix.edits))


def site_fixes(project, findings: Sequence[Finding], text_of: TextOf, sources: TextOf | None = None,
               log: Log | None = None) -> list[Fix]:
    """Queue fixes for a call site's findings, the one `check --fix` applies first, no two with
    the same edits; then one "Ignore … on this line" for every code of the site."""
    from offpath.analysis.rewrites import fixes_for

    out: list[Fix] = []
    seen: set[tuple] = set()
    for finding in findings:
        try:
            found = fixes_for(project, finding, sources=sources)
        except Exception:  # noqa: BLE001 - a broken rewrite must not hide the others
            if log is not None:
                log(f"offpath: fixes_for failed:\n{traceback.format_exc()}")
            continue
        for fix in found:
            key = edit_key(fix)
            if fix.backend != "suppress" and key not in seen:
                seen.add(key)
                out.append(fix)
    if findings:
        ignore = ignore_fix(findings, text_of)
        if ignore is not None and _parses(ignore, text_of):
            out.append(ignore)  # a comment inside a multi-line string would not
    return out


def _parses(fix: Fix, text_of: TextOf) -> bool:
    from offpath.analysis.rewrites.verify import new_texts, parses

    texts = {p: text_of(p) for p in {e.path for e in fix.edits}}
    if any(t is None for t in texts.values()):
        return False
    changed = new_texts(fix, texts)
    return bool(changed) and parses(changed)


def ignore_fix(findings: Sequence[Finding], text_of: TextOf) -> Fix | None:
    """One suppression comment naming every code of the site (`# offpath: ignore[OFP101, OFP102]`)."""
    from offpath.analysis.rewrites import suppression_fix
    from offpath.analysis.rewrites.text import apply_edits

    first = findings[0]
    text = text_of(first.path)
    if text is None:
        return None
    fix = suppression_fix(first, text)
    codes = [first.code]
    for finding in findings[1:]:
        if finding.code in codes:
            continue
        codes.append(finding.code)
        merged = suppression_fix(finding, apply_edits(text, list(fix.edits)))
        edit = fix.edits[0]
        fix = Fix(title=fix.title, edits=(Edit(edit.path, edit.span, merged.edits[0].text),),
                  applicability=fix.applicability, backend=fix.backend)
    title = f"Ignore {', '.join(codes)} on this line"
    return Fix(title=title, edits=fix.edits, applicability=fix.applicability, backend=fix.backend)


def other_files(fix: Fix, path: str) -> list[str]:
    """The files a fix edits besides the diagnostic's own, in edit order."""
    return list(dict.fromkeys(e.path for e in fix.edits if e.path != path))


def display_name(path: str, roots: Sequence[str]) -> str:
    """A path as the user reads it in a title: relative to its workspace folder."""
    for root in roots:
        prefix = root.rstrip(os.sep) + os.sep
        if path.startswith(prefix):
            return os.path.relpath(path, root).replace(os.sep, "/")
    return os.path.basename(path)


def titled(fix: Fix, path: str, roots: Sequence[str]) -> str:
    """The action's title: a fix that edits other files says which ("… (also edits tasks.py)",
    or "(edits services.py)" when the diagnostic's own file is not among them)."""
    others = other_files(fix, path)
    if not others:
        return fix.title
    verb = "also edits" if any(e.path == path for e in fix.edits) else "edits"
    return f"{fix.title} ({verb} {', '.join(display_name(p, roots) for p in others)})"


class FixCache:
    """Verified fixes per call site, valid while the texts they were computed from and the
    findings of those files are unchanged (`generation` moves whenever findings change anywhere,
    so a result computed before a change is never stored after it)."""

    LIMIT = 256

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._inflight: set[tuple] = set()  # sites the warmer is computing right now
        self._entries: dict[tuple, tuple[int, tuple[tuple[str, str | None], ...], list[Fix]]] = {}
        self.generation = 0
        self.hits = 0
        self.misses = 0

    def invalidate(self, paths: set[str] | None = None) -> None:
        """Findings of `paths` changed (None: of anything): drop the call sites that read them.
        A site's fixes read its own file and the files they edit; an edit further along its chain
        changes the site's findings too, so its file is among `paths`."""
        with self._lock:
            self.generation += 1
            if paths is None:
                self._entries.clear()
                return
            for key in [k for k, (_, texts, _) in self._entries.items() if any(p in paths for p, _ in texts)]:
                del self._entries[key]

    def get(self, findings: Sequence[Finding], text_of: TextOf) -> list[Fix] | None:
        """The cached fixes of a call site if its texts and the findings are unchanged."""
        key = tuple(findings)
        with self._lock:
            entry = self._entries.get(key)
        if entry is None or any(text_of(p) != t for p, t in entry[1]):
            self.misses += 1
            return None
        self.hits += 1
        return entry[2]

    def peek(self, findings: Sequence[Finding], text_of: TextOf) -> bool:
        """Whether a call site's fixes are cached and current (not counted as a hit or a miss)."""
        hits, misses = self.hits, self.misses
        found = self.get(findings, text_of) is not None
        self.hits, self.misses = hits, misses
        return found

    def put(self, findings: Sequence[Finding], fixes: list[Fix], text_of: TextOf, generation: int) -> None:
        paths = {f.path for f in findings} | {e.path for fix in fixes for e in fix.edits}
        texts = tuple((p, text_of(p)) for p in sorted(paths))
        with self._lock:
            if generation != self.generation:
                return  # findings changed while these were computed
            if len(self._entries) >= self.LIMIT:
                self._entries.clear()
            self._entries[tuple(findings)] = (generation, texts, fixes)

    def claim(self, findings: Sequence[Finding]) -> None:
        with self._lock:
            self._inflight.add(tuple(findings))

    def release(self, findings: Sequence[Finding]) -> None:
        with self._lock:
            self._inflight.discard(tuple(findings))
            self._lock.notify_all()

    def fixes(self, project, findings: Sequence[Finding], text_of: TextOf, sources: TextOf | None = None,
              log: Log | None = None) -> list[Fix]:
        """The call site's fixes, from the cache when its texts are unchanged (waiting for the
        warmer when it is computing this very site, rather than computing it twice)."""
        with self._lock:
            self._lock.wait_for(lambda: tuple(findings) not in self._inflight, timeout=10)
        cached = self.get(findings, text_of)
        if cached is not None:
            return cached
        generation = self.generation
        fixes = site_fixes(project, findings, text_of, sources, log)
        self.put(findings, fixes, text_of, generation)
        return fixes


class FixWarmer:
    """Computes the fixes of the open files' call sites before anyone asks, on a snapshot of the
    project (`Project.clone()`) in its own thread: the worker only takes the snapshot, so edits and
    diagnostics never wait for a verification, and the first Ctrl+. is answered from the cache.
    Only the newest snapshot matters: a newer one replaces a pending one and stops a running one
    between call sites."""

    def __init__(self, cache: FixCache, log: Log | None = None) -> None:
        self.cache = cache
        self.log = log
        self._cond = threading.Condition()
        self._next: tuple | None = None
        self._thread: threading.Thread | None = None
        self._stopping = False

    def warm(self, snapshot, sites: list[list[Finding]], open_texts: dict[str, str], generation: int) -> None:
        with self._cond:
            self._next = (snapshot, sites, open_texts, generation)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="offpath-fixes", daemon=True)
                self._thread.start()
            self._cond.notify()

    def warm_open(self, project, open_texts: dict[str, str], first: set[str] = frozenset()) -> None:
        """Snapshot `project` (on the thread that owns it) and warm the open files' call sites,
        those of the files in `first` (just edited or opened) first."""
        order = sorted(open_texts, key=lambda p: p not in first)
        findings = [f for path in order for f in project.findings(path) if not f.hop]
        if findings:
            self.warm(project.clone(), group_by_site(findings), open_texts, self.cache.generation)

    def stop(self) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify()

    def _run(self) -> None:
        while True:
            with self._cond:
                while self._next is None and not self._stopping:
                    self._cond.wait()
                if self._stopping:
                    return
                (snapshot, sites, open_texts, generation), self._next = self._next, None
            self._warm(snapshot, sites, open_texts, generation)

    def _warm(self, snapshot, sites: list[list[Finding]], open_texts: dict[str, str], generation: int) -> None:
        texts: dict[str, str | None] = {}

        def text_of(path: str) -> str | None:
            if path not in texts:
                from offpath.analysis.project import read_source

                texts[path] = open_texts[path] if path in open_texts else read_source(path)
            return texts[path]

        for site in sites:
            with self._cond:
                if self._next is not None or self._stopping or generation != self.cache.generation:
                    return
            if self.cache.peek(site, text_of):
                continue
            self.cache.claim(site)
            try:
                self.cache.put(site, site_fixes(snapshot, site, text_of, open_texts.get, self.log),
                               text_of, generation)
            except Exception:  # noqa: BLE001 - warming is an optimisation; requests compute their own
                if self.log is not None:
                    self.log(f"offpath: warming fixes failed:\n{traceback.format_exc()}")
            finally:
                self.cache.release(site)
