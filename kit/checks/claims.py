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
  a table's Before and After columns: A is the before value, B the after;
- a percentage metric's change in "%" (relative) instead of percentage points, unless the
  line says "relative".
Where the words tie the figure to nothing, today's rule stands: a figure the story supports
passes. What the story supports comes from `kit.checks.index`, read once per story and
audience; quotes' speakers are checked in `kit.checks.quotes`, years in `kit.checks.dates`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from kit.checks.figures import FOLD, Figure, figures_of_masked
from kit.checks.index import GENERIC_WORDS, StoryIndex
from kit.checks.reading import (
    BETTER,
    CLAUSE_END,
    DOWN,
    FASTER,
    PERSON,
    SLOWER,
    UP,
    WORSE,
    direction_after,
    direction_before,
    lemma,
    nouns_after,
    period_after,
    period_before,
)
from kit.checks.report import Finding
from kit.checks.supports import Support, families_of_figure, nearest_support
from kit.quantity import Dimension

# ---- reading a line ---------------------------------------------------------------------

_LINK_WORDS = {
    "is", "was", "were", "are", "has", "had", "have", "been", "now", "went", "came", "from", "to", "by", "of",
    "at", "reached", "hit", "averaged", "stood", "sits", "sat", "stands", "the", "a", "an", "its", "their",
    "our", "about", "around", "roughly", "nearly", "almost", "over", "under", "just", "only", "median",
    "average", "before", "after", "today", "currently", "then", "this", "that", "itself", "also", "still",
    "goes", "dropped", "fell", "rose", "grew", "cut", "shrank", "climbed", "improved", "down", "up",
    "fallen", "risen", "grown", "increased", "decreased", "reduced", "halved", "doubled", "tripled",
    "jumped", "slashed", "sank", "more", "less", "than",
}  # fmt: skip
_SENTENCE_END = re.compile(r"[.!?;]\s|\s[—–]\s")
_ASIDE = re.compile(r"\([^()|]*\)")
_NAME_LINKS = {"a", "an", "the", "to", "of"}  # "Time to put a new feature into production"
_NAME_JOINERS = {"in", "per", "into"}
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'-]*|[|:]|#")


@dataclass
class _Line:
    text: str  # the masked line
    figures: list[Figure]
    lower: str
    names: bool | None = None  # whether any word of it names a metric, once asked

    def before(self, figure: Figure) -> str:
        return self.text[: figure.column]

    def after(self, figure: Figure) -> str:
        """The words after a figure up to the next figure."""
        end = figure.column + len(figure.text)
        following = [f.column for f in self.figures if f.column >= end]
        return self.text[end : min(following) if following else len(self.text)]


def _attached_metric(line: _Line, figure: Figure, index: StoryIndex) -> str | None:
    """The metric named right before a figure, across linking words only: "lead time fell to"."""
    if line.names is None:
        line.names = any(lemma(w) in index.metric_words for w in re.findall(r"[A-Za-z][A-Za-z'-]*", line.text))
    if not line.names:
        return None  # the line names no metric at all
    before = line.text[: figure.column]
    for other in line.figures:
        if other.column < figure.column:
            end = other.column + len(other.text)
            width = min(end, len(before)) - other.column
            before = before[: other.column] + "#" + " " * (width - 1) + before[end:]
    sentence = max((m.end() for m in _SENTENCE_END.finditer(before)), default=0)
    tokens = _TOKEN.findall(_ASIDE.sub(" ", before[sentence:]))[-10:]  # "latency (p99) fell to"
    named: set[str] | None = None
    for token in reversed(tokens):
        word = token.lower()
        if word in ("#", "|", ":"):
            if named is not None:
                break
            continue
        if word in _LINK_WORDS:
            if named is not None and (len(named) == 1 or word not in _NAME_LINKS):
                break  # the name is read; "a", "the", "to" may still be inside an ambiguous one
            continue
        if word in _NAME_JOINERS:
            continue  # "models in production", "reviews per week"
        metrics = index.metric_words.get(lemma(word))
        if metrics is None:
            if lemma(word) in GENERIC_WORDS:
                continue  # "lead time": "time" says nothing, the word before it may
            break
        named = set(metrics) if named is None else named & metrics or named
    if named and len(named) == 1:
        return next(iter(named))
    return None


def _mentioned_metric(text: str, index: StoryIndex) -> str | None:
    """The one metric a line names, for "the story says"."""
    found: set[str] = set()
    for word in re.findall(r"[A-Za-z][A-Za-z'-]*", text):
        found |= index.metric_words.get(lemma(word), frozenset())
    return next(iter(found)) if len(found) == 1 else None


