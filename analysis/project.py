"""The analysis of a whole workspace, kept current one file at a time.

`Project.update(path, text)` re-summarises that file, re-resolves only the files whose results
depend on what changed (recorded during resolution), re-walks only the entry points whose reachable
set contains a changed function, and returns findings for every file whose findings changed,
empty lists included, so fixed files get cleared (like ruff's DiagnosticsMap).
"""

from __future__ import annotations

import os
import stat
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import replace

from . import sinks
from .callgraph import Edge, FileFacts, FunctionFacts, GraphContext, SinkHit, analyze_file
from .config import Config
from .dependencies import changed_keys
from .index import SKIP_DIRS, WorkspaceIndex
from .jedi_resolver import JediBudget, JediResolver
from .model import EntryPoint, Finding, Severity, Span
from .reachability import findings_for
from .resolve import Resolver
from .rules import BY_CODE
from .source import SourceFile, decode_source
from .summary import FileSummary, SummaryError, summarize

EntryKey = tuple[str, str]
MAX_FILE_BYTES = 5_000_000


class Project:
    def __init__(self, roots: Iterable[str], config: Config | None = None, cache=None, hops: bool = False):
        """`hops=True` also reports each side effect on the deeper calls of its chain (the editor
        shows them in service modules); the CLI reports where the handler starts the chain."""
        self.roots = [os.path.abspath(r) for r in roots]
        self.hops = hops
        self.config = config or Config()
        self.cache = cache
        self.index = WorkspaceIndex(self.roots)
        self.facts: dict[str, FileFacts] = {}
        self.skipped: dict[str, str] = {}
        self._functions: dict[str, FunctionFacts] = {}
        self._rdeps: dict[str, set[str]] = defaultdict(set)
        self._receivers: dict[str, set[str]] = defaultdict(set)
        self._entries: dict[EntryKey, EntryPoint] = {}
        self._entry_sources: dict[EntryKey, dict[str, EntryPoint]] = defaultdict(dict)
        self._entry_findings: dict[EntryKey, list[Finding]] = {}
        self._entry_reach: dict[EntryKey, set[str]] = {}
        self._entries_in_file: dict[str, set[EntryKey]] = defaultdict(set)  # whose findings land there
        self._reached_by: dict[str, set[EntryKey]] = defaultdict(set)
        self._published: dict[str, list[Finding]] = {}
        self._extra_sinks = sinks.make_extra(self.config.sinks)
        self._texts: dict[str, str] = {}  # unsaved buffers given to update(); others are on disk
        self._jedi = JediResolver(self.roots)
        self._jedi_asked: set[tuple[str, int, int]] = set()
        self._jedi_todo: set[str] = set()  # functions with unresolved calls jedi has not seen yet
        self._refine = True
        self._refine_default = True

    # -- public API --------------------------------------------------------------------------
    def update(self, path: str, text: str, version: int | None = None) -> dict[str, list[Finding]]:
        """Analyse new text for `path`; findings of every file whose findings changed."""
        path = os.path.abspath(path)
        summary = self._summarize(path, text)
        if summary is None:
            return {}
        self._texts[path] = text
        old = self.index.summaries.get(path)
        if old is not None and old.digest == summary.digest and old.module == summary.module:
            return {}
        return self._apply({path: summary}, {})

    def remove(self, path: str) -> dict[str, list[Finding]]:
        path = os.path.abspath(path)
        self.skipped.pop(path, None)
        self._texts.pop(path, None)
        if path not in self.index.summaries:
            return {}
        return self._apply({}, {path})

    def load(self, paths: Iterable[str], progress: Callable[[int, int], None] | None = None,
             workers: int = 1, refine: bool = True) -> dict[str, list[Finding]]:
        """Index many files at once (start-up, `offpath check`): one resolution pass for all.
        `workers` > 1 summarises on several processes (the CLI; never inside the server).
        `refine=False` leaves the jedi fallback for a later `refine()` (the server publishes first)."""
        self._refine = refine and self._refine_default
        try:
            return self._load([os.path.abspath(p) for p in paths], progress, workers)
        finally:
            self._refine = self._refine_default

    def refine(self, seconds: float | None = None) -> dict[str, list[Finding]]:
        """Run the jedi fallback for what is still unresolved (at most `seconds` of it, default the
        configured budget); findings of files that changed."""
        return self._jedi_pass({}, seconds)

    @property
    def refinable(self) -> bool:
        """Whether a handler-reached function still waits for a jedi answer."""
        return self.config.jedi_budget > 0 and bool(self._jedi_todo & self._reached_by.keys())

    def set_refine(self, automatic: bool) -> None:
        """`False`: updates never wait for jedi; the caller runs `refine()` when it is idle."""
        self._refine = automatic
        self._refine_default = automatic

    def _load(self, paths: list[str], progress, workers: int) -> dict[str, list[Finding]]:
        summaries: dict[str, FileSummary] = {}
        if workers > 1 and self.cache is None:
            from .parallel import summarize_many

            jobs = [(p, *self.index.module_for(p)) for p in paths]
            for number, (path, summary, reason) in enumerate(summarize_many(jobs, workers), start=1):
                if summary is None:
                    self.skipped[path] = reason
                else:
                    summaries[path] = summary
                if progress is not None:
                    progress(number, len(paths))
            return self._apply(summaries, set())
        for number, path in enumerate(paths, start=1):
            text = read_source(path)
            if text is None:
                self.skipped[path] = "cannot be read"
            else:
                summary = self._summarize(path, text)
                if summary is not None:
                    summaries[path] = summary
            if progress is not None:
                progress(number, len(paths))
        return self._apply(summaries, set())

    def findings(self, path: str) -> list[Finding]:
        return list(self._published.get(os.path.abspath(path), ()))

    def all_findings(self) -> dict[str, list[Finding]]:
        return {p: list(f) for p, f in self._published.items() if f}

    def entry_points(self) -> list[EntryPoint]:
        return sorted(self._entries.values(), key=lambda e: (e.path, e.span.line, e.self_class))

    def entry_findings(self, entry: EntryPoint, hops: bool = False) -> list[Finding]:
        """What this handler's request waits for (with `hops`, also the reports deeper in chains)."""
        found = self._entry_findings.get((entry.name, entry.self_class), ())
        return [f for f in found if hops or not f.hop]

    def function_facts(self, name: str) -> FunctionFacts | None:
        return self._functions.get(name)

    def summary(self, path: str) -> FileSummary | None:
        return self.index.summaries.get(os.path.abspath(path))

    def set_config(self, config: Config) -> dict[str, list[Finding]]:
        """Apply new settings: everything is re-resolved (config changes are rare)."""
        self.config = config
        self._extra_sinks = sinks.make_extra(config.sinks)
        return self._apply({}, set(), everything=True)

    def clone(self) -> Project:
        """An independent copy to try hypothetical edits on (fix verification): containers are
        copied, immutable summaries and facts shared; no cache writes and no jedi time."""
        twin = object.__new__(Project)
        for name, value in vars(self).items():
            setattr(twin, name, _copied(value))
        twin.index = self.index.copy()
        twin.cache = None
        twin.config = replace(self.config, jedi_budget=0)
        twin._jedi = JediResolver(self.roots, JediBudget(0))
        return twin

    # -- summarising -------------------------------------------------------------------------
    def _summarize(self, path: str, text: str) -> FileSummary | None:
        module, is_package = self.index.module_for(path)
        source = SourceFile(path, text)
        cached = self.cache.get(source.digest, module, is_package) if self.cache is not None else None
        if cached is not None:
            self.skipped.pop(path, None)
            return cached
        try:
            summary = summarize(source, module, is_package)
        except SummaryError as exc:
            # Keep the last good analysis of a file mid-edit: nothing is lost while typing.
            self.skipped[path] = exc.reason
            return None
        self.skipped.pop(path, None)
        if self.cache is not None:
            self.cache.put(summary)
        return summary

    # -- incremental core --------------------------------------------------------------------
    def _apply(self, changed: dict[str, FileSummary], removed: set[str], everything: bool = False) -> dict[str, list[Finding]]:
        dirty: set[str] = set()
        for path in removed:
            old = self.index.remove(path)
            if old is not None:
                dirty |= self._readers_of(old, None)
        for path, summary in changed.items():
            old = self.index.set(path, summary)
            dirty.add(path)
            dirty |= self._readers_of(old, summary)
        if everything:
            dirty |= set(self.index.summaries)
        changed_functions: set[str] = set()
        entries_dirty: set[EntryKey] = set()
        for path in removed:
            self._drop_facts(path, changed_functions, entries_dirty)
        dirty = {p for p in dirty if p in self.index.summaries}  # a removed file depends on itself
        rounds = 0
        analysed: set[str] = set()
        while dirty and rounds < 8:
            rounds += 1
            next_dirty: set[str] = set()
            context = GraphContext(self.index, self._receivers, self._extra_sinks)
            for path in sorted(dirty):
                next_dirty |= self._reanalyse(path, context, changed_functions, entries_dirty)
            analysed |= dirty
            # Receivers found this round change what `.save()` reaches in files already done.
            dirty = {p for p in next_dirty if p in self.index.summaries}
        self._rebuild_entries(entries_dirty)
        if everything:
            entries_dirty |= set(self._entries)
        for name in changed_functions:
            entries_dirty |= self._reached_by.get(name, set())
        # Re-analysed files are republished too: their own findings (OFP202/203) may have changed.
        changes = self._recompute(entries_dirty, force_files=set(removed) | set(changed) | analysed)
        return self._jedi_pass(changes) if self._refine else changes

    # -- jedi fallback -----------------------------------------------------------------------
    def _jedi_pass(self, changes: dict[str, list[Finding]], seconds: float | None = None) -> dict[str, list[Finding]]:
        """Ask jedi about calls we could not resolve in functions some handler reaches, add the
        edges it finds, and re-walk the handlers that reach those functions."""
        if self.config.jedi_budget <= 0 or not self._jedi_todo:
            return changes
        self._jedi.budget = JediBudget(self.config.jedi_budget if seconds is None else min(seconds, self.config.jedi_budget))
        improved: set[str] = set()
        for name in sorted(self._jedi_todo & self._reached_by.keys()):
            facts = self._functions.get(name)
            if not self._jedi.budget.left:
                break
            self._jedi_todo.discard(name)
            if facts is None or not facts.unresolved:
                continue
            extra = self._ask_jedi(facts)
            if extra is not None:
                self._functions[name] = extra
                file_facts = self.facts.get(facts.path)
                if file_facts is not None:  # facts are shared with clones: replace, never mutate
                    self.facts[facts.path] = replace(file_facts, functions={**file_facts.functions, name: extra})
                improved.add(name)
        if not improved:
            return changes
        entries = set().union(*(self._reached_by.get(n, set()) for n in improved))
        changes.update(self._recompute(entries, force_files=set()))
        return changes

    def _ask_jedi(self, facts: FunctionFacts) -> FunctionFacts | None:
        summary = self.index.summaries.get(facts.path)
        if summary is None:
            return None
        text = self._texts.get(facts.path)
        edges, hits = list(facts.edges), list(facts.sinks)
        for call, func in facts.unresolved:
            key = (summary.digest, func.end_line, func.end_col)
            if key in self._jedi_asked:
                continue
            if text is None:
                text = read_source(facts.path) or ""
            names = self._jedi.names(facts.path, text, summary.digest, func.end_line, max(func.end_col - 1, 0))
            if names is None:
                self._jedi_todo.add(facts.name)  # not answered yet: ask again on a later pass
                continue
            self._jedi_asked.add(key)
            for full in names:
                spec = sinks.lookup(full, self._extra_sinks)
                if spec is not None:
                    hits.append(SinkHit(call, spec))
                elif full in self._functions:
                    edges.append(Edge(full, call, "jedi"))
        if len(edges) == len(facts.edges) and len(hits) == len(facts.sinks):
            return None
        return replace(facts, edges=tuple(dict.fromkeys(edges)), sinks=tuple(hits))

    def _readers_of(self, old: FileSummary | None, new: FileSummary | None) -> set[str]:
        """The files whose resolution read something of this file that the edit changed."""
        if not self._rdeps:  # nothing resolved yet (start-up): nobody to invalidate
            return set()
        out: set[str] = set()
        for key in changed_keys(old, new):
            out |= self._rdeps.get(key, set())
        return out

    def _drop_facts(self, path: str, changed_functions: set[str], entries_dirty: set[EntryKey]) -> None:
        old = self.facts.pop(path, None)
        if old is None:
            return
        for dep in old.dependencies:
            self._rdeps[dep].discard(path)
        for name in old.functions:
            if self._functions.get(name) is old.functions[name]:
                del self._functions[name]
            changed_functions.add(name)
        for key, receiver in old.receivers:
            self._receivers[key].discard(receiver)
        for entry in old.entries:
            key = (entry.name, entry.self_class)
            self._entry_sources[key].pop(path, None)
            entries_dirty.add(key)

    def _reanalyse(self, path: str, context: GraphContext, changed_functions: set[str], entries_dirty: set[EntryKey]) -> set[str]:
        summary = self.index.summaries.get(path)
        old = self.facts.get(path)
        new = analyze_file(path, summary, context)
        if old is not None:
            for dep in old.dependencies - new.dependencies:
                self._rdeps[dep].discard(path)
        for dep in new.dependencies:
            self._rdeps[dep].add(path)
        self.facts[path] = new
        old_functions = old.functions if old else {}
        for name in old_functions.keys() | new.functions.keys():
            before, after = old_functions.get(name), new.functions.get(name)
            if before != after:
                changed_functions.add(name)
            if after is not None:
                self._functions[name] = after
                if after.unresolved and before != after:
                    self._jedi_todo.add(name)
            elif self._functions.get(name) is before:
                del self._functions[name]
        more: set[str] = set()
        old_receivers = set(old.receivers) if old else set()
        new_receivers = set(new.receivers)
        for key, receiver in old_receivers - new_receivers:
            self._receivers[key].discard(receiver)
        for key, receiver in new_receivers - old_receivers:
            self._receivers[key].add(receiver)
        for key, _ in old_receivers ^ new_receivers:
            more |= self._rdeps.get(f"signal:{key}", set())
        old_entries = set(old.entries) if old else set()
        if old_entries != set(new.entries):
            for entry in old_entries:
                self._entry_sources[(entry.name, entry.self_class)].pop(path, None)
            for entry in new.entries:
                self._entry_sources[(entry.name, entry.self_class)][path] = entry
            entries_dirty.update((e.name, e.self_class) for e in old_entries ^ set(new.entries))
        return more

    def _rebuild_entries(self, entries_dirty: set[EntryKey]) -> None:
        """Re-merge the entry points whose contributions changed (a urls.py may route to a view
        defined elsewhere: each key keeps the contribution of every file that names it)."""
        for key in list(entries_dirty):
            sources = self._entry_sources.get(key)
            merged = None
            for entry in (sources or {}).values():
                if merged is None or (entry.route and not merged.route):
                    merged = entry
            if merged is None:
                self._entries.pop(key, None)
            else:
                self._entries[key] = merged
        for spec in self.config.entry_points:
            name = spec.replace(":", ".")
            key = (name, "")
            found = self.index.function(name)
            if found is None or (key in self._entries and self._entries[key].framework != "config"):
                continue
            path = self.index.path_for_module(found[0].module) or ""
            entry = EntryPoint(name, path, found[1].span, "config")
            if self._entries.get(key) != entry:
                self._entries[key] = entry
                entries_dirty.add(key)

    def _recompute(self, entries_dirty: set[EntryKey], force_files: set[str]) -> dict[str, list[Finding]]:
        touched = set(force_files)
        memo: dict = {}
        lookup = self._method_lookup()
        for key in entries_dirty:
            for finding in self._entry_findings.pop(key, ()):
                touched.add(finding.path)
                self._entries_in_file[finding.path].discard(key)
            for name in self._entry_reach.pop(key, ()):
                holders = self._reached_by.get(name)
                if holders is not None:
                    holders.discard(key)
                    if not holders:
                        del self._reached_by[name]
            entry = self._entries.get(key)
            if entry is None:
                continue
            found, reached = findings_for(entry, self._functions.get, self._path_of_function, memo, lookup, self.hops)
            self._entry_findings[key] = found
            self._entry_reach[key] = reached
            for finding in found:
                self._entries_in_file[finding.path].add(key)
            for name in reached:
                self._reached_by[name].add(key)
            touched.update(f.path for f in found)
        return self._publish(touched)

    def _method_lookup(self):
        """`lookup(cls, name, after)`: the method `name` that an instance of `cls` runs (searching
        its MRO after class `after` for `super()`), for context-sensitive `self` calls."""
        resolver = Resolver(self.index)

        def lookup(cls: str, name: str, after: str) -> str | None:
            order, _ = resolver.mro(cls)
            if after:
                if after not in order:
                    return None
                order = order[order.index(after) + 1:]
            for owner in order:
                candidate = f"{owner}.{name}"
                if candidate in self._functions:
                    return candidate
            return None

        return lookup

    def _path_of_function(self, name: str) -> str:
        facts = self._functions.get(name)
        return facts.path if facts else ""

    def _publish(self, touched: set[str]) -> dict[str, list[Finding]]:
        # Only the entries whose findings land in a touched file are read: an edit's cost does not
        # grow with the number of findings elsewhere in the workspace.
        by_file: dict[str, list[Finding]] = {path: [] for path in touched if path}
        for path, found in by_file.items():
            for key in self._entries_in_file.get(path, ()):
                found.extend(f for f in self._entry_findings.get(key, ()) if f.path == path)
        for path in list(by_file):
            by_file[path].extend(self._local_findings(path))
        changes: dict[str, list[Finding]] = {}
        for path, found in by_file.items():
            final = self._finalise(path, found)
            if self._published.get(path, []) != final:
                changes[path] = final
                if final or path in self.index.summaries:
                    self._published[path] = final
                else:
                    self._published.pop(path, None)
        return changes

    def _local_findings(self, path: str) -> list[Finding]:
        """Queue-hygiene findings that do not depend on an entry point (OFP202, OFP203)."""
        facts = self.facts.get(path)
        if facts is None:
            return []
        out = []
        for function in facts.functions.values():
            for job in function.dispatches:
                if job.orm_args:
                    models = ", ".join(f"`{m.rsplit('.', 1)[-1]}`" for m in job.orm_args)
                    out.append(_finding("OFP202", path, job.span,
                                        f"`{_task_label(job)}` is given a {models} object: pass its id and load it in the task "
                                        f"(the worker would see stale data or fail to serialise it)"))
                if job.atomic and not job.on_commit:
                    out.append(_finding("OFP203", path, job.span,
                                        f"`{_task_label(job)}` is dispatched inside `transaction.atomic()`: the worker may run "
                                        f"before the commit — wrap it in `transaction.on_commit(...)`"))
        return out

    def _finalise(self, path: str, found: list[Finding]) -> list[Finding]:
        summary = self.index.summaries.get(path)
        suppressed = dict(summary.suppressions) if summary else {}
        unique: dict[tuple, Finding] = {}
        for finding in found:
            if not self.config.enabled(finding.code):
                continue
            if _suppressed(finding, suppressed):
                continue
            key = (finding.code, finding.span, finding.sink.api if finding.sink else "", finding.entry.name if finding.entry else "")
            group = (finding.code, finding.span)
            # One finding per place and rule: a handler's own report beats a hop, then the
            # shallowest chain speaks for the rest.
            existing = unique.get(group)
            if existing is None or (finding.hop > 0, finding.depth, key) < (existing.hop > 0, existing.depth, _key(existing)):
                unique[group] = finding
        out = []
        for finding in unique.values():
            rule = BY_CODE[finding.code]
            severity = self.config.severity_for(finding.code, finding.category, rule.severity)
            if finding.hop:
                severity = Severity.INFO
            if severity != finding.severity:
                finding = replace(finding, severity=severity)
            out.append(finding)
        out.sort(key=lambda f: (f.span, f.code))
        return out


