"""Names as words: how often the word cursor's segmentation keeps a personal name whole,
on MAC-Dev's Chinese side (six novel chapters), and at what cost.

    python benchmarks/bench_names.py [../shared/corpora/mac-dev]

The gold names are the ones the published translations spell in pinyin: a run of two or
three capitalised English words ("Chen Qingyang", "Wang Er") whose letters are the
toneless reading of a Chinese string of two to four characters in the same chapter
(CC-CEDICT's readings). Names a translation renders ("Trinket" for 韦小宝) are not in
it. Segmenters compared: CC-CEDICT's longest match alone (the reader before), jieba when
it is installed (not a dependency), and the reader's: names learnt from the chapter by
recurrence (monolingual) and with the English side's pinyin too. The last one uses the
same evidence as the gold, so its figure is an upper bound; the recurrence-only figure
is the honest one. Prints figures; no assertions.
"""

from __future__ import annotations

import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader.core.dictionary import Dictionary  # noqa: E402
from reader.core.names import Names, cedict_surnames  # noqa: E402
from reader.core.pinyin import pinyin_key  # noqa: E402
from reader.core.segment import words  # noqa: E402


def readings_of(dictionary):
    cache: dict[str, tuple[str, ...]] = {}

    def readings(char: str) -> tuple[str, ...]:
        if char not in cache:
            cache[char] = tuple(dict.fromkeys(pinyin_key(e.pinyin_numbers) for e in dictionary.lookup(char)))
        return cache[char]

    return readings


def chapter(folder: Path, number: str):
    """(Chinese sentences, English sentences, links as (en ids, zh ids))."""
    import html

    base = folder / "intertext"

    def read_text(path: Path) -> list[tuple[str, str]]:
        raw = path.read_text(encoding="utf-8")
        return [(i, html.unescape(t)) for i, t in re.findall(r'<s id="([^"]+)">(.*?)</s>', raw, re.S)]

    zh = read_text(base / f"dev-anno.{number}_zh.xml")
    en = read_text(base / f"dev-anno.{number}_en.xml")
    links = []
    raw = (base / f"dev-anno.{number}_zh.{number}_en.xml").read_text(encoding="utf-8")
    for targets in re.findall(r'xtargets="([^"]*)"', raw):
        en_ids, _, zh_ids = targets.partition(";")
        links.append((en_ids.split(), zh_ids.split()))
    return zh, en, links


def gold_names(zh_text: str, en_text: str, readings) -> set[str]:
    spelt = {re.sub(r"[^a-z]", "", m.group().lower())
             for m in re.finditer(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+(?:['’](?!s\b)[a-z]+)?){1,2}\b", en_text)}
    found = set()
    for start in range(len(zh_text)):
        for size in (2, 3, 4):
            piece = zh_text[start:start + size]
            if len(piece) < size or not all("\u4e00" <= c <= "\u9fff" for c in piece):
                continue
            options = [""]
            for char in piece:
                options = [o + r for o in options for r in readings(char) or ("?",)][:64]
            if spelt.intersection(options):
                found.add(piece)
    # a name inside a longer gold name (王二 in 王二的?) is kept; a string inside another
    # whose reading was matched by accident stays out only if it never stands alone
    return found


def whole(spans, start: int, end: int) -> bool:
    return (start, end) in spans


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpora/mac-dev")
    dictionary = Dictionary.load()
    readings = readings_of(dictionary)
    started = time.perf_counter()
    surnames = cedict_surnames(dictionary)
    surname_ms = (time.perf_counter() - started) * 1000
    try:
        import jieba

        jieba.setLogLevel(60)
        jieba.initialize()
    except ImportError:
        jieba = None
    totals = Counter()
    extra_names: Counter[str] = Counter()
    timing = Counter()
    print(f"CC-CEDICT surnames: {len(surnames)} ({surname_ms:.0f} ms)")
    print(f"{'chapter':<8} {'names':>5} {'occ':>5} {'cedict':>7} {'jieba':>7} {'recur':>7} {'+english':>9}")
    for number in ("001", "002", "003", "004", "005", "006"):
        zh, en, links = chapter(folder, number)
        zh_by_id, en_by_id = dict(zh), dict(en)
        zh_text, en_text = "".join(s for _, s in zh), " ".join(s for _, s in en)
        gold = gold_names(zh_text, en_text, readings)
        is_word = lambda text: bool(dictionary.lookup(text))  # noqa: E731
        alone = Names(surnames, is_word)
        bilingual = Names(surnames, is_word, readings)
        started = time.perf_counter()
        for _, sentence in zh:
            alone.learn(sentence)
        timing["learn"] += time.perf_counter() - started
        for en_ids, zh_ids in links:
            bilingual.learn("".join(zh_by_id.get(i, "") for i in zh_ids), " ".join(en_by_id.get(i, "") for i in en_ids))
        for _, sentence in zh:
            bilingual.learn(sentence)  # the recurrence counts too
        row = Counter()
        for _, sentence in zh:
            started = time.perf_counter()
            ours = set(words(sentence, (), dictionary, alone))
            timing["ours"] += time.perf_counter() - started
            started = time.perf_counter()
            plain = set(dictionary.segment(sentence))
            timing["cedict"] += time.perf_counter() - started
            both = set(words(sentence, (), dictionary, bilingual))
            if jieba is not None:
                at, cut = 0, set()
                for word in jieba.lcut(sentence):
                    cut.add((at, at + len(word)))
                    at += len(word)
            for name in gold:
                for match in re.finditer(re.escape(name), sentence):
                    span = (match.start(), match.end())
                    row["occurrences"] += 1
                    row["cedict"] += whole(plain, *span)
                    row["recur"] += whole(ours, *span)
                    row["english"] += whole(both, *span)
                    if jieba is not None:
                        row["jieba"] += whole(cut, *span)
            for start, end in ours:
                if end - start >= 2 and alone.is_name(sentence[start:end]) and sentence[start:end] not in gold:
                    extra_names[sentence[start:end]] += 1
        totals.update(row)
        n = row["occurrences"] or 1
        jieba_figure = f"{row['jieba'] / n:7.1%}" if jieba is not None else "      -"
        print(f"{number:<8} {len(gold):>5} {row['occurrences']:>5} {row['cedict'] / n:7.1%} {jieba_figure} "
              f"{row['recur'] / n:7.1%} {row['english'] / n:9.1%}   {'、'.join(sorted(gold))}")
    n = totals["occurrences"] or 1
    jieba_figure = f"{totals['jieba'] / n:7.1%}" if jieba is not None else "      -"
    print(f"{'all':<8} {'':>5} {totals['occurrences']:>5} {totals['cedict'] / n:7.1%} {jieba_figure} "
          f"{totals['recur'] / n:7.1%} {totals['english'] / n:9.1%}")
    print(f"segmentation time, 1,444 sentences: CC-CEDICT alone {timing['cedict'] * 1000:.0f} ms, "
          f"with names {timing['ours'] * 1000:.0f} ms (learning {timing['learn'] * 1000:.0f} ms)")
    print(f"strings taken for names that are not gold ({len(extra_names)} kinds, {sum(extra_names.values())} times):")
    print("  " + "、".join(f"{name}×{count}" for name, count in extra_names.most_common(60)))


if __name__ == "__main__":
    main()
