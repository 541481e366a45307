"""The reader served to web browsers through textual-serve: each browser tab (each
websocket) gets a reader process of its own, on one library, with the page and every asset
it loads served from here (the stock page links web fonts from the internet)."""

from __future__ import annotations

import asyncio
import errno
import ipaddress
import logging
import re
import shlex
import socket
import sys
from pathlib import Path
from typing import Callable

import jinja2
import textual_serve
from aiohttp import web
from aiohttp.web_runner import GracefulExit
from textual_serve.app_service import AppService
from textual_serve.download_manager import DOWNLOAD_CHUNK_SIZE, DownloadManager
from textual_serve.server import Server

from ..core.errors import ReaderError
from ..core.visible import visible

TEMPLATES = Path(__file__).parent / "templates"
# textual-serve's own static files: textual.js (xterm.js and its add-ons), xterm.css and
# the Roboto Mono font, served as they are installed.
STATIC = Path(textual_serve.__file__).parent / "static"

DEFAULT_FONT_SIZE = 16
FONT_SIZES = range(6, 73)  # what ?fontsize= may ask for, in CSS pixels
STOP_SECONDS = 5.0  # how long the readers of open tabs get to close when the server stops
CHUNK_SECONDS = 60.0  # how long a download waits for each chunk from a tab's reader

# Where Chinese is drawn from: a monospaced CJK font first (made for terminals), then the
# CJK fonts that come with the common systems. Every face's CJK characters are twice as
# wide as a Latin monospace character, the two cells xterm.js gives them.
CJK_FONTS = {
    "normal": ("Noto Sans Mono CJK SC", "NotoSansMonoCJKsc-Regular", "Sarasa Mono SC", "SarasaMonoSC-Regular",
               "Source Han Mono SC", "SourceHanMonoSC-Regular", "WenQuanYi Zen Hei Mono",
               "Noto Sans CJK SC", "NotoSansCJKsc-Regular", "Source Han Sans SC", "PingFang SC",
               "Microsoft YaHei", "WenQuanYi Micro Hei", "Droid Sans Fallback"),
    "bold": ("Noto Sans Mono CJK SC Bold", "NotoSansMonoCJKsc-Bold", "Sarasa Mono SC Bold", "SarasaMonoSC-Bold",
             "Source Han Mono SC Bold", "SourceHanMonoSC-Bold", "Noto Sans CJK SC Bold", "NotoSansCJKsc-Bold",
             "PingFang SC Semibold", "Microsoft YaHei Bold"),
}
# Hangul Jamo, CJK radicals and punctuation, kana, bopomofo, ideographs (and extension A),
# Yi, Hangul syllables, compatibility ideographs, vertical and full-width forms, and the
# supplementary ideographs (extensions B and on).
CJK_RANGE = ("U+1100-115F, U+2E80-303E, U+3041-33FF, U+3400-4DBF, U+4E00-9FFF, U+A000-A4CF, U+A960-A97F, "
             "U+AC00-D7A3, U+F900-FAFF, U+FE10-FE19, U+FE30-FE6F, U+FF00-FF60, U+FFE0-FFE6, U+20000-3FFFD")


def tab_command(library: Path) -> str:
    """The command each tab's reader runs (textual-serve runs it through a shell): the
    reader on the library, where it was left; `exec`, so that the process textual-serve
    keeps is the reader itself, not a shell."""
    return "exec " + shlex.join([sys.executable, "-m", "reader", "--library", str(library), "read"])


