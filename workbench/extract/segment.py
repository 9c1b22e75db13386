"""Sentence segmentation with character offsets into the article body.

Offsets matter more than linguistic finesse here: every occurrence shown to a
reviewer is ``body[start:end]``, so spans never include surrounding white space
and never cross a paragraph (newline) boundary.  The work is done by two
compiled regular expressions; Python code only runs once per *candidate*
boundary (roughly once per sentence), which keeps this well above 5 MB/s.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from itertools import chain

from .lexicon import CLAUSE_START, MONTHS, WEEKDAYS
from .quotes import find_quotes

# Lines (paragraphs): maximal runs of non-newline characters.
_LINE = re.compile(r"[^\n]+")
# A candidate boundary: terminal punctuation, optional closing quotes/brackets,
# white space, then something that can start a sentence.
_BOUNDARY = re.compile(r"""[.!?]+[”"’')\]]*(?=\s+[“"‘'(\[]*[A-Z0-9])""")
# The word (with inner dots/hyphens) that ends right before a period.
_LAST_WORD = re.compile(r"([\w.’'-]+)\.$")
# After a closing quote: `“… false.” Sessions said.` keeps the attribution with the quote.
_ATTRIB_AFTER = re.compile(
    r"\s+(?:[A-Z][\w’'.-]*\s+){1,3}(?:said|says|added|asked|replied|responded|wrote|told\s+\w+)(?=[\s,.])"
)
# ...unless that attribution reports something of its own: a quotation of its own right
# after the verb (`.” Franken said, “…”`, `said Tuesday, “…”`, `said in a statement: “…”`) or
# a clause right after it (`.” Franken said he …`, `said that …`).  What else trails the
# verb (`said Tuesday, adding that …`, `said in a statement he …`, `said of the meeting,
# which …`) only continues the attribution: the quotation before it is the speaker's.
_OWN_QUOTE = re.compile(r"""[\s,:]*[“"]|\s+[^“",.;:]{1,40}[,:]\s*[“"]""")
_FIRST_WORD = re.compile(r"[\s,]*([\w’'-]+)")

# Abbreviations that end with a period but rarely end a sentence (why: titles,
# US state abbreviations in "D-Minn.", months, "p.m.").
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr st jr sr sen sens rep reps gov govs gen lt col capt sgt cmdr adm prof rev hon pres
    supt det insp atty messrs mt ft no nos vol inc corp co ltd bros
    jan feb mar apr jun jul aug sep sept oct nov dec
    ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo mont neb nev
    okla ore pa tenn tex va vt wash wis wyo
    a.m p.m e.g i.e vs etc approx dept est fig
    """.split()
)


def _is_abbreviation(text: str, dot: int, line_start: int) -> bool:
    """True when the period at ``dot`` closes an abbreviation or an initial, not a sentence."""
    m = _LAST_WORD.search(text, max(line_start, dot - 40), dot + 1)
    if not m:
        return False
    word = m.group(1)
    tail = word.rsplit("-", 1)[-1].lower()  # "Then-Sen" -> "sen", "D-Minn" -> "minn"
    if tail in ABBREVIATIONS:
        return True
    if len(tail) == 1 and tail.isalpha():  # initials: "James B. Comey"
        return True
    # dotted acronyms like "U.S", "D.C", "a.m" (the final dot is the candidate)
    return "." in word and all(len(p) <= 2 for p in word.split(".") if p)


def _has_content(body: str, start: int, end: int) -> bool:
    """Does the rest of an attribution, ``body[start:end]`` after its verb, report something?"""
    if _OWN_QUOTE.match(body, start, end):
        return True
    m = _FIRST_WORD.match(body, start, end)
    if not m:
        return False
    word = m.group(1)
    low = word.lower()
    return low in CLAUSE_START or word[0].isdigit() or (
        word[0].isupper() and low not in MONTHS and low not in WEEKDAYS)


class _LineQuotes:
    """The quotations of one line, found only if a held boundary asks (most lines never do)."""

    __slots__ = ("ends", "quotes")

    def __init__(self, body: str, start: int, end: int) -> None:
        self.quotes = find_quotes(body, start, end)
        self.ends = [q.end for q in self.quotes]

    def opener(self, close_from: int, cut: int) -> int:
        """Start of the quotation whose closing mark lies in ``[close_from, cut)``, or -1."""
        k = bisect_right(self.ends, cut) - 1
        return self.quotes[k].start if k >= 0 and self.ends[k] > close_from else -1


def _split_line(body: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    """Append the sentence spans of one line ``body[start:end]`` to ``out``.

    A boundary after a closing quote followed by an attribution (`“… false.”
    Sessions said.`) is held: it is kept (the attribution belongs to the
    quote) unless the attribution reports something of its own and the
    quotation does not open the line (why: in `Sessions told the committee,
    “…” Franken said, “…”` the second speaker starts a new sentence, while
    in `“…” Sessions said, “…”` opening a paragraph both quotes are his).
    """
    sent_start = start
    held = -1  # a boundary waiting for the end of the attribution after it
    verb_end = close_from = -1
    line_quotes: _LineQuotes | None = None
    for m in chain(_BOUNDARY.finditer(body, start, end), (None,)):  # None: the line end
        stop = m.start() if m else end
        if m and body[stop] == "." and m.end() - stop == 1 and _is_abbreviation(body, stop, start):
            continue
        if held >= 0 and _has_content(body, verb_end, stop):
            line_quotes = line_quotes or _LineQuotes(body, start, end)
            if line_quotes.opener(close_from, held) > start:
                sent_start = _emit(body, sent_start, held, end, out)
        held = -1
        if m is None:
            break
        cut = m.end()
        if body[cut - 1] in "”\"’'":
            attribution = _ATTRIB_AFTER.match(body, cut)
            if attribution:
                held, verb_end, close_from = cut, attribution.end(), stop
                continue
        sent_start = _emit(body, sent_start, cut, end, out)
    if sent_start < end:
        out.append((sent_start, end))


def _emit(body: str, sent_start: int, cut: int, end: int, out: list[tuple[int, int]]) -> int:
    """Append the sentence ``sent_start:cut``; return where the next one starts."""
    out.append((sent_start, cut))
    while cut < end and body[cut].isspace():
        cut += 1
    return cut


def split_sentences(body: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` sentence spans into ``body``, stripped of white space."""
    out: list[tuple[int, int]] = []
    for line in _LINE.finditer(body):
        s, e = line.span()
        while s < e and body[s].isspace():
            s += 1
        while e > s and body[e - 1].isspace():
            e -= 1
        if s < e:
            _split_line(body, s, e, out)
    return out


def paragraphs(body: str) -> list[tuple[int, int]]:
    """Return the non-blank lines of ``body`` as stripped spans (news paragraphs are lines)."""
    out = []
    for line in _LINE.finditer(body):
        s, e = line.span()
        while s < e and body[s].isspace():
            s += 1
        while e > s and body[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
    return out
