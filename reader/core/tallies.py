"""The tallies of a text for the library index: for each term a query of one index term
may be, its hits in the text and the units holding it, counted when the text is indexed
so that the answer to a common word is read, not counted (a million units: 'Japan' is
in most of them).

The terms: each Han character of the Chinese side; each pair of Han characters that
follow one another in a unit, but a character twice (安安 in 安安安 is one hit and two
pairs: such a query is counted from the index as before); each English word of ASCII
letters and digits, lowercased, counted in the units not marked odd only (see
reader.core.library_index: in those the index's words are exactly re's whole words, the
odd ones are read when a query is answered). A term's hits are then exactly what
`reader.core.concord.find` finds of it, and its units those holding one.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import chain

from .script import HAN_RANGES, is_han

_ASCII_WORD = re.compile(r"[a-z0-9]+")

# What parts the words of English not marked odd: every character it may hold but the
# ASCII letters and digits (the odd mark's complement, reader.core.library_index._ODD)
_NOT_WORD = {code: " " for code in range(0x80) if not chr(code).isalnum()}
for _low, _high in ((0xA0, 0xA0), (0xA7, 0xA7), (0xA9, 0xA9), (0xAB, 0xAB), (0xAE, 0xAE), (0xB0, 0xB1),
                    (0xB6, 0xB7), (0xBB, 0xBB), (0x2010, 0x2027), (0x2030, 0x205E)):
    _NOT_WORD.update((code, " ") for code in range(_low, _high + 1))


def plain_words(en: str) -> list[str]:
    """The index's words of English not marked odd, lowercased (ASCII letters and digits)."""
    return en.lower().translate(_NOT_WORD).split()


def tally_term(lang: str, query: str) -> str | None:
    """The term of the tallies a query of side `lang` is, if it is one (see the module)."""
    if lang == "en":
        word = query.lower()
        return word if word.isascii() and _ASCII_WORD.fullmatch(word) else None
    if 1 <= len(query) <= 2 and all(map(is_han, query)) and (len(query) == 1 or query[0] != query[1]):
        return query
    return None


def tallies(zh_sides: list[str], plain_en: list[list[str]]) -> list[tuple[str, int, int]]:
    """(term, hits, units holding it) of a text: its units' Chinese sides and the words
    of its English sides not marked odd (`plain_words`)."""
    import numpy as np  # here: only indexing a text counts (a query reads the counts)

    found: list[tuple[str, int, int]] = []
    if zh_sides:
        # a code point each, and the unit it is in (the line break between two is no Han)
        joined = "\n".join(zh_sides).encode("utf-32-le", "surrogatepass")  # a lone surrogate too
        codes = np.frombuffer(joined, dtype=np.uint32).astype(np.int64)
        unit = np.repeat(np.arange(len(zh_sides)), [len(side) + 1 for side in zh_sides])[:len(codes)]
        han = np.zeros(len(codes), dtype=bool)
        for low, high in HAN_RANGES:
            han |= (codes >= low) & (codes <= high)
        for term, hits, held in _counted(codes[han], unit[han]):
            found.append((chr(term), hits, held))
        pair = han[:-1] & han[1:] & (codes[:-1] != codes[1:])  # two different Han characters in a row
        for term, hits, held in _counted(codes[:-1][pair] << 21 | codes[1:][pair], unit[:-1][pair]):
            found.append((chr(term >> 21) + chr(term & 0x1FFFFF), hits, held))
    word_hits = Counter(chain.from_iterable(plain_en))
    word_units = Counter(chain.from_iterable(map(set, plain_en)))
    found += [(word, hits, word_units[word]) for word, hits in word_hits.items()]
    return found


def _counted(terms, units) -> zip:
    """(term, occurrences, distinct units) of arrays of terms and the unit each is in."""
    import numpy as np

    if not len(terms):
        return zip((), (), ())
    order = np.lexsort((units, terms))
    terms, units = terms[order], units[order]
    first = np.ones(len(terms), dtype=bool)  # the first of each term
    first[1:] = terms[1:] != terms[:-1]
    first_in_unit = first.copy()  # the first of each term in each unit
    first_in_unit[1:] |= units[1:] != units[:-1]
    starts = np.flatnonzero(first)
    hits = np.diff(np.append(starts, len(terms)))
    held = np.add.reduceat(first_in_unit.astype(np.int64), starts)
    return zip(terms[starts].tolist(), hits.tolist(), held.tolist())
