"""The Project behind the server: one worker thread owns it, edits are coalesced, results published.

Handlers on the event loop only enqueue work (`schedule`, `submit`); the worker drains every pending
edit at once (a burst of keystrokes becomes one update, the newest text wins), runs jobs (indexing,
config changes) between batches, and hands findings back to the loop to publish. A job never reads
the loop's state: it gets a `Snapshot` (open buffers, roots, settings) taken when it is queued, as
ruff's server hands its tasks a snapshot. While newer edits
are waiting, results are held back, so the last thing a client sees is the analysis of its last text.
"""

from __future__ import annotations

import ast
import asyncio
import logging
import os
import threading
import time
import traceback
import uuid
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from lsprotocol import types
from offpath.analysis import baseline, checkcache, gcpause
from offpath.analysis.cache import SummaryCache, default_cache_dir, library_cache
from offpath.analysis.config import Config, ConfigError, find_pyproject, load_config
from offpath.analysis.environment import NoEnvironment
from offpath.analysis.environment import discover as discover_environment
from offpath.analysis.findings import is_suppressed
from offpath.analysis.model import Finding, Fix, Span
from offpath.analysis.project import Project, discover, read_source
from offpath.analysis.source import split_lines
from pygls.lsp.server import LanguageServer

from . import convert
from .convert import EntrySummary, SideEffect
from .fixes import FixCache, FixWarmer

log = logging.getLogger(__name__)

TEXT, DISK, REMOVE = "text", "disk", "remove"
_HISTORY = 16  # older texts kept per file while edits are coalesced
REFINE_IDLE_SECONDS = 1.0  # jedi runs only after this long without an edit
# The open files' fixes are warmed only after this long without an edit: the snapshot
# (`Project.clone`) and the verifications on it would otherwise share the interpreter with the
# next edit's analysis (on sentry an edit took seconds through the server instead of ~0.1 s).
WARM_IDLE_SECONDS = 0.5
REFINE_SLICE_SECONDS = 0.1  # jedi time per slice: an edit typed during one waits at most this
REFINE_ROUNDS = 100  # slices after a pause; the next edit allows as many again
KEEP_WAIT = 120.0  # seconds a shutdown waits for the state the next start resumes (then it is lost)
_OPTION_KEYS = {
    "codeLens": "code-lens", "code-lens": "code-lens", "code_lens": "code-lens",
    "entryPoints": "entry-points", "entry-points": "entry-points", "entry_points": "entry-points",
    "severity": "severity", "queue": "queue", "select": "select", "ignore": "ignore",
    "exclude": "exclude", "extendExclude": "extend-exclude", "sinks": "sinks", "python": "python",
}


@dataclass(frozen=True)
class Snapshot:
    """What a worker job may read of the loop thread's state, copied when the job is queued: the
    loop goes on changing `Session.open`, `roots` and `config` while the job runs."""

    open: Mapping[str, str]
    roots: tuple[str, ...]
    config: Config

    def text_of(self, path: str) -> str | None:
        """The client's text of a file: its open buffer, else the file on disk."""
        text = self.open.get(path)
        return text if text is not None else read_source(path)


def overrides_from(options: object) -> dict:
    """Editor settings (camelCase or TOML spelling) as `Config.merged` keys; unknown keys dropped."""
    if not isinstance(options, dict):
        return {}
    if isinstance(options.get("offpath"), dict):
        options = options["offpath"]
    return {_OPTION_KEYS[k]: v for k, v in options.items() if k in _OPTION_KEYS and v is not None}


