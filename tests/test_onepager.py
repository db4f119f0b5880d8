"""The one-pager reads as a document for an executive: the money and the author's ask first,
no empty sections, nothing addressed to the author, every lever and trade-off shown."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kit.kinds import get_kind
from kit.kinds.base import KindOptions
from kit.kinds.onepager import LEVELS, lever, prose, sentences
from kit.load import load_story
from kit.story import Investment, Metric, StoryMeta
from kit.views import context, make_view
from tests.support import DATA, EXAMPLES, MINIMAL_STORY, kit_cli, write_story

STORIES = sorted((EXAMPLES / "stories").glob("*.md")) + sorted((DATA / "onepager").glob("*.md"))
# Every key a person writes in a story: a document quoting one in backticks is talking to its author.
STORY_KEYS = set(StoryMeta.model_fields) | set(Metric.model_fields) | set(Investment.model_fields) | {"measured"}


def onepager(path: Path) -> str:
    return get_kind("onepager").render(make_view(load_story(path), "internal"), KindOptions()).body


def bottom_line(text: str) -> str:
    return re.search(r"^\*\*Bottom line:\*\* (.*)$", text, re.MULTILINE).group(1)  # type: ignore[union-attr]


@pytest.mark.parametrize("path", STORIES, ids=lambda p: p.stem)
def test_no_empty_section_and_nothing_for_the_author(path: Path) -> None:
    text = onepager(path)
    chunks = re.split(r"^#{1,6} .*$", text, flags=re.MULTILINE)
    headings = re.findall(r"^#{1,6} (.*)$", text, flags=re.MULTILINE)
    empty = [h for h, under in zip(headings, chunks[1:], strict=True) if not under.strip()]
    assert empty == [], f"headings with nothing under them in {path.name}"
    assert "add `" not in text.lower() and "the story gives no" not in text.lower()
    keys = {k for k in re.findall(r"`([a-z_]+)`", text) if k in STORY_KEYS}
    assert keys == set(), f"story keys addressed to the author in {path.name}"


@pytest.mark.parametrize("path", STORIES, ids=lambda p: p.stem)
def test_the_ask_is_the_authors_or_absent(path: Path) -> None:
    story = load_story(path)
    text = onepager(path)
    if story.meta.ask:
        assert f"**The ask:** {' '.join(story.meta.ask.split())}" in text
        assert text.index("**The ask:**") < text.index("## ")  # in the opening, before any section
    else:
        assert "ask:" not in text.lower()


def test_the_money_leads_net_of_new_costs_and_is_credited_to_no_other_metric() -> None:
    text = onepager(DATA / "onepager" / "warehouse-migration.md")
    line = bottom_line(text)
    assert line.startswith("Net of €108k a year in new costs, the changes save €216k a year.")
    assert "Nightly report build time fell from 5 hours to 40 minutes (87% less time, 7.5× faster)." in line
    assert not re.search(r"40 minutes[^.]*€", line)  # the build time is not worth the euros
    assert "- **Savings:** €324k a year, minus €108k a year of new costs: €216k a year net." in text
    assert "Every month without this work costs €18k." in text


def test_one_metric_behind_the_money_is_credited_by_name() -> None:
    line = bottom_line(onepager(EXAMPLES / "stories" / "fraud-scoring-latency.md"))
    assert line.startswith("Fraud scoring infrastructure cost fell from $120k to $86k a month (28% less), "
                           "saving $408k a year.")  # fmt: skip
    assert "Fraud scoring latency (p99) fell from 420 ms to 65 ms" in line


def test_currencies_are_never_summed() -> None:
    line = bottom_line(onepager(DATA / "onepager" / "platform-overhaul-long.md"))
    assert "saving £408k a year" in line and "the changes save $1.04M a year" in line


def test_every_lever_of_the_approach_survives_and_tools_have_their_own_line() -> None:
    text = onepager(EXAMPLES / "stories" / "model-deployment-lead-time.md")
    approach = text.split("## What we did", 1)[1].split("## ", 1)[0]
    levers = re.findall(r"^- \*\*(.+?)\*\*", approach, re.MULTILINE)
    assert levers == ["One way in.", "The registry is the source of truth.", "GitOps all the way down.",
                      "Safe by default.", "Security review moved left."]  # fmt: skip
    assert re.search(r"^Tools: Kubernetes, KServe, MLflow, Argo CD, GitHub Actions\.$", approach, re.MULTILINE)


def test_trade_offs_are_shown_as_such() -> None:
    text = onepager(EXAMPLES / "stories" / "fraud-scoring-latency.md")
    assert (
        "**Trade-off:** Fraud recall at fixed precision fell from 91.4% to 90.9% (down 0.5 percentage points, worse)."
        in text
    )
    text = onepager(DATA / "onepager" / "warehouse-migration.md")
    assert (
        "Cloud compute for the new warehouse rose from €0 to €9k a month (new cost), costing €108k more a year" in text
    )


def test_a_bare_story_gets_no_investment_section_no_ask_and_no_made_up_figures(tmp_path: Path) -> None:
    text = onepager(write_story(tmp_path, "bare.md", MINIMAL_STORY))
    assert "## Investment" not in text and "ask" not in text.lower()
    assert bottom_line(text) == "Deployment lead time fell from 6 weeks to 2 days (95% less time, 21× faster)."
    assert "Without this work, deployment lead time would still be 6 weeks." in text


def test_prose_gives_way_by_whole_sentences() -> None:
    assert sentences("One. Two is here! Three?", 2) == "One. Two is here!"
    assert sentences("Ends with 1.5 million. Next.", 1) == "Ends with 1.5 million."
    assert lever("**Safe by default.** Every release starts as a canary. It rolls back.", 1) == (
        "**Safe by default.** Every release starts as a canary."
    )
    assert lever("**Safe by default.** Every release starts as a canary.", 0) == "**Safe by default.**"
    ctx = context(make_view(load_story(EXAMPLES / "stories" / "model-deployment-lead-time.md"), "internal"))
    ctx["risks"] = None
    longest, shortest = prose(ctx, LEVELS[0]), prose(ctx, LEVELS[-1])
    assert len(shortest["situation"]) < len(longest["situation"])
    assert all(s.endswith((".", "!", "?", ".**")) for s in (longest["situation"], shortest["situation"]))


@pytest.mark.parametrize(
    "name",
    [
        "new-cost-no-savings",
        "savings-and-new-costs",
        "score-out-of-five",
        "warehouse-migration",
        "platform-overhaul-long",
    ],
)
def test_kits_own_drafts_pass_kits_own_checks(name: str, tmp_path: Path) -> None:
    """A cost that rose, savings less new costs, a score out of 5, a metric measured "over the whole
    quarter" beside figures "a quarter": what the templates write is true to the story, and the checker
    reads it so (a draft that fails here would reach its reader as needs-review)."""
    from tests.support import kit_cli

    run = kit_cli("build", DATA / "onepager" / f"{name}.md", "--kind", "blog,talk,onepager,social", "--out", tmp_path)
    assert run[0] == 0 and "needs-review" not in run[1] + run[2], run[1] + run[2]


def test_new_costs_with_no_savings_are_not_called_savings() -> None:
    text = onepager(DATA / "onepager" / "new-cost-no-savings.md")
    assert "- **Savings:** none; new costs of €32.4k a year." in text
    assert "(64% more, worse), costing €32.4k more a year." in bottom_line(text)


def onepager_with(tmp_path: Path, metrics: list[str], front: str = "") -> str:
    """The one-pager kit builds (its checks passing) from the minimal story with these metrics first."""
    lines = "".join(f"  - {{{metric}}}\n" for metric in metrics)
    story = write_story(tmp_path, "s.md", MINIMAL_STORY.replace("metrics:\n", f"{front}metrics:\n{lines}"))
    out = tmp_path / "out"
    code, _, err = kit_cli("build", str(story), "--kind", "onepager", "--out", str(out))
    assert code == 0, err
    return (out / "s" / "onepager.md").read_text()


def test_several_trade_offs_are_sentences_of_their_own(tmp_path: Path) -> None:
    text = onepager_with(tmp_path, ["name: Search latency, before: 200 ms, after: 240 ms, better: lower",
                                    "name: Abandoned searches, before: 14%, after: 15%, better: lower"])  # fmt: skip
    line = next(line for line in text.splitlines() if line.startswith("**Trade-offs:**"))
    assert "; Abandoned" not in line and ". Abandoned searches rose from 14% to 15%" in line


def test_what_the_bottom_line_says_got_worse_is_no_trade_off_again(tmp_path: Path) -> None:
    """A cost that rose was said in the bottom line and again under Trade-offs; where nothing improved,
    what else got worse is "Also worse", not a trade-off of a gain there was not."""
    text = onepager_with(tmp_path, ["name: Infra cost, before: $950k, after: $1.1M, period: year, better: lower",
                                    "name: Abandoned searches, before: 14%, after: 15%, better: lower"])  # fmt: skip
    assert text.count("Infra cost rose from $950k to $1.1M") == 1
    assert "**Trade-off:** Abandoned searches rose from 14% to 15%" in text
    regressed = MINIMAL_STORY.replace("after: 2 days", "after: 8 weeks").replace(
        "metrics:\n", "metrics:\n  - {name: Abandoned searches, before: 14%, after: 15%, better: lower}\n")  # fmt: skip
    story = write_story(tmp_path, "r.md", regressed)
    assert kit_cli("build", story, "--kind", "onepager", "--out", tmp_path / "r").code == 0
    page = (tmp_path / "r" / "r" / "onepager.md").read_text(encoding="utf-8")
    assert "Trade-off" not in page and "**Also worse:** Deployment lead time rose from 6 weeks to 8 weeks" in page


def test_revenue_is_brought_in_not_saved(tmp_path: Path) -> None:
    text = onepager_with(tmp_path, [
        "name: Recommendation revenue, before: CHF 1.2M, after: CHF 1.5M, period: month, better: higher",
        "name: Model API spend, before: CHF 0, after: CHF 40k, period: month, better: lower"])  # fmt: skip
    assert "Net of CHF 480k a year in new costs, the changes bring in CHF 3.12M a year." in text
    assert "- **New revenue:** CHF 3.6M a year, minus CHF 480k a year of new costs: CHF 3.12M a year net." in text
    assert "save" not in text.split("## Results")[0]


def test_payback_says_when_it_counts_one_currency_of_several(tmp_path: Path) -> None:
    text = onepager_with(tmp_path, ["name: Cloud bill, before: $100k, after: $60k, period: month, better: lower",
                                    "name: Licence fees, before: €50k, after: €20k, period: month, better: lower"],
                         front="investment: {people: 2, duration: 3 months, cost: $120k}\n")  # fmt: skip
    assert "- **Payback:** 3 months, from the net in USD alone (EUR not converted)." in text
    assert "- **First-year return:** 300%, in USD alone as well." in text  # a return of one currency says so too


def test_the_bottom_line_leads_with_the_win_when_the_money_is_only_a_cost(tmp_path: Path) -> None:
    text = onepager_with(tmp_path, [
        "name: Time to find the failing service, before: 3 hours, after: 12 min, better: lower, headline: true",
        "name: Tracing bill, before: €4200, after: €6900, period: month, better: lower"])  # fmt: skip
    line = next(line for line in text.splitlines() if line.startswith("**Bottom line:**"))
    assert line.index("Time to find the failing service fell") < line.index("Tracing bill rose")


def test_a_lead_in_to_code_the_page_leaves_out_ends_as_a_sentence(tmp_path: Path) -> None:
    """ "We added dbt models that pre-aggregate by day:" was followed on the page by "Tools: dbt"."""
    approach = ("## Approach\n\nWe added models that pre-aggregate by day:\n\n"
                "```sql\nselect day, sum(amount) from orders group by 1\n```\n\nEverything else stayed as it was.\n")
    text = MINIMAL_STORY + "\n" + approach
    story = write_story(tmp_path, "s.md", text)
    assert kit_cli("build", story, "--kind", "onepager", "--out", tmp_path / "out").code == 0
    page = (tmp_path / "out" / "s" / "onepager.md").read_text(encoding="utf-8")
    assert "We added models that pre-aggregate by day." in page and "by day:" not in page


def test_a_lead_in_followed_by_another_paragraph_ends_as_a_sentence(tmp_path: Path) -> None:
    """ "We ran this command on every host:" stood over the bullets of a later paragraph."""
    approach = ("## Approach\n\nWe ran this command on every host:\n\n    ansible-playbook site.yml --check\n\n"
                "We watched three signals:\n\n- CPU\n- memory\n")
    story = write_story(tmp_path, "s.md", MINIMAL_STORY + "\n" + approach)
    assert kit_cli("build", story, "--kind", "onepager", "--out", tmp_path / "out").code == 0
    page = (tmp_path / "out" / "s" / "onepager.md").read_text(encoding="utf-8")
    assert "We ran this command on every host." in page and "host:" not in page and "ansible" not in page
