"""The glossary entry form: a term added from the text or a candidate, or an entry
edited from the glossary panel; and the question before an entry is deleted."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from ..core.glossary import CATEGORIES, GlossaryEntry
from ..core.visible import visible
from .dialogs import TextInput


@dataclass(frozen=True)
class Draft:
    """What the form hands to its `save`: the entry as typed, the glossary chosen (a key
    of the form's `targets`), and the term it replaces (an edit), if any."""

    entry: GlossaryEntry
    target: str
    replacing: str | None


def split_variants(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split("|") if part.strip())


class TermForm(ModalScreen[Draft | None]):
    """Chinese, English, variants, pinyin, category, note and the glossary to save to.
    Enter (or Ctrl+S) saves, Esc closes without saving. The pinyin is generated as the
    glossary would (`pinyin_for(zh, category)`) until it is typed over; `save(draft)`
    returns a problem to show (the form stays open) or None (it closes)."""

    BINDINGS = [
        Binding("escape", "cancel", "Close"),
        Binding("ctrl+s", "save", "Save", priority=True),
    ]

    DEFAULT_CSS = """
    TermForm {
        align: center middle;
    }
    #term-body {
        width: 76;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    #term-title {
        text-style: bold;
    }
    #term-fields {
        grid-size: 2;
        grid-columns: 10 1fr;
        grid-rows: 1;
        grid-gutter: 0 1;
        height: auto;
        margin: 1 0 0 0;
    }
    #term-fields > Label {
        color: $text-muted;
    }
    #term-found, #term-hint {
        color: $text-muted;
    }
    #term-error {
        color: $error;
        text-style: bold;
    }
    """

    def __init__(self, title: str, entry: GlossaryEntry, targets: list[tuple[str, str]], *, save: Callable[[Draft], str | None],
                 pinyin_for: Callable[[str, str], str] | None = None, found: str = "", replacing: str | None = None) -> None:
        """`targets`: (label, key) of the glossaries it may go to, the first chosen; `found`:
        a line on where the English came from."""
        super().__init__()
        self._title = title
        self._entry = entry
        self._targets = targets
        self._save = save
        self._pinyin_for = pinyin_for
        self._found = found
        self._replacing = replacing
        self._generated = self._generate(entry.zh, entry.category) if not entry.pinyin else ""

    def compose(self) -> ComposeResult:
        entry = self._entry
        with Vertical(id="term-body"):
            yield Static(Text(visible(self._title)), id="term-title")
            with Grid(id="term-fields"):
                yield Label("Chinese")
                yield TextInput(value=visible(entry.zh), id="term-zh", compact=True)
                yield Label("English")
                yield TextInput(value=visible(entry.en), placeholder="the preferred rendering", id="term-en", compact=True)
                yield Label("Variants")
                yield TextInput(value=visible(" | ".join(entry.variants)), placeholder="other renderings, separated by |",
                                id="term-variants", compact=True)
                yield Label("Pinyin")
                yield TextInput(value=visible(entry.pinyin or self._generated), id="term-pinyin", compact=True)
                yield Label("Category")
                yield Select([(name, name) for name in CATEGORIES], value=entry.category if entry.category in CATEGORIES
                             else "term", allow_blank=False, id="term-category", compact=True)
                yield Label("Note")
                yield TextInput(value=visible(entry.note), placeholder="a short note for the student", id="term-note",
                                compact=True)
                yield Label("Save to")
                if len(self._targets) > 1:
                    yield Select([(visible(label), key) for label, key in self._targets], value=self._targets[0][1],
                                 allow_blank=False, id="term-target", compact=True)
                else:
                    yield Static(Text(visible(self._targets[0][0])), id="term-target-fixed")
            yield Static(Text(visible(self._found)), id="term-found")
            yield Static("", id="term-error")
            yield Static(Text("Enter or Ctrl+S: save · Tab: next field · Esc: close"), id="term-hint")

    def on_mount(self) -> None:
        self.query_one("#term-en" if self._entry.zh else "#term-zh", Input).focus()

    def _generate(self, zh: str, category: str) -> str:
        return self._pinyin_for(zh, category) if self._pinyin_for is not None and zh.strip() else ""

    def _regenerate(self) -> None:
        """The term or its category changed: new pinyin, unless it was typed over."""
        pinyin = self.query_one("#term-pinyin", Input)
        if pinyin.value.strip() and pinyin.value != self._generated:
            return
        self._generated = self._generate(self.query_one("#term-zh", Input).value, self._category())
        pinyin.value = self._generated

    def _category(self) -> str:
        value = self.query_one("#term-category", Select).value
        return value if isinstance(value, str) else "term"

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "term-zh":
            self._regenerate()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "term-category":
            self._regenerate()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def draft(self) -> Draft:
        value = {name: self.query_one(f"#term-{name}", Input).value.strip()
                 for name in ("zh", "en", "variants", "pinyin", "note")}
        pinyin = value["pinyin"]
        if pinyin == self._generated:
            pinyin = ""  # generated: left empty in the file, made again as the glossary is read
        entry = GlossaryEntry(zh=value["zh"], en=value["en"], variants=split_variants(value["variants"]),
                              pinyin=pinyin, category=self._category(), note=value["note"],
                              attested=self._entry.attested, exclude=self._entry.exclude)
        if len(self._targets) > 1:
            target = self.query_one("#term-target", Select).value
        else:
            target = self._targets[0][1]
        return Draft(entry, str(target), self._replacing)

    def action_save(self) -> None:
        draft = self.draft()
        if not draft.entry.zh:
            return self._problem("the Chinese term is empty")
        if not draft.entry.en:
            return self._problem("the English rendering is empty")
        problem = self._save(draft)
        if problem:
            return self._problem(problem)
        self.dismiss(draft)

    def _problem(self, problem: str) -> None:
        self.query_one("#term-error", Static).update(Text(visible(problem)))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """A yes-or-no question: y or Enter says yes, n or Esc no."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    DEFAULT_CSS = """
    ConfirmScreen {
        align: center middle;
    }
    #confirm-body {
        width: 64;
        max-width: 100%;
        height: auto;
        border: round $warning;
        background: $surface;
        padding: 0 1;
    }
    """

    def __init__(self, question: str) -> None:
        super().__init__()
        self._question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-body"):
            yield Static(Text(visible(self._question)))
            yield Static(Text("y / Enter: yes · n / Esc: no", style="dim"))

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
