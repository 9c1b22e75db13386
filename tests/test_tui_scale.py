"""The review screen stays responsive at newsroom scale.

Lists are virtual (only visible rows are drawn, pages fetched on demand)
and the article view wraps lazily, so opening 20,000 claims, jumping to the
last one, and showing a 5 MB single-line article or 100,000 short lines
must each take well under a second.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

from tui_data import count_layouts, run_async, settle

from workbench.store import NewClaim, NewOccurrence, PreparedArticle, Store
from workbench.tui.app import ReviewApp
from workbench.tui.widgets.article_view import wrap_rows
from workbench.tui.widgets.claims_list import short_date

SIZE = (160, 45)


def big_db(path: Path, articles: int, per: int = 10) -> Path:
    """``articles`` articles with ``per`` one-sentence claims each."""
    store = Store(path)
    store.set_story("Scale", "Jeff Sessions", ["Sessions"])
    keys: dict[str, int] = {}
    for first in range(0, articles, 500):
        items, claims = [], {}
        for a in range(first, min(articles, first + 500)):
            sentences = [f"Sessions said point {a}-{k} on topic {k * 7 % 13} holds." for k in range(per)]
            body = " ".join(sentences)
            spans, occs, pos = [], [], 0
            for k, sentence in enumerate(sentences):
                spans.append((pos, pos + len(sentence)))
                claims[f"{a}-{k}"] = NewClaim(sentence, "Jeff Sessions", said_on=f"2017-{1 + k:02d}-01")
                occs.append(NewOccurrence(f"{a}-{k}", pos, pos + len(sentence), sentence, "indirect"))
                pos += len(sentence) + 1
            meta = {"source": f"{a}.txt", "stem": f"a{a}", "sha256": hashlib.sha256(body.encode()).hexdigest(),
                    "title": f"Article {a}", "outlet": "NPR", "url": None, "published": "2017-03-02",
                    "byline": None, "body": body}
            items.append(PreparedArticle(meta, spans, occs))
        store.add_articles(items, claims, keys)
    store.close()
    return path


@run_async
async def test_twenty_thousand_claims_open_and_jump_fast(tmp_path: Path) -> None:
    db = big_db(tmp_path / "big.db", 2000)
    app = ReviewApp(db, "me", {})
    started = time.perf_counter()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        opened = time.perf_counter() - started
        review = app.review
        assert review is not None and review.claims.count == 20000
        started = time.perf_counter()
        await pilot.press("end")
        await settle(pilot)
        jumped = time.perf_counter() - started
        assert review.claims.cursor == 19999
        last = review.claims.current
        assert last is not None and review.claim_id == last.id
        await pilot.press("x")
        await settle(pilot)
        assert "1/20000 reviewed" in str(review.status.build())
    assert opened < 3.0 and jumped < 1.5, (opened, jumped)


def test_wrap_is_fast_for_huge_articles() -> None:
    for body in ("word " * 1_000_000, "x" * 5_000_000, "short line here\n" * 100_000):
        started = time.perf_counter()
        starts, ends = wrap_rows(body, 100)
        assert time.perf_counter() - started < 0.5
        assert all(e - s <= 100 for s, e in zip(starts[:1000], ends[:1000], strict=True))


def test_wrap_breaks_at_spaces_and_keeps_offsets() -> None:
    body = "hello world foo bar\nbaz"
    starts, ends = wrap_rows(body, 11)
    rows = [body[s:e] for s, e in zip(starts, ends, strict=True)]
    assert rows == ["hello world", "foo bar", "baz"]


def test_short_date_keeps_the_precision_it_has() -> None:
    assert short_date("2017-03-02") == "Mar  2 2017"
    assert short_date("2017-03") == "Mar 2017"
    assert short_date("2017") == "2017"
    assert short_date(None) == "—"
    assert short_date("2017-03-02", year=False) == "Mar  2"


@run_async
async def test_five_megabyte_single_line_article_scrolls(tmp_path: Path) -> None:
    body = ("Sessions said the thing was fine. " * 150_000)[:5_000_000]
    at = body.index("Sessions said", 4_000_000)
    store = Store(tmp_path / "huge.db")
    store.add_articles(
        [PreparedArticle({"source": "huge.txt", "stem": "huge", "sha256": "h" * 64, "title": "Huge",
                          "outlet": "X", "url": None, "published": None, "byline": None, "body": body},
                         [(i, i + 34) for i in range(0, len(body) - 34, 35)],
                         [NewOccurrence("k", at, at + 33, body[at:at + 33], "direct")])],
        {"k": NewClaim("the thing was fine", "Jeff Sessions")}, {},
    )
    store.close()
    app = ReviewApp(tmp_path / "huge.db", "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        review = app.review
        assert review is not None and review.shown_article is not None
        view = review.text_view
        assert view.scroll_offset.y > 10_000  # scrolled to the occurrence, deep in the line
        started = time.perf_counter()
        await pilot.press("tab", "j", "j", "pagedown", "k")
        await settle(pilot)
        assert time.perf_counter() - started < 1.5
        span = view.current_sentence()
        assert span is not None and span[0] > 4_000_000


@run_async
async def test_verdict_burst_repaints_rows_without_relayout_or_full_list_redraw(tmp_path: Path,
                                                                               monkeypatch) -> None:
    """A verdict redraws two list rows and the status line; never the screen's layout.

    Layout is what cost a key press its frame on a large review: the article
    pane's virtual size, a Static's update, the list's cursor reactive. This
    counts relayouts and whole-list repaints instead of timing anything. The
    pause that lets the side panes follow is made long so the whole loop is
    one burst however slow the machine, then its work is run by hand.
    """
    from textual.widget import Widget

    from workbench.tui.screens import review as review_module

    db = big_db(tmp_path / "big.db", 60)
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        review = app.review
        assert review is not None
        article_before = review.shown_article.article.id  # type: ignore[union-attr]
        monkeypatch.setattr(review_module, "DETAIL_DELAY", 3600.0)
        layouts: list[str] = []
        whole: list[str] = []
        original_refresh = Widget.refresh
        count_layouts(monkeypatch, layouts)

        def counting_refresh(self, *regions, **kwargs):  # type: ignore[no-untyped-def]
            if self is review.claims and not regions:
                whole.append("claims")
            if kwargs.get("layout"):
                layouts.append(type(self).__name__)
            return original_refresh(self, *regions, **kwargs)

        monkeypatch.setattr(Widget, "refresh", counting_refresh)
        for _ in range(12):  # within one view of the list: no scrolling
            await pilot.press("x")
            await pilot.pause()
        assert review.claims.cursor == 12
        assert layouts == [] and whole == []
        # the keys paused: the articles' counts, the title and the detail panes follow
        review._articles_due()
        review._load_due()
        for _ in range(50):
            await pilot.pause(0.02)
            if review.shown_article is not None and review.shown_article.article.id != article_before:
                break
        assert review.shown_article is not None and review.shown_article.article.id != article_before
        assert layouts == []  # another article, of another height: still no relayout
        assert whole == ["claims"]  # the title with the new progress


@run_async
async def test_stepping_past_the_bottom_scrolls_a_third_at_once(tmp_path: Path) -> None:
    db = big_db(tmp_path / "big.db", 20)
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        claims = app.review.claims  # type: ignore[union-attr]
        height = claims.size.height
        claims.move_to(height - 1)
        await settle(pilot)
        assert claims.scroll_offset.y == 0
        await pilot.press("j")
        await settle(pilot)
        assert claims.cursor == height
        assert claims.scroll_offset.y == height - height // 3  # the cursor a third of the way down
        await pilot.press("j", "j")
        await settle(pilot)
        assert claims.scroll_offset.y == height - height // 3  # the cursor moves, the rows stay
        claims.move_to(150)
        await settle(pilot)
        assert claims.scroll_offset.y == 150 - height // 2  # a jump centres it


@run_async
async def test_resumed_claim_far_down_stays_on_screen_when_the_terminal_shrinks(tmp_path: Path) -> None:
    """The opening puts the cursor on the resumed claim before any layout; a smaller terminal later
    must not leave it below the view either."""
    from workbench.tui.opening import try_read_opening

    db = big_db(tmp_path / "big.db", 60)
    with Store(db) as store:
        target = store.claims_page("all", None, 450, 1)[0]
        store.set_state("cursor", {"claim": target.id, "filter": "all", "pane": "claims", "article": None})
    store = Store(db)
    app = ReviewApp(db, "me", {}, store=store, opening=try_read_opening(store))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        claims = app.review.claims  # type: ignore[union-attr]
        assert claims.cursor == 450 and app.review.claim_id == target.id  # type: ignore[union-attr]
        top = claims.scroll_offset.y
        assert top <= 450 < top + claims.size.height
        claims.move_to(claims.scroll_offset.y + claims.size.height - 1)  # the last row on screen
        await settle(pilot)
        await pilot.resize_terminal(160, 24)
        await settle(pilot)
        top = claims.scroll_offset.y
        assert top <= claims.cursor < top + claims.size.height
