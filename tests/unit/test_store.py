"""The library on disk: saving and loading texts, and loader errors that name the file and
the line."""

from __future__ import annotations

import json

import pytest
from _support import BUNDLED_ID, assert_one_line_error, snapshot

from reader.core.errors import ReaderError
from reader.core.model import Pair, Text, TextMeta
from reader.core.store import Library, dump_alignment, read_alignment

HEADER = '{"schema": "reader-alignment", "version": 1, "text": "t"}\n'
PAIR = '{"id": "p1", "kind": "body", "en": "Hello", "zh": "你好"}\n'
PAIR2 = '{"id": "p2", "kind": "body", "en": "Goodbye", "zh": "再见"}\n'

# (name, file content, line the error is on, a word the message must contain)
BROKEN = [
    ("broken JSON", HEADER + PAIR + '{"id": "p2", "kind": "body", "en": \n', 3, "JSON"),
    ("truncated last line", HEADER + PAIR + '{"id": "p2", "kind"', 3, "JSON"),
    ("unknown schema version", HEADER.replace('"version": 1', '"version": 2') + PAIR, 1, "version"),
    ("schema version as a string", HEADER.replace('"version": 1', '"version": "1"') + PAIR, 1, "version"),
    ("schema version true", HEADER.replace('"version": 1', '"version": true') + PAIR, 1, "version"),
    ("no header", PAIR + PAIR2, 1, "header"),
    ("header for another text", HEADER.replace('"t"', '"other"') + PAIR, 1, "other"),
    ("missing zh", HEADER + '{"id": "p1", "kind": "body", "en": "Hello"}\n', 2, "zh"),
    ("missing id", HEADER + '{"kind": "body", "en": "Hello", "zh": "你好"}\n', 2, "id"),
    ("missing kind", HEADER + '{"id": "p1", "en": "Hello", "zh": "你好"}\n', 2, "kind"),
    ("bad kind", HEADER + PAIR.replace('"body"', '"chapter"'), 2, "chapter"),
    ("zh not a string", HEADER + PAIR.replace('"你好"', "42"), 2, "zh"),
    ("duplicate pair id", HEADER + PAIR + PAIR2 + PAIR, 4, "duplicate"),
    ("record not an object", HEADER + PAIR + "[1, 2]\n", 3, "object"),
    ("unknown field", HEADER + PAIR.replace("}", ', "note": "x"}'), 2, "note"),
    ("both sides empty", HEADER + '{"id": "p1", "kind": "body", "en": "", "zh": ""}\n', 2, "empty"),
    ("backwards line span", HEADER + PAIR.replace("}", ', "src": {"en": [[5, 2]]}}'), 2, "span"),
    ("line span 0", HEADER + PAIR.replace("}", ', "src": {"zh": [[0, 1]]}}'), 2, "span"),
    # hostile values: each once gave a traceback, or was taken for good
    ("src a list", HEADER + PAIR.replace("}", ', "src": [1]}'), 2, "src"),
    ("src spans not pairs", HEADER + PAIR.replace("}", ', "src": {"en": [1]}}'), 2, "span"),
    ("a number of 5,000 digits", HEADER + PAIR.replace("}", ', "level": ' + "9" * 5000 + "}"), 2, "digits"),
    ("a float too large", HEADER + PAIR.replace("}", ', "level": 1e999}'), 2, "level"),
    ("a score too large", HEADER + PAIR.replace("}", ', "sentences": {"en": [[0, 5]], "zh": [[0, 2]]}, '
                                                     '"links": [[[0], [0], 1e999]]}'), 2, "link"),
    ("nested 100,000 deep", HEADER + PAIR.replace("}", ', "links": ' + "[" * 100_000 + "]" * 100_000 + "}"),
     2, "deep"),
    ("a lone surrogate", HEADER + PAIR.replace('"Hello"', '"x\\ud800"'), 2, "surrogate"),
    ("a lone low surrogate in a key", HEADER + PAIR.replace("}", ', "\\udc00y": 1}'), 2, "surrogate"),
    ("NaN score", HEADER + PAIR.replace("}", ', "sentences": {"en": [[0, 5]], "zh": [[0, 2]]}, '
                                              '"links": [[[0], [0], NaN]]}'), 2, "NaN"),
    ("Infinity score", HEADER + PAIR.replace("}", ', "links": [[[0], [0], -Infinity]]}'), 2, "Infinity"),
    ("score a string", HEADER + PAIR.replace("}", ', "sentences": {"en": [[0, 5]], "zh": [[0, 2]]}, '
                                                   '"links": [[[0], [0], "1"]]}'), 2, "link"),
    ("kind a list", HEADER + PAIR.replace('"body"', '["body"]'), 2, "kind"),
    ("id an object", HEADER + PAIR.replace('"p1"', '{"p": 1}'), 2, "id"),
    ("level a string", HEADER + PAIR.replace("}", ', "level": "1"}'), 2, "level"),
    ("level true", HEADER + PAIR.replace("}", ', "level": true}'), 2, "level"),
    ("links an object", HEADER + PAIR.replace("}", ', "links": {"0": 1}}'), 2, "links"),
    ("sentences a list", HEADER + PAIR.replace("}", ', "sentences": [[0, 5]]}'), 2, "sentences"),
    ("footnote cites a list", HEADER + PAIR + '{"footnote": 1, "pair": ["p1"], "offset": 0, "text": "n"}\n',
     3, "cites"),
    ("footnote offset negative", HEADER + PAIR + '{"footnote": 1, "pair": "p1", "offset": -1, "text": "n"}\n',
     3, "offset"),
    ("footnote number an object", HEADER + PAIR + '{"footnote": {"n": 1}, "pair": "p1", "offset": 0, "text": "n"}\n',
     3, "number"),
    ("header text id a list", HEADER.replace('"t"', '["t"]') + PAIR, 1, "text id"),
]


