"""Crash: SIGKILL in the middle of a burst of verdicts and notes loses nothing shown.

The real ``workbench review`` runs on a pseudo-terminal (160x45,
``TERM=xterm-256color``) on a database built by ``workbench import DB
fixtures/story.yaml``. The test types a burst of verdicts (x, c, u), cursor
moves (j) and notes (n, text, escape), watches what the screen shows, and
kills the program with SIGKILL while keys are still being handled. Then the
database must hold everything the screen had shown as done (the progress
counter, every verdict mark in the claims list, every note shown in the
verdict pane) and pass ``PRAGMA integrity_check``.

To know what the screen showed, the test plays the terminal: it replays the
program's output on a character grid. Textual draws with absolute cursor
moves (``CSI row;col H``) and colour changes (``CSI ... m``) only, so a grid
that honours cursor moves and character widths holds the same picture a real
terminal would; every other sequence changes nothing visible and is skipped.
"""

from __future__ import annotations

import codecs
import contextlib
import fcntl
import json
import os
import pty
import re
import select
import signal
import sqlite3
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from rich.cells import cell_len

ROOT = Path(__file__).resolve().parent.parent
WORKBENCH = Path(sys.executable).with_name("workbench")

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs a Linux pty")

_TOKEN = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"          # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC … BEL / ST
    r"|\x1b[PX^_][^\x1b]*\x1b\\"       # DCS / SOS / PM / APC … ST
    r"|\x1b[^\[\]PX^_]"                # two-byte escapes
    r"|[^\x1b]+"                       # text
)


class Grid:
    """The visible characters of a terminal, fed with the program's output."""

    def __init__(self, cols: int, rows: int) -> None:
        self.cols, self.rows = cols, rows
        self.cells = [[" "] * cols for _ in range(rows)]
        self.x = self.y = 0
        self._pending = ""
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")

    def feed(self, data: bytes) -> None:
        text = self._pending + self._decoder.decode(data)
        pos = 0
        while pos < len(text):
            m = _TOKEN.match(text, pos)
            if m is None:  # an escape sequence cut at the end of this read
                break
            token = m.group()
            if token.startswith("\x1b") and m.end() == len(text) and not _complete(token):
                break
            self._apply(token)
            pos = m.end()
        self._pending = text[pos:]

    def _apply(self, token: str) -> None:
        if token.startswith("\x1b["):
            final, params = token[-1], token[2:-1]
            if final == "H":
                parts = [int(p) if p.isdigit() else 1 for p in [*params.split(";"), "1", "1"][:2]]
                self.y = min(max(parts[0], 1), self.rows) - 1
                self.x = min(max(parts[1], 1), self.cols) - 1
            elif final == "J" and params in ("2", "3"):
                self.cells = [[" "] * self.cols for _ in range(self.rows)]
            return
        if token.startswith("\x1b"):
            return
        for ch in token:
            if ch == "\r":
                self.x = 0
            elif ch == "\n":
                self.y = min(self.y + 1, self.rows - 1)
            elif ch < " " or ch == "\x7f":
                continue
            else:
                width = cell_len(ch)
                if width == 0:
                    continue
                if self.x < self.cols:
                    self.cells[self.y][self.x] = ch
                    if width == 2 and self.x + 1 < self.cols:
                        self.cells[self.y][self.x + 1] = ""
                self.x += width

    def line(self, y: int, start: int = 0, end: int | None = None) -> str:
        return "".join(self.cells[y][start:end])

    def text(self) -> str:
        return "\n".join(self.line(y) for y in range(self.rows))


def _complete(token: str) -> bool:
    if token.startswith("\x1b]"):
        return token.endswith(("\x07", "\x1b\\"))
    if token[:2] in ("\x1b[",):
        return len(token) > 2 and "@" <= token[-1] <= "~"
    return len(token) >= 2


