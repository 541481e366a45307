"""Word links on MAC-Dev: precision of the top counterpart of CC-CEDICT words.

    python benchmarks/eval_wordlinks.py MACDEV_DIR

The gold sentence links of MAC-Dev (InterText XML, see its README) give sentence pairs;
each becomes a pair for `reader.core.wordlinks.learn`. For every Chinese word whose
CC-CEDICT senses (a sense word, stemmed) occur in the English sentence, the English the
word links give is checked: precision is the share of linked words whose linked English
contains a sense word; recall the share of such words that have a link at all.
"""

from __future__ import annotations

import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from reader.core.counterpart import sense_keys
from reader.core.dictionary import Dictionary
from reader.core.english import STOPWORDS
from reader.core.model import Pair
from reader.core.wordlinks import chinese_tokens, english_tokens, learn


def sentences(path: Path) -> dict[str, str]:
    return {s.get("id"): (s.text or "").strip() for s in ET.parse(path).getroot().iter("s")}


def pairs_of(folder: Path) -> list[Pair]:
    pairs = []
    for links_file in sorted(folder.glob("*_zh.*_en.xml")):
        root = ET.parse(links_file).getroot()
        group = root if root.tag == "linkGrp" else root.find(".//linkGrp")
        en = sentences(folder / group.get("toDoc"))
        zh = sentences(folder / group.get("fromDoc"))
        for n, link in enumerate(group.iter("link")):
            en_ids, _, zh_ids = link.get("xtargets", "").partition(";")
            e = " ".join(en[i] for i in en_ids.split() if i in en)
            z = "".join(zh[i] for i in zh_ids.split() if i in zh)
            if e and z:
                pairs.append(Pair(f"{links_file.stem}:{n}", "body", e, z))
    return pairs


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    folder = Path(argv[0])
    folder = folder / "intertext" if (folder / "intertext").is_dir() else folder
    pairs = pairs_of(folder)
    dictionary = Dictionary.load()
    began = time.perf_counter()
    model = learn(pairs, dictionary, ())
    seconds = time.perf_counter() - began
    checked = linked = right = 0
    for pair in pairs:
        en_keys = {k for k, _, _ in english_tokens(pair.en)}
        for word, a, b in chinese_tokens(pair.zh, 0, dictionary):
            keys = sense_keys(d for e in dictionary.lookup(word) for d in e.definitions) - STOPWORDS
            if not keys or not keys & en_keys:
                continue
            checked += 1
            span = model.english_for(pair, (a, b))
            if span is None:
                continue
            linked += 1
            if keys & {k for k, _, _ in english_tokens(pair.en[span[0]:span[1]])}:
                right += 1
    print(f"sentence pairs: {len(pairs)}; learnt in {seconds:.2f} s")
    print(f"CC-CEDICT words whose gloss is in the English: {checked}")
    print(f"with a word link: {linked} (recall {linked / max(checked, 1):.3f})")
    print(f"top counterpart right: {right} (precision {right / max(linked, 1):.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
