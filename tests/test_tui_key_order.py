"""Keys typed together reach the screen that is current when each is handled (workbench.tui.key_order).

Textual gave every key to the screen of the moment it read it: "j enter c" in
the timeline lost the c to the closing dialog, "t j enter" went to the review
screen (the timeline opens once its rows are read), and "n" followed quickly by
a note's letters judged the claim with its c. tmux's send-keys, a paste or a
slow SSH link delivers keys exactly like this.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input
from tui_data import SIZE, run_async, screen, settle, slowed

from workbench.store import Store
from workbench.tui import key_order
from workbench.tui.app import ReviewApp
from workbench.tui.screens import review_dialog_keys
from workbench.tui.screens.review import ReviewScreen
from workbench.tui.screens.timeline import TimelineScreen


def _typed(app: ReviewApp, *keys: str) -> None:
    """Keys arriving together: each posted before any is handled."""
    for key in keys:
        app.post_message(events.Key(key, " " if key == "space" else key if len(key) == 1 else None))


def _verdicts(db: Path) -> dict[int, str | None]:
    with Store(db, readonly=True) as s:
        return {r.id: r.verdict for r in s.claims_page("all", None, 0, 100)}


@pytest.mark.parametrize("opened_first", [True, False])
@run_async
async def test_keys_typed_through_the_timeline_judge_the_claim_it_jumps_to(db: Path, opened_first: bool) -> None:
    """"t j enter c": the timeline's second statement is judged, once, and the timeline is closed."""
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        s = screen(app)
        first = s.claim_id
        if opened_first:
            await pilot.press("t")
            await settle(pilot)
            assert isinstance(app.screen, TimelineScreen)
            _typed(app, "j", "enter", "c")
        else:
            _typed(app, "t", "j", "enter", "c")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
    order = list(_verdicts(db))
    second = order[order.index(first) + 1]  # the timeline is in the claims list's order
    assert {k: v for k, v in _verdicts(db).items() if v} == {second: "consistent"}


@run_async
async def test_a_search_typed_after_the_slash_keeps_every_letter(db: Path) -> None:
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        _typed(app, "slash", *"cxu")  # verdict keys on the review screen, letters in the box
        await settle(pilot)
        assert app.screen.query_one("#query", Input).value == "cxu"
    assert not any(_verdicts(db).values())


@run_async
async def test_a_note_typed_after_n_is_the_note_and_judges_nothing(db: Path) -> None:
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        claim = screen(app).claim_id
        _typed(app, "n", *"checked", "escape")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
    with Store(db, readonly=True) as s:
        mine = s.claim(claim).verdict_of("me")  # type: ignore[union-attr]
    assert mine is not None and mine.note == "checked" and mine.label is None
    assert not any(_verdicts(db).values())


