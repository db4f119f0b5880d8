"""A small OpenAI-compatible server, standard library only, for cassettes and benchmarks.

It answers `POST /v1/chat/completions` and `POST /v1/responses` on 127.0.0.1 (an ephemeral
port) with bodies shaped as the API description requires (`refusal`, `logprobs`, `usage`,
...); tests/test_cassettes_spec.py holds every recorded body to that description.

Behaviours, chosen per request (first match wins):
1. a rule: `stub.rule("some text in the body", "500")`;
2. the next planned one: `stub.plan("429", "ok")`;
3. the default: `StubServer(default="ok")`.

ok          a reply: the next text from `stub.say(...)`, else a valid talk JSON object when
            the request asks for structured output (or names a schema in its prompt), else DEFAULT_TEXT
429 / 500   an error body (with `retry-after-ms: 1`, so retries are quick)
429_long    a rate limit whose Retry-After (300 s) is longer than any client waits
401         OpenAI's "Incorrect API key provided: sk-…abcd" (the key masked as OpenAI masks it)
404_model   OpenAI's model_not_found
quota       OpenAI's 429 insufficient_quota
html        status 200 with an HTML page, as a misconfigured gateway sends
refusal     the model refuses
length      the reply is cut off at the token limit
bad_json    structured output that is not JSON
empty       no choices (chat) or no output (responses)
chatty      Markdown wrapped as chat models do: a preamble, a ```markdown fence, its own front matter
fenced      structured output wrapped in a ```json fence after a sentence
long_title  a talk whose title is far over any CFP's limit (a good one when asked again)

Server modes (`StubServer(mode=...)`), applied before the behaviour:
reasoning   an OpenAI reasoning model: 400 `unsupported_value` for a temperature other than 1
            and `unsupported_parameter` for max_tokens, with OpenAI's own error bodies; it spends
            reasoning tokens (by reasoning_effort; medium when none is sent) out of
            max_completion_tokens, and a budget too small for them ends at `length` with no text
ollama      Ollama's OpenAI endpoint: reads only max_tokens, ignores response_format (no
            structured output) and answers JSON inside a ```json fence
`serial=True` generates one reply at a time, as a local server does (`stub.generations` counts them).
`markdown="..."` is the reply to every Markdown request instead of DEFAULT_TEXT (a benchmark's
draft-sized post).

Run it by hand for a try of `kit build --llm`:
    python tests/stub_server.py --port 8000 --latency 0.4
    OPENAI_BASE_URL=http://127.0.0.1:8000/v1 kit build examples/ --llm
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
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
NEWSLETTER_INTRO = "This issue: ML Platform took deployment lead time from 6 weeks to 2 days."
STRUCTURED = {"TalkFields": TALK_FIELDS, "SocialFields": SOCIAL_FIELDS, "NewsletterFields": {}}  # by schema name
ERRORS = {
    "429": (429, "requests", "rate_limit_exceeded", "Rate limit reached; please try again."),
    "429_long": (429, "requests", "rate_limit_exceeded", "Rate limit reached for requests per day."),
    "500": (500, "server_error", None, "The server had an error while processing your request."),
    "404_model": (404, "invalid_request_error", "model_not_found",
                  "The model `{model}` does not exist or you do not have access to it."),
    "quota": (429, "insufficient_quota", "insufficient_quota",
              "You exceeded your current quota, please check your plan and billing details. For more "
              "information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors."),
    "401": (401, "invalid_request_error", "invalid_api_key",
            "Incorrect API key provided: {masked}. You can find your API key at "
            "https://platform.openai.com/account/api-keys."),
}  # fmt: skip
REASONING_TOKENS = {"none": 0, "minimal": 150, "low": 1800, "medium": 6000, "high": 15000}
LONG_TITLE = "From six weeks to two days: " + "how a platform team shipped models without waiting " * 3
HTML_PAGE = "<!DOCTYPE html><html><head><title>Sign in</title></head><body><h1>Gateway login</h1></body></html>"


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64  # http.server's 5 is too few for a burst of concurrent connects


class StubServer:
    """Start with `with StubServer() as stub:`; `stub.base_url` is the OpenAI base URL."""

    def __init__(
        self, default: str = "ok", latency: float = 0.0, port: int = 0, mode: str = "openai", serial: bool = False,
        markdown: str | None = None,
    ):  # fmt: skip
        self.default = default
        self.markdown = markdown  # the reply to every Markdown request ("ok", nothing said): else DEFAULT_TEXT
        self.latency = latency
        self.mode = mode
        self.serial = serial
        self.generations = 0  # replies generated (a serial server's work)
        self.generating = threading.Lock()  # held while generating, when serial
        self.requests: list[dict[str, Any]] = []  # every request received: path, body and headers
        self.files: dict[str, tuple[bytes, str, str]] = {}  # Batch API files: content, name, purpose
        self.batches: dict[str, dict[str, Any]] = {}
        self.batch_lines: list[dict[str, Any]] = []  # every request line of every batch input file
        self._planned: deque[str] = deque()
        self._texts: deque[str] = deque()
        self._rules: list[tuple[str, str]] = []
        self._lock = threading.Lock()
        self._count = 0
        self._server = _Server(("127.0.0.1", port), _handler(self))
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

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

    def answer(
        self, path: str, raw: bytes, headers: dict[str, str] | None = None
    ) -> tuple[int, str, bytes, dict[str, str]]:
        """Status, content type, body and extra headers for one request."""
        headers = headers or {}
        route = path.split("?", 1)[0]
        if route.endswith("/files") or "/batches" in route:
            return self.batch_api("POST", route, raw, headers)
        body = json.loads(raw)
        with self._lock:
            self.requests.append({"path": path, "body": body, "headers": headers})
            self._count += 1
            n = self._count
            behaviour = self._choose(raw.decode("utf-8"))
            text = self._texts.popleft() if behaviour == "ok" and self._texts else None
        path = path.split("?", 1)[0]
        if behaviour in ERRORS:
            status, kind, code, message = ERRORS[behaviour]
            message = message.format(model=body.get("model"), masked=_masked(headers))
            error = {"error": {"message": message, "type": kind, "param": None, "code": code}}
            wait = {"retry-after": "300"} if behaviour == "429_long" else {"retry-after-ms": "1"}
            return status, "application/json", _json(error), wait
        if behaviour == "html":
            return 200, "text/html; charset=utf-8", HTML_PAGE.encode(), {}
        if self.mode == "reasoning":
            refused = _reasoning_refusal(body)
            if refused is not None:
                return 400, "application/json", _json(refused), {}
        if self.mode == "ollama":
            body = {k: v for k, v in body.items() if k not in ("max_completion_tokens", "response_format")}
            behaviour = "fenced" if behaviour == "ok" and _wants_json(body) else behaviour
        if text is None and behaviour == "ok" and self.markdown is not None and not _wants_json(body):
            text = self.markdown
        if path.endswith("/chat/completions"):
            reply = chat_reply(body, behaviour, text, n, self.mode)
        elif path.endswith("/responses"):
            reply = responses_reply(body, behaviour, text, n)
        else:
            error = {"error": {"message": f"Unknown path {path}", "type": "invalid_request_error",
                               "param": None, "code": None}}  # fmt: skip
            return 404, "application/json", _json(error), {}
        return 200, "application/json", _json(reply), {}

    # ---- the Batch API: /v1/files (multipart upload, content) and /v1/batches -------------

    def batch_api(
        self, method: str, route: str, raw: bytes, headers: dict[str, str]
    ) -> tuple[int, str, bytes, dict[str, str]]:
        """Files and batches; a batch is run at once, and reads as completed from its first GET."""
        body: Any = raw if route.endswith("/files") else (json.loads(raw) if raw else None)
        with self._lock:
            self.requests.append({"path": route, "method": method, "headers": headers, "body": body})
        parts = route.rstrip("/").split("/")
        if method == "POST" and route.endswith("/files"):
            fields = multipart_fields(headers.get("content-type", ""), raw)
            file_id = f"file-stub{len(self.files) + 1:04d}"
            name, content = fields["file"]
            self.files[file_id] = (content, name or "upload.jsonl", fields["purpose"][1].decode())
            return 200, "application/json", _json(file_object(file_id, *self._file(file_id))), {}
        if method == "GET" and parts[-1] == "content" and parts[-2] in self.files:
            return 200, "application/octet-stream", self.files[parts[-2]][0], {}
        if method == "POST" and route.endswith("/batches"):
            request = json.loads(raw)
            batch_id = f"batch_stub{len(self.batches) + 1:04d}"
            self.batches[batch_id] = self._run_batch(batch_id, request)
            return 200, "application/json", _json(self.batches[batch_id]), {}
        if parts[-1] == "cancel" and parts[-2] in self.batches:
            batch = self.batches[parts[-2]]
            batch.update(status="cancelled", cancelled_at=CREATED + 5)
            return 200, "application/json", _json(batch), {}
        if method == "GET" and parts[-1] in self.batches:
            batch = self.batches[parts[-1]]
            if batch["status"] == "validating":
                batch.update(status="completed", in_progress_at=CREATED + 1, finalizing_at=CREATED + 2,
                             completed_at=CREATED + 3)  # fmt: skip
            return 200, "application/json", _json(batch), {}
        error = {"error": {"message": f"No such object: {route}", "type": "invalid_request_error", "param": None,
                           "code": None}}  # fmt: skip
        return 404, "application/json", _json(error), {}

    def _file(self, file_id: str) -> tuple[int, str, str]:
        content, name, purpose = self.files[file_id]
        return len(content), name, purpose

    def _run_batch(self, batch_id: str, request: dict[str, Any]) -> dict[str, Any]:
        lines = self.files[request["input_file_id"]][0].decode("utf-8").splitlines()
        out = []
        for n, line in enumerate(filter(None, lines), 1):
            item = json.loads(line)
            self.batch_lines.append(item)
            behaviour = self._choose(json.dumps(item["body"], ensure_ascii=False))
            response: dict[str, Any]
            if behaviour in ERRORS:
                status, kind, code, message = ERRORS[behaviour]
                error = {"message": message.format(model=item["body"].get("model"), masked="sk-****"),
                         "type": kind, "param": None, "code": code}  # fmt: skip
                response = {"status_code": status, "request_id": f"req_stub{n:04d}", "body": {"error": error}}
            else:
                text = self._texts.popleft() if self._texts else None
                response = {"status_code": 200, "request_id": f"req_stub{n:04d}",
                            "body": chat_reply(item["body"], behaviour, text, n, self.mode)}  # fmt: skip
            out.append({"id": f"batch_req_stub{n:04d}", "custom_id": item["custom_id"], "response": response,
                        "error": None})  # fmt: skip
        output_id = f"file-stub{len(self.files) + 1:04d}"
        data = "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in out).encode("utf-8")
        self.files[output_id] = (data, f"{batch_id}_output.jsonl", "batch_output")
        failed = sum(1 for o in out if o["response"]["status_code"] != 200)
        batch = {
            "id": batch_id, "object": "batch", "endpoint": request["endpoint"],
            "input_file_id": request["input_file_id"], "completion_window": request["completion_window"],
            "status": "validating", "output_file_id": output_id,
            "created_at": CREATED, "expires_at": CREATED + 86400,
            "request_counts": {"total": len(out), "completed": len(out) - failed, "failed": failed},
            "metadata": request.get("metadata"),
        }  # fmt: skip
        return {k: v for k, v in batch.items() if v is not None}  # the API leaves out what has not happened

    def _choose(self, raw: str) -> str:
        for needle, behaviour in self._rules:
            if needle in raw:
                return behaviour
        return self._planned.popleft() if self._planned else self.default


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def multipart_fields(content_type: str, raw: bytes) -> dict[str, tuple[str | None, bytes]]:
    """A multipart/form-data body's fields: name -> (file name, bytes)."""
    from email.parser import BytesParser
    from email.policy import HTTP

    message = BytesParser(policy=HTTP).parsebytes(f"content-type: {content_type}\r\n\r\n".encode() + raw)
    fields = {}
    for part in message.iter_parts():  # type: ignore[attr-defined]
        name = part.get_param("name", header="content-disposition")
        fields[name] = (part.get_filename(), part.get_payload(decode=True))
    return fields


