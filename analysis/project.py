"""The analysis of a whole workspace, kept current one file at a time.

`Project` is a small facade over three parts with one job each:
  `Workspace` (workspace.py)  files, texts, summaries, the summary cache, discovery and I/O;
  `Graph` (graph.py)          resolution into per-file facts, dependency keys, invalidation, jedi;
  `Findings` (findings.py)    the walks from each entry point, suppression, severity, publishing.
`Project.update(path, text)` re-summarises that file, re-resolves only the files that read what
changed, re-walks only the entry points whose reachable set contains a changed function, and
returns findings for every file whose findings changed, empty lists included, so fixed files get
cleared (like ruff's DiagnosticsMap).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable

from . import gcpause
from .callgraph import FileFacts, FunctionFacts
from .config import Config
from .dependencies import lookups_kept
from .findings import Findings
from .graph import EntryKey, Graph
from .index import WorkspaceIndex
from .jedi_resolver import JediResolver
from .model import EntryPoint, Finding
from .reachability import moved_functions
from .source import MAX_FILE_BYTES, read_source
from .summary import FileSummary
from .workspace import Workspace, discover

__all__ = ["MAX_FILE_BYTES", "EntryKey", "Project", "discover", "read_source"]


class Project:
    def __init__(self, roots: Iterable[str], config: Config | None = None, cache=None, hops: bool = False,
                 environment=None, library_cache=None):
        """`hops=True` also reports each side effect on the deeper calls of its chain (the editor
        shows them in service modules); the CLI reports where the handler starts the chain.
        `environment` (`environment.Environment`): installed packages to read, statically, their
        summaries kept in `library_cache` (a `SummaryCache`, see `cache.library_cache`)."""
        self.workspace = Workspace(roots, cache)
        if environment is not None:
            from .library import Library

            self.workspace.index.library = Library(environment, library_cache)
        self.graph = Graph(self.workspace, config or Config())
        self.results = Findings(self.graph, hops)
        self._refine = True
        self._refine_default = True

    # -- the parts' state, by the names callers use ------------------------------------------
    @property
    def roots(self) -> list[str]:
        return self.workspace.roots

    @property
    def hops(self) -> bool:
        return self.results.hops

    @property
    def config(self) -> Config:
        return self.graph.config

    @property
    def cache(self):
        return self.workspace.cache

    @property
    def index(self) -> WorkspaceIndex:
        return self.workspace.index

    @property
    def skipped(self) -> dict[str, str]:
        return self.workspace.skipped

    @property
    def facts(self) -> dict[str, FileFacts]:
        return self.graph.facts

    @property
    def _jedi(self) -> JediResolver:
        return self.graph.jedi

    # -- public API --------------------------------------------------------------------------
    def update(self, path: str, text: str, version: int | None = None) -> dict[str, list[Finding]]:
        """Analyse new text for `path`; findings of every file whose findings changed."""
        path = os.path.abspath(path)
        renames = self.workspace.note_file(path, present=True)
        summary = self.workspace.summarize(path, text)
        if summary is None:
            return {}
        self.workspace.texts[path] = text
        old = self.index.summaries.get(path)
        if old is not None and old.digest == summary.digest and old.module == summary.module and not renames:
            return {}
        changed = self.workspace.renamed() if renames else {}  # a new package renames modules below it
        changed[path] = summary
        return self._apply(changed, set())

    def remove(self, path: str) -> dict[str, list[Finding]]:
        path = os.path.abspath(path)
        renames = self.workspace.note_file(path, present=False)
        self.skipped.pop(path, None)
        self.workspace.texts.pop(path, None)
        changed = self.workspace.renamed() if renames else {}  # so does a package that stops being one
        changed.pop(path, None)
        if path not in self.index.summaries and not changed:
            return {}
        return self._apply(changed, {path} & set(self.index.summaries))

    def load(self, paths: Iterable[str], progress: Callable[[int, int], None] | None = None,
             workers: int = 1, refine: bool = True) -> dict[str, list[Finding]]:
        """Index many files at once (start-up, `offpath check`): one resolution pass for all.
        `workers` > 1 summarises on several processes (the CLI; never inside the server).
        `refine=False` leaves the jedi fallback for a later `refine()` (the server publishes first)."""
        self._refine = refine and self._refine_default
        try:
            with gcpause.paused():  # millions of records, almost no cycles: see gcpause
                summaries = self.workspace.summarize_all([os.path.abspath(p) for p in paths], progress, workers)
                return self._apply(summaries, set())
        finally:
            self._refine = self._refine_default

    def apply_changes(self, changed: dict[str, FileSummary], removed: Iterable[str]) -> dict[str, list[Finding]]:
        """Many files changed at once (a check restored from the cache): one incremental pass,
        findings of every file whose findings changed."""
        removed = {os.path.abspath(p) for p in removed}
        for path in removed:
            self.workspace.texts.pop(path, None)
        removed &= set(self.index.summaries)
        if not changed and not removed:
            return self._jedi_pass({}) if self._refine else {}
        return self._apply(changed, removed)

    def refine(self, seconds: float | None = None) -> dict[str, list[Finding]]:
        """Run the jedi fallback for what is still unresolved (at most `seconds` of it, capped by
        `jedi-budget`; None: until every reached call has its answer); findings of files that changed."""
        return self._jedi_pass({}, seconds)

    @property
    def refinable(self) -> bool:
        """Whether a handler-reached function still waits for a jedi answer."""
        return self.graph.refinable(self.results.reached_by.keys())

    def set_refine(self, automatic: bool) -> None:
        """`False`: updates never wait for jedi; the caller runs `refine()` when it is idle."""
        self._refine = automatic
        self._refine_default = automatic

    def findings(self, path: str) -> list[Finding]:
        return self.results.of_file(os.path.abspath(path))

    def all_findings(self) -> dict[str, list[Finding]]:
        return self.results.all()

    def entry_points(self) -> list[EntryPoint]:
        return sorted(self.graph.entries.values(), key=lambda e: (e.path, e.span.line, e.self_class))

    def entry_findings(self, entry: EntryPoint, hops: bool = False) -> list[Finding]:
        """What this handler's request waits for (with `hops`, also the reports deeper in chains)."""
        found = self.results.of_entry((entry.name, entry.self_class))
        return [f for f in found if hops or not f.hop]

    def function_facts(self, name: str) -> FunctionFacts | None:
        return self.graph.functions.get(name)

    def summary(self, path: str) -> FileSummary | None:
        return self.index.summaries.get(os.path.abspath(path))

    def set_config(self, config: Config) -> dict[str, list[Finding]]:
        """Apply new settings: everything is re-resolved (config changes are rare)."""
        self.graph.set_config(config)
        return self._apply({}, set(), everything=True)

    def clone(self) -> Project:
        """An independent copy to try hypothetical edits on (fix verification): containers are
        copied, immutable summaries and facts shared; no cache writes and no jedi time."""
        twin = object.__new__(Project)
        twin.workspace = self.workspace.copy()
        twin.graph = self.graph.copy(twin.workspace)
        twin.results = self.results.copy(twin.graph)
        twin._refine = self._refine
        twin._refine_default = self._refine_default
        return twin

    # -- one pass ----------------------------------------------------------------------------
    def _apply(self, changed: dict[str, FileSummary], removed: set[str], everything: bool = False) -> dict[str, list[Finding]]:
        if everything:
            self.results.forget_walks()
        graph_changes = self.graph.apply(changed, removed, everything)
        entries = graph_changes.entries | self.results.reaching(graph_changes.functions, graph_changes.before)
        # A line added or deleted above functions moves them: the walks that met nothing else
        # changed keep their findings, moved (`Findings.recompute`). Only when no file was removed
        # and no class, import or function name changed (every MRO lookup answers as before).
        moved = None
        if not everything and not removed and lookups_kept(graph_changes.keys, self.index.module):
            moved = moved_functions(graph_changes.functions, graph_changes.before, self.graph.facts_of)
        # Re-analysed files are republished too: their own findings (OFP202/203) may have changed.
        changes = self.results.recompute(entries, force_files=set(removed) | set(changed) | graph_changes.analysed,
                                         moved=moved, changed=graph_changes.functions, rewalk=graph_changes.entries)
        return self._jedi_pass(changes) if self._refine else changes

    def _jedi_pass(self, changes: dict[str, list[Finding]], seconds: float | None = None) -> dict[str, list[Finding]]:
        """Ask jedi about calls we could not resolve in functions some handler reaches, add the
        edges it finds, and re-walk the handlers that reach those functions. Without `seconds`
        (the CLI, scripts, tests) this repeats until the functions jedi's edges newly reach have
        been asked too: the result is a fixed point, the same whatever the load; the editor's
        timed slices reach the same point over several idle moments."""
        while True:
            improved = self.graph.jedi_pass(self.results.reached_by.keys(), seconds)
            if not improved:
                return changes
            changes.update(self.results.recompute(self.results.reaching(improved), force_files=set()))
            if seconds is not None:
                return changes
