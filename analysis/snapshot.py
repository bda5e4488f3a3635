"""A `Project`'s analysed state as one picklable value, and a `Project` rebuilt from it.

The CLI's cache (`checkcache.py`) stores this after a check and restores it on the next one; the
incremental engine (`Project.apply_changes`) then re-analyses exactly what the edits invalidate,
through the same dependency keys an editor's edit goes through, so a restored project answers
what a fresh one would. The state is every attribute of the parts except what belongs to this
process (the cache, the jedi worker): attributes added to the parts later are carried without
change here. Summaries go through `summary_codec` (plain tuples pickle several times faster).
"""

from __future__ import annotations

from . import summary_codec
from .config import Config

FORMAT = 2  # 2: `Findings._entry_by_file`
_WORKSPACE_LOCAL = ("cache", "index")
_GRAPH_LOCAL = ("workspace", "config", "jedi", "_extra_sinks", "_resolver")
_INDEX_LOCAL = ("summaries", "_split_cache", "library", "is_package")  # rebuilt by `Project()`


def capture(project) -> dict:
    """Everything `restore` needs, as plain values and the analysis' own records."""
    workspace, graph, results = project.workspace, project.graph, project.results
    index = workspace.index
    return {
        "format": FORMAT,
        "summaries": {path: summary_codec.encode(s) for path, s in index.summaries.items()},
        "index": {k: v for k, v in vars(index).items() if k not in _INDEX_LOCAL},
        "workspace": {k: v for k, v in vars(workspace).items() if k not in _WORKSPACE_LOCAL},
        "graph": {k: v for k, v in vars(graph).items() if k not in _GRAPH_LOCAL},
        "jedi": {"_cache": graph.jedi._cache, "_per_file": graph.jedi._per_file},
        "results": {k: v for k, v in vars(results).items() if k not in ("graph", "tasks", "_walks")},
        "tasks": {k: v for k, v in vars(results.tasks).items() if k != "graph"},
        "project": {k: v for k, v in vars(project).items() if k not in ("workspace", "graph", "results")},
    }


def restore(state: dict, roots: list[str], config: Config, cache=None, hops: bool = False, environment=None):
    """A `Project` on `roots` with `config` holding the captured state (None when it does not fit).
    `environment`: the one the captured check read (the check's cache key includes it)."""
    from .project import Project

    if not isinstance(state, dict) or state.get("format") != FORMAT:
        return None
    from .cache import library_cache

    project = Project(roots, config, cache, hops, environment=environment,
                      library_cache=library_cache() if environment is not None else None)
    return project if fill(project, state) else None


def fill(project, state: dict) -> bool:
    """Give a new `project` (built for the same roots, settings and environment as the captured
    one) the captured state; False, and the project untouched, when the state does not fit."""
    if not isinstance(state, dict) or state.get("format") != FORMAT:
        return False
    if project.results.hops != state["results"].get("hops", project.results.hops):
        return False
    index = project.workspace.index
    index.summaries = {path: summary_codec.decode(data) for path, data in state["summaries"].items()}
    for name, value in state["index"].items():
        setattr(index, name, value)
    for name, value in state["workspace"].items():
        setattr(project.workspace, name, value)
    for name, value in state["graph"].items():
        setattr(project.graph, name, value)
    project.graph.jedi._cache.update(state["jedi"]["_cache"])
    project.graph.jedi._per_file.update(state["jedi"]["_per_file"])
    for name, value in state["results"].items():
        setattr(project.results, name, value)
    for name, value in state.get("tasks", {}).items():
        setattr(project.results.tasks, name, value)
    for name, value in state["project"].items():
        setattr(project, name, value)
    return True
