"""Read one article file from disk: bytes → hash → text → cleaned article.

The import command and the story loader both need the same steps in the same
order, and the hash must be of the raw bytes (not the decoded or cleaned
text) so that re-importing an unchanged file is recognised as a no-op even if
the cleaning rules change later.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from workbench.regular_file import NotRegularFile, read_regular_file

from .clean import CleanedArticle, clean_article
from .decode import decode_bytes
from .errors import IngestError

MB = 1024 * 1024
MAX_BYTES = 50 * MB  # far above any news article; stops a stray video or dump
_SUFFIX_FORMATS = {
    ".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md",
    ".html": "html", ".htm": "html", ".xhtml": "html",
}  # fmt: skip
_LOOKS_HTML = re.compile(r"\A\s*(?:<!doctype html|<html\b|<head\b|<body\b)", re.IGNORECASE)


@dataclass
class IngestedArticle:
    """A cleaned article plus what the store needs to deduplicate and explain it."""

    source: Path
    sha256: str  # of the raw bytes
    fmt: str  # "txt", "md" or "html", as actually parsed
    article: CleanedArticle
    warnings: list[str] = field(default_factory=list)


def format_for(path: Path, text: str) -> str:
    """The format to parse ``text`` as: HTML content wins over a ``.txt`` name."""
    if _LOOKS_HTML.match(text[:1000]):
        return "html"
    return _SUFFIX_FORMATS.get(path.suffix.lower(), "txt")


def read_article(path: str | Path, *, year: int | None = None) -> IngestedArticle:
    """Read, decode and clean one file; raise :class:`IngestError` if it is unusable.

    ``year`` completes dates shown without a year (see :func:`clean_article`).
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise IngestError(f"file too large ({size // MB} MB; the limit is {MAX_BYTES // MB} MB)")
        raw = read_regular_file(path, MAX_BYTES)  # a FIFO or device is refused, not read
    except NotRegularFile as exc:
        raise IngestError(str(exc)) from None
    except OSError as exc:
        raise IngestError(f"cannot read file: {exc.strerror or exc}") from None
    if len(raw) > MAX_BYTES:  # it grew after the size check
        raise IngestError(f"file too large (over {MAX_BYTES // MB} MB, the limit)")
    text, warnings = decode_bytes(raw)
    fmt = format_for(path, text)
    article = clean_article(text, fmt, year=year)
    if not article.body.strip():
        raise IngestError("no article text left after removing page furniture")
    return IngestedArticle(
        source=path,
        sha256=hashlib.sha256(raw).hexdigest(),
        fmt=fmt,
        article=article,
        warnings=warnings,
    )
