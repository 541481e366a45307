"""A vertical scrollbar that draws each kind of row once.

Textual's scrollbar renders itself afresh whenever its position moves, as any Rich
renderable: the bar's segments are rendered, split into rows, copied by the styles cache
and run through the app's line filters row by row, all 37 rows of a 40-row terminal, on
every key that scrolls the text (3-4 ms of a key's frame on this machine, as much as the
rest of the frame). Yet a one-cell bar has only a handful of different rows: track above
the thumb, thumb, track below, and the two partial cells at the thumb's ends. This one
asks Textual's renderer for the rows (`ScrollBarRender.render_bar`, so it looks and
behaves the same, the mouse actions in the styles included) and keeps each different row
finished, filters applied, so that a new position costs a look-up per row.
"""

from __future__ import annotations

from rich.color import Color
from rich.segment import Segment
from textual.geometry import Region
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip
from textual.style import Style as VisualStyle


class RowScrollBar(ScrollBar):
    """A `ScrollBar` (vertical, one or more cells wide) with its rows cached."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._rows: dict[Segment, Strip] = {}
        self._rows_key: tuple | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        if not self.vertical or not self._plain_box():
            return super().render_lines(crop)
        renderable = self.render()
        if not isinstance(renderable, ScrollBarRender):
            return super().render_lines(crop)
        width, height = self.size
        style = self.app.console.get_style(renderable.style)
        bar = renderable.render_bar(
            size=height, window_size=renderable.window_size, virtual_size=renderable.virtual_size,
            position=renderable.position, thickness=width, vertical=True,
            back_color=style.bgcolor or Color.parse("#555555"), bar_color=style.color or Color.parse("bright_magenta"),
        )
        # What Textual's path does to each row: the widget's style under the bar's (as
        # it renders any renderable), the row padded to the content width (the styles
        # cache), then the app's line filters.
        base = self.visual_style.rich_style
        base_background, background = self.background_colors
        inner = VisualStyle(background=base_background + background).rich_style
        filters = self.get_line_filters()
        key = (width, base, inner, background, tuple(filters))
        if key != self._rows_key:
            self._rows.clear()
            self._rows_key = key
        rows = self._rows
        strips = []
        for segment in bar.segments[crop.y:crop.bottom]:
            strip = rows.get(segment)
            if strip is None:
                text, bar_style, _ = segment
                strip = Strip([Segment(text, base + bar_style if bar_style else base)]).adjust_cell_length(width, inner)
                for line_filter in filters:
                    strip = strip.apply_filter(line_filter, background)
                rows[segment] = strip
            strips.append(strip)
        x1, x2 = crop.column_span
        if (x1, x2) != (0, width):
            strips = [strip.crop(x1, x2) for strip in strips]
        return strips

    def _plain_box(self) -> bool:
        """Drawn without border, padding, tint or opacity (as Textual styles scrollbars)."""
        styles = self.styles
        return not (
            any(kind for kind, _ in styles.border) or any(kind for kind, _ in styles.outline)
            or any(styles.padding) or styles.tint.a or self.opacity != 1.0 or styles.text_opacity != 1.0
            or (styles.has_rule("hatch") and styles.hatch != "none") or self.text_selection is not None
        )
