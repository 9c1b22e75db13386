"""Store-level hardening: a locked database waits for its busy timeout, then says so."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from tui_data import build, claim_ids

from workbench.store import Store, WriteFailed, connection


def test_locked_database_write_waits_then_fails_with_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = build(tmp_path / "r.db")
    comms = claim_ids(db)["comms"]
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 300)
    store = Store(db)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        started = time.perf_counter()
        with pytest.raises(WriteFailed) as failed:
            store.set_verdict(comms, "contradicted", "me")
        waited = time.perf_counter() - started
        assert store.claim(comms).final is None  # reads still work while it is locked (WAL)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    message = str(failed.value)
    assert message == (f"{db}: not saved: the database is locked by another program"
                       " (waited 0.3 s); try again when it is done")
    assert waited >= 0.25
    assert not store.conn.in_transaction
    store.set_verdict(comms, "contradicted", "me")  # once the lock is gone, the same write works
    assert store.claim(comms).final.label == "contradicted"
    assert store.integrity() == "ok"
    store.close()
