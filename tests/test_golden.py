"""Golden files: every kind and site built from the examples, compared in full.

A template change shows up here as a reviewable diff. Regenerate with:

    KIT_REGEN=1 .venv/bin/pytest tests/test_golden.py
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kit.sites
from kit.cli import app
from tests.conftest import REPO

GOLDEN = Path(__file__).parent / "golden"
STORIES = REPO / "examples" / "stories"
REGEN = os.environ.get("KIT_REGEN") == "1"
SITES = list(kit.sites.SITES)


def build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Path:
    monkeypatch.chdir(REPO)  # story paths in provenance are relative to here
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", "examples/stories", "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    return out


def compare(out: Path, golden: Path) -> None:
    if REGEN:
        shutil.rmtree(golden, ignore_errors=True)
        shutil.copytree(out, golden)
        return
    produced = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    expected = sorted(p.relative_to(golden).as_posix() for p in golden.rglob("*") if p.is_file())
    assert produced == expected
    for name in produced:
        assert (out / name).read_text(encoding="utf-8") == (golden / name).read_text(encoding="utf-8"), name


def test_every_kind_of_every_example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    compare(build(tmp_path, monkeypatch, "--cfp", "kubecon"), GOLDEN / "examples")


@pytest.mark.parametrize("site", SITES)
def test_blog_front_matter_for_each_site(site: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = build(tmp_path, monkeypatch, "--kind", "blog", "--site", site)
    kept = tmp_path / "kept"
    story = "model-deployment-lead-time"
    (kept / story).mkdir(parents=True)
    shutil.copy(out / story / "blog.md", kept / story / "blog.md")
    compare(kept, GOLDEN / f"site-{site}")
