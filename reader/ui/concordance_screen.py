"""The concordance screen (C): type a word, a phrase or /regex/, and the hits across the
library update as you type, each beside its aligned sentence; Enter jumps to the pair,
the hit and its counterpart lit in both columns.

The search runs in a worker thread, a moment after the last key (debounced), on the
library index (reader.core.library_index), which the first search brings up to date: the
reader's first frame never waits for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from ..core.errors import ReaderError
from ..core.script import cell_len, clip_left, clip_right
from ..core.visible import visible
from .dialogs import TextInput

DEBOUNCE = 0.25  # seconds after the last key
SHOWN = 200  # hits listed
CONTEXT = 28  # terminal cells of context either side of a hit
SOURCE_CELLS = 22  # the text:pair column
ALIGNED_CELLS = 96  # the aligned sentence below, around its counterpart
SORTS = ("text", "left", "right", "hit")


@dataclass(frozen=True)
class Jump:
    """Where Enter goes: a pair of a text, and the spans to light on each side (in the
    pair as stored)."""

    text: str
    pair: str
    pair_index: int
    spans: dict[str, tuple[str, int, int]]  # lang -> (the words lit, start, end)


class ConcordanceScreen(ModalScreen[Jump | None]):
    """Results update as you type; Enter: go to the hit; Ctrl+S: the next sort key."""

    DEFAULT_CSS = """
    ConcordanceScreen { align: center middle; }
    #concord-body { width: 96%; height: 90%; border: round $accent; background: $panel; padding: 0 1; }
    #concord-results { height: 1fr; }
    #concord-status { height: 1; color: $text-muted; }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Close"),
        Binding("ctrl+s", "next_sort", "Sort"),
        Binding("down", "focus_results", "Results", show=False),
    ]

    def __init__(self, library, dictionary=None, text: str | None = None) -> None:
        """`dictionary`: a callable giving CC-CEDICT or None (counterparts are marked
        only when it is loaded); `text`: search one text only."""
        super().__init__()
        self.library = library
        self._dictionary = dictionary or (lambda: None)
        self._text = text
        self.sort = "text"
        self.hits: list = []
        self.total = 0
        self._timer = None
        self._index = None

    def compose(self) -> ComposeResult:
        with Vertical(id="concord-body"):
            yield Static(Text("Concordance of the library: a word, a phrase (English or Chinese), or /regex/",
                              style="bold"))
            yield TextInput(placeholder="安全 / security cooperation / /secur\\w+/", id="concord-input")
            yield Static("", id="concord-status")
            yield OptionList(id="concord-results")
            yield Static(Text("Enter: go to the pair · Ctrl+S: sort by text / left / right / hit · Esc: close"))

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE, lambda: self._search(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.hits:
            self._choose(self.query_one(OptionList).highlighted or 0)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option_index)

    def action_focus_results(self) -> None:
        self.query_one(OptionList).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_next_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self._search(self.query_one(Input).value)

    def _search(self, query: str) -> None:
        self._timer = None
        if not query.strip():
            self._show([], 0, "")
            return
        self.query_one("#concord-status", Static).update("searching…")
        self._run(query, self.sort)

    @work(thread=True, exclusive=True, group="concordance")
    def _run(self, query: str, sort: str) -> None:
        from ..core import concord
        from ..core.library_index import LibraryIndex

        worker = get_current_worker()
        try:
            if self._index is None:
                index = LibraryIndex(self.library)
                index.sync()
                self._index = index
            regex = len(query) > 2 and query.startswith("/") and query.endswith("/")
            pattern = query[1:-1] if regex else query.strip()
            if sort == "text":  # the first hits are those shown: the others only counted
                total = concord.summarize(self._index, pattern, regex=regex, text=self._text, sample=0).total
                hits = concord.find(self._index, pattern, regex=regex, text=self._text, limit=SHOWN)
            else:
                hits = concord.find(self._index, pattern, regex=regex, text=self._text)
                total = len(hits)
                hits = concord.sort_hits(hits, sort, CONTEXT)[:SHOWN]
            concord.add_counterparts(hits, self._dictionary())
            note = f"{total} hit{'s' if total != 1 else ''}" + (f", the first {SHOWN} shown" if total > SHOWN else "")
            note += f" · sorted by {sort}"
        except ReaderError as exc:
            hits, total, note = [], 0, str(exc)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, hits, total, note)

    def _show(self, hits, total: int, note: str) -> None:
        self.hits, self.total = hits, total
        self.query_one("#concord-status", Static).update(Text(visible(note)))
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(_label(hit)) for hit in hits])
        if hits:
            options.highlighted = 0

    def _choose(self, number: int) -> None:
        if not 0 <= number < len(self.hits):
            return
        hit = self.hits[number]
        spans = {hit.lang: (hit.hit, *hit.pair_span())}
        other = hit.pair_span(hit.other)
        if other is not None:
            spans[hit.other] = (hit.counterpart_text, *other)
        self.dismiss(Jump(hit.text, hit.pair, hit.unit.pair_index, spans))

    def on_unmount(self) -> None:
        if self._index is not None:
            self._index.close()


