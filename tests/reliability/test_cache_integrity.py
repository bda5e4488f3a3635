"""Summary cache integrity: truncated, corrupted, foreign and old-format entries are detected and
rebuilt; processes writing one cache at once never leave a torn entry (atomic replace); entries
hold summaries, not source text; a planted entry cannot run code."""

from __future__ import annotations

import multiprocessing
import os
import pickle

import pytest
from fuzzing import TRIED
from offpath.analysis.cache import MAGIC, SummaryCache
from offpath.analysis.project import Project
from offpath.analysis.source import SourceFile
from offpath.analysis.summary import summarize

SECRET = "ZEBRA-7f3a-unique-secret"
SOURCE = f'''"""Module docstring {SECRET}-doc."""
# a comment {SECRET}-comment
from flask import Flask
import requests

app = Flask(__name__)


@app.route("/orders")
def orders():
    """Handler docstring {SECRET}-handler."""
    requests.get("https://example.com/api")  # {SECRET}-trailing
    return ""
'''


@pytest.fixture(autouse=True)
def private_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))  # the per-user key lives there


def entry_files(base: str) -> list[str]:
    return [os.path.join(d, f) for d, _, fs in os.walk(base) for f in fs if f.endswith(".pickle")]


def summary_of(text: str = SOURCE, module: str = "app.views"):
    return summarize(SourceFile("/w/app/views.py", text), module)


def corrupt(path: str, how: str) -> None:
    with open(path, "rb") as handle:
        blob = handle.read()
    blob = {
        "truncated": blob[: len(blob) // 2],
        "empty": b"",
        "header only": blob[: len(MAGIC) + 5],
        "flipped byte": blob[:-10] + bytes([blob[-10] ^ 0xFF]) + blob[-9:],
        "old magic": b"OFPC0\n" + blob[len(MAGIC):],
        "garbage": os.urandom(len(blob)),
    }[how]
    with open(path, "wb") as handle:
        handle.write(blob)


@pytest.mark.parametrize("how", ["truncated", "empty", "header only", "flipped byte", "old magic", "garbage"])
def test_bad_entries_are_detected_and_rebuilt(tmp_path, how: str) -> None:
    TRIED["cache: damaged entries"] += 1
    cache = SummaryCache(str(tmp_path / "cache"))
    summary = summary_of()
    cache.put(summary)
    [path] = entry_files(cache.base)
    corrupt(path, how)
    fresh = SummaryCache(str(tmp_path / "cache"))
    assert fresh.get(summary.digest, summary.module, summary.is_package) is None
    assert not os.path.exists(path), "a bad entry is removed"
    # A Project using the cache re-summarises and writes a good entry again.
    root = tmp_path / "w"
    (root / "app").mkdir(parents=True)
    (root / "app" / "views.py").write_text(SOURCE)
    project = Project([str(root)], cache=fresh)
    project.load([str(root / "app" / "views.py")])
    assert project.all_findings()
    again = SummaryCache(str(tmp_path / "cache"))
    cached = again.get(summary.digest, summary.module, summary.is_package)
    assert cached == summary and again.hits == 1


def test_foreign_and_mismatched_entries(tmp_path) -> None:
    cache = SummaryCache(str(tmp_path / "cache"))
    summary = summary_of()
    other = summary_of(SOURCE.replace("orders", "payments"), "app.other")
    cache.put(summary)
    [path] = entry_files(cache.base)
    # An entry moved under another key (same key, MAC valid) must not answer for that key.
    cache.put(other)
    [other_path] = [p for p in entry_files(cache.base) if p != path]
    os.replace(other_path, path)
    assert SummaryCache(str(tmp_path / "cache")).get(summary.digest, summary.module, False) is None
    # An entry signed with another user's key is refused.
    cache.put(summary)
    os.environ["XDG_CACHE_HOME"] = str(tmp_path / "someone-else")
    try:
        assert SummaryCache(str(tmp_path / "cache")).get(summary.digest, summary.module, False) is None
    finally:
        os.environ["XDG_CACHE_HOME"] = str(tmp_path / "xdg")
    TRIED["cache: foreign entries"] += 2


class Boom:
    def __reduce__(self):
        return (os.system, (f"touch {os.environ['OFFPATH_MARKER']}",))


def test_planted_pickle_never_runs(tmp_path, monkeypatch) -> None:
    """A `.offpath_cache/` committed to a repository is data, never code: unsigned entries are
    dropped before unpickling."""
    marker = tmp_path / "pwned"
    monkeypatch.setenv("OFFPATH_MARKER", str(marker))
    cache = SummaryCache(str(tmp_path / "cache"))
    summary = summary_of()
    cache.put(summary)
    [path] = entry_files(cache.base)
    payload = pickle.dumps(Boom())
    with open(path, "wb") as handle:
        handle.write(MAGIC + b"\0" * 32 + payload)
    assert SummaryCache(str(tmp_path / "cache")).get(summary.digest, summary.module, False) is None
    assert not marker.exists()
    TRIED["cache: planted pickles"] += 1


def _writer(directory: str, xdg: str, seed: int, rounds: int) -> None:
    os.environ["XDG_CACHE_HOME"] = xdg
    cache = SummaryCache(directory)
    summaries = [summary_of(SOURCE.replace("orders", f"orders{i}"), f"app.m{i}") for i in range(8)]
    for round_ in range(rounds):
        for index in range(len(summaries)):
            cache.put(summaries[(index + seed + round_) % len(summaries)])


def test_concurrent_writers_never_tear_entries(tmp_path) -> None:
    """Two servers on one workspace: four processes rewrite the same entries while this one reads."""
    directory, xdg = str(tmp_path / "cache"), str(tmp_path / "xdg")
    SummaryCache(directory).put(summary_of())  # create the per-user key before the race
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_writer, args=(directory, xdg, seed, 150)) for seed in range(4)]
    for worker in workers:
        worker.start()
    expected = {s.module: s for s in (summary_of(SOURCE.replace("orders", f"orders{i}"), f"app.m{i}") for i in range(8))}
    reads = torn = 0
    reader = SummaryCache(directory)
    while any(w.is_alive() for w in workers):
        # Every entry file visible at any moment is complete and signed: writers replace whole files.
        for path in entry_files(directory):
            try:
                with open(path, "rb") as handle:
                    blob = handle.read()
            except FileNotFoundError:
                continue
            reads += 1
            torn += reader._decode(blob) is None
        for summary in expected.values():
            got = reader.get(summary.digest, summary.module, False)
            assert got is None or got == summary
    assert torn == 0, f"{torn} of {reads} reads saw a torn entry"
    for worker in workers:
        worker.join()
        assert worker.exitcode == 0
    final = SummaryCache(directory)
    for summary in expected.values():
        assert final.get(summary.digest, summary.module, False) == summary
    assert not [f for d, _, fs in os.walk(directory) for f in fs if f.startswith(".tmp-")], "temp files left"
    TRIED["cache: concurrent reads during 4-process writes"] += reads


def test_cache_holds_summaries_not_source(tmp_path) -> None:
    root = tmp_path / "w"
    (root / "app").mkdir(parents=True)
    (root / "app" / "views.py").write_text(SOURCE)
    cache = SummaryCache(str(tmp_path / "cache"))
    project = Project([str(root)], cache=cache)
    project.load([str(root / "app" / "views.py")])
    files = entry_files(cache.base)
    assert files
    for path in files:
        with open(path, "rb") as handle:
            blob = handle.read()
        assert SECRET.encode() not in blob, "source text (a comment or docstring) was written to the cache"
        assert b"/orders" in blob or b"orders" in blob  # the summary itself is there