def file_object(file_id: str, size: int, name: str, purpose: str) -> dict[str, Any]:
    """An `OpenAIFile`."""
    return {"id": file_id, "object": "file", "bytes": size, "created_at": CREATED, "filename": name,
            "purpose": purpose, "status": "processed"}  # fmt: skip


def _masked(headers: dict[str, str]) -> str:
    """The key as OpenAI's 401 message shows it: its first 8 and last 4 characters."""
    key = headers.get("authorization", "").removeprefix("Bearer ").strip() or headers.get("api-key", "")
    return f"{key[:8]}{'*' * max(0, len(key) - 12)}{key[-4:]}" if len(key) > 12 else "sk-****"


def _reasoning_refusal(body: dict[str, Any]) -> dict[str, Any] | None:
    """OpenAI's 400 for a parameter a reasoning model does not take, word for word."""
    if "temperature" in body and body["temperature"] != 1:
        message = (f"Unsupported value: 'temperature' does not support {body['temperature']} with this model. "
                   "Only the default (1) value is supported.")  # fmt: skip
        return {"error": {"message": message, "type": "invalid_request_error", "param": "temperature",
                          "code": "unsupported_value"}}  # fmt: skip
    if "max_tokens" in body:
        message = ("Unsupported parameter: 'max_tokens' is not supported with this model. "
                   "Use 'max_completion_tokens' instead.")  # fmt: skip
        return {"error": {"message": message, "type": "invalid_request_error", "param": "max_tokens",
                          "code": "unsupported_parameter"}}  # fmt: skip
    return None


