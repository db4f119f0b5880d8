"""Shared fixtures: every test runs isolated from the developer's home, folder and keys.

Shared constants and helpers are in tests/support.py (and tests/cassettes_support.py,
tests/chromium_support.py); this file holds fixtures only.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.chromium_support import NOT_INSTALLED, Chromium, find_chromium


@pytest.fixture(autouse=True)
def _isolate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads a developer's setup: HOME, the working folder and API settings are fresh."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID", "KIT_LLM"):
        monkeypatch.delenv(name, raising=False)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)


@pytest.fixture
def openai_key(monkeypatch: pytest.MonkeyPatch) -> str:
    """OPENAI_API_KEY set to the test key the cassettes are checked never to store."""
    from tests.cassettes_support import KEY  # here, so only the tests that use it import vcr

    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    return KEY


@pytest.fixture(scope="session")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chromium]:
    """Headless Chromium (tests/chromium_support.py); the test is skipped where it is absent."""
    binary = find_chromium()
    if binary is None:
        pytest.skip(NOT_INSTALLED)
    yield Chromium(binary, tmp_path_factory.mktemp("chromium"))
