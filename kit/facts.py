"""Derived facts: what a story's numbers add up to, computed once and phrased honestly.

Honest presentation: "2× faster" is 50% less time; no reduction above 100%;
"from A to B" or "N×" rather than "+200%"; percentages of percentages are points;
nothing is claimed without a baseline. Every figure a template shows comes from here.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from kit import rx
from kit.quantity import (
    DURATION_SECONDS,
    Dimension,
    Quantity,
    counted,
    display_unit,
    format_duration,
    format_money,
    format_number,
    format_value,
    singular,
)
from kit.story import Better, Investment, Metric

FOLD_SHOWN_FROM = 2.0  # below 2×, a percentage says it better ("45% more")


class Direction(StrEnum):
    IMPROVED = "improved"
    REGRESSED = "regressed"
    UNCHANGED = "unchanged"


class MetricKind(StrEnum):
    COUNT = "count"  # things counted: incidents, deploys, tickets ("fewer")
    LEVEL = "level"  # a measure: GB, req/s, a score, a duration, money ("lower", "less")


PERIOD_TEXT = {"day": "a day", "week": "a week", "month": "a month", "quarter": "a quarter", "year": "a year"}


@dataclass(frozen=True)
class MetricFacts:
    """What one metric's before and after mean."""

    metric: Metric
    change: float  # after - before, in base units
    change_text: str  # the size of the change, per period: "40 days", "$80k a month", "2.5 percentage points"
    percent: float | None  # relative change in %, signed; None for percentages, scores or no baseline
    points: float | None  # change in points, for percentages (percentage points) and scores
    fold: float | None  # improvement factor in the direction of `better` (>1 is better)
    direction: Direction
    approximate: bool  # a range or an estimate was involved: figures are about the midpoint
    phrase: str  # "from 6 weeks to 2 days (95% less time, 21× faster)"
    comparison: str  # the bracketed part alone: "95% less time, 21× faster"; never empty
    annual: float | None = None  # the change per year in base units (its size), where a period is given
    annual_text: str | None = None  # "saving $960k a year", "costing €60k more a year"
    kind: MetricKind = MetricKind.LEVEL
    new: bool = False  # from nothing to something: "new", never a percentage of zero
    annual_money: float | None = None  # money a year this metric adds (+) or costs (-) the story

    @property
    def improved(self) -> bool:
        return self.direction is Direction.IMPROVED

    @property
    def period_text(self) -> str | None:
        """ "a month" for a metric per month; None without a period."""
        return PERIOD_TEXT[self.metric.period.value] if self.metric.period else None

    @property
    def before_text(self) -> str:
        """The baseline with its period: "€70k a month"."""
        return _per(self.metric.before.text, self.period_text)

    @property
    def after_text(self) -> str:
        """The result with its period: "€40k a month"."""
        return _per(self.metric.after.text, self.period_text)

    @property
    def delta_text(self) -> str:
        """The signed change with its period: "+$45k a month", "−40 days", "±0"."""
        if self.direction is Direction.UNCHANGED:
            return "±0"
        return ("+" if self.change > 0 else "−") + self.change_text

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


def _per(text: str, period: str | None) -> str:
    return f"{text} {period}" if period else text


# How far off a payback may be and still be one a reader can plan on. A story gives no useful life
# for what it built, so one decade, about as far as a software investment's plans reach, stands for it:
# past it a payback of "450 months" says more than anyone knows.
PAYBACK_HORIZON_MONTHS = 120.0
PAYBACK_HORIZON_TEXT = "a decade"  # in words: a draft's figures are the story's, and the horizon is kit's


