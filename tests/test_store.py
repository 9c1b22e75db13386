"""Store: migrations, safe opening, reviewer actions, undo/redo, conflicts."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from workbench.errors import WorkbenchError
from workbench.store import (
    Conflict,
    NewClaim,
    NewOccurrence,
    PreparedArticle,
    Store,
    StoreError,
    WriteFailed,
)
from workbench.store.schema import SCHEMA_VERSION, known_names

BODY = "Sessions said he never met them. It is false. Other text here about meetings."


def build(path: Path) -> Store:
    store = Store(path)
    store.set_story("Story", "Jeff Sessions", ["Sessions"])
    meta = {"source": "a.txt", "stem": "a", "sha256": "x1", "title": "T", "outlet": "NPR",
            "url": None, "published": "2017-03-02", "byline": None, "body": BODY}
    store.add_articles(
        [PreparedArticle(meta, [(0, 32), (33, 45), (46, len(BODY))], [
            NewOccurrence("k1", 0, 32, BODY[0:32], "indirect"),
            NewOccurrence("k2", 33, 45, BODY[33:45], "direct"),
            NewOccurrence("k1", 46, len(BODY), BODY[46:], "indirect"),
        ])],
        {"k1": NewClaim("he never met them", "Jeff Sessions", said_on="2017-01"),
         "k2": NewClaim("It is false.", "Jeff Sessions", said_on="2017-03-01")},
        {},
    )
    return store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = build(tmp_path / "r.db")
    yield s
    s.close()


def test_fresh_database_is_migrated_wal_full(tmp_path: Path) -> None:
    s = Store(tmp_path / "new.db")
    assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert s.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert s.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert s.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    names = [r[0] for r in s.conn.execute("SELECT name FROM _sqlite_migrations")]
    assert names == known_names()
    s.close()


def test_reopening_migrated_file_applies_nothing(tmp_path: Path) -> None:
    build(tmp_path / "r.db").close()
    before = (tmp_path / "r.db").stat().st_size
    s = Store(tmp_path / "r.db")
    assert s.conn.execute("SELECT COUNT(*) FROM _sqlite_migrations").fetchone()[0] == len(known_names())
    assert s.claims_count() == 2
    s.close()
    assert (tmp_path / "r.db").stat().st_size >= before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"hello, this is not a database at all" * 40, "not a SQLite database"),
        (b"SQLite format 3\x00" + b"\x00" * 300, "truncated"),
    ],
)
def test_bad_files_refused_and_untouched(tmp_path: Path, content: bytes, message: str) -> None:
    p = tmp_path / "bad.db"
    p.write_bytes(content)
    with pytest.raises(StoreError, match=message):
        Store(p)
    assert p.read_bytes() == content


def test_foreign_sqlite_file_refused_untouched(tmp_path: Path) -> None:
    p = tmp_path / "other.db"
    conn = sqlite3.connect(p)
    conn.execute("CREATE TABLE t(x)")
    conn.commit()
    conn.close()
    data = p.read_bytes()
    with pytest.raises(StoreError, match="another program"):
        Store(p)
    assert p.read_bytes() == data


def test_newer_schema_refused_untouched(tmp_path: Path) -> None:
    build(tmp_path / "r.db").close()
    conn = sqlite3.connect(tmp_path / "r.db")
    conn.execute("INSERT INTO _sqlite_migrations(migration_set, name, applied_at)"
                 " VALUES ('factcheck-workbench', '9999_future', 'x')")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = (tmp_path / "r.db").read_bytes()
    with pytest.raises(StoreError, match="newer workbench"):
        Store(tmp_path / "r.db")
    assert (tmp_path / "r.db").read_bytes() == data


def test_verdict_note_progress_and_events(store: Store) -> None:
    assert store.progress()["total"] == 2
    store.set_verdict(1, "contradicted", "alice")
    store.set_note(1, "Two meetings [bold]confirmed[/]", "alice")
    detail = store.claim(1)
    assert detail.final.label == "contradicted"
    assert detail.final.note == "Two meetings [bold]confirmed[/]"
    assert store.progress()["reviewed"] == 1
    assert store.progress()["contradicted"] == 1
    assert [e["action"] for e in store.events()] == ["set_verdict", "set_note"]
    store.clear_verdict(1, "alice")
    assert store.claim(1).final is None
    assert store.claim(1).verdicts[0].note.startswith("Two meetings")
    assert store.progress()["reviewed"] == 0


def test_events_are_append_only(store: Store) -> None:
    store.set_verdict(1, "consistent", "alice")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.conn.execute("DELETE FROM events")


def test_a_passage_is_linked_to_a_claim_once(store: Store) -> None:
    """Linked again (with the opposite stance, even), the export said it both supports and
    contradicts the claim. Refused, saying how to change the stance; another claim may link it."""
    store.add_evidence(1, 1, 46, len(BODY), "supports", "alice")
    with pytest.raises(WorkbenchError, match="already linked to the claim as supports"):
        store.add_evidence(1, 1, 46, len(BODY), "contradicts", "bob")
    assert [e.stance for e in store.claim(1).evidence] == ["supports"]
    store.add_evidence(2, 1, 46, len(BODY), "contradicts", "alice")
    store.add_evidence(1, 1, 46, len(BODY) - 1, "contradicts", "alice")  # another span
    assert len(store.claim(1).evidence) == 2


def test_undo_redo_every_action(store: Store) -> None:
    store.set_verdict(1, "contradicted", "alice")
    ev = store.add_evidence(1, 1, 46, len(BODY), "contradicts", "alice")
    assert store.claim(1).evidence[0].text == BODY[46:]
    store.merge_claims(2, 1, "alice")
    assert store.claims_count() == 1
    assert len(store.claim(1).occurrences) == 3
    store.undo("alice")
    assert store.claims_count() == 2
    store.undo("alice")
    assert store.claim(1).evidence == []
    store.undo("alice")
    assert store.claim(1).final is None
    assert store.undo("alice") is None
    store.redo("alice")
    store.redo("alice")
    assert store.claim(1).final.label == "contradicted"
    assert store.claim(1).evidence[0].id == ev
    store.remove_evidence(ev, "alice")
    assert store.claim(1).evidence == []
    assert not store.can_redo()


def test_merge_carries_verdicts_to_an_unjudged_claim_and_undo_takes_them_back(store: Store) -> None:
    store.set_verdict(2, "contradicted", "alice")
    store.set_note(2, "Met him twice", "alice")
    assert store.progress()["reviewed"] == 1
    assert store.merge_claims(2, 1, "alice") is True
    merged = store.claim(1)
    assert merged.final.label == "contradicted"
    assert [(v.reviewer, v.note) for v in merged.verdicts] == [("alice", "Met him twice")]
    assert store.verdicts(2) == []
    assert store.progress()["reviewed"] == 1  # the same judgement, now on the claim that stays
    store.undo("alice")
    assert store.claim(1).final is None and store.claim(1).verdicts == []
    assert store.claim(2).final.label == "contradicted"
    assert store.progress()["reviewed"] == 1
    store.redo("alice")
    assert store.claim(1).final.label == "contradicted"
    assert store.verdicts(2) == []


def test_merge_keeps_the_target_verdict_when_it_has_one(store: Store) -> None:
    store.set_verdict(1, "consistent", "alice")
    store.set_verdict(2, "contradicted", "bob")
    assert store.merge_claims(2, 1, "alice") is False
    assert [(v.reviewer, v.label) for v in store.claim(1).verdicts] == [("alice", "consistent")]
    assert [(v.reviewer, v.label) for v in store.verdicts(2)] == [("bob", "contradicted")]
    store.undo("alice")
    assert store.claims_count() == 2
    assert store.claim(2).final.label == "contradicted"


def test_merge_carries_a_verdict_to_a_target_with_only_notes(store: Store) -> None:
    store.set_note(1, "Check the transcript", "alice")
    store.set_note(1, "Asked the press office", "bob")
    store.set_verdict(2, "contradicted", "alice")
    store.set_note(2, "Met him twice", "alice")
    assert store.merge_claims(2, 1, "alice") is True
    merged = store.claim(1)
    assert merged.final.label == "contradicted"
    notes = {v.reviewer: v.note for v in merged.verdicts}
    assert notes == {"alice": "Check the transcript\n\nMet him twice", "bob": "Asked the press office"}
    store.undo("alice")
    assert {v.reviewer: v.note for v in store.claim(1).verdicts} == {
        "alice": "Check the transcript", "bob": "Asked the press office"}
    assert store.claim(2).final.label == "contradicted"


def test_undo_of_a_merge_that_moved_no_verdict_ignores_later_verdicts_on_the_target(store: Store) -> None:
    store.merge_claims(2, 1, "alice")
    other = Store(store.path)
    other.set_verdict(1, "contradicted", "bob")
    other.close()
    store.undo("alice")
    assert store.claims_count() == 2
    assert store.claim(1).final.label == "contradicted"


def test_undo_of_a_merge_refuses_when_the_carried_verdict_changed(store: Store) -> None:
    store.set_verdict(2, "contradicted", "alice")
    store.merge_claims(2, 1, "alice")
    other = Store(store.path)
    other.set_verdict(1, "consistent", "bob")
    other.close()
    with pytest.raises(Conflict):
        store.undo("alice")
    assert store.claims_count() == 1
    assert {v.reviewer for v in store.claim(1).verdicts} == {"alice", "bob"}


def test_undo_and_redo_of_merge_and_split_say_which_claim_to_show(store: Store) -> None:
    store.merge_claims(2, 1, "alice")
    assert store.undo("alice")["show"] == 2  # the merged claim is back in view
    assert store.redo("alice")["show"] == 1  # folded into 1 again
    occ = store.claim(1).occurrences[0]
    new = store.split_occurrence(occ.id, "alice")
    assert store.undo("alice")["show"] == 1  # the split-off claim is hidden again: show its home
    assert store.redo("alice")["show"] == new


def test_undo_refuses_to_move_passages_into_a_claim_merged_away_meanwhile(store: Store) -> None:
    occ = store.claim(1).occurrences[0]
    new = store.split_occurrence(occ.id, "alice")
    other = Store(store.path)
    other.merge_claims(1, 2, "bob")  # the split's home is merged away in another window
    other.close()
    with pytest.raises(Conflict, match="merged into claim 2"):
        store.undo("alice")
    assert [o.id for o in store.claim(new).occurrences] == [occ.id]  # still where it is shown


@pytest.mark.parametrize("action", ["verdict", "note", "evidence", "merge"])
def test_nothing_lands_on_a_claim_another_window_merged_away(store: Store, action: str) -> None:
    """What a reviewer does to a claim that is hidden meanwhile would show nowhere: a Conflict."""
    other = Store(store.path)
    other.merge_claims(1, 2, "bob")
    other.close()
    do = {
        "verdict": lambda: store.set_verdict(1, "contradicted", "alice"),
        "note": lambda: store.set_note(1, "checked", "alice"),
        "evidence": lambda: store.add_evidence(1, 1, 0, 10, "supports", "alice"),
        "merge": lambda: store.merge_claims(2, 1, "alice"),
    }[action]
    with pytest.raises(Conflict, match="claim 1 has since been merged into claim 2"):
        do()
    assert store.claim(1).verdicts == [] and store.claim(1).evidence == []
    assert store._scalar("SELECT merged_into FROM claims WHERE id = 2") is None


def test_undo_changes_nothing_on_a_claim_another_window_merged_away(store: Store) -> None:
    store.set_verdict(1, "contradicted", "alice")
    other = Store(store.path)
    other.set_verdict(2, "consistent", "bob")  # the target has its own verdict: alice's stays on 1
    other.merge_claims(1, 2, "bob")
    other.close()
    with pytest.raises(Conflict, match="claim 1 has since been merged into claim 2"):
        store.undo("alice")
    assert [v.label for v in store.claim(1).verdicts] == ["contradicted"]


def _sources_are_right(store: Store) -> None:
    for row in store.claims_page("all", None, 0, 100):
        assert row.n_sources == len({o.article_id for o in store.claim(row.id).occurrences}), row


def test_split_occurrence_and_undo(store: Store) -> None:
    occ = store.claim(1).occurrences[1]
    new = store.split_occurrence(occ.id, "alice")
    assert store.claims_count() == 3
    assert [o.id for o in store.claim(new).occurrences] == [occ.id]
    _sources_are_right(store)
    store.undo("alice")
    assert store.claims_count() == 2
    assert len(store.claim(1).occurrences) == 2
    _sources_are_right(store)


def test_a_split_off_claim_is_its_occurrences_speakers(tmp_path: Path) -> None:
    """Split took the claim's speaker: the subject's own words split off a spokesperson's claim
    (merged there by a reviewer) became the spokesperson's, and were published as theirs."""
    s = Store(tmp_path / "r.db")
    s.set_story("Story", "Jeff Sessions", ["Sessions"])
    meta = {"source": "a.txt", "stem": "a", "sha256": "x1", "title": "T", "outlet": "NPR",
            "url": None, "published": "2017-03-02", "byline": None, "body": BODY}
    s.add_articles(
        [PreparedArticle(meta, [(0, 32), (33, 45)], [
            NewOccurrence("k1", 0, 32, BODY[0:32], "indirect", "Sarah Isgur Flores", "Jeff Sessions"),
            NewOccurrence("k1", 33, 45, BODY[33:45], "direct", "Jeff Sessions", None),
        ])],
        {"k1": NewClaim("he never met them", "Sarah Isgur Flores", "Jeff Sessions")}, {})
    own = next(o for o in s.claim(1).occurrences if o.start == 33)
    new = s.split_occurrence(own.id, "alice")
    assert (s.claim(new).claim.speaker, s.claim(new).claim.on_behalf_of) == ("Jeff Sessions", None)
    assert (s.claim(1).claim.speaker, s.claim(1).claim.on_behalf_of) == ("Sarah Isgur Flores", "Jeff Sessions")
    s.close()


