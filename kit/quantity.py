"""Quantities as people write them: `6 weeks`, `45 min`, `$120k`, `USD 1.2M`, `99.5%`, `3–4 weeks`.

A `Quantity` keeps its value in a base unit per dimension (seconds, currency units,
percent, plain number) so that before and after can be compared, and keeps the text
as written (tidied) so that drafts quote the story the way its authors put it.
"""

from __future__ import annotations

import decimal
import math
import re
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import lru_cache

from kit import rx


class Dimension(StrEnum):
    DURATION = "duration"
    MONEY = "money"
    PERCENT = "percent"
    NUMBER = "number"
    SCORE = "score"  # a rating on a fixed scale, "4.6/5": its unit is the scale, "/5"


class QuantityError(ValueError):
    """A value that cannot be read as a quantity; the message says what to write instead."""


EXAMPLES = '"6 weeks", "45 min", "$120k", "USD 1.2M", "99.5%", "3–4 weeks" or a plain number'

# Seconds per unit. A month is a twelfth of a Gregorian year, so 12 months make a year.
_YEAR = 365.2425 * 86400
_DURATION_UNITS: dict[str, tuple[float, str]] = {}
for _names, _seconds, _canonical in [
    (("ms", "msec", "millisecond", "milliseconds"), 0.001, "ms"),
    (("s", "sec", "secs", "second", "seconds"), 1.0, "seconds"),
    (("m", "min", "mins", "minute", "minutes"), 60.0, "minutes"),
    (("h", "hr", "hrs", "hour", "hours"), 3600.0, "hours"),
    (("d", "day", "days"), 86400.0, "days"),
    (("w", "wk", "wks", "week", "weeks"), 7 * 86400.0, "weeks"),
    (("mo", "mos", "month", "months"), _YEAR / 12, "months"),
    (("y", "yr", "yrs", "year", "years"), _YEAR, "years"),
]:
    for _name in _names:
        _DURATION_UNITS[_name] = (_seconds, _canonical)

DURATION_SECONDS = {canonical: seconds for seconds, canonical in _DURATION_UNITS.values()}
_SINGULAR = {
    "ms": "ms", "seconds": "second", "minutes": "minute", "hours": "hour",
    "days": "day", "weeks": "week", "months": "month", "years": "year",
}  # fmt: skip

CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR"}
SYMBOL_FOR = {code: symbol for symbol, code in CURRENCY_SYMBOLS.items()}
_CURRENCY_CODES = {
    "USD", "EUR", "GBP", "JPY", "INR", "CHF", "CAD", "AUD", "NZD", "SEK", "NOK", "DKK",
    "PLN", "CZK", "CNY", "HKD", "SGD", "KRW", "BRL", "MXN", "ZAR", "ILS", "AED",
}  # fmt: skip

_MAGNITUDE = {
    "k": 1e3, "thousand": 1e3,
    "m": 1e6, "mm": 1e6, "mn": 1e6, "million": 1e6,
    "b": 1e9, "bn": 1e9, "billion": 1e9,
}  # fmt: skip

_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"
_CURRENCY = r"US\$|[$€£¥₹]|[A-Z]{3}(?=\s*[-+−]?\s*[\d.])"
_SIGN = r"[-+−]"
# One quantity as written: sign, currency, number, magnitude, unit; "-$3", "USD 1.2M", "45 min".
_WRITTEN = rx.compile(
    rf"""^\s*(?P<sign>{_SIGN})?\s*(?P<prefix>{_CURRENCY})?\s*(?P<sign2>{_SIGN})?\s*
    (?P<number>{_NUMBER})\s*
    (?:(?P<magnitude>k|K|m|M|mm|MM|mn|b|B|bn|thousand|million|billion)(?![A-Za-z²³]))?\s*
    (?P<unit>(?:[^\d\s,.].*?)?)\s*$""",
    re.VERBOSE,
)
# The dash or "to" between the ends of a range: after a digit, unit or symbol, before a number.
_RANGE_SEPARATOR = rx.compile(rf"(?<=[\w%])\s*(?:–|—|-|\bto\b)\s*(?={_SIGN}?\s*(?:{_CURRENCY})?\s*{_SIGN}?\s*\.?\d)")
_EXPONENT = rx.compile(r"^[-+]?(?:\d+\.?\d*|\.\d+)[eE][-+]?\d+$")
TOO_LARGE = 1e15  # no measurement in a story is this big; a bigger number is a typo


