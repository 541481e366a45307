"""Worker processes a command forks for long work (the index build, a big scan, the
import's linking): forked, so that they share what the command has loaded; and they leave
Ctrl+C to the command, which ends them and exits as one process (code 130, no worker's
traceback on the terminal)."""

from __future__ import annotations


def can_fork() -> bool:
    """Whether workers may be forked: `fork` there, and no other thread in this process (a
    forked child has only the forking thread: a lock another one held would never be
    released there; the reader's screens work in threads)."""
    import threading

    if threading.active_count() > 1:
        return False
    import multiprocessing as mp  # here: ~10 ms, which a command that never forks does without

    return "fork" in mp.get_all_start_methods()


def forked_pool(processes: int):
    """A `multiprocessing` pool of `processes` forked workers that ignore Ctrl+C."""
    import multiprocessing as mp

    return mp.get_context("fork").Pool(processes, initializer=_leave_interrupts)


def _leave_interrupts() -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
