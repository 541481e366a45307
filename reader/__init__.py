"""reader: a bilingual English/Chinese aligned-text reader for the terminal."""


def __getattr__(name: str):
    # importlib.metadata costs ~50 ms to import; only `--version` needs it.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("reader")
        except PackageNotFoundError:  # a source tree that was never installed
            return "0+unknown"
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
