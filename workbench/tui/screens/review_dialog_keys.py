"""Keys that act on the claim the panes show wait until the panes show the claim under the cursor.

The detail panes follow the claims cursor only once the keys pause (see
``DETAIL_DELAY``), and a verdict moves the cursor on once it is saved. So in
keys typed together, "j n ok" or "c n ok", the n opened the note of the claim
just left (the one the panes still showed) and "ok" was written there. The
keys that open a dialog or act on the shown passages (n, e, 1–5, d, m, s), and
the article pane's sentence moves ("j tab j e" links the sentence chosen in
the next claim's article), now wait: for the moves and the writes before them that may move the cursor,
then for the panes to show the cursor's claim (read at once, not after the
pause). The keys typed after them wait too (:meth:`KeyOrder.hold_keys`) and
go to the dialog once it is open. If it cannot open (the claim does not
come, the list is empty, a quit began), those keys were meant for it: they
are dropped, and the reviewer is told, rather than made as commands on the
review screen ("c n checked" must not mark and link the next claim).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.timer import Timer

if TYPE_CHECKING:
    from workbench.tui.screens.review import ReviewScreen

WAIT_AT_MOST = 2.5  # s without a write under way: the claim is given up (and the keys after it)
WRITES_AT_MOST = 12.0  # s in all while writes are still under way (a locked file: 5 s busy timeout)


class ReviewDialogKeys:
    """Mixed into :class:`ReviewScreen`; ``self`` is the screen."""

    def _init_dialog_keys(self: ReviewScreen) -> None:
        self._dialog_pending: Callable[[], None] | None = None
        self._dialog_loading: int | None = None  # the claim read for it
        self._dialog_acting = False  # its action is being made (it must not wait again)
        self._dialog_for_article = True
        self._dialog_move = False
        self._dialog_timer: Timer | None = None
        self._dialog_waited = 0.0

    def dialog_waits(self: ReviewScreen, action: Callable[[], None], for_article: bool = True,
                     move: bool = False) -> bool:
        """True when ``action`` (the key's, made again later) must wait for the cursor's claim.

        ``for_article``: and for an article on its way to the text pane (not for a move in the
        articles pane, which only must come after the claim's own article). ``move``: a move
        in a pane, which needs no claim (it is made at once when there is none).
        """
        if self._dialog_acting:
            return False
        if self._dialog_pending is not None:  # (a click on the key bar meanwhile: keys are held)
            self.notify("Still waiting for the claim to load.", severity="warning", markup=False)
            return True
        if move and (self._row_missing or self._no_claim):
            return False
        if self._row_missing:
            self._refuse("That claim's row could not be read")
            return True
        if not self._cursor_may_move(for_article) and self._no_claim:
            self._refuse("No claim here for that key")
            return True
        if not (self._cursor_may_move(for_article) or self._detail_behind):
            return False
        self._dialog_pending = action
        self._dialog_for_article = for_article
        self._dialog_move = move
        self._dialog_waited = 0.0
        self.wb_app.hold_keys(capped=False)  # this wait ends by itself, and decides about the keys
        self._dialog_timer = self.set_interval(WAIT_AT_MOST, self._dialog_overdue)
        self.try_dialog()
        return True

    def _cursor_may_move(self: ReviewScreen, for_article: bool) -> bool:
        """Moves held, or a write, reload, jump or page read under way that may move the cursor;
        ``for_article``: or an article on its way to the text pane (a search hit, the next
        occurrence, a preview)."""
        return bool(self._held) or self._cursor_writes > 0 or self._list_moving \
            or (for_article and self.article_wanted is not None)

    @property
    def _no_claim(self: ReviewScreen) -> bool:
        """The list is empty (``claim_id`` may still name the claim that left it, until the
        list's Loaded message is handled)."""
        return self.claim_id is None or not self.claims.count

    @property
    def _row_missing(self: ReviewScreen) -> bool:
        """The cursor is on a row that could not be read (the claim under it is unknown)."""
        return bool(self.claims.count) and self.claims.current is None and not self.claims.cursor_loading

    @property
    def _detail_behind(self: ReviewScreen) -> bool:
        return self.detail is None or self.detail.claim.id != self.claim_id

    def try_dialog(self: ReviewScreen, shown: bool = False) -> None:
        """Make the waiting key's action if its claim is shown now; else read the claim at once.

        ``shown``: the panes were just given the cursor's claim (or found it gone).
        """
        action = self._dialog_pending
        if action is None:
            return
        if self._quitting:
            self._drop_dialog(None)  # a quit began: no dialog over it
            return
        if self._cursor_may_move(self._dialog_for_article):
            return
        claimless = self._no_claim or self._row_missing
        if claimless and not self._dialog_move:
            self._drop_dialog("No claim here for that key" if self._no_claim else "That claim's row could not be read")
            return
        if self._detail_behind and not shown and not claimless:
            if self._detail_timer is not None:
                self._detail_timer.stop()
                self._detail_timer = None
            if self._dialog_loading != self.claim_id:
                self._dialog_loading = self.claim_id
                self.load_claim(self.claim_id)
            return
        self._end_dialog_wait()
        self._dialog_acting = True
        try:
            action()
        finally:
            self._dialog_acting = False
            self.wb_app.release_keys(capped=False)

    @property
    def dialog_reading(self) -> int | None:
        """The claim read at once for a waiting key (the usual read after a pause is not needed)."""
        return self._dialog_loading if self._dialog_pending is not None else None

    def _end_dialog_wait(self: ReviewScreen) -> None:
        self._dialog_pending = None
        self._dialog_loading = None
        if self._dialog_timer is not None:
            self._dialog_timer.stop()
            self._dialog_timer = None

    def _dialog_overdue(self: ReviewScreen) -> None:
        """Give up on the claim, unless writes that may move the cursor are still under way."""
        self._dialog_waited += WAIT_AT_MOST
        if self._dialog_pending is None:
            return
        if self._cursor_writes > 0 and self._dialog_waited < WRITES_AT_MOST:
            return
        self._drop_dialog("The claim did not load in time (press the key again)")

    def _drop_dialog(self: ReviewScreen, why: str | None) -> None:
        """End the wait without the action; the keys typed after it were for it: dropped."""
        self._end_dialog_wait()
        self._refuse(why)
        self.wb_app.release_keys(capped=False)

    def _refuse(self: ReviewScreen, why: str | None) -> None:
        """The key cannot act: the keys typed after it (for its dialog) are dropped, and said so."""
        dropped = self.wb_app.drop_keys()
        if why is not None:
            keys = "the key typed after it was" if dropped == 1 else f"the {dropped} keys typed after it were"
            tail = f"; {keys} not used" if dropped else ""
            self.notify(f"{why}{tail}.", severity="warning", markup=False)
