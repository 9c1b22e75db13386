"""A healthy review file in a folder this process cannot write.

SQLite reads a WAL-mode file through a -shm file beside it, and makes one
(and a -wal) when missing, even to read: in a read-only folder every command
refused a healthy file as "damaged or not a database (attempt to write a
readonly database)". Reading commands must work, ``review`` must fall back to
read-only with its notice, and what truly cannot work must say the folder is
not writable, never that the file is damaged.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from tui_data import build

from workbench.cli import main

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "fixtures" / "articles" / "002_879b37c607dd505b.txt"


def _lock(folder: Path) -> bool:
    """Make ``folder`` unwritable, even for root (immutable); False when this system can't."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return True
    return subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode == 0


def _unlock(folder: Path) -> None:
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(folder)], capture_output=True)
    folder.chmod(0o755)


@pytest.fixture
def locked(tmp_path: Path) -> Iterator[Path]:
    """A healthy review file (WAL mode, no -wal or -shm beside it) alone in an unwritable folder."""
    folder = tmp_path / "shared"
    folder.mkdir()
    db = build(tmp_path / "b.db")
    shutil.copyfile(db, folder / "b.db")
    if not _lock(folder):
        pytest.skip("cannot make a folder unwritable here (chattr unavailable)")
    try:
        yield folder / "b.db"
    finally:
        _unlock(folder)


@pytest.fixture
def no_tui(monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    import workbench.tui.app as tui_app

    calls: list[tuple] = []
    monkeypatch.setattr(tui_app, "run_review", lambda *a, **k: calls.append((a, k)))
    return calls


def invoke(*args: object) -> object:
    return CliRunner().invoke(main, [str(a) for a in args])


def _wal_mode(db: Path) -> bool:
    return db.read_bytes()[18] == 2


def test_reading_commands_read_it(locked: Path) -> None:
    assert _wal_mode(locked)
    for args in (["stats"], ["timeline"], ["export", "--format", "csv"], ["export", "--format", "json"]):
        result = invoke(args[0], locked, *args[1:])
        assert result.exit_code == 0, (args, result.output)  # type: ignore[attr-defined]
        assert "damaged" not in result.output  # type: ignore[attr-defined]
    assert "I did not have communications" in invoke("export", locked, "--format", "csv").output  # type: ignore[attr-defined]
    assert sorted(p.name for p in locked.parent.iterdir()) == ["b.db"]


def test_review_falls_back_to_read_only_with_its_notice(locked: Path, no_tui: list) -> None:
    result = invoke("review", locked, "--reviewer", "r")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert f"workbench: {locked}: the folder {locked.parent} is not writable; opening it read-only" \
        in result.output  # type: ignore[attr-defined]
    assert no_tui and no_tui[0][1]["readonly"] is True
    result = invoke("review", locked, "--readonly", "--reviewer", "r")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert len(no_tui) == 2


def test_writing_says_the_folder_is_not_writable(locked: Path) -> None:
    result = invoke("import", locked, ARTICLE, "--subject", "Jeff Sessions")
    assert result.exit_code == 1
    line = result.output.strip()  # type: ignore[attr-defined]
    assert "\n" not in line and f"the folder {locked.parent} is not writable" in line and "damaged" not in line
    result = invoke("import", locked.parent / "new.db", ARTICLE, "--subject", "Jeff Sessions")
    assert result.exit_code == 1 and "is not writable" in result.output  # type: ignore[attr-defined]
    assert sorted(p.name for p in locked.parent.iterdir()) == ["b.db"]


def test_a_log_it_cannot_read_is_said_not_dropped(tmp_path: Path) -> None:
    """Commits only in a -wal file, and no -shm to read it through: immutable would ignore them
    (a verdict among them), so the command says why it cannot read the file."""
    folder = tmp_path / "shared"
    folder.mkdir()
    src = build(tmp_path / "src.db")
    conn = sqlite3.connect(src, isolation_level=None)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("INSERT INTO state(key, value) VALUES ('marker', '1')")
    shutil.copyfile(src, folder / "b.db")
    shutil.copyfile(tmp_path / "src.db-wal", folder / "b.db-wal")
    conn.close()
    if not _lock(folder):
        pytest.skip("cannot make a folder unwritable here (chattr unavailable)")
    try:
        result = invoke("stats", folder / "b.db")
    finally:
        _unlock(folder)
    assert result.exit_code == 1
    line = result.output.strip()  # type: ignore[attr-defined]
    assert "\n" not in line and f"the folder {folder} is not writable" in line and "b.db-wal" in line
    assert "damaged" not in line
