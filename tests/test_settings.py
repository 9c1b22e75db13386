"""The settings file: a missing --settings file, and the `keys:` section (ids, short ids, clashes).

Every problem is one line naming the settings file (and the line), never a
traceback and never a silent no-op.
"""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import pytest
import test_hardening_cli as hardening
from tui_data import SIZE, build, claim_ids, run_async, screen, settle

from workbench import config
from workbench.config import ConfigError
from workbench.store import Store
from workbench.tui import keymap
from workbench.tui.app import ReviewApp


def load_settings(path: Path | None = None) -> dict:
    """Settings as the review command reads them: with its keys checked."""
    return config.load_settings(path, keymap.check_keymap)

invoke, one_line = hardening.invoke, hardening.one_line
no_tui = hardening.no_tui  # the fixture: `review` must not start the full-screen app


def settings_file(tmp_path: Path, keys: str, head: str = "reviewer: alice\n") -> Path:
    p = tmp_path / "settings.yaml"
    p.write_text(f"{head}keys:\n{keys}")
    return p


def error_of(p: Path) -> str:
    with pytest.raises(ConfigError) as err:
        load_settings(p)
    message = str(err.value)
    assert message.startswith(f"{p}: ") and "\n" not in message, message
    return message


# -- a --settings file that is not there (#2) ------------------------------------------------

def test_export_with_a_missing_settings_file_is_one_line(tmp_path: Path) -> None:
    db = build(tmp_path / "r.db")
    missing = tmp_path / "desk.yaml"
    out = tmp_path / "o.jsonld"
    result = invoke("export", db, "--format", "claimreview", "-o", out, "--settings", missing)
    assert one_line(result) == f"workbench: {missing}: settings file not found"
    assert not out.exists()


@pytest.mark.parametrize(("text", "missing"), [
    ("reviewer: bob\n", "organization.name"),
    ("organization:\n  name: Desk\n", "claimreview.base_url"),
])
def test_claimreview_without_its_settings_names_the_settings_file(tmp_path: Path, text: str,
                                                                   missing: str) -> None:
    db = build(tmp_path / "r.db")
    desk = tmp_path / "desk.yaml"
    desk.write_text(text)
    result = invoke("export", db, "--format", "claimreview", "--settings", desk)
    assert one_line(result) == (f"workbench: {desk}: cannot export claimreview: needs `{missing}`"
                                " in this settings file")


