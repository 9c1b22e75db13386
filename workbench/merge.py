"""``workbench merge``: combine reviewers' files of one story.

Works on export documents, not SQL: each input is opened read-only and
turned into its JSON document; articles are matched by the SHA-256 of their
bytes (never by file stem: two articles may both be ``index.html``), and each
passage keeps the output article's id; claims are matched by their passages
(an occurrence of the same article span), cut where any reviewer cut them and
worded by the input claim holding those passages (``workbench.merge_parts``),
falling back to the same wording and speaker. Every reviewer's verdict is kept
with its author; where reviewers disagree, no verdict is settled, so the
review screen shows the disagreement until someone settles it. A claim a
reviewer merged away keeps its verdicts and notes, hidden under the claim it
joined, as in that reviewer's own export. The merged document is restored
into a new database.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from workbench.errors import WorkbenchError
from workbench.export.agreement import agreement_report
from workbench.export.json_doc import build_document, restore_document
from workbench.ingest.decode import show_controls as plain
from workbench.merge_align import align_bodies
from workbench.merge_parts import Articles, Cutter, all_claims, relink, wording
from workbench.merge_reviewers import History, add_verdicts, qualify_reviewers
from workbench.store import Store


@dataclass
class MergeReport:
    inputs: list[Path]
    articles: int = 0
    claims: int = 0
    matched: int = 0
    agreement: dict[str, Any] = field(default_factory=dict)
    renamed: list[str] = field(default_factory=list)


def merge_documents(docs: list[dict[str, Any]], histories: list[History] | None = None) -> tuple[dict[str, Any], int]:
    """One document holding every input's articles, claims, verdicts and evidence.

    Claims are cut and worded by :class:`workbench.merge_parts.Cutter`;
    ``histories``: per input, when each reviewer last changed each claim's verdict (see
    :func:`workbench.merge_reviewers.add_verdicts`). Returns the document and
    how many claims of later files met one of an earlier file.
    """
    base = docs[0]
    out: dict[str, Any] = {
        "format": base.get("format"), "version": base.get("version"),
        "exported_at": base.get("exported_at"), "story": base.get("story"),
        "subject": base.get("subject"), "articles": [], "claims": [], "merged_claims": [],
        "events": [],
    }
    by_sha: dict[str, dict[str, Any]] = {}
    articles: list[Articles] = []
    for doc in docs:
        for a in doc["articles"]:
            if a["sha256"] not in by_sha:
                by_sha[a["sha256"]] = {**a, "id": len(by_sha) + 1}
                out["articles"].append(by_sha[a["sha256"]])
        articles.append({a["id"]: by_sha[a["sha256"]] for a in doc["articles"]})
    cutter = Cutter(docs, articles)
    parts_of: dict[tuple[int, int], list[tuple[dict[str, Any], dict[str, Any]]]] = {}
    matched: set[tuple[int, int]] = set()
    for part in cutter.parts:
        src = cutter.source(part)
        record = cutter.record(part, len(out["claims"]) + 1, src)
        for n, c in part.holders.items():
            h = histories[n] if histories else None
            add_verdicts(record, c.get("verdicts") or [], h.acted.get(c["id"]) if h else None,
                         h is not None and h.merged)
            _add_evidence(record, c, articles[n])
            parts_of.setdefault((n, id(c)), []).append((record, src))
            if n > min(part.holders):
                matched.add((n, id(c)))
        out["claims"].append(record)
    placed = [{c["id"]: _joined(c, parts_of[(n, id(c))]) for c in doc["claims"]}
              for n, doc in enumerate(docs)]
    _carry_merged_away(docs, out, placed, articles)
    for c in all_claims(out):
        c.pop("_from", None)
        c.pop("_latest", None)
        labels = {v["label"] for v in c["verdicts"] if v["label"]}
        if len(labels) > 1:
            for v in c["verdicts"]:
                v["settled"] = False
    return out, len(matched)


def _joined(claim: dict[str, Any], parts: list[tuple[dict[str, Any], dict[str, Any]]]) -> dict[str, Any]:
    """The output claim standing for an input claim (where claims merged into it go, hidden).

    The part worded by the claim itself, else one worded the same, else its largest part.
    """
    return next((rec for rec, src in parts if src is claim), None) or next(
        (rec for rec, src in parts if wording(src) == wording(claim)), None) or max(
        (rec for rec, _ in parts), key=lambda rec: len(rec["occurrences"]))


def _add_evidence(target: dict[str, Any], claim: dict[str, Any], arts: Articles) -> None:
    """The input claim's evidence joins the output claim's, each passage and stance once."""
    seen = {(e["article_id"], e["start"], e["end"], e["stance"]) for e in target["evidence"]}
    for e in claim.get("evidence") or []:
        ev = relink(e, arts)
        if (ev["article_id"], ev["start"], ev["end"], ev["stance"]) not in seen:
            target["evidence"].append(ev)
            seen.add((ev["article_id"], ev["start"], ev["end"], ev["stance"]))


def _carry_merged_away(docs: list[dict[str, Any]], out: dict[str, Any],
                       placed: list[dict[int, dict[str, Any]]], articles: list[Articles]) -> None:
    """Claims a reviewer merged away come along, hidden under the output claim theirs joined.

    Why: merging B into an A that has a verdict of its own leaves B's verdicts
    and notes on the hidden B (see ``Store.merge_claims``); a merge that read
    only the live claims lost them. The same claim merged away into the same
    place in two files (a file merged with itself or a copy) becomes one hidden
    claim, each reviewer's verdict once. A hidden claim whose target cannot be
    found (a damaged file) stays visible rather than lost.
    """
    carrier = _HiddenClaims(out)
    for n, doc in enumerate(docs):
        carrier.carry(n, doc.get("merged_claims") or [], placed[n], articles[n])


class _HiddenClaims:
    """Places one input's merged-away claims in the output (see :func:`_carry_merged_away`)."""

    def __init__(self, out: dict[str, Any]) -> None:
        self.out = out
        self.next_id = len(out["claims"]) + 1
        self.joined: dict[tuple[int, str], dict[str, Any]] = {}  # (output target, wording) -> hidden claim

    def carry(self, n: int, hidden: list[dict[str, Any]], placed: dict[int, dict[str, Any]],
              arts: Articles) -> None:
        self.n, self.arts = n, arts
        self.hidden = {c["id"]: c for c in hidden}
        self.mine = dict(placed)  # this input's claim id (live or hidden) -> output claim
        self.taken: set[int] = set()  # hidden output claims this input already joined
        for cid in self.hidden:
            self._place(cid, ())

    def _place(self, cid: Any, chain: tuple[int, ...]) -> dict[str, Any] | None:
        if cid in self.mine:
            return self.mine[cid]
        c = self.hidden.get(cid)
        if c is None or cid in chain:  # dangling or circular merged_into
            return None
        into = self._place(c.get("merged_into"), (*chain, cid))  # it may itself be merged away
        key = (id(into), wording(c))
        record = self.joined.get(key) if into is not None else None
        if record is None or record["_from"] == self.n or id(record) in self.taken:
            record = {**c, "id": self.next_id, "verdicts": [], "evidence": [], "_from": self.n,
                      "occurrences": [relink(o, self.arts) for o in c["occurrences"]]}
            self.next_id += 1
            if into is None:
                record.pop("merged_into", None)
                self.out["claims"].append(record)
            else:
                record["merged_into"] = into["id"]
                self.joined[key] = record
                self.out["merged_claims"].append(record)
        self.taken.add(id(record))
        add_verdicts(record, c.get("verdicts") or [])
        _add_evidence(record, c, self.arts)
        self.mine[cid] = record
        return record


