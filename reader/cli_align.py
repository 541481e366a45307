"""`reader align`, `reader eval` and `reader train-tokenizer`: sentence alignment of two
files, its evaluation against gold links, and the SentencePiece model's training.

`reader align` of two folders, or of a manifest (--pairs), aligns a corpus: see
reader/cli_corpus.py.

Links are written and read in Vecalign's format, one bead a line, 0-based sentence (or
line) numbers of SRC then TGT: `[0, 1]:[0]`, `[2]:[]` (an optional `:score` after them
is allowed when reading). `reader eval` also reads InterText link files (with their two
text files beside them), as English -> Chinese beads: the order `reader align EN ZH`
writes.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from .core.errors import ReaderError
from .core.files import decode_text, open_binary, read_bytes, write_outputs
from .core.visible import visible

FORMATS = ("links", "tsv", "jsonl")
MAX_SIZE_HELP = "the most to read from one file (default: $READER_MAX_SIZE, else 64M)"
_BLANK_LINES = re.compile(r"\n[ \t\u3000]*\n")
_LINK = re.compile(r"\[([0-9,\s]*)\]:\[([0-9,\s]*)\](?::\s*(-?[0-9.]+(?:[eE]-?[0-9]+)?))?")


def read_side(path: Path, presplit: bool) -> tuple[str, list[str], list[int]]:
    """A file's language, sentences and the paragraph number of each sentence."""
    from .core.script import text_language
    from .core.sentences import split

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


def cmd_align(library, args) -> int:
    if args.format not in FORMATS:
        raise ReaderError(f"--format {args.format!r}: use one of {', '.join(FORMATS)}")
    if args.pairs is not None or (args.src is not None and Path(args.src).is_dir()):
        from .cli_corpus import cmd_align_corpus

        return cmd_align_corpus(library, args)
    if args.src is None or args.tgt is None:
        raise ReaderError("give SRC and TGT (two files, or two folders with -o DIR), or --pairs MANIFEST -o DIR")
    if args.jobs is not None or args.scheduler:
        raise ReaderError("--jobs and --scheduler are for a corpus (two folders, or --pairs MANIFEST)")
    from .core.aligner import Aligner

    aligner = Aligner(glossary=_glossary(library))
    output, count = align_files(Path(args.src), Path(args.tgt), args.presplit, args.format, aligner)
    if args.output:
        write_outputs({Path(args.output): output.encode("utf-8")}, force=args.force)
        print(visible(f"wrote {count} beads to {args.output}"), file=sys.stderr)
    else:
        sys.stdout.write(output)
    return 0


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


def _glossary(library):
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
    if _is_intertext(raw):
        from .formats.intertext import read_pair

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


def _is_intertext(raw: bytes) -> bool:
    head = raw[:4096].decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    return head.startswith("<") and "<linkGrp" in head


def _documents(folder: Path) -> dict[str, Path]:
    """The link files of a folder by document name: an InterText link file's pair name
    (dev-anno.001 for dev-anno.001_zh.001_en.xml; its text files are not documents),
    else the file's name less its extension."""
    from .formats.intertext import pair_name

    documents: dict[str, Path] = {}
    for path in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
        if path.suffix.lower() == ".xml":
            with open_binary(path) as handle:
                head = handle.read(4096)
            if not _is_intertext(head):
                continue  # an InterText text file, or other XML: not a link file
            name = pair_name(path)
        else:
            name = path.stem
        if name in documents:
            raise ReaderError(f"two link files for the document {name!r}: {documents[name].name} and {path.name}",
                              folder)
        documents[name] = path
    return documents


def _link_pairs(gold: Path, pred: Path) -> list[tuple[Path, Path]]:
    if gold.is_dir() != pred.is_dir():
        raise ReaderError("give two files or two folders", f"{gold}, {pred}")
    if not gold.is_dir():
        return [(gold, pred)]
    gold_docs, pred_docs = _documents(gold), _documents(pred)
    if not gold_docs:
        raise ReaderError("no link files in the folder", gold)
    for name, path in gold_docs.items():
        if name not in pred_docs:
            raise ReaderError(f"no link file for {name} to match the gold {path.name}", pred)
    extra = sorted(set(pred_docs) - set(gold_docs))
    if extra:
        raise ReaderError(f"{pred_docs[extra[0]].name} has no gold file to match it", pred)
    return [(gold_docs[name], pred_docs[name]) for name in sorted(gold_docs)]


