"""Recognise site furniture: the lines a saved web page carries that are not the article.

Each rule is a pattern for a *kind* of line (a browser warning, a share
button, a copyright footer, a photo credit, an author bio) rather than the
exact strings seen in the bundled fixtures, so coverage saved from other
outlets is cleaned too. Rules are deliberately narrow: a line is furniture only
when it is short and matches as a whole, because losing one sentence of
reporting is worse than keeping one stray "Learn more".
"""

from __future__ import annotations

import re

from .meta import is_date_only

_I = re.IGNORECASE

# Whole-line patterns (matched against the stripped line), joined into one
# regex below so each line costs one match, not one per pattern.
_FURNITURE_PATTERNS: tuple[tuple[str, int], ...] = (
    (r"your (?:[\w.'’-]+ ){0,3}news source\.?", _I),
    (r"(?:IE|Internet Explorer)\s*\d*\s+is (?:not|no longer) supported\b.*", _I),
    (r"(?:this|your) browser is (?:not|no longer) supported\b.*", _I),
    (r"the slatest", _I),
    (r"SHARE\b.*", 0),  # the all-caps share bar, often followed by the headline
    (r"share(?: (?:this|the) (?:article|story|page))?(?: (?:on|via) [\w ]{1,20})?\.?", _I),
    (r"(?:share|send) (?:us )?(?:news |story )?tips\b.{0,60}", _I),
    (r"do you have information the public should know\?.*", _I),
    (r".{0,80}\bsecurely (?:send|share) (?:us )?information\b.*", _I),
    (r"(?:copyright|©|\(c\))\s*©?\s*\d{4}\b.{0,150}", _I),
    (r"©.{0,80}|all rights reserved\.?", _I),
    (r"to see more, visit\b.*", _I),
    (
        r"(?:learn|read|see|show) (?:more|less)\.?|continue reading\.?|advertisement"
        r"|skip to (?:main )?content|sign up(?: now)?\.?|subscribe(?: now)?\.?|log ?in|sign in"
        r"|toggle (?:more options|navigation)|close (?:menu)?|menu|search|download|embed"
        r"|transcript|listen(?: to this article)?\s*(?:·?\s*\d+:\d+)?(?: min)?",
        _I,
    ),
    (r"🐦?\s*follow @\w{1,30}\.?", _I),
    (r"(?:photo|image)s?:?\s*(?:by\s+)?[\w .'’-]{1,40}/[\w .'’&-]{1,40}", _I),
)
_FURNITURE = re.compile(
    "|".join(f"(?i:{p})" if flags else f"(?:{p})" for p, flags in _FURNITURE_PATTERNS)
)

# Photo credits: "Alex Brandon/AP", "MOLLY RILEY / AFP - Getty Images", "Getty Images".
_AGENCY = (
    r"(?:AP(?: Photo)?|AFP|Reuters|Getty Images|EPA(?:-EFE)?|Bloomberg|Sipa|Shutterstock"
    r"|Associated Press|Pool|NPR|Corbis|Redux|Polaris|UPI|TASS|Xinhua|Sputnik|Anadolu"
    r"|The Washington Post|The New York Times)"
)
_CREDIT_WORD = r"[A-Z][\w.'’&-]*"
_CREDIT = re.compile(
    rf"(?:(?:Photo|Image|Photograph)(?:\s+by)?:?\s*)?"
    rf"(?:{_AGENCY}|{_CREDIT_WORD}(?:\s+{_CREDIT_WORD}){{0,3}}\s*/\s*{_CREDIT_WORD}(?:\s+{_CREDIT_WORD}){{0,3}})"
    rf"(?:\s*(?:/|via|-|for)\s*{_CREDIT_WORD}(?:\s+{_CREDIT_WORD}){{0,3}})?"
)
# A caption with its credit run on, as copy-paste leaves it:
# "... in Washington, DC.MOLLY RILEY / AFP - Getty Images".
_GLUED_CREDIT = re.compile(
    rf"^(?P<caption>.*[.!?)”\"])\s*(?P<credit>[A-Z][A-Z .'’-]+\s*/\s*[A-Z][\w .&'’-]*|{_AGENCY}(?:\s*(?:/|-|via)\s*[\w .&'’-]+)?)$"
)
_MAX_CREDIT = 60  # characters of a run-on credit
_AGENCY_RE = re.compile(_AGENCY)
_QUOTES = re.compile(r"[“”\"‘]|(?:^|\s)'")
_INLINE_FOLLOW = re.compile(r"\s*🐦?\s*Follow @\w{1,30}\s*$", _I)

