"""Stage 5, running many drafts: plan every request, send them concurrently, cache, check, repair.

Every kind's prompt is loaded, and its first request built, before anything is sent, so a
prompt problem stops the run early; the other requests are built while the first are in
flight (building them all first kept the server idle for a second or more). Each exchange is
answered from the cache or sent (at most `concurrency` in flight) and every HTTP attempt is
logged with its usage. Only replies that parsed and validated are cached, and one whose draft
failed the checks is never served from the cache as a finished draft. A Markdown reply loses
any chat preamble, code fence or front matter of its own; a structured reply that does not
validate gets one more try, with the schema shown. A draft the checks (or its kind's limits)
reject gets one repair request quoting the problems, then is marked for review. A parameter
the server refuses is dropped for the rest of the run, said once; a bad key, an unknown model
or no quota stops the run.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from kit.llm import transport
from kit.llm.adapters import usage_of
from kit.llm.cache import Cache, LogEntry, cache_path
from kit.llm.prompts import Prompt, load_prompt
from kit.llm.replies import InvalidFields, RequestFailed, StopRun, clean_markdown, limit_problems, parse_fields
from kit.llm.requests import Request, build_request, follow_up, parse_reply, repair_note, schema_note, without
from kit.llm.settings import Settings

if TYPE_CHECKING:
    from openai import AsyncOpenAI


@dataclass(frozen=True)
class DraftJob:
    """One draft to write: `key` names it in logs and reports (e.g. "slug/kind").

    `limits` are the kind's field limits (a talk's are its CFP's): the prompt states them and
    a reply over one gets a repair request.
    """

    key: str
    kind: str
    context: dict[str, Any]
    skeleton: str
    schema: type[BaseModel] | None = None
    limits: dict[str, dict[str, Any]] = field(default_factory=dict)


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


# What is wrong with a reply, for its repair request; none: it passed. A check may be async (the
# build's runs in worker processes, `kit.llm.workers`, while the event loop keeps sending).
Check = Callable[[DraftJob, str | dict[str, Any]], list[str] | Awaitable[list[str]]]
Progress = Callable[[int, int], None]

_HINTS = {
    "temperature": "leave temperature unset under [llm] and in the prompt's front matter",
    "reasoning_effort": "leave reasoning_effort unset under [llm]",
    "reasoning": "leave reasoning_effort unset under [llm]",
    "max_tokens": 'set server under [llm] ("openai" sends max_completion_tokens)',
    "max_completion_tokens": "set server under [llm] to the server's profile",
    "response_format": 'set server = "compatible" or "ollama" under [llm] (the schema goes in the prompt)',
}


@dataclass
class _Run:
    settings: Settings
    cache: Cache
    semaphore: asyncio.Semaphore
    no_cache: bool
    check: Check | None
    dropped: dict[str, str | None] = field(default_factory=dict)  # refused parameter -> its new name
    stop: StopRun | None = None
    made: AsyncOpenAI | None = None  # the SDK client, once a request is sent

    def client(self) -> AsyncOpenAI:
        """The SDK client, made for the first request sent: a run the cache answers never imports openai."""
        if self.made is None:
            self.made = transport.client(self.settings)
        return self.made

    def adjusted(self, request: Request) -> Request:
        """The request less every parameter the server has refused in this run."""
        for param, rename in self.dropped.items():
            if param in request.body:
                request = without(request, param, rename)
        return request


@dataclass(frozen=True)
class _Planned:
    job: DraftJob
    prompt: Prompt
    request: Request


def load_prompts(jobs: Sequence[DraftJob], workspace: Path | None) -> dict[str, Prompt]:
    """Each kind's prompt, in the jobs' order; TemplateError for the first that does not load."""
    return {kind: load_prompt(kind, workspace) for kind in dict.fromkeys(job.kind for job in jobs)}


def plan_one(job: DraftJob, prompt: Prompt, settings: Settings) -> _Planned:
    """A job's first request, or TemplateError when its prompt does not render."""
    return _Planned(job, prompt, build_request(prompt, job.context, job.skeleton, settings, job.schema, job.limits))


def plan(jobs: Sequence[DraftJob], settings: Settings, workspace: Path | None) -> list[_Planned]:
    """Every job's prompt and first request; a prompt problem stops the run before any request."""
    prompts = load_prompts(jobs, workspace)
    return [plan_one(job, prompts[job.kind], settings) for job in jobs]


