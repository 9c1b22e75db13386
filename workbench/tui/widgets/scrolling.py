"""Changing a scrolling pane's virtual size without a relayout of the screen.

``virtual_size`` is a layout reactive: setting it relays out the whole
screen and repaints every pane (40 ms on a large review), although for a
pane sized by the CSS (``1fr``, a percentage) only the scrollbar depends on
it. The article pane changes height with every article shown, the claims
list with every filter, so doing it the stock way cost a key press its frame.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.widget import Widget


def set_virtual_size(widget: Widget, size: Size, repaint: bool = True) -> None:
    """Give ``widget`` a new virtual size, updating its scrollbars but not the layout.

    A relayout still happens when the vertical scrollbar appears or goes
    (that changes the content width), through Textual's own reactive.
    Falls back to the stock assignment if Textual's internals have moved.
    ``repaint=False`` inside Textual's layout pass, which draws the widget anyway.
    """
    if size == widget.virtual_size:
        return
    update = getattr(widget, "_scroll_update", None)
    if update is None or not widget.is_mounted or not widget.size:
        widget.virtual_size = size
        return
    widget.set_reactive(Widget.virtual_size, size)
    update(size)
    if repaint:
        widget.refresh()
