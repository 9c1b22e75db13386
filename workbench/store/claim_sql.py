"""SQL shared by the store's claim lists and its searches: the columns of a claims-list row
and the WHERE clause of each filter."""

from __future__ import annotations

from typing import Any

CLAIM_COLS = (
    "c.id, c.text, c.speaker, c.on_behalf_of, c.said_on, c.setting, c.verdict, c.n_sources, c.rev,"
    # an undated claim's earliest report, kept in its sort key ("2017-03-02~", "2017-03-00~" for
    # a report dated to the month: see imports.sort_key), as precise as that report's date
    " CASE WHEN COALESCE(c.said_on, '') = '' AND c.sort_key GLOB '[0-9]*~' THEN"
    " CASE WHEN c.sort_key GLOB '*-00-00~' THEN substr(c.sort_key, 1, 4)"
    " WHEN c.sort_key GLOB '*-00~' THEN substr(c.sort_key, 1, 7)"
    " ELSE substr(c.sort_key, 1, length(c.sort_key) - 1) END END AS reported_by"
)
DISPUTED = (
    "(SELECT COUNT(DISTINCT v.label) > 1 AND MAX(v.settled) = 0"
    " FROM verdicts v WHERE v.claim_id = c.id AND v.label IS NOT NULL) AS disputed"
)


def filter_sql(filt: str, article_id: int | None) -> tuple[str, list[Any]]:
    where = ["c.merged_into IS NULL"]
    params: list[Any] = []
    if filt == "unreviewed":
        where.append("c.verdict IS NULL")
    elif filt in ("consistent", "contradicted", "unresolved"):
        where.append("c.verdict = ?")
        params.append(filt)
    elif filt == "disputed":
        where.append(
            "(SELECT COUNT(DISTINCT v.label) > 1 AND MAX(v.settled) = 0 FROM verdicts v"
            " WHERE v.claim_id = c.id AND v.label IS NOT NULL)"
        )
    if article_id is not None:
        where.append("c.id IN (SELECT claim_id FROM occurrences WHERE article_id = ?)")
        params.append(article_id)
    return " AND ".join(where), params
