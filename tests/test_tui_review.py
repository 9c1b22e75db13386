"""Pilot tests of the review screen: verdict keys, filters, panes, resume.

Each test drives keys the way a reviewer would and asserts both on what
the screen shows and on what the database holds (the store, reopened).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_data import SIZE, build, claim_ids, run_async, screen, settle, slowed

from workbench.store import Store
from workbench.tui.app import ReviewApp


def verdict_of(db: Path, claim_id: int) -> str | None:
    with Store(db, readonly=True) as store:
        row = store.claim_row(claim_id)  # type: ignore[attr-defined]
    assert row is not None
    return row.verdict


@run_async
async def test_first_open_focuses_claims_with_first_claim(db: Path) -> None:
    ids = claim_ids(db)
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        s = screen(app)
        assert app.focused is s.claims
        assert s.claims.cursor == 0
        assert s.claim_id == ids["comms"]
        assert "I did not have communications" in s.verdict.text
        assert "0/7 reviewed" in str(s.status.build())
        assert s.claims.count == 7 and s.articles.count == 3


@pytest.mark.parametrize(
    ("key", "label"), [("x", "contradicted"), ("c", "consistent"), ("u", "unresolved")]
)
@run_async
async def test_verdict_key_marks_and_moves_to_next_unreviewed(db: Path, key: str, label: str) -> None:
    ids = claim_ids(db)
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        s = screen(app)
        assert verdict_of(db, ids["comms"]) == label
        assert s.claim_id == ids["never"]
        assert s.claims.cursor == 1
        first = s.claims.row(0)
        assert first is not None and first.verdict == label
        assert "1/7 reviewed" in str(s.status.build())


@run_async
async def test_fast_keys_apply_to_successive_claims(db: Path) -> None:
    """x then c typed without waiting: the first claim contradicted, the second consistent."""
    ids = claim_ids(db)
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("x", "c")
        await settle(pilot)
        assert verdict_of(db, ids["comms"]) == "contradicted"
        assert verdict_of(db, ids["never"]) == "consistent"
        assert screen(app).claim_id == ids["capacity"]


@run_async
async def test_backspace_clears_verdict(db: Path) -> None:
    ids = claim_ids(db)
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("k")
        await settle(pilot)
        assert screen(app).claim_id == ids["comms"]
        assert "CONTRADICTED" in screen(app).verdict.text
        await pilot.press("backspace")
        await settle(pilot)
        assert verdict_of(db, ids["comms"]) is None
        assert "NOT REVIEWED" in screen(app).verdict.text


@run_async
async def test_filter_cycles(db: Path) -> None:
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        s = screen(app)
        seen = []
        for _ in range(5):
            await pilot.press("f")
            await settle(pilot)
            seen.append((s.filter, s.claims.count))
        assert seen == [("unreviewed", 6), ("consistent", 0), ("contradicted", 1),
                        ("unresolved", 0), ("all", 7)]
        assert "Claims" in str(s.claims.border_title) and "all" in str(s.claims.border_title)


@run_async
async def test_j_k_move_and_tab_cycles_panes(db: Path) -> None:
    ids = claim_ids(db)
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        s = screen(app)
        await pilot.press("j", "down")
        await settle(pilot)
        assert s.claim_id == ids["capacity"]
        await pilot.press("up")
        await settle(pilot)
        assert s.claim_id == ids["never"]
        await pilot.press("tab")
        assert app.focused is s.text_view
        await pilot.press("tab")
        assert app.focused is s.verdict
        await pilot.press("tab")
        assert app.focused is s.articles
        await pilot.press("shift+tab")
        assert app.focused is s.verdict


@run_async
async def test_a_move_during_a_reload_of_the_articles_counts_stays(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """j in the articles pane while its counts are re-read (after a verdict) is not undone when
    the read lands: the reload kept the cursor it began with, and put it back there."""
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        s = screen(app)
        await pilot.press("shift+tab")
        assert app.focused is s.articles and s.articles.cursor == 0
        slowed(monkeypatch, Store, "articles_page", 0.3)
        s.articles.reload()  # what a verdict sets off once the keys pause
        await pilot.press("j")
        assert s.articles.cursor == 1
        await settle(pilot)
        assert not s.articles.reloading and s.articles.cursor == 1


@run_async
async def test_enter_on_article_narrows_claims_and_a_widens(db: Path) -> None:
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        s = screen(app)
        s.articles.focus()
        await pilot.press("j", "enter")
        await settle(pilot)
        assert s.article_filter is not None and s.article_filter.stem == "nbc_b"
        assert s.claims.count == 3
        assert app.focused is s.claims
        assert "only" in str(s.claims.border_title) and "NBC News" in str(s.claims.border_title)
        assert s.shown_article is not None and s.shown_article.article.stem == "nbc_b"
        await pilot.press("a")
        await settle(pilot)
        assert s.article_filter is None and s.claims.count == 7


@run_async
async def test_o_in_a_list_narrowed_to_one_article_reaches_every_occurrence(db: Path) -> None:
    """Narrowed to the second article, the claim opens on its occurrence there; o goes round all
    of them. Back at the claim's first occurrence (another article), "0" was taken for "none
    chosen" and showed the narrowed article's again, so the first was never shown."""
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        s = screen(app)
        await pilot.press("shift+tab", "j", "enter")  # the second article's claims only
        await settle(pilot)
        assert s.detail is not None and s.shown_article is not None
        articles = [occ.article_id for occ in s.detail.occurrences]
        assert len(articles) == 3 and s.shown_article.article.id == s._article_id() != articles[0]
        shown = []
        for _ in articles:
            await pilot.press("o")
            await settle(pilot)
            shown.append(s.shown_article.article.id)
        assert sorted(shown) == sorted(articles)


