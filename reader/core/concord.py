"""The parallel concordance: hits of a word, a phrase, a regular expression or a glossary
term over the library index (reader.core.library_index), each with its aligned sentence
and the likely counterpart of the hit there, and the summaries of them (hits per text,
the renderings found).

English words match as whole words, case-insensitively; Chinese as substrings; a regular
expression as written (Python `re`). The index narrows the units to check where it can;
every hit is found in the unit's own text, so counts are those of the texts.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .errors import ReaderError
from .library_index import LibraryIndex, Unit, has_han
from .model import Pair

SORT_KEYS = ("text", "left", "right", "hit")


@dataclass(slots=True)
class Hit:
    unit: Unit
    lang: str  # the side the hit is in
    start: int  # in the unit's side
    end: int
    query: str = ""  # the form searched for (a term's rendering, say)
    counterpart: tuple[int, int] | None = None  # in the aligned side of the unit
    counterpart_text: str = ""

    @property
    def text(self) -> str:
        return self.unit.text

    @property
    def pair(self) -> str:
        return self.unit.pair

    @property
    def other(self) -> str:
        return "zh" if self.lang == "en" else "en"

    @property
    def sentence(self) -> str:
        return self.unit.side(self.lang)

    @property
    def hit(self) -> str:
        return self.sentence[self.start:self.end]

    @property
    def aligned(self) -> str:
        return self.unit.side(self.other)

    def left(self, context: int) -> str:
        return self.sentence[max(0, self.start - context):self.start]

    def right(self, context: int) -> str:
        return self.sentence[self.end:self.end + context]

    def pair_span(self, lang: str | None = None) -> tuple[int, int] | None:
        """The hit (or, for the other side, its counterpart) as a span of the pair's side."""
        lang = lang or self.lang
        span = (self.start, self.end) if lang == self.lang else self.counterpart
        if span is None:
            return None
        at = self.unit.at(lang)
        return at + span[0], at + span[1]


def language(query: str) -> str:
    return "zh" if has_han(query) else "en"


def word_pattern(query: str, lang: str) -> re.Pattern:
    """What a word or phrase matches: Chinese as a substring; English as whole words,
    case-insensitively, any run of space between the words."""
    if lang == "zh":
        return re.compile(re.escape(query))
    words = query.split()
    body = r"\s+".join(re.escape(word) for word in words)
    before = r"(?<!\w)" if words and re.match(r"\w", words[0]) else ""
    after = r"(?!\w)" if words and re.search(r"\w$", words[-1]) else ""
    return re.compile(before + body + after, re.IGNORECASE)


def compile_regex(pattern: str) -> re.Pattern:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ReaderError(f"bad regular expression {pattern!r}: {exc}") from None


def required_literal(pattern: str) -> str:
    """The longest run of literal characters every match of `pattern` holds (at its top
    level, as written: none under IGNORECASE), or "" (then every unit is scanned)."""
    try:
        from re import _parser as parser  # Python 3.11+
    except ImportError:  # pragma: no cover
        import sre_parse as parser
    try:
        parsed = parser.parse(pattern)
    except Exception:
        return ""
    if parsed.state.flags & re.IGNORECASE:
        return ""
    best, run = "", ""
    for op, arg in parsed:
        if str(op) == "LITERAL":
            run += chr(arg)
            best = max(best, run, key=len)
        else:
            run = ""
    return best


def find(index: LibraryIndex, query: str, *, regex: bool = False, lang: str | None = None,
         text: str | None = None, limit: int | None = None) -> list[Hit]:
    """Every hit of `query` (a word, a phrase, or with `regex` a regular expression) on
    side `lang` (by default the language of the query's script), in the library's order;
    the first `limit` only when given."""
    if not query.strip():
        raise ReaderError("the query is empty")
    lang = lang or language(query)
    if regex:
        pattern = compile_regex(query)
        needed = required_literal(query)
        if needed and lang == "zh" and has_han(needed):
            units = index.candidates("zh", needed, text)
        elif needed:
            units = index.containing(lang, needed, text)
        else:
            units = index.scan(lang, text)
    else:
        pattern = word_pattern(query.strip(), lang)
        units = index.candidates(lang, query.strip(), text)
    hits = []
    for unit in units:
        side = unit.side(lang)
        for match in pattern.finditer(side):
            if match.end() > match.start():
                hits.append(Hit(unit, lang, match.start(), match.end(), query))
        if limit is not None and len(hits) >= limit:
            return hits[:limit]
    return hits


def find_term(index: LibraryIndex, entries, term: str, text: str | None = None) -> tuple[list, list[Hit]]:
    """Every hit of a glossary term: the entries whose Chinese or a rendering is `term`,
    searched for in Chinese and by every rendering in English."""
    wanted = term.strip().casefold()
    chosen = [entry for entry in entries
              if entry.zh == term.strip() or any(r.casefold() == wanted for r in entry.renderings)]
    if not chosen:
        raise ReaderError(f"no glossary term {term!r} (neither its Chinese nor a rendering)")
    hits: list[Hit] = []
    seen = set()
    for entry in chosen:
        forms = [(entry.zh, "zh")] + [(r, "en") for r in entry.renderings if r]
        for form, lang in forms:
            for hit in find(index, form, lang=lang, text=text):
                key = (hit.unit.id, hit.lang, hit.start, hit.end)
                if key not in seen:
                    seen.add(key)
                    hits.append(hit)
    hits.sort(key=lambda hit: (hit.unit.id, hit.lang, hit.start))
    return chosen, hits


