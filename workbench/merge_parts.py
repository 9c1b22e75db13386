"""How ``workbench merge`` cuts the inputs' claims into the output's claims.

A passage (an occurrence: an article's bytes and a span) belongs to one live
claim in each input that holds it. Two passages stay together in the output
exactly when every input holding both keeps them in one claim: where one
reviewer merged two claims another kept apart, or split off a passage,
the finer cut stands, so no passage is in two claims and none is lost.
A passage an input does not hold at all (its article was not imported
there) says nothing about that input's cut: it joins the part that agrees
with every input that does hold it.

One span can be an occurrence of two claims of one file (extraction gives
"X said that Sessions — who testified … — has provided …" to X and to
Sessions). Such a span is as many passages as occurrences: told apart by
the occurrence's speaker and principal, then by the order of their claims'
wordings, alike in every input, so each of the claims keeps its own part
and its own verdicts (one claim would have to drop one of a reviewer's two).

Each output claim then says what an input claim holding its passages says
(wording, date, setting, speaker, on whose behalf): the one whose passages
are most nearly the part's own, so a part that one reviewer kept apart takes
the wording of that reviewer's claim, never that of a claim it was merged
into elsewhere. Each input claim's verdicts and evidence go to every part of
it: a verdict judges its passages.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

Key = tuple[Any, ...]  # (article sha256, start, end), then (speaker, principal, rank) for a shared span
Articles = dict[int, dict[str, Any]]  # an input's article id -> the output article
SUMMARY = ("verdict", "note", "reviewer", "updated_at", "disputed")  # recomputed on restore


@dataclass(eq=False)
class Part:
    """Passages that stay together, with the live claim holding them in each input."""

    keys: list[Key] = field(default_factory=list)
    holders: dict[int, dict[str, Any]] = field(default_factory=dict)  # input -> its claim

    def agrees(self, other: Part) -> bool:
        """``other`` holds these passages' claims in every input that holds these."""
        return all(other.holders.get(n) is c for n, c in self.holders.items())