_ONE_IN = rx.compile(r"^\s*1\s+in\s+([\d,]*\d)\s*$")  # "1 in 40": a ratio
_A_KIND = {
    Dimension.DURATION: "a duration", Dimension.MONEY: "an amount of money", Dimension.PERCENT: "a percentage",
    Dimension.SCORE: "a score", Dimension.NUMBER: "a count",
}  # fmt: skip


@dataclass(frozen=True)
class Quantity:
    """A value (or a range of values) in a base unit, with its dimension and display text."""

    low: float
    high: float
    dimension: Dimension
    unit: str  # "weeks", "USD", "%", "/5" for a score, a free unit such as "incidents", or ""
    text: str  # as written, tidied: "6 weeks", "$120k", "3–4 weeks", "about 6 hours"
    approximate: bool = False  # written as an estimate: "~6 hours", "about 6 hours", "6+ hours"

    @property
    def value(self) -> float:
        """The value to compute with: the midpoint of a range."""
        return (self.low + self.high) / 2

    @property
    def is_range(self) -> bool:
        return self.low != self.high

    @property
    def currency(self) -> str | None:
        return self.unit if self.dimension is Dimension.MONEY else None

    @property
    def scale(self) -> float | None:
        """The top of a score's scale: 5 for "4.6/5"; None for anything else."""
        return float(self.unit[1:]) if self.dimension is Dimension.SCORE else None

    @property
    def estimate(self) -> bool:
        """A range or an estimate: figures derived from it are "about"."""
        return self.is_range or self.approximate

    def in_unit(self, unit: str) -> float:
        """The value expressed in a duration unit (for durations), else the value."""
        if self.dimension is Dimension.DURATION:
            return self.value / DURATION_SECONDS[unit]
        return self.value

    def comparable_with(self, other: Quantity) -> bool:
        return _same_kind((self.dimension, self.unit), (other.dimension, other.unit))

    def not_comparable(self, other: Quantity) -> str | None:
        """Why this and `other` cannot be before and after of one metric, or None if they can."""
        if self.comparable_with(other):
            return None
        both = f'"{self.text}" and "{other.text}"'
        if self.dimension is other.dimension is Dimension.NUMBER:
            ratios = [_ONE_IN.match(q.text) for q in (self, other)]
            if all(ratios):
                shares = " and ".join(f'"{format_number(100 / float(m.group(1).replace(",", "")), 3)}%"'
                                      for m in ratios if m)  # fmt: skip
                return f"{both} are ratios, which kit does not read as such; write them as percentages ({shares})"
            return (f'{both} count different things ("{self.unit}" and "{other.unit}"); write both in one unit, '
                    "converted if need be (kit converts only durations)")  # fmt: skip
        if self.dimension is other.dimension is Dimension.MONEY:
            return f"{both} are in different currencies; write both in one currency"
        if self.dimension is other.dimension is Dimension.SCORE:
            return f"{both} are scores out of different scales; write both on one scale"
        kinds = f"{_A_KIND[self.dimension]} and {_A_KIND[other.dimension]}"
        return (f"{both} cannot be compared ({kinds}); write both in one kind of unit "
                "(two durations, two amounts in one currency, two percentages)")  # fmt: skip

    def __str__(self) -> str:
        return self.text


def _unit_key(unit: str) -> str:
    unit = unit.strip().lower()
    return unit[:-1] if unit.endswith("s") and len(unit) > 3 else unit


def classify_unit(unit: str) -> tuple[Dimension, str]:
    """The dimension and canonical name of a unit word: `min` is a duration in minutes."""
    word = unit.strip()
    lowered = word.lower().rstrip(".")
    if lowered in ("%", "percent", "pct", "per cent"):
        return Dimension.PERCENT, "%"
    if lowered in _DURATION_UNITS:
        return Dimension.DURATION, _DURATION_UNITS[lowered][1]
    if word in CURRENCY_SYMBOLS:
        return Dimension.MONEY, CURRENCY_SYMBOLS[word]
    if word.upper() in _CURRENCY_CODES and (word.isupper() or lowered in ("usd", "eur", "gbp")):
        return Dimension.MONEY, word.upper()
    return Dimension.NUMBER, word


def _refuse_typo(word: str, text: str) -> None:
    """A free unit that looks like a misspelt known one ("weks") is a typo, not a new unit."""
    close = _misspelt_unit(word.lower()) if len(word) > 2 else None
    if close:
        raise QuantityError(f'"{word}" in "{text}" is not a unit kit knows; did you mean "{close}"?')


