"""Derived facts: the arithmetic, and the honest-presentation rules (kit/facts.py's docstring)."""

# ruff: noqa: E501  (exact user-facing lines are asserted whole, as cookiecutter does)

from __future__ import annotations

import math
import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kit.facts import Direction, derive, derive_metric, format_fold, format_percent, money_text
from kit.story import Investment, Metric

positive = st.floats(min_value=0.01, max_value=1e6, allow_nan=False)
better = st.sampled_from(["lower", "higher"])
kinds = st.sampled_from(["{} days", "${}", "{} incidents", "{}", "{} GB"])


def metric(before: object, after: object, better: str = "lower", **extra: object) -> Metric:
    return Metric.model_validate({"name": "Lead time", "before": before, "after": after, "better": better, **extra})


def shown_number(text: str) -> float:
    return float(re.sub(r"[^\d.]", "", text))


@pytest.mark.parametrize(
    ("before", "after", "better", "phrase"),
    [
        ("6 weeks", "2 days", "lower", "from 6 weeks to 2 days (95% less time, 21× faster)"),
        ("10 min", "5 min", "lower", "from 10 minutes to 5 minutes (50% less time, 2× faster)"),
        ("10 min", "0 min", "lower", "from 10 minutes to 0 minutes (100% less time, eliminated)"),
        ("200 ms", "120 ms", "lower", "from 200 ms to 120 ms (40% less time)"),
        ("2 days", "6 weeks", "lower", "from 2 days to 6 weeks (21× longer, worse)"),
        ("3–4 weeks", "2 days", "lower",
         "from 3–4 weeks to 2 days (about 92% less time, about 12.2× faster)"),
        ("42 days", "6 weeks", "lower", "from 42 days to 6 weeks (unchanged)"),
        ("1.1 hours", "66 min", "lower", "from 1.1 hours to 66 minutes (unchanged)"),
        ("100 incidents", "55 incidents", "lower", "from 100 to 55 incidents (45% fewer)"),
        ("100 incidents", "20 incidents", "lower", "from 100 to 20 incidents (80% fewer, 5× fewer)"),
        ("4 models", "20 models", "higher", "from 4 to 20 models (5× more)"),
        ("100", "145", "higher", "from 100 to 145 (45% higher)"),
        ("100", "300", "lower", "from 100 to 300 (3× higher, worse)"),
        ("100", "50", "higher", "from 100 to 50 (50% lower, worse)"),
        ("1000 req/s", "1500 req/s", "higher", "from 1000 to 1500 req/s (50% higher)"),
        ("$120k", "$40k", "lower", "from $120k to $40k (67% less, 3× lower cost)"),
        ("$40k", "$120k", "higher", "from $40k to $120k (3× more)"),
        ("99.5%", "99.9%", "higher", "from 99.5% to 99.9% (up 0.4 percentage points)"),
        ("2%", "0.5%", "lower", "from 2% to 0.5% (down 1.5 percentage points)"),
        ("10–20%", "5%", "lower", "from 10–20% to 5% (down about 10 percentage points)"),
        ("0", "5", "higher", "from none to 5 (new)"),
        ("0 incidents", "5 incidents", "lower", "from none to 5 incidents (new, worse)"),
    ],
)  # fmt: skip
def test_phrases(before: str, after: str, better: str, phrase: str) -> None:
    assert derive_metric(metric(before, after, better)).phrase == phrase


def test_the_design_example_in_full() -> None:
    facts = derive_metric(metric("6 weeks", "2 days"))
    assert (facts.change_text, facts.percent_text, facts.fold_text) == ("40 days", "95%", "21×")
    assert facts.comparison == "95% less time, 21× faster"
    assert (facts.direction, facts.improved, facts.approximate) == (Direction.IMPROVED, True, False)


@given(positive, positive, better, kinds)
def test_direction_follows_better(b: float, a: float, better: str, kind: str) -> None:
    facts = derive_metric(metric(kind.format(b), kind.format(a), better))
    before, after = facts.metric.before.value, facts.metric.after.value
    if math.isclose(before, after, rel_tol=1e-9):
        assert facts.direction is Direction.UNCHANGED and facts.comparison == "unchanged"
        assert facts.fold is None and facts.change == 0
    elif (after < before) == (better == "lower"):
        assert facts.direction is Direction.IMPROVED and "worse" not in facts.phrase
    else:
        assert facts.direction is Direction.REGRESSED and facts.phrase.endswith("worse)")


