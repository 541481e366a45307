"""Chinese words with their parts of speech and their frequency in general Chinese, by
jieba (its dictionary of some 350,000 words counted over a large general corpus, and its
HMM for the words it lacks, names above all).

The term extractor asks it which words a phrase is made of, which of them are nouns,
verbs or particles, and how common each is in Chinese at large (a term is rarer in
general use than in the text). jieba's prefix dictionary takes about a second to build
from its word list; it is kept in the user cache folder (marshal'ed, written through
`files`, keyed by jieba's version and its word list's size and time), so later runs
read it in less than half that.
"""

from __future__ import annotations

import logging
import marshal
from dataclasses import dataclass
from pathlib import Path

from .errors import ReaderError

CACHE_VERSION = 1


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    tag: str  # jieba's part of speech: n, nr, ns, nt, nz, v, vn, a, p, u, x, ...
    start: int
    end: int


class Segmenter:
    """jieba's segmenter with parts of speech, and its word frequencies."""

    def __init__(self, freq: dict[str, int], total: int, tags: dict[str, str]) -> None:
        import jieba
        import jieba.posseg

        jieba.setLogLevel(logging.WARNING)
        tokenizer = jieba.Tokenizer()
        tokenizer.FREQ, tokenizer.total, tokenizer.initialized = freq, total, True
        self._freq = freq
        self.total = total
        self._tags = tags
        # POSTokenizer reads the word list for its tags unless given them: the cache has them.
        self._pos = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
        self._pos.tokenizer = tokenizer
        self._pos.word_tag_tab = tags

    @classmethod
    def load(cls, cache_dir: Path | None = None) -> "Segmenter":
        import jieba

        dictionary = Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME
        try:
            info = dictionary.stat()
        except OSError as exc:
            raise ReaderError(f"jieba's word list cannot be read: {exc.strerror}", dictionary) from None
        key = (CACHE_VERSION, getattr(jieba, "__version__", "?"), info.st_size, info.st_mtime_ns)
        cache_file = _cache_dir(cache_dir) / "jieba-words.marshal"
        try:
            stored_key, freq, total, tags = marshal.loads(cache_file.read_bytes())
            if tuple(stored_key) == key:
                return cls(freq, total, tags)
        except (OSError, ValueError, EOFError, TypeError):
            pass  # no cache yet, or a damaged one: it is only a cache
        from . import notices

        notices.building("reading jieba's word list for the segmenter", cache_file)
        freq, total, tags = _read_word_list(dictionary)
        from .files import write_files_atomically

        try:
            write_files_atomically({cache_file: marshal.dumps((key, freq, total, tags))})
        except ReaderError:
            pass  # an unwritable cache folder only costs time on the next run
        return cls(freq, total, tags)

    def words(self, text: str) -> list[Word]:
        """The words of Chinese text in order, with their parts of speech."""
        found, at = [], 0
        for pair in self._pos.cut(text, HMM=True):
            end = at + len(pair.word)
            found.append(Word(pair.word, pair.flag, at, end))
            at = end
        return found

    def frequency(self, word: str) -> int:
        """How often the word occurs in jieba's general corpus (0: not a word it knows)."""
        return self._freq.get(word, 0)

    def probability(self, word: str) -> float:
        return self._freq.get(word, 0) / self.total

    def tag(self, word: str) -> str:
        return self._tags.get(word, "")


def _cache_dir(cache_dir: Path | None) -> Path:
    if cache_dir is not None:
        return cache_dir
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("reader"))


def _read_word_list(path: Path) -> tuple[dict[str, int], int, dict[str, str]]:
    """jieba's prefix dictionary (every word and, with 0, every prefix of one), the total
    count, and each word's part of speech, from its word list (`word count tag` a line)."""
    freq: dict[str, int] = {}
    tags: dict[str, str] = {}
    total = 0
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) < 2:
                continue
            word, count = parts[0], int(parts[1])
            freq[word] = count
            total += count
            if len(parts) > 2:
                tags[word] = parts[2]
            for end in range(1, len(word)):
                freq.setdefault(word[:end], 0)
    return freq, total, tags
