"""The library's vocabulary: a text is metadata plus a sequence of aligned pairs."""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("title", "byline", "heading", "body", "note")
LANGUAGES = ("en", "zh")
# Review status of a pair or a sentence link: made by an aligner or an importer, checked
# by a person, or changed by a person (reader.core.editing).
STATUSES = ("auto", "confirmed", "edited")

# A provenance span: first and last line (1-based, inclusive) of the source file; or, for
# sentences, the start and end (exclusive) of a sentence in a pair's side.
Span = tuple[int, int]
# A sentence link (a bead): English sentence indices, Chinese sentence indices, score.
Link = tuple[tuple[int, ...], tuple[int, ...], float]


@dataclass(slots=True)
class Pair:
    """One bead of the paragraph alignment: an English side and a Chinese side.

    Either side may be empty (untranslated or monolingual text). `src_en` and `src_zh`
    say which lines of the verbatim source each side came from; several spans on one side
    mean the pair joins several source paragraphs (a many-to-many link).
    """

    id: str
    kind: str
    en: str
    zh: str
    src_en: tuple[Span, ...] = ()
    src_zh: tuple[Span, ...] = ()
    level: int = 0  # headings: 1 for a section, 2 for a sub-section
    # Sentence alignment inside the pair: each side's sentences as character spans, and the
    # links between them (English sentence indices, Chinese sentence indices, score).
    sentences_en: tuple[Span, ...] = ()
    sentences_zh: tuple[Span, ...] = ()
    links: tuple[Link, ...] = ()
    status: str = "auto"
    # One status per link, or () when every link is "auto".
    link_status: tuple[str, ...] = ()

    def side(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


def aligned_span(pair: Pair, lang: str, span: tuple[int, int]) -> tuple[int, int] | None:
    """The part of the other side aligned with `span` of side `lang`: the sentences that
    the sentence links give for the sentence(s) holding it, or None when the pair has no
    links or the other side no sentences there."""
    own, other = (pair.sentences_en, pair.sentences_zh) if lang == "en" else (pair.sentences_zh, pair.sentences_en)
    if not pair.links or not own:
        return None
    start, end = span
    mine = {n for n, (s, e) in enumerate(own) if s < end and start < e}
    wanted = sorted({t for en, zh, _ in pair.links
                     for t in (zh if lang == "en" else en)
                     if mine & set(en if lang == "en" else zh)})
    if not wanted:
        return None
    return other[wanted[0]][0], other[wanted[-1]][1]


@dataclass(slots=True)
class Footnote:
    """A numbered note of the source, and where its reference mark stands: in pair
    `pair`, at character `offset` of the side `lang` (the mark follows that character)."""

    n: int
    text: str
    pair: str
    offset: int
    lang: str = "en"


@dataclass(slots=True)
class TextMeta:
    """What is known about a text besides its pairs."""

    id: str
    title: dict[str, str] = field(default_factory=dict)
    author: dict[str, str] = field(default_factory=dict)
    source: str = ""
    editor: str = ""
    published: str = ""
    languages: tuple[str, ...] = ("en", "zh")
    source_file: str = ""
    import_format: str = ""

    def display_title(self) -> str:
        return self.title.get("en") or self.title.get("zh") or self.id


@dataclass(slots=True)
class Text:
    meta: TextMeta
    pairs: list[Pair]
    footnotes: list[Footnote] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.meta.id
