"""An import running while a reviewer merges claims puts its passages on the visible claim.

The importer groups new occurrences against the claims it read when it
started; a merge committed by another instance before the import writes
them must not leave them on the merged-away (hidden) claim, where no screen,
count or export of visible claims would ever show them.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

from tui_data import claim_ids

from workbench.importer import import_paths
from workbench.store import NewOccurrence, PreparedArticle, Store

ROOT = Path(__file__).resolve().parent.parent
STORY = ROOT / "fixtures" / "story.yaml"
ARTICLES = ROOT / "fixtures" / "articles"


def _on_hidden(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM occurrences o JOIN claims c ON c.id = o.claim_id"
                                " WHERE c.merged_into IS NOT NULL").fetchone()[0])
    finally:
        conn.close()


def test_occurrences_for_a_claim_merged_away_meanwhile_go_to_the_claim_it_joined(db: Path) -> None:
    ids = claim_ids(db)
    recall, comms = ids["recall"], ids["comms"]
    importer = Store(db)
    with Store(db) as reviewer:  # another instance, after the importer grouped against "recall"
        reviewer.merge_claims(recall, comms, "alice")
    body = "Sessions said he does not recall any specific political discussions. Nothing else."
    text = "he does not recall any specific political discussions."
    start = body.index(text)
    meta = {"source": "late.txt", "stem": "late", "sha256": "f" * 64, "title": "Late", "outlet": "AP",
            "url": None, "published": "2017-03-04", "byline": None, "body": body}
    before = importer.claim(comms)
    assert before is not None
    importer.add_articles(
        [PreparedArticle(meta, [(0, body.index(" Nothing")), (body.index("Nothing"), len(body))],
                         [NewOccurrence(claim=recall, start=start, end=start + len(text), text=text,
                                        kind="indirect")])], {}, {})
    after = importer.claim(comms)
    assert after is not None
    assert len(after.occurrences) == len(before.occurrences) + 1
    assert after.claim.n_sources == before.claim.n_sources + 1
    assert _on_hidden(db) == 0
    importer.close()


def test_an_import_across_a_merge_of_merges_leaves_nothing_on_hidden_claims(tmp_path: Path) -> None:
    """Every stored claim is merged (2 into 1, and others into 2 first: a chain) right before the
    import writes; whatever it grouped with, its passages land on claim 1."""
    db = tmp_path / "r.db"
    with Store(db) as store:
        import_paths(store, [STORY])
        visible = [r.id for r in store.claims_page("all", None, 0, 100)]
    assert 1 in visible and 2 in visible and len(visible) > 3
    # the same articles with a line added: new bytes, the same statements
    late = tmp_path / "late"
    late.mkdir()
    for source in sorted(ARTICLES.glob("*.txt"))[:3]:
        shutil.copyfile(source, late / source.name)
        with (late / source.name).open("a", encoding="utf-8") as fh:
            fh.write("\nUpdated later.\n")
    importer = Store(db)
    add = importer.add_articles
    merged: list[bool] = []

    def merge_then_add(*args: Any, **kwargs: Any) -> list[int | None]:
        if not merged:
            with Store(db) as reviewer:
                for cid in visible:
                    if cid not in (1, 2):
                        reviewer.merge_claims(cid, 2, "alice")
                reviewer.merge_claims(2, 1, "alice")
            merged.append(True)
        return add(*args, **kwargs)

    importer.add_articles = merge_then_add  # type: ignore[method-assign]
    report = import_paths(importer, [late])
    importer.close()
    assert report.imported == 3 and report.occurrences > 0 and merged
    assert _on_hidden(db) == 0
    with Store(db, readonly=True) as store:
        assert [r.id for r in store.claims_page("all", None, 0, 100)] == [1]
        assert store.integrity() == "ok"
