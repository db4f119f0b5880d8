"""What the story supports: every value a draft may state, and which one backs a figure.

The facts check (errors): every figure (see `kit.checks.figures`) is supported by the view
of the story the audience may see: metric values, derived facts, the investment, the talk
length, the story's own prose, counts kit states and any `extra` the caller passes.

    supports = view_supports(make_view(story, "public")) + extra_supports(["(5 min)"])
    find_support(figure, supports)  # the Support it is true for, or None

A figure is true for a supported value that lies within its bounds (its precision and any
hedge, `Figure.bounds`) and is of the same family: money compares only within a currency,
and a "%" may match percentage points (`kit.checks.claims` reports that as an error). Each
value also says what it is about (metric, role, nouns, period, trend), for the claim check;
`annotate` gives the story's prose figures what the metric of the same value is about.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from operator import attrgetter
from typing import NamedTuple

from kit.checks.figures import FOLD, POINT_WORD, Figure, family, figures_of_masked
from kit.checks.masking import mask_non_claims
from kit.checks.reading import (
    PER_YEAR,
    PERIODS,
    PERSON,
    content_lemmas,
    content_words,
    lemma,
    nouns_after,
    period_after,
    period_before,
)
from kit.facts import MetricFacts, StoryFacts, differences_only, format_fold
from kit.memo import PerObject
from kit.quantity import DURATION_SECONDS, Dimension, Quantity, format_duration, format_money
from kit.story import Metric
from kit.views import View

# ---- a supported value, and matching a figure to one ------------------------------------


class Support(NamedTuple):
    """A value the story supports, and where it comes from (for reports).

    A named tuple, not a dataclass: a story gives hundreds and a build makes them for every
    story, so making one (and `_replace`) must cost little.
    """

    value: float  # base units, never negative
    family: str  # as `family()`
    source: str  # "Deployment lead time: before", "derived: payback"
    shown: str  # the value as kit would write it: "6 weeks", "21×"
    # What the value is about, for the claim around a figure (`kit.checks.claims`); None: unknown.
    quantity: frozenset[str] | None = None  # metric names or fact keys ("investment: people")
    role: str = ""  # "before", "after", "change" (changes, percents, folds, per year), or ""
    noun: frozenset[str] | None = None  # lemmas of what it counts or names ("model", "person")
    period: str | None = None  # "month", "year", ... when the value is per a period
    trend: int = 0  # for a change: +1 the value rose, -1 it fell; for the ROI, its sign
    better: int = 0  # +1 when higher is better, -1 when lower is, for "improved"
    measure: str = ""  # the family of the metric's own values ("duration" for a lead time's 21×)
    converted: bool = False  # a per-period value converted to another period: only with that period said
    relative: bool = False  # a relative % of a percentage metric: only with "relative" said
    prose: bool = False  # from the story's own prose, not its metrics or facts
    context: frozenset[str] | None = None  # for prose: the lemmas of its line, to tie it to a metric


_FIELD = {name: position for position, name in enumerate(Support._fields)}


def _whole(*fields: object) -> Support:
    """`Support(*fields)` with every field given in order, made as `Support._make` makes it:
    the same tuple, without the keyword handling of `Support(...)`, which costs three times as
    much, and a build makes hundreds per story."""
    return tuple.__new__(Support, fields)


# Families a figure may be matched against: a "%" written for percentage points is
# supported here (the style check warns about it); everything else matches its own family.
_COMPATIBLE = {"percent": ("percent", "points")}


def families_of_figure(figure: Figure) -> tuple[str, ...]:
    """The families of supported values a figure may stand for."""
    return _families(figure)


def _families(figure: Figure) -> tuple[str, ...]:
    if figure.unit == POINT_WORD:
        return _POINT_WORD_FAMILIES
    return _compatible(figure.family)


_POINT_WORD_FAMILIES = ("points", "number", "score")  # "rose 20 points": percentage points or a score's points


@cache  # a few families, asked for by every figure
def _compatible(family: str) -> tuple[str, ...]:
    return _COMPATIBLE.get(family, (family,))


def matching_supports(figure: Figure, supports: Iterable[Support]) -> list[Support]:
    """Every supported value the figure is true for, conditional ones (per another period,
    relative percentages) included: `kit.checks.claims` decides whether the claim allows them."""
    low, high = figure.bounds()
    families = _families(figure)
    epsilon = 1e-9 * max(1.0, abs(figure.value))
    return [s for s in supports if s.family in families and low - epsilon <= s.value <= high + epsilon]


class ByValue:
    """Supports by family in order of value (equal values in their order), so that a figure
    finds the values it is true for by bisection: made once per story and audience
    (`kit.checks.index`), read by every draft's claims (`kit.checks.claims`)."""

    def __init__(self, supports: Sequence[Support]) -> None:
        groups: dict[str, list[Support]] = {}
        for support in supports:
            groups.setdefault(support.family, []).append(support)
        self.groups = {family: sorted(group, key=_value) for family, group in groups.items()}
        self.values = {family: list(map(_value, group)) for family, group in self.groups.items()}
        # The families of each quantity's own values (none converted or relative): what a
        # figure must be of for a metric named before it to say what it is.
        self.families_of: dict[str, set[str]] = {}
        for support in supports:
            if support.quantity and not support.converted and not support.relative:
                for quantity in support.quantity:
                    self.families_of.setdefault(quantity, set()).add(support.family)

    def between(self, family: str, low: float, high: float) -> list[Support]:
        """The supports of a family from low to high, in order of value."""
        values = self.values.get(family)
        if values is None:
            return []
        return self.groups[family][bisect_left(values, low) : bisect_right(values, high)]


