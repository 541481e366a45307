"""`reader align` of a corpus, on small pairs written here: two folders paired by name and
a manifest give, pair for pair, the bytes `reader align SRC TGT` gives; a broken pair is
one line and the others are done; a rerun does only what is left (a stray temporary file
is not an output); --jobs 2 and a Dask LocalCluster give the same bytes; broken manifests
and options are one-line errors."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from _support import assert_one_line_error

from reader.cli_corpus import _Progress
from reader.core.corpus import CorpusPair, Outcome, pair_folders, read_manifest
from reader.core.errors import ReaderError

EN = [
    ["Old Wang had three books.", "The cat sleeps and the dog eats fish.", "It is cold and it rains."],
    ["The dog eats fish.", "Red flowers by the river.", "Old Wang had three books."],
    ["It is cold.", "It rains.", "Red flowers by the river.", "The cat sleeps."],
]
ZH = [
    ["老王有三本书。", "猫在睡觉。", "狗吃鱼。", "天很冷，下雨了。"],
    ["狗吃鱼。", "红花在河边。", "老王有三本书。"],
    ["天很冷，下雨了。", "红花在河边。", "猫在睡觉。"],
]


@pytest.fixture(autouse=True)
def _existing_library(_library_env, tmp_path, monkeypatch):
    (tmp_path / "library").mkdir()
    monkeypatch.setenv("READER_LIBRARY", str(tmp_path / "library"))


@pytest.fixture
def corpus(tmp_path):
    """Folders en/ and zh/ with three pairs by name, and a manifest of the same pairs."""
    for side, texts in (("en", EN), ("zh", ZH)):
        (tmp_path / side).mkdir()
        for number, lines in enumerate(texts):
            (tmp_path / side / f"ch{number}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    manifest = tmp_path / "pairs.tsv"
    manifest.write_text("# English, Chinese, name\n" + "".join(
        f"en/ch{k}.txt\tzh/ch{k}.txt\tchapter-{k}\n" for k in range(3)), encoding="utf-8")
    return tmp_path


def alone(cli, corpus, k, *options):
    result = cli("align", corpus / "en" / f"ch{k}.txt", corpus / "zh" / f"ch{k}.txt", "--presplit", *options)
    assert result.code == 0, result.err
    return result.out.encode("utf-8")


def test_folders_pair_by_name_and_match_single_runs(cli, corpus):
    out = corpus / "out"
    result = cli("align", corpus / "en", corpus / "zh", "--presplit", "-o", out)
    assert result.code == 0, result.err
    assert sorted(p.name for p in out.iterdir()) == ["ch0.links", "ch1.links", "ch2.links"]
    for k in range(3):
        assert (out / f"ch{k}.links").read_bytes() == alone(cli, corpus, k)
    assert "aligned 3 pairs" in result.err


def test_manifest_jsonl_carries_scores_and_the_signature(cli, corpus):
    out = corpus / "out"
    result = cli("align", "--pairs", corpus / "pairs.tsv", "--presplit", "--format", "jsonl", "-o", out)
    assert result.code == 0, result.err
    text = (out / "chapter-0.jsonl").read_text(encoding="utf-8")
    assert text.encode("utf-8") == alone(cli, corpus, 0, "--format", "jsonl")
    header, *beads = [json.loads(line) for line in text.splitlines()]
    assert header["signature"].startswith("reader-align:") and "|lexicon:" in header["signature"]
    assert all(isinstance(bead["score"], float) for bead in beads)
    assert beads[0]["src"] == [0] and beads[0]["tgt"] == [0]


def test_a_failed_pair_is_one_line_and_the_rest_is_done_then_a_rerun_does_what_is_left(cli, corpus):
    (corpus / "zh" / "ch1.txt").write_text("\n".join(EN[1]) + "\n", encoding="utf-8")  # English twice
    manifest = corpus / "pairs.tsv"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "en/ch0.txt\tzh/missing.txt\tgone\n",
                        encoding="utf-8")
    out = corpus / "out"
    result = cli("align", "--pairs", manifest, "--presplit", "-o", out)
    assert result.code == 2
    errors = [line for line in result.err.splitlines() if line.startswith("reader: error:")]
    assert len(errors) == 2
    assert "chapter-1:" in errors[0] and "both files are English" in errors[0]
    assert "gone:" in errors[1] and "no such file" in errors[1]
    assert sorted(p.name for p in out.iterdir()) == ["chapter-0.links", "chapter-2.links"]
    # fix one pair, leave a stray temporary file of an interrupted write: only that pair is redone
    (corpus / "zh" / "ch1.txt").write_text("\n".join(ZH[1]) + "\n", encoding="utf-8")
    (out / ".chapter-1.links.abc.tmp").write_bytes(b"[0]:[")
    before = (out / "chapter-0.links").stat().st_mtime_ns
    again = cli("align", "--pairs", manifest, "--presplit", "-o", out)
    assert again.code == 2 and "aligned 1 pair into" in again.err and "2 done before" in again.err
    assert (out / "chapter-0.links").stat().st_mtime_ns == before
    assert (out / "chapter-1.links").read_bytes() == alone(cli, corpus, 1)


def test_two_local_processes_give_the_same_bytes(cli, corpus):
    one, two = corpus / "one", corpus / "two"
    assert cli("align", corpus / "en", corpus / "zh", "--presplit", "-o", one).code == 0
    result = cli("align", corpus / "en", corpus / "zh", "--presplit", "-o", two, "--jobs", "2")
    assert result.code == 0, result.err
    assert {p.name: p.read_bytes() for p in one.iterdir()} == {p.name: p.read_bytes() for p in two.iterdir()}


@pytest.mark.parametrize("pairs, cores, option, jobs", [
    (24, 2, [], 2),  # a process a core, without --jobs
    (24, 8, [], 6),  # so long as each has four pairs
    (3, 2, [], 1),
    (24, 2, ["--jobs", "1"], 1),  # --jobs says how many
    (24, 2, ["--jobs", "3"], 3),
])
def test_without_jobs_a_corpus_takes_a_process_a_core(cli, tmp_path, monkeypatch, pairs, cores, option, jobs):
    import reader.cli_corpus as cli_corpus

    for k in range(pairs):
        (tmp_path / f"e{k}.txt").write_text(EN[k % 3][0] + "\n", encoding="utf-8")
        (tmp_path / f"z{k}.txt").write_text(ZH[k % 3][0] + "\n", encoding="utf-8")
    manifest = tmp_path / "many.tsv"
    manifest.write_text("".join(f"e{k}.txt\tz{k}.txt\tp{k}\n" for k in range(pairs)), encoding="utf-8")
    used = []
    monkeypatch.setattr(cli_corpus, "_cores", lambda: cores)
    monkeypatch.setattr(cli_corpus, "run", lambda *args, jobs, **kw: used.append(jobs) or [])
    assert cli("align", "--pairs", manifest, "--presplit", "-o", tmp_path / "out", *option).code == 0
    assert used == [jobs]


def test_a_dask_cluster_gives_the_same_bytes(cli, corpus):
    from distributed import LocalCluster

    one, dask = corpus / "one", corpus / "dask"
    assert cli("align", "--pairs", corpus / "pairs.tsv", "--presplit", "-o", one).code == 0
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        result = cli("align", "--pairs", corpus / "pairs.tsv", "--presplit", "-o", dask,
                     "--scheduler", cluster.scheduler_address)
    assert result.code == 0, result.err
    assert {p.name: p.read_bytes() for p in one.iterdir()} == {p.name: p.read_bytes() for p in dask.iterdir()}


def test_an_unreachable_scheduler_is_one_line(cli, corpus, monkeypatch):
    from reader.core import corpus as work

    monkeypatch.setattr(work, "SCHEDULER_TIMEOUT", "1s")
    result = cli("align", "--pairs", corpus / "pairs.tsv", "--presplit", "-o", corpus / "out",
                 "--scheduler", "tcp://127.0.0.1:9")
    assert_one_line_error(result, "cannot reach the Dask scheduler")


@pytest.mark.parametrize(("line", "problem"), [
    ("en/ch0.txt\tzh/ch0.txt\n", "expected SRC<TAB>TGT<TAB>NAME"),
    ("en/ch0.txt\tzh/ch0.txt\ta/b\n", "not a usable file name"),
    ("en/ch0.txt\tzh/ch0.txt\t..\n", "not a usable file name"),
    ("en/ch0.txt\tzh/ch0.txt\tx\nen/ch1.txt\tzh/ch1.txt\tx\n", "given twice"),
    ("# nothing\n\n", "no pairs in the manifest"),
])
def test_broken_manifests(cli, corpus, line, problem):
    manifest = corpus / "bad.tsv"
    manifest.write_text(line, encoding="utf-8")
    result = cli("align", "--pairs", manifest, "-o", corpus / "out")
    assert_one_line_error(result, problem)
    assert str(manifest) in result.err


@pytest.mark.parametrize(("arguments", "problem"), [
    (["{en}", "{zh}"], "a corpus needs -o DIR"),
    (["{en}", "{en}/ch0.txt", "-o", "{out}"], "TGT must be a folder too"),
    (["--pairs", "{manifest}", "{en}", "{zh}", "-o", "{out}"], "not both"),
    (["--pairs", "{manifest}", "-o", "{out}", "--jobs", "0"], "--jobs 0"),
    (["{en}/ch0.txt", "{zh}/ch0.txt", "--jobs", "2"], "are for a corpus"),
    ([], "give SRC and TGT"),
])
def test_broken_options(cli, corpus, arguments, problem):
    values = {"en": corpus / "en", "zh": corpus / "zh", "out": corpus / "out", "manifest": corpus / "pairs.tsv"}
    result = cli("align", *[a.format(**values) for a in arguments])
    assert_one_line_error(result, problem)


def test_folder_pairing_reports_files_without_a_partner(tmp_path):
    for side in ("a", "b"):
        (tmp_path / side).mkdir()
        (tmp_path / side / "same.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a" / "only-here.txt").write_text("x", encoding="utf-8")
    pairs, unmatched = pair_folders(tmp_path / "a", tmp_path / "b")
    assert [(p.name, p.src.name, p.tgt.name) for p in pairs] == [("same", "same.txt", "same.txt")]
    assert unmatched == ["only-here.txt"]
    with pytest.raises(ReaderError, match="no file name is in both"):
        pair_folders(tmp_path / "a", tmp_path)


def test_manifest_paths_are_relative_to_the_manifest(tmp_path):
    manifest = tmp_path / "sub" / "m.tsv"
    manifest.parent.mkdir()
    manifest.write_text("../a.txt\t/abs/b.txt\tone\n", encoding="utf-8")
    assert read_manifest(manifest) == [CorpusPair("one", manifest.parent / ".." / "a.txt", Path("/abs/b.txt"))]


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_and_failures_on_a_terminal():
    stream = _Terminal()
    bar = _Progress(stream, stream.isatty(), width=4)
    bar(None, 0, 2, 0)
    bar(Outcome(CorpusPair("x\x1b[31m", None, None), "failed", "broken\nfile"), 1, 2, 1)
    bar(Outcome(CorpusPair("y", None, None), "done"), 2, 2, 1)
    bar.close()
    text = stream.getvalue()
    assert "\r[----] 0/2 pairs" in text and "[####] 2/2 pairs, 1 failed" in text
    assert "reader: error: x [31m: broken file\n" in text  # no escape sequence from a name reaches the terminal
    plain = io.StringIO()
    quiet = _Progress(plain, False)
    quiet(None, 0, 1, 0)
    quiet.close()
    assert plain.getvalue() == ""
