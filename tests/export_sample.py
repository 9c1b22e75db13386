"""A hand-built export document for the export renderer tests.

It follows the JSON export contract (DESIGN.md and the export brief) without
going through the store: three articles of the bundled story (NPR, NBC News,
The Washington Post; bodies are cleaned excerpts of fixtures/articles), four
claims by Jeff Sessions (contradicted, unresolved with a dissenting second
reviewer, unreviewed, consistent), evidence of every stance, and a short event
log. Offsets are found with ``str.index`` so every ``text`` is exactly
``body[start:end]``. The NBC and Washington Post URLs are illustrative.
"""

from __future__ import annotations

import copy
import hashlib
from typing import Any

NPR_BODY = "\n\n".join(
    [
        "Trump Says He Has 'Total' Confidence In Attorney General Sessions",
        "Then-Sen. Jeff Sessions spoke twice with the Russian ambassador last year but testified at "
        "his Senate confirmation hearing that he hadn’t. When he talked with the ambassador, he was a "
        "Trump adviser.",
        "At the time, Sessions was an adviser to then-presidential candidate Trump, a source familiar "
        "with the matter tells NPR’s Carrie Johnson. At his recent Senate confirmation hearing, when "
        "Sessions was asked about contact between Trump’s campaign and Russia, he said he had not "
        "“had communications with the Russians.”",
        "Responding to the reports, Sessions didn’t outright deny the meetings took place; instead, he "
        "insisted on a distinction between his roles as a senator and as part of Trump’s inner circle, "
        "saying in a brief statement issued by the Justice Department, “I never met with any Russian "
        "officials to discuss issues of the campaign. I have no idea what this allegation is about. "
        "It is false.”",
        "In his reply, Sessions said in part, “I have been called a surrogate at a time or two in that "
        "campaign and I did not have communications with the Russians.” He didn’t comment on what he "
        "would do as the top federal law enforcement officer if anyone from the campaign was accused.",
    ]
)

NBC_BODY = "\n\n".join(
    [
        "Sessions Chooses Recusal, Despite Trump's 'Total' Confidence",
        "A senior administration official told NBC News that the White House learned about Sessions' "
        "contact during the 2016 campaign with a Russian ambassador from a reporter on Wednesday night "
        "prior to a story published in the Washington Post. That meeting was confirmed by a Sessions "
        "spokesperson as something done in his capacity as a senator at the time.",
        "Sessions previously told fellow senators during his confirmation hearings that he had never "
        "communicated with the Russians during the 2016 campaign. Asked if Sessions spoke truthfully "
        'during his confirmation hearings, President Trump said "I think he probably did."',
        'Sessions Spokeswoman Sarah Isgur Flores said in a statement Wednesday night that "there was '
        'absolutely nothing misleading about his answer" because Sessions was asked about '
        '"communications between Russia and the Trump campaign" and not about meetings he took as a '
        "senator with the Armed Services Committee.",
    ]
)

WAPO_BODY = "\n\n".join(
    [
        "Sessions discussed Trump campaign-related matters with Russian ambassador, U.S. intelligence "
        "intercepts show",
        "By Adam Entous, Ellen Nakashima and Greg Miller July 21",
        "Ambassador Sergey Kislyak's accounts of two conversations with Sessions — then a top foreign "
        "policy adviser to Republican candidate Donald Trump — were intercepted by U.S. spy agencies, "
        "which monitor the communications of senior Russian officials in the United States and in Russia.",
        "Sessions has said repeatedly that he never discussed campaign-related issues with Russian "
        "officials and that it was only in his capacity as a U.S. senator that he met with Kislyak.",
        "“I never had meetings with Russian operatives or Russian intermediaries about the Trump "
        "campaign,” Sessions said in March when he announced that he would recuse himself from matters "
        "relating to the FBI probe of Russian interference in the election and any connections to the "
        "Trump campaign.",
        '"I did not have communications with the Russians," Sessions said when asked whether anyone '
        "affiliated with the Trump campaign had communicated with representatives of the Russian "
        "government.",
        "Kislyak also reported having a conversation with Sessions in April 2016 at the Mayflower Hotel "
        "in Washington, where then-candidate Trump delivered his first major foreign policy address, "
        "according to the officials familiar with intelligence on Kislyak.",
        "Sessions has said he does not remember any encounter with Kislyak at that event. In his June "
        "testimony before the Senate Intelligence Committee, Sessions said, “I do not recall any "
        "conversations with any Russian official at the Mayflower Hotel.”",
        "Later in that hearing, Sessions said that “it’s conceivable that that occurred. I just don’t "
        "remember it.”",
    ]
)

NPR = "000_4b6b212bea45a7c2"
NBC = "002_879b37c607dd505b"
WAPO = "004_738f301eb7753b33"
BODIES = {NPR: NPR_BODY, NBC: NBC_BODY, WAPO: WAPO_BODY}


