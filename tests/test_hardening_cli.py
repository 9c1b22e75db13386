"""Hardening through the real command line (click's CliRunner on ``workbench.cli.main``).

Bad database files given to review/export/merge, a locked database, hostile
YAML, hostile article files, user file names holding markup or escape
sequences, and export files: atomic, injection-safe, stale temporaries cleaned.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from tui_data import build, claim_ids

from workbench import cli
from workbench.cli import main
from workbench.store import Store, connection

ROOT = Path(__file__).resolve().parent.parent
STORY = ROOT / "fixtures" / "story.yaml"
ARTICLE = ROOT / "fixtures" / "articles" / "002_879b37c607dd505b.txt"


def invoke(*args: object) -> object:
    return CliRunner().invoke(main, [str(a) for a in args])


def one_line(result: object) -> str:
    """The command failed with exactly one ``workbench: …`` line and no traceback."""
    assert result.exit_code not in (0, None), result.output  # type: ignore[attr-defined]
    if result.exception is not None and not isinstance(result.exception, SystemExit):  # type: ignore[attr-defined]
        raise AssertionError(f"crashed: {result.exception!r}\n{result.output}")  # type: ignore[attr-defined]
    lines = result.output.strip().splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 1, result.output  # type: ignore[attr-defined]
    assert lines[0].startswith("workbench: "), lines
    assert "Traceback" not in result.output  # type: ignore[attr-defined]
    return lines[0]


@pytest.fixture
def no_tui(monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    """Replace the full-screen app: a test fails if ``review`` would have started it."""
    import workbench.tui.app as tui_app

    calls: list[tuple] = []
    monkeypatch.setattr(tui_app, "run_review", lambda *a, **k: calls.append((a, k)))
    return calls


# -- bad database files: review, export, merge ---------------------------------------------


def _checkpointed(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()


def make_bad(kind: str, folder: Path) -> Path:
    path = folder / f"{kind}.db"
    if kind == "not_a_database":
        path.write_bytes(b"Quarterly notes, not a database.\n" * 200)
    elif kind in ("truncated", "truncated_at_page"):
        good = build(folder / "whole.db")
        _checkpointed(good)
        data = good.read_bytes()
        assert len(data) > 4 * 4096
        path.write_bytes(data[: len(data) // 2 - 100] if kind == "truncated" else data[:2 * 4096])
    elif kind == "newer_schema":
        build(path)
        conn = sqlite3.connect(path)
        conn.execute("INSERT INTO _sqlite_migrations(migration_set, name, applied_at)"
                     " VALUES ('factcheck-workbench', '9999_from_the_future', 'x')")
        conn.commit()
        conn.close()
        _checkpointed(path)
    elif kind == "other_program":
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
        conn.execute("INSERT INTO moz_places(url) VALUES ('https://example.org')")
        conn.commit()
        conn.close()
    return path


BAD_KINDS = {
    "not_a_database": "not a SQLite database",
    "truncated": "truncated",
    "truncated_at_page": "damaged",
    "newer_schema": "newer workbench",
    "other_program": "another program",
}


@pytest.mark.parametrize("command", ["review", "export", "merge"])
@pytest.mark.parametrize("kind", list(BAD_KINDS))
def test_bad_database_file_is_one_line_and_untouched(
    tmp_path: Path, kind: str, command: str, no_tui: list
) -> None:
    bad = make_bad(kind, tmp_path)
    before = bad.read_bytes()
    siblings = set(tmp_path.iterdir())
    if command == "review":
        result = invoke("review", bad, "--reviewer", "r")
    elif command == "export":
        result = invoke("export", bad, "--format", "json", "-o", tmp_path / "out.json")
    else:
        good = build(tmp_path / "good.db")
        siblings = set(tmp_path.iterdir())
        result = invoke("merge", tmp_path / "merged.db", good, bad)
    line = one_line(result)
    assert str(bad) in line and BAD_KINDS[kind] in line, line
    assert bad.read_bytes() == before
    assert not no_tui, "review started the screen on a bad file"
    assert not (tmp_path / "out.json").exists()
    assert not (tmp_path / "merged.db").exists()
    # nothing created beside it either (the good input of a merge gets its WAL files)
    assert {p for p in tmp_path.iterdir() if not p.name.startswith("good.db-")} == siblings


def damage_an_article(db: Path) -> None:
    """Bytes that are not UTF-8 in a stored article, as another program or a bad disk would leave."""
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE articles SET body = CAST(? AS TEXT) WHERE id = (SELECT MIN(id) FROM articles)",
                     [b"Sessions said \xff\xfe" + b"x" * 5000])
    conn.close()


@pytest.mark.parametrize("command", ["export", "stats", "timeline"])
def test_text_damaged_after_import_is_read_with_a_mark_and_a_warning(tmp_path: Path, command: str) -> None:
    """One damaged article stopped every export (sqlite3 quoting its whole text, no file name).
    Now the rest is exported, the damage is marked with U+FFFD, and one line names the file."""
    db = build(tmp_path / "r.db")
    damage_an_article(db)
    out = tmp_path / "out.json"
    args = ["--format", "json", "-o", out] if command == "export" else []
    result = CliRunner().invoke(main, [command, str(db), *map(str, args)])
    assert result.exit_code == 0, result.output
    warning = [line for line in result.output.splitlines() if line.startswith("workbench:")]
    assert warning == [f"workbench: {db}: warning: some stored text is damaged (not UTF-8) and was read"
                       " with � in its place; restore a copy if you have one"], result.output
    if command == "export":
        doc = json.loads(out.read_text(encoding="utf-8"))
        assert any(a["body"].startswith("Sessions said \ufffd") for a in doc["articles"])
        assert len(doc["claims"]) == 7


def damage_an_index(db: Path, index: str = "claims_verdict") -> None:
    """Zero part of an index's root page: the file still opens, and reads through it go wrong."""
    with sqlite3.connect(db) as conn:
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", [index]).fetchone()[0]
    conn.close()
    with open(db, "r+b") as f:
        f.seek((root - 1) * size + 8)
        f.write(b"\x00" * 200)


