"""Hardening of the review screen (App.run_test + pilot) against failing and shared databases.

A full disk (a real ``PRAGMA max_page_count`` on the app's own connection), a
read-only file, a database locked by another program, and a second instance
changing the same claims: every action either commits or visibly fails and
stays undone on screen; nothing is shown as saved that is not, and no verdict
made elsewhere is silently overwritten.
"""

from __future__ import annotations

import contextlib
import html
import os
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tui_data import SIZE, claim_ids, run_async, screen, settle

from workbench.store import Store, connection
from workbench.tui.app import ReviewApp
from workbench.tui.screens.review import ReviewScreen


def db_verdict(db: Path, claim_id: int, reviewer: str = "me") -> tuple[str | None, str | None]:
    """(final label of the claim, this reviewer's note), read through a fresh read-only Store."""
    with Store(db, readonly=True) as store:
        detail = store.claim(claim_id)
    mine = detail.verdict_of(reviewer)
    return detail.claim.verdict, (mine.note if mine else None)


def shown(app: ReviewApp) -> dict[str, object]:
    """What the screen shows about progress and the first claim."""
    s = screen(app)
    row = s.claims.row(0)
    return {
        "claim": s.claim_id,
        "mark": row.mark if row else None,
        "status": str(s.status.build()),
        "title": str(s.claims.border_title),
        "verdict": s.verdict.text.split("\n", 1)[0],
    }


def errors(app: ReviewApp) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications if n.severity == "error"]


async def write_note(pilot: Any, text: str) -> None:
    """n, the text, escape (which saves it), each handled before the next."""
    await pilot.press("n")
    await settle(pilot)
    await pilot.press(*text, "escape")
    await settle(pilot)


def fill_disk(store: Store) -> None:
    """Make the database 'full' for the app's own connection.

    ``max_page_count`` stops the file growing; the free space left inside the event log's last
    page is then used up, so the next reviewer action (which appends an event) needs a new
    page and fails with SQLITE_FULL, exactly as on a full disk.
    """
    with store.lock:
        conn = store.conn
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        assert conn.execute(f"PRAGMA max_page_count = {pages}").fetchone()[0] == pages
        conn.execute("PRAGMA synchronous = OFF")  # only to fill quickly; restored below
        chunk = 64
        while chunk:  # SQLITE_FULL rolls back the whole transaction: fill in shrinking chunks
            try:
                conn.execute("BEGIN IMMEDIATE")
                conn.executemany("INSERT INTO events(at, action) VALUES ('', 'test: fill')",
                                 [()] * chunk)
                conn.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                assert "full" in str(exc), exc
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                chunk //= 2
        conn.execute("PRAGMA synchronous = FULL")
        assert conn.execute("PRAGMA freelist_count").fetchone()[0] == 0
        assert conn.execute("PRAGMA page_count").fetchone()[0] == pages


# -- power-loss settings on the app's own connection ---------------------------------------


@run_async
async def test_app_store_is_wal_with_synchronous_full(db: Path) -> None:
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.store is not None
        conn = app.store.conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == connection.BUSY_TIMEOUT_MS > 0


# -- write failures ---------------------------------------------------------------------------


@run_async
async def test_full_disk_verdict_and_note_fail_visibly_and_stay_undone(db: Path) -> None:
    ids = claim_ids(db)
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.store is not None
        before = shown(app)
        assert before["claim"] == ids["comms"] and before["mark"] == "·"
        assert "0/7" in str(before["status"])
        fill_disk(app.store)

        await pilot.press("x")
        await settle(pilot)
        assert shown(app) == before  # same claim, same mark, same progress, same verdict pane
        assert any("full" in e and "contradicted" in e for e in errors(app)), errors(app)
        assert db_verdict(db, ids["comms"]) == (None, None)

        await write_note(pilot, "Met him twice")
        assert not any("Note saved" in n.message for n in app._notifications)
        assert sum("full" in e for e in errors(app)) >= 2, errors(app)
        assert "Met him twice" not in screen(app).verdict.text
        assert db_verdict(db, ids["comms"]) == (None, None)

        # Space comes back: the same key now saves, and only now shows as saved.
        with app.store.lock:
            app.store.conn.execute("PRAGMA max_page_count = 1000000")
        # Nothing typed is thrown away: the failed note reopens as typed and saves now.
        assert any("Your text is kept" in e for e in errors(app)), errors(app)
        await pilot.press("n")
        await settle(pilot)
        from textual.widgets import TextArea

        assert app.screen.query_one(TextArea).text == "Met him twice"
        await pilot.press("escape")
        await settle(pilot)
        assert db_verdict(db, ids["comms"]) == (None, "Met him twice")
        await pilot.press("x")
        await settle(pilot)
        row = screen(app).claims.row(0)
        assert row is not None and row.mark == "✗"
        assert db_verdict(db, ids["comms"])[0] == "contradicted"
    with Store(db, readonly=True) as store:
        assert store.integrity() == "ok"


