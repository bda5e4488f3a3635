"""The editor's warm start in one process: a load with every summary from the cache (what a start
without a stored state does) against `checkcache.resume` of the state `checkcache.keep` stored,
with hops on and jedi off like the server; findings compared.

    python benchmarks/warm_start.py DIR [--cache-dir CACHE]

Run it twice: the first run fills the summary cache (its "warm" load is then a cold one).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time

from offpath.analysis import checkcache, gcpause
from offpath.analysis.cache import SummaryCache
from offpath.analysis.config import load_config
from offpath.analysis.project import Project, discover


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root")
    parser.add_argument("--cache-dir", default=os.path.join(tempfile.gettempdir(), "offpath-warm-start"))
    args = parser.parse_args()
    root = os.path.abspath(args.root)
    config = load_config(root)
    files = discover([root], config, root=root)

    def editor() -> Project:
        project = Project([root], config, cache=SummaryCache(args.cache_dir), hops=True)
        project.set_refine(False)
        return project

    loaded = editor()
    started = time.perf_counter()
    with gcpause.paused():
        loaded.load(files)
    load = time.perf_counter() - started
    print(f"load: {load:.1f} s ({loaded.cache.hits:,} of {len(files):,} summaries from the cache)", flush=True)
    started = time.perf_counter()
    checkcache.keep(loaded.clone(), files, args.cache_dir, checkcache.editor_key(loaded))
    print(f"keep (clone, capture, write): {time.perf_counter() - started:.1f} s", flush=True)
    resumed = editor()
    started = time.perf_counter()
    found = checkcache.resume(resumed, files, args.cache_dir)
    took = time.perf_counter() - started
    same = found is not None and resumed.all_findings() == loaded.all_findings()
    print(f"resume: {took:.1f} s = {100 * took / load:.0f} % of the load; same findings: {same}", flush=True)


if __name__ == "__main__":
    main()
