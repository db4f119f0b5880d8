"""Three stories of our own (tests/data/stories), end to end: what kit derives from them and
what `kit build` writes (issue 9: money both ways, change from zero, scores, periods, trade-offs)."""

# ruff: noqa: E501  (exact user-facing lines are asserted whole, as cookiecutter does)

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kit.load import load_story
from kit.views import context, make_view
from tests.support import DATA, kit_cli

STORIES = DATA / "stories"


def ctx(name: str, audience: str = "internal") -> dict[str, Any]:
    return context(make_view(load_story(STORIES / f"{name}.md"), audience))


def row(c: dict[str, Any], metric_id: str) -> tuple[str, str, str]:
    m = next(m for m in c["metrics"] if m["id"] == metric_id)
    return m["before_text"], m["after_text"], m["comparison"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("drafts")
    code, _, err = kit_cli("build", STORIES, "--out", out)
    assert code == 0, err  # every draft passes its own checks
    return out


# ---- a euro warehouse migration with a new recurring cost ----------------------------------


def test_warehouse_nets_the_new_cloud_bill() -> None:
    c = ctx("warehouse-migration")
    t = c["totals"]
    assert (t["gross_savings"], t["new_costs"], t["net_savings"], t["annual_savings"]) == (
        "€360k",
        "€60k",
        "€300k",
        "€300k",
    )
    assert (t["payback_months"], t["roi"], t["monthly_delay_cost"]) == ("10", "20%", "€25k")
    assert t["money"] == [{
        "currency": "EUR", "gross": "€360k", "new_costs": "€60k", "net": "€300k", "net_month": "€25k",
        "gross_value": 360_000.0, "new_costs_value": 60_000.0, "net_value": 300_000.0,
        "savings": ["licence"], "costs": ["cloud"], "gain": "save", "gain_label": "Savings",
    }]  # fmt: skip
    assert row(c, "licence") == ("€70k a month", "€40k a month", "43% less")
    assert row(c, "cloud") == ("€0 a month", "€5k a month", "new cost")
    assert row(c, "nightly") == ("6 hours", "90 minutes", "75% less time, 4× faster")
    assert row(c, "failed-jobs") == ("10 failed loads a month", "2 failed loads a month", "80% fewer, 5× fewer")
    cloud = next(m for m in c["metrics"] if m["id"] == "cloud")
    assert (cloud["new"], cloud["regressed"], cloud["annual_money"], cloud["contributes"]) == (
        True,
        True,
        "−€60k a year",
        True,
    )
    assert (c["ask"], c["short_title"]) == (
        "Approve the decommissioning of the old cluster by the end of Q3, so the licence is not renewed.",
        "Leaving the on-premises warehouse",
    )


def test_warehouse_onepager_leads_with_the_net(built: Path) -> None:
    page = (built / "warehouse-migration" / "onepager.md").read_text(encoding="utf-8")
    assert "€300k" in page and "€60k" in page and "20%" in page
    assert "| Cloud warehouse spend | €0 a month | €5k a month | new cost" in page
    assert "unchanged" not in page
    assert not (built / "warehouse-migration" / "blog.md").exists()  # an internal story


# ---- a one-metric startup story with a gain from zero --------------------------------------


def test_a_gain_from_zero_is_new(built: Path) -> None:
    c = ctx("first-customers", "public")
    assert c["headline"]["phrase"] == "from none to 120 customers (new)"
    assert (c["headline"]["new"], c["headline"]["kind"], c["headline"]["delta"]) == (True, "count", "+120 customers")
    blog = (built / "first-customers" / "blog.md").read_text(encoding="utf-8")
    assert "| Paying customers | 0 customers | 120 customers | new |" in blog
    talk = json.loads((built / "first-customers" / "talk.json").read_text(encoding="utf-8"))
    assert talk["takeaways"] == ["Call every sign-up. The calls told us which feature to build next."]


# ---- a support bot with a satisfaction score out of 5 that fell ----------------------------


def test_a_score_that_fell_is_a_trade_off_in_points(built: Path) -> None:
    c = ctx("support-bot", "public")
    csat = next(m for m in c["metrics"] if m["id"] == "csat")
    assert (csat["phrase"], csat["scale"], csat["percent"], csat["regressed"]) == (
        "from 4.6 to 4.2 out of 5 (down 0.4 points, worse)", "5", None, True
    )  # fmt: skip
    assert row(c, "api-spend") == ("$0 a month", "$5k a month", "new cost")
    assert (c["totals"]["gross_savings"], c["totals"]["new_costs"], c["totals"]["net_savings"]) == (
        "$180k",
        "$60k",
        "$120k",
    )
    assert c["totals"]["regressed"] == 2
    blog = (built / "support-bot" / "blog.md").read_text(encoding="utf-8")
    assert "| Customer satisfaction | 4.6/5 | 4.2/5 | down 0.4 points, worse |" in blog
    assert "| Model API spend | $0 a month | $5k a month | new cost |" in blog
    talk = json.loads((built / "support-bot" / "talk.json").read_text(encoding="utf-8"))
    assert "customer satisfaction went from 4.6 to 4.2 out of 5 (down 0.4 points, worse)" in talk["abstract"]
    assert len(talk["takeaways"]) == 2


def test_validate_hints_at_the_stories_with_few_lessons() -> None:
    code, out, _ = kit_cli("validate", STORIES)
    assert code == 0
    assert [line.split(": body: ")[1] for line in out.splitlines() if line.startswith("hint:") and ": body: " in line] == [
        "the Lessons section has 1 lesson, so the talk lists 1 takeaway; CFPs usually ask for three",
        "the Lessons section has 2 lessons, so the talk lists 2 takeaways; CFPs usually ask for three",
    ]
    assert [line.split(": title: ")[1].split(";")[0] for line in out.splitlines() if ": title: " in line] == [
        "the title is 78 characters and KubeCon's CFP takes 75: add `short_title:` (75 characters at most), which "
        "a talk uses when its title does not fit"
    ]


def test_units_estimates_and_periods_as_people_write_them(tmp_path: Path) -> None:
    from tests.support import MINIMAL_STORY, write_story

    text = MINIMAL_STORY.replace("name: Deployment lead time", "name: Ward infections").replace(
        "before: 6 weeks\n    after: 2 days", "before: 120 COVID-19 cases\n    after: 30 COVID-19 cases"
    ).replace(
        "    better: lower\n---",
        "    better: lower\n  - name: Triage time\n    before: ~6 hours\n    after: 1h30m\n    better: lower\n"
        "  - name: Staffing cost\n    before: £45,000/month\n    after: £30,000/month\n    better: lower\n---",
    )  # fmt: skip
    story = write_story(tmp_path, "ward.md", text)
    code, _, err = kit_cli("build", story, "--out", tmp_path / "d", "--kind", "blog")
    assert code == 0, err
    blog = (tmp_path / "d" / "ward" / "blog.md").read_text(encoding="utf-8")
    assert "| Ward infections | 120 COVID-19 cases | 30 COVID-19 cases | 75% fewer, 4× fewer |" in blog
    assert "| Triage time | about 6 hours | 90 minutes | about 75% less time, about 4× faster |" in blog
    assert "| Staffing cost | £45,000 a month | £30,000 a month | 33% less |" in blog