def _article(
    article_id: int,
    stem: str,
    outlet: str,
    title: str,
    published: str,
    url: str | None,
    byline: str | None,
) -> dict[str, Any]:
    body = BODIES[stem]
    return {
        "id": article_id,
        "source": f"fixtures/articles/{stem}.txt",
        "stem": stem,
        "sha256": hashlib.sha256(body.encode("utf-8")).hexdigest(),
        "title": title,
        "outlet": outlet,
        "url": url,
        "published": published,
        "byline": byline,
        "body": body,
    }


def _span(stem: str, text: str) -> dict[str, Any]:
    start = BODIES[stem].index(text)
    return {"article": stem, "start": start, "end": start + len(text), "text": text}


def _occ(
    occ_id: int,
    stem: str,
    text: str,
    kind: str,
    speaker: str = "Jeff Sessions",
    on_behalf_of: str | None = None,
) -> dict[str, Any]:
    return {
        "id": occ_id,
        **_span(stem, text),
        "kind": kind,
        "speaker": speaker,
        "on_behalf_of": on_behalf_of,
    }


def _ev(
    ev_id: int, stem: str, text: str, stance: str, note: str | None, reviewer: str, created_at: str
) -> dict[str, Any]:
    return {
        "id": ev_id,
        **_span(stem, text),
        "stance": stance,
        "note": note,
        "reviewer": reviewer,
        "created_at": created_at,
    }


def _verdict(
    reviewer: str, label: str, note: str | None, updated_at: str, settled: bool
) -> dict[str, Any]:
    return {
        "reviewer": reviewer,
        "label": label,
        "note": note,
        "updated_at": updated_at,
        "settled": settled,
    }


def _claim(
    claim_id: int,
    text: str,
    said_on: str | None,
    setting: str | None,
    verdicts: list[dict[str, Any]],
    occurrences: list[dict[str, Any]],
    evidence: list[dict[str, Any]],
    disputed: bool = False,
) -> dict[str, Any]:
    settled = next((v for v in verdicts if v["settled"]), None)
    return {
        "id": claim_id,
        "text": text,
        "speaker": "Jeff Sessions",
        "on_behalf_of": None,
        "said_on": said_on,
        "setting": setting,
        "origin": "extracted",
        "verdict": settled["label"] if settled else None,
        "note": settled["note"] if settled else None,
        "reviewer": settled["reviewer"] if settled else None,
        "updated_at": settled["updated_at"] if settled else None,
        "disputed": disputed,
        "verdicts": verdicts,
        "occurrences": occurrences,
        "evidence": evidence,
    }