def merge_files(out: Path, inputs: list[Path]) -> MergeReport:
    """Merge ``inputs`` into a new database ``out`` and measure agreement."""
    if len(inputs) < 2:
        raise WorkbenchError("merge needs at least two review files")
    if out.exists() and out.stat().st_size > 0:
        raise WorkbenchError("already exists; merge writes a new file", out)
    if any(out.resolve() == p.resolve() for p in inputs if p.exists()):
        raise WorkbenchError("the output cannot also be an input", out)
    _check_distinct(inputs)
    docs, histories = [], []
    for path in inputs:
        with Store(path, readonly=True) as store, store.snapshot():  # the verdicts and their history agree
            docs.append(build_document(store, with_events=False))
            histories.append(History(store))
    _check_subjects(docs, inputs)
    align_bodies(docs, inputs)
    renamed = qualify_reviewers(docs, histories, _labels(inputs))
    merged, matched = merge_documents(docs, histories)
    report = MergeReport(inputs=inputs, articles=len(merged["articles"]),
                         claims=len(merged["claims"]), matched=matched, renamed=renamed)
    report.agreement = agreement_report(merged)
    _write_new(out, merged, {"merged": [str(p) for p in inputs], **{
        k: report.agreement.get(k) for k in ("percent_agreement", "kappa", "alpha")}})
    return report


