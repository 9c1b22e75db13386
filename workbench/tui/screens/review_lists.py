"""What the review screen's lists show: the claims filter, one article's claims, titles, progress.

Mixed into :class:`~workbench.tui.screens.review.ReviewScreen`. The claims
pane's title and subtitle redraw the whole list when they change, so they are
only set when their text differs, and after a verdict they follow once the
keys pause; the status line shows progress at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.content import Content

from workbench.store import ArticleRow
from workbench.tui.opening import NO_OCCURRENCE
from workbench.tui.widgets.claims_list import short_date
from workbench.tui.widgets.status import progress_text

if TYPE_CHECKING:
    from workbench.tui.screens.review import ReviewScreen

CYCLE = ("all", "unreviewed", "consistent", "contradicted", "unresolved")


class ReviewLists:
    """``self`` is the screen."""

    def _titles(self: ReviewScreen) -> None:
        """The claims pane's title: subject, filter, article, and the last progress counts shown."""
        progress = self._title_progress
        title = Content.assemble(("Claims", "bold"), " · ", self.subject, " · ", (self.filter, "bold"))
        if self.article_filter is not None:
            a = self.article_filter
            name = " ".join((a.title or a.stem).split())[:40]
            title = title + Content.assemble(" · only ", (a.outlet or a.stem, "bold"), " ",
                                             short_date(a.published), " “", name, "” (a: all)")
        if progress is not None:
            title = title + Content(" · ") + Content.from_rich_text(progress_text(progress, short=True))
        # A new title redraws the whole list: skip it when nothing changed.
        if title != self._claims_title:
            self._claims_title = title
            self.claims.border_title = title
        self._shown_count(self.claims.count)

    def _shown_count(self: ReviewScreen, count: int) -> None:
        """The claims pane's subtitle; a new one redraws the whole list, so only when it changes."""
        subtitle = Content(f"{count} shown · ▪ sources")
        if subtitle != self._claims_subtitle:
            self._claims_subtitle = subtitle
            self.claims.border_subtitle = subtitle

    def refresh_progress(self: ReviewScreen) -> None:
        """Re-read progress counts (cheap: kept by triggers) in a worker."""
        self._progress_worker()

    # Exclusive in a group of its own: in "read" it cancelled the timeline's, a jump's and a
    # search hit's readers when the counts were refreshed at the same moment.
    @work(thread=True, group="progress", exclusive=True, exit_on_error=False)
    def _progress_worker(self: ReviewScreen) -> None:
        progress = self.store.progress()
        count = self.store.article_count()
        self.app.call_from_thread(self._show_progress, progress, count)

    def _show_progress(self: ReviewScreen, progress: dict[str, int], article_count: int, titles: bool = True) -> None:
        """Progress in the status line at once; in the claims title too unless ``titles`` is False.

        A new title repaints the whole claims pane, so after a verdict the
        title follows with the articles' counts once the keys pause.
        """
        self.status.set(progress=progress, filter=self.filter)
        if article_count != self._article_count_shown:
            self._article_count_shown = article_count
            self.articles.border_title = Content.assemble(("Articles", "bold"), f" · {article_count}")
        self._title_progress = progress
        if titles:
            self._titles()

    def _choose_article(self: ReviewScreen, article: ArticleRow) -> None:
        """Enter in the articles pane: its claims only (at once, through ``on_choose``, so
        a verdict key typed right after acts in the narrowed list, not on the claim left)."""
        self.narrow_to(article)
        self.claims.focus()

    def _article_id(self: ReviewScreen) -> int | None:
        """The article the claims list is narrowed to, if any."""
        return self.article_filter.id if self.article_filter else None

    def narrow_to(self: ReviewScreen, article: ArticleRow | None) -> None:
        """Show only one article's claims (None: every article's)."""
        self.article_filter = article
        self.articles.chosen_id = article.id if article else None
        self.articles.refresh()
        self.occurrence = NO_OCCURRENCE  # (the narrowed article's, if the claim is in it)
        self.claims.show(self.filter, self._article_id(), self.claim_id)
        self._titles()  # the counts stay until the fresh ones arrive
        self.refresh_progress()
        self.save_cursor()

    def action_all_articles(self: ReviewScreen) -> None:
        if self.held_back(self.action_all_articles):  # after the writes typed before it, as moves
            return
        self.narrow_to(None)

    def action_cycle_filter(self: ReviewScreen) -> None:
        """all → unreviewed → consistent → contradicted → unresolved → all.

        Held, like a move, while writes typed before it are under way: "c c f"
        changed the list under the second c, which then judged another claim.
        """
        if self.held_back(self.action_cycle_filter):
            return
        index = CYCLE.index(self.filter) if self.filter in CYCLE else -1
        self.set_filter(CYCLE[(index + 1) % len(CYCLE)])

    def set_filter(self: ReviewScreen, filt: str) -> None:
        self.filter = filt
        self.claims.show(filt, self._article_id(), self.claim_id)
        self.status.set(filter=filt)
        self.refresh_progress()
        self.save_cursor()
