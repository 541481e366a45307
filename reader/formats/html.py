"""HTML export: one standalone page (no external assets) for reading or printing a text.

The title and metadata at the top, then a table with the English and Chinese of each
pair side by side (kept side by side in print; a text in one language has one column),
footnotes after it, and a glossary table (Chinese, pinyin, English, note) of the terms
that occur. Element ids are valid HTML ids (no spaces, unique): a pair's id, or when that
will not do, a form of it that will. Each glossary entry has one
colour, the same wherever it occurs and in either language; the colours are given in
order of first appearance, so neighbouring terms differ. All text is HTML-escaped: a pair
holding `<b>` or `[bold]` shows exactly that.
"""

from __future__ import annotations

import re
from collections import defaultdict
from html import escape

from ..core.glossary import GlossaryEntry
from ..core.matching import Hit, TermMatcher
from ..core.model import Pair, Text

LANG = {"en": "en", "zh": "zh-CN"}
HEADINGS = {"en": "English", "zh": "中文"}
_NOT_IN_ID = re.compile(r"\s+")
COLOURS = 8  # term colours, .c0 to .c7 in the style sheet

STYLE = """
:root {
  --ink: #1b1b1b; --muted: #6b6b6b; --rule: #d9d9d9;
  --c0: #a34f00; --b0: #ffe3c2; --c1: #1d5fbf; --b1: #d6e6ff;
  --c2: #2b7a2f; --b2: #d7f2d3; --c3: #a3226b; --b3: #f8d6ea;
  --c4: #5d36ad; --b4: #e6dcfb; --c5: #b3261e; --b5: #ffd9d3;
  --c6: #00756a; --b6: #cff0ee; --c7: #716200; --b7: #f3edc2;
}
* { box-sizing: border-box; }
body {
  margin: 2rem auto; padding: 0 1.5rem; max-width: 84rem; color: var(--ink); background: #fff;
  font: 16px/1.6 "Noto Serif", Georgia, "Times New Roman", serif;
}
:lang(zh-CN) {
  font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "SimSun",
    "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", serif;
  line-height: 1.8;
}
body.one-language { max-width: 50rem; }  /* one column: a readable measure */
header { border-bottom: 2px solid var(--ink); margin-bottom: 1.5rem; padding-bottom: 1rem; }
h1 { font-size: 1.7em; line-height: 1.3; margin: 0 0 .3rem; }
.title-zh { font-size: 1.4em; font-weight: bold; margin: 0 0 .8rem; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: 0;
  color: var(--muted); font-size: .9em; }
dl.meta dt { font-weight: bold; }
dl.meta dd { margin: 0; }
table { border-collapse: collapse; width: 100%; }
table.pairs { table-layout: fixed; }
table.pairs col.pid { width: 3.2rem; }
th { text-align: left; font-size: .85em; color: var(--muted); border-bottom: 1px solid var(--ink); padding: .3rem .7rem; }
td { vertical-align: top; padding: .5rem .7rem; border-top: 1px solid var(--rule); }
td.side { white-space: pre-line; overflow-wrap: anywhere; }
td.pid { color: var(--muted); font-size: .75em; padding-top: .8rem; font-family: ui-monospace, monospace; }
td.empty::before { content: "\\2014"; color: var(--rule); }
tr.title td.side { font-size: 1.25em; font-weight: bold; }
tr.heading td.side { font-weight: bold; padding-top: 1.2rem; }
tr.byline td.side, tr.note td.side { color: var(--muted); }
tr.byline td.side:lang(en), tr.note td.side:lang(en) { font-style: italic; }
mark.term { color: inherit; border-radius: 2px; padding: 0 1px; }
sup.fn { font-size: .7em; line-height: 0; }
sup.fn a { color: var(--c1); text-decoration: none; }
section { margin-top: 2.5rem; }
h2 { font-size: 1.2em; border-bottom: 1px solid var(--ink); padding-bottom: .2rem; }
ol.footnotes { padding-left: 1.5rem; }
table.glossary td { font-size: .95em; }
table.glossary td.pinyin { white-space: nowrap; }
table.glossary .variants, table.glossary td.note { color: var(--muted); }
footer { margin-top: 2.5rem; color: var(--muted); font-size: .8em; }
""" + "".join(
    f"mark.c{n} {{ background: var(--b{n}); box-shadow: inset 0 -2px 0 var(--c{n}); }}\n" for n in range(COLOURS)
) + """
@page { margin: 1.5cm; }
@media print {
  body { margin: 0; padding: 0; max-width: none; font-size: 10pt; }
  tr, li { break-inside: avoid; }
  thead { display: table-header-group; }
  mark.term { background: none; box-shadow: none; text-decoration: underline 1.5px; text-underline-offset: 2px; }
  sup.fn a { color: inherit; }
  footer { display: none; }
}
""" + "".join(
    f"@media print {{ mark.c{n} {{ text-decoration-color: var(--c{n}); }} }}\n" for n in range(COLOURS)
)


