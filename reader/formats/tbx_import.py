"""Reading TBX termbases: the TBX `reader glossary export` writes, TBX-Basic, the TBX
that SDL MultiTerm and other CAT tools export (ISO 30042: `martif` with `termEntry`,
`langSet`, `tig` or `ntig`/`termGrp`), and TBX v3 (`tbx` with `conceptEntry`, `langSec`,
`termSec`), with or without namespaces.

Of each entry the Chinese terms (a `langSet` in zh, zh-CN, zh-Hans, zh-SG, ...) and the
English ones (en, en-US, en-GB, ...) are taken; other languages are counted and left
out. Within a language the preferred term comes first, admitted ones after it, and
deprecated or superseded terms are left out (administrativeStatus or, in older TBX,
normativeAuthorization). A Chinese term's pronunciation is its pinyin; the subject field
is the category when it is one of the glossary's, else part of the note; the entry's
note or definition is the note; its source the attestation, when it is one the glossary
knows; the "Not counted inside: ..." notes our export writes are the exclusions again.
So a glossary exported as TBX imports back to the same entries.

The XML is parsed safely: no DTD loaded, no network, no entity expanded, and a DOCTYPE
that declares entities is refused.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from ..core.errors import ReaderError
from ..core.files import read_bytes
from ..core.glossary import ATTESTED
from ..core.termbase import Term, Termbase, category, clean, language

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EXCLUSION_NOTE = "Not counted inside: "
_DROPPED = ("deprecated", "superseded", "obsolete")


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_comments=True, remove_pis=True)


def parse_xml(path: Path, what: str):
    """The root element of an XML file, parsed safely (see the module)."""
    data = read_bytes(Path(path))
    try:
        tree = etree.fromstring(data, _parser()).getroottree()
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (exc.lineno, 0)
        message = re.sub(r",\s*line \d+, column \d+$", "", " ".join(str(exc.msg or "").split())) or "malformed"
        if "entity" in message.lower():
            raise ReaderError(f"entities are refused, never expanded ({message})", path, line or None) from None
        raise ReaderError(f"malformed XML (column {column}): {message}", path, line or None) from None
    dtd = tree.docinfo.internalDTD
    if dtd is not None:
        entities = [entity.name for entity in dtd.iterentities()]
        if entities:
            raise ReaderError(f"the DOCTYPE declares entities ({', '.join(entities[:3])}); refused: entities "
                              f"are never expanded ({what} needs none)", path)
    return tree.getroot()


def _local(element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _children(element, *names: str):
    return [child for child in element if _local(child) in names]


def _text(element) -> str:
    return clean("".join(element.itertext()))


def read_tbx(path: Path, columns: dict[str, str] | None = None) -> Termbase:
    if columns:
        raise ReaderError("--columns is for CSV and TSV files, not TBX")
    root = parse_xml(path, "TBX")
    if _local(root) not in ("martif", "tbx"):
        raise ReaderError(f"not a TBX file: its root element is <{_local(root)}>, not <martif> or <tbx>", path,
                          root.sourceline)
    entries = [e for e in root.iter() if _local(e) in ("termEntry", "conceptEntry")]
    if not entries:
        raise ReaderError("a TBX file with no entries (<termEntry> or <conceptEntry>)", path)
    termbase = Termbase()
    others: dict[str, int] = {}
    for element in entries:
        _entry(element, termbase, others)
    if others:
        termbase.remarks.append("left out: the terms in " + ", ".join(
            f"{code} ({count} {'entry' if count == 1 else 'entries'})" for code, count in sorted(others.items())))
    return termbase


def _entry(element, termbase: Termbase, others: dict[str, int]) -> None:
    line = element.sourceline or 0
    notes, kind, attested = [], "", ""
    for item in element:
        local = _local(item)
        if local in ("descripGrp", "adminGrp"):
            item = next(iter(_children(item, "descrip", "admin")), item)
            local = _local(item)
        value = _text(item)
        if not value:
            continue
        if local == "descrip" and item.get("type") == "subjectField":
            found = category(value)
            if found and not kind:
                kind = found
            else:
                notes.append(f"subject: {value}")
        elif local == "descrip" or local == "note":
            notes.append(value)
        elif local == "admin" and item.get("type") == "source" and ATTESTED.match(value):
            attested = value
    terms: dict[str, list[tuple[bool, str, str]]] = {"zh": [], "zh-hant": [], "en": []}
    exclude: list[str] = []
    codes = []
    for section in _children(element, "langSet", "langSec"):
        code = section.get(XML_LANG) or section.get("lang") or ""
        lang = language(code)
        codes.append(code)
        if lang is None:
            others[code or "(no language)"] = others.get(code or "(no language)", 0) + 1
            continue
        for item in section:
            local = _local(item)
            if local == "note" and _text(item).startswith(EXCLUSION_NOTE):
                exclude += [p.strip() for p in _text(item)[len(EXCLUSION_NOTE):].split("|") if p.strip()]
            elif local in ("descrip", "note") and _text(item) and lang != "zh-hant":
                notes.append(_text(item))
            elif local in ("tig", "ntig", "termSec"):
                found = _term(item)
                if found is not None:
                    terms[lang].append(found)
    if not terms["zh"]:
        if terms["zh-hant"]:
            termbase.refused.append((line, "only Traditional Chinese terms ("
                                     + ", ".join(t for _, t, _ in terms["zh-hant"][:3]) + "), no Simplified"))
        else:
            termbase.refused.append((line, f"no Chinese term (languages: {', '.join(codes) or 'none'})"))
        return
    renderings = [term for _, term, _ in sorted(terms["en"], key=lambda t: not t[0])]
    if not renderings:
        termbase.refused.append((line, f"no English term for {terms['zh'][0][1]!r} (languages: {', '.join(codes)})"))
        return
    note = " · ".join(dict.fromkeys(notes))
    for _, zh, pinyin in sorted(terms["zh"], key=lambda t: not t[0]):
        termbase.terms.append(Term(zh=zh, renderings=list(renderings), line=line, pinyin=pinyin, category=kind,
                                   note=note, attested=attested, exclude=tuple(exclude)))


def _term(container) -> tuple[bool, str, str] | None:
    """(preferred, term, pronunciation) of a tig / ntig / termSec, or None for a term
    that is deprecated or has no text."""
    holders = [container, *_children(container, "termGrp")]
    term, preferred, pronunciation = "", False, ""
    for holder in holders:
        for item in holder:
            local = _local(item)
            if local == "term":
                term = _text(item)
            elif local == "termNote":
                kind, value = item.get("type", ""), _text(item).lower()
                if kind in ("administrativeStatus", "normativeAuthorization"):
                    if any(word in value for word in _DROPPED):
                        return None
                    preferred = preferred or "preferred" in value
                elif kind == "pronunciation":
                    pronunciation = _text(item)
    return (preferred, term, pronunciation) if term else None
