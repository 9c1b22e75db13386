"""Pilot tests of the modal screens: each is pushed on a bare host app.

Each test drives one screen with the keyboard only and checks what it hands
back through the push_screen callback, plus that untrusted text (claims,
passages, notes, titles) is shown literally and never runs a markup action.
"""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.screen import Screen
from textual.widgets import DataTable, OptionList, Static, TextArea

from workbench.store import NewClaim, NewOccurrence, Occurrence, PreparedArticle, SearchHit, Store
from workbench.tui.screens.dialog import key_name
from workbench.tui.screens.export import ExportScreen
from workbench.tui.screens.help import HelpScreen, group_rows
from workbench.tui.screens.note import NoteEditor
from workbench.tui.screens.picker import ClaimPicker, OccurrencePicker
from workbench.tui.screens.search import SearchScreen, highlight
from workbench.tui.screens.stance import StancePicker
from workbench.tui.screens.timeline import TimelineScreen, day_label, month_heading, row_prompt

SIZE = (120, 40)
MARKUP = "[bold]x[/] [@click=app.quit]y[/]"
NO_RESULT = object()


class Host(App[None]):
    """A bare app that pushes one screen on mount and keeps what it returns."""

    def __init__(self, make: Callable[[], Screen[Any]]) -> None:
        super().__init__()
        self.make = make
        self.result: object = NO_RESULT
        self.quit_requested = False

    def on_mount(self) -> None:
        self.push_screen(self.make(), self._done)

    def _done(self, result: object) -> None:
        self.result = result

    async def action_quit(self) -> None:
        # A markup "@click=app.quit" must never get here.
        self.quit_requested = True


def run(coro: Any) -> Any:
    return asyncio.run(coro)


def screen_text(app: App[Any]) -> str:
    """Everything on screen, as plain text (from the SVG screenshot's text runs)."""
    svg = app.export_screenshot()
    runs = re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S)
    return html.unescape("".join(runs)).replace("\xa0", " ")