def _make_unwritable(path: Path) -> bool:
    """Make ``path`` read-only even for root (immutable); False when this system can't."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        return True
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
    return done.returncode == 0


def _make_writable(path: Path) -> None:
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(path)], capture_output=True)
    path.chmod(0o644)


@run_async
async def test_read_only_file_verdict_fails_visibly_and_stays_undone(db: Path) -> None:
    ids = claim_ids(db)
    if not _make_unwritable(db):
        pytest.skip("cannot make a file read-only here (chattr unavailable)")
    try:
        app = ReviewApp(db, "me", {})  # opened for writing, as a second program might
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            before = shown(app)
            await pilot.press("x")
            await settle(pilot)
            assert shown(app) == before
            assert any("read-only" in e for e in errors(app)), errors(app)
    finally:
        _make_writable(db)
    assert db_verdict(db, ids["comms"]) == (None, None)


@run_async
async def test_locked_database_waits_then_says_so_and_never_freezes(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = claim_ids(db)
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 600)
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        gaps: list[float] = []
        last = [time.perf_counter()]

        def beat() -> None:
            now = time.perf_counter()
            gaps.append(now - last[0])
            last[0] = now

        await settle(pilot)
        before = shown(app)
        app.set_interval(0.05, beat)
        holder = sqlite3.connect(db, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            started = time.perf_counter()
            await pilot.press("x")
            for _ in range(100):
                await pilot.pause(0.05)
                if errors(app):
                    break
            waited = time.perf_counter() - started
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        await settle(pilot)
        assert any("locked by another program" in e and "waited 0.6 s" in e for e in errors(app)), errors(app)
        assert waited >= 0.5  # it waited for the lock before giving up
        assert max(gaps) < 0.5, max(gaps)  # the screen kept running while it waited
        assert shown(app) == before
        assert app.is_running
    assert db_verdict(db, ids["comms"]) == (None, None)


@contextlib.contextmanager
def lock_held(db: Path) -> Iterator[None]:
    """Another program holds the database's write lock meanwhile."""
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


async def exited(pilot: Any, app: ReviewApp, seconds: float = 5.0) -> bool:
    """Whether the app stops within ``seconds``."""
    for _ in range(int(seconds / 0.05)):
        if not app.is_running:
            return True
        await pilot.pause(0.05)
    return not app.is_running


@run_async
async def test_quitting_while_another_program_holds_the_lock_never_freezes(db: Path) -> None:
    """The last cursor save waits for the lock in a thread: the screen keeps running, shows it is
    saving, and exits once the save is in (the resume point is not lost)."""
    ids = claim_ids(db)
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        second = screen(app).claim_id
        assert second != ids["comms"]
        beats: list[float] = []
        app.set_interval(0.05, lambda: beats.append(time.perf_counter()))
        with lock_held(db):
            await pilot.press("q")
            await pilot.pause(0.6)
            assert app.is_running  # still waiting for the lock, and the loop ran meanwhile:
            assert len(beats) >= 4 and screen(app).status.busy
        assert await exited(pilot, app)
    with Store(db, readonly=True) as store:
        assert store.get_state("cursor")["claim"] == second


@run_async
async def test_nothing_starts_once_quit_is_pressed(db: Path) -> None:
    """While the last save waits for the lock, n opens no editor (a note typed there was lost
    at the exit) and x marks nothing: the quit is under way."""
    ids = claim_ids(db)
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        with lock_held(db):
            await pilot.press("q")
            await pilot.pause(0.2)
            await pilot.press("n", *"lost?", "x", "ctrl+p")
            await pilot.pause(0.2)
            assert len(app.screen_stack) == 1 and app.is_running
        assert await exited(pilot, app)
    assert db_verdict(db, ids["comms"]) == (None, None)