def _agrees(claimed: str, support: Support) -> bool:
    if claimed in (UP, DOWN):
        return support.trend == (1 if claimed == UP else -1)
    if claimed in (FASTER, SLOWER):
        if support.measure != "duration":
            return True  # "faster" of a throughput says nothing about its sign
        return support.trend == (-1 if claimed == FASTER else 1)
    if claimed in (BETTER, WORSE):
        return (support.trend * support.better > 0) == (claimed == BETTER)
    return True


_WORD_DIRECTION = re.compile(r"^(?:doubl|tripl|quadrupl|twice)|^(?P<down>halv|cut .*half|by half)", re.IGNORECASE)


def _claimed_direction(line: _Line, figure: Figure) -> str | None:
    if figure.hedge == "implied" and figure.unit in (FOLD, "%"):
        match = _WORD_DIRECTION.match(figure.text)
        if match:
            return DOWN if match.group("down") else UP
    return direction_after(line.after(figure)) or direction_before(line.before(figure))


_FROM = re.compile(r"\bfrom\s*(?:[^\s–—-]+\s*[–—-]\s*)?$", re.IGNORECASE)  # "from 25–30 minutes to 6"
_TO = re.compile(
    r"^\s*(?:\(?[A-Za-z-]+\)?\s+){0,3}?(?:(?:down|up|all the way)\s+)?(?:to|→|->|⇒)\s*$|^\s*(?:→|->|⇒)\s*$",
    re.IGNORECASE,
)
_UP_FROM = re.compile(
    r"^\s*(?:[A-Za-z-]+\s+){0,3}?[A-Za-z-]*\s*[,(]?\s*(?:up|down|falling|rising|dropping|climbing)\s+from\s*$"
    r"|^\s*(?:[A-Za-z-]+\s+){0,3}?(?:instead\s+of|rather\s+than|compared\s+(?:with|to))\s*$",
    re.IGNORECASE,
)


_ARROW = re.compile(r"^\s*(?:[A-Za-z-]+\s+){0,2}?(?:→|->|⇒)\s*$")
_BARE_FROM = re.compile(r"^\s*(?:[A-Za-z-]+\s+){0,2}?,?\s*from\s*$", re.IGNORECASE)
_TO_BEFORE = re.compile(r"\b(?:to|at)\s*$", re.IGNORECASE)  # "dropped to 2 days from 6 weeks"


def _roles(candidates: Sequence[Support], role: str) -> set[str]:
    return {q for s in candidates if s.role == role and s.quantity for q in s.quantity}


# ---- the claim check --------------------------------------------------------------------


@dataclass
class _Judged:
    figure: Figure
    candidates: list[Support]  # what it may stand for, narrowed by its claim
    finding: Finding | None = None


class _Lookup:
    """The supports of one draft by family and value, so a figure finds its values by bisection."""

    def __init__(self, supports: Sequence[Support]) -> None:
        self.supports = supports
        by_family: dict[str, list[Support]] = {}
        for support in supports:
            by_family.setdefault(support.family, []).append(support)
        self.by_family = {f: sorted(group, key=lambda s: s.value) for f, group in by_family.items()}
        self.values = {f: [s.value for s in group] for f, group in self.by_family.items()}
        self.families_of: dict[str, set[str]] = {}
        for support in supports:
            for quantity in support.quantity or ():
                if not support.converted and not support.relative:
                    self.families_of.setdefault(quantity, set()).add(support.family)

    def matching(self, figure: Figure) -> list[Support]:
        """As `matching_supports`, in the order of the supports' values."""
        low, high = figure.bounds()
        epsilon = 1e-9 * max(1.0, abs(figure.value))
        found: list[Support] = []
        for family in families_of_figure(figure):
            values = self.values.get(family)
            if values:
                left, right = bisect_left(values, low - epsilon), bisect_right(values, high + epsilon)
                found += self.by_family[family][left:right]
        return found


def check_claims(
    masked: str, indexes: Sequence[StoryIndex], supports: Sequence[Support], public: bool
) -> tuple[list[Figure], list[Finding]]:
    """Facts and visibility findings for every figure of a masked draft, read with its claim.

    Returns the figures (for the style check) and the findings.
    """
    figures = figures_of_masked(masked)
    lines = masked.split("\n")
    by_line: dict[int, list[Figure]] = {}
    for figure in figures:
        by_line.setdefault(figure.line, []).append(figure)
    internal = [s for i in indexes for s in (i.internal or ())] if public else None
    internal_metrics = [s for i in indexes for s in i.internal_metrics] if public else []
    index = indexes[0] if len(indexes) == 1 else None
    known_nouns = frozenset().union(*(i.nouns for i in indexes)) if indexes else frozenset()
    findings: list[Finding] = []
    lookup = _Lookup(supports)
    columns = _table_columns(lines)
    for number, found in by_line.items():
        text = lines[number - 1]
        line = _Line(text, found, text.lower())
        periods = {id(f): _period(line, f) for f in found}
        _inherit_periods(line, periods)
        judged = [_judge(line, f, periods[id(f)], lookup, index, known_nouns) for f in found]
        for item in judged:
            if item.finding is not None:
                findings.append(item.finding)
            elif not item.candidates:
                findings.append(_unsupported(line, item.figure, supports, internal, index))
            elif public and internal_metrics:
                leaked = _prose_leak(line, item, internal_metrics)
                if leaked is not None:
                    findings.append(leaked)
        findings += _from_to(line, judged)
        if number in columns:
            findings += _table_row(line, judged, columns[number])
    return figures, findings


