"""`kit batch`: large runs through OpenAI's Batch API, against the stub server's Batch API.

No cassette here: vcrpy matches on bodies, and a file upload's multipart boundary is random.
The stub runs on loopback (never a network); every JSON body it received or answered, and
every request line of the uploaded file, is checked against the OpenAI API description.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kit.llm.usage import usage_report
from tests.stub_server import StubServer, file_object
from tests.support import MINIMAL_STORY, kit_cli, write_story
from tests.test_cassettes_spec import SPEC, problems

pytestmark = pytest.mark.usefixtures("openai_key")


def workspace(root: Path, base_url: str, server: str = "openai") -> Path:
    (root / "kit.toml").write_text(f'[llm]\nbase_url = "{base_url}"\nserver = "{server}"\n')
    write_story(root / "stories", "deploys.md", MINIMAL_STORY)
    return root


def test_a_batch_is_submitted_then_collected_into_checked_drafts(tmp_path: Path) -> None:
    with StubServer() as stub:
        root = workspace(tmp_path, stub.base_url)
        code, out, err = kit_cli("batch", "submit", root / "stories", "--kind", "blog,talk", "-w", root)
        assert code == 0, err
        assert out.splitlines()[0] == (
            "submitted batch batch_stub0001: validating; 2 request(s), model gpt-4o-mini (0 already in the cache)"
        )
        code, out, err = kit_cli("batch", "status", "-w", root)
        assert (code, out.strip()) == (0, "batch_stub0001: completed, 2/2 done; 2 request(s), model gpt-4o-mini")
        chats_before = sum(r["path"].endswith("/chat/completions") for r in stub.requests)
        code, out, err = kit_cli("batch", "collect", "batch_stub0001", "-w", root)
        assert code == 0, err
        assert "batch batch_stub0001: 2 repl(ies) read into the cache, 0 failed" in err
        assert "LLM drafts: 2 drafted (2 from the cache)" in err
        assert sum(r["path"].endswith("/chat/completions") for r in stub.requests) == chats_before == 0
        code, out, _ = kit_cli("batch", "submit", root / "stories", "--kind", "blog,talk", "-w", root)
        assert out.startswith("nothing to send: all 2 request(s) are answered from the cache")
        lines, requests, batches = stub.batch_lines, stub.requests, list(stub.batches.values())
        files = [file_object(i, len(c), n, p) for i, (c, n, p) in stub.files.items()]
    drafts = root / "drafts" / "deploys"
    assert "prompt blog.prompt, model gpt-4o-mini" in (drafts / "blog.md").read_text()
    assert (drafts / "talk.json").is_file()
    rows = usage_report(root)["totals"]
    assert (rows["requests"], rows["cached"], rows["failed"]) == (4, 2, 0)  # two from the batch, two cache hits
    if not SPEC.is_file():
        pytest.skip(f"the OpenAI API description is missing: {SPEC}")
    found = [p for line in lines for p in problems("CreateChatCompletionRequest", line["body"])]
    created = next(r["body"] for r in requests if r["path"].endswith("/batches"))
    found += problems("CreateBatchRequest", created)
    found += [p for b in batches for p in problems("Batch", b)]
    found += [p for f in files for p in problems("OpenAIFile", f)]
    assert found == []
    assert [line["url"] for line in lines] == ["/v1/chat/completions"] * 2
    assert len({line["custom_id"] for line in lines}) == 2


def test_a_batch_can_be_cancelled(tmp_path: Path) -> None:
    with StubServer() as stub:
        root = workspace(tmp_path, stub.base_url)
        kit_cli("batch", "submit", root / "stories", "--kind", "blog", "-w", root)
        code, out, err = kit_cli("batch", "cancel", "batch_stub0001", "-w", root)
    assert code == 0, err
    assert out.startswith("batch_stub0001: cancelled")
    record = json.loads((root / ".kit" / "batches" / "batch_stub0001.json").read_text())
    assert record["status"] == "cancelled"


def test_a_local_server_has_no_batch_api(tmp_path: Path) -> None:
    root = workspace(tmp_path, "http://localhost:11434/v1", "ollama")
    code, _, err = kit_cli("batch", "submit", root / "stories", "-w", root)
    assert code == 2
    assert err.strip() == (
        "error: Ollama has no Batch API: run `kit build --llm` (the Batch API is OpenAI's and Azure's)"
    )


def test_collecting_an_unknown_batch_is_a_clear_error(tmp_path: Path) -> None:
    root = workspace(tmp_path, "http://127.0.0.1:9/v1")
    code, _, err = kit_cli("batch", "collect", "batch_nope", "-w", root)
    assert code == 2 and "no batch batch_nope in" in err and "kit batch status lists them" in err


def test_kit_build_llm_batch_submits_the_same_batch(tmp_path: Path) -> None:
    with StubServer() as stub:
        root = workspace(tmp_path, stub.base_url)
        code, out, err = kit_cli("build", root / "stories", "--llm", "--batch", "--kind", "blog,talk", "-w", root)
        assert code == 0, err
        assert out.splitlines()[0].startswith("submitted batch batch_stub0001: validating; 2 request(s)")
        assert not (root / "drafts").exists()  # drafts come with `kit batch collect`
    code, _, err = kit_cli("build", root / "stories", "--batch", "-w", root)
    assert code == 2 and "--batch sends the LLM requests as a batch; add --llm" in err
