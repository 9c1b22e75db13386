"""Numbered schema migrations.

The schema only ever moves forward through the functions below, applied in
order by ``sqlite_utils.migrations.Migrations``. A database records which ones
it has; one that records a migration this code does not know was written by a
newer workbench and is refused rather than guessed at. :func:`migrate` runs all
pending migrations in one outer transaction, so a failing migration leaves the
file as it was.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # sqlite-utils is imported only when a migration runs (64 ms at startup)
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

MIGRATION_SET = "factcheck-workbench"
MIGRATIONS: list[tuple[str, Callable[[Database], None]]] = []


def migration(name: str) -> Callable[[Callable[[Database], None]], Callable[[Database], None]]:
    """Register a numbered migration (in order)."""

    def register(func: Callable[[Database], None]) -> Callable[[Database], None]:
        MIGRATIONS.append((name, func))
        return func

    return register


def registry() -> Migrations:
    """The migrations as a ``sqlite_utils.migrations.Migrations`` set (built on demand)."""
    from sqlite_utils.migrations import Migrations

    migrations = Migrations(MIGRATION_SET)
    for name, func in MIGRATIONS:
        migrations(name=name)(func)
    return migrations


def _run(db: Database, script: str) -> None:
    """Run statements one at a time: ``executescript`` would COMMIT mid-migration."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            db.conn.execute(buffer)
            buffer = ""
    if buffer.strip():
        db.conn.execute(buffer)


@migration("0001_initial")
def m0001_initial(db: Database) -> None:
    """Articles, sentences (+FTS5), claims, occurrences, verdicts, evidence, events, state."""
    _run(
        db,
        """
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            stem TEXT NOT NULL,
            sha256 TEXT NOT NULL UNIQUE,
            title TEXT,
            outlet TEXT,
            url TEXT,
            published TEXT,
            byline TEXT,
            body TEXT NOT NULL,
            imported_at TEXT NOT NULL
        );
        CREATE INDEX articles_order ON articles(published, id);
        CREATE TABLE sentences (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL
        );
        CREATE INDEX sentences_article ON sentences(article_id, idx);
        CREATE VIRTUAL TABLE sentences_fts USING fts5(
            text, content='sentences', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
        );
        CREATE TABLE claims (
            id INTEGER PRIMARY KEY,
            text TEXT NOT NULL,
            speaker TEXT NOT NULL,
            on_behalf_of TEXT,
            said_on TEXT,
            setting TEXT,
            origin TEXT NOT NULL DEFAULT 'extracted',
            sort_key TEXT NOT NULL DEFAULT '',
            verdict TEXT,
            rev INTEGER NOT NULL DEFAULT 0,
            n_sources INTEGER NOT NULL DEFAULT 0,
            merged_into INTEGER REFERENCES claims(id),
            created_at TEXT NOT NULL
        );
        CREATE INDEX claims_order ON claims(merged_into, sort_key, id);
        CREATE INDEX claims_verdict ON claims(merged_into, verdict, sort_key, id);
        CREATE TABLE occurrences (
            id INTEGER PRIMARY KEY,
            claim_id INTEGER NOT NULL REFERENCES claims(id),
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            kind TEXT NOT NULL,
            speaker TEXT,
            on_behalf_of TEXT
        );
        CREATE INDEX occurrences_claim ON occurrences(claim_id, article_id, start);
        CREATE INDEX occurrences_article ON occurrences(article_id, claim_id);
        CREATE TABLE verdicts (
            claim_id INTEGER NOT NULL REFERENCES claims(id),
            reviewer TEXT NOT NULL,
            label TEXT CHECK (label IN ('consistent', 'contradicted', 'unresolved')),
            note TEXT,
            updated_at TEXT NOT NULL,
            settled INTEGER NOT NULL DEFAULT 1,
            PRIMARY KEY (claim_id, reviewer)
        );
        CREATE TABLE evidence (
            id INTEGER PRIMARY KEY,
            claim_id INTEGER NOT NULL REFERENCES claims(id),
            article_id INTEGER NOT NULL REFERENCES articles(id),
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            stance TEXT NOT NULL CHECK (stance IN ('supports', 'contradicts', 'context')),
            note TEXT,
            reviewer TEXT,
            created_at TEXT NOT NULL
        );
        CREATE INDEX evidence_claim ON evidence(claim_id);
        CREATE INDEX evidence_article ON evidence(article_id);
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            reviewer TEXT,
            action TEXT NOT NULL,
            claim_id INTEGER,
            before TEXT,
            after TEXT
        );
        CREATE INDEX events_claim ON events(claim_id);
        CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
        CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
        CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE verdict_counts (label TEXT PRIMARY KEY, n INTEGER NOT NULL DEFAULT 0);
        INSERT INTO verdict_counts(label, n) VALUES
            ('', 0), ('consistent', 0), ('contradicted', 0), ('unresolved', 0);
        CREATE TRIGGER claims_count_insert AFTER INSERT ON claims WHEN NEW.merged_into IS NULL
        BEGIN UPDATE verdict_counts SET n = n + 1 WHERE label = coalesce(NEW.verdict, ''); END;
        CREATE TRIGGER claims_count_delete AFTER DELETE ON claims WHEN OLD.merged_into IS NULL
        BEGIN UPDATE verdict_counts SET n = n - 1 WHERE label = coalesce(OLD.verdict, ''); END;
        CREATE TRIGGER claims_count_update AFTER UPDATE OF verdict, merged_into ON claims
        BEGIN
            UPDATE verdict_counts SET n = n - 1
                WHERE OLD.merged_into IS NULL AND label = coalesce(OLD.verdict, '');
            UPDATE verdict_counts SET n = n + 1
                WHERE NEW.merged_into IS NULL AND label = coalesce(NEW.verdict, '');
        END;
        """,
    )


