"""The one error type the export renderers raise.

Renderers refuse rather than write an incomplete or invalid file (a ClaimReview
without a publisher, an unknown format): the CLI catches ``ExportError`` and
prints its message, so the message must be one readable line that says what to
fix.
"""

from __future__ import annotations


class ExportError(Exception):
    """An export cannot be produced; ``str(error)`` is a one-line message for the user.

    ``path`` is the file to fix when it is not the database (the settings file
    a ClaimReview setting is missing from): the one-line error names it.
    """

    def __init__(self, message: str, path: object | None = None) -> None:
        super().__init__(message)
        self.path = path
