"""The claim around each figure: what it is about, which way it went, from what to what, per what.

A number the story has can still be a false claim. For each figure the values it is true
for (as `kit.checks.supports.matching_supports`) are narrowed by what its line says about
it, one pass per line:
- the period ("$120k a month", "annual savings of $960k"): a value per another period fails,
  and a per-period value converted to the period said passes;
- the quantity: a count noun after it ("12 engineers") must be what that value counts, and
  a metric named right before it ("lead time fell to ...") must be the metric it belongs to;
- the direction of a change ("rose by", "400 ms lower", "95% less", "21× faster");
- "from A to B", "A → B", "B, up from A", "to B from A" and "B instead of A", and the cells of
  a table's Before and After columns: A is the before value, B the after (`kit.checks.order`);
- a percentage metric's change in "%" (relative) instead of percentage points, unless the
  line says "relative";
- money called a saving ("saves", "we saved", "Savings:", "of savings") must be one: a cost that
  fell or money earned, not a cost that rose, the new costs or net savings below zero;
- a score's value said with a scale ("8.1 out of 5", "4.4/10") must be on its metric's scale.
Where the words tie the figure to nothing, today's rule stands: a figure the story supports
passes. What a line says about a figure (the metric named before it, its direction and
period) is read by `kit.checks.line`; this module checks it against what the story supports,
from `kit.checks.index`, read once per story and audience. Quotes' speakers are checked in
`kit.checks.quotes`, years in `kit.checks.dates`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import replace
from heapq import merge
from operator import attrgetter
from typing import NamedTuple

from kit import rx
from kit.checks.figures import FOLD, Figure, figures_of_masked, word_value
from kit.checks.index import StoryIndex, draft_supports, own_spans
from kit.checks.line import (
    WORD,
    Judged,
    Line,
    agrees,
    attached_metric,
    claimed_direction,
    claimed_period,
    mentioned_metric,
    metric_named_after,
)
from kit.checks.number_words import NUMBER_WORDS
from kit.checks.order import from_to, join_ranges, table_columns, table_row
from kit.checks.payback import mentions_payback
from kit.checks.reading import (
    CLAUSE_END,
    DOWN,
    PERIOD_BETWEEN,
    PERSON,
    UP,
    counted_noun,
    direction_before,
    lemma,
    nouns_after,
    own_words,
)
from kit.checks.report import Finding
from kit.checks.supports import NET_SAVINGS, NEW_COSTS, ByValue, Support, families_of_figure, nearest_support
from kit.facts import measure_kind
from kit.quantity import Dimension, unit_scale


class _Matched(NamedTuple):
    """The supports a figure matches, with what the claim check asks of them all."""

    supports: list[Support]  # never changed: `_judge` makes lists of its own
    per_period: bool  # some value is per a period: the period said may narrow them
    conditional: bool  # some value is converted or relative: true only with its period or "relative" said


class _Lookup:
    """The supports of one draft by family and value, so a figure finds its values by bisection:
    its stories' supports, sorted once per story and audience (`StoryIndex.by_value`), and its own."""

    def __init__(self, indexes: Sequence[StoryIndex], own: Sequence[Support]) -> None:
        self.supports = draft_supports(indexes, own)
        self.parts = [*(i.by_value for i in indexes), ByValue(own)]  # in the order of `supports`
        self.families_of: dict[str, set[str]] = {}  # as `ByValue.families_of`, of every part
        for part in self.parts:
            for quantity, families in part.families_of.items():
                self.families_of[quantity] = self.families_of.get(quantity, set()) | families

        # A draft repeats its figures ("6 weeks" in the lede, a list and a table): what a figure
        # matches, and the families it may be of, are found once for every figure that reads alike.
        self._matched: dict[tuple[object, ...], _Matched] = {}
        self._families: dict[tuple[Dimension, str], tuple[str, ...]] = {}

    @functools.cached_property
    def measures(self) -> dict[str, tuple[str, int]]:
        """The family of each metric's own values and its better direction, by name (("duration", -1)
        for a lead time): what a value of the metric said without them (its phrase's "4.2×") is a change of."""
        return {q: (s.measure, s.better) for s in self.supports if s.measure and s.quantity for q in s.quantity}

    def families(self, figure: Figure) -> tuple[str, ...]:
        """As `families_of_figure`, which reads only a figure's dimension and unit."""
        key = (figure.dimension, figure.unit)
        families = self._families.get(key)
        if families is None:
            families = self._families[key] = families_of_figure(figure)
        return families

    def matching(self, figure: Figure) -> list[Support]:
        """As `matching_supports`, in the order of the supports' values (equal ones in their order)."""
        return list(self.matched(figure).supports)

    def matched(self, figure: Figure) -> _Matched:
        """What `matching` finds, and what `_judge` asks of it, found once per figure that reads alike."""
        # What is read of the figure: its families (dimension and unit), its bounds (value,
        # precision and hedge) and the value again for the margin.
        key = (figure.dimension, figure.unit, figure.value, figure.precision, figure.hedge)
        found = self._matched.get(key)
        if found is None:
            supports = self._find(figure)
            per_period = any(s.period is not None for s in supports)
            conditional = any(s.converted or s.relative for s in supports)
            found = self._matched[key] = _Matched(supports, per_period, conditional)
        return found

    def _find(self, figure: Figure) -> list[Support]:
        low, high = figure.bounds()
        epsilon = 1e-9 * max(1.0, abs(figure.value))
        found: list[Support] = []
        for family in self.families(figure):
            runs = [run for part in self.parts if (run := part.between(family, low - epsilon, high + epsilon))]
            if len(runs) == 1:
                found += runs[0]
            elif runs:  # a stable merge: equal values in the parts' order, as one sort of all supports
                found += merge(*runs, key=_value)
        return found