def all_claims(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The live claims and those merged away: both hold verdicts, notes and evidence."""
    return [*doc["claims"], *(doc.get("merged_claims") or [])]


def wording(claim: dict[str, Any]) -> str:
    return " ".join(claim["text"].lower().split())


def span_key(row: dict[str, Any], arts: Articles) -> Key:
    return (arts[row["article_id"]]["sha256"], row["start"], row["end"])


def relink(row: dict[str, Any], arts: Articles) -> dict[str, Any]:
    """An input's occurrence or evidence row pointing at the output article (its own id dropped).

    Both ``article_id`` and the stem are set: the id is what tells apart two
    articles with one stem when the document is restored.
    """
    art = arts[row["article_id"]]
    out = {**row, "article": art["stem"], "article_id": art["id"]}
    out.pop("id", None)
    return out


def _passage_keys(docs: list[dict[str, Any]], articles: list[Articles]) -> dict[int, Key]:
    """id(occurrence row) -> its passage: its span, or for a span some input holds more than once,
    the span with the occurrence's speaker, principal and rank among that input's rows of both.

    The rank orders rows by their claims' wordings, so copies of one file rank them alike.
    """
    rows: dict[Key, list[list[tuple[dict[str, Any], dict[str, Any]]]]] = {}
    for doc, arts in zip(docs, articles, strict=True):
        mine: dict[Key, list[tuple[dict[str, Any], dict[str, Any]]]] = {}
        for c in doc["claims"]:
            for o in c["occurrences"]:
                mine.setdefault(span_key(o, arts), []).append((o, c))
        for k, held in mine.items():
            rows.setdefault(k, []).append(held)
    keys: dict[int, Key] = {}
    for k, per_input in rows.items():
        if all(len(held) == 1 for held in per_input):
            keys.update((id(held[0][0]), k) for held in per_input)
            continue
        for held in per_input:
            rank: Counter[tuple[Any, Any]] = Counter()
            for o, _ in sorted(held, key=_voice_and_wording):
                voice = (o.get("speaker"), o.get("on_behalf_of"))
                keys[id(o)] = (*k, *voice, rank[voice])
                rank[voice] += 1
    return keys


def _voice_and_wording(row: tuple[dict[str, Any], dict[str, Any]]) -> tuple[str, ...]:
    o, c = row
    return tuple(str(x or "") for x in (o.get("speaker"), o.get("on_behalf_of"), wording(c), c.get("speaker")))


class Cutter:
    """The common refinement of the inputs' claims (see the module docstring)."""

    def __init__(self, docs: list[dict[str, Any]], articles: list[Articles]) -> None:
        self.articles = articles
        self.passage: dict[Key, tuple[dict[str, Any], Articles]] = {}  # first input's occurrence row
        holders: dict[Key, dict[int, dict[str, Any]]] = {}
        loose: list[Part] = []  # claims without passages: nothing to cut them by
        self.claim_keys: dict[int, set[Key]] = {}  # id(input claim) -> its passages
        keyed = _passage_keys(docs, articles)
        for n, doc in enumerate(docs):
            for c in doc["claims"]:
                self.claim_keys[id(c)] = set()
                for o in c["occurrences"]:
                    k = keyed[id(o)]
                    self.claim_keys[id(c)].add(k)
                    self.passage.setdefault(k, (o, articles[n]))
                    holders.setdefault(k, {})[n] = c  # each key is one occurrence of an input
                if not c["occurrences"]:
                    loose.append(Part(holders={n: c}))
        by_cut: dict[tuple[tuple[int, int], ...], Part] = {}
        for k, held in holders.items():
            cut = tuple((n, id(c)) for n, c in sorted(held.items()))
            by_cut.setdefault(cut, Part(holders=dict(sorted(held.items())))).keys.append(k)
        self.parts = self._join_partial(list(by_cut.values()))
        self.parts = self._join_same_wording([*self.parts, *loose])

    @staticmethod
    def _join_partial(parts: list[Part]) -> list[Part]:
        """A part some inputs do not hold joins the part that agrees with every input holding it.

        Among several, the one held by the most inputs, then the larger, then the first.
        Parts are taken most-held first, so the one joined is never itself joined later.
        """
        index: dict[tuple[int, int], list[Part]] = {}
        for p in parts:
            for n, c in p.holders.items():
                index.setdefault((n, id(c)), []).append(p)
        gone: set[int] = set()
        for p in sorted(parts, key=lambda p: -len(p.holders)):
            n, c = next(iter(p.holders.items()))
            into = [q for q in index[(n, id(c))]
                    if id(q) not in gone and len(q.holders) > len(p.holders) and p.agrees(q)]
            if into:
                best = max(into, key=lambda q: (len(q.holders), len(q.keys)))
                best.keys.extend(p.keys)
                gone.add(id(p))
        return [p for p in parts if id(p) not in gone]

    def _join_same_wording(self, parts: list[Part]) -> list[Part]:
        """Parts no input holds together, that say the same thing: one statement found at other spans.

        Only parts held by different inputs join (two claims of one file stay apart),
        and only with the same wording, speaker and principal.
        """
        joined: dict[tuple[Any, ...], list[Part]] = {}
        out: list[Part] = []
        for p in parts:
            src = self.source(p)
            said = (wording(src), src.get("speaker"), src.get("on_behalf_of"))
            into = next((q for q in joined.get(said, []) if not q.holders.keys() & p.holders.keys()), None)
            if into is None:
                joined.setdefault(said, []).append(p)
                out.append(p)
            else:
                into.keys.extend(p.keys)
                into.holders.update(p.holders)
        return out

    def source(self, part: Part) -> dict[str, Any]:
        """The input claim that words the part: the speaker of one of its passages first,
        then the one whose passages are most nearly the part's, then the first input's."""
        mine = set(part.keys)
        voices = {(self.passage[k][0].get("speaker"), self.passage[k][0].get("on_behalf_of")) for k in mine}

        def overlap(item: tuple[int, dict[str, Any]]) -> tuple[bool, float, int]:
            n, c = item
            theirs = self.claim_keys[id(c)]
            union = len(mine | theirs)
            return ((c.get("speaker"), c.get("on_behalf_of")) in voices,
                    len(mine & theirs) / union if union else 1.0, -n)

        return max(sorted(part.holders.items()), key=overlap)[1]

    def record(self, part: Part, cid: int, src: dict[str, Any]) -> dict[str, Any]:
        """The output claim for ``part``: its source's (``src``, :meth:`source`) wording, its own
        passages, no verdicts yet."""
        out = {k: v for k, v in src.items() if k not in SUMMARY}
        out.update(id=cid, verdicts=[], evidence=[],
                   occurrences=[relink(*self.passage[k]) for k in part.keys])
        return out