class Terminal:
    """``argv`` running on a pty; ``on_screen`` is called with the grid after every read."""

    def __init__(self, argv: Sequence[str], *, cols: int = 160, rows: int = 45,
                 cwd: str | None = None, env: dict[str, str] | None = None) -> None:
        child_env = dict(os.environ if env is None else env)
        child_env.update(TERM="xterm-256color", COLUMNS=str(cols), LINES=str(rows))
        for name in ("TEXTUAL", "NO_COLOR", "TEXTUAL_DRIVER"):
            child_env.pop(name, None)
        self.grid = Grid(cols, rows)
        self.raw = bytearray()
        self.on_screen: Callable[[Grid], None] | None = None
        pid, fd = pty.fork()
        if pid == 0:  # the child: size the terminal first, then become the program
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
                if cwd:
                    os.chdir(cwd)
                os.execvpe(argv[0], list(argv), child_env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        self.status: int | None = None
        self.eof = False

    def pump(self, seconds: float) -> None:
        """Read and replay output for ``seconds`` (or until the program closes the terminal)."""
        deadline = time.perf_counter() + seconds
        while not self.eof:
            left = deadline - time.perf_counter()
            if left <= 0:
                return
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                self._read()

    def _read(self) -> None:
        try:
            chunk = os.read(self.fd, 1 << 16)
        except OSError:  # EIO: the other side is gone
            chunk = b""
        if not chunk:
            self.eof = True
            return
        self.raw += chunk
        self.grid.feed(chunk)
        if self.on_screen is not None:
            self.on_screen(self.grid)

    def wait_for(self, test: Callable[[Grid], bool], timeout: float = 30.0) -> None:
        deadline = time.perf_counter() + timeout
        while not test(self.grid):
            if self.eof or time.perf_counter() > deadline:
                raise TimeoutError("screen never showed what was expected:\n" + self.grid.text())
            self.pump(0.05)

    def send(self, keys: str | bytes, pump: float = 0.0) -> None:
        os.write(self.fd, keys.encode() if isinstance(keys, str) else keys)
        if pump:
            self.pump(pump)

    def kill(self) -> None:
        """SIGKILL, then read what the program had already written to the terminal."""
        os.kill(self.pid, signal.SIGKILL)
        _, status = os.waitpid(self.pid, 0)
        self.status = status
        deadline = time.perf_counter() + 2
        while not self.eof and time.perf_counter() < deadline:
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if not ready:
                break
            self._read()

    def close(self) -> None:
        if self.status is None:
            with contextlib.suppress(ProcessLookupError, ChildProcessError):
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
        with contextlib.suppress(OSError):
            os.close(self.fd)


# -- the test -------------------------------------------------------------------------------

MARK_LABEL = {"✓": "consistent", "✗": "contradicted", "?": "unresolved"}
_LETTERS = "bdhilprvwy"  # keys bound to nothing on the review screen


def note_token(k: int) -> str:
    return f"zz{_LETTERS[k]}{_LETTERS[k]}zz"


class Seen:
    """Everything the screen has shown as done, gathered after every read."""

    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.reviewed = 0
        self.marks: dict[int, set[str]] = {}
        self.row_text: dict[int, str] = {}
        self.notes: set[str] = set()
        self.total: int | None = None

    def __call__(self, grid: Grid) -> None:
        screen = grid.text()
        for m in re.finditer(r"(\d+)/(\d+) (?:reviewed · )?✓\d+ ✗\d+ \?\d+", screen):
            self.reviewed = max(self.reviewed, int(m[1]))
            self.total = int(m[2])
        top = grid.line(0)
        claims_at, verdict_at = top.find("╭─ Claims"), top.find("╭─ Verdict")
        if claims_at < 0 or verdict_at < 0:
            return  # a modal or a repaint in progress covers the top line
        claims_end = top.find("╮", claims_at)
        for y in range(1, grid.rows):
            row = grid.line(y, claims_at, claims_end + 1)
            if row.startswith("╰"):
                break
            inner = row[1:-1].strip()
            if inner[:1] in MARK_LABEL and "▪" in inner:
                self.marks.setdefault(y - 1, set()).add(inner[0])
                self.row_text[y - 1] = inner
        for y in range(1, grid.rows):
            pane = grid.line(y, verdict_at)
            for token in self.tokens:
                if token in pane:
                    self.notes.add(token)


def _claim_order(db: Path) -> list[tuple[int, str, str | None]]:
    """(id, text, verdict) in the order of the claims list's "all" filter, read via the Store."""
    from workbench.store import Store

    with Store(db, readonly=True) as store:
        return [(c.id, c.text, c.verdict) for c in store.claims_page("all", None, 0, 100)]


def test_sigkill_mid_burst_loses_nothing_the_screen_showed(tmp_path: Path) -> None:
    db = tmp_path / "review.db"
    built = subprocess.run([str(WORKBENCH), "import", str(db), str(ROOT / "fixtures" / "story.yaml")],
                           cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert built.returncode == 0, built.stderr
    tokens = [note_token(k) for k in range(4)]
    seen = Seen(tokens)
    term = Terminal([str(WORKBENCH), "review", str(db), "--reviewer", "r"], cwd=str(ROOT))
    term.on_screen = seen
    try:
        term.wait_for(lambda g: "0/14 reviewed" in g.text(), timeout=60)
        term.pump(0.3)

        def verdict(key: str) -> None:
            term.send(key, pump=0.03)

        def note(k: int) -> None:
            term.send("n", pump=0.3)  # the editor opens
            term.send(tokens[k], pump=0.05)
            term.send("\x1b", pump=0.35)  # escape saves; wait out the lone-ESC timeout

        verdict("x")
        note(0)
        verdict("c")
        verdict("j")
        verdict("u")
        note(1)
        verdict("x")
        verdict("c")
        note(2)
        verdict("u")
        verdict("j")
        verdict("x")
        term.pump(0.3)
        # The last burst: three verdicts and a note typed without waiting, killed at once.
        term.send("cux")
        term.send("n")
        term.pump(0.02)
        term.send(tokens[3] + "\x1b")
        term.pump(0.01)
        term.kill()
    finally:
        term.close()

    assert seen.total == 14
    assert seen.reviewed >= 4, f"the screen showed too little to test anything:\n{term.grid.text()}"
    assert seen.notes, f"no saved note was ever shown:\n{term.grid.text()}"

    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        reviewed = conn.execute(
            "SELECT COUNT(*) FROM claims WHERE verdict IS NOT NULL AND merged_into IS NULL"
        ).fetchone()[0]
        notes = [r[0] for r in conn.execute("SELECT note FROM verdicts WHERE reviewer = 'r'")]
        committed: set[tuple[int, str]] = set()  # (claim, label) of every committed verdict action
        for claim_id, after in conn.execute(
            "SELECT claim_id, after FROM events WHERE action = 'set_verdict'"
        ):
            for v in json.loads(after):
                if v["reviewer"] == "r":
                    committed.add((claim_id, v["label"]))
    finally:
        conn.close()
    assert reviewed >= seen.reviewed, (reviewed, seen.reviewed)
    order = _claim_order(db)
    for row, marks in seen.marks.items():
        claim_id, text, label = order[row]
        shown = seen.row_text[row].split("▪", 1)[1].strip().rstrip("…").split(") ", 1)[-1][:15]
        assert shown in " ".join(text.split()), (row, shown, text)  # the row is this claim
        assert label is not None, (claim_id, marks)  # nothing here clears a verdict
        for mark in marks:  # every mark the list showed was a committed action
            assert (claim_id, MARK_LABEL[mark]) in committed, (claim_id, mark, committed)
    for token in seen.notes:
        assert any(token in (n or "") for n in notes), (token, notes)


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGHUP, 129), (signal.SIGTERM, 0)])
def test_a_closed_window_or_a_polite_kill_saves_the_note_being_typed(
        tmp_path: Path, sig: signal.Signals, code: int) -> None:
    """SIGHUP (the terminal window closed) and SIGTERM ended the process at once, losing the
    note in the editor; now it is saved, and the process ends (it spun at full CPU on SIGHUP
    when it tried to restore a terminal that was gone)."""
    from workbench.store import Store

    db = tmp_path / "review.db"
    built = subprocess.run([str(WORKBENCH), "import", str(db), str(ROOT / "fixtures" / "story.yaml")],
                           cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert built.returncode == 0, built.stderr
    term = Terminal([str(WORKBENCH), "review", str(db), "--reviewer", "r"], cwd=str(ROOT))
    try:
        term.wait_for(lambda g: "0/14 reviewed" in g.text(), timeout=60)
        term.send("n", pump=0.5)
        term.send("typed when the window closed", pump=0.3)
        os.kill(term.pid, sig)
        deadline = time.perf_counter() + 20
        while term.status is None and time.perf_counter() < deadline:
            term.pump(0.05)
            pid, status = os.waitpid(term.pid, os.WNOHANG)
            if pid:
                term.status = status
        assert term.status is not None, "the process did not end"
        assert os.waitstatus_to_exitcode(term.status) == code
    finally:
        term.close()
    with Store(db, readonly=True) as store:
        notes = [v.note for c in store.claims_page("all", None, 0, 100) for v in store.claim(c.id).verdicts]
    assert notes == ["typed when the window closed"]