def draft_all(
    jobs: Sequence[DraftJob],
    settings: Settings,
    workspace: Path | None,
    *,
    check: Check | None = None,
    no_cache: bool = False,
    progress: Progress | None = None,
) -> list[DraftResult]:
    """Draft every job, at most `settings.concurrency` requests in flight; results in job order.

    StopRun (exit 2) when the server refuses the key, the model or the quota: nothing more is sent.
    """
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
    prompts = load_prompts(jobs, workspace)
    planned: dict[int, _Planned] = {}
    for kind, prompt in prompts.items():  # each kind's first request: a prompt that does not render sends nothing
        first = next(index for index, job in enumerate(jobs) if job.kind == kind)
        planned[first] = plan_one(jobs[first], prompt, settings)
    cache = Cache(cache_path(workspace), settings.secrets)
    done = 0

    async def one(run: _Run, item: _Planned) -> DraftResult:
        nonlocal done
        result = await _draft_one(run, item)
        done += 1
        if progress is not None:
            progress(done, len(jobs))
        return result

    run = _Run(settings, cache, asyncio.Semaphore(settings.concurrency), no_cache, check)
    tasks: list[asyncio.Task[DraftResult]] = []
    try:
        for index, job in enumerate(jobs):
            item = planned.pop(index, None) or plan_one(job, prompts[job.kind], settings)
            tasks.append(asyncio.create_task(one(run, item)))
            await asyncio.sleep(0)  # it is sent (or answered from the cache) before the next is built
        results = list(await asyncio.gather(*tasks))
    except BaseException:  # a later job's prompt does not render (or ^C): what is in flight is called off
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise
    finally:
        try:
            if run.made is not None:
                await run.made.close()
        finally:
            cache.close()
    if run.stop is not None:
        drafted = sum(r.ok for r in results)
        raise StopRun(f"{run.stop}. The run stopped: {drafted} of {len(results)} drafts done, nothing more sent")
    return results


def _new_meta(item: _Planned, settings: Settings) -> dict[str, Any]:
    return {
        "model": settings.model,
        "api": settings.api,
        "server": settings.profile.name,
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
        "cleaned": [],
        "notes": [],
        "status": "failed",
        "check_problems": [],
    }


async def _draft_one(run: _Run, item: _Planned) -> DraftResult:
    meta = _new_meta(item, run.settings)
    try:
        request, text, fields = await _ask(run, item, item.request, meta)
        text, fields = await _check_and_repair(run, item, request, text, fields, meta)
    except StopRun as err:
        if run.stop is None:
            run.stop = err
        return DraftResult(item.job, None, None, str(err), meta)
    except RequestFailed as err:
        return DraftResult(item.job, None, None, str(err), meta)
    return DraftResult(item.job, text, fields, None, meta)


async def _ask(
    run: _Run, item: _Planned, request: Request, meta: dict[str, Any], final: bool = False
) -> tuple[Request, str, dict[str, Any] | None]:
    """One exchange; a structured reply that does not validate gets one more try."""
    try:
        return await _exchange(run, item, request, meta, final)
    except InvalidFields as err:
        assert request.schema is not None
        meta["retried"] = True
        retry = follow_up(run.adjusted(request), err.reply, schema_note(str(err), request.schema))
        try:
            return await _exchange(run, item, retry, meta, final)
        except InvalidFields as again:
            raise RequestFailed(f"the reply is not a valid {request.schema.__name__} twice: {again}") from again


async def _problems(run: _Run, item: _Planned, text: str, fields: dict[str, Any] | None) -> list[str]:
    problems = limit_problems(fields, item.job.limits) if fields is not None else []
    if run.check is not None:
        found = run.check(item.job, fields if fields is not None else text)
        problems += await found if inspect.isawaitable(found) else found
    return problems


async def _check_and_repair(
    run: _Run, item: _Planned, request: Request, text: str, fields: dict[str, Any] | None,
    meta: dict[str, Any],
) -> tuple[str, dict[str, Any] | None]:  # fmt: skip
    """Check the draft; if it fails, one repair request quoting the problems, then check again."""
    meta["status"] = "drafted"
    problems = await _problems(run, item, text, fields)
    if not problems:
        if meta["cached"]:  # a reply that failed an earlier run's checks and passes this run's
            run.cache.mark(meta["request_hash"], "ok")
        return text, fields
    run.cache.mark(meta["request_hash"], "failed-checks")
    meta["repaired"] = True
    repair = follow_up(request, _as_sent(text, fields), repair_note(problems, fields is not None))
    try:
        _, new_text, new_fields = await _ask(run, item, repair, meta, final=True)
    except StopRun:
        raise
    except RequestFailed as err:
        meta.update(status="needs-review", check_problems=list(problems), repair_error=str(err))
        return text, fields
    left = await _problems(run, item, new_text, new_fields)
    if left:
        run.cache.mark(meta["request_hash"], "failed-checks")
    meta.update(status="needs-review" if left else "drafted", check_problems=list(left))
    return new_text, new_fields


