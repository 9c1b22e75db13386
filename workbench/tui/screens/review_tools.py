"""The review screen's ways elsewhere: search, timeline and export, and the jumps they end in.

None of these writes to the review: search and the timeline read in thread
workers and end by selecting a claim or a sentence; export runs in its own
worker and says where the file went.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work

from workbench.store import SearchHit
from workbench.tui.widgets.verdict_panel import occurrence_window

TIMELINE_WINDOW = 400  # statements the timeline (t) shows, around the current one
TIMELINE_OUTLETS = 300  # of them, those nearest it that show their outlets

if TYPE_CHECKING:
    from workbench.tui.screens.review import ReviewScreen


class ReviewTools:
    """Mixed into :class:`ReviewScreen`; ``self`` is the screen."""

    def action_search(self: ReviewScreen) -> None:
        from workbench.tui.screens.search import SearchScreen

        def picked(hit: SearchHit | None) -> None:
            if hit is not None:
                self.jump_to_hit(hit)

        self.app.push_screen(SearchScreen(self.store), picked)

    def action_timeline(self: ReviewScreen) -> None:
        # Keys typed after t are for the timeline ("t j enter"): held until it is open.
        self.wb_app.hold_keys()
        self._timeline_worker()

    @work(thread=True, group="timeline", exit_on_error=False)
    def _timeline_worker(self: ReviewScreen) -> None:
        """The statements around the current one (``TIMELINE_WINDOW`` of them, in date order):
        the whole of a large review as options took ~1 s to build on the event loop."""
        try:
            rows, first, total, around = self._timeline_rows()
        except BaseException:
            self.app.call_from_thread(self.wb_app.release_keys)  # the keys go on to the review screen
            raise
        self.app.call_from_thread(self._show_timeline, rows, first, total, around)

    def _timeline_rows(self: ReviewScreen) -> tuple[list[dict[str, Any]], int, int, bool]:
        total = self.store.claims_count("all", None)
        at = self.store.claim_index(self.claim_id, "all", None) if self.claim_id is not None else -1
        first = occurrence_window(total, at, TIMELINE_WINDOW).start if at >= 0 else 0
        page = self.store.claims_page("all", None, first, TIMELINE_WINDOW)
        rows: list[dict[str, Any]] = [
            {"id": r.id, "mark": r.mark, "said_on": r.said_on, "reported_by": r.reported_by,
             "setting": r.setting, "text": r.text,
             "by": r.speaker if r.on_behalf_of else None, "outlets": []} for r in page]
        near = occurrence_window(len(rows), max(at - first, 0), TIMELINE_OUTLETS)
        for row in rows[near.start:near.stop]:  # outlets for the few hundred around; the rest stay light
            detail = self.store.claim(row["id"])
            row["outlets"] = list(dict.fromkeys(detail.outlets)) if detail else []  # each outlet once
        return rows, first, total, at >= 0

    def _show_timeline(self: ReviewScreen, rows: list[dict[str, Any]], first: int, total: int,
                       around: bool) -> None:
        from workbench.tui.screens.timeline import TimelineScreen

        def picked(claim_id: int | None) -> None:
            if claim_id is not None:
                self.jump_to_claim(claim_id)

        self.app.push_screen(TimelineScreen(rows, self.claim_id, first=first, total=total, around=around),
                             picked)
        self.wb_app.release_keys()  # the held keys go to it once it has mounted and focused

    def action_export(self: ReviewScreen) -> None:
        from workbench.export import FORMATS
        from workbench.tui.screens.export import ExportScreen

        def picked(fmt: str | None) -> None:
            if fmt is not None:
                self.export(fmt)

        self.app.push_screen(ExportScreen(FORMATS, str(self.store.path.parent)), picked)

    def export(self: ReviewScreen, fmt: str, out: Path | None = None) -> None:
        self._export_worker(fmt, out)

    @work(thread=True, group="export", exit_on_error=False)
    def _export_worker(self: ReviewScreen, fmt: str, out: Path | None) -> None:
        from workbench.exporting import export_file

        try:
            path = export_file(self.store, fmt, out, self.wb_app.settings)
        except Exception as exc:
            self.app.call_from_thread(self.notify, str(exc), title="Export failed", severity="error", markup=False)
            return
        self.app.call_from_thread(self.notify, str(path), title=f"Exported {fmt}", timeout=8, markup=False)

    # -- jumps -------------------------------------------------------------------------
    def jump_to_claim(self: ReviewScreen, claim_id: int) -> None:
        """Select a claim, widening the filter to "all" if the current one hides it.

        Keys typed meanwhile wait for it (``jumping``): they are meant for the claim jumped to.
        """
        self.jumping = True
        self._jump_worker(claim_id)

    # Its own group: an exclusive worker of "read" (the progress counts) cancelled it before
    # it ran, and ``jumping`` then held every key for good.
    @work(thread=True, group="jump", exit_on_error=False)
    def _jump_worker(self: ReviewScreen, claim_id: int) -> None:
        article = self._article_id()
        try:
            visible = self.store.claim_index(claim_id, self.filter, article) >= 0
        except Exception:
            self.app.call_from_thread(self._jump_ended)  # keys typed meanwhile are not held for good
            raise
        self.app.call_from_thread(self._jump, claim_id, visible)

    def _jump_ended(self: ReviewScreen) -> None:
        self.jumping = False
        self.replay_held()

    def _jump(self: ReviewScreen, claim_id: int, visible: bool) -> None:
        self.jumping = False  # the list's reload, begun here, holds keys from now on
        if not visible:
            self.filter = "all"
            self.article_filter = None
            self.articles.chosen_id = None
            self.status.set(filter="all")
        self.claims.show(self.filter, self._article_id(), claim_id)
        self._titles()  # the counts stay in the title
        self.replay_held()

    def jump_to_hit(self: ReviewScreen, hit: SearchHit) -> None:
        """A search hit: select its article, sentence cursor on the hit, focus the text."""
        self._article_index_worker(hit.article_id)
        self._preview(hit.article_id, hit.start, (hit.start, hit.end))
        self.text_view.focus()

    @work(thread=True, group="read", exit_on_error=False)
    def _article_index_worker(self: ReviewScreen, article_id: int) -> None:
        index = self.store.article_index(article_id)
        self.app.call_from_thread(self.articles.move_to, index)
