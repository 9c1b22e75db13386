"""Export renderers: every format is rendered from the one JSON export document.

The document (see ``json_doc``) is the contract with the store, so no renderer
touches SQL and each can be tested from a hand-built dict. ``render`` picks the
renderer and ``render_bytes`` gives the UTF-8 bytes to write (for JSON without
an extra decode and encode); ``DEFAULT_SUFFIX`` gives ``workbench export`` a file
name suffix; the CLI writes the result with ``atomic.write_atomic``.
"""

from __future__ import annotations

from typing import Any

from workbench.export.claimreview import render_claimreview
from workbench.export.csv_ import render_csv
from workbench.export.errors import ExportError
from workbench.export.json_ import render_json, render_json_bytes
from workbench.export.markdown import render_markdown
from workbench.export.yaml_ import render_yaml

FORMATS: tuple[str, ...] = ("json", "csv", "markdown", "yaml", "claimreview")

DEFAULT_SUFFIX: dict[str, str] = {
    "json": ".json",
    "csv": ".csv",
    "markdown": ".md",
    "yaml": ".yaml",
    "claimreview": ".jsonld",
}

__all__ = ["DEFAULT_SUFFIX", "FORMATS", "ExportError", "render", "render_bytes"]


def render(doc: dict[str, Any], fmt: str, settings: dict[str, Any] | None = None) -> str:
    """Render ``doc`` in format ``fmt`` (one of ``FORMATS``); ``settings`` is needed by claimreview."""
    if fmt == "json":
        return render_json(doc)
    if fmt == "csv":
        return render_csv(doc)
    if fmt == "markdown":
        return render_markdown(doc)
    if fmt == "yaml":
        return render_yaml(doc)
    if fmt == "claimreview":
        return render_claimreview(doc, settings)
    raise ExportError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")


def render_bytes(doc: dict[str, Any], fmt: str, settings: dict[str, Any] | None = None) -> bytes:
    """``render(doc, fmt, settings)`` encoded as UTF-8, the bytes an export file holds."""
    if fmt == "json":
        return render_json_bytes(doc)
    return render(doc, fmt, settings).encode("utf-8")
