"""The articles pane: outlet, date, title, and "reviewed/found" statements.

A :class:`VirtualList` over ``store.articles_page``. ``enter`` asks the
screen to narrow the claims pane to this article (the message is nested
here, in the widget that posts it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual.binding import BindingType
from textual.message import Message

from workbench.store import ArticleRow, Store
from workbench.tui.keymap import ARTICLES_KEYS, bindings
from workbench.tui.widgets.claims_list import short_date
from workbench.tui.widgets.virtual_list import VirtualList


class ArticlesList(VirtualList[ArticleRow]):
    """Every article, in import order."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(ARTICLES_KEYS)  # type: ignore[assignment]
    DEFAULT_CSS = """
    ArticlesList { height: 1fr; }
    """

    class Chosen(Message):
        """``enter`` on an article: show only its claims."""

        def __init__(self, source: ArticlesList, article: ArticleRow) -> None:
            super().__init__()
            self.source = source
            self.article = article

        @property
        def control(self) -> ArticlesList:
            return self.source

    def __init__(self, store: Store, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.store = store
        self.on_choose: Callable[[ArticleRow], None] | None = None  # set by the owner: enter, at once
        self.chosen_id: int | None = None

    def fetch_count(self) -> int:
        return self.store.article_count()

    def fetch_page(self, offset: int, limit: int) -> list[ArticleRow]:
        return self.store.articles_page(offset, limit)

    def row_key(self, row: ArticleRow) -> object:
        return (row.id, row.found, row.reviewed)

    def render_row(self, row: ArticleRow, width: int) -> Text:
        text = Text(no_wrap=True)
        chosen = row.id == self.chosen_id
        text.append("▶" if chosen else " ", "bold cyan")
        text.append(f"{(row.outlet or row.stem)[:10]:<10} ", "bold cyan" if chosen else "cyan")
        text.append(f"{short_date(row.published, year=False):<7}", "dim")
        counts = f" {row.reviewed}/{row.found}"
        done = row.found and row.reviewed >= row.found
        title_width = max(1, width - 19 - len(counts))
        title = " ".join((row.title or row.stem).split())
        if len(title) > title_width:
            title = title[: title_width - 1] + "…"
        text.append(f"{title:<{title_width}}")
        text.append(counts, "green" if done else "yellow")
        return text

    def action_choose(self) -> None:
        row = self.current
        if row is None:
            return
        if self.on_choose is not None:
            self.on_choose(row)  # at once: keys typed after enter are meant for the article's claims
        else:
            self.post_message(self.Chosen(self, row))
