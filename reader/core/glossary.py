"""The glossary: key terms with their fixed renderings, read from human-edited TSV files.

A glossary file is UTF-8, tab-separated, with a header row naming the columns::

    zh  en  variants  pinyin  category  note  attested  exclude

`variants` are separated by " | "; `pinyin` may be left empty (it is then generated);
`attested` says where the rendering is attested: `<text-id>:<pair-id>` (the pair of a
text where both sides occur), `cc-cedict`, or `editor`; `exclude` (optional) lists, also
separated by " | ", longer phrases in which the term or a rendering does not count ("the
Japanese government" for "the Japanese"). Lines starting with `#` and blank lines are
ignored. Fields are read literally: quotes are part of a term.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import ReaderError
from .files import read_text

COLUMNS = ("zh", "en", "variants", "pinyin", "category", "note", "attested", "exclude")
REQUIRED = ("zh", "en", "category")
CATEGORIES = ("term", "person", "organisation", "force", "agreement", "place", "set phrase")
ATTESTED = re.compile(r"^(?:[a-z0-9][a-z0-9-]*:[A-Za-z0-9_.-]+|cc-cedict|editor)$")


@dataclass(slots=True)
class GlossaryEntry:
    zh: str
    en: str
    variants: tuple[str, ...] = ()
    pinyin: str = ""
    category: str = "term"
    note: str = ""
    attested: str = ""
    exclude: tuple[str, ...] = ()  # phrases in which the term or a rendering does not count
    origin: str = ""  # file:line the entry was read from

    @property
    def renderings(self) -> tuple[str, ...]:
        """The preferred English rendering, then its variants."""
        return (self.en, *self.variants)

    @property
    def attested_pair(self) -> tuple[str, str] | None:
        """(text id, pair id) when the rendering is attested in a pair."""
        if ":" in self.attested:
            text_id, _, pair_id = self.attested.partition(":")
            return text_id, pair_id
        return None


def read_glossary(path: Path) -> list[GlossaryEntry]:
    """Read and validate a glossary file; a bad row is reported with file and line."""
    return parse_glossary(read_text(path), path)


def parse_glossary(text: str, path: Path) -> list[GlossaryEntry]:
    """Validate a glossary file's text (read from `path`, which errors name)."""
    lines = text.splitlines()
    header: list[str] | None = None
    entries: list[GlossaryEntry] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = [field.strip() for field in line.split("\t")]
        if header is None:
            header = fields
            missing = [column for column in REQUIRED if column not in header]
            if missing:
                raise ReaderError(
                    f"header lacks the column(s) {', '.join(missing)} (want: {' | '.join(COLUMNS)})", path, number
                )
            unknown = [column for column in header if column not in COLUMNS]
            if unknown:
                raise ReaderError(f"unknown column {unknown[0]!r} (columns: {', '.join(COLUMNS)})", path, number)
            continue
        if len(fields) != len(header):
            raise ReaderError(f"{len(fields)} fields, the header has {len(header)} (fields are separated by tabs)", path, number)
        row = dict(zip(header, fields))
        entry = _entry(row, path, number)
        if entry.zh in seen:
            raise ReaderError(f"duplicate entry {entry.zh!r} (first on line {seen[entry.zh]})", path, number)
        seen[entry.zh] = number
        entries.append(entry)
    if header is None:
        raise ReaderError("empty glossary (no header row)", path)
    return entries


def _entry(row: dict[str, str], path: Path, number: int) -> GlossaryEntry:
    for column in REQUIRED:
        if not row.get(column):
            raise ReaderError(f"empty {column!r}", path, number)
    category = row["category"]
    if category not in CATEGORIES:
        raise ReaderError(f"category must be one of {', '.join(CATEGORIES)}, not {category!r}", path, number)
    attested = row.get("attested", "")
    if attested and not ATTESTED.match(attested):
        raise ReaderError(
            f"attested must be <text-id>:<pair-id>, cc-cedict or editor, not {attested!r}", path, number
        )
    variants = _list(row.get("variants", ""))
    entry = GlossaryEntry(
        zh=row["zh"],
        en=row["en"],
        variants=variants,
        pinyin=row.get("pinyin", ""),
        category=category,
        note=row.get("note", ""),
        attested=attested,
        exclude=_list(row.get("exclude", "")),
        origin=f"{path}:{number}",
    )
    problem = exclusion_problem(entry)
    if problem:
        raise ReaderError(problem, path, number)
    return entry


def _list(field: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in field.split("|") if part.strip())


