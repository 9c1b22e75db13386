"""Plain text and metadata out of a saved HTML page, with the stdlib parser only.

The workbench stores and offsets into plain text, so HTML is flattened once at
import: scripts, styles and page chrome (nav, aside, footer, forms, figure
captions) are dropped, block elements become paragraph breaks, entities are
unescaped, and the title, author and publication date are read from the tags
that carry them, which is more reliable than guessing them from the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from .meta import parse_date

# Content of these never reaches the article text.
_SKIP = frozenset(
    {"script", "style", "noscript", "template", "svg", "math", "iframe", "object", "canvas",
     "nav", "aside", "footer", "form", "button", "select", "textarea", "figcaption"}
)  # fmt: skip
_PARAGRAPH = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol", "dl", "table",
     "section", "article", "header", "main", "figure", "address", "hr", "div"}
)  # fmt: skip
_LINE = frozenset({"br", "li", "tr", "dt", "dd"})
_AUTHOR_KEYS = frozenset(
    {"author", "byl", "article:author", "dc.creator", "parsely-author", "sailthru.author"}
)
_DATE_KEYS = frozenset(
    {"article:published_time", "date", "pubdate", "publishdate", "dc.date", "dc.date.issued",
     "parsely-pub-date", "sailthru.date", "datepublished", "og:published_time", "publish-date"}
)  # fmt: skip
_WS = re.compile(r"[ \t\r\n\f\v]+")


@dataclass
class HtmlExtract:
    """What :func:`html_to_text` found: the text plus tag-level metadata."""

    text: str
    title: str | None
    byline: str | None
    published: str | None


class _Extractor(HTMLParser):
    """Collect text with paragraph breaks, and title/author/date metadata."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth: dict[str, int] = {}
        self.pre_depth = 0
        self.title_parts: list[str] | None = None
        self.h1_parts: list[str] | None = None
        self.title: str | None = None
        self.h1: str | None = None
        self.og_title: str | None = None
        self.author: str | None = None
        self.date: str | None = None

    def _skipping(self) -> bool:
        return any(self.skip_depth.values())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            self._meta(a)
            return
        if tag == "title":
            self.title_parts = []
            return
        if (
            tag == "time"
            and self.date is None
            and ("pubdate" in a or a.get("itemprop") == "datePublished")
        ):
            self.date = parse_date(a.get("datetime", ""))
        if tag in _SKIP:
            self.skip_depth[tag] = self.skip_depth.get(tag, 0) + 1
            return
        if tag == "h1" and self.h1 is None and not self._skipping():
            self.h1_parts = []
        if tag == "pre":
            self.pre_depth += 1
        self._break(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            return  # <svg/> and the like: nothing to skip
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self.title_parts is not None:
            self.title = _WS.sub(" ", "".join(self.title_parts)).strip() or None
            self.title_parts = None
            return
        if tag in _SKIP:
            if self.skip_depth.get(tag):
                self.skip_depth[tag] -= 1
            return
        if tag == "h1" and self.h1_parts is not None:
            self.h1 = _WS.sub(" ", "".join(self.h1_parts)).strip() or None
            self.h1_parts = None
        if tag == "pre" and self.pre_depth:
            self.pre_depth -= 1
        self._break(tag)

    def handle_data(self, data: str) -> None:
        if self.title_parts is not None:
            self.title_parts.append(data)
            return
        if self._skipping():
            return
        if self.h1_parts is not None:
            self.h1_parts.append(data)
        self.parts.append(data if self.pre_depth else _WS.sub(" ", data))

    def _break(self, tag: str) -> None:
        if tag in _PARAGRAPH:
            self.parts.append("\n\n")
        elif tag in _LINE:
            self.parts.append("\n")
        elif tag in {"td", "th"}:
            self.parts.append(" ")

    def _meta(self, a: dict[str, str]) -> None:
        key = (a.get("name") or a.get("property") or a.get("itemprop") or "").lower()
        content = a.get("content", "").strip()
        if not content:
            return
        if key in _AUTHOR_KEYS and self.author is None and not content.startswith("http"):
            self.author = content
        elif key in _DATE_KEYS and self.date is None:
            self.date = parse_date(content)
        elif key in {"og:title", "twitter:title"} and self.og_title is None:
            self.og_title = content


_SITE_SUFFIX = re.compile(r"\s+(?:[|:—–-]|::)\s+[^|:—–-]{1,40}$")


def html_to_text(html: str) -> HtmlExtract:
    """Flatten ``html`` to text with blank lines between blocks, plus its metadata.

    The title prefers the first ``<h1>`` (the headline as printed), then
    ``og:title``, then ``<title>`` minus a trailing " | Site" / " - Site" part.
    """
    parser = _Extractor()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    text = "\n".join(line.strip() for line in text.split("\n"))
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    title = parser.h1 or parser.og_title
    if title is None and parser.title:
        title = parser.title
        while (m := _SITE_SUFFIX.search(title)) and m.start() > 10:
            title = title[: m.start()]
    return HtmlExtract(text=text, title=title, byline=parser.author, published=parser.date)
