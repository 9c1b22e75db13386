"""Turning analysed sentences into Occurrence records.

Handles what is specific to whole articles rather than single verbs: a
quotation continued in the next sentence or paragraph (`…,” she said. “But …”`
and `X said:` followed by a quoted paragraph), quotes of the subject nested in
somebody else's quotation (a spokeswoman citing testimony with ‘…’), the
link between an unnamed spokesperson and the subject, and inherited date and
setting for anaphoric attributions ("In his reply", "during that hearing").
"""
from __future__ import annotations

import re
from bisect import bisect_left

from .attribute import Verb, _attr_text, analyse, verbs_of_plain
from .context import ANAPHORIC, find_date, find_setting
from .lexicon import PRONOUNS, REPORTING_VERB_RE, SOCIAL_POST
from .model import Occurrence, Subject
from .quotes import Quote, mask
from .referents import Speaker, _Ctx, defer
from .speakers import HE_OR_SHE

_SPOKES_NAME = re.compile(r"(?:[Ss]pokes\w+|[Ss]ecretary|[Rr]epresentative),?\s+([A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+){0,3})")
_ONLY_QUOTE = re.compile(r"[\s\x00.,;:!?”\"’')(—–-]*")
_HAS_VERB = re.compile(REPORTING_VERB_RE.pattern + "|" + SOCIAL_POST.pattern)
_RANK = {"direct": 0, "partial": 1, "indirect": 2}
# What joins one speaker's clause to the next speaker's ("…, and Franken said"), left out of an
# occurrence: spaces, dashes and these marks and words, holding at least one mark or word
# ("said that Franken said" is one statement).
_JOIN_MARKS = frozenset(",;:—–")
_CONJUNCTIONS = frozenset(("and", "but", "while", "whereas", "although", "though"))
_WORD = re.compile(r"\w+")


def _joiner_start(body: str, lo: int, hi: int) -> int | None:
    """Where the joiner ending at ``hi`` begins (not before ``lo``), or None when none ends there.

    A backward scan, linear in what it passes (a regular expression for it
    backtracked exponentially on a run of commas or dashes).
    """
    i, joined = hi, False
    while i > lo:
        ch = body[i - 1]
        if ch.isspace() or ch == "-":
            i -= 1
        elif ch in _JOIN_MARKS:
            i, joined = i - 1, True
        else:
            j = i
            while j > lo and body[j - 1].isalpha():
                j -= 1
            if body[j:i] not in _CONJUNCTIONS or (j > lo and body[j - 1].isalnum()):
                break
            i, joined = j, True
    return i if joined else None


def _content_end(v: Verb) -> int:
    """Where a verb's statement ends: its content, or its last quotation when that runs on."""
    return max(v.content_end, v.quotes[-1].end if v.quotes else 0)


def _own_span(body: str, masked: str, us: int, ue: int, subj: list[Verb], valid: list[Verb],
              alias: re.Pattern[str]) -> tuple[int, int]:
    """The subject's part of the unit: without another speaker's statement joined before or after it.

    Why: "Sessions said he never met the ambassador, and Franken said he
    did." was one occurrence of the subject holding Franken's words too,
    which then read as Sessions' and grouped with Franken's topic. A "he"
    or "she" after the subject's statement does not cut it: that the pronoun
    is somebody else is a guess ("…, and he later said he could not recall"
    is usually the subject going on). A statement before the subject's, or
    a quotation-first one after it, is cut off only when its speaker is named
    by name: a description ("the nominee", "a spokeswoman") may be the
    subject, or speak for them.
    """
    def named(v: Verb) -> bool:
        word = _WORD.match(body, v.speaker.start)
        return word is None or word.group().lower() not in PRONOUNS

    others = [v for v in valid if v.speaker.kind != "subj"]
    if not others:
        return us, ue
    start, end = us, ue
    own_end = max(max(_content_end(v), v.inverted_quote.end if v.inverted_quote else 0) for v in subj)
    # “…,” Franken said, put last: ends the subject's statement (also inside its computed content)
    reach = max(max(v.tok.end, v.inverted_quote.end if v.inverted_quote else 0) for v in subj)
    later = [o.inverted_quote.start for o in others
             if o.inverted_quote and o.inverted_quote.start >= reach and _proper(body, o)
             and _CLOSING.fullmatch(masked, _attribution_end(masked, o), ue)]
    end_at = min(own_end, *later) if later else own_end
    if end_at < ue and (later or any(min(o.speaker.start, o.tok.start) >= own_end and named(o) for o in others)):
        cut = _joiner_start(body, us, end_at)
        if cut is not None and cut > us:
            end = cut
    own_start = min(_statement_start(v) for v in subj)
    if own_start > us and _joiner_start(body, us, own_start) is not None \
            and any(_content_end(o) <= own_start or _wholly_before(body, masked, o, us, own_start, alias)
                    for o in others):
        start = own_start
    return start, end