def test_source_counts_follow_merge_and_undo(tmp_path: Path) -> None:
    s = build(tmp_path / "r.db")
    meta = {"source": "b.txt", "stem": "b", "sha256": "x2", "title": "T2", "outlet": "NBC",
            "url": None, "published": "2017-03-03", "byline": None, "body": BODY}
    s.add_articles([PreparedArticle(meta, [(0, 32)], [NewOccurrence(1, 0, 32, BODY[0:32], "indirect")])], {}, {})
    _sources_are_right(s)
    s.merge_claims(1, 2, "alice")
    _sources_are_right(s)
    s.undo("alice")
    _sources_are_right(s)
    s.redo("alice")
    _sources_are_right(s)
    s.close()


def test_conflict_when_claim_changed_elsewhere(tmp_path: Path) -> None:
    a = build(tmp_path / "r.db")
    b = Store(tmp_path / "r.db")
    rev = a.claim_row(1).rev
    b.set_verdict(1, "consistent", "bob", expect_rev=rev)
    with pytest.raises(Conflict):
        a.set_verdict(1, "contradicted", "alice", expect_rev=rev)
    assert a.claim(1).final.label == "consistent"
    a.close()
    b.close()


def test_undo_refuses_to_overwrite_someone_elses_change(tmp_path: Path) -> None:
    a = build(tmp_path / "r.db")
    b = Store(tmp_path / "r.db")
    a.set_verdict(1, "contradicted", "alice")
    b.set_verdict(1, "consistent", "bob")
    with pytest.raises(Conflict):
        a.undo("alice")
    assert a.claim(1).final.label == "consistent"
    a.close()
    b.close()


