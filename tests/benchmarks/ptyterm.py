"""Run a terminal program in a pseudo-terminal and time what it draws.

The benchmark plays the terminal: it forks the program onto the slave side of
a pty (160x45, ``TERM=xterm-256color``), reads everything the program writes
from the master side, and answers the one query that changes how Textual
paints: the DECRQM query for synchronized output (mode 2026), which it
answers "supported" like tmux, kitty, WezTerm or iTerm2 do.  Textual then
wraps every frame in ``ESC[?2026h`` … ``ESC[?2026l``, so the end of a frame
is exact rather than guessed from silence.

Time stamps are ``time.perf_counter()`` of the ``read()`` that returned the
bytes; "painted" means: the marker text is on the screen (searched in the
output with escape sequences removed), and then nothing more arrived for a
quiet period.  The figure is the time of the last byte before the quiet
period, so the quiet period itself is never counted.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import termios
import time
from collections.abc import Callable, Sequence

SYNC_QUERY = b"\x1b[?2026$p"
SYNC_REPLY = b"\x1b[?2026;2$y"
SYNC_END = b"\x1b[?2026l"
_ESCAPES = re.compile(rb"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|[@-Z\\-_])")


def strip_escapes(data: bytes) -> str:
    """Printable text of terminal output (escape sequences removed)."""
    return _ESCAPES.sub(b"", data).decode("utf-8", "replace")


class PtyProcess:
    """A program on a pty, with timed reads of its output."""

    def __init__(self, argv: Sequence[str], *, cols: int = 160, rows: int = 45,
                 env: dict[str, str] | None = None, cwd: str | None = None) -> None:
        child_env = dict(os.environ if env is None else env)
        child_env.update(TERM="xterm-256color", COLUMNS=str(cols), LINES=str(rows))
        child_env.pop("TEXTUAL", None)  # no devtools
        child_env.pop("NO_COLOR", None)
        winsize = struct.pack("HHHH", rows, cols, 0, 0)
        self.started = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # child: size the terminal before anything runs, then exec
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, winsize)
                if cwd:
                    os.chdir(cwd)
                os.execvpe(argv[0], list(argv), child_env)
            finally:
                os._exit(127)
        self.pid = pid
        self.fd = fd
        self.output = bytearray()
        self.last_byte_at = self.started
        self.exit_status: int | None = None
        self.frames_ended = 0  # count of ESC[?2026l seen

    # -- reading -----------------------------------------------------------
    def read_some(self, timeout: float) -> bool:
        """Read what is available within ``timeout`` seconds; False on timeout or EOF."""
        try:
            ready, _, _ = select.select([self.fd], [], [], timeout)
        except InterruptedError:
            return False
        if not ready:
            return False
        try:
            chunk = os.read(self.fd, 1 << 16)
        except OSError:  # EIO: the child closed the terminal
            chunk = b""
        if not chunk:
            self._reap(block=False)
            raise EOFError("the program closed its terminal")
        now = time.perf_counter()
        tail = bytes(self.output[-16:])
        self.output += chunk
        self.last_byte_at = now
        window = tail + chunk
        if SYNC_QUERY in window:
            os.write(self.fd, SYNC_REPLY)
        self.frames_ended += window.count(SYNC_END) - tail.count(SYNC_END)
        return True

    def screen_text(self, start: int = 0) -> str:
        return strip_escapes(bytes(self.output[start:]))

    def wait_painted(self, marker: str | Callable[[str], bool], *, quiet: float = 0.25,
                     timeout: float = 60.0, start: int = 0) -> float:
        """Seconds from process start to the last byte of the paint that shows ``marker``.

        ``marker`` is a string that must appear in the output (escapes removed) or a
        predicate over that text. Raises TimeoutError with the screen text when it never shows.
        """
        test = (lambda text: marker in text) if isinstance(marker, str) else marker
        deadline = time.perf_counter() + timeout
        found = False
        checked = start
        while time.perf_counter() < deadline:
            if self.read_some(0.02 if found else 0.05):
                if not found and len(self.output) > checked:
                    # search from a little before the new bytes (markers split over reads)
                    if test(self.screen_text(start)):
                        found = True
                    checked = len(self.output)
                continue
            if found and time.perf_counter() - self.last_byte_at >= quiet:
                return self.last_byte_at - self.started
        raise TimeoutError(f"marker {marker!r} not painted within {timeout:.0f}s; screen text:\n"
                           + self.screen_text(start)[-3000:])

    def drain(self, quiet: float = 0.1, timeout: float = 5.0) -> None:
        """Read until nothing arrives for ``quiet`` seconds."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if not self.read_some(quiet):
                return

    # -- writing and ending ------------------------------------------------
    def write(self, data: bytes) -> float:
        os.write(self.fd, data)
        return time.perf_counter()

    def vm_hwm_mb(self) -> float:
        """Peak resident set size so far (VmHWM) in MB."""
        with open(f"/proc/{self.pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        raise RuntimeError("no VmHWM in /proc status")

    def _reap(self, block: bool) -> bool:
        if self.exit_status is not None:
            return True
        pid, status = os.waitpid(self.pid, 0 if block else os.WNOHANG)
        if pid:
            self.exit_status = os.waitstatus_to_exitcode(status)
            return True
        return False

    def close(self, quit_keys: bytes = b"q", timeout: float = 5.0) -> int | None:
        """Ask the program to quit with ``quit_keys``; kill it if it does not."""
        try:
            if self.exit_status is None and quit_keys:
                self.write(quit_keys)
            deadline = time.perf_counter() + timeout
            while time.perf_counter() < deadline and not self._reap(block=False):
                try:
                    self.read_some(0.05)
                except EOFError:
                    pass
            if not self._reap(block=False):
                os.kill(self.pid, signal.SIGTERM)
                time.sleep(0.2)
                if not self._reap(block=False):
                    os.kill(self.pid, signal.SIGKILL)
                    self._reap(block=True)
        except ChildProcessError:
            pass
        finally:
            try:
                os.close(self.fd)
            except OSError:
                pass
        return self.exit_status
