"""Figures in a draft: every number a reader could take as a claim.

`extract_figures(text)` finds the figures in Markdown prose, tables, lists and headings,
each with its value in the base units of `kit.quantity` (seconds, currency units, percent),
the interval its digits imply and any hedge before it (a `Figure`, `kit.checks.figure`).
Number words and the words that are claims themselves are read by `kit.checks.number_words`.
`kit.checks.supports` says which supported value backs one (`find_support`).

What counts as a figure (decisions, so a reader of a report knows what was checked):
- digits with separators and decimals, with `%`, `pp`/"percentage points", `×`/`x`/"-fold",
  "N times faster", currency symbols or codes, k/M/B or thousand/million/billion, and
  duration units from ms to years ("6 weeks", "45-minute", "2h"); both ends of a range ("4-6
  hours", "$25–35k"), which `kit.checks.order` judges as one claim;
- number words: zero to ninety-nine, "N hundred", "a dozen", "two dozen", "half a dozen",
  "twofold"/"tenfold"; "doubled"/"tripled"/"quadrupled" and "twice as" (2×, 3×, 4×) and
  "halved"/"cut in half"/"by half" (50%) count as hedged claims, and so do fractions where
  they read as a share ("half of", "by a third", "two-thirds less", "a quarter of": 50%, 33%,
  67%, 25%; "a quarter" alone is a period; sixths to tenths only counted: "seven eighths") and
  "dozens/hundreds/thousands of" (24–99, 200–999, 2,000–9,999). "one" and "zero" count only
  with a unit ("one week"): alone they are words, not claims. "a"/"an" before a unit of time
  is one of it where the words make it a value ("fell to an hour", "now takes a day", "from a
  day to 90 minutes", "a minute longer"), and nowhere else ("a week", "$960k a year", "an hour
  of review a week", "a year ago"). "N points" is a change in percentage points or a score's
  points.
- a time of one significant digit ("1 hour", "6 weeks") is not true of the ends of its rounding:
  "1 hour" and "2 hours" of 90 minutes are each a half unit off.
- not claims: fenced and inline code, URLs, link and image targets, HTML tags and comments,
  front matter, dates (ISO, "September 30, 2026", "30 Sep 2026", "Q3 2026", "H1 2026",
  "FY2026", month and year, 24/7-style fractions, times of day) and years 1990–2100 that read
  as dates ("in 2025", "our 2026 roadmap"; not "2040 users", a count), list numbering at a
  line's start, heading numbering, labels ("Part 2", "step three", "Chapter 7"), versions
  anywhere in a sentence ("v2.1", "Python 3.11.", "Java 21", "1.2.3", and any number after a
  name passed as `names`), all blanked by `kit.checks.masking` before numbers are read;
  ordinals ("3rd") and identifiers where digits touch letters ("p99", "S3", "GPT-4", "#123"),
  which the reader skips.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Callable, Iterable
from dataclasses import replace
from operator import attrgetter
from typing import NamedTuple

from kit import rx
from kit.checks.figure import (
    FOLD,
    HEDGE_TOLERANCE,
    POINT_WORD,
    POINTS,
    UPWARD_TOLERANCE,
    Figure,
    family,
    implied_precision,
)
from kit.checks.masking import CURRENCY_CODES, DURATION_WORDS, folded, mask_non_claims, when_needed
from kit.checks.number_words import DENOMINATOR_AFTER, NUMBER_WORDS, WORD_NUMBER, may_claim, word_claims, word_value
from kit.quantity import CURRENCY_SYMBOLS, DURATION_SECONDS, Dimension

# A number: "1,200,000", "6", "1.5", ".5", not right after a letter, digit, ".", ",", "#", "@", "/"
# or a "-" that is no minus sign (one after a space, a bracket or nothing is: "(-34%)", "return:
# -18%"; "3-4" and "GPT-4" are a range and a name). It is written to start with its first
# character, a digit or ".", so the regex engine skips ahead to one, instead of trying every
# position of a line: that character is taken first, the look-behinds check the ones before it,
# and the rest is read as the number goes on from a digit ("1,200,000": up to two more digits,
# then groups of three; "6" or "1.5") or from "." (".5"). It finds what
# `(?<![\w.,#@/])(?<![^\s(\[]-)(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+` finds.
_DIGITS = rx.compile(
    r"(?P<digits>[\d.](?<![\w.,#@/][\d.])(?<![^\s(\[]-[\d.])"
    r"(?:(?<=\d)(?:\d{0,2}(?:,\d{3})+|\d*)(?:\.\d+)?|(?<=\.)\d+))(?![\d])"
)
_RANGE_END = rx.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d])")  # "6" of "4-6", as `_DIGITS` reads one
# A minus sign only counts after a space or an opening bracket ("GPT-4" is an identifier).
_ASCII_LETTERS = frozenset(string.ascii_letters)

_HEDGES = (
    "about", "roughly", "around", "approximately", "approx.", "nearly", "almost", "over",
    "more than", "up to", "at least", "under", "less than", "fewer than", "just over",
    "just under", "some", "circa", "well over", "close to", "within", "~", "≈",
)  # fmt: skip
_HEDGE_BEFORE = when_needed(
    r"(?:(?<![\w])(?P<word>"
    + "|".join(re.escape(h) for h in sorted(_HEDGES, key=len, reverse=True) if h[0].isalpha())
    + r")\s+|(?P<sym>[~≈])\s*)(?:[+±]|[$€£¥₹]\s?|US\$|[A-Z]{3}\s)?$",
    re.IGNORECASE,
)
# A line without one of these, in lower case as `folded` has it, has no hedge: `_HEDGE_BEFORE`
# ignores case, so it tries every position of the text before each number.
_ANY_HEDGE = rx.compile("|".join(re.escape(h) for h in _HEDGES))
# A sign and a currency right before a number: at most five characters ("-US$", "+USD ").
_PREFIX = rx.compile(r"(?:[+±]|(?<![\w-])[-−])?(?:US\$|[$€£¥₹]|\b[A-Z]{3}\s?)?$")
_PREFIX_LENGTH = 5
# A number never starts right after a letter, so a prefix ends with one of these, or is a code
# and a space ("USD 5"): before any other character there is no sign or currency to read.
_PREFIX_ENDS = "+±-−$€£¥₹"
_CODE = rx.compile(r"[A-Z]{3}")
_FOLD_AFTER = when_needed(r"-[a-z]+fold\b", re.IGNORECASE)
_LETTERS = rx.compile(r"[a-z]+")
_WORD_OR_DIGIT = rx.compile(r"[0-9A-Za-z]")

_CURRENCY_BEFORE = rx.compile(rf"(?:US\$|[$€£¥₹]|\b(?:{CURRENCY_CODES})\s?)$")
_CURRENCY_LENGTH = 4  # "USD ", "US$"
_MAGNITUDE = rx.compile(
    r"^(?:(?P<word>\s?(?:thousand|million|billion))\b|(?P<short>k|K|MM|mn|bn|M|B|b|m)(?![A-Za-z0-9]))"
)
_MAGNITUDES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mm": 1e6, "mn": 1e6, "m": 1e6,
               "billion": 1e9, "bn": 1e9, "b": 1e9}  # fmt: skip
_DURATION_CANONICAL = {
    "ms": "ms", "msec": "ms", "millisecond": "ms", "s": "seconds", "sec": "seconds",
    "second": "seconds", "m": "minutes", "min": "minutes", "minute": "minutes", "h": "hours",
    "hr": "hours", "hour": "hours", "d": "days", "day": "days", "w": "weeks", "wk": "weeks",
    "week": "weeks", "mo": "months", "month": "months", "y": "years", "yr": "years",
    "year": "years",
}  # fmt: skip
# The units a number may have after it, in the order they are tried: the first that matches
# is its unit. One pattern, not a list tried one by one: a number with no unit, or a duration,
# fails or matches every alternative in one call.
_UNIT_AFTER = when_needed(
    r"(?P<points>(?i:\s?(?:pp\b|p\.p\.)|\s?%?[\s-]?percentage[\s-]points?\b|%[\s-]points?\b))"
    r"|(?P<percent>(?i:\s?%|\s(?:percent|per\s+cent|pct)\b|-percent\b))"
    r"|(?P<pointword>(?i:[\s-](?:points?|pts?)\b))"
    r"|(?P<fold>(?i:\s?×|x(?![A-Za-z0-9])|[\s-]?fold\b"
    r"|\s(?:times)\s+(?=(?:faster|quicker|slower|more|fewer|less|higher|lower|cheaper|better|worse|bigger|"
    r"smaller|larger|greater|as|over|the)\b)))"
    rf"|(?P<duration>(?i:[\s-]?(?:business\s+|working\s+|calendar\s+)?(?P<unit>{DURATION_WORDS})\b)"
    r"|(?P<letter>[smhdwy])(?![A-Za-z0-9])|\s(?P<spaced>s)(?![A-Za-z0-9'’-]))"
    rf"|(?P<money>\s?(?P<code>{CURRENCY_CODES})\b|\s(?P<word>dollars?|euros?|pounds?(?:\s+sterling)?)\b)"
)
_MONEY_WORDS = {"doll": "USD", "euro": "EUR", "poun": "GBP"}  # by a money word's first letters
_FREE_UNIT = rx.compile(r"^\s(?P<unit>[A-Za-z][A-Za-z-]*)")
_NOT_UNITS = {
    "a", "an", "and", "or", "to", "of", "in", "on", "at", "by", "for", "from", "per", "the",
    "than", "with", "is", "are", "was", "were", "that", "this", "each", "every", "out",
}  # fmt: skip
_ATTACHED_LETTER = rx.compile(r"^[A-Za-z_]")
_COLUMN = attrgetter("column")
_RANGE_JOIN = rx.compile(r"^\s*(?:–|—|-|to|and)\s*$")


# "half a million", "a quarter of a million": a share of a magnitude, read as a number whose
# magnitude follows. Said of a round figure: true within 5% ("a quarter of a million" of 252k).
_SHARE_OF_MAGNITUDE = when_needed(
    r"(?<![\w-])(?P<share>half|a\s+quarter|three\s+quarters|a\s+third|two\s+thirds)\s+(?:of\s+)?an?"
    r"(?=\s+(?:thousand|million|billion)\b)",
    re.IGNORECASE,
)
_SHARE_VALUES = {"half": 0.5, "a quarter": 0.25, "three quarters": 0.75, "a third": 1 / 3, "two thirds": 2 / 3}
_SHARE_PRECISION = 0.05


# "an hour", "a day": one of the unit, where the words say it is a value: after "to", "from", "by" or a verb
# of taking ("fell to an hour", "now takes a day", "from a day to 90 minutes"), or before a comparative
# ("a minute longer"). Anywhere else it is a period or a span ("$5 a day", "twice a week", "an hour of
# review a week", "within a day"), a time ("up from a year ago", "a day later"), as it always was, or a
# part of a longer time ("an hour and a half", "a week or two").
# On `folded` text, before `_A_UNIT` tries every position: most lines fail, and this pattern, which
# starts with a letter (no `\b`), lets the engine skip ahead to each "a".
_A_UNIT_HINT = rx.compile(r"an? (?:second|minute|hour|day|week|month|year)")
_A_UNIT = when_needed(
    r"(?<![\w-])(?P<a>an?)\s+(?:second(?!\s+(?!(?:less|more|longer|shorter|faster|slower|quicker|sooner)\b)[a-z])"
    r"|minute|hour|day|week|month|year)\b(?![-'’])"  # "a second replica" is an ordinal
    r"(?P<cmp>\s+(?:less|more|longer|shorter|faster|slower|quicker|sooner)\b)?"
    r"(?!\s+(?:and|or|of|ago|later|earlier|before|after|prior|back|away|ahead|old|long|off|out|early|late)\b)",
    re.IGNORECASE,
)
_A_UNIT_CUE = when_needed(
    r"(?:(?<![\w-])(?<!up\s)to|\bfrom|\bby|\btakes?|\btook|\btaking|\blasts?|\blasted|\bneeds?|\bneeded"
    r"|\bwaits?|\bwaited|\bnow)\s+"
    r"(?:(?:about|around|roughly|nearly|almost|just|only|under|over|less\s+than|more\s+than)\s+)?$",
    re.IGNORECASE,
)

_FIGURE_END = rx.compile(r"\d[\d,.]*\s*[A-Za-z%×]*\s+$")  # "720k ", "3 hours ": a figure right before


class _Raw(NamedTuple):
    """A number found in a line, before its unit is known."""

    start: int
    end: int
    number: float
    precision: float  # in the number's own scale, before magnitude and unit
    word: bool


def _numbers(line: str, words: Iterable[str]) -> list[_Raw]:
    """The numbers of a line in digits and, where its `words` have one, in words, in reading order."""
    found: list[_Raw] = []
    for match in _DIGITS.finditer(line):
        start = match.start()
        if start >= 2 and line[start - 1] == "-" and line[start - 2] in _ASCII_LETTERS:
            continue  # "GPT-4" is an identifier
        digits = match.group("digits")
        found.append(_Raw(start, match.end(), float(digits.replace(",", "")), implied_precision(digits), False))
        if line.startswith("-", match.end()) and (end := _RANGE_END.match(line, match.end() + 1)):
            digits = end.group(0)  # "4-6 hours": the range's end, which no number starts right after
            found.append(_Raw(end.start(), end.end(), float(digits.replace(",", "")), implied_precision(digits), False))
    if "million" in words or "billion" in words or "thousand" in words:
        for match in _SHARE_OF_MAGNITUDE().finditer(line):  # "half a million": 0.5, then its magnitude
            value = _SHARE_VALUES[" ".join(match.group("share").lower().split())]
            found.append(_Raw(match.start(), match.end(), value, value * _SHARE_PRECISION, True))
        found.sort(key=lambda r: r.start)
    if NUMBER_WORDS.isdisjoint(words):
        return found  # WORD_NUMBER ignores case and tries every position: only where a number word is
    for match in WORD_NUMBER().finditer(line):
        value = word_value(match.group("words"))
        precision = implied_precision(str(int(value))) if value >= 1 else 0.05
        found.append(_Raw(match.start(), match.end(), value, precision, True))
    return sorted(found, key=lambda r: r.start)


def _a_unit_numbers(line: str) -> list[_Raw]:
    """The "a"/"an" of "an hour", "a day" as the number one, where `_A_UNIT` and `_A_UNIT_CUE` say it is a value."""
    found: list[_Raw] = []
    for match in _A_UNIT().finditer(line):
        before = line[max(0, match.start() - 40) : match.start()]
        # "$4k a month cheaper": a period between a figure and its comparative, not a value
        said = match.group("cmp") and not _FIGURE_END.search(before)
        if said or _A_UNIT_CUE().search(before):
            found.append(_Raw(match.start(), match.end("a"), 1.0, 0.5, True))
    return found


def _read_unit(after: str, currency: str | None) -> tuple[Dimension, str, float, int] | None:
    """(dimension, unit, factor to base units, characters used) for the text after a number.

    None when the number runs into letters that are no unit ("3rd", "2FA"): not a figure.
    """
    used = 0
    magnitude = 1.0
    match = _MAGNITUDE.match(after)
    if match:
        short = match.group("short")
        if short == "m" and currency is None:
            match = None  # "5m" is five minutes unless it is money
        else:
            # casefold, not lower: the patterns ignore case, so "ſ" (a long s) matches "s" and must read as one
            name = (match.group("word") or short or "").strip().casefold()
            magnitude, used = _MAGNITUDES[name], match.end()
    rest = after[used:]
    if currency is not None:
        if _ATTACHED_LETTER.match(rest) and not used:
            return None
        return Dimension.MONEY, currency, magnitude, used
    found = _UNIT_AFTER().match(rest)
    if found:
        end = used + found.end()
        if found.group("points") is not None:
            return Dimension.PERCENT, POINTS, magnitude, end
        if found.group("percent") is not None:
            return Dimension.PERCENT, "%", magnitude, end
        if found.group("pointword") is not None:
            return Dimension.PERCENT, POINT_WORD, magnitude, end
        if found.group("fold") is not None:
            return Dimension.NUMBER, FOLD, magnitude, end
        if found.group("money") is not None:
            code = found.group("code") or _MONEY_WORDS[found.group("word")[:4].lower()]
            return Dimension.MONEY, code, magnitude, end
        if magnitude == 1.0:  # "5k hours" is a count of hours in thousands: read it as a number below
            name = found.group("unit") or found.group("letter") or found.group("spaced")
            canonical = _DURATION_CANONICAL[name.casefold().rstrip("s") if len(name) > 2 else name.casefold()]
            return Dimension.DURATION, canonical, DURATION_SECONDS[canonical], end
    if _ATTACHED_LETTER.match(rest):
        return None
    free = _FREE_UNIT.match(rest)
    word = free.group("unit").lower() if free else ""
    return Dimension.NUMBER, ("" if word in _NOT_UNITS else word), magnitude, used


# A time is coarse when half a unit of its last digit is above this share of it: one significant digit.
_COARSE = 0.05
# How far short of its rounding's ends a coarse time's interval stops: twice the margin a lookup
# gives a bound for equal values (`kit.checks.claims`), relative to the value as that margin is.
_EDGE = 2e-9


def _short_of_edges(dimension: Dimension, value: float, precision: float) -> float:
    """The precision of a figure whose digits imply `precision`: a coarse time ("1 hour", "6 weeks") is
    not true of its rounding's ends, which round as well to the next figure: "1 hour" and "2 hours" of
    90 minutes are a third and a quarter off, where the writer had "90 minutes" to say. A finer figure's
    ends stay in ("$112k" of $112.5k is how people round a half, either way), and so do a count's or a
    percentage's, whose halves are rounded either way too."""
    if dimension is not Dimension.DURATION or precision <= _COARSE * value:
        return precision
    return precision - _EDGE * max(1.0, value)


