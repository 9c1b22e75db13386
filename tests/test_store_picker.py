"""The merge picker's search (Store.claims_matching and ClaimPicker) on every claim of a file.

The picker asks the store on each change of the words; these hold it to an
answer for the words on screen, whatever the words (case, non-ASCII letters,
a long paste).
"""
from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from textual.widgets import Input
from tui_data import SIZE, run_async, screen, settle

from workbench.store import NewClaim, NewOccurrence, PreparedArticle, Store
from workbench.tui.app import ReviewApp


def detail(db: Path, claim_id: int):  # type: ignore[no-untyped-def]
    with Store(db, readonly=True) as store:
        return store.claim(claim_id)  # type: ignore[attr-defined]


@run_async
async def test_enter_right_after_typing_merges_into_the_claim_typed(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The list shows the answer to the previous words until the new one arrives; enter picked
    from that list, merging into another claim than the one typed (review of eccd68c). Enter
    now waits for the answer."""
    real = Store.claims_matching

    def slowish(self, words, exclude_id=None, limit=200):  # ~the 50 ms of the 10,000-article file, x4
        if words:
            time.sleep(0.2)
        return real(self, words, exclude_id, limit)

    monkeypatch.setattr(Store, "claims_matching", slowish)
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j")  # "never met"
        await settle(pilot)
        source = screen(app).claim_id
        await pilot.press("m")
        await settle(pilot)
        await pilot.press(*"recused", "enter")  # a reviewer who knows the words and hits enter
        await settle(pilot)
        target = screen(app).claim_id
    assert target != source
    assert "recused" in detail(db, target).claim.text


def _store_with(tmp_path: Path, texts: list[str]) -> Store:
    s = Store(tmp_path / "t.db")
    s.set_story("Story", "Jeff Sessions", ["Sessions"])
    spans, occs, drafts, pos = [], [], {}, 0
    for i, text in enumerate(texts):
        spans.append((pos, pos + len(text)))
        occs.append(NewOccurrence(f"k{i}", pos, pos + len(text), text, "indirect"))
        drafts[f"k{i}"] = NewClaim(text, "Jeff Sessions", said_on="2017-03-02")
        pos += len(text) + 1
    meta = {"source": "a.txt", "stem": "a", "sha256": "x9", "title": "T", "outlet": "NPR",
            "url": None, "published": "2017-03-02", "byline": None, "body": " ".join(texts)}
    s.add_articles([PreparedArticle(meta, spans, occs)], drafts, {})
    return s


@pytest.mark.parametrize("typed", ["Élysée", "élysée", "ÉLYSÉE", "Straße", "Müller", "MÜLLER", "elysee", "muller"])
def test_words_as_the_picker_sends_them_find_non_ascii_claims(tmp_path: Path, typed: str) -> None:
    """SQLite's LIKE folds ASCII letters only: "élysée" did not find "Élysée" (review of eccd68c)."""
    s = _store_with(tmp_path, ["He met Macron at the Élysée.", "He spoke to Straße officials.",
                               "He called Müller twice."])
    words = typed.casefold().split()  # ClaimPicker._typed()
    count, _rows = s.claims_matching(words)
    s.close()
    assert count == 1, f"{typed!r} -> {words} found {count}"


def test_a_long_paste_is_no_sql_error(tmp_path: Path) -> None:
    """998 words passed SQLite's expression-tree limit; a 50,001-character word its LIKE limit."""
    s = _store_with(tmp_path, ["He met the ambassador."])
    for n in (500, 1000, 1001, 5000):
        assert s.claims_matching(["the"] * n)[0] == 1
    assert s.claims_matching(["x" * 50_001]) == (0, [])
    s.close()


@run_async
async def test_a_long_paste_in_the_picker_does_not_end_the_app(db: Path) -> None:
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        app.screen.query_one(Input).value = "the " * 1001  # a pasted paragraph
        await settle(pilot)
        assert app.is_running


def test_the_claim_with_the_words_as_typed_comes_first(tmp_path: Path) -> None:
    """Typing a claim's wording listed first whichever claim holding those words came first in
    the list ("… and I did not have communications with the Russians." before "I did not have
    communications with the Russians."), and enter merged into it."""
    s = _store_with(tmp_path, ["I was a surrogate and I did not have any communications with the Russians.",
                               "Communications: I did not have them with the Russians.",
                               "I did not have communications with the Russians."])
    count, rows = s.claims_matching("did not have communications".split())
    assert count == 3 and [r.text[:8] for r in rows] == ["I did no", "I was a ", "Communic"]
    s.close()


def damage_a_claim(db: Path) -> int:
    """Make one claim's text bytes that are not UTF-8 (as a damaged file has them)."""
    import sqlite3

    with sqlite3.connect(db) as conn:
        cid = conn.execute("SELECT MAX(id) FROM claims WHERE merged_into IS NULL").fetchone()[0]
        conn.execute("UPDATE claims SET text = CAST(? AS TEXT) WHERE id = ?", [b"He said \xff\xfe nothing", cid])
    conn.close()
    return int(cid)


def test_one_damaged_claim_text_does_not_fail_every_search(tmp_path: Path) -> None:
    """Python's sqlite3 cannot pass text that is not UTF-8 to a function: one damaged claim made
    every search fail (LIKE had worked), and the picker could not find anything on that file."""
    from tui_data import build

    db = build(tmp_path / "r.db")
    damage_a_claim(db)
    for readonly in (False, True):
        with Store(db, readonly=readonly) as s:
            count, _rows = s.claims_matching(["russians"])
            assert count >= 1
            assert s.claims_matching(["nothing"])[0] == 1  # the damaged one is found too


def _gated(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Searches for words wait until the returned event is set (no answer comes early, however
    slow the machine: a sleep made these tests depend on its speed)."""
    release = threading.Event()
    real = Store.claims_matching

    def gated(self: Store, words: list[str], exclude_id: int | None = None, limit: int = 200):  # type: ignore[no-untyped-def]
        if words:
            release.wait(10)
        return real(self, words, exclude_id, limit)

    monkeypatch.setattr(Store, "claims_matching", gated)
    return release


async def _picker_on_second_claim(pilot: object) -> None:
    """Once the screen is up: the second claim, and the merge picker open on it."""
    await settle(pilot)
    for key in ("j", "m"):
        await pilot.press(key)  # type: ignore[attr-defined]
        await settle(pilot)


@run_async
async def test_down_then_enter_right_after_typing_waits_for_the_words_typed(
        db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Enter in the list (after `down`) picked from the list for the previous words."""
    release = _gated(monkeypatch)
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await _picker_on_second_claim(pilot)
        await pilot.press(*"recused", "down", "enter")
        release.set()
        await settle(pilot)
        target = screen(app).claim_id
    assert "recused" in detail(db, target).claim.text


@run_async
async def test_an_enter_before_the_answer_picks_for_the_words_typed_before_it(
        db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An enter pressed while an answer was pending stayed armed across further typing: the
    first answer to the words typed after it was merged into, with no enter for it. Keys are
    handled in the order typed (workbench.tui.key_order): the enter picks from the answer to
    "russians", and what is typed after it waits for that pick and goes where it leads (the
    review screen: here `j`, the next claim), never into the box."""
    release = _gated(monkeypatch)
    app = ReviewApp(db, "me", {})
    async with app.run_test(size=SIZE) as pilot:
        await _picker_on_second_claim(pilot)
        source = screen(app).claim_id
        await pilot.press(*"russians", "enter")
        await pilot.press("j")  # typed on before the answer came
        release.set()
        await settle(pilot)
        assert type(app.screen).__name__ == "ReviewScreen"
    with sqlite3.connect(db) as conn:
        (into,) = conn.execute("SELECT merged_into FROM claims WHERE id = ?", [source]).fetchone()
    conn.close()
    assert into is not None and "russians" in detail(db, into).claim.text.lower()


def test_claims_keep_their_folded_text_and_rows_from_other_tools_are_still_found(tmp_path: Path) -> None:
    """The picker matches stored folded texts (it folded every text at every search: ~100 ms
    at 30,000 claims); import, split and JSON restore store them, and a claim another tool
    adds or rewords (no folded text, or a stale one) is folded when searched."""
    import json
    import sqlite3

    from click.testing import CliRunner
    from tui_data import build

    from workbench.cli import main

    db = build(tmp_path / "r.db")
    with Store(db) as s:
        details = [s.claim(r.id) for r in s.claims_page("all", None, 0, 100)]
        several = next(d for d in details if d is not None and len(d.occurrences) > 1)
        s.split_occurrence(several.occurrences[-1].id, "me")
    doc = tmp_path / "r.json"
    assert CliRunner().invoke(main, ["export", str(db), "--format", "json", "-o", str(doc)]).exit_code == 0
    assert json.loads(doc.read_text())["claims"] and "folded" not in json.loads(doc.read_text())["claims"][0]
    restored = tmp_path / "restored.db"
    assert CliRunner().invoke(main, ["import", str(restored), str(doc)]).exit_code == 0
    for path in (db, restored):
        with sqlite3.connect(path) as conn:
            assert conn.execute("SELECT COUNT(*) FROM claims WHERE folded IS NULL").fetchone()[0] == 0
        conn.close()
    with sqlite3.connect(db) as conn:  # another tool: a new claim, and a claim reworded
        conn.execute("INSERT INTO claims(text, speaker, origin, sort_key, created_at)"
                     " VALUES ('Élysée Zebra', 'X', 'manual', '~~', '')")
        first = conn.execute("SELECT MIN(id) FROM claims").fetchone()[0]
        conn.execute("UPDATE claims SET text = 'Quokka Straße' WHERE id = ?", [first])
    conn.close()
    with Store(db, readonly=True) as s:
        assert s.claims_matching(["elysee", "zebra"])[0] == 1
        assert s.claims_matching(["quokka", "strasse"])[0] == 1
