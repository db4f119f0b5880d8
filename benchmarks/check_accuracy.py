"""Precision and recall of `kit check` on claims: planted errors that must fail, true paraphrases that must pass.

    .venv/bin/python benchmarks/check_accuracy.py            # run tests/data/claims/cases.jsonl
    .venv/bin/python benchmarks/check_accuracy.py --write    # regenerate the cases, then run them
    .venv/bin/python benchmarks/check_accuracy.py --misses   # also list every case judged wrongly

The cases are one-sentence drafts generated from the stories in tests/data/claims/stories/
(support desk in EUR per month, chargebacks in GBP per quarter, observability in USD per
year, developer experience with scores and ranges): for every metric, quote and fact, a
sentence is written in several phrasings, then varied into a true paraphrase (must pass) and
a planted error (must fail with a finding of the expected check). The generator knows
nothing of kit's checker; it reads the stories with kit's loader and derives changes itself.

A case is flagged when its report has an error. Per class: precision is the share of flagged
cases that are planted errors; recall the share of planted errors flagged with the expected check.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kit.load import load_story  # noqa: E402
from kit.quantity import Dimension  # noqa: E402
from kit.story import Metric, Story  # noqa: E402

CORPUS = REPO / "tests" / "data" / "claims"
STORIES = CORPUS / "stories"
CASES = CORPUS / "cases.jsonl"

CLASSES = ("swap", "direction", "period", "speaker", "quantity", "points", "rounding", "dated", "words",
           "labels", "visibility")  # fmt: skip


@dataclass(frozen=True)
class Case:
    story: str  # file name under STORIES
    cls: str  # one of CLASSES
    must: str  # "pass" or "fail"
    check: str  # the check a failing case must be reported by ("facts", "visibility")
    text: str  # the draft
    kind: str = "blog"
    audience: str = "public"


# ---- writing numbers as people do -------------------------------------------------------

_SYMBOL = {"USD": "$", "EUR": "€", "GBP": "£"}
_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
         "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]  # fmt: skip
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def words(n: int) -> str:
    if n < 20:
        return _ONES[n]
    tens, ones = divmod(n, 10)
    return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")


def sig(value: float, digits: int = 3) -> float:
    if value == 0:
        return 0.0
    return round(value, digits - 1 - math.floor(math.log10(abs(value))))


def number(value: float) -> str:
    value = sig(value)
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0").rstrip(".")


def money(value: float, currency: str) -> str:
    symbol = _SYMBOL.get(currency, currency + " ")
    if value >= 1e6:
        return f"{symbol}{number(value / 1e6)}M"
    if value >= 1e3:
        return f"{symbol}{number(value / 1e3)}k"
    return f"{symbol}{number(value)}"


_UNITS = [("ms", 0.001), ("seconds", 1), ("minutes", 60), ("hours", 3600), ("days", 86400), ("weeks", 604800)]


def duration(seconds: float) -> str:
    unit, size = "ms", 0.001
    for name, length in _UNITS:
        if seconds / length >= 1 and (name != "weeks" or seconds % length == 0):
            unit, size = name, length
    return f"{number(seconds / size)} {unit}"


def amount(metric: Metric, value: float) -> str:
    """A value of the metric's kind, as a draft would write it."""
    dimension = metric.before.dimension
    if dimension is Dimension.MONEY:
        return money(value, metric.before.unit)
    if dimension is Dimension.DURATION:
        return duration(value)
    if dimension is Dimension.PERCENT:
        return f"{number(value)}%"
    unit = metric.unit or metric.before.unit or ""
    return f"{number(value)} {unit}".strip()


def fold_text(fold: float) -> str:
    return f"{round(fold)}×" if fold >= 10 else f"{round(fold, 1):g}×"


# ---- what a metric says -----------------------------------------------------------------


@dataclass(frozen=True)
class Facts:
    metric: Metric
    name: str
    before: str
    after: str
    change: str  # the size of the change
    trend: int  # +1 rose, -1 fell
    percent: float | None  # relative change, for metrics that are no percentage
    points: float | None  # for percentage metrics
    fold: float


