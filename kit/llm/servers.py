"""Server profiles: what each kind of OpenAI-compatible server reads, and how hard to push it.

A profile decides which body key(s) carry the output token limit (Ollama, llama.cpp and
LM Studio read only `max_tokens`; OpenAI's reasoning models refuse it), whether structured
output goes as a `json_schema` response format or as JSON mode with the schema in the prompt,
how many requests go at once (a local server generates one reply at a time: more in flight
only queue there and time out), the deadline of one attempt (counted from sending), and
whether a timed-out attempt is sent again (on a serial server it would generate twice).

`[llm] server` names the profile; without it, the profile is inferred from `base_url`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

ServerName = Literal["openai", "azure", "ollama", "vllm", "llamacpp", "lmstudio", "compatible"]
Structured = Literal["json_schema", "json_object", "prompt"]


@dataclass(frozen=True)
class Profile:
    """What one kind of server reads and how many requests it can take."""

    name: ServerName
    label: str
    token_keys: tuple[str, ...]  # Chat Completions body keys for the output token limit
    structured: Structured  # how structured output is asked for
    concurrency: int
    timeout: float  # seconds per attempt, from sending
    retry_timeouts: bool
    local: bool = False  # one generation at a time, on the user's machine: no cost
    context_tokens: int | None = None  # a default context the server silently truncates to


PROFILES: dict[str, Profile] = {
    p.name: p
    for p in (
        Profile("openai", "OpenAI", ("max_completion_tokens",), "json_schema", 8, 120.0, True),
        Profile("azure", "Azure OpenAI", ("max_completion_tokens",), "json_schema", 8, 120.0, True),
        # Ollama's OpenAI endpoint reads max_tokens only, and its default context is 4,096 tokens
        # (OLLAMA_CONTEXT_LENGTH raises it); json_schema is not reliable there, JSON mode is.
        Profile("ollama", "Ollama", ("max_tokens",), "json_object", 1, 600.0, False, True, 4096),
        Profile("vllm", "vLLM", ("max_tokens",), "json_schema", 8, 300.0, True),
        Profile("llamacpp", "llama.cpp server", ("max_tokens",), "json_schema", 1, 600.0, False, True),
        Profile("lmstudio", "LM Studio", ("max_tokens",), "json_schema", 1, 600.0, False, True),
        Profile("compatible", "OpenAI-compatible server", ("max_tokens",), "json_schema", 4, 120.0, True),
    )
}

_PORTS = {11434: "ollama", 1234: "lmstudio", 8080: "llamacpp"}  # each server's default port


def infer_server(base_url: str | None) -> ServerName:
    """The profile a base URL suggests: OpenAI without one, else by host and default port."""
    if not base_url:
        return "openai"
    parts = urlsplit(base_url)
    host = (parts.hostname or "").lower()
    if host == "api.openai.com":
        return "openai"
    if host.endswith((".openai.azure.com", ".cognitiveservices.azure.com", ".services.ai.azure.com")):
        return "azure"
    if "ollama" in host:
        return "ollama"
    try:
        port = parts.port
    except ValueError:
        port = None
    name = _PORTS.get(port or 0, "compatible")
    return name  # type: ignore[return-value]


# Model names that reason (o-series, gpt-5): a hint only. A server that refuses `temperature`
# or `reasoning_effort` says so in a 400, and kit drops the parameter and sends again.
_REASONING_PREFIXES = ("o1", "o3", "o4", "gpt-5")


def reasoning_hint(model: str) -> bool:
    """True when the model's name says it reasons (a deployment name may say nothing)."""
    name = model.lower().rsplit("/", 1)[-1]
    return name.startswith(_REASONING_PREFIXES) and not name.startswith("gpt-5-chat")
