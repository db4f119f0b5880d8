"""Quantities as people write them: parsing, conversion, ranges and formatting."""

# ruff: noqa: E501  (exact user-facing lines are asserted whole, as cookiecutter does)

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kit.quantity import (
    DURATION_SECONDS,
    Dimension,
    QuantityError,
    format_duration,
    format_money,
    format_number,
    format_value,
    parse_quantity,
    period_word,
    round_sig,
    split_period,
)
from tests.support import MINIMAL_STORY, kit_cli, write_story

DURATION_WORDS = {
    "ms": "ms", "sec": "seconds", "s": "seconds", "min": "minutes", "minutes": "minutes",
    "h": "hours", "hr": "hours", "hours": "hours", "d": "days", "days": "days",
    "w": "weeks", "weeks": "weeks", "mo": "months", "months": "months", "y": "years", "years": "years",
}  # fmt: skip
CURRENCIES = {"$": "USD", "€": "EUR", "£": "GBP", "USD ": "USD", "EUR ": "EUR", "CHF ": "CHF"}
MAGNITUDES = {"": 1.0, "k": 1e3, "K": 1e3, "M": 1e6, "bn": 1e9, " million": 1e6}

whole = st.integers(min_value=0, max_value=999_999)
cents = st.one_of(st.just(""), st.integers(min_value=0, max_value=99).map(lambda c: f".{c:02d}"))


def grouped(number: int) -> str:
    return f"{number:,}"


@given(whole, cents, st.sampled_from(sorted(DURATION_WORDS)), st.booleans())
def test_durations_read_in_seconds(number: int, decimals: str, word: str, space: bool) -> None:
    written = f"{grouped(number)}{decimals}{' ' if space else ''}{word}"
    quantity = parse_quantity(written)
    unit = DURATION_WORDS[word]
    assert quantity.dimension is Dimension.DURATION
    assert quantity.unit == unit
    assert quantity.value == pytest.approx(float(f"{number}{decimals}") * DURATION_SECONDS[unit])
    assert quantity.text.startswith(f"{grouped(number)}{decimals} ")  # the number as written


@given(whole, cents, st.sampled_from(sorted(CURRENCIES)), st.sampled_from(sorted(MAGNITUDES)))
def test_money_reads_with_any_symbol_magnitude_and_separators(
    number: int, decimals: str, prefix: str, magnitude: str
) -> None:
    written = f"{prefix}{grouped(number)}{decimals}{magnitude}"
    expected = float(f"{number}{decimals}") * MAGNITUDES[magnitude]
    if expected >= 1e15:
        return
    quantity = parse_quantity(written)
    assert quantity.dimension is Dimension.MONEY
    assert quantity.unit == CURRENCIES[prefix]
    assert quantity.value == pytest.approx(expected)
    assert f"{grouped(number)}{decimals}" in quantity.text
    assert parse_quantity(quantity.text).value == pytest.approx(quantity.value)  # text round-trips


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False))
def test_plain_numbers_from_yaml_keep_their_value(number: float) -> None:
    quantity = parse_quantity(number)
    assert quantity.dimension is Dimension.NUMBER
    assert quantity.value == pytest.approx(number, rel=1e-12, abs=1e-12)
    assert parse_quantity(quantity.text).value == quantity.value


@given(st.integers(min_value=0, max_value=10**6), st.sampled_from(["%", " %", " percent"]))
def test_percentages(number: int, sign: str) -> None:
    quantity = parse_quantity(f"{number / 10}{sign}")
    assert (quantity.dimension, quantity.unit, quantity.value) == (
        Dimension.PERCENT, "%", pytest.approx(number / 10)
    )  # fmt: skip


@pytest.mark.parametrize(
    ("one", "other"),
    [("42 days", "6 weeks"), ("1 hour", "60 min"), ("90 sec", "1.5 minutes"),
     ("12 months", "1 year"), ("2 days", "48 h"), ("1,000 ms", "1 s"), ("$1.2M", "USD 1,200k")],
)  # fmt: skip
def test_units_convert(one: str, other: str) -> None:
    assert parse_quantity(one).value == pytest.approx(parse_quantity(other).value)
    assert parse_quantity(one).comparable_with(parse_quantity(other))


