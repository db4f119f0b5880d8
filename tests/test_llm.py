"""LLM drafting, against exchanges recorded honestly.

Every exchange here replays a vcrpy cassette from tests/cassettes/, recorded against the
stub server in tests/stub_server.py (never the real API). Replay is the default and the only
mode when CI is set: a request missing from its cassette fails the test, and no test can
reach a network (the replay base URL is a closed loopback port). After a change to a prompt,
a view or this file, re-record against the stub with:

    KIT_RECORD=1 .venv/bin/pytest -q tests/test_llm.py

Cassettes match on method, path and body (never host or headers: the stub's port changes
between recordings), keep no Authorization header, and are checked against the OpenAI API
description by tests/test_cassettes_spec.py. `recorded` and the rest of the recording
machinery are in tests/cassettes_support.py.
"""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import vcr
from vcr.errors import CannotOverwriteExistingCassetteException

from kit import llm
from kit.config import Config
from kit.errors import LLMError, TemplateError
from kit.kinds import KINDS
from kit.kinds.talk import TalkFields
from kit.llm import DraftJob, DraftResult, transport
from kit.llm.cache import Cache
from kit.llm.usage import format_usage, usage_report
from kit.load import parse_story
from kit.views import context, make_view
from tests.cassettes_support import KEY, RECORDING, REPLAY_URL, recorded
from tests.stub_server import DEFAULT_TEXT, TALK_FIELDS
from tests.support import CASSETTES, MINIMAL_STORY, REPO

LEAKY_STORY = """\
---
title: Feature store halves incidents
date: 2026-05-04
team: Data Platform
visibility: public
authors:
  - name: Ana Lima
    role: Staff Engineer
metrics:
  - name: Incidents per month
    before: 12
    after: 6
    better: lower
  - name: Vendor contract cost
    before: $480k
    after: $310k
    better: lower
    internal: true
quotes:
  - text: We finally sleep through the night.
    by: Ana Lima
  - text: Finance signed off on the renewal savings in a day.
    by: Omar Haddad
    role: CFO
    internal: true
---
## Problem
Incidents woke people up.

## Costs {.internal}
The renewal with Acme Vendor was painful.
"""
INTERNAL_BITS = (
    "Vendor contract cost",
    "480k",
    "310k",
    "Omar Haddad",
    "renewal savings",
    "Acme Vendor",
)

pytestmark = pytest.mark.usefixtures("openai_key")  # OPENAI_API_KEY is KEY, which must never be stored


# ---- Helpers ----------------------------------------------------------------------------


def settings(base_url: str | None, **options: Any) -> llm.Settings:
    config = {"max_retries": 2, "timeout": 10, "prices": {"input": 0.15, "output": 0.6}, **options}
    if RECORDING:  # one at a time, so a cassette's interactions keep the jobs' order
        config.setdefault("concurrency", 1)
    if base_url is not None:
        config["base_url"] = base_url
    return llm.llm_settings(Config.model_validate({"llm": config}))


def story_context(text: str = MINIMAL_STORY, audience: str = "public") -> dict[str, Any]:
    return context(make_view(parse_story(text.encode(), Path("x.md")), audience))


def job(kind: str, text: str = MINIMAL_STORY, key: str | None = None) -> DraftJob:
    if kind == "newsletter":
        ctx = {
            "audience": "internal",
            "title": "Wins",
            "stories": [story_context(text, "internal")],
        }
    else:
        ctx = story_context(text, KINDS[kind].audience if kind in KINDS else "internal")
    skeleton = f"# {ctx.get('title')}\n\nThe template's {kind} draft.\n"
    return DraftJob(key or f"x/{kind}", kind, ctx, skeleton)


def figures_check(*allowed: str) -> llm.Check:
    """A stand-in for the fact check: every number must be one the story gives."""

    def check(job: DraftJob, draft: str | dict[str, Any]) -> list[str]:
        text = draft if isinstance(draft, str) else json.dumps(draft)
        return [
            f"{n}: not supported by the story" for n in re.findall(r"\d+", text) if n not in allowed
        ]

    return check


def only(results: list[DraftResult]) -> DraftResult:
    assert len(results) == 1
    return results[0]


# ---- Imports stay lazy ------------------------------------------------------------------


def _imports_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys; print(' '.join(sys.modules))"],
        cwd=REPO, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return set(out.stdout.split())


