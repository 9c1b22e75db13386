"""Who is who in a sentence: subject mentions, spokespeople, other people, pronouns.

Attribution needs to know, for each reporting verb, which noun phrase is its
speaker.  This module finds the candidate noun phrases ("mentions") in a
quote-masked sentence and records for each whether it stands in subject
position (not after a preposition or a verb), whether it is possessive, and
what kind of speaker it denotes.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from operator import add, attrgetter, itemgetter
from typing import NamedTuple

from .lexicon import MONTHS, PERSON_NOUNS, PREPOSITIONS, SPOKES_NOUNS, STOPWORDS, WEEKDAYS, Memo
from .model import Subject
from .segment import ABBREVIATIONS as _ABBR

QMARK = "\x00"  # stands for a masked quotation in the masked text
_TOKEN = re.compile(r"\x00|[^\W_](?:[\w’'.&-]*[\w.])?|[,;:—–()]")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)(?![\w])")
_NAME = r"[A-Z][\w’'-]+(?:\s+(?:[A-Z]\.|[A-Z][\w’'-]+)){0,3}"
# (?<![\w-])[A-Z]… with the look-behind after the capital: the same matches, scanned 2.5x faster.
_CAPSEQ = re.compile(r"[A-Z](?<![\w-][A-Z])[\w’'&.-]*(?:\s+(?:[A-Z][\w’'&.-]*|of|de|van|von|al))*")
_STATE_CODE = re.compile(r"^[RDI]-[A-Z][a-z]*\.?$")
_ORG_WORDS = frozenset(
    """department committee house senate post journal times news court agency congress government
    administration campaign party council office bureau foundation hotel twitter kremlin fbi cia
    union university institute network television ministry embassy force navy army reuters""".split()
)
_NOT_NAMES = STOPWORDS | frozenset(MONTHS) | frozenset(WEEKDAYS) | frozenset(
    "asked responding meanwhile officials according share updated".split()
)
_NEXT_WORD = re.compile(r"\s+([a-z][\w-]*)")
_ARTICLE_END = re.compile(r"\b(?:the|a|an)\s$")
_TITLE_LOWER = frozenset("candidate then-candidate former fired embattled longtime".split())


@dataclass(slots=True)
class Tok:
    """One token (a reporting verb's); ``low`` is lower-cased with a trailing period removed."""

    text: str
    start: int
    end: int
    low: str


class Tokens:
    """The tokens of a masked span as parallel lists ``text``, ``start``, ``end``, ``low``.

    Why lists rather than an object per token: a sentence has dozens of tokens,
    most only ever looked at by ``low``, and building the lists with ``map``
    over the regex matches keeps the per-token work in C.
    """

    __slots__ = ("end", "low", "start", "text")

    def __init__(self, text: list[str], start: list[int], end: list[int], low: list[str]) -> None:
        self.text, self.start, self.end, self.low = text, start, end, low

    def __len__(self) -> int:
        return len(self.low)

    def tok(self, i: int) -> Tok:
        return Tok(self.text[i], self.start[i], self.end[i], self.low[i])


@dataclass(slots=True)
class Mention:
    """A noun phrase that could be a speaker.  ``kind``: subj | spokes | other | pron."""

    start: int
    end: int
    kind: str
    possessive: bool = False
    subj_pos: bool = True
    linked: bool = False  # spokes: known to speak for the subject
    label: str = ""  # spokes: the spokesperson's name or description
    person: bool = True  # other: looks like a person (for pronoun resolution)
    question: bool = False  # subject of an embedded question ("whether X had told")


def _token_info(t: str) -> tuple[str, int, str]:
    """(text, length, low) of a raw token: a sentence-final period is split off unless it ends an abbreviation."""
    if t.endswith(".") and len(t) > 1 and ("." not in t[:-1]) and t[:-1].lower() not in _ABBR and len(t) > 2:
        t = t[:-1]
    return t, len(t), t.lower().replace("’", "'")


_TOKEN_CACHE = Memo(_token_info)  # raw token -> (text, length, low)
_MATCH_START, _MATCH_TEXT = re.Match.start, re.Match.group
_INFO_TEXT, _INFO_LEN, _INFO_LOW = itemgetter(0), itemgetter(1), itemgetter(2)


def tokenize(masked: str, start: int, end: int) -> Tokens:
    """Tokens of ``masked[start:end]`` with absolute offsets."""
    found = list(_TOKEN.finditer(masked, start, end))
    starts = list(map(_MATCH_START, found))
    infos = list(map(_TOKEN_CACHE.__getitem__, map(_MATCH_TEXT, found)))
    return Tokens(list(map(_INFO_TEXT, infos)), starts, list(map(add, starts, map(_INFO_LEN, infos))),
                  list(map(_INFO_LOW, infos)))


@dataclass(frozen=True)
class SubjectPatterns:
    """Compiled patterns for one subject (cached: built once per subject, used for every article)."""

    alias: re.Pattern[str]
    spokes_linked: re.Pattern[str]
    spokes_any: re.Pattern[str]
    name: str


def _alias_regex(aliases: list[str]) -> str:
    parts = []
    for a in sorted(set(aliases), key=len, reverse=True):
        esc = r"\s+".join(re.escape(w) for w in a.split())
        parts.append(f"(?i:{esc})" if a[:1].islower() else esc)
    return "(?:" + "|".join(parts) + ")"


def _alias_finder(aliases: list[str]) -> str:
    r"""``(?<![\w-])`` + :func:`_alias_regex` + ``(?![\w-])``, written so that a search runs twice as fast.

    The same matches: the first character is taken by one character class
    (which the regex engine scans for), the look-behind then checks the
    character before it, and each alternative checks with a look-behind that
    the first character was its own. A lower-case alias matches in any case,
    so its class holds every ASCII character that matches its first letter
    without case, and (to be sure) all of non-ASCII.
    """
    first: set[str] = set()
    non_ascii = ""
    parts = []
    for a in sorted(set(aliases), key=len, reverse=True):
        words = a.split()
        head = re.escape(words[0][0])
        rest = re.escape(words[0][1:]) + "".join(r"\s+" + re.escape(w) for w in words[1:])
        if a[:1].islower():
            first.update(ch for ch in map(chr, range(128)) if re.fullmatch(f"(?i:{head})", ch))
            non_ascii = "\x80-\U0010ffff"
            parts.append(f"(?i:(?<={head}){rest})")
        else:
            first.add(words[0][0])
            parts.append(f"(?<={head}){rest}")
    cls = "[" + "".join(re.escape(ch) for ch in sorted(first)) + non_ascii + "]"
    return rf"{cls}(?<![\w-]{cls})(?:{'|'.join(parts)})(?![\w-])"


# "he" or "she" as a word, any case: (?i:(?<![^\W_])s?he(?![^\W_])) written to scan for the "h"
# (the classes hold what matches s, h and e without case: ſ is a long s).
HE_OR_SHE = re.compile(r"[hH](?:(?<=[sSſ][hH])(?<![^\W_][sSſ][hH])|(?<![^\W_][hH]))[eE](?![^\W_])")


@lru_cache(maxsize=64)
def patterns_for(subject: Subject) -> SubjectPatterns:
    """Build (once) the alias and spokesperson patterns of ``subject``."""
    names = [subject.name, *subject.aliases]
    last = subject.name.split()[-1] if subject.name.split() else subject.name
    if last and last[:1].isupper():
        names.append(last)
    names = [n for n in names if n.strip()]
    alias = _alias_regex(names)
    spokes_linked = (
        rf"(?:(?:[Aa]n?|[Tt]he)\s+)?(?:{alias}(?:'s|’s|'|’)?\s+{SPOKES_NOUNS}"
        rf"|{SPOKES_NOUNS}\s+(?:for|to)\s+{alias})(?:,?\s+{_NAME})?"
    )
    spokes_any = rf"(?:(?:[Aa]n?|[Tt]he)\s+)?(?:[A-Z][\w.&-]*\s+){{0,4}}{SPOKES_NOUNS}(?:,?\s+{_NAME})?"
    return SubjectPatterns(
        alias=re.compile(_alias_finder(names)) if names else re.compile(rf"(?<![\w-]){alias}(?![\w-])"),
        spokes_linked=re.compile(spokes_linked),
        spokes_any=re.compile(spokes_any),
        name=subject.name,
    )


def _left_edge(toks: Tokens, idx: int) -> int:
    """Index of the first token of the noun phrase whose first known token is ``idx``."""
    text, low = toks.text, toks.low
    while idx > 0:
        w = low[idx - 1]
        if ((text[idx - 1][:1].isupper() and w not in _NOT_NAMES) or w in _TITLE_LOWER
                or w in ("the", "a", "an", "his", "her", "their", "its", "my", "our", "your")):
            idx -= 1
            continue
        break
    return idx


_START = attrgetter("start")


def _position(toks: Tokens, first: int) -> tuple[bool, bool]:
    """(subject position, embedded question) for a phrase starting at token ``first``."""
    edge = _left_edge(toks, first)
    if edge == 0:
        return True, False
    prev = toks.low[edge - 1]
    if prev in PREPOSITIONS and prev not in ("after", "before", "since", "until"):
        return False, False
    if prev in ("whether", "if"):
        return True, True
    if prev.endswith(("ed", "ing")) and prev not in ("saying",):
        return False, False
    if prev in (",", ";", ":", "—", "–", "(", QMARK):
        return True, False
    if prev in STOPWORDS or prev in ("instead",):
        return True, False
    return False, False


# The capital comes before the look-behind (which then checks the character before it):
# the same matches as (?<![\w-])[A-Z]…, but the scan skips to capitals (twice as fast).
_FULL_NAME = re.compile(r"([A-Z](?<![\w-][A-Z])[a-z]+)(?=(?:\s+[A-Z]\.)?\s+([A-Z][a-z][\w’'-]*?)(?:’s|'s)?(?![\w-]))")


def surnames(masked: str) -> set[str]:
    """Last words of "First Last" names in an article (why: a lone "Kislyak" is a person, a lone "Russia" is not)."""
    out = set()
    for m in _FULL_NAME.finditer(masked):
        first, last = m.group(1), m.group(2)
        if first.lower() in _NOT_NAMES or last.lower() in _ORG_WORDS or first.lower() in _ORG_WORDS:
            continue
        out.add(last)
    return out


_PRON_OR_PERSON = PERSON_NOUNS | {"he", "she"}
_FEW_MENTIONS = 16  # checked one by one; more go into a mask


class _Name(NamedTuple):
    """What a capitalised sequence says as a speaker, whatever its place in the text."""

    offset: int  # where the name starts in the sequence (leading "The", "Asked" … skipped)
    possessive: bool  # its last word ends in ’s
    person: bool  # its last word is not an organisation word
    lone: tuple[str, str] | None  # a single word, as looked up among the article's surnames


def _name(seq: str) -> _Name | None:
    """Analyse a ``_CAPSEQ`` match; None when no name is left (why cached: names repeat)."""
    words = seq.split()
    offset = 0
    while words and (words[0].lower().rstrip(".") in _NOT_NAMES or words[0] == QMARK):
        offset = seq.index(words[1], offset + len(words[0])) if len(words) > 1 else len(seq)
        words = words[1:]
    if not words or _STATE_CODE.match(words[0]):
        return None
    last = words[-1]
    lone = (last.rstrip("’'s"), last) if len(words) == 1 else None
    return _Name(offset, last.endswith(("’s", "'s")), last.lower().strip(".’'s") not in _ORG_WORDS, lone)


_NAME_CACHE = Memo(_name)  # a capitalised sequence -> what it says as a speaker


def find_mentions(masked: str, start: int, end: int, toks: Tokens, pats: SubjectPatterns,
                  names: set[str] | frozenset[str] = frozenset()) -> list[Mention]:
    """All speaker-like mentions in ``masked[start:end]``, sorted by position.

    ``names`` are the article's known surnames; a single capitalised word only
    counts as a person (for pronoun resolution) when it is one of them.
    """
    out: list[Mention] = []
    taken: list[tuple[int, int]] = []
    # past a few mentions, 1 where one lies, relative to ``start`` (why: checking each
    # new mention against every earlier one was quadratic in a paragraph-long sentence)
    mask: bytearray | None = None

    def free(s: int, e: int) -> bool:
        if mask is not None:
            return mask.find(1, s - start, e - start) < 0
        for a, b in taken:
            if e > a and s < b:
                return False
        return True

    starts = toks.start
    n_toks = len(toks)

    def add(m: Mention) -> None:
        nonlocal mask
        first = bisect_left(starts, m.start)
        if first < n_toks:
            m.subj_pos, m.question = _position(toks, first)
        out.append(m)
        if mask is not None:
            mask[m.start - start:m.end - start] = b"\x01" * (m.end - m.start)
        elif len(taken) < _FEW_MENTIONS:
            taken.append((m.start, m.end))
        else:
            mask = bytearray(end - start)
            for a, b in (*taken, (m.start, m.end)):
                mask[a - start:b - start] = b"\x01" * (b - a)

    span_low = masked[start:end].lower()
    has_spokes = "spokes" in span_low or "secretary" in span_low or "representative" in span_low
    for rx, linked in ((pats.spokes_linked, True), (pats.spokes_any, False)) if has_spokes else ():
        for m in rx.finditer(masked, start, end):
            if free(*m.span()):
                label = m.group().strip(" ,")
                add(Mention(m.start(), m.end(), "spokes", linked=linked, label=label))
    for m in pats.alias.finditer(masked, start, end):
        s, e = m.span()
        if out and not free(s, e):
            continue
        poss = bool(_POSSESSIVE.match(masked, e))
        mention = Mention(s, e, "subj", poss)
        # "the Trump campaign", "a Trump adviser": the name modifies a noun
        if not m.group()[:1].islower() and _ARTICLE_END.search(masked[max(start, s - 4):s].lower()):
            nxt = _NEXT_WORD.match(masked[e:e + 30])
            if nxt and nxt.group(1) not in STOPWORDS:
                mention.possessive = True  # treated like a modifier: never a speaker
        add(mention)
    for m in _CAPSEQ.finditer(masked, start, end):
        name = _NAME_CACHE[m.group()]
        if name is None:
            continue
        s, e = m.start() + name.offset, m.end()
        if out and not free(s, e):
            continue
        poss = name.possessive or bool(_POSSESSIVE.match(masked, e))
        if not poss and _ARTICLE_END.search(masked[max(start, s - 4):s].lower()):
            nxt = _NEXT_WORD.match(masked[e:e + 30])
            if nxt and nxt.group(1) not in STOPWORDS:
                poss = True  # "the Trump campaign": a modifier, not a person
        # a lone capitalised word is a person only when the article names it as a surname
        person = name.person and (not name.lone or name.lone[0] in names or name.lone[1] in names)
        add(Mention(s, e, "other", poss, True, False, "", person))
    low = toks.low
    for i in compress(range(n_toks), map(_PRON_OR_PERSON.__contains__, low)):
        t_start, t_end = starts[i], toks.end[i]
        if low[i] in ("he", "she"):
            add(Mention(t_start, t_end, "pron"))
            out[-1].subj_pos = True  # nominative: always a clause subject
        elif free(t_start, t_end) and toks.text[i].islower():
            first = _left_edge(toks, i)
            add(Mention(starts[first], t_end, "other"))
            if first > 0 and low[first - 1] == "as":
                out[-1].subj_pos = False  # "in his role as a senator": a predicate, not a speaker
    out.sort(key=_START)
    return out
