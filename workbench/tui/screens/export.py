"""Choose an export format.

The screen only chooses: writing the file is the caller's job (the export
code is plain library code shared with ``workbench export``), so this
screen stays free of any file or store access.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from workbench.tui.screens.dialog import Dialog
from workbench.tui.widgets.key_list import KeyList

DESCRIPTIONS = {
    "json": "the complete archive (can rebuild the review)",
    "csv": "one row per claim, for a spreadsheet",
    "markdown": "a readable report",
    "yaml": "the archive as YAML",
    "claimreview": "schema.org ClaimReview JSON-LD, for publishing",
}


class ExportScreen(Dialog[str | None]):
    """Pick one of ``formats``; dismisses with its name, or ``None`` on escape."""

    DEFAULT_CSS = """
    ExportScreen > #dialog {
        width: 90;
        height: auto;
        max-height: 90%;
    }
    ExportScreen OptionList {
        height: auto;
    }
    ExportScreen #where, ExportScreen .hint {
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="export.cancel",
                tooltip="Close without exporting"),
        Binding("enter", "pick", "Export", id="export.pick",
                tooltip="Export in the highlighted format"),
    ]

    def __init__(self, formats: Sequence[str], default_dir: str) -> None:
        """``formats``: format names in display order; ``default_dir``: where files will go."""
        super().__init__()
        self.formats = tuple(formats)
        self.default_dir = default_dir

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = "Export"
            yield KeyList(
                *(
                    Option(
                        Content.assemble((name.ljust(13), "bold"), DESCRIPTIONS.get(name, "")),
                        id=name,
                    )
                    for name in self.formats
                ),
                id="formats",
                markup=False,
            )
            yield Static(Content(f"Writes to {self.default_dir}"), id="where")
            yield Static(classes="hint", id="hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if self.formats:
            options.highlighted = 0
        options.focus()
        self.show_hints()

    def action_pick(self) -> None:
        """Dismiss with the highlighted format."""
        option = self.query_one(OptionList).highlighted_option
        if option is not None and option.id:
            self.dismiss(option.id)

    @on(OptionList.OptionSelected, "#formats")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_id:
            self.dismiss(event.option_id)
