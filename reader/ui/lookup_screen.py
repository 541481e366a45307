"""The look-up dialog: results update as you type Chinese, English or pinyin."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ..core.visible import visible
from .dialogs import TextInput


@dataclass(frozen=True)
class Choice:
    """What the dialog returns: a glossary entry (by index) or a CC-CEDICT headword."""

    source: str  # "glossary" or "cc-cedict"
    entry: int = -1
    word: str = ""


class LookupScreen(ModalScreen[Choice | None]):
    """Type to search; Enter jumps to the first occurrence of the chosen term."""

    BINDINGS = [
        Binding("escape", "cancel", "Close"),
        Binding("down", "focus_results", "Results", show=False),
    ]

    def __init__(self, search, initial: str = "") -> None:
        """`search(query)` returns a list of (Choice, label Text) and a note to show above
        them ("" for none): that nothing was found, say."""
        super().__init__()
        self._search = search
        self._initial = initial
        self._choices: list[Choice | None] = []  # per option of the list (None: the note)

    def compose(self) -> ComposeResult:
        with Vertical(id="lookup-body"):
            yield Static(Text("Look up: Chinese, English or pinyin (fanji, fǎnjī, fan3ji1)", style="bold"),
                         id="lookup-title")
            yield TextInput(value=visible(self._initial), placeholder="反击能力 / counterattack / fanji nengli", id="lookup-input")
            yield OptionList(id="lookup-results")
            yield Static(
                Text("Enter: go there (n / N: the others) · ↓: the list · Esc: close"),
                id="lookup-hint",
            )

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        if self._initial:
            self._update(self._initial)

    def on_input_changed(self, event: Input.Changed) -> None:
        self._update(event.value)

    def refresh_results(self) -> None:
        """Search again (the dictionary finished loading, say)."""
        self._update(self.query_one(Input).value)

    def _update(self, query: str) -> None:
        """Show the results, after the note (that nothing was found, say) as a line of
        the list that cannot be chosen, so it costs no room of its own."""
        results, note = self._search(query) if query.strip() else ([], "")
        options = self.query_one(OptionList)
        options.clear_options()
        self._choices = []
        if note:
            options.add_option(Option(Text(note, style="italic"), id="lookup-note", disabled=True))
            self._choices.append(None)
        options.add_options([Option(label) for _, label in results])
        self._choices += [choice for choice, _ in results]
        if results:
            options.highlighted = len(self._choices) - len(results)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        highlighted = self.query_one(OptionList).highlighted
        if highlighted is not None and self._choices[highlighted] is not None:
            self.dismiss(self._choices[highlighted])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if self._choices[event.option_index] is not None:
            self.dismiss(self._choices[event.option_index])

    def action_focus_results(self) -> None:
        self.query_one(OptionList).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
