"""Quotation spans inside a paragraph.

News text mixes curly and straight double quotes, single quotes used as
quotation marks ('Total.'), apostrophes (hadn’t, Sessions’), and quotes nested
in quotes (a spokeswoman quoting testimony with ‘…’ inside “…”).  Quotes never
run across paragraphs here: an unclosed quote ends at the paragraph end, which
is how multi-paragraph quotations are typeset.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

_DOUBLE = re.compile(r"[“”\"]")
_SINGLE = re.compile(r"[‘’']")


@dataclass
class Quote:
    """A quotation: ``start``/``end`` include the marks, ``inner_*`` exclude them."""

    start: int
    end: int
    nested: list[Quote] = field(default_factory=list)
    closed: bool = True  # False: it runs to the paragraph's end, which has no closing mark

    @property
    def inner_start(self) -> int:
        return self.start + 1

    @property
    def inner_end(self) -> int:
        return self.end - 1 if self.closed else self.end


def _single_quotes(text: str, start: int, end: int) -> list[Quote]:
    """Single-quoted spans in ``text[start:end]``, telling quotation marks from apostrophes."""
    out: list[Quote] = []
    open_at = -1
    for m in _SINGLE.finditer(text, start, end):
        i = m.start()
        before = text[i - 1] if i > start else " "
        after = text[i + 1] if i + 1 < end else " "
        if before.isalnum() and after.isalnum():
            continue  # apostrophe inside a word: hadn’t, Trump's
        if open_at < 0:
            if m.group() != "’" and not before.isalnum() and not after.isspace():
                open_at = i
        elif m.group() != "‘" and not before.isspace() and not after.isalnum():
            out.append(Quote(open_at, i + 1))
            open_at = -1
    return out


def find_quotes(text: str, start: int, end: int) -> list[Quote]:
    """Top-level quotations in ``text[start:end]`` (one paragraph), with nested ones attached."""
    out: list[Quote] = []
    open_at = -1
    for m in _DOUBLE.finditer(text, start, end):
        ch, i = m.group(), m.start()
        if open_at < 0:
            if ch == "”":
                continue  # stray closer
            open_at = i
        elif ch == "“":
            open_at = i  # unbalanced: restart at the newer opener
        else:
            out.append(Quote(open_at, i + 1))
            open_at = -1
    if open_at >= 0:
        out.append(Quote(open_at, end, closed=False))
    # single quotes: nested inside double ones, or on their own outside them
    gaps_start = start
    singles: list[Quote] = []
    for q in out:
        q.nested = _single_quotes(text, q.inner_start, q.inner_end)
        singles.extend(_single_quotes(text, gaps_start, q.start))
        gaps_start = q.end
    singles.extend(_single_quotes(text, gaps_start, end))
    if singles:
        out = sorted(out + singles, key=lambda q: q.start)
    return out


def mask(text: str, start: int, end: int, quotes: list[Quote]) -> str:
    """``text[start:end]`` with each quotation replaced by ``Q`` plus spaces (offsets kept)."""
    parts = []
    pos = start
    for q in quotes:
        if q.end <= start or q.start >= end:
            continue
        qs, qe = max(q.start, start), min(q.end, end)
        parts.append(text[pos:qs])
        parts.append("Q" + " " * (qe - qs - 1))
        pos = qe
    parts.append(text[pos:end])
    return "".join(parts)
