"""LSP latency benchmark: a real client talks to `python -m offpath.server` over stdio.

Measures, per project: cold index (empty summary cache), warm start (same cache), and the time from
a `didChange` to the `publishDiagnostics` that reflects it, for edits in a view (same file) and in a
service module (the view three calls away is re-published). Prints a markdown table.

    python benchmarks/lsp_latency.py                      # generated projects of 200 and 2,000 files
    python benchmarks/lsp_latency.py --sizes 200 --edits 20
    python benchmarks/lsp_latency.py --tree PATH          # also a real tree (e.g. Django's source)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable

from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_project import generate

SERVER = [sys.executable, "-m", "offpath.server"]
TIMEOUT = 600.0


class Client(LanguageClient):
    """A pygls client that records diagnostics and progress, and lets a coroutine wait on them."""

    def __init__(self) -> None:
        super().__init__("offpath-bench", "1")
        self.diagnostics: dict[str, tuple[float, list]] = {}
        self.progress_done = asyncio.Event()
        self.published = asyncio.Event()

        @self.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def publish(ls: Client, params: types.PublishDiagnosticsParams) -> None:
            ls.diagnostics[params.uri] = (time.perf_counter(), list(params.diagnostics))
            ls.published.set()

        @self.feature(types.WINDOW_WORK_DONE_PROGRESS_CREATE)
        def create(ls: Client, params) -> None:
            return None

        @self.feature(types.PROGRESS)
        def progress(ls: Client, params: types.ProgressParams) -> None:
            value = params.value
            kind = value.get("kind") if isinstance(value, dict) else getattr(value, "kind", None)
            if kind == "end":
                ls.progress_done.set()

        @self.feature(types.WINDOW_LOG_MESSAGE)
        def log_message(ls: Client, params: types.LogMessageParams) -> None:
            if params.type == types.MessageType.Error:
                print(params.message, file=sys.stderr)

        @self.feature(types.CLIENT_REGISTER_CAPABILITY)
        def register(ls: Client, params) -> None:
            return None

    async def until(self, ready: Callable[[], bool]) -> None:
        """Wait for publishes until `ready()` holds."""
        while not ready():
            self.published.clear()
            if ready():
                return
            await asyncio.wait_for(self.published.wait(), TIMEOUT)


def capabilities() -> types.ClientCapabilities:
    return types.ClientCapabilities(
        window=types.WindowClientCapabilities(work_done_progress=True),
        workspace=types.WorkspaceClientCapabilities(
            did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=True)),
        text_document=types.TextDocumentClientCapabilities(
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(related_information=True)),
    )


async def start(root: str, cache: str) -> tuple[Client, float]:
    """Start a server on `root`; returns the client and the seconds until indexing ended."""
    client = Client()
    await client.start_io(*SERVER)
    started = time.perf_counter()
    await client.initialize_async(types.InitializeParams(
        capabilities=capabilities(), root_uri=from_fs_path(root),
        workspace_folders=[types.WorkspaceFolder(uri=from_fs_path(root), name="bench")],
        initialization_options={"cacheDir": cache}))
    client.initialized(types.InitializedParams())
    await asyncio.wait_for(client.progress_done.wait(), TIMEOUT)
    return client, time.perf_counter() - started


async def stop(client: Client) -> int:
    """Shut the server down; returns its peak RSS in KiB (VmHWM)."""
    peak = 0
    pid = client._server.pid if client._server else None
    if pid:
        try:
            with open(f"/proc/{pid}/status", encoding="ascii") as handle:
                for line in handle:
                    if line.startswith("VmHWM:"):
                        peak = int(line.split()[1])
        except OSError:
            pass
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return peak


def change(client: Client, uri: str, version: int, line: int, end_line: int, text: str) -> None:
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangePartial(
            range=types.Range(start=types.Position(line=line, character=0),
                              end=types.Position(line=end_line, character=0)), text=text)]))


async def toggle_latencies(client: Client, edited: str, watched: str, line: int, text: str, count: int,
                           base: int) -> list[float]:
    """Alternately insert and delete `text` at `line` of `edited`; time until `watched` shows it."""
    uri, target = from_fs_path(edited), from_fs_path(watched)
    with open(edited, encoding="utf-8") as handle:
        source = handle.read()
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri=uri, language_id="python", version=1, text=source)))
    await client.until(lambda: target in client.diagnostics and len(client.diagnostics[target][1]) == base)
    out = []
    version = 1
    for number in range(count):
        adding = number % 2 == 0
        want = base - 1 if text == "" else (base + 1 if adding else base)
        version += 1
        sent = time.perf_counter()
        if text == "":  # delete the line, then restore it
            original = source.splitlines(keepends=True)[line]
            if adding:
                change(client, uri, version, line, line + 1, "")
            else:
                change(client, uri, version, line, line, original)
                want = base
        elif adding:
            change(client, uri, version, line, line, text)
        else:
            change(client, uri, version, line, line + 1, "")
        await client.until(lambda sent=sent, want=want: target in client.diagnostics
                           and client.diagnostics[target][0] > sent and len(client.diagnostics[target][1]) == want)
        out.append((client.diagnostics[target][0] - sent) * 1000)
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    return out


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def bench_generated(files: int, edits: int, workdir: str) -> dict:
    root = os.path.join(workdir, f"gen{files}")
    apps = generate(root, files)
    count = sum(1 for _, _, names in os.walk(root) for n in names if n.endswith(".py"))
    cache = os.path.join(workdir, f"cache{files}")
    client, cold = await start(root, cache)
    app = apps[len(apps) // 2]
    view = os.path.join(root, app, "views.py")
    service = os.path.join(root, app, "services", "orders.py")
    # View: a direct email in `listing` appears and disappears (same file).
    view_lat = await toggle_latencies(
        client, view, view, 19, '    send_mail("s", "b", "f@x.com", ["t@x.com"])\n', edits, 1)
    # Service: removing `notify_customer(...)` clears the view three calls away, restoring it brings it back.
    service_lat = await toggle_latencies(client, service, view, 9, "", edits, 1)
    peak = await stop(client)
    client, warm = await start(root, cache)
    peak = max(peak, await stop(client))
    return {"name": f"generated, {count:,} files", "files": count, "cold": cold, "warm": warm,
            "view": view_lat, "service": service_lat, "rss": peak}


async def bench_tree(path: str, workdir: str) -> dict:
    cache = os.path.join(workdir, "cache-tree")
    client, cold = await start(path, cache)
    peak = await stop(client)
    client, warm = await start(path, cache)
    peak = max(peak, await stop(client))
    count = sum(1 for _, _, names in os.walk(path) for n in names if n.endswith(".py"))
    return {"name": f"{os.path.basename(path.rstrip('/'))}, {count:,} files", "files": count, "cold": cold,
            "warm": warm, "view": [], "service": [], "rss": peak}


def table(rows: list[dict]) -> str:
    head = ("| project | cold index | warm start (cache) | warm/cold | view edit p50 / p95 | "
            "service edit p50 / p95 | peak RSS |\n|---|---|---|---|---|---|---|")
    lines = [head]
    for r in rows:
        def lat(values: list[float]) -> str:
            return f"{pct(values, 0.5):.1f} / {pct(values, 0.95):.1f} ms" if values else "–"
        lines.append(f"| {r['name']} | {r['cold']:.2f} s | {r['warm']:.2f} s | {100 * r['warm'] / r['cold']:.0f} % | "
                     f"{lat(r['view'])} | {lat(r['service'])} | {r['rss'] / 1024:.0f} MiB |")
    return "\n".join(lines)


async def main() -> None:
    parser = argparse.ArgumentParser(description="offpath LSP latency benchmark")
    parser.add_argument("--sizes", type=int, nargs="*", default=[200, 2000])
    parser.add_argument("--edits", type=int, default=40, help="edits per kind (alternating add/remove)")
    parser.add_argument("--tree", action="append", default=[], help="also index a real source tree")
    parser.add_argument("--keep", action="store_true", help="keep the generated projects")
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="offpath-bench-")
    rows = []
    try:
        for size in args.sizes:
            rows.append(await bench_generated(size, args.edits, workdir))
            print(table(rows[-1:]).splitlines()[-1], file=sys.stderr)
        for tree in args.tree:
            rows.append(await bench_tree(os.path.abspath(tree), workdir))
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    print(table(rows))
    generated = [r for r in rows if r["view"]]
    if len(generated) >= 2:
        small, large = generated[0], generated[-1]
        p95 = max(pct(large["view"], 0.95), pct(large["service"], 0.95))
        ratio = p95 / max(pct(small["view"], 0.95), pct(small["service"], 0.95))
        print(f"\n{large['files']:,}-file p95 {p95:.1f} ms (target ≤ 50 ms); "
              f"{large['files']:,}/{small['files']:,} p95 ratio {ratio:.2f} (target ≤ 1.5); "
              f"warm/cold {100 * large['warm'] / large['cold']:.0f} % (target ≤ 25 %)")


if __name__ == "__main__":
    asyncio.run(main())