@run_async
async def test_a_note_that_cannot_be_saved_calls_the_quit_off(db: Path) -> None:
    """ctrl+q from the note editor on a full disk: the error shows and the app stays open,
    with the text kept (n brings it back)."""
    ids = claim_ids(db)
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"keep me")
        fill_disk(app.store)
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.pause(0.3)
        assert app.is_running
        assert any("Not saved: note" in e for e in errors(app)), errors(app)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen.text == "keep me"
    assert db_verdict(db, ids["comms"]) == (None, None)


def _note(db: Path, claim_id: int) -> str | None:
    with Store(db, readonly=True) as s:
        detail = s.claim(claim_id)
        mine = detail.verdict_of("me") if detail is not None else None
        return mine.note if mine is not None else None


@run_async
async def test_q_saves_a_note_whose_save_failed_and_a_second_q_leaves_without_it(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A note refused by a lock ("your text is kept: press n to try again"), then q once the lock
    is gone: the note is saved before the exit (q threw it away). With the lock still held, the
    quit is called off; q again leaves without it, as the warning says."""
    ids = claim_ids(db)
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 200)
    for still_locked in (False, True):
        app = ReviewApp(db, "me", {})
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            with lock_held(db):
                await write_note(pilot, "source confirms")
                assert any("it is done. Your text is kept" in e for e in errors(app)), errors(app)
                if still_locked:
                    await pilot.press("q")
                    await settle(pilot)
                    assert app.is_running
                    assert any("Not quitting" in n.message for n in app._notifications)
                    await pilot.press("q")
                    assert await exited(pilot, app)
            if not still_locked:
                await pilot.press("q")
                assert await exited(pilot, app)
        assert _note(db, ids["comms"]) == (None if still_locked else "source confirms")
        with Store(db) as s:  # back to no note for the second round
            s.set_note(ids["comms"], "", "me")


@run_async
async def test_a_note_refused_after_a_called_off_quit_is_saved_by_the_next_q(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the notes the called-off quit warned about are left by a later quit: one typed and
    refused since was thrown away by a single q (found by review)."""
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 200)
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        s = screen(app)
        first = s.claim_id
        with lock_held(db):
            await write_note(pilot, "first")
            await pilot.press("q")  # called off: "first" could not be saved
            await settle(pilot)
            assert app.is_running
        await pilot.press("n", "escape")  # the lock is gone: saved as the notice says
        await settle(pilot)
        assert _note(db, first) == "first"
        await pilot.press("j")
        await settle(pilot)
        second = s.claim_id
        with lock_held(db):
            await write_note(pilot, "second")
        await pilot.press("q")
        assert await exited(pilot, app)
    assert second != first and _note(db, second) == "second"


# -- two instances on one file --------------------------------------------------------------


