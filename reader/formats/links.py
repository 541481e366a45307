"""Sentence alignment of two files, as `reader align` writes it, and link files read back.

Links are written and read in Vecalign's format, one bead a line, 0-based sentence (or
line) numbers of SRC then TGT: `[0, 1]:[0]`, `[2]:[]` (an optional `:score` after them
is allowed when reading). InterText link files are read too (with their two text files
beside them), as English -> Chinese beads: the order `reader align EN ZH` writes. The
outputs: `links`, `tsv` (the two sides and the score) and `jsonl` (the aligner's
signature first, then a bead a line with its score).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..core.errors import ReaderError
from ..core.files import decode_text, read_bytes

FORMATS = ("links", "tsv", "jsonl")
_BLANK_LINES = re.compile(r"\n[ \t\u3000]*\n")
_LINK = re.compile(r"\[([0-9,\s]*)\]:\[([0-9,\s]*)\](?::\s*(-?[0-9.]+(?:[eE]-?[0-9]+)?))?")


def read_side(path: Path, presplit: bool) -> tuple[str, list[str], list[int]]:
    """A file's language, sentences and the paragraph number of each sentence."""
    from ..core.script import text_language
    from ..core.sentences import split

    raw = read_bytes(path)
    text = decode_text(raw, path).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ReaderError("the file is empty", path)
    language = text_language(text, path)
    if presplit:
        sentences = text.split("\n")
        if sentences[-1] == "":
            sentences.pop()
        for number, sentence in enumerate(sentences, start=1):
            if not sentence.strip():
                raise ReaderError("blank line (with --presplit every line is one sentence)", path, number)
        return language, [" ".join(s.split()) for s in sentences], [0] * len(sentences)
    sentences, paragraph_of = [], []
    for number, paragraph in enumerate(p for p in _BLANK_LINES.split(text) if p.strip()):
        for sentence in split(paragraph, language):
            sentences.append(sentence)
            paragraph_of.append(number)
    return language, sentences, paragraph_of


def format_link(src: list[int], tgt: list[int]) -> str:
    return f"[{', '.join(map(str, src))}]:[{', '.join(map(str, tgt))}]"


def align_files(src_path: Path, tgt_path: Path, presplit: bool, fmt: str, aligner) -> tuple[str, int]:
    """The alignment of two files as the text of FORMAT, and how many beads it has. The
    same files, options and aligner give the same text, whichever process makes it."""
    src_lang, src, src_par = read_side(src_path, presplit)
    tgt_lang, tgt, tgt_par = read_side(tgt_path, presplit)
    if src_lang == tgt_lang:
        name = {"en": "English", "zh": "Chinese"}[src_lang]
        raise ReaderError(f"both files are {name}; one must be English and the other Chinese",
                          f"{src_path}, {tgt_path}")
    swapped = src_lang == "zh"
    en, zh, en_par, zh_par = (tgt, src, tgt_par, src_par) if swapped else (src, tgt, src_par, tgt_par)
    lines = []
    if fmt == "jsonl":
        lines.append(json.dumps({"signature": aligner.signature()}, ensure_ascii=False))
    beads = aligner.align(en, zh, en_par, zh_par)
    for bead in beads:
        s_ids, t_ids = (bead.zh, bead.en) if swapped else (bead.en, bead.zh)
        if fmt == "links":
            lines.append(format_link(s_ids, t_ids))
            continue
        joiner = ("" if swapped else " ", " " if swapped else "")
        s_text = joiner[0].join(src[i] for i in s_ids)
        t_text = joiner[1].join(tgt[j] for j in t_ids)
        if fmt == "tsv":
            lines.append("\t".join((_cell(s_text), _cell(t_text), f"{bead.score:.3f}")))
        else:
            lines.append(json.dumps({"src": s_ids, "tgt": t_ids, "score": round(bead.score, 4),
                                     "src_text": s_text, "tgt_text": t_text}, ensure_ascii=False))
    return "".join(line + "\n" for line in lines), len(beads)


def library_terms(library):
    """The library's glossary, when there is a library (it adds terms to the lexicon)."""
    try:
        return library.glossary() if library.root.is_dir() else []
    except ReaderError:
        return []


def _cell(text: str) -> str:
    return " ".join(text.split())


def read_link_file(path: Path) -> list[tuple[list[int], list[int]]]:
    """The beads of a link file, Vecalign's or InterText's (see the module); a bad line
    is a one-line error naming it."""
    raw = read_bytes(path)
    if is_intertext(raw):
        from .intertext import read_pair

        return [(list(en), list(zh)) for en, zh in read_pair(path).beads]
    text = decode_text(raw, path)
    beads = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        match = _LINK.fullmatch(line)
        if match is None:
            raise ReaderError(f"not a link line (expected '[0, 1]:[0]', or an InterText link file): {line[:40]!r}",
                              path, number)
        sides = []
        for group in match.group(1, 2):
            items = [item.strip() for item in group.split(",")] if group.strip() else []
            if any(not item.isdigit() for item in items):
                raise ReaderError(f"bad sentence number in {line[:40]!r}", path, number)
            sides.append([int(item) for item in items])
        beads.append((sides[0], sides[1]))
    return beads


def is_intertext(raw: bytes) -> bool:
    head = raw[:4096].decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    return head.startswith("<") and "<linkGrp" in head