def make_library(tmp_path, content: str | bytes, text_id: str = "t") -> Library:
    library = Library(tmp_path / "lib")
    library.alignments_dir.mkdir(parents=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    library.alignment_path(text_id).write_bytes(data)
    return library


@pytest.mark.parametrize("name, content, line, word", BROKEN, ids=[b[0] for b in BROKEN])
def test_read_alignment_names_file_and_line(tmp_path, name, content, line, word):
    library = make_library(tmp_path, content)
    path = library.alignment_path("t")
    with pytest.raises(ReaderError) as info:
        library.load("t")
    message = str(info.value)
    assert message.startswith(f"{path}:{line}: "), message
    assert word.lower() in message.lower()
    assert "\n" not in message


SHOWN = [b for b in BROKEN if b[0] in (
    "broken JSON", "unknown schema version", "no header", "missing zh", "bad kind", "duplicate pair id",
)]


@pytest.mark.parametrize("name, content, line, word", SHOWN, ids=[b[0] for b in SHOWN])
def test_show_reports_a_broken_file_in_one_line(cli, tmp_path, name, content, line, word):
    library = make_library(tmp_path, content)
    result = cli("show", "t", "--library", library.root)
    assert_one_line_error(result, f"{library.alignment_path('t')}:{line}:")


def test_not_utf8_alignment_names_file_and_line(tmp_path):
    content = (HEADER + PAIR).encode() + '{"id": "p2", "kind": "body", "en": "x", "zh": "日本"}\n'.encode("gbk")
    library = make_library(tmp_path, content)
    with pytest.raises(ReaderError) as info:
        library.load("t")
    assert str(info.value).startswith(f"{library.alignment_path('t')}:3: ")
    assert "UTF-8" in str(info.value)


def test_empty_alignment_file_names_the_file(tmp_path):
    library = make_library(tmp_path, "")
    with pytest.raises(ReaderError) as info:
        library.load("t")
    assert str(library.alignment_path("t")) in str(info.value)


@pytest.mark.parametrize(
    "content",
    [
        HEADER + PAIR + PAIR2,
        "\ufeff" + HEADER + PAIR + PAIR2,  # a BOM on the first line
        HEADER + "\n" + PAIR + "   \n" + PAIR2 + "\n\n",  # blank lines
        HEADER.replace("\n", "\r\n") + PAIR.replace("\n", "\r\n") + PAIR2,  # CRLF
    ],
)
def test_tolerated_alignment_files(tmp_path, content):
    text = make_library(tmp_path, content).load("t")
    assert [(p.id, p.en, p.zh) for p in text.pairs] == [("p1", "Hello", "你好"), ("p2", "Goodbye", "再见")]


def test_read_alignment_missing_file(tmp_path):
    with pytest.raises(ReaderError) as info:
        read_alignment(tmp_path / "nope.jsonl")
    assert str(tmp_path / "nope.jsonl") in str(info.value)


def test_unknown_text_id_names_the_id_and_the_texts_there_are(seed_library):
    with pytest.raises(ReaderError) as info:
        Library(seed_library).load("no-such-text")
    assert "'no-such-text'" in str(info.value)
    assert BUNDLED_ID in str(info.value)


@pytest.mark.parametrize("command", [("show",), ("export", "--format", "json")])
def test_unknown_text_id_via_the_cli(cli, seed_library, command):
    result = cli(command[0], "no-such-text", *command[1:], "--library", seed_library)
    line = assert_one_line_error(result, "'no-such-text'")
    assert BUNDLED_ID in line


META = {
    "schema": "reader-text", "version": 1, "id": "t", "title": {"en": "T", "zh": "题"},
    "author": {}, "source": "", "editor": "", "published": "", "languages": ["en", "zh"],
    "source_file": "", "import_format": "",
}


@pytest.mark.parametrize(
    "name, meta_text",
    [
        ("broken JSON", '{"schema": "reader-text",\n "version": 1,\n "id": }'),
        ("not UTF-8", json.dumps(META, ensure_ascii=False).encode("utf-8").replace("题".encode(), "题".encode("gbk"))),
        ("unknown version", json.dumps({**META, "version": 9})),
        ("id does not match its folder", json.dumps({**META, "id": "other"})),
        ("bad languages", json.dumps({**META, "languages": ["fr"]})),
        ("title not an object", json.dumps({**META, "title": "T"})),
        ("languages holding a list", json.dumps({**META, "languages": [["en"]]})),
        ("a lone surrogate in the title", json.dumps({**META, "title": {"en": "T\ud800"}})),
        ("NaN", json.dumps({**META, "version": float("nan")})),
        ("nested 100,000 deep", json.dumps({**META, "source": 1}).replace("1}", "[" * 100_000 + "]" * 100_000 + "}")),
        ("a number of 5,000 digits", json.dumps({**META, "version": 1}).replace('"version": 1', '"version": ' + "1" * 5000)),
        ("a list, not an object", "[1, 2]"),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 40 else "",
)
def test_bad_meta_file_names_the_file(tmp_path, name, meta_text):
    library = make_library(tmp_path, HEADER + PAIR)
    meta_path = library.meta_path("t")
    meta_path.parent.mkdir(parents=True)
    meta_path.write_bytes(meta_text if isinstance(meta_text, bytes) else meta_text.encode("utf-8"))
    with pytest.raises(ReaderError) as info:
        library.load("t")
    assert str(info.value).startswith(str(meta_path)), str(info.value)


# -- saving -------------------------------------------------------------------------------------


def sample_text(text_id: str = "sample") -> Text:
    meta = TextMeta(
        id=text_id, title={"en": "Sample", "zh": "样本"}, author={"en": "A. Writer"},
        source="Somewhere", editor="E", published="2024-01-01", source_file="source.txt",
        import_format="interleaved",
    )
    pairs = [
        Pair("p1", "title", "Sample", "样本", ((1, 1),), ((3, 3),)),
        Pair("p2", "body", "Two source paragraphs joined.", "两段合一。", ((5, 5), (7, 8)), ((10, 10),)),
        Pair("p3", "body", "", "只有中文。", (), ((12, 12),)),
        Pair("p4", "note", "(English only, with \"quotes\" and \\ and a\ttab)", ""),
    ]
    return Text(meta, pairs)


def test_save_then_load_gives_the_same_text(tmp_path):
    library = Library(tmp_path / "lib")
    text = sample_text()
    library.save(text, b"the source\n")
    loaded = library.load("sample")
    assert loaded.meta == text.meta
    assert loaded.pairs == text.pairs
    assert (library.texts_dir / "sample" / "source.txt").read_bytes() == b"the source\n"
    assert library.ids() == ["sample"]


def test_alignment_file_is_one_header_then_one_line_per_pair(tmp_path):
    data = dump_alignment("sample", sample_text().pairs)
    lines = data.decode("utf-8").splitlines()
    assert len(lines) == 5
    assert json.loads(lines[0]) == {"schema": "reader-alignment", "version": 1, "text": "sample"}
    assert [json.loads(line)["id"] for line in lines[1:]] == ["p1", "p2", "p3", "p4"]
    assert "样本" in lines[1], "Chinese is stored as text, not \\u escapes"
    assert data.endswith(b"\n")


def test_save_refuses_an_existing_id_without_replace(tmp_path):
    library = Library(tmp_path / "lib")
    library.save(sample_text(), b"one")
    before = snapshot(library.root)
    with pytest.raises(ReaderError) as info:
        library.save(sample_text(), b"two")
    assert "'sample'" in str(info.value)
    assert snapshot(library.root) == before
    library.save(sample_text(), b"two", replace=True)
    assert (library.texts_dir / "sample" / "source.txt").read_bytes() == b"two"


def test_save_refuses_a_bad_id(tmp_path):
    library = Library(tmp_path / "lib")
    with pytest.raises(ReaderError):
        library.save(sample_text("Bad Id"), b"x")
    assert not library.root.exists()


def test_ids_lists_only_alignment_files(tmp_path):
    library = Library(tmp_path / "lib")
    library.save(sample_text("b-text"), None)
    library.save(sample_text("a-text"), None)
    (library.alignments_dir / "notes.txt").write_text("not a text")
    assert library.ids() == ["a-text", "b-text"]
    assert Library(tmp_path / "empty").ids() == []


def test_resolve_by_alignment_path_and_by_text_folder(seed_library):
    library = Library(seed_library)
    by_id = library.resolve(BUNDLED_ID)
    by_file = Library(seed_library / "elsewhere").resolve(str(seed_library / "alignments" / f"{BUNDLED_ID}.jsonl"))
    by_folder = Library(seed_library / "elsewhere").resolve(str(seed_library / "texts" / BUNDLED_ID))
    for text in (by_file, by_folder):
        assert text.meta == by_id.meta
        assert text.pairs == by_id.pairs
