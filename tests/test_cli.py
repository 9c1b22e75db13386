"""The CLI through click's CliRunner: import, export, stats, timeline, merge, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.cli import main
from workbench.store import Store

ROOT = Path(__file__).resolve().parent.parent
STORY = ROOT / "fixtures" / "story.yaml"
# ../shared sits beside the clone in CI; a clone made elsewhere falls back to /work/shared.
SHARED = next(
    (p for p in (ROOT.parent / "shared", Path("/work/shared")) if (p / "tools").exists()),
    ROOT.parent / "shared",
)
FURNITURE = [
    "Your NPR news source", "IE 11 is not supported", "The Slatest", "The Latest",
    "Copyright 2017 NPR", "To see more, visit", "writes about national security",
    "Share news tips with us confidentially", "](#)",
]


def run(*args: str) -> object:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return result


@pytest.fixture
def imported(tmp_path: Path) -> Path:
    db = tmp_path / "a.db"
    result = run("import", db, STORY)
    assert result.exit_code == 0, result.output
    return db


def test_every_command_has_help_with_example() -> None:
    for name, command in main.commands.items():
        result = run(name, "--help")
        assert result.exit_code == 0
        assert command.help and "Example" in result.output, name


def test_import_then_export_json(imported: Path, tmp_path: Path) -> None:
    out = tmp_path / "a.json"
    assert run("export", imported, "--format", "json", "-o", out).exit_code == 0
    doc = json.loads(out.read_text())
    titles = {a["outlet"]: a["title"] for a in doc["articles"]}
    assert len(doc["articles"]) == 5
    assert titles["NBC News"] == "Sessions Chooses Recusal, Despite Trump's 'Total' Confidence"
    assert titles["Slate"].startswith("Despite Earlier Denial, Sessions Reportedly")
    for article in doc["articles"]:
        for junk in FURNITURE:
            assert junk not in article["body"], (article["stem"], junk)
    for claim in doc["claims"]:
        for occ in claim["occurrences"]:
            body = next(a["body"] for a in doc["articles"] if a["stem"] == occ["article"])
            assert body[occ["start"]:occ["end"]] == occ["text"]


def test_reimport_is_a_noop(imported: Path) -> None:
    with Store(imported) as s:
        before = s.counts()
    result = run("import", imported, STORY)
    assert result.exit_code == 0
    assert "5 unchanged" in result.output
    with Store(imported) as s:
        after = s.counts()
    assert {k: v for k, v in after.items() if k != "events"} == {
        k: v for k, v in before.items() if k != "events"
    }


@pytest.mark.skipif(not (SHARED / "tools" / "score_claims.py").exists(), reason="needs ../shared")
def test_extraction_score_meets_the_issue_figures(imported: Path, tmp_path: Path) -> None:
    out = tmp_path / "a.json"
    run("export", imported, "--format", "json", "-o", out)
    proc = subprocess.run(
        [sys.executable, str(SHARED / "tools" / "score_claims.py"), str(out),
         str(SHARED / "gold" / "sessions-statements.yaml"), "--json"],
        capture_output=True, text=True, check=True,
    )
    score = json.loads(proc.stdout)
    assert score["recall"] >= 0.95, score
    assert score["precision"] >= 0.90, score
    assert score["grouping_f1"] >= 0.85, score


def test_other_subject_from_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    result = run("import", db, ROOT / "fixtures" / "articles", "--subject", "Donald Trump",
                 "--alias", "Trump", "--alias", "President Trump", "--alias", "the president")
    assert result.exit_code == 0, result.output
    with Store(db) as s:
        texts = " ".join(c.text for c in s.claims_page("all", None, 0, 100))
        assert s.story()["subject"]["name"] == "Donald Trump"
    assert "I think he probably did" in texts
    assert "did not have communications with the Russians" not in texts


@pytest.mark.parametrize(
    ("name", "content", "needle"),
    [
        ("empty.txt", b"", "empty file"),
        ("image.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "PNG"),
        ("nul.txt", b"\x00" * 200, "binary"),
    ],
)
def test_bad_file_one_line_and_others_still_imported(
    tmp_path: Path, name: str, content: bytes, needle: str
) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    db = tmp_path / "x.db"
    result = CliRunner().invoke(
        main, ["import", str(db), str(bad), str(ROOT / "fixtures" / "articles" / "002_879b37c607dd505b.txt"),
               "--subject", "Jeff Sessions", "--alias", "Sessions"],
    )
    assert result.exit_code == 0
    lines = [line for line in result.output.splitlines() if str(bad) in line]
    assert len(lines) == 1 and needle in lines[0]
    assert "Traceback" not in result.output
    assert "imported 1 article" in result.output


def test_nothing_importable_exits_nonzero(tmp_path: Path) -> None:
    empty_dir = tmp_path / "nothing"
    empty_dir.mkdir()
    result = CliRunner().invoke(
        main, ["import", str(tmp_path / "x.db"), str(tmp_path / "missing.txt"), str(empty_dir)]
    )
    assert result.exit_code == 1
    assert f"{tmp_path / 'missing.txt'}: file not found" in result.output
    assert f"{empty_dir}: no articles" in result.output
    assert "Traceback" not in result.output


def test_story_yaml_syntax_error_has_line(tmp_path: Path) -> None:
    story = tmp_path / "story.yaml"
    story.write_text("name: x\nsubject: {name: [\n")
    result = CliRunner().invoke(main, ["import", str(tmp_path / "x.db"), str(story)])
    assert result.exit_code == 1
    assert f"{story}: line " in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", ["export", "stats", "timeline"])
def test_not_a_database_is_one_line(tmp_path: Path, command: str) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_bytes(b"just some text, not sqlite" * 50)
    data = bogus.read_bytes()
    result = CliRunner().invoke(main, [command, str(bogus)])
    assert result.exit_code != 0
    assert "not a SQLite database" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert bogus.read_bytes() == data


def test_stats_and_timeline(imported: Path) -> None:
    with Store(imported) as s:
        first = s.claims_page()[0]
        s.set_verdict(first.id, "contradicted", "alice")
    result = run("stats", imported)
    assert "1/16 reviewed" in result.output or "reviewed" in result.output
    assert "alice" in result.output
    result = run("timeline", imported)
    assert result.exit_code == 0
    assert "2017-01" in result.output
    # to a pipe or a file: tab-separated lines (a table measured all 29,828 rows of a
    # 10,000-article review before printing one, 23 s even for `| head`)
    lines = result.output.splitlines()
    assert lines[0] == "said_on\tverdict\tsetting\tstatement\tsources"
    with Store(imported, readonly=True) as s:
        claims = s.claims_count()
    assert all(len(line.split("\t")) == 5 for line in lines[1:]) and len(lines) == 1 + claims
    assert lines[1].startswith("2017-01\t")


def test_timeline_with_stdout_closed_ends_quietly(imported: Path) -> None:
    """`workbench timeline DB >&-` ended in a traceback (sys.stdout is None there)."""
    import os
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "workbench", "timeline", str(imported)],
                          stderr=subprocess.PIPE, preexec_fn=lambda: os.close(1), timeout=60)
    assert b"Traceback" not in done.stderr and done.returncode == 0, done.stderr


def test_json_round_trip(imported: Path, tmp_path: Path) -> None:
    with Store(imported) as s:
        ids = [c.id for c in s.claims_page()]
        s.set_verdict(ids[0], "contradicted", "alice")
        s.set_note(ids[0], "Met Kislyak twice | [see] <b>", "alice")
        s.add_evidence(ids[0], 5, 0, 40, "contradicts", "alice")
        s.merge_claims(ids[2], ids[1], "alice")
    first = tmp_path / "one.json"
    run("export", imported, "--format", "json", "-o", first)
    rebuilt = tmp_path / "rebuilt.db"
    result = run("import", rebuilt, first)
    assert result.exit_code == 0, result.output
    second = tmp_path / "two.json"
    run("export", rebuilt, "--format", "json", "-o", second)
    a, b = json.loads(first.read_text()), json.loads(second.read_text())
    for doc in (a, b):
        doc.pop("exported_at")
        for art in doc["articles"]:
            art.pop("imported_at", None)
    assert a == b


def test_merge_reports_agreement(imported: Path, tmp_path: Path) -> None:
    alice, bob = tmp_path / "alice.db", tmp_path / "bob.db"
    for path in (alice, bob):
        run("import", path, STORY)
    labels_a = ["contradicted", "contradicted", "consistent", "unresolved"]
    labels_b = ["contradicted", "consistent", "consistent", "unresolved"]
    for path, name, labels in ((alice, "alice", labels_a), (bob, "bob", labels_b)):
        with Store(path) as s:
            for claim, label in zip(s.claims_page(), labels, strict=False):
                s.set_verdict(claim.id, label, name)
    out = tmp_path / "merged.db"
    result = run("merge", out, alice, bob)
    assert result.exit_code == 0, result.output
    # p_o = 3/4; p_e = sum over labels of p_alice * p_bob
    #   = contradicted 2/4*1/4 + consistent 1/4*2/4 + unresolved 1/4*1/4 = 5/16
    # kappa = (3/4 - 5/16) / (1 - 5/16) = (7/16) / (11/16) = 7/11 = 0.636
    assert "0.750" in result.output and "0.636" in result.output
    assert "1 disagreement" in result.output
    with Store(out) as s:
        assert s.claims_count() == 14
        assert s.claims_count("disputed") == 1
        assert set(s.reviewers()) == {"alice", "bob"}
        # An unsettled disagreement is no verdict: not counted as reviewed ...
        assert s.progress()["reviewed"] == 3
    # ... and shown as disputed, not as whoever wrote last.
    csv_text = run("export", out, "--format", "csv").output
    assert sum(",disputed," in line for line in csv_text.splitlines()) == 1
    assert "≠ Disputed" in run("export", out, "--format", "markdown").output


def test_merge_keeps_same_named_reviewers_apart(tmp_path: Path) -> None:
    a, b = tmp_path / "a2.db", tmp_path / "b2.db"
    for path, label in ((a, "contradicted"), (b, "consistent")):
        run("import", path, STORY)
        with Store(path) as s:
            s.set_verdict(s.claims_page()[0].id, label, "alice")
    out = tmp_path / "m.db"
    result = run("merge", out, a, b)
    assert result.exit_code == 0, result.output
    assert "'alice (a2)'" in result.output and "1 disagreement" in result.output
    with Store(out) as s:
        assert set(s.reviewers()) == {"alice (a2)", "alice (b2)"}
        assert s.claims_count("disputed") == 1


def test_failed_first_import_leaves_no_database(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    result = CliRunner().invoke(main, ["import", str(db), str(tmp_path / "missing.txt")])
    assert result.exit_code == 1
    assert "nothing imported" in result.output
    assert not db.exists()
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"articles": [], "claims": [], "events": "oops"}))
    result = CliRunner().invoke(main, ["import", str(db), str(bad)])
    assert result.exit_code == 1 and "'events' must be a list" in result.output
    assert "Traceback" not in result.output and not db.exists()


def test_merge_after_a_split_puts_each_passage_in_one_claim(tmp_path: Path) -> None:
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    run("import", a, STORY)
    run("import", b, STORY)
    with Store(a) as s:
        first = s.claims_page()[0]
        s.set_verdict(first.id, "contradicted", "ann")
    with Store(b) as s:
        first = s.claims_page()[0]
        occ = s.claim(first.id).occurrences[-1]
        new = s.split_occurrence(occ.id, "bob")
        s.set_verdict(new, "consistent", "bob")
    out = tmp_path / "m.db"
    assert run("merge", out, a, b).exit_code == 0
    doc = json.loads(run("export", out, "--format", "json").output)
    spans = [(o["article"], o["start"], o["end"]) for c in doc["claims"] for o in c["occurrences"]]
    assert len(spans) == len(set(spans)) == 33
    verdicts = {(v["reviewer"], v["label"]) for c in doc["claims"] for v in c["verdicts"]}
    assert verdicts == {("ann", "contradicted"), ("bob", "consistent")}


def test_a_later_import_keeps_whose_statement_is_whose(tmp_path: Path) -> None:
    """A spokeswoman repeating the subject's words is her statement, in one import or in two."""
    quote = "“The levy is deeply unfair to the farmers of the valley,”"
    (tmp_path / "a.txt").write_text(f"Ortega on the levy\n\nBy A. Writer, May 6, 2022\n\n{quote} Ortega said.\n")
    (tmp_path / "b.txt").write_text(
        f"Aide on the levy\n\nBy B. Writer, May 7, 2022\n\n{quote} a spokeswoman for Ortega said.\n")
    speakers = []
    for name, steps in (("one", [["a.txt", "b.txt"]]), ("two", [["a.txt"], ["b.txt"]])):
        db = tmp_path / f"{name}.db"
        for files in steps:
            result = run("import", db, *[tmp_path / f for f in files], "--subject", "Maria Ortega", "--alias", "Ortega")
            assert result.exit_code == 0, result.output
        with Store(db, readonly=True) as s:
            speakers.append(sorted(s.claim(row.id).claim.speaker for row in s.claims_page("all", None, 0, 10)))
    assert speakers[0] == speakers[1] == ["Maria Ortega", "a spokeswoman for Ortega"]


