"""The reader's library actions: the library screen, contents, footnotes, search,
bookmarks and notes. Mixed into the app, whose state it uses."""

from __future__ import annotations

from rich.text import Text as RichText

from ..core.errors import ReaderError
from ..core.search import find_pairs
from .dialogs import PickerScreen, PromptScreen, TextScreen


class LibraryActions:
    """Needs from the app: text, view, library, state, matches, open_text()."""

    # -- the library --------------------------------------------------------------------

    def action_library(self) -> None:
        if self.library is None:
            self.notify("No library: this text was opened from a file", timeout=3)
            return
        options = []
        current = 0
        for number, text_id in enumerate(self.library.ids()):
            try:
                meta = self.library.load_meta(text_id)
                count = sum(1 for _ in self.library.open(text_id)[1])
            except ReaderError as exc:
                label = RichText(f"{text_id}  (cannot be read: {exc})", style="dim")
                options.append((label, None))
                continue
            position = self._progress(text_id, count)
            label = RichText()
            label.append(meta.display_title(), style="bold")
            if meta.title.get("zh") and meta.title.get("en"):
                label.append("  " + meta.title["zh"])
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
        return f"at {pair_id} ({min(number, count) * 100 // max(count, 1)}%)"

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
            label = RichText("  " * max(pair.level - 1, 0) + (pair.en or pair.zh))
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
            self.notify("No footnotes in this paragraph", timeout=2)
            return
        body = RichText()
        for number, footnote in enumerate(notes):
            if number:
                body.append("\n\n")
            body.append(f"{footnote.n}. ", style="bold")
            body.append(footnote.text)  # in full, URLs included; never markup
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
            self.notify(f"Not found: {self.search_query}", severity="warning", timeout=3)
            return
        self.matches, self.matches_label = found, f"“{self.search_query}”"
        target = next((i for i in found if i >= self.view.cursor), found[0])
        self.view.move_cursor(target)
        self.notify(f"“{self.search_query}”: {found.index(target) + 1} of {len(found)} pairs", timeout=3)

    # -- bookmarks and notes ---------------------------------------------------------------------

    def action_bookmark(self) -> None:
        if self.state is None or not self.text.pairs:
            return
        pair = self.text.pairs[self.view.cursor]
        added = self.state.toggle_bookmark(self.text.id, pair.id)
        self._save_state()
        self.view.refresh_marks()
        self.notify(f"Bookmark {'set on' if added else 'removed from'} {pair.id}", timeout=2)

    def action_bookmarks(self) -> None:
        if self.state is None:
            return
        index_of = {pair.id: i for i, pair in enumerate(self.text.pairs)}
        options = []
        for pair_id in sorted(self.state.bookmarks.get(self.text.id, []), key=lambda p: index_of.get(p, 0)):
            if pair_id not in index_of:
                continue
            pair = self.text.pairs[index_of[pair_id]]
            label = RichText(f"{pair_id:<6} ", style="bold")
            label.append((pair.en or pair.zh)[:70])
            note = self.state.notes.get(self.text.id, {}).get(pair_id)
            if note:
                label.append(f"\n       ✎ {note}", style="italic")
            options.append((label, index_of[pair_id]))
        self.push_screen(PickerScreen("Bookmarks (m sets or clears one)", options, "no bookmarks in this text"),
                         self._jump)

    def action_note(self) -> None:
        if self.state is None or not self.text.pairs:
            return
        pair = self.text.pairs[self.view.cursor]
        current = self.state.notes.get(self.text.id, {}).get(pair.id, "")
        self.push_screen(
            PromptScreen(f"Note on {pair.id} (empty to remove)", current, placeholder="your note"),
            lambda note: self._noted(pair.id, note),
        )

    def _noted(self, pair_id: str, note: str | None) -> None:
        if note is None or self.state is None:
            return
        self.state.set_note(self.text.id, pair_id, note)
        self._save_state()
        self.view.refresh_marks()
        self._update_panel()
