"""Edit mode: the alignment editor in the reader.

`EditMode` is the container around the parallel view, so that while it is on its keys
come before the reading keys (and show in the key bar and help); while it is off they are
not there at all. It owns every edit action: each builds a `Change` with the core
(reader.core.editing), hands it to the `Editor` (which journals it at once and writes the
alignment file in the background), and shows the new alignment at once: only the pairs
the change replaced are laid out again, so an edit shows as fast on 100,000 pairs as on
ten. In edit mode the margin shows each pair's status (✓ confirmed, ~ edited), links the
aligner was unsure of are shaded by their score, and the title bar says how many pairs
are confirmed.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding
from textual.containers import Vertical

from ..core.editing import Editor
from ..core.editing import links as link_edits
from ..core.editing import ops, review
from ..core.editing.session import file_signature
from ..core.errors import ReaderError
from ..core.layout import with_footnote_marks
from ..core.model import Text
from ..core.search import find_pairs
from .keybar import KeyBar
from .titlebar import TitleBar

LANGUAGE = {"en": "English", "zh": "Chinese"}
SHADES = ((0.1, "doubt-3"), (0.3, "doubt-2"), (0.5, "doubt-1"))  # a score under each: that shade
# The edit keys the key bar keeps first while edit mode is on.
KEY_RANKING = ("leave_edit", "undo", "confirm", "join", "split", "next_doubtful", "switch_side")


class EditMode(Vertical):
    """The body of the reader; its bindings are the edit keys, live while it is on."""

    BINDINGS = [
        Binding("E", "leave_edit", "Leave edit", key_display="E", tooltip="back to reading (the edits are kept)"),
        Binding("u", "undo", "Undo", tooltip="the last edit (of this run or an earlier one)"),
        Binding("ctrl+r", "redo", "Redo", key_display="Ctrl+R"),
        Binding("y", "confirm", "Confirm",
                tooltip="the pair, and the unchecked pairs above it; with a lit link, that link"),
        Binding("J", "join", "Join", key_display="J",
                tooltip="the pair with the next one; with a lit link, the link with the next"),
        Binding("K", "split", "Split", key_display="K",
                tooltip="the pair before its last link (or sentence); with a lit link, the link in two"),
        Binding("vertical_line", "cut", "Cut the pair at the lit link", key_display="|", show=False,
                tooltip="the lit link starts a new pair"),
        Binding("x", "switch_side", "Side", tooltip="which side { } ( ) O D work on: English or Chinese"),
        Binding("left_curly_bracket", "shift_up", "Sentence up", key_display="{", show=False,
                tooltip="the side's first sentence into the pair above (with a lit link: into the link above)"),
        Binding("right_curly_bracket", "pop_down", "Sentence down", key_display="}", show=False,
                tooltip="the side's last sentence into the pair below (with a lit link: into the link below)"),
        Binding("left_parenthesis", "side_up", "Side up", key_display="(", show=False,
                tooltip="the whole side into the pair above, leaving it empty here"),
        Binding("right_parenthesis", "side_down", "Side down", key_display=")", show=False,
                tooltip="the whole side into the pair below"),
        Binding("O", "open_gap", "Empty counterpart", key_display="O", show=False,
                tooltip="the side here and below moves down a pair, into the next gap"),
        Binding("D", "close_gap", "Close the gap", key_display="D", show=False,
                tooltip="where the side is empty, the side below moves up a pair"),
        Binding("R", "realign", "Realign", key_display="R", show=False,
                tooltip="run the sentence aligner again on this pair or a range of pairs"),
        Binding("d", "next_doubtful", "Next doubtful", tooltip="the next link the aligner doubted, unchecked"),
        Binding("1", "next_uneven", "Next not 1-1", show=False,
                tooltip="the next pair with an empty side or several paragraphs, or link that is not 1-1"),
        Binding("v", "next_unconfirmed", "Next unconfirmed", show=False),
    ]

    def __init__(self, *children, **options) -> None:
        super().__init__(*children, **options)
        self.on = False
        self.side = "zh"
        self.editor: Editor | None = None
        self._signature: tuple[str, tuple | None] | None = None
        self._reading_marks = None
        self._ranking: list[str] | None = None
        self._confirmed = 0

    def on_mount(self) -> None:
        text = self.app.text
        if self.app.library is not None and self.app.library.exists(text.id):
            self._signature = (text.id, file_signature(self.app.library.alignment_path(text.id)))

    def on_unmount(self) -> None:
        if self.editor is not None:
            self.editor.flush(timeout=30)  # the journal has every edit: this only spares the next run a replay

    def check_action(self, action: str, parameters) -> bool | None:
        if action in {binding.action for binding in self.BINDINGS}:
            return self.on
        return True

    # -- on and off ------------------------------------------------------------------------------

    def toggle(self) -> None:
        if self.on:
            self.action_leave_edit()
            return
        app = self.app
        if app.library is None or not app.library.exists(app.text.id):
            app.say("Only a text of the library can be edited (this one was opened from a file)")
            return
        if app._loading:
            app.say("The text is still loading: edit mode opens once all of it is read")
            return
        if self.editor is None or self.editor.text is not app.text:
            signature = self._signature[1] if self._signature and self._signature[0] == app.text.id else None
            try:
                self.editor = Editor.open(app.library, app.text, state=app.state, background=True,
                                          signature=signature)
            except ReaderError as exc:
                app.notify(str(exc), severity="error", timeout=8)
                return
            if self.editor.warning:
                app.notify(self.editor.warning, severity="warning", timeout=10)
                self.editor.warning = None
        self.on = True
        self._confirmed = review.confirmed_count(app.text.pairs)
        view = app.view
        self._reading_marks = view.marks
        view.marks = self._marks
        bar = app.query_one(KeyBar)
        self._ranking = bar.ranking
        bar.ranking = [*KEY_RANKING, *bar.ranking]
        view.refresh_marks()
        self.refresh_bindings()
        self._show_mode()
        app.say(f"Edit mode: x chooses the side ({LANGUAGE[self.side]} now), ? lists the keys, E leaves")

    def action_leave_edit(self) -> None:
        app = self.app
        self.on = False
        view = app.view
        if self._reading_marks is not None:
            view.marks = self._reading_marks
        if self._ranking is not None:
            app.query_one(KeyBar).ranking = self._ranking
        view.refresh_marks()
        self.refresh_bindings()
        app.query_one(TitleBar).mode = ""
        app.say("Reading (the edits are kept)" if self.editor and self.editor.journal.entries else "Reading")

    def _show_mode(self) -> None:
        total = len(self.app.text.pairs)
        side = "EN" if self.side == "en" else "中"
        self.app.query_one(TitleBar).mode = f" EDIT {side} · {self._confirmed:,} of {total:,} confirmed "

    # -- what edit mode draws --------------------------------------------------------------------

    def _marks(self, index: int):
        marks = dict(self._reading_marks(index)) if self._reading_marks is not None else {"en": [], "zh": []}
        pair = self.app.pairs[index]
        if pair.status != "auto":
            marks["gutter"] = (*marks.get("gutter", ()), pair.status)
        statuses = review.link_statuses(pair)
        for number, (en, zh, score) in enumerate(pair.links):
            if statuses[number] != "auto":
                continue
            shade = next((name for limit, name in SHADES if score < limit), None)
            if shade is None:
                continue
            marks["en"] = [*marks.get("en", ()), *((*pair.sentences_en[i], shade) for i in en)]
            marks["zh"] = [*marks.get("zh", ()), *((*pair.sentences_zh[j], shade) for j in zh)]
        return marks

    # -- making an edit --------------------------------------------------------------------------

    def _edit(self, make, keep_link: int | None = None) -> None:
        """Make the change `make()` builds; a one-line status if it cannot be made."""
        app = self.app
        if self.editor is None or self.editor.text is not app.text:
            self.on = False
            self.refresh_bindings()
            return
        try:
            change = self.editor.do(make())
        except ReaderError as exc:
            app.say(str(exc))
            return
        self._show(change, keep_link)
        said = f"{change.summary} · u: undo"
        app.say(said)
        if keep_link is not None:  # (after the lit link's own message)
            app.call_after_refresh(app.say, said)

    def _show(self, change, keep_link: int | None = None) -> None:
        """Show a change made on the text: the pairs it replaced, statuses, counts."""
        app = self.app
        text = app.text
        view = app.view
        for pair in change.before:
            self._confirmed -= pair.status == "confirmed"
        for pair in change.after:
            self._confirmed += pair.status == "confirmed"
        for first, last, before, after in change.reviews:
            self._confirmed += ((after[0] == "c") - (before[0] == "c")) * (last - first + 1)
        shown = app.pairs
        if shown is not text.pairs:  # the pairs as shown carry the footnote marks: set them again
            stop = change.start + len(change.before)
            marked = with_footnote_marks(Text(text.meta, list(change.after), text.footnotes))
            shown[change.start:stop] = marked
            for first, last, _, _ in change.reviews:
                for index in range(first, last + 1):
                    shown[index].status = text.pairs[index].status
                    shown[index].link_status = text.pairs[index].link_status
        app.terms.forget()
        app.word = None
        app.jumped = None
        app.matches = find_pairs(text.pairs, app.search_query) if app.search_query else []
        cursor = change.cursor if change.cursor is not None else view.cursor
        if change.before or change.after:
            view.splice(change.start, len(change.before), len(change.after), cursor)
        else:
            view.refresh_marks()
            if cursor != view.cursor:
                view.move_cursor(cursor)
        if keep_link is not None and view.cursor < len(shown) and keep_link < len(shown[view.cursor].links):
            view._light(view.cursor, keep_link)
        app._update_position()
        app._update_panel()
        self._show_mode()

    def _lit(self) -> int | None:
        return self.app.view.sentence

    def _index(self) -> int:
        return self.app.view.cursor

    # -- the edits -------------------------------------------------------------------------------

    def action_undo(self) -> None:
        self._step(undo=True)

    def action_redo(self) -> None:
        self._step(undo=False)

    def _step(self, undo: bool) -> None:
        if self.editor is None:
            return
        try:
            change = self.editor.undo() if undo else self.editor.redo()
        except ReaderError as exc:
            self.app.say(str(exc))
            return
        self._show(change)
        self.app.say(change.summary if undo else f"redo {change.summary}")

    def action_confirm(self) -> None:
        text, lit = self.app.text, self._lit()
        self._edit(lambda: review.confirm(text, self._index(), lit), keep_link=lit)

    def action_join(self) -> None:
        text, lit = self.app.text, self._lit()
        if lit is not None:
            self._edit(lambda: link_edits.merge_links(text, self._index(), lit), keep_link=lit)
        else:
            self._edit(lambda: ops.merge(text, self._index()))

    def action_split(self) -> None:
        text, lit = self.app.text, self._lit()
        if lit is not None:
            self._edit(lambda: link_edits.split_link(text, self._index(), lit), keep_link=lit)
        else:
            self._split_pair(None)

    def action_cut(self) -> None:
        self._split_pair(self._lit())

    def _split_pair(self, link: int | None) -> None:
        text = self.app.text

        def make():
            index = self._index()
            return ops.split(text, index, *ops.cut_points(text.pairs[index], link), self.editor.used_ids)

        self._edit(make)

    def action_switch_side(self) -> None:
        self.side = "en" if self.side == "zh" else "zh"
        self._show_mode()
        self.app.say(f"{{ }} ( ) O D now work on the {LANGUAGE[self.side]}")

    def action_shift_up(self) -> None:
        self._shift(upward=True)

    def action_pop_down(self) -> None:
        self._shift(upward=False)

    def _shift(self, upward: bool) -> None:
        text, lit, side = self.app.text, self._lit(), self.side
        if lit is not None:
            target = lit - 1 if upward else lit + 1
            self._edit(lambda: link_edits.shift_link(text, self._index(), lit, side, upward),
                       keep_link=max(target, 0))
        elif upward:
            self._edit(lambda: ops.shift_up(text, self._index(), side))
        else:
            self._edit(lambda: ops.pop_down(text, self._index(), side))

    def action_side_up(self) -> None:
        text, side = self.app.text, self.side
        self._edit(lambda: ops.move_side(text, self._index(), side, upward=True))

    def action_side_down(self) -> None:
        text, side = self.app.text, self.side
        self._edit(lambda: ops.move_side(text, self._index(), side, upward=False))

    def action_open_gap(self) -> None:
        text, side = self.app.text, self.side
        self._edit(lambda: ops.open_gap(text, self._index(), side, self.editor.used_ids))

    def action_close_gap(self) -> None:
        text, side = self.app.text, self.side
        self._edit(lambda: ops.close_gap(text, self._index(), side))

    def action_realign(self) -> None:
        from .dialogs import PromptScreen

        number = self._index() + 1
        self.app.push_screen(
            PromptScreen("Realign the sentence links of pairs", str(number), placeholder="3-9",
                         hint="a pair number or a range (3-9) · Enter: realign · Esc: cancel"),
            self._realign)

    def _realign(self, spec: str | None) -> None:
        if not spec or not spec.strip():
            return
        from ..formats.export import pair_range

        text = self.app.text

        def make():
            start, stop = pair_range(spec.strip(), len(text.pairs))
            return link_edits.realign(text, start, stop)

        self._edit(make)

    # -- what to check next ------------------------------------------------------------------------

    def action_next_doubtful(self) -> None:
        found = review.next_doubtful(self.app.text, self._index(), self._lit())
        if found is None:
            self.app.say("No doubtful link after this one (unchecked, scored under 0.1)")
            return
        self.app.view._light(*found)

    def action_next_uneven(self) -> None:
        found = review.next_not_one_to_one(self.app.text, self._index(), self._lit())
        if found is None:
            self.app.say("Every pair and link after this one is 1-1")
            return
        index, link = found
        view = self.app.view
        if link is None:
            view.clear_sentence()
            view.move_cursor(index)
            pair = self.app.text.pairs[index]
            what = "has an empty side" if not pair.en or not pair.zh else "joins several paragraphs"
            self.app.say(f"{pair.id} {what}")
        else:
            view._light(index, link)

    def action_next_unconfirmed(self) -> None:
        found = review.next_unconfirmed(self.app.text, self._index())
        if found is None:
            self.app.say("Every pair after this one is confirmed")
            return
        self.app.view.clear_sentence()
        self.app.view.move_cursor(found)
        self.app.say(f"{self.app.text.pairs[found].id}: not confirmed yet · y confirms it")
