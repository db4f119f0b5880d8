"""Recorded exchanges with the model: vcrpy cassettes in tests/cassettes/, replayed by default.

Cassettes are recorded against the stub server in tests/stub_server.py (never the real API).
Replay is the default and the only mode when CI is set: a request missing from its cassette
fails the test, and no test can reach a network (the replay base URL is a closed loopback
port). After a change to a prompt, a view or a test, re-record against the stub with:

    KIT_RECORD=1 .venv/bin/pytest -q tests/test_llm.py tests/test_build_llm.py

Cassettes match on method, path and body (never host or headers: the stub's port changes
between recordings), keep no Authorization header, and are checked against the OpenAI API
description by tests/test_cassettes_spec.py. Tests that send requests set OPENAI_API_KEY to
KEY with the `openai_key` fixture (tests/conftest.py).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
import vcr
from vcr.errors import CannotOverwriteExistingCassetteException

from tests.stub_server import StubServer
from tests.support import CASSETTES

RECORDING = os.environ.get("KIT_RECORD") == "1" and not os.environ.get("CI")
REPLAY_URL = "http://127.0.0.1:9/v1"  # the discard port: nothing answers if vcr lets a request by
KEY = "sk-kit-test-4f9c2b7e-this-key-must-never-be-stored"


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
    """Keep what a reviewer needs; drop what changes between recordings (port, host, platform)."""
    request.uri = re.sub(r"^http://(?:[^@/]*@)?127\.0\.0\.1:\d+", "http://127.0.0.1:9", request.uri)  # no user:password
    for name in list(request.headers):
        if name.lower() == "host" or name.lower().startswith("x-stainless"):
            del request.headers[name]
    return request


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
    name: str, setup: Callable[[StubServer], object] | None = None, mode: str = "openai", path_prefix: str = ""
) -> Iterator[Exchange]:
    """Replay `tests/cassettes/NAME.yaml`; with KIT_RECORD=1, record it afresh against the stub.

    `mode` is the stub's server mode (tests/stub_server.py); `path_prefix` is added to the
    base URL's path (Azure's `/openai/v1`).
    """
    path = CASSETTES / f"{name}.yaml"
    if RECORDING:
        path.unlink(missing_ok=True)
        with StubServer(mode=mode) as stub:
            if setup is not None:
                setup(stub)
            with _vcr("all").use_cassette(path.name) as cassette:
                yield Exchange(_prefixed(stub.base_url, path_prefix), cassette, stub)
        return
    if not path.is_file():
        pytest.fail(f"no cassette {path}; record it against the stub with KIT_RECORD=1")
    with _vcr("none").use_cassette(path.name) as cassette:
        try:
            yield Exchange(_prefixed(REPLAY_URL, path_prefix), cassette, None)
        except CannotOverwriteExistingCassetteException as err:
            pytest.fail(
                f"a request is not in {path.name} (prompt or context changed?); re-record with KIT_RECORD=1\n{err}"
            )


def _prefixed(base_url: str, prefix: str) -> str:
    return base_url.removesuffix("/v1") + prefix if prefix else base_url