@run_async
async def test_keys_after_escape_act_on_the_review_screen_without_waiting(
        db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A dialog closed by a key: the next keys go to the review screen at once (no lost-marker wait).

    No clock: a marker lost would now hold the keys for a minute, so they would still be
    waiting when the test looks (a limit in seconds failed on a loaded CI machine)."""
    monkeypatch.setattr(key_order, "LOST_AFTER", 60.0)
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = screen(app).claim_id
        _typed(app, "t", "escape", "c", "question_mark", "escape", "x")
        await settle(pilot)
        assert not app.keys_waiting
        assert isinstance(app.screen, ReviewScreen)
    got = _verdicts(db)
    order = list(got)
    assert got[first] == "consistent" and got[order[order.index(first) + 1]] == "contradicted"


@pytest.mark.parametrize("fails", [False, True])
@run_async
async def test_a_verdict_typed_after_end_waits_for_the_last_rows_page(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fails: bool) -> None:
    """"end c" on a review larger than a page: the c is for the last claim, whose row is still
    being read; it was refused ("still loading"). A page that cannot be read holds nothing for good."""
    import time

    from test_tui_scale import big_db

    from workbench.tui.widgets.claims_list import ClaimsList

    db = big_db(tmp_path / "big.db", 60)  # 600 claims: three pages
    read = ClaimsList.fetch_page

    def slow(self: ClaimsList, offset: int, limit: int) -> list:  # type: ignore[type-arg]
        if offset:
            time.sleep(0.2)
            if fails:
                raise OSError("disk I/O error")
        return read(self, offset, limit)

    monkeypatch.setattr(ClaimsList, "fetch_page", slow)
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = screen(app).claim_id
        _typed(app, "end", "c", "home", "x")
        await settle(pilot)
    got = {k: v for k, v in _verdicts_all(db).items() if v}
    last = max(_verdicts_all(db))
    if fails:
        assert got == {first: "contradicted"}  # the c was refused (its row never came); home x still made
    else:
        assert got == {last: "consistent", first: "contradicted"}


def _verdicts_all(db: Path) -> dict[int, str | None]:
    with Store(db, readonly=True) as s:
        return {r.id: r.verdict for r in s.claims_page("all", None, 0, 10_000)}


@run_async
async def test_a_page_shorter_than_the_count_holds_no_key_and_q_still_quits(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The last page came five rows short (claims merged away in another window meanwhile, or a
    damaged file): the cursor's row never loads, and every key after "end c" was held for good,
    q included."""
    from test_tui_scale import big_db

    from workbench.tui.widgets.claims_list import ClaimsList

    db = big_db(tmp_path / "big.db", 60)
    read = ClaimsList.fetch_page
    monkeypatch.setattr(ClaimsList, "fetch_page",
                        lambda self, offset, limit: read(self, offset, limit)[:-5] if offset else read(self, offset, limit))
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        s = screen(app)
        _typed(app, "end", "c", "home", "x")
        await settle(pilot)
        assert not s._held
        await pilot.press("q")
        await settle(pilot)
        assert not app.is_running
    first = min(_verdicts_all(db))
    assert {k: v for k, v in _verdicts_all(db).items() if v} == {first: "contradicted"}


@run_async
async def test_a_paste_keeps_its_place_among_the_keys_typed(db: Path) -> None:
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        _typed(app, *"sess")
        app.post_message(events.Paste("ions"))
        _typed(app, "space", *"said")
        await settle(pilot)
        assert app.screen.query_one("#query", Input).value == "sessions said"


@pytest.mark.parametrize("dialog", ["search", "merge"])
@run_async
async def test_keys_after_an_enter_that_waits_for_results_go_where_the_pick_leads(db: Path, dialog: str) -> None:
    """enter typed before the dialog's results came (a search, the merge picker's claims) picks
    once they come; the keys after it were typed into the box ("recusedc")."""
    from workbench.tui.screens.picker import ClaimPicker
    from workbench.tui.screens.search import SearchScreen

    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        claim = screen(app).claim_id
        await pilot.press("slash" if dialog == "search" else "m")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen if dialog == "search" else ClaimPicker)
        words = "never met" if dialog == "search" else "recused myself"
        _typed(app, *["space" if ch == " " else ch for ch in words], "enter", "u")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)  # picked
    got = {k: v for k, v in _verdicts(db).items() if v}
    if dialog == "merge":  # the claim was merged into the "recused" one, which u then marked
        assert list(got.values()) == ["unresolved"] and claim not in got
    else:
        assert list(got.values()) == ["unresolved"]


@pytest.mark.parametrize("first", ["j", "c"])
@run_async
async def test_a_note_typed_right_after_a_move_or_verdict_is_the_next_claims(db: Path, first: str) -> None:
    """"j n ok" and "c n ok": the panes still showed the claim left, and n opened its note ("ok"
    was written on claim 1). n now waits for the panes to show the claim the cursor reached."""
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        s = screen(app)
        order = [s.claims.row(i).id for i in range(s.claims.count)]  # type: ignore[union-attr]
        _typed(app, first, "n", "o", "k", "escape")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
    with Store(db, readonly=True) as store:
        notes = {c: v.note for c in order for v in store.claim(c).verdicts if v.note}  # type: ignore[union-attr]
    assert notes == {order[1]: "ok"}
    assert _verdicts(db)[order[0]] == ("consistent" if first == "c" else None)


def _claim_unreadable(monkeypatch: pytest.MonkeyPatch, claim_id: int) -> None:
    """Reading ``claim_id``'s details fails from now on (a damaged file)."""
    import workbench.tui.screens.review as review_module

    read = review_module.read_claim

    def failing(store, wanted, *args):  # type: ignore[no-untyped-def]
        if wanted == claim_id:
            raise OSError("disk I/O error")
        return read(store, wanted, *args)

    monkeypatch.setattr(review_module, "read_claim", failing)


