"""`reader align`, `reader eval` and `reader train-tokenizer`: sentence alignment of two
files, its evaluation against gold links, and the SentencePiece model's training.

`reader align` of two folders, or of a manifest (--pairs), aligns a corpus: see
reader/cli_corpus.py. The files, the outputs and link files read back:
reader/formats/links.py.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .core.errors import ReaderError
from .core.files import MAX_SIZE_HELP, open_binary, write_outputs
from .core.visible import visible
from .formats.links import FORMATS, align_files, is_intertext, library_terms, read_link_file


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

    aligner = Aligner(glossary=library_terms(library))
    output, count = align_files(Path(args.src), Path(args.tgt), args.presplit, args.format, aligner)
    if args.output:
        write_outputs({Path(args.output): output.encode("utf-8")}, force=args.force)
        print(visible(f"wrote {count} beads to {args.output}"), file=sys.stderr)
    else:
        sys.stdout.write(output)
    return 0


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
            if not is_intertext(head):
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
