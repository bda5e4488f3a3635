"""Cold `offpath check` of one or two revisions against the `ast.parse` floor, in one run, alternating.

    python benchmarks/cli_revisions.py TREE --rounds 3 --jobs 1 --jobs 0     # this revision alone
    git archive <old-commit> analysis server cli | tar -x -C /tmp/old/offpath
    python benchmarks/cli_revisions.py TREE --base-path /tmp/old --rounds 3 [--jobs N]

Each round times the parse floor (`check_vs_ast.py --child ast`: interpreter start-up plus
`ast.parse` of every file), then each revision's CLI (`--format json --no-cache`) at each `--jobs`
value (0: the default, the cores available), in alternating order so machine load hits both
alike. A revision is picked by `PYTHONPATH`: the base from `--base-path` (a folder holding an
`offpath` package, as the archive above makes), the head from `--head-path` (default: the one this
interpreter imports). Memory is sampled from /proc (`peak_rss.run`): the parent's peak and the
whole process tree's. Prints medians, ratios to the floor and to the base, whether each run gave
byte-identical JSON in every round (`PYTHONHASHSEED=0`), and whether the two revisions agree.
Each run is logged to stderr as it ends (a run stopped early still leaves its rounds).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from peak_rss import run
from revision_run import check_command, floor_command, revision_env


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tree", help="the folder to check")
    parser.add_argument(
        "--base-path", help="PYTHONPATH holding the base revision's `offpath` (optional)"
    )
    parser.add_argument(
        "--head-path", default="", help="PYTHONPATH holding the head revision (default: installed)"
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--jobs",
        action="append",
        type=int,
        help="passed to `offpath check -j`; repeatable; 0: the default (the cores available)",
    )
    parser.add_argument(
        "--config",
        help="a pyproject.toml passed to `offpath check --config` (e.g. `jedi-budget = 0`)",
    )
    args = parser.parse_args()
    root = os.path.abspath(args.tree)
    paths = (
        {"head": args.head_path}
        if args.base_path is None
        else {"base": args.base_path, "head": args.head_path}
    )
    envs = {name: revision_env(path) for name, path in paths.items()}
    check = check_command(root, *(["--config", os.path.abspath(args.config)] if args.config else []))
    floor = floor_command(root)
    runs = [(name, jobs) for jobs in (args.jobs or [0]) for name in paths]
    seconds: dict[str, list[float]] = {"floor": []}
    parent: dict[str, list[int]] = {}
    tree: dict[str, list[int]] = {}
    outputs: dict[str, set[bytes]] = {}
    for round_ in range(args.rounds):
        seconds["floor"].append(run(floor, envs["head"], cwd="/")[0])
        print(
            f"round {round_ + 1}: parse floor: {seconds['floor'][-1]:.1f} s",
            file=sys.stderr,
            flush=True,
        )
        for name, jobs in runs if round_ % 2 == 0 else runs[::-1]:
            label = f"{name} -j {jobs or 'default'}"
            wall, peak, out, _ = run(
                check + (["-j", str(jobs)] if jobs else []), envs[name], cwd="/"
            )
            print(
                f"round {round_ + 1}: {label}: {wall:.1f} s, parent {peak.parent // 1024} MB, "
                f"tree {peak.tree // 1024} MB",
                file=sys.stderr,
                flush=True,
            )
            seconds.setdefault(label, []).append(wall)
            parent.setdefault(label, []).append(peak.parent // 1024)
            tree.setdefault(label, []).append(peak.tree // 1024)
            outputs.setdefault(label, set()).add(out)
    median = {name: statistics.median(values) for name, values in seconds.items()}
    print(f"{root}: {args.rounds} rounds, median of each\n")
    print("| run | wall s | × floor | parent peak RSS MB | tree peak RSS MB |")
    print("| --- | ---: | ---: | ---: | ---: |")
    print(f"| parse floor | {median['floor']:.1f} | 1.0 | | |")
    for label, peaks in parent.items():
        print(
            f"| {label} | {median[label]:.1f} | {median[label] / median['floor']:.1f} | "
            f"{statistics.median(peaks):.0f} | {statistics.median(tree[label]):.0f} |"
        )
    stable = all(len(seen) == 1 for seen in outputs.values())
    print(
        f"\neach run's JSON identical across rounds: {stable}; every run's JSON the same: "
        f"{stable and len(set().union(*outputs.values())) == 1}"
    )
    if args.base_path is not None:
        for jobs in args.jobs or [0]:
            label = f"-j {jobs or 'default'}"
            print(f"head/base {label}: {median['head ' + label] / median['base ' + label]:.2f}")
    print("raw", json.dumps({"seconds": seconds, "parent_mb": parent, "tree_mb": tree}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