def export_html(
    text: Text, pairs: list[Pair], annotations: dict | None = None, *, glossary: list[GlossaryEntry] = ()
) -> str:
    entries = list(glossary)
    matcher = TermMatcher(entries)
    hits = [{lang: matcher.find(p.side(lang), lang) for lang in ("en", "zh")} for p in pairs]
    colour: dict[int, int] = {}  # entry -> colour, in order of first appearance
    for pair_hits in hits:
        for hit in (*pair_hits["zh"], *pair_hits["en"]):
            colour.setdefault(hit.entry, len(colour) % COLOURS)
    shown = {p.id for p in pairs}
    footnotes = [f for f in text.footnotes if f.pair in shown]
    marks: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for footnote in footnotes:
        marks[footnote.pair, footnote.lang].append((footnote.offset, footnote.n))

    def term_tag(hit: Hit) -> str:
        entry = entries[hit.entry]
        tip = " ".join(part for part in (entry.zh, entry.pinyin) if part) + " — " + entry.en
        return f'<mark class="term c{colour[hit.entry]}" title="{escape(tip)}">'

    languages = [lang for lang in ("en", "zh") if any(pair.side(lang) for pair in pairs)] or ["en", "zh"]
    anchors = element_ids([pair.id for pair in pairs], {f"fn{f.n}" for f in footnotes})
    rows = []
    for pair, pair_hits in zip(pairs, hits):
        cells = []
        for lang in languages:
            side = pair.side(lang)
            body = _side_html(side, pair_hits[lang], marks[pair.id, lang], term_tag)
            cells.append(f'<td class="side{"" if side else " empty"}" lang="{LANG[lang]}">{body}</td>')
        rows.append(f'<tr id="{escape(anchors[pair.id])}" class="{pair.kind}"><td class="pid">{escape(pair.id)}</td>'
                    + "".join(cells) + "</tr>")

    parts = [
        _head(text),
        "<body>" if len(languages) > 1 else '<body class="one-language">',
        _header(text, pairs),
        "<main>",
        '<table class="pairs">',
        '<colgroup><col class="pid">' + '<col class="side">' * len(languages) + "</colgroup>",
        "<thead><tr><th>#</th>" + "".join(f'<th lang="{LANG[lang]}">{HEADINGS[lang]}</th>' for lang in languages)
        + "</tr></thead>",
        "<tbody>", *rows, "</tbody>",
        "</table>",
        "</main>",
    ]
    if footnotes:
        parts += ['<section class="footnotes">', "<h2>Notes</h2>", '<ol class="footnotes">']
        parts += [
            f'<li id="fn{f.n}" value="{f.n}" lang="{LANG[f.lang]}">{escape(f.text)} '
            f'<a href="#{escape(anchors.get(f.pair, f.pair))}">↩</a></li>'
            for f in sorted(footnotes, key=lambda f: f.n)
        ]
        parts += ["</ol>", "</section>"]
    if colour:
        parts += [_glossary_table(entries, colour)]
    from .. import __version__

    parts += [f"<footer>Exported by reader {escape(__version__)} from the text {escape(text.id)}.</footer>",
              "</body>", "</html>"]
    return "\n".join(parts) + "\n"