@pytest.mark.parametrize("command", ["export", "stats"])
def test_a_file_damaged_inside_is_said_after_reading_it(tmp_path: Path, command: str) -> None:
    """Damage in an index does not stop the file opening, and reads through it can quietly miss
    rows: the command says so in one line naming the file (SQLite's quick check)."""
    db = build(tmp_path / "r.db")
    damage_an_index(db)
    args = ["--format", "json", "-o", str(tmp_path / "out.json")] if command == "export" else []
    result = CliRunner().invoke(main, [command, str(db), *args])
    warning = [line for line in result.output.splitlines() if line.startswith("workbench:")]
    assert len(warning) == 1 and warning[0].startswith(f"workbench: {db}: warning: the file is damaged ("), warning
    assert "may be incomplete" in warning[0]


@pytest.mark.parametrize("name", ["a#b.db", "what?.db", "pct%20.db"])
def test_a_database_named_with_uri_characters_opens_as_itself(tmp_path: Path, name: str) -> None:
    """The read connection opens by URI: unescaped, "what?.db" opened a new file "what" (every read
    then failed: no such table) and "pct%20.db" opened nothing."""
    db = tmp_path / name
    result = invoke("import", db, STORY)
    assert result.exit_code == 0, result.output
    result = invoke("stats", db)
    assert result.exit_code == 0 and "14 claims" in result.output, result.output
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(name)) == []


def test_a_failed_sqlite_read_is_one_short_line() -> None:
    quoted = sqlite3.OperationalError("Could not decode to UTF-8 column 'body' with text '" + "x" * 5000 + "'")
    assert cli.sqlite_problem(quoted) == ("damaged: column 'body' holds bytes that are not UTF-8 text"
                                          " (the file was changed outside the workbench; restore a copy)")
    malformed = cli.sqlite_problem(sqlite3.DatabaseError("database disk image is malformed"))
    assert malformed == "damaged (database disk image is malformed); restore a copy"
    assert len(cli.sqlite_problem(sqlite3.OperationalError("y" * 5000))) == 200


