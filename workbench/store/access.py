"""Whether a review file can be written where it is, and how it can be read when it cannot.

Why a module of its own: SQLite keeps a WAL-mode database's log and shared
memory in two files beside it (``-wal``, ``-shm``) and creates them when they
are missing, even to read. In a folder this process cannot write (a shared
folder, a read-only mount, a reviewer's copy handed over with its folder
locked), a healthy file then failed every command with "attempt to write a
readonly database", reported as damage. The answers here let a reading
command open it anyway, and a writing one say what is wrong.
"""

from __future__ import annotations

import os
from pathlib import Path

from workbench.store.errors import StoreError
from workbench.store.wal import wal_pages

WAL_MODE = 2  # the file format's read and write version bytes (18, 19) in WAL mode


def sidecars(path: Path) -> tuple[Path, Path]:
    """The ``-wal`` and ``-shm`` files SQLite keeps beside a WAL-mode database."""
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def _folder_writable(path: Path) -> bool:
    return os.access(path.absolute().parent, os.W_OK)


def unwritable_folder(path: Path) -> str | None:
    """Why ``path`` cannot be written because of its folder, in a reviewer's words; None when it can.

    A WAL-mode file can be written in a folder we cannot write only when its
    -wal and -shm files are there already and ours to write (another
    instance has it open).
    """
    if _folder_writable(path) or all(os.access(side, os.W_OK) for side in sidecars(path)):
        return None
    return f"the folder {path.absolute().parent} is not writable"


def needs_immutable(path: Path) -> bool:
    """Whether ``path`` can be read only by opening it ``immutable=1`` (no -shm, no locks).

    That is a WAL-mode file in a folder we cannot write, with no -wal and
    -shm beside it to read through. Safe: with no -wal, the main file holds
    every commit, and in WAL mode nobody writes it without first making a
    -wal file; one who can write the folder and does so after we opened it
    is not seen by this reader (a command that could not have read the file
    at all before).

    Raises :class:`StoreError` when the file cannot be read whole: its -wal
    file holds commits not yet in the main file but there is no -shm to read
    it through, and none can be made (immutable would ignore those commits,
    verdicts among them).
    """
    if _folder_writable(path):
        return False
    try:
        with path.open("rb") as fh:
            head = fh.read(100)
    except OSError:
        return False  # opening it says why
    if len(head) < 100 or head[18] != WAL_MODE:
        return False  # a rollback-journal file reads without writing beside it
    wal, shm = sidecars(path)
    if wal.exists() and shm.exists():
        return False
    page_size = int.from_bytes(head[16:18], "big")
    if wal.exists() and wal_pages(path, 65536 if page_size == 1 else page_size) is not None:
        raise StoreError(
            f"the folder {path.absolute().parent} is not writable, and {wal.name} holds changes not yet in"
            " the file, which SQLite cannot read without writing beside it; open it once where its"
            " folder is writable (or copy the folder)", path)
    return True
