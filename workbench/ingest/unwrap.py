"""Hard-wrapped plain text back into paragraphs, before the article is cleaned.

Why: text saved from mail, a terminal or ``fold`` breaks every paragraph into
lines of ~72 characters. The cleaner and the sentence splitter read a line
break as the end of a line of the page (a headline, a caption, a list item),
so a statement wrapped over two lines was lost (``Sessions said, "I never
met the`` / ``Russian ambassador at all."`` gave no quotation), the first
line of a wrapped paragraph became the headline, and furniture spread over
two lines was no longer recognised. Unwrapping happens on the text as read,
so the stored body (which every offset points into) is the unwrapped one; the
file's hash is of its raw bytes and does not change.

Pages saved from the web (the bundled articles) keep one paragraph a line
and put a caption or a headline right under another line; those breaks are
real, and such a text comes back unchanged (its stored body, and so every
offset into it, is what it always was). A text counts as hard-wrapped only
when its lines look filled to a width: the lines followed by another line
(the breaks in question) are at most ``MAX_WIDTH`` long, most of them are
"full" (the next line's first word would not have fit on them; or, for a
wrapper that aims below the width such as GNU ``fmt``, they reach near the
width), few of them end a sentence (a list or a log of one sentence a line
is not wrapped prose) or are all of one length (a line repeated, records),
and hardly any line is longer than they are. Then a
line break inside a paragraph (blank lines separate paragraphs) becomes a
space where the line was wrapped; a short line (the end of a paragraph, a
caption) and a line before a list item, a quotation or a heading keep their
break.
"""

from __future__ import annotations

import re

MAX_WIDTH = 160  # wider than any wrap width in use (72, 80, 100, 132)
# Of the lines followed by another line: how many must be full for a greedy wrapper (fold,
# textwrap, editors: every wrapped line is full, a short one ends a paragraph or a caption) ...
_GREEDY_SHARE = 0.9
_RAGGED_FILL = 0.75  # ... else a line this near the width counts as wrapped too (fmt, par)
_WRAPPED_SHARE = 0.5  # and at least this many must be wrapped for the text to be
_OVERLONG_SHARE = 0.1  # of all lines: a URL or a table row left unwrapped
_SLACK = 2  # a final line may run a space or two past the widest wrapped line
# A line that starts a block of its own in Markdown and in plain-text lists:
# a list item, a quotation, a heading, a table row, a link definition.
_BLOCK_START = re.compile(r"\s*(?:[-*+•>#|]|\d{1,3}[.)]|\[[^\]\n]+\]:)(?:\s|$)")
_EVEN_SHARE = 0.5  # wrapped prose has few lines exactly as long as the longest
_ENDS_SHARE = 0.5  # wrapped prose ends few lines at the end of a sentence
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*$")
# Below this many line breaks the widest line is a poor guess of the width ("Headline" over a
# one-line article would count as full): a break also needs the line to stop mid-sentence.
_FEW = 3
_MID_SENTENCE = re.compile(r"(?:\b[a-z][\w’'-]*|[,;“‘(\-—])$")  # "… I never met the", "…, that"
_OWN_LINE = re.compile(r"\s*[#|]")  # a heading or a table row: nothing joins onto its end
_HYPHENATED = re.compile(r"[^\W\d_]-$")  # "so-" + "called": a word broken at its hyphen


def unwrap(text: str) -> str:
    """``text`` with the line breaks of hard wrapping made spaces (see the module docstring).

    Text that does not look hard-wrapped comes back as it is (the same object).
    """
    if "\n" not in text:
        return text
    lines = text.split("\n")
    stripped = [ln.rstrip() for ln in lines]
    inner = [i for i in range(len(lines) - 1) if stripped[i].strip() and stripped[i + 1].strip()]
    if not inner:
        return text
    width = max(len(stripped[i]) for i in inner)
    if width > MAX_WIDTH:  # checked first: the usual page has a long line followed by another
        return text
    if len(inner) >= _FEW and sum(1 for i in inner if len(stripped[i]) == width) > _EVEN_SHARE * len(inner):
        return text  # lines of one length (repeated lines, fixed-width records): wrapping is ragged
    width_bytes = max(len(stripped[i].encode()) for i in inner)
    filled = [i for i in inner if _full(stripped[i], lines[i + 1], width, width_bytes)]
    if len(filled) < _GREEDY_SHARE * len(inner):
        # Not every wrapped line is full: an optimal-fit wrapper (GNU fmt, par) aims below
        # the width. Then a line near the width is wrapped too.
        filled = [i for i in inner if len(stripped[i]) >= _RAGGED_FILL * width or i in filled]
    if len(filled) < _WRAPPED_SHARE * len(inner):
        return text
    if sum(1 for i in inner if _SENTENCE_END.search(stripped[i])) > _ENDS_SHARE * len(inner):
        return text  # one sentence a line (a log, a list): wrapping ends lines anywhere
    present = [s for s in stripped if s.strip()]
    overlong = sum(1 for s in present if len(s) > width + _SLACK and len(s.encode()) > width_bytes + _SLACK)
    if overlong > _OVERLONG_SHARE * len(present):
        return text
    soft = {i for i in filled if not _BLOCK_START.match(lines[i + 1]) and not _OWN_LINE.match(lines[i])}
    if len(inner) < _FEW:  # the width is a guess: only a line that stops mid-sentence was wrapped
        soft = {i for i in soft if _MID_SENTENCE.search(stripped[i])}
    if not soft:
        return text
    out: list[str] = []
    for i, line in enumerate(lines):
        if i in soft:
            line = stripped[i]
        if i - 1 in soft:
            line = line.lstrip()
        if i not in soft:
            out.append(line + "\n")
        elif _HYPHENATED.search(line) and lines[i + 1].lstrip()[:1].isalpha():
            out.append(line)
        else:
            out.append(line + " ")
    return "".join(out)[:-1]


def _full(line: str, following: str, width: int, width_bytes: int) -> bool:
    """Would the next line's first word have fitted on ``line``? (Not: it was wrapped there.)

    Measured in characters and in UTF-8 bytes (``fold`` counts bytes, most
    editors characters): full in either means wrapped.
    """
    word = following.split(None, 1)[0]
    return (len(line) + 1 + len(word) > width
            or len(line.encode()) + 1 + len(word.encode()) > width_bytes)
