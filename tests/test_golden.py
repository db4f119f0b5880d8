"""Golden files: every kind and site built from the examples, compared in full.

A template change shows up here as a reviewable diff. Regenerate with:

    KIT_REGEN=1 .venv/bin/pytest tests/test_golden.py
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import kit.sites
from tests.support import GOLDEN, REPO, assert_matches_golden, kit_cli

SITES = list(kit.sites.SITES)


def build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Path:
    monkeypatch.chdir(REPO)  # story paths in provenance are relative to here
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    out = tmp_path / "out"
    code, stdout, err = kit_cli("build", "examples/stories", "--out", out, *args)
    assert code == 0, stdout + err
    return out


def test_every_kind_of_every_example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert_matches_golden(build(tmp_path, monkeypatch, "--cfp", "kubecon"), GOLDEN / "examples")


@pytest.mark.parametrize("site", SITES)
def test_blog_front_matter_for_each_site(site: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = build(tmp_path, monkeypatch, "--kind", "blog", "--site", site, "--workspace", str(tmp_path))  # preview aside
    kept = tmp_path / "kept"
    story = "model-deployment-lead-time"
    (kept / story).mkdir(parents=True)
    post = next(p for p in sorted(out.rglob("*.md")) if story in p.as_posix())  # the site's own layout
    shutil.copy(post, kept / story / "blog.md")
    assert_matches_golden(kept, GOLDEN / f"site-{site}")
