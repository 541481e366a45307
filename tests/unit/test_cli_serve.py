"""`reader serve`: where it listens, what it says about who can reach it, and its errors
(one line, exit 2). The page in a browser is tests/ui/test_serve.py's."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time

import pytest
from _support import ROOT, assert_one_line_error


@pytest.fixture
def busy_port():
    with socket.create_server(("127.0.0.1", 0)) as sock:
        yield sock.getsockname()[1]


def test_a_port_in_use_is_one_line(cli, busy_port):
    message = assert_one_line_error(cli("serve", "--port", busy_port, "--library", ROOT), str(busy_port))
    assert "already in use" in message and "--port" in message


@pytest.mark.parametrize("args, words", [
    (["--port", "70000"], ["--port 70000", "1 to 65535"]),
    (["--port", "-1"], ["--port -1", "1 to 65535"]),
    (["--host", "192.0.2.1"], ["--host 192.0.2.1", "not an address of this computer"]),
    (["--port", "eighty"], ["--port", "eighty"]),
])
def test_bad_host_or_port_is_one_line(cli, args, words):
    assert_one_line_error(cli("serve", *args, "--library", ROOT), *words)


def test_a_missing_library_is_one_line(cli, tmp_path):
    assert_one_line_error(cli("serve", "--port", "0", "--library", tmp_path / "nowhere"), "nowhere")


def serve(tmp_path, *args) -> tuple[str, int]:
    """Start `reader serve ARGS`, read what it says, stop it with Ctrl+C (SIGINT)."""
    out = tmp_path / "out"
    with out.open("wb") as sink:
        process = subprocess.Popen([sys.executable, "-m", "reader", "serve", "--port", "0", *args,
                                    "--library", str(ROOT)], stdout=sink, stderr=subprocess.DEVNULL,
                                   env=dict(os.environ, READER_DATA_DIR=str(tmp_path / "data")))
    try:
        deadline = time.monotonic() + 60
        while "Ctrl+C" not in out.read_text() and process.poll() is None:
            assert time.monotonic() < deadline, out.read_text()
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        code = process.wait(60)
        return out.read_text(), code
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_localhost_by_default_and_says_who_can_reach_it(tmp_path):
    said, code = serve(tmp_path)
    assert code == 0, said
    assert re.search(r"^Serving the reader on http://127\.0\.0\.1:\d+/$", said, re.M), said
    assert "Anyone who can reach this port can read and edit the library" in said
    assert "this computer only" in said
    assert str(tmp_path / "data") in said, "where the reading state is kept"
    assert said.rstrip().endswith("reader serve: stopped")


def test_another_host_is_named_and_warned_about(tmp_path):
    said, code = serve(tmp_path, "--host", "0.0.0.0")
    assert code == 0, said
    assert re.search(rf"^Serving the reader on http://{re.escape(socket.gethostname())}:\d+/$", said, re.M), said
    assert "Anyone who can reach this port can read and edit the library" in said
    assert "there is no password" in said
