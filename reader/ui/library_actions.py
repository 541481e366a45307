"""The reader's library actions: the library screen, contents, footnotes, search,
bookmarks and notes. Mixed into the app, whose state it uses."""

from __future__ import annotations

from pathlib import Path

from rich.cells import cell_len, set_cell_size
from rich.text import Text as RichText

from textual import work

from ..core.errors import ReaderError
from ..core.glossary import fill_pinyin
from ..core.search import find_pairs, find_spans
from ..core.visible import visible
from .delivery import deliver
from .dialogs import PickerScreen, PromptScreen, TextScreen

# format -> (what it is for, the file suffix of its output; "" for a base name)
EXPORT_CHOICES = {
    "html": ("a standalone page: both columns, terms highlighted, glossary table (screen and print)", ".html"),
    "anki": ("an Anki deck: paragraph cards both ways, vocabulary cards", ".apkg"),
    "tmx": ("TMX 1.4b translation memory for CAT tools", ".tmx"),
    "csv": ("spreadsheet: id, kind, English, Chinese", ".csv"),
    "tsv": ("tab-separated: id, kind, English, Chinese", ".tsv"),
    "md": ("a Markdown table", ".md"),
    "moses": ("two line-aligned files, BASE.en and BASE.zh", ""),
    "intertext": ("InterText XML: BASE_en.xml, BASE_zh.xml and their link file, to go on in InterText", ""),
    "json": ("the whole text, with footnotes, bookmarks and notes", ".json"),
    "jsonl": ("one pair per line", ".jsonl"),
}