_value = attrgetter("value")


def check_claims(
    masked: str, indexes: Sequence[StoryIndex], own: Sequence[Support], public: bool, draft: str | None = None
) -> tuple[list[Figure], list[Finding]]:
    """Facts and visibility findings for every figure of a masked draft, read with its claim.

    `own` are the draft's supports beyond its stories' (`kit.checks.index.own_supports`).
    `draft`, the text as written (`masked` keeps its lines and columns): a figure in a sentence of
    the story's own prose, word for word, is the story's to say, and is not judged again.
    Returns the figures (for the style check) and the findings.
    """
    figures = figures_of_masked(masked)
    lines = masked.split("\n")
    written = draft.split("\n") if draft is not None and len(indexes) == 1 and indexes[0].sentences else None
    by_line: dict[int, list[Figure]] = {}
    for figure in figures:
        by_line.setdefault(figure.line, []).append(figure)
    internal = [s for i in indexes for s in (i.internal or ())] if public else None
    internal_metrics = [s for i in indexes for s in i.internal_metrics] if public else []
    index = indexes[0] if len(indexes) == 1 else None
    known_nouns = frozenset().union(*(i.nouns for i in indexes)) if indexes else frozenset()
    findings: list[Finding] = []
    lookup = _Lookup(indexes, own)
    supports = lookup.supports
    columns = table_columns(lines) if _may_have_table(masked) else {}
    numbered = _numbered_names(index) if index is not None else ()
    scales = _score_scales(index) if index is not None else {}
    for number, found in by_line.items():
        text = lines[number - 1]
        if numbered:
            found = _outside_names(text.lower(), found, numbered)
        if written is not None and number <= len(written):
            spans = own_spans(written[number - 1], indexes[0].sentences)
            if spans:
                found = [f for f in found if not any(a <= f.column < b for a, b in spans)]
        if not found:
            continue
        found = join_ranges(text, found)  # "25-30 minutes" is one claim: the value lies within it
        line = Line(text, found, text.lower())
        following = [*found[1:], None]
        pairs = zip(found, following, strict=True)
        judged = [_judge_in_units(line, f, after, lookup, index, known_nouns) for f, after in pairs]
        for item in judged:
            if item.finding is not None:
                findings.append(item.finding)
            elif not item.candidates:
                findings.append(_unsupported(line, item.figure, supports, internal, index))
            elif public and internal_metrics:
                leaked = _prose_leak(line, item, internal_metrics)
                if leaked is not None:
                    findings.append(leaked)
        if scales:
            findings += _by_scale(line, judged, scales)
        paired = from_to(line, judged)
        if paired and index is not None and (unnamed := _without_names(line, index)) is not line:
            paired = from_to(unnamed, judged)  # a direction word in a name ("login drop-off") is no claim
        findings += paired
        if number in columns:
            findings += table_row(line, judged, columns[number])
    return figures, findings


def _score_scales(index: StoryIndex) -> dict[str, float]:
    """The top of each score's scale, by metric name: 10 for a satisfaction of "7.2/10"."""
    return {m.name: scale for m in index.story.meta.metrics if (scale := m.before.scale) is not None}


# The scale said right after a figure: "8.1 out of 5", "4.4/10", "4.4 out of ten".
_SCALE_SAID = rx.compile(r"\s*(?:/\s*|\sout\s+of\s+)(?P<n>\d+(?:\.\d+)?|[a-z]+)\b", re.IGNORECASE)


def _by_scale(line: Line, judged: Sequence[Judged], scales: dict[str, float]) -> list[Finding]:
    """A score's value said with a scale must be said with its own: "rose from 7.2 to 8.1 out of 5" of a
    satisfaction out of 10 gives the right digits a meaning they do not have."""
    findings: list[Finding] = []
    for item in judged:
        figure = item.figure
        if item.finding is not None or figure.dimension is not Dimension.NUMBER or figure.unit:
            continue
        match = _SCALE_SAID.match(line.text, figure.column + len(figure.text))
        if match is None:
            continue
        said = match.group("n")
        top = float(said) if said[0].isdigit() else word_value(said) if said.lower() in NUMBER_WORDS else 0.0
        scores = [
            (s, scales[q]) for s in item.candidates if s.role in ("before", "after")
            for q in sorted(s.quantity or ()) if q in scales
        ]  # fmt: skip
        if top <= 0 or not scores or any(scale == top for _, scale in scores):
            continue
        support, scale = scores[0]
        name = next(q for q in sorted(support.quantity or ()) if q in scales)
        message = f"{name} is a score out of {scale:g}, not out of {top:g}"
        findings.append(_error(figure, message, _says(support)))
    return findings


def _may_have_table(masked: str) -> bool:
    """Whether a text may have a table: each of its rows starts with "|", and most drafts have none."""
    return "|" in masked


def _judge_in_units(
    line: Line,
    figure: Figure,
    following: Figure | None,
    lookup: _Lookup,
    index: StoryIndex | None,
    known_nouns: frozenset[str],
) -> Judged:
    """`_judge`, and a figure in a unit of measure the story has at another scale judged again in
    each of the story's ("2.1 TB" of 2,100 GB, "0.095 GB" of a 95 MB app), when as written it is false."""
    judged = _judge(line, figure, following, lookup, index, known_nouns)
    if judged.candidates or index is None or figure.dimension is not Dimension.NUMBER or not figure.unit:
        return judged
    scale = unit_scale(figure.unit)
    if scale is None:
        return judged
    for unit, factor in _story_scales(index, scale[0]):
        if factor != scale[1]:
            ratio = scale[1] / factor
            converted = replace(figure, value=figure.value * ratio, precision=figure.precision * ratio, unit=unit)
            again = _judge(line, converted, following, lookup, index, known_nouns)
            if again.candidates and again.finding is None:
                return again
    return judged


