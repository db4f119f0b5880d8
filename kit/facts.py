"""Derived facts: what a story's numbers add up to, computed once and phrased honestly.

Honest presentation: "2× faster" is 50% less time; no reduction above 100%;
"from A to B" or "N×" rather than "+200%"; percentages of percentages are points;
nothing is claimed without a baseline. Every figure a template shows comes from here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from kit.quantity import (
    DURATION_SECONDS,
    Dimension,
    Quantity,
    display_unit,
    format_duration,
    format_money,
    format_number,
    format_value,
)
from kit.story import Better, Investment, Metric

FOLD_SHOWN_FROM = 2.0  # below 2×, a percentage says it better ("45% more")


class Direction(StrEnum):
    IMPROVED = "improved"
    REGRESSED = "regressed"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class MetricFacts:
    """What one metric's before and after mean."""

    metric: Metric
    change: float  # after - before, in base units
    change_text: str  # the size of the change: "40 days", "$80k", "2.5 percentage points"
    percent: float | None  # relative change in %, signed; None for percentages or no baseline
    points: float | None  # change in percentage points, for metrics that are percentages
    fold: float | None  # improvement factor in the direction of `better` (>1 is better)
    direction: Direction
    approximate: bool  # a range was involved: figures are about the midpoint
    phrase: str  # "from 6 weeks to 2 days (95% less time, 21× faster)"
    comparison: str  # the bracketed part alone: "95% less time, 21× faster"
    annual: float | None = None  # improvement per year in base units, where a period is given
    annual_text: str | None = None  # "$960k a year", "1,080 hours a year"

    @property
    def improved(self) -> bool:
        return self.direction is Direction.IMPROVED

    @property
    def percent_text(self) -> str | None:
        """The percentage change to show; none for an increase of 2× or more (a fold says it)."""
        if self.percent is None or self.percent >= (FOLD_SHOWN_FROM - 1) * 100:
            return None
        return format_percent(self.percent)

    @property
    def fold_text(self) -> str | None:
        """The fold to show: from 2× on and finite (the phrase says "eliminated" for zero)."""
        if self.fold is None or self.fold < FOLD_SHOWN_FROM or math.isinf(self.fold):
            return None
        return format_fold(self.fold)


@dataclass(frozen=True)
class StoryFacts:
    """What a set of metrics and an investment add up to."""

    metrics: tuple[MetricFacts, ...]
    headline: MetricFacts | None
    annual_savings: dict[str, float] = field(default_factory=dict)  # currency -> per year
    annual_time_saved: float | None = None  # seconds per year, summed only over durations
    investment_cost: Quantity | None = None
    people_months: float | None = None
    payback_months: float | None = None
    roi_percent: float | None = None  # first-year return on the investment's cost
    monthly_delay_cost: dict[str, float] = field(default_factory=dict)

    @property
    def improved_count(self) -> int:
        return sum(1 for m in self.metrics if m.improved)


def format_percent(value: float) -> str:
    """The size of a percentage, to the fewest decimals that show 0% or 100% only when it is."""
    value = abs(value)
    decimals = 0 if value >= 10 else 1
    while round(value, decimals) in (0, 100) and value not in (0, 100):
        decimals += 1
    return f"{format_number(round(value, decimals), decimals)}%"


def format_fold(fold: float) -> str:
    """An improvement factor to the nearest whole (from 10×) or tenth: 21×, 2.5×."""
    decimals = 0 if fold >= 10 else 1
    return f"{format_number(round(fold, decimals), decimals)}×"


# How a change reads, by the kind of metric: (less, more, N× less, N× more).
_TIME_WORDS = ("less time", "more time", "faster", "longer")
_EFFORT_WORDS = ("less time", "more time", "less", "more")  # hours of work per month: not "faster"
_MONEY_WORDS = ("less", "more", "lower cost", "more")
_COUNT_WORDS = ("fewer", "more", "fewer", "more")
_LEVEL_WORDS = ("lower", "higher", "lower", "higher")


def _words(metric: Metric) -> tuple[str, str, str, str]:
    """The words for this metric's change: durations take time, counts of things are fewer."""
    if metric.before.dimension is Dimension.DURATION:
        return _EFFORT_WORDS if metric.period is not None else _TIME_WORDS
    if metric.before.dimension is Dimension.MONEY:
        return _MONEY_WORDS
    unit = metric.before.unit or metric.after.unit
    # A plural noun ("incidents", "deploys per day") counts things; "GB" or "req/s" measures.
    return _COUNT_WORDS if re.match(r"^[a-z]+s$", unit.split(" ")[0]) else _LEVEL_WORDS


def derive_metric(metric: Metric) -> MetricFacts:
    """The derived facts of one metric."""
    before, after = metric.before, metric.after
    b, a = before.value, after.value
    change = 0.0 if math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12) else a - b
    sign = 1 if metric.better is Better.HIGHER else -1
    direction = (
        Direction.UNCHANGED if change == 0
        else Direction.IMPROVED if change * sign > 0 else Direction.REGRESSED
    )  # fmt: skip
    percent = points = fold = None
    if before.dimension is Dimension.PERCENT:
        points = change
    elif b > 0 and a >= 0:
        percent = change / b * 100
        ratio = (b / a if a > 0 else math.inf) if metric.better is Better.LOWER else a / b
        fold = ratio if ratio > 1 and change != 0 else None
    comparison = _comparison(metric, change, direction, percent, fold)
    start = before.text
    if before.dimension is Dimension.NUMBER and before.unit and before.unit == after.unit:
        start = start.removesuffix(before.unit).strip()  # "from 4 to 20 models"
    phrase = f"from {start} to {after.text}" + (f" ({comparison})" if comparison else "")
    annual = annual_text = None
    if metric.period is not None and direction is Direction.IMPROVED:
        annual = abs(change) * metric.period.per_year
        annual_text = _annual_text(metric, annual)
    return MetricFacts(
        metric, change, _change_text(metric, abs(change)), percent, points, fold, direction,
        before.is_range or after.is_range, phrase, comparison, annual, annual_text,
    )  # fmt: skip