@pytest.mark.parametrize("order", [("a.txt", "b.txt"), ("b.txt", "a.txt")])
def test_a_later_import_joins_the_named_and_the_unnamed_spokeswoman(tmp_path: Path, order: tuple[str, str]) -> None:
    """One voice across imports, whichever comes first: naming the stored unnamed spokeswoman renames
    the claim; an unnamed one after the named one joins it (the stored claim's passages name the org)."""
    quote = "“We have full confidence in the audit and will not comment on leaked drafts,”"
    about = " She said that Ortega never discussed the levy.\n"
    (tmp_path / "a.txt").write_text(f"Audit row\n\nBy A. Writer, May 6, 2022\n\n{quote} a Treasury spokeswoman said.{about}")
    (tmp_path / "b.txt").write_text(
        f"Audit row again\n\nBy B. Writer, May 7, 2022\n\n{quote} said a Treasury spokeswoman, Dana Ruiz.{about}")
    db = tmp_path / "r.db"
    for name in order:
        result = run("import", db, tmp_path / name, "--subject", "Maria Ortega", "--alias", "Ortega")
        assert result.exit_code == 0, result.output
    with Store(db, readonly=True) as s:
        rows = [s.claim(r.id) for r in s.claims_page("all", None, 0, 10) if r.text.startswith("We have")]
    assert [(c.claim.speaker, len(c.occurrences)) for c in rows] == [("Dana Ruiz", 2)]


