"""The Store: the one object that owns a review database.

One connection, one lock: every method takes the lock, so the TUI's thread
workers and the event loop never interleave statements, and there is exactly
one writer per process. Each reviewer action is one ``BEGIN IMMEDIATE`` …
``COMMIT`` that also appends its event; when ``COMMIT`` returns the action is
durable (WAL + ``synchronous=FULL``), and only then does the caller tell the
screen it is done.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from workbench.errors import NOT_UTF8
from workbench.store.connection import connect, integrity_problems, open_reader
from workbench.store.errors import WriteFailed

T = TypeVar("T")


def _lenient_text(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


def now() -> str:
    """UTC timestamp with microseconds, so ordering by it is meaningful."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


_CONTENT_MARK = ("SELECT (SELECT max(id) FROM events), (SELECT max(id) FROM articles),"
                 " (SELECT max(id) FROM claims), (SELECT value FROM state WHERE key = 'story')")


class StoreBase:
    """Connection handling, transactions, state and story settings."""

    def __init__(self, path: Path | str, *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self.conn, self.missing_migrations = connect(self.path, readonly=readonly)
        self.lock = threading.RLock()
        # Reads get their own connection (WAL lets it read while the writer
        # commits), so a verdict never waits behind a search or a page fetch.
        if readonly or str(path) == ":memory:":
            self.rconn, self.rlock = self.conn, self.lock
        else:
            self.rconn, self.rlock = open_reader(self.path), threading.RLock()
        self._undo: list[int] = []
        self._redo: list[int] = []
        self.damaged_text = False  # some stored text was not UTF-8 (see _read)
        self._local = threading.local()  # .snapshot: this thread's snapshot connection (see snapshot)
        self._seen: tuple[int, tuple[Any, ...]] | None = None  # see content_changed

    # -- plumbing -------------------------------------------------------
    def close(self) -> None:
        with self.lock, self.rlock:
            if self.rconn is not self.conn:
                self.rconn.close()
            self.conn.close()

    def __enter__(self) -> StoreBase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def integrity_problems(self) -> list[str]:
        """SQLite's quick check of the file: empty when nothing is wrong (see connection.integrity_problems)."""
        if str(self.path) == ":memory:":
            return []
        return integrity_problems(self.path)

    def _decode(self, raw: bytes) -> str:
        """Stored bytes as text, with U+FFFD where they are not UTF-8 (and ``damaged_text`` set).

        For a writer that must read damaged text (an article body, to link
        evidence in it): every other write reads strictly and is refused
        rather than write back a note or verdict with the damage made final.
        """
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            self.damaged_text = True
            return _lenient_text(raw)

    def _read(self, run: Callable[[sqlite3.Connection], T]) -> T:
        """``run(reader)`` under the read lock; stored text that is not UTF-8 comes back with U+FFFD (�).

        Why: bytes changed outside the workbench (another program, a bad
        disk) made every read that touched them fail, so one damaged article
        emptied the whole review screen and stopped every export. The damage
        is shown, not hidden: ``damaged_text`` is set, and the CLI and the
        screen say so. Inside :meth:`snapshot` the reader is that thread's
        snapshot connection.
        """
        snap: sqlite3.Connection | None = getattr(self._local, "snapshot", None)
        if snap is not None:
            return self._lenient(snap, run)
        with self.rlock:
            return self._lenient(self.rconn, run)

    def _lenient(self, conn: sqlite3.Connection, run: Callable[[sqlite3.Connection], T]) -> T:
        try:
            return run(conn)
        except sqlite3.OperationalError as exc:
            if not str(exc).startswith(NOT_UTF8):
                raise
        self.damaged_text = True
        conn.text_factory = _lenient_text
        try:
            return run(conn)
        finally:
            conn.text_factory = str

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Every read of this thread inside sees the database as of one moment (one read transaction).

        Why: an export reads whole tables one after another, and another
        process's import, split or undo committed between two of them tore
        the document (an occurrence naming an article read before it was
        added, a claim visible with its occurrences moved away). A connection
        of its own, so the other threads' reads (the review screen's, while
        its export runs) neither wait for the export nor join its snapshot;
        an in-memory database has no second connection, so there it holds
        the read lock instead. Nested snapshots are the outer one.
        """
        if getattr(self._local, "snapshot", None) is not None:
            yield
            return
        if str(self.path) == ":memory:":
            with self.rlock:
                self._local.snapshot = self.rconn
                try:
                    with _read_transaction(self.rconn):
                        yield
                finally:
                    self._local.snapshot = None
            return
        conn = open_reader(self.path)
        self._local.snapshot = conn
        try:
            with _read_transaction(conn):
                yield
        finally:
            self._local.snapshot = None
            conn.close()

    def _rows(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        def run(conn: sqlite3.Connection) -> list[dict[str, Any]]:
            cur = conn.execute(sql, params)
            cols = [d[0] for d in cur.description or ()]
            return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]

        return self._read(run)

    def _one(self, sql: str, params: Any = ()) -> dict[str, Any] | None:
        rows = self._rows(sql, params)
        return rows[0] if rows else None  # type: ignore[return-value]

    def _scalar(self, sql: str, params: Any = ()) -> Any:
        row = self._read(lambda conn: conn.execute(sql, params).fetchone())
        return row[0] if row else None

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One committed transaction, or a :class:`WriteFailed` and nothing changed."""
        if self.readonly:
            raise WriteFailed("this database is open read-only", self.path)
        with self.lock:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise WriteFailed(_explain(exc), self.path) from None
            try:
                yield self.conn
                seen = self._own_write_seen()
                self.conn.execute("COMMIT")
                if seen is not None:
                    self._seen = seen
            except sqlite3.Error as exc:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise WriteFailed(_explain(exc), self.path) from None
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise

    def _event(
        self,
        conn: sqlite3.Connection,
        reviewer: str | None,
        action: str,
        claim_id: int | None,
        before: Any,
        after: Any,
    ) -> int:
        cur = conn.execute(
            "INSERT INTO events(at, reviewer, action, claim_id, before, after)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                now(),
                reviewer,
                action,
                claim_id,
                None if before is None else json.dumps(before, ensure_ascii=False),
                None if after is None else json.dumps(after, ensure_ascii=False),
            ),
        )
        return int(cur.lastrowid or 0)

    def data_version(self) -> int:
        """Changes whenever another connection commits: cheap polling for a second instance.

        Asked of the writing connection, for which only *other* connections'
        commits count (the reader would also see this store's own writes).
        """
        with self.lock:
            return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def content_mark(self) -> tuple[Any, ...]:
        """What changes when the review's content does, not when a resume cursor is saved.

        Every change of content writes an event (verdicts, notes, evidence,
        merges, splits, undo, imports) or adds articles and claims (none is ever
        deleted, and events cannot be); the story's name and subject are the rest.
        """
        with self.lock:
            return tuple(self.conn.execute(_CONTENT_MARK).fetchone())

    def see_content(self) -> tuple[Any, ...]:
        """Take the content as it is now as seen (what a screen opening reads next is news to it);
        returns that content mark (its first field: the last event, or None)."""
        with self.lock:
            self._seen = (self.data_version(), self.content_mark())
            return self._seen[1]

    def content_changed(self) -> bool:
        """Has another connection changed the content since :meth:`see_content` or the last call?

        Why not ``data_version`` alone: it changes on any commit of another
        connection, and each window saves its reviewer's resume cursor as they
        move; another window re-read every pane for those. This store's own
        writes change the content mark but not ``data_version``: a write that
        begins with nothing new since (same ``data_version``) takes the mark as
        of its commit as seen (:meth:`write`), so it is not news either.
        """
        with self.lock:
            version = self.data_version()
            if self._seen is not None and version == self._seen[0]:
                return False
            mark = self.content_mark()
            changed = self._seen is None or mark != self._seen[1]
            self._seen = (version, mark)
            return changed

    def forget_seen(self) -> None:
        """The change :meth:`content_changed` reported could not be read: report it again."""
        with self.lock:
            self._seen = None

    def _own_write_seen(self) -> tuple[int, tuple[Any, ...]] | None:
        """In a write, before COMMIT: (data_version, content mark) to take as seen, when nothing
        else was committed since they were last seen (else the next poll must see that)."""
        seen = self._seen
        if seen is None or self.data_version() != seen[0]:
            return None
        return seen[0], self.content_mark()  # (this connection: the write's own changes included)

    def integrity(self) -> str:
        """``PRAGMA integrity_check`` (reads every page: for tests and repair, not every open)."""
        with self.lock:
            return str(self.conn.execute("PRAGMA integrity_check").fetchone()[0])

    # -- state (resume) and story -----------------------------------------
    def get_state(self, key: str, default: Any = None) -> Any:
        """The stored value, or ``default`` when unset or not JSON (a damaged file still opens)."""
        raw = self._scalar("SELECT value FROM state WHERE key = ?", [key])
        try:
            return default if raw is None else json.loads(raw)
        except (TypeError, ValueError):
            return default

    def set_state(self, key: str, value: Any) -> None:
        with self.write() as conn:
            conn.execute(
                "INSERT INTO state(key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value, ensure_ascii=False)),
            )

    def story(self) -> dict[str, Any]:
        """{'name': …, 'subject': {'name': …, 'aliases': […]}} (empty values when unset).

        Every command reads this first, so a stored value of the wrong shape
        (written by a JSON import that did not check it) must not stop them:
        a bare string is read as the story's or the subject's name, and any
        other value of the wrong type as unset.
        """
        story = self.get_state("story")
        story = {"name": story} if isinstance(story, str) else story if isinstance(story, dict) else {}
        subject = story.get("subject")
        subject = {"name": subject} if isinstance(subject, str) else subject if isinstance(subject, dict) else {}
        aliases = subject.get("aliases")
        return {
            "name": _text(story.get("name")),
            "subject": {
                "name": _text(subject.get("name")),
                "aliases": [a for a in aliases if isinstance(a, str)] if isinstance(aliases, list) else [],
            },
        }

    def set_story(self, name: str | None, subject: str | None, aliases: list[str]) -> None:
        """Record the story and the subject whose statements are extracted."""
        current = self.story()
        merged_aliases = list(dict.fromkeys([*current["subject"]["aliases"], *aliases]))
        self.set_state(
            "story",
            {
                "name": name or current["name"],
                "subject": {"name": subject or current["subject"]["name"], "aliases": merged_aliases},
            },
        )


@contextmanager
def _read_transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """One read transaction: begun, its snapshot taken by a first read, ended (nothing to keep)."""
    conn.execute("BEGIN")
    try:
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        yield
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _explain(exc: sqlite3.Error) -> str:
    """Turn SQLite's wording into what a reviewer can act on."""
    text = str(exc)
    low = text.lower()
    if "full" in low:
        return "not saved: the disk (or database size limit) is full"
    if "readonly" in low or "read-only" in low:
        return "not saved: the database file is read-only"
    if "locked" in low or "busy" in low:
        from workbench.store import connection

        waited = connection.BUSY_TIMEOUT_MS / 1000
        return (f"not saved: the database is locked by another program (waited {waited:g} s);"
                " try again when it is done")
    if text.startswith(NOT_UTF8):  # sqlite3 quotes the whole value
        return ("not saved: some stored text of this claim is damaged (not UTF-8);"
                " saving would make the damage final")
    return f"not saved: {text[:200]}"
