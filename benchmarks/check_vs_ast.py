"""Cold `offpath check` against plain `ast.parse` of the same files.

    python benchmarks/check_vs_ast.py                 # Django's own source and wagtail
    python benchmarks/check_vs_ast.py --target django --repeat 5
    python benchmarks/check_vs_ast.py --target /path/to/package --profile
    python benchmarks/check_vs_ast.py --target /path/to/tree --cache   # cold / unchanged / one edit

Every measurement runs in a fresh child process (cold: no warm caches inside offpath, nothing
imported before). Per target and repetition it times
  ast       read + `ast.parse` of every file offpath would analyse (in the child, after startup)
  inproc    `offpath.cli.main.load_project` on the same folder (in the child, imports of
            offpath excluded), default config
  no-jedi   the same with `jedi_budget = 0` (the jedi fallback off)
  ast+py    the `ast` child's whole wall time, interpreter startup included
  cli       `offpath check PATH --format json` as a subprocess, interpreter startup included
and each child's peak RSS (ru_maxrss). Reports medians as a markdown table; the target is
inproc <= 2x ast. `--cache` measures the CLI's cache instead, alternating in one run:
  ast+py    as above
  cold      `offpath check` with --no-cache (the default --jobs)
  write     `offpath check` into an empty cache folder (a cold check that stores its state)
  unchanged `offpath check` again on the unchanged tree
  edited    `offpath check` after one file gained a function (the next run removes it again)
each with the parent's peak RSS (`peak_rss.py`), and checks that every cached run printed the cold run's JSON. The OS file cache is warm after the first run for every mode alike.
Sources are downloaded from PyPI into benchmarks/.cache/ on first use.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peak_rss
from _fetch import count_lines, fetch, package_dir

TARGETS = {
    "django": ("django==5.2.19", "django"),
    "wagtail": ("wagtail==8.0.1", "wagtail"),
    "pretix": ("pretix==2026.8.0", "pretix"),
}


def _maxrss_kb() -> int:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss // 1024 if sys.platform == "darwin" else rss


def child(mode: str, root: str) -> None:
    """Runs in a fresh interpreter: one measurement, printed as JSON."""
    if mode == "ast":
        import ast

        from offpath.cli.main import project_root
        from offpath.analysis.project import discover

        start = time.perf_counter()
        files = discover([root], root=project_root(root))
        failed = 0
        for path in files:
            with open(path, "rb") as handle:
                source = handle.read()
            try:
                ast.parse(source, filename=path)
            except (SyntaxError, ValueError):
                failed += 1
        seconds = time.perf_counter() - start
        out = {"seconds": seconds, "files": len(files), "failed": failed}
    elif mode in ("offpath", "offpath-nojedi"):
        import dataclasses

        from offpath.cli.main import load_project
        from offpath.analysis.config import Config

        config = Config() if mode == "offpath" else dataclasses.replace(Config(), jedi_budget=0)
        start = time.perf_counter()
        project, findings = load_project([root], config)
        seconds = time.perf_counter() - start
        out = {"seconds": seconds, "files": len(project.facts), "skipped": len(project.skipped),
               "findings": sum(len(v) for v in findings.values())}
    else:
        raise SystemExit(f"unknown mode {mode}")
    out["maxrss_kb"] = _maxrss_kb()
    print(json.dumps(out))


def _run_child(mode: str, root: str) -> tuple[dict, float]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, os.path.abspath(__file__), "--child", mode, root],
                          capture_output=True, text=True, check=True)
    wall = time.perf_counter() - start
    return json.loads(done.stdout.strip().splitlines()[-1]), wall


def _offpath_exe() -> str | None:
    """The `offpath` script of this interpreter's environment (not another one on PATH)."""
    beside = os.path.join(os.path.dirname(sys.executable), "offpath")
    return beside if os.path.exists(beside) else shutil.which("offpath")


def _run_cli(root: str) -> float:
    exe = _offpath_exe()
    command = [exe] if exe else [sys.executable, "-m", "offpath.cli.main"]
    start = time.perf_counter()
    subprocess.run(command + ["check", root, "--format", "json", "--exit-zero", "-o", os.devnull],
                   check=True, capture_output=True)
    return time.perf_counter() - start


