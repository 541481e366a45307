"""The library on disk: where it is, and loading and saving its texts.

Layout of a library folder::

    texts/<id>/meta.json      metadata (title, author, source, ...)
    texts/<id>/<source file>  the source exactly as received
    alignments/<id>.jsonl     the aligned pairs, one JSON record per line

The alignment file starts with a header record naming the schema and its version; every
other line is one pair. Everything is validated on load, and a problem is reported as a
`ReaderError` naming the file, the line and what is wrong.
"""

from __future__ import annotations

import gc
import json
import math
import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .errors import ReaderError
from . import transaction
from .files import decode_text, open_binary, read_bytes
from .glossary import GlossaryEntry, merge, read_glossary
from .model import KINDS, LANGUAGES, STATUSES, Footnote, Pair, Span, Text, TextMeta

SCHEMA = "reader-alignment"
SCHEMA_VERSION = 1
META_SCHEMA = "reader-text"
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
ENV_LIBRARY = "READER_LIBRARY"

_PAIR_FIELDS = {"id", "kind", "en", "zh", "src", "level", "sentences", "links", "status", "link_status"}
_FOOTNOTE_FIELDS = {"footnote", "pair", "offset", "lang", "text"}
_LANGUAGE_SET = set(LANGUAGES)
_SURROGATE = re.compile("[\ud800-\udfff]")


def bundled_library() -> Path:
    """The library shipped with the package, wherever the package is.

    An installed wheel carries it as `reader/_library`; a source checkout has it at the top
    of the repository, beside the package. The current directory never matters.
    """
    package = Path(__file__).resolve().parent.parent
    installed = package / "_library"
    if (installed / "alignments").is_dir():
        return installed
    return package.parent


def default_library() -> Path:
    env = os.environ.get(ENV_LIBRARY)
    return Path(env).expanduser() if env else bundled_library()


# -- the alignment file ------------------------------------------------------------------


def dump_alignment(text_id: str, pairs: Iterable[Pair], footnotes: Iterable[Footnote] = (),
                   edits: dict | None = None) -> bytes:
    """The alignment file: the header, one record per pair, then one per footnote.
    `edits` (reader.core.editing.journal) says how far the edit journal is in the file."""
    return b"".join(alignment_lines(text_id, pairs, footnotes, edits))


def alignment_lines(text_id: str, pairs: Iterable[Pair], footnotes: Iterable[Footnote] = (),
                    edits: dict | None = None) -> Iterator[bytes]:
    """dump_alignment one encoded line at a time (each with its newline), for a save that
    writes the file record by record instead of holding it whole."""
    header = {"schema": SCHEMA, "version": SCHEMA_VERSION, "text": text_id}
    if edits:
        header["edits"] = edits
    yield _dumps(header).encode("utf-8") + b"\n"
    if hasattr(pairs, "lines"):  # reader.core.pair_records.PairRecords: written as kept
        yield from pairs.lines()
    else:
        for pair in pairs:
            yield pair_line(pair)
    for footnote in footnotes:
        yield _dumps(footnote_record(footnote)).encode("utf-8") + b"\n"


def pair_line(pair: Pair) -> bytes:
    """A pair's line of the alignment file, encoded, with its newline."""
    return _dumps(pair_record(pair)).encode("utf-8") + b"\n"


def footnote_record(footnote: Footnote) -> dict:
    return {"footnote": footnote.n, "pair": footnote.pair, "offset": footnote.offset,
            "lang": footnote.lang, "text": footnote.text}


def pair_record(pair: Pair) -> dict:
    """A pair as the JSON object the alignment file and the JSON exports use."""
    record: dict = {"id": pair.id, "kind": pair.kind, "en": pair.en, "zh": pair.zh}
    src = {lang: [list(span) for span in spans]
           for lang, spans in (("en", pair.src_en), ("zh", pair.src_zh)) if spans}
    if src:
        record["src"] = src
    if pair.level:
        record["level"] = pair.level
    if pair.sentences_en or pair.sentences_zh:
        record["sentences"] = {lang: [list(span) for span in spans]
                               for lang, spans in (("en", pair.sentences_en), ("zh", pair.sentences_zh)) if spans}
    if pair.links:
        record["links"] = [[list(en), list(zh), score] for en, zh, score in pair.links]
    if pair.status != "auto":
        record["status"] = pair.status
    if pair.link_status:
        record["link_status"] = list(pair.link_status)
    return record


