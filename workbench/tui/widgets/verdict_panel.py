"""The verdict pane: everything known about the selected claim, as plain text.

Label, when and where it was said, the outlets it appears in, the
occurrences (the one shown in the article pane marked, ``o`` cycles, ``s``
splits it off), linked evidence with stance, the note, each reviewer's
verdict when several reviewed it (≠ when they disagree), and suggested
evidence with the key that links each. Built as one ``rich.text.Text`` so
nothing from an article or a note can ever be read as markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import BindingType
from textual.selection import Selection
from textual.strip import Strip
from textual.widget import Widget

from workbench.store import ClaimDetail, SearchHit
from workbench.tui.keymap import VERDICT_KEYS, bindings
from workbench.tui.widgets.claims_list import said_label

LABEL_STYLES = {
    "consistent": ("✓ CONSISTENT", "bold green"),
    "contradicted": ("✗ CONTRADICTED", "bold red"),
    "unresolved": ("? UNRESOLVED", "bold yellow"),
    None: ("· NOT REVIEWED", "bold"),
}
MAX_OCCURRENCES = 12  # listed at once, around the occurrence shown in the article
STANCE_MARKS = {"supports": ("+", "green"), "contradicts": ("−", "red"), "context": ("~", "blue")}


@dataclass
class VerdictView:
    """What the panel shows: the claim, its suggestions, and the reviewer looking at it."""

    detail: ClaimDetail
    reviewer: str
    occurrence: int = 0
    suggestions: list[SearchHit] = field(default_factory=list)
    suggestion_keys: list[str] = field(default_factory=list)
    width: int = 60


def _flat(text: str) -> str:
    return " ".join(text.split())


def _cut(text: str, limit: int) -> str:
    """One line of at most ``limit`` characters, an ellipsis when cut."""
    flat = _flat(text)
    return flat if len(flat) <= limit else flat[: max(1, limit - 1)] + "…"


_QUOTE_MARKS = re.compile("[\"“”‘’]")


def render_verdict(view: VerdictView) -> Text:
    """The panel's text for one claim."""
    d = view.detail
    c = d.claim
    out = Text()
    label, style = LABEL_STYLES.get(c.verdict, LABEL_STYLES[None])
    out.append(label, style)
    if c.disputed:
        out.append("  ≠ reviewers disagree", "bold magenta")
    # its number, as messages, the report (Statement N) and the CSV (id) name it
    out.append(f"   claim {c.id}", "dim")
    out.append("\n\n")
    text = _flat(c.text)
    if any(_flat(o.text) == text and (o.kind == "indirect" or _QUOTE_MARKS.search(text))
           for o in d.occurrences):
        # An article's own sentence (reported speech, or a quoting passage split off whole):
        # the reporter's words, so no quotation marks that would make them the speaker's.
        out.append("reported: ", "dim")
        out.append(text)
    else:
        out.append("“" + text + "”", "italic")  # the words the speaker is quoted as saying
    out.append("\n")
    speaker = c.speaker if not c.on_behalf_of else f"{c.speaker}, for {c.on_behalf_of}"
    out.append(f"— {speaker}\n", "dim")
    out.append("said ", "dim")
    when = said_label(c.said_on, c.reported_by, day=True) if c.said_on or c.reported_by else "date unknown"
    out.append(" ".join(when.split()))  # (no column to align the day in: "Mar 1 2017")
    if c.setting:
        out.append(" · ", "dim")
        out.append(c.setting)
    out.append("\n")
    out.append("in   ", "dim")
    out.append(outlets_line(d.outlets) or "—")
    out.append("\n")
    _evidence(out, view)
    _note_and_reviewers(out, view)
    _occurrences(out, view)
    _suggestions(out, view)
    return out


def outlets_line(outlets: list[str]) -> str:
    """'NPR ×2, NBC News' from one outlet name per article, in order of appearance."""
    counts: dict[str, int] = {}
    for name in outlets:
        counts[name] = counts.get(name, 0) + 1
    return ", ".join(name if n == 1 else f"{name} ×{n}" for name, n in counts.items())


def _heading(out: Text, title: str) -> None:
    out.append("\n")
    out.append(title, "bold underline")
    out.append("\n")


