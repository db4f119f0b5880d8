"""The run's settings: which server (and its profile), which model, how many requests at once,
what it costs.

- Server: `base_url` under `[llm]` in kit.toml wins over `OPENAI_BASE_URL` (the workspace
  names its server; the environment is ambient); `[llm] server` names its profile, else it is
  inferred from the URL (`kit.llm.servers`). The key comes only from the environment
  (`OPENAI_API_KEY`, or `AZURE_OPENAI_API_KEY` for Azure), never from kit.toml (which gets
  committed). A server with no key gets a placeholder key.
- Model parameters: a value set explicitly in kit.toml wins, then the prompt's front matter,
  then kit's defaults (see `kit.llm.requests.build_request`). `temperature` is sent only when
  set; a reasoning model gets `reasoning_effort` and a budget for its reasoning instead.
  `--model` and `--concurrency` win over both.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Literal

from kit.config import Config
from kit.errors import ConfigError, LLMError
from kit.llm.prices import model_price
from kit.llm.secrets import public_url
from kit.llm.servers import PROFILES, Profile, infer_server, reasoning_hint

PLACEHOLDER_KEY = "kit-local-server"  # a server with no key still needs a Bearer value
MISSING_SERVER = (
    "--llm needs a server: set OPENAI_API_KEY for OpenAI, or OPENAI_BASE_URL "
    "(or base_url under [llm] in kit.toml) for an OpenAI-compatible server"
)


class NoServer(LLMError):
    """Neither a key nor a server is set: `kit batch` says what its API needs instead."""


# Tokens a reasoning model may spend thinking, by effort, on top of the reply's own budget:
# without them a 1,500-token budget is all spent on reasoning and the reply comes back empty.
REASONING_BUDGET = {"none": 0, "minimal": 1000, "low": 4000, "medium": 12000, "high": 30000}
DEFAULT_EFFORT = "low"  # drafting from given facts needs little thought


@dataclass(frozen=True, kw_only=True)
class Settings:
    """Everything a run needs to reach the server; the key is never shown or stored."""

    model: str
    api: Literal["chat", "responses"]
    base_url: str | None
    api_key: str = field(repr=False)
    profile: Profile = PROFILES["openai"]
    api_version: str | None = None
    concurrency: int
    timeout: float
    max_retries: int
    temperature: float | None  # set explicitly in kit.toml: wins over the prompt's
    max_output_tokens: int | None
    reasoning_effort: str | None = None  # sent to a reasoning model
    reasoning: bool = False  # the model reasons: reasoning_effort set, or its name says so
    effort_set: bool = False  # reasoning_effort set under [llm] (else kit's default, for a reasoning model)
    price_input: float = 0.0  # US dollars per million tokens
    price_output: float = 0.0

    @property
    def server(self) -> str:
        """The server's URL, fit to print and store (no credentials in it)."""
        return public_url(self.base_url or "https://api.openai.com/v1")

    @property
    def identity(self) -> str:
        """What tells one server from another in the cache key: profile, URL and API version."""
        return f"{self.profile.name} {self.server} {self.api_version or ''}".strip()

    @property
    def secrets(self) -> tuple[str, ...]:
        """Strings that must never be printed or stored."""
        return tuple(s for s in (self.api_key,) if s and s != PLACEHOLDER_KEY)


def llm_settings(
    config: Config,
    model: str | None = None,
    concurrency: int | None = None,
    *,
    dry_run: bool = False,
) -> Settings:
    """The run's settings, or LLMError when there is neither a key nor a server (before any work).

    A dry run sends nothing, so it needs neither.
    """
    llm = config.llm
    base_url = llm.base_url or os.environ.get("OPENAI_BASE_URL", "").strip() or None
    if base_url is not None and not re.match(r"^https?://[^/\s]+", base_url):
        where = "base_url under [llm] in kit.toml" if llm.base_url else "OPENAI_BASE_URL"
        raise ConfigError(f'{where} "{base_url}" is not an http(s) URL; write it like http://localhost:11434/v1')
    server = llm.server or infer_server(base_url)
    key = os.environ.get("OPENAI_API_KEY", "").strip()
    if server == "azure":
        key = os.environ.get("AZURE_OPENAI_API_KEY", "").strip() or key
        if base_url is None and not dry_run:
            raise LLMError(
                'server "azure" needs base_url under [llm] in kit.toml: '
                "https://RESOURCE.openai.azure.com/openai/v1 (or the resource's URL with api_version)"
            )
    if not key and base_url is None and not dry_run:
        raise NoServer(MISSING_SERVER)
    if concurrency is not None and concurrency < 1:
        raise ConfigError(f"--concurrency must be at least 1, not {concurrency}")
    if model is not None and not model.strip():
        raise ConfigError("--model needs a model name")
    profile = PROFILES[server]
    chosen = model or llm.model
    reasoning = llm.reasoning_effort is not None or reasoning_hint(chosen)
    price_in, price_out = model_price(chosen, llm.prices, profile.local)
    return Settings(
        model=chosen,
        api=llm.api,
        base_url=base_url,
        api_key=key or (PLACEHOLDER_KEY if base_url else ""),
        profile=profile,
        api_version=llm.api_version,
        concurrency=concurrency or llm.concurrency or profile.concurrency,
        timeout=llm.timeout or profile.timeout,
        max_retries=llm.max_retries,
        temperature=llm.temperature,
        max_output_tokens=llm.max_output_tokens,
        reasoning_effort=(llm.reasoning_effort or DEFAULT_EFFORT) if reasoning else None,
        reasoning=reasoning,
        effort_set=llm.reasoning_effort is not None,
        price_input=price_in,
        price_output=price_out,
    )