class Session:
    def __init__(self, server: LanguageServer):
        self.server = server
        self.loop: asyncio.AbstractEventLoop | None = None
        self.roots: list[str] = []
        self.options: dict = {}
        self.settings: dict = {}
        self.config = Config()
        self.cache: SummaryCache | None = None
        self.project: Project | None = None  # touched only by the worker thread
        # Client abilities, read at `initialize`.
        self.pull = False
        self.pull_ignored = False
        self.diagnostic_refresh = False
        self.code_lens_refresh = False
        self.progress = False
        # Loop-thread state.
        self.open: dict[str, str] = {}
        self._pending_open: Mapping[str, str] = MappingProxyType({})  # guarded by _cond
        self._worker_open: Mapping[str, str] = MappingProxyType({})  # the worker's own copy
        self.published: dict[str, list[Finding]] = {}
        self.result_ids: dict[str, str] = {}
        self.entries: dict[str, list[EntrySummary]] = {}
        self.indexing = False
        self._next_result = 0
        self._refining = 0
        self._last_edit = 0.0
        self._warm_wanted: tuple[dict[str, str], set[str]] | None = None  # (open texts, files first)
        self._baseline: tuple[tuple[str, int], baseline.Baseline | None] | None = None
        self._lines_cache: dict[str, tuple[tuple[int, int], list[str]]] = {}
        # Shared with the worker, guarded by `_cond`.
        self._cond = threading.Condition()
        # path -> (kind, newest text, publish even if unchanged, older texts of this burst)
        self._pending: dict[str, tuple[str, str | None, bool, tuple[str, ...]]] = {}
        # (job, future for its result, its number when it may change findings, else None)
        self._jobs: deque[tuple[Callable[[], dict | None], asyncio.Future | None, int | None]] = deque()
        self._stopping = False
        # Every edit and every job that may change findings is numbered as it is queued; a pull
        # answers once everything numbered before it is analysed and its diagnostics delivered
        # (`settled`), which is what a push waits for: not for the code lenses built after the
        # diagnostics, nor for background work (fix warming, jedi slices, the stored state).
        self._seq = 0
        self._pending_since = 0  # the number of the oldest edit in `_pending`
        # Loop-thread state: everything numbered up to `_delivered` is delivered.
        self._delivered = 0
        self._waiters: list[tuple[int, asyncio.Future]] = []
        # Worker-only state.
        self._unpublished: set[str] = set()
        self._touched: set[str] = set()
        self._entries_built: dict[str, list[EntrySummary]] = {}
        self._cross_file = False
        self._worker: threading.Thread | None = None
        self._keeping: threading.Thread | None = None  # writing the state for the next start
        self._keep_wanted: tuple[list[str], str] | None = None  # (files, folder) not yet taken
        self.stats = {"batches": 0, "updates": 0}
        self.fix_cache = FixCache()
        self.fix_warmer = FixWarmer(self.fix_cache, lambda message: self.log(message, types.MessageType.Error))

    # -- set-up ------------------------------------------------------------------------------
    def configure(self, params: types.InitializeParams) -> None:
        """Read roots, options and client abilities from `initialize`."""
        caps = params.capabilities
        text = caps.text_document
        workspace = caps.workspace
        self.diagnostic_refresh = bool(workspace and workspace.diagnostics and workspace.diagnostics.refresh_support)
        # Pull only when we can ask for a re-pull: a client without refresh support (Neovim 0.10,
        # 0.11) re-pulls a file only when that file changes, so an edit in a service module would
        # never reach the open view. It is pushed to instead, and its pulls get empty answers so
        # that nothing shows twice (Neovim keeps pulled and pushed diagnostics apart).
        self.pull = bool(text and text.diagnostic) and self.diagnostic_refresh
        self.pull_ignored = bool(text and text.diagnostic) and not self.diagnostic_refresh
        self.code_lens_refresh = bool(workspace and workspace.code_lens and workspace.code_lens.refresh_support)
        self.progress = bool(caps.window and caps.window.work_done_progress)
        self.options = params.initialization_options if isinstance(params.initialization_options, dict) else {}
        if self.options.get("diagnosticMode") == "push":
            self.pull = False
        folders = [convert.path_for(f.uri) for f in params.workspace_folders or []]
        if not folders and params.root_uri:
            folders = [convert.path_for(params.root_uri)]
        elif not folders and params.root_path:
            folders = [params.root_path]
        self.roots = [os.path.abspath(f) for f in folders if f]
        self.config = self.read_config()
        cache_dir = self.options.get("cacheDir") or os.environ.get("OFFPATH_CACHE_DIR")
        if cache_dir != "off":
            self.cache = SummaryCache(cache_dir or default_cache_dir(self.roots[0] if self.roots else None))
        self.project = self.new_project(self.roots)

    def new_project(self, roots: list[str], config: Config | None = None) -> Project:
        """The server's Project: hop reports on, and jedi never on the path of an edit (it runs
        as `refine` jobs when the worker is idle)."""
        found = self.environment(roots, config or self.config)
        project = Project(roots, config or self.config, cache=self.cache, hops=True, environment=found,
                          library_cache=library_cache(self.options.get("cacheDir")) if found and self.cache else None)
        project.set_refine(False)
        return project

    def environment(self, roots: list[str], config: Config):
        """The installed packages to read: the `python` setting (the editor's interpreter), else
        the places `environment.discover` looks."""
        try:
            return discover_environment(config.python, roots[0] if roots else None, "settings")
        except NoEnvironment as exc:
            self.log(f"offpath: {exc}", types.MessageType.Error)
            return None

    def start(self) -> None:
        self.loop = asyncio.get_running_loop()
        if self._worker is None:
            self._worker = threading.Thread(target=self._run, name="offpath-analysis", daemon=True)
            self._worker.start()

    def stop(self) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        self.fix_warmer.stop()
        # The state the next start resumes: let it finish writing; when the worker stopped before
        # it could take its snapshot (a shutdown right after the index), write it from here.
        worker, wanted = self._worker, self._keep_wanted
        if wanted is not None and worker is not None and worker is not threading.current_thread():
            worker.join(KEEP_WAIT)
            if self._keep_wanted is not None and not worker.is_alive():
                self._keep_wanted = None
                try:
                    checkcache.keep(self.project, *wanted)
                except Exception:
                    log.warning("offpath: could not store the index for the next start", exc_info=True)
        keeping = self._keeping
        if keeping is not None:
            keeping.join(KEEP_WAIT)

    def read_config(self) -> Config:
        base = Config()
        if self.roots:
            try:
                base = load_config(self.roots[0])
            except ConfigError as exc:
                self.log(f"offpath: {exc}", types.MessageType.Error)
        try:
            merged = base.merged(overrides_from(self.options))
            return merged.merged(overrides_from(self.settings))
        except ConfigError as exc:
            self.log(f"offpath: settings: {exc}", types.MessageType.Error)
            return base

    def snapshot(self) -> Snapshot:
        """An immutable copy of the loop-thread state a job reads (call it on the loop thread)."""
        return Snapshot(MappingProxyType(dict(self.open)), tuple(self.roots), self.config)

    def config_files(self) -> set[str]:
        return {p for p in (find_pyproject(root) for root in self.roots) if p}

    # -- enqueueing (loop thread) --------------------------------------------------------------
    def schedule(self, path: str, kind: str, text: str | None = None, force: bool = False) -> None:
        """Queue the newest state of one file; an older pending state of it is dropped."""
        if kind != REMOVE and not self.wanted(path):
            return
        with self._cond:
            self._seq += 1
            if not self._pending:
                self._pending_since = self._seq
            previous = self._pending.get(path)
            history: tuple[str, ...] = ()
            if previous is not None and kind == TEXT and previous[0] == TEXT:
                history = (previous[3] + (previous[1],))[-_HISTORY:]
            self._pending[path] = (kind, text, force or bool(previous and previous[2]), history)
            # The open buffers as of this state, for the worker (it never reads `self.open`).
            self._pending_open = MappingProxyType(dict(self.open))
            self._cond.notify()

    def submit(self, job: Callable[[], dict | None], want_result: bool = False,
               changes: bool = True) -> asyncio.Future | None:
        """Queue a job for the worker. `changes`: it may change findings (an index, new settings,
        files added or dropped), so a pull queued after it waits for it (`settled`); a job that
        only answers (fixes, a source action's edit) or stores the state does not hold pulls up."""
        future = self.loop.create_future() if want_result and self.loop else None
        with self._cond:
            number = None
            if changes:
                self._seq += 1
                number = self._seq
            self._jobs.append((job, future, number))
            self._cond.notify()
        return future

    def wanted(self, path: str) -> bool:
        if not path.endswith(".py"):
            return False
        for root in self.roots:
            if path.startswith(root.rstrip(os.sep) + os.sep):
                return not self.config.excluded(os.path.relpath(path, root))
        return True

    def has_pending(self) -> bool:
        """Whether edits or jobs wait for the worker (answers from caches would be stale)."""
        with self._cond:
            return bool(self._pending or self._jobs)

    async def settled(self) -> None:
        """Wait until every edit and every job that may change findings queued so far has been
        analysed and its diagnostics delivered (a pull's answer is then what a push would show)."""
        with self._cond:
            wanted = self._seq
        if wanted <= self._delivered or self.loop is None:
            return
        future = self.loop.create_future()
        self._waiters.append((wanted, future))
        await future

    def _settled_number(self) -> int:
        """The highest number below which nothing waits for the worker (call it between items)."""
        with self._cond:
            if self._pending:
                return self._pending_since - 1
            waiting = next((number for _, _, number in self._jobs if number is not None), None)
            return self._seq if waiting is None else waiting - 1

    def _release(self, number: int) -> None:
        """Loop thread: everything numbered up to `number` is delivered; answer the pulls waiting on it."""
        if number <= self._delivered:
            return
        self._delivered = number
        ready = [f for wanted, f in self._waiters if wanted <= number]
        self._waiters = [(wanted, f) for wanted, f in self._waiters if wanted > number]
        for future in ready:
            _resolve(future, None)

    # -- the worker ----------------------------------------------------------------------------
    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._pending and not self._jobs and not self._stopping:
                    warm = self._warm_delay()
                    if warm is not None and warm <= 0:
                        self._jobs.append((self._warm_job(), None, None))
                        break
                    delay = self._refine_delay()
                    if warm is not None and (delay is None or warm < delay):
                        delay = warm
                    if delay is None:
                        self._cond.wait()
                    elif delay > 0:
                        self._cond.wait(delay)
                    else:
                        self._refining += 1
                        self._jobs.append((self.refine_job(), None, None))
                if self._stopping:
                    return
                if self._pending:
                    batch, self._pending = self._pending, {}
                    self._worker_open = self._pending_open
                    job = None
                else:
                    batch, (job, future, _) = None, self._jobs.popleft()
            result = None
            try:
                if batch is not None:
                    self._apply_batch(batch)
                else:
                    result = job()
                    if isinstance(result, dict):
                        self._unpublished |= set(result)
                        self._cross_file = True
            except Exception:  # noqa: BLE001 - the worker must survive anything the analysis throws
                self.log(f"offpath: analysis failed:\n{traceback.format_exc()}", types.MessageType.Error)
            with self._cond:
                newer = bool(self._pending)
                if batch is not None:
                    self._refining, self._last_edit = 0, time.monotonic()
            if not newer:
                settled = self._settled_number()
                try:
                    self._flush(settled)
                except Exception:  # noqa: BLE001
                    self.log(f"offpath: publishing failed:\n{traceback.format_exc()}", types.MessageType.Error)
                    self._call_soon(self._release, settled)  # pulls get the last delivered state
            if batch is None and future is not None:
                self._call_soon(_resolve, future, result)

    def _apply_batch(self, batch: dict[str, tuple[str, str | None, bool]]) -> None:
        project = self.project
        self.stats["batches"] += 1
        for path, (kind, text, force, history) in batch.items():
            if kind == DISK:
                text = read_source(path) if os.path.isfile(path) and self.wanted(path) else None
                kind = REMOVE if text is None else TEXT
            if kind == REMOVE:
                changes = forget(project, path)
            else:
                changes = project.update(path, text)
                self.stats["updates"] += 1
                # The newest text does not parse: the newest one of this burst that does is what the
                # user last saw working (coalescing must not resurrect an older analysis).
                for older in reversed(history):
                    if path not in project.skipped:
                        break
                    changes = {**changes, **project.update(path, older)}
            self._touched.add(path)
            if force or kind == TEXT:
                # An edited file is republished even when its findings did not change: its ranges
                # were converted against the client's text of the last publish (maybe one that did
                # not parse), and the same findings on the new text may sit at other columns.
                self._unpublished.add(path)
            if any(p != path for p in changes):
                self._cross_file = True
            self._unpublished |= set(changes)

    def _flush(self, settled: int | None = None) -> None:
        """Deliver the findings of the files analysed since the last flush, then the entry
        summaries; `settled`: the number of the last queued item these findings include."""
        project = self.project
        paths, self._unpublished = self._unpublished, set()
        edited = frozenset(self._touched)
        touched, self._touched = self._touched | paths, set()
        cross, self._cross_file = self._cross_file, False
        results = {path: project.findings(path) for path in paths}
        if paths:
            self.fix_cache.invalidate(paths)  # these files' findings changed: their fixes may differ
        # The diagnostics go first: the entries' summaries (code lenses) of every touched file
        # follow in their own delivery (an edit every endpoint goes through touches hundreds).
        self._call_soon(self._deliver, results, None, cross, edited, settled)
        entries = self._entry_snapshot(touched) if touched or cross or not self._entries_built else self._entries_built
        self._call_soon(self._deliver, {}, entries, False)
        if paths:
            # After a pause in typing (`_warm_delay`): warming snapshots the whole project
            # (`Project.clone`), which no edit's diagnostics must wait for.
            first = self._warm_wanted[1] if self._warm_wanted is not None else set()
            self._warm_wanted = (dict(self._worker_open), first | paths)

    def _warm_delay(self) -> float | None:
        """Seconds until the open files' fixes may be warmed, None when nothing asks for it."""
        if self._warm_wanted is None:
            return None
        return self._last_edit + WARM_IDLE_SECONDS - time.monotonic()

    def _warm_job(self) -> Callable[[], None]:
        wanted, self._warm_wanted = self._warm_wanted, None

        def run() -> None:
            self.fix_warmer.warm_open(self.project, *wanted)
        return run

    def _entry_snapshot(self, touched: set[str]) -> dict[str, list[EntrySummary]]:
        """Entry points with their side effects, rebuilt only for files whose findings changed."""
        project = self.project
        by_path: dict[str, list] = {}
        for entry in project.entry_points():
            by_path.setdefault(entry.path, []).append(entry)
        previous = self._entries_built
        out: dict[str, list[EntrySummary]] = {}
        for path, entries in by_path.items():
            old = previous.get(path)
            if old is not None and path not in touched and [s.entry for s in old] == entries:
                out[path] = old
                continue
            summary = project.summary(path)
            suppressions = dict(summary.suppressions) if summary else {}
            out[path] = [EntrySummary(entry, self._side_effects(entry, suppressions)) for entry in entries]
        self._entries_built = out
        return out

    def _side_effects(self, entry, suppressions: dict[int, tuple[str, ...]]) -> tuple[SideEffect, ...]:
        project = self.project
        effects: dict[tuple, SideEffect] = {}
        for finding in project.entry_findings(entry):
            if finding.sink is None or finding.hop or not project.config.enabled(finding.code):
                continue
            if finding.path == entry.path and is_suppressed(finding, suppressions):
                continue
            sink = finding.sink
            key = (sink.api, sink.path, sink.span, finding.span)
            effects.setdefault(key, SideEffect(finding.code, sink.category, sink.api, finding.depth, sink.cost,
                                               sink.cost_seconds, finding.span.line))
        return tuple(sorted(effects.values(), key=lambda e: (e.line, e.depth, e.api)))

    # -- delivery (loop thread) ----------------------------------------------------------------
    def _deliver(self, results: dict[str, list[Finding]], entries: dict[str, list[EntrySummary]] | None,
                 cross: bool, edited: frozenset[str] = frozenset(), settled: int | None = None) -> None:
        """`entries`: None leaves the entry summaries as they are. `edited`: files whose text changed since the last delivery. They are republished, and a
        pull client gets a new result id for them: the same findings on a new text may have other
        ranges (the last ones were converted against a text that may not have parsed)."""
        lenses_changed = entries is not None and entries != self.entries
        if entries is not None:
            self.entries = entries
        # The open files first: the client shows those (an edit may republish hundreds of files).
        for path in sorted(results, key=lambda p: p not in self.open):
            findings = self.not_in_baseline(results[path])
            if findings != self.published.get(path) or path not in self.result_ids or path in edited:
                self._next_result += 1
                self.result_ids[path] = str(self._next_result)
            if findings:
                self.published[path] = findings
            else:
                self.published.pop(path, None)
            if not self.pull:
                self.publish(path, findings)
        if settled is not None:
            self._release(settled)  # the pulls waiting for these findings are answered first
        if self.pull and self.diagnostic_refresh and (cross or self.indexing) and results:
            self.server.workspace_diagnostic_refresh(None)
        if lenses_changed and self.code_lens_refresh and self.config.code_lens:
            self.server.workspace_code_lens_refresh(None)

    def not_in_baseline(self, findings: list[Finding]) -> list[Finding]:
        """Hide what the project's baseline (`offpath check --write-baseline`) accepted."""
        accepted = self.baseline()
        if accepted is None or not findings:
            return findings
        primary = [f for f in findings if not f.hop]
        kept = {id(f) for f in baseline.filter_new(primary, accepted)}
        return [
            f for f in findings
            if (baseline.finding_key(f, accepted.root) not in accepted.counts if f.hop else id(f) in kept)
        ]

    def baseline(self) -> baseline.Baseline | None:
        """The baseline file of the first workspace folder, re-read when it changes on disk."""
        if not self.roots:
            return None
        path = baseline.configured_path(self.roots[0])
        try:
            stamp = os.stat(path).st_mtime_ns
        except OSError:
            return None
        if self._baseline is None or self._baseline[0] != (path, stamp):
            try:
                self._baseline = ((path, stamp), baseline.discover(self.roots[0]))
            except Exception:  # noqa: BLE001 - a broken baseline file hides nothing
                self._baseline = ((path, stamp), None)
        return self._baseline[1]

    def publish(self, path: str, findings: list[Finding]) -> None:
        codec = self.server.workspace.position_codec
        diagnostics = convert.to_lsp_diagnostics(findings, self.lines_for, codec)
        self.server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=convert.uri_for(path), diagnostics=diagnostics))

    def diagnostics(self, path: str) -> list[types.Diagnostic]:
        codec = self.server.workspace.position_codec
        return convert.to_lsp_diagnostics(self.published.get(path, ()), self.lines_for, codec)

    def lines_for(self, path: str) -> list[str]:
        """The client's view of a file: the open buffer, else the file on disk."""
        text = self.open.get(path)
        if text is not None:
            return convert.split_lines(text)
        try:
            stat = os.stat(path)
        except OSError:
            return []
        key = (stat.st_mtime_ns, stat.st_size)
        cached = self._lines_cache.get(path)
        if cached is not None and cached[0] == key:
            return cached[1]
        lines = convert.split_lines(read_source(path) or "")
        if len(self._lines_cache) > 512:
            self._lines_cache.clear()
        self._lines_cache[path] = (key, lines)
        return lines

    def log(self, message: str, kind: types.MessageType = types.MessageType.Log) -> None:
        """`window/logMessage` from any thread."""
        log.info("%s", message)
        self._call_soon(self.server.window_log_message, types.LogMessageParams(type=kind, message=message))

    def _call_soon(self, fn: Callable, *args) -> None:
        loop = self.loop
        if loop is None:
            return
        if self._stopping and fn is not _resolve:
            # After `shutdown` only answers are owed: a log line or diagnostics the worker finishes
            # while the shutdown waits for it would be written after `exit` closed the output.
            return
        try:
            loop.call_soon_threadsafe(_guarded, self, fn, *args)
        except RuntimeError:
            pass  # the loop is closed: the server is exiting

    # -- jobs (run on the worker) --------------------------------------------------------------
    def index_job(self, holder: dict, announced: threading.Event) -> Callable[[], dict]:
        snap = self.snapshot()

        def run() -> dict:
            started = time.perf_counter()
            announced.wait(10)  # `$/progress` may only follow the client's answer to the create request
            token = holder["token"]
            every = workspace_files(snap)
            files = [f for f in every if f not in snap.open]
            total = len(files)
            last = [0.0]

            def progress(number: int, count: int) -> None:
                now = time.perf_counter()
                if token is None or (now - last[0] < 0.1 and number != count):
                    return
                last[0] = now
                self._call_soon(self._report, token, f"Indexing {number:,}/{count:,} files",
                                int(number * 100 / max(count, 1)))

            # The state the last start stored, brought up to date with the files (a warm start);
            # else a load. Publish what our own resolution finds first; jedi's slower help
            # follows as its own job.
            state_dir = self.cache.base if self.cache is not None else None
            # The open files too (read from disk here): their buffers follow as their own updates.
            changes = checkcache.resume(self.project, every, state_dir) if state_dir else None
            resumed = changes is not None
            if changes is None:
                changes = self.project.load(files, progress=progress, refine=False)
            gcpause.settle()
            if token is not None:
                self._call_soon(self._report, token, "Resolving calls", 100)
            hits = self.cache.hits if self.cache else 0
            how = "restored the stored state of" if resumed else "indexed"
            self.log(f"offpath: {how} {total:,} files in {time.perf_counter() - started:.2f} s "
                     f"({hits:,} from cache, {len(self.project.skipped):,} skipped)")
            self._call_soon(self._set_indexing, False, token)
            if state_dir and not resumed:
                self.submit(self._keep_job(every, state_dir), changes=False)  # after the first diagnostics
            return changes
        return run

    def _keep_job(self, files: list[str], state_dir: str) -> Callable[[], None]:
        """Store the loaded state for the next start (`checkcache.resume`) so edits do not wait
        for the writing: a forked child writes it (`_keep_in_child`), or, without fork, the worker
        takes a snapshot of the project (`Project.clone`) and a thread of its own writes it."""
        self._keep_wanted = (files, state_dir)

        def run() -> None:
            if self._keep_wanted is None:
                return
            self._keep_wanted = None
            key = checkcache.editor_key(self.project)
            child = self._keep_in_child(files, state_dir, key)
            if child is not None:
                self._keeping = threading.Thread(target=_reap, args=(child,), name="offpath-keep-state", daemon=True)
                self._keeping.start()
                return
            twin = self.project.clone()

            def write() -> None:
                try:
                    checkcache.keep(twin, files, state_dir, key)
                except Exception as exc:  # noqa: BLE001 - a state not stored costs the next start time only
                    self.log(f"offpath: could not store the index for the next start: {exc}",
                             types.MessageType.Warning)

            self._keeping = threading.Thread(target=write, name="offpath-keep-state", daemon=True)
            self._keeping.start()
        return run

    def _keep_in_child(self, files: list[str], state_dir: str, key: str) -> int | None:
        """Write the state from a forked child (its pid; None where there is no fork): the fork
        is the snapshot (copy-on-write, no `Project.clone`), and the child's pickling never holds
        this process' interpreter lock, which the first edits after an index shared with a
        writing thread (13–72 s on sentry). The child touches nothing but the state and its
        file, and leaves by `os._exit` (no buffered output of this process is flushed twice)."""
        if not hasattr(os, "fork") or os.environ.get("OFFPATH_KEEP_THREAD"):
            return None
        try:
            pid = os.fork()
        except OSError:
            return None
        if pid == 0:  # the child
            code = 1
            try:
                code = 0 if checkcache.keep(self.project, files, state_dir, key) else 1
            except BaseException:  # noqa: BLE001 - a state not stored costs the next start time only
                code = 1
            finally:
                os._exit(code)
        return pid

    def config_job(self, config: Config) -> Callable[[], dict]:
        """Apply new settings; a changed exclude list also adds and drops files."""
        self.config = config  # the loop's view changes now; the worker's when the job runs
        snap = self.snapshot()

        def run() -> dict:
            old = self.project.config
            if old.python != config.python:  # another interpreter: its packages are another library
                return self._rebuild(snap)
            self._entries_built = {}  # enabled rules shape every entry's side effects
            changes = dict(self.project.set_config(config))
            if old.exclude != config.exclude:
                wanted = set(workspace_files(snap)) | set(snap.open)
                known = set(self.project.index.summaries) | set(self.project.skipped)
                for path in known - wanted:
                    changes.update(forget(self.project, path))
                added = [p for p in wanted - known if p not in snap.open]
                if added:
                    changes.update(self.project.load(sorted(added)))
            return changes
        return run

    def folders_job(self, roots: list[str]) -> Callable[[], dict]:
        """Workspace folders changed: module names depend on roots, so rebuild from the cache."""
        self.roots = roots
        self.config = self.read_config()
        snap = self.snapshot()

        def run() -> dict:
            return self._rebuild(snap)
        return run

    def _rebuild(self, snap: Snapshot) -> dict:
        """A new Project for the snapshot's roots and settings (module names depend on the roots,
        the library on the `python` setting), loaded through the cache; every file that had
        findings is re-published."""
        before = set(self.project.all_findings())
        self._entries_built = {}
        self.project = self.new_project(list(snap.roots), snap.config)
        changes = dict(self.project.load([f for f in workspace_files(snap) if f not in snap.open]))
        for path, text in snap.open.items():
            changes.update(self.project.update(path, text))
        for path in before:
            changes.setdefault(path, self.project.findings(path))
        return changes

    def forget_tree_job(self, directory: str) -> Callable[[], dict]:
        prefix = directory.rstrip(os.sep) + os.sep
        snap = self.snapshot()

        def run() -> dict:
            changes: dict = {}
            for path in [p for p in self.project.index.summaries if p.startswith(prefix)]:
                if path not in snap.open:
                    changes.update(forget(self.project, path))
            return changes
        return run

    def add_tree_job(self, directory: str) -> Callable[[], dict]:
        snap = self.snapshot()

        def run() -> dict:
            root = next((r for r in snap.roots if directory.startswith(r.rstrip(os.sep) + os.sep)), directory)
            files = [f for f in discover([directory], snap.config, root=root) if f not in snap.open]
            return self.project.load(files) if files else {}
        return run

    def fixes_job(self, path: str, sites: list[list[Finding]]) -> Callable[[], list[tuple[list[Finding], list[Fix]]]]:
        """Fixes for the call sites the client asked about (`fixes.py`: cached, deduplicated)."""
        snap = self.snapshot()

        def run() -> list[tuple[list[Finding], list[Fix]]]:
            texts: dict[str, str | None] = {}

            def text_of(p: str) -> str | None:
                if p not in texts:
                    texts[p] = snap.text_of(p)
                return texts[p]

            def log(message: str) -> None:
                self.log(message, types.MessageType.Error)

            out = []
            for site in sites:
                fixes = self.fix_cache.fixes(self.project, site, text_of, snap.open.get, log)
                out.append((site, [f for f in fixes if parses_after(f, text_of)]))
            return out
        return run

    def _refine_delay(self) -> float | None:
        """Seconds until jedi may run (it waits for a pause in typing), None when it has nothing to do."""
        if self._refining >= REFINE_ROUNDS or not self.project.refinable:
            return None
        return self._last_edit + REFINE_IDLE_SECONDS - time.monotonic()

    def refine_job(self) -> Callable[[], dict]:
        """A slice of jedi lookups, run only while no edit waits (each slice is short)."""
        def run() -> dict:
            return self.project.refine(REFINE_SLICE_SECONDS)
        return run

    def move_all_job(self, name: str, self_class: str, fan_out: bool = False) -> Callable[[], Fix | None]:
        """A handler-wide source action's edit (every side effect to the queue, or behind one
        event with `fan_out`), computed only when the client resolves it."""
        snap = self.snapshot()

        def run() -> Fix | None:
            from offpath.analysis.rewrites import fan_out_fix, move_all_fixes

            entry = next((e for e in self.project.entry_points() if (e.name, e.self_class) == (name, self_class)), None)
            if entry is None:
                return None
            build = fan_out_fix if fan_out else move_all_fixes
            fix = build(self.project, entry, sources=snap.open.get)
            texts = {}

            def text_of(p: str) -> str | None:
                if p not in texts:
                    texts[p] = snap.text_of(p)
                return texts[p]

            return fix if fix is not None and parses_after(fix, text_of) else None
        return run

    def _report(self, token: str, message: str, percentage: int) -> None:
        self.server.work_done_progress.report(
            token, types.WorkDoneProgressReport(message=message, percentage=percentage))

    def _set_indexing(self, value: bool, token: str | None = None) -> None:
        self.indexing = value
        if not value and token is not None:
            self.server.work_done_progress.end(token, types.WorkDoneProgressEnd(message="Indexed"))

    async def begin_indexing(self) -> None:
        """Queue the workspace index before anything else can queue work, then announce progress."""
        token = f"offpath-index-{uuid.uuid4().hex[:8]}" if self.progress else None
        announced = threading.Event()
        holder = {"token": token}
        self.indexing = True
        self.submit(self.index_job(holder, announced))
        if token is None:
            announced.set()
            return
        try:
            await self.server.work_done_progress.create_async(token)
            self.server.work_done_progress.begin(token, types.WorkDoneProgressBegin(
                title="offpath", message="Indexing", percentage=0, cancellable=False))
        except Exception:  # noqa: BLE001 - a client that refuses progress still gets diagnostics
            holder["token"] = None
        finally:
            announced.set()


