"""The article text, with the selected statement highlighted and evidence underlined.

Articles can be anything an import was given: a 5 MB single line, or
100,000 short lines. A Static would lay all of it out at once and freeze the
screen, so this is a ``ScrollView`` on the Line API: the body is soft-wrapped
into (start, end) offsets with one ``rfind`` per visual row (fast even for
megabytes, recomputed only when the width changes), and ``render_line``
styles just the rows on screen. Offsets are character offsets into the
stored body, the same ones occurrences, evidence and sentences use.

Everything shown is plain text (``rich.text.Text``), never markup.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Callable
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import BindingType
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.strip import Strip

from workbench.tui.keymap import TEXT_KEYS, bindings
from workbench.tui.opening import ArticleText
from workbench.tui.widgets.scrolling import set_virtual_size

#: control characters (other than newline) shown as spaces so they cannot move the cursor
_CONTROL = {c: " " for c in range(32) if c != 10} | {0x7F: " "}

STANCE_STYLES = {"supports": "underline green", "contradicts": "underline red",
                 "context": "underline blue"}


def wrap_rows(body: str, width: int) -> tuple[array[int], array[int]]:
    """Soft-wrap ``body`` to ``width`` columns: the (start, end) offsets of each visual row.

    Breaks after the last space that fits, or hard at ``width`` when a word
    is longer than the line. One ``find``/``rfind`` per row, so a 5 MB line
    costs a few tens of milliseconds.
    """
    width = max(4, width)
    starts: array[int] = array("q")
    ends: array[int] = array("q")
    n = len(body)
    pos = 0
    while True:
        newline = body.find("\n", pos)
        line_end = n if newline < 0 else newline
        start = pos
        while line_end - start > width:
            cut = body.rfind(" ", start + 1, start + width + 1)
            if cut < 0:
                cut, nxt = start + width, start + width
            else:
                nxt = cut + 1
            starts.append(start)
            ends.append(cut)
            start = nxt
        starts.append(start)
        ends.append(line_end)
        if newline < 0:
            return starts, ends
        pos = newline + 1


class ArticleView(ScrollView, can_focus=True):
    """The text of one article; ``j``/``k`` move a sentence cursor used to link evidence."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(TEXT_KEYS)  # type: ignore[assignment]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-view--occurrence", "article-view--statement", "article-view--sentence",
        "article-view--hit",
    }
    DEFAULT_CSS = """
    ArticleView { height: 1fr; padding: 0 1; overflow-y: scroll; }
    ArticleView > .article-view--occurrence { background: $warning 35%; text-style: bold; }
    ArticleView > .article-view--statement { text-style: italic; color: $text-primary; }
    ArticleView > .article-view--sentence { background: $panel-lighten-1; }
    ArticleView:focus > .article-view--sentence { background: $primary-muted; }
    ArticleView > .article-view--hit { background: $success 25%; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.data: ArticleText | None = None
        self.claim_id: int | None = None
        self.focus_span: tuple[int, int] | None = None
        self.hit_span: tuple[int, int] | None = None
        self.sentence = -1
        # Set by the owner: asked about each sentence move (True: it holds the move, to make it
        # once the pane shows the article of the claim the cursor reached: "j tab j e").
        self.gate: Callable[[Callable[[], None]], bool] | None = None
        self.on_sentence: Callable[[], None] | None = None  # set by the owner: told after each move
        self._starts: array[int] = array("q")
        self._ends: array[int] = array("q")
        self._wrapped_width = -1
        self._sentence_starts: list[int] = []
        self._ranges: list[tuple[int, int, str]] = []
        self._range_starts: list[int] = []
        self._longest = 0
        self._scroll_on_layout: int | None = None  # offset to centre once the pane has a size

    # -- content -------------------------------------------------------------
    def show(
        self,
        data: ArticleText | None,
        claim_id: int | None,
        focus_span: tuple[int, int] | None = None,
        cursor_at: int | None = None,
        hit: bool = False,
        keep_cursor: bool = False,
    ) -> None:
        """Show an article; highlight ``focus_span`` and put the sentence cursor at ``cursor_at``.

        ``keep_cursor``: the same article redrawn after a change (new evidence),
        so the reviewer's sentence cursor and scroll position stay put.
        """
        same = self.data is not None and data is not None and self.data.article.id == data.article.id
        self.data = data
        self.claim_id = claim_id
        self.focus_span = None if hit else focus_span
        self.hit_span = focus_span if hit else None
        if not same:
            self._wrapped_width = -1
        self._sentence_starts = [s for _, s, _ in data.sentences] if data else []
        self._index_ranges()
        self._rewrap()
        target = cursor_at if cursor_at is not None else (focus_span[0] if focus_span else None)
        if same and keep_cursor and cursor_at is None:
            pass
        elif target is not None:
            self.sentence = max(0, bisect.bisect_right(self._sentence_starts, target) - 1)
            if self._wrapped_width <= 0:
                self._scroll_on_layout = target  # not laid out yet: see _size_updated
            else:
                # At once: the new virtual size is in place (set_virtual_size) and the
                # width cannot change with it (the scrollbar is always there), so the
                # frame that shows the article shows it at the statement.
                self._scroll_to_offset(target, True)
        elif not same:
            self.sentence = 0 if self._sentence_starts else -1
            self.scroll_to(0, 0, animate=False, immediate=True)
        self.refresh()

    def _index_ranges(self) -> None:
        """Styled ranges (occurrences, evidence) sorted by start, for per-row lookup."""
        ranges: list[tuple[int, int, str]] = []
        data = self.data
        if data is not None:
            for occ in data.occurrences:
                if occ.claim_id != self.claim_id:
                    ranges.append((occ.start, occ.end, "statement"))
            for ev in data.evidence:
                if ev.claim_id == self.claim_id:
                    ranges.append((ev.start, ev.end, "ev:" + ev.stance))
        if self.hit_span:
            ranges.append((*self.hit_span, "hit"))
        if self.focus_span:
            ranges.append((*self.focus_span, "occurrence"))
        ranges.sort(key=lambda r: r[0])
        self._ranges = ranges
        self._range_starts = [r[0] for r in ranges]
        self._longest = max((e - s for s, e, _ in ranges), default=0)

    def _rewrap(self, repaint: bool = True) -> None:
        width = self._wrap_width()
        if width is None:
            return  # not laid out yet: _size_updated wraps it, once
        if self.data is None:
            self._starts, self._ends = array("q", [0]), array("q", [0])
        elif width != self._wrapped_width:
            self._starts, self._ends = wrap_rows(self.data.body, width)
        self._wrapped_width = width
        set_virtual_size(self, Size(width, len(self._starts)), repaint)

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        """Wrap (and scroll to the statement) for a new size inside Textual's layout pass.

        Why not in ``on_resize``: Resize arrives after the frame drawn at the
        new size, so the first frame showed an empty pane and the text came
        one frame later. The vertical scrollbar is always there (CSS), so the
        wrap width does not depend on the text and no second layout follows.
        """
        changed = super()._size_updated(size, virtual_size, container_size, layout)
        width = self._wrap_width()
        if width is not None and width != self._wrapped_width:
            self._rewrap(repaint=False)  # this pass draws the pane anyway
            target, self._scroll_on_layout = self._scroll_on_layout, None
            if target is None and self.sentence >= 0 and self._sentence_starts:
                target = self._sentence_starts[self.sentence]
            if target is not None:
                y = float(min(self._centred_y(target), self.max_scroll_y))
                # Directly, as the pass has not drawn yet (scroll_to would repaint after it).
                self.set_reactive(ScrollView.scroll_y, y)
                self.set_reactive(ScrollView.scroll_target_y, y)
                self.vertical_scrollbar.set_reactive(ScrollBar.position, y)
        return changed

    def on_resize(self) -> None:
        # A new height: the sentence stays where it was put (a no-op after _size_updated's scroll).
        if self.sentence >= 0 and self._sentence_starts:
            self._scroll_to_offset(self._sentence_starts[self.sentence], center=True)

    # -- sentence cursor -------------------------------------------------------
    def current_sentence(self) -> tuple[int, int] | None:
        """(start, end) of the sentence under the cursor."""
        if self.data is None or not 0 <= self.sentence < len(self.data.sentences):
            return None
        _, start, end = self.data.sentences[self.sentence]
        return start, end

    def action_sentence(self, step: int) -> None:
        if self.gate is not None and self.gate(lambda: self.action_sentence(step)):
            return  # held until the pane shows the article of the claim the cursor reached
        if not self._sentence_starts:
            self.scroll_relative(y=step, animate=False)
            return
        self.sentence = max(0, min(len(self._sentence_starts) - 1, self.sentence + step))
        self._scroll_to_offset(self._sentence_starts[self.sentence], center=False)
        self.refresh()
        if self.on_sentence is not None:
            self.on_sentence()

    def action_page(self, step: int) -> None:
        self.scroll_relative(y=step * max(1, self.size.height - 1), animate=False)

    def row_of(self, offset: int) -> int:
        """The visual row holding character ``offset``."""
        return max(0, bisect.bisect_right(self._starts, offset) - 1)

    def _wrap_width(self) -> int | None:
        """The width the text wraps to (a column is kept clear), or None before layout."""
        width = self.scrollable_content_region.width
        return max(4, width - 1) if width else None

    def _centred_y(self, offset: int) -> int:
        """The scroll position that puts character ``offset`` a third of the way down."""
        return max(0, self.row_of(offset) - self.size.height // 3)

    def _scroll_to_offset(self, offset: int, center: bool) -> None:
        if center:
            self.scroll_to(y=self._centred_y(offset), animate=False, immediate=True)
        else:
            self.scroll_to_region(Region(0, self.row_of(offset), 1, 1), animate=False, immediate=True)

    # -- drawing -------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        row = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if self.data is None or row >= len(self._starts):
            return Strip.blank(width, base)
        start, end = self._starts[row], self._ends[row]
        text = Text(self.data.body[start:end].translate(_CONTROL), no_wrap=True, end="")
        sentence = self.current_sentence()
        if sentence and sentence[0] < end and start < sentence[1]:
            self._stylize(text, start, end, sentence, "article-view--sentence")
        low = bisect.bisect_left(self._range_starts, start - self._longest)
        high = bisect.bisect_left(self._range_starts, end)
        for s, e, kind in self._ranges[low:high]:
            if s < end and start < e:
                if kind.startswith("ev:"):
                    span = (max(s, start) - start, min(e, end) - start)
                    text.stylize(STANCE_STYLES.get(kind[3:], "underline"), *span)
                else:
                    self._stylize(text, start, end, (s, e), f"article-view--{kind}")
        text.stylize_before(base)
        return Strip(text.render(self.app.console)).crop_extend(0, width, base)

    def _stylize(self, text: Text, start: int, end: int, span: tuple[int, int], component: str) -> None:
        style: Style = self.get_component_rich_style(component, partial=True)
        text.stylize(style, max(span[0], start) - start, min(span[1], end) - start)
