"""Story and settings YAML: safe loading and one-line errors with line numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.config import ConfigError, load_settings, load_story

ROOT = Path(__file__).resolve().parent.parent


def test_bundled_story_reads() -> None:
    story = load_story(ROOT / "fixtures" / "story.yaml")
    assert story.subject == "Jeff Sessions"
    assert "the attorney general" in story.aliases
    assert len(story.articles) == 5
    assert {a.outlet for a in story.articles} == {"NPR", "NBC News", "Slate", "The Washington Post"}
    assert all(a.path.exists() for a in story.articles)
    assert story.articles[4].published == "2017-07-21"


def test_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    p = tmp_path / "story.yaml"
    p.write_text("name: x\nsubject:\n  name: [unclosed\narticles: []\n")
    with pytest.raises(ConfigError) as err:
        load_story(p)
    message = str(err.value)
    assert str(p) in message and "line " in message
    assert "\n" not in message


def test_python_object_tag_refused(tmp_path: Path) -> None:
    p = tmp_path / "evil.yaml"
    p.write_text("subject: !!python/object/apply:os.system ['touch /tmp/pwned']\n")
    with pytest.raises(ConfigError, match="line 1"):
        load_story(p)


def test_alias_bomb_refused(tmp_path: Path) -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    p = tmp_path / "bomb.yaml"
    p.write_text("\n".join(lines) + "\n")
    with pytest.raises(ConfigError, match="alias"):
        load_story(p)


@pytest.mark.parametrize("loader", [load_story, load_settings], ids=["story", "settings"])
def test_deep_nesting_refused_with_line(tmp_path: Path, loader) -> None:
    p = tmp_path / "deep.yaml"
    p.write_text("name: x\nreviewer: " + "[" * 5000 + "]" * 5000 + "\n")
    with pytest.raises(ConfigError, match="line 2: refused: YAML nested too deeply"):
        loader(p)


def test_story_loads_the_same_with_the_c_loader(tmp_path: Path) -> None:
    import yaml

    story = Path(__file__).resolve().parents[1] / "fixtures" / "story.yaml"
    text = story.read_text(encoding="utf-8")
    assert yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) == yaml.safe_load(text)


def test_settings_defaults_and_merge(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_SETTINGS", str(tmp_path / "missing.yaml"))
    assert load_settings()["organization"]["name"] is None
    p = tmp_path / "settings.yaml"
    p.write_text("reviewer: alice\norganization:\n  name: Desk\nclaimreview:\nkeys:\n  verdict_consistent: 'v'\n")
    s = load_settings(p)
    assert s["reviewer"] == "alice"
    assert s["organization"] == {"name": "Desk", "url": None}
    assert s["claimreview"] == {"base_url": None}
    assert s["keys"] == {"verdict_consistent": "v"}  # as written: the review command checks keys


def test_settings_with_tag_refused(tmp_path: Path) -> None:
    p = tmp_path / "settings.yaml"
    p.write_text("reviewer: alice\nkeys: !!python/name:os.system\n")
    with pytest.raises(ConfigError, match="line 2"):
        load_settings(p)


# -- dates are text until the story checks them (#1) -----------------------------------

def _story(tmp_path: Path, article: str, top: str = "", subject: str = "  name: Jeff Sessions\n") -> Path:
    p = tmp_path / "story.yaml"
    p.write_text(f"name: S\n{top}subject:\n{subject}articles:\n  - file: a.txt\n{article}")
    return p


def _one_line_error(loader, p: Path) -> str:
    with pytest.raises(ConfigError) as err:
        loader(p)
    message = str(err.value)
    assert message.startswith(f"{p}: ") and "\n" not in message, message
    return message


@pytest.mark.parametrize("value", ["2017-13-45", "2017-02-30", "!!timestamp 2017-13-45",
                                   "2017-03-02T25:00:00", "'March 2, 2017'", "2017-3-2", "yesterday"])
def test_published_that_is_not_a_date_is_one_line_naming_file_line_and_value(
    tmp_path: Path, value: str
) -> None:
    p = _story(tmp_path, f"    outlet: NPR\n    published: {value}\n")
    message = _one_line_error(load_story, p)
    shown = value.removeprefix("!!timestamp ").strip("'")
    assert "line 7" in message and f"'{shown}'" in message and "published" in message, message
    assert "YYYY-MM-DD" in message


@pytest.mark.parametrize("value", ["javascript:alert(1)", "file:///etc/passwd", "www.npr.org/x", "data:text/html,x"])
def test_an_article_url_that_is_not_http_is_one_line(tmp_path: Path, value: str) -> None:
    """It was copied into ClaimReview's url and the CSV's first source as given."""
    p = _story(tmp_path, f"    outlet: NPR\n    url: '{value}'\n")
    message = _one_line_error(load_story, p)
    assert "article 1" in message and "http(s)" in message and repr(value) in message, message
    ok = _story(tmp_path, "    outlet: NPR\n    url: HTTPS://www.npr.org/2017/03/02/x\n")
    assert load_story(ok).articles[0].url == "HTTPS://www.npr.org/2017/03/02/x"


@pytest.mark.parametrize(("value", "stored"), [
    ("2017-03-02", "2017-03-02"), ("'2017-03-02'", "2017-03-02"), ("2017-03", "2017-03"),
    ("2017", "2017"), ("2017-03-02T10:00:00Z", "2017-03-02T10:00:00+00:00"),
    ("2017-03-02 10:00:00", "2017-03-02T10:00:00"), ("", None),
])
def test_published_dates_and_partial_dates_are_kept_as_before(tmp_path: Path, value: str, stored) -> None:
    story = load_story(_story(tmp_path, f"    published: {value}\n"))
    assert story.articles[0].published == stored


def test_bundled_story_values_are_the_same_as_with_timestamps(tmp_path: Path) -> None:
    import yaml

    path = ROOT / "fixtures" / "story.yaml"
    before = yaml.safe_load(path.read_text(encoding="utf-8"))
    story = load_story(path)
    assert [a.published for a in story.articles] == [a["published"].isoformat() for a in before["articles"]]
    assert all(type(a.published) is str for a in story.articles)


def test_dates_elsewhere_stay_text(tmp_path: Path) -> None:
    p = _story(tmp_path, "    title: 2017-13-45\n", top="", subject="  name: 2017-03-02\n")
    story = load_story(p)
    assert story.subject == "2017-03-02" and story.articles[0].title == "2017-13-45"
    s = tmp_path / "settings.yaml"
    s.write_text("reviewer: 2017-13-45\n")
    assert load_settings(s)["reviewer"] == "2017-13-45"
    s.write_text("reviewer: 2017-03-02\n")
    assert load_settings(s)["reviewer"] == "2017-03-02"


@pytest.mark.parametrize("value", ["!!int abc", "!!float x", "!!bool maybe", "0x_"])
def test_a_value_its_tag_cannot_read_is_one_line_with_line(tmp_path: Path, value: str) -> None:
    s = tmp_path / "settings.yaml"
    s.write_text(f"reviewer: alice\norganization:\n  name: {value}\n")
    message = _one_line_error(load_settings, s)
    assert "line 3" in message, message


# -- unknown fields in a story file (#5) -----------------------------------------------------

@pytest.mark.parametrize(("article", "top", "subject", "field", "line", "hint"), [
    ("    publised: 2017-03-02\n", "", "  name: X\n", "publised", 6, "published"),
    ("    outlet: NPR\n    Title: T\n", "", "  name: X\n", "Title", 7, "title"),
    ("    colour: red\n", "", "  name: X\n", "colour", 6, None),
    ("", "subjet: X\n", "  name: X\n", "subjet", 2, "subject"),
    ("", "", "  name: X\n  alias: [Y]\n", "alias", 4, "aliases"),
])
def test_unknown_story_field_is_one_line_naming_it(
    tmp_path: Path, article: str, top: str, subject: str, field: str, line: int, hint
) -> None:
    p = _story(tmp_path, article, top=top, subject=subject)
    message = _one_line_error(load_story, p)
    assert f"line {line}:" in message and f"unknown field '{field}'" in message, message
    if hint:
        assert f"did you mean '{hint}'?" in message, message
    else:
        assert "did you mean" not in message, message


def test_yes_no_on_off_are_words_not_booleans(tmp_path: Path) -> None:
    """YAML 1.1 read an outlet "No" or a title "On" as a boolean, stored as "False" / "True"."""
    p = _story(tmp_path, "    outlet: No\n    title: On\n    byline: yes\n")
    (tmp_path / "a.txt").write_text("T\n\nBody.\n")
    article = load_story(p).articles[0]
    assert (article.outlet, article.title, article.byline) == ("No", "On", "yes")


@pytest.mark.parametrize(("text", "says"), [
    ("organisation:\n  name: Desk\n", "line 1: unknown field 'organisation' (did you mean 'organization'?)"),
    ("organization:\n  nmae: Desk\n", "line 2: unknown field 'nmae' in 'organization' (did you mean 'name'?)"),
    ("reviewer:\n  name: alice\n", "line 1: 'reviewer' must be a single value, not a mapping"),
])
def test_a_misspelt_setting_is_one_line(tmp_path: Path, text: str, says: str) -> None:
    p = tmp_path / "settings.yaml"
    p.write_text(text)
    assert _one_line_error(load_settings, p) == f"{p}: {says}"


def test_a_character_yaml_refuses_is_named_with_its_line(tmp_path: Path) -> None:
    """PyYAML reports a control character by its position only ("position 95"): the error
    now says the line, as every other YAML error does, and which character."""
    story = tmp_path / "typo.yaml"
    story.write_text("name: x\nsubject: Jeff Sessions\narticles:\n  - path: a\x07b.txt\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_story(story)
    message = str(caught.value)
    assert "typo.yaml" in message and "line 4:" in message and "U+0007" in message
    assert "\n" not in message and "position" not in message
