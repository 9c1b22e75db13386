"""Statement extraction: segment articles, attribute statements to a subject, group them into claims.

Pure standard-library Python (no models, no network) so it runs offline on two
cores; see DESIGN.md, section Pipeline.
"""
from __future__ import annotations

from collections.abc import Sequence

from .attribute import extract_article
from .group import Grouper
from .model import ArticleText, ClaimDraft, Occurrence, Subject
from .segment import split_sentences


def extract_claims(articles: Sequence[ArticleText], subject: Subject) -> list[ClaimDraft]:
    """Extract and group the subject's statements; drafts ordered by their first occurrence."""
    grouper = Grouper()
    order: list[str] = []
    for article in articles:
        for occ in extract_article(article, subject):
            key = grouper.add(occ)
            if isinstance(key, str) and key not in order:
                order.append(key)
    drafts = grouper.drafts()
    return [drafts[k] for k in order if k in drafts]  # a lead-in's own claim may have gone


__all__ = [
    "ArticleText", "ClaimDraft", "Grouper", "Occurrence", "Subject",
    "extract_article", "extract_claims", "split_sentences",
]
