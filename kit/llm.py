"""Drafting with an LLM: prompts as files, exact requests, sent concurrently, cached and checked.

The `openai` package is imported only inside the functions that talk to a server, so
`import kit.llm`, `kit --help` and template-only builds never load it.

Decisions, in one place:
- Server: `base_url` under `[llm]` in kit.toml wins over `OPENAI_BASE_URL` (the workspace
  names its server; the environment is ambient). The key comes only from `OPENAI_API_KEY`,
  never from kit.toml (which gets committed). A server with no key gets a placeholder key.
- Model parameters: a value set explicitly in kit.toml wins, then the prompt's front matter,
  then kit's defaults. `--model` and `--concurrency` win over both.
- Requests are sent exactly as built (`client.post` with the body), so `--dry-run`, the
  request hash, the cache and the cassettes all see the same bytes. Chat Completions uses
  `max_completion_tokens`; the Responses API is sent with `store: false`.
- Only replies that parsed and validated are cached; failures are retried by a re-run.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import jinja2
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kit import frontmatter
from kit.config import Config, LLMConfig
from kit.errors import ConfigError, LLMError, TemplateError
from kit.llm_cache import Cache, LogEntry, cache_path
from kit.render import get_template, template_names

if TYPE_CHECKING:
    from openai import AsyncOpenAI

PLACEHOLDER_KEY = "kit-local-server"  # a server with no key still needs a Bearer value
MISSING_SERVER = (
    "--llm needs a server: set OPENAI_API_KEY for OpenAI, or OPENAI_BASE_URL "
    "(or base_url under [llm] in kit.toml) for an OpenAI-compatible server"
)
HONEST_RULES = (
    "Use no figure that is not given above: every number, percentage, multiplier, amount of "
    "money, duration and count you write must appear in the story or the derived facts, "
    "written as given. Do not compute new figures, convert units or round differently.",
    'Write a change as "from A to B" or as "N×", never as "+200%".',
    'Half the time is "2× faster" or "50% less time"; no reduction is ever above 100%.',
    "Make no improvement claim without its baseline (the value before).",
    "For a metric that is itself a percentage, give the change in percentage points.",
    "Quote people only from the story's quotes, word for word.",
    "No hype words (revolutionary, game-changing, world-class, seamless, unprecedented).",
)


# ---- Structured output ------------------------------------------------------------------




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


# ---- Prompts ----------------------------------------------------------------------------


class PromptMeta(BaseModel):
    """A prompt file's front matter."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    description: str = ""
    output: Literal["markdown", "json"] = "markdown"
    schema_name: str | None = Field(default=None, alias="schema")
    temperature: float | None = Field(default=None, ge=0, le=2)
    max_output_tokens: int | None = Field(default=None, gt=0)


@dataclass(frozen=True)
class Prompt:
    """A prompt file: its front matter, and the template with a `system` and a `user` block."""

    kind: str
    name: str
    path: Path
    meta: PromptMeta
    template: jinja2.Template = field(repr=False)

    @property
    def schema(self) -> type[BaseModel] | None:
        from kit.kinds import schemas

        return schemas()[self.meta.schema_name] if self.meta.schema_name else None




def prompt_names(workspace: Path | None) -> list[tuple[str, Path]]:
    """Every prompt kind and the file that wins for it, for `kit prompts list`."""
    return [
        (name.removesuffix(".prompt"), path)
        for name, path in template_names("prompts", workspace)
        if name.endswith(".prompt")
    ]


def load_prompt(kind: str, workspace: Path | None) -> Prompt:
    """The prompt for a kind (the workspace's, else the built-in), or TemplateError."""
    name = f"{kind}.prompt"
    template = get_template(name, "prompts", workspace)
    path = Path(template.filename or name)
    front = _front_matter(template.environment, name, path)
    if front is None:  # an override that only extends the built-in keeps its parameters
        front = _front_matter(template.environment, f"builtin:{name}", path) or {}
    try:
        meta = PromptMeta.model_validate(front)
    except ValidationError as err:
        lines = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in err.errors())
        raise TemplateError(f"{path}: front matter: {lines}") from err
    from kit.kinds import schemas

    if meta.output == "json" and meta.schema_name not in schemas():
        known = ", ".join(schemas())
        raise TemplateError(f"{path}: front matter: output json needs schema, one of: {known}")
    return Prompt(kind=kind, name=name, path=path, meta=meta, template=template)


