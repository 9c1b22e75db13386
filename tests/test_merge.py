"""``workbench merge`` keeps everything a reviewer did, whatever the files hold.

The merge works on JSON export documents, so these tests compare what each
input's export holds with what the merged file's export holds: every verdict
row and note (also those left on a claim the reviewer merged away), and every
article even when two share a file stem.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from workbench.cli import main
from workbench.store import Store

ROOT = Path(__file__).resolve().parent.parent
STORY = ROOT / "fixtures" / "story.yaml"
NOTE = "Kislyak met him twice: see the WaPo piece"


def run(*args: object) -> Any:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def export(db: Path) -> dict[str, Any]:
    result = run("export", db, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def verdict_rows(doc: dict[str, Any]) -> Counter[tuple[str, Any, Any, Any]]:
    """Every verdict row of a document (hidden claims too), by claim wording, without the reviewer."""
    return Counter((c["text"], v["label"], v["note"], v["updated_at"])
                   for c in [*doc["claims"], *doc.get("merged_claims", [])] for v in c["verdicts"])


def alice_merges_a_judged_claim(tmp_path: Path) -> tuple[Path, Path, str, str]:
    """base.db untouched; alice.db: a note and a verdict on B, then B merged into A (which has its own)."""
    base, alice = tmp_path / "base.db", tmp_path / "alice.db"
    assert run("import", base, STORY).exit_code == 0
    shutil.copy(base, alice)
    with Store(alice) as s:
        a, b = [c.id for c in s.claims_page()[:2]]
        s.set_verdict(a, "consistent", "alice")
        s.set_note(b, NOTE, "alice")
        s.set_verdict(b, "contradicted", "alice")
        assert not s.merge_claims(b, a, "alice")  # A has a verdict: B's stays on hidden B
        text_a, text_b = s.claim(a).claim.text, s.claim(b).claim.text
    return base, alice, text_a, text_b


def test_merge_keeps_verdicts_and_notes_on_claims_merged_away(tmp_path: Path) -> None:
    base, alice, text_a, text_b = alice_merges_a_judged_claim(tmp_path)
    mine = export(alice)
    assert json.dumps(mine).count(NOTE) >= 1
    out = tmp_path / "merged.db"
    result = run("merge", out, alice, base)
    assert result.exit_code == 0, result.output
    merged = export(out)
    assert verdict_rows(merged) >= verdict_rows(mine)  # every row of alice's file is there
    hidden = [c for c in merged["merged_claims"] if c["text"] == text_b]
    assert len(hidden) == 1 and hidden[0]["verdicts"][0]["note"] == NOTE
    assert hidden[0]["verdicts"][0]["label"] == "contradicted"
    into = {c["id"]: c for c in merged["claims"]}[hidden[0]["merged_into"]]
    assert into["text"] == text_a and into["verdict"] == "consistent"
    with Store(out) as s:
        assert s.claims_count() == 14  # the untouched copy still has B apart: merged away only in alice's


def merged_with_a_copy(db: Path, tmp_path: Path, name: str = "copy.db") -> tuple[dict[str, Any], dict[str, Any]]:
    """``db`` merged with a copy of itself: (its export, the merged export)."""
    copy, out = tmp_path / name, tmp_path / "merged.db"
    shutil.copy(db, copy)
    result = run("merge", out, db, copy)
    assert result.exit_code == 0, result.output
    return export(db), export(out)


def test_merge_of_a_file_with_a_copy_keeps_one_hidden_claim(tmp_path: Path) -> None:
    _, alice, _, text_b = alice_merges_a_judged_claim(tmp_path)
    mine, merged = merged_with_a_copy(alice, tmp_path)
    assert verdict_rows(merged) == verdict_rows(mine)  # a copy's verdicts are the same verdicts
    assert [c["text"] for c in merged["merged_claims"]] == [text_b]
    assert len(merged["claims"]) == len(mine["claims"]) == 13


def reviewers_of(doc: dict[str, Any]) -> dict[str, dict[str, str]]:
    """reviewer -> {claim text: label} over a document's visible claims."""
    out: dict[str, dict[str, str]] = {}
    for c in doc["claims"]:
        for v in c["verdicts"]:
            out.setdefault(v["reviewer"], {})[c["text"]] = v["label"]
    return out


