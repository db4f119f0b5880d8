"""Stage 2, the wire format: one adapter per OpenAI API, and the only place that tells them apart.

An adapter knows its API's path, how to lay out a request body from the rendered prompt
and the model parameters, which list of turns a follow-up extends, which key holds the
output token limit, and how to read a reply. Chat Completions uses `max_completion_tokens`;
the Responses API is sent with `store: false`. Both take structured output as a strict
JSON schema (`strict_schema`).

The bodies are built key by key in a fixed order: `--dry-run` prints them as built, and the
cassettes in tests/cassettes/ are matched on their exact bytes.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, ClassVar

from pydantic import BaseModel

from kit.llm.replies import Reply, RequestFailed


def strict_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON Schema in the form strict structured output accepts.

    Every object closed and every property required (optional ones are nullable instead),
    with pydantic's titles and defaults left out.
    """
    return _strict(model.model_json_schema())


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


class Adapter(ABC):
    """One API: where a request goes, what its body holds, and how its reply reads."""

    path: ClassVar[str]
    conversation_key: ClassVar[str]  # the list of turns a follow-up request extends
    max_tokens_key: ClassVar[str]  # the body's limit on output tokens

    @abstractmethod
    def body(
        self, model: str, system: str, user: str, temperature: float, max_tokens: int,
        schema: type[BaseModel] | None,
    ) -> dict[str, Any]:  # fmt: skip
        """The request body for one draft, keys in the order they are sent."""

    @abstractmethod
    def parse_reply(self, body: dict[str, Any], data: dict[str, Any]) -> Reply:
        """The reply's text and token counts, or RequestFailed for anything the API does not promise."""

    def cut_off(self, body: dict[str, Any]) -> RequestFailed:
        """The error for a reply that ran into the request's output token limit."""
        return RequestFailed(
            f"the reply was cut off at the token limit ({body.get(self.max_tokens_key)}); raise max_output_tokens "
            "in the prompt's front matter or under [llm] in kit.toml"
        )


class ChatAdapter(Adapter):
    """Chat Completions: `POST /chat/completions`, the prompt as system and user messages."""

    path = "/chat/completions"
    conversation_key = "messages"
    max_tokens_key = "max_completion_tokens"

    def body(
        self, model: str, system: str, user: str, temperature: float, max_tokens: int,
        schema: type[BaseModel] | None,
    ) -> dict[str, Any]:  # fmt: skip
        body: dict[str, Any] = {
            "model": model,
            "messages": [{"role": "system", "content": system}, {"role": "user", "content": user}],
            "temperature": temperature,
            "max_completion_tokens": max_tokens,
        }
        if schema is not None:
            body["response_format"] = {"type": "json_schema", "json_schema": _json_schema(schema)}
        return body

    def parse_reply(self, body: dict[str, Any], data: dict[str, Any]) -> Reply:
        choices = data.get("choices")
        if not isinstance(choices, list) or not choices:
            raise RequestFailed("the server returned no choices")
        choice = choices[0]
        message = choice.get("message") or {}
        if message.get("refusal"):
            raise RequestFailed(f"the model refused: {message['refusal']}")
        reason = choice.get("finish_reason")
        if reason == "length":
            raise self.cut_off(body)
        if reason == "content_filter":
            raise RequestFailed("the reply was withheld by the server's content filter")
        text = message.get("content")
        if not isinstance(text, str) or not text.strip():
            raise RequestFailed(f"the reply has no text (finish_reason {reason!r})")
        usage = data.get("usage") or {}
        return Reply(text, int(usage.get("prompt_tokens", 0)), int(usage.get("completion_tokens", 0)))


class ResponsesAdapter(Adapter):
    """The Responses API: `POST /responses`, the system prompt as instructions, nothing stored."""

    path = "/responses"
    conversation_key = "input"
    max_tokens_key = "max_output_tokens"

    def body(
        self, model: str, system: str, user: str, temperature: float, max_tokens: int,
        schema: type[BaseModel] | None,
    ) -> dict[str, Any]:  # fmt: skip
        body: dict[str, Any] = {
            "model": model,
            "instructions": system,
            "input": [{"role": "user", "content": user}],
            "temperature": temperature,
            "max_output_tokens": max_tokens,
            "store": False,  # drafts may hold internal facts: nothing kept server-side
        }
        if schema is not None:
            body["text"] = {"format": {"type": "json_schema", **_json_schema(schema)}}
        return body

    def parse_reply(self, body: dict[str, Any], data: dict[str, Any]) -> Reply:
        status = data.get("status")
        if status == "incomplete":
            reason = (data.get("incomplete_details") or {}).get("reason")
            if reason == "max_output_tokens":
                raise self.cut_off(body)
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
        usage = data.get("usage") or {}
        return Reply(text, int(usage.get("input_tokens", 0)), int(usage.get("output_tokens", 0)))


ADAPTERS: dict[str, Adapter] = {"chat": ChatAdapter(), "responses": ResponsesAdapter()}