def empty_units(index: LibraryIndex, text: str | None = None) -> list[Unit]:
    return list(index.empty_sided(text))


# -- counterparts ----------------------------------------------------------------------


def counterpart_of(unit: Unit, lang: str, span: tuple[int, int], dictionary) -> tuple[int, int] | None:
    """The likely counterpart of `span` of side `lang` in the unit's other side, through
    CC-CEDICT (reader.core.counterpart); word links may answer here later."""
    if dictionary is None or not unit.en or not unit.zh:
        return None
    pair = Pair(id=unit.pair, kind=unit.kind or "body", en=unit.en, zh=unit.zh)
    if lang == "zh":
        from .counterpart import counterpart

        found = counterpart(pair, span, dictionary)
        return found.span if found.found_by == "text" else None
    return _chinese_for(unit.zh, unit.en[span[0]:span[1]], dictionary)


def _chinese_for(zh: str, english: str, dictionary) -> tuple[int, int] | None:
    """The Chinese words of `zh` whose CC-CEDICT senses render the words of `english`:
    the word rendering the most of them, with its neighbours that render some too."""
    from .counterpart import alike, sense_keys
    from .english import STOPWORDS, stem

    wanted = [stem(word.lower()) for word in re.findall(r"[A-Za-z0-9]+", english)]
    wanted = [word for word in wanted if word not in STOPWORDS] or wanted
    if not wanted:
        return None
    scored = []
    for start, end in dictionary.segment(zh):
        keys = sense_keys(d for entry in dictionary.lookup(zh[start:end]) for d in entry.definitions)
        score = sum(1 for word in wanted if any(alike(word, key) for key in keys))
        scored.append((start, end, score))
    if not scored or max(score for _, _, score in scored) == 0:
        return None
    best = max(range(len(scored)), key=lambda n: (scored[n][2], scored[n][1] - scored[n][0]))
    first = last = best
    covered = scored[best][2]
    while covered < len(wanted) and first > 0 and scored[first - 1][2] and scored[first - 1][1] == scored[first][0]:
        first -= 1
        covered += scored[first][2]
    while covered < len(wanted) and last + 1 < len(scored) and scored[last + 1][2] and scored[last][1] == scored[last + 1][0]:
        last += 1
        covered += scored[last][2]
    return scored[first][0], scored[last][1]


def add_counterparts(hits: Iterable[Hit], dictionary, entries=None) -> None:
    """Fill in each hit's counterpart: for a glossary term's hit, the term's own form
    found in the aligned side (a rendering for its Chinese, the Chinese for a rendering),
    else the counterpart through the dictionary."""
    for hit in hits:
        span = None
        if entries:
            span = _term_counterpart(hit, entries)
        if span is None:
            span = counterpart_of(hit.unit, hit.lang, (hit.start, hit.end), dictionary)
        hit.counterpart = span
        hit.counterpart_text = hit.aligned[span[0]:span[1]] if span else ""


def _term_counterpart(hit: Hit, entries) -> tuple[int, int] | None:
    """The glossary's own form in the aligned side: a rendering of the term (found as
    the glossary finds it, endings allowed) for its Chinese, the Chinese for a rendering."""
    from .matching import TermMatcher

    mine = [entry for entry in entries
            if (hit.lang == "zh" and hit.hit == entry.zh)
            or (hit.lang == "en" and any(hit.hit.casefold() == r.casefold() for r in entry.renderings))]
    if not mine:
        return None
    found = TermMatcher(mine).find(hit.aligned, hit.other, overlapping=True)
    return (found[0].start, found[0].end) if found else None


# -- summaries and order ---------------------------------------------------------------


def sort_hits(hits: list[Hit], key: str, context: int = 40) -> list[Hit]:
    if key not in SORT_KEYS:
        raise ReaderError(f"--sort {key!r}: sort by one of {', '.join(SORT_KEYS)}")
    order: dict[str, Callable[[Hit], tuple]] = {
        "text": lambda hit: (hit.unit.id, hit.start),
        "left": lambda hit: (hit.left(context)[::-1].casefold(), hit.unit.id),
        "right": lambda hit: (hit.right(context).casefold(), hit.unit.id),
        "hit": lambda hit: (hit.hit.casefold(), hit.unit.id),
    }
    return sorted(hits, key=order[key])


def per_text(hits: Iterable[Hit]) -> list[tuple[str, int, int]]:
    """(text, hits, units with a hit) for each text, most hits first."""
    counts: Counter = Counter()
    units: dict[str, set] = {}
    for hit in hits:
        counts[hit.text] += 1
        units.setdefault(hit.text, set()).add(hit.unit.id)
    return [(text, count, len(units[text])) for text, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def renderings(hits: Iterable[Hit]) -> dict[str, list[tuple[str, int]]]:
    """For each side searched, the counterparts found in the other language with their
    counts (a hit without one counts as "" ), most frequent first."""
    tables: dict[str, Counter] = {}
    for hit in hits:
        shown = hit.counterpart_text.lower() if hit.lang == "zh" else hit.counterpart_text
        tables.setdefault(hit.lang, Counter())[" ".join(shown.split())] += 1
    return {lang: sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])) for lang, counter in tables.items()}
