"""Passages of one article whose text two files hold differently, moved onto one text.

Two reviewers' files hold the same article (same bytes, same SHA-256) but
may have cleaned it differently, when one was imported by an older version
of the workbench (a later one strips characters an older one kept). Their
offsets then point at different text. Before ``workbench merge`` compares
passages, every passage of a later file whose article text differs from the
first file's is moved onto the first file's text by aligning the two texts;
a passage that does not come out as the same words refuses the merge, in one
line naming the file, rather than pointing evidence at the wrong words.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from workbench.errors import WorkbenchError


def _mapper(old: str, new: str) -> Callable[[int, int], tuple[int, int]]:
    """A span ``(start, end)`` of ``old`` → the span of ``new`` holding its shared characters.

    The start goes where its first character went; the end right after where its
    last character went: text the other file has just past the span (or just
    before it) stays out, whichever file holds it.
    """
    blocks = [b for b in SequenceMatcher(None, old, new, autojunk=False).get_matching_blocks() if b.size]
    starts = [b.a for b in blocks]

    def move(pos: int, after: int) -> int:
        """Where the character at ``pos`` went, plus ``after`` (1 for an end); a character
        ``new`` lacks goes just after the shared text before it."""
        k = bisect_right(starts, pos) - 1
        if k < 0:
            return 0
        a, b, size = blocks[k]
        return b + min(pos - a + after, size)

    def span(start: int, end: int) -> tuple[int, int]:
        first = move(start, 0)
        return (first, max(first, move(end - 1, 1))) if end > start else (first, first)

    return span


def _passages(doc: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for c in [*doc["claims"], *(doc.get("merged_claims") or [])]:
        yield from c.get("occurrences") or []
        yield from c.get("evidence") or []


def align_bodies(docs: list[dict[str, Any]], inputs: list[Path]) -> None:
    """Move later files' passages onto the first file's text of each article (in place)."""
    first: dict[str, str] = {}
    for doc, path in zip(docs, inputs, strict=True):
        moved: dict[Any, tuple[str, Callable[[int, int], tuple[int, int]]]] = {}
        for a in doc["articles"]:
            body = first.setdefault(a["sha256"], a["body"])
            if body != a["body"]:
                moved[a["id"]] = (body, _mapper(a["body"], body))
                a["body"] = body
        if not moved:
            continue
        for p in _passages(doc):
            if p.get("article_id") not in moved:
                continue
            body, span = moved[p["article_id"]]
            start, end = span(p["start"], p["end"])
            if " ".join(body[start:end].split()) != " ".join(str(p.get("text", "")).split()):
                raise WorkbenchError(
                    f"article {p.get('article')!r} was cleaned differently (imported by another version"
                    f" of the workbench) and a passage no longer matches its text: {p.get('text')!r}", path)
            p["start"], p["end"], p["text"] = start, end, body[start:end]