def _dumps(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(", ", ": "))


def read_alignment(path: Path) -> tuple[str, list[Pair]]:
    """Load and validate a whole alignment file (its pairs; see `Library.load` for all)."""
    text_id, pairs = open_alignment(path)
    return text_id, list(pairs)


def open_alignment(path: Path) -> tuple[str, "PairStream"]:
    """Read the header now and stream the pairs, validated, line by line: a large text
    can be shown before its last pair is read."""
    handle = open_binary(path)
    try:
        return parse_alignment(handle, path)
    except BaseException:
        handle.close()
        raise


def parse_alignment(lines: Iterable[bytes], path: Path | str) -> tuple[str, "PairStream"]:
    numbered = enumerate(lines, start=1)
    for number, raw in numbered:
        line = _decode_line(raw, path, number).lstrip("\ufeff")
        if line.strip():
            return _check_header(_json_record(line, path, number), path, number), PairStream(numbered, lines, path)
    raise ReaderError("empty alignment file (no header record)", path)


def _decode_line(raw: bytes, path, number: int) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ReaderError(
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at column {exc.start + 1})", path, number
        ) from None


def _json_record(line: str, path, number: int) -> dict:
    record = parse_json(line, path, number)
    if not isinstance(record, dict):
        raise ReaderError("a record must be a JSON object", path, number)
    return record


def parse_json(text: str, path, number: int | None = None):
    """JSON as the library keeps it, strictly: no NaN or Infinity, no number too long to
    read, no string with a lone surrogate (which no file can be written with), no nesting
    too deep to read; each a one-line error. (A float too large reads as infinity: where
    a float belongs, a link's score, it is checked to be finite.)"""
    try:
        value = _DECODER.decode(text)
    except json.JSONDecodeError as exc:
        raise ReaderError(f"not valid JSON ({exc.msg}, column {exc.colno})", path,
                          number if number is not None else exc.lineno) from None
    except RecursionError:
        raise ReaderError("not valid JSON here (nested too deeply)", path, number) from None
    except ValueError as exc:
        message = str(exc)
        if "digits" in message:
            message = "a number with too many digits"
        raise ReaderError(f"not valid JSON here ({message})", path, number) from None
    if "\\u" in text:
        bad = _lone_surrogate(value)
        if bad is not None:
            raise ReaderError(f"a string holds a lone surrogate (\\u{ord(bad):04x}), which is not text",
                              path, number)
    return value


def _no_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


_DECODER = json.JSONDecoder(parse_constant=_no_constant)  # one, made once: json.loads(..., **options) makes one a call


def _lone_surrogate(value) -> str | None:
    """The first lone surrogate in any string of a parsed JSON value (without recursion:
    the value may nest as deeply as the parser allows)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            bad = _SURROGATE.search(item)
            if bad:
                return bad.group()
        elif isinstance(item, dict):
            stack += item.keys()
            stack += item.values()
        elif isinstance(item, list):
            stack += item
    return None


def _brief(value) -> str:
    """A value from a file, shown in an error message: its repr, cut short."""
    shown = repr(value)
    return shown if len(shown) <= 40 else shown[:39] + "…"


class PairStream:
    """The pairs of an alignment file as they are read; the footnotes, which follow the
    pairs in the file, are in `footnotes` once the stream is exhausted."""

    def __init__(self, numbered, source, path) -> None:
        self.footnotes: list[Footnote] = []
        self._pairs = _pairs(numbered, source, path, self.footnotes)

    def __iter__(self) -> "PairStream":
        return self

    def __next__(self) -> Pair:
        return next(self._pairs)


class ReplayedPairs(PairStream):
    """A text's pairs from memory, as a stream (a read-only library with edits to replay)."""

    def __init__(self, text: Text) -> None:
        self.footnotes = text.footnotes
        self._pairs = iter(text.pairs)


