"""Derived facts that must not mislead: amounts are not counts, a stock is not a flow, rounding keeps
the size of a change, an unchanged metric holds at its value, and money shows whole units or cents."""

# ruff: noqa: E501  (exact user-facing lines are asserted whole, as cookiecutter does)

from __future__ import annotations

import math
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kit.checks.figures import extract_figures
from kit.facts import derive, derive_metric, format_fold
from kit.quantity import format_money
from kit.story import Metric
from tests.support import MINIMAL_STORY, kit_cli, write_story


def metric(before: object, after: object, better: str = "lower", **extra: object) -> Metric:
    return Metric.model_validate({"name": "Usage", "before": before, "after": after, "better": better, **extra})


def build(tmp_path: Path, metrics: str, kinds: str = "blog,talk,onepager,social") -> dict[str, str]:
    """Build a story with these metrics (YAML list items) and return its drafts by file name;
    the build must pass kit's own checks."""
    story = write_story(tmp_path, "story.md", MINIMAL_STORY.replace("metrics:\n", f"metrics:\n{metrics}"))
    out = tmp_path / "out"
    code, out_text, err = kit_cli("build", story, "--kind", kinds, "--out", out)
    assert code == 0, out_text + err
    return {p.name: p.read_text(encoding="utf-8") for p in (out / "story").iterdir() if p.suffix == ".md"}


# ---- 1. units of measure are amounts, whatever their spelling -------------------------------------

MEASURES = [
    "litres", "liters", "litre", "liter", "L", "ml", "gallons", "gallon", "tonnes", "tonne", "tons", "ton",
    "CO2 tonnes", "tonnes of CO2", "tCO2e", "MWh", "kWh", "GWh", "kg", "kilograms", "grams", "lbs", "pounds",
    "km", "kilometres", "kilometers", "miles", "metres", "meters", "feet", "m³", "cubic metres", "m²",
    "square feet", "sq ft", "acres", "hectares", "GB", "gigabytes", "terabytes", "TB", "barrels", "calories",
    "joules", "litres of water", "kilowatt-hours",
]  # fmt: skip
COUNTS = [
    "tickets",
    "models",
    "users",
    "shipments",
    "loans",
    "incidents",
    "cups of coffee",
    "failed jobs",
    "failed loads",
]


@pytest.mark.parametrize("unit", MEASURES)
def test_a_unit_of_measure_is_an_amount_never_fewer(unit: str) -> None:
    facts = derive_metric(metric(f"1200 {unit}", f"800 {unit}", unit=unit))
    assert facts.kind.value == "level"
    assert facts.comparison == "33% lower"


@pytest.mark.parametrize("unit", COUNTS)
def test_a_count_noun_stays_a_count(unit: str) -> None:
    facts = derive_metric(metric(f"1200 {unit}", f"800 {unit}", unit=unit))
    assert (facts.kind.value, facts.comparison) == ("count", "33% fewer")


def test_an_amount_a_month_is_less_a_year_not_fewer() -> None:
    facts = derive_metric(metric("1.2M", "800k", unit="litres", period="month"))
    assert facts.annual_text == "4.8M litres less a year"
    rose = derive_metric(metric("10 MWh", "12 MWh", better="higher", unit="MWh", period="month"))
    assert rose.annual_text == "24 MWh more a year"


def test_the_farm_story_says_less_water_and_passes_its_checks(tmp_path: Path) -> None:
    drafts = build(
        tmp_path,
        "  - {name: Water use, before: 1.2M, after: 800k, unit: litres, period: month, better: lower, headline: true}\n",
    )
    assert (
        "Water use fell from 1.2M to 800k litres a month (33% lower), 4.8M litres less a year." in drafts["onepager.md"]
    )
    assert "fewer" not in drafts["onepager.md"]