@given(positive, positive, better, kinds)
def test_honest_presentation(b: float, a: float, better: str, kind: str) -> None:
    facts = derive_metric(metric(kind.format(b), kind.format(a), better))
    before, after = facts.metric.before.value, facts.metric.after.value
    percents = [float(p.replace(",", "")) for p in re.findall(r"([\d,.]+)%", facts.comparison)]
    folds = [float(f.replace(",", "")) for f in re.findall(r"([\d,.]+)×", facts.comparison)]
    assert all(p <= 100 for p in percents)  # no reduction above 100%, no "+200%"
    assert all(f >= 2 for f in folds)  # a fold is shown only from 2×
    if after >= 2 * before:  # an increase of 2× or more reads as a fold, never a percentage
        assert not percents and folds and facts.percent_text is None
    if facts.fold is not None and facts.fold >= 2 and not math.isinf(facts.fold):
        # "2× faster" is 50% less time: the percentage and the fold tell the same story
        if after < before:
            assert facts.percent == pytest.approx((1 / facts.fold - 1) * 100)
        else:
            assert facts.percent == pytest.approx((facts.fold - 1) * 100)


@given(positive, positive, better)
def test_change_and_percent_arithmetic(b: float, a: float, better: str) -> None:
    facts = derive_metric(metric(f"{b} days", f"{a} days", better))
    before, after = facts.metric.before.value, facts.metric.after.value
    if facts.direction is not Direction.UNCHANGED:
        assert facts.change == pytest.approx(after - before)
        assert facts.percent == pytest.approx((after - before) / before * 100)
        improvement = before / after if better == "lower" else after / before
        assert facts.fold == (pytest.approx(improvement) if improvement > 1 else None)


@given(positive, better)
def test_nothing_from_a_zero_baseline(a: float, better: str) -> None:
    facts = derive_metric(metric(0, a, better))
    assert (facts.percent, facts.fold, facts.percent_text, facts.fold_text) == (
        None,
        None,
        None,
        None,
    )
    assert "%" not in facts.phrase and "×" not in facts.phrase


@given(positive)
def test_zero_after_lower_better_is_eliminated(b: float) -> None:
    facts = derive_metric(metric(f"{b} hours", "0 hours"))
    assert facts.comparison == "100% less time, eliminated"
    assert math.isinf(facts.fold or 0) and facts.fold_text is None


@given(st.decimals(0, 100, places=3), st.decimals(0, 100, places=3), better)
def test_percentages_of_percentages_are_points(b: Decimal, a: Decimal, better: str) -> None:
    facts = derive_metric(metric(f"{b}%", f"{a}%", better))
    assert facts.percent is None and facts.fold is None
    if facts.direction is not Direction.UNCHANGED:
        assert facts.points == pytest.approx(float(a - b))
        said = facts.comparison.removesuffix(", worse")
        assert said.endswith(" percentage point" if said.split()[-3] == "1" else " percentage points")


@given(st.integers(1, 50), st.integers(1, 50), st.integers(1, 3))
def test_ranges_use_the_midpoint_and_say_about(low: int, width: int, after: int) -> None:
    facts = derive_metric(metric(f"{low}–{low + width} weeks", f"{after} days"))
    midpoint = (2 * low + width) / 2 * 7
    assert facts.approximate
    assert facts.change == pytest.approx((after - midpoint) * 86400)
    assert facts.comparison.startswith("about ") or facts.comparison == "unchanged"


@given(positive, positive, st.sampled_from(["day", "week", "month", "quarter", "year"]))
def test_annual_is_the_change_times_periods_per_year(b: float, a: float, period: str) -> None:
    facts = derive_metric(metric(f"${b}", f"${a}", "lower", period=period))
    per_year = {"day": 365, "week": 52, "month": 12, "quarter": 4, "year": 1}[period]
    if facts.improved:
        assert facts.annual == pytest.approx((b - a) * per_year, rel=1e-9)
        assert facts.annual_text and facts.annual_text.endswith(" a year")
    elif facts.direction is Direction.REGRESSED:  # a cost that rose counts against the savings
        assert facts.annual == pytest.approx((a - b) * per_year, rel=1e-9)
        assert facts.annual_money == pytest.approx(-facts.annual)
        assert facts.annual_text and facts.annual_text.startswith("costing ")
    else:
        assert facts.annual is None and facts.annual_text is None


