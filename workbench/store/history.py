"""Undo and redo of reviewer actions, also across sessions.

Every action's event holds ``before``/``after`` snapshots of what it touched
(see :mod:`workbench.store.writes`), so undo and redo are generic: they write a
snapshot back after checking that what is in the database is still what the
action left (for a note: the reviewer's own note only), and that the claim
has not been merged away meanwhile (otherwise someone else changed it, and
undoing would silently overwrite their work). An action refused so is left
out, and the next undo goes on before it.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from workbench.store.core import now
from workbench.store.errors import Conflict
from workbench.store.writes import _EVIDENCE_COLS, WriteMixin, with_own_row
from workbench.text import one_line


def _shown_after(snap: dict[str, Any], claim_id: int) -> int:
    """The claim to show once a merge or split is undone or redone: the one it brought back
    into view, else the one the hidden claim now belongs to (never a hidden claim)."""
    for cid, into in snap["claims"].items():
        return int(cid) if into is None else int(into)
    return claim_id


LEFT_OUT = " (left out)"  # ends the action of an undo or redo that was refused and dropped

# What each undoable action is called in messages (the reviewer never sees action names or ids).
ACTION_WORDS = {
    "set_verdict": "verdict", "clear_verdict": "cleared verdict", "set_note": "note",
    "add_evidence": "evidence link", "remove_evidence": "evidence removal", "merge": "merge",
    "split": "split",
}


def _note_of(rows: list[dict[str, Any]] | None, reviewer: str) -> str | None:
    return next((r["note"] for r in rows or [] if r["reviewer"] == reviewer), None)


def _with_their_notes(current: list[dict[str, Any]], expected: list[dict[str, Any]] | None,
                      target: list[dict[str, Any]] | None, owner: str) -> list[dict[str, Any]] | None:
    """``target`` (an owner's verdict action undone or redone) with the notes other reviewers
    wrote on the claim since kept; None when anything else changed since: the owner's own row,
    or anybody's verdict.

    Why: notes are kept per reviewer and a note settles nothing, so bob's note written in
    another window does not make alice's verdict "changed since" (her undo was refused).
    """
    def by_name(rows: list[dict[str, Any]] | None) -> dict[str, dict[str, Any]]:
        return {r["reviewer"]: r for r in rows or []}

    def verdict(row: dict[str, Any] | None) -> tuple[Any, Any]:
        return (None, None) if row is None or row["label"] is None else (row["label"], row["settled"])

    cur, exp, tgt = by_name(current), by_name(expected), by_name(target)
    if cur.get(owner) != exp.get(owner):
        return None
    if any(verdict(cur.get(name)) != verdict(exp.get(name)) for name in (cur.keys() | exp.keys()) - {owner}):
        return None
    rows = [dict(tgt[owner])] if owner in tgt else []
    for name in sorted((cur.keys() | tgt.keys()) - {owner}):
        theirs, was = cur.get(name), tgt.get(name)
        row = dict(was or theirs)  # type: ignore[arg-type]
        row["note"], row["updated_at"] = (theirs["note"], theirs["updated_at"]) if theirs else (None, row["updated_at"])
        if row["label"] is not None or row["note"]:
            rows.append(row)
    return sorted(rows, key=lambda r: r["reviewer"])


def _kind(action: str) -> str:
    """Snapshot kind of an action, whatever undo/redo prefix it carries."""
    name = action.split()[-1]
    if name in ("set_verdict", "clear_verdict", "set_note", "settle"):
        return "verdict"
    if name in ("add_evidence", "remove_evidence"):
        return "evidence"
    return "reassign"


class HistoryMixin(WriteMixin):
    """The reviewer's undo and redo stacks (this session's, taken up from the file on open)."""

    _UNDOABLE = frozenset({"set_verdict", "clear_verdict", "set_note", "add_evidence", "remove_evidence",
                           "merge", "split"})

    def resume_history(self, reviewer: str, limit: int = 1000) -> None:
        """Take up ``reviewer``'s undo and redo where their last session left them.

        Why: a reviewer who quits and reopens expects ctrl+z to undo what they
        did last, as it would have before. Rebuilt from their events in the
        file, with the session's own rule (an action pushes and clears redo, an
        undo moves the last action to redo, a redo moves it back); replaying
        still checks each claim is as the action left it, so an entry another
        window has changed since is refused and left out, not applied (and a
        left-out entry is recorded, so it stays out here).
        """
        try:
            with self.rlock:
                # Among the file's last 20 x limit events (a bounded scan, however long the
                # history: this runs before the first paint).
                rows = self.rconn.execute(
                    "SELECT id, action FROM (SELECT id, action FROM events WHERE reviewer = ?"
                    " AND id > (SELECT COALESCE(MAX(id), 0) FROM events) - 20 * ?"
                    " ORDER BY id DESC LIMIT ?) ORDER BY id", [reviewer, limit, limit]).fetchall()
        except sqlite3.Error:  # a damaged history: the review still opens, with none
            return
        undo: list[int] = []
        redo: list[int] = []
        for event_id, action in rows:
            verb, _, name = action.partition(" ")
            left_out = name.endswith(LEFT_OUT)  # refused and dropped, not done (see _replay_or_drop)
            name = name.removesuffix(LEFT_OUT)
            if verb == "undo" and name in self._UNDOABLE:
                if undo:
                    top = undo.pop()
                    if not left_out:
                        redo.append(top)
            elif verb == "redo" and name in self._UNDOABLE:
                if redo:
                    top = redo.pop()
                    if not left_out:
                        undo.append(top)
            elif action in self._UNDOABLE:
                undo.append(event_id)
                redo.clear()
        with self.lock:
            self._undo, self._redo = undo, redo

    def can_undo(self) -> bool:
        return bool(self._undo)

    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo(self, reviewer: str) -> dict[str, Any] | None:
        """Revert this session's last action; returns its event (with ``claim_id``).

        An action that cannot be undone any more (its claim changed since, in
        another window or by another reviewer; for a note, the reviewer's own
        note) is refused with
        :class:`Conflict` and dropped, so that the next undo goes on with the
        action before it instead of being refused for ever.
        """
        if not self._undo:
            return None
        event = self._replay_or_drop(self._undo, reviewer, "undo", use="before")
        self._redo.append(self._undo.pop())
        return event

    def redo(self, reviewer: str) -> dict[str, Any] | None:
        """Do again the last undone action (dropped, like undo, when it cannot be)."""
        if not self._redo:
            return None
        event = self._replay_or_drop(self._redo, reviewer, "redo", use="after")
        self._undo.append(self._redo.pop())
        return event

    def _replay_or_drop(self, stack: list[int], reviewer: str, verb: str, use: str) -> dict[str, Any]:
        try:
            return self._replay(stack[-1], reviewer, verb, use=use)
        except Conflict as exc:  # lasting (a locked file raises WriteFailed: kept, to try again)
            refused = exc
        # Recorded, so that the undo list rebuilt when the reviewer comes back leaves it out too
        # (its last word is not an action's: merges do not read it as a change of the claim).
        event = self._one("SELECT action, claim_id FROM events WHERE id = ?", [stack[-1]])
        assert event is not None
        with self.write() as conn:
            self._event(conn, reviewer, f"{verb} {event['action']}{LEFT_OUT}", event["claim_id"], None, None)
        stack.pop()
        after = "the action before it" if verb == "undo" else "the next one"
        raise Conflict(f"{refused}; left out, {verb} again for {after}", refused.current)

    def _replay(self, event_id: int, reviewer: str, verb: str, use: str) -> dict[str, Any]:
        event = self._one("SELECT * FROM events WHERE id = ?", [event_id])
        assert event is not None
        target = json.loads(event[use]) if event[use] else None
        expected_raw = event["after" if use == "before" else "before"]
        expected = json.loads(expected_raw) if expected_raw else None
        kind = _kind(event["action"])
        claim_id = event["claim_id"]
        with self.write() as conn:
            current = self._current(conn, kind, claim_id, target if target is not None else expected)
            if kind == "verdict" and event["action"] == "set_note":
                # Only the reviewer's own note is compared and put back: notes are kept per
                # reviewer, so another reviewer's verdict since does not stand in the way.
                owner = event["reviewer"]
                if _note_of(current, owner) == _note_of(expected, owner):
                    # the note and its date as in the snapshot: the reviewer's own verdict actions,
                    # undone or redone next, compare the row with its date
                    theirs = next((r for r in target or [] if r["reviewer"] == owner), None)
                    after = with_own_row(current, claim_id, owner, settle=False,
                                         note=theirs["note"] if theirs else None,
                                         updated_at=theirs["updated_at"] if theirs else now())
                    self._check_rev(conn, claim_id, None)
                    self._restore_verdicts(conn, claim_id, after)
                    self._event(conn, reviewer, f"{verb} {event['action']}", claim_id, current, after)
                    return event
            if kind == "verdict" and current != expected and event["action"] != "set_note":
                kept = _with_their_notes(current, expected, target, event["reviewer"])
                if kept is not None:  # only other reviewers' notes changed since: kept, the rest as it was
                    self._check_rev(conn, claim_id, None)
                    self._restore_verdicts(conn, claim_id, kept)
                    self._event(conn, reviewer, f"{verb} {event['action']}", claim_id, current, kept)
                    return event
            if current != expected:
                raise self._changed_since(conn, event, verb, "it has")
            if kind == "reassign":
                self._check_receivers(conn, verb, target)
                self._check_hidden(conn, event, current, target, verb)
                self._check_linked_once(conn, verb, target["evidence"])
            else:  # a claim merged away since (in another window) shows nowhere: change nothing on it
                self._check_rev(conn, claim_id, None)
            if kind == "verdict":
                self._restore_verdicts(conn, claim_id, target or [])
            elif kind == "evidence":
                ref = target or expected
                if target:  # (a link put back: the passage may be linked to the claim since)
                    twin = self._linked_as(conn, target["claim_id"], target["article_id"], target["start"],
                                           target["end"], other_than=target["id"])
                    if twin is not None:
                        raise Conflict(f"cannot {verb} the evidence link: the passage is linked to the claim"
                                       f" since (as {twin}); nothing overwritten")
                conn.execute("DELETE FROM evidence WHERE id = ?", [ref["id"]])
                if target:
                    cols = ", ".join(f'"{c}"' for c in _EVIDENCE_COLS)
                    conn.execute(
                        f"INSERT INTO evidence({cols}) VALUES ({','.join('?' * len(_EVIDENCE_COLS))})",
                        [target[c] for c in _EVIDENCE_COLS],
                    )
                conn.execute("UPDATE claims SET rev = rev + 1 WHERE id = ?", [ref["claim_id"]])
            else:
                self._apply_reassign(conn, target)
                self._check_not_emptied(conn, event, current, verb)
                event["show"] = _shown_after(target, claim_id)
            self._event(conn, reviewer, f"{verb} {event['action']}", claim_id, expected, target)
        return event

    def _changed_since(self, conn: sqlite3.Connection, event: dict[str, Any], verb: str,
                       what_changed: str = "its claims have") -> Conflict:
        text = conn.execute("SELECT text FROM claims WHERE id = ?", [event["claim_id"]]).fetchone()
        what = ACTION_WORDS.get(event["action"], event["action"])
        on = f" on “{one_line(text[0], 40)}”" if text else ""
        return Conflict(f"cannot {verb} the {what}{on}: {what_changed} changed since (another window"
                        " or reviewer); nothing overwritten")

    def _check_hidden(self, conn: sqlite3.Connection, event: dict[str, Any], current: dict[str, Any],
                      target: dict[str, Any], verb: str) -> None:
        """Refuse to hide a claim (undo of a split, redo of a merge) that holds what the action
        does not know of: passages or evidence moved to it since, or verdicts and notes given
        since. Why: the rows the action moves are as it left them, but hiding the claim would
        take those others out of every screen, count and export."""
        hidden = [int(c) for c, into in target["claims"].items()
                  if into is not None and current["claims"].get(c, 0) is None]
        if not hidden:
            return
        moved = {table: {int(i) for i in target[table]} for table in ("occurrences", "evidence")}
        covered = set(target.get("verdicts") or {})  # verdict rows the snapshots compared already
        # The action's last doing, undoing or redoing (events name the claim and the action).
        name = event["action"]
        last = conn.execute(
            "SELECT MAX(id) FROM events WHERE claim_id = ? AND action IN (?, ?, ?)",
            [event["claim_id"], name, f"undo {name}", f"redo {name}"]).fetchone()[0] or event["id"]
        for cid in hidden:
            for table in ("occurrences", "evidence"):
                rows = {r[0] for r in conn.execute(f"SELECT id FROM {table} WHERE claim_id = ?", [cid])}
                if rows - moved[table]:
                    raise self._changed_since(conn, event, verb)
            if str(cid) in covered or not self._verdict_snapshot(conn, cid):
                continue
            since = conn.execute(
                "SELECT 1 FROM events WHERE claim_id = ? AND id > ? AND action NOT LIKE ? LIMIT 1",
                [cid, last, f"%{LEFT_OUT}"]).fetchone()
            if since is not None:
                raise self._changed_since(conn, event, verb)

    def _check_not_emptied(self, conn: sqlite3.Connection, event: dict[str, Any], current: dict[str, Any],
                           verb: str) -> None:
        """Refuse (inside the write: rolled back) an undo or redo that took the last passage of a
        claim still shown: passages split off it since in another window left it only the
        ones this action moves away."""
        left = {int(c) for c in current["occurrences"].values()}
        for cid in sorted(left):
            row = conn.execute(
                "SELECT merged_into IS NULL, (SELECT COUNT(*) FROM occurrences WHERE claim_id = ?)"
                " FROM claims WHERE id = ?", [cid, cid]).fetchone()
            if row is not None and row[0] and row[1] == 0:
                raise self._changed_since(conn, event, verb)

    def _current(self, conn: sqlite3.Connection, kind: str, claim_id: int, shape: Any) -> Any:
        if kind == "verdict":
            return self._verdict_snapshot(conn, claim_id)
        if kind == "evidence":
            return self._evidence_row(conn, shape["id"])
        return self._reassign_snapshot(
            conn,
            [int(i) for i in shape["claims"]],
            [int(i) for i in shape["occurrences"]],
            [int(i) for i in shape["evidence"]],
            [int(i) for i in shape["verdicts"]] if "verdicts" in shape else None,
        )
