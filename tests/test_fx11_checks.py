"""`kit check` of claims reviewers found unread or misread: fractions in sixths to tenths ("fell by
seven eighths"), "cheaper" said of time and "faster" of money, ranges ("25-30 minutes") read as
their first number only, and a count only the story's prose gives vouching for any noun.

Each case is a line written into a blog post kit built from the story below, then checked, as a
person editing the draft would.
"""

# ruff: noqa: E501  (exact user-facing lines are asserted whole)

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kit.checks.figures import extract_figures
from kit.checks.order import join_ranges
from tests.support import kit_cli, write_story

STORY = """\
---
title: Faster CI for the payments team
date: 2026-05-12
team: Payments Platform
visibility: public
authors: [{name: Keiko Tanaka}]
metrics:
  - {name: Median CI duration, before: 48 minutes, after: 6 minutes, better: lower, headline: true}
  - {name: Flaky test incidents, before: 12, after: 2, unit: incidents, period: month, better: lower}
  - {name: Cloud runner spend, before: $90k, after: $30k, period: year, better: lower}
  - {name: Release review time, before: 5 hours, after: 3 hours, better: lower}
  - {name: Incident triage time, before: 27 minutes, after: 9 minutes, better: lower}
---
## Approach
We ran 35 jobs in parallel on bigger runners.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The story and the text of the blog post `kit build` made of it (which passes its checks)."""
    folder = tmp_path_factory.mktemp("fx11")
    story = write_story(folder, "ci.md", STORY)
    code, _, err = kit_cli("build", story, "--kind", "blog", "--out", folder / "out")
    assert code == 0, err
    return story, (folder / "out" / "ci" / "blog.md").read_text(encoding="utf-8")


def check(built: tuple[Path, str], tmp_path: Path, line: str) -> tuple[int, str]:
    """`kit check` of the built blog post with `line` added as a paragraph of its own: code and report."""
    story, text = built
    draft = tmp_path / "blog.md"
    draft.write_text(f"{text}\n{line}\n", encoding="utf-8")
    code, out, err = kit_cli("check", draft, "--story", story)
    return code, out + err


def test_the_built_draft_passes(built: tuple[Path, str], tmp_path: Path) -> None:
    assert check(built, tmp_path, "")[0] == 0


# ---- 1. sixths to tenths ----------------------------------------------------------------------

TRUE_FRACTIONS = [
    "Median CI duration fell by seven eighths.",  # 48 to 6 minutes: 87.5% less
    "Median CI duration fell by seven-eighths.",
    "Seven eighths of the CI duration is gone.",
    "Flaky test incidents fell by five sixths.",  # 12 to 2: 83% fewer
    "Cloud runner spend fell by two thirds.",  # 90k to 30k
    "Median CI duration fell by nine tenths.",  # a fraction in words is coarse: 90% of 87.5%
    "We run flaky tests a tenth as often.",  # "a tenth" alone is no figure (as before)
    "This is our tenth release of the runners.",  # an ordinal
    "The cache saves nine tenths of a second per build.",  # a time, not a share
]
FALSE_FRACTIONS = [
    ("Median CI duration fell by five eighths.", '"five eighths": this is not a figure of Median CI duration'),
    ("Flaky test incidents fell by three sixths.", '"three sixths": no figure in the story supports this'),
    ("Flaky test incidents fell by four sixths.", '"four sixths": this is not a figure of Flaky test incidents'),
    ("Cloud runner spend fell by nine tenths.", '"nine tenths": this is not a figure of Cloud runner spend'),
    ("Median CI duration fell by three eighths.", '"three eighths": this is not a figure of Median CI duration'),
]


@pytest.mark.parametrize("line", TRUE_FRACTIONS)
def test_a_true_fraction_in_sixths_to_tenths_passes(built: tuple[Path, str], tmp_path: Path, line: str) -> None:
    code, report = check(built, tmp_path, line)
    assert code == 0, report


@pytest.mark.parametrize(("line", "message"), FALSE_FRACTIONS)
def test_a_false_fraction_in_sixths_to_tenths_fails(
    built: tuple[Path, str], tmp_path: Path, line: str, message: str
) -> None:
    code, report = check(built, tmp_path, line)
    assert code == 1 and f"facts: {message}" in report, report


_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine"}
_PARTS = {6: "sixths", 7: "sevenths", 8: "eighths", 9: "ninths", 10: "tenths"}


@given(st.integers(min_value=6, max_value=10).flatmap(lambda d: st.tuples(st.integers(2, d - 1), st.just(d))))
def test_n_parts_in_words_are_that_share_of_a_hundred(fraction: tuple[int, int]) -> None:
    count, parts = fraction
    figures = extract_figures(f"Build time fell by {_WORDS[count]} {_PARTS[parts]}.")
    assert [(f.text, f.unit) for f in figures] == [(f"{_WORDS[count]} {_PARTS[parts]}", "%")]
    assert figures[0].value == pytest.approx(100 * count / parts)


# ---- 2. the kind of a comparative ----------------------------------------------------------------

KIND_WORDS = [
    ("Release reviews are 2 hours cheaper now.",
     '"2 hours": "cheaper" says this is a change of cost, but it is the change of Release review time (time); say "faster" or "shorter"'),
    ("CI runs are 42 minutes less expensive.",
     '"42 minutes": "less expensive" says this is a change of cost, but it is the change of Median CI duration (time); say "faster" or "shorter"'),
    ("Cloud runner spend is $60k a year faster.",
     '"$60k": "faster" says this is a change of time or speed, but it is the change of Cloud runner spend (money); say "cheaper" or "lower"'),
    ("Flaky test incidents are 10 a month cheaper.",
     '"10": "cheaper" says this is a change of cost, but it is the change of Flaky test incidents (a count or level); say "fewer" or "lower"'),
    ("Release review time is 40% cheaper.",
     '"40%": "cheaper" says this is a change of cost, but it is the change of Release review time (time); say "faster" or "shorter"'),
]  # fmt: skip


