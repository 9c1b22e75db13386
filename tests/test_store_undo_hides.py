"""Undo and redo of merges and splits never hide or empty what another window did since.

Found by review: bob split a claim, alice judged the new claim in her window,
bob pressed ctrl+z; the undo checked only the rows the split had moved, so
it hid the new claim under its old home, with alice's acknowledged verdict
on it (gone from her screen, the stats and the exports).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_store import build

from workbench.store import Conflict, Store


@pytest.fixture
def two(tmp_path: Path) -> Iterator[tuple[Store, Store]]:
    """bob's window and alice's, on one file (claims 1, with two passages, and 2)."""
    bob = build(tmp_path / "r.db")
    alice = Store(tmp_path / "r.db")
    yield bob, alice
    alice.close()
    bob.close()


def _visible(store: Store) -> set[int]:
    return {r.id for r in store.claims_page("all", None, 0, 100)}


def test_undoing_a_split_does_not_hide_a_verdict_given_to_the_new_claim_since(two: tuple[Store, Store]) -> None:
    bob, alice = two
    new = bob.split_occurrence(bob.claim(1).occurrences[1].id, "bob")
    alice.set_verdict(new, "contradicted", "alice")
    with pytest.raises(Conflict, match="changed since"):
        bob.undo("bob")
    assert new in _visible(bob) and [v.label for v in bob.claim(new).verdicts] == ["contradicted"]


def test_undoing_a_split_does_not_hide_a_claim_merged_into_the_new_one_since(two: tuple[Store, Store]) -> None:
    bob, alice = two
    new = bob.split_occurrence(bob.claim(1).occurrences[1].id, "bob")
    alice.set_verdict(2, "contradicted", "alice")
    alice.merge_claims(2, new, "alice")  # claim 2's passage (and verdict) now on the new claim
    with pytest.raises(Conflict, match="changed since"):
        bob.undo("bob")
    assert new in _visible(bob) and len(bob.claim(new).occurrences) == 2
    assert [v.label for v in bob.claim(new).verdicts] == ["contradicted"]


def test_undoing_a_merge_does_not_leave_the_target_without_passages(two: tuple[Store, Store]) -> None:
    """alice merged 2 into 1; bob split both of 1's own passages off; undoing the merge would
    take 2's passage back and leave claim 1 shown with no passage at all."""
    bob, alice = two
    alice.merge_claims(2, 1, "alice")
    own = [o.id for o in bob.claim(1).occurrences if o.start != 33]  # 1's own two (2's is at 33)
    for occ in own:
        bob.split_occurrence(occ, "bob")
    with pytest.raises(Conflict, match="changed since"):
        alice.undo("alice")
    assert 1 in _visible(alice) and len(alice.claim(1).occurrences) == 1
    assert 2 not in _visible(alice)


def test_redoing_a_merge_does_not_hide_a_verdict_given_to_the_claim_brought_back(two: tuple[Store, Store]) -> None:
    bob, alice = two
    alice.merge_claims(2, 1, "alice")
    alice.undo("alice")
    bob.set_verdict(2, "unresolved", "bob")
    with pytest.raises(Conflict, match="changed since"):
        alice.redo("alice")
    assert 2 in _visible(alice) and [v.label for v in alice.claim(2).verdicts] == ["unresolved"]


def test_own_undone_verdict_on_a_split_off_claim_lets_the_split_be_undone(two: tuple[Store, Store]) -> None:
    """One reviewer: split, judge the new claim, ctrl+z twice: the verdict, then the split."""
    bob, _alice = two
    new = bob.split_occurrence(bob.claim(1).occurrences[1].id, "bob")
    bob.set_verdict(new, "consistent", "bob")
    bob.undo("bob")
    bob.undo("bob")
    assert new not in _visible(bob) and len(bob.claim(1).occurrences) == 2


def test_merging_and_undoing_in_one_window_still_works_with_verdicts(two: tuple[Store, Store]) -> None:
    """A merge whose target has its own verdict leaves the source's with it (hidden, by design):
    redo after undo puts it back as it was."""
    bob, _alice = two
    bob.set_verdict(1, "consistent", "bob")
    bob.set_verdict(2, "contradicted", "bob")
    bob.merge_claims(2, 1, "bob")
    bob.undo("bob")
    bob.redo("bob")
    assert _visible(bob) == {1}
    assert [v.label for v in bob.claim(2).verdicts] == ["contradicted"]


