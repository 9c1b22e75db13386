"""Small text helpers shared by the store's messages and the screens (no Textual, no SQL)."""

from __future__ import annotations


def one_line(text: str, limit: int) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
