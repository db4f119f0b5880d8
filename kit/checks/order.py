"""Before and after: which of two figures a line gives as the before value and which the after;
and where two figures are the ends of one range, which is neither (`join_ranges`).

"from A to B", "A → B", "B, up from A", "to B from A" and "B instead of A", and the cells of
a table's Before and After columns: A must be a before value of the story's, B an after.
A "from A to B" whose direction word ("fell from A to B") goes the other way from the
story's is wrong as well.

Two figures of a sentence, or of two sentences in a row, may also say their roles in the words
next to them: "11 minutes before, 42 after", "used to take 42 minutes; now it takes 11", "CI used
to take 10 minutes. Now it takes 40.", "was 4 hours; it is 2.5 hours now", "(before → after):
4 hours, 2.5 hours"; and a label says one figure's: "Before: $84k".

A range ("25-30 minutes", "$25–35k", "25 to 30 minutes", "between 4 and 6 hours") is one claim:
the value lies within it. `join_ranges` makes its two ends one figure, so that a range that holds
the story's value passes and one that leaves it out fails, whichever end the story happens to have.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kit import rx
from kit.checks.figure import Figure
from kit.checks.line import Judged, Line, agrees
from kit.checks.masking import folded, when_needed
from kit.checks.number_words import WORD_NUMBER
from kit.checks.reading import CLAUSE_END, direction_after, says_direction
from kit.checks.report import Finding
from kit.checks.supports import Support

_FROM = when_needed(r"\bfrom\s*(?:[^\s–—-]+\s*[–—-]\s*)?$", re.IGNORECASE)  # "from 25–30 minutes to 6"
# Up to six words between the figures: "from $31k of egress spend a month to $84k".
_TO = when_needed(
    r"^\s*(?:\(?[A-Za-z-]+\)?\s+){0,6}?(?:(?:down|up|all the way)\s+)?(?:to|→|->|⇒)\s*$|^\s*(?:→|->|⇒)\s*$",
    re.IGNORECASE,
)
_UP_FROM = when_needed(
    r"^\s*(?:[A-Za-z-]+\s+){0,3}?[A-Za-z-]*\s*[,(]?\s*(?:up|down|falling|rising|dropping|climbing)\s+from\s*$"
    r"|^\s*(?:[A-Za-z-]+\s+){0,3}?(?:instead\s+of|rather\s+than|compared\s+(?:with|to))\s*$",
    re.IGNORECASE,
)
_ARROW = when_needed(r"^\s*(?:[A-Za-z-]+\s+){0,2}?(?:→|->|⇒)\s*$")
_BARE_FROM = when_needed(r"^\s*(?:[A-Za-z-]+\s+){0,2}?,?\s*from\s*$", re.IGNORECASE)
_TO_BEFORE = when_needed(r"\b(?:to|at)\s*$", re.IGNORECASE)  # "dropped to 2 days from 6 weeks"
# What the words between two figures end with, in lower case as `folded` has it, for any of the
# patterns above to match them: most pairs of figures have none, and are not read further.
_PAIR_ENDS = ("to", "→", "->", "⇒", "from", "of", "than", "with")
_WORD = rx.compile(r"[A-Za-z]+")

# ---- roles said next to a figure ------------------------------------------------------------
BEFORE, AFTER = "before", "after"
# Every cue below has one of these words in it: a line with none says no role this way.
_ROLE_CUES = ("before", "after", "used to", "once", "was", "were", "now", "today")
# "11 minutes before", "$31k a month before the move", "38 after": the word at most four words
# after the figure (its unit, its period), in its clause.
_ROLE_AFTER = when_needed(
    r"^\s*(?:(?!(?:and|but|than|while|so)\s)[A-Za-z-]+\s+){0,4}?(?P<cue>before|after)\b", re.IGNORECASE
)
# "it is 4 hours now.": "now" or "today" closing the figure's clause, not the next clause's
# opening ("2.5 hours now top out at 4").
_NOW_AFTER = when_needed(r"^\s*(?:now|today)\s*(?:[.,;!?)]|$)", re.IGNORECASE)
# "was 2.5 hours", "used to take 11 minutes", "once waited 4 hours", "now it takes 42", "today they
# wait 2.5 hours": the cue at most a few words before the figure, in its clause.
_ROLE_BEFORE = when_needed(
    r"\b(?:(?P<was>was|were)\s+(?:about\s+|around\s+|roughly\s+|nearly\s+|almost\s+|just\s+|only\s+)?"
    r"|(?P<once>used\s+to|once)\s+(?:[A-Za-z-]+\s+){0,3}"
    r"|(?P<now>now|today)\s+(?:[A-Za-z-]+\s+){0,3})[$€£¥₹]?$",
    re.IGNORECASE,
)
# "Before: $84k", "- **After:** 420 ms": a label, the figure's role whatever else the line says.
_LABEL = when_needed(r"(?:^|[^\w])(?P<cue>before|after)\s*[*_]*\s*:\s*[*_]*\s*[$€£¥₹]?$", re.IGNORECASE)
# "Median wait (before → after): 4 hours, 2.5 hours": the first figure after the header the
# before, the next the after.
_HEADER = when_needed(r"\bbefore\s*(?:→|->|/|vs\.?|and)\s*after\s*\)?\s*[*_]*:?\s*[*_]*\s*[$€£¥₹]?$", re.IGNORECASE)
_LISTED = when_needed(r"^\s*(?:,|;|→|->|/|\band\b)\s*[$€£¥₹]?$", re.IGNORECASE)
_SENTENCE_BREAK = rx.compile(r"[.!?](?:\s|$)")


def _roles(candidates: Sequence[Support], role: str) -> set[str]:
    """The metrics the candidates give a value of in a role ("before", "after")."""
    return {q for s in candidates if s.role == role and s.quantity for q in s.quantity}


def table_columns(lines: Sequence[str]) -> dict[int, tuple[int, int]]:
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


def table_row(line: Line, judged: list[Judged], columns: tuple[int, int]) -> list[Finding]:
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


def from_to(line: Line, judged: list[Judged]) -> list[Finding]:
    """ "from A to B" (and "B, up from A", "B instead of A"): A is a before, B an after value."""
    findings: list[Finding] = []
    paired: set[int] = set()  # the judged figures read as a pair here, not read again by their words
    for first, second in zip(judged, judged[1:], strict=False):
        if first.finding or second.finding or not first.candidates or not second.candidates:
            continue
        a, b = first.figure, second.figure
        between = line.text[a.column + len(a.text) : b.column]
        if not folded(between).rstrip().endswith(_PAIR_ENDS):
            continue
        opening = _FROM().search(line.text[max(0, a.column - 40) : a.column]) if _TO().match(between) else None
        if opening:
            before, after, start = first, second, max(0, a.column - 40) + opening.start()
        elif _ARROW().match(between):
            before, after, start = first, second, a.column
        elif _UP_FROM().match(between) or (
            _BARE_FROM().match(between) and _TO_BEFORE().search(line.text[max(0, a.column - 8) : a.column])
        ):
            before, after, start = second, first, a.column
        else:
            continue
        paired.update((id(first), id(second)))
        right = _roles(before.candidates, "before") & _roles(after.candidates, "after")
        swapped = _swapped(line, before, after)
        if swapped is not None:
            findings.append(swapped)
            continue
        if right:
            clause_start = max([m.end() for m in CLAUSE_END.finditer(line.text[:start])] or [0])
            words = _WORD.findall(line.text[clause_start:start])
            claimed = next((d for w in reversed(words) if (d := direction_after(w)) is not None), None)
            trend = [s for s in before.candidates if s.role == "before" and s.quantity and s.quantity & right]
            if claimed and trend and not any(agrees(claimed, s) for s in trend):
                metric = sorted(right)[0]
                went = "rose" if trend[0].trend > 0 else "fell"
                text = line.text[min(a.column, b.column) : max(a.column + len(a.text), b.column + len(b.text))]
                findings.append(Finding("facts", "error", a.line, " ".join(text.split()),
                                        f"the story says {metric} {went}; "
                                        "this says it went the other way"))  # fmt: skip
    if any(cue in line.lower for cue in _ROLE_CUES):
        usable = [j for j in judged if not j.finding and j.candidates and id(j) not in paired]
        findings += _said_roles(line, usable)
    return findings


def _swapped(line: Line, before: Judged, after: Judged) -> Finding | None:
    """ "before and after are swapped" when the figure said as the before is only a value after
    of a metric whose value before the other is, and no metric has them the right way round."""
    right = _roles(before.candidates, "before") & _roles(after.candidates, "after")
    wrong = _roles(before.candidates, "after") & _roles(after.candidates, "before")
    if not wrong or right:
        return None
    metric = sorted(wrong)[0]
    a, b = sorted((before.figure, after.figure), key=lambda f: f.column)
    text = line.text[a.column : b.column + len(b.text)]
    shown = [s for s in (*before.candidates, *after.candidates) if s.quantity and metric in s.quantity]
    b_shown = next((s.shown for s in shown if s.role == "before"), "")
    a_shown = next((s.shown for s in shown if s.role == "after"), "")
    return Finding("facts", "error", a.line, " ".join(text.split()), "before and after are swapped",
                   f"{metric} went from {b_shown} to {a_shown}")  # fmt: skip


def _said_role(line: Line, figure: Figure) -> tuple[str | None, bool]:
    """The role the words next to a figure give it, and whether a label gives it.

    A label ("Before:") or "before"/"after" right after the figure says it outright and wins;
    "was", "used to", "once", "now" and "today" say it only by tense.
    """
    ahead = line.text[max(0, figure.column - 60) : figure.column]
    label = _LABEL().search(ahead)
    if label:
        return label.group("cue").lower(), True
    following = line.after(figure)[:60]
    said = _ROLE_AFTER().match(following)
    if said:
        return said.group("cue").lower(), False
    if _NOW_AFTER().match(following):
        return AFTER, False
    tense = _ROLE_BEFORE().search(ahead)
    if tense:
        return (AFTER if tense.group("now") else BEFORE), False
    return None, False


def _said_roles(line: Line, usable: Sequence[Judged]) -> list[Finding]:
    """Figures whose roles the words next to them say, checked as `from_to` checks "from A to B".

    Two figures of a sentence said as before and after (or listed after a "before → after"
    header) must be a before and an after value of the story's; one figure under a label
    ("Before: $84k") must be a value of that role when a metric's value of the other role is it.
    `usable`: the line's judged figures that have candidates and no finding, in order.
    """
    findings: list[Finding] = []
    roles = [_said_role(line, j.figure) for j in usable]
    for (role, label), item in zip(roles, usable, strict=True):
        if label and role is not None:
            found = _labelled(item, role)
            if found is not None:
                findings.append(found)
    for at in range(len(usable) - 1):
        first, second = usable[at], usable[at + 1]
        a, b = first.figure, second.figure
        between = line.text[a.column + len(a.text) : b.column]
        # Two sentences in a row may say it too: "CI used to take 10 minutes. Now it takes 40."
        breaks = len(_SENTENCE_BREAK.findall(between))
        if breaks > 1:
            continue
        (one, one_label), (other, other_label) = roles[at], roles[at + 1]
        if not breaks and _LISTED().match(between) and _HEADER().search(line.text[max(0, a.column - 60) : a.column]):
            one, other = BEFORE, AFTER
        elif one_label or other_label or one is None or other is None or one == other:
            continue
        before, after = (first, second) if one == BEFORE else (second, first)
        swapped = _swapped(line, before, after)
        if swapped is not None:
            findings.append(swapped)
    return findings


def _labelled(item: Judged, role: str) -> Finding | None:
    """A figure under a "Before:" or "After:" label that is only a value of the other role."""
    stated = [s for s in item.candidates if not s.prose]
    if not stated or any(s.role == role for s in stated):
        return None
    other = next((s for s in stated if s.role in (BEFORE, AFTER)), None)
    if other is None:
        return None
    return Finding("facts", "error", item.figure.line, item.figure.text,
                   f"this says it is the value {role}, but it is the value {other.role}",
                   f"{other.shown} ({', '.join(sorted(other.quantity or ()))}, {other.role})")  # fmt: skip


# ---- ranges -----------------------------------------------------------------------------------
# What joins a range's ends: a dash with no space ("25-30", "4 hours–6 hours"); a dash or "to" with
# spaces where the first end has no unit of its own ("25 to 30 minutes", "4 – 6 hours"); "and" after
# "between". A spaced dash after a unit is prose ("6 minutes – 42 minutes less"), and "to" after
# "from", a direction word or a label the two ends of a change ("from 48 to 6", "raised recall 71
# to 88%", "Models in production: 14 to 41"); so is "4 hours to 6 hours", which keeps both ends.
_TIGHT_DASH = ("-", "–", "—")
_WIDEST = 3  # a range's high end at most this many times its low one ("2-5 days", not "10 to 60 minutes")
_SPACED = when_needed(r"\s*(?:[–—-]|to)\s*", re.IGNORECASE)  # "to" only where no direction is said before it
_AND = when_needed(r"\s+and\s+", re.IGNORECASE)
_BETWEEN = when_needed(r"\bbetween\s+(?:about\s+|roughly\s+|around\s+)?[$€£¥₹]?$", re.IGNORECASE)


def join_ranges(text: str, figures: Sequence[Figure]) -> list[Figure]:
    """The figures of a line (`text`, in reading order) with the two ends of each range made one
    figure, true of what lies between its ends, each end's rounding and hedge included."""
    joined: list[Figure] = []
    at = 0
    while at < len(figures):
        low = figures[at]
        high = figures[at + 1] if at + 1 < len(figures) else None
        if high is not None and _is_range(text, low, high):
            joined.append(_span(text, low, high))
            at += 2
        else:
            joined.append(low)
            at += 1
    return joined


