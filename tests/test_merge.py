"""``workbench merge`` keeps everything a reviewer did, whatever the files hold.

The merge works on JSON export documents, so these tests compare what each
input's export holds with what the merged file's export holds: every verdict
row and note (also those left on a claim the reviewer merged away), and every
article even when two share a file stem.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from workbench.cli import main
from workbench.store import Store

ROOT = Path(__file__).resolve().parent.parent
STORY = ROOT / "fixtures" / "story.yaml"
NOTE = "Kislyak met him twice: see the WaPo piece"


def run(*args: object) -> Any:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def export(db: Path) -> dict[str, Any]:
    result = run("export", db, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def verdict_rows(doc: dict[str, Any]) -> Counter[tuple[str, Any, Any, Any]]:
    """Every verdict row of a document (hidden claims too), by claim wording, without the reviewer."""
    return Counter((c["text"], v["label"], v["note"], v["updated_at"])
                   for c in [*doc["claims"], *doc.get("merged_claims", [])] for v in c["verdicts"])


def alice_merges_a_judged_claim(tmp_path: Path) -> tuple[Path, Path, str, str]:
    """base.db untouched; alice.db: a note and a verdict on B, then B merged into A (which has its own)."""
    base, alice = tmp_path / "base.db", tmp_path / "alice.db"
    assert run("import", base, STORY).exit_code == 0
    shutil.copy(base, alice)
    with Store(alice) as s:
        a, b = [c.id for c in s.claims_page()[:2]]
        s.set_verdict(a, "consistent", "alice")
        s.set_note(b, NOTE, "alice")
        s.set_verdict(b, "contradicted", "alice")
        assert not s.merge_claims(b, a, "alice")  # A has a verdict: B's stays on hidden B
        text_a, text_b = s.claim(a).claim.text, s.claim(b).claim.text
    return base, alice, text_a, text_b


def test_merge_keeps_verdicts_and_notes_on_claims_merged_away(tmp_path: Path) -> None:
    base, alice, text_a, text_b = alice_merges_a_judged_claim(tmp_path)
    mine = export(alice)
    assert json.dumps(mine).count(NOTE) >= 1
    out = tmp_path / "merged.db"
    result = run("merge", out, alice, base)
    assert result.exit_code == 0, result.output
    merged = export(out)
    assert verdict_rows(merged) >= verdict_rows(mine)  # every row of alice's file is there
    hidden = [c for c in merged["merged_claims"] if c["text"] == text_b]
    assert len(hidden) == 1 and hidden[0]["verdicts"][0]["note"] == NOTE
    assert hidden[0]["verdicts"][0]["label"] == "contradicted"
    into = {c["id"]: c for c in merged["claims"]}[hidden[0]["merged_into"]]
    assert into["text"] == text_a and into["verdict"] == "consistent"
    with Store(out) as s:
        assert s.claims_count() == 15  # the untouched copy still has B apart: merged away only in alice's


def test_merge_of_a_file_with_itself_keeps_every_verdict_row_once(tmp_path: Path) -> None:
    _, alice, _, text_b = alice_merges_a_judged_claim(tmp_path)
    out = tmp_path / "merged.db"
    result = run("merge", out, alice, alice)
    assert result.exit_code == 0, result.output
    mine, merged = export(alice), export(out)
    assert verdict_rows(merged) == verdict_rows(mine)
    assert [c["text"] for c in merged["merged_claims"]] == [text_b]
    assert len(merged["claims"]) == len(mine["claims"]) == 14
