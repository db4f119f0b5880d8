"""Sending: the one module that talks to a server, and the only one that imports `openai`.

`openai` and `httpx2` are imported inside these functions, so `import kit.llm`, `kit --help`
and template-only builds never load them. A request's body is posted as built
(`client.post`), not rebuilt by the SDK.

kit makes the retries itself (the SDK's are off), so every attempt is logged with what it
cost and "after N attempts" counts the attempts made. 408, 409, 429 and 5xx are retried with
backoff (a Retry-After is honoured up to MAX_WAIT, and one beyond it is reported, not
retried); a timeout only where the server's profile allows it (a serial local server would
generate the reply twice). Each attempt has a deadline counted from sending. A bad key, an
unknown model and an exhausted quota are `StopRun`: the run stops at once. A 400 naming a
parameter the model does not take is `Unsupported`, which the run answers by sending the
request again without it. Every message is scrubbed of secrets.
"""

from __future__ import annotations

import asyncio
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kit.llm.adapters import reasoning_advice
from kit.llm.replies import RequestFailed, StopRun, decode_body
from kit.llm.requests import Request
from kit.llm.secrets import scrub
from kit.llm.settings import Settings

if TYPE_CHECKING:
    from openai import AsyncOpenAI

MAX_WAIT = 60.0  # seconds: a longer Retry-After is reported, not slept through
BACKOFF = (0.5, 8.0)  # first delay, most delay (doubling, with jitter)


class Unsupported(RequestFailed):
    """A 400 naming a parameter this model or server does not take."""

    def __init__(self, message: str, param: str, rename: str | None = None):
        super().__init__(message)
        self.param = param
        self.rename = rename


@dataclass(frozen=True)
class Attempt:
    """One failed HTTP attempt, for the usage log."""

    latency: float
    error: str
    data: dict[str, Any] | None = None


OnAttempt = Callable[[Attempt], None]


def client(settings: Settings) -> AsyncOpenAI:
    """An SDK client for the settings' server and profile: no SDK retries (kit makes its own)."""
    import openai

    headers: dict[str, str] = {}
    query: dict[str, str] = {}
    if settings.profile.name == "azure":
        headers["api-key"] = settings.api_key  # Azure's own header; the v1 endpoint also reads Bearer
        if settings.api_version:
            query["api-version"] = settings.api_version
        base = settings.base_url or ""
        if settings.api_version and "/openai/" not in base + "/":
            # a resource URL with an api-version: the deployments route, as the Azure client builds it
            return openai.AsyncAzureOpenAI(
                api_key=settings.api_key, azure_endpoint=base, api_version=settings.api_version,
                timeout=settings.timeout, max_retries=0,
            )  # fmt: skip
    elif settings.api_version:
        query["api-version"] = settings.api_version
    return openai.AsyncOpenAI(
        api_key=settings.api_key,
        base_url=settings.base_url,
        timeout=settings.timeout,
        max_retries=0,
        default_headers=headers or None,
        default_query=query or None,
    )


async def send(
    client: AsyncOpenAI, request: Request, settings: Settings, on_attempt: OnAttempt | None = None
) -> dict[str, Any]:
    """POST the body as built, retrying what is worth retrying; the JSON answer or RequestFailed."""
    attempts = settings.max_retries + 1
    for number in range(1, attempts + 1):
        start = time.perf_counter()
        try:
            return await _attempt(client, request, settings)
        except _Retry as retry:
            error = scrub(retry.said(), settings.secrets)
            if on_attempt is not None:
                on_attempt(Attempt(time.perf_counter() - start, error, retry.data))
            if retry.wait is not None and retry.wait > MAX_WAIT:
                raise RequestFailed(
                    f"{scrub(retry.said(number), settings.secrets)}; the server asks to wait {retry.wait:g}s "
                    f"before another attempt, longer than kit waits ({MAX_WAIT:g}s): run again later"
                ) from None
            if number == attempts or not retry.retry:
                raise RequestFailed(scrub(retry.said(number), settings.secrets)) from None
            await asyncio.sleep(retry.wait if retry.wait is not None else _backoff(number))
        except RequestFailed as err:
            message = scrub(str(err), settings.secrets)
            if on_attempt is not None:
                on_attempt(Attempt(time.perf_counter() - start, message))
            if isinstance(err, Unsupported):
                raise Unsupported(message, err.param, err.rename) from None
            raise type(err)(message) from None
    raise AssertionError("unreachable")  # pragma: no cover


def _tries(number: int) -> str:
    return f" after {number} attempts" if number > 1 else ""


def _backoff(number: int) -> float:
    first, most = BACKOFF
    return min(first * 2 ** (number - 1), most) * (1 - 0.25 * random.random())


