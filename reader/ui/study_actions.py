"""The reader's study modes: hide one side and reveal pair by pair, translate and compare,
and the summary of the attempts. Mixed into the app, whose state it uses."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..core.errors import ReaderError
from ..core.model import Text
from ..core.study import AttemptLog, attempt, rechecked, summarise
from .dialogs import PromptScreen
from .study import LANGUAGE, ResultScreen, SummaryScreen, TranslateScreen, result_text, summary_table

PRACTICE_SCORE = 60  # a pair whose latest attempt scored below this goes into the practice deck


class StudyActions:
    """Needs from the app: text, pairs, view, terms, state, drafts, say()."""

    def action_hide(self) -> None:
        view = self.view
        if view.single:
            self.say("This text has one language: nothing to hide")
            return
        view.hidden = None if view.hidden else view.order[1]
        view.revealed.clear()
        view.refresh_marks()
        self.say(f"{LANGUAGE[view.hidden]} hidden: Space reveals the current pair, h shows all" if view.hidden
                 else "Both sides shown")

    def action_reveal(self) -> None:
        view = self.view
        if not view.hidden:
            self.say("Nothing is hidden: h hides a side, then Space reveals a pair")
            return
        view.revealed ^= {view.cursor}
        view.refresh_marks()

    def _attempt_log(self) -> AttemptLog:
        return AttemptLog(self.state, self.text.id)

    def action_translate(self) -> None:
        if not self.pairs:
            return
        view = self.view
        pair = self.pairs[view.cursor]
        original = self.text.pairs[view.cursor]
        target = view.hidden or view.order[1]
        source = "zh" if target == "en" else "en"
        if not original.side(target) or not original.side(source):
            self.say(f"{pair.id} has no {LANGUAGE[target]} reference to compare with")
            return
        self.push_screen(
            TranslateScreen(pair.id, original.side(source), target, self.drafts),
            lambda translation: self._translated(view.cursor, target, translation),
        )

    def _translated(self, index: int, target: str, translation: str | None) -> None:
        if translation is None:
            return
        pair = self.text.pairs[index]
        self.drafts.pop(pair.id, None)
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
        summary = summarise(rechecked(attempts, self.text.pairs, self.terms.matcher))
        self.push_screen(SummaryScreen(f"Practice on {self.text.id}", summary_table(summary, len(self.text.pairs))),
                         lambda answer: self._practice_deck(summary) if answer == "anki" else None)

    def _practice_deck(self, summary) -> None:
        """An Anki deck of the pairs to practise again (low scores or missed terms) and
        the glossary terms missed."""
        weak = {a.pair_id for a in summary.weakest if a.score < PRACTICE_SCORE or a.missed}
        if not weak and not summary.missed_terms:
            self.say("Nothing to practise again: no weak pairs, no missed terms")
            return
        if self.is_web:  # served: the deck goes to the user's browser, not onto the server
            self._write_practice_deck(None, weak, set(summary.missed_terms))
            return
        self.push_screen(
            PromptScreen("Write the practice deck to", str(Path.cwd() / f"{self.text.id}-practice.apkg")),
            lambda path: self._write_practice_deck(path, weak, set(summary.missed_terms)) if path else None,
        )

    def _write_practice_deck(self, path: str | None, weak: set[str], missed: set[str]) -> None:
        meta = replace(self.text.meta, id=f"{self.text.id}-practice",
                       title={"en": f"{self.text.meta.display_title()} (practice)"})
        pairs = [pair for pair in self.text.pairs if pair.id in weak]
        matcher = self.terms.matcher
        text = Text(meta, pairs or [p for p in self.text.pairs
                                    if missed & {matcher.entries[i].zh for i in matcher.occurring(p.zh, "zh")}])
        entries = [entry for entry in self.terms.entries if entry.zh in missed]
        self._run_export(text, "anki", path, glossary=entries)
