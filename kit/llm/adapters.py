"""Stage 2, the wire format: one adapter per OpenAI API, and the only place that tells them apart.

An adapter knows its API's path, how to lay out a request body from the rendered prompt
and the model parameters, which list of turns a follow-up extends, which key holds the
output token limit, and how to read a reply. Chat Completions uses `max_completion_tokens`
(or `max_tokens`, as the server profile says); the Responses API is sent with `store: false`.
Structured output goes as a strict JSON schema (`strict_schema`), or as JSON mode with the
schema in the prompt for servers without it. `temperature` is sent only when set;
`reasoning_effort` only to a reasoning model.

The bodies are built key by key in a fixed order: `--dry-run` prints them as built, and the
cassettes in tests/cassettes/ are matched on their exact bytes.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from dataclasses import dataclass
from functools import cache
from typing import Any, ClassVar

from pydantic import BaseModel

from kit.llm.replies import Reply, RequestFailed


def strict_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON Schema in the form strict structured output accepts.

    Every object closed and every property required (optional ones are nullable instead),
    with pydantic's titles and defaults left out. A fresh copy each time: it goes into bodies.
    """
    data: dict[str, Any] = json.loads(_strict_schema_json(model))
    return data


@cache
def _strict_schema_json(model: type[BaseModel]) -> str:
    """`strict_schema` as JSON, made once per model (pydantic's schema takes a millisecond per request)."""
    return json.dumps(_strict(model.model_json_schema()))