def _currency_before(before: str) -> str | None:
    match = _CURRENCY_BEFORE.search(before, max(0, len(before) - _CURRENCY_LENGTH))
    if not match:
        return None
    token = match.group(0).strip()
    return "USD" if token == "US$" else CURRENCY_SYMBOLS.get(token, token)


class _PerText:
    """The figures of a line that is line `number` of its text (`read(line, number)`), read
    once per line's text.

    Drafts repeat the story's lines, often at the same line of a section, and every kind's
    draft has the same headings and table rows; a draft's line also repeats a line of the
    story's prose or of another draft at another line number. What is read of a line depends
    on its text alone, but for the line number each of its figures carries (`_read_line` uses
    `number` for nothing else): a text read before at another number gives its figures
    renumbered, which costs far less than reading them again.
    """

    def __init__(self, read: Callable[[str, int], tuple[Figure, ...]], size: int) -> None:
        self.__wrapped__ = read  # the reading itself, nothing remembered (as `functools` names it)
        self._size = size
        self._read: dict[str, tuple[Figure, ...]] = {}

    def __call__(self, line: str, number: int) -> tuple[Figure, ...]:
        figures = self._read.get(line)
        if figures is None:
            figures = self.__wrapped__(line, number)
            if len(self._read) >= self._size:
                self._read.pop(next(iter(self._read)), None)  # the text read longest ago
            self._read[line] = figures
        if not figures or figures[0].line == number:
            return figures  # every figure of a line carries the same number: the first tells for all
        return tuple(replace(figure, line=number) for figure in figures)

    def cache_clear(self) -> None:
        """Forget every text read (as `functools.lru_cache` has it)."""
        self._read.clear()


