"""Word lists used by attribution and grouping.

Everything here is general English news vocabulary (reporting verbs, function
words, role nouns); nothing names a particular subject or story, so the same
engine works for any person a story is about.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from operator import itemgetter
from typing import Any


def _forms(*specs: str) -> frozenset[str]:
    return frozenset(w for spec in specs for w in spec.split())


# Verbs that report speech and take a clause as content (`said that …`, `said he …`).
SAY_VERBS = _forms(
    "say says said saying",
    "testify testifies testified testifying",
    "stated stating",
    "insist insists insisted insisting",
    "maintain maintains maintained maintaining",
    "claim claims claimed claiming",
    "assert asserts asserted asserting",
    "argue argues argued arguing",
    "contend contends contended contending",
    "concede concedes conceded conceding",
    "reiterate reiterates reiterated reiterating",
    "declare declares declared declaring",
    "write writes wrote writing",
    "tweet tweets tweeted tweeting",
    "stress stresses stressed stressing",
)
# Verbs whose content may follow an object (`told senators he …`).
TELL_VERBS = _forms("tell tells told telling")
# Verbs that also take plain noun objects (`added his voice`, `responding to reports`):
# they only count with a quotation or a `that` clause.
WEAK_VERBS = _forms(
    "add adds added adding",
    "reply replies replied replying",
    "respond responds responded responding",
    "acknowledge acknowledges acknowledged acknowledging",
    "deny denies denied denying",
    "recall recalls recalled recalling",
    "explain explains explained explaining",
    "note notes noted noting",
    "admit admits admitted admitting",
    "repeat repeats repeated repeating",
    "announce announces announced announcing",
    "faulted faulting blamed blaming accused accusing criticized criticised praised dismissed",
    "called calling described describing",
)
# Of the weak verbs, these need a quotation (a `that` clause after them is somebody else's).
QUOTE_ONLY_VERBS = _forms(
    "faulted faulting blamed blaming accused accusing criticized criticised praised dismissed",
    "called calling described describing",
)
REPORTING_VERBS = SAY_VERBS | TELL_VERBS | WEAK_VERBS


def word_alternation(words: frozenset[str] | set[str]) -> str:
    """A regex matching exactly one of ``words``, factored as a trie.

    Why: ``said|says|saying|…`` makes the regex engine try every word at every
    position; ``sa(?:id|ys|ying)`` tries each letter once.  Wrapped in ``\\b…\\b``
    it matches exactly what the flat alternation matches.
    """
    trie: dict[str, dict] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        alts = [re.escape(ch) + build(node[ch]) for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return "(?:" + build(trie) + ")"


REPORTING_VERB_RE = re.compile(r"\b" + word_alternation(REPORTING_VERBS) + r"\b")
# "took to Twitter to blame …" reports a post the way "tweeted" does.
# \b(?:took|take|takes|taking) to … with the "t" first, so that a search skips to it (4x faster).
SOCIAL_POST = re.compile(r"t(?<!\wt)(?:ook|ake|akes|aking) to (?:Twitter|Facebook|social media|X)\b")

# Words that can sit between a speaker and the verb without changing who speaks.
AUX_ADVERBS = _forms(
    "has have had having would will could should may might must can do does did",
    "also then since earlier previously repeatedly initially later still once again first",
    "already now just even further subsequently reportedly publicly privately long often",
    "later today yesterday last night ever",
)
NEGATIONS = _forms("not never n't didn't doesn't don't hasn't haven't hadn't wouldn't won't")
BE_FORMS = _forms("is are was were be been being")
PRONOUNS = _forms("he she")
OTHER_PRONOUNS = _forms("they i we it you")
# Words after which a noun phrase is in subject position (not an object).
SUBJECT_PRECEDERS = _forms(
    ", ; : — – ( Q that and but or when while if whether as after before because although though",
    "since then instead so yet where once until unless also who",
)
QUESTION_WORDS = _forms("whether if")
PREPOSITIONS = _forms(
    "about above across after against along among around at before behind below beside between",
    "beyond by despite during for from in inside into like near of off on onto over past per",
    "regarding since through throughout to toward towards under until upon via with within without",
    "amid amongst close",
)
DETERMINERS = _forms("the a an this that these those his her their its our my your some any no every each")
# Words that open a clause of its own ("said [he|that|the …] …"): reported content follows.
CLAUSE_START = DETERMINERS | OTHER_PRONOUNS | PRONOUNS | {"there"}
# Common nouns that denote people who may speak ("a Justice Department spokeswoman").
PERSON_NOUNS = _forms(
    "official officials spokeswoman spokesman spokesperson spokespeople spokeswomen spokesmen",
    "source sources person people aide aides adviser advisers advisor lawyer lawyers attorney",
    "senator senators lawmaker lawmakers reporter reporters journalist journalists ambassador",
    "diplomat diplomats critic critics secretary director leader minister president candidate",
    "officer officers analyst analysts expert experts member members friend friends ally allies",
    "colleague colleagues democrats republicans investigators prosecutor prosecutors judge",
    "governor representative chairman chairwoman chair",
)
# Roles that stand where a spokesperson's name would be; a representative may also be somebody with a name.
SPOKES_ROLES = r"(?:[Ss]pokes(?:wo)?m[ae]n|[Ss]pokesperson|[Ss]pokespeople|[Pp]ress [Ss]ecretary)"
SPOKES_NOUNS = rf"(?:{SPOKES_ROLES}|[Rr]epresentative)"
MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            "january jan", "february feb", "march mar", "april apr", "may", "june jun",
            "july jul", "august aug", "september sept sep", "october oct", "november nov",
            "december dec",
        ]
    )
    for m in names.split()
}
WEEKDAYS = {d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}

STOPWORDS = _forms(
    "a an the and or but if then than that this these those there here of in on at by for with",
    "about against between into through during before after above below to from up down out off",
    "over under again further once all any both each few more most other some such no nor not",
    "only own same so too very can will just don should now i me my we our you your he him his",
    "she her it its they them their what which who whom whose when where why how is are was were",
    "be been being have has had having do does did doing would could might must shall may also",
    "never n't s t d ll re ve m o y as until while because although though however rather",
    "yet still even ever one two said says say saying told tell telling",
    "mr mrs ms dr sen rep gov",
    "didn doesn don hadn hasn haven isn wasn weren won wouldn couldn shouldn",
) | REPORTING_VERBS | AUX_ADVERBS

# Near-synonyms that news writers swap when paraphrasing the same statement.
_SYNONYMS = {
    "recall": "remember recall recalls recalled recollect recollection recollections remembers remembered forget forgot",
    "meet": "meet meets met meeting meetings encounter encounters encountered conversation conversations talk talks talked spoke speak spoken contact contacts",
}
SYNONYMS = {w: head for head, words in _SYNONYMS.items() for w in words.split()}

_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9’'.-]*[A-Za-z0-9]|[A-Za-z0-9]")


def stem(word: str) -> str:
    """Crude stem (why: paraphrases vary inflection; a 6-letter prefix is cheap and good enough)."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.strip("'.-")
    syn = SYNONYMS.get(w)
    if syn:
        return syn
    if len(w) > 6:
        return w[:6]
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


