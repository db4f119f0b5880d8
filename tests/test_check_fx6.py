"""The checker on fractions, shares, units, hedges and the words that say what changed: true lines
it must pass, false ones it must fail with a message naming the figure and what the story says.

Each case is one line added to a draft and checked with `kit check DRAFT --story STORY`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kit.checks.figure import HEDGE_POINTS, Figure
from kit.checks.figures import extract_figures
from kit.quantity import Dimension, unit_scale
from tests.support import kit_cli, write_story

STORY = """\
---
title: Moving the image pipeline cut cloud egress costs
date: 2026-05-12
team: Media Infrastructure
visibility: public
authors:
  - name: Keiko Tanaka
    role: Principal Engineer
metrics:
  - name: Cloud egress spend
    before: $84k
    after: $31k
    period: month
    better: lower
  - name: Thumbnail p95 latency
    before: 1.8 s
    after: 420 ms
    better: lower
  - name: Failed thumbnail jobs
    before: 1200
    after: 90
    unit: jobs
    period: week
    better: lower
  - name: Escalation rate
    before: 18%
    after: 12%
    better: lower
  - name: Registry storage
    before: 2100 GB
    after: 900 GB
    better: lower
  - name: Build time
    before: 25 minutes
    after: 6 minutes
    better: lower
  - name: Yearly savings
    before: $250k
    after: $500k
    better: higher
investment: {people: 2, duration: 3 months, cost: $150k}
---
## Results
Egress spend fell.
"""

# A story whose investment pays back in 14.7 months at a first-year return of -18%.
SLOW_PAYBACK = """\
---
title: A fraud model
date: 2026-05-12
team: Risk ML
visibility: internal
authors:
  - name: Grace Liu
    role: Head of Card Operations
metrics:
  - name: Fraud losses
    before: USD 2.4M
    after: USD 1.5M
    period: year
    better: lower