def _pairs(numbered, source, path, footnotes: list[Footnote]) -> Iterator[Pair]:
    seen: dict[str, Pair] = {}
    numbers: set[int] = set()
    collecting = gc.isenabled()
    # Parsing allocates many small objects that all live on: collecting while it runs
    # only costs time (a third of the load at 100,000 pairs).
    gc.disable()
    try:
        for number, raw in numbered:
            line = _decode_line(raw, path, number)
            if not line.strip():
                continue
            record = _json_record(line, path, number)
            if "footnote" in record:
                footnote = _footnote_from_record(record, seen, path, number)
                if footnote.n in numbers:
                    raise ReaderError(f"footnote {footnote.n}: duplicate footnote number", path, number)
                numbers.add(footnote.n)
                footnotes.append(footnote)
                continue
            if footnotes:
                raise ReaderError("a pair after the footnotes (footnotes come last)", path, number)
            try:
                pair = _fast_pair(record)
            except (KeyError, TypeError, ValueError, AttributeError):
                pair = _pair_from_record(record, path, number)  # words the problem
            if pair.id in seen:
                raise ReaderError(f"pair {pair.id!r}: duplicate pair id", path, number)
            seen[pair.id] = pair
            yield pair
    finally:
        if collecting:
            gc.enable()
        close = getattr(source, "close", None)
        if close is not None:
            close()


_KINDS = {kind: kind for kind in KINDS}  # one shared string per kind


def _fast_pair(record: dict) -> Pair:
    """The common, valid record, checked quickly; anything unusual raises and goes to
    the careful check in `_pair_from_record`."""
    if not record.keys() <= _PAIR_FIELDS:
        raise KeyError
    pid, en, zh = record["id"], record["en"], record["zh"]
    kind = _KINDS[record["kind"]]
    if type(pid) is not str or type(en) is not str or type(zh) is not str or not pid or not (en or zh):
        raise TypeError
    level = record.get("level", 0)
    if type(level) is not int or not 0 <= level <= 2:
        raise ValueError
    if "sentences" in record or "links" in record or "status" in record:
        raise KeyError  # checked with care in _pair_from_record
    src = record.get("src")
    if src is None:
        return Pair(pid, kind, en, zh, level=level)
    if not src.keys() <= _LANGUAGE_SET:
        raise KeyError
    return Pair(pid, kind, en, zh, _fast_spans(src.get("en", ())), _fast_spans(src.get("zh", ())), level)


def _fast_spans(value) -> tuple[Span, ...]:
    spans = []
    for first, last in value:
        if type(first) is not int or type(last) is not int or not 1 <= first <= last:
            raise ValueError
        spans.append((first, last))
    return tuple(spans)


def _footnote_from_record(record: dict, pairs: dict[str, Pair], path, number: int) -> Footnote:
    n = record.get("footnote")
    label = f"footnote {_brief(n)}"

    def fail(problem: str):
        raise ReaderError(f"{label}: {problem}", path, number)

    unknown = set(record) - _FOOTNOTE_FIELDS
    if unknown:
        fail(f"unknown field {_brief(sorted(unknown)[0])}")
    if type(n) is not int or n < 1:
        fail("the number must be a whole number from 1")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        fail("missing or empty 'text'")
    lang = record.get("lang", "en")
    if lang not in LANGUAGES:
        fail(f"lang must be 'en' or 'zh', not {_brief(lang)}")
    cited = record.get("pair")
    pair = pairs.get(cited) if isinstance(cited, str) else None
    if pair is None:
        fail(f"cites pair {_brief(cited)}, which is not in the file")
    offset = record.get("offset")
    if type(offset) is not int or not 0 <= offset <= len(pair.side(lang)):
        fail(f"offset {_brief(offset)} is outside pair {pair.id!r} (0 to {len(pair.side(lang))})")
    return Footnote(n, text, pair.id, offset, lang)


def _check_header(record: dict, path, number: int) -> str:
    if record.get("schema") != SCHEMA:
        raise ReaderError(f"first record must be the header with \"schema\": \"{SCHEMA}\"", path, number)
    version = record.get("version")
    if type(version) is not int or version != SCHEMA_VERSION:
        raise ReaderError(
            f"unknown schema version {_brief(version)} (this reader reads version {SCHEMA_VERSION})", path, number
        )
    text_id = record.get("text")
    if not isinstance(text_id, str) or not ID_PATTERN.match(text_id):
        raise ReaderError(f"header: bad text id {_brief(text_id)}", path, number)
    return text_id


