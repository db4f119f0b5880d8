"""Every recorded exchange is one the real API would accept and could send.

Each cassette's request body is validated against the request schema of its endpoint and
each response body against the response schema (or `ErrorResponse` for an error status),
from the OpenAI API description in ../shared/specs/openai-openapi.json. So the stub server
the cassettes were recorded against cannot drift from the API: a body that leaves out a
field the API requires (`refusal`, `logprobs`, ...) fails here. The Batch API's exchanges
are held to it as well: the upload (`CreateFileRequest`, and every request line of its file
against its endpoint), the batch (`CreateBatchRequest`, `Batch`), the file (`OpenAIFile`) and
every reply line of the batch's output file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.cassettes_support import SPEC, problems
from tests.stub_server import chat_reply, multipart_fields
from tests.support import CASSETTES

SCHEMAS = {
    "/v1/chat/completions": ("CreateChatCompletionRequest", "CreateChatCompletionResponse"),
    "/v1/responses": ("CreateResponse", "Response"),
}
# The Batch API, by method and path (an id in the path is "{id}"): the request's schema (None:
# no body) and the reply's. A file upload is multipart, its file JSONL; a file's content is the
# JSONL the batch wrote. Each line of either is checked as the request or reply it holds.
BATCH_SCHEMAS = {
    ("POST", "/v1/files"): ("CreateFileRequest", "OpenAIFile"),
    ("GET", "/v1/files/{id}/content"): (None, None),
    ("POST", "/v1/batches"): ("CreateBatchRequest", "Batch"),
    ("GET", "/v1/batches/{id}"): (None, "Batch"),
    ("POST", "/v1/batches/{id}/cancel"): (None, "Batch"),
}
# Cassettes whose 200 reply is deliberately not what the API promises (the test is that kit copes).
NOT_JSON_ON_PURPOSE = {"html_200.yaml"}

pytestmark = pytest.mark.skipif(not SPEC.is_file(), reason=f"the OpenAI API description is missing: {SPEC}")


def _interactions(path: Path) -> list[dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["interactions"]


def _path(uri: str) -> str:
    return "/" + uri.split("://", 1)[1].split("/", 1)[1].split("?")[0]


def _endpoint(path: str) -> str:
    """The API's own path for a server's (Azure serves `/openai/v1/chat/completions`)."""
    return next((known for known in SCHEMAS if path.endswith(known.removeprefix("/v1"))), path)


def _batch_route(method: str, path: str) -> tuple[str, str] | None:
    """(method, the Batch API's path with "{id}" for an id), or None for another endpoint."""
    parts = path.split("/")
    if "/files" not in path and "/batches" not in path:
        return None
    start = next(i for i, p in enumerate(parts) if p in ("files", "batches"))
    route = ["", "v1", parts[start], *("{id}" if i == 0 else p for i, p in enumerate(parts[start + 1 :]))]
    return method, "/".join(route)


def _header(headers: dict[str, list[str]], name: str) -> str:
    for key, values in headers.items():
        if key.lower() == name:
            return values[0]
    return ""


CASSETTE_FILES = sorted(CASSETTES.glob("*.yaml"))


def test_there_are_cassettes_for_both_apis_and_the_batch_api() -> None:
    found = set()
    for cassette in CASSETTE_FILES:
        for interaction in _interactions(cassette):
            request = interaction["request"]
            path = _path(request["uri"])
            found.add(_batch_route(request["method"], path) or _endpoint(path))
    assert found == set(SCHEMAS) | set(BATCH_SCHEMAS)


@pytest.mark.parametrize("cassette", CASSETTE_FILES, ids=lambda p: p.name)
def test_every_body_matches_the_api_description(cassette: Path) -> None:
    found: list[str] = []
    for n, interaction in enumerate(_interactions(cassette)):
        request, response = interaction["request"], interaction["response"]
        assert not _header(request["headers"], "authorization"), f"{cassette.name}: Authorization kept"
        assert not _header(request["headers"], "api-key"), f"{cassette.name}: api-key kept"
        route = _batch_route(request["method"], _path(request["uri"]))
        if route is not None:
            found += [f"#{n} {p}" for p in _batch_problems(route, request, response)]
            continue
        request_schema, response_schema = SCHEMAS[_endpoint(_path(request["uri"]))]
        found += [f"#{n} request: {p}" for p in problems(request_schema, json.loads(request["body"]))]
        status = response["status"]["code"]
        body = response["body"]["string"]
        content_type = _header(response["headers"], "content-type")
        if status == 200 and not content_type.startswith("application/json"):
            assert cassette.name in NOT_JSON_ON_PURPOSE, f"{cassette.name}: a 200 reply that is not JSON"
            continue
        schema = response_schema if status < 400 else "ErrorResponse"
        found += [f"#{n} response {status}: {p}" for p in problems(schema, json.loads(body))]
    assert found == []


def _batch_problems(route: tuple[str, str], request: dict[str, Any], response: dict[str, Any]) -> list[str]:
    """A Batch API exchange against the description: its bodies, and every line of a JSONL file."""
    assert route in BATCH_SCHEMAS, f"a Batch API call the description check does not know: {route}"
    request_schema, response_schema = BATCH_SCHEMAS[route]
    status, body = response["status"]["code"], response["body"]["string"]
    found: list[str] = []
    if route == ("POST", "/v1/files"):
        raw = request["body"].encode() if isinstance(request["body"], str) else request["body"]
        fields = multipart_fields(_header(request["headers"], "content-type"), raw)
        content = fields["file"][1].decode("utf-8")
        found += problems("CreateFileRequest", {"file": content, "purpose": fields["purpose"][1].decode()})
        for line in filter(None, content.splitlines()):
            found += [f"uploaded line: {p}" for p in _line_problems(json.loads(line))]
    elif request_schema is not None:
        found += [f"request: {p}" for p in problems(request_schema, json.loads(request["body"]))]
    else:
        assert not request["body"], f"a body sent to {route}"
    if status >= 400:
        return found + [f"response {status}: {p}" for p in problems("ErrorResponse", json.loads(body))]
    if response_schema is not None:
        return found + [f"response: {p}" for p in problems(response_schema, json.loads(body))]
    for line in filter(None, body.splitlines()):  # a batch's output file
        item = json.loads(line)
        assert set(item) == {"id", "custom_id", "response", "error"}, f"an output line: {sorted(item)}"
        reply = item["response"]
        schema = SCHEMAS["/v1/chat/completions"][1] if reply["status_code"] < 400 else "ErrorResponse"
        found += [f"output line {item['custom_id'][:12]}: {p}" for p in problems(schema, reply["body"])]
    return found


def _line_problems(line: dict[str, Any]) -> list[str]:
    """One request line of a batch's input file: the Batch API's shape, and its body against its endpoint."""
    if set(line) != {"custom_id", "method", "url", "body"} or line["method"] != "POST" or line["url"] not in SCHEMAS:
        return [f"not a batch request line: {sorted(line)} {line.get('method')} {line.get('url')}"]
    return problems(SCHEMAS[line["url"]][0], line["body"])


def test_the_check_bites_on_a_reply_missing_required_fields() -> None:
    reply = chat_reply({"model": "m"}, "ok", "text", 1)
    assert problems("CreateChatCompletionResponse", reply) == []
    del reply["choices"][0]["message"]["refusal"]
    del reply["choices"][0]["logprobs"]
    assert problems("CreateChatCompletionResponse", reply) == [
        "CreateChatCompletionResponse at choices/0: 'logprobs' is a required property",
        "CreateChatCompletionResponse at choices/0/message: 'refusal' is a required property",
    ]


def test_the_check_bites_on_a_batch_line_that_is_no_request() -> None:
    line = {"custom_id": "h1", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "m"}}
    assert _line_problems(line) == ["CreateChatCompletionRequest at (top): 'messages' is a required property"]
    assert _line_problems({**line, "url": "/v1/embeddings"}) == [
        "not a batch request line: ['body', 'custom_id', 'method', 'url'] POST /v1/embeddings"
    ]