investment: {people: 5, duration: 8 months, cost: USD 1.1M}
---
## Results
Losses fell.
"""


def check(tmp_path: Path, line: str, story: str = STORY, kind: str = "blog") -> tuple[int, str]:
    """`kit check` of a draft of one line (a blog: public; a one-pager: internal), its code and report."""
    story_path = write_story(tmp_path, "story.md", story)
    draft = tmp_path / "drafts" / "story" / f"{kind}.md"
    draft.parent.mkdir(parents=True, exist_ok=True)
    draft.write_text(f"# Title\n\n{line}\n", encoding="utf-8")
    code, out, err = kit_cli("check", draft, "--story", story_path)
    return code, out + err


# ---- 1. fractions and shares read as the change they state ---------------------------------

TRUE_SHARES = [
    "Egress spend fell by more than half.",  # 63%
    "Egress now costs 37% of what it used to.",  # a level as a share of the before value
    "Egress now costs less than 40% of what it did.",
    "Escalations fell by a third, from 18% to 12%.",  # a fraction of a percentage is relative
    "Build time is now about a quarter of what it was.",  # 6 of 25 minutes
    "We run failed jobs a tenth as often.",  # no share read: "a tenth" is no figure
    "Registry storage is less than half of what it was.",  # 43%
    "Escalations were 18% of the tickets they were sent.",  # no share of the value before: the rate
    "Escalations were 18% of the tickets they were\nsent to the bot.",  # a line's end is no clause's end
]


@pytest.mark.parametrize("line", TRUE_SHARES)
def test_a_share_or_fraction_that_holds_passes(tmp_path: Path, line: str) -> None:
    code, out = check(tmp_path, line)
    assert code == 0, out


def test_a_share_is_judged_as_the_fall_it_states(tmp_path: Path) -> None:
    code, out = check(tmp_path, "Egress now costs 63% of what it used to.")
    assert code == 1
    assert 'facts: "63%": no figure in the story supports this (a share of the value before: 37% less)' in out


def test_more_than_a_fraction_is_a_bound_not_the_fraction(tmp_path: Path) -> None:
    code, out = check(tmp_path, "Egress spend fell by nearly half.")  # 63% is not nearly half
    assert code == 1
    assert 'facts: "nearly half": no figure in the story supports this even with its hedge' in out


# ---- 2. the same quantity in another unit of its kind --------------------------------------


@pytest.mark.parametrize(
    "line",
    ["p95 latency is now 0.42 s.", "Registry storage fell from 2.1 TB to 0.9 TB.", "Build time fell from 0.42 hours."],
)
def test_a_value_in_another_unit_of_its_kind_passes(tmp_path: Path, line: str) -> None:
    code, out = check(tmp_path, line)
    assert code == 0, out


def test_a_size_in_another_unit_must_still_be_the_size(tmp_path: Path) -> None:
    code, out = check(tmp_path, "Registry storage fell to 900 TB.")
    assert code == 1
    assert 'facts: "900": the story gives Registry storage in GB, not TB' in out


def test_seconds_written_as_s_are_read() -> None:
    (figure,) = extract_figures("p95 is 0.42 s.")
    assert (figure.dimension, figure.unit, figure.text) == (Dimension.DURATION, "seconds", "0.42 s")


@given(st.sampled_from(["kb", "MB", "gigabytes", "TB"]), st.sampled_from(["kB", "mb", "GB", "terabyte"]))
def test_unit_scales_convert_both_ways(one: str, other: str) -> None:
    a, b = unit_scale(one), unit_scale(other)
    assert a is not None and b is not None and a[0] == b[0] == "data"
    assert a[1] / b[1] * (b[1] / a[1]) == pytest.approx(1.0)


# ---- 3. "half a million", "a quarter of a million" -----------------------------------------


@pytest.mark.parametrize(
    "line", ["Savings doubled to half a million dollars.", "Savings were a quarter of a million dollars."]
)
def test_a_share_of_a_million_is_the_number_it_says(tmp_path: Path, line: str) -> None:
    code, out = check(tmp_path, line)
    assert code == 0, out


def test_half_a_million_is_not_any_amount(tmp_path: Path) -> None:
    code, out = check(tmp_path, "We spent three quarters of a million dollars on egress.")
    assert code == 1
    assert 'facts: "three quarters of a million dollars": no figure in the story supports this' in out


# ---- 4. "faster" of time, "cheaper" of money ------------------------------------------------


def test_cheaper_said_of_a_speed_up_fails(tmp_path: Path) -> None:
    code, out = check(tmp_path, "Builds are 4× cheaper.")
    assert code == 1
    assert (
        'facts: "4×": "cheaper" says this is a change of cost, but it is the change of Build time (time); '
        'say "faster" or "shorter"; the story says: 4.2× (Build time, change)'
    ) in out


def test_faster_said_of_a_bill_fails(tmp_path: Path) -> None:
    code, out = check(tmp_path, "Egress spend is 2.7× faster.")
    assert code == 1
    assert '"faster" says this is a change of time or speed, but it is the change of Cloud egress spend (money)' in out


def test_faster_said_of_a_count_better_lower_fails(tmp_path: Path) -> None:
    code, out = check(tmp_path, "Failed jobs are 13× faster.")
    assert code == 1
    assert "but it is the change of Failed thumbnail jobs (a count or level)" in out


def test_a_percent_faster_is_a_speed_up_not_less_time(tmp_path: Path) -> None:
    code, out = check(tmp_path, "Builds are 76% faster.")
    assert code == 1
    assert 'facts: "76%": no figure in the story supports this (a speed-up of 1.76×, not 76% less time)' in out
    assert check(tmp_path, "Builds are 317% faster.")[0] == 0  # 25 → 6 minutes is 4.17× as fast
    assert check(tmp_path, "Builds take 76% less time.")[0] == 0


# ---- 5. a hedge on a percentage reaches a few points, not a tenth --------------------------


def test_nearly_100_percent_is_not_92_percent(tmp_path: Path) -> None:
    code, out = check(tmp_path, "Failed jobs fell by almost 100%.")
    assert code == 1
    assert 'facts: "almost 100%"' in out and "the story says: 92% (Failed thumbnail jobs, change)" in out
    assert check(tmp_path, "Failed jobs fell by more than 90%.")[0] == 0


@given(st.integers(min_value=10, max_value=100))
def test_a_hedged_percentage_reaches_at_most_five_points_down(value: int) -> None:
    figure = Figure(float(value), Dimension.PERCENT, "%", f"nearly {value}%", 1, 0, 0.5, "nearly")
    low, high = figure.bounds()
    assert high == value + 0.5 and value - low == pytest.approx(min(HEDGE_POINTS, max(0.5, value / 10)))


# ---- 6. an order of magnitude is about ten times --------------------------------------------


def test_an_order_of_magnitude_is_not_four_times(tmp_path: Path) -> None:
    code, out = check(tmp_path, "p95 latency is an order of magnitude lower.")  # 4.3×
    assert code == 1
    assert 'facts: "an order of magnitude"' in out
    assert check(tmp_path, "Failed thumbnail jobs fell by an order of magnitude.")[0] == 0  # 13.3×


# ---- 7. a return keeps its sign ----------------------------------------------------------------


def test_a_negative_return_said_as_a_gain_fails(tmp_path: Path) -> None:
    code, out = check(tmp_path, "- **First-year return:** 18%.", SLOW_PAYBACK, kind="onepager")
    assert code == 1
    assert 'facts: "18%": this says the return is a gain, but the story\'s is -18%' in out
    assert check(tmp_path, "- **First-year return:** -18%.", SLOW_PAYBACK, kind="onepager")[0] == 0


# ---- 8. a payback in words -------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    ["- **Payback:** within the first year.", "- **Payback:** under a year.", "It paid for itself in its first year."],
)
def test_a_payback_said_in_words_must_hold(tmp_path: Path, line: str) -> None:
    code, out = check(tmp_path, line, SLOW_PAYBACK, kind="onepager")
    assert code == 1
    assert "but the story's payback is 14.7 months; the story says: 14.7 months (payback)" in out


def test_a_payback_in_words_that_holds_passes(tmp_path: Path) -> None:
    assert check(tmp_path, "- **Payback:** over a year.", SLOW_PAYBACK, kind="onepager")[0] == 0
    assert check(tmp_path, "It will pay for itself; it saves $900k in a year.", SLOW_PAYBACK, kind="onepager")[0] == 0


@pytest.mark.parametrize(
    "line",
    ["It does not pay back within a year.", "- **Payback:** not within the first year.",
     "It never paid for itself in its first year.", "It didn't pay for itself within a year."],
)  # fmt: skip
def test_a_payback_denied_in_words_holds_when_it_took_longer(tmp_path: Path, line: str) -> None:
    """ "does not pay back within a year" of a 14.7-month payback is true; it was read as a claim that it did."""
    code, out = check(tmp_path, line, SLOW_PAYBACK, kind="onepager")
    assert (code, out.endswith("onepager.md: ok\n")) == (0, True), out


def test_a_payback_denied_in_words_fails_when_it_came_sooner(tmp_path: Path) -> None:
    code, out = check(tmp_path, "It does not pay back within a decade.", SLOW_PAYBACK, kind="onepager")
    assert code == 1
    assert "this says it did not pay back within a decade, but the story's payback is 14.7 months" in out
    assert check(tmp_path, "- **Payback:** within a decade.", SLOW_PAYBACK, kind="onepager")[0] == 0


def test_a_payback_years_away_is_told_in_years(tmp_path: Path) -> None:
    """A payback 19,200 months away was named "19200.0 months" in the finding."""
    payroll = "name: Payroll processing cost, before: $52k, after: $51.5k, period: year, better: lower"
    story = one_line_story([payroll], "investment: {cost: $800k}\n", visibility="internal")
    code, out = check(tmp_path, "It paid for itself within a year.", story, kind="onepager")
    assert code == 1 and "but the story's payback is 1,600 years" in out, out
    assert check(tmp_path, "It does not pay back within a decade.", story, kind="onepager")[0] == 0


def test_a_wrong_payback_is_answered_with_the_payback(tmp_path: Path) -> None:
    """ "Payback: 9 months" was answered with the nearest duration, the work's 8 months, not the payback."""
    code, out = check(tmp_path, "- **Payback:** 9 months.", SLOW_PAYBACK, kind="onepager")
    assert code == 1
    assert 'facts: "9 months": no figure in the story supports this; the story says: 14.7 months (payback)' in out