@dataclass(frozen=True)
class StoryFacts:
    """What a set of metrics and an investment add up to.

    Money is netted per currency: the yearly money that metrics with a period save or bring
    in (gross) minus the yearly money that metrics cost (new costs, or returns that fell).
    Savings, payback, ROI and the cost of delay all come from the net.
    """

    metrics: tuple[MetricFacts, ...]
    headline: MetricFacts | None
    annual_savings: dict[str, float] = field(default_factory=dict)  # currency -> net per year, where above 0
    annual_time_saved: float | None = None  # seconds per year, net, summed only over people's time (`people_time`)
    investment_cost: Quantity | None = None
    people_months: float | None = None
    payback_months: float | None = None  # from the net savings in the cost's currency
    roi_percent: float | None = None  # first-year return on the investment's cost, from the net
    monthly_delay_cost: dict[str, float] = field(default_factory=dict)
    gross_savings: dict[str, float] = field(default_factory=dict)  # currency -> saved or earned a year
    new_costs: dict[str, float] = field(default_factory=dict)  # currency -> new cost (or lost return) a year
    net_savings: dict[str, float] = field(default_factory=dict)  # currency -> gross - new costs (may be < 0)

    @property
    def improved_count(self) -> int:
        return sum(1 for m in self.metrics if m.improved)

    @property
    def payback_beyond_horizon(self) -> bool:
        """Whether the payback lies past `PAYBACK_HORIZON_MONTHS`: then no draft gives it as a number of
        months ("19,200 months" reads as a plan), but says it does not pay back within the horizon."""
        return self.payback_months is not None and self.payback_months > PAYBACK_HORIZON_MONTHS

    @property
    def regressed(self) -> tuple[MetricFacts, ...]:
        return tuple(m for m in self.metrics if m.direction is Direction.REGRESSED)


def format_percent(value: float) -> str:
    """The size of a percentage, to the fewest decimals that show 0% or 100% only when it is."""
    value = abs(value)
    decimals = 0 if value >= 10 else 1
    while round(value, decimals) in (0, 100) and value not in (0, 100):
        decimals += 1
    return f"{format_number(round(value, decimals), decimals)}%"


def format_fold(fold: float) -> str:
    """An improvement factor to the nearest tenth, or whole from 100×: 21×, 2.5×, 11.7×, 140×.

    A tenth keeps a factor true to within 2.5% (12 to 140 is 11.7×, not "12×"); from 100× a whole does.
    """
    decimals = 0 if fold >= 100 else 1
    return f"{format_number(round(fold, decimals), decimals)}×"


# How a change reads, by the kind of metric: (less, more, N× less, N× more).
_TIME_WORDS = ("less time", "more time", "faster", "longer")
_EFFORT_WORDS = ("less time", "more time", "less", "more")  # hours of work per month: not "faster"
_MONEY_WORDS = ("less", "more", "lower cost", "more")
_COUNT_WORDS = ("fewer", "more", "fewer", "more")
_LEVEL_WORDS = ("lower", "higher", "lower", "higher")

# Last words of a unit that measure rather than count ("fewer GB" is wrong; "lower" is right), in the
# singular and lower case, by what they measure; a unit is read in both spellings (litre, liter) and both
# numbers (tonnes, tonne). Units of one kind are not converted: "95 GB" of a 95 MB app is another size
# (`kit.checks.claims`).
_MEASURE_KINDS: dict[str, tuple[str, ...]] = {
    "data": ("b", "kb", "mb", "gb", "tb", "pb", "eb", "kib", "mib", "gib", "tib", "byte", "bit", "kilobyte",
             "megabyte", "gigabyte", "terabyte", "petabyte", "exabyte", "kbit", "mbit", "gbit"),
    "volume": ("l", "ml", "cl", "dl", "hl", "litre", "liter", "millilitre", "milliliter", "kilolitre",
               "kiloliter", "megalitre", "megaliter", "gallon", "gal", "quart", "pint", "barrel", "bbl", "cc",
               "m3", "ft3"),
    "mass": ("g", "mg", "kg", "gram", "gramme", "milligram", "kilogram", "kilo", "tonne", "ton", "t", "kt", "mt",
             "kilotonne", "megatonne", "lb", "pound", "ounce", "oz", "stone", "tco2", "tco2e", "co2e"),
    "energy": ("wh", "kwh", "mwh", "gwh", "twh", "j", "kj", "mj", "gj", "joule", "kilojoule", "megajoule",
               "calorie", "kcal", "cal", "btu", "therm", "kilowatt-hour", "megawatt-hour", "watt-hour"),
    "power": ("w", "kw", "mw", "gw", "watt", "kilowatt", "megawatt", "gigawatt", "va", "kva", "hp", "horsepower"),
    "length": ("m", "km", "cm", "mm", "metre", "meter", "kilometre", "kilometer", "centimetre", "centimeter",
               "millimetre", "millimeter", "mile", "mi", "yard", "yd", "foot", "feet", "ft", "inch"),
    "area": ("m2", "km2", "ft2", "sqft", "hectare", "ha", "acre"),
    # rates, temperatures, money written as words: measures, each its own
    "other": ("mph", "kph", "hz", "khz", "mhz", "ghz", "rps", "qps", "tps", "fps", "rpm", "degree", "celsius",
              "fahrenheit", "kelvin", "decibel", "db", "psi", "kpa", "dollar", "euro", "cent", "yen", "rupee",
              "point", "pt", "percent"),
}  # fmt: skip
_MEASURES = {unit: kind for kind, units in _MEASURE_KINDS.items() for unit in units}
# Words for a measure that are not units, as written: "CPU load" measures, "failed loads" are counted.
_MEASURE_NOUNS = {
    "x", "score", "rate", "ratio", "index", "level", "latency", "usage", "load", "size", "throughput",
    "utilization", "utilisation", "accuracy", "precision", "recall", "uptime", "cpu", "ram", "memory",
    "volume", "weight", "mass", "energy", "distance", "area", "capacity",
}  # fmt: skip
_SUPERSCRIPTS = str.maketrans("²³", "23")