_value = attrgetter("value")


def find_support(figure: Figure, supports: Iterable[Support]) -> Support | None:
    """The first supported value the figure is true for, or None."""
    for support in matching_supports(figure, supports):
        if not support.converted and not support.relative:
            return support
    return None


def nearest_support(figure: Figure, supports: Iterable[Support]) -> Support | None:
    """The supported value of the same kind closest to the figure (for "the story says")."""
    families = _families(figure)
    candidates = [s for s in supports if s.family in families and not s.converted and not s.relative]
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


def supports_of_text(
    text: str, source: str, *, as_numbers_only: bool = False, prose: bool = False
) -> tuple[Support, ...]:
    """The figures in a piece of the story's own prose, each as a supported value.

    Every figure also supports the bare number as written ("6" of "6 weeks"), so that a
    table cell with the unit in its header ("| Lead time (weeks) | 6 |") is supported.
    Each keeps the nouns after it and the period it is per, as the story's words say.
    Remembered: a story's public and internal views share most of their texts.
    """
    return _supports_of_text(text, source, as_numbers_only, prose)


@lru_cache(maxsize=2048)
def _supports_of_text(text: str, source: str, as_numbers_only: bool, prose: bool) -> tuple[Support, ...]:
    supports: list[Support] = []
    masked = mask_non_claims(text)
    lines = masked.split("\n") if prose else []
    for figure in figures_of_masked(masked):  # as `extract_figures(text)`, masking once
        noun: frozenset[str] | None = None
        period = None
        context = content_lemmas(lines[figure.line - 1]) if lines else None
        if lines and figure.dimension in (Dimension.NUMBER, Dimension.MONEY, Dimension.DURATION):
            line = lines[figure.line - 1]
            after = line[figure.column + len(figure.text) :]
            if figure.dimension is Dimension.NUMBER and figure.unit != FOLD:
                noun = frozenset(nouns_after(after, 2)) or None
            period = period_after(after) or period_before(line[: figure.column])
        if not as_numbers_only:
            supports.append(_of_text(figure.value, figure.family, source, figure.text, noun, period, prose, context))
        written = _written_number(figure)
        if written is not None:
            unit_noun = _noun_of_number(figure, noun)
            supports.append(_of_text(written, "number", source, figure.text, unit_noun, period, prose, context))
    return tuple(supports)


def _of_text(
    value: float, fam: str, source: str, shown: str, noun: frozenset[str] | None, period: str | None, prose: bool,
    context: frozenset[str] | None,
) -> Support:  # fmt: skip
    """`Support(value, fam, source, shown, noun=noun, period=period, prose=prose, context=context)`,
    made whole (`_whole`): a story's texts give a hundred or more."""
    return _whole(value, fam, source, shown, None, "", noun, period, 0, 0, "", False, False, prose, context)


_PERCENT_NOUN, _MONEY_NOUN = frozenset({"percent"}), frozenset({"money"})


def _noun_of_number(figure: Figure, noun: frozenset[str] | None) -> frozenset[str] | None:
    """What the number of a figure as written counts: its duration unit ("6" of "6 weeks" counts
    weeks), percent, money, or else the nouns after the figure."""
    if figure.dimension is Dimension.DURATION:
        return frozenset({lemma(figure.unit)})
    if figure.dimension is Dimension.PERCENT:
        return _PERCENT_NOUN
    if figure.dimension is Dimension.MONEY:
        return _MONEY_NOUN
    return noun


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