# Headings that start the outlet's "more stories" rail: everything after goes.
_RAIL_HEADING = re.compile(
    r"(?:the )?latest(?: (?:news|stories|headlines))?|more (?:stories|news|headlines|coverage)"
    r"|more from [\w .'’-]{1,30}|related(?: (?:stories|articles|coverage|content|links))?"
    r"|read (?:more|next)|most (?:popular|read|viewed|shared)|recommended(?: for you| stories)?"
    r"|top stories|trending(?: now)?|what to read next|you (?:may|might) also like"
    r"|more on this story|popular (?:now|stories)|editors'? picks",
    _I,
)

# An author bio: the author's name, then what reporters' bios say next.
_BIO_VERB = (
    r"(?:writes (?:about|for|on)|is an? |is the |covers|joined|has (?:been|covered|written|reported)"
    r"|reports (?:on|for)|was previously|previously (?:worked|covered|was)|focuses on)"
)
_GENERIC_BIO = re.compile(
    r"^[A-Z][\w'’-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][\w'’-]+){1,2}\s+"
    r"(?:writes about|covers|is an? (?:[\w-]+ ){0,4}(?:reporter|correspondent|writer|editor|columnist"
    r"|journalist|producer|host|contributor|critic|analyst))\b"
)


def strip_inline_furniture(line: str) -> str:
    """Drop furniture glued to the end of a real line ("... liberties. 🐦 Follow @x")."""
    if "@" not in line:  # why: the pattern starts with \s*, so scanning every line is slow
        return line
    return _INLINE_FOLLOW.sub("", line)


def is_furniture(line: str, *, dates: bool = True) -> bool:
    """True when a whole (stripped) line is site chrome rather than article text.

    ``dates=False`` leaves date stamps to the caller (which wants their date).
    """
    if not line or len(line) > 300:
        return False
    if _FURNITURE.fullmatch(line):
        return True
    return is_credit(line) or (dates and is_metadata_line(line))


def is_metadata_line(line: str) -> bool:
    """An "Updated at 2:15 p.m. ET Thursday" / "July 21, 2017" stamp: date info, not text."""
    return len(line) <= 100 and is_date_only(line)


def is_credit(line: str) -> bool:
    """True for a standalone photo credit line such as "Alex Brandon/AP"."""
    return len(line) <= 80 and not line.endswith(".") and bool(_CREDIT.fullmatch(line))


def split_glued_credit(line: str) -> tuple[str, str] | None:
    """Return (caption, credit) when a caption ends with a run-on photo credit."""
    if len(line) > 500:
        return None
    # Why: the pattern tries a credit after every sentence end of the line. A
    # credit it accepts is at most _MAX_CREDIT characters at the very end (before
    # a final newline at most) and holds a "/" or starts with an agency's name,
    # so a line whose end has neither cannot match.
    tail = line[-_MAX_CREDIT - 1 :]
    if "/" not in tail and _AGENCY_RE.search(tail) is None:
        return None
    m = _GLUED_CREDIT.match(line)
    if not m or len(m["credit"]) > _MAX_CREDIT or not m["credit"].strip():
        return None
    return m["caption"], m["credit"]


def looks_like_caption(line: str) -> bool:
    """A short line without quotation marks: what may sit above a photo credit.

    Lines with quotes are kept even there, because quoted speech is exactly
    what the workbench is looking for.
    """
    return len(line) <= 300 and not _QUOTES.search(line)


def is_rail_heading(line: str) -> bool:
    """True for a "The Latest"/"Related stories" heading that starts the link rail."""
    return len(line) <= 40 and bool(_RAIL_HEADING.fullmatch(line.rstrip(":")))


def is_author_bio(paragraph: str, authors: list[str]) -> bool:
    """True when a paragraph is a reporter's bio.

    With known byline authors, any paragraph that opens with one of their
    names followed by a bio verb ("writes about", "is a", "covers",
    "joined") counts. Without them only the stricter shape "<Name> is a
    <...> reporter/correspondent/editor" or "<Name> writes about/covers"
    does, so a closing paragraph about a news subject is never taken.
    """
    for name in authors:
        if paragraph.startswith(name) and re.match(rf"\s+{_BIO_VERB}", paragraph[len(name) :]):
            return True
    return bool(_GENERIC_BIO.match(paragraph))