_UNIT_WORDS = tuple(k for k in (*_DURATION_UNITS, "percent") if len(k) > 2)


@lru_cache(maxsize=1024)
def _misspelt_unit(word: str) -> str | None:
    """The known unit a free unit word is a near miss of, if any. Cached per word: stories repeat
    their units ("incidents", "deploys"), and the fuzzy match costs more than reading the quantity."""
    import difflib

    close = difflib.get_close_matches(word, _UNIT_WORDS, n=1, cutoff=0.75)
    return close[0] if close else None


@dataclass(frozen=True)
class _Written:
    """One quantity as written, before it is read: each part as text, "" when absent."""

    sign: str
    prefix: str
    number: str
    magnitude: str
    unit: str

    @property
    def shown(self) -> str:
        """The number as the story wrote it, with its sign and magnitude: "-1.5", "120k"."""
        magnitude = f" {self.magnitude}" if len(self.magnitude) > 2 else self.magnitude
        return ("-" if self.sign == "-" else "") + self.number + magnitude


# Dollars and reals written with a country's letters before "$": kit reads "$" as US dollars only.
_OTHER_DOLLAR = rx.compile(r"^\s*([A-Za-z]{1,2})\$")
_DOLLAR_CODES = {"R": "BRL", "A": "AUD", "AU": "AUD", "C": "CAD", "CA": "CAD", "NZ": "NZD", "HK": "HKD",
                 "S": "SGD", "MX": "MXN", "US": "USD"}  # fmt: skip


def _written(text: str, whole: str) -> _Written:
    match = _WRITTEN.match(text)
    if not match:
        dollar = _OTHER_DOLLAR.match(text)
        if dollar and dollar.group(1).upper() in _DOLLAR_CODES:
            code = _DOLLAR_CODES[dollar.group(1).upper()]
            raise QuantityError(f'could not read "{whole}": kit writes that currency by its code, "{code} '
                                f'{text[dollar.end():].strip()}"')  # fmt: skip
        raise QuantityError(f'could not read "{whole}" as a quantity; write it like {EXAMPLES}')
    sign = (match.group("sign") or match.group("sign2") or "").replace("−", "-")
    parts = match.group("prefix", "number", "magnitude", "unit")
    return _Written(sign, *((part or "").strip() for part in parts))


def _same_kind(one: tuple[Dimension, str], other: tuple[Dimension, str]) -> bool:
    """Two units that measure the same thing: any two durations, one currency, one count."""
    if one[0] is not other[0]:
        return False
    if one[0] in (Dimension.MONEY, Dimension.SCORE):
        return one[1] == other[1]
    if one[0] is Dimension.NUMBER:
        return _unit_key(one[1]) == _unit_key(other[1]) or not (one[1] and other[1])
    return True


def _read(written: _Written, text: str, default: str | None) -> tuple[float, Dimension, str, str]:
    """The value in base units, dimension, unit and tidy text of one written quantity."""
    dimension, unit = _kind(written, text, default)
    if written.magnitude and dimension in (Dimension.DURATION, Dimension.PERCENT):
        raise QuantityError(f'"{text}": a {dimension.value} takes no k/M/B suffix')
    number = float(written.number.replace(",", ""))
    number *= _MAGNITUDE[written.magnitude.casefold()] if written.magnitude else 1.0
    if number >= TOO_LARGE:
        raise QuantityError(f'"{text}" is too large to be a measurement; check the number')
    value = -number if written.sign == "-" else number
    if dimension is Dimension.DURATION:
        value *= DURATION_SECONDS[unit]
    return value, dimension, unit, _tidy(written.shown, dimension, unit)


def _kind(written: _Written, text: str, default: str | None) -> tuple[Dimension, str]:
    """The dimension and unit of a written quantity in a metric whose `unit` is `default`."""
    own = written.prefix or written.unit
    if written.prefix:
        kind = Dimension.MONEY, _currency(written, text)
    else:
        kind = classify_unit(own or default or "")
        if kind[0] is Dimension.NUMBER and kind[1]:
            _refuse_typo(kind[1], text)
    if own and default and not _same_kind(kind, classify_unit(default)):
        raise QuantityError(f'"{text}" is in {own} but the metric\'s unit is "{default}"; write one unit')
    return kind