def listen(host: str, port: int) -> socket.socket:
    """A listening socket on host:port, or a one-line error saying why there is none."""
    if not 0 <= port <= 65535:
        raise ReaderError(f"--port {port}: choose a port from 1 to 65535 (0: any free port)")
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as exc:
        raise ReaderError(f"--host {host}: not an address or a known host name ({_reason(exc)})") from None
    family, _, _, _, address = found[0]
    try:
        return socket.create_server(address, family=family, backlog=128)
    except OSError as exc:
        where = f"{host} port {port}"
        if exc.errno == errno.EADDRINUSE:
            raise ReaderError(f"{where} is already in use (another server?): choose another with --port") from None
        if exc.errno == errno.EACCES:
            raise ReaderError(f"{where}: not allowed to listen there (ports below 1024 need privileges)") from None
        if exc.errno == errno.EADDRNOTAVAIL:
            raise ReaderError(f"--host {host}: not an address of this computer") from None
        raise ReaderError(f"{where}: cannot listen there ({_reason(exc)})") from None


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc)


def is_loopback(sock: socket.socket) -> bool:
    return ipaddress.ip_address(sock.getsockname()[0].split("%")[0]).is_loopback


def page_url(sock: socket.socket) -> str:
    """Where a browser finds the page (for an unspecified address, 0.0.0.0 or ::, this
    computer's name)."""
    host, port = sock.getsockname()[:2]
    address = ipaddress.ip_address(host.split("%")[0])
    if address.is_unspecified:
        host = socket.gethostname()
    elif address.version == 6:
        host = f"[{host}]"
    return f"http://{host}:{port}/"


class _VisibleFormatter(logging.Formatter):
    """Log lines quote what browsers send (paths, user agents): shown as data, never as
    terminal control sequences."""

    def format(self, record: logging.LogRecord) -> str:
        return visible(super().format(record), lines=True)


class DownloadCut(ConnectionError):
    """A download that cannot be sent whole: the browser must not save part of a file."""


class Downloads(DownloadManager):
    """textual-serve's downloads, patient with a busy reader and never cut short in
    silence. The stock manager gives up on a chunk after 4 seconds (then fails on its
    queue's bookkeeping), which a loaded server or a large export reaches, and ends a
    download cut off (the tab closed, the reader gone) as if it were complete."""

    async def download(self, delivery_key: str):
        download = self._active_downloads[delivery_key]
        request = {"type": "deliver_chunk_request", "key": delivery_key, "size": DOWNLOAD_CHUNK_SIZE,
                   "name": download.name}
        try:
            while True:
                if not await download.app_service.send_meta(request):
                    raise DownloadCut(f"download {download.file_name}: its reader has ended")
                try:
                    chunk = await asyncio.wait_for(download.incoming_chunks.get(), CHUNK_SECONDS)
                except asyncio.TimeoutError:
                    raise DownloadCut(f"download {download.file_name}: no answer from its reader "
                                      f"in {CHUNK_SECONDS:.0f} s") from None
                if chunk is None:  # cancel_app_downloads: the tab closed
                    raise DownloadCut(f"download {download.file_name}: the tab closed first")
                if not chunk:  # the end of the file
                    return
                yield chunk
        finally:
            self._active_downloads.pop(delivery_key, None)