def count_unit(unit: str) -> bool:
    """Whether a unit names things counted: "incidents", "failed jobs", "COVID-19 cases",
    "deploys per day", "ticket"; not "GB", "req/s", "litres", "CO2 tonnes", "m³" or "points"."""
    if "/" in unit:
        return False  # "req/s", "MB/s": a rate of a measure
    head = re.split(r"\s+(?:per|a|an|each|every)\s+", unit.strip(), maxsplit=1)[0]
    head = re.split(r"\s+of\s+", head, maxsplit=1)[0]  # "litres of water" measures; "cups of coffee" count
    words = head.split()
    if not words:
        return False
    if head.lower().endswith(("story point", "story points")):
        return True  # delivered a sprint, one by one: "more story points", not "higher"
    last = words[-1]
    if last.isupper() and len(last) <= 5:
        return False  # GB, RPS, CPU
    return bool(re.fullmatch(r"[A-Za-z][A-Za-z'-]*", last)) and not _measure(last)


def _measure(word: str) -> bool:
    """Whether a unit's last word is a unit of measure, in either spelling or number."""
    return word.lower().translate(_SUPERSCRIPTS).rstrip(".") in _MEASURE_NOUNS or _unit_kind(word) is not None


def measure_kind(unit: str) -> str | None:
    """What a unit of measure measures ("data" for "GB", "volume" for "litres"), else None: a unit
    kit does not convert, so two of one kind are two sizes ("95 GB" is not "95 MB")."""
    kind = _unit_kind(unit)
    return None if kind == "other" else kind


@functools.lru_cache(maxsize=512)  # asked of a figure's unit for every figure a draft has
def _unit_kind(unit: str) -> str | None:
    key = unit.lower().translate(_SUPERSCRIPTS).rstrip(".")
    return _MEASURES.get(key) or _MEASURES.get(singular(key)) or _MEASURES.get(key.removesuffix("s"))  # calories


def metric_kind(metric: Metric) -> MetricKind:
    """Count or level: the story's `kind:` where given, else what the unit names."""
    if metric.kind is not None:
        return MetricKind(metric.kind)
    if metric.before.dimension is not Dimension.NUMBER:
        return MetricKind.LEVEL
    return MetricKind.COUNT if count_unit(metric.before.unit or metric.after.unit) else MetricKind.LEVEL


def _words(metric: Metric, kind: MetricKind) -> tuple[str, str, str, str]:
    """The words for this metric's change: durations take time, counts of things are fewer."""
    if metric.before.dimension is Dimension.DURATION:
        # "faster" and "longer" say a wait got shorter or longer; time that is better higher
        # (hours saved, time between failures) and hours of work a month grow "more".
        return _EFFORT_WORDS if metric.period is not None or metric.better is Better.HIGHER else _TIME_WORDS
    if metric.before.dimension is Dimension.MONEY:
        return _MONEY_WORDS
    return _COUNT_WORDS if kind is MetricKind.COUNT else _LEVEL_WORDS


def _pointed(dimension: Dimension) -> bool:
    """Percentages and scores change in points, never by a percentage of themselves."""
    return dimension in (Dimension.PERCENT, Dimension.SCORE)


