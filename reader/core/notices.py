"""Slow work a process does once for the ones after it (CC-CEDICT read into the user
cache, the aligner's lexicon built from it), told to whoever listens: a command on a
terminal says it in a line, so that the first run's wait of several seconds is not a
silent one. The core only tells; where it shows, if anywhere, is the listener's affair."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

_listeners: list[Callable[[str], None]] = []


def listen(listener: Callable[[str], None]) -> Callable[[], None]:
    """Have `listener` told of each such work as it starts; returns what stops it."""
    _listeners.append(listener)
    return lambda: _listeners.remove(listener) if listener in _listeners else None


def building(what: str, cache_file: Path) -> None:
    """Tell the listeners that `what` is being built into `cache_file`."""
    for listener in list(_listeners):
        listener(f"{what}, once (some seconds): kept in {cache_file.parent}")
