"""InterText XML export: `reader export TEXT --format intertext -o BASE` writes the three
files InterText keeps an alignment in (see reader.formats.intertext), so that a text can
be taken on in InterText and read back with `reader import BASE_zh.BASE_en.xml`:

    BASE_en.xml           <text><p id="1"><s id="1:1">...</s>...</p>...</text>
    BASE_zh.xml           the same for the Chinese
    BASE_zh.BASE_en.xml   <linkGrp toDoc="BASE_en.xml" fromDoc="BASE_zh.xml">
                            <link type="1-2" xtargets="1:1;1:1 1:2" status="man"/>

Each pair is a paragraph of each side it has text on; its sentences are the `<s>`
elements, numbered paragraph:sentence. Each sentence link is a `<link>` (a pair without
links is one link of all its sentences); `status="man"` for a link a person confirmed or
made, `auto` for the aligner's, as InterText marks them.
"""

from __future__ import annotations

from lxml import etree

from ..core.editing.sides import Side, beads_of
from ..core.model import Pair, Text
from .xmltext import xml_text

STATUS = {"auto": "auto", "confirmed": "man", "edited": "man"}


def export_intertext(text: Text, pairs: list[Pair], annotations: dict | None = None, *,
                     output_name: str = "text") -> dict[str, str]:
    documents = {lang: etree.Element("text") for lang in ("en", "zh")}
    paragraphs = {"en": 0, "zh": 0}
    links = etree.Element("linkGrp", toDoc=f"{output_name}_en.xml", fromDoc=f"{output_name}_zh.xml")
    for pair in pairs:
        sides = {lang: Side.of(pair, lang) for lang in ("en", "zh")}
        ids = {}
        for lang, side in sides.items():
            if not side.count:
                ids[lang] = []
                continue
            paragraphs[lang] += 1
            number = paragraphs[lang]
            paragraph = etree.SubElement(documents[lang], "p", id=str(number))
            ids[lang] = []
            for position, (start, end) in enumerate(side.spans, start=1):
                sid = f"{number}:{position}"
                element = etree.SubElement(paragraph, "s", id=sid)
                element.text = xml_text(side.text[start:end], f"pair {pair.id!r} ({lang})")
                ids[lang].append(sid)
        for en, zh, _, status in beads_of(pair, sides["en"], sides["zh"]):
            if not pair.links:
                status = pair.status
            etree.SubElement(links, "link", type=f"{len(en)}-{len(zh)}",
                             xtargets=" ".join(ids["en"][i] for i in en) + ";" + " ".join(ids["zh"][j] for j in zh),
                             status=STATUS[status])
    result = {}
    for lang in ("en", "zh"):
        etree.indent(documents[lang], space="")
        result[f"_{lang}.xml"] = _document(documents[lang])
    etree.indent(links, space="")
    result[f"_zh.{output_name}_en.xml"] = _document(links)
    return result


def _document(root) -> str:
    return '<?xml version="1.0" encoding="utf-8"?>\n' + etree.tostring(root, encoding="unicode") + "\n"
