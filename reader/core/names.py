"""Personal names in Chinese text, so that the word cursor and pinyin take 陈清扬 as one
word (Chén Qīngyáng) where the dictionary would read 陈 | 清扬.

A name is a surname (CC-CEDICT's: the entries glossed "surname X") and a given name of
one or two characters. Such a string is taken for a name when the text itself says so:
it recurs (novels and articles repeat their names), or the English side of the pair
spells it in pinyin ("Chen Qingyang"). Strings that are dictionary words (陈述), or whose
given name starts with a grammatical character (王说, 张了), are never names.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from .pinyin import pinyin_key
from .script import is_han

# Characters CC-CEDICT also lists as surnames but that are far more often grammar words.
NOT_SURNAMES = frozenset("和也都向从过那能于及与而且将把被对给为之其所此等各每该则就又再还才"
                         "一二三四五六七八九十百千万两")
# About the hundred commonest surnames of the People's Republic: the only ones a name of
# two characters (王二, 周瑞) may start with when nothing but recurrence speaks for it, as
# rarer surnames are often common words (红布 is red cloth).
COMMON_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤"
)
# Characters that do not start a given name: particles, pronouns, copulas, common verbs
# of speech and motion, numerals' companions. 王说 is "Wang said", not a name.
NOT_GIVEN = frozenset(
    "的了着过是在和与及或而但就都也又还再才只不没别很太最更已曾将把被对向从给为让叫使"
    "我你他她它们这那哪谁什么怎说道问答讲告诉想看听见来去上下进出回到走跑站坐躺拿"
    "个些几多少每各某其此该本自之所以因如若虽即便"
    "吗呢吧啊呀哦嘛啦哈嗯喂"
)
# Characters that do not end a name either: particles and verbs that follow one (陈清扬的,
# 王二说), and 家 (周瑞家的 is Zhou Rui's wife, 王家 the Wangs).
NOT_LAST = frozenset("的了着过们吗呢吧啊呀说道问笑想看听叫是在和与也就都又还把被对向从给家个")
# What may stand before a surname without making it the end of a word: 老王, 小陈, 阿Q.
TITLES = frozenset("老小阿大")
_SURNAME_GLOSS = re.compile(rb"/(?:two-character )?surname [A-Z]")
MIN_COUNT = 2  # how often a name must occur in a text to be taken for one on that ground
# ... and what share of its surname's occurrences it must have: 红 is a surname too, but
# 红布 is a few of the many 红 of a novel, while 陈清扬 is most of its 陈.
MIN_SHARE = 0.15


# Of what a text's names are learnt as: bump when `learn` counts otherwise or MIN_COUNT,
# MIN_SHARE, the character tables change, so that names kept in the user cache
# (reader.core.term_index) are learnt again.
NAMES_VERSION = 1


def names_of(pairs, dictionary, learnt=None) -> Names:
    """The names of a text's pairs (its Chinese sides, and the English ones for pinyin),
    with CC-CEDICT's surnames and readings; with `learnt` (`Names.learnt` of the same
    pairs, kept), taken up instead of learning them again."""
    names = Names(cedict_surnames(dictionary), lambda text: bool(dictionary.lookup(text)), cedict_readings(dictionary))
    if learnt is not None:
        names.restore(learnt)
        return names
    for pair in pairs:
        names.learn(pair.zh, pair.en)
    return names


@lru_cache(maxsize=4)
def cedict_readings(dictionary):
    """A character's toneless readings in CC-CEDICT (单: dan, shan, chan), cached."""

    @lru_cache(maxsize=65536)
    def readings(char: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(pinyin_key(entry.pinyin_numbers) for entry in dictionary.lookup(char)))

    return readings


@lru_cache(maxsize=4)
def cedict_surnames(dictionary) -> frozenset[str]:
    """CC-CEDICT's surnames (one or two characters, with a capitalised reading and a
    sense "surname X" or "two-character surname X"), less the characters that are
    mostly grammar. Found by scanning
    the entries' text, about 20 ms."""
    found = set()
    for number in dictionary.lines_matching(_SURNAME_GLOSS):
        entry = dictionary.entry(number)
        if len(entry.simplified) <= 2 and entry.pinyin_numbers[:1].isupper():
            found.add(entry.simplified)
    return frozenset(found - NOT_SURNAMES)


