"""Pinyin: tone marks and tone numbers, syllables, keys for matching, and the pinyin of
Chinese text.

Three spellings of the same word meet here: CC-CEDICT's numbered form (``fan3 ji1``,
``lu:e4``), the tone-marked form readers see (``fǎnjī``), and what people type into a
search box (``fanji``, ``fan3ji1``, ``xi'an``). Every function is pure; pypinyin, slow to
import, is imported only by `hanzi_pinyin`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

from .script import han_runs

# Every syllable of standard Mandarin (ü written v), plus the rare ones CC-CEDICT uses
# (biang, dia, fiao, kei, lo, nou, shei, yo, zhei, ...).
SYLLABLES = frozenset("""
a ai an ang ao e ei en eng er o ou
ba bai ban bang bao bei ben beng bi bia bian biang biao bie bin bing biu bo bu
pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou pu
ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu
fa fan fang fei fen feng fiao fo fou fu
da dai dan dang dao de dei den deng di dia dian diao die ding diu dong dou du duan dui
dun duo
ta tai tan tang tao te tei teng ti tian tiao tie ting tong tou tu tuan tui tun tuo
na nai nan nang nao ne nei nen neng ni nian niang niao nie nin ning niu nong nou nu nuan
nun nuo nv nve
la lai lan lang lao le lei leng li lia lian liang liao lie lin ling liu lo long lou lu
luan lun luo lv lve
ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui gun guo
ka kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo
ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo
ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun
qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun
xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun
zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang
zhui zhun zhuo
cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui
chun chuo
sha shai shan shang shao she shei shen sheng shi shou shu shua shuai shuan shuang shui
shun shuo
ran rang rao re ren reng ri rong rou ru rua ruan rui run ruo
za zai zan zang zao ze zei zen zeng zi zong zou zu zuan zui zun zuo
ca cai can cang cao ce cei cen ceng ci cong cou cu cuan cui cun cuo
sa sai san sang sao se sei sen seng si song sou su suan sui sun suo
ya yai yan yang yao ye yi yin ying yo yong you yu yuan yue yun
wa wai wan wang wei wen weng wo wu
""".split())

# Syllables without a vowel (interjections such as 嗯 ng, 呣 m, 哼 hng) and ê: accepted only
# as a whole syllable run of their own, or they would make "mn" or "hng" look like pinyin.
INTERJECTIONS = frozenset({"m", "n", "ng", "hm", "hng", "ê"})

# How people type ü after l and n when their keyboard has no ü: l-u-e is lüe, never lu+e.
SPELLING_VARIANTS = {"lue": "lve", "nue": "nve"}

_MAX_SYLLABLE = max(map(len, SYLLABLES))
_ALL_SYLLABLES = SYLLABLES | INTERJECTIONS | {"r"} | set(SPELLING_VARIANTS)

_TONE_MARKS = {1: "\u0304", 2: "\u0301", 3: "\u030c", 4: "\u0300"}  # macron acute caron grave
_MARK_TONES = {mark: tone for tone, mark in _TONE_MARKS.items()}

# A numbered syllable in running text: letters (with u: for ü) and a tone digit.
_NUMBERED = re.compile(r"([A-Za-zÜüÊê]+(?::[A-Za-z]*)?)([1-5])")
_TONE_DIGIT_AFTER_LETTER = re.compile(r"(?<=[a-zêv])[1-5]")
_SEPARATORS = re.compile(r"[\s'’‘`\-]+")
_OPENING = frozenset("（「『“‘《〈【〔〖([{")
_CLOSING = frozenset("，。、；：？！）」』”’》〉】〕〗…·,.;:?!)]}%")


def _base_letter(char: str) -> tuple[str, int | None] | None:
    """A typed or printed letter as (base letter, tone mark's tone or None): ǎ -> (a, 3),
    ǘ -> (v, 2), ü -> (v, None). None if it is not a letter pinyin uses."""
    lower = char.lower()
    if "a" <= lower <= "z":
        return lower, None
    decomposed = unicodedata.normalize("NFD", lower)
    tone = _MARK_TONES.get(decomposed[-1]) if len(decomposed) > 1 else None
    if tone is not None:
        decomposed = decomposed[:-1]
    base = unicodedata.normalize("NFC", decomposed)
    if base == "ü":
        return "v", tone
    if base == "ê" or ("a" <= base <= "z" and len(base) == 1):
        return base, tone
    return None


def _mark(letters: str, tone: int) -> str:
    """One syllable (u: or v for ü) with the tone mark where pinyin puts it: on a or e if
    there is one, on the o of ou, else on the last vowel; m and n carry it when there is no
    vowel (ḿ, ňg)."""
    letters = letters.replace("u:", "ü").replace("U:", "Ü").replace("v", "ü").replace("V", "Ü")
    if tone not in _TONE_MARKS:
        return letters
    lower = letters.lower()
    if "a" in lower:
        at = lower.index("a")
    elif "e" in lower or "ê" in lower:
        at = lower.index("e") if "e" in lower else lower.index("ê")
    elif "ou" in lower:
        at = lower.index("ou")
    else:
        vowels = [i for i, char in enumerate(lower) if char in "iouü"]
        nasals = [i for i, char in enumerate(lower) if char in "mn"]
        if not vowels and not nasals:
            return letters
        at = vowels[-1] if vowels else nasals[0]
    return unicodedata.normalize("NFC", letters[: at + 1] + _TONE_MARKS[tone] + letters[at + 1 :])


def _numbered_syllable(letters: str) -> bool:
    base = letters.lower().replace("u:", "v").replace("ü", "v")
    return base in _ALL_SYLLABLES


def marks_from_numbers(text: str) -> str:
    """CC-CEDICT's numbered pinyin with tone marks: "fan3 ji1" -> "fǎn jī", "lu:e4" -> "lüè",
    "Bei3 jing1" -> "Běi jīng"; tone 5 (neutral) gets no mark. Anything that is not a
    numbered syllable ("MP3", "2+2", "·") is left as it is."""

    def replace(match: re.Match) -> str:
        letters, digit = match.groups()
        if not _numbered_syllable(letters):
            return match.group()
        return _mark(letters, int(digit))

    return _NUMBERED.sub(replace, text)


def pinyin_word(numbered: str, division: Iterable[int] | None = None) -> str:
    """A CC-CEDICT pinyin field written as words, the way GB/T 16159 (the national
    standard for pinyin orthography) writes them: syllables joined into one word ("fan3
    ji1" -> "fǎnjī", "Xi1 an1" -> "Xī'ān"), a new word at each capital ("Mao2 Ze2 dong1"
    -> "Máo Zédōng"), and tokens that are not syllables (Latin letters, "·") kept apart
    ("san1 C" -> "sān C"). `division` gives the syllables of each word of a long headword
    that divides into words (战略伙伴, [2, 2] -> "zhànlüè huǒbàn")."""
    ends = set()
    if division:
        at = 0
        for size in division:
            at += size
            ends.add(at)
    words: list[list[str]] = []
    open_word = False
    count = 0
    for token in numbered.split():
        match = _NUMBERED.fullmatch(token)
        if match and _numbered_syllable(match.group(1)):
            syllable = _mark(match.group(1), int(match.group(2)))
            if open_word and not syllable[0].isupper() and count not in ends:
                words[-1].append(syllable)
            else:
                words.append([syllable])
                open_word = True
        else:
            words.append([token])
            open_word = False
        count += 1
    return " ".join(join_syllables(word) for word in words)


def capitalise(word: str) -> str:
    """A pinyin word with a capital first letter, tone mark and all ("ǎi" -> "Ǎi")."""
    return word[:1].upper() + word[1:]


def join_syllables(syllables: Iterable[str]) -> str:
    """Syllables written as one word, with an apostrophe before a syllable that starts
    with a, e or o (xī'ān, tiān'ānmén), as pinyin spelling requires."""
    word = ""
    for syllable in syllables:
        if word and syllable and _first_base(syllable) in ("a", "e", "o"):
            word += "'"
        word += syllable
    return word


def _first_base(syllable: str) -> str:
    letter = _base_letter(syllable[0])
    return letter[0] if letter else syllable[0]


def strip_tones(text: str) -> str:
    """Pinyin without tones, lower-cased, ü written v: "fǎnjī nénglì" -> "fanji nengli",
    "fan3ji1" -> "fanji", "lu:e4" -> "lve". Digits that do not follow a letter stay."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    toneless = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _MARK_TONES))
    toneless = toneless.replace("u:", "v").replace("ü", "v")
    return _TONE_DIGIT_AFTER_LETTER.sub("", toneless)


def _runs(text: str) -> list[tuple[list[tuple[str, str, int | None]], str]] | None:
    """Text as runs of letters, each ended by a separator or a tone digit: a run is its
    letters as (base letter, what was written, mark tone) plus the digit ("" if none).
    None if something in it cannot be pinyin."""
    runs = []
    for token in _SEPARATORS.split(unicodedata.normalize("NFC", text.strip())):
        units: list[tuple[str, str, int | None]] = []
        index = 0
        while index < len(token):
            char = token[index]
            if char in "12345":
                if not units:
                    return None
                runs.append((units, char))
                units = []
            elif char in "uU" and token[index + 1 : index + 2] == ":":
                units.append(("v", token[index : index + 2], None))
                index += 1
            else:
                letter = _base_letter(char)
                if letter is None:
                    return None
                units.append((letter[0], char, letter[1]))
            index += 1
        if units:
            runs.append((units, ""))
    return runs


def _split_run(base: str, marked: list[bool]) -> list[int] | None:
    """Where the syllables of one run end. Written pinyin puts an apostrophe before a
    syllable that starts with a, e or o inside a word (xī'ān), so such a syllable starts
    only a run: "fanjinengli" is fan+ji+neng+li, never fan+jin+eng+li. Among the
    segmentations left, the longest first syllable wins, then the longest second one, and
    so on ("xian" stays one syllable). Tone marks can tell readings apart, as a syllable
    carries at most one ("xīān" is xī+ān, even without the apostrophe). An erhua r may
    close the run."""
    return _segmentation(base, marked, strict=True) or _segmentation(base, marked, strict=False)


def _segmentation(base: str, marked: list[bool], strict: bool) -> list[int] | None:
    n = len(base)
    # choice[i]: length of the syllable starting at i in the best segmentation of base[i:]
    choice = [0] * (n + 1)
    reachable = [False] * (n + 1)
    reachable[n] = True
    for start in range(n - 1, -1, -1):
        if strict and start > 0 and base[start] in "aeo":
            continue
        for length in range(min(_MAX_SYLLABLE, n - start), 0, -1):
            end = start + length
            if not reachable[end] or sum(marked[start:end]) > 1:
                continue
            piece = base[start:end]
            erhua = piece == "r" and end == n and start > 0
            if piece in SYLLABLES or piece in SPELLING_VARIANTS or erhua:
                choice[start] = length
                reachable[start] = True
                break
    if not reachable[0]:
        return [n] if base in INTERJECTIONS else None
    ends, at = [], 0
    while at < n:
        at += choice[at]
        ends.append(at)
    return ends


def _split(text: str) -> list[tuple[str, str, int | None]] | None:
    """Syllables as (as written, toneless base, tone or None)."""
    runs = _runs(text)
    if not runs:
        return None
    syllables = []
    for units, digit in runs:
        base = "".join(unit[0] for unit in units)
        ends = _split_run(base, [unit[2] is not None for unit in units])
        if ends is None and base == "r" and syllables:  # erhua written apart: yi1 dian3 r5
            ends = [1]
        if ends is None:
            return None
        start = 0
        for end in ends:
            piece = units[start:end]
            tones = [unit[2] for unit in piece if unit[2] is not None]
            tone = tones[0] if tones else None
            written = "".join(unit[1] for unit in piece)
            if end == len(units) and digit:
                written += digit
                tone = int(digit)
            syllables.append((written, base[start:end], tone))
            start = end
    return syllables


def split_syllables(text: str) -> list[str] | None:
    """Pinyin split into its syllables, each as written: "fanjinengli" -> ["fan", "ji",
    "neng", "li"], "fǎnjī" -> ["fǎn", "jī"], "fan3ji1" -> ["fan3", "ji1"], "xi'an" ->
    ["xi", "an"]. Spaces, apostrophes and hyphens separate syllables; elsewhere the
    longest first syllable wins ("xian" is one). None if the text is not pinyin."""
    syllables = _split(text)
    return None if syllables is None else [written for written, _, _ in syllables]


def parse_syllables(text: str) -> list[tuple[str, int | None]] | None:
    """Pinyin as (toneless syllable, tone) pairs: "fǎn ji1" -> [("fan", 3), ("ji", 1)];
    tone None where the text gives none; ü as v, and lue/nue read as lüe/nüe. None if the
    text is not pinyin."""
    syllables = _split(text)
    if syllables is None:
        return None
    return [(SPELLING_VARIANTS.get(base, base), tone) for _, base, tone in syllables]


def pinyin_key(text: str) -> str:
    """The toneless key queries and entries are matched on: lower-case letters only, ü as
    v: "Fǎnjī nénglì" -> "fanjinengli", "fan3 ji1" -> "fanji"."""
    return re.sub(r"[^a-zv]", "", strip_tones(text).replace("ê", "e"))


def tone_key(text: str) -> str | None:
    """The key with tones, a digit after each syllable ("fǎnjī" -> "fan3ji1", 5 for a
    syllable without a mark or digit), or None when the text carries no tones at all or
    is not pinyin."""
    syllables = parse_syllables(text)
    if not syllables or all(tone is None for _, tone in syllables):
        return None
    return "".join(f"{base.replace('ê', 'e')}{tone or 5}" for base, tone in syllables)


def looks_like_pinyin(query: str) -> bool:
    """Whether a query reads as pinyin (with or without tones): every piece a syllable, at
    least one of them a full one ("m" or "ng" alone are not enough). Many English words
    are also pinyin ("long", "change"), so a search should still try both."""
    syllables = _split(query)
    return bool(syllables) and any(base not in INTERJECTIONS for _, base, _ in syllables)


# -- pinyin for Chinese text -------------------------------------------------------------

Span = tuple[int, int]


def hanzi_pinyin(zh: str, segment: Callable[[str], Iterable[tuple]] | None = None, proper: bool = False) -> str:
    """Tone-marked pinyin of Chinese text, a word per space as GB/T 16159 writes it:
    "准同盟" -> "zhǔn tóngméng". Latin letters, digits and punctuation stay as they are
    ("2+2会谈" -> "2+2 huì tán" without a segmenter that knows 会谈).

    Readings come from pypinyin, which picks a heteronym's reading from its phrase list.
    Words come from `segment` (text -> (start, end) spans of words, or (start, end,
    capitalised) for proper nouns, such as `Dictionary.pinyin_words`); without one, from
    pypinyin's own phrase segmentation, which only knows the phrases whose reading is not
    their characters' default one, so that common words such as 反击 come out as single
    syllables ("fǎn jī nénglì"). `proper`: the text is a name (of a person, a place, an
    organisation...), every word capitalised ("Rìběn Zìwèiduì")."""
    from pypinyin import Style, pinyin  # slow to import: only when needed

    from .zhscript import to_simplified

    # pypinyin's phrase readings are of simplified words: a traditional text is read as its
    # simplified view, character for character (頭髮 as 头发: tóufa, not tóufā)
    zh = to_simplified(zh)
    readings: dict[int, str] = {}
    for start, end in han_runs(zh):
        run = zh[start:end]
        syllables = pinyin(run, style=Style.TONE, errors=lambda chars: list(chars))
        if len(syllables) != len(run):  # should not happen; read character by character
            syllables = [pinyin(char, style=Style.TONE, errors=lambda c: [c])[0] for char in run]
        for offset, choices in enumerate(syllables):
            readings[start + offset] = choices[0]

    words = sorted(tuple(span) + (False,) * (3 - len(span))
                   for span in (segment(zh) if segment is not None else _phrase_spans(zh)))
    tokens: list[str] = []
    at = 0
    for start, end, capital in words:
        if start < at:
            continue
        tokens.extend(capitalise(t) if proper else t for t in _tokens(zh, at, start, readings))
        word = _word(zh, start, end, readings)
        tokens.append(capitalise(word) if capital or proper else word)
        at = end
    tokens.extend(capitalise(t) if proper else t for t in _tokens(zh, at, len(zh), readings))
    return _join_tokens(tokens)


def _word(text: str, start: int, end: int, readings: dict[int, str]) -> str:
    """One word's syllables joined; characters without a reading (the OK of 卡拉OK) kept."""
    word, syllables = "", []
    for index in range(start, end):
        if index in readings:
            syllables.append(readings[index])
        else:
            word += join_syllables(syllables) + text[index]
            syllables = []
    return word + join_syllables(syllables)


def _tokens(text: str, start: int, end: int, readings: dict[int, str]) -> list[str]:
    """Outside the words: each Han character a word of its own, everything else verbatim."""
    tokens, other = [], ""
    for index in range(start, end):
        if index in readings:
            if other:
                tokens.append(other)
                other = ""
            tokens.append(readings[index])
        else:
            other += text[index]
    if other:
        tokens.append(other)
    return tokens


def _join_tokens(tokens: list[str]) -> str:
    """Words joined by single spaces, none inside a bracket or before closing punctuation,
    and no doubled spaces where the text had its own."""
    text = ""
    for token in tokens:
        if text and not (text[-1].isspace() or text[-1] in _OPENING
                         or token[0].isspace() or token[0] in _CLOSING):
            text += " "
        text += token
    return text


def _phrase_spans(text: str) -> list[Span]:
    from pypinyin.seg.mmseg import seg  # pypinyin's longest match over its phrase list

    spans = []
    for start, end in han_runs(text):
        at = start
        for word in seg.cut(text[start:end]):
            spans.append((at, at + len(word)))
            at += len(word)
    return spans
