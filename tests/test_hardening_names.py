"""File names are untrusted text too: stored and shown as visible escapes, never as terminal codes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from click.testing import CliRunner

from workbench.cli import main
from workbench.store import Store

ARTICLES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"


def test_file_names_with_terminal_codes_or_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    """A name that is not UTF-8 crashed the whole import (SQLite cannot store a lone surrogate);
    a name with escape codes was stored and printed as is."""
    folder = tmp_path / "in"
    folder.mkdir()
    sources = sorted(ARTICLES.glob("*.txt"))[:2]
    shutil.copy(sources[0], folder / "a\x1b[31mred\x1b]0;pwn\x07.txt")
    shutil.copy(sources[1], folder / os.fsdecode(b"b\xffx.txt"))
    db = tmp_path / "r.db"
    result = CliRunner().invoke(main, ["import", str(db), str(folder), "--subject", "Jeff Sessions",
                                       "--alias", "Sessions"])
    assert result.exit_code == 0, result.output
    assert "imported 2 article(s)" in result.output
    with Store(db, readonly=True) as store:
        stems = sorted(a.stem for a in store.articles_page())
    assert stems == ["a\\x1b[31mred\\x1b]0;pwn\\x07", "b\\xffx"]
    out = CliRunner().invoke(main, ["export", str(db), "--format", "markdown"]).output
    assert "\x1b" not in out and "\x07" not in out


def test_hidden_files_in_a_folder_are_not_articles(tmp_path: Path) -> None:
    """An editor's lock file (a dangling link named .#a.txt) or a .git folder is no article and no error."""
    folder = tmp_path / "in"
    (folder / ".git").mkdir(parents=True)
    shutil.copy(sorted(ARTICLES.glob("*.txt"))[0], folder / "a.txt")
    (folder / ".#a.txt").symlink_to("user@host.1234:1700000000")
    (folder / ".git" / "notes.txt").write_text("not an article", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(tmp_path / "r.db"), str(folder),
                                       "--subject", "Jeff Sessions"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("imported 1 article(s)"), result.output
