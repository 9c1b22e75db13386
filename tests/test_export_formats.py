"""Tests of the export renderers (CSV, Markdown, YAML, ClaimReview, timeline, stats).

All of them render the hand-built document of ``export_sample``; hostile text
(formula cells, Markdown/HTML injection, ``</script>``) is planted into copies.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
import yaml
from export_sample import sample_doc, sample_settings
from rich.console import Console

from workbench.export import DEFAULT_SUFFIX, FORMATS, ExportError, render
from workbench.export.claimreview import render_claimreview, shorten
from workbench.export.csv_ import HEADER, render_csv
from workbench.export.markdown import escape, render_markdown, safe_url
from workbench.export.stats import render_stats
from workbench.export.timeline import date_key, render_timeline_text, timeline
from workbench.export.yaml_ import render_yaml

HOSTILE_NOTE = "a | b [x](http://evil) <script>alert(1)</script>"


def _text_of(renderable: object, width: int = 160) -> str:
    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


# ---------------------------------------------------------------- sample


def test_sample_offsets_point_into_bodies() -> None:
    doc = sample_doc()
    bodies = {a["stem"]: a["body"] for a in doc["articles"]}
    spans = [s for c in doc["claims"] for s in (*c["occurrences"], *c["evidence"])]
    assert spans
    for span in spans:
        assert bodies[span["article"]][span["start"] : span["end"]] == span["text"]
    assert {c["verdict"] for c in doc["claims"]} == {
        "consistent",
        "contradicted",
        "unresolved",
        None,
    }
    assert {e["stance"] for c in doc["claims"] for e in c["evidence"]} == {
        "supports",
        "contradicts",
        "context",
    }


# ---------------------------------------------------------------- render()


def test_render_dispatches_every_format() -> None:
    doc = sample_doc()
    assert set(DEFAULT_SUFFIX) == set(FORMATS)
    for fmt in FORMATS:
        assert render(doc, fmt, sample_settings())
    assert json.loads(render(doc, "json")) == doc
    assert "Jeff Sessions" in render(doc, "json")  # ensure_ascii=False keeps text readable
    assert "’" in render(doc, "json")


def test_render_unknown_format_is_an_export_error() -> None:
    with pytest.raises(ExportError, match="unknown export format 'pdf'"):
        render(sample_doc(), "pdf", None)


# ---------------------------------------------------------------- CSV


def _parse_csv(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def test_csv_one_row_per_claim() -> None:
    doc = sample_doc()
    text = render_csv(doc)
    rows = _parse_csv(text)
    assert tuple(rows[0]) == HEADER
    assert len(rows) == 1 + len(doc["claims"])
    assert text.count("\r\n") == len(rows)
    by_id = {row[0]: dict(zip(HEADER, row, strict=True)) for row in rows[1:]}
    first = by_id["1"]
    assert first["verdict"] == "contradicted"
    assert first["sources"] == "3"
    assert first["outlets"] == "NPR; NBC News; The Washington Post"
    assert first["first_source_url"].startswith("https://www.nbcnews.com/")  # NPR has no URL
    assert first["evidence_count"] == "3"
    unreviewed = by_id["3"]
    assert unreviewed["verdict"] == unreviewed["note"] == unreviewed["reviewer"] == ""
    assert unreviewed["said_on"] == "2017-03"


def test_csv_neutralises_formula_cells() -> None:
    doc = sample_doc()
    claim = doc["claims"][0]
    claim["note"] = '=HYPERLINK("http://x")'
    claim["speaker"] = "+1"
    claim["setting"] = "-2"
    claim["reviewer"] = "@SUM(A1:A9)"
    claim["text"] = "\tfoo"
    doc["claims"][1]["note"] = "\rbar"
    doc["claims"][1]["text"] = 'He said "never",\nthen more'
    rows = _parse_csv(render_csv(doc))
    first = dict(zip(HEADER, rows[1], strict=True))
    assert first["note"].startswith('\'=HYPERLINK("http://x")')  # other reviewers' notes follow it
    assert first["speaker"] == "'+1"
    assert first["setting"] == "'-2"
    assert first["reviewer"] == "'@SUM(A1:A9)"
    assert first["text"] == "'\tfoo"
    second = dict(zip(HEADER, rows[2], strict=True))
    assert second["note"].startswith("'\rbar\n\nalice: ")
    assert second["text"] == 'He said "never",\nthen more'  # quoting round-trips
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


# ---------------------------------------------------------------- Markdown


def test_markdown_report_structure() -> None:
    doc = sample_doc()
    md = render_markdown(doc)
    assert md.startswith("# Jeff Sessions and the Russian ambassador\n")
    assert "**Subject:** Jeff Sessions" in md
    assert "2026-11-21T10:00:00Z" in md
    assert "| ✗ Contradicted | 1 |" in md
    assert "| · Unreviewed | 1 |" in md
    assert "| **Total** | **4** |" in md
    assert "## Timeline" in md
    for claim in doc["claims"]:
        assert escape(claim["text"]) in md
        assert f'<a id="claim-{claim["id"]}"></a>' in md
    # sources: outlet, title, date, and a link only where there is a URL
    assert (
        "[Sessions Chooses Recusal, Despite Trump's 'Total' Confidence](https://www.nbcnews.com/"
        in md
    )
    assert (
        "**NPR**, Trump Says He Has 'Total' Confidence In Attorney General Sessions, 2017-03-02"
        in md
    )
    # evidence with its stance, quoted
    assert "- **Contradicts** — The Washington Post" in md
    assert "- **Supports** — The Washington Post" in md
    assert "  > there was absolutely nothing misleading about his answer" in md
    # timeline order: 2017-01-10, 2017-03, 2017-03-01, 2017-06-13
    timeline_part = md.split("## Timeline", 1)[1].split("## Statements", 1)[0]
    assert re.findall(r"\(#claim-(\d+)\)", timeline_part) == ["1", "3", "2", "4"]


def _table_widths(md: str) -> list[list[int]]:
    """Cells per row of each table (runs of lines starting with '|'), escaped pipes ignored."""
    tables: list[list[int]] = []
    current: list[int] = []
    for line in md.splitlines():
        if line.startswith("|"):
            current.append(len(re.findall(r"(?<!\\)\|", line)))
        elif current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    return tables


def _plant_hostile_text(doc: dict) -> dict:
    claim = doc["claims"][0]
    claim["note"] = HOSTILE_NOTE
    claim["text"] = "I never | met [them](javascript:alert(1)) <b>ok</b> & *never*"
    claim["setting"] = "hearing | extra | columns"
    doc["claims"][1]["note"] = (
        "line one\n\n# Not a heading\n===\n    indented\n<img src=x onerror=alert(1)>\n> quote"
    )
    doc["articles"][0]["title"] = "Title](http://evil) ![img](http://evil/x.png)"
    doc["articles"][0]["outlet"] = "NPR | <i>x</i>"
    doc["articles"][1]["url"] = "javascript:alert(1)"
    doc["articles"][2]["url"] = "https://example.org/a b)<x>|y"
    doc["story"]["name"] = "Story <script>x</script> [a](http://evil)"
    return doc


def test_markdown_hostile_text_cannot_break_the_document() -> None:
    clean_widths = _table_widths(render_markdown(sample_doc()))
    doc = _plant_hostile_text(sample_doc())
    md = render_markdown(doc)
    assert "<script" not in md
    assert "<img" not in md and "<b>" not in md and "<i>" not in md
    # No live link: every "](" that could close a link text has its bracket escaped.
    assert not re.search(r"(?<!\\)\]\((?:http://evil|javascript:)", md)
    assert "\\[x\\](" in md or "[x](" not in md
    assert "&lt;script&gt;" in md
    assert "a \\| b \\[x\\](http://evil)" in md
    assert _table_widths(md) == clean_widths
    # the only http(s) link with odd characters is percent-encoded, never closed early
    assert "(https://example.org/a%20b%29%3Cx%3E%7Cy)" in md
    # a note with blank lines stays inside its blockquote
    assert "> \\# Not a heading" in md
    assert "\n# Not a heading" not in md


def test_markdown_hostile_text_renders_as_text_in_html() -> None:
    markdown_it = pytest.importorskip("markdown_it")
    clean = (
        markdown_it.MarkdownIt("commonmark").enable("table").render(render_markdown(sample_doc()))
    )
    doc = _plant_hostile_text(sample_doc())
    html = markdown_it.MarkdownIt("commonmark").enable("table").render(render_markdown(doc))
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert 'href="http://evil' not in html and 'href="javascript' not in html
    assert not re.search(r"<[^>]*\bsrc=", html)  # no element with a src attribute
    assert html.count("<h1>") == 1  # only the title; the note's "# ..." and "===" stay text
    assert html.count("<h3>") == len(doc["claims"])  # anchors did not swallow headings
    assert html.count("<td>") == clean.count("<td>")
    assert html.count("<th") == clean.count("<th")
    assert "a | b [x](http://evil) &lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_markdown_disputed_claim_is_flagged() -> None:
    doc = sample_doc()
    doc["claims"][1]["disputed"] = True
    md = render_markdown(doc)
    assert "- **Disputed:** alice: unresolved; bob: contradicted" in md
    assert "1 statement(s) are disputed" in md


def test_markdown_handles_missing_optional_fields() -> None:
    doc = sample_doc()
    claim = doc["claims"][2]
    claim.update(said_on=None, setting=None, occurrences=[], evidence=[])
    md = render_markdown(doc)
    assert "date unknown" in md
    assert "- no source recorded" in md
    assert "| undated | · Unreviewed |" in md


def test_escape_and_safe_url() -> None:
    assert escape("1. a*b_c [d](e) `f` #g <h> & |") == (
        "1\\. a\\*b\\_c \\[d\\](e) \\`f\\` #g &lt;h&gt; &amp; \\|"
    )
    assert escape("&lt;script") == "&amp;lt;script"
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("data:text/html,x") is None
    assert safe_url("https://x.example/a(b)") == "https://x.example/a%28b%29"


# ---------------------------------------------------------------- YAML


def test_yaml_round_trips() -> None:
    doc = sample_doc()
    assert yaml.safe_load(render_yaml(doc)) == doc


def test_yaml_round_trips_awkward_strings() -> None:
    doc = sample_doc()
    awkward = [
        "null",
        "yes",
        "No",
        "on",
        "~",
        "2017-03-02",
        "0x1F",
        "1e3",
        "123",
        "-",
        "- item",
        "? q",
        "key: value",
        "# not a comment",
        "  leading",
        "trailing  ",
        "multi\nline\n",
        "\ttab",
        "quote ' and \"",
        "{a: 1}",
        "[1, 2]",
        "&anchor",
        "*alias",
        "!tag",
        "%directive",
        "@at",
        "`tick",
        "curly ‘quotes’ — and … emoji 🙂",
        "\u2028 line sep",
        "\x85 next line",
        "nul\x00byte",
        "",
    ]
    doc["claims"][0]["note"] = awkward
    doc["claims"][1]["note"] = "\n".join(awkward)
    text = render_yaml(doc)
    assert "curly ‘quotes’ — and …" in text  # allow_unicode: written as they are, not escaped
    # libyaml writes characters beyond U+FFFF as escapes (they load back the same)
    assert "🙂" in text or "\\U0001F642" in text
    assert yaml.safe_load(text) == doc


# ---------------------------------------------------------------- ClaimReview


def test_claimreview_fields() -> None:
    doc = sample_doc()
    reviews = json.loads(render_claimreview(doc, sample_settings()))
    assert [r["url"] for r in reviews] == [
        "https://factcheck.example/reviews/sessions#claim-1",
        "https://factcheck.example/reviews/sessions#claim-2",
        "https://factcheck.example/reviews/sessions#claim-4",
    ]  # claim 3 is unreviewed
    first = reviews[0]
    assert first["@context"] == "https://schema.org"
    assert first["@type"] == "ClaimReview"
    assert first["claimReviewed"] == "I did not have communications with the Russians."
    assert first["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Contradicted",
        "ratingValue": 1,
        "bestRating": 3,
        "worstRating": 1,
    }
    assert first["author"] == {
        "@type": "Organization",
        "name": "Example Fact Desk",
        "url": "https://factcheck.example",
    }
    assert first["datePublished"] == "2026-11-20"
    item = first["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Person", "name": "Jeff Sessions"}
    assert item["datePublished"] == "2017-01-10"
    assert [a["publisher"]["name"] for a in item["appearance"]] == [
        "NPR",
        "NBC News",
        "The Washington Post",
    ]
    npr, nbc, _wapo = item["appearance"]
    assert npr == {
        "@type": "CreativeWork",
        "headline": "Trump Says He Has 'Total' Confidence In Attorney General Sessions",
        "publisher": {"@type": "Organization", "name": "NPR"},
        "datePublished": "2017-03-02",
    }  # no URL known: no "url" key rather than null
    assert nbc["url"].startswith("https://www.nbcnews.com/")
    ratings = {
        r["url"][-1]: (r["reviewRating"]["alternateName"], r["reviewRating"]["ratingValue"])
        for r in reviews
    }
    assert ratings == {"1": ("Contradicted", 1), "2": ("Unresolved", 2), "4": ("Consistent", 3)}


def test_claimreview_shortens_claim_reviewed_at_a_word() -> None:
    doc = sample_doc()
    reviews = json.loads(render_claimreview(doc, sample_settings()))
    long_one = next(r for r in reviews if r["url"].endswith("#claim-4"))["claimReviewed"]
    original = doc["claims"][3]["text"]
    assert len(original) > 75
    assert len(long_one) <= 75
    assert long_one.endswith("…")
    head = long_one[:-1]
    assert original.startswith(head) and original[len(head)] == " "
    for review in reviews:
        assert len(review["claimReviewed"]) <= 75
    assert shorten("x" * 100) == "x" * 74 + "…"  # no space at all: hard cut
    assert shorten("short") == "short"


def test_claimreview_refuses_without_required_settings() -> None:
    doc = sample_doc()
    settings = sample_settings()
    del settings["claimreview"]["base_url"]
    with pytest.raises(ExportError) as error:
        render_claimreview(doc, settings)
    assert (
        str(error.value) == "claimreview export needs `claimreview.base_url` in the settings file"
    )
    with pytest.raises(ExportError, match=r"organization\.name"):
        render_claimreview(doc, {"claimreview": sample_settings()["claimreview"]})
    with pytest.raises(ExportError):
        render_claimreview(doc, None)
    bad = sample_settings()
    bad["claimreview"]["base_url"] = "javascript:alert(1)"
    with pytest.raises(ExportError, match="http"):
        render_claimreview(doc, bad)


def test_claimreview_is_safe_inside_a_script_tag() -> None:
    doc = sample_doc()
    doc["claims"][0]["text"] = "</script><script>alert('x')</script> & more"
    doc["articles"][0]["title"] = "<b>Title</b> & co"
    text = render_claimreview(doc, sample_settings())
    assert "<" not in text and ">" not in text and "&" not in text
    reviews = json.loads(text)
    assert reviews[0]["claimReviewed"] == "</script><script>alert('x')</script> & more"
    assert reviews[0]["itemReviewed"]["appearance"][0]["headline"] == "<b>Title</b> & co"


def test_claimreview_skips_disputed_and_omits_unknown_dates() -> None:
    doc = sample_doc()
    doc["claims"][1]["disputed"] = True
    doc["claims"][0]["said_on"] = None
    doc["claims"][0]["updated_at"] = None
    reviews = json.loads(render_claimreview(doc, sample_settings()))
    assert [r["url"][-1] for r in reviews] == ["1", "4"]
    assert "datePublished" not in reviews[0]["itemReviewed"]
    assert "datePublished" not in reviews[0]


# ---------------------------------------------------------------- timeline & stats


def test_date_key_orders_partial_dates() -> None:
    assert (
        date_key("2017-03") < date_key("2017-03-01") < date_key("2017-03-02") < date_key("2017-04")
    )
    assert date_key("2017") < date_key("2017-01")
    assert date_key(None) is None and date_key("March") is None


def test_timeline_order_and_fields() -> None:
    doc = sample_doc()
    doc["claims"].append({**doc["claims"][2], "id": 9, "said_on": None, "verdict": None})
    entries = timeline(doc)
    assert [e["id"] for e in entries] == [1, 3, 2, 4, 9]  # unknown date last
    first = entries[0]
    assert first["mark"] == "✗" and first["said_on"] == "2017-01-10"
    assert first["setting"] == "Senate confirmation hearing"
    assert first["outlets"] == ["NPR", "NBC News", "The Washington Post"]
    assert [e["mark"] for e in entries] == ["✗", "·", "?", "✓", "·"]


def test_timeline_ties_break_on_publication_then_id() -> None:
    doc = sample_doc()
    for claim in doc["claims"]:
        claim["said_on"] = "2017-03"
    # claims 1 and 2 first appear in NPR (published 2017-03-02), 3 and 4 only in the Post (2017-07-21)
    assert [e["id"] for e in timeline(doc)] == [1, 2, 3, 4]


def test_timeline_table_shows_markup_as_text() -> None:
    doc = sample_doc()
    doc["claims"][0]["text"] = "I said [bold]nothing[/bold] [link=http://evil]here[/link]"
    text = _text_of(render_timeline_text(doc), width=200)
    assert "[bold]nothing[/bold]" in text
    assert "[link=http://evil]here[/link]" in text
    assert "2017-01-10" in text and "✗" in text and "NBC News" in text


def test_stats_counts() -> None:
    text = _text_of(render_stats(sample_doc()))
    assert "3/4 reviewed (75%)" in text
    assert "Contradicted" in text and "█" in text
    lines = {
        line.split()[0]: line.split()[1:]
        for line in text.splitlines()
        if line.startswith(("alice", "bob"))
    }
    assert lines == {"alice": ["1", "1", "1", "3"], "bob": ["1", "2", "0", "3"]}


def test_stats_empty_document() -> None:
    text = _text_of(render_stats({"claims": []}))
    assert "0/0 reviewed" in text
    assert "No verdicts yet." in text


def test_spokesperson_occurrence_is_shown_as_such() -> None:
    doc = sample_doc()
    nbc = doc["articles"][1]
    quote = "there was absolutely nothing misleading about his answer"
    start = nbc["body"].index(quote)
    doc["claims"][1]["occurrences"].append(
        {
            "id": 99,
            "article": nbc["stem"],
            "start": start,
            "end": start + len(quote),
            "text": quote,
            "kind": "partial",
            "speaker": "Sarah Isgur Flores",
            "on_behalf_of": "Jeff Sessions",
        }
    )
    md = render_markdown(doc)
    assert "  - Sarah Isgur Flores on behalf of Jeff Sessions: “" + quote + "”" in md
    # a passage that opens with its own quotation mark is not quoted twice (““…””)
    doc["claims"][1]["occurrences"][-1]["text"] = "“" + quote + ",” she said."
    assert "  - Sarah Isgur Flores on behalf of Jeff Sessions: “" + quote + ",” she said." in render_markdown(doc)
    rows = _parse_csv(render_csv(doc))
    assert rows[2][HEADER.index("outlets")] == "NPR; The Washington Post; NBC News"


def test_a_spokespersons_statement_is_theirs_in_the_claimreview_and_the_timeline() -> None:
    """A statement a spokeswoman made for the subject was published with the subject as its
    author ("There was absolutely nothing misleading about his answer" as Sessions' own), and
    the timelines dropped the "(speaker)" mark the claims list shows."""
    doc = sample_doc()
    claim = doc["claims"][1]
    claim.update(speaker="Sarah Isgur Flores", on_behalf_of="Jeff Sessions",
                 text="There was absolutely nothing misleading about his answer.")
    for occurrence in claim["occurrences"]:
        occurrence.update(speaker="Sarah Isgur Flores", on_behalf_of="Jeff Sessions")

    def authors() -> dict[str, str]:
        reviews = json.loads(render_claimreview(doc, sample_settings()))
        return {r["url"].rsplit("-", 1)[1]: r["itemReviewed"]["author"]["name"] for r in reviews}

    assert authors() == {"1": "Jeff Sessions", "2": "Sarah Isgur Flores", "4": "Jeff Sessions"}
    entries = {e["id"]: e for e in timeline(doc)}
    assert entries[2]["by"] == "Sarah Isgur Flores" and entries[1]["by"] is None
    assert "| [#2](#claim-2) *(Sarah Isgur Flores)* There was absolutely" in render_markdown(doc)
    text = _text_of(render_timeline_text(doc), width=300)
    assert "(Sarah Isgur Flores) There was" in text
    # not when the subject's own words are among its occurrences (merged in by a reviewer),
    # nor for a spokesperson known by role only (no Person's name): then it is the subject's
    claim["occurrences"].append({**claim["occurrences"][0], "speaker": "Jeff Sessions", "on_behalf_of": None})
    assert authors()["2"] == "Jeff Sessions" and {e["id"]: e for e in timeline(doc)}[2]["by"] is None
    claim["occurrences"].pop()
    claim["speaker"] = "a Justice Department spokeswoman"
    assert authors()["2"] == "Jeff Sessions"


def test_yaml_written_item_by_item_is_the_text_of_one_dump() -> None:
    """The YAML export dumps each article, claim and event on its own (to bound memory on a
    large review) with libyaml's emitter when there is one: the text must stay what one dump
    of the whole document with that emitter gives (a review found the two emitters wrap long
    quoted strings differently, so mixing them per item reflowed unchanged fields), and load
    back equal (U+0085 too, which the pure-Python emitter loses)."""
    doc = sample_doc()
    doc["empty"] = []
    doc["nested"] = {"list": [1, {"a": (2, 3)}], "none": None}
    doc["claims"][0]["note"] = "emoji 🙂 and a next-line \x85 character"
    doc["claims"][1]["note"] = ("Checked the transcript. \nHe was asked about it twice and said so, on the"
                                " record, both times, in his capacity as a senator on the committee.")
    plain = json.loads(json.dumps(doc, ensure_ascii=False))
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # the export's one emitter for every item
    reference = yaml.dump(plain, Dumper=dumper, allow_unicode=True, sort_keys=False,
                          default_flow_style=False, width=100)
    assert render_yaml(doc) == reference
    assert yaml.safe_load(render_yaml(doc)) == plain


def test_an_article_without_an_outlet_is_named_by_its_file_name() -> None:
    """An article imported without a story file has no outlet: the timelines and the reports
    left it out of a claim's sources (found by a final hands-on check)."""
    doc = sample_doc()
    doc["articles"][0]["outlet"] = None
    entries = {e["id"]: e for e in timeline(doc)}
    stem = doc["articles"][0]["stem"]
    assert entries[1]["outlets"][0] == stem
    md = render_markdown(doc)
    assert "Unknown outlet" not in md and f"- **{escape(stem)}**" in md  # one name in the whole report


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "www.npr.org/x"])
def test_an_article_address_that_is_not_http_is_left_out_of_claimreview_and_csv(url: str) -> None:
    """Stored before story files were checked (or from an imported JSON export, which is kept
    as it is so an archive always restores): ClaimReview's url and the CSV's first source
    copied it as given, for a reader's program to follow."""
    doc = sample_doc()
    for article in doc["articles"]:
        article["url"] = url
    assert url not in render_claimreview(doc, sample_settings())
    header, *rows = _parse_csv(render_csv(doc))
    column = header.index("first_source_url")
    assert rows and all(row[column] == "" for row in rows)
    assert "](" + url not in render_markdown(doc)


def test_claimreview_leaves_out_an_appearance_that_names_nothing() -> None:
    """An untitled article with no outlet or address was a bare {"@type": "CreativeWork"}."""
    doc = sample_doc()
    for article in doc["articles"][1:]:
        article.update(url=None, title=None, outlet=None)
    reviews = json.loads(render_claimreview(doc, sample_settings()))
    works = [w for r in reviews for w in r["itemReviewed"].get("appearance", [])]
    assert works and all({"url", "headline", "publisher"} & w.keys() for w in works)
