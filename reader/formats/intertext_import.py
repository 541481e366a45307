"""InterText XML into the library: `reader import NAME_zh.NAME_en.xml [--format intertext]`.

The file imported is the link file (root `<linkGrp>`); the two text files are read from
beside it by its `toDoc` and `fromDoc` names (reader.formats.intertext, which parses all
three safely: no DTD, no network, entities refused; a link to a missing sentence id is an
error naming the file and line).

Each gold link becomes one pair of kind body, in file order: the English side is its
English sentences joined by spaces, the Chinese side its Chinese sentences joined without;
`sentences_en`/`sentences_zh` record where each sentence stands and `links` holds the one
link, covering all of the pair's sentences, with score 1.0. A link InterText marks `status="man"` (checked by a person) is a confirmed pair
and link; any other is `auto`. A link with an empty side (0-1, 1-0) gives a pair with that
side empty.

Storage: the library keeps one verbatim source per text, so the link file is kept as
`source.xml`; the report names the two text files, which are not stored.
"""

from __future__ import annotations

from pathlib import Path

from ..core.model import Pair, Text, TextMeta
from ..core.pairlinks import join_sentences
from .intertext import looks_text_file, read_pair
from .report import ImportReport


def looks_intertext(source: str) -> bool:
    """An InterText link file: its root is `linkGrp` (it says `<linkGrp` near the top); or
    one of its text files, given by mistake (the import says which file to give)."""
    return "<linkGrp" in source[:4096] or looks_text_file(source)


def import_intertext(source: str, text_id: str, origin: str = "source") -> ImportReport:
    """`source` is the link file's text; `origin` its path (the texts are found beside it)."""
    link_path = Path(origin)
    aligned = read_pair(link_path)  # reads the link file again, with the two text files
    pairs: list[Pair] = []
    statuses = aligned.statuses or [""] * len(aligned.beads)
    for number, ((en_ids, zh_ids), status) in enumerate(zip(aligned.beads, statuses), start=1):
        en, en_spans = join_sentences([aligned.en.sentences[i] for i in en_ids], " ")
        zh, zh_spans = join_sentences([aligned.zh.sentences[j] for j in zh_ids], "")
        link = (tuple(range(len(en_ids))), tuple(range(len(zh_ids))), 1.0)
        checked = status == "man"
        pairs.append(Pair(f"p{number}", "body", en, zh, sentences_en=en_spans,
                          sentences_zh=zh_spans, links=(link,) if en_ids or zh_ids else (),
                          status="confirmed" if checked else "auto",
                          link_status=("confirmed",) if checked and (en_ids or zh_ids) else ()))
    warnings = []
    used_en = {i for en_ids, _ in aligned.beads for i in en_ids}
    used_zh = {j for _, zh_ids in aligned.beads for j in zh_ids}
    for lang, document, used in (("English", aligned.en, used_en), ("Chinese", aligned.zh, used_zh)):
        left = [document.ids[i] for i in range(len(document.sentences)) if i not in used]
        if left:
            warnings.append(f"{len(left)} {lang} sentence(s) in no link, left out: "
                            + ", ".join(left[:5]) + (" ..." if len(left) > 5 else ""))
    meta = TextMeta(id=text_id, import_format="intertext", title={"en": aligned.name})
    meta.languages = tuple(lang for lang in ("en", "zh") if any(p.side(lang) for p in pairs)) or ("en", "zh")
    details = [f"{len(aligned.beads)} gold links read from {link_path.name}: "
               f"{len(aligned.en.sentences)} English and {len(aligned.zh.sentences)} Chinese sentences "
               "(the two text files are not stored; keep them beside the link file)"]
    return ImportReport(Text(meta, pairs), warnings=warnings, details=details)
