"""Opening a review database safely.

A file is inspected read-only before anything is written to it: a
non-database, a truncated file, another program's SQLite file or one made by a
newer workbench is refused with one line, and its bytes are left exactly as
they were (switching to WAL mode alone would rewrite the header). Only then is
it opened for writing with the durability settings the product promises:
WAL, ``synchronous=FULL``, foreign keys, and a busy timeout so a second
instance waits instead of failing at once.
"""

from __future__ import annotations

import sqlite3
import time
import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import quote

from workbench.store.access import needs_immutable, unwritable_folder
from workbench.store.errors import StoreError
from workbench.store.schema import MIGRATION_SET, known_names, migrate
from workbench.store.wal import missing_pages

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
TRUNCATION_LOOKS = 3  # a file that looks truncated is looked at this many times (see inspect)
OUR_TABLES = {"articles", "claims", "occurrences", "verdicts", "events", "state"}


def _ro_uri(path: Path) -> str:
    """A read-only SQLite URI for ``path``; '?', '#' and '%' in a file name are escaped (unescaped, a
    file named "what?.db" opened "what" instead, and "pct%20.db" nothing). Immutable when that is
    the only way to read it: in a folder we cannot write, with no -wal (see access.needs_immutable)."""
    uri = f"file:{quote(path.resolve().as_posix(), safe='/')}?mode=ro"
    return uri + "&immutable=1" if needs_immutable(path) else uri


def _unreadable(path: Path, exc: sqlite3.Error) -> str:
    """What a failed read-only open or first read says: damage, unless SQLite wanted to write beside
    the file (a folder we cannot write) or could not open it at all, which is no damage."""
    text = str(exc)
    if "readonly" in text or "unable to open" in text:
        folder = unwritable_folder(path)
        return f"cannot be read here: {folder} ({text})" if folder else f"cannot be read ({text})"
    return f"damaged or not a database ({text})"


def inspect(path: Path) -> str:
    """Classify ``path`` without changing it: 'new', 'empty', 'ours' or 'pending'.

    Raises :class:`StoreError` for files that must not be touched.
    """
    if not path.exists():
        return "new"
    if path.is_dir():
        raise StoreError("is a directory, not a database file", path)
    size = path.stat().st_size
    if size == 0:
        return "empty"
    with path.open("rb") as fh:
        head = fh.read(100)
    if not head.startswith(SQLITE_MAGIC):
        raise StoreError("not a SQLite database (wrong file header)", path)
    for attempt in range(TRUNCATION_LOOKS):
        if not _truncated(path, head, size):
            break
        if attempt == TRUNCATION_LOOKS - 1:
            raise StoreError("truncated or damaged SQLite file", path)
        # Another process may be checkpointing (its header written before the
        # pages after it) and restart the log in between our reads: look again.
        time.sleep(0.05)
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(100)
    try:
        conn = sqlite3.connect(_ro_uri(path), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise StoreError(_unreadable(path, exc), path) from None
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "_sqlite_migrations" not in tables:
            if tables:
                raise StoreError(
                    "is another program's SQLite database, not a workbench review file", path
                )
            return "empty"
        applied = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
                [MIGRATION_SET],
            )
        ]
        if not applied:
            raise StoreError(
                "is another program's SQLite database, not a workbench review file", path
            )
        unknown = [name for name in applied if name not in known_names()]
        if unknown:
            raise StoreError(
                f"was written by a newer workbench (schema {unknown[-1]}); upgrade to open it",
                path,
            )
        if not OUR_TABLES <= tables:
            raise StoreError("is missing workbench tables; not a review file", path)
        return "pending" if len(applied) < len(known_names()) else "ours"
    except sqlite3.DatabaseError as exc:
        raise StoreError(_unreadable(path, exc), path) from None
    finally:
        conn.close()


def _truncated(path: Path, head: bytes, size: int) -> bool:
    """The header's page size and count say the file should be longer than it is,
    and its -wal file does not hold the missing pages.

    Cheap (no page is read), unlike ``PRAGMA quick_check``, which reads the
    whole file: 0.4 s on a 200 MB review at every start. The log is read only
    when the main file alone looks short: a kill during a checkpoint leaves
    the header ahead of the file, with the pages in the log (see
    :mod:`workbench.store.wal`), and such a file is whole.
    """
    if len(head) < 100 or size < 512:
        return True
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1) or size % page_size:
        return True
    pages = int.from_bytes(head[28:32], "big")
    header_count_valid = head[24:28] == head[92:96]
    if not (header_count_valid and pages * page_size > size):
        return False
    return missing_pages(path, size, page_size)


