"""A list that only ever renders (and only ever loads) the rows on screen.

DataTable, ListView and OptionList build a widget or a row object for every
item up front, which takes seconds at 100,000 claims. This list is a
``ScrollView`` using the Line API: ``render_line`` draws the visible rows
only, and rows arrive from the store a page (200 rows) at a time in thread
workers, cached by page. A row whose page is still loading is drawn as a
placeholder and redrawn when it arrives, so scrolling never waits on SQLite.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, Generic, TypeVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import Worker, WorkerState

from workbench.tui.keymap import LIST_KEYS, bindings
from workbench.tui.opening import PAGE, ListSeed, read_list
from workbench.tui.read_errors import report_failed_read
from workbench.tui.widgets.scrolling import set_virtual_size
from workbench.tui.widgets.strips import text_strip

T = TypeVar("T")


class VirtualList(ScrollView, Generic[T], can_focus=True):
    """A cursor over ``count`` rows fetched lazily by page; subclasses say how to fetch and draw."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(LIST_KEYS)  # type: ignore[assignment]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"virtual-list--cursor", "virtual-list--dim"}
    DEFAULT_CSS = """
    VirtualList > .virtual-list--cursor { background: $block-cursor-blurred-background; }
    VirtualList:focus > .virtual-list--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold;
    }
    VirtualList > .virtual-list--dim { color: $text-muted; }
    """

    # repaint=False: watch_cursor redraws the two rows that changed (or all, after a scroll)
    cursor: reactive[int] = reactive(0, init=False, always_update=True, repaint=False)

    class Highlighted(Message):
        """The cursor rests on a loaded row (the screen loads its details)."""

        def __init__(self, source: VirtualList[T], index: int, row: T) -> None:
            super().__init__()
            self.source = source
            self.index = index
            self.row = row

        @property
        def control(self) -> VirtualList[T]:
            return self.source

    class Loaded(Message):
        """A reload finished: the count (and the first rows) are known."""

        def __init__(self, source: VirtualList[T], count: int) -> None:
            super().__init__()
            self.source = source
            self.count = count

        @property
        def control(self) -> VirtualList[T]:
            return self.source

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.count = 0
        self._pages: dict[int, list[T]] = {}
        self._requested: set[int] = set()
        self._failed: set[int] = set()  # pages whose read failed (this generation)
        self._generation = 0
        self._applied = 0  # the last generation whose reload finished (or failed)
        self._reload_worker: Worker[None] | None = None
        self._announced: tuple[int, object] | None = None
        # Set by the owner: called at once when the cursor reaches a loaded row (the Highlighted
        # message comes after keys already queued), and asked first about every move the user
        # makes (True: it holds the move, to make it after the writes before it are shown).
        self.on_cursor: Callable[[T], None] | None = None
        self.gate: Callable[[Callable[[], None]], bool] | None = None
        # Called when the cursor's page came without its row, or could not be read.
        self.on_row_missing: Callable[[], None] | None = None
        self._strips: dict[tuple[object, int, Style], Strip] = {}

    # -- what subclasses provide (fetch_* run in a thread) -------------------
    def fetch_count(self) -> int:
        raise NotImplementedError

    def fetch_page(self, offset: int, limit: int) -> list[T]:
        raise NotImplementedError

    def render_row(self, row: T, width: int) -> Text:
        raise NotImplementedError

    def row_key(self, row: T) -> object:
        """What identifies a row across reloads (a claim id, an article id)."""
        return row

    # -- data ------------------------------------------------------------------
    def row(self, index: int) -> T | None:
        """The row at ``index`` if its page is loaded."""
        page = self._pages.get(index // PAGE)
        if page is None or index % PAGE >= len(page):
            return None
        return page[index % PAGE]

    @property
    def current(self) -> T | None:
        """The row under the cursor, if loaded."""
        return self.row(self.cursor) if self.count else None

    def reload(self, locate: Callable[[], int] | None = None) -> None:
        """Fetch the count again (and drop cached pages), keeping or relocating the cursor.

        ``locate`` runs in the worker thread and returns the index the cursor
        should move to (or -1 to keep the current position, clamped).
        """
        self._generation += 1
        generation = self._generation
        cursor = self.cursor

        def work() -> None:
            seed = read_list(self.fetch_count, self.fetch_page, locate, cursor)
            self.app.call_from_thread(self._apply_reload, generation, seed, None if locate else cursor)

        self._reload_worker = self.run_worker(work, thread=True, group="list-read", exit_on_error=False)

    @property
    def reloading(self) -> bool:
        """A reload is under way: rows and cursor may still change under the keys."""
        return self._applied != self._generation

    def seed(self, seed: ListSeed) -> None:
        """Take a first load read before the screen existed (see :mod:`workbench.tui.opening`)."""
        self._generation += 1
        self._apply_reload(self._generation, seed)

    def _apply_reload(self, generation: int, seed: ListSeed, kept: int | None = None) -> None:
        """Show a load; ``kept``: the cursor it was asked to keep, where the cursor was then.

        A cursor moved since (a j in the articles pane while its counts were
        re-read after a verdict) stays where it was moved, rather than going
        back to where the reload began.
        """
        if generation != self._generation:
            return
        self._applied = generation
        if kept is not None and self.cursor != kept and seed.count:
            seed = ListSeed(seed.count, min(self.cursor, seed.count - 1), seed.first, seed.rows)
        count = self.count = seed.count
        self._pages = {seed.first // PAGE: list(seed.rows)}
        self._requested = set()
        self._failed = set()
        self._announced = None
        # Rows are cropped to the pane, never scrolled sideways: a virtual width
        # of 0 means a resize changes nothing here (no second layout at startup).
        set_virtual_size(self, Size(0, count))
        self.cursor = seed.target
        self.refresh()
        self.post_message(self.Loaded(self, count))

    def _request_page(self, page: int) -> None:
        if page in self._requested or page in self._pages:
            return
        self._requested.add(page)
        generation = self._generation

        def work() -> None:
            try:
                rows = self.fetch_page(page * PAGE, PAGE)
            except BaseException:
                self.app.call_from_thread(self._page_failed, generation, page)
                raise
            self.app.call_from_thread(self._apply_page, generation, page, rows)

        self.run_worker(work, thread=True, group="list-read", exit_on_error=False)

    @property
    def cursor_loading(self) -> bool:
        """The cursor's row is being read: its page was asked for and has neither come nor failed."""
        page = self.cursor // PAGE
        return bool(self.count) and page in self._requested and page not in self._pages \
            and page not in self._failed

    def _page_failed(self, generation: int, page: int) -> None:
        """A page could not be read (a damaged file): not asked for again until the list reloads
        (each repaint asked again), and nothing held for the cursor's row waits for it."""
        if generation != self._generation:
            return
        self._failed.add(page)
        if self.on_row_missing is not None and page == self.cursor // PAGE:
            self.on_row_missing()

    def _apply_page(self, generation: int, page: int, rows: list[T]) -> None:
        if generation != self._generation:
            return
        self._pages[page] = rows
        self.refresh()
        self._announce()
        if self.current is None and page == self.cursor // PAGE and self.on_row_missing is not None:
            self.on_row_missing()  # shorter than the count said (claims merged away meanwhile)

    # -- cursor ------------------------------------------------------------------
    def watch_cursor(self, old: int, index: int) -> None:
        scrolled = self.scroll_offset.y
        if self.count:
            self._scroll_cursor_into_view()
        if self.scroll_offset.y == scrolled and old != index:
            # Only the two rows whose cursor style changed are redrawn.
            self.refresh_line(old)
            self.refresh_line(index)
        else:
            self.refresh()
        self._announce()

    def _announce(self) -> None:
        row = self.current
        if row is None:
            if self.count:
                self._request_page(self.cursor // PAGE)
            return
        key = (self.cursor, self.row_key(row))
        if key != self._announced:
            self._announced = key
            if self.on_cursor is not None:
                self.on_cursor(row)
            self.post_message(self.Highlighted(self, self.cursor, row))

    def _scroll_cursor_into_view(self) -> None:
        """Scroll only when the cursor leaves the view, and then by more than a row.

        Stepping past the bottom puts the cursor a third of the way down (past
        the top: two thirds), so the next dozen steps move the cursor alone:
        scrolling repaints every row, moving the cursor only two. A jump
        elsewhere centres the cursor.
        """
        top, height, cursor = self.scroll_offset.y, self.size.height, self.cursor
        if height <= 0 or top <= cursor < top + height:
            return
        if cursor == top + height:
            target = cursor - height // 3
        elif cursor == top - 1:
            target = cursor - (2 * height) // 3
        else:
            target = cursor - height // 2
        self.scroll_to(y=max(0, target), animate=False, immediate=True)

    def move_to(self, index: int) -> None:
        """Put the cursor on ``index`` (clamped)."""
        if self.count:
            self.cursor = max(0, min(index, self.count - 1))

    def _user_move(self, where: Callable[[], int]) -> None:
        """A move the user asked for, to ``where()`` as reckoned when it is made (after the
        writes before it, when :attr:`gate` holds it: "c j c" marks two claims in a row)."""
        def move() -> None:
            self.move_to(where())

        if self.gate is None or not self.gate(move):
            move()

    def action_cursor_down(self) -> None:
        self._user_move(lambda: self.cursor + 1)

    def action_cursor_up(self) -> None:
        self._user_move(lambda: self.cursor - 1)

    def action_page_down(self) -> None:
        self._user_move(lambda: self.cursor + max(1, self.size.height - 1))

    def action_page_up(self) -> None:
        self._user_move(lambda: self.cursor - max(1, self.size.height - 1))

    def action_first(self) -> None:
        self._user_move(lambda: 0)

    def action_last(self) -> None:
        self._user_move(lambda: self.count - 1)

    def on_resize(self) -> None:
        # A cursor placed before the first layout (a resumed claim far down the
        # list) could not be scrolled to then: bring it into view now.
        if self.count:
            self._scroll_cursor_into_view()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failed_read(self, event.worker, event.state)
        if event.worker is self._reload_worker and event.state in (WorkerState.ERROR, WorkerState.CANCELLED):
            # the latest reload will not come: stop holding keys for it (the old rows stay)
            self._applied = self._generation
            self.post_message(self.Loaded(self, self.count))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is not None:
            # A click names a row on screen now: while keys are held (the list about to
            # change under it) it would land on another claim, so it is let go.
            if self.gate is None or not self.gate(lambda: None):
                self.move_to(self.scroll_offset.y + offset.y)

    # -- drawing -----------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.size.width
        base = self.rich_style
        if index >= self.count:
            return Strip.blank(width, base)
        row = self.row(index)
        if row is None:
            self._request_page(index // PAGE)
            dim = self.get_component_rich_style("virtual-list--dim")
            return Strip([Segment("…".ljust(width), base + dim)], width)
        style: Style = base
        if index == self.cursor:
            style = base + self.get_component_rich_style("virtual-list--cursor")
        key = (self.row_key(row), width, style)
        strip = self._strips.get(key)
        if strip is None:
            # Rows that did not change are reused; a verdict draws only the row
            # it marks and the two the cursor leaves and reaches.
            if len(self._strips) > 4 * PAGE:
                self._strips.clear()
            strip = text_strip(self.render_row(row, width), width, style, self.app.console)
            self._strips[key] = strip
        return strip