@pytest.mark.parametrize(("line", "message"), KIND_WORDS)
def test_cheaper_of_time_and_faster_of_money_fail_and_say_the_word_to_use(
    built: tuple[Path, str], tmp_path: Path, line: str, message: str
) -> None:
    code, report = check(built, tmp_path, line)
    assert code == 1 and f"facts: {message}; the story says: " in report, report


@pytest.mark.parametrize(
    "line",
    ["Release reviews are 2 hours faster now.", "CI runs are 42 minutes shorter.", "Cloud runner spend is $60k a year cheaper.",
     "Release reviews take 3 hours, cheaper than before."],
)  # fmt: skip
def test_each_kind_s_own_word_passes(built: tuple[Path, str], tmp_path: Path, line: str) -> None:
    code, report = check(built, tmp_path, line)
    assert code == 0, report


# ---- 3. ranges ------------------------------------------------------------------------------------

TRUE_RANGES = [
    "Incident triage used to take 25-30 minutes.",  # 27 minutes
    "Incident triage used to take 25–30 minutes.",
    "Incident triage used to take 25 to 30 minutes.",
    "Incident triage used to take between 25 and 30 minutes.",
    "Release reviews used to take four to six hours.",
    "Incident triage took 25-28 minutes before the runbooks.",
    "Median CI duration fell by 85-90%.",
    "Cloud runner spend fell from $90k to $25-35k a year.",
    "Release review time fell from 4-6 hours to 3 hours.",  # a range is one end of "from A to B"
    "The runners are x86-64 machines.",  # no range: an identifier
]
FALSE_RANGES = [
    ("Incident triage used to take 32-36 minutes.", '"32-36 minutes": no figure in the story supports this'),
    ("Incident triage used to take 32–36 minutes.", '"32–36 minutes": no figure in the story supports this'),
    ("Incident triage used to take 32 to 36 minutes.", '"32 to 36 minutes": no figure in the story supports this'),
    ("Incident triage used to take between 32 and 36 minutes.", '"32 and 36 minutes": no figure in the story supports this'),
    ("Median CI duration is now 7-8 minutes.", '"7-8 minutes": no figure in the story supports this'),
    ("Release reviews used to take six to nine hours.", '"six to nine hours": no figure in the story supports this'),
    ("Median CI duration fell by 70-80%.", '"70-80%": no figure in the story supports this'),
    ("Cloud runner spend fell from $90k to $40-50k a year.", '"$40-50k": no figure in the story supports this'),
]  # fmt: skip


@pytest.mark.parametrize("line", TRUE_RANGES)
def test_a_range_that_holds_the_story_s_value_passes(built: tuple[Path, str], tmp_path: Path, line: str) -> None:
    code, report = check(built, tmp_path, line)
    assert code == 0, report


@pytest.mark.parametrize(("line", "message"), FALSE_RANGES)
def test_a_range_that_leaves_the_value_out_fails_as_one_claim(
    built: tuple[Path, str], tmp_path: Path, line: str, message: str
) -> None:
    code, report = check(built, tmp_path, line)
    assert code == 1 and f"facts: {message}" in report, report
    assert report.count("facts:") == 1, report  # the range, not each of its ends


@pytest.mark.parametrize(
    "line",
    ["Release review time fell from 4 to 6 hours.", "Release review time went 3 to 6 hours.",
     "Release review time: 3 to 6 hours.", "Release reviews took 3 hours to 6 hours."],
)  # fmt: skip
def test_a_change_said_with_to_is_no_range(built: tuple[Path, str], tmp_path: Path, line: str) -> None:
    """ "from A to B", a verb of change or a label before "A to B" make it a change: each end is judged."""
    code, report = check(built, tmp_path, line)
    assert code == 1 and 'facts: "6 hours": no figure in the story supports this' in report, report


@given(
    st.integers(min_value=1, max_value=500),
    st.integers(min_value=1, max_value=400),
    st.sampled_from(["-", "–", " to "]),
)
def test_a_range_is_true_from_its_low_end_to_its_high_end_each_with_its_rounding(
    low: int, width: int, join: str
) -> None:
    text = f"It takes {low}{join}{low + width} minutes."
    figures = join_ranges(text, extract_figures(text))
    if low + width > 3 * low:  # so wide it says nothing ("1 to 100 minutes"): each end is judged alone
        assert len(figures) == 2
        return
    assert [f.text for f in figures] == [f"{low}{join}{low + width} minutes"]
    bottom, top = figures[0].bounds()
    assert (bottom, top) == (pytest.approx((low - 0.5) * 60), pytest.approx((low + width + 0.5) * 60))


# ---- prose counts -----------------------------------------------------------------------------------


@pytest.mark.parametrize("line", ["We ran 35 jobs in parallel.", "It runs 35 CI jobs at once.", "We ran 35 of them.",
                                  "35 run in parallel now."])  # fmt: skip
def test_a_count_from_the_story_s_prose_passes_as_what_it_counts(
    built: tuple[Path, str], tmp_path: Path, line: str
) -> None:
    code, report = check(built, tmp_path, line)
    assert code == 0, report


def test_a_count_from_the_story_s_prose_is_no_count_of_something_else(built: tuple[Path, str], tmp_path: Path) -> None:
    code, report = check(built, tmp_path, "35 teams use the new runners.")
    assert code == 1
    assert (
        'facts: "35": the story has no 35 teams; its 35 counts something else; the story says: 35 (section "Approach")'
        in report
    )
