"""The review application: opens the store, applies the keymap, shows the review screen.

``run_review`` is what the CLI calls. The app owns the one :class:`Store`
(one connection, one writer); screens borrow it. Keys come from
:mod:`workbench.tui.keymap` and are remapped by binding id from
``settings["keys"]`` through ``App.set_keymap``.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from textual.app import SystemCommand
from textual.binding import BindingType
from textual.screen import Screen

from workbench.store import Store
from workbench.tui.key_order import KeyOrder
from workbench.tui.keymap import APP_KEYS, bindings, help_rows, keymap_from_settings
from workbench.tui.opening import Opening
from workbench.tui.screens.review import ReviewScreen
from workbench.tui.screens.review_lists import CYCLE


class ReviewApp(KeyOrder):
    """Factcheck Workbench: review one subject's statements across the coverage.

    Keys are handled one at a time, in the order typed (:class:`KeyOrder`).
    """

    CSS_PATH = "app.tcss"
    TITLE = "Factcheck Workbench"
    BINDINGS: ClassVar[list[BindingType]] = bindings(APP_KEYS)  # type: ignore[assignment]

    def __init__(self, db_path: Path, reviewer: str, settings: dict[str, Any] | None = None,
                 readonly: bool = False, store: Store | None = None,
                 opening: Opening | None = None) -> None:
        super().__init__()
        self._opened = store
        self._opening = opening
        self.db_path = Path(db_path)
        self.reviewer = reviewer
        self.settings = dict(settings or {})
        self.readonly = readonly
        self.keymap_overrides = keymap_from_settings(self.settings)
        self.store: Store | None = None

    def get_default_screen(self) -> Screen[Any]:
        """The review screen is the app's base screen (modals go on top of it).

        Why not push it over Textual's default screen: a screen underneath
        forwards its own repaints (the toast rack's) to the top screen, and
        that cost two extra frames right after the first paint.
        """
        # Opening is quick: the first screen comes read (opening) or loads in workers.
        self.store = self._opened or Store(self.db_path, readonly=self.readonly)
        return ReviewScreen(self.store, self.reviewer, self._opening)

    def on_mount(self) -> None:
        if self.keymap_overrides:
            self.set_keymap(self.keymap_overrides)
        # A polite kill (SIGTERM) quits as q does and a closed terminal window (SIGHUP) saves
        # the same way before it ends: a note being typed is saved first. Python's default
        # for both ends the process at once.
        loop = asyncio.get_running_loop()
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(signal.SIGTERM, lambda: self.call_next(self.action_quit))
            loop.add_signal_handler(signal.SIGHUP, self._hang_up)
        if self.readonly:
            self.notify("Opened read-only: you can read and export, not change anything.",
                        title="Read-only", severity="warning", timeout=8, markup=False)

    def _hang_up(self) -> None:
        review = self.review
        if review is None:
            os._exit(129)
        review.hang_up()

    def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()

    @property
    def review(self) -> ReviewScreen | None:
        """The review screen (under any modal)."""
        return next((s for s in self.screen_stack if isinstance(s, ReviewScreen)), None)

    def suggestion_keys(self) -> list[str]:
        """The keys that link suggestions 1..5, as remapped (shown in the verdict pane)."""
        return [self.keymap_overrides.get(f"review.suggest_{n}", str(n)).split(",")[0]
                for n in range(1, 6)]

    # -- actions ----------------------------------------------------------------------
    async def action_quit(self) -> None:
        """Quit once queued writes are committed, saving a note being typed first.

        Why the note: ``ctrl+q`` reaches the app even from the note editor (or
        from the command palette opened over it), and a note typed and not yet
        saved is the reviewer's work too. Its save is queued before the quit
        request, so the quit waits for it like for any other write; the
        dialogs over the review screen close, as nothing in them is unsaved.
        """
        review = self.review
        if review is None:
            self.exit()
            return
        review.start_quit()
        while self.screen is not review and len(self.screen_stack) > 1:
            await self.pop_screen()
        review.request_quit()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While a quit is under way, nothing but quit (no palette, no help over it)."""
        review = self.review
        return action == "quit" or review is None or not review._quitting

    def action_help(self) -> None:
        from workbench.tui.screens.help import HelpScreen

        if not isinstance(self.screen, ReviewScreen):
            return
        self.push_screen(HelpScreen(help_rows(self.keymap_overrides)))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The command palette (ctrl+p): exports, filters, views, and the built-ins."""
        yield from super().get_system_commands(screen)
        review = self.review
        if review is None:
            return
        from workbench.export import FORMATS

        for fmt in FORMATS:
            yield SystemCommand(f"Export {fmt}", f"Write the review as {fmt} next to the database",
                                partial(review.export, fmt))
        for filt in (*CYCLE, "disputed"):
            yield SystemCommand(f"Filter: {filt}", f"Show {filt} claims", partial(review.set_filter, filt))
        yield SystemCommand("Timeline", "Statements in the order they were said", review.action_timeline)
        yield SystemCommand("Search articles", "Full-text search in every article", review.action_search)
        yield SystemCommand("Merge claim…", "Merge the selected claim into another", review.action_merge)
        yield SystemCommand("Split occurrence…", "Pick an occurrence to split off into its own claim",
                            review.action_split_pick)
        yield SystemCommand("All articles", "Show the claims of every article", review.action_all_articles)
        yield SystemCommand("Help: keys", "Every key and its binding id", self.action_help)


def run_review(db_path: Path, reviewer: str, settings: dict[str, Any] | None = None,
               readonly: bool = False, store: Store | None = None,
               opening: Opening | None = None) -> None:
    """Open the review screen on ``db_path`` (the CLI's ``workbench review``).

    ``store``: the database already opened (and so checked) by the caller;
    ``opening``: the first screen's data, read from it (see :mod:`workbench.tui.opening`).
    """
    ReviewApp(Path(db_path), reviewer, settings or {}, readonly=readonly, store=store,
              opening=opening).run()
