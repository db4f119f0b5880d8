"""The newsletter leads with the issue's most significant win and keeps currencies apart."""

from __future__ import annotations

from pathlib import Path

from kit import newsletter as nl
from kit.newsletter import NewsletterOptions, build_newsletter
from tests.support import EXAMPLES


def card(slug: str, savings: dict[str, float], fold: float, date: str = "2026-09-01") -> dict[str, object]:
    return {"slug": slug, "savings": savings, "fold": fold, "date": date}


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
    assert result.subject == "Wins: 8 wins from 7 teams, €168k · $2.09M a year saved"
    assert [s["slug"] for s in result.stories][0] == "ml-tooling-consolidation"  # the list stays newest first
    html = next(p for p in result.written if p.suffix == ".html").read_text(encoding="utf-8")
    assert "saved, net, from 1 story" in html and "saved, net, from 3 stories" in html