@pytest.mark.parametrize("first", ["verdict", "note"])
def test_undo_and_redo_in_one_window_redo_a_merge_whose_source_keeps_its_verdict(
        two: tuple[Store, Store], first: str) -> None:
    """verdict B, verdict (or note) A, merge A into B, undo, undo, redo, redo: the last redo was
    refused as "changed since" (its own undo and redo of A's verdict counted as a change)."""
    bob, _alice = two
    bob.set_verdict(1, "consistent", "bob")
    if first == "verdict":
        bob.set_verdict(2, "contradicted", "bob")
    else:
        bob.set_note(2, "checked", "bob")
    bob.merge_claims(2, 1, "bob")
    bob.undo("bob")
    bob.undo("bob")
    bob.redo("bob")
    bob.redo("bob")
    assert _visible(bob) == {1}


def test_a_merge_keeps_a_passage_linked_once(two: tuple[Store, Store]) -> None:
    """A passage linked to both claims: with opposite stances the merge is refused (the merged
    claim said it both supports and contradicts); with the same one, the target keeps its link
    and the source's stays with it, hidden (undo brings both back as they were)."""
    from workbench.errors import WorkbenchError

    bob, _alice = two
    bob.add_evidence(2, 1, 46, 60, "supports", "bob")
    bob.add_evidence(1, 1, 46, 60, "contradicts", "bob")
    with pytest.raises(WorkbenchError, match="as supports and to claim 1 as contradicts"):
        bob.merge_claims(2, 1, "bob")
    assert _visible(bob) == {1, 2}
    bob.add_evidence(2, 1, 0, 20, "context", "bob")
    bob.add_evidence(1, 1, 0, 20, "context", "bob")
    bob.remove_evidence(next(e.id for e in bob.claim(2).evidence if e.start == 46), "bob")
    bob.merge_claims(2, 1, "bob")
    assert sorted((e.start, e.stance) for e in bob.claim(1).evidence) == [(0, "context"), (46, "contradicts")]
    bob.undo("bob")
    assert [(e.start, e.stance) for e in bob.claim(2).evidence] == [(0, "context")]


def test_a_merge_whose_source_keeps_a_duplicate_link_is_undone_and_redone(two: tuple[Store, Store]) -> None:
    """The link staying with the source was outside the merge's snapshots: the redo took it for
    something added since and was refused (found by review)."""
    bob, _alice = two
    bob.add_evidence(2, 1, 0, 20, "context", "bob")
    bob.add_evidence(1, 1, 0, 20, "context", "bob")
    bob.merge_claims(2, 1, "bob")
    bob.undo("bob")
    bob.redo("bob")
    assert _visible(bob) == {1} and [e.stance for e in bob.claim(1).evidence] == ["context"]


def test_a_redo_or_undo_never_links_a_passage_twice(two: tuple[Store, Store]) -> None:
    """bob merged 2 (linking P as supports) into 1 and undid it; alice linked P to 1 as
    contradicts; bob's redo linked P to 1 twice, both ways. Likewise an undo of a removal."""
    bob, alice = two
    bob.add_evidence(2, 1, 0, 20, "supports", "bob")
    bob.merge_claims(2, 1, "bob")
    bob.undo("bob")
    alice.add_evidence(1, 1, 0, 20, "contradicts", "alice")
    with pytest.raises(Conflict, match="linked to claim 1 since"):
        bob.redo("bob")
    assert [e.stance for e in bob.claim(1).evidence] == ["contradicts"]
    link = bob.add_evidence(2, 1, 30, 45, "supports", "bob")
    bob.add_evidence(2, 1, 50, 60, "context", "bob")  # (so that alice's link gets a new id)
    bob.remove_evidence(link, "bob")
    alice.add_evidence(2, 1, 30, 45, "contradicts", "alice")
    with pytest.raises(Conflict, match="linked to the claim since"):
        bob.undo("bob")
    assert sorted((e.start, e.stance) for e in bob.claim(2).evidence) == [
        (0, "supports"), (30, "contradicts"), (50, "context")]
