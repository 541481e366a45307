"""Term candidates (`G`): the terms the text suggests, with their English, best first.
Enter takes one into the glossary through the entry form; `x` rejects it, for good (the
reading state remembers it, and `reader glossary extract` leaves it out too)."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..core.errors import ReaderError
from ..core.glossary import GlossaryEntry
from ..core.visible import visible

SHOWN = 100


class CandidatesScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q", "close", "Close"),
        Binding("x", "reject", "Reject"),
        Binding("enter", "accept", "Accept", show=False),
    ]

    DEFAULT_CSS = """
    CandidatesScreen {
        align: center middle;
    }
    #candidates-body {
        width: 100;
        max-width: 100%;
        height: 80%;
        min-height: 10;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    #candidates-title {
        text-style: bold;
    }
    #candidates-list {
        height: 1fr;
    }
    #candidates-hint, #candidates-status {
        color: $text-muted;
    }
    """

    def __init__(self, app) -> None:
        super().__init__()
        self._reader = app
        self.candidates: list = []

    def compose(self) -> ComposeResult:
        with Vertical(id="candidates-body"):
            yield Static(Text(visible(f"Term candidates of {self._reader.text.id}")),
                         id="candidates-title")
            yield Static(Text("Finding term candidates…"), id="candidates-status")
            yield OptionList(id="candidates-list")
            yield Static(Text("Enter: add to the glossary · x: reject (not a term) · Esc: close"), id="candidates-hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self._find()

    @work(thread=True, exclusive=True, group="candidates")
    def _find(self) -> None:
        reader = self._reader
        if not any(pair.zh for pair in reader.text.pairs) or not any(pair.en for pair in reader.text.pairs):
            self.app.call_from_thread(self._show_status, "This text is not bilingual: term candidates come from an "
                                      "aligned English and Chinese text")
            return
        try:
            from ..core.segmenter import Segmenter
            from ..core.term_extraction import extract

            dictionary = reader._dictionary_once() if reader._dictionary_loader is not None else None
            rejected = reader.state.rejected_terms(reader.text.id)
            known = {entry.zh for entry in reader.terms.entries}
            found = extract(reader.text, Segmenter.load(), dictionary, known=known, rejected=rejected, top=SHOWN)
        except ReaderError as exc:
            self.app.call_from_thread(self._show_status, f"No candidates: {exc}")
            return
        self.app.call_from_thread(self._show, found)

    def _show_status(self, message: str) -> None:
        self.query_one("#candidates-status", Static).update(Text(visible(message)))

    def _show(self, found) -> None:
        self.candidates = list(found)
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(self._label(c)) for c in self.candidates])
        if self.candidates:
            options.highlighted = 0
        self._count()

    def _count(self) -> None:
        if not self.candidates:
            self._show_status("No term candidates left: every one is in the glossary or rejected")
        else:
            self._show_status(f"{len(self.candidates)} candidates, best first (terms in the glossary left out)")

    @staticmethod
    def _label(candidate) -> Text:
        label = Text()
        label.append(visible(candidate.zh), style="bold")
        label.append("  " + visible(candidate.en or "(no English found)"))
        pairs = len(candidate.pairs)
        label.append(f"   {candidate.score:.2f} · {candidate.frequency}× · {pairs} pair{'s' if pairs != 1 else ''} "
                     f"({visible(', '.join(candidate.pairs[:4]))}{' …' if pairs > 4 else ''})", style="dim")
        return label

    def _chosen(self):
        highlighted = self.query_one(OptionList).highlighted
        if highlighted is None or not 0 <= highlighted < len(self.candidates):
            return None
        return highlighted

    def _drop(self, index: int) -> None:
        options = self.query_one(OptionList)
        del self.candidates[index]
        options.remove_option_at_index(index)
        if self.candidates:
            options.highlighted = min(index, len(self.candidates) - 1)
        self._count()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_accept()

    def action_accept(self) -> None:
        from . import glossary_editing

        index = self._chosen()
        if index is None:
            return
        reader = self._reader
        if reader.library is None:
            self._show_status("This text is not in a library: there is no glossary to add to")
            return
        candidate = self.candidates[index]
        pair = next((p for p in reader.text.pairs if p.id in candidate.pairs[:1]), None)
        entry = GlossaryEntry(zh=candidate.zh, en=candidate.en, category=glossary_editing.guess_category(reader, candidate.zh))

        def saved(entry: GlossaryEntry) -> None:
            if candidate in self.candidates:
                self._drop(self.candidates.index(candidate))

        glossary_editing.open_form(reader, "Add the candidate to the glossary", entry,
                                   found=f"English: the best rendering found in {len(candidate.pairs)} pair(s)",
                                   pair=pair, on_saved=saved)

    def action_reject(self) -> None:
        index = self._chosen()
        if index is None:
            return
        candidate = self.candidates[index]
        try:
            self._reader.state.reject_term(self._reader.text.id, candidate.zh, candidate.en)
        except ReaderError as exc:
            self._show_status(str(exc))
            return
        self._drop(index)
        self._reader.say(visible(f"Rejected {candidate.zh}: it will not be proposed again"))

    def action_close(self) -> None:
        self.dismiss(None)
