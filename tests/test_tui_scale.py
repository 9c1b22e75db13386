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

from tui_data import run_async, settle

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