def differences_only(metric: Metric) -> bool:
    """Whether a metric changes only by a difference ("up 6.3 percentage points", "up 17 points",
    "down 2.5 °C"), never by a ratio, a factor, "new" or "from none": percentages and scores, whose
    change is in points, and values on a scale whose zero is not nothing (a temperature in °C or °F:
    5.5 °C to 3 °C is not "45% lower", nor 0 °C to 4 °C "new"; an NPS of 21 to 38 is not "81% higher")."""
    return _pointed(metric.before.dimension) or _temperature(metric) or _score_in_points(metric)


# Celsius and Fahrenheit, as people write them: "°C", "℃", "degrees F", "degC", "Celsius". Kelvin and
# Rankine start at absolute zero, so their ratios are true: they are not here.
_TEMPERATURE_UNIT = rx.compile(r"(?i)[℃℉]|(?:°|º|deg(?:ree)?s?\.?)\s*(?:c|f|celsius|fahrenheit)|celsius|fahrenheit")


# Degrees that name no scale: a temperature's if the metric's name says it is one (an angle has a zero).
_DEGREES = rx.compile(r"(?i)°|º|deg(?:ree)?s?\.?")
_TEMPERATURE_NAME = rx.compile(r"(?i)\btemp(?:erature)?s?\b")


def _temperature(metric: Metric) -> bool:
    """Whether a metric is a temperature in °C or °F, a scale with no true zero."""
    unit = (metric.before.unit or metric.after.unit).strip()
    if metric.before.dimension is not Dimension.NUMBER:
        return False
    return bool(_TEMPERATURE_UNIT.fullmatch(unit)) or (
        bool(_DEGREES.fullmatch(unit)) and bool(_TEMPERATURE_NAME.search(metric.name))
    )


# A score read in points: an NPS (from -100 to 100) or a metric whose unit is bare points ("62 points").
_SCORE_NAME = rx.compile(r"(?i)\b(?:nps|net promoter)\b")
_POINTS = {"point", "points", "pt", "pts"}


def _score_in_points(metric: Metric) -> bool:
    """Whether a metric is a score read in points, whose zero is a place on its scale: an NPS, or a
    value whose unit is bare points ("Lighthouse score: 62 points"). Points someone counts start at
    none and keep their ratios: a unit that says which ("story points") or a name that does
    ("Loyalty points redeemed") counts them."""
    if metric.before.dimension is not Dimension.NUMBER:
        return False
    unit = (metric.before.unit or metric.after.unit).strip().lower().rstrip(".")
    if _SCORE_NAME.search(f"{metric.name} {unit}"):
        return True
    return unit in _POINTS and not re.search(r"(?i)\bp(?:oin)?ts?\b", metric.name)


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
    kind = metric_kind(metric)
    percent = points = fold = None
    differences = differences_only(metric)
    if _pointed(before.dimension) or _score_in_points(metric):
        points = change
    elif b > 0 and a >= 0 and not differences:
        percent = change / b * 100
        ratio = (b / a if a > 0 else math.inf) if metric.better is Better.LOWER else a / b
        fold = ratio if ratio > 1 and change != 0 else None
    new = b == 0 and a > 0 and not differences
    period = PERIOD_TEXT[metric.period.value] if metric.period else None
    comparison = _comparison(metric, kind, change, direction, percent, fold, new)
    start = before.text
    if before.dimension is Dimension.NUMBER and before.unit and before.unit == after.unit:
        start = start.removesuffix(before.unit).strip()  # "from 4 to 20 models"
    if new and before.dimension is Dimension.NUMBER and not before.approximate:
        start = "none"  # "from none to 90 releases"
    end = after.text
    if before.dimension is Dimension.SCORE:
        start, end = start.removesuffix(before.unit), f"{end.removesuffix(after.unit)} out of {_scale(before)}"
    phrase = f"from {start} to {_per(end, period)} ({comparison})"
    if direction is Direction.UNCHANGED and before.text == after.text:
        phrase = f"at {_per(end, period)} ({comparison})"  # "held at 4 staff", not "from 4 to 4 staff"
    annual = annual_text = annual_money = None
    if metric.period is not None and direction is not Direction.UNCHANGED and _adds_up(metric):
        annual = abs(change) * metric.period.per_year
        annual_text = _annual_text(metric, kind, annual, direction)
        if before.dimension is Dimension.MONEY:
            annual_money = annual if direction is Direction.IMPROVED else -annual
    return MetricFacts(
        metric, change, _per(_change_text(metric, abs(change)), period), percent, points, fold,
        direction, before.estimate or after.estimate, phrase, comparison, annual, annual_text,
        kind, new, annual_money,
    )  # fmt: skip


