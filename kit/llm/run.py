"""Stage 5, running many drafts: plan every request, send them concurrently, cache, check, repair.

`plan` loads each kind's prompt and builds every first request before anything is sent, so a
prompt problem stops the run early. Each exchange is answered from the cache or sent (at
most `concurrency` in flight) and logged either way; only replies that parsed and validated
are cached, so a failure is retried by a re-run. A structured reply that does not validate
gets one more try; a draft the check rejects gets one repair request naming the problems,
then is marked for review.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from kit.llm import transport
from kit.llm.cache import Cache, LogEntry, cache_path
from kit.llm.prompts import Prompt, load_prompt
from kit.llm.replies import InvalidFields, Reply, RequestFailed, parse_fields
from kit.llm.requests import Request, build_request, follow_up, parse_reply, repair_note, schema_note
from kit.llm.settings import Settings

if TYPE_CHECKING:
    from openai import AsyncOpenAI


@dataclass(frozen=True)
class DraftJob:
    """One draft to write: `key` names it in logs and reports (e.g. "slug/kind")."""

    key: str
    kind: str
    context: dict[str, Any]
    skeleton: str
    schema: type[BaseModel] | None = None


@dataclass
class DraftResult:
    """A draft's text (or fields, for structured kinds), or the reason it failed."""

    job: DraftJob
    text: str | None
    fields: dict[str, Any] | None
    error: str | None
    meta: dict[str, Any]

    @property
    def ok(self) -> bool:
        return self.error is None


Check = Callable[[DraftJob, str | dict[str, Any]], list[str]]
Progress = Callable[[int, int], None]


@dataclass
class _Run:
    settings: Settings
    cache: Cache
    client: AsyncOpenAI
    semaphore: asyncio.Semaphore
    no_cache: bool
    check: Check | None


@dataclass(frozen=True)
class _Planned:
    job: DraftJob
    prompt: Prompt
    request: Request


def plan(jobs: Sequence[DraftJob], settings: Settings, workspace: Path | None) -> list[_Planned]:
    """Every job's prompt and first request; a prompt problem stops the run before any request."""
    prompts: dict[str, Prompt] = {}
    planned = []
    for job in jobs:
        if job.kind not in prompts:
            prompts[job.kind] = load_prompt(job.kind, workspace)
        prompt = prompts[job.kind]
        request = build_request(prompt, job.context, job.skeleton, settings, job.schema)
        planned.append(_Planned(job, prompt, request))
    return planned


def draft_all(
    jobs: Sequence[DraftJob],
    settings: Settings,
    workspace: Path | None,
    *,
    check: Check | None = None,
    no_cache: bool = False,
    progress: Progress | None = None,
) -> list[DraftResult]:
    """Draft every job, at most `settings.concurrency` requests in flight; results in job order."""
    return asyncio.run(adraft_all(jobs, settings, workspace, check=check, no_cache=no_cache, progress=progress))


async def adraft_all(
    jobs: Sequence[DraftJob],
    settings: Settings,
    workspace: Path | None,
    *,
    check: Check | None = None,
    no_cache: bool = False,
    progress: Progress | None = None,
) -> list[DraftResult]:
    """`draft_all` for callers that already run an event loop."""
    planned = plan(jobs, settings, workspace)
    cache = Cache(cache_path(workspace))
    done = 0

    async def one(run: _Run, item: _Planned) -> DraftResult:
        nonlocal done
        result = await _draft_one(run, item)
        done += 1
        if progress is not None:
            progress(done, len(planned))
        return result

    try:
        async with transport.client(settings) as client:
            run = _Run(settings, cache, client, asyncio.Semaphore(settings.concurrency), no_cache, check)
            return list(await asyncio.gather(*(one(run, item) for item in planned)))
    finally:
        cache.close()


def _new_meta(item: _Planned, settings: Settings) -> dict[str, Any]:
    return {
        "model": settings.model,
        "api": settings.api,
        "prompt": item.prompt.name,
        "prompt_path": str(item.prompt.path),
        "request_hash": item.request.request_hash,
        "request_hashes": [],
        "input_tokens": 0,
        "output_tokens": 0,
        "latency": 0.0,
        "cost": 0.0,
        "requests_sent": 0,
        "cached": True,
        "retried": False,
        "repaired": False,
        "status": "failed",
        "check_problems": [],
    }


async def _draft_one(run: _Run, item: _Planned) -> DraftResult:
    meta = _new_meta(item, run.settings)
    try:
        request, text, fields = await _ask(run, item, item.request, meta)
        text, fields = await _check_and_repair(run, item, request, text, fields, meta)
    except RequestFailed as err:
        return DraftResult(item.job, None, None, str(err), meta)
    return DraftResult(item.job, text, fields, None, meta)


async def _ask(
    run: _Run, item: _Planned, request: Request, meta: dict[str, Any]
) -> tuple[Request, str, dict[str, Any] | None]:
    """One exchange; a structured reply that does not validate gets one more try."""
    try:
        text, fields = await _exchange(run, item, request, meta)
        return request, text, fields
    except InvalidFields as err:
        assert request.schema is not None
        meta["retried"] = True
        retry = follow_up(request, err.reply, schema_note(str(err), request.schema))
        try:
            text, fields = await _exchange(run, item, retry, meta)
        except InvalidFields as again:
            raise RequestFailed(f"the reply is not a valid {request.schema.__name__} twice: {again}") from again
        return retry, text, fields


