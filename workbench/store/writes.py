"""Reviewer actions: verdicts, notes, evidence, merge and split.

Every action is one transaction that changes the data *and* appends one event
(an action that would change nothing, a note saved as it already is, writes none)
whose ``before``/``after`` hold snapshots of what it touched, so that undo and
redo (:mod:`workbench.store.history`) are generic.

Optimistic concurrency: verdict actions accept ``expect_rev``, the claim
revision the screen was showing. A second instance (or a merged-in reviewer)
that changed the claim meanwhile bumps ``rev``, and the action is refused with
:class:`Conflict` instead of overwriting it.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from workbench.store.core import StoreBase, now
from workbench.store.errors import Conflict, WorkbenchError
from workbench.store.imports import UNDATED_SORT_KEY
from workbench.store.models import LABELS, STANCES, Verdict, final_verdict
from workbench.store.schema import FOLD_CLAIMS

_VERDICT_COLS = ("claim_id", "reviewer", "label", "note", "updated_at", "settled")
_EVIDENCE_COLS = (
    "id", "claim_id", "article_id", "start", "end", "text", "stance", "note", "reviewer", "created_at"
)


def _carry(theirs: list[dict[str, Any]], mine: list[dict[str, Any]], target_id: int) -> list[dict[str, Any]]:
    """The target's verdict rows once the merged claim's join them (the target has notes at most)."""
    rows = {r["reviewer"]: dict(r) for r in mine}
    for r in theirs:
        own = rows.get(r["reviewer"])
        note = "\n\n".join(n for n in (own and own["note"], r["note"]) if n) or None
        rows[r["reviewer"]] = {**r, "claim_id": target_id, "note": note}
    return sorted(rows.values(), key=lambda r: r["reviewer"])


def with_own_row(rows: list[dict[str, Any]], claim_id: int, reviewer: str, *, settle: bool,
                 **changes: Any) -> list[dict[str, Any]]:
    """A claim's verdict rows with ``reviewer``'s row changed by ``changes`` (made if missing,
    dropped when it holds neither label nor note), sorted by reviewer; ``settle``: that row
    settles the claim (the others' are unsettled), as a verdict does."""
    mine = next((dict(r) for r in rows if r["reviewer"] == reviewer), None)
    row = mine or {"claim_id": claim_id, "reviewer": reviewer, "label": None, "note": None,
                   "updated_at": "", "settled": 1}
    row.update(changes)
    after = [dict(r) for r in rows if r["reviewer"] != reviewer]
    if settle:
        row["settled"] = 1
        for other in after:
            other["settled"] = 0
    if row["label"] is not None or row["note"]:
        after.append(row)
    return sorted(after, key=lambda r: r["reviewer"])


class WriteMixin(StoreBase):
    """The actions a reviewer takes; each is one committed transaction."""

    # -- snapshots --------------------------------------------------------
    def _verdict_snapshot(self, conn: sqlite3.Connection, claim_id: int) -> list[dict[str, Any]]:
        cur = conn.execute(
            "SELECT claim_id, reviewer, label, note, updated_at, settled FROM verdicts"
            " WHERE claim_id = ? ORDER BY reviewer",
            [claim_id],
        )
        return [dict(zip(_VERDICT_COLS, row, strict=True)) for row in cur.fetchall()]

    def _restore_verdicts(
        self, conn: sqlite3.Connection, claim_id: int, rows: list[dict[str, Any]]
    ) -> None:
        conn.execute("DELETE FROM verdicts WHERE claim_id = ?", [claim_id])
        conn.executemany(
            "INSERT INTO verdicts(claim_id, reviewer, label, note, updated_at, settled)"
            " VALUES (:claim_id, :reviewer, :label, :note, :updated_at, :settled)",
            rows,
        )
        self._refresh_verdict(conn, claim_id, rows)

    def _refresh_verdict(
        self, conn: sqlite3.Connection, claim_id: int, rows: list[dict[str, Any]]
    ) -> None:
        final = final_verdict([Verdict(**{**r, "settled": bool(r["settled"])}) for r in rows])
        conn.execute(
            "UPDATE claims SET verdict = ?, rev = rev + 1 WHERE id = ?",
            [final.label if final else None, claim_id],
        )

    def _check_rev(self, conn: sqlite3.Connection, claim_id: int, expect_rev: int | None) -> None:
        row = conn.execute(
            "SELECT rev, merged_into FROM claims WHERE id = ?", [claim_id]
        ).fetchone()
        if row is None:
            raise WorkbenchError(f"claim {claim_id} does not exist")
        if row[1] is not None:  # hidden by a merge in another window: what it got would show nowhere
            raise Conflict(f"claim {claim_id} has since been merged into claim {row[1]}; nothing saved",
                           current=row[0])
        if expect_rev is not None and row[0] != expect_rev:
            raise Conflict(
                f"claim {claim_id} was changed elsewhere (another window or reviewer);"
                " reloaded, nothing overwritten",
                current=row[0],
            )

    # -- verdicts and notes -------------------------------------------------
    def _verdict_action(
        self,
        action: str,
        claim_id: int,
        reviewer: str,
        expect_rev: int | None,
        expect_note: str | None = None,
        **changes: Any,
    ) -> int:
        with self.write() as conn:
            self._check_rev(conn, claim_id, expect_rev)
            before = self._verdict_snapshot(conn, claim_id)
            mine = next((dict(r) for r in before if r["reviewer"] == reviewer), None)
            current = (mine or {}).get("note") or ""
            if expect_note is not None and current not in (expect_note, changes.get("note") or ""):
                raise Conflict(f"the note on claim {claim_id} was changed in another window;"
                               " nothing overwritten", current=current)
            if action == "set_note" and current == (changes.get("note") or ""):
                # The note is already this (blank lines on a claim with no note): no event, so
                # that no undo step does nothing.
                return int(conn.execute("SELECT rev FROM claims WHERE id = ?", [claim_id]).fetchone()[0])
            after = with_own_row(before, claim_id, reviewer, settle="label" in changes,
                                 **changes, updated_at=now())
            self._restore_verdicts(conn, claim_id, after)
            event = self._event(conn, reviewer, action, claim_id, before, after)
        self._done(event)
        return self._rev(claim_id)

    def set_verdict(
        self, claim_id: int, label: str, reviewer: str, expect_rev: int | None = None
    ) -> int:
        """Mark a claim; returns the claim's new revision."""
        if label not in LABELS:
            raise WorkbenchError(f"unknown verdict {label!r}; use one of {', '.join(LABELS)}")
        return self._verdict_action("set_verdict", claim_id, reviewer, expect_rev, label=label)

    def clear_verdict(self, claim_id: int, reviewer: str, expect_rev: int | None = None) -> int:
        return self._verdict_action("clear_verdict", claim_id, reviewer, expect_rev, label=None)

    def set_note(
        self, claim_id: int, note: str, reviewer: str, expect_rev: int | None = None,
        expect_note: str | None = None,
    ) -> int:
        """Save a reviewer's note (empty text removes it); returns the claim's revision after
        it (unchanged, and nothing written, when the note already is that).

        ``expect_note``: the note the editor started from ("" for none). When the
        reviewer's note is another one now (saved from another window since) and
        not already ``note``, nothing is written and :class:`Conflict` is raised
        with ``current`` the note there now ("" for none). Only the note is
        compared, in the write's own transaction: other reviewers' verdicts do
        not refuse it.
        """
        return self._verdict_action("set_note", claim_id, reviewer, expect_rev, expect_note,
                                    note=note if note.strip() else None)

    def _rev(self, claim_id: int) -> int:
        return int(self._scalar("SELECT rev FROM claims WHERE id = ?", [claim_id]) or 0)

    # -- evidence ---------------------------------------------------------
    def add_evidence(
        self,
        claim_id: int,
        article_id: int,
        start: int,
        end: int,
        stance: str,
        reviewer: str,
        note: str | None = None,
    ) -> int:
        """Link ``body[start:end]`` of an article as evidence; returns the evidence id."""
        if stance not in STANCES:
            raise WorkbenchError(f"unknown stance {stance!r}; use one of {', '.join(STANCES)}")
        with self.write() as conn:
            self._check_rev(conn, claim_id, None)
            raw = conn.execute("SELECT CAST(body AS BLOB) FROM articles WHERE id = ?", [article_id]).fetchone()
            body = None if raw is None else self._decode(raw[0])  # damaged text is linked, marked
            if body is None or not 0 <= start < end <= len(body):
                raise WorkbenchError("evidence passage is outside the article")
            linked = self._linked_as(conn, claim_id, article_id, start, end)
            if linked is not None:
                # Linked twice (with opposite stances, even) the export said the passage both
                # supports and contradicts the claim.
                raise WorkbenchError(f"this passage is already linked to the claim as {linked}; to change"
                                     " its stance, unlink it (d) and link it again")
            cur = conn.execute(
                'INSERT INTO evidence(claim_id, article_id, start, "end", text, stance, note,'
                " reviewer, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [claim_id, article_id, start, end, body[start:end], stance, note, reviewer, now()],
            )
            ev_id = int(cur.lastrowid or 0)
            after = self._evidence_row(conn, ev_id)
            conn.execute("UPDATE claims SET rev = rev + 1 WHERE id = ?", [claim_id])
            event = self._event(conn, reviewer, "add_evidence", claim_id, None, after)
        self._done(event)
        return ev_id

    def remove_evidence(self, evidence_id: int, reviewer: str) -> None:
        with self.write() as conn:
            before = self._evidence_row(conn, evidence_id)
            if before is None:
                raise WorkbenchError(f"evidence {evidence_id} does not exist")
            conn.execute("DELETE FROM evidence WHERE id = ?", [evidence_id])
            conn.execute("UPDATE claims SET rev = rev + 1 WHERE id = ?", [before["claim_id"]])
            event = self._event(conn, reviewer, "remove_evidence", before["claim_id"], before, None)
        self._done(event)

    def _evidence_row(self, conn: sqlite3.Connection, ev_id: int) -> dict[str, Any] | None:
        row = conn.execute(
            'SELECT id, claim_id, article_id, start, "end", text, stance, note, reviewer,'
            " created_at FROM evidence WHERE id = ?",
            [ev_id],
        ).fetchone()
        return dict(zip(_EVIDENCE_COLS, row, strict=True)) if row else None

    # -- merge and split ----------------------------------------------------
    def _reassign_snapshot(
        self, conn: sqlite3.Connection, claims: list[int], occurrences: list[int], evidence: list[int],
        verdicts: list[int] | None = None,
    ) -> dict[str, Any]:
        """Where the given rows belong now; ``verdicts``: claims whose verdict rows are part of the action."""
        def pick(table: str, col: str, ids: list[int]) -> dict[str, Any]:
            if not ids:
                return {}
            marks = ",".join("?" * len(ids))
            cur = conn.execute(f"SELECT id, {col} FROM {table} WHERE id IN ({marks})", ids)
            return {str(i): v for i, v in cur.fetchall()}

        snap: dict[str, Any] = {
            "claims": pick("claims", "merged_into", claims),
            "occurrences": pick("occurrences", "claim_id", occurrences),
            "evidence": pick("evidence", "claim_id", evidence),
        }
        if verdicts is not None:  # absent from merges made before verdicts moved with them
            snap["verdicts"] = {str(c): self._verdict_snapshot(conn, c) for c in verdicts}
        return snap

    def _apply_reassign(self, conn: sqlite3.Connection, snap: dict[str, Any]) -> None:
        touched: set[int] = {int(c) for c in snap["claims"]}
        for cid, into in snap["claims"].items():
            conn.execute("UPDATE claims SET merged_into = ?, rev = rev + 1 WHERE id = ?", [into, int(cid)])
        for table in ("occurrences", "evidence"):
            for rid, cid in snap[table].items():
                old = conn.execute(f"SELECT claim_id FROM {table} WHERE id = ?", [int(rid)]).fetchone()
                if old is not None:
                    touched.add(int(old[0]))  # the claim it leaves loses a source too
                conn.execute(f"UPDATE {table} SET claim_id = ? WHERE id = ?", [cid, int(rid)])
                touched.add(int(cid))
        for cid, rows in (snap.get("verdicts") or {}).items():
            self._restore_verdicts(conn, int(cid), rows)
        for cid in touched:
            self._refresh_sources(conn, cid)

    def _linked_as(self, conn: sqlite3.Connection, claim_id: int, article_id: int, start: int, end: int,
                   other_than: int | None = None) -> str | None:
        """The stance of the claim's link of this passage (another link than ``other_than``), if any:
        a passage is linked to a claim once."""
        row = conn.execute(
            'SELECT stance FROM evidence WHERE claim_id = ? AND article_id = ? AND start = ? AND "end" = ?'
            " AND id IS NOT ?", [claim_id, article_id, start, end, other_than]).fetchone()
        return None if row is None else str(row[0])

    def _check_linked_once(self, conn: sqlite3.Connection, verb: str, moves: dict[str, Any]) -> None:
        """Refuse an undo or redo that would link a passage to a claim twice (``moves``: evidence
        id -> the claim it goes to): another window linked it there since."""
        for rid, cid in moves.items():
            row = conn.execute('SELECT article_id, start, "end", claim_id FROM evidence WHERE id = ?',
                               [int(rid)]).fetchone()
            if row is None or row[3] == cid:
                continue
            twin = self._linked_as(conn, cid, row[0], row[1], row[2], other_than=int(rid))
            if twin is not None:
                raise Conflict(f"cannot {verb}: the passage is linked to claim {cid} since (as {twin});"
                               " nothing overwritten")

    def _check_receivers(self, conn: sqlite3.Connection, verb: str, snap: dict[str, Any]) -> None:
        """Refuse to move passages into a claim another window has merged away since (they would vanish)."""
        revived = {int(c) for c, into in snap["claims"].items() if into is None}
        receivers = {int(c) for table in ("occurrences", "evidence") for c in snap[table].values()} - revived
        for cid in sorted(receivers):
            row = conn.execute("SELECT merged_into FROM claims WHERE id = ?", [cid]).fetchone()
            if row is not None and row[0] is not None:
                raise Conflict(f"cannot {verb}: claim {cid} has since been merged into claim {row[0]};"
                               " nothing overwritten")

    def _refresh_sources(self, conn: sqlite3.Connection, claim_id: int) -> None:
        """A claim's passages changed: its source count, and (undated) where it sorts: by its
        earliest report now (a merge may bring an earlier one, a split take it away)."""
        conn.execute(
            "UPDATE claims SET n_sources = (SELECT COUNT(DISTINCT article_id) FROM occurrences"
            f" WHERE claim_id = ?), sort_key = CASE WHEN COALESCE(said_on, '') = '' THEN {UNDATED_SORT_KEY}"
            " ELSE sort_key END, rev = rev + 1 WHERE id = ?",
            [claim_id, claim_id],
        )

    def _evidence_to_move(self, conn: sqlite3.Connection, source_id: int, target_id: int
                          ) -> tuple[list[int], list[int]]:
        """The source's evidence a merge moves, and what stays: a passage the target links
        already, with the same stance, stays with the (hidden) source; with another stance, the
        merge is refused. Why: a passage is linked to a claim once (see :meth:`add_evidence`)."""
        theirs = {(a, s, e): stance for a, s, e, stance in conn.execute(
            'SELECT article_id, start, "end", stance FROM evidence WHERE claim_id = ?', [target_id])}
        move, stay = [], []
        for ev_id, a, s, e, stance in conn.execute(
                'SELECT id, article_id, start, "end", stance FROM evidence WHERE claim_id = ? ORDER BY id',
                [source_id]).fetchall():
            other = theirs.get((a, s, e))
            if other is None:
                move.append(ev_id)
            elif other != stance:
                raise WorkbenchError(f"a passage is linked to claim {source_id} as {stance} and to claim"
                                     f" {target_id} as {other}; unlink one of them (d) before merging")
            else:
                stay.append(ev_id)
        return move, stay

    def merge_claims(self, source_id: int, target_id: int, reviewer: str) -> bool:
        """Fold ``source_id`` into ``target_id``: its occurrences and evidence move; it is hidden.

        Its verdicts and notes move too when the target has no verdict (why: a
        reviewer who judged a statement and then finds it is the same as
        another must not see the judgement vanish); a note on both sides by
        one reviewer is kept as both notes. When the target has a verdict of
        its own, that stands and the source's stay in its history (exported
        with the merged claims). Returns whether verdicts or notes moved.
        """
        if source_id == target_id:
            raise WorkbenchError("cannot merge a claim into itself")
        with self.write() as conn:
            for cid in (source_id, target_id):
                self._check_rev(conn, cid, None)
            occ = [r[0] for r in conn.execute("SELECT id FROM occurrences WHERE claim_id = ?", [source_id])]
            ev, stay = self._evidence_to_move(conn, source_id, target_id)
            before = self._reassign_snapshot(conn, [source_id], occ, ev + stay)
            after = {
                "claims": {str(source_id): target_id},
                "occurrences": {str(i): target_id for i in occ},
                # (a link staying with the source is in the snapshots: undo and redo know it)
                "evidence": {**{str(i): target_id for i in ev}, **{str(i): source_id for i in stay}},
            }
            theirs, mine = self._verdict_snapshot(conn, source_id), self._verdict_snapshot(conn, target_id)
            carried = bool(theirs) and not any(r["label"] for r in mine)
            if carried:
                # only then are the target's verdict rows part of the action (and of what undo checks)
                before["verdicts"] = {str(source_id): theirs, str(target_id): mine}
                after["verdicts"] = {str(source_id): [], str(target_id): _carry(theirs, mine, target_id)}
            else:
                # The source's stay with it, hidden: recorded, so that a redo (which hides it again)
                # is refused when they changed while it was back in view, and only then.
                before["verdicts"] = after["verdicts"] = {str(source_id): theirs}
            self._apply_reassign(conn, after)
            event = self._event(conn, reviewer, "merge", target_id, before, after)
        self._done(event)
        return carried

    def split_occurrence(self, occurrence_id: int, reviewer: str) -> int:
        """Move one occurrence into a new claim of its own; returns the new claim id."""
        with self.write() as conn:
            row = conn.execute(
                # who said it is the occurrence's own speaker (a spokesperson's words split off a
                # claim of the subject's, or the subject's own off a spokesperson's), if known
                "SELECT o.claim_id, o.text, COALESCE(o.speaker, c.speaker),"
                " CASE WHEN o.speaker IS NULL THEN c.on_behalf_of ELSE o.on_behalf_of END, c.said_on, c.setting,"
                " c.sort_key, (SELECT COUNT(*) FROM occurrences WHERE claim_id = o.claim_id)"
                " FROM occurrences o JOIN claims c ON c.id = o.claim_id WHERE o.id = ?",
                [occurrence_id],
            ).fetchone()
            if row is None:
                raise WorkbenchError(f"occurrence {occurrence_id} does not exist")
            claim_id, text, speaker, behalf, said_on, setting, sort_key, count = row
            if count < 2:
                raise WorkbenchError("this claim has a single occurrence; nothing to split off")
            cur = conn.execute(
                "INSERT INTO claims(text, speaker, on_behalf_of, said_on, setting, origin, sort_key,"
                " merged_into, created_at) VALUES (?, ?, ?, ?, ?, 'manual', ?, ?, ?)",
                [" ".join(text.split()), speaker, behalf, said_on, setting, sort_key, claim_id, now()],
            )
            new_id = int(cur.lastrowid or 0)
            conn.execute(f"{FOLD_CLAIMS} WHERE id = ?", [new_id])
            # The new claim has no verdict rows: an undo (which hides it) is refused once it has.
            before = {"claims": {str(new_id): claim_id}, "occurrences": {str(occurrence_id): claim_id}, "evidence": {},
                      "verdicts": {str(new_id): []}}
            after = {"claims": {str(new_id): None}, "occurrences": {str(occurrence_id): new_id}, "evidence": {},
                     "verdicts": {str(new_id): []}}
            self._apply_reassign(conn, after)
            event = self._event(conn, reviewer, "split", new_id, before, after)
        self._done(event)
        return new_id

    # -- undo / redo --------------------------------------------------------
    def _done(self, event_id: int) -> None:
        self._undo.append(event_id)
        self._redo.clear()
