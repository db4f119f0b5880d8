"""What the story supports: every value a draft may state, and which one backs a figure.

The facts check (errors): every figure (see `kit.checks.figures`) is supported by the view
of the story the audience may see: metric values, derived facts, the investment, the talk
length, the story's own prose, counts kit states and any `extra` the caller passes.

    supports = view_supports(make_view(story, "public")) + extra_supports(["(5 min)"])
    find_support(figure, supports)  # the Support it is true for, or None

A figure is true for a supported value that lies within its bounds (its precision and any
hedge, `Figure.bounds`) and is of the same family: money compares only within a currency,
and a "%" may stand for percentage points (the style check warns about that).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from kit.checks.figures import FOLD, Figure, extract_figures, family
from kit.facts import MetricFacts, StoryFacts, format_fold
from kit.quantity import DURATION_SECONDS, Dimension, Quantity, format_duration, format_money
from kit.story import Metric
from kit.views import View

# ---- a supported value, and matching a figure to one ------------------------------------


@dataclass(frozen=True)
class Support:
    """A value the story supports, and where it comes from (for reports)."""

    value: float  # base units, never negative
    family: str  # as `family()`
    source: str  # "Deployment lead time: before", "derived: payback"
    shown: str  # the value as kit would write it: "6 weeks", "21×"


# Families a figure may be matched against: a "%" written for percentage points is
# supported here (the style check warns about it); everything else matches its own family.
_COMPATIBLE = {"percent": ("percent", "points")}


def find_support(figure: Figure, supports: Iterable[Support]) -> Support | None:
    """The first supported value the figure is true for, or None."""
    low, high = figure.bounds()
    families = _COMPATIBLE.get(figure.family, (figure.family,))
    epsilon = 1e-9 * max(1.0, abs(figure.value))
    for support in supports:
        if support.family in families and low - epsilon <= support.value <= high + epsilon:
            return support
    return None


def nearest_support(figure: Figure, supports: Iterable[Support]) -> Support | None:
    """The supported value of the same kind closest to the figure (for "the story says")."""
    families = _COMPATIBLE.get(figure.family, (figure.family,))
    candidates = [s for s in supports if s.family in families]
    if not candidates:
        return None
    return min(candidates, key=lambda s: _distance(figure.value, s.value))


def _distance(a: float, b: float) -> float:
    if a <= 0 or b <= 0:
        return abs(a - b)
    return abs(math.log(a / b))


# ---- supports of quantities and prose ---------------------------------------------------


def supports_of_quantity(quantity: Quantity, source: str) -> list[Support]:
    """A quantity's low and high (and value), plus the number as written, for bare numbers."""
    fam = family(quantity.dimension, quantity.unit if quantity.dimension is not Dimension.NUMBER else "")
    values = {abs(quantity.low), abs(quantity.high), abs(quantity.value)}
    supports = [Support(v, fam, source, quantity.text) for v in sorted(values)]
    supports.extend(supports_of_text(quantity.text, source, as_numbers_only=True))
    return supports


def supports_of_text(text: str, source: str, *, as_numbers_only: bool = False) -> list[Support]:
    """The figures in a piece of the story's own prose, each as a supported value.

    Every figure also supports the bare number as written ("6" of "6 weeks"), so that a
    table cell with the unit in its header ("| Lead time (weeks) | 6 |") is supported.
    """
    supports: list[Support] = []
    for figure in extract_figures(text):
        if not as_numbers_only:
            supports.append(Support(figure.value, figure.family, source, figure.text))
        written = _written_number(figure)
        if written is not None:
            supports.append(Support(written, "number", source, figure.text))
    return supports


def _written_number(figure: Figure) -> float | None:
    if figure.dimension is Dimension.DURATION:
        return figure.value / DURATION_SECONDS[figure.unit]
    if figure.dimension is Dimension.NUMBER and figure.unit == FOLD:
        return None
    return figure.value


def bare(value: float, source: str, shown: str, fam: str = "number") -> Support:
    """A supported value with no unit beyond its family (a count, a fact kit states)."""
    return Support(abs(value), fam, source, shown)


# ---- what the story supports ------------------------------------------------------------


Supportable = str | float | int | Quantity | Support | Figure  # what a caller may vouch for


def _metric_supports(metric: Metric) -> list[Support]:
    name = metric.name
    supports = supports_of_quantity(metric.before, f"{name}, before")
    supports += supports_of_quantity(metric.after, f"{name}, after")
    measured = f"{metric.measured.before} {metric.measured.after}" if metric.measured else ""
    return supports + supports_of_text(f"{name}. {metric.source}. {measured}", name)


