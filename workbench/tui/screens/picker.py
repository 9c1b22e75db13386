"""Choose a claim to merge into, or an occurrence to split off.

Claims have no full-text index, so the claim picker loads claims in pages
(up to ``MAX_CLAIMS``) in a thread worker and filters them in memory: a
substring test over a few thousand short strings takes well under a
millisecond per keystroke, and the list appears as soon as the first page
is in. Claim texts are quotes from articles: shown as plain text only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Protocol

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from workbench.store import ClaimRow, Evidence, Occurrence
from workbench.tui.screens.dialog import Dialog
from workbench.tui.widgets.key_list import KeyList

PAGE = 200
MAX_CLAIMS = 5000
SHOWN = 200
TEXT_LIMIT = 140
MATCH_STYLE = "bold reverse"


class ClaimSource(Protocol):
    """The one store method the claim picker needs."""

    def claims_page(
        self, filt: str = "all", article_id: int | None = None, offset: int = 0, limit: int = 100
    ) -> list[ClaimRow]: ...


def one_line(text: str, limit: int = TEXT_LIMIT) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def matches(text: str, words: Sequence[str]) -> bool:
    """Every word occurs in ``text`` (case-insensitive substring test)."""
    folded = text.casefold()
    return all(word in folded for word in words)


def claim_prompt(row: ClaimRow, words: Sequence[str]) -> Text:
    """"mark  said_on  text  (n sources)", the filter words styled, as plain Text."""
    text = Text(one_line(row.text))
    folded = text.plain.casefold()
    for word in words:
        start = folded.find(word)
        while start >= 0 and word:
            text.stylize(MATCH_STYLE, start, start + len(word))
            start = folded.find(word, start + len(word))
    sources = f"({row.n_sources} source{'s' if row.n_sources != 1 else ''})"
    by = f"({row.speaker}) " if row.on_behalf_of else ""  # a spokesperson's words for the subject
    return Text.assemble(
        (row.mark, "bold"), "  ", ((row.said_on or "undated").ljust(10), "dim"), "  ",
        (by, "italic dim"), text, "  ", (sources, "dim"),
    )


class ClaimPicker(Dialog[int | None]):
    """Pick a target claim by typing words of it; dismisses with its id or ``None``."""

    DEFAULT_CSS = """
    ClaimPicker > #dialog {
        width: 110;
        height: 90%;
    }
    ClaimPicker #claims {
        height: 1fr;
    }
    ClaimPicker #count, ClaimPicker .hint {
        color: $text-muted;
        height: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel",
                tooltip="Close without choosing a claim"),
        Binding("down", "to_list(1)", "Claims", id="picker.list",
                tooltip="Move from the filter into the list"),
        Binding("up", "to_list(-1)", "Claims (last)", id="picker.list_last", show=False,
                tooltip="Move from the filter to the last claim"),
        Binding("enter", "pick", "Choose", id="picker.pick",
                tooltip="Choose the highlighted claim"),
        Binding("ctrl+l", "to_filter", "Filter", id="picker.filter",
                tooltip="Move back to the filter"),
    ]

    class Loaded(Message):
        """A batch of claims read by the worker thread; ``done`` once all are in."""

        def __init__(self, rows: list[ClaimRow], done: bool) -> None:
            super().__init__()
            self.rows = rows
            self.done = done

    def __init__(self, store: ClaimSource, exclude_id: int, title: str = "Merge into…") -> None:
        """``exclude_id``: the claim being merged, never offered as its own target."""
        super().__init__()
        self.store = store
        self.exclude_id = exclude_id
        self.picker_title = title
        self.claims: list[ClaimRow] = []
        self.shown: list[ClaimRow] = []
        self.fetching = True
        self._words: list[str] | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = Content(self.picker_title)
            yield Input(placeholder="words of the target claim", id="filter")
            yield Static("loading claims…", id="count")
            yield OptionList(id="claims", markup=False)
            yield Static(classes="hint", id="hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self.show_hints()
        self.load()

    @work(thread=True, exclusive=True, group="claims")
    def load(self) -> None:
        """Read claims page by page; post the first page at once, the rest when done."""
        rows: list[ClaimRow] = []
        offset = 0
        while offset < MAX_CLAIMS:
            page = self.store.claims_page("all", None, offset, PAGE)
            rows.extend(r for r in page if r.id != self.exclude_id)
            offset += PAGE
            if offset == PAGE and len(page) == PAGE:
                self.post_message(self.Loaded(list(rows), done=False))
            if len(page) < PAGE:
                break
        self.post_message(self.Loaded(rows, done=True))

    def on_claim_picker_loaded(self, message: Loaded) -> None:
        self.claims = message.rows
        self.fetching = not message.done
        self.refilter()

    @on(Input.Changed, "#filter")
    def _changed(self) -> None:
        self.refilter()

    def refilter(self) -> None:
        """Show the claims holding every typed word (the first ``SHOWN`` of them)."""
        words = self.query_one(Input).value.casefold().split()
        found = [row for row in self.claims if matches(row.text, words)]
        shown = found[:SHOWN]
        options = self.query_one(OptionList)
        if [r.id for r in shown] != [r.id for r in self.shown] or words != self._words:
            keep = self.shown[options.highlighted].id if self.shown and options.highlighted is not None else None
            self.shown = shown
            self._words = words
            options.clear_options()
            options.add_options([Option(claim_prompt(row, words), id=str(row.id)) for row in shown])
            ids = [r.id for r in shown]
            if shown:
                options.highlighted = ids.index(keep) if keep in ids else 0
        more = " (loading more…)" if self.fetching else ""
        if not found:
            label = "no matching claims"
        elif len(found) > len(shown):
            label = f"{len(shown)} of {len(found)} claims shown"
        else:
            label = f"{len(found)} claim{'s' if len(found) != 1 else ''}"
        self.query_one("#count", Static).update(label + more)

    def action_to_list(self, direction: int) -> None:
        """From the filter: focus the list (first with `down`, last with `up`)."""
        if not self.shown:
            return
        options = self.query_one(OptionList)
        options.highlighted = 0 if direction > 0 else len(self.shown) - 1
        options.focus()

    def action_to_filter(self) -> None:
        """Back to the filter box."""
        self.query_one(Input).focus()

    def action_pick(self) -> None:
        """Dismiss with the highlighted claim's id."""
        index = self.query_one(OptionList).highlighted
        if self.shown and index is not None and 0 <= index < len(self.shown):
            self.dismiss(self.shown[index].id)

    @on(Input.Submitted, "#filter")
    def _submitted(self) -> None:
        self.action_pick()

    @on(OptionList.OptionSelected, "#claims")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_id is not None:
            self.dismiss(int(event.option_id))


def occurrence_prompt(occ: Occurrence) -> Text:
    """"outlet  kind  text", plain Text."""
    return Text.assemble(
        ((occ.outlet or occ.stem).ljust(8), "bold"), "  ", (occ.kind.ljust(8), "dim"), "  ",
        Text(" ".join(occ.text.split())),
    )


class OccurrencePicker(Dialog[int | None]):
    """Pick one of a claim's occurrences (to split it off); dismisses with its id or ``None``."""

    DEFAULT_CSS = """
    OccurrencePicker > #dialog {
        width: 110;
        height: auto;
        max-height: 90%;
    }
    OccurrencePicker OptionList {
        height: auto;
        max-height: 30;
    }
    OccurrencePicker .hint {
        height: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="occurrence.cancel",
                tooltip="Close without splitting anything"),
        Binding("enter", "pick", "Split off", id="occurrence.pick",
                tooltip="Split the highlighted occurrence off into a claim of its own"),
    ]

    def __init__(self, occurrences: Sequence[Occurrence], title: str = "Split off which occurrence?") -> None:
        super().__init__()
        self.occurrences = list(occurrences)
        self.picker_title = title

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = Content(self.picker_title)
            yield KeyList(
                *(Option(self.prompt(o), id=str(o.id)) for o in self.occurrences),
                id="occurrences",
                markup=False,
            )
            yield Static(classes="hint", id="hint")

    def prompt(self, item: Occurrence) -> Text:
        """One row of the list; subclasses list other things with an ``id``."""
        return occurrence_prompt(item)

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if self.occurrences:
            options.highlighted = 0
        options.focus()
        self.show_hints()

    def action_pick(self) -> None:
        """Dismiss with the highlighted occurrence's id."""
        index = self.query_one(OptionList).highlighted
        if index is not None and 0 <= index < len(self.occurrences):
            self.dismiss(self.occurrences[index].id)

    @on(OptionList.OptionSelected, "#occurrences")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_id is not None:
            self.dismiss(int(event.option_id))


class EvidencePicker(OccurrencePicker):
    """Pick one of a claim's linked evidence passages (to unlink it)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="evidence_pick.cancel",
                tooltip="Close without unlinking anything"),
        Binding("enter", "pick", "Unlink", id="evidence_pick.pick",
                tooltip="Unlink the highlighted passage from this claim"),
    ]

    def __init__(self, evidence: Sequence[Evidence], title: str = "Unlink which evidence?") -> None:
        super().__init__(evidence, title)  # type: ignore[arg-type]

    def prompt(self, item: Evidence) -> Text:  # type: ignore[override]
        """"outlet  stance  passage", plain Text."""
        return Text.assemble(
            ((item.outlet or item.stem).ljust(8), "bold"), "  ", (item.stance.ljust(11), "dim"),
            "  ", Text(" ".join(item.text.split())),
        )
