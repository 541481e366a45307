"""`reader align` of a corpus: two folders whose files pair by name, or a manifest of
pairs (`--pairs MANIFEST`, SRC<TAB>TGT<TAB>NAME a line), each pair aligned as `reader
align SRC TGT` would and written to DIR/NAME.FORMAT; in this process, in `--jobs N`
local processes, or on a Dask cluster (`--scheduler ADDRESS`). Pairs already written
are skipped; a pair that fails is reported on a line of its own and the others go on.
A progress bar goes to standard error when it is a terminal.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from .core.corpus import CorpusPair, pair_folders, read_manifest, run
from .core.errors import ReaderError


@dataclass(frozen=True, slots=True)
class AlignOptions:
    """What every pair is aligned with (sent to each worker)."""

    presplit: bool
    format: str
    glossary: tuple = ()  # the library's glossary entries


_ALIGNER: tuple | None = None  # (options, Aligner): one per process, made at its first pair


def align_pair(pair: CorpusPair, options: AlignOptions) -> bytes:
    """One pair's output, as `reader align SRC TGT --format FORMAT` writes it."""
    from .formats.links import align_files

    output, _ = align_files(pair.src, pair.tgt, options.presplit, options.format, _aligner(options))
    return output.encode("utf-8")


def _aligner(options: AlignOptions):
    """This process's aligner for these options (made at the first pair)."""
    global _ALIGNER
    if _ALIGNER is None or _ALIGNER[0] != options:
        from .core.aligner import Aligner
        from .core.tokenize import load

        load()  # the SentencePiece model, before any fork
        _ALIGNER = (options, Aligner(glossary=options.glossary))
    return _ALIGNER[1]


# Without --jobs, a process a core, so long as each has a few pairs to align (a worker
# costs little, forked with the aligner loaded, but not nothing).
MIN_PAIRS_A_JOB = 4


def _cores() -> int:
    """The CPU cores this process may run on."""
    import os

    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def cmd_align_corpus(library, args) -> int:
    from .formats.links import library_terms

    if not args.output:
        raise ReaderError("a corpus needs -o DIR, the folder for the outputs")
    if args.jobs is not None and args.jobs < 1:
        raise ReaderError(f"--jobs {args.jobs}: give at least 1")
    if args.pairs is not None:
        if args.src is not None:
            raise ReaderError("give either --pairs MANIFEST or SRC and TGT, not both")
        pairs, alone = read_manifest(Path(args.pairs)), []
    else:
        src, tgt = Path(args.src), Path(args.tgt) if args.tgt is not None else None
        if tgt is None or not tgt.is_dir():
            raise ReaderError("SRC is a folder: TGT must be a folder too", tgt if tgt is not None else src)
        pairs, alone = pair_folders(src, tgt)
    out_dir = Path(args.output)
    if out_dir.exists() and not out_dir.is_dir():
        raise ReaderError("for a corpus, -o names a folder, and this is a file", out_dir)
    for name in alone:
        print(_one_line(f"reader: error: {name}: no file of that name in the other folder; left out"),
              file=sys.stderr)
    options = AlignOptions(args.presplit, args.format, tuple(library_terms(library)))
    jobs = args.jobs if args.jobs is not None else min(_cores(), max(1, len(pairs) // MIN_PAIRS_A_JOB))
    if jobs > 1 and not args.scheduler:
        _aligner(options)  # made once here, then shared by the forked workers
    bar = _Progress(sys.stderr, sys.stderr.isatty())
    outcomes = run(pairs, align_pair, options, out_dir, args.format, jobs=jobs,
                   scheduler=args.scheduler, progress=bar)
    bar.close()
    done = sum(o.status == "done" for o in outcomes)
    skipped = sum(o.status == "skipped" for o in outcomes)
    failed = [o for o in outcomes if o.status == "failed"]
    print(_one_line(f"aligned {done} pair{'s' if done != 1 else ''} into {out_dir}")
          + (f", {skipped} done before" if skipped else "") + (f", {len(failed)} failed" if failed else ""),
          file=sys.stderr)
    return 2 if failed or alone else 0


class _Progress:
    """A failed pair's line as it fails, and on a terminal a one-line progress bar redrawn
    in place below them."""

    def __init__(self, stream, bar: bool, width: int = 30):
        self.stream, self.bar, self.width = stream, bar, width
        self.drawn = False

    def __call__(self, outcome, finished: int, total: int, failed: int) -> None:
        if outcome is not None and outcome.status == "failed":
            self.stream.write(("\r\x1b[K" if self.drawn else "")
                              + _one_line(f"reader: error: {outcome.pair.name}: {outcome.detail}") + "\n")
        if self.bar:
            filled = self.width * finished // max(total, 1)
            extra = f", {failed} failed" if failed else ""
            self.stream.write(f"\r[{'#' * filled}{'-' * (self.width - filled)}] {finished}/{total} pairs{extra}")
            self.drawn = True
        self.stream.flush()

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()


def _one_line(text: str) -> str:
    """A message as one line of plain text (no control characters from file names)."""
    return "".join(c if c.isprintable() else " " for c in text)
