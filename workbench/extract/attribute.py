"""Attribution: which sentences of an article report a statement by the subject.

For every reporting verb outside quotation marks we find its speaker the way a
reader does: the noun phrase right before it (skipping auxiliaries, adverbs and
parenthetical clauses), the noun phrase right after it in `“Q,” said X`, the
subject of the clause for coordinated verbs and participles (`… but testified`,
`…, saying`), and the antecedent for `who` and for `he`/`she`.  A verb only
counts when it has content (a quotation, a `that` clause, a reported clause);
negated, passive (`was asked`), infinitive (`to say`) and embedded-question
(`whether X had told`) uses do not.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import compress

from .context import ANAPHORIC, find_date, find_setting
from .lexicon import (
    AUX_ADVERBS,
    BE_FORMS,
    CLAUSE_START,
    MONTHS,
    NEGATIONS,
    QUOTE_ONLY_VERBS,
    REPORTING_VERBS,
    SOCIAL_POST,
    TELL_VERBS,
    WEAK_VERBS,
    WEEKDAYS,
)
from .model import ArticleText, Occurrence, Subject
from .quotes import Quote, find_quotes
from .referents import Speaker, _Ctx, _is_referent, _resolve, flush_pending
from .segment import _split_line, paragraphs
from .speakers import (
    QMARK,
    Mention,
    Tok,
    Tokens,
    find_mentions,
    patterns_for,
    surnames,
    tokenize,
)

_ING_PRECEDERS = frozenset(", by in while after before when without — – ; and but".split())
_PAREN_OPEN = {",": ",", "—": "—", "–": "–", ")": "("}
_PAREN_STARTS = frozenset(
    "who which whose a an the then now in at on during like including according while".split()
)
_LEAD_CONTINUES = re.compile(r"\bthat\b|\w\s*$")
_GAP = re.compile(r"[\s,]*")
_THAT = re.compile(r"\bthat\b")
_NO_POSITIONS: frozenset[int] = frozenset()


@dataclass
class Verb:
    """A reporting verb with its speaker and content region."""

    tok: Tok
    idx: int
    speaker: Speaker
    content_start: int
    content_end: int = -1
    inverted_quote: Quote | None = None
    quotes: list[Quote] = field(default_factory=list)
    valid: bool = False
    kind: str = "indirect"


class _Mentions:
    """A span's mentions (sorted by start) with the look-ups :func:`_walk_back` makes.

    Each look-up is a dict or bisect over tables built on first use (why: a
    paragraph-long sentence with thousands of verbs and mentions made a scan
    of all mentions per verb quadratic).
    """

    __slots__ = ("_by_end", "_reach", "_starts", "_subjects", "all")

    def __init__(self, mentions: list[Mention]) -> None:
        self.all = mentions
        self._by_end: dict[int, Mention] | None = None
        self._starts: list[int] | None = None
        self._reach: list[int] = []  # _reach[k]: the largest end among all[:k + 1]
        self._subjects: list[Mention | None] = []  # _subjects[k]: the last clause subject among all[:k]

    def ending(self, end: int) -> Mention | None:
        """The first mention that ends at ``end``."""
        if self._by_end is None:
            self._by_end = {}
            for m in self.all:
                self._by_end.setdefault(m.end, m)
        return self._by_end.get(end)

    def first_from(self, pos: int) -> Mention | None:
        """The first mention starting at or after ``pos``."""
        if self._starts is None:
            self._starts = [m.start for m in self.all]
        k = bisect_left(self._starts, pos)
        return self.all[k] if k < len(self.all) else None

    def clause_subject(self, before: int) -> Mention | None:
        """The last subject-position mention before the first mention that ends after ``before``."""
        if not self._subjects and self.all:
            reach, best = -1, None
            for m in self.all:
                self._subjects.append(best)
                if _is_referent(m) and not m.question:
                    best = m
                reach = max(reach, m.end)
                self._reach.append(reach)
            self._subjects.append(best)
        return self._subjects[bisect_right(self._reach, before)] if self.all else None


def _clause_subject(mentions: _Mentions, refs: dict[int, Speaker], before: int) -> Speaker | None:
    """Subject of the clause a coordinated verb or participle belongs to: the last subject-position mention."""
    best = mentions.clause_subject(before)
    return refs[best.start] if best else None


def _walk_back(toks: Tokens, i: int, mentions: _Mentions, refs: dict[int, Speaker]) -> tuple[Speaker | None, int]:
    """Speaker of the verb at token ``i`` and the index of the token where the speaker phrase starts."""
    low, text, starts, ends = toks.low, toks.text, toks.start, toks.end
    verb_start, verb_end = starts[i], ends[i]
    ing = low[i].endswith("ing")
    j = i - 1
    while True:
        while j >= 0 and (low[j] in AUX_ADVERBS or low[j] in NEGATIONS or low[j] in BE_FORMS
                          or (low[j].endswith("ly") and len(low[j]) > 4 and text[j].islower())):
            if low[j] in NEGATIONS or (low[j] in BE_FORMS and not ing):
                return None, i
            j -= 1
        if j < 0:
            return None, i
        w = low[j]
        if w == "to":
            return None, i
        if w == QMARK or (w == "," and j > 0 and low[j - 1] == QMARK):
            nxt = mentions.first_from(verb_end)
            if nxt and nxt.start - verb_end <= 2:
                return refs[nxt.start], i
            return Speaker("other", verb_start), i
        if w in ("and", "but", "or") or (ing and w in _ING_PRECEDERS):
            sp = _clause_subject(mentions, refs, starts[j])
            return (sp, j) if sp else (None, i)
        if w == "who":
            k = j - 1
            if k >= 0 and low[k] in (",", "—", "–"):
                k -= 1
            m = mentions.ending(ends[k]) if k >= 0 else None
            if m and m.subj_pos:
                sp = refs[m.start]
                # the relative clause ends at the matching dash/comma: content stops there
                sp = Speaker(sp.kind, sp.start, sp.label, sp.linked)
                sp.stop = low[k + 1] if k + 1 < j else ""
                return sp, j
            return Speaker("other", starts[j]), j
        if w in _PAREN_OPEN:
            opener = _PAREN_OPEN[w]
            k = j - 1
            while k >= 0 and low[k] != opener:
                k -= 1
            if k > 0 and j - k > 1 and (low[k + 1] in _PAREN_STARTS or text[k + 1][:1].isupper()):
                m = mentions.ending(ends[k - 1])
                if m is not None:
                    j = k - 1
                    continue
            return (_clause_subject(mentions, refs, starts[j]), j) if ing else (None, i)
        m = mentions.ending(ends[j])
        if m is None:
            return Speaker("other", starts[j]), j
        if not m.subj_pos or m.question:
            return (None, i) if m.question else (Speaker("other", m.start), j)
        return refs[m.start], bisect_left(starts, m.start)


def _content_ok(v: Verb, toks: Tokens) -> bool:
    """Does the verb have reported content (why: `told the truth`, `added his voice` are not statements)?"""
    if v.quotes or v.inverted_quote:
        return True
    word = v.tok.low
    if word in QUOTE_ONLY_VERBS:
        return False
    # the (up to 12) tokens after the verb inside its content region
    starts = toks.start
    lo = max(v.idx + 1, bisect_left(starts, v.content_start))
    hi = min(bisect_left(starts, v.content_end), lo + 12)
    lows = toks.low[lo:hi]
    if "that" in lows:
        return True
    if word in WEAK_VERBS:
        return False
    if word in TELL_VERBS:
        return any(w in ("he", "she", "they", "it", "i", "we", "there") for w in lows[1:])
    for w, text in zip(lows, toks.text[lo:hi], strict=True):
        if w.endswith("ly") and len(w) > 4:
            continue
        return (w in CLAUSE_START or (text[:1].isupper() and w not in MONTHS and w not in WEEKDAYS)
                or text[:1].isdigit())
    return False


def _kind(v: Verb, body: str) -> str:
    quotes = ([v.inverted_quote] if v.inverted_quote else []) + v.quotes
    if not quotes:
        return "indirect"
    q = quotes[0]
    first = body[q.inner_start:q.inner_end].lstrip(" ….")
    lead = body[v.content_start:q.start] if not v.inverted_quote else ""
    full = first[:1].isupper() and not _LEAD_CONTINUES.search(lead.replace("in part", ""))
    return "direct" if full else "partial"


def analyse(body: str, masked: str, start: int, end: int, quotes: list[Quote], ctx: _Ctx) -> list[Verb]:
    """Reporting verbs of the span ``start:end`` with speakers, content and validity."""
    flush_pending(ctx)
    toks = tokenize(masked, start, end)
    mentions = find_mentions(masked, start, end, toks, ctx.pats, ctx.names)
    refs = _resolve(mentions, ctx)
    return _verbs(body, masked, start, end, quotes, toks, mentions, refs)


def verbs_of_plain(body: str, masked: str, start: int, end: int, quotes: list[Quote], ctx: _Ctx) -> list[Verb]:
    """:func:`analyse` for a sentence given to :func:`defer`, without touching the context.

    All its mentions are other people, whose speakers do not depend on context.
    """
    toks = tokenize(masked, start, end)
    mentions = find_mentions(masked, start, end, toks, ctx.pats, ctx.names)
    refs = {m.start: Speaker("other", m.start) for m in mentions}
    return _verbs(body, masked, start, end, quotes, toks, mentions, refs)


def _verbs(body: str, masked: str, start: int, end: int, quotes: list[Quote], toks: Tokens,
           mentions: list[Mention], refs: dict[int, Speaker]) -> list[Verb]:
    verbs: list[Verb] = []
    social = {m.start() for m in SOCIAL_POST.finditer(masked, start, end)} \
        if SOCIAL_POST.search(masked, start, end) else _NO_POSITIONS
    if social:
        candidates = [i for i, (w, s) in enumerate(zip(toks.low, toks.start, strict=True)) if w in REPORTING_VERBS or s in social]
    else:
        candidates = list(compress(range(len(toks)), map(REPORTING_VERBS.__contains__, toks.low)))
    indexed = _Mentions(mentions)
    for i in candidates:
        t = toks.tok(i)
        if not ((t.low in REPORTING_VERBS and t.text.islower()) or t.start in social):
            continue
        sp, left = _walk_back(toks, i, indexed, refs)
        if sp is None:
            continue
        cstart = t.end
        if t.start in social:
            cstart = SOCIAL_POST.match(masked, t.start).end()  # type: ignore[union-attr]
        v = Verb(t, i, sp, cstart)
        v.content_end = toks.start[left] if left < i else t.start  # provisional: own left edge
        verbs.append(v)
    # quotes are sorted and do not overlap, so their ends are sorted too
    q_starts = [q.start for q in quotes] if verbs else []
    q_ends = [q.end for q in quotes] if verbs else []
    low, starts = toks.low, toks.start
    for n, v in enumerate(verbs):
        nxt = verbs[n + 1] if n + 1 < len(verbs) else None
        v.content_end = end
        if nxt is not None:
            v.content_end = nxt.content_end if nxt.content_end > v.tok.end else nxt.tok.start
        lead = min(v.speaker.start, v.tok.start)
        # only the last quote ending by `lead` can be followed by nothing but [\s,]* (the next one's mark is not)
        k = bisect_right(q_ends, lead) - 1
        if k >= 0 and _GAP.fullmatch(body, q_ends[k], lead):
            v.inverted_quote = quotes[k]
        if v.speaker.stop:
            close = next((starts[j] for j in range(i_of(v), len(low))
                          if low[j] == v.speaker.stop and starts[j] > v.tok.end), None)
            v.content_end = min(v.content_end, close) if close is not None else v.content_end
        v.quotes = quotes[bisect_left(q_starts, v.content_start):bisect_left(q_starts, v.content_end)]
        v.valid = _content_ok(v, toks)
        v.kind = _kind(v, body)
    return verbs


def i_of(v: Verb) -> int:
    return v.idx + 1


def _attr_text(masked: str, start: int, end: int, v: Verb) -> str:
    """The part of the sentence around the verb that is not the reported content (for date/setting)."""
    cut = v.content_end
    if v.quotes:
        cut = v.quotes[0].start
    else:
        m = _THAT.search(masked[v.content_start:v.content_end])
        if m:
            cut = v.content_start + m.start()
    tail = v.quotes[-1].end if v.quotes else v.content_end
    return masked[start:cut] + " " + masked[tail:end]


def _units(body: str, ps: int, pe: int, quotes: list[Quote],
           sents: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Sentences of a paragraph, merged where a quotation runs across a sentence boundary."""
    if sents is None:
        sents = []
        _split_line(body, ps, pe, sents)
    if not quotes:
        return sents
    starts = [q.start for q in quotes]
    units: list[tuple[int, int]] = []
    for s, e in sents:
        k = bisect_left(starts, s) - 1  # the last quote opening before s: only it can still be open at s
        if units and k >= 0 and s < quotes[k].end:
            units[-1] = (units[-1][0], e)
        else:
            units.append((s, e))
    return units


