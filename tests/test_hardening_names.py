"""File names are untrusted text too: stored and shown as visible escapes, never as terminal codes."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
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


def _two_index_files(tmp_path: Path) -> None:
    """npr/index.txt and misc/index.txt: two sites' pages saved under one name."""
    sources = sorted(ARTICLES.glob("*.txt"))
    for folder, source in (("npr", sources[0]), ("misc", sources[2])):
        (tmp_path / folder).mkdir()
        shutil.copy(source, tmp_path / folder / "index.txt")


def test_two_files_named_alike_stay_two_articles_in_every_export(tmp_path: Path, monkeypatch: Any) -> None:
    """Both were stored as "index": the report gave the NPR page's title to the other page's claims."""
    monkeypatch.chdir(tmp_path)
    _two_index_files(tmp_path)
    db = tmp_path / "r.db"
    result = CliRunner().invoke(main, ["import", str(db), "npr", "misc", "--subject", "Jeff Sessions"])
    assert result.exit_code == 0, result.output
    with Store(db, readonly=True) as store:
        stems = {a.source: a.stem for a in store.articles_page()}
        titles = {a.stem: a.title for a in store.articles_page()}
    assert stems == {"npr/index.txt": "index", "misc/index.txt": "misc/index"}
    assert titles["index"] != titles["misc/index"]
    doc = json.loads(CliRunner().invoke(main, ["export", str(db), "--format", "json"]).output)
    for claim in doc["claims"]:
        for occurrence in claim["occurrences"]:
            assert occurrence["article"] == {1: "index", 2: "misc/index"}[occurrence["article_id"]]
    report = CliRunner().invoke(main, ["export", str(db), "--format", "markdown"]).output
    shown = set()
    for claim in doc["claims"]:
        section = report.split(f'<a id="claim-{claim["id"]}"></a>')[1].split('<a id="claim-')[0]
        own = {o["article"] for o in claim["occurrences"]}
        for stem, title in titles.items():
            assert (title in section) == (stem in own), (claim["id"], stem)
        shown |= own
    assert shown == {"index", "misc/index"}
    # a later import of a third index.txt takes the next name free
    (tmp_path / "more").mkdir()
    shutil.copy(sorted(ARTICLES.glob("*.txt"))[3], tmp_path / "more" / "index.txt")
    assert CliRunner().invoke(main, ["import", str(db), "more/index.txt"]).exit_code == 0
    with Store(db, readonly=True) as store:
        assert sorted(a.stem for a in store.articles_page()) == ["index", "misc/index", "more/index"]


def _a_file_from_before_unique_stems(tmp_path: Path, monkeypatch: Any) -> Path:
    """npr/index.txt and misc/index.txt imported, then stored as a file before 0004 held them:
    both stems "index"."""
    monkeypatch.chdir(tmp_path)
    _two_index_files(tmp_path)
    db = tmp_path / "r.db"
    assert CliRunner().invoke(main, ["import", str(db), "npr", "misc", "--subject", "Jeff Sessions"]).exit_code == 0
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("DROP INDEX articles_stem")
        conn.execute("UPDATE articles SET stem = 'index'")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0004_unique_stems'")
    conn.close()
    return db


def test_a_file_holding_two_articles_with_one_stem_is_mended_when_opened(tmp_path: Path, monkeypatch: Any) -> None:
    """Files written before each article had its own stem get one (the first keeps its name)."""
    db = _a_file_from_before_unique_stems(tmp_path, monkeypatch)
    with Store(db) as store:
        assert [(a.source, a.stem) for a in sorted(store.articles_page(), key=lambda a: a.id)] == [
            ("npr/index.txt", "index"), ("misc/index.txt", "misc/index")]
    conn = sqlite3.connect(db)
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("UPDATE articles SET stem = 'index'")
    conn.close()


def test_a_stem_taken_by_another_instance_meanwhile_is_named_apart_not_refused(
    tmp_path: Path, monkeypatch: Any,
) -> None:
    """The importer picks stems before it writes; a second instance may store the same one first."""
    monkeypatch.chdir(tmp_path)
    _two_index_files(tmp_path)
    db = tmp_path / "r.db"
    assert CliRunner().invoke(main, ["import", str(db), "npr", "--subject", "Jeff Sessions"]).exit_code == 0
    monkeypatch.setattr(Store, "article_stems", lambda self: set())  # as if npr/index.txt landed after
    result = CliRunner().invoke(main, ["import", str(db), "misc"])
    assert result.exit_code == 0, result.output
    with Store(db, readonly=True) as store:
        assert sorted(a.stem for a in store.articles_page()) == ["index", "misc/index"]


def test_many_files_of_one_name_get_their_names_quickly_and_no_article_loses_its_own() -> None:
    """Names were found by trying index~2, ~3 … from the start each time: 20,000 alike took 27 s.
    A file named index~2.txt keeps its name even when another index is renamed beside it."""
    import time

    from workbench.store.stems import unique_stems

    start = time.perf_counter()
    names = unique_stems(("index", "a/index.txt") for _ in range(20_000))
    assert time.perf_counter() - start < 2.0
    assert len(set(names)) == 20_000 and names[:3] == ["index", "a/index", "index~2"]
    assert unique_stems([("index", "index.txt"), ("index", "index.txt"), ("index~2", "index~2.txt")]) == [
        "index", "index~3", "index~2"]


def test_a_read_only_file_from_before_unique_stems_exports_each_article_under_its_own(
        tmp_path: Path, monkeypatch: Any) -> None:
    """A read-only open does not migrate: the report gave one article's title to both."""
    db = _a_file_from_before_unique_stems(tmp_path, monkeypatch)
    db.chmod(0o444)
    doc = json.loads(CliRunner().invoke(main, ["export", str(db), "--format", "json"]).output)
    assert [a["stem"] for a in doc["articles"]] == ["index", "misc/index"]
    for claim in doc["claims"]:
        for occurrence in claim["occurrences"]:
            assert occurrence["article"] == {1: "index", 2: "misc/index"}[occurrence["article_id"]]
