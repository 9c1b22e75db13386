"""Checks on a JSON export before it is restored, so a bad one is refused naming the JSON file.

:func:`workbench.export.json_doc.restore_document` checks the document's
shape; what it leaves to the database (ids given twice, two verdicts of one
reviewer on a claim, ``merged_into`` naming a claim that is not there) only
failed at the insert, as "new.db: not saved: UNIQUE constraint failed", which
names the database being created instead of the file that is wrong. These
checks mirror how ``restore_document`` derives each id, and run after the
importer has stripped control characters from every string (two reviewer
names that differ only by an escape sequence are then the same name). Shape
problems (a claim that is not an object, an id that is not a number) are
left to ``restore_document``, which reports them.

Nesting is checked first and without recursion: a document nested thousands
deep would overflow Python's stack in the importer's recursive cleaning
(the parser itself stops at about a thousand levels with a RecursionError,
which the importer reports the same way).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

from workbench.errors import WorkbenchError
from workbench.export.json_doc import FORMAT_VERSION

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


def check_consistency(doc: Any, path: Path) -> None:
    """Refuse ids given twice, a reviewer's second verdict on a claim, and ``merged_into`` to no claim."""
    if not isinstance(doc, dict):
        return

    def refuse(message: str) -> NoReturn:
        raise WorkbenchError(f"{message}; not a consistent workbench JSON export", path)

    version = doc.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        # A newer workbench's export may mean something else by the same fields.
        raise WorkbenchError(f"is format version {version}, written by a newer workbench (this one"
                             f" reads up to version {FORMAT_VERSION}); update the workbench", path)

    articles = _list(doc.get("articles"))
    ids: set[int] = set()
    hashes: dict[str, int] = {}
    for i, a in enumerate(articles, 1):
        if not isinstance(a, dict) or not isinstance(a.get("body"), str):
            continue
        aid = int(a.get("id") or i)
        if aid in ids:
            refuse(f"article id {aid} appears twice")
        ids.add(aid)
        sha = a.get("sha256") or hashlib.sha256(a["body"].encode()).hexdigest()
        if sha in hashes:
            refuse(f"article {aid} has the same sha256 as article {hashes[sha]} (one text stored twice)")
        hashes[sha] = aid
    claims = [*_list(doc.get("claims")), *_list(doc.get("merged_claims"))]
    claim_ids: set[int] = set()
    seen: dict[str, set[Any]] = {"occurrence": set(), "evidence": set()}
    for n, c in enumerate(claims, 1):
        if not isinstance(c, dict):
            continue
        cid = int(c.get("id") or n)
        if cid in claim_ids:
            refuse(f"claim id {cid} appears twice")
        claim_ids.add(cid)
        reviewers: set[str] = set()
        for v in _list(c.get("verdicts")):
            reviewer = (v.get("reviewer") if isinstance(v, dict) else None) or "reviewer"
            if reviewer in reviewers:
                refuse(f"claim {cid}: reviewer {reviewer} has two verdicts")
            reviewers.add(reviewer)
        for kind, key in (("occurrence", "occurrences"), ("evidence", "evidence")):
            for row in _list(c.get(key)):
                _unique_id(row, kind, seen[kind], refuse)
                for end in ("start", "end"):
                    value = row.get(end) if isinstance(row, dict) else 0
                    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                        refuse(f"claim {cid}: an {kind}'s {end} is {value!r}, not a character offset")
    for n, c in enumerate(claims, 1):
        target = c.get("merged_into") if isinstance(c, dict) else None
        if target and _number(target) not in claim_ids:
            refuse(f"claim {int(c.get('id') or n)} is merged into claim {target}, which is not in the file")
    events: set[Any] = set()
    for e in _list(doc.get("events")):
        _unique_id(e, "event", events, refuse)


def _list(value: Any) -> list[Any]:
    """``value`` when it is a list; anything else is a shape problem restore_document reports."""
    return value if isinstance(value, list) else []


def _unique_id(row: Any, kind: str, seen: set[Any], refuse: Callable[[str], NoReturn]) -> None:
    """An explicit row id is new (SQLite stores "7" and 7 as the same integer key)."""
    rid = row.get("id") if isinstance(row, dict) else None
    if rid is None:
        return
    key = _number(rid)
    if key in seen:
        refuse(f"{kind} id {rid} appears twice")
    seen.add(key)


def _number(value: Any) -> int | str:
    """``value`` as the integer SQLite would store for it, when it is one; else its repr (never a claim id)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return repr(value)