def _currency(written: _Written, text: str) -> str:
    """The currency code of a written amount: `$` is USD."""
    code = "USD" if written.prefix == "US$" else CURRENCY_SYMBOLS.get(written.prefix, written.prefix)
    if code not in _CURRENCY_CODES:
        raise QuantityError(f'"{written.prefix}" in "{text}" is not a currency code kit knows')
    if written.unit:
        raise QuantityError(f'"{text}" has both a currency and the unit "{written.unit}"; write one')
    return code


def _tidy(written: str, dimension: Dimension, unit: str) -> str:
    if dimension is Dimension.MONEY:
        sign, number = ("-", written[1:]) if written.startswith("-") else ("", written)
        symbol = SYMBOL_FOR.get(unit)
        return f"{sign}{symbol}{number}" if symbol else f"{sign}{unit} {number}"
    if dimension is Dimension.PERCENT:
        return f"{written}%"
    if dimension is Dimension.DURATION:
        return f"{written} {_SINGULAR[unit] if written in ('1', '-1') else unit}"
    return counted(written, unit)


def counted(number: str, unit: str) -> str:
    """A number of things, the unit singular after one: "12 models", "1 model", "1 failed job"."""
    if number in ("1", "-1") and unit:
        head, _, last = unit.rpartition(" ")
        unit = f"{head} {singular(last)}".strip()
    return f"{number} {unit}".strip()


_NOT_PLURAL = {"series", "species", "news", "status", "bus", "gas", "plus", "lens", "analysis", "basis", "ms", "kudos"}


def singular(word: str) -> str:
    """An English plural made singular, for units of count: queries -> query, batches -> batch,
    GPUs -> GPU; a word that is not a plural is left as it is."""
    lower = word.lower()
    if len(word) > 2 and word[-1] == "s" and word[:-1].isupper():  # GPUs, PRs, IDs
        return word[:-1]
    if lower in _NOT_PLURAL or len(word) < 3 or not lower.endswith("s") or lower.endswith(("ss", "us", "is")):
        return word
    if lower.endswith("ies") and len(word) > 4:
        return word[:-3] + ("Y" if word[-3:].isupper() else "y")
    if lower.endswith(("ches", "shes", "xes", "zes", "sses")):
        return word[:-2]
    return word[:-1]


def _plain_text(raw: object) -> str:
    """The text of what a story gave as a quantity: a string, or a number written out."""
    if isinstance(raw, bool) or raw is None or not isinstance(raw, str | int | float):
        kinds = {type(None): "nothing", bool: "true/false", list: "a list", dict: "keys and values"}
        kind = kinds.get(type(raw), f"a {type(raw).__name__}")
        raise QuantityError(f"expected a quantity such as {EXAMPLES}, not {kind}")
    if isinstance(raw, float) and not math.isfinite(raw):
        raise QuantityError("not a finite number (NaN or infinity); write the measured value")
    if isinstance(raw, int | float):  # a YAML number: shown as "400,000,000", as people write it
        raw = _grouped(repr(raw))
    text = " ".join(raw.split())
    if text.lower().lstrip("+-.") in ("nan", "inf", "infinity"):
        raise QuantityError(f'"{text}" is not a finite number; write the measured value')
    if _EXPONENT.match(text):  # 1e6, as YAML leaves it: write it out, 1000000
        number = decimal.Decimal(text)
        if abs(number) >= TOO_LARGE:
            raise QuantityError(f'"{text}" is too large to be a measurement; check the number')
        text = f"{number:f}"
    return text


def _grouped(number: str) -> str:
    """A plain decimal number with thousands separators in its whole part: "12000000" is "12,000,000".
    A number YAML read bare reaches the drafts in this form, the same as one the story wrote with commas."""
    match = re.fullmatch(r"(-?)(\d+)(\.\d+)?", number)
    if not match:
        return number  # 1e+16 and the like: left to the exponent reader
    sign, whole, fraction = match.groups()
    return f"{sign}{int(whole):,}{fraction or ''}"


