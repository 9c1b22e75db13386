"""One stem per article: what occurrences and evidence name their article by.

An article is known by its file's stem (DESIGN.md: ``occurrences[].article``).
Two sites' pages are often both ``index.html``; sharing a stem, one article's
outlet and title showed on the other's claims in every export, and the screen
named both "index". So a stem already taken is made unique from the file's
path: ``misc/index`` beside ``index``, then ``index~2`` when even the paths are
alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import Any


class StemNames:
    """The stems taken so far, handing out a free one for each new article."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self.taken = set(taken)
        self._next: dict[str, int] = {}  # stem -> the next ~n to try (why: 20,000 alike stay linear)

    def take(self, stem: str, source: str) -> str:
        """``stem``, or the shortest path-qualified form of it not taken, then ``stem~n``.

        ``source`` is the article's file as stored (a path relative to the
        working folder, or absolute); its folders, nearest first, qualify the stem.
        """
        chosen = stem
        if chosen in self.taken:
            folders = [p for p in PurePosixPath(source.replace("\\", "/")).parent.parts if p not in ("/", ".", "")]
            chosen = next((q for q in ("/".join([*folders[-k:], stem]) for k in range(1, len(folders) + 1))
                           if q not in self.taken), "")
            n = self._next.get(stem, 2)
            while not chosen or chosen in self.taken:
                chosen = f"{stem}~{n}"
                n += 1
            self._next[stem] = n
        self.taken.add(chosen)
        return chosen


def unique_stems(rows: Iterable[tuple[str, str]]) -> list[str]:
    """A stem for each (stem, source) in order: the first holder of a stem keeps it, each later
    one gets a free name that is no other article's own (so no article is renamed that need not be)."""
    rows = list(rows)
    names = StemNames(stem for stem, _ in rows)
    seen: set[str] = set()
    out = []
    for stem, source in rows:
        out.append(stem if stem not in seen else names.take(stem, source))
        seen.add(stem)
    return out


def restem(articles: list[dict[str, Any]]) -> None:
    """Give article rows (dicts with ``stem`` and ``source``, in id order) :func:`unique_stems`."""
    for article, stem in zip(articles, unique_stems((a["stem"], a["source"]) for a in articles), strict=True):
        article["stem"] = stem
