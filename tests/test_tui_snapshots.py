"""Snapshot tests of the main screens at a fixed size (pytest-textual-snapshot).

Deterministic by construction: the database is the small test story built
by ``tui_data`` (no extraction, no clock in what is shown), the terminal is
160×45, no widget on these screens blinks a cursor, and every database
worker is waited for before the screenshot. Regenerate baselines with
``pytest tests/test_tui_snapshots.py --snapshot-update`` and look at them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from tui_data import build, settle

from workbench.tui.app import ReviewApp

SIZE = (160, 45)


def keys(*presses: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """A run_before that presses keys one at a time, waiting for the database after each."""

    async def run(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        for key in presses:
            await pilot.press(key)
            await settle(pilot)
        pilot.app.clear_notifications()
        await settle(pilot)

    return run


def test_review_mid_review(snap_compare: Any, tmp_path: Path) -> None:
    """Two verdicts given, cursor on the third claim, sentence cursor in the article."""
    app = ReviewApp(build(tmp_path / "review.db"), "ana", {})
    assert snap_compare(app, terminal_size=SIZE, run_before=keys("x", "c", "tab", "j"))


def test_review_evidence_linked(snap_compare: Any, tmp_path: Path) -> None:
    """A sentence linked as contradicting evidence: underlined in the text, listed in the panel."""
    app = ReviewApp(build(tmp_path / "review.db"), "ana", {})
    assert snap_compare(app, terminal_size=SIZE, run_before=keys("tab", "j", "e", "x", "shift+tab"))


def test_help_overlay(snap_compare: Any, tmp_path: Path) -> None:
    app = ReviewApp(build(tmp_path / "review.db"), "ana", {})
    assert snap_compare(app, terminal_size=SIZE, run_before=keys("question_mark"))
