"""The newsletter leads with the issue's most significant win and keeps currencies apart."""

from __future__ import annotations

from pathlib import Path

from kit import newsletter as nl
from kit.newsletter import NewsletterOptions, build_newsletter
from tests.support import EXAMPLES


def card(slug: str, savings: dict[str, float], fold: float, date: str = "2026-09-01") -> dict[str, object]:
    return {"slug": slug, "savings": savings, "fold": fold, "date": date, "improved": 1}


def test_the_lead_is_the_largest_net_money_else_the_largest_headline_factor() -> None:
    newest, rich, fast = card("newest", {}, 1.5), card("rich", {"EUR": 300e3}, 2.0), card("fast", {}, 21.0)
    assert [c["slug"] for c in nl.lead_first([newest, fast, rich])] == ["rich", "newest", "fast"]
    assert [c["slug"] for c in nl.lead_first([newest, fast])] == ["fast", "newest"]
    assert nl.lead_first([]) == []


def test_the_examples_issue_leads_with_the_biggest_saving_and_counts_stories_per_currency(tmp_path: Path) -> None:
    result = build_newsletter([EXAMPLES / "stories"], tmp_path, NewsletterOptions(title="Wins"), None)
    text = next(p for p in result.written if p.suffix == ".txt").read_text(encoding="utf-8")
    # GPU training spend saves $984k a year, net: more than any other story.
    assert text.splitlines()[1].startswith("Fewer idle GPUs: cutting our training bill")
    assert "- €168k a year saved, net (from 1 story)\n- $2.09M a year saved, net (from 3 stories)\n" in text
    assert result.subject == "Wins: 8 wins from 7 teams, €168k · $2.09M a year saved, net"
    assert [s["slug"] for s in result.stories][0] == "ml-tooling-consolidation"  # the list stays newest first
    html = next(p for p in result.written if p.suffix == ".html").read_text(encoding="utf-8")
    assert "saved, net, from 1 story" in html and "saved, net, from 3 stories" in html


def test_the_lead_never_compares_amounts_in_two_currencies() -> None:
    yen = card("yen", {"JPY": 170e6}, 1.2)  # about $1.1M: the largest number, not the largest amount
    chf, small_chf = card("chf", {"CHF": 3e6}, 1.5), card("small-chf", {"CHF": 1e5}, 3.0)
    # CHF is the issue's main currency (two stories count money in it): the lead is its largest.
    assert nl.lead_first([yen, small_chf, chf])[0]["slug"] == "chf"
    # One story per currency: no money can be compared, and the largest factor leads.
    assert nl.lead_first([yen, card("eur", {"EUR": 5e5}, 4.0)])[0]["slug"] == "eur"


def total_card(team: str, savings: dict[str, float], earns: tuple[str, ...] = ()) -> dict[str, object]:
    return {"team": team, "savings": savings, "earns": list(earns), "time_saved": None, "improved": 1}


def test_totals_keep_a_net_cost_and_say_when_revenue_counts() -> None:
    totals = nl.totals([total_card("a", {"USD": -156e3}), total_card("b", {"USD": -192e3}),
                        total_card("c", {"CHF": 3.12e6}, ("CHF",)), total_card("d", {"EUR": 1e6})])  # fmt: skip
    assert [(s["text"], s["label"], s["stories"]) for s in totals["savings"]] == [
        ("CHF 3.12M a year", "saved or earned, net", 1),
        ("€1M a year", "saved, net", 1),
        ("$348k a year", "more spent, net", 2),
    ]
    assert totals["annual_savings_text"] == ["CHF 3.12M a year", "€1M a year"]  # the subject names what was saved
    assert totals["savings_stories"] == 2


def test_a_win_leads_before_a_newer_setback_that_ranks_as_high() -> None:
    # A pass rate in points has no factor (ranked 1×), like a story in which nothing improved.
    setback = card("setback", {}, 1.0, "2026-10-01") | {"improved": 0}
    points = card("points", {}, 1.0)
    assert [c["slug"] for c in nl.lead_first([setback, points])] == ["points", "setback"]
