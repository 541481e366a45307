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
    and the word cursor on the first Chinese word with its CC-CEDICT entry, its English
    counterpart lit by the word links and the rendering the text chose in the panel."""
    from reader.core.dictionary import Dictionary
    from reader.ui import wordlinks_view

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
        for _ in range(600):  # and the word links, learnt in the background, lit under the cursor
            if wordlinks_view.model(app) is not None:
                break
            await pilot.pause(0.05)
        assert wordlinks_view.model(app) is not None
        await pilot.pause()

    assert snap_compare(app, terminal_size=(160, 40), run_before=dictionary_loaded,
                        press=["j", "j", "j", "j", "j", "j", "g", "w"])


def test_footer_and_status_line_at_80x24(snap_compare):
    """The key bar keeps the keys that fit, whole (o, ?, q among them); the status line
    tells which sentence link is lit, in the pair set link by link."""
    assert snap_compare(_app(), terminal_size=(80, 24), press=["j", "j", "right_square_bracket"])


def test_small_screen_with_the_glossary_panel(snap_compare):
    """40x15: the panel goes under the text, which keeps its width; no wide character is
    cut in half."""
    assert snap_compare(_app(), terminal_size=(40, 15), press=["j", "j", "j", "g"])


def test_one_language_text_in_a_centred_measure(snap_compare):
    """The 2022 article (English only) at 120 columns: lines of at most 80 cells, centred;
    headings, footnote marks; no "Swap columns" in the key bar."""
    library = Library(bundled_library())
    app = ReaderApp(library.load("japan-europe-2022"), glossary=library.glossary("japan-europe-2022"))
    assert snap_compare(app, terminal_size=(120, 36), press=["j", "j", "j", "j", "j", "j"])


def test_edit_mode(snap_compare, tmp_path):
    """Edit mode: EDIT and the confirmed count in the title bar, p6 merged with p7 (~ in
    the margin: edited), p7's links shaded by their scores (0.4, 0.05, 0.25; 0.9 is not),
    the edit keys in the key bar and the edit just made on the status line."""
    from test_contrast import editable_library

    from reader.cli import reader_app
    from reader.core.userstate import UserState

    library = editable_library(tmp_path / "library")
    state, _ = UserState.open(tmp_path / "data")
    app = reader_app(library, "japan-europe-2025", state)
    assert snap_compare(app, terminal_size=(120, 36), press=["j"] * 5 + ["E", "J"])
