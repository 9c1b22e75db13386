"""The key reference (`?`), and the key-hint line every modal screen shows.

Keys are remappable by binding id, so neither the help table nor the hint
lines may hard-code a key: the caller hands the help screen the bindings as
they are *now* (after the user's keymap), and :func:`key_hints` reads the
screen's active bindings (which Textual computes with the keymap applied).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static

SETTINGS_FILE = "~/.config/factcheck-workbench/settings.yaml"

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


def _group_of(binding_id: str) -> str:
    """The group a binding belongs to: its id up to the first dot ("review.note" → "review")."""
    head, dot, _ = binding_id.partition(".")
    return head if dot else "general"


def group_rows(rows: Iterable[tuple[str, str, str]]) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """Rows grouped by binding-id prefix, groups in order of first appearance.

    Ids are namespaced (``review.verdict_consistent``, ``search.open``), so
    the prefix is the natural heading; rows keep their order inside a group
    because callers list keys in the order they matter.
    """
    groups: dict[str, list[tuple[str, str, str]]] = {}
    for row in rows:
        groups.setdefault(_group_of(row[1]), []).append(row)
    return list(groups.items())


class HelpScreen(ModalScreen[None]):
    """Every key the review screen answers to, with its binding id.

    The id column is there because it is what the settings file remaps: a
    reviewer who wants ``v`` instead of ``c`` for "consistent" reads the id
    here and writes ``keys: {review.verdict_consistent: v}``.
    """

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    HelpScreen > #dialog {
        width: 96;
        max-width: 100%;
        height: auto;
        max-height: 90%;
        border: round $accent;
        border-title-color: $accent;
        background: $surface;
        padding: 0 1;
    }
    HelpScreen DataTable {
        height: auto;
        max-height: 30;
    }
    HelpScreen .remap {
        color: $text-muted;
        margin-top: 1;
    }
    HelpScreen .hint {
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,question_mark,q",
            "close",
            "Close",
            id="help.close",
            tooltip="Close the key reference",
        ),
    ]

    def __init__(self, bindings: Sequence[tuple[str, str, str]]) -> None:
        """``bindings``: (key as displayed, binding id, description) rows."""
        super().__init__()
        self.rows = list(bindings)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = "Keys"
            yield DataTable(id="keys", cursor_type="row", zebra_stripes=False)
            yield Static(
                Content.assemble(
                    "Keys can be remapped in ",
                    (SETTINGS_FILE, "bold"),
                    ", section keys: mapping binding id → key (e.g. review.note: N).",
                ),
                classes="remap",
            )
            yield Static(classes="hint", id="hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Key", "Binding id", "What it does")
        groups = group_rows(self.rows)
        for index, (group, rows) in enumerate(groups):
            if len(groups) > 1:
                if index:
                    table.add_row("", "", "", key=f"gap:{group}")
                table.add_row(Text(group.capitalize(), style="bold"), "", "", key=f"group:{group}")
            for key, ident, description in rows:
                # Text, not str: DataTable parses str cells as markup.
                table.add_row(Text(key, style="bold"), Text(ident), Text(description))
        table.focus()
        self.query_one("#hint", Static).update(key_hints(self))

    def action_close(self) -> None:
        """Close; nothing to return."""
        self.dismiss(None)
