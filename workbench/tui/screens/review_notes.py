"""Notes on the review screen: the editor, and what ``n`` opens while a save is under way.

A note is saved like every action (one job on the write queue), but the
editor must open on the note as the reviewer last saved it, even before the
claim's details are read again, and a note whose save failed comes back as
typed. That bookkeeping is here.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.errors import WorkbenchError
from workbench.store import Conflict
from workbench.tui.screens.review_actions import Outcome, why_failed

if TYPE_CHECKING:
    from workbench.tui.screens.review import ReviewScreen


def _note_not_saved(exc: Exception) -> str:
    """Why a note was not saved, and how to get the text typed back."""
    if isinstance(exc, Conflict) and isinstance(exc.current, str):  # the note itself changed
        return "The note was changed in another window; your text is kept — press n to see both."
    why = why_failed(exc).rstrip()
    return f"{why}{'' if why.endswith(('.', '!', '?')) else '.'} Your text is kept: press n on the claim to try again."


@dataclass(slots=True, eq=False)
class _QueuedNote:
    """A note save of this window: its text, and the claim revision it made once committed."""

    text: str
    rev: int | None = None


class ReviewNotes:
    """Mixed into :class:`ReviewScreen`; ``self`` is the screen."""

    def _init_notes(self: ReviewScreen) -> None:
        self._note_drafts: dict[int, str] = {}  # notes typed but not (yet) saved
        self._note_bases: dict[int, str] = {}  # the saved note each draft was typed over
        # A note saved (or being saved) that the loaded details may not show yet: the note it writes.
        self._note_queued: dict[int, _QueuedNote] = {}
        # Guards the three note dicts: a save's thread updates its own entries while the event
        # loop may be queueing a newer save of the same claim.
        self._note_lock = threading.Lock()

    def action_note(self: ReviewScreen) -> None:
        """Open the note editor; escape saves (an unchanged note writes nothing).

        The save is refused when the note is no longer the one the editor
        started from (saved from another window meanwhile): the text typed is
        kept as a draft, and ``n`` then opens the saved note and the draft
        together, to keep what the reviewer chooses.
        """
        from workbench.tui.screens.note import NoteEditor

        if self.dialog_waits(self.action_note):  # typed right after a move or verdict: for the claim reached
            return
        if self.detail is None or self.read_only_refused():
            return
        claim = self.detail.claim
        mine = self.detail.verdict_of(self.reviewer)
        stored = (mine.note if mine else None) or ""
        with self._note_lock:
            # A save of this reviewer still queued (a locked file) writes its text before this
            # one: that is the note this one is typed over, not another window's.
            queued = self._note_queued.get(claim.id)
            stored = queued.text if queued is not None else stored
            # A note whose save failed comes back as it was typed, not as stored; with
            # the stored note too when that has changed since the draft was begun.
            draft = self._note_drafts.get(claim.id)
            base = self._note_bases.get(claim.id, stored)
        if draft == stored:
            draft = None
        elsewhere = None
        if draft is not None and stored not in (base, draft):
            elsewhere = stored
        initial = stored if draft is None else "\n\n".join(t for t in (elsewhere, draft) if t)

        def saved(text: str | None) -> None:
            if text is None:  # unchanged: save it anyway if it is an unsaved draft
                with self._note_lock:
                    text = self._note_drafts.get(claim.id)
                if text is None:
                    return
            self._queue_note(claim.id, text, stored)

        title = "Note · " + " ".join(claim.text.split())[:60]
        self.note_opened(NoteEditor(initial, title, elsewhere), saved)

    def _queue_note(self: ReviewScreen, claim_id: int, text: str, stored: str) -> None:
        """Queue the save of ``text`` as the reviewer's note, typed over the saved note ``stored``;
        until it commits, the text is kept as a draft (a failed save keeps it for ``n``)."""
        with self._note_lock:
            self._note_drafts[claim_id] = text
            self._note_bases[claim_id] = stored
            replaced = self._note_queued.get(claim_id)
            entry = _QueuedNote(text if text.strip() else "")  # blank is no note, as stored
            self._note_queued[claim_id] = entry

        def job() -> Outcome:
            try:
                rev = self.store.set_note(claim_id, text, self.reviewer, expect_note=stored)
            except Exception as exc:  # the reviewer's text stays: say how to get it back
                with self._note_lock:  # only this save's entry, not a newer one queued meanwhile
                    if self._note_queued.get(claim_id) is entry:
                        # back to the save it replaced, if that one was made
                        if replaced is not None and replaced.rev is not None:
                            self._note_queued[claim_id] = replaced
                        else:
                            del self._note_queued[claim_id]
                raise WorkbenchError(_note_not_saved(exc)) from None
            self._last_rev[claim_id] = rev
            with self._note_lock:
                entry.rev = rev  # kept until details of this revision are shown (note_shown)
                if self._note_drafts.get(claim_id) == text:
                    self._note_drafts.pop(claim_id, None)
                    self._note_bases.pop(claim_id, None)
            return Outcome(select=claim_id, notice="Note saved.")

        self.submit("note", job)

    def save_drafts(self: ReviewScreen, leave: dict[int, str]) -> None:
        """Queue again the save of every note whose save failed (a quit does, so that a lock
        gone since does not cost the text), but those in ``leave`` as they are."""
        for claim_id, text in self.drafts().items():
            if leave.get(claim_id) != text:
                with self._note_lock:
                    stored = self._note_bases.get(claim_id, "")
                self._queue_note(claim_id, text, stored)

    def drafts(self: ReviewScreen) -> dict[int, str]:
        """Notes typed whose save failed (claim -> text), not those whose save is on its way."""
        with self._note_lock:
            pending = {c for c, e in self._note_queued.items() if e.rev is None}
            return {c: t for c, t in self._note_drafts.items() if c not in pending}

    def _forget_saved_notes(self: ReviewScreen) -> None:
        """After an undo or redo: a note saved earlier may be undone, so the details say what it is."""
        with self._note_lock:
            for claim_id in [k for k, e in self._note_queued.items() if e.rev is not None]:
                del self._note_queued[claim_id]

    def note_shown(self: ReviewScreen, claim_id: int, rev: int) -> None:
        """Details of ``claim_id`` at revision ``rev`` are shown: a save they include is done with.

        Why not when the save commits: the details on screen are read after
        that, and ``n`` pressed in between would open the note as it was before.
        """
        with self._note_lock:
            entry = self._note_queued.get(claim_id)
            if entry is not None and entry.rev is not None and rev >= entry.rev:
                del self._note_queued[claim_id]