def test_annual_text() -> None:
    assert derive_metric(metric("$40k", "$10k", period="month")).annual_text == "saving $360k a year"
    hours = derive_metric(metric("100 hours", "10 hours", period="month", name="Engineer hours on toil"))
    assert hours.annual_text == "saving 1,080 hours a year"
    assert hours.comparison == "90% less time, 10× less"  # effort per month is not "faster"
    regressions = derive_metric(metric("6 regressions", "1 regression", period="quarter"))
    assert regressions.annual_text == "20 fewer regressions a year"
    models = derive_metric(metric("4 models", "10 models", better="higher", period="month"))
    assert models.annual_text == "72 more models a year"


@given(st.floats(1e3, 1e7), st.floats(1e3, 1e7), st.floats(1e3, 1e7))
def test_payback_and_roi(before: float, after: float, cost: float) -> None:
    saving = derive_metric(metric(f"${before:.0f}", f"${after:.0f}", period="month"))
    facts = derive([saving.metric], Investment(cost=f"${cost:.0f}"))
    yearly = facts.annual_savings.get("USD", 0)
    if yearly > 0:
        assert facts.payback_months == pytest.approx(round(cost) / (yearly / 12))
        assert facts.roi_percent == pytest.approx((yearly - round(cost)) / round(cost) * 100)
        assert facts.monthly_delay_cost == {"USD": pytest.approx(yearly / 12)}
    else:
        assert facts.payback_months is None and facts.roi_percent is None


def test_no_payback_or_roi_across_currencies() -> None:
    savings = [metric("€40k", "€10k", period="month"), metric("$5k", "$4k", period="month")]
    facts = derive(savings, Investment(cost="£450k"))
    assert facts.annual_savings == {"EUR": 360_000, "USD": 12_000}  # never summed
    assert facts.payback_months is None and facts.roi_percent is None
    assert money_text(facts.annual_savings) == "€360k and $12k"


def test_payback_uses_only_the_savings_in_the_cost_currency() -> None:
    savings = [metric("€40k", "€10k", period="month"), metric("$50k", "$20k", period="month")]
    facts = derive(savings, Investment(cost="$450k", people=3, duration="6 months"))
    assert facts.payback_months == pytest.approx(15)
    assert facts.roi_percent == pytest.approx(-20)
    assert facts.people_months == pytest.approx(18)


def test_time_saved_sums_only_durations() -> None:
    facts = derive(
        [metric("10 hours", "4 hours", period="week", name="Staff hours"),
         metric("2 hours", "1 hour", period="week", name="Review time"),
         metric("5 incidents", "1 incident", period="week")]
    )  # fmt: skip
    assert facts.annual_time_saved == pytest.approx(7 * 52 * 3600)


def test_headline_is_marked_or_the_biggest_improvement() -> None:
    small, big, worse = metric("10", "9"), metric("6 weeks", "2 days"), metric("1", "5")
    assert derive([small, big, worse]).headline.metric is big  # type: ignore[union-attr]
    marked = metric("10", "8", headline=True)
    assert derive([small, big, marked]).headline.metric is marked  # type: ignore[union-attr]
    assert derive([worse]).headline.metric is worse  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("value", "text"),
    [(95.2, "95%"), (99.4, "99%"), (99.6, "99.6%"), (99.96, "99.96%"), (0.4, "0.4%"),
     (0.04, "0.04%"), (0.0004, "0.0004%"), (100, "100%"), (0, "0%"), (-45, "45%"), (9.96, "10%")],
)  # fmt: skip
def test_format_percent(value: float, text: str) -> None:
    assert format_percent(value) == text


@given(st.floats(min_value=1e-9, max_value=1e6).filter(lambda v: v != 100))
def test_format_percent_shows_0_or_100_only_when_exact(value: float) -> None:
    text = format_percent(value)
    assert text not in ("0%", "100%")
    number = text.removesuffix("%").replace(",", "")
    decimals = len(number.partition(".")[2])
    assert abs(float(number) - value) <= 0.5 * 10**-decimals + 1e-12  # rounded, never more


@pytest.mark.parametrize(
    ("fold", "text"),
    [(2, "2×"), (2.04, "2×"), (2.5, "2.5×"), (9.94, "9.9×"), (9.96, "10×"), (21, "21×"), (11.67, "11.7×"),
     (99.96, "100×"), (140.4, "140×")],
)  # fmt: skip
def test_format_fold(fold: float, text: str) -> None:
    assert format_fold(fold) == text


