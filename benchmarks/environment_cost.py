"""What reading the installed packages costs: a cold `offpath check` of one app without its
environment (`--no-environment`) and with it (`--python ENV`), alternating in the same run so both
see the same machine load. "Cold" means an empty cache folder for every run (no workspace or
library summaries kept from before); `--warm` also times runs that reuse the library cache.

    python benchmarks/environment_cost.py APP_DIR ENV [--rounds 3] [--warm]

Prints the median wall time and peak memory (max RSS of the child) of each mode and the ratio;
the issue's bound is a cold check with the environment at most 1.5x the time without.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

# The child reports its own peak RSS on stderr's last line (Linux: KiB).
_CHILD = (
    "import resource, sys\n"
    "from offpath.cli.main import main\n"
    "code = main(sys.argv[1:])\n"
    "sys.stdout.flush()\n"
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def run(app: str, extra: list[str], cache: str, project_cache: str = "") -> tuple[float, float, int]:
    """(seconds, peak MB, findings) of one `offpath check` in a child process; `cache` holds the
    library cache, `project_cache` (default: inside `cache`) the workspace's."""
    # `--cache-dir`: the project's own `.offpath_cache/` (used when the app folder is writable)
    # would make a "cold" run reuse the workspace summaries of an earlier one.
    command = [sys.executable, "-c", _CHILD, "check", app, "--format", "json", "--exit-zero",
               "--cache-dir", project_cache or os.path.join(cache, "project"), *extra]
    env = {**os.environ, "OFFPATH_CACHE_DIR": cache}
    env.pop("VIRTUAL_ENV", None)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=app, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"offpath failed: {done.stderr[-2000:]}")
    peak_kb = int(done.stderr.strip().splitlines()[-1])
    return seconds, peak_kb / 1024, len(json.loads(done.stdout)["findings"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("app")
    parser.add_argument("env")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warm", action="store_true", help="also time runs reusing the library cache")
    args = parser.parse_args()
    app = os.path.abspath(args.app)
    modes = {"without": ["--no-environment"], "with (cold)": ["--python", args.env]}
    results: dict[str, list[tuple[float, float, int]]] = {name: [] for name in modes}
    warm_cache = tempfile.mkdtemp(prefix="offpath-warm-")
    if args.warm:
        results["with (warm)"] = []
        filling = tempfile.mkdtemp(prefix="offpath-cold-")
        run(app, ["--python", args.env], warm_cache, filling)  # fill the library cache once
        shutil.rmtree(filling, ignore_errors=True)
    for _ in range(args.rounds):
        for name, extra in modes.items():
            cache = tempfile.mkdtemp(prefix="offpath-cold-")
            try:
                results[name].append(run(app, extra, cache))
            finally:
                shutil.rmtree(cache, ignore_errors=True)
        if args.warm:
            project_cache = tempfile.mkdtemp(prefix="offpath-cold-")  # only the library cache is warm
            try:
                results["with (warm)"].append(run(app, ["--python", args.env], warm_cache, project_cache))
            finally:
                shutil.rmtree(project_cache, ignore_errors=True)
    shutil.rmtree(warm_cache, ignore_errors=True)
    base = statistics.median(r[0] for r in results["without"])
    print(f"{os.path.basename(app)}: {args.rounds} alternating rounds")
    print("| mode | median s | ratio | peak MB (max) | findings |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, rows in results.items():
        seconds = statistics.median(r[0] for r in rows)
        print(f"| {name} | {seconds:.2f} | {seconds / base:.2f}x | {max(r[1] for r in rows):.0f} | {rows[-1][2]} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