def _table_columns(lines: Sequence[str]) -> dict[int, tuple[int, int]]:
    """For each table row under a header with Before and After columns, their cell indexes."""
    rows: dict[int, tuple[int, int]] = {}
    header: tuple[int, int] | None = None
    for number, line in enumerate(lines, start=1):
        if not line.lstrip().startswith("|"):
            header = None
            continue
        cells = [c.strip().lower() for c in line.strip().strip("|").split("|")]
        if "before" in cells and "after" in cells:
            header = (cells.index("before"), cells.index("after"))
        elif header is not None:
            rows[number] = header
    return rows


def _cell(line: str, column: int) -> int:
    return line[: column + 1].lstrip().lstrip("|").count("|")


def _table_row(line: _Line, judged: list[_Judged], columns: tuple[int, int]) -> list[Finding]:
    """A row of a Before/After table: the before cell holds a before value, the after cell an after."""
    cells = {_cell(line.text, j.figure.column): j for j in judged if not j.finding and j.candidates}
    before, after = cells.get(columns[0]), cells.get(columns[1])
    if before is None or after is None:
        return []
    right = _roles(before.candidates, "before") & _roles(after.candidates, "after")
    wrong = _roles(before.candidates, "after") & _roles(after.candidates, "before")
    if not wrong or right:
        return []
    metric = sorted(wrong)[0]
    says = f"{metric}: before {after.figure.text}, after {before.figure.text}"
    return [Finding("facts", "error", before.figure.line, before.figure.text, "before and after are swapped", says)]


def _period(line: _Line, figure: Figure) -> str | None:
    if figure.dimension not in (Dimension.MONEY, Dimension.DURATION, Dimension.NUMBER) or figure.unit == FOLD:
        return None
    return period_after(line.after(figure)) or period_before(line.before(figure))


def _inherit_periods(line: _Line, periods: dict[int, str | None]) -> None:
    """ "from $210k to $128k a month": the first end of a range takes the period of the second."""
    for first, second in zip(line.figures, line.figures[1:], strict=False):
        between = line.text[first.column + len(first.text) : second.column]
        if periods[id(first)] is None and periods[id(second)] and re.fullmatch(r"\s*(?:to|–|-|—|→|->|and)\s*", between):
            periods[id(first)] = periods[id(second)]


def _judge(
    line: _Line,
    figure: Figure,
    period: str | None,
    lookup: _Lookup,
    index: StoryIndex | None,
    known_nouns: frozenset[str],
) -> _Judged:
    matched = lookup.matching(figure)
    relative = "relativ" in line.lower
    candidates = [s for s in matched if (not s.converted or s.period == period) and (not s.relative or relative)]
    judged = _Judged(figure, candidates)
    if not candidates:
        if any(s.relative for s in matched):
            judged.finding = _points_finding(figure, matched, relative_only=True)
        return judged
    if figure.unit == "%" and all(s.family == "points" for s in candidates) and not relative:
        judged.finding = _points_finding(figure, candidates, relative_only=False)
        return judged
    narrowed = _by_period(figure, candidates, period, judged)
    narrowed = narrowed and _by_noun(line, figure, narrowed, known_nouns, judged)
    if narrowed and index is not None:
        narrowed = _by_metric(line, figure, narrowed, index, lookup, judged)
    if narrowed:
        narrowed = _by_direction(line, figure, narrowed, judged)
    judged.candidates = narrowed
    return judged


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
    else:
        said = figure.text.replace("%", " percentage points").replace("  ", " ")
        message = f'{name} is a percentage: its change is in percentage points; say "{said}"'
    return _error(figure, message, _says(points) if not points.relative else None)


def _by_period(figure: Figure, candidates: list[Support], period: str | None, judged: _Judged) -> list[Support]:
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


_TEAM_OF = re.compile(r"\bteam\s+of\s+(?:about\s+|just\s+|only\s+)?$", re.IGNORECASE)
_NOT_COUNTED = {"more", "fewer", "less", "new", "other", "times", "of", "and", "to", "in", "per", "a", "the"}


