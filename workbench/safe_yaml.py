"""YAML files read safely: story and settings files are the user's, or somebody's they were sent.

Only the safe loader is used (the C one when PyYAML has it), after a parse
pass that refuses anchors and aliases beyond a small number (an alias bomb
expands to gigabytes when walked) and nesting deeper than any real file
needs. Dates stay text: the loader has no implicit timestamps, so
``published: 2017-13-45`` is a value the story check names rather than
PyYAML's ``ValueError`` from inside its constructor. Every problem is a
one-line :class:`ConfigError` naming the file and, where YAML knows it,
the line. Split from :mod:`workbench.config` (what the files must hold).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any, ClassVar

from workbench.errors import WorkbenchError
from workbench.regular_file import NotRegularFile, read_regular_file

MAX_ALIASES = 50
MAX_YAML_BYTES = 2_000_000
MAX_EXPANDED_NODES = 100_000
MAX_DEPTH = 100  # nested lists/mappings; printing a value nested much deeper overflows Python's stack


class ConfigError(WorkbenchError):
    """A story or settings file that cannot be used."""


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


def load_yaml_text(path: Path) -> tuple[Any, str]:
    """A YAML file parsed with PyYAML's safe loader (tags, alias bombs, deep nesting and huge
    files refused), and the file's text (to find the line of a value found wrong later)."""
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


def line_of(text: str, *where: str | int) -> str:
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
