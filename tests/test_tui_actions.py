"""Pilot tests of the editing keys: note, evidence, search, merge, split, undo, export.

Every test checks the database after the key, because "the screen shows
it" is only allowed once the store has committed it.
"""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from textual import events
from tui_data import SIZE, build, claim_ids, run_async, screen, settle, slowed

from workbench.store import Store, WriteFailed
from workbench.tui.app import ReviewApp


def detail(db: Path, claim_id: int):  # type: ignore[no-untyped-def]
    with Store(db, readonly=True) as store:
        return store.claim(claim_id)  # type: ignore[attr-defined]


@run_async
async def test_note_typed_and_escape_saves(db: Path) -> None:
    ids = claim_ids(db)
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"Hi", "enter", *"[b]3[/b]")
        await pilot.press("escape")
        await settle(pilot)
        note = "Hi\n[b]3[/b]"
        got = detail(db, ids["comms"]).verdict_of("me")
        assert got is not None and got.note == note
        assert note in screen(app).verdict.text


@pytest.mark.parametrize(("over", "stack"), [((), 2), (("ctrl+p",), 3)])
@run_async
async def test_quitting_from_the_note_editor_saves_the_note(db: Path, over: tuple[str, ...], stack: int) -> None:
    """ctrl+q reaches the app from inside the editor (or the command palette over it): the
    typed note is saved before it exits."""
    ids = claim_ids(db)
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"important finding", *over)
        await settle(pilot)
        assert len(app.screen_stack) == stack
        await pilot.press("ctrl+q")
        await settle(pilot)
    assert app.return_code == 0
    got = detail(db, ids["comms"]).verdict_of("me")
    assert got is not None and got.note == "important finding"


@run_async
async def test_e_links_sentence_under_cursor_with_chosen_stance(db: Path) -> None:
    ids = claim_ids(db)
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        s = screen(app)
        await pilot.press("tab")
        assert app.focused is s.text_view
        start = s.text_view.sentence
        await pilot.press("j")  # the sentence after the occurrence
        assert s.text_view.sentence == start + 1
        span = s.text_view.current_sentence()
        assert span is not None
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("x")  # stance picker: contradicts
        await settle(pilot)
        evidence = detail(db, ids["comms"]).evidence
        assert [(e.start, e.end, e.stance) for e in evidence] == [(*span, "contradicts")]
        assert "Evidence (1)" in s.verdict.text
        assert "Democrats called on him to resign." in s.verdict.text
        assert s.text_view.sentence == start + 1  # the cursor stays where the reviewer was


@pytest.mark.parametrize("key", ["down", "j"])  # j/k move in every list (j did nothing here)
@run_async
async def test_d_unlinks_chosen_evidence(db: Path, key: str) -> None:
    ids = claim_ids(db)
    with Store(db) as store:
        body = store.article_body(1)
        store.add_evidence(ids["comms"], 1, 0, 10, "context", "me")
        store.add_evidence(ids["comms"], 1, 10, len(body), "supports", "me")
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        s = screen(app)
        assert s.claim_id == ids["comms"]
        assert "Evidence (2)" in s.verdict.text
        await pilot.press("d")
        await settle(pilot)
        await pilot.press(key, "enter")  # the second passage
        await settle(pilot)
        evidence = detail(db, ids["comms"]).evidence
        assert [(e.start, e.stance) for e in evidence] == [(0, "context")]
        assert "Evidence (1)" in s.verdict.text
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert len(detail(db, ids["comms"]).evidence) == 2


@run_async
async def test_suggestion_key_links_suggested_passage(db: Path) -> None:
    ids = claim_ids(db)
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        s = screen(app)
        assert s.claim_id == ids["never"] and s.suggestions
        first = s.suggestions[0]
        assert "Suggested evidence" in s.verdict.text
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("s")  # supports
        await settle(pilot)
        evidence = detail(db, ids["never"]).evidence
        assert [(e.article_id, e.start, e.stance) for e in evidence] == [
            (first.article_id, first.start, "supports")
        ]