def occurrence_window(count: int, shown: int, size: int = MAX_OCCURRENCES) -> range:
    """Which of ``count`` items to list: ``size`` of them around the one shown (a claim can have
    hundreds of occurrences, a review thousands of statements)."""
    if count <= size:
        return range(count)
    first = max(0, min(shown - size // 2, count - size))
    return range(first, first + size)


def _occurrences(out: Text, view: VerdictView) -> None:
    occs = view.detail.occurrences
    _heading(out, f"Occurrences ({len(occs)})")
    current = view.occurrence % max(1, len(occs))
    window = occurrence_window(len(occs), current)
    if window.start:
        out.append(f"  … {window.start} before\n", "dim")
    for i in window:
        occ = occs[i]
        shown = i == current
        where = f"{occ.outlet or occ.stem} "
        out.append("▶ " if shown else "  ", "bold cyan")
        out.append(where, "cyan")
        out.append(f"{occ.kind[:3]} ", "dim")
        out.append(_cut(occ.text, view.width - len(where) - 6), "bold" if shown else "")
        out.append("\n")
    if window.stop < len(occs):
        out.append(f"  … {len(occs) - window.stop} more\n", "dim")
    if len(occs) > 1:
        out.append("  o: next occurrence · s: split it off\n", "dim")


def _evidence(out: Text, view: VerdictView) -> None:
    ev = view.detail.evidence
    _heading(out, f"Evidence ({len(ev)})")
    if not ev:
        out.append("  none yet: move in the article (tab) and press e\n", "dim")
    for e in ev:
        mark, style = STANCE_MARKS.get(e.stance, ("•", ""))
        out.append(f"{mark} {e.stance:<12}", style)
        out.append(f"{e.outlet or e.stem}: ", "cyan")
        out.append(_cut(e.text, 3 * view.width))
        out.append("\n")


def _note_and_reviewers(out: Text, view: VerdictView) -> None:
    d = view.detail
    mine = d.verdict_of(view.reviewer)
    _heading(out, "Note")
    if mine and mine.note:
        out.append(mine.note.rstrip() + "\n")
    else:
        out.append("  none: press n to write one\n", "dim")
    others = [v for v in d.verdicts if v.reviewer != view.reviewer]
    if others:
        _heading(out, "Reviewers")
        for v in d.verdicts:
            label, style = LABEL_STYLES.get(v.label, LABEL_STYLES[None])
            out.append(f"{v.reviewer}{' (you)' if v.reviewer == view.reviewer else ''}: ", "bold")
            out.append(label, style)
            if v.settled and d.claim.disputed is False and len(d.verdicts) > 1:
                out.append(" (stands)", "dim")
            if v.note and v.reviewer != view.reviewer:
                out.append(" — ")
                out.append(_flat(v.note)[:120], "italic")
            out.append("\n")
        if d.claim.disputed:
            out.append("  set your verdict (c/x/u) to settle it\n", "dim")


def _suggestions(out: Text, view: VerdictView) -> None:
    if not view.suggestions:
        return
    _heading(out, "Suggested evidence")
    for i, hit in enumerate(view.suggestions):
        key = view.suggestion_keys[i] if i < len(view.suggestion_keys) else str(i + 1)
        out.append(f"{key} ", "bold reverse")
        out.append(f" {hit.outlet or hit.stem}: ", "cyan")
        out.append(_cut(hit.text, 2 * view.width))
        out.append("\n")


class VerdictPanel(Widget, can_focus=True):
    """Shows :func:`render_verdict` (or a hint when no claim is selected), scrolled by keys and wheel.

    Why not a Static in a VerticalScroll: updating a Static relayouts the
    whole screen (about 30 ms on a large review, on every claim shown). Here
    the text is wrapped once per claim and width into strips and drawn with
    the Line API; the scroll position and the scrollbar are the panel's own,
    so showing another claim is a repaint of this pane only.
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings(VERDICT_KEYS)  # type: ignore[assignment]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"verdict-panel--bar", "verdict-panel--thumb"}
    DEFAULT_CSS = """
    VerdictPanel { padding: 0 0 0 1; }
    VerdictPanel > .verdict-panel--bar { color: $panel-lighten-1; }
    VerdictPanel > .verdict-panel--thumb { color: $foreground 40%; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.view: VerdictView | None = None
        self.top = 0  # first line shown
        self._dragging = False  # the scrollbar's thumb is held (mouse captured)
        self._lines: list[Strip] | None = None
        self._lines_width = -1

    def show(self, view: VerdictView | None) -> None:
        """Redraw for ``view`` (None: nothing selected, e.g. an empty filter).

        Another claim starts at the top; the same claim again (a verdict, a
        note) keeps the scroll position.
        """
        same = (view is not None and self.view is not None
                and view.detail.claim.id == self.view.detail.claim.id)
        self.view = view
        if not same:
            self.top = 0
        self._lines = None
        self.refresh()

    def _content(self) -> Text:
        if self.view is None:
            return Text("No claim here: press f to change the filter.", "dim")
        return render_verdict(self.view)

    def lines(self) -> list[Strip]:
        """The whole text wrapped to the pane (cached per claim and width)."""
        width = max(1, self.size.width - 2)  # then a column of margin and one of scrollbar
        if self._lines is None or self._lines_width != width:
            if self.view is not None:
                self.view.width = max(20, width)
            text = self._content()
            text.no_wrap = False
            text.overflow = "fold"
            console = self.app.console
            options = console.options.update_width(width).update(highlight=False)
            self._lines = [Strip(line).extend_cell_length(width)
                           for line in console.render_lines(text, options, pad=False)]
            self._lines_width = width
            self.top = min(self.top, self._max_top())
        return self._lines

    def _max_top(self) -> int:
        return max(0, len(self._lines or ()) - self.size.height)

    def render_line(self, y: int) -> Strip:
        lines = self.lines()
        width, height = self.size.width, self.size.height
        base = self.rich_style
        index = self.top + y
        body = lines[index] if index < len(lines) else Strip.blank(max(1, width - 2))
        selection = self.text_selection
        if selection is not None and index < len(lines):
            body = self._selected(body, selection.get_span(index))
        bar = self._bar(y, len(lines), height)
        line = Strip.join([body, Strip.blank(1), bar]).apply_style(base).crop_extend(0, width, base)
        # Offsets in whole-text lines, so a mouse selection maps to the text however it is scrolled.
        return line.apply_offsets(0, index)

    def _selected(self, body: Strip, span: tuple[int, int] | None) -> Strip:
        """``body`` with the selected cells in the screen's selection style."""
        if span is None:
            return body
        start, end = span
        end = body.cell_length if end == -1 else min(end, body.cell_length)
        if start >= end:
            return body
        before, middle, after = body.divide([start, end, body.cell_length])
        # Only the background: the theme's selection foreground comes out as the
        # background colour through get_component_rich_style (unreadable text).
        style = Style(bgcolor=self.screen.get_component_rich_style("screen--selection").bgcolor)
        middle = Strip([Segment(text, (seg_style or Style()) + style, control)
                        for text, seg_style, control in middle], middle.cell_length)
        return Strip.join([before, middle, after])

    def _bar(self, y: int, total: int, height: int) -> Strip:
        """One cell of the scrollbar (blank when everything fits)."""
        if total <= height or height <= 0:
            return Strip.blank(1)
        thumb = max(1, height * height // total)
        start = (height - thumb) * self.top // max(1, total - height)
        if start <= y < start + thumb:
            return Strip([Segment("┃", self.get_component_rich_style("verdict-panel--thumb"))], 1)
        return Strip([Segment("│", self.get_component_rich_style("verdict-panel--bar"))], 1)

    def scroll_lines(self, delta: int) -> None:
        """Scroll by ``delta`` lines (clamped)."""
        self.lines()
        top = max(0, min(self.top + delta, self._max_top()))
        if top != self.top:
            self.top = top
            self.refresh()

    def action_scroll(self, delta: int) -> None:
        self.scroll_lines(delta)

    def action_page(self, direction: int) -> None:
        self.scroll_lines(direction * max(1, self.size.height - 1))

    def action_top(self) -> None:
        self.scroll_lines(-self.top)

    def action_bottom(self) -> None:
        self.scroll_lines(len(self.lines()))

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self.scroll_lines(3)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self.scroll_lines(-3)

    def on_resize(self) -> None:
        # Textual repaints a widget whose size changed (``lines`` rewraps for a new
        # width); refreshing here as well drew the pane twice, once more after
        # the first frame. Only a taller pane that can now show more from the top
        # needs it: that frame was drawn with the old first line.
        if self._lines is not None:
            top = min(self.top, self._max_top())
            if top != self.top:
                self.top = top
                self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """Pressing on the scrollbar grabs it: the text follows the pointer until the button is released."""
        offset = event.get_content_offset(self)
        if event.button != 1 or offset is None or offset.x != self.size.width - 1 \
                or len(self.lines()) <= self.size.height:
            return
        event.stop()
        self.screen.clear_selection()  # a drag on the bar selects no text
        self._dragging = True
        self.capture_mouse()
        self._scroll_to_row(offset.y)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._dragging:
            event.stop()
            if event.button == 0:
                # No button held: it was released outside the terminal, where no
                # MouseUp is reported; the pointer no longer drags the text.
                self._dragging = False
                self.release_mouse()
                return
            self._scroll_to_row(event.get_content_offset_capture(self).y)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._dragging:
            event.stop()
            self._dragging = False
            self.release_mouse()

    def _scroll_to_row(self, y: int) -> None:
        """Scroll so the thumb is where row ``y`` of the bar is (in proportion)."""
        height = self.size.height
        y = max(0, min(y, height - 1))
        self.scroll_lines(self._max_top() * y // max(1, height - 1) - self.top)

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The selected text (mouse drag, then copy), as wrapped on screen; lines count from the top of the text."""
        return selection.extract("\n".join(strip.text.rstrip() for strip in self.lines())), "\n"

    def selection_updated(self, selection: Selection | None) -> None:
        self.refresh()

    @property
    def text(self) -> str:
        """The plain text shown (tests and screen readers)."""
        return render_verdict(self.view).plain if self.view else ""
