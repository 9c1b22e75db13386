"""One line of Rich ``Text`` as a Textual ``Strip``, without going through a Rich console.

Why: a verdict redraws three claims rows and the status line in the frame
that shows it, and ``Text.render`` (styles combined per span through the
console, then measured, cropped and padded again) took about 0.2 ms a line
of the ~3 ms that frame spent rendering. The lines here are built by
``Text.append`` with one style each, so their spans do not overlap and the
segments can be laid out directly; anything else goes the console's way.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip


def _pieces(text: Text) -> list[tuple[str, Style | str | None]] | None:
    """``text`` as (string, style) pieces in order, or None when its spans overlap."""
    plain, pos, out = text.plain, 0, []
    for span in sorted(text.spans, key=lambda s: s.start):
        if span.start < pos:
            return None
        if span.start > pos:
            out.append((plain[pos:span.start], None))
        out.append((plain[span.start:span.end], span.style))
        pos = span.end
    if pos < len(plain):
        out.append((plain[pos:], None))
    return out


def text_strip(text: Text, width: int, base: Style, console: Console) -> Strip:
    """``text`` on one line of ``width`` cells over ``base``: cut with "…" when too long, padded
    with ``base`` when short (what ``Text.truncate(width, "ellipsis", pad=True)`` then a
    console render gives)."""
    pieces = _pieces(text)
    if pieces is None or text.style:
        text = text.copy()
        text.no_wrap, text.overflow = True, "ellipsis"
        text.truncate(width, overflow="ellipsis")
        text.stylize_before(base)
        return Strip(text.render(console), width).crop_extend(0, width, base)
    segments, cells = [], 0
    for string, style in pieces:
        if string:
            if style:
                segments.append(Segment(string, base + console.get_style(style, default=Style.null())))
            else:
                segments.append(Segment(string, base))
            cells += cell_len(string)
    if cells <= width:
        strip = Strip(segments, cells)
        return strip.crop_extend(0, width, base) if cells < width else strip
    # As Rich's truncate: the characters that fit in width - 1 cells (a wide character cut in
    # two becomes a space), each in its own style, then "…" in the style of the character it
    # stands in place of.
    kept = set_cell_size(text.plain, width - 1)
    at, out, pos = len(kept), [], 0
    ellipsis = base
    for seg in segments:
        end = pos + len(seg.text)
        if pos < at:
            out.append(Segment(kept[pos:min(end, at)], seg.style))
        if pos <= at < end:
            ellipsis = seg.style
            break
        pos = end
    out.append(Segment("…", ellipsis))
    return Strip(out, width)


__all__ = ["text_strip"]