def _story_scales(index: StoryIndex, kind: str) -> list[tuple[str, float]]:
    """The units of the story's metrics that measure `kind`, each with its factor (`unit_scale`)."""
    found: dict[str, float] = {}
    for metric in index.story.meta.metrics:
        for unit in (metric.before.unit, metric.after.unit):
            scale = unit_scale(unit) if unit else None
            if scale is not None and scale[0] == kind:
                found[unit.casefold()] = scale[1]
    return list(found.items())


def _judge(
    line: Line,
    figure: Figure,
    following: Figure | None,
    lookup: _Lookup,
    index: StoryIndex | None,
    known_nouns: frozenset[str],
) -> Judged:
    figure = as_change(line, figure)
    matched, per_period, conditional = lookup.matched(figure)
    if not matched:
        return Judged(figure, [])  # a figure the story does not have: nothing below could find one
    # The period said narrows only values per a period (converted ones too): most figures have none.
    period = claimed_period(line, figure, following) if per_period else None
    relative = "relativ" in line.lower or worded_share(figure)
    if conditional:
        candidates = [s for s in matched if (not s.converted or s.period == period) and (not s.relative or relative)]
    else:
        candidates = list(matched)  # none is converted or relative: the test above keeps every one
    judged = Judged(figure, candidates)
    if not candidates:
        if any(s.relative for s in matched):
            judged.finding = _points_finding(figure, matched, relative_only=True)
        return judged
    if figure.unit == "%" and all(s.family == "points" for s in candidates) and not relative:
        judged.finding = _points_finding(figure, candidates, relative_only=False)
        return judged
    narrowed = _by_period(figure, candidates, period, judged)
    narrowed = narrowed and _by_talk(line, narrowed)
    narrowed = narrowed and _by_net(line, figure, narrowed, judged)
    narrowed = narrowed and _by_noun(line, figure, narrowed, known_nouns, judged)
    narrowed = narrowed and _by_prose_noun(line, figure, narrowed, judged)
    if narrowed and index is not None and figure.unit and measure_kind(figure.unit):
        narrowed = _by_measure_unit(figure, narrowed, index, judged)
    if narrowed and index is not None:
        narrowed = _by_metric(line, figure, narrowed, index, lookup, judged)
    if narrowed and figure.dimension is Dimension.MONEY:
        narrowed = _by_saving(line, figure, narrowed, judged)
    if narrowed:
        narrowed = _by_direction(line, figure, narrowed, judged, index)
    if narrowed:
        narrowed = _by_role(line, figure, narrowed, judged)
    if narrowed:
        narrowed = _by_kind_word(line, figure, narrowed, judged, lookup)
    if narrowed and figure.unit == "%":
        narrowed = _by_sign(line, figure, narrowed, judged)
    judged.candidates = narrowed
    return judged


# What says a return is a loss, in words: "a first-year loss of 18%", "a negative return of 18%".
_LOSS = rx.compile(r"\b(?:loss|losses|lost|lose|losing|negative|deficit|shortfall|short|below|under\s*water)\b")


def _by_sign(line: Line, figure: Figure, candidates: list[Support], judged: Judged) -> list[Support]:
    """A return is a gain or a loss: "First-year return: 18%" of a −18% return is false, and so is
    "−18%" of a gain. Judged only where the figure can be nothing but the ROI."""
    if any(s.quantity != _ROI or not s.trend for s in candidates):
        return candidates
    loss = figure.sign == "-" or _LOSS.search(line.lower) is not None
    if loss == (candidates[0].trend < 0):
        return candidates
    said = "a loss" if loss else "a gain"
    judged.finding = _error(figure, f"this says the return is {said}, but the story's is {candidates[0].shown}",
                            _says(candidates[0]))  # fmt: skip
    return []


_ROI = frozenset({"roi"})


# The comparative after a change says what changed: "4× cheaper" money, "75% faster" speed.
_KIND_WORD = rx.compile(
    rf"\s*(?:{PERIOD_BETWEEN})?(?P<w>cheaper|pricier|costlier|(?:less|more)\s+expensive|faster|quicker|slower)\b",
    re.IGNORECASE,
)
_OWN_KIND = {Dimension.DURATION: "duration", Dimension.MONEY: "money:"}  # "2 hours" is time whatever it stands for
_MONEY_WORDS = ("cheaper", "pricier", "costlier", "less expensive", "more expensive")


def _by_kind_word(
    line: Line, figure: Figure, candidates: list[Support], judged: Judged, lookup: _Lookup
) -> list[Support]:
    """A change said "cheaper" must be of money, and one said "faster" or "slower" must not be: "4×
    cheaper" of a 4× speed-up is false, and so is "2.7× faster" of a bill. Only changes of one
    metric of known kind are judged; anything else the figure may stand for stays."""
    match = _KIND_WORD.match(line.after(figure))
    if match is None:
        return candidates
    word = " ".join(match.group("w").lower().split())
    money = word in _MONEY_WORDS
    own = _OWN_KIND.get(figure.dimension)

    def measure(support: Support) -> tuple[str, int]:
        if own is not None:
            return own, 0
        if support.role not in ("change", "") or not support.quantity or len(support.quantity) != 1:
            return "", 0  # a level, or a value of no one metric
        if support.measure:
            return support.measure, support.better
        return lookup.measures.get(next(iter(support.quantity)), ("", 0))

    def fits(support: Support) -> bool:
        kind, better = measure(support)
        if not kind:
            return True
        if money or kind.startswith("money:"):
            return kind.startswith("money:") == money
        # Time goes faster or slower, and so does what is better higher (deploys a week); a count
        # that is better lower (failed jobs, incidents) is fewer, not faster.
        return kind == "duration" or better >= 0

    kept = [s for s in candidates if fits(s)]
    if kept:
        return kept
    story = candidates[0]
    name = next(iter(story.quantity or ()), "")
    kind = measure(story)[0]
    what = "money" if kind.startswith("money:") else "time" if kind == "duration" else "a count or level"
    said = "cost" if money else "time or speed"
    instead = own_words("money" if kind.startswith("money:") else "time" if kind == "duration" else "count", word)
    of_what = f"the change of {name} ({what})" if story.quantity else what  # a figure of the story's prose only
    message = f'"{word}" says this is a change of {said}, but it is {of_what}; say {instead}'
    judged.finding = _error(figure, message, _says(story))
    return []


