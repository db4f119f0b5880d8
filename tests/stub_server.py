"""A small OpenAI-compatible server, standard library only, for cassettes and benchmarks.

It answers `POST /v1/chat/completions` and `POST /v1/responses` on 127.0.0.1 (an ephemeral
port) with bodies shaped as the API description requires (`refusal`, `logprobs`, `usage`,
...); tests/test_cassettes_spec.py holds every recorded body to that description.

Behaviours, chosen per request (first match wins):
1. a rule: `stub.rule("some text in the body", "500")`;
2. the next planned one: `stub.plan("429", "ok")`;
3. the default: `StubServer(default="ok")`.

ok          a reply: the next text from `stub.say(...)`, else a valid talk JSON object when
            the request asks for structured output, else DEFAULT_TEXT
429 / 500   an error body (with `retry-after-ms: 1`, so the SDK's retries are quick)
html        status 200 with an HTML page, as a misconfigured gateway sends
refusal     the model refuses
length      the reply is cut off at the token limit
bad_json    structured output that is not JSON
empty       no choices (chat) or no output (responses)

Run it by hand for a try of `kit build --llm`:
    python tests/stub_server.py --port 8000 --latency 0.4
    OPENAI_BASE_URL=http://127.0.0.1:8000/v1 kit build examples/ --llm
"""

from __future__ import annotations

import argparse
import contextlib
import json
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

CREATED = 1767225600  # fixed, so re-recorded cassettes differ only where behaviour does
DEFAULT_TEXT = (
    "# Model deploys from six weeks to two days\n\n"
    "Deployment lead time went from 6 weeks to 2 days: 95% less time, 21× faster.\n"
)
TALK_FIELDS = {
    "title": "From six weeks to two days: shipping models without the wait",
    "elevator_pitch": "How one platform team cut deployment lead time from 6 weeks to 2 days.",
    "abstract": "Deploys took weeks. We show what we changed and what it took to get there.",
    "outline": [
        {"minutes": 5, "title": "Why deploys took weeks", "points": None},
        {"minutes": 15, "title": "What we built", "points": ["Self-service pipeline", "Checks"]},
        {"minutes": 10, "title": "Results and lessons", "points": None},
    ],
    "takeaways": [
        "Measure lead time before you change anything.",
        "Automate the slowest handoff first.",
        "Make the safe path the easy path.",
    ],
    "level": "intermediate",
    "format": "talk",
    "reviewer_notes": "The speaker led the platform work described.",
}
SOCIAL_FIELDS = {
    "linkedin": "We took deployment lead time from 6 weeks to 2 days.\n\nDeploys took weeks. Now they do not.",
    "thread": [
        "We took deployment lead time from 6 weeks to 2 days.",
        "Deploys took weeks. Here is what we changed.",
    ],
}
STRUCTURED = {"TalkFields": TALK_FIELDS, "SocialFields": SOCIAL_FIELDS}  # by the schema's name
ERRORS = {
    "429": (429, "requests", "rate_limit_exceeded", "Rate limit reached; please try again."),
    "500": (500, "server_error", None, "The server had an error while processing your request."),
}
HTML_PAGE = (
    "<!DOCTYPE html><html><head><title>Sign in</title></head>"
    "<body><h1>Gateway login</h1></body></html>"
)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64  # http.server's 5 is too few for a burst of concurrent connects


class StubServer:
    """Start with `with StubServer() as stub:`; `stub.base_url` is the OpenAI base URL."""

    def __init__(self, default: str = "ok", latency: float = 0.0, port: int = 0):
        self.default = default
        self.latency = latency
        self.requests: list[dict[str, Any]] = []  # every request received: path and body
        self._planned: deque[str] = deque()
        self._texts: deque[str] = deque()
        self._rules: list[tuple[str, str]] = []
        self._lock = threading.Lock()
        self._count = 0
        self._server = _Server(("127.0.0.1", port), _handler(self))
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), daemon=True
        )

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def plan(self, *behaviours: str) -> StubServer:
        self._planned.extend(behaviours)
        return self

    def say(self, *texts: str) -> StubServer:
        self._texts.extend(texts)
        return self

    def rule(self, needle: str, behaviour: str) -> StubServer:
        self._rules.append((needle, behaviour))
        return self

    def __enter__(self) -> StubServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def answer(self, path: str, raw: bytes) -> tuple[int, str, bytes, dict[str, str]]:
        """Status, content type, body and extra headers for one request."""
        body = json.loads(raw)
        with self._lock:
            self.requests.append({"path": path, "body": body})
            self._count += 1
            n = self._count
            behaviour = self._choose(raw.decode("utf-8"))
            text = self._texts.popleft() if behaviour == "ok" and self._texts else None
        if behaviour in ERRORS:
            status, kind, code, message = ERRORS[behaviour]
            error = {"error": {"message": message, "type": kind, "param": None, "code": code}}
            return status, "application/json", _json(error), {"retry-after-ms": "1"}
        if behaviour == "html":
            return 200, "text/html; charset=utf-8", HTML_PAGE.encode(), {}
        if path.endswith("/chat/completions"):
            reply = chat_reply(body, behaviour, text, n)
        elif path.endswith("/responses"):
            reply = responses_reply(body, behaviour, text, n)
        else:
            error = {"error": {"message": f"Unknown path {path}", "type": "invalid_request_error",
                               "param": None, "code": None}}  # fmt: skip
            return 404, "application/json", _json(error), {}
        return 200, "application/json", _json(reply), {}

    def _choose(self, raw: str) -> str:
        for needle, behaviour in self._rules:
            if needle in raw:
                return behaviour
        return self._planned.popleft() if self._planned else self.default


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def _structured(body: dict[str, Any]) -> dict[str, Any] | None:
    """The object a structured request asks for, by its schema's name (chat or responses)."""
    chat = (body.get("response_format") or {}).get("json_schema") or {}
    responses = (body.get("text") or {}).get("format") or {}
    name = chat.get("name") or responses.get("name")
    return STRUCTURED.get(name, TALK_FIELDS) if name else None


