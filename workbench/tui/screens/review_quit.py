"""Quitting the review screen without dropping anything the reviewer did.

Mixed into :class:`~workbench.tui.screens.review.ReviewScreen`. A quit (``q``,
or ``ctrl+q`` from anywhere, even the note editor under the command palette)
first queues the save of a note being typed, then waits for every queued
write, then saves the resume cursor in a thread and exits. From the quit on,
the screen's actions are off: a key pressed while the last writes finish
would otherwise start work that the exit cuts short (a note typed then was
lost). Notes whose save failed earlier are saved again. If a queued write
fails, the quit is called off, so the reviewer sees the error and still has
the text; quitting again then leaves without the notes that could not be saved.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import work

if TYPE_CHECKING:
    from workbench.tui.screens.note import NoteEditor
    from workbench.tui.screens.review import ReviewScreen


class ReviewQuit:
    """``self`` is the screen."""

    def _init_quit(self: ReviewScreen) -> None:
        self._quitting = False
        self._quit_after = False
        self._open_note: tuple[NoteEditor, Callable[[str | None], None]] | None = None
        # Notes unsaved when a quit was called off (claim -> text): a later quit leaves these,
        # as the warning said, but saves any other (a note typed and refused since).
        self._left_drafts: dict[int, str] = {}

    def check_action(self: ReviewScreen, action: str, parameters: tuple[object, ...]) -> bool | None:
        """No new action once a quit is under way."""
        return not self._quitting

    def note_opened(self: ReviewScreen, editor: NoteEditor, saved: Callable[[str | None], None]) -> None:
        """Remember the open note editor and what saves it (``saved`` as its dismiss callback)."""
        def once(text: str | None) -> None:
            self._open_note = None
            saved(text)

        self._open_note = (editor, once)
        self.app.push_screen(editor, once)

    def save_open_note(self: ReviewScreen) -> None:
        """Queue the save of the note being typed, if an editor is open (on top or not)."""
        if self._open_note is None:
            return
        editor, save = self._open_note
        save(editor.result())  # as the editor's own save would (a reconciled note included)

    def start_quit(self: ReviewScreen) -> None:
        """Turn the screen's actions off and queue the save of a note being typed, and again of
        notes whose save failed (they were kept "to try again": q threw them away)."""
        self._quitting = True
        self.save_open_note()
        self.save_drafts(leave=self._left_drafts)

    def request_quit(self: ReviewScreen) -> None:
        """Quit once queued writes are committed (nothing acknowledged is ever dropped),
        unless a write failed since :meth:`start_quit` and called the quit off."""
        if not self._quitting:
            return
        if self.writing or self._held:  # keys typed before the quit are made and saved first
            self._quit_after = True
            return
        self.quit_now()

    def quit_called_off(self: ReviewScreen) -> None:
        """A write queued before the quit failed: stay, so its error and the text are not lost."""
        if self._quitting:
            self._quitting = self._quit_after = False
            self._left_drafts = self.drafts()
            self.notify("Not quitting, so that nothing is lost: see the error. Quit again to leave"
                        " without what could not be saved.", title="Still open",
                        severity="warning", timeout=8, markup=False)

    def quit_now(self: ReviewScreen) -> None:
        """Save where the reviewer is, then exit; the save runs in a thread (why: another
        program holding the database's lock makes it wait seconds, and the screen must
        not freeze meanwhile)."""
        self._quit_after = False  # (once: a later replay must not start a second exit)
        if not self._restored or self.store.readonly:
            self.app.exit()
            return
        if self._cursor_timer is not None:
            self._cursor_timer.stop()
            self._cursor_timer = None
        self._busy_soon()
        self._save_and_exit(self.cursor_state())

    def hang_up(self: ReviewScreen) -> None:
        """The terminal is gone (SIGHUP): save what is typed and queued, then end the process.

        Why not the usual exit: it restores the terminal, and with none left
        that spun forever at full CPU. Everything is committed first, so
        ending the process here loses nothing.
        """
        self.start_quit()
        state = self.cursor_state() if self._restored and not self.store.readonly else None
        self._save_and_end(state)

    @work(thread=True, group="quit", exclusive=True, exit_on_error=False)
    def _save_and_end(self: ReviewScreen, state: dict[str, Any] | None) -> None:
        deadline = time.monotonic() + 15
        idle = 0  # polls in a row with nothing to save: two, as a held key is made between them
        while idle < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
            busy = self.writing or bool(self._held) or self._replaying
            idle = 0 if busy else idle + 1
        if state is not None:
            self.write_state(state)
        os._exit(129)  # 128 + SIGHUP, as a shell reports it

    @work(thread=True, group="quit", exclusive=True, exit_on_error=False)
    def _save_and_exit(self: ReviewScreen, state: dict[str, Any]) -> None:
        try:
            self.write_state(state)
        finally:
            self.app.call_from_thread(self.app.exit)
