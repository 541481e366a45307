"""The pieces an alignment edit moves: one side of a pair as text with its sentences, and
the sentence links of a pair as editable beads.

A side is cut only at the start of a sentence; the white space at a cut becomes the pair
boundary, and joining two sides puts the language's glue between them (a space between
English sentences, nothing between Chinese ones). Nothing else is ever added or dropped,
so every other character of a side survives any sequence of cuts and joins in order.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Pair, Span
from ..pairlinks import sentence_spans

GLUE = {"en": " ", "zh": ""}
HAND_SCORE = 1.0  # the score of a link a person made (as InterText's hand-made links)


@dataclass(frozen=True, slots=True)
class Side:
    """A side of a pair: its text and where each of its sentences stands in it."""

    text: str
    spans: tuple[Span, ...]

    @classmethod
    def of(cls, pair: Pair, lang: str) -> "Side":
        """The side with its stored sentences, or (none stored) as the splitter finds them."""
        text = pair.side(lang)
        spans = pair.sentences_en if lang == "en" else pair.sentences_zh
        if not spans and text.strip():
            spans = sentence_spans(text, lang)
        return cls(text, tuple(spans))

    @property
    def count(self) -> int:
        return len(self.spans)

    def cut(self, k: int) -> tuple["Side", "Side", "OffsetMap"]:
        """The first `k` sentences and the rest, and where each character offset of this
        side goes (0: the first piece, 1: the rest)."""
        if k <= 0:
            cut = 0
        elif k >= len(self.spans):
            cut = len(self.text)
        else:
            cut = self.spans[k][0]
        piece = self.text[:cut]
        lead = len(piece) - len(piece.lstrip())
        piece = piece.strip()
        rest = self.text[cut:]
        first = Side(piece, tuple((s - lead, e - lead) for s, e in self.spans[:k]))
        second = Side(rest, tuple((s - cut, e - cut) for s, e in self.spans[k:]))
        return first, second, OffsetMap(cut, lead, len(piece), bool(piece), bool(rest.strip()))

    def join(self, other: "Side", lang: str) -> tuple["Side", int]:
        """This side followed by `other`, and where `other` starts in the result."""
        if not other.text:
            return self, len(self.text)
        if not self.text:
            return other, 0
        at = len(self.text) + len(GLUE[lang])
        spans = self.spans + tuple((s + at, e + at) for s, e in other.spans)
        return Side(self.text + GLUE[lang] + other.text, spans), at


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Where a footnote mark at an offset of a cut side goes: (piece, offset in it)."""

    cut: int
    lead: int
    first_length: int
    first_kept: bool
    rest_kept: bool

    def __call__(self, offset: int) -> tuple[int, int]:
        if (offset <= self.cut and self.first_kept) or not self.rest_kept:
            return 0, max(0, min(offset - self.lead, self.first_length))
        return 1, max(offset - self.cut, 0)


# -- sentence links as editable beads ---------------------------------------------------

Bead = list  # [en indices, zh indices, score, status]


def beads_of(pair: Pair, en: Side | None = None, zh: Side | None = None) -> list[Bead]:
    """The pair's links with their statuses. A pair without links that must take part in
    a linked pair gets one link over all its sentences (a person's: score 1.0, edited)."""
    statuses = pair.link_status or ("auto",) * len(pair.links)
    if pair.links:
        return [[list(e), list(z), score, status] for (e, z, score), status in zip(pair.links, statuses)]
    en = en or Side.of(pair, "en")
    zh = zh or Side.of(pair, "zh")
    if not en.count and not zh.count:
        return []
    return [[list(range(en.count)), list(range(zh.count)), HAND_SCORE, "edited"]]


def shifted(beads: list[Bead], en_by: int, zh_by: int) -> list[Bead]:
    return [[[i + en_by for i in e], [j + zh_by for j in z], score, status] for e, z, score, status in beads]


def dropping_empty(beads: list[Bead]) -> list[Bead]:
    return [bead for bead in beads if bead[0] or bead[1]]


def side_index(lang: str) -> int:
    return 0 if lang == "en" else 1


def rebuilt(pair: Pair, *, en: Side, zh: Side, beads: list[Bead] | None, keep_sentences: bool,
            src_en=None, src_zh=None, pair_id: str | None = None, status: str = "edited") -> Pair:
    """A pair with new sides (and links, statuses), its other fields kept."""
    beads = dropping_empty(beads) if beads else []
    links = tuple((tuple(e), tuple(z), float(score)) for e, z, score, _ in beads)
    link_status = tuple(status_ for *_, status_ in beads)
    if all(item == "auto" for item in link_status):
        link_status = ()
    keep = keep_sentences or bool(links)
    return Pair(
        pair_id or pair.id, pair.kind, en.text, zh.text,
        tuple(src_en if src_en is not None else pair.src_en) if en.text else (),
        tuple(src_zh if src_zh is not None else pair.src_zh) if zh.text else (),
        pair.level,
        en.spans if keep else (), zh.spans if keep else (),
        links, status, link_status,
    )


def joined_spans(first, second) -> tuple[Span, ...]:
    """Provenance of a side joined from two: both pieces' source lines, a span that the
    second repeats (two halves of one paragraph) given once."""
    spans = list(first)
    for span in second:
        if not spans or spans[-1] != tuple(span):
            spans.append(tuple(span))
    return tuple(spans)


def stores_sentences(*pairs: Pair) -> bool:
    return any(pair.sentences_en or pair.sentences_zh or pair.links for pair in pairs)
