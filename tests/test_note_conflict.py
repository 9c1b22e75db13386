"""A note saved in one window is never silently overwritten from another.

Two windows on one file as the same reviewer: B opens the note editor, A saves
a note, B saves its own. B's save is refused (the note it started from is not
the note there now), B's text is kept, and ``n`` shows both so that B can
choose what to keep.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.widgets import TextArea
from tui_data import SIZE, claim_ids, run_async, screen, settle

from workbench.errors import WorkbenchError
from workbench.store import Conflict, Store
from workbench.tui.app import ReviewApp
from workbench.tui.screens.note import NoteEditor
from workbench.tui.screens.review import ReviewScreen


def note_of(db: Path, claim_id: int, reviewer: str = "me") -> str | None:
    with Store(db, readonly=True) as store:
        mine = store.claim(claim_id).verdict_of(reviewer)
    return mine.note if mine else None


def errors(app: ReviewApp) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications if n.severity == "error"]


def said(app: ReviewApp) -> list[str]:
    return [n.message for n in app._notifications]


# -- the store ----------------------------------------------------------------------------------


def test_set_note_refuses_when_the_note_changed_since_the_editor_opened(db: Path) -> None:
    claim = claim_ids(db)["comms"]
    with Store(db) as a, Store(db) as b:
        a.set_note(claim, "note from A", "me", expect_note="")
        with pytest.raises(Conflict) as caught:
            b.set_note(claim, "note from B", "me", expect_note="")
        assert caught.value.current == "note from A"
        assert "another window" in str(caught.value)
        assert note_of(db, claim) == "note from A"
        # Started from A's note: saved.
        b.set_note(claim, "note from A, and B", "me", expect_note="note from A")
        assert note_of(db, claim) == "note from A, and B"
        # The same text as is there already is no conflict; a cleared note is "".
        a.set_note(claim, "note from A, and B", "me", expect_note="note from A")
        b.set_note(claim, "  ", "me", expect_note="note from A, and B")
        assert note_of(db, claim) is None
        a.set_note(claim, "again", "me", expect_note="")
        assert note_of(db, claim) == "again"


def test_set_note_is_not_refused_for_what_other_reviewers_did(db: Path) -> None:
    """Only the reviewer's own note is checked: another reviewer's verdict (a new claim
    revision) is not a reason to refuse a note."""
    claim = claim_ids(db)["comms"]
    with Store(db) as a, Store(db) as b:
        b.set_verdict(claim, "contradicted", "ann")
        a.set_note(claim, "mine", "me", expect_note="")
        assert note_of(db, claim) == "mine"
        assert note_of(db, claim, "ann") is None


# -- two windows -----------------------------------------------------------------------------------


async def _open_editor(pilot) -> TextArea:  # type: ignore[no-untyped-def]
    await pilot.press("n")
    await settle(pilot)
    assert isinstance(pilot.app.screen, NoteEditor)
    return pilot.app.screen.query_one(TextArea)


@pytest.mark.parametrize("poll", [True, False], ids=["seen", "not_yet_seen"])
@run_async
async def test_note_saved_in_another_window_is_kept_and_shown_with_mine(
    db: Path, poll: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """B's editor was opened on the empty note; A saves one; B saves its own text. Whether or
    not B's screen has reloaded A's note meanwhile (its once-a-second poll), B's save is
    refused, B's text is kept, and ``n`` shows A's note and B's text to choose from."""
    claim = claim_ids(db)["comms"]
    if not poll:
        monkeypatch.setattr(ReviewScreen, "_poll", lambda self: None)
    a, b = ReviewApp(db, "me", {}), ReviewApp(db, "me", {})
    async with a.run_test(size=SIZE) as pa, b.run_test(size=SIZE) as pb:
        await settle(pa)
        await settle(pb)
        assert screen(a).claim_id == screen(b).claim_id == claim
        editor = await _open_editor(pb)
        assert editor.text == ""
        await _open_editor(pa)
        await pa.press(*"note from A", "escape")
        await settle(pa)
        assert note_of(db, claim) == "note from A"
        if poll:
            for _ in range(40):  # B's screen reloads the claim under its editor
                await pb.pause(0.1)
                if "note from A" in screen(b).verdict.text:
                    break
            assert "note from A" in screen(b).verdict.text
        await pb.press(*"note from B", "escape")
        await settle(pb)
        assert note_of(db, claim) == "note from A", "B's save overwrote A's note"
        assert "Note saved." not in said(b)
        assert any("changed in another window" in e and "your text is kept" in e
                   and "press n to see both" in e for e in errors(b)), errors(b)
        assert "note from A" in screen(b).verdict.text  # B's screen shows what is saved

        editor = await _open_editor(pb)
        assert "note from A" in editor.text and "note from B" in editor.text
        assert editor.text.index("note from A") < editor.text.index("note from B")
        hint = str(pb.app.screen.query_one("#saved-elsewhere").render())
        assert "another window" in hint
        editor.load_text("A's and B's, reconciled")
        await pb.press("escape")
        await settle(pb)
        assert note_of(db, claim) == "A's and B's, reconciled"
        assert "Note saved." in said(b)
        # Nothing left over: n now opens the saved note alone.
        editor = await _open_editor(pb)
        assert editor.text == "A's and B's, reconciled"
        assert not pb.app.screen.query("#saved-elsewhere")
        await pb.press("escape")
        await settle(pb)