def test_one_name_in_two_unrelated_files_is_two_reviewers(tmp_path: Path) -> None:
    """Both default to the login: two people called ana are kept apart, and disagree."""
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    for db, label in ((a, "consistent"), (b, "contradicted")):
        assert run("import", db, STORY).exit_code == 0
        with Store(db) as s:
            s.set_verdict(s.claims_page()[0].id, label, "ana")
    result = run("merge", tmp_path / "m.db", a, b)
    assert "reviewer 'ana' is in 2 files; kept apart as 'ana (a)', 'ana (b)'" in result.output
    assert "1 disagreement" in result.output
    assert set(reviewers_of(export(tmp_path / "m.db"))) == {"ana (a)", "ana (b)"}


def test_a_file_copied_to_a_colleague_keeps_its_reviewer_one_person(tmp_path: Path) -> None:
    """alice copies her file to bob, then both go on: her verdicts in bob's copy are hers (the same
    times to the microsecond), not a second reviewer agreeing with her; her latest verdict counts."""
    alice, bob = tmp_path / "alice.db", tmp_path / "bob.db"
    assert run("import", alice, STORY).exit_code == 0
    with Store(alice) as s:
        first, second, third = [c for c in s.claims_page()[:3]]
        s.set_verdict(first.id, "consistent", "alice")
        s.set_verdict(second.id, "consistent", "alice")
    shutil.copy(alice, bob)
    with Store(bob) as s:
        s.set_verdict(third.id, "unresolved", "bob")
    with Store(alice) as s:
        s.set_verdict(second.id, "contradicted", "alice")  # she changed her mind after the copy
    result = run("merge", tmp_path / "m.db", alice, bob)
    assert result.exit_code == 0, result.output
    assert "kept apart" not in result.output
    assert "claims reviewed by two or more: 0" in result.output
    seen = reviewers_of(export(tmp_path / "m.db"))
    assert seen == {"alice": {first.text: "consistent", second.text: "contradicted"},
                    "bob": {third.text: "unresolved"}}


@pytest.mark.parametrize("after_the_copy", ["changes every verdict", "clears one"])
def test_a_copied_reviewer_stays_one_person_whatever_they_do_after(tmp_path: Path, after_the_copy: str) -> None:
    """One file is a copy of the other when both hold the reviewer's history (not only while some
    verdict is still the same), and what they did last counts, a cleared verdict too."""
    alice, bob = tmp_path / "alice.db", tmp_path / "bob.db"
    assert run("import", alice, STORY).exit_code == 0
    with Store(alice) as s:
        claims = s.claims_page()[:3]
        for c in claims:
            s.set_verdict(c.id, "consistent", "alice")
    shutil.copy(alice, bob)
    with Store(bob) as s:
        s.set_verdict(claims[2].id, "unresolved", "bob")
    with Store(alice) as s:
        if after_the_copy == "clears one":
            s.clear_verdict(claims[0].id, "alice")
        else:
            for c in claims:
                s.set_verdict(c.id, "contradicted", "alice")
    result = run("merge", tmp_path / "m.db", alice, bob)
    assert result.exit_code == 0, result.output
    assert "kept apart" not in result.output
    assert "reviewer 'alice' in alice, bob is one person" in result.output
    seen = reviewers_of(export(tmp_path / "m.db"))
    if after_the_copy == "clears one":
        assert seen["alice"] == {claims[1].text: "consistent", claims[2].text: "consistent"}
    else:
        assert seen["alice"] == {c.text: "contradicted" for c in claims}
    assert seen["bob"] == {claims[2].text: "unresolved"}


def test_evidence_and_merges_in_a_copy_do_not_undo_a_later_verdict_in_the_other(tmp_path: Path) -> None:
    """Only setting, clearing or noting a verdict says which copy holds a reviewer's last verdict:
    evidence or a merge of claims in the other copy took it as that, and dropped the verdicts."""
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    assert run("import", a, STORY).exit_code == 0
    with Store(a) as s:
        x, y, z, w = [c.id for c in s.claims_page()[:4]]
        s.set_verdict(z, "consistent", "alice")
    shutil.copy(a, b)
    with Store(a) as s:
        s.set_verdict(x, "contradicted", "alice")
        s.set_verdict(y, "contradicted", "alice")
    with Store(b) as s:
        detail = s.claim(x)
        occ = detail.occurrences[0]
        s.add_evidence(x, occ.article_id, occ.start, occ.end, "supports", "alice")
        s.merge_claims(w, y, "alice")
    result = run("merge", tmp_path / "m.db", a, b)
    assert result.exit_code == 0, result.output
    doc = export(tmp_path / "m.db")
    labels = {c["id"]: {v["reviewer"]: v["label"] for v in c["verdicts"]} for c in doc["claims"]}
    assert sorted(v for c in labels.values() for r, v in c.items() if r == "alice") \
        == ["consistent", "contradicted", "contradicted"]


