"""Write an export file: build the document, render a format, write atomically.

Shared by ``workbench export`` and the review screen's ``E`` key so both
produce the same bytes and the same errors.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from workbench.errors import WorkbenchError
from workbench.export import DEFAULT_SUFFIX, FORMATS, render
from workbench.export.atomic import write_atomic
from workbench.export.errors import ExportError
from workbench.export.json_doc import build_document
from workbench.store import Store


def render_format(store: Store, fmt: str, settings: dict[str, Any] | None = None) -> str:
    """The export as text; ExportError becomes a one-line WorkbenchError."""
    if fmt not in FORMATS:
        raise WorkbenchError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    doc = build_document(store, with_events=fmt in ("json", "yaml"))
    try:
        return render(doc, fmt, settings or {})
    except ExportError as exc:
        raise WorkbenchError(f"cannot export {fmt}: {exc}") from None


def default_path(db_path: Path, fmt: str) -> Path:
    """Next to the database: db/review.db → db/review.md for markdown."""
    return db_path.with_suffix(DEFAULT_SUFFIX[fmt])


def export_file(
    store: Store, fmt: str, out_path: Path | None, settings: dict[str, Any] | None = None
) -> Path:
    """Render and write atomically; returns the path written."""
    path = Path(out_path) if out_path else default_path(store.path, fmt)
    text = render_format(store, fmt, settings)
    try:
        write_atomic(path, text)
    except OSError as exc:
        raise WorkbenchError(f"cannot write ({exc.strerror or exc})", path) from None
    return path