class ReaderServer(Server):
    """textual-serve's server with the reader's own page: local assets only, a CJK font
    stack, the websocket and downloads relative to the page; and readers stopped cleanly
    with the server."""

    def __init__(self, library: Path, sock: socket.socket, *, title: str = "reader",
                 announce: Callable[[], None] | None = None) -> None:
        host, port = sock.getsockname()[:2]
        super().__init__(tab_command(library), host=host, port=port, title=title,
                         statics_path=STATIC, templates_path=TEMPLATES)
        self.download_manager = Downloads()
        self.sock = sock
        self._announce = announce
        self._services: set[AppService] = set()
        self._page = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)

    def initialize_logging(self) -> None:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(_VisibleFormatter("%(asctime)s %(message)s", datefmt="%H:%M:%S"))
        for name in ("textual-serve", "aiohttp.access", "aiohttp.server", "aiohttp.web"):
            logger = logging.getLogger(name)
            logger.handlers[:] = [handler]
            logger.setLevel(logging.DEBUG if self.debug else logging.INFO)
            logger.propagate = False

    async def on_startup(self, app: web.Application) -> None:
        if self._announce is not None:
            self._announce()

    async def on_shutdown(self, app: web.Application) -> None:
        """Ask every open tab's reader to quit (it loses nothing: each change was written
        when made) and wait for them, so that none is left running."""
        await asyncio.gather(*(_stop(service) for service in list(self._services)))

    async def handle_index(self, request: web.Request) -> web.Response:
        try:
            font_size = int(request.query.get("fontsize", DEFAULT_FONT_SIZE))
        except ValueError:
            font_size = DEFAULT_FONT_SIZE
        if font_size not in FONT_SIZES:
            font_size = DEFAULT_FONT_SIZE
        page = self._page.get_template("reader.html").render(
            title=self.title, static="static/", font_size=font_size, cjk_range=CJK_RANGE,
            cjk_faces=[(weight, style, faces) for weight, faces in (("normal", CJK_FONTS["normal"]),
                                                                    ("bold", CJK_FONTS["bold"] + CJK_FONTS["normal"]))
                       for style in ("normal", "italic")],
        )
        return web.Response(text=page, content_type="text/html", charset="utf-8",
                            headers={"Cache-Control": "no-store"})

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        """A file a tab's reader delivers, sent whole, or the connection is dropped (so the
        browser reports a failed download rather than saving part of the file)."""
        key = request.match_info["key"]
        try:
            download = await self.download_manager.get_download_metadata(key)
        except KeyError:
            raise web.HTTPNotFound(text="This download is over: export the file again") from None
        response = web.StreamResponse(headers={
            "Content-Type": download.mime_type or "application/octet-stream",
            "Content-Disposition": f'attachment; filename="{_safe_name(download.file_name)}"',
            "Cache-Control": "no-store",
        })
        await response.prepare(request)
        try:
            async for chunk in self.download_manager.download(key):
                await response.write(chunk)
        except DownloadCut as cut:
            logging.getLogger("textual-serve").warning("%s", cut)
            if request.transport is not None:
                request.transport.abort()
            return response
        await response.write_eof()
        return response

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One browser tab: its own reader process, for as long as the tab is open."""
        websocket = web.WebSocketResponse(heartbeat=15)
        width = _size(request.query.get("width"), 80)
        height = _size(request.query.get("height"), 24)
        await websocket.prepare(request)
        service = AppService(self.command, write_bytes=websocket.send_bytes, write_str=websocket.send_str,
                             close=websocket.close, download_manager=self.download_manager, debug=self.debug)
        self._services.add(service)
        try:
            await service.start(width, height)
            await self._process_messages(websocket, service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # a browser that breaks the protocol ends its own tab only
            logging.getLogger("textual-serve").warning("a tab ended: %s", error)
        finally:
            await _stop(service)
            self._services.discard(service)
        return websocket

    def serve(self, debug: bool = False) -> None:
        """Serve until Ctrl+C (or SIGTERM)."""
        import signal

        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, self.request_exit)
        try:
            web.run_app(self._make_app(), sock=self.sock, handle_signals=False, loop=loop,
                        print=lambda *args: None, shutdown_timeout=STOP_SECONDS)
        except GracefulExit:
            pass
        finally:
            loop.close()


async def _stop(service: AppService) -> None:
    """Ask a tab's reader to quit, and wait until its process has ended (killed if it has
    not within STOP_SECONDS)."""
    try:
        await asyncio.wait_for(service.stop(), STOP_SECONDS)
    except asyncio.TimeoutError:
        pass
    process = service._process  # textual-serve keeps it, and never waits for it to end
    if process is None:
        return
    try:
        await asyncio.wait_for(process.wait(), STOP_SECONDS)
    except asyncio.TimeoutError:
        process.kill()
        await process.wait()


def _safe_name(name: str) -> str:
    """A file name fit for a header as it is (the reader's are text ids and suffixes)."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", name) or "download"


def _size(value: str | None, default: int) -> int:
    """A terminal size from the page, within reason (it comes from the browser)."""
    try:
        size = int(value)
    except (TypeError, ValueError):
        return default
    return min(max(size, 1), 1000)