def test_articles_imported_one_at_a_time_group_as_one_import(tmp_path: Path) -> None:
    """A desk adds articles as they are published: the claims are those of one import of them all
    (their passages and speakers; a stored claim keeps the wording the reviewer has seen)."""
    import yaml

    story = yaml.safe_load(STORY.read_text(encoding="utf-8"))
    one, steps = tmp_path / "one.db", tmp_path / "steps.db"
    assert run("import", one, STORY).exit_code == 0
    for k, article in enumerate(story["articles"]):
        part = tmp_path / f"part{k}.yaml"
        part.write_text(yaml.safe_dump({**story, "articles": [
            {**article, "file": str(STORY.parent / article["file"])}]}), encoding="utf-8")
        result = run("import", steps, part)
        assert result.exit_code == 0, result.output

    def claims(db: Path) -> list[tuple[str, list[tuple[str, int]]]]:
        doc = json.loads(run("export", db, "--format", "json").output)
        return sorted((c["speaker"], sorted((o["article"], o["start"]) for o in c["occurrences"]))
                      for c in doc["claims"])

    assert len(claims(one)) == 14
    assert claims(steps) == claims(one)


@pytest.mark.parametrize("merger", ["alice", "bob"])
def test_merge_of_files_where_one_reviewer_merged_two_claims(tmp_path: Path, merger: str) -> None:
    """A verdict judges its passages: when one reviewer kept together what the other split,
    it counts for each part, so a disagreement on either part shows (whichever file comes first)."""
    alice, bob = tmp_path / "alice.db", tmp_path / "bob.db"
    for path in (alice, bob):
        run("import", path, STORY)
    with Store(alice) as s:
        x, y = [c.id for c in s.claims_page()[:2]]
    joined, split = (alice, bob) if merger == "alice" else (bob, alice)
    with Store(joined) as s:
        s.set_verdict(y, "contradicted", joined.stem)
        assert s.merge_claims(y, x, joined.stem)  # the verdict moves to the merged claim
    with Store(split) as s:
        s.set_verdict(x, "contradicted", split.stem)
        s.set_verdict(y, "consistent", split.stem)
    out = tmp_path / "merged.db"
    result = run("merge", out, alice, bob)
    assert result.exit_code == 0, result.output
    assert "1 disagreement" in result.output, result.output
    with Store(out) as s:
        assert s.claims_count("disputed") == 1
        judged = {c.id: {v.reviewer: v.label for v in s.claim(c.id).verdicts}
                  for c in s.claims_page("all", None, 0, 100) if s.claim(c.id).verdicts}
    assert {frozenset(d.items()) for d in judged.values()} == {
        frozenset({("alice", "contradicted"), ("bob", "contradicted")}),
        frozenset({(joined.stem, "contradicted"), (split.stem, "consistent")}),
    }


