"""The fast-scanning regexes of extraction match exactly what their plain forms match.

Several patterns are written with the first character as a class and the
look-behind after it (``[A-Z](?<![\\w-][A-Z])`` rather than
``(?<![\\w-])[A-Z]``) because the regex engine then skips to candidate
characters; these tests hold them to the plain forms they replace, on the
fixture articles and on edge cases (hyphens, underscores, any-case aliases,
characters that match a letter only without case, searches that start or end
mid-text).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from workbench.extract.context import _DATE_HINT, SETTING
from workbench.extract.lexicon import SOCIAL_POST
from workbench.extract.model import Subject
from workbench.extract.speakers import _CAPSEQ, _FULL_NAME, HE_OR_SHE, _alias_regex, patterns_for

FIXTURES = sorted((Path(__file__).resolve().parents[1] / "fixtures" / "articles").glob("*.txt"))
EDGE = (
    "Sessions said. -Sessions, Sessions- and Sessions’ aide; Jeff  Sessions and JEFF SESSIONS.\n"
    "The Attorney General, THE ATTORNEY GENERAL and the attorney\ngeneral spoke; xthe attorney general.\n"
    "Attorney General Jeff Sessions (AG Sessions) met Then-Sen. Jeff Sessions_ and _Sessions.\n"
    "He said she said; ſhe and sHE, the shed, he_ _he, he-man, “He”, 5he, éhe, hE.\n"
    "Kelvin K\u212aing and \u212ang Kelly; İstanbul ıt; Mr. O’Brien of the U.S. met Van von Trapp.\n"
    "A Trump adviser, R-Ala., D-Minn. and Al Franken’s letter to Sergey Kislyak's embassy.\n"
    "He took to Twitter; then took to social media, xtook to X, takes to Facebook and taking to Xbox.\n"
    "AT HIS HEARING, İn the interview, ın a statement, at his Senate confirmation hearing before the Senate"
    " Judiciary Committee, By the same letter; during that briefing; from a podcast, Onto the speech."
)
TEXTS = [EDGE] + [p.read_text(encoding="utf-8") for p in FIXTURES]
SUBJECTS = [
    Subject("Jeff Sessions", ("Sessions", "Attorney General Jeff Sessions", "Then-Sen. Jeff Sessions",
                              "the attorney general", "AG Sessions")),
    Subject("Kevin King", ("king", "the K-man", "Mr. King")),
    Subject("İlhan Öz", ("ilhan", "öz")),
]


def _windows(text: str) -> list[tuple[int, int]]:
    """The whole text, and windows starting and ending mid-word and mid-line."""
    n = len(text)
    return [(0, n)] + [(s, min(n, s + w)) for s in range(0, n, 97) for w in (13, 150)]


def _spans(rx: re.Pattern[str], text: str, s: int, e: int) -> list[tuple[int, int]]:
    return [m.span() for m in rx.finditer(text, s, e)]


@pytest.mark.parametrize("subject", SUBJECTS, ids=lambda s: s.name)
def test_alias_finder_matches_plain_alias_regex(subject: Subject) -> None:
    names = [subject.name, *subject.aliases, subject.name.split()[-1]]
    plain = re.compile(rf"(?<![\w-]){_alias_regex(names)}(?![\w-])")
    fast = patterns_for(subject).alias
    for text in TEXTS:
        for s, e in _windows(text):
            assert _spans(fast, text, s, e) == _spans(plain, text, s, e), (subject.name, text[s:e])


def test_he_or_she_found_where_the_plain_pattern_finds_it() -> None:
    plain = re.compile(r"(?i:(?<![^\W_])s?he(?![^\W_]))")
    for text in TEXTS:
        for s, e in _windows(text):
            assert bool(HE_OR_SHE.search(text, s, e)) == bool(plain.search(text, s, e)), text[s:e]


def test_date_hint_found_where_the_plain_pattern_finds_it() -> None:
    plain = re.compile(r"\b(?:Jan|Feb|Ma[ry]|Apr|Ju[ln]|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun"
                       r"|(?i:last month)|in (?:19|20)\d\d)")
    texts = [*TEXTS, "xJan. LAST MONTH; Last Month, on Thursday in 2017; in 1999x; begin 2019 Mayor Sunday"]
    for text in texts:
        for s, e in _windows(text):
            assert bool(_DATE_HINT.search(text, s, e)) == bool(plain.search(text, s, e)), text[s:e]


def test_he_or_she_letter_classes_are_the_caseless_letters() -> None:
    every = "".join(map(chr, range(0x110000)))
    for letter, cls in (("s", "sSſ"), ("h", "hH"), ("e", "eE"), ("l", "lL")):
        assert sorted(re.findall(f"(?i:{letter})", every)) == sorted(cls)


@pytest.mark.parametrize(("fast", "plain"), [
    (_CAPSEQ, r"(?<![\w-])[A-Z][\w’'&.-]*(?:\s+(?:[A-Z][\w’'&.-]*|of|de|van|von|al))*"),
    (_FULL_NAME, r"(?<![\w-])([A-Z][a-z]+)(?=(?:\s+[A-Z]\.)?\s+([A-Z][a-z][\w’'-]*?)(?:’s|'s)?(?![\w-]))"),
    (SOCIAL_POST, r"\b(?:took|take|takes|taking) to (?:Twitter|Facebook|social media|X)\b"),
    (SETTING, r"\b(?i:at|in|during|before|from|on|by)" + SETTING.pattern[SETTING.pattern.index(r"\s+(("):]),
], ids=["capitalised sequence", "full name", "social post", "setting"])
def test_capital_first_patterns_match_their_plain_forms(fast: re.Pattern[str], plain: str) -> None:
    rx = re.compile(plain)
    for text in TEXTS:
        for s, e in _windows(text):
            got = [(m.span(), m.groups()) for m in fast.finditer(text, s, e)]
            assert got == [(m.span(), m.groups()) for m in rx.finditer(text, s, e)], text[s:e]
