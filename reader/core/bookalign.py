"""Two Documents aligned at book scale: chapters, then paragraphs, then sentences.

1. Chapters are matched first, by a monotone dynamic programme over the two chapter
   lists (reader.core.document) that may leave a chapter on one side only. Two chapters
   score by their numbering ("Chapter 3", "III", "3." and "第三章" all say 3), by their
   lengths (each chapter's share of its book, in characters) and by their titles where both are given in the same script
   (numbers and capitalised words in common). A chapter matched with nothing is kept, with
   an empty other side.
2. Within each chapter pair, paragraphs and sentences are aligned by the Aligner
   (reader.core.aligner) in one call per chapter, the paragraphs as anchors: where the
   paragraph counts agree, paragraph k goes with paragraph k and the sentences within
   them are aligned; where they differ, the chapter's sentences are aligned as a whole
   (the Aligner's banded search stays linear in the chapter's length). The work is thus
   linear in the book: each sentence is seen by one chapter's alignment.
3. Subtitles (blocks with start and end times on both sides) align by time first: cues
   whose times overlap are joined into one bead (the connected runs of overlapping cues,
   in time order), a cue overlapping nothing is a bead of its own side; the bead's score
   is the share of its time both sides cover. Text comes second: where the two files'
   times do not overlap at all (a shifted or re-timed file), the cues are aligned by text,
   as paragraphs.

Nothing here knows of files or of the terminal. `progress(done, total, label)` is called
after each chapter pair; `cancel` (a threading.Event or anything with `is_set()`) is
checked between chapters and raises `Cancelled`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .aligner import AlignedBead
from .document import Block, Chapter, Document
from .sentences import split

SKIP_CHAPTER = -1.0  # the score of a chapter left on one side only
NUMBER_SAME = 3.0
NUMBER_DIFFERENT = -3.0
LENGTH_WEIGHT = 2.0


class Cancelled(Exception):
    """The caller's `cancel` was set: the alignment stopped between two chapters."""


@dataclass(slots=True)
class ChapterMatch:
    en: int | None  # index into the English document's chapters, None: none
    zh: int | None
    score: float
    how: str  # "number", "title", "length", "time", "one side only"


@dataclass
class ChapterAlignment:
    """One chapter pair aligned: each side's sentences with the block each comes from,
    and the beads over them (indices into those sentence lists)."""

    match: ChapterMatch
    en_sentences: list[str] = field(default_factory=list)
    en_blocks: list[int] = field(default_factory=list)  # each sentence's block in its chapter
    zh_sentences: list[str] = field(default_factory=list)
    zh_blocks: list[int] = field(default_factory=list)
    beads: list[AlignedBead] = field(default_factory=list)
    how: str = ""  # "paragraph by paragraph", "whole chapter", "by time", "one side only"


# ---- chapter numbers ---------------------------------------------------------------