def _read_line(line: str, number: int) -> tuple[Figure, ...]:
    """The figures of a line, each numbered `number`, in reading order."""
    lower = folded(line)
    words = _LETTERS.findall(lower)  # only asked whether one is a number word: no set of them is made
    raws = _numbers(line, words)
    if _A_UNIT_HINT.search(lower):
        raws = sorted([*raws, *_a_unit_numbers(line)], key=attrgetter("start"))
    # Most lines have no hedge, and the search ignores case: nor is it needed where no number is.
    hedged = bool(raws) and _ANY_HEDGE.search(lower) is not None
    figures: list[tuple[Figure, _Raw, int, int]] = []
    for raw in raws:
        offset = max(0, raw.start - 40)  # what qualifies a number stands right before it
        before = line[offset : raw.start]
        after = line[raw.end :]
        prefixed = before[-1:] in _PREFIX_ENDS or (before[-1:].isspace() and before[-2:-1].isupper())
        currency = None if raw.word or not prefixed else _currency_before(before)
        unit = _read_unit(after, currency)
        if unit is None:
            continue
        dimension, unit_name, factor, used = unit
        if raw.word and raw.number <= 1 and dimension is Dimension.NUMBER and unit_name != FOLD and factor == 1.0:
            continue  # "one" and "zero" alone are words, not claims ("half a million" is a number)
        if raw.word and DENOMINATOR_AFTER().match(after):
            continue  # "two thirds" is a fraction, read as one
        if raw.word and _FOLD_AFTER().match(after):
            continue  # "twenty-onefold" is one fold, read below
        start = raw.start
        sign = ""
        hedge_match = _HEDGE_BEFORE().search(before) if hedged else None
        prefix = _PREFIX.search(before, max(0, len(before) - _PREFIX_LENGTH)) if prefixed else None
        if prefix and prefix.group(0) and (currency or not _CODE.search(prefix.group(0))):
            start = offset + prefix.start()
            sign = prefix.group(0)[0] if prefix.group(0)[0] in "+±-−" else ""
        hedge = None
        if hedge_match:
            start = min(start, offset + hedge_match.start())
            hedge = (hedge_match.group("word") or hedge_match.group("sym")).lower()
        end = raw.end + used
        text = line[start:end].strip()
        precision = _short_of_edges(dimension, raw.number * factor, raw.precision * factor)
        sign = "-" if sign == "−" else sign
        figure = Figure(raw.number * factor, dimension, unit_name, text, number, start, precision, hedge, sign)
        figures.append((figure, raw, used, end))
    found = _join_ranges(line, figures)
    if may_claim(lower):
        found += word_claims(line, number)
    return tuple(sorted(found, key=_COLUMN))  # in reading order: a remembered line is not sorted again


