"""Reading an input file that must be a regular file, with a bounded read.

Articles, story files and JSON exports are named by the user and may be
anything: a FIFO blocks the reader until some writer comes, a device such as
/dev/zero never ends, and both report size 0, so a size check alone lets them
through. Kept apart from ``workbench.ingest`` (which this module must not
import) because the settings loader uses it too, and the review screen should
not pay for loading the ingest package at startup.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_SPECIAL = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
)  # fmt: skip


class NotRegularFile(Exception):
    """``path`` is a folder, a FIFO, a device or a socket; ``str()`` says which, without the path."""


def read_regular_file(path: Path, limit: int | None = None) -> bytes:
    """The bytes of the regular file ``path`` (symlinks followed): at most ``limit + 1`` of them.

    Raises :class:`NotRegularFile` for anything else, ``OSError`` when it
    cannot be read. The file is opened without blocking (a FIFO put in its
    place after the check cannot hang the open) and checked again once open;
    the read stops one byte past ``limit``, so a file growing meanwhile
    cannot fill memory and the caller still sees that it is over the limit.
    """
    _refuse_special(path.stat().st_mode)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with open(fd, "rb") as f:
        _refuse_special(os.fstat(fd).st_mode)
        return f.read() if limit is None else f.read(limit + 1)


def _refuse_special(mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise NotRegularFile("is a folder, not a file")
    kind = next((name for test, name in _SPECIAL if test(mode)), "a special file")
    raise NotRegularFile(f"is {kind}, not a regular file")
