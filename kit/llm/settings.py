"""The run's settings: which server, which model, how many requests at once, what it costs.

- Server: `base_url` under `[llm]` in kit.toml wins over `OPENAI_BASE_URL` (the workspace
  names its server; the environment is ambient). The key comes only from `OPENAI_API_KEY`,
  never from kit.toml (which gets committed). A server with no key gets a placeholder key.
- Model parameters: a value set explicitly in kit.toml wins, then the prompt's front matter,
  then kit's defaults (see `kit.llm.requests.build_request`). `--model` and `--concurrency`
  win over both.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Literal

from kit.config import Config
from kit.errors import ConfigError, LLMError

PLACEHOLDER_KEY = "kit-local-server"  # a server with no key still needs a Bearer value
MISSING_SERVER = (
    "--llm needs a server: set OPENAI_API_KEY for OpenAI, or OPENAI_BASE_URL "
    "(or base_url under [llm] in kit.toml) for an OpenAI-compatible server"
)


@dataclass(frozen=True, kw_only=True)
class Settings:
    """Everything a run needs to reach the server; the key is never shown or stored."""

    model: str
    api: Literal["chat", "responses"]
    base_url: str | None
    api_key: str = field(repr=False)
    concurrency: int
    timeout: float
    max_retries: int
    temperature: float | None  # set explicitly in kit.toml: wins over the prompt's
    max_output_tokens: int | None
    price_input: float  # US dollars per million tokens
    price_output: float

    @property
    def server(self) -> str:
        return self.base_url or "https://api.openai.com/v1"


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
    key = os.environ.get("OPENAI_API_KEY", "").strip()
    base_url = llm.base_url or os.environ.get("OPENAI_BASE_URL", "").strip() or None
    if not key and base_url is None and not dry_run:
        raise LLMError(MISSING_SERVER)
    if concurrency is not None and concurrency < 1:
        raise ConfigError(f"--concurrency must be at least 1, not {concurrency}")
    if model is not None and not model.strip():
        raise ConfigError("--model needs a model name")
    explicit = llm.model_fields_set
    return Settings(
        model=model or llm.model,
        api=llm.api,
        base_url=base_url,
        api_key=key or (PLACEHOLDER_KEY if base_url else ""),
        concurrency=concurrency or llm.concurrency,
        timeout=llm.timeout,
        max_retries=llm.max_retries,
        temperature=llm.temperature if "temperature" in explicit else None,
        max_output_tokens=llm.max_output_tokens if "max_output_tokens" in explicit else None,
        price_input=llm.prices.input,
        price_output=llm.prices.output,
    )
