"""Regenerate the README screenshots from the bundled story.

    .venv/bin/python screenshots/make_screenshots.py

Imports ``fixtures/story.yaml`` into a fresh database (with ``workbench
import``, the same command a user runs), drives the review screen headless
with ``App.run_test`` through a short mid-review session (two verdicts, a
note, an evidence link), and saves SVGs with ``save_screenshot``:

- ``review.svg``: the review screen mid-review;
- ``evidence.svg``: linking a sentence as evidence (the stance picker);
- ``note.svg``: the note editor;
- ``help.svg``: the key reference overlay.

To look at one: ``rsvg-convert -o /tmp/review.png screenshots/review.svg``.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "screenshots"
SIZE = (160, 45)
sys.path.insert(0, str(ROOT / "tests"))

from tui_data import settle  # noqa: E402

from workbench.tui.app import ReviewApp  # noqa: E402


def build_db(folder: Path) -> Path:
    """The bundled story, imported exactly as ``workbench import`` does it."""
    db = folder / "review.db"
    subprocess.run(
        [sys.executable, "-m", "workbench", "import", str(db), str(ROOT / "fixtures" / "story.yaml")],
        check=True, cwd=ROOT, capture_output=True,
    )
    return db


async def session(db: Path) -> None:
    app = ReviewApp(db, "ana", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("x")  # contradicted → moves on
        await settle(pilot)
        await pilot.press("c")  # consistent → moves on
        await settle(pilot)
        await pilot.press("k")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"Fox interview, March 2: compare with the Jan 10 hearing transcript.")
        await settle(pilot)
        app.save_screenshot("note.svg", str(OUT))
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("tab", "j", "j")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        app.save_screenshot("evidence.svg", str(OUT))
        await pilot.press("x")  # contradicts
        await settle(pilot)
        await pilot.press("shift+tab")
        await settle(pilot)
        app.clear_notifications()
        await settle(pilot)
        app.save_screenshot("review.svg", str(OUT))
        await pilot.press("question_mark")
        await settle(pilot)
        app.save_screenshot("help.svg", str(OUT))
        await pilot.press("escape")
        await pilot.press("q")
        await settle(pilot)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(session(build_db(Path(tmp))))
    for name in ("review", "evidence", "note", "help"):
        print(OUT / f"{name}.svg")


if __name__ == "__main__":
    main()