# Numbers as written in Switzerland and India, which kit reads and shows in the form its drafts use
# (and its checker reads): "CHF 1'200" is CHF 1,200; "₹12,00,000" is ₹1,200,000; a lakh is 100,000 and
# a crore 10 million, so "₹12 lakh" is ₹1.2M and "₹10–12 lakh" is ₹1M–1.2M.
_SWISS_GROUP = rx.compile(r"(?<=\d)['’](?=\d{3}(?!\d))")
_INDIAN_GROUPS = rx.compile(r"(?<![\d,.])\d{1,2}(?:,\d{2})+,\d{3}(?![\d,])")
_LAKH_NUMBER = r"\d+(?:\.\d+)?"
_LAKHS = rx.compile(
    rf"(?P<low>{_LAKH_NUMBER})(?:(?P<between>\s*(?:–|—|-|to)\s*(?:₹\s*|INR\s*)?)(?P<high>{_LAKH_NUMBER}))?"
    r"\s*(?P<word>lakhs?|lacs?|crores?)\b",
    re.IGNORECASE,
)
_LAKH_SIZE = {"lakh": 10**5, "lac": 10**5, "crore": 10**7}


def _western(text: str) -> str:
    """Swiss and Indian digit grouping, lakhs and crores, rewritten as kit reads and shows numbers."""
    text = _SWISS_GROUP.sub(",", text)
    text = _INDIAN_GROUPS.sub(lambda m: f"{int(m.group().replace(',', '')):,}", text)
    return _LAKHS.sub(_in_millions, text)


def _in_millions(match: re.Match[str]) -> str:
    """ "12 lakh" as "1.2M", "1.2 crore" as "12M", "0.5 lakh" as "50k", "10–12 lakh" as "1M–1.2M":
    exact, in the magnitudes kit reads (a range's ends each get theirs)."""
    size = _LAKH_SIZE[match.group("word").lower().rstrip("s")]

    def scaled(number: str) -> str:
        value = decimal.Decimal(number) * size
        divisor, suffix = next(((d, x) for d, x in ((10**9, "B"), (10**6, "M"), (10**3, "k")) if value >= d), (1, ""))
        return f"{(value / divisor).normalize():f}{suffix}"

    if match.group("high") is None:
        return scaled(match.group("low"))
    return scaled(match.group("low")) + match.group("between") + scaled(match.group("high"))


def parse_quantity(raw: object, default_unit: str | None = None) -> Quantity:
    """Read a quantity as a person wrote it, or raise QuantityError saying what to write."""
    text = _western(_plain_text(raw))
    bare, hedge = _unhedged(text)
    if hedge:
        quantity = parse_quantity(bare, default_unit)
        return replace(quantity, text=f"{hedge} {quantity.text}", approximate=True)
    quarters = _QUARTERS.match(text)
    if quarters:  # kit's durations run to months and years: a quarter is written as its 3 months
        text = f"{format_number(float(quarters.group(1).replace(',', '')) * 3)} months"
    scale = _SCORE_UNIT.match(default_unit or "")
    if scale and re.fullmatch(_NUMBER, text):
        text = f"{text}/{scale.group(1)}"  # `unit: /5` or `unit: out of 5`
    score = _SCORE.match(text)
    if score:
        return _parse_score(text, score)
    compound = _compound_duration(text)
    if compound is not None:
        if default_unit and classify_unit(default_unit)[0] is not Dimension.DURATION:
            raise QuantityError(f'"{text}" is a duration but the metric\'s unit is "{default_unit}"; write one unit')
        return compound
    ends = _split_range(text)
    if len(ends) == 1:
        value, dimension, unit, shown = _read(_minutes(_written(text, text), default_unit), text, default_unit)
        return Quantity(value, value, dimension, unit, shown)
    return _parse_range(text, _written(ends[0], text), _written(ends[1], text), default_unit)


_QUARTERS = rx.compile(rf"^({_NUMBER})\s*(?:quarters?|qtrs?)$", re.IGNORECASE)
# "~6 hours", "about 6 hours", "6+ hours", "$120k+": an estimate, read at its number.
_HEDGE = rx.compile(
    r"^(?:~|≈|about\b|around\b|approx\.|approximately\b|approx\b|roughly\b|circa\b|ca\.|some\b|over\b|more than\b)\s*",
    re.IGNORECASE,
)
_AT_LEAST = rx.compile(r"(?<=[\dkKmMbB])\+(?=\s|$|[A-Za-z%])")


def _unhedged(text: str) -> tuple[str, str]:
    """The text without an estimate's marks, and how to say it: "about", "at least" or ""."""
    bare, lower = _AT_LEAST.subn("", text, count=1)
    bare, about = _HEDGE.subn("", bare, count=1)
    if not (lower or about) or not bare.strip():
        return text, ""
    at_least = lower or re.match(r"(?i)(?:over|more than)\b", text)
    return bare.strip(), "at least" if at_least else "about"