def test_importing_kit_llm_does_not_import_openai() -> None:
    loaded = _imports_after("import kit.llm, kit.llm.usage")
    assert "openai" not in loaded
    assert "httpx2" not in loaded


def test_kit_help_does_not_import_openai() -> None:
    if not (REPO / "kit" / "cli" / "__init__.py").is_file():
        pytest.skip("kit/cli/ does not exist yet")
    code = (
        "import sys; sys.argv = ['kit', '--help']\nfrom kit.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass"
    )
    assert "openai" not in _imports_after(code)


# ---- Settings ---------------------------------------------------------------------------


def test_llm_without_key_or_server_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY")
    with pytest.raises(LLMError) as caught:
        llm.llm_settings(Config())
    assert str(caught.value) == (
        "--llm needs a server: set OPENAI_API_KEY for OpenAI, or OPENAI_BASE_URL "
        "(or base_url under [llm] in kit.toml) for an OpenAI-compatible server"
    )
    assert caught.value.exit_code == 2


def test_a_dry_run_needs_no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY")
    assert llm.llm_settings(Config(), dry_run=True).api_key == ""


def test_a_local_server_needs_no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://localhost:11434/v1")
    from_env = llm.llm_settings(Config())
    assert (from_env.base_url, from_env.api_key) == (
        "http://localhost:11434/v1",
        llm.PLACEHOLDER_KEY,
    )
    config = Config.model_validate({"llm": {"base_url": "http://gateway.internal/v1"}})
    assert llm.llm_settings(config).base_url == "http://gateway.internal/v1"  # kit.toml wins


def test_options_override_config_and_the_key_is_never_shown() -> None:
    config = Config.model_validate({"llm": {"model": "m1", "concurrency": 4}})
    chosen = llm.llm_settings(config, model="m2", concurrency=2)
    assert (chosen.model, chosen.concurrency) == ("m2", 2)
    assert KEY not in repr(chosen)


def test_explicit_config_beats_the_prompt_which_beats_the_default() -> None:
    prompt = llm.load_prompt("talk", None)  # front matter: temperature 0.3, max_output_tokens 2000
    ctx = story_context()
    body = llm.build_request(prompt, ctx, "", settings(None)).body
    assert (body["temperature"], body["max_completion_tokens"]) == (0.3, 2000)
    body = llm.build_request(prompt, ctx, "", settings(None, temperature=0.0)).body
    assert (body["temperature"], body["max_completion_tokens"]) == (0.0, 2000)


# ---- Prompts ----------------------------------------------------------------------------


def test_every_kind_has_a_built_in_prompt() -> None:
    assert [kind for kind, _ in llm.prompt_names(None)] == [
        "blog",
        "newsletter",
        "onepager",
        "social",
        "talk",
    ]
    assert llm.load_prompt("talk", None).schema is TalkFields
    assert llm.load_prompt("social", None).schema is KINDS["social"].schema
    assert llm.load_prompt("blog", None).meta.output == "markdown"


def test_a_workspace_prompt_can_extend_the_built_in(tmp_path: Path) -> None:
    (tmp_path / "prompts").mkdir()
    (tmp_path / "prompts" / "blog.prompt").write_text(
        '{% extends "builtin:blog.prompt" %}{% block system %}House style: short.{% endblock %}'
    )
    prompt = llm.load_prompt("blog", tmp_path)
    assert prompt.path == tmp_path / "prompts" / "blog.prompt"
    assert prompt.meta == llm.load_prompt("blog", None).meta  # no front matter: the built-in's
    system, user = llm.render_prompt(prompt, llm.prompt_variables("blog", story_context(), "S"))
    assert system == "House style: short."
    assert user.startswith("Write a blog post for practitioners")


def test_a_prompt_front_matter_mistake_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "prompts").mkdir()
    path = tmp_path / "prompts" / "blog.prompt"
    path.write_text(
        "---\ntemprature: 0.2\n---\n"
        "{% block system %}s{% endblock %}{% block user %}u{% endblock %}"
    )
    with pytest.raises(
        TemplateError, match=re.escape(f"{path}: front matter: temprature: Extra inputs")
    ):
        llm.load_prompt("blog", tmp_path)


