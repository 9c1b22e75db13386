"""A file whose header runs ahead of it because its -wal file holds the pages is whole.

A kill during a checkpoint (or a look while another process checkpoints)
leaves page 1, with the new page count, written to the main file before the
pages after it; SQLite reads those from the -wal file. Such a file must open
for every command; a file missing pages from both must still be refused.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from tui_data import build

from workbench.cli import main
from workbench.store import Store, StoreError

ROWS = 300


def _crash_copy(tmp_path: Path) -> tuple[Path, int]:
    """A review file with a large committed transaction only in its -wal file, copied while the
    writer is still open (the state a kill leaves); returns the copy and the page size."""
    src = build(tmp_path / "src.db")
    conn = sqlite3.connect(src, isolation_level=None)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("BEGIN")
    for i in range(ROWS):
        conn.execute("INSERT INTO state(key, value) VALUES (?, ?)", (f"pad{i}", '"' + "x" * 3000 + '"'))
    conn.execute("COMMIT")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    dst = tmp_path / "crashed.db"
    shutil.copyfile(src, dst)
    shutil.copyfile(src.with_name("src.db-wal"), dst.with_name("crashed.db-wal"))
    conn.close()
    return dst, page_size


def _frames(wal: Path, page_size: int) -> dict[int, bytes]:
    """Each page's last image in a single-generation log (the test's own, simple reading)."""
    data = wal.read_bytes()
    pages: dict[int, bytes] = {}
    for off in range(32, len(data) - 24 - page_size + 1, 24 + page_size):
        pages[int.from_bytes(data[off:off + 4], "big")] = data[off + 24:off + 24 + page_size]
    return pages


def _checkpoint_cut_short(db: Path, page_size: int, upto: int) -> None:
    """Write pages 1..``upto`` from the log into the main file, as a checkpoint killed there does."""
    pages = _frames(db.with_name(db.name + "-wal"), page_size)
    with db.open("r+b") as fh:
        for page in sorted(p for p in pages if p <= upto):
            fh.seek((page - 1) * page_size)
            fh.write(pages[page])


def test_killed_checkpoint_file_opens_for_every_command(tmp_path: Path) -> None:
    db, page_size = _crash_copy(tmp_path)
    main_pages = db.stat().st_size // page_size
    _checkpoint_cut_short(db, page_size, main_pages + 3)
    head = db.read_bytes()[:100]
    assert int.from_bytes(head[28:32], "big") * page_size > db.stat().st_size  # header ahead of the file
    result = CliRunner().invoke(main, ["stats", str(db)])
    assert result.exit_code == 0, result.output
    assert "truncated" not in result.output
    result = CliRunner().invoke(main, ["export", str(db), "--format", "csv"])
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        assert store.get_state(f"pad{ROWS - 1}") == "x" * 3000
        assert store.integrity() == "ok"


def test_truncated_file_with_a_log_not_holding_the_pages_is_still_refused(tmp_path: Path) -> None:
    db, page_size = _crash_copy(tmp_path)
    pages = _frames(db.with_name("crashed.db-wal"), page_size)
    _checkpoint_cut_short(db, page_size, max(pages))
    # lose pages the log does not hold: the main file's end, cut below a page only it has
    whole = db.read_bytes()
    only_in_main = [p for p in range(2, len(whole) // page_size + 1) if p not in pages]
    assert only_in_main
    db.write_bytes(whole[: (only_in_main[-1] - 1) * page_size])
    with pytest.raises(StoreError, match="truncated"):
        Store(db, readonly=True)
    result = CliRunner().invoke(main, ["stats", str(db)])
    assert result.exit_code != 0 and "truncated" in result.output, result.output


def test_truncated_file_whose_log_is_cut_before_its_commit_is_refused(tmp_path: Path) -> None:
    """Frames with no commit frame after them are no part of the database: the header decides."""
    db, page_size = _crash_copy(tmp_path)
    _checkpoint_cut_short(db, page_size, db.stat().st_size // page_size + 3)
    wal = db.with_name("crashed.db-wal")
    data = wal.read_bytes()
    wal.write_bytes(data[: len(data) - 2 * (24 + page_size)])
    with pytest.raises(StoreError, match="truncated"):
        Store(db, readonly=True)
