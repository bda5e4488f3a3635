"""Start the offpath language server: `python -m offpath.server [--tcp HOST:PORT]` (stdio by default)."""

from __future__ import annotations

import os
import sys

# `python -m offpath.server` run from a workspace puts that workspace first on sys.path, so its
# `jedi.py` or `logging.py` would be imported (and run) instead of the real module, here and in
# the jedi worker that inherits this path. Drop it before importing anything else.
if not sys.flags.safe_path and sys.path and sys.path[0] in ("", os.getcwd()):
    del sys.path[0]

import argparse
import logging


def main(argv: list[str] | None = None) -> int:
    """Run the server until the client says `exit`; returns the process exit code."""
    parser = argparse.ArgumentParser(prog="offpath server", description="offpath language server")
    parser.add_argument("--tcp", metavar="HOST:PORT", help="listen on TCP instead of stdio (for debugging)")
    parser.add_argument("--log-level", default="WARNING", help="Python logging level for stderr")
    # vscode-languageclient's TransportKind.stdio (and other clients) pass --stdio: stdio is the default.
    parser.add_argument("--stdio", action="store_true", help="talk LSP over stdin/stdout (the default)")
    args = parser.parse_args(argv)
    logging.basicConfig(stream=sys.stderr, level=getattr(logging, args.log_level.upper(), logging.WARNING),
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")

    from .app import SERVER

    if args.tcp:
        host, _, port = args.tcp.rpartition(":")
        if not port.isdigit():
            parser.error("--tcp expects HOST:PORT")
        SERVER.start_tcp(host or "127.0.0.1", int(port))
    else:
        SERVER.start_io()
    return 0


if __name__ == "__main__":
    sys.exit(main())
