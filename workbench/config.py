"""Story and settings files (YAML), read safely.

Only the safe loader is used (the C one when PyYAML has it), after a parse
pass that refuses anchors and aliases beyond a small number (an alias bomb
expands to gigabytes when walked) and nesting deeper than any real file
needs. Every problem is a one-line :class:`ConfigError` naming the file and,
where YAML knows it, the line.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.errors import WorkbenchError
from workbench.regular_file import NotRegularFile, read_regular_file

MAX_ALIASES = 50
MAX_YAML_BYTES = 2_000_000
MAX_EXPANDED_NODES = 100_000
MAX_DEPTH = 100  # nested lists/mappings; printing a value nested much deeper overflows Python's stack


class ConfigError(WorkbenchError):
    """A story or settings file that cannot be used."""


@dataclass
class ArticleSpec:
    """One article listed in a story file; unset fields are found from the text."""

    path: Path
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None
    byline: str | None = None


@dataclass
class Story:
    path: Path
    name: str | None
    subject: str | None
    aliases: list[str] = field(default_factory=list)
    articles: list[ArticleSpec] = field(default_factory=list)


def load_yaml(path: Path) -> Any:
    """Parse a YAML file with PyYAML's safe loader; refuse tags, alias bombs, deep nesting and huge files."""
    import yaml  # here, not at the top: opening the review screen without a settings file never needs it
    try:
        raw = read_regular_file(path, MAX_YAML_BYTES)  # a FIFO would block, /dev/zero never end
    except FileNotFoundError:
        raise ConfigError("file not found", path) from None
    except OSError as exc:
        raise ConfigError(f"cannot read ({exc.strerror})", path) from None
    except NotRegularFile as exc:
        raise ConfigError(str(exc), path) from None
    if len(raw) > MAX_YAML_BYTES:
        raise ConfigError("YAML file is too large (over 2 MB)", path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError("YAML file is not UTF-8 text", path) from None
    try:
        # The C loader (parser in C, the same safe constructor) is ~6x faster on a
        # 10,000-article story file. The event scan before it constructs nothing.
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        aliases: list[Any] = []
        depth = 0
        for ev in yaml.parse(text, Loader=loader):
            if isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise ConfigError(f"line {ev.start_mark.line + 1}: refused: YAML nested too deeply", path)
            elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            elif isinstance(ev, yaml.AliasEvent):
                aliases.append(ev)
        if len(aliases) > MAX_ALIASES:
            line = aliases[MAX_ALIASES].start_mark.line + 1
            raise ConfigError(
                f"line {line}: refused: more than {MAX_ALIASES} YAML aliases (an alias bomb?)", path
            )
        data = yaml.load(text, Loader=loader)  # a safe loader (SafeConstructor)
        if aliases and _expanded_size(data) > MAX_EXPANDED_NODES:
            line = aliases[0].start_mark.line + 1
            raise ConfigError(
                f"line {line}: refused: YAML aliases expand to over {MAX_EXPANDED_NODES:,} values"
                " (an alias bomb?)",
                path,
            )
        return data
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}: " if mark else ""
        problem = exc.problem or exc.context or "invalid YAML"
        if isinstance(exc, yaml.constructor.ConstructorError) and "tag" in str(problem):
            problem = f"refused: {problem} (only plain YAML is allowed)"
        raise ConfigError(f"{where}{problem}", path) from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"invalid YAML ({exc})", path) from None
    except RecursionError:
        raise ConfigError("refused: YAML nested too deeply", path) from None


def _expanded_size(data: Any) -> int:
    """How many values ``data`` holds once every alias is expanded (cheap: shared nodes counted once)."""
    memo: dict[int, int] = {}

    def size(node: Any) -> int:
        key = id(node)
        if key in memo:
            return memo[key]
        memo[key] = 1  # a self-referencing alias counts once instead of looping
        if isinstance(node, dict):
            total = 1 + sum(size(k) + size(v) for k, v in node.items())
        elif isinstance(node, (list, tuple, set)):
            total = 1 + sum(size(v) for v in node)
        else:
            total = 1
        memo[key] = min(total, MAX_EXPANDED_NODES + 1)
        return memo[key]

    return size(data)


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
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (str, int, float)):
        return clean_field(str(value))
    raise ConfigError(f"{what} must be text, not {type(value).__name__}", path)


def load_story(path: Path | str) -> Story:
    """Read a story file: name, subject (name + aliases) and its articles."""
    path = Path(path)
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise ConfigError("a story file must be a mapping with 'subject' and 'articles'", path)
    subject = data.get("subject")
    if isinstance(subject, str):
        subject = {"name": subject}
    if subject is not None and not isinstance(subject, dict):
        raise ConfigError("'subject' must be a name or a mapping with name and aliases", path)
    subject = subject or {}
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
    for i, item in enumerate(articles, 1):
        if isinstance(item, str):
            item = {"file": item}
        if not isinstance(item, dict) or not item.get("file"):
            raise ConfigError(f"article {i} needs a 'file'", path)
        story.articles.append(
            ArticleSpec(
                path=(path.parent / str(item["file"])),
                outlet=_text(item.get("outlet"), "outlet", path),
                title=_text(item.get("title"), "title", path),
                url=_text(item.get("url"), "url", path),
                published=_text(item.get("published"), "published", path),
                byline=_text(item.get("byline"), "byline", path),
            )
        )
    return story


DEFAULT_SETTINGS: dict[str, Any] = {
    "reviewer": None,
    "organization": {"name": None, "url": None},
    "claimreview": {"base_url": None},
    "keys": {},
}


def settings_path() -> Path:
    """``$WORKBENCH_SETTINGS``, else ``~/.config/factcheck-workbench/settings.yaml``."""
    env = os.environ.get("WORKBENCH_SETTINGS")
    if env:
        return Path(env)
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "factcheck-workbench" / "settings.yaml"


def load_settings(path: Path | None = None) -> dict[str, Any]:
    """Settings merged over the defaults; a missing file means defaults."""
    path = path or settings_path()
    settings = {k: (dict(v) if isinstance(v, dict) else v) for k, v in DEFAULT_SETTINGS.items()}
    if not path.exists():
        return settings
    data = load_yaml(path)
    if data is None:
        return settings
    if not isinstance(data, dict):
        raise ConfigError("settings must be a mapping", path)
    for key, value in data.items():
        if isinstance(settings.get(key), dict):
            if not isinstance(value, dict):
                raise ConfigError(f"'{key}' must be a mapping", path)
            settings[key].update(value)
        else:
            settings[key] = value
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
