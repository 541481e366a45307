"""How the benchmarks run `reader`: as the user runs it, with byte code cached as an
installed package has it."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def python_env(env: dict, scratch: Path) -> dict:
    """`env` with byte code written and read (under `scratch`): a checkout run with
    PYTHONDONTWRITEBYTECODE would compile every module on every run (~50 ms of `reader`'s
    start-up), which no installed copy does."""
    env = dict(env)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(scratch / "pycache")
    return env


def reader_command(env: dict) -> list[str]:
    """`reader` as the user runs it: the console script `pip install` put beside this
    interpreter, when it runs this checkout's code (an editable install); else `python -m
    reader` (which also imports runpy: ~7 ms more)."""
    script = Path(sys.executable).with_name("reader")
    if script.is_file() and os.access(script, os.X_OK):
        found = subprocess.run([sys.executable, "-c", "import reader; print(reader.__file__)"], env=env,
                               capture_output=True, text=True, cwd=tempfile.gettempdir())
        if found.returncode == 0 and Path(found.stdout.strip()).resolve() == REPO / "reader" / "__init__.py":
            return [str(script)]
    return [sys.executable, "-m", "reader"]
