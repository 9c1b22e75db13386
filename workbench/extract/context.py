"""When and where a statement was made, as far as the article text says.

Only what the text gives is used: "Jan. 10" gives a day, "in March" or "a
March appearance" a month (year taken from the publication date, stepping back
a year when the month lies after it), "last month" the month before
publication, a weekday the most recent such day.  Settings are the noun phrase
naming the occasion ("his Senate confirmation hearing", "testimony before the
Senate Intelligence Committee", "a brief statement issued by the Justice
Department").  Grouping uses both to keep statements made on different
occasions apart.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from .lexicon import MONTHS, WEEKDAYS

_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
_DAY_DATE = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:,\s*(\d{{4}}))?\b")
_MONTH_ONLY = re.compile(
    rf"\b(?:in|since|during|early|late|mid-|last|this|on|from)\s+({_MONTH})\b(?!\.?\s+\d)|\b({_MONTH})\s+(?=(?:appearance|testimony|hearing|interview|statement|speech|remarks|briefing|letter|tweet|press)\b)"
)
_LAST_MONTH = re.compile(r"\blast month\b", re.I)
_WEEKDAY = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_YEAR = re.compile(r"\bin (20\d\d|19\d\d)\b")
# Something every pattern above needs (a month or weekday name, "last month", "in 19xx/20xx"):
# most attributions name no date, and one scan is cheaper than five.
# \b(?:Jan|Feb|Ma[ry]|Apr|Ju[ln]|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun|(?i:last month)|in (?:19|20)\d\d),
# grouped by first letter and written to scan for that letter (twice as fast; only whether it occurs is used).
_DATE_HINT = re.compile(
    r"[JFMASONDTWlLi](?<!\w[JFMASONDTWlLi])(?:(?<=J)(?:an|u[ln])|(?<=F)(?:eb|ri)|(?<=M)(?:a[ry]|on)"
    r"|(?<=A)(?:pr|ug)|(?<=S)(?:ep|at|un)|(?<=O)ct|(?<=N)ov|(?<=D)ec|(?<=T)(?:ue|hu)|(?<=W)ed"
    r"|(?i:(?<=l)ast month)|(?<=i)n (?:19|20)\d\d)"
)

_NOUNS = (
    r"hearings?|testimony|interview|statement|press conference|news conference|appearance|speech|"
    r"remarks|briefing|tweet|post|letter|op-ed|rally|debate|address|deposition|podcast|memo"
)
# The preposition is \b(?i:at|in|during|before|from|on|by), written with its first letter as a class
# (every character that matches one of a, i, d, b, f, o without case) so that a search skips to it.
_AT = "[aAiIİıdDbBfFoO]"
SETTING = re.compile(
    rf"{_AT}(?<!\w{_AT})(?i:(?<=a)t|(?<=i)n|(?<=d)uring|(?<=b)efore|(?<=f)rom|(?<=o)n|(?<=b)y)\s+((?:(?i:his|her|their|its|a|an|the|that|this|same)\s+)*"
    rf"(?:[A-Za-z][\w’'-]*\s+){{0,3}}?(?:{_NOUNS}))\b"
    rf"((?:\s+(?:before|to|with|on|at|issued by|released by|by)\s+(?:the\s+)?(?:[A-Z][\w’'.-]*\s*)+)?)"
)
ANAPHORIC = re.compile(r"^(?:that|this|the same)\b|\bin (?:his|her|their) (?:reply|response|answer)\b", re.I)
_CATEGORY = {
    "hearing": "testimony", "hearings": "testimony", "testimony": "testimony", "deposition": "testimony",
    "interview": "interview", "appearance": "interview", "podcast": "interview",
    "statement": "statement", "letter": "statement", "memo": "statement", "op-ed": "statement",
    "tweet": "post", "post": "post",
}
_GENERIC = frozenset(
    "his her their its a an the that this same extensive brief recent public written new televised "
    "before to with on at issued released by".split()
)


def _pub(published: str | None) -> date | None:
    try:
        return date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None


def _year_for(month: int, pub: date | None) -> int | None:
    if pub is None:
        return None
    return pub.year - 1 if month > pub.month else pub.year


def _day(year: int, month: int, day: int) -> str:
    """``YYYY-MM-DD``, or ``YYYY-MM`` when there is no such day ("June 31", "Dec. 51": a typo,
    or a number that is not a day; the month stands, a day the calendar lacks never reaches
    the timeline and the exports)."""
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return f"{year:04d}-{month:02d}"


def find_date(text: str, published: str | None) -> str | None:
    """The statement date given by ``text`` (attribution part only), as an ISO prefix."""
    if not _DATE_HINT.search(text):
        return None
    pub = _pub(published)
    m = _DAY_DATE.search(text)
    if m:
        month = MONTHS[m.group(1).lower()]
        year = int(m.group(3)) if m.group(3) else _year_for(month, pub)
        if year:
            return _day(year, month, int(m.group(2)))
    m = _MONTH_ONLY.search(text)
    if m:
        month = MONTHS[(m.group(1) or m.group(2)).lower()]
        year = _year_for(month, pub)
        return f"{year:04d}-{month:02d}" if year else None
    if pub and _LAST_MONTH.search(text):
        first = pub.replace(day=1) - timedelta(days=1)
        return f"{first.year:04d}-{first.month:02d}"
    m = _WEEKDAY.search(text)
    if pub and m:
        back = (pub.weekday() - WEEKDAYS[m.group(1).lower()]) % 7
        return (pub - timedelta(days=back)).isoformat()
    m = _YEAR.search(text)
    return m.group(1) if m else None


def find_setting(text: str) -> str | None:
    """The occasion named in ``text`` ("his Senate confirmation hearing"), or None."""
    m = SETTING.search(text)
    if not m:
        return None
    phrase = (m.group(1) + m.group(2)).strip()
    return " ".join(phrase.split())


@lru_cache(maxsize=4096)
def setting_key(setting: str | None) -> tuple[str, frozenset[str]] | None:
    """(category, qualifier words) used to compare settings."""
    if not setting:
        return None
    words = [w.strip(".,’'").lower() for w in setting.split()]
    cat = ""
    for w in words:
        if w in _CATEGORY:
            cat = _CATEGORY[w]
        elif w in ("conference", "speech", "remarks", "briefing", "rally", "debate", "address"):
            cat = "speech"
    quals = frozenset(w for w in words if w not in _GENERIC and w not in _CATEGORY and w not in MONTHS)
    return cat, quals


@lru_cache(maxsize=65536)
def settings_compatible(a: str | None, b: str | None) -> bool:
    """False only when both settings are known and name different occasions.

    Cached (why: grouping compares the same few hundred settings pairwise for
    every candidate claim).
    """
    ka, kb = setting_key(a), setting_key(b)
    if ka is None or kb is None:
        return True
    if ka[0] != kb[0]:
        return False
    qa, qb = ka[1], kb[1]
    if not qa or not qb or qa <= qb or qb <= qa:
        return True
    return len(qa & qb) / len(qa | qb) >= 0.5


def dates_compatible(a: str | None, b: str | None) -> bool:
    """Dates agree when one is a prefix of the other (a month contains its days)."""
    if not a or not b:
        return True
    return a.startswith(b) or b.startswith(a)
