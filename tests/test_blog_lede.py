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
from tests.support import EXAMPLES, MINIMAL_STORY, kit_cli, write_story

PUBLIC = [p for p in sorted((EXAMPLES / "stories").glob("*.md")) if load_story(p).public]


def lede(path: Path) -> str:
    body = get_kind("blog").render(make_view(load_story(path), "public"), KindOptions()).body
    return body.strip().split("\n\n", 1)[0]


@pytest.mark.parametrize("path", PUBLIC, ids=lambda p: p.stem)
def test_the_lede_starts_with_the_summary_and_never_reads_as_machine_text(path: Path) -> None:
    text, story = lede(path), load_story(path)
    comparison = make_view(story, "public").facts.headline.comparison  # type: ignore[union-attr]
    assert text.replace(f" ({comparison})", "", 1).startswith(story.meta.summary)
    assert not re.search(r"\btook\b.*\bfrom\b", text) and "short version" not in text


def test_a_headline_the_summary_gives_is_not_said_twice() -> None:
    text = lede(EXAMPLES / "stories" / "feature-store-incidents.md")
    assert text == (
        "Moving feature definitions into a shared store cut skew incidents from 17 to 4 a quarter (76% fewer, "
        "4.2× fewer) and new features from 3–4 weeks to 3 days, at the price of slightly slower online lookups."
    )


def test_without_a_summary_the_team_leads(tmp_path: Path) -> None:
    assert lede(write_story(tmp_path, "s.md", MINIMAL_STORY)) == (
        "ML Platform cut deployment lead time from 6 weeks to 2 days (95% less time, 21× faster)."
    )


# ---- a summary that already gives the headline is not said twice (review h15) ----------------

TRIAGE = """\
---
title: "Emergency triage wait: from 42 minutes to 11"
date: 2026-09-14
team: Emergency Department Operations
summary: Nurse-led rapid triage cut the median wait to triage from 42 minutes to 11.
visibility: public
authors: [{name: Grace Okafor}]
metrics:
  - {name: Median wait from arrival to triage, before: 42 min, after: 11 min, better: lower, headline: true}
---
## Approach
Nurses triage at the door.
"""


def built_lede(tmp_path: Path, text: str) -> str:
    """The lede of the blog post `kit build` writes, after `kit check` passes it."""
    story = write_story(tmp_path, "s.md", text)
    code, _, err = kit_cli("build", story, "--out", tmp_path / "out", "--kind", "blog")
    assert code == 0, err
    post = (tmp_path / "out" / "s" / "blog.md").read_text(encoding="utf-8")
    code, out, err = kit_cli("check", tmp_path / "out" / "s" / "blog.md", "--story", story)
    assert code == 0, out + err
    return post.split("\n---\n", 1)[1].strip().split("\n\n", 1)[0]


def test_a_summary_that_gives_the_headline_gets_only_the_comparison(tmp_path: Path) -> None:
    assert built_lede(tmp_path, TRIAGE) == (
        "Nurse-led rapid triage cut the median wait to triage from 42 minutes to 11 (74% less time, 3.8× faster)."
    )


def test_a_summary_that_gives_the_headline_mid_sentence_gets_the_comparison_there(tmp_path: Path) -> None:
    text = TRIAGE.replace("to 11.", "to 11 and calmed the waiting room.")
    assert built_lede(tmp_path, text) == (
        "Nurse-led rapid triage cut the median wait to triage from 42 minutes to 11 (74% less time, 3.8× faster) "
        "and calmed the waiting room."
    )


def test_a_bracket_after_the_headline_is_not_broken_into(tmp_path: Path) -> None:
    """ "to 11 (median) after" had become "to 11  (74% less time, 3.8× faster)(median) after"."""
    text = TRIAGE.replace("to 11.", "to 11 (median) after the change.")
    assert built_lede(tmp_path, text) == (
        "Nurse-led rapid triage cut the median wait to triage from 42 minutes to 11 (median) after the change."
    )


