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
from itertools import chain

from kit import rx
from kit.checks.reading import PERSON, content_words
from kit.checks.supports import ByValue, Support, bare, view_supports
from kit.memo import PerObject, PerStory
from kit.story import Story
from kit.views import NotPublicError, View, view_of

# Words that never name a metric alone: units, "time" and "rate", and words a sentence uses
# for anything ("the project cost $540k", "the first change was ...").
GENERIC_WORDS = {
    "time", "rate", "number", "count", "total", "average", "median", "mean", "per", "day", "week", "month", "quarter",
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
    by_value: ByValue  # the supports, for finding a figure's values
    internal: list[Support] | None  # every internal value, for a public audience
    internal_metrics: list[Support]  # values of internal metrics, internal wherever they appear
    metric_words: dict[str, frozenset[str]] = field(default_factory=dict)  # distinctive lemma -> metrics
    words_of: dict[str, frozenset[str]] = field(default_factory=dict)  # metric -> its distinctive lemmas
    nouns: frozenset[str] = frozenset()  # every count noun the story's values have
    years: frozenset[int] = frozenset()
    sentences: frozenset[str] = frozenset()  # the view's own prose, a sentence each (`own_sentence`)
    changes_of: dict[str, Support] = field(default_factory=dict)  # metric -> a change of it that rose or fell


def story_index(story: Story, audience: str) -> StoryIndex:
    """The index of a story for an audience, made once while the story is in use."""
    return _INDEXES(story, audience)


def _supports(story: Story, audience: str) -> list[Support]:
    """What a view of the story supports: a public draft's index reads the internal values too,
    and the internal drafts of the same story read them again."""
    view = view_of(story, audience)
    if audience == "public" and not story.meta.ask and _same_parts(view, view_of(story, "internal")):
        # Most stories keep nothing internal: the internal view, which a public index reads
        # too, has the very same parts (the ask is the only prose the public view leaves out).
        return _SUPPORTS(story, "internal")
    return view_supports(view)


def _same_parts(view: View, other: View) -> bool:
    """Whether two views of a story show the same parts: `view_supports` finds the same values in them."""
    return (view.metrics, view.quotes, view.sections, view.investment) == (
        other.metrics, other.quotes, other.sections, other.investment)  # fmt: skip


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
    # A name's verb in another form names it too ("corridor boarding" of "patients boarded in the corridor"),
    # unless that form is a word of a name itself: a name as written comes first.
    forms: dict[str, set[str]] = {}
    for word, metrics in words.items():
        for form in _verb_forms(word):
            if form not in words and form not in GENERIC_WORDS:
                forms.setdefault(form, set()).update(metrics)
    words.update(forms)
    structured = [*supports, *(internal_metrics or ())]
    nouns = frozenset().union(*(s.noun for s in structured if s.noun and not s.prose)) | {PERSON}
    years = _YEARS(story)
    words_of = {m.name: frozenset(content_words(m.name) - GENERIC_WORDS) for m in view.metrics}
    metric_words = {w: frozenset(m) for w, m in words.items()}
    return StoryIndex(story, view, public_view, supports, _BY_VALUE(supports), internal, internal_metrics,
                      metric_words, words_of, frozenset(nouns), years, _own_sentences(view),
                      _changes_of(supports))  # fmt: skip


def _verb_forms(word: str) -> tuple[str, ...]:
    """The other forms of a verb's participle, as `lemma` leaves them: "boarded" -> board, boarding;
    "cancelling" -> cancel, cancelled; any other word has none."""
    if word.endswith("ed") and len(word) > 5:
        stem = word[:-2]
    elif word.endswith("ing") and len(word) > 6:
        stem = word[:-3]
    else:
        return ()
    stems = [stem]
    if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] != "s":
        stems.append(stem[:-1])  # "cancell", "shipp": the verb is "cancel", "ship"
    forms = (stems[-1], *(f"{s}{ending}" for s in stems for ending in ("ed", "ing")))
    return tuple(f for f in dict.fromkeys(forms) if f != word)