@run_async
async def test_change_made_in_another_instance_is_never_silently_overwritten(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other window marks the claim this screen shows before this screen has noticed
    (its poll is held back); pressing x here must not overwrite it, and must say so."""
    ids = claim_ids(db)
    monkeypatch.setattr(ReviewScreen, "_poll", lambda self: None)
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert screen(app).claim_id == ids["comms"]
        with Store(db) as other:  # the same reviewer, in a second window
            other.set_verdict(ids["comms"], "unresolved", "me")
        await pilot.press("x")
        await settle(pilot)
        assert db_verdict(db, ids["comms"])[0] == "unresolved"
        assert any("changed elsewhere" in e for e in errors(app)), errors(app)
        s = screen(app)
        assert "UNRESOLVED" in s.verdict.text  # the screen now shows what is really there
        row = s.claims.row(0)
        assert row is not None and row.mark == "?"


@run_async
async def test_claim_marked_elsewhere_and_pressed_before_details_load_is_not_overwritten(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Move to a claim and press x before its details have loaded (a slow read): the screen
    only ever showed that claim as unreviewed, but another window has marked it meanwhile."""
    monkeypatch.setattr(ReviewScreen, "_poll", lambda self: None)
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        s = screen(app)
        second = s.claims.row(1)
        assert second is not None and second.mark == "·"
        assert app.store is not None
        real_claim = app.store.claim

        def slow_claim(claim_id: int):  # type: ignore[no-untyped-def]
            time.sleep(0.5)
            return real_claim(claim_id)

        monkeypatch.setattr(app.store, "claim", slow_claim)
        with Store(db) as other:
            other.set_verdict(second.id, "consistent", "me")
        await pilot.press("j")
        assert s.claim_id == second.id and "NOT REVIEWED" in s.verdict.text.split("\n", 1)[0]
        await pilot.press("x")
        await settle(pilot)
        assert db_verdict(db, second.id)[0] == "consistent", "the other window's verdict was overwritten"
        assert any("changed elsewhere" in e for e in errors(app)), errors(app)


@run_async
async def test_two_review_apps_on_one_file_both_write_safely(db: Path) -> None:
    ids = claim_ids(db)
    first, second = ReviewApp(db, "ann", {}), ReviewApp(db, "bob", {})
    async with first.run_test(size=SIZE) as p1, second.run_test(size=SIZE) as p2:
        await settle(p1)
        await settle(p2)
        await p1.press("x")  # ann: comms contradicted, moves on
        await settle(p1)
        await p2.press("j", "j")
        await settle(p2)
        target = screen(second).claim_id
        assert target is not None and target != ids["comms"]
        await p2.press("c")  # bob: a different claim
        await settle(p2)
        for _ in range(30):  # each sees the other's change (the 1 s poll)
            await p1.pause(0.1)
            row = screen(first).claims.row(2)
            if row is not None and row.verdict == "consistent":
                break
        await settle(p1)
        assert not errors(first) and not errors(second)
        assert "2/7" in str(screen(first).status.build())
    assert db_verdict(db, ids["comms"], "ann")[0] == "contradicted"
    assert db_verdict(db, target, "bob")[0] == "consistent"


# -- names shown literally --------------------------------------------------------------------


@run_async
async def test_file_name_with_markup_is_shown_literally(tmp_path: Path) -> None:
    from workbench.importer import import_paths

    article = tmp_path / "[bold]Sessions notes [@click=app.quit]x.txt"
    article.write_text("Sessions said, \u201cI never met them.\u201d The end of it.\n")
    db = tmp_path / "r.db"
    with Store(db) as store:
        report = import_paths(store, [article], subject="Jeff Sessions", aliases=["Sessions"])
    assert report.imported == 1, report
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = html.unescape(app.export_screenshot()).replace("\xa0", " ")
        assert "[bold]Sessions notes [@click=app.quit]x" in text  # the stem, as the title
        await pilot.click("#text", offset=(20, 0))
        await pilot.click("#articles", offset=(30, 1))
        await settle(pilot)
        assert app.is_running


@run_async
async def test_a_read_failing_in_a_pane_is_said_once_not_left_blank(db: Path, monkeypatch) -> None:
    """A damaged page of the file surfaces as a read error long after opening: the reviewer is told."""
    from workbench.tui import read_errors

    monkeypatch.setattr(read_errors, "_said", {})

    def damaged(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise sqlite3.DatabaseError("database disk image is malformed")

    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        monkeypatch.setattr(Store, "articles_page", damaged)
        s = screen(app)
        s.articles.reload()
        s.articles.reload()
        await settle(pilot)
        await pilot.pause(0.1)
        shown = [n.message for n in app._notifications]
        assert shown.count("Could not read from the database (database disk image is malformed): "
                           "the file may be damaged.") == 1
        await pilot.press("x")  # the rest of the screen still works
        await settle(pilot)
        assert "1/7 reviewed" in str(s.status.build())


def test_read_errors_say_damage_only_when_the_file_is_damaged(monkeypatch) -> None:
    from types import SimpleNamespace

    from textual.worker import WorkerState

    from workbench.tui import read_errors

    monkeypatch.setattr(read_errors, "_said", {})
    said: list[str] = []
    node = SimpleNamespace(app=SimpleNamespace(notify=lambda message, **kw: said.append(message)))
    for error in (sqlite3.OperationalError("database is locked"),
                  sqlite3.DatabaseError("database disk image is malformed"),
                  sqlite3.DatabaseError("database disk image is malformed")):
        read_errors.report_failed_read(node, SimpleNamespace(error=error), WorkerState.ERROR)  # type: ignore[arg-type]
    assert said == ["Could not read from the database (database is locked).",
                    "Could not read from the database (database disk image is malformed): "
                    "the file may be damaged."]


@run_async
async def test_an_article_damaged_outside_the_workbench_is_shown_marked_not_an_empty_screen(
        db: Path) -> None:
    """Bytes that are not UTF-8 in one article made the opening read fail: the whole screen
    stayed empty with sqlite3's error. Now the review opens, the article shows � where the
    damage is, the reviewer is told once, and verdicts still save."""
    from workbench.tui.opening import try_read_opening

    with Store(db) as first:
        shown = try_read_opening(first)
    assert shown is not None and shown.claim is not None and shown.claim.article is not None
    article = shown.claim.article.article.id
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE articles SET body = CAST(? AS TEXT) WHERE id = ?",
                     [b"Sessions said \xff\xfe that.", article])
    conn.close()
    store = Store(db)
    opening = try_read_opening(store)
    assert opening is not None and opening.claims.count == 7
    app = ReviewApp(db, "me", {}, store=store, opening=opening)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.pause(1.2)  # the next poll tells
        s = screen(app)
        assert s.claims.count == 7
        assert s.text_view.data.article.id == article
        assert s.text_view.data.body == "Sessions said \ufffd\ufffd that."
        told = [n for n in app._notifications if n.title == "Damaged file"]
        assert len(told) == 1 and "shown with � in its place" in told[0].message, told
        await pilot.press("x")
        await settle(pilot)
        assert "1/7 reviewed" in str(s.status.build())
        # evidence from the damaged text is linked like any other (the writer read its body)
        claim = s.claim_id
        ev = store.add_evidence(claim, article, 0, 8, "supports", "me")
        assert ev and [e.text for e in store.claim(claim).evidence] == ["Sessions"]


def test_a_save_never_writes_back_another_reviewers_damaged_note(db: Path) -> None:
    """A verdict rewrites the claim's verdict rows: read leniently, bob's damaged note would be
    written back with U+FFFD for good (and so would the undo snapshot). It is refused instead."""
    from workbench.store.errors import WriteFailed

    with Store(db) as s:
        claim = s.claims_page()[0].id
        s.set_note(claim, "café", "bob")
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE verdicts SET note = CAST(? AS TEXT) WHERE reviewer = 'bob'", [b"caf\xe9"])
    conn.close()
    with Store(db) as s, pytest.raises(WriteFailed, match="stored text of this claim"):
        s.set_verdict(claim, "consistent", "alice")
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT CAST(note AS BLOB) FROM verdicts WHERE reviewer = 'bob'").fetchone()[0] \
            == b"caf\xe9"
    conn.close()


@run_async
async def test_a_file_damaged_inside_is_said_a_moment_after_opening(db: Path, monkeypatch) -> None:
    """SQLite's quick check runs once, off the event loop, after the first paint."""
    from test_hardening_cli import damage_an_index

    from workbench.tui.screens import review

    named = db.with_name("x\x1b]0;T\x07y.db")  # a file name is shown, never sent to the terminal
    db.rename(named)
    damage_an_index(named)
    monkeypatch.setattr(review, "INTEGRITY_CHECK_AFTER", 0.05)
    app = ReviewApp(named, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _ in range(40):
            await pilot.pause(0.05)
            told = [n for n in app._notifications if n.title == "Damaged file"]
            if told:
                break
        assert len(told) == 1 and "Lists and exports may miss rows" in told[0].message, told
        assert told[0].message.startswith("x\\x1b]0;T\\x07y.db is damaged"), told[0].message


@run_async
async def test_the_integrity_check_waits_for_the_keys_to_pause(db: Path, monkeypatch) -> None:
    """Reading the whole file beside a run of verdicts slowed each by about a millisecond: the
    check starts only once no key has come for a while."""
    from workbench.tui.screens import review, review_state

    monkeypatch.setattr(review, "INTEGRITY_CHECK_AFTER", 0.0)
    monkeypatch.setattr(review_state, "INTEGRITY_IDLE", 1.5)
    started: list[float] = []
    monkeypatch.setattr(ReviewScreen, "_check_integrity", lambda self: started.append(time.monotonic()))
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        s = screen(app)
        end = time.monotonic() + 2.5
        while time.monotonic() < end:  # keys keep coming: the check waits
            await pilot.press("j")
            await pilot.pause(0.2)
        assert not started and s._last_key > 0
        last = s._last_key
        await pilot.pause(3.0)
        assert len(started) == 1 and started[0] - last >= 1.5
