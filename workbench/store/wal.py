"""What a database's write-ahead log holds, read from its frame headers.

Why: the cheap truncation check compares the page count in the main file's
header with the file's length. In WAL mode that header can run ahead of the
file: a checkpoint writes page 1 (with the new count) first and the pages
after it in order, so a kill during a checkpoint, or a look at the file while
another process checkpoints, finds a header promising pages that are not in
the file yet. They are in the -wal file, and SQLite reads them from there (the
next writer finishes the checkpoint). This module says which pages the log
holds, so only a file missing pages from both is called truncated.

Only headers are read (24 bytes a frame; a 24 MB log is 6,000 small reads):
frame checksums cover whole pages and would take seconds in Python. A frame
counts when its salts match the log header's (the log's current generation)
and a commit frame at or after it does (an unfinished transaction's frames
are not part of the database).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

WAL_MAGIC = (0x377F0682, 0x377F0683)
WAL_HEADER = 32
FRAME_HEADER = 24


@dataclass(frozen=True)
class WalPages:
    """The committed content of a -wal file: its pages and the database size after its last commit."""

    pages: frozenset[int]
    db_pages: int


def wal_pages(db_path: Path, page_size: int) -> WalPages | None:
    """The pages committed in ``db_path``'s -wal file, or None when there is no usable log.

    None too for a log SQLite would ignore: a wrong magic number, or a page
    size other than the database's.
    """
    wal = db_path.with_name(db_path.name + "-wal")
    try:
        fh = wal.open("rb")
    except OSError:
        return None
    with fh:
        head = fh.read(WAL_HEADER)
        if len(head) < WAL_HEADER or int.from_bytes(head[:4], "big") not in WAL_MAGIC:
            return None
        if int.from_bytes(head[8:12], "big") != page_size or not _header_checksum_ok(head):
            return None
        salts = head[16:24]
        committed: set[int] = set()
        pending: set[int] = set()
        db_pages = 0
        offset = WAL_HEADER
        while True:
            fh.seek(offset)
            frame = fh.read(FRAME_HEADER)
            if len(frame) < FRAME_HEADER or frame[8:16] != salts:
                break
            page = int.from_bytes(frame[:4], "big")
            if page == 0:
                break
            pending.add(page)
            commit_size = int.from_bytes(frame[4:8], "big")
            if commit_size:
                committed |= pending
                pending.clear()
                db_pages = commit_size
            offset += FRAME_HEADER + page_size
    if not db_pages:
        return None
    return WalPages(frozenset(committed), db_pages)


def _header_checksum_ok(head: bytes) -> bool:
    """SQLite's checksum over the first 24 bytes of the log header (a torn or foreign header fails it)."""
    order = "little" if int.from_bytes(head[:4], "big") == 0x377F0682 else "big"
    s0 = s1 = 0
    for i in range(0, 24, 8):
        s0 = (s0 + int.from_bytes(head[i:i + 4], order) + s1) & 0xFFFFFFFF
        s1 = (s1 + int.from_bytes(head[i + 4:i + 8], order) + s0) & 0xFFFFFFFF
    return head[24:32] == s0.to_bytes(4, "big") + s1.to_bytes(4, "big")


def missing_pages(db_path: Path, size: int, page_size: int) -> bool:
    """Whether the database needs pages that neither the main file (``size`` bytes) nor its
    committed log holds; asked once the main file's header promises more pages than it has.

    With no usable log that promise is broken; with one, the last commit's
    size is the database's, and each page past the end of the main file must
    be in the log.
    """
    log = wal_pages(db_path, page_size)
    if log is None:
        return True
    return any(p not in log.pages for p in range(size // page_size + 1, log.db_pages + 1))