def facts(metric: Metric) -> Facts:
    b, a = metric.before.value, metric.after.value
    pointed = metric.before.dimension is Dimension.PERCENT
    return Facts(
        metric=metric,
        name=metric.name,
        before=metric.before.text if metric.before.dimension is not Dimension.NUMBER else amount(metric, b),
        after=metric.after.text if metric.after.dimension is not Dimension.NUMBER else amount(metric, a),
        change=(f"{number(abs(a - b))} percentage points" if pointed else amount(metric, abs(a - b))),
        trend=1 if a > b else -1,
        percent=None if pointed else (a - b) / b * 100,
        points=(a - b) if pointed else None,
        fold=max(a / b, b / a),
    )


UP_VERBS = ("rose", "grew", "increased", "climbed", "went up")
DOWN_VERBS = ("fell", "dropped", "decreased", "shrank", "went down")
OTHER_PEOPLE = ("Alex Chen", "Maria Lopez", "Tom Becker")
PERIOD_ADJ = {"day": "daily", "week": "weekly", "month": "monthly", "quarter": "quarterly", "year": "annual"}
PER_YEAR = {"day": 365.0, "week": 52.0, "month": 12.0, "quarter": 4.0, "year": 1.0}


def lower_first(text: str) -> str:
    return text[0].lower() + text[1:] if not text[:2].isupper() else text


# ---- the generators, one per class -------------------------------------------------------


def _public_metrics(story: Story) -> list[Metric]:
    return [m for m in story.meta.metrics if not m.internal]


def gen_swap(story: Story) -> Iterator[tuple[str, str]]:
    for m in map(facts, _public_metrics(story)):
        right, wrong = (UP_VERBS, DOWN_VERBS) if m.trend > 0 else (DOWN_VERBS, UP_VERBS)
        up_down = "up" if m.trend > 0 else "down"
        yield "pass", f"{m.name} went from {m.before} to {m.after}."
        yield "pass", f"{m.name} {right[0]} from {m.before} to {m.after} after the launch."
        yield "pass", f"{m.name} is now {m.after}, {up_down} from {m.before}."
        yield "pass", f"Today it is {m.after} instead of {m.before}."
        yield "fail", f"{m.name} went from {m.after} to {m.before}."
        yield "fail", f"{m.name} {right[1]} from {m.after} to {m.before} after the launch."
        yield "fail", f"{m.name} is now {m.before}, {up_down} from {m.after}."
        yield "fail", f"Today it is {m.before} instead of {m.after}."
        yield "pass", f"{m.name}: {m.before} → {m.after}."
        yield "fail", f"{m.name}: {m.after} → {m.before}."
        yield "pass", f"It is {m.after} now, compared with {m.before} before."
        table = "| Metric | Before | After |\n|---|---|---|\n"
        yield "pass", f"{table}| {m.name} | {m.before} | {m.after} |"
        yield "fail", f"{table}| {m.name} | {m.after} | {m.before} |"


def gen_direction(story: Story) -> Iterator[tuple[str, str]]:
    for m in map(facts, _public_metrics(story)):
        right, wrong = (UP_VERBS, DOWN_VERBS) if m.trend > 0 else (DOWN_VERBS, UP_VERBS)
        change = m.change
        yield "pass", f"{m.name} {right[0]} by {change}."
        yield "pass", f"{m.name} {right[2]} {change} after the launch."
        if m.trend < 0:
            yield "pass", f"We cut {lower_first(m.name)} by {change}."
        else:
            yield "fail", f"We cut {lower_first(m.name)} by {change}."
        yield "fail", f"{m.name} {wrong[0]} by {change}."
        yield "fail", f"{m.name} {wrong[2]} {change} after the launch."
        if m.percent is not None:
            size = f"{round(abs(m.percent))}%"
            less, more = ("fewer", "more") if m.metric.before.dimension is Dimension.NUMBER else ("lower", "higher")
            yield ("pass", f"{m.name} is {size} {less} than before.") if m.trend < 0 else (
                "pass", f"{m.name} is {size} {more} than before.")  # fmt: skip
            yield ("fail", f"{m.name} is {size} {more} than before.") if m.trend < 0 else (
                "fail", f"{m.name} is {size} {less} than before.")  # fmt: skip
        if m.metric.before.dimension is Dimension.DURATION and m.fold >= 2:
            yield "pass", f"{m.name} is {fold_text(m.fold)} faster now."
            yield "fail", f"{m.name} is {fold_text(m.fold)} slower now."


