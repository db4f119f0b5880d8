"""Judging a draft's figures fast judges them as reading everything would.

The claims check finds a figure's values in its stories' supports, sorted once per story
(`StoryIndex.by_value`), and the draft's own, merged; it reads a "from A to B" between two
figures only where the words between them end as one can; masking finds "Java 21" with a
pattern that fails fast where no name and number are; a story that keeps nothing internal is
read once for both audiences. These tests compare each shortcut with the plain reading it
stands for.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit.checks import check_draft, claims, masking, order
from kit.checks.figures import extract_figures
from kit.checks.index import draft_supports, own_supports, story_index
from kit.checks.supports import Support, extra_supports, families_of_figure, matching_supports, view_supports
from kit.load import load_story
from kit.story import Story
from kit.views import view_of
from tests.support import DATA

STORIES = [load_story(p) for p in sorted((DATA / "claims" / "stories").glob("*.md"))]
EVERY_STORY = [
    *STORIES,
    *(load_story(p) for p in sorted((DATA / "stories").glob("*.md"))),
    load_story(DATA / "check" / "story.md"),
]
CASES = [json.loads(line) for line in (DATA / "claims" / "cases.jsonl").read_text(encoding="utf-8").splitlines()]
NUMBERS = ["1", "2", "3", "4", "5", "6", "10", "12", "20", "30", "45%", "67%", "21×", "2×", "$1.2M", "€40k"]
NUMBERS += ["£3k", "4.6", "6 weeks", "2 days", "30 minutes", "3 stories", "20 points", "about 4 months", "over 40×"]


def _plain(figure_text: str, supports: list[Support]) -> list[list[Support]]:
    """What `_Lookup.matching` stands for: per family, the matching supports in a stable sort by value."""
    (figure,) = extract_figures(figure_text)
    found = matching_supports(figure, supports)
    return [sorted((s for s in found if s.family == f), key=lambda s: s.value) for f in families_of_figure(figure)]


@pytest.mark.parametrize("audience", ["public", "internal"])
@pytest.mark.parametrize("count", [1, 2, len(STORIES)])
def test_a_drafts_lookup_finds_what_one_sort_of_all_its_supports_finds(audience: str, count: int) -> None:
    indexes = [story_index(s, audience) for s in STORIES[:count]]
    own = own_supports(extra_supports(["(5 min)", 3, 2.0, "30 minutes", "$1.2M", "21×", "45%"]), count)
    lookup = claims._Lookup(indexes, own)
    supports = draft_supports(indexes, own)
    assert lookup.supports == supports
    for text in NUMBERS:
        (figure,) = extract_figures(text)
        expected = [s for run in _plain(text, supports) for s in run]
        assert lookup.matching(figure) == expected, text


_WORDS = ["from", "From", "FROM", "to", "TO", "→", "->", "⇒", "up", "down", "instead of", "rather than",
          "compared with", "compared to", "fell", "rose", "at", "of", "than", "with", "and", ",", "(", "ſ"]  # fmt: skip


def _without_the_pair_test() -> pytest.MonkeyPatch:
    patch = pytest.MonkeyPatch()
    patch.setattr(order, "_PAIR_ENDS", ("",))  # every text ends with ""
    return patch


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=4), st.lists(st.sampled_from(_WORDS), max_size=4))
def test_before_and_after_read_with_the_pair_test_are_read_as_without(opening: list[str], between: list[str]) -> None:
    story = STORIES[0]
    metric = story.meta.metrics[0]
    text = f"{metric.name} {' '.join(opening)} {metric.after.text} {' '.join(between)} {metric.before.text}.\n"
    fast = check_draft(text, story, kind="blog", audience="public")
    patch = _without_the_pair_test()
    try:
        slow = check_draft(text, story, kind="blog", audience="public")
    finally:
        patch.undo()
    assert fast == slow


def test_the_swap_cases_read_with_the_pair_test_are_read_as_without() -> None:
    stories = {p.name: load_story(p) for p in Path(DATA / "claims" / "stories").glob("*.md")}
    cases = [c for c in CASES if c and c["cls"] == "swap"]
    fast = [check_draft(c["text"] + "\n", stories[c["story"]], kind="blog", audience="public") for c in cases]
    patch = _without_the_pair_test()
    try:
        slow = [check_draft(c["text"] + "\n", stories[c["story"]], kind="blog", audience="public") for c in cases]
    finally:
        patch.undo()
    assert fast == slow


# `masking._NAMED_RELEASE` as it was written before its look-aheads were added.
_RELEASE = re.compile(
    r"(?<![.!?:]\s)(?<!^)\b(?P<name>[A-Z][A-Za-z+#]*[a-z+#][A-Za-z+#]*|[a-z]+[A-Z][A-Za-z+#]*"
    r"|(?!(?:ROI|SLA|SLO|NPS|KPI|OKR|MAU|DAU|ARR|MRR|TCO|FTE|QPS|RPS|CPU|GPU|RAM)\b)[A-Z]{2,6})"
    r" (?P<version>\d{1,3})" + masking._CLAUSE_ENDS,
    re.MULTILINE,
)
_RELEASE_PIECES = ["We run ", "Java ", "Node ", "iOS ", "PHP ", "ROI ", "macOS ", "C# ", "C++ ", "java ", "Java",
                   "21", "3", "1234", " ", ".", ". ", ":", "\n", ",", " and", " with", " LTS", "(", ")", "x", "_",
                   "1.2", "+", "#"]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_RELEASE_PIECES), max_size=8))
def test_named_releases_are_found_as_the_plain_pattern_finds_them(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert [m.span() for m in masking._NAMED_RELEASE().finditer(text)] == [m.span() for m in _RELEASE.finditer(text)]


@pytest.mark.parametrize("story", EVERY_STORY, ids=lambda s: s.path.name)
def test_each_index_reads_what_its_view_supports(story: Story) -> None:
    audiences = ["public", "internal"] if story.public else ["internal"]
    for audience in audiences:
        assert story_index(story, audience).supports == view_supports(view_of(story, audience))


def test_stories_with_and_without_internal_parts_are_both_tested() -> None:
    public = [s for s in EVERY_STORY if s.public]
    same = [s for s in public if view_supports(view_of(s, "public")) == view_supports(view_of(s, "internal"))]
    assert same and len(same) < len(public)
