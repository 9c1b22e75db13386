"""Story and settings files (YAML), read safely.

Only the safe loader is used (the C one when PyYAML has it), after a parse
pass that refuses anchors and aliases beyond a small number (an alias bomb
expands to gigabytes when walked) and nesting deeper than any real file
needs. Dates stay text: the loader has no implicit timestamps, so
``published: 2017-13-45`` is a value the story check names rather than
PyYAML's ``ValueError`` from inside its constructor. Every problem is a
one-line :class:`ConfigError` naming the file and, where YAML knows it,
the line.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import getpass
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from workbench.errors import WorkbenchError
from workbench.regular_file import NotRegularFile, read_regular_file
from workbench.text import web_url

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
    story: Path | None = None  # the story file listing it, named in errors about it


@dataclass
class Story:
    path: Path
    name: str | None
    subject: str | None
    aliases: list[str] = field(default_factory=list)
    articles: list[ArticleSpec] = field(default_factory=list)


TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
BOOL_TAG = "tag:yaml.org,2002:bool"


@functools.cache
def _loader() -> Any:
    """PyYAML's safe loader (the C one when there is one), with dates kept as text.

    Why no timestamps: PyYAML turns ``2017-03-02`` into a ``date`` while it
    builds the document, and ``2017-13-45`` into a ``ValueError`` traceback
    from deep inside its constructor, before any check of ours could name
    the file and line. Without the implicit resolver a date is a plain
    string that :func:`load_story` checks; an explicit ``!!timestamp`` stays
    text too. A value its own tag cannot read (``!!int abc``, ``0x_``) is a
    ``ConstructorError`` with its line instead of a bare ``ValueError``.
    """
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[valid-type,misc]
        # No yes/no/on/off booleans either (YAML 1.1's): an outlet or title "No" or "On"
        # was stored as "False" / "True". Only true/false are booleans, as in YAML 1.2.
        yaml_implicit_resolvers: ClassVar[dict[Any, Any]] = {
            first: [(tag, rx) for tag, rx in resolvers if tag not in (TIMESTAMP_TAG, BOOL_TAG)]
            for first, resolvers in base.yaml_implicit_resolvers.items()
        }

        def construct_object(self, node: Any, deep: bool = False) -> Any:
            try:
                return super().construct_object(node, deep)
            except (ValueError, TypeError, KeyError, OverflowError):
                kind = str(node.tag).rsplit(":", 1)[-1]
                raise yaml.constructor.ConstructorError(
                    None, None, f"{str(node.value)[:80]!r} is not a valid {kind}", node.start_mark
                ) from None

    Loader.add_constructor(TIMESTAMP_TAG, lambda loader, node: loader.construct_scalar(node))
    Loader.add_implicit_resolver(BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
    return Loader


def load_yaml(path: Path) -> Any:
    """Parse a YAML file with PyYAML's safe loader; refuse tags, alias bombs, deep nesting and huge files."""
    return _load_yaml(path)[0]


def _load_yaml(path: Path) -> tuple[Any, str]:
    """:func:`load_yaml`, and the file's text (to find the line of a value found wrong later)."""
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
        loader = _loader()
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
        return data, text
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}: " if mark else ""
        problem = exc.problem or exc.context or "invalid YAML"
        if isinstance(exc, yaml.constructor.ConstructorError) and "constructor for the tag" in str(problem):
            problem = f"refused: {problem} (only plain YAML is allowed)"
        raise ConfigError(f"{where}{problem}", path) from None
    except yaml.reader.ReaderError as exc:  # a character YAML refuses: no mark, only a position
        line = text.count("\n", 0, exc.position) + 1 if isinstance(exc.position, int) else None
        char = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        where = f"line {line}: " if line else ""
        raise ConfigError(f"{where}a character YAML does not allow ({char}); remove it", path) from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"invalid YAML ({exc})", path) from None
    except RecursionError:
        raise ConfigError("refused: YAML nested too deeply", path) from None


def _line(text: str, *where: str | int) -> str:
    """``"line N: "`` for the value at ``where`` (mapping keys, list indexes) in a YAML text, else ``""``.

    Only called once something is found wrong, so it parses the text again
    (into nodes, which keep their lines) rather than slowing every load. A
    mapping step gives the line of its key: that is where a field is named.
    """
    import yaml

    try:
        node = yaml.compose(text, Loader=_loader())
        line = None
        for step in where:
            if isinstance(node, yaml.MappingNode):
                pairs = [(k, v) for k, v in node.value if str(k.value) == str(step)]
                if not pairs:
                    return ""
                key, node = pairs[-1]  # the last of a repeated key is the one PyYAML keeps
                line = key.start_mark.line
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
                node = node.value[step]
                line = node.start_mark.line
            else:
                return ""
        return f"line {line + 1}: " if line is not None else ""
    except (yaml.YAMLError, RecursionError, AttributeError):
        return ""


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
        raise ConfigError(f"{_line(text, *where, name)}unknown field '{name}'{label}{hint}", path)


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
        f"{_line(text, 'articles', index, 'published')}article {index + 1}: published"
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
    data, text = _load_yaml(path)
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
    data, text = _load_yaml(path)
    if data is None:
        return settings
    if not isinstance(data, dict):
        raise ConfigError("settings must be a mapping", path)
    # A misspelt setting ("organisation:") would silently leave its default (no ClaimReview author).
    _unknown_fields(data, tuple(DEFAULT_SETTINGS), (), "", path, text)
    for key, value in data.items():
        if not isinstance(DEFAULT_SETTINGS[key], dict):
            if isinstance(value, (dict, list)):
                raise ConfigError(f"{_line(text, key)}'{key}' must be a single value, not a"
                                  f" {'mapping' if isinstance(value, dict) else 'list'}", path)
        elif isinstance(value, dict) and key != "keys":
            _unknown_fields(value, tuple(DEFAULT_SETTINGS[key]), (key,), f"'{key}'", path, text)
        if isinstance(settings.get(key), dict):
            if value is None:  # "keys:" with every entry commented out
                continue
            if not isinstance(value, dict):
                raise ConfigError(f"{_line(text, key)}'{key}' must be a mapping", path)
            settings[key].update(value)
        else:
            settings[key] = value
    if settings["keys"] and check_keys is not None:
        try:
            settings["keys"] = check_keys(settings["keys"])
        except ValueError as exc:
            raise ConfigError(f"{_line(text, 'keys', str(getattr(exc, 'entry', '')))}{exc}", path) from None
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
