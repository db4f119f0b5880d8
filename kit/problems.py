"""Pydantic's validation errors turned into problems a person can act on.

Story files and kit.toml both go through `validation_problems`: one `path:line: field: message`
problem per error, at the line of the nearest key it names, with "did you mean" for a
misspelt key.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from kit.errors import Problem

Location = tuple[int | str, ...]


def field_path(loc: Iterable[int | str]) -> str:
    """`metrics[0].before` from pydantic's ('metrics', 0, 'before')."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def validation_problems(
    err: ValidationError,
    path: Path,
    model: type[BaseModel],
    lines: Mapping[str, int] | None = None,
    *,
    hint: str | None = None,
    fixes: Mapping[str, str] | None = None,
) -> list[Problem]:
    """One problem per pydantic error from validating `model`, at the line of the nearest key it names.

    `lines` maps key paths ("metrics.0.before") to lines; `hint` is what to do about an unknown
    key nothing known resembles (by default, the keys allowed there); `fixes` rewords error
    types for the file's own syntax.
    """
    translator = _Translator(model, hint, {**_FIXES, **(fixes or {})})
    errors = [(_location(e["loc"]), e) for e in err.errors(include_url=False)]
    # A misspelt key ("autors") also makes the key it meant missing: report the spelling only.
    meant = {(*loc[:-1], translator.suggest(loc)) for loc, e in errors if e["type"] == "extra_forbidden"}
    known = lines or {}
    problems = []
    for loc, error in errors:
        if error["type"] == "missing" and loc in meant:
            continue
        keys = [str(part) for part in loc]
        line = next(
            (known[k] for end in range(len(keys), -1, -1) if (k := ".".join(keys[:end])) in known),
            None,
        )
        problems.append(Problem(path, translator.message(loc, error), line, field_path(loc) or None))
    return problems


def _location(loc: Iterable[int | str]) -> Location:
    """A pydantic location without the validator and union names it adds."""
    internal = ("str", "int", "float", "bool", "list[str]")
    return tuple(p for p in loc if not (isinstance(p, str) and (p.startswith("function-") or p in internal)))


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return next(filter(None, (_inner_model(arg) for arg in get_args(annotation))), None)


def _mapping_depth(annotation: Any) -> int:
    """How many levels of free keys (`dict[str, ...]`) come before the model inside an annotation."""
    if get_origin(annotation) is dict:
        return 1 + _mapping_depth(get_args(annotation)[1])
    return max((_mapping_depth(arg) for arg in get_args(annotation)), default=0)


def _keys(model: type[BaseModel]) -> dict[str, Any]:
    """A model's fields by the key a person writes (the alias where there is one)."""
    return {field.alias or name: field for name, field in model.model_fields.items()}


def _what(value: Any) -> str:
    """What a person wrote, in their words: text, a number, a list."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    kinds = {
        int: "a number",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "keys and values",
    }
    return kinds.get(type(value), type(value).__name__)


# Keys a person may write for the API key: never read from kit.toml, which gets committed.
_SECRETS = {"api_key", "apikey", "key", "openai_api_key", "token", "secret", "password"}

class _Translator:
    """The wording of errors for one root model."""

    def __init__(self, root: type[BaseModel], hint: str | None, fixes: Mapping[str, str]):
        self.root = root
        self.hint = hint
        self.fixes = fixes

    def model_at(self, loc: Iterable[int | str]) -> type[BaseModel] | None:
        """The model that the keys at a location belong to: ("metrics", 0) is a Metric."""
        model: type[BaseModel] | None = self.root
        free = 0  # keys of a dict (a name under [cfp]) name no field
        for part in loc:
            if not isinstance(part, str):
                continue
            if free:
                free -= 1
                continue
            field = _keys(model).get(part) if model else None
            model = _inner_model(field.annotation) if field else None
            free = _mapping_depth(field.annotation) if field else 0
        return None if free else model

    def suggest(self, loc: Location) -> str | None:
        """The known key closest to a misspelt one (`autors` → `authors`), if one is close."""
        model = self.model_at(loc[:-1])
        if model is None or not isinstance(loc[-1], str):
            return None
        close = difflib.get_close_matches(loc[-1].lower(), list(_keys(model)), n=1, cutoff=0.6)
        return close[0] if close else None

    def unknown(self, loc: Location) -> str:
        """What to do about an unknown key: its likely spelling, else the hint."""
        if isinstance(loc[-1], str) and loc[-1].lower() in _SECRETS:
            return ("kit never reads a key from a file that gets committed: set OPENAI_API_KEY (or "
                    "AZURE_OPENAI_API_KEY) in the environment, and remove this line")  # fmt: skip
        close = self.suggest(loc)
        if close:
            return f"unknown key; did you mean `{close}`?"
        hint = self.hint
        if hint is None:
            model = self.model_at(loc[:-1])
            hint = f"the keys here are {', '.join(_keys(model))}" if model else "check the documentation"
        return f"unknown key; remove it or fix its spelling ({hint})"

    def message(self, loc: Location, error: Any) -> str:
        """What is wrong and what to do, for one pydantic error."""
        kind, msg, value = error["type"], error["msg"], error.get("input")
        what = _what(value)
        if value is None and kind.endswith("_type"):
            return "is empty; fill it in"
        if kind == "extra_forbidden":
            return self.unknown(loc)
        if kind == "value_error":
            return str(msg).removeprefix("Value error, ")
        if kind in ("model_type", "dict_type", "model_attributes_type"):
            model = self.model_at(loc)
            needed = [key for key, f in _keys(model).items() if f.is_required()] if model else []
            keys = f" ({', '.join(needed)}, ...)" if needed else ""
            return f"must be keys and values{keys}, not {what}"
        if kind == "string_pattern_mismatch" and loc[-1] == "slug":
            return "use lower case letters, digits and hyphens only (for example `ml-platform`)"
        if kind == "string_pattern_mismatch":
            return "use letters, digits, `-`, `_` and `.` only, starting with a letter or digit"
        if kind == "enum" and loc and loc[-1] == "period":
            return (f"must be 'day', 'week', 'month', 'quarter' or 'year' (or monthly, per month, ...), not {value!r}; "
                    "for another period, give the values per one of these")  # fmt: skip
        if kind in ("enum", "literal_error"):
            return f"{msg.replace('Input should be', 'must be')}, not {value!r}"
        fixed = self.fixes.get(kind)
        if fixed:
            return fixed.format(what=what, value=value, **error.get("ctx", {}))
        return str(msg).replace("Input should be", "must be")


_FIXES = {
    "missing": "required; add it",
    "list_type": "must be a list, not {what}; write each item on its own line, starting with `- `",
    "string_type": "must be text, not {what}; write one line (in quotes if it looks like a number)",
    "bool_type": "must be true or false, not {what}",
    "bool_parsing": "must be true or false, not {value!r}",
    "int_type": "must be a whole number, not {what}",
    "int_parsing": "must be a whole number, not {value!r}",
    "int_from_float": "must be a whole number, not {value!r}",
    "float_type": "must be a number, not {what}",
    "float_parsing": "must be a number, not {value!r}",
    "finite_number": "must be a finite number; write the measured value",
    "too_short": "is empty; add at least one entry",
    "string_too_short": "is empty; fill it in or remove the line",
    "string_too_long": "is too long; keep it to {max_length} characters",
    "greater_than": "must be more than {gt}, not {value!r}",
    "greater_than_equal": "must be at least {ge}, not {value!r}",
    "less_than_equal": "must be at most {le}, not {value!r}",
}