def _metric_about(metric: Metric) -> dict[str, object]:
    """What a metric's supports share: its name, nouns, period, trend and better direction."""
    # A count counts what its name and unit say, people words aside ("Developer survey score"
    # counts no developers); a duration's or money's number counts its unit only.
    nouns = content_words(metric.unit or "") | content_words(metric.before.unit or "")
    if metric.before.dimension is Dimension.NUMBER:
        nouns |= content_words(metric.name) - {PERSON}
    else:
        units = {metric.before.unit, metric.after.unit} if metric.before.dimension is Dimension.DURATION else set()
        nouns |= {lemma(u) for u in units if u} or {metric.before.dimension.value}
    change = metric.after.value - metric.before.value
    return {
        "quantity": frozenset({metric.name}),
        "noun": frozenset(nouns) or None,
        "period": metric.period.value if metric.period else _period_in_name(metric.name),
        "trend": (change > 0) - (change < 0),
        "better": 1 if metric.better.value == "higher" else -1,
        "measure": family(metric.before.dimension, metric.before.unit or ""),
    }


def _period_in_name(name: str) -> str | None:
    """A period the metric's name gives ("Deploys per week"): its values are per it, as with `period:`."""
    return period_after(" " + name.split(" ", 1)[-1]) if " per " in f" {name.lower()} " else None


def _with(supports: Iterable[Support], **about: object) -> list[Support]:
    """The supports with the fields in `about` set, as `_replace(**about)` makes them, for less."""
    given = [(_FIELD[name], value) for name, value in about.items()]
    made: list[Support] = []
    for support in supports:
        fields: list[object] = list(support)
        for position, value in given:
            fields[position] = value
        made.append(_whole(*fields))
    return made


def _supports_of_metric(metric: Metric) -> tuple[Support, ...]:
    name, about = metric.name, _metric_about(metric)
    supports = _with(supports_of_quantity(metric.before, f"{name}, before"), role="before", **about)
    supports += _with(supports_of_quantity(metric.after, f"{name}, after"), role="after", **about)
    measured = f"{metric.measured.before} {metric.measured.after}" if metric.measured else ""
    return (*supports, *supports_of_text(f"{name}. {metric.source}. {measured}", name))


def _supports_of_facts(facts: MetricFacts) -> tuple[Support, ...]:
    metric = facts.metric
    name, dimension = metric.name, metric.before.dimension
    about = {**_metric_about(metric), "role": "change"}
    unit = metric.before.unit if dimension is Dimension.MONEY else ""
    pointed = dimension is Dimension.PERCENT
    change_family = "points" if pointed else family(dimension, unit)
    source = f"{name}, change"
    supports = [Support(abs(facts.change), change_family, source, facts.change_text)]
    if facts.percent is not None:
        supports.append(Support(abs(facts.percent), "percent", source, facts.percent_text or ""))
    if facts.points is not None:
        supports.append(Support(abs(facts.points), "points", source, facts.change_text))
    before, after = abs(metric.before.value), abs(metric.after.value)
    if pointed and before:
        relative = abs(after - before) / before * 100
        supports.append(Support(relative, "percent", source, f"{relative:.0f}% relative", relative=True))
    if facts.fold is not None and facts.fold != float("inf"):
        supports.append(Support(facts.fold, "fold", source, format_fold(facts.fold)))
    if before and after and (pointed or not differences_only(metric)):
        # A temperature in °C or a score in points has no true zero: "1.8× the NPS" says nothing true.
        ratio = max(after / before, before / after)
        supports.append(Support(ratio, "fold", source, format_fold(ratio)))
    supports = _with(supports, **{**about, "period": None})
    period = metric.period.value if metric.period else None
    supports = [s._replace(period=period) if s.family == change_family else s for s in supports]
    if facts.annual is not None and facts.annual_text:
        annual = Support(facts.annual, change_family, f"{name}, per year", facts.annual_text)
        supports += _with([annual], **{**about, "period": "year"})
    texts = " ; ".join(t for t in (facts.phrase, facts.change_text, facts.annual_text) if t)
    return (*supports, *_with(supports_of_text(texts, source, prose=True), quantity=about["quantity"]))


# A metric's values and changes are the same in every view that shows it, and a story's views
# share each metric's facts (`kit.views`): the public and the internal view ask for them once.
_metric_supports = PerObject(_supports_of_metric, size=512)
_fact_supports = PerObject(_supports_of_facts, size=512)


