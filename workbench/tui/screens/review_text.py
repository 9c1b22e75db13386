"""What the review screen's text pane shows: the claim's occurrence, a preview, the next one.

Mixed into :class:`~workbench.tui.screens.review.ReviewScreen`. Each article
asked for gets a token (:meth:`_want_article`): a read that comes back after a
newer one was asked for, or after the cursor reached another claim, gives way,
and keys that act on the text pane wait for the article asked for last.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.content import Content

from workbench.store import ArticleRow
from workbench.tui.opening import ArticleText, pick_occurrence, read_article
from workbench.tui.widgets.claims_list import short_date

if TYPE_CHECKING:
    from workbench.tui.screens.review import ReviewScreen


class ReviewText:
    """``self`` is the screen."""

    def show_article(self: ReviewScreen, article: ArticleText, span: tuple[int, int] | None,
                     cursor_at: int | None = None, hit: bool = False, keep: bool = False) -> None:
        """Put an article in the text pane, its title (plain text) on the border."""
        self.shown_article = article
        self.text_view.show(article, self.claim_id, span, cursor_at=cursor_at, hit=hit,
                            keep_cursor=keep)
        a = article.article
        self.text_view.border_title = Content.assemble(
            (a.outlet or a.stem, "bold"), " · ", short_date(a.published), " · ",
            " ".join((a.title or a.stem).split()))
        self.text_view.border_subtitle = Content(a.byline or "") if a.byline else None

    def _article_cursor_on(self: ReviewScreen, row: ArticleRow) -> None:
        """Moving in the articles pane previews the article's text.

        A reload of the pane (its counts, after a verdict) announces the same
        row again: that is not a move, and must not replace the claim's
        article the verdict just brought up. Called as the cursor moves, not
        from the Highlighted message: that came after keys already typed, and
        "j tab" (typed together) had moved the focus away, so no preview.
        """
        article_id = row.id
        moved = article_id != self._articles_row
        self._articles_row = article_id
        if moved and self.focused is self.articles:
            self._preview(article_id)
            self.save_cursor()

    def _preview(self: ReviewScreen, article_id: int, cursor_at: int | None = None, hit: tuple[int, int] | None = None) -> None:
        """Read an article into the text pane (a search hit, the articles pane's row); keys that
        act on the text pane wait for it (:attr:`article_wanted`)."""
        self._preview_worker(self._want_article("preview"), article_id, cursor_at, hit)

    @work(thread=True, group="article", exclusive=True, exit_on_error=False)
    def _preview_worker(self: ReviewScreen, token: tuple[str, int], article_id: int, cursor_at: int | None,
                        hit: tuple[int, int] | None) -> None:
        try:
            article = read_article(self.store, article_id)
        except BaseException:
            self.app.call_from_thread(self._article_came, token)
            raise
        if article is None:
            self.app.call_from_thread(self._article_came, token)
        else:
            self.app.call_from_thread(self._show_preview, token, article, cursor_at, hit)

    def _show_preview(self: ReviewScreen, token: tuple[str, int], article: ArticleText, cursor_at: int | None,
                      hit: tuple[int, int] | None) -> None:
        if token[1] < self._preview_asked or token[1] <= self._claim_asked:
            # A newer preview was asked for ("g j j j …" in the articles pane): its read may have
            # come in first, and this older one would put another article under the highlight.
            # Or the cursor reached a claim since: its own article, not this, is what e links from.
            self._article_came(token)
            return
        span = None
        if self.detail is not None and hit is None:
            span = next(((o.start, o.end) for o in self.detail.occurrences
                         if o.article_id == article.article.id), None)
        self.show_article(article, hit or span, cursor_at=cursor_at, hit=hit is not None)
        self._article_came(token)

    def _want_article(self: ReviewScreen, kind: str) -> tuple[str, int]:
        self._article_seq += 1
        if kind == "preview":
            self._preview_asked = self._article_seq
        else:
            self._claim_asked = self._article_seq
        self.article_wanted = (kind, self._article_seq)
        return self.article_wanted

    def _article_came(self: ReviewScreen, token: tuple[str, int]) -> None:
        """The article asked for with ``token`` is in the pane (or will not come): unless a newer
        one was asked for since, keys waiting for it go on."""
        if self.article_wanted == token:
            self.article_wanted = None
            self.try_dialog()

    def action_next_occurrence(self: ReviewScreen) -> None:
        """Show the claim's next occurrence (usually in another article)."""
        # "j o": the next claim's. A move of the text pane, not a dialog: with no claim there
        # it does nothing, and the keys after it are not dropped.
        if self.dialog_waits(self.action_next_occurrence, move=True):
            return
        if self.detail and len(self.detail.occurrences) > 1:
            shown = pick_occurrence(self.detail, self.occurrence, self._article_id())
            self.occurrence = (shown + 1) % len(self.detail.occurrences)
            self._force_scroll = True
            self._want_article("claim")  # (any read of this claim now shows that occurrence)
            self._claim_worker(self.detail.claim.id, self.occurrence, None)
            self.save_cursor()
        elif self.detail:  # (o did nothing, and said nothing)
            self.notify("This claim has a single occurrence; it is the one shown.", markup=False)
