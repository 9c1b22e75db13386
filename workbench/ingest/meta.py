"""Dates and bylines as news pages print them.

A fact-check timeline needs the publication date and the authors, but saved
pages show them in a few loose shapes ("By A, B and C July 21", "Updated at
2:15 p.m. ET Thursday", "June 13, 2017"). These helpers read those shapes and
return ``None`` rather than guess: a date without a year only becomes an ISO
date when the caller knows the year (for instance from the story file).
"""

from __future__ import annotations

import datetime as _dt
import re

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_MDY = re.compile(
    rf"\b(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>(?:19|20)\d{{2}})\b)?",
    re.IGNORECASE,
)
_DMY = re.compile(
    rf"\b(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH})\.?,?\s+(?P<year>(?:19|20)\d{{2}})\b",
    re.IGNORECASE,
)
_ISO = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})(?!\d)")
_TIME = re.compile(r"\b\d{1,2}:\d{2}\b|\b\d{1,2}\s*[ap]\.?m\.?(?=\W|$)", re.IGNORECASE)
_WEEKDAY = re.compile(r"\b(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\b\.?")

DATE_RE = re.compile(
    rf"{_MDY.pattern}|{_DMY.pattern.replace('(?P<', '(?P<d_')}|{_ISO.pattern.replace('(?P<', '(?P<i_')}",
    re.IGNORECASE,
)


def _iso(year: int | None, month: int, day: int) -> str | None:
    if year is None:
        return None
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_date(text: str, year: int | None = None) -> str | None:
    """Return the first date in ``text`` as ``YYYY-MM-DD``, or ``None``.

    Understands "June 13, 2017", "Jan. 10", "Sept. 5th, 2016", "21 July 2017"
    and "2017-07-21" (also inside an ISO timestamp). A month and day with no
    year use ``year`` when given and are otherwise ``None``: "July 21" alone
    does not say which July.
    """
    found: list[tuple[int, str | None]] = []
    if m := _ISO.search(text):
        found.append((m.start(), _iso(int(m["year"]), int(m["month"]), int(m["day"]))))
    for rx in (_MDY, _DMY):
        if m := rx.search(text):
            month = _MONTHS[m["month"][:3].lower()]
            y = int(m["year"]) if m["year"] else year
            found.append((m.start(), _iso(y, month, int(m["day"]))))
    for _, iso in sorted(found, key=lambda item: item[0]):
        if iso:
            return iso
    return None


_ZONE_OR_FILLER = re.compile(
    r"\b(?:[ECMP][SD]?T|GMT|UTC|BST|CET|CEST|[ap]\.?m\.?|at|on|of|updated|published|posted|"
    r"last|first|modified|today|yesterday|\d+\s+(?:min(?:ute)?s?|hours?|days?)\s+ago)(?=\W|$)",
    re.IGNORECASE,
)


_STAMP_WORDS = frozenset(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
    saturday sunday mon tue tues wed thu thur thurs fri sat sun est edt cst cdt mst mdt pst pdt
    gmt utc bst cet cest updated published posted last first modified today yesterday
    min mins minute minutes hour hours day days ago""".split()
)
_WORD3 = re.compile(r"[^\W\d_]{3,}")


def is_date_only(text: str) -> bool:
    """True when ``text`` holds a date/time stamp and nothing else.

    "Updated at 2:15 p.m. ET Thursday" and "July 21, 2017 | 5:00 PM" are
    stamps; "Published reports on Thursday said ..." is a sentence.
    """
    # Fast reject (this runs on every line): any longer word outside the stamp vocabulary.
    if any(w.lower() not in _STAMP_WORDS for w in _WORD3.findall(text)):
        return False
    if not has_date_or_time(text):
        return False
    rest = DATE_RE.sub(" ", text)
    rest = _TIME.sub(" ", rest)
    rest = _WEEKDAY.sub(" ", rest)
    rest = _ZONE_OR_FILLER.sub(" ", rest)
    return not re.search(r"\w", rest)


def has_date_or_time(text: str) -> bool:
    """True when ``text`` shows a calendar date, a clock time or a weekday."""
    return bool(DATE_RE.search(text) or _TIME.search(text) or _WEEKDAY.search(text))


# --- bylines -------------------------------------------------------------------

_NAME_TOKEN = r"(?:[A-Z][\w'’.-]*|[A-Z]\.|de|da|van|von|der|del|la|le|bin|al-\w+)"
_NAME = rf"{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{0,4}}"
_NAME_RE = re.compile(rf"^{_NAME}$")
_BYLINE_RE = re.compile(r"^\s*By\s+(?P<rest>[A-Z].*)$")
_SPLIT_NAMES = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*")
_META_TAIL = re.compile(
    rf"\s*(?:[|·•—–-]\s*)?(?:(?:Updated|Published|Posted)\b|{_MONTH}\.?\s+\d{{1,2}}\b|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}\s+{_MONTH}\b)",
)


def parse_byline(line: str) -> tuple[list[str], str] | None:
    """Split a "By A, B and C <date>" line into (author names, trailing text).

    Returns ``None`` when the line is not a byline, e.g. "By that point,
    Russian President Vladimir Putin had decided ..." (the words after "By"
    are not a list of capitalised names).
    """
    m = _BYLINE_RE.match(line)
    if not m or len(line) > 200:
        return None
    rest = m["rest"].strip()
    tail = ""
    if t := _META_TAIL.search(rest):
        rest, tail = rest[: t.start()], rest[t.start() :].strip(" |·•—–-")
    rest = rest.strip(" ,;|·•—–-")
    names = [n.strip() for n in _SPLIT_NAMES.split(rest) if n.strip()]
    if not names or not all(_NAME_RE.match(n) for n in names):
        return None
    if any(n.split()[0] in {"The", "That", "This", "Then", "Now", "Early", "Late"} for n in names):
        # "By The time ..." / "By Then ..." style sentence starts, not people;
        # an outlet ("By The Associated Press") is accepted only with "Press/News/Post".
        if not all(re.search(r"\b(?:Press|News|Post|Times|Staff|Reuters)\b", n) for n in names):
            return None
    return names, tail


def join_names(names: list[str]) -> str:
    """Join names the way pages list authors: A; A and B; A, B and C."""
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
