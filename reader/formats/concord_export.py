"""Concordance hits as files for other programs: CSV, TSV (escaped as the TSV export
escapes fields) and a standalone HTML page with the hit and its counterpart marked."""

from __future__ import annotations

import csv
import html
import io

from .delimited import escape_tsv

COLUMNS = ("text", "pair", "lang", "left", "hit", "right", "aligned", "counterpart")


def rows(hits, context: int) -> list[tuple[str, ...]]:
    return [(hit.text, hit.pair, hit.lang, hit.left(context), hit.hit, hit.right(context), hit.aligned,
             hit.counterpart_text) for hit in hits]


def export_csv(hits, context: int) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows(hits, context))
    return out.getvalue()


def export_tsv(hits, context: int) -> str:
    lines = ["\t".join(COLUMNS)]
    lines += ["\t".join(escape_tsv(field) for field in row) for row in rows(hits, context)]
    return "\n".join(lines) + "\n"


def export_html(hits, context: int, title: str) -> str:
    def marked(text: str, span) -> str:
        if not span:
            return html.escape(text)
        start, end = span
        return (html.escape(text[:start]) + "<mark>" + html.escape(text[start:end]) + "</mark>"
                + html.escape(text[end:]))

    body = []
    for hit in hits:
        body.append(
            "<tr>"
            f"<td>{html.escape(hit.text)}:{html.escape(hit.pair)}</td>"
            f'<td class="left" lang="{hit.lang}">{html.escape(hit.left(context))}</td>'
            f'<td class="hit" lang="{hit.lang}"><mark>{html.escape(hit.hit)}</mark></td>'
            f'<td class="right" lang="{hit.lang}">{html.escape(hit.right(context))}</td>'
            f'<td lang="{hit.other}">{marked(hit.aligned, hit.counterpart)}</td>'
            "</tr>")
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)}</title><style>"
            "td{vertical-align:top;padding:2px 6px}.left{text-align:right;white-space:nowrap}"
            ".right{white-space:nowrap}mark{background:#ffe680}</style></head><body>\n"
            f"<h1>{html.escape(title)}</h1>\n<table>\n"
            "<tr><th>where</th><th>left</th><th>hit</th><th>right</th><th>aligned</th></tr>\n"
            + "\n".join(body) + "\n</table>\n</body></html>\n")
