"""Two reviewers on one file: the latest verdict settles a claim, and the reviewer it
overrules is told.

alice marks a claim contradicted; bob, who sees that, marks it consistent: his
verdict settles it (as in a merged file, "setting yours settles it"), and
alice's open window says so, naming bob and the new verdict, instead of only
flipping the mark.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tui_data import SIZE, claim_ids, run_async, screen, settle

from workbench.store import Store
from workbench.tui.app import ReviewApp


def test_store_lists_claims_i_judged_that_another_reviewer_changed(db: Path) -> None:
    ids = claim_ids(db)
    comms, never = ids["comms"], ids["never"]
    with Store(db) as store:
        start, changed = store.verdicts_changed_by_others("alice", None)
        assert changed == []
        store.set_verdict(comms, "contradicted", "alice")
        store.set_verdict(never, "consistent", "alice")
        store.set_verdict(comms, "consistent", "bob")      # overrules alice
        store.set_verdict(never, "consistent", "bob")      # agrees: nothing to say
        store.set_verdict(ids["recall"], "unresolved", "bob")  # a claim alice never judged
        store.add_evidence(comms, *_first_sentence(store, comms), "supports", "bob")
        last, changed = store.verdicts_changed_by_others("alice", start)
        assert [(c.claim_id, c.reviewer, c.verdict, c.yours) for c in changed] == [
            (comms, "bob", "consistent", "contradicted")]
        assert changed[0].text.startswith("I did not have communications")
        assert store.verdicts_changed_by_others("alice", last) == (last, [])
        # bob's own window hears nothing of bob, and alice's actions do not concern bob here
        assert store.verdicts_changed_by_others("bob", start)[1] == []
        store.undo("bob")  # the evidence
        store.undo("bob")  # bob's verdict on recall
        store.undo("bob")  # bob's verdict on never
        store.undo("bob")  # bob's verdict on comms: alice's stands again, nothing to say
        assert store.verdicts_changed_by_others("alice", last)[1] == []


def _first_sentence(store: Store, claim_id: int) -> tuple[int, int, int]:
    occ = store.claim(claim_id).occurrences[0]
    _, start, end = store.sentences(occ.article_id)[0]
    return occ.article_id, start, end


async def _notices_naming(name: str, app: ReviewApp, pilot: Any) -> list[str]:
    """The notices that name ``name``, once the first of them shows (or after 3 s)."""
    notices: list[str] = []
    for _ in range(30):
        await pilot.pause(0.1)
        notices = [n.message for n in app._notifications if name in n.message]
        if notices:
            break
    return notices


@run_async
async def test_overruled_reviewer_is_told_who_changed_the_verdict(db: Path) -> None:
    ids = claim_ids(db)
    alice, bob = ReviewApp(db, "alice", {}), ReviewApp(db, "bob", {})
    async with alice.run_test(size=SIZE) as pa, bob.run_test(size=SIZE) as pb:
        await settle(pa)
        await settle(pb)
        await pa.press("x")  # alice: comms contradicted
        await settle(pa)
        for _ in range(30):  # bob's screen shows it
            await pb.pause(0.1)
            row = screen(bob).claims.row(0)
            if row is not None and row.mark == "✗":
                break
        await settle(pb)
        assert screen(bob).claim_id == ids["comms"]
        assert "CONTRADICTED" in screen(bob).verdict.text.split("\n", 1)[0]
        await pb.press("c")  # bob settles it the other way
        await settle(pb)
        notices = await _notices_naming("bob", alice, pa)
        await settle(pa)
        row = screen(alice).claims.row(0)
        assert row is not None and row.mark == "✓"
        assert len(notices) == 1, notices
        assert "consistent" in notices[0] and "contradicted" in notices[0], notices
        assert f"claim {ids['comms']}" in notices[0], notices
        # bob is told nothing about alice: he saw her verdict and chose his.
        assert not [n.message for n in bob._notifications if "alice" in n.message]
        # a claim alice never judged: no notice for her
        await pb.press("u")
        await settle(pb)
        await pa.pause(1.5)
        await settle(pa)
        assert len([n for n in alice._notifications if "bob" in n.message]) == 1


@run_async
async def test_a_verdict_changed_while_the_screen_opens_is_told(db: Path) -> None:
    """bob's verdict committed after alice's screen read its opening, but before its first
    poll, was taken as old: that poll only marked where to start from."""
    from workbench.tui.opening import read_opening

    comms = claim_ids(db)["comms"]
    store = Store(db)
    store.set_verdict(comms, "contradicted", "alice")
    opening = read_opening(store, "alice")  # what `workbench review` reads before Textual starts
    with Store(db) as other:
        other.set_verdict(comms, "consistent", "bob")
    app = ReviewApp(db, "alice", {}, store=store, opening=opening)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        notices = await _notices_naming("bob", app, pilot)
        assert len(notices) == 1 and f"claim {comms}" in notices[0], notices
        row = screen(app).claims.row(0)
        assert row is not None and row.mark == "✓"


def test_every_reviewers_note_reaches_the_csv_and_the_report(db: Path) -> None:
    """Notes are kept per reviewer; the CSV and the Markdown report showed only the note of
    the claim's verdict, so a colleague's note dropped out of what an editor reads."""
    import csv
    import io

    from workbench.export.csv_ import HEADER, render_csv
    from workbench.export.json_doc import build_document
    from workbench.export.markdown import render_markdown

    comms = claim_ids(db)["comms"]
    with Store(db) as store:
        store.set_note(comms, "transcript page 12", "alice")
        store.set_note(comms, "bob checked the video", "bob")
        store.set_verdict(comms, "contradicted", "bob")
        doc = build_document(store)
    rows = [dict(zip(HEADER, r, strict=True)) for r in csv.reader(io.StringIO(render_csv(doc).lstrip("\ufeff")))]
    row = next(r for r in rows[1:] if r["id"] == str(comms))
    assert (row["verdict"], row["reviewer"]) == ("contradicted", "bob")
    assert row["note"] == "bob checked the video\n\nalice: transcript page 12"
    md = render_markdown(doc)
    assert "**Notes**\n\nbob:\n\n> bob checked the video\n\nalice:\n\n> transcript page 12" in md
    assert "Reviewers differed" not in md  # a note alone is no verdict: they did not differ


def test_a_colleagues_note_is_never_shown_as_the_verdicts(db: Path) -> None:
    """The claim's note is the latest anybody wrote when its verdict has none: the CSV gave
    bob's note unnamed beside alice's verdict, and two reviewers' notes with the same text
    lost one author (review of b97edd2)."""
    import csv
    import io

    from workbench.export.csv_ import HEADER, render_csv
    from workbench.export.json_doc import build_document
    from workbench.export.markdown import render_markdown

    def row(doc: dict, claim_id: int) -> dict[str, str]:
        rows = list(csv.reader(io.StringIO(render_csv(doc).lstrip("\ufeff"))))
        return dict(zip(HEADER, next(r for r in rows[1:] if r[0] == str(claim_id)), strict=True))

    ids = claim_ids(db)
    comms, never = ids["comms"], ids["never"]
    with Store(db) as store:
        store.set_verdict(comms, "contradicted", "alice")
        store.set_note(comms, "I think it is consistent", "bob")
        store.set_note(never, "see transcript", "bob")
        store.set_verdict(never, "contradicted", "alice")
        store.set_note(never, "see transcript", "alice")
        doc = build_document(store)
    first = row(doc, comms)
    assert (first["reviewer"], first["note"]) == ("alice", "bob: I think it is consistent")
    assert row(doc, never)["note"] == "see transcript\n\nbob: see transcript"
    md = render_markdown(doc)
    assert "**Notes**\n\nbob:\n\n> I think it is consistent" in md