class Names:
    """The names of some texts, learnt from their Chinese (and English) sides."""

    def __init__(self, surnames: frozenset[str], is_word, readings=None) -> None:
        """`is_word(text)`: whether a string is a dictionary headword; `readings(char)`:
        a character's toneless readings ("chen"), to recognise a name the English side
        spells (without it, names are known by recurrence only)."""
        self.surnames = surnames
        self._is_word = is_word
        self._readings = readings
        self._counts: Counter[str] = Counter()
        self._surname_counts: Counter[str] = Counter()
        self.known: set[str] = set()  # names attested by a pair's English side

    # -- learning --------------------------------------------------------------------------

    def candidates(self, zh: str) -> Iterable[tuple[int, str]]:
        """(start, string) of every surname + one- or two-character given name in `zh`.
        Whether one is a name is for `is_name` to say: a dictionary word never is; one
        the English side spells always is; else it must recur, make up a good share of
        its surname's occurrences, start with one of the commonest surnames if its given
        name has one character, and have a given name of two that is neither a doubled
        character (直挺挺) nor a word (全宇宙)."""
        surnames = self.surnames
        for start, char in enumerate(zh):
            if char in surnames or zh[start:start + 2] in surnames:
                for name in self._candidates_at(zh, start):
                    yield start, name

    def _candidates_at(self, zh: str, start: int) -> list[str]:
        """The names that could start at zh[start]: not a given name that starts with a
        grammatical character or ends with a particle, nor one whose first character makes
        a word with the surname (高粱地, 明星的)."""
        is_word = self._is_word
        found = []
        for surname in (zh[start:start + 2], zh[start]):
            if surname not in self.surnames:
                continue
            rest = start + len(surname)
            for size in (1, 2):
                given = zh[rest:rest + size]
                if (len(given) == size and all(map(is_han, given)) and given[0] not in NOT_GIVEN
                        and given[-1] not in NOT_LAST and not (size == 2 and is_word(surname + given[0]))):
                    found.append(surname + given)
        return found

    def learn(self, zh: str, en: str = "") -> None:
        """Count the candidates of a Chinese side; with its English side, keep those whose
        pinyin it spells as capitalised words."""
        found = list(self.candidates(zh))
        self._counts.update(name for _, name in found)
        surnames = self.surnames
        self._surname_counts.update(char for char in zh if char in surnames)
        if en and found and self._readings is not None:
            spelt = _capitalised_keys(en)
            if spelt:
                for _, name in found:
                    if _keys(name, self._readings) & spelt:
                        self.known.add(name)

    def learnt(self) -> tuple[dict[str, int], dict[str, int], list[str]]:
        """What the names learnt from a text are (to keep, and give `restore`)."""
        return dict(self._counts), dict(self._surname_counts), sorted(self.known)

    def restore(self, learnt: tuple[dict[str, int], dict[str, int], list[str]]) -> None:
        """Take up what `learnt` gave, as if the text had been learnt again."""
        counts, surname_counts, known = learnt
        self._counts = Counter(counts)
        self._surname_counts = Counter(surname_counts)
        self.known = set(known)

    # -- finding ---------------------------------------------------------------------------

    def is_name(self, candidate: str) -> bool:
        if self._is_word(candidate):
            return False
        if candidate in self.known:
            return True
        surname = candidate[:2] if len(candidate) > 2 and candidate[:2] in self.surnames else candidate[:1]
        given = candidate[len(surname):]
        if len(given) == 1 and surname not in COMMON_SURNAMES:
            return False
        if len(given) == 2 and (self._is_word(given) or (given[0] == given[1] and not self._strong(candidate))):
            return False  # 全宇宙, 新天文; 直挺挺, 沉甸甸 (but 刘老老, Grannie Liu, all through a chapter)
        count = self._counts[candidate]
        return count >= MIN_COUNT and count >= MIN_SHARE * self._surname_counts[surname[0]]

    def _strong(self, candidate: str) -> bool:
        """A name the text leaves no doubt about: spelt by the English side, or frequent
        and most of its surname's occurrences (a name even after 天, as in 这一天 + name)."""
        count = self._counts[candidate]
        return candidate in self.known or (count >= 3 and 2 * count >= self._surname_counts[candidate[0]])

    def name_at(self, zh: str, start: int) -> int | None:
        """The end of the name that starts at zh[start], if one does: the longer one when
        both a two- and a three-character name fit (陈清扬 over 陈清), unless the longer
        one is much rarer than the shorter (王二 in 王二说, 王二笑)."""
        if zh[start] not in self.surnames and zh[start:start + 2] not in self.surnames:
            return None
        best = None
        before = zh[start - 1:start + 1] if start and is_han(zh[start - 1]) and zh[start - 1] not in TITLES else ""
        for candidate in self._candidates_at(zh, start):
            end = start + len(candidate)
            if not self.is_name(candidate):
                continue
            if not self._strong(candidate):
                # Where the text could be read otherwise, the dictionary's reading wins: the
                # name would start at the end of a word (背景辐射) or end inside one (王夫 of
                # 王夫人, 叶老 of 叶老师).
                if before and self._is_word(before):
                    continue
                if end < len(zh) and self._is_word(zh[end - 1:end + 1]):
                    continue
            if best is None:
                best = candidate
            elif len(candidate) > len(best) and (
                candidate in self.known or 2 * self._counts[candidate] >= self._counts[best]
            ):
                best = candidate
        return start + len(best) if best else None


def _capitalised_keys(en: str) -> set[str]:
    """Toneless keys of the runs of two or three capitalised words in English text, as a
    name in pinyin is written ("Chen Qingyang", "Wang Er" -> "chenqingyang", "wanger")."""
    return {re.sub(r"[^a-z]", "", match.group().lower())
            for match in re.finditer(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+(?:['’](?!s\b)[a-z]+)?){1,2}\b", en)}


def _keys(name: str, readings) -> set[str]:
    """Every toneless reading of a string (heteronyms: 单 is dan, shan, chan)."""
    options = [""]
    for char in name:
        options = [prefix + reading for prefix in options for reading in readings(char) or ("?",)][:64]
    return set(options)