def test_an_undo_refused_is_left_out_and_the_next_undo_goes_on(tmp_path: Path) -> None:
    """An action whose claim changed since stayed on top of the undo list: every ctrl+z after
    it was refused the same way, so nothing before it could be undone any more."""
    a = build(tmp_path / "r.db")
    b = Store(tmp_path / "r.db")
    a.set_verdict(2, "unresolved", "alice")
    a.set_verdict(1, "contradicted", "alice")
    b.set_verdict(1, "consistent", "bob")
    with pytest.raises(Conflict, match=r"cannot undo the verdict on “.*”: it has changed since.*undo again"):
        a.undo("alice")
    event = a.undo("alice")
    assert event is not None and event["claim_id"] == 2
    assert a.claim(2).final is None and a.claim(1).final.label == "consistent"
    assert a.undo("alice") is None
    a.close()
    b.close()


def test_my_note_is_undone_though_another_reviewer_marked_the_claim_since(tmp_path: Path) -> None:
    """Notes are kept per reviewer: bob's verdict since does not stand in the way of undoing
    alice's note (it refused it), and bob's verdict stays."""
    a = build(tmp_path / "r.db")
    b = Store(tmp_path / "r.db")
    a.set_note(1, "check the transcript", "alice")
    b.set_verdict(1, "consistent", "bob")
    a.undo("alice")
    assert [(v.reviewer, v.label, v.note) for v in a.claim(1).verdicts] == [("bob", "consistent", None)]
    a.redo("alice")
    assert sorted((v.reviewer, v.label, v.note) for v in a.claim(1).verdicts) == [
        ("alice", None, "check the transcript"), ("bob", "consistent", None)]
    b.set_note(1, "bob's own", "bob")
    a.undo("alice")  # still only alice's note
    assert [(v.reviewer, v.note) for v in a.claim(1).verdicts] == [("bob", "bob's own")]
    a.set_note(1, "again", "alice")
    b2 = Store(tmp_path / "r.db")
    b2.set_note(1, "changed by alice elsewhere", "alice")  # her own note changed in another window
    with pytest.raises(Conflict):
        a.undo("alice")
    assert [(v.reviewer, v.note) for v in a.claim(1).verdicts if v.reviewer == "alice"] == [
        ("alice", "changed by alice elsewhere")]
    for store in (a, b, b2):
        store.close()


