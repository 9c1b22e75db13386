"""The review screen filled from an opening read ahead, and the one-line key bar.

``workbench review`` reads the first screen's data before Textual is imported
(:mod:`workbench.tui.opening`); these tests check that the screen it
builds from that read is the one the ordinary (worker) path builds, without
a second load, and that the key bar lists and presses keys like a Footer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.strip import Strip
from textual.widget import Widget
from tui_data import SIZE, claim_ids, run_async, screen, settle

from workbench.store import Store
from workbench.tui.app import ReviewApp
from workbench.tui.opening import Opening, read_article, read_opening, try_read_opening
from workbench.tui.screens.review import ReviewScreen
from workbench.tui.widgets.article_view import ArticleView
from workbench.tui.widgets.footer import KeyBar


def opened(db: Path) -> tuple[Store, Opening]:
    store = Store(db)
    opening = try_read_opening(store)
    assert opening is not None
    return store, opening


def test_opening_reads_the_resume_cursor_and_what_it_points_at(db: Path) -> None:
    ids = claim_ids(db)
    with Store(db) as store:
        store.set_state("cursor", {"claim": ids["contact"], "filter": "unreviewed", "pane": "text",
                                   "article": None})
        o = read_opening(store)
    assert o.filter == "unreviewed" and o.claims.count == 7
    assert o.claims.rows[o.claims.target - o.claims.first].id == ids["contact"]
    assert o.claim is not None and o.claim.claim_id == ids["contact"]
    assert o.claim.detail is not None and o.claim.article is not None
    assert o.articles.count == 3 and len(o.articles.rows) == 3
    assert o.progress["total"] == 7 and o.article_count == 3


def test_opening_of_an_unreadable_store_is_none_and_the_screen_loads_as_usual(db: Path) -> None:
    store = Store(db)
    store.close()
    assert try_read_opening(store) is None


def test_opening_with_a_bad_cursor_falls_back_to_the_first_claim(db: Path) -> None:
    ids = claim_ids(db)
    with Store(db) as store:
        store.set_state("cursor", {"claim": "x", "filter": "nonsense", "article": 999})
        o = read_opening(store)
    assert o.filter == "all" and o.article is None
    assert o.claim is not None and o.claim.claim_id == ids["comms"]


@run_async
async def test_screen_from_an_opening_shows_the_resumed_claim_without_loading_it_again(
        db: Path, monkeypatch) -> None:
    ids = claim_ids(db)
    with Store(db) as store:
        store.set_state("cursor", {"claim": ids["capacity"], "filter": "all", "pane": "text",
                                   "article": None})
    loads: list[int] = []
    original = ReviewScreen.load_claim

    def counting(self: ReviewScreen, claim_id: int | None, cursor_at: int | None = None) -> None:
        loads.append(claim_id or 0)
        original(self, claim_id, cursor_at)

    monkeypatch.setattr(ReviewScreen, "load_claim", counting)
    store, opening = opened(db)
    app = ReviewApp(db, "me", {}, store=store, opening=opening)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        s = screen(app)
        assert s.claim_id == ids["capacity"] and s.claims.cursor == 2
        assert "in his capacity" in s.verdict.text
        assert app.focused is s.text_view
        assert "0/7 reviewed" in str(s.status.build())
        assert s.claims.count == 7 and s.articles.count == 3
        assert loads == []  # shown from the opening: no second read of the same claim
        await pilot.press("shift+tab", "x")  # back to the claims, then a verdict
        await settle(pilot)
        assert s.claim_id == ids["recall"]  # moved on to the next unreviewed claim
        assert loads  # which is loaded the ordinary way
    with Store(db, readonly=True) as check:
        assert check.claim_row(ids["capacity"]).verdict == "contradicted"  # type: ignore[attr-defined]


@run_async
async def test_the_first_frame_shows_the_article_scrolled_to_the_statement(db: Path, monkeypatch) -> None:
    """The article pane is drawn with its text in the first frame, not a frame later.

    It used to wrap on Resize, which Textual sends after the frame drawn at
    the new size: the first frame had an empty article pane, and the text
    (and a relayout for its scrollbar) came one frame later.
    """
    ids = claim_ids(db)
    with Store(db) as store:
        store.set_state("cursor", {"claim": ids["capacity"], "filter": "all", "pane": "claims",
                                   "article": None})
    before_resize: list[str] = []
    resized: list[bool] = []
    render_line, on_resize = ArticleView.render_line, ArticleView.on_resize

    def recording(self: ArticleView, y: int) -> Strip:
        strip = render_line(self, y)
        if not resized:
            before_resize.append(strip.text)
        return strip

    def resizing(self: ArticleView) -> None:
        resized.append(True)
        on_resize(self)

    monkeypatch.setattr(ArticleView, "render_line", recording)
    monkeypatch.setattr(ArticleView, "on_resize", resizing)
    store, opening = opened(db)
    app = ReviewApp(db, "me", {}, store=store, opening=opening)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = screen(app).text_view
        shown = " ".join(line.strip() for line in before_resize)
        assert "capacity as a senator" in shown, shown[:300]
        assert view.current_sentence() is not None
        start, _ = view.current_sentence()
        row = view.row_of(start)
        assert view.scroll_offset.y <= row < view.scroll_offset.y + view.size.height


@run_async
async def test_another_article_is_shown_at_its_statement_in_the_same_frame(db: Path) -> None:
    """Showing another article scrolled after the next refresh: one frame showed the new
    article at the old scroll position, its statement out of sight (claim to claim with j/k)."""
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=(80, 16)) as pilot:
        await settle(pilot)
        view = screen(app).text_view
        with Store(db, readonly=True) as store:
            texts = [read_article(store, a.id) for a in store.articles_page()]
        for data in [*texts, *reversed(texts)]:
            assert data is not None
            last = max(data.sentences, key=lambda s: s[1])  # the article's last sentence
            view.show(data, None, (last[1], last[2]))
            row = view.row_of(last[1])  # before any refresh: what the next frame draws
            assert row >= view.size.height or data is texts[0], (row, view.size.height)  # it scrolls
            assert view.scroll_offset.y <= row < view.scroll_offset.y + view.size.height, data.article.id
            await pilot.pause()


@run_async
async def test_a_narrow_terminal_opens_on_the_narrow_layout(db: Path, monkeypatch) -> None:
    """Textual sets the width's class on the first Resize, after the first frames: a 90-column
    terminal opened on the wide layout, the claims pane squeezed to six columns."""
    first: list[set[str]] = []
    display = ReviewApp._display

    def recording(self: ReviewApp, *args: Any, **kwargs: Any) -> Any:
        if not first and self.review is not None:
            first.append(set(self.review.classes))
        return display(self, *args, **kwargs)

    monkeypatch.setattr(ReviewApp, "_display", recording)
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=(90, 30)) as pilot:
        await settle(pilot)
        assert first and "-narrow" in first[0] and "-medium" not in first[0], first
        assert not screen(app).articles.display


@run_async
async def test_a_filter_with_no_claims_leaves_no_article_title(db: Path) -> None:
    """The article pane emptied, but its border kept the last article's title and byline."""
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        s = screen(app)
        await pilot.press("f", "f")  # unreviewed, then consistent: none yet
        await settle(pilot)
        assert s.claims.count == 0 and s.text_view.data is None
        assert str(s.text_view.border_title) == "Article" and s.text_view.border_subtitle is None
        await pilot.press("f", "f", "f")  # contradicted, unresolved, all
        await settle(pilot)
        assert s.claims.count == 7 and "Article" != str(s.text_view.border_title)


