"""Cold `offpath check` of two revisions against the `ast.parse` floor, in one run, alternating.

    git archive <old-commit> analysis server cli | tar -x -C /tmp/old/offpath
    python benchmarks/cli_revisions.py TREE --base-path /tmp/old --rounds 3 [--jobs N]

Each round times the parse floor (`check_vs_ast.py --child ast`: interpreter start-up plus
`ast.parse` of every file), then the base and the head CLI (`--format json --no-cache`), in
alternating order so machine load hits both alike. A revision is picked by `PYTHONPATH`: the base
from `--base-path` (a folder holding an `offpath` package, as the archive above makes), the head
from `--head-path` (default: the one this interpreter imports). Prints medians, ratios to the floor
and to each other, peak RSS, whether each revision gave byte-identical JSON in every round (`PYTHONHASHSEED=0`), and
whether the two revisions agree.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def _run(command: list[str], env: dict) -> tuple[float, int, bytes]:
    """Wall seconds, peak RSS in MB and stdout of one child process."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd="/")
    out = child.stdout.read()
    _, _, usage = os.wait4(child.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss // 1024, out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tree", help="the folder to check")
    parser.add_argument("--base-path", required=True, help="PYTHONPATH holding the base revision's `offpath`")
    parser.add_argument("--head-path", default="", help="PYTHONPATH holding the head revision (default: installed)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jobs", help="passed to `offpath check -j`")
    args = parser.parse_args()
    root = os.path.abspath(args.tree)
    envs = {name: dict(os.environ, PYTHONPATH=path, PYTHONHASHSEED="0")
            for name, path in (("base", args.base_path), ("head", args.head_path))}
    check = [sys.executable, "-m", "offpath.cli.main", "check", root, "--format", "json", "--no-cache",
             "--exit-zero"] + (["-j", args.jobs] if args.jobs else [])
    floor = [sys.executable, os.path.join(HERE, "check_vs_ast.py"), "--child", "ast", root]
    seconds: dict[str, list[float]] = {"floor": [], "base": [], "head": []}
    rss: dict[str, list[int]] = {"base": [], "head": []}
    outputs: dict[str, set[bytes]] = {"base": set(), "head": set()}
    for round_ in range(args.rounds):
        seconds["floor"].append(_run(floor, envs["head"])[0])
        for name in ("base", "head") if round_ % 2 == 0 else ("head", "base"):
            wall, peak, out = _run(check, envs[name])
            seconds[name].append(wall)
            rss[name].append(peak)
            outputs[name].add(out)
    median = {name: statistics.median(values) for name, values in seconds.items()}
    print(f"{root}: {args.rounds} rounds, jobs {args.jobs or 'default'}\n")
    print("| run | wall s (median) | × floor | peak RSS MB (median) |")
    print("| --- | ---: | ---: | ---: |")
    print(f"| parse floor | {median['floor']:.1f} | 1.0 | |")
    for name in ("base", "head"):
        print(f"| {name} | {median[name]:.1f} | {median[name] / median['floor']:.1f} | {statistics.median(rss[name]):.0f} |")
    stable = all(len(seen) == 1 for seen in outputs.values())
    print(f"\nhead/base: {median['head'] / median['base']:.2f}; each revision's JSON identical across rounds: "
          f"{stable}; base JSON = head JSON: {stable and outputs['base'] == outputs['head']}")
    print("raw", json.dumps({"seconds": seconds, "rss": rss}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