# -- a locked database ----------------------------------------------------------------------


def test_import_into_a_locked_database_waits_then_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = build(tmp_path / "r.db")
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 400)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        started = time.perf_counter()
        result = invoke("import", db, ARTICLE, "--subject", "Jeff Sessions")
        waited = time.perf_counter() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    line = one_line(result)
    assert "locked by another program" in line and "waited 0.4 s" in line, line
    assert waited >= 0.35
    with Store(db) as store:
        assert store.integrity() == "ok"
        assert store.article_count() == 3  # nothing half-imported


# -- hostile YAML -----------------------------------------------------------------------------

EVIL_TAG = "name: x\nsubject:\n  name: !!python/object/apply:os.system ['touch pwned']\n"
SYNTAX = "name: x\nsubject: {name: [\narticles: []\n"


def _bomb() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def _small_bomb() -> str:
    """Under the alias-count limit, yet 8**6 values once expanded."""
    lines = ['a: &a [1, 2, 3, 4, 5, 6, 7, 8]']
    for i in range(1, 7):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 8) + "]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("name", "text", "needle", "line_no"), [
    ("tag", EVIL_TAG, "refused", 3),
    ("bomb", _bomb(), "alias bomb", 7),  # where the alias over the limit is
    ("small_bomb", _small_bomb(), "alias bomb", 2),  # where the first alias is
    ("syntax", SYNTAX, "", 4),  # YAML notices the unclosed "[" at the end of the stream
], ids=["tag", "bomb", "small_bomb", "syntax"])
@pytest.mark.parametrize("how", ["import --story", "export --settings", "review --settings"])
def test_hostile_yaml_refused_with_file_and_line(
    tmp_path: Path, name: str, text: str, needle: str, line_no: int, how: str, no_tui: list
) -> None:
    yaml_file = tmp_path / f"{name}.yaml"
    yaml_file.write_text(text)
    db = build(tmp_path / "r.db")
    os.chdir(tmp_path)
    if how == "import --story":
        result = invoke("import", tmp_path / "new.db", "--story", yaml_file)
    elif how == "export --settings":
        result = invoke("export", db, "--format", "json", "-o", tmp_path / "o.json",
                        "--settings", yaml_file)
    else:
        result = invoke("review", db, "--settings", yaml_file)
    line = one_line(result)
    assert line.startswith(f"workbench: {yaml_file}: line {line_no}: "), line
    assert needle in line
    assert not (tmp_path / "pwned").exists()
    assert not (tmp_path / "new.db").exists()
    assert not (tmp_path / "o.json").exists()
    assert not no_tui


def test_story_with_bad_yaml_given_to_first_review_creates_nothing(tmp_path: Path, no_tui: list) -> None:
    yaml_file = tmp_path / "story.yaml"
    yaml_file.write_text(EVIL_TAG)
    result = invoke("review", tmp_path / "new.db", "--story", yaml_file)
    assert "line 3" in one_line(result)
    assert list(tmp_path.iterdir()) == [yaml_file]


# -- hostile article files ---------------------------------------------------------------------


