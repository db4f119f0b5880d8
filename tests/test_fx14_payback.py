"""2. A payback past the horizon is not given in months.

A one-pager said "**Payback:** 19,200 months." and led with "saving $500 a year" against an $800k
investment. Past `PAYBACK_HORIZON_MONTHS` (a decade) it says the investment does not pay back within it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kit.facts import PAYBACK_HORIZON_MONTHS, StoryFacts, derive
from kit.story import Investment, Metric
from tests.support import kit_cli, write_story

NEVER = """\
---
title: Payroll run from 3 days to 2 days
date: 2026-02-02
team: Finance Systems
ask: Decide by March whether to keep the vendor contract.
authors: [{{name: Olga Petrova}}]
metrics:
  - {{name: Payroll run time, before: 3 days, after: 2 days, better: lower, headline: true}}
  - {{name: Payroll processing cost, before: $52k, after: {after}, period: year, better: lower}}
investment: {{people: 3, duration: 12 months, cost: {cost}}}
---
## Results
The payroll run takes 2 days instead of 3.
"""


def onepager(tmp_path: Path, after: str, cost: str) -> str:
    """The one-pager `kit build` writes for the payroll story, after checking it passes `kit check`."""
    story = write_story(tmp_path, "payroll.md", NEVER.format(after=after, cost=cost))
    out = tmp_path / "out"
    code, stdout, err = kit_cli("build", story, "--out", out, "--kind", "onepager")
    assert code == 0 and "needs-review" not in stdout, stdout + err
    code, stdout, err = kit_cli("check", out / "payroll" / "onepager.md")
    assert code == 0, stdout + err
    return (out / "payroll" / "onepager.md").read_text(encoding="utf-8")


def test_a_payback_past_a_decade_is_not_given_in_months(tmp_path: Path) -> None:
    text = onepager(tmp_path, "$51.5k", "$800k")
    assert "- **Payback:** not within a decade (1,600 years at these savings).\n" in text
    assert "months." not in text
    bottom = re.search(r"\*\*Bottom line:\*\* (.*)", text).group(1)  # type: ignore[union-attr]
    assert bottom == (
        "Payroll run time fell from 3 days to 2 days (33% less time). Payroll processing cost fell from $52k "
        "to $51.5k a year (1% less), saving $500 a year. The $800k investment does not pay back within a decade "
        "at these savings."
    )


def test_a_payback_within_the_decade_is_still_given_in_months(tmp_path: Path) -> None:
    text = onepager(tmp_path, "$40k", "$120k")  # $12k a year: 120 months, the horizon itself
    assert "- **Payback:** 120 months.\n" in text and "decade" not in text
    assert text.split("**Bottom line:** ")[1].startswith("Payroll processing cost fell")


def facts_of(saving: int, cost: int) -> StoryFacts:
    """The facts of one yearly money metric that saves `saving` dollars a year, and an investment of `cost`."""
    metric = Metric.model_validate(
        {"name": "Cost", "before": f"${saving + 1000}", "after": "$1000", "better": "lower", "period": "year"}
    )
    return derive([metric], Investment.model_validate({"cost": f"${cost}"}))


@given(st.integers(min_value=1, max_value=10**6), st.integers(min_value=1, max_value=10**8))
def test_the_horizon_splits_paybacks_at_a_decade(saving: int, cost: int) -> None:
    facts = facts_of(saving, cost)
    months = cost / (saving / 12)
    assume(abs(months - PAYBACK_HORIZON_MONTHS) > 1e-6)  # the last bit of a float decides nothing here
    assert facts.payback_months == pytest.approx(months)
    assert facts.payback_beyond_horizon == (months > PAYBACK_HORIZON_MONTHS)


@settings(max_examples=6, deadline=None)
@given(st.integers(min_value=1_001, max_value=99_999))
def test_a_payback_past_the_horizon_is_said_in_years_the_checker_accepts(
    tmp_path_factory: pytest.TempPathFactory, cost: int
) -> None:
    """$100 a year saved; a cost above $1,000 pays back past a decade, in years the draft must state truly."""
    text = onepager(tmp_path_factory.mktemp("payback"), "$51.9k", f'"${cost:,}"')
    years = re.search(r"not within a decade \(([\d,.]+) years at these savings\)", text)
    assert years, text
    assert float(years.group(1).replace(",", "")) == pytest.approx(cost / 100, rel=0.005)


def test_a_model_is_told_a_payback_past_the_horizon_in_words(tmp_path: Path) -> None:
    """The facts a model is given had no payback at all past the horizon (`payback_months` is none there)."""
    from kit.llm.prompts import fact_lines
    from kit.load import load_story
    from kit.views import context, view_of

    story = load_story(write_story(tmp_path, "never.md", NEVER.format(after="$51.5k", cost="$800k")))
    lines = fact_lines(context(view_of(story, "internal")))
    assert "Payback: not within a decade (1,600 years at these savings)" in lines
    assert not any(line.startswith("Payback period in months") for line in lines)
