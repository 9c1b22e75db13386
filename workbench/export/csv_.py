"""CSV export: one row per claim, for spreadsheets.

Spreadsheets are the main consumer, hence the choices: RFC 4180 quoting with
``\\r\\n`` line ends, a UTF-8 byte order mark so Excel does not read the
curly quotes of news copy as mojibake, and OWASP's CSV-injection defence:
article and note text is untrusted, and a cell starting with ``=``, ``+``,
``-``, ``@``, tab or carriage return would be run as a formula, so such cells
get a leading ``'``.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from workbench.export._doc import (
    articles_by_stem,
    claim_articles,
    notes_of,
    outlets_of,
    verdict_of,
)
from workbench.text import web_url

HEADER: tuple[str, ...] = (
    "id",
    "speaker",
    "said_on",
    "setting",
    "text",
    "verdict",
    "note",
    "reviewer",
    "updated_at",
    "sources",
    "outlets",
    "first_source_url",
    "evidence_count",
)

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """Make a text cell inert in spreadsheets (OWASP CSV injection)."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def _text(value: Any) -> str:
    return "" if value is None else neutralise(str(value))


def _notes(claim: dict[str, Any]) -> str | None:
    """The note of the claim's reviewer (the ``reviewer`` column), then every other reviewer's
    note after a blank line as "reviewer: note"."""
    notes = notes_of(claim)
    if not notes:
        return None
    own = notes[0][1] if notes[0][0] == claim.get("reviewer") else None
    rest = notes[1:] if own is not None else notes
    lines = [f"{reviewer or 'unknown reviewer'}: {note}" for reviewer, note in rest]
    return "\n\n".join([own, *lines] if own is not None else lines)


def claim_row(claim: dict[str, Any], articles: dict[str, dict[str, Any]]) -> list[str | int]:
    """The CSV row of one claim, in ``HEADER`` order."""
    sources = claim_articles(claim, articles)
    first_url = next(filter(None, (web_url(a.get("url")) for a in sources)), "")
    return [
        claim.get("id", ""),
        _text(claim.get("speaker")),
        _text(claim.get("said_on")),
        _text(claim.get("setting")),
        _text(claim.get("text")),
        _text("disputed" if claim.get("disputed") else verdict_of(claim)),
        _text(_notes(claim)),
        _text(claim.get("reviewer")),
        _text(claim.get("updated_at")),
        len(sources),
        _text("; ".join(outlets_of(sources))),
        _text(first_url),
        len(claim.get("evidence") or []),
    ]


def render_csv(doc: dict[str, Any]) -> str:
    """Render the claims of ``doc`` as CSV text starting with a UTF-8 BOM."""
    articles = articles_by_stem(doc)
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(HEADER)
    for claim in doc.get("claims") or []:
        writer.writerow(claim_row(claim, articles))
    return "\ufeff" + buffer.getvalue()
