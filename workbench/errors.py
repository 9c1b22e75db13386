"""User-facing errors.

Every problem a person can cause (a bad file, a locked database, a missing
setting) is raised as a :class:`WorkbenchError` whose ``str()`` is one line
that names the file and what is wrong. The CLI prints that line and exits
non-zero; it never shows a traceback for these.
"""

from __future__ import annotations


class WorkbenchError(Exception):
    """A problem to report to the user in one line."""

    def __init__(self, message: str, path: object | None = None) -> None:
        self.path = str(path) if path is not None else None
        self.detail = " ".join(str(message).split())
        super().__init__(f"{self.path}: {self.detail}" if self.path else self.detail)


#: how sqlite3 begins its error for stored text that is not UTF-8 (it then quotes the whole value)
NOT_UTF8 = "Could not decode to UTF-8"
