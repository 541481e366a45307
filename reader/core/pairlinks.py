"""Sentence links inside paragraph pairs: each side split into sentences (as character
spans of the side), and the sentences aligned by the aligner, each link with its score."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import chain

from .model import Pair, Span
from .sentences import split

DOUBTFUL = 0.1  # a link scoring below this is shown as doubtful


def sentence_spans(text: str, lang: str) -> tuple[Span, ...]:
    """Where each sentence of `text` stands in it (the splitter returns sentences with
    white space normalised, so they are found again by their other characters)."""
    if not text.strip():
        return ()
    sentences = split(text, lang)
    spans, cursor = [], 0
    for sentence in sentences:  # most texts are already normalised: found as they are
        at = text.find(sentence, cursor) if sentence else -1
        if at < 0 or (at > cursor and not text[cursor:at].isspace()):
            return _spans_by_characters(text, sentences)
        spans.append((at, at + len(sentence)))
        cursor = at + len(sentence)
    return tuple(spans)


def _spans_by_characters(text: str, sentences: list[str]) -> tuple[Span, ...]:
    positions = [i for i, char in enumerate(text) if not char.isspace()]
    spans, cursor = [], 0
    for sentence in sentences:
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


@dataclass(frozen=True, slots=True)
class Grouped:
    """A group of consecutive beads made into a pair's sides: the sentence numbers of
    each side, its text and where each sentence stands in it, and the beads as the pair's
    links (its own sentence indices, the score)."""

    en_ids: list[int]
    zh_ids: list[int]
    en: str
    zh: str
    sentences_en: tuple[Span, ...]
    sentences_zh: tuple[Span, ...]
    links: tuple


def group_beads(group, en: list[str], zh: list[str]) -> Grouped:
    """The sides and links of a pair made of `group` (beads with .en, .zh, .score) over
    the texts' sentences `en` and `zh`."""
    en_ids = [i for bead in group for i in bead.en]
    zh_ids = [j for bead in group for j in bead.zh]
    en_side, en_spans = join_sentences([en[i] for i in en_ids], " ")
    zh_side, zh_spans = join_sentences([zh[j] for j in zh_ids], "")
    en_local = {i: k for k, i in enumerate(en_ids)}
    zh_local = {j: k for k, j in enumerate(zh_ids)}
    links = tuple((tuple(en_local[i] for i in bead.en), tuple(zh_local[j] for j in bead.zh),
                   round(bead.score, 3)) for bead in group)
    return Grouped(en_ids, zh_ids, en_side, zh_side, en_spans, zh_spans, links)


@lru_cache(maxsize=1)
def _aligner():
    from .aligner import Aligner

    return Aligner()


def link_summary(pairs, aligner=None) -> list[str]:
    """What an import's report says of its sentence links: how many, how their scores
    spread, and the signature of the aligner that made them ([] when there are none)."""
    return scores_summary([score for pair in pairs for _, _, score in (pair.links or ())], aligner)


def scores_summary(scores, aligner=None) -> list[str]:
    """link_summary of the links' scores (a text's pairs not at hand: read as a stream)."""
    scores = sorted(scores)
    if not scores:
        return []

    def at(share: float) -> float:
        return scores[min(len(scores) - 1, int(share * len(scores)))]

    doubtful = sum(score < DOUBTFUL for score in scores)
    return [f"sentence links: {len(scores)}, scores from {scores[0]:.2f} to {scores[-1]:.2f} "
            f"(quartiles {at(0.25):.2f} / {at(0.5):.2f} / {at(0.75):.2f}), {doubtful} under {DOUBTFUL} (doubtful)",
            f"aligner: {(aligner or _aligner()).signature()}"]


BATCH = 2000  # pairs linked together (reader.core.pairalign): ~40 MiB of working memory


def link_all(pairs, aligner=None, kinds=("body", "note"), beside: bool = False):
    """Each pair of `kinds` with its sentences and their links (as link_sentences gives
    them), the small pairs' links found together (reader.core.pairalign: the same links
    in much less time); others as they are. Yields the pairs in order, a batch at a time.
    `beside`: a worker process links every other batch (see `_linked_beside`)."""
    batches = _batches(pairs)
    if beside:
        first, second = next(batches, None), next(batches, None)
        if second is not None and _may_fork():  # two batches or more: worth a worker
            yield from _linked_beside(chain([first, second], batches), aligner or _aligner(), kinds)
            return
        batches = chain([batch for batch in (first, second) if batch is not None], batches)
    for batch in batches:
        yield from _link_batch(batch, aligner, kinds)


def _batches(pairs):
    batch: list = []
    for pair in pairs:
        batch.append(pair)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


_WORKER_LINKING = None  # (aligner, kinds) a worker process links with (inherited through fork)


def _may_fork() -> bool:
    """Whether a worker may be forked: two cores or more, and `workers.can_fork`."""
    from .workers import can_fork

    return (os.cpu_count() or 1) >= 2 and can_fork()


def _linked_beside(batches, aligner, kinds):
    """link_all's batches, every other one linked by a worker process (forked: it has
    the aligner loaded) while this one links the next: the same links (the same code on
    the same batches), in about half the time on two cores. One batch is away at a time,
    so that memory stays what two batches need."""
    from .workers import forked_pool

    global _WORKER_LINKING
    _WORKER_LINKING = aligner, kinds
    try:
        with forked_pool(1) as pool:
            away = pool.apply_async(_link_in_worker, (next(batches),))
            while away is not None:
                here = next(batches, None)
                linked_here = _link_batch(here, aligner, kinds) if here is not None else []
                linked_away = away.get()
                following = next(batches, None)
                away = pool.apply_async(_link_in_worker, (following,)) if following is not None else None
                yield from linked_away
                yield from linked_here
                if here is None:
                    break
    finally:
        _WORKER_LINKING = None


def _link_in_worker(batch):
    aligner, kinds = _WORKER_LINKING
    return _link_batch(batch, aligner, kinds)


def _link_batch(pairs, aligner, kinds):
    sides, todo = [], []
    out = list(pairs)
    for number, pair in enumerate(pairs):
        if pair.kind not in kinds or not pair.en.strip() or not pair.zh.strip():
            continue
        en, zh = sentence_spans(pair.en, "en"), sentence_spans(pair.zh, "zh")
        if len(en) == 1 and len(zh) == 1:
            out[number] = replace(pair, sentences_en=en, sentences_zh=zh, links=(((0,), (0,), 1.0),))
            continue
        todo.append((number, en, zh))
        sides.append(([pair.en[s:e] for s, e in en], [pair.zh[s:e] for s, e in zh]))
    if todo:
        from .pairalign import align_pairs

        shared: dict[tuple, tuple] = {}  # a link's sentence numbers, one tuple for all alike (memory)
        for (number, en, zh), beads in zip(todo, align_pairs(sides, aligner or _aligner())):
            links = tuple((shared.setdefault(tuple(b.en), tuple(b.en)), shared.setdefault(tuple(b.zh), tuple(b.zh)),
                           round(b.score, 3)) for b in beads)
            out[number] = replace(pairs[number], sentences_en=en, sentences_zh=zh, links=links)
    return out


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
