"""What tokens cost: kit.toml's rows first, then kit's dated table for OpenAI's models.

Prices are US dollars per million tokens (input, output), standard tier, from
https://openai.com/api/pricing as of PRICES_AS_OF. They change: a workspace that must be
exact sets its own rows under `[llm.prices.models."NAME"]`. Cached input, batch and
priority tiers are not modelled. Local servers (Ollama, llama.cpp, LM Studio) cost nothing.
"""

from __future__ import annotations

from kit.config import Prices

PRICES_AS_OF = "2025-08-07"
OPENAI_PRICES: dict[str, tuple[float, float]] = {
    "gpt-5": (1.25, 10.00),
    "gpt-5-mini": (0.25, 2.00),
    "gpt-5-nano": (0.05, 0.40),
    "gpt-4.1": (2.00, 8.00),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1-nano": (0.10, 0.40),
    "gpt-4o": (2.50, 10.00),
    "gpt-4o-mini": (0.15, 0.60),
    "o3": (2.00, 8.00),
    "o3-mini": (1.10, 4.40),
    "o4-mini": (1.10, 4.40),
    "o1": (15.00, 60.00),
}


def model_price(model: str, prices: Prices, local: bool = False) -> tuple[float, float]:
    """(input, output) dollars per million tokens for a model."""
    if model in prices.models:
        row = prices.models[model]
        return row.input, row.output
    if local:
        return 0.0, 0.0
    # "gpt-4o-mini-2024-07-18" is priced as "gpt-4o-mini": the longest name it starts with
    known = sorted((name for name in OPENAI_PRICES if model == name or model.startswith(name + "-")), key=len)
    if known:
        return OPENAI_PRICES[known[-1]]
    return prices.input, prices.output
