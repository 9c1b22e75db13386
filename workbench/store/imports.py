"""Bulk writes made by importing: articles with their sentences, extracted claims.

An import is not a reviewer action, but it follows the same rule: each
batch of articles (with their sentences, FTS rows, and the claims extracted
from them) is one transaction, so an import killed halfway leaves whole
articles and no orphans, and re-running it imports only what is missing
(articles are keyed by the SHA-256 of their bytes).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from workbench.store.core import StoreBase, now
from workbench.store.schema import FOLD_CLAIMS
from workbench.store.stems import StemNames


@dataclass(frozen=True)
class NewOccurrence:
    """An occurrence to store; ``claim`` is an existing claim id or a new-claim key."""

    claim: int | str
    start: int
    end: int
    text: str
    kind: str
    speaker: str | None = None
    on_behalf_of: str | None = None


# (article key, text, kind, speaker) of a stored passage
StoredPassage = tuple[str, str, str, str | None]
# (id, text, said_on, setting, speaker, on_behalf_of, passages) of a stored claim
StoredClaim = tuple[int, str, str | None, str | None, str, str | None, list[StoredPassage]]


@dataclass(frozen=True)
class NewClaim:
    text: str
    speaker: str
    on_behalf_of: str | None = None
    said_on: str | None = None
    setting: str | None = None
    origin: str = "extracted"


FTS_BUFFER_BYTES = 16 * 1024 * 1024  # FTS5 pending index before a segment is written (default 1 MB)

ARTICLE_FIELDS = ("source", "stem", "sha256", "title", "outlet", "url", "published", "byline", "body")


@dataclass
class PreparedArticle:
    """An article ready to store: metadata (``ARTICLE_FIELDS``), sentence spans, occurrences."""

    meta: dict[str, Any]
    spans: Sequence[tuple[int, int]]
    occurrences: list[NewOccurrence] = field(default_factory=list)


_DAY = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def day_key(value: object) -> str | None:
    """A possibly partial ISO date as a day, missing parts ``00`` ("2017-03" -> "2017-03-00");
    None when it is no date (as ``workbench timeline`` reads publication dates)."""
    match = _DAY.match(str(value).strip()) if value else None
    if match is None:
        return None
    year, month, day = match.groups()
    return f"{year}-{month or '00'}-{day or '00'}"


def _day_sql(col: str) -> str:
    """:func:`day_key` in SQL."""
    digits = "[0-9][0-9]"
    return (f"CASE WHEN {col} GLOB '{digits}{digits}-{digits}-{digits}*' THEN substr({col}, 1, 10)"
            f" WHEN {col} GLOB '{digits}{digits}-{digits}*' THEN substr({col}, 1, 7) || '-00'"
            f" WHEN {col} GLOB '{digits}{digits}*' THEN substr({col}, 1, 4) || '-00-00' END")


def sort_key(said_on: str | None, first_seen: str | None) -> str:
    """Claims list order: by when said; an undated statement by its earliest report, after
    everything said that day ("2017-03-02~": said by then at the latest); unknown last.

    The order of ``workbench timeline`` too, so that `t` (which pages through
    this order) and the CLI put an undated statement in the same place.
    """
    if said_on:
        return said_on[:40]
    day = day_key(first_seen)
    return f"{day}~" if day else "~~"


# sort_key() in SQL for an undated claim ``claims.id``, from the earliest of its articles
UNDATED_SORT_KEY = (
    f"COALESCE((SELECT MIN({_day_sql('a.published')}) || '~' FROM occurrences o"
    " JOIN articles a ON a.id = o.article_id WHERE o.claim_id = claims.id), '~~')"
)


class ImportMixin(StoreBase):
    """Writes made by ``workbench import`` and by rebuilding from a JSON export."""

    def article_stems(self) -> set[str]:
        """Every stored article's stem (an import names a new article apart from these)."""
        return {row[0] for row in self.conn.execute("SELECT stem FROM articles")}

    def has_article(self, sha256: str) -> bool:
        return self._scalar("SELECT 1 FROM articles WHERE sha256 = ?", [sha256]) is not None

    def add_articles(
        self,
        items: Sequence[PreparedArticle],
        claims: dict[str, NewClaim],
        key_to_id: dict[str, int],
        speakers: dict[int, str] | None = None,
    ) -> list[int | None]:
        """Store a batch of articles with their sentences and occurrences, in one transaction.

        ``speakers`` renames stored claims whose unnamed spokesperson these
        articles name (id -> name), in the transaction that stores the first
        occurrence that names them.

        New claims (``claims``, by key) are created the first time an
        occurrence refers to them and remembered in ``key_to_id`` so later
        batches of the same import join the same claim. Returns each item's
        new article id, or ``None`` when an article with the same bytes is
        already stored (a re-import is a no-op).

        Each table gets its rows in one statement after the articles (the
        same rows, ids and order as inserting article by article, in fewer
        round trips), and the full-text rows go in last, read back from
        ``sentences`` (why last: FTS5 writes its pending index to disk at
        every later statement of the transaction; inserted first, they made
        each claim insert cost 80 µs instead of 10).
        """
        ids: list[int | None] = []
        touched: set[int] = set()
        reported: dict[int, str] = {}  # claim -> the earliest day among this batch's reports of it
        sentence_rows: list[tuple[int, int, int, int, int, str]] = []
        claim_rows: list[tuple[Any, ...]] = []
        occurrence_rows: list[tuple[Any, ...]] = []
        holders: dict[int, int] = {}  # stored claim -> the visible claim holding its passages now
        grouped: set[int] = set()  # stored claims these articles' occurrences were grouped with
        with self.write() as conn:
            _fts_buffer(conn)
            next_claim = first_new_claim = conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM claims").fetchone()[0]
            first_sentence = next_sentence = _next_sentence_id(conn)
            for item in items:
                meta = item.meta
                if conn.execute("SELECT 1 FROM articles WHERE sha256 = ?", [meta["sha256"]]).fetchone():
                    ids.append(None)
                    continue
                if conn.execute("SELECT 1 FROM articles WHERE stem = ?", [meta["stem"]]).fetchone():
                    # taken since the importer chose it (a second instance importing at once)
                    taken = StemNames(row[0] for row in conn.execute("SELECT stem FROM articles"))
                    meta = {**meta, "stem": taken.take(meta["stem"], meta["source"])}
                cur = conn.execute(
                    "INSERT INTO articles(source, stem, sha256, title, outlet, url, published,"
                    " byline, body, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [meta.get(k) for k in ARTICLE_FIELDS] + [now()],
                )
                article_id = int(cur.lastrowid or 0)
                ids.append(article_id)
                next_sentence = _sentence_rows(sentence_rows, next_sentence, article_id, meta["body"], item.spans)
                day = day_key(meta.get("published"))
                for occ in item.occurrences:
                    claim_id = occ.claim
                    if isinstance(claim_id, str):
                        key = claim_id
                        if key not in key_to_id:
                            key_to_id[key] = next_claim
                            claim_rows.append(_claim_row(next_claim, claims[key], meta.get("published")))
                            next_claim += 1
                        claim_id = key_to_id[key]
                    if claim_id < first_new_claim:  # stored before this transaction: merged away since?
                        grouped.add(claim_id)
                        claim_id = _holder(conn, claim_id, holders)
                    touched.add(claim_id)
                    if day is not None and day < reported.get(claim_id, "~"):
                        reported[claim_id] = day
                    occurrence_rows.append(
                        (claim_id, article_id, occ.start, occ.end, occ.text, occ.kind, occ.speaker, occ.on_behalf_of)
                    )
            _insert_sentences(conn, sentence_rows)
            del sentence_rows[:]  # the text is in the table now; the index reads it from there
            conn.executemany(
                "INSERT INTO claims(id, text, speaker, on_behalf_of, said_on, setting, origin,"
                " sort_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                claim_rows,
            )
            if claim_rows:
                conn.execute(f"{FOLD_CLAIMS} WHERE id >= ?", [claim_rows[0][0]])
            conn.executemany(
                'INSERT INTO occurrences(claim_id, article_id, start, "end", text, kind, speaker,'
                " on_behalf_of) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                occurrence_rows,
            )
            conn.executemany(
                "UPDATE claims SET n_sources = (SELECT COUNT(DISTINCT article_id)"
                " FROM occurrences WHERE claim_id = ?) WHERE id = ?",
                [(claim_id, claim_id) for claim_id in touched],
            )
            # An undated claim sorts by its earliest report: earlier by this batch's, if any (why
            # not UNDATED_SORT_KEY: re-reading every report of a claim in thousands of articles
            # at each batch cost ~1 s of a 10,000-article import).
            conn.executemany(
                "UPDATE claims SET sort_key = ? WHERE id = ? AND COALESCE(said_on, '') = '' AND sort_key > ?",
                [(f"{day}~", claim_id, f"{day}~") for claim_id, day in reported.items()],
            )
            conn.executemany(
                "UPDATE claims SET speaker = ?, rev = rev + 1 WHERE id = ? AND speaker != ?",
                [(name, claim_id, name) for claim_id, name in (speakers or {}).items()
                 if claim_id in touched or claim_id in grouped],
            )
            _index_sentences(conn, first_sentence)
        return ids

    def claim_keys(self) -> list[StoredClaim]:
        """Stored claims with their passages, to group new occurrences against as one import would.

        Why the passages and not just the text: a claim's canonical text
        drops what its articles say around it (whose spokeswoman spoke, the
        paraphrases' words), so articles imported one at a time grouped
        worse than the same articles imported together. One statement, so
        one snapshot even while a reviewer works in the file.
        """
        out: list[StoredClaim] = []
        last = None
        rows = self._read(lambda conn: conn.execute(
            "SELECT c.id, c.text, c.said_on, c.setting, c.speaker, c.on_behalf_of,"
            " o.article_id, o.text, o.kind, o.speaker"
            " FROM claims c LEFT JOIN occurrences o ON o.claim_id = c.id"
            " WHERE c.merged_into IS NULL ORDER BY c.id, o.id"
        ).fetchall())
        for cid, text, said_on, setting, speaker, behalf, article, otext, kind, ospeaker in rows:
            if last is None or last[0] != cid:
                last = (cid, text, said_on, setting, speaker, behalf, [])
                out.append(last)
            if otext is not None:
                last[6].append((f"#{article}", otext, kind, ospeaker))
        return out

    def record_import(self, summary: dict[str, Any], reviewer: str | None = None) -> None:
        """One event per import command, so the history shows where data came from."""
        with self.write() as conn:
            self._event(conn, reviewer, "import", None, None, summary)

    # -- whole-database dump and restore (JSON export round trip) ------------
    def dump(self, table: str) -> list[dict[str, Any]]:
        """Every row of one of the review tables, in id order, for exports."""
        if table not in DUMP_TABLES:
            raise ValueError(f"not a review table: {table}")
        return self._rows(f"SELECT * FROM {table} ORDER BY {DUMP_TABLES[table]}")  # type: ignore[return-value]

    def is_empty(self) -> bool:
        return self._scalar("SELECT 1 FROM articles LIMIT 1") is None

    def restore(self, tables: dict[str, list[dict[str, Any]]], spans: dict[int, Sequence[tuple[int, int]]]) -> None:
        """Rebuild a review from dumped rows (ids kept) in one transaction.

        ``spans`` gives each article's sentence spans, recomputed from its body
        by the caller. Only known columns are written; the counters are
        recomputed by the triggers as claims are inserted.
        """
        with self.write() as conn:
            _fts_buffer(conn)
            for table in ("articles", "claims", "occurrences", "verdicts", "evidence", "events", "state"):
                rows = tables.get(table) or []
                cols = [c for c in _columns(conn, table) if rows and c in rows[0]]
                if not rows:
                    continue
                if table == "claims":
                    # merged_into may point forward: insert first, link after.
                    links = [(r.get("merged_into"), r["id"]) for r in rows if r.get("merged_into")]
                    rows = [{**r, "merged_into": None} for r in rows]
                quoted = ", ".join(f'"{c}"' for c in cols)
                conn.executemany(
                    f"INSERT INTO {table}({quoted}) VALUES ({', '.join('?' * len(cols))})",
                    [[r.get(c) for c in cols] for r in rows],
                )
                if table == "claims":
                    conn.executemany("UPDATE claims SET merged_into = ? WHERE id = ?", links)
            conn.execute(f"{FOLD_CLAIMS} WHERE folded IS NULL")
            first_sentence = next_sentence = _next_sentence_id(conn)
            sentence_rows: list[tuple[int, int, int, int, int, str]] = []
            for article_id, article_spans in spans.items():
                body = conn.execute("SELECT body FROM articles WHERE id = ?", [article_id]).fetchone()[0]
                next_sentence = _sentence_rows(sentence_rows, next_sentence, article_id, body, article_spans)
            _insert_sentences(conn, sentence_rows)
            _index_sentences(conn, first_sentence)