@pytest.mark.parametrize("note_first", [False, True])
def test_a_verdict_changed_in_one_copy_and_a_note_in_the_other_both_count(tmp_path: Path,
                                                                          note_first: bool) -> None:
    """The row came whole from one copy, so the later of the two lost the other: the label now
    comes from where the label changed last, the note from where the note did."""
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    assert run("import", a, STORY).exit_code == 0
    with Store(a) as s:
        x = s.claims_page()[0].id
        s.set_verdict(x, "consistent", "alice")
    shutil.copy(a, b)
    steps = [(a, lambda s: s.set_verdict(x, "contradicted", "alice")), (b, lambda s: s.set_note(x, "hm", "alice"))]
    for db, step in (reversed(steps) if note_first else steps):
        with Store(db) as s:
            step(s)
    result = run("merge", tmp_path / "m.db", a, b)
    assert result.exit_code == 0, result.output
    rows = [v for c in export(tmp_path / "m.db")["claims"] for v in c["verdicts"]]
    assert [(v["reviewer"], v["label"], v["note"]) for v in rows] == [("alice", "contradicted", "hm")]


def copies_merged(tmp_path: Path) -> tuple[Path, Path, Path, str, int]:
    """a.db (alice: x and y consistent), b.db its copy where she made x contradicted, m.db both
    merged: (a, b, m, x's wording, x's id in m)."""
    a, b, m = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "m.db"
    assert run("import", a, STORY).exit_code == 0
    with Store(a) as s:
        x, y = [c.id for c in s.claims_page()[:2]]
        s.set_verdict(x, "consistent", "alice")
        s.set_verdict(y, "consistent", "alice")
    shutil.copy(a, b)
    with Store(b) as s:
        s.set_verdict(x, "contradicted", "alice")
    assert run("merge", m, a, b).exit_code == 0
    text_x = next(c["text"] for c in export(a)["claims"] if c["id"] == x)
    return a, b, m, text_x, next(c["id"] for c in export(m)["claims"] if c["text"] == text_x)


def test_a_note_added_in_a_merged_file_does_not_roll_its_verdict_back(tmp_path: Path) -> None:
    """A merged file's history starts at the merge: a note written there left its label with no
    date of its own, and merging it again with an input brought back the input's older label."""
    a, _, m, text_x, mx = copies_merged(tmp_path)
    with Store(m) as s:
        s.set_note(mx, "checked the transcript", "alice")
    for n, order in enumerate(((m, a), (a, m))):
        out = tmp_path / f"o{n}.db"
        result = run("merge", out, *order)
        assert result.exit_code == 0, result.output
        rows = {c["text"]: (v["label"], v["note"]) for c in export(out)["claims"] for v in c["verdicts"]}
        assert rows[text_x] == ("contradicted", "checked the transcript"), order


def test_a_verdict_cleared_in_a_merged_file_stays_cleared(tmp_path: Path) -> None:
    """A clear leaves no row: dated only by rows, a merged file lost it to any older copy."""
    a, b, m, text_x, mx = copies_merged(tmp_path)
    with Store(m) as s:
        s.clear_verdict(mx, "alice")
    for n, order in enumerate(((m, a), (a, m), (m, b), (b, m))):
        out = tmp_path / f"o{n}.db"
        result = run("merge", out, *order)
        assert result.exit_code == 0, result.output
        assert text_x not in reviewers_of(export(out)).get("alice", {}), order


