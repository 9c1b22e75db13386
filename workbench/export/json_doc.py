"""The review as one document: the JSON export, and the source of every other format.

:func:`build_document` reads whole tables (one query each, no per-claim
queries, so 100,000 claims export in seconds), all in one read transaction
(a write committed by another process while it reads is wholly in the
document or wholly out), and assembles the archival form described in
DESIGN.md. :func:`restore_document` is its inverse, used by
``workbench import export.json`` to rebuild an equivalent database.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from workbench.errors import WorkbenchError
from workbench.store import Store, Verdict
from workbench.store.imports import day_key, sort_key
from workbench.store.models import LABELS, STANCES, final_verdict, is_disputed
from workbench.store.stems import restem

FORMAT_NAME = "factcheck-workbench"
FORMAT_VERSION = 1


def _verdict(row: dict[str, Any]) -> Verdict:
    return Verdict(row["claim_id"], row["reviewer"], row["label"], row["note"],
                   row["updated_at"], bool(row["settled"]))


def _updated_at(verdict: Verdict) -> str:
    return verdict.updated_at


def build_document(store: Store, *, with_events: bool = True) -> dict[str, Any]:
    """Everything in the review database as plain JSON-able data, as of one moment.

    Why one snapshot: the tables are read one after another, and an import,
    split or undo committed by another process in between gave an occurrence
    of an article not read yet (a ``KeyError`` traceback) or a visible claim
    whose occurrences had moved to another.
    """
    with store.snapshot():
        return _build(store, with_events)


def _build(store: Store, with_events: bool) -> dict[str, Any]:
    story = store.story()
    articles = store.dump("articles")
    restem(articles)  # (a no-op but for a file before 0004 opened read-only)
    stem = {a["id"]: a["stem"] for a in articles}

    def stem_of(row: dict[str, Any], what: str) -> Any:
        """The stem of the row's article; a row naming none (a file edited by another program with
        its foreign keys off) is one line naming the file, not a traceback."""
        try:
            return stem[row["article_id"]]
        except KeyError:
            raise WorkbenchError(f"damaged: {what} {row['id']} points at article {row['article_id']},"
                                 " which is not in the file", store.path) from None

    occ_by_claim: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for o in store.dump("occurrences"):
        occ_by_claim[o["claim_id"]].append({
            "id": o["id"], "article": stem_of(o, "occurrence"), "article_id": o["article_id"],
            "start": o["start"], "end": o["end"], "text": o["text"], "kind": o["kind"],
            "speaker": o["speaker"], "on_behalf_of": o["on_behalf_of"],
        })
    ev_by_claim: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for e in store.dump("evidence"):
        ev_by_claim[e["claim_id"]].append({
            "id": e["id"], "article": stem_of(e, "evidence"), "article_id": e["article_id"],
            "start": e["start"], "end": e["end"], "text": e["text"], "stance": e["stance"],
            "note": e["note"], "reviewer": e["reviewer"], "created_at": e["created_at"],
        })
    ver_by_claim: dict[int, list[Verdict]] = defaultdict(list)
    for v in store.dump("verdicts"):
        ver_by_claim[v["claim_id"]].append(_verdict(v))
    claims, merged = [], []
    for c in store.dump("claims"):
        rows = ver_by_claim.get(c["id"])
        if rows:  # most claims of a large review have no verdict yet: skip the work for them
            rows.sort(key=_updated_at)
            final = final_verdict(rows)
            noted = final if final and final.note else next((v for v in reversed(rows) if v.note), None)
            decided = final or noted
            disputed = is_disputed(rows)
            verdicts = [
                {"reviewer": v.reviewer, "label": v.label, "note": v.note,
                 "updated_at": v.updated_at, "settled": v.settled}
                for v in rows
            ]
        else:
            final = noted = decided = None
            disputed, verdicts = False, []
        record = {
            "id": c["id"], "text": c["text"], "speaker": c["speaker"],
            "on_behalf_of": c["on_behalf_of"], "said_on": c["said_on"], "setting": c["setting"],
            "origin": c["origin"],
            "verdict": final.label if final else None,
            "note": noted.note if noted else None,
            "reviewer": decided.reviewer if decided else None,
            "updated_at": decided.updated_at if decided else None,
            "disputed": disputed,
            "verdicts": verdicts,
            "occurrences": occ_by_claim.get(c["id"], []),
            "evidence": ev_by_claim.get(c["id"], []),
        }
        if c["merged_into"] is None:
            claims.append(record)
        else:
            record["merged_into"] = c["merged_into"]
            merged.append(record)
    doc: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "story": {"name": story["name"]},
        "subject": story["subject"],
        "articles": [
            {k: a[k] for k in ("id", "source", "stem", "sha256", "title", "outlet", "url",
                               "published", "byline", "body")}
            for a in articles
        ],
        "claims": claims,
        "merged_claims": merged,
    }
    if with_events:
        doc["events"] = [
            {"id": e["id"], "at": e["at"], "reviewer": e["reviewer"], "action": e["action"],
             "claim": e["claim_id"],  # as restore_document reads it (DESIGN.md names it claim)
             "before": json.loads(e["before"]) if e["before"] else None,
             "after": json.loads(e["after"]) if e["after"] else None}
            for e in store.dump("events")
        ]
        doc["state"] = _state(store)
    return doc


def _state(store: Store) -> dict[str, Any]:
    """The stored state as exported: the story as every command reads it, so that a file
    damaged by an older import (a bare string for the subject) exports in a form the import
    takes back; a value that is not JSON at all is left out (nothing can read it)."""
    out: dict[str, Any] = {}
    for row in store.dump("state"):
        if row["key"] == "story":
            out["story"] = store.story()
            continue
        try:
            out[row["key"]] = json.loads(row["value"])
        except (TypeError, ValueError):
            continue
    return out


def _need(cond: bool, message: str, path: Path | None) -> None:
    if not cond:
        raise WorkbenchError(f"not a workbench JSON export: {message}", path)


_JSON_TYPES = {str: "a string", int: "a number", float: "a number", bool: "true or false",
               list: "a list", dict: "an object", type(None): "null"}


def _not(value: Any) -> str:
    """What the reader gave instead, in JSON's words: "not a string"."""
    return f"not {_JSON_TYPES.get(type(value), 'that')}"