def _fact(value: float, fam: str, source: str, shown: str, key: str, **about: object) -> Support:
    return Support(value, fam, source, shown, quantity=frozenset({key}), **about)  # type: ignore[arg-type]


# Where the story's money a year comes from, as supports name it: what is left after the new costs
# (the savings a year, and the net), and the new costs themselves (`kit.checks.claims` tells them apart).
NET_SAVINGS = ("savings per year", "net savings per year")
NEW_COSTS = "new costs per year"


def _story_fact_supports(facts: StoryFacts) -> list[Support]:
    supports: list[Support] = []
    # Savings add up the metrics of money per period: a sentence about any of them may give them.
    money = frozenset({"savings"} | {m.metric.name for m in facts.metrics if m.metric.period is not None})
    for currency, amount in facts.annual_savings.items():
        supports.append(_fact(amount, f"money:{currency}", NET_SAVINGS[0], format_money(amount, currency),
                              "savings", period="year", role="change")._replace(quantity=money))  # fmt: skip
    for source, amounts in (
        ("gross savings per year", facts.gross_savings),
        (NEW_COSTS, facts.new_costs),
        (NET_SAVINGS[1], facts.net_savings),
    ):  # money netted per currency (issue 9)
        for currency, amount in amounts.items():
            supports.append(_fact(abs(amount), f"money:{currency}", source,
                                  format_money(amount, currency), "savings", period="year",
                                  role="change")._replace(quantity=money))  # fmt: skip
    for currency, amount in facts.monthly_delay_cost.items():
        # What a month's delay costs is the month's saving: a change, never a level ("spend is now $53k").
        delay = _fact(amount, f"money:{currency}", "cost of a month's delay", format_money(amount, currency),
                      "savings", period="month", role="change")  # fmt: skip
        supports.append(delay._replace(quantity=money))
    if facts.annual_time_saved:
        shown = format_duration(facts.annual_time_saved, "hours")
        supports.append(_fact(facts.annual_time_saved, "duration", "time saved per year", shown, "time saved",
                              period="year", role="change"))  # fmt: skip
        supports += _with(supports_of_text(shown, "time saved per year"), period="year")
    if facts.payback_months is not None:
        months = facts.payback_months
        supports.append(_fact(months * DURATION_SECONDS["months"], "duration", "payback", f"{months:.1f} months",
                              "payback"))  # fmt: skip
        supports.append(_fact(months, "number", "payback in months", f"{months:.1f}", "payback",
                              noun=frozenset({"month"})))  # fmt: skip
    if facts.roi_percent is not None:
        # A return keeps its sign in `trend`: "18%" of a −18% return says a gain that is a loss.
        supports.append(_fact(abs(facts.roi_percent), "percent", "first-year ROI", f"{facts.roi_percent:.0f}%", "roi",
                              trend=(facts.roi_percent > 0) - (facts.roi_percent < 0)))  # fmt: skip
    if facts.people_months is not None:
        supports.append(_fact(facts.people_months, "number", "people-months", f"{facts.people_months:.0f}",
                              "investment", noun=frozenset({"people-month", "person-month", "month"})))  # fmt: skip
    metric_noun = frozenset({"metric", "measure", "number"})
    counts = (("number of metrics", len(facts.metrics)), ("metrics improved", facts.improved_count))
    supports += [bare(count, source, str(count))._replace(noun=metric_noun) for source, count in counts]
    return supports


