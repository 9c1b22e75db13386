"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_data import build


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A small deterministic review database (see tests/tui_data.py)."""
    return build(tmp_path / "review.db")