# ---- 3. a stock is not annualized ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "unit"),
    [("Monthly active contributors", "contributors"), ("Monthly active users", "users"), ("Headcount", "people"),
     ("Paying subscribers", "subscribers"), ("Club members", "members"), ("Customers", "customers"),
     ("Front desk staff", "staff"), ("Open issues", "issues"), ("Support backlog", "tickets"),
     ("Monthly active users", "MAU")],
)  # fmt: skip
def test_a_level_counted_per_period_is_never_made_yearly(name: str, unit: str) -> None:
    facts = derive_metric(metric(12, 140, better="higher", name=name, unit=unit, period="month"))
    assert (facts.annual, facts.annual_text) == (None, None)


@pytest.mark.parametrize(
    ("name", "unit", "annual_text"),
    [("Tickets closed", "tickets", "1,536 more tickets a year"), ("Loans approved", "loans", "1,536 more loans a year"),
     ("Deploys", "deploys", "1,536 more deploys a year"), ("New customers", "customers", "1,536 more customers a year"),
     ("Users onboarded", "users", "1,536 more users a year"),
     ("Accounts opened", "accounts", "1,536 more accounts a year")],
)  # fmt: skip
def test_a_flow_per_period_is_still_made_yearly(name: str, unit: str, annual_text: str) -> None:
    facts = derive_metric(metric(12, 140, better="higher", name=name, unit=unit, period="month"))
    assert facts.annual_text == annual_text


def test_monthly_contributors_are_not_counted_twelve_times_a_year(tmp_path: Path) -> None:
    drafts = build(
        tmp_path,
        "  - {name: Monthly active contributors, before: 12, after: 140, unit: contributors, period: month, better: higher, headline: true}\n",
    )
    assert "Monthly active contributors rose from 12 to 140 contributors a month (11.7× more)." in drafts["onepager.md"]
    assert "a year" not in drafts["onepager.md"]


# ---- 4. an unchanged metric holds at its value -----------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "extra", "phrase"),
    [(4, 4, {"unit": "staff"}, "at 4 staff (unchanged)"), (0, 0, {"unit": "bugs"}, "at 0 bugs (unchanged)"),
     ("81.4%", "81.4%", {}, "at 81.4% (unchanged)"), ("4.5/5", "4.5/5", {}, "at 4.5 out of 5 (unchanged)"),
     ("$40k", "$40k", {"period": "month"}, "at $40k a month (unchanged)"),
     ("42 days", "6 weeks", {}, "from 42 days to 6 weeks (unchanged)")],
)  # fmt: skip
def test_an_unchanged_metric_holds_at_its_value(
    before: object, after: object, extra: dict[str, str], phrase: str
) -> None:
    assert derive_metric(metric(before, after, **extra)).phrase == phrase


def test_a_story_with_an_unchanged_metric_says_it_held(tmp_path: Path) -> None:
    drafts = build(
        tmp_path,
        "  - {name: Front desk staff per shift, before: 4, after: 4, unit: staff, better: lower, headline: true}\n",
    )
    assert "Front desk staff per shift held at 4 staff (unchanged)" in drafts["onepager.md"]
    assert "from 4 to 4" not in drafts["onepager.md"]


# ---- 2. rounding never changes the size of a change -----------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "comparison"),
    [("99.990%", "99.995%", "up 0.005 percentage points"), ("99.612%", "99.614%", "up 0.002 percentage points"),
     ("3.14%", "3.16%", "up 0.02 percentage points"), ("4.55/5", "4.56/5", "up 0.01 points")],
)  # fmt: skip
def test_points_show_as_many_decimals_as_the_values(before: str, after: str, comparison: str) -> None:
    facts = derive_metric(metric(before, after, better="higher"))
    assert facts.comparison == comparison


def test_a_fold_is_rounded_so_it_stays_true() -> None:
    facts = derive_metric(metric(12, 140, better="higher", unit="contributors"))
    assert facts.comparison == "11.7× more"
    assert (format_fold(11.67), format_fold(21), format_fold(9.96), format_fold(140.4)) == (
        "11.7×",
        "21×",
        "10×",
        "140×",
    )