def test_folder_of_mixed_files_imports_the_good_and_names_each_bad(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    quote = "Sessions said, \u201cI never met the ambassador.\u201d It was false, critics said.\n"
    (folder / "good.txt").write_bytes(ARTICLE.read_bytes())
    (folder / "cp1252.txt").write_bytes(("Cp1252 Article Title\n\n" + quote).encode("cp1252"))
    (folder / "utf16.txt").write_bytes(("UTF-16 Article Title\n\n" + quote.replace("never", "did not"))
                                       .encode("utf-16"))
    (folder / "sub" / "utf16_nobom.md").write_bytes(("Other Title Here\n\n" + quote.replace("never", "rarely"))
                                                     .encode("utf-16-le"))
    bad = {
        "empty.txt": (b"", "empty file"),
        "photo.txt": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG image"),
        "nul.txt": (b"\x00" * 4096, "binary"),
        "garbage.txt": (bytes((i * 7919) % 255 + 1 for i in range(4096)) + b"\x81\x8d", "not valid UTF-8"),
        "sub/blank.md": (b"   \n\t\n\r\n", "empty file"),
    }
    for rel, (data, _) in bad.items():
        (folder / rel).write_bytes(data)
    db = tmp_path / "r.db"
    result = CliRunner().invoke(main, ["import", str(db), str(folder), "--subject", "Jeff Sessions",
                                       "--alias", "Sessions"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    for rel, (_, needle) in bad.items():
        lines = [ln for ln in result.output.splitlines() if str(folder / rel) in ln]
        assert len(lines) == 1 and needle in lines[0], (rel, lines)
        assert lines[0].startswith("workbench: ")
    warned = [ln for ln in result.output.splitlines() if "warning" in ln]
    assert any("cp1252.txt" in ln and "Windows-1252" in ln for ln in warned), warned
    assert "imported 4 article(s)" in result.output
    with Store(db, readonly=True) as store:
        bodies = [store.article_body(a.id) for a in store.articles_page(0, 10)]
    assert sum("\u201cI never met the ambassador.\u201d" in b for b in bodies) == 1  # cp1252 decoded right
    assert sum("I did not met" in b or "I did not meet" in b for b in bodies) == 1
    assert sum("I rarely met" in b for b in bodies) == 1


# -- user file names are text, never markup or terminal codes ----------------------------------


def test_file_names_with_markup_and_escapes_are_printed_literally(tmp_path: Path) -> None:
    weird = tmp_path / "[bold]red[/bold] \x1b]0;pwned\x07[link=https:x.invalid]n[/link].txt"
    # "/" cannot be in a file name, so closing tags make folders: the path holds them all the same.
    weird.parent.mkdir(parents=True)
    weird.write_bytes(b"")
    db = tmp_path / "[red]review[/].db"
    db.parent.mkdir(parents=True)
    result = invoke("import", db, weird, ARTICLE, "--subject", "Jeff Sessions")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    shown = str(weird).replace("\x1b", "\\x1b").replace("\x07", "\\x07")
    assert f"workbench: {shown}: empty file" in result.output
    assert f"→ {db}" in result.output  # the summary names the database literally
    out = tmp_path / "[bold]report[/bold].json"
    out.parent.mkdir(parents=True, exist_ok=True)
    result = invoke("export", db, "-o", out)
    assert result.exit_code == 0 and f"wrote {out}" in result.output
    other = tmp_path / "[i]b[/i].db"
    other.parent.mkdir(parents=True)
    invoke("import", other, ARTICLE, "--subject", "Jeff Sessions")
    merged = tmp_path / "[blink]merged[/blink] \x1b[31m.db"
    merged.parent.mkdir(parents=True)
    result = invoke("merge", merged, db, other)
    assert result.exit_code == 0, result.output
    unwrapped = "".join(result.output.splitlines())  # rich wraps at the terminal width
    assert "merged 2 files into " + str(merged).replace("\x1b", "\\x1b") in unwrapped
    assert "\x1b" not in result.output


def test_review_of_a_read_only_file_opens_it_read_only_with_a_notice(
    tmp_path: Path, no_tui: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = build(tmp_path / "r.db")
    real_access = os.access
    monkeypatch.setattr(cli.os, "access",
                        lambda path, mode: real_access(path, mode) and not (mode == os.W_OK and Path(path) == db))
    result = invoke("review", db, "--reviewer", "r")
    assert result.exit_code == 0, result.output
    assert f"workbench: {db}: the file is read-only; opening it read-only" in result.output
    assert no_tui and no_tui[0][1]["readonly"] is True


# -- exports ---------------------------------------------------------------------------------------


@pytest.fixture
def hostile_review(tmp_path: Path) -> Path:
    db = build(tmp_path / "r.db")
    ids = claim_ids(db)
    with Store(db) as store:
        store.set_verdict(ids["comms"], "contradicted", "=cmd|' /C calc'!A0")
        store.set_note(ids["comms"], "</script><script>alert(1)</script> [x](javascript:alert(1)) | a",
                       "=cmd|' /C calc'!A0")
        store.set_verdict(ids["never"], "consistent", "@SUM(1+1)")
        store.set_note(ids["never"], "+1 <img src=x onerror=alert(1)>\n# Not a heading", "@SUM(1+1)")
    return db


def test_exports_through_the_cli_are_injection_safe(hostile_review: Path, tmp_path: Path) -> None:
    settings = tmp_path / "settings.yaml"
    settings.write_text("organization: {name: Desk}\nclaimreview: {base_url: 'https://f.example/r/'}\n")
    outs = {}
    for fmt, name in (("csv", "r.csv"), ("markdown", "r.md"), ("claimreview", "r.jsonld")):
        out = tmp_path / name
        result = invoke("export", hostile_review, "--format", fmt, "-o", out, "--settings", settings)
        assert result.exit_code == 0, result.output
        outs[fmt] = out.read_text(encoding="utf-8-sig")
    for row in list(csv.reader(io.StringIO(outs["csv"])))[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert "'=cmd|" in outs["csv"] and "'@SUM(1+1)" in outs["csv"]
    md = outs["markdown"]
    assert "<script" not in md and "<img" not in md and "&lt;script&gt;" in md
    assert not re.search(r"(?<!\\)\]\(javascript:", md) and "\n# Not a heading" not in md
    ld = outs["claimreview"]
    assert "<" not in ld and ">" not in ld
    json.loads(ld)


def test_export_removes_stale_temporaries_of_a_killed_export(hostile_review: Path, tmp_path: Path) -> None:
    out = tmp_path / "review.json"
    out.write_text("old")
    stale = tmp_path / ".review.json.tmp-xyz123"
    stale.write_text('{"half": ')
    result = invoke("export", hostile_review, "-o", out)
    assert result.exit_code == 0, result.output
    assert not stale.exists()
    json.loads(out.read_text())
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".review.json")) == []


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_export_killed_mid_write_leaves_the_old_file_and_next_export_cleans_up(
    hostile_review: Path, tmp_path: Path
) -> None:
    """A real ``workbench export`` process is SIGKILLed after writing its temporary file but
    before the rename (its fsync is made to hang), as a crash or power cut would stop it."""
    out = tmp_path / "review.json"
    out.write_text('{"old": true}')
    code = (
        "import os, sys, time\n"
        "from workbench.export import atomic\n"
        "def hang(fd):\n"
        "    print('written', flush=True); time.sleep(60)\n"
        "atomic.os.fsync = hang\n"
        "from workbench.cli import main\n"
        f"sys.argv = ['workbench', 'export', {str(hostile_review)!r}, '-o', {str(out)!r}]\n"
        "main()\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "written"
        temps = list(tmp_path.glob(".review.json.tmp-*"))
        assert len(temps) == 1 and temps[0].stat().st_size > 0
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert out.read_text() == '{"old": true}'  # the old export is whole
    assert list(tmp_path.glob(".review.json.tmp-*")) == temps  # the killed one's leftover
    result = invoke("export", hostile_review, "-o", out)
    assert result.exit_code == 0, result.output
    assert list(tmp_path.glob(".review.json.tmp-*")) == []
    assert json.loads(out.read_text())["claims"]


def test_story_listing_a_symlink_loop_names_it_and_imports_the_rest(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_bytes(ARTICLE.read_bytes())
    (tmp_path / "loop1.txt").symlink_to(tmp_path / "loop2.txt")
    (tmp_path / "loop2.txt").symlink_to(tmp_path / "loop1.txt")
    story = tmp_path / "story.yaml"
    story.write_text("name: Loop\nsubject:\n  name: Jeff Sessions\n  aliases: [Sessions]\n"
                     "articles:\n  - file: good.txt\n  - file: loop1.txt\n")
    result = invoke("import", tmp_path / "r.db", story)
    assert "Traceback" not in result.output and not isinstance(result.exception, RuntimeError)
    lines = [ln for ln in result.output.splitlines() if "loop1.txt" in ln]
    assert len(lines) == 1 and lines[0].startswith("workbench: "), result.output
    assert "imported 1 article(s)" in result.output


# -- untrusted metadata, nesting, special files, inconsistent exports ---------------------------

HIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2060\ufeff\u202a-\u202e\u2066-\u2069]")
QUOTE = "Sessions said, \u201cI never met the ambassador.\u201d It was false, critics said.\n"


def test_story_and_header_metadata_lose_terminal_codes_and_invisible_characters(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(ARTICLE.read_bytes())
    (tmp_path / "b.html").write_text(
        "<html><head><meta name=author content='Ann&#x202e; Lee'></head><body>"
        f"<h1>Page&#x200b; headline&#x2066;</h1><p>{QUOTE}</p></body></html>"
    )
    story = tmp_path / "story.yaml"
    story.write_text(
        'name: "Story\\e[2J\\e]0;pwned\\a"\n'
        'subject: {name: "Jeff\\u200b Sessions\\e[5m", aliases: ["Sessions\\u202e"]}\n'
        "articles:\n  - file: a.txt\n"
        '    outlet: "NPR\\e[31m RED \\e]8;;http://evil.example\\e\\\\click\\e]8;;\\e\\\\"\n'
        '    title: "Title\\u202e\\u200bhidden"\n'
        '    byline: "Ann\\x9b31m Lee\\nand Bo"\n'
        '    url: "https://x.example/\\u2066a"\n'
        "  - b.html\n"
    )
    db = tmp_path / "c.db"
    result = invoke("import", db, story, "--alias", "AG\x1b[1m Sessions")
    assert result.exit_code == 0, result.output
    for args in (("stats", db), ("timeline", db), ("export", db, "--format", "markdown")):
        out = invoke(*args)
        assert out.exit_code == 0 and not HIDDEN.search(out.output), (args, out.output)
    with Store(db, readonly=True) as store:
        assert store.story() == {"name": "Story", "subject": {"name": "Jeff Sessions",
                                                              "aliases": ["Sessions", "AG Sessions"]}}
        rows = {(a.title, a.outlet, a.byline, a.url) for a in store.articles_page(0, 10)}
    assert rows == {("Titlehidden", "NPR RED click", "Ann Lee and Bo", "https://x.example/a"),
                    ("Page headline", None, "Ann Lee", None)}


@pytest.mark.parametrize("depth", [900, 200_000])
def test_deeply_nested_json_is_one_line_and_the_rest_imports(tmp_path: Path, depth: int) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text('{"articles": [], "claims": [], "events": [{"before": ' + "[" * depth + "]" * depth + "}]}")
    result = invoke("import", tmp_path / "r.db", deep, ARTICLE, "--subject", "Jeff Sessions")
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    lines = [ln for ln in result.output.splitlines() if str(deep) in ln]
    assert len(lines) == 1 and lines[0].startswith(f"workbench: {deep}: ") and "too deeply nested" in lines[0]
    assert "imported 1 article(s)" in result.output


class FifoWriter:
    """Keeps opening the given FIFOs for writing: a reader blocked opening one reads it as empty.

    Why: the test then fails (with a wrong message) instead of hanging the test run.
    """

    def __init__(self, paths: list[Path]) -> None:
        import threading

        self.paths, self.stop = paths, threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self.stop.wait(1):
            for p in self.paths:
                try:
                    os.close(os.open(p, os.O_WRONLY | os.O_NONBLOCK))
                except OSError:  # no reader waiting
                    pass

    def __enter__(self) -> FifoWriter:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs")
@pytest.mark.parametrize("device", ["null", "zero"])
def test_fifos_and_devices_are_one_line_each_and_the_rest_imports(tmp_path: Path, device: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_bytes(ARTICLE.read_bytes())
    fifos = [folder / "pipe.txt", tmp_path / "fifo.txt", tmp_path / "export.json", tmp_path / "story.yaml"]
    for p in fifos:
        os.mkfifo(p)
    devices = [tmp_path / "dev.txt", tmp_path / "dev.json", tmp_path / "dev.yaml"]
    for p in devices:
        p.symlink_to(f"/dev/{device}")
    with FifoWriter(fifos):
        result = invoke("import", tmp_path / "r.db", *fifos[1:], *devices, folder, "--subject", "Jeff Sessions")
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    for p in fifos + devices:
        lines = [ln for ln in result.output.splitlines() if str(p) in ln]
        assert len(lines) == 1 and lines[0].startswith(f"workbench: {p}: "), (p, result.output)
        assert "not a regular file" in lines[0], lines
    assert "imported 1 article(s)" in result.output


def _mutate(doc: dict, problem: str) -> str:
    """Make the export ``doc`` inconsistent in one way; return what the error must say."""
    first, second = doc["claims"][0], doc["claims"][1]
    if problem == "duplicate claim id":
        second["id"] = first["id"]
        return f"claim id {first['id']} appears twice"
    if problem == "duplicate reviewer":
        first["verdicts"].append(dict(first["verdicts"][0]))
        return f"claim {first['id']}: reviewer {first['verdicts'][0]['reviewer']} has two verdicts"
    if problem == "unknown merged_into":
        first["merged_into"] = 999_999
        return f"claim {first['id']} is merged into claim 999999, which is not in the file"
    if problem == "duplicate article":
        doc["articles"].append({**doc["articles"][0], "id": 77, "stem": "copy"})
        return "article 77 has the same sha256 as article"
    if problem == "duplicate occurrence id":
        second["occurrences"][0]["id"] = first["occurrences"][0]["id"]
        return f"occurrence id {first['occurrences'][0]['id']} appears twice"
    if problem == "offset not a number":  # was "(TypeError: slice indices must be integers …)"
        first["occurrences"][0]["start"] = "12"
        return f"claim {first['id']}: an occurrence's start is '12', not a character offset"
    if problem == "newer format":  # was imported as if it were this version
        doc["version"] = 99
        return "is format version 99, written by a newer workbench"
    raise AssertionError(problem)


@pytest.mark.parametrize("problem", ["duplicate claim id", "duplicate reviewer", "unknown merged_into",
                                     "duplicate article", "duplicate occurrence id", "offset not a number",
                                     "newer format"])
def test_inconsistent_json_export_names_the_json_file_and_the_problem(tmp_path: Path, problem: str) -> None:
    db = build(tmp_path / "r.db")
    with Store(db) as store:
        store.set_verdict(claim_ids(db)["comms"], "contradicted", "alice")
    export = tmp_path / "export.json"
    assert invoke("export", db, "-o", export).exit_code == 0
    doc = json.loads(export.read_text())
    doc["claims"].sort(key=lambda c: not c["verdicts"])  # the claim with a verdict first
    needle = _mutate(doc, problem)
    export.write_text(json.dumps(doc))
    new = tmp_path / "new.db"
    result = invoke("import", new, export)
    assert result.exit_code == 1 and "not saved" not in result.output, result.output
    lines = [ln for ln in result.output.splitlines() if str(export) in ln]
    assert len(lines) == 1 and lines[0].startswith(f"workbench: {export}: ") and needle in lines[0], lines
    assert not new.exists()


def test_the_summary_counts_the_claims_of_a_json_export_imported_with_articles(tmp_path: Path) -> None:
    """"import new.db export.json article.txt" said "1 new claim(s)": the articles' count
    replaced the export's 7."""
    db = build(tmp_path / "r.db")
    export = tmp_path / "export.json"
    assert invoke("export", db, "-o", export).exit_code == 0
    with Store(db, readonly=True) as s:
        exported = s.claims_count()
    result = invoke("import", tmp_path / "new.db", export, ARTICLE, "--subject", "Jeff Sessions")
    assert result.exit_code == 0, result.output
    with Store(tmp_path / "new.db", readonly=True) as s:
        total = s.claims_count("all", None)
    assert total > exported
    assert f" {total} new claim(s)" in result.output, result.output
