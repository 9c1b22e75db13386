"""What the review screen shows when it opens, read before the screen exists.

Why: opened the ordinary way, the screen paints empty panes and then fills
them as its workers return (lists, progress, then the claim's detail, which
waits for the list): five or six full repaints and 150 ms before the screen
is complete. ``workbench review`` instead calls :func:`try_read_opening`
right after opening the database and before Textual is even imported (2 ms
on the fixtures, ~15 ms at 100,000 claims; in a thread beside the import it
took 20 to 120 ms, the two fighting for the GIL), so the first frame already
shows everything. The reads are the ones the screen's own workers do,
through the same helpers below; nothing here imports Textual, and there is
no event loop yet to block.

Without an opening (another caller, or a read that failed) the screen loads
the usual way, in workers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from workbench.store import FILTERS, ArticleRow, ClaimDetail, Evidence, Occurrence, SearchHit, Store

PAGE = 200  # rows per page of a virtual list


@dataclass
class ArticleText:
    """One article as the article pane needs it (loaded in a worker)."""

    article: ArticleRow
    body: str
    sentences: list[tuple[int, int, int]]
    occurrences: list[Occurrence] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)


def read_article(store: Store, article_id: int) -> ArticleText | None:
    """Everything the article pane needs (runs in a worker thread)."""
    row = store.article(article_id)
    if row is None:
        return None
    return ArticleText(row, store.article_body(article_id), store.sentences(article_id),
                       store.occurrences_in_article(article_id), store.evidence_in_article(article_id))


NO_OCCURRENCE = -1  # none chosen yet (a claim just reached): see pick_occurrence


def pick_occurrence(detail: ClaimDetail, occurrence: int, article_id: int | None) -> int:
    """The occurrence to show: the one chosen (``o``, resume), else the first in the chosen article
    when the claims are narrowed to one, else the first.

    Why "none chosen" is its own value and not 0: with the claims narrowed to one
    article, ``o`` cycling back to the claim's first occurrence (in another article)
    was taken for "none chosen" and went to the narrowed article's instead, so the
    first occurrence could never be shown.
    """
    if occurrence < 0:
        for i, occ in enumerate(detail.occurrences):
            if occ.article_id == article_id:
                return i
        return 0
    return occurrence % len(detail.occurrences)


def list_window(count: int, index: int, cursor: int) -> tuple[int, int]:
    """(cursor row, first row of its page) for a list of ``count`` rows.

    ``index`` is where the cursor should go (-1: stay at ``cursor``), clamped.
    """
    target = cursor if index < 0 else index
    target = max(0, min(target, count - 1)) if count else 0
    return target, (target // PAGE) * PAGE


@dataclass
class ListSeed:
    """A virtual list's first load: its count, cursor and the page holding the cursor."""

    count: int
    target: int
    first: int
    rows: list[Any]


@dataclass
class ClaimSeed:
    """The claim under the cursor: its detail, suggestions and the article of the occurrence shown."""

    claim_id: int
    detail: ClaimDetail | None
    suggestions: list[SearchHit]
    article: ArticleText | None
    occurrence: int = 0  # which of its occurrences asked for (the resumed one, at opening)
    sentence_at: int | None = None  # where the text pane's sentence cursor goes (resumed), if anywhere


@dataclass
class Opening:
    """Everything the first frame of the review screen shows."""

    state: dict[str, Any]
    story: dict[str, Any]
    article: ArticleRow | None
    filter: str
    claims: ListSeed
    articles: ListSeed
    progress: dict[str, int]
    claim: ClaimSeed | None
    events_seen: int = 0  # the last event when it was read: a later one by another reviewer is news

    @property
    def article_count(self) -> int:
        return self.articles.count


def read_list(count: Callable[[], int], page: Callable[[int, int], list[Any]],
              locate: Callable[[], int] | None = None, cursor: int = 0) -> ListSeed:
    """A virtual list's load: its count, the cursor (``locate``'s index, else ``cursor``) and
    the page holding it. The list's own reloads read through this too, so the first frame
    shows what the screen would have loaded."""
    n = count()
    target, first = list_window(n, locate() if locate is not None else -1, cursor)
    return ListSeed(n, target, first, page(first, PAGE) if n else [])


def read_claim(store: Store, claim_id: int, occurrence: int, article_id: int | None,
               occurrence_id: int | None = None) -> ClaimSeed:
    """A claim's detail, suggestions and article (the detail worker's reads); ``occurrence_id``:
    show that occurrence if the claim still has it (the resumed one), else ``occurrence``."""
    detail = store.claim(claim_id)
    suggestions = store.suggest_evidence(claim_id) if detail else []
    article = None
    if detail and occurrence_id is not None:
        occurrence = next((i for i, occ in enumerate(detail.occurrences) if occ.id == occurrence_id), occurrence)
    if detail and detail.occurrences:
        occ = pick_occurrence(detail, occurrence, article_id)
        article = read_article(store, detail.occurrences[occ].article_id)
    return ClaimSeed(claim_id, detail, suggestions, article, occurrence)


def _int(value: Any) -> int:
    """A count kept in the resume state, or 0 (a state from an older version, or edited)."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def cursor_key(reviewer: str) -> str:
    """The state key of one reviewer's resume cursor (why per reviewer: two people on one
    file each come back to where they were, not to where the other one stopped)."""
    return f"cursor:{reviewer}"


def read_opening(store: Store, reviewer: str | None = None) -> Opening:
    """The resume cursor of ``reviewer`` and what it points at, as the screen would load it.

    A reviewer new to the file (or a file from before cursors were kept per
    reviewer) starts where the file was last left, by whoever it was.
    """
    mark = store.see_content()  # (what is read from here on is what the screen has seen)
    state = (store.get_state(cursor_key(reviewer), None) if reviewer else None) or store.get_state("cursor", None) or {}
    if not isinstance(state, dict):
        state = {}
    story = store.story()
    article = store.article(state["article"]) if isinstance(state.get("article"), int) else None
    filt = state.get("filter") if state.get("filter") in FILTERS else "all"
    article_id = article.id if article else None
    claim = state.get("claim") if isinstance(state.get("claim"), int) else None

    claims = read_list(lambda: store.claims_count(filt, article_id),
                       lambda first, n: store.claims_page(filt, article_id, first, n),
                       (lambda: store.claim_index(claim, filt, article_id)) if claim is not None else None)
    articles = read_list(store.article_count, store.articles_page, None, _int(state.get("articles_at")))

    seed = None
    rows, at = claims.rows, claims.target - claims.first
    if claims.count and 0 <= at < len(rows):
        # Where the reviewer was in the claim, when it is the claim they left: the occurrence
        # shown (o) and the sentence cursor in its article (j/k in the text pane).
        same = rows[at].id == claim
        seed = read_claim(store, rows[at].id, NO_OCCURRENCE, article_id,
                          _int(state.get("occurrence")) if same else None)
        text = state.get("text")
        if same and seed.article is not None and isinstance(text, dict) \
                and text.get("article") == seed.article.article.id and isinstance(text.get("at"), int):
            seed.sentence_at = text["at"]
    return Opening(state, story, article, filt, claims, articles, store.progress(), seed, mark[0] or 0)


def try_read_opening(store: Store, reviewer: str | None = None) -> Opening | None:
    """:func:`read_opening`, or None if anything in the file surprises it (the screen then loads as usual)."""
    try:
        return read_opening(store, reviewer)
    except Exception:
        return None