def _as_sent(text: str, fields: dict[str, Any] | None) -> str:
    return json.dumps(fields, ensure_ascii=False) if fields is not None else text


async def _exchange(
    run: _Run, item: _Planned, request: Request, meta: dict[str, Any], final: bool
) -> tuple[Request, str, dict[str, Any] | None]:
    """`_exchange_once`, sent again without a parameter the server refuses (said once per run)."""
    for _ in range(4):
        request = run.adjusted(request)
        try:
            return await _exchange_once(run, item, request, meta, final)
        except _Relearnt:
            continue
        except transport.Unsupported as err:
            if err.param not in request.body:
                raise RequestFailed(str(err)) from None
            if err.param in run.dropped:  # another story learnt it while this one was on its way
                continue
            run.dropped[err.param] = err.rename
            instead = f" (sent as `{err.rename}`)" if err.rename else ""
            meta["notes"].append(
                f"{run.settings.server} does not take `{err.param}` for model {run.settings.model}: sent again "
                f"without it{instead}, for the rest of the run; {_HINTS.get(err.param, 'leave it unset')}"
            )
    raise RequestFailed("the server refused every parameter kit dropped")  # pragma: no cover


class _Relearnt(Exception):
    """The run learnt of a refused parameter while this request waited its turn: build it again."""


async def _exchange_once(
    run: _Run, item: _Planned, request: Request, meta: dict[str, Any], final: bool
) -> tuple[Request, str, dict[str, Any] | None]:
    """Answer a request from the cache, or send it; log every attempt; cache what validates."""
    settings = run.settings
    entry = LogEntry(settings.model, item.job.kind, item.job.key, request.request_hash, server=settings.identity)
    data = None if run.no_cache else run.cache.get(request.request_hash, final=final)
    cached = data is not None
    latency = 0.0
    if data is None:
        if run.stop is not None:
            raise RequestFailed(f"not sent: {run.stop}")

        def failed_attempt(attempt: transport.Attempt) -> None:
            _log(run, meta, entry, attempt.data, attempt.latency, False, attempt.error)

        async with run.semaphore:
            if run.stop is not None:
                raise RequestFailed(f"not sent: {run.stop}")
            if run.adjusted(request) is not request:  # a parameter was refused while this one waited
                raise _Relearnt
            start = time.perf_counter()
            data = await transport.send(run.client(), request, settings, failed_attempt)
            latency = time.perf_counter() - start
    meta["request_hashes"].append(request.request_hash)
    try:
        reply = parse_reply(request, data, settings.effort_set)
        if request.schema is not None:
            fields: dict[str, Any] | None = parse_fields(reply.text, request.schema)
            text = reply.text
        else:
            fields = None
            text, removed = clean_markdown(reply.text)
            meta["cleaned"] = sorted({*meta["cleaned"], *removed})
    except RequestFailed as err:  # billed all the same: logged with its usage
        _log(run, meta, entry, data, latency, cached, str(err))
        raise
    _log(run, meta, entry, data, latency, cached, "")
    if not cached:
        run.cache.put(request.request_hash, request.api, settings.model, data, settings.identity)
    meta["request_hash"] = request.request_hash
    return request, text, fields


def _log(
    run: _Run, meta: dict[str, Any], entry: LogEntry, data: dict[str, Any] | None, latency: float, cached: bool,
    error: str,
) -> None:  # fmt: skip
    """One attempt in the log and the draft's totals: its usage and cost, failed or not."""
    tokens_in, tokens_out, reasoning = usage_of(data) if isinstance(data, dict) else (0, 0, 0)
    cost = 0.0 if cached else _cost(run.settings, tokens_in, tokens_out)
    run.cache.log(replace(
        entry, input_tokens=tokens_in, output_tokens=tokens_out, reasoning_tokens=reasoning,
        latency=round(latency, 4), cost=cost, cached=cached, status="error" if error else "ok", error=error,
    ))  # fmt: skip
    meta["input_tokens"] += tokens_in
    meta["output_tokens"] += tokens_out
    meta["latency"] = round(meta["latency"] + latency, 4)
    meta["cost"] = round(meta["cost"] + cost, 8)
    if not cached:
        meta["requests_sent"] += 1
        meta["cached"] = False


def _cost(settings: Settings, tokens_in: int, tokens_out: int) -> float:
    return (tokens_in * settings.price_input + tokens_out * settings.price_output) / 1e6
