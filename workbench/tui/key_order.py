"""Keys handed on one at a time, each to the screen that is current once the key before it is done.

Why: Textual gives a key to the focused widget as soon as it reads it, but
runs the key's binding only when the key has bubbled back up to the app.
Keys typed together (pasted, sent by tmux, or over a slow SSH link) were
therefore all given to the screen of the moment: in the timeline,
"j enter c" gave the c to the closing dialog, where it was lost, and
"t j enter" gave j and enter to the review screen, as the timeline opens
only once its rows are read.

Here the app gives out the next key only when the one before is done: it
has come back up to the app, its binding has run, and what the binding
posted to the focused widget has been handled (an option list's enter
posts its choice, which closes the dialog); or, when a widget kept the
key (a text box keeps letters), a marker posted behind it has come back.
Each step is known by a marker message (:class:`KeyDone`) that follows the
same route. When the screen changes, the next key waits until the new
screen has handled its mount and focus; and :meth:`KeyOrder.hold_keys`
holds keys while a screen is on its way (the timeline reading its rows).
"""

from __future__ import annotations

import asyncio
from collections import deque
from functools import cache
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App
from textual.keys import _character_to_key
from textual.message import Message
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.screen import Screen

LOST_AFTER = 0.5  # s: a marker not back by then went with a removed widget; the keys go on
HOLD_AT_MOST = 3.0  # s: a hold is never kept longer (a screen that never came)
MAX_ROUNDS = 4  # markers sent after a key on a dialog whose widgets are still passing messages on


@cache
def _may_keep(kind: type) -> bool:
    """Can a widget of this kind keep a key from its parents (a text box keeps the letters typed)?

    Only a widget with a key handler of its own can (Textual's Input, TextArea and
    Select); any other passes its keys up, to the app's bindings.
    """
    for cls in kind.__mro__:
        if cls is Widget:
            return False
        if "_on_key" in cls.__dict__ or "on_key" in cls.__dict__:
            return True
    return False


_BASES = frozenset(Widget.__mro__)  # Widget and what it is built on: they pass keys on
_KEY_MESSAGES = frozenset(events.Key.__mro__)  # an @on handler of any of these sees a key
_KEY_HANDLERS = frozenset({"on_key", "_on_key", "handle_key", "on_event", "_on_message", "_dispatch_message"})


@cache
def _passes_keys(kind: type) -> bool:
    """Does a widget of this kind only pass keys on: no key handler (by name or ``@on``), no
    ``key_``/``_key_`` method, in its class or any class it is made of but Widget's own?"""
    for cls in kind.__mro__:
        if cls in _BASES:
            continue
        names = vars(cls)
        if any(name in _KEY_HANDLERS or name.startswith(("key_", "_key_")) for name in names):
            return False
        if any(message in _KEY_MESSAGES for message in names.get("_decorated_handlers") or ()):
            return False
    return True


class KeyDone(Message):
    """A marker for :class:`KeyOrder`; back at the app, the step ``kind`` is over.

    ``kept``: posted behind a key to the widget it went to (back first: a widget kept the key);
    ``after``: posted to the focused widget once the key's binding ran (what it posted is handled);
    ``settle``: posted to a new current screen (it has mounted and focused).
    """

    def __init__(self, kind: str, key: events.Key | events.Paste | None = None,
                 screen: Screen[Any] | None = None, rounds: int = 0) -> None:
        super().__init__()
        self.kind = kind
        self.key = key
        self.screen = screen
        self.rounds = rounds


