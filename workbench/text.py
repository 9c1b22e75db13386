"""Small text helpers shared by the store's messages and the screens (no Textual, no SQL)."""

from __future__ import annotations

import re
from typing import Any

_WEB = re.compile(r"https?://[^\s/]", re.IGNORECASE)


def one_line(text: str, limit: int) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def web_url(url: Any) -> str | None:
    """``url`` if it is an http(s) address, else None. Why: an article's address goes where a
    reader's program follows it (ClaimReview's url, the CSV's first source, Markdown links);
    a ``javascript:`` or ``file:`` address must not (a story file's is refused at import)."""
    value = str(url).strip() if url else ""
    return value if _WEB.match(value) else None