def test_a_merged_file_merged_again_with_one_of_its_inputs_keeps_each_reviewer_one(tmp_path: Path) -> None:
    """A merged file starts a history of its own, so shared events cannot tell it is partly a
    copy; its verdicts keep their times, which do."""
    alice, bob = tmp_path / "alice.db", tmp_path / "bob.db"
    for db, who, label in ((alice, "alice", "consistent"), (bob, "bob", "contradicted")):
        assert run("import", db, STORY).exit_code == 0
        with Store(db) as s:
            s.set_verdict(s.claims_page()[0].id, label, who)
    assert run("merge", tmp_path / "m.db", alice, bob).exit_code == 0
    result = run("merge", tmp_path / "m2.db", tmp_path / "m.db", alice)
    assert result.exit_code == 0, result.output
    assert "kept apart" not in result.output
    assert set(reviewers_of(export(tmp_path / "m2.db"))) == {"alice", "bob"}


def two_articles_named_story(tmp_path: Path) -> Path:
    """alice.db: two articles both called story.txt (in two folders), one claim of each judged."""
    for folder, article in (("a", "000_*.txt"), ("b", "002_*.txt")):
        (tmp_path / folder).mkdir()
        shutil.copy(next((ROOT / "fixtures" / "articles").glob(article)), tmp_path / folder / "story.txt")
    alice = tmp_path / "alice.db"
    result = run("import", alice, tmp_path / "a" / "story.txt", tmp_path / "b" / "story.txt",
                 "--subject", "Jeff Sessions", "--alias", "Sessions")
    assert result.exit_code == 0, result.output
    with Store(alice) as s:
        for row in s.claims_page("all", None, 0, 100):
            detail = s.claim(row.id)
            s.set_verdict(row.id, "contradicted" if detail.occurrences[0].article_id == 2 else "consistent", "alice")
            s.add_evidence(row.id, detail.occurrences[0].article_id, 0, 20, "context", "alice")
    return alice


def passages(doc: dict[str, Any]) -> list[tuple[str, str, int, int, str, tuple[str, ...]]]:
    """Each claim's passages by the article's source and bytes, with its verdicts and evidence.

    Verdicts count by label and note: a merge of two copies holds each twice, by two reviewers.
    """
    source = {a["id"]: (a["source"], a["sha256"]) for a in doc["articles"]}
    return sorted(
        (c["text"], *source[o["article_id"]], o["start"], o["end"],
         tuple(sorted({f"{v['label']}:{v['note']}" for v in c["verdicts"]}))
         + tuple(sorted(f"{source[e['article_id']][1]}:{e['start']}:{e['end']}" for e in c["evidence"])))
        for c in doc["claims"] for o in c["occurrences"]
    )


def test_merge_tells_apart_articles_that_share_a_file_stem(tmp_path: Path) -> None:
    alice = two_articles_named_story(tmp_path)
    mine, merged = merged_with_a_copy(alice, tmp_path, "bob.db")
    assert [a["stem"] for a in merged["articles"]] == ["story", "b/story"]  # each its own (stems.py)
    for c in merged["claims"]:
        bodies = {a["id"]: a["body"] for a in merged["articles"]}
        for o in c["occurrences"]:
            assert bodies[o["article_id"]][o["start"]:o["end"]] == o["text"]
    assert passages(merged) == passages(mine)


def test_a_merge_that_fails_names_the_output_not_its_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    import workbench.merge
    from workbench.errors import WorkbenchError

    def broken(store: Store, doc: dict[str, Any], path: Path | None = None) -> dict[str, int]:
        raise WorkbenchError("not a workbench JSON export: claim 1: something is off", path)

    base = tmp_path / "base.db"
    assert run("import", base, STORY).exit_code == 0
    shutil.copy(base, tmp_path / "copy.db")
    monkeypatch.setattr(workbench.merge, "restore_document", broken)
    out = tmp_path / "merged.db"
    result = CliRunner().invoke(main, ["merge", str(out), str(base), str(tmp_path / "copy.db")])
    assert result.exit_code == 1
    assert ".merging" not in result.output and "Traceback" not in result.output
    assert result.output.count("\n") == 1 and f"{out}: " in result.output, result.output
    assert not [p.name for p in tmp_path.iterdir() if "merged" in p.name]


def claim_id(s: Store, start: str, speaker: str | None = None) -> int:
    """The live claim whose wording starts with ``start`` (and, given, whose speaker is ``speaker``)."""
    rows = [s.claim(r.id).claim for r in s.claims_page("all", None, 0, 100)]
    found = [c.id for c in rows if c.text.startswith(start) and speaker in (None, c.speaker)]
    assert len(found) == 1, (start, found)
    return found[0]