def _run_timed(command: list[str]) -> tuple[float, int, bytes]:
    """Wall seconds, the parent's peak RSS (KB, sampled from /proc) and stdout of one subprocess."""
    wall, peak, out, code = peak_rss.run(command)
    if code not in (0, 1):
        raise SystemExit(f"{command} failed")
    return wall, peak.parent, out


def _edit_target(root: str) -> str:
    """A module in the middle of the tree (sorted by path), not a test or a migration: what a
    developer edits."""
    from _fetch import python_files

    files = [f for f in python_files(root)
             if "test" not in f and "migrations" not in f and not f.endswith("__init__.py")]
    return files[len(files) // 2]


def measure_cache(name: str, root: str, repeat: int) -> dict:
    import tempfile

    from _fetch import python_files

    exe = _offpath_exe()
    base = ([exe] if exe else [sys.executable, "-m", "offpath.cli.main"]) + ["check", root, "--format", "json", "--exit-zero"]
    files = python_files(root)
    row = {"target": name, "files": len(files), "lines": count_lines(files)}
    samples: dict[str, list[float]] = {k: [] for k in ("ast+py", "cold", "write", "unchanged", "edited",
                                                       "rss_cold", "rss_write", "rss_unchanged", "rss_edited")}
    edit = _edit_target(root)
    with open(edit, encoding="utf-8") as handle:
        original = handle.read()
    added = original + "\n\ndef _offpath_benchmark_edit(request):\n    return request\n"
    mismatches = 0
    try:
        for number in range(repeat):
            samples["ast+py"].append(_run_child("ast", root)[1])
            folder = tempfile.mkdtemp(prefix="offpath-bench-cache-")
            try:
                cached = base + ["--cache-dir", folder]
                for mode, command in (("cold", base + ["--no-cache"]), ("write", cached), ("unchanged", cached)):
                    wall, rss, out = _run_timed(command)
                    samples[mode].append(wall)
                    samples[f"rss_{mode}"].append(rss)
                    if mode == "cold":
                        expected = out
                    elif out != expected:
                        mismatches += 1
                with open(edit, "w", encoding="utf-8") as handle:
                    handle.write(added if number % 2 == 0 else original)
                expected = _run_timed(base + ["--no-cache"])[2]
                wall, rss, out = _run_timed(cached)
                samples["edited"].append(wall)
                samples["rss_edited"].append(rss)
                mismatches += out != expected
            finally:
                shutil.rmtree(folder, ignore_errors=True)
    finally:
        with open(edit, "w", encoding="utf-8") as handle:
            handle.write(original)
    for key, values in samples.items():
        row[key] = statistics.median(values)
    row["mismatches"] = mismatches
    row["edit"] = os.path.relpath(edit, root)
    return row


def cache_table(rows: list[dict], repeat: int) -> str:
    lines = [
        f"Medians of {repeat} runs of `offpath check --format json` (subprocess, default --jobs); ratios against the same run's cold check.",
        "",
        "| target | files | lines | ast.parse + startup s | cold s | ratio to ast | peak RSS MB | cold + write s | unchanged s | ratio | edited s | ratio | RSS write / unchanged / edited MB | JSON differs |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
    ]
    for r in rows:
        lines.append(
            f"| {r['target']} | {r['files']} | {r['lines']} | {r['ast+py']:.2f} | {r['cold']:.2f} | {r['cold'] / r['ast+py']:.1f}x | "
            f"{r['rss_cold'] / 1024:.0f} | {r['write']:.2f} | {r['unchanged']:.2f} | {100 * r['unchanged'] / r['cold']:.0f} % | "
            f"{r['edited']:.2f} | {100 * r['edited'] / r['cold']:.0f} % | {r['rss_write'] / 1024:.0f} / "
            f"{r['rss_unchanged'] / 1024:.0f} / {r['rss_edited'] / 1024:.0f} | {r['mismatches']} |")
    lines.append("")
    lines.append("Edited file: " + ", ".join(f"{r['target']}: `{r['edit']}`" for r in rows))
    return "\n".join(lines)


def measure(name: str, root: str, repeat: int) -> dict:
    from _fetch import python_files

    files = python_files(root)
    row = {"target": name, "files": len(files), "lines": count_lines(files)}
    samples: dict[str, list[float]] = {"ast": [], "inproc": [], "ast+py": [], "cli": [], "rss_ast": [], "rss_off": [], "nojedi": []}
    for _ in range(repeat):
        parsed, wall = _run_child("ast", root)
        samples["ast"].append(parsed["seconds"])
        samples["ast+py"].append(wall)
        samples["rss_ast"].append(parsed["maxrss_kb"])
        checked, _ = _run_child("offpath", root)
        samples["inproc"].append(checked["seconds"])
        samples["rss_off"].append(checked["maxrss_kb"])
        samples["cli"].append(_run_cli(root))
        samples["nojedi"].append(_run_child("offpath-nojedi", root)[0]["seconds"])
        row["skipped"] = checked["skipped"]
        row["findings"] = checked["findings"]
    for key, values in samples.items():
        row[key] = statistics.median(values)
    row["ratio"] = row["inproc"] / row["ast"] if row["ast"] else float("nan")
    row["ratio_cli"] = row["cli"] / row["ast+py"] if row["ast+py"] else float("nan")
    return row


def table(rows: list[dict], repeat: int) -> str:
    lines = [
        f"Medians of {repeat} cold runs (fresh process each).",
        "",
        ("| target | files | lines | ast.parse s | offpath in-process s | ratio | ast.parse + startup s "
         "| `offpath check` subprocess s | ratio | no-jedi in-process s | ratio | peak RSS ast MB "
         "| peak RSS offpath MB | findings | skipped |"),
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(
            f"| {r['target']} | {r['files']} | {r['lines']} | {r['ast']:.2f} | {r['inproc']:.2f} | "
            f"{r['ratio']:.1f}x | {r['ast+py']:.2f} | {r['cli']:.2f} | {r['ratio_cli']:.1f}x | "
            f"{r['nojedi']:.2f} | {r['nojedi'] / r['ast']:.1f}x | {r['rss_ast'] / 1024:.0f} | {r['rss_off'] / 1024:.0f} | {r['findings']} | {r['skipped']} |"
        )
    return "\n".join(lines)


def profile(root: str, top: int = 25) -> str:
    import cProfile
    import io
    import pstats

    from offpath.cli.main import load_project
    from offpath.analysis.config import Config

    profiler = cProfile.Profile()
    profiler.enable()
    load_project([root], Config())
    profiler.disable()
    buffer = io.StringIO()
    pstats.Stats(profiler, stream=buffer).sort_stats("cumulative").print_stats(top)
    return buffer.getvalue()


def resolve_target(spec: str) -> tuple[str, str]:
    if spec in TARGETS:
        requirement, package = TARGETS[spec]
        return spec, package_dir(fetch(requirement), package)
    if os.path.isdir(spec):
        return os.path.basename(os.path.abspath(spec)), os.path.abspath(spec)
    raise SystemExit(f"unknown target {spec!r}: one of {sorted(TARGETS)} or a folder")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", action="append", help="django, wagtail, pretix or a package folder (repeatable)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="also print cProfile's top 25 (cumulative) per target")
    parser.add_argument("--cache", action="store_true", help="measure the CLI cache: cold, unchanged, one file edited")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "ROOT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(*args.child)
        return 0
    rows = []
    for spec in args.target or ["django", "wagtail"]:
        name, root = resolve_target(spec)
        print(f"measuring {name}: {root}", file=sys.stderr)
        if args.cache:
            rows.append(measure_cache(name, root, args.repeat))
            continue
        rows.append(measure(name, root, args.repeat))
        if args.profile:
            print(f"\n### cProfile, {name} (top 25 by cumulative time)\n\n```\n{profile(root)}```\n")
    print(cache_table(rows, args.repeat) if args.cache else table(rows, args.repeat))
    return 0


if __name__ == "__main__":
    sys.exit(main())
