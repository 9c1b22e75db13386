"""An option list that answers to the workbench's list keys (j/k, g/G), not only the arrows.

Why: help lists j/k for "next/previous row", and a reviewer who presses j in
the unlink-evidence list and then enter must not act on the first row. The
bindings are the list keys' own (``list.down`` …), so a remapping in the
settings file applies here too. Only for lists with no text box in their
dialog: where one is focused, j is a letter being typed.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import BindingType
from textual.widgets import OptionList

from workbench.tui.keymap import LIST_KEYS, bindings


class KeyList(OptionList):
    """``OptionList`` with the review lists' keys (same actions: cursor_down, first …)."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(LIST_KEYS)  # type: ignore[assignment]
