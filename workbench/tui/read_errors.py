"""Reads that fail in a worker are said on screen, once, instead of leaving a pane quietly empty.

A damaged database file (not one refused at open: the header is fine but a
page is garbage) makes some reads fail with ``sqlite3.DatabaseError`` long
after the screen opened. Workers run with ``exit_on_error=False`` so the
reviewer's session survives; without this, the failing pane just stayed
blank, which reads as "nothing here" rather than "this file is damaged".
"""

from __future__ import annotations

import sqlite3
import time

from textual.dom import DOMNode
from textual.worker import Worker, WorkerState

REPEAT_AFTER = 60.0  # seconds before the same message is shown again
_said: dict[str, float] = {}


def report_failed_read(node: DOMNode, worker: Worker, state: WorkerState) -> None:
    """Notify about a worker's error (the same message at most once a minute)."""
    if state != WorkerState.ERROR or worker.error is None:
        return
    error = worker.error
    text = " ".join(str(error).split())[:200] or type(error).__name__
    if isinstance(error, sqlite3.OperationalError):  # locked, disk I/O: not the file's fault
        message = f"Could not read from the database ({text})."
    elif isinstance(error, sqlite3.DatabaseError):
        message = f"Could not read from the database ({text}): the file may be damaged."
    else:
        message = f"Could not load a pane: {type(error).__name__}: {text}"
    now = time.monotonic()
    if now - _said.get(message, -REPEAT_AFTER) < REPEAT_AFTER:
        return  # every page of a pane can fail the same way: say it once a minute, not per page
    _said[message] = now
    node.app.notify(message, title="Read failed", severity="error", timeout=15, markup=False)
