"""Story and settings files: what they must hold, checked field by field.

The YAML itself is read by :mod:`workbench.safe_yaml` (safe loader, no alias
bombs, dates kept as text); every problem is a one-line :class:`ConfigError`
naming the file and, where YAML knows it, the line.
"""

from __future__ import annotations

import datetime as dt
import difflib
import getpass
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.safe_yaml import TIMESTAMP_TAG, ConfigError, line_of, load_yaml_text
from workbench.text import web_url


@dataclass
class ArticleSpec:
    """One article listed in a story file; unset fields are found from the text."""

    path: Path
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None
    byline: str | None = None
    story: Path | None = None  # the story file listing it, named in errors about it


@dataclass
class Story:
    path: Path
    name: str | None
    subject: str | None
    aliases: list[str] = field(default_factory=list)
    articles: list[ArticleSpec] = field(default_factory=list)


def _url(value: str | None, where: str, path: Path) -> str | None:
    """An article's address: http(s) only. Why: it is copied into every export (ClaimReview's
    ``url``, the CSV's first source), where ``javascript:`` or ``file:`` would be a link to run."""
    if value and web_url(value) is None:
        raise ConfigError(f"{where}: 'url' must be an http(s) address, not {value!r}", path)
    return value


def _text(value: Any, what: str, path: Path) -> str | None:
    """A story file's metadata value as one plain line (see :func:`clean_field`), or ``None``.

    Why here: the story file is untrusted text like the articles; a name or
    outlet holding ``ESC[2J`` or an OSC 8 link would reach the terminal
    through ``stats`` and ``timeline``, and bidi or zero-width characters
    would make a subject name that never matches the text.
    """
    # imported here: opening the review screen never needs the ingest package
    from workbench.ingest.clean import clean_field

    if value is None:
        return None
    if isinstance(value, (str, int, float)):
        return clean_field(str(value))
    raise ConfigError(f"{what} must be text, not {type(value).__name__}", path)


# The fields a story file may have; anything else is a typo that would be lost.
STORY_FIELDS = ("name", "subject", "articles")
SUBJECT_FIELDS = ("name", "aliases")
ARTICLE_FIELDS = ("file", "outlet", "title", "url", "published", "byline")

_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _unknown_fields(item: dict[Any, Any], fields: tuple[str, ...], where: tuple[str | int, ...],
                    what: str, path: Path, text: str) -> None:
    """Refuse a field the story format does not have, naming it (and the one probably meant)."""
    for key in item:
        if key in fields:
            continue
        name = str(key)
        close = difflib.get_close_matches(name.lower(), fields, n=1, cutoff=0.6)
        hint = f" (did you mean '{close[0]}'?)" if close else f" (known: {', '.join(fields)})"
        label = f" in {what}" if where else ""
        raise ConfigError(f"{line_of(text, *where, name)}unknown field '{name}'{label}{hint}", path)


def _published(value: Any, index: int, path: Path, text: str) -> str | None:
    """An article's date: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` (kept as written), else an error.

    A full YAML timestamp (``2017-03-02T10:00:00Z``) is stored as it always
    was, in ISO form. Everything else that reads a stored date (the lists,
    the timeline, the statement dating, ClaimReview) expects these forms.
    """
    published = _text(value, "published", path)
    if not published:
        return None
    if m := _PARTIAL_DATE.fullmatch(published):
        year, month, day = (int(g) if g else 1 for g in m.groups())
        try:
            dt.date(year, month, day)
            return published
        except ValueError:
            pass
    elif stamp := _timestamp(published):
        return stamp
    raise ConfigError(
        f"{line_of(text, 'articles', index, 'published')}article {index + 1}: published"
        f" '{published[:80]}' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)",
        path,
    )


def _timestamp(value: str) -> str | None:
    """A YAML timestamp with a time of day, in the ISO form PyYAML's own reading gave; else ``None``."""
    from yaml.constructor import SafeConstructor
    from yaml.nodes import ScalarNode

    m = SafeConstructor.timestamp_regexp.match(value)
    if not m or not m.group("hour"):  # a date alone is only YYYY-MM-DD, as YAML itself has it
        return None
    try:
        stamp = SafeConstructor().construct_yaml_timestamp(ScalarNode(TIMESTAMP_TAG, value))
    except (ValueError, OverflowError):
        return None
    return stamp.isoformat()