def _copied(value):
    """One level deeper than a shallow copy: dicts/sets/lists of (possibly mutable) containers."""
    if isinstance(value, defaultdict):
        return defaultdict(value.default_factory, {k: _copied_inner(v) for k, v in value.items()})
    if isinstance(value, dict):
        return {k: _copied_inner(v) for k, v in value.items()}
    return _copied_inner(value)


def _copied_inner(value):
    if isinstance(value, (set, list, dict)):
        return type(value)(value)
    return value


def _key(finding: Finding) -> tuple:
    return (finding.code, finding.span, finding.sink.api if finding.sink else "", finding.entry.name if finding.entry else "")


def _suppressed(finding: Finding, suppressed: dict[int, tuple[str, ...]]) -> bool:
    for line in {finding.span.line, finding.span.end_line}:
        codes = suppressed.get(line)
        if codes is not None and (not codes or finding.code in codes):
            return True
    return False


def _task_label(job) -> str:
    if job.task:
        return job.task.rsplit(".", 1)[-1]
    return job.method or "task"


def _finding(code: str, path: str, span: Span, message: str) -> Finding:
    rule = BY_CODE[code]
    return Finding(code=code, message=message, path=path, span=span, category=rule.category, severity=rule.severity)


def read_source(path: str) -> str | None:
    """The decoded text of a regular file of at most MAX_FILE_BYTES, else None.

    Opened without blocking and checked after opening: a FIFO named `x.py` would wait for a writer
    forever, a link to /dev/zero never ends, and a file can be swapped between a check and a read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        with open(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
                return None
            data = handle.read(MAX_FILE_BYTES + 1)
            return None if len(data) > MAX_FILE_BYTES else decode_source(data)
    except OSError:
        return None


def discover(paths: Iterable[str], config: Config | None = None, root: str | None = None) -> list[str]:
    """Python files under `paths`, skipping virtualenvs, caches, build dirs and excludes."""
    config = config or Config()
    found: list[str] = []
    seen_dirs: set[tuple[int, int]] = set()
    for start in paths:
        start = os.path.abspath(start)
        base = root or (start if os.path.isdir(start) else os.path.dirname(start))
        if os.path.isfile(start):
            found.append(start)
            continue
        for directory, dirnames, filenames in os.walk(start, followlinks=False):
            try:
                stat = os.stat(directory)
                ident = (stat.st_dev, stat.st_ino)
            except OSError:
                continue
            if ident in seen_dirs:
                dirnames[:] = []
                continue
            seen_dirs.add(ident)
            dirnames[:] = sorted(
                d for d in dirnames
                if d not in SKIP_DIRS and not d.endswith(".egg-info")
                and not os.path.exists(os.path.join(directory, d, "pyvenv.cfg"))
                and not config.excluded(os.path.relpath(os.path.join(directory, d), base))
            )
            for name in sorted(filenames):
                if not name.endswith((".py", ".pyi")) or name.endswith(".pyi"):
                    continue
                full = os.path.join(directory, name)
                if config.excluded(os.path.relpath(full, base)) or not os.path.isfile(full):
                    continue
                found.append(full)
    return found