def _reply_text(body: dict[str, Any], behaviour: str, text: str | None) -> str:
    if behaviour == "bad_json":
        return '{"title": "From six weeks to two days", "abstract": '
    if text is not None:
        return text
    wanted = _structured(body)
    return json.dumps(wanted, ensure_ascii=False) if wanted is not None else DEFAULT_TEXT


def _tokens(body: dict[str, Any], text: str) -> tuple[int, int]:
    return len(json.dumps(body)) // 4, max(1, len(text) // 4)


def chat_reply(body: dict[str, Any], behaviour: str, text: str | None, n: int) -> dict[str, Any]:
    """A `CreateChatCompletionResponse`."""
    content: str | None = _reply_text(body, behaviour, text)
    refusal = None
    finish = "stop"
    if behaviour == "refusal":
        content, refusal = None, "I'm sorry, I can't help with that request."
    elif behaviour == "length":
        content, finish = (content or "")[:40], "length"
    tokens_in, tokens_out = _tokens(body, content or refusal or "")
    choices = [] if behaviour == "empty" else [{
        "index": 0,
        "message": {"role": "assistant", "content": content, "refusal": refusal, "annotations": []},
        "logprobs": None,
        "finish_reason": finish,
    }]  # fmt: skip
    return {
        "id": f"chatcmpl-stub{n:04d}",
        "object": "chat.completion",
        "created": CREATED,
        "model": body["model"],
        "choices": choices,
        "usage": {
            "prompt_tokens": tokens_in,
            "completion_tokens": tokens_out,
            "total_tokens": tokens_in + tokens_out,
        },
        "service_tier": "default",
        "system_fingerprint": "fp_stub",
    }


def responses_reply(
    body: dict[str, Any], behaviour: str, text: str | None, n: int
) -> dict[str, Any]:
    """A `Response`."""
    content_text = _reply_text(body, behaviour, text)
    status, incomplete = "completed", None
    if behaviour == "refusal":
        part: dict[str, Any] = {
            "type": "refusal",
            "refusal": "I'm sorry, I can't help with that request.",
        }
    else:
        if behaviour == "length":
            content_text = content_text[:40]
            status, incomplete = "incomplete", {"reason": "max_output_tokens"}
        part = {"type": "output_text", "text": content_text, "annotations": [], "logprobs": []}
    message = {"id": f"msg_stub{n:04d}", "type": "message", "status": status, "role": "assistant",
               "content": [part]}  # fmt: skip
    tokens_in, tokens_out = _tokens(body, content_text)
    return {
        "id": f"resp_stub{n:04d}",
        "object": "response",
        "created_at": CREATED,
        "status": status,
        "completed_at": CREATED + 1 if status == "completed" else None,
        "error": None,
        "incomplete_details": incomplete,
        "instructions": body.get("instructions"),
        "max_output_tokens": body.get("max_output_tokens"),
        "model": body["model"],
        "output": [] if behaviour == "empty" else [message],
        "parallel_tool_calls": True,
        "previous_response_id": None,
        "reasoning": None,
        "store": body.get("store", True),
        "temperature": body.get("temperature", 1.0),
        "text": body.get("text", {"format": {"type": "text"}}),
        "tool_choice": "auto",
        "tools": [],
        "top_p": 1.0,
        "truncation": "disabled",
        "usage": {
            "input_tokens": tokens_in,
            "input_tokens_details": {"cached_tokens": 0, "cache_write_tokens": 0},
            "output_tokens": tokens_out,
            "output_tokens_details": {"reasoning_tokens": 0},
            "total_tokens": tokens_in + tokens_out,
        },
        "metadata": {},
    }


def _handler(stub: StubServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # else headers and body in two writes wait on delayed ACKs

        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            raw = self.rfile.read(int(self.headers.get("content-length", 0)))
            if stub.latency:
                time.sleep(stub.latency)
            status, content_type, payload, extra = stub.answer(self.path, raw)
            self.send_response(status)
            self.send_header("content-type", content_type)
            self.send_header("content-length", str(len(payload)))
            self.send_header("x-request-id", "req_stub")
            for name, value in extra.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:  # quiet: tests read the results
            pass

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser(description="Run the OpenAI-compatible stub server.")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds per request")
    parser.add_argument("--default", default="ok", help="behaviour for every request")
    args = parser.parse_args()
    with StubServer(default=args.default, latency=args.latency, port=args.port) as stub:
        print(f"stub server on {stub.base_url} (Ctrl-C to stop)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
