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

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from difflib import SequenceMatcher
from itertools import accumulate
from pathlib import Path
from typing import Any

from workbench.errors import WorkbenchError
from workbench.merge_parts import all_claims

Block = tuple[int, int, int]  # (start in old, start in new, length): characters the two texts share
# Coarser grains first: paragraphs (a line with the blank lines after it), sentences (up to a
# stop and what clings to it), words; characters only within what those leave unmatched.
GRAINS = tuple(re.compile(unit) for unit in (r"[^\n]*\n+|[^\n]+", r"[^.!?]*[.!?]+\S*\s*|[^.!?]+", r"\s*\S+\s*|\s+"))
BY_CHARACTER = 250_000  # at most this many character pairs compared at once (length x length)


def _shared(old: str, new: str) -> list[Block]:
    """The blocks ``old`` and ``new`` share, in order, in time near linear in their length.

    Comparing characters costs length squared (minutes for 100 KB), so the common
    beginning and end are taken first, then the middle is matched by paragraph,
    then by sentence, then by word, and characters are compared only within what
    differs (or where a stretch is short: at most BY_CHARACTER pairs).
    """
    out: list[Block] = []
    _align(old, 0, len(old), new, 0, len(new), 0, out)
    return out


def _align(old: str, a0: int, a1: int, new: str, b0: int, b1: int, grain: int, out: list[Block]) -> None:
    head = _common(lambda n: old[a0:a0 + n] == new[b0:b0 + n], min(a1 - a0, b1 - b0))
    if head:
        out.append((a0, b0, head))
        a0, b0 = a0 + head, b0 + head
    tail = _common(lambda n: old[a1 - n:a1] == new[b1 - n:b1], min(a1 - a0, b1 - b0))
    a1, b1 = a1 - tail, b1 - tail
    if a0 < a1 and b0 < b1:
        if grain == len(GRAINS) or (a1 - a0) * (b1 - b0) <= BY_CHARACTER:
            out.extend((a0 + m.a, b0 + m.b, m.size) for m in SequenceMatcher(
                None, old[a0:a1], new[b0:b1], autojunk=(a1 - a0) * (b1 - b0) > 100 * BY_CHARACTER,
            ).get_matching_blocks() if m.size)
        else:
            _by_units(old, a0, a1, new, b0, b1, grain, out)
    if tail:
        out.append((a1, b1, tail))


def _common(same: Callable[[int], bool], most: int) -> int:
    """The largest ``n <= most`` with ``same(n)`` (true up to some length, false past it)."""
    lo, hi = 0, most
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if same(mid):
            lo = mid
        else:
            hi = mid - 1
    return lo


def _by_units(old: str, a0: int, a1: int, new: str, b0: int, b1: int, grain: int, out: list[Block]) -> None:
    """Match whole units (paragraphs, sentences or words), then align each stretch of units that differ
    at the next grain."""
    units = [GRAINS[grain].findall(old, a0, a1), GRAINS[grain].findall(new, b0, b1)]
    at = [[*accumulate(map(len, u), initial=first)] for u, first in zip(units, (a0, b0), strict=True)]
    for op, i0, i1, j0, j1 in SequenceMatcher(None, *units, autojunk=False).get_opcodes():
        if op == "equal":
            out.append((at[0][i0], at[1][j0], at[0][i1] - at[0][i0]))
        elif op == "replace":
            _align(old, at[0][i0], at[0][i1], new, at[1][j0], at[1][j1], grain + 1, out)


def _mapper(old: str, new: str) -> Callable[[int, int], tuple[int, int]]:
    """A span ``(start, end)`` of ``old`` → the span of ``new`` holding its shared characters.

    The start goes where its first character went; the end right after where its
    last character went: text the other file has just past the span (or just
    before it) stays out, whichever file holds it.
    """
    blocks = _shared(old, new)
    starts = [a for a, _, _ in blocks]

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
    for c in all_claims(doc):
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
