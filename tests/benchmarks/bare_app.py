"""The floor for ``bare_first_paint_s``: the smallest Textual app worth the name.

A Static and a Footer, nothing else; the benchmark starts it in a pseudo-terminal
and times process start to the paint that shows ``MARKER``. ``q`` quits.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Static

MARKER = "BENCHMARK-BARE-READY"


class BareApp(App[None]):
    BINDINGS: ClassVar[list[Binding]] = [Binding("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Static(f"{MARKER} a minimal Textual app: one Static and a Footer")
        yield Footer()


if __name__ == "__main__":
    BareApp().run()