@run_async
async def test_resume_restores_claim_filter_and_pane(db: Path) -> None:
    ids = claim_ids(db)
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")  # unreviewed
        await settle(pilot)
        await pilot.press("j", "j")
        await settle(pilot)
        await pilot.press("tab")  # article text pane
        await pilot.press("q")
        await settle(pilot)
    state = screen_state(db)
    assert {key: state[key] for key in ("claim", "filter", "pane", "article")} == {
        "claim": ids["capacity"], "filter": "unreviewed", "pane": "text", "article": None}
    again = ReviewApp(db, "me", {})
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        s = screen(again)
        assert s.claim_id == ids["capacity"]
        assert s.filter == "unreviewed"
        assert again.focused is s.text_view
        assert "in his capacity" in s.verdict.text
        await pilot.press("q")
        await settle(pilot)
    assert screen_state(db)["pane"] == "text"  # a reopened session keeps the pane too


@run_async
async def test_resume_restores_the_occurrence_and_the_sentence_cursor(db: Path) -> None:
    """Back where they were in the claim: the occurrence o showed, the sentence j/k reached."""
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        s = screen(app)
        assert s.detail is not None and len(s.detail.occurrences) > 1
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("tab", "j", "j", "j")
        await settle(pilot)
        left = (s.claim_id, s.occurrence, s.shown_article.article.id, s.text_view.sentence)
        assert left[1] == 1 and left[3] > 0
        await pilot.press("q")
        await settle(pilot)
    again = ReviewApp(db, "me", {})
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        s = screen(again)
        assert (s.claim_id, s.occurrence, s.shown_article.article.id, s.text_view.sentence) == left
        assert again.focused is s.text_view
        span = s.text_view.current_sentence()
        await pilot.press("e")  # links the sentence the cursor was left on
        await settle(pilot)
        await pilot.press("x")  # stance picker: contradicts
        await settle(pilot)
        assert s.detail is not None and s.detail.evidence
        linked = s.detail.evidence[0]
        assert (linked.article_id, linked.start, linked.end) == (left[2], *span)


def position(app: ReviewApp) -> tuple[object, ...]:
    """Where the reviewer is: claim, occurrence (by id), article and sentence shown, pane, articles row."""
    s = screen(app)
    assert s.detail is not None and s.shown_article is not None
    occ = s.detail.occurrences[s.occurrence]
    return (s.claim_id, occ.id, s.shown_article.article.id, s.text_view.sentence,
            getattr(app.focused, "id", None), s.articles.cursor)


async def reopened(db: Path) -> tuple[object, ...]:
    """The position a new window on ``db`` opens at."""
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        return position(app)