@pytest.mark.parametrize(
    ("written", "text", "low", "high", "unit"),
    [
        ("3–4 weeks", "3–4 weeks", 3 * 7 * 86400, 4 * 7 * 86400, "weeks"),
        ("3 to 4 weeks", "3–4 weeks", 3 * 7 * 86400, 4 * 7 * 86400, "weeks"),
        ("3 weeks - 4 weeks", "3–4 weeks", 3 * 7 * 86400, 4 * 7 * 86400, "weeks"),
        ("0.5–1 hour", "0.5–1 hour", 1800, 3600, "hours"),
        ("5–10m", "5–10 minutes", 300, 600, "minutes"),
        ("$100k–$150k", "$100k–$150k", 100e3, 150e3, "USD"),
        ("$100–150k", "$100k–$150k", 100e3, 150e3, "USD"),
        ("$5–10m", "$5m–$10m", 5e6, 10e6, "USD"),
        ("CHF 100–150k", "CHF 100k–CHF 150k", 100e3, 150e3, "CHF"),
        ("10-20%", "10–20%", 10, 20, "%"),
        ("3-4", "3–4", 3, 4, ""),
        ("-3 to -1", "-3 to -1", -3, -1, ""),
        ("100–150 incidents", "100–150 incidents", 100, 150, "incidents"),
    ],
)
def test_ranges_fill_in_what_one_end_leaves_out(written: str, text: str, low: float, high: float, unit: str) -> None:
    quantity = parse_quantity(written)
    assert (quantity.text, quantity.unit, quantity.is_range) == (text, unit, True)
    assert (quantity.low, quantity.high) == (pytest.approx(low), pytest.approx(high))
    assert quantity.value == pytest.approx((low + high) / 2)


@given(st.integers(1, 500), st.integers(1, 500), st.sampled_from(["–", "-", " to ", " – "]))
def test_ranges_take_the_midpoint(low: int, extra: int, dash: str) -> None:
    quantity = parse_quantity(f"{low}{dash}{low + extra} days")
    assert quantity.value == pytest.approx((2 * low + extra) / 2 * 86400)
    assert quantity.text == f"{low}–{low + extra} days"


@pytest.mark.parametrize(
    ("written", "text"),
    [("6 weeks", "6 weeks"), ("1 day", "1 day"), ("45 min", "45 minutes"), ("5m", "5 minutes"),
     ("$5m", "$5m"), ("USD 1.2M", "$1.2M"), ("12k EUR", "€12k"), ("$1.5 billion", "$1.5 billion"),
     ("99.5 %", "99.5%"), ("1,200 incidents", "1,200 incidents"), ("  6   weeks ", "6 weeks"),
     ("−4", "-4"), ("-$3", "-$3"), ("1e6", "1000000"), (1.5, "1.5"), (42, "42")],
)  # fmt: skip
def test_text_stays_faithful(written: object, text: str) -> None:
    assert parse_quantity(written).text == text


@pytest.mark.parametrize(
    ("written", "unit", "message"),
    [
        ("six weeks", None, 'could not read "six weeks" as a quantity; write it like "6 weeks", '
         '"45 min", "$120k", "USD 1.2M", "99.5%", "3–4 weeks" or a plain number'),
        ("5 weks", None, '"weks" in "5 weks" is not a unit kit knows; did you mean "weeks"?'),
        ("1,00", None, 'could not read "1,00" as a quantity; write it like "6 weeks", "45 min", '
         '"$120k", "USD 1.2M", "99.5%", "3–4 weeks" or a plain number'),
        ("XYZ 5", None, '"XYZ" in "XYZ 5" is not a currency code kit knows'),
        ("$5 weeks", None, '"$5 weeks" has both a currency and the unit "weeks"; write one'),
        ("5k weeks", None, '"5k weeks": a duration takes no k/M/B suffix'),
        ("4–3 weeks", None, 'the range "4–3 weeks" runs backwards; write the smaller end first'),
        ("1 hour to 90 min", None, 'the two ends of "1 hour to 90 min" are in different units; write one unit'),
        ("5 weeks", "incidents", '"5 weeks" is in weeks but the metric\'s unit is "incidents"; write one unit'),
        ("$5", "EUR", '"$5" is in $ but the metric\'s unit is "EUR"; write one unit'),
        ("NaN", None, '"NaN" is not a finite number; write the measured value'),
        ("-inf", None, '"-inf" is not a finite number; write the measured value'),
        (math.nan, None, "not a finite number (NaN or infinity); write the measured value"),
        (math.inf, None, "not a finite number (NaN or infinity); write the measured value"),
        ("1e400", None, '"1e400" is too large to be a measurement; check the number'),
        ("$2,000,000,000,000,000", None,
         '"$2,000,000,000,000,000" is too large to be a measurement; check the number'),
        (None, None, 'expected a quantity such as "6 weeks", "45 min", "$120k", "USD 1.2M", '
         '"99.5%", "3–4 weeks" or a plain number, not nothing'),
        (True, None, 'expected a quantity such as "6 weeks", "45 min", "$120k", "USD 1.2M", '
         '"99.5%", "3–4 weeks" or a plain number, not true/false'),
        ([1, 2], None, 'expected a quantity such as "6 weeks", "45 min", "$120k", "USD 1.2M", '
         '"99.5%", "3–4 weeks" or a plain number, not a list'),
    ],
)  # fmt: skip
def test_unreadable_quantities_say_what_to_write(written: object, unit: str | None, message: str) -> None:
    with pytest.raises(QuantityError) as caught:
        parse_quantity(written, unit)
    assert str(caught.value) == message


