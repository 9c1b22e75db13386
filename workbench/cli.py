"""The ``workbench`` command: a thin click layer over the library.

Every command turns a :class:`WorkbenchError` into one line on stderr and a
non-zero exit, never a traceback. ``workbench`` alone opens the review screen
on ``db/review.db``, building it from the bundled story on first run.
"""

from __future__ import annotations

import functools
import gc
import os
import re
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from workbench.config import default_reviewer, load_settings, load_story
from workbench.errors import NOT_UTF8, WorkbenchError

DEFAULT_DB = Path("db/review.db")
PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def bundled_story() -> Path:
    """fixtures/story.yaml in the working folder, else next to the installed package."""
    here = Path("fixtures/story.yaml")
    return here if here.exists() else PACKAGE_ROOT / "fixtures" / "story.yaml"


def plain(text: object) -> str:
    """``text`` safe to print on a terminal (control characters shown as escapes)."""
    from workbench.ingest.decode import show_controls

    return show_controls(str(text))


def say(message: str) -> None:
    """One line on stderr, prefixed ``workbench:``."""
    click.echo(f"workbench: {plain(message)}", err=True)


def fail(message: str, code: int = 1) -> None:
    say(message)
    sys.exit(code)


_NOT_UTF8 = re.compile(rf"{NOT_UTF8} column '([^']*)'")
_DAMAGED = ("malformed", "not a database", "disk i/o error", "corrupt")


def sqlite_problem(exc: sqlite3.Error) -> str:
    """A failed SQLite read or write in words, on one line (sqlite3 quotes whole values).

    Why: a file damaged after it was opened (by another program, a bad disk)
    fails part-way through a command, with the text that would not decode.
    """
    text = " ".join(str(exc).split())
    m = _NOT_UTF8.match(text)
    if m:
        return (f"damaged: column '{m.group(1)}' holds bytes that are not UTF-8 text"
                " (the file was changed outside the workbench; restore a copy)")
    if any(word in text.lower() for word in _DAMAGED):
        return f"damaged ({text[:160]}); restore a copy"
    return text[:200]


def friendly(func: Callable[..., Any]) -> Callable[..., Any]:
    """Run a command, reporting problems as one line (set WORKBENCH_DEBUG=1 for tracebacks)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            try:
                return func(*args, **kwargs)
            finally:
                _warn_damaged()
        except BrokenPipeError:
            # The reader went away (`workbench timeline DB | head`): that is not an error to
            # report; stdout goes to devnull so that flushing it at exit cannot raise again.
            if sys.stdout is not None:
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except WorkbenchError as exc:
            fail(str(exc))
        except sqlite3.Error as exc:
            if os.environ.get("WORKBENCH_DEBUG"):
                raise
            db = kwargs.get("db")
            fail(f"{str(db) + ': ' if db else ''}{sqlite_problem(exc)}")
        except OSError as exc:
            if os.environ.get("WORKBENCH_DEBUG"):
                raise
            where = getattr(exc, "filename", None)
            fail(f"{where + ': ' if where else ''}{exc.strerror or exc}")
        except KeyboardInterrupt:
            fail("interrupted", 130)

    return wrapper


def _settings(path: Path | None, *, keys: bool = False) -> dict[str, Any]:
    """The settings; ``keys``: check the ``keys:`` section too (only the review screen has keys,
    and checking them needs Textual's key names, which the other commands never load)."""
    if not keys:
        return load_settings(path)
    from workbench.tui.keymap import check_keymap

    return load_settings(path, check_keymap)


def _open(db: Path, *, readonly: bool = False, must_exist: bool = True) -> Any:
    from workbench.store import Store, StoreError

    if must_exist and not db.exists():
        raise StoreError("no such database file", db)
    store = Store(db, readonly=readonly)
    _OPENED.append(store)
    return store


_OPENED: list[Any] = []  # stores a command opened, for the damaged-text warning


def _warn_damaged() -> None:
    """Say which files the command read are damaged: text that was not UTF-8 (read with � in its
    place), or what SQLite's quick check finds (a damaged index can leave rows out of a read)."""
    for store in _OPENED:
        if store.damaged_text:
            say(f"{store.path}: warning: some stored text is damaged (not UTF-8) and was read with"
                " � in its place; restore a copy if you have one")
        # after reading commands (a write such as import checks nothing: its read connection would
        # leave -wal and -shm files behind)
        problems = store.integrity_problems() if store.readonly and Path(store.path).exists() else []
        if problems:
            say(f"{store.path}: warning: the file is damaged ({problems[0][:120]}); what was read from"
                " it may be incomplete: restore a copy if you have one")
    _OPENED.clear()


SETTINGS_OPT = click.option(
    "--settings", "settings_path", type=click.Path(path_type=Path), default=None,
    help="Settings YAML (default: $WORKBENCH_SETTINGS or ~/.config/factcheck-workbench/settings.yaml).",
)


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="workbench")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Factcheck Workbench: review one subject's statements across news coverage.

    With no command, opens the review screen on db/review.db (built from
    fixtures/story.yaml on first run).

    \b
    Example:
      workbench
      workbench import /tmp/a.db fixtures/story.yaml
      workbench export /tmp/a.db --format markdown -o report.md
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(review)


