"""The files of a workspace: discovery, reading, summarising (through the cache), the unsaved
texts the editor gave us, and the index of summaries.

Nothing here resolves anything across files: that is `graph.py`. A file that cannot be summarised
keeps its last good summary (nothing is lost while typing) and is listed in `skipped` with a reason.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterable

from .config import Config
from .index import SKIP_DIRS, WorkspaceIndex
from .source import SourceFile, content_digest, read_source
from .summary import FileSummary, SummaryError, summarize


class Workspace:
    def __init__(self, roots: Iterable[str], cache=None):
        self.roots = [os.path.abspath(r) for r in roots]
        self.cache = cache
        self.index = WorkspaceIndex(self.roots, self.is_package_dir)
        self.skipped: dict[str, str] = {}
        self.texts: dict[str, str] = {}  # unsaved buffers given to update(); others are on disk
        self._inits_given: set[str] = set()  # `__init__.py` files given to update(), maybe not on disk yet
        self._inits_gone: set[str] = set()  # `__init__.py` files removed, maybe still on disk

    def summarize(self, path: str, text: str) -> FileSummary | None:
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

    def summarize_all(self, paths: list[str], progress: Callable[[int, int], None] | None,
                      workers: int) -> dict[str, FileSummary]:
        """Summaries of many files read from disk; `workers` > 1 summarises the files the cache
        does not hold on several processes."""
        if workers > 1:
            return self._summarize_parallel(paths, progress, workers)
        summaries: dict[str, FileSummary] = {}
        for number, path in enumerate(paths, start=1):
            text = read_source(path)
            if text is None:
                self.skipped[path] = "cannot be read"
            else:
                summary = self.summarize(path, text)
                if summary is not None:
                    summaries[path] = summary
            if progress is not None:
                progress(number, len(paths))
        return summaries

    def _summarize_parallel(self, paths: list[str], progress: Callable[[int, int], None] | None,
                            workers: int) -> dict[str, FileSummary]:
        from .parallel import summarize_many

        found: dict[str, FileSummary] = {}
        jobs = []
        for path in paths:
            module, is_package = self.index.module_for(path)
            if self.cache is not None:
                text = read_source(path)
                cached = self.cache.get(content_digest(text), module, is_package) if text is not None else None
                if cached is not None:
                    found[path] = cached
                    continue
            jobs.append((path, module, is_package))
        for path, summary, reason in summarize_many(jobs, workers, self.cache):
            if summary is None:
                self.skipped[path] = reason
            else:
                found[path] = summary
        summaries: dict[str, FileSummary] = {}
        for number, path in enumerate(paths, start=1):  # the order a single process gives
            if path in found:
                summaries[path] = found[path]
            if progress is not None:
                progress(number, len(paths))
        return summaries

    def text_of(self, path: str) -> str | None:
        """The editor's buffer for `path` if it gave us one, else the file on disk."""
        text = self.texts.get(path)
        return text if text is not None else read_source(path)

    def copy(self) -> Workspace:
        """An independent copy for hypothetical edits: no cache writes."""
        twin = object.__new__(Workspace)
        copy_state(self, twin)
        twin.index = self.index.copy()
        twin.index.is_package = twin.is_package_dir
        twin.cache = None
        return twin

    # -- import roots (see import_roots.py): packages as the editor's edits leave them -----------
    def is_package_dir(self, directory: str) -> bool:
        marker = os.path.join(directory, "__init__.py")
        if marker in self._inits_gone:
            return False
        return marker in self._inits_given or os.path.isfile(marker)

    def note_file(self, path: str, present: bool) -> bool:
        """Record that `path` was given (`present`) or removed; whether that made a folder a
        package or stopped it being one, which may rename the modules below it."""
        if os.path.basename(path) != "__init__.py":
            return False
        was = self.is_package_dir(os.path.dirname(path))
        if present:
            self._inits_gone.discard(path)
            self._inits_given.add(path)
        else:
            self._inits_given.discard(path)
            self._inits_gone.add(path)
        return was != present

    def renamed(self) -> dict[str, FileSummary]:
        """The indexed files whose module name is no longer the one they were summarised under,
        summarised again under the new one."""
        out: dict[str, FileSummary] = {}
        for path, summary in list(self.index.summaries.items()):
            if self.index.module_for(path) == (summary.module, summary.is_package):
                continue
            text = self.text_of(path)
            fresh = self.summarize(path, text) if text is not None else None
            if fresh is not None:
                out[path] = fresh
        return out


def copy_state(source: object, target: object) -> None:
    """Give `target` the attributes of `source`, one level deeper than a shallow copy: dicts,
    sets and lists of (possibly mutable) containers are copied; immutable values are shared."""
    for name, value in vars(source).items():
        setattr(target, name, _copied(value))


def _copied(value):
    if isinstance(value, defaultdict):
        return defaultdict(value.default_factory, {k: _copied_inner(v) for k, v in value.items()})
    if isinstance(value, dict):
        return {k: _copied_inner(v) for k, v in value.items()}
    return _copied_inner(value)


def _copied_inner(value):
    if isinstance(value, (set, list, dict)):
        return type(value)(value)
    return value


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