async def wait_for(pilot: Any, check: Callable[[], bool], timeout: float = 5.0) -> None:
    """Pause until ``check()`` holds (worker results arrive asynchronously)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not check():
        if loop.time() > deadline:
            raise AssertionError("timed out waiting for the screen")
        await pilot.pause(0.05)


# -- a real store ------------------------------------------------------------
BODY = (
    "Sessions said he did not meet Russians. "
    "The [bold]ambassador[/] met him twice in 2016. "
    "Sessions later recalled meeting Kislyak at his office. "
    "Democrats called for him to resign."
)
CLAIMS = {
    "k1": "I did not have communications with the Russians.",
    "k2": "I never met with any Russian officials to discuss issues of the campaign.",
    "k3": "[bold]Not[/] [@click=app.quit]markup[/] at all.",
}


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "t.db")
    s.set_story("Story", "Jeff Sessions", ["Sessions"])
    spans = [(m.start(), m.end()) for m in re.finditer(r"\S[^.]*\.", BODY)]
    occurrences = [NewOccurrence(k, 0, 20, BODY[0:20], "direct") for k in CLAIMS]
    s.add_articles(
        [PreparedArticle(
            {"source": "a.txt", "stem": "a", "sha256": "x1", "title": "T", "outlet": "NPR",
             "url": None, "published": "2017-03-02", "byline": None, "body": BODY},
            spans, occurrences,
        )],
        {k: NewClaim(text, "Jeff Sessions", said_on=f"2017-0{i + 1}-10") for i, (k, text) in enumerate(CLAIMS.items())},
        {},
    )
    yield s
    s.close()


# -- note editor -------------------------------------------------------------
def test_note_editor_escape_saves_typed_multiline_text() -> None:
    async def go() -> None:
        app = Host(lambda: NoteEditor("First line", "Note on claim 1"))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            area = app.screen.query_one(TextArea)
            assert area.has_focus and area.cursor_location == area.document.end
            assert area.cursor_blink is False
            assert "escape: save and close" in screen_text(app)
            await pilot.press("enter", *"second", "enter", *"third")
            await pilot.press("escape")
            await pilot.pause()
            assert app.result == "First line\nsecond\nthird"
    run(go())


def test_note_editor_ctrl_s_saves_and_unchanged_returns_none() -> None:
    async def go() -> None:
        app = Host(lambda: NoteEditor("", "t"))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press(*"ok", "ctrl+s")
            await pilot.pause()
            assert app.result == "ok"
        app = Host(lambda: NoteEditor("same", "t"))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("escape")
            await pilot.pause()
            assert app.result is None
    run(go())


def test_note_editor_shows_markup_literally() -> None:
    async def go() -> None:
        app = Host(lambda: NoteEditor(MARKUP, MARKUP))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            text = screen_text(app)
            assert text.count(MARKUP) == 2  # the title and the note itself
            await pilot.click("#dialog", offset=(10, 0))  # on the title
            await pilot.press("escape")
            await pilot.pause()
            assert app.result is None and not app.quit_requested
    run(go())


# -- stance picker -------------------------------------------------------------
@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (["s"], "supports"),
        (["x"], "contradicts"),
        (["c"], "contradicts"),
        (["o"], "context"),
        (["enter"], "supports"),
        (["down", "enter"], "contradicts"),
        (["down", "down", "enter"], "context"),
        (["escape"], None),
    ],
)
def test_stance_picker(keys: list[str], expected: str | None) -> None:
    async def go() -> None:
        app = Host(lambda: StancePicker("Sessions met the ambassador."))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press(*keys)
            await pilot.pause()
            assert app.result == expected
    run(go())


def test_stance_picker_passage_is_plain_and_short() -> None:
    async def go() -> None:
        passage = MARKUP + " " + "word " * 200
        app = Host(lambda: StancePicker(passage))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            shown = app.screen.query_one("#passage", Static)
            plain = str(shown.render())
            assert plain.startswith(MARKUP) and plain.endswith("…") and len(plain) <= 401
            assert MARKUP in screen_text(app)
            await pilot.click("#passage", offset=(12, 0))  # on "y", the would-be link
            assert not app.quit_requested
            assert "x  contradicts" in screen_text(app)  # keys are shown
    run(go())


# -- search ------------------------------------------------------------------------
def test_search_types_and_picks_a_hit(store: Store) -> None:
    async def go() -> None:
        app = Host(lambda: SearchScreen(store))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press(*"meet")
            results = app.screen.query_one(OptionList)
            await wait_for(pilot, lambda: results.option_count == 2)
            assert "2 hits" in str(app.screen.query_one("#count", Static).render())
            # each hit is headed by its outlet and article title, not its file name
            assert str(results.get_option_at_index(0).prompt).startswith("NPR  T\n")
            await pilot.press("down", "down", "enter")
            await pilot.pause()
            hit = app.result
            assert isinstance(hit, SearchHit)
            assert hit.stem == "a" and hit.outlet == "NPR"
            assert BODY[hit.start:hit.end] == hit.text
            assert "meeting" in hit.text or "meet " in hit.text
    run(go())


def test_search_no_hits_escape_and_literal_markup(store: Store) -> None:
    async def go() -> None:
        app = Host(lambda: SearchScreen(store, initial="ambassador"))
        async with app.run_test(size=SIZE) as pilot:
            results = app.screen.query_one(OptionList)
            await wait_for(pilot, lambda: results.option_count == 1)
            assert "[bold]ambassador[/]" in screen_text(app)
            assert "1 hit" in str(app.screen.query_one("#count", Static).render())
            await pilot.press("ctrl+a", "ctrl+k", *"zzzqx")
            count = app.screen.query_one("#count", Static)
            await wait_for(pilot, lambda: "no hits" in str(count.render()))
            assert results.option_count == 0
            await pilot.press("escape")
            await pilot.pause()
            assert app.result is None
    run(go())


def test_highlight_styles_prefix_matches_only() -> None:
    text = highlight("Sessions met; meeting [b]Kislyak[/b].", ["meet", "kis"])
    assert text.plain == "Sessions met; meeting [b]Kislyak[/b]."
    styled = {text.plain[s.start:s.end] for s in text.spans}
    assert styled == {"meeting", "Kislyak"}


# -- claim picker ------------------------------------------------------------------
def test_claim_picker_filters_and_returns_id(store: Store) -> None:
    ids = {r.text: r.id for r in store.claims_page("all", None, 0, 10)}

    async def go() -> None:
        app = Host(lambda: ClaimPicker(store, exclude_id=ids[CLAIMS["k1"]]))
        async with app.run_test(size=SIZE) as pilot:
            options = app.screen.query_one(OptionList)
            await wait_for(pilot, lambda: options.option_count == 2)  # k1 is excluded
            assert MARKUP not in screen_text(app)
            assert "[bold]Not[/] [@click=app.quit]markup[/] at all." in screen_text(app)
            await pilot.press(*"RUSSIAN offic")
            await wait_for(pilot, lambda: options.option_count == 1)
            await pilot.press("enter")
            await pilot.pause()
            assert app.result == ids[CLAIMS["k2"]]
            assert not app.quit_requested
    run(go())


def test_claim_picker_arrows_and_escape(store: Store) -> None:
    rows = store.claims_page("all", None, 0, 10)

    async def go() -> None:
        app = Host(lambda: ClaimPicker(store, exclude_id=-1, title=MARKUP))
        async with app.run_test(size=SIZE) as pilot:
            options = app.screen.query_one(OptionList)
            await wait_for(pilot, lambda: options.option_count == 3)
            assert MARKUP in screen_text(app)  # the title, literally
            await pilot.press("down", "down", "enter")
            await pilot.pause()
            assert app.result == rows[1].id
        app = Host(lambda: ClaimPicker(store, exclude_id=-1))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press(*"nothing like this", "enter", "escape")
            await pilot.pause()
            assert app.result is None
    run(go())


def test_claim_picker_asks_one_search_at_a_time(store: Store) -> None:
    """Words typed fast (or pasted) asked a search per letter; a search reads every claim
    (tens of ms at 100,000) and they queued on the store, so the list for the word came
    after all of them. Now the words typed while one runs are asked for when it answers."""
    import threading
    import time

    calls: list[list[str]] = []
    running = threading.Lock()
    overlapped: list[bool] = []

    class Slow:
        def claims_matching(self, words: list[str], exclude_id: int | None = None,
                            limit: int = 200) -> tuple[int, list[Any]]:
            if not running.acquire(blocking=False):
                overlapped.append(True)
                running.acquire()
            try:
                calls.append(list(words))
                time.sleep(0.3)
                return store.claims_matching(words, exclude_id, limit)
            finally:
                running.release()

    async def go() -> None:
        app = Host(lambda: ClaimPicker(Slow(), exclude_id=-1))  # type: ignore[arg-type]
        async with app.run_test(size=SIZE) as pilot:
            options = app.screen.query_one(OptionList)
            await pilot.press(*"officials")
            await wait_for(pilot, lambda: options.option_count == 1 and calls[-1] == ["officials"])
            await pilot.pause(0.4)
            assert calls[0] == [] and calls[-1] == ["officials"], calls
            assert not overlapped, calls  # never two at once: none waits on another
            assert len(calls) < 1 + len("officials"), calls  # and not one a letter
            await pilot.press("enter")
            await pilot.pause()
            assert app.result == next(r.id for r in store.claims_page("all", None, 0, 10)
                                      if r.text == CLAIMS["k2"])
    run(go())


def test_occurrence_picker() -> None:
    occs = [
        Occurrence(11, 1, 1, "a", "NPR", 0, 5, "first", "direct", None, None),
        Occurrence(12, 1, 2, "b", None, 0, 5, MARKUP, "indirect", None, None),
    ]

    async def go() -> None:
        app = Host(lambda: OccurrencePicker(occs))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert MARKUP in screen_text(app)
            await pilot.press("down", "enter")
            await pilot.pause()
            assert app.result == 12
        app = Host(lambda: OccurrencePicker(occs))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("escape")
            await pilot.pause()
            assert app.result is None
    run(go())


# -- help --------------------------------------------------------------------------
ROWS = [
    ("c", "review.verdict_consistent", "Mark the claim consistent"),
    ("/", "review.search", "Search every article"),
    ("j/down", "list.down", "Next row"),
    ("[", "odd.key", "[bold]not markup[/]"),
]


@pytest.mark.parametrize("key", ["escape", "question_mark", "q"])
def test_help_lists_rows_and_closes(key: str) -> None:
    async def go() -> None:
        app = Host(lambda: HelpScreen(ROWS))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            table = app.screen.query_one(DataTable)
            cells = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
            for key_shown, ident, description in ROWS:
                assert [key_shown, ident, description] in cells
            text = screen_text(app)
            assert "settings.yaml" in text and "keys:" in text
            assert "[bold]not markup[/]" in text
            await pilot.press(key)
            await pilot.pause()
            assert app.result is None
            assert not isinstance(app.screen, HelpScreen)
    run(go())


def test_help_groups_by_id_prefix_and_key_names() -> None:
    groups = group_rows(ROWS)
    assert [g for g, _ in groups] == ["review", "list", "odd"]
    assert key_name("question_mark") == "?" and key_name("ctrl+s") == "ctrl+s"


# -- timeline ----------------------------------------------------------------------
TIMELINE = [
    {"id": 7, "mark": "✗", "said_on": "2017-01-10", "setting": "confirmation hearing",
     "text": "I did not have communications with the Russians.", "outlets": ["NPR", "NBC News"]},
    {"id": 3, "mark": "?", "said_on": "2017-03-01", "setting": None,
     "text": "I never met with any Russian officials.", "outlets": ["Slate"]},
    {"id": 9, "mark": "·", "said_on": "2017-03-02", "setting": "press conference",
     "text": MARKUP, "outlets": []},
    {"id": 4, "mark": "≠", "said_on": None, "setting": None, "text": "undated one", "outlets": ["WaPo"]},
]


def test_timeline_headings_and_pick() -> None:
    async def go() -> None:
        app = Host(lambda: TimelineScreen(TIMELINE))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            text = screen_text(app)
            for heading in ("January 2017", "March 2017", "Undated"):
                assert heading in text
            assert text.count("March 2017") == 1
            assert MARKUP in text and "confirmation hearing" in text and "NPR, NBC News" in text
            # first claim highlighted; down skips the March heading
            await pilot.press("down", "down", "enter")
            await pilot.pause()
            assert app.result == 9 and not app.quit_requested
        app = Host(lambda: TimelineScreen(TIMELINE, current=4))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("enter")
            await pilot.pause()
            assert app.result == 4
        app = Host(lambda: TimelineScreen(TIMELINE))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("escape")
            await pilot.pause()
            assert app.result is None
    run(go())


def test_month_heading() -> None:
    assert month_heading("2017-03-02") == "March 2017"
    assert month_heading("2017-11") == "November 2017"
    assert month_heading("2017") == "2017"
    assert month_heading(None) == "Undated"


def test_day_label_under_its_month_heading() -> None:
    """A date known only to the month reads as the claims list writes it ("Jul"), not "2017-07";
    an undated statement reported in July reads "by Jul" under "July 2017"."""
    assert day_label("2017-03-02") == "Mar 2"
    assert day_label("2017-07") == "Jul"
    assert day_label("2017") == "2017"
    assert day_label(None) == "undated"
    assert day_label("2017-13") == "2017-13"  # not a month: shown as stored
    line = row_prompt({"mark": "·", "said_on": None, "reported_by": "2017-07", "text": "x"})
    assert str(line).split()[1:3] == ["by", "Jul"]


# -- export ------------------------------------------------------------------------
FORMATS = ("json", "csv", "markdown", "yaml", "claimreview")


@pytest.mark.parametrize(("keys", "expected"), [
    (["enter"], "json"), (["down", "down", "enter"], "markdown"), (["up", "enter"], "claimreview"),
    (["escape"], None),
])
def test_export_screen(keys: list[str], expected: str | None) -> None:
    async def go() -> None:
        app = Host(lambda: ExportScreen(FORMATS, "exports/[x]"))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert "exports/[x]" in screen_text(app)
            await pilot.press(*keys)
            await pilot.pause()
            assert app.result == expected
    run(go())


# -- keymap ------------------------------------------------------------------------
def test_modal_keys_follow_the_keymap_and_hints_show_it() -> None:
    async def go() -> None:
        app = Host(lambda: StancePicker("p"))
        app.set_keymap({"stance.supports": "y"})
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            text = screen_text(app)
            assert "y: supports" in text and "s: supports" not in text
            await pilot.press("s")  # no longer bound
            assert app.result is NO_RESULT
            await pilot.press("y")
            await pilot.pause()
            assert app.result == "supports"
    run(go())


def test_hint_lists_screen_keys_shadowed_by_the_focused_widget(store: Store) -> None:
    async def go() -> None:
        app = Host(lambda: SearchScreen(store))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            hint = str(app.screen.query_one("#hint", Static).render())
            assert "down: results" in hint and "enter: go to hit" in hint
    run(go())


def test_search_enter_right_after_typing_goes_to_first_hit(store: Store) -> None:
    async def go() -> None:
        app = Host(lambda: SearchScreen(store))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press(*"kislyak", "enter")
            await wait_for(pilot, lambda: app.result is not NO_RESULT)
            assert isinstance(app.result, SearchHit) and "Kislyak" in app.result.text
    run(go())


def test_timeline_and_claim_picker_rows_say_whose_words_a_spokespersons_statement_is() -> None:
    """The claims list shows "(Sarah Isgur Flores)" before a spokesperson's statement; the
    timeline (t) and the merge picker (m) did not, so it read as the subject's own."""
    from workbench.store.models import ClaimRow
    from workbench.tui.screens.picker import claim_prompt
    from workbench.tui.screens.timeline import row_prompt

    row = {"id": 4, "mark": "·", "said_on": None, "setting": None, "text": "Nothing misleading.",
           "by": "Sarah Isgur Flores", "outlets": []}
    assert "(Sarah Isgur Flores) Nothing misleading." in row_prompt(row).plain
    assert "(" not in row_prompt({**row, "by": None}).plain
    claim = ClaimRow(4, "Nothing misleading.", "Sarah Isgur Flores", "Jeff Sessions", None, None, None, 1, 1)
    assert "(Sarah Isgur Flores) Nothing misleading." in claim_prompt(claim, []).plain


def test_picker_highlights_the_words_where_they_are_after_folded_letters() -> None:
    """The picker marked the typed words at their place in the casefolded text: after a "ß"
    (two letters folded) every mark was a letter off ("üller" for "Müller")."""
    from workbench.store.models import ClaimRow
    from workbench.tui.screens.picker import MATCH_STYLE, claim_prompt

    row = ClaimRow(1, "Die Straße ist lang, sagte Müller", "X", None, None, None, None, 1, 1)
    prompt = claim_prompt(row, ["müller", "strasse"])
    marked = sorted(prompt.plain[s.start:s.end] for s in prompt.spans if s.style == MATCH_STYLE)
    assert marked == ["Müller", "Straße"]
