"""Export renderers: every format is rendered from the one JSON export document.

The document (see ``json_doc``) is the contract with the store, so no renderer
touches SQL and each can be tested from a hand-built dict. ``render`` picks the
renderer; ``DEFAULT_SUFFIX`` gives ``workbench export`` a file name suffix; the
CLI writes the result with ``atomic.write_atomic``.
"""

from __future__ import annotations

import json
from typing import Any

from workbench.export.claimreview import render_claimreview
from workbench.export.csv_ import render_csv
from workbench.export.errors import ExportError
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

__all__ = ["DEFAULT_SUFFIX", "FORMATS", "ExportError", "render"]


def render(doc: dict[str, Any], fmt: str, settings: dict[str, Any] | None = None) -> str:
    """Render ``doc`` in format ``fmt`` (one of ``FORMATS``); ``settings`` is needed by claimreview."""
    if fmt == "json":
        return json.dumps(doc, ensure_ascii=False, indent=2)
    if fmt == "csv":
        return render_csv(doc)
    if fmt == "markdown":
        return render_markdown(doc)
    if fmt == "yaml":
        return render_yaml(doc)
    if fmt == "claimreview":
        return render_claimreview(doc, settings)
    raise ExportError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
