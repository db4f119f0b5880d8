"""Derived facts that must not mislead: values on a scale with no true zero (°C, °F, NPS and other
scores in points) change by a difference, never a ratio or "new"; a rate per person is never added
up into a yearly total; and only people's time counts as time saved, never hours of downtime.

Each story is built through `kit`; the arithmetic has property tests.
"""

# ruff: noqa: E501  (exact user-facing lines are asserted whole, as cookiecutter does)

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kit.facts import derive, derive_metric
from kit.story import Metric
from tests.support import DATA, kit_cli

STORIES = DATA / "fx9"


def metric(before: object, after: object, better: str = "lower", name: str = "Reading", **extra: object) -> Metric:
    return Metric.model_validate({"name": name, "before": before, "after": after, "better": better, **extra})


def build(story: str, out: Path, kinds: str = "onepager") -> dict[str, str]:
    """`kit build` one story of tests/data/fx9 (its checks must pass); its Markdown drafts by kind."""
    code, _, err = kit_cli("build", STORIES / f"{story}.md", "--kind", kinds, "--out", out)
    assert code == 0, err
    return {path.stem: path.read_text(encoding="utf-8") for path in (out / story).glob("*.md")}


def newsletter(story: str, out: Path) -> str:
    """The Markdown of `kit newsletter` over one story of tests/data/fx9."""
    code, _, err = kit_cli("newsletter", STORIES / f"{story}.md", "--out", out)
    assert code == 0, err
    return next(out.glob("*.md")).read_text(encoding="utf-8")


# ---- 1. temperatures in °C and °F have no true zero -------------------------------------------


def test_a_temperature_changes_by_degrees_never_a_percentage_or_from_none(tmp_path: Path) -> None:
    drafts = build("temperatures", tmp_path, "blog,onepager")
    onepager = drafts["onepager"]
    assert "| Chiller temperature | 0 °C | 4 °C | up 4 °C, worse |" in onepager
    assert "| Cold-room temperature | 5.5 °C | 3.0 °C | down 2.5 °C |" in onepager
    assert "**Trade-off:** Chiller temperature rose from 0 to 4 °C (up 4 °C, worse)." in onepager
    for text in drafts.values():
        assert not re.search(r"\bnew\b|from none|\d% (?:lower|higher|less|more)|\d×", text), text


@pytest.mark.parametrize("unit", ["°C", "°F", "℃", "degrees C", "degF", "degrees Fahrenheit", "Celsius"])
def test_every_way_of_writing_celsius_or_fahrenheit_is_a_scale_without_zero(unit: str) -> None:
    facts = derive_metric(metric(f"0 {unit}", f"4 {unit}"))
    assert (facts.percent, facts.fold, facts.new) == (None, None, False)
    assert facts.comparison == f"up 4 {unit}, worse"


def test_degrees_of_a_temperature_are_degrees_celsius_or_fahrenheit() -> None:
    assert derive_metric(metric("0°", "4°", name="Oven temperature")).comparison == "up 4°, worse"
    assert derive_metric(metric("2 degrees", "6 degrees", name="Room temp")).comparison == "up 4 degrees, worse"


def test_kelvin_angles_and_other_measures_keep_their_true_zero() -> None:
    """Kelvin starts at absolute zero, an angle of 0° is none, and 0 kg is nothing: their ratios are true."""
    assert derive_metric(metric("300 kelvin", "150 kelvin")).comparison == "50% lower, 2× lower"
    assert derive_metric(metric("0°", "4°", name="Camera tilt")).comparison == "new, worse"
    assert derive_metric(metric("0 kg", "4 kg")).comparison == "new, worse"


def test_a_temperature_a_month_is_a_level_never_added_up_into_a_year() -> None:
    facts = derive_metric(metric("6 °C", "4 °C", period="month"))
    assert (facts.annual, facts.annual_text) == (None, None)


degrees = st.decimals(min_value=-300, max_value=300, places=1, allow_nan=False, allow_infinity=False)


@given(degrees, degrees, st.sampled_from(["°C", "°F"]), st.sampled_from(["lower", "higher"]))
def test_a_temperature_changes_by_the_exact_difference_of_its_values(
    before: Decimal, after: Decimal, unit: str, better: str
) -> None:
    facts = derive_metric(metric(f"{before} {unit}", f"{after} {unit}", better))
    assert (facts.percent, facts.fold, facts.new, facts.annual) == (None, None, False, None)
    if before == after:
        assert facts.comparison == "unchanged"
        return
    way = "up" if after > before else "down"
    size = f"{abs(after - before):,.1f}".rstrip("0").rstrip(".")
    worse = (after > before) == (better == "lower")
    assert facts.comparison == f"{way} {size} {unit}" + (", worse" if worse else "")
    assert "none" not in facts.phrase


# ---- 2. a score in points changes by points ---------------------------------------------------


def test_nps_in_points_changes_by_points_never_a_percentage(tmp_path: Path) -> None:
    drafts = build("nps", tmp_path, "blog,onepager")
    assert "**Bottom line:** NPS rose from 21 to 38 points (up 17 points)." in drafts["onepager"]
    assert "| NPS | 21 points | 38 points | up 17 points |" in drafts["blog"]
    for text in drafts.values():
        assert not re.search(r"\d% (?:higher|more)|\d×", text), text


