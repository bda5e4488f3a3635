"""Soak: thousands of edits in one language-server session over stdio, with a real LSP client.

    python benchmarks/soak.py [--edits 10000] [--warmup 1000] [--window 1000]

Starts `python -m offpath.server` on a copy of tests/server/data/shopsite, opens the service and
view modules and applies edits that alternate between comments, typing and removing/restoring the
call that makes the view's finding appear three calls away. After every edit a pull request
(`textDocument/diagnostic`, answered once the edit is analysed and published) measures latency.
The server's RSS (its jedi worker included) is sampled every 100 edits. Pass criteria: no crash,
RSS growth after warm-up under 10 %, p95 latency of the last `window` edits within 1.5x of the first
`window` after warm-up (timer noise on a shared machine). Prints a table; exits 1 on failure.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import sys
import tempfile
import time

from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

HERE = os.path.dirname(os.path.abspath(__file__))
PROJECT = os.path.join(os.path.dirname(HERE), "tests", "server", "data", "shopsite")
CALL = "    notify_customer(email, order_id)\n"


def rss_kib(pid: int) -> int:
    """Resident set size of `pid` and its children (the jedi worker), in KiB (Linux /proc)."""
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/status", encoding="ascii") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            with open(f"/proc/{current}/task/{current}/children", encoding="ascii") as handle:
                pending += [int(p) for p in handle.read().split()]
        except OSError:
            continue
    return total


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


class Doc:
    def __init__(self, client: LanguageClient, path: str):
        self.client, self.uri, self.version = client, from_fs_path(path), 1
        with open(path, encoding="utf-8") as handle:
            self.lines = handle.read().splitlines(keepends=True)
        client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
            uri=self.uri, language_id="python", version=1, text="".join(self.lines))))

    def edit(self, line: int, delete: int, text: str) -> None:
        """Replace `delete` whole lines at `line` with `text` (an incremental change)."""
        start = types.Position(line=line, character=0)
        end = types.Position(line=line + delete, character=0)
        self.lines[line:line + delete] = text.splitlines(keepends=True)
        self.version += 1
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=self.uri, version=self.version),
            content_changes=[types.TextDocumentContentChangePartial(range=types.Range(start=start, end=end), text=text)]))

    def type_char(self, line: int, col: int, char: str) -> None:
        pos = types.Position(line=line, character=col)
        self.version += 1
        self.lines[line] = self.lines[line][:col] + char + self.lines[line][col:]
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=self.uri, version=self.version),
            content_changes=[types.TextDocumentContentChangePartial(range=types.Range(start=pos, end=pos), text=char)]))


async def soak(edits: int, warmup: int, window: int) -> int:
    work = tempfile.mkdtemp(prefix="offpath-soak-")
    root = os.path.join(work, "shopsite")
    shutil.copytree(PROJECT, root)
    client = LanguageClient("offpath-soak", "1")
    indexed = asyncio.Event()
    published: dict[str, list] = {}

    @client.feature(types.WINDOW_LOG_MESSAGE)
    def log_message(params: types.LogMessageParams) -> None:
        if "indexed" in params.message:
            indexed.set()
        if params.type == types.MessageType.Error:
            print("server error:", params.message.splitlines()[0], file=sys.stderr)

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def publish(params: types.PublishDiagnosticsParams) -> None:
        published[params.uri] = params.diagnostics

    await client.start_io(sys.executable, "-m", "offpath.server")
    pid = client._server.pid
    await client.initialize_async(types.InitializeParams(
        capabilities=types.ClientCapabilities(), root_uri=from_fs_path(root),
        workspace_folders=[types.WorkspaceFolder(uri=from_fs_path(root), name="shopsite")],
        initialization_options={"cacheDir": os.path.join(work, "cache")}))
    client.initialized(types.InitializedParams())
    await asyncio.wait_for(indexed.wait(), 60)

    service = Doc(client, os.path.join(root, "shop", "services", "orders.py"))
    view = Doc(client, os.path.join(root, "shop", "views.py"))
    view_uri = view.uri
    call_line = service.lines.index(CALL)
    latencies: list[float] = []
    samples: list[tuple[int, int]] = []
    checks_failed = 0
    started = time.perf_counter()
    for number in range(edits):
        step = number % 6
        if step == 0:
            service.edit(call_line, 0, "    # checking stock\n")
        elif step == 1:
            service.edit(call_line, 1, "")
        elif step == 2:
            service.edit(call_line, 1, "")  # the call is gone: the view's finding must clear
        elif step == 3:
            service.edit(call_line, 0, CALL)
        elif step == 4:
            view.type_char(0, 3, "x")
        else:
            view.edit(0, 1, view.lines[0].replace("x", "", 1))
        began = time.perf_counter()
        await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
            text_document=types.TextDocumentIdentifier(uri=service.uri)))
        latencies.append(time.perf_counter() - began)
        if step in (2, 3):  # the cross-file result is right after every edit, not just eventually
            expected = 0 if step == 2 else 1
            if len(published.get(view_uri, [])) != expected:
                checks_failed += 1
        if number % 100 == 0 or number == edits - 1:
            samples.append((number, rss_kib(pid)))
    elapsed = time.perf_counter() - started
    crashed = client._server.returncode is not None
    await client.shutdown_async(None)
    client.exit(None)
    await asyncio.wait_for(client._server.wait(), 10)
    await client.stop()
    shutil.rmtree(work, ignore_errors=True)

    warm = next(rss for n, rss in samples if n >= warmup)
    peak_after = max(rss for n, rss in samples if n >= warmup)
    final = samples[-1][1]
    growth = (final - warm) / warm * 100
    first = latencies[warmup:warmup + window]
    last = latencies[-window:]
    rows = [
        ("edits", f"{edits:,}", ""),
        ("wall time", f"{elapsed:.1f} s", f"{elapsed / edits * 1000:.2f} ms per edit incl. pull"),
        ("server crashed", "yes" if crashed else "no", ""),
        ("cross-file checks failed", f"{checks_failed}", "view finding after removing/restoring the call"),
        ("RSS at start", f"{samples[0][1] / 1024:.1f} MiB", "server + jedi worker"),
        (f"RSS after warm-up ({warmup:,})", f"{warm / 1024:.1f} MiB", ""),
        ("RSS peak after warm-up", f"{peak_after / 1024:.1f} MiB", ""),
        ("RSS at end", f"{final / 1024:.1f} MiB", f"growth {growth:+.1f} % (limit 10 %)"),
        (f"latency p50 / p95, edits {warmup:,}-{warmup + window:,}",
         f"{statistics.median(first) * 1000:.2f} / {p95(first) * 1000:.2f} ms", ""),
        (f"latency p50 / p95, last {window:,}", f"{statistics.median(last) * 1000:.2f} / {p95(last) * 1000:.2f} ms",
         f"p95 ratio {p95(last) / p95(first):.2f} (limit 1.5)"),
        ("latency max", f"{max(latencies) * 1000:.1f} ms", ""),
    ]
    width = max(len(r[0]) for r in rows)
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>18}  {note}")
    print("p50 / p95 ms per", f"{window:,} edits:", "  ".join(
        f"{statistics.median(latencies[i:i + window]) * 1000:.1f}/{p95(latencies[i:i + window]) * 1000:.1f}"
        for i in range(0, len(latencies) - window + 1, window)))
    ok = not crashed and checks_failed == 0 and growth < 10 and p95(last) <= 1.5 * p95(first)
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=10_000)
    parser.add_argument("--warmup", type=int, default=1_000)
    parser.add_argument("--window", type=int, default=1_000)
    args = parser.parse_args()
    if args.edits < args.warmup + 2 * args.window:
        parser.error("--edits must be at least --warmup + 2 * --window")
    return asyncio.run(soak(args.edits, args.warmup, args.window))


if __name__ == "__main__":
    sys.exit(main())
