"""YAML export: the JSON document in a form people diff and read more easily.

``yaml.safe_dump`` only emits plain types and quotes every string that would
otherwise load as something else ("2017-03-02", "null", "yes"), so the file
loads back with ``yaml.safe_load`` to a dict equal to the document. The
document is first passed through JSON so dict subclasses and tuples (which
``safe_dump`` refuses or turns into tags) become plain dicts and lists.
"""

from __future__ import annotations

import json
from typing import Any

import yaml


def render_yaml(doc: dict[str, Any]) -> str:
    """Render ``doc`` as YAML text that ``yaml.safe_load`` reads back equal."""
    plain = json.loads(json.dumps(doc, ensure_ascii=False))
    return yaml.safe_dump(
        plain,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=100,
    )