class _Retry(Exception):
    """A failed attempt that may be worth another: `head` and `detail` frame "after N attempts"."""

    def __init__(
        self, head: str, retry: bool, wait: float | None = None, data: dict[str, Any] | None = None,
        detail: str = "",
    ):  # fmt: skip
        super().__init__(head)
        self.head = head
        self.detail = detail
        self.retry = retry
        self.wait = wait
        self.data = data

    def said(self, attempts: int = 1) -> str:
        return f"{self.head}{_tries(attempts)}{': ' + self.detail if self.detail else ''}"


async def _attempt(client: AsyncOpenAI, request: Request, settings: Settings) -> dict[str, Any]:
    import httpx2
    import openai

    try:
        async with asyncio.timeout(settings.timeout):  # from sending: kit never queues a request at the server
            response = await client.post(request.path, cast_to=httpx2.Response, body=request.body)
    except (TimeoutError, openai.APITimeoutError) as err:
        why = f"no reply within {settings.timeout:g}s"
        thinks = reasoning_advice(settings.reasoning_effort, settings.effort_set) if settings.reasoning else ""
        if not settings.profile.retry_timeouts:
            why += (f" (not sent again: {settings.profile.label} would generate it twice; raise timeout under "
                    f"[llm]{thinks})")  # fmt: skip
            raise _Retry(why, False) from err
        raise _Retry(why, True, detail=f"raise timeout under [llm]{thinks}") from err
    except openai.APIConnectionError as err:
        cause = str(err).rstrip(". ") or "connection error"
        here = settings.profile.local or re.match(r"https?://(?:localhost|127\.|\[::1\])", settings.server)
        where = "is the server running, and is base_url right?" if here else "is the network up?"
        raise _Retry(f"cannot reach {settings.server}", True, detail=f"{cause.lower()}; {where}") from err
    except openai.APIStatusError as err:
        _status_error(err, settings)
    except openai.APIError as err:
        raise RequestFailed(f"the request failed: {err}") from err
    return decode_body(response.status_code, response.headers.get("content-type", ""), response.text)


def _status_error(err: Any, settings: Settings) -> None:
    """Raise what an error status means for kit: stop the run, drop a parameter, retry, or fail the story."""
    status, code, param = err.status_code, err.code or "", err.param or ""
    detail = _detail(err)
    said = f"the server answered HTTP {status}{f' {code}' if code else ''}: {detail}"
    lowered = detail.lower()
    if status == 401:
        where = "AZURE_OPENAI_API_KEY (or OPENAI_API_KEY)" if settings.profile.name == "azure" else "OPENAI_API_KEY"
        raise StopRun(f"{said}; set {where} to a valid key for {settings.server}")
    if status == 404 and (code in ("model_not_found", "DeploymentNotFound") or "model" in lowered
                          or "deployment" in lowered):  # fmt: skip
        what = "the deployment's name" if settings.profile.name == "azure" else "a model the server has"
        raise StopRun(f'{said}; model "{settings.model}" is not available: set model under [llm] in kit.toml '
                      f"to {what}, or pass --model")  # fmt: skip
    if status == 429 and (code == "insufficient_quota" or "quota" in lowered and "exceeded your" in lowered):
        raise StopRun(f"{said}; the account behind the key has no quota left: add credit or raise its limits "
                      "(not retried: it would fail the same way)")  # fmt: skip
    if status == 400 and (code in ("unsupported_parameter", "unsupported_value") or "unsupported" in lowered):
        name = param or _named_param(detail)
        if name:
            rename = "max_completion_tokens" if name == "max_tokens" and "max_completion_tokens" in detail else None
            raise Unsupported(said, name, rename)
    retry = status in (408, 409, 429) or status >= 500
    wait = _retry_after(err.response.headers)
    data = err.body if isinstance(err.body, dict) else None
    raise _Retry(f"the server answered HTTP {status}", retry, wait if retry else None, data, detail)


def _named_param(detail: str) -> str:
    for name in ("temperature", "reasoning_effort", "max_tokens", "max_completion_tokens", "response_format",
                 "top_p", "reasoning"):  # fmt: skip
        if f"'{name}'" in detail or f"`{name}`" in detail or f'"{name}"' in detail:
            return name
    return ""


def _retry_after(headers: Any) -> float | None:
    for name, divisor in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            return max(0.0, float(value) / divisor)
        except ValueError:
            continue
    return None


def _detail(err: Any) -> str:
    """The server's own error message when it sent one, else the SDK's."""
    body = err.body
    message = body.get("message") if isinstance(body, dict) else None
    return " ".join(str(message or err.message).split())
