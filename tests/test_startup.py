"""Start-up (issue 13): `kit check` loads only what checking needs; caches only ever make kit faster."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import MINIMAL_STORY, kit_cli, modules_loaded, write_story


def test_check_imports_neither_jinja_nor_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_story(tmp_path, "s.md", MINIMAL_STORY)
    assert kit_cli("build", "s.md", "--out", "out", "--kind", "blog")[0] == 0
    assert modules_loaded(["check", "out/s/blog.md"], ("jinja2", "markdown_it", "kit.build", "openai")) == ([], 0)


def test_the_parsed_hyphenation_patterns_are_cached_and_read_back_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyphen

    from kit.checks import style

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(pyphen, "hdcache", {})
    style._hyphenator.cache_clear()
    parsed = style._hyphenator().hd.patterns
    assert list((tmp_path / "kit" / "hyphenation").glob("hyph_en_US-*.json"))
    monkeypatch.setattr(pyphen, "hdcache", {})
    style._hyphenator.cache_clear()
    try:
        assert style._hyphenator().hd.patterns == parsed
        text = "Deployments took six weeks. Engineers waited for the platform to approve every change."
        assert style.flesch(text) == pytest.approx((63.576, 6.007), abs=0.01)
    finally:
        style._hyphenator.cache_clear()


def test_an_unwritable_cache_only_makes_kit_slower(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    from kit.usercache import cache_folder

    assert cache_folder("templates") is None


def test_checking_a_blog_post_loads_no_other_kind_and_no_package_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_story(tmp_path, "s.md", MINIMAL_STORY)
    assert kit_cli("build", "s.md", "--kind", "blog,talk", "--out", "out")[0] == 0
    others = ("kit.kinds.talk", "kit.kinds.onepager", "kit.kinds.social", "importlib.metadata")
    assert modules_loaded(["check", "out/s/blog.md"], others) == ([], 0)
    assert modules_loaded(["check", "out/s/talk.md"], ("kit.kinds.talk", "kit.kinds.blog")) == (["kit.kinds.talk"], 0)


def test_the_plugin_lookup_kit_skips_is_one_that_finds_none(monkeypatch: pytest.MonkeyPatch) -> None:
    """With every pydantic plugin off, kit answers pydantic's lookup itself as pydantic's own loader would."""
    import importlib
    import sys

    from kit.cli.app import ALL_PLUGINS_OFF, no_plugins

    loader = importlib.import_module("pydantic.plugin._loader")
    assert "pydantic.plugin._loader" in sys.modules and loader.get_plugins is not no_plugins
    for setting in ALL_PLUGINS_OFF:
        monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", setting)
        assert tuple(loader.get_plugins()) == no_plugins() == ()


@pytest.mark.parametrize("setting", ["1", "true", "__all__", "some_plugin", "0"])
def test_a_command_validates_whatever_plugins_are_set_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, setting: str
) -> None:
    """Stories are validated by pydantic whether kit stands in for its plugin lookup or leaves it to pydantic."""
    import os
    import subprocess
    import sys

    write_story(tmp_path, "s.md", MINIMAL_STORY.replace("visibility: public", "visibility: sometimes"))
    env = {**os.environ, "PYDANTIC_DISABLE_PLUGINS": setting}
    done = subprocess.run([sys.executable, "-m", "kit", "build", str(tmp_path / "s.md"), "--out", str(tmp_path / "o")],
                          capture_output=True, text=True, env=env, check=False)  # fmt: skip
    assert done.returncode == 2 and "visibility" in done.stderr and "Traceback" not in done.stderr


def test_every_kind_is_registered_under_its_name_and_primary_file() -> None:
    from kit.kinds import KINDS, MODULES, NAMES, kind_for_file

    assert list(KINDS) == list(NAMES) == list(MODULES) and len(KINDS) == len(NAMES)
    for name in NAMES:
        kind = KINDS[name]
        assert kind.name == name and kind.primary == f"{name}.md" and kind_for_file(kind.primary) is kind
    assert "nothing" not in KINDS and KINDS.get("nothing") is None and kind_for_file("nothing.md") is None
    assert kind_for_file("blog.html") is None and kind_for_file("blog") is None


def test_a_build_reads_no_package_metadata(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """kit's version is written in kit/__init__.py and pydantic's plugin lookup is answered by kit:
    importing importlib.metadata (with the email package and zipfile) would cost every build 20 to 40 ms."""
    monkeypatch.chdir(tmp_path)
    write_story(tmp_path, "s.md", MINIMAL_STORY)
    assert modules_loaded(["build", "s.md", "--out", "out"], ("importlib.metadata", "email")) == ([], 0)
