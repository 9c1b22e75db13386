"""Reads that fail in a worker are said on screen, once, instead of leaving a pane quietly empty.

A damaged database file (not one refused at open: the header is fine but a
page is garbage) makes some reads fail with ``sqlite3.DatabaseError`` long
after the screen opened. Workers run with ``exit_on_error=False`` so the
reviewer's session survives; without this, the failing pane just stayed
blank, which reads as "nothing here" rather than "this file is damaged".
"""

from __future__ import annotations

import sqlite3

from textual.dom import DOMNode
from textual.worker import Worker, WorkerState

_said: set[str] = set()


def report_failed_read(node: DOMNode, worker: Worker, state: WorkerState) -> None:
    """Notify about a worker's error (each distinct message once per process)."""
    if state != WorkerState.ERROR or worker.error is None:
        return
    error = worker.error
    text = " ".join(str(error).split())[:200] or type(error).__name__
    if isinstance(error, sqlite3.DatabaseError):
        message = f"Could not read from the database ({text}): the file may be damaged."
    else:
        message = f"Could not load a pane: {type(error).__name__}: {text}"
    if message in _said:
        return
    _said.add(message)
    node.app.notify(message, title="Read failed", severity="error", timeout=15, markup=False)
