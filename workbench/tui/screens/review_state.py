"""The review screen's memory: where the reviewer is, and what another instance changed.

Mixed into :class:`~workbench.tui.screens.review.ReviewScreen`: the resume
cursor (claim, filter, pane, article, the occurrence shown, the text pane's
sentence, the articles pane's row) saved a moment after the reviewer stops
moving, and a once-a-second poll (:meth:`Store.content_changed`) that reloads
the visible pages when another process changed the review's content (not
merely saved its own cursor), and says
so when another reviewer's verdict now settles a claim this one judged
otherwise (the latest verdict settles a claim; the reviewer it overrules is
told who changed it, to what).
"""

from __future__ import annotations

import contextlib
import threading
import time
from typing import TYPE_CHECKING, Any

from textual import work
from textual.events import DescendantFocus
from textual.worker import Worker

from workbench.ingest.decode import show_controls
from workbench.tui.opening import cursor_key, pick_occurrence
from workbench.tui.read_errors import report_failed_read

INTEGRITY_IDLE = 2.0  # seconds without a key before the integrity check starts

if TYPE_CHECKING:
    from workbench.store import Occurrence
    from workbench.store.reads import VerdictChange
    from workbench.tui.screens.review import ReviewScreen

PANES = ("articles", "claims", "text", "verdict")


