"""Bilingual term candidates from an aligned text: Chinese terms with the English that
renders them, ranked.

1. **Chinese candidates.** Each Chinese sentence is cut into words with their parts of
   speech (`segmenter`, jieba). A candidate is a run of one to five words of the kinds
   terms are made of (nouns, names, verbal and adjectival nouns, adjectives, verbs,
   distinguishing words), two to twelve characters, ending in a noun, never crossing a
   particle, preposition, conjunction, adverb, pronoun, number or punctuation; a common
   verb (推进, 加强) does not start one. A candidate of one word must be a name, an
   abbreviation or an idiom, or a word that is rare in general Chinese: everyday
   vocabulary (合作, 能力) is left out.
2. **Termhood.** How often a candidate occurs, less how often it is only part of a longer
   candidate (the C-value's nesting correction: 安全合作 counts where it stands alone,
   not inside 军事安全合作), times how rare its words are in general Chinese (jieba's
   corpus frequencies) and a little for each word it joins.
3. **English.** Wherever a candidate occurs, the English sentences the sentence links
   align with its sentence are searched for the n-gram (one to six words, no
   punctuation inside, not starting or ending with a function word) that renders it
   best: how much of the Chinese finds its CC-CEDICT senses in the n-gram and how much of
   the n-gram is explained by them (harmonic mean; a name also by its pinyin), and the
   Dice coefficient of the two over the text's sentence links (an n-gram found only
   where the candidate is found counts more than "Japan", found everywhere).
4. **Score.** Termhood times how well it is rendered; each candidate with the pairs
   where it and its English occur together.

Terms already in a glossary are left out (unless told to ignore the glossaries), and so
are candidates a reader rejected.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .concordance import aligned_span
from .counterpart import _BREAK, _alike, _sense_keys, find_phrase, renderings
from .english import STOPWORDS, stem
from .model import Text
from .script import is_han

NOMINAL = frozenset({"n", "nr", "ns", "nt", "nz", "nw", "ng", "vn", "an", "j", "nrt", "nrfg", "eng"})
MODIFIERS = NOMINAL | {"a", "b", "v", "vi", "s", "f", "l", "i"}
SINGLE = frozenset({"nr", "ns", "nt", "nz", "nw", "j", "nrt", "nrfg", "i", "l"})  # a term of one word
SINGLE_ONLY = frozenset({"d", "vd", "ad", "z"})  # not part of a longer term, but rare ones may be terms
_QUOTED = re.compile(r"[“「『\"]([^”」』\"]{2,16})[”」』\"]")
COMMON_VERB = 5e-5  # a verb this frequent in general Chinese (推进, 加强) does not start a term
RARE_WORD = 1e-5  # a single common word this rare or rarer may be a term on its own
RARE_NAME = 5e-5  # and a name or an abbreviation (北约, 欧盟; not 日本, 欧洲)
MAX_WORDS, MAX_CHARS, MAX_ENGLISH = 5, 12, 6
_WORD = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)?")


@dataclass(slots=True)
class Candidate:
    zh: str
    en: str
    score: float
    pairs: list[str]  # the pairs where the term and its English occur together (or the term)
    frequency: int = 0  # occurrences in the text
    termhood: float = 0.0
    translation: float = 0.0  # how well `en` renders it, 0 to 1

    def record(self) -> dict:
        return {"zh": self.zh, "en": self.en, "score": round(self.score, 3), "pairs": self.pairs,
                "frequency": self.frequency, "termhood": round(self.termhood, 3),
                "translation": round(self.translation, 3)}


@dataclass(slots=True)
class _Unit:
    """A sentence link (or a pair without links): its Chinese and the English aligned with it."""

    pair: str
    zh: str
    en: str
    en_tokens: list[tuple[str, int, int]] = field(default_factory=list)


def units(text: Text) -> list[_Unit]:
    found = []
    for pair in text.pairs:
        if not pair.zh or not pair.en:
            continue
        if pair.links and pair.sentences_zh and pair.sentences_en:
            for en, zh, _ in pair.links:
                if not zh or not en:
                    continue
                zh_text = pair.zh[pair.sentences_zh[zh[0]][0]:pair.sentences_zh[zh[-1]][1]]
                en_text = pair.en[pair.sentences_en[en[0]][0]:pair.sentences_en[en[-1]][1]]
                found.append(_Unit(pair.id, zh_text, en_text))
        else:
            found.append(_Unit(pair.id, pair.zh, pair.en))
    for unit in found:
        unit.en_tokens = [(stem(m.group()), m.start(), m.end()) for m in _WORD.finditer(unit.en)]
    return found


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
            if word is not None and word.tag in MODIFIERS and any(is_han(c) for c in word.text):
                run.append(word)
                continue
            for start in range(len(run)):
                several = _may_start(run, start, segmenter, dictionary)
                for end in range(start + 1, min(start + MAX_WORDS if several else start + 1, len(run)) + 1):
                    words = run[start:end]
                    term = "".join(w.text for w in words)
                    if len(term) > MAX_CHARS:
                        break
                    if len(words) > 1 and (words[-1].tag in ("i", "l") or _common_verb(words[-1], segmenter)
                                           or (end - start > 2 and words[-2].tag in ("v", "vi"))):
                        break  # an idiom, a common verb, a verb inside: nothing longer holds a term
                    if len(words) > 1 and (words[-1].tag == "f" or _only_verb(words[-1], dictionary)):
                        continue  # 派出, 介入: a verb never ends a term (对抗, 协定, nouns too, may), nor 之际, 之间
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
    for term, words in list(found.items()):
        if len(words) == 2 and words[1] in found and term not in quoted_terms and _verb_like(words[0], segmenter, dictionary):
            del found[term]
    return found


def _verb_like(word: str, segmenter, dictionary) -> bool:
    """A verb by jieba's dictionary, or, where it has no tag, by CC-CEDICT's senses."""
    from .segmenter import Word

    tag = segmenter.tag(word)
    return tag in ("v", "vi", "vd") or (not tag and _only_verb(Word(word, "v", 0, len(word)), dictionary))


def _only_verb(word, dictionary) -> bool:
    """A verb that is nothing else: jieba says verb and CC-CEDICT, where it knows the
    word, gives only senses "to ..."."""
    if word.tag not in ("v", "vi", "vd"):
        return False
    senses = [d for entry in dictionary.lookup(word.text) for d in entry.definitions] if dictionary else []
    return not senses or all(d.startswith(("to ", "(of ", "(literary) to")) or "CL:" in d for d in senses)


def _common_verb(word, segmenter) -> bool:
    return word.tag in ("v", "vi") and segmenter.probability(word.text) > COMMON_VERB


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
    cut = []
    for word in words:
        cuts = _cuts(word.text, dictionary) if len(word.text) >= 4 and word.tag not in ("nr", "i", "l") else []
        bounds = [0, *cuts, len(word.text)]
        cut += [Word(word.text[a:b], word.tag, word.start + a, word.start + b) for a, b in zip(bounds, bounds[1:])]
    return cut


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


class _English:
    """The English n-grams of the units, counted over the units (for Dice)."""

    def __init__(self, found: list[_Unit]) -> None:
        self.units = found
        self.counts: Counter = Counter()
        for unit in found:
            self.counts.update(set(self.ngrams(unit)))

    @staticmethod
    def ngrams(unit: _Unit):
        tokens, text = unit.en_tokens, unit.en
        for start in range(len(tokens)):
            if tokens[start][0] in STOPWORDS or text[tokens[start][1]:tokens[start][2]].lower() in STOPWORDS:
                continue
            if _joined(text, tokens[start][1] - 1):
                continue  # never inside a hyphenated compound (the Pacific of Asia-Pacific)
            for end in range(start + 1, min(start + MAX_ENGLISH, len(tokens)) + 1):
                if _BREAK.search(text[tokens[start][1]:tokens[end - 1][2]]):
                    break
                last = text[tokens[end - 1][1]:tokens[end - 1][2]].lower()
                if last in STOPWORDS or _joined(text, tokens[end - 1][2]):
                    continue
                yield tuple(key for key, _, _ in tokens[start:end])


def _parts(term: str, words: list[str], dictionary) -> list[tuple[int, set[str]]]:
    """The words of a candidate as (characters, CC-CEDICT sense words): jieba's words,
    or CC-CEDICT's own where jieba's are not its headwords."""
    if dictionary is None:
        return []
    parts = [(len(w), _sense_keys(d for e in dictionary.lookup(w) for d in e.definitions)) for w in words]
    if sum(1 for _, keys in parts if keys) < len(parts):
        parts = [(b - a, _sense_keys(d for e in dictionary.lookup(term[a:b]) for d in e.definitions))
                 for a, b in dictionary.segment(term)]
    return parts


def _joined(text: str, at: int) -> bool:
    """Whether text[at] is a hyphen between two letters or digits."""
    return 0 < at < len(text) - 1 and text[at] in "-‐‑–" and text[at - 1].isalnum() and text[at + 1].isalnum()


def _render(term: str, parts, whole: list[str], dictionary, unit: _Unit, english: _English,
            together: Counter, occurrences: int):
    """The best rendering of `term` in one unit: (score, keys, text, coverage), or None."""
    total = sum(size for size, _ in parts) or 1
    tokens, text = unit.en_tokens, unit.en
    # which parts each token renders (a function word renders none)
    renders = [frozenset(n for n, (_, senses) in enumerate(parts) if any(_alike(s, key) for s in senses))
               if key not in STOPWORDS else None for key, _, _ in tokens]
    exact = {span for phrase in whole if (span := find_phrase(phrase, tokens))}
    name = _pinyin_span(term, dictionary, tokens, text) if dictionary is not None else None
    if name is not None:
        exact.add(name)
    best = None
    for start in range(len(tokens)):
        covered: set[int] = set()
        content = explained = 0
        for end in range(start + 1, min(start + MAX_ENGLISH, len(tokens)) + 1):
            found = renders[end - 1]
            if found is not None:
                content += 1
                explained += bool(found)
                covered |= found
            keys = tuple(key for key, _, _ in tokens[start:end])
            if keys not in english.counts:
                continue
            if (start, end) in exact:
                coverage = 1.0
            else:
                zh_share = sum(parts[n][0] for n in covered) / total
                en_share = explained / max(content, 1)
                coverage = 2 * zh_share * en_share / (zh_share + en_share) if zh_share and en_share else 0.0
            dice = 2 * together[keys] / (occurrences + english.counts[keys])
            score = 0.75 * coverage + 0.25 * dice if coverage else 0.1 * dice
            # on a tie the longer n-gram, when it renders; else the shorter
            longer = (end - start > len(best[1])) == bool(coverage) if best is not None else True
            if best is None or score > best[0] + 1e-9 or (abs(score - best[0]) <= 1e-9 and longer):
                best = (score, keys, text[tokens[start][1]:tokens[end - 1][2]], coverage)
    return best


def _pinyin_span(term: str, dictionary, tokens, text):
    from .counterpart import _pinyin_name

    return _pinyin_name(term, dictionary, tokens, text)


def extract(text: Text, segmenter, dictionary, *, known: set[str] = frozenset(), rejected: set[str] = frozenset(),
            top: int = 100) -> list[Candidate]:
    """The best `top` candidates of a text (see the module); `known` and `rejected`
    terms are left out."""
    found = units(text)
    if not found:
        return []
    names = None
    if dictionary is not None:
        from .names import names_of

        names = names_of(text.pairs, dictionary)
    candidates = chinese_candidates([unit.zh for unit in found], segmenter, names, dictionary)
    scores = termhood(candidates, "\n".join(unit.zh for unit in found), segmenter)
    ranked = sorted((term for term in scores if term not in known and term not in rejected),
                    key=lambda term: -scores[term][0])[: max(5 * top, 300)]
    english = _English(found)
    results = []
    for term in ranked:
        where = [unit for unit in found if term in unit.zh][:20]
        together: Counter = Counter()
        for unit in where:
            together.update(set(english.ngrams(unit)))
        parts = _parts(term, candidates[term], dictionary)
        whole = renderings([d for e in dictionary.lookup(term) for d in e.definitions]) if dictionary else []
        totals: dict[tuple, list] = {}
        for unit in where:
            best = _render(term, parts, whole, dictionary, unit, english, together, len(where))
            if best is None:
                continue
            score, keys, shown, coverage = best
            entry = totals.setdefault(keys, [0.0, shown, [], 0.0])
            entry[0] += score
            entry[2].append(unit.pair)
            entry[3] = max(entry[3], coverage)
        strength, count = scores[term]
        if totals and max(entry[3] for entry in totals.values()) == 0 and len(where) < 2:
            totals = {}  # nothing renders it, and one occurrence says nothing of co-occurrence
        if totals:
            keys, (total, shown, pairs, coverage) = max(totals.items(), key=lambda item: item[1][0])
            translation = total / len(where)
        else:
            shown, pairs, translation = "", [unit.pair for unit in where], 0.0
        results.append(Candidate(term, shown, strength * (0.2 + translation), list(dict.fromkeys(pairs)), count,
                                 strength, translation))
    results.sort(key=lambda c: (-c.score, c.zh))
    return results[:top]


def text_candidates(library, text_id: str, *, use_glossary: bool = True, top: int = 100,
                    rejected: set[str] = frozenset()) -> list[Candidate]:
    """The term candidates of a text of a library, CC-CEDICT and jieba loaded for it;
    terms of its glossaries left out unless `use_glossary` is false."""
    from .dictionary import Dictionary
    from .errors import ReaderError
    from .segmenter import Segmenter

    text = library.load(text_id)
    if not any(pair.zh for pair in text.pairs):
        raise ReaderError(f"text {text_id!r} has no Chinese side: term candidates come from an aligned text")
    known = {entry.zh for entry in library.glossary(text_id)} if use_glossary else set()
    return extract(text, Segmenter.load(), Dictionary.load(), known=known, rejected=rejected, top=top)