def _one_line(text: str) -> str:
    """The text on one line: each run of white space one space (a context keeps the
    space that parts it from its hit)."""
    return visible(re.sub(r"\s+", " ", text))


def _label(hit) -> Text:
    """A KWIC line (the left context right-aligned in cells, so the hits stand in a
    column whatever the script), the aligned sentence below it with the counterpart lit;
    each line cut at the screen's edge, never wrapped."""
    label = Text(no_wrap=True, overflow="crop")
    where = clip_right(f"{visible(hit.text)}:{visible(hit.pair)}", SOURCE_CELLS - 1)
    label.append(where + " " * (SOURCE_CELLS - cell_len(where) + 2), style="dim")
    left = clip_left(_one_line(hit.left(2 * CONTEXT)), CONTEXT)
    label.append(" " * (CONTEXT - cell_len(left)) + left)
    label.append(_one_line(hit.hit), style="bold reverse")
    label.append(clip_right(_one_line(hit.right(2 * CONTEXT)), CONTEXT))
    label.append("\n" + " " * 4)
    aligned = hit.aligned
    if hit.counterpart:
        start, end = hit.counterpart
        label.append(clip_left(_one_line(aligned[:start]).lstrip(), ALIGNED_CELLS // 2))
        label.append(_one_line(aligned[start:end]), style="bold underline")
        label.append(clip_right(_one_line(aligned[end:]).rstrip(), ALIGNED_CELLS // 2))
    else:
        label.append(clip_right(_one_line(aligned).strip(), ALIGNED_CELLS) or "(nothing aligned)", style="dim")
    return label


def open_concordance(app) -> None:
    """Open the screen over the reader `app` and go where the user chooses."""
    if app.library is None:
        app.say("No library: this text was opened from a file")
        return
    if isinstance(app.screen, ConcordanceScreen):
        return
    app._want_dictionary()
    app.push_screen(ConcordanceScreen(app.library, lambda: app.dictionary),
                    lambda jump: _jump(app, jump))


def _jump(app, jump: Jump | None) -> None:
    """Open the hit's text if it is another, move to its pair and light the hit and its
    counterpart there (found again in the pair as shown, which footnote marks may shift)."""
    if jump is None:
        return
    if jump.text != app.text.id:
        try:
            meta, pairs = app.library.open(jump.text)
        except ReaderError as exc:
            app.notify(visible(str(exc)), severity="error", timeout=6)
            return
        app.open_text(meta, pairs)
    index = next((n for n, pair in enumerate(app.pairs) if pair.id == jump.pair), None)
    if index is None:
        app.say(visible(f"{jump.pair} is not loaded yet"))
        return
    shown = app.pairs[index]
    marks: dict[str, list[tuple[int, int]]] = {"en": [], "zh": []}
    for lang, (words, start, end) in jump.spans.items():
        side = shown.side(lang)
        at = _nearest(side, words, start) if words else -1
        if at >= 0:
            marks[lang].append((at, at + len(words)))
    app.jumped = (index, marks, "")
    app.view.move_cursor(index)
    app.view.refresh_marks()
    for lang in ("en", "zh"):
        if marks[lang]:
            app.view.reveal_text(lang, marks[lang][0][0])
            break
    app.say(visible(f"Concordance: {jump.text} {jump.pair}"))


def _nearest(side: str, words: str, start: int) -> int:
    """Where `words` occurs in `side` nearest to `start` (-1: nowhere)."""
    best, at = -1, side.find(words)
    while at != -1:
        if best < 0 or abs(at - start) < abs(best - start):
            best = at
        at = side.find(words, at + 1)
    return best