# A score on a fixed scale: "4.6/5", "4.6 / 5", "4.6 out of 5", "8/10".
_SCORE = rx.compile(rf"^(?P<number>{_NUMBER})\s*(?:/|\bout of\b)\s*(?P<scale>{_NUMBER})$")
_SCORE_UNIT = rx.compile(rf"^\s*(?:/|out of)\s*({_NUMBER})\s*$")


def _parse_score(text: str, match: re.Match[str]) -> Quantity:
    number, scale = (float(match.group(g).replace(",", "")) for g in ("number", "scale"))
    if scale <= 0:
        raise QuantityError(f'"{text}": a score\'s scale must be above zero, such as "4.6/5"')
    if number > scale:
        raise QuantityError(f'"{text}" is above its scale; write the score and its scale, such as "4.6/5"')
    top = format_number(scale, 2)
    return Quantity(number, number, Dimension.SCORE, f"/{top}", f"{match.group('number')}/{top}")


# Two or more duration parts: "1h30m", "1 h 30 min", "2 days 4 hours".
_DURATION_PART = rx.compile(r"(\d+(?:\.\d+)?)\s*([A-Za-z]+)\s*")


def _compound_duration(text: str) -> Quantity | None:
    """A duration written in several units, as its total in the smallest: "1h30m" is 90 minutes."""
    parts = list(_DURATION_PART.finditer(text))
    if len(parts) < 2 or "".join(p.group(0) for p in parts).strip() != text.strip():
        return None
    if any(p.group(2).lower() not in _DURATION_UNITS for p in parts):
        return None
    units = [_DURATION_UNITS[p.group(2).casefold()] for p in parts]
    seconds = sum(float(p.group(1)) * factor for p, (factor, _) in zip(parts, units, strict=True))
    smallest = min(units)[1]
    amount = format_number(seconds / DURATION_SECONDS[smallest], 2)
    return Quantity(seconds, seconds, Dimension.DURATION, smallest, f"{amount} {smallest}")


def _split_range(text: str) -> list[str]:
    """The two ends of a range, or the text alone: "COVID-19 cases" names a unit, not a range."""
    for match in _RANGE_SEPARATOR.finditer(text):
        if match.group(0) == "-":
            word = re.search(r"([A-Za-z]+)$", text[: match.start()])
            if word and word.group(1).lower() not in (*_MAGNITUDE, *_DURATION_UNITS, "percent"):
                continue  # a hyphenated name in a unit
        return [text[: match.start()], text[match.end() :]]
    return [text]


# A period written into a value: "$120k/month", "$120k a month", "5 incidents per week".
_PERIOD_WORDS = {
    "day": "day", "daily": "day", "d": "day",
    "week": "week", "weekly": "week", "wk": "week", "w": "week",
    "month": "month", "monthly": "month", "mo": "month",
    "quarter": "quarter", "quarterly": "quarter", "qtr": "quarter", "q": "quarter",
    "year": "year", "yearly": "year", "annually": "year", "annual": "year", "yr": "year",
    "annum": "year", "y": "year",
}  # fmt: skip
_PERIOD_SUFFIX = rx.compile(r"\s*(?:/\s*|\b(?:per|a|an|each|every)\s+|\s)(?P<period>[A-Za-z]+)\.?\s*$", re.IGNORECASE)


def period_word(word: str) -> str | None:
    """The period a word names: "monthly", "per month", "a month", "month" are all "month"."""
    key = re.sub(r"^(?:(?:per|a|an|each|every)\s+|/\s*)", "", word.strip().lower()).rstrip(".")
    return _PERIOD_WORDS.get(key)


def split_period(text: str) -> tuple[str, str | None]:
    """A value without the period written into it, and that period: ("$120k", "month")."""
    match = _PERIOD_SUFFIX.search(text)
    if not match:
        return text, None
    word = match.group("period").lower()
    written = match.group(0).strip().lower()
    short = word in ("d", "w", "q", "y", "mo", "wk", "yr", "qtr")
    if word not in _PERIOD_WORDS or (short and not written.startswith("/")):
        return text, None  # "5 d" is five days, not "5 a day"
    if not written.startswith(("/", "per", "a ", "an ", "each", "every")) and not word.endswith("ly"):
        return text, None  # "6 months" is a duration, "$5k monthly" is per month
    rest = text[: match.start()].strip()
    return (rest, _PERIOD_WORDS[word]) if rest else (text, None)


