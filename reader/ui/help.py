"""The help screen: every key of the reader, listed from the bindings themselves."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


def key_table(sections: list[tuple[str, list[Binding]]]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right", style="bold")
    table.add_column()
    for title, bindings in sections:
        table.add_row("", Text(title, style="bold underline"))
        for binding in bindings:
            keys = binding.key_display or " / ".join(binding.key.split(","))
            line = Text(binding.description)
            if binding.tooltip:  # the explanation, where the description alone is too short
                line.append(": " + binding.tooltip)
            table.add_row(Text(keys), line)
        table.add_row("", "")
    return table


class HelpScreen(ModalScreen[None]):
    """A list of keys; any of Escape, q or ? closes it."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close help"),
    ]

    def __init__(self, sections: list[tuple[str, list[Binding]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(Text("Keys", style="bold"), id="help-title")
            yield Static(key_table(self.sections))
            yield Static(Text("Mouse: click a pair to put the cursor on it; the wheel scrolls."))

    def action_dismiss(self) -> None:
        self.dismiss(None)
