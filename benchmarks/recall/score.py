"""Strict recall of offpath on hand-labelled real applications, and the share of negatives it flags.

    python benchmarks/recall/score.py                       # every labelled app that is available
    python benchmarks/recall/score.py --app healthchecks --json out.json
    python benchmarks/recall/score.py --python /path/to/venv   # with the apps' dependencies (issue 11)
    python benchmarks/recall/score.py --envs /tmp/envs         # /tmp/envs/<app>: each app's own venv

Labels live in `benchmarks/recall/apps/<app>.json` (format and how to get the sources: benchmarks/recall/README.md); they were
written by reading each app's code before offpath was run on it. Which apps are held out (never
tuned on) is in `benchmarks/recall/splits.json`; the two sets are reported separately.

Sources: a PyPI pin is downloaded into `benchmarks/.cache/recall/<app>/` (sdist); a GitHub pin must
be present there as an extracted tree of that commit (the script says where it looked and how to get
it). Nothing from an app is imported or run: offpath reads it statically.

A positive counts as found when one finding has the labelled handler (same file and `def` line, or
same file and function name; for an inherited handler, at the concrete view class or at its
`defined_in`) and the labelled sink (same file and line). A negative counts as flagged when a
finding reports its sink line at all.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
APPS_DIR = os.path.join(HERE, "apps")
CACHE = os.path.realpath(os.path.join(os.path.dirname(HERE), ".cache", "recall"))  # a linked cache too


def load_labels(only: list[str] | None) -> list[dict]:
    labels = []
    for name in sorted(os.listdir(APPS_DIR)):
        if not name.endswith(".json"):
            continue
        with open(os.path.join(APPS_DIR, name), encoding="utf-8") as handle:
            data = json.load(handle)
        data.setdefault("app", name[:-5])
        if only and data["app"] not in only:
            continue
        labels.append(data)
    return labels


def load_splits() -> dict[str, str]:
    path = os.path.join(HERE, "splits.json")
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def source_tree(label: dict, mirrors: str | None = None) -> str | None:
    """The extracted source of the pinned version, or None (with a message) when it is missing.

    A GitHub pin is extracted from a local clone when `mirrors` holds one (see `_mirror`)."""
    app = label["app"]
    target = os.path.join(CACHE, app)
    marker = os.path.join(target, ".offpath-pin")
    source = label["source"]
    pin = source.get("commit") or source.get("requirement", "")
    if os.path.exists(marker):
        with open(marker, encoding="utf-8") as handle:
            if handle.read().strip() == pin:
                return _top(target)
    if source["kind"] == "pypi":
        return _download(source["requirement"], target, marker, pin)
    git_dir = _mirror(mirrors, source["repo"], source["commit"])
    if git_dir:
        return _extract(git_dir, source["commit"], target, marker)
    print(f"{app}: extract {source['repo']} at {source['commit']} into {target} "
          f"(and write the commit into {marker}), or pass --mirrors DIR holding a clone of it; skipped", file=sys.stderr)
    return None


def _top(target: str) -> str:
    entries = [e for e in os.listdir(target) if not e.startswith(".")]
    if len(entries) == 1 and os.path.isdir(os.path.join(target, entries[0])):
        return os.path.join(target, entries[0])
    return target


# Files a check reads: Python sources and the files that locate a project's import roots.
_EXTRACTED_SUFFIXES = (".py", ".pyi")
_EXTRACTED_NAMES = {"pyproject.toml", "setup.cfg"}


def _mirror(mirrors: str | None, repo: str, commit: str) -> str | None:
    """A local git directory of `repo` that holds `commit`: `<mirrors>/<owner>+<name>` (or its
    `repo/` or `.git/` subfolder, or `<mirrors>/<name>`), bare or not. None when there is none."""
    if not mirrors:
        return None
    owner, _, name = repo.partition("/")
    for base in (os.path.join(mirrors, f"{owner}+{name}"), os.path.join(mirrors, name)):
        for candidate in (os.path.join(base, "repo"), os.path.join(base, ".git"), base):
            if not os.path.isdir(candidate):
                continue
            found = subprocess.run(["git", "--git-dir", candidate, "cat-file", "-e", f"{commit}^{{commit}}"],
                                   check=False, capture_output=True)
            if found.returncode == 0:
                return candidate
    return None


def _extract(git_dir: str, commit: str, target: str, marker: str) -> str | None:
    """Write the commit's Python and project files into `target` (blob by blob, so a mirror whose
    large data files are absent still gives every source file), then the pin marker."""
    listing = subprocess.run(["git", "--git-dir", git_dir, "ls-tree", "-r", "-z", commit],
                             check=False, capture_output=True)
    if listing.returncode != 0:
        print(f"cannot list {commit} in {git_dir}: {listing.stderr.decode(errors='replace')[-300:]}", file=sys.stderr)
        return None
    wanted = []
    for entry in listing.stdout.split(b"\0"):
        if not entry:
            continue
        meta, _, path = entry.partition(b"\t")
        mode, kind, sha = meta.split()
        name = os.path.basename(path.decode())
        if kind == b"blob" and mode != b"120000" and (name.endswith(_EXTRACTED_SUFFIXES) or name in _EXTRACTED_NAMES):
            wanted.append((path.decode(), sha.decode()))
    blobs = subprocess.run(["git", "--git-dir", git_dir, "cat-file", "--batch"], check=False, capture_output=True,
                           input="".join(f"{sha}\n" for _, sha in wanted).encode())
    if blobs.returncode != 0:
        print(f"cannot read blobs of {commit} in {git_dir}", file=sys.stderr)
        return None
    shutil.rmtree(target, ignore_errors=True)
    os.makedirs(target)
    data, offset = blobs.stdout, 0
    for path, sha in wanted:
        header_end = data.index(b"\n", offset)
        header = data[offset:header_end].split()
        offset = header_end + 1
        if header[1] == b"missing":
            continue
        size = int(header[2])
        destination = os.path.join(target, *path.split("/"))
        os.makedirs(os.path.dirname(destination), exist_ok=True)
        with open(destination, "wb") as handle:
            handle.write(data[offset:offset + size])
        offset += size + 1
    with open(marker, "w", encoding="utf-8") as handle:
        handle.write(commit)
    return _top(target)


def _download(requirement: str, target: str, marker: str, pin: str) -> str | None:
    archive_dir = target + ".download"
    shutil.rmtree(archive_dir, ignore_errors=True)
    done = subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                           "--no-binary", ":all:", requirement, "-d", archive_dir],
                          check=False, capture_output=True, text=True)
    archives = os.listdir(archive_dir) if os.path.isdir(archive_dir) else []
    if done.returncode != 0 or not archives:
        print(f"cannot download {requirement}: {done.stderr.strip()[-300:]}", file=sys.stderr)
        return None
    shutil.rmtree(target, ignore_errors=True)
    os.makedirs(target)
    archive = os.path.join(archive_dir, archives[0])
    if archive.endswith(".zip"):
        with zipfile.ZipFile(archive) as zipped:
            zipped.extractall(target)
    else:
        with tarfile.open(archive) as tarred:
            tarred.extractall(target, filter="data")
    with open(marker, "w", encoding="utf-8") as handle:
        handle.write(pin)
    shutil.rmtree(archive_dir, ignore_errors=True)
    return _top(target)


def run_offpath(tree: str, root: str, python: str | None) -> list[dict]:
    # The offpath of the interpreter running this script, never whatever `offpath` PATH finds first.
    command = [sys.executable, "-m", "offpath.cli.main"]
    command += ["check", os.path.join(tree, root), "--format", "json", "--exit-zero"]
    # -- environment (issue 11): the apps' installed dependencies, or the tables alone --
    command += ["--python", python] if python else ["--no-environment"]
    # -- end environment --
    done = subprocess.run(command, cwd=tree, check=False, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"offpath failed on {tree}: {done.stderr[-2000:]}")
    return json.loads(done.stdout)["findings"]


def _norm(path: str) -> str:
    return os.path.normpath(path).replace(os.sep, "/")


def _same_handler(entry: dict | None, handler: dict | None) -> bool:
    """The labelled handler, written as the concrete view class (`IssueViewSet.create` in its file)
    or as the inherited method that runs (`CreateModelMixin.create` where it is defined): an entry
    matches at its own place or at its `defined_in`. "IssueViewSet.create (CreateModelMixin.create)"
    names both."""
    if not entry or not handler:
        return False
    names = {part.strip(" ()").rsplit(".", 1)[-1] for part in handler.get("name", "").split("(")} - {""}
    places = [entry] + ([entry["defined_in"]] if entry.get("defined_in") else [])
    return any(_norm(place["path"]) == _norm(handler["path"])
               and (place["line"] == handler.get("line") or place["name"].rsplit(".", 1)[-1] in names)
               for place in places)


def _same_sink(sink: dict | None, label: dict) -> bool:
    return bool(sink) and _norm(sink["path"]) == _norm(label["path"]) and sink["line"] == label["line"]


def score(label: dict, findings: list[dict]) -> dict:
    positives = label.get("positives", [])
    negatives = label.get("negatives", [])
    found = [p["id"] for p in positives
             if any(_same_handler(f.get("entry"), p["handler"]) and _same_sink(f.get("sink"), p["sink"]) for f in findings)]
    flagged = [n["id"] for n in negatives if any(_same_sink(f.get("sink"), n["sink"]) for f in findings)]
    deep = [p for p in positives if p.get("depth", 0) >= 3]
    return {
        "app": label["app"], "framework": label.get("framework", ""),
        "positives": len(positives), "found": len(found), "found_ids": found,
        "deep": len(deep), "deep_found": sum(1 for p in deep if p["id"] in found),
        "negatives": len(negatives), "flagged": len(flagged), "flagged_ids": flagged,
        "findings": len(findings),
    }


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f} %" if whole else "—"


def table(rows: list[dict], splits: dict[str, str]) -> str:
    lines = ["| set | app | framework | positives | found | strict recall | depth ≥ 3 found | negatives | flagged |",
             "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for split in ("held-out", "dev"):
        chosen = [r for r in rows if splits.get(r["app"], "held-out") == split]
        for row in chosen:
            lines.append(f"| {split} | {row['app']} | {row['framework']} | {row['positives']} | {row['found']} | "
                         f"{_percent(row['found'], row['positives'])} | {row['deep_found']}/{row['deep']} | "
                         f"{row['negatives']} | {_percent(row['flagged'], row['negatives'])} |")
        if chosen:
            total = {k: sum(r[k] for r in chosen) for k in ("positives", "found", "deep", "deep_found", "negatives", "flagged")}
            lines.append(f"| {split} | **total** | | {total['positives']} | {total['found']} | "
                         f"**{_percent(total['found'], total['positives'])}** | {total['deep_found']}/{total['deep']} | "
                         f"{total['negatives']} | **{_percent(total['flagged'], total['negatives'])}** |")
    return "\n".join(lines)


# -- results the response needs (issue 16) ------------------------------------------------------
# Separate from the recall score above: a `result_needed` label is a slow call whose result the
# response needs; offpath should report it as OFP301 (slow-result-on-path), never as a queue
# candidate (an OFP1xx "move it to a queue" finding).

def result_needed_score(label: dict, findings: list[dict]) -> dict:
    """How many of the app's `result_needed` cases are reported as OFP301 and as a queue candidate."""
    cases = label.get("result_needed", [])

    def reported(case: dict, wanted) -> bool:
        return any(wanted(f.get("code", "")) and _same_handler(f.get("entry"), case["handler"])
                   and _same_sink(f.get("sink"), case["sink"]) for f in findings)

    as_result = [c["id"] for c in cases if reported(c, lambda code: code == "OFP301")]
    as_queue = [c["id"] for c in cases if reported(c, lambda code: code.startswith("OFP1"))]
    return {"app": label["app"], "result_needed": len(cases), "as_ofp301": len(as_result),
            "as_ofp301_ids": as_result, "as_queue": len(as_queue), "as_queue_ids": as_queue}