def _by_noun(
    line: _Line, figure: Figure, candidates: list[Support], known: frozenset[str], judged: _Judged
) -> list[Support]:
    if figure.dimension is not Dimension.NUMBER or figure.unit == FOLD:
        return candidates
    after = line.after(figure)
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'-]*", after)[:4]]
    nouns = [(w, lemma(w)) for w in words if lemma(w) in known and w.lower() not in _NOT_COUNTED][:1]
    if nouns and not re.match(r"^[\s-]*(?:[A-Za-z-]+\s+){0,2}" + re.escape(nouns[0][0]), after):
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


def _by_metric(
    line: _Line,
    figure: Figure,
    candidates: list[Support],
    index: StoryIndex,
    lookup: _Lookup,
    judged: _Judged,
) -> list[Support]:
    metric = _attached_metric(line, figure, index)
    if metric is None:
        return candidates
    if not lookup.families_of.get(metric, set()) & set(families_of_figure(figure)):
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


def _by_direction(line: _Line, figure: Figure, candidates: list[Support], judged: _Judged) -> list[Support]:
    claimed = _claimed_direction(line, figure)
    if claimed is None:
        return candidates
    changes = [s for s in candidates if s.role == "change" and s.trend != 0]
    if not changes or any(s.role in ("before", "after") for s in candidates):
        return candidates  # a level ("rose to 71%") or nothing the story says changed
    kept = [s for s in changes if _agrees(claimed, s)]
    if not kept:
        story = changes[0]
        went = "rose" if story.trend > 0 else "fell"
        name = next(iter(story.quantity)) if story.quantity else "it"
        judged.finding = _error(figure, f"the story says {name} {went}; this says it went the other way", _says(story))
    return kept


def _unsupported(
    line: _Line,
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
        metric = _attached_metric(line, figure, index) or _mentioned_metric(line.text, index)
        if metric is not None:
            nearest = nearest_support(figure, [s for s in supports if s.quantity and metric in s.quantity])
    nearest = nearest or nearest_support(figure, supports)
    says = _says(nearest) if nearest else None
    hedge = " even with its hedge" if figure.hedged and figure.hedge != "implied" else ""
    if figure.hedge == "implied":
        hedge = ""
    return Finding("facts", "error", figure.line, figure.text, f"no figure in the story supports this{hedge}", says)


def _prose_leak(line: _Line, judged: _Judged, internal_metrics: Sequence[Support]) -> Finding | None:
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


def _from_to(line: _Line, judged: list[_Judged]) -> list[Finding]:
    """ "from A to B" (and "B, up from A", "B instead of A"): A is a before, B an after value."""
    findings: list[Finding] = []
    for first, second in zip(judged, judged[1:], strict=False):
        if first.finding or second.finding or not first.candidates or not second.candidates:
            continue
        a, b = first.figure, second.figure
        between = line.text[a.column + len(a.text) : b.column]
        opening = _FROM.search(line.text[max(0, a.column - 40) : a.column])
        if _TO.match(between) and opening:
            before, after, start = first, second, max(0, a.column - 40) + opening.start()
        elif _ARROW.match(between):
            before, after, start = first, second, a.column
        elif _UP_FROM.match(between) or (
            _BARE_FROM.match(between) and _TO_BEFORE.search(line.text[max(0, a.column - 8) : a.column])
        ):
            before, after, start = second, first, a.column
        else:
            continue
        right = _roles(before.candidates, "before") & _roles(after.candidates, "after")
        wrong = _roles(before.candidates, "after") & _roles(after.candidates, "before")
        if wrong and not right:
            metric = sorted(wrong)[0]
            text = line.text[min(a.column, b.column) : max(a.column + len(a.text), b.column + len(b.text))]
            shown = [s for s in (*before.candidates, *after.candidates) if s.quantity and metric in s.quantity]
            b_shown = next((s.shown for s in shown if s.role == "before"), "")
            a_shown = next((s.shown for s in shown if s.role == "after"), "")
            findings.append(Finding("facts", "error", a.line, " ".join(text.split()),
                                    "before and after are swapped",
                                    f"{metric} went from {b_shown} to {a_shown}"))  # fmt: skip
            continue
        if right:
            clause_start = max([m.end() for m in CLAUSE_END.finditer(line.text[:start])] or [0])
            words = re.findall(r"[A-Za-z]+", line.text[clause_start:start])
            claimed = next((d for w in reversed(words) if (d := direction_after(w)) is not None), None)
            trend = [s for s in before.candidates if s.role == "before" and s.quantity and s.quantity & right]
            if claimed and trend and not any(_agrees(claimed, s) for s in trend):
                metric = sorted(right)[0]
                went = "rose" if trend[0].trend > 0 else "fell"
                text = line.text[min(a.column, b.column) : max(a.column + len(a.text), b.column + len(b.text))]
                findings.append(Finding("facts", "error", a.line, " ".join(text.split()),
                                        f"the story says {metric} {went}; "
                                        "this says it went the other way"))  # fmt: skip
    return findings
