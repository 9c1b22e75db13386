"""Data shapes shared by the extraction engine and the rest of the workbench.

These are the contract other modules (store, ingest, CLI, TUI) rely on, so the
field names and types are deliberately plain: strings and ints that map 1:1 to
database columns and JSON export fields.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Subject:
    """The person whose statements are extracted; aliases are the other ways articles name them."""

    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class ArticleText:
    """A cleaned article body; every occurrence offset points into ``body``."""

    key: str
    body: str
    published: str | None = None


@dataclass
class Occurrence:
    """One place where an article reports a statement; ``text == body[start:end]`` always."""

    article: str
    start: int
    end: int
    text: str
    kind: str
    speaker: str
    on_behalf_of: str | None = None
    said_on: str | None = None
    setting: str | None = None


@dataclass
class ClaimDraft:
    """A statement formed by grouping occurrences, before it is stored as a claim."""

    text: str
    speaker: str
    on_behalf_of: str | None
    said_on: str | None
    setting: str | None
    occurrences: list[Occurrence] = field(default_factory=list)


# A claim already in a database, as the grouper takes it: (id, text, said_on, setting,
# speaker, on_behalf_of, passages), each passage (article key, text, kind, speaker).
StoredClaim = tuple[int, str, str | None, str | None, str, str | None, list[tuple[str, str, str, str | None]]]