def sample_doc() -> dict[str, Any]:
    """A fresh, realistic export document (callers may mutate it)."""
    articles = [
        _article(
            1,
            NPR,
            "NPR",
            "Trump Says He Has 'Total' Confidence In Attorney General Sessions",
            "2017-03-02",
            None,
            None,
        ),
        _article(
            2,
            NBC,
            "NBC News",
            "Sessions Chooses Recusal, Despite Trump's 'Total' Confidence",
            "2017-03-02",
            "https://www.nbcnews.com/news/us-news/sessions-chooses-recusal-despite-trump-s-total-confidence",
            None,
        ),
        _article(
            3,
            WAPO,
            "The Washington Post",
            "Sessions discussed Trump campaign-related matters with Russian ambassador, "
            "U.S. intelligence intercepts show",
            "2017-07-21",
            "https://www.washingtonpost.com/world/national-security/sessions-discussed-trump-campaign-"
            "related-matters-with-russian-ambassador-us-intelligence-intercepts-show/2017/07/21/",
            "Adam Entous, Ellen Nakashima and Greg Miller",
        ),
    ]
    claims = [
        _claim(
            1,
            "I did not have communications with the Russians.",
            "2017-01-10",
            "Senate confirmation hearing",
            [
                _verdict(
                    "alice",
                    "contradicted",
                    "He met Kislyak twice in 2016 while advising the campaign; both meetings are "
                    "confirmed by the Justice Department.",
                    "2026-11-20T09:12:00Z",
                    True,
                ),
                _verdict("bob", "contradicted", None, "2026-11-20T14:02:00Z", False),
            ],
            [
                _occ(
                    1,
                    NPR,
                    "“I have been called a surrogate at a time or two in that campaign and I did "
                    "not have communications with the Russians.”",
                    "direct",
                ),
                _occ(
                    2, NPR, "he said he had not “had communications with the Russians.”", "partial"
                ),
                _occ(
                    3,
                    NBC,
                    "he had never communicated with the Russians during the 2016 campaign",
                    "indirect",
                ),
                _occ(4, WAPO, '"I did not have communications with the Russians,"', "direct"),
            ],
            [
                _ev(
                    1,
                    WAPO,
                    "Ambassador Sergey Kislyak's accounts of two conversations with Sessions",
                    "contradicts",
                    "Intercepts reported by the Post.",
                    "alice",
                    "2026-11-20T09:10:00Z",
                ),
                _ev(
                    2,
                    NPR,
                    "Then-Sen. Jeff Sessions spoke twice with the Russian ambassador last year",
                    "contradicts",
                    None,
                    "alice",
                    "2026-11-20T09:11:00Z",
                ),
                _ev(
                    3,
                    NBC,
                    "there was absolutely nothing misleading about his answer",
                    "context",
                    "The spokeswoman's reading of the question.",
                    "bob",
                    "2026-11-20T14:00:00Z",
                ),
            ],
        ),
        _claim(
            2,
            "I never met with any Russian officials to discuss issues of the campaign.",
            "2017-03-01",
            "statement issued by the Justice Department",
            [
                _verdict(
                    "alice",
                    "unresolved",
                    "Meetings confirmed; whether the campaign came up rests on anonymous "
                    "officials' reading of intercepts.",
                    "2026-11-20T09:20:00Z",
                    True,
                ),
                _verdict(
                    "bob",
                    "contradicted",
                    "The intercepts say campaign matters were discussed.",
                    "2026-11-20T14:10:00Z",
                    False,
                ),
            ],
            [
                _occ(
                    5,
                    NPR,
                    "“I never met with any Russian officials to discuss issues of the campaign. "
                    "I have no idea what this allegation is about. It is false.”",
                    "direct",
                ),
                _occ(
                    6,
                    WAPO,
                    "he never discussed campaign-related issues with Russian officials",
                    "indirect",
                ),
            ],
            [
                _ev(
                    4,
                    WAPO,
                    "were intercepted by U.S. spy agencies",
                    "contradicts",
                    None,
                    "bob",
                    "2026-11-20T14:09:00Z",
                ),
                _ev(
                    5,
                    NBC,
                    "That meeting was confirmed by a Sessions spokesperson as something done in "
                    "his capacity as a senator at the time.",
                    "context",
                    None,
                    "alice",
                    "2026-11-20T09:19:00Z",
                ),
            ],
        ),
        _claim(
            3,
            "I never had meetings with Russian operatives or Russian intermediaries about the Trump campaign.",
            "2017-03",
            "announcing his recusal",
            [],
            [
                _occ(
                    7,
                    WAPO,
                    "“I never had meetings with Russian operatives or Russian intermediaries "
                    "about the Trump campaign,”",
                    "direct",
                ),
            ],
            [],
        ),
        _claim(
            4,
            "I do not recall any conversations with any Russian official at the Mayflower Hotel.",
            "2017-06-13",
            "Senate Intelligence Committee testimony",
            [
                _verdict(
                    "bob",
                    "consistent",
                    "He has said all along that he does not remember the encounter; no record "
                    "shows he does.",
                    "2026-11-20T14:20:00Z",
                    True,
                ),
                _verdict("alice", "consistent", None, "2026-11-20T09:30:00Z", False),
            ],
            [
                _occ(
                    8,
                    WAPO,
                    "“I do not recall any conversations with any Russian official at the "
                    "Mayflower Hotel.”",
                    "direct",
                ),
            ],
            [
                _ev(
                    6,
                    WAPO,
                    "Sessions has said he does not remember any encounter with Kislyak at that "
                    "event.",
                    "supports",
                    None,
                    "bob",
                    "2026-11-20T14:18:00Z",
                ),
                _ev(
                    7,
                    WAPO,
                    "Kislyak also reported having a conversation with Sessions in April 2016 at "
                    "the Mayflower Hotel",
                    "context",
                    "Kislyak's account, not a record of what was said.",
                    "bob",
                    "2026-11-20T14:19:00Z",
                ),
            ],
        ),
    ]
    events = [
        {
            "id": 1,
            "at": "2026-11-20T09:12:00Z",
            "reviewer": "alice",
            "action": "set_verdict",
            "claim": 1,
            "before": None,
            "after": {"label": "contradicted"},
        },
        {
            "id": 2,
            "at": "2026-11-20T09:20:00Z",
            "reviewer": "alice",
            "action": "set_verdict",
            "claim": 2,
            "before": None,
            "after": {"label": "unresolved"},
        },
        {
            "id": 3,
            "at": "2026-11-20T14:19:00Z",
            "reviewer": "bob",
            "action": "add_evidence",
            "claim": 4,
            "before": None,
            "after": {"evidence": 7},
        },
        {
            "id": 4,
            "at": "2026-11-20T14:20:00Z",
            "reviewer": "bob",
            "action": "set_verdict",
            "claim": 4,
            "before": None,
            "after": {"label": "consistent"},
        },
    ]
    doc = {
        "format": "factcheck-workbench",
        "version": 1,
        "exported_at": "2026-11-21T10:00:00Z",
        "story": {"name": "Jeff Sessions and the Russian ambassador"},
        "subject": {
            "name": "Jeff Sessions",
            "aliases": ["Sessions", "Attorney General Jeff Sessions", "Then-Sen. Jeff Sessions"],
        },
        "articles": articles,
        "claims": claims,
        "events": events,
    }
    return copy.deepcopy(doc)


SETTINGS: dict[str, Any] = {
    "organization": {"name": "Example Fact Desk", "url": "https://factcheck.example"},
    "claimreview": {"base_url": "https://factcheck.example/reviews/sessions"},
}


def sample_settings() -> dict[str, Any]:
    """Fresh settings with everything ClaimReview needs."""
    return copy.deepcopy(SETTINGS)
