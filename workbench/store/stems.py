"""One stem per article: what occurrences and evidence name their article by.

An article is known by its file's stem (DESIGN.md: ``occurrences[].article``).
Two sites' pages are often both ``index.html``; sharing a stem, one article's
outlet and title showed on the other's claims in every export, and the screen
named both "index". So a stem already taken is made unique from the file's
path: ``misc/index`` beside ``index``, then ``index~2`` when even the paths are
alike.
"""

from __future__ import annotations

from pathlib import PurePosixPath


def unique_stem(stem: str, source: str, taken: set[str]) -> str:
    """``stem``, or the shortest path-qualified form of it not in ``taken``; adds the result to ``taken``.

    ``source`` is the article's file as stored (a path relative to the
    working folder, or absolute); its folders, nearest first, qualify the stem.
    """
    chosen = stem
    if chosen in taken:
        folders = [p for p in PurePosixPath(source.replace("\\", "/")).parent.parts if p not in ("/", ".", "")]
        chosen = next((q for q in ("/".join([*folders[-k:], stem]) for k in range(1, len(folders) + 1))
                       if q not in taken), "")
        n = 2
        while not chosen or chosen in taken:
            chosen = f"{stem}~{n}"
            n += 1
    taken.add(chosen)
    return chosen