def _comparison(
    metric: Metric, change: float, direction: Direction, percent: float | None, fold: float | None
) -> str:
    """The bracketed part of the phrase: "95% less time, 21× faster", "3× more", "unchanged"."""
    if direction is Direction.UNCHANGED:
        return "unchanged"
    about = "about " if metric.before.is_range or metric.after.is_range else ""
    less, more, fold_less, fold_more = _words(metric)
    parts: list[str] = []
    if metric.before.dimension is Dimension.PERCENT:
        way = "up" if change > 0 else "down"
        parts.append(f"{way} {about}{format_number(abs(change), 2)} percentage points")
    elif percent is not None and change < 0:  # a decrease: never more than 100%
        parts.append(f"{about}{format_percent(percent)} {less}")
        if fold is not None and math.isinf(fold):
            parts.append("eliminated")
        elif fold is not None and fold >= FOLD_SHOWN_FROM:
            parts.append(f"{about}{format_fold(fold)} {fold_less}")
    elif percent is not None:  # an increase: from 2× on, a fold says it better than +100%
        growth = 1 + percent / 100
        if growth >= FOLD_SHOWN_FROM:
            parts.append(f"{about}{format_fold(growth)} {fold_more}")
        else:
            parts.append(f"{about}{format_percent(percent)} {more}")
    if direction is Direction.REGRESSED:
        parts.append("worse")
    return ", ".join(parts)


def _annual_text(metric: Metric, amount: float) -> str:
    """An improvement per period, made yearly: "saving $984k a year", "84 fewer batches a year"."""
    dimension = metric.before.dimension
    if dimension in (Dimension.MONEY, Dimension.DURATION) and metric.better is Better.LOWER:
        return f"saving {_change_text(metric, amount)} a year"
    if dimension is Dimension.NUMBER:
        less, more, _, _ = _words(metric)
        number, _, unit = _change_text(metric, amount).partition(" ")
        word = less if metric.better is Better.LOWER else more
        return f"{number} {word} {unit} a year".replace("  ", " ")
    return f"{_change_text(metric, amount)} more a year"


def _change_text(metric: Metric, amount: float) -> str:
    if metric.before.dimension is Dimension.PERCENT:
        return f"{format_number(amount, 2)} percentage points"
    if metric.before.dimension is Dimension.DURATION:
        return format_duration(amount, _smaller_unit(metric.before, metric.after))
    # The longer unit of the two is the plural one: "6 regressions" to "1 regression".
    return format_value(amount, max(metric.before, metric.after, key=lambda q: len(q.unit)))


def _smaller_unit(*quantities: Quantity) -> str:
    return min((display_unit(q) for q in quantities), key=DURATION_SECONDS.__getitem__)


def pick_headline(facts: Sequence[MetricFacts]) -> MetricFacts | None:
    """The metric marked `headline`, else the improved one with the biggest factor."""
    marked = [f for f in facts if f.metric.headline]
    if marked:
        return marked[0]
    improved = [f for f in facts if f.improved]
    if not improved:
        return facts[0] if facts else None
    # The biggest factor wins; on a tie, the metric listed first.
    return max(improved, key=lambda f: f.fold or 1 + abs(f.percent or 0) / 100)


def derive(metrics: Sequence[Metric], investment: Investment | None = None) -> StoryFacts:
    """The facts of a set of metrics (one view of a story) and its investment."""
    facts = tuple(derive_metric(m) for m in metrics)
    savings: dict[str, float] = {}
    time_saved: float | None = None
    for f in facts:
        if f.annual is None:
            continue
        dimension = f.metric.before.dimension
        if dimension is Dimension.MONEY and f.metric.better is Better.LOWER:
            savings[f.metric.before.unit] = savings.get(f.metric.before.unit, 0.0) + f.annual
        elif dimension is Dimension.DURATION and f.metric.better is Better.LOWER:
            time_saved = (time_saved or 0.0) + f.annual

    cost = investment.cost if investment else None
    people_months = None
    if investment and investment.people and investment.duration:
        people_months = investment.people * investment.duration.in_unit("months")
    payback = roi = None
    if cost is not None and cost.value > 0 and savings.get(cost.unit, 0) > 0:
        yearly = savings[cost.unit]
        payback = cost.value / (yearly / 12)
        roi = (yearly - cost.value) / cost.value * 100
    return StoryFacts(
        metrics=facts,
        headline=pick_headline(facts),
        annual_savings=savings,
        annual_time_saved=time_saved,
        investment_cost=cost,
        people_months=people_months,
        payback_months=payback,
        roi_percent=roi,
        monthly_delay_cost={currency: value / 12 for currency, value in savings.items()},
    )


def money_text(amounts: dict[str, float]) -> str:
    """Amounts in several currencies, each on its own, never summed across currencies."""
    return " and ".join(format_money(v, c) for c, v in sorted(amounts.items()))
