"""TMX 1.4b export: a translation memory of the pairs, one translation unit per pair.

Written with lxml. The header names the tool and the original format; each `tu` carries
the pair id as `tuid` and the pair's kind and text as properties (`x-kind`, `x-text`,
`x-level` for headings, and `x-status` for a pair a person confirmed or edited: absent,
it is `auto`). A pair with an empty side still gives a `tu`, with only the
language it has: TMX allows a one-language unit, tools that match translations skip it,
and an importer gets every pair back (a missing `tuv` is an empty side). Segments hold
the text exactly, newlines and all, so id, kind, en and zh read back unchanged.
"""

from __future__ import annotations

from lxml import etree

from ..core.model import Pair, Text
from .xmltext import xml_text

TMX_LANG = {"en": "en", "zh": "zh-CN"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DOCTYPE = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'


def export_tmx(text: Text, pairs: list[Pair], annotations: dict | None = None) -> str:
    from .. import __version__

    tmx = etree.Element("tmx", version="1.4")
    header = etree.SubElement(
        tmx,
        "header",
        creationtool="reader",
        creationtoolversion=__version__,
        segtype="paragraph",
        datatype="plaintext",
        adminlang="en",
        srclang=TMX_LANG["en"],
        **{"o-tmf": "reader-alignment", "o-encoding": "UTF-8"},
    )
    _prop(header, "x-text", text.id)
    for lang, title in sorted(text.meta.title.items()):
        _prop(header, "x-title", xml_text(title, f"title ({lang})"), TMX_LANG[lang])
    body = etree.SubElement(tmx, "body")
    for pair in pairs:
        tu = etree.SubElement(body, "tu", tuid=pair.id)
        _prop(tu, "x-kind", pair.kind)
        _prop(tu, "x-text", text.id)
        if pair.level:
            _prop(tu, "x-level", str(pair.level))
        if pair.status != "auto":
            _prop(tu, "x-status", pair.status)
        for lang in ("en", "zh"):
            side = pair.side(lang)
            if side:
                tuv = etree.SubElement(tu, "tuv", {XML_LANG: TMX_LANG[lang]})
                etree.SubElement(tuv, "seg").text = xml_text(side, f"pair {pair.id!r} ({lang})")
    etree.indent(tmx, space="  ")  # only between elements: a segment's text is left as it is
    document = etree.tostring(tmx, encoding="unicode", doctype=DOCTYPE)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + document + "\n"


def _prop(parent, kind: str, value: str, lang: str | None = None) -> None:
    attributes = {"type": kind}
    if lang:
        attributes[XML_LANG] = lang
    etree.SubElement(parent, "prop", attributes).text = value