def element_ids(pair_ids: list[str], reserved: set[str] = frozenset()) -> dict[str, str]:
    """An HTML id for each pair (ids are unique in a text): its own id when that is a
    valid one (no white space) and not `reserved`, else the id with its white space as
    `_` and a number if needed to keep it unique."""
    anchors = {pid: pid for pid in pair_ids if not _NOT_IN_ID.search(pid) and pid not in reserved}
    taken = set(anchors) | set(reserved)
    for pid in pair_ids:
        if pid in anchors:
            continue
        base = _NOT_IN_ID.sub("_", pid.strip()) or "pair"
        anchor, number = base, 1
        while anchor in taken:
            number += 1
            anchor = f"{base}-{number}"
        anchors[pid] = anchor
        taken.add(anchor)
    return anchors


def _side_html(value: str, hits: list[Hit], notes: list[tuple[int, int]], term_tag) -> str:
    """One side, escaped, with its terms marked and its footnote numbers where the marks
    stand (a mark inside a term follows the term)."""
    notes_at: dict[int, list[int]] = defaultdict(list)
    for offset, n in notes:
        for hit in hits:
            if hit.start < offset < hit.end:
                offset = hit.end
        notes_at[offset].append(n)
    opens = {hit.start: hit for hit in hits}
    closes = {hit.end for hit in hits}
    cuts = sorted({0, len(value), *opens, *closes, *notes_at})
    out = []
    for here, there in zip(cuts, cuts[1:] + [None]):
        if here in closes:
            out.append("</mark>")
        out += [f'<sup class="fn"><a href="#fn{n}">{n}</a></sup>' for n in sorted(notes_at.get(here, ()))]
        if here in opens:
            out.append(term_tag(opens[here]))
        if there is not None:
            out.append(escape(value[here:there]))
    return "".join(out)


def _head(text: Text) -> str:
    from .. import __version__

    titles = [text.meta.title.get("en"), text.meta.title.get("zh")]
    title = " · ".join(t for t in titles if t) or text.id
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="reader {escape(__version__)}">',
        f"<title>{escape(title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
    ])


def _header(text: Text, pairs: list[Pair]) -> str:
    meta = text.meta
    lines = ["<header>"]
    if meta.title.get("en"):
        lines.append(f'<h1 lang="en">{escape(meta.title["en"])}</h1>')
        if meta.title.get("zh"):
            lines.append(f'<p class="title-zh" lang="zh-CN">{escape(meta.title["zh"])}</p>')
    else:
        title = meta.title.get("zh") or text.id
        lines.append(f'<h1 lang="{"zh-CN" if meta.title.get("zh") else "en"}">{escape(title)}</h1>')
    author = " / ".join(
        f'<span lang="{LANG[lang]}">{escape(meta.author[lang])}</span>' for lang in ("en", "zh") if meta.author.get(lang)
    )
    span = f"{len(pairs)}" + (f" ({escape(pairs[0].id)}–{escape(pairs[-1].id)})" if pairs else "")
    facts = [
        ("Author", author),
        ("Source", escape(meta.source)),
        ("Editor", escape(meta.editor)),
        ("Published", escape(meta.published)),
        ("Text", f"<code>{escape(text.id)}</code>"),
        ("Pairs", span),
    ]
    lines.append('<dl class="meta">')
    lines += [f"<dt>{name}</dt><dd>{value}</dd>" for name, value in facts if value]
    lines += ["</dl>", "</header>"]
    return "\n".join(lines)


def _glossary_table(entries: list[GlossaryEntry], colour: dict[int, int]) -> str:
    rows = []
    for index, n in colour.items():
        entry = entries[index]
        variants = (f'<span class="variants">; also {escape("; ".join(entry.variants))}</span>'
                    if entry.variants else "")
        rows.append(
            f'<tr><td lang="zh-CN"><mark class="term c{n}">{escape(entry.zh)}</mark></td>'
            f'<td class="pinyin">{escape(entry.pinyin)}</td>'
            f'<td lang="en">{escape(entry.en)}{variants}</td>'
            f'<td class="note">{escape(entry.note)}</td></tr>'
        )
    return "\n".join([
        '<section class="glossary">',
        "<h2>Glossary</h2>",
        '<table class="glossary">',
        '<thead><tr><th lang="zh-CN">中文</th><th>Pinyin</th><th lang="en">English</th><th>Note</th></tr></thead>',
        "<tbody>", *rows, "</tbody>",
        "</table>",
        "</section>",
    ])
