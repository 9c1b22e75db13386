"""Hostile article text: imported through the real CLI, shown by the real review screen.

Articles full of Textual/Rich markup, terminal escape sequences (colours, OSC 8
links, window titles), zero-width and bidirectional-override characters, a
single 5 MB line, 100,000 short lines and 100,000 identical lines. They must
import (escapes and invisible characters stripped, markup kept as text), show
literally, never run an action, and never stall the screen for a second.
"""

from __future__ import annotations

import html
import re
import shutil
import sqlite3
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from tui_data import run_async, settle

from workbench.cli import main
from workbench.store import Store
from workbench.tui.app import ReviewApp

SIZE = (160, 45)
MARKUP_QUOTE = ('[bold]I never met[/] the [/red] ambassador [@click=app.quit]x[/] or '
                '[link="https://example.invalid"]y[/link], [/]')
ESCAPES = (
    "Hostile Escapes In The Coverage\n\n"
    "Sessions said, \u201cI \x1b[1;31mnever\x1b[0m met \x1b]8;;https://evil.invalid/\x1b\\them\x1b]8;;\x1b\\"
    "\x1b]0;pwned window title\x07 at all.\u201d The senator\u200b\u200c\u200d\u2060\ufeff spoke"
    " \u202eeno \u202c\u2066isolated\u2069 words, \x9b31mC1\x9bm and \x07bell\x08 too.\n"
)
INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2060\ufeff\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    src = folder / "articles"
    src.mkdir()
    (src / "a_markup.txt").write_text(
        "[bold]Markup[/bold] In [@click=app.quit]The[/] Headline\n\n"
        f"Sessions said, \u201c{MARKUP_QUOTE}\u201d The end [/red] of it.\n", encoding="utf-8")
    (src / "b_escapes.txt").write_text(ESCAPES, encoding="utf-8")
    (src / "c_long_line.txt").write_text(
        "Sessions said, \u201cI met nobody at all.\u201d " + "lorem ipsum [dolor] sit amet " * 175_000,
        encoding="utf-8")  # one 5 MB line
    (src / "d_many_lines.txt").write_text(
        "A Table Of Many Short Rows Below\n\n" + "".join(f"row {i} [b]\n" if i != 50_000 else "Sessions said, \u201cI did not meet them.\u201d\n"
                for i in range(100_000)), encoding="utf-8")
    (src / "e_same_lines.txt").write_text("the same short line\n" * 100_000, encoding="utf-8")
    assert (src / "c_long_line.txt").stat().st_size >= 5_000_000
    db = folder / "hostile.db"
    result = CliRunner().invoke(main, ["import", str(db), str(src), "--subject", "Jeff Sessions",
                                       "--alias", "Sessions"])
    assert result.exit_code == 0, result.output
    assert "imported 5 article(s)" in result.output, result.output
    assert "Traceback" not in result.output
    return db


def bodies(db: Path) -> dict[str, str]:
    with Store(db, readonly=True) as store:
        return {a.stem: store.article_body(a.id) for a in store.articles_page(0, 10)}


def test_hostile_text_is_stored_literally_with_escapes_stripped(hostile: Path) -> None:
    got = bodies(hostile)
    for stem, body in got.items():
        assert not INVISIBLE.search(body), (stem, INVISIBLE.findall(body)[:5])
    assert MARKUP_QUOTE in got["a_markup"]
    assert "The end [/red] of it." in got["a_markup"]
    esc = got["b_escapes"]
    assert "I never met them at all." in esc
    assert "evil.invalid" not in esc and "pwned" not in esc  # link targets and titles are gone
    assert "eno isolated words, C1 and bell too." in esc
    long_line = got["c_long_line"]
    assert len(long_line) > 5_000_000 and "\n" not in long_line
    assert got["d_many_lines"].count("\n") == 99_999
    assert "row 99999 [b]" in got["d_many_lines"]
    same = got["e_same_lines"].split("\n")
    assert len(same) == 100_000 and set(same) == {"the same short line"}  # none lost
    with Store(hostile, readonly=True) as store:
        texts = [c.text for c in store.claims_page("all", None, 0, 50)]
        titles = [a.title for a in store.articles_page(0, 10)]
    assert any("[@click=app.quit]x[/]" in t for t in texts), texts
    assert "I met nobody at all." in texts  # a claim inside the 5 MB line
    assert "Sessions said, \u201cI did not meet them.\u201d" in got["d_many_lines"]
    assert "[bold]Markup[/bold] In [@click=app.quit]The[/] Headline" in titles