def _pair_from_record(record: dict, path, number: int) -> Pair:
    pid = record.get("id")
    label = f"pair {_brief(pid)}" if isinstance(pid, str) and pid else "pair"

    def fail(problem: str):
        raise ReaderError(f"{label}: {problem}", path, number)

    unknown = set(record) - _PAIR_FIELDS
    if unknown:
        fail(f"unknown field {_brief(sorted(unknown)[0])}")
    if not isinstance(pid, str) or not pid:
        fail("missing or empty 'id'")
    kind = record.get("kind")
    if not isinstance(kind, str) or kind not in KINDS:
        fail(f"kind must be one of {', '.join(KINDS)}, not {_brief(kind)}")
    for lang in LANGUAGES:
        if lang not in record:
            fail(f"missing field {lang!r}")
        if not isinstance(record[lang], str):
            fail(f"field {lang!r} must be a string")
    if not record["en"] and not record["zh"]:
        fail("both sides are empty")
    src = record.get("src", {})
    if not isinstance(src, dict) or set(src) - set(LANGUAGES):
        fail("'src' must be an object with 'en' and/or 'zh' line spans")
    spans = {lang: _spans(src.get(lang, []), fail) for lang in LANGUAGES}
    level = record.get("level", 0)
    if type(level) is not int or not 0 <= level <= 2:
        fail(f"level must be 1 or 2 (headings), not {_brief(level)}")
    sentences = record.get("sentences", {})
    if not isinstance(sentences, dict) or set(sentences) - set(LANGUAGES):
        fail("'sentences' must be an object with 'en' and/or 'zh' character spans")
    sentence_spans = {lang: _sentence_spans(sentences.get(lang, []), record[lang], lang, fail) for lang in LANGUAGES}
    links = _links(record.get("links", []), sentence_spans, fail)
    status, link_status = _statuses(record, len(links), fail)
    return Pair(pid, kind, record["en"], record["zh"], spans["en"], spans["zh"], level,
                sentence_spans["en"], sentence_spans["zh"], links, status, link_status)


def _statuses(record: dict, links: int, fail) -> tuple[str, tuple[str, ...]]:
    """The review statuses of a pair and of its links (absent: "auto")."""
    status = record.get("status", "auto")
    if not isinstance(status, str) or status not in STATUSES:
        fail(f"status must be one of {', '.join(STATUSES)}, not {_brief(status)}")
    value = record.get("link_status", [])
    if (not isinstance(value, list) or "link_status" in record and len(value) != links
            or not all(isinstance(item, str) and item in STATUSES for item in value)):
        fail(f"link_status must list one status ({', '.join(STATUSES)}) per link ({links})")
    return status, tuple(value) if any(item != "auto" for item in value) else ()


def _sentence_spans(value, side: str, lang: str, fail) -> tuple[Span, ...]:
    if not isinstance(value, list):
        fail(f"sentences.{lang} must be a list of [start, end] spans")
    spans, previous = [], 0
    for span in value:
        if (not isinstance(span, list) or len(span) != 2
                or not all(type(n) is int for n in span) or not previous <= span[0] < span[1] <= len(side)):
            fail(f"bad sentence span {_brief(span)} in {lang} (in order, within the {len(side)} characters)")
        spans.append((span[0], span[1]))
        previous = span[1]
    return tuple(spans)


def _links(value, sentences: dict, fail) -> tuple:
    if not isinstance(value, list):
        fail("'links' must be a list of [[en sentences], [zh sentences], score]")
    links = []
    for link in value:
        if (not isinstance(link, list) or len(link) != 3 or not isinstance(link[0], list)
                or not isinstance(link[1], list) or type(link[2]) not in (int, float)
                or not math.isfinite(link[2])):
            fail(f"bad link {_brief(link)} (want [[en sentences], [zh sentences], score])")
        for lang, indices in (("en", link[0]), ("zh", link[1])):
            if not all(type(i) is int and 0 <= i < len(sentences[lang]) for i in indices):
                fail(f"link {_brief(link)} names a {lang} sentence the pair does not have")
        links.append((tuple(link[0]), tuple(link[1]), float(link[2])))
    return tuple(links)