@pytest.mark.parametrize(
    ("line", "ok"),
    [("Escalation rate is now between 10% and 14%.", True),
     ("Escalation rate is now between 15% and 20%.", False),  # the value before lies in it, not the one now
     ("Thumbnail p95 latency is now between 0.1 and 10 seconds.", False),  # so wide it says nothing
     ("Sessions last 30 minutes.", False),  # the talk's 30 minutes is no other figure's
     ("In our 30-minute talk we show how.", True)],
)  # fmt: skip
def test_a_range_says_what_its_words_say_and_the_talk_length_is_the_talks(tmp_path: Path, line: str, ok: bool) -> None:
    code, out = check(tmp_path, line)
    assert (code == 0) == ok, out


@pytest.mark.parametrize(("line", "ok"), [("It paid back within 16 months.", True),
                                         ("It paid back within 4 months.", False)])  # fmt: skip
def test_within_is_a_bound_the_figure_may_reach(tmp_path: Path, line: str, ok: bool) -> None:
    """ "paid back within two months" of a 1.5-month payback failed: "within" was no hedge, and 1.5 is past the
    rounding of "2"; it is a bound the figure may reach, as "under" is one it may not."""
    code, out = check(tmp_path, line, SLOW_PAYBACK, kind="onepager")
    assert (code == 0) == ok, out


