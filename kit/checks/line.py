"""A draft's line read for what it says about each figure: the metric named right before it,
the direction and period it claims.

`kit.checks.claims` judges each figure of a line with these; `kit.checks.order` reads which
of two figures is the before and which the after. The word lists both sides share are in
`kit.checks.reading`.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from dataclasses import dataclass, field

from kit import rx
from kit.checks.figure import FOLD, Figure
from kit.checks.index import GENERIC_WORDS, StoryIndex
from kit.checks.masking import when_needed
from kit.checks.reading import (
    BETTER,
    DOWN,
    FASTER,
    SLOWER,
    UP,
    WORSE,
    direction_after,
    direction_before,
    lemma,
    period_after,
    period_ahead,
    period_before,
)
from kit.checks.report import Finding
from kit.checks.supports import Support
from kit.quantity import Dimension

_LINK_WORDS = {
    "is", "was", "were", "are", "has", "had", "have", "been", "now", "went", "came", "from", "to", "by", "of",
    "at", "reached", "hit", "averaged", "stood", "sits", "sat", "stands", "the", "a", "an", "its", "their",
    "our", "about", "around", "roughly", "nearly", "almost", "over", "under", "just", "only", "median",
    "average", "before", "after", "today", "currently", "then", "this", "that", "itself", "also", "still",
    "goes", "dropped", "fell", "rose", "grew", "cut", "shrank", "climbed", "improved", "down", "up",
    "fallen", "risen", "grown", "increased", "decreased", "reduced", "halved", "doubled", "tripled",
    "jumped", "slashed", "sank", "more", "less", "than",
    "takes", "take", "took", "taking", "lasts", "lasted", "needs", "needed",  # "turnover now takes a day"
}  # fmt: skip
_SENTENCE_END = rx.compile(r"[.!?;]\s|\s[—–]\s")
_ASIDE = rx.compile(r"\([^()|]*\)")
_NAME_LINKS = {"a", "an", "the", "to", "of"}  # "Time to put a new feature into production"
_NAME_JOINERS = {"in", "per", "into"}
_TOKEN = rx.compile(r"[A-Za-z][A-Za-z'-]*|[|:,]|#")
WORD = rx.compile(r"[A-Za-z][A-Za-z'-]*")  # a word as the draft's side reads one
_RANGE_BETWEEN = rx.compile(r"\s*(?:to|–|-|—|→|->|and)\s*")


@dataclass
class Line:
    """One masked line of a draft and the figures read in it."""

    text: str  # the masked line
    figures: list[Figure]
    lower: str
    names: bool | None = None  # whether any word of it names a metric, once asked
    roles: dict[int, tuple[str | None, str | None]] = field(default_factory=dict)  # by column, once read (claims)

    def before(self, figure: Figure) -> str:
        return self.text[: figure.column]

    def after(self, figure: Figure) -> str:
        """The words after a figure up to the next figure."""
        end = figure.column + len(figure.text)
        following = [f.column for f in self.figures if f.column >= end]
        return self.text[end : min(following) if following else len(self.text)]

    @functools.cached_property
    def marked(self) -> str:
        """The line with each figure a "#" and spaces: what `attached_metric` reads before a figure."""
        text = self.text
        for figure in self.figures:
            end = figure.column + len(figure.text)
            width = min(end, len(text)) - figure.column
            text = text[: figure.column] + "#" + " " * (width - 1) + text[end:]
        return text

    @functools.cached_property
    def sentence_ends(self) -> list[int]:
        """Where each sentence of the marked line ends (a clause after ";" or a dash too), up to its last figure.

        Only ends at or before a figure are asked for, and the pattern's two ways start with
        different characters, so cutting the line at its last figure loses no end before it
        and makes none.
        """
        last = max((f.column for f in self.figures), default=len(self.marked))
        return [m.end() for m in _SENTENCE_END.finditer(self.marked, 0, last)]


def attached_metric(line: Line, figure: Figure, index: StoryIndex) -> str | None:
    """The metric named right before a figure, across linking words only: "lead time fell to"."""
    if line.names is None:
        line.names = not index.metric_words.keys().isdisjoint(map(lemma, WORD.findall(line.text)))
    if not line.names:
        return None  # the line names no metric at all
    # The marked line up to the figure is the line before it with every figure before it marked:
    # marks and sentence ends after it change nothing before it.
    ends = line.sentence_ends  # in order: the figure's sentence starts at the last one before it
    sentence = ends[bisect_right(ends, figure.column) - 1] if ends and ends[0] <= figure.column else 0
    before = line.marked[sentence : figure.column]
    if "(" in before:
        before = _ASIDE.sub(" ", before)  # "latency (p99) fell to"
    tokens = _TOKEN.findall(before)[-10:]
    named: set[str] | None = None
    generic = False  # a generic word was passed: part of a name, if the name is all generic words
    for at in range(len(tokens) - 1, -1, -1):
        word = tokens[at].lower()
        if at and tokens[at - 1] == "#" and lemma(word) in index.metric_words:
            continue  # a name's word right after another figure is what that figure counts ("6 tickets")
        if word == "," and generic and named is None:
            break  # "…, cost savings from $10k": the name before the comma is this figure's, all generic
        if word in ("#", "|", ":", ","):
            if named is not None:
                break
            continue
        if word in _LINK_WORDS:
            if named is not None and (len(named) == 1 or word not in _NAME_LINKS):
                break  # the name is read; "a", "the", "to" may still be inside an ambiguous one
            continue
        if word in _NAME_JOINERS:
            continue  # "models in production", "reviews per week"
        lemmatised = lemma(word)
        metrics = index.metric_words.get(lemmatised)
        if metrics is None:
            if lemmatised in GENERIC_WORDS:
                generic = True
                continue  # "lead time": "time" says nothing, the word before it may
            break
        named = set(metrics) if named is None else named & metrics or named
    if named and len(named) == 1:
        return next(iter(named))
    return None


def metric_named_before(text: str, column: int, index: StoryIndex) -> str | None:
    """The metric named right before a column of a line read for no figure: "Cleaning costs" of
    "Cleaning costs went down", read as `attached_metric` reads the name before a figure."""
    at = Figure(0.0, Dimension.NUMBER, "", "", 1, column, 0.0)
    return attached_metric(Line(text, [], text.lower()), at, index)


# What ties a metric named after a figure to it: a change noun or a comparative, then "in", "of"
# or "on": "a 92% reduction in egress spend", "a 13× drop in failed jobs", "92% less on egress",
# "a 32% faster cold start". Up to the clause's end, at most six words.
_NAMED_AFTER = rx.compile(
    r"^\s*(?:(?:less|more|lower|higher|fewer|faster|slower|smaller|larger|bigger|cheaper|shorter|longer)\s+"
    r"(?:(?:in|of|on|for)\s+)?"
    r"|(?:reduction|drop|decrease|increase|rise|cut|improvement|gain|fall|jump|decline|growth|speed-?up|saving)s?"
    r"\s+(?:in|of|on|for)\s+)"
    r"(?:(?:the|our|their|its)\s+)?(?P<words>[A-Za-z][A-Za-z' -]*)",
    re.IGNORECASE,
)


def metric_named_after(line: Line, figure: Figure, index: StoryIndex) -> str | None:
    """The one metric named right after a figure through a change noun or a comparative: "a 92%
    reduction in egress spend" (the usual order of an LLM's sentence), else None."""
    match = _NAMED_AFTER.match(line.after(figure))
    if match is None:
        return None
    found: set[str] | None = None
    for word in match.group("words").split()[:6]:
        metrics = index.metric_words.get(lemma(word.strip("'-")))
        if metrics is None:
            if found is not None:
                break  # the name is read
            continue
        found = set(metrics) if found is None else (found & metrics) or found
    return next(iter(found)) if found and len(found) == 1 else None