def _strict(node: Any) -> Any:
    if isinstance(node, list):
        return [_strict(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("title", "default"):
            continue
        if key in ("properties", "$defs"):
            out[key] = {name: _strict(schema) for name, schema in value.items()}
        else:
            out[key] = _strict(value)
    if out.get("type") == "object":
        out["additionalProperties"] = False
        out["required"] = list(out.get("properties", {}))
    return out


def _json_schema(schema: type[BaseModel]) -> dict[str, Any]:
    return {"name": schema.__name__, "strict": True, "schema": strict_schema(schema)}


@dataclass(frozen=True)
class Params:
    """What goes into one body besides the messages."""

    model: str
    max_tokens: int
    temperature: float | None = None
    reasoning_effort: str | None = None
    token_keys: tuple[str, ...] = ("max_completion_tokens",)
    structured: str = "json_schema"  # json_schema, json_object or prompt (the schema in the message)


def usage_of(data: dict[str, Any]) -> tuple[int, int, int]:
    """Input, output and reasoning tokens a reply reports (0 where it reports none): billed even when it fails."""
    usage = data.get("usage") if isinstance(data.get("usage"), dict) else {}
    assert isinstance(usage, dict)
    tokens_in = usage.get("prompt_tokens", usage.get("input_tokens", 0))
    tokens_out = usage.get("completion_tokens", usage.get("output_tokens", 0))
    details = usage.get("completion_tokens_details") or usage.get("output_tokens_details") or {}
    reasoning = details.get("reasoning_tokens", 0) if isinstance(details, dict) else 0
    return int(tokens_in or 0), int(tokens_out or 0), int(reasoning or 0)


def reasoning_advice(effort: str | None, effort_set: bool) -> str:
    """What to change, besides a limit, when a reasoning model's reply did not fit or come in time:
    the effort set under [llm], else a model that does not reason (kit's own default effort is low)."""
    if effort_set:
        return f", or lower reasoning_effort under [llm]{f' (now {effort})' if effort else ''}"
    return ", or use a model that does not reason (model under [llm], or --model)"


def _effort(body: dict[str, Any]) -> str | None:
    """The reasoning effort a body sends, in either API's form."""
    effort = body.get("reasoning_effort")
    if effort is None and isinstance(body.get("reasoning"), dict):
        effort = body["reasoning"].get("effort")
    return str(effort) if effort is not None else None


class Adapter(ABC):
    """One API: where a request goes, what its body holds, and how its reply reads."""

    path: ClassVar[str]
    conversation_key: ClassVar[str]  # the list of turns a follow-up request extends
    max_tokens_key: ClassVar[str]  # the body's limit on output tokens

    @abstractmethod
    def body(self, params: Params, system: str, user: str, schema: type[BaseModel] | None) -> dict[str, Any]:
        """The request body for one draft, keys in the order they are sent."""

    @abstractmethod
    def parse_reply(self, body: dict[str, Any], data: dict[str, Any], effort_set: bool = False) -> Reply:
        """The reply's text and token counts, or RequestFailed for anything the API does not promise
        (`effort_set`: reasoning_effort is set under [llm], for a cut-off reply's advice)."""

    def limit(self, body: dict[str, Any]) -> int | None:
        """The body's output token limit, whichever key carries it."""
        for key in (self.max_tokens_key, "max_tokens", "max_completion_tokens"):
            if isinstance(body.get(key), int):
                return int(body[key])
        return None

    def cut_off(self, body: dict[str, Any], data: dict[str, Any], effort_set: bool = False) -> RequestFailed:
        """The error for a reply that ran into the request's output token limit, naming the setting.

        `effort_set`: reasoning_effort is set under [llm]. Only then is lowering it the advice: the
        effort kit sends a reasoning model by default is already low, and a model may reason with
        none sent at all.
        """
        _, _, reasoning = usage_of(data)
        spent = f", {reasoning:,} of them on reasoning" if reasoning else ""
        reasons = bool(reasoning) or "reasoning_effort" in body or "reasoning" in body
        advice = reasoning_advice(_effort(body), effort_set) if reasons else ""
        return RequestFailed(
            f"the reply was cut off at the token limit ({self.limit(body)}{spent}); raise max_output_tokens "
            f"under [llm] in kit.toml or in the prompt's front matter{advice}"
        )


class ChatAdapter(Adapter):
    """Chat Completions: `POST /chat/completions`, the prompt as system and user messages."""

    path = "/chat/completions"
    conversation_key = "messages"
    max_tokens_key = "max_completion_tokens"

    def body(self, params: Params, system: str, user: str, schema: type[BaseModel] | None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "model": params.model,
            "messages": [{"role": "system", "content": system}, {"role": "user", "content": user}],
        }
        if params.temperature is not None:
            body["temperature"] = params.temperature
        if params.reasoning_effort is not None:
            body["reasoning_effort"] = params.reasoning_effort
        for key in params.token_keys:
            body[key] = params.max_tokens
        if schema is not None and params.structured == "json_schema":
            body["response_format"] = {"type": "json_schema", "json_schema": _json_schema(schema)}
        elif schema is not None and params.structured == "json_object":
            body["response_format"] = {"type": "json_object"}
        return body

    def parse_reply(self, body: dict[str, Any], data: dict[str, Any], effort_set: bool = False) -> Reply:
        choices = data.get("choices")
        if not isinstance(choices, list) or not choices:
            raise RequestFailed("the server returned no choices")
        choice = choices[0]
        message = choice.get("message") or {}
        if message.get("refusal"):
            raise RequestFailed(f"the model refused: {message['refusal']}")
        reason = choice.get("finish_reason")
        if reason == "length":
            raise self.cut_off(body, data, effort_set)
        if reason == "content_filter":
            raise RequestFailed("the reply was withheld by the server's content filter")
        text = message.get("content")
        if not isinstance(text, str) or not text.strip():
            raise RequestFailed(f"the reply has no text (finish_reason {reason!r})")
        tokens_in, tokens_out, _ = usage_of(data)
        return Reply(text, tokens_in, tokens_out)


class ResponsesAdapter(Adapter):
    """The Responses API: `POST /responses`, the system prompt as instructions, nothing stored."""

    path = "/responses"
    conversation_key = "input"
    max_tokens_key = "max_output_tokens"

    def body(self, params: Params, system: str, user: str, schema: type[BaseModel] | None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "model": params.model,
            "instructions": system,
            "input": [{"role": "user", "content": user}],
        }
        if params.temperature is not None:
            body["temperature"] = params.temperature
        if params.reasoning_effort is not None:
            body["reasoning"] = {"effort": params.reasoning_effort}
        body["max_output_tokens"] = params.max_tokens
        body["store"] = False  # drafts may hold internal facts: nothing kept server-side
        if schema is not None and params.structured == "json_schema":
            body["text"] = {"format": {"type": "json_schema", **_json_schema(schema)}}
        elif schema is not None and params.structured == "json_object":
            body["text"] = {"format": {"type": "json_object"}}
        return body

    def parse_reply(self, body: dict[str, Any], data: dict[str, Any], effort_set: bool = False) -> Reply:
        status = data.get("status")
        if status == "incomplete":
            reason = (data.get("incomplete_details") or {}).get("reason")
            if reason == "max_output_tokens":
                raise self.cut_off(body, data, effort_set)
            raise RequestFailed(f"the reply is incomplete ({reason})")
        if status == "failed":
            error = data.get("error") or {}
            raise RequestFailed(f"the response failed: {error.get('message', 'no reason given')}")
        texts: list[str] = []
        for item in data.get("output") or []:
            if item.get("type") != "message":
                continue
            for part in item.get("content") or []:
                if part.get("type") == "refusal":
                    raise RequestFailed(f"the model refused: {part.get('refusal')}")
                if part.get("type") == "output_text":
                    texts.append(part.get("text", ""))
        text = "".join(texts)
        if not text.strip():
            raise RequestFailed(f"the reply has no text (status {status!r})")
        tokens_in, tokens_out, _ = usage_of(data)
        return Reply(text, tokens_in, tokens_out)


ADAPTERS: dict[str, Adapter] = {"chat": ChatAdapter(), "responses": ResponsesAdapter()}