def _check_distinct(inputs: list[Path]) -> None:
    """Each input exists and is another file: one given twice (by any path or link) is refused.

    Why: its reviewers would be counted twice, as two people agreeing.
    """
    seen: set[Path | tuple[int, int]] = set()
    for path in inputs:
        if not path.exists():
            raise WorkbenchError("no such database file", path)
        st = path.stat()
        ids = {path.resolve(), (st.st_dev, st.st_ino)}
        if ids & seen:
            raise WorkbenchError("given twice: the same review file cannot be merged with itself", path)
        seen |= ids


def _check_subjects(docs: list[dict[str, Any]], inputs: list[Path]) -> None:
    """All inputs review one subject (the story's name may differ); else the odd file is named.

    The subject most inputs share is the story's (the first file's on a tie).
    """
    names = [(d.get("subject") or {}).get("name") or "" for d in docs]
    keys = [" ".join(str(n).split()).casefold() for n in names]
    common = Counter(keys).most_common(1)[0][0]
    first = keys.index(common)
    for path, name, key in zip(inputs, names, keys, strict=True):
        if key != common:
            theirs = f"subject '{plain(str(name))}'" if name else "no subject"
            ours = f"'{plain(str(names[first]))}'" if names[first] else "none"
            raise WorkbenchError(f"reviews another story: {theirs}, not {ours} as in {plain(str(inputs[first]))};"
                                 " merge combines files of one story", path)


def _labels(inputs: list[Path]) -> list[str]:
    """What tells the inputs apart in reviewer names: the file's stem, or its path when stems repeat."""
    stems = Counter(p.stem for p in inputs)
    return [p.stem if stems[p.stem] == 1 else plain(str(p.with_suffix(""))) for p in inputs]


def _write_new(out: Path, merged: dict[str, Any], record: dict[str, Any]) -> None:
    """Restore ``merged`` into a temporary file beside ``out``, then rename it into place.

    A failure is reported against ``out``, the file the reviewer asked for:
    the temporary name means nothing to them and is removed anyway.
    """
    tmp = out.with_name(f".{out.name}.merging")
    tmp.unlink(missing_ok=True)
    try:
        with Store(tmp) as store:
            restore_document(store, merged)
            store.record_import(record)
        tmp.replace(out)
    except WorkbenchError as exc:
        detail = exc.detail.removeprefix("not a workbench JSON export: ")
        raise WorkbenchError(f"merged review not written: {detail}", out) from None
    except (sqlite3.Error, OSError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise WorkbenchError(f"merged review not written: {reason}", out) from None
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{tmp}{suffix}").unlink(missing_ok=True)


def render_merge_report(report: MergeReport, out: Path) -> RenderableType:
    """What a desk editor reads after merging: agreement figures, then each disagreement."""
    ag = report.agreement

    def fmt(value: Any) -> str:
        return "n/a" if value is None else f"{value:.3f}"

    lines = [
        Text(f"merged {len(report.inputs)} files into {plain(str(out))}: {report.articles} articles,"
             f" {report.claims} claims ({report.matched} matched across files)"),
        *(Text(line) for line in report.renamed),
        Text(f"reviewers: {plain(', '.join(ag.get('reviewers') or [])) or 'none'};"
             f" claims reviewed by two or more: {ag.get('items_both_reviewed', 0)}"),
        Text(f"percent agreement: {fmt(ag.get('percent_agreement'))}"
             f"  Cohen's kappa: {fmt(ag.get('kappa'))}"
             f"  Krippendorff's alpha: {fmt(ag.get('alpha'))}"),
    ]
    table = Table(title=f"{len(ag.get('disagreements') or [])} disagreement(s)", show_lines=False)
    table.add_column("claim", justify="right")
    table.add_column("statement")
    table.add_column("verdicts")
    for d in ag.get("disagreements") or []:
        table.add_row(Text(str(d["claim"])), Text(plain(d["text"][:90])),
                      Text(plain(", ".join(f"{r}: {label}" for r, label in d["verdicts"].items()))))
    return Group(*lines, table)
