"""The one exception the ingest layer raises for a bad input file.

Callers (the CLI import command, the story loader) catch exactly this type and
print ``f"{path}: {err}"``, so the message must stand on its own as one line
and must not repeat the file name.
"""

from __future__ import annotations


class IngestError(Exception):
    """One-line, user-facing problem with one input file.

    ``str(err)`` is the message WITHOUT the file name (the caller prefixes the
    path), e.g. ``"binary file (looks like PNG image), not text"``,
    ``"empty file"``, ``"not valid UTF-8 or UTF-16 text (byte 0x93 at offset 12)"``.
    """