def gen_period(story: Story) -> Iterator[tuple[str, str]]:
    for metric in _public_metrics(story):
        if metric.period is None:
            continue
        period = metric.period.value
        others = [p for p in ("month", "quarter", "year") if p != period]
        for value in (metric.before.value, metric.after.value):
            text = amount(metric, value)
            yield "pass", f"{metric.name} is {text} a {period}."
            yield "pass", f"We now pay {text} every {period} for it."
            yield "pass", f"The {PERIOD_ADJ[period]} bill was {text}."
            yield "pass", f"It costs {text} per {period} now." if period != "year" else (
                "pass", f"It costs {text} annually now.")[1]  # fmt: skip
            for other in others:
                change = abs(metric.after.value - metric.before.value)
                values = (metric.before.value, metric.after.value, change)
                per_other = {round(v * PER_YEAR[period] / PER_YEAR[other]) for v in values}
                if round(value) in per_other:
                    continue  # true of the other value, per the other period
                yield "fail", f"{metric.name} is {text} a {other}."
                yield "fail", f"We now pay {text} every {other} for it."
                yield "fail", f"The {PERIOD_ADJ[other]} bill was {text}."
                converted = amount(metric, value * PER_YEAR[period] / PER_YEAR[other])
                yield "pass", f"{metric.name} comes to {converted} per {other}."
        change = abs(metric.after.value - metric.before.value) * PER_YEAR[period]
        yield "pass", f"That saves {amount(metric, change)} a year."
        yield "fail", f"That saves {amount(metric, change)} a month."


def gen_speaker(story: Story) -> Iterator[tuple[str, str]]:
    people = [q.by for q in story.meta.quotes] + [a.name for a in story.meta.authors]
    for quote in story.meta.quotes:
        if quote.internal:
            continue
        others = [p for p in people if p != quote.by][:1] + list(OTHER_PEOPLE[:2])
        excerpt = " ".join(quote.text.split()[:9]).rstrip(".,")
        yield "pass", f"> {quote.text}\n>\n> — {quote.by}, {quote.role}"
        yield "pass", f'"{excerpt}," says {quote.by}.'
        yield "pass", f'{quote.by} said: "{quote.text}"'
        yield "pass", f"As {quote.by} put it:\n\n> {quote.text}"
        for other in others:
            yield "fail", f"> {quote.text}\n>\n> — {other}, {quote.role}"
            yield "fail", f'"{excerpt}," says {other}.'
            yield "fail", f'{other} said: "{quote.text}"'
            yield "fail", f"As {other} put it:\n\n> {quote.text}"


def _story_numbers(story: Story) -> set[float]:
    values: set[float] = set()
    for metric in story.meta.metrics:
        for q in (metric.before, metric.after):
            values.add(round(q.value if q.dimension is not Dimension.DURATION else q.value, 6))
    return values


def _counts_people(unit: str) -> bool:
    return unit.split()[-1].lower().rstrip("s") in {"engineer", "people", "person", "developer", "staff", "analyst"}


def gen_quantity(story: Story) -> Iterator[tuple[str, str]]:
    investment = story.meta.investment
    people = int(investment.people) if investment and investment.people else None
    if people:
        yield "pass", f"{people} engineers built it."
        yield "pass", f"A team of {people} people did the work."
    counts = [m for m in _public_metrics(story) if m.before.dimension is Dimension.NUMBER and (m.unit or m.before.unit)]
    wrong_counts: list[int] = []
    for metric in story.meta.metrics:
        for q in (metric.before, metric.after):
            if q.dimension is Dimension.DURATION:
                wrong_counts.append(int(round(q.value / {"ms": 0.001, "seconds": 1, "minutes": 60, "hours": 3600,
                                                         "days": 86400, "weeks": 604800}.get(q.unit, 1))))  # fmt: skip
    if investment and investment.duration:
        wrong_counts.append(int(investment.duration.text.split()[0]))
    for metric in counts:
        unit = metric.unit or metric.before.unit
        for value in (metric.before.value, metric.after.value):
            # A count of people ("12 engineers on call") is a number of engineers too: only the
            # verb could tell it from the team that did the work, which the checker does not read.
            if value < 1000 and value != people and not _counts_people(unit):
                wrong_counts.append(int(value))
            yield "pass", f"There were {number(value)} {unit} at one point."
    for n in sorted(set(wrong_counts)):
        if n == people or n <= 1:
            continue
        yield "fail", f"{n} engineers built it."
        yield "fail", f"A team of {n} people did the work."
        for metric in counts:
            unit = metric.unit or metric.before.unit
            if n not in (metric.before.value, metric.after.value, abs(metric.after.value - metric.before.value)):
                yield "fail", f"We counted {n} {unit} in the first week."
    durations = [m for m in _public_metrics(story) if m.before.dimension is Dimension.DURATION]
    if investment and investment.duration:
        for metric in durations:
            yield "fail", f"{metric.name} fell to {investment.duration.text}."
            yield "pass", f"{metric.name} fell to {metric.after.text}."


