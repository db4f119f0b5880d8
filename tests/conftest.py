"""Shared fixtures: every test runs isolated from the developer's home, folder and keys."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
DATA = Path(__file__).resolve().parent / "data"


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


def write_story(folder: Path, name: str, text: str) -> Path:
    """Write a story file (dedented by the caller) and return its path."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


MINIMAL_STORY = """\
---
title: Model deploys from six weeks to two days
date: 2026-09-30
team: ML Platform
visibility: public
authors:
  - name: Priya Raman
    role: Staff ML Engineer
metrics:
  - name: Deployment lead time
    before: 6 weeks
    after: 2 days
    better: lower
---
## Problem
Deploys took weeks.
"""