# Words that name a population counted at a moment (a stock), so that "140 contributors a month" is
# how many there were in a month, not 140 more each month: a year of them is not 12 × 140.
_STOCK_WORDS = {
    "active", "headcount", "member", "members", "subscriber", "subscribers", "user", "users", "customer",
    "customers", "contributor", "contributors", "staff", "staffing", "employee", "employees", "fte", "ftes",
    "population", "followers", "seats", "licenses", "licences", "accounts", "clients", "sponsors",
    "volunteers", "open", "backlog", "outstanding", "inventory", "concurrent", "enrolled", "dau", "wau", "mau",
}  # fmt: skip
# Words that make a population a flow again: "new customers a month", "users onboarded a week".
_FLOW_WORDS = {
    "new", "signups", "sign-ups", "registrations", "joined", "joining", "added", "gained", "churned", "lost",
    "hired", "hires", "onboarded", "acquired", "served", "seen", "treated", "handled", "closed", "resolved",
    "opened", "created", "registered", "activated", "recruited", "converted",
}  # fmt: skip


def _adds_up(metric: Metric) -> bool:
    """Whether a metric per period adds up into a yearly total: not a level, nor a rate per person."""
    return not _level_of_a_stock(metric) and not rate_per_person(metric)


def _level_of_a_stock(metric: Metric) -> bool:
    """Whether a metric per period is a level that must not be added up into a year: percentages,
    scores and temperatures, and counts of a population (monthly active users, headcount, open issues).
    Flows (tickets a month, loans a month, new customers a month) and amounts (litres, money, hours of
    work) add up."""
    if differences_only(metric):
        return True
    if metric.before.dimension is not Dimension.NUMBER:
        return False  # money and hours of work a month add up
    words = set(re.findall(r"[a-z][a-z-]*", f"{metric.name} {metric.before.unit}".lower()))
    return bool(words & _STOCK_WORDS) and not words & _FLOW_WORDS


# Who a rate may be per: "words per translator", "tickets/agent", "revenue per employee", "per capita".
_PER_PERSON = rx.compile(
    r"(?i)(?:\bper|/)\s*(?:(?:each|every|a|an|one)\s+)?(?:(?:full-time|active|paying)\s+)?(?:"
    r"person|people|head|capita|fte|translator|engineer|developer|user|patient|employee|worker|agent|member"
    r"|customer|client|student|pupil|learner|staff|nurse|doctor|physician|clinician|driver|courier|rep"
    r"|representative|analyst|technician|operator|teacher|volunteer|seat|subscriber|reviewer|annotator"
    r"|labell?er|picker|caller|visitor|guest|passenger|resident|household|contributor)s?\b"
)


def rate_per_person(metric: Metric) -> bool:
    """Whether a metric is a rate per person ("words translated per translator" a day, "tickets per
    agent"): what one person does or spends, not a total, so never added up into a year. A year of a
    translator's words a day is not 365 days of them (nor are all days working days), and a team's
    total would need its size. "Per day" alone is the period, and "per 1000 words" names no person."""
    units = {metric.before.unit, metric.after.unit} if metric.before.dimension is Dimension.NUMBER else set()
    return bool(_PER_PERSON.search(" ".join([metric.name, *units])))


def _scale(quantity: Quantity) -> str:
    return format_number(quantity.scale or 0, 2)