def _schema_name(body: dict[str, Any]) -> str | None:
    chat = (body.get("response_format") or {}).get("json_schema") or {}
    responses = (body.get("text") or {}).get("format") or {}
    name = chat.get("name") or responses.get("name")
    if name:
        return str(name)
    prompt = json.dumps(body.get("messages") or body.get("input") or [])
    for known in STRUCTURED:  # the schema in the prompt, for servers without structured output
        if f"({known})" in prompt:
            return known
    return None


def _wants_json(body: dict[str, Any]) -> bool:
    return _schema_name(body) is not None


def _structured(body: dict[str, Any]) -> dict[str, Any] | None:
    """The object a structured request asks for, by its schema's name (chat or responses)."""
    name = _schema_name(body)
    if name == "NewsletterFields":  # a blurb for each story the prompt lists by slug
        prompt = json.dumps(body.get("messages") or body.get("input") or [], ensure_ascii=False)
        listed = prompt.split("Stories, by slug:", 1)[-1].split("## The stories", 1)[0]
        slugs = re.findall(r"\\n- ([a-z0-9][a-z0-9-]*): ", listed)
        blurbs = [{"slug": slug, "text": "Deployment lead time went from 6 weeks to 2 days."} for slug in slugs]
        return {"intro": NEWSLETTER_INTRO, "blurbs": blurbs}
    return STRUCTURED.get(name, TALK_FIELDS) if name else None