def workspace_files(snap: Snapshot) -> list[str]:
    """The Python files of the snapshot's workspace folders that its settings do not exclude."""
    files: list[str] = []
    for root in snap.roots:
        files += discover([root], snap.config, root=root)
    return list(dict.fromkeys(files))


def forget(project: Project, path: str) -> dict[str, list[Finding]]:
    """Drop a deleted or excluded file from the analysis (its dependents are re-resolved)."""
    return project.remove(path)


def parses_after(fix: Fix, text_of: Callable[[str], str | None]) -> bool:
    """Whether every file a fix touches still parses once it is applied (never offer broken code)."""
    from offpath.analysis.rewrites.text import (
        apply_edits,  # the rewrites' one copy of the edit code
    )

    by_path: dict[str, list] = {}
    for edit in fix.edits:
        by_path.setdefault(edit.path, []).append(edit)
    for path, edits in by_path.items():
        text = text_of(path)
        if text is None or not all(_within(edit.span, text) for edit in edits):
            return False
        try:
            ast.parse(apply_edits(text, edits), filename=path)
        except (SyntaxError, ValueError):
            return False
    return True


def _within(span: Span, text: str) -> bool:
    """Whether a span (computed on some version of the file) lies inside this text: a stale fix
    must be dropped, not applied where its lines no longer are."""
    lines = split_lines(text)

    def fits(line: int, col: int) -> bool:
        if line - 1 == len(lines):
            return col == 0
        return 1 <= line <= len(lines) and col >= 0

    return fits(span.line, span.col) and fits(span.end_line, span.end_col) and (span.end_line, span.end_col) >= (span.line, span.col)


def _resolve(future: asyncio.Future, value: object) -> None:
    if not future.done():
        future.set_result(value)


def _guarded(session: Session, fn: Callable, *args) -> None:
    try:
        fn(*args)
    except Exception:  # noqa: BLE001 - a failed notification must not take the loop down
        message = f"offpath: {getattr(fn, '__name__', fn)} failed:\n{traceback.format_exc()}"
        log.error("%s", message)
        try:
            session.server.window_log_message(types.LogMessageParams(type=types.MessageType.Error, message=message))
        except Exception:  # noqa: BLE001, S110 - the connection itself is gone; stderr has the message
            pass


def overlapping(findings: list[Finding], span: Span) -> list[Finding]:
    """Findings whose lines meet the requested range (editors ask for the cursor's line)."""
    return [f for f in findings if f.span.line <= span.end_line and f.span.end_line >= span.line]


def _reap(pid: int) -> None:
    """Wait for the child writing the state (a shutdown joins this thread, as it did the writer)."""
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
