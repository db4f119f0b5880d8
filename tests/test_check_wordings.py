"""`kit check` reads before and after, and periods, in the wordings drafts use besides "from A to B".

Each false line below was planted in a kit-built draft by a reviewer and passed; each true line
next to it says the same with the values the right way round, and must still pass.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit.checks import reading
from tests.support import kit_cli, write_story

STORY = """\
---
title: Moving the image pipeline cut cloud egress costs
date: 2026-05-12
team: Media Infrastructure
visibility: public
authors: [{name: Keiko Tanaka}]
metrics:
  - {name: Cloud egress spend, before: $84k, after: $31k, period: month, better: lower, headline: true}
  - {name: Thumbnail p95 latency, before: 1.8 s, after: 420 ms, better: lower}
  - {name: Failed thumbnail jobs, before: 1200, after: 90, unit: jobs, period: week, better: lower}
  - {name: Median CI duration, before: 42 minutes, after: 11 minutes, better: lower}
  - {name: Median emergency department wait, before: 4 hours, after: 2.5 hours, better: lower}
  - {name: Fraud recall, before: 71%, after: 88%, better: higher}
---
## Approach
We moved thumbnail generation next to the bucket.
"""


def check(tmp_path: Path, line: str) -> tuple[int, str]:
    """`kit check` of a blog post that is the one line, against the story: its exit code and report."""
    story = write_story(tmp_path, "s.md", STORY)
    draft = write_story(tmp_path, "blog.md", line + "\n")
    code, out, err = kit_cli("check", draft, "--story", story)
    return code, out + err


SWAPPED = [
    # (said wrongly, said rightly)
    ("Median CI time: 11 minutes before, 42 minutes after.", "Median CI time: 42 minutes before, 11 minutes after."),
    ("CI used to take 11 minutes; now it takes 42.", "CI used to take 42 minutes; now it takes 11."),
    ("Recall was 88% before the new model and 71% after.", "Recall was 71% before the new model and 88% after."),
    ("The median wait was 2.5 hours; it is 4 hours now.", "The median wait was 4 hours; it is 2.5 hours now."),
    (
        "Patients once waited 2.5 hours; today they wait 4 hours.",
        "Patients once waited 4 hours; today they wait 2.5 hours.",
    ),
    ("Median wait (before → after): 2.5 hours, 4 hours.", "Median wait (before → after): 4 hours, 2.5 hours."),
    (
        "Egress spend: $31k a month before the move, $84k after it.",
        "Egress spend: $84k a month before the move, $31k after it.",
    ),
    ("We went from $31k of egress spend a month to $84k.", "We went from $84k of egress spend a month to $31k."),
    (
        "Failed thumbnail jobs went from 90 jobs per week on average to 1200.",
        "Failed thumbnail jobs went from 1200 jobs per week on average to 90.",
    ),
]


@pytest.mark.parametrize(("wrong", "right"), SWAPPED)
def test_before_and_after_said_by_the_words_next_to_them_are_checked(tmp_path: Path, wrong: str, right: str) -> None:
    code, report = check(tmp_path, wrong)
    assert code == 1 and "before and after are swapped" in report, report
    code, report = check(tmp_path, right)
    assert code == 0, report


@pytest.mark.parametrize(
    ("wrong", "right", "message"),
    [
        (
            "Before: $31k a month. After: $84k a month.",
            "Before: $84k a month. After: $31k a month.",
            '"$31k": this says it is the value before, but it is the value after; '
            "the story says: $31k (Cloud egress spend, after)",
        ),
        (
            "- Before: 420 ms\n- After: 1.8 seconds",
            "- **Before:** 1.8 seconds\n- **After:** 420 ms",
            '"420 ms": this says it is the value before, but it is the value after; '
            "the story says: 420 ms (Thumbnail p95 latency, after)",
        ),
    ],
)
def test_a_value_under_a_before_or_after_label_is_of_that_role(
    tmp_path: Path, wrong: str, right: str, message: str
) -> None:
    code, report = check(tmp_path, wrong)
    assert code == 1 and f"blog.md:1: facts: {message}" in report, report
    code, report = check(tmp_path, right)
    assert code == 0, report


def test_roles_said_by_tense_alone_of_figures_of_one_role_claim_nothing(tmp_path: Path) -> None:
    # Both said as the value before: no pair to read, and each is checked as any figure is.
    assert check(tmp_path, "Spend was $84k a month; after the move it dropped to $31k a month.")[0] == 0
    assert check(tmp_path, "The p95 latency was 420 ms after the move, down from 1.8 s before.")[0] == 0
    assert check(tmp_path, "Builds that used to take 42 minutes now finish in 11.")[0] == 0


PERIODS = [
    # (a monthly or weekly value said per another period, the period the story gives it per)
    ("Annual egress spend: $31k.", "the story gives this per month, not per year"),
    ("Egress spend (yearly): $31k.", "the story gives this per month, not per year"),
    ("**Annual egress spend:** $31k.", "the story gives this per month, not per year"),
    ("Egress now runs $31k p.a.", "the story gives this per month, not per year"),
    ("Each year we now spend $31k on egress.", "the story gives this per month, not per year"),
    ("Yearly savings: $53k.", "the story gives this per month, not per year"),
    ("Egress spend per quarter fell from $84k to $31k.", "the story gives this per month, not per quarter"),
    ("Failed jobs fell from 1200 to 90 per hour.", "the story gives this per week, not per hour"),
]


@pytest.mark.parametrize(("line", "message"), PERIODS)
def test_a_period_said_in_other_wordings_is_read(tmp_path: Path, line: str, message: str) -> None:
    code, report = check(tmp_path, line)
    assert code == 1 and message in report, report


@pytest.mark.parametrize(
    "line",
    [
        "Monthly egress spend: $31k.",
        "Egress spend (monthly): $84k → $31k.",
        "Each month we now spend $31k on egress, down from $84k.",
        "Monthly savings: $53k.",
        "Annual savings: $636k.",
        "Egress spend per month fell from $84k to $31k.",
        "Failed jobs per week fell from 1200 to 90.",
        "Failed jobs fell from 1200 to 90 per week.",
        "Results: $84k a month before, $31k after.",
    ],
)
def test_the_period_the_story_gives_passes_in_those_wordings(tmp_path: Path, line: str) -> None:
    code, report = check(tmp_path, line)
    assert code == 0, report


WORDS = [
    "Annual", "yearly", "Monthly", "spend", "savings", "(yearly)", "per", "each", "every", "single", "week",
    "quarter", "year", "hour", "day", ":", "**", "$", "p.a.", ".", ",", ";", "and", "fell", "from", "$84k", "to",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=14).map(" ".join))
def test_a_period_named_ahead_is_read_alike_with_and_without_the_shortcut(text: str) -> None:
    fast = reading.period_ahead(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reading, "_ANY_PERIOD", re.compile(""))  # the pattern runs on every text
        assert reading.period_ahead(text) == fast


def test_a_period_in_a_metrics_name_is_its_values_period(tmp_path: Path) -> None:
    """ "Deploys per week" with no `period:` field: its values are per week, and "40 times a day" fails."""
    from kit.checks.draft import check_draft
    from kit.load import parse_story
    from tests.support import MINIMAL_STORY

    metric = "  - {name: Deploys per week, before: 12, after: 40, better: higher}\n"
    text = MINIMAL_STORY.replace("metrics:\n", "metrics:\n" + metric)
    story = parse_story(text.encode(), Path("s.md"))
    said = check_draft("We now deploy 40 times a day.\n", story, kind="blog", audience="public")
    assert [f.message for f in said.errors] == ["the story gives this per week, not per day"]
    assert check_draft("We now deploy 40 times a week.\n", story, kind="blog", audience="public").ok
