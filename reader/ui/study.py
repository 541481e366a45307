"""Translation practice in the reader: type a translation of the current pair, then see
the reference beside it with a chrF++ score and the glossary terms used or missed."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ..core.study import Attempt, Summary
from ..core.visible import visible
from .dialogs import TextInput, TextScreen

LANGUAGE = {"en": "English", "zh": "Chinese"}


class TranslateScreen(ModalScreen[str | None]):
    """Shows the source side; Enter submits the translation typed, Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, pair_id: str, source: str, target: str) -> None:
        super().__init__()
        self._pair_id = pair_id
        self._source = source
        self._target = target

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static(Text(visible(f"Translate {self._pair_id} into {LANGUAGE[self._target]}"), style="bold"),
                         classes="dialog-title")
            yield Static(Text(visible(self._source, lines=True)))
            yield TextInput(placeholder=f"your {LANGUAGE[self._target]} translation", id="translation")
            yield Static(Text("Enter: compare with the reference · Esc: cancel", style="dim"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


def result_text(item: Attempt, source: str, reference: str, glossary_en: dict[str, str]) -> Text:
    """The comparison: the source, your translation, the reference, score and terms."""
    text = Text()
    text.append(f"chrF++ {item.score:.1f}", style="bold")
    text.append("  (0-100: character and word n-gram overlap with the reference)\n\n", style="dim")
    for label, body in (("Source", source), ("Yours", item.translation), ("Reference", reference)):
        text.append(label + "\n", style="bold underline")
        text.append(visible(body, lines=True) + "\n\n")
    if item.used or item.missed:
        text.append("Glossary terms\n", style="bold underline")
        for zh in item.used:
            text.append("  ✓ ", style="green")
            text.append(visible(f"{zh}  {glossary_en.get(zh, '')}") + "\n")
        for zh in item.missed:
            text.append("  ✗ ", style="red")
            text.append(visible(f"{zh}  {glossary_en.get(zh, '')}") + "\n")
    return text


def summary_table(summary: Summary, total_pairs: int) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", justify="right")
    table.add_column()
    table.add_row("pairs done", f"{summary.pairs_done} of {total_pairs}")
    table.add_row("attempts", str(summary.attempts))
    table.add_row("average chrF++", f"{summary.average:.1f}" if summary.attempts else "-")
    missed = ", ".join(f"{zh} ×{n}" for zh, n in list(summary.missed_terms.items())[:20])
    table.add_row("missed terms", Text(visible(missed) or "none"))
    weakest = "; ".join(f"{a.pair_id} {a.score:.0f}" for a in summary.weakest[:8])
    table.add_row("weakest pairs", Text(visible(weakest) or "-"))
    return table


class ResultScreen(TextScreen):
    BINDINGS = [Binding("escape,enter,q", "close", "Close")]
    HINT = "Enter / Esc: close"


class SummaryScreen(ResultScreen):
    """The practice summary; `x` asks for the Anki export of what was missed."""

    BINDINGS = [*ResultScreen.BINDINGS, Binding("x", "anki", "Export to Anki")]
    HINT = "x: export the weak pairs and missed terms to Anki · Enter / Esc: close"

    def action_anki(self) -> None:
        self.dismiss("anki")