@run_async
async def test_search_jumps_to_hit(db: Path) -> None:
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        await pilot.press(*"kislyak")
        await pilot.pause(0.5)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        s = screen(app)
        assert app.focused is s.text_view
        assert s.shown_article is not None and s.shown_article.article.stem == "npr_a"
        assert s.articles.cursor == 0
        span = s.text_view.current_sentence()
        assert span is not None
        assert "Kislyak" in s.shown_article.body[span[0]:span[1]]


@run_async
async def test_m_merges_into_picked_claim(db: Path) -> None:
    ids = claim_ids(db)
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j")  # "never met"
        await settle(pilot)
        await pilot.press("x")  # judged before the reviewer sees it is the same statement
        await settle(pilot)
        await pilot.press("k")  # a verdict moves on to the next unreviewed claim: back to it
        await settle(pilot)
        assert screen(app).claim_id == ids["never"]
        await pilot.press("m")
        await settle(pilot)
        await pilot.press(*"contact with")
        await settle(pilot)
        # The picker must be visible (a `loading` attribute once hid it behind
        # Textual's loading indicator while keys still went to it).
        shown = html.unescape(app.export_screenshot()).replace("\xa0", " ")
        assert "Merge into" in shown
        assert "contact" in shown
        await pilot.press("enter")
        await settle(pilot)
        s = screen(app)
        merged = detail(db, ids["contact"])
        assert {o.stem for o in merged.occurrences} == {"npr_a", "nbc_b", "wapo_c"}
        assert merged.final is not None and merged.final.label == "contradicted"
        assert s.claim_id == ids["contact"]
        assert s.claims.count == 6
        assert any(f"now judge claim {ids['contact']}" in n.message for n in app._notifications)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert s.claim_id == ids["never"]  # undone: the claim that came back is the one shown
        assert detail(db, ids["never"]).final.label == "contradicted"


@run_async
async def test_o_cycles_occurrence_and_s_splits_it(db: Path) -> None:
    ids = claim_ids(db)
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        s = screen(app)
        assert s.shown_article is not None and s.shown_article.article.stem == "npr_a"
        await pilot.press("o")
        await settle(pilot)
        assert s.shown_article.article.stem == "nbc_b"
        await pilot.press("s")
        await settle(pilot)
        left = detail(db, ids["comms"])
        assert [o.stem for o in left.occurrences] == ["npr_a", "wapo_c"]
        assert s.claim_id not in ids.values()
        new = detail(db, s.claim_id)
        assert [o.stem for o in new.occurrences] == ["nbc_b"]
        assert s.claims.count == 8
        await pilot.press("o")  # one occurrence: nothing to cycle, and it says so
        await settle(pilot)
        assert s.shown_article.article.stem == "nbc_b"
        assert any("single occurrence; it is the one shown" in n.message for n in app._notifications)


@run_async
async def test_undo_and_redo(db: Path) -> None:
    ids = claim_ids(db)
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert detail(db, ids["comms"]).claim.verdict == "contradicted"
        await pilot.press("ctrl+z")
        await settle(pilot)
        s = screen(app)
        assert detail(db, ids["comms"]).claim.verdict is None
        assert s.claim_id == ids["comms"] and "NOT REVIEWED" in s.verdict.text
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert detail(db, ids["comms"]).claim.verdict == "contradicted"
        assert "CONTRADICTED" in s.verdict.text


