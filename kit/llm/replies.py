"""Stage 4, replies: what a run gets back, and the errors that fail one draft.

A server's answer is decoded to a JSON object (`decode_body`), read by its API's adapter
(`kit.llm.adapters`) into a `Reply`, and, for a structured kind, validated against the
kind's schema (`parse_fields`). Anything else is a `RequestFailed` for that draft only.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from kit import rx
from kit.errors import LLMError


class RequestFailed(LLMError):
    """One story's request failed; the message says why. Other stories go on."""


class StopRun(RequestFailed):
    """A failure every other story would meet too (bad key, unknown model, no quota): the run stops."""


class InvalidFields(RequestFailed):
    """A structured reply that does not parse or validate (worth one more try)."""

    def __init__(self, message: str, reply: str):
        super().__init__(message)
        self.reply = reply


@dataclass(frozen=True)
class Reply:
    text: str
    input_tokens: int
    output_tokens: int


def decode_body(status: int, content_type: str, text: str) -> dict[str, Any]:
    """The JSON object a server answered, or RequestFailed saying what came instead."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        snippet = " ".join(text.split())[:80]
        kind = content_type or "no content type"
        raise RequestFailed(f"the server answered HTTP {status} with {kind}, not JSON: {snippet!r}") from None
    if not isinstance(data, dict):
        raise RequestFailed(f"the server answered HTTP {status} with JSON that is not an object")
    return data


_FENCE = rx.compile(r"^\s*```[A-Za-z0-9_-]*[ \t]*\n(?P<inner>.*?)\n?```\s*$", re.S)
_PREAMBLE = rx.compile(
    r"^\s*(?:(?:sure|certainly|of course|okay|ok)[,!.]?\s*)?"
    r"(?:here(?:'s| is| are)|below is|this is)\b[^\n]{0,120}:\s*\n",
    re.I,
)
_FRONT = rx.compile(r"^\s*---[ \t]*\n.*?\n---[ \t]*\n", re.S)
_OUTRO = rx.compile(r"\n\s*(?:let me know|i hope this|feel free|would you like)[^\n]*\s*$", re.I)


def clean_markdown(text: str) -> tuple[str, list[str]]:
    """A Markdown reply without a chat preamble, a fence around it, its own front matter or a sign-off.

    kit writes the front matter itself; a second YAML block would land in the draft. Returns
    the text and what was removed, for the draft's provenance.
    """
    removed: list[str] = []
    for name, pattern in (("preamble", _PREAMBLE), ("fence", _FENCE), ("front matter", _FRONT),
                          ("sign-off", _OUTRO)):  # fmt: skip
        match = pattern.search(text)
        if match is None:
            continue
        text = match.group("inner") if name == "fence" else text[: match.start()] + text[match.end() :]
        removed.append(name)
        if name == "fence":  # a fenced reply may still start with its own front matter
            continue
    return text.strip() + "\n", removed


def json_text(text: str) -> str:
    """The JSON object in a reply: without ```json fences or words around it."""
    match = _FENCE.search(text)
    if match:
        text = match.group("inner")
    start, end = text.find("{"), text.rfind("}")
    return text[start : end + 1] if 0 <= start < end else text


def parse_fields(text: str, schema: type[BaseModel]) -> dict[str, Any]:
    """A structured reply validated against its schema, or InvalidFields saying why (fences are removed first)."""
    try:
        return schema.model_validate_json(json_text(text)).model_dump()
    except ValidationError as err:
        first = err.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"]) or "reply"
        count = f" (and {err.error_count() - 1} more)" if err.error_count() > 1 else ""
        raise InvalidFields(f"{where}: {first['msg']}{count}", text) from err


def limit_problems(fields: dict[str, Any], limits: dict[str, dict[str, Any]]) -> list[str]:
    """Each string field over its limit (characters, or words counted as pretalx does), quoted."""
    problems = []
    for name, limit in limits.items():
        value = fields.get(name)
        if not isinstance(value, str) or limit.get("severity") == "warning":
            continue
        chars, words = len(value), len(re.findall(r"\b\w+\b", value))
        if limit.get("chars") and chars > limit["chars"]:
            problems.append(f"{name}: {chars:,} characters, over the limit of {limit['chars']:,} "
                            f"(\"{_excerpt(value)}\"); shorten it")  # fmt: skip
        if limit.get("words") and words > limit["words"]:
            problems.append(f"{name}: {words:,} words, over the limit of {limit['words']:,} "
                            f"(\"{_excerpt(value)}\"); shorten it")  # fmt: skip
    return problems


def _excerpt(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"