def test_the_user_message_holds_facts_rules_and_skeleton() -> None:
    request = llm.build_request(
        llm.load_prompt("blog", None), story_context(), "SKELETON-TEXT", settings(None)
    )
    user = request.body["messages"][1]["content"]
    assert (
        "- Deployment lead time: from 6 weeks to 2 days (95% less time, 21× faster); change 40 days"
        in user
    )
    assert "Use no figure that is not given above" in user
    assert "SKELETON-TEXT" in user
    assert '"before_value"' not in user  # base-unit numbers would invite "3,628,800 seconds"


def test_no_internal_fact_reaches_a_public_kinds_request() -> None:
    public = story_context(LEAKY_STORY, "public")
    for kind in ("blog", "talk"):
        for api in ("chat", "responses"):
            body = json.dumps(
                llm.build_request(
                    llm.load_prompt(kind, None), public, "", settings(None, api=api)
                ).body
            )
            leaked = [bit for bit in INTERNAL_BITS if bit in body]
            assert leaked == [], f"{kind}/{api} request holds internal facts: {leaked}"
            assert "Incidents per month" in body
    internal = story_context(LEAKY_STORY, "internal")
    body = json.dumps(
        llm.build_request(llm.load_prompt("onepager", None), internal, "", settings(None)).body
    )
    assert all(bit in body for bit in INTERNAL_BITS)  # the check above can see them when present
    with pytest.raises(LLMError, match="blog is a public kind: its request needs a public view"):
        llm.build_request(llm.load_prompt("blog", None), internal, "", settings(None))


def test_the_request_hash_covers_method_path_and_body_only() -> None:
    prompt = llm.load_prompt("blog", None)
    a = llm.build_request(prompt, story_context(), "s", settings(None))
    b = llm.build_request(prompt, story_context(), "s", settings("http://elsewhere/v1"))
    c = llm.build_request(prompt, story_context(), "t", settings(None))
    assert a.request_hash == b.request_hash != c.request_hash
    assert a.request_hash == llm.request_hash("POST", "/chat/completions", a.body)


def test_the_talk_schema_is_strict() -> None:
    schema = llm.strict_schema(TalkFields)
    assert schema["additionalProperties"] is False
    assert schema["required"] == list(TalkFields.model_fields)
    item = schema["$defs"]["OutlineItem"]
    assert item["required"] == [
        "minutes",
        "title",
        "points",
    ]  # optional points: required but nullable
    assert "title" in schema["properties"] and "default" not in json.dumps(schema)


# ---- Dry run ----------------------------------------------------------------------------


def test_dry_run_shows_the_exact_requests_and_sends_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY")
    chosen = llm.llm_settings(Config(), dry_run=True)
    jobs = [job("blog"), job("talk")]
    out = llm.dry_run(jobs, chosen, tmp_path)
    lines = out.splitlines()
    assert lines[0] == "# Dry run: 2 request(s), none sent (0 would come from the cache)"
    assert (
        lines[1] == "# server https://api.openai.com/v1, api chat, model gpt-4o-mini, concurrency 8"
    )
    assert re.fullmatch(
        r"# about [\d,]+ input tokens in all \(estimated as characters / 4\)", lines[2]
    )
    assert "## x/talk: POST /chat/completions" in lines
    talk = llm.build_request(
        llm.load_prompt("talk", None), jobs[1].context, jobs[1].skeleton, chosen
    )
    assert json.dumps(talk.body, indent=2, ensure_ascii=False) in out
    assert f"request hash {talk.request_hash}" in out
    assert '"json_schema"' in out and '"max_completion_tokens": 2000' in out
    assert not (tmp_path / ".kit").exists()


# ---- Exchanges (recorded) ---------------------------------------------------------------


def test_each_kind_is_drafted(tmp_path: Path) -> None:
    jobs = [job("blog"), job("talk"), job("onepager"), job("newsletter")]
    progress: list[tuple[int, int]] = []
    with recorded("each_kind") as ex:
        results = llm.draft_all(
            jobs, settings(ex.base_url), tmp_path, progress=lambda d, t: progress.append((d, t))
        )
    assert [r.error for r in results] == [None] * 4
    blog, talk, onepager, newsletter = results
    assert blog.text == DEFAULT_TEXT and blog.fields is None
    assert talk.fields == TALK_FIELDS  # structured output, validated as TalkFields
    assert progress == [(1, 4), (2, 4), (3, 4), (4, 4)]
    meta = blog.meta
    assert (meta["model"], meta["api"], meta["prompt"], meta["status"]) == (
        "gpt-4o-mini",
        "chat",
        "blog.prompt",
        "drafted",
    )
    assert meta["prompt_path"] == str(REPO / "prompts" / "blog.prompt")
    assert meta["input_tokens"] > 0 and meta["output_tokens"] > 0 and meta["cost"] > 0
    assert meta["cached"] is False and meta["requests_sent"] == 1 and meta["repaired"] is False
    assert (
        meta["request_hash"]
        == llm.plan([jobs[0]], settings(ex.base_url), tmp_path)[0].request.request_hash
    )
    assert ex.sent == 4