def _spans(value, fail) -> tuple[Span, ...]:
    if not isinstance(value, list):
        fail("line spans must be a list of [first, last] pairs")
    spans = []
    for span in value:
        if (
            not isinstance(span, list)
            or len(span) != 2
            or not all(isinstance(n, int) and not isinstance(n, bool) for n in span)
            or not 1 <= span[0] <= span[1]
        ):
            fail(f"bad line span {_brief(span)} (want [first, last], 1-based)")
        spans.append((span[0], span[1]))
    return tuple(spans)


# -- metadata ------------------------------------------------------------------------------


def meta_record(meta: TextMeta) -> dict:
    """What a text is, as the metadata file and the JSON export give it."""
    return {
        "title": meta.title,
        "author": meta.author,
        "source": meta.source,
        "editor": meta.editor,
        "published": meta.published,
        "languages": list(meta.languages),
    }


def dump_meta(meta: TextMeta) -> bytes:
    record = {
        "schema": META_SCHEMA,
        "version": SCHEMA_VERSION,
        "id": meta.id,
        **meta_record(meta),
        "source_file": meta.source_file,
        "import_format": meta.import_format,
    }
    return (json.dumps(record, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def read_meta(path: Path) -> TextMeta:
    record = parse_json(decode_text(read_bytes(path), path), path)
    if not isinstance(record, dict) or record.get("schema") != META_SCHEMA:
        raise ReaderError(f"not a text metadata file (want \"schema\": \"{META_SCHEMA}\")", path)
    if type(record.get("version")) is not int or record.get("version") != SCHEMA_VERSION:
        raise ReaderError(
            f"unknown schema version {_brief(record.get('version'))} (this reader reads version {SCHEMA_VERSION})", path
        )
    for key in ("title", "author"):
        value = record.get(key, {})
        if not isinstance(value, dict) or not all(
            k in LANGUAGES and isinstance(v, str) for k, v in value.items()
        ):
            raise ReaderError(f"{key!r} must map 'en'/'zh' to strings", path)
    for key in ("id", "source", "editor", "published", "source_file", "import_format"):
        if not isinstance(record.get(key, ""), str):
            raise ReaderError(f"{key!r} must be a string", path)
    languages = record.get("languages", list(LANGUAGES))
    if (not isinstance(languages, list) or not languages
            or not all(isinstance(lang, str) and lang in LANGUAGES for lang in languages)):
        raise ReaderError("'languages' must be a non-empty list of 'en'/'zh'", path)
    return TextMeta(
        id=record.get("id", ""),
        title=dict(record.get("title", {})),
        author=dict(record.get("author", {})),
        source=record.get("source", ""),
        editor=record.get("editor", ""),
        published=record.get("published", ""),
        languages=tuple(languages),
        source_file=record.get("source_file", ""),
        import_format=record.get("import_format", ""),
    )


# -- the library -----------------------------------------------------------------------------


class Library:
    """A library folder: texts/<id>/ and alignments/<id>.jsonl.

    Commands over the whole library go on past a damaged text or glossary: `texts`,
    `glossary` and `default_text_id` pass its error to `skip` (kept in `damaged`, and
    handed to `on_damaged`, which the command line prints) instead of raising it.
    """

    def __init__(self, root: Path, on_damaged: Callable[[ReaderError], None] | None = None):
        self.root = Path(root)
        self.texts_dir = self.root / "texts"
        self.alignments_dir = self.root / "alignments"
        self.termbases_dir = self.root / "termbases"
        self.on_damaged = on_damaged
        self.damaged: list[ReaderError] = []
        self._settled = False

    def skip(self, error: ReaderError) -> None:
        """Note a damaged file that a command goes on without (each problem once)."""
        if any(str(seen) == str(error) for seen in self.damaged):
            return
        self.damaged.append(error)
        if self.on_damaged is not None:
            self.on_damaged(error)

    def _settle(self) -> None:
        """Once per library object: finish or drop a change a killed writer left."""
        if self._settled:
            return
        self._settled = True
        if transaction.pending(self.root):
            try:
                with transaction.locked(self.root, exclusive=True):
                    transaction.recover(self.root)
            except OSError:
                pass  # a library we may not write: read it as it is

    def alignment_path(self, text_id: str) -> Path:
        return self.alignments_dir / f"{text_id}.jsonl"

    def meta_path(self, text_id: str) -> Path:
        return self.texts_dir / text_id / "meta.json"

    def ids(self) -> list[str]:
        return sorted(text_id for text_id, _ in self._alignment_entries())

    def alignment_stats(self) -> dict[str, os.stat_result]:
        """Each text's alignment file's `os.stat`, by id in order, in one pass over the
        folder: what an index keyed by the files checks (a tenth of the time of a path and
        a stat each at a thousand texts). A file that cannot be stat'ed is left out."""
        found = {}
        for text_id, entry in self._alignment_entries():
            try:
                found[text_id] = entry.stat()
            except OSError:
                continue
        return dict(sorted(found.items()))

    def _alignment_entries(self) -> Iterator[tuple[str, os.DirEntry]]:
        """(id, directory entry) of each alignment file of the library, in no order."""
        self._settle()
        try:
            with os.scandir(self.alignments_dir) as entries:
                found = [(entry.name[:-6], entry) for entry in entries if entry.name.endswith(".jsonl")]
        except OSError:  # no folder (yet), or not one
            return
        yield from ((text_id, entry) for text_id, entry in found if ID_PATTERN.match(text_id))

    def exists(self, text_id: str) -> bool:
        """Whether the library has a text of this id (readable or not: a folder where its
        alignment file should be is a damaged text, reported when it is opened)."""
        self._settle()
        return self.alignment_path(text_id).exists()

    def load_meta(self, text_id: str) -> TextMeta:
        self._require(text_id)
        path = self.meta_path(text_id)
        if not path.is_file():
            return TextMeta(id=text_id, title={"en": text_id})
        meta = read_meta(path)
        if meta.id != text_id:
            raise ReaderError(f"id {meta.id!r} does not match its folder {text_id!r}", path)
        return meta

    def open(self, text_id: str) -> tuple[TextMeta, PairStream]:
        """A text's metadata, and its pairs as a stream (see `open_alignment`)."""
        self._settle()
        from .editing import settle

        replayed = settle(self, text_id)  # edits a killed editor journalled but did not write
        if replayed is not None:
            return replayed.meta, ReplayedPairs(replayed)
        with transaction.locked(self.root, exclusive=False):  # never half a replaced text
            meta = self.load_meta(text_id)
            path = self.alignment_path(text_id)
            file_id, pairs = open_alignment(path)
        if file_id != text_id:
            raise ReaderError(f"header names text {file_id!r}, but the file is for {text_id!r}", path, 1)
        return meta, pairs

    def load(self, text_id: str) -> Text:
        meta, pairs = self.open(text_id)
        return Text(meta, list(pairs), pairs.footnotes)

    def glossary_files(self, text_id: str | None = None) -> list[Path]:
        """The imported termbases (`termbases/NAME.tsv`, by name), the library-wide
        glossary, then every text's own, `text_id`'s last (so that its entries win): the
        texts of a library share their vocabulary."""
        ids = [i for i in self.ids() if i != text_id] + ([text_id] if text_id else [])
        termbases = sorted(self.termbases_dir.glob("*.tsv")) if self.termbases_dir.is_dir() else []
        files = [*termbases, self.texts_dir / "glossary.tsv", *(self.texts_dir / i / "glossary.tsv" for i in ids)]
        return [path for path in files if path.is_file()]

    def glossary(self, text_id: str | None = None) -> list[GlossaryEntry]:
        """The entries that apply to a text (or to the whole library): every glossary of
        the library, where a text's own entry for a term replaces any other. A damaged
        glossary is skipped (see the class)."""
        glossaries = []
        for path in self.glossary_files(text_id):
            try:
                glossaries.append(read_glossary(path))
            except ReaderError as exc:
                self.skip(exc)
        return merge(*glossaries)

    def texts(self) -> Iterator[Text]:
        """Every text that can be read; a damaged one is skipped (see the class)."""
        for text_id in self.ids():
            try:
                text = self.load(text_id)
            except ReaderError as exc:
                self.skip(exc)
                continue
            yield text

    def default_text_id(self) -> str:
        """The text `reader` opens with no arguments: the first bilingual text."""
        ids = self.ids()
        if not ids:
            raise ReaderError("the library has no texts (import one with `reader import FILE`)", self.root)
        for text_id in ids:
            try:
                if len(self.load_meta(text_id).languages) > 1:
                    return text_id
            except ReaderError as exc:
                self.skip(exc)
        return ids[0]

    def save(self, text: Text, source: bytes | Iterable[bytes] | None, replace: bool = False,
             others: dict[str, bytes | Iterable[bytes]] | None = None) -> list[Path]:
        """Write a text's metadata, source and alignment, all or nothing, whenever the
        process is killed (reader.core.transaction); a replaced text keeps only its new
        sources. `source` is kept as `meta.source_file` (the English one); `others` are
        more verbatim sources kept beside it, by file name (`source.zh.epub`: the Chinese
        file of a pair). A source is bytes, or chunks of them (reader.core.files.VerbatimSource:
        copied from its file as it is staged)."""
        text_id = text.id
        if not ID_PATTERN.match(text_id):
            raise ReaderError(
                f"bad text id {text_id!r} (use lower-case letters, digits and hyphens)"
            )
        files = {
            self.meta_path(text_id): dump_meta(text.meta),
            self.alignment_path(text_id): alignment_lines(text_id, text.pairs, text.footnotes),  # written as made
        }
        if source is not None and text.meta.source_file:
            files[self.texts_dir / text_id / text.meta.source_file] = source
        for name, data in (others or {}).items():
            if not re.fullmatch(r"source\.[a-z0-9.]{1,24}", name) or name == text.meta.source_file:
                raise ReaderError(f"bad source file name {name!r} (source.<ext>, another than the English one)")
            files[self.texts_dir / text_id / name] = data
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ReaderError(f"cannot write: {exc.strerror}", self.root) from None
        with transaction.locked(self.root, exclusive=True):
            self._settled = True
            transaction.recover(self.root)
            if self.alignment_path(text_id).exists() and not replace:
                raise ReaderError(
                    f"text {text_id!r} already exists (use --replace to overwrite it, or --id to choose another id)",
                    self.root,
                )
            folder = self.texts_dir / text_id
            kept = {text.meta.source_file, *(others or {})}
            stale = [p for p in folder.glob("source.*") if p.name not in kept] if replace else []
            stale += [path for path in [folder / "edits.jsonl"] if replace and path.exists()]  # another text's edits
            made = [folder for folder in (self.texts_dir, folder) if not folder.exists()]
            try:
                transaction.commit(self.root, files, stale)
            except BaseException:
                # Ctrl+C, or a source that changed since it was read, while staging: the
                # uncommitted files are dropped (after the commit point, the change is
                # completed instead), and a folder made for them goes
                transaction.recover(self.root)
                for made_folder in reversed(made):
                    try:
                        made_folder.rmdir()
                    except OSError:
                        pass
                raise
        return list(files)

    def _require(self, text_id: str) -> None:
        if not self.exists(text_id):
            have = ", ".join(self.ids()) or "none"
            raise ReaderError(f"no text {text_id!r} in the library (texts: {have})", self.root)

    def resolve(self, ref: str) -> Text:
        """A text by id, or by the path of an alignment file or a texts/<id> folder."""
        meta, pairs = self.open_ref(ref)
        return Text(meta, list(pairs), pairs.footnotes)

    def open_ref(self, ref: str) -> tuple[TextMeta, PairStream]:
        """Like `open`, for an id or a path."""
        if ID_PATTERN.match(ref) and self.exists(ref):
            return self.open(ref)
        path = Path(ref).expanduser()
        if path.is_file():
            file_id, pairs = open_alignment(path)
            meta_path = path.resolve().parent.parent / "texts" / file_id / "meta.json"
            meta = read_meta(meta_path) if meta_path.is_file() else TextMeta(id=file_id, title={"en": file_id})
            return meta, pairs
        if path.is_dir() and (path / "meta.json").is_file():
            return Library(path.resolve().parent.parent).open(path.name)
        if path.is_dir() and path.suffix == ".jsonl":
            raise ReaderError("is a folder, not an alignment file", path)
        self._require(ref)
        raise AssertionError("unreachable")
