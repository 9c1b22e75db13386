"""Every key of the review screen, as data.

Keys are data so that one table drives the bindings, the footer, the `?`
overlay and the README, and so a reviewer can remap any of them from the
settings file by binding id (``keys: {review.verdict_consistent: v}``, or
``verdict_consistent: v`` when only one id ends so), which Textual applies
through ``App.set_keymap``. Ids are namespaced by the pane (or screen) that
owns them; the help overlay groups by that prefix.

:func:`check_keymap` is what reads the settings file's ``keys:``: an id
nobody binds, or one key for two actions that are live at the same time,
is an error there, not a key that silently does nothing (Textual drops the
binding a remap clashes with without a word).
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable, Iterator, Mapping
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


# The modal screens' bindings (defined with their screens; tests/test_settings.py
# checks this table against them): ids the settings file may remap too.
MODAL_KEYS: dict[str, str] = {
    "export.cancel": "escape", "export.pick": "enter",
    "help.close": "escape,question_mark,q",
    "note.close": "escape", "note.save": "ctrl+s",
    "picker.cancel": "escape", "picker.list": "down", "picker.list_last": "up",
    "picker.pick": "enter", "picker.filter": "ctrl+l",
    "occurrence.cancel": "escape", "occurrence.pick": "enter",
    "evidence_pick.cancel": "escape", "evidence_pick.pick": "enter",
    "search.cancel": "escape", "search.results": "down", "search.results_last": "up",
    "search.pick": "enter", "search.query": "ctrl+l",
    "stance.supports": "s", "stance.contradicts": "x,c", "stance.context": "o", "stance.cancel": "escape",
    "timeline.close": "escape,q", "timeline.pick": "enter",
}

# The pop-up screens (by id prefix) whose list is a KeyList: the list keys
# (j/k, g/G…) work there too, so they must not clash with the screen's own.
LIST_SCREENS = frozenset({"export", "occurrence", "evidence_pick", "stance", "timeline"})

HELP_HINT = "press ? in the review screen for every id"


class KeymapError(ValueError):
    """A bad entry in the settings' ``keys:``; ``entry`` is the id as written there."""

    def __init__(self, message: str, entry: object) -> None:
        super().__init__(message)
        self.entry = entry


def default_keys() -> dict[str, str]:
    """Every remappable binding id and its default key(s)."""
    keys = {k.id: k.key for group in ALL_GROUPS for k in group}
    keys.update(MODAL_KEYS)
    return keys


def binding_ids() -> list[str]:
    """Every binding id the settings file may remap."""
    return list(default_keys())


def _contexts() -> Iterator[set[str]]:
    """Sets of binding ids live at the same time, where one key must mean one action.

    On the review screen: the app's and the screen's keys, with those of the
    focused pane (a pane's own key wins over the screen's). The panes
    themselves never share focus, so ``j`` can move in each. A modal
    screen's keys meet each other and its list's (the help and timeline
    close on ``q`` over the app's quit on purpose).
    """
    review = {k.id for k in (*APP_KEYS, *REVIEW_KEYS)}
    lists = {k.id for k in LIST_KEYS}
    yield review | lists | {k.id for k in ARTICLES_KEYS}
    yield review | {k.id for k in TEXT_KEYS}
    yield review | {k.id for k in VERDICT_KEYS}
    screens: dict[str, set[str]] = {}
    for ident in MODAL_KEYS:
        screen = ident.split(".", 1)[0]
        screens.setdefault(screen, set(lists) if screen in LIST_SCREENS else set()).add(ident)
    yield from screens.values()


def _resolve_id(given: object, ids: list[str]) -> str:
    """The full binding id for ``given``: itself, or the one id ending in ``.given``."""
    name = str(given) if given is not None else ""
    if name in ids:
        return name
    matches = [i for i in ids if i.split(".", 1)[1] == name]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise KeymapError(f"keys: '{name}' is ambiguous: write {' or '.join(matches)}", given)
    shorts = {i.split(".", 1)[1]: i for i in ids}
    close = difflib.get_close_matches(name, [*ids, *shorts], n=1, cutoff=0.75)
    hint = f"did you mean '{shorts.get(close[0], close[0])}'?" if close else HELP_HINT
    raise KeymapError(f"keys: unknown key binding id '{name}' ({hint})", given)


