"""Pick how a passage bears on a claim before linking it as evidence.

One keystroke per stance (`s`, `x`/`c`, `o`) because linking evidence is
frequent; the same choices sit in an option list so arrows + enter work for
anyone who does not remember the letters. `escape` cancels: nothing has been
written yet, so there is nothing to lose.
"""

from __future__ import annotations

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

PASSAGE_LIMIT = 400

# (stance, label shown in the list); the stance names are the store's STANCES.
CHOICES: tuple[tuple[str, str], ...] = (
    ("supports", "s  supports: the passage agrees with the claim"),
    ("contradicts", "x  contradicts: the passage disagrees with the claim"),
    ("context", "o  context: background the reader needs"),
)


def shorten(text: str, limit: int = PASSAGE_LIMIT) -> str:
    """``text`` cut to ``limit`` characters at a word boundary, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] or text[:limit]
    return cut + "…"


class StancePicker(Dialog[str | None]):
    """Ask for a stance; dismisses with "supports", "contradicts", "context" or ``None``."""

    DEFAULT_CSS = """
    StancePicker > #dialog {
        width: 80;
        height: auto;
        max-height: 90%;
    }
    StancePicker #passage {
        max-height: 10;
        margin-bottom: 1;
    }
    StancePicker OptionList {
        height: auto;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "choose('supports')", "Supports", id="stance.supports",
                tooltip="Link the passage as supporting the claim"),
        Binding("x,c", "choose('contradicts')", "Contradicts", id="stance.contradicts",
                tooltip="Link the passage as contradicting the claim"),
        Binding("o", "choose('context')", "Context", id="stance.context",
                tooltip="Link the passage as context"),
        Binding("escape", "cancel", "Cancel", id="stance.cancel",
                tooltip="Close without linking anything"),
    ]

    def __init__(self, passage: str) -> None:
        """``passage``: the article text to be linked (untrusted: shown as plain text)."""
        super().__init__()
        self.passage = passage

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = "Link as evidence"
            yield Static(Content(shorten(self.passage)), id="passage")
            yield KeyList(
                *(Option(Content(label), id=stance) for stance, label in CHOICES),
                id="stances",
                markup=False,
            )
            yield Static(classes="hint", id="hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()
        self.show_hints()

    @on(OptionList.OptionSelected, "#stances")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.action_choose(event.option_id or "")

    def action_choose(self, stance: str) -> None:
        """Close with ``stance`` (ignores anything that is not a known stance)."""
        if stance in {choice for choice, _ in CHOICES}:
            self.dismiss(stance)
