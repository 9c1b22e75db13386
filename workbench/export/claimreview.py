"""ClaimReview JSON-LD: the schema.org markup search engines read from fact-checks.

Only reviewed claims are published, and a disputed one (reviewers disagree and
nobody settled it) is left out: publishing a rating nobody stands behind would
be worse than publishing none. Fields schema.org/Google require are never
invented: without an organization name or a base URL for the review pages the
export is refused with an ``ExportError`` that names the missing setting.

The output is meant to be pasted inside ``<script type="application/ld+json">``,
so ``<``, ``>`` and ``&`` are written as ``\\u003c``-style escapes (still the
same JSON) and a quotation containing ``</script>`` cannot end the tag.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag

from workbench.config import SETTINGS_FILE
from workbench.export._doc import (
    VERDICT_WORDS,
    articles_by_stem,
    claim_articles,
    spokesperson_of,
    verdict_of,
)
from workbench.export.errors import ExportError
from workbench.text import web_url

RATING_VALUES: dict[str, int] = {"consistent": 3, "unresolved": 2, "contradicted": 1}
"""Best is consistent (3), worst contradicted (1): schema.org Rating wants numbers."""

CLAIM_REVIEWED_MAX = 75
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")

_SCRIPT_SAFE = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def shorten(text: str, limit: int = CLAIM_REVIEWED_MAX) -> str:
    """Collapse whitespace and cut to ``limit`` chars at a word boundary, ending in "…"."""
    flat = " ".join(str(text).split())
    if len(flat) <= limit:
        return flat
    head = flat[: limit - 1]
    cut = head.rfind(" ")
    if cut > limit // 2:
        head = head[:cut]
    head = head.rstrip(" ,;:–—-")
    return head + "…"


def _setting(settings: dict[str, Any] | None, section: str, key: str) -> str | None:
    block = (settings or {}).get(section) or {}
    value = block.get(key) if isinstance(block, dict) else None
    if value is None:
        return None
    return str(value).strip() or None


def _needs(settings: dict[str, Any] | None, what: str) -> ExportError:
    """The error for a missing setting, naming the settings file that was read.

    Why: settings come from ``--settings``, ``$WORKBENCH_SETTINGS`` or the
    usual place, and a user who wrote the setting into another file (or whose
    file is not where the workbench looks) must see which one to fix.
    """
    file = (settings or {}).get(SETTINGS_FILE)
    if file is None:
        return ExportError(f"claimreview export needs `{what}` in the settings file")
    if Path(file).exists():
        return ExportError(f"needs `{what}` in this settings file", file)
    return ExportError(f"needs `{what}` in a settings file, and there is none here"
                       " (write one, or name one with --settings)", file)


def _appearance(article: dict[str, Any]) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork"}
    url = web_url(article.get("url"))
    if url:
        work["url"] = url
    if article.get("title"):
        work["headline"] = article["title"]
    if article.get("outlet"):
        work["publisher"] = {"@type": "Organization", "name": article["outlet"]}
    if article.get("published"):
        work["datePublished"] = article["published"]
    return work


def claim_review(
    claim: dict[str, Any],
    doc: dict[str, Any],
    organization: dict[str, str],
    base_url: str,
    articles: dict[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The ClaimReview object of one reviewed claim."""
    verdict = verdict_of(claim)
    if verdict is None:
        raise ExportError(f"claim {claim.get('id')} has no verdict and cannot be published")
    articles = articles if articles is not None else articles_by_stem(doc)
    subject = (doc.get("subject") or {}).get("name")
    # Who made the claim: a spokesperson's words are theirs (said on the subject's behalf),
    # so that a rating of "There was absolutely nothing misleading about his answer" is
    # not published as the subject's own. A spokesperson known by role only ("a Justice
    # Department spokeswoman") is no Person's name: the claim is then the subject's.
    spokesperson = spokesperson_of(claim)
    author_name: str | None
    if spokesperson and spokesperson[:1].isupper():
        author_name = spokesperson
    else:
        author_name = claim.get("on_behalf_of") or claim.get("speaker") or subject
    item: dict[str, Any] = {"@type": "Claim"}
    if author_name:
        item["author"] = {"@type": "Person", "name": author_name}
    if claim.get("said_on"):
        item["datePublished"] = claim["said_on"]
    # (an article known by none of url, title or outlet says nothing to a reader: left out)
    appearances = [w for w in map(_appearance, claim_articles(claim, articles))
                   if {"url", "headline", "publisher"} & w.keys()]
    if appearances:
        item["appearance"] = appearances
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{base_url}#claim-{claim.get('id')}",
        "claimReviewed": shorten(claim.get("text") or ""),
        "itemReviewed": item,
        "author": organization,
        "reviewRating": {
            "@type": "Rating",
            "alternateName": VERDICT_WORDS[verdict],
            "ratingValue": RATING_VALUES[verdict],
            "bestRating": 3,
            "worstRating": 1,
        },
    }
    updated = str(claim.get("updated_at") or "")
    if _DATE.match(updated):
        review["datePublished"] = updated[:10]
    return review


def script_safe_json(value: Any) -> str:
    """JSON text that can sit inside an HTML ``<script>`` element unchanged."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    for char, escaped in _SCRIPT_SAFE.items():
        text = text.replace(char, escaped)
    return text


def render_claimreview(doc: dict[str, Any], settings: dict[str, Any] | None) -> str:
    """Render the reviewed, undisputed claims of ``doc`` as a JSON-LD array of ClaimReview."""
    org_name = _setting(settings, "organization", "name")
    if not org_name:
        raise _needs(settings, "organization.name")
    base_url = _setting(settings, "claimreview", "base_url")
    if not base_url:
        raise _needs(settings, "claimreview.base_url")
    if web_url(base_url) is None:
        raise ExportError(f"`claimreview.base_url` must be an http(s) URL, not {base_url!r}",
                          (settings or {}).get(SETTINGS_FILE))
    organization = {"@type": "Organization", "name": org_name}
    org_url = _setting(settings, "organization", "url")
    if org_url:
        organization["url"] = org_url
    articles = articles_by_stem(doc)
    reviews = [
        claim_review(claim, doc, organization, urldefrag(base_url).url, articles)
        for claim in doc.get("claims") or []
        if verdict_of(claim) is not None and not claim.get("disputed")
    ]
    return script_safe_json(reviews) + "\n"
