"""`reader serve`: the reader in web browsers, one reader per browser tab, on one library."""

from __future__ import annotations

import sys
from pathlib import Path

from .core.visible import visible

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def add_parser(commands, common) -> None:
    """The subparser (called from reader.cli)."""
    serve = commands.add_parser(
        "serve", parents=[common], help="serve the reader to web browsers (each tab its own reader)",
        description="Serve the reader as a web page: each browser tab opens its own reader on the library. "
                    "There is no password: anyone who can reach the port can read and edit the library and "
                    "the reading state (bookmarks, notes) of the user running the server. It listens on this "
                    "computer only, unless another --host is named.",
    )
    serve.add_argument("--host", default=DEFAULT_HOST, metavar="HOST",
                       help=f"address or host name to listen on (default: {DEFAULT_HOST}, this computer only; "
                            "0.0.0.0 or :: for every network)")
    serve.add_argument("--port", type=_port, default=DEFAULT_PORT, metavar="PORT",
                       help=f"port to listen on (default: {DEFAULT_PORT}; 0: any free port)")


def _port(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        import argparse

        raise argparse.ArgumentTypeError(f"want a port number, not {value!r}") from None


def cmd_serve(library, args) -> int:
    from .core.userstate import default_data_dir
    from .web.server import ReaderServer, is_loopback, listen, page_url

    root = Path(library.root).resolve()
    sock = listen(args.host, args.port)
    local = is_loopback(sock)
    url = page_url(sock)

    def announce() -> None:
        reach = ("this computer only, but every user of it" if local
                 else "anyone on the networks this computer is on: there is no password")
        lines = [
            f"Serving the reader on {url}",
            f"library: {root}",
            f"reading state (bookmarks, notes, positions): {default_data_dir()}, shared by every tab",
            f"Anyone who can reach this port can read and edit the library and that reading state ({reach}).",
            "Each browser tab runs its own reader. Press Ctrl+C to stop.",
        ]
        print("\n".join(visible(line) for line in lines), flush=True)

    server = ReaderServer(root, sock, announce=announce)
    try:
        server.serve()
    finally:
        sock.close()
    print("reader serve: stopped", flush=True)
    return 0

