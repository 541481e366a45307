"""The English a Chinese word or phrase of a pair is rendered by, as the text itself
words it: what the add-term form offers as the rendering.

Word links, where a text has them, say it outright (`links`: a function from the pair
and the Chinese span to an English span, which the word aligner can give). Without
them the English is found through CC-CEDICT, in the English sentences the sentence links
align with the Chinese one (or, failing that, anywhere in the pair's English):

1. a sense of the whole word, found as a phrase (北约 "NATO", 战略伙伴关系 "strategic
   partnership"), tolerant of case and endings ("capability" finds "capabilities");
2. else the words of the phrase, each by its senses, the shortest stretch of English
   that renders the most of them (反击 "counterattack" + 能力 "capability" gives
   "counterattack capabilities"; 日本 + 自卫队 gives "Japanese Self-Defense Forces": a
   name's adjective, Japan / Japanese, counts).

When the English has none of it, the dictionary's first sense is offered instead, and
the form says so.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import product

from .english import STOPWORDS, gloss_key, stem
from .model import Pair, aligned_span

_WORD = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)?")
_ACRONYM = re.compile(r"\(([A-Z][A-Z0-9&]{1,7})\)")  # an abbreviation in brackets after a sense
_NOTE = re.compile(r"\([^()]*\)|\[[^\]]*\]")
BREAK = re.compile(r"[,;:.!?()\[\]\"“”‘’]|\s'|'\s")
_NOT_A_RENDERING = ("cl:", "variant of", "see ", "abbr. for", "abbr. of", "used in", "surname ", "old variant",
                    "also written", "also pr.", "pr. ", "lit. ", "fig. ", "erhua variant")
WordLinks = Callable[[Pair, tuple[int, int]], "tuple[int, int] | None"]


@dataclass(frozen=True, slots=True)
class Counterpart:
    """A proposed rendering and how it was found: "word links", "text" (found in the
    pair's English), "cc-cedict" (the dictionary's sense, not found in the English) or
    "" (nothing to offer)."""

    english: str
    found_by: str
    span: tuple[int, int] | None = None  # where it is in the pair's English


# A person's entry: the name, then the years in brackets, then who the person was.
_PERSON = re.compile(r"^([A-Z][\w.'-]*(?: [A-Z][\w.'-]*)*) \((?:c\. ?)?\d")


def renderings(definitions) -> list[str]:
    """The senses of CC-CEDICT entries as renderings: notes in brackets, a leading "to"
    or article, and senses about the entry (classifiers, variants) left out."""
    found: list[str] = []
    for sense in definitions:
        if sense.lower().startswith(_NOT_A_RENDERING):
            continue
        person = _PERSON.match(sense)
        if person:  # "Donald Trump (1946-), American business magnate, ...": the name only
            sense = person.group(1)
        found += _ACRONYM.findall(sense)  # "gross domestic product (GDP)": GDP renders it too
        for part in re.split(r"[;,]", _NOTE.sub(" ", sense)):
            part = " ".join(part.split())
            part = re.sub(r"^(?:to|a|an|the)\s+", "", part, flags=re.IGNORECASE)
            if part and not part.lower().startswith(_NOT_A_RENDERING) and _WORD.search(part):
                found.append(part)
    return list(dict.fromkeys(found))


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(stem(m.group()), m.start(), m.end()) for m in _WORD.finditer(text)]


def alike(key: str, other: str) -> bool:
    """The same word, or a name and its adjective (japan, japanes): one stem the start of
    the other, four letters at least."""
    if key == other:
        return True
    short, long = sorted((key, other), key=len)
    if len(short) >= 4 and long.startswith(short) and (len(long) - len(short) <= 3 or len(short) >= 6):
        return True  # and derived words: isolat / isolationism, strateg / strategic
    if len(short) >= 5 and long.startswith(short[:-1]) and len(long) - len(short) <= 2:  # china, chines
        return True
    # British and American spellings, -ise and -ize: defence / defense, organise / organize
    return len(short) >= 5 and len(long) == len(short) and short[:-1] == long[:-1]


def find_phrase(phrase: str, tokens: list[tuple[str, int, int]]) -> tuple[int, int] | None:
    """Where a phrase occurs in tokenised English, as token positions [start, end)."""
    wanted = [key for key, _, _ in _tokens(phrase)]
    size = len(wanted)
    if not size:
        return None
    for at in range(len(tokens) - size + 1):
        if all(alike(w, tokens[at + n][0]) for n, w in enumerate(wanted)):
            return at, at + size
    return None


def sense_keys(definitions) -> set[str]:
    keys = set()
    for rendering in renderings(definitions):
        for word in _WORD.findall(rendering.lower()):
            key = gloss_key(word)
            if key is not None and not key.startswith(("~", "#")):
                keys.add(key)
    return keys


def _composed(parts: list[tuple[int, set[str]]], tokens: list[tuple[str, int, int]], text: str) -> tuple[int, int] | None:
    """The shortest stretch of tokens in which the parts (each its number of Chinese
    characters and its sense words) that find a sense word cover three fifths of the
    Chinese at least; token positions [start, end)."""
    found = [(size, sorted({n for n, (key, _, _) in enumerate(tokens) if key not in STOPWORDS
                            and any(alike(k, key) for k in keys)})) for size, keys in parts]
    total = sum(size for size, _ in parts)
    present = [positions for size, positions in found if positions]
    if not present or sum(size for size, positions in found if positions) < 0.6 * total:
        return None
    best = None
    for choice in product(*(positions[:6] for positions in present)):
        start, end = min(choice), max(choice) + 1
        if end - start > 3 * len(present) + 1 or not _one_phrase(tokens, start, end, text):
            continue
        if best is None or end - start < best[1] - best[0]:
            best = (start, end)
    if best is None:
        return None
    start, end = best
    matched = {n for positions in present for n in positions}
    # a part rendered by several words ("Self-Defense Forces")
    while start > 0 and start - 1 in matched and _one_phrase(tokens, start - 1, end, text):
        start -= 1
    while end in matched and _one_phrase(tokens, start, end + 1, text):
        end += 1
    return start, end


def _one_phrase(tokens, start: int, end: int, text: str) -> bool:
    """Whether tokens [start, end) are one stretch of words, no punctuation between."""
    return not BREAK.search(text[tokens[start][1]:tokens[end - 1][2]])


def pinyin_name(word: str, dictionary, tokens, text: str) -> tuple[int, int] | None:
    """A name spelled in pinyin in the English (孙文竹 Sun Wenzhu), as token positions.
    The word is read (pypinyin: ~0.2 s to import) only when an English word starts as
    its first character may be read by CC-CEDICT."""
    first = {re.sub(r"[^a-z]", "", entry.pinyin_numbers.lower().replace("u:", "ü"))
             for entry in dictionary.lookup(word[:1])}
    first.discard("")
    if first and not any(re.sub(r"[^a-z]", "", text[start:end].lower()).startswith(tuple(first))
                         for _, start, end in tokens):
        return None
    from .pinyin import strip_tones

    spelled = re.sub(r"[^a-z]", "", strip_tones(dictionary.hanzi_pinyin(word)).lower())
    if len(spelled) < 4:
        return None
    for start in range(len(tokens)):
        joined = ""
        for end in range(start, min(start + 4, len(tokens))):
            joined += re.sub(r"[^a-z]", "", text[tokens[end][1]:tokens[end][2]].lower())
            if joined == spelled and _one_phrase(tokens, start, end + 1, text):
                return start, end + 1
            if not spelled.startswith(joined):
                break
    return None


def counterpart(pair: Pair, span: tuple[int, int], dictionary, links: WordLinks | None = None) -> Counterpart:
    """The English rendering of `pair.zh[span]` (see the module)."""
    if links is not None:
        linked = links(pair, span)
        if linked is not None and pair.en[linked[0]:linked[1]].strip():
            return Counterpart(pair.en[linked[0]:linked[1]].strip(), "word links", linked)
    word = pair.zh[span[0]:span[1]]
    if dictionary is None or not word or not pair.en:
        return Counterpart("", "")
    senses = dictionary.definitions(word)
    aligned = aligned_span(pair, "zh", span)
    regions = [aligned, (0, len(pair.en))] if aligned is not None else [(0, len(pair.en))]
    parts = [(b - a, sense_keys(dictionary.definitions(word[a:b])))
             for a, b in dictionary.segment(word)]
    for region_start, region_end in regions:
        tokens = [(key, region_start + s, region_start + e) for key, s, e in _tokens(pair.en[region_start:region_end])]
        hits = [found for phrase in renderings(senses) if (found := find_phrase(phrase, tokens))]
        if hits:
            start, end = max(hits, key=lambda hit: (hit[1] - hit[0], -hit[0]))
        elif found := pinyin_name(word, dictionary, tokens, pair.en):
            start, end = found
        elif len(parts) > 1 and (found := _composed(parts, tokens, pair.en)):
            start, end = found
        else:
            continue
        at, until = tokens[start][1], tokens[end - 1][2]
        return Counterpart(pair.en[at:until], "text", (at, until))
    offered = renderings(senses)
    return Counterpart(offered[0], "cc-cedict") if offered else Counterpart("", "")
