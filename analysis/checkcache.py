"""The command line's cache of a whole check (like `.ruff_cache`): an unchanged tree answers from
the stored findings; an edited tree restores the analysed state and re-analyses what the edits
invalidate; anything else is a cold check, which then stores its state.

What an entry depends on: the analysis code (`cache.analysis_fingerprint`), the roots, the paths
asked for and the configuration (`check_key`), and each file's content digest and module name.
A restored state is brought up to date by `Project.apply_changes`, the same incremental engine
an editor's edit goes through: a file's facts are kept exactly when none of the dependency keys
they recorded changed value, so the findings are those of a fresh check (tests/test_checkcache.py
compares them). jedi's answers are kept by the asking file's content, as in the editor.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from . import gcpause, snapshot
from .cache import ProjectCache, SummaryCache, library_cache
from .config import Config
from .index import WorkspaceIndex
from .model import Finding
from .project import Project
from .source import content_digest, read_source

# More edited files than this share of the tree: a cold check is cheaper than the incremental one.
COLD_SHARE = 0.25
# Up to this share edited, only the head is rewritten: the next check diffs against the stored body
# again (bringing it up to date costs little; writing it costs more than the edit itself).
REWRITE_BODY_SHARE = 0.02

FileKey = tuple[str, str, bool] | None  # (content digest, module, is package); None: unreadable


@dataclass
class CheckResult:
    """What a check found; `project` is None when the stored findings answered (unchanged tree)."""

    findings: dict[str, list[Finding]]
    skipped: dict[str, str]
    project: Project | None = None
    outcome: str = "cold"  # cold | unchanged | edited
    files: dict[str, FileKey] = field(default_factory=dict)


def check_key(roots: list[str], paths: list[str], config: Config, environment=None) -> str:
    """One cache entry per (roots, paths asked for, configuration, environment read)."""
    return repr((sorted(roots), sorted(os.path.abspath(p) for p in paths), config, environment))


def check(roots: list[str], paths: list[str], files: list[str], config: Config, cache_dir: str | None,
          workers: int = 1, need_project: bool = False, environment=None) -> CheckResult:
    """Findings of `files` (discovered under `paths`), through the cache in `cache_dir` (None: no
    cache, nothing written). `need_project`: also when the tree is unchanged (fixes, baselines).
    `environment`: the installed packages the analysis reads (`environment.discover`), or None."""
    with gcpause.paused():  # restoring and storing the state allocate as much as building it
        return _check(roots, paths, files, config, cache_dir, workers, need_project, environment)


def _check(roots, paths, files, config, cache_dir, workers, need_project, environment) -> CheckResult:
    files = list(dict.fromkeys(os.path.abspath(f) for f in files))
    if cache_dir is None:
        return _cold(roots, files, config, None, workers, environment, library_cached=False)  # --no-cache: nothing written
    store = ProjectCache(cache_dir)
    key = check_key(roots, paths, config, environment)
    head = store.load(key, "head")
    if head is None:
        result = _cold(roots, files, config, SummaryCache(cache_dir), workers, environment)
        _save(store, key, result)
        return result
    texts, current = _read(roots, files)
    if head.get("files") == current and not need_project:
        return CheckResult(head["findings"], head["skipped"], None, "unchanged", current)
    body = store.load(key, "body")
    summaries = SummaryCache(cache_dir)
    project = (snapshot.restore(body, roots, config, summaries, environment=environment)
               if isinstance(body, dict) else None)
    stored = body.get("files") if project is not None else None
    edited = [p for p in current if stored is None or stored.get(p) != current[p]]
    if project is None or len(edited) > COLD_SHARE * max(len(current), 1):
        result = _cold(roots, files, config, summaries, workers, environment)
    else:
        result = _edited(project, stored, current, texts, edited)
    if result.outcome == "edited" and len(edited) <= REWRITE_BODY_SHARE * max(len(current), 1):
        _save(store, key, result, body=False)
    elif result.files != head.get("files") or result.outcome == "cold":
        _save(store, key, result)
    return result


def _cold(roots, files, config, summaries, workers, environment=None, library_cached: bool = True) -> CheckResult:
    cached_library = library_cache() if environment is not None and library_cached else None
    project = Project(roots, config, summaries, environment=environment, library_cache=cached_library)
    project.load(files, workers=workers)
    return CheckResult(project.all_findings(), dict(project.skipped), project, "cold", _file_keys(project, files))


def _file_keys(project: Project, files: list[str]) -> dict[str, FileKey]:
    """What a loaded project read of each of `files`: digest, module name, whether a package."""
    current: dict[str, FileKey] = {
        path: (s.digest, s.module, s.is_package) for path, s in project.index.summaries.items()}
    for path in project.skipped:
        text = read_source(path)
        current[path] = None if text is None else (content_digest(text), *project.index.module_for(path))
    return {path: current[path] for path in files if path in current}


# -- the editor's warm start --------------------------------------------------------------------
def editor_key(project: Project) -> str:
    """One stored state per (roots, settings, environment, hop reports) of an editor's project."""
    library = project.index.library
    return repr(("editor", sorted(project.roots), project.config,
                 library.environment if library is not None else None, project.hops))