def _claim_row(claim_id: int, c: NewClaim, published: str | None) -> tuple[Any, ...]:
    return (claim_id, c.text, c.speaker, c.on_behalf_of, c.said_on, c.setting, c.origin,
            sort_key(c.said_on, published), now())


def _next_sentence_id(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM sentences").fetchone()[0])


def _sentence_rows(
    rows: list[tuple[int, int, int, int, int, str]],
    first: int,
    article_id: int,
    body: str,
    spans: Sequence[tuple[int, int]],
) -> int:
    """Append an article's sentence rows to ``rows``; return the id the next article starts at.

    A sentence's id is ``first`` plus its index (empty spans are skipped but
    keep their number), and the next article starts after the last row, as
    ``MAX(id) + 1`` would give after inserting them.
    """
    n = len(rows)
    rows += [(first + i, article_id, i, s, e, body[s:e]) for i, (s, e) in enumerate(spans) if e > s]
    return rows[-1][0] + 1 if len(rows) > n else first


def _insert_sentences(conn: sqlite3.Connection, rows: list[tuple[int, int, int, int, int, str]]) -> None:
    conn.executemany('INSERT INTO sentences(id, article_id, idx, start, "end", text) VALUES (?, ?, ?, ?, ?, ?)', rows)


def _index_sentences(conn: sqlite3.Connection, first_id: int) -> None:
    """Index the sentences from ``first_id`` on for search: last in a transaction (see ``add_articles``)."""
    conn.execute("INSERT INTO sentences_fts(rowid, text) SELECT id, text FROM sentences WHERE id >= ?", [first_id])


def _holder(conn: sqlite3.Connection, claim_id: int, holders: dict[int, int]) -> int:
    """The visible claim that holds ``claim_id``'s passages now: itself, or the claim it was merged
    into (following merges of merges; a split undone hides the split-off claim in its old one).

    Why, inside the import's write transaction: the importer groups against
    the claims it read before, and a reviewer who merged one away meanwhile
    (another instance, while the import ran) would have had its new passages
    land on the hidden claim, seen by nobody.
    """
    if claim_id not in holders:
        path = [claim_id]
        while True:
            row = conn.execute("SELECT merged_into FROM claims WHERE id = ?", [path[-1]]).fetchone()
            if row is None or row[0] is None or row[0] in path:
                break
            path.append(int(row[0]))
        holders[claim_id] = path[-1]
    return holders[claim_id]


def _fts_buffer(conn: sqlite3.Connection) -> None:
    """Let FTS5 hold up to ``FTS_BUFFER_BYTES`` of pending index before writing a segment.

    Why: with the default 1 MB, FTS5 cuts a batch's index into many small
    segments and then merges them again (0.8 s of 2.2 at 10,000 articles).
    A setting of the index (kept in its ``_config`` table, read by any
    SQLite), written in the caller's transaction; only speed and the memory
    bound of a write depend on it, not what is indexed.
    """
    conn.execute("INSERT INTO sentences_fts(sentences_fts, rank) VALUES ('hashsize', ?)", [FTS_BUFFER_BYTES])


DUMP_TABLES = {
    "articles": "id", "claims": "id", "occurrences": "claim_id, article_id, start",
    "verdicts": "claim_id, reviewer", "evidence": "id", "events": "id", "state": "key",
}


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
