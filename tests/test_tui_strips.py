"""The direct Text → Strip path draws what Rich's truncate-and-render did (list rows, status line)."""

from __future__ import annotations

import random

from rich.console import Console
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from workbench.tui.widgets.strips import text_strip

CONSOLE = Console(width=200, color_system="truecolor")
BASE = Style(color="white", bgcolor="blue")
WORDS = ["Sessions", "said", "he", "did", "not", "ambassador", "日本", "“quoted”", "[b]x[/b]", "é", "\x1b[31m"]


def through_rich(text: Text, width: int, style: Style) -> Strip:
    """What the lists drew before: Rich's truncate with an ellipsis, padded, through the console."""
    text = text.copy()
    text.no_wrap, text.overflow = True, "ellipsis"
    text.truncate(width, overflow="ellipsis", pad=True)
    text.stylize_before(style)
    return Strip(text.render(CONSOLE), width).crop_extend(0, width, style)


def cells(strip: Strip) -> list[tuple[str, Style | None]]:
    return [(ch, seg.style) for seg in strip for ch in seg.text]


def test_same_cells_and_styles_as_rich_for_random_lines() -> None:
    rnd = random.Random(7)
    for _ in range(5000):
        text = Text(no_wrap=True)
        for _ in range(rnd.randint(0, 6)):
            words = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(0, 5)))
            text.append(words, rnd.choice([None, "", "dim", "bold green", "italic dim", "cyan"]))
        width = rnd.randint(1, 60)
        style = rnd.choice([BASE, BASE + Style(reverse=True)])
        got = text_strip(text, width, style, CONSOLE)
        assert cells(got) == cells(through_rich(text, width, style)), (text.plain, width)
        assert got.cell_length == width


def test_overlapping_spans_go_through_rich() -> None:
    text = Text("Sessions said it")
    text.stylize("bold", 0, 8)
    text.stylize("red", 4, 12)
    assert cells(text_strip(text, 10, BASE, CONSOLE)) == cells(through_rich(text, 10, BASE))


def test_markup_stays_text() -> None:
    strip = text_strip(Text("[bold]x[/bold] [link=file:///etc]y"), 40, BASE, CONSOLE)
    assert "".join(seg.text for seg in strip).rstrip() == "[bold]x[/bold] [link=file:///etc]y"
    assert {seg.style for seg in strip} == {BASE}