@given(st.text(max_size=40))
def test_any_text_parses_or_raises_quantity_error(text: str) -> None:
    try:
        quantity = parse_quantity(text)
    except QuantityError:
        return
    assert math.isfinite(quantity.low) and math.isfinite(quantity.high)
    assert quantity.low <= quantity.high


def test_a_metric_unit_applies_to_plain_numbers() -> None:
    assert parse_quantity(5, "days").value == 5 * 86400
    assert parse_quantity("5", "incidents").text == "5 incidents"
    assert parse_quantity("3-4", "%").text == "3–4%"
    assert parse_quantity("6 weeks", "days").text == "6 weeks"


@pytest.mark.parametrize(
    ("amount", "currency", "text"),
    [(0, "USD", "$0"), (950, "USD", "$950"), (9999, "USD", "$10k"), (12_345, "EUR", "€12.3k"),
     (960_000, "USD", "$960k"), (999_999, "USD", "$1M"), (1.5e9, "GBP", "£1.5B"),
     (-5000, "USD", "-$5,000"), (120_000, "CHF", "CHF 120k")],
)  # fmt: skip
def test_format_money(amount: float, currency: str, text: str) -> None:
    assert format_money(amount, currency) == text


@given(st.floats(min_value=1, max_value=1e12))
def test_format_money_reads_back_within_rounding(amount: float) -> None:
    assert parse_quantity(format_money(amount, "USD")).value == pytest.approx(amount, rel=0.006)


@given(st.floats(min_value=0.001, max_value=1e9))
def test_format_duration_reads_back_within_rounding(seconds: float) -> None:
    assert parse_quantity(format_duration(seconds)).value == pytest.approx(seconds, rel=0.006)


def test_format_duration_names_the_unit() -> None:
    assert format_duration(40 * 86400, "days") == "40 days"
    assert format_duration(86400) == "1 day"
    assert format_duration(1080 * 3600, "hours") == "1,080 hours"


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False))
def test_round_sig_keeps_three_figures(value: float) -> None:
    assert round_sig(value) == pytest.approx(value, rel=0.005, abs=1e-300)


def test_format_number() -> None:
    assert [format_number(v) for v in (1234.5, 0.125, 12.25, -0.0, 3.0)] == [
        "1,234", "0.12", "12.2", "0", "3"
    ]  # fmt: skip


# ---- issue 9: what people write --------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "text", "seconds"),
    [("~6 hours", "about 6 hours", 6 * 3600), ("about 6 hours", "about 6 hours", 6 * 3600),
     ("around 6 h", "about 6 hours", 6 * 3600), ("6+ hours", "at least 6 hours", 6 * 3600),
     ("over 6 hours", "at least 6 hours", 6 * 3600), ("~3–4 weeks", "about 3–4 weeks", 3.5 * 7 * 86400)],
)  # fmt: skip
def test_estimates_read_at_their_number_and_show_as_estimates(written: str, text: str, seconds: float) -> None:
    quantity = parse_quantity(written)
    assert (quantity.text, quantity.approximate, quantity.estimate) == (text, True, True)
    assert quantity.value == pytest.approx(seconds)


@pytest.mark.parametrize(
    ("written", "text", "seconds"),
    [("1h30m", "90 minutes", 5400), ("1 h 30 min", "90 minutes", 5400), ("1 hour 30 minutes", "90 minutes", 5400),
     ("2 days 4 hours", "52 hours", 52 * 3600), ("1m30s", "90 seconds", 90)],
)  # fmt: skip
def test_a_duration_in_several_units_is_its_total_in_the_smallest(written: str, text: str, seconds: float) -> None:
    quantity = parse_quantity(written)
    assert (quantity.text, quantity.dimension) == (text, Dimension.DURATION)
    assert quantity.value == pytest.approx(seconds)


