"""From a saved page's text to the article body every stored offset points into.

Saved news pages carry the outlet's chrome (browser warnings, share bars,
photo credits, "The Latest" rails, author bios) and markdown leftovers
(``[Sessions said in March](#)``). Extraction must not find statements in
that chrome, and the reviewer should read only the article, so
:func:`clean_article` removes it, moves the headline, byline and date into
fields of their own, and normalises whitespace. It works line by line and
keeps the page's paragraphs; every removed line is listed in
``CleanedArticle.removed`` so a wrong removal is visible in tests and debug
output instead of silently losing reporting.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from . import furniture as fu
from .decode import holds_any, strip_controls
from .html_text import html_to_text
from .meta import join_names, parse_byline, parse_date
from .unwrap import unwrap

FORMATS = frozenset({"txt", "md", "html"})
_HEAD_LINES = 12  # byline, kicker and date lines live near the top
_MAX_TITLE_REPEATS = 2  # more repeats than this and the "headline" is body text
_CREDIT_REACH = 2  # a doubled caption sits at most this many lines above/below its credit


@dataclass
class CleanedArticle:
    """An article body without site furniture, and what was found around it."""

    body: str  # the cleaned article text
    title: str | None  # found from the text
    byline: str | None  # e.g. "Adam Entous, Ellen Nakashima and Greg Miller"
    published: str | None  # ISO date if the text shows one with a year
    removed: list[str] = field(default_factory=list)  # furniture lines removed (tests/debug)


@dataclass
class _Line:
    text: str
    block: int  # paragraph number in the source: lines of one block stay together
    keep: bool = True


# --- markdown -------------------------------------------------------------------

# Bounded so a stray "[x](" on a 5 MB line cannot make the scan quadratic.
_IMAGE = re.compile(r"!\[[^\]\n]{0,500}\]\((?:[^()\n]|\([^()\n]{0,200}\)){0,2000}\)")
_LINK = re.compile(r"\[([^\]\n]{0,500})\]\((?:[^()\n]|\([^()\n]{0,200}\)){0,2000}\)")
_REF_LINK = re.compile(r"\[([^\]\n]+)\]\[[^\]\n]*\]")
_REF_DEF = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s+\S+.*$", re.MULTILINE)
_HEADING = re.compile(r"^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$", re.MULTILINE)
_QUOTE_MARK = re.compile(r"^ {0,3}>\s?", re.MULTILINE)
_RULE = re.compile(r"^ {0,3}(?:[-*_] *){3,}$", re.MULTILINE)
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n(?:---|\.\.\.)\n", re.DOTALL)


def _unlink(text: str) -> str:
    """Markdown links become their text and images vanish, in every format.

    Pages copied through a "reader view" keep ``[words](url)`` even in .txt
    files; a bracket not followed by ``(`` (an editor's ``[Sessions]``
    insertion in a quote) is left alone.
    """
    text = _IMAGE.sub("", text)
    return _LINK.sub(r"\1", text)


def _markdown(text: str) -> tuple[str, dict[str, str]]:
    """Strip markdown structure that is not prose; return (text, front matter)."""
    front: dict[str, str] = {}
    if m := _FRONT_MATTER.match(text):
        for line in m[1].splitlines():
            key, sep, value = line.partition(":")
            if sep and value.strip():
                front[key.strip().lower()] = value.strip().strip("'\"")
        text = text[m.end() :]
    text = unwrap(text)  # after the front matter, whose lines are fields
    text = _COMMENT.sub("", text)
    text = _REF_DEF.sub("", text)
    text = _REF_LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _RULE.sub("", text)
    text = _HEADING.sub(r"\1", text)
    text = _QUOTE_MARK.sub("", text)
    return _STRONG.sub(r"\2", text), front


# --- lines ----------------------------------------------------------------------

_HSPACE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# What _HSPACE would change (a single plain space it leaves as it is): most lines have none.
_ODD_SPACE = re.compile(r"[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]|  ")
_ODD_SPACE_CHAR = re.compile(r"[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_NON_WORD = re.compile(r"\W+")
_WORD = re.compile(r"\w+")


def _split(text: str) -> list[_Line]:
    lines: list[_Line] = []
    block = 0
    # why: two fast scans of the text (a substring, a character class over its
    # few unusual characters) instead of a regex per line
    odd = "  " in text or holds_any(_ODD_SPACE_CHAR, text)
    for raw in text.split("\n"):
        line = (_HSPACE.sub(" ", raw) if odd and _ODD_SPACE.search(raw) else raw).strip()
        if not line:
            block += 1
            continue
        line = fu.strip_inline_furniture(line)
        if line:
            lines.append(_Line(line, block))
    return lines


def _norm(s: str) -> str:
    return _NON_WORD.sub(" ", s).strip().casefold()


def _may_be(line: str, head: str) -> bool:
    """Can ``_norm(line)`` start with ``head`` (the first word of a normalised text)?

    ``_norm`` joins the runs of word characters with single spaces and case
    folds them character by character (never adding a space), so its first
    word is the line's first run, folded. Only that run is looked at, not the
    whole line.
    """
    m = _WORD.search(line)
    return m[0].casefold() == head if m else head == ""


def _is_headline(line: str) -> bool:
    """A headline: a few words, not a sentence ending in "word." and not a byline."""
    words = line.split()
    return (
        2 <= len(words) <= 40
        and len(line) <= 250
        and not re.search(r"[a-z]{2}\.[\"'”’)]*$", line)
        and not line.startswith("By ")
    )


def _is_kicker(line: str) -> bool:
    """A section label above a headline ("The Slatest", "National Security")."""
    return len(line.split()) <= 4 and not re.search(r"[.!?,:;\"“”]", line)


# --- main -----------------------------------------------------------------------


def clean_field(value: str | None) -> str | None:
    """A metadata value (title, outlet, byline, a story or subject name) as one plain line.

    Why: metadata is printed on one line by ``stats``, ``timeline`` and the
    review screen, so it gets the body's :func:`strip_controls` (terminal
    escape sequences removed whole, C0/C1 controls, zero-width and bidi
    characters removed) and its line breaks and runs of spaces become one
    space. Nothing visible left gives ``None``, as a missing value.
    """
    if value is None:
        return None
    return " ".join(strip_controls(value).split()) or None


def clean_article(text: str, fmt: str = "txt", *, year: int | None = None) -> CleanedArticle:
    """Clean one article; ``fmt`` is ``"txt"``, ``"md"`` or ``"html"``.

    ``year`` (optional, e.g. from the story file) completes dates printed
    without a year, such as the "July 21" in a byline; without it such dates
    give ``published=None``.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown article format {fmt!r}; expected one of {sorted(FORMATS)}")
    text = strip_controls(text)
    title = byline = published = None
    if fmt == "html":
        # Entities (&#x202e;) are unescaped only now, after the strip above: strip what they gave.
        extract = html_to_text(text)
        text, title, byline, published = (
            strip_controls(extract.text),
            clean_field(extract.title),
            clean_field(extract.byline),
            extract.published,
        )
    elif fmt == "md":
        text, front = _markdown(text)  # unwrapped in there
        title = front.get("title")
        byline = front.get("author") or front.get("authors") or front.get("byline")
        published = parse_date(front.get("date") or front.get("published") or "", year)
    else:
        text = unwrap(text)  # a hard-wrapped paragraph is one line of the page (see unwrap)
    lines = _split(_unlink(text))
    removed: list[tuple[int, str]] = []

    def drop(i: int) -> None:
        if lines[i].keep:
            lines[i].keep = False
            removed.append((i, lines[i].text))

    def kept() -> list[int]:
        return [i for i, ln in enumerate(lines) if ln.keep]

    # 1. Whole-line furniture; date lines near the top also inform `published`.
    head_dates: list[str] = []
    credits: list[int] = []
    for i, ln in enumerate(lines):
        if fu.is_metadata_line(ln.text):
            if i < _HEAD_LINES and (d := parse_date(ln.text, year)):
                head_dates.append(d)
            drop(i)
        elif fu.is_furniture(ln.text, dates=False):
            if fu.is_credit(ln.text):
                credits.append(i)
            drop(i)

    # 2. The "The Latest"/"Related" rail: its heading and everything after it,
    #    only in the second half of the text so a mid-article heading survives.
    total = sum(len(lines[i].text) for i in kept())
    seen = 0
    for i in kept():
        if fu.is_rail_heading(lines[i].text) and seen >= total / 2:
            for j in range(i, len(lines)):
                drop(j)
            break
        seen += len(lines[i].text)

    # 3. Headline: the first substantial line, after any section kicker.
    title_idx: int | None = None
    order = kept()
    if title is not None:
        for i in order[:_HEAD_LINES]:
            if _norm(lines[i].text) == _norm(title):
                title_idx = i
                break
    elif order and not _repeated(lines, order, 0):
        # A headline needs text below it: the only line left is the article itself.
        def headline(i: int) -> bool:
            return _is_headline(lines[i].text) and any(j > i for j in order)

        first = order[0]
        if (len(order) > 1 and _is_kicker(lines[first].text) and headline(order[1])
                and not _repeated(lines, order, 1)):
            drop(first)  # the kicker goes only with a headline under it (else it may be the headline)
            first = order[1]
        if headline(first):
            title_idx, title = first, lines[first].text
    if title_idx is not None:
        lines[title_idx].keep = False
    if title:
        # The page often repeats its headline once or twice (a share bar, an
        # <h1> under the <title>). A line that repeats more often than that is
        # the text itself (a log, a list of identical lines) and stays.
        norm_title = _norm(title)
        # A line normalises to the title only if its first word is the title's:
        # that test is cheap, the normalisation a regex pass over the line.
        head = norm_title.split(" ", 1)[0]
        repeats = [i for i in kept() if _may_be(lines[i].text, head) and _norm(lines[i].text) == norm_title]
        if len(repeats) <= _MAX_TITLE_REPEATS:
            for i in repeats:
                drop(i)

    # 4. Byline ("By A, B and C July 21") near the top.
    authors: list[str] = []
    for i in kept()[:6]:
        parsed = parse_byline(lines[i].text)
        if parsed:
            authors, tail = parsed
            byline = join_names(authors)
            published = published or parse_date(tail, year)
            lines[i].keep = False
            break
    if not authors and byline:
        authors = [n for n in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", byline) if n]
    published = published or (head_dates[0] if head_dates else None)

    # 5. Photo captions: run-on credits, a line right above a credit line, and
    #    a caption printed twice (image alt text plus figcaption).
    for i in kept():
        if fu.split_glued_credit(lines[i].text):
            drop(i)
    _drop_doubled_lines(lines, kept(), credits, drop)
    for c in credits:
        prev = c - 1
        if prev >= 0 and prev != title_idx and lines[prev].keep:
            cap = lines[prev].text
            if fu.looks_like_caption(cap) and re.search(r"[.!?)]$", cap) and not parse_byline(cap):
                drop(prev)

    # 6. Trailing author bios and promos, walking back from the end.
    for i in reversed(kept()):
        if fu.is_author_bio(lines[i].text, authors):
            drop(i)
        else:
            break

    body = _join([ln for ln in lines if ln.keep])
    return CleanedArticle(
        body=body,
        title=title,
        byline=byline,
        published=published,
        removed=[t for _, t in sorted(removed)],
    )


def _repeated(lines: list[_Line], order: list[int], k: int) -> bool:
    """Line ``order[k]`` repeats word for word right below: body text (a log, a list), not a headline."""
    text = lines[order[k]].text
    following = [lines[i].text for i in order[k + 1 : k + 1 + _MAX_TITLE_REPEATS]]
    return len(following) == _MAX_TITLE_REPEATS and all(t == text for t in following)


def _drop_doubled_lines(
    lines: list[_Line], order: list[int], credits: list[int], drop: Callable[[int], None]
) -> None:
    """A line printed exactly twice in a row (image alt text plus figcaption, a pull quote).

    Only a run of exactly two identical lines counts: the second copy goes,
    and the first too when it is a short caption-like line next to a photo
    credit. Three or more identical lines in a row are the text itself (a
    chant, a log, a list) and are all kept, so no input loses every line.
    """
    credit_set = set(credits)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and lines[order[j + 1]].text == lines[order[i]].text:
            j += 1
        if j - i == 1 and len(lines[order[i]].text) >= 20:
            a, b = order[i], order[j]
            drop(b)
            near_credit = any(
                c in credit_set for c in (*range(a - _CREDIT_REACH, a), *range(b + 1, b + 1 + _CREDIT_REACH))
            )
            if near_credit and fu.looks_like_caption(lines[a].text):
                drop(a)
        i = j + 1


def _join(lines: list[_Line]) -> str:
    """Lines of one source paragraph join with a newline, paragraphs with a blank line."""
    out: list[str] = []
    prev_block: int | None = None
    for ln in lines:
        if prev_block is not None:
            out.append("\n" if ln.block == prev_block else "\n\n")
        out.append(ln.text)
        prev_block = ln.block
    return "".join(out)
