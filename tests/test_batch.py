"""`kit batch` and `kit build --llm --batch`: large runs through OpenAI's Batch API, replayed.

Cassettes tests/cassettes/batch_*.yaml, recorded against the stub server's Batch API
(tests/stub_server.py); re-record with `KIT_RECORD=1 .venv/bin/pytest -q tests/test_batch.py`.
A batch's `custom_id` is the request hash, which has the server's URL in it, so these tests
record and replay on one loopback port, `PORT` (replay never connects). A file upload's
random multipart boundary is fixed before recording and matching (tests/cassettes_support.py).
Every body, each request line of the uploaded file and each reply line of the batch's output
file included, is checked against the OpenAI API description by tests/test_cassettes_spec.py.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from kit.llm.usage import usage_report
from tests.cassettes_support import RECORDING, recorded
from tests.support import EXAMPLES, MINIMAL_STORY, kit_cli, write_story

pytestmark = pytest.mark.usefixtures("openai_key")

PORT = 47631  # the stub's port while recording, and the base URL's while replaying


def workspace(root: Path, base_url: str, server: str = "openai", story: bool = True) -> Path:
    concurrency = 1 if RECORDING else 4  # one at a time while recording keeps the cassette's order
    (root / "kit.toml").write_text(
        f'[llm]\nbase_url = "{base_url}"\nserver = "{server}"\nconcurrency = {concurrency}\n'
    )
    if story:
        write_story(root / "stories", "deploys.md", MINIMAL_STORY)
    return root


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text().split("---\n", 2)[1])


def test_a_batch_is_submitted_then_collected_into_checked_drafts(tmp_path: Path) -> None:
    with recorded("batch_submit_collect", port=PORT) as exchange:
        root = workspace(tmp_path, exchange.base_url)
        code, out, err = kit_cli("batch", "submit", root / "stories", "--kind", "blog,talk", "-w", root)
        assert code == 0, err
        assert out.splitlines()[0] == (
            "submitted batch batch_stub0001: validating; 2 request(s), model gpt-4o-mini (0 already in the cache)"
        )
        assert exchange.sent == 2  # the upload and the batch
        code, out, err = kit_cli("batch", "status", "-w", root)
        assert (code, out.strip()) == (0, "batch_stub0001: completed, 2/2 done; 2 request(s), model gpt-4o-mini")
        code, out, err = kit_cli("batch", "collect", "batch_stub0001", "-w", root)
        assert code == 0, err
        assert "batch batch_stub0001: 2 repl(ies) read into the cache, 0 failed" in err
        assert "LLM drafts: 2 drafted (2 from the cache)" in err
        assert exchange.sent == 5  # the batch and its output file: no chat request
        code, out, _ = kit_cli("batch", "submit", root / "stories", "--kind", "blog,talk", "-w", root)
        assert out.startswith("nothing to send: all 2 request(s) are answered from the cache")
        assert exchange.sent == 5
    drafts = root / "drafts" / "deploys"
    assert "prompt blog.prompt, model gpt-4o-mini" in (drafts / "blog.md").read_text()
    assert (drafts / "talk.json").is_file()
    rows = usage_report(root)["totals"]
    assert (rows["requests"], rows["cached"], rows["failed"]) == (4, 2, 0)  # two from the batch, two cache hits


def test_a_batch_can_be_cancelled(tmp_path: Path) -> None:
    with recorded("batch_cancel", port=PORT) as exchange:
        root = workspace(tmp_path, exchange.base_url)
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


@pytest.mark.parametrize("command", [["status"], ["submit", "stories"], ["cancel", "batch_x"]])
def test_batch_without_a_key_says_what_the_batch_api_needs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    write_story(tmp_path / "stories", "deploys.md", MINIMAL_STORY)
    monkeypatch.chdir(tmp_path)
    code, _, err = kit_cli("batch", *command)
    assert (code, err) == (2, "error: kit batch needs OpenAI's (or Azure's) Batch API: set OPENAI_API_KEY, "
                              'or base_url and server = "azure" under [llm] in kit.toml\n')  # fmt: skip


def test_collecting_an_unknown_batch_is_a_clear_error(tmp_path: Path) -> None:
    root = workspace(tmp_path, "http://127.0.0.1:9/v1")
    code, _, err = kit_cli("batch", "collect", "batch_nope", "-w", root)
    assert code == 2 and "no batch batch_nope in" in err and "kit batch status lists them" in err


def test_kit_build_llm_batch_submits_the_same_batch(tmp_path: Path) -> None:
    with recorded("batch_build", port=PORT) as exchange:
        root = workspace(tmp_path, exchange.base_url)
        code, out, err = kit_cli("build", root / "stories", "--llm", "--batch", "--kind", "blog,talk", "-w", root)
        assert code == 0, err
        assert out.splitlines()[0].startswith("submitted batch batch_stub0001: validating; 2 request(s)")
        assert not (root / "drafts").exists()  # drafts come with `kit batch collect`
    code, _, err = kit_cli("build", root / "stories", "--batch", "-w", root)
    assert code == 2 and "--batch sends the LLM requests as a batch; add --llm" in err


def test_the_examples_go_out_in_a_batch_and_come_back_as_checked_drafts(tmp_path: Path) -> None:
    root = tmp_path
    shutil.copytree(EXAMPLES / "stories", root / "stories")
    stories = sorted(p.stem for p in (root / "stories").glob("*.md"))
    public = [s for s in stories if "visibility: public" in (root / "stories" / f"{s}.md").read_text()]
    # kit builds the public kinds only from public stories; an internal story gets its one-pager
    wanted = sorted(
        [f"{s}/{k}" for s in public for k in ("blog", "talk", "social")] + [f"{s}/onepager" for s in stories]
    )
    assert len(public) == 5 and len(wanted) == 23
    with recorded("batch_examples", port=PORT) as exchange:
        workspace(root, exchange.base_url, story=False)
        code, out, err = kit_cli("build", root / "stories", "--llm", "--batch", "-w", root)
        assert code == 0, err
        assert out.splitlines()[0] == (
            "submitted batch batch_stub0001: validating; 23 request(s), model gpt-4o-mini (0 already in the cache)"
        )
        assert exchange.sent == 2 and not (root / "drafts").exists()
        record = json.loads((root / ".kit" / "batches" / "batch_stub0001.json").read_text())
        assert sorted(r["key"] for r in record["requests"].values()) == wanted

        code, out, err = kit_cli("batch", "status", "-w", root)
        assert (code, out.strip()) == (0, "batch_stub0001: completed, 23/23 done; 23 request(s), model gpt-4o-mini")

        sent = exchange.sent
        code, out, err = kit_cli("batch", "collect", "batch_stub0001", "-w", root)
        assert code == 1, err  # drafts that need review
        assert "batch batch_stub0001: 23 repl(ies) read into the cache, 0 failed" in err
        # The stub answers every story with the deploys story's figures: only that story's drafts pass.
        assert "LLM drafts: 23 drafted (4 from the cache), 19 need review, 0 failed" in err
        assert exchange.sent == sent + 2 + 19  # the batch, its output file and one repair per failing draft
        written = {p: p.read_bytes() for p in sorted((root / "drafts").rglob("*")) if p.is_file()}
        usage, reported = usage_report(root)["totals"], err

        sent = exchange.sent
        code, out, err = kit_cli("batch", "collect", "batch_stub0001", "-w", root)
        assert code == 1, err
        assert "batch batch_stub0001: collected before; its 23 repl(ies) are in the cache" in err
        assert exchange.sent == sent  # nothing downloaded again, no request sent again
        again = {p: p.read_bytes() for p in sorted((root / "drafts").rglob("*")) if p.is_file()}
        assert again == written  # no duplicate, no rewritten draft
        after = usage_report(root)["totals"]
        assert (after["requests"] - after["cached"], after["cost"]) == (
            usage["requests"] - usage["cached"],
            usage["cost"],
        )

    primary = {"blog": "blog.md", "talk": "talk.md", "onepager": "onepager.md", "social": "social.md"}
    found = sorted(str(p.parent.relative_to(root / "drafts")) + "/" + p.stem for p in written if p.suffix == ".md")
    assert found == wanted
    for draft in wanted:
        story, kind = draft.split("/")
        meta = front(root / "drafts" / story / primary[kind])["kit"]
        assert meta["source"] == f"prompt {kind}.prompt, model gpt-4o-mini"
        if story == "model-deployment-lead-time":
            assert meta["status"] == "draft" and meta["checks"]["facts"] == "ok", draft
        else:
            assert meta["status"] == "needs-review" and re.fullmatch(r"\d+ errors?", meta["checks"]["facts"]), draft
            assert f"needs review {draft}: facts: " in reported
