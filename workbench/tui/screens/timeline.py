"""The subject's statements in the order they were made.

Contradictions are often a matter of *when*: "I did not have communications
with the Russians" (January hearing) reads differently next to the March
admission. The timeline puts each statement under its month, with its
verdict mark, where it was said and who reported it; `enter` jumps the
review screen to that claim. Statement texts are quotes: plain text only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from workbench.tui.screens.dialog import Dialog
from workbench.tui.widgets.key_list import KeyList

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
MARK_STYLES = {"✓": "bold green", "✗": "bold red", "?": "bold yellow", "≠": "bold magenta"}


def month_heading(said_on: str | None) -> str:
    """"March 2017" for "2017-03-02" (or "2017-03"); "2017" for a bare year; "Undated" for None."""
    if not said_on:
        return "Undated"
    year, _, rest = said_on.partition("-")
    month = rest[:2]
    if month.isdigit() and 1 <= int(month) <= 12:
        return f"{MONTHS[int(month) - 1]} {year}"
    return year or said_on


def day_label(said_on: str | None) -> str:
    """The day within the month heading ("Mar 2"), the month alone for a date known only to the
    month ("Jul", as the claims list writes it), or "undated"."""
    if not said_on:
        return "undated"
    parts = said_on.split("-")
    if len(parts) >= 2 and parts[1].isdigit() and 1 <= int(parts[1]) <= 12:
        month = MONTHS[int(parts[1]) - 1][:3]
        if len(parts) == 2:
            return month
        if parts[2][:2].isdigit():
            return f"{month} {int(parts[2][:2])}"
    return said_on


def row_prompt(row: Mapping[str, Any]) -> Text:
    """Mark, day and statement on the first line; setting and outlets under it. Plain Text."""
    mark = str(row.get("mark") or "·")
    said_on = row.get("said_on")
    when = day_label(said_on) if said_on or not row.get("reported_by") else f"by {day_label(row['reported_by'])}"
    text = " ".join(str(row.get("text") or "").split())
    by = f"({row['by']}) " if row.get("by") else ""  # a spokesperson's words for the subject
    first = Text.assemble(
        (mark, MARK_STYLES.get(mark, "bold")), "  ", (when.ljust(8), "dim"), "  ",
        (by, "italic dim"), Text(text)
    )
    details = [str(row["setting"])] if row.get("setting") else []
    outlets = [str(o) for o in row.get("outlets") or []]
    if outlets:
        details.append(", ".join(outlets))
    if details:
        first.append("\n" + " " * 13)
        first.append(Text("  ·  ".join(details), style="italic dim"))
    return first


class TimelineScreen(Dialog[int | None]):
    """Statements by date under month headings; `enter` dismisses with the claim id."""

    DEFAULT_CSS = """
    TimelineScreen > #dialog {
        width: 110;
        height: 90%;
    }
    TimelineScreen OptionList {
        height: 1fr;
    }
    TimelineScreen OptionList > .option-list--option-disabled {
        color: $accent;
        text-style: bold;
    }
    TimelineScreen .hint {
        height: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "cancel", "Close", id="timeline.close",
                tooltip="Close the timeline and stay where you were"),
        Binding("enter", "pick", "Go to claim", id="timeline.pick",
                tooltip="Close the timeline and go to the highlighted claim"),
    ]

    def __init__(self, rows: Sequence[Mapping[str, Any]], current: int | None = None,
                 first: int = 0, total: int = 0, around: bool = True) -> None:
        """``rows``: dicts with id, mark, said_on, reported_by (undated: its earliest report),
        setting, text, by, outlets, already in order.

        ``current``: the claim under the review cursor, highlighted on open.
        ``first``, ``total``: where ``rows`` start among all ``total`` statements, when
        they are only some of them (a large review shows those around the current one;
        ``around`` False: there is none, they are the first).
        """
        super().__init__()
        self.rows = list(rows)
        self.current = current
        self.first = first
        self.total = total
        self.around = around

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = "Timeline"
            if self.total > len(self.rows):
                dialog.border_subtitle = (f"statements {self.first + 1:,}–{self.first + len(self.rows):,}"
                                          f" of {self.total:,}" + (", around this one" if self.around else ""))
            yield KeyList(*self._options(), id="timeline", markup=False)
            yield Static(classes="hint", id="hint")

    def _options(self) -> list[Option]:
        """A disabled heading option whenever the month changes, then one option per statement."""
        options: list[Option] = []
        heading: str | None = None
        for row in self.rows:
            this = month_heading(row.get("said_on") or row.get("reported_by"))  # undated: where first reported
            if this != heading:
                heading = this
                options.append(Option(Text(this), id=f"month:{len(options)}", disabled=True))
            options.append(Option(row_prompt(row), id=f"claim:{row['id']}"))
        if not options:
            options.append(Option(Text("No statements yet."), disabled=True))
        return options

    def on_mount(self) -> None:
        timeline = self.query_one(OptionList)
        target = f"claim:{self.current}" if self.current is not None else None
        first = None
        for index, option in enumerate(timeline.options):
            if option.disabled:
                continue
            if first is None:
                first = index
            if option.id == target:
                first = index
                break
        if first is not None:
            timeline.highlighted = first
        timeline.focus()
        self.show_hints()

    def _claim_id(self, option_id: str | None) -> int | None:
        if option_id and option_id.startswith("claim:"):
            return int(option_id.removeprefix("claim:"))
        return None

    def action_pick(self) -> None:
        """Dismiss with the highlighted claim's id."""
        timeline = self.query_one(OptionList)
        option = timeline.highlighted_option
        claim_id = self._claim_id(option.id if option else None)
        if claim_id is not None:
            self.dismiss(claim_id)

    @on(OptionList.OptionSelected, "#timeline")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        claim_id = self._claim_id(event.option_id)
        if claim_id is not None:
            self.dismiss(claim_id)
