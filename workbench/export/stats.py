"""``workbench stats``: how far the review has got, at a glance in the terminal.

A rich renderable (no textual), built from the export document like every
other view: reviewed / total with a progress bar, verdict counts as a bar
chart of "█" characters, and each reviewer's counts (from every reviewer's
verdicts, so a merged file credits everyone). Names come from data and go
into ``Text`` objects, never into markup.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from rich.console import Group, RenderableType
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from workbench.export._doc import VERDICT_MARKS, VERDICT_WORDS, VERDICTS, verdict_of
from workbench.export.timeline import MARK_STYLES

BAR_WIDTH = 30


def _bar(count: int, total: int, width: int = BAR_WIDTH) -> str:
    """A bar whose length is the count's share of all claims (at least one block if any)."""
    if count <= 0 or total <= 0:
        return ""
    return "█" * max(1, round(width * count / total))


def verdict_counts(doc: dict[str, Any]) -> dict[str | None, int]:
    """Claims per verdict label (None = unreviewed), in report order."""
    counts: dict[str | None, int] = {label: 0 for label in (*VERDICTS, None)}
    for claim in doc.get("claims") or []:
        counts[verdict_of(claim)] += 1
    return counts


def reviewer_counts(doc: dict[str, Any]) -> dict[str, Counter[str]]:
    """For each reviewer, how many claims they gave each label."""
    result: dict[str, Counter[str]] = {}
    for claim in doc.get("claims") or []:
        verdicts = claim.get("verdicts") or []
        if not verdicts and claim.get("verdict") and claim.get("reviewer"):
            verdicts = [{"reviewer": claim["reviewer"], "label": claim["verdict"]}]
        for verdict in verdicts:
            if verdict.get("reviewer") and verdict.get("label") in VERDICTS:
                result.setdefault(str(verdict["reviewer"]), Counter())[verdict["label"]] += 1
    return dict(sorted(result.items()))


def render_stats(doc: dict[str, Any]) -> RenderableType:
    """Progress, verdict bar chart and per-reviewer counts of ``doc``."""
    counts = verdict_counts(doc)
    total = sum(counts.values())
    reviewed = total - counts[None]
    subject = (doc.get("subject") or {}).get("name") or "subject"
    story = (doc.get("story") or {}).get("name")

    heading = Text()
    heading.append(story or f"Statements by {subject}", style="bold")
    heading.append(f"\n{subject} · {reviewed}/{total} reviewed")
    if total:
        heading.append(f" ({100 * reviewed / total:.0f}%)")
    disputed = sum(1 for claim in doc.get("claims") or [] if claim.get("disputed"))
    if disputed:
        heading.append(f" · {disputed} disputed", style="yellow")
    progress = ProgressBar(total=max(total, 1), completed=reviewed, width=BAR_WIDTH + 20)

    chart = Table(title=Text("Verdicts"), show_header=True, box=None, pad_edge=False)
    chart.add_column("Verdict")
    chart.add_column("Claims", justify="right")
    chart.add_column("", min_width=BAR_WIDTH, no_wrap=True)
    for label in (*VERDICTS, None):
        style = MARK_STYLES[label]
        chart.add_row(
            Text(f"{VERDICT_MARKS[label]} {VERDICT_WORDS[label]}", style=style),
            Text(str(counts[label])),
            Text(_bar(counts[label], total), style=style),
        )

    people = Table(title=Text("Per reviewer"), box=None, pad_edge=False)
    people.add_column("Reviewer")
    for label in VERDICTS:
        people.add_column(VERDICT_WORDS[label], justify="right")
    people.add_column("Total", justify="right")
    by_reviewer = reviewer_counts(doc)
    for name, tally in by_reviewer.items():
        people.add_row(
            Text(name),
            *(Text(str(tally[label])) for label in VERDICTS),
            Text(str(sum(tally.values()))),
        )
    parts: list[RenderableType] = [heading, progress, Text(""), chart, Text("")]
    parts.append(people if by_reviewer else Text("No verdicts yet.", style="dim"))
    return Group(*parts)
