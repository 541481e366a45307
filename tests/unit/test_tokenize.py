"""The SentencePiece tokenizer: deterministic training on a tiny input, and the shipped
model's piece counts."""

from __future__ import annotations

import pytest

from reader.core import tokenize
from reader.core.errors import ReaderError

SENTENCES = [
    "Old Wang had three books.", "The cat sleeps and the dog eats fish.", "It is cold and it rains.",
    "老王有三本书。", "猫在睡觉。", "狗吃鱼。", "天很冷，下雨了。", "红花在河边。",
    "Japan and Europe enhanced their security cooperation.", "日本同欧洲加强安全合作。",
] * 3


def test_training_is_deterministic(tmp_path):
    first = tokenize.train_model(tmp_path / "a", vocab_size=120, sentences=SENTENCES)
    second = tokenize.train_model(tmp_path / "b", vocab_size=120, sentences=SENTENCES)
    assert first.name == "a.model"
    assert first.read_bytes() == second.read_bytes()
    assert tokenize.piece_counts(["猫在睡觉。", "The cat sleeps."], first)[0] >= 1


def test_training_refuses_no_input(tmp_path):
    with pytest.raises(ReaderError):
        tokenize.train_model(tmp_path / "a", vocab_size=120, sentences=["  "])


def test_shipped_model_counts_pieces():
    path = tokenize.default_model_path()
    assert path.is_file() and path.stat().st_size < 1_000_000
    en, zh = tokenize.piece_counts(["The strategic partnership agreement took effect.", "双方将共同维护地区和平与安全。"])
    assert 5 <= en <= 15 and 5 <= zh <= 20


def test_missing_model_is_a_reader_error(tmp_path):
    with pytest.raises(ReaderError, match="train-tokenizer"):
        tokenize.piece_counts(["x"], tmp_path / "none.model")


def test_aligner_length_unit_is_optional():
    from reader.core.aligner import Settings

    assert "|length:pieces*4/" in Settings().signature()  # pieces x4 won the ablation
    assert "|length:chars/" in Settings(length_unit="chars").signature()