def _reply_text(body: dict[str, Any], behaviour: str, text: str | None) -> str:
    if behaviour == "bad_json":
        return '{"title": "From six weeks to two days", "abstract": '
    if behaviour == "chatty":
        return ("Here is the finished draft:\n\n```markdown\n---\ntitle: Deploys\ndate: 2024-01-01\n---\n"
                + (text or DEFAULT_TEXT) + "```\n")  # fmt: skip
    if behaviour == "long_title":
        return json.dumps({**TALK_FIELDS, "title": LONG_TITLE.strip()}, ensure_ascii=False)
    if text is not None:
        return text
    wanted = _structured(body)
    if behaviour == "fenced":
        wanted = wanted if wanted is not None else TALK_FIELDS
        return "Sure! Here is the JSON:\n```json\n" + json.dumps(wanted, ensure_ascii=False, indent=2) + "\n```"
    return json.dumps(wanted, ensure_ascii=False) if wanted is not None else DEFAULT_TEXT


def _tokens(body: dict[str, Any], text: str) -> tuple[int, int]:
    return len(json.dumps(body)) // 4, max(1, len(text) // 4)


def chat_reply(body: dict[str, Any], behaviour: str, text: str | None, n: int, mode: str = "openai") -> dict[str, Any]:
    """A `CreateChatCompletionResponse`."""
    content: str | None = _reply_text(body, behaviour, text)
    refusal = None
    finish = "stop"
    reasoning = 0
    if mode == "reasoning":  # thinking comes out of the same budget, before any text
        reasoning = REASONING_TOKENS[body.get("reasoning_effort") or "medium"]
        budget = body.get("max_completion_tokens") or 10**9
        if reasoning + _tokens(body, content or "")[1] > budget:
            content, finish, reasoning = "", "length", budget
    if behaviour == "refusal":
        content, refusal = None, "I'm sorry, I can't help with that request."
    elif behaviour == "length":
        content, finish = (content or "")[:40], "length"
    tokens_in, tokens_out = _tokens(body, content or refusal or "")
    tokens_out = tokens_out + reasoning if content else max(reasoning, tokens_out)
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
            **({"completion_tokens_details": {"reasoning_tokens": reasoning}} if mode == "reasoning" else {}),
        },
        "service_tier": "default",
        "system_fingerprint": "fp_stub",
    }


