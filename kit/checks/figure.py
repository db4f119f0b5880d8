"""What a figure is: its value in base units and the values it is true for.

`Figure` is one figure read in a draft (`kit.checks.figures` reads them); `family` says what it
can be compared with, and `bounds()` the interval its digits and hedge make it true for.

Precision: a figure stands for half a unit of its last written digit either side (67% is
66.5–67.5, $1.2M is 1.15M–1.25M). Zeros that end a whole number after its third digit may be
rounding ("1,230" is 1,225–1,235; "1,000" is 995–1,005), because kit shows derived figures to
three significant figures. A hedge replaces that interval in its own direction, never adds to
it: "about"/"~" is `HEDGE_TOLERANCE` (10%) or the digits' rounding, whichever is wider, both
ways ("about 4×" is 3.5–4.5, not 3.1), and on a percentage in digits at most `HEDGE_POINTS` (5 points:
"nearly 100%" is not 92%); "nearly"/"almost"/"up to" the same, downwards only;
"over"/"more than"/"at least" upwards only, up to `UPWARD_TOLERANCE` (40%) or the next round
number ("more than 2×" is true of 2.7×, "over 40×" of 44×), and "under"/"less than" as far
downwards ("under three months" is true of 2.4 months). "more than" and "under" exclude the
figure itself.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from kit.quantity import Dimension

HEDGE_TOLERANCE = 0.10
UPWARD_TOLERANCE = 0.40  # "over 40×" is honest for 44× or 55×, not for 60×
HEDGE_POINTS = 5.0  # a hedge's reach on a percentage, in points: "about 70%" is 65–75%, not 63%

FOLD = "×"
POINTS = "pp"
POINT_WORD = "points"  # "rose 20 points": percentage points, or a score's points


@dataclass(frozen=True)
class Figure:
    """One figure in a draft: its value in base units and what its writing implies."""

    value: float  # in base units (seconds, currency units, percent); never negative
    dimension: Dimension
    unit: str  # "%", "pp", "×", a currency code, a duration unit ("days"), a free word, or ""
    text: str  # as written in the draft, hedge included
    line: int  # 1-based line in the text it came from
    column: int  # 0-based offset in that line
    precision: float  # half-width of the interval the digits imply, in base units
    hedge: str | None = None  # "about", "over", "nearly", ... as written (lower case)
    sign: str = ""  # "+", "-" or "±" when written

    @property
    def hedged(self) -> bool:
        return self.hedge is not None

    @property
    def family(self) -> str:
        """What the figure can be compared with: duration, money:USD, percent, points, fold, number."""
        return family(self.dimension, self.unit)

    def bounds(self) -> tuple[float, float]:
        """The values this figure is true for, hedge included.

        Rounding never reaches a limit that means something else: "0" (none) is true of zero only,
        and "100%" (all) of what rounds to it at one more digit (99.95% and up), not of 99.8%. A
        strict bound is strict: "under 0.05%" is false of 0.05%, "more than 0.8" of 0.75 and 0.8
        ("over" is not strict: "over 5 months" is as often how long the work took).
        """
        low, high = self.value - self.precision, self.value + self.precision
        direction = _HEDGE_DIRECTION.get(self.hedge or "", 0) if self.hedged else None
        if direction is None:
            if self.value == 0:
                return 0.0, 0.0
            if self.value == 100 and self.unit == "%" and self.dimension is Dimension.PERCENT:
                return 100 - self.precision / 10, high
            return low, high
        # A hedge replaces rounding's tolerance, never adds to it: "about 4×" is 3.6–4.4
        # (or 3.5–4.5 by its digits), not 3.1–4.9.
        down = max(self.precision, HEDGE_TOLERANCE * self.value)
        if self.dimension is Dimension.PERCENT and any(c.isdigit() for c in self.text):
            # Near 100% a tenth is most of what is left: "nearly 100%" of 92% hides 8 points of it.
            # A fraction in words is coarse by nature ("three quarters" of 81%): its tenth stands.
            down = max(self.precision, min(down, HEDGE_POINTS))
        # "more than 2×" is true of 2.7×: upwards, a hedge reaches the next round number.
        up = max(2 * self.precision, UPWARD_TOLERANCE * self.value) if direction > 0 else down
        if direction <= 0:
            low = self.value - down
        if direction >= 0:
            high = self.value + up
        if self.hedge in _STRICTLY_BELOW:  # a bound, as "more than" is: it reaches as far down
            low = self.value - max(2 * self.precision, UPWARD_TOLERANCE * self.value)
            high = self.value - _STRICT * max(1.0, abs(self.value))
        elif self.hedge in _STRICTLY_ABOVE:
            low = self.value + _STRICT * max(1.0, abs(self.value))
        elif self.hedge in _AT_MOST:  # "within 2 months" is a bound the figure may reach: "under" it, or it
            low = self.value - max(2 * self.precision, UPWARD_TOLERANCE * self.value)
            high = self.value
        return low, high

    def __str__(self) -> str:
        return self.text


def family(dimension: Dimension, unit: str) -> str:
    """The comparison family of a dimension and unit: money compares only within a currency."""
    if dimension is Dimension.MONEY:
        return f"money:{unit}"
    if dimension is Dimension.PERCENT:
        return "points" if unit in (POINTS, POINT_WORD) else "percent"
    if dimension is Dimension.NUMBER and unit == FOLD:
        return "fold"
    if dimension is Dimension.SCORE:
        return "number"  # "4.6 out of 5" reads as plain numbers in a draft
    return dimension.value


# -1: the truth may be lower ("nearly 21×"); +1: higher ("over 20×"); 0: either way.
_HEDGE_DIRECTION = {
    "about": 0, "roughly": 0, "around": 0, "approximately": 0, "approx.": 0, "some": 0,
    "circa": 0, "~": 0, "≈": 0, "close to": 0, "nearly": -1, "almost": -1, "up to": -1,
    "under": -1, "less than": -1, "fewer than": -1, "just under": -1, "over": 1,
    "more than": 1, "at least": 1, "just over": 1, "well over": 1, "within": -1, "implied": 0,
}  # fmt: skip


# Hedges that exclude the figure itself: the truth is below ("under 2 s") or above ("more than 3×") it.
# Not "over": it is as often the span of the work ("over 5 months") as a bound.
_STRICTLY_BELOW = frozenset(("under", "less than", "fewer than", "just under"))
_STRICTLY_ABOVE = frozenset(("more than", "just over", "well over"))
_AT_MOST = frozenset(("within",))
_STRICT = 1e-6  # relative: past the margin a lookup allows for equal values (1e-9)


@functools.lru_cache(maxsize=4096)  # drafts write the same few numbers again and again
def implied_precision(digits: str) -> float:
    """Half a unit of the last significant written digit: "67" is ±0.5, "1.2" ±0.05.

    Zeros that end a whole number after its third digit may be rounding: "1,230" is ±5.
    """
    digits = digits.replace(",", "")
    whole, _, decimals = digits.partition(".")
    if decimals:
        return 0.5 * 10 ** -len(decimals)
    whole = whole.lstrip("0") or "0"
    significant = len(whole.rstrip("0")) or 1
    place = len(whole) - max(significant, min(len(whole), 3))
    return 0.5 * 10**place
