"""The glossaries of a library, each named: which file an entry comes from.

A library has three kinds of glossary file, all in the same TSV format:

    termbases/NAME.tsv         a termbase imported with `reader glossary import`
    texts/glossary.tsv         the library-wide glossary
    texts/<id>/glossary.tsv    one text's own

A text is read with all of them merged (`Library.glossary`, the later winning); the
look-up searches every entry of every one, saying where each comes from, so that a term
a text's glossary renders one way and a termbase another shows both.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import ReaderError
from .glossary import GlossaryEntry, read_glossary

LIBRARY, TEXT, TERMBASE = "library", "text", "termbase"


@dataclass(frozen=True, slots=True)
class GlossarySource:
    """One glossary file of a library."""

    path: Path
    kind: str  # LIBRARY, TEXT or TERMBASE
    name: str  # "library", the text id, or the termbase's name

    @property
    def label(self) -> str:
        """How the reader names it: "library glossary", "glossary of ID", "termbase NAME"."""
        if self.kind == LIBRARY:
            return "library glossary"
        if self.kind == TEXT:
            return f"glossary of {self.name}"
        return f"termbase {self.name}"

    def relative(self, root: Path) -> str:
        try:
            return self.path.relative_to(root).as_posix()
        except ValueError:
            return str(self.path)


def library_glossary(library) -> GlossarySource:
    return GlossarySource(library.texts_dir / "glossary.tsv", LIBRARY, "library")


def text_glossary(library, text_id: str) -> GlossarySource:
    return GlossarySource(library.texts_dir / text_id / "glossary.tsv", TEXT, text_id)


def termbase(library, name: str) -> GlossarySource:
    from .store import ID_PATTERN

    if not ID_PATTERN.match(name):
        raise ReaderError(f"bad termbase name {name!r} (use lower-case letters, digits and hyphens)")
    return GlossarySource(library.termbases_dir / f"{name}.tsv", TERMBASE, name)


def source_of(library, path: Path | str) -> GlossarySource:
    """The glossary a file (or an entry's `origin`, `file:line`) belongs to."""
    path = Path(str(path))
    if path.suffix != ".tsv" and ":" in path.name:  # an origin: file:line
        path = path.with_name(path.name.rpartition(":")[0])
    if path.parent == library.termbases_dir:
        return GlossarySource(path, TERMBASE, path.stem)
    if path == library.texts_dir / "glossary.tsv":
        return GlossarySource(path, LIBRARY, "library")
    if path.parent.parent == library.texts_dir:
        return GlossarySource(path, TEXT, path.parent.name)
    return GlossarySource(path, TERMBASE, path.stem)


def sources(library, text_id: str | None = None) -> list[GlossarySource]:
    """Every glossary file of the library, the one that wins last (see `Library.glossary_files`)."""
    return [source_of(library, path) for path in library.glossary_files(text_id)]


def every_entry(library, text_id: str | None = None) -> list[tuple[GlossarySource, GlossaryEntry]]:
    """Every entry of every glossary, not merged: a term several glossaries give comes
    once from each. A damaged glossary is skipped (`Library.skip`)."""
    found = []
    for source in sources(library, text_id):
        try:
            entries = read_glossary(source.path)
        except ReaderError as exc:
            library.skip(exc)
            continue
        found += [(source, entry) for entry in entries]
    return found
