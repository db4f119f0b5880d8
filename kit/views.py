"""Views: what each audience may see of a story, as data for templates and prompts.

A public view holds only public stories, and only their public parts: no internal
metric, quote or section, and no investment cost (or the ROI and payback computed
from it). Public kinds (`kit.kinds`) are only ever rendered from a public view.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kit import rx
from kit.errors import KitError
from kit.facts import (
    PAYBACK_HORIZON_TEXT,
    Direction,
    MetricFacts,
    StoryFacts,
    add_up,
    derive_metric,
    format_percent,
    money_text,
    people_time,
    value_decimals,
)
from kit.load import SECTION_KEYS
from kit.memo import PerObject, PerStory
from kit.quantity import DURATION_SECONDS, format_duration, format_money, format_number
from kit.story import Better, Investment, Metric, Quote, Section, Story, Visibility


class NotPublicError(KitError):
    """A public output was asked of an internal story."""


@dataclass(frozen=True)
class View:
    """The parts of a story one audience may see, and the facts derived from those parts only."""

    story: Story
    audience: Visibility
    metrics: tuple[Metric, ...]
    quotes: tuple[Quote, ...]
    sections: tuple[Section, ...]
    investment: Investment | None
    facts: StoryFacts

    @property
    def public(self) -> bool:
        return self.audience is Visibility.PUBLIC


def make_view(story: Story, audience: Visibility | str) -> View:
    """The view of a story for an audience, or NotPublicError for a public view of an internal story."""
    audience = Visibility(audience)
    if audience is Visibility.INTERNAL:
        metrics, quotes, sections = story.meta.metrics, story.meta.quotes, story.sections
        investment = story.meta.investment
    else:
        if not story.public:
            raise NotPublicError(f"{story.path}: the story is internal; set `visibility: public` to publish it")
        metrics = [m for m in story.meta.metrics if not m.internal]
        quotes = [q for q in story.meta.quotes if not q.internal]
        sections = tuple(s for s in story.sections if not s.internal)
        investment = story.meta.investment
        if investment is not None:
            # What it took (people, time) is a story worth telling; what it cost stays inside.
            investment = investment.model_copy(update={"cost": None})
    return View(
        story=story,
        audience=audience,
        metrics=tuple(metrics),
        quotes=tuple(quotes),
        sections=tuple(sections),
        investment=investment,
        facts=add_up(tuple(_metric_facts(m) for m in metrics), investment),
    )


view_of = PerStory(make_view)  # the view a story's drafts for one audience share, made once
# A public view's metrics are some of the internal view's: each is derived once for both.
_metric_facts = PerObject(derive_metric, size=256)


def metric_context(facts: MetricFacts) -> dict[str, Any]:
    """One metric and its derived facts, as plain data."""
    metric = facts.metric
    return {
        "id": metric.key,
        "name": metric.name,
        "before": metric.before.text,
        "after": metric.after.text,
        "better": metric.better.value,
        "dimension": metric.before.dimension.value,
        "period": metric.period.value if metric.period else None,
        "measured_before": metric.measured.before if metric.measured else "",
        "measured_after": metric.measured.after if metric.measured else "",
        "source": metric.source,
        "headline": metric.headline,
        "internal": metric.internal,
        "direction": facts.direction.value,
        "improved": facts.improved,
        "change": facts.change_text,
        "percent": facts.percent_text,
        # as many decimals as the values have: 99.990% to 99.995% is 0.005 points, not 0.01
        "points": format_number(abs(facts.points), value_decimals(metric)) if facts.points is not None else None,
        "fold": facts.fold_text,
        "comparison": facts.comparison,
        "phrase": facts.phrase,
        "approximate": facts.approximate,
        "annual": facts.annual_text,
        "before_value": metric.before.value,
        "after_value": metric.after.value,
        "kind": facts.kind.value,
        "new": facts.new,
        "regressed": facts.direction is Direction.REGRESSED,
        "trend": "rose" if facts.change > 0 else "fell" if facts.change < 0 else "held",
        "went": "held" if facts.phrase.startswith("at ") else "went",  # "held at 4 staff (unchanged)"
        "period_text": facts.period_text,
        "before_text": facts.before_text,
        "after_text": facts.after_text,
        "delta": facts.delta_text,
        "scale": format_number(metric.before.scale, 2) if metric.before.scale is not None else None,
        "annual_money": _signed_money(facts.annual_money, metric.before.unit),
        "contributes": facts.annual_money is not None,
        # hours people spend on a task, the only time that is saved (not downtime): `kit.facts.people_time`
        "people_time": people_time(metric),
    }


def _signed_money(amount: float | None, currency: str) -> str | None:
    """ "+€360k a year" for money a metric brings in, "−€60k a year" for money it costs."""
    if amount is None:
        return None
    return ("+" if amount > 0 else "−") + format_money(abs(amount), currency) + " a year"


def money_context(facts: StoryFacts) -> list[dict[str, Any]]:
    """Per currency: what the metrics save or bring in a year (gross), what they newly cost,
    and the net, with the metrics behind each; never summed across currencies."""
    rows = []
    for currency, net in facts.net_savings.items():
        gross, costs = facts.gross_savings.get(currency, 0.0), facts.new_costs.get(currency, 0.0)
        of = [f for f in facts.metrics if f.annual_money is not None and f.metric.before.unit == currency]
        gains = [f for f in of if (f.annual_money or 0) > 0]
        earned = sum(f.metric.better is Better.HIGHER for f in gains)  # money brought in (revenue), not saved
        gain, label = (("save", "Savings") if not earned else ("bring in", "New revenue") if earned == len(gains)
                       else ("save and bring in", "Savings and revenue"))  # fmt: skip
        rows.append(
            {
                "currency": currency,
                "gross": format_money(gross, currency) if gross else None,
                "new_costs": format_money(costs, currency) if costs else None,
                "net": format_money(net, currency),
                "net_month": format_money(net / 12, currency),
                "gross_value": gross,
                "new_costs_value": costs,
                "net_value": net,
                "savings": [f.metric.key for f in of if (f.annual_money or 0) > 0],
                "costs": [f.metric.key for f in of if (f.annual_money or 0) < 0],
                "gain": gain,  # what the metrics do with the money: "save", "bring in", "save and bring in"
                "gain_label": label,  # "Savings", "New revenue", "Savings and revenue"
            }
        )
    return rows


def _section_context(section: Section) -> dict[str, Any]:
    """A section as templates see it; one that holds only a placeholder ("TBD", "TODO", "N/A") has no
    body, so no draft prints its heading over nothing and no talk gives it minutes."""
    body = "" if PLACEHOLDER.fullmatch(section.body) else section.body
    return {"title": section.title, "body": body, "key": section.key, "internal": section.internal}


PLACEHOLDER = rx.compile(r"(?i)[\s*_.…-]*(?:tbd|tba|todo|n/?a|none|coming soon)?[\s*_.…!-]*")


def _payback(facts: StoryFacts) -> dict[str, str | None]:
    """The payback as drafts give it: in months, or, past the horizon (`kit.facts`), not in months
    but as the horizon it misses ("a decade") and, for scale, its length in years ("1,600 years")."""
    months = facts.payback_months
    beyond = facts.payback_beyond_horizon
    return {
        "payback_months": format_number(months, 1) if months is not None and not beyond else None,
        "payback_horizon": PAYBACK_HORIZON_TEXT if beyond else None,
        "payback_years": format_duration(months * DURATION_SECONDS["months"], "years") if months and beyond else None,
    }


def context(view: View) -> dict[str, Any]:
    """Everything a template or prompt may use, as plain data (story text is data, never source).

    A view's drafts share one: each caller gets a dict of its own to add keys to, but the
    values in it are shared and never changed (templates cannot: the sandbox is immutable).
    """
    return dict(_shared_context(view))


def _context(view: View) -> dict[str, Any]:
    story, meta, facts = view.story, view.story.meta, view.facts
    metrics = [_metric_data(f) for f in facts.metrics]
    headline = _metric_data(facts.headline) if facts.headline else None  # one of the metrics: made once
    known = {s.key: _section_context(s) for s in reversed(view.sections) if s.key}
    investment = view.investment
    totals: dict[str, Any] = {
        "improved": facts.improved_count,
        "metrics": len(facts.metrics),
        "annual_savings": money_text(facts.annual_savings) or None,
        "annual_time_saved": (format_duration(facts.annual_time_saved, "hours") if facts.annual_time_saved else None),
        "monthly_delay_cost": money_text(facts.monthly_delay_cost) or None,
        **_payback(facts),
        "roi": (
            ("-" if facts.roi_percent < 0 else "") + format_percent(facts.roi_percent)
            if facts.roi_percent is not None
            else None
        ),
        "gross_savings": money_text(facts.gross_savings) or None,
        "new_costs": money_text(facts.new_costs) or None,
        "net_savings": money_text(facts.net_savings) or None,
        "money": money_context(facts),
        "regressed": len(facts.regressed),
        # Payback and ROI come from the net in the investment's own currency; other currencies'
        # money is never converted, so a reader must be told when there is some.
        "return_currency": facts.investment_cost.unit if facts.investment_cost is not None else None,
        "other_currencies": sorted(c for c in facts.net_savings if facts.investment_cost is None
                                   or c != facts.investment_cost.unit),  # fmt: skip
    }
    return {
        "audience": view.audience.value,
        "slug": story.slug,
        "title": meta.title,
        "short_title": meta.short_title or meta.title,
        "date": meta.date.isoformat(),
        "date_text": f"{meta.date:%B} {meta.date.day}, {meta.date.year}",
        "team": meta.team,
        "organization": meta.organization,
        "summary": meta.summary,
        "ask": "" if view.public else meta.ask,  # budgets and headcount stay inside
        "visibility": meta.visibility.value,
        "tags": list(meta.tags),
        "tools": list(meta.tools),
        "links": [{"title": link.title or link.url, "url": link.url} for link in meta.links],
        "authors": [
            {
                "name": a.name,
                "role": a.role,
                "bio": a.bio,
                "links": [{"title": link.title or link.url, "url": link.url} for link in a.links],
            }
            for a in meta.authors
        ],
        "timeline": {
            "started": meta.timeline.started.isoformat() if meta.timeline and meta.timeline.started else None,
            "shipped": meta.timeline.shipped.isoformat() if meta.timeline and meta.timeline.shipped else None,
        },
        "talk": {
            "level": meta.talk.level.value,
            "duration": meta.talk.duration,
            "format": meta.talk.format,
            "track": meta.talk.track,
        },
        "intro": story.intro,
        "metrics": metrics,
        "headline": headline,
        "quotes": [{"text": q.text, "by": q.by, "role": q.role} for q in view.quotes],
        "sections": {key: known.get(key) for key in SECTION_KEYS},  # every known key, None if absent
        "other_sections": [_section_context(s) for s in view.sections if not s.key],
        "investment": {
            "people": format_number(investment.people) if investment and investment.people else None,
            "duration": investment.duration.text if investment and investment.duration else None,
            "cost": investment.cost.text if investment and investment.cost else None,
            "people_months": (format_number(facts.people_months, 1) if facts.people_months is not None else None),
        },
        "totals": totals,
        "proper_words": proper_words(view),
    }


# A sentence starts a text, a line (a list item, a heading), and follows ". ", "! ", "? " or ": ".
# A sentence's own closing marks may come between its stop and the space: "**Make it cheap.** Preemption".
_SENTENCE_START = rx.compile(r"(?:^|\n|[.!?:][*_\"”’)\]]*\s)[\s>#*_\-+\d.)\[\"“(]*([^\W\d_][\w'’-]*)")
_WORD = rx.compile(r"[^\W\d_]+")


def proper_words(view: View) -> frozenset[str]:
    """The words the story writes capitalised where no sentence starts ("at Heathrow", "on Kubernetes",
    German nouns), in its prose and in a title or metric name in sentence case (a Title Case one
    capitalises every word), and every word of its tools' names: names that a metric's name keeps
    capitalised when it runs on in a sentence (`kit.render.lower_first`). Not its team's: "Customer
    Support Engineering" names a team in plain words, and "customer satisfaction" stays lower case."""
    meta = view.story.meta
    named = {w for tool in meta.tools for w in _WORD.findall(tool)}  # a team's name is often plain words
    texts = [meta.summary, view.story.intro, *(s.body for s in view.sections), *(q.text for q in view.quotes)]
    for name in (meta.title, *(m.name for m in meta.metrics)):
        words = _WORD.findall(name)
        if sum(w[0].isupper() for w in words) * 2 <= len(words):  # sentence case: a capital inside is a name
            texts.append(name)
    found: set[str] = set()
    for text in texts:
        if not text:
            continue
        starts = {m.start(1) for m in _SENTENCE_START.finditer(text)}
        found.update(m.group() for m in _WORD.finditer(text) if m.group()[0].isupper() and m.start() not in starts)
    return frozenset(w for w in named | found if w[:1].isupper() and len(w) > 1)  # "A", "I": no names


_shared_context = PerObject(_context)
# A story's views share their metrics' facts (`_metric_facts`), and so their data.
_metric_data = PerObject(metric_context, size=256)