def connect(path: Path | str, *, readonly: bool = False) -> tuple[sqlite3.Connection, list[str]]:
    """Open (creating and migrating as needed); returns the connection and the
    migrations it still lacks (only ever non-empty for a read-only open).

    The connection allows use from a worker thread; the :class:`Store` wrapping
    it serialises access with a lock so there is one writer.
    """
    path = Path(path)
    if str(path) == ":memory:":
        conn = sqlite3.connect(":memory:", check_same_thread=False)
        _pragmas(conn, readonly=False, memory=True)
        migrate(conn)
        return conn, []
    kind = inspect(path)
    if readonly:
        if kind in ("new", "empty"):
            raise StoreError("no review database here", path)
        conn = open_reader(path)
        missing: list[str] = []
        if kind == "pending":
            have = {r[0] for r in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATION_SET])}
            missing = [n for n in known_names() if n not in have]
        return conn, missing
    if kind == "new" and not path.parent.exists():
        raise StoreError("folder does not exist", path.parent)
    folder = unwritable_folder(path)
    if folder:
        raise StoreError(f"cannot be written: {folder} (SQLite writes its -wal and -shm files beside"
                         " the database); open it read-only, or copy it to a folder you can write", path)
    try:
        conn = sqlite3.connect(str(path), check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
        _pragmas(conn, readonly=False)
    except sqlite3.OperationalError as exc:
        raise StoreError(f"cannot open for writing: {exc}", path) from None
    if kind != "ours":
        try:
            migrate(conn)
        except Exception as exc:
            conn.close()
            raise StoreError(
                f"schema upgrade failed and was rolled back, file unchanged ({exc})", path
            ) from None
    return conn, []


def integrity_problems(path: Path, limit: int = 5) -> list[str]:
    """What SQLite's quick check finds wrong in the file (empty when nothing), on a connection of its own.

    Why: damage inside the file (an index, a page of rows) does not stop it
    opening, and reads then go wrong quietly: a damaged index can leave rows
    out of a filter or an export. Its own connection, so a check of a large
    file (a few tenths of a second, seconds when nothing is cached) holds up
    no other read.
    """
    conn = sqlite3.connect(_ro_uri(path), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        rows = conn.execute(f"PRAGMA quick_check({int(limit)})").fetchall()
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        conn.close()
    lines = [line for (text,) in rows for line in str(text).splitlines()]
    return [] if lines == ["ok"] else [line for line in lines if not line.startswith("***")]


def open_reader(path: Path) -> sqlite3.Connection:
    """A read-only connection: WAL lets it read while the writer commits."""
    conn = sqlite3.connect(
        _ro_uri(path), uri=True, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
    )
    _pragmas(conn, readonly=True)
    return conn


def fold(text: str) -> str:
    """``text`` for matching what a reviewer types: casefolded, accents dropped ("Café Müller"
    and "cafe muller" fold alike; SQLite's LIKE and lower() fold ASCII case only)."""
    folded = text.casefold()
    if folded.isascii():
        return folded
    return "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))


def _fold(raw: Any) -> Any:
    """SQL ``wb_fold(CAST(text AS BLOB))``: :func:`fold`. Bytes, decoded here leniently: a text
    argument that is not UTF-8 (a damaged file) would fail the whole query before the function ran."""
    if isinstance(raw, bytes):
        if raw.isascii():  # most texts: folding is lower-casing
            return raw.decode("ascii").lower()
        return fold(raw.decode("utf-8", "replace"))
    return fold(raw) if isinstance(raw, str) else raw


def _pragmas(conn: sqlite3.Connection, *, readonly: bool, memory: bool = False) -> None:
    conn.create_function("wb_fold", 1, _fold, deterministic=True)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    if readonly:
        conn.execute("PRAGMA query_only = ON")
        return
    if not memory:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise sqlite3.OperationalError(f"could not switch to WAL mode (got {mode})")
    conn.execute("PRAGMA synchronous = FULL")
