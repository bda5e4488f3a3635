"""One edit's cost in-process, like the server (hops on, jedi off): load a tree, then delete and
restore given lines, timing each `Project.update` and counting the files it re-analysed.

    python benchmarks/edit_inprocess.py DIR sentry/api/base.py:381 [more FILE:LINE] [--profile]

Run it with another revision's code on PYTHONPATH (`git archive REV analysis server cli` unpacked
under `X/offpath/`, then `PYTHONPATH=X`) for a same-period before/after comparison.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time

from offpath.analysis import graph as graph_module
from offpath.analysis.config import load_config
from offpath.analysis.project import Project, discover


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root")
    parser.add_argument("edits", nargs="+", help="FILE:LINE (relative to root): the line deleted, then restored")
    parser.add_argument("--rounds", type=int, default=2, help="delete/restore pairs per edit")
    parser.add_argument("--profile", action="store_true", help="cProfile of the last pair of each edit")
    parser.add_argument("--phases", action="store_true",
                        help="print each edit's time per phase (parameter check, resolution, walks, publishing)")
    parser.add_argument("--profile-out", metavar="FILE",
                        help="with --profile: also dump the last edit's cProfile to FILE (pstats format)")
    parser.add_argument("--cpu", action="store_true",
                        help="time with the process's CPU clock instead of the wall clock (a shared, noisy machine)")
    parser.add_argument("--digest", action="store_true",
                        help="print a digest of every file's findings after each edit (compare revisions)")
    args = parser.parse_args()
    clock = time.process_time if args.cpu else time.perf_counter
    phases = _timed_phases(clock) if args.phases else None
    root = os.path.abspath(args.root)
    config = load_config(root)
    project = Project([root], config, hops=True)
    project.set_refine(False)
    started = time.perf_counter()
    project.load(discover([root], config, root=root))
    print(f"load {time.perf_counter() - started:.1f} s", flush=True)
    try:
        from offpath.analysis import gcpause

        if hasattr(gcpause, "settle"):
            gcpause.settle()  # what the server does after its first load
    except ImportError:
        pass
    analysed: list[int] = []
    apply = graph_module.Graph.apply

    def counted(self, *a, **k):
        changes = apply(self, *a, **k)
        analysed.append(len(changes.analysed))
        return changes

    graph_module.Graph.apply = counted
    for spec in args.edits:
        rel, line = spec.rsplit(":", 1)
        path = os.path.join(root, rel)
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        lines = text.splitlines(keepends=True)
        edited = "".join(lines[:int(line) - 1] + lines[int(line):])
        times, walls, profile = [], [], cProfile.Profile()
        for number in range(2 * args.rounds):
            last = number >= 2 * args.rounds - 2
            if args.profile and last:
                profile.enable()
            if phases is not None:
                phases.clear()
            started, wall = clock(), time.perf_counter()
            project.update(path, edited if number % 2 == 0 else text)
            times.append((clock() - started) * 1000)
            walls.append((time.perf_counter() - wall) * 1000)
            profile.disable()
            if phases is not None:
                print(f"  {spec} step {number}: {times[-1]:,.0f} ms: "
                      + ", ".join(f"{name} {ms:,.1f}" for name, ms in phases.items()), flush=True)
            if args.digest:
                print(f"  {spec} step {number}: findings digest {_digest(project)}", flush=True)
        print(f"{spec}: {', '.join(f'{t:,.0f}' for t in times)} ms {'CPU' if args.cpu else 'wall'} "
              f"(median {statistics.median(times):,.0f}"
              + (f"; wall median {statistics.median(walls):,.0f}" if args.cpu else "") + "); "
              f"files re-analysed {analysed[-1]}", flush=True)
        if args.profile:
            pstats.Stats(profile, stream=sys.stdout).sort_stats("cumulative").print_stats(30)
            if args.profile_out:
                profile.dump_stats(args.profile_out)
    import resource

    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB", flush=True)


def _timed_phases(clock) -> dict[str, float]:
    """Wrap the phases of one update to add their time (ms) to the dict returned: the parameter
    check, the rest of the resolution pass, the walks' start (`reaching`), the walks, publishing."""
    from offpath.analysis import findings as findings_module

    spent: dict[str, float] = {}

    def wrap(owner, name: str, label: str, minus: tuple[str, ...] = ()) -> None:
        original = getattr(owner, name)

        def timed(*a, **k):
            inner = {m: spent.get(m, 0.0) for m in minus}
            started = clock()
            try:
                return original(*a, **k)
            finally:
                took = (clock() - started) * 1000 - sum(spent.get(m, 0.0) - inner[m] for m in minus)
                spent[label] = spent.get(label, 0.0) + took

        setattr(owner, name, timed)

    wrap(graph_module.Graph, "_changed_parameters", "parameters")
    wrap(graph_module.Graph, "apply", "resolution", minus=("parameters",))
    wrap(findings_module.Findings, "reaching", "reaching")
    wrap(findings_module.Findings, "_publish", "publishing")
    wrap(findings_module.Findings, "recompute", "walks", minus=("publishing",))
    return spent


def _digest(project: Project) -> str:
    """A digest of every published finding (the same on two revisions that agree)."""
    import hashlib

    found = project.all_findings()
    text = repr([(path, [(f.code, tuple(f.span), f.message, f.chain) for f in found[path]]) for path in sorted(found)])
    return f"{hashlib.sha256(text.encode()).hexdigest()[:16]} ({sum(len(v) for v in found.values())} findings)"


if __name__ == "__main__":
    main()