def _key_list(value: object, ident: str, given: object) -> str:
    """The keys for one binding as Textual takes them: ``"x,X"`` (a YAML list is joined)."""
    if isinstance(value, (list, tuple)):
        parts = value
    elif isinstance(value, (str, int)) and not isinstance(value, bool):
        parts = str(value).split(",")
    elif value is None:
        parts = []
    else:
        raise KeymapError(f"keys: {ident}: must be key names (\"x\", \"x,ctrl+x\" or a list),"
                          f" not a {type(value).__name__}", given)
    if any(not isinstance(p, (str, int)) or isinstance(p, bool) for p in parts):
        raise KeymapError(f"keys: {ident}: must be key names (\"x\", \"x,ctrl+x\" or a list)", given)
    keys = [str(p).strip() for p in parts if str(p).strip()]
    if not keys:
        raise KeymapError(f"keys: {ident}: no key given", given)
    return ",".join(keys)


@functools.cache
def _alias_of() -> dict[str, str]:
    """Textual's key aliases, alias -> key (built once; check_keymap asks for every binding)."""
    from textual.keys import KEY_ALIASES

    return {alias: key for key, aliases in KEY_ALIASES.items() for alias in aliases}


def _key_set(keys: str) -> set[str]:
    """The keys a binding string means, the way Textual matches them ("?" is question_mark)."""
    from textual.keys import _character_to_key

    alias_of = _alias_of()
    found = set()
    for part in keys.split(","):
        key = part.strip()
        key = _character_to_key(key) if len(key) == 1 else key
        found.add(alias_of.get(key, key))
    return found


#: Textual's own priority keys, which no other binding would ever receive
#: (app.quit may have ctrl+q: Textual's key runs the same quit).
RESERVED_KEYS = {"ctrl+q": "quitting (Textual's own key, in every screen)",
                 "ctrl+p": "the command palette (Textual's own key)"}
_RESERVED_FOR = {"ctrl+q": "app.quit"}


def check_keymap(raw: Mapping[Any, Any]) -> dict[str, str]:
    """The settings' ``keys:`` as {binding id: "key,key2"}, or :class:`KeymapError`.

    Refused: an id no binding has, a short id more than one ends with, an
    id given twice, a binding without a key, a key Textual keeps for itself
    (:data:`RESERVED_KEYS`: the binding would never fire), and a key that
    would do two things at once, which is checked on the keys in effect, so
    moving the other binding away too makes a swap fine.
    """
    defaults = default_keys()
    ids = list(defaults)
    keymap: dict[str, str] = {}
    written: dict[str, object] = {}
    for given, value in raw.items():
        ident = _resolve_id(given, ids)
        if ident in keymap:
            raise KeymapError(f"keys: '{ident}' is given twice (also as '{written[ident]}')", given)
        keymap[ident] = _key_list(value, ident, given)
        written[ident] = given
    live = {ident: _key_set(keymap.get(ident, key)) for ident, key in defaults.items()}
    for ident in keymap:
        for key in sorted(k for k in {k.lower() for k in live[ident]} & RESERVED_KEYS.keys()
                          if _RESERVED_FOR.get(k) != ident):  # ctrl+Q is ctrl+q to a terminal
            raise KeymapError(f"keys: {ident}: '{key}' is kept for {RESERVED_KEYS[key]};"
                              " choose another key", written[ident])
    contexts = list(_contexts())
    for ident in keymap:
        for context in contexts:
            if ident not in context:
                continue
            for other in sorted(context - {ident}):
                both = live[ident] & live[other]
                if both:
                    key = sorted(both)[0]
                    raise KeymapError(
                        f"keys: {ident}: '{key}' is already the key of {other}; one key cannot do both"
                        f" (remap {other} too, or choose another key)",
                        written[ident],
                    )
    return keymap


def keymap_from_settings(settings: Mapping[str, Any] | None) -> dict[str, str]:
    """The ``keys`` section of the settings as {binding id: "key,key2"}.

    The settings file was checked when it was read (:func:`check_keymap`);
    settings built some other way are read leniently: an entry that does
    not name one binding, or gives no key, is left out.
    """
    raw = (settings or {}).get("keys") or {}
    if not isinstance(raw, Mapping):
        return {}
    ids = binding_ids()
    keymap = {}
    for given, value in raw.items():
        try:
            ident = _resolve_id(given, ids)
            keymap[ident] = _key_list(value, ident, given)
        except KeymapError:
            continue
    return keymap


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
