"""The parallel concordance: hits of a word, a phrase, a regular expression or a glossary
term over the library index (reader.core.library_index), each with its aligned sentence
and the likely counterpart of the hit there, and the summaries of them (hits per text,
the renderings found).

English words match as whole words, case-insensitively; Chinese as substrings; a regular
expression as written (Python `re`). The index narrows the units to check where it can;
every hit is found in the unit's own text, so counts are those of the texts.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .errors import ReaderError
from .library_index import TEXT_SHIFT, LibraryIndex, Unit, han_tokens, has_han
from .script import HAN_CLASS
from .tallies import tally_term
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


def ascii_pattern(query: str) -> re.Pattern | None:
    """`word_pattern` of an ASCII English query for a side of ASCII only, lowercased: the
    same hits at the same places, found many times faster (a pattern that opens with its
    first word, not with a look-behind or under IGNORECASE, is searched for by that word;
    the look-behind follows it). None for a query beyond ASCII."""
    words = query.lower().split()
    if not words or not query.isascii():
        return None
    first = re.escape(words[0])
    before = rf"(?<!\w{first})" if re.match(r"\w", words[0]) else ""
    body = first + before + "".join(r"\s+" + re.escape(word) for word in words[1:])
    after = r"(?!\w)" if re.search(r"\w$", words[-1]) else ""
    return re.compile(body + after)


def compile_regex(pattern: str) -> re.Pattern:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ReaderError(f"bad regular expression {pattern!r}: {exc}") from None


# -- what the index is asked ------------------------------------------------------------

_ASCII_TOKEN = re.compile(r"[A-Za-z0-9]+")
_WORD = re.compile(r"[^\W_]+")  # letters and digits: what the index makes a token
_TERMS_MAX = 300  # index terms a part of a word may be; more, and it narrows nothing


@dataclass(frozen=True, slots=True)
class Plan:
    """How a query is answered: the side, what a hit is (`pattern`), the FTS5 expression
    that narrows the units to look in (None: every unit of the side), and, when the
    index can count the hits itself, the index terms of the query (`counted`: a word of
    ASCII letters and digits in English, Han characters in Chinese)."""

    lang: str
    pattern: re.Pattern
    expression: str | None
    counted: tuple[str, ...] = ()
    ascii: re.Pattern | None = None  # `pattern` for a side of ASCII only, lowercased (`ascii_pattern`)

    def matches(self, side: str):
        """The matches of `pattern` in a side (by `ascii` where it serves: the same spans)."""
        if self.ascii is not None and side.isascii():
            return self.ascii.finditer(side.lower())
        return self.pattern.finditer(side)


_ALL_HAN = re.compile(f"[{HAN_CLASS}]+")


def plan(index: LibraryIndex, query: str, *, regex: bool = False, lang: str | None = None) -> Plan:
    if not query.strip():
        raise ReaderError("the query is empty")
    lang = lang or language(query)
    if regex:
        pattern = compile_regex(query)
        literal = pure_literal(query)
        counted = tuple(literal) if literal and lang == "zh" and _ALL_HAN.fullmatch(literal) else ()
        return Plan(lang, pattern, regex_expression(index, query, lang), counted)
    query = query.strip()
    pattern = word_pattern(query, lang)
    if lang == "zh":  # each character a token: the query is a phrase of them
        return Plan(lang, pattern, f"zh : {_quoted(han_tokens(query))}",
                    tuple(query) if _ALL_HAN.fullmatch(query) else ())
    words = _WORD.findall(query)
    expression = f"en : {_quoted(' '.join(words))}" if words else None
    return Plan(lang, pattern, expression, (query.lower(),) if _ASCII_TOKEN.fullmatch(query) else (),
                ascii_pattern(query))


def _parser():
    try:
        from re import _parser as parser  # Python 3.11+
    except ImportError:  # pragma: no cover
        import sre_parse as parser
    return parser


def never_empty(pattern: re.Pattern) -> bool:
    """Whether every match of `pattern` is one character long at least."""
    try:
        return _parser().parse(pattern.pattern, pattern.flags).getwidth()[0] > 0
    except Exception:
        return False


def pure_literal(pattern: str) -> str | None:
    """The string a regex matches when it is nothing but literal characters (no flags)."""
    try:
        parsed = _parser().parse(pattern)
    except Exception:
        return None
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE) or not len(parsed):
        return None
    if all(str(op) == "LITERAL" for op, _ in parsed):
        return "".join(chr(arg) for _, arg in parsed)
    return None


def regex_expression(index: LibraryIndex, pattern: str, lang: str) -> str | None:
    r"""An FTS5 expression every unit holding a match of `pattern` on side `lang` matches
    (None when the regex requires nothing the index can look up): the literal runs every
    match must hold, within groups and repeats of once or more too, and an alternation
    when each of its branches requires something. English words of a run are whole
    index terms where the regex or the run bounds them, the start of a term where only
    its start is bound (`\bcounter\w+`: counter*), else the terms of the index holding
    them (`Tanak\w+`: every term holding "tanak"). Under IGNORECASE only characters
    without case count. The index only narrows: every unit is checked with `re`."""
    parser = _parser()
    try:
        parsed = parser.parse(pattern)
    except Exception:
        return None
    needs = _requirements(index, list(parsed), lang, bool(parsed.state.flags & re.IGNORECASE))
    return f"{lang} : ({' AND '.join(needs)})" if needs else None


def _requirements(index, items, lang: str, ignorecase: bool, anchored: bool = False) -> list[str]:
    """FTS5 expressions (each for side `lang`) that a unit matching the sequence `items`
    of a parsed regex matches, all of them (`anchored`: a word cannot go on before it)."""
    needs: list[str] = []
    run = ""

    def close(bounded_after: bool) -> None:
        nonlocal run
        if run:
            needs.extend(_run_expressions(index, run, lang, anchored, bounded_after))
        run = ""

    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            char = chr(arg)
            cased = char.lower() != char or char.upper() != char or char.casefold() != char
            if ignorecase and cased:
                close(False)  # the index may not fold it as re does
                anchored = False
            else:
                run += char
            continue
        bound = name == "AT" and str(arg) in ("AT_BOUNDARY", "AT_BEGINNING", "AT_BEGINNING_STRING",
                                               "AT_END", "AT_END_STRING")
        # what comes next starts a word when the run ends in ASCII that is no letter or digit
        after_run = bool(run) and run[-1].isascii() and not run[-1].isalnum()
        before = bound or after_run or (anchored and not run)
        close(bound)
        anchored = bound
        if name == "SUBPATTERN":
            _, add, delete, body = arg
            inner = (ignorecase or bool(add & re.IGNORECASE)) and not (delete & re.IGNORECASE)
            needs += _requirements(index, list(body), lang, inner, before)
        elif name == "ATOMIC_GROUP":
            needs += _requirements(index, list(arg), lang, ignorecase, before)
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, _, body = arg
            if low >= 1:
                needs += _requirements(index, list(body), lang, ignorecase, before)
        elif name == "BRANCH":
            branches = [_requirements(index, list(branch), lang, ignorecase, before) for branch in arg[1]]
            if branches and all(branches):
                needs.append("(" + " OR ".join("(" + " AND ".join(b) + ")" for b in branches) + ")")
    close(False)
    return needs


def _quoted(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _run_expressions(index, run: str, lang: str, bounded_before: bool, bounded_after: bool) -> list[str]:
    """What a unit holding the literal `run` matches (see `regex_expression`)."""
    if lang == "zh":  # each character a token: the run is a phrase of them
        return [_quoted(han_tokens(run))]
    found = []
    for match in _ASCII_TOKEN.finditer(run):
        token = match.group()
        # the run's own characters about a token are not letters or digits of the index
        # only where they are ASCII; a non-ASCII neighbour may be a letter of the token
        start = (match.start() > 0 and run[match.start() - 1].isascii()) or (match.start() == 0 and bounded_before)
        end = (match.end() < len(run) and run[match.end()].isascii()) or (match.end() == len(run) and bounded_after)
        if start and end:
            found.append(_quoted(token))
        elif start:
            found.append(_quoted(token) + "*")
        else:
            like = "%" + token + ("" if end else "%")
            terms = index.terms("en", like)
            if len(terms) > _TERMS_MAX:
                continue
            found.append("(" + " OR ".join(_quoted(term) for term in terms) + ")" if terms else '"\u0001"')
    return found


def find(index: LibraryIndex, query: str, *, regex: bool = False, lang: str | None = None,
         text: str | None = None, limit: int | None = None) -> list[Hit]:
    """Every hit of `query` (a word, a phrase, or with `regex` a regular expression) on
    side `lang` (by default the language of the query's script), in the library's order;
    the first `limit` only when given."""
    how = plan(index, query, regex=regex, lang=lang)
    return _hits_in(index, how, query, text, limit)


@dataclass(slots=True)
class Summary:
    """What the whole answer to a query is, without every hit: how many, per text
    (text, hits, units with a hit; most hits first), and a sample for the renderings
    table: the first hit of units at even steps through those with a hit (`even_steps`)."""

    total: int
    texts: list[tuple[str, int, int]]
    sample: list[Hit]


def summarize(index: LibraryIndex, query: str, *, regex: bool = False, lang: str | None = None,
              text: str | None = None, sample: int = 100) -> Summary:
    """The counts of every hit of `query` (as `find` finds them) and `sample` of them,
    without making each a `Hit`: by the index alone where it can count (see `Plan`: a
    term's tallies, only English units marked odd read; or for longer Chinese the units
    that may hold it more than once), else by `re` over the side of each unit the index
    narrows to; a scan of many units is shared out among forked worker processes, where
    this process runs no other thread (`workers.can_fork`: never in the reader's screens)."""
    how = plan(index, query, regex=regex, lang=lang)
    if how.counted and how.expression is not None:
        return _counted(index, how, query, text, sample)
    counts, units_with = _scanned(index, how, text)
    names = index.text_numbers() if counts else {}
    texts = sorted(((names[number], hits, units) for number, (hits, units) in counts.items()),
                   key=lambda row: (-row[1], row[0]))
    chosen = even_steps(units_with, sample)
    return Summary(sum(row[1] for row in texts), texts, _first_hits(index, how, query, chosen))


_SHARED_FROM = 50_000  # units to read with re from which the scan is shared by processes
_SCANNERS = 4


def _scanned(index: LibraryIndex, how: Plan, text: str | None) -> tuple[dict[int, list[int]], list[int]]:
    """The hits of `how.pattern` in the units the plan's expression narrows to: by text
    number [hits, units with a hit], and the units with a hit in order. Many units are
    shared out by text among worker processes, one a core (`fork`: each reads the index
    file on its own connection), so that a regex over a few hundred thousand units takes
    half the time on two cores."""
    cores = min(_SCANNERS, _cores()) if text is None else 1
    parts = None
    if cores >= 2 and index.matching(how.lang, how.expression) >= _SHARED_FROM:
        parts = _shared_scan(index, how, cores)
    if parts is None:
        return _scan(index.sides(how.lang, how.expression, text), how)
    counts: dict[int, list[int]] = {}
    units_with: list[int] = []
    for part_counts, part_units in parts:  # the parts are runs of whole texts, in order
        counts.update(part_counts)
        units_with += part_units
    return counts, units_with


def _shared_scan(index: LibraryIndex, how: Plan, cores: int) -> list | None:
    """`_scan` of each run of texts (`LibraryIndex.parts`) in a worker process; None where
    processes cannot fork, or a worker could not read the file (this process then reads
    it, and repairs it)."""
    from .workers import can_fork, forked_pool

    if not can_fork():
        return None
    with forked_pool(cores) as pool:
        parts = pool.map(_scan_part, [(index.path, how, between) for between in index.parts(cores)])
    return None if None in parts else parts


def _cores() -> int:
    """The processors this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _scan_part(job) -> tuple[dict[int, list[int]], list[int]] | None:
    """`_scan` of the units of one run of texts, in a worker process."""
    path, how, between = job
    try:
        index = LibraryIndex.reading(path)
    except sqlite3.Error:
        return None
    try:
        return _scan(index.sides(how.lang, how.expression, between=between), how)
    except sqlite3.Error:
        return None
    finally:
        index.close()


def _scan(rows, how: Plan) -> tuple[dict[int, list[int]], list[int]]:
    """Hits of the plan's pattern in (id, side) rows: by text number [hits, units], and
    the units with one."""
    counts: dict[int, list[int]] = {}
    units_with: list[int] = []
    pattern, fast = how.pattern, how.ascii
    findall = pattern.findall if never_empty(pattern) else None  # a list: no Match made for a hit
    for uid, side in rows:
        if fast is not None and side.isascii():
            found = len(fast.findall(side.lower()))  # a word's pattern: never empty
        else:
            found = len(findall(side)) if findall else sum(1 for m in pattern.finditer(side) if m.end() > m.start())
        if found:
            units_with.append(uid)
            slot = counts.get(uid >> TEXT_SHIFT)
            if slot is None:
                counts[uid >> TEXT_SHIFT] = [found, 1]
            else:
                slot[0] += found
                slot[1] += 1
    return counts, units_with


def even_steps(items: Sequence, size: int) -> list:
    """`size` of `items` at even steps through them: those numbered (2k + 1) * n // (2 * size)."""
    if len(items) <= size:
        return list(items)
    return [items[(2 * k + 1) * len(items) // (2 * size)] for k in range(size)]


def _counted(index: LibraryIndex, how: Plan, query: str, text: str | None, sample: int) -> Summary:
    term = tally_term(how.lang, "".join(how.counted))
    if term is not None:  # the tallies: each text's hits and units of it, the odd units read here
        tallied = index.tallied(term, text)
        matched = {number: held for number, (_, held) in tallied.items()}  # the units the index matches
        hits, units = {number: found for number, (found, _) in tallied.items()}, dict(matched)
        marked = index.odd_matching(how.expression, text) if how.lang == "en" else []
        for uid in marked:
            number = uid >> TEXT_SHIFT
            for table in (matched, hits, units):
                table.setdefault(number, 0)
            matched[number] += 1
    else:  # Chinese the tallies do not hold (three characters or more, a character twice)
        matched, extra = index.counted(how.expression, index.rarest(how.counted), "".join(how.counted), text)
        hits, units, marked = dict(matched), dict(matched), []  # each unit once, and the hits past the first
        for number, more in extra.items():
            hits[number] += more
    for uid, side in index.sides_of(how.lang, marked):  # not counted by the index: counted here
        found = sum(1 for match in how.pattern.finditer(side) if match.end() > match.start())
        number = uid >> TEXT_SHIFT
        hits[number] += found
        units[number] += 1 if found else 0
    names = index.text_numbers()
    texts = sorted(((names[n], hits[n], units[n]) for n in hits if units[n]), key=lambda row: (-row[1], row[0]))
    # the sample: units at even steps through those the index matched, found text by text
    chosen, before, order = [], 0, sorted(matched)
    steps = even_steps(range(sum(matched.values())), sample) if sample > 0 else []
    at = 0
    for number in order:
        while at < len(steps) and steps[at] < before + matched[number]:
            uid = index.nth(how.lang, how.expression, number, steps[at] - before)
            if uid is not None:
                chosen.append(uid)
            at += 1
        before += matched[number]
    return Summary(sum(row[1] for row in texts), texts, _first_hits(index, how, query, chosen))


def _first_hits(index: LibraryIndex, how: Plan, query: str, ids: list[int]) -> list[Hit]:
    """The first hit in each of these units (in order; a unit without one gives none)."""
    chosen = []
    for unit in index.units(ids):
        for match in how.matches(unit.side(how.lang)):
            if match.end() > match.start():
                chosen.append(Hit(unit, how.lang, match.start(), match.end(), query))
                break
    return chosen


def _hits_in(index, how: Plan, query: str, text: str | None, limit: int | None) -> list[Hit]:
    """The hits in the units the plan narrows to (the first `limit`)."""
    units = (Unit(*row) for row in index.match(how.lang, how.expression, text)) if how.expression is not None \
        else index.scan(how.lang, text)
    hits: list[Hit] = []
    lang = how.lang
    for unit in units:
        for match in how.matches(unit.side(lang)):
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


def counterpart_of(unit: Unit, lang: str, span: tuple[int, int], dictionary,
                   memo: dict | None = None) -> tuple[int, int] | None:
    """The likely counterpart of `span` of side `lang` in the unit's other side, through
    CC-CEDICT (reader.core.counterpart); word links may answer here later. `memo`: the
    sense words of the Chinese words met so far (kept by the caller over many hits)."""
    if dictionary is None or not unit.en or not unit.zh:
        return None
    pair = Pair(id=unit.pair, kind=unit.kind or "body", en=unit.en, zh=unit.zh)
    if lang == "zh":
        from .counterpart import counterpart

        found = counterpart(pair, span, dictionary)
        return found.span if found.found_by == "text" else None
    return _chinese_for(unit.zh, unit.en[span[0]:span[1]], dictionary, {} if memo is None else memo)


def _chinese_for(zh: str, english: str, dictionary, memo: dict) -> tuple[int, int] | None:
    """The Chinese words of `zh` whose CC-CEDICT senses render the words of `english`:
    the word rendering the most of them, with its neighbours that render some too."""
    from .counterpart import alike, sense_keys
    from .english import STOPWORDS, stem

    wanted = [stem(word.lower()) for word in re.findall(r"[A-Za-z0-9]+", english)]
    wanted = [word for word in wanted if word not in STOPWORDS] or wanted
    if not wanted:
        return None
    scored = []
    wanted_key = tuple(wanted)
    for start, end in dictionary.segment(zh):
        word = zh[start:end]
        keys = memo.get(word)
        if keys is None:
            keys = memo[word] = sense_keys(dictionary.definitions(word))
        score = memo.get((word, wanted_key))
        if score is None:
            score = memo[word, wanted_key] = sum(1 for w in wanted if any(alike(w, key) for key in keys))
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
    memo: dict = {}
    for hit in hits:
        span = None
        if entries:
            span = _term_counterpart(hit, entries)
        if span is None:
            span = counterpart_of(hit.unit, hit.lang, (hit.start, hit.end), dictionary, memo)
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