@pytest.mark.parametrize("key", ["escape", "ctrl+q"])
@run_async
async def test_reconciling_without_editing_keeps_both(db: Path, key: str) -> None:
    """Escape in the editor that shows both saves both (nothing typed is thrown away); so does
    quitting from it (it saved mine alone over the other window's)."""
    claim = claim_ids(db)["comms"]
    b = ReviewApp(db, "me", {})
    async with b.run_test(size=SIZE) as pb:
        await settle(pb)
        await _open_editor(pb)
        with Store(db) as a:
            a.set_note(claim, "note from A", "me", expect_note="")
        await pb.press(*"note from B", "escape")
        await settle(pb)
        assert note_of(db, claim) == "note from A"
        await _open_editor(pb)
        await pb.press(key)
        await settle(pb)
        assert note_of(db, claim) == "note from A\n\nnote from B"
        assert not errors(b)[1:], errors(b)


@run_async
async def test_another_reviewers_verdict_does_not_refuse_my_note(db: Path) -> None:
    claim = claim_ids(db)["comms"]
    b = ReviewApp(db, "me", {})
    async with b.run_test(size=SIZE) as pb:
        await settle(pb)
        await _open_editor(pb)
        with Store(db) as other:
            other.set_verdict(claim, "consistent", "ann")
        await pb.pause(1.3)  # the poll has seen it
        await pb.press(*"mine", "escape")
        await settle(pb)
        assert note_of(db, claim) == "mine"
        assert not errors(b), errors(b)
        assert "Note saved." in said(b)


@run_async
async def test_my_own_queued_save_is_not_another_windows_change(db: Path) -> None:
    """With the file locked for a moment, a second edit of the note typed over the first
    (still queued) saves both edits; it was refused as "changed in another window"."""
    import sqlite3
    import threading

    claim = claim_ids(db)["comms"]
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lock = sqlite3.connect(db, check_same_thread=False)
        lock.execute("BEGIN IMMEDIATE")
        threading.Timer(1.0, lambda: (lock.rollback(), lock.close())).start()
        await pilot.press("n", *"first", "escape")
        await pilot.pause(0.2)
        await pilot.press("n", *" second", "escape")
        for _ in range(60):
            if note_of(db, claim) == "first second":
                break
            await pilot.pause(0.1)
        await settle(pilot)
        assert not errors(app)
    assert note_of(db, claim) == "first second"