def responses_reply(body: dict[str, Any], behaviour: str, text: str | None, n: int) -> dict[str, Any]:
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
            headers = {k.lower(): v for k, v in self.headers.items()}
            if stub.serial:  # one generation at a time: the others wait their turn, as on a local server
                with stub.generating:
                    time.sleep(stub.latency)
                    status, content_type, payload, extra = stub.answer(self.path, raw, headers)
                    stub.generations += status == 200
            else:
                if stub.latency:
                    time.sleep(stub.latency)
                status, content_type, payload, extra = stub.answer(self.path, raw, headers)
            try:
                self.send_response(status)
                self.send_header("content-type", content_type)
                self.send_header("content-length", str(len(payload)))
                self.send_header("x-request-id", "req_stub")
                for name, value in extra.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up waiting (a timeout test)
                self.close_connection = True

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming): the Batch API's reads
            headers = {k.lower(): v for k, v in self.headers.items()}
            status, content_type, payload, _ = stub.batch_api("GET", self.path.split("?", 1)[0], b"", headers)
            self.send_response(status)
            self.send_header("content-type", content_type)
            self.send_header("content-length", str(len(payload)))
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
    parser.add_argument("--mode", default="openai", help="openai, reasoning or ollama")
    parser.add_argument("--serial", action="store_true", help="one generation at a time, as a local server")
    args = parser.parse_args()
    with StubServer(default=args.default, latency=args.latency, port=args.port, mode=args.mode,
                    serial=args.serial) as stub:  # fmt: skip
        print(f"stub server on {stub.base_url} (Ctrl-C to stop)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
