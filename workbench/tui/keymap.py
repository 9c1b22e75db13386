"""Every key of the review screen, as data.

Keys are data so that one table drives the bindings, the footer, the `?`
overlay and the README, and so a reviewer can remap any of them from the
settings file by binding id (``keys: {review.verdict_consistent: v}``),
which Textual applies through ``App.set_keymap``. Ids are namespaced by the
pane (or screen) that owns them; the help overlay groups by that prefix.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from textual.binding import Binding


@dataclass(frozen=True)
class Key:
    """One remappable binding: default key(s), action, id, footer label, tooltip."""

    key: str
    action: str
    id: str
    description: str
    tooltip: str
    show: bool = True
    priority: bool = False

    def binding(self) -> Binding:
        """The Textual binding (its id is what the keymap remaps)."""
        return Binding(self.key, self.action, self.description, show=self.show, id=self.id,
                       tooltip=self.tooltip, priority=self.priority)


APP_KEYS = (
    Key("q", "quit", "app.quit", "Quit", "Quit (everything is already saved)"),
    Key("question_mark", "help", "app.help", "Keys", "Show every key and its binding id"),
)

REVIEW_KEYS = (
    Key("c", "verdict('consistent')", "review.verdict_consistent", "Consistent",
        "Mark consistent, go to next unreviewed"),
    Key("x", "verdict('contradicted')", "review.verdict_contradicted", "Contradicted",
        "Mark contradicted, go to next unreviewed"),
    Key("u", "verdict('unresolved')", "review.verdict_unresolved", "Unresolved",
        "Mark unresolved, go to next unreviewed"),
    Key("backspace", "clear_verdict", "review.verdict_clear", "Clear",
        "Clear your verdict on the claim", show=False),
    Key("n", "note", "review.note", "Note", "Edit the claim's note (escape saves)"),
    Key("e", "evidence", "review.evidence", "Evidence",
        "Link the article's cursor sentence as evidence"),
    Key("d", "remove_evidence", "review.evidence_remove", "Unlink",
        "Unlink one of the claim's evidence passages", show=False),
    Key("slash", "search", "review.search", "Search", "Search all articles, jump to a hit"),
    Key("f", "cycle_filter", "review.filter", "Filter",
        "Cycle filter: all/unreviewed/✓/✗/?"),
    Key("a", "all_articles", "review.all_articles", "All articles",
        "Claims of every article again", show=False),
    Key("m", "merge", "review.merge", "Merge", "Merge the claim into another claim"),
    Key("s", "split", "review.split", "Split",
        "Split the shown occurrence into a new claim", show=False),
    Key("o", "next_occurrence", "review.occurrence", "Occurrence",
        "Show the claim's next occurrence", show=False),
    Key("1", "suggestion(1)", "review.suggest_1", "Link suggestion 1",
        "Link suggested passage 1 as evidence", show=False),
    Key("2", "suggestion(2)", "review.suggest_2", "Link suggestion 2",
        "Link suggested passage 2 as evidence", show=False),
    Key("3", "suggestion(3)", "review.suggest_3", "Link suggestion 3",
        "Link suggested passage 3 as evidence", show=False),
    Key("4", "suggestion(4)", "review.suggest_4", "Link suggestion 4",
        "Link suggested passage 4 as evidence", show=False),
    Key("5", "suggestion(5)", "review.suggest_5", "Link suggestion 5",
        "Link suggested passage 5 as evidence", show=False),
    Key("ctrl+z", "undo", "review.undo", "Undo", "Undo your last action", show=False),
    Key("ctrl+y", "redo", "review.redo", "Redo", "Redo what you undid", show=False),
    Key("t", "timeline", "review.timeline", "Timeline", "Timeline: statements in order said",
        show=False),
    Key("E", "export", "review.export", "Export", "Export the review (choose a format)",
        show=False),
    Key("tab", "app.focus_next", "review.next_pane", "Next pane", "Move to the next pane",
        show=False),
    Key("shift+tab", "app.focus_previous", "review.previous_pane", "Previous pane",
        "Move to the previous pane", show=False),
)

LIST_KEYS = (
    Key("j,down", "cursor_down", "list.down", "Down", "Next row", show=False),
    Key("k,up", "cursor_up", "list.up", "Up", "Previous row", show=False),
    Key("pagedown", "page_down", "list.page_down", "Page down", "Next page", show=False),
    Key("pageup", "page_up", "list.page_up", "Page up", "Previous page", show=False),
    Key("home,g", "first", "list.first", "First", "First row", show=False),
    Key("end,G", "last", "list.last", "Last", "Last row", show=False),
)

ARTICLES_KEYS = (
    Key("enter", "choose", "articles.only", "Only this article",
        "Only this article's claims (a: all)"),
)

TEXT_KEYS = (
    Key("j,down", "sentence(1)", "text.next_sentence", "Next sentence",
        "Move the sentence cursor down", show=False),
    Key("k,up", "sentence(-1)", "text.previous_sentence", "Previous sentence",
        "Move the sentence cursor up", show=False),
    Key("pagedown", "page(1)", "text.page_down", "Page down", "Scroll a page down", show=False),
    Key("pageup", "page(-1)", "text.page_up", "Page up", "Scroll a page up", show=False),
)


VERDICT_KEYS = (
    Key("j,down", "scroll(1)", "verdict.down", "Down", "Scroll the verdict pane a line down", show=False),
    Key("k,up", "scroll(-1)", "verdict.up", "Up", "Scroll the verdict pane a line up", show=False),
    Key("pagedown", "page(1)", "verdict.page_down", "Page down", "Scroll a page down", show=False),
    Key("pageup", "page(-1)", "verdict.page_up", "Page up", "Scroll a page up", show=False),
    Key("home,g", "top", "verdict.top", "Top", "Scroll to the top", show=False),
    Key("end,G", "bottom", "verdict.bottom", "Bottom", "Scroll to the bottom", show=False),
)


def bindings(keys: Iterable[Key]) -> list[Binding]:
    """Textual bindings for a group of keys."""
    return [k.binding() for k in keys]


ALL_GROUPS: tuple[tuple[Key, ...], ...] = (
    REVIEW_KEYS, LIST_KEYS, ARTICLES_KEYS, TEXT_KEYS, VERDICT_KEYS, APP_KEYS,
)


def keymap_from_settings(settings: Mapping[str, Any] | None) -> dict[str, str]:
    """The ``keys`` section of the settings as {binding id: "key,key2"}.

    Ids of the modal screens (``note.save``, ``stance.supports``…) are kept
    too; an id nobody binds is simply never used, so a typo in the settings
    file cannot stop the workbench from opening.
    """
    raw = (settings or {}).get("keys") or {}
    if not isinstance(raw, Mapping):
        return {}
    return {str(i): str(v) for i, v in raw.items() if i and v}


def help_rows(keymap: Mapping[str, str]) -> list[tuple[str, str, str]]:
    """(keys as typed, binding id, description) for the `?` overlay, with the keymap applied."""
    from workbench.tui.screens.dialog import key_name

    rows = []
    for group in ALL_GROUPS:
        for k in group:
            keys = keymap.get(k.id, k.key)
            shown = "/".join(key_name(part.strip()) for part in keys.split(","))
            rows.append((shown, k.id, k.tooltip))
    return rows