@main.command()
@click.argument("db", type=click.Path(path_type=Path), default=DEFAULT_DB, required=False)
@click.option("--story", type=click.Path(path_type=Path), default=None,
              help="Story YAML to build DB from when it does not exist yet (without it, only db/review.db is built).")
@click.option("--reviewer", default=None, help="Your name, recorded with every verdict.")
@click.option("--readonly", is_flag=True, help="Open without ever writing.")
@SETTINGS_OPT
@friendly
def review(db: Path, story: Path | None, reviewer: str | None, readonly: bool,
           settings_path: Path | None) -> None:
    """Open the review screen on DB (default db/review.db).

    db/review.db is built from the bundled story on first run; any other DB
    must exist (start one with workbench import DB STORY.yaml) unless --story
    is given.

    \b
    Example:
      workbench review db/review.db --reviewer alice
    """
    from workbench.store import Store

    # Textual repaints on a fixed grid of 1/FPS; at its default 60 a verdict
    # waits up to 16.7 ms for its frame. Frames here are cheap (only changed
    # rows are drawn), so allow 120 unless the user chose otherwise. Set before
    # anything imports Textual (the keys check does), which reads it once.
    os.environ.setdefault("TEXTUAL_FPS", "120")
    settings = _settings(settings_path, keys=True)
    if not db.exists():
        from workbench.importer import import_paths

        # Only db/review.db is built unasked: any other path that is missing is
        # more likely a typo than a wish to start over (unless --story asks for it).
        if db != DEFAULT_DB and story is None:
            raise WorkbenchError("no such database file; to start a review in it,"
                                 f" run: workbench import {db} STORY.yaml", db)
        source = story or bundled_story()
        load_story(source)  # a bad story file is one line, before any file is created
        if db != DEFAULT_DB and not db.parent.exists():
            raise WorkbenchError("folder does not exist", db.parent)
        db.parent.mkdir(parents=True, exist_ok=True)
        with Store(db) as store:
            report = import_paths(store, [], story=source)
        for line in report.errors:
            say(line)
        if not report.ok:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            fail(f"could not build {db} from {source}")
    if not readonly:
        from workbench.store.access import unwritable_folder

        why = "the file is read-only" if not os.access(db, os.W_OK) else unwritable_folder(db)
        if why:
            say(f"{db}: {why}; opening it read-only (nothing can be changed)")
            readonly = True
    # Open the store here, before the screen takes the terminal (and hand it to
    # the app, so the file is checked and opened once): a
    # bad, foreign, truncated or newer file is refused in one line, untouched,
    # instead of crashing inside the full-screen app.
    store = Store(db, readonly=readonly)
    # Read what the first frame shows now, so that it shows everything at once.
    from workbench.tui.opening import try_read_opening

    reviewer = reviewer or default_reviewer(settings)
    opening = try_read_opening(store, reviewer)
    if not readonly:
        store.resume_history(reviewer)  # ctrl+z undoes what they did last, before they quit
    from workbench.tui.app import run_review

    # Everything imported so far (Textual, Rich: ~300,000 objects) lives as
    # long as the process. Left in the collector's generations, a full
    # collection walks it all: 30-40 ms stalls, the first one right in the
    # middle of the first paint. Frozen, collections only see new objects.
    gc.freeze()
    run_review(db, reviewer, settings, readonly=readonly, store=store,
               opening=opening)


@main.command("import")
@click.argument("db", type=click.Path(path_type=Path))
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--story", type=click.Path(path_type=Path), default=None,
              help="Story YAML giving the subject, aliases and article metadata; its articles"
                   " are imported only when no PATH is given.")
