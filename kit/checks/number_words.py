"""Numbers in words: "twenty-one", "a dozen", "two hundred"; and the words that are claims
themselves: "doubled", "twice as", "halved", "by a third", "two-thirds less", "dozens of",
"tenfold".

`kit.checks.figures` reads a number word like digits (`WORD_NUMBER`, `word_value`) and adds
the figures `word_claims` finds in each line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from kit import rx
from kit.checks.figure import FOLD, Figure
from kit.checks.masking import Compiled, folded, when_needed
from kit.quantity import Dimension

_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
# Every number in words has one of these as a word of its own ("twenty-one", "half a dozen").
NUMBER_WORDS = frozenset([*_SMALL, *_TENS, "dozen", "hundred"])
_ONES = "one|two|three|four|five|six|seven|eight|nine"
_SMALLS = "|".join(sorted(_SMALL, key=len, reverse=True))
_TENSES = "|".join(_TENS)
_BELOW_100 = rf"(?:(?:{_TENSES})(?:[-\s](?:{_ONES}))?|{_SMALLS})"
WORD_NUMBER = when_needed(
    rf"""(?<![\w-])(?P<words>
        half\s+a\s+dozen
      | (?:a|{_SMALLS})\s+dozen
      | (?:a|{_ONES})\s+hundred(?:\s+(?:and\s+)?{_BELOW_100})?
      | {_BELOW_100}
    )(?![\w])""",
    re.IGNORECASE | re.VERBOSE,
)
_WORD_CLAIMS: list[tuple[Compiled, float, Dimension, str]] = [
    (when_needed(r"(?<![\w-])(?:doubled|doubling)\b", re.I), 2.0, Dimension.NUMBER, FOLD),
    (when_needed(r"(?<![\w-])(?:tripled|tripling)\b", re.I), 3.0, Dimension.NUMBER, FOLD),
    (when_needed(r"(?<![\w-])(?:quadrupled|quadrupling)\b", re.I), 4.0, Dimension.NUMBER, FOLD),
    (when_needed(r"(?<![\w-])twice\s+as\b", re.I), 2.0, Dimension.NUMBER, FOLD),
    (when_needed(r"(?<![\w-])(?:halved|halving|cut\s+(?:\w+\s+){0,3}?in\s+half|by\s+half)\b", re.I),
     50.0, Dimension.PERCENT, "%"),
]  # fmt: skip
# Fractions are claims where they read as a share: "half of", "by a third", "two-thirds
# less"; never "a quarter" alone (a period) or "half an hour".
# Sixths to tenths count only with a count above one ("seven eighths", "five sixths"): "a tenth"
# alone is as often an ordinal or a loose word ("a tenth as often" of 1/13) as a share.
_FINE = {"sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10}
_FRACTIONS = {"half": 50.0, "third": 100 / 3, "thirds": 100 / 3, "quarter": 25.0, "quarters": 25.0,
              "fifth": 20.0, "fifths": 20.0, **{f"{name}s": 100 / parts for name, parts in _FINE.items()}}  # fmt: skip
_FRACTION = when_needed(
    r"(?<![\w-])(?P<n>(?:a|one|two|three|four|five|six|seven|eight|nine)[\s-]+)?"
    r"(?P<d>half|thirds?|quarters?|fifths?|sixths?|sevenths?|eighths?|ninths?|tenths?)(?![\w-])"
    r"(?!\s+an?\b|\s+of\s+an?\s+(?:thousand|million|billion)\b)"  # "a quarter of a million" is a number,
    r"(?!\s+of\s+an?\s+(?:second|minute|hour|day|week|month|year)\b)",  # "nine tenths of a second" a time
    re.IGNORECASE,
)
# A hedge right before a fraction or an order of magnitude: "by more than half", "almost a third".
# The names are `Figure`'s hedges, so the fraction's interval is the hedge's (`Figure.bounds`).
_WORD_HEDGE = when_needed(
    r"(?<![\w-])(?P<h>more\s+than|less\s+than|fewer\s+than|just\s+over|just\s+under|well\s+over|over|under|"
    r"nearly|almost|about|roughly|around|approximately|close\s+to|some|at\s+least)\s+$",
    re.IGNORECASE,
)
# "an order of magnitude", "two orders of magnitude": about 10× and 100×.
_MAGNITUDE_ORDER = when_needed(r"(?<![\w-])(?P<n>an?|one|two|three)\s+orders?\s+of\s+magnitude\b", re.IGNORECASE)
_ORDERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3}
_FRACTION_CUE = when_needed(
    r"(?:\bby|\bcut|\bfell|\brose|\bgrew|\bdropped|\bdown|\bup|\bthan|\bnearly|\balmost|\broughly|"
    r"\babout|\bjust|\bonly|\bshed|\bslashed|\breduced|\btrimmed|\bshaved|\blost|\bsaved|\bto|\bwas|"
    r"\bis|\bover|\bin)\s+$",
    re.IGNORECASE,
)
_QUARTER_CUE = when_needed(r"\b(?:by|cut|fell|rose|grew|dropped|than|nearly|almost|roughly|about)\s+$", re.I)
_AFTER = when_needed(r"\bafter\s+$", re.IGNORECASE)
_ORDINAL_BEFORE = when_needed(r"\b(?:first|second|last|other|next|final|latter|former)[\s-]+$", re.IGNORECASE)
_FRACTION_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                   "nine": 9}  # fmt: skip
DENOMINATOR_AFTER = when_needed(
    r"^[\s-](?:thirds?|quarters?|fifths?|sixths|sevenths|eighths|ninths|tenths|halves|half)\b", re.IGNORECASE
)
_MANY = when_needed(r"(?<![\w-])(?P<w>dozens|hundreds|thousands)\s+of\b", re.IGNORECASE)
_MANY_RANGES = {"dozens": (24.0, 99.0), "hundreds": (200.0, 999.0), "thousands": (2000.0, 9999.0)}
_FOLD_WORD = when_needed(
    rf"(?<![\w-])(?P<n>(?:(?:{_TENSES})-)?(?:{'|'.join(_SMALL)})|{_TENSES}|hundred)fold\b", re.IGNORECASE
)


def word_value(words: str) -> float:
    """The value of a number in words: "twenty-one" is 21, "two dozen" 24, "a hundred" 100."""
    parts = [p for p in re.split(r"[\s-]+", words.lower()) if p not in ("and",)]
    total = 0.0
    current = 0.0
    for part in parts:
        if part == "a":
            current = current or 1  # "a dozen"; "half a dozen" keeps its half
        elif part == "half":
            current = 0.5
        elif part in _SMALL:
            current += _SMALL[part]
        elif part in _TENS:
            current += _TENS[part]
        elif part == "dozen":
            current = (current or 1) * 12
        elif part == "hundred":
            current = (current or 1) * 100
    return total + current


# Every word claim has one of these in it (in lower case, as `folded` has it).
_ANY_WORD_CLAIM = rx.compile(
    r"doubl|tripl|quadrupl|twice|halv|half|third|quarter|fifth|sixth|seventh|eighth|ninth|tenth|dozens|hundreds"
    r"|thousands|fold|magnitude"
)


def may_claim(lower: str) -> bool:
    """Whether a line, `folded`, may have a word claim: most lines have none."""
    return _ANY_WORD_CLAIM.search(lower) is not None


def word_claims(line: str, number: int) -> Iterator[Figure]:
    if not may_claim(folded(line)):
        return
    for pattern, value, dimension, unit in _WORD_CLAIMS:
        for match in pattern().finditer(line):
            yield Figure(value, dimension, unit, match.group(0), number, match.start(), 0.0, "implied")
    for match in _FRACTION().finditer(line):
        before = line[max(0, match.start() - 40) : match.start()]
        denominator = match.group("d").casefold()
        if _ORDINAL_BEFORE().search(before) or (not match.group("n") and denominator != "half"):
            continue
        follows_of = re.match(r"\s+(?:of|the|as|their|our|its|that|what)\b", line[match.end() :], re.I)
        if denominator.startswith("quarter") and (
            not (follows_of or _QUARTER_CUE().search(before)) or _AFTER().search(before)
        ):
            continue  # "a quarter" alone is a period, and so is "after a quarter of steady work"
        if denominator == "half" and re.search(r"(?:\bby|\bin)\s+$", before, re.I):
            continue  # "by half", "cut in half": read above
        if not (
            follows_of
            or _FRACTION_CUE().search(before)
            or re.match(r"\s+(?:less|more|fewer|lower|higher)", line[match.end() :])
        ):
            continue
        count = _FRACTION_WORDS.get((match.group("n") or "a").strip(" -").casefold(), 1)
        if denominator.rstrip("s") in _FINE and (count < 2 or not denominator.endswith("s")):
            continue  # "a tenth", "one eighth": see `_FINE`
        value = count * _FRACTIONS[denominator]
        yield _hedged(Figure(value, Dimension.PERCENT, "%", match.group(0), number, match.start(), 0.0, "implied"),
                      before)  # fmt: skip
    for match in _MANY().finditer(line):
        low, high = _MANY_RANGES[match.group("w").casefold()]
        yield Figure((low + high) / 2, Dimension.NUMBER, "", match.group("w"), number, match.start(), (high - low) / 2)
    for match in _FOLD_WORD().finditer(line):
        value = word_value(match.group("n"))
        yield Figure(value, Dimension.NUMBER, FOLD, match.group(0), number, match.start(), 0.5)
    if "magnitude" in folded(line):
        yield from _orders_of_magnitude(line, number)


def _hedged(figure: Figure, before: str) -> Figure:
    """A word claim with the hedge written before it, if any: "more than half" is true of 56%, not "half"."""
    hedge = _WORD_HEDGE().search(before)
    if hedge is None:
        return figure
    start = figure.column - (len(before) - hedge.start())
    text = " ".join(hedge.group("h").lower().split())
    return replace(figure, text=f"{before[hedge.start() :]}{figure.text}", column=start, hedge=text)


# An order of magnitude is a factor of ten to the reader, give or take half an order: "an order of
# magnitude faster" is true of 8× to 31×, not of 4.3×. "Nearly" and "almost" reach down to 6×;
# "more than" and "over" say at least the order itself, up to the next.
_ORDER_LOW, _ORDER_HIGH, _ORDER_NEARLY = 0.8, 10**0.5, 0.6


def _orders_of_magnitude(line: str, number: int) -> Iterator[Figure]:
    for match in _MAGNITUDE_ORDER().finditer(line):
        power = 10.0 ** _ORDERS[match.group("n").casefold()]
        low, high = _ORDER_LOW * power, _ORDER_HIGH * power
        start, text = match.start(), match.group(0)
        hedge = _WORD_HEDGE().search(line[max(0, start - 20) : start])
        if hedge is not None:
            said = " ".join(hedge.group("h").lower().split())
            if said in ("more than", "over", "well over", "just over", "at least"):
                low, high = power, power * 10
            elif said in ("nearly", "almost", "just under", "close to", "under", "less than"):
                low, high = _ORDER_NEARLY * power, power
            start -= len(line[max(0, start - 20) : start]) - hedge.start()
            text = line[start : match.end()]
        # The interval is the figure's: its value the middle, its precision half the width.
        yield Figure((low + high) / 2, Dimension.NUMBER, FOLD, text, number, start, (high - low) / 2)
