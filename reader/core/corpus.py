"""A corpus of document pairs worked in one run: which pairs (a manifest, or two folders
paired by file name), where each one's output goes, which are done already, and the work
spread over local processes or a Dask cluster.

The work of one pair is a function of the pair alone (it is given the pair and the same
options every time), so a pair's output is the same bytes whichever process or machine
makes it. Outputs are written atomically, in this process, as they come back: a pair
whose output exists is done, a half-written output never exists, and a rerun does only
what is left. A pair that fails is reported and the others go on.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import ReaderError
from .files import decode_text, read_bytes, write_atomically

SCHEDULER_TIMEOUT = "20s"  # to reach a Dask scheduler
_NAME = re.compile(r"[^/\\\x00-\x1f\x7f-\x9f]+")


@dataclass(frozen=True, slots=True)
class CorpusPair:
    name: str  # the output's file name without its extension
    src: Path
    tgt: Path


@dataclass(slots=True)
class Outcome:
    pair: CorpusPair
    status: str  # "done", "skipped" (done before) or "failed"
    detail: str = ""  # the error, for a failed pair; what was written, for a done one


def read_manifest(path: Path) -> list[CorpusPair]:
    """The pairs of a manifest: `SRC<TAB>TGT<TAB>NAME` a line (relative paths from the
    manifest's folder; blank lines and lines starting with # are skipped)."""
    path = Path(path)
    text = decode_text(read_bytes(path), path)
    pairs, seen = [], {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 3 or not all(cell.strip() for cell in cells):
            raise ReaderError(f"expected SRC<TAB>TGT<TAB>NAME, found {len(cells)} cell(s): {line[:60]!r}", path, number)
        src, tgt, name = (cell.strip() for cell in cells)
        _check_name(name, path, number)
        if name in seen:
            raise ReaderError(f"the name {name!r} is given twice (also line {seen[name]})", path, number)
        seen[name] = number
        pairs.append(CorpusPair(name, path.parent / src, path.parent / tgt))
    if not pairs:
        raise ReaderError("no pairs in the manifest", path)
    return pairs


def pair_folders(src_dir: Path, tgt_dir: Path) -> tuple[list[CorpusPair], list[str]]:
    """The files of two folders paired by name (a pair's name is the file's name without
    its last extension), and the names of files with no partner in the other folder."""
    src_dir, tgt_dir = Path(src_dir), Path(tgt_dir)

    def files(folder: Path) -> dict[str, Path]:
        try:
            return {p.name: p for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith(".")}
        except OSError as exc:
            raise ReaderError(f"cannot read the folder: {exc.strerror}", folder) from None

    src, tgt = files(src_dir), files(tgt_dir)
    common = sorted(src.keys() & tgt.keys())
    if not common:
        raise ReaderError(f"no file name is in both {src_dir} and {tgt_dir}")
    stems: dict[str, str] = {}
    pairs = []
    for file_name in common:
        name = Path(file_name).stem or file_name
        if name in stems:
            name = file_name  # two files differ only by their extension: keep it whole
        stems[name] = file_name
        pairs.append(CorpusPair(name, src[file_name], tgt[file_name]))
    alone = sorted((src.keys() ^ tgt.keys()))
    return pairs, alone


def _check_name(name: str, where, line=None) -> None:
    if not _NAME.fullmatch(name) or name in (".", "..") or name.startswith("."):
        raise ReaderError(f"{name!r} is not a usable file name", where, line)


def output_path(folder: Path, pair: CorpusPair, extension: str) -> Path:
    return Path(folder) / f"{pair.name}.{extension}"


Job = Callable[[CorpusPair, object], bytes]


def run(pairs: Sequence[CorpusPair], job: Job, options, out_dir: Path, extension: str,
        jobs: int = 1, scheduler: str | None = None,
        progress: Callable[[Outcome | None, int, int, int], None] | None = None) -> list[Outcome]:
    """Work every pair not done yet with `job(pair, options)` (bytes, written to
    out_dir/NAME.extension), in this process (jobs=1), in `jobs` local processes, or on
    the Dask cluster at `scheduler`. `progress(outcome, finished, total, failed)` before
    the first pair (outcome None) and after each. The outcomes come in the pairs' order."""
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReaderError(f"cannot make the output folder: {exc.strerror}", out_dir) from None
    outcomes: dict[str, Outcome] = {}
    todo = []
    for pair in pairs:
        if output_path(out_dir, pair, extension).exists():
            outcomes[pair.name] = Outcome(pair, "skipped")
        else:
            todo.append(pair)
    finished, failed = len(outcomes), 0
    if progress:
        progress(None, finished, len(pairs), failed)

    def settle(pair: CorpusPair, outcome: Outcome) -> None:
        nonlocal finished, failed
        outcomes[pair.name] = outcome
        finished += 1
        failed += outcome.status == "failed"
        if progress:
            progress(outcome, finished, len(pairs), failed)

    # Outputs are written (each synced to disk, then renamed) by one thread beside the
    # work, so that the next pair is aligned while the disk syncs. It starts after the
    # workers, which may be forked only from a process without other threads.
    from concurrent.futures import ThreadPoolExecutor

    writer, writes = None, []
    for pair, result in _results(todo, job, options, jobs, scheduler):
        if not isinstance(result, bytes):
            settle(pair, Outcome(pair, "failed", result))
            continue
        if writer is None:
            writer = ThreadPoolExecutor(max_workers=1)
        target = output_path(out_dir, pair, extension)
        writes.append((pair, target, writer.submit(write_atomically, target, result, public=True)))
        while writes and writes[0][2].done():
            _written(settle, *writes.pop(0))
    for write in writes:
        _written(settle, *write)
    if writer is not None:
        writer.shutdown()
    return [outcomes[pair.name] for pair in pairs]


def _written(settle, pair: CorpusPair, target: Path, future) -> None:
    try:
        future.result()
        settle(pair, Outcome(pair, "done", str(target)))
    except (OSError, ReaderError) as exc:
        settle(pair, Outcome(pair, "failed", f"{target}: cannot write: {exc}"))


def attempt(job: Job, pair: CorpusPair, options) -> bytes | str:
    """The job's bytes, or its failure as one line (never an exception: one pair's
    trouble must not stop the others)."""
    try:
        return job(pair, options)
    except ReaderError as exc:
        return str(exc)
    except MemoryError:
        return "out of memory"
    except Exception as exc:  # a defect; reported with the pair and the run goes on
        return f"internal error: {type(exc).__name__}: {exc}"


def _results(todo, job, options, jobs, scheduler) -> Iterator[tuple[CorpusPair, bytes | str]]:
    if not todo:
        return
    if scheduler:
        yield from _on_dask(todo, job, options, scheduler)
        return
    if jobs <= 1:
        for pair in todo:
            yield pair, attempt(job, pair, options)
        return
    import multiprocessing
    import threading
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # Forked workers start at once with what this process has loaded (the job may have
    # been warmed up); fork is safe only without other threads, else a clean start.
    methods = multiprocessing.get_all_start_methods()
    method = "fork" if "fork" in methods and threading.active_count() == 1 else \
        "forkserver" if "forkserver" in methods else "spawn"
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(max_workers=min(jobs, len(todo)), mp_context=context) as pool:
        futures = {pool.submit(attempt, job, pair, options): pair for pair in todo}
        for future in as_completed(futures):
            pair = futures[future]
            try:
                yield pair, future.result()
            except Exception as exc:  # the worker process died (killed, out of memory)
                yield pair, f"the worker failed: {type(exc).__name__}: {exc}"


def _on_dask(todo, job, options, scheduler: str):
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise ReaderError("--scheduler needs Dask's distributed package (pip install 'reader[dask]')") from None
    try:
        client = Client(scheduler, timeout=SCHEDULER_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ReaderError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    run_id = uuid.uuid4().hex[:12]
    with client:
        futures = client.map(attempt, [job] * len(todo), todo, [options] * len(todo),
                             key=[f"reader-align-{run_id}-{number}" for number in range(len(todo))], pure=False)
        pair_of = {future.key: pair for future, pair in zip(futures, todo)}
        for future in as_completed(futures):
            pair = pair_of[future.key]
            try:
                yield pair, future.result()
            except Exception as exc:  # the worker died or lost the task
                yield pair, f"the Dask worker failed: {type(exc).__name__}: {exc}"
