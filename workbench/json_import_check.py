"""Checks on a JSON export before it is restored, so a bad one is refused naming the JSON file.

Nesting is checked first and without recursion: a document nested thousands
deep would overflow Python's stack in the importer's recursive cleaning
(the parser itself stops at about a thousand levels with a RecursionError,
which the importer reports the same way).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from workbench.errors import WorkbenchError

MAX_DEPTH = 100  # an export is a handful of levels deep (claims → evidence → fields; events' before/after)
TOO_DEEP = f"too deeply nested (over {MAX_DEPTH} levels); not a workbench JSON export"


def check_depth(doc: Any, path: Path) -> None:
    """Refuse a document nested deeper than :data:`MAX_DEPTH` lists and objects."""
    stack: list[tuple[Any, int]] = [(doc, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children: Any = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > MAX_DEPTH:
            raise WorkbenchError(TOO_DEEP, path)
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
