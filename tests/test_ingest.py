"""Cleaning the bundled articles, HTML and markdown input, and reading files from disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.ingest import IngestError, clean_article, read_article
from workbench.ingest.meta import parse_byline, parse_date

ARTICLES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"
FILES = sorted(ARTICLES.glob("*.txt"))

FURNITURE = [
    "Your NPR news source",
    "IE 11 is not supported",
    "The Slatest",
    "The Latest",
    "Copyright 2017 NPR",
    "To see more, visit",
    "writes about national security",
    "Share news tips with us confidentially",
    "](#)",
    "Follow @",
    "SHARE ",
    "Alex Brandon/AP",
    "Getty Images",
    "Updated at 2:15",
    "Learn more",
    "securely send information",
    "is a national security reporter",
    "correspondent for The Washington Post",
]

TITLES = {
    "000": "Trump Says He Has 'Total' Confidence In Attorney General Sessions",
    "001": "AG Sessions' Talks With Russian Envoy May Conflict With Senate Testimony",
    "002": "Sessions Chooses Recusal, Despite Trump's 'Total' Confidence",
    "003": "Despite Earlier Denial, Sessions Reportedly Did Discuss Trump Campaign With Russian Ambassador",
    "004": "Sessions discussed Trump campaign-related matters with Russian ambassador, U.S. intelligence intercepts show",
}

KEY_SENTENCES = {
    "000": [
        "In his reply, Sessions said in part,",
        "U.S. investigators have examined contacts [Sessions] had with Russian officials",
        "“I never met with any Russian officials to discuss issues of the campaign. "
        "I have no idea what this allegation is about. It is false.”",
        "Then-Sen. Jeff Sessions spoke twice with the Russian ambassador last year",
        "we should wait for everyone to calm down and the situation to stabilize.”",
    ],
    "001": [
        "In his reply, Sessions said in part,",
        "in not revealing he had spoken about U.S. sanctions with the official.",
    ],
    "002": [
        "Asked Thursday afternoon if he had 'confidence' in Attorney General Jeff Sessions",
        'Sessions stated during the hearings in January that he "did not have communications '
        "with the Russians, and I'm unable to comment\"",
        "U.S.S. Gerald Ford in Newport News, Virginia.",
    ],
    "003": [
        "Sessions had said in March",
        "“I don’t recall any discussion of the campaign in any significant way,”",
        "making the claim that he also is guilty of illegal leaks (even though he isn’t).",
    ],
    "004": [
        "“I never had meetings with Russian operatives or Russian intermediaries about the Trump "
        "campaign,” Sessions said in March when he announced",
        "Sessions has said repeatedly that he never discussed campaign-related issues",
        "Matt Zapotosky and Julie Tate contributed to this report.",
        "By that point, Russian President Vladimir Putin",
    ],
}


def _clean(stem: str):
    path = next(p for p in FILES if p.name.startswith(stem))
    return clean_article(path.read_text(encoding="utf-8"))


def test_all_five_fixtures_present() -> None:
    assert [p.name[:3] for p in FILES] == ["000", "001", "002", "003", "004"]


@pytest.mark.parametrize("stem", sorted(TITLES))
def test_fixture_body_has_no_furniture(stem: str) -> None:
    body = _clean(stem).body
    for junk in FURNITURE:
        assert junk not in body, f"{stem}: {junk!r} left in body"


@pytest.mark.parametrize("stem", sorted(TITLES))
def test_fixture_keeps_reporting(stem: str) -> None:
    body = _clean(stem).body
    for sentence in KEY_SENTENCES[stem]:
        assert sentence in body, f"{stem}: lost {sentence!r}"


@pytest.mark.parametrize("stem", sorted(TITLES))
def test_fixture_title(stem: str) -> None:
    art = _clean(stem)
    assert art.title == TITLES[stem]
    assert not art.body.startswith(TITLES[stem])
    assert TITLES[stem] not in art.body


@pytest.mark.parametrize("stem", sorted(TITLES))
def test_fixture_nothing_lost_silently(stem: str) -> None:
    """Every source line ends up in the body, the title, the byline, or `removed`."""
    path = next(p for p in FILES if p.name.startswith(stem))
    art = clean_article(path.read_text(encoding="utf-8"))
    body_lines = set(art.body.split("\n"))
    for line in path.read_text(encoding="utf-8").split("\n"):
        line = " ".join(line.split())
        if not line or line == art.title or line.startswith("By ["):
            continue
        line = line.replace("[Sessions said in March](#)", "Sessions said in March")
        line = line.split(" 🐦 Follow @")[0]
        assert line in body_lines or line in art.removed, f"{stem}: {line[:80]!r} vanished"


@pytest.mark.parametrize("stem", sorted(TITLES))
def test_fixture_body_shape(stem: str) -> None:
    body = _clean(stem).body
    assert "\n\n\n" not in body
    assert body == body.strip()
    assert all(line == line.rstrip() for line in body.split("\n"))


def test_fixture_004_byline_and_bios() -> None:
    art = _clean("004")
    assert art.byline == "Adam Entous, Ellen Nakashima and Greg Miller"
    assert art.published is None  # "July 21" without a year
    assert "Adam Entous" not in art.body
    assert art.body.endswith("Matt Zapotosky and Julie Tate contributed to this report.")
    assert any(r.startswith("Ellen Nakashima is a national security reporter") for r in art.removed)
    with_year = clean_article((ARTICLES / FILES[4].name).read_text(encoding="utf-8"), year=2017)
    assert with_year.published == "2017-07-21"


def test_fixture_000_captions_credit_and_update_line() -> None:
    art = _clean("000")
    assert "testifies on Jan. 10 at the confirmation hearing" not in art.body
    assert "Updated at 2:15 p.m. ET Thursday" in art.removed
    assert art.body.startswith("Then-Sen. Jeff Sessions spoke twice")
    assert art.body.endswith("the situation to stabilize.”")


def test_fixture_002_glued_credit_caption_removed_dek_kept() -> None:
    art = _clean("002")
    assert "MOLLY RILEY" not in art.body
    assert art.body.startswith("Asked Thursday afternoon if he had 'confidence'")


def test_fixture_003_caption_date_is_not_publication_date() -> None:
    art = _clean("003")
    assert "Attorney General Jeff Sessions testifies before the Senate" not in art.body
    assert art.published is None  # "June 13, 2017" dates the photo, not the article
    assert art.body.startswith("Russia’s ambassador to the United States")


# --- general rules, beyond the fixtures ----------------------------------------------


def test_markdown_links_images_and_editor_brackets() -> None:
    text = (
        "A Headline About Things\n\n"
        "By [Jane Roe](https://example.com/jane) and [John Doe](#) March 3, 2017\n\n"
        "“No,” [Sessions said in March](#) while ![a photo](x.jpg)contacts [Sessions] had "
        "continued, see [the report](https://example.com/a_(b)).\n"
    )
    art = clean_article(text)
    assert art.title == "A Headline About Things"
    assert art.byline == "Jane Roe and John Doe"
    assert art.published == "2017-03-03"
    assert (
        art.body
        == "“No,” Sessions said in March while contacts [Sessions] had continued, see the report."
    )


def test_trailing_rail_only_after_midpoint_and_bios_need_bio_shape() -> None:
    text = (
        "Some Headline Here\n\nRelated\n\nFirst paragraph of reporting that is long enough.\n\n"
        "Dmitry Peskov is a spokesman who said the situation was chaotic.\n\n"
        "More Stories\nOther story one.\nOther story two."
    )
    art = clean_article(text)
    assert "Related" in art.body  # early heading kept
    assert "Dmitry Peskov is a spokesman" in art.body  # not a reporter bio
    assert "Other story" not in art.body


def test_generic_bio_without_byline_and_pull_quote_duplicate() -> None:
    text = (
        "Headline For A Story\n\n“We are done,” he said.\n\n“We are done,” he said.\n\n"
        "Closing line of the story.\n\nJane Roe is a White House correspondent for the Daily Planet."
    )
    art = clean_article(text)
    assert art.body == "“We are done,” he said.\n\nClosing line of the story."


def test_real_sentences_that_resemble_furniture_survive() -> None:
    sentences = [
        "Published reports on Thursday said Sessions met Kislyak twice.",
        "By that point, Russian President Vladimir Putin had decided.",
        "Share prices fell on Thursday.",
        "Copyright law was not at issue, he said.",
        "The latest report says otherwise.",
    ]
    art = clean_article("Headline Goes Here\n\n" + "\n\n".join(sentences))
    for s in sentences:
        assert s in art.body


def test_no_title_when_first_line_is_a_sentence() -> None:
    art = clean_article("Sessions said he never met the ambassador.\n\nHe later recused.")
    assert art.title is None
    assert art.body.startswith("Sessions said he never met")


def test_clean_strips_controls_and_normalises_whitespace() -> None:
    art = clean_article(
        "Title Line Here\r\n\r\n\r\n\r\nA \x1b[1mbold\x1b[0m\u200b  claim.   \r\nNext.\n\n\n\nLast."
    )
    assert art.body == "A bold claim.\nNext.\n\nLast."


def test_unknown_format_rejected() -> None:
    with pytest.raises(ValueError):
        clean_article("x", "pdf")


HTML = """<!DOCTYPE html>
<html><head><title>Sessions Recuses &amp; Explains | NPR</title>
<meta name="author" content="Carrie Johnson">
<meta property="article:published_time" content="2017-03-02T14:15:00-05:00">
<script>var s = "<p>not article text</p>"; if (a < b) {}</script>
<style>p { color: red }</style></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Sessions Recuses &mdash; Amid &quot;Total&quot; Confidence</h1>
<p>Attorney General Jeff Sessions said, &ldquo;I have now decided to recuse myself.&rdquo;</p>
<figure><img src="x.jpg" alt="photo"><figcaption>Sessions at the podium.</figcaption></figure>
<p>He said it was &lt;not&gt; about the
   <a href="/x">campaign</a>.<br>A new line&nbsp;here.</p>
