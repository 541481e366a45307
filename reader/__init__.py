"""reader: a bilingual English/Chinese aligned-text reader for the terminal."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("reader")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