def exclusion_problem(entry: GlossaryEntry) -> str | None:
    """What is wrong with an entry's `exclude` phrases, if anything: each must hold the
    term (a Chinese phrase) or one of the renderings (an English one), as a match, and be
    longer than it, or it could never apply or would exclude every occurrence."""
    if not entry.exclude:
        return None
    from .matching import exclusion_lang, pattern_keys

    renderings = [keys for rendering in entry.renderings for keys in pattern_keys(rendering)]
    for phrase in entry.exclude:
        if exclusion_lang(phrase) == "zh":
            if phrase == entry.zh:
                return f"exclude {phrase!r} is the term itself: it would exclude every occurrence"
            if entry.zh not in phrase:
                return f"exclude {phrase!r} does not contain the term {entry.zh!r}, so it can never apply"
            continue
        phrase_keys = pattern_keys(phrase)
        if not phrase_keys:
            return f"exclude {phrase!r} has no words"
        if any(keys in renderings for keys in phrase_keys):
            return f"exclude {phrase!r} is a rendering itself: it would exclude every occurrence"
        if not any(_contains(keys, rendering) for keys in phrase_keys for rendering in renderings):
            return (f"exclude {phrase!r} contains none of the renderings "
                    f"({' | '.join(entry.renderings)}), so it can never apply")
    return None


def _contains(words: list[str], run: list[str]) -> bool:
    size = len(run)
    return any(words[at : at + size] == run for at in range(len(words) - size + 1))


def merge(*glossaries: list[GlossaryEntry]) -> list[GlossaryEntry]:
    """Several glossaries as one; a later entry for the same Chinese term replaces an
    earlier one (a text's own glossary overrides the library-wide one)."""
    merged: dict[str, GlossaryEntry] = {}
    for entries in glossaries:
        for entry in entries:
            merged.pop(entry.zh, None)
            merged[entry.zh] = entry
    return list(merged.values())


PINYIN_CACHE_VERSION = 2  # 2: GB/T 16159 word division and capitals
# Categories whose terms are proper names: every word of their pinyin is capitalised
# (GB/T 16159: Rìběn Zìwèiduì, Běiyuē), except the particles that join two of them
# (Fángwèi Zhuāngbèipǐn hé Jìshù ...), as in English titles.
PROPER_CATEGORIES = frozenset({"person", "organisation", "force", "place", "agreement"})
PARTICLES = frozenset({"de", "hé", "yǔ", "jí", "zhī"})


def fill_pinyin(entries: list[GlossaryEntry], dictionary_loader=None, cache_dir: Path | None = None) -> None:
    """Generate the pinyin an entry does not give, as GB/T 16159 (the national standard
    for pinyin orthography) writes it: pypinyin's readings, in CC-CEDICT's words (divided
    where a long word divides, proper nouns capitalised), and every word capitalised for
    a name's category (`PROPER_CATEGORIES`). `dictionary_loader` gives the `Dictionary`.
    Generated pinyin is cached in the user cache folder, so pypinyin and the dictionary
    (slow to load, and over 100 MB together) are only needed when the glossary gains a
    term."""
    missing = [entry for entry in entries if not entry.pinyin]
    if not missing:
        return
    cache_file = _pinyin_cache_file(cache_dir)
    cache = _read_pinyin_cache(cache_file)
    new = [entry for entry in missing if entry.zh not in cache]
    if new:
        from .pinyin import hanzi_pinyin

        dictionary = dictionary_loader() if dictionary_loader is not None else None
        if dictionary is not None:
            generated = {entry.zh: dictionary.hanzi_pinyin(entry.zh) for entry in new}
            cache.update(generated)  # only dictionary-grouped pinyin is worth keeping
            _write_pinyin_cache(cache_file, cache)
        else:
            cache = {**cache, **{entry.zh: hanzi_pinyin(entry.zh) for entry in new}}
    for entry in missing:
        pinyin = cache[entry.zh]
        if entry.category in PROPER_CATEGORIES:
            from .pinyin import capitalise

            pinyin = " ".join(word if word in PARTICLES else capitalise(word) for word in pinyin.split(" "))
        entry.pinyin = pinyin


def _pinyin_cache_file(cache_dir: Path | None) -> Path:
    if cache_dir is None:
        from platformdirs import user_cache_dir

        cache_dir = Path(user_cache_dir("reader"))
    return cache_dir / "glossary-pinyin.json"


def _pinyin_signature() -> str:
    """The cache's version and the installed pypinyin's (`files.package_version`)."""
    from .files import package_version

    return f"{PINYIN_CACHE_VERSION} pypinyin {package_version('pypinyin')}"


def _read_pinyin_cache(path: Path) -> dict[str, str]:
    import json

    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # no cache yet, or a damaged one: it is only a cache
    if not isinstance(record, dict) or record.get("signature") != _pinyin_signature():
        return {}
    readings = record.get("pinyin")
    if not isinstance(readings, dict):
        return {}
    return {k: v for k, v in readings.items() if isinstance(k, str) and isinstance(v, str)}


def _write_pinyin_cache(path: Path, cache: dict[str, str]) -> None:
    import json

    from .files import write_files_atomically

    data = json.dumps({"signature": _pinyin_signature(), "pinyin": cache}, ensure_ascii=False)
    try:
        write_files_atomically({path: data.encode("utf-8")})
    except ReaderError:
        pass  # an unwritable cache folder only costs time on the next start