<p>Copyright 2017 NPR. To see more, visit https://www.npr.org.</p></article>
<footer>About us</footer></body></html>"""


def test_html_sample() -> None:
    art = clean_article(HTML, "html")
    assert art.title == 'Sessions Recuses — Amid "Total" Confidence'
    assert art.byline == "Carrie Johnson"
    assert art.published == "2017-03-02"
    assert art.body == (
        "Attorney General Jeff Sessions said, “I have now decided to recuse myself.”\n\n"
        "He said it was <not> about the campaign.\nA new line here."
    )
    for junk in ("not article text", "color", "Home", "About us", "podium", "Copyright"):
        assert junk not in art.body


def test_html_title_falls_back_to_title_tag_without_site_suffix() -> None:
    art = clean_article(
        "<html><head><title>Sessions Recuses | NPR</title></head><body><p>Text here.</p></body></html>",
        "html",
    )
    assert art.title == "Sessions Recuses"
    assert art.body == "Text here."


def test_markdown_front_matter_and_heading() -> None:
    md = "---\ntitle: A Story\nauthor: Jane Roe\ndate: 2017-07-22\n---\n# A Story\n\n> “Quote,” he **said**.\n"
    art = clean_article(md, "md")
    assert (art.title, art.byline, art.published) == ("A Story", "Jane Roe", "2017-07-22")
    assert art.body == "“Quote,” he said."


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        ("June 13, 2017", None, "2017-06-13"),
        ("July 21", None, None),
        ("July 21", 2017, "2017-07-21"),
        ("Sept. 5th, 2016", None, "2016-09-05"),
        ("21 July 2017", None, "2017-07-21"),
        ("2017-03-02T14:15:00-05:00", None, "2017-03-02"),
        ("June 31, 2017", None, None),
        ("no date here", 2017, None),
    ],
)
def test_parse_date(text: str, year: int | None, expected: str | None) -> None:
    assert parse_date(text, year) == expected


def test_parse_byline_rejects_sentences() -> None:
    assert parse_byline("By that point, Russian President Vladimir Putin had decided") is None
    assert parse_byline("By The time he spoke, it was over") is None
    assert parse_byline("By Adam Entous, Ellen Nakashima and Greg Miller July 21") == (
        ["Adam Entous", "Ellen Nakashima", "Greg Miller"],
        "July 21",
    )


# --- files -----------------------------------------------------------------------------


def test_read_article_hashes_raw_bytes(tmp_path: Path) -> None:
    import hashlib

    raw = FILES[4].read_bytes()
    got = read_article(FILES[4], year=2017)
    assert got.sha256 == hashlib.sha256(raw).hexdigest()
    assert got.fmt == "txt"
    assert got.article.published == "2017-07-21"
    assert got.warnings == []


def test_read_article_html_content_in_txt_file(tmp_path: Path) -> None:
    p = tmp_path / "saved.txt"
    p.write_text(HTML, encoding="utf-8")
    assert read_article(p).fmt == "html"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"", "empty file"),
        (b"Your NPR news source\n\nLearn more\n", "no article text"),
    ],
)
def test_read_article_refusals(tmp_path: Path, content: bytes, message: str) -> None:
    p = tmp_path / "a.txt"
    p.write_bytes(content)
    with pytest.raises(IngestError, match=message) as info:
        read_article(p)
    assert str(p) not in str(info.value)


def test_read_article_missing_and_folder(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="cannot read"):
        read_article(tmp_path / "missing.txt")
    with pytest.raises(IngestError, match="folder"):
        read_article(tmp_path)


def test_clean_fast_on_one_huge_line() -> None:
    import time

    line = ("Sessions said “no” in [a link](#) today, \x1b[1mreally\x1b[0m. " * 100_000)[:5_000_000]
    start = time.perf_counter()
    art = clean_article(line)
    assert time.perf_counter() - start < 3
    assert "](#)" not in art.body and "\x1b" not in art.body


def test_clean_fast_on_many_short_lines() -> None:
    import time

    text = "\n".join(f"Line {i} of the story, Sessions said." for i in range(100_000))
    start = time.perf_counter()
    art = clean_article(text)
    assert time.perf_counter() - start < 3
    assert art.body.count("\n") == 99_999


def test_html_entities_cannot_bring_back_invisible_characters() -> None:
    """Entities are unescaped after the control strip of the raw page: strip what they give too."""
    html = (
        "<html><head><meta name=author content='Ann&#x202e; Lee&#x200b;'></head><body>"
        "<h1>Head&#x202e;&#x200b;line&#27;[2J</h1><p>Body &#x202e;text, x&#x2066;y said.</p>"
        "<p>More body text here.</p></body></html>"
    )
    art = clean_article(html, "html")
    assert (art.title, art.byline) == ("Headline[2J", "Ann Lee")
    assert art.body == "Body text, xy said.\n\nMore body text here."


def test_clean_field_makes_metadata_one_plain_line() -> None:
    from workbench.ingest.clean import clean_field

    assert clean_field("NPR\x1b[31m RED \x1b]8;;http://e.example\x1b\\click\x1b]8;;\x1b\\") == "NPR RED click"
    assert clean_field("Title\u202e\u200bhidden\n\tmore  words ") == "Titlehidden more words"
    assert clean_field(" \x1b[2J\u200b ") is None
    assert clean_field(None) is None


def unblock_fifo(path: Path) -> None:
    """Open ``path`` for writing and close it: a reader blocked opening the FIFO then reads an empty file."""
    import os

    try:
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
    except OSError:  # no reader waiting (or not a FIFO): nothing to unblock
        pass


@pytest.mark.parametrize("kind", ["fifo", "null", "zero"])
def test_read_article_refuses_what_is_not_a_regular_file(tmp_path: Path, kind: str) -> None:
    """A FIFO would block the read and /dev/zero never ends; both report size 0."""
    import os
    import threading

    p = tmp_path / "a.txt"
    if kind == "fifo":
        os.mkfifo(p)
    else:
        p.symlink_to(f"/dev/{kind}")
    writer = threading.Timer(3, unblock_fifo, [p])  # were the open to block, a late writer ends it
    writer.start()
    try:
        with pytest.raises(IngestError, match="not a regular file") as info:
            read_article(p)
    finally:
        writer.cancel()
    assert str(p) not in str(info.value)


def test_read_regular_file_reads_at_most_one_byte_over_the_limit(tmp_path: Path) -> None:
    """A file that grew since its size was checked cannot fill memory: the read itself is capped."""
    from workbench.regular_file import NotRegularFile, read_regular_file

    p = tmp_path / "a.txt"
    p.write_bytes(b"x" * 1000)
    assert len(read_regular_file(p, 100)) == 101
    assert len(read_regular_file(p)) == 1000
    with pytest.raises(NotRegularFile, match="folder"):
        read_regular_file(tmp_path)


def test_a_short_first_line_is_kept_when_the_line_under_it_is_no_headline() -> None:
    """A short first line was dropped as a section label ("kicker") above a headline even when
    the line under it was the whole article (no headline, since nothing is below it): the
    headline of the article was in neither its title nor its body."""
    text = 'Headline ALERT\n\nJeff Sessions said "I never met the Russians at all." Done. He added: "x".\n'
    cleaned = clean_article(text)
    assert cleaned.title == "Headline ALERT"
    assert cleaned.body.startswith("Jeff Sessions said") and cleaned.removed == []
    # a kicker over a real headline still goes
    kicked = clean_article("National Security\nSessions Testifies Again\n\nSessions said he met nobody.\n")
    assert kicked.title == "Sessions Testifies Again" and kicked.removed == ["National Security"]
