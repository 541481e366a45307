"""Sentence links inside paragraph pairs: each side split into sentences (as character
spans of the side), and the sentences aligned by the aligner, each link with its score."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from .model import Pair, Span
from .sentences import split

DOUBTFUL = 0.1  # a link scoring below this is shown as doubtful


def sentence_spans(text: str, lang: str) -> tuple[Span, ...]:
    """Where each sentence of `text` stands in it (the splitter returns sentences with
    white space normalised, so they are found again by their other characters)."""
    if not text.strip():
        return ()
    positions = [i for i, char in enumerate(text) if not char.isspace()]
    spans, cursor = [], 0
    for sentence in split(text, lang):
        count = sum(1 for char in sentence if not char.isspace())
        if not count:
            continue
        start, end = positions[cursor], positions[cursor + count - 1] + 1
        spans.append((start, end))
        cursor += count
    return tuple(spans)


def join_sentences(sentences: list[str], glue: str) -> tuple[str, tuple[Span, ...]]:
    """Sentences joined into one side of a pair (English with spaces, Chinese without),
    and where each of them stands in it."""
    spans, text = [], ""
    for sentence in sentences:
        if text:
            text += glue
        spans.append((len(text), len(text) + len(sentence)))
        text += sentence
    return text, tuple(spans)


@lru_cache(maxsize=1)
def _aligner():
    from .aligner import Aligner

    return Aligner()


def link_summary(pairs, aligner=None) -> list[str]:
    """What an import's report says of its sentence links: how many, how their scores
    spread, and the signature of the aligner that made them ([] when there are none)."""
    scores = sorted(score for pair in pairs for _, _, score in (pair.links or ()))
    if not scores:
        return []

    def at(share: float) -> float:
        return scores[min(len(scores) - 1, int(share * len(scores)))]

    doubtful = sum(score < DOUBTFUL for score in scores)
    return [f"sentence links: {len(scores)}, scores from {scores[0]:.2f} to {scores[-1]:.2f} "
            f"(quartiles {at(0.25):.2f} / {at(0.5):.2f} / {at(0.75):.2f}), {doubtful} under {DOUBTFUL} (doubtful)",
            f"aligner: {(aligner or _aligner()).signature()}"]


def link_sentences(pair: Pair, aligner=None) -> Pair:
    """The pair with its sentences and their links (a pair with an empty side is
    returned as it is)."""
    if not pair.en.strip() or not pair.zh.strip():
        return pair
    en, zh = sentence_spans(pair.en, "en"), sentence_spans(pair.zh, "zh")
    if len(en) == 1 and len(zh) == 1:
        links = (((0,), (0,), 1.0),)
    else:
        beads = (aligner or _aligner()).align([pair.en[s:e] for s, e in en], [pair.zh[s:e] for s, e in zh])
        links = tuple((tuple(b.en), tuple(b.zh), round(b.score, 3)) for b in beads)
    return replace(pair, sentences_en=en, sentences_zh=zh, links=links)