@run_async
async def test_write_failure_is_not_shown_as_saved(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = claim_ids(db)

    def full(*_args: object, **_kwargs: object) -> int:
        raise WriteFailed("not saved: the disk (or database size limit) is full")

    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.store is not None
        monkeypatch.setattr(app.store, "set_verdict", full)
        await pilot.press("x")
        await settle(pilot)
        s = screen(app)
        assert s.claim_id == ids["comms"]  # did not move on
        assert "NOT REVIEWED" in s.verdict.text
        row = s.claims.row(0)
        assert row is not None and row.verdict is None
        messages = [n.message for n in app._notifications]
        assert any("disk" in m and "full" in m for m in messages)
        assert any(n.severity == "error" for n in app._notifications)
    assert detail(db, ids["comms"]).claim.verdict is None


@run_async
async def test_readonly_refuses_writes(db: Path) -> None:
    ids = claim_ids(db)
    app = ReviewApp(db, "me", {}, readonly=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        s = screen(app)
        assert "READ-ONLY" in str(s.status.build())
        assert any("read-only" in n.message for n in app._notifications)
        assert s.claim_id == ids["comms"]
        # nothing that would only be refused at the end opens: no note editor, no pickers
        for key in ("n", "m", "1", "d"):
            await pilot.press(key)
            await settle(pilot)
            assert app.screen is s, key
    assert detail(db, ids["comms"]).claim.verdict is None


@run_async
async def test_markup_is_shown_literally(tmp_path: Path) -> None:
    db = build(tmp_path / "markup.db", markup=True)
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        s = screen(app)
        await pilot.press("end")
        await settle(pilot)
        assert "[red]I never[/red] met [@click=app.quit]them[/]." in s.verdict.text
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"[bold]x[/]", "escape")
        await settle(pilot)
        assert "[bold]x[/]" in s.verdict.text
        assert s.shown_article is not None
        screen_text = html.unescape(app.export_screenshot()).replace("\xa0", " ")
        assert "[bold]Bold[/] and [@click=app.quit]click me[/]" in screen_text  # article title
        assert "[red]I never[/red] met" in screen_text  # claim text, in the list and the article
        # Clicking the title's "link" must do nothing: the app is still running.
        await pilot.click("#text", offset=(10, 0))
        await settle(pilot)
        assert app.is_running


@run_async
async def test_export_writes_file_and_notifies(db: Path) -> None:
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("E")
        await settle(pilot)
        await pilot.press("enter")  # the first format: json
        await settle(pilot)
        out = db.with_suffix(".json")
        assert out.exists() and "contradicted" in out.read_text()
        assert any(str(out) in n.message for n in app._notifications)


@run_async
async def test_timeline_jumps_to_claim(db: Path) -> None:
    ids = claim_ids(db)
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "0/7" in str(screen(app).claims.border_title)
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("j", "j", "enter")
        await settle(pilot)
        assert screen(app).claim_id in (ids["never"], ids["capacity"])
        assert "0/7" in str(screen(app).claims.border_title)  # the counts stay after the jump


@run_async
async def test_help_overlay_and_command_palette(db: Path) -> None:
    from workbench.tui.screens.help import HelpScreen

    app = ReviewApp(db, "me", {"keys": {"review.note": "N"}})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert ("N", "review.note", "Edit the claim's note (escape saves)") in app.screen.rows
        await pilot.press("escape")
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Export markdown" in titles and "Filter: contradicted" in titles
        assert "Timeline" in titles


@run_async
async def test_notices_show_outlet_and_paths_as_text(tmp_path: Path) -> None:
    """An outlet or a folder name with [brackets] is shown as typed, never read as markup (it crashed)."""
    import sqlite3

    folder = tmp_path / "desk[b]"
    folder.mkdir()
    db = build(folder / "review.db")
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE articles SET outlet = 'NBC [/]' WHERE stem = 'nbc_b'")
    ids = claim_ids(db)
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("o", "s")
        await settle(pilot)
        assert [o.stem for o in detail(db, ids["comms"]).occurrences] == ["npr_a", "wapo_c"]
        await pilot.press("E")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.pause(0.2)
        await settle(pilot)
        shown = [n.message for n in app._notifications]
        assert any("the occurrence in NBC [/] off" in m for m in shown), shown
        assert any(str(folder) in m for m in shown), shown
        for toast in app.screen.query("Toast"):
            toast.render()  # what the screen draws: markup would be parsed (and raise) here


@run_async
async def test_a_stale_highlight_does_not_point_a_verdict_burst_back_at_the_claim_just_judged(db: Path) -> None:
    """In a fast burst of verdict keys on a large file, the cursor's Highlighted message for a
    claim could be handled after the next verdict had already moved the cursor on: the screen
    (and the next key's verdict) went back to the claim just judged, which was judged twice
    and the next one skipped (90 keys judged 78 claims). A stale message is now ignored."""
    from workbench.tui.widgets.claims_list import ClaimsList

    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        s = screen(app)
        first = s.claims.current
        await pilot.press("j", "j")
        await settle(pilot)
        third = s.claim_id
        assert third != first.id
        s.claims.post_message(ClaimsList.Highlighted(s.claims, 0, first))  # handled late
        await settle(pilot)
        assert s.claim_id == third
        await pilot.press("x")
        await settle(pilot)
    assert detail(db, third).claim.verdict == "contradicted"
    assert detail(db, first.id).claim.verdict is None


@run_async
async def test_timeline_of_a_large_review_shows_the_statements_around_this_one(
        db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The timeline built an option for each of the first 5,000 statements on the event loop
    (~1 s at 10,000 articles, the screen frozen meanwhile, and statements after the 5,000th
    never shown). It shows a window around the current statement and says so."""
    from textual.widgets import OptionList

    from workbench.tui.screens import review_tools

    monkeypatch.setattr(review_tools, "TIMELINE_WINDOW", 3)
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "j", "j")
        await settle(pilot)
        current = screen(app).claim_id
        await pilot.press("t")
        await settle(pilot)
        timeline = app.screen
        ids = [o.id for o in timeline.query_one(OptionList).options if o.id and o.id.startswith("claim:")]
        assert len(ids) == 3 and f"claim:{current}" == ids[1]
        assert timeline.query_one("#dialog").border_subtitle == "statements 4–6 of 7, around this one"
        assert timeline.query_one(OptionList).highlighted_option.id == f"claim:{current}"
        await pilot.press("escape")
        await settle(pilot)
        screen(app).set_filter("contradicted")  # shows no claim: there is no current one
        await settle(pilot)
        assert screen(app).claim_id is None
        await pilot.press("t")
        await settle(pilot)
        assert app.screen.query_one("#dialog").border_subtitle == "statements 1–3 of 7"


@run_async
async def test_a_key_typed_while_the_file_opens_then_back_to_the_first_claim_shows_its_details(
        db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With stale cursor messages ignored, the opening's claim, left by a key typed while the
    file opened, kept its "already shown" mark: coming back to it did not load its details, and
    the verdict pane showed another claim than the one the keys judged (review of a7d2677)."""
    from workbench.tui.screens.review import ReviewScreen

    original = ReviewScreen._open_with

    def open_then_key_already_queued(self: ReviewScreen, opening: object) -> None:
        original(self, opening)  # type: ignore[arg-type]
        self.claims.call_later(self.claims.action_cursor_down)  # the j binding, run by the list next

    monkeypatch.setattr(ReviewScreen, "_open_with", open_then_key_already_queued)
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        s = screen(app)
        await pilot.press("k")  # back to the first claim
        await settle(pilot)
        assert s.claim_id == s.claims.current.id
        assert s.detail.claim.id == s.claim_id


@run_async
async def test_t_and_the_cli_timeline_put_undated_statements_in_the_same_place(tmp_path: Path) -> None:
    """The CLI put an undated statement where first reported ("by 2017-03-02"); the claims list
    and `t` put every undated one after all dated ones, under "Undated"."""
    from click.testing import CliRunner

    from workbench.cli import main
    from workbench.export.json_doc import build_document
    from workbench.export.timeline import timeline
    from workbench.tui.screens.timeline import TimelineScreen

    db = tmp_path / "story.db"
    story = Path(__file__).resolve().parent.parent / "fixtures" / "story.yaml"
    assert CliRunner().invoke(main, ["import", str(db), str(story)]).exit_code == 0
    with Store(db, readonly=True) as store:
        cli = timeline(build_document(store))
        listed = [r.id for r in store.claims_page("all", None, 0, 100)]
    undated = next(e for e in cli if not e["said_on"])
    assert cli.index(undated) < len(cli) - 1 and cli[-1]["said_on"] is None  # among the dated ones
    assert listed == [e["id"] for e in cli]
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TimelineScreen)
        assert [r["id"] for r in app.screen.rows] == listed
        options = [str(o.prompt) for o in app.screen.query_one("#timeline").options]
        heading = options.index(f"{'March 2017'}")
        line = next(o for o in options if undated["text"][:30] in o)
        assert line.split()[1:4] == ["by", "Mar", "2"]
        assert heading < options.index(line) and "Undated" not in options[:options.index(line)]


def _typed(app: ReviewApp, *keys: str) -> None:
    """Keys arriving together (typed fast, pasted, or over a slow link), as tmux's send-keys
    gives them: each posted before any is handled (Pilot's press waits between keys)."""
    from textual import events

    for key in keys:
        app.post_message(events.Key(key, "\x1a" if key == "ctrl+z" else key))


def _verdicts(db: Path) -> dict[int, str | None]:
    with Store(db, readonly=True) as s:
        return {r.id: r.verdict for r in s.claims_page("all", None, 0, 100)}


@pytest.mark.parametrize("filt", ["all", "unreviewed"])
@run_async
async def test_keys_typed_together_judge_the_claims_the_cursor_reaches(
        db: Path, filt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """"j c" judged the claim j left (c acted before j's cursor message reached the screen), and
    "c j c" the wrong second claim; in the unreviewed list, j moved in the list c was leaving.
    Writes are slowed (as on a large file) so that keys arrive while one is under way."""
    slowed(monkeypatch, Store, "set_verdict", 0.05)
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        s = screen(app)
        if filt == "unreviewed":
            await pilot.press("f")
            await settle(pilot)
            assert s.claims.filter == "unreviewed"
        order = [r.id for r in Store(db, readonly=True).claims_page("all", None, 0, 100)]
        _typed(app, "j", "c")
        await settle(pilot)
        assert [claim for claim, v in _verdicts(db).items() if v] == [order[1]]
        assert s.claim_id == order[2]
        # order[2] judged, the cursor on order[3]; j: order[4] judged; u: order[5]
        _typed(app, "c", "j", "c", "u")
        await pilot.pause(0.02)
        assert len(s._held) == 3  # j, c and u wait for the first c's write
        await settle(pilot)
        judged = [order[1], order[2], order[4], order[5]]
        assert [claim for claim in order if _verdicts(db)[claim]] == judged
        _typed(app, "x", "ctrl+z")  # ctrl+z right after: undoes that verdict, not an earlier one
        await settle(pilot)
    verdicts = _verdicts(db)
    assert [claim for claim in order if verdicts[claim]] == judged


@run_async
async def test_evidence_keys_right_after_a_move_link_to_the_claim_moved_to(db: Path) -> None:
    """For a moment after j the panes still show the claim left (its article, sentence cursor
    and suggestions): "j 1" linked that claim's suggestion to the claim moved to, then (fixed
    by acting on the shown claim) to the claim left. It now waits for the panes to show the
    claim moved to, and links that claim's own suggestion 1 to it."""
    from workbench.tui.screens.stance import StancePicker

    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        s = screen(app)
        while not s.suggestions:  # a claim with a suggested passage, not the last
            await pilot.press("j")
            await settle(pilot)
        assert s.claims.cursor < s.claims.count - 1
        left = s.detail.claim.id  # type: ignore[union-attr]
        moved_to = s.claims.row(s.claims.cursor + 1).id  # type: ignore[union-attr]
        _typed(app, "j", "1")
        await settle(pilot)
        assert s.detail.claim.id == moved_to  # type: ignore[union-attr]
        assert s.suggestions, "the test needs a claim with suggestions after one with them"
        hit = s.suggestions[0]
        assert isinstance(app.screen, StancePicker)
        await pilot.press("x")
        await settle(pilot)
        linked = detail(db, moved_to).evidence
        assert [(e.article_id, e.start, e.end) for e in linked] == [(hit.article_id, hit.start, hit.end)]
        assert not detail(db, left).evidence


@run_async
async def test_a_quit_typed_after_held_keys_makes_them_first(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """q right after "c j c" on a slow write quit with only the first verdict saved."""
    slowed(monkeypatch, Store, "set_verdict", 0.05)
    order = [r.id for r in Store(db, readonly=True).claims_page("all", None, 0, 100)]
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        _typed(app, "c", "j", "c", "q")
        for _ in range(100):
            await pilot.pause(0.05)
            if not app.is_running:
                break
    assert not app.is_running
    verdicts = _verdicts(db)
    assert [claim for claim in order if verdicts[claim]] == [order[0], order[2]]


@run_async
async def test_a_verdict_typed_right_after_enter_in_the_articles_pane_judges_that_articles_claim(
        db: Path) -> None:
    """enter narrowed the list only once its message was handled: a verdict key typed right
    after it judged the claim under the cursor before, which the narrowed list then hid."""
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        s = screen(app)
        await pilot.press("j")  # every article's first claim is the list's first
        await settle(pilot)
        before = s.claim_id
        s.articles.focus()
        with Store(db, readonly=True) as store:
            article = next(a for a in store.articles_page()
                           if before not in [r.id for r in store.claims_page("all", a.id, 0, 100)])
            own = {r.id for r in store.claims_page("all", article.id, 0, 100)}
        while s.articles.current.id != article.id:  # type: ignore[union-attr]
            await pilot.press("j")
            await settle(pilot)
        _typed(app, "enter", "x")
        await settle(pilot)
    judged = {claim for claim, verdict in _verdicts(db).items() if verdict}
    assert len(judged) == 1 and judged <= own and before not in judged, (judged, own, before)


@run_async
async def test_a_jump_with_the_counts_refreshed_at_once_still_lands_and_lets_keys_go(db: Path) -> None:
    """The counts' worker, exclusive in the readers' group, cancelled a jump's reader before it
    ran: the jump never landed and every key after it was held for good."""
    order = [r.id for r in Store(db, readonly=True).claims_page("all", None, 0, 100)]
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        s = screen(app)
        s.jump_to_claim(order[3])
        s.refresh_progress()
        _typed(app, "x")
        await settle(pilot)
        assert not s.jumping and not s._held
    assert _verdicts(db)[order[3]] == "contradicted"


@run_async
async def test_a_hang_up_saves_the_keys_held_before_it(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SIGHUP waited only for writes: a verdict held behind a reload of the list (a filter key
    just before it) was never made."""
    import threading
    import time

    from workbench.tui.screens import review_quit
    from workbench.tui.widgets.claims_list import ClaimsList

    ended = threading.Event()
    monkeypatch.setattr(review_quit.os, "_exit", lambda code: ended.set())
    count = ClaimsList.fetch_count

    def slow(self: ClaimsList) -> int:
        time.sleep(0.3)
        return count(self)

    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        monkeypatch.setattr(ClaimsList, "fetch_count", slow)
        _typed(app, "f", "c")
        await pilot.pause(0.05)
        assert screen(app)._held
        screen(app).hang_up()
        for _ in range(100):
            await pilot.pause(0.05)
            if ended.is_set():
                break
        assert ended.is_set()
    assert "consistent" in _verdicts(db).values()


@run_async
async def test_e_on_the_claims_own_statement_links_nothing_and_says_why(db: Path) -> None:
    """"e s" right after reaching a claim: the sentence cursor is on its own quotation, which
    was linked as evidence that it supports itself."""
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        claim = screen(app).claim_id
        count = screen(app).claims.count
        for key in ("e", "s"):  # typed together: s was its stance, not a split (found by review)
            app.post_message(events.Key(key, key))
        await settle(pilot)
        assert screen(app) is app.screen  # no stance dialog
        assert any("claim's own statement" in n.message and "the key typed after it was not used" in n.message
                   for n in app._notifications)
        assert screen(app).claims.count == count
    with Store(db, readonly=True) as store:
        assert store.claim(claim).evidence == []  # type: ignore[union-attr]