# "37% of what it used to", "a quarter of the time it did", "a third as often": a share of the value
# before, which states the change to what it is now ("37% of" is 63% less).
# The past said as a clause's end: "of what it used to", "of the time it did", "of what it was a year ago".
_PAST = (
    r"(?:did|was|were|had|took|cost|used\s+to(?:\s+(?:be|take|cost|need))?)"
    r"(?:\s+(?:before|previously|then|originally|(?:a|one|\w+)\s+(?:years?|months?|quarters?)\s+ago))?"
    r"(?=\s*[.,;:)!?—–|]|\s+(?:and|but|when|before)\b)"  # not a line's end: prose wraps mid-clause
)
_SHARE_OF_BEFORE = rx.compile(
    rf"\s+(?:of\s+(?:what\s+(?:it|they|we|this|that)\s+{_PAST}|(?:the|its|their|our)\s+[a-z]+\s+(?:it|they|we)\s+{_PAST}"
    r"|(?:its|their|our|the)\s+(?:former|previous|old|original|earlier)\b|before\b)"
    r"|as\s+(?:often|much|many|long|frequently)\b)",
    re.IGNORECASE,
)


def as_change(line: Line, figure: Figure) -> Figure:
    """A percentage as the change it states: a share of the value before ("costs 37% of what it used
    to") as the fall it is (63%), the same interval read from 100 down; a speed-up ("75% faster") as
    the fold it is (1.75×: time ×1/1.75, not 75% less time). Any other figure as it is."""
    if figure.unit != "%":
        return figure
    after = line.after(figure)
    shared = worded_share(figure) and (_FELL_TO.search(line.before(figure)) or _NOW_A_SHARE.search(line.before(figure))
                                       and _OF_THE_WHOLE.match(after))  # fmt: skip
    if figure.value < 100 and (shared or _SHARE_OF_BEFORE.match(after)):
        low, high = figure.bounds()
        return replace(figure, value=100 - (low + high) / 2, precision=(high - low) / 2, hedge=None)
    if _SPEED_WORD.match(after):
        low, high = figure.bounds()
        return replace(figure, dimension=Dimension.NUMBER, unit=FOLD, value=1 + (low + high) / 200,
                       precision=(high - low) / 200, hedge=None)  # fmt: skip
    return figure


_SPEED_WORD = rx.compile(r"\s*(?:faster|quicker|slower)\b", re.IGNORECASE)


def worded_share(figure: Figure) -> bool:
    """Whether a figure is a share in words ("by a third", "halved"): a relative change even of a
    percentage, which no one says in points."""
    return figure.unit == "%" and not any(c.isdigit() for c in figure.text)


# What a figure is, said by the words right before it after a direction word: "fell by 9" a
# change, "fell to 3" the value after, "down from 12" the value before. Only these forms are
# read: "by" and "to" also say other things ("adopted by 12 teams", "rolled out to 3 regions").
_ROLE_HEDGE = r"(?:(?:about|around|roughly|nearly|almost|some|just|over|under|more\s+than|less\s+than|between)\s+)?"
_ROLE_BEFORE = rx.compile(
    rf"\b(?:(?P<by>by)|(?P<to>to)|(?:down|up)\s+(?P<from>from)|(?:is|are)\s+(?P<now>now))\s+{_ROLE_HEDGE}[$€£¥₹]?$",
    re.IGNORECASE,
)
# A fraction in words as a share of the value before, where the words say so: "fell to one fifth",
# "now take a fifth of the time" (a fifth of what it was: 80% less). "fell by a fifth" stays a change.
_FELL_TO = rx.compile(rf"\b(?:fell|dropped|shrank|shrunk|sank|declined|decreased|came\s+down|down|cut|reduced)"
                      rf"\s+to\s+{_ROLE_HEDGE}$", re.IGNORECASE)  # fmt: skip
_NOW_A_SHARE = rx.compile(r"\bnow\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_OF_THE_WHOLE = rx.compile(r"\s+of\s+(?:the|its|their|our)\s+(?:time|cost|costs|spend|size|work|effort|budget)\b",
                           re.IGNORECASE)
_COMPARED = rx.compile(  # "$40k lower", "$40k a month cheaper": a change, however "is now" reads
    rf"\s*(?:{PERIOD_BETWEEN})?"
    r"(?:lower|higher|less|more|fewer|faster|slower|smaller|larger|bigger|cheaper|shorter|longer|better|worse)\b",
    re.IGNORECASE,
)
_ROLE_WORDS = {"change": "the change", "after": "the value after", "before": "the value before"}  # a Support's role


def _claimed_role(line: Line, figure: Figure) -> str | None:
    """The role the words before a figure give it (`_ROLE_BEFORE`), with a direction word before
    "by" or "to" ("fell by", "dropped to"; not "up to", a hedge); None when they give none."""
    return _role_and_direction(line, figure)[0]


