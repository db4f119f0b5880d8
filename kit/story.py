"""The story model: what a story file's front matter may say, validated strictly.

Unknown keys are errors (`extra="forbid"`): a typo must not pass silently.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from kit import rx
from kit.quantity import Dimension, Quantity, QuantityError, parse_quantity, period_word, split_period

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,79}$"


def _iso_date(value: Any) -> Any:
    """Only a date written YYYY-MM-DD: pydantic would read a number as seconds since 1970."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass  # 2026-02-30: well formed, but no such day
    shown = "nothing" if value is None else f'"{value}"' if isinstance(value, str) else repr(value)
    raise ValueError(f"{shown} is not a date; write one as YYYY-MM-DD, such as 2026-09-30")


Date = Annotated[dt.date, BeforeValidator(_iso_date)]
_QUANTITY_SCHEMA = {
    "anyOf": [
        {"type": "number"},
        {
            "type": "string",
            "examples": ["6 weeks", "45 min", "$120k", "USD 1.2M", "99.5%", "3–4 weeks"],
        },
    ],
    "description": "A number (with `unit`) or a quantity as people write it.",
}
QuantityField = Annotated[
    Quantity,
    PlainSerializer(lambda q: q.text, return_type=str),
    WithJsonSchema(_QUANTITY_SCHEMA),
]


# The minus of a zero as written ("-0", "−0.0 hours", "-$0"), not of "-0.5" or "-05".
_MINUS_ZERO = rx.compile(r"[-−](?=[$€£¥₹]?0(?:\.0*)?(?![\d.]))")


def unsigned_zero(quantity: Quantity) -> Quantity:
    """A zero written with a minus ("-0", from a spreadsheet or a rounded loss) as the 0 it is.

    A zero has no sign: read as written, "-0" showed in tables while the phrases, which test for
    zero, said "none", and a `-0.0` could print as "-0" anywhere a figure is formatted.
    """
    if quantity.low != 0 and quantity.high != 0:
        return quantity
    return replace(
        quantity,
        low=quantity.low or 0.0,  # -0.0 is falsy: `or` gives the 0.0 without a sign
        high=quantity.high or 0.0,
        text=_MINUS_ZERO.sub("", quantity.text),
    )


class Strict(BaseModel):
    """Base for everything a person writes: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Link(Strict):
    title: str = ""
    url: str

    @field_validator("url")
    @classmethod
    def _web_url(cls, url: str) -> str:
        if not re.match(r"^(https?://|mailto:)[^\s<>\"']+$", url, re.IGNORECASE):
            raise ValueError(f'"{url}" is not a web address; write one starting with https://')
        return url

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, data: Any) -> Any:
        return {"url": data} if isinstance(data, str) else data


class Author(Strict):
    name: str = Field(min_length=1)
    role: str = ""
    bio: str = ""
    links: list[Link] = []


class Better(StrEnum):
    LOWER = "lower"
    HIGHER = "higher"


class Period(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"

    @property
    def per_year(self) -> float:
        return {"day": 365.0, "week": 52.0, "month": 12.0, "quarter": 4.0, "year": 1.0}[self.value]


class Measured(Strict):
    """When the before and after figures were measured, as the team would say it."""

    before: str = ""
    after: str = ""


class Metric(Strict):
    id: str | None = Field(default=None, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    name: str = Field(min_length=1)
    before: QuantityField
    after: QuantityField
    better: Better
    unit: str | None = None
    period: Period | None = Field(default=None, description="The period the values are per (month: $40k a month).")
    kind: Literal["count", "level"] | None = Field(
        default=None,
        description="count: things counted (incidents: fewer); level: a measure (GB: lower). "
        "Without it, kit decides from the unit.",
    )
    measured: Measured | None = None
    source: str = ""
    headline: bool = False
    internal: bool = False

    @model_validator(mode="before")
    @classmethod
    def _parse_quantities(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        unit = data.get("unit") if isinstance(data.get("unit"), str) else None
        parsed = dict(data)
        if isinstance(data.get("period"), str):
            # "monthly", "per month", "a month": the period people mean
            parsed["period"] = period_word(data["period"]) or data["period"]
        periods: dict[str, str] = {}
        for key in ("before", "after"):
            if key in data:
                value = data[key]
                if isinstance(value, str) and not (unit and value.endswith(unit)):  # unit: deploys per day
                    value, period = split_period(value)
                    if period:
                        periods[key] = period
                try:
                    parsed[key] = unsigned_zero(parse_quantity(value, unit))
                except QuantityError as err:
                    parsed[key] = _Invalid(str(err))
        if periods:
            parsed["period"] = _period_from_values(periods, parsed.get("period"))
        return parsed

    @field_validator("before", "after", mode="plain")
    @classmethod
    def _quantity(cls, value: Any) -> Quantity:
        if isinstance(value, _Invalid):
            raise ValueError(value.message)
        if not isinstance(value, Quantity):
            raise ValueError("expected a quantity")
        if value.dimension in (Dimension.DURATION, Dimension.MONEY) and value.low < 0:
            if value.dimension is Dimension.DURATION:
                raise ValueError(f'"{value.text}" is negative; a duration is never below zero, write its length')
            raise ValueError(
                f'"{value.text}" is negative; kit reads money as an amount (spend, savings, revenue), never below '
                'zero: for a profit that became a loss, give the margin as a percentage ("-4%"), or the loss as a '
                'metric of its own ("Operating loss", lower is better)'
            )
        return value

    @model_validator(mode="after")
    def _comparable(self) -> Metric:
        why = self.before.not_comparable(self.after)
        if why:
            raise ValueError(f"before and after: {why}")
        return self

    @property
    def key(self) -> str:
        """The metric's id, or one made from its name."""
        return self.id or re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-")