def gen_points(story: Story) -> Iterator[tuple[str, str]]:
    for m in map(facts, _public_metrics(story)):
        if m.points is None:
            continue
        pp = number(abs(m.points))
        relative = round(abs(m.points) / m.metric.before.value * 100)
        verb = "rose" if m.trend > 0 else "fell"
        yield "pass", f"{m.name} {verb} {pp} percentage points."
        yield "pass", f"{m.name} {verb} {pp} points."
        yield "pass", f"{m.name} is up {pp} pp." if m.trend > 0 else f"{m.name} is down {pp} pp."
        yield "pass", f"{m.name} {verb} {relative}% in relative terms."
        yield "fail", f"{m.name} {verb} {pp}%."
        yield "fail", f"{m.name} improved by {pp}%."
        if abs(relative - abs(m.points)) > 1 + 0.1 * abs(m.points):
            yield "fail", f"{m.name} {verb} {relative}%."
            yield "fail", f"{m.name} {verb} {relative} percentage points."
        yield "fail", f"{m.name} is {relative}% higher now." if m.trend > 0 else f"{m.name} is {relative}% lower now."
        yield "fail", f"That is a {pp}% improvement in {lower_first(m.name)}."


def gen_rounding(story: Story) -> Iterator[tuple[str, str]]:
    for m in map(facts, _public_metrics(story)):
        f = m.fold
        adjective = "faster" if m.metric.before.dimension is Dimension.DURATION else (
            "more" if m.trend > 0 else "lower")  # fmt: skip
        if f >= 2:
            near = round(f)
            if abs(near - f) <= max(0.5, 0.1 * near):
                yield "pass", f"{m.name} is about {near}× {adjective}."
            below = math.floor(f)
            if below < f and below >= 2:
                yield "pass", f"{m.name} is more than {below}× {adjective}."
            far = near + 1
            while far - f <= max(0.5, 0.1 * far) + 0.05:
                far += 1
            yield "fail", f"{m.name} is about {far}× {adjective}."
            yield "fail", f"{m.name} is roughly {far}× {adjective}."
            if f < math.ceil(f) - 0.05 or f == int(f):
                yield "fail", f"{m.name} is over {math.ceil(f) + 1}× {adjective}."
            if math.floor(f) - 1 >= 2:
                yield "fail", f"{m.name} is nearly {math.floor(f) - 1}× {adjective}."
            else:
                yield "fail", f"{m.name} is {far}× {adjective}."
        if m.percent is not None:
            p = abs(m.percent)
            word = "less" if m.trend < 0 else "more"
            yield "pass", f"{m.name} is about {round(p)}% {word}."
            yield "pass", f"{m.name} is roughly {round(p)}% {word} than a year ago."
            wrong = round(p * 1.25) if p < 75 else round(p * 0.8)
            yield "fail", f"{m.name} is about {wrong}% {word}."
            yield "fail", f"{m.name} is roughly {wrong}% {word} than a year ago."


_BAD_YEARS = (2012, 2016, 2018, 2019)


def gen_dated(story: Story) -> Iterator[tuple[str, str]]:
    years = sorted(
        {story.meta.date.year} | {d.year for d in (story.meta.timeline.started, story.meta.timeline.shipped) if d}
    )
    metrics = _public_metrics(story)
    for year in _BAD_YEARS:
        m = facts(metrics[0])
        yield "fail", f"In {year} we had 30 outages."
        yield "fail", f"Back in {year}, {lower_first(m.name)} was {m.before}."
        yield "fail", f"{m.name} was {m.before} in {year}."
    for year in years:
        m = facts(metrics[-1])
        yield "pass", f"In {year}, {lower_first(m.name)} was {m.before}."
        yield "pass", f"We shipped it in Q1 {year}."
        yield "pass", f"Work started in early {year}."
    for count in (2040, 2031, 2050):
        yield "fail", f"{count} users signed up in the first week."
        yield "fail", f"The new flow served {count} customers."