# ---- 9. before and after swapped across two sentences ---------------------------------------


def test_before_and_after_swapped_across_two_sentences_fails(tmp_path: Path) -> None:
    code, out = check(tmp_path, "Builds used to take 6 minutes. Now they take 25.")
    assert code == 1
    assert "before and after are swapped; the story says: Build time went from 25 minutes to 6 minutes" in out
    assert check(tmp_path, "Builds used to take 25 minutes. Now they take 6.")[0] == 0


def test_a_period_after_a_unit_of_measure_is_no_counted_noun(tmp_path: Path) -> None:
    """kit's own one-pager row "| Food waste | 450 kg a month |" failed its check once the story had a
    payback in months: "month" was read as what 450 counts."""
    story = tmp_path / "waste.md"
    story.write_text(
        "---\ntitle: Waste\ndate: 2026-03-01\nteam: Kitchen\nauthors: [{name: Ana Lima}]\nmetrics:\n"
        "  - {name: Food waste, before: 450 kg, after: 870 kg, period: month, better: lower, headline: true}\n"
        "  - {name: Food cost, before: €38k, after: €33k, period: month, better: lower}\n"
        "investment: {cost: €9k}\n---\n",
        encoding="utf-8",
    )
    code, out, err = kit_cli("build", story, "--kind", "onepager", "--out", tmp_path / "out")
    assert code == 0 and "needs-review" not in out, out + err


def one_line_story(metrics: list[str], extra: str = "", visibility: str = "public") -> str:
    """A story of these metrics (flow mappings) and nothing else but `extra` front matter."""
    rows = "".join(f"  - {{{metric}}}\n" for metric in metrics)
    return (f"---\ntitle: A story\ndate: 2026-03-01\nteam: Web\nvisibility: {visibility}\n"
            f"authors: [{{name: Ana Lima}}]\nmetrics:\n{rows}{extra}---\n")  # fmt: skip


NPS = "name: Net Promoter Score, before: 21 points, after: 38 points, better: higher"
TICKETS = "name: Tickets closed per engineer, before: 30, after: 45, unit: tickets, better: higher"
SPEND = "name: Cloud spend, before: $120k, after: $80k, period: month, better: lower"
CDN = "name: CDN cost, before: $5k, after: $9k, period: month, better: lower"
LOAD = "name: Page load time, before: 2 s, after: 1 s, better: lower, headline: true"
BUILDS = "name: Build time, before: 40 min, after: 8 min, better: lower"


