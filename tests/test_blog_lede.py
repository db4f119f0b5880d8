"""The blog's lede reads as a person wrote it: the author's summary, and the headline result in
natural word order where the summary does not already give it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kit.kinds import get_kind
from kit.kinds.base import KindOptions
from kit.load import load_story
from kit.views import make_view
from tests.support import EXAMPLES, MINIMAL_STORY, write_story

PUBLIC = [p for p in sorted((EXAMPLES / "stories").glob("*.md")) if load_story(p).public]


def lede(path: Path) -> str:
    body = get_kind("blog").render(make_view(load_story(path), "public"), KindOptions()).body
    return body.strip().split("\n\n", 1)[0]


@pytest.mark.parametrize("path", PUBLIC, ids=lambda p: p.stem)
def test_the_lede_starts_with_the_summary_and_never_reads_as_machine_text(path: Path) -> None:
    text = lede(path)
    assert text.startswith(load_story(path).meta.summary)
    assert not re.search(r"\btook\b.*\bfrom\b", text) and "short version" not in text


def test_a_headline_the_summary_does_not_give_follows_it_in_plain_words() -> None:
    text = lede(EXAMPLES / "stories" / "feature-store-incidents.md")
    assert text.endswith(
        " Production incidents caused by training–serving skew fell from 17 to 4 incidents a quarter "
        "(76% fewer, 4.2× fewer)."
    )


def test_without_a_summary_the_team_leads(tmp_path: Path) -> None:
    assert lede(write_story(tmp_path, "s.md", MINIMAL_STORY)) == (
        "ML Platform cut deployment lead time from 6 weeks to 2 days (95% less time, 21× faster)."
    )
