"""Peak memory of a command and of the processes it starts, sampled from /proc (Linux).

    python benchmarks/peak_rss.py -- offpath check TREE --no-cache --format json -o /dev/null
    python benchmarks/peak_rss.py --repeat 3 --interval 0.05 -- offpath check TREE -j 1

`ru_maxrss` of a waited child is that process alone: with `--jobs 2` (or the jedi worker) the
workers' memory is not in it. This samples, every `--interval` seconds until the command exits,
`VmHWM` (the kernel's own high-water mark) and `VmRSS` of the command and of every descendant
(`/proc/<pid>/task/*/children`), and reports per run:
  wall      seconds until exit
  parent    the command's own peak: the last VmHWM read before it exited (a peak reached in the
            last interval is missed; `ru_maxrss` of `wait4` cannot stand in: it is the largest of
            the process and of every descendant it waited for)
  child     the largest peak of one descendant (VmHWM)
  tree      the largest sum of VmRSS over the command and its descendants at one sample (a
            sample may miss a short spike: lower the interval)
Medians over `--repeat` runs. `run(command)` is the same measurement for other scripts
(`cli_revisions.py`, `check_vs_ast.py`).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass


@dataclass
class Peak:
    """One run's peaks in KB (see the module docstring)."""

    parent: int = 0
    child: int = 0
    tree: int = 0


def _status_kb(pid: int) -> tuple[int, int]:
    """(VmHWM, VmRSS) of a process in KB; (0, 0) once it is gone (or a zombie)."""
    hwm = rss = 0
    try:
        with open(f"/proc/{pid}/status", "rb") as handle:
            for line in handle:
                if line.startswith(b"VmHWM:"):
                    hwm = int(line.split()[1])
                elif line.startswith(b"VmRSS:"):
                    rss = int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass
    return hwm, rss


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except (FileNotFoundError, ProcessLookupError):
        return out
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children", "rb") as handle:
                out.extend(int(p) for p in handle.read().split())
        except (FileNotFoundError, ProcessLookupError):
            pass
    return out


def _descendants(pid: int) -> list[int]:
    found, todo = [], _children(pid)
    while todo:
        child = todo.pop()
        found.append(child)
        todo.extend(_children(child))
    return found


def _sample(pid: int, peak: Peak, stop: threading.Event, interval: float) -> None:
    children: dict[int, int] = {}
    while not stop.is_set():
        hwm, total = _status_kb(pid)
        peak.parent = max(peak.parent, hwm)
        for child in _descendants(pid):
            child_hwm, child_rss = _status_kb(child)
            children[child] = max(children.get(child, 0), child_hwm)
            total += child_rss
        peak.tree = max(peak.tree, total)
        stop.wait(interval)
    peak.child = max(children.values(), default=0)


def run(
    command: list[str], env: dict | None = None, cwd: str | None = None, interval: float = 0.1
) -> tuple[float, Peak, bytes, int]:
    """Wall seconds, the peaks, stdout and the exit code of one run of `command`."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd=cwd
    )
    peak, stop = Peak(), threading.Event()
    sampler = threading.Thread(
        target=_sample, args=(process.pid, peak, stop, interval), daemon=True
    )
    sampler.start()
    out = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    stop.set()
    sampler.join()
    if not peak.parent:  # exited before the first sample
        peak.parent = peak.tree = usage.ru_maxrss
    return wall, peak, out, os.waitstatus_to_exitcode(status)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--interval", type=float, default=0.1, help="seconds between samples")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the command (after --)")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command")
    rows = []
    for number in range(args.repeat):
        wall, peak, _, code = run(command, interval=args.interval)
        rows.append((wall, peak))
        print(
            f"run {number + 1}: {wall:.2f} s, exit {code}, parent {peak.parent / 1024:,.0f} MB, "
            f"largest child {peak.child / 1024:,.0f} MB, tree {peak.tree / 1024:,.0f} MB",
            file=sys.stderr,
        )

    def median(values) -> float:
        return statistics.median(values)

    print(
        f"median of {args.repeat}: wall {median(w for w, _ in rows):.2f} s; peak RSS parent "
        f"{median(p.parent for _, p in rows) / 1024:,.0f} MB, largest child "
        f"{median(p.child for _, p in rows) / 1024:,.0f} MB, tree {median(p.tree for _, p in rows) / 1024:,.0f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