@run_async
async def test_nothing_is_drawn_again_after_the_first_frame(db: Path, monkeypatch) -> None:
    """Once the first frame is up, the panes are not redrawn until something changes.

    Each redraw is a frame written to the terminal: the verdict pane on its
    first Resize, the key bar on Textual's bindings signal, the claims pane
    on refocusing itself and on an unchanged subtitle used to draw the first
    screen again, a few frames after it was complete.
    """
    with Store(db) as store:
        store.set_state("cursor", {"claim": claim_ids(db)["capacity"], "filter": "all",
                                   "pane": "claims", "article": None})
    ready: list[bool] = []
    redrawn: list[str] = []
    refresh = Widget.refresh

    def recording(self: Widget, *args: Any, **kwargs: Any) -> Widget:
        if ready and self.__module__.startswith("workbench."):
            redrawn.append(type(self).__name__)
        return refresh(self, *args, **kwargs)

    monkeypatch.setattr(Widget, "refresh", recording)
    monkeypatch.setattr(ReviewApp, "_on_ready", lambda self, event: ready.append(True), raising=False)
    store, opening = opened(db)
    app = ReviewApp(db, "me", {}, store=store, opening=opening)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert ready
        assert redrawn == []


@run_async
async def test_key_bar_follows_focus_and_a_click_presses_the_key(db: Path) -> None:
    ids = claim_ids(db)
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        s = screen(app)
        bar = s.query_one(KeyBar)
        keys, palette = bar.items()
        assert ("x", "x", "Contradicted", True) in keys and palette is not None
        line = str(bar.render())
        assert "x Contradicted" in line and "Only this article" not in line
        assert line.rstrip().endswith("^p palette")
        s.articles.focus()
        await settle(pilot)
        assert "⏎ Only this article" in str(bar.render())
        s.claims.focus()
        await settle(pilot)
        start = str(bar.render()).index(" x Contradicted")
        await pilot.click(KeyBar, offset=(start + 1, 0))
        await settle(pilot)
    with Store(db, readonly=True) as check:
        assert check.claim_row(ids["comms"]).verdict == "contradicted"  # type: ignore[attr-defined]


@run_async
async def test_key_bar_keeps_the_palette_key_in_a_narrow_terminal(db: Path) -> None:
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=(90, 40)) as pilot:
        await settle(pilot)
        bar = screen(app).query_one(KeyBar)
        line = str(bar.render())
        assert len(line) <= 90 and line.rstrip().endswith("▏^p palette")
        # Every key is there (the first ones without their words), quit and help too: the bar
        # was cut after "/ S" at 80 columns.
        assert line.startswith(" c  x ") and "q Quit" in line and "? Keys" in line, line


@run_async
async def test_two_reviewers_on_one_file_each_come_back_where_they_were(db: Path) -> None:
    """The resume cursor was one per file: alice, reopening, landed on the claim (and filter)
    where bob had stopped. Now each reviewer has their own; a newcomer starts where the file
    was last left."""
    for reviewer, keys in (("alice", ["j", "j", "j"]), ("bob", ["G"])):
        app = ReviewApp(db, reviewer, {})
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press(*keys)
            await settle(pilot)
            where = screen(app).claim_id
            await pilot.press("q")
            await settle(pilot)
        if reviewer == "alice":
            alice_at = where
        else:
            bob_at = where
    assert alice_at != bob_at
    for reviewer, expected, ahead in (("alice", alice_at, True), ("bob", bob_at, False), ("carol", bob_at, True)):
        if ahead:  # as `workbench review` opens it: read before the screen
            store = Store(db)
            app = ReviewApp(db, reviewer, {}, store=store, opening=try_read_opening(store, reviewer))
        else:  # read by the screen's own worker
            app = ReviewApp(db, reviewer, {})
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert screen(app).claim_id == expected, reviewer
