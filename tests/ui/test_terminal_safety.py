"""Texts are data: no control sequence of a text, a glossary, a note or a search reaches
the terminal, on any screen of the reader. Checked on what Textual writes: every segment
of a full frame, and the frame as terminal bytes (Textual's own cursor moves and colours
aside); and once in a real pseudo-terminal, reading the bytes the reader sends."""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
import time

import _hostile
import pytest
from textual import events
from textual.widgets import Input

from reader.cli import reader_app
from reader.core.store import Library
from reader.core.userstate import UserState

# Textual's own output: CSI sequences (cursor moves, colours, modes).
OWN_SEQUENCES = re.compile(r"\x1b\[[0-9;?<>]*[A-Za-z]")


def frame(app) -> tuple[str, str]:
    """A full frame of the current screen (dialogs over their background): the text of
    its segments, row by row, and the terminal sequence Textual would write for it."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    rows = ["".join(segment.text for strip in row for segment in strip) for row in update.strips]
    return "\n".join(rows), update.render_segments(app.console)


def assert_safe(app) -> str:
    """Nothing in the frame a terminal would obey; returns the frame's text."""
    text, sequence = frame(app)
    bad = _hostile.FORBIDDEN.findall(text.replace("\n", ""))
    assert not bad, f"control characters drawn: {sorted({hex(ord(c)) for c in bad})}"
    rest = OWN_SEQUENCES.sub("", sequence).replace("\n", "")
    bad = _hostile.FORBIDDEN.findall(rest)
    assert not bad, f"control characters written: {sorted({hex(ord(c)) for c in bad})} in {rest[:200]!r}"
    return text


def open_app(library, data, ref):
    state, warning = UserState.open(data)
    assert warning is None
    return reader_app(Library(library), ref, state, None)


@pytest.mark.parametrize("size", [(130, 36), (80, 24)])
@pytest.mark.parametrize("ref", [_hostile.INTERLEAVED_ID, _hostile.TSV_ID, _hostile.NOTES_ID])
async def test_the_reading_view_shows_control_characters_as_symbols(hostile_library, tmp_path, ref, size):
    app = open_app(hostile_library, tmp_path, ref)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        text = assert_safe(app)
        assert _hostile.TITLE_SHOWN in text  # in the title bar and the text
        assert "[bold]" in text or ref == _hostile.INTERLEAVED_ID  # markup is shown as written
        for _ in range(4):
            await pilot.press("j")
            assert_safe(app)
        await pilot.press("s")  # swapped columns
        assert_safe(app)


async def test_every_screen_shows_control_characters_as_symbols(hostile_library, tmp_path):
    state, _ = UserState.open(tmp_path)
    state.set_note(_hostile.TSV_ID, "p1", f"a note {_hostile.TITLE} {_hostile.LINK}")
    app = reader_app(Library(hostile_library), _hostile.TSV_ID, state, None)
    async with app.run_test(size=(130, 40), notifications=True) as pilot:
        shown = {}

        async def look(name: str, *keys: str) -> None:
            await pilot.press(*keys)
            await pilot.pause()
            shown[name] = assert_safe(app)

        await look("panel", "g")  # the glossary entries of p1
        assert "dí␛]0;pwned␇yì" in shown["panel"]
        await look("word cursor", "w")
        await look("word cursor, next", "w", "w")
        await look("look-up", "escape", "l")
        field = app.screen.query_one(Input)
        field.post_message(events.Paste(f"pasted {_hostile.TITLE} from a web page"))  # typed or pasted: shown
        await look("pasted")
        assert field.value == "pasted ␛]0;pwned␇ from a web page"
        field.value = _hostile.TERM
        await look("look-up results")
        assert "hostile" in shown["look-up results"]
        await look("after the jump", "enter")  # notifies "敌意 hostile: 1 of ..."
        await look("note dialog", "home", "a")  # a note holding control characters
        assert "a note ␛]0;pwned␇" in shown["note dialog"]
        await look("note saved", "enter")
        await look("bookmark", "m")
        await look("bookmarks", "apostrophe")
        assert "✎ a note ␛]0;pwned␇" in shown["bookmarks"]
        await look("search", "escape", "slash")
        app.screen.query_one(Input).value = f"nowhere {_hostile.TITLE} [/]"
        await look("not found", "enter")  # the query is quoted in a notification
        assert "Not found: nowhere ␛]0;pwned␇ [/]" in shown["not found"]
        await look("contents", "c")
        await look("library", "escape", "o")
        assert "Notes ␛]0;pwned␇article" in shown["library"]
        await look("translate", "escape", "j", "t")
        app.screen.query_one("#translation").text = f"my {_hostile.CLEAR} translation"
        await look("result", "ctrl+s")
        assert "my ␛[2J translation" in shown["result"]
        await look("summary", "escape", "S")
        await look("help", "escape", "question_mark")
        await look("export", "escape", "e")
        await look("back", "escape")
        app.open_text(*Library(hostile_library).open(_hostile.NOTES_ID))
        await look("the notes text", "j", "j")
        await look("footnotes", "f")
        assert "A citation ␛]0;pwned␇ with ␛]52;c;" in shown["footnotes"]
        assert "[bold]" in shown["the notes text"]


def test_in_a_real_terminal_no_control_sequence_of_a_text_is_sent(hostile_library, tmp_path):
    """The reader in a pseudo-terminal, as a user runs it: the bytes it writes hold the
    hostile text as symbols and none of its sequences (the window keeps its title)."""
    import fcntl
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 110, 0, 0))
    env = {**os.environ, "READER_DATA_DIR": str(tmp_path / "data"), "TERM": "xterm-256color",
           "COLUMNS": "110", "LINES": "30"}
    child = subprocess.Popen([sys.executable, "-m", "reader", "--library", str(hostile_library), "read",
                              _hostile.TSV_ID], stdin=follower, stdout=follower, stderr=follower, env=env,
                             start_new_session=True)
    os.close(follower)
    written = bytearray()

    def read_until(wanted: bytes, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while wanted not in written and time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], 0.2)
            if ready:
                try:
                    written.extend(os.read(leader, 65536))
                except OSError:  # the reader has gone
                    return

    try:
        read_until(_hostile.TITLE_SHOWN.encode(), 60)
        assert _hostile.TITLE_SHOWN.encode() in written, bytes(written[-500:])
        for key in (b"j", b"j", b"g", b"w", b"m"):
            os.write(leader, key)
            time.sleep(0.3)
        read_until(b"\x00never", 1)
        os.write(leader, b"q")
        read_until(b"\x00never", 2)
    finally:
        if child.poll() is None:
            child.terminate()
        child.wait(timeout=10)
        os.close(leader)
    output = bytes(written)
    for payload in ("\x1b]0;pwned", "\x1b[2J", "\x1b]52;", "\x1b]8;;http://evil", "\x07\x08", "over\rwritten",
                    "\x9b", "\x9d", "\x85", "\u202e", "\u2066", "\u200f"):
        assert payload.encode() not in output, payload
    # No operating-system command but Textual's own (22: the mouse pointer's shape):
    # not a title (0, 2), not the clipboard (52), not a link (8).
    assert set(re.findall(rb"\x1b\](\d*)", output)) <= {b"22"}
    assert _hostile.CLEAR_SHOWN.encode() in output and "over␍written".encode() in output
