"""Hard-wrapped .txt and .md articles read as their paragraphs (workbench.ingest.unwrap)."""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from workbench.cli import main
from workbench.extract import ArticleText, Subject, extract_article, split_sentences
from workbench.ingest import clean_article
from workbench.ingest.unwrap import unwrap
from workbench.store import Store

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "fixtures" / "articles"
FILES = sorted(ARTICLES.glob("*.txt"))
NBC = ARTICLES / "002_879b37c607dd505b.txt"


def fold(text: str, width: int) -> str:
    """What ``fold -s -w WIDTH`` does: each line broken at the last space that fits."""
    out: list[str] = []
    for line in text.split("\n"):
        out += textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False) or [""]
    return "\n".join(out)


def statements(text: str) -> list[str]:
    story = yaml.safe_load((ROOT / "fixtures" / "story.yaml").read_text())
    subject = Subject(story["subject"]["name"], tuple(story["subject"]["aliases"]))
    body = clean_article(text).body
    found = extract_article(ArticleText("x", body, None), subject, split_sentences(body))
    return [" ".join(o.text.split()) for o in found]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name[:3])
def test_the_bundled_articles_are_not_unwrapped(path: Path) -> None:
    """Their one-paragraph lines with a caption or headline right under another line are real
    breaks: the stored bodies (and every offset into a review made before) stay the same."""
    raw = path.read_text(encoding="utf-8")
    assert unwrap(raw) is raw


@pytest.mark.skipif(shutil.which("fold") is None, reason="needs coreutils fold")
@pytest.mark.parametrize("width", [60, 72, 80, 100])
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name[:3])
def test_a_folded_article_cleans_to_the_same_body_and_title(path: Path, width: int) -> None:
    raw = path.read_text(encoding="utf-8")
    folded = subprocess.run(["fold", "-s", "-w", str(width)], input=raw, capture_output=True, text=True,
                            check=True).stdout
    plain, wrapped = clean_article(raw), clean_article(folded)
    assert wrapped.body == plain.body
    assert (wrapped.title, wrapped.byline, wrapped.published) == (plain.title, plain.byline, plain.published)


@pytest.mark.parametrize("width", [60, 72, 100])
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name[:3])
def test_an_article_wrapped_by_characters_gives_the_same_statements_and_title(path: Path, width: int) -> None:
    """Counted in characters, the NBC article's paragraph over its caption ends 2 characters
    short of 72: the caption's first word ("Sen.") would not have fitted, so the caption joins
    the paragraph (nothing could tell it from wrapping); what the subject said is the same."""
    raw = path.read_text(encoding="utf-8")
    assert statements(fold(raw, width)) == statements(raw)
    assert clean_article(fold(raw, width)).title == clean_article(raw).title


@pytest.mark.skipif(shutil.which("fmt") is None, reason="needs coreutils fmt")
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name[:3])
def test_fmt_wrapped_articles_give_the_same_statements(path: Path) -> None:
    """GNU fmt fills lines to ~93% of the width (not every wrapped line is full) and joins a
    caption onto the paragraph above it, so only the statements are compared."""
    raw = path.read_text(encoding="utf-8")
    wrapped = subprocess.run(["fmt", "-w", "72"], input=raw, capture_output=True, text=True, check=True).stdout
    assert statements(wrapped) == statements(raw)


def test_the_reviewers_folded_nbc_article_imports_its_statements(tmp_path: Path) -> None:
    wrapped = tmp_path / "nbc_wrapped.txt"
    wrapped.write_text(fold(NBC.read_text(encoding="utf-8"), 72), encoding="utf-8")
    db = tmp_path / "w.db"
    result = CliRunner().invoke(main, ["import", str(db), str(wrapped), "--subject", "Jeff Sessions",
                                       "--alias", "Sessions"])
    assert result.exit_code == 0, result.output
    assert "2 new claim(s), 3 occurrence(s)" in result.output
    with Store(db) as s:
        article = s.articles_page()[0]
    assert article.title == "Sessions Chooses Recusal, Despite Trump's 'Total' Confidence"


def test_a_quotation_wrapped_over_two_lines_is_one_statement() -> None:
    text = 'Sessions said on Monday, "I never met the\nRussian ambassador at all."\n'
    art = clean_article(text)
    assert art.title is None  # the first line is no headline: it stops mid-sentence
    assert art.body == 'Sessions said on Monday, "I never met the Russian ambassador at all."'
    assert statements(text) == [art.body]


def test_lines_that_are_not_wrapping_keep_their_breaks() -> None:
    # a headline right over a one-line article
    assert unwrap("Sessions Chooses Recusal\nSessions said he met nobody.") == (
        "Sessions Chooses Recusal\nSessions said he met nobody.")
    # one sentence a line
    log = "\n".join(f"Line {i} of the story, Sessions said." for i in range(200))
    assert unwrap(log) is log
    # one line over and over (every one "full": as long as the longest)
    same = "the same short line\n" * 1000
    assert unwrap(same) is same
    # long lines: a page saved from the web
    page = "Headline\n" + "Sessions said he had met the ambassador twice. " * 8 + "\nCaption. AP\n"
    assert unwrap(page) is page


def test_markdown_paragraphs_join_and_its_blocks_stay_apart() -> None:
    para = ("Sessions said on Monday that he had never met the Russian ambassador to discuss the"
            " campaign, and that any suggestion otherwise was false, as his spokeswoman repeated.")
    md = ("# Sessions denies it\n\n" + fold(para, 60) + "\n\n- first item of a list\n- second item\n\n"
          + fold(para, 60) + "\n")
    art = clean_article(md, "md")
    assert art.title == "Sessions denies it"
    assert art.body == f"{para}\n\n- first item of a list\n- second item\n\n{para}"


def test_a_story_of_folded_articles_gives_the_bundled_claims(tmp_path: Path) -> None:
    """The whole pipeline: the five articles folded at 72 columns give the same 14 claims."""
    story = yaml.safe_load((ROOT / "fixtures" / "story.yaml").read_text())
    for item in story["articles"]:
        source = ROOT / "fixtures" / item["file"]
        (tmp_path / source.name).write_text(fold(source.read_text(encoding="utf-8"), 72), encoding="utf-8")
        item["file"] = source.name
    (tmp_path / "story.yaml").write_text(yaml.safe_dump(story))
    result = CliRunner().invoke(main, ["import", str(tmp_path / "w.db"), str(tmp_path / "story.yaml")])
    assert result.exit_code == 0, result.output
    assert "imported 5 article(s), 0 unchanged; 14 new claim(s), 33 occurrence(s)" in result.output
