"""The social kind: a LinkedIn post and a numbered X/Bluesky thread, built, fitted and checked."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from kit.kinds.social import POST_CHARS, hashtags, parse_posts, x_length
from tests.support import EXAMPLES, MINIMAL_STORY, kit_cli, write_story

# ---- counting as the platforms count -------------------------------------------------------


def test_x_counts_links_as_23_and_wide_characters_as_2() -> None:
    assert x_length("Deploys in 2 days.") == 18
    assert x_length("https://example.com/" + "a" * 200) == 23
    assert x_length("Read https://a.example/x now") == len("Read ") + 23 + len(" now")
    assert x_length("日本語") == 6


@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=300))
def test_plain_ascii_counts_one_per_character(text: str) -> None:
    if "http" not in text:
        assert x_length(text) == len(text)


@given(st.text(alphabet="abc ", max_size=50), st.text(alphabet="abcdef/", min_size=1, max_size=300))
def test_a_link_of_any_length_counts_23(text: str, path: str) -> None:
    assert x_length(f"{text} https://x.example/{path}") == len(text) + 1 + 23


def test_hashtags_come_from_tags_then_tools_three_to_five() -> None:
    assert hashtags(["feature-store", "MLOps", "mlops", "2026"], ["Feast"]) == ["#FeatureStore", "#MLOps", "#Feast"]
    assert hashtags(["a", "b", "c", "d", "e", "f"], []) == ["#a", "#b", "#c", "#d", "#e"]
    assert hashtags([], ["Argo CD", "Kubernetes", "Kafka", "Spark"]) == ["#ArgoCD", "#Kubernetes", "#Kafka"]
    assert hashtags(["日本", "données-ml", "2026"], ["Argo CD"]) == ["#日本", "#DonnéesMl", "#ArgoCD"]  # any script


# ---- built from every example ---------------------------------------------------------------


def test_every_public_example_gets_a_checked_post_and_thread(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _, err = kit_cli("build", str(EXAMPLES / "stories"), "--kind", "social", "--out", str(out))
    assert code == 0, err
    drafts = sorted(out.glob("*/social.md"))
    assert len(drafts) == 5  # the five public examples; internal ones are skipped with a notice
    assert err.count("internal story; `social` is public") == 3
    for draft in drafts:
        text = draft.read_text()
        assert "status: draft" in text and "facts: ok" in text and "visibility: ok" in text
        linkedin, posts = parse_posts(text.split("\n---\n", 1)[1])
        hook = linkedin.splitlines()[0]
        assert " from " in hook and " to " in hook  # the headline figure with its baseline
        assert len(linkedin) <= 3000
        assert 3 <= linkedin.split("\n")[-1].count("#") <= 5
        assert [p.split(" ", 1)[0] for p in posts] == [f"{i}/{len(posts)}" for i in range(1, len(posts) + 1)]
        assert all(x_length(p) <= POST_CHARS for p in posts)
        data = json.loads(draft.with_name("social.json").read_text())
        assert [p["text"] for p in data["thread"]] == posts
        assert data["linkedin"]["text"] == linkedin
    code, out_text, _ = kit_cli("check", str(out))
    assert code == 0, out_text


# ---- a story of another shape: eight metrics, a long problem, an internal figure -------------

EIGHT = """\
---
title: Checkout got faster on every front
date: 2026-10-01
team: Payments
visibility: public
authors:
  - name: Ana Souza
    role: Payments lead
tags: [payments, performance]
tools: [Postgres, Redis]
metrics:
  - {name: Checkout latency, before: 1200 ms, after: 300 ms, better: lower, headline: true}
  - {name: Payment errors, before: 40, after: 10, unit: errors, period: week, better: lower}
  - {name: Conversion, before: 61%, after: 64%, better: higher}
  - {name: Card retries, before: 900, after: 300, unit: retries, period: day, better: lower}
  - {name: Pages per checkout, before: 5, after: 3, unit: pages, better: lower}
  - {name: Fraud review queue, before: 3 days, after: 6 hours, better: lower}
  - {name: Refund time, before: 10 days, after: 2 days, better: lower}
  - {name: Support tickets about checkout, before: 800, after: 350, unit: tickets, period: month, better: lower}
  - {name: Database CPU, before: 87%, after: 52%, better: lower, internal: true}