class LibraryActions:
    """Needs from the app: text, view, library, state, matches, open_text(), say()."""

    # -- the library --------------------------------------------------------------------

    def action_library(self) -> None:
        if self.library is None:
            self.say("No library: this text was opened from a file")
            return
        options = []
        current = 0
        for number, text_id in enumerate(self.library.ids()):
            try:
                meta = self.library.load_meta(text_id)
                count = sum(1 for _ in self.library.open(text_id)[1])
            except ReaderError as exc:
                label = RichText(visible(f"{text_id}  (cannot be read: {exc})"), style="dim")
                options.append((label, None))
                continue
            position = self._progress(text_id, count)
            label = RichText()
            label.append(visible(meta.display_title()), style="bold")
            if meta.title.get("zh") and meta.title.get("en"):
                label.append("  " + visible(meta.title["zh"]))
            label.append(f"\n  {text_id} · {'+'.join(meta.languages)} · {count:,} pairs · {position}", style="dim")
            options.append((label, text_id))
            if text_id == self.text.id:
                current = number
        self.push_screen(PickerScreen("Library", options, "the library is empty", current), self._open_chosen)

    def _progress(self, text_id: str, count: int) -> str:
        if self.state is None or text_id not in self.state.positions:
            return "not opened yet"
        pair_id = self.state.positions[text_id]
        number = int(pair_id[1:]) if pair_id[1:].isdigit() else 0
        return visible(f"at {pair_id} ({min(number, count) * 100 // max(count, 1)}%)")

    def _open_chosen(self, text_id: str | None) -> None:
        if text_id is None or text_id == self.text.id:
            return
        try:
            meta, pairs = self.library.open(text_id)
            self.open_text(meta, pairs)
        except ReaderError as exc:
            self.notify(str(exc), severity="error", timeout=6)

    # -- contents and footnotes -------------------------------------------------------------

    def action_contents(self) -> None:
        headings = [(i, pair) for i, pair in enumerate(self.text.pairs) if pair.kind in ("heading", "title")]
        options = []
        current = 0
        for index, pair in headings:
            label = RichText("  " * max(pair.level - 1, 0) + visible(pair.en or pair.zh))
            if pair.kind == "title" or pair.level == 1:
                label.stylize("bold")
            options.append((label, index))
            if index <= self.view.cursor:
                current = len(options) - 1
        self.push_screen(PickerScreen("Contents", options, "this text has no headings", current), self._jump)

    def _jump(self, index: int | None) -> None:
        if index is not None:
            self.view.move_cursor(index)

    def action_footnotes(self) -> None:
        pair = self.text.pairs[self.view.cursor] if self.text.pairs else None
        notes = [f for f in self.text.footnotes if pair is not None and f.pair == pair.id]
        if not notes:
            self.say("No footnotes in this paragraph")
            return
        body = RichText()
        for number, footnote in enumerate(notes):
            if number:
                body.append("\n\n")
            body.append(f"{footnote.n}. ", style="bold")
            body.append(visible(footnote.text, lines=True))  # in full, URLs included; never markup
        self.push_screen(TextScreen(f"Footnotes of {pair.id}", body))

    # -- search ------------------------------------------------------------------------------

    def action_search(self) -> None:
        self.push_screen(
            PromptScreen("Search the text (English or Chinese)", self.search_query,
                         placeholder="alliance / 同盟", hint="Enter: search · n / N: next / previous · Esc: cancel"),
            self._searched,
        )

    def _searched(self, query: str | None) -> None:
        if query is None:
            return
        self.search_query = query.strip()
        self.view.refresh_marks()
        if not self.search_query:
            self.matches = []
            return
        found = find_pairs(self.text.pairs, self.search_query)
        if not found:
            self.matches = []
            self.say(f"Not found: {self.search_query}")
            return
        self.matches, self.matches_label = found, f"“{self.search_query}”"
        target = next((i for i in found if i >= self.view.cursor), found[0])
        self.view.move_cursor(target)
        self._reveal_search_hit()
        self.say(f"“{self.search_query}”: {found.index(target) + 1} of {len(found)} pairs (n / N: next / previous)")

    def _reveal_search_hit(self) -> None:
        """Bring the first search hit of the cursor pair into view (it may be deep in a
        pair taller than the screen)."""
        pair = self.pairs[self.view.cursor]
        for lang in self.view.order:
            found = find_spans(pair.side(lang), self.search_query)
            if found:
                self.view.reveal_text(lang, found[0][0])
                return

    # -- bookmarks and notes ---------------------------------------------------------------------

    def action_bookmark(self) -> None:
        if self.state is None or not self.text.pairs:
            return
        pair = self.text.pairs[self.view.cursor]
        added = self._remember(self.state.toggle_bookmark, self.text.id, pair.id)
        if added is None:
            return
        self.view.refresh_marks()
        self.say(f"Bookmark {'set on' if added else 'removed from'} {pair.id} (' lists bookmarks and notes)")

    def action_bookmarks(self) -> None:
        """Every pair with a bookmark or a note, in the order of the text; Enter jumps."""
        if self.state is None:
            return
        index_of = {pair.id: i for i, pair in enumerate(self.text.pairs)}
        bookmarks = set(self.state.bookmarks.get(self.text.id, ()))
        notes = self.state.notes.get(self.text.id, {})
        marked = sorted((bookmarks | set(notes)) & set(index_of), key=index_of.__getitem__)
        options = []
        current = 0
        for pair_id in marked:
            pair = self.text.pairs[index_of[pair_id]]
            label = RichText()
            label.append("* " if pair_id in bookmarks else "  ", style="bold")
            label.append(visible(f"{pair_id:<6} "), style="bold")
            label.append(_clip(visible(pair.en or pair.zh), 68))
            if pair_id in notes:
                label.append(f"\n         ✎ {visible(notes[pair_id])}", style="italic")
            options.append((label, index_of[pair_id]))
            if index_of[pair_id] <= self.view.cursor:
                current = len(options) - 1
        self.push_screen(PickerScreen("Bookmarks and notes (m: bookmark, a: note)", options,
                                      "no bookmarks or notes in this text", current), self._jump)

    def action_note(self) -> None:
        if self.state is None or not self.text.pairs:
            return
        pair = self.text.pairs[self.view.cursor]
        current = self.state.notes.get(self.text.id, {}).get(pair.id, "")
        self.push_screen(
            PromptScreen(f"Note on {pair.id} (empty to remove)", current, placeholder="your note"),
            lambda note: self._noted(pair.id, note, current),
        )

    def _noted(self, pair_id: str, note: str | None, base: str = "") -> None:
        if note is None or self.state is None:
            return
        kept = self._remember(lambda: self.state.set_note(self.text.id, pair_id, note, base=base))
        if kept is None:
            return
        if kept != note.strip():
            both = "both versions are kept" if note.strip() else "it is kept, not removed"
            self.notify(f"The note on {pair_id} was changed in another reader meanwhile: {both}",
                        severity="warning", timeout=6)
        self.view.refresh_marks()
        self._update_panel()
        self.say(f"Note {'kept on' if note.strip() else 'removed from'} {pair_id} (' lists bookmarks and notes)")

    # -- export ------------------------------------------------------------------------------

    def action_export(self) -> None:
        options = []
        for fmt, (purpose, _) in EXPORT_CHOICES.items():
            label = RichText(f"{fmt:<6}", style="bold")
            label.append(purpose)
            options.append((label, fmt))
        self.push_screen(PickerScreen(f"Export {self.text.id}", options), self._export_chosen)

    def _export_chosen(self, fmt: str | None) -> None:
        if fmt is None:
            return
        if self.is_web:  # served: the file goes to the user's browser, not onto the server
            self._run_export(self.text, fmt, None, glossary=self.terms.entries)
            return
        default = Path.cwd() / f"{self.text.id}{EXPORT_CHOICES[fmt][1]}"
        self.push_screen(
            PromptScreen(f"Export {self.text.id} as {fmt} to", str(default),
                         hint="Enter: write (the folder must exist) · Esc: cancel"),
            lambda path: self._run_export(self.text, fmt, path, glossary=self.terms.entries) if path else None,
        )

    @work(thread=True, group="export")
    def _run_export(self, text, fmt: str, path: str | None, glossary) -> None:
        """Write an export off the UI thread (pinyin and decks take a moment): to `path`,
        or with None to the browser of a served reader (see delivery.py)."""
        from ..formats.export import export_files, export_text

        annotations = self.state.annotations(self.text.id) if self.state is not None else None

        def entries():
            fill_pinyin(glossary, self._dictionary_once if self._dictionary_loader else None)
            return glossary

        try:
            if path is None:
                _, files = export_files(text, fmt, f"{text.id}{EXPORT_CHOICES[fmt][1]}", annotations=annotations,
                                        glossary=entries)
                self.call_from_thread(deliver, self, files, f"{text.id}-{fmt}.zip")
                return
            _, written = export_text(text, fmt, path, annotations=annotations, glossary=entries)
        except ReaderError as exc:
            self.call_from_thread(self.notify, str(exc), severity="error", timeout=8)
            return
        self.call_from_thread(self.notify, f"Wrote {' and '.join(map(str, written))}", timeout=8)

    def on_delivery_failed(self, event) -> None:
        """A download the browser did not take (the tab closed meanwhile, ...)."""
        self.notify(f"{event.name or 'The file'} was not downloaded: {event.exception}", severity="error", timeout=8)


def _clip(line: str, cells: int) -> str:
    """The first line of a text in at most `cells` cells, with an ellipsis if cut (never
    half of a wide character)."""
    line = line.splitlines()[0] if line else ""
    if cell_len(line) <= cells:
        return line
    return set_cell_size(line, cells - 1).rstrip() + "…"
