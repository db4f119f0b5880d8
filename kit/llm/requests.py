"""Stage 3, requests: the exact HTTP request for one draft, and the follow-ups that fix one.

A request is built once and sent exactly as built, so `--dry-run`, the request hash (the
cache key, which also names the server), the cache and the cassettes all see the same bytes.
The model parameters come from kit.toml when set there explicitly, else the prompt's front
matter, else kit's defaults; a reasoning model gets no prompt temperature, a reasoning effort
and room to reason on top of the reply's budget. A follow-up (a schema retry or a repair) is
the same conversation with the model's reply and a note on what to fix appended; `without`
is the same request less a parameter the server refused.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel

from kit.errors import LLMError
from kit.llm.adapters import ADAPTERS, Adapter, Params, strict_schema
from kit.llm.prompts import Prompt, prompt_variables, render_prompt
from kit.llm.replies import Reply
from kit.llm.settings import REASONING_BUDGET, Settings

DEFAULT_MAX_TOKENS = 2000


@dataclass(frozen=True)
class Request:
    """One HTTP request exactly as it is sent; the hash keys the cache (the server's identity, never the key)."""

    api: Literal["chat", "responses"]
    method: str
    path: str
    body: dict[str, Any]
    request_hash: str
    schema: type[BaseModel] | None = field(default=None, compare=False)
    server: str = ""  # the server's identity (profile, URL without credentials, API version)

    @property
    def adapter(self) -> Adapter:
        return ADAPTERS[self.api]


def request_hash(method: str, path: str, body: dict[str, Any], server: str = "") -> str:
    """sha256 of the canonical JSON of the server's identity, method, path and body."""
    keyed: dict[str, Any] = {"method": method, "path": path, "body": body}
    if server:
        keyed["server"] = server
    canonical = json.dumps(keyed, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _request(
    api: Literal["chat", "responses"], body: dict[str, Any], schema: type[BaseModel] | None, server: str
) -> Request:
    path = ADAPTERS[api].path
    return Request(api, "POST", path, body, request_hash("POST", path, body, server), schema, server)


def build_request(
    prompt: Prompt,
    context: dict[str, Any],
    skeleton: str,
    settings: Settings,
    schema: type[BaseModel] | None = None,
    limits: dict[str, dict[str, Any]] | None = None,
) -> Request:
    """The exact request for one draft, in the settings' API, with structured output for a schema."""
    audience = context.get("audience")
    from kit.kinds import KINDS

    kind = KINDS.get(prompt.kind)
    if kind is not None and kind.public and audience != "public":
        raise LLMError(f"{prompt.kind} is a public kind: its request needs a public view, not {audience!r}")
    schema = schema or prompt.schema
    structured = settings.profile.structured if settings.api == "chat" else "json_schema"
    variables = prompt_variables(prompt.kind, context, skeleton, limits or {})
    system, user = render_prompt(prompt, variables)
    if schema is not None and structured != "json_schema":  # the server cannot hold the schema: the prompt does
        user += "\n\n" + schema_in_prompt(schema)
    # A reasoning model takes only its default temperature: the prompt's is a sampling hint
    # for other models, so it is left out; one set in kit.toml is sent (and dropped on a 400).
    temperature = settings.temperature
    if temperature is None and not settings.reasoning:
        temperature = prompt.meta.temperature
    max_tokens = _first(settings.max_output_tokens, prompt.meta.max_output_tokens, DEFAULT_MAX_TOKENS)
    if settings.reasoning and settings.max_output_tokens is None:
        max_tokens += REASONING_BUDGET.get(settings.reasoning_effort or "low", 4000)
    params = Params(
        model=settings.model,
        max_tokens=max_tokens,
        temperature=temperature,
        reasoning_effort=settings.reasoning_effort if settings.reasoning else None,
        token_keys=settings.profile.token_keys,
        structured=structured,
    )
    body = ADAPTERS[settings.api].body(params, system, user, schema)
    return _request(settings.api, body, schema, settings.identity)


def _first(*values: Any) -> Any:
    return next(v for v in values if v is not None)


def schema_in_prompt(schema: type[BaseModel]) -> str:
    """The schema as the last part of the message, for servers without structured output."""
    return (
        f"Reply with one JSON object only, no prose and no code fence, matching this JSON schema "
        f"({schema.__name__}):\n{json.dumps(strict_schema(schema), ensure_ascii=False, separators=(',', ':'))}"
    )


def follow_up(request: Request, reply: str, note: str) -> Request:
    """The same conversation with the model's reply and a note on what to fix."""
    turns = [{"role": "assistant", "content": reply}, {"role": "user", "content": note}]
    body = dict(request.body)
    key = request.adapter.conversation_key
    body[key] = [*request.body[key], *turns]
    return _request(request.api, body, request.schema, request.server)


def without(request: Request, param: str, rename: str | None = None) -> Request:
    """The same request less one parameter the server refused (or with it under another name)."""
    body: dict[str, Any] = {}
    for key, value in request.body.items():
        if key == param:
            if rename and rename not in request.body:
                body[rename] = value
            continue
        body[key] = value
    if param in ("response_format", "text") and request.schema is not None:  # the schema moves into the prompt
        key = request.adapter.conversation_key
        turns = [dict(turn) for turn in body[key]]
        first = next(t for t in turns if t.get("role") == "user")
        first["content"] = f"{first['content']}\n\n{schema_in_prompt(request.schema)}"
        body[key] = turns
    return _request(request.api, body, request.schema, request.server)


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
    """The retry for a structured reply that did not validate: the error, and the schema itself."""
    return (
        f"Your reply is not a valid {schema.__name__} JSON object: {error}\n"
        "Reply again with only the JSON object (no code fence, no words around it), matching this "
        f"JSON schema ({schema.__name__}) exactly:\n"
        f"{json.dumps(strict_schema(schema), ensure_ascii=False, separators=(',', ':'))}"
    )


def parse_reply(request: Request, data: dict[str, Any], effort_set: bool = False) -> Reply:
    """The reply's text and token counts, or RequestFailed for anything the API does not promise
    (`effort_set`: reasoning_effort is set under [llm], for a cut-off reply's advice)."""
    return request.adapter.parse_reply(request.body, data, effort_set)
