"""A full stop after an abbreviation does not end a sentence (review H20, FX13 item 1).

"Dr. Meier found that beds waited 6 hours." was cut to "Dr." in the thread, the LinkedIn post, the
talk's abstract and the one-pager's situation, and the drafts passed their checks. Every place kit
cuts prose into sentences now uses one splitter, kit.kinds.text.split_sentences.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kit.kinds.social import parse_posts
from kit.kinds.text import sentences
from tests.support import MINIMAL_STORY, kit_cli, write_story

# Each a whole sentence: none may be cut at its abbreviations, initials or figures.
WHOLE = [
    "Dr. Meier found that beds waited 6 hours before they were clean.",
    "Beds waited 6 hours, e.g. on the medical wards, before they were clean.",
    "Beds waited 6 hours, until 9 p.m. on Fridays, before they were clean.",
    "Like most U.S. hospitals, our beds waited 6 hours before they were clean.",
    "Beds waited approx. 6 hours before they were clean.",
    "Beds waited 6 hours (vs. 2 hours at peers) before they were clean.",
    "Beds at St. Aurelia waited 6 hours before they were clean.",
    "In 2025 Dr. Meier, our medical director, found it.",
    "Mr. and Mrs. Ade met Ms. Lee and Prof. Kim at Mt. Hood.",
    "The wards, i.e. the medical ones, incl. the annex, were slow.",
    "Ward No. 5 was the slowest.",
    "Acme Inc. and Beta Ltd. in the U.K. supplied the beds.",
    "John Smith Jr. and J. R. Smith Sr. ran the night shift.",
    "J. Smith moved rounds to 08:00.",
    "Turnover fell 3.5 hours after v1.2 shipped.",
    "We cleaned beds, trolleys, etc. every night.",
    'The porter said "done." and left.',
    "It worked!",
    "Did it last?",
]


@pytest.mark.parametrize("sentence", WHOLE)
def test_an_abbreviation_or_a_figure_does_not_end_a_sentence(sentence: str) -> None:
    assert sentences(f"{sentence} We moved rounds earlier.") == [sentence, "We moved rounds earlier."]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An abbreviation that can close a sentence closes it before a capital, as any full stop does.
        ("We cleaned beds, trolleys, etc. The wards filled.", ["We cleaned beds, trolleys, etc.", "The wards filled."]),
        ("We closed at 9 p.m. The next day was calm.", ["We closed at 9 p.m.", "The next day was calm."]),
        ("The answer was no. We tried again.", ["The answer was no.", "We tried again."]),
        ('He said "stop." Then we went.', ['He said "stop."', "Then we went."]),
        ("**Noise is a bug.** Nobody acts on it.", ["**Noise is a bug.**", "Nobody acts on it."]),
        ("Costs fell. $40k a month came back.", ["Costs fell.", "$40k a month came back."]),
        ("It worked! Did it last? Yes.", ["It worked!", "Did it last?", "Yes."]),
    ],
)
def test_a_sentence_ends_where_a_reader_would_end_it(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@given(st.lists(st.sampled_from(WHOLE), min_size=1, max_size=6))
def test_sentences_joined_are_split_back_into_the_same_sentences(parts: list[str]) -> None:
    assert sentences(" ".join(parts)) == parts


# ---- through `kit build`: the drafts quote whole sentences ---------------------------------

STORY = """\
---
title: Bed turnover
date: 2026-05-01
team: Patient Flow
visibility: public
authors: [{name: Lena Brunner}]
tags: [healthcare, operations, flow]
metrics:
  - name: Bed turnover
    before: 6 hours
    after: 90 min
    better: lower
---
## Context
Our chief, Dr. Meier, runs 620 beds. Most admissions arrive in the afternoon.

## Problem
{problem}

