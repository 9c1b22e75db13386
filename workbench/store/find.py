"""Finding text in the store: full-text search over sentences, the words of evidence
suggestions, and claims by the words a reviewer types (the merge picker).

Split from :mod:`workbench.store.reads` (the lists and details the screens page
through); ``ReadMixin`` builds on this mixin.
"""

from __future__ import annotations

import re
from typing import Any

from workbench.store.claim_sql import CLAIM_COLS, DISPUTED, filter_sql
from workbench.store.connection import fold
from workbench.store.core import StoreBase
from workbench.store.models import ClaimRow, SearchHit

_STOPWORDS = frozenset(
    "a an and are as at be been but by did do does for from had has have he her his i in is it"
    " its me my no not of on or our she that the their them they this to was we were what when"
    " which who will with would you your any about there than then just".split()
)
MATCH_WORDS = 32  # words claims_matching looks for (a long paste is cut there)
MATCH_WORD_CHARS = 200  # and characters of each (SQLite refuses a LIKE pattern past 50,000 bytes)


def _likes(text: str, words: list[str]) -> str:
    """``text LIKE ?`` once per word (the patterns escape ``%``, ``_`` and ``\\``)."""
    return " AND ".join(f"{text} LIKE ? ESCAPE '\\'" for _ in words)


class FindMixin(StoreBase):
    """Search, and claims by typed words."""

    def claims_matching(self, words: list[str], exclude_id: int | None = None,
                        limit: int = 200) -> tuple[int, list[ClaimRow]]:
        """How many claims hold every word of ``words`` in their text, and the first ``limit``
        of them: those holding the words together as typed first, each part in list order
        (why in SQL: a picker over 100,000 claims reads only what it shows).

        Words match anywhere in the text, whatever their case and accents: both are folded
        (:func:`fold`; SQLite's LIKE folds ASCII case only): "élysée", "elysee" in "Élysée",
        "strasse" in "Straße";
        ``%``, ``_`` and ``\\`` in a word are taken literally. Only the first
        ``MATCH_WORDS`` words count (each AND is a level of SQLite's expression tree).
        """
        where, params = filter_sql("all", None)
        if exclude_id is not None:
            where += " AND c.id != ?"
            params.append(exclude_id)
        words = [word[:MATCH_WORD_CHARS] for word in words[:MATCH_WORDS]]
        patterns = []
        for word in words:
            escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            patterns.append(f"%{fold(escaped)}%")
        # Every id holding the words: those holding them as typed, together, first (a reviewer
        # typing a claim's wording wants that claim at the top), the others after, each in list
        # order: how many, and which to show. Texts are folded as stored (0006: ~40 ms at 30,000
        # claims, against ~100 folding each at every search); one without its folded form (a row
        # written by another tool; a file opened read-only before 0006) is folded here.
        phrase = fold(" ".join(words))
        if "0006_claim_folded" not in self.missing_migrations:
            text = "COALESCE(c.folded, wb_fold(CAST(c.text AS BLOB)))"
            # NOT INDEXED: every text is read anyway, and through claims_order (for merged_into
            # IS NULL) each row was a lookup of its own: 69 ms against 22 ms at 97,000 claims.
            sql = (f"SELECT c.id FROM claims c NOT INDEXED WHERE {where} AND {_likes(text, words)}"
                   f" ORDER BY instr({text}, ?) = 0, c.sort_key, c.id")
        else:  # each text folded once per query, not once per word
            sql = (f"WITH f AS MATERIALIZED (SELECT c.id, c.sort_key, wb_fold(CAST(c.text AS BLOB)) AS t"
                   f" FROM claims c NOT INDEXED WHERE {where})"
                   f" SELECT id FROM f WHERE {_likes('f.t', words)} ORDER BY instr(t, ?) = 0, sort_key, id")
        ids = [int(r["id"]) for r in self._rows(sql, [*params, *patterns, phrase])] if words else None
        if ids is None:  # no words: every claim
            count = int(self._scalar(f"SELECT COUNT(*) FROM claims c WHERE {where}", params) or 0)
            rows = self._rows(f"SELECT {CLAIM_COLS}, {DISPUTED} FROM claims c WHERE {where}"
                              " ORDER BY c.sort_key, c.id LIMIT ?", [*params, limit])
        else:
            count, shown = len(ids), ids[:limit]
            rows = self._rows(f"SELECT {CLAIM_COLS}, {DISPUTED} FROM claims c WHERE c.id IN"
                              f" ({','.join('?' * len(shown))})", shown) if shown else []
            place = {claim_id: n for n, claim_id in enumerate(shown)}
            rows.sort(key=lambda r: place[r["id"]])
        return count, [ClaimRow(**{**r, "disputed": bool(r["disputed"])}) for r in rows]

    # -- search -----------------------------------------------------------
    # bm25 ranking costs time per match (60 ms for a word in 50,000 sentences),
    # so queries are shaped by word frequency first (the sentences_vocab table).
    RANKED_MATCHES = 3000

    def _doc_count(self, word: str, prefix: bool = False) -> int | None:
        """How many sentences hold ``word`` (or a word starting with it); None if unknown."""
        if "0003_sentence_vocabulary" in self.missing_migrations:
            return None
        if prefix:
            return int(self._scalar(
                "SELECT COALESCE(SUM(doc), 0) FROM sentences_vocab WHERE term >= ? AND term < ?",
                [word, word + "\U0010ffff"]) or 0)
        return int(self._scalar("SELECT doc FROM sentences_vocab WHERE term = ?", [word]) or 0)

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Full-text search over every sentence; words are matched as prefixes, ANDed.

        Ranked by relevance when the rarest word is rare enough to rank
        quickly; otherwise the hits come in reading order (still instant).
        """
        words = re.findall(r"[^\W_]+", query.lower())[:16]
        if not words:
            return []
        match = " ".join(f'"{w}"*' for w in words)
        counts = [self._doc_count(w, prefix=True) for w in words]
        known = [c for c in counts if c is not None]
        ranked = not known or min(known) <= self.RANKED_MATCHES
        return self._hits("sentences_fts MATCH ?", [match], limit, ranked=ranked)

    def _hits(
        self, where: str, params: list[Any], limit: int, *, ranked: bool = True
    ) -> list[SearchHit]:
        rank = "sentences_fts.rank" if ranked else "0.0"
        order = "sentences_fts.rank" if ranked else "sentences_fts.rowid"
        rows = self._rows(
            'SELECT s.id AS sentence_id, s.article_id, a.stem, a.outlet, s.start, s."end", s.text,'
            f" {rank} AS rank, a.title FROM sentences_fts"
            " JOIN sentences s ON s.id = sentences_fts.rowid JOIN articles a ON a.id = s.article_id"
            f" WHERE {where} ORDER BY {order} LIMIT ?",
            [*params, limit],
        )
        return [SearchHit(**r) for r in rows]


def content_words(text: str, limit: int = 12) -> list[str]:
    """Distinct lowercase content words, longest first (rarer words carry the topic)."""
    words = [w for w in re.findall(r"[^\W_]+", text.lower()) if len(w) > 2 and w not in _STOPWORDS]
    unique = list(dict.fromkeys(words))
    unique.sort(key=len, reverse=True)
    return unique[:limit]
