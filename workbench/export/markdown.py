"""Markdown report: what an editor reads before the fact-check is published.

Everything shown comes from untrusted text (articles, claims, reviewer notes),
so every such string passes through ``escape`` before it reaches the page:
HTML specials become entities (no raw ``<script>``, no ``&lt;`` smuggled
through) and every ASCII punctuation character Markdown could act on gets a
backslash (no links, images, emphasis, headings, code spans or table columns
can be created by the text). Table cells and list lines additionally have
their newlines collapsed; multi-line text is only ever shown as a blockquote
with every line prefixed, so a blank line in a note cannot end the quote and
start a block of its own. Only http(s) URLs become links, percent-encoded so
they cannot close the link early.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from workbench.export._doc import (
    VERDICT_MARKS,
    VERDICT_WORDS,
    VERDICTS,
    articles_by_stem,
    claim_articles,
    notes_of,
    source_name,
    verdict_of,
)
from workbench.export.timeline import timeline, when_label
from workbench.text import web_url

# Characters that can start Markdown syntax anywhere in a line, and those that
# only do so at the start of a line (headings, lists, setext underlines).
_MD_SPECIALS = re.compile(r"([\\`*_\[\]|~$])")
_LINE_START = re.compile(r"^(\s*)(?:([#+\-=])|(\d+)([.)]))", re.MULTILINE)
_URL_SAFE = ":/?#@!$&'*+,;=%~"


def escape(text: Any) -> str:
    """Escape untrusted text for Markdown and HTML (it keeps its line breaks)."""
    value = "" if text is None else str(text)
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = _MD_SPECIALS.sub(r"\\\1", value)
    return _LINE_START.sub(_escape_line_start, value)


def _escape_line_start(m: re.Match[str]) -> str:
    """``# x`` → ``\\# x``; ``1. x`` → ``1\\. x`` (an ordered list needs its dot escaped)."""
    if m.group(2):
        return f"{m.group(1)}\\{m.group(2)}"
    return f"{m.group(1)}{m.group(3)}\\{m.group(4)}"


def inline(text: Any) -> str:
    """Escape text for one line (table cell, list item, heading): whitespace collapsed."""
    return escape(" ".join(("" if text is None else str(text)).split()))


def quote_block(text: Any, indent: str = "") -> str:
    """Escape text as a blockquote; every line is prefixed so none can escape it."""
    lines = (
        ("" if text is None else str(text)).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    )
    out = [f"{indent}> {escape(line.strip())}".rstrip() for line in lines]
    return "\n".join(out)


def safe_url(url: Any) -> str | None:
    """An http(s) URL made safe for a Markdown link destination, else None."""
    value = web_url(url)
    return None if value is None else quote(value, safe=_URL_SAFE)


def _link(label: Any, url: Any) -> str:
    target = safe_url(url)
    text = inline(label) or inline(url)
    return f"[{text}]({target})" if target else text


def _summary(claims: list[dict[str, Any]]) -> list[str]:
    counts = {label: 0 for label in (*VERDICTS, None)}
    for claim in claims:
        counts[verdict_of(claim)] += 1
    disputed = sum(1 for claim in claims if claim.get("disputed"))
    lines = ["## Summary", "", "| Verdict | Statements |", "| --- | ---: |"]
    for label in (*VERDICTS, None):
        lines.append(f"| {VERDICT_MARKS[label]} {VERDICT_WORDS[label]} | {counts[label]} |")
    lines.append(f"| **Total** | **{len(claims)}** |")
    if disputed:
        lines += [
            "",
            f"{disputed} statement(s) are disputed: reviewers disagree and nobody has settled them.",
        ]
    return lines


def _timeline(doc: dict[str, Any]) -> list[str]:
    lines = [
        "## Timeline",
        "",
        "| Said on | Verdict | Setting | Statement | Outlets |",
        "| --- | --- | --- | --- | --- |",
    ]
    for entry in timeline(doc):
        word = "Disputed" if entry.get("disputed") else VERDICT_WORDS[entry["verdict"]]
        verdict = f"{entry['mark']} {word}"
        statement = inline(entry["text"])
        if entry.get("by"):
            statement = f"*({inline(entry['by'])})* {statement}"
        if isinstance(entry["id"], int):
            statement = f"[#{entry['id']}](#claim-{entry['id']}) {statement}"
        lines.append(
            f"| {inline(when_label(entry))} | {verdict} | {inline(entry['setting'])} "
            f"| {statement} | {inline('; '.join(entry['outlets']))} |"
        )
    return lines