def cmd_eval(library, args) -> int:
    from .core.evaluation import score

    gold, pred = Path(args.gold), Path(args.pred)
    for path in (gold, pred):
        if not path.exists():
            raise ReaderError("no such file or folder", path)
    pairs = _link_pairs(gold, pred)
    scores = score([read_link_file(g) for g, _ in pairs], [read_link_file(p) for _, p in pairs])
    if args.json:
        print(json.dumps({"documents": len(pairs),
                          "strict": {"precision": scores.precision_strict, "recall": scores.recall_strict,
                                     "f1": scores.f1_strict},
                          "lax": {"precision": scores.precision_lax, "recall": scores.recall_lax,
                                  "f1": scores.f1_lax}}))
        return 0
    print(f"{len(pairs)} document{'s' if len(pairs) != 1 else ''}")
    print(f"{'':7}{'precision':>10}{'recall':>8}{'F1':>8}")
    print(f"{'strict':7}{scores.precision_strict:10.3f}{scores.recall_strict:8.3f}{scores.f1_strict:8.3f}")
    print(f"{'lax':7}{scores.precision_lax:10.3f}{scores.recall_lax:8.3f}{scores.f1_lax:8.3f}")
    return 0


def cmd_train_tokenizer(library, args) -> int:
    from .core.tokenize import default_model_path, train_model

    prefix = args.output or str(default_model_path().with_suffix(""))
    if args.vocab_size < 100:
        raise ReaderError(f"--vocab-size {args.vocab_size} is too small (at least 100)")
    path = train_model(prefix, vocab_size=args.vocab_size, library=library)
    print(visible(f"wrote {path} ({path.stat().st_size} bytes)"), file=sys.stderr)
    return 0


def add_parsers(commands, common) -> None:
    """The three subparsers (called from reader.cli)."""
    from .core.tokenize import DEFAULT_VOCAB_SIZE

    align = commands.add_parser("align", parents=[common], help="align the sentences of an English and a Chinese file",
                                description="Align an English and a Chinese file, or a corpus of such pairs: two "
                                            "folders whose files pair by name, or a manifest (--pairs), each pair "
                                            "written to DIR/NAME.FORMAT; pairs already written are skipped.")
    align.add_argument("src", metavar="SRC", nargs="?", help="a text file, English or Chinese (or a folder of them)")
    align.add_argument("tgt", metavar="TGT", nargs="?", help="a text file in the other language (or a folder)")
    align.add_argument("--presplit", action="store_true",
                       help="the files hold one sentence a line (else: paragraphs at blank lines, split here)")
    align.add_argument("--format", default="links", metavar="FORMAT",
                       help="links (default: [0, 1]:[0] a line), tsv or jsonl (sentence pairs with scores, "
                            "after a line with the aligner's signature)")
    align.add_argument("-o", "--output", metavar="FILE",
                       help="write to FILE instead of standard output (for a corpus: the folder DIR)")
    align.add_argument("--pairs", metavar="MANIFEST",
                       help="align the pairs of MANIFEST, a line each: SRC<TAB>TGT<TAB>NAME (paths from its folder)")
    align.add_argument("--jobs", type=int, default=None, metavar="N",
                       help="for a corpus: N local processes (default: one per CPU core this process may use)")
    align.add_argument("--scheduler", metavar="ADDRESS",
                       help="for a corpus: send the pairs to the Dask cluster at ADDRESS (pip install 'reader[dask]')")
    align.add_argument("--force", action="store_true", help="with -o: replace FILE even if it is read-only")
    align.add_argument("--max-size", metavar="SIZE", help=MAX_SIZE_HELP)

    ev = commands.add_parser("eval", parents=[common],
                             help="strict and lax precision, recall and F1 of links against gold links")
    ev.add_argument("gold", metavar="GOLD", help="a gold link file, or a folder of them")
    ev.add_argument("pred", metavar="PRED", help="a predicted link file, or a folder with the same names")
    ev.add_argument("--json", action="store_true", help="print a JSON object")
    ev.add_argument("--max-size", metavar="SIZE", help=MAX_SIZE_HELP)

    train = commands.add_parser("train-tokenizer", parents=[common],
                                help="train the SentencePiece model from the library and CC-CEDICT")
    train.add_argument("-o", "--output", metavar="PREFIX", help="write PREFIX.model (default: reader/data/spm)")
    train.add_argument("--vocab-size", type=int, default=DEFAULT_VOCAB_SIZE, metavar="N",
                       help=f"pieces in the model (default: {DEFAULT_VOCAB_SIZE})")