def test_tiny_changes_never_print_as_zero(tmp_path: Path) -> None:
    drafts = build(tmp_path, (
        "  - {name: Success rate, before: 99.612%, after: 99.614%, better: higher, headline: true}\n"
        "  - {name: Reliability, before: 99.990%, after: 99.995%, better: higher}\n"))  # fmt: skip
    assert "| Success rate | 99.612% | 99.614% | up 0.002 percentage points |" in drafts["onepager.md"]
    assert "| Reliability | 99.990% | 99.995% | up 0.005 percentage points |" in drafts["onepager.md"]


def _written(value: Decimal) -> str:
    return format(value, "f")


values = st.decimals(min_value=Decimal("0.001"), max_value=Decimal("100000"), places=3).map(lambda d: d.normalize())
forms = st.sampled_from(["{}", "{} incidents", "{} litres", "${}", "{} days", "{} ms", "{}%", "{}/5"])


@given(values, values, st.sampled_from(["lower", "higher"]), forms, st.sampled_from([None, "month", "week"]))
def test_every_derived_figure_reads_back_within_its_own_precision(
    b: Decimal, a: Decimal, better: str, form: str, period: str | None
) -> None:
    if form == "{}/5":
        b, a = (min(v, Decimal(5)) for v in (b, a))
    extra = {"period": period} if period and form != "{}%" else {}
    facts = derive_metric(metric(form.format(_written(b)), form.format(_written(a)), better, **extra))
    truths: list[tuple[str, float]] = [(facts.change_text, abs(facts.change))]  # read back in base units
    if facts.percent_text:
        truths.append((facts.percent_text, abs(facts.percent or 0)))
    if facts.fold_text:
        truths.append((facts.fold_text, facts.fold or 0))
        assert abs(float(facts.fold_text[:-1].replace(",", "")) - (facts.fold or 0)) <= 0.025 * (facts.fold or 0)
    for text, truth in truths:
        figure = extract_figures(text)[0]
        shown = figure.value
        assert (shown == 0) == math.isclose(truth, 0, abs_tol=1e-12), (text, truth)
        assert abs(shown - truth) <= figure.precision * (1 + 1e-9) + 1e-12, (text, truth)


def test_a_change_stays_in_its_size_class() -> None:
    assert derive_metric(metric("99.990%", "99.995%", "higher")).change_text == "0.005 percentage points"
    assert derive_metric(metric("2.555", "2.556", "higher")).change_text == "0.001"
    assert derive_metric(metric("$0.0051", "$0.0042")).change_text == "$0.0009"


# ---- 5. money below 1,000 is whole or to the cent ----------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "text"),
    [(83.333, "$83.33"), (83.0, "$83"), (1.5, "$1.50"), (99.999, "$100"), (950.4, "$950"), (0.0042, "$0.0042"),
     (1234.5, "$1,230"), (83_333, "$83.3k"), (0.0, "$0")],
)  # fmt: skip
def test_money_below_a_thousand_is_whole_or_to_the_cent(amount: float, text: str) -> None:
    assert format_money(amount, "USD") == text


def test_yen_have_no_cents() -> None:
    assert (format_money(83.333, "JPY"), format_money(83_333, "JPY")) == ("¥83", "¥83.3k")


@given(st.floats(min_value=0.01, max_value=999.99))
def test_money_never_shows_one_decimal(amount: float) -> None:
    number = format_money(amount, "USD").removeprefix("$").replace(",", "")
    assert len(number.partition(".")[2]) in (0, 2)
    assert abs(float(number) - amount) <= (0.005 if "." in number else 0.5 if amount < 100 else 5) + 1e-9


def test_the_cost_of_a_month_is_whole_or_to_the_cent(tmp_path: Path) -> None:
    facts = derive([metric("$1,000,000", "$999,000", period="year")])
    assert facts.monthly_delay_cost == {"USD": pytest.approx(83.333, abs=1e-3)}
    assert format_money(facts.monthly_delay_cost["USD"], "USD") == "$83.33"
