"""Sending: the one module that talks to a server, and the only one that imports `openai`.

`openai` and `httpx2` are imported inside these functions, so `import kit.llm`, `kit --help`
and template-only builds never load them. A request's body is posted as built
(`client.post`), not rebuilt by the SDK; the SDK retries 408/409/429/5xx and timeouts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kit.llm.replies import RequestFailed, decode_body
from kit.llm.requests import Request
from kit.llm.settings import Settings

if TYPE_CHECKING:
    from openai import AsyncOpenAI


def client(settings: Settings) -> AsyncOpenAI:
    """An SDK client for the settings' server, with their timeout and retries."""
    import openai

    return openai.AsyncOpenAI(
        api_key=settings.api_key,
        base_url=settings.base_url,
        timeout=settings.timeout,
        max_retries=settings.max_retries,
    )


async def send(client: AsyncOpenAI, request: Request, settings: Settings) -> dict[str, Any]:
    """POST the body as built; the JSON object answered, or RequestFailed saying why not."""
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
        raise RequestFailed(f"the server answered HTTP {err.status_code}{tries}: {_detail(err)}") from err
    except openai.APIError as err:
        raise RequestFailed(f"the request failed: {err}") from err
    return decode_body(response.status_code, response.headers.get("content-type", ""), response.text)


def _detail(err: Any) -> str:
    """The server's own error message when it sent one, else the SDK's."""
    body = err.body
    message = body.get("message") if isinstance(body, dict) else None
    return " ".join(str(message or err.message).split())