def test_my_verdict_is_undone_and_redone_though_another_reviewer_wrote_a_note_since(tmp_path: Path) -> None:
    """bob's note on the claim (in another window) made alice's verdict "changed since": her undo
    was refused. Notes settle nothing: her verdict goes and comes back, bob's note stays; a
    verdict of bob's since still refuses it."""
    a = build(tmp_path / "r.db")
    b = Store(tmp_path / "r.db")
    a.set_verdict(1, "contradicted", "alice")
    b.set_note(1, "see the July transcript", "bob")
    a.undo("alice")
    assert [(v.reviewer, v.label, v.note) for v in a.claim(1).verdicts] == [("bob", None, "see the July transcript")]
    assert a.claim(1).final is None
    b.set_note(1, "see the June transcript", "bob")
    a.redo("alice")
    assert [(v.reviewer, v.label, v.note) for v in a.claim(1).verdicts] == [
        ("alice", "contradicted", None), ("bob", None, "see the June transcript")]
    assert a.claim(1).final.label == "contradicted"
    b.set_verdict(1, "consistent", "bob")
    with pytest.raises(Conflict):
        a.undo("alice")
    assert a.claim(1).final.label == "consistent"
    a.close()
    b.close()


def test_undo_note_then_undo_verdict_before_it(tmp_path: Path) -> None:
    """alice marks claim 1, writes a note on it, then ctrl+z twice: both are undone (undoing the
    note gave her row a new date, and her verdict was then refused as changed since)."""
    a = build(tmp_path / "r.db")
    a.set_verdict(1, "consistent", "alice")
    time.sleep(0.01)
    a.set_note(1, "check the transcript", "alice")
    time.sleep(0.01)
    a.undo("alice")  # the note
    a.undo("alice")  # the verdict
    assert a.claim(1).verdicts == []