@click.option("--subject", default=None, help="Whose statements to extract (overrides a story file's; a review file keeps the subject it has).")
@click.option("--alias", "aliases", multiple=True, help="Another name for the subject (repeatable).")
@friendly
def import_cmd(db: Path, paths: tuple[Path, ...], story: Path | None, subject: str | None,
               aliases: tuple[str, ...]) -> None:
    """Import articles, folders, story YAML files or a JSON export into DB.

    With --story alone, every article the story file lists is imported. With
    PATHs, only they are, under the story's subject and aliases; one the
    story lists takes the story's outlet, title, date, url and byline for it.
    (A story file given as a PATH imports all its articles.)

    Re-importing the same bytes is a no-op. Each bad file gets one line on
    stderr; the others are still imported. Exits 1 when nothing could be.

    \b
    Example:
      workbench import /tmp/a.db fixtures/story.yaml
      workbench import /tmp/a.db fixtures/articles/002_879b37c607dd505b.txt --story fixtures/story.yaml
      workbench import /tmp/b.db fixtures/articles --subject "Donald Trump" --alias Trump
    """
    from workbench.importer import import_paths

    if not paths and story is None:
        raise click.UsageError("give at least one PATH (or --story YAML)")
    if story is not None:
        load_story(story)  # a bad story file is one line, before the database is touched
    if db.parent and not db.parent.exists():
        raise WorkbenchError("folder does not exist", db.parent)
    created = not db.exists()
    with _open(db, must_exist=False) as store:
        report = import_paths(store, list(paths), story=story, subject=subject, aliases=aliases)
    for line in report.warnings:
        say(f"warning: {line}")
    for line in report.errors:
        say(line)
    if not report.ok:
        if created:  # leave no empty database behind for a failed first import
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
        fail(f"nothing imported into {plain(db)}")
    click.echo(
        f"imported {report.imported} article(s), {report.unchanged} unchanged;"
        f" {report.claims} new claim(s), {report.occurrences} occurrence(s) → {plain(db)}"
    )


@main.command()
@click.argument("db", type=click.Path(path_type=Path))
@click.option("--format", "fmt", default="json", show_default=True,
              type=click.Choice(["json", "csv", "markdown", "yaml", "claimreview"]))
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="File to write (atomically); stdout when left out.")
@SETTINGS_OPT
@friendly
def export(db: Path, fmt: str, output: Path | None, settings_path: Path | None) -> None:
    """Export the review in DB as json, csv, markdown, yaml or claimreview.

    \b
    Example:
      workbench export db/review.db --format json -o review.json
      workbench export db/review.db --format claimreview --settings desk.yaml
    """
    from workbench.exporting import export_file, render_format

    settings = _settings(settings_path)
    with _open(db, readonly=True) as store:
        if output is None:
            text = render_format(store, fmt, settings)
            sys.stdout.write(text if not text.startswith("\ufeff") else text[1:])
            return
        path = export_file(store, fmt, output, settings)
    click.echo(f"wrote {plain(path)}", err=True)


@main.command()
@click.argument("db", type=click.Path(path_type=Path))
@friendly
def stats(db: Path) -> None:
    """Print counts, review progress and verdicts per reviewer for DB.

    \b
    Example:
      workbench stats db/review.db
    """
    from rich.console import Console

    from workbench.export.json_doc import build_document
    from workbench.export.stats import render_stats

    with _open(db, readonly=True) as store, store.snapshot():  # the counts and the table agree
        counts = store.counts()
        doc = build_document(store, with_events=False)
    console = Console()
    console.print(" · ".join(f"{n} {name}" for name, n in counts.items()), markup=False, soft_wrap=True)
    console.print(render_stats(doc))


@main.command()
@click.argument("db", type=click.Path(path_type=Path))
@friendly
def timeline(db: Path) -> None:
    """List the subject's statements in the order they were made.

    \b
    Example:
      workbench timeline db/review.db
    """
    from rich.console import Console

    from workbench.export.json_doc import build_document
    from workbench.export.timeline import render_timeline_text, timeline_lines

    with _open(db, readonly=True) as store:
        doc = build_document(store, with_events=False)
    if sys.stdout is None:  # started with stdout closed (`>&-`): nowhere to print
        return
    if sys.stdout.isatty():
        Console().print(render_timeline_text(doc))
    else:  # a pipe or a file: tab-separated lines, printed as they come
        for line in timeline_lines(doc):
            click.echo(line)


@main.command()
@click.argument("out", type=click.Path(path_type=Path))
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@friendly
def merge(out: Path, inputs: tuple[Path, ...]) -> None:
    """Merge reviewers' files of one story into OUT, reporting their agreement.

    Every reviewer's verdict and note is kept with its author; claims are
    matched across files by their passages. Prints percent agreement,
    Cohen's kappa (two reviewers) or Krippendorff's alpha, and each
    disagreement.

    \b
    Example:
      workbench merge db/merged.db alice.db bob.db
    """
    from rich.console import Console

    from workbench.merge import merge_files, render_merge_report

    report = merge_files(out, list(inputs))
    Console().print(render_merge_report(report, out))
