"""``workbench import``: from files on disk to a review database.

Each input is handled on its own: a bad file produces one line in
``ImportReport.errors`` (path: problem) and the others are still imported.
Articles are decoded, stripped of control characters and site furniture,
split into sentences, and the subject's statements are extracted and grouped
against the claims already stored, all before anything is written; then the
articles are stored in batches, each batch one transaction.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.config import ArticleSpec, ConfigError, Story, load_story
from workbench.errors import WorkbenchError
from workbench.extract import ArticleText, Grouper, Subject, extract_article, split_sentences
from workbench.import_json import import_json
from workbench.import_subject import settle_story
from workbench.ingest.clean import clean_field
from workbench.ingest.decode import show_controls
from workbench.ingest.errors import IngestError
from workbench.ingest.files import read_article as ingest_file
from workbench.store import NewClaim, NewOccurrence, PreparedArticle, Store
from workbench.store.stems import StemNames

ARTICLE_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".html", ".htm"})
STORY_SUFFIXES = {".yaml", ".yml"}
# Article text per stored batch, each batch one transaction: fewer, larger commits are
# faster (each commit also flushes and merges FTS5 segments); 16 MB of text is a
# transaction of about 60 MB of pages, and what a batch holds in memory stays bounded.
BATCH_BYTES = 16_000_000
CHUNK_ARTICLES = 100  # articles taken through each stage together (see _import_articles)


@dataclass
class ImportReport:
    """What an import did; ``errors`` are one-line messages, each naming its file."""

    imported: int = 0
    unchanged: int = 0
    claims: int = 0
    occurrences: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Something was imported, or everything given was already there."""
        return self.imported + self.unchanged > 0


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def _walk(paths: Iterable[Path], report: ImportReport) -> Iterator[tuple[str, Path]]:
    """Yield ('story' | 'json' | 'article', path); report missing or unusable paths."""
    for path in paths:
        if not path.exists():
            report.errors.append(f"{path}: file not found")
        elif path.is_dir():
            # Not only regular files: a FIFO or device named like an article gets its one-line
            # error from read_article (which never opens it) instead of vanishing silently.
            # Hidden entries are not articles: an editor's lock file (.#a.txt, a dangling
            # link), .git and the like are left out without a word.
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in ARTICLE_SUFFIXES and
                           not p.is_dir() and not _hidden(p.relative_to(path)))
            if not found:
                report.errors.append(f"{path}: no articles (.txt, .md, .html) in this folder")
            for p in found:
                yield "article", p
        elif path.suffix.lower() in STORY_SUFFIXES:
            yield "story", path
        elif path.suffix.lower() == ".json":
            yield "json", path
        elif path.suffix.lower() in ARTICLE_SUFFIXES:
            yield "article", path
        else:
            report.errors.append(
                f"{path}: unsupported file type {path.suffix or '(none)'};"
                " use .txt, .md, .html, a story .yaml or a JSON export"
            )


def read_article(spec: ArticleSpec, cwd: Path, folders: dict[Path, Path]) -> tuple[dict[str, Any], list[str]]:
    """Read and clean one article file (``workbench.ingest``); story metadata wins.

    Returns the metadata with the cleaned body, and warnings naming the file.
    ``cwd`` is the resolved working folder; ``folders`` caches resolved
    folders across the articles of one import (see :func:`_resolve`).
    """
    path = spec.path
    if not path.exists():
        raise WorkbenchError(f"file not found (listed in {spec.story})" if spec.story else "file not found", path)
    try:
        got = ingest_file(path)
    except IngestError as exc:
        raise WorkbenchError(str(exc), path) from None
    cleaned = got.article
    meta = {
        "source": _file_name(_display(path, cwd, folders)),
        "stem": _file_name(path.stem),
        "sha256": got.sha256,
        # every value passes clean_field whatever its origin (a story file, the page's
        # header, a caller's ArticleSpec): none may carry terminal codes into the store
        "title": clean_field(spec.title) or clean_field(cleaned.title),
        "outlet": clean_field(spec.outlet),
        "url": clean_field(spec.url),
        "published": clean_field(spec.published) or cleaned.published,
        "byline": clean_field(spec.byline) or clean_field(cleaned.byline),
        "body": cleaned.body,
    }
    return meta, [f"{path}: {w}" for w in got.warnings]


