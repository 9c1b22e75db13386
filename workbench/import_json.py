"""``workbench import`` of a JSON export: the review it came from, rebuilt.

Apart from :mod:`workbench.importer` (which reads articles) because nothing
is shared but the one-line errors: the document is checked whole (depth,
consistency, no terminal controls in bodies) before
:func:`workbench.export.json_doc.restore_document` stores it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from workbench.errors import WorkbenchError
from workbench.ingest.decode import strip_controls
from workbench.json_import_check import TOO_DEEP, check_consistency, check_depth
from workbench.regular_file import NotRegularFile, read_regular_file
from workbench.store import Store


def import_json(store: Store, path: Path) -> dict[str, int]:
    """Rebuild a review from a JSON export (into an empty database).

    Returns the counts of articles, claims and occurrences stored; a problem
    is a :class:`WorkbenchError` of one line naming the file.
    """
    from workbench.export.json_doc import restore_document

    try:
        doc = json.loads(read_regular_file(path).decode("utf-8-sig"))  # a FIFO would block, /dev/zero never end
    except (OSError, UnicodeDecodeError, NotRegularFile) as exc:
        raise WorkbenchError(f"cannot read JSON export ({exc})", path) from None
    except json.JSONDecodeError as exc:
        raise WorkbenchError(f"line {exc.lineno}: invalid JSON ({exc.msg})", path) from None
    except RecursionError:  # the parser's own stack guard, some thousand levels down
        raise WorkbenchError(TOO_DEEP, path) from None
    try:
        check_depth(doc, path)  # before _clean_document, which recurses
        doc = _clean_document(doc, path)
        check_consistency(doc, path)  # on the cleaned names, as they would be stored
        counts: dict[str, int] = restore_document(store, doc, path)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise WorkbenchError(f"not a workbench JSON export ({type(exc).__name__}: {exc})", path) from None
    return counts


def _clean_document(doc: Any, path: Path) -> Any:
    """A JSON export's text as the importer would have stored it: no terminal controls.

    Article bodies are what every offset points into, so one holding control
    characters (which no export of ours contains) is refused rather than
    changed; every other string is passed through :func:`strip_controls`.
    """
    if not isinstance(doc, dict):
        return doc
    for i, article in enumerate(doc.get("articles") or [], 1):
        body = article.get("body") if isinstance(article, dict) else None
        if isinstance(body, str) and strip_controls(body) != body:
            raise WorkbenchError(
                f"article {i} holds terminal control characters; not a workbench JSON export", path
            )

    def clean(value: Any, key: str | None = None) -> Any:
        if isinstance(value, str):
            return value if key == "body" else strip_controls(value)
        if isinstance(value, dict):
            return {k: clean(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value

    return clean(doc)
