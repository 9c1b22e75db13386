"""What ``workbench import`` may change of a review file: its subject, aliases and story name."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.cli import main
from workbench.store import Store

ROOT = Path(__file__).resolve().parent.parent
STORY = ROOT / "fixtures" / "story.yaml"
ARTICLES = ROOT / "fixtures" / "articles"


def run(*args: object) -> object:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled story imported once; each test works on a copy."""
    db = tmp_path_factory.mktemp("built") / "a.db"
    result = run("import", db, STORY)
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture
def review(built: Path, tmp_path: Path) -> Path:
    db = tmp_path / "typo.db"
    shutil.copy(built, db)
    return db


def state(db: Path) -> tuple[dict, dict]:
    with Store(db) as s:
        return s.story(), {k: v for k, v in s.counts().items() if k != "events"}


def story_file(tmp_path: Path, name: str, subject: str, aliases: list[str],
               files: list[str] | None = None) -> Path:
    """A story file listing the bundled articles (or ``files``) under another name or subject."""
    listed = files if files is not None else sorted(str(p) for p in ARTICLES.glob("*.txt"))
    path = tmp_path / f"{name.split()[0].lower()}.yaml"
    path.write_text(f"name: {name}\nsubject:\n  name: {subject}\n  aliases: {aliases}\narticles:\n"
                    + "".join(f"  - file: {f}\n" for f in listed))
    return path


def test_another_subject_is_refused_in_one_line_and_nothing_changes(review: Path) -> None:
    before = state(review)
    result = run("import", review, STORY, "--subject", "Jeff Session")
    assert result.exit_code == 1
    errors = [ln for ln in result.output.splitlines() if "reviews" in ln]
    assert errors == [f"workbench: {review}: reviews Jeff Sessions, not Jeff Session (--subject); a review"
                      " file holds one subject's statements: nothing imported (use a new file for Jeff Session)"]
    assert "Traceback" not in result.output
    assert state(review) == before


def test_the_same_subject_spelt_otherwise_keeps_the_stored_spelling_and_adds_aliases(review: Path) -> None:
    before, counts = state(review)
    result = run("import", review, STORY, "--subject", " jeff   SESSIONS", "--alias", "Mr. Sessions")
    assert result.exit_code == 0, result.output
    assert "5 unchanged" in result.output
    after, after_counts = state(review)
    assert after["subject"]["name"] == "Jeff Sessions"
    assert after["subject"]["aliases"] == [*before["subject"]["aliases"], "Mr. Sessions"]
    assert after["name"] == before["name"] and after_counts == counts


def test_a_story_of_another_subject_is_refused_and_the_other_files_import(review: Path, tmp_path: Path) -> None:
    trump = story_file(tmp_path, "Trump story", "Donald Trump", ["Trump", "the president"])
    article = tmp_path / "new.txt"
    article.write_text("Sessions under fire\n\nSessions said on Monday, \"I never met the Russian ambassador.\"\n")
    before, _ = state(review)
    result = run("import", review, trump, article)
    assert result.exit_code == 0, result.output
    assert (f"workbench: {review}: reviews Jeff Sessions, not Donald Trump (the subject of {trump});"
            " its articles were not imported") in result.output
    assert "imported 1 article(s)" in result.output
    after, _ = state(review)
    assert after == before  # subject, aliases and name untouched: no Trump among the aliases
    with Store(review) as s:
        speakers = {c.speaker for c in s.claims_page("all", None, 0, 100)}
    assert speakers and "Donald Trump" not in speakers


def test_two_stories_of_different_subjects_in_one_import(tmp_path: Path) -> None:
    trump = story_file(tmp_path, "Trump story", "Donald Trump", ["Trump"])
    db = tmp_path / "new.db"
    result = run("import", db, STORY, trump)
    assert result.exit_code == 0, result.output
    assert (f"workbench: {trump}: its subject Donald Trump is not Jeff Sessions, the subject of {STORY};"
            in result.output)
    story, _ = state(db)
    assert story["subject"]["name"] == "Jeff Sessions" and "Trump" not in story["subject"]["aliases"]


