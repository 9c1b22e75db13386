"""The verdict pane: drawn line by line, scrolled by its own keys, occurrences windowed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import events
from tui_data import SIZE, build, claim_ids, count_layouts, run_async, screen, settle

from workbench.tui.app import ReviewApp
from workbench.tui.widgets.verdict_panel import MAX_OCCURRENCES, occurrence_window


def _line_with(panel, text: str) -> int:  # type: ignore[no-untyped-def]
    """Index of the first line of the verdict pane that shows ``text``."""
    return next(i for i, strip in enumerate(panel.lines()) if text in strip.text)


def test_occurrence_window_keeps_the_shown_one_in_view() -> None:
    assert occurrence_window(5, 3) == range(5)
    assert occurrence_window(300, 0) == range(MAX_OCCURRENCES)
    assert occurrence_window(300, 299) == range(300 - MAX_OCCURRENCES, 300)
    middle = occurrence_window(300, 150)
    assert 150 in middle and len(middle) == MAX_OCCURRENCES


@run_async
async def test_small_terminal_verdict_pane_scrolls_with_its_keys(db: Path) -> None:
    ids = claim_ids(db)
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=(120, 16)) as pilot:  # the pane is far shorter than the claim's text
        await settle(pilot)
        s = screen(app)
        panel = s.verdict
        total = len(panel.lines())
        assert total > panel.size.height
        first = panel.render_line(0).text
        assert "NOT REVIEWED" in first
        assert panel.render_line(0).text.rstrip().endswith(("┃", "│"))  # a scrollbar in the last column
        panel.focus()
        await pilot.press("j", "j")
        await settle(pilot)
        assert panel.top == 2 and "NOT REVIEWED" not in panel.render_line(0).text
        await pilot.press("G")
        await settle(pilot)
        assert panel.top == total - panel.size.height
        assert panel.render_line(panel.size.height - 1).text.strip()  # the last line of the text
        await pilot.press("g")
        await settle(pilot)
        assert panel.top == 0
        await pilot.press("j")
        s.claims.focus()
        await pilot.press("j")  # another claim starts at the top again
        await settle(pilot)
        assert s.claim_id == ids["never"] and panel.top == 0
        assert "he never met" in panel.render_line(2).text + panel.render_line(3).text


@run_async
async def test_showing_claims_of_other_articles_never_relays_out_the_screen(tmp_path: Path,
                                                                            monkeypatch) -> None:
    """The article pane changes height and the verdict pane its text: both repaint, neither relays out."""

    db = build(tmp_path / "review.db", markup=True)  # one article longer than the others
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=(100, 45)) as pilot:
        await settle(pilot)
        s = screen(app)
        layouts: list[str] = []
        count_layouts(monkeypatch, layouts)
        seen = set()
        for _ in range(7):
            await pilot.press("j")
            await settle(pilot)
            seen.add((s.shown_article.article.id, s.text_view.virtual_size.height))
        assert len({height for _, height in seen}) > 1  # articles of different heights were shown
        assert layouts == []


@run_async
async def test_selecting_text_in_the_verdict_pane_copies_what_is_shown(db: Path) -> None:
    from textual.geometry import Offset
    from textual.selection import Selection

    app = ReviewApp(db, "me", {})
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        panel = screen(app).verdict
        quote_line = _line_with(panel, "communications")
        got = panel.get_selection(Selection(Offset(0, quote_line), Offset(200, quote_line + 1)))
        assert got is not None
        assert " ".join(got[0].split()) == "“I did not have communications with the Russians.”"
        assert "VerdictPanel" not in got[0]


@run_async
async def test_a_verdict_with_the_articles_pane_focused_shows_the_next_claims_article(db: Path) -> None:
    """The articles pane reloads its counts after a verdict; that must not swap the claim's article out."""
    ids = claim_ids(db)
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        s = screen(app)
        s.articles.focus()
        await settle(pilot)
        for _ in range(4):
            await pilot.press("x")
            await settle(pilot)
            await pilot.pause(0.1)
            await settle(pilot)
            detail = s.detail
            assert detail is not None and s.claim_id == detail.claim.id
            shown = detail.occurrences[s.occurrence].article_id
            assert s.shown_article is not None and s.shown_article.article.id == shown
        assert s.claim_id != ids["comms"]


