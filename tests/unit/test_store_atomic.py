"""Replacing a text is atomic across its files (meta.json and the source in texts/<id>/,
the alignment in alignments/): a writer killed at any instant leaves the old text or the
new one, never a mixture, and the next run completes or drops the change and removes
every temporary. Tested by stopping a save at each of its steps, and by real kills of a
process replacing a text in a loop (benchmarks/bench_atomic.py runs many more)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from _support import ROOT

from reader.core import files, transaction
from reader.core.model import Pair, Text, TextMeta
from reader.core.store import Library

PAIRS = 2000
# Two versions of one text that differ in every file, the source's name included (so that
# a switch also removes the other version's source).
VERSIONS = {"a": "source.txt", "b": "source.xml"}

WORKER = """
import sys
from reader.core.model import Pair, Text, TextMeta
from reader.core.store import Library

versions = []
for version, source_file in (("a", "source.txt"), ("b", "source.xml")):
    pairs = [Pair(f"p{i}", "body", f"{version} sentence {i}.", f"{version}句{i}。") for i in range(1, %(pairs)d + 1)]
    meta = TextMeta(id="t", title={"en": version}, source_file=source_file)
    versions.append((Text(meta, pairs), version.encode() * 50_000))
library = Library(sys.argv[1])
print("ready", flush=True)
count = 0
while True:
    text, source = versions[count %% 2]
    library.save(text, source, replace=True)
    count += 1
""" % {"pairs": PAIRS}


def version(name: str) -> tuple[Text, bytes]:
    pairs = [Pair(f"p{i}", "body", f"{name} sentence {i}.", f"{name}句{i}。") for i in range(1, PAIRS + 1)]
    return Text(TextMeta(id="t", title={"en": name}, source_file=VERSIONS[name]), pairs), name.encode() * 50_000


def assert_whole(root: Path) -> str:
    """The library holds one whole version of the text and nothing else: its files
    agree, one source, no staging folder, no temporary. Returns the version."""
    library = Library(root)
    assert library.ids() == ["t"]  # the first access completes or drops a change
    hidden = sorted(str(p.relative_to(root)) for p in root.rglob(".*"))
    assert hidden == [], hidden
    text = library.load("t")
    name = text.meta.title["en"]
    assert len(text.pairs) == PAIRS and all(p.en.startswith(f"{name} ") for p in text.pairs)
    folder = root / "texts" / "t"
    assert sorted(p.name for p in folder.iterdir()) == sorted(["meta.json", VERSIONS[name]])
    assert (folder / VERSIONS[name]).read_bytes() == name.encode() * 50_000
    return name


class Killed(BaseException):
    """Stands for a kill: not an OSError, so no clean-up of the writer's runs."""


STEPS = 10  # three staged files, the journal, the commit, three moves, a removal, the journal


@pytest.mark.parametrize("step", range(STEPS))
def test_a_save_stopped_at_any_step_leaves_one_whole_version(tmp_path, monkeypatch, step):
    root = tmp_path / "library"
    Library(root).save(*version("a"))
    calls = {"n": 0}
    real_replace, real_create, real_unlink = os.replace, files.create_file, Path.unlink

    def counting(real):
        def call(*args, **kwargs):
            calls["n"] += 1
            if calls["n"] == step + 1:
                raise Killed
            return real(*args, **kwargs)
        return call

    monkeypatch.setattr(transaction.os, "replace", counting(real_replace))
    monkeypatch.setattr(transaction, "create_file", counting(real_create))
    monkeypatch.setattr(Path, "unlink", counting(real_unlink))
    with pytest.raises(Killed):
        Library(root).save(*version("b"), replace=True)
    monkeypatch.undo()
    # staged files, journal and switch are all steps: the early ones keep a, the later b
    assert assert_whole(root) == ("a" if step < 5 else "b")


def test_steps_cover_the_whole_save(tmp_path, monkeypatch):
    """The table above stops the save at each of its file operations, no fewer."""
    root = tmp_path / "library"
    Library(root).save(*version("a"))
    calls = []
    for name, module in (("replace", transaction.os), ("create_file", transaction)):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, _real=real, _name=name, **k: (calls.append(_name), _real(*a, **k))[1])
    real_unlink = Path.unlink
    monkeypatch.setattr(Path, "unlink", lambda self, *a, **k: (calls.append("unlink"), real_unlink(self, *a, **k))[1])
    Library(root).save(*version("b"), replace=True)
    assert len(calls) == STEPS, calls
    assert calls.index("replace") == 4  # three staged files and the journal, then the commit


def test_stale_temporaries_of_killed_writers_are_removed(tmp_path):
    root = tmp_path / "library"
    Library(root).save(*version("a"))
    stale = [root / "alignments" / ".t.jsonl.k3j4h5g6.tmp",  # an older reader's (mkstemp) name
             root / "texts" / "t" / ".meta.json.99999999-0a1b2c3d.tmp",  # a dead process's
             root / "texts" / "t" / ".source.txt.4194305-ffffffff.tmp"]
    for path in stale:
        path.write_bytes(b"x" * 1000)
    mine = root / "texts" / "t" / f".source.txt.{os.getpid()}-00000000.tmp"  # a live writer's
    mine.write_bytes(b"in progress")
    Library(root).save(*version("b"), replace=True)
    assert not any(path.exists() for path in stale)
    assert mine.exists()


def test_a_killed_export_leaves_no_temporary_behind_the_next_one(tmp_path):
    target = tmp_path / "out.html"
    stale = tmp_path / ".out.html.99999999-0a1b2c3d.tmp"
    stale.write_bytes(b"half an export")
    files.write_outputs({target: b"<p>done</p>"})
    assert target.read_bytes() == b"<p>done</p>" and not stale.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.html"]


def test_a_reader_opening_a_text_waits_for_the_switch(tmp_path):
    """Open takes the shared lock: while a writer holds the exclusive one, it waits."""
    pytest.importorskip("fcntl")
    root = tmp_path / "library"
    Library(root).save(*version("a"))
    holder = subprocess.Popen(
        [sys.executable, "-c", "import fcntl, os, sys, time; fd = os.open(sys.argv[1], os.O_RDONLY); "
         "fcntl.flock(fd, fcntl.LOCK_EX); print('locked', flush=True); time.sleep(0.5)", str(root)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        Library(root).load("t")
        assert time.monotonic() - started > 0.2
    finally:
        holder.kill()
        holder.wait()


def run_kills(root: Path, kills: int, seed: int) -> dict[str, int]:
    """Kill a process replacing a text in a loop `kills` times, at random instants; after
    each kill the library must hold one whole version. Returns how often each was found."""
    rng = random.Random(seed)
    found = {"a": 0, "b": 0}
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for _ in range(kills):
        worker = subprocess.Popen([sys.executable, "-c", WORKER, str(root)], stdout=subprocess.PIPE, env=env)
        try:
            assert worker.stdout.readline() == b"ready\n"
            time.sleep(rng.uniform(0.0, 0.25))
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait()
            worker.stdout.close()
        found[assert_whole(root)] += 1
    return found


def test_real_kills_during_replace(tmp_path):
    root = tmp_path / "library"
    Library(root).save(*version("a"))
    found = run_kills(root, kills=8, seed=9)
    assert sum(found.values()) == 8
