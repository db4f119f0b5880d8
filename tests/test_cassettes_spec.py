"""Every recorded exchange is one the real API would accept and could send.

Each cassette's request body is validated against the request schema of its endpoint and
each response body against the response schema (or `ErrorResponse` for an error status),
from the OpenAI API description in ../shared/specs/openai-openapi.json. So the stub server
the cassettes were recorded against cannot drift from the API: a body that leaves out a
field the API requires (`refusal`, `logprobs`, ...) fails here.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from tests.stub_server import chat_reply
from tests.support import CASSETTES, REPO

SPEC = REPO.parent / "shared" / "specs" / "openai-openapi.json"  # ../shared beside the repo

SCHEMAS = {
    "/v1/chat/completions": ("CreateChatCompletionRequest", "CreateChatCompletionResponse"),
    "/v1/responses": ("CreateResponse", "Response"),
}
# Cassettes whose 200 reply is deliberately not what the API promises (the test is that kit copes).
NOT_JSON_ON_PURPOSE = {"html_200.yaml"}

pytestmark = pytest.mark.skipif(not SPEC.is_file(), reason=f"the OpenAI API description is missing: {SPEC}")


@cache
def _components() -> dict[str, Any]:
    return json.loads(SPEC.read_text(encoding="utf-8"))["components"]


@cache
def validator(name: str) -> jsonschema.Draft202012Validator:
    """A validator for one named schema; `components` stays beside the `$ref` so refs resolve."""
    schema = {"$ref": f"#/components/schemas/{name}", "components": _components()}
    return jsonschema.Draft202012Validator(schema)


def problems(name: str, instance: Any) -> list[str]:
    errors = sorted(validator(name).iter_errors(instance), key=lambda e: list(e.absolute_path))
    return [f"{name} at {'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message[:200]}" for e in errors]


def _interactions(path: Path) -> list[dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["interactions"]


def _path(uri: str) -> str:
    return "/" + uri.split("://", 1)[1].split("/", 1)[1].split("?")[0]


def _endpoint(path: str) -> str:
    """The API's own path for a server's (Azure serves `/openai/v1/chat/completions`)."""
    return next((known for known in SCHEMAS if path.endswith(known.removeprefix("/v1"))), path)


def _header(headers: dict[str, list[str]], name: str) -> str:
    for key, values in headers.items():
        if key.lower() == name:
            return values[0]
    return ""


CASSETTE_FILES = sorted(CASSETTES.glob("*.yaml"))


def test_there_are_cassettes_for_both_apis() -> None:
    paths = {_endpoint(_path(i["request"]["uri"])) for f in CASSETTE_FILES for i in _interactions(f)}
    assert paths == set(SCHEMAS)


@pytest.mark.parametrize("cassette", CASSETTE_FILES, ids=lambda p: p.name)
def test_every_body_matches_the_api_description(cassette: Path) -> None:
    found: list[str] = []
    for n, interaction in enumerate(_interactions(cassette)):
        request, response = interaction["request"], interaction["response"]
        request_schema, response_schema = SCHEMAS[_endpoint(_path(request["uri"]))]
        assert not _header(request["headers"], "authorization"), f"{cassette.name}: Authorization kept"
        assert not _header(request["headers"], "api-key"), f"{cassette.name}: api-key kept"
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


def test_the_check_bites_on_a_reply_missing_required_fields() -> None:
    reply = chat_reply({"model": "m"}, "ok", "text", 1)
    assert problems("CreateChatCompletionResponse", reply) == []
    del reply["choices"][0]["message"]["refusal"]
    del reply["choices"][0]["logprobs"]
    assert problems("CreateChatCompletionResponse", reply) == [
        "CreateChatCompletionResponse at choices/0: 'logprobs' is a required property",
        "CreateChatCompletionResponse at choices/0/message: 'refusal' is a required property",
    ]