class KeyOrder(App[Any]):
    """An ``App`` whose keys are handled in the order typed, one at a time (see the module)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._keys: deque[events.Key | events.Paste] = deque()  # a paste keeps its place among keys
        self._key: events.Key | events.Paste | None = None  # given out, not yet done
        self._bound = False  # its binding has run
        self._settling: Screen[Any] | None = None  # a new screen that has not yet reported back
        self._holds = 0
        self._capped = 0  # of them, those HOLD_AT_MOST ends
        self._lost: asyncio.TimerHandle | None = None
        self._settle_timer: Timer | None = None
        self._hold_timer: Timer | None = None

    def _on_mount(self, event: events.Mount) -> None:
        self.screen_change_signal.subscribe(self, self._screen_changed, immediate=True)

    # -- holding -----------------------------------------------------------------------
    def hold_keys(self, capped: bool = True) -> None:
        """Keep keys back until :meth:`release_keys`: a screen is on its way.

        ``capped``: for at most ``HOLD_AT_MOST`` (a screen that never comes); a holder that
        gives up by itself (and decides what becomes of the keys) holds uncapped.
        """
        self._holds += 1
        if capped:
            self._capped += 1
            if self._hold_timer is not None:
                self._hold_timer.stop()
            self._hold_timer = self.set_timer(HOLD_AT_MOST, self._hold_expired)

    def release_keys(self, capped: bool = True) -> None:
        """End a :meth:`hold_keys` (the same ``capped``); once none is left, the keys go on when
        the current screen has settled."""
        if capped:
            if self._capped == 0:
                return  # expired already
            self._capped -= 1
        if self._holds == 0:
            return
        self._holds -= 1
        if self._capped == 0 and self._hold_timer is not None:
            self._hold_timer.stop()
            self._hold_timer = None
        if self._holds == 0:
            self._settle(self.screen)

    def _hold_expired(self) -> None:
        self._hold_timer = None
        if self._capped:
            self._holds -= self._capped - 1
            self._capped = 1
            self.release_keys()

    def drop_keys(self) -> int:
        """Forget the keys (and pastes) typed and not yet handed on: they were for a dialog that
        did not open. Returns how many. Keys with a priority binding (ctrl+q) are kept: a quit
        typed meanwhile is still a quit."""
        kept = deque(k for k in self._keys if isinstance(k, events.Key) and self._priority(k.key))
        dropped = len(self._keys) - len(kept)
        self._keys = kept
        return dropped

    def _priority(self, key: str) -> bool:
        return any(b.priority for _node, bindings in self.screen._binding_chain
                   for b in bindings.key_to_bindings.get(key, ()))

    @property
    def keys_waiting(self) -> bool:
        """Keys typed and not yet handled (or one being handled, or held)."""
        return bool(self._keys) or self._key is not None or self._settling is not None or self._holds > 0

    # -- the queue ---------------------------------------------------------------------
    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            self._keys.extend(self._escape_then(event) if isinstance(event, events.Key) else (event,))
            await self._hand_on()
            return
        await super().on_event(event)

    def _escape_then(self, event: events.Key) -> tuple[events.Key, ...]:
        """``alt+c`` as the two keys ``escape`` and ``c``, when nothing is bound to ``alt+c``.

        Why: a terminal sends escape as ESC, and alt+c as ESC c; the reader takes ESC and a
        letter within ESCDELAY (0.1 s) for alt+letter. "escape c" typed quickly (closing the
        note editor, then judging) typed the c into the note instead; this app binds no
        alt+letter, so the two keys are what was meant.
        """
        ch = event.character
        if not event.key.startswith("alt+") or ch is None or len(ch) != 1 or not ch.isprintable() \
                or any(event.key in bindings.key_to_bindings for _n, bindings in self.screen._binding_chain):
            return (event,)
        return events.Key("escape", "\x1b"), events.Key(_character_to_key(ch), ch)

    async def _hand_on(self) -> None:
        """Give out the next key if none is out, no screen is settling and nothing holds them."""
        if not self._keys or self._key is not None or self._settling is not None or self._holds:
            return
        event = self._keys.popleft()
        self._key, self._bound = event, False
        if isinstance(event, events.Key) and self._straight_to_screen():
            await self._to_screen(event)
        else:
            await super().on_event(event)  # a priority binding, or on to the focused widget
        if self._key is not event:
            return  # a priority binding changed the screen: the next key waits for it to settle
        if not event.is_forwarded:  # a priority binding took it: done once its callbacks have run
            self.call_next(self._done, event)
            return
        target = self.focused or self.screen
        if isinstance(event, events.Paste) or _may_keep(type(target)):
            target.post_message(KeyDone("kept", event))
        self._watch(event)

    def _straight_to_screen(self) -> bool:
        """Can a key skip the widgets between the focused one and the screen?

        Why: each widget a key bubbles through is one more turn of the event
        loop (about 0.2 ms each here: list, two containers, screen). When none
        of them can act on a key (no key handler, no ``key_`` method), going
        through them changes nothing: the bindings are looked up from the
        focused widget all the same, once the key is back at the app.
        """
        screen, node = self.screen, self.focused
        if isinstance(screen, ModalScreen) or screen.maximized is not None:
            return False
        while node is not None and node is not screen:
            if not _passes_keys(type(node)):
                return False
            node = node.parent  # type: ignore[assignment]
        return node is screen

    async def _to_screen(self, event: events.Key) -> None:
        """What Textual's ``App.on_event`` does with a key, forwarding it to the screen itself."""
        if not self.app_focus:
            self.app_focus = True
        if self.focused:
            self.screen._clear_tooltip()
        if not await self._check_bindings(event.key, priority=True):
            self.screen._forward_event(event)

    async def on_key(self, event: events.Key) -> None:
        """A key back up at the app: its bindings run here (as Textual's own handler does), then the next."""
        event.prevent_default()  # (instead of Textual's handler, which this calls)
        focused = self.focused
        await super()._on_key(event)
        if event is self._key:
            self._bound = True
            if not isinstance(self.screen, ModalScreen):
                self._done(event)  # the review screen acts at once (its writes hold later keys themselves)
                return
            target = focused if focused is not None and focused.is_attached else self.screen
            target.post_message(KeyDone("after", event))
            self._watch(event)

    def on_key_done(self, message: KeyDone) -> None:
        message.stop()
        if message.kind == "settle":
            screen = message.screen
            if screen is self._settling:
                if screen.focused is None and message.rounds < MAX_ROUNDS and screen.focus_chain:
                    # Not focused yet: its Mount may have come after this marker (the marker can be
                    # posted before the screen's messages start), and a key now would be lost.
                    screen.post_message(KeyDone("settle", screen=screen, rounds=message.rounds + 1))
                    return
                self._settled(screen)
        elif message.key is self._key and (message.kind == "after" or not self._bound):
            busy = self._busy_node() if message.rounds < MAX_ROUNDS else None
            if busy is not None:
                # What the key set off is still going from widget to widget in the dialog (an
                # Input's Submitted becoming the palette's OptionSelected, which closes it):
                # follow it once more.
                busy.post_message(KeyDone("after", message.key, rounds=message.rounds + 1))
                self._watch(message.key)
                return
            self._done(message.key)

    def _busy_node(self) -> Widget | None:
        """A widget of the current dialog with messages waiting (the review screen: none asked)."""
        screen = self.screen
        if not isinstance(screen, ModalScreen):
            return None
        return next((node for node in screen.walk_children(with_self=True)
                     if node._message_queue.qsize()), None)  # (Textual has no public "pending")

    def _watch(self, event: events.Key | events.Paste) -> None:
        """Go on without the marker if it does not come back (a timer handle: cheap, once per key)."""
        self._unwatch()
        self._lost = asyncio.get_running_loop().call_later(LOST_AFTER, self._done, event)

    def _unwatch(self) -> None:
        if self._lost is not None:
            self._lost.cancel()
            self._lost = None

    def _done(self, event: events.Key | events.Paste) -> None:
        if event is not self._key:
            return  # done already
        self._unwatch()
        self._key = None
        self.call_next(self._hand_on)  # after the callbacks queued so far (a dialog's result)

    def _screen_changed(self, screen: Screen[Any]) -> None:
        """A screen was pushed or popped: the key that did it is done; the next waits for it to settle."""
        self._unwatch()
        self._key = None
        self._settle(screen)

    def _settle(self, screen: Screen[Any]) -> None:
        """Hand on the next key once ``screen`` has handled what is queued for it (mount, focus)."""
        self._settling = screen
        screen.post_message(KeyDone("settle", screen=screen))
        if self._settle_timer is not None:
            self._settle_timer.stop()
        self._settle_timer = self.set_timer(LOST_AFTER, lambda: self._settled(screen))

    def _settled(self, screen: Screen[Any]) -> None:
        if self._settling is screen:
            self._settling = None
            if self._settle_timer is not None:
                self._settle_timer.stop()
                self._settle_timer = None
            self.call_next(self._hand_on)


class KeyHold:
    """A hold on the app's keys that a dialog turns on and off: on while an enter typed before
    its results came waits for them (the keys after it are for where the pick leads)."""

    def __init__(self, node: Widget) -> None:
        self.node = node
        self.on = False

    def set(self, on: bool) -> None:
        if on == self.on:
            return
        self.on = on
        app = self.node.app
        if isinstance(app, KeyOrder):
            if on:
                app.hold_keys()
            else:
                app.release_keys()
