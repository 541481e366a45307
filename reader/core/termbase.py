"""Bringing a termbase into a glossary: terms read from a CAT tool's file, merged.

The format readers (`reader.formats.termbase_import`, `tbx_import`) give `Term`s: a
Chinese term with its English renderings (the preferred first), and what else the file
says of it, each with the line it came from; and the rows they could not use, each with
its line and why. `merge_terms` puts them into a glossary file (`GlossaryFile`): a term
the glossary lacks is added; a term it has gains the renderings it lacks as variants
(and a pinyin or note where it has none); a term with nothing new is left as it is. A
term the glossary would refuse is refused, with its line. The report says which.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .errors import ReaderError
from .glossary import CATEGORIES, GlossaryEntry
from .glossary_file import GlossaryFile
from .matching import pattern_keys
from .script import is_han

# Language codes a termbase gives its sections (lower case, "_" read as "-").
SIMPLIFIED = ("zh", "zh-cn", "zh-hans", "zh-sg", "zh-my", "zh-hans-cn", "zh-hans-sg", "chs", "zho", "chi", "cmn")
TRADITIONAL = ("zh-tw", "zh-hk", "zh-mo", "zh-hant", "zh-hant-tw", "zh-hant-hk", "cht")
_CATEGORY_WORDS = {"organization": "organisation", "org": "organisation", "set-phrase": "set phrase",
                   "phrase": "set phrase", "name": "person", "people": "person", "location": "place",
                   "treaty": "agreement", "forces": "force"}


def language(code: str) -> str | None:
    """"zh" (Simplified Chinese), "zh-hant" (Traditional), "en", or None for another
    language, from a code such as zh-CN, zh_Hans, ZH-TW, en-GB or EN-us."""
    code = code.strip().lower().replace("_", "-")
    if code in SIMPLIFIED or code.startswith("zh-hans"):
        return "zh"
    if code in TRADITIONAL or code.startswith("zh-hant"):
        return "zh-hant"
    if code.startswith("zh-"):
        return "zh"
    if code in ("en", "eng") or code.startswith("en-"):
        return "en"
    return None


def category(value: str) -> str | None:
    """One of the glossary's categories for a termbase's word for it, or None."""
    value = " ".join(value.strip().lower().split())
    value = _CATEGORY_WORDS.get(value, value)
    return value if value in CATEGORIES else None


def clean(value: str) -> str:
    """A field as a glossary row holds it: its whitespace (line breaks, tabs) one space."""
    return " ".join(value.split())


@dataclass(slots=True)
class Term:
    """A term as a termbase gives it."""

    zh: str
    renderings: list[str]  # English, the preferred first
    line: int  # where it is in the file
    pinyin: str = ""
    category: str = ""  # one of CATEGORIES, or "" (then "term")
    note: str = ""
    attested: str = ""
    exclude: tuple[str, ...] = ()


@dataclass(slots=True)
class Termbase:
    """What a format reader found in a file."""

    terms: list[Term] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)  # (line, why)
    remarks: list[str] = field(default_factory=list)  # what the file had that is not taken in


@dataclass(slots=True)
class ImportReport:
    added: list[str] = field(default_factory=list)
    merged: list[tuple[str, list[str]]] = field(default_factory=list)  # term, what it gained
    unchanged: list[str] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)


def _key(rendering: str) -> tuple[str, ...]:
    keys = pattern_keys(rendering)
    return tuple(keys[0]) if keys else (rendering.lower(),)


def check_term(term: Term) -> str | None:
    """Why a term cannot be a glossary entry, if it cannot."""
    if not term.zh:
        return "no Chinese term"
    if not any(is_han(char) for char in term.zh):
        return f"the Chinese term {term.zh!r} has no Chinese characters"
    if not term.renderings:
        return f"no English rendering for {term.zh!r}"
    return None


def combine(terms: list[Term]) -> tuple[list[Term], list[tuple[int, str]]]:
    """Terms of one file with the same Chinese as one (the renderings of each in turn),
    and the terms refused (`check_term`)."""
    combined: dict[str, Term] = {}
    refused = []
    for term in terms:
        term.renderings = [r for r in dict.fromkeys(clean(r) for r in term.renderings) if r]
        term.zh = clean(term.zh)
        problem = check_term(term)
        if problem:
            refused.append((term.line, problem))
            continue
        have = combined.get(term.zh)
        if have is None:
            combined[term.zh] = term
            continue
        have.renderings += [r for r in term.renderings if r not in have.renderings]  # as the file writes them
        have.pinyin = have.pinyin or term.pinyin
        have.note = have.note or term.note
        have.category = have.category or term.category
    return list(combined.values()), refused


def merge_terms(glossary: GlossaryFile, termbase: Termbase) -> ImportReport:
    """Put a termbase's terms into a glossary file (saved by the caller)."""
    report = ImportReport(refused=list(termbase.refused))
    terms, refused = combine(termbase.terms)
    report.refused += refused
    for term in terms:
        existing = glossary.entry(term.zh)
        try:
            if existing is None:
                glossary.put(GlossaryEntry(
                    zh=term.zh, en=term.renderings[0], variants=tuple(term.renderings[1:]), pinyin=clean(term.pinyin),
                    category=term.category or "term", note=clean(term.note), attested=term.attested,
                    exclude=term.exclude))
                report.added.append(term.zh)
                continue
            keys = {_key(r) for r in existing.renderings}
            new = [r for r in term.renderings if _key(r) not in keys]
            gained = [*new]
            changes: dict = {}
            if new:
                changes["variants"] = (*existing.variants, *new)
            if term.pinyin and not existing.pinyin:
                changes["pinyin"] = clean(term.pinyin)
                gained.append("pinyin")
            if term.note and not existing.note:
                changes["note"] = clean(term.note)
                gained.append("note")
            if not changes:
                report.unchanged.append(term.zh)
                continue
            glossary.put(replace(existing, **changes))
            report.merged.append((term.zh, gained))
        except ReaderError as exc:
            report.refused.append((term.line, exc.problem))
    report.refused.sort()
    return report
