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
