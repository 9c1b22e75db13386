"""Small read helpers over the export document shared by the renderers.

Every renderer works from the JSON export dict (never from SQL); these helpers
answer the questions several of them ask: which article an occurrence points
to, which distinct articles a claim appears in, and what a verdict is called.
They tolerate missing keys, because a document may come from an older export.
"""

from __future__ import annotations

from typing import Any

VERDICTS: tuple[str, ...] = ("consistent", "contradicted", "unresolved")
"""The three verdict labels, in the order reports list them."""

VERDICT_WORDS: dict[str | None, str] = {
    "consistent": "Consistent",
    "contradicted": "Contradicted",
    "unresolved": "Unresolved",
    None: "Unreviewed",
}

VERDICT_MARKS: dict[str | None, str] = {
    "consistent": "✓",
    "contradicted": "✗",
    "unresolved": "?",
    None: "·",
}


def notes_of(claim: dict[str, Any]) -> list[tuple[str | None, str]]:
    """Every reviewer's note on a claim as (reviewer, note): the claim reviewer's own first.

    Why: notes are kept per reviewer, and the claim's ``note`` is only one of
    them (its verdict's, or the latest anybody wrote); a colleague's note must
    not drop out of a report or a spreadsheet, nor be shown as another's.
    Notes are told apart by whose they are, not by their text. A document
    without ``verdicts`` (an older export) has the claim's note alone, and a
    claim ``note`` no verdict holds (a document edited by hand) comes first.
    """
    rows = [(v.get("reviewer"), str(v["note"])) for v in claim.get("verdicts") or [] if v.get("note")]
    own = claim.get("note")
    if own and all(note != own for _, note in rows):
        rows.insert(0, (claim.get("reviewer"), str(own)))
    rows.sort(key=lambda row: row[0] != claim.get("reviewer"))  # stable: the claim reviewer's first
    return rows


def spokesperson_of(claim: dict[str, Any]) -> str | None:
    """Who spoke for the subject when a claim is a spokesperson's words, else None.

    A claim counts as the spokesperson's only when none of its occurrences is
    the subject's own (a reviewer may have merged the subject's words into it).
    """
    if not claim.get("on_behalf_of"):
        return None
    occurrences = claim.get("occurrences") or []
    if any(o.get("speaker") and not o.get("on_behalf_of") for o in occurrences):
        return None
    return claim.get("speaker") or None


def verdict_of(claim: dict[str, Any]) -> str | None:
    """The claim's verdict label, or None when unreviewed (or an unknown label)."""
    verdict = claim.get("verdict")
    return verdict if verdict in VERDICTS else None


def articles_by_stem(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Map article stem (what occurrences and evidence point to) to the article."""
    index: dict[str, dict[str, Any]] = {}
    for article in doc.get("articles") or []:
        stem = article.get("stem")
        if stem is None and article.get("source"):
            name = str(article["source"]).replace("\\", "/").rsplit("/", 1)[-1]
            stem = name.rsplit(".", 1)[0] if "." in name else name
        if stem is not None:
            index[str(stem)] = article
    return index


def claim_articles(
    claim: dict[str, Any], articles: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    """The distinct articles a claim occurs in, in the order of its occurrences.

    An occurrence naming an article missing from the document yields a stub
    ``{"stem": ...}`` so it still counts as a source.
    """
    seen: dict[str, dict[str, Any]] = {}
    for occurrence in claim.get("occurrences") or []:
        stem = str(occurrence.get("article"))
        if stem not in seen:
            seen[stem] = articles.get(stem) or {"stem": stem}
    return list(seen.values())


def source_name(article: dict[str, Any]) -> str:
    """What a source is called: its outlet, or, without one (an article imported without a
    story file), its file name, as the review screen calls it."""
    return str(article.get("outlet") or article.get("stem") or "unknown source")


def outlets_of(sources: list[dict[str, Any]]) -> list[str]:
    """Distinct source names (:func:`source_name`) of some articles, first-seen order."""
    return list(dict.fromkeys(source_name(article) for article in sources))