def test_a_later_story_of_the_same_subject_keeps_the_name(review: Path, tmp_path: Path) -> None:
    other = story_file(tmp_path, "Other name", "Jeff Sessions", ["Sessions", "Jeff"])
    result = run("import", review, other)
    assert result.exit_code == 0, result.output
    assert (f"warning: {other}: story name 'Other name' not used: {review} keeps"
            " 'Jeff Sessions and the Russian ambassador'") in result.output
    story, _ = state(review)
    assert story["name"] == "Jeff Sessions and the Russian ambassador"
    assert story["subject"]["aliases"][-1] == "Jeff"


def test_subject_overriding_a_story_leaves_out_its_aliases(tmp_path: Path) -> None:
    db = tmp_path / "trump.db"
    result = run("import", db, STORY, "--subject", "Donald Trump", "--alias", "Trump")
    assert result.exit_code == 0, result.output
    assert f"warning: {STORY}: its subject Jeff Sessions is overridden by --subject Donald Trump" in result.output
    story, _ = state(db)
    assert story["subject"] == {"name": "Donald Trump", "aliases": ["Trump"]}
    with Store(db) as s:
        texts = " ".join(c.text for c in s.claims_page("all", None, 0, 100))
    assert "did not have communications with the Russians" not in texts


def test_story_option_with_paths_imports_only_those_paths(tmp_path: Path) -> None:
    db = tmp_path / "nbc.db"
    nbc = ARTICLES / "002_879b37c607dd505b.txt"
    result = run("import", db, nbc, "--story", STORY)
    assert result.exit_code == 0, result.output
    assert "imported 1 article(s), 0 unchanged" in result.output
    with Store(db) as s:
        [article] = s.articles_page()
        assert s.story()["subject"]["name"] == "Jeff Sessions"
    assert (article.outlet, article.published) == ("NBC News", "2017-03-02")  # the story's metadata
    # alone, --story imports what it lists
    result = run("import", db, "--story", STORY)
    assert result.exit_code == 0, result.output
    assert "imported 4 article(s), 1 unchanged" in result.output


def test_story_option_refused_refuses_the_paths_given_with_it(review: Path, tmp_path: Path) -> None:
    trump = story_file(tmp_path, "Trump story", "Donald Trump", ["Trump"], files=[])
    article = tmp_path / "new.txt"
    article.write_text("Sessions under fire\n\nSessions said on Monday, \"I never met the Russian ambassador.\"\n")
    result = run("import", review, article, "--story", trump)
    assert result.exit_code == 1
    assert f"{review}: reviews Jeff Sessions, not Donald Trump (the subject of {trump})" in result.output


@pytest.mark.parametrize(("story", "says"), [
    ("name: S\nsubject: Jeff Sessions\narticles:\n  - file: nope.txt\n",
     "{dir}/nope.txt: file not found (listed in {story})"),
    ("name: S\narticles:\n  - file: " + str(ARTICLES / "002_879b37c607dd505b.txt") + "\n",
     "{story}: no subject: give --subject NAME or a subject in the story file"),
    ("name: S\nsubject: Jeff Sessions\narticles: []\n", "{story}: lists no articles"),
], ids=["missing article", "no subject", "no articles"])
@pytest.mark.parametrize("how", ["path", "--story"])
def test_a_story_that_imports_nothing_says_why_naming_the_story(tmp_path: Path, story: str, says: str,
                                                                how: str) -> None:
    path = tmp_path / "y.yaml"
    path.write_text(story)
    db = tmp_path / "y.db"
    result = run("import", db, *([path] if how == "path" else ["--story", path]))
    assert result.exit_code == 1
    assert result.output.splitlines() == [f"workbench: {says.format(dir=tmp_path, story=path)}",
                                          f"workbench: nothing imported into {db}"]
    assert not db.exists()


def test_articles_without_any_subject_name_the_review_file(tmp_path: Path) -> None:
    db = tmp_path / "y.db"
    result = run("import", db, ARTICLES / "002_879b37c607dd505b.txt")
    assert result.exit_code == 1
    assert (f"workbench: {db}: no subject yet: give --subject NAME or a story file with a subject"
            in result.output.splitlines())