def _comparison(
    metric: Metric,
    kind: MetricKind,
    change: float,
    direction: Direction,
    percent: float | None,
    fold: float | None,
    new: bool,
) -> str:
    """The bracketed part of the phrase: "95% less time, 21× faster", "new", "unchanged"."""
    if direction is Direction.UNCHANGED:
        return "unchanged"
    about = "about " if metric.before.estimate or metric.after.estimate else ""
    ratio = _ratio_hedge(metric, change) or about  # for a percentage or a factor of the two values
    less, more, fold_less, fold_more = _words(metric, kind)
    dimension = metric.before.dimension
    parts: list[str] = []
    way = "up" if change > 0 else "down"
    if differences_only(metric):
        parts.append(f"{way} {about}{_change_text(metric, abs(change))}")
    elif new:
        parts.append("new cost" if dimension is Dimension.MONEY and metric.better is Better.LOWER else "new")
    elif percent is not None and change < 0:  # a decrease: never more than 100%
        parts.append(f"{ratio}{format_percent(percent)} {less}")
        if fold is not None and math.isinf(fold):
            parts.append("eliminated" if metric.better is Better.LOWER else "down to none")
        elif fold is not None and fold >= FOLD_SHOWN_FROM:
            parts.append(f"{ratio}{format_fold(fold)} {fold_less}")
    elif percent is not None:  # an increase: from 2× on, a fold says it better than +100%
        growth = 1 + percent / 100
        if growth >= FOLD_SHOWN_FROM:
            parts.append(f"{ratio}{format_fold(growth)} {fold_more}")
        else:
            parts.append(f"{ratio}{format_percent(percent)} {more}")
    else:  # a negative baseline, or a fall to below zero: the size of the change says it
        parts.append(f"{way} {about}{_change_text(metric, abs(change))}")
    if direction is Direction.REGRESSED and parts != ["new cost"]:
        parts.append("worse")
    return ", ".join(parts)


def _ratio_hedge(metric: Metric, change: float) -> str:
    """ "at least " or "at most " for a percentage or factor of a change when exactly one end is
    written "at least" (6+, more than 6) and the other is exact; "" otherwise (`about` decides).

    With before ≥ B: a fall of 6+ to 1 is at least 83% (1 − 1/6), a rise from 6+ to 12 at most 2×.
    With after ≥ A the other way round. Both ways, the bound is the one the written end gives.
    """
    before, after = metric.before, metric.after
    low_before, low_after = _at_least(before), _at_least(after)
    if low_before == low_after or before.is_range or after.is_range:
        return ""
    if (low_before and not after.approximate) or (low_after and not before.approximate):
        falls = change < 0
        return "at least " if low_before == falls else "at most "
    return ""


def _at_least(quantity: Quantity) -> bool:
    return quantity.approximate and quantity.text.startswith("at least")


def _annual_text(metric: Metric, kind: MetricKind, amount: float, direction: Direction) -> str:
    """A change per period, made yearly: "saving $984k a year", "84 fewer batches a year",
    "costing €60k more a year", "96 more failed jobs a year"."""
    dimension = metric.before.dimension
    improved = direction is Direction.IMPROVED
    size = _change_text(metric, amount)
    rose = (metric.better is Better.HIGHER) == improved
    saves = dimension is Dimension.MONEY or people_time(metric)
    if saves and metric.better is Better.LOWER:
        return f"saving {size} a year" if improved else f"costing {size} more a year"
    if dimension is Dimension.NUMBER and kind is MetricKind.COUNT:
        number, _, unit = size.partition(" ")
        return f"{number} {'more' if rose else 'fewer'} {unit} a year".replace("  ", " ")
    # An amount is more or less of its unit: "4.8M litres less a year", never "4.8M lower litres".
    return f"{size} more a year" if rose else f"{size} less a year"


def _change_text(metric: Metric, amount: float) -> str:
    """The size of a change, without its period."""
    if metric.before.dimension is Dimension.PERCENT:
        return _points(amount, "percentage points", value_decimals(metric))
    if metric.before.dimension is Dimension.SCORE or _score_in_points(metric):
        return _points(amount, "points", value_decimals(metric))
    if _temperature(metric):  # the exact difference of two values: 36.6 to 37.05 °C is 0.45 °C
        decimals, unit = value_decimals(metric), metric.before.unit or metric.after.unit
        number = format_number(round(amount, decimals), decimals)
        return f"{number}{unit}" if unit in ("°", "º") else counted(number, unit)  # 4°, but 4 °C as SI writes it
    if metric.before.dimension is Dimension.DURATION:
        unit = _smaller_unit(metric.before, metric.after)
        while amount / DURATION_SECONDS[unit] >= 10_000 and unit in _LARGER:  # not 80,300 minutes: 1,338 hours
            unit = _LARGER[unit]
        return format_duration(amount, unit)
    # The longer unit of the two is the plural one: "6 regressions" to "1 regression".
    return format_value(amount, max(metric.before, metric.after, key=lambda q: len(q.unit)))