def test_the_responses_api_option(tmp_path: Path) -> None:
    with recorded("responses_api") as ex:
        results = llm.draft_all(
            [job("blog"), job("talk")], settings(ex.base_url, api="responses"), tmp_path
        )
    blog, talk = results
    assert (blog.error, blog.text, blog.meta["api"]) == (None, DEFAULT_TEXT, "responses")
    assert talk.fields == TALK_FIELDS
    assert [r.path for r in ex.cassette.requests] == ["/v1/responses"] * 2


def test_a_429_is_retried_by_the_sdk(tmp_path: Path) -> None:
    with recorded("rate_limit_then_ok", lambda stub: stub.plan("429")) as ex:
        result = only(llm.draft_all([job("blog")], settings(ex.base_url), tmp_path))
    assert (result.error, result.text) == (None, DEFAULT_TEXT)
    assert ex.sent == 2


def test_a_500_that_exhausts_retries_fails_that_story_only(tmp_path: Path) -> None:
    jobs = [job("blog"), job("onepager", key="boom/onepager")]
    with recorded("server_error", lambda stub: stub.rule("executives", "500")) as ex:
        results = llm.draft_all(jobs, settings(ex.base_url), tmp_path)
    ok, failed = results
    assert (ok.error, ok.text) == (None, DEFAULT_TEXT)
    assert failed.error == (
        "the server answered HTTP 500 after 3 attempts: "
        "The server had an error while processing your request."
    )
    assert failed.text is None and failed.meta["status"] == "failed"
    assert ex.sent == 1 + 3
    assert "failed boom/onepager: the server answered HTTP 500" in llm.format_summary(results)


@pytest.mark.parametrize(
    ("name", "behaviour", "api", "error"),
    [
        ("html_200", "html", "chat",
         "the server answered HTTP 200 with text/html; charset=utf-8, not JSON: "
         "'<!DOCTYPE html><html><head><title>Sign in</title></head><body><h1>Gateway login<'"),
        ("refusal", "refusal", "chat",
         "the model refused: I'm sorry, I can't help with that request."),
        ("refusal_responses", "refusal", "responses",
         "the model refused: I'm sorry, I can't help with that request."),
        ("truncated", "length", "chat",
         "the reply was cut off at the token limit (2500); raise max_output_tokens in the "
         "prompt's front matter or under [llm] in kit.toml"),
        ("truncated_responses", "length", "responses",
         "the reply was cut off at the token limit (2500); raise max_output_tokens in the "
         "prompt's front matter or under [llm] in kit.toml"),
        ("empty_choices", "empty", "chat", "the server returned no choices"),
    ],
)  # fmt: skip
def test_a_reply_the_api_does_not_promise_is_a_story_error(
    tmp_path: Path, name: str, behaviour: str, api: str, error: str
) -> None:
    with recorded(name, lambda stub: stub.plan(behaviour)) as ex:
        result = only(llm.draft_all([job("blog")], settings(ex.base_url, api=api), tmp_path))
    assert result.error == error
    assert result.text is None
    totals = usage_report(tmp_path)["totals"]
    assert (totals["requests"], totals["failed"]) == (1, 1)
    cache = Cache(llm.cache_path(tmp_path))
    try:  # failures are not cached: a re-run asks again
        assert (
            cache.get(
                llm.plan([job("blog")], settings(None, api=api), tmp_path)[0].request.request_hash
            )
            is None
        )
    finally:
        cache.close()


def test_a_structured_reply_that_does_not_parse_gets_one_retry(tmp_path: Path) -> None:
    with recorded("talk_invalid_then_valid", lambda stub: stub.plan("bad_json")) as ex:
        result = only(llm.draft_all([job("talk")], settings(ex.base_url), tmp_path))
    assert (result.error, result.fields) == (None, TALK_FIELDS)
    assert result.meta["retried"] is True and result.meta["requests_sent"] == 2
    assert ex.sent == 2