# After a verb put after its quotation: names, days, months and these, before the punctuation.
_TAIL = re.compile(r"(?:\s+(?:[A-Z][\w.'’-]*|on|in|at|last|this|earlier|later|also|too))*")
_CLOSING = re.compile(r"[\s.,;:!?”\"’')]*")
_PERSONAL = re.compile(r"\b(?:[Hh]e|[Ss]he|[Hh]im|[Hh]is|[Hh]ers?)\b")
_DETERMINERS = frozenset(("the", "a", "an", "this", "that", "his", "her", "their", "its"))


def _statement_start(v: Verb) -> int:
    """Where a verb's statement begins: its quotation put first, else its speaker or verb."""
    return v.inverted_quote.start if v.inverted_quote else min(v.speaker.start, v.tok.start)


def _proper(body: str, v: Verb) -> bool:
    """Is the speaker somebody else named by name ("Franken", "Senator Al Franken"), not a
    pronoun, a description or a spokesperson (who may be the subject or speak for them)?"""
    word = _WORD.match(body, v.speaker.start)
    return (v.speaker.kind == "other" and word is not None and word.group()[:1].isupper()
            and word.group().lower() not in PRONOUNS and word.group().lower() not in _DETERMINERS)


def _attribution_end(masked: str, v: Verb) -> int:
    """Where the attribution of a verb put after its quotation ends ("said Franken on Tuesday")."""
    return _TAIL.match(masked, v.tok.end).end()  # type: ignore[union-attr]


def _wholly_before(body: str, masked: str, o: Verb, us: int, own_start: int, alias: re.Pattern[str]) -> bool:
    """Is ``o`` a named speaker's statement ending where the subject's begins, with only a
    joiner between ("“He lied,” Franken said, and “…,” Sessions said"; "Franken said,
    “He lied,” and …")?

    Not when anything before the subject's statement names the subject or anybody by
    pronoun outside quotation marks: the other speaker may be quoting the subject
    ("Franken quoted him as saying “…,” and “…,” Sessions said" stays whole).
    """
    if o.tok.end > own_start or not _proper(body, o):
        return False
    if alias.search(masked, us, own_start) or _PERSONAL.search(masked, us, own_start):
        return False
    pos = _attribution_end(masked, o)
    if not o.inverted_quote:  # "Franken said, “He lied,” and": its own quotation, then the joiner
        after = _GAP_QUOTE.match(masked, pos)
        own = next((q for q in o.quotes if after and q.start == after.end()), None)
        if own is None:
            return False
        pos = own.end
    return _joiner_start(body, pos, own_start) == pos


_GAP_QUOTE = re.compile(r"[\s,:]*")


def _spokes_name(label: str) -> str:
    m = _SPOKES_NAME.search(label)
    return m.group(1).rstrip(",.") if m else label


def _when_where(masked: str, start: int, end: int, v: Verb, ctx: _Ctx) -> tuple[str | None, str | None]:
    text = _attr_text(masked, start, end, v)
    setting = find_setting(text)
    said_on = find_date(text, ctx.article.published)
    if (setting is None and ANAPHORIC.search(text)) or (setting and ANAPHORIC.search(setting)):
        setting = ctx.last_setting or setting
        said_on = said_on or ctx.last_date
    return said_on, setting


