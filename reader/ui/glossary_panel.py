"""The side panel: the glossary entries of the pair under the cursor, and the word under
the word cursor (from the glossary or CC-CEDICT)."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
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
    """Shows what the screen gives it; it never looks anything up itself."""

    def compose(self) -> ComposeResult:
        yield Static(id="panel-word")
        yield Static(id="panel-entries")

    def show_entries(self, pair_label: str, entries: list[GlossaryEntry]) -> None:
        heading = Text(visible(f"Glossary · {pair_label}"), style="bold underline")
        if not entries:
            body: list = [heading, Text("no glossary terms in this pair", style="dim")]
        else:
            body = [heading]
            for entry in entries:
                body += [Text(""), entry_text(entry)]
        self.query_one("#panel-entries", Static).update(Group(*body))

    def show_word(self, content: Text | None) -> None:
        word = self.query_one("#panel-word", Static)
        word.update(Group(Text("Word", style="bold underline"), content, Text("")) if content else "")
        word.display = content is not None
