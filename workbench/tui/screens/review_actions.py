"""The write side of the review screen: every reviewer action, committed before it shows.

Each action becomes a job on one queue, drained by one thread worker (the
store's lock would serialise writers anyway; the queue also keeps them in
the order the keys were pressed). A job runs the store call, which returns
only once the transaction is committed; only then does the screen redraw
from the database. On ``WriteFailed`` or ``Conflict`` the screen shows an
error and reloads the claim, so it never shows as saved what is not.

Verdict jobs resolve their claim when they run, not when the key was
pressed: ``x`` then ``c`` typed quickly mark this claim and then the next
one, exactly as if the reviewer had waited for the cursor to move.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import work
from textual.timer import Timer

from workbench.errors import WorkbenchError
from workbench.store import ClaimRow
from workbench.tui.opening import NO_OCCURRENCE

if TYPE_CHECKING:
    from workbench.tui.screens.review import ReviewScreen


@dataclass
class Outcome:
    """What a finished job asks the screen to do: select a claim, say something."""

    select: int | None = None
    notice: str | None = None
    severity: str = "information"
    row: ClaimRow | None = None  # the claim as committed, to redraw in place
    progress: dict[str, int] | None = None  # counts after the commit
    asked: int = 0  # the screen's article request count when the key was pressed (see submit)


Job = Callable[[], Outcome | None]


def why_failed(exc: Exception) -> str:
    """A failed write in one line: a WorkbenchError says it itself; anything else by its type."""
    return str(exc) if isinstance(exc, WorkbenchError) else f"{type(exc).__name__}: {exc}"




# Writes whose outcome leaves the cursor where it is: a key that acts on the shown claim need
# not wait for them (a note saved, then n again on the same claim, opens at once).
# (Not "clear verdict": in a verdict filter the claim cleared leaves the list.)
STAYING_WRITES = frozenset({"note", "evidence", "unlink evidence"})

class ReviewActions:
    """Mixed into :class:`ReviewScreen`; ``self`` is the screen."""

    def _init_actions(self: ReviewScreen) -> None:
        self._jobs: deque[tuple[str, Job]] = deque()
        self._jobs_lock = threading.Lock()
        self._cursor_writes = 0  # writes queued or running that may move the cursor (not STAYING_WRITES)
        self._draining = False
        self._init_quit()
        self._last_rev: dict[int, int] = {}
        self._busy_timer: Timer | None = None
        self._held: deque[tuple[Callable[[], None], int]] = deque()  # (action, asked_now when held)
        self._held_asked: int | None = None  # the asked_now of the held action being made
        self._replaying = False
        self.jumping = False  # a jump (timeline, search) is looking up where its claim is
        self._init_notes()

    # -- the queue -------------------------------------------------------------------
    def read_only_refused(self: ReviewScreen) -> bool:
        """On a read-only file, say nothing can be changed and return True (why before a
        dialog opens: a note typed or a stance picked would only be refused at the end)."""
        if self.store.readonly:
            self.notify("This database is open read-only: nothing was changed.",
                        title="Read-only", severity="error", markup=False)
        return self.store.readonly

    def submit(self: ReviewScreen, label: str, job: Job) -> None:
        """Queue a write; refused (with a notice) when the database is read-only."""
        if self.read_only_refused():
            return
        if label not in STAYING_WRITES:
            self._cursor_writes += 1  # (ended on the event loop, once its outcome is shown)
        asked = self.asked_now

        def run() -> Outcome | None:
            # The claim a write moves to is reached as of its key: a search hit picked after
            # "c" (while a locked file held the verdict) stays in the text pane when it lands.
            outcome = job()
            if outcome is not None:
                outcome.asked = asked
            return outcome

        with self._jobs_lock:
            self._jobs.append((label, run))
            start = not self._draining
            self._draining = True
        if start:
            # "saving…" only when a write is slow (a locked database): drawing it
            # for a 3 ms commit would spend the frame the verdict should show in.
            self._busy_soon()
            self._drain()

    def held_back(self: ReviewScreen, action: Callable[[], None]) -> bool:
        """Hold a key's action while writes before it are queued or the claims list reloads;
        True when held (the caller does nothing now).

        Why: such an action depends on where the cursor is, and a write moves
        it (a verdict goes on to the next claim, a filtered list drops the claim).
        Made at once, "c j c" judged the next claim instead of the one after it,
        and "j c" the claim j left. Held actions are made in order, each once the
        writes before it are shown (:meth:`replay_held`); the keys feel no
        slower, as a write takes a few milliseconds.
        """
        if (self._held and not self._replaying) or self._moving:
            self._held.append((action, self.asked_now))
            return True
        return False

    @property
    def asked_now(self: ReviewScreen) -> int:
        """The article requests made so far, as of the key being handled: a held key's are those
        made before it was typed ("c c / critics enter e x": the second c, made once the first
        is saved, reaches its claim before the search hit, which stays in the text pane)."""
        return self._held_asked if self._held_asked is not None else self._article_seq

    @property
    def _moving(self: ReviewScreen) -> bool:
        """A write, a reload of the claims list or a jump is under way (the cursor may move), or
        the cursor's row is still being read (``G c`` on a large review: the c is for that row)."""
        return self.writing or self._list_moving

    @property
    def _list_moving(self: ReviewScreen) -> bool:
        """The claims list reloads, a jump looks up its claim, or the cursor's row is being read."""
        return self.claims.reloading or self.jumping or self.claims.cursor_loading

    def replay_held(self: ReviewScreen) -> None:
        """Make the held actions, in order, until one of them starts a write or a reload again."""
        while self._held and not self._moving:
            self._replaying = True  # (the actions still held behind it do not hold it again)
            action, self._held_asked = self._held.popleft()
            try:
                action()
            finally:
                self._replaying = False
                self._held_asked = None
        if self._quit_after and not self.writing and not self._held:
            self.quit_now()  # a quit waits for the keys typed before it, as for the writes
        self.try_dialog()  # a dialog key waiting for these moves and writes

    def _busy_soon(self: ReviewScreen) -> None:
        """Show "saving…" if the write is still going in 0.1 s (a locked file), not for a 3 ms commit."""
        self._busy_timer = self.set_timer(0.1, lambda: self.status.set(busy=True))

    @property
    def writing(self) -> bool:
        """A write is queued or running."""
        return self._draining

    @work(thread=True, group="db", exclusive=False, exit_on_error=False)
    def _drain(self: ReviewScreen) -> None:
        while True:
            with self._jobs_lock:
                if not self._jobs:
                    self._draining = False
                    break
                label, job = self._jobs.popleft()
            try:
                outcome = job()
            except Exception as exc:  # never leave the queue wedged
                self.app.call_from_thread(self._write_failed, label, why_failed(exc))
                continue
            self.app.call_from_thread(self._write_done, outcome, label)
        self.app.call_from_thread(self._drained)

    def _write_ended(self: ReviewScreen, label: str) -> None:
        if label not in STAYING_WRITES:
            self._cursor_writes -= 1

    def _write_done(self: ReviewScreen, outcome: Outcome | None, label: str) -> None:
        self._write_ended(label)
        if outcome is None:
            return
        if outcome.select is not None:
            if outcome.select != self.claim_id:
                self.occurrence = NO_OCCURRENCE
            self.set_claim(outcome.select, outcome.asked)
        if outcome.progress is not None:
            self._show_progress(outcome.progress, self.articles.count, titles=False)
        else:
            self.refresh_progress()
        # Fast path (verdicts with the list showing all claims): redraw the
        # changed row and move the cursor in this frame; otherwise reload.
        index = None
        if outcome.row is not None and self.claims.filter == "all" and self.claims.patch(outcome.row):
            index = self.claims.index_of(self.claim_id)
        if index is not None:
            self.claims.move_to(index)  # announces the row, which loads its details
        else:
            self.claims.select(self.claim_id)
            self.load_claim(self.claim_id)
        self.reload_articles_soon()
        self.save_cursor()
        if outcome.notice:
            self.notify(outcome.notice, severity=outcome.severity, timeout=3, markup=False)  # type: ignore[arg-type]

    def _write_failed(self: ReviewScreen, label: str, message: str) -> None:
        self._write_ended(label)
        self.notify(message, title=f"Not saved: {label}", severity="error", timeout=8, markup=False)
        self.quit_called_off()
        if self.claim_id is not None:
            self._last_rev.pop(self.claim_id, None)
        self.reload_all()

    def _drained(self: ReviewScreen) -> None:
        if self._busy_timer is not None:
            self._busy_timer.stop()
            self._busy_timer = None
        if self.status.busy:
            self.status.set(busy=False)
        self.replay_held()

    def _expected(self: ReviewScreen, claim_id: int) -> int | None:
        """The claim revision the screen last saw (None: no check).

        From the loaded details when there are any, else from the claims-list
        row on screen: a key pressed before the details arrive must still not
        overwrite a verdict another window made after that row was read.
        """
        if claim_id in self._last_rev:
            return self._last_rev[claim_id]
        index = self.claims.index_of(claim_id)
        row = self.claims.row(index) if index is not None else None
        return row.rev if row is not None else None

    def seen_rev(self: ReviewScreen, claim_id: int, rev: int) -> None:
        """Record the revision of a claim the screen shows (revisions only grow)."""
        self._last_rev[claim_id] = max(rev, self._last_rev.get(claim_id, rev))

    # -- verdicts and notes ------------------------------------------------------------
    def _target(self: ReviewScreen) -> int | None:
        """The claim a key acts on: the one under the claims cursor, as the screen shows it
        (None, said, while its row is still being read: a page away on a large review)."""
        if not self.claims.count:
            return None
        row = self.claims.current
        if row is None:  # (keys typed while it loads wait for it: its row could not be read)
            self.notify("That claim's row could not be read: nothing was changed.", severity="warning",
                        markup=False)
            return None
        return row.id

    def action_verdict(self: ReviewScreen, label: str) -> None:
        """Mark the claim under the cursor and move to the next unreviewed claim."""
        if self.held_back(lambda: self.action_verdict(label)):
            return
        target = self._target()
        if target is None:
            return

        def job() -> Outcome | None:
            rev = self.store.set_verdict(target, label, self.reviewer, self._expected(target))
            self._last_rev[target] = rev
            nxt = self.store.next_claim(target, "unreviewed", self._article_id())
            return Outcome(select=nxt if nxt is not None else target,
                           notice=None if nxt is not None else "Every claim here is reviewed.",
                           row=self.store.claim_row(target), progress=self.store.progress())

        self.submit(label, job)

    def action_clear_verdict(self: ReviewScreen) -> None:
        if self.held_back(self.action_clear_verdict):
            return
        target = self._target()
        if target is None:
            return

        def job() -> Outcome | None:
            self._last_rev[target] = self.store.clear_verdict(target, self.reviewer,
                                                              self._expected(target))
            return Outcome(select=target, row=self.store.claim_row(target),
                           progress=self.store.progress())

        self.submit("clear verdict", job)
