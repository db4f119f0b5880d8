"""kit.rx: a pattern from the user cache is the very pattern `re.compile` makes, and a cache it
cannot use only costs time."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import kit
from kit import rx

# Shapes kit's patterns take: named groups, look-arounds, verbose and case-blind alternations, Unicode.
SAMPLES = [
    (r"(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>ms|s)\b", 0),
    (r"(?<![\w.])(?:fell|dropped)\s+(?:by\s+)?(?=\d)", re.IGNORECASE),
    (r"""
        (?P<w>cheaper|faster)   # a comparative
        \b
     """, re.VERBOSE | re.IGNORECASE),
    (r"^[ \t]*(```+|~~~+)[^\n]*\n.*?(?:^[ \t]*\1[ \t]*$|\Z)", re.DOTALL | re.MULTILINE),
    (r"[$€£¥₹]\s?\d", 0),
]
TEXTS = ["fell by 40 ms", "Dropped 3.5 s", "4× cheaper, FASTER", "```py\nx = 1\n```\n", "€40k and ₹ 9", ""]


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """rx as a new process finds it, with a user cache of its own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("KIT_NO_CACHE", raising=False)
    monkeypatch.setattr(rx, "_known", None)
    monkeypatch.setattr(rx, "_added", {})
    monkeypatch.setattr(rx, "_path", None)
    return tmp_path / "cache" / "kit" / "patterns"


def _next_process() -> None:
    """Save what this process compiled, and forget it, as a process that ends and one that starts."""
    rx._save()
    rx._known, rx._added = None, {}


def _same(compiled: re.Pattern[str], pattern: str, flags: int) -> None:
    expected = re.compile(pattern, flags)
    assert compiled == expected  # a Pattern equals another with the same pattern, flags and engine code
    read = (compiled.groups, compiled.groupindex, compiled.flags)
    assert read == (expected.groups, expected.groupindex, expected.flags)
    for text in TEXTS:
        assert [m.span() for m in compiled.finditer(text)] == [m.span() for m in expected.finditer(text)]


def test_a_cached_pattern_is_the_one_re_compiles(fresh: Path) -> None:
    first = [rx.compile(pattern, flags) for pattern, flags in SAMPLES]
    _next_process()
    assert list(fresh.iterdir()), "the patterns were not kept"
    again = [rx.compile(pattern, flags) for pattern, flags in SAMPLES]
    assert rx._added == {}, "a pattern in the cache was compiled again"
    for (pattern, flags), one, two in zip(SAMPLES, first, again, strict=True):
        _same(one, pattern, flags)
        _same(two, pattern, flags)


def test_every_pattern_of_kit_is_the_one_re_compiles(fresh: Path) -> None:
    """Every pattern kit's modules hold, compiled again from a cache rx wrote."""
    held = []
    for module in pkgutil.walk_packages(kit.__path__, "kit."):
        if module.name.endswith("__main__"):
            continue  # runs the command
        loaded = importlib.import_module(module.name)
        held += [value for value in vars(loaded).values() if isinstance(value, re.Pattern)]
    assert len(held) > 100
    for pattern in held:
        rx.compile(pattern.pattern, pattern.flags)
    _next_process()
    for pattern in held:
        again = rx.compile(pattern.pattern, pattern.flags)
        assert again == pattern == re.compile(pattern.pattern, pattern.flags)
    assert rx._added == {}


@pytest.mark.parametrize("damage", [b"", b"not marshal", b"\xe9\x00\x00", "another python"])
def test_a_cache_it_cannot_use_costs_only_time(fresh: Path, damage: bytes | str) -> None:
    rx.compile(*SAMPLES[0])
    _next_process()
    (cached,) = fresh.iterdir()
    if isinstance(damage, str):
        import marshal

        key = (SAMPLES[0][0], SAMPLES[0][1])
        cached.write_bytes(marshal.dumps(("3.0 another python", {key: (0, [1, 2, 3], 0, {}, ())})))
    else:
        cached.write_bytes(damage)
    _same(rx.compile(*SAMPLES[0]), *SAMPLES[0])
    assert rx._added, "an unusable cache is compiled afresh"
    _next_process()
    _same(rx.compile(*SAMPLES[0]), *SAMPLES[0])
    assert rx._added == {}, "the cache was not written again"


def test_a_bad_pattern_raises_what_re_raises(fresh: Path) -> None:
    with pytest.raises(re.error, match="missing"):
        rx.compile(r"(unclosed")


def test_no_cache_when_turned_off(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIT_NO_CACHE", "1")
    _same(rx.compile(*SAMPLES[1]), *SAMPLES[1])
    _next_process()
    assert not fresh.exists()


def test_a_full_cache_starts_again(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rx, "KEPT", 3)
    for pattern, flags in SAMPLES[:3]:
        rx.compile(pattern, flags)
    _next_process()
    rx.compile(*SAMPLES[3])
    rx.compile(*SAMPLES[4])
    _next_process()
    rx._cached()
    assert set(rx._known or {}) == {(SAMPLES[3][0], SAMPLES[3][1]), (SAMPLES[4][0], SAMPLES[4][1])}