async def _check_and_repair(
    run: _Run, item: _Planned, request: Request, text: str, fields: dict[str, Any] | None,
    meta: dict[str, Any],
) -> tuple[str, dict[str, Any] | None]:  # fmt: skip
    """Check the draft; if it fails, one repair request naming the problems, then check again."""
    meta["status"] = "drafted"
    if run.check is None:
        return text, fields
    problems = run.check(item.job, fields if fields is not None else text)
    if not problems:
        return text, fields
    meta["repaired"] = True
    repair = follow_up(request, text, repair_note(problems, fields is not None))
    try:
        _, new_text, new_fields = await _ask(run, item, repair, meta)
    except RequestFailed as err:
        meta.update(status="needs-review", check_problems=list(problems), repair_error=str(err))
        return text, fields
    left = run.check(item.job, new_fields if new_fields is not None else new_text)
    meta.update(status="needs-review" if left else "drafted", check_problems=list(left))
    return new_text, new_fields


async def _exchange(
    run: _Run, item: _Planned, request: Request, meta: dict[str, Any]
) -> tuple[str, dict[str, Any] | None]:
    """Answer a request from the cache, or send it; log it either way; cache what validates."""
    settings = run.settings
    entry = LogEntry(settings.model, item.job.kind, item.job.key, request.request_hash)
    data = None if run.no_cache else run.cache.get(request.request_hash)
    cached = data is not None
    latency = 0.0
    if data is None:
        async with run.semaphore:
            start = time.perf_counter()
            try:
                data = await transport.send(run.client, request, settings)
            except RequestFailed as err:
                _log_failure(run, entry, time.perf_counter() - start, meta, err)
                raise
            latency = time.perf_counter() - start
    meta["request_hashes"].append(request.request_hash)
    try:
        reply = parse_reply(request, data)
    except RequestFailed as err:
        _log_failure(run, entry, latency, meta, err, cached)
        raise
    cost = 0.0 if cached else _cost(settings, reply)
    entry = LogEntry(
        settings.model, item.job.kind, item.job.key, request.request_hash,
        reply.input_tokens, reply.output_tokens, round(latency, 4), cost, cached,
    )  # fmt: skip
    _account(meta, reply.input_tokens, reply.output_tokens, latency, cost, cached)
    try:
        fields = parse_fields(reply.text, request.schema) if request.schema else None
    except InvalidFields as err:
        run.cache.log(_failed(entry, str(err)))
        raise
    if not cached:
        run.cache.put(request.request_hash, request.api, settings.model, data)
    run.cache.log(entry)
    meta["request_hash"] = request.request_hash
    return reply.text, fields


def _failed(entry: LogEntry, error: str) -> LogEntry:
    return replace(entry, status="error", error=error)


def _log_failure(
    run: _Run, entry: LogEntry, latency: float, meta: dict[str, Any], err: RequestFailed,
    cached: bool = False,
) -> None:  # fmt: skip
    run.cache.log(_failed(replace(entry, latency=round(latency, 4), cached=cached), str(err)))
    _account(meta, 0, 0, latency, 0.0, cached)


def _account(meta: dict[str, Any], tokens_in: int, tokens_out: int, latency: float, cost: float, cached: bool) -> None:
    meta["input_tokens"] += tokens_in
    meta["output_tokens"] += tokens_out
    meta["latency"] = round(meta["latency"] + latency, 4)
    meta["cost"] = round(meta["cost"] + cost, 8)
    if not cached:
        meta["requests_sent"] += 1
        meta["cached"] = False


def _cost(settings: Settings, reply: Reply) -> float:
    return (reply.input_tokens * settings.price_input + reply.output_tokens * settings.price_output) / 1e6


# ---- Dry run and summary ----------------------------------------------------------------


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
    out = [
        f"# Dry run: {len(planned)} request(s), none sent ({len(cached)} would come from the cache)",
        f"# server {settings.server}, api {settings.api}, model {settings.model}, concurrency {settings.concurrency}",
        f"# about {total:,} input tokens in all (estimated as characters / 4)",
    ]
    for p in planned:
        body = p.request.body
        limit = body[p.request.adapter.max_tokens_key]
        out += [
            "",
            f"## {p.job.key}: {p.request.method} {p.request.path}",
            f"# prompt {p.prompt.path}",
            f"# about {estimate_tokens(p.request):,} input tokens, "
            f"at most {limit:,} output tokens; "
            f"{'cached' if p.request.request_hash in cached else 'not cached'}; "
            f"request hash {p.request.request_hash}",
            json.dumps(body, indent=2, ensure_ascii=False),
        ]
    return "\n".join(out) + "\n"


def format_summary(results: Sequence[DraftResult]) -> str:
    """The end-of-run summary: drafted, cached, needing review, and failed with reasons."""
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
    lines += [f"  failed {r.job.key}: {r.error}" for r in failed]
    return "\n".join(lines)
