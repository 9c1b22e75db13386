"""The key reference (`?`).

Keys are remappable by binding id, so the help table may not hard-code a
key: the caller hands the help screen the bindings as they are *now* (after
the user's keymap). The hint line under it, as under every dialog, is
:func:`~workbench.tui.screens.dialog.key_hints`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import DataTable, Static

from workbench.tui.screens.dialog import Dialog

SETTINGS_FILE = "~/.config/factcheck-workbench/settings.yaml"


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


class HelpScreen(Dialog[None]):
    """Every key the review screen answers to, with its binding id.

    The id column is there because it is what the settings file remaps: a
    reviewer who wants ``v`` instead of ``c`` for "consistent" reads the id
    here and writes ``keys: {review.verdict_consistent: v}``.
    """

    DEFAULT_CSS = """
    HelpScreen > #dialog {
        width: 96;
        height: auto;
        max-height: 90%;
    }
    HelpScreen DataTable {
        height: auto;
        max-height: 30;
    }
    HelpScreen .remap {
        color: $text-muted;
        margin-top: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,question_mark,q",
            "cancel",
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
        self.show_hints()