class ReviewState:
    """Resume cursor and second-instance reloads; ``self`` is the screen."""

    def on_descendant_focus(self: ReviewScreen, event: DescendantFocus) -> None:
        pane = getattr(event.widget, "id", None)
        if pane in PANES and pane != self.pane:
            self.pane = pane
            self.save_cursor()

    def cursor_state(self: ReviewScreen) -> dict[str, Any]:
        """What resume restores; the pane is read from focus (a modal on top keeps the last one)."""
        focused = getattr(self.focused, "id", None)
        if focused in PANES:
            self.pane = focused
        state: dict[str, Any] = {"claim": self.claim_id, "filter": self.filter, "pane": self.pane,
                                 "article": self._article_id(), "articles_at": self.articles.cursor}
        occ = self._shown_occurrence()
        if occ is not None:
            # Which occurrence by its id: its place in the list moves when a colleague splits
            # one off or an import adds one.
            state["occurrence"] = occ.id
            self.note_sentence()
        if self._text_state is not None and self._text_state["claim"] == self.claim_id:
            state["text"] = self._text_state
        return state

    def _shown_occurrence(self: ReviewScreen) -> Occurrence | None:
        detail = self.detail
        if detail is None or detail.claim.id != self.claim_id or not detail.occurrences:
            return None
        return detail.occurrences[pick_occurrence(detail, self.occurrence, self._article_id())]

    def note_sentence(self: ReviewScreen) -> None:
        """Keep the sentence cursor for resume while the text pane shows the claim's occurrence
        (why at each move: a preview, an articles-pane move or a search hit, may replace
        that article before the cursor is saved, and the sentence reached stays saved)."""
        occ, sentence, shown = self._shown_occurrence(), self.text_view.current_sentence(), self.shown_article
        if occ is not None and sentence is not None and shown is not None and shown.article.id == occ.article_id:
            self._text_state = {"claim": occ.claim_id, "article": occ.article_id, "at": sentence[0]}

    def sentence_moved(self: ReviewScreen) -> None:
        self.note_sentence()
        self.save_cursor()

    def save_cursor(self: ReviewScreen) -> None:
        """Remember where the reviewer is, a moment after they stop moving."""
        if not self._restored or self.store.readonly:
            return
        if self._cursor_timer is not None:
            self._cursor_timer.stop()
        self._cursor_timer = self.set_timer(0.3, self._save_cursor_now)

    def _save_cursor_now(self: ReviewScreen) -> None:
        self._cursor_timer = None
        self._state_worker(self.cursor_state())

    @work(thread=True, group="state", exclusive=True, exit_on_error=False)
    def _state_worker(self: ReviewScreen, state: dict[str, Any]) -> None:
        self.write_state(state)

    def write_state(self: ReviewScreen, state: dict[str, Any]) -> None:
        """Save the cursor; a failure here is not worth interrupting the reviewer for."""
        from workbench.store import WriteFailed

        try:  # the reviewer's own cursor, and the file's (where a newcomer starts)
            for key in (cursor_key(self.reviewer), "cursor"):
                if self.store.get_state(key) != state:
                    self.store.set_state(key, state)
        except WriteFailed:
            pass

    def _poll(self: ReviewScreen) -> None:
        now = time.monotonic()
        if self._integrity_due is not None and now >= self._integrity_due and now - self._last_key >= INTEGRITY_IDLE:
            self._integrity_due = None
            self._check_integrity()
        if self.store.damaged_text and not self._told_damaged:
            self._told_damaged = True
            self.notify(f"Some text in {show_controls(self.store.path.name)} is damaged (not UTF-8) and is shown with"
                        " � in its place. Your work saves as usual, except on a claim whose own notes"
                        " are damaged; restore a copy of the file if you have one.",
                        title="Damaged file", severity="warning", timeout=15, markup=False)
        self._poll_worker()

    def _check_integrity(self: ReviewScreen) -> None:
        """SQLite's quick check of the file, once, a moment after opening (its own connection).

        Why: damage inside the file (an index, a page of rows) does not stop
        it opening, and reads then go wrong quietly (a filter missing claims).
        A daemon thread, not a worker: Textual waits for its workers at exit,
        and the check of a large file not in the cache takes seconds. It
        starts once keys have paused (INTEGRITY_IDLE): reading the whole file
        beside a reviewer's run of verdicts slowed each by about a millisecond.
        """
        app, name = self.app, show_controls(self.store.path.name)

        def check() -> None:
            problems = self.store.integrity_problems()
            if problems:
                with contextlib.suppress(RuntimeError):  # the app has already quit
                    app.call_from_thread(
                        self.notify, f"{name} is damaged (SQLite's check: {show_controls(problems[0][:100])})."
                        " Lists and exports may miss rows; restore a copy of the file if you have one.",
                        title="Damaged file", severity="error", timeout=30, markup=False)

        threading.Thread(target=check, name="integrity-check", daemon=True).start()

    @work(thread=True, group="poll", exclusive=True, exit_on_error=False)
    def _poll_worker(self: ReviewScreen) -> None:
        if not self._restored:
            return  # not open yet: the opening reads what there is
        if not self.store.content_changed():  # (not another window's cursor saved)
            return
        try:  # since the opening's read, or the last poll that found a change
            self._others_after, changed = self.store.verdicts_changed_by_others(self.reviewer, self._others_after)
        except BaseException:
            self.store.forget_seen()  # the next poll reports it again
            raise
        self.app.call_from_thread(self.reload_all)
        for change in changed:  # a claim this reviewer judged, now settled otherwise
            self.app.call_from_thread(self._tell_overruled, change)

    def _tell_overruled(self: ReviewScreen, change: VerdictChange) -> None:
        text = " ".join(change.text.split())
        self.notify(f"{change.reviewer} changed claim {change.claim_id} ({text[:50]}{'…' * (len(text) > 50)})"
                    f" to {change.verdict or 'disputed'}; you had marked it {change.yours}.",
                    title="Verdict changed by another reviewer", severity="warning", timeout=10,
                    markup=False)

    def on_worker_state_changed(self: ReviewScreen, event: Worker.StateChanged) -> None:
        report_failed_read(self, event.worker, event.state)

    def reload_all(self: ReviewScreen) -> None:
        """Another instance wrote: refresh the visible pages, progress and the claim."""
        self.claims.select(self.claim_id)
        self.articles.reload()
        self.refresh_progress()
        self._story_worker()
        self.load_claim(self.claim_id)

    @work(thread=True, group="story", exclusive=True, exit_on_error=False)
    def _story_worker(self: ReviewScreen) -> None:
        """The story's name and subject, which an import with ``--story`` may have set meanwhile."""
        self.app.call_from_thread(self.show_story, self.store.story())

    def show_story(self: ReviewScreen, story: dict[str, Any], titles: bool = True) -> None:
        self.subject = story["subject"]["name"] or "all speakers"
        self.status.set(story=story.get("name") or "")
        if titles:
            self._titles()
