"""A second window on the same file: what another window or command writes shows here, and
nothing else (another window's resume cursor) makes this one read every pane again."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tui_data import SIZE, claim_ids, run_async, screen, settle

from workbench.store import Store
from workbench.tui.app import ReviewApp
from workbench.tui.screens.review import ReviewScreen


async def until(pilot: Any, done: Callable[[], bool], tries: int = 30) -> None:
    """Wait (0.1 s at a time) for ``done()``: the poll runs once a second."""
    for _ in range(tries):
        await pilot.pause(0.1)
        if done():
            return


def _count_reloads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    reloads: list[int] = []
    real = ReviewScreen.reload_all
    monkeypatch.setattr(ReviewScreen, "reload_all", lambda self: (reloads.append(1), real(self))[1])
    return reloads


@run_async
async def test_another_windows_cursor_saves_do_not_reload_this_one(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each window saves its reviewer's cursor as they move: that is not news for the others,
    whose panes were all read again after each (every commit changes data_version)."""
    reloads = _count_reloads(monkeypatch)
    ids = claim_ids(db)
    app = ReviewApp(db, "b", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        with Store(db) as other:
            for at in (0, 89):
                other.set_state("cursor:a", {"claim": ids["comms"], "pane": "text", "text": {"at": at}})
                await pilot.pause(1.2)  # (the poll runs once a second)
        assert not reloads
        with Store(db) as other:
            other.set_verdict(ids["comms"], "unresolved", "a")  # type: ignore[attr-defined]
        await until(pilot, lambda: bool(reloads))
        assert reloads


@run_async
async def test_cursor_saves_elsewhere_do_not_reload_after_this_window_wrote(
        db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The window's own verdict changes the content mark (an event) but not data_version (its own
    connection): taken as seen when it commits, or the next cursor save of another window
    reloaded every pane after each verdict here."""
    reloads = _count_reloads(monkeypatch)
    ids = claim_ids(db)
    app = ReviewApp(db, "b", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")  # this window's own verdict (an event)
        await settle(pilot)
        await pilot.pause(1.2)  # a poll: nothing from others yet
        assert not reloads
        with Store(db) as other:
            other.set_state("cursor:a", {"claim": ids["comms"], "pane": "text"})
            await pilot.pause(1.2)
        assert not reloads, "another window's cursor save reloaded this one (own event made the mark stale)"


@run_async
async def test_a_failed_poll_read_is_tried_again(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A poll's read failing once ("database is locked", a disk hiccup) must not lose the change
    it found: the next poll reports it again."""
    import sqlite3

    reloads = _count_reloads(monkeypatch)
    ids = claim_ids(db)
    app = ReviewApp(db, "b", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.pause(1.2)  # the first poll (reads where the news starts)
        real = Store.verdicts_changed_by_others
        failed: list[int] = []

        def once(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            if not failed:
                failed.append(1)
                raise sqlite3.OperationalError("database is locked")
            return real(self, *args, **kwargs)

        monkeypatch.setattr(Store, "verdicts_changed_by_others", once)
        with Store(db) as other:
            other.set_verdict(ids["comms"], "unresolved", "a")  # type: ignore[attr-defined]
        await until(pilot, lambda: bool(reloads), 40)
        assert failed, "the failing read was not reached"
        assert reloads, "another reviewer's verdict never reached this window after one failed read"


@run_async
async def test_a_story_named_elsewhere_shows_after_the_reload(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A story named elsewhere (an import with --story) shows in the status line after the reload;
    it kept the name the window opened with."""
    reloads = _count_reloads(monkeypatch)
    app = ReviewApp(db, "b", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        s = screen(app)
        with Store(db) as other:
            other.set_story("Sessions and the Russians", None, [])
        await until(pilot, lambda: bool(reloads))
        await settle(pilot)
        assert reloads
        assert s.status.story == "Sessions and the Russians"


@run_async
async def test_a_colleagues_split_keeps_the_occurrence_shown_here(db: Path) -> None:
    """This window shows a claim's third occurrence (The Washington Post); a colleague splits off
    the first. The reload keeps the occurrence by its id: by its place it showed another article."""
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        s = screen(app)
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert s.detail is not None and s.occurrence == 2
        shown = s.detail.occurrences[2]
        first = s.detail.occurrences[0]
        with Store(db) as colleague:
            colleague.split_occurrence(first.id, "colleague")
        await until(pilot, lambda: len(s.detail.occurrences) == 2)
        await settle(pilot)
        assert len(s.detail.occurrences) == 2
        now = s.detail.occurrences[s.occurrence]
        assert (now.id, s.shown_article.article.id) == (shown.id, shown.article_id)


@run_async
async def test_cli_import_while_open_shows_new_articles_and_claims(db: Path, tmp_path: Path) -> None:
    """The usual case: `workbench import DB more/` while a window is open."""
    import asyncio
    import subprocess
    import sys

    more = tmp_path / "more"
    more.mkdir()
    (more / "cnn_d.txt").write_text(
        "Sessions Denies Wrongdoing\n\n"
        "Attorney General Jeff Sessions said Friday that he never lied to the Senate. "
        "\"I did not have communications with the Russians,\" Sessions said again. "
        "Sessions said he would cooperate with any investigation.\n", encoding="utf-8")
    app = ReviewApp(db, "b", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        s = screen(app)
        before_articles, before_claims = s.articles.count, s.claims.count
        done = await asyncio.to_thread(subprocess.run, [sys.executable, "-m", "workbench", "import", str(db), str(more)],
                                       capture_output=True, text=True, cwd=Path(__file__).parent.parent)
        assert done.returncode == 0, done.stderr
        await until(pilot, lambda: s.articles.count != before_articles)
        await settle(pilot)
        assert s.articles.count == before_articles + 1
        assert s.claims.count > before_claims, done.stdout
