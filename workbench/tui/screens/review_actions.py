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
from typing import TYPE_CHECKING, Any

from textual import work
from textual.timer import Timer

from workbench.errors import WorkbenchError
from workbench.store import ClaimRow, SearchHit
from workbench.store.history import ACTION_WORDS

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


def _action_words(event: dict[str, Any]) -> str:
    """An undone or redone action as the reviewer knows it ("the note on claim 7")."""
    return f"the {ACTION_WORDS.get(event['action'], event['action'])} on claim {event.get('claim_id')}"


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
        self._held: deque[Callable[[], None]] = deque()
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
        asked = self._article_seq

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
            self._held.append(action)
            return True
        return False

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
            action = self._held.popleft()
            try:
                action()
            finally:
                self._replaying = False
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
                self.occurrence = 0
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

    # -- evidence ----------------------------------------------------------------------
    def shown_claim(self: ReviewScreen) -> int | None:
        """The claim the verdict pane shows, which evidence, merge, notes and split act on.

        Why not the claims cursor's (what verdict keys act on): for a moment after
        a move the panes still show the claim left, with its article, sentence
        cursor and suggestions; "j e" linked that claim's sentence to the next claim.
        Those keys first wait for the panes to show the cursor's claim
        (:meth:`dialog_waits`), so the two are the same when they act.
        """
        return self.detail.claim.id if self.detail is not None else None

    def action_evidence(self: ReviewScreen) -> None:
        """Link the sentence under the article cursor, after asking its stance."""
        if self.dialog_waits(self.action_evidence):  # typed right after a move or verdict: for the claim reached
            return
        span = self.text_view.current_sentence()
        article = self.shown_article
        if self.read_only_refused():
            return
        shown = self.shown_claim()
        # Refused, the keys typed after e were its stance: dropped (as a verdict, "e s" split the claim).
        if shown is None or span is None or article is None:
            self._refuse("Move the sentence cursor in the article pane first")
            return
        aid = article.article.id
        if self.detail is not None and any(
                o.article_id == aid and ((o.start <= span[0] and span[1] <= o.end) or (span[0] <= o.start and o.end <= span[1]))
                for o in self.detail.occurrences):  # the sentence of one of its occurrences, or within one
            # (e right after reaching a claim: the cursor is still on its own quotation)
            self._refuse("That is the claim's own statement: move the sentence cursor (tab, then j/k) to a"
                         " passage that supports or contradicts it")
            return
        self._link(shown, aid, span, article.body[span[0]:span[1]])

    def action_suggestion(self: ReviewScreen, number: int) -> None:
        """Link suggested passage ``number`` (1-based) as evidence."""
        if self.dialog_waits(lambda: self.action_suggestion(number)):  # typed right after a move or verdict: for the claim reached
            return
        if self.read_only_refused():
            return
        shown = self.shown_claim()
        if shown is None or not 0 < number <= len(self.suggestions):
            self._refuse(f"No suggestion {number} for this claim")  # (the keys after it: its stance)
            return
        hit: SearchHit = self.suggestions[number - 1]
        self._link(shown, hit.article_id, (hit.start, hit.end), hit.text)

    def _link(self: ReviewScreen, claim_id: int, article_id: int, span: tuple[int, int],
              passage: str) -> None:
        from workbench.tui.screens.stance import StancePicker

        def chosen(stance: str | None) -> None:
            if stance is None:
                return

            def job() -> Outcome:
                self.store.add_evidence(claim_id, article_id, span[0], span[1], stance, self.reviewer)
                self._last_rev.pop(claim_id, None)
                return Outcome(select=claim_id, notice=f"Linked as evidence ({stance}).")

            self.submit("evidence", job)

        self.app.push_screen(StancePicker(passage), chosen)

    def action_remove_evidence(self: ReviewScreen) -> None:
        """Unlink one of the claim's evidence passages (chosen from a list)."""
        from workbench.tui.screens.picker import EvidencePicker

        if self.dialog_waits(self.action_remove_evidence):  # typed right after a move or verdict: for the claim reached
            return
        if self.read_only_refused():
            return
        if self.detail is None or not self.detail.evidence:
            self.notify("This claim has no linked evidence.", severity="warning", markup=False)
            return
        claim_id = self.detail.claim.id

        def picked(evidence_id: int | None) -> None:
            if evidence_id is None:
                return

            def job() -> Outcome:
                self.store.remove_evidence(evidence_id, self.reviewer)
                self._last_rev.pop(claim_id, None)
                return Outcome(select=claim_id, notice="Evidence unlinked (ctrl+z brings it back).")

            self.submit("unlink evidence", job)

        self.app.push_screen(EvidencePicker(self.detail.evidence), picked)

    # -- merge and split -------------------------------------------------------------
    def action_merge(self: ReviewScreen) -> None:
        """Merge the selected claim into one picked by typing words of it."""
        from workbench.tui.screens.picker import ClaimPicker

        if self.dialog_waits(self.action_merge):  # typed right after a move or verdict: for the claim reached
            return
        source = self.shown_claim()
        if source is None or self.read_only_refused():
            return

        def picked(target: int | None) -> None:
            if target is None:
                return

            def job() -> Outcome:
                judged = any(v.label or v.note for v in self.store.verdicts(source))
                carried = self.store.merge_claims(source, target, self.reviewer)
                self._last_rev.pop(target, None)
                notice = f"Merged claim {source} into {target}."
                if carried:
                    notice += f" Its verdicts and notes now judge claim {target}."
                elif judged:
                    # The target's own verdicts stand (undo brings the merged claim back).
                    notice += (f" Claim {target} keeps its own verdicts; claim {source}'s stay in its"
                               " history (ctrl+z undoes the merge).")
                return Outcome(select=target, notice=notice)

            self.submit("merge", job)

        self.app.push_screen(ClaimPicker(self.store, source), picked)

    def action_split(self: ReviewScreen) -> None:
        """Split the occurrence shown in the article pane off into its own claim."""
        if self.dialog_waits(self.action_split):  # typed right after a move or verdict: for the claim reached
            return
        if self.detail is None or len(self.detail.occurrences) < 2:
            self.notify("This claim has a single occurrence; nothing to split off.", severity="warning", markup=False)
            return
        occ = self.detail.occurrences[self.occurrence % len(self.detail.occurrences)]
        self.split(occ.id, occ.outlet or occ.stem)

    def action_split_pick(self: ReviewScreen) -> None:
        """Choose which occurrence to split off from a list."""
        from workbench.tui.screens.picker import OccurrencePicker

        if self.dialog_waits(self.action_split_pick):  # typed right after a move or verdict: for the claim reached
            return
        if self.read_only_refused():
            return
        if self.detail is None or len(self.detail.occurrences) < 2:
            self.notify("This claim has a single occurrence; nothing to split off.", severity="warning", markup=False)
            return
        occs = {o.id: o for o in self.detail.occurrences}

        def picked(occ_id: int | None) -> None:
            if occ_id is not None:
                self.split(occ_id, occs[occ_id].outlet or occs[occ_id].stem)

        self.app.push_screen(OccurrencePicker(self.detail.occurrences), picked)

    def split(self: ReviewScreen, occurrence_id: int, where: str) -> None:
        def job() -> Outcome:
            new_id = self.store.split_occurrence(occurrence_id, self.reviewer)
            return Outcome(select=new_id,
                           notice=f"Split the occurrence in {where} off into claim {new_id}.")

        self.submit("split", job)

    # -- undo / redo ---------------------------------------------------------------------
    def action_undo(self: ReviewScreen) -> None:
        if self.held_back(self.action_undo):  # after the verdicts typed before it
            return

        def job() -> Outcome:
            event = self.store.undo(self.reviewer)
            self._forget_saved_notes()
            if event is None:
                return Outcome(notice="Nothing to undo.", severity="warning")
            self._last_rev.clear()
            return self._replayed(event, "Undone")

        self.submit("undo", job)

    def action_redo(self: ReviewScreen) -> None:
        if self.held_back(self.action_redo):
            return

        def job() -> Outcome:
            event = self.store.redo(self.reviewer)
            self._forget_saved_notes()
            if event is None:
                return Outcome(notice="Nothing to redo.", severity="warning")
            self._last_rev.clear()
            return self._replayed(event, "Redone")

        self.submit("redo", job)

    def _replayed(self: ReviewScreen, event: dict[str, Any], done: str) -> Outcome:
        """The outcome of an undo or redo (in the job's thread). A verdict, note or evidence link
        changed one claim's row: it is redrawn in place with the counts, as after a verdict (a
        reload of the list took ~70 ms a press on 30,000 claims); a merge or split reloads."""
        notice = f"{done}: {_action_words(event)}."
        claim_id = event.get("claim_id")
        if "show" in event or claim_id is None:
            return Outcome(select=event.get("show", claim_id), notice=notice)
        return Outcome(select=claim_id, notice=notice, row=self.store.claim_row(claim_id),
                       progress=self.store.progress())