def _occurrence(body: str, ctx: _Ctx, start: int, end: int, kind: str, speaker: str,
                on_behalf_of: str | None, said_on: str | None, setting: str | None) -> Occurrence:
    return Occurrence(ctx.article.key, start, end, body[start:end], kind, speaker, on_behalf_of, said_on, setting)


_POSSESSIVE_END = re.compile(r"(?:'s|’s|'|’)(?!\w)")
_LEAD_OK = re.compile(r"(?:^|[“\"‘',;:—(]|\b(?:that|but|and|But|And))\s*$")
_NEXT_OK = re.compile(r"[“\"‘']|(?:He|She|They|But)\b")


def _subject_is_topic(body: str, ctx: _Ctx, start: int, end: int) -> bool:
    """Is the subject the grammatical subject somewhere in ``body[start:end]`` (not an object)?"""
    for m in ctx.pats.alias.finditer(body, start, end):
        if _POSSESSIVE_END.match(body[m.end():m.end() + 3]):
            continue
        if _LEAD_OK.search(body[max(start, m.start() - 12):m.start()]) or m.start() == start:
            return True
    return False


def _link(body: str, ctx: _Ctx, v: Verb, next_unit: tuple[int, int] | None) -> bool:
    """An unnamed or org spokesperson speaks for the subject when what they say is about the subject."""
    if v.speaker.linked or any(n in v.speaker.label for n in ctx.linked_names):
        return True
    if _subject_is_topic(body, ctx, v.content_start, v.content_end):
        return True
    if next_unit and _NEXT_OK.match(body, next_unit[0]):
        return _subject_is_topic(body, ctx, *next_unit)
    return False


def _nested(body: str, masked: str, q: Quote, ctx: _Ctx, subject: Subject) -> list[Occurrence]:
    """Subject statements quoted inside somebody else's quotation (`… said that he ‘…’`)."""
    local = mask(body, q.inner_start, q.inner_end, q.nested).replace("Q", "\x00", 1) if q.nested else ""
    if not local:
        return []
    pieces, pos = [], q.inner_start
    for nq in q.nested:  # rebuild with QMARK for each nested quote, keeping offsets
        pieces.append(body[pos:nq.start])
        pieces.append("\x00" + " " * (nq.end - nq.start - 1))
        pos = nq.end
    pieces.append(body[pos:q.inner_end])
    inner = masked[:q.inner_start] + "".join(pieces) + masked[q.inner_end:]
    out = []
    for v in analyse(body, inner, q.inner_start, q.inner_end, q.nested, ctx):
        if v.valid and v.speaker.kind == "subj" and v.quotes:
            s = q.inner_start
            while s < q.inner_end and body[s].isspace():
                s += 1
            said_on, setting = _when_where(inner, q.inner_start, q.inner_end, v, ctx)
            out.append(_occurrence(body, ctx, s, v.quotes[-1].end, "partial", subject.name, None, said_on, setting))
    return out


def _plain(masked: str, start: int, end: int, named: bool) -> bool:
    """No alias (``named`` says whether there is one), he/she or spokesperson noun in the sentence
    (what find_mentions could make subj, pron or spokes)."""
    if named or HE_OR_SHE.search(masked, start, end):
        return False
    low = masked[start:end].lower()
    return not ("spokes" in low or "secretary" in low or "representative" in low)


class _PlainCarry:
    """``ctx.carry`` after a sentence given to ``defer``: its quoting speaker, found when needed."""

    __slots__ = ("end", "quotes", "start")

    def __init__(self, start: int, end: int, quotes: list[Quote]) -> None:
        self.start, self.end, self.quotes = start, end, quotes

    def speaker(self, body: str, masked: str, ctx: _Ctx) -> Speaker | None:
        valid = [v for v in verbs_of_plain(body, masked, self.start, self.end, self.quotes, ctx) if v.valid]
        quoted = [v for v in valid if v.quotes or v.inverted_quote]
        if quoted:
            return quoted[-1].speaker
        return valid[-1].speaker if valid and body[self.start:self.end].rstrip().endswith(":") else None