@pytest.mark.parametrize(
    ("written", "unit", "value", "text", "scale"),
    [("4.6/5", None, 4.6, "4.6/5", 5), ("4.6 / 5", None, 4.6, "4.6/5", 5), ("4.6 out of 5", None, 4.6, "4.6/5", 5),
     ("8/10", None, 8, "8/10", 10), (4.2, "/5", 4.2, "4.2/5", 5), ("3", "out of 5", 3, "3/5", 5)],
)  # fmt: skip
def test_scores_are_a_quantity_of_their_own(
    written: object, unit: str | None, value: float, text: str, scale: float
) -> None:
    quantity = parse_quantity(written, unit)
    assert (quantity.dimension, quantity.value, quantity.text, quantity.scale) == (Dimension.SCORE, value, text, scale)
    assert quantity.comparable_with(parse_quantity(f"1/{scale:g}"))
    assert not quantity.comparable_with(parse_quantity("1/7"))


def test_a_score_above_its_scale_is_refused() -> None:
    with pytest.raises(QuantityError) as caught:
        parse_quantity("6/5")
    assert str(caught.value) == '"6/5" is above its scale; write the score and its scale, such as "4.6/5"'


@pytest.mark.parametrize(
    ("written", "text", "unit"),
    [("120 COVID-19 cases", "120 COVID-19 cases", "COVID-19 cases"), ("3 SARS-CoV-2 tests", "3 SARS-CoV-2 tests", "SARS-CoV-2 tests")],
)  # fmt: skip
def test_a_unit_with_a_dash_and_digits_is_a_unit_not_a_range(written: str, text: str, unit: str) -> None:
    quantity = parse_quantity(written)
    assert (quantity.text, quantity.unit, quantity.is_range) == (text, unit, False)


@pytest.mark.parametrize(
    ("written", "rest", "period"),
    [("$120k/month", "$120k", "month"), ("$120k / month", "$120k", "month"), ("$120k a month", "$120k", "month"),
     ("$120k per month", "$120k", "month"), ("$120k monthly", "$120k", "month"), ("€5k/yr", "€5k", "year"),
     ("12 incidents a week", "12 incidents", "week"), ("6 months", "6 months", None), ("5 d", "5 d", None),
     ("$120k", "$120k", None), ("4.6/5", "4.6/5", None)],
)  # fmt: skip
def test_a_period_written_into_a_value(written: str, rest: str, period: str | None) -> None:
    assert split_period(written) == (rest, period)


@pytest.mark.parametrize(
    ("word", "period"),
    [("monthly", "month"), ("weekly", "week"), ("yearly", "year"), ("annually", "year"), ("per month", "month"),
     ("a month", "month"), ("daily", "day"), ("quarterly", "quarter"), ("fortnightly", None)],
)  # fmt: skip
def test_period_words(word: str, period: str | None) -> None:
    assert period_word(word) == period


@pytest.mark.parametrize(
    ("text", "unit", "value", "shown"),
    [
        ("31M", None, 31e6, "31M"),  # a capital M is a million, never minutes
        ("31M", "users", 31e6, "31M users"),
        ("4.2M", "reports", 4.2e6, "4.2M reports"),
        ("1.2m", "queries", 1.2e6, "1.2m queries"),  # a counted unit: a lone m is a million too
        ("3–4M", None, 3.5e6, "3M–4M"),
    ],
)
def test_a_capital_m_and_a_counted_m_are_millions(text: str, unit: str | None, value: float, shown: str) -> None:
    quantity = parse_quantity(text, unit)
    assert quantity.dimension is Dimension.NUMBER
    assert quantity.value == pytest.approx(value)
    assert quantity.text == shown


@pytest.mark.parametrize(("text", "unit"), [("5m", None), ("5m", "minutes"), ("10m–20m", None), ("5m", "")])
def test_a_lowercase_m_after_a_bare_number_is_still_minutes(text: str, unit: str | None) -> None:
    assert parse_quantity(text, unit).dimension is Dimension.DURATION


def test_a_story_counting_millions_of_users_builds_drafts_that_pass_their_checks(tmp_path: Path) -> None:
    story = write_story(tmp_path, "users.md", MINIMAL_STORY.replace(
        "metrics:\n", "metrics:\n  - {name: Monthly active users, before: 31M, after: 40M, unit: users, better: higher}\n"))
    out = tmp_path / "out"
    code, _, err = kit_cli("build", story, "--kind", "blog,onepager", "--out", out)
    assert code == 0, err
    onepager = (out / "users" / "onepager.md").read_text()
    assert "| Monthly active users | 31M users | 40M users | 29% more |" in onepager
    assert "minute" not in onepager.split("Monthly active users", 1)[1].split("\n", 1)[0]


