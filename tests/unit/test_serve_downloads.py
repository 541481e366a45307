"""The served reader's downloads (reader/web/server.py): a file is sent whole, or the
connection is dropped so that the browser reports a failure; a busy reader is waited for.
The whole path in a browser is tests/ui/test_serve.py's."""

from __future__ import annotations

import asyncio
import socket

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from reader.core.store import bundled_library
from reader.web import server as web_server
from reader.web.server import ReaderServer


class Reader:
    """A tab's reader as the download manager sees it: it answers each chunk request
    from `chunks` (None: the tab closes; "silent": no answer; "gone": the request fails)."""

    def __init__(self, manager, key: str, chunks: list) -> None:
        self.manager, self.key, self.chunks = manager, key, list(chunks)
        self.app_service_id = "tab"
        self.requests = 0

    async def send_meta(self, meta: dict) -> bool:
        assert meta["type"] == "deliver_chunk_request" and meta["key"] == self.key
        self.requests += 1
        chunk = self.chunks.pop(0)
        if chunk == "gone":
            return False
        if chunk == "silent":
            return True
        if chunk is None:
            await self.manager.cancel_app_downloads(self.app_service_id)
        else:
            await self.manager.chunk_received(self.key, chunk)
        return True


@pytest.fixture
def server():
    sock = socket.create_server(("127.0.0.1", 0))
    yield ReaderServer(bundled_library(), sock)
    sock.close()


async def start(server, key: str, chunks: list, name: str = "japan-europe-2025.html") -> Reader:
    reader = Reader(server.download_manager, key, chunks)
    await server.download_manager.create_download(app_service=reader, delivery_key=key, file_name=name,
                                                  open_method="download", mime_type="text/html")
    return reader


async def fetch(server, key: str):
    async with TestClient(TestServer(await server._make_app())) as client:
        response = await client.get(f"/download/{key}")
        try:
            return response.status, dict(response.headers), await response.read()
        except aiohttp.ClientPayloadError as exc:
            return response.status, dict(response.headers), exc


async def test_a_file_is_sent_whole_with_its_name(server):
    await start(server, "k1", [b"<!DOCTYPE html>", b"\n<p>", b""])
    status, headers, body = await fetch(server, "k1")
    assert status == 200 and body == b"<!DOCTYPE html>\n<p>"
    assert headers["Content-Disposition"] == 'attachment; filename="japan-europe-2025.html"'
    assert headers["Content-Type"] == "text/html"
    assert "k1" not in server.download_manager._active_downloads, "a download is single-use"


@pytest.mark.parametrize("chunks", [
    [b"<!DOCTYPE html>", None],  # the tab closed during the download
    [b"<!DOCTYPE html>", "gone"],  # its reader has ended
    [b"<!DOCTYPE html>", "silent"],  # no answer in time
])
async def test_a_download_cut_short_is_a_failure_not_a_shorter_file(server, monkeypatch, chunks):
    monkeypatch.setattr(web_server, "CHUNK_SECONDS", 0.5)
    await start(server, "k2", chunks)
    status, _, body = await fetch(server, "k2")
    assert status == 200 and isinstance(body, aiohttp.ClientPayloadError), body
    assert "k2" not in server.download_manager._active_downloads


async def test_a_busy_reader_is_waited_for(server):
    """textual-serve's own manager gives up after 4 s; a loaded server can take longer."""
    reader = await start(server, "k3", ["silent", b""])
    manager = server.download_manager

    async def answer_late():
        while reader.requests < 1:
            await asyncio.sleep(0.01)
        await asyncio.sleep(4.5)
        await manager.chunk_received("k3", b"late but whole")

    late = asyncio.create_task(answer_late())
    received = [chunk async for chunk in manager.download("k3")]
    await late
    assert received == [b"late but whole"]


async def test_an_unknown_or_used_download_is_not_found(server):
    status, _, body = await fetch(server, "nosuchkey")
    assert status == 404 and b"export the file again" in body


def test_header_file_names_are_kept_safe():
    assert web_server._safe_name("japan-europe-2025-moses.zip") == "japan-europe-2025-moses.zip"
    assert web_server._safe_name('a"b\r\nc d.html') == "a_b__c_d.html"