@pytest.mark.parametrize(
    ("name", "before", "after", "unit", "comparison"),
    [
        ("NPS", 21, 38, None, "up 17 points"),
        ("Net Promoter Score", -12, 0, None, "up 12 points"),
        ("Lighthouse performance score", 62, 95, "points", "up 33 points"),
        ("Relationship score", 40, 30, "pts", "down 10 points, worse"),
        ("NPS", 10, 11, "points", "up 1 point"),
    ],
)  # fmt: skip
def test_a_score_in_points_moves_by_points(
    name: str, before: int, after: int, unit: str | None, comparison: str
) -> None:
    facts = derive_metric(metric(before, after, "higher", name=name, unit=unit))
    assert (facts.comparison, facts.percent, facts.fold, facts.new) == (comparison, None, None, False)
    assert facts.points == after - before


def test_story_points_and_loyalty_points_are_counted_not_a_score() -> None:
    """Points someone delivers or earns start at none: 30 to 42 of them is 40% more."""
    story = derive_metric(metric(30, 42, "higher", name="Velocity", unit="story points"))
    assert story.comparison == "40% more"
    loyalty = derive_metric(metric(0, 500, "higher", name="Loyalty points redeemed", unit="points"))
    assert loyalty.comparison == "new"


@given(st.integers(-100, 100), st.integers(-100, 100))
def test_an_nps_moves_by_the_difference_of_its_scores(before: int, after: int) -> None:
    facts = derive_metric(metric(before, after, "higher", name="NPS", unit="points", period="month"))
    assert (facts.percent, facts.fold, facts.new, facts.annual) == (None, None, False, None)
    if before != after:
        size = abs(after - before)
        assert facts.comparison == f"{'up' if after > before else 'down'} {size:,} point{'s' if size != 1 else ''}" + (
            ", worse" if after < before else ""
        )


# ---- 3. a rate per person is not a total --------------------------------------------------------


def test_words_per_translator_a_day_are_not_added_up_into_a_year(tmp_path: Path) -> None:
    onepager = build("translation", tmp_path)["onepager"]
    assert (
        "**Bottom line:** Words translated per translator rose from 2,500 to 4,100 words a day (64% more)." in onepager
    )
    assert "| Words translated per translator | 2,500 words a day | 4,100 words a day | 64% more |" in onepager
    assert "a year" not in onepager
    assert "a year" not in newsletter("translation", tmp_path / "nl")


@pytest.mark.parametrize(
    ("name", "unit"),
    [("Words translated per translator", "words"), ("Tickets closed", "tickets per agent"),
     ("Commits", "commits/engineer"), ("Revenue per employee", None), ("Visits per patient", "visits"),
     ("Spend per active user", None)],
)  # fmt: skip
def test_a_rate_per_person_is_never_annualised(name: str, unit: str | None) -> None:
    before, after = ("$100", "$120") if unit is None else (10, 12)
    facts = derive_metric(metric(before, after, "higher", name=name, unit=unit, period="day"))
    assert (facts.annual, facts.annual_text, facts.annual_money) == (None, None, None)
    assert derive([facts.metric]).annual_savings == {}


@pytest.mark.parametrize(
    ("name", "unit", "annual_text"),
    [("Words translated", "words", "584,000 more words a year"),
     ("Tickets closed per day", "tickets", "584,000 more tickets a year"),
     ("Defects", "defects per 1000 words", "584,000 more defects per 1000 words a year")],
)  # fmt: skip
def test_a_total_per_day_is_still_annualised(name: str, unit: str, annual_text: str) -> None:
    """ "per day" alone is the period, and "per 1000 words" no person: these add up over a year."""
    facts = derive_metric(metric(2500, 4100, "higher", name=name, unit=unit, period="day"))
    assert facts.annual_text == annual_text


# ---- 4. time saved is people's time -------------------------------------------------------------


def test_fewer_outage_hours_are_not_time_saved(tmp_path: Path) -> None:
    onepager = build("outage", tmp_path)["onepager"]
    assert "Time saved" not in onepager
    assert "saving 315 hours" not in onepager
    assert "| 410 hours a year | 95 hours a year | 77% less time, 4.3× less; 315 hours less a year |" in onepager
    assert "saved (from" not in newsletter("outage", tmp_path / "nl")


def test_hours_of_staff_work_are_time_saved(tmp_path: Path) -> None:
    onepager = build("toil", tmp_path)["onepager"]
    assert "- **Time saved:** 312 hours a year." in onepager
    assert "- **312 hours a year** saved (from 1 story)" in newsletter("toil", tmp_path / "nl")


@pytest.mark.parametrize(
    ("name", "saved"),
    [("Engineer hours spent on deployment toil", True), ("Review time per batch", True),
     ("Manual reconciliation", True), ("On-call hours", True), ("Nurse overtime", True),
     ("Time spent on paperwork", True), ("Unplanned outage hours", False), ("Downtime", False),
     ("GPU hours", False), ("Build time", False), ("Time to train", False), ("Queue wait", False)],
)  # fmt: skip
def test_only_people_s_time_is_time_saved(name: str, saved: bool) -> None:
    facts = derive([metric("10 hours", "4 hours", name=name, period="week")])
    assert facts.annual_time_saved == (pytest.approx(6 * 52 * 3600) if saved else None)
    assert facts.metrics[0].annual_text == ("saving 312 hours a year" if saved else "312 hours less a year")


@given(st.lists(st.tuples(st.integers(1, 500), st.integers(0, 500), st.booleans()), min_size=1, max_size=5))
def test_time_saved_is_the_net_of_people_s_hours_only(rows: list[tuple[int, int, bool]]) -> None:
    metrics = [metric(f"{b} hours", f"{a} hours", name="Staff hours" if people else "Outage hours", period="week")
               for b, a, people in rows]  # fmt: skip
    net = sum((b - a) for b, a, people in rows if people) * 3600 * 52
    saved = derive(metrics).annual_time_saved
    assert saved == (pytest.approx(net) if net > 0 else None)