def prose_texts(view: View) -> list[tuple[str, str]]:
    """(source, text) for every piece of the story's own words this view may show."""
    story, meta = view.story, view.story.meta
    texts = [("title", meta.title), ("short title", meta.short_title), ("summary", meta.summary),
             ("introduction", story.intro), ("ask", "" if view.public else meta.ask),
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
            supports.append(_fact(investment.people, "number", "investment: people", f"{investment.people:g}",
                                  "investment: people", noun=frozenset({PERSON})))  # fmt: skip
        for label, quantity in (("duration", investment.duration), ("cost", investment.cost)):
            if quantity is not None:
                supports += _with(supports_of_quantity(quantity, f"investment: {label}"),
                                  quantity=frozenset({f"investment: {label}"}))  # fmt: skip
    minutes = view.story.meta.talk.duration
    supports.append(_fact(minutes * 60.0, "duration", "talk length", f"{minutes} minutes", "talk"))
    supports.append(_fact(minutes, "number", "talk length in minutes", str(minutes), "talk",
                          noun=frozenset({"minute", "min"})))  # fmt: skip
    supports.append(_fact(len(view.story.meta.authors), "number", "number of authors",
                          str(len(view.story.meta.authors)), "authors",
                          noun=frozenset({"author", "speaker", "writer"})))  # fmt: skip
    supports.append(_fact(len(view.quotes), "number", "number of quotes", str(len(view.quotes)), "quotes",
                          noun=frozenset({"quote"})))  # fmt: skip
    for source, text in prose_texts(view):
        supports += supports_of_text(text, source, prose=True)
    return annotate(supports)


def annotate(supports: list[Support]) -> list[Support]:
    """Prose figures take what the metric or fact of the same value is about; per-period values
    gain their value per every other period, usable only where a draft says that period."""
    known = [s for s in supports if s.quantity is not None and not s.prose]  # metrics and facts, not words
    by_value: dict[tuple[str, float], list[Support]] = {}
    for support in known:
        by_value.setdefault((support.family, round(support.value, 6)), []).append(support)
    # What a support takes depends only on the fields in its key (and on `known`), and a story's
    # figures repeat (its prose and its facts say the same values): each key is worked out once.
    taken: dict[tuple[object, ...], _About | None] = {}
    result: list[Support] = []
    for support in supports:
        if not support.role and (support.prose or support.quantity is not None):
            key = (support.family, support.value, support.quantity, support.noun, support.period)
            if key in taken:
                about = taken[key]
            else:
                about = taken[key] = _about(support, by_value, known)
            if about is not None:
                quantities, role, noun, period, trend, better, measure = about
                # Made whole rather than by `_replace`, as in `_per_other_periods`.
                value, family, source, shown, *_, converted, relative, prose, context = support
                support = _whole(value, family, source, shown, quantities, role, noun, period, trend, better,
                                 measure, converted, relative, prose, context)  # fmt: skip
        result.append(support)
    result += [conversion for support in result if support.period for conversion in _per_other_periods(support)]
    return result


# What a prose figure takes from the metrics and facts of its value: quantity, role, noun,
# period, trend, better and measure, as `Support` has them.
_About = tuple[frozenset[str], str, frozenset[str] | None, str | None, int, int, str]


def _about(support: Support, by_value: dict[tuple[str, float], list[Support]], known: list[Support]) -> _About | None:
    """What the metrics and facts of a support's value (`annotate`'s `by_value`) say it is about,
    or None when none of them fits it; reads only the fields of `annotate`'s key."""
    same = by_value.get((support.family, round(support.value, 6)), [])
    if not same and support.family == "percent":  # "two-thirds" in the story's words is its 67%
        same = [s for s in known if s.family == "percent" and abs(s.value - support.value) <= 0.02 * support.value]
    if support.quantity is not None:
        same = [s for s in same if s.quantity and s.quantity & support.quantity]
    if support.noun:
        same = [s for s in same if not s.noun or s.noun & support.noun]  # "five months" is no 5 models
    if not same:
        return None
    quantities = frozenset(q for s in same for q in (s.quantity or ()))
    periods = {s.period for s in same}
    period = support.period or (periods.pop() if len(periods) == 1 else None)
    nouns = [s.noun for s in same]
    noun = support.noun if support.noun else (frozenset().union(*nouns) if all(nouns) else None)  # type: ignore[arg-type]
    roles = {(s.role, s.trend, s.better, s.measure) for s in same}
    role, trend, better, measure = roles.pop() if len(roles) == 1 else ("", 0, 0, "")
    return quantities, role, noun, period, trend, better, measure


def _per_other_periods(support: Support) -> list[Support]:
    """A value per a period, per each other period: usable only where a draft says that period."""
    period = support.period
    if period not in PER_YEAR or support.converted or support.family.startswith(("percent", "points", "fold")):
        return []
    per_year = support.value * PER_YEAR[period]
    # Made whole rather than by `_replace`: a story has hundreds, and most fields are kept.
    value, family, source, shown, quantity, role, noun, _, trend, better, measure, _, relative, prose, context = support
    converted: list[Support] = []
    for other in (p for p in PERIODS if p != period):
        said = f"{shown} ({period}), per {other}"
        converted.append(_whole(per_year / PER_YEAR[other], family, source, said, quantity, role, noun, other, trend,
                                better, measure, True, relative, prose, context))  # fmt: skip
    return converted


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
