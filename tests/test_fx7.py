"""Regressions for the LLM path's and commands' messages: the run summary against the drafts,
Ctrl-C, a cut-off reply's advice, template errors' places, build's warnings, and --json.

LLM runs here never reach a network: `transport.send` is replaced by `fake_server`, which answers
with the stub server's own bodies (tests/stub_server.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.stub_server import chat_reply
from tests.support import MINIMAL_STORY, kit_cli, write_story

pytestmark = pytest.mark.usefixtures("openai_key")


def fake_server(monkeypatch: pytest.MonkeyPatch, behaviour: Callable[[dict[str, Any], int], dict[str, Any]]) -> list:
    """Every request answered by `behaviour(body, n)` in this process; the bodies sent, in order."""
    from kit.llm import transport

    sent: list[dict[str, Any]] = []

    async def send(client: Any, request: Any, settings: Any, on_attempt: Any = None) -> dict[str, Any]:
        sent.append(request.body)
        return behaviour(request.body, len(sent))

    monkeypatch.setattr(transport, "send", send)
    return sent


def workspace(root: Path, toml: str = "") -> Path:
    (root / "kit.toml").write_text('[llm]\nbase_url = "http://127.0.0.1:9/v1"\nmax_retries = 0\n' + toml)
    write_story(root / "stories", "deploys.md", MINIMAL_STORY)
    return root


def front(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text().split("---\n", 2)[1])


# ---- 1. the run's summary says what the drafts' files say ----------------------------------


def test_a_talk_whose_long_title_the_kind_fits_is_not_reported_as_needing_review(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The model's title is over the CFP's limit twice; the talk falls back to the story's short
    title, so the draft passes: the summary must not say it needs review."""
    fake_server(monkeypatch, lambda body, n: chat_reply(body, "long_title", None, n))
    root = workspace(tmp_path)
    code, out, err = kit_cli("build", root / "stories", "--llm", "-w", root, "--kind", "talk", "--cfp", "kubecon")
    status = front(root / "drafts" / "deploys" / "talk.md")["kit"]["status"]
    assert (code, status) == (0, "draft"), err
    assert "0 need review" in err and "needs review" not in err, err


# ---- 2. Ctrl-C says how far the build got, and leaves no draft half-written ----------------


def test_ctrl_c_while_the_model_drafts_says_nothing_was_written_and_a_rerun_resumes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def answer(body: dict[str, Any], n: int) -> dict[str, Any]:
        if n == 2:
            raise KeyboardInterrupt
        return chat_reply(body, "ok", None, n)

    fake_server(monkeypatch, answer)
    root = workspace(tmp_path, "concurrency = 1\n")
    code, _, err = kit_cli("build", root / "stories", "--llm", "-w", root, "--kind", "blog", "--kind", "onepager")
    assert code == 130
    assert err == (
        "interrupted: no draft written (the drafts folder is as it was); 1 of 2 LLM drafts were done, and every "
        "reply received is in the cache: run the same `kit build` again to resume from there (only the rest is "
        "sent)\n"
    )
    assert not (root / "drafts").exists()
    sent = fake_server(monkeypatch, lambda body, n: chat_reply(body, "ok", None, n))
    code, _, err = kit_cli("build", root / "stories", "--llm", "-w", root, "--kind", "blog", "--kind", "onepager")
    assert (code, len(sent)) == (0, 1), err  # the first reply came from the cache


