"""The library index: every sentence of every text with its aligned counterpart, in a
SQLite database in the user cache, searched through FTS5.

A *unit* is one sentence link of a pair (its English sentences and the Chinese ones they
are aligned with); a sentence no link covers is a unit of its own (the other side empty),
and a pair without sentence links is one unit of its two sides. Each unit keeps where it
starts in its pair's sides, so a hit can be lit in the reader.

Each side has an FTS5 table of its own. In the Chinese one every character of the side
is a token (spaces put between them in the indexed copy; a space of the text stands in
as U+3000, a NUL as U+FFFD), so a phrase of a query's characters is found exactly where
the query is, whatever it is (the `trigram` tokenizer finds only queries of three
characters or more). English is indexed as `unicode61` words (letters and digits), with
a mark on each unit whose English holds anything beyond plain ASCII and common
punctuation (a letter a word could run into, an underscore): in the other units a word's
index entries are exactly its whole-word, case-insensitive occurrences. The index
narrows, and it counts what it can count exactly: a unit with a Han word (or an English
word) once is known from the index alone; a unit that may hold it more often, or is
marked, is checked against its own text, so what is reported is what the texts hold.

A unit's rowid is its text's number (in the order the texts were indexed) times 2**24
plus its place in the text, so that hits are counted per text without reading a unit.
A query of one index term (a Han character, two, an ASCII word) is not even counted: each
text's tallies of them are kept (reader.core.tallies), read by `tallied`.

The alignment files stay the source of truth. The index is keyed by each alignment file's
size, modification time and SHA-256 and by `SCHEMA_VERSION`; `sync` re-indexes the texts
that changed (a transaction per hundred texts, read by worker processes while this one
writes when there are many) and drops the ones gone; a file that is not a readable index
of this version, or is cut short, is deleted and built again. The database is in WAL
mode: readers never wait for a writer.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
from collections import deque
from collections.abc import Iterator
from itertools import chain
from dataclasses import dataclass
from pathlib import Path

from .errors import ReaderError
from .model import Pair
from .script import han_runs
from .tallies import plain_words, tallies

SCHEMA_VERSION = 8
TEXT_SHIFT = 24  # a unit's rowid: its text's number << TEXT_SHIFT | its place in the text
_BATCH = 100  # texts indexed in one transaction

_SCHEMA = """
CREATE TABLE IF NOT EXISTS texts(id TEXT PRIMARY KEY, size INTEGER, mtime INTEGER, hash TEXT, title TEXT,
                   first INTEGER, last INTEGER);
