"""Is this revision slower than another? The same cold analysis, by two installs of offpath, in the
same run, alternating, so machine load hits both alike.

    python benchmarks/compare_revisions.py --base /path/to/old/venv/bin/python --target django --repeat 5

`--base` and `--head` (default: this interpreter) are interpreters each with an offpath install
(e.g. a `git worktree` of the old commit with `pip install --no-deps -e .` into a venv made with
`--system-site-packages`). Each measurement is a fresh child process that loads the target folder
with `Project.load` (jedi off, so the figure is the analysis, not a time budget) and reports its
CPU seconds (user + system: less sensitive to other processes than wall time) and wall seconds.
Prints the medians and the head/base ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _fetch import fetch, package_dir

TARGETS = {"django": ("django==5.2.19", "django"), "wagtail": ("wagtail==8.0.1", "wagtail")}

CHILD = r"""
import json, os, resource, sys, time
from offpath.analysis.config import Config
from offpath.analysis.project import Project, discover
root = sys.argv[1]
config = Config(jedi_budget=0)
files = discover([root], config)
start_wall, start_cpu = time.perf_counter(), time.process_time()
project = Project([root], config)
project.load(files)
findings = sum(len(v) for v in project.all_findings().values())
print(json.dumps({"wall": time.perf_counter() - start_wall, "cpu": time.process_time() - start_cpu,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "files": len(files), "findings": findings}))
"""


def measure(python: str, root: str) -> dict:
    done = subprocess.run([python, "-c", CHILD, root], check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="interpreter with the revision to compare against")
    parser.add_argument("--head", default=sys.executable, help="interpreter with this revision")
    parser.add_argument("--target", default="django", help=f"one of {', '.join(TARGETS)} or a folder")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if os.path.isdir(args.target):
        root = os.path.abspath(args.target)
    else:
        requirement, package = TARGETS[args.target]
        root = package_dir(fetch(requirement), package)
    runs: dict[str, list[dict]] = {"base": [], "head": []}
    for _ in range(args.repeat):
        for name in ("base", "head"):
            runs[name].append(measure(getattr(args, name), root))
    print(f"{args.target}: {runs['head'][0]['files']} files, {args.repeat} runs each, alternating\n")
    print("| revision | cpu s (median) | wall s (median) | peak RSS MB | findings |")
    print("| --- | ---: | ---: | ---: | ---: |")
    medians = {}
    for name, rows in runs.items():
        medians[name] = {k: statistics.median(r[k] for r in rows) for k in ("cpu", "wall", "rss_mb")}
        print(f"| {name} | {medians[name]['cpu']:.2f} | {medians[name]['wall']:.2f} | "
              f"{medians[name]['rss_mb']:.0f} | {rows[0]['findings']} |")
    print(f"\nhead/base: cpu {medians['head']['cpu'] / medians['base']['cpu']:.2f}x, "
          f"wall {medians['head']['wall'] / medians['base']['wall']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
