"""The figure extractor and matcher: every written form reads back, rounding and units agree."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from kit.checks.figures import Figure, extract_figures, implied_precision, parse_figure
from kit.checks.supports import Support, find_support, supports_of_quantity
from kit.quantity import DURATION_SECONDS, Dimension, parse_quantity

UNITS = {"ms": "ms", "milliseconds": "ms", "s": "seconds", "sec": "seconds", "seconds": "seconds",
         "min": "minutes", "minutes": "minutes", "h": "hours", "hours": "hours", "hrs": "hours",
         "days": "days", "d": "days", "weeks": "weeks", "wk": "weeks", "months": "months",
         "years": "years", "yrs": "years"}  # fmt: skip
SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP"}
CODES = ("USD", "EUR", "GBP", "CHF", "JPY")
MAGNITUDES = {
    "": 1.0,
    "k": 1e3,
    "M": 1e6,
    "B": 1e9,
    " thousand": 1e3,
    " million": 1e6,
    " billion": 1e9,
}
ONES = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]  # fmt: skip
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def in_words(n: int) -> str:
    """An independent spelling of 2..99, for round trips."""
    if n < 20:
        return ONES[n]
    tens, ones = divmod(n, 10)
    return TENS[tens] + (f"-{ONES[ones]}" if ones else "")


def only(text: str) -> Figure:
    figures = extract_figures(f"We saw {text} in the last quarter.")
    assert len(figures) == 1, [f.text for f in figures]
    return figures[0]


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


# ---- every written form reads back to its value -------------------------------------------


@given(st.integers(min_value=0, max_value=10**9))
def test_integers_with_separators(n: int) -> None:
    figure = only(f"{n:,} requests")
    assert close(figure.value, n) and figure.dimension is Dimension.NUMBER


@given(st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False))
def test_percentages_with_decimals(value: object) -> None:
    figure = only(f"{value}%")
    assert close(figure.value, float(str(value))) and figure.unit == "%"


@given(
    st.integers(min_value=1, max_value=999),
    st.sampled_from([0, 1, 2]),
    st.sampled_from(sorted(MAGNITUDES)),
    st.one_of(st.sampled_from(sorted(SYMBOLS)), st.sampled_from(CODES)),
    st.booleans(),
)
@example(120, 0, "k", "$", True)
def test_money_in_every_form(
    whole: int, decimals: int, magnitude: str, currency: str, code_after: bool
) -> None:
    number = f"{whole / 10**decimals:.{decimals}f}"
    if currency in SYMBOLS:
        text, code = f"{currency}{number}{magnitude}", SYMBOLS[currency]
    elif code_after:
        text, code = f"{number}{magnitude} {currency}", currency
    else:
        text, code = f"{currency} {number}{magnitude}", currency
    figure = only(text)
    assert figure.dimension is Dimension.MONEY and figure.unit == code
    assert close(figure.value, float(number) * MAGNITUDES[magnitude])


@given(st.integers(min_value=1, max_value=5000), st.sampled_from(sorted(UNITS)), st.booleans())
def test_durations_in_every_unit(n: int, unit: str, attached: bool) -> None:
    text = f"{n}{unit}" if (attached and len(unit) <= 2) or len(unit) == 1 else f"{n} {unit}"
    figure = only(text)
    assert figure.dimension is Dimension.DURATION
    assert close(figure.value, n * DURATION_SECONDS[UNITS[unit]])


@given(
    st.integers(min_value=2, max_value=99), st.sampled_from(["engineers", "days", "percent", "×"])
)
def test_number_words(n: int, unit: str) -> None:
    figure = only(f"{in_words(n)} {unit}" if unit != "×" else f"{in_words(n)}-fold")
    factor = DURATION_SECONDS["days"] if unit == "days" else 1.0
    assert close(figure.value, n * factor)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [("a dozen teams", 12, "teams"), ("two dozen teams", 24, "teams"), ("half a dozen", 6, ""),
     ("one week", 7 * 86400, "weeks"), ("twenty one models", 21, "models"), ("tenfold", 10, "×"),
     ("21x", 21, "×"), ("21×", 21, "×"), ("5-fold", 5, "×"), ("21 times faster", 21, "×"),
     ("2.4 percentage points", 2.4, "pp"), ("2.4pp", 2.4, "pp"), ("a 30-minute", 1800, "minutes"),
     ("1.2M users", 1.2e6, "users"), ("halved", 50, "%"), ("doubled", 2, "×"),
     ("three hundred", 300, "")],
)  # fmt: skip
def test_written_forms(text: str, value: float, unit: str) -> None:
    figure = only(text)
    assert close(figure.value, value) and figure.unit == unit


@pytest.mark.parametrize(
    ("text", "hedge"),
    [("about 20×", "about"), ("roughly 40 days", "roughly"), ("~95%", "~"), ("nearly $1M", "nearly"),
     ("almost 2 days", "almost"), ("around 12", "around"), ("over 30 models", "over"),
     ("more than 20×", "more than"), ("up to 95%", "up to"), ("21×", None)],
)  # fmt: skip
def test_hedges(text: str, hedge: str | None) -> None:
    figure = only(text)
    assert figure.hedge == hedge and figure.text == text.removesuffix(" models")


# ---- what is not a claim ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["Measured on 2026-09-30.", "Shipped September 30, 2026.", "Shipped 30 September 2026.",
     "In Q3 2026 and H1 2025.", "In FY2026.", "Since 2024.", "Between 2024 and 2026.",
     "From September 2025 to March 2026.", "1. First step", "2) Second step", "## 3. Results",
     "### 1.2 Details", "Python 3.11 and Kubernetes 1.29", "Argo CD v2.10", "version 1.2.3",
     "p99 latency", "GPT-4 and S3", "the 3rd time", "24/7 on call", "at 10:30 am",
     "see `retries: 5`", "[the post](https://example.com/2026/05/12/p-42)", "<!-- 17 comments -->",
     "https://example.com/7", "issue #42", "one of us", "a day", "$960k a year"[5:]],
)  # fmt: skip
def test_not_claims(text: str) -> None:
    assert extract_figures(text) == []


def test_fenced_code_and_front_matter_are_skipped() -> None:
    text = "---\ntitle: 6 weeks\n---\nLead time: 2 days.\n```\nreplicas: 3\n```\n~~~\n5 ms\n~~~\n"
    figures = extract_figures(text)
    assert [(f.text, f.line) for f in figures] == [("2 days", 4)]


def test_tables_lists_and_headings_are_read() -> None:
    text = "## Results in 2 days\n\n| Lead time | 6 weeks | 2 days |\n- 21× faster\n"
    assert [f.text for f in extract_figures(text)] == ["2 days", "6 weeks", "2 days", "21×"]


def test_ranges_share_their_unit() -> None:
    assert [f.value / 86400 for f in extract_figures("3–4 weeks")] == [21, 28]
    assert [f.value for f in extract_figures("$100–150k")] == [100_000, 150_000]
    assert [f.value / 86400 for f in extract_figures("between 2 and 3 days")] == [2, 3]


def test_names_make_versions() -> None:
    assert extract_figures("Postgres 16 runs it.", names=["Postgres"]) == []
    assert [f.text for f in extract_figures("Postgres 16 runs it.")] == ["16"]


# ---- rounding and matching --------------------------------------------------------------


def support(value: float, family: str = "number") -> Support:
    return Support(value, family, "test", f"{value}")


@given(st.floats(min_value=0.001, max_value=1e7), st.integers(min_value=1, max_value=6))
def test_a_value_rounded_to_n_digits_always_matches(value: float, digits: int) -> None:
    decimals = max(0, digits - 1 - math.floor(math.log10(value)))
    written = f"{value:,.{decimals}f}"
    assume(float(written.replace(",", "")) > 0)
    figure = only(f"{written} requests")
    assert find_support(figure, [support(value)]) is not None


@given(
    st.floats(min_value=0.001, max_value=1e7),
    st.integers(min_value=0, max_value=3),
    st.floats(0.01, 10),
)
def test_a_value_off_by_more_than_its_precision_never_matches(
    value: float, decimals: int, beyond: float
) -> None:
    written = f"{value:.{decimals}f}"
    assume(float(written) > 0)
    figure = only(f"{written} requests")
    off = figure.value + figure.precision * (1 + beyond) + 1e-6 * figure.value
    assert find_support(figure, [support(off)]) is None
    below = figure.value - figure.precision * (1 + beyond) - 1e-6 * figure.value
    if below > 0:
        assert find_support(figure, [support(below)]) is None


@given(st.integers(min_value=10, max_value=1000))
def test_hedges_allow_ten_percent(n: int) -> None:
    assert find_support(only(f"about {n}×"), [support(n * 1.09, "fold")]) is not None
    assert find_support(only(f"about {n}×"), [support(n * 0.91, "fold")]) is not None
    assert find_support(only(f"about {n}×"), [support(n * 1.12 + 0.5, "fold")]) is None
    assert find_support(only(f"over {n}×"), [support(n * 0.9, "fold")]) is None
    assert find_support(only(f"nearly {n}×"), [support(n * 1.1 + 1, "fold")]) is None


def test_precision_of_written_digits() -> None:
    assert implied_precision("67") == 0.5
    assert implied_precision("1.2") == pytest.approx(0.05)
    assert implied_precision("1,230") == 5  # the zero after three digits may be rounding
    assert implied_precision("1,000") == 5
    assert implied_precision("120") == 0.5
    assert only("$1.2M").precision == pytest.approx(50_000)
    assert only("67%").precision == 0.5


@given(st.integers(min_value=1, max_value=140))  # up to 980 days: three digits, each significant
def test_durations_match_across_units(weeks: int) -> None:
    supports = supports_of_quantity(parse_quantity(f"{weeks} weeks"), "lead time")
    assert find_support(only(f"{weeks * 7} days"), supports) is not None
    assert find_support(only(f"{weeks * 7 * 24} hours"), supports) is not None
    assert find_support(only(f"{weeks * 7 + 1} days"), supports) is None


def test_units_and_currencies_must_agree() -> None:
    usd = supports_of_quantity(parse_quantity("$120k"), "cost")
    assert find_support(only("$120k"), usd) is not None
    assert find_support(only("€120k"), usd) is None
    assert find_support(only("120k"), usd) is not None  # a bare number may repeat the story's
    days = supports_of_quantity(parse_quantity("2 days"), "after")
    assert find_support(only("2 weeks"), days) is None
    assert find_support(only("2%"), days) is None
    assert find_support(only("48 hours"), days) is not None
    assert parse_figure("6 weeks and 2 days") is None


# ---- limits that rounding must not reach, and strict bounds --------------------------------


def true_of(text: str, value: float) -> bool:
    """Whether the figure written as `text` is true of `value`, as the lookup decides (its margin included)."""
    low, high = only(text).bounds()
    epsilon = 1e-9 * max(1.0, abs(only(text).value))
    return low - epsilon <= value <= high + epsilon


@given(st.floats(min_value=1e-6, max_value=0.49))
def test_zero_is_true_of_zero_only(value: float) -> None:
    """ "fell to 0%" of 0.1% turns "a tenth of a percent" into "none": no rounding reaches zero."""
    assert true_of("0%", 0.0) and true_of("0 outages", 0.0)
    assert not true_of("0%", value) and not true_of("0 outages", value)


@given(st.floats(min_value=90.0, max_value=100.0))
def test_a_hundred_percent_is_true_of_what_rounds_to_it_one_digit_further(value: float) -> None:
    """ "reached 100%" of 99.8% says "all" of what is not: 100% holds from 99.95% (100.0 rounded)."""
    assert true_of("100%", value) == (value >= 99.95)


@given(st.sampled_from(["under", "less than", "fewer than"]), st.integers(min_value=1, max_value=10**6))
def test_a_strict_bound_below_excludes_its_own_figure(hedge: str, n: int) -> None:
    """ "now under 0.05%" of exactly 0.05% is false: the truth must be below the figure."""
    assert not true_of(f"{hedge} {n} outages", n)
    assert true_of(f"{hedge} {n} outages", n * 0.95)
    assert not true_of(f"{hedge} {n} outages", n * 1.01)


@given(st.sampled_from(["more than", "just over", "well over"]), st.integers(min_value=1, max_value=10**6))
def test_a_strict_bound_above_excludes_its_own_figure(hedge: str, n: int) -> None:
    assert not true_of(f"{hedge} {n} outages", n)
    assert not true_of(f"{hedge} {n} outages", n * 0.95)
    assert true_of(f"{hedge} {n} outages", n * 1.01)


def test_over_is_also_a_span_and_stays_inclusive() -> None:
    """ "The work ran over 5 months" of a 5-month investment is true (kit's one-pager says it)."""
    assert true_of("over 5 months", only("5 months").value)


def test_a_bound_below_reaches_as_far_down_as_one_above_reaches_up() -> None:
    """ "paid for itself in under three months" of 2.4 months is honest, as "over 40×" of 44× is."""
    three = only("3 months").value
    assert true_of("under 3 months", three * 0.8) and true_of("less than 40%", 25.0)
    assert not true_of("under 3 months", three * 0.5)