def _fact_supports(facts: MetricFacts) -> list[Support]:
    metric = facts.metric
    name, dimension = metric.name, metric.before.dimension
    unit = metric.before.unit if dimension is Dimension.MONEY else ""
    change_family = "points" if dimension is Dimension.PERCENT else family(dimension, unit)
    supports = [Support(abs(facts.change), change_family, f"{name}, change", facts.change_text)]
    if facts.percent is not None:
        supports.append(Support(abs(facts.percent), "percent", f"{name}, change", facts.percent_text or ""))
    if facts.points is not None:
        supports.append(Support(abs(facts.points), "points", f"{name}, change", facts.change_text))
    if facts.fold is not None and facts.fold != float("inf"):
        supports.append(Support(facts.fold, "fold", f"{name}, change", format_fold(facts.fold)))
    if facts.annual is not None and facts.annual_text:
        supports.append(Support(facts.annual, change_family, f"{name}, per year", facts.annual_text))
    texts = " ; ".join(t for t in (facts.phrase, facts.change_text, facts.annual_text) if t)
    return supports + supports_of_text(texts, f"{name}, change")


def _story_fact_supports(facts: StoryFacts) -> list[Support]:
    supports: list[Support] = []
    for currency, amount in facts.annual_savings.items():
        supports.append(Support(amount, f"money:{currency}", "savings per year", format_money(amount, currency)))
    for currency, amount in facts.monthly_delay_cost.items():
        supports.append(
            Support(
                amount,
                f"money:{currency}",
                "cost of a month's delay",
                format_money(amount, currency),
            )
        )
    if facts.annual_time_saved:
        shown = format_duration(facts.annual_time_saved, "hours")
        supports.append(Support(facts.annual_time_saved, "duration", "time saved per year", shown))
        supports += supports_of_text(shown, "time saved per year")
    if facts.payback_months is not None:
        months = facts.payback_months
        supports.append(Support(months * DURATION_SECONDS["months"], "duration", "payback", f"{months:.1f} months"))
        supports.append(bare(months, "payback in months", f"{months:.1f}"))
    if facts.roi_percent is not None:
        supports.append(Support(abs(facts.roi_percent), "percent", "first-year ROI", f"{facts.roi_percent:.0f}%"))
    if facts.people_months is not None:
        supports.append(bare(facts.people_months, "people-months", f"{facts.people_months:.0f}"))
    supports.append(bare(len(facts.metrics), "number of metrics", str(len(facts.metrics))))
    supports.append(bare(facts.improved_count, "metrics improved", str(facts.improved_count)))
    return supports


def prose_texts(view: View) -> list[tuple[str, str]]:
    """(source, text) for every piece of the story's own words this view may show."""
    story, meta = view.story, view.story.meta
    texts = [("title", meta.title), ("summary", meta.summary), ("introduction", story.intro),
             ("team", f"{meta.team}. {meta.organization}"), ("talk track", meta.talk.track)]  # fmt: skip
    texts += [(f"author {a.name}", f"{a.name}. {a.role}. {a.bio}") for a in meta.authors]
    texts += [("links", " ; ".join(link.title for link in meta.links))]
    texts += [(f"quote by {q.by}", f"{q.text} ({q.by}, {q.role})") for q in view.quotes]
    texts += [(f'section "{s.title}"', f"{s.title}\n{s.body}") for s in view.sections]
    return texts


def view_supports(view: View) -> list[Support]:
    """Every value a draft for this view may state, each with where it comes from."""
    supports: list[Support] = []
    for metric in view.metrics:
        supports += _metric_supports(metric)
    for facts in view.facts.metrics:
        supports += _fact_supports(facts)
    supports += _story_fact_supports(view.facts)
    investment = view.investment
    if investment is not None:
        if investment.people:
            supports.append(bare(investment.people, "investment: people", f"{investment.people:g}"))
        for label, quantity in (("duration", investment.duration), ("cost", investment.cost)):
            if quantity is not None:
                supports += supports_of_quantity(quantity, f"investment: {label}")
    minutes = view.story.meta.talk.duration
    supports.append(Support(minutes * 60.0, "duration", "talk length", f"{minutes} minutes"))
    supports.append(bare(minutes, "talk length in minutes", str(minutes)))
    supports.append(bare(len(view.story.meta.authors), "number of authors", str(len(view.story.meta.authors))))
    supports.append(bare(len(view.quotes), "number of quotes", str(len(view.quotes))))
    for source, text in prose_texts(view):
        supports += supports_of_text(text, source)
    return supports


def extra_supports(extra: Iterable[Supportable]) -> list[Support]:
    """Supports from what the caller vouches for: "(5 min)", 3, a Quantity, a Figure."""
    supports: list[Support] = []
    for item in extra:
        if isinstance(item, Support):
            supports.append(item)
        elif isinstance(item, Figure):
            supports.append(Support(item.value, item.family, "given by kit", item.text))
        elif isinstance(item, Quantity):
            supports += supports_of_quantity(item, "given by kit")
        elif isinstance(item, str):
            supports += supports_of_text(item, "given by kit")
        else:
            supports.append(bare(float(item), "given by kit", f"{item:g}"))
    return supports
