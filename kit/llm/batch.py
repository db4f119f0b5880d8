"""OpenAI's Batch API, for large runs: submit every first request at once, collect the replies later.

`submit` plans the run's requests exactly as `draft_all` would (same bodies, same hashes),
leaves out those the cache already answers, uploads the rest as one JSONL file (`/v1/files`,
purpose `batch`) and creates a batch on the run's endpoint (`/v1/batches`, 24 h window). A
record of it goes to `.kit/batches/<id>.json` (which request is which draft, and how the
build was asked for). `collect` reads the finished batch's output file into the cache and
the usage log (at the Batch API's half price), so the build that follows answers every first
request from the cache and goes through the same parsing, checks, repairs and provenance as
any run. `status` and `cancel` do what they say. Everything is scrubbed of secrets.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kit.config import Config
from kit.errors import LLMError
from kit.llm import transport
from kit.llm.adapters import usage_of
from kit.llm.cache import Cache, LogEntry, cache_path
from kit.llm.run import DraftJob, plan
from kit.llm.secrets import scrub
from kit.llm.settings import Settings
from kit.write import atomic_write

BATCH_DISCOUNT = 0.5  # the Batch API bills half the standard price
FINAL = ("completed", "failed", "expired", "cancelled")


def batch_folder(workspace: Path | None) -> Path:
    return cache_path(workspace).parent / "batches"


def _record_path(workspace: Path | None, batch_id: str) -> Path:
    if not batch_id.replace("_", "").replace("-", "").isalnum():
        raise LLMError(f'"{batch_id}" is not a batch id (kit batch status lists them)')
    return batch_folder(workspace) / f"{batch_id}.json"


def load_record(workspace: Path | None, batch_id: str) -> dict[str, Any]:
    path = _record_path(workspace, batch_id)
    if not path.is_file():
        raise LLMError(f"no batch {batch_id} in {batch_folder(workspace)}; kit batch status lists them")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def records(workspace: Path | None) -> list[dict[str, Any]]:
    """Every batch this workspace submitted, newest first."""
    folder = batch_folder(workspace)
    found = [json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*.json")] if folder.is_dir() else []
    return sorted(found, key=lambda r: r["created"], reverse=True)


def _save(workspace: Path | None, record: dict[str, Any], settings: Settings) -> None:
    path = _record_path(workspace, record["id"])
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, scrub(json.dumps(record, indent=2, ensure_ascii=False), settings.secrets) + "\n")


def _check_server(settings: Settings) -> None:
    if settings.profile.local or settings.profile.name == "vllm":
        raise LLMError(
            f"{settings.profile.label} has no Batch API: run `kit build --llm` (the Batch API is OpenAI's and Azure's)"
        )


def submit(
    jobs: Sequence[DraftJob], settings: Settings, workspace: Path | None, build: dict[str, Any]
) -> dict[str, Any]:
    """Submit every job's first request the cache does not answer; the batch's record (None id: nothing to send)."""
    _check_server(settings)
    planned = plan(jobs, settings, workspace)
    cache = Cache(cache_path(workspace), settings.secrets)
    try:
        pending: dict[str, Any] = {}
        for item in planned:
            if cache.get(item.request.request_hash, final=True) is None:
                pending.setdefault(item.request.request_hash, item)
    finally:
        cache.close()
    endpoint = "/v1" + planned[0].request.path if planned else "/v1/chat/completions"
    record: dict[str, Any] = {
        "id": None,
        "status": "nothing to send",
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "endpoint": endpoint,
        "model": settings.model,
        "server": settings.identity,
        "requests": {h: {"key": p.job.key, "kind": p.job.kind, "api": p.request.api} for h, p in pending.items()},
        "cached": len(planned) - len(pending),
        "build": build,
        "collected": False,
    }
    if not pending:
        return record
    lines = [
        json.dumps({"custom_id": h, "method": "POST", "url": endpoint, "body": p.request.body}, ensure_ascii=False)
        for h, p in pending.items()
    ]
    batch = asyncio.run(_submit(settings, "\n".join(lines) + "\n", endpoint))
    record.update(id=batch["id"], status=batch["status"], input_file_id=batch["input_file_id"])
    _save(workspace, record, settings)
    return record


async def _submit(settings: Settings, jsonl: str, endpoint: str) -> dict[str, Any]:
    async with transport.client(settings) as client:
        uploaded = await _call(settings, client.files.create(
            file=("kit-batch.jsonl", jsonl.encode("utf-8"), "application/jsonl"), purpose="batch"))  # fmt: skip
        batch = await _call(settings, client.batches.create(
            input_file_id=uploaded.id, endpoint=endpoint, completion_window="24h",  # type: ignore[arg-type]
            metadata={"created_by": "kit"}))  # fmt: skip
        return dict(batch.model_dump())


async def _call(settings: Settings, pending: Any) -> Any:
    import openai

    try:
        return await pending
    except openai.APIStatusError as err:
        said = f"the Batch API answered HTTP {err.status_code}: {err.message}"
        raise LLMError(scrub(said, settings.secrets)) from err
    except openai.APIError as err:
        raise LLMError(scrub(f"the Batch API request failed: {err}", settings.secrets)) from err


def status(settings: Settings, workspace: Path | None, batch_id: str | None = None) -> list[dict[str, Any]]:
    """The batches (one, or every one not yet collected), refreshed from the server."""
    chosen = [load_record(workspace, batch_id)] if batch_id else [r for r in records(workspace) if r["id"]]
    return [asyncio.run(_refresh(settings, workspace, record)) for record in chosen]


async def _refresh(settings: Settings, workspace: Path | None, record: dict[str, Any]) -> dict[str, Any]:
    if record["status"] in FINAL and record.get("collected"):
        return record
    async with transport.client(settings) as client:
        batch = await _call(settings, client.batches.retrieve(record["id"]))
    counts = batch.request_counts
    record.update(
        status=batch.status,
        output_file_id=batch.output_file_id,
        error_file_id=batch.error_file_id,
        counts={"total": counts.total, "completed": counts.completed, "failed": counts.failed} if counts else None,
    )
    _save(workspace, record, settings)
    return record


def collect(settings: Settings, workspace: Path | None, batch_id: str) -> dict[str, Any]:
    """Read a completed batch's replies into the cache and the usage log; its record, with what was read.

    A batch is read once: collected again, its replies are in the cache and its usage logged
    already, so nothing is downloaded or logged twice (the record comes back with `again`).
    """
    record = asyncio.run(_refresh(settings, workspace, load_record(workspace, batch_id)))
    if record.get("collected"):
        return {**record, "again": True}
    if record["status"] != "completed":
        raise LLMError(f"batch {batch_id} is {record['status']}, not completed: collect it when it is "
                       "(kit batch status)")  # fmt: skip
    output, errors = asyncio.run(_files(settings, record))
    cache = Cache(cache_path(workspace), settings.secrets)
    stored, failed = 0, 0
    try:
        for line in [*output.splitlines(), *errors.splitlines()]:
            if not line.strip():
                continue
            item = json.loads(line)
            request = record["requests"].get(item.get("custom_id"))
            if request is None:
                continue
            response = item.get("response") or {}
            body = response.get("body") if isinstance(response.get("body"), dict) else None
            tokens_in, tokens_out, reasoning = usage_of(body) if body else (0, 0, 0)
            cost = (tokens_in * settings.price_input + tokens_out * settings.price_output) / 1e6 * BATCH_DISCOUNT
            entry = LogEntry(
                record["model"], request["kind"], request["key"], item["custom_id"], tokens_in, tokens_out,
                cost=cost, server=record["server"], reasoning_tokens=reasoning,
            )  # fmt: skip
            if response.get("status_code") == 200 and body is not None:
                cache.put(item["custom_id"], request["api"], record["model"], body, record["server"])
                cache.log(entry)
                stored += 1
            else:
                error = (item.get("error") or {}).get("message") or (body or {}).get("error", {}).get("message")
                cache.log(replace(entry, status="error", error=str(error or "failed in the batch")))
                failed += 1
    finally:
        cache.close()
    record.update(collected=True, stored=stored, failed=failed)
    _save(workspace, record, settings)
    return record


async def _files(settings: Settings, record: dict[str, Any]) -> tuple[str, str]:
    async with transport.client(settings) as client:
        texts = []
        for key in ("output_file_id", "error_file_id"):
            file_id = record.get(key)
            texts.append((await _call(settings, client.files.content(file_id))).text if file_id else "")
        return texts[0], texts[1]


def cancel(settings: Settings, workspace: Path | None, batch_id: str) -> dict[str, Any]:
    """Ask the server to cancel a batch; its record."""
    record = load_record(workspace, batch_id)

    async def run() -> Any:
        async with transport.client(settings) as client:
            return await _call(settings, client.batches.cancel(batch_id))

    record["status"] = asyncio.run(run()).status
    _save(workspace, record, settings)
    return record


def batch_settings(config: Config, model: str | None = None) -> Settings:
    """`llm_settings` for a batch, which only OpenAI's and Azure's servers take: without a server
    the error says what the Batch API needs, not what `--llm` does."""
    from kit.llm.settings import NoServer, llm_settings

    try:
        return llm_settings(config, model)
    except NoServer:
        raise LLMError(
            "kit batch needs OpenAI's (or Azure's) Batch API: set OPENAI_API_KEY, or base_url and "
            'server = "azure" under [llm] in kit.toml'
        ) from None


def submit_build(paths: Sequence[Path], workspace: Path | None, choices: dict[str, Any]) -> dict[str, Any]:
    """`kit batch submit`: the drafts `kit build PATHS --llm` would ask for, as one batch."""
    from kit.build import BuildOptions, draft_jobs, load_all, render_kind
    from kit.build import plan as plan_pairs

    options = BuildOptions.for_paths(paths, workspace, llm=True, **choices)
    settings = batch_settings(options.config, options.llm.model)
    pairs, _ = plan_pairs(load_all(paths), options)
    rendered = [(story, render_kind(story, kind, options)) for story, kind in pairs]
    build = {"paths": [str(Path(p).resolve()) for p in paths], "choices": choices}
    return submit(draft_jobs(rendered, options), settings, options.workspace, build)


def collect_build(workspace: Path | None, batch_id: str, force: bool = False) -> tuple[dict[str, Any], Any]:
    """`kit batch collect`: the replies into the cache, then the build they were for (answered from the cache)."""
    from kit.build import BuildOptions, build
    from kit.config import Workspace

    found = Workspace.find(given=workspace)
    record = load_record(found.root, batch_id)
    choices = dict(record["build"]["choices"])
    settings = batch_settings(found.config, choices.get("model"))
    record = collect(settings, found.root, batch_id)
    paths = [Path(p) for p in record["build"]["paths"]]
    options = BuildOptions.for_paths(paths, found.root, llm=True, **{**choices, "force": force or choices.get("force")})
    return record, build(paths, options)