def test_merge_passes_no_verdict_to_a_claim_that_only_shares_the_wording(tmp_path: Path) -> None:
    """The subject's words and a spokeswoman repeating them are two claims with one wording."""
    quote = "“The levy is deeply unfair to the farmers of the valley,”"
    (tmp_path / "a.txt").write_text(f"Ortega on the levy\n\nBy A. Writer, May 6, 2022\n\n{quote} Ortega said.\n")
    (tmp_path / "b.txt").write_text(
        f"Aide on the levy\n\nBy B. Writer, May 7, 2022\n\n{quote} a spokeswoman for Ortega said.\n")
    dbs = [tmp_path / "alice.db", tmp_path / "bob.db"]
    for db in dbs:
        run("import", db, tmp_path / "a.txt", tmp_path / "b.txt", "--subject", "Maria Ortega", "--alias", "Ortega")
        with Store(db) as s:
            rows = sorted(s.claims_page("all", None, 0, 10), key=lambda r: s.claim(r.id).claim.speaker != "Maria Ortega")
            assert len(rows) == 2
            s.set_verdict(rows[0].id, "consistent", db.stem)
            s.set_verdict(rows[1].id, "contradicted", db.stem)  # later: the newer verdict of each reviewer
    result = run("merge", tmp_path / "out.db", *dbs)
    assert result.exit_code == 0, result.output
    assert "percent agreement: 1.000" in result.output and "0 disagreement" in result.output, result.output
    with Store(tmp_path / "out.db") as s:
        verdicts = {s.claim(r.id).claim.speaker: {v.label for v in s.claim(r.id).verdicts}
                    for r in s.claims_page("all", None, 0, 10)}
    assert verdicts == {"Maria Ortega": {"consistent"}, "a spokeswoman for Ortega": {"contradicted"}}


