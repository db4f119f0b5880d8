"""What a run will send and what it did: `dry_run` (the exact requests, their estimated tokens,
nothing sent) and `format_summary` (drafted, cached, needing review, failed, with the cost).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from kit.llm.cache import Cache, cache_path
from kit.llm.requests import Request
from kit.llm.run import DraftJob, DraftResult, plan
from kit.llm.secrets import scrub
from kit.llm.settings import Settings


def estimate_tokens(request: Request) -> int:
    """A rough input token count: characters of the request body / 4 (the server counts exactly)."""
    return len(json.dumps(request.body, ensure_ascii=False)) // 4


def dry_run(jobs: Sequence[DraftJob], settings: Settings, workspace: Path | None) -> str:
    """The exact requests a run would send, with estimated token counts; sends nothing."""
    planned = plan(jobs, settings, workspace)
    path = cache_path(workspace)
    cache = Cache(path) if path.is_file() else None
    try:
        cached = {p.request.request_hash for p in planned if cache and cache.get(p.request.request_hash)}
    finally:
        if cache is not None:
            cache.close()
    total = sum(estimate_tokens(p.request) for p in planned)
    profile = settings.profile
    out = [
        f"# Dry run: {len(planned)} request(s), none sent ({len(cached)} would come from the cache)",
        f"# server {settings.server}, api {settings.api}, model {settings.model}, concurrency {settings.concurrency}",
        f"# profile {profile.name} ({profile.label}): {settings.timeout:g}s "
        f"per attempt, {'retries' if profile.retry_timeouts else 'never retries'} a timeout; "
        f"structured output as {profile.structured if settings.api == 'chat' else 'json_schema'}"
        + (f"; reasoning effort {settings.reasoning_effort}" if settings.reasoning else ""),
        f"# about {total:,} input tokens in all (estimated as characters / 4)",
    ]
    for p in planned:
        body = p.request.body
        limit = p.request.adapter.limit(body) or 0
        tokens = estimate_tokens(p.request)
        out += [
            "",
            f"## {p.job.key}: {p.request.method} {p.request.path}",
            f"# prompt {p.prompt.path}",
            f"# about {tokens:,} input tokens, "
            f"at most {limit:,} output tokens; "
            f"{'cached' if p.request.request_hash in cached else 'not cached'}; "
            f"request hash {p.request.request_hash}",
        ]
        if profile.context_tokens and tokens + limit > profile.context_tokens:
            out.append(
                f"# note: {tokens + limit:,} tokens in and out exceed {profile.label}'s default context of "
                f"{profile.context_tokens:,}, which it truncates silently: start it with a larger one "
                "(OLLAMA_CONTEXT_LENGTH=16384)"
            )
        out.append(json.dumps(body, indent=2, ensure_ascii=False))
    return scrub("\n".join(out) + "\n", settings.secrets)


def format_summary(results: Sequence[DraftResult]) -> str:
    """The end-of-run summary: drafted, cached, needing review, failed, and each note once.

    A failure's reason is not repeated here: the caller reports each failed draft once.
    """
    failed = [r for r in results if not r.ok]
    review = [r for r in results if r.ok and r.meta.get("status") == "needs-review"]
    cached = sum(1 for r in results if r.ok and r.meta.get("cached"))
    drafted = len(results) - len(failed)
    cost = sum(r.meta.get("cost", 0.0) for r in results)
    lines = [
        f"LLM drafts: {drafted} drafted ({cached} from the cache), {len(review)} need review, "
        f"{len(failed)} failed; estimated cost ${cost:.4f}"
    ]
    lines += [f"  needs review {r.job.key}: {'; '.join(r.meta['check_problems'])}" for r in review]
    notes = dict.fromkeys(note for r in results for note in r.meta.get("notes", []))
    lines += [f"  note: {note}" for note in notes]
    return "\n".join(lines)
