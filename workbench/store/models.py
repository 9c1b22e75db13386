"""Plain records the store hands out; nothing here touches SQL or textual."""

from __future__ import annotations

from dataclasses import dataclass, field

LABELS = ("consistent", "contradicted", "unresolved")
STANCES = ("supports", "contradicts", "context")
FILTERS = ("all", "unreviewed", "consistent", "contradicted", "unresolved", "disputed")
MARKS = {"consistent": "✓", "contradicted": "✗", "unresolved": "?", None: "·"}


@dataclass(frozen=True)
class ArticleRow:
    """One article in the articles list (no body, so pages stay cheap)."""

    id: int
    stem: str
    source: str
    title: str | None
    outlet: str | None
    url: str | None
    published: str | None
    byline: str | None
    found: int = 0
    reviewed: int = 0


@dataclass(frozen=True)
class ClaimRow:
    """One line of the claims list."""

    id: int
    text: str
    speaker: str
    on_behalf_of: str | None
    said_on: str | None
    setting: str | None
    verdict: str | None
    n_sources: int
    rev: int
    disputed: bool = False
    reported_by: str | None = None  # undated: the earliest of its articles' dates (said by then)

    @property
    def mark(self) -> str:
        """The one-character verdict mark shown in lists and reports."""
        return "≠" if self.disputed else MARKS.get(self.verdict, "·")


@dataclass(frozen=True)
class Passage:
    """A span of an article tied to a claim: what occurrences and evidence have in common."""

    id: int
    claim_id: int
    article_id: int
    stem: str
    outlet: str | None
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Occurrence(Passage):
    kind: str
    speaker: str | None
    on_behalf_of: str | None


@dataclass(frozen=True)
class Verdict:
    claim_id: int
    reviewer: str
    label: str | None
    note: str | None
    updated_at: str
    settled: bool


@dataclass(frozen=True)
class Evidence(Passage):
    stance: str
    note: str | None
    reviewer: str | None
    created_at: str


@dataclass(frozen=True)
class ClaimDetail:
    """Everything the verdict panel shows for one claim."""

    claim: ClaimRow
    occurrences: list[Occurrence] = field(default_factory=list)
    verdicts: list[Verdict] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def outlets(self) -> list[str]:
        """Outlets in order of first appearance, one per article."""
        seen: dict[int, str] = {}
        for occ in self.occurrences:
            seen.setdefault(occ.article_id, occ.outlet or occ.stem)
        return list(seen.values())

    def verdict_of(self, reviewer: str) -> Verdict | None:
        return next((v for v in self.verdicts if v.reviewer == reviewer), None)

    @property
    def final(self) -> Verdict | None:
        """The verdict that counts: the settled one, else the latest."""
        return final_verdict(self.verdicts)


@dataclass(frozen=True)
class SearchHit:
    sentence_id: int
    article_id: int
    stem: str
    outlet: str | None
    start: int
    end: int
    text: str
    rank: float = 0.0
    title: str | None = None  # the article's headline, as the reviewer knows it


def final_verdict(rows: list[Verdict]) -> Verdict | None:
    """Pick the verdict that stands when several reviewers judged one claim.

    A settled verdict wins (the latest if several); otherwise the reviewers'
    shared label. While they disagree and nobody has settled it there is no
    verdict (the claim counts as not yet reviewed, and shows as disputed).
    Rows holding only a note never decide the label.
    """
    labelled = [v for v in rows if v.label]
    if not labelled:
        return None
    settled = [v for v in labelled if v.settled]
    if not settled and len({v.label for v in labelled}) > 1:
        return None  # reviewers disagree and nobody settled it: no verdict stands yet
    pool = settled or labelled
    return max(pool, key=lambda v: v.updated_at)


def is_disputed(rows: list[Verdict]) -> bool:
    """Reviewers disagree and nobody has settled it."""
    labelled = [v for v in rows if v.label]
    if len({v.label for v in labelled}) < 2:
        return False
    return not any(v.settled for v in labelled)