@run_async
async def test_resume_finds_the_occurrence_after_an_earlier_one_was_split_off(db: Path) -> None:
    """Left showing a claim's third occurrence (The Washington Post); a colleague then split the
    first one off. The claim still occurs there, so that is where the reviewer comes back."""
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("tab", "j")
        await settle(pilot)
        s = screen(app)
        assert s.detail is not None and s.occurrence == 2
        first, left = s.detail.occurrences[0], position(app)
        await pilot.press("q")
        await settle(pilot)
    with Store(db) as colleague:
        colleague.split_occurrence(first.id, "colleague")
    assert await reopened(db) == left


@run_async
async def test_a_preview_leaves_the_saved_sentence_cursor_alone(db: Path) -> None:
    """The sentence reached in the claim's article stays saved while the articles pane previews
    another article; resume shows the claim's article with that sentence."""
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("tab", "j", "j")
        await settle(pilot)
        left = position(app)
        await pilot.press("shift+tab", "shift+tab", "j")  # the articles pane, the next article
        await settle(pilot)
        assert position(app)[2] != left[2]
        await pilot.press("q")
        await settle(pilot)
    assert await reopened(db) == (*left[:4], "articles", 1)


@run_async
async def test_resume_restores_the_articles_cursor(db: Path) -> None:
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("shift+tab", "j", "j")
        await settle(pilot)
        assert screen(app).articles.cursor == 2
        await pilot.press("q")
        await settle(pilot)
    assert (await reopened(db))[4:] == ("articles", 2)


@run_async
async def test_small_terminal_keeps_the_claims_list(db: Path) -> None:
    """At 80x24 the articles list made way for nothing and the claims list had no width;
    now the articles list is hidden there (and its focus goes to the claims) and comes back
    when the terminal is wide again."""
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        s = screen(app)
        s.articles.focus()
        await settle(pilot)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert not s.articles.region.width
        assert s.claims.region.width >= 40 and s.verdict.region.width >= 30
        assert app.focused is s.claims
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert s.articles.region.width >= 20 and s.claims.region.width >= 50


def screen_state(db: Path) -> dict[str, object]:
    with Store(db, readonly=True) as store:
        return store.get_state("cursor")  # type: ignore[attr-defined,no-any-return]


@run_async
async def test_q_quits(db: Path) -> None:
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert app._exit  # the app is exiting
    assert app.return_code == 0


@run_async
async def test_keys_remap_from_settings(db: Path) -> None:
    ids = claim_ids(db)
    app = ReviewApp(db, "me", {"keys": {"review.verdict_consistent": "v"}})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert verdict_of(db, ids["comms"]) is None
        await pilot.press("v")
        await settle(pilot)
        assert verdict_of(db, ids["comms"]) == "consistent"


@run_async
async def test_second_instance_changes_show_up(db: Path) -> None:
    ids = claim_ids(db)
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        with Store(db) as other:
            other.set_verdict(ids["comms"], "unresolved", "someone")  # type: ignore[attr-defined]
        for _ in range(30):
            await pilot.pause(0.1)
            if "UNRESOLVED" in screen(app).verdict.text:
                break
        await settle(pilot)
        s = screen(app)
        assert "UNRESOLVED" in s.verdict.text
        row = s.claims.row(0)
        assert row is not None and row.verdict == "unresolved"


@run_async
async def test_disagreeing_reviewers_shown_and_settled_by_verdict(tmp_path: Path) -> None:
    """A merged file where two reviewers disagree: ≠ in the list, both verdicts shown; x settles."""
    from workbench.merge import merge_files

    files = []
    for reviewer, label in (("bo", "consistent"), ("cy", "contradicted")):
        path = build(tmp_path / f"{reviewer}.db")
        with Store(path) as store:
            store.set_verdict(claim_ids(path)["comms"], label, reviewer)  # type: ignore[attr-defined]
        files.append(path)
    db = tmp_path / "merged.db"
    merge_files(db, files)
    ids = claim_ids(db)
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        s = screen(app)
        assert s.claim_id == ids["comms"]
        row = s.claims.row(0)
        assert row is not None and row.mark == "≠"
        assert "≠ reviewers disagree" in s.verdict.text
        assert "bo: ✓ CONSISTENT" in s.verdict.text and "cy: ✗ CONTRADICTED" in s.verdict.text
        await pilot.press("x")
        await settle(pilot)
        with Store(db, readonly=True) as store:
            settled = store.claim(ids["comms"])  # type: ignore[attr-defined]
        assert settled.claim.verdict == "contradicted" and not settled.claim.disputed
        row = s.claims.row(0)
        assert row is not None and row.mark == "✗"