@given(st.floats(min_value=2, max_value=1e6))
def test_format_fold_rounds_to_a_tenth_or_a_whole(fold: float) -> None:
    shown = shown_number(format_fold(fold))
    assert shown >= 2
    assert abs(shown - fold) <= (0.5 if fold >= 100 else 0.05) + 1e-9  # never more than 2.5% off


# ---- issue 9: every comparison derived, counts, money both ways, periods, scores --------------

comparable = st.sampled_from(
    [("{} days", "time"), ("${}", "money"), ("{} incidents", "count"), ("{} failed jobs", "count"),
     ("{} COVID-19 cases", "count"), ("{} GB", "level"), ("{} req/s", "level"), ("{}", "level")]
)  # fmt: skip
amounts = st.one_of(st.just(0.0), st.floats(min_value=0.01, max_value=1e6, allow_nan=False))
_WORDS = {
    "time": {"less time", "more time", "faster", "longer", "more"},  # "4× more": time that is better higher
    "money": {"less", "more", "lower cost"},
    "count": {"fewer", "more"},
    "level": {"lower", "higher"},
}


@given(amounts, amounts, better, comparable)
def test_any_two_comparable_quantities_compare_honestly(b: float, a: float, better: str, form: tuple[str, str]) -> None:
    written, family = form
    facts = derive_metric(metric(written.format(b), written.format(a), better))
    before, after = facts.metric.before.value, facts.metric.after.value
    assert facts.comparison  # never empty: templates print it, never a fallback of their own
    assert ("unchanged" in facts.comparison) == math.isclose(before, after, rel_tol=1e-9, abs_tol=1e-12)
    assert all(
        float(p.replace(",", "")) <= 100 for p in re.findall(r"([\d,.]+)% (?:less|fewer|lower)", facts.comparison)
    )
    if before == 0 and after > 0:
        assert facts.new and facts.comparison.split(",")[0] in ("new", "new cost")
    words = set(re.findall(r"(?:\d×?|%) ([a-z]+(?: time| cost)?)", facts.comparison))
    assert words <= _WORDS[family], (facts.comparison, family)
    if facts.direction is Direction.REGRESSED:
        assert facts.comparison.endswith(("worse", "new cost"))
    else:
        assert "worse" not in facts.comparison
    if facts.percent is not None and facts.change != 0:  # the right sign: a fall is less, a rise more
        assert (facts.percent < 0) == (after < before)


@pytest.mark.parametrize(
    ("unit", "kind"),
    [("incidents", "count"), ("incident", "count"), ("failed jobs", "count"), ("COVID-19 cases", "count"),
     ("deploys per day", "count"), ("tickets", "count"), ("GB", "level"), ("req/s", "level"),
     ("story points", "count"), ("kelvin", "level"), ("", "level"), ("MB/s", "level"), ("kWh", "level")],
)  # fmt: skip
def test_counts_are_decided_by_what_the_unit_names(unit: str, kind: str) -> None:
    facts = derive_metric(metric(f"120 {unit}".strip(), f"24 {unit}".strip(), unit=unit or None))
    assert facts.kind.value == kind
    assert facts.comparison == ("80% fewer, 5× fewer" if kind == "count" else "80% lower, 5× lower")


def test_kind_settles_count_or_level() -> None:
    assert derive_metric(metric("10 GB", "2 GB", kind="count")).comparison == "80% fewer, 5× fewer"
    assert derive_metric(metric("10 widgets", "2 widgets", kind="level")).comparison == "80% lower, 5× lower"
    jobs = derive_metric(metric("10", "2", unit="failed jobs", period="month"))
    assert jobs.annual_text == "96 fewer failed jobs a year"


@pytest.mark.parametrize(
    ("before", "after", "better", "extra", "comparison", "phrase"),
    [
        ("$0", "$30k", "lower", {"period": "month"}, "new cost", "from $0 to $30k a month (new cost)"),
        ("$0", "$400k", "higher", {"period": "year"}, "new", "from $0 to $400k a year (new)"),
        ("0", "90", "higher", {"unit": "releases"}, "new", "from none to 90 releases (new)"),
        ("0 min", "5 min", "lower", {}, "new, worse", "from 0 minutes to 5 minutes (new, worse)"),
        ("-3", "5", "higher", {}, "up 8, ", "from -3 to 5 (up 8)"),
        ("5", "-3", "higher", {}, "down 8, worse", "from 5 to -3 (down 8, worse)"),
        ("€70k", "€40k", "lower", {"period": "month"}, "43% less", "from €70k to €40k a month (43% less)"),
    ],
)  # fmt: skip
def test_change_from_zero_or_below_says_what_happened(
    before: str, after: str, better: str, extra: dict[str, str], comparison: str, phrase: str
) -> None:
    facts = derive_metric(metric(before, after, better, **extra))
    assert facts.comparison == comparison.removesuffix(", ")
    assert facts.phrase == phrase


