"""Syllable counts remembered in the user's cache: the same counts as pyphen's, without loading it (issue 13)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support import EXAMPLES, REPO, modules_loaded


def test_remembered_counts_are_pyphens(tmp_path: Path) -> None:
    script = (
        "import pyphen, kit.checks.style as s\n"
        "words = ['deployment', 'platform', 'engineers', 'observability', 'a', 'rhythm', 'Kubernetes']\n"
        "counts = [s._syllables(w) for w in words]\n"
        "d = pyphen.Pyphen(lang='en_US')\n"
        "assert counts == [len(d.positions(w)) + 1 for w in words], counts\n"
        "print(','.join(map(str, counts)))\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    first = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    records = list((tmp_path / "kit" / "hyphenation").glob("syllables-*.json"))
    assert len(records) == 1 and '"observability"' in records[0].read_text(encoding="utf-8")
    again = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    assert again.stdout == first.stdout


def test_a_check_of_known_words_does_not_load_pyphen(tmp_path: Path) -> None:
    story = EXAMPLES / "stories" / "model-deployment-lead-time.md"  # long enough for a readability score
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "PYTHONPATH": str(REPO)}
    build = [sys.executable, "-m", "kit", "build", str(story), "--kind", "blog", "--out", str(tmp_path / "out")]
    subprocess.run(build, env=env, capture_output=True, text=True, check=True, cwd=tmp_path)
    draft = next((tmp_path / "out").rglob("blog.md"))
    assert modules_loaded(["check", str(draft)], ("pyphen",), env) == ([], 0)
    assert modules_loaded(["check", str(draft)], ("pyphen",), {**env, "KIT_NO_CACHE": "1"}) == (["pyphen"], 0)