_FRACTIONS = {"half": 50.0, "a third": 100 / 3, "two-thirds": 200 / 3, "a quarter": 25.0, "three quarters": 75.0}


def gen_words(story: Story) -> Iterator[tuple[str, str]]:
    investment = story.meta.investment
    people = int(investment.people) if investment and investment.people else None
    people_counts = {
        int(v)
        for m in story.meta.metrics
        if _counts_people(m.unit or m.before.unit or "x")
        for v in (m.before.value, m.after.value)
    }
    if people:
        yield "pass", f"{words(people).capitalize()} engineers built it."
        for wrong in (people + 2, people + 13):
            if wrong not in people_counts:
                yield "fail", f"{words(wrong).capitalize()} engineers built it."
        if 12 not in people_counts | {people}:
            yield "fail", "A dozen engineers built it."
    for m in map(facts, _public_metrics(story)):
        if m.percent is not None and m.trend < 0:
            share = abs(m.percent)
            for word, value in _FRACTIONS.items():
                if abs(value - share) <= 0.1 * value:
                    yield "pass", f"{m.name} fell by {word}."
                elif abs(value - share) > 0.15 * value + 2:
                    yield "fail", f"{m.name} fell by {word}."
        if m.trend > 0 and m.fold >= 1.2:
            for word, value in (("doubled", 2.0), ("tripled", 3.0)):
                if abs(value - m.fold) <= 0.1 * value:
                    yield "pass", f"{m.name} {word}."
                if m.fold < value * 0.9:
                    yield "fail", f"{m.name} {word}."
            if 1.8 <= m.fold < 2:
                yield "pass", f"{m.name} nearly doubled."
        if m.metric.before.dimension is Dimension.NUMBER and m.metric.before.value < 100 and m.points is None:
            b = int(m.metric.before.value)
            if b == m.metric.before.value and b > 2:
                unit = m.metric.unit or ""
                yield "pass", f"We started with {words(b)} {unit}."
                yield "fail", f"We started with {words(b + 10)} {unit}."


def gen_labels(story: Story) -> Iterator[tuple[str, str]]:
    metric = facts(_public_metrics(story)[0])
    for line in ("The service runs on Python 3.12.", "We upgraded the hosts to Debian 12.5.",
                 "Training moved to CUDA 12.2.", "The backend is built on Java 21.",
                 "This is Part 2 of the series.", "Step three is the rollout.",
                 f"Chapter 7 covers {lower_first(metric.name)}.", "We run Node 20 and Postgres 16.",
                 "Phase 2 starts next spring."):  # fmt: skip
        yield "pass", line
    for m in map(facts, _public_metrics(story)):
        if m.fold >= 4:
            below = math.floor(m.fold / 5) * 5 if m.fold >= 10 else math.floor(m.fold)
            if below < m.fold:
                yield "pass", f"{m.name} improved over {below}×."
                yield "pass", f"That is more than {words(int(below))} times better."


def gen_visibility(story: Story) -> Iterator[tuple[str, str]]:
    internal = [m for m in story.meta.metrics if m.internal]
    for metric in internal:
        for value in (metric.before.value, metric.after.value):
            unit = metric.unit or ""
            yield "fail", f"Before the project we ran {number(value)} {unit}."
            yield "fail", f"We ran {number(value)} routing {unit}."
    for quote in story.meta.quotes:
        if quote.internal:
            yield "fail", quote.text
            yield "fail", f'"{quote.text}"'
            yield "fail", f"As the team put it, {lower_first(quote.text)}"


GENERATORS = {
    "swap": gen_swap, "direction": gen_direction, "period": gen_period, "speaker": gen_speaker,
    "quantity": gen_quantity, "points": gen_points, "rounding": gen_rounding, "dated": gen_dated,
    "words": gen_words, "labels": gen_labels, "visibility": gen_visibility,
}  # fmt: skip


def generate() -> list[Case]:
    cases: list[Case] = []
    for path in sorted(STORIES.glob("*.md")):
        story = load_story(path)
        for cls, generator in GENERATORS.items():
            check = "visibility" if cls == "visibility" else "facts"
            seen: set[str] = set()
            for must, text in generator(story):
                if text in seen:
                    continue
                seen.add(text)
                cases.append(Case(path.name, cls, must, check, text))
    return cases