def test_redo_note_then_redo_verdict_after_it(tmp_path: Path) -> None:
    """alice writes a note, then marks; ctrl+z twice, ctrl+y twice: both come back."""
    a = build(tmp_path / "r.db")
    a.set_note(1, "check the transcript", "alice")
    time.sleep(0.01)
    a.set_verdict(1, "consistent", "alice")
    a.undo("alice")
    a.undo("alice")
    time.sleep(0.01)
    a.redo("alice")  # the note
    a.redo("alice")  # the verdict
    assert [(v.reviewer, v.label, v.note) for v in a.claim(1).verdicts] == [
        ("alice", "consistent", "check the transcript")]


def test_resume_history_after_a_left_out_undo(tmp_path: Path) -> None:
    """In one session: A0 note on claim 1, A1 verdict on claim 2; bob marks claim 2; alice's
    undo of A1 is refused and left out; the next undo takes A0 back; a redo would bring it
    back. After reopening, the rebuilt history lets her redo A0 the same way (the left-out
    undo wrote no event, and the rebuilt lists took A1 for A0)."""
    a = build(tmp_path / "r.db")
    b = Store(tmp_path / "r.db")
    a.set_note(1, "check the transcript", "alice")
    a.set_verdict(2, "contradicted", "alice")
    b.set_verdict(2, "consistent", "bob")
    with pytest.raises(Conflict):
        a.undo("alice")  # A1: refused, left out
    a.undo("alice")  # A0: the note goes
    a.close()
    a2 = Store(tmp_path / "r.db")
    a2.resume_history("alice")
    assert (a2._undo, a2._redo) == (a._undo, a._redo)
    a2.redo("alice")
    notes = [(v.reviewer, v.note) for v in a2.claim(1).verdicts]
    assert notes == [("alice", "check the transcript")]
    b.close()
    a2.close()