def _front_matter(env: jinja2.Environment, name: str, path: Path) -> dict[str, Any] | None:
    assert env.loader is not None
    source = env.loader.get_source(env, name)[0]
    try:
        front = frontmatter.split(source.replace("\r\n", "\n")).front
    except frontmatter.Unclosed as err:
        raise TemplateError(f"{path}: {err}") from err
    if front is None:
        return None
    try:
        data = yaml.safe_load(front) or {}
    except yaml.YAMLError as err:
        raise TemplateError(f"{path}: front matter is not valid YAML: {err}") from err
    if not isinstance(data, dict):
        raise TemplateError(f"{path}: front matter must be a mapping of settings")
    return data


def render_prompt(prompt: Prompt, variables: dict[str, Any]) -> tuple[str, str]:
    """The system and user messages: each block rendered on its own (front matter is not sent)."""
    template = prompt.template
    try:
        ctx = template.new_context(variables)
        for _ in template.root_render_func(ctx):  # registers the blocks a parent template adds
            pass
        missing = [b for b in ("system", "user") if b not in ctx.blocks]
        if missing:
            raise TemplateError(
                f"{prompt.path}: no {{% block {missing[0]} %}}; a prompt needs both"
            )
        system, user = ("".join(ctx.blocks[b][0](ctx)).strip() for b in ("system", "user"))
    except jinja2.UndefinedError as err:
        raise TemplateError(f"{prompt.path}: {err.message}; check the variable's name") from err
    except jinja2.TemplateError as err:
        raise TemplateError(f"{prompt.path}: {err}") from err
    return system, user


def prompt_variables(kind: str, context: dict[str, Any], skeleton: str) -> dict[str, Any]:
    """What a prompt may use: the view's context, and the facts, rules and skeleton."""
    return {
        **context,
        "kind": kind,
        "context_json": json.dumps(_prune(context), indent=2, ensure_ascii=False),
        "facts": fact_lines(context),
        "rules": list(HONEST_RULES),
        "skeleton": skeleton.strip(),
    }


_RAW = frozenset({"before_value", "after_value", "internal"})