# ---- running the cases -------------------------------------------------------------------


def load_cases(path: Path = CASES) -> list[Case]:
    return [Case(**json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def judge(case: Case, stories: dict[str, Story]) -> tuple[bool, bool]:
    """(flagged: any error, right: flagged by the expected check)."""
    from kit.checks import check_draft

    report = check_draft(case.text + "\n", stories[case.story], kind=case.kind, audience=case.audience)
    return (not report.ok, any(f.check == case.check for f in report.errors))


def run(cases: list[Case], misses: bool = False) -> dict[str, dict[str, float]]:
    stories = {p.name: load_story(p) for p in sorted(STORIES.glob("*.md"))}
    table: dict[str, dict[str, float]] = {}
    wrong: list[str] = []
    started = time.perf_counter()
    for cls in (*CLASSES, "overall"):
        chosen = [c for c in cases if c.cls == cls or cls == "overall"]
        if not chosen:
            continue
        tp = fp = fn = tn = 0
        for case in chosen:
            flagged, right = judge(case, stories)
            if case.must == "fail":
                tp += right
                fn += not right
                if not right and cls != "overall":
                    wrong.append(f"missed  [{cls}] {case.story}: {case.text!r}")
            else:
                fp += flagged
                tn += not flagged
                if flagged and cls != "overall":
                    wrong.append(f"alarm   [{cls}] {case.story}: {case.text!r}")
        table[cls] = {
            "fail": tp + fn, "pass": fp + tn,
            "precision": tp / (tp + fp) if tp + fp else 1.0,
            "recall": tp / (tp + fn) if tp + fn else 1.0,
        }  # fmt: skip
    elapsed = time.perf_counter() - started
    table["overall"]["ms_per_case"] = 1000 * elapsed / (2 * len(cases))
    if misses:
        print("\n".join(wrong))
    return table


# ---- one-line edits of kit's own drafts ---------------------------------------------------

_FLIPS = [(" fell ", " rose "), (" rose ", " fell "), (" less time", " more time"), (" less", " more"),
          (" fewer", " more"), (" lower", " higher"), (" higher", " lower"), (" faster", " slower"), (" up ", " down "),
          (" down ", " up "), (" cut ", " raised ")]  # fmt: skip
_PERIOD_SWAPS = [(" a month", " a year"), (" a year", " a month"), (" a quarter", " a month"),
                 (" per month", " per year"), (" per year", " per month")]  # fmt: skip


_PARAPHRASES = [(" fell from ", " dropped from "), (" rose from ", " climbed from "), (" went from ", " moved from "),
                (" a month", " per month"), (" a year", " annually"), (" a quarter", " every quarter"),
                ("× faster", " times faster"), (" percentage points", " points"), ("% less", "% lower"),
                ("% fewer", "% lower"), ("from $", "from about $")]  # fmt: skip


def _paraphrases(line: str) -> Iterator[str]:
    """True rewordings of a line of a draft: each must still pass."""
    import re

    for old, new in _PARAPHRASES:
        if old in line and re.search(r"\d", line):
            yield line.replace(old, new, 1)
    match = re.search(r"from (\S+(?: [a-z]+)?) to (\S+?(?: [a-z]+)?)([.,;])(?=\s|$)", line)
    if match and any(c.isdigit() for c in match.group(1)) and any(c.isdigit() for c in match.group(2)):
        a, b = match.group(1), match.group(2)
        yield line.replace(match.group(0), f"to {b} from {a}{match.group(3)}", 1)
        yield line.replace(match.group(0), f"{b} instead of {a}{match.group(3)}", 1)


def _edits(line: str) -> Iterator[tuple[str, str]]:
    import re

    match = re.search(r"from (\S+(?: \w+)?) to (\S+(?: \w+)?)", line)
    if match and any(c.isdigit() for c in match.group(1)) and any(c.isdigit() for c in match.group(2)):
        a, b = match.group(1).rstrip(".,;)"), match.group(2).rstrip(".,;)")
        if a != b:
            yield "swap", line.replace(f"from {a} to {b}", f"from {b} to {a}", 1)
    if re.search(r"\d", line):
        for old, new in _FLIPS:
            if old in line:
                yield "direction", line.replace(old, new, 1)
                break
        for old, new in _PERIOD_SWAPS:
            if old in line:
                yield "period", line.replace(old, new, 1)
                break
        if "percentage points" in line:
            yield "points", line.replace(" percentage points", "%", 1)


def run_drafts(stories_dir: Path = STORIES) -> None:
    """Build every kind of draft from the corpus stories, then check one-line edits of each, as `kit check` does."""
    import subprocess
    import tempfile
    from dataclasses import replace

    from kit.config import Config
    from kit.drafts import read_draft
    from kit.kinds import KINDS

    with tempfile.TemporaryDirectory() as out:
        subprocess.run([sys.executable, "-m", "kit", "build", str(stories_dir), "--out", out, "--cfp", "kubecon"],
                       check=False, capture_output=True)  # fmt: skip
        stories = {load_story(p).slug: load_story(p) for p in stories_dir.glob("*.md")}
        counts: dict[str, list[int]] = {}
        alarms: list[str] = []
        drafts = sorted(Path(out).glob("*/*.md"))
        checks = 0
        started = time.perf_counter()
        for path in drafts:
            draft = read_draft(path)
            spec = KINDS[str(draft.provenance["kind"])]
            rendered = spec.read(draft)
            story = stories[path.parent.name]

            def errors(body: str) -> set[tuple[int | None, str]]:
                report = spec.check(story, replace(rendered, body=body), Config())  # noqa: B023
                return {(f.line, f.message) for f in report.errors if f.check in ("facts", "visibility")}

            base = errors(rendered.body)
            checks += 1
            alarms += [f"{path.parent.name}/{path.name}:{line}: {message}" for line, message in sorted(base, key=str)]
            lines = rendered.body.split("\n")
            for number, line in enumerate(lines):
                if line.startswith(">"):
                    continue
                for cls, edited in _edits(line):
                    caught = errors("\n".join([*lines[:number], edited, *lines[number + 1 :]])) - base
                    checks += 1
                    counts.setdefault(cls, [0, 0])
                    counts[cls][0] += bool(caught)
                    counts[cls][1] += 1
                    if not caught:
                        alarms.append(f"missed {cls}: {edited.strip()[:160]}")
                for edited in _paraphrases(line):
                    flagged = errors("\n".join([*lines[:number], edited, *lines[number + 1 :]])) - base
                    checks += 1
                    counts.setdefault("paraphrase", [0, 0])
                    counts["paraphrase"][0] += not flagged
                    counts["paraphrase"][1] += 1
                    if flagged:
                        alarms.append(f"false alarm: {edited.strip()[:160]} -> {sorted(flagged, key=str)[0][1]}")
        per = 1000 * (time.perf_counter() - started) / checks
        print(f"\n{len(drafts)} drafts built from {stories_dir}; {per:.1f} ms per full draft check")
        for cls, (caught, total) in sorted(counts.items()):
            verb = "passed" if cls == "paraphrase" else "caught"
            print(f"edited {cls:<10} {caught:>4}/{total:<4} {verb} ({caught / total:.3f})")
        print("\n".join(alarms))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="regenerate tests/data/claims/cases.jsonl first")
    parser.add_argument("--misses", action="store_true", help="list every case judged wrongly")
    parser.add_argument(
        "--drafts",
        nargs="?",
        const=str(STORIES),
        default=None,
        metavar="STORIES",
        help="also check one-line edits of the drafts kit builds from these stories (the corpus's)",
    )
    args = parser.parse_args()
    if args.write:
        cases = generate()
        CASES.write_text("".join(json.dumps(asdict(c), ensure_ascii=False) + "\n" for c in cases), encoding="utf-8")
        print(f"wrote {len(cases)} cases to {CASES.relative_to(REPO)}")
    table = run(load_cases(), args.misses)
    print(f"{'class':<12} {'must fail':>9} {'must pass':>9} {'precision':>9} {'recall':>7}")
    for cls, row in table.items():
        print(f"{cls:<12} {row['fail']:>9.0f} {row['pass']:>9.0f} {row['precision']:>9.3f} {row['recall']:>7.3f}")
    print(f"{table['overall']['ms_per_case']:.2f} ms per one-sentence check")
    if args.drafts:
        run_drafts(Path(args.drafts))


if __name__ == "__main__":
    main()