def _screen_text(app: ReviewApp) -> str:
    return html.unescape(app.export_screenshot()).replace("\xa0", " ")


@run_async
async def test_hostile_articles_show_literally_run_nothing_and_never_freeze(
    hostile: Path, tmp_path: Path
) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(hostile, db)
    app = ReviewApp(db, "me", {})
    quits: list[str] = []
    app.action_quit = lambda: quits.append("quit")  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        gaps: list[float] = []
        last = [time.perf_counter()]

        def beat() -> None:
            now = time.perf_counter()
            gaps.append(now - last[0])
            last[0] = now

        app.set_interval(0.05, beat)
        await settle(pilot)
        review = app.review
        assert review is not None
        slowest = 0.0

        async def press(key: str) -> None:
            nonlocal slowest
            started = time.perf_counter()
            await pilot.press(key)
            slowest = max(slowest, time.perf_counter() - started)

        seen_text = ""
        await press("shift+tab")  # the articles pane: moving previews each article
        await settle(pilot)
        for n in range(5):
            await press("j")
            await settle(pilot)
            await press("tab")  # the claims pane, then the article text
            await press("tab")
            for key in ("pagedown", "j", "end", "k", "home"):
                await press(key)
            await settle(pilot)
            seen_text += _screen_text(app)
            if n == 4:  # back at the first article (markup): click around, no "link" may run
                for x in range(5, 100, 15):
                    await pilot.click("#text", offset=(x, 1))
            await press("shift+tab")
            await press("shift+tab")
            await settle(pilot)
        for claim_key in ("end", "home"):  # the claims list holds the markup claim too
            await press(claim_key)
        await settle(pilot)
        seen_text += _screen_text(app)
        assert app.is_running and not quits
        # The screen never froze: the event loop never went a second without running. (A key
        # press as the pilot times it includes waiting out scroll animations, about a second
        # for end/home, so it gets a looser bound.)
        assert max(gaps) < 1.0, f"the event loop stalled for {max(gaps):.2f} s"
        assert slowest < 2.5, f"a key took {slowest:.2f} s"
    assert "[bold]I never met[/] the [/red] ambassador" in seen_text
    assert "[@click=app.quit]x[/]" in seen_text
    assert '[link="https://example.invalid"]y[/link]' in seen_text
    assert "[bold]Markup[/bold] In [@click=app.quit]The[/] Headline" in seen_text
    assert "the same short line" in seen_text
    assert "lorem ipsum [dolor] sit amet" in seen_text
    assert "row 1 [b]" in seen_text or "row 99999 [b]" in seen_text


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs a Linux pty")
def test_terminal_receives_no_link_title_or_colour_from_article_text(hostile: Path, tmp_path: Path) -> None:
    """The real program on a pty: nothing from the articles reaches the terminal as a control
    sequence (no OSC 8 hyperlink, no window title), and the markup arrives as plain text."""
    from test_hardening_crash import WORKBENCH, Terminal

    db = tmp_path / "copy.db"
    shutil.copy(hostile, db)
    term = Terminal([str(WORKBENCH), "review", str(db), "--reviewer", "r"])
    try:
        term.wait_for(lambda g: "reviewed" in g.text(), timeout=60)
        term.send("\t", pump=0.3)  # articles pane → claims → text, then browse
        for key in ("G", "g", "j", "j"):
            term.send(key, pump=0.3)
        term.pump(0.5)
        screen = term.grid.text()
    finally:
        term.close()
    raw = bytes(term.raw)
    assert b"\x1b]8;" not in raw  # no hyperlink
    assert not re.search(rb"\x1b\][012];", raw)  # no window or icon title
    assert b"evil.invalid" not in raw and b"pwned" not in raw
    assert "[@click=app.quit]" in screen or "[bold]Markup[/bold]" in screen, screen
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