CREATE TABLE IF NOT EXISTS units(id INTEGER PRIMARY KEY, text TEXT NOT NULL, pair TEXT NOT NULL, pair_index INTEGER NOT NULL,
                   kind TEXT, en TEXT NOT NULL, zh TEXT NOT NULL, en_at INTEGER NOT NULL, zh_at INTEGER NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS fts_en USING fts5(en, odd, content='', columnsize=0,
                   tokenize="unicode61 remove_diacritics 0 categories 'L* N*'");
CREATE VIRTUAL TABLE IF NOT EXISTS fts_zh USING fts5(zh, content='', columnsize=0,
                   tokenize="unicode61 remove_diacritics 0 categories 'L* M* N* P* S* Z* C*' separators ' '");
CREATE VIRTUAL TABLE IF NOT EXISTS terms_en USING fts5vocab(fts_en, 'col');
CREATE TABLE IF NOT EXISTS words_en(term TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS one_sided ON units(id) WHERE (trim(en) = '') != (trim(zh) = '');
CREATE VIRTUAL TABLE IF NOT EXISTS places_en USING fts5vocab(fts_en, 'instance');
CREATE VIRTUAL TABLE IF NOT EXISTS places_zh USING fts5vocab(fts_zh, 'instance');
CREATE VIRTUAL TABLE IF NOT EXISTS terms_zh USING fts5vocab(fts_zh, 'row');
CREATE TABLE IF NOT EXISTS tallies(term TEXT NOT NULL, text INTEGER NOT NULL, hits INTEGER NOT NULL,
                   units INTEGER NOT NULL, PRIMARY KEY(term, text)) WITHOUT ROWID;
"""
_TABLES = {"texts", "units", "fts_en", "fts_zh", "terms_en", "places_en", "places_zh", "terms_zh", "words_en",
           "tallies"}
# English whose words the index holds exactly as re's whole words: ASCII but "_", and
# punctuation that is no letter or digit (dashes, quotes, ellipsis, bullets, ...)
_ODD = re.compile("[^\x00-\x5e\x60-\x7f\u00a0\u00a7\u00a9\u00ab\u00ae\u00b0\u00b1\u00b6\u00b7\u00bb"
                  "\u2010-\u2027\u2030-\u205e]")


_WORDS = re.compile(r"[^\W_]+")  # the English words as the index cuts them (letters and digits)


def odd(en: str) -> bool:
    """Whether the index's words of `en` may differ from re's whole words (see the module)."""
    return _ODD.search(en) is not None


def han_tokens(zh: str) -> str:
    """Chinese as FTS5 indexes it: each character a token of its own (every character
    of the Chinese side, Latin letters too, the query's as well as the text's; a space
    between each costs a third of what a substitution of the Han characters alone does)."""
    if " " in zh:
        zh = zh.replace(" ", "\u3000")
    if "\x00" in zh:
        zh = zh.replace("\x00", "\ufffd")
    return " ".join(zh)


def has_han(text: str) -> bool:
    return next(han_runs(text), None) is not None


@dataclass(frozen=True, slots=True)
class Unit:
    """A row of the index: a sentence link of a pair, and where its sides start in the pair."""

    id: int
    text: str
    pair: str
    pair_index: int
    kind: str
    en: str
    zh: str
    en_at: int
    zh_at: int

    def side(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh

    def at(self, lang: str) -> int:
        return self.en_at if lang == "en" else self.zh_at


def pair_units(pair: Pair) -> list[tuple[str, str, int, int]]:
    """The units of a pair: (en, zh, where en starts, where zh starts)."""
    if not pair.links or not (pair.sentences_en or pair.sentences_zh):
        return [(pair.en, pair.zh, 0, 0)]

    def stretch(spans, indices, side):
        if not indices:
            return "", 0
        start, end = spans[min(indices)][0], spans[max(indices)][1]
        return side[start:end], start

    units, seen_en, seen_zh = [], set(), set()
    for en, zh, _ in pair.links:
        en_text, en_at = stretch(pair.sentences_en, en, pair.en)
        zh_text, zh_at = stretch(pair.sentences_zh, zh, pair.zh)
        seen_en.update(range(min(en), max(en) + 1) if en else ())
        seen_zh.update(range(min(zh), max(zh) + 1) if zh else ())
        units.append((en_text, zh_text, en_at, zh_at))
    for n, (start, end) in enumerate(pair.sentences_en):  # sentences no link covers
        if n not in seen_en:
            units.append((pair.en[start:end], "", start, 0))
    for n, (start, end) in enumerate(pair.sentences_zh):
        if n not in seen_zh:
            units.append(("", pair.zh[start:end], 0, start))
    return units


_MMAP = 1 << 31  # bytes of the file mapped (a file replaced is unlinked, never cut short)
_PARALLEL_FROM = 16  # texts to index from which worker processes read them
_WORKERS = 4
_WORKER_LIBRARY = None  # the library a worker process reads (inherited through fork)


def _load(library, text_id: str):
    """A text as the index takes it: (title, [(pair, pair index, kind, en, zh, en at,
    zh at, odd mark, indexed Chinese)], its English words, its tallies), or the
    ReaderError loading it."""
    try:
        text = library.load(text_id)
    except ReaderError as exc:
        return exc
    units = [(pair.id, index, pair.kind, en, zh, en_at, zh_at, "x" if en and _ODD.search(en) else "",
              han_tokens(zh) if zh else "")
             for index, pair in enumerate(text.pairs) for en, zh, en_at, zh_at in pair_units(pair)]
    plain = [plain_words(unit[3]) for unit in units if unit[3] and not unit[7]]
    words = set(chain.from_iterable(plain))  # the odd units' words as the index cuts them
    words.update(_WORDS.findall("\n".join(unit[3] for unit in units if unit[7]).lower()))
    return text.meta.display_title(), units, sorted(words), tallies([unit[4] for unit in units if unit[4]], plain)


def _load_in_worker(text_id: str):
    found = _load(_WORKER_LIBRARY, text_id)
    if isinstance(found, ReaderError):  # sent back as its parts (its pickle would lose them)
        return ("error", found.problem, found.where, found.line)
    return ("loaded", found)


def default_index_path(library_root: Path, cache_dir: Path | None = None) -> Path:
    from .cedict import default_cache_dir

    folder = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    key = hashlib.sha256(str(Path(library_root).resolve()).encode()).hexdigest()[:16]
    return folder / "concordance" / f"library-{key}.sqlite"


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class LibraryIndex:
    """The index of one library (see the module). `LibraryIndex(library).sync()` brings
    it up to date; the queries read it as it is."""

    def __init__(self, library, path: Path | None = None, cache_dir: Path | None = None) -> None:
        self.library = library
        self.path = Path(path) if path is not None else default_index_path(library.root, cache_dir)
        self.rebuilt = False  # True when a damaged or outdated file was thrown away
        self._db = self._connect()

    @classmethod
    def reading(cls, path: Path) -> LibraryIndex:
        """The index file at `path` opened to read only, as it is: a worker's, which never
        checks, builds or repairs it (a damaged file raises sqlite3.DatabaseError)."""
        index = cls.__new__(cls)
        index.library, index.path, index.rebuilt = None, Path(path), False
        index._db = sqlite3.connect(f"{index.path.resolve().as_uri()}?mode=ro", uri=True, timeout=30,
                                    isolation_level=None, check_same_thread=False)
        index._db.execute(f"PRAGMA mmap_size={_MMAP}")
        return index

    # -- the database file ---------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        try:
            return self._open()
        except sqlite3.DatabaseError as exc:
            self._busy(exc)
            self._discard()
            self.rebuilt = True
            try:
                return self._open()
            except sqlite3.DatabaseError as exc:
                raise ReaderError(f"cannot build the concordance index ({exc})", self.path) from None

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ReaderError(f"cannot create the index folder: {exc.strerror}", self.path.parent) from None
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            version = db.execute("PRAGMA user_version").fetchone()[0]
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if version != SCHEMA_VERSION or not _TABLES <= tables:
                if tables:
                    db.close()
                    self._discard()
                    self.rebuilt = True
                    db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
                    db.execute("PRAGMA journal_mode=WAL")
                db.executescript("BEGIN IMMEDIATE;" + _SCHEMA + f"PRAGMA user_version={SCHEMA_VERSION}; COMMIT;")
            else:
                db.execute("SELECT count(*) FROM texts").fetchone()
                db.execute("SELECT rowid FROM fts_en WHERE fts_en MATCH 'x' LIMIT 1").fetchall()
                db.execute("SELECT rowid FROM fts_zh WHERE fts_zh MATCH 'x' LIMIT 1").fetchall()
                # A file cut short (a full check would read all of it: seconds at a
                # million units; damage found later is rebuilt by `_guarded`).
                pages = db.execute("PRAGMA page_count").fetchone()[0] * db.execute("PRAGMA page_size").fetchone()[0]
                wal = Path(f"{self.path}-wal")
                if self.path.stat().st_size < pages and not (wal.exists() and wal.stat().st_size):
                    raise sqlite3.DatabaseError("the file is cut short")
        except BaseException:
            db.close()
            raise
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA cache_size=-65536")  # 64 MB: FTS5 merges its segments in memory
        db.execute(f"PRAGMA mmap_size={_MMAP}")  # units read where they lie, no read() each (half the time)
        return db

    def _busy(self, exc: sqlite3.DatabaseError) -> None:
        """Another process holding the index past the timeout is not damage: say so."""
        if isinstance(exc, sqlite3.OperationalError) and ("locked" in str(exc) or "busy" in str(exc)):
            raise ReaderError("the concordance index is busy (another reader is writing it); try again",
                              self.path) from None

    def _discard(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            try:
                os.unlink(f"{self.path}{suffix}")
            except FileNotFoundError:
                pass
            except OSError as exc:
                raise ReaderError(f"cannot remove the damaged index: {exc.strerror}", self.path) from None

    def close(self) -> None:
        self._db.close()

    def _guarded(self, work):
        """Run `work(db)`; a database found damaged on the way is rebuilt and `work` run again."""
        try:
            return work(self._db)
        except sqlite3.DatabaseError as exc:
            if self.library is None:  # opened `reading`: not this one's to repair
                raise
            self._busy(exc)
            if self._db.in_transaction:
                try:
                    self._db.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
            self._db.close()
            self._discard()
            self.rebuilt = True
            self._db = self._connect()
            self._sync(self._db)
            return work(self._db)

    # -- keeping it up to date -----------------------------------------------------------

    def sync(self) -> dict[str, int]:
        """Index what changed since the last time: {"indexed": texts, "removed": texts}."""
        return self._guarded(self._sync)

    def _sync(self, db: sqlite3.Connection) -> dict[str, int]:
        known = {row[0]: row[1:] for row in db.execute("SELECT id, size, mtime, hash FROM texts")}
        stats = self.library.alignment_stats()
        todo: list[tuple[str, tuple[int, int, str]]] = []
        for text_id, stat in stats.items():
            old = known.get(text_id)
            if old is not None and old[0] == stat.st_size and old[1] == stat.st_mtime_ns:
                continue
            try:
                digest = _file_hash(self.library.alignment_path(text_id))
            except OSError:
                continue
            if old is not None and old[2] == digest:
                db.execute("UPDATE texts SET size=?, mtime=? WHERE id=?", (stat.st_size, stat.st_mtime_ns, text_id))
                continue
            todo.append((text_id, (stat.st_size, stat.st_mtime_ns, digest)))
        gone = sorted(set(known) - set(stats))
        indexed = 0
        # In batches of texts, each one transaction: far fewer commits than a text each,
        # and a reader (who never waits, WAL) sees the index grow batch by batch.
        for at in range(0, len(todo), _BATCH):
            indexed += self._write(db, todo[at:at + _BATCH], known)
        if gone:
            self._write(db, [(text_id, None) for text_id in gone], known)
        if indexed > 1:
            db.execute("PRAGMA optimize")
        return {"indexed": indexed, "removed": len(gone)}

    def _write(self, db: sqlite3.Connection, batch, known) -> int:
        """Index (or, with no key, remove) each text of `batch`, in one transaction."""
        indexed = 0
        db.execute("PRAGMA synchronous=OFF")  # a cache: a crash loses the batch, never the file
        db.execute("PRAGMA mmap_size=0")  # writing: pages read as ever (a map would count as memory held)
        db.execute("BEGIN IMMEDIATE")
        try:
            number = (db.execute("SELECT coalesce(max(id), -1) FROM units").fetchone()[0] >> TEXT_SHIFT) + 1
            removed: list[int] = []
            for text_id, key, loaded in self._loaded(batch):
                if isinstance(loaded, ReaderError):
                    self.library.skip(loaded)
                if text_id in known:
                    number_was = self._remove(db, text_id)
                    if number_was is not None:
                        removed.append(number_was)
                if key is not None and not isinstance(loaded, ReaderError):
                    self._insert(db, text_id, loaded, key, number)
                    number += 1
                    indexed += 1
            if removed:  # a text's tallies are keyed by term first: all of them in one pass
                db.execute("DELETE FROM tallies WHERE text IN (SELECT value FROM json_each(?))", (json.dumps(removed),))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        finally:
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute(f"PRAGMA mmap_size={_MMAP}")
        return indexed

    def _remove(self, db: sqlite3.Connection, text_id: str) -> int:
        """Remove a text's units (its tallies are the caller's); its number (None: it had no units)."""
        first, last = self._range_in(db, text_id)
        old = db.execute("SELECT id, en, zh FROM units WHERE id BETWEEN ? AND ?", (first, last)).fetchall()
        if old:
            db.executemany("INSERT INTO fts_en(fts_en, rowid, en, odd) VALUES('delete', ?, ?, ?)",
                           ((uid, en, "x" if odd(en) else "") for uid, en, _ in old if en))
            db.executemany("INSERT INTO fts_zh(fts_zh, rowid, zh) VALUES('delete', ?, ?)",
                           ((uid, han_tokens(zh)) for uid, _, zh in old if zh))
            db.execute("DELETE FROM units WHERE id BETWEEN ? AND ?", (first, last))
        db.execute("DELETE FROM texts WHERE id=?", (text_id,))
        return first >> TEXT_SHIFT if first <= last else None

    def _loaded(self, batch):
        """(text id, key, what `_units_of` makes of the text or the ReaderError loading
        it) for each text of the batch, in order; read by worker processes while this
        one writes, when there are texts enough and cores (`fork`: they share the library)."""
        wanted = [(text_id, key) for text_id, key in batch if key is not None]
        if len(wanted) < _PARALLEL_FROM or (os.cpu_count() or 1) < 2:
            yield from self._loaded_here(batch)
            return
        from .workers import can_fork, forked_pool  # here: a query never forks (multiprocessing: ~10 ms)

        if not can_fork():
            yield from self._loaded_here(batch)
            return
        global _WORKER_LIBRARY
        _WORKER_LIBRARY = self.library
        workers = max(1, min((os.cpu_count() or 2) - 1, _WORKERS))  # and this one writes
        with forked_pool(workers) as pool:
            # a few texts ahead only: read faster than written, they would all be held at once
            upcoming, pending = iter([text_id for text_id, _ in wanted]), deque()

            def ahead() -> None:
                for text_id in upcoming:
                    pending.append(pool.apply_async(_load_in_worker, (text_id,)))
                    return

            for _ in range(2 * workers + 1):
                ahead()
            for text_id, key in batch:
                if key is None:
                    yield text_id, key, None
                    continue
                found = pending.popleft().get()
                ahead()
                yield text_id, key, ReaderError(*found[1:]) if found[0] == "error" else found[1]
        _WORKER_LIBRARY = None

    def _loaded_here(self, batch):
        """(text id, key, loaded) as `_loaded` gives them, read in this process."""
        for text_id, key in batch:
            yield text_id, key, _load(self.library, text_id) if key is not None else None

    @staticmethod
    def _insert(db: sqlite3.Connection, text_id: str, loaded, key, number: int) -> None:
        """Put a text's units in as text `number` (their rowids: see the module)."""
        title, units, words, counts = loaded
        db.executemany("INSERT OR IGNORE INTO words_en(term) VALUES(?)", ((word,) for word in words))
        start = number << TEXT_SHIFT
        if len(units) >= 1 << TEXT_SHIFT:
            raise ReaderError(f"too many sentences to index ({len(units):,})", text_id)
        db.executemany("INSERT INTO units(id, text, pair, pair_index, kind, en, zh, en_at, zh_at) "
                       "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       ((start + n, text_id, *unit[:7]) for n, unit in enumerate(units)))
        db.executemany("INSERT INTO fts_en(rowid, en, odd) VALUES(?, ?, ?)",
                       ((start + n, unit[3], unit[7]) for n, unit in enumerate(units) if unit[3]))
        db.executemany("INSERT INTO fts_zh(rowid, zh) VALUES(?, ?)",
                       ((start + n, unit[8]) for n, unit in enumerate(units) if unit[8]))
        db.executemany("INSERT INTO tallies(term, text, hits, units) VALUES(?, ?, ?, ?)",
                       ((term, number, hits, held) for term, hits, held in counts))
        db.execute("INSERT INTO texts(id, size, mtime, hash, title, first, last) VALUES(?, ?, ?, ?, ?, ?, ?)",
                   (text_id, *key, title, start, start + len(units) - 1))

    # -- reading -------------------------------------------------------------------------

    def text_ids(self) -> list[str]:
        return self._guarded(lambda db: [row[0] for row in db.execute("SELECT id FROM texts ORDER BY id")])

    def unit_count(self) -> int:
        return self._guarded(lambda db: db.execute("SELECT count(*) FROM units").fetchone()[0])

    def match(self, lang: str, expression: str, text: str | None = None, columns: str = "units.*",
              between: tuple[int, int] | None = None):
        """The rows (`columns` of `units`) of the units an FTS5 `expression` over side
        `lang` matches, in order (of one text, or with ids `between` two, when asked)."""
        table = f"fts_{lang}"
        sql = f"SELECT {columns} FROM {table} JOIN units ON units.id = {table}.rowid WHERE {table} MATCH ?"
        return self._between(sql, [expression], f"{table}.rowid", text, between)

    def sides(self, lang: str, expression: str | None, text: str | None = None,
              between: tuple[int, int] | None = None):
        """(id, side `lang`) of the units an FTS5 `expression` matches (of every unit with
        something on that side when None), in order: what a hit is looked for in; those
        of one text, or with ids `between` two (inclusive), when asked."""
        if expression is not None:
            return self.match(lang, expression, text, f"units.id, units.{lang}", between)
        return self._between(f"SELECT id, {lang} FROM units WHERE {lang} != ''", [], "id", text, between)

    def _between(self, sql: str, args: list, column: str, text: str | None, between: tuple[int, int] | None):
        """Run `sql` for the rows of one text, or with `column` between two ids, ordered by it."""
        if text:
            between = self._range(text)
        if between is not None:
            sql += f" AND {column} BETWEEN ? AND ?"
            args = [*args, *between]
        return self._guarded(lambda db: db.execute(sql + f" ORDER BY {column}", args))

    def matching(self, lang: str, expression: str | None) -> int:
        """How many units an FTS5 `expression` over side `lang` matches (every unit when None)."""
        if expression is None:
            return self.unit_count()
        return self._guarded(lambda db: db.execute(
            f"SELECT count(*) FROM fts_{lang} WHERE fts_{lang} MATCH ?", (expression,)).fetchone()[0])

    def parts(self, count: int) -> list[tuple[int, int]]:
        """The ids of the units in `count` runs of whole texts (fewer when there are fewer
        texts), each about as many units, as (first, last) inclusive: a scan shared out."""
        texts = self._guarded(lambda db: db.execute(
            "SELECT first, last FROM texts WHERE first IS NOT NULL ORDER BY first").fetchall())
        total = sum(last - first + 1 for first, last in texts)
        runs: list[tuple[int, int]] = []
        start, seen = None, 0
        for first, last in texts:
            start = first if start is None else start
            seen += last - first + 1
            if seen * count >= total * (len(runs) + 1):
                runs.append((start, last))
                start = None
        if start is not None:
            runs.append((start, texts[-1][1]))
        return runs

    def counted(self, expression: str, token: str, literal: str,
                text: str | None = None) -> tuple[dict[int, int], dict[int, int]]:
        """What the index says of the units an FTS5 `expression` over the Chinese side
        matches, by text number (see the module): how many there are, and how many more
        hits of `literal` (Chinese of several characters, `token` one of them) than units,
        counted by SQLite in the units holding `token` twice or more (a query the tallies
        hold is read from them instead: `tallied`)."""
        where, args = "fts_zh MATCH :m", {"m": expression, "t": token, "q": literal}
        if text:
            where += " AND fts_zh.rowid BETWEEN :first AND :last"
            args["first"], args["last"] = self._range(text)
        per_text = dict(self._guarded(lambda db: db.execute(
            f"SELECT rowid >> {TEXT_SHIFT}, count(*) FROM fts_zh WHERE {where} GROUP BY 1", args).fetchall()))
        # a unit may hold the token twice only if the index holds more of it than units with it
        stats = self._guarded(lambda db: db.execute("SELECT doc, cnt FROM terms_zh WHERE term = ?",
                                                    (token,)).fetchone())
        extra: dict[int, int] = {}
        if stats is not None and stats[1] > stats[0]:
            many = ("SELECT doc, count(*) AS n FROM places_zh WHERE term = :t AND col = 'zh'"
                    + (" AND doc BETWEEN :first AND :last" if text else "") + " GROUP BY doc HAVING n > 1")
            count = ("(length(CAST(units.zh AS BLOB)) - length(CAST(replace(units.zh, :q, '') AS BLOB)))"
                     " / length(CAST(:q AS BLOB))")
            sql = (f"SELECT id >> {TEXT_SHIFT}, sum(c - 1) FROM (SELECT units.id AS id, {count} AS c FROM units"
                   f" WHERE units.id IN (SELECT doc FROM ({many}))) WHERE c > 1 GROUP BY 1")
            extra = dict(self._guarded(lambda db: db.execute(sql, args).fetchall()))
        return per_text, extra

    def tallied(self, term: str, text: str | None = None) -> dict[int, tuple[int, int]]:
        """A term's tallies (reader.core.tallies) by text number: (hits, units holding it)."""
        sql, args = "SELECT text, hits, units FROM tallies WHERE term = ?", [term]
        if text:
            first, last = self._range(text)
            if first > last:
                return {}
            sql += " AND text = ?"
            args.append(first >> TEXT_SHIFT)
        return {number: (hits, units) for number, hits, units in self._guarded(lambda db: db.execute(sql, args))}

    def odd_matching(self, expression: str, text: str | None = None) -> list[int]:
        """The units an FTS5 `expression` over English matches that are marked odd (see the module)."""
        sql, args = "SELECT rowid FROM fts_en WHERE fts_en MATCH ?", [f"({expression}) AND odd : x"]
        if text:
            sql += " AND rowid BETWEEN ? AND ?"
            args += self._range(text)
        return [row[0] for row in self._guarded(lambda db: db.execute(sql, args))]

    def nth(self, lang: str, expression: str, number: int, offset: int) -> int | None:
        """The rowid of the unit after `offset` others that an FTS5 `expression` matches
        in text `number` (see the module)."""
        table = f"fts_{lang}"
        row = self._guarded(lambda db: db.execute(
            f"SELECT rowid FROM {table} WHERE {table} MATCH ? AND rowid BETWEEN ? AND ? ORDER BY rowid"
            " LIMIT 1 OFFSET ?", (expression, number << TEXT_SHIFT, ((number + 1) << TEXT_SHIFT) - 1, offset)
        ).fetchone())
        return row[0] if row else None

    def rarest(self, chars) -> str:
        """Of these characters, the one the Chinese side holds the fewest times."""
        def times(char: str) -> int:
            row = self._guarded(lambda db: db.execute("SELECT cnt FROM terms_zh WHERE term = ?", (char,)).fetchone())
            return row[0] if row else 0
        return min(dict.fromkeys(chars), key=times)

    def text_numbers(self) -> dict[int, str]:
        """Each text's number (see the module) and id."""
        return {first >> TEXT_SHIFT: text_id for text_id, first in self._guarded(
            lambda db: db.execute("SELECT id, first FROM texts WHERE first IS NOT NULL").fetchall())}

    def sides_of(self, lang: str, ids) -> list[tuple[int, str]]:
        """(id, side `lang`) of the units of these ids, in order."""
        sql = f"SELECT id, {lang} FROM units WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id"
        return self._guarded(lambda db: db.execute(sql, (json.dumps(sorted(set(ids))),)).fetchall())

    def units(self, ids) -> list[Unit]:
        """The units of these ids, in order."""
        ids = sorted(set(ids))
        found: list[Unit] = []
        for at in range(0, len(ids), 500):
            chunk = ids[at:at + 500]
            sql = f"SELECT * FROM units WHERE id IN ({','.join('?' * len(chunk))}) ORDER BY id"
            found += self._rows(sql, chunk)
        return found

    def terms(self, lang: str, like: str) -> list[str]:
        """The distinct words of side `lang` ever indexed that match a LIKE pattern (a
        table of their own: fts5vocab would read the whole index to list them)."""
        return self._guarded(lambda db: [row[0] for row in db.execute(
            "SELECT term FROM words_en WHERE term LIKE ? ESCAPE '\\'", (like,))])

    def _range(self, text: str) -> tuple[int, int]:
        return self._guarded(lambda db: self._range_in(db, text))

    @staticmethod
    def _range_in(db: sqlite3.Connection, text: str) -> tuple[int, int]:
        """The rowids of a text's units (they are consecutive: a text is indexed at once)."""
        row = db.execute("SELECT first, last FROM texts WHERE id=?", (text,)).fetchone()
        return (row[0], row[1]) if row and row[0] is not None else (0, -1)

    def scan(self, lang: str | None = None, text: str | None = None) -> Iterator[Unit]:
        """Every unit (with something on side `lang`), in order."""
        where = []
        if lang:
            where.append(f"{lang} != ''")
        args = []
        if text:
            where.append("id BETWEEN ? AND ?")
            args += self._range(text)
        sql = "SELECT * FROM units" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY id"
        return self._rows(sql, args)

    def empty_sided(self, text: str | None = None) -> Iterator[Unit]:
        """Units with one side empty and the other not (omissions and additions)."""
        sql = "SELECT * FROM units INDEXED BY one_sided WHERE (trim(en) = '') != (trim(zh) = '')"
        args: list = []
        if text:
            sql += " AND id BETWEEN ? AND ?"
            args += self._range(text)
        return self._rows(sql + " ORDER BY id", args)

    def _rows(self, sql: str, args) -> Iterator[Unit]:
        """The rows as units, read as they are used (a caller that stops early reads no more)."""
        cursor = self._guarded(lambda db: db.execute(sql, args))
        return (Unit(*row) for row in cursor)