_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
_WORDS = {w: n for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
_EN_NUMBER = re.compile(
    r"^\s*(?:(?:chapter|book|part|section|canto|letter|act|scene|chap\.|ch\.)\s+)?"
    r"(\d{1,4}|[ivxlcdm]{1,7}|" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")\b[\s.:)\-—–]*",
    re.IGNORECASE)
_ZH_NUMBER = re.compile(r"^\s*第?\s*([0-9０-９]{1,4}|[零〇一二两兩三四五六七八九十百千]{1,8})\s*[章回节節卷部篇幕集]")
_LEADING = re.compile(r"^\s*([0-9０-９]{1,4})\s*[.、:：)\s]")


def _zh_number(text: str) -> int | None:
    if text.translate(str.maketrans("０１２３４５６７８９", "0123456789")).isdigit():
        return int(text.translate(str.maketrans("０１２３４５６７８９", "0123456789")))
    total, digit = 0, None
    for char in text:
        if char in _ZH_DIGITS:
            digit = _ZH_DIGITS[char]
        elif char in _ZH_UNITS:
            total += (1 if digit is None else digit) * _ZH_UNITS[char]
            digit = None
        else:
            return None
    return total + (digit or 0)


def _roman(text: str) -> int | None:
    values = [_ROMAN[c] for c in text.lower()]
    total = sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    return total if total > 0 else None


def chapter_number(title: str) -> int | None:
    """The number a chapter title gives itself ("Chapter 3", "III.", "第三章", "3、"), or None."""
    if not title:
        return None
    found = _ZH_NUMBER.match(title)
    if found:
        return _zh_number(found.group(1))
    found = _EN_NUMBER.match(title)
    if found:
        word = found.group(1).lower()
        if word.isdigit():
            return int(word)
        if word in _WORDS:
            return _WORDS[word]
        if re.fullmatch(r"[ivxlcdm]+", word):
            # a roman numeral after a keyword, or standing alone ("IV.", "IV"): not the
            # English word "I" nor "Mix" (the pattern ends at a word boundary)
            rest = title[found.end(1):].strip()
            if re.match(r"\s*(?:chapter|book|part|section|canto|letter|act|scene|chap\.|ch\.)\s", title, re.I) \
                    or not rest or title[found.end(1):found.end(1) + 1] in ".:)-—–":
                return _roman(word)
            return None
    found = _LEADING.match(title)
    if found:
        return _zh_number(found.group(1))
    return None


def _title_words(title: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z][a-z]{2,}|\d+", title)}


def _chapter_chars(chapter: Chapter) -> int:
    return sum(len(block.text) - block.text.count(" ") for block in chapter.blocks)


def _chapter_title(chapter: Chapter) -> str:
    if chapter.title:
        return chapter.title
    for block in chapter.blocks[:1]:
        if block.kind == "heading":
            return block.text
    return ""


def match_chapters(en: Document, zh: Document) -> list[ChapterMatch]:
    """The chapters of the two documents matched in order (see the module): every chapter
    of each side appears once, with its counterpart or with None."""
    n, m = len(en.chapters), len(zh.chapters)
    en_len = [_chapter_chars(c) for c in en.chapters]
    zh_len = [_chapter_chars(c) for c in zh.chapters]
    en_total, zh_total = max(1, sum(en_len)), max(1, sum(zh_len))
    en_share = [x / en_total for x in en_len]
    zh_share = [x / zh_total for x in zh_len]
    en_titles = [_chapter_title(c) for c in en.chapters]
    zh_titles = [_chapter_title(c) for c in zh.chapters]
    en_num = [chapter_number(t) for t in en_titles]
    zh_num = [chapter_number(t) for t in zh_titles]
    en_words = [_title_words(t) for t in en_titles]
    zh_words = [_title_words(t) for t in zh_titles]

    def score(i: int, j: int) -> tuple[float, str]:
        how = "length"
        value = 1.0
        a, b = en_share[i], zh_share[j]
        value -= LENGTH_WEIGHT * abs(math.log((a + 0.002) / (b + 0.002)))
        if en_num[i] is not None and zh_num[j] is not None:
            if en_num[i] == zh_num[j]:
                value += NUMBER_SAME
                how = "number"
            else:
                value += NUMBER_DIFFERENT
        common = en_words[i] & zh_words[j]
        if common:
            value += min(2.0, 0.7 * len(common))
            how = "title" if how == "length" else how
        return value, how

    # dynamic programme over (i, j): the best score of matching the first i and j chapters
    best = [[-math.inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int, str] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            here = best[i][j]
            if here == -math.inf:
                continue
            if i < n and here + SKIP_CHAPTER > best[i + 1][j]:
                best[i + 1][j], back[i + 1][j] = here + SKIP_CHAPTER, (i, j, "one side only")
            if j < m and here + SKIP_CHAPTER > best[i][j + 1]:
                best[i][j + 1], back[i][j + 1] = here + SKIP_CHAPTER, (i, j, "one side only")
            if i < n and j < m:
                value, how = score(i, j)
                if here + value > best[i + 1][j + 1]:
                    best[i + 1][j + 1], back[i + 1][j + 1] = here + value, (i, j, how)
    out: list[ChapterMatch] = []
    i, j = n, m
    while (i, j) != (0, 0):
        pi, pj, how = back[i][j]
        if pi < i and pj < j:
            out.append(ChapterMatch(pi, pj, round(best[i][j] - best[pi][pj], 3), how))
        elif pi < i:
            out.append(ChapterMatch(pi, None, SKIP_CHAPTER, how))
        else:
            out.append(ChapterMatch(None, pj, SKIP_CHAPTER, how))
        i, j = pi, pj
    return out[::-1]


# ---- within a chapter pair ---------------------------------------------------------


def block_sentences(blocks: list[Block], lang: str) -> tuple[list[str], list[int]]:
    """Each block's sentences (a heading is one sentence), and the block each comes from."""
    sentences, owners = [], []
    for index, block in enumerate(blocks):
        pieces = [" ".join(block.text.split())] if block.kind == "heading" else split(block.text, lang)
        pieces = [p for p in pieces if p]
        sentences += pieces
        owners += [index] * len(pieces)
    return sentences, owners


def _timed(blocks: list[Block]) -> bool:
    return bool(blocks) and all(b.start is not None and b.end is not None for b in blocks if b.kind == "body")


def align_by_time(en: list[Block], zh: list[Block]) -> list[tuple[list[int], list[int], float]]:
    """Subtitle cues joined where their times overlap: (English cues, Chinese cues, the
    share of the bead's time both sides cover), in time order; a cue that overlaps
    nothing is a bead of its own side (score 0)."""
    en_idx = [i for i, b in enumerate(en) if b.start is not None and b.end is not None]
    zh_idx = [j for j, b in enumerate(zh) if b.start is not None and b.end is not None]
    beads: list[tuple[list[int], list[int], float]] = []
    a = b = 0
    while a < len(en_idx) or b < len(zh_idx):
        if b >= len(zh_idx) or (a < len(en_idx) and en[en_idx[a]].start <= zh[zh_idx[b]].start):
            group_en, group_zh = [en_idx[a]], []
            end = en[en_idx[a]].end
            a += 1
        else:
            group_en, group_zh = [], [zh_idx[b]]
            end = zh[zh_idx[b]].end
            b += 1
        start = (en[group_en[0]] if group_en else zh[group_zh[0]]).start
        # take in every cue of either side that begins before the group ends (overlap)
        while True:
            if a < len(en_idx) and en[en_idx[a]].start < end - _EPS and (group_zh or _overlaps_next(zh, zh_idx, b, en[en_idx[a]])):
                group_en.append(en_idx[a])
                end = max(end, en[en_idx[a]].end)
                a += 1
            elif b < len(zh_idx) and zh[zh_idx[b]].start < end - _EPS and (group_en or _overlaps_next(en, en_idx, a, zh[zh_idx[b]])):
                group_zh.append(zh_idx[b])
                end = max(end, zh[zh_idx[b]].end)
                b += 1
            else:
                break
        if group_en and group_zh:
            both = _covered(en, group_en, zh, group_zh)
            score = both / max(end - start, _EPS)
        else:
            score = 0.0
        beads.append((group_en, group_zh, round(score, 3)))
    return beads


_EPS = 0.05  # seconds: cues touching at their ends do not overlap


def _overlaps_next(blocks: list[Block], idx: list[int], k: int, cue: Block) -> bool:
    return k < len(idx) and blocks[idx[k]].start < cue.end - _EPS


def _covered(en: list[Block], en_group: list[int], zh: list[Block], zh_group: list[int]) -> float:
    """Seconds covered by both an English and a Chinese cue of the bead."""
    total = 0.0
    for i in en_group:
        for j in zh_group:
            total += max(0.0, min(en[i].end, zh[j].end) - max(en[i].start, zh[j].start))
    return total


def align_chapter(en: Chapter | None, zh: Chapter | None, match: ChapterMatch, aligner,
                  en_lang: str = "en", zh_lang: str = "zh") -> ChapterAlignment:
    """A chapter pair aligned: by time for subtitles whose times overlap, else paragraphs
    and sentences by the aligner, paragraphs as anchors (see the module)."""
    en_blocks = en.blocks if en is not None else []
    zh_blocks = zh.blocks if zh is not None else []
    es, eb = block_sentences(en_blocks, en_lang)
    zs, zb = block_sentences(zh_blocks, zh_lang)
    result = ChapterAlignment(match, es, eb, zs, zb)
    if not es or not zs:
        result.beads = [AlignedBead([i], [], aligner.settings.skip) for i in range(len(es))] + \
                       [AlignedBead([], [j], aligner.settings.skip) for j in range(len(zs))]
        result.how = "one side only"
        return result
    if _timed(en_blocks) and _timed(zh_blocks):
        cues = align_by_time(en_blocks, zh_blocks)
        if any(e and z for e, z, _ in cues):
            en_of = _sentences_of(eb)
            zh_of = _sentences_of(zb)
            result.beads = [AlignedBead([i for c in e for i in en_of.get(c, [])], [j for c in z for j in zh_of.get(c, [])], s)
                            for e, z, s in cues]
            result.beads = [b for b in result.beads if b.en or b.zh]
            _add_untimed(result, en_of, zh_of, cues)
            result.how = "by time"
            return result
    # headings are paragraphs of their own: the anchors hold them apart from the text
    result.beads = aligner.align(es, zs, eb, zb)
    en_par, zh_par = len(set(eb)), len(set(zb))
    result.how = "paragraph by paragraph" if en_par == zh_par > 1 else "whole chapter"
    return result


def _sentences_of(owners: list[int]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for sentence, block in enumerate(owners):
        out.setdefault(block, []).append(sentence)
    return out


def _add_untimed(result: ChapterAlignment, en_of, zh_of, cues) -> None:
    """Blocks without times (a heading among the cues) kept, each a bead of its own side,
    in order."""
    seen_en = {c for e, _, _ in cues for c in e}
    seen_zh = {c for _, z, _ in cues for c in z}
    extra = [AlignedBead(s, [], -0.2) for c, s in en_of.items() if c not in seen_en]
    extra += [AlignedBead([], s, -0.2) for c, s in zh_of.items() if c not in seen_zh]
    if extra:
        beads = result.beads + extra
        beads.sort(key=lambda b: (b.en[0] if b.en else _position(b.zh[0], result)))
        result.beads = beads


def _position(zh_sentence: int, result: ChapterAlignment) -> float:
    """Where a Chinese sentence falls among the English ones (for ordering beads)."""
    for bead in result.beads:
        if zh_sentence in bead.zh and bead.en:
            return bead.en[0] - 0.5
    return len(result.en_sentences) + zh_sentence


def align_documents(en: Document, zh: Document, aligner=None,
                    progress: Callable[[int, int, str], None] | None = None,
                    cancel=None) -> list[ChapterAlignment]:
    """Both documents aligned, chapter pair after chapter pair (see the module)."""
    if aligner is None:
        from .pairlinks import _aligner

        aligner = _aligner()
    matches = match_chapters(en, zh)
    out = []
    for done, match in enumerate(matches, 1):
        if cancel is not None and cancel.is_set():
            raise Cancelled("cancelled")
        chapter_en = en.chapters[match.en] if match.en is not None else None
        chapter_zh = zh.chapters[match.zh] if match.zh is not None else None
        out.append(align_chapter(chapter_en, chapter_zh, match, aligner, en.lang or "en", zh.lang or "zh"))
        if progress is not None:
            label = _chapter_title(chapter_en) if chapter_en is not None else _chapter_title(chapter_zh)
            progress(done, len(matches), label)
    if cancel is not None and cancel.is_set():
        raise Cancelled("cancelled")
    return out


def align_given(en: Chapter, zh: Chapter, pairs: list[tuple[int | None, int | None]], aligner,
                match: ChapterMatch) -> ChapterAlignment:
    """A chapter of a bilingual file, its blocks paired by the file: the sentences of the
    paired blocks aligned in one call, each block pair an anchor; a block without a
    counterpart is a bead of its own side."""
    es, eb = block_sentences(en.blocks, "en")
    zs, zb = block_sentences(zh.blocks, "zh")
    result = ChapterAlignment(match, es, eb, zs, zb, how="paired by the file")
    en_of, zh_of = _sentences_of(eb), _sentences_of(zb)
    both = [(e, z) for e, z in pairs if e is not None and z is not None and en_of.get(e) and zh_of.get(z)]
    sub_en, sub_zh, en_par, zh_par = [], [], [], []
    for k, (e, z) in enumerate(both):
        sub_en += en_of[e]
        sub_zh += zh_of[z]
        en_par += [k] * len(en_of[e])
        zh_par += [k] * len(zh_of[z])
    aligned = aligner.align([es[i] for i in sub_en], [zs[j] for j in sub_zh], en_par, zh_par) if both else []
    by_pair: dict[int, list[AlignedBead]] = {}
    for bead in aligned:
        first = bead.en[0] if bead.en else None
        k = en_par[first] if first is not None else zh_par[bead.zh[0]]
        by_pair.setdefault(k, []).append(AlignedBead([sub_en[i] for i in bead.en], [sub_zh[j] for j in bead.zh], bead.score))
    index = {pair: k for k, pair in enumerate(both)}
    skip = aligner.settings.skip
    beads: list[AlignedBead] = []
    used_en, used_zh = set(), set()
    for e, z in pairs:
        if (e, z) in index:
            beads += by_pair.get(index[(e, z)], [])
            used_en.add(e)
            used_zh.add(z)
        else:
            if e is not None and e not in used_en:
                beads += [AlignedBead([i], [], skip) for i in en_of.get(e, [])]
                used_en.add(e)
            if z is not None and z not in used_zh:
                beads += [AlignedBead([], [j], skip) for j in zh_of.get(z, [])]
                used_zh.add(z)
    # blocks the file's pairs do not name are kept too, at the end of the chapter
    beads += [AlignedBead([i], [], skip) for b, ss in en_of.items() if b not in used_en for i in ss]
    beads += [AlignedBead([], [j], skip) for b, ss in zh_of.items() if b not in used_zh for j in ss]
    result.beads = beads
    return result