def _is_range(text: str, low: Figure, high: Figure) -> bool:
    between = text[low.column + len(low.text) : high.column]
    if len(between.strip()) > 3:
        return False  # what may join a range's ends is a dash, "to" or "and", spaces around it
    if low.family != high.family or not low.value < high.value or "implied" in (low.hedge, high.hedge):
        return False
    if low.value <= 0 or high.value > _WIDEST * low.value:
        return False  # "between 1 and 100 seconds" says nothing: each end is judged as what it says
    if between in _TIGHT_DASH:
        return True
    before = text[max(0, low.column - 60) : low.column]
    if _AND().fullmatch(between):
        return _BETWEEN().search(before) is not None
    if _bare(low) and _SPACED().fullmatch(between):  # no unit of its own: "25 to 30 minutes"
        if between.strip() in _TIGHT_DASH:
            return True
        # "Models in production: 14 to 41" is a change, as "went 14 to 41" is
        return not says_direction(before) and not before.rstrip(" *_$€£¥₹").endswith(":")
    return False


def _bare(figure: Figure) -> bool:
    """Whether a figure is written with no unit of its own: "25" or "two" of "25 to 30 minutes",
    "two to three weeks" (the unit it has is the other end's), not "6 minutes" or "$25k"."""
    return figure.text[-1:].isdigit() or WORD_NUMBER().fullmatch(figure.text.split()[-1]) is not None


def _span(text: str, low: Figure, high: Figure) -> Figure:
    """One figure for a range: its value the middle, its precision half the width (as "dozens of")."""
    bottom, top = low.bounds()[0], high.bounds()[1]
    written = text[low.column : high.column + len(high.text)]
    return Figure((bottom + top) / 2, high.dimension, high.unit, written, low.line, low.column, (top - bottom) / 2,
                  sign=low.sign)  # fmt: skip
