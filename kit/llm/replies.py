"""Stage 4, replies: what a run gets back, and the errors that fail one draft.

A server's answer is decoded to a JSON object (`decode_body`), read by its API's adapter
(`kit.llm.adapters`) into a `Reply`, and, for a structured kind, validated against the
kind's schema (`parse_fields`). Anything else is a `RequestFailed` for that draft only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from kit.errors import LLMError


class RequestFailed(LLMError):
    """One story's request failed; the message says why. Other stories go on."""


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


def parse_fields(text: str, schema: type[BaseModel]) -> dict[str, Any]:
    """A structured reply validated against its schema, or InvalidFields saying why."""
    try:
        return schema.model_validate_json(text).model_dump()
    except ValidationError as err:
        first = err.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"]) or "reply"
        count = f" (and {err.error_count() - 1} more)" if err.error_count() > 1 else ""
        raise InvalidFields(f"{where}: {first['msg']}{count}", text) from err