@dataclass(frozen=True)
class _Invalid:
    message: str


def _period_from_values(periods: dict[str, str], given: Any) -> Any:
    """The period written into before and after ("$120k/month"), if it agrees with `period`."""
    found = set(periods.values())
    written = ", ".join(f"{key} says a {period}" for key, period in periods.items())
    if len(found) > 1 or (given is not None and given not in found):
        also = f" and `period: {given}`" if given is not None else ""
        raise ValueError(f"the periods disagree ({written}{also}); give the values per one period")
    return given if given is not None else found.pop()


class Investment(Strict):
    people: float | None = Field(default=None, gt=0, allow_inf_nan=False)
    duration: QuantityField | None = None
    cost: QuantityField | None = None

    @field_validator("duration", "cost", mode="before")
    @classmethod
    def _parse(cls, value: Any) -> Any:
        if value is None or isinstance(value, Quantity):
            return value
        try:
            return unsigned_zero(parse_quantity(value))
        except QuantityError as err:
            raise ValueError(str(err)) from err

    @field_validator("duration")
    @classmethod
    def _duration(cls, value: Quantity | None) -> Quantity | None:
        if value is not None and (value.dimension is not Dimension.DURATION or value.low < 0):
            raise ValueError(f'"{value.text}" is not a duration; write one such as "6 months"')
        return value

    @field_validator("cost")
    @classmethod
    def _cost(cls, value: Quantity | None) -> Quantity | None:
        if value is not None and (value.dimension is not Dimension.MONEY or value.low < 0):
            raise ValueError(f'"{value.text}" is not an amount of money; write one such as "$450k"')
        return value


class Quote(Strict):
    text: str = Field(min_length=1)
    by: str = Field(min_length=1)
    role: str = ""
    internal: bool = False


class Timeline(Strict):
    started: Date | None = None
    shipped: Date | None = None

    @model_validator(mode="after")
    def _order(self) -> Timeline:
        if self.started and self.shipped and self.shipped < self.started:
            raise ValueError(f"shipped ({self.shipped}) is before started ({self.started})")
        return self


class Level(StrEnum):
    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class TalkDefaults(Strict):
    level: Level = Level.INTERMEDIATE
    duration: int = Field(default=30, ge=5, le=240, description="Minutes.")
    format: Literal["talk", "lightning", "workshop", "panel", "keynote"] = "talk"
    track: str = ""


class Visibility(StrEnum):
    PUBLIC = "public"
    INTERNAL = "internal"


class StoryMeta(Strict):
    """The front matter of a story file."""

    title: str = Field(min_length=1, max_length=200)
    short_title: str = Field(
        default="",
        max_length=80,
        description="A shorter title, for fields with tight limits (a CFP's 75 characters).",
    )
    date: Date = Field(description="When the result was measured.")
    team: str = Field(min_length=1)
    authors: list[Author] = Field(min_length=1)
    organization: str = ""
    summary: str = Field(default="", description="One sentence.")
    ask: str = Field(
        default="",
        description="What the team asks for (budget, headcount, a decision) and by when.",
    )
    slug: str | None = Field(default=None, pattern=SLUG_PATTERN)
    visibility: Visibility = Visibility.INTERNAL
    tags: list[str] = []
    tools: list[str] = []
    links: list[Link] = []
    timeline: Timeline | None = None
    metrics: list[Metric] = Field(min_length=1)
    investment: Investment | None = None
    quotes: list[Quote] = []
    talk: TalkDefaults = TalkDefaults()

    @field_validator("date")
    @classmethod
    def _plausible_date(cls, value: dt.date) -> dt.date:
        if not 1970 <= value.year <= 2100:
            raise ValueError(f"{value} is not a plausible measurement date")
        return value

    @field_validator("metrics")
    @classmethod
    def _unique_ids(cls, metrics: list[Metric]) -> list[Metric]:
        seen: set[str] = set()
        for metric in metrics:
            if metric.key in seen:
                raise ValueError(f'two metrics have the id "{metric.key}"; give each metric its own `id`')
            seen.add(metric.key)
        return metrics

    @field_validator("tags", "tools")
    @classmethod
    def _no_blank(cls, values: list[str]) -> list[str]:
        if any(not v for v in values):
            raise ValueError("an entry is empty; remove it or fill it in")
        return values


@dataclass(frozen=True)
class Section:
    """A `##` section of the story's body."""

    title: str
    body: str  # Markdown, without the heading
    key: str | None  # "context", "problem", ... for known sections
    internal: bool
    line: int


@dataclass(frozen=True)
class Story:
    """A loaded story: its validated front matter, its body sections, where it came from."""

    meta: StoryMeta
    sections: tuple[Section, ...]
    path: Path
    slug: str
    sha256: str
    intro: str = ""  # body text before the first section
    lines: dict[str, int] = field(default_factory=dict, compare=False)

    @property
    def public(self) -> bool:
        return self.meta.visibility is Visibility.PUBLIC

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a story file's front matter (for editors)."""
    schema = StoryMeta.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "kit story front matter"
    return schema
