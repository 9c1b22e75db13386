"""Read side of the store: pages, details, evidence suggestions, progress, history
(search and finding claims by words are in :mod:`workbench.store.find`).

Lists are read a page at a time (``LIMIT``/``OFFSET`` over covering indexes),
and counts come from tables kept up to date by triggers, so a screen showing
twenty rows of 100,000 claims asks SQLite for twenty rows.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from workbench.store.claim_sql import CLAIM_COLS, DISPUTED, filter_sql
from workbench.store.find import FindMixin, content_words
from workbench.store.models import (
    ArticleRow,
    ClaimDetail,
    ClaimRow,
    Evidence,
    Occurrence,
    SearchHit,
    Verdict,
    is_disputed,
)


class VerdictChange(NamedTuple):
    """A claim a reviewer judged whose verdict another reviewer has changed."""

    claim_id: int
    text: str
    reviewer: str  # who changed it
    verdict: str | None  # the claim's verdict now (None: disputed)
    yours: str  # the verdict of the reviewer being told


class ReadMixin(FindMixin):
    """Queries the screens and exports need."""

    # -- articles ---------------------------------------------------------
    def article_count(self) -> int:
        return int(self._scalar("SELECT COUNT(*) FROM articles"))

    def articles_page(self, offset: int = 0, limit: int = 100) -> list[ArticleRow]:
        rows = self._rows(
            "SELECT a.id, a.stem, a.source, a.title, a.outlet, a.url, a.published, a.byline,"
            " (SELECT COUNT(DISTINCT o.claim_id) FROM occurrences o JOIN claims c ON c.id = o.claim_id"
            "   WHERE o.article_id = a.id AND c.merged_into IS NULL) AS found,"
            " (SELECT COUNT(DISTINCT o.claim_id) FROM occurrences o JOIN claims c ON c.id = o.claim_id"
            "   WHERE o.article_id = a.id AND c.merged_into IS NULL AND c.verdict IS NOT NULL)"
            "   AS reviewed"
            " FROM articles a ORDER BY a.id LIMIT ? OFFSET ?",
            [limit, offset],
        )
        return [ArticleRow(**r) for r in rows]

    def article_body(self, article_id: int) -> str:
        return str(self._scalar("SELECT body FROM articles WHERE id = ?", [article_id]) or "")

    def article(self, article_id: int) -> ArticleRow | None:
        rows = self._rows(
            "SELECT id, stem, source, title, outlet, url, published, byline FROM articles"
            " WHERE id = ?",
            [article_id],
        )
        return ArticleRow(**rows[0]) if rows else None

    def article_index(self, article_id: int) -> int:
        return int(self._scalar("SELECT COUNT(*) FROM articles WHERE id < ?", [article_id]))

    def sentences(self, article_id: int) -> list[tuple[int, int, int]]:
        """(sentence id, start, end) in reading order."""
        rows = self._rows(
            'SELECT id, start, "end" FROM sentences WHERE article_id = ? ORDER BY idx',
            [article_id],
        )
        return [(r["id"], r["start"], r["end"]) for r in rows]

    def evidence_in_article(self, article_id: int) -> list[Evidence]:
        return self._evidence("e.article_id = ?", [article_id])

    # -- claims -----------------------------------------------------------
    def claims_count(self, filt: str = "all", article_id: int | None = None) -> int:
        if filt == "all" and article_id is None:
            return int(self._scalar("SELECT SUM(n) FROM verdict_counts") or 0)
        if filt == "unreviewed" and article_id is None:
            return int(self._scalar("SELECT n FROM verdict_counts WHERE label = ''") or 0)
        if filt in ("consistent", "contradicted", "unresolved") and article_id is None:
            return int(self._scalar("SELECT n FROM verdict_counts WHERE label = ?", [filt]) or 0)
        where, params = filter_sql(filt, article_id)
        return int(self._scalar(f"SELECT COUNT(*) FROM claims c WHERE {where}", params))

    def claims_page(
        self, filt: str = "all", article_id: int | None = None, offset: int = 0, limit: int = 100
    ) -> list[ClaimRow]:
        where, params = filter_sql(filt, article_id)
        rows = self._rows(
            f"SELECT {CLAIM_COLS}, {DISPUTED} FROM claims c WHERE {where}"
            " ORDER BY c.sort_key, c.id LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return [ClaimRow(**{**r, "disputed": bool(r["disputed"])}) for r in rows]

    def claim_index(self, claim_id: int, filt: str = "all", article_id: int | None = None) -> int:
        """Position of a claim in a filtered list, or -1 when the filter hides it."""
        key = self._one(
            "SELECT sort_key FROM claims WHERE id = ? AND merged_into IS NULL", [claim_id]
        )
        if key is None:
            return -1
        where, params = filter_sql(filt, article_id)
        inside = self._scalar(f"SELECT 1 FROM claims c WHERE {where} AND c.id = ?", [*params, claim_id])
        if not inside:
            return -1
        # Row values, (a, b) < (x, y), let SQLite scan the index range; the
        # equivalent "a < x OR (a = x AND b < y)" made it walk the whole index.
        return int(
            self._scalar(
                f"SELECT COUNT(*) FROM claims c WHERE {where} AND (c.sort_key, c.id) < (?, ?)",
                [*params, key["sort_key"], claim_id],
            )
        )

    def next_claim(
        self, after_id: int, filt: str = "unreviewed", article_id: int | None = None
    ) -> int | None:
        """The next claim after ``after_id`` in list order that the filter keeps (wrapping)."""
        key = self._one("SELECT sort_key FROM claims WHERE id = ?", [after_id])
        where, params = filter_sql(filt, article_id)
        if key is not None:
            found = self._scalar(
                f"SELECT c.id FROM claims c WHERE {where} AND (c.sort_key, c.id) > (?, ?)"
                " ORDER BY c.sort_key, c.id LIMIT 1",
                [*params, key["sort_key"], after_id],
            )
            if found is not None:
                return int(found)
        found = self._scalar(
            f"SELECT c.id FROM claims c WHERE {where} AND c.id != ? ORDER BY c.sort_key, c.id LIMIT 1",
            [*params, after_id],
        )
        return None if found is None else int(found)

    def claim_row(self, claim_id: int) -> ClaimRow | None:
        rows = self._rows(f"SELECT {CLAIM_COLS}, {DISPUTED} FROM claims c WHERE c.id = ?", [claim_id])
        return ClaimRow(**{**rows[0], "disputed": bool(rows[0]["disputed"])}) if rows else None

    def claim(self, claim_id: int) -> ClaimDetail | None:
        row = self.claim_row(claim_id)
        if row is None:
            return None
        return ClaimDetail(
            claim=row,
            occurrences=self._occurrences("o.claim_id = ?", [claim_id]),
            verdicts=self.verdicts(claim_id),
            evidence=self._evidence("e.claim_id = ?", [claim_id]),
        )

    def occurrences_in_article(self, article_id: int) -> list[Occurrence]:
        # A join, not "claim_id IN (SELECT id FROM claims …)": the subquery
        # listed every claim (16 ms at 30,000 claims, on every claim shown).
        return self._occurrences(
            "o.article_id = ? AND EXISTS (SELECT 1 FROM claims c WHERE c.id = o.claim_id"
            " AND c.merged_into IS NULL)",
            [article_id],
        )

    def verdicts(self, claim_id: int) -> list[Verdict]:
        rows = self._rows(
            "SELECT claim_id, reviewer, label, note, updated_at, settled FROM verdicts"
            " WHERE claim_id = ? ORDER BY updated_at",
            [claim_id],
        )
        return [Verdict(**{**r, "settled": bool(r["settled"])}) for r in rows]

    def _occurrences(self, where: str, params: list[Any]) -> list[Occurrence]:
        rows = self._rows(
            'SELECT o.id, o.claim_id, o.article_id, a.stem, a.outlet, o.start, o."end",'
            " o.text, o.kind, o.speaker, o.on_behalf_of FROM occurrences o"
            f" JOIN articles a ON a.id = o.article_id WHERE {where}"
            " ORDER BY a.published, o.article_id, o.start",
            params,
        )
        return [Occurrence(**r) for r in rows]

    def _evidence(self, where: str, params: list[Any]) -> list[Evidence]:
        rows = self._rows(
            'SELECT e.id, e.claim_id, e.article_id, a.stem, a.outlet, e.start, e."end", e.text,'
            " e.stance, e.note, e.reviewer, e.created_at FROM evidence e"
            f" JOIN articles a ON a.id = e.article_id WHERE {where} ORDER BY e.id",
            params,
        )
        return [Evidence(**r) for r in rows]

    # -- progress ---------------------------------------------------------
    def progress(self) -> dict[str, int]:
        """Counts per verdict ('' = unreviewed) plus 'total' and 'reviewed'."""
        counts = {r["label"]: r["n"] for r in self._rows("SELECT label, n FROM verdict_counts")}
        total = sum(counts.values())
        return {**counts, "total": total, "reviewed": total - counts.get("", 0)}

    def counts(self) -> dict[str, int]:
        """Row counts for ``workbench stats``."""
        return {
            "articles": self.article_count(),
            "sentences": int(self._scalar("SELECT COUNT(*) FROM sentences")),
            "claims": self.claims_count(),
            "occurrences": int(self._scalar(
                "SELECT COUNT(*) FROM occurrences o JOIN claims c ON c.id = o.claim_id"
                " WHERE c.merged_into IS NULL")),
            "evidence": int(self._scalar("SELECT COUNT(*) FROM evidence")),
            "events": int(self._scalar("SELECT COUNT(*) FROM events")),
        }

    def reviewers(self) -> list[str]:
        return [r["reviewer"] for r in self._rows("SELECT DISTINCT reviewer FROM verdicts ORDER BY 1")]

    def suggest_evidence(self, claim_id: int, limit: int = 5) -> list[SearchHit]:
        """Sentences elsewhere that share the claim's rarest content words.

        Ranked by FTS5's bm25 over an OR of the claim's words, rarest first and
        only as many as keep the matches to a few thousand (common words add
        matches, not relevance). The sentences holding the claim's own
        occurrences are left out, and so are passages already linked.
        """
        detail = self.claim(claim_id)
        if detail is None:
            return []
        words = content_words(detail.claim.text, 12)
        counted = [(self._doc_count(w), w) for w in words]
        if all(c is not None for c, _ in counted):
            counted = sorted((c, w) for c, w in counted if c)
            picked_words, total = [], 0
            for count, word in counted:
                if picked_words and total + count > self.RANKED_MATCHES:
                    break
                picked_words.append(word)
                total += count
            words = picked_words
        if not words:
            return []
        own = [(o.article_id, o.start, o.end) for o in detail.occurrences]
        linked = {(e.article_id, e.start) for e in detail.evidence}
        match = " OR ".join(f'"{w}"' for w in words)
        hits = self._hits("sentences_fts MATCH ?", [match], limit * 8)
        picked: list[SearchHit] = []
        for hit in hits:
            overlaps = any(a == hit.article_id and s < hit.end and hit.start < e for a, s, e in own)
            if overlaps or (hit.article_id, hit.start) in linked:
                continue
            picked.append(hit)
            if len(picked) == limit:
                break
        return picked

    # -- history ----------------------------------------------------------
    def verdicts_changed_by_others(
        self, reviewer: str, after_event: int | None
    ) -> tuple[int, list[VerdictChange]]:
        """Claims ``reviewer`` judged whose verdict another reviewer has set, cleared,
        undone or redone since event ``after_event`` (None: only the event to start from),
        and that now stand otherwise than ``reviewer`` said; one per claim, the latest.
        Returns the last event id read, to pass next time."""
        last = int(self._scalar("SELECT COALESCE(MAX(id), 0) FROM events") or 0)
        if after_event is None:
            return last, []
        rows = self._rows(
            "SELECT e.claim_id, c.text, e.reviewer, c.verdict, v.label FROM events e"
            " JOIN claims c ON c.id = e.claim_id"
            " JOIN verdicts v ON v.claim_id = e.claim_id AND v.reviewer = ?"
            " WHERE e.id > ? AND e.id <= ? AND e.reviewer IS NOT ? AND v.label IS NOT NULL"
            " AND (e.action LIKE '%set_verdict' OR e.action LIKE '%clear_verdict')"
            " AND c.verdict IS NOT v.label AND c.merged_into IS NULL ORDER BY e.id",
            [reviewer, after_event, last, reviewer],
        )
        changes = {r["claim_id"]: VerdictChange(*r.values()) for r in rows}
        return last, list(changes.values())

    def reviewer_events(self) -> list[tuple[int, str, str, str, int | None]]:
        """(id, at, reviewer, action, claim id) of every reviewer's event, without the snapshots
        (what a merge compares files by: a review's history can hold hundreds of thousands)."""
        return self._read(lambda conn: conn.execute(
            "SELECT id, at, reviewer, action, claim_id FROM events WHERE reviewer IS NOT NULL ORDER BY id"
        ).fetchall())

    def is_merge_output(self) -> bool:
        """Was this file written by ``workbench merge`` (its history starts at the merge)?"""
        return self._scalar("SELECT 1 FROM events WHERE action = 'import' AND json_extract(after, '$.merged')"
                            " IS NOT NULL LIMIT 1") is not None

    def events(self, claim_id: int | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        sql = "SELECT id, at, reviewer, action, claim_id, before, after FROM events"
        params: list[Any] = []
        if claim_id is not None:
            sql += " WHERE claim_id = ?"
            params.append(claim_id)
        sql += " ORDER BY id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return self._rows(sql, params)  # type: ignore[return-value]


__all__ = ["ReadMixin", "content_words", "is_disputed"]
