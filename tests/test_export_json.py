"""The JSON export's bytes: orjson must write exactly what ``json.dumps`` writes.

``render_json`` encodes with orjson (C, indented) and falls back to ``json``
where the two would differ. These tests compare the orjson path itself
(``_orjson``) with ``json.dumps(doc, ensure_ascii=False, indent=2)`` on text
that has every code point, and check that floats, huge integers, non-string
keys and other types go to ``json`` and come out as they always did. The last
tests import exports back: the contract's minimum (no ``article_id``) still
finds the right article when two share a file stem.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from export_sample import sample_doc
from test_merge import export, passages, two_articles_named_story

from workbench.cli import main
from workbench.export import render, render_bytes
from workbench.export.json_ import _orjson, render_json, render_json_bytes
from workbench.export.json_doc import build_document
from workbench.exporting import export_file
from workbench.store import Store

TRICKY = (
    'quote " backslash \\ \\u2028 \\n markup [bold]x[/bold] [link=x] ‘curly’ “double” '
    "controls \x00\x01\x08\t\n\x0b\x0c\r\x1b\x1f DEL \x7f C1 \x80\x9f nbsp \xa0 "
    "line \u2028 paragraph \u2029 BOM \ufeff emoji 😀👍🏽 flag 🇺🇦 e\u0301 中文 </script> \U0010ffff"
)


def _reference(doc: Any) -> bytes:
    return json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8")


def _every_code_point() -> str:
    return "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)


def _tricky_doc() -> dict[str, Any]:
    doc = sample_doc()
    doc["claims"][0]["note"] = TRICKY
    doc["claims"][1]["verdicts"][0]["note"] = TRICKY
    doc["articles"][0]["title"] = TRICKY
    doc["events"].append({"id": 99, "action": "set_note", "claim": 1,
                          "before": {TRICKY: [TRICKY, {}]}, "after": {"note": TRICKY}})
    doc["state"] = {
        "cursor": {"claim": 3, "filter": "all"},
        "edges": [0, -1, 2**63 - 1, -(2**63), 2**64 - 1, True, False, None, "", [], {}, [[]], [{}]],
        TRICKY: TRICKY,
    }
    return doc


def test_orjson_writes_every_code_point_as_json_does() -> None:
    text = _every_code_point()
    doc = {"value": text, text: [text, {"k": text}], "one_each": list(text[:0x3000])}
    assert _orjson(doc) == _reference(doc)


def test_orjson_writes_the_tricky_document_as_json_does() -> None:
    doc = _tricky_doc()
    assert _orjson(doc) == _reference(doc)
    assert render_json_bytes(doc) == _reference(doc)
    assert render_json(doc) == _reference(doc).decode("utf-8")
    assert render(doc, "json") == render_json(doc)
    assert render_bytes(doc, "json") == _reference(doc)


def test_orjson_writes_empty_and_nested_containers_as_json_does() -> None:
    for doc in ({}, [], {"a": {}}, {"a": []}, [[], {}], {"a": [{"b": [{"c": None}]}]}, [0, "", False]):
        assert _orjson(doc) == _reference(doc), doc


@pytest.mark.parametrize(
    "value",
    [0.5, 1e-05, 1e16, float("nan"), float("inf"), -float("inf"), 2**64, -(2**63) - 1, 2**200,
     (1, 2), {1: "int key"}, {None: "null key"}, {1.5: "float key"}],
    ids=repr,
)
def test_what_orjson_would_write_differently_goes_to_json(value: Any) -> None:
    doc = _tricky_doc()
    doc["claims"][2]["occurrences"][0]["start"] = value  # deep inside, as a stray column would be
    assert _orjson(doc) is None
    assert render_json_bytes(doc) == _reference(doc)
    assert render_json(doc) == json.dumps(doc, ensure_ascii=False, indent=2)


def test_str_subclass_and_deep_nesting_go_to_json() -> None:
    class Tagged(str):
        pass

    deep: Any = "leaf"
    for _ in range(300):  # deeper than orjson's limit of 254
        deep = [deep]
    for doc in ({"t": Tagged("x")}, {"deep": deep}):
        assert _orjson(doc) is None
        assert render_json_bytes(doc) == _reference(doc)


def test_what_json_refuses_is_still_refused() -> None:
    with pytest.raises(TypeError):
        render_json_bytes({"blob": b"bytes"})
    cycle: dict[str, Any] = {}
    cycle["self"] = cycle
    with pytest.raises(ValueError, match="Circular reference"):
        render_json_bytes(cycle)


def test_export_file_writes_what_json_dumps_writes(db: Path, tmp_path: Path) -> None:
    with Store(db) as store:
        claim = store.dump("claims")[0]["id"]
        article = store.dump("articles")[0]["id"]
        store.set_verdict(claim, "contradicted", "ana")
        store.set_note(claim, TRICKY, "ana")
        store.add_evidence(claim, article, 0, 20, "context", "ana", note=TRICKY)
        store.set_state("note_draft", {"text": TRICKY, "n": 2**62})
        out = export_file(store, "json", tmp_path / "out.json")
        written = out.read_bytes()
        doc = build_document(store)
    doc["exported_at"] = json.loads(written)["exported_at"]
    assert any(c["note"] == TRICKY for c in doc["claims"])
    assert written == _reference(doc)


def test_without_orjson_the_same_bytes_come_from_json(monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench.export import json_

    doc = sample_doc()
    fast = render_json_bytes(doc)
    monkeypatch.setattr(json_, "orjson", None)
    assert render_json_bytes(doc) == fast == json.dumps(doc, ensure_ascii=False, indent=2).encode()


def test_an_export_without_article_ids_finds_articles_that_share_a_stem(tmp_path: Path) -> None:
    """``article`` is the file stem (the DESIGN.md minimum); the passage's text tells two stems apart
    (a hand-made file, or one written before each article had its own stem)."""
    doc = export(two_articles_named_story(tmp_path))
    assert [a["stem"] for a in doc["articles"]] == ["story", "b/story"]
    minimal = json.loads(json.dumps(doc))
    for a in minimal["articles"]:
        a["stem"] = "story"
    for c in [*minimal["claims"], *minimal["merged_claims"]]:
        for row in [*c["occurrences"], *c["evidence"]]:
            del row["article_id"]
            row["article"] = "story"
    (tmp_path / "minimal.json").write_text(json.dumps(minimal))
    result = CliRunner().invoke(main, ["import", str(tmp_path / "new.db"), str(tmp_path / "minimal.json")])
    assert result.exit_code == 0, result.output
    restored = export(tmp_path / "new.db")
    assert passages(restored) == passages(doc)
    assert [a["stem"] for a in restored["articles"]] == ["story", "b/story"]


def _import(db: Path, doc: dict[str, Any], tmp_path: Path) -> Any:
    path = tmp_path / "review.json"
    path.write_text(json.dumps(doc))
    return CliRunner().invoke(main, ["import", str(db), str(path)])


@pytest.mark.parametrize(("where", "value", "says"), [
    ("subject", "Jeff Sessions", "'subject' must be an object"),
    ("subject", {"name": ["Jeff Sessions"]}, "'subject' name must be a string"),
    ("subject", {"name": "Jeff Sessions", "aliases": "Sessions"}, "'subject' aliases must be a list of strings"),
    ("story", "Sessions and the ambassador", "'story' must be an object"),
    ("state.story", "Sessions and the ambassador", "'state' story must be an object"),
    ("state.story.subject", "Jeff Sessions", "'state' story subject must be an object"),
    ("state.story.name", 7, "'state' story name must be a string"),
])
def test_an_export_whose_story_or_subject_has_the_wrong_type_is_refused(
    tmp_path: Path, where: str, value: Any, says: str,
) -> None:
    """Imported as it was, it made every later command fail with AttributeError."""
    doc = sample_doc()
    doc["state"] = {"story": {"name": "Sessions", "subject": {"name": "Jeff Sessions", "aliases": []}}}
    *parents, key = where.split(".")
    holder = doc
    for parent in parents:
        holder = holder[parent]
    holder[key] = value
    db = tmp_path / "new.db"
    result = _import(db, doc, tmp_path)
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert first.startswith(f"workbench: {tmp_path / 'review.json'}: ") and says in first, result.output
    assert "Traceback" not in result.output and not db.exists()


@pytest.mark.parametrize("story", [
    "Sessions and the ambassador", {"name": "Sessions", "subject": "Jeff Sessions"},
    {"name": 7, "subject": {"name": None, "aliases": "Sessions"}}, ["not", "a", "story"],
])
def test_a_damaged_stored_story_never_crashes_a_command(tmp_path: Path, story: Any) -> None:
    """A file written before imports checked these types still opens, exports and counts."""
    db = tmp_path / "new.db"
    assert _import(db, sample_doc(), tmp_path).exit_code == 0
    with Store(db) as store:
        store.set_state("story", story)
    for command in (["stats"], ["timeline"], ["export", "--format", "json"], ["export", "--format", "markdown"]):
        result = CliRunner().invoke(main, [command[0], str(db), *command[1:]])
        assert result.exit_code == 0, (command, result.output, result.exception)
    with Store(db) as store:
        subject = store.story()["subject"]
    assert isinstance(subject["name"], str) and isinstance(subject["aliases"], list)
    if isinstance(story, dict) and story.get("subject") == "Jeff Sessions":
        assert subject["name"] == "Jeff Sessions"  # a bare name is still the subject's name
    exported = CliRunner().invoke(main, ["export", str(db), "--format", "json"]).output
    again = _import(tmp_path / "again.db", json.loads(exported), tmp_path)  # the archive restores
    assert again.exit_code == 0, again.output


def test_a_stored_state_that_is_not_json_is_read_as_unset(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    assert _import(db, sample_doc(), tmp_path).exit_code == 0
    with Store(db) as store, store.write() as conn:
        conn.execute("UPDATE state SET value = '{not json' WHERE key = 'story'")
        conn.execute("INSERT OR REPLACE INTO state(key, value) VALUES ('cursor', '{not json')")
    for command in (["stats"], ["export", "--format", "json"]):
        result = CliRunner().invoke(main, [command[0], str(db), *command[1:]])
        assert result.exit_code == 0, (result.output, result.exception)
    assert "cursor" not in json.loads(result.output)["state"]


def test_events_name_their_claim_once(db: Path) -> None:
    """An event's claim was written twice, as 'claim_id' and 'claim' (the dict was unpacked before
    the key was popped); 'claim' is the name the contract and the JSON import use."""
    with Store(db) as s:
        s.set_verdict(s.claims_page()[0].id, "consistent", "ana")
        events = build_document(s)["events"]
    assert events and all(set(e) == {"id", "at", "reviewer", "action", "claim", "before", "after"}
                          for e in events)
    assert events[-1]["action"] == "set_verdict" and isinstance(events[-1]["claim"], int)
