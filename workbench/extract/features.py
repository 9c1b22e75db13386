"""What grouping compares in an occurrence, computed from its text alone.

Stored claims carry only their text, so the features of new occurrences and
of claims already in a database come from the same function.  See
``group.py`` for how they are compared.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .context import SETTING
from .lexicon import REPORTING_VERB_RE, STOPWORDS, content_stems, word_stems, words
from .model import Occurrence
from .quotes import Quote, find_quotes

_VERB = REPORTING_VERB_RE
# A question put to the speaker: the opener, then (before any reporting verb) whether/if/about.
_ASKED = re.compile(r"\b(?:[Aa]sked|[Pp]ressed|[Qq]uestioned|[Qq]uizzed)\b")
_QWORD = re.compile(r"\b(?:whether|if|about)\b")
_ASKER = frozenset("he she i we".split())


@dataclass(slots=True)
class Feat:
    """What grouping looks at in one occurrence."""

    quotes: list[str]
    content: set[str]
    ngrams: set[tuple[str, ...]]
    full: frozenset[str]
    weak: bool
    qkeys: dict[str, bool] | None = None  # normalised quote -> needs a shared context word
    own: set[str] = field(default_factory=set)  # content stems of the quotes


def quote_ngrams(text: str | list[str]) -> set[tuple[str, ...]]:
    """4-word sequences with at least two content words (a shared one marks the same quotation)."""
    ws = words(text) if isinstance(text, str) else text
    content = [w not in STOPWORDS for w in ws]
    out = set()
    for i in range(len(ws) - 3):
        if content[i] + content[i + 1] + content[i + 2] + content[i + 3] >= 2:
            out.add(tuple(ws[i:i + 4]))
    return out


def _question_quotes(text: str, qs: list[Quote], drop: frozenset[str]) -> set[int]:
    """Indexes in ``qs`` of quotations inside a question put to the speaker ("Asked if he had 'confidence' in …").

    The question runs from ``asked``/``pressed``/``questioned`` to the first
    reporting verb outside quotation marks; it counts only when whether/if/about
    comes before that verb and the asker is not the speaker ("he asked whether").
    """
    out: set[int] = set()
    last_quote = qs[-1].start
    for m in _ASKED.finditer(text):
        if m.end() > last_quote:
            break
        qw = _QWORD.search(text, m.end(), last_quote)
        if qw is None:
            break
        before = text[max(0, m.start() - 24):m.start()].split()
        if before and before[-1].lower().strip(",") in _ASKER | drop:
            continue
        verb = next((v.start() for v in _VERB.finditer(text, m.end())
                     if not any(q.start <= v.start() < q.end for q in qs)), len(text))
        if qw.start() >= verb or any(q.start <= qw.start() < q.end for q in qs):
            continue
        out.update(k for k, q in enumerate(qs) if qw.end() <= q.start < verb)
    return out


def quote_keys(quote_words: list[list[str]]) -> tuple[dict[str, bool] | None, set[str]]:
    """Normalised quotes that can identify a statement (key -> needs context) and the quotes' content stems.

    ``quote_words`` holds :func:`words` of each quotation: lower case, straight
    apostrophes, contractions expanded, punctuation gone.
    """
    keys: dict[str, bool] = {}
    own: set[str] = set()
    for ws in quote_words:
        stems = set(word_stems(ws))
        own |= stems
        if not stems or not ws:
            continue  # "no", "so": nothing to identify a statement by
        key = " ".join(ws)
        # A short quote ("bad answers", "fake news") can be a catchphrase said on
        # many occasions: it identifies a statement only with a content word of
        # the surrounding clause in common. Four content words are distinctive.
        needs = len(stems) < 4
        keys[key] = keys.get(key, True) and needs
    return (keys or None), own


@lru_cache(maxsize=1024)
def _name_words(speaker: str | None) -> frozenset[str]:
    """The speaker's own name words, which say nothing about what was said."""
    return frozenset(w.lower() for w in (speaker or "").split())


def features(occ: Occurrence) -> Feat:
    """Features of an occurrence, recomputed from its text (why: stored occurrences carry only text)."""
    text = occ.text
    drop = _name_words(occ.speaker)
    qs = find_quotes(text, 0, len(text))
    if qs and ("sked" in text or "ressed" in text or "uestioned" in text or "uizzed" in text):
        asked = _question_quotes(text, qs, drop)
        if asked:
            qs = [q for k, q in enumerate(qs) if k not in asked]
    inner = [q for q in qs for q in (q.nested or [q])]
    quotes = [text[q.inner_start:q.inner_end] for q in inner]
    if occ.kind == "direct" and quotes:
        content_text = " ".join(quotes)
    else:
        first_verb = next((m for m in _VERB.finditer(text) if not any(q.start <= m.start() < q.end for q in qs)), None)
        content_text = text[first_verb.end():] if first_verb else text
        if quotes:
            content_text = content_text[: max(0, content_text.rfind(quotes[-1]) + len(quotes[-1]))] or content_text
    content = content_stems(content_text, drop)
    # elliptical report ("testified at his hearing that he hadn’t"): nothing left once the occasion is removed
    if quotes:
        weak = False
    else:
        bare = SETTING.sub(" ", content_text)
        weak = len(content if bare == content_text else content_stems(bare, drop)) <= 1
    full = frozenset(content_stems(text, drop))
    if not quotes:
        return Feat(quotes, content, set(), full, weak)
    quote_words = [words(q) for q in quotes]
    feat = Feat(quotes, content, quote_ngrams([w for ws in quote_words for w in ws]), full, weak)
    feat.qkeys, feat.own = quote_keys(quote_words)
    return feat
