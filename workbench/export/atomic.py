"""Write export files so a reader never sees half of one.

An export may be killed (Ctrl-C, a full disk, a crash) while it writes. Writing
straight into the target would leave a truncated file where a good one was, so
we write a temporary file in the *same* folder (``os.replace`` is only atomic
within one file system), flush and fsync it, rename it over the target, then
fsync the folder so the rename itself survives a power cut. A symlink is
followed (its target is replaced); a FIFO or device is written into as a stream.

Temporary files are named ``.{name}.tmp-<random>``: hidden, next to their
target, and easy to recognise, so that leftovers of a killed export can be
removed by the next export to the same name (``clean_stale_temps``). Two
exports racing on the same target are not supported: the second would remove
the first's temporary file and the first would then fail loudly (never write
a partial file).
"""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import secrets
import stat
from pathlib import Path


def _temp_prefix(name: str) -> str:
    return f".{name}.tmp-"


def clean_stale_temps(folder: Path, name: str) -> int:
    """Remove leftover ``.{name}.tmp-*`` files in ``folder``; return how many went.

    They can only come from an export of ``name`` that died before its rename.
    """
    folder = Path(folder)
    removed = 0
    for leftover in folder.glob(glob.escape(_temp_prefix(name)) + "*"):
        if not leftover.is_file() or leftover.is_symlink():
            continue
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
            removed += 1
    return removed


def _fsync_directory(folder: Path) -> None:
    """Persist the directory entry of a rename (a no-op where folders can't be opened)."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(folder, flags)
    except OSError:  # Windows and some network file systems
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def _open_temp(folder: Path, name: str) -> tuple[int, Path]:
    """Create a fresh temp file with the default permissions (0o666 minus umask).

    ``tempfile.mkstemp`` would make it 0o600, and the export would inherit that.
    """
    while True:
        temp = folder / f"{_temp_prefix(name)}{secrets.token_hex(6)}"
        try:
            fd = os.open(
                temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666
            )
        except FileExistsError:
            continue
        return fd, temp


def _write_stream(path: Path, payload: bytes) -> None:
    """Write into a special file that exists (no create, no truncate: it has no content to lose)."""
    fd = os.open(path, os.O_WRONLY | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "wb") as handle:
        handle.write(payload)
        handle.flush()


def write_atomic(path: Path, data: str | bytes, encoding: str = "utf-8") -> None:
    """Replace ``path`` with ``data`` in one step: the old content or the new, never a mix.

    Text is encoded with ``encoding`` as-is (no newline translation), so a CSV's
    ``\\r\\n`` line ends survive on every platform. On any failure the temporary
    file is removed and the exception propagates; the old file is untouched.
    """
    payload = data.encode(encoding) if isinstance(data, str) else bytes(data)
    # A symlink is written through (the link stays, its target gets the export), as a
    # shell's ">" does; replacing the link itself left the file it names unchanged.
    path = Path(os.path.realpath(path))
    try:
        mode = path.stat().st_mode
    except OSError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))
    if mode is not None and not stat.S_ISREG(mode):
        # A FIFO, a terminal or a device (/dev/stdout, /dev/full): written into, as a stream;
        # renaming a file over it would have put a regular file in its place.
        _write_stream(path, payload)
        return
    folder = path.parent
    clean_stale_temps(folder, path.name)
    fd, temp = _open_temp(folder, path.name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    _fsync_directory(folder)