def _parse_range(text: str, low: _Written, high: _Written, default_unit: str | None) -> Quantity:
    """`3–4 weeks`, `$100k–$150k`, `$100–150k`: each end takes what the other leaves out."""
    low, high = _complete(low, high, default_unit)
    low_value, dimension, unit, low_text = _read(low, text, default_unit)
    high_value, high_dimension, high_unit, high_text = _read(high, text, default_unit)
    if (high_dimension, high_unit) != (dimension, unit):
        raise QuantityError(f'the two ends of "{text}" are in different units; write one unit')
    if low_value > high_value:
        raise QuantityError(f'the range "{text}" runs backwards; write the smaller end first')
    shown = low_text if dimension is Dimension.MONEY else low.shown
    between = " to " if high_value < 0 else "–"  # "-3 to -1" reads better than "-3–-1"
    return Quantity(low_value, high_value, dimension, unit, f"{shown}{between}{high_text}")


def _complete(low: _Written, high: _Written, default_unit: str | None) -> tuple[_Written, _Written]:
    """Both ends of a range with the currency, magnitude and unit that one of them left out."""
    low, high = (
        replace(low, prefix=low.prefix or high.prefix),
        replace(high, prefix=high.prefix or low.prefix),
    )
    low, high = _minutes(low, default_unit), _minutes(high, default_unit)
    if not low.magnitude and not low.unit:
        low = replace(low, magnitude=high.magnitude)
    return replace(low, unit=low.unit or high.unit), replace(high, unit=high.unit or low.unit)


def _minutes(written: _Written, default_unit: str | None) -> _Written:
    """ "5m" is five minutes, "$5m" five million: a lone lowercase m after a bare number is a unit,
    unless the metric's `unit` names what is counted ("1.2m" queries). A capital M is a million,
    as people write users and requests ("31M", like "2B" and "120K"), never minutes."""
    counted = bool(default_unit) and classify_unit(default_unit or "")[0] is not Dimension.DURATION
    if written.magnitude == "m" and not written.prefix and not written.unit and not counted:
        return replace(written, magnitude="", unit="min")
    return written


# ---- formatting derived numbers ---------------------------------------------------------


def format_number(value: float, decimals: int | None = None) -> str:
    """A plain number with thousands separators, no trailing zeros: 1,234.5.

    Without `decimals`: none from 100, one from 10, else two, and below 0.1 two significant figures,
    so that a small value never reads as 0 or as twice itself (0.005, not 0.01).
    """
    if decimals is None:
        decimals = 0 if abs(value) >= 100 or value == int(value) else (1 if abs(value) >= 10 else 2)
        if 0 < abs(value) < 0.1:
            decimals = max(decimals, 1 - math.floor(math.log10(abs(value))))
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def round_sig(value: float, digits: int = 3) -> float:
    if value == 0 or not math.isfinite(value):
        return value
    return round(value, digits - 1 - int(math.floor(math.log10(abs(value)))))


def format_money(amount: float, currency: str) -> str:
    """Money the way people write it, to three significant figures: $960k, €1.2M, $950; below 100,
    whole units or to the cent ($83, $83.33, never $83.3), and below a cent to two figures ($0.0042)."""
    sign = "-" if amount < 0 else ""
    number, suffix = _money_number(abs(amount), currency not in _WHOLE_CURRENCIES)
    symbol = SYMBOL_FOR.get(currency)
    return f"{sign}{symbol}{number}{suffix}" if symbol else f"{sign}{currency} {number}{suffix}"


_WHOLE_CURRENCIES = {"JPY", "KRW"}  # no cents: ¥83, never ¥83.33


def _money_number(amount: float, to_the_cent: bool = True) -> tuple[str, str]:
    """The digits and magnitude suffix of an amount of money."""
    if 0 < amount < 0.01:
        return format_number(round_sig(amount, 2)), ""
    cents = round(amount, 2 if to_the_cent else 0)
    if cents < 100:
        return (format_number(cents, 0) if cents == int(cents) else f"{cents:.2f}"), ""
    amount = round_sig(amount, 3)
    scale = ((1e9, "B"), (1e6, "M"), (1e3, "k")) if amount >= 1e4 else ()
    divisor, suffix = next(((d, x) for d, x in scale if amount >= d), (1.0, ""))
    return format_number(amount / divisor, 2 if suffix else 0), suffix