def test_readonly_store_refuses_writes(tmp_path: Path) -> None:
    build(tmp_path / "r.db").close()
    ro = Store(tmp_path / "r.db", readonly=True)
    with pytest.raises(WriteFailed, match="read-only"):
        ro.set_verdict(1, "consistent", "alice")
    ro.close()


def test_full_disk_write_fails_and_leaves_nothing(store: Store) -> None:
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(WriteFailed, match="full"):
        for _ in range(50):
            store.set_note(1, "x" * 100_000, "alice")
    assert store.integrity() == "ok"


def test_paging_filters_and_positions(store: Store) -> None:
    assert [c.id for c in store.claims_page("all")] == [1, 2]
    store.set_verdict(1, "unresolved", "alice")
    assert [c.id for c in store.claims_page("unreviewed")] == [2]
    assert [c.id for c in store.claims_page("unresolved")] == [1]
    assert store.claim_index(2, "all") == 1
    assert store.claim_index(1, "unreviewed") == -1
    assert store.next_claim(1, "unreviewed") == 2
    assert store.claims_count("all", article_id=1) == 2


def test_search_and_suggestions(store: Store) -> None:
    hits = store.search("meetings")
    assert hits and hits[0].text == BODY[46:]
    assert store.search('"[(*') == []


def test_state_roundtrip(store: Store) -> None:
    store.set_state("cursor", {"claim": 2, "filter": "unreviewed"})
    assert store.get_state("cursor") == {"claim": 2, "filter": "unreviewed"}


def _first_version_db(path: Path) -> None:
    """A database as the first schema version made it, with a verdict in it."""
    from sqlite_utils import Database

    from workbench.store.schema import registry

    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    db = Database(conn)
    registry().apply(db, stop_before="0002_reviewer_index")
    conn.execute("INSERT INTO articles(id, source, stem, sha256, body, imported_at)"
                 " VALUES (1, 'a.txt', 'a', 'h', 'It is false.', 'x')")
    conn.execute("INSERT INTO claims(id, text, speaker, created_at) VALUES (1, 'It is false.', 'S', 'x')")
    conn.execute("INSERT INTO verdicts(claim_id, reviewer, label, note, updated_at)"
                 " VALUES (1, 'alice', 'contradicted', 'keep me', 'x')")
    conn.execute("UPDATE claims SET verdict = 'contradicted' WHERE id = 1")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def test_first_schema_version_upgrades_in_place(tmp_path: Path) -> None:
    p = tmp_path / "v1.db"
    _first_version_db(p)
    s = Store(p)
    names = [r[0] for r in s.conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert names == known_names()
    assert s.claim(1).final.note == "keep me"
    assert s.progress()["contradicted"] == 1
    s.close()


def test_failing_migration_leaves_file_unchanged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench.store import schema

    p = tmp_path / "v1.db"
    _first_version_db(p)
    data = p.read_bytes()

    def broken(db: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, ("0099_broken", broken)])
    with pytest.raises(StoreError, match="rolled back"):
        Store(p)
    assert p.read_bytes() == data
    conn = sqlite3.connect(p)
    assert conn.execute("SELECT COUNT(*) FROM _sqlite_migrations").fetchone()[0] == 1
    conn.close()


