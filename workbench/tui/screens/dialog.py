"""The frame every workbench dialog shares, and the key-hint line at its foot.

Each modal (note, stance, pickers, search, timeline, export, help) is a
bordered box centred on the screen with a line of its own keys at the bottom,
and ``escape`` (or its remapped key) closes it with nothing chosen. The box's
size is the dialog's own business (its ``> #dialog`` rule).

Keys are remappable by binding id, so a hint line may not hard-code a key:
:func:`key_hints` reads the screen's bindings with the app's keymap applied.
"""

from __future__ import annotations

from typing import TypeVar

from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

ResultType = TypeVar("ResultType")

# Key names as Textual spells them, shown the way a person types them. Keys
# not listed here are shown as written in the settings file ("escape",
# "ctrl+s"), so what the hint says is exactly what one would put under `keys:`.
_KEY_NAMES = {
    "question_mark": "?",
    "slash": "/",
    "backslash": "\\",
    "space": "space",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "full_stop": ".",
    "comma": ",",
    "minus": "-",
    "plus": "+",
    "equals_sign": "=",
}


def key_name(key: str) -> str:
    """A bound key as a person would type it (``question_mark`` → ``?``)."""
    return _KEY_NAMES.get(key, key)


def key_hints(screen: Screen[object]) -> Content:
    """One line of "key: what it does" for the screen's own visible bindings.

    Read from the screen's own bindings with the app's keymap applied (as
    Textual applies it when it dispatches keys), so a key remapped in the
    settings file is shown as remapped. Not from ``active_bindings``: there a
    key the focused widget also binds (``enter`` in an Input, ``down`` in a
    list) hides the screen's binding, though the screen still answers to it
    from elsewhere. Bindings that share an id (one binding on several keys)
    are joined as ``x/c``; ``show=False`` bindings are left out. Plain text:
    descriptions never parse as markup.
    """
    bindings = screen._bindings.copy()
    keymap = getattr(screen.app, "_keymap", None)
    if keymap:
        bindings.apply_keymap(keymap)
    keys: dict[str, list[str]] = {}
    descriptions: dict[str, str] = {}
    for key, binding in bindings:
        if not binding.show:
            continue
        ident = binding.id or binding.action
        keys.setdefault(ident, []).append(binding.key_display or key_name(key))
        descriptions[ident] = binding.description
    parts = [f"{'/'.join(keys[i])}: {descriptions[i].lower()}" for i in keys]
    return Content("  ·  ".join(parts))


class Dialog(ModalScreen[ResultType]):
    """A centred, bordered modal with its keys on a ``#hint`` line; ``cancel`` dismisses with None."""

    DEFAULT_CSS = """
    Dialog {
        align: center middle;
    }
    Dialog > #dialog {
        max-width: 100%;
        border: round $accent;
        border-title-color: $accent;
        background: $surface;
        padding: 0 1;
    }
    Dialog .hint {
        color: $text-muted;
    }
    """

    def show_hints(self) -> None:
        """Fill the ``#hint`` line with this dialog's keys (as remapped)."""
        self.query_one("#hint", Static).update(key_hints(self))

    def action_cancel(self) -> None:
        """Close with nothing chosen."""
        self.dismiss(None)