_figures_in_line = _PerText(_read_line, size=4096)


def _join_ranges(line: str, found: list[tuple[Figure, _Raw, int, int]]) -> list[Figure]:
    """ "3–4 weeks", "$100–150k", "between 2 and 3 days": each end takes the other's unit."""
    figures = [f for f, _, _, _ in found]
    for index in range(len(found) - 1):
        (low, low_raw, low_used, low_end), (high, high_raw, _, _) = found[index], found[index + 1]
        if not _RANGE_JOIN.match(line[low_end : high.column]):
            continue
        plain_low = low.dimension is Dimension.NUMBER and not low.unit and low_used == 0
        if plain_low and high.unit:
            factor = high.value / high_raw.number if high_raw.number else 1.0
            value = low_raw.number * factor
            figures[index] = replace(
                low, dimension=high.dimension, unit=high.unit, value=value,
                precision=_short_of_edges(high.dimension, value, low_raw.precision * factor),
            )  # fmt: skip
            continue
        if low.dimension is Dimension.MONEY and high.dimension is Dimension.NUMBER and not high.unit:
            high = figures[index + 1] = replace(high, dimension=Dimension.MONEY, unit=low.unit)
        if low.dimension is Dimension.MONEY and low_used == 0 and high.dimension is Dimension.MONEY:
            factor = high.value / high_raw.number if high_raw.number else 1.0
            if factor != 1.0 and low_raw.number < high_raw.number:
                figures[index] = replace(low, value=low_raw.number * factor, precision=low_raw.precision * factor)
    return figures