def _role_and_direction(line: Line, figure: Figure) -> tuple[str | None, str | None]:
    """The role the words right before a figure give it, and the way they say it went: ("after",
    "up") for "rose to 31k", ("before", "down") for "down from 12", ("after", None) for "is now 3".
    Read once per figure of a line: the level's direction and the role's check both ask."""
    read = line.roles.get(figure.column)
    if read is None:
        read = line.roles[figure.column] = _read_role(line, figure)
    return read


def _read_role(line: Line, figure: Figure) -> tuple[str | None, str | None]:
    if not any(c.isdigit() for c in figure.text):
        return None, None  # a word ("half", "a third") says a share as often as a value
    before = line.before(figure)[-80:]
    match = _ROLE_BEFORE.search(before)
    if match is None:
        return None, None
    if match.group("from"):
        return "before", UP if match.group(0).lower().lstrip().startswith("up") else DOWN
    if match.group("now"):
        if _COMPARED.match(line.after(figure)):
            return "change", None  # "is now 16× lower", "now 17 ms faster": the change, said as one
        return "after", None  # "spend is now $31k": the value as it is after the work
    lead = before[: match.start()]
    clause_start = figure.column - len(before) + max([m.end() for m in CLAUSE_END.finditer(lead)] or [0])
    if any(clause_start <= f.column < figure.column for f in line.figures) or re.search(r"\bup\s*$", lead, re.I):
        return None, None  # "from 12 to 3" is a pair (`from_to` reads it); "up to 40%" is a hedge
    direction = direction_before(lead + " by ")
    if direction is None:
        return None, None  # "adopted by", "scaled to": no direction, no role
    return ("change" if match.group("by") else "after"), direction


# What says a figure is the talk's length: "a 30-minute talk", "**Length:** 30 min", "in a 45-minute slot".
_TALK_CUES = ("talk", "presentation", "keynote", "workshop", "lightning", "slot", "length", "tutorial", "panel")


def _by_talk(line: Line, candidates: list[Support]) -> list[Support]:
    """The talk's length stands only for a figure said of the talk: "Sessions last 30 minutes" in a
    blog had passed on the story's 30-minute talk."""
    if not any(s.quantity == _TALK for s in candidates) or any(cue in line.lower for cue in _TALK_CUES):
        return candidates
    return [s for s in candidates if s.quantity != _TALK]


_TALK = frozenset({"talk"})


def _by_role(line: Line, figure: Figure, candidates: list[Support], judged: Judged) -> list[Support]:
    """Candidates of the role the line gives the figure; when none has it, but every one is a
    metric's value of another role, the figure is that value said as something it is not
    ("outages fell by 12" when 12 was the count before)."""
    role = _claimed_role(line, figure)
    # The story's own prose repeats its values without saying which they are: the metrics say.
    stated = [s for s in candidates if not s.prose]
    if role is None or not stated or not all(s.role and s.quantity for s in stated):
        return candidates  # no role said, or something without a role may stand for it
    kept = [s for s in stated if s.role == role]
    if kept:
        return kept
    other = min(stated, key=lambda s: s.role == "change")  # before or after match exactly; a change is rounded
    judged.finding = _error(figure, f"this says it is {_ROLE_WORDS[role]}, but it is {_ROLE_WORDS[other.role]}",
                            _says(other))  # fmt: skip
    return []


# What calls a sum of money a saving. Right before it: "saves", "we saved", "a saving of", "saves the
# hospital", "annual savings of"; a label ending right before it: "Savings:", "**Net savings:**"; right
# after it: "€234k saved", "CHF 720k a year of savings", "$40k in annual savings".
_SAVING_BEFORE = rx.compile(
    r"\b(?:sav(?:e|es|ed|ing)(?:\s+(?:us|them|you|it|(?:the|our|its|their|your|this)\s+[a-z][a-z-]*))?|savings)"
    r"(?:\s+(?:of|about|around|roughly|nearly|almost|some|over|just|only|another|net|annually|yearly"
    r"|up\s+to|more\s+than|a\s+further|(?:a|per|each)\s+(?:day|week|month|quarter|year)))*[\s*_]*$"
)
_SAVING_LABEL = rx.compile(r"\bsavings?\b[^.;:!?|]{0,40}:[\s*_]*$")
_SAVING_AFTER = rx.compile(rf"\s*(?:{PERIOD_BETWEEN})?(?:(?:of|in)\s+(?:[a-z]+\s+)?savings?\b|saved\b)", re.IGNORECASE)
_SAVE_LEMMAS = frozenset({"save", "saved", "saving"})  # `lemma` of "saves", "saved", "savings"


def _by_saving(line: Line, figure: Figure, candidates: list[Support], judged: Judged) -> list[Support]:
    """Money called a saving must be one: a cost that fell or money earned. "The night shift saves CHF
    720k a year" of a cleaning bill CHF 720k a year higher, "Savings: €234k" of the new costs and "Net
    savings" below zero are the other way. Judged before the direction (`_by_direction`, which reads "we
    saved" but not "saves" or a label), so that every form fails alike."""
    lost = [s for s in candidates if _not_saved(s)]
    if not lost or not _called_saving(line, figure):
        return candidates
    # The story's prose may give the value in a sentence about the cost ("rose by €234k"): that says no
    # saving. A sentence of its own that calls it one does.
    kept = [s for s in candidates if not _not_saved(s) and (not s.prose or _calls_saving(s))]
    if kept:
        return kept
    went = [s for s in lost if s.role == "change" and s.trend and s.quantity and len(s.quantity) == 1]
    if went:
        story = min(went, key=attrgetter("converted"))  # as the story gives it, before one converted
        name = next(iter(story.quantity or ()))
        rose = story.trend > 0
        message = (f"this says it is a saving, but the story says {name} {'rose' if rose else 'fell'}: "
                   f"{'a new cost' if rose else 'money lost'}, not a saving")  # fmt: skip
    else:
        story = lost[0]
        net = story.source == NET_SAVINGS[1]
        message = f"this says it is a saving, but it is the story's {'net loss' if net else 'new costs'}"
    judged.finding = _error(figure, message, _says(story))
    return []


