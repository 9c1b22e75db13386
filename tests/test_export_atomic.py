"""Tests of the atomic file writer used by ``workbench export -o FILE``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from workbench.export import atomic
from workbench.export.atomic import clean_stale_temps, write_atomic


def _temps(folder: Path, name: str) -> list[Path]:
    return sorted(folder.glob(f".{name}.tmp-*"))


def test_writes_new_file_without_leftovers(tmp_path: Path) -> None:
    target = tmp_path / "report.csv"
    write_atomic(target, "a,b\r\n1,2\r\n")
    assert target.read_bytes() == b"a,b\r\n1,2\r\n"  # no newline translation
    assert _temps(tmp_path, "report.csv") == []
    write_atomic(target, b"\xef\xbb\xbfbytes")
    assert target.read_bytes() == b"\xef\xbb\xbfbytes"
    write_atomic(target, "caf\u00e9", encoding="latin-1")
    assert target.read_bytes() == b"caf\xe9"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_new_file_gets_default_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "out.md", "x")
    finally:
        os.umask(umask)
    assert (tmp_path / "out.md").stat().st_mode & 0o777 == 0o644


def test_failure_mid_write_keeps_old_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.md"
    target.write_text("old report")
    real_fdopen = os.fdopen

    class HalfWriter:
        """Writes the first half of the data, then the disk 'fills up'."""

        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, data):
            self.handle.write(data[: len(data) // 2])
            self.handle.flush()
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fdopen", lambda fd, mode: HalfWriter(real_fdopen(fd, mode)))
    with pytest.raises(OSError, match="No space left"):
        write_atomic(target, "new report " * 1000)
    assert target.read_text() == "old report"
    assert _temps(tmp_path, "report.md") == []


@pytest.mark.parametrize("stage", ["fsync", "replace"])
def test_failure_before_rename_keeps_old_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stage: str
) -> None:
    target = tmp_path / "report.md"
    target.write_text("old report")

    def boom(*args, **kwargs):
        raise OSError(5, f"{stage} failed")

    monkeypatch.setattr(atomic.os, stage, boom)
    with pytest.raises(OSError, match=f"{stage} failed"):
        write_atomic(target, "new report")
    monkeypatch.undo()
    assert target.read_text() == "old report"
    assert _temps(tmp_path, "report.md") == []


def test_interrupt_also_removes_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.md"

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new")
    assert not target.exists()
    assert _temps(tmp_path, "report.md") == []


def test_stale_temps_are_cleaned(tmp_path: Path) -> None:
    stale = [tmp_path / ".report.md.tmp-dead01", tmp_path / ".report.md.tmp-dead02"]
    for path in stale:
        path.write_text("half")
    unrelated = [tmp_path / ".other.md.tmp-dead03", tmp_path / "report.md.tmp-visible"]
    for path in unrelated:
        path.write_text("keep")
    assert clean_stale_temps(tmp_path, "report.md") == 2
    assert not any(path.exists() for path in stale)
    assert all(path.exists() for path in unrelated)
    assert clean_stale_temps(tmp_path, "report.md") == 0


def test_write_atomic_cleans_stale_temps_first(tmp_path: Path) -> None:
    leftover = tmp_path / ".out[1].json.tmp-abc123"  # glob characters in the name are literal
    leftover.write_text("{")
    write_atomic(tmp_path / "out[1].json", "{}")
    assert not leftover.exists()
    assert (tmp_path / "out[1].json").read_text() == "{}"
    assert [p.name for p in tmp_path.iterdir()] == ["out[1].json"]


def test_write_atomic_writes_through_a_symlink(tmp_path: Path) -> None:
    """``-o link.json``: the file the link names gets the export and the link stays a link
    (replacing the link left the real file with its old contents)."""
    real = tmp_path / "real"
    real.mkdir()
    (real / "out.json").write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real / "out.json")
    write_atomic(link, "new")
    assert link.is_symlink() and (real / "out.json").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "real"]


def test_write_atomic_streams_into_a_fifo(tmp_path: Path) -> None:
    """A named pipe is written into (a reader gets the export), not replaced by a regular file."""
    import stat
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_atomic(fifo, "a,b\r\n")
    reader.join(5)
    assert got == [b"a,b\r\n"] and stat.S_ISFIFO(fifo.stat().st_mode)