## Approach
We moved rounds earlier. Pharmacy now prepares medication the evening before.
"""


def build(tmp_path: Path, problem: str, kinds: str = "social,talk,onepager") -> Path:
    """The story's draft folder, after `kit build` passed every draft's checks."""
    story = write_story(tmp_path, "beds.md", STORY.replace("{problem}", problem))
    code, out, err = kit_cli("build", story, "--kind", kinds, "--out", tmp_path / "out")
    assert code == 0, out + err
    return tmp_path / "out" / "beds"


@pytest.mark.parametrize("problem", WHOLE[:8])
def test_the_thread_the_post_and_the_abstract_quote_the_problem_whole(tmp_path: Path, problem: str) -> None:
    drafts = build(tmp_path, problem, "social,talk")
    linkedin, posts = parse_posts((drafts / "social.md").read_text(encoding="utf-8"))
    assert f"\n\n{problem}\n\n" in linkedin
    assert posts[1] == f"2/{len(posts)} {problem}"
    talk = (drafts / "talk.md").read_text(encoding="utf-8")
    assert f"## Abstract\n\n{problem} We moved rounds earlier.\n" in talk


def test_the_one_pager_situation_keeps_whole_sentences(tmp_path: Path) -> None:
    drafts = build(tmp_path, "In 2025 Dr. Meier found that beds waited 6 hours, e.g. on the wards.", "onepager")
    onepager = (drafts / "onepager.md").read_text(encoding="utf-8")
    assert "Our chief, Dr. Meier, runs 620 beds." in onepager
    assert "In 2025 Dr. Meier found that beds waited 6 hours, e.g. on the wards." in onepager
    assert "Dr. In" not in onepager and "Dr. Most" not in onepager


def test_a_post_too_long_for_x_is_split_at_sentences_not_at_abbreviations(tmp_path: Path) -> None:
    long = ("In 2025 Dr. Meier found that a bed freed by a discharge waited a median of 6 hours, e.g. on the "
            "medical wards, and until 9 p.m. on Fridays, before it was clean and ready, so emergency patients "
            "waited on trolleys in the corridor and surgeons at St. Aurelia cancelled planned operations at "
            "short notice.")  # fmt: skip
    drafts = build(tmp_path, long, "social")
    _, posts = parse_posts((drafts / "social.md").read_text(encoding="utf-8"))
    assert not any(post.endswith(("Dr.", "e.g.", "p.m.", "St.")) for post in posts), posts


def test_the_blog_lede_puts_the_comparison_after_the_figure_not_inside_an_abbreviation(tmp_path: Path) -> None:
    summary = "summary: Bed turnover fell from 6 hours to 90 min vs. 4 hours at peers.\n"
    text = STORY.replace("{problem}", "Beds waited.").replace("visibility:", summary + "visibility:")
    story = write_story(tmp_path, "beds.md", text)
    code, out, err = kit_cli("build", story, "--kind", "blog", "--out", tmp_path / "out")
    assert code == 0, out + err
    blog = (tmp_path / "out" / "beds" / "blog.md").read_text(encoding="utf-8")
    assert "\nBed turnover fell from 6 hours to 90 min (75% less time, 4× faster) vs. 4 hours at peers.\n" in blog


def test_a_numbered_approach_is_not_a_sentence_of_its_number(tmp_path: Path) -> None:
    """ "1. Remote caching…" under Approach made the post's "What we did: 1." and the abstract's "…waited. 1." (H21)."""
    approach = "\n## Approach\n1. Remote caching with Bazel cut most rebuilds.\n2. We split the test suite by owner.\n"
    story = write_story(tmp_path, "n.md", MINIMAL_STORY + approach)
    code, out, err = kit_cli("build", story, "--kind", "social,talk", "--out", tmp_path / "out")
    assert code == 0, out + err
    post = (tmp_path / "out" / "n" / "social.md").read_text(encoding="utf-8")
    talk = (tmp_path / "out" / "n" / "talk.md").read_text(encoding="utf-8")
    assert "What we did: remote caching with Bazel cut most rebuilds." in post
    assert "What we did: 1." not in post and " 1." not in talk.replace("v1.", "")