@run_async
async def test_note_reopened_before_the_details_reload_shows_the_note_just_saved(
        db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``n`` pressed after a save committed but before the claim's details were read again
    opened the note as it was before the save (and saving from there was refused as
    "changed in another window"): the saved note stays the one typed over until the
    details on screen include it."""
    claim = claim_ids(db)["comms"]
    gate, release = _slow_details(monkeypatch)
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        gate.set()
        await pilot.press("n", *"first", "escape")
        for _ in range(50):
            if note_of(db, claim) == "first" and not screen(app).writing:
                break
            await pilot.pause(0.05)
        assert note_of(db, claim) == "first"
        await pilot.press("n")
        await pilot.pause(0.1)
        assert isinstance(app.screen, NoteEditor)
        assert app.screen.query_one(TextArea).text == "first"
        await pilot.press(*" second", "escape")
        release.set()
        gate.clear()
        for _ in range(60):
            if note_of(db, claim) == "first second":
                break
            await pilot.pause(0.1)
        await settle(pilot)
        assert not errors(app), errors(app)
        assert screen(app)._note_queued == {}  # the details shown include both saves
    assert note_of(db, claim) == "first second"


def _slow_details(monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, threading.Event]:
    """Reads of a claim's details wait (while the gate is set) until released."""
    from workbench.tui.screens import review
    gate, release = threading.Event(), threading.Event()
    read_claim = review.read_claim

    def slow_read(*args: object, **kwargs: object) -> object:
        if gate.is_set():
            release.wait(5)
        return read_claim(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(review, "read_claim", slow_read)
    return gate, release


async def _wait(pilot: object, cond: object, n: int = 60) -> None:
    for _ in range(n):
        if cond():  # type: ignore[operator]
            return
        await pilot.pause(0.05)  # type: ignore[attr-defined]


async def _save_first(pilot: object, app: ReviewApp, db: Path, claim: int, gate: threading.Event) -> None:
    """Once the screen is up: hold the details' reads, then save the note "first" and wait
    for it to be committed."""
    await settle(pilot)
    gate.set()
    await pilot.press("n", *"first", "escape")  # type: ignore[attr-defined]
    await _wait(pilot, lambda: note_of(db, claim) == "first" and not screen(app).writing)


@run_async
async def test_undo_right_after_a_note_save_opens_the_undone_note(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Save, undo, then n before the details are read again: the editor showed the undone note
    and saving from it was refused as changed in another window (review of e471c30)."""
    claim = claim_ids(db)["comms"]
    gate, release = _slow_details(monkeypatch)
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await _save_first(pilot, app, db, claim, gate)
        await pilot.press("ctrl+z")
        await _wait(pilot, lambda: note_of(db, claim) is None and not screen(app).writing)
        assert note_of(db, claim) is None
        await pilot.press("n")
        await pilot.pause(0.1)
        assert isinstance(app.screen, NoteEditor)
        opened = app.screen.query_one(TextArea).text
        await pilot.press(*"x", "escape")
        await _wait(pilot, lambda: not screen(app).writing)
        release.set()
        gate.clear()
        await settle(pilot)
        assert opened == "", opened
        assert not errors(app), errors(app)


@run_async
async def test_a_failed_save_does_not_forget_the_save_before_it(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A save committed, the next one failed, n before the details are read again: the editor
    said the note was cleared in another window, and saving was refused."""
    claim = claim_ids(db)["comms"]
    gate, release = _slow_details(monkeypatch)
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await _save_first(pilot, app, db, claim, gate)
        store = screen(app).store
        real = store.set_note
        calls = []

        def failing(*a, **k):
            calls.append(1)
            if len(calls) == 1:
                raise WorkbenchError("disk full")
            return real(*a, **k)

        monkeypatch.setattr(store, "set_note", failing)
        await pilot.press("n", *" second", "escape")
        await _wait(pilot, lambda: calls and not screen(app).writing)
        await pilot.press("n")
        await pilot.pause(0.1)
        assert isinstance(app.screen, NoteEditor)
        opened = app.screen.query_one(TextArea).text
        hint = [str(w.render()) for w in app.screen.query("#saved-elsewhere")]
        await pilot.press("escape")
        await _wait(pilot, lambda: not screen(app).writing)
        release.set()
        gate.clear()
        await settle(pilot)
        assert opened == "first second"  # the text typed, kept for another try
        assert not hint, hint
        assert errors(app)[1:] == [], errors(app)
        assert note_of(db, claim) == "first second"


@run_async
async def test_a_blank_note_saved_is_no_note_when_reopened(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A note of one blank line is stored as no note; n before the details were read again
    opened the blank line, and saving from it was refused."""
    claim = claim_ids(db)["comms"]
    gate, release = _slow_details(monkeypatch)
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        gate.set()
        await pilot.press("n", "enter", "escape")
        await _wait(pilot, lambda: not screen(app).writing)
        await pilot.pause(0.3)
        await pilot.press("n")
        await pilot.pause(0.1)
        opened = app.screen.query_one(TextArea).text
        await pilot.press(*"x", "escape")
        await _wait(pilot, lambda: not screen(app).writing)
        release.set()
        gate.clear()
        await settle(pilot)
        assert opened == ""
        assert not errors(app), errors(app)
    assert note_of(db, claim) == "x"
