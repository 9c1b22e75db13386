"""Write an export file: build the document, render a format, write atomically.

Shared by ``workbench export`` and the review screen's ``E`` key so both
produce the same bytes and the same errors.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from workbench.errors import WorkbenchError
from workbench.export import DEFAULT_SUFFIX, FORMATS, render, render_bytes
from workbench.export.atomic import write_atomic
from workbench.export.errors import ExportError
from workbench.export.json_doc import build_document
from workbench.store import Store
from workbench.store.connection import SQLITE_MAGIC

_T = TypeVar("_T", str, bytes)


def _render(
    store: Store, fmt: str, settings: dict[str, Any] | None, renderer: Callable[..., _T]
) -> _T:
    """Build the document and render it with ``render`` (text) or ``render_bytes`` (UTF-8).

    ExportError becomes a one-line WorkbenchError.
    """
    if fmt not in FORMATS:
        raise WorkbenchError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    doc = build_document(store, with_events=fmt in ("json", "yaml"))
    try:
        return renderer(doc, fmt, settings or {})
    except ExportError as exc:
        raise WorkbenchError(f"cannot export {fmt}: {exc}", exc.path) from None


def render_format(store: Store, fmt: str, settings: dict[str, Any] | None = None) -> str:
    """The export as text; ExportError becomes a one-line WorkbenchError."""
    return _render(store, fmt, settings, render)


def default_path(db_path: Path, fmt: str) -> Path:
    """Next to the database: db/review.db → db/review.md for markdown (review.export.json for a
    database that is itself named review.json, which the export must never replace)."""
    path = db_path.with_suffix(DEFAULT_SUFFIX[fmt])
    return path if path != db_path else db_path.with_suffix(".export" + DEFAULT_SUFFIX[fmt])


def check_target(path: Path, db_path: Path) -> None:
    """Refuse to write an export over the review database, its journal files or any SQLite file.

    Why: an export replaces its target whole, so ``-o review.db`` would
    throw away every verdict in it.
    """
    sidecars = {db_path.name + end for end in ("-wal", "-shm", "-journal")}
    try:
        same = path.samefile(db_path)
    except OSError:
        same = False
    try:
        with path.open("rb") if path.is_file() else open(os.devnull, "rb") as f:
            header = f.read(len(SQLITE_MAGIC))
    except OSError:
        header = b""
    try:
        beside = path.name in sidecars and path.parent.resolve() == db_path.parent.resolve()
    except (OSError, RuntimeError):  # a symlink loop: the write then says why it fails
        beside = False
    if same or beside:
        raise WorkbenchError("is the review database itself; export to another file", path)
    if header == SQLITE_MAGIC:
        raise WorkbenchError("is a SQLite database; an export will not replace it", path)


def export_file(
    store: Store, fmt: str, out_path: Path | None, settings: dict[str, Any] | None = None
) -> Path:
    """Render and write atomically; returns the path written."""
    path = Path(out_path) if out_path else default_path(store.path, fmt)
    check_target(path, store.path)
    data = _render(store, fmt, settings, render_bytes)
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise WorkbenchError(f"cannot write ({exc.strerror or exc})", path) from None
    return path