def load_story(path: Path | str) -> Story:
    """Read a story file: name, subject (name + aliases) and its articles."""
    path = Path(path)
    data, text = load_yaml_text(path)
    if not isinstance(data, dict):
        raise ConfigError("a story file must be a mapping with 'subject' and 'articles'", path)
    _unknown_fields(data, STORY_FIELDS, (), "story file", path, text)
    subject = data.get("subject")
    if isinstance(subject, str):
        subject = {"name": subject}
    if subject is not None and not isinstance(subject, dict):
        raise ConfigError("'subject' must be a name or a mapping with name and aliases", path)
    subject = subject or {}
    _unknown_fields(subject, SUBJECT_FIELDS, ("subject",), "subject", path, text)
    aliases = subject.get("aliases") or []
    if not isinstance(aliases, list):
        raise ConfigError("'subject.aliases' must be a list", path)
    story = Story(
        path=path,
        name=_text(data.get("name"), "name", path),
        subject=_text(subject.get("name"), "subject.name", path),
        aliases=[a for a in (_text(x, "alias", path) for x in aliases) if a],
    )
    articles = data.get("articles") or []
    if not isinstance(articles, list):
        raise ConfigError("'articles' must be a list", path)
    for i, item in enumerate(articles):
        if isinstance(item, str):
            item = {"file": item}
        if not isinstance(item, dict) or not item.get("file"):
            raise ConfigError(f"article {i + 1} needs a 'file'", path)
        _unknown_fields(item, ARTICLE_FIELDS, ("articles", i), f"article {i + 1}", path, text)
        story.articles.append(
            ArticleSpec(
                path=(path.parent / str(item["file"])),
                outlet=_text(item.get("outlet"), "outlet", path),
                title=_text(item.get("title"), "title", path),
                url=_url(_text(item.get("url"), "url", path), f"article {i + 1}", path),
                published=_published(item.get("published"), i, path, text),
                byline=_text(item.get("byline"), "byline", path),
                story=path,
            )
        )
    return story


DEFAULT_SETTINGS: dict[str, Any] = {
    "reviewer": None,
    "organization": {"name": None, "url": None},
    "claimreview": {"base_url": None},
    "keys": {},
}


SETTINGS_FILE = "_file"  # load_settings records the file read here, for errors (no file can set it)


def settings_path() -> Path:
    """``$WORKBENCH_SETTINGS``, else ``~/.config/factcheck-workbench/settings.yaml``."""
    env = os.environ.get("WORKBENCH_SETTINGS")
    if env:
        return Path(env)
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "factcheck-workbench" / "settings.yaml"


def load_settings(path: Path | None = None,
                  check_keys: Callable[[dict[str, Any]], dict[str, str]] | None = None) -> dict[str, Any]:
    """Settings merged over the defaults.

    ``path`` is a file the user named (``--settings``): it must exist, or a
    typo would silently fall back to the defaults (and the status bar show
    the login name). Without it the usual place is read, and a missing file
    there means defaults. The ``keys:`` section is checked here (ids, short
    ids, clashes) by ``check_keys`` when given (the review screen's
    :func:`workbench.tui.keymap.check_keymap`: passed in, so that this core
    module never imports Textual; commands without a screen ignore keys).
    """
    named = path is not None
    path = Path(path) if named else settings_path()
    settings = {k: (dict(v) if isinstance(v, dict) else v) for k, v in DEFAULT_SETTINGS.items()}
    settings[SETTINGS_FILE] = path
    if not path.exists():
        if named:
            raise ConfigError("settings file not found", path)
        return settings
    data, text = load_yaml_text(path)
    if data is None:
        return settings
    if not isinstance(data, dict):
        raise ConfigError("settings must be a mapping", path)
    # A misspelt setting ("organisation:") would silently leave its default (no ClaimReview author).
    _unknown_fields(data, tuple(DEFAULT_SETTINGS), (), "", path, text)
    for key, value in data.items():
        if not isinstance(DEFAULT_SETTINGS[key], dict):
            if isinstance(value, (dict, list)):
                raise ConfigError(f"{line_of(text, key)}'{key}' must be a single value, not a"
                                  f" {'mapping' if isinstance(value, dict) else 'list'}", path)
        elif isinstance(value, dict) and key != "keys":
            _unknown_fields(value, tuple(DEFAULT_SETTINGS[key]), (key,), f"'{key}'", path, text)
        if isinstance(settings.get(key), dict):
            if value is None:  # "keys:" with every entry commented out
                continue
            if not isinstance(value, dict):
                raise ConfigError(f"{line_of(text, key)}'{key}' must be a mapping", path)
            settings[key].update(value)
        else:
            settings[key] = value
    if settings["keys"] and check_keys is not None:
        try:
            settings["keys"] = check_keys(settings["keys"])
        except ValueError as exc:
            raise ConfigError(f"{line_of(text, 'keys', str(getattr(exc, 'entry', '')))}{exc}", path) from None
    return settings


def default_reviewer(settings: dict[str, Any] | None = None) -> str:
    """The reviewer name: settings, then $USER, then 'reviewer'."""
    name = (settings or {}).get("reviewer")
    if name:
        return str(name)
    try:
        return getpass.getuser() or "reviewer"
    except Exception:
        return "reviewer"
