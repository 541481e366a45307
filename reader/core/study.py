"""Translation practice: score a student's translation of a pair against the reference,
note which glossary terms it used or missed, and keep the attempts per text.

The score is chrF++ (sacrebleu: character n-grams up to 6 and word n-grams up to 2).
When the target is Chinese, both sides first go through sacrebleu's Chinese tokeniser,
which sets every Chinese character apart, so the word n-grams are character n-grams, as
Chinese text has no spaces to tell words by. Before that, both sides are put in one
form of punctuation (`normalise`): a student types "，" where the bundled Chinese keeps
the ASCII comma of its source, or "'" for "’", and neither is a translation error.
"""

from __future__ import annotations

import re
import time
import unicodedata
from dataclasses import asdict, dataclass, field, replace

from .errors import ReaderError
from .matching import TermMatcher
from .model import Pair
from .userstate import UserState


@dataclass
class Attempt:
    text_id: str
    pair_id: str
    target: str  # the language translated into: "en" or "zh"
    translation: str
    score: float
    used: list[str] = field(default_factory=list)  # glossary terms (zh) rendered
    missed: list[str] = field(default_factory=list)  # glossary terms (zh) not rendered
    when: float = 0.0


# What NFKC leaves alone: Chinese punctuation without a compatibility form, and the
# typographic quotes and dashes of English, each to the ASCII a keyboard gives.
_PUNCTUATION = str.maketrans({
    "。": ".", "、": ",", "｡": ".", "､": ",",
    "“": '"', "”": '"', "„": '"', "「": '"', "」": '"', "『": '"', "』": '"', "《": '"', "》": '"',
    "〈": '"', "〉": '"', "‘": "'", "’": "'", "‚": "'",
    "【": "[", "】": "]", "〔": "[", "〕": "]", "〖": "[", "〗": "]",
    "—": "-", "–": "-", "―": "-", "‐": "-", "‑": "-", "・": "·",
})
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """A text with its punctuation in one form, so that full-width and ASCII punctuation
    (，and , 。and . “” and "), curly and straight quotes, and dashes compare alike:
    NFKC (which also folds full-width letters and digits and the ideographic space),
    then the marks NFKC keeps; runs of white space become one space."""
    text = unicodedata.normalize("NFKC", text).translate(_PUNCTUATION)
    return _SPACES.sub(" ", text).strip()


def score(translation: str, reference: str, target: str) -> float:
    """chrF++ of a translation against the reference, 0-100, punctuation normalised."""
    from sacrebleu.metrics import CHRF

    translation, reference = normalise(translation), normalise(reference)
    if target == "zh":
        from sacrebleu.tokenizers.tokenizer_zh import TokenizerZh

        tokenize = TokenizerZh()
        translation, reference = tokenize(translation), tokenize(reference)
    return CHRF(word_order=2).sentence_score(translation, [reference]).score


def terms_check(pair: Pair, translation: str, target: str, matcher: TermMatcher) -> tuple[list[str], list[str]]:
    """The glossary terms that occur on the pair's source side, split into those the
    translation renders (any rendering, inflection and case aside) and those it misses:
    the verdict `reader glossary check` gives the reference translation."""
    source = "zh" if target == "en" else "en"
    wanted = matcher.occurring(pair.side(source), source)
    found = matcher.present(translation, target)
    used = [matcher.entries[entry].zh for entry in wanted if entry in found]
    missed = [matcher.entries[entry].zh for entry in wanted if entry not in found]
    return used, missed


def rechecked(attempts: list[Attempt], pairs: list[Pair], matcher: TermMatcher) -> list[Attempt]:
    """The attempts with their terms checked again by today's matcher and glossary, so a
    summary never counts a miss that the glossary or the rules have since ruled out
    (attempts on pairs no longer in the text keep what was recorded)."""
    by_id = {pair.id: pair for pair in pairs}
    checked = []
    for item in attempts:
        pair = by_id.get(item.pair_id)
        if pair is not None:
            used, missed = terms_check(pair, item.translation, item.target, matcher)
            item = replace(item, used=used, missed=missed)
        checked.append(item)
    return checked


def attempt(text_id: str, pair: Pair, translation: str, target: str, matcher: TermMatcher) -> Attempt:
    used, missed = terms_check(pair, translation, target, matcher)
    reference = pair.side(target)
    return Attempt(text_id, pair.id, target, translation, round(score(translation, reference, target), 1),
                   used, missed, time.time())


@dataclass
class Summary:
    pairs_done: int
    attempts: int
    average: float  # of each pair's latest attempt
    missed_terms: dict[str, int]  # zh -> how many latest attempts missed it
    weakest: list[Attempt]  # latest attempts, lowest score first


def summarise(attempts: list[Attempt]) -> Summary:
    latest: dict[tuple[str, str], Attempt] = {}
    for item in attempts:
        latest[(item.pair_id, item.target)] = item
    missed: dict[str, int] = {}
    for item in latest.values():
        for zh in item.missed:
            missed[zh] = missed.get(zh, 0) + 1
    scores = [item.score for item in latest.values()]
    return Summary(
        pairs_done=len({pair for pair, _ in latest}),
        attempts=len(attempts),
        average=round(sum(scores) / len(scores), 1) if scores else 0.0,
        missed_terms=dict(sorted(missed.items(), key=lambda kv: (-kv[1], kv[0]))),
        weakest=sorted(latest.values(), key=lambda a: a.score),
    )


class AttemptLog:
    """The attempts on one text, kept in the reading state (one row each, so two readers
    practising at once never lose each other's attempts)."""

    def __init__(self, state: UserState, text_id: str) -> None:
        self.state = state
        self.text_id = text_id

    def load(self) -> tuple[list[Attempt], str | None]:
        """The attempts so far, oldest first, and a warning if they cannot be read."""
        try:
            return [Attempt(**record) for record in self.state.attempts(self.text_id)], None
        except ReaderError as exc:
            return [], f"{exc}; practice attempts not loaded"

    def add(self, item: Attempt) -> None:
        """Keep an attempt (at once; ReaderError if it cannot be written)."""
        self.state.add_attempt(asdict(item))