def test_a_per_period_value_always_says_its_period() -> None:
    facts = derive_metric(metric("€70k", "€40k", period="month"))
    assert (facts.before_text, facts.after_text) == ("€70k a month", "€40k a month")
    assert (facts.change_text, facts.delta_text) == ("€30k a month", "−€30k a month")
    assert facts.annual_text == "saving €360k a year" and facts.annual_money == 360_000
    plain = derive_metric(metric("6 weeks", "2 days"))
    assert (plain.before_text, plain.delta_text, plain.period_text) == ("6 weeks", "−40 days", None)


@given(st.floats(1e3, 1e6), st.floats(1e3, 1e6), st.floats(0, 1e6), st.floats(1e3, 1e7))
def test_net_money_is_gross_less_new_costs_and_drives_payback_and_roi(
    saved: float, before: float, new: float, cost: float
) -> None:
    saving = metric(f"€{before + saved:.0f}", f"€{before:.0f}", period="month")
    spend = metric("€0", f"€{new:.0f}", name="Cloud spend", period="month")
    facts = derive([saving, spend], Investment(cost=f"€{cost:.0f}"))
    gross, costs = round(saved) * 12, round(new) * 12
    assert facts.gross_savings == {"EUR": pytest.approx(gross, abs=12)}
    assert facts.new_costs == ({"EUR": pytest.approx(costs)} if costs else {})
    net = facts.net_savings["EUR"]
    assert net == pytest.approx(facts.gross_savings["EUR"] - facts.new_costs.get("EUR", 0))
    if net > 0:
        assert facts.annual_savings == {"EUR": net}
        assert facts.payback_months == pytest.approx(round(cost) / (net / 12))
        assert facts.roi_percent == pytest.approx((net - round(cost)) / round(cost) * 100)
        assert facts.monthly_delay_cost == {"EUR": pytest.approx(net / 12)}
    else:
        assert facts.annual_savings == {} and facts.payback_months is None and facts.roi_percent is None


def test_the_issue_example_nets_new_spend_before_payback_and_roi() -> None:
    facts = derive(
        [metric("$50k", "$25k", period="month"), metric("$0", "$5k", name="Model API spend", period="month")],
        Investment(cost="$200k"),
    )
    assert (facts.gross_savings, facts.new_costs, facts.net_savings) == (
        {"USD": 300_000}, {"USD": 60_000}, {"USD": 240_000}
    )  # fmt: skip
    assert facts.payback_months == pytest.approx(10) and facts.roi_percent == pytest.approx(20)


def test_money_that_rose_where_higher_is_better_is_a_return() -> None:
    facts = derive([metric("$0", "$400k", "higher", name="Revenue from the API", period="year")])
    assert facts.gross_savings == {"USD": 400_000} and facts.annual_savings == {"USD": 400_000}
    lost = derive([metric("$100k", "$40k", "higher", name="Partner revenue", period="year")])
    assert lost.new_costs == {"USD": 60_000} and lost.net_savings == {"USD": -60_000}
    assert lost.annual_savings == {} and lost.monthly_delay_cost == {}


def test_net_is_per_currency_and_never_summed_across() -> None:
    facts = derive([metric("€40k", "€10k", period="month"), metric("$0", "$5k", name="API", period="month")])
    assert facts.net_savings == {"EUR": 360_000, "USD": -60_000}
    assert facts.annual_savings == {"EUR": 360_000}