def test_a_multiple_of_a_score_or_a_temperature_is_no_fact(tmp_path: Path) -> None:
    """A scale without a true zero has no ratios: "NPS jumped 1.8×" of 21 to 38 points passed."""
    story = one_line_story([NPS, "name: Conversion, before: 2%, after: 4%, better: higher"])
    code, out = check(tmp_path, "NPS jumped 1.8× this year.", story)
    assert code == 1 and '"1.8×"' in out
    assert check(tmp_path, "NPS rose by 17 points, and conversion doubled.", story)[0] == 0  # a percentage's ratio


def test_by_half_takes_its_direction_from_the_verb_and_a_period_may_come_before_cheaper(tmp_path: Path) -> None:
    """ "rose by half" of 30 to 45 was read as a fall, and "$40k a month cheaper" as the value after."""
    story = one_line_story([TICKETS, SPEND])
    line = "Tickets closed per engineer rose by half.\n\nCloud spend is now $40k a month cheaper."
    assert check(tmp_path, line, story) == (0, f"{tmp_path / 'drafts' / 'story' / 'blog.md'}: ok\n")
    assert "went the other way" in check(tmp_path, "Tickets closed per engineer fell by half.", story)[1]


def test_cheaper_of_a_cost_that_rose_went_the_other_way(tmp_path: Path) -> None:
    """ "The CDN is $4k a month cheaper" passed of a CDN bill that rose from $5k to $9k a month."""
    story = one_line_story([CDN, LOAD])
    said = check(tmp_path, "The CDN is $4k a month cheaper.", story)[1]
    assert "the story says CDN cost rose; this says it went the other way" in said
    assert check(tmp_path, "The CDN is $4k a month more expensive.", story)[0] == 0


def test_a_payback_in_words_of_a_story_that_never_pays_back_is_false(tmp_path: Path) -> None:
    """ "The project paid for itself within the first year" passed of a story whose only cost rose."""
    story = one_line_story([CDN, LOAD], "investment: {cost: $20k}\n", visibility="internal")
    said = check(tmp_path, "The project paid for itself within the first year.", story, kind="onepager")[1]
    assert "but the story's savings never repay its investment" in said


def test_a_score_in_points_said_as_a_percentage_is_told_to_say_points(tmp_path: Path) -> None:
    """ "NPS rose by 17%" was told NPS "is a percentage" and to say "17 percentage points"."""
    said = check(tmp_path, "NPS rose by 17%.", one_line_story([NPS]))[1]
    assert 'Net Promoter Score is a score: its change is in points, not a percentage; say "17 points"' in said


@pytest.mark.parametrize(
    ("line", "true"),
    [("Builds now take a fifth of the time.", True), ("Build time fell to one fifth.", True),
     ("Spend fell to two thirds.", True), ("Build time fell by a fifth.", False),
     ("Build time fell to a third.", False), ("Builds now take a third of the time.", False)],
)  # fmt: skip
def test_a_fraction_that_says_what_is_left_is_the_fall_it_states(tmp_path: Path, line: str, true: bool) -> None:
    """ "Builds now take a fifth of the time" of 40 to 8 minutes failed where "a fifth of the time they
    did" passed: what is left of the value before, said in words, is the fall it states."""
    assert (check(tmp_path, line, one_line_story([BUILDS, SPEND]))[0] == 0) is true


def test_a_payback_in_words_in_a_public_draft_is_internal(tmp_path: Path) -> None:
    """A public blog said "paid for itself within the first month" unchecked: its cost, and so its
    payback, is the internal view's only."""
    story = one_line_story([SPEND], "investment: {cost: $90k}\n")
    said = check(tmp_path, "The work paid for itself within the first month.", story)[1]
    assert "visibility" in said and "the story's investment is internal, and so is how soon it paid back" in said
    internal = check(tmp_path, "The work paid for itself within the first quarter.", story, kind="onepager")
    assert internal[0] == 0  # 2.25 months, said where it may be
