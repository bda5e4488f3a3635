"""Summarise many files on several cores (the CLI's cold start).

Workers read and summarise files and send back plain-tuple encodings (see summary_codec); the
parent rebuilds them. Only used by the command line: the language server never forks."""

from __future__ import annotations

import multiprocessing
import os

from . import summary_codec
from .source import SourceFile, read_source
from .summary import FileSummary, SummaryError, summarize

MIN_FILES_PER_WORKER = 48
BATCH = 24


_CACHE: list = []  # the parent's summary cache, inherited by the forked workers


def _work(batch: list[tuple[str, str, bool]], encode: bool = True) -> list[tuple[str, object, str]]:
    """Summaries of `batch`, encoded for the trip back to the parent (`encode=False`: the parent
    summarises them itself and keeps the records)."""
    cache = _CACHE[0] if _CACHE else None
    out = []
    for path, module, is_package in batch:
        text = read_source(path)
        if text is None:
            out.append((path, None, "cannot be read"))
            continue
        try:
            summary = summarize(SourceFile(path, text), module, is_package)
        except SummaryError as exc:
            out.append((path, None, exc.reason))
            continue
        if cache is not None:
            cache.put(summary)  # written by the worker: the parent does not pay for it
        out.append((path, summary_codec.encode(summary) if encode else summary, ""))
    return out


def summarize_many(jobs: list[tuple[str, str, bool]], workers: int,
                   cache=None) -> list[tuple[str, FileSummary | None, str]]:
    """[(path, module, is_package)] -> [(path, summary or None, skip reason)], in input order;
    each new summary is also put in `cache` (a SummaryCache) when one is given."""
    workers = min(workers, max(1, len(jobs) // MIN_FILES_PER_WORKER))
    if cache is not None:
        cache._secret()  # created once, before the fork, so every worker signs with the same key
    _CACHE[:] = [cache] if cache is not None else []
    out: list[tuple[str, FileSummary | None, str]] = []
    try:
        if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
            return [(path, summary, reason) for path, summary, reason in _work(jobs, encode=False)]
        batches = [jobs[i:i + BATCH] for i in range(0, len(jobs), BATCH)]
        context = multiprocessing.get_context("fork")
        with context.Pool(workers) as pool:
            # In order, as each batch arrives: the parent decodes while the workers summarise.
            for batch_result in pool.imap(_work, batches, chunksize=1):
                for path, encoded, reason in batch_result:
                    out.append((path, None if encoded is None else summary_codec.decode(encoded), reason))
    finally:
        _CACHE.clear()
    return out


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return os.cpu_count() or 1