@pytest.mark.parametrize(
    ("before", "after", "better", "comparison", "phrase"),
    [
        ("4.2/5", "4.6/5", "higher", "up 0.4 points", "from 4.2 to 4.6 out of 5 (up 0.4 points)"),
        ("4.6/5", "4.2/5", "higher", "down 0.4 points, worse", "from 4.6 to 4.2 out of 5 (down 0.4 points, worse)"),
        ("7 out of 10", "9 out of 10", "higher", "up 2 points", "from 7 to 9 out of 10 (up 2 points)"),
        ("4.5/5", "4.5/5", "higher", "unchanged", "at 4.5 out of 5 (unchanged)"),
    ],
)  # fmt: skip
def test_scores_change_in_points_on_their_scale(
    before: str, after: str, better: str, comparison: str, phrase: str
) -> None:
    facts = derive_metric(metric(before, after, better))
    assert (facts.comparison, facts.phrase) == (comparison, phrase)
    assert facts.percent is None and facts.fold is None and "%" not in facts.phrase


@given(st.decimals(0, 5, places=1), st.decimals(0, 5, places=1), better)
def test_any_two_scores_compare_in_points(b: Decimal, a: Decimal, better: str) -> None:
    facts = derive_metric(metric(f"{b}/5", f"{a}/5", better))
    assert facts.percent is None and "%" not in facts.comparison
    if a != b:
        assert facts.points == pytest.approx(float(a - b))
        assert facts.comparison.startswith("up " if a > b else "down ")


def test_a_trade_off_keeps_its_yearly_cost() -> None:
    worse = derive_metric(metric("10", "20", unit="failed jobs", period="month"))
    assert worse.annual_text == "120 more failed jobs a year"
    assert worse.comparison == "2× more, worse"


def test_headline_is_never_a_new_metric_over_a_marked_one() -> None:
    new, marked = metric("0", "5", "higher", name="A"), metric("10", "8", name="B", headline=True)
    assert derive([new, marked]).headline.metric is marked  # type: ignore[union-attr]


def test_one_point_is_singular_and_time_better_higher_grows_more() -> None:
    assert derive_metric(metric("14%", "15%", "lower")).comparison == "up 1 percentage point, worse"
    assert derive_metric(metric("3.5/5", "4.5/5", "higher")).comparison == "up 1 point"
    assert derive_metric(metric("100 hours", "400 hours", "higher")).comparison == "4× more"  # hours saved: not "longer"
    assert derive_metric(metric("6 weeks", "2 days", "lower")).comparison == "95% less time, 21× faster"


def test_a_yearly_time_saving_of_many_minutes_reads_in_hours() -> None:
    triage = "Manual triage"
    assert derive_metric(metric("35 min", "20 min", "lower", period="day", name=triage)).annual_text == (
        "saving 5,480 minutes a year"
    )
    facts = derive_metric(metric("60 min", "30 min", "lower", period="day", name=triage))  # 30 minutes a day
    assert facts.annual_text == "saving 182 hours a year"  # not 10,950 minutes


@pytest.mark.parametrize(
    ("before", "after", "better", "comparison"),
    [
        ("6+", "1", "lower", "at least 83% fewer, at least 6× fewer"),  # before ≥ 6: the fall is at least
        ("10", "6+", "lower", "at most 40% fewer"),  # after ≥ 6: the fall is at most
        ("6+", "12", "higher", "at most 2× more"),  # before ≥ 6: the rise is at most
        ("3", "6+", "higher", "at least 2× more"),  # after ≥ 6: the rise is at least
        ("about 6", "1", "lower", "about 83% fewer, about 6× fewer"),
        ("6+", "3+", "lower", "about 50% fewer, about 2× fewer"),  # both bounds: no bound on the change
    ],
)
def test_a_lower_bound_at_one_end_bounds_the_change_the_way_it_goes(
    before: str, after: str, better: str, comparison: str
) -> None:
    assert derive_metric(metric(before, after, better, unit="tickets")).comparison == comparison


@given(st.integers(2, 500), st.integers(1, 400))
def test_a_stated_bound_holds_for_every_value_the_bound_allows(bound: int, exact: int) -> None:
    # "before: N+" is any value from N up: the percentage said must hold for each of them.
    facts = derive_metric(metric(f"{bound}+", str(exact), "lower" if exact < bound else "higher", unit="tickets"))
    said = re.match(r"(at least|at most) ([\d,.]+)% (fewer|more)", facts.comparison)
    if said is None or exact == bound:
        return
    stated = float(said.group(2).replace(",", ""))
    for before in (bound, bound * 1.5, bound * 10):
        # The change the way the phrase says it went (a rise "at most 50% more" may be a fall).
        actual = (before - exact if said.group(3) == "fewer" else exact - before) / before * 100
        if said.group(1) == "at least":
            assert actual >= stated - 0.5
        else:
            assert actual <= stated + 0.5
