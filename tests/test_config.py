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


def test_settings_defaults_and_merge(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "missing.yaml")["organization"]["name"] is None
    p = tmp_path / "settings.yaml"
    p.write_text("reviewer: alice\norganization:\n  name: Desk\nkeys:\n  verdict_consistent: 'g'\n")
    s = load_settings(p)
    assert s["reviewer"] == "alice"
    assert s["organization"] == {"name": "Desk", "url": None}
    assert s["keys"] == {"verdict_consistent": "g"}


def test_settings_with_tag_refused(tmp_path: Path) -> None:
    p = tmp_path / "settings.yaml"
    p.write_text("reviewer: alice\nkeys: !!python/name:os.system\n")
    with pytest.raises(ConfigError, match="line 2"):
        load_settings(p)
