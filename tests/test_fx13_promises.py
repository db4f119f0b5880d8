"""A draft promises only what it goes on to tell (review H20, FX13 items 2 and 4).

2. A story with no Approach (or an empty one) got "Here is how." in the thread and "This talk shows how
   we did it" in the talk's pitch, with nothing after either.
4. A thread post that starts with a metric's name in digits read like a date: "5/7 30-day readmission
   rate went from ...".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.kinds.social import parse_posts
from tests.support import kit_cli, write_story

HEAD = """\
---
title: Drip irrigation halves water use
date: 2026-06-30
team: Agronomy
visibility: public
authors: [{name: Sam Hollis}]
tags: [agriculture, water, farming]
metrics:
  - name: Irrigation water use
    before: 48,000
    after: 23,500
    unit: m³
    period: year
    better: lower
    headline: true
---
"""
RESULTS = "## Results\n\nWater use fell from 48,000 m³ to 23,500 m³ a year.\n"
LESSONS = "\n## Lessons\n\n- **Measure first.** Meters paid for themselves.\n"


def drafts(tmp_path: Path, body: str) -> tuple[list[str], str]:
    """The thread's posts and the talk's elevator pitch, after `kit build` passed their checks."""
    story = write_story(tmp_path, "farm.md", HEAD + body)
    code, out, err = kit_cli("build", story, "--kind", "social,talk", "--out", tmp_path / "out")
    assert code == 0, out + err
    _, posts = parse_posts((tmp_path / "out" / "farm" / "social.md").read_text(encoding="utf-8"))
    talk = (tmp_path / "out" / "farm" / "talk.md").read_text(encoding="utf-8")
    pitch = talk.split("## Elevator pitch\n\n", 1)[1].split("\n", 1)[0]
    return posts, pitch


HOOK = "The irrigation water use went from 48,000 to 23,500 m³ a year (51% lower, 2× lower)."


@pytest.mark.parametrize(
    ("body", "promise"),
    [
        (RESULTS, "This talk shows the result, and how we measured it."),  # no Approach at all
        ("## Context\n\n## Problem\n\n## Approach\n\n" + RESULTS + "\n## Lessons\n\n## Next\n",  # all empty
         "This talk shows the result, and how we measured it."),
        ("## Approach\n\nTBD\n\n" + RESULTS + LESSONS,  # a placeholder is no approach
         "This talk shows what we learned, and what any team can take from it."),
    ],
)  # fmt: skip
def test_no_approach_no_how(tmp_path: Path, body: str, promise: str) -> None:
    posts, pitch = drafts(tmp_path, body)
    assert posts[0].startswith(f"1/{len(posts)} {HOOK}") and "Here is how" not in posts[0]
    assert not any("What we did" in post for post in posts)
    assert pitch == f"{HOOK} {promise}"


def test_an_approach_keeps_its_promise(tmp_path: Path) -> None:
    posts, pitch = drafts(tmp_path, "## Approach\n\nWe laid drip lines under mulch.\n\n" + RESULTS)
    assert posts[0] == f"1/{len(posts)} {HOOK} Here is how."
    assert posts[1].startswith(f"2/{len(posts)} What we did: we laid drip lines under mulch.")
    assert pitch == f"{HOOK} This talk shows how we did it, and what any team can reuse from it."


def test_a_post_never_opens_with_a_figure_after_its_number(tmp_path: Path) -> None:
    metrics = """\
  - name: Water per kilogram
    before: 210
    after: 95
    unit: litres
    better: lower
  - name: 30-day leak rate
    before: 12%
    after: 4%
    better: lower
  - name: 7-day soil moisture variance
    before: 30%
    after: 12%
    better: lower
"""
    text = HEAD.replace("    headline: true\n", "    headline: true\n" + metrics) + RESULTS
    story = write_story(tmp_path, "farm.md", text)
    code, out, err = kit_cli("build", story, "--kind", "social", "--out", tmp_path / "out")
    assert code == 0, out + err
    linkedin, posts = parse_posts((tmp_path / "out" / "farm" / "social.md").read_text(encoding="utf-8"))
    assert "The 30-day leak rate went from 12% to 4%" in " ".join(posts)
    assert "the 7-day soil moisture variance went from" in " ".join(posts).lower()
    assert not any(post.split(" ", 1)[1][:1].isdigit() for post in posts), posts
