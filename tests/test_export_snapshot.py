"""An export is one moment of the file, while another process writes to it.

The export reads its tables one after another; a write committed in between
(an import, a split, an undo, by another instance) must be wholly in the
document or wholly out. The writes here land exactly between two of the
export's reads, from a second connection as another process's would.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from workbench.cli import main
from workbench.errors import WorkbenchError
from workbench.export.json_doc import build_document
from workbench.importer import import_paths
from workbench.store import Store

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "fixtures" / "articles" / "002_879b37c607dd505b.txt"


def _write_after(store: Store, table: str, write: Callable[[], None]) -> None:
    """Run ``write`` (another connection's commit) right after ``store`` reads ``table`` whole."""
    dump = store.dump

    def dump_then_write(name: str) -> list[dict[str, Any]]:
        rows = dump(name)
        if name == table:
            write()
        return rows

    store.dump = dump_then_write  # type: ignore[method-assign]


def _occurrences(doc: dict[str, Any]) -> list[int]:
    return sorted(o["id"] for c in doc["claims"] + doc["merged_claims"] for o in c["occurrences"])


def test_an_import_between_two_reads_is_not_half_in_the_export(db: Path) -> None:
    with Store(db, readonly=True) as before:
        expected = build_document(before, with_events=False)
    reader, writer = Store(db, readonly=True), Store(db)
    _write_after(reader, "articles", lambda: import_paths(writer, [ARTICLE]))
    doc = build_document(reader, with_events=False)  # was: KeyError on the new article's id
    assert [a["id"] for a in doc["articles"]] == [a["id"] for a in expected["articles"]]
    assert _occurrences(doc) == _occurrences(expected)
    assert [c["id"] for c in doc["claims"]] == [c["id"] for c in expected["claims"]]
    reader.close()
    with Store(db, readonly=True) as after:  # the import did happen
        assert len(build_document(after, with_events=False)["articles"]) == len(expected["articles"]) + 1
    writer.close()


def test_a_split_between_two_reads_leaves_no_claim_without_occurrences(db: Path) -> None:
    reader, writer = Store(db, readonly=True), Store(db)
    before = build_document(reader, with_events=False)
    occurrence = next(c for c in before["claims"] if len(c["occurrences"]) > 1)["occurrences"][0]["id"]
    _write_after(reader, "occurrences", lambda: writer.split_occurrence(occurrence, "bob"))
    doc = build_document(reader, with_events=False)
    assert [c for c in doc["claims"] if not c["occurrences"]] == []
    assert [c["id"] for c in doc["claims"]] == [c["id"] for c in before["claims"]]
    assert _occurrences(doc) == _occurrences(before)
    reader.close()
    writer.close()


def test_the_snapshot_holds_in_a_writing_store_and_others_read_around_it(db: Path) -> None:
    """The review screen exports from its own (writing) store in a worker: the export's snapshot
    is its own, and the screen's reads and writes go on meanwhile."""
    store, other = Store(db), Store(db)
    claims = store.claims_count()
    with store.snapshot():
        first = store.dump("claims")
        other.split_occurrence(other.dump("occurrences")[0]["id"], "bob")
        store.set_state("cursor", {"claim": 1})  # a write of the snapshot's own store is not held up
        assert store.dump("claims") == first  # the snapshot did not move
    assert store.claims_count() == claims + 1
    store.close()
    other.close()


def test_an_occurrence_of_an_article_not_in_the_file_is_one_line(tmp_path: Path, db: Path) -> None:
    """A file edited by another program with its foreign keys off: no traceback."""
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("UPDATE occurrences SET article_id = 999 WHERE id = (SELECT MIN(id) FROM occurrences)")
    conn.commit()
    conn.close()
    with Store(db, readonly=True) as store, pytest.raises(WorkbenchError, match="article 999"):
        build_document(store)
    result = CliRunner().invoke(main, ["export", str(db), "--format", "csv"])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.output.count("\n") == 1 and "article 999" in result.output and str(db) in result.output