def _not_saved(support: Support) -> bool:
    """Whether a value of money is what the work cost rather than saved: a cost that rose, revenue that
    fell, the new costs a year, or net savings below zero (shown with their sign)."""
    if not support.family.startswith("money:"):
        return False
    if support.source == NEW_COSTS or (support.source == NET_SAVINGS[1] and support.shown.startswith("-")):
        return True
    return support.role == "change" and support.trend * support.better < 0


def _calls_saving(support: Support) -> bool:
    """Whether the story's line that gives a value of its prose calls something a saving."""
    return not _SAVE_LEMMAS.isdisjoint(support.context or ())


def _called_saving(line: Line, figure: Figure) -> bool:
    """Whether the words right around a figure call it a saving (`_SAVING_BEFORE`, `_SAVING_LABEL`,
    `_SAVING_AFTER`)."""
    if _SAVING_AFTER.match(line.after(figure)):
        return True
    before = line.marked[max(0, figure.column - 120) : figure.column].lower()
    return bool(_SAVING_BEFORE.search(before) or _SAVING_LABEL.search(before))


# What says a saving is net of the new costs: "net savings", "after all costs", "net of new costs".
_NET = rx.compile(r"\bnet\b|\bafter (?:all |new |the )?(?:costs?|spending)\b")
_SENTENCE_START = rx.compile(r"[.;!?](?:\s|$)")
_NOT_SAVED = (*NET_SAVINGS, NEW_COSTS)


def _by_net(line: Line, figure: Figure, candidates: list[Support], judged: Judged) -> list[Support]:
    """Money saved said to be net of the new costs must be the net, not a saving before them ("Net
    savings are ₹39.6M a year" of ₹39.6M saved and ₹4.2M of new costs a year)."""
    saved = [
        s for s in candidates
        if s.family.startswith("money:") and s.role not in ("before", "after") and s.source not in _NOT_SAVED
        and s.trend * s.better >= 0  # a cost that rose is what is netted out ("Net of $72k in new costs")
    ]  # fmt: skip
    if not saved:
        return candidates
    start = max([m.end() for m in _SENTENCE_START.finditer(line.lower, 0, figure.column)] or [0])
    if not _NET.search(line.lower, start, figure.column):
        return candidates
    kept = [s for s in candidates if s not in saved]
    if not kept:
        judged.finding = _error(figure, "this says it is net of the new costs, but it is a saving before them",
                                _says(saved[0]))  # fmt: skip
    return kept


def _error(figure: Figure, message: str, says: str | None = None) -> Finding:
    return Finding("facts", "error", figure.line, figure.text, message, says)


def _says(support: Support) -> str:
    return f"{support.shown} ({support.source})"


def _points_finding(figure: Figure, candidates: Sequence[Support], *, relative_only: bool) -> Finding:
    points = next((s for s in candidates if s.family == "points" or s.relative), candidates[0])
    name = (points.source.split(",")[0]) if points.source else "the metric"
    if relative_only:
        message = (f"{name} is a percentage: its change is in percentage points; "
                   'say "relative" for a relative change')  # fmt: skip
    elif "%" not in points.shown and "percent" not in points.shown:  # a score in points (NPS), no percentage
        said = figure.text.replace("%", " points").replace("  ", " ")
        message = f'{name} is a score: its change is in points, not a percentage; say "{said}"'
    else:
        said = figure.text.replace("%", " percentage points").replace("  ", " ")
        message = f'{name} is a percentage: its change is in percentage points; say "{said}"'
    return _error(figure, message, _says(points) if not points.relative else None)


def _by_period(figure: Figure, candidates: list[Support], period: str | None, judged: Judged) -> list[Support]:
    if period is None:
        return candidates
    known = [s for s in candidates if s.period is not None]
    if not known or any(s.period == period for s in known):
        return [s for s in candidates if s.period in (None, period)]
    # The value is a rate of the story's, per another period; a count or total of the same
    # value elsewhere ("1 quote") is no rate at all, so it does not make the claim true.
    story = known[0]
    judged.finding = _error(figure, f"the story gives this per {story.period}, not per {period}", _says(story))
    return []


_TEAM_OF = rx.compile(r"\bteam\s+of\s+(?:about\s+|just\s+|only\s+)?$", re.IGNORECASE)
_NOT_COUNTED = {"more", "fewer", "less", "new", "other", "times", "of", "and", "to", "in", "per", "a", "the"}


@functools.lru_cache(maxsize=1024)
def _near_figure(word: str) -> re.Pattern[str]:
    """A word at most two words after a figure ("12 senior backend engineers"), compiled once per
    word: a draft's figures count the same few nouns, and building the pattern each time (and
    finding it in `re`'s cache) costs more than matching it."""
    return rx.compile(r"^[\s-]*(?:[A-Za-z-]+\s+){0,2}" + re.escape(word))


