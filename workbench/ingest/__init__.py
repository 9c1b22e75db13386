"""Ingest: article files in, clean article text and metadata out.

Pure standard library and free of any UI import, so the store, the CLI and
tests can use it without a terminal. ``decode`` turns bytes into text or
refuses them, ``clean`` removes site furniture and finds title, byline and
date, ``files`` ties both to a path and hashes the raw bytes.
"""

from .clean import FORMATS, CleanedArticle, clean_article
from .decode import decode_bytes, strip_controls
from .errors import IngestError
from .files import IngestedArticle, format_for, read_article

__all__ = [
    "FORMATS",
    "CleanedArticle",
    "IngestError",
    "IngestedArticle",
    "clean_article",
    "decode_bytes",
    "format_for",
    "read_article",
    "strip_controls",
]
