"""The review screen: articles, claims, article text and verdict, with progress.

This module is the read side: what is selected, what each pane shows, the
resume cursor and the second-instance poll. Every database read runs in a
thread worker and hands its result back to the event loop; the write side
(verdicts, evidence, merge, split, undo) lives in
:mod:`workbench.tui.screens.review_actions`, notes in
:mod:`workbench.tui.screens.review_notes`, the resume cursor in
:mod:`workbench.tui.screens.review_state`, search, timeline, export and
jumps in :mod:`workbench.tui.screens.review_tools`, what the text pane shows
in :mod:`workbench.tui.screens.review_text`, and the lists' filter, titles and
progress in :mod:`workbench.tui.screens.review_lists`.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer

from workbench.store import ArticleRow, ClaimDetail, ClaimRow, SearchHit, Store
from workbench.tui.keymap import REVIEW_KEYS, bindings
from workbench.tui.opening import (
    NO_OCCURRENCE,
    ArticleText,
    ClaimSeed,
    Opening,
    pick_occurrence,
    read_claim,
    read_opening,
)
from workbench.tui.screens.review_actions import ReviewActions
from workbench.tui.screens.review_dialog_keys import ReviewDialogKeys
from workbench.tui.screens.review_edits import ReviewEdits
from workbench.tui.screens.review_lists import ReviewLists
from workbench.tui.screens.review_notes import ReviewNotes
from workbench.tui.screens.review_quit import ReviewQuit
from workbench.tui.screens.review_state import PANES, ReviewState
from workbench.tui.screens.review_text import ReviewText
from workbench.tui.screens.review_tools import ReviewTools
from workbench.tui.widgets.article_view import ArticleView
from workbench.tui.widgets.articles_list import ArticlesList
from workbench.tui.widgets.claims_list import ClaimsList
from workbench.tui.widgets.footer import KeyBar
from workbench.tui.widgets.status import StatusBar
from workbench.tui.widgets.verdict_panel import VerdictPanel, VerdictView

if TYPE_CHECKING:
    from workbench.tui.app import ReviewApp

DETAIL_DELAY = 0.05  # seconds of quiet before the detail panes follow the cursor


INTEGRITY_CHECK_AFTER = 2.0  # seconds after opening (then when keys pause: see _check_integrity)


class ReviewScreen(ReviewActions, ReviewEdits, ReviewDialogKeys, ReviewNotes, ReviewQuit, ReviewTools, ReviewState,
                   ReviewText, ReviewLists, Screen[None]):
    """The one screen a fact-checker lives in."""

    # Textual would focus the first focusable pane (articles) and on_mount then
    # moves focus to the claims: two focus changes, two footer rebuilds.
    AUTO_FOCUS = "#claims"

    BINDINGS: ClassVar[list[BindingType]] = bindings(REVIEW_KEYS)  # type: ignore[assignment]
    # Below 120 columns the articles list gives its width to the claims (app.tcss): at
    # 80x24 the claims list had no width left at all.
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = [
        (0, "-narrow"), (120, "-medium"), (140, "-wide")]

    def __init__(self, store: Store, reviewer: str, opening: Opening | None = None) -> None:
        super().__init__()
        self.store = store
        self._opening = opening
        self._seeded_claim: int | None = None
        self.reviewer = reviewer
        self.filter = "all"
        self.article_filter: ArticleRow | None = None
        self._claim_id: int | None = None
        self.detail: ClaimDetail | None = None
        self._detail_timer: Timer | None = None
        self._articles_timer: Timer | None = None
        self._articles_row: int | None = None  # the articles pane's row last announced
        self._title_progress: dict[str, int] | None = None  # for the claims title once keys pause
        self._claims_title: Content | None = None
        self._claims_subtitle: Content | None = None
        self._told_damaged = False  # the store read text that was not UTF-8 (said once)
        # the file's integrity check: when it is due (None: started), and the last key's time
        self._integrity_due: float | None = time.monotonic() + INTEGRITY_CHECK_AFTER
        self._last_key = 0.0
        self._article_count_shown: int | None = None
        self._cursor_timer: Timer | None = None
        self.occurrence = NO_OCCURRENCE  # which of the claim's occurrences the panes show (o)
        self.suggestions: list[SearchHit] = []
        self.shown_article: ArticleText | None = None
        self.pane = "claims"
        self.subject = ""
        self._restored = False
        self._text_state: dict[str, int] | None = None  # the sentence cursor saved for resume
        self._others_after = 0  # the last event the overruled-verdict notices read (set at opening)
        self._force_scroll = False
        self._init_actions()
        self._init_dialog_keys()
        self.article_wanted: tuple[str, int] | None = None  # an article on its way to the text pane
        self._article_seq = 0
        # _article_seq when the claim's own article was last asked for (the cursor reached the
        # claim, o) and when a passage was last asked for (a search hit, the articles pane):
        # the later of the two is what the text pane shows.
        self._claim_asked = 0
        self._preview_asked = 0

    @property
    def wb_app(self) -> ReviewApp:
        return self.app  # type: ignore[return-value]

    # -- layout ------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            with Vertical(id="left"):
                with Horizontal(id="top"):
                    yield ArticlesList(self.store, id="articles")
                    yield ClaimsList(self.store, id="claims")
                yield ArticleView(id="text")
            yield VerdictPanel(id="verdict")
        yield StatusBar(id="status")
        yield KeyBar()

    @property
    def claims(self) -> ClaimsList:
        return self.query_one("#claims", ClaimsList)

    @property
    def articles(self) -> ArticlesList:
        return self.query_one("#articles", ArticlesList)

    @property
    def text_view(self) -> ArticleView:
        return self.query_one("#text", ArticleView)

    @property
    def verdict(self) -> VerdictPanel:
        return self.query_one("#verdict", VerdictPanel)

    @property
    def status(self) -> StatusBar:
        return self.query_one("#status", StatusBar)

    def on_mount(self) -> None:
        self._width_class(self.app.size.width)
        self.articles.border_title = "Articles"
        self.claims.border_title = "Claims"
        self.text_view.border_title = "Article"
        self.verdict.border_title = "Verdict"
        self.status.set(reviewer=self.reviewer, readonly=self.store.readonly)
        self.claims.on_cursor = self._cursor_on
        self.articles.on_cursor = self._article_cursor_on
        self.claims.gate = self.held_back
        self.claims.on_row_missing = self.replay_held  # what was held for its row is refused, not kept
        # a sentence move waits for its claim's article, as e does
        self.text_view.gate = lambda move: self.dialog_waits(move, move=True)
        self.text_view.on_sentence = self.sentence_moved
        # a preview after a claim move comes after that claim's own article
        self.articles.gate = lambda move: self.dialog_waits(move, for_article=False, move=True)
        self.articles.on_choose = self._choose_article
        self.claims.focus()
        self._open()
        self.set_interval(1.0, self._poll)

    def on_key(self) -> None:
        self._last_key = time.monotonic()  # the integrity check waits for a pause (see _poll)

    def _width_class(self, width: int) -> None:
        """The layout class of ``width`` (-narrow, -medium, -wide), as Textual's breakpoints give it.

        Why now: Textual sets it on the first Resize, which comes after the
        first frames, so a narrow terminal opened on three frames of the wide
        layout (the claims pane squeezed to six columns).
        """
        points = sorted(self.HORIZONTAL_BREAKPOINTS or ())
        chosen = next((name for at, name in reversed(points) if width >= at), None)
        self.update_classes({name: name == chosen for _, name in points}, animate=False)

    def _open(self) -> None:
        """Show the resume cursor and what it points at: every pane at once.

        ``workbench review`` reads the opening before importing Textual, so
        the first frame is complete. Opened otherwise (tests, other callers),
        the same read runs in a worker and fills the panes when it returns.
        """
        opening, self._opening = self._opening, None
        if opening is not None:
            self._open_with(opening)
        else:
            self._opening_worker()

    @work(thread=True, group="read", exit_on_error=False)
    def _opening_worker(self) -> None:
        opening = read_opening(self.store, self.reviewer)
        self.app.call_from_thread(self._open_with, opening)

    def _open_with(self, opening: Opening) -> None:
        """Fill every pane from the opening (no further read, one frame)."""
        story, state, article = opening.story, opening.state, opening.article
        self.show_story(story, titles=False)  # (the progress below sets the titles)
        self.filter = opening.filter
        self.article_filter = article
        self.articles.chosen_id = article.id if article else None
        self.claims.filter, self.claims.article_id = self.filter, self._article_id()
        self.claims.seed(opening.claims)
        self.articles.seed(opening.articles)
        pane = state.get("pane")
        if pane in PANES:
            self.call_after_refresh(self._focus_pane, pane)  # once the width's layout applies
        self._restored = True
        # Another reviewer's verdict committed after this read is news, even before the first poll.
        self._others_after = opening.events_seen
        self._show_progress(opening.progress, opening.article_count)
        seed = opening.claim
        if seed is not None:
            # The list's Highlighted message for this claim arrives after this:
            # it must not load the detail a second time.
            self._seeded_claim = self.claim_id = seed.claim_id
            self.occurrence = seed.occurrence
            self._show_claim(seed.claim_id, seed.detail, seed.suggestions, seed.article, seed.sentence_at)

    # -- selection -----------------------------------------------------------------
    @property
    def claim_id(self) -> int | None:
        """The claim keys act on: the claims list's cursor, at once (see :meth:`_cursor_on`)."""
        return self._claim_id

    @claim_id.setter
    def claim_id(self, claim_id: int | None) -> None:
        self.set_claim(claim_id, self.asked_now)

    def set_claim(self, claim_id: int | None, asked: int) -> None:
        """Keys act on ``claim_id`` from now on; ``asked``: the article requests made before it was
        reached (its key's moment, for a write's outcome)."""
        if claim_id != self._claim_id:
            # Its own article is asked for as of then: a passage asked for before (a search hit,
            # the articles pane) gives way to it when its read comes; one asked for after stays.
            self._claim_asked = asked
        self._claim_id = claim_id

    def _cursor_on(self, row: ClaimRow) -> None:
        """The claims cursor is on ``row``: from now on keys act on it.

        Why at once and not in the Highlighted handler: that message is handled
        after keys already queued, so "j n" opened the note of the claim just left.
        """
        if row.id != self.claim_id:
            self.occurrence = NO_OCCURRENCE
        self.claim_id = row.id
        if self._held and not self._replaying:
            self.replay_held()  # keys typed while its row was read are for it

    @on(ClaimsList.Highlighted, "#claims")
    def _claim_highlighted(self, event: ClaimsList.Highlighted) -> None:
        current = self.claims.current
        if event.index != self.claims.cursor or current is None or current.id != event.row.id:  # type: ignore[attr-defined]
            # Stale: the cursor moved on before this was handled (a verdict's outcome put it on
            # the next claim meanwhile). Taking it would point the screen, and the next verdict
            # key of a burst, back at the claim just judged. The opening's claim, left before
            # its message came, is shown no more: coming back to it must load it.
            if event.row.id == self._seeded_claim:  # type: ignore[attr-defined]
                self._seeded_claim = None
            return
        claim_id = event.row.id  # type: ignore[attr-defined]  # (the screen's already: _cursor_on)
        if claim_id == self._seeded_claim:
            self._seeded_claim = None  # shown already, from the opening
        elif self.detail is None:  # first claim after opening: no frame to protect yet
            self.load_claim(claim_id)
        elif self.dialog_reading == claim_id:
            pass  # being read already, at once, for a key waiting for it (n, e …)
        else:
            # The list's cursor (and a verdict's progress) reach the screen at
            # once; the detail panes, whose relayout costs ~30 ms on a large
            # review, follow when the keys pause for DETAIL_DELAY, so a burst of
            # verdicts or of j presses is not slowed by claims flashing past.
            if self._detail_timer is not None:
                self._detail_timer.stop()
            self._detail_timer = self.set_timer(DETAIL_DELAY, self._load_due)
        self.save_cursor()

    @property
    def detail_pending(self) -> bool:
        """The detail panes (or the articles' counts) are waiting for the keys to pause."""
        return self._detail_timer is not None or self._articles_timer is not None

    def reload_articles_soon(self) -> None:
        """Re-read the articles pane (its reviewed counts) and retitle the claims once the keys pause.

        Each verdict changes one article's "2/3" and the progress in the
        claims title: redrawing those at once would spend a burst's frames
        (and the reader) on side panes; the status line shows progress at once.
        """
        if self._articles_timer is not None:
            self._articles_timer.stop()
        self._articles_timer = self.set_timer(DETAIL_DELAY, self._articles_due)

    def _articles_due(self) -> None:
        self._articles_timer = None
        self.articles.reload()
        self._titles()

    def _load_due(self) -> None:
        self._detail_timer = None
        self._load_if_current(self.claim_id)

    def _load_if_current(self, claim_id: int | None) -> None:
        if claim_id is not None and claim_id == self.claim_id:
            self.load_claim(claim_id)

    @on(ClaimsList.Loaded, "#claims")
    def _claims_loaded(self, event: ClaimsList.Loaded) -> None:
        self._shown_count(event.count)
        if event.count == 0:
            self.claim_id = None
            self.detail = None
            self.verdict.show(None)
            self.text_view.show(None, None)
            self.shown_article = None
            self.text_view.border_title = "Article"  # not the last article's title over an empty pane
            self.text_view.border_subtitle = None
        self.replay_held()  # keys held while the list reloaded

    def load_claim(self, claim_id: int | None, cursor_at: int | None = None) -> None:
        """Load a claim's details, suggestions and the article of its shown occurrence."""
        if claim_id is not None:
            # The occurrence shown, by its id: a colleague's split (or an import) moves its place.
            shown = self._shown_occurrence()
            self._claim_worker(claim_id, self.occurrence, cursor_at,
                               shown.id if shown is not None and shown.claim_id == claim_id else None)

    @work(thread=True, group="detail", exclusive=True, exit_on_error=False)
    def _claim_worker(self, claim_id: int, occurrence: int, cursor_at: int | None,
                      occurrence_id: int | None = None) -> None:
        try:
            seed = read_claim(self.store, claim_id, occurrence, self._article_id(), occurrence_id)
        except BaseException:
            self.app.call_from_thread(self._claim_failed)
            raise
        self.app.call_from_thread(self._claim_read, seed, occurrence, cursor_at)

    def _claim_read(self, seed: ClaimSeed, asked: int, cursor_at: int | None) -> None:
        if seed.claim_id == self.claim_id and self.occurrence == asked:  # (not o meanwhile)
            self.occurrence = seed.occurrence  # where the occurrence shown is now
        self._show_claim(seed.claim_id, seed.detail, seed.suggestions, seed.article, cursor_at)

    def _claim_failed(self) -> None:
        """A claim's read failed: an occurrence asked for with it will not come."""
        if self.article_wanted is not None and self.article_wanted[0] == "claim":
            self._article_came(self.article_wanted)

    def _show_claim(self, claim_id: int, detail: ClaimDetail | None, suggestions: list[SearchHit],
                    article: ArticleText | None, cursor_at: int | None) -> None:
        if self.article_wanted is not None and self.article_wanted[0] == "claim":
            self.article_wanted = None  # (a read of this or a later claim: the occurrence asked for is in)
        if claim_id != self.claim_id:
            self.try_dialog()  # a key waiting for the claim the cursor is on now: read it
            return
        same_claim = self.detail is not None and self.detail.claim.id == claim_id
        same_claim = same_claim and not self._force_scroll
        self._force_scroll = False
        self.detail = detail
        self.suggestions = suggestions
        if detail is None:
            self.verdict.show(None)
            self.try_dialog(shown=True)  # a key waiting for it acts (and says the claim is gone)
            return
        self.seen_rev(claim_id, detail.claim.rev)
        self.note_shown(claim_id, detail.claim.rev)
        if detail.occurrences:
            self.occurrence = pick_occurrence(detail, self.occurrence, self._article_id())
        self.verdict.show(VerdictView(detail, self.reviewer, self.occurrence, suggestions,
                                      self.wb_app.suggestion_keys()))
        if article is not None and self._preview_asked <= self._claim_asked:
            # (A passage asked for after the cursor reached this claim, "c / kislyak enter", stays:
            # the claim's read, later when the keys pause, would put its own quotation under e.)
            occ = detail.occurrences[self.occurrence]
            self.show_article(article, (occ.start, occ.end), cursor_at=cursor_at, keep=same_claim)
        self.try_dialog(shown=True)  # a key waiting for this claim (n, e, m …) acts on it now

    @on(ArticlesList.Chosen, "#articles")
    def _article_chosen(self, event: ArticlesList.Chosen) -> None:
        self._choose_article(event.article)

    def _focus_pane(self, pane: str) -> None:
        """Focus a pane, or the claims when a narrow terminal hides it (the articles list)."""
        widget = self.query_one(f"#{pane}")
        widget = widget if widget.display else self.claims
        if self.focused is not widget:  # focusing again redraws the pane and the key bar for nothing
            widget.focus()

    def on_resize(self) -> None:
        if self.focused is self.articles:
            self.call_after_refresh(self._focus_pane, "articles")