def _prune(value: Any) -> Any:
    """The context without empty values, base-unit numbers or flags the model has no use for."""
    if isinstance(value, dict):
        pruned = {k: _prune(v) for k, v in value.items() if k not in _RAW}
        if isinstance(pruned.get("headline"), dict):  # the headline metric is also in `metrics`
            pruned["headline"] = pruned["headline"].get("name")
        return {k: v for k, v in pruned.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [_prune(v) for v in value]
    return value


def fact_lines(context: dict[str, Any]) -> list[str]:
    """The derived facts, one per line; a newsletter's context holds `stories`."""
    if "stories" in context:
        return [f"{s['title']}: {line}" for s in context["stories"] for line in fact_lines(s)]
    lines = []
    for m in context.get("metrics", []):
        lines.append(f"{m['name']}: {m['phrase']}; change {m['change']}")
        if m.get("points"):
            lines.append(f"{m['name']}: {m['points']} percentage points")
        if m.get("annual"):
            lines.append(f"{m['name']}, per year: {m['annual']}")
    labels = {
        "annual_savings": "Savings per year",
        "annual_time_saved": "Time saved per year",
        "monthly_delay_cost": "Cost of each month of delay",
        "payback_months": "Payback period in months",
        "roi": "Return on investment",
    }
    totals = context.get("totals", {})
    lines += [f"{label}: {totals[key]}" for key, label in labels.items() if totals.get(key)]
    investment = context.get("investment", {})
    for key, label in (("people", "People"), ("duration", "Duration"), ("cost", "Cost"),
                       ("people_months", "People-months")):  # fmt: skip
        if investment.get(key):
            lines.append(f"Investment, {label.lower()}: {investment[key]}")
    return lines


# ---- Settings ---------------------------------------------------------------------------


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


# ---- Requests ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    """One HTTP request exactly as it is sent; the hash keys the cache (no key, no host)."""

    api: Literal["chat", "responses"]
    method: str
    path: str
    body: dict[str, Any]
    request_hash: str
    schema: type[BaseModel] | None = field(default=None, compare=False)


def request_hash(method: str, path: str, body: dict[str, Any]) -> str:
    """sha256 of the canonical JSON of method, path and body."""
    canonical = json.dumps(
        {"method": method, "path": path, "body": body},
        sort_keys=True, separators=(",", ":"), ensure_ascii=False,
    )  # fmt: skip
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _request(
    api: Literal["chat", "responses"], body: dict[str, Any], schema: type[BaseModel] | None
) -> Request:
    path = "/chat/completions" if api == "chat" else "/responses"
    return Request(api, "POST", path, body, request_hash("POST", path, body), schema)


def build_request(
    prompt: Prompt,
    context: dict[str, Any],
    skeleton: str,
    settings: Settings,
    schema: type[BaseModel] | None = None,
) -> Request:
    """The exact request for one draft: Chat Completions or Responses, with structured output."""
    audience = context.get("audience")
    from kit.kinds import KINDS

    kind = KINDS.get(prompt.kind)
    if kind is not None and kind.public and audience != "public":
        raise LLMError(
            f"{prompt.kind} is a public kind: its request needs a public view, not {audience!r}"
        )
    system, user = render_prompt(prompt, prompt_variables(prompt.kind, context, skeleton))
    schema = schema or prompt.schema
    defaults = LLMConfig()
    temperature = _first(settings.temperature, prompt.meta.temperature, defaults.temperature)
    max_tokens = _first(
        settings.max_output_tokens, prompt.meta.max_output_tokens, defaults.max_output_tokens
    )
    body: dict[str, Any] = {"model": settings.model}
    if settings.api == "chat":
        body["messages"] = [
            {"role": "system", "content": system},
            {"role": "user", "content": user},
        ]
        body["temperature"] = temperature
        body["max_completion_tokens"] = max_tokens
        if schema is not None:
            body["response_format"] = {"type": "json_schema", "json_schema": _format(schema)}
    else:
        body["instructions"] = system
        body["input"] = [{"role": "user", "content": user}]
        body["temperature"] = temperature
        body["max_output_tokens"] = max_tokens
        body["store"] = False  # drafts may hold internal facts: nothing kept server-side
        if schema is not None:
            body["text"] = {"format": {"type": "json_schema", **_format(schema)}}
    return _request(settings.api, body, schema)


def _first(*values: Any) -> Any:
    return next(v for v in values if v is not None)


def _format(schema: type[BaseModel]) -> dict[str, Any]:
    return {"name": schema.__name__, "strict": True, "schema": strict_schema(schema)}


def follow_up(request: Request, reply: str, note: str) -> Request:
    """The same conversation with the model's reply and a note on what to fix."""
    turns = [{"role": "assistant", "content": reply}, {"role": "user", "content": note}]
    body = dict(request.body)
    key = "messages" if request.api == "chat" else "input"
    body[key] = [*request.body[key], *turns]
    return _request(request.api, body, request.schema)


def repair_note(problems: Sequence[str], structured: bool) -> str:
    listed = "\n".join(f"- {p}" for p in problems)
    again = "the complete JSON object" if structured else "the complete draft"
    return (
        "A check of your draft against the story found these problems:\n"
        f"{listed}\n\n"
        "Fix every one: use only figures given in the story and the derived facts, and leave "
        f"out anything you cannot support. Reply with {again} again, corrected."
    )


def schema_note(error: str, schema: type[BaseModel]) -> str:
    return (
        f"Your reply is not a valid {schema.__name__} JSON object: {error}\n"
        "Reply again with only the JSON object, matching the schema exactly."
    )


# ---- Replies ----------------------------------------------------------------------------


class RequestFailed(LLMError):
    """One story's request failed; the message says why. Other stories go on."""


class InvalidFields(RequestFailed):
    """A structured reply that does not parse or validate (worth one more try)."""

    def __init__(self, message: str, reply: str):
        super().__init__(message)
        self.reply = reply


@dataclass(frozen=True)
class Reply:
    text: str
    input_tokens: int
    output_tokens: int


def decode_body(status: int, content_type: str, text: str) -> dict[str, Any]:
    """The JSON object a server answered, or RequestFailed saying what came instead."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        snippet = " ".join(text.split())[:80]
        kind = content_type or "no content type"
        raise RequestFailed(
            f"the server answered HTTP {status} with {kind}, not JSON: {snippet!r}"
        ) from None
    if not isinstance(data, dict):
        raise RequestFailed(f"the server answered HTTP {status} with JSON that is not an object")
    return data


def parse_reply(request: Request, data: dict[str, Any]) -> Reply:
    """The reply's text and token counts, or RequestFailed for anything the API does not promise."""
    return _chat_reply(request, data) if request.api == "chat" else _responses_reply(request, data)


def _limit(request: Request) -> str:
    n = request.body.get("max_completion_tokens", request.body.get("max_output_tokens"))
    return (
        f"the reply was cut off at the token limit ({n}); raise max_output_tokens in the "
        "prompt's front matter or under [llm] in kit.toml"
    )


def _chat_reply(request: Request, data: dict[str, Any]) -> Reply:
    choices = data.get("choices")
    if not isinstance(choices, list) or not choices:
        raise RequestFailed("the server returned no choices")
    choice = choices[0]
    message = choice.get("message") or {}
    if message.get("refusal"):
        raise RequestFailed(f"the model refused: {message['refusal']}")
    reason = choice.get("finish_reason")
    if reason == "length":
        raise RequestFailed(_limit(request))
    if reason == "content_filter":
        raise RequestFailed("the reply was withheld by the server's content filter")
    text = message.get("content")
    if not isinstance(text, str) or not text.strip():
        raise RequestFailed(f"the reply has no text (finish_reason {reason!r})")
    usage = data.get("usage") or {}
    return Reply(text, int(usage.get("prompt_tokens", 0)), int(usage.get("completion_tokens", 0)))


def _responses_reply(request: Request, data: dict[str, Any]) -> Reply:
    status = data.get("status")
    if status == "incomplete":
        reason = (data.get("incomplete_details") or {}).get("reason")
        if reason == "max_output_tokens":
            raise RequestFailed(_limit(request))
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


def parse_fields(text: str, schema: type[BaseModel]) -> dict[str, Any]:
    """A structured reply validated against its schema, or InvalidFields saying why."""
    try:
        return schema.model_validate_json(text).model_dump()
    except ValidationError as err:
        first = err.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"]) or "reply"
        count = f" (and {err.error_count() - 1} more)" if err.error_count() > 1 else ""
        raise InvalidFields(f"{where}: {first['msg']}{count}", text) from err


# ---- Sending ----------------------------------------------------------------------------


def _client(settings: Settings) -> AsyncOpenAI:
    import openai

    return openai.AsyncOpenAI(
        api_key=settings.api_key,
        base_url=settings.base_url,
        timeout=settings.timeout,
        max_retries=settings.max_retries,
    )


async def _send(client: AsyncOpenAI, request: Request, settings: Settings) -> dict[str, Any]:
    """POST the body as built; the SDK retries 408/409/429/5xx and timeouts."""
    import httpx2
    import openai

    try:
        response = await client.post(request.path, cast_to=httpx2.Response, body=request.body)
    except openai.APITimeoutError as err:
        attempts = settings.max_retries + 1
        raise RequestFailed(f"no reply within {settings.timeout:g}s ({attempts} attempts)") from err
    except openai.APIConnectionError as err:
        raise RequestFailed(f"cannot reach {settings.server}: {err}") from err
    except openai.APIStatusError as err:
        retried = err.status_code in (408, 409, 429) or err.status_code >= 500
        tries = f" after {settings.max_retries + 1} attempts" if retried else ""
        raise RequestFailed(
            f"the server answered HTTP {err.status_code}{tries}: {_detail(err)}"
        ) from err
    except openai.APIError as err:
        raise RequestFailed(f"the request failed: {err}") from err
    return decode_body(
        response.status_code, response.headers.get("content-type", ""), response.text
    )


def _detail(err: Any) -> str:
    """The server's own error message when it sent one, else the SDK's."""
    body = err.body
    message = body.get("message") if isinstance(body, dict) else None
    return " ".join(str(message or err.message).split())


# ---- Running many drafts ----------------------------------------------------------------


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
    return asyncio.run(
        adraft_all(jobs, settings, workspace, check=check, no_cache=no_cache, progress=progress)
    )


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
        async with _client(settings) as client:
            run = _Run(
                settings, cache, client, asyncio.Semaphore(settings.concurrency), no_cache, check
            )
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
            raise RequestFailed(
                f"the reply is not a valid {request.schema.__name__} twice: {again}"
            ) from again
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
                data = await _send(run.client, request, settings)
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


def _account(
    meta: dict[str, Any], tokens_in: int, tokens_out: int, latency: float, cost: float, cached: bool
) -> None:
    meta["input_tokens"] += tokens_in
    meta["output_tokens"] += tokens_out
    meta["latency"] = round(meta["latency"] + latency, 4)
    meta["cost"] = round(meta["cost"] + cost, 8)
    if not cached:
        meta["requests_sent"] += 1
        meta["cached"] = False


def _cost(settings: Settings, reply: Reply) -> float:
    return (
        reply.input_tokens * settings.price_input + reply.output_tokens * settings.price_output
    ) / 1e6


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
        cached = {
            p.request.request_hash for p in planned if cache and cache.get(p.request.request_hash)
        }
    finally:
        if cache is not None:
            cache.close()
    total = sum(estimate_tokens(p.request) for p in planned)
    out = [
        f"# Dry run: {len(planned)} request(s), none sent "
        f"({len(cached)} would come from the cache)",
        f"# server {settings.server}, api {settings.api}, model {settings.model}, "
        f"concurrency {settings.concurrency}",
        f"# about {total:,} input tokens in all (estimated as characters / 4)",
    ]
    for p in planned:
        body = p.request.body
        limit = body.get("max_completion_tokens", body.get("max_output_tokens"))
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