---
## Problem
Checkout was slow because every one of its five pages made its own round trip to three different services,
each of which validated the card again, reloaded the basket from the primary database, recomputed taxes,
and wrote an audit row before the customer saw anything at all, so a busy evening meant queues everywhere.

## Approach
One service, one round trip per page.

## Lessons
- **Measure the slowest page first.** It was not the one we guessed.
"""


def test_a_long_story_is_split_into_posts_that_each_fit(tmp_path: Path) -> None:
    story = write_story(tmp_path, "checkout.md", EIGHT)
    out = tmp_path / "out"
    code, _, err = kit_cli("build", str(story), "--kind", "social", "--out", str(out))
    assert code == 0, err
    text = (out / "checkout" / "social.md").read_text()
    linkedin, posts = parse_posts(text.split("\n---\n", 1)[1])
    assert len(posts) >= 6
    assert all(x_length(p) <= POST_CHARS for p in posts)
    assert "87%" not in text and "52%" not in text and "Database CPU" not in text  # the internal metric stays out
    assert "#payments #performance #Postgres" in linkedin


def test_kit_check_catches_a_wrong_figure_and_an_overlong_post(tmp_path: Path) -> None:
    story = write_story(tmp_path, "deploys.md", MINIMAL_STORY)
    out = tmp_path / "out"
    assert kit_cli("build", str(story), "--kind", "social", "--out", str(out))[0] in (0, 1)
    draft = out / "deploys" / "social.md"
    text = draft.read_text()
    assert "21× faster" in text
    draft.write_text(text.replace("21× faster", "25× faster", 1))
    code, report, _ = kit_cli("check", str(draft))
    assert code == 1
    assert 'facts: "25×": no figure in the story supports this' in report
    long_post = "2/3 " + "word " * 70
    _, posts = parse_posts(text.split("\n---\n", 1)[1])
    draft.write_text(text.replace(posts[1], long_post.strip()))
    code, report, _ = kit_cli("check", str(draft))
    assert code == 1
    assert 'limits: "post 2": 353 characters as X counts them (a link is 23); the limit is 280 (cut 73)' in report


def test_an_internal_story_gets_no_social_posts(tmp_path: Path) -> None:
    story = write_story(tmp_path, "secret.md", MINIMAL_STORY.replace("visibility: public", "visibility: internal"))
    code, _, err = kit_cli("build", str(story), "--kind", "social", "--out", str(tmp_path / "out"))
    assert code == 2
    assert "internal story; `social` is public (set `visibility: public` to publish it)" in err
    assert not (tmp_path / "out").exists()


def test_the_hashtag_warning_counts_in_words_and_says_which_way_to_go(tmp_path: Path) -> None:
    story = write_story(tmp_path, "deploys.md", MINIMAL_STORY)  # no tags, no tools: no hashtags
    out = tmp_path / "out"
    kit_cli("build", str(story), "--kind", "social", "--out", str(out))
    draft = out / "deploys" / "social.md"
    code, report, _ = kit_cli("check", str(draft))
    assert '"hashtags": no hashtags; posts reach further with 3 to 5 (add `tags:` or `tools:` to the story)' in report
    text = draft.read_text()
    # Only the LinkedIn post's hashtags count; it comes first, the thread's post 2/3 after it.
    draft.write_text(text.replace("\nDeploys took weeks.", "\nDeploys took weeks. #mlops", 1))
    code, report, _ = kit_cli("check", str(draft))
    assert '"hashtags": 1 hashtag; posts' in report
    draft.write_text(text.replace("\nDeploys took weeks.", "\nDeploys took weeks. #a #b #c #d #e #f", 1))
    code, report, _ = kit_cli("check", str(draft))
    assert '"hashtags": 6 hashtags; posts reach further with 3 to 5 (remove some from the post)' in report


def test_the_headline_is_said_once_and_how_only_when_the_story_says_how(tmp_path: Path) -> None:
    # No metric is marked headline: kit picks one, and must not list it again as "along the way".
    bare = MINIMAL_STORY.replace("    headline: true\n", "")
    story = write_story(tmp_path, "deploys.md", bare.split("\n---\n")[0] + "\n---\n")  # no body: no approach
    out = tmp_path / "out"
    code, _, err = kit_cli("build", str(story), "--kind", "social", "--out", str(out))
    assert code in (0, 1), err
    text = (out / "deploys" / "social.md").read_text()
    assert text.count("from 6 weeks to 2 days") == 2  # once in the LinkedIn post, once in the thread
    assert "Along the way" not in text and "Also," not in text
    assert "Here is how." not in text


# ---- hooks that read well, and a regression told as one (review h15) --------------------------


def built_posts(tmp_path: Path, text: str) -> tuple[str, list[str]]:
    """The LinkedIn post and the thread `kit build` writes, after `kit check` passes them."""
    story = write_story(tmp_path, "s.md", text)
    code, _, err = kit_cli("build", str(story), "--kind", "social", "--out", str(tmp_path / "out"))
    assert code == 0, err
    draft = tmp_path / "out" / "s" / "social.md"
    code, report, _ = kit_cli("check", str(draft), "--story", str(story))
    assert "facts: ok" in draft.read_text() and "error" not in report, report
    return parse_posts(draft.read_text().split("\n---\n", 1)[1])


def test_the_hook_leads_with_the_metric_whatever_the_team_is_called(tmp_path: Path) -> None:
    text = MINIMAL_STORY.replace("team: ML Platform", "team: Maths Department").replace(
        "name: Deployment lead time\n    before: 6 weeks\n    after: 2 days\n    better: lower",
        "name: GCSE maths pass rate\n    before: 97.5%\n    after: 99.8%\n    better: higher",
    )
    linkedin, posts = built_posts(tmp_path, text)
    hook = "The GCSE maths pass rate went from 97.5% to 99.8% (up 2.3 percentage points)."
    assert linkedin.startswith(hook + "\n") and posts[0] == f"1/{len(posts)} {hook}"
    assert "Maths Department took" not in linkedin + "".join(posts)


def test_a_regression_is_never_celebrated(tmp_path: Path) -> None:
    text = MINIMAL_STORY.replace("better: lower", "better: higher") + "\n## Lessons\n- **Check the queue.** It grew.\n"
    linkedin, posts = built_posts(tmp_path, text)
    hook = "Not every change works out: the deployment lead time went from 6 weeks to 2 days (95% less time, worse)."
    assert linkedin.startswith(hook + "\n")
    assert posts[0] == f"1/{len(posts)} {hook} Here is what we learned."
    assert "ML Platform took" not in linkedin + "".join(posts)


def test_a_section_of_only_a_table_or_code_gives_no_sentence(tmp_path: Path) -> None:
    """A Problem that is only a table and an Approach that is only code were flattened into the posts and
    the talk's abstract: "2/3 | Before | After | |---|---| ...", "What we did: ```python print(...)"."""
    story = write_story(tmp_path, "tbl.md", MINIMAL_STORY.replace("## Problem\nDeploys took weeks.\n", (
        "## Problem\n| Before | After |\n|---|---|\n| 6 weeks | 2 days |\n\n"
        "## Approach\n```python\nprint('paved road')\n```\n")))  # fmt: skip
    code, _, err = kit_cli("build", story, "--kind", "social,talk", "--out", tmp_path / "out")
    assert code == 0, err
    for name in ("social.md", "social.json", "talk.md", "talk.json"):
        text = (tmp_path / "out" / "tbl" / name).read_text(encoding="utf-8")
        assert "| Before |" not in text and "print(" not in text and "What we did:" not in text, name