def test_a_structured_reply_that_never_parses_is_a_story_error(tmp_path: Path) -> None:
    with recorded("talk_invalid_twice", lambda stub: stub.plan("bad_json", "bad_json")) as ex:
        result = only(llm.draft_all([job("talk")], settings(ex.base_url), tmp_path))
    assert result.error is not None
    assert result.error.startswith("the reply is not a valid TalkFields twice: reply: Invalid JSON")
    assert ex.sent == 2


def test_an_unchanged_request_is_answered_from_the_cache(tmp_path: Path) -> None:
    jobs = [job("blog"), job("talk")]
    with recorded("cache_hits") as ex:
        first = llm.draft_all(jobs, settings(ex.base_url), tmp_path)
        sent = ex.sent
        second = llm.draft_all(jobs, settings(ex.base_url), tmp_path)
        assert ex.sent == sent == 2  # the second run sent nothing
    assert [r.text for r in second] == [r.text for r in first]
    assert second[1].fields == TALK_FIELDS
    assert [r.meta["cached"] for r in second] == [True, True]
    assert [r.meta["cost"] for r in second] == [0.0, 0.0]
    assert "2 drafted (2 from the cache)" in llm.format_summary(second)
    totals = usage_report(tmp_path)["totals"]
    assert (totals["requests"], totals["sent"], totals["cached"]) == (4, 2, 2)


def test_no_cache_sends_again_and_still_records(tmp_path: Path) -> None:
    with recorded("no_cache") as ex:
        llm.draft_all([job("blog")], settings(ex.base_url), tmp_path)
        again = only(llm.draft_all([job("blog")], settings(ex.base_url), tmp_path, no_cache=True))
        assert ex.sent == 2
    assert again.meta["cached"] is False
    assert usage_report(tmp_path)["totals"]["sent"] == 2


BAD = "Deployment lead time went from 6 weeks to 2 days, 30× faster.\n"
GOOD = "Deployment lead time went from 6 weeks to 2 days, 21× faster.\n"
STILL_BAD = "Deployment lead time went from 6 weeks to 2 days, 25× faster.\n"


def test_a_draft_with_an_invented_figure_gets_one_repair(tmp_path: Path) -> None:
    check = figures_check("6", "2", "21", "95", "40")
    with recorded("repair_fixed", lambda stub: stub.say(BAD, GOOD)) as ex:
        result = only(llm.draft_all([job("blog")], settings(ex.base_url), tmp_path, check=check))
    assert (result.error, result.text) == (None, GOOD)
    assert (result.meta["repaired"], result.meta["status"], result.meta["check_problems"]) == (
        True,
        "drafted",
        [],
    )
    assert result.meta["requests_sent"] == 2
    repair = result.meta["request_hash"]
    assert repair != result.meta["request_hashes"][0]
    body = json.loads(ex.cassette.requests[-1].body)
    assert body["messages"][-2] == {"role": "assistant", "content": BAD}
    assert "- 30: not supported by the story" in body["messages"][-1]["content"]


def test_a_draft_that_stays_wrong_is_marked_for_review(tmp_path: Path) -> None:
    check = figures_check("6", "2", "21", "95", "40")
    with recorded("repair_needs_review", lambda stub: stub.say(BAD, STILL_BAD)) as ex:
        result = only(llm.draft_all([job("blog")], settings(ex.base_url), tmp_path, check=check))
    assert (result.error, result.text) == (None, STILL_BAD)
    assert result.meta["status"] == "needs-review"
    assert result.meta["check_problems"] == ["25: not supported by the story"]
    assert "needs review x/blog: 25: not supported by the story" in llm.format_summary([result])
    assert ex.sent == 2


def test_a_re_run_repeats_the_repair_from_the_cache(tmp_path: Path) -> None:
    check = figures_check("6", "2", "21", "95", "40")
    with recorded("repair_cached", lambda stub: stub.say(BAD, GOOD)) as ex:
        llm.draft_all([job("blog")], settings(ex.base_url), tmp_path, check=check)
        again = only(llm.draft_all([job("blog")], settings(ex.base_url), tmp_path, check=check))
        assert ex.sent == 2
    assert (again.text, again.meta["cached"], again.meta["repaired"]) == (GOOD, True, True)