def test_undo_and_redo_carry_over_to_the_next_session(store: Store) -> None:
    other = Store(store.path)
    other.set_verdict(2, "consistent", "bob")
    other.close()
    store.set_verdict(1, "contradicted", "alice")
    store.set_note(2, "check the transcript", "alice")
    store.undo("alice")  # the note goes; its redo is what alice left
    store.close()
    again = Store(store.path)
    assert not again.can_undo()
    again.resume_history("alice")
    assert again.can_redo()
    assert again.redo("alice")["action"] == "set_note"
    assert again.claim(2).verdict_of("alice").note == "check the transcript"
    assert again.undo("alice")["action"] == "set_note"
    assert again.undo("alice")["action"] == "set_verdict"
    assert again.claim(1).claim.verdict is None
    assert not again.can_undo()  # bob's verdict is bob's to undo
    again.close()


def test_claims_matching_finds_any_claim_however_many(tmp_path: Path) -> None:
    """The merge picker read only the first 5,000 claims and filtered those: on a file of
    30,000 claims most could never be picked as a target. The store now answers the words."""
    s = Store(tmp_path / "many.db")
    s.set_story("Story", "Jeff Sessions", ["Sessions"])
    n = 5_200
    parts, spans, occs, drafts = [], [], [], {}
    pos = 0
    for i in range(n):
        text = f"Claim {i} about 100% of the a_b meetings." if i == n - 1 else f"Claim {i} about meetings."
        parts.append(text)
        spans.append((pos, pos + len(text)))
        occs.append(NewOccurrence(f"k{i}", pos, pos + len(text), text, "indirect"))
        drafts[f"k{i}"] = NewClaim(text, "Jeff Sessions", said_on="2017-03-02")
        pos += len(text) + 1
    body = " ".join(parts)
    meta = {"source": "a.txt", "stem": "a", "sha256": "x9", "title": "T", "outlet": "NPR",
            "url": None, "published": "2017-03-02", "byline": None, "body": body}
    s.add_articles([PreparedArticle(meta, spans, occs)], drafts, {})
    last = s.claims_page("all", None, n - 1, 1)[0]
    assert s.claims_matching(["claim", f"{n - 1}"]) == (1, [last])
    assert s.claims_matching(["CLAIM", "100%", "A_B"]) == (1, [last])  # case; % and _ literal
    assert s.claims_matching(["100%"], exclude_id=last.id) == (0, [])
    assert s.claims_matching(["1_"]) == (0, [])
    count, rows = s.claims_matching(["meetings"], limit=200)
    assert count == n and len(rows) == 200 and rows[0].text == "Claim 0 about meetings."
    s.close()


def test_a_note_saved_as_it_already_is_writes_no_undo_step(tmp_path: Path) -> None:
    """Blank lines saved on a claim with no note wrote an event that changed nothing, and the
    next ctrl+z 'undid' it, doing nothing (found by a hands-on check)."""
    s = build(tmp_path / "r.db")
    s.set_verdict(2, "consistent", "alice")
    rev = s.claim_row(1).rev
    assert s.set_note(1, "\n\n", "alice", expect_note="") == rev
    s.set_note(1, "checked", "alice")
    assert s.set_note(1, "checked", "alice", expect_note="checked") == s.claim_row(1).rev
    s.undo("alice")  # the note
    assert s.claim(1).verdicts == []
    event = s.undo("alice")  # then the verdict on claim 2, not a blank note
    assert event is not None and event["claim_id"] == 2
    s.close()


