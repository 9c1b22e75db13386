"""Errors raised by the store; all are one-line :class:`WorkbenchError`s."""

from __future__ import annotations

from workbench.errors import WorkbenchError


class StoreError(WorkbenchError):
    """The database file cannot be used (not a database, newer schema, foreign file)."""


class WriteFailed(WorkbenchError):
    """A write was rolled back: disk full, read-only file, locked too long."""


class Conflict(WorkbenchError):
    """Another reviewer or instance changed this claim since it was shown.

    ``current`` holds what is in the database now, so the screen can show it.
    """

    def __init__(self, message: str, current: object = None) -> None:
        super().__init__(message)
        self.current = current
