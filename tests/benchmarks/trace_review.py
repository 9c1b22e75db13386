"""``workbench review`` with timestamps, to see where a key press spends its time.

    python tests/benchmarks/trace_review.py DB TRACE_FILE [--reviewer NAME]

Runs the real review app unchanged, after wrapping a few functions so that
each call appends ``<perf_counter> <event>`` to TRACE_FILE (``perf_counter``
is CLOCK_MONOTONIC on Linux, so the benchmark process can line these up with
its own key-press and read times). Diagnosis only: start it in a pty (see
``ptyterm.PtyProcess``) with the benchmark's key pacing and line the events up.

Events: ``key`` (the app received a key), ``action`` (ReviewScreen.action_verdict),
``store+``/``store-`` (Store.set_verdict), ``next-`` (next_claim returned),
``done+``/``done-`` (ReviewScreen._write_done on the event loop), ``frame+``/``frame-``
(the app began/ended writing a frame).
"""

from __future__ import annotations

import functools
import sys
import time
from pathlib import Path


def main() -> None:
    t_main = time.perf_counter()
    db, trace = sys.argv[1], sys.argv[2]
    reviewer = sys.argv[sys.argv.index("--reviewer") + 1] if "--reviewer" in sys.argv else "bench"
    out = open(trace, "a", buffering=1, encoding="ascii")

    import threading

    def mark(event: str) -> None:
        name = threading.current_thread().name
        where = "main" if name == "MainThread" else name.split(" ")[0][:14]
        out.write(f"{time.perf_counter():.6f} {event} [{where}]\n")

    mark("main")  # after the interpreter started and this script was imported
    del t_main

    def wrap(owner: type, name: str, before: str | None, after: str | None) -> None:
        original = getattr(owner, name)

        @functools.wraps(original)
        def wrapper(*args, **kwargs):
            if before:
                mark(before)
            try:
                return original(*args, **kwargs)
            finally:
                if after:
                    mark(after)

        setattr(owner, name, wrapper)

    from textual.app import App

    from workbench.store.reads import ReadMixin
    from workbench.store.writes import WriteMixin
    from workbench.tui.screens.review import ReviewScreen
    from workbench.tui.widgets.virtual_list import VirtualList

    mark("boot")
    from workbench.store import connection

    wrap(connection, "inspect", "inspect+", "inspect-")
    wrap(WriteMixin, "set_verdict", "store+", "store-")
    wrap(ReadMixin, "next_claim", None, "next-")
    wrap(ReviewScreen, "action_verdict", "action", None)
    wrap(ReviewScreen, "_write_done", "done+", "done-")
    wrap(App, "_begin_update", "frame+", None)
    wrap(App, "_end_update", None, "frame-")
    # reads done for the screen after a verdict (name+ / name- around each call)
    for owner, names in ((ReadMixin, ("progress", "claim", "suggest_evidence", "claims_page",
                                      "claims_count", "claim_index", "article_body", "sentences",
                                      "occurrences_in_article", "evidence_in_article", "articles_page")),
                         (ReviewScreen, ("_show_progress", "_show_claim", "save_cursor", "_drained")),
                         (VirtualList, ("_apply_reload", "_apply_page", "reload"))):
        for name in names:
            if hasattr(owner, name):
                wrap(owner, name, f"{name}+", f"{name}-")

    # The same path as the console script (opening read ahead, gc frozen).
    from workbench.cli import main as cli

    cli(["review", str(Path(db)), "--reviewer", reviewer])


if __name__ == "__main__":
    main()
