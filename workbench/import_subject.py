"""Whose statements an import extracts, and what it may change of the review's story.

A review file holds one subject's statements: its claims, speakers, merges
with colleagues' files (which refuse a file of another subject) all rest on
that. So an import never changes the subject a file already has: a
``--subject`` or a story file naming someone else is refused in one line
naming the file, before anything is written, instead of quietly renaming the
subject (and extracting "Sessions said" as Donald Trump's words, the stored
aliases still matching Sessions).

The rules (also in README, under the command line):

- the subject is compared with case and runs of spaces ignored ("jeff
  sessions" is Jeff Sessions); the spelling already stored is kept;
- ``--subject`` wins over a story's subject, but only in a file without a
  subject or with the same one; a story overridden that way gives none of its
  aliases (they name someone else);
- aliases are added to those stored (for the same subject, more names of
  that person); they find statements in the articles imported from then on;
- the story's name is set once: a later story file of the same subject adds
  its articles and aliases and leaves the name, with a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.config import Story


def same_name(a: str | None, b: str | None) -> bool:
    """Two names of one subject or story: case and runs of spaces ignored (as merge does)."""
    return " ".join((a or "").split()).casefold() == " ".join((b or "").split()).casefold()


@dataclass
class Settled:
    """The outcome: the story to store, the stories whose articles may be imported, and
    one-line errors and warnings (each naming its file)."""

    name: str | None = None
    subject: str | None = None
    aliases: list[str] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    refused: bool = False  # everything refused (--subject names someone else)


def settle_story(stored: dict[str, Any], db: Path, stories: list[Story], subject: str | None,
                 aliases: list[str]) -> Settled:
    """Apply the rules above to the stored story, the story files and the typed options.

    ``stored`` is :meth:`Store.story`; ``subject`` and ``aliases`` are what was
    typed (already cleaned). A story refused here is left out of
    ``Settled.stories``, with one error line; the others go on.
    """
    out = Settled()
    have = stored["subject"]["name"] or None
    if subject and have and not same_name(subject, have):
        out.errors.append(f"{db}: reviews {have}, not {subject} (--subject); a review file holds one"
                          f" subject's statements: nothing imported (use a new file for {subject})")
        out.refused = True
        return out
    first = next((s for s in stories if s.subject), None)
    out.subject = have or subject or (first.subject if first else None)
    story_aliases: list[str] = []
    for story in stories:
        if story.subject and out.subject and not same_name(story.subject, out.subject):
            if subject:  # --subject overrides the story: its aliases name someone else
                out.warnings.append(f"{story.path}: its subject {story.subject} is overridden by"
                                    f" --subject {subject}; its aliases are left out")
                out.stories.append(story)
                continue
            if have:
                out.errors.append(f"{db}: reviews {have}, not {story.subject} (the subject of {story.path});"
                                  f" its articles were not imported (use a new file for {story.subject})")
            else:
                out.errors.append(f"{story.path}: its subject {story.subject} is not {out.subject}, the"
                                  f" subject of {first.path if first else '--subject'}; one review file"
                                  " holds one subject's statements: its articles were not imported")
            continue
        out.stories.append(story)
        story_aliases += story.aliases
    out.aliases = list(dict.fromkeys([*stored["subject"]["aliases"], *story_aliases, *aliases]))
    out.name = stored["name"] or next((s.name for s in out.stories if s.name), None)
    for story in out.stories:
        if story.name and not same_name(story.name, out.name):
            whose = f"{db} keeps" if stored["name"] else "the review is named"
            out.warnings.append(f"{story.path}: story name '{story.name}' not used: {whose} '{out.name}'")
    return out
