"""The summaries alone against `ast.parse` of the same texts, in one process, alternating.

    python benchmarks/summary_vs_ast.py DIR [--repeat 3] [--profile]

Reads every file `offpath check DIR` would analyse once, then times, per repetition, `ast.parse`
of every text and `summary.summarize` of every text (which parses too), with the collector off
as in a load. Prints the medians and their ratio (the summary's own cost is the ratio minus one);
`--profile` adds cProfile's top functions by own time for one more round of summaries. Timings
are same-run ratios: on a loaded machine the seconds swing, the ratio much less.
"""

from __future__ import annotations

import argparse
import ast
import gc
import statistics
import time

from offpath.analysis.index import WorkspaceIndex
from offpath.analysis.project import discover
from offpath.analysis.source import SourceFile, read_source
from offpath.analysis.summary import SummaryError, summarize
from offpath.cli.main import project_root


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    base = project_root(args.root)
    index = WorkspaceIndex([base])
    texts = []
    for path in discover([args.root], root=base):
        text = read_source(path)
        if text is not None:
            texts.append((path, text, *index.module_for(path)))

    def parse_all() -> None:
        for path, text, _, _ in texts:
            try:
                ast.parse(text, filename=path)
            except (SyntaxError, ValueError):
                pass

    def summarize_all() -> None:
        for path, text, module, is_package in texts:
            try:
                summarize(SourceFile(path, text), module, is_package)
            except SummaryError:
                pass

    gc.disable()
    samples: dict[str, list[float]] = {"parse": [], "summarize": []}
    for _ in range(args.repeat):
        for name, run in (("parse", parse_all), ("summarize", summarize_all)):
            start = time.perf_counter()
            run()
            samples[name].append(time.perf_counter() - start)
            gc.collect()
    parse, summaries = statistics.median(samples["parse"]), statistics.median(samples["summarize"])
    print(f"{len(texts)} files, medians of {args.repeat}: ast.parse {parse:.2f} s, summarize {summaries:.2f} s, "
          f"ratio {summaries / parse:.2f}x")
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        summarize_all()
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
