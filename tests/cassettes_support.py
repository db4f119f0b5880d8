"""Recorded exchanges with the model: vcrpy cassettes in tests/cassettes/, replayed by default.

Cassettes are recorded against the stub server in tests/stub_server.py (never the real API).
Replay is the default and the only mode when CI is set: a request missing from its cassette
fails the test, and no test can reach a network (the replay base URL is a closed loopback
port). After a change to a prompt, a view or a test, re-record against the stub with:

    KIT_RECORD=1 .venv/bin/pytest -q tests/test_llm.py tests/test_build_llm.py tests/test_batch.py

Cassettes match on method, path and body (never host or headers: the stub's port changes
between recordings), keep no Authorization header, and are checked against the OpenAI API
description by tests/test_cassettes_spec.py (`problems`, against `SPEC`). A file upload's
multipart boundary is random: it is replaced with `BOUNDARY` before a request is recorded and
before one is matched, so uploads match on their fields. Tests that send requests set
OPENAI_API_KEY to KEY with the `openai_key` fixture (tests/conftest.py).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any

import jsonschema
import pytest
import vcr
from vcr.errors import CannotOverwriteExistingCassetteException

from tests.stub_server import StubServer
from tests.support import CASSETTES, REPO

RECORDING = os.environ.get("KIT_RECORD") == "1" and not os.environ.get("CI")
REPLAY_URL = "http://127.0.0.1:9/v1"  # the discard port: nothing answers if vcr lets a request by
KEY = "sk-kit-test-4f9c2b7e-this-key-must-never-be-stored"
BOUNDARY = "kit-cassette-boundary-0000000000"  # as long as httpx's own (32), so Content-Length holds
SPEC = REPO.parent / "shared" / "specs" / "openai-openapi.json"  # ../shared beside the repo


@cache
def _components() -> dict[str, Any]:
    return json.loads(SPEC.read_text(encoding="utf-8"))["components"]


@cache
def validator(name: str) -> jsonschema.Draft202012Validator:
    """A validator for one named schema; `components` stays beside the `$ref` so refs resolve."""
    schema = {"$ref": f"#/components/schemas/{name}", "components": _components()}
    return jsonschema.Draft202012Validator(schema)


def problems(name: str, instance: Any) -> list[str]:
    """What makes `instance` invalid against the API description's schema `name`, one line each."""
    errors = sorted(validator(name).iter_errors(instance), key=lambda e: list(e.absolute_path))
    return [f"{name} at {'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message[:200]}" for e in errors]


def _vcr(mode: str) -> vcr.VCR:
    return vcr.VCR(
        cassette_library_dir=str(CASSETTES),
        record_mode=mode,
        match_on=["method", "path", "body"],
        filter_headers=["authorization", "api-key", "openai-organization", "openai-project"],
        before_record_request=_scrub_request,
        before_record_response=_scrub_response,
        decode_compressed_response=True,
    )


def _scrub_request(request: Any) -> Any:
    """Keep what a reviewer needs; drop what changes between recordings (port, host, platform, boundary).

    vcr applies this to a copy of each request before recording it and before matching it.
    """
    request.uri = re.sub(r"^http://(?:[^@/]*@)?127\.0\.0\.1:\d+", "http://127.0.0.1:9", request.uri)  # no user:password
    for name in list(request.headers):
        if name.lower() == "host" or name.lower().startswith("x-stainless"):
            del request.headers[name]
    _fix_boundary(request)
    return request


def _fix_boundary(request: Any) -> None:
    """A multipart body with `BOUNDARY` for its random boundary, in the body and the Content-Type."""
    for name in list(request.headers):
        if name.lower() != "content-type":
            continue
        found = re.search(r"boundary=\"?([^\";\s]+)", request.headers[name])
        if found is None or not isinstance(request.body, bytes):
            return
        random = found.group(1)
        request.headers[name] = request.headers[name].replace(random, BOUNDARY)
        request.body = request.body.replace(f"--{random}".encode(), f"--{BOUNDARY}".encode())


def _scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    """No Date header; no key in the body either (OpenAI's 401 echoes the key, masked), as kit's own rows."""
    from kit.llm.secrets import scrub

    response["headers"] = {k: v for k, v in response["headers"].items() if k.lower() != "date"}
    body = response.get("body", {}).get("string")
    if isinstance(body, bytes):
        response["body"]["string"] = scrub(body.decode("utf-8", "replace"), [KEY]).encode("utf-8")
    elif isinstance(body, str):
        response["body"]["string"] = scrub(body, [KEY])
    return response


@dataclass
class Exchange:
    base_url: str
    cassette: Any
    stub: StubServer | None

    @property
    def sent(self) -> int:
        """Requests that reached the server (recording) or the cassette (replay)."""
        return len(self.stub.requests) if self.stub else self.cassette.play_count


@contextmanager
def recorded(
    name: str,
    setup: Callable[[StubServer], object] | None = None,
    mode: str = "openai",
    path_prefix: str = "",
    port: int | None = None,
) -> Iterator[Exchange]:
    """Replay `tests/cassettes/NAME.yaml`; with KIT_RECORD=1, record it afresh against the stub.

    `mode` is the stub's server mode (tests/stub_server.py); `path_prefix` is added to the
    base URL's path (Azure's `/openai/v1`). `port`: the stub listens on it while recording and
    the base URL names it while replaying, for exchanges whose bodies depend on the server's
    URL (a batch's `custom_id` is the request hash, which has the server in it). Replay never
    connects: a request missing from the cassette fails before it is sent.
    """
    path = CASSETTES / f"{name}.yaml"
    if RECORDING:
        path.unlink(missing_ok=True)
        with StubServer(mode=mode, port=port or 0) as stub:
            if setup is not None:
                setup(stub)
            with _vcr("all").use_cassette(path.name) as cassette:
                yield Exchange(_prefixed(stub.base_url, path_prefix), cassette, stub)
        return
    if not path.is_file():
        pytest.fail(f"no cassette {path}; record it against the stub with KIT_RECORD=1")
    with _vcr("none").use_cassette(path.name) as cassette:
        try:
            replay_url = f"http://127.0.0.1:{port}/v1" if port else REPLAY_URL
            yield Exchange(_prefixed(replay_url, path_prefix), cassette, None)
        except CannotOverwriteExistingCassetteException as err:
            pytest.fail(
                f"a request is not in {path.name} (prompt or context changed?); re-record with KIT_RECORD=1\n{err}"
            )


def _prefixed(base_url: str, prefix: str) -> str:
    return base_url.removesuffix("/v1") + prefix if prefix else base_url
