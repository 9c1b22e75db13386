"""Who is who across merged files: one reviewer name may be one person or several.

Everyone defaults to their login, so the same name in two files is taken for
two people and kept apart, unless the files share that name's past: an event
with the same id, time and reviewer, or (for a merged file, which starts a
history of its own) a verdict with the same time to the microsecond. Then
one file is a copy of the other, as when a review is handed to a colleague,
and the name is one person whose last verdict, note or clearing on each claim
counts. Kept apart, a reviewer whose file was copied agreed with themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import combinations
from typing import Any

from workbench.merge_parts import all_claims
from workbench.store import Store

#: claim id -> reviewer -> when that reviewer last changed their label, and their note, on the
#: claim in one file ("" when they did not)
Acted = dict[int, dict[str, tuple[str, str]]]

#: what each action changes in a reviewer's own verdict row (also when undone or redone);
#: evidence, merges and splits do not say which copy holds their latest verdict
_CHANGES = {"set_verdict": 0, "clear_verdict": 0, "set_note": 1}


class History:
    """What one file's event log says about its reviewers."""

    def __init__(self, store: Store) -> None:
        self.events: set[tuple[int, str, str]] = set()  # (id, at, reviewer) of each reviewer's event
        self.acted: Acted = {}
        # A merged file's history starts at the merge: a label or note not changed since has no
        # date of its own there (see add_verdicts).
        self.merged = store.is_merge_output()
        for event_id, at, reviewer, action, claim_id in store.reviewer_events():
            self.events.add((event_id, at, reviewer))
            field = _CHANGES.get(action.rpartition(" ")[2])
            if claim_id is not None and field is not None:
                last = self.acted.setdefault(claim_id, {})
                stamps = list(last.get(reviewer, ("", "")))
                stamps[field] = max(stamps[field], at)
                last[reviewer] = (stamps[0], stamps[1])

    def rename(self, name: str, new: str) -> None:
        for last in self.acted.values():
            if name in last:
                last[new] = last.pop(name)


def _stamps(doc: dict[str, Any]) -> set[tuple[str, str]]:
    """(reviewer, updated_at) of each verdict row in a document."""
    return {(v["reviewer"], v["updated_at"]) for c in all_claims(doc) for v in c.get("verdicts") or []
            if v.get("updated_at")}


def qualify_reviewers(docs: list[dict[str, Any]], histories: list[History], labels: list[str]) -> list[str]:
    """Rename a reviewer name found in unrelated files to "name (file)" in each; returns report lines.

    Files that share the name's past keep it as one reviewer (see the
    module docstring); a group of such files is labelled "name (a+b)" when
    the name is also in an unrelated file.
    """
    seen: dict[str, list[int]] = {}
    for i, doc in enumerate(docs):
        # everyone with a trace in the file: a verdict, evidence, or an action in its history
        names = {v["reviewer"] for c in all_claims(doc) for v in c.get("verdicts") or []}
        names |= {e["reviewer"] for c in all_claims(doc) for e in c.get("evidence") or [] if e.get("reviewer")}
        names |= {r for _, _, r in histories[i].events}
        for name in sorted(names):
            seen.setdefault(name, []).append(i)
    stamps = [_stamps(doc) for doc in docs]
    shared: dict[tuple[int, int], set[str]] = {}  # names whose past two files share, each pair once
    for i, j in combinations(range(len(docs)), 2):
        shared[i, j] = ({r for _, _, r in histories[i].events & histories[j].events}
                        | {r for r, _ in stamps[i] & stamps[j]})
    lines = []
    for name, where in seen.items():
        if len(where) < 2:
            continue
        groups = _groups(where, lambda i, j, name=name: name in shared[min(i, j), max(i, j)])
        for group in groups:
            if len(group) > 1:
                lines.append(f"reviewer '{name}' in {', '.join(labels[i] for i in group)} is one person"
                             " (the files share their past): their last verdict on each claim counts")
        if len(groups) < 2:
            continue
        for group in groups:
            new = f"{name} ({'+'.join(labels[i] for i in group)})"
            for i in group:
                _rename(docs[i], name, new)
                histories[i].rename(name, new)
        lines.append(f"reviewer '{name}' is in {len(where)} files; kept apart as "
                     + ", ".join(f"'{name} ({'+'.join(labels[i] for i in group)})'" for group in groups))
    return lines


def _groups(files: list[int], related: Callable[[int, int], bool]) -> list[list[int]]:
    """``files`` grouped by ``related(i, j)``, transitively (copies of copies are one group)."""
    root = {i: i for i in files}

    def find(i: int) -> int:
        while root[i] != i:
            i = root[i]
        return i

    for a, i in enumerate(files):
        for j in files[a + 1:]:
            if find(i) != find(j) and related(i, j):
                root[find(j)] = find(i)
    out: dict[int, list[int]] = {}
    for i in files:
        out.setdefault(find(i), []).append(i)
    return list(out.values())


def _rename(doc: dict[str, Any], name: str, new: str) -> None:
    for claim in all_claims(doc):
        for v in claim.get("verdicts") or []:
            if v["reviewer"] == name:
                v["reviewer"] = new
        for e in claim.get("evidence") or []:
            if e.get("reviewer") == name:
                e["reviewer"] = new


def add_verdicts(target: dict[str, Any], rows: list[dict[str, Any]],
                 acted: dict[str, tuple[str, str]] | None = None, merged: bool = False) -> None:
    """One verdict per reviewer on ``target``: its label from the file where they last changed
    the label, its note from the file where they last changed the note.

    ``acted``: for the file the rows come from, when each reviewer last
    changed their label and their note on this claim. A later change there
    that left nothing (a cleared verdict) removes what an older copy still
    has. Without such a change (none of theirs on the claim; in a merged
    file, whose history starts at the merge, for that field) a field is
    dated by the row's ``updated_at``: the time of the row's last change,
    so a note added in a merged file dates its older label too.
    ``target["_latest"]`` keeps, per reviewer, each
    field's time, value and row until the merge is done.
    """
    acted = acted or {}
    latest = target.setdefault("_latest", {})
    by_reviewer = {v["reviewer"]: v for v in rows}
    for reviewer in by_reviewer.keys() | acted.keys():
        row = by_reviewer.get(reviewer)
        row_at = (row or {}).get("updated_at") or ""
        # no change of their own here (a note moved by merging claims has no set_note): the row's time
        stamps = acted.get(reviewer)
        when = (row_at, row_at) if stamps is None else tuple(at or (row_at if merged else "") for at in stamps)
        fields = latest.setdefault(reviewer, {})
        for n, name in enumerate(("label", "note")):
            if name not in fields or when[n] > fields[name][0]:
                fields[name] = (when[n], (row or {}).get(name), row)
    verdicts = []
    for reviewer, fields in latest.items():
        (_, label, from_label), (_, note, from_note) = fields["label"], fields["note"]
        if label is None and not note:
            continue
        source = from_label or from_note or {}
        verdicts.append({**source, "reviewer": reviewer, "label": label, "note": note,
                         "updated_at": max((r.get("updated_at") or "" for r in (from_label, from_note) if r),
                                           default="")})
    target["verdicts"] = sorted(verdicts, key=lambda v: v.get("updated_at") or "")
