"""The key bar: the bindings the focused pane offers, drawn as one line.

Why not Textual's Footer: it is a container of one widget per key and
rebuilds them all (a recompose and a relayout of the whole screen, ~10 ms)
whenever the screen's bindings change, i.e. on every focus change. Opening the
review screen changes them several times, which kept the screen repainting
for 100 ms after its first frame. This bar is a single widget: a change of
bindings is a repaint of one line, never a relayout. It looks like the
Footer (same theme variables) and a click on a key presses it, as there.
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import RenderResult
from textual.screen import Screen
from textual.widget import Widget

_PALETTE_GAP = 1


def _fitted(keys: list[tuple[str, str, str, bool]], room: int) -> list[tuple[str, str, str, bool]]:
    """``keys`` with descriptions left out, first key first, until all of them fit in ``room``
    cells. Why: at 80 columns the bar was cut after "/ S", and q Quit and ? Keys (how to get
    out, and to the rest) were not shown; the first keys are the verdicts, the best known."""
    def length(items: list[tuple[str, str, str, bool]]) -> int:
        return sum(len(shown) + 2 + (len(desc) + 1 if desc else 0) for _k, shown, desc, _e in items)

    fitted = list(keys)
    for i, (key, shown, _desc, enabled) in enumerate(keys):
        if length(fitted) <= room:
            break
        fitted[i] = (key, shown, "", enabled)
    return fitted


class KeyBar(Widget, can_focus=False):
    """Shown bindings of the focused widget and its ancestors, plus the command palette key on the right."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {"keybar--key", "keybar--description", "keybar--separator"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
    }
    KeyBar > .keybar--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyBar > .keybar--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    KeyBar > .keybar--separator { color: $foreground 20%; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        # (first cell, last cell + 1, key, enabled) of each key drawn, for clicks
        self._cells: list[tuple[int, int, str, bool]] = []
        self._shown: tuple[list[tuple[str, str, str, bool]], tuple[str, str, str, bool] | None] | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        # Textual signals after every focus change and layout, mostly with the same
        # keys: redrawing them anyway cost a frame (one right after the first paint).
        if self.items() != self._shown:
            self.refresh()

    def items(self) -> tuple[list[tuple[str, str, str, bool]], tuple[str, str, str, bool] | None]:
        """(key, key as shown, description, enabled) of each shown binding (one per action) and of the palette key."""
        active = self.screen.active_bindings
        seen: set[str] = set()
        keys = []
        for _node, binding, enabled, _tooltip in active.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            keys.append((binding.key, self.app.get_key_display(binding), binding.description, enabled))
        palette = None
        if self.app.ENABLE_COMMAND_PALETTE and self.app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, _tooltip = active[self.app.COMMAND_PALETTE_BINDING]
            palette = (binding.key, self.app.get_key_display(binding), binding.description, enabled)
        return keys, palette

    def render(self) -> RenderResult:
        key_style = self.get_component_rich_style("keybar--key")
        desc_style = self.get_component_rich_style("keybar--description")
        dim = Style(dim=True)
        keys, palette = self._shown = self.items()
        width = self.size.width
        text = Text(no_wrap=True, overflow="crop", end="")
        cells: list[tuple[int, int, str, bool]] = []

        def add(key: str, shown: str, description: str, enabled: bool, lead: str = " ") -> None:
            start = text.cell_len
            text.append(f"{lead}{shown} ", key_style + dim if not enabled else key_style)
            if description:
                text.append(f"{description} ", desc_style + dim if not enabled else desc_style)
            cells.append((start, text.cell_len, key, enabled))

        room = width - (len(f"{palette[1]} {palette[2]} ") + 1 + _PALETTE_GAP if palette is not None else 0)
        for item in _fitted(keys, room):
            add(*item)
        if palette is not None:
            # The palette key stays on the right however narrow the terminal:
            # it is the way to the commands without a key (the disputed filter).
            label = f"{palette[1]} {palette[2]} "
            room = width - 1 - len(label)
            if room >= _PALETTE_GAP:
                text.truncate(room, pad=True)
                cells = [c for c in cells if c[1] <= room]
                text.append("▏", self.get_component_rich_style("keybar--separator"))
                add(*palette, lead="")
        self._cells = [c for c in cells if c[0] < width]
        return text

    def on_click(self, event: events.Click) -> None:
        for start, end, key, enabled in self._cells:
            if start <= event.x < end:
                if enabled:
                    self.app.simulate_key(key)
                else:
                    self.app.bell()
                return