def alice_joins_what_bob_keeps_apart(tmp_path: Path) -> tuple[Path, Path]:
    """alice.db: three claims merged into others (one a spokeswoman's into Sessions'); bob.db keeps them apart."""
    alice, bob = tmp_path / "alice.db", tmp_path / "bob.db"
    assert run("import", alice, STORY).exit_code == 0
    shutil.copy(alice, bob)
    with Store(alice) as s:
        s.set_verdict(claim_id(s, "There was absolutely nothing misleading"), "consistent", "alice")
        for source, target in (
            (claim_id(s, "I never had meetings with Russian operatives"), claim_id(s, "I do not recall any conversations")),
            (claim_id(s, "never met with", "a Justice Department spokeswoman"),
             claim_id(s, "never met with or had any conversation with", "Jeff Sessions")),
            (claim_id(s, "it’s conceivable that"), claim_id(s, "I don't recall any discussion")),
        ):
            s.merge_claims(source, target, "alice")
    with Store(bob) as s:
        s.set_verdict(claim_id(s, "I never had meetings with Russian operatives"), "contradicted", "bob")
    return alice, bob


def wordings(doc: dict[str, Any]) -> list[tuple[tuple[Any, ...], frozenset[tuple[str, int, int]]]]:
    """What each live claim of a document says, with its passages (by article bytes and span)."""
    sha = {a["id"]: a["sha256"] for a in doc["articles"]}
    return [((c["text"], c["speaker"], c["on_behalf_of"], c["said_on"], c["setting"]),
             frozenset((sha[o["article_id"]], o["start"], o["end"]) for o in c["occurrences"]))
            for c in doc["claims"]]


def merged_in_order(tmp_path: Path, alice: Path, bob: Path, order: str) -> tuple[list[Path], dict[str, Any]]:
    """Merge alice.db and bob.db in the given order ("alice first" or "bob first"): the inputs and the export."""
    inputs = [alice, bob] if order == "alice first" else [bob, alice]
    out = tmp_path / "merged.db"
    result = run("merge", out, *inputs)
    assert result.exit_code == 0, result.output
    return inputs, export(out)


@pytest.mark.parametrize("order", ["alice first", "bob first"])
def test_each_merged_claim_says_what_a_claim_holding_its_passages_says(tmp_path: Path, order: str) -> None:
    """One reviewer merged claims the other kept apart: each output part keeps the wording, date and
    speaker of an input claim holding its passages (bob's unmerged claim for its passage), whatever the order."""
    alice, bob = alice_joins_what_bob_keeps_apart(tmp_path)
    inputs, merged = merged_in_order(tmp_path, alice, bob, order)
    said = [wordings(export(db)) for db in inputs]
    sha = {a["id"]: a["sha256"] for a in merged["articles"]}
    seen: Counter[frozenset[tuple[str, int, int]]] = Counter()
    for c in merged["claims"]:
        keys = frozenset((sha[o["article_id"]], o["start"], o["end"]) for o in c["occurrences"])
        seen[keys] += 1
        mine = (c["text"], c["speaker"], c["on_behalf_of"], c["said_on"], c["setting"])
        # the wording of an input claim holding some of these passages ...
        assert mine in {w for doc in said for w, held in doc if keys & held}, (mine, c["occurrences"])
        # ... here (bob kept apart every part) of one holding exactly these passages
        assert (mine, keys) in {pair for doc in said for pair in doc}, (mine, c["occurrences"])
        assert c["speaker"] in {o["speaker"] for o in c["occurrences"]}, c
        assert {o["on_behalf_of"] for o in c["occurrences"]} == {c["on_behalf_of"]}, c
    assert max(seen.values()) == 1  # no two visible claims hold the same passages ...
    assert len({c["text"] for c in merged["claims"]}) == len(merged["claims"])  # ... or read the same
    assert len(merged["claims"]) == 14  # bob kept apart what alice merged: the finer split stands
    apart = [c for c in merged["claims"] if c["text"].startswith("I never had meetings with Russian operatives")]
    assert len(apart) == 1 and {(v["reviewer"], v["label"]) for v in apart[0]["verdicts"]} == {("bob", "contradicted")}
    assert apart[0]["said_on"] == "2017-03"
    for db in inputs:  # nothing either reviewer did is lost
        assert verdict_rows(merged) >= verdict_rows(export(db))


