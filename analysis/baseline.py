"""Accepted findings recorded in `.offpath-baseline.json`, so a team adopts offpath on an old
codebase and only new findings are reported. Entries are keyed by rule, file, entry point, sink and
the chain of function names (`Finding.key`), never by line numbers, so edits elsewhere in a file do
not resurface them; a count per key lets a second identical finding still be reported as new.
"""

from __future__ import annotations

import json
import os
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from .model import Finding
from .paths import relative

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

DEFAULT_NAME = ".offpath-baseline.json"
FORMAT_VERSION = 1

Key = tuple[str, str, str, str, str]


class BaselineError(Exception):
    """The baseline file exists but cannot be used; the message says why."""


@dataclass(frozen=True)
class Baseline:
    """Accepted findings: key -> how many of them; paths in keys are relative to `root`."""

    root: str
    counts: dict[Key, int] = field(default_factory=dict)
    messages: dict[Key, str] = field(default_factory=dict, compare=False)

    def __len__(self) -> int:
        return sum(self.counts.values())


def finding_key(finding: Finding, root: str) -> Key:
    """`Finding.key` with the path made relative to `root` (so the file can be committed)."""
    code, path, entry, sink, hops = finding.key
    return (code, relative(path, root), entry, sink, hops)


def build(findings: Iterable[Finding], root: str) -> Baseline:
    """A baseline accepting exactly `findings`."""
    root = os.path.abspath(root)
    counts: Counter[Key] = Counter()
    messages: dict[Key, str] = {}
    for finding in findings:
        key = finding_key(finding, root)
        counts[key] += 1
        messages.setdefault(key, finding.message)
    return Baseline(root, dict(counts), messages)


def update(old: Baseline | None, findings: Iterable[Finding], root: str, analysed: Iterable[str] = ()) -> Baseline:
    """Today's findings, plus old entries for files this run did not analyse and that still exist.

    Entries for analysed files are replaced wholesale, so findings that disappeared are pruned;
    checking a subset of the tree (`offpath check app/ --write-baseline`) keeps the rest.
    """
    new = build(findings, root)
    if old is None:
        return new
    analysed_rel = {relative(path, new.root) for path in analysed}
    counts = dict(new.counts)
    messages = dict(new.messages)
    for key, count in old.counts.items():
        rel = key[1]
        if rel in analysed_rel or key in counts:
            continue
        if not os.path.isfile(os.path.join(new.root, rel)):
            continue
        counts[key] = count
        if key in old.messages:
            messages[key] = old.messages[key]
    return Baseline(new.root, counts, messages)


def filter_new(findings: Iterable[Finding], baseline: Baseline | None) -> list[Finding]:
    """The findings not accepted by `baseline`, in their original order.

    When a key is accepted N times and occurs more often now, the first N by position are taken as
    the accepted ones and the rest are new.
    """
    findings = list(findings)
    if baseline is None or not baseline.counts:
        return findings
    by_key: dict[Key, list[int]] = defaultdict(list)
    for number, finding in enumerate(findings):
        by_key[finding_key(finding, baseline.root)].append(number)
    accepted: set[int] = set()
    for key, numbers in by_key.items():
        allowed = baseline.counts.get(key, 0)
        if allowed:
            numbers.sort(key=lambda n: (findings[n].span, findings[n].code))
            accepted.update(numbers[:allowed])
    return [f for n, f in enumerate(findings) if n not in accepted]


def load(path: str) -> Baseline:
    """Read a baseline file; its entries' paths are relative to the folder holding it."""
    try:
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read the baseline ({exc.strerror})") from None
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{path}: not a valid baseline file ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(document, dict) or document.get("version") != FORMAT_VERSION:
        raise BaselineError(f"{path}: not an offpath baseline (expected \"version\": {FORMAT_VERSION})")
    counts: dict[Key, int] = {}
    messages: dict[Key, str] = {}
    for entry in document.get("findings", []):
        try:
            key: Key = (entry["code"], entry["path"], entry.get("entry", ""), entry.get("sink", ""),
                        "/".join(entry.get("chain", [])))
            count = int(entry.get("count", 1))
        except (TypeError, KeyError, ValueError):
            raise BaselineError(f"{path}: malformed entry {entry!r}") from None
        counts[key] = counts.get(key, 0) + count
        messages[key] = str(entry.get("message", ""))
    return Baseline(os.path.dirname(os.path.abspath(path)), counts, messages)


def dumps(baseline: Baseline) -> str:
    """The file's text: sorted entries, one per key, so diffs in review stay small."""
    entries = []
    for key in sorted(baseline.counts):
        code, path, entry, sink, hops = key
        record = {"code": code, "path": path, "entry": entry, "sink": sink,
                  "chain": hops.split("/") if hops else [], "count": baseline.counts[key]}
        if baseline.messages.get(key):
            record["message"] = baseline.messages[key]
        entries.append(record)
    document = {"version": FORMAT_VERSION, "tool": "offpath", "findings": entries}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def write(baseline: Baseline, path: str) -> None:
    """Write `baseline` to `path`, re-rooting its keys at the file's folder."""
    folder = os.path.dirname(os.path.abspath(path))
    if folder != baseline.root:
        baseline = _rerooted(baseline, folder)
    text = dumps(baseline)
    tmp = f"{path}.tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    os.replace(tmp, path)


def configured_path(root: str, pyproject: str | None = None) -> str:
    """Where the baseline of the project at `root` lives: `[tool.offpath] baseline`, else the default."""
    pyproject = pyproject or os.path.join(root, "pyproject.toml")
    if os.path.isfile(pyproject):
        try:
            with open(pyproject, "rb") as handle:
                table = tomllib.load(handle).get("tool", {}).get("offpath", {})
        except (OSError, tomllib.TOMLDecodeError):
            table = {}
        value = table.get("baseline") if isinstance(table, dict) else None
        if isinstance(value, str) and value:
            return os.path.join(os.path.dirname(os.path.abspath(pyproject)), value)
    return os.path.join(root, DEFAULT_NAME)


def discover(root: str, pyproject: str | None = None) -> Baseline | None:
    """The project's baseline when its file exists (for the language server and `offpath check`)."""
    path = configured_path(root, pyproject)
    return load(path) if os.path.isfile(path) else None


def _rerooted(baseline: Baseline, folder: str) -> Baseline:
    counts: dict[Key, int] = {}
    messages: dict[Key, str] = {}
    for key, count in baseline.counts.items():
        moved = (key[0], relative(os.path.join(baseline.root, key[1]), folder), *key[2:])
        counts[moved] = counts.get(moved, 0) + count
        messages[moved] = baseline.messages.get(key, "")
    return Baseline(folder, counts, messages)
