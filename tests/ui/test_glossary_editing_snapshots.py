"""What the glossary editing looks like: the entry form on an entry chosen in the panel,
at 80x24 (SVG snapshot under __snapshots__)."""

from __future__ import annotations

from reader.core.dictionary import Dictionary
from reader.core.store import Library, bundled_library
from reader.ui.app import ReaderApp


def test_entry_form_on_an_entry_of_the_panel_at_80x24(snap_compare):
    library = Library(bundled_library())  # only read: the form is not saved
    app = ReaderApp(library.load("japan-europe-2025"), glossary=library.glossary("japan-europe-2025"),
                    library=library, dictionary_loader=Dictionary.load)

    async def pinyin_filled(pilot):
        # the pinyin the form offers comes from CC-CEDICT's words (as the glossary's does),
        # whatever the pinyin cache holds
        app._want_dictionary()
        for _ in range(600):
            if app.dictionary is not None and all(e.pinyin for e in app.terms.entries):
                break
            await pilot.pause(0.05)
        assert app.dictionary is not None
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=pinyin_filled,
                        press=["j", "j", "j", "j", "j", "j", "g", "tab", "down", "enter"])