def result_needed_table(rows: list[dict], splits: dict[str, str]) -> str:
    """Per app and per split: the share of result-needed cases reported as OFP301 (target ≥ 60 %)
    and as a queue candidate (target ≤ 10 %)."""
    lines = ["| set | app | result needed | as OFP301 | share OFP301 | as queue candidate | share queue |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: |"]
    for split in ("held-out", "dev"):
        chosen = [r for r in rows if splits.get(r["app"], "held-out") == split]
        for row in chosen:
            lines.append(f"| {split} | {row['app']} | {row['result_needed']} | {row['as_ofp301']} | "
                         f"{_percent(row['as_ofp301'], row['result_needed'])} | {row['as_queue']} | "
                         f"{_percent(row['as_queue'], row['result_needed'])} |")
        if chosen:
            total = {k: sum(r[k] for r in chosen) for k in ("result_needed", "as_ofp301", "as_queue")}
            lines.append(f"| {split} | **total** | {total['result_needed']} | {total['as_ofp301']} | "
                         f"**{_percent(total['as_ofp301'], total['result_needed'])}** | {total['as_queue']} | "
                         f"**{_percent(total['as_queue'], total['result_needed'])}** |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", action="append", help="only this app (repeatable)")
    parser.add_argument("--json", help="write per-app results here")
    parser.add_argument("--python", help="interpreter or venv holding the apps' dependencies")
    parser.add_argument("--envs", metavar="DIR", help="DIR/<app> is each app's venv (else --python; else none)")
    parser.add_argument("--mirrors", metavar="DIR", default=os.environ.get("OFFPATH_RECALL_MIRRORS"),
                        help="DIR/<owner>+<name> is a local git clone of a GitHub pin: a missing source is "
                             "extracted from it (default: $OFFPATH_RECALL_MIRRORS)")
    args = parser.parse_args()
    splits = load_splits()
    rows = []
    results = []
    for label in load_labels(args.app):
        tree = source_tree(label, args.mirrors)
        if tree is None:
            continue
        python = args.python
        if args.envs and os.path.isdir(os.path.join(args.envs, label["app"])):
            python = os.path.join(args.envs, label["app"])
        findings = run_offpath(tree, label.get("root", "."), python)
        rows.append(score(label, findings))
        results.append(result_needed_score(label, findings))
    print(table(rows, splits))
    print()
    print(result_needed_table(results, splits))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            # Each row gains its result-needed counts under their own keys; the rows stay a list.
            json.dump([{**row, **{k: v for k, v in extra.items() if k != "app"}} for row, extra in zip(rows, results)],
                      handle, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
