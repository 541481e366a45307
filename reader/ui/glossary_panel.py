"""The side panel: the glossary entries of the pair under the cursor, and the word under
the word cursor (from the glossary or CC-CEDICT)."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.containers import VerticalScroll
from textual.widgets import Static

from ..core.glossary import GlossaryEntry
from ..core.visible import visible


def entry_text(entry: GlossaryEntry, pinyin: str = "") -> Text:
    """One glossary entry as the panel and the look-up dialog show it (never markup)."""
    text = Text()
    text.append(visible(entry.zh), style="bold")
    if pinyin or entry.pinyin:
        text.append("  " + visible(pinyin or entry.pinyin), style="italic")
    text.append("\n" + visible(entry.en))
    if entry.variants:
        text.append("\nalso: " + visible(" | ".join(entry.variants)), style="dim")
    details = entry.category + (f" · {entry.attested}" if entry.attested else "")
    text.append("\n" + visible(details), style="dim")
    if entry.note:
        text.append("\n" + visible(entry.note), style="dim italic")
    return text


def dictionary_text(word: str, entries) -> Text:
    """CC-CEDICT entries for a word: pinyin and definitions."""
    text = Text()
    text.append(visible(word), style="bold")
    text.append("  CC-CEDICT", style="dim")
    for entry in entries:
        text.append("\n" + visible(entry.pinyin), style="italic")
        text.append("\n" + visible("; ".join(entry.definitions)))
    return text


def name_text(word: str, pinyin: str, surname_entries) -> Text:
    """A personal name the text uses (not in CC-CEDICT): its pinyin, surname and given
    name written apart (GB/T 16159), and what CC-CEDICT says of the surname."""
    text = Text()
    text.append(visible(word), style="bold")
    text.append("  " + pinyin, style="italic")
    text.append("\na name in this text", style="dim")
    surname = next((entry for entry in surname_entries if any("surname" in d for d in entry.definitions)), None)
    if surname is not None:
        text.append(f"\nsurname {surname.simplified} {surname.pinyin}", style="dim")
    return text


class GlossaryPanel(VerticalScroll, can_focus=False):
    """Shows what the screen gives it; it never looks anything up itself. With the focus
    (Tab), one entry is chosen (↑ ↓): Enter asks to edit it, `d` to delete it."""

    BINDINGS = [
        Binding("up", "choose(-1)", "Previous entry", show=False),
        Binding("down", "choose(1)", "Next entry", show=False),
        Binding("enter", "edit", "Edit the entry", show=False, key_display="Enter"),
        Binding("d,delete", "delete", "Delete the entry", show=False, key_display="d"),
    ]

    class EditEntry(Message):
        def __init__(self, entry: GlossaryEntry) -> None:
            super().__init__()
            self.entry = entry

    class DeleteEntry(Message):
        def __init__(self, entry: GlossaryEntry) -> None:
            super().__init__()
            self.entry = entry

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._heading = ""
        self._entries: list[GlossaryEntry] = []
        self.chosen = 0

    def compose(self) -> ComposeResult:
        yield Static(id="panel-word")
        yield Static(id="panel-entries")

    @property
    def chosen_entry(self) -> GlossaryEntry | None:
        return self._entries[self.chosen] if self.has_focus and self._entries else None

    def show_entries(self, pair_label: str, entries: list[GlossaryEntry]) -> None:
        if [e.zh for e in entries] != [e.zh for e in self._entries]:
            self.chosen = 0
        self._heading, self._entries = pair_label, list(entries)
        self.chosen = min(self.chosen, max(len(entries) - 1, 0))
        self._draw()

    def _draw(self) -> None:
        heading = Text(visible(f"Glossary · {self._heading}"), style="bold underline")
        if not self._entries:
            body: list = [heading, Text("no glossary terms in this pair", style="dim")]
        else:
            body = [heading]
            if self.has_focus:
                body.append(Text("↑ ↓ choose · Enter edit · d delete", style="dim"))
            for number, entry in enumerate(self._entries):
                text = entry_text(entry)
                if self.has_focus and number == self.chosen:
                    text = Text("▶ ", style="bold") + text
                    text.stylize("reverse", 0, len(entry.zh) + 2)
                body += [Text(""), text]
        self.query_one("#panel-entries", Static).update(Group(*body))

    def on_focus(self) -> None:
        self._draw()

    def on_blur(self) -> None:
        self._draw()

    def action_choose(self, step: int) -> None:
        """The next or previous entry, scrolled into view; past the first or the last, the
        panel scrolls (a long entry is read to its end)."""
        if not self._entries or not 0 <= self.chosen + step < len(self._entries):
            self.scroll_relative(y=step, animate=False)
            return
        self.chosen += step
        self._draw()
        self.call_after_refresh(self._reveal_chosen)

    def _reveal_chosen(self) -> None:
        entries = self.query_one("#panel-entries", Static)
        width = max(entries.content_region.width, 1)
        console = self.app.console
        top = entries.virtual_region.y + 2  # the heading and the keys
        for entry in self._entries[: self.chosen]:
            top += 1 + len(entry_text(entry).wrap(console, width))
        height = 1 + len(entry_text(self._entries[self.chosen]).wrap(console, width))
        if top < self.scroll_y:
            self.scroll_to(y=top, animate=False)
        elif top + height > self.scroll_y + self.scrollable_content_region.height:
            self.scroll_to(y=top + height - self.scrollable_content_region.height, animate=False)

    def action_edit(self) -> None:
        if self.chosen_entry is not None:
            self.post_message(self.EditEntry(self.chosen_entry))

    def action_delete(self) -> None:
        if self.chosen_entry is not None:
            self.post_message(self.DeleteEntry(self.chosen_entry))

    def show_word(self, content: Text | None) -> None:
        word = self.query_one("#panel-word", Static)
        word.update(Group(Text("Word", style="bold underline"), content, Text("")) if content else "")
        word.display = content is not None