@pytest.mark.parametrize("target", ["self", "wal", "link", "other-db"])
def test_export_never_writes_over_a_database(imported: Path, tmp_path: Path, target: str) -> None:
    """``-o`` naming the review database (or its journal, a link to it, another database) is refused."""
    with Store(imported) as s:
        s.set_verdict(s.claims_page()[0].id, "contradicted", "ann")
    other = tmp_path / "other.db"
    run("import", other, STORY)
    link = tmp_path / "link.csv"
    link.symlink_to(imported)
    path = {"self": imported, "wal": Path(f"{imported}-wal"), "link": link, "other-db": other}[target]
    before = other.read_bytes()
    result = CliRunner().invoke(main, ["export", str(imported), "--format", "csv", "-o", str(path)])
    assert result.exit_code != 0
    assert result.output.count("\n") == 1 and str(path) in result.output, result.output
    with Store(imported, readonly=True) as s:
        assert s.claims_count("contradicted") == 1
    assert other.read_bytes() == before


def test_default_export_of_a_database_named_like_an_export(tmp_path: Path) -> None:
    db = tmp_path / "desk.json"
    run("import", db, STORY)
    from workbench.exporting import export_file

    with Store(db) as s:  # the review screen's E key writes next to the database
        assert export_file(s, "json", None) == tmp_path / "desk.export.json"
    with Store(db, readonly=True) as s:
        assert s.claims_count("all") == 14


