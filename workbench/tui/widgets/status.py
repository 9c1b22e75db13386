"""The status line: progress per verdict, the filter, the reviewer, read-only.

Progress is always on screen (issue 4): "3/10 reviewed · ✓1 ✗1 ?1".
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.strip import Strip
from textual.widget import Widget

from workbench.tui.widgets.strips import text_strip


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


class StatusBar(Widget):
    """One line above the footer, drawn through the Line API from a strip kept between changes.

    Why not a ``Static``: a verdict changes the progress here and the claims
    rows in one frame, and a Static's content pipeline took about 0.7 ms of
    that frame (0.5 ms to render one line); a strip rendered once per change
    takes a tenth of it. The line shows what :meth:`build` returns.
    """

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
        self._strip: tuple[int, Style, Strip] | None = None  # (width, base style, the line)

    def set(self, **values: object) -> None:
        """Update some fields and redraw (one fixed line: never a relayout of the screen)."""
        for key, value in values.items():
            setattr(self, key, value)
        self._strip = None
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width, base = self.size.width, self.rich_style
        if y:
            return Strip.blank(width, base)
        kept = self._strip
        if kept is None or kept[0] != width or kept[1] != base:
            kept = self._strip = (width, base, text_strip(self.build(), width, base, self.app.console))
        return kept[2]

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