def test_merge_refuses_files_of_another_subject_naming_the_file(tmp_path: Path) -> None:
    sessions, other, trump = tmp_path / "sessions.db", tmp_path / "other.db", tmp_path / "trump.db"
    for db in (sessions, other):
        assert run("import", db, STORY).exit_code == 0
    result = run("import", trump, ROOT / "fixtures" / "articles", "--subject", "Donald Trump", "--alias", "Trump")
    assert result.exit_code == 0, result.output
    out = tmp_path / "merged.db"
    for inputs in ((sessions, trump), (trump, sessions, other), (sessions, trump, other)):
        result = CliRunner().invoke(main, ["merge", str(out), *map(str, inputs)])
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert result.output.count("\n") == 1 and f"{trump}: " in result.output, result.output
        assert "Donald Trump" in result.output and "Jeff Sessions" in result.output
        assert not out.exists()


def test_merge_allows_another_story_name_of_the_same_subject(tmp_path: Path) -> None:
    import yaml

    story = yaml.safe_load(STORY.read_text(encoding="utf-8"))
    renamed = tmp_path / "renamed.yaml"
    renamed.write_text(yaml.safe_dump({**story, "name": "Sessions and Kislyak, follow-up", "articles": [
        {**a, "file": str(STORY.parent / a["file"])} for a in story["articles"]]}), encoding="utf-8")
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    assert run("import", a, STORY).exit_code == 0
    assert run("import", b, renamed).exit_code == 0
    result = run("merge", tmp_path / "merged.db", a, b)
    assert result.exit_code == 0, result.output
    assert "14 claims (14 matched across files)" in result.output


