"""YAML export: the JSON document in a form people diff and read more easily.

``yaml.safe_dump`` only emits plain types and quotes every string that would
otherwise load as something else ("2017-03-02", "null", "yes"), so the file
loads back with ``yaml.safe_load`` to a dict equal to the document. The
document is first passed through JSON so dict subclasses and tuples (which
``safe_dump`` refuses or turns into tags) become plain dicts and lists.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

# libyaml's emitter when PyYAML has it (its wheels do): the pure-Python one took 91 s for a
# 10,000-article review. They write the same text, except that libyaml escapes characters
# beyond U+FFFF (emoji) and U+0085: an item holding one is written by the pure-Python one.
_FAST = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_ESCAPED_BY_LIBYAML = re.compile("[\x85\U00010000-\U0010ffff]")


def _dump(value: Any, text: str = "") -> str:
    dumper = yaml.SafeDumper if _ESCAPED_BY_LIBYAML.search(text) else _FAST
    return yaml.dump(value, Dumper=dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=100)


def render_yaml(doc: dict[str, Any]) -> str:
    """Render ``doc`` as YAML text that ``yaml.safe_load`` reads back equal.

    A top-level list is written item by item (a block sequence under a key is
    not indented, so the text is the same as one dump of the whole document):
    the emitter's nodes for one article or claim at a time, not for all of a
    large review at once (1.75 GB at 10,000 articles).
    """
    if not isinstance(doc, dict):
        return _dump(*_plain(doc))
    parts: list[str] = []
    for key, value in doc.items():
        if isinstance(value, list | tuple) and value:
            head, text = _plain({key: []})
            parts.append(_dump(head, text).replace(" []\n", "\n", 1))  # "key:" as the emitter writes it
            for item in value:
                plain, text = _plain([item])
                parts.append(_dump(plain, text))
        else:
            parts.append(_dump(*_plain({key: value})))
    return "".join(parts)


def _plain(value: Any) -> tuple[Any, str]:
    """``value`` through JSON, and that JSON text (one item at a time: a copy of the whole
    review doubled its memory)."""
    text = json.dumps(value, ensure_ascii=False)
    return json.loads(text), text
