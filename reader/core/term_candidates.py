"""The Chinese side of term extraction: which phrases of a text may be terms, and how
much each looks like one (`term_extraction` has the whole method).

A candidate is a run of one to five words of the kinds terms are made of (nouns, names,
verbal and adjectival nouns, adjectives, distinguishing words; jieba's parts of speech),
two to twelve characters, never across a particle, preposition, conjunction, adverb,
pronoun, number or punctuation, with rules for verbs and for single words; its termhood
is its frequency, corrected for nesting (the C-value's), times the rarity of its words
in general Chinese.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict

from .script import is_han

NOMINAL = frozenset({"n", "nr", "ns", "nt", "nz", "nw", "ng", "vn", "an", "j", "nrt", "nrfg", "eng"})
MODIFIERS = NOMINAL | {"a", "b", "v", "vi", "s", "f", "l", "i", "t"}
NAMES = frozenset({"nr", "ns", "nt", "nrt", "nrfg", "j"})
SINGLE = frozenset({"nr", "ns", "nt", "nz", "nw", "j", "nrt", "nrfg", "i", "l"})  # a term of one word
SINGLE_ONLY = frozenset({"d", "vd", "ad", "z"})  # not part of a longer term, but rare ones may be terms
COMMON_VERB = 5e-5  # a verb this frequent in general Chinese (推进, 加强) does not start a term
RARE_WORD = 1e-5  # a single common word this rare or rarer may be a term on its own
RARE_NAME = 5e-5  # and a name or an abbreviation (北约, 欧盟; not 日本, 欧洲)
MAX_WORDS, MAX_CHARS = 5, 12
# A time word that says when (今年, 年内, 目前), not what kind (战后 "post-war", 新一代
# "next-generation", which terms are made of).
_WHEN = re.compile(r"[0-9０-９年月日时今昨明]|以来|之前|现在|目前|当前|当时|近来|近期|如今")
_NUMERALS = frozenset("〇零一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟")
_QUOTED = re.compile(r"[“「『\"]([^”」』\"]{2,16})[”」』\"]")


def chinese_candidates(unit_texts: list[str], segmenter, names=None, dictionary=None) -> dict[str, list[str]]:
    """Each candidate and the words it is made of (see the module, step 1). `names`
    (`names.Names`, the text's personal names) keeps a name one word where jieba cuts
    it (孙文竹, not 孙 | 文竹); `dictionary` (CC-CEDICT) cuts a long word of jieba's into
    the words it is made of, so that the terms inside it are found too (威慑 in 威慑力量,
    航空自卫队 in 日本航空自卫队)."""
    found: dict[str, list[str]] = {}
    quoted_terms: set[str] = set()
    for zh in unit_texts:
        for quoted in _QUOTED.finditer(zh):  # a phrase in quotation marks: the text marks it as a term
            phrase = quoted.group(1)
            if all(is_han(c) for c in phrase) and 2 <= len(phrase) <= MAX_CHARS + 2:
                spans = dictionary.segment(phrase) if dictionary is not None else [(0, len(phrase))]
                found.setdefault(phrase, [phrase[a:b] for a, b in spans])
                quoted_terms.add(phrase)
        run: list = []
        for word in [*_words(zh, segmenter, names, dictionary), None]:
            if (word is not None and word.tag in MODIFIERS and any(is_han(c) for c in word.text)
                    and not (word.tag == "t" and _WHEN.search(word.text))):
                run.append(word)
                continue
            for start in range(len(run)):
                several = _may_start(run, start, segmenter, dictionary)
                for end in range(start + 1, min(start + MAX_WORDS if several else start + 1, len(run)) + 1):
                    words = run[start:end]
                    term = "".join(w.text for w in words)
                    if len(term) > MAX_CHARS:
                        break
                    if len(words) > 1 and (words[-1].tag in ("i", "l") or _common_verb(words[-1], segmenter, dictionary)
                                           or (end - start > 2 and words[-2].tag in ("v", "vi"))):
                        break  # an idiom, a common verb, a verb inside: nothing longer holds a term
                    if len(words) > 1 and (words[-1].tag in ("f", "t", "b") or _only_verb(words[-1], dictionary)):
                        continue  # 派出, 介入: a verb never ends a term (对抗, 协定, nouns too, may), nor 之际, 之间, 战后,
                        # nor a distinguishing word, which comes before what it qualifies (新型, 主要)
                    if len(term) < 2:
                        continue
                    if len(words) == 1 and not _single(words[0], segmenter):
                        continue
                    if len(words) > 1 and words[0].tag in ("i", "l"):
                        break
                    if len(words) > 2 and words[0].tag in ("v", "vi"):
                        break
                    found.setdefault(term, [w.text for w in words])
            run = []
            if word is not None and len(word.text) >= 2 and word.tag in SINGLE_ONLY and _single(word, segmenter):
                found.setdefault(word.text, [word.text])  # a rare verb or adverb: 默许, 炒作
    # A verb taking a term as its object is a verb phrase (引发 | 军备竞赛, 对标 | 北约), not
    # a term; a verb before a word that is no term of its own may be (反击 | 能力).
    # So is a verb before a name or a place (牵引 | 欧洲, 对标 | 北约).
    for term, words in list(found.items()):
        if len(words) < 2 or term in quoted_terms or not _verb_like(words[0], segmenter, dictionary):
            continue
        rest = "".join(words[1:])
        if rest in found or (len(words) == 2 and segmenter.tag(rest) in NAMES):
            del found[term]
    # A verb of jieba's before a term of several words is a verb phrase even where the verb
    # may be a noun too (挑战 | 战后 国际 秩序).
    for term, words in list(found.items()):
        rest = "".join(words[1:])
        if (term not in quoted_terms and segmenter.tag(words[0]) in ("v", "vi", "vd", "vn")
                and len(found.get(rest, ())) >= 2):
            del found[term]
    # a number is no term, even in quotation marks (四十二)
    return {term: words for term, words in found.items() if not all(c in _NUMERALS for c in term)}


def _verb_like(word: str, segmenter, dictionary) -> bool:
    """A verb by jieba's dictionary (or with no tag there) that CC-CEDICT gives only a
    verb's senses ("to ..."), or a word jieba calls neither a verb nor a noun that
    CC-CEDICT knows, and knows only as a verb (充当 "to serve as", an adjective of jieba's)."""
    from .segmenter import Word

    tag = segmenter.tag(word)
    if tag not in ("v", "vi", "vd", "") and (tag in NOMINAL or not (dictionary and dictionary.lookup(word))):
        return False
    return _only_verb(Word(word, "v", 0, len(word)), dictionary)  # not 联合 "joint", a verb of jieba's


def _only_verb(word, dictionary) -> bool:
    """A verb that is nothing else: jieba says verb and CC-CEDICT, where it knows the
    word, gives only senses "to ..."."""
    if word.tag not in ("v", "vi", "vd"):
        return False
    senses = [d for entry in dictionary.lookup(word.text) for d in entry.definitions] if dictionary else []
    return not senses or all(d.startswith(("to ", "(of ", "(literary) to")) or "CL:" in d for d in senses)


def _common_verb(word, segmenter, dictionary=None) -> bool:
    """A verb frequent in general Chinese (推进, 加强, 发射 "to launch"), unless CC-CEDICT
    knows it as a noun first (预算 "budget", a verb of jieba's)."""
    if word.tag not in ("v", "vi") or segmenter.probability(word.text) <= COMMON_VERB:
        return False
    senses = [d for entry in dictionary.lookup(word.text) for d in entry.definitions] if dictionary else []
    return not senses or senses[0].startswith(("to ", "(of ", "(literary) to"))


def _words(zh: str, segmenter, names, dictionary=None) -> list:
    """jieba's words, a name of the text joined into one (tagged nr), a long word cut
    into CC-CEDICT's words (each with its tag)."""
    from .segmenter import Word

    words = segmenter.words(zh)
    if names is not None:
        joined, at = [], 0
        while at < len(words):
            word = words[at]
            end = names.name_at(zh, word.start)
            if end is not None and end > word.end:
                last = next((n for n in range(at, len(words)) if words[n].end == end), None)
                if last is not None:
                    joined.append(Word(zh[word.start:end], "nr", word.start, end))
                    at = last + 1
                    continue
            joined.append(word)
            at += 1
        words = joined
    if dictionary is None:
        return words
    words = _joined_singles(words, zh, segmenter, dictionary)
    cut = []
    for word in words:
        cuts = _cuts(word.text, dictionary) if len(word.text) >= 4 and word.tag not in ("nr", "i", "l") else []
        bounds = [0, *cuts, len(word.text)]
        cut += [Word(word.text[a:b], word.tag, word.start + a, word.start + b) for a, b in zip(bounds, bounds[1:])]
    return cut


# One-character words never joined: particles, numbers, punctuation; verbs, adjectives
# and adverbs, which stand with the character after them as a verb and its complement
# (戴 | 上 "put on"), a reduplication (短 | 短) or a modifier, not as a word jieba missed.
_NOT_JOINED = frozenset({"uj", "ul", "uz", "ug", "uv", "ud", "x", "m", "q", "v", "vi", "vd", "a", "ad", "d", "z", "r"})


def _joined_singles(words: list, zh: str, segmenter, dictionary) -> list:
    """Two one-character Han words of jieba's that make a CC-CEDICT word joined into it
    (对 | 标 -> 对标 "to benchmark against", 美 | 日 -> 美日 "US-Japan"), tagged a verb
    when CC-CEDICT gives only a verb's senses, else by jieba's dictionary or as a noun."""
    from .segmenter import Word

    joined, at = [], 0
    while at < len(words):
        word = words[at]
        following = words[at + 1] if at + 1 < len(words) else None
        if (following is not None and len(word.text) == 1 and len(following.text) == 1
                and is_han(word.text) and is_han(following.text) and following.start == word.end
                and word.tag not in _NOT_JOINED and following.tag not in _NOT_JOINED
                and dictionary.lookup(word.text + following.text)):
            text = word.text + following.text
            tag = "v" if _only_verb(Word(text, "v", 0, 2), dictionary) else (segmenter.tag(text) or "n")
            joined.append(Word(text, tag, word.start, following.end))
            at += 2
            continue
        joined.append(word)
        at += 1
    return joined


def _cuts(word: str, dictionary) -> list[int]:
    """Where a long word divides into CC-CEDICT words of two characters or more, in any
    way it divides (日本 | 航空 | 自卫队; 威慑 | 力量)."""
    size = len(word)
    whole: dict[tuple[int, int], bool] = {}

    def divides(start: int, end: int) -> bool:
        key = (start, end)
        if key not in whole:
            whole[key] = bool(dictionary.lookup(word[start:end])) or any(
                divides(start, at) and divides(at, end) for at in range(start + 2, end - 1))
        return whole[key]

    return [at for at in range(2, size - 1) if divides(0, at) and divides(at, size)]


def _may_start(run, start: int, segmenter, dictionary=None) -> bool:
    """Whether a candidate of several words may start with run[start]: a verb only when
    a noun follows it and it is rare in general use (反击能力) or more than a verb (联合
    "joint": 联合演习; not 推进合作); a one-character word only when it is a name or an
    abbreviation (美日同盟, not 标 of a cut 对标)."""
    first = run[start]
    following = run[start + 1] if start + 1 < len(run) else None
    if following is None:
        return False
    if first.tag in ("v", "vi"):
        return ((segmenter.probability(first.text) <= COMMON_VERB or not _only_verb(first, dictionary))
                and _nominal(following, dictionary))
    if len(first.text) == 1 and first.tag not in ("ns", "j", "nr", "b"):
        return False
    return True


def _nominal(word, dictionary) -> bool:
    """A noun by jieba, or a verb by jieba that CC-CEDICT gives a noun's sense too (预算)."""
    return word.tag in NOMINAL or (word.tag in ("v", "vi") and dictionary is not None
                                   and bool(dictionary.lookup(word.text)) and not _only_verb(word, dictionary))


def _single(word, segmenter) -> bool:
    """A one-word candidate: a name or abbreviation not common in general Chinese (北约,
    not 日本), an idiom, or a rare word."""
    if word.tag in ("i", "l"):
        return True
    if word.tag in SINGLE:
        return segmenter.probability(word.text) <= RARE_NAME
    return segmenter.probability(word.text) <= RARE_WORD


def termhood(candidates: dict[str, list[str]], joined: str, segmenter) -> dict[str, tuple[float, int]]:
    """(termhood, occurrences) of each candidate (see the module, step 2)."""
    counts = {term: joined.count(term) for term in candidates}
    longer: dict[str, list[str]] = defaultdict(list)
    by_length = sorted(candidates, key=len)
    for n, term in enumerate(by_length):
        for other in by_length[n + 1:]:
            if len(other) > len(term) and term in other:
                longer[term].append(other)
    scores = {}
    for term, words in candidates.items():
        count = counts[term]
        if count == 0:
            continue
        nested = longer.get(term)
        # the C-value's nesting correction, halved: in a short text most terms occur once,
        # inside a longer candidate as often as not, and should not all vanish for it
        alone = count - 0.5 * (sum(counts[o] for o in nested) / len(nested) if nested else 0)
        if alone <= 0:
            continue
        rarity = sum(-math.log10(max(segmenter.probability(w), 1e-8)) for w in words) / len(words)
        scores[term] = ((1 + math.log2(1 + alone)) * (rarity / 5) * (1 + 0.2 * (len(words) - 1)), count)
    return scores
