"""Search every sentence of every article, and jump to one.

The query runs in a thread worker, debounced, so typing never waits for
SQLite; the worker only posts a message with the hits (the harlequin
pattern), and a newer query cancels an older one (``exclusive=True``), so
stale results never overwrite fresh ones. Sentences are article text, i.e.
untrusted: they are built into ``rich.text.Text`` and only *styled* where
the query matched, never parsed as markup.
"""

from __future__ import annotations

import re
from typing import ClassVar, Protocol

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from workbench.store import SearchHit
from workbench.tui.key_order import KeyHold
from workbench.tui.screens.dialog import Dialog

DEBOUNCE_SECONDS = 0.15
LIMIT = 100
MATCH_STYLE = "bold reverse"


class Searchable(Protocol):
    """The one store method this screen needs (so tests may pass a fake)."""

    def search(self, query: str, limit: int = 50) -> list[SearchHit]: ...


def query_words(query: str) -> list[str]:
    """The words of a query, as the store's full-text search splits them."""
    return re.findall(r"[^\W_]+", query.lower())


def highlight(text: str, words: list[str], style: str = MATCH_STYLE) -> Text:
    """``text`` as plain Text with every word starting with one of ``words`` styled.

    The store matches words as prefixes, so "meet" highlights "meeting" whole.
    """
    result = Text(text)
    if not words:
        return result
    pattern = r"\b(?:" + "|".join(re.escape(w) for w in words) + r")[^\W_]*"
    for match in re.finditer(pattern, text, flags=re.IGNORECASE):
        result.stylize(style, match.start(), match.end())
    return result


def hit_prompt(hit: SearchHit, words: list[str]) -> Text:
    """One result: outlet and article title (its file name when it has none), then the
    sentence with the matches styled."""
    head = Text.assemble(
        (hit.outlet or "?", "bold"), "  ", (" ".join((hit.title or hit.stem).split()), "dim"), "\n"
    )
    return head + highlight(" ".join(hit.text.split()), words)


class SearchScreen(Dialog[SearchHit | None]):
    """Type words, see matching sentences, `enter` dismisses with the chosen hit."""

    DEFAULT_CSS = """
    SearchScreen > #dialog {
        width: 110;
        height: 90%;
    }
    SearchScreen #results {
        height: 1fr;
    }
    SearchScreen #count, SearchScreen .hint {
        color: $text-muted;
        height: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="search.cancel",
                tooltip="Close the search without jumping anywhere"),
        Binding("down", "to_results(1)", "Results", id="search.results",
                tooltip="Move from the query into the results"),
        Binding("up", "to_results(-1)", "Results (last)", id="search.results_last", show=False,
                tooltip="Move from the query to the last result"),
        Binding("enter", "pick", "Go to hit", id="search.pick",
                tooltip="Close the search and go to the highlighted sentence"),
        Binding("ctrl+l", "to_query", "Edit query", id="search.query",
                tooltip="Move back to the query"),
    ]

    class Results(Message):
        """Hits for one query, posted by the worker thread."""

        def __init__(self, query: str, hits: list[SearchHit]) -> None:
            super().__init__()
            self.query = query
            self.hits = hits

    def __init__(self, store: Searchable, initial: str = "") -> None:
        """``store``: anything with ``search(query, limit)``; ``initial``: a query to start with."""
        super().__init__()
        self.store = store
        self.initial = initial
        self.hits: list[SearchHit] = []
        self._timer: Timer | None = None
        self._shown_query: str | None = None
        self._pick_when_shown = KeyHold(self)  # enter came before the hits: keys wait for the pick

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = "Search all articles"
            yield Input(self.initial, placeholder="words to find (prefixes match)", id="query")
            yield Static("type to search", id="count")
            yield OptionList(id="results", markup=False)
            yield Static(classes="hint", id="hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self.show_hints()
        if self.initial.strip():
            self.run_search(self.initial)

    def on_unmount(self) -> None:
        self._pick_when_shown.set(False)  # closed otherwise (a click): the keys go on

    # -- querying ---------------------------------------------------------
    @on(Input.Changed, "#query")
    def _changed(self, event: Input.Changed) -> None:
        """Restart the debounce timer: search once typing pauses."""
        if self._timer is not None:
            self._timer.stop()
        query = event.value
        self._pick_when_shown.set(False)
        self._timer = self.set_timer(DEBOUNCE_SECONDS, lambda: self.run_search(query))

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, query: str) -> None:
        """Query the store off the event loop and post the hits back."""
        hits = self.store.search(query, limit=LIMIT) if query_words(query) else []
        self.post_message(self.Results(query, hits))

    def on_search_screen_results(self, message: Results) -> None:
        """Show the hits for the query, unless the user has typed on since."""
        if message.query != self.query_one(Input).value:
            return
        self.show(message.query, message.hits)
        if self._pick_when_shown.on:
            self._pick_when_shown.set(False)
            self.action_pick()

    def show(self, query: str, hits: list[SearchHit]) -> None:
        """Fill the result list and the count line."""
        self.hits = hits
        self._shown_query = query
        words = query_words(query)
        results = self.query_one(OptionList)
        results.clear_options()
        results.add_options([Option(hit_prompt(hit, words)) for hit in hits])
        if hits:
            results.highlighted = 0
        count = self.query_one("#count", Static)
        if not words:
            count.update("type to search")
        elif not hits:
            count.update("no hits")
        else:
            more = "+" if len(hits) >= LIMIT else ""
            count.update(f"{len(hits)}{more} hit{'s' if len(hits) != 1 else ''}")

    # -- moving and choosing ------------------------------------------------
    def action_to_results(self, direction: int) -> None:
        """From the query: focus the results (first with `down`, last with `up`)."""
        results = self.query_one(OptionList)
        if not self.hits:
            return
        results.highlighted = 0 if direction > 0 else len(self.hits) - 1
        results.focus()

    def action_to_query(self) -> None:
        """Back to the query box."""
        self.query_one(Input).focus()

    def action_pick(self) -> None:
        """Dismiss with the highlighted hit (the first one when typing)."""
        index = self.query_one(OptionList).highlighted
        if self.hits and index is not None and 0 <= index < len(self.hits):
            self.dismiss(self.hits[index])

    @on(Input.Submitted, "#query")
    def _submitted(self) -> None:
        """`enter` in the query box goes to the first hit of what is typed *now*.

        A fast typist presses enter before the debounce fires: then search at
        once and go when the hits arrive, rather than to a stale hit.
        """
        query = self.query_one(Input).value
        if self._shown_query == query:
            self.action_pick()
            return
        if self._timer is not None:
            self._timer.stop()
        self._pick_when_shown.set(True)
        self.run_search(query)

    @on(OptionList.OptionSelected, "#results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if 0 <= event.option_index < len(self.hits):
            self.dismiss(self.hits[event.option_index])