def test_claimreview_with_no_settings_file_names_where_it_looked(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    db = build(tmp_path / "r.db")
    usual = tmp_path / "config" / "settings.yaml"
    monkeypatch.setenv("WORKBENCH_SETTINGS", str(usual))
    result = invoke("export", db, "--format", "claimreview")
    assert one_line(result) == (f"workbench: {usual}: cannot export claimreview: needs `organization.name`"
                                " in a settings file, and there is none here (write one, or name one"
                                " with --settings)")


def test_review_with_a_missing_settings_file_is_one_line(tmp_path: Path, no_tui: list) -> None:
    db = build(tmp_path / "r.db")
    missing = tmp_path / "desk.yaml"
    result = invoke("review", db, "--settings", missing)
    assert one_line(result) == f"workbench: {missing}: settings file not found"
    assert not no_tui


def test_review_with_a_missing_settings_file_creates_no_database(tmp_path: Path, no_tui: list) -> None:
    missing = tmp_path / "desk.yaml"
    result = invoke("review", tmp_path / "new.db", "--settings", missing)
    assert "settings file not found" in one_line(result)
    assert not (tmp_path / "new.db").exists() and not no_tui


def test_the_default_settings_file_may_be_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_SETTINGS", str(tmp_path / "none.yaml"))
    assert load_settings()["reviewer"] is None
    monkeypatch.delenv("WORKBENCH_SETTINGS")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert load_settings()["keys"] == {}


def test_a_settings_folder_is_refused(tmp_path: Path) -> None:
    db = build(tmp_path / "r.db")
    result = invoke("export", db, "--format", "json", "--settings", tmp_path)
    assert one_line(result).startswith(f"workbench: {tmp_path}: ")


# -- keys: the README's short ids and the full ids (#3) ------------------------------------

def test_readme_example_short_id_works(tmp_path: Path) -> None:
    s = load_settings(settings_file(tmp_path, '  verdict_contradicted: "x,X"\n'))
    assert s["keys"] == {"review.verdict_contradicted": "x,X"}
    assert keymap.keymap_from_settings(s) == {"review.verdict_contradicted": "x,X"}


def test_full_binding_ids_work(tmp_path: Path) -> None:
    s = load_settings(settings_file(
        tmp_path, "  review.verdict_contradicted: X\n  app.quit: ctrl+q\n  stance.supports: y\n"
        "  search.cancel: ctrl+g\n"))
    assert s["keys"] == {"review.verdict_contradicted": "X", "app.quit": "ctrl+q",
                         "stance.supports": "y", "search.cancel": "ctrl+g"}


def test_key_lists_and_spacing_are_read(tmp_path: Path) -> None:
    s = load_settings(settings_file(tmp_path, "  note: [N, ctrl+n]\n  timeline: ' T , ctrl+t '\n"))
    assert s["keys"] == {"review.note": "N,ctrl+n", "review.timeline": "T,ctrl+t"}


def test_readme_settings_example_loads(tmp_path: Path) -> None:
    """The settings block in README.md is a working settings file."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Settings", 1)[1]
    block = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    p = tmp_path / "settings.yaml"
    p.write_text(block)
    s = load_settings(p)
    assert s["keys"] and all(i in keymap.binding_ids() for i in s["keys"])


@pytest.mark.parametrize(("keys", "needles"), [
    ("  verdict_contradictd: x\n", ["unknown key binding id 'verdict_contradictd'",
                                    "did you mean 'review.verdict_contradicted'?"]),
    ("  review.frobnicate: x\n", ["unknown key binding id 'review.frobnicate'", "?"]),
    ("  down: s\n", ["'down' is ambiguous", "list.down", "verdict.down"]),
    ("  verdict_contradicted: x\n  review.verdict_contradicted: X\n",
     ["line 4:", "'review.verdict_contradicted' is given twice", "also as 'verdict_contradicted'"]),
    ("  review.note:\n", ["review.note", "no key given"]),
    ("  review.note: {a: b}\n", ["review.note", "key names"]),
], ids=["typo", "unknown", "ambiguous", "twice", "empty", "mapping"])
def test_bad_keys_entry_is_one_line_naming_file_line_and_id(tmp_path: Path, keys: str, needles: list) -> None:
    message = error_of(settings_file(tmp_path, keys))
    assert ("line 4:" if "line 4:" in needles else "line 3:") in message, message
    for needle in needles:
        assert needle in message, message


def test_unknown_id_points_at_the_help_screen(tmp_path: Path) -> None:
    message = error_of(settings_file(tmp_path, "  frobnicate: x\n"))
    assert "press ? in the review screen" in message, message


def test_bad_keys_through_the_cli_is_one_line(tmp_path: Path, no_tui: list) -> None:
    db = build(tmp_path / "r.db")
    p = settings_file(tmp_path, "  review.note: c\n")
    line = one_line(invoke("review", db, "--settings", p))
    assert line.startswith(f"workbench: {p}: line 3: "), line
    assert "review.note" in line and "review.verdict_consistent" in line
    assert not no_tui
    # Keys are the review screen's: export has none to check (and never loads Textual for them).
    assert invoke("export", db, "--format", "json", "-o", tmp_path / "o.json", "--settings", p).exit_code == 0


# -- one key, two actions on one screen (#4) ------------------------------------------------

@pytest.mark.parametrize(("keys", "first", "second"), [
    ("  review.note: c\n", "review.note", "review.verdict_consistent"),
    ("  note: [n, c]\n", "review.note", "review.verdict_consistent"),
    ("  review.note: q\n", "review.note", "app.quit"),
    ("  review.search: '?'\n", "review.search", "app.help"),
    ("  review.filter: j\n", "review.filter", "list.down"),
    ("  review.filter: pagedown\n", "review.filter", "list.page_down"),
    ("  text.next_sentence: pageup\n", "text.next_sentence", "text.page_up"),
    ("  list.first: enter\n", "list.first", "articles.only"),
    ("  stance.supports: x\n", "stance.supports", "stance.contradicts"),
    ("  stance.context: g\n", "stance.context", "list.first"),
    ("  timeline.pick: j\n", "timeline.pick", "list.down"),
    ("  verdict_consistent: v\n  verdict_unresolved: v\n", "review.verdict_consistent",
     "review.verdict_unresolved"),
], ids=["consistent", "list", "quit", "help", "list_pane", "page", "text", "articles", "stance",
        "stance_list", "timeline_list", "two_remaps"])
def test_one_key_for_two_actions_is_an_error_naming_both(tmp_path: Path, keys: str, first: str,
                                                         second: str) -> None:
    message = error_of(settings_file(tmp_path, keys))
    assert first in message and second in message and "line 3" in message, message


@pytest.mark.parametrize(("keys", "key", "what"), [
    ("  review.note: ctrl+q\n", "ctrl+q", "quitting"),
    ("  review.search: 'x,ctrl+p'\n", "ctrl+p", "command palette"),
    ("  stance.supports: ctrl+q\n", "ctrl+q", "quitting"),
    ("  review.note: Ctrl+Q\n", "ctrl+q", "quitting"),
])
def test_a_key_textual_keeps_for_itself_is_refused(tmp_path: Path, keys: str, key: str, what: str) -> None:
    """ctrl+q and ctrl+p are Textual's priority keys: a binding moved onto one never fired."""
    message = error_of(settings_file(tmp_path, keys))
    assert f"'{key}' is kept for" in message and what in message and "line 3" in message, message


@pytest.mark.parametrize("keys", [
    "  review.note: c\n  review.verdict_consistent: v\n",  # the other one is moved away
    "  review.verdict_consistent: n\n  review.note: c\n",  # swapped
    "  text.next_sentence: g\n",  # g is list.first in lists, never in the article pane
    "  stance.supports: u\n",  # u is the review screen's Unresolved, not the stance picker's
    "  help.close: c\n",  # the help screen closes on its own keys, not the review screen's
    "  search.pick: j\n",  # the search screen's list is no KeyList: j is typed into the query
    "  review.verdict_contradicted: 'x,X'\n",
])
def test_keys_that_do_not_clash_are_accepted(tmp_path: Path, keys: str) -> None:
    assert load_settings(settings_file(tmp_path, keys))["keys"]


def test_default_keys_do_not_clash(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every default named as a remap, so that each is checked against the others (an empty map
    checks nothing); and the check does find a clash planted among the defaults."""
    defaults = keymap.default_keys()
    assert keymap.check_keymap(dict(defaults)) == defaults
    monkeypatch.setitem(keymap.MODAL_KEYS, "stance.supports", "x")  # x is Contradicts there
    with pytest.raises(keymap.KeymapError, match="stance"):
        keymap.check_keymap(keymap.default_keys())


def test_modal_binding_ids_match_the_screens() -> None:
    """keymap.MODAL_KEYS (what the settings file may remap) lists every modal screen's bindings."""
    found: dict[str, str] = {}
    with_lists = set()
    for name in ("export", "help", "note", "picker", "search", "stance", "timeline"):
        module = importlib.import_module(f"workbench.tui.screens.{name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and "BINDINGS" in vars(cls):
                ids = {b.id: b.key for b in cls.BINDINGS if b.id}
                found.update(ids)
                if "KeyList(" in inspect.getsource(cls.compose):  # the list keys work there too
                    with_lists |= {i.split(".", 1)[0] for i in ids}
    assert found == keymap.MODAL_KEYS
    assert with_lists == keymap.LIST_SCREENS


# -- the keymap reaches the screen ----------------------------------------------------------

@run_async
async def test_readme_keys_example_remaps_in_the_review_screen(tmp_path: Path) -> None:
    db = build(tmp_path / "r.db")
    ids = claim_ids(db)
    settings = load_settings(settings_file(tmp_path, '  verdict_contradicted: "x,X"\n  note: N\n'))
    app = ReviewApp(db, "me", settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert screen(app).claim_id == ids["comms"]
        await pilot.press("X")
        await settle(pilot)
    with Store(db, readonly=True) as store:
        assert store.claim_row(ids["comms"]).verdict == "contradicted"  # type: ignore[attr-defined]


def test_reading_settings_never_loads_textual(tmp_path: Path) -> None:
    """The core reads a settings file with keys without Textual (export, stats, import)."""
    import subprocess
    import sys

    p = settings_file(tmp_path, '  verdict_contradicted: "x,X"\n')
    code = ("import sys; from workbench.config import load_settings; "
            f"s = load_settings({str(p)!r}); assert s['keys']; "
            "assert not any(m == 'textual' or m.startswith('textual.') for m in sys.modules), 'textual'")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).returncode == 0