def extract_article(article: ArticleText, subject: Subject,
                    sentences: list[tuple[int, int]] | None = None) -> list[Occurrence]:
    """Occurrences of statements by ``subject`` (or spokespeople for them) in ``article``.

    ``sentences``, when given, must be ``split_sentences(article.body)`` (why:
    the importer splits every body already; splitting again cost about 3%).
    """
    from .occurrences import article_occurrences

    pats = patterns_for(subject)
    body = article.body
    ctx = _Ctx(article, pats)
    paras = paragraphs(body)
    para_quotes = [find_quotes(body, s, e) for s, e in paras]
    masked = _masked(body, paras, para_quotes)
    ctx.names = surnames(masked)
    ctx.masked = masked
    if sentences is None:
        units = [(u, qs) for (s, e), qs in zip(paras, para_quotes, strict=True) for u in _units(body, s, e, qs)]
    else:
        units = []
        k, n = 0, len(sentences)
        for (s, e), qs in zip(paras, para_quotes, strict=True):
            j = k
            while j < n and sentences[j][0] < e:
                j += 1
            units += [(u, qs) for u in _units(body, s, e, qs, sentences[k:j])]
            k = j
    return article_occurrences(body, masked, paras, units, ctx, subject)


def _masked(body: str, paras: list[tuple[int, int]], para_quotes: list[list[Quote]]) -> str:
    """``body`` with every quotation replaced by QMARK and spaces (same length, same offsets)."""
    pieces, pos = [], 0
    for qs in para_quotes:
        for q in qs:
            pieces.append(body[pos:q.start])
            pieces.append(QMARK + " " * (q.end - q.start - 1))
            pos = q.end
    pieces.append(body[pos:])
    return "".join(pieces)


__all__ = ["ANAPHORIC", "Verb", "analyse", "extract_article", "find_date", "find_setting"]
