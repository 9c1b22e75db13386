"""A small, deterministic review database for the TUI tests.

Built with the store API directly (not the importer), so the screen tests do
not move when extraction gets better: three articles, seven claims (two of
them found in several articles, so there is something to split), sentence
spans, and optionally titles and quotes full of markup that must show
literally.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import re
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from workbench.store import NewClaim, NewOccurrence, PreparedArticle, Store

SUBJECT = "Jeff Sessions"

A1 = (
    "President Trump said Thursday he has total confidence in Attorney General Jeff Sessions. "
    "At his confirmation hearing, Sessions said, \"I did not have communications with the Russians.\" "
    "Democrats called on him to resign. "
    "Sessions said in March that he never met with any Russian officials to discuss issues of the campaign. "
    "A spokeswoman said he met the ambassador in his capacity as a senator. "
    "The ambassador, Sergey Kislyak, declined to comment."
)
A2 = (
    "Attorney General Jeff Sessions met twice last year with the Russian ambassador. "
    "Sessions told the committee: \"I did not have communications with the Russians.\" "
    "Sessions said he does not recall any specific political discussions. "
    "Intelligence officials said the two men discussed the campaign. "
    "Sessions said in March that he never met with any Russian officials to discuss issues of the campaign. "
    "The White House did not respond."
)
A3 = (
    "Sessions announced Thursday that he would recuse himself. "
    "\"I have recused myself in the matters that deal with the Trump campaign,\" Sessions said. "
    "He said, \"I did not have communications with the Russians.\" "
    "Sessions insisted that he has not been in contact with any Russian officials about the election. "
    "Sessions said his answers to the committee were honest and correct. "
    "Critics said the meetings contradicted his testimony."
)

ARTICLES = [
    ("npr_a", "NPR", "Trump Says He Has 'Total' Confidence In Sessions", "2017-03-02", A1),
    ("nbc_b", "NBC News", "Sessions Chooses Recusal, Despite Trump's Confidence", "2017-03-02", A2),
    ("wapo_c", "The Washington Post", "Sessions discussed campaign with Russian ambassador", "2017-07-21", A3),
]

#: key: (text, speaker, on_behalf_of, said_on, setting)
CLAIMS = {
    "comms": ("I did not have communications with the Russians.", SUBJECT, None, "2017-01-10",
              "Senate confirmation hearing"),
    "never": ("he never met with any Russian officials to discuss issues of the campaign.", SUBJECT,
              None, "2017-03-01", "statement"),
    "capacity": ("he met the ambassador in his capacity as a senator.", "a spokeswoman", SUBJECT,
                 "2017-03-01", None),
    "recall": ("he does not recall any specific political discussions.", SUBJECT, None, "2017-03-02",
               None),
    "recused": ("I have recused myself in the matters that deal with the Trump campaign,", SUBJECT,
                None, "2017-03-02", "press conference"),
    "contact": ("he has not been in contact with any Russian officials about the election.", SUBJECT,
                None, "2017-03-03", None),
    "honest": ("his answers to the committee were honest and correct.", SUBJECT, None, "2017-03-06",
               "letter to the committee"),
}

#: article stem -> claim keys found in it, in order
FOUND = {
    "npr_a": ["comms", "never", "capacity"],
    "nbc_b": ["comms", "recall", "never"],
    "wapo_c": ["recused", "comms", "contact", "honest"],
}

MARKUP_TITLE = "[bold]Bold[/] and [@click=app.quit]click me[/] headline"
MARKUP_SENTENCE = "Sessions said, \"[red]I never[/red] met [@click=app.quit]them[/].\" "


def spans(body: str) -> list[tuple[int, int]]:
    """Sentence spans: a period (optionally closing a quote) then a space."""
    out: list[tuple[int, int]] = []
    start = 0
    for m in re.finditer(r"[.!?][\"”]?(?:\s+|$)", body):
        end = m.end()
        text_end = len(body[start:end].rstrip()) + start
        if text_end > start:
            out.append((start, text_end))
        start = end
    if start < len(body):
        out.append((start, len(body)))
    return out


def build(path: Path, *, markup: bool = False) -> Path:
    """Write the test database at ``path`` and return it."""
    store = Store(path)
    store.set_story("Test story", SUBJECT, ["Sessions"])
    claims: dict[str, NewClaim] = {}
    for key, (text, speaker, behalf, said_on, setting) in CLAIMS.items():
        claims[key] = NewClaim(text=text, speaker=speaker, on_behalf_of=behalf, said_on=said_on,
                               setting=setting)
    if markup:
        claims["markup"] = NewClaim(text="[red]I never[/red] met [@click=app.quit]them[/].",
                                    speaker=SUBJECT, said_on="2017-03-09")
    items = []
    for stem, outlet, title, published, body in ARTICLES:
        if markup and stem == "npr_a":
            title = MARKUP_TITLE
            body = body + " " + MARKUP_SENTENCE.strip()
        occs = []
        keys = list(FOUND[stem]) + (["markup"] if markup and stem == "npr_a" else [])
        for key in keys:
            text = claims[key].text.rstrip(",")
            start = body.index(text)
            occs.append(NewOccurrence(claim=key, start=start, end=start + len(text), text=text,
                                      kind="direct" if text[0] == "I" else "indirect"))
        meta = {
            "source": f"tests/{stem}.txt", "stem": stem,
            "sha256": hashlib.sha256(body.encode()).hexdigest(), "title": title, "outlet": outlet,
            "url": None, "published": published, "byline": None, "body": body,
        }
        items.append(PreparedArticle(meta, spans(body), occs))
    store.add_articles(items, claims, {})
    store.close()
    return path


def claim_ids(path: Path) -> dict[str, int]:
    """Claim id by test key (matched on text), for assertions."""
    store = Store(path, readonly=True)
    try:
        rows = store.claims_page("all", None, 0, 100)
    finally:
        store.close()
    by_text = {r.text: r.id for r in rows}
    return {key: by_text[text] for key, (text, *_rest) in CLAIMS.items()}


async def settle(pilot: Any, rounds: int = 400) -> None:
    """Wait until no worker is running and the screen has processed their results.

    Database work runs in thread workers; tests assert on what is shown, so
    they wait for the workers (and the messages they post) to finish. Short
    sleeps rather than ``pilot.pause()`` alone, whose idle detection is slow
    on a busy machine; one ``pause()`` at the end lets the screen settle.
    """
    app = pilot.app
    quiet = 0
    for _ in range(rounds):
        await pilot.pause(0.01)
        busy = any(w.is_running for w in app.workers if w.group != "poll")
        busy = busy or bool(getattr(getattr(app, "review", None), "detail_pending", False))
        busy = busy or bool(getattr(app, "keys_waiting", False))  # keys typed, not yet handled
        pending = any(node._message_queue.qsize() for node in app.screen.walk_children(with_self=True))
        quiet = 0 if busy or pending else quiet + 1
        if quiet >= 4:
            break
    await pilot.pause()


def run_async(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async pilot test with ``asyncio.run`` (no pytest-asyncio in this project)."""

    @functools.wraps(test)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return wrapper


SIZE = (160, 45)  # the terminal size every TUI test runs at


def screen(app: Any) -> Any:
    """The app's review screen (asserting it is there)."""
    review = app.review
    assert review is not None
    return review


def count_layouts(monkeypatch: Any, into: list[str]) -> None:
    """Append "layout" to ``into`` at every relayout of a screen (a whole-screen reflow)."""
    from textual.screen import Screen

    original = Screen._refresh_layout

    def counting(self: Any, *args: Any, **kwargs: Any) -> Any:
        into.append("layout")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Screen, "_refresh_layout", counting)


def slowed(monkeypatch: Any, owner: Any, name: str, seconds: float,
           when: Callable[..., bool] = lambda *args: True) -> None:
    """Make ``owner.name`` take ``seconds`` more (when ``when(*args)`` holds): a locked file, a
    slow disk. Why: keys typed while a write or read is under way are what the tests are about."""
    real = getattr(owner, name)

    def slow(*args: Any, **kwargs: Any) -> Any:
        if when(*args):
            time.sleep(seconds)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, slow)