# A size of time too many of one unit to read, in the next: up to hours (a day of work is not 24 hours).
_LARGER = {"ms": "seconds", "seconds": "minutes", "minutes": "hours"}


def _points(amount: float, unit: str, decimals: int = 2) -> str:
    """A change in points: "2.5 percentage points", "1 percentage point", "1 point".

    To as many decimals as the values have (at least two): the difference of two values is exact at
    their decimals, so 99.990% to 99.995% is up 0.005 points, never a rounded 0.01 or 0.
    """
    return counted(format_number(round(amount, decimals), decimals), unit)


def value_decimals(metric: Metric) -> int:
    """The most decimals either value is written with, and at least two."""
    written = re.findall(r"\.(\d+)", f"{metric.before.text} {metric.after.text}")
    return max([2, *(len(digits) for digits in written)])


def _smaller_unit(*quantities: Quantity) -> str:
    return min((display_unit(q) for q in quantities), key=DURATION_SECONDS.__getitem__)


# Words that say hours are people's: who spends them, or the work they spend them on.
_PEOPLE_TIME = rx.compile(
    r"(?i)\b(?:staff|staffing|engineer|developer|analyst|person|people|team|human|employee|worker|agent|operator"
    r"|technician|nurse|clinician|doctor|teacher|volunteer|translator|reviewer|driver|fte|man|manual"
    r"|toil|effort|work|working|labou?r|overtime|on-?call|spent|spend|spending|review|reviewing|triage"
    r"|admin|administration|paperwork|meeting|rework|firefighting|clerical|hands-on)s?\b"
)


def people_time(metric: Metric) -> bool:
    """Whether a metric is hours people spend on a task (engineer hours on toil, review time, overtime):
    the only time kit calls saved. Time saved is read as hours given back to people; fewer hours of an
    outage, of downtime, of GPUs or of a wait are a better plant, machine or service, not people's time,
    and summing them as "time saved" would mislead. So only a duration whose name says whose time or
    which work it is counts; any other shrinks ("315 hours less a year") without being saved."""
    return metric.before.dimension is Dimension.DURATION and bool(_PEOPLE_TIME.search(metric.name))


def pick_headline(facts: Sequence[MetricFacts]) -> MetricFacts | None:
    """The metric marked `headline`, else the improved one with the biggest factor."""
    marked = [f for f in facts if f.metric.headline]
    if marked:
        return marked[0]
    improved = [f for f in facts if f.improved]
    if not improved:
        return facts[0] if facts else None
    # The biggest factor wins (a new metric counts as 2×); on a tie, the metric listed first.
    return max(improved, key=lambda f: f.fold or (2.0 if f.new else 1 + abs(f.percent or 0) / 100))


def derive(metrics: Sequence[Metric], investment: Investment | None = None) -> StoryFacts:
    """The facts of a set of metrics (one view of a story) and its investment."""
    return add_up(tuple(derive_metric(m) for m in metrics), investment)


def add_up(facts: tuple[MetricFacts, ...], investment: Investment | None = None) -> StoryFacts:
    """What metrics' facts add up to with an investment: money netted per currency, payback, return."""
    gross: dict[str, float] = {}
    costs: dict[str, float] = {}
    time_saved: float | None = None
    for f in facts:
        if f.annual_money is not None:
            currency = f.metric.before.unit
            into = gross if f.annual_money > 0 else costs
            into[currency] = into.get(currency, 0.0) + abs(f.annual_money)
        elif f.annual is not None and people_time(f.metric) and f.metric.better is Better.LOWER:
            time_saved = (time_saved or 0.0) + (f.annual if f.improved else -f.annual)
    net = {c: gross.get(c, 0.0) - costs.get(c, 0.0) for c in sorted({*gross, *costs})}
    savings = {c: v for c, v in net.items() if v > 0}

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
        annual_time_saved=time_saved if time_saved and time_saved > 0 else None,
        investment_cost=cost,
        people_months=people_months,
        payback_months=payback,
        roi_percent=roi,
        monthly_delay_cost={currency: value / 12 for currency, value in savings.items()},
        gross_savings=gross,
        new_costs=costs,
        net_savings=net,
    )


def money_text(amounts: dict[str, float]) -> str:
    """Amounts in several currencies, each on its own, never summed across currencies."""
    return " and ".join(format_money(v, c) for c, v in sorted(amounts.items()))