def _one_article(store: Store, stem: str, published: str, key: str | int, claims: dict[str, NewClaim]) -> None:
    meta = {"source": f"{stem}.txt", "stem": stem, "sha256": stem, "title": stem, "outlet": None,
            "url": None, "published": published, "byline": None, "body": BODY}
    store.add_articles([PreparedArticle(meta, [(0, 32)], [NewOccurrence(key, 0, 32, BODY[0:32], "indirect")])],
                       claims, {})


def test_an_undated_claim_sorts_where_it_was_first_reported_whatever_the_import_order(tmp_path: Path) -> None:
    """Said by 2 March at the latest: among March's statements, not after every dated one."""
    with Store(tmp_path / "r.db") as store:
        store.set_story("Story", "Jeff Sessions", ["Sessions"])
        dated = {"k": NewClaim("dated in June", "Jeff Sessions", said_on="2017-06")}
        _one_article(store, "june", "2017-06-20", "k", dated)
        undated = {"u": NewClaim("he never met them", "Jeff Sessions")}
        _one_article(store, "july", "2017-07-21", "u", undated)
        [june, july] = store.claims_page("all", None, 0, 10)
        assert (june.said_on, july.reported_by) == ("2017-06", "2017-07-21")
        _one_article(store, "march", "2017-03-02", july.id, {})  # an earlier report, imported later
        rows = store.claims_page("all", None, 0, 10)
        assert [(r.id, r.reported_by) for r in rows] == [(july.id, "2017-03-02"), (june.id, None)]


def test_old_files_put_undated_claims_where_first_reported_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    build(path).close()
    with Store(path) as store:
        _one_article(store, "b", "2017-01-05", "u", {"u": NewClaim("undated", "Jeff Sessions")})
    conn = sqlite3.connect(path)
    with conn:  # as written before 0005: every undated claim after the dated ones
        conn.execute("UPDATE claims SET sort_key = '~2017-01-05' WHERE said_on IS NULL")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0005_undated_by_first_report'")
    conn.close()
    with Store(path) as store:
        rows = store.claims_page("all", None, 0, 10)
    assert [(r.text, r.said_on or r.reported_by) for r in rows] == [
        ("he never met them", "2017-01"), ("undated", "2017-01-05"), ("It is false.", "2017-03-01")]


def test_undated_claims_sort_as_the_cli_timeline_with_partial_or_missing_report_dates(tmp_path: Path) -> None:
    """A report dated to the month sorts before that month's days ("2017-07~" sorted after
    "2017-07-21~"); an empty date is no date (it made the key "~"); with no dated report at all
    the list shows no "by ~"; a merge that brings an earlier report moves the claim there."""
    with Store(tmp_path / "r.db") as store:
        store.set_story("Story", "Jeff Sessions", ["Sessions"])
        _one_article(store, "day", "2017-07-21", "a", {"a": NewClaim("reported on the 21st", "Jeff Sessions")})
        _one_article(store, "month", "2017-07", "b", {"b": NewClaim("reported in July", "Jeff Sessions")})
        _one_article(store, "blank", "", "c", {"c": NewClaim("no date", "Jeff Sessions")})
        rows = store.claims_page("all", None, 0, 10)
        assert [(r.text, r.reported_by) for r in rows] == [
            ("reported in July", "2017-07"), ("reported on the 21st", "2017-07-21"), ("no date", None)]
        _one_article(store, "march", "2017-03-02", "d", {"d": NewClaim("said in March", "Jeff Sessions")})
        later, march = rows[2].id, store.claims_page("all", None, 0, 1)[0].id
        store.merge_claims(march, later, "me")
        assert store.claims_page("all", None, 0, 1)[0].id == later
        assert store.claims_page("all", None, 0, 1)[0].reported_by == "2017-03-02"
