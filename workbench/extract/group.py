"""Grouping occurrences into claims, incrementally.

An occurrence joins an existing claim when one of these holds (best score wins):

* near duplicate: the same sentence reprinted (syndicated copy), Jaccard ≥ 0.6;
* shared quotation: a quoted 4-word sequence with ≥ 2 content words in common;
* paraphrase: content-word overlap of the reported content, with thresholds
  that depend on whether both sides name the same occasion (setting);
* identical quotation: the same quoted words after normalisation (case,
  punctuation, curly/straight marks, contractions); a quotation of four or
  more content words suffices on its own, a shorter one ("bad answers",
  "Total.", "I don't think so") also needs a content word of the surrounding
  clause in common ("‘total’ confidence" and "if he had 'confidence' …
  responded, 'Total.'"), so that a catchphrase does not join every use of it;
* elaboration: an indirect paraphrase immediately followed, in the same
  paragraph (one separating character), by a quotation of the same speaker on the same topic,
  or a lead-in ending in a colon followed by the quotation it announces;
* one voice: a spokesperson left unnamed in one article ("a Justice Department
  spokeswoman") and named in another ("Sarah Isgur Flores"), speaking for the
  same person, is one speaker when the named side's text names the same
  organisation (the claim takes the name);
* ellipsis: an elliptical report ("testified … that he hadn’t") joined by the
  next report in the article that names the same occasion.

Dates and settings that contradict each other always block a merge, except
that an identical quotation is not kept apart by a setting the other side's
text names too (the occasion then belongs to the reported content, as in
"gave “bad answers” during his confirmation hearing").  Quotations inside a
question put to the speaker ("Asked if he had 'confidence' in …") are the
questioner's words: they are not matched and not part of the canonical text.  Candidate
claims come from inverted indexes over content stems and quote n-grams, with
very common keys ignored, so each ``add`` costs about the same however many
claims exist (10,000 articles stay linear).
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from .context import dates_compatible, settings_compatible
from .features import Feat, features, quote_keys, quote_ngrams
from .lexicon import SPOKES_ROLES, content_stems, words
from .model import ClaimDraft, Occurrence, StoredClaim

_MAX_POSTINGS = 400  # keys shared by more claims than this carry no signal
_MAX_CANDIDATES = 60
# Words of the frame around a quote ("asked whether", "told reporters"), not of its topic: no shared context.
_FRAME = frozenset(content_stems(
    "whether asked asks pressed questioned quizzed question questions reporters journalists "
    "afterward later earlier yesterday today"))
# A spokesperson's role where their name would be ("a Justice Department spokeswoman"). Not
# "representative": "Representative Adam Schiff" is somebody with a name.
_ROLE = re.compile(rf"\b{SPOKES_ROLES}\b")
_EXACT = 6.5  # score of an identical quotation (below elaboration 8 and weak 7: those are local evidence)


@dataclass(slots=True)
class _Claim:
    key: int | str
    speaker: str | None
    on_behalf_of: str | None
    said_on: str | None
    setting: str | None
    vocab: set[str] = field(default_factory=set)
    ngrams: set[tuple[str, ...]] = field(default_factory=set)
    qkeys: set[str] = field(default_factory=set)
    fulls: list[frozenset[str]] = field(default_factory=list)
    fulls_union: set[str] = field(default_factory=set)  # every stem of ``fulls``: rules out near duplicates at once
    articles: set[str] = field(default_factory=set)
    paraphrased: bool = True  # has indirect/partial occurrences (or unknown, for stored claims)
    weak_article: str | None = None
    draft: ClaimDraft | None = None
    best: tuple[int, int] = (9, 0)  # (kind rank, -length) of the canonical wording
    seq: int = -1  # position in creation order (what the inverted indexes store)
    moved: bool = False  # its one passage went to another claim: no longer a candidate


_KIND_RANK = {"direct": 0, "partial": 1}


def _canonical(occ: Occurrence, feat: Feat) -> tuple[tuple[int, int], str]:
    rank = _KIND_RANK.get(occ.kind, 2)
    if feat.quotes and rank < 2:
        text = " … ".join(q.strip(" ,") for q in feat.quotes)
    else:
        text = occ.text
    return (rank, -len(text)), text


def _identical_quote(c: _Claim, feat: Feat) -> bool:
    """Does ``feat`` repeat a quotation of ``c`` word for word, with enough around it to be the same statement?"""
    qkeys, cq = feat.qkeys, c.qkeys
    if not qkeys or not cq:
        return False
    context = None
    for key, needs_context in qkeys.items():
        if key in cq:
            if not needs_context:
                return True
            if context is None:
                context = feat.full - feat.own - _FRAME  # the clause around the quotes
            if context and any(not context.isdisjoint(f) for f in c.fulls):
                return True
    return False


@lru_cache(maxsize=1024)
def _role_of(label: str) -> frozenset[str] | None:
    """For a spokesperson known by role only, the stems of whom they speak for ("justic",
    "depart"; maybe none); None for one known by name."""
    m = _ROLE.search(label)
    return None if m is None else frozenset(content_stems(label[:m.start()] + " " + label[m.end():]))


def _one_voice(c: _Claim, speaker: str | None, feat: Feat) -> bool:
    """Is the occurrence's spokesperson the claim's, named on one side and unnamed on the other?

    The unnamed side's organisation must be named in the other side's text
    ("a Justice Department spokeswoman" and "…, said a Justice Department
    spokeswoman, Sarah Isgur Flores"), so that a White House spokesman does
    not become Sarah Isgur Flores. Two unnamed or two named spokespeople are
    different speakers.
    """
    if c.speaker is None or speaker is None:
        return False
    theirs, ours = _role_of(c.speaker), _role_of(speaker)
    if (theirs is None) == (ours is None):
        return False
    return theirs <= feat.full if theirs is not None else ours <= c.fulls_union  # type: ignore[operator]


@lru_cache(maxsize=4096)
def _setting_stems(setting: str | None) -> frozenset[str]:
    return frozenset(content_stems(setting)) if setting else frozenset()


def _setting_named_by_other(c: _Claim, occ: Occurrence, feat: Feat) -> bool:
    """Does either side's text name the other's occasion (so the two settings need not be different occasions)?"""
    own = _setting_stems(occ.setting)
    if own and any(own <= f for f in c.fulls):
        return True
    theirs = _setting_stems(c.setting)
    return bool(theirs) and theirs <= feat.full


def _follows(prev: Occurrence, occ: Occurrence, feat: Feat) -> bool:
    """Is ``occ`` a quotation right after the indirect report ``prev``, by the same speaker?"""
    return (bool(feat.quotes) and prev.kind == "indirect" and prev.article == occ.article
            and prev.speaker == occ.speaker and 0 <= occ.start - prev.end <= 3)


def _announces(prev: Occurrence, occ: Occurrence, feat: Feat) -> bool:
    """Is ``prev`` a lead-in ending in a colon ("… said that Sessions had replied … as a Trump
    adviser, not as a senator:") and ``occ`` the quotation it announces, whatever its words?"""
    return _follows(prev, occ, feat) and prev.text.rstrip().endswith(":")


def _elaborates(prev: Occurrence, prev_feat: Feat, occ: Occurrence, feat: Feat) -> bool:
    """Does the quotation ``occ`` spell out the indirect report just before it: right after it in
    the same paragraph on the same topic (two content words in common), or announced by it?"""
    if not _follows(prev, occ, feat):
        return False
    return (occ.start - prev.end == 1 and len(prev_feat.content & feat.content) >= 2) or _announces(prev, occ, feat)


class Grouper:
    """Incremental grouping so a store can add articles over several imports and 10,000 articles stay linear."""

    def __init__(self, existing: Iterable[StoredClaim] = ()) -> None:
        """``existing``: stored claims as (id, text, said_on, setting, speaker, on_behalf_of, passages).

        Each stored claim takes in its passages as one import would have, so
        articles imported one at a time group as they would together; a claim
        without passages (none are left to it) is known by its text alone.
        """
        self._claims: dict[int | str, _Claim] = {}
        self._seq: list[_Claim] = []  # claims in creation order; postings hold these positions
        self._index: dict[str, list[int]] = {}
        self._ngram_index: dict[tuple[str, ...], list[int]] = {}
        self._quote_index: dict[str, list[int]] = {}
        self._last: tuple[Occurrence, Feat, int | str] | None = None
        self._weak: dict[str, int | str] = {}
        self._drafts: dict[str, ClaimDraft] = {}
        self._named: dict[int, str] = {}  # stored claims whose unnamed spokesperson has a name now
        self._moved: dict[int | str, int | str] = {}  # a lead-in's own new claim -> the claim it went to
        self._n = 0
        for claim_id, text, said_on, setting, speaker, behalf, passages in existing:
            # Who said it: a spokesperson's words do not join the subject's stored claim
            # on a later import, as they would not within one import.
            c = _Claim(claim_id, speaker or None, behalf, said_on, setting)
            self._new(c)
            if passages:
                c.paraphrased = False
                for article, ptext, kind, pspeaker in passages:
                    occ = Occurrence(article, 0, len(ptext), ptext, kind, pspeaker or "")
                    c.paraphrased = c.paraphrased or kind != "direct"
                    self._absorb(c, occ, features(occ))
                continue
            fake = Occurrence("", 0, len(text), text, "direct", "")
            feat = features(fake)
            feat.content |= content_stems(text)
            feat.ngrams |= quote_ngrams(text)
            if feat.qkeys is None:
                feat.qkeys, feat.own = quote_keys([words(p) for p in text.split(" … ")])
            self._absorb(c, fake, feat)

    # -- bookkeeping -------------------------------------------------------
    def _new(self, c: _Claim) -> None:
        c.seq = len(self._seq)
        self._seq.append(c)
        self._claims[c.key] = c

    def _absorb(self, c: _Claim, occ: Occurrence, feat: Feat) -> None:
        seq, vocab, index = c.seq, c.vocab, self._index
        for t in feat.content | feat.full:
            if t not in vocab:
                lst = index.get(t)
                if lst is None:
                    index[t] = [seq]
                elif len(lst) <= _MAX_POSTINGS:
                    lst.append(seq)
        vocab |= feat.content
        if feat.ngrams:
            ngram_index = self._ngram_index
            for g in feat.ngrams - c.ngrams:
                lst = ngram_index.get(g)
                if lst is None:
                    ngram_index[g] = [seq]
                elif len(lst) <= _MAX_POSTINGS:
                    lst.append(seq)
            c.ngrams |= feat.ngrams
        if feat.qkeys:
            quote_index, cq = self._quote_index, c.qkeys
            for k in feat.qkeys:
                if k not in cq:
                    cq.add(k)
                    lst = quote_index.get(k)
                    if lst is None:
                        quote_index[k] = [seq]
                    elif len(lst) <= _MAX_POSTINGS:
                        lst.append(seq)
        if len(c.fulls) < 8:
            c.fulls.append(feat.full)
            c.fulls_union |= feat.full
        if occ.article:
            c.articles.add(occ.article)
        c.said_on = c.said_on or occ.said_on
        c.setting = c.setting or occ.setting

    def _candidates(self, feat: Feat) -> list[_Claim]:
        """Claims sharing the most keys with ``feat`` (a quote n-gram counts 3, a stem 1); ties: oldest first.

        Everything per posting runs in C (Counter, sort): the bag
        holds up to a few thousand postings for every occurrence added.
        """
        bag: list[int] = []
        ngram_index = self._ngram_index
        for g in feat.ngrams:
            lst = ngram_index.get(g)
            if lst:
                bag += lst
        if feat.qkeys:
            quote_index = self._quote_index
            for k in feat.qkeys:
                lst = quote_index.get(k)
                if lst:
                    bag += lst
        bag *= 3
        index = self._index
        for t in feat.content | feat.full:
            lst = index.get(t)
            if lst and len(lst) <= _MAX_POSTINGS:
                bag += lst
        if not bag:
            return []
        counts = Counter(bag)
        keep = sorted(counts)
        keep.sort(key=counts.__getitem__, reverse=True)  # stable: equal counts stay oldest first
        return list(map(self._seq.__getitem__, keep[:_MAX_CANDIDATES]))

    def _best(self, cands: list[_Claim], occ: Occurrence, feat: Feat) -> tuple[float, int | str | None]:
        """The first best-scoring candidate (the hot loop of grouping, kept in one piece for speed).

        Rules, each giving a score: identical quotation, near duplicate
        (Jaccard ≥ 0.6), shared quoted 4-gram, paraphrase; see the module
        docstring. Speaker, date and setting conflicts exclude a candidate.
        """
        speaker, behalf, said_on, setting, article = occ.speaker, occ.on_behalf_of, occ.said_on, occ.setting, occ.article
        full, ngrams, content = feat.full, feat.ngrams, feat.content
        # claims holding one of the occurrence's quotes word for word (from the index: no per-candidate set work)
        quoted: set[int] = set()
        if feat.qkeys:
            quote_index = self._quote_index
            for k in feat.qkeys:
                lst = quote_index.get(k)
                if lst:
                    quoted.update(lst)
        nf = len(full)
        lo, hi = 3 * nf, 5 * nf  # a full-text set can reach Jaccard 0.6 only with 3nf <= 5nc and 3nc <= 5nf
        para = occ.kind != "direct" and bool(content)
        ncontent = len(content)
        # Short quotes only ("fake news"): long quotations may match as paraphrases.
        quoted_only, own = bool(feat.qkeys) and all(feat.qkeys.values()), feat.own
        best, best_key = 0.0, None
        for c in cands:
            if c.moved:
                continue
            if c.speaker is not None and (c.speaker != speaker or c.on_behalf_of != behalf) \
                    and not (behalf and c.on_behalf_of == behalf and _one_voice(c, speaker, feat)):
                continue
            a = c.said_on
            if a and said_on and not (a.startswith(said_on) or said_on.startswith(a)):
                continue
            if c.setting and setting and c.setting != setting and not settings_compatible(c.setting, setting):
                if c.seq in quoted and _identical_quote(c, feat) and _setting_named_by_other(c, occ, feat) and _EXACT > best:
                    best, best_key = _EXACT, c.key
                continue
            s = _EXACT if quoted and c.seq in quoted and _identical_quote(c, feat) else 0.0
            # Jaccard >= 0.6 needs |full & f| >= 0.6 * nf (as |f| >= |full & f|), so
            # at least that many stems in common with the union of the fulls.
            if nf and 5 * len(full & c.fulls_union) >= 3 * nf:
                jac = 0.0
                for f in c.fulls:
                    nc = len(f)
                    if 5 * nc < lo or 3 * nc > hi:
                        continue
                    inter = len(full & f)
                    j = inter / (nf + nc - inter)
                    if j > jac:
                        jac = j
                if jac >= 0.6:
                    s = 10 + jac
            if ngrams:
                shared = len(ngrams & c.ngrams)
                if shared and 5 + shared > s:
                    s = 5 + shared
            if para:
                shared_words = content & c.vocab
                if quoted_only and c.seq in quoted and shared_words <= own:
                    # Both quote the same short words and nothing else matches:
                    # that is the identical-quotation rule's call (which wants
                    # shared context, or "fake news" would join every use), not
                    # a paraphrase.
                    if s > best:
                        best, best_key = s, c.key
                    continue
                ov = len(shared_words)
                cont = ov / ncontent
                if not c.paraphrased and article not in c.articles:
                    ok = ov >= 3 and cont >= 0.8
                elif c.setting and setting:
                    ok = ov >= 1 and cont >= 0.5
                else:
                    ok = (ov >= 2 and cont >= 0.6) or (ov >= 3 and cont >= 0.4)
                if ok and ov + cont > s:
                    s = ov + cont
            if s > best:
                best, best_key = s, c.key
        return best, best_key

    # -- public API --------------------------------------------------------
    def add(self, occ: Occurrence) -> int | str:
        """Group ``occ``: return the id of the stored claim it joins, or the key of a (new) draft."""
        return self._add(occ, features(occ))

    def add_all(self, occs: Sequence[Occurrence]) -> list[int | str]:
        """:meth:`add` each of ``occs`` in order (the same keys), computing all their features first.

        Why: features are text work and grouping is index work; doing each for
        many occurrences at a time keeps its code and data in the processor's
        caches (grouping a 2,000-article corpus ~12% faster).
        """
        feats = [features(occ) for occ in occs]
        keys = [self._add(occ, feat) for occ, feat in zip(occs, feats, strict=True)]
        return [self.resolve(k) for k in keys] if self._moved else keys

    def resolve(self, key: int | str) -> int | str:
        """The claim an occurrence given ``key`` by :meth:`add` is in now.

        Only a lead-in's key changes, when the quotation it announces (the
        next occurrence) joins another claim: the lead-in goes with it.
        :meth:`add_all` returns resolved keys.
        """
        return self._moved.get(key, key)

    def _add(self, occ: Occurrence, feat: Feat) -> int | str:
        best_key: int | str | None = None
        best = 0.0
        cands = self._candidates(feat)
        if cands:
            best, best_key = self._best(cands, occ, feat)
        last = self._last
        if best < 8 and last and _elaborates(last[0], last[1], occ, feat):
            best, best_key = 8, last[2]
        wk = self._weak.get(occ.article)
        if best < 7 and wk is not None and wk in self._claims:
            c = self._claims[wk]
            if c.setting and occ.setting and settings_compatible(c.setting, occ.setting) \
                    and dates_compatible(c.said_on, occ.said_on) and c.speaker == occ.speaker:
                best, best_key = 7, wk
                del self._weak[occ.article]
        if best_key is not None and last and best_key != last[2] and _announces(last[0], occ, feat):
            self._fold_lead_in(last[0], last[1], last[2], best_key)
        if best_key is None:
            self._n += 1
            best_key = f"d{self._n}"
            c = _Claim(best_key, occ.speaker, occ.on_behalf_of, None, None, paraphrased=False)
            c.draft = ClaimDraft("", occ.speaker, occ.on_behalf_of, None, None, [])
            self._new(c)
            self._drafts[best_key] = c.draft
            if feat.weak:
                self._weak[occ.article] = best_key
        c = self._claims[best_key]
        if c.speaker and occ.speaker and c.speaker != occ.speaker \
                and _role_of(c.speaker) is not None and _role_of(occ.speaker) is None:
            c.speaker = occ.speaker  # the unnamed spokesperson has a name now
            if c.draft is not None:
                c.draft.speaker = occ.speaker
            else:
                self._named[c.key] = occ.speaker  # type: ignore[index]
        if occ.kind != "direct":
            c.paraphrased = True
        self._absorb(c, occ, feat)
        if c.draft is not None:
            rank, text = _canonical(occ, feat)
            c.draft.occurrences.append(occ)
            if rank < c.best:
                c.best, c.draft.text = rank, text
            c.draft.said_on, c.draft.setting = c.said_on, c.setting
        self._last = (occ, feat, best_key)
        return best_key

    def _fold_lead_in(self, lead: Occurrence, feat: Feat, own: int | str, target: int | str) -> None:
        """Move a lead-in from the claim it began into ``target``, the claim of the quotation it announces.

        Why: whichever came first, the lead-in and its quotation are one
        statement; but the quotation (a near duplicate of another article's)
        may join an older claim. Only a claim the lead-in began and holds
        alone moves, and only where dates and occasions agree.
        """
        y, x = self._claims[own], self._claims[target]
        if y.draft is None or len(y.draft.occurrences) != 1 or not dates_compatible(x.said_on, lead.said_on):
            return
        if x.setting and lead.setting and not settings_compatible(x.setting, lead.setting):
            return
        y.moved = True
        del self._drafts[own]  # type: ignore[arg-type]
        self._moved[own] = target
        if self._weak.get(lead.article) == own:
            del self._weak[lead.article]
        x.paraphrased = True
        self._absorb(x, lead, feat)
        if x.draft is not None:
            x.draft.occurrences.append(lead)
            x.draft.said_on, x.draft.setting = x.said_on, x.setting

    def named(self) -> dict[int, str]:
        """Stored claims (id -> speaker) whose unnamed spokesperson a new occurrence names."""
        return dict(self._named)

    def drafts(self) -> dict[str, ClaimDraft]:
        """The new claims formed so far (key -> draft), each with its canonical text."""
        return dict(self._drafts)
