"""What a run will send and what it did: `dry_run` (the exact requests, their estimated tokens,
nothing sent) and `format_summary` (drafted, cached, needing review, failed, with the cost).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kit.llm.cache import Cache, cache_path
from kit.llm.requests import Request
from kit.llm.run import DraftJob, DraftResult, plan
from kit.llm.secrets import scrub
from kit.llm.settings import Settings


def estimate_tokens(request: Request) -> int:
    """A rough input token count: characters of the request body / 4 (the server counts exactly)."""
    return len(json.dumps(request.body, ensure_ascii=False)) // 4


def dry_run(jobs: Sequence[DraftJob], settings: Settings, workspace: Path | None) -> dict[str, Any]:
    """The exact requests a run would send, with estimated token counts, as data (`--json`); sends
    nothing. `format_dry_run` writes it for a person. Secrets are scrubbed from every string."""
    planned = plan(jobs, settings, workspace)
    path = cache_path(workspace)
    cache = Cache(path) if path.is_file() else None
    try:
        cached = {p.request.request_hash for p in planned if cache and cache.get(p.request.request_hash)}
    finally:
        if cache is not None:
            cache.close()
    profile = settings.profile
    requests: list[dict[str, Any]] = []
    for p in planned:
        tokens = estimate_tokens(p.request)
        limit = p.request.adapter.limit(p.request.body) or 0
        over = profile.context_tokens and tokens + limit > profile.context_tokens
        requests.append({
            "key": p.job.key, "method": p.request.method, "path": p.request.path, "prompt": str(p.prompt.path),
            "input_tokens": tokens, "max_output_tokens": limit, "cached": p.request.request_hash in cached,
            "request_hash": p.request.request_hash, "exceeds_context": bool(over), "body": p.request.body,
        })  # fmt: skip
    data = {
        "server": settings.server, "api": settings.api, "model": settings.model, "concurrency": settings.concurrency,
        "profile": profile.name, "profile_label": profile.label, "timeout": settings.timeout,
        "retries_timeouts": profile.retry_timeouts,
        "structured": profile.structured if settings.api == "chat" else "json_schema",
        "reasoning_effort": settings.reasoning_effort if settings.reasoning else None,
        "context_tokens": profile.context_tokens, "input_tokens": sum(r["input_tokens"] for r in requests),
        "cached": len(cached), "requests": requests,
    }  # fmt: skip
    return dict(json.loads(scrub(json.dumps(data, ensure_ascii=False), settings.secrets)))


def format_dry_run(data: dict[str, Any]) -> str:
    """`dry_run`'s data as a person reads it: a header, then each request with its body."""
    requests = data["requests"]
    out = [
        f"# Dry run: {len(requests)} request(s), none sent ({data['cached']} would come from the cache)",
        f"# server {data['server']}, api {data['api']}, model {data['model']}, concurrency {data['concurrency']}",
        f"# profile {data['profile']} ({data['profile_label']}): {data['timeout']:g}s "
        f"per attempt, {'retries' if data['retries_timeouts'] else 'never retries'} a timeout; "
        f"structured output as {data['structured']}"
        + (f"; reasoning effort {data['reasoning_effort']}" if data["reasoning_effort"] else ""),
        f"# about {data['input_tokens']:,} input tokens in all (estimated as characters / 4)",
    ]
    for r in requests:
        out += [
            "",
            f"## {r['key']}: {r['method']} {r['path']}",
            f"# prompt {r['prompt']}",
            f"# about {r['input_tokens']:,} input tokens, at most {r['max_output_tokens']:,} output tokens; "
            f"{'cached' if r['cached'] else 'not cached'}; request hash {r['request_hash']}",
        ]
        if r["exceeds_context"]:
            out.append(
                f"# note: {r['input_tokens'] + r['max_output_tokens']:,} tokens in and out exceed "
                f"{data['profile_label']}'s default context of {data['context_tokens']:,}, which it truncates "
                "silently: start it with a larger one (OLLAMA_CONTEXT_LENGTH=16384)"
            )
        out.append(json.dumps(r["body"], indent=2, ensure_ascii=False))
    return "\n".join(out) + "\n"


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