# ---- The key is never stored; usage -----------------------------------------------------


def test_the_api_key_is_never_stored(tmp_path: Path) -> None:
    with recorded("each_kind") as ex:
        llm.draft_all(
            [job("blog"), job("talk"), job("onepager"), job("newsletter")],
            settings(ex.base_url),
            tmp_path,
        )
    database = llm.cache_path(tmp_path)
    assert database == tmp_path / ".kit" / "llm.sqlite"
    assert KEY.encode() not in database.read_bytes()
    for cassette in CASSETTES.glob("*.yaml"):
        text = cassette.read_text()
        assert KEY not in text and "Bearer" not in text, cassette.name
        assert "authorization" not in text.lower(), cassette.name


def test_usage_is_reported_by_day_model_and_kind(tmp_path: Path) -> None:
    with recorded("cache_hits") as ex:
        llm.draft_all([job("blog"), job("talk")], settings(ex.base_url), tmp_path)
        llm.draft_all([job("blog"), job("talk")], settings(ex.base_url), tmp_path)
    report = usage_report(tmp_path)
    assert [(r["model"], r["kind"], r["requests"], r["cached"]) for r in report["rows"]] == [
        ("gpt-4o-mini", "blog", 2, 1),
        ("gpt-4o-mini", "talk", 2, 1),
    ]
    rows = (
        sqlite3.connect(llm.cache_path(tmp_path))
        .execute("SELECT story, cost FROM log ORDER BY id")
        .fetchall()
    )
    assert rows[0][0] in ("x/blog", "x/talk") and rows[0][1] > 0 and rows[-1][1] == 0
    assert report["totals"]["cost"] == pytest.approx(
        sum(r["cost"] for r in report["rows"]), abs=1e-6
    )
    assert report["totals"]["cost"] > 0
    table = format_usage(report).splitlines()
    assert table[0].split() == ["day", "model", "kind", "requests", "sent", "cached", "failed",
                                "tokens", "in", "tokens", "out", "cost", "(USD)"]  # fmt: skip
    assert table[-1].split()[:4] == ["total", "4", "2", "2"]
    json.dumps(report)  # `kit usage --json` prints it as is


def test_usage_with_nothing_logged(tmp_path: Path) -> None:
    report = usage_report(tmp_path)
    assert report["rows"] == [] and report["totals"]["requests"] == 0
    assert (
        format_usage(report) == f"No LLM requests logged yet ({tmp_path / '.kit' / 'llm.sqlite'})."
    )
    assert not (tmp_path / ".kit").exists()


def test_vcr_intercepts_httpx2(tmp_path: Path) -> None:
    """An empty cassette in replay mode refuses the request: vcr, not a network, answered."""
    empty = vcr.VCR(
        cassette_library_dir=str(tmp_path), record_mode="none", match_on=["method", "path", "body"]
    )
    (tmp_path / "empty.yaml").write_text("interactions: []\nversion: 1\n")
    with empty.use_cassette("empty.yaml"), pytest.raises(CannotOverwriteExistingCassetteException):
        llm.draft_all([job("blog")], settings(REPLAY_URL), tmp_path)


def test_requests_in_flight_never_exceed_the_bound(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No server at all: `transport.send` is replaced, to watch how many requests are in flight."""
    import asyncio

    from tests.stub_server import chat_reply

    flying, most = 0, 0

    async def fake_send(client: Any, request: llm.Request, chosen: llm.Settings) -> dict[str, Any]:
        nonlocal flying, most
        flying += 1
        most = max(most, flying)
        await asyncio.sleep(0.01)
        flying -= 1
        if "Story 3 " in json.dumps(request.body):
            raise llm.RequestFailed("the server answered HTTP 500 after 3 attempts: boom")
        return chat_reply(request.body, "ok", None, 1)

    monkeypatch.setattr(transport, "send", fake_send)
    stories = [MINIMAL_STORY.replace("title: Model", f"title: Story {n} Model") for n in range(12)]
    jobs = [job("blog", text, key=f"s{n}/blog") for n, text in enumerate(stories)]
    results = llm.draft_all(jobs, settings(REPLAY_URL, concurrency=3), tmp_path)
    assert most == 3
    assert [r.job.key for r in results if r.error] == ["s3/blog"]
    assert sum(r.ok for r in results) == 11
