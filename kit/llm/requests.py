"""Stage 3, requests: the exact HTTP request for one draft, and the follow-ups that fix one.

A request is built once and sent exactly as built, so `--dry-run`, the request hash (the
cache key), the cache and the cassettes all see the same bytes. The model parameters come
from kit.toml when set there explicitly, else the prompt's front matter, else kit's defaults.
A follow-up (a schema retry or a repair) is the same conversation with the model's reply
and a note on what to fix appended.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel

from kit.config import LLMConfig
from kit.errors import LLMError
from kit.llm.adapters import ADAPTERS, Adapter
from kit.llm.prompts import Prompt, prompt_variables, render_prompt
from kit.llm.replies import Reply
from kit.llm.settings import Settings


@dataclass(frozen=True)
class Request:
    """One HTTP request exactly as it is sent; the hash keys the cache (no key, no host)."""

    api: Literal["chat", "responses"]
    method: str
    path: str
    body: dict[str, Any]
    request_hash: str
    schema: type[BaseModel] | None = field(default=None, compare=False)

    @property
    def adapter(self) -> Adapter:
        return ADAPTERS[self.api]


def request_hash(method: str, path: str, body: dict[str, Any]) -> str:
    """sha256 of the canonical JSON of method, path and body."""
    canonical = json.dumps(
        {"method": method, "path": path, "body": body},
        sort_keys=True, separators=(",", ":"), ensure_ascii=False,
    )  # fmt: skip
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _request(api: Literal["chat", "responses"], body: dict[str, Any], schema: type[BaseModel] | None) -> Request:
    path = ADAPTERS[api].path
    return Request(api, "POST", path, body, request_hash("POST", path, body), schema)


def build_request(
    prompt: Prompt,
    context: dict[str, Any],
    skeleton: str,
    settings: Settings,
    schema: type[BaseModel] | None = None,
) -> Request:
    """The exact request for one draft, in the settings' API, with structured output for a schema."""
    audience = context.get("audience")
    from kit.kinds import KINDS

    kind = KINDS.get(prompt.kind)
    if kind is not None and kind.public and audience != "public":
        raise LLMError(f"{prompt.kind} is a public kind: its request needs a public view, not {audience!r}")
    system, user = render_prompt(prompt, prompt_variables(prompt.kind, context, skeleton))
    schema = schema or prompt.schema
    defaults = LLMConfig()
    temperature = _first(settings.temperature, prompt.meta.temperature, defaults.temperature)
    max_tokens = _first(settings.max_output_tokens, prompt.meta.max_output_tokens, defaults.max_output_tokens)
    body = ADAPTERS[settings.api].body(settings.model, system, user, temperature, max_tokens, schema)
    return _request(settings.api, body, schema)


def _first(*values: Any) -> Any:
    return next(v for v in values if v is not None)


def follow_up(request: Request, reply: str, note: str) -> Request:
    """The same conversation with the model's reply and a note on what to fix."""
    turns = [{"role": "assistant", "content": reply}, {"role": "user", "content": note}]
    body = dict(request.body)
    key = request.adapter.conversation_key
    body[key] = [*request.body[key], *turns]
    return _request(request.api, body, request.schema)


def repair_note(problems: Sequence[str], structured: bool) -> str:
    listed = "\n".join(f"- {p}" for p in problems)
    again = "the complete JSON object" if structured else "the complete draft"
    return (
        "A check of your draft against the story found these problems:\n"
        f"{listed}\n\n"
        "Fix every one: use only figures given in the story and the derived facts, and leave "
        f"out anything you cannot support. Reply with {again} again, corrected."
    )


def schema_note(error: str, schema: type[BaseModel]) -> str:
    return (
        f"Your reply is not a valid {schema.__name__} JSON object: {error}\n"
        "Reply again with only the JSON object, matching the schema exactly."
    )


def parse_reply(request: Request, data: dict[str, Any]) -> Reply:
    """The reply's text and token counts, or RequestFailed for anything the API does not promise."""
    return request.adapter.parse_reply(request.body, data)