class Memo(dict):  # type: ignore[type-arg]
    """key -> ``fn(key)``, computed on first use (lookups run in C, also through ``map``).

    Cleared past 200,000 entries (why: bounded memory on huge imports; words
    and names repeat, so that is rarely reached).
    """

    def __init__(self, fn: Callable[[str], Any]) -> None:
        super().__init__()
        self.fn = fn

    def __missing__(self, key: str) -> Any:
        if len(self) > 200_000:
            self.clear()
        value = self[key] = self.fn(key)
        return value


_INFO_WORD, _INFO_STEM = itemgetter(0), itemgetter(1)


def _word_stem(token: str) -> tuple[str, str | None]:
    """(normalised word, stem) of a token; the stem is None for words that carry no content."""
    w = token.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if (w in STOPWORDS and w not in SYNONYMS) or (w.endswith("ly") and len(w) > 4) or "'" in w:
        return w, None
    return w, stem(w)


_STEM_CACHE = Memo(_word_stem)  # token -> (normalised word, stem or None)


def content_stems(text: str, drop: frozenset[str] = frozenset()) -> set[str]:
    """Stems of the content words of ``text`` (stopwords, -ly adverbs and ``drop`` removed).

    Why ``map`` over the cache: grouping calls this twice per occurrence, and a
    Python loop over every token was half of computing an occurrence's features.
    """
    infos = list(map(_STEM_CACHE.__getitem__, _WORD.findall(text)))
    if drop and not drop.isdisjoint(map(_INFO_WORD, infos)):
        return {s for w, s in infos if s is not None and w not in drop}
    out = set(map(_INFO_STEM, infos))
    out.discard(None)
    return out  # type: ignore[return-value]


def word_stems(ws: list[str]) -> list[str]:
    """Stems of the content words among ``ws`` (from :func:`words`), in order, repeats kept."""
    return [s for s in map(_INFO_STEM, map(_STEM_CACHE.__getitem__, ws)) if s is not None]


def words(text: str) -> list[str]:
    """Lower-cased words with contractions expanded (why: "don't" and "do not" quote the same words)."""
    t = text.lower().replace("’", "'").replace("n't", " not")
    return [m.group() for m in _WORD.finditer(t)]