def best_duration_unit(seconds: float) -> str:
    """The largest unit in which a duration reads as at least one whole unit."""
    for unit in ("years", "months", "weeks", "days", "hours", "minutes", "seconds"):
        if abs(seconds) >= DURATION_SECONDS[unit] and unit not in ("months",):
            return unit
    return "ms"


def format_duration(seconds: float, unit: str | None = None) -> str:
    """A duration in the given unit (or the best one), to three significant figures."""
    unit = unit or best_duration_unit(seconds)
    amount = round_sig(seconds / DURATION_SECONDS[unit], 3)
    number = format_number(amount)
    name = _SINGULAR[unit] if number in ("1", "-1") else unit
    return f"{number} {name}"


def format_value(value: float, like: Quantity, unit: str | None = None) -> str:
    """A value in the dimension and unit of `like`: the form a derived figure is shown in."""
    if like.dimension is Dimension.MONEY:
        return format_money(value, like.unit)
    if like.dimension is Dimension.DURATION:
        return format_duration(value, unit or display_unit(like))
    if like.dimension is Dimension.PERCENT:
        return f"{format_number(round_sig(value, 3))}%"
    if like.dimension is Dimension.SCORE:
        return f"{format_number(round_sig(value, 3), 2)} points"
    return counted(format_count(value), like.unit)


def format_count(value: float) -> str:
    """A count as people write it: 54,000 in full, a million and more in M or B to three
    significant figures (474.5 billion is 474B, not 474,500,000,000)."""
    size = abs(value)
    if size < 1e6:  # to four significant figures in one rounding: 67.253 is 67.25, never 67.2
        return format_number(round_sig(value, 4), max(0, 3 - math.floor(math.log10(size))) if size else 0)
    divisor, suffix = (1e9, "B") if round_sig(size, 3) >= 1e9 else (1e6, "M")
    return format_number(round_sig(value, 3) / divisor, 2) + suffix


def display_unit(quantity: Quantity) -> str:
    """The duration unit a quantity was written in."""
    for unit, singular in _SINGULAR.items():
        if quantity.text.endswith((f" {unit}", f" {singular}")):
            return unit
    return best_duration_unit(quantity.value)


# Units of measure that are one unit at other scales, by what they measure: a value in one is a
# value in another times the ratio of their factors ("2.1 TB" is 2,100 GB; data in SI steps, as
# storage is sold). The draft's checker converts with them (`kit.checks.claims`); a story keeps
# each metric in the unit it was given.
_SCALES: dict[str, dict[str, float]] = {
    "data": {"b": 1, "byte": 1, "kb": 1e3, "kilobyte": 1e3, "mb": 1e6, "megabyte": 1e6, "gb": 1e9,
             "gigabyte": 1e9, "tb": 1e12, "terabyte": 1e12, "pb": 1e15, "petabyte": 1e15, "kib": 2.0**10,
             "mib": 2.0**20, "gib": 2.0**30, "tib": 2.0**40},
    "energy": {"wh": 1, "kwh": 1e3, "mwh": 1e6, "gwh": 1e9, "twh": 1e12},
    "power": {"w": 1, "kw": 1e3, "mw": 1e6, "gw": 1e9, "watt": 1, "kilowatt": 1e3, "megawatt": 1e6},
    "mass": {"mg": 1e-3, "g": 1, "kg": 1e3, "gram": 1, "kilogram": 1e3, "tonne": 1e6, "t": 1e6},
    "length": {"mm": 1e-3, "cm": 1e-2, "m": 1, "km": 1e3, "metre": 1, "meter": 1, "kilometre": 1e3,
               "kilometer": 1e3},
    "volume": {"ml": 1e-3, "l": 1, "litre": 1, "liter": 1, "hl": 100},
}  # fmt: skip
_SCALE_OF = {unit: (kind, factor) for kind, units in _SCALES.items() for unit, factor in units.items()}


def unit_scale(unit: str) -> tuple[str, float] | None:
    """What a unit of measure measures and its factor to the smallest of its kind ("GB": ("data",
    1e9)), or None for a unit with no other scale kit knows ("requests", "points")."""
    key = unit.casefold().rstrip(".")
    return _SCALE_OF.get(key) or (_SCALE_OF.get(key[:-1]) if len(key) > 2 and key.endswith("s") else None)