def _file_name(name: str) -> str:
    """A file name as stored and shown: bytes that are not UTF-8 and control characters
    as visible escapes (``\\xff``, ``\\x1b``).

    Why escapes, not deletion: the name must still say which file it was, and
    it may not carry terminal codes (or a lone surrogate SQLite cannot store)
    into the review screen and the exports.
    """
    return show_controls(name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace"))


def _display(path: Path, cwd: Path, folders: dict[Path, Path]) -> str:
    """A path relative to the working folder when it is inside it (stable in exports)."""
    try:
        return _resolve(path, folders).relative_to(cwd).as_posix()
    except ValueError:
        return path.as_posix()


def _resolve(path: Path, folders: dict[Path, Path]) -> Path:
    """``path.resolve()``, with each folder resolved once (``folders`` remembers them).

    Why: resolving checks every component of the path for a symlink (half a
    millisecond a file at 10,000 articles); the file's folder resolves the
    same for all its articles, and a file that is not itself a symlink
    resolves to its resolved folder plus its name.
    """
    if path.name in ("", ".", "..") or path.is_symlink():
        return path.resolve()
    folder = folders.get(path.parent)
    if folder is None:
        try:
            folder = folders[path.parent] = path.parent.resolve()
        except (OSError, RuntimeError):  # a symlink loop: the file's own resolve() reports it
            return path.resolve()
    return folder / path.name


def import_paths(
    store: Store,
    paths: Sequence[Path | str],
    *,
    story: Path | str | None = None,
    subject: str | None = None,
    aliases: Sequence[str] = (),
    reviewer: str | None = None,
) -> ImportReport:
    """Import article files, folders, story files and JSON exports into ``store``.

    ``story`` (``--story``) gives the subject, aliases and the metadata of the
    articles it lists; its articles are imported only when no ``paths`` are
    given. With paths, only they are: a listed one takes the story's
    metadata.
    """
    report = ImportReport()
    specs: list[ArticleSpec] = []
    stories = [Path(story)] if story else []
    items = list(_walk([Path(p) for p in paths], report))
    stories += [p for kind, p in items if kind == "story"]
    loaded: list[Story] = []
    for sp in stories:
        try:
            loaded.append(load_story(sp))
        except ConfigError as exc:
            report.errors.append(str(exc))
    given = loaded[0] if story and loaded and loaded[0].path == Path(story) else None
    for kind, p in items:
        if kind == "json":
            try:
                counts = import_json(store, p)
            except WorkbenchError as exc:
                report.errors.append(str(exc))
                continue
            report.imported += counts["articles"]
            report.claims += counts["claims"]
            report.occurrences += counts["occurrences"]
    # after the JSON exports: one rebuilds the review whose subject the rest must share
    settled = settle_story(store.story(), store.path, loaded, clean_field(subject),
                           [a for a in map(clean_field, aliases) if a])
    report.errors += settled.errors
    report.warnings += settled.warnings
    if settled.refused:
        return report
    articles = [p for kind, p in items if kind == "article"]
    folders: dict[Path, Path] = {}  # each folder resolved once, for every step
    for one in settled.stories:
        if one is not given or not paths:
            specs += one.articles
    if given is not None and paths:
        if not any(one is given for one in settled.stories):
            articles = []  # they were to be that story's articles: refused with it
        specs += [ArticleSpec(path=p) for p in articles]
        wanted = {_key(p, folders) for p in articles}
        specs += [spec for spec in given.articles if _key(spec.path, folders) in wanted]  # its metadata
    else:
        specs += [ArticleSpec(path=p) for p in articles]
    if not specs:
        report.errors += [f"{one.path}: lists no articles" for one in settled.stories
                          if not one.articles and (one is not given or not paths)]
        return report
    if not settled.subject:
        report.errors += [f"{one.path}: no subject: give --subject NAME or a subject in the story file"
                          for one in settled.stories] or [
            f"{store.path}: no subject yet: give --subject NAME or a story file with a subject"]
        return report
    current = store.story()
    if (settled.name, settled.subject, settled.aliases) != (
            current["name"] or None, current["subject"]["name"] or None, current["subject"]["aliases"]):
        store.set_story(settled.name, settled.subject, settled.aliases)
    current = store.story()["subject"]
    subj = Subject(current["name"], tuple(current["aliases"]))
    with _gc_paused():
        _import_articles(store, _dedupe(specs, folders), subj, report, folders)
    if report.imported:
        store.record_import(
            {"articles": report.imported, "claims": report.claims, "occurrences": report.occurrences},
            reviewer,
        )
    return report


def _dedupe(specs: list[ArticleSpec], folders: dict[Path, Path]) -> list[ArticleSpec]:
    """One spec per file; a story's metadata wins over a bare listing of the same file."""
    seen: dict[Path, ArticleSpec] = {}
    for spec in specs:
        key = _key(spec.path, folders)
        if key not in seen or ((spec.outlet or spec.title) and not seen[key].outlet):
            seen[key] = spec
    return list(seen.values())


def _key(path: Path, folders: dict[Path, Path]) -> Path:
    """What tells one file from another: its resolved path (see :func:`_resolve`)."""
    try:
        return _resolve(path, folders)
    except (OSError, RuntimeError):  # a symlink loop: reading the file reports it, on one line
        return path.absolute()


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector during an import.

    Why: extraction and grouping keep millions of small objects alive until the
    import ends (occurrences, features, postings); the collector rescans them
    again and again (about 40% of the import time at 2,000 articles) while they
    form no reference cycles, so reference counting frees everything anyway.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _import_articles(store: Store, specs: list[ArticleSpec], subj: Subject, report: ImportReport,
                     folders: dict[Path, Path]) -> None:
    """Read, split, extract and group every article in order, then store them in batches.

    Articles go through the stages a chunk at a time (read a chunk, split it,
    extract from it, group its occurrences): each stage's code, regexes and
    tables then stay in the processor's caches, which makes the import ~15%
    faster than taking each article through every stage. The order of
    everything (errors, grouping) is the same either way.
    """
    grouper = Grouper(store.claim_keys())
    prepared: list[PreparedArticle] = []
    seen_hashes: set[str] = set()
    stems = StemNames(store.article_stems())
    cwd = Path.cwd().resolve()
    for first in range(0, len(specs), CHUNK_ARTICLES):
        metas = []
        for spec in specs[first:first + CHUNK_ARTICLES]:
            try:
                meta, warnings = read_article(spec, cwd, folders)
            except WorkbenchError as exc:
                report.errors.append(str(exc))
                continue
            report.warnings += warnings
            if meta["sha256"] in seen_hashes or store.has_article(meta["sha256"]):
                report.unchanged += 1
                continue
            seen_hashes.add(meta["sha256"])
            meta["stem"] = stems.take(meta["stem"], meta["source"])
            metas.append(meta)
        spans = [split_sentences(meta["body"]) for meta in metas]
        found = [extract_article(ArticleText(meta["stem"], meta["body"], meta["published"]), subj, sp)
                 for meta, sp in zip(metas, spans, strict=True)]
        claims = iter(grouper.add_all([occ for occs in found for occ in occs]))
        for meta, sp, occs in zip(metas, spans, found, strict=True):
            occurrences = [
                NewOccurrence(next(claims), occ.start, occ.end, occ.text, occ.kind, occ.speaker, occ.on_behalf_of)
                for occ in occs
            ]
            prepared.append(PreparedArticle(meta, sp, occurrences))
    drafts = {
        key: NewClaim(d.text, d.speaker, d.on_behalf_of, d.said_on, d.setting)
        for key, d in grouper.drafts().items()
    }
    named = grouper.named()
    key_to_id: dict[str, int] = {}
    for batch in _batches(prepared):
        ids = store.add_articles(batch, drafts, key_to_id, named)
        for item, article_id in zip(batch, ids, strict=True):
            if article_id is None:
                report.unchanged += 1
            else:
                report.imported += 1
                report.occurrences += len(item.occurrences)
    report.claims += len(key_to_id)  # (+=: a JSON export given with the articles counted its own)


def _batches(items: list[PreparedArticle]) -> Iterator[list[PreparedArticle]]:
    batch: list[PreparedArticle] = []
    size = 0
    for item in items:
        batch.append(item)
        size += len(item.meta["body"])
        if size >= BATCH_BYTES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch
