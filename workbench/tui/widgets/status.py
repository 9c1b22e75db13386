"""The status line: progress per verdict, the filter, the reviewer, read-only.

Progress is always on screen (issue 4): "3/10 reviewed · ✓1 ✗1 ?1".
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


def progress_text(progress: dict[str, int], short: bool = False) -> Text:
    """'3/10 reviewed · ✓1 ✗1 ?1' with the marks coloured ('3/10 ✓1 ✗1 ?1' when short)."""
    out = Text()
    out.append(f"{progress.get('reviewed', 0)}/{progress.get('total', 0)}", "bold")
    out.append(" " if short else " reviewed · ")
    out.append(f"✓{progress.get('consistent', 0)}", "green")
    out.append(" ")
    out.append(f"✗{progress.get('contradicted', 0)}", "red")
    out.append(" ")
    out.append(f"?{progress.get('unresolved', 0)}", "yellow")
    return out


class StatusBar(Static):
    """One line above the footer."""

    DEFAULT_CSS = """
    StatusBar { height: 1; background: $panel; color: $text; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.progress: dict[str, int] = {}
        self.filter = "all"
        self.reviewer = ""
        self.story = ""
        self.readonly = False
        self.busy = False

    def set(self, **values: object) -> None:
        """Update some fields and redraw."""
        for key, value in values.items():
            setattr(self, key, value)
        self.update(self.build(), layout=False)  # one fixed line: no relayout of the screen

    def build(self) -> Text:
        out = progress_text(self.progress)
        out.append("   filter: ", "dim")
        out.append(self.filter, "bold")
        out.append("   reviewer: ", "dim")
        out.append(self.reviewer, "bold")
        if self.story:
            out.append("   ")
            out.append(self.story, "italic dim")
        if self.readonly:
            out.append("   READ-ONLY: nothing can be changed", "bold reverse red")
        if self.busy:
            out.append("   saving…", "yellow")
        return out
