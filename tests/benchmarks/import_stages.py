"""Where import time goes, stage by stage (diagnosis; not part of the figures).

    python tests/benchmarks/import_stages.py STORY_YAML [DB]

Replays what ``workbench.importer._import_articles`` does, with a timer around
each stage: story YAML, read + decode + clean, sentence split, extraction,
grouping (each a chunk of articles at a time, as the importer does), and the
SQLite writes. It calls the same library functions, but it
is a copy of the importer's loop, so check it against ``importer.py`` when
that changes.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path


def main() -> None:
    from workbench.config import load_story
    from workbench.extract import ArticleText, Grouper, Subject, extract_article, split_sentences
    from workbench.importer import CHUNK_ARTICLES, _batches, _gc_paused, read_article
    from workbench.store import NewClaim, NewOccurrence, PreparedArticle, Store

    story_path = Path(sys.argv[1])
    db = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(tempfile.mkdtemp()) / "stages.db"
    t: dict[str, float] = defaultdict(float)

    t0 = time.perf_counter()
    story = load_story(story_path)
    t["story yaml"] += time.perf_counter() - t0
    store = Store(db)
    store.set_story(story.name, story.subject, story.aliases)
    subj = Subject(story.subject or "", tuple(story.aliases))
    grouper = Grouper(store.claim_keys())
    prepared = []
    size = 0
    cwd, folders = Path.cwd().resolve(), {}  # as _import_articles passes them
    paused = _gc_paused()
    paused.__enter__()  # as import_paths does around _import_articles
    for first in range(0, len(story.articles), CHUNK_ARTICLES):
        chunk = story.articles[first:first + CHUNK_ARTICLES]
        a = time.perf_counter()
        metas = [read_article(spec, cwd, folders)[0] for spec in chunk]
        b = time.perf_counter()
        size += sum(spec.path.stat().st_size for spec in chunk)
        spans = [split_sentences(meta["body"]) for meta in metas]
        c = time.perf_counter()
        found = [list(extract_article(ArticleText(meta["stem"], meta["body"], meta["published"]), subj, sp))
                 for meta, sp in zip(metas, spans, strict=True)]
        d = time.perf_counter()
        claims = iter(grouper.add_all([occ for occs in found for occ in occs]))
        for meta, sp, occs in zip(metas, spans, found, strict=True):
            occurrences = [NewOccurrence(next(claims), occ.start, occ.end, occ.text, occ.kind,
                                         occ.speaker, occ.on_behalf_of) for occ in occs]
            prepared.append(PreparedArticle(meta, sp, occurrences))
        e = time.perf_counter()
        t["read+decode+clean"] += b - a
        t["split_sentences"] += c - b
        t["extract_article"] += d - c
        t["group (Grouper.add_all)"] += e - d
    a = time.perf_counter()
    drafts = {key: NewClaim(d.text, d.speaker, d.on_behalf_of, d.said_on, d.setting)
              for key, d in grouper.drafts().items()}
    key_to_id: dict[str, int] = {}
    for batch in _batches(prepared):
        store.add_articles(batch, drafts, key_to_id, grouper.named())
    t["store writes (add_articles)"] += time.perf_counter() - a
    paused.__exit__(None, None, None)
    store.close()
    total = sum(t.values())
    print(f"{len(story.articles)} articles, {size / 1e6:.2f} MB, {total:.2f} s, {size / 1e6 / total:.3f} MB/s")
    for name, secs in sorted(t.items(), key=lambda kv: -kv[1]):
        print(f"  {name:30s} {secs:7.2f} s  {100 * secs / total:5.1f} %  ({size / 1e6 / secs:6.2f} MB/s alone)")


if __name__ == "__main__":
    main()
