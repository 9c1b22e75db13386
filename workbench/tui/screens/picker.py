"""Choose a claim to merge into, or an occurrence to split off.

The claim picker asks the store for the claims holding the typed words
(every claim, however many: a file of 97,000 claims answers in 25 to 65 ms),
in a thread worker, one search at a time (words typed meanwhile are asked
for when it answers), and shows the first ``SHOWN`` of them; an answer to
words since changed is dropped. Claim texts
are quotes from articles: shown as plain text only.
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
from workbench.store.connection import fold
from workbench.text import one_line
from workbench.tui.key_order import KeyHold
from workbench.tui.screens.dialog import Dialog
from workbench.tui.widgets.claims_list import said_label
from workbench.tui.widgets.key_list import KeyList

SHOWN = 200
TEXT_LIMIT = 140
MATCH_STYLE = "bold reverse"


class ClaimSource(Protocol):
    """The one store method the claim picker needs."""

    def claims_matching(self, words: list[str], exclude_id: int | None = None,
                        limit: int = 200) -> tuple[int, list[ClaimRow]]: ...


def _folded_with_places(text: str) -> tuple[str, list[int]]:
    """``text`` folded as the store matches it, and for each folded character the index of the
    character it came from (folding can change lengths: "ß" is "ss", "é" is "e")."""
    chars: list[str] = []
    places: list[int] = []
    for i, ch in enumerate(text):
        for folded in fold(ch):
            chars.append(folded)
            places.append(i)
    return "".join(chars), places


def claim_prompt(row: ClaimRow, words: Sequence[str]) -> Text:
    """"mark  said_on  text  (n sources)", the filter words styled, as plain Text."""
    text = Text(one_line(row.text, TEXT_LIMIT))
    folded, places = _folded_with_places(text.plain)
    for word in (fold(w) for w in words):
        start = folded.find(word)
        while start >= 0 and word:
            end = start + len(word)
            text.stylize(MATCH_STYLE, places[start], places[end - 1] + 1)
            start = folded.find(word, end)
    sources = f"({row.n_sources} source{'s' if row.n_sources != 1 else ''})"
    by = f"({row.speaker}) " if row.on_behalf_of else ""  # a spokesperson's words for the subject
    return Text.assemble(
        (row.mark, "bold"), "  ", (said_label(row.said_on, row.reported_by).ljust(12), "dim"), "  ",
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

    class Found(Message):
        """The claims holding ``words`` (the first ``SHOWN``) and how many there are in all."""

        def __init__(self, words: list[str], count: int, rows: list[ClaimRow]) -> None:
            super().__init__()
            self.words = words
            self.count = count
            self.rows = rows

    def __init__(self, store: ClaimSource, exclude_id: int, title: str = "Merge into…") -> None:
        """``exclude_id``: the claim being merged, never offered as its own target."""
        super().__init__()
        self.store = store
        self.exclude_id = exclude_id
        self.picker_title = title
        self.shown: list[ClaimRow] = []
        self._pick_when_found = KeyHold(self)  # enter pressed before the answer to the words typed came
        self._words: list[str] | None = None  # the words of the list shown
        self._asking = False  # a search is running: the words typed meanwhile wait for it
        self._next: list[str] | None = None  # the words to ask for when it answers

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
        self._ask([])

    def on_unmount(self) -> None:
        self._pick_when_found.set(False)  # closed otherwise (a click): the keys go on

    def _typed(self) -> list[str]:
        return self.query_one(Input).value.casefold().split()

    def _stale(self) -> bool:
        """Is the list shown for words typed over since? Then a pick waits for the answer."""
        if self._words != self._typed():
            self._pick_when_found.set(True)  # the keys after it wait for the pick
            return True
        return False

    def _ask(self, words: list[str]) -> None:
        """Search for ``words``, or for the last words typed once the search running answers.

        Why one at a time: a search reads every claim (about 50 ms at 100,000),
        a thread cannot be stopped, and the searches for each letter of a
        word typed fast or pasted queued on the store, so the list for the
        whole word came after all of them (close to a second at 97,000 claims).
        """
        if self._asking:
            self._next = words
        else:
            self._asking = True
            self.search(words)

    @work(thread=True, group="claims", exit_on_error=False)
    def search(self, words: list[str]) -> None:
        """Ask the store for the claims holding ``words`` (off the event loop; see :meth:`_ask`)."""
        try:
            count, rows = self.store.claims_matching(words, self.exclude_id, SHOWN)
        except Exception:  # a search that fails (a damaged file) shows nothing, and says so
            count, rows = -1, []
        self.post_message(self.Found(words, count, rows))

    @on(Input.Changed, "#filter")
    def _changed(self) -> None:
        self._pick_when_found.set(False)  # an enter before these words is not one for them
        self._ask(self._typed())

    def on_claim_picker_found(self, message: Found) -> None:
        self._asking = False
        if self._next is not None:
            words, self._next = self._next, None
            if words != message.words:
                self._ask(words)
        if message.words != self._typed():
            return  # an answer to words typed over since: the next one is coming
        self.show_found(message.words, message.count, message.rows)
        if self._pick_when_found.on:
            self._pick_when_found.set(False)
            self.action_pick()

    def show_found(self, words: list[str], count: int, shown: list[ClaimRow]) -> None:
        """Show the claims found (keeping the highlighted one when it is still there)."""
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
        if count < 0:
            label = "the search failed: try other words"
        elif not count:
            label = "no matching claims"
        elif count > len(shown):
            label = f"{len(shown)} of {count} claims shown"
        else:
            label = f"{count} claim{'s' if count != 1 else ''}"
        self.query_one("#count", Static).update(label)

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
        if self._stale():
            return
        index = self.query_one(OptionList).highlighted
        if self.shown and index is not None and 0 <= index < len(self.shown):
            self.dismiss(self.shown[index].id)

    @on(Input.Submitted, "#filter")
    def _submitted(self) -> None:
        self.action_pick()

    @on(OptionList.OptionSelected, "#claims")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if self._stale():
            return
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