def _changes_of(supports: Sequence[Support]) -> dict[str, Support]:
    """The first change of each metric that went a way (rose or fell), for a level said with a direction."""
    found: dict[str, Support] = {}
    for support in supports:
        if support.role == "change" and support.trend and support.quantity and not support.prose:
            for name in support.quantity:
                found.setdefault(name, support)
    return found


# A sentence ends at ".", "!" or "?" before a space; list, quote and heading marks, a thread's
# post numbers and emphasis around it are the draft's layout, not its words.
_SENTENCE_END = rx.compile(r"(?<=[.!?])\s+")
_LAYOUT = rx.compile(r"^(?:[-*+>#]+\s+|\d+[.)]\s+|\d+/\d+\s+)+|[*_]{1,3}")


def sentence_key(sentence: str) -> str:
    """A sentence as `own_sentence` compares it: its words, spaces collapsed, layout marks dropped."""
    return " ".join(_LAYOUT.sub("", sentence.strip()).split())


def _own_sentences(view: View) -> frozenset[str]:
    """Every sentence with a figure of the story's own prose this view shows: its summary, introduction
    and sections (`prose_sentences` that have a digit: a sentence without one vouches for no figure)."""
    return frozenset(key for key in prose_sentences(view) if any(c.isdigit() for c in key))


def prose_sentences(view: View) -> frozenset[str]:
    """Every sentence of the view's own prose (`sentence_key`), with figures or without: what a draft
    repeats of the story word for word is the story's to say. Made when first asked for, once per view."""
    return _PROSE_SENTENCES(view)


def _prose_sentences(view: View) -> frozenset[str]:
    meta = view.story.meta
    texts = [meta.summary, view.story.intro, *(s.body for s in view.sections)]
    return frozenset(
        key
        for text in texts
        if text
        for line in text.splitlines()
        for sentence in _SENTENCE_END.split(line)
        if (key := sentence_key(sentence))
    )


_PROSE_SENTENCES: PerObject[View, frozenset[str]] = PerObject(_prose_sentences)


def own_spans(text: str, sentences: frozenset[str]) -> list[tuple[int, int]]:
    """Where a draft's line has a sentence of the story's own, word for word: what it says is the
    story's to say (`kit validate` reads the story's prose against its metrics).

    A bracket kit put in the story's sentence ("from 3 days to 3 min (99.9% less time)", the blog's
    lede) leaves the rest the story's own; what the bracket says is kit's, and is judged (it is left
    out of the spans).
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for end in [*(m.start() for m in _SENTENCE_END.finditer(text)), len(text)]:
        sentence = text[start:end]
        if sentence_key(sentence) in sentences:
            spans.append((start, end))
        elif "(" in sentence and sentence_key(_BRACKET.sub("", sentence)) in sentences:
            cut = [start, *(edge for a, b in _brackets(sentence) for edge in (start + a, start + b)), end]
            spans += list(zip(cut[::2], cut[1::2], strict=True))
        match = _SENTENCE_END.match(text, end)
        start = match.end() if match else end
    return spans


_BRACKET = rx.compile(r"\s*\([^()]*\)")


def _brackets(sentence: str) -> list[tuple[int, int]]:
    return [m.span() for m in _BRACKET.finditer(sentence)]


_INDEXES = PerStory(_build_index)
_BY_VALUE: PerObject[list[Support], ByValue] = PerObject(ByValue)  # both audiences' when they share supports


def _years(story: Story) -> frozenset[int]:
    """Every year the story gives, in any field: the same for every audience."""
    meta = story.meta
    text = "\n".join([meta.model_dump_json(), story.intro, *(f"{s.title}\n{s.body}" for s in story.sections)])
    return frozenset(int(y) for y in re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", text))


_YEARS: PerObject[Story, frozenset[int]] = PerObject(_years)


def draft_supports(indexes: Sequence[StoryIndex], own: Sequence[Support]) -> list[Support]:
    """What a draft of these stories may state: their supports, then its own (`own_supports`)."""
    return [*chain.from_iterable(i.supports for i in indexes), *own]


def own_supports(extra: Sequence[Support], stories: int) -> list[Support]:
    """What a draft may state beyond its stories' supports: what kit vouches for, the count of stories."""
    count = bare(stories, "number of stories", str(stories))._replace(noun=frozenset({"story", "team", "project"}))
    return [*extra, count]
