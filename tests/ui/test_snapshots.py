"""What the first screen looks like, wide and narrow (SVG snapshots under __snapshots__)."""

from __future__ import annotations

from reader.core.store import Library, bundled_library
from reader.ui.app import ReaderApp


def _app() -> ReaderApp:
    return ReaderApp(Library(bundled_library()).load("japan-europe-2025"))


def test_first_screen_wide(snap_compare):
    assert snap_compare(_app(), terminal_size=(120, 36))


def test_first_screen_narrow(snap_compare):
    assert snap_compare(_app(), terminal_size=(80, 36))


def test_cursor_moved_and_swapped(snap_compare):
    assert snap_compare(_app(), terminal_size=(120, 36), press=["down", "down", "s"])