@migration("0002_reviewer_index")
def m0002_reviewer_index(db: Database) -> None:
    """Per-reviewer progress (``workbench stats``, merged files) without a table scan."""
    db.conn.execute("CREATE INDEX IF NOT EXISTS verdicts_reviewer ON verdicts(reviewer, label)")


@migration("0003_sentence_vocabulary")
def m0003_sentence_vocabulary(db: Database) -> None:
    """Document frequency of every indexed word, so search and suggestions can pick rare words.

    Ranking a common word's 50,000 matches by bm25 takes 60+ ms; knowing each
    word's frequency first lets a query stay within a few thousand matches.
    """
    db.conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS sentences_vocab USING fts5vocab(sentences_fts, row)"
    )


@migration("0004_unique_stems")
def m0004_unique_stems(db: Database) -> None:
    """Every article its own stem (see ``stems.py``), kept so by a unique index.

    A file that already holds two articles with one stem keeps the first
    imported as it is; each later one is named by its path (``misc/index``).
    """
    from workbench.store.stems import unique_stems

    rows = db.conn.execute("SELECT id, stem, source FROM articles ORDER BY id").fetchall()
    chosen = unique_stems((stem, source) for _, stem, source in rows)
    renames = [(new, article_id) for (article_id, stem, _), new in zip(rows, chosen, strict=True) if new != stem]
    db.conn.executemany("UPDATE articles SET stem = ? WHERE id = ?", renames)
    db.conn.execute("CREATE UNIQUE INDEX IF NOT EXISTS articles_stem ON articles(stem)")


@migration("0005_undated_by_first_report")
def m0005_undated_by_first_report(db: Database) -> None:
    """Undated claims sort where first reported, as ``workbench timeline`` puts them (``sort_key``),
    no longer all after the dated ones."""
    from workbench.store.imports import UNDATED_SORT_KEY

    db.conn.execute(f"UPDATE claims SET sort_key = {UNDATED_SORT_KEY} WHERE said_on IS NULL OR said_on = ''")


# A claim's text as the merge picker matches it (see connection.fold), kept by every write
# that adds a claim; NULL (a row written by another tool) is folded when searched.
FOLD_CLAIMS = "UPDATE claims SET folded = wb_fold(CAST(text AS BLOB))"


@migration("0006_claim_folded")
def m0006_claim_folded(db: Database) -> None:
    """Each claim's folded text, stored: the picker folded all 100,000 texts at every search
    (about 100 ms per 30,000 claims; 30 ms with the stored text)."""
    db.conn.execute("ALTER TABLE claims ADD COLUMN folded TEXT")
    db.conn.execute(FOLD_CLAIMS)
    # A text changed by any tool loses its folded form (searched by folding it then): the
    # trigger needs no function of ours, so other tools can still write the file.
    db.conn.execute(
        "CREATE TRIGGER claims_text_unfold AFTER UPDATE OF text ON claims WHEN NEW.text IS NOT OLD.text"
        " BEGIN UPDATE claims SET folded = NULL WHERE id = NEW.id; END"
    )


def known_names() -> list[str]:
    """Names of every migration this version of the code knows, in order."""
    return [name for name, _ in MIGRATIONS]


SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection, registry_: Any = None) -> list[str]:
    """Apply pending migrations in one transaction; return the names applied."""
    from sqlite_utils import Database

    db = Database(conn)
    migrations = registry_ or registry()
    pending = [m.name for m in migrations.pending(db)]
    if not pending:
        return []
    with db.atomic():
        migrations.apply(db)
        db.conn.execute(f"PRAGMA user_version = {len(known_names())}")
    return pending