@pytest.mark.parametrize("how", ["same path", "another spelling", "symlink", "hard link"])
def test_merge_refuses_one_file_given_twice(tmp_path: Path, how: str) -> None:
    alice = tmp_path / "alice.db"
    assert run("import", alice, STORY).exit_code == 0
    (tmp_path / "sub").mkdir()
    again = {"same path": alice, "another spelling": tmp_path / "sub" / ".." / "alice.db",
             "symlink": tmp_path / "sub" / "link.db", "hard link": tmp_path / "sub" / "hard.db"}[how]
    if how == "symlink":
        again.symlink_to(alice)
    elif how == "hard link":
        again.hardlink_to(alice)
    out = tmp_path / "merged.db"
    result = CliRunner().invoke(main, ["merge", str(out), str(alice), str(again)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.count("\n") == 1 and f"{again}: " in result.output and "twice" in result.output, result.output
    assert not out.exists()


def test_merge_keeps_apart_reviewers_of_two_files_with_one_name(tmp_path: Path) -> None:
    """a/alice.db and b/alice.db: both reviewers 'alice', told apart by folder, neither verdict lost."""
    for folder, label in (("a", "consistent"), ("b", "contradicted")):
        (tmp_path / folder).mkdir()
        db = tmp_path / folder / "alice.db"
        assert run("import", db, STORY).exit_code == 0
        with Store(db) as s:
            s.set_verdict(s.claims_page()[0].id, label, "alice")
    out = tmp_path / "merged.db"
    result = run("merge", out, tmp_path / "a" / "alice.db", tmp_path / "b" / "alice.db")
    assert result.exit_code == 0, result.output
    assert "1 disagreement" in result.output, result.output
    with Store(out) as s:
        assert len(s.reviewers()) == 2 and s.claims_count("disputed") == 1


def cleaned_otherwise(tmp_path: Path, doc: dict[str, Any], art: dict[str, Any], at: int, extra: str,
                      db: Path) -> None:
    """``db``: the export ``doc`` with ``extra`` in article ``art``'s text at ``at``, as an older
    cleaning might have kept it; each passage keeps its words (a passage ending at ``at`` stays before)."""
    art["body"] = art["body"][:at] + extra + art["body"][at:]
    for c in [*doc["claims"], *doc["merged_claims"]]:
        for row in [*c["occurrences"], *c["evidence"]]:
            if row["article_id"] == art["id"]:
                row["start"] += len(extra) if row["start"] >= at else 0
                row["end"] += len(extra) if row["end"] > at else 0
    doc.pop("events", None)
    (tmp_path / f"{db.stem}.json").write_text(json.dumps(doc), encoding="utf-8")
    result = run("import", db, tmp_path / f"{db.stem}.json")
    assert result.exit_code == 0, result.output


def test_merge_moves_passages_of_an_article_cleaned_differently(tmp_path: Path) -> None:
    """The same article bytes, cleaned by another version into another text: bob's evidence keeps
    its words in the merged file (it pointed at the wrong words), and his passages meet alice's."""
    alice, bob = tmp_path / "alice.db", tmp_path / "bob.db"
    assert run("import", alice, STORY).exit_code == 0
    doc = export(alice)
    art = doc["articles"][0]
    cleaned_otherwise(tmp_path, doc, art, 0, "Older cleaning kept this line. ", bob)
    with Store(bob) as s:
        claim = s.claims_page()[0]
        body = s.article_body(art["id"])
        start = body.index("Then-Sen. Jeff Sessions spoke twice")
        end = start + len("Then-Sen. Jeff Sessions spoke twice")
        s.add_evidence(claim.id, art["id"], start, end, "contradicts", "bob")
        s.set_verdict(claim.id, "contradicted", "bob")
    result = run("merge", tmp_path / "m.db", alice, bob)
    assert result.exit_code == 0, result.output
    merged = export(tmp_path / "m.db")
    assert len(merged["claims"]) == 14  # bob's passages met alice's
    evidence = [e for c in merged["claims"] for e in c["evidence"]]
    assert [e["text"] for e in evidence] == [body[start:end]]
    assert body[start:end].startswith("Then-Sen. Jeff Sessions")


def test_merge_refuses_a_passage_whose_words_differ_between_the_files(tmp_path: Path) -> None:
    alice, bob = tmp_path / "alice.db", tmp_path / "bob.db"
    assert run("import", alice, STORY).exit_code == 0
    doc = export(alice)
    art = doc["articles"][0]
    art["body"] = art["body"].replace("spoke twice", "spoke thrice", 1)
    for c in doc["claims"]:
        for row in c["occurrences"]:
            if row["article_id"] == art["id"]:
                row["text"] = art["body"][row["start"]:row["end"]]
    doc.pop("events", None)
    (tmp_path / "bob.json").write_text(json.dumps(doc), encoding="utf-8")
    assert run("import", bob, tmp_path / "bob.json").exit_code == 0
    result = CliRunner().invoke(main, ["merge", str(tmp_path / "m.db"), str(alice), str(bob)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert result.output.count("\n") == 1 and "bob.db" in result.output and "cleaned differently" in result.output
    assert not (tmp_path / "m.db").exists()


SHARED = ("One U.S. representative said that Sessions — who testified that he had no recollection of an April 2016"
          " meeting — has provided “misleading” statements that are “contradicted by other evidence.”")


def one_span_two_claims(tmp_path: Path) -> tuple[Path, Path]:
    """alice.db and bob.db: one sentence that is an occurrence of two claims (Sessions's and the
    representative's, the same span), each claim judged by alice; bob merged one into the other."""
    art = tmp_path / "art.txt"
    art.write_text(f"Your NPR news source\n\nBy A. Reporter\n\n{SHARED}\n", encoding="utf-8")
    alice, bob = tmp_path / "alice.db", tmp_path / "bob.db"
    for db in (alice, bob):
        result = run("import", db, art, "--subject", "Jeff Sessions", "--alias", "Sessions")
        assert result.exit_code == 0, result.output
    with Store(alice) as s:
        rows = [s.claim(r.id) for r in s.claims_page("all", None, 0, 100)]
        assert len(rows) == 2 and len({(o.start, o.end) for d in rows for o in d.occurrences}) == 1
        for d, label in zip(rows, ("consistent", "contradicted"), strict=True):
            s.set_verdict(d.claim.id, label, "alice")
            s.set_note(d.claim.id, f"alice on {d.claim.speaker}", "alice")
    with Store(bob) as s:
        a, b = [r.id for r in s.claims_page("all", None, 0, 100)]
        s.set_verdict(a, "unresolved", "bob")
        s.merge_claims(b, a, "bob")
    return alice, bob


@pytest.mark.parametrize("order", ["alice first", "bob first"])
def test_merge_keeps_two_claims_of_one_span(tmp_path: Path, order: str) -> None:
    """A span that is an occurrence of two claims in one file: both claims survive, each with its
    speaker and its own verdicts (one claim would have to drop one of a reviewer's two verdicts)."""
    alice, bob = one_span_two_claims(tmp_path)
    inputs, merged = merged_in_order(tmp_path, alice, bob, order)
    assert len(merged["claims"]) == 2
    for c in merged["claims"]:
        assert [(o["text"], o["speaker"]) for o in c["occurrences"]] == [(SHARED, c["speaker"])]
        notes = {v["note"] for v in c["verdicts"] if v["reviewer"] == "alice"}
        assert notes == {f"alice on {c['speaker']}"}, c
    for db in inputs:  # nothing either reviewer did is lost
        assert verdict_rows(merged) >= verdict_rows(export(db))


def test_merge_of_a_copy_keeps_claims_that_share_a_span(tmp_path: Path) -> None:
    alice, _ = one_span_two_claims(tmp_path)
    copy = tmp_path / "copy.db"
    shutil.copy(alice, copy)
    result = run("merge", tmp_path / "merged.db", alice, copy)
    assert result.exit_code == 0, result.output
    assert "2 claims (2 matched across files)" in result.output
    mine, merged = export(alice), export(tmp_path / "merged.db")
    assert wordings(merged) == wordings(mine)
    assert verdict_rows(merged) == verdict_rows(mine)


@pytest.mark.parametrize("order", ["alice first", "bob first"])
def test_merge_moves_a_passage_followed_by_text_the_other_file_lacks(tmp_path: Path, order: str) -> None:
    """bob's text has words right after a passage that alice's lacks: the passage's end is where the
    texts differ, and it keeps its words (not the inserted ones) whichever file comes first."""
    alice, bob = tmp_path / "alice.db", tmp_path / "bob.db"
    assert run("import", alice, STORY).exit_code == 0
    doc = export(alice)
    art = doc["articles"][0]
    rows = [o for c in doc["claims"] for o in c["occurrences"] if o["article_id"] == art["id"]]
    at = next(o["end"] for o in rows if not any(r["start"] < o["end"] < r["end"] for r in rows))
    cleaned_otherwise(tmp_path, doc, art, at, " (older cleaning kept this)", bob)
    _, merged = merged_in_order(tmp_path, alice, bob, order)
    assert len(merged["claims"]) == 14  # every passage of bob's met alice's
    assert passages(merged) == passages(export(alice if order == "alice first" else bob))



@pytest.mark.parametrize("paragraphs", [True, False], ids=["paragraphs", "one line"])
def test_aligning_a_long_article_compares_characters_only_where_the_texts_differ(
    monkeypatch: pytest.MonkeyPatch, paragraphs: bool,
) -> None:
    """A 100 KB article with a few small differences: every word moves onto its own words, and no
    character-by-character comparison spans the article (that took minutes: it grows as length squared)."""
    import difflib
    import re

    import workbench.merge_align as align

    compared: list[int] = []

    class Counting(difflib.SequenceMatcher):  # type: ignore[type-arg]
        def __init__(self, isjunk: Any = None, a: Any = "", b: Any = "", autojunk: bool = True) -> None:
            if isinstance(a, str):
                compared.append(len(a) * len(b))
            super().__init__(isjunk, a, b, autojunk)

    monkeypatch.setattr(align, "SequenceMatcher", Counting)
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "fixtures" / "articles").glob("*.txt")))
    body = "".join(f"{text} ({n})\n\n" for n in range(100_000 // len(text) + 1))[:100_000]  # no two parts alike
    if not paragraphs:
        body = " ".join(body.split())
    # older cleaning kept a few pieces: at a word's end, mid-word, between words
    cuts = sorted({len(body) * k // 7 for k in range(1, 7)} | {body.index(" ", 50_000)})
    other, where, done = "", [], 0
    for k, cut in enumerate([*cuts, len(body)]):
        where += range(len(other), len(other) + cut - done)
        other += body[done:cut] + (f" [older cleaning kept {k}]" if cut < len(body) else "")
        done = cut
    span = align._mapper(other, body)
    for m in re.finditer(r"\S+", body):
        if not any(m.start() < c < m.end() for c in cuts):
            assert span(where[m.start()], where[m.end() - 1] + 1) == m.span(), m.group()
    assert max(compared, default=0) < 1_000_000, max(compared)