@pytest.mark.parametrize(
    ("plural", "one"),
    [("models", "model"), ("GPUs", "GPU"), ("PRs", "PR"), ("queries", "query"), ("batches", "batch"),
     ("boxes", "box"), ("failed jobs", "failed job"), ("series", "series"), ("status", "status"), ("data", "data")],
)  # fmt: skip
def test_one_of_a_counted_unit_is_singular(plural: str, one: str) -> None:
    assert parse_quantity("1", plural).text == f"1 {one}"
    assert parse_quantity("2", plural).text == f"2 {plural}"
    assert format_value(1, parse_quantity("3", plural)) == f"1 {one}"


def test_a_story_with_ones_reads_in_the_singular_and_passes_its_checks(tmp_path: Path) -> None:
    story = write_story(tmp_path, "ones.md", MINIMAL_STORY.replace("metrics:\n", (
        "metrics:\n  - {name: Models in production, before: 1, after: 12, unit: models, better: higher}\n"
        "  - {name: GPU count, before: 16, after: 1, unit: GPUs, better: lower}\n")))  # fmt: skip
    out = tmp_path / "out"
    code, _, err = kit_cli("build", story, "--kind", "blog,talk,onepager", "--out", out)
    assert code == 0, err
    onepager = (out / "ones" / "onepager.md").read_text()
    assert "| Models in production | 1 model | 12 models |" in onepager
    assert "| GPU count | 16 GPUs | 1 GPU |" in onepager
    assert "1 models" not in onepager and "1 GPUs" not in onepager


@pytest.mark.parametrize(
    ("text", "shown", "months"),
    [("1 quarter", "3 months", 3), ("2 quarters", "6 months", 6), ("about 2 quarters", "about 6 months", 6),
     ("1.5 qtrs", "4.5 months", 4.5)],
)  # fmt: skip
def test_a_quarter_is_three_months(text: str, shown: str, months: float) -> None:
    quantity = parse_quantity(text)
    assert quantity.dimension is Dimension.DURATION
    assert quantity.text == shown
    assert quantity.in_unit("months") == pytest.approx(months)


@pytest.mark.parametrize(
    ("before", "after", "message"),
    [
        ("5 GB", "1 TB", '"5 GB" and "1 TB" count different things ("GB" and "TB"); write both in one unit'),
        ("$5", "€4", '"$5" and "€4" are in different currencies; write both in one currency'),
        ("4/5", "8/10", '"4/5" and "8/10" are scores out of different scales; write both on one scale'),
        ("3 s", "85%", '"3 seconds" and "85%" cannot be compared (a duration and a percentage)'),
        ("1 quarter", "1 day", None),
        ("1 in 40", "1 in 400", '"1 in 40" and "1 in 400" are ratios, which kit does not read as such; write them '
                                'as percentages ("2.5%" and "0.25%")'),
    ],
)
def test_why_two_quantities_cannot_be_compared(before: str, after: str, message: str | None) -> None:
    why = parse_quantity(before).not_comparable(parse_quantity(after))
    assert why == message if message is None else why is not None and why.startswith(message)


@pytest.mark.parametrize(
    ("value", "shown"),
    [(54_000, "54,000"), (999_999, "1,000,000"), (1e6, "1M"), (1_234_567, "1.23M"), (37.2e6, "37.2M"),
     (474.5e9, "474B"), (2.5e9, "2.5B"), (-3e6, "-3M")],
)  # fmt: skip
def test_a_count_of_millions_reads_in_m_and_b(value: float, shown: str) -> None:
    assert format_value(value, parse_quantity("1", "messages")) == f"{shown} messages"


@pytest.mark.parametrize(("text", "code"), [("R$2.5M", "BRL 2.5M"), ("A$ 40k", "AUD 40k"), ("HK$1,200", "HKD 1,200")])
def test_a_dollar_of_another_country_is_told_its_code(text: str, code: str) -> None:
    """ "R$2.5M" was refused with the generic "could not read": kit reads "$" as US dollars only."""
    with pytest.raises(QuantityError) as refused:
        parse_quantity(text)
    assert str(refused.value) == f'could not read "{text}": kit writes that currency by its code, "{code}"'
    assert parse_quantity(code).unit == code.split()[0]