@run_async
async def test_a_mouse_drag_in_the_verdict_pane_highlights_and_copies_the_quote(db: Path) -> None:
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        panel = screen(app).verdict
        line = _line_with(panel, "communications")
        # widget offsets: one row of border above the text, a border and a padding column left of it
        await pilot.mouse_down(panel, offset=(2, line + 1))
        await pilot.hover(panel, offset=(40, line + 2))
        await pilot.mouse_up(panel, offset=(40, line + 2))
        await pilot.pause()
        selected = app.screen.get_selected_text() or ""
        assert " ".join(selected.split()).startswith("“I did not have communications with the Russians")
        first = panel.render_line(line)
        highlighted = [seg for seg in first if seg.style and seg.style.bgcolor
                       and seg.style.bgcolor != panel.rich_style.bgcolor]
        assert highlighted and highlighted[0].text.startswith("“I did not")
        assert all(seg.style.color != seg.style.bgcolor for seg in highlighted)  # readable


async def drag(pilot: Any, widget: Any, offset: tuple[int, int]) -> None:
    """A pointer move with the left button held, as a terminal reports it (hover() holds none)."""
    await pilot._post_mouse_events([events.MouseMove], widget, offset, button=1)


@run_async
async def test_a_button_released_outside_the_terminal_ends_the_scrollbar_drag(db: Path) -> None:
    """No MouseUp comes when the button is let go outside the terminal: the next move without a
    button held ends the drag, instead of the text following the pointer from then on."""
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=(120, 16)) as pilot:
        await settle(pilot)
        panel = screen(app).verdict
        left, top = panel.gutter.left, panel.gutter.top
        bar = left + panel.size.width - 1
        await pilot.mouse_down(panel, offset=(bar, top))
        await drag(pilot, panel, (bar, top + panel.size.height // 2))
        await pilot.pause()
        dragged = panel.top
        assert dragged > 0 and app.mouse_captured is panel
        await pilot.hover(panel, offset=(bar, top))  # back in the terminal, no button held
        await pilot.pause()
        assert app.mouse_captured is None and panel.top == dragged
        await drag(pilot, panel, (bar, top + panel.size.height - 1))
        await pilot.pause()
        assert panel.top == dragged


@run_async
async def test_dragging_the_verdict_scrollbar_scrolls_and_selects_no_text(db: Path) -> None:
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=(120, 16)) as pilot:
        await settle(pilot)
        panel = screen(app).verdict
        last = len(panel.lines()) - panel.size.height
        assert last > 0 and panel.top == 0
        left, top = panel.gutter.left, panel.gutter.top
        bar = left + panel.size.width - 1
        await pilot.mouse_down(panel, offset=(bar, top))
        await drag(pilot, panel, (bar, top + panel.size.height // 2))
        await pilot.pause()
        middle = panel.top
        assert 0 < middle < last
        await drag(pilot, panel, (bar, top + panel.size.height))  # below the bar: clamped
        await pilot.pause()
        assert panel.top == last
        await pilot.mouse_up(panel, offset=(bar, top + panel.size.height - 1))
        await pilot.pause()
        assert app.mouse_captured is None
        assert not app.screen.selections  # the drag selected no text
        await pilot.hover(panel, offset=(left + 2, top + 1))  # moving after release scrolls nothing
        await pilot.pause()
        assert panel.top == last


@run_async
async def test_quotation_marks_only_around_the_speakers_words(db: Path) -> None:
    """A quoted statement shows in “…”; reported speech and a quoting passage split off whole are
    the reporter's words and show as such (they were in quotation marks too)."""
    ids = claim_ids(db)
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        s = screen(app)
        assert "“I did not have communications with the Russians.”" in s.verdict.text
        await pilot.press("j")
        await settle(pilot)
        assert s.claim_id == ids["never"]
        assert "reported: he never met with any Russian officials" in s.verdict.text
        assert "“he never met" not in s.verdict.text


@run_async
async def test_a_taller_terminal_shows_the_verdict_pane_from_its_top_again(db: Path) -> None:
    """Scrolled to the end, then the terminal grows: the pane kept its old first line (blank rows
    below it, the statement out of sight, and g could not bring it back: top was already clamped)."""
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=(120, 16)) as pilot:
        await settle(pilot)
        panel = screen(app).verdict
        panel.focus()
        await pilot.press("G")
        await pilot.pause()
        assert panel.top > 0
        await pilot.resize_terminal(120, 60)
        await settle(pilot)
        await pilot.pause()
        assert len(panel.lines()) <= panel.size.height and panel.top == 0
        assert "REVIEWED" in app.export_screenshot()  # drawn again from the top (· NOT REVIEWED)