def _check_subject(subject: Any, where: str, path: Path | None) -> None:
    """A subject is {"name": …, "aliases": […]} (either may be missing or null)."""
    _need(isinstance(subject, dict), f"{where} must be an object with a name and aliases, {_not(subject)}", path)
    _need(isinstance(subject.get("name"), str | None), f"{where} name must be a string", path)
    aliases = subject.get("aliases")
    _need(aliases is None or (isinstance(aliases, list) and all(isinstance(a, str) for a in aliases)),
          f"{where} aliases must be a list of strings", path)


def _check_story(doc: dict[str, Any], path: Path | None) -> None:
    """Refuse a story or subject of the wrong type, before anything is stored.

    Why: they are stored as they come and read by every later command; a
    string where an object belongs imported cleanly and then made ``stats``,
    ``export`` and ``timeline`` fail.
    """
    if doc.get("subject") is not None:
        _check_subject(doc["subject"], "'subject'", path)
    if doc.get("story") is not None:
        _check_story_object(doc["story"], "'story'", path)
    story = (doc.get("state") or {}).get("story")
    if story is not None:
        _check_story_object(story, "'state' story", path)
        if story.get("subject") is not None:
            _check_subject(story["subject"], "'state' story subject", path)


def _check_story_object(story: Any, where: str, path: Path | None) -> None:
    _need(isinstance(story, dict), f"{where} must be an object, {_not(story)}", path)
    _need(isinstance(story.get("name"), str | None), f"{where} name must be a string", path)


def _article_of(row: dict[str, Any], by_stem: dict[str, list[int]], bodies: dict[int, str]) -> Any:
    """The article an occurrence or evidence row points into (None or a bad id if none).

    Its ``article_id`` when it has one (every export of ours does). Otherwise
    ``article``, the file stem that is the DESIGN.md minimum, which two
    articles can share (``index.html`` from two sites): then the one whose
    body holds the row's text at its offsets, so no stem shadows another.
    """
    if row.get("article_id") is not None:
        return row["article_id"]
    named = by_stem.get(str(row.get("article")), [])
    if len(named) > 1 and isinstance(row.get("text"), str):
        start, end = row.get("start"), row.get("end")
        if isinstance(start, int) and isinstance(end, int):
            return next((a for a in named if bodies[a][start:end] == row["text"]), named[0])
    return named[0] if named else None