def _by_noun(
    line: Line, figure: Figure, candidates: list[Support], known: frozenset[str], judged: Judged
) -> list[Support]:
    if figure.dimension is not Dimension.NUMBER or figure.unit == FOLD or (figure.unit and measure_kind(figure.unit)):
        return candidates  # "450 kg a month" measures in kilograms: "a month" after it is its period, not a noun
    after = line.after(figure)
    nouns: list[tuple[str, str]] = []
    for word in WORD.findall(after)[:4]:
        noun = lemma(word)
        if noun in known and word.lower() not in _NOT_COUNTED:
            nouns = [(word, noun)]  # the first word that is a noun the story counts
            break
    if nouns and not _near_figure(nouns[0][0]).match(after):
        nouns = []  # too far from the figure to be what it counts
    if not nouns and _TEAM_OF.search(line.before(figure)[-30:]):
        nouns = [("people", PERSON)]
    if not nouns:
        return candidates
    word, noun = nouns[0]
    kept = [s for s in candidates if s.noun is None or noun in s.noun]
    if not kept:
        story = candidates[0]
        message = f"the story has no {figure.text} {word}; its {figure.text} counts something else"
        judged.finding = _error(figure, message,
                                _says(story))  # fmt: skip
    return kept


def _by_prose_noun(line: Line, figure: Figure, candidates: list[Support], judged: Judged) -> list[Support]:
    """A count that only the story's prose gives counts what the prose says it counts: "we ran 35
    jobs" vouches for "35 jobs", not "35 teams" (a noun no metric counts, which `_by_noun` passes)."""
    if figure.dimension is not Dimension.NUMBER or figure.unit == FOLD or figure.hedge == "implied":
        return candidates
    if not all(s.prose and s.quantity is None and s.noun for s in candidates):
        return candidates
    counted = counted_noun(line.after(figure))
    if counted is None or any(lemma(counted) in (s.noun or ()) for s in candidates):
        return candidates
    judged.finding = _error(figure, f"the story has no {figure.text} {counted}; its {figure.text} counts something "
                                    "else", _says(candidates[0]))  # fmt: skip
    return []


def _by_measure_unit(figure: Figure, candidates: list[Support], index: StoryIndex, judged: Judged) -> list[Support]:
    """A figure in a unit of measure stands for the story's values in that unit, not in another of its
    kind: "the app shrank to 95 GB" of a 95 MB app is a thousandfold error the digits alone hide."""
    own = figure.unit.casefold()
    kind = measure_kind(own)
    units = {m.name: m.before.unit.casefold() for m in index.story.meta.metrics}
    others = [
        s for s in candidates
        if s.quantity and any(q in units and units[q] != own and measure_kind(units[q]) == kind for q in s.quantity)
    ]  # fmt: skip
    if not others:
        return candidates
    kept = [s for s in candidates if s not in others]
    if not kept:
        metric = next(m for m in index.story.meta.metrics if m.name in (others[0].quantity or ()))
        written = figure.unit.upper() if len(figure.unit) <= 3 else figure.unit  # as units are written: "GB"
        judged.finding = _error(figure, f"the story gives {metric.name} in {metric.before.unit}, not {written}",
                                _says(others[0]))  # fmt: skip
    return kept


def _by_metric(
    line: Line,
    figure: Figure,
    candidates: list[Support],
    index: StoryIndex,
    lookup: _Lookup,
    judged: Judged,
) -> list[Support]:
    metric = attached_metric(line, figure, index) or metric_named_after(line, figure, index)
    if metric is None:
        return candidates
    if lookup.families_of.get(metric, set()).isdisjoint(lookup.families(figure)):
        return candidates  # nothing of that metric is of this kind: the words tie it elsewhere
    words = index.words_of.get(metric, frozenset())
    kept = [s for s in candidates if (s.quantity and metric in s.quantity) or (s.quantity is None and _about(s, words))]
    if not kept:
        own = [s for s in lookup.supports if s.quantity and metric in s.quantity]
        nearest = nearest_support(figure, own)
        judged.finding = _error(figure, f"this is not a figure of {metric}", _says(nearest) if nearest else None)
    return kept


def _about(support: Support, words: frozenset[str]) -> bool:
    """Whether a value of unknown quantity may be about a metric: the story's line that gives it
    names the metric, or it has no line (a value kit vouches for)."""
    return support.context is None or bool(support.context & words)


def _by_direction(
    line: Line, figure: Figure, candidates: list[Support], judged: Judged, index: StoryIndex | None = None
) -> list[Support]:
    changes = [s for s in candidates if s.role == "change" and s.trend != 0]
    if any(s.role in ("before", "after") for s in candidates):
        return _by_level_direction(line, figure, candidates, judged, index)
    if not changes:
        return candidates  # nothing the story says changed
    claimed = claimed_direction(line, figure)
    if claimed is None:
        return candidates
    kept = [s for s in changes if agrees(claimed, s)]
    if not kept and index is not None:
        # A direction word may be part of a name, not a claim: "login drop-off went up",
        # "Cost savings from $10k", "Cost Reduction Guild raised". Read the line again with
        # the story's names blanked (only when the first reading disagrees: most lines agree).
        unnamed = _without_names(line, index)
        if unnamed is not line:
            claimed = claimed_direction(unnamed, figure)
            if claimed is None:
                return candidates
            kept = [s for s in changes if agrees(claimed, s)]
    if not kept:
        story = changes[0]
        went = "rose" if story.trend > 0 else "fell"
        name = next(iter(story.quantity)) if story.quantity else "it"
        judged.finding = _error(figure, f"the story says {name} {went}; this says it went the other way", _says(story))
    return kept


