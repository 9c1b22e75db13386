"""A Footer that recomposes once per burst of binding changes.

Textual's Footer rebuilds all its keys (a full relayout, ~10 ms) every time
the screen says its bindings changed. Opening the review screen says so
several times in a row (focus set, resume pane focused, the terminal's focus
report), which kept the screen repainting for 150 ms after the first paint.
Here the changes of one burst are folded into a single rebuild, which still
reflects the latest focus when it runs.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class QuietFooter(Footer):
    """Footer whose rebuilds are coalesced."""

    _rebuild_pending = False

    def bindings_changed(self, screen: Screen) -> None:
        if self._rebuild_pending:
            return
        self._rebuild_pending = True
        self.call_after_refresh(self._rebuild, screen)

    def _rebuild(self, screen: Screen) -> None:
        self._rebuild_pending = False
        super().bindings_changed(screen)