def restore_document(store: Store, doc: Any, path: Path | None = None) -> dict[str, int]:
    """Rebuild a review database from :func:`build_document` output; returns counts."""
    from workbench.extract import split_sentences

    _need(isinstance(doc, dict), "the top level must be an object", path)
    _need(isinstance(doc.get("articles"), list), "no 'articles' list", path)
    _need(isinstance(doc.get("claims"), list), "no 'claims' list", path)
    for key in ("events", "merged_claims"):
        _need(isinstance(doc.get(key) or [], list), f"'{key}' must be a list", path)
    _need(isinstance(doc.get("state") or {}, dict), "'state' must be an object", path)
    _check_story(doc, path)
    if not store.is_empty():
        raise WorkbenchError("a JSON export can only be imported into a new, empty database", path)
    articles, spans = [], {}
    by_stem: dict[str, list[int]] = defaultdict(list)
    for i, a in enumerate(doc["articles"], 1):
        _need(isinstance(a, dict) and isinstance(a.get("body"), str), f"article {i} has no body", path)
        aid = int(a.get("id") or i)
        stem_ = a.get("stem") or Path(str(a.get("source") or f"article-{aid}")).stem
        source = a.get("source") or stem_
        articles.append({
            "id": aid, "source": str(source), "stem": str(stem_),
            "sha256": a.get("sha256") or hashlib.sha256(a["body"].encode()).hexdigest(),
            "title": a.get("title"), "outlet": a.get("outlet"), "url": a.get("url"),
            "published": a.get("published"), "byline": a.get("byline"), "body": a["body"],
            "imported_at": doc.get("exported_at") or "",
        })
        by_stem[stem_].append(aid)
        spans[aid] = split_sentences(a["body"])
    restem(articles)  # stored stems each article's own (rows still find theirs by the given stems)
    bodies = {a["id"]: a["body"] for a in articles}
    published = {a["id"]: a["published"] for a in articles}
    tables: dict[str, list[dict[str, Any]]] = defaultdict(list)
    tables["articles"] = articles
    all_claims = [*doc["claims"], *(doc.get("merged_claims") or [])]
    for n, c in enumerate(all_claims, 1):
        _need(isinstance(c, dict) and isinstance(c.get("text"), str), f"claim {n} has no text", path)
        cid = int(c.get("id") or n)
        verdicts = c.get("verdicts")
        if verdicts is None and (c.get("verdict") or c.get("note")):
            verdicts = [{"reviewer": c.get("reviewer") or "reviewer", "label": c.get("verdict"),
                         "note": c.get("note"), "updated_at": c.get("updated_at") or "",
                         "settled": True}]
        rows = []
        for v in verdicts or []:
            _need(v.get("label") in (*LABELS, None), f"claim {cid} has an unknown verdict", path)
            rows.append({"claim_id": cid, "reviewer": v.get("reviewer") or "reviewer",
                         "label": v.get("label"), "note": v.get("note"),
                         "updated_at": v.get("updated_at") or "", "settled": int(bool(v.get("settled", True)))})
        final = final_verdict([_verdict(r) for r in rows])
        occs = c.get("occurrences") or []
        first_pub = None
        sources: set[int] = set()
        for o in occs:
            aid = _article_of(o, by_stem, bodies)
            _need(aid in bodies, f"claim {cid} points at an unknown article", path)
            _need(bodies[aid][o["start"]:o["end"]] == o["text"],
                  f"claim {cid}: an occurrence's text is not body[start:end]", path)
            day = day_key(published[aid])
            if day and (first_pub is None or day < first_pub):
                first_pub = day  # the earliest report, as the import keeps it
            sources.add(aid)
            tables["occurrences"].append({
                "id": o.get("id"), "claim_id": cid, "article_id": aid, "start": o["start"],
                "end": o["end"], "text": o["text"], "kind": o.get("kind") or "direct",
                "speaker": o.get("speaker"), "on_behalf_of": o.get("on_behalf_of"),
            })
        for e in c.get("evidence") or []:
            aid = _article_of(e, by_stem, bodies)
            _need(aid in bodies, f"claim {cid}: evidence points at an unknown article", path)
            _need(e.get("stance") in STANCES, f"claim {cid}: evidence has an unknown stance", path)
            tables["evidence"].append({
                "id": e.get("id"), "claim_id": cid, "article_id": aid, "start": e["start"],
                "end": e["end"], "text": bodies[aid][e["start"]:e["end"]], "stance": e["stance"],
                "note": e.get("note"), "reviewer": e.get("reviewer"), "created_at": e.get("created_at") or "",
            })
        tables["verdicts"] += rows
        tables["claims"].append({
            "id": cid, "text": c["text"], "speaker": c.get("speaker") or "", "on_behalf_of": c.get("on_behalf_of"),
            "said_on": c.get("said_on"), "setting": c.get("setting"), "origin": c.get("origin") or "extracted",
            "sort_key": sort_key(c.get("said_on"), first_pub), "verdict": final.label if final else None,
            "n_sources": len(sources),
            "merged_into": c.get("merged_into"), "created_at": doc.get("exported_at") or "",
        })
    for e in doc.get("events") or []:
        tables["events"].append({
            "id": e.get("id"), "at": e.get("at") or "", "reviewer": e.get("reviewer"),
            "action": e.get("action") or "unknown", "claim_id": e.get("claim"),
            "before": None if e.get("before") is None else json.dumps(e["before"], ensure_ascii=False),
            "after": None if e.get("after") is None else json.dumps(e["after"], ensure_ascii=False),
        })
    state = dict(doc.get("state") or {})
    state.setdefault("story", {"name": (doc.get("story") or {}).get("name"), "subject": doc.get("subject")})
    tables["state"] = [{"key": k, "value": json.dumps(v, ensure_ascii=False)} for k, v in state.items()]
    store.restore(tables, spans)
    return {"articles": len(articles), "claims": len(doc["claims"]),
            "occurrences": len(tables["occurrences"])}