@run_async
async def test_a_dialog_key_whose_claim_never_loads_gives_up_and_drops_the_keys_for_it(
        db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        s = screen(app)
        _claim_unreadable(monkeypatch, s.claims.row(1).id)  # type: ignore[union-attr]
        _typed(app, "j", "n", "k")
        await pilot.pause(3.0)
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen) and not app.keys_waiting
        # the k was typed for the note that never opened: dropped (and said), not made on the list
        assert s._dialog_pending is None and s.claims.cursor == 1
        await pilot.press("k")  # the keys work again
        await settle(pilot)
        assert s.claims.cursor == 0


@run_async
async def test_a_note_typed_while_a_locked_file_delays_the_verdict_is_not_made_as_commands(
        db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """"c n checked escape" while another program held the file for 3.5 s: the wait gave up
    at 2.5 s and "checked" ran as commands (the c marked the next claim, e linked evidence).
    The wait lasts as long as the write it waits for; the note then opens on the next claim."""
    slowed(monkeypatch, Store, "set_verdict", 3.5)
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        s = screen(app)
        order = [s.claims.row(i).id for i in range(s.claims.count)]  # type: ignore[union-attr]
        _typed(app, "c", "n", *"checked", "escape")
        for _ in range(120):
            await pilot.pause(0.05)
            if not app.keys_waiting and not s.writing:
                break
        await settle(pilot)
    with Store(db, readonly=True) as store:
        notes = {c: v.note for c in order for v in store.claim(c).verdicts if v.note}  # type: ignore[union-attr]
        evidence = [e for c in order for e in store.claim(c).evidence]  # type: ignore[union-attr]
    assert notes == {order[1]: "checked"} and not evidence
    assert {k: v for k, v in _verdicts(db).items() if v} == {order[0]: "consistent"}


@run_async
async def test_a_note_key_on_a_list_emptied_by_the_keys_before_drops_the_keys_for_it(
        db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """"f f n ok": the filter moved to an empty list; n waited 2.5 s for a claim, then "ok"
    ran as commands. It ends at once, says so, and the keys typed for the note are not used.

    No clock: the wait for a claim is a minute here, so a wait would leave the keys waiting."""
    monkeypatch.setattr(review_dialog_keys, "WAIT_AT_MOST", 60.0)
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        s = screen(app)
        _typed(app, "f", "f", "n", "o", "k")
        await settle(pilot)
        assert s.claims.count == 0 and not app.keys_waiting
    assert not any(_verdicts(db).values())


@run_async
async def test_a_quit_while_a_note_key_waits_opens_no_editor_over_it(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SIGTERM while "c n ok" waited for a slow verdict: the editor opened after the quit had
    begun, took the keys, and went with the app. The verdict is saved and no editor opens."""
    import time

    from workbench.tui.screens.note import NoteEditor

    set_verdict = Store.set_verdict
    opened: list[object] = []
    monkeypatch.setattr(Store, "set_verdict",
                        lambda self, *a, **k: (time.sleep(1.0), set_verdict(self, *a, **k))[1])  # type: ignore[arg-type]
    monkeypatch.setattr(NoteEditor, "on_mount", lambda self: opened.append(self))
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = screen(app).claim_id
        _typed(app, "c", "n", "o", "k")
        await pilot.pause(0.2)
        app.call_next(app.action_quit)  # what SIGTERM does
        for _ in range(100):
            await pilot.pause(0.05)
            if app.return_code is not None:
                break
        assert app.return_code == 0
    assert not opened
    assert _verdicts(db)[first] == "consistent"


@run_async
async def test_a_sentence_chosen_in_keys_typed_together_is_the_one_linked(db: Path, tmp_path: Path) -> None:
    """"j tab j e x": tab and the article pane's j moved the sentence cursor in the claim left's
    article; the e then waited for the next claim, whose article came with the cursor reset,
    and linked its own quotation. The sentence move now waits for that article too: the same
    sentence is linked as with a pause after each key."""
    import shutil

    paused = tmp_path / "paused.db"
    shutil.copy(db, paused)
    links = []
    for path, together in ((paused, False), (db, True)):
        app = ReviewApp(path, "me", {})
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            claim = screen(app).claims.row(1).id  # type: ignore[union-attr]
            keys = ("j", "tab", "j", "e", "x")
            if together:
                _typed(app, *keys)
            else:
                for key in keys:
                    await pilot.press(key)
                    await settle(pilot)
            await settle(pilot)
        with Store(path, readonly=True) as s:
            links.append([(e.article_id, e.start, e.end) for e in s.claim(claim).evidence])  # type: ignore[union-attr]
    assert links[0] and links[1] == links[0]


def _review_state(db: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """Every verdict and note, and every evidence link, of the review in ``db``."""
    with Store(db, readonly=True) as s:
        ids = [r.id for r in s.claims_page("all", None, 0, 10_000)]
        details = [s.claim(i) for i in ids]
    verdicts = sorted((d.claim.id, v.label, v.note) for d in details if d for v in d.verdicts)
    evidence = sorted((d.claim.id, e.article_id, e.start, e.end, e.stance) for d in details if d for e in d.evidence)
    return verdicts, evidence


@pytest.mark.parametrize("keys", [
    ("slash", *"intelligence officials", "enter", "e", "x"),  # a search hit's article, still coming
    ("slash", *"intelligence officials", "enter", "j", "e", "x"),
    ("o", "tab", "j", "e", "x"),  # the next occurrence's article
    ("o", "tab", "pagedown", "k", "e", "x"),  # (k: off the claim's own statement, which e refuses)
    ("shift+tab", "j", "tab", "tab", "j", "e", "x"),  # the articles pane's preview
    ("j", "shift+tab", "j", "tab", "tab", "j", "e", "x"),  # ... after the next claim's own article
    ("c", "c", "f", "f", "backspace", "n", "o", "k", "escape"),  # a clear that leaves the filter
    ("c", "f", "f", "backspace", "n", "o", "k", "escape"),  # ... and empties it
    ("c", "c", "f", "f", "j", "x"),  # a filter typed after verdicts changes the list after them
    ("j", "o", "tab", "j", "e", "x"),  # the next claim's next occurrence
    ("f", "f", "o", "f", "f", "f", "c"),  # o on an empty list drops nothing after it
], ids=lambda keys: "-".join(keys) if isinstance(keys, tuple) else str(keys))
@run_async
async def test_keys_typed_together_do_what_they_do_one_by_one(db: Path, tmp_path: Path, keys: tuple[str, ...]) -> None:
    """Found by review: an e right after a search pick, the next occurrence (o) or a preview
    linked the sentence of the article still shown, which the one asked for then replaced;
    after a clear in a verdict filter, n wrote on the claim that left the list."""
    import shutil

    paused = tmp_path / "paused.db"
    shutil.copy(db, paused)
    for path, together in ((paused, False), (db, True)):
        app = ReviewApp(path, "me", {})
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            if together:
                _typed(app, *keys)
            else:
                for key in keys:
                    app.post_message(events.Key(key, " " if key == "space" else key if len(key) == 1 else None))
                    await settle(pilot)
            await settle(pilot)
    one_by_one = _review_state(paused)
    assert one_by_one[0] or one_by_one[1] or keys[-1] == "escape"  # (the test does something)
    assert one_by_one[1] or "e" not in keys  # (an e links: a refused one would drop what follows)
    assert _review_state(db) == one_by_one


@run_async
async def test_a_note_key_on_a_row_that_cannot_be_read_writes_nowhere(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """"end n ok" with the last page five rows short: the cursor sat on an unread row and the
    note went to claim 1 (the claim the screen still named)."""
    from test_tui_scale import big_db

    from workbench.tui.widgets.claims_list import ClaimsList

    db = big_db(tmp_path / "big.db", 60)
    read = ClaimsList.fetch_page
    monkeypatch.setattr(ClaimsList, "fetch_page",
                        lambda self, offset, limit: read(self, offset, limit)[:-5] if offset else read(self, offset, limit))
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        _typed(app, "end", "n", "o", "k", "escape", "tab", "j", "e", "x")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen) and not app.keys_waiting
    assert _review_state(db) == ([], [])


@run_async
async def test_a_quit_typed_while_a_dialog_key_waits_in_vain_still_quits(
        db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        _claim_unreadable(monkeypatch, screen(app).claims.row(1).id)  # type: ignore[union-attr]
        _typed(app, "j", "n", "o", "ctrl+q")
        for _ in range(100):
            await pilot.pause(0.05)
            if app.return_code is not None:
                break
        assert app.return_code == 0  # quit, after the note key gave up (the o was for the note)


@run_async
async def test_a_search_hit_picked_after_a_verdict_is_what_e_links(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """"c / kislyak enter e x" typed together: the next claim's own article, read after the
    hit was shown (once the keys pause, or for e), replaced the hit, and e linked the claim's
    own quotation. A passage asked for after the cursor reached its claim stays in the pane."""
    from workbench.tui.screens import review as review_module

    monkeypatch.setattr(review_module, "DETAIL_DELAY", 3600.0)  # the claim's read comes last: for e
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = screen(app).claim_id
        _typed(app, "c", "slash", *"kislyak", "enter", "e", "x")
        await settle(pilot)
        s = screen(app)
        judged = s.claim_id
        assert judged != first and s.shown_article is not None
        shown = s.shown_article
        assert s.detail is not None and s.detail.claim.id == judged
    with Store(db, readonly=True) as store:
        detail = store.claim(judged)
        hit = store.search("kislyak", 1)[0]
        assert detail is not None
        links = [(e.article_id, e.start, e.stance) for e in detail.evidence]
        own = {(o.article_id, o.start) for o in detail.occurrences}
    assert shown.article.id == hit.article_id
    assert links == [(hit.article_id, hit.start, "contradicts")] and (hit.article_id, hit.start) not in own


@run_async
async def test_an_older_preview_read_coming_in_last_does_not_replace_the_newer(
        db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """"g j j j …" in the articles pane: each move reads its article in a thread; a slow read of
    an earlier row, coming in last, put that article under the highlight of a later one."""

    from workbench.tui.screens import review_text

    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        s = screen(app)
        ids = [s.articles.row(i).id for i in range(s.articles.count)]  # type: ignore[union-attr]
        assert len(ids) >= 2
        slow = ids[0]
        slowed(monkeypatch, review_text, "read_article", 0.4, lambda _store, article_id: article_id == slow)
        s._preview(slow)
        await pilot.pause(0.05)
        s._preview(ids[-1])
        await pilot.pause(0.6)
        await settle(pilot)
        assert s.shown_article is not None and s.shown_article.article.id == ids[-1]


@run_async
async def test_escape_and_a_letter_read_as_alt_letter_are_the_two_keys(db: Path) -> None:
    """A terminal's ESC followed within 0.1 s by "c" reads as alt+c: "n checked escape c" typed
    quickly typed the c into the note and judged nothing. The note is "checked", c judges."""
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        claim = screen(app).claim_id
        _typed(app, "n", *"checked")
        app.post_message(events.Key("alt+c", "c"))  # what the terminal reader makes of ESC c
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        with Store(db, readonly=True) as s:
            mine = s.claim(claim).verdict_of("me")  # type: ignore[union-attr]
    assert mine is not None and mine.note == "checked" and mine.label == "consistent"


@pytest.mark.parametrize("key", ["c", "ctrl+z", "j"])
@run_async
async def test_a_verdict_undo_or_move_after_a_preview_shows_the_claim_reached(db: Path, key: str) -> None:
    """The article pane's preview ("G" there), then "c" in the claims list: the cursor moved on
    but the text pane kept the preview (and e would have linked from it), for every verdict and
    undo after it; a preview asked for after the cursor moved still stays (see the search test)."""
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        s = screen(app)
        if key == "ctrl+z":
            await pilot.press("x")  # something to undo: back to the first claim
            await settle(pilot)
        s.articles.focus()
        await settle(pilot)
        await pilot.press("G")
        await settle(pilot)
        before = s.claim_id
        s.claims.focus()
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        assert s.claim_id != before and s.detail is not None and s.shown_article is not None
        assert s.shown_article.article.id == s.detail.occurrences[s.occurrence].article_id


def _links(db: Path) -> list[tuple[int, int, str]]:
    with Store(db, readonly=True) as s:
        return [(r.id, e.article_id, e.stance) for r in s.claims_page("all", None, 0, 100)
                for e in s.claim(r.id).evidence]  # type: ignore[union-attr]


@pytest.mark.parametrize("before", [("c",), ("c", "c"), ("c", "j")])
@run_async
async def test_a_search_hit_picked_while_a_verdict_is_slow_to_save_is_what_e_links(
        db: Path, monkeypatch: pytest.MonkeyPatch, before: tuple[str, ...]) -> None:
    """"c / critics enter e x" with the verdict's write slow (a locked file): its outcome, coming
    after the hit, put the claim's own article back, e was refused and x judged the claim. The
    claim is reached as of the c: the hit, asked for after it, stays."""
    slowed(monkeypatch, Store, "set_verdict", 0.5)
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        _typed(app, *before, "slash", *"critics", "enter", "e", "x")
        await settle(pilot)
        s = screen(app)
        judged = s.claim_id
    with Store(db, readonly=True) as store:
        hit = store.search("critics", 1)[0]
    # (a key held behind the slow write, "c c", reaches its claim as of when it was typed)
    assert _links(db) == [(judged, hit.article_id, "contradicts")]
    assert sum(1 for v in _verdicts(db).values() if v) == before.count("c")


@run_async
async def test_a_slow_preview_asked_before_a_verdict_does_not_cover_the_claim_reached(
        db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """G in the articles pane (its read slow), then c: the claim reached showed its article,
    then the late preview landed on it, and "tab j e s" linked from the previewed article."""

    from workbench.tui.screens import review_text

    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        s = screen(app)
        s.articles.focus()
        await settle(pilot)
        slowed(monkeypatch, review_text, "read_article", 0.4)
        await pilot.press("G")
        await pilot.pause(0.02)
        s.claims.focus()
        await pilot.press("c")
        await pilot.pause(0.6)
        await settle(pilot)
        assert s.detail is not None and s.shown_article is not None
        assert s.shown_article.article.id == s.detail.occurrences[s.occurrence].article_id


@run_async
async def test_a_move_in_the_articles_pane_previews_even_if_the_focus_leaves_at_once(db: Path) -> None:
    """"shift+tab j tab" typed together: the preview waited for the list's Highlighted message,
    which came after the tab had moved the focus away, so the text pane kept the claim's article
    (and e then linked from it). CI found it, 1 run in many."""
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        s = screen(app)
        s.articles.focus()
        await settle(pilot)
        s.articles.action_cursor_down()
        s.claims.focus()  # before the Highlighted message is handled
        await settle(pilot)
        row = s.articles.current
        assert row is not None and s.shown_article is not None
        assert s.shown_article.article.id == row.id


def test_keys_skip_only_widgets_that_cannot_act_on_them() -> None:
    """A key goes straight to the screen only past widgets with no key handler and no key_ method."""
    from textual import on
    from textual.containers import Horizontal
    from textual.widget import Widget
    from textual.widgets import TextArea

    from workbench.tui.widgets.claims_list import ClaimsList

    class Quick(Widget):
        def key_x(self) -> None:
            pass

    class Hidden(Widget):
        def _key_escape(self) -> None:
            pass

    class Decorated(Widget):
        @on(events.Key)
        def seen(self, event: events.Key) -> None:
            pass

    class Anything(Widget):
        @on(events.InputEvent)
        def seen(self, event: events.InputEvent) -> None:
            pass

    class Keys:  # a plain mixin: Textual calls its key_ methods all the same
        def key_x(self) -> None:
            pass

    class Mixed(Keys, Widget):
        pass

    class MixedAfter(Widget, Keys):
        pass

    assert key_order._passes_keys(ClaimsList) and key_order._passes_keys(Horizontal)
    for kind in (Input, TextArea, Quick, Hidden, Decorated, Anything, Mixed, MixedAfter):
        assert not key_order._passes_keys(kind), kind


@run_async
async def test_a_key_handler_between_the_list_and_the_screen_still_gets_the_key(tmp_path: Path,
                                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """With a widget that acts on keys in the way, keys bubble through it as Textual sends them."""
    from tui_data import build

    seen: list[str] = []
    monkeypatch.setattr(key_order, "_passes_keys", lambda kind: kind.__name__ != "ClaimsList")
    app = ReviewApp(build(tmp_path / "r.db"), "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        claims = screen(app).claims
        monkeypatch.setattr(type(claims), "on_key", lambda self, event: seen.append(event.key), raising=False)
        await pilot.press("j")
        await settle(pilot)
    assert seen == ["j"]
