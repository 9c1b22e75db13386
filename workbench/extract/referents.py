"""Who "he" and "she" are: the per-article context that attribution reads and updates.

Attribution (``attribute.py``) resolves each mention of a sentence to a
:class:`Speaker`; a pronoun takes the last mention that could be its
referent. Most sentences name nobody who matters, so their effect on that
context is worked out only when a later pronoun asks (``_Deferred``).
"""
from __future__ import annotations

from dataclasses import dataclass

from .context import find_date, find_setting
from .model import ArticleText
from .speakers import Mention, SubjectPatterns, find_mentions, tokenize


@dataclass
class Speaker:
    """Who speaks: ``kind`` is subj | spokes | other; ``start`` is where the speaker phrase begins."""

    kind: str
    start: int
    label: str = ""
    linked: bool = False
    stop: str = ""  # for `X, who said …,`: the separator that closes the relative clause


class _Ctx:
    """Per-article state: referents for pronouns, the last setting/date seen, known spokespeople."""

    def __init__(self, article: ArticleText, pats: SubjectPatterns) -> None:
        self.article = article
        self.pats = pats
        self._ref: Speaker | None = None
        # Sentences whose effect on ``last_ref`` is not computed yet (see ``_Deferred``), oldest first.
        self.deferred: list[_Deferred] = []
        self._setting: str | None = None
        self._date: str | None = None
        self._context_span: tuple[str, int, int] | None = None
        self.linked_names: set[str] = set()
        self.carry: Speaker | None = None  # speaker of the last quotation, for continuations
        self.names: set[str] = set()
        self.pending: list[tuple[int, int]] = []  # sentences skipped (no verb) since the last analysis
        self.masked = ""

    @property
    def last_ref(self) -> Speaker | None:
        """The referent of a "he"/"she" here: computed from deferred sentences only when asked for."""
        if self.deferred:
            self._ref = _settle_refs(self)
        return self._ref

    @last_ref.setter
    def last_ref(self, sp: Speaker | None) -> None:
        self._ref = sp
        self.deferred.clear()  # why: whatever they would have set is overwritten

    # The occasion and date of the last sentence naming the subject, for anaphoric
    # attributions ("in his reply"). Found lazily (why: most are never asked for).
    def set_context(self, setting: str | None, date: str | None) -> None:
        self._setting, self._date, self._context_span = setting, date, None

    def context_from(self, text: str, start: int, end: int) -> None:
        """The setting and date will be those named in ``text[start:end]``."""
        self._context_span = (text, start, end)

    def _settle(self) -> None:
        if self._context_span is not None:
            text, start, end = self._context_span
            piece = text[start:end]
            self.set_context(find_setting(piece), find_date(piece, self.article.published))

    @property
    def last_setting(self) -> str | None:
        self._settle()
        return self._setting

    @property
    def last_date(self) -> str | None:
        self._settle()
        return self._date


def _is_referent(m: Mention) -> bool:
    """Can ``m`` be what a later "he"/"she" refers to?"""
    return m.subj_pos and not m.possessive and (m.kind != "other" or m.person)


def _speaker(m: Mention, ref: Speaker | None, linked_names: set[str] | frozenset[str]) -> Speaker:
    """The speaker ``m`` denotes; ``ref`` is what a pronoun refers to there."""
    if m.kind == "pron":
        return Speaker(ref.kind, m.start, ref.label, ref.linked) if ref else Speaker("other", m.start)
    if m.kind == "subj":
        return Speaker("subj" if not m.possessive else "other", m.start)
    if m.kind == "spokes":
        return Speaker("spokes", m.start, m.label, m.linked or any(n in m.label for n in linked_names))
    return Speaker("other", m.start)


def _resolve(mentions: list[Mention], ctx: _Ctx) -> dict[int, Speaker]:
    """Map each mention start to the speaker it denotes, resolving he/she to the last subject."""
    out: dict[int, Speaker] = {}
    for m in mentions:
        sp = _speaker(m, ctx.last_ref if m.kind == "pron" else None, ctx.linked_names)
        out[m.start] = sp
        if _is_referent(m):
            ctx.last_ref = sp
    return out


class _Deferred:
    """Sentences analysed for pronoun context only if a later "he"/"she" needs them.

    Why: reading who a sentence names costs a tokenisation; most of that work
    was thrown away, because the next sentence names somebody itself before
    any pronoun.  ``spans`` are the sentences in order; for a group of skipped
    sentences (``pending``) only the last two count and the earlier is read only
    when the later names nobody, exactly as :func:`flush_pending` did.
    ``linked`` is the set of linked spokespeople at the time the sentences
    would have been read.
    """

    __slots__ = ("_mentions", "linked", "pending", "spans")

    def __init__(self, spans: list[tuple[int, int]], pending: bool, linked: frozenset[str]) -> None:
        self.spans = spans
        self.pending = pending
        self.linked = linked
        self._mentions: list[Mention] | None = None

    def mentions(self, ctx: _Ctx) -> list[Mention]:
        if self._mentions is None:
            found: list[list[Mention]] = []
            for s, e in reversed(self.spans):
                toks = tokenize(ctx.masked, s, e)
                ms = find_mentions(ctx.masked, s, e, toks, ctx.pats, ctx.names)
                found.append(ms)
                if self.pending and any(m.kind != "pron" and _is_referent(m) for m in ms):
                    break
            self._mentions = [m for ms in reversed(found) for m in ms]
        return self._mentions


def _settle_refs(ctx: _Ctx) -> Speaker | None:
    """``last_ref`` after the deferred sentences, reading as few of them as needed.

    A sentence naming a referent that is not a pronoun fixes ``last_ref``
    whatever came before, so the walk starts at the latest such sentence.
    """
    entries = ctx.deferred
    first = 0
    for k in range(len(entries) - 1, -1, -1):
        if any(m.kind != "pron" and _is_referent(m) for m in entries[k].mentions(ctx)):
            first = k
            break
    ref = ctx._ref if first == 0 else None
    for entry in entries[first:]:
        for m in entry.mentions(ctx):
            if _is_referent(m):  # _speaker has no side effects: only referents' are kept
                ref = _speaker(m, ref, entry.linked)
    entries.clear()
    return ref


def flush_pending(ctx: _Ctx) -> None:
    """Update pronoun context from the last sentences skipped for having no reporting verb.

    Why: most sentences report no speech; finding mentions in all of them would
    dominate run time, while "he" almost always points back at most two sentences.
    The later sentence is read first: when it names somebody who can be a
    referent (not just "he"), the one before cannot change the outcome.  The
    reading itself is deferred until a pronoun needs it (see ``_Deferred``).
    """
    if ctx.pending:
        ctx.deferred.append(_Deferred(ctx.pending[-2:], True, frozenset(ctx.linked_names)))
        ctx.pending.clear()


def defer(start: int, end: int, ctx: _Ctx) -> None:
    """What :func:`analyse` does to the context for a sentence that names no subject,
    spokesperson or he/she, without reading it now (see ``_Deferred``)."""
    flush_pending(ctx)
    ctx.deferred.append(_Deferred([(start, end)], False, frozenset()))