def article_occurrences(body: str, masked: str, paras: list[tuple[int, int]],
                        units: list[tuple[tuple[int, int], list[Quote]]], ctx: _Ctx,
                        subject: Subject) -> list[Occurrence]:
    """Occurrences for all units (sentences or multi-sentence quotations) of one article."""
    out: list[Occurrence] = []
    para_of = 0
    pqs_seen: list[Quote] | None = None
    q_starts: list[int] = []
    for n, ((us, ue), pqs) in enumerate(units):
        while para_of + 1 < len(paras) and paras[para_of][1] < us:
            para_of += 1
            if body[paras[para_of - 1][1] - 1] != ":":  # paragraphs end with their last visible character
                ctx.carry = None
        if pqs is not pqs_seen:  # a paragraph's units share its list of quotes
            pqs_seen, q_starts = pqs, [q.start for q in pqs]
        quotes = pqs[bisect_left(q_starts, us):bisect_left(q_starts, ue)]
        if quotes and type(ctx.carry) is _PlainCarry:
            ctx.carry = ctx.carry.speaker(body, masked, ctx)
        named = ctx.pats.alias.search(masked, us, ue) is not None
        has_verb = _HAS_VERB.search(masked, us, ue)
        nested = quotes and any(q.nested for q in quotes)
        if not has_verb and not nested and not (quotes and ctx.carry):
            ctx.pending.append((us, ue))
            if named:
                ctx.context_from(masked, us, ue)
            ctx.carry = None
            continue
        if has_verb and not nested and _plain(masked, us, ue, named):
            # Nobody here can be the subject or speak for them: no occurrence, and
            # what the sentence does to pronoun and quotation context is worked out
            # only if a later sentence asks (most never do).
            defer(us, ue, ctx)
            ctx.carry = _PlainCarry(us, ue, quotes)
            continue
        verbs = analyse(body, masked, us, ue, quotes, ctx)
        valid = [v for v in verbs if v.valid]
        next_unit = units[n + 1][0] if n + 1 < len(units) else None
        subj = [v for v in valid if v.speaker.kind == "subj"]
        spokes = [v for v in valid if v.speaker.kind == "spokes"]
        if not valid and quotes and ctx.carry and _ONLY_QUOTE.fullmatch(masked, us, ue):
            cont = Verb(verbs[0].tok if verbs else None, 0, ctx.carry, us)  # type: ignore[arg-type]
            cont.quotes, cont.valid, cont.kind, cont.content_end = quotes, True, "direct", ue
            (subj if ctx.carry.kind == "subj" else spokes).append(cont)
        if subj:
            v = subj[0]
            said_on, setting = _when_where(masked, us, ue, v, ctx) if v.tok else (ctx.last_date, ctx.last_setting)
            kind = min((s.kind for s in subj), key=_RANK.__getitem__)
            out.append(_occurrence(body, ctx, *_own_span(body, masked, us, ue, subj, valid, ctx.pats.alias),
                                   kind, subject.name,
                                   None, said_on, setting))
            ctx.set_context(setting, said_on)
        elif named:
            ctx.context_from(masked, us, ue)
        for v in spokes:
            if not _link(body, ctx, v, next_unit):
                continue
            name = _spokes_name(v.speaker.label)
            ctx.linked_names.add(name)
            said_on, setting = _when_where(masked, us, ue, v, ctx) if v.tok else (None, None)
            out.append(_occurrence(body, ctx, us, ue, v.kind, name, subject.name, said_on, setting))
            break
        own = {id(q) for v in subj for q in v.quotes + ([v.inverted_quote] if v.inverted_quote else [])}
        for q in quotes:
            if q.nested and id(q) not in own:
                out.extend(_nested(body, masked, q, ctx, subject))
        quoted = [v for v in valid if v.quotes or v.inverted_quote]
        if quoted:
            ctx.carry = quoted[-1].speaker
        elif not (quotes and ctx.carry and _ONLY_QUOTE.fullmatch(masked, us, ue)):
            ctx.carry = valid[-1].speaker if valid and body[us:ue].rstrip().endswith(":") else None
    return out
