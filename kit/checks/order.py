"""Before and after: which of two figures a line gives as the before value and which the after.

"from A to B", "A → B", "B, up from A", "to B from A" and "B instead of A", and the cells of
a table's Before and After columns: A must be a before value of the story's, B an after.
A "from A to B" whose direction word ("fell from A to B") goes the other way from the
story's is wrong as well.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kit.checks.line import Judged, Line, agrees
from kit.checks.masking import folded, when_needed
from kit.checks.reading import CLAUSE_END, direction_after
from kit.checks.report import Finding
from kit.checks.supports import Support

_FROM = when_needed(r"\bfrom\s*(?:[^\s–—-]+\s*[–—-]\s*)?$", re.IGNORECASE)  # "from 25–30 minutes to 6"
_TO = when_needed(
    r"^\s*(?:\(?[A-Za-z-]+\)?\s+){0,3}?(?:(?:down|up|all the way)\s+)?(?:to|→|->|⇒)\s*$|^\s*(?:→|->|⇒)\s*$",
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
_WORD = re.compile(r"[A-Za-z]+")


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
    return findings