def resume(project: Project, files: list[str], cache_dir: str) -> dict[str, list[Finding]] | None:
    """Start a new, empty editor `project` from the state `keep` stored for the same roots,
    settings and environment, brought up to date with `files` as they are on disk through the
    incremental engine (what a load of them gives: tests/test_checkcache.py); every file's
    findings. None, the project untouched, when nothing usable is stored or more than
    `COLD_SHARE` of the files changed: then load it."""
    files = list(dict.fromkeys(os.path.abspath(f) for f in files))
    with gcpause.paused():
        body = ProjectCache(cache_dir).load(editor_key(project), "body")
        stored = body.get("files") if isinstance(body, dict) else None
        if not isinstance(stored, dict):
            return None
        texts, current = _read(project.roots, files)
        edited = [p for p in current if stored.get(p) != current[p]]
        if len(edited) + len(set(stored) - set(current)) > COLD_SHARE * max(len(current), 1):
            return None
        if not snapshot.fill(project, body):
            return None
        del body
        return _edited(project, stored, current, texts, edited).findings


def keep(project: Project, files: list[str], cache_dir: str, key: str | None = None) -> bool:
    """Store a loaded editor project's state for the next start's `resume` (`files`: those it
    was loaded from). Run it on a `Project.clone()` when the project itself goes on changing (in
    another thread: the collector is left as it is, the process may be pausing it elsewhere),
    with `key` the `editor_key` of the project cloned (a clone's settings turn jedi off)."""
    try:
        body = snapshot.capture(project)
    except (TypeError, AttributeError):
        return False
    body["files"] = _file_keys(project, list(dict.fromkeys(os.path.abspath(f) for f in files)))
    return ProjectCache(cache_dir).save(key or editor_key(project), {"body": body})


def _edited(project: Project, stored: dict, current: dict, texts: dict, edited: list[str]) -> CheckResult:
    workspace = project.workspace
    changed, removed = {}, set()
    for path in edited:
        text = texts.get(path)
        if text is None:
            workspace.skipped[path] = "cannot be read"
            removed.add(path)
            continue
        summary = workspace.summarize(path, text)  # records the reason in `skipped` when it fails
        if summary is None:
            removed.add(path)
        else:
            changed[path] = summary
    for path in set(stored) - set(current):
        workspace.skipped.pop(path, None)
        removed.add(path)
    project.apply_changes(changed, removed)
    return CheckResult(project.all_findings(), dict(project.skipped), project, "edited", current)


def _read(roots: list[str], files: list[str]) -> tuple[dict[str, str | None], dict[str, FileKey]]:
    index = WorkspaceIndex(roots)
    texts: dict[str, str | None] = {}
    current: dict[str, FileKey] = {}
    for path in files:
        text = read_source(path)
        texts[path] = text
        current[path] = None if text is None else (content_digest(text), *index.module_for(path))
    return texts, current


def _save(store: ProjectCache, key: str, result: CheckResult, body: bool = True) -> None:
    parts: dict[str, object] = {"head": {"files": result.files, "findings": result.findings, "skipped": result.skipped}}
    if body:
        if result.project is None:
            return
        try:
            parts["body"] = snapshot.capture(result.project)
        except (TypeError, AttributeError):
            return
        parts["body"]["files"] = result.files
    store.save(key, parts)