def _by_level_direction(
    line: Line, figure: Figure, candidates: list[Support], judged: Judged, index: StoryIndex | None
) -> list[Support]:
    """A metric's value after (or before) said with the way it went: "spend rose to $31k", "fell to
    3", "up from 12". The metric must have gone that way; when no candidate's metric did, the line
    says the story went the other way."""
    if index is None or not index.changes_of:
        return candidates
    role, claimed = _role_and_direction(line, figure)
    if role not in ("after", "before") or claimed is None:
        return candidates  # "from 12 to 3" is read as a pair (`from_to`); a bare level claims no way
    levels = [s for s in candidates if s.role == role and s.quantity]
    went = [(s, index.changes_of[m]) for s in levels for m in sorted(s.quantity or ()) if m in index.changes_of]
    if not went:
        return candidates
    kept = [s for s, change in went if claimed is not None and agrees(claimed, change)]
    if not kept and (unnamed := _without_names(line, index)) is not line:
        claimed = _role_and_direction(unnamed, figure)[1]  # "login drop-off rose to 8%": a name, no claim
        if claimed is None:
            return candidates
        kept = [s for s, change in went if agrees(claimed, change)]
    if kept:
        return [s for s in candidates if s in kept or s.role != role]
    change = went[0][1]
    name = next(iter(change.quantity)) if change.quantity else "it"
    judged.finding = _error(figure, f"the story says {name} {'rose' if change.trend > 0 else 'fell'}; "
                                    "this says it went the other way", _says(change))  # fmt: skip
    return []


def _without_names(line: Line, index: StoryIndex) -> Line:
    """The line with every name of the story's metrics, team and organization blanked out (the
    columns kept), or the line itself when it holds none.

    A figure inside a name goes with it ("Buses more than 5 minutes late": its "more than" is no
    claim); a figure that a name's match only partly covers is the line's own, and that match is
    left alone."""
    text = line.text
    taken = [(f.column, f.column + len(f.text)) for f in line.figures]
    for name in _names(index):
        for match in re.finditer(re.escape(name), line.lower):
            start, end = match.span()
            if not (start == 0 or not line.lower[start - 1].isalnum()) or not (
                end == len(text) or not line.lower[end].isalnum()
            ):
                continue
            if any(a < start < b or a < end < b for a, b in taken):
                continue
            text = text[:start] + " " * (end - start) + text[end:]
    return line if text == line.text else Line(text, line.figures, text.lower())


def _numbered_names(index: StoryIndex) -> tuple[str, ...]:
    """The story's names with a figure in them ("buses more than 5 minutes late"): few stories have one."""
    return tuple(n for n in _names(index) if any(c.isdigit() for c in n))


def _outside_names(lower: str, figures: list[Figure], names: tuple[str, ...]) -> list[Figure]:
    """The figures of a line that are not inside a name: the "5 minutes" of "Buses more than 5 minutes
    late" is the metric's name, not a claim to judge."""
    spans = [m.span() for name in names for m in re.finditer(re.escape(name), lower)]
    if not spans:
        return figures
    return [f for f in figures if not any(a <= f.column and f.column + len(f.text) <= b for a, b in spans)]


def _names(index: StoryIndex) -> tuple[str, ...]:
    """The story's metric, team and organization names, lower-cased, longest first."""
    meta = index.story.meta
    names = {m.name.lower() for m in meta.metrics} | {meta.team.lower()}
    if meta.organization:
        names.add(meta.organization.lower())
    return tuple(sorted((n for n in names if n.strip()), key=len, reverse=True))


def _unsupported(
    line: Line,
    figure: Figure,
    supports: Sequence[Support],
    internal: Sequence[Support] | None,
    index: StoryIndex | None,
) -> Finding:
    from kit.checks.visibility import leak

    leaked = leak(figure, internal) if internal is not None else None
    if leaked is not None:
        return Finding("visibility", "error", figure.line, figure.text,
                       f"an internal figure ({leaked.source}); a public draft must not show it")  # fmt: skip
    nearest = None
    if index is not None:
        metric = attached_metric(line, figure, index) or mentioned_metric(line.text, index)
        if metric is not None:
            nearest = nearest_support(figure, [s for s in supports if s.quantity and metric in s.quantity])
    if nearest is None and mentions_payback(line.lower):
        # "Payback: 19 months" is answered with the payback, not the nearest duration (the work's 12 months)
        nearest = nearest_support(figure, [s for s in supports if s.quantity and "payback" in s.quantity])
    nearest = nearest or nearest_support(figure, supports)
    says = _says(nearest) if nearest else None
    hedge = " even with its hedge" if figure.hedged and figure.hedge != "implied" else ""
    if figure.hedge == "implied":
        hedge = ""
    return Finding("facts", "error", figure.line, figure.text,
                   f"no figure in the story supports this{hedge}{_as_read(line, figure)}", says)  # fmt: skip


def _as_read(line: Line, figure: Figure) -> str:
    """What a percentage was read as (`as_change`), for a report: the change it states."""
    if not figure.text.endswith("%"):
        return ""
    if figure.unit == FOLD:
        return f" (a speed-up of {figure.value:.3g}×, not {figure.text} less time)"
    if _SHARE_OF_BEFORE.match(line.after(figure)):
        return f" (a share of the value before: {figure.value:.3g}% less)"
    return ""


def _prose_leak(line: Line, judged: Judged, internal_metrics: Sequence[Support]) -> Finding | None:
    """A figure only the story's prose supports that is an internal metric's value."""
    from kit.checks.visibility import leak

    if any(not s.prose or (s.quantity and not s.converted) for s in judged.candidates):
        return None
    figure = judged.figure
    nouns = set(nouns_after(line.after(figure)))
    fitting = [
        s
        for s in internal_metrics
        if s.noun is None or not nouns or nouns & s.noun or figure.dimension is not Dimension.NUMBER
    ]
    leaked = leak(figure, fitting)
    if leaked is None:
        return None
    return Finding("visibility", "error", figure.line, figure.text,
                   f"an internal figure ({leaked.source}), also in the story's prose; "
                   "a public draft must not show it")  # fmt: skip