def extract_figures(text: str, names: Iterable[str] = ()) -> list[Figure]:
    """Every figure a reader could take as a claim in Markdown text, in reading order.

    `names` are product names whose following number is a version ("Postgres 16").
    Lines are numbered from 1 over the whole text, front matter included.
    """
    return figures_of_masked(mask_non_claims(text, names))


def figures_of_masked(masked: str) -> list[Figure]:
    """The figures of text already through `mask_non_claims`, in reading order."""
    return list(_figures_of_masked(masked))


@functools.lru_cache(maxsize=1024)  # a story's texts are read again for each audience and draft
def _figures_of_masked(masked: str) -> tuple[Figure, ...]:
    figures: list[Figure] = []
    for number, line in enumerate(masked.split("\n"), start=1):
        if _WORD_OR_DIGIT.search(line):
            figures.extend(_figures_in_line(line, number))
    # In order of line and column: each line's figures are of that line and sorted by column (a
    # stable sort, as one of all of them would be), and the lines come in order.
    return tuple(figures)


def parse_figure(text: str) -> Figure | None:
    """The single figure in a short text ("6 weeks", "$1.2M", "21×"), or None."""
    found = extract_figures(text)
    return found[0] if len(found) == 1 else None


__all__ = [
    "FOLD", "HEDGE_TOLERANCE", "POINTS", "POINT_WORD", "UPWARD_TOLERANCE", "Figure",
    "extract_figures", "family", "figures_of_masked", "implied_precision", "parse_figure", "word_value",
]  # fmt: skip