# -- review: which database is built on first run ----------------------------------------------


@pytest.fixture
def screen(monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    """Replace the full-screen app with a record of what it would have opened."""
    import workbench.tui.app as tui_app

    calls: list[tuple] = []
    monkeypatch.setattr(tui_app, "run_review", lambda *a, **k: calls.append((a, k)))
    return calls


@pytest.mark.parametrize("where", ["nope/x.db", "typo.db"])
def test_review_of_a_missing_database_is_one_line_and_creates_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, screen: list, where: str
) -> None:
    """A mistyped path is not a new review: import and export refuse it, and so does review."""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["review", where, "--reviewer", "r"])
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert lines == [f"workbench: {where}: no such database file; to start a review in it,"
                     f" run: workbench import {where} STORY.yaml"], result.output
    assert not screen
    assert list(tmp_path.iterdir()) == []


def test_review_without_a_path_builds_the_default_database_on_first_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, screen: list
) -> None:
    """The README's quick start: ``workbench`` alone, in a folder without db/, builds db/review.db
    from the bundled story and opens it; the second run opens the same file."""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, [])
    assert result.exit_code == 0, result.output
    db = tmp_path / "db" / "review.db"
    assert [a[0] for a, _ in screen] == [Path("db/review.db")]
    with Store(db, readonly=True) as store:
        assert store.counts()["articles"] == 5
    before = db.stat().st_mtime_ns
    result = CliRunner().invoke(main, ["review", "--reviewer", "r"])
    assert result.exit_code == 0, result.output
    assert len(screen) == 2 and db.stat().st_mtime_ns == before


def test_review_with_a_story_builds_the_file_it_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, screen: list
) -> None:
    """``--story`` asks for the file to be built (into an existing folder only, as import does)."""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["review", "new.db", "--story", str(STORY), "--reviewer", "r"])
    assert result.exit_code == 0, result.output
    assert screen and (tmp_path / "new.db").exists()
    result = CliRunner().invoke(main, ["review", "no/new.db", "--story", str(STORY)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == ["workbench: no: folder does not exist"]
    assert not (tmp_path / "no").exists()


def test_export_into_a_symlink_loop_is_one_line(imported: Path, tmp_path: Path) -> None:
    (tmp_path / "loopA").symlink_to(tmp_path / "loopB")
    (tmp_path / "loopB").symlink_to(tmp_path / "loopA")
    for name in ("out.json", f"{imported.name}-wal"):
        result = CliRunner().invoke(main, ["export", str(imported), "-o", str(tmp_path / "loopA" / name)])
        assert result.exit_code != 0 and isinstance(result.exception, SystemExit)  # not a traceback
        assert result.output.count("\n") == 1 and "loopA" in result.output, result.output


def test_review_takes_up_the_reviewers_undo_history(imported: Path, screen: list) -> None:
    with Store(imported) as s:
        s.set_verdict(s.claims_page()[0].id, "contradicted", "ann")
    result = CliRunner().invoke(main, ["review", str(imported), "--reviewer", "ann"])
    assert result.exit_code == 0, result.output
    (args, kwargs), = screen
    store = kwargs["store"]
    assert args[1] == "ann" and store.can_undo()
    assert store.undo("ann")["action"] == "set_verdict"
    store.close()


def test_review_sets_the_frame_rate_before_textual_reads_it(imported: Path) -> None:
    """Textual reads TEXTUAL_FPS once, when first imported; the keys check imports it early,
    and a verdict then waited for 60 Hz frames instead of 120 (first paint ~40 ms later)."""
    import os
    import sys

    code = f"""
import sys, types
fake = types.ModuleType("workbench.tui.app")
def run_review(*a, **k):
    import textual.constants
    print("FPS", textual.constants.MAX_FPS)
fake.run_review = run_review
sys.modules["workbench.tui.app"] = fake
from workbench.cli import main
main(["review", {str(imported)!r}, "--reviewer", "r"], standalone_mode=False)
"""
    env = {k: v for k, v in os.environ.items() if k != "TEXTUAL_FPS"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert "FPS 120" in out.stdout, (out.stdout, out.stderr)
