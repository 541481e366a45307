"""Laying pairs out in rows of terminal cells: wrapping, columns, and the row table.

Nothing here knows about a terminal library; the reader's view and `reader show` both lay
text out with these functions, so the screen and the plain-text output agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from dataclasses import replace
from itertools import accumulate

from .model import Pair, Text
from .script import cell_len, char_width
from .visible import visible

# Chinese typesetting (kinsoku): these never start a line...
NO_LINE_START = frozenset("，。、；：？！）」』”’》〉】〕〗…‥·ー々,.;:?!)]}%")
# ...and these never end one.
NO_LINE_END = frozenset("（「『“‘《〈【〔〖([{")

# Narrow punctuation that behaves like a character of its own between Chinese characters.
_CJK_PUNCTUATION = frozenset(c for c in NO_LINE_START | NO_LINE_END if not c.isascii())

DIVIDER = " │ "
WIDE_MIN_WIDTH = 100  # below this many columns the pairs are stacked
MEASURE = 80  # the widest a single column of text is set (a one-language text)


Span = tuple[int, int]


def _units(text: str) -> list[Span]:
    """Split text into the pieces a line may break between: runs of white space, runs of
    narrow non-space characters (words), and single wide characters. Spans of `text`."""
    units: list[Span] = []
    start = 0  # start of the run being collected
    kind = ""  # "space" or "word" for a run in progress
    for index, char in enumerate(text):
        if char.isspace():
            if kind != "space":
                if kind:
                    units.append((start, index))
                start, kind = index, "space"
        elif char_width(char) == 2 or char in _CJK_PUNCTUATION:
            if kind:
                units.append((start, index))
            units.append((index, index + 1))
            kind = ""
        elif kind != "word":
            if kind:
                units.append((start, index))
            start, kind = index, "word"
    if kind:
        units.append((start, len(text)))
    return units


def wrap(text: str, width: int) -> list[str]:
    """Wrap a paragraph to `width` cells (see `wrap_spans`); the lines as strings."""
    return [text[start:end] for start, end in wrap_spans(text, width)]


def wrap_spans(text: str, width: int) -> list[Span]:
    """Wrap a paragraph to `width` cells: English between words, Chinese between any two
    characters, never starting a line with closing punctuation nor ending one with an
    opening bracket or quote. A word longer than the width is cut. Returns each line as a
    (start, end) span of `text`, without leading or trailing white space."""
    width = max(width, 2)
    if not text:
        return []

    def size(unit: Span) -> int:
        return cell_len(text[unit[0]:unit[1]])

    def is_space(unit: Span) -> bool:
        return text[unit[0]].isspace()

    def trim(line: list[Span]) -> None:
        while line and is_space(line[-1]):
            line.pop()

    lines: list[list[Span]] = []
    line: list[Span] = []
    used = 0
    for unit in _units(text):
        if is_space(unit):
            if line:
                line.append(unit)
                used += size(unit)
            continue
        width_of_unit = size(unit)
        if used + width_of_unit <= width:
            line.append(unit)
            used += width_of_unit
            continue
        # Kinsoku: pull units down until the new line starts with a character that may
        # start a line, and the old one does not end with an opening quote or bracket.
        # (Not across a space: there the break is a normal one between words.)
        carried: list[Span] = []
        if line and not is_space(line[-1]):
            head = unit
            while text[head[0]] in NO_LINE_START and len(line) > 1 and not is_space(line[-1]):
                head = line.pop()
                carried.insert(0, head)
            while len(line) > 1 and text[line[-1][1] - 1] in NO_LINE_END:
                carried.insert(0, line.pop())
        trim(line)
        if line:
            lines.append(line)
        line = carried
        used = sum(size(u) for u in line)
        if used + width_of_unit > width:
            if line:
                lines.append(line)
            line, used = [], 0
            for piece in _cut(text, unit, width):
                if line:
                    lines.append(line)
                line, used = [piece], size(piece)
        else:
            line.append(unit)
            used += width_of_unit
    trim(line)
    if line:
        lines.append(line)
    return [(units[0][0], units[-1][1]) for units in lines]


def _cut(text: str, unit: Span, width: int) -> list[Span]:
    pieces, start, used = [], unit[0], 0
    for index in range(unit[0], unit[1]):
        char_size = char_width(text[index])
        if used + char_size > width and index > start:
            pieces.append((start, index))
            start, used = index, 0
        used += char_size
    pieces.append((start, unit[1]))
    return pieces


@dataclass(frozen=True, slots=True)
class Columns:
    """How a screen width is shared: a one-cell margin, the left column, the divider, the
    right column. The Chinese column gets an even width, so full lines of two-cell
    characters leave no empty cell. A single column set to a measure narrower than the
    screen is centred: `indent` cells come before its margin."""

    width: int
    left: int
    right: int
    stacked: bool
    indent: int = 0

    MARGIN = 1

    @classmethod
    def for_width(cls, width: int, left_lang: str = "en", stacked: bool | None = None,
                  measure: int | None = None) -> "Columns":
        """`stacked` None decides by the width (side by side from WIDE_MIN_WIDTH columns);
        `measure` caps a stacked column's width (and centres it)."""
        if stacked is None:
            stacked = width < WIDE_MIN_WIDTH
        if stacked:
            inner = max(width - 2 * cls.MARGIN, 4)
            if measure is not None and inner > measure:
                return cls(width, measure, 0, True, (inner - measure) // 2)
            return cls(width, inner, 0, True)
        inner = max(width - 2 * cls.MARGIN - len(DIVIDER), 4)
        zh_width = inner - inner // 2
        if zh_width % 2:
            zh_width -= 1
        en_width = inner - zh_width
        # Swapping mirrors the columns, so neither language re-wraps.
        left, right = (en_width, zh_width) if left_lang == "en" else (zh_width, en_width)
        return cls(width, left, right, False)


@dataclass(slots=True)
class Row:
    """One screen row of a pair. Wide layout: `left` and `right` cells; stacked layout:
    `left` holds the line and `lang` says which language it is in. `left_at` and
    `right_at` are where each line starts in its side's text (for highlighting spans)."""

    left: str
    right: str = ""
    lang: str = ""
    left_at: int = 0
    right_at: int = 0


def _lines(text: str, width: int) -> list[tuple[str, int]]:
    text = visible(text)  # one symbol for each control character: offsets stay valid
    return [(text[start:end], start) for start, end in wrap_spans(text, width)]


def lay_out_pair(pair: Pair, columns: Columns, order: tuple[str, str] = ("en", "zh")) -> list[Row]:
    """The rows of one pair, followed by one blank separator row."""
    first, second = order
    if columns.stacked:
        rows = [Row(line, lang=first, left_at=at) for line, at in _lines(pair.side(first), columns.left)]
        rows += [Row(line, lang=second, left_at=at) for line, at in _lines(pair.side(second), columns.left)]
    else:
        left = _lines(pair.side(first), columns.left)
        right = _lines(pair.side(second), columns.right)
        rows = []
        for i in range(max(len(left), len(right), 1)):
            left_line, left_at = left[i] if i < len(left) else ("", 0)
            right_line, right_at = right[i] if i < len(right) else ("", 0)
            rows.append(Row(left_line, right_line, "", left_at, right_at))
    rows.append(Row(""))
    return rows


def link_stretches(pair: Pair) -> list[tuple[Span, Span]]:
    """Each sentence link of a pair as one stretch of each side, (English span, Chinese
    span). Every character of both sides falls in exactly one stretch, in order: what no
    link claims (white space, a sentence the links leave out) goes with the next link,
    and anything after the last link with the last."""
    stretches: list[tuple[Span, Span]] = []
    en_at = zh_at = 0
    for en, zh, _ in pair.links:
        en_end = max([en_at, *(pair.sentences_en[i][1] for i in en)])
        zh_end = max([zh_at, *(pair.sentences_zh[i][1] for i in zh)])
        stretches.append(((en_at, en_end), (zh_at, zh_end)))
        en_at, zh_at = en_end, zh_end
    if stretches:
        (en_start, _), (zh_start, _) = stretches[-1]
        stretches[-1] = ((en_start, len(pair.en)), (zh_start, len(pair.zh)))
    return stretches


def lay_out_links(pair: Pair, columns: Columns, order: tuple[str, str] = ("en", "zh")) -> tuple[list[Row], list[Span]]:
    """The rows of a pair set link by link, so that each sentence link is seen with its
    counterpart: side by side, both sides of a link start on the same row; stacked, the
    first language's sentences come just above the second's. Returns the rows (with the
    separator row) and each link's rows as a (first, end) span within the pair. A pair
    without links is laid out as usual."""
    if not pair.links:
        return lay_out_pair(pair, columns, order), []
    rows: list[Row] = []
    spans: list[Span] = []
    for stretch in link_stretches(pair):
        where = dict(zip(("en", "zh"), stretch))
        lines = {}
        for lang, (start, end) in where.items():
            width = columns.left if columns.stacked or lang == order[0] else columns.right
            lines[lang] = [(line, start + at) for line, at in _lines(pair.side(lang)[start:end], width)]
        begin = len(rows)
        if columns.stacked:
            for lang in order:
                rows += [Row(line, lang=lang, left_at=at) for line, at in lines[lang]]
        else:
            left, right = lines[order[0]], lines[order[1]]
            for i in range(max(len(left), len(right))):
                left_line, left_at = left[i] if i < len(left) else ("", 0)
                right_line, right_at = right[i] if i < len(right) else ("", 0)
                rows.append(Row(left_line, right_line, "", left_at, right_at))
        spans.append((begin, len(rows)))
    if not rows:
        rows.append(Row(""))
    rows.append(Row(""))
    return rows, spans


def estimate_heights(pairs: list[Pair], columns: Columns, order: tuple[str, str] = ("en", "zh")) -> list[int]:
    """A cheap guess at each pair's height before it is wrapped (the guess is replaced
    by the real height once the pair comes into view). English takes about one cell a
    character, Chinese two; a tenth more for ragged line ends; one separator row."""
    if columns.stacked:
        en_width = zh_width = columns.left
    elif order[0] == "en":
        en_width, zh_width = columns.left, columns.right
    else:
        en_width, zh_width = columns.right, columns.left
    en_cells, zh_cells = max(en_width, 1) * 10, max(zh_width, 1) * 5
    heights = []
    append = heights.append
    stacked = columns.stacked
    for pair in pairs:
        en = -(-len(pair.en) * 11 // en_cells) if pair.en else 0
        zh = -(-len(pair.zh) * 11 // zh_cells) if pair.zh else 0
        if stacked:
            append(en + zh + 1)
        else:
            append((en if en > zh else zh or 1) + 1)
    return heights


class RowTable:
    """Heights of a sequence of blocks (pairs), with the row each starts at and the block
    at any row, in O(log n) even while heights change (a Fenwick tree)."""

    def __init__(self, heights: list[int]):
        self._heights: list[int] = []
        self._tree: list[int] = [0]
        self.extend(heights)

    def extend(self, heights: list[int]) -> None:
        """Add blocks at the end (O(n), meant for batches)."""
        start = len(self._heights)
        self._heights.extend(heights)
        self._rebuild(start)

    def __len__(self) -> int:
        return len(self._heights)

    def splice(self, start: int, stop: int, heights: list[int]) -> None:
        """Blocks `start` to `stop` replaced by blocks of `heights` (an edit): only the
        tree's nodes from `start` on are computed again."""
        self._heights[start:stop] = heights
        self._rebuild(start)

    def _rebuild(self, start: int) -> None:
        """Recompute the tree's nodes after block `start` (those before it sum blocks
        before it only, which did not change). Node i holds the blocks after i & (i - 1)
        up to i, a difference of prefix sums."""
        n = len(self._heights)
        prefix = [0, *accumulate(self._heights)]
        tree = self._tree[:start + 1] if start else [0]
        tree.extend([prefix[i] - prefix[i & (i - 1)] for i in range(start + 1, n + 1)])
        self._tree = tree
        self.total = prefix[-1]
        self._top_bit = 1 << (n.bit_length() - 1) if n else 0

    def height(self, index: int) -> int:
        return self._heights[index]

    def set_height(self, index: int, height: int) -> int:
        """Set a block's height; returns the change."""
        delta = height - self._heights[index]
        if delta:
            self._heights[index] = height
            self.total += delta
            i = index + 1
            n = len(self._heights)
            while i <= n:
                self._tree[i] += delta
                i += i & -i
        return delta

    def start(self, index: int) -> int:
        """The row where block `index` starts."""
        total = 0
        i = index
        while i > 0:
            total += self._tree[i]
            i -= i & -i
        return total

    def locate(self, row: int) -> tuple[int, int]:
        """The block holding `row`, and the row's offset inside it."""
        if not self._heights:
            return 0, 0
        if row >= self.total:
            last = len(self._heights) - 1
            return last, max(row - self.start(last), 0)
        row = max(row, 0)
        position = 0
        remaining = row
        bit = self._top_bit
        n = len(self._heights)
        while bit:
            nxt = position + bit
            if nxt <= n and self._tree[nxt] <= remaining:
                position = nxt
                remaining -= self._tree[nxt]
            bit >>= 1
        return position, remaining


def render_plain(pairs: list[Pair], width: int, stacked: bool = False, order=("en", "zh")) -> list[str]:
    """The whole text as plain lines (for `reader show`)."""
    columns = Columns.for_width(width, left_lang=order[0], stacked=stacked or None)
    margin = " " * Columns.MARGIN
    out: list[str] = []
    for pair in pairs:
        for row in lay_out_pair(pair, columns, order):
            if columns.stacked or (not row.left and not row.right):
                out.append((margin + row.left).rstrip())
            else:
                pad = " " * (columns.left - cell_len(row.left))
                out.append((margin + row.left + pad + DIVIDER + row.right).rstrip())
    while out and not out[-1]:
        out.pop()
    return out


SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def with_footnote_marks(text: Text) -> list[Pair]:
    """The pairs as shown: footnote numbers set as superscripts where the marks stand
    (the text itself stays clean). Without footnotes, the text's own list."""
    if not text.footnotes:
        return text.pairs
    by_pair: dict[str, list] = {}
    for footnote in text.footnotes:
        by_pair.setdefault(footnote.pair, []).append(footnote)
    shown = []
    for pair in text.pairs:
        notes = by_pair.get(pair.id)
        if notes:
            sides = {"en": pair.en, "zh": pair.zh}
            sentences = {"en": list(pair.sentences_en), "zh": list(pair.sentences_zh)}
            for footnote in sorted(notes, key=lambda f: f.offset, reverse=True):
                side, at = sides[footnote.lang], footnote.offset
                mark = str(footnote.n).translate(SUPERSCRIPT)
                sides[footnote.lang] = side[:at] + mark + side[at:]
                # The sentences move with the text; a mark right after a sentence's last
                # character belongs to that sentence.
                sentences[footnote.lang] = [(start + len(mark) if at <= start else start,
                                             end + len(mark) if at <= end else end)
                                            for start, end in sentences[footnote.lang]]
            pair = replace(pair, en=sides["en"], zh=sides["zh"],
                           sentences_en=tuple(sentences["en"]), sentences_zh=tuple(sentences["zh"]))
        shown.append(pair)
    return shown
