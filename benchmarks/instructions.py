"""Instructions executed by a cold `offpath check` against `ast.parse` of the same files, counted by
valgrind (a machine's load moves CPU seconds; it does not move instruction counts).

    python benchmarks/instructions.py TREE                    # offpath check -j 1 vs the parse floor
    python benchmarks/instructions.py TREE --base-path OLD    # and another revision, same files
    python benchmarks/instructions.py TREE --jedi-off --children

Runs under `valgrind --tool=cachegrind --cache-sim=no` (`--tool callgrind` also works):
  floor     `check_vs_ast.py --child ast TREE`: interpreter start-up, the file discovery, then
            read + `ast.parse` of every file offpath would analyse
  head      `offpath check TREE --no-cache -j 1 --format json --exit-zero` of the revision this
            interpreter imports (`--head-path` to pick another)
  base      the same with `PYTHONPATH=--base-path` (a folder holding an `offpath` package, e.g.
            `git archive REV analysis server cli` unpacked under `OLD/offpath/`)
and prints each one's instruction count (`I refs`) and its ratio to the floor and to the base.
`--children` follows the processes the check starts (the jedi worker) and adds theirs; without it
only the parent is counted. `--jedi-off` checks with `jedi-budget = 0` (a config written to a
temporary pyproject.toml, passed with `--config`). `PYTHONHASHSEED=0` for every run. Under valgrind
a run takes 30–80× its native time: use a tree of a few hundred files (Django's own source is 885).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from revision_run import check_command, floor_command, revision_env

_REFS = re.compile(rb"==\d+==\s+(?:I\s+refs|Collected)\s*:\s*([\d,]+)")


def count(command: list[str], env: dict, tool: str = "cachegrind", children: bool = False) -> int:
    """Instructions executed by `command` (summed over its processes with `children`)."""
    options = [
        f"--tool={tool}",
        f"--{tool}-out-file=/dev/null",
        f"--trace-children={'yes' if children else 'no'}",
    ]
    if tool == "cachegrind":
        options.append("--cache-sim=no")
    done = subprocess.run(
        ["valgrind", *options, *command],
        env=env,
        cwd="/",
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
    )
    found = [int(m.group(1).replace(b",", b"")) for m in _REFS.finditer(done.stderr)]
    if not found:
        raise SystemExit(
            f"no instruction count from valgrind for {command[:4]}…:\n"
            + done.stderr.decode(errors="replace")[-2000:]
        )
    return sum(found) if children else found[-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("tree", help="the folder to check")
    parser.add_argument(
        "--base-path", help="PYTHONPATH holding a base revision's `offpath` (also counted)"
    )
    parser.add_argument(
        "--head-path", default="", help="PYTHONPATH holding the head revision (default: installed)"
    )
    parser.add_argument("--tool", choices=("cachegrind", "callgrind"), default="cachegrind")
    parser.add_argument("--jobs", default="1", help="passed to `offpath check -j` (default 1)")
    parser.add_argument(
        "--children", action="store_true", help="count the processes the check starts too"
    )
    parser.add_argument("--jedi-off", action="store_true", help="check with `jedi-budget = 0`")
    args = parser.parse_args(argv)
    root = os.path.abspath(args.tree)
    check = check_command(root, "-j", args.jobs, "-o", os.devnull)
    with tempfile.TemporaryDirectory(prefix="offpath-instructions-") as folder:
        if args.jedi_off:
            config = os.path.join(folder, "pyproject.toml")
            with open(config, "w", encoding="utf-8") as handle:
                handle.write("[tool.offpath]\njedi-budget = 0\n")
            check += ["--config", config]
        runs = {
            "floor": (floor_command(root), args.head_path),
            "head": (check, args.head_path),
        }
        if args.base_path:
            runs["base"] = (check, args.base_path)
        counts = {}
        for name, (command, path) in runs.items():
            counts[name] = count(command, revision_env(path), args.tool, args.children and name != "floor")
            print(f"{name}: {counts[name]:,} instructions", file=sys.stderr, flush=True)
    print(
        f"{root}: instructions ({args.tool}{', with children' if args.children else ''}, -j {args.jobs}"
        f"{', jedi off' if args.jedi_off else ''})\n"
    )
    print("| run | instructions (G) | × floor |")
    print("| --- | ---: | ---: |")
    for name, value in counts.items():
        print(f"| {name} | {value / 1e9:.2f} | {value / counts['floor']:.2f} |")
    if "base" in counts:
        print(f"\nhead / base: {counts['head'] / counts['base']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
