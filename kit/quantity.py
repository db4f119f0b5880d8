"""Quantities as people write them: `6 weeks`, `45 min`, `$120k`, `USD 1.2M`, `99.5%`, `3–4 weeks`.

A `Quantity` keeps its value in a base unit per dimension (seconds, currency units,
percent, plain number) so that before and after can be compared, and keeps the text
as written (tidied) so that drafts quote the story the way its authors put it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from enum import StrEnum


class Dimension(StrEnum):
    DURATION = "duration"
    MONEY = "money"
    PERCENT = "percent"
    NUMBER = "number"


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

_NUMBER = r"[-+−]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?"
_QUANTITY = re.compile(
    rf"""^\s*
    (?P<prefix>[$€£¥₹]|(?:[A-Z]{{3}})\s*|US\$)?\s*
    (?P<number>{_NUMBER})\s*
    (?P<magnitude>k|K|m|M|mm|MM|mn|b|B|bn|thousand|million|billion)?(?![A-Za-z])\s*
    (?P<unit>.*?)\s*$""",
    re.VERBOSE,
)
_RANGE = re.compile(r"^\s*(?P<low>.+?)\s*(?:–|—|-|\bto\b)\s*(?P<high>[^-–—].*?)\s*$")


@dataclass(frozen=True)
class Quantity:
    """A value (or a range of values) in a base unit, with its dimension and display text."""

    low: float
    high: float
    dimension: Dimension
    unit: str  # "weeks", "USD", "%", a free unit such as "incidents", or ""
    text: str  # as written, tidied: "6 weeks", "$120k", "3–4 weeks"

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

    def in_unit(self, unit: str) -> float:
        """The value expressed in a duration unit (for durations), else the value."""
        if self.dimension is Dimension.DURATION:
            return self.value / DURATION_SECONDS[unit]
        return self.value

    def comparable_with(self, other: Quantity) -> bool:
        if self.dimension is not other.dimension:
            return False
        if self.dimension is Dimension.MONEY:
            return self.unit == other.unit
        if self.dimension is Dimension.NUMBER:
            return _unit_key(self.unit) == _unit_key(other.unit) or not (self.unit and other.unit)
        return True

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
    import difflib  # only needed on this rare path

    known = [*_DURATION_UNITS, "percent"]
    close = difflib.get_close_matches(word.lower(), [k for k in known if len(k) > 2], n=1, cutoff=0.75)
    if close and len(word) > 2:
        raise QuantityError(f'"{word}" in "{text}" is not a unit kit knows; did you mean "{close[0]}"?')


def _to_float(number: str) -> float:
    cleaned = number.replace(",", "").replace("−", "-").replace("+", "")
    if cleaned in ("", "-", ".", "-."):
        raise QuantityError("no number found")
    return float(cleaned)


def _parse_single(text: str, default_unit: str | None) -> tuple[float, Dimension, str, str]:
    """Parse one quantity (no range): value in base units, dimension, unit, tidy text."""
    match = _QUANTITY.match(text)
    if not match or not match.group("number") or not re.search(r"\d", match.group("number")):
        raise QuantityError(f'could not read "{text}" as a quantity; write it like {EXAMPLES}')
    prefix = (match.group("prefix") or "").strip()
    number = _to_float(match.group("number"))
    magnitude_word = match.group("magnitude")
    unit_word = match.group("unit")
    # "5m" is five minutes, "$5m" five million: a lone m after a bare number is a unit.
    if magnitude_word in ("m", "M") and not prefix and not unit_word:
        magnitude_word, unit_word = None, "min" if magnitude_word == "m" else "M"
    magnitude = _MAGNITUDE[magnitude_word.lower()] if magnitude_word else 1.0

    if prefix:
        currency = CURRENCY_SYMBOLS.get(prefix, "USD" if prefix == "US$" else prefix.upper())
        if prefix not in CURRENCY_SYMBOLS and prefix != "US$" and prefix not in _CURRENCY_CODES:
            raise QuantityError(f'"{prefix}" in "{text}" is not a currency code kit knows')
        if unit_word:
            raise QuantityError(
                f'"{text}" has both a currency and the unit "{unit_word}"; write just "{prefix}{match.group("number")}{magnitude_word or ""}"'
            )
        dimension, unit = Dimension.MONEY, currency
    elif unit_word:
        dimension, unit = classify_unit(unit_word)
        if dimension is Dimension.NUMBER:
            _refuse_typo(unit_word, text)
    elif default_unit:
        dimension, unit = classify_unit(default_unit)
    else:
        dimension, unit = Dimension.NUMBER, ""

    if magnitude != 1.0 and dimension in (Dimension.DURATION, Dimension.PERCENT):
        raise QuantityError(f'"{text}": a {dimension.value} takes no k/M/B suffix')
    value = number * magnitude
    if dimension is Dimension.DURATION:
        value *= DURATION_SECONDS[unit]
    if not math.isfinite(value):
        raise QuantityError(f'"{text}" is not a finite number')
    written = match.group("number").replace("−", "-").lstrip("+") + (magnitude_word or "")
    return value, dimension, unit, _tidy(written, number, dimension, unit)


def _tidy(written: str, number: float, dimension: Dimension, unit: str) -> str:
    if dimension is Dimension.MONEY:
        symbol = SYMBOL_FOR.get(unit)
        return f"{symbol}{written}" if symbol else f"{unit} {written}"
    if dimension is Dimension.PERCENT:
        return f"{written}%"
    if dimension is Dimension.DURATION:
        name = _SINGULAR[unit] if abs(number) == 1 else unit
        return f"{written} {name}"
    return f"{written} {unit}".strip()


def parse_quantity(raw: object, default_unit: str | None = None) -> Quantity:
    """Read a quantity as a person wrote it, or raise QuantityError saying what to write."""
    if isinstance(raw, bool) or raw is None:
        raise QuantityError(f"expected a quantity such as {EXAMPLES}, got {raw!r}")
    if isinstance(raw, int | float):
        if not math.isfinite(raw):
            raise QuantityError(f"{raw!r} is not a finite number; write a real measurement")
        raw = repr(raw) if isinstance(raw, float) else str(raw)
        if "e" in raw.lower():
            raw = f"{float(raw):f}".rstrip("0").rstrip(".")
    if not isinstance(raw, str):
        raise QuantityError(f"expected a quantity such as {EXAMPLES}, got a {type(raw).__name__}")
    text = " ".join(raw.split())
    if text.lower() in ("nan", "inf", "-inf", "+inf", "infinity", ".nan", ".inf", "-.inf"):
        raise QuantityError(f'"{text}" is not a finite number; write a real measurement')

    range_match = _RANGE.match(text)
    if range_match and re.search(r"\d", range_match.group("low")):
        return _parse_range(text, range_match.group("low"), range_match.group("high"), default_unit)

    value, dimension, unit, shown = _parse_single(text, default_unit)
    if default_unit and dimension is not Dimension.NUMBER:
        declared, declared_unit = classify_unit(default_unit)
        if declared is Dimension.NUMBER and declared_unit:
            raise QuantityError(f'"{text}" is a {dimension.value} but the unit is "{default_unit}"')
    return Quantity(value, value, dimension, unit, shown)


_PREFIX = re.compile(r"^(?:US\$|[$€£¥₹]|[A-Z]{3}\s*)")
_SUFFIX = re.compile(rf"^(?:US\$|[$€£¥₹]|[A-Z]{{3}}\s*)?{_NUMBER}")


def _parse_range(text: str, low: str, high: str, default_unit: str | None) -> Quantity:
    """`3–4 weeks`, `$100k–$150k`, `$100–150k`: each end takes what the other leaves out."""
    low_prefix, high_prefix = _PREFIX.match(low), _PREFIX.match(high)
    if low_prefix and not high_prefix:
        high = low_prefix.group(0) + high
    elif high_prefix and not low_prefix:
        low = high_prefix.group(0) + low
    low_rest, high_rest = _SUFFIX.sub("", low).strip(), _SUFFIX.sub("", high).strip()
    if not low_rest and high_rest:
        low = f"{low} {high_rest}" if high_rest[0].isalpha() and len(high_rest) > 1 else low + high_rest
    high_value, dimension, unit, high_text = _parse_single(high, default_unit)
    low_value, low_dimension, low_unit, low_text = _parse_single(low, default_unit)
    if low_dimension is not dimension or low_unit != unit:
        raise QuantityError(f'the two ends of "{text}" are in different units')
    if low_value > high_value:
        raise QuantityError(f'the range "{text}" runs backwards; write the smaller end first')
    if dimension is Dimension.DURATION:
        shown = f"{low_text.split(' ')[0]}–{high_text.split(' ')[0]} {unit}"
    elif dimension is Dimension.PERCENT:
        shown = f"{low_text.rstrip('%')}–{high_text}"
    elif dimension is Dimension.NUMBER and unit:
        shown = f"{low_text.removesuffix(unit).strip()}–{high_text}"
    else:
        shown = f"{low_text}–{high_text}"
    return Quantity(low_value, high_value, dimension, unit, shown)


# ---- formatting derived numbers ---------------------------------------------------------


def format_number(value: float, decimals: int | None = None) -> str:
    """A plain number with thousands separators, no trailing zeros: 1,234.5."""
    if decimals is None:
        decimals = 0 if abs(value) >= 100 or value == int(value) else (1 if abs(value) >= 10 else 2)
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def round_sig(value: float, digits: int = 3) -> float:
    if value == 0 or not math.isfinite(value):
        return value
    return round(value, digits - 1 - int(math.floor(math.log10(abs(value)))))


def format_money(amount: float, currency: str) -> str:
    """Money the way people write it, to three significant figures: $960k, €1.2M, $950."""
    sign = "-" if amount < 0 else ""
    amount = round_sig(abs(amount), 3)
    for threshold, divisor, suffix in ((1e9, 1e9, "B"), (1e6, 1e6, "M"), (1e4, 1e3, "k")):
        if amount >= threshold:
            number = format_number(amount / divisor, 2)
            break
    else:
        suffix, number = "", format_number(amount, 0 if amount >= 100 else 2)
    symbol = SYMBOL_FOR.get(currency)
    return f"{sign}{symbol}{number}{suffix}" if symbol else f"{sign}{currency} {number}{suffix}"


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
    number = format_number(round_sig(value, 4))
    return f"{number} {like.unit}".strip()


def display_unit(quantity: Quantity) -> str:
    """The duration unit a quantity was written in."""
    for unit, singular in _SINGULAR.items():
        if quantity.text.endswith((f" {unit}", f" {singular}")):
            return unit
    return best_duration_unit(quantity.value)
