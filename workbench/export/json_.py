"""The JSON export's bytes: ``json.dumps(doc, ensure_ascii=False, indent=2)``, fast.

The standard library has no C path for indented output, so a 130 MB export
spends seconds in pure-Python encoding. orjson writes the same text in C, byte
for byte, for documents made of ``str``, ``int``, ``bool``, ``None``, ``dict``
(with ``str`` keys) and ``list``, which is what ``build_document`` produces.
Where the two would differ we use ``json`` itself, so the format never
changes:

* floats: orjson spells some differently (``1e-05`` becomes ``0.00001``,
  ``NaN`` becomes ``null``); a float anywhere sends the document to ``json``;
* any other type (tuples, subclasses, ``bytes``…): to ``json``, which writes
  it or raises as it always did;
* what orjson refuses (non-``str`` keys, integers beyond 64 bits, lone
  surrogates, nesting deeper than 254): to ``json``.

``tests/test_export_json.py`` checks the two agree on every code point.
"""

from __future__ import annotations

import json
from typing import Any

try:
    import orjson
except ImportError:  # an install that predates the dependency: the same bytes, through json
    orjson = None  # type: ignore[assignment]

__all__ = ["render_json", "render_json_bytes"]


def _plain(doc: Any) -> bool:
    """True when every value in ``doc`` is a str, int, bool, None, dict or list (no float)."""
    stack = [doc]
    pop, push = stack.pop, stack.append
    while stack:
        node = pop()
        for value in node.values() if type(node) is dict else node:
            kind = type(value)
            if kind is str or kind is int or kind is bool or value is None:
                continue
            if kind is dict or kind is list:
                push(value)
                continue
            return False
    return True


def _orjson(doc: Any) -> bytes | None:
    """The export's UTF-8 bytes through orjson, or None where it would not match ``json``."""
    if orjson is None or (type(doc) is not dict and type(doc) is not list):
        return None
    try:
        # Encoding first also settles that ``doc`` has no cycle (orjson stops at depth 254).
        data = orjson.dumps(doc, option=orjson.OPT_INDENT_2)
    except orjson.JSONEncodeError:
        return None
    return data if _plain(doc) else None


def _json(doc: Any) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2)


def render_json(doc: Any) -> str:
    """The JSON export as text (``json.dumps(doc, ensure_ascii=False, indent=2)``)."""
    data = _orjson(doc)
    return data.decode("utf-8") if data is not None else _json(doc)


def render_json_bytes(doc: Any) -> bytes:
    """The JSON export as the UTF-8 bytes of :func:`render_json`, without a decode and encode."""
    data = _orjson(doc)
    return data if data is not None else _json(doc).encode("utf-8")