def test_a_summary_that_gives_the_headline_in_other_units_is_the_whole_lede(tmp_path: Path) -> None:
    text = TRIAGE.replace("the median wait to triage from 42 minutes to 11.", "the median wait from 0.7 hours to 0.18.")
    assert built_lede(tmp_path, text) == "Nurse-led rapid triage cut the median wait from 0.7 hours to 0.18."


def test_a_summary_with_the_comparison_already_is_not_given_it_again(tmp_path: Path) -> None:
    text = TRIAGE.replace("to 11.", "to 11, 74% less time.")
    assert (
        built_lede(tmp_path, text)
        == "Nurse-led rapid triage cut the median wait to triage from 42 minutes to 11, 74% less time."
    )


def test_a_summary_of_another_change_still_gets_the_headline(tmp_path: Path) -> None:
    text = TRIAGE.replace("cut the median wait to triage from 42 minutes to 11.", "moved staff from 3 desks to 1.")
    assert built_lede(tmp_path, text) == (
        "Nurse-led rapid triage moved staff from 3 desks to 1. Median wait from arrival to triage fell "
        "from 42 minutes to 11 minutes (74% less time, 3.8× faster)."
    )


def test_figures_with_thousands_separators_are_matched_whole(tmp_path: Path) -> None:
    text = TRIAGE.replace(
        "cut the median wait to triage from 42 minutes to 11.", "took queued tickets from 800 to 1,600, sadly."
    )
    text = text.replace("{name: Median wait from arrival to triage, before: 42 min, after: 11 min,",
                        "{name: Queued tickets, before: 800, after: 1600, unit: tickets,")  # fmt: skip
    assert (
        built_lede(tmp_path, text)
        == "Nurse-led rapid triage took queued tickets from 800 to 1,600 (2× more, worse), sadly."
    )


def test_a_summary_with_its_figures_in_words_is_not_followed_by_the_headline_again(tmp_path: Path) -> None:
    """ "fell from 7 a year to zero" states the headline: the lede had repeated it as a second sentence."""
    text = TRIAGE.replace("cut the median wait to triage from 42 minutes to 11.",
                          "cut injuries from seven a year to zero.")  # fmt: skip
    text = text.replace("{name: Median wait from arrival to triage, before: 42 min, after: 11 min,",
                        "{name: Lost-time injuries, before: 7, after: 0, unit: injuries, period: year,")  # fmt: skip
    assert built_lede(tmp_path, text) == (
        "Nurse-led rapid triage cut injuries from seven a year to zero (100% fewer, eliminated)."
    )


def test_a_section_of_only_a_placeholder_prints_no_heading(tmp_path: Path) -> None:
    """A "## Next" holding only "TBD" printed its heading over "TBD" in the blog."""
    story = write_story(tmp_path, "s.md", TRIAGE + "\n## Next\nTBD\n")
    code, _, err = kit_cli("build", story, "--out", tmp_path / "out", "--kind", "blog,talk")
    assert code == 0, err
    post = (tmp_path / "out" / "s" / "blog.md").read_text(encoding="utf-8")
    assert "## Next" not in post and "TBD" not in post


def test_a_regression_is_no_teams_feat_in_the_lede(tmp_path: Path) -> None:
    """ "Web raised page load time from 1.2 seconds to 1.8 seconds (50% more time, worse)" credited the team."""
    text = MINIMAL_STORY.replace("after: 2 days", "after: 8 weeks")
    story = write_story(tmp_path, "s.md", text)
    assert kit_cli("build", story, "--kind", "blog", "--out", tmp_path / "out").code == 0
    post = (tmp_path / "out" / "s" / "blog.md").read_text(encoding="utf-8")
    assert "Deployment lead time rose from 6 weeks to 8 weeks" in post and "ML Platform raised" not in post
