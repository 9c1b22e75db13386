"""The verdict pane: everything known about the selected claim, as plain text.

Label, when and where it was said, the outlets it appears in, the
occurrences (the one shown in the article pane marked, ``o`` cycles, ``s``
splits it off), linked evidence with stance, the note, each reviewer's
verdict when several reviewed it (≠ when they disagree), and suggested
evidence with the key that links each. Built as one ``rich.text.Text`` so
nothing from an article or a note can ever be read as markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from workbench.store import ClaimDetail, SearchHit

LABEL_STYLES = {
    "consistent": ("✓ CONSISTENT", "bold green"),
    "contradicted": ("✗ CONTRADICTED", "bold red"),
    "unresolved": ("? UNRESOLVED", "bold yellow"),
    None: ("· NOT REVIEWED", "bold"),
}
STANCE_MARKS = {"supports": ("+", "green"), "contradicts": ("−", "red"), "context": ("~", "blue")}


@dataclass
class VerdictView:
    """What the panel shows: the claim, its suggestions, and the reviewer looking at it."""

    detail: ClaimDetail
    reviewer: str
    occurrence: int = 0
    suggestions: list[SearchHit] = field(default_factory=list)
    suggestion_keys: list[str] = field(default_factory=list)
    width: int = 60


def _flat(text: str) -> str:
    return " ".join(text.split())


def _cut(text: str, limit: int) -> str:
    """One line of at most ``limit`` characters, an ellipsis when cut."""
    flat = _flat(text)
    return flat if len(flat) <= limit else flat[: max(1, limit - 1)] + "…"


def render_verdict(view: VerdictView) -> Text:
    """The panel's text for one claim."""
    d = view.detail
    c = d.claim
    out = Text()
    label, style = LABEL_STYLES.get(c.verdict, LABEL_STYLES[None])
    out.append(label, style)
    if c.disputed:
        out.append("  ≠ reviewers disagree", "bold magenta")
    out.append("\n\n")
    out.append("“" + _flat(c.text) + "”", "italic")
    out.append("\n")
    speaker = c.speaker if not c.on_behalf_of else f"{c.speaker}, for {c.on_behalf_of}"
    out.append(f"— {speaker}\n", "dim")
    out.append("said ", "dim")
    out.append(c.said_on or "date unknown")
    if c.setting:
        out.append(" · ", "dim")
        out.append(c.setting)
    out.append("\n")
    out.append("in   ", "dim")
    out.append(outlets_line(d.outlets) or "—")
    out.append("\n")
    _evidence(out, view)
    _note_and_reviewers(out, view)
    _occurrences(out, view)
    _suggestions(out, view)
    return out


def outlets_line(outlets: list[str]) -> str:
    """'NPR ×2, NBC News' from one outlet name per article, in order of appearance."""
    counts: dict[str, int] = {}
    for name in outlets:
        counts[name] = counts.get(name, 0) + 1
    return ", ".join(name if n == 1 else f"{name} ×{n}" for name, n in counts.items())


def _heading(out: Text, title: str) -> None:
    out.append("\n")
    out.append(title, "bold underline")
    out.append("\n")


def _occurrences(out: Text, view: VerdictView) -> None:
    occs = view.detail.occurrences
    _heading(out, f"Occurrences ({len(occs)})")
    for i, occ in enumerate(occs):
        shown = i == view.occurrence % max(1, len(occs))
        where = f"{occ.outlet or occ.stem} "
        out.append("▶ " if shown else "  ", "bold cyan")
        out.append(where, "cyan")
        out.append(f"{occ.kind[:3]} ", "dim")
        out.append(_cut(occ.text, view.width - len(where) - 6), "bold" if shown else "")
        out.append("\n")
    if len(occs) > 1:
        out.append("  o: next occurrence · s: split it off\n", "dim")


def _evidence(out: Text, view: VerdictView) -> None:
    ev = view.detail.evidence
    _heading(out, f"Evidence ({len(ev)})")
    if not ev:
        out.append("  none yet: move in the article (tab) and press e\n", "dim")
    for e in ev:
        mark, style = STANCE_MARKS.get(e.stance, ("•", ""))
        out.append(f"{mark} {e.stance:<12}", style)
        out.append(f"{e.outlet or e.stem}: ", "cyan")
        out.append(_cut(e.text, 3 * view.width))
        out.append("\n")


def _note_and_reviewers(out: Text, view: VerdictView) -> None:
    d = view.detail
    mine = d.verdict_of(view.reviewer)
    _heading(out, "Note")
    if mine and mine.note:
        out.append(mine.note.rstrip() + "\n")
    else:
        out.append("  none: press n to write one\n", "dim")
    others = [v for v in d.verdicts if v.reviewer != view.reviewer]
    if others:
        _heading(out, "Reviewers")
        for v in d.verdicts:
            label, style = LABEL_STYLES.get(v.label, LABEL_STYLES[None])
            out.append(f"{v.reviewer}{' (you)' if v.reviewer == view.reviewer else ''}: ", "bold")
            out.append(label, style)
            if v.settled and d.claim.disputed is False and len(d.verdicts) > 1:
                out.append(" (stands)", "dim")
            if v.note and v.reviewer != view.reviewer:
                out.append(" — ")
                out.append(_flat(v.note)[:120], "italic")
            out.append("\n")
        if d.claim.disputed:
            out.append("  set your verdict (c/x/u) to settle it\n", "dim")


def _suggestions(out: Text, view: VerdictView) -> None:
    if not view.suggestions:
        return
    _heading(out, "Suggested evidence")
    for i, hit in enumerate(view.suggestions):
        key = view.suggestion_keys[i] if i < len(view.suggestion_keys) else str(i + 1)
        out.append(f"{key} ", "bold reverse")
        out.append(f" {hit.outlet or hit.stem}: ", "cyan")
        out.append(_cut(hit.text, 2 * view.width))
        out.append("\n")


class VerdictPanel(VerticalScroll, can_focus=True):
    """Scrollable; shows :func:`render_verdict` or a hint when no claim is selected."""

    DEFAULT_CSS = """
    VerdictPanel > Static { width: 1fr; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.view: VerdictView | None = None
        self.body = Static(Text("No claim selected.", "dim"))

    def compose(self):  # type: ignore[no-untyped-def]
        yield self.body

    def show(self, view: VerdictView | None) -> None:
        """Redraw for ``view`` (None: nothing selected, e.g. an empty filter)."""
        self.view = view
        if view is None:
            self.body.update(Text("No claim here: press f to change the filter.", "dim"))
        else:
            view.width = max(20, self.scrollable_content_region.width - 2)
            self.body.update(render_verdict(view))

    def on_resize(self) -> None:
        if self.view is not None:
            self.show(self.view)

    @property
    def text(self) -> str:
        """The plain text shown (tests and screen readers)."""
        return render_verdict(self.view).plain if self.view else ""