def mentioned_metric(text: str, index: StoryIndex) -> str | None:
    """The one metric a line names, for "the story says"."""
    found: set[str] = set()
    for word in WORD.findall(text):
        found |= index.metric_words.get(lemma(word), frozenset())
    return next(iter(found)) if len(found) == 1 else None


def agrees(claimed: str, support: Support) -> bool:
    """Whether a claimed direction ("up", "faster", "better") is the way a support's value went."""
    if claimed in (UP, DOWN):
        return support.trend == (1 if claimed == UP else -1)
    if claimed in (FASTER, SLOWER):
        if support.measure != "duration":
            return True  # "faster" of a throughput says nothing about its sign
        return support.trend == (-1 if claimed == FASTER else 1)
    if claimed in (BETTER, WORSE):
        return (support.trend * support.better > 0) == (claimed == BETTER)
    return True


# "by half" has no direction of its own: "fell by half", "rose by half" (the words before it say which).
_WORD_DIRECTION = when_needed(r"^(?:doubl|tripl|quadrupl|twice)|^(?P<down>halv|cut .*half)", re.IGNORECASE)


def claimed_direction(line: Line, figure: Figure) -> str | None:
    """The direction a line gives a figure: "rose by 40%", "400 ms lower", "halved"."""
    if figure.hedge == "implied" and figure.unit in (FOLD, "%"):
        match = _WORD_DIRECTION().match(figure.text)
        if match:
            return DOWN if match.group("down") else UP
    return direction_after(line.after(figure)) or direction_before(line.before(figure))


@dataclass
class Judged:
    """A figure of a line, judged: the supports it may stand for, or the finding that says why none."""

    figure: Figure
    candidates: list[Support]  # what it may stand for, narrowed by its claim
    finding: Finding | None = None


def claimed_period(line: Line, figure: Figure, following: Figure | None = None) -> str | None:
    """The period a line gives a figure: "$120k a month", "annual savings of $960k".

    `following` is the line's next figure: "from $210k to $128k a month", the first end of a
    range takes the period of the second.
    """
    period = _period_of(line, figure)
    if period is None and following is not None:
        between = line.text[figure.column + len(figure.text) : following.column]
        if _RANGE_BETWEEN.fullmatch(between):
            return _period_of(line, following)
    return period


def _period_of(line: Line, figure: Figure) -> str | None:
    if figure.dimension not in (Dimension.MONEY, Dimension.DURATION, Dimension.NUMBER) or figure.unit == FOLD:
        return None
    before = line.before(figure)
    return period_after(line.after(figure)) or period_before(before) or period_ahead(before)
