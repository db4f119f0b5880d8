"""What a story lets a draft say, read once per story and audience: `StoryIndex`.

The supported values of the view the audience may see (`kit.checks.supports`), the internal
values a public draft must not show, the words that name each metric, the count nouns the
story's values have and the years it gives. `story_index` keeps a small cache, so checking
many drafts of one story reads the story once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from kit.checks.reading import PERSON, content_words
from kit.checks.supports import Support, bare, view_supports
from kit.memo import PerStory
from kit.story import Story
from kit.views import NotPublicError, View, view_of

# Words that never name a metric alone: units, "time" and "rate", and words a sentence uses
# for anything ("the project cost $540k", "the first change was ...").
GENERIC_WORDS = {
    "time", "rate", "number", "count", "total", "average", "median", "mean", "per", "day", "week", "month",
    "year", "p50", "p90", "p95", "p99", "share", "percentage", "level", "amount", "value", "cost", "saving",
    "spent", "person", "team", "hour", "minute", "second", "ms", "people", "spend", "new", "production",
    "change", "first", "last", "used", "more", "than", "one", "run", "work", "project", "release", "step",
    "result", "before", "after", "each", "every", "all", "any", "size", "score",
}  # fmt: skip


@dataclass
class StoryIndex:
    """What one story lets a draft for one audience say, read once."""

    story: Story
    view: View
    public_view: bool  # False when a public draft was asked of an internal story
    supports: list[Support]
    internal: list[Support] | None  # every internal value, for a public audience
    internal_metrics: list[Support]  # values of internal metrics, internal wherever they appear
    metric_words: dict[str, frozenset[str]] = field(default_factory=dict)  # distinctive lemma -> metrics
    words_of: dict[str, frozenset[str]] = field(default_factory=dict)  # metric -> its distinctive lemmas
    nouns: frozenset[str] = frozenset()  # every count noun the story's values have
    years: frozenset[int] = frozenset()


def story_index(story: Story, audience: str) -> StoryIndex:
    """The index of a story for an audience, made once while the story is in use."""
    return _INDEXES(story, audience)


def _supports(story: Story, audience: str) -> list[Support]:
    """What a view of the story supports: a public draft's index reads the internal values too,
    and the internal drafts of the same story read them again."""
    return view_supports(view_of(story, audience))


_SUPPORTS = PerStory(_supports)


def _build_index(story: Story, audience: str) -> StoryIndex:
    public_view = True
    try:
        view = view_of(story, audience)
    except NotPublicError:
        public_view = False
        view = view_of(story, "internal")
    supports = _SUPPORTS(story, view.audience)
    internal: list[Support] | None = None
    internal_metrics: list[Support] = []
    if audience == "public" and public_view:
        internal = _SUPPORTS(story, "internal")
        names = {m.name for m in story.meta.metrics if m.internal}
        internal_metrics = [s for s in internal if s.quantity and s.quantity & names and s.role and not s.converted]
    words: dict[str, set[str]] = {}
    for metric in view.metrics:
        for word in content_words(metric.name) - GENERIC_WORDS:
            words.setdefault(word, set()).add(metric.name)
    structured = [*supports, *(internal_metrics or ())]
    nouns = frozenset(n for s in structured if s.noun and not s.prose for n in s.noun) | {PERSON}
    years = {int(y) for y in re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", _story_text(story))}
    words_of = {m.name: frozenset(content_words(m.name) - GENERIC_WORDS) for m in view.metrics}
    metric_words = {w: frozenset(m) for w, m in words.items()}
    return StoryIndex(story, view, public_view, supports, internal, internal_metrics,
                      metric_words, words_of, frozenset(nouns), frozenset(years))  # fmt: skip


_INDEXES = PerStory(_build_index)


def _story_text(story: Story) -> str:
    meta = story.meta
    parts = [meta.model_dump_json(), story.intro, *(f"{s.title}\n{s.body}" for s in story.sections)]
    return "\n".join(parts)


def draft_supports(indexes: Sequence[StoryIndex], extra: Sequence[Support], stories: int) -> list[Support]:
    """What a draft of these stories may state: their supports, what kit vouches for, the count."""
    count = bare(stories, "number of stories", str(stories))._replace(noun=frozenset({"story", "team", "project"}))
    return [s for i in indexes for s in i.supports] + list(extra) + [count]
