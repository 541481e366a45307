"""The reader's study modes: hide one side and reveal pair by pair, translate and compare,
and the summary of the attempts. Mixed into the app, whose state it uses."""

from __future__ import annotations

from ..core.errors import ReaderError
from ..core.study import AttemptLog, attempt, summarise
from ..core.userstate import default_state_path
from .study import LANGUAGE, ResultScreen, TranslateScreen, result_text, summary_table


class StudyActions:
    """Needs from the app: text, pairs, view, terms, state."""

    def action_hide(self) -> None:
        view = self.view
        if view.single:
            self.notify("This text has one language: nothing to hide", timeout=2)
            return
        view.hidden = None if view.hidden else view.order[1]
        view.revealed.clear()
        view.refresh_marks()
        if view.hidden:
            self.notify(f"{LANGUAGE[view.hidden]} hidden: space reveals the current pair, h shows all", timeout=3)

    def action_reveal(self) -> None:
        view = self.view
        if not view.hidden:
            return
        view.revealed ^= {view.cursor}
        view.refresh_marks()

    def _attempt_log(self) -> AttemptLog:
        folder = self.state.path.parent if self.state is not None else default_state_path().parent
        return AttemptLog(folder, self.text.id)

    def action_translate(self) -> None:
        if not self.pairs:
            return
        view = self.view
        pair = self.pairs[view.cursor]
        original = self.text.pairs[view.cursor]
        target = view.hidden or view.order[1]
        source = "zh" if target == "en" else "en"
        if not original.side(target) or not original.side(source):
            self.notify(f"{pair.id} has no {LANGUAGE[target]} reference to compare with", timeout=3)
            return
        self.push_screen(
            TranslateScreen(pair.id, original.side(source), target),
            lambda translation: self._translated(view.cursor, target, translation),
        )

    def _translated(self, index: int, target: str, translation: str | None) -> None:
        if translation is None:
            return
        pair = self.text.pairs[index]
        item = attempt(self.text.id, pair, translation, target, self.terms.matcher)
        try:
            self._attempt_log().add(item)
        except ReaderError as exc:
            self.notify(f"attempt not saved: {exc}", severity="warning", timeout=6)
        self.view.revealed.add(index)
        self.view.refresh_marks()
        english = {entry.zh: entry.en for entry in self.terms.entries}
        source = pair.side("zh" if target == "en" else "en")
        self.push_screen(ResultScreen(f"{pair.id}: your translation and the reference",
                                      result_text(item, source, pair.side(target), english)))

    def action_study_summary(self) -> None:
        attempts, warning = self._attempt_log().load()
        if warning:
            self.notify(warning, severity="warning", timeout=8)
        summary = summarise(attempts)
        self.push_screen(ResultScreen(f"Practice on {self.text.id}", summary_table(summary, len(self.text.pairs))))
