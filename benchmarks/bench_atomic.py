"""Kill -9 during `reader import --replace`, many times: the library must hold the old text
or the new one after every kill, never a mixture, and no temporary may be left.

    python benchmarks/bench_atomic.py [KILLS]      # default 200

Two kinds of run: the `reader` command itself (start-up, reading, import, save), killed
at a random instant; and a process saving in a loop, so that nearly every kill lands
inside a save. Prints how many kills left each version and how many left damage (which
must be 0), and how long a save takes.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reader.core.model import Pair, Text, TextMeta  # noqa: E402
from reader.core.store import Library  # noqa: E402

PAIRS = 2000
LOOP = """
import sys
from reader.core.model import Pair, Text, TextMeta
from reader.core.store import Library
versions = []
for name, source_file in (("a", "source.txt"), ("b", "source.tsv")):
    pairs = [Pair(f"p{i}", "body", f"{name} sentence {i}.", f"{name}句{i}。") for i in range(1, %d)]
    versions.append((Text(TextMeta(id="t", title={"en": name}, source_file=source_file), pairs), name.encode() * 50_000))
library = Library(sys.argv[1])
print("ready", flush=True)
n = 0
while True:
    library.save(*versions[n %% 2], replace=True)
    n += 1
""" % (PAIRS + 1)


def damage(root: Path) -> str | None:
    """What is wrong with the library after a kill (None: one whole version, nothing else)."""
    library = Library(root)
    if library.ids() != ["t"]:
        return f"texts {library.ids()}"
    hidden = [str(p.relative_to(root)) for p in root.rglob(".*")]
    if hidden:
        return f"left behind: {hidden[:3]}"
    meta = json.loads((root / "texts" / "t" / "meta.json").read_text("utf-8"))
    name = meta["title"]["en"]
    text = library.load("t")
    if not all(pair.en.startswith(name) for pair in text.pairs):
        return f"meta.json of {name!r} beside another version's alignment"
    sources = sorted(p.name for p in (root / "texts" / "t").glob("source.*"))
    if sources != [meta["source_file"]]:
        return f"sources {sources} for {meta['source_file']}"
    return None


def kill_runs(root: Path, command: list[str], kills: int, rng: random.Random, wait_ready: bool, span: float):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "READER_DATA_DIR": str(root.parent / "data")}
    tally = {"a": 0, "b": 0, "damaged": 0}
    for _ in range(kills):
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
        if wait_ready:
            process.stdout.readline()
        time.sleep(rng.uniform(0.0, span))
        process.send_signal(signal.SIGKILL)
        process.wait()
        process.stdout.close()
        problem = damage(root)
        if problem:
            tally["damaged"] += 1
            print("  damaged:", problem)
            return tally
        tally[json.loads((root / "texts" / "t" / "meta.json").read_text("utf-8"))["title"]["en"]] += 1
    return tally


def main() -> None:
    kills = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    rng = random.Random(2024)
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        root = folder / "library"
        versions = {}
        for name, source_file in (("a", "source.txt"), ("b", "source.tsv")):
            pairs = [Pair(f"p{i}", "body", f"{name} sentence {i}.", f"{name}句{i}。") for i in range(1, PAIRS + 1)]
            versions[name] = (Text(TextMeta(id="t", title={"en": name}, source_file=source_file), pairs),
                              name.encode() * 50_000)
        library = Library(root)
        started = time.perf_counter()
        for n in range(20):
            library.save(*versions["ab"[n % 2]], replace=True)
        per_save = (time.perf_counter() - started) / 20
        print(f"save of a {PAIRS}-pair text (three files, journalled): {per_save * 1000:.1f} ms")

        tally = kill_runs(root, [sys.executable, "-c", LOOP, str(root)], kills, rng, True, 0.25)
        print(f"{kills} kills of a process saving in a loop: {tally}")

        for name in "ab":
            (folder / f"{name}.tsv").write_text(
                "".join(f"{name} sentence {i}.\t{name}句{i}。\n" for i in range(1, PAIRS + 1)), "utf-8")
        cli = [sys.executable, "-m", "reader", "--library", str(root), "import", "--format", "tsv",
               "--id", "t", "--replace"]
        tally = {"a": 0, "b": 0, "damaged": 0}
        for run in range(kills // 4):
            name = "ab"[run % 2]
            part = kill_runs(root, [*cli, str(folder / f"{name}.tsv")], 1, rng, False, 1.2)
            for key in tally:
                tally[key] += part[key]
        print(f"{kills // 4} kills of `reader import --replace`: {tally}")


if __name__ == "__main__":
    main()