def test_ctrl_c_while_drafts_are_written_finishes_the_draft_in_hand_and_says_how_far_it_got(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A talk is two files; Ctrl-C between them would leave a .json that no longer matches its .md."""
    import os
    import signal

    from kit import drafts

    real = drafts.atomic_write

    def write(path: Path, data: str | bytes) -> None:
        if path.suffix == ".json":  # the talk's first file: Ctrl-C now
            os.kill(os.getpid(), signal.SIGINT)
        real(path, data)

    monkeypatch.setattr(drafts, "atomic_write", write)
    root = workspace(tmp_path)
    code, _, err = kit_cli("build", root / "stories", "-w", root, "--kind", "talk", "--kind", "blog")
    folder = root / "drafts" / "deploys"
    assert code == 130
    assert err == (
        "interrupted: wrote 1 of 2 drafts, each whole, and left the rest as they were; run the same `kit build` "
        "again to build the rest\n"
    )
    assert sorted(p.name for p in folder.iterdir()) == ["talk.json", "talk.md"]
    monkeypatch.setattr(drafts, "atomic_write", real)
    code, out, err = kit_cli("build", root / "stories", "-w", root, "--kind", "talk", "--kind", "blog")
    assert code == 0, err
    assert "1 unchanged, 1 rebuilt" in err  # the talk was whole: current, not taken for an edited one


# ---- 3. a cut-off reply's advice: lower reasoning_effort only when one is set ----------------


def spent_on_reasoning(body: dict[str, Any], n: int) -> dict[str, Any]:
    """A reasoning model's reply that spent the whole budget thinking: cut off, no text."""
    reply = chat_reply(body, "ok", None, n)
    budget = body.get("max_completion_tokens") or body.get("max_tokens")
    reply["choices"][0].update(finish_reason="length", message={**reply["choices"][0]["message"], "content": ""})
    reply["usage"].update(completion_tokens=budget, completion_tokens_details={"reasoning_tokens": budget})
    return reply


@pytest.mark.parametrize(
    ("toml", "advice"),
    [
        ('model = "drafting-deployment"\n', ", or use a model that does not reason (model under [llm], or --model)"),
        ('model = "gpt-5-mini"\n', ", or use a model that does not reason (model under [llm], or --model)"),
        ('model = "gpt-5-mini"\nreasoning_effort = "high"\n', ", or lower reasoning_effort under [llm] (now high)"),
    ],
)
def test_a_reply_spent_on_reasoning_says_lower_the_effort_only_when_one_is_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, toml: str, advice: str
) -> None:
    fake_server(monkeypatch, spent_on_reasoning)
    root = workspace(tmp_path, toml)
    code, _, err = kit_cli("build", root / "stories", "--llm", "-w", root, "--kind", "blog")
    assert code == 1
    failed = next(line for line in err.splitlines() if line.startswith("failed:"))
    assert failed.endswith(
        "on reasoning); raise max_output_tokens under [llm] in kit.toml or in the prompt's front matter" + advice
    ), failed


def test_a_reasoning_model_that_times_out_is_told_to_raise_the_timeout_not_to_lower_an_unset_effort() -> None:
    import asyncio

    from kit import llm
    from kit.config import Config
    from kit.llm import transport

    class Slow:
        async def post(self, *args: Any, **kwargs: Any) -> Any:
            await asyncio.sleep(5)

    chosen = llm.llm_settings(Config.model_validate(
        {"llm": {"model": "o4-mini", "timeout": 0.05, "max_retries": 0, "base_url": "http://127.0.0.1:9/v1"}}
    ))  # fmt: skip
    request = llm.build_request(llm.load_prompt("blog", None), {"audience": "public"}, "", chosen)
    with pytest.raises(llm.RequestFailed) as failed:
        asyncio.run(transport.send(Slow(), request, chosen))  # type: ignore[arg-type]
    assert str(failed.value) == (
        "no reply within 0.05s: raise timeout under [llm], or use a model that does not reason "
        "(model under [llm], or --model)"
    )


# ---- 4, 5. a workspace template's mistakes name its file and line --------------------------


def template_workspace(root: Path, name: str, source: str) -> Path:
    (root / "kit.toml").write_text("")
    (root / "templates").mkdir()
    (root / "templates" / name).write_text(source)
    write_story(root / "stories", "deploys.md", MINIMAL_STORY)
    return root


@pytest.mark.parametrize("tag", ['{% extends "nope.md.j2" %}', '{% include "nope.md.j2" %}'])
def test_an_extends_or_include_of_a_missing_file_says_not_found_where_and_where_it_looked(
    tmp_path: Path, tag: str
) -> None:
    root = template_workspace(tmp_path, "blog.md.j2", f"# A post\n{tag}\n")
    code, _, err = kit_cli("build", root / "stories", "-w", root, "--kind", "blog")
    from kit.render import builtin_dir

    assert code == 2
    assert err == (
        f'error: {root}/templates/blog.md.j2:2: template "nope.md.j2" not found; searched '
        f"{root}/templates/nope.md.j2, {builtin_dir('templates')}/nope.md.j2; check the name on that line "
        "(its extends, include or import)\n"
    )


