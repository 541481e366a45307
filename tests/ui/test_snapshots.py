"""What the screen looks like: the first screen wide and narrow, swapped, and with the
glossary panel (SVG snapshots under __snapshots__)."""

from __future__ import annotations

from reader.core.store import Library, bundled_library
from reader.ui.app import ReaderApp


def _app() -> ReaderApp:
    library = Library(bundled_library())
    return ReaderApp(library.load("japan-europe-2025"), glossary=library.glossary("japan-europe-2025"))


def test_first_screen_wide(snap_compare):
    assert snap_compare(_app(), terminal_size=(120, 36))


def test_first_screen_narrow(snap_compare):
    assert snap_compare(_app(), terminal_size=(80, 36))


def test_cursor_moved_and_swapped(snap_compare):
    assert snap_compare(_app(), terminal_size=(120, 36), press=["down", "down", "s"])


def test_glossary_panel_and_word_cursor(snap_compare):
    """Highlights in both columns, the panel listing the pair's terms with their pinyin,
    and the word cursor on the first Chinese word with its CC-CEDICT entry."""
    from reader.core.dictionary import Dictionary

    library = Library(bundled_library())
    app = ReaderApp(
        library.load("japan-europe-2025"),
        glossary=library.glossary("japan-europe-2025"),
        dictionary_loader=Dictionary.load,
    )

    async def dictionary_loaded(pilot):
        app._want_dictionary()
        for _ in range(600):  # the first build of the index takes seconds
            if app.dictionary is not None and all(e.pinyin for e in app.terms.entries):
                break
            await pilot.pause(0.05)
        assert app.dictionary is not None
        await pilot.pause()

    assert snap_compare(app, terminal_size=(160, 40), run_before=dictionary_loaded,
                        press=["j", "j", "j", "j", "j", "j", "g", "w"])
