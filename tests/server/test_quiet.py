"""Normal traffic leaves the server's log (stderr, which VS Code shows in its Output channel)
quiet: a `$/cancelRequest` for a request already answered is what VS Code sends when the cursor
leaves a line, and pygls 2 would log "Cancel notification for unknown message id" for it."""

from __future__ import annotations

import asyncio
from concurrent.futures import Future

from helpers import SERVER_COMMAND, TIMEOUT, capabilities, copy_project, uri
from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.protocol.json_rpc import JsonRPCNotification, JsonRPCRequestMessage
from pygls.uris import from_fs_path


async def test_cancelling_an_answered_request_logs_nothing(tmp_path):
    root = copy_project(tmp_path)
    client = LanguageClient("quiet-test", "1")
    await client.start_io(*SERVER_COMMAND)
    try:
        await asyncio.wait_for(client.initialize_async(types.InitializeParams(
            capabilities=capabilities(), root_uri=from_fs_path(root),
            initialization_options={"cacheDir": str(tmp_path / "cache")})), TIMEOUT)
        client.initialized(types.InitializedParams())
        for number in range(3):
            msg_id = f"answered-{number}"
            future: Future = Future()
            client.protocol._request_futures[msg_id] = future
            client.protocol._result_types[msg_id] = None
            client.protocol._send_data(JsonRPCRequestMessage(
                id=msg_id, method=types.TEXT_DOCUMENT_CODE_ACTION, jsonrpc="2.0", params={
                    "textDocument": {"uri": uri(root, "shop/views.py")},
                    "range": {"start": {"line": 7, "character": 0}, "end": {"line": 7, "character": 0}},
                    "context": {"diagnostics": []}}))
            await asyncio.wait_for(asyncio.wrap_future(future), TIMEOUT)
            client.protocol._send_data(JsonRPCNotification(
                method=types.CANCEL_REQUEST, jsonrpc="2.0", params={"id": msg_id}))
        # Messages are handled in order: once shutdown is answered, the cancels have been handled.
        await asyncio.wait_for(client.shutdown_async(None), TIMEOUT)
        client.exit(None)
        await asyncio.wait_for(client._server.wait(), TIMEOUT)
        stderr = (await client._server.stderr.read()).decode("utf-8", "replace")
    finally:
        if client._server.returncode is None:
            client._server.kill()
        await client.stop()
    assert "Cancel notification" not in stderr, stderr
    assert "WARNING" not in stderr and "ERROR" not in stderr, stderr
