"""The store: the only package that holds SQL.

``Store(path)`` opens (creating and migrating) a review database;
``Store(path, readonly=True)`` opens one without ever writing to it.
"""

from __future__ import annotations

from workbench.store.errors import Conflict, StoreError, WriteFailed
from workbench.store.history import HistoryMixin
from workbench.store.imports import ImportMixin, NewClaim, NewOccurrence, PreparedArticle
from workbench.store.models import (
    FILTERS,
    LABELS,
    MARKS,
    STANCES,
    ArticleRow,
    ClaimDetail,
    ClaimRow,
    Evidence,
    Occurrence,
    SearchHit,
    Verdict,
)
from workbench.store.reads import ReadMixin


class Store(ReadMixin, HistoryMixin, ImportMixin):
    """A review database: reads, reviewer actions (with undo) and imports."""


__all__ = [
    "FILTERS", "LABELS", "MARKS", "STANCES", "ArticleRow", "ClaimDetail", "ClaimRow",
    "Conflict", "Evidence", "NewClaim", "NewOccurrence", "Occurrence", "PreparedArticle", "SearchHit", "Store",
    "StoreError", "Verdict", "WriteFailed",
]
