"""Accuracy counts on real open-source applications from PyPI.

    python benchmarks/real_apps.py                  # every app below, markdown table on stdout
    python benchmarks/real_apps.py --app allauth --json out/   # also keep each app's JSON report

Downloads each pinned distribution into benchmarks/.cache/ (sdist, else wheel), runs
`offpath check PKG --format json` on its import package as a subprocess (interpreter startup
included in the seconds), and prints files, lines, seconds, findings per code and skipped files.
The review columns (reviewed / accepted / false positives) come from docs/accuracy.md: they were
judged by reading the code and are not recomputed here.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _fetch import count_lines, fetch, package_dir, python_files

# name: (requirement, import package, framework)
APPS = {
    "allauth": ("django-allauth==65.21.1", "allauth", "Django + DRF-style headless API"),
    "oscar": ("django-oscar==4.2.1", "oscar", "Django"),
    "pretix": ("pretix==2026.8.0", "pretix", "Django + DRF"),
    "pretalx": ("pretalx==2025.2.2", "pretalx", "Django + DRF"),
    "misago": ("misago==0.39.6", "misago", "Django + DRF"),
    "helpdesk": ("django-helpdesk==2.6.1", "helpdesk", "Django + DRF"),
    "ihatemoney": ("ihatemoney==7.2.1", "ihatemoney", "Flask + flask-restful"),
    "flaskbb": ("FlaskBB==2.0.2", "flaskbb", "Flask"),
    "flask-security": ("Flask-Security-Too==5.9.2", "flask_security", "Flask"),
    "postorius": ("postorius==1.3.13", "postorius", "Django"),
}


def run(name: str, keep: str | None) -> dict:
    requirement, package, framework = APPS[name]
    root = package_dir(fetch(requirement), package)
    files = python_files(root)
    exe = shutil.which("offpath")
    command = [exe] if exe else [sys.executable, "-m", "offpath.cli.main"]
    start = time.perf_counter()
    done = subprocess.run(command + ["check", root, "--format", "json", "--exit-zero"],
                          check=False, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        return {"app": name, "error": done.stderr.strip().splitlines()[-1:] or ["exit " + str(done.returncode)]}
    report = json.loads(done.stdout)
    if keep:
        os.makedirs(keep, exist_ok=True)
        with open(os.path.join(keep, f"{name}.json"), "w", encoding="utf-8") as handle:
            handle.write(done.stdout)
    codes = collections.Counter(f["code"] for f in report["findings"])
    return {
        "app": name, "requirement": requirement, "framework": framework, "files": len(files),
        "lines": count_lines(files), "seconds": seconds, "findings": len(report["findings"]),
        "codes": dict(sorted(codes.items())), "skipped": len(report.get("skipped") or []),
    }


def table(rows: list[dict]) -> str:
    out = ["| app | version | files | lines | seconds | findings | per code | skipped |",
           "| --- | --- | ---: | ---: | ---: | ---: | --- | ---: |"]
    for r in rows:
        if "error" in r:
            out.append(f"| {r['app']} | | | | | error: {r['error'][0]} | | |")
            continue
        per_code = ", ".join(f"{c} {n}" for c, n in r["codes"].items()) or "—"
        out.append(f"| {r['app']} | {r['requirement'].split('==')[1]} | {r['files']} | {r['lines']} | "
                   f"{r['seconds']:.1f} | {r['findings']} | {per_code} | {r['skipped']} |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--app", action="append", choices=sorted(APPS), help="only these apps (repeatable)")
    parser.add_argument("--json", metavar="DIR", help="keep each app's JSON report in DIR")
    args = parser.parse_args(argv)
    rows = []
    for name in args.app or list(APPS):
        print(f"checking {name}", file=sys.stderr)
        rows.append(run(name, args.json))
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
