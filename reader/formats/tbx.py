"""TBX export of the glossary: TermBase eXchange (ISO 30042:2008, the `martif` format that
terminology tools and CAT tools import), written with lxml.

One `termEntry` per glossary entry, holding a `langSet` for Chinese (zh-CN: the term,
with its pinyin as a pronunciation) and one for English (en: the preferred rendering,
then each variant as an admitted term; an all-capitals variant is marked as an
abbreviation). The entry's category is its subject field, its note a `note`, and where
the rendering is attested (`<text-id>:<pair-id>`, `cc-cedict`, `editor`) its source.
Phrases in which the term or its renderings do not count (`exclude`) are a note on the
language section they are written in, as TBX has no data category for them.
"""

from __future__ import annotations

from lxml import etree

from ..core.glossary import GlossaryEntry
from ..core.matching import exclusion_lang
from .xmltext import xml_text

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TBX_LANG = {"zh": "zh-CN", "en": "en"}
DOCTYPE = '<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">'
PREFERRED = "preferredTerm-admn-sts"
ADMITTED = "admittedTerm-admn-sts"


def export_tbx(entries: list[GlossaryEntry], *, title: str = "Glossary") -> str:
    from .. import __version__

    martif = etree.Element("martif", {"type": "TBX", XML_LANG: "en"})
    header = etree.SubElement(martif, "martifHeader")
    description = etree.SubElement(header, "fileDesc")
    etree.SubElement(etree.SubElement(description, "titleStmt"), "title").text = xml_text(title, "title")
    etree.SubElement(etree.SubElement(description, "sourceDesc"), "p").text = (
        f"Exported by reader {__version__}: {len(entries)} glossary entries, Chinese (zh-CN) and English (en)."
    )
    etree.SubElement(etree.SubElement(header, "encodingDesc"), "p", type="XCSURI").text = "TBXXCSV02.xcs"
    body = etree.SubElement(etree.SubElement(martif, "text"), "body")
    for number, entry in enumerate(entries, start=1):
        where = f"glossary entry {entry.zh!r}"
        term_entry = etree.SubElement(body, "termEntry", id=f"e{number}")
        etree.SubElement(term_entry, "descrip", type="subjectField").text = entry.category
        if entry.note:
            etree.SubElement(term_entry, "note").text = xml_text(entry.note, where)
        if entry.attested:
            etree.SubElement(term_entry, "admin", type="source").text = entry.attested
        chinese = _lang_set(term_entry, "zh")
        _exclusion_note(chinese, entry, "zh", where)
        tig = _term(chinese, xml_text(entry.zh, where))
        if entry.pinyin:
            _term_note(tig, "pronunciation", xml_text(entry.pinyin, where))
        english = _lang_set(term_entry, "en")
        _exclusion_note(english, entry, "en", where)
        _term_note(_term(english, xml_text(entry.en, where)), "administrativeStatus", PREFERRED)
        for variant in entry.variants:
            tig = _term(english, xml_text(variant, where))
            _term_note(tig, "administrativeStatus", ADMITTED)
            if len(variant) > 1 and variant.isupper() and variant.isalpha():
                _term_note(tig, "termType", "abbreviation")
    etree.indent(martif, space="  ")
    document = etree.tostring(martif, encoding="unicode", doctype=DOCTYPE)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + document + "\n"


def _exclusion_note(lang_set, entry: GlossaryEntry, lang: str, where: str) -> None:
    phrases = [phrase for phrase in entry.exclude if exclusion_lang(phrase) == lang]
    if phrases:
        note = "Not counted inside: " + " | ".join(phrases)
        etree.SubElement(lang_set, "note").text = xml_text(note, where)


def _lang_set(term_entry, lang: str):
    return etree.SubElement(term_entry, "langSet", {XML_LANG: TBX_LANG[lang]})


def _term(lang_set, value: str):
    tig = etree.SubElement(lang_set, "tig")
    etree.SubElement(tig, "term").text = value
    return tig


def _term_note(tig, kind: str, value: str) -> None:
    etree.SubElement(tig, "termNote", type=kind).text = value
