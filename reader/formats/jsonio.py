"""JSON exports: the whole text as one object, or one pair per line (JSON Lines)."""

from __future__ import annotations

import json

from ..core.model import Pair, Text
from ..core.store import meta_record, pair_record


def export_json(text: Text, pairs: list[Pair], annotations: dict | None = None) -> str:
    document = {
        "id": text.id,
        "meta": meta_record(text.meta),
        "pairs": [pair_record(p) for p in pairs],
        "footnotes": [
            {"n": f.n, "text": f.text, "pair": f.pair, "offset": f.offset, "lang": f.lang} for f in text.footnotes
        ],
        "annotations": annotations or {"bookmarks": [], "notes": {}},
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def export_jsonl(text: Text, pairs: list[Pair], annotations: dict | None = None) -> str:
    """One pair per line; a pair's bookmark and note, if any, go with it."""
    marks = set((annotations or {}).get("bookmarks", []))
    notes = (annotations or {}).get("notes", {})
    lines = []
    for pair in pairs:
        record = {"text": text.id, **pair_record(pair)}
        if pair.id in marks:
            record["bookmark"] = True
        if pair.id in notes:
            record["note"] = notes[pair.id]
        lines.append(json.dumps(record, ensure_ascii=False) + "\n")
    return "".join(lines)