@pytest.mark.parametrize(
    ("name", "source", "line"),
    [
        ("blog.md.j2", "# A post\n\n{{ no_such_name }}\n", 3),
        ("blog.md.j2", '{% extends "builtin:blog.md.j2" %}\n{% block problem %}\n\n{{ no_such_name }}'
                       "{% endblock %}\n", 4),
        ("talk.fields.j2", '{% extends "builtin:talk.fields.j2" %}\n{% block title %}{{ no_such_name }}'
                           "{% endblock %}\n", 2),
    ],
)  # fmt: skip
def test_an_undefined_variable_names_the_template_file_and_line(
    tmp_path: Path, name: str, source: str, line: int
) -> None:
    root = template_workspace(tmp_path, name, source)
    kind = name.split(".")[0]
    code, _, err = kit_cli("build", root / "stories", "-w", root, "--kind", kind)
    assert code == 2
    assert err == f"error: {root}/templates/{name}:{line}: 'no_such_name' is undefined; check the variable's name\n"


# ---- 6. build repeats validate's warning of an internal figure in public prose ---------------

LEAKY_STORY = MINIMAL_STORY.replace(
    "visibility: public\n", "visibility: public\nsummary: We stopped paying $40k a month for idle GPUs.\n"
).replace(
    "    better: lower\n---",
    "    better: lower\n  - name: GPU spend\n    before: $40k\n    after: $25k\n    period: month\n"
    "    better: lower\n    internal: true\n---",
)
LEAK_WARNING = (
    '"$40k" in the summary is an internal figure (GPU spend, before); public drafts that repeat it fail their '
    "visibility check; say it there without the figure, or drop `internal: true` from its metric if the value "
    "may be public"
)


@pytest.mark.parametrize("llm", [False, True])
def test_build_says_validates_warning_of_an_internal_figure_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, llm: bool
) -> None:
    fake_server(monkeypatch, lambda body, n: chat_reply(body, "ok", None, n))
    root = workspace(tmp_path)
    write_story(root / "stories", "deploys.md", LEAKY_STORY)
    _, _, said = kit_cli("validate", root / "stories")
    assert LEAK_WARNING in said
    args = ["build", root / "stories", "-w", root, "--kind", "blog,onepager,social", *(["--llm"] if llm else [])]
    _, _, err = kit_cli(*args)
    assert err.count("warning: ") == 1 and err.count(LEAK_WARNING) == 1, err
    _, _, err = kit_cli(*args)
    assert "warning" not in err  # nothing rebuilt: nothing new to say


def test_a_build_of_internal_kinds_only_does_not_warn_of_public_drafts(tmp_path: Path) -> None:
    root = workspace(tmp_path)
    write_story(root / "stories", "deploys.md", LEAKY_STORY)
    code, _, err = kit_cli("build", root / "stories", "-w", root, "--kind", "onepager")
    assert code == 0 and "warning" not in err, err


# ---- 7. --json for kit init and kit new -------------------------------------------------------


def test_init_json(tmp_path: Path) -> None:
    code, out, _ = kit_cli("init", tmp_path / "ws", "--json")
    data = json.loads(out)
    assert code == 0 and data["ok"] is True
    assert str(tmp_path / "ws" / "kit.toml") in data["created"]
    assert data["next"] == "edit the story in stories/, then run `kit build stories/`"
    code, out, _ = kit_cli("init", tmp_path / "ws", "--json")
    assert code == 2
    assert json.loads(out) == {"ok": False, "problems": [
        {"path": None, "line": None, "field": None,
         "message": f"{tmp_path / 'ws' / 'kit.toml'} exists already: this is a workspace"}]}  # fmt: skip


def test_new_json(tmp_path: Path) -> None:
    args = ["new", "--title", "Faster deploys", "--team", "Platform", "--author", "Priya", "--metric",
            "Deployment lead time", "--before", "6 weeks", "--after", "2 days", "--out", tmp_path / "s.md"]  # fmt: skip
    code, out, err = kit_cli(*args, "--json")
    assert code == 0, err
    assert json.loads(out) == {
        "ok": True, "path": str(tmp_path / "s.md"), "guessed_better": "lower",
        "next": "write the story below its front matter, under the `##` headings it lists, then run "
                f"`kit validate {tmp_path / 's.md'}`",
    }  # fmt: skip
    code, out, _ = kit_cli(*args, "--json")
    assert code == 2 and json.loads(out)["ok"] is False
