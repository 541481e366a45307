"""Translation practice in the reader: type a translation of the current pair, then see
the reference beside it with a chrF++ score and the glossary terms used or missed."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..core.study import Attempt, Summary
from ..core.visible import visible
from .dialogs import TextScreen

LANGUAGE = {"en": "English", "zh": "Chinese"}
COMPARE_HINT = "Ctrl+S: compare with the reference · Esc: cancel (the draft is kept)"


class TranslateScreen(ModalScreen[str | None]):
    """The source side above a multi-line editor: Ctrl+S submits the translation typed,
    Escape cancels. What was typed stays in `drafts` (pair id -> text) either way, so
    an Escape loses nothing."""

    BINDINGS = [
        Binding("ctrl+s", "compare", "Compare", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, pair_id: str, source: str, target: str, drafts: dict[str, str] | None = None) -> None:
        super().__init__()
        self._pair_id = pair_id
        self._source = source
        self._target = target
        self._drafts = drafts if drafts is not None else {}

    def compose(self) -> ComposeResult:
        with Vertical(id="translate-body"):
            yield Static(Text(visible(f"Translate {self._pair_id} into {LANGUAGE[self._target]}"), style="bold"),
                         classes="dialog-title")
            with VerticalScroll(id="translate-source"):
                yield Static(Text(visible(self._source, lines=True)))
            from .translation_area import TranslationArea  # TextArea is large: imported when first needed

            yield TranslationArea(self._drafts.get(self._pair_id, ""), id="translation", soft_wrap=True,
                           tab_behavior="focus", placeholder=f"your {LANGUAGE[self._target]} translation")
            yield Static(Text(COMPARE_HINT), id="translate-hint")

    def on_mount(self) -> None:
        area = self.query_one("#translation")
        area.focus()
        area.move_cursor(area.document.end)

    def on_text_area_changed(self, event) -> None:
        self._drafts[self._pair_id] = event.text_area.text

    def action_compare(self) -> None:
        translation = self.query_one("#translation").text.strip()
        if not translation:
            self.query_one("#translate-hint", Static).update(Text("Type a translation first · " + COMPARE_HINT))
            return
        self.dismiss(translation)

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
