"""English words as the aligner compares them: function words left out, numbers as
numbers, stems, and the irregular forms that a suffix rule cannot reach (said -> say,
went -> go, children -> child).

A word of running text may stand for more than one key: "left" is the past of "leave"
and the opposite of "right", "found" the past of "find" and a verb of its own, so
`text_keys` gives every reading and a match on any of them counts. A gloss word of the
dictionary is a base form already and has one key (`gloss_key`).
"""

from __future__ import annotations

import re
from functools import lru_cache

STOPWORDS = frozenset("""
a an the of to and or but in on at by for with from as into onto upon out up down off over
under about than then so if is are was were be been being am do does did done have has had
having it its it's this that these those there here which who whom whose what when where why
how not no nor all any some such very can could may might must shall should will would one
sb sth someone something oneself etc i me my mine we us our ours you your yours he him his she
her hers they them their theirs just also too only own same other s t don don't
""".split())

# Words that CC-CEDICT's glosses use about the entry rather than as its meaning.
GLOSS_NOISE = frozenset("""
lit fig see used kind variant cl abbr pr pref suff esp particle surname also
""".split())

NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
NUMBERS |= {w: 10 * i for i, w in enumerate("thirty forty fifty sixty seventy eighty ninety".split(), start=3)}
NUMBERS |= {"hundred": 100, "thousand": 1000, "million": 1000000, "billion": 1000000000}
NUMBERS |= {w: i for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split(), start=1)}
MONTHS = {w: i for i, w in enumerate(
    "january february march april may june july august september october november december".split(), start=1)}

# Irregular forms and the base form each may stand for (verbs: past and participle;
# nouns: plurals; adjectives: comparison).
_IRREGULAR_TABLE = """
arise arose arisen|awake awoke awoken|bear bore borne born|beat beaten|become became|begin began begun
bend bent|bind bound|bite bit bitten|bleed bled|blow blew blown|break broke broken|breed bred
bring brought|build built|burn burnt|buy bought|catch caught|choose chose chosen|cling clung
come came|creep crept|deal dealt|dig dug|draw drew drawn|dream dreamt|drink drank drunk
drive drove driven|eat ate eaten|fall fell fallen|feed fed|feel felt|fight fought|find found
flee fled|fling flung|fly flew flown|forbid forbade forbidden|forget forgot forgotten
forgive forgave forgiven|freeze froze frozen|get got gotten|give gave given|go went gone|grind ground
grow grew grown|hang hung|hear heard|hide hid hidden|hold held|keep kept|kneel knelt|know knew known
lay laid|lead led|lean leant|leap leapt|learn learnt|leave left|lend lent|lie lay lain|light lit
lose lost|make made|mean meant|meet met|pay paid|ride rode ridden|ring rang rung|rise rose risen
run ran|say said|see saw seen|seek sought|sell sold|send sent|shake shook shaken|shine shone
shoot shot|show shown|shrink shrank shrunk|sing sang sung|sink sank sunk|sit sat|sleep slept
slide slid|speak spoke spoken|speed sped|spend spent|spin spun|spit spat|spring sprang sprung
stand stood|steal stole stolen|stick stuck|sting stung|stink stank|strike struck stricken
strive strove striven|swear swore sworn|sweep swept|swim swam swum|swing swung|take took taken
teach taught|tear tore torn|tell told|think thought|throw threw thrown|tread trod trodden
understand understood|wake woke woken|wear wore worn|weave wove woven|weep wept|win won|wind wound
withdraw withdrew withdrawn|write wrote written|fit fitted|flow flowed
man men|woman women|child children|foot feet|tooth teeth|goose geese|mouse mice|person people
life lives|wife wives|knife knives|wolf wolves|half halves|leaf leaves|thief thieves|shelf shelves
good better best|well better best|bad worse worst|little less least|far farther further farthest
"""
IRREGULAR: dict[str, tuple[str, ...]] = {}
for _group in _IRREGULAR_TABLE.replace("\n", "|").split("|"):
    if _group.strip():
        _base, *_forms = _group.split()
        for _form in _forms:
            IRREGULAR[_form] = tuple(dict.fromkeys(IRREGULAR.get(_form, ()) + (_base,)))

_WORD = re.compile(r"[a-z]+")

# Function words that translate all the same: the personal pronouns and the negation,
# each group one key (~he for he, him, his; CC-CEDICT glosses 他 as "he; him"). They tell
# short sentences apart ("Not me." and 不是我。) where content words are few.
FUNCTION_WORDS: dict[str, str] = {}
for _key, _words in (("~i", "i me my mine myself"), ("~we", "we us our ours ourselves"),
                     ("~you", "you your yours yourself yourselves"), ("~he", "he him his himself"),
                     ("~she", "she her hers herself"), ("~they", "they them their theirs themselves"),
                     ("~not", "not no never nor don't")):
    for _w in _words.split():
        FUNCTION_WORDS[_w] = _key
FUNCTION_KEYS = frozenset(FUNCTION_WORDS.values())


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A crude English stem, enough to meet "walked" with "walk" and "cities" with "city"
    (remembered: a text asks for the same words again and again)."""
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) <= 3:
        return word
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("ly", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + repl
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
        word = word[:-1]  # stopped -> stopp -> stop
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


def number_key(value: int | float | str) -> str:
    return f"#{value}"


def text_keys(lower: str, function_words: bool = True, irregular: bool = True) -> tuple[str, ...]:
    """The keys a lower-case word of running text stands for; () for a function word
    (`function_words`: pronouns and negation have keys; `irregular`: irregular forms stand
    for their base form too)."""
    if lower in NUMBERS:
        return (number_key(NUMBERS[lower]),)
    if function_words and lower in FUNCTION_WORDS:
        return (FUNCTION_WORDS[lower],)
    if lower in STOPWORDS or lower in FUNCTION_WORDS:
        return ()
    keys = [stem(lower)]
    for base in IRREGULAR.get(lower, ()) if irregular else ():
        keys.append(stem(base))
    if lower in MONTHS:
        keys.append(f"@{MONTHS[lower]}")
    return tuple(dict.fromkeys(keys))


def gloss_key(lower: str) -> str | None:
    """The key of a (lower-case) word of a dictionary gloss, or None when it says nothing
    (a function word, or a word about the entry such as "variant" or "abbr")."""
    if lower in NUMBERS:
        return number_key(NUMBERS[lower])
    if lower in FUNCTION_WORDS:
        return FUNCTION_WORDS[lower]
    if lower in STOPWORDS or lower in GLOSS_NOISE or len(lower) < 2:
        return None
    return stem(lower)


def gloss_keys(text: str) -> set[str]:
    """The keys of the words of a gloss or a rendering."""
    keys = set()
    for word in _WORD.findall(text.lower()):
        key = gloss_key(word)
        if key is not None:
            keys.add(key)
    return keys


TOKEN = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)?")


def english_tokens(text: str, offset: int = 0) -> list[tuple[str, int, int]]:
    """English tokens as (stem, start, end); numbers as they are (stem reads 2022 as 202)."""
    return [(token_key(m.group()), offset + m.start(), offset + m.end()) for m in TOKEN.finditer(text)]


def token_key(word: str) -> str:
    """What an English token is compared by: its stem, a number as it is."""
    return word if word.isdigit() else stem(word)
