"""Small dialogs: pick one of a list (library, contents, bookmarks), type a line (search,
note), read some text (footnotes). Each returns its answer through `dismiss`."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ..core.visible import visible


class TextInput(Input):
    """A line of input that never draws a control character: what is typed or pasted
    (a copy from a web page may carry escape sequences) goes through `visible`."""

    def replace(self, text: str, start: int, end: int) -> None:
        super().replace(visible(text), start, end)


class PickerScreen(ModalScreen[Any]):
    """A titled list; Enter returns the chosen option's value, Escape None."""

    BINDINGS = [Binding("escape", "cancel", "Close")]

    def __init__(self, title: str, options: list[tuple[Text, Any]], empty: str = "nothing here yet",
                 highlighted: int = 0) -> None:
        super().__init__()
        self._title = title
        self._options = options
        self._empty = empty
        self._highlighted = highlighted

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(visible(self._title), style="bold"), classes="dialog-title")
            if self._options:
                yield OptionList(*(Option(label) for label, _ in self._options), classes="dialog-list")
            else:
                yield Static(Text(self._empty, style="dim"))
            yield Static(Text("Enter: choose · Esc: close", style="dim"), classes="dialog-hint")

    def on_mount(self) -> None:
        if self._options:
            options = self.query_one(OptionList)
            options.highlighted = min(self._highlighted, len(self._options) - 1)
            options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self._options[event.option_index][1])

    def action_cancel(self) -> None:
        self.dismiss(None)


class PromptScreen(ModalScreen[str | None]):
    """One line of input; Enter returns it (possibly empty), Escape None."""

    BINDINGS = [Binding("escape", "cancel", "Close")]

    def __init__(self, title: str, value: str = "", placeholder: str = "", hint: str = "") -> None:
        super().__init__()
        self._title = title
        self._value = value
        self._placeholder = placeholder
        self._hint = hint or "Enter: done · Esc: cancel"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog prompt"):
            yield Static(Text(visible(self._title), style="bold"), classes="dialog-title")
            yield TextInput(value=visible(self._value), placeholder=self._placeholder)
            yield Static(Text(self._hint, style="dim"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class TextScreen(ModalScreen[str | None]):
    """Text to read (footnotes, a result): the title, the body scrolling, a hint."""

    BINDINGS = [Binding("escape,q,f", "close", "Close")]
    HINT = "Esc: close"

    def __init__(self, title: str, body) -> None:
        super().__init__()
        self._title = title
        self._body = body

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(visible(self._title), style="bold"), classes="dialog-title")
            with VerticalScroll():
                yield Static(self._body, classes="dialog-body")
            yield Static(Text(self.HINT, style="dim"), classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)