def _sources(claim: dict[str, Any], articles: dict[str, dict[str, Any]]) -> list[str]:
    lines: list[str] = []
    # Each article's occurrences, in one pass: a claim reprinted in thousands of articles
    # made a scan of all its occurrences per article quadratic (a 40 s report at 10,000).
    by_article: dict[str, list[dict[str, Any]]] = {}
    for o in claim.get("occurrences") or []:
        by_article.setdefault(str(o.get("article")), []).append(o)
    for article in claim_articles(claim, articles):
        stem = article.get("stem")
        occurrences = by_article.get(str(stem), [])
        kinds = [str(o.get("kind")) for o in occurrences if o.get("kind")]
        parts = [f"**{inline(source_name(article))}**"]
        parts.append(_link(article.get("title") or stem, article.get("url")))
        if article.get("published"):
            parts.append(inline(article["published"]))
        if kinds:
            parts.append(inline(f"{len(kinds)} passage(s): {', '.join(kinds)}"))
        lines.append("- " + ", ".join(parts))
        for occurrence in occurrences:
            speaker = occurrence.get("speaker")
            if speaker and occurrence.get("on_behalf_of"):
                text = str(occurrence.get("text") or "")
                # a passage opening with its own quotation mark is not quoted again (““…””)
                said = inline(text) if text[:1] in _OPENING_MARKS else f"“{inline(text)}”"
                lines.append(f"  - {inline(speaker)} on behalf of {inline(occurrence['on_behalf_of'])}: {said}")
    return lines or ["- no source recorded"]


_OPENING_MARKS = frozenset("“\"‘'«")


def _evidence(claim: dict[str, Any], articles: dict[str, dict[str, Any]]) -> list[str]:
    lines: list[str] = []
    for item in claim.get("evidence") or []:
        article = articles.get(str(item.get("article"))) or {}
        stance = str(item.get("stance") or "context").capitalize()
        head = f"- **{inline(stance)}**"
        origin = [inline(article.get("outlet") or item.get("article"))]
        if article.get("title"):
            origin.append(f"*{inline(article['title'])}*")
        head += " — " + ", ".join(o for o in origin if o)
        if item.get("reviewer"):
            head += f" (linked by {inline(item['reviewer'])})"
        lines.append(head)
        lines.append("")
        lines.append(quote_block(item.get("text"), indent="  "))
        if item.get("note"):
            lines.append("")
            lines.append(f"  Note: {inline(item['note'])}")
        lines.append("")
    if not lines:
        return ["No evidence linked.", ""]
    return lines


def _claim_section(claim: dict[str, Any], articles: dict[str, dict[str, Any]]) -> list[str]:
    claim_id = claim.get("id")
    verdict = verdict_of(claim)
    # The anchor is an HTML block of its own: it needs the blank line after it,
    # or the heading below would be swallowed into the HTML block.
    anchor = [f'<a id="claim-{claim_id}"></a>', ""] if isinstance(claim_id, int) else []
    lines = [*anchor, f"### Statement {inline(claim_id)}", "", quote_block(claim.get("text")), ""]
    said = inline(claim.get("said_on")) or "date unknown"
    if claim.get("setting"):
        said += f", {inline(claim['setting'])}"
    speaker = inline(claim.get("speaker")) or "unknown speaker"
    if claim.get("on_behalf_of"):
        speaker += f" on behalf of {inline(claim['on_behalf_of'])}"
    lines.append(f"- **Said:** {said}")
    lines.append(f"- **Speaker:** {speaker}")
    verdict_line = f"- **Verdict:** {VERDICT_MARKS[verdict]} {VERDICT_WORDS[verdict]}"
    if verdict and claim.get("reviewer"):
        verdict_line += f" (by {inline(claim['reviewer'])}"
        verdict_line += f", {inline(claim['updated_at'])})" if claim.get("updated_at") else ")"
    lines.append(verdict_line)
    others = [v for v in claim.get("verdicts") or [] if v.get("label")]  # not a note alone
    if claim.get("disputed") or len({v.get("label") for v in others}) > 1:
        votes = "; ".join(f"{inline(v.get('reviewer'))}: {inline(v.get('label'))}" for v in others)
        word = "Disputed" if claim.get("disputed") else "Reviewers differed"
        lines.append(f"- **{word}:** {votes}")
    lines.append("")
    notes = notes_of(claim)
    if len(notes) == 1 and notes[0][0] == claim.get("reviewer"):
        lines += ["**Note**", "", quote_block(notes[0][1]), ""]
    elif notes:
        lines += ["**Notes**", ""]
        for reviewer, note in notes:
            lines += [f"{inline(reviewer) or 'unknown reviewer'}:", "", quote_block(note), ""]
    lines += ["**Sources**", "", *_sources(claim, articles), ""]
    lines += ["**Evidence**", "", *_evidence(claim, articles)]
    return lines


def render_markdown(doc: dict[str, Any]) -> str:
    """Render the review of ``doc`` as a Markdown report."""
    claims = list(doc.get("claims") or [])
    articles = articles_by_stem(doc)
    story = (doc.get("story") or {}).get("name")
    subject = doc.get("subject") or {}
    lines = [f"# {inline(story or 'Fact-check report')}", ""]
    subject_line = f"**Subject:** {inline(subject.get('name') or 'unknown')}"
    aliases = [a for a in subject.get("aliases") or [] if a and a != subject.get("name")]
    if aliases:
        subject_line += f" (also: {inline(', '.join(aliases))})"
    lines.append(subject_line + "  ")
    lines.append(
        f"**Exported:** {inline(doc.get('exported_at') or 'unknown')} · "
        f"{len(doc.get('articles') or [])} article(s) · {len(claims)} statement(s)"
    )
    lines.append("")
    lines += _summary(claims)
    lines.append("")
    lines += _timeline(doc)
    lines += ["", "## Statements", ""]
    for claim in claims:
        lines += _claim_section(claim, articles)
    return "\n".join(lines).rstrip("\n") + "\n"
