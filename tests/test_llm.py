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
from dataclasses import replace
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
from tests.support import CASSETTES, MINIMAL_STORY, REPO, kit_cli, write_story

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
            "stories": [{**story_context(text, "internal"), "slug": "x"}],
        }
    else:
        ctx = story_context(text, KINDS[kind].audience if kind in KINDS else "internal")
    skeleton = f"# {ctx.get('title')}\n\nThe template's {kind} draft.\n"
    return DraftJob(key or f"x/{kind}", kind, ctx, skeleton)


def figures_check(*allowed: str) -> llm.Check:
    """A stand-in for the fact check: every number must be one the story gives."""

    def check(job: DraftJob, draft: str | dict[str, Any]) -> list[str]:
        text = draft if isinstance(draft, str) else json.dumps(draft)
        return [f"{n}: not supported by the story" for n in re.findall(r"\d+", text) if n not in allowed]

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
    path.write_text("---\ntemprature: 0.2\n---\n{% block system %}s{% endblock %}{% block user %}u{% endblock %}")
    with pytest.raises(TemplateError, match=re.escape(f"{path}: front matter: temprature: Extra inputs")):
        llm.load_prompt("blog", tmp_path)


def test_the_user_message_holds_facts_rules_and_skeleton() -> None:
    request = llm.build_request(llm.load_prompt("blog", None), story_context(), "SKELETON-TEXT", settings(None))
    user = request.body["messages"][1]["content"]
    assert "- Deployment lead time: from 6 weeks to 2 days (95% less time, 21× faster); change 40 days" in user
    assert "Use no figure that is not given above" in user
    assert "SKELETON-TEXT" in user
    assert '"before_value"' not in user  # base-unit numbers would invite "3,628,800 seconds"


def test_no_internal_fact_reaches_a_public_kinds_request() -> None:
    public = story_context(LEAKY_STORY, "public")
    for kind in ("blog", "talk"):
        for api in ("chat", "responses"):
            body = json.dumps(llm.build_request(llm.load_prompt(kind, None), public, "", settings(None, api=api)).body)
            leaked = [bit for bit in INTERNAL_BITS if bit in body]
            assert leaked == [], f"{kind}/{api} request holds internal facts: {leaked}"
            assert "Incidents per month" in body
    internal = story_context(LEAKY_STORY, "internal")
    body = json.dumps(llm.build_request(llm.load_prompt("onepager", None), internal, "", settings(None)).body)
    assert all(bit in body for bit in INTERNAL_BITS)  # the check above can see them when present
    with pytest.raises(LLMError, match="blog is a public kind: its request needs a public view"):
        llm.build_request(llm.load_prompt("blog", None), internal, "", settings(None))


def test_the_request_hash_covers_the_server_method_path_and_body() -> None:
    prompt = llm.load_prompt("blog", None)
    a = llm.build_request(prompt, story_context(), "s", settings(None))
    b = llm.build_request(prompt, story_context(), "s", settings("http://elsewhere/v1", server="openai"))
    c = llm.build_request(prompt, story_context(), "t", settings(None))
    assert a.body == b.body and a.request_hash != b.request_hash != c.request_hash  # another server, another reply
    assert a.request_hash == llm.request_hash("POST", "/chat/completions", a.body, "openai https://api.openai.com/v1")
    with_key = settings("http://user:hunter22@gateway.internal/v1", server="openai")
    assert "hunter22" not in with_key.identity and "hunter22" not in with_key.server


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


def test_dry_run_shows_the_exact_requests_and_sends_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY")
    chosen = llm.llm_settings(Config(), dry_run=True)
    jobs = [job("blog"), job("talk")]
    out = llm.format_dry_run(llm.dry_run(jobs, chosen, tmp_path))
    lines = out.splitlines()
    assert lines[0] == "# Dry run: 2 request(s), none sent (0 would come from the cache)"
    assert lines[1] == "# server https://api.openai.com/v1, api chat, model gpt-4o-mini, concurrency 8"
    assert lines[2] == (
        "# profile openai (OpenAI): 120s per attempt, retries a timeout; structured output as json_schema"
    )
    assert re.fullmatch(r"# about [\d,]+ input tokens in all \(estimated as characters / 4\)", lines[3])
    assert "## x/talk: POST /chat/completions" in lines
    talk = llm.build_request(llm.load_prompt("talk", None), jobs[1].context, jobs[1].skeleton, chosen)
    assert json.dumps(talk.body, indent=2, ensure_ascii=False) in out
    assert f"request hash {talk.request_hash}" in out
    assert '"json_schema"' in out and '"max_completion_tokens": 2000' in out
    assert not (tmp_path / ".kit").exists()


# ---- Exchanges (recorded) ---------------------------------------------------------------


def test_each_kind_is_drafted(tmp_path: Path) -> None:
    jobs = [job("blog"), job("talk"), job("onepager"), job("newsletter")]
    progress: list[tuple[int, int]] = []
    with recorded("each_kind") as ex:
        results = llm.draft_all(jobs, settings(ex.base_url), tmp_path, progress=lambda d, t: progress.append((d, t)))
    assert [r.error for r in results] == [None] * 4
    blog, talk, onepager, newsletter = results
    assert blog.text == DEFAULT_TEXT and blog.fields is None
    assert talk.fields == TALK_FIELDS  # structured output, validated as TalkFields
    assert newsletter.fields is not None and [b["slug"] for b in newsletter.fields["blurbs"]] == ["x"]
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
    assert meta["request_hash"] == llm.plan([jobs[0]], settings(ex.base_url), tmp_path)[0].request.request_hash
    assert ex.sent == 4


def test_the_responses_api_option(tmp_path: Path) -> None:
    with recorded("responses_api") as ex:
        results = llm.draft_all([job("blog"), job("talk")], settings(ex.base_url, api="responses"), tmp_path)
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
        "the server answered HTTP 500 after 3 attempts: The server had an error while processing your request."
    )
    assert failed.text is None and failed.meta["status"] == "failed"
    assert ex.sent == 1 + 3
    summary = llm.format_summary(results)
    assert "1 failed" in summary and "HTTP 500" not in summary  # the caller reports each failure once
    rows = usage_report(tmp_path)["totals"]  # every attempt logged, the two retries too
    assert (rows["requests"], rows["failed"]) == (4, 3)


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
         "the reply was cut off at the token limit (2500); raise max_output_tokens under [llm] "
         "in kit.toml or in the prompt's front matter"),
        ("truncated_responses", "length", "responses",
         "the reply was cut off at the token limit (2500); raise max_output_tokens under [llm] "
         "in kit.toml or in the prompt's front matter"),
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
        assert cache.get(llm.plan([job("blog")], settings(None, api=api), tmp_path)[0].request.request_hash) is None
    finally:
        cache.close()


def test_a_structured_reply_that_does_not_parse_gets_one_retry(tmp_path: Path) -> None:
    with recorded("talk_invalid_then_valid", lambda stub: stub.plan("bad_json")) as ex:
        result = only(llm.draft_all([job("talk")], settings(ex.base_url), tmp_path))
    assert (result.error, result.fields) == (None, TALK_FIELDS)
    assert result.meta["retried"] is True and result.meta["requests_sent"] == 2
    assert ex.sent == 2
    note = json.loads(ex.cassette.requests[-1].body)["messages"][-1]["content"]
    assert 'matching this JSON schema (TalkFields) exactly:\n{"$defs":{"OutlineItem"' in note  # the schema, shown


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
    rows = sqlite3.connect(llm.cache_path(tmp_path)).execute("SELECT story, cost FROM log ORDER BY id").fetchall()
    assert rows[0][0] in ("x/blog", "x/talk") and rows[0][1] > 0 and rows[-1][1] == 0
    assert report["totals"]["cost"] == pytest.approx(sum(r["cost"] for r in report["rows"]), abs=1e-6)
    assert report["totals"]["cost"] > 0
    table = format_usage(report).splitlines()
    assert table[0].split() == ["day", "model", "kind", "requests", "sent", "cached", "failed",
                                "tokens", "in", "tokens", "out", "cost", "(USD)"]  # fmt: skip
    assert table[-4].split()[:4] == ["total", "4", "2", "2"]
    assert table[-2:] == ["by model:", "  gpt-4o-mini: 4 requests (0 failed), " + table[-1].split(", ", 1)[1]]
    json.dumps(report)  # `kit usage --json` prints it as is


def test_usage_with_nothing_logged(tmp_path: Path) -> None:
    report = usage_report(tmp_path)
    assert report["rows"] == [] and report["totals"]["requests"] == 0
    assert format_usage(report) == f"No LLM requests logged yet ({tmp_path / '.kit' / 'llm.sqlite'})."
    assert not (tmp_path / ".kit").exists()


def test_vcr_intercepts_httpx2(tmp_path: Path) -> None:
    """An empty cassette in replay mode refuses the request: vcr, not a network, answered."""
    empty = vcr.VCR(cassette_library_dir=str(tmp_path), record_mode="none", match_on=["method", "path", "body"])
    (tmp_path / "empty.yaml").write_text("interactions: []\nversion: 1\n")
    with empty.use_cassette("empty.yaml"), pytest.raises(CannotOverwriteExistingCassetteException):
        llm.draft_all([job("blog")], settings(REPLAY_URL), tmp_path)


def test_requests_in_flight_never_exceed_the_bound(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No server at all: `transport.send` is replaced, to watch how many requests are in flight."""
    import asyncio

    from tests.stub_server import chat_reply

    flying, most = 0, 0

    async def fake_send(
        client: Any, request: llm.Request, chosen: llm.Settings, on_attempt: Any = None
    ) -> dict[str, Any]:
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


def test_requests_leave_while_the_rest_are_planned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 13: the first request is on its way before the last one is built; no server at all."""
    import asyncio

    from kit.llm import run as running
    from tests.stub_server import chat_reply

    events: list[str] = []
    plan_one = running.plan_one

    def planning(job: DraftJob, prompt: llm.Prompt, chosen: llm.Settings) -> Any:
        events.append(f"plan {job.key}")
        return plan_one(job, prompt, chosen)

    async def fake_send(
        client: Any, request: llm.Request, chosen: llm.Settings, on_attempt: Any = None
    ) -> dict[str, Any]:
        events.append("send")
        await asyncio.sleep(0.01)
        return chat_reply(request.body, "ok", None, 1)

    monkeypatch.setattr(running, "plan_one", planning)
    monkeypatch.setattr(transport, "send", fake_send)
    stories = [MINIMAL_STORY.replace("title: Model", f"title: Story {n} Model") for n in range(8)]
    jobs = [job("blog", text, key=f"s{n}/blog") for n, text in enumerate(stories)]
    results = llm.draft_all(jobs, settings(REPLAY_URL, concurrency=4), tmp_path)
    assert [r.job.key for r in results] == [j.key for j in jobs] and all(r.ok for r in results)
    assert events.index("send") < events.index("plan s7/blog")
    assert events[0] == "plan s0/blog"  # each kind's first request is built before anything is sent

    def no_client(chosen: llm.Settings) -> Any:
        raise AssertionError("a run the cache answers makes no client (and never imports openai)")

    monkeypatch.setattr(transport, "client", no_client)
    again = llm.draft_all(jobs, settings(REPLAY_URL, concurrency=4), tmp_path)
    assert [r.text for r in again] == [r.text for r in results] and all(r.meta["cached"] for r in again)


def test_a_prompt_that_does_not_render_for_a_later_story_stops_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Requests go out while the rest are built: one that cannot be built stops the run; no server at all."""
    import asyncio

    from tests.stub_server import chat_reply

    sent = []

    async def fake_send(
        client: Any, request: llm.Request, chosen: llm.Settings, on_attempt: Any = None
    ) -> dict[str, Any]:
        sent.append(request)
        await asyncio.sleep(0.01)
        return chat_reply(request.body, "ok", None, 1)

    monkeypatch.setattr(transport, "send", fake_send)
    (tmp_path / "prompts").mkdir()
    (tmp_path / "prompts" / "blog.prompt").write_text(  # the first story has a quote, the second none
        '{% extends "builtin:blog.prompt" %}{% block user %}{{ super() }} {{ quotes[0].text }}{% endblock %}'
    )
    jobs = [job("blog", LEAKY_STORY, key="quoted/blog"), job("blog", key="plain/blog")]
    with pytest.raises(TemplateError, match="blog.prompt"):
        llm.draft_all(jobs, settings(REPLAY_URL), tmp_path)
    assert len(sent) == 1  # the first story's request left before the second's was built
    cache = Cache(llm.cache_path(tmp_path))
    assert cache.rows() == []  # called off on its way: nothing logged, nothing cached
    cache.close()


def test_the_cache_serves_what_its_writer_has_not_committed_yet(tmp_path: Path) -> None:
    """Writes go to a thread that commits them in batches: reads see them at once, a new Cache after close."""
    path = llm.cache_path(tmp_path)
    cache = Cache(path, secrets=("not-for-the-disk",))
    cache.put("h1", "chat", "m", {"answer": "one, not-for-the-disk"})
    cache.mark("h1", "failed-checks")
    cache.put("h2", "chat", "m", {"answer": "two"})
    for n in range(50):
        cache.log(llm.LogEntry("m", "blog", f"s{n}/blog", "h1"))
    assert cache.get("h1") == {"answer": "one, [hidden]"} and cache.get("h1", final=True) is None
    assert cache.get("h2", final=True) == {"answer": "two"}
    assert [row["story"] for row in cache.rows()] == [f"s{n}/blog" for n in range(50)]
    cache.close()
    again = Cache(path)
    try:
        assert again.get("h1") == {"answer": "one, [hidden]"} and again.get("h1", final=True) is None
        assert again.get("h2", final=True) == {"answer": "two"}
        assert len(again.rows()) == 50
    finally:
        again.close()


def test_a_write_the_cache_cannot_commit_is_raised_not_lost(tmp_path: Path) -> None:
    cache = Cache(llm.cache_path(tmp_path))
    other = sqlite3.connect(llm.cache_path(tmp_path))
    other.execute("DROP TABLE log")
    other.close()
    cache.log(llm.LogEntry("m", "blog", "x/blog", "h"))
    with pytest.raises(sqlite3.OperationalError, match="no such table: log"):
        cache.close()


def test_work_in_worker_processes_comes_back_in_order_and_its_errors_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio
    import os

    import kit.pool
    from kit.llm import workers

    monkeypatch.setattr(workers, "POOL_AT", 1)
    monkeypatch.setattr(kit.pool, "workers", lambda: 2)  # two worker processes, on any machine
    here = os.getpid()

    def work(n: int) -> tuple[int, int]:
        if n < 0:
            raise LLMError(f"{n} is negative")
        return n * 2, os.getpid()

    async def every(call: Any) -> list[tuple[int, int]]:
        return list(await asyncio.gather(*(call(n) for n in range(6))))

    with workers.in_workers(work, 6) as call:
        done = asyncio.run(every(call))
        with pytest.raises(LLMError, match="^-1 is negative$"):  # made again here: the error comes whole
            asyncio.run(call(-1))
    assert [n for n, _ in done] == [0, 2, 4, 6, 8, 10]
    assert here not in {pid for _, pid in done}
    with workers.in_workers(work, 0) as call:  # too little work for worker processes: done here
        assert asyncio.run(call(1)) == (2, here)


# ---- Issue 12: the servers people use ---------------------------------------------------
# One test (or more) per row of the table; cassettes recorded against the stub's
# server modes (tests/stub_server.py: reasoning, ollama, and the error behaviours).

REASONING_STORY_CHECK = figures_check("6", "2", "21", "95", "40")


def user_message(request: llm.Request) -> str:
    turns = request.body.get("messages") or request.body["input"]
    return next(t["content"] for t in turns if t["role"] == "user")


def sent_bodies(ex: Any) -> list[dict[str, Any]]:
    return [json.loads(r.body) for r in ex.cassette.requests]


def test_a_reasoning_model_gets_an_effort_room_to_reason_and_no_temperature(tmp_path: Path) -> None:
    chosen = settings(None, model="gpt-5-mini")
    body = llm.build_request(llm.load_prompt("blog", None), story_context(), "", chosen).body
    assert "temperature" not in body  # the prompt's temperature is for models that sample
    assert (body["reasoning_effort"], body["max_completion_tokens"]) == ("low", 2500 + 4000)
    effort = llm.build_request(
        llm.load_prompt("blog", None), story_context(), "", settings(None, reasoning_effort="high")
    ).body  # a deployment name says nothing: the setting does
    assert (effort["reasoning_effort"], effort["max_completion_tokens"]) == ("high", 2500 + 30000)
    explicit = settings(None, model="gpt-5-mini", max_output_tokens=900)
    assert (
        llm.build_request(llm.load_prompt("blog", None), story_context(), "", explicit).body["max_completion_tokens"]
        == 900
    )  # set in kit.toml: sent as set
    with recorded("reasoning_model", mode="reasoning") as ex:
        chosen = settings(ex.base_url, model="gpt-5-mini", server="openai")
        result = only(llm.draft_all([job("blog")], chosen, tmp_path))
    assert (result.error, result.text, ex.sent) == (None, DEFAULT_TEXT, 1)


def test_the_responses_api_sends_reasoning_the_same_way() -> None:
    chosen = settings(None, model="o4-mini", api="responses")
    body = llm.build_request(llm.load_prompt("talk", None), story_context(), "", chosen).body
    assert "temperature" not in body
    assert (body["reasoning"], body["max_output_tokens"], body["store"]) == ({"effort": "low"}, 2000 + 4000, False)


def test_a_refused_parameter_is_dropped_once_and_said_once(tmp_path: Path) -> None:
    """A model named for its deployment: kit learns from OpenAI's own 400s, not from the name."""
    options = {"model": "drafting-deployment", "server": "compatible", "temperature": 0.3,
               "reasoning_effort": "low", "concurrency": 1}  # fmt: skip
    with recorded("reasoning_refuses_parameters", mode="reasoning") as ex:
        results = llm.draft_all([job("blog"), job("onepager")], settings(ex.base_url, **options), tmp_path)
    assert [r.error for r in results] == [None, None]
    first, second, third, fourth = sent_bodies(ex)
    assert first["temperature"] == 0.3 and "max_tokens" in first
    assert "temperature" not in second and "max_tokens" in second
    assert "max_tokens" not in third and third["max_completion_tokens"] == 2500 + 4000
    assert "temperature" not in fourth and "max_completion_tokens" in fourth  # the second story: learnt
    summary = llm.format_summary(results)
    assert summary.count("does not take `temperature`") == 1
    assert summary.count("does not take `max_tokens`") == 1
    assert "leave temperature unset under [llm] and in the prompt's front matter" in summary
    totals = usage_report(tmp_path)["totals"]
    assert (totals["requests"], totals["failed"]) == (4, 2)  # every attempt is in the log


def test_a_reply_spent_on_reasoning_names_the_setting_and_its_tokens_are_counted(tmp_path: Path) -> None:
    chosen = {"model": "drafting-deployment", "server": "openai"}  # no effort sent: the model reasons at medium
    with recorded("reasoning_spent_budget", mode="reasoning") as ex:
        result = only(llm.draft_all([job("onepager")], settings(ex.base_url, **chosen), tmp_path))
    assert result.error == (
        "the reply was cut off at the token limit (1500, 1,500 of them on reasoning); raise max_output_tokens "
        "under [llm] in kit.toml or in the prompt's front matter, or use a model that does not reason (model "
        "under [llm], or --model)"
    )  # no reasoning_effort was set: lowering it is no advice
    assert ex.sent == 2  # the prompt's temperature refused, then the empty reply
    row = usage_report(tmp_path)["totals"]
    assert row["output_tokens"] == 1500 and row["failed"] == 2 and row["cost"] > 0  # billed, so counted


@pytest.mark.parametrize(
    ("behaviour", "message"),
    [
        ("401", "the server answered HTTP 401 invalid_api_key: Incorrect API key provided: sk-[hidden]. You can "
                "find your API key at https://platform.openai.com/account/api-keys.; set OPENAI_API_KEY to a valid "
                "key for http://127.0.0.1:9/v1"),
        ("404_model", "the server answered HTTP 404 model_not_found: The model `gpt-4o-mini` does not exist or "
                      'you do not have access to it.; model "gpt-4o-mini" is not available: set model under '
                      "[llm] in kit.toml to a model the server has, or pass --model"),
        ("quota", "the server answered HTTP 429 insufficient_quota: You exceeded your current quota, please "
                  "check your plan and billing details. For more information on this error, read the docs: "
                  "https://platform.openai.com/docs/guides/error-codes/api-errors.; the account behind the key "
                  "has no quota left: add credit or raise its limits (not retried: it would fail the same way)"),
    ],
)  # fmt: skip
def test_a_bad_key_an_unknown_model_or_no_quota_stops_the_run(tmp_path: Path, behaviour: str, message: str) -> None:
    jobs = [job("blog", key="a/blog"), job("onepager", key="b/onepager"), job("talk", key="c/talk")]
    with recorded(f"stop_{behaviour}", lambda stub: stub.plan(behaviour)) as ex:
        with pytest.raises(llm.StopRun) as caught:
            llm.draft_all(jobs, settings(ex.base_url, concurrency=1), tmp_path)
        assert ex.sent == 1  # nothing more sent, and no retry
    shown = str(caught.value).replace(ex.base_url, REPLAY_URL)
    assert shown == f"{message}. The run stopped: 0 of 3 drafts done, nothing more sent"
    assert caught.value.exit_code == 2
    assert usage_report(tmp_path)["totals"]["requests"] == 1


def test_a_retry_after_longer_than_kit_waits_is_said_not_retried(tmp_path: Path) -> None:
    with recorded("retry_after_too_long", lambda stub: stub.plan("429_long")) as ex:
        result = only(llm.draft_all([job("blog")], settings(ex.base_url), tmp_path))
    assert result.error == (
        "the server answered HTTP 429: Rate limit reached for requests per day.; the server asks to wait 300s "
        "before another attempt, longer than kit waits (60s): run again later"
    )
    assert ex.sent == 1


def test_usage_has_tokens_and_cost_per_model_at_each_models_price() -> None:
    from kit.llm.prices import OPENAI_PRICES, PRICES_AS_OF, model_price

    table = {"input": 1, "output": 2, "models": {"gpt-5": {"input": 9, "output": 9}}}
    prices = Config.model_validate({"llm": {"prices": table}}).llm.prices
    assert model_price("gpt-5", prices) == (9, 9)  # the workspace's row wins
    assert model_price("gpt-4o-mini-2024-07-18", prices) == OPENAI_PRICES["gpt-4o-mini"]  # a dated snapshot
    assert model_price("gpt-5-mini", prices) == (0.25, 2.00)
    assert model_price("llama3.1:8b", prices) == (1, 2)  # no row: the flat price
    assert model_price("llama3.1:8b", prices, local=True) == (0.0, 0.0)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", PRICES_AS_OF)


def test_usage_by_model(tmp_path: Path) -> None:
    cache = Cache(llm.cache_path(tmp_path))
    for model, tokens, cost in (("gpt-5-mini", 100, 0.5), ("gpt-5-mini", 50, 0.25), ("o3", 10, 1.0)):
        cache.log(llm.LogEntry(model, "blog", "x/blog", "h", tokens, tokens, 0.1, cost))
    cache.close()
    report = usage_report(tmp_path)
    assert [(m["model"], m["requests"], m["input_tokens"], m["cost"]) for m in report["models"]] == [
        ("gpt-5-mini", 2, 150, 0.75),
        ("o3", 1, 10, 1.0),
    ]
    assert "by model" in format_usage(report)


def test_no_secret_reaches_a_file_a_log_row_or_the_screen(tmp_path: Path) -> None:
    """The key planted in the environment and echoed (masked) by OpenAI's 401, a password in the
    server's URL: nothing kit writes or prints holds any of them."""
    from tests.support import kit_cli, write_story

    password = "pw-9d2c1e7b55"
    masked = KEY[:8]  # OpenAI's 401 message shows the key's first 8 and last 4 characters
    write_story(tmp_path / "stories", "deploys.md", MINIMAL_STORY)
    with recorded("secrets_401", lambda stub: stub.plan("401")) as ex:
        (tmp_path / "kit.toml").write_text(f'[llm]\nbase_url = "{ex.base_url}"\nconcurrency = 1\n')
        code, out, err = kit_cli("build", tmp_path / "stories", "--llm", "-w", tmp_path, "--kind", "blog")
    assert code == 2 and err.count("error: ") == 1, err
    assert "Incorrect API key provided: sk-[hidden]" in err and "set OPENAI_API_KEY to a valid key" in err
    url = "http://kit-user:" + password + "@gateway.internal/v1?api-key=" + password
    (tmp_path / "kit.toml").write_text(f'[llm]\nbase_url = "{url}"\n')
    dry = kit_cli("build", tmp_path / "stories", "--llm", "--dry-run", "-w", tmp_path, "--kind", "blog")
    assert dry.code == 0 and "# server http://[hidden]@gateway.internal/v1?api-key=[hidden]," in dry.out
    for text in (out, err, dry.out, dry.err):
        assert KEY not in text and password not in text and masked not in text
    cassette = (CASSETTES / "secrets_401.yaml").read_text()
    assert masked not in cassette and KEY not in cassette
    ours = {tmp_path / "kit.toml", tmp_path / "stories" / "deploys.md"}  # the test's own: the rest is kit's
    written = [p for p in tmp_path.rglob("*") if p.is_file() and p not in ours]
    assert llm.cache_path(tmp_path) in written
    for path in written:
        data = path.read_bytes()
        for secret in (KEY, password, masked):
            assert secret.encode() not in data, f"{secret} in {path}"
    assert llm.scrub(f"api-key: {password}, Authorization: Bearer {KEY}") == (
        "api-key: [hidden], Authorization: [hidden]"
    )


# ---- Replies that land clean --------------------------------------------------------------


def test_the_prompt_says_each_fact_once_and_no_bookkeeping() -> None:
    skeleton = "# Deploys\n\n## Problem\n\nDeploys took weeks.\n"
    user = user_message(llm.build_request(llm.load_prompt("blog", None), story_context(), skeleton, settings(None)))
    assert user.count("from 6 weeks to 2 days (95% less time, 21× faster)") == 1
    assert user.count("Deploys took weeks.") == 1  # in the skeleton only
    for bookkeeping in ('"slug"', '"before_value"', '"dimension"', '"approximate"', '"visibility"', "\n  "):
        assert bookkeeping not in user
    assert "front matter" not in user.replace("no front matter", "")  # the skeleton has none to keep
    old = 4400 * 4  # the issue measured 3.6-4.4k tokens per prompt
    assert len(json.dumps(llm.build_request(llm.load_prompt("blog", None), story_context(), skeleton,
                                            settings(None)).body)) < old / 4  # fmt: skip


def test_the_talk_prompt_states_the_cfps_limits() -> None:
    from kit.kinds.talk import cfp_limits

    for cfp, wanted in (("kubecon", ("at most 75 characters", "at most 1,300 characters")),
                        ("generic", ("at most 100 characters", "at most 300 words"))):  # fmt: skip
        request = llm.build_request(
            llm.load_prompt("talk", None), story_context(), "", settings(None), limits=cfp_limits(cfp, Config())
        )
        user = user_message(request)
        assert all(w in user for w in wanted), cfp
    pycon = cfp_limits("pycon", Config())
    request = llm.build_request(llm.load_prompt("talk", None), story_context(), "", settings(None), limits=pycon)
    assert "1,300" not in user_message(request)


def test_a_chatty_reply_is_cleaned_before_it_is_checked(tmp_path: Path) -> None:
    with recorded("chatty_markdown", lambda stub: stub.plan("chatty")) as ex:
        result = only(llm.draft_all([job("blog")], settings(ex.base_url), tmp_path))
    assert result.text == DEFAULT_TEXT  # no "Here is...", no fence, no second front matter
    assert result.meta["cleaned"] == ["fence", "front matter", "preamble"]


def test_clean_markdown_keeps_a_clean_reply_as_it_is() -> None:
    text = "# Title\n\nBody with `code` and a list:\n\n- one\n"
    assert llm.clean_markdown(text) == (text, [])


def test_a_field_over_the_cfps_limit_gets_a_repair_naming_it(tmp_path: Path) -> None:
    from kit.kinds.talk import cfp_limits

    talk = replace(job("talk"), limits=cfp_limits("kubecon", Config()))
    with recorded("talk_title_too_long", lambda stub: stub.plan("long_title")) as ex:
        result = only(llm.draft_all([talk], settings(ex.base_url), tmp_path))
    assert (result.error, result.fields, result.meta["repaired"]) == (None, TALK_FIELDS, True)
    note = sent_bodies(ex)[-1]["messages"][-1]["content"]
    assert re.search(r'- title: \d+ characters, over the limit of 75 \("From six weeks to two days: how', note)


def test_a_reply_that_failed_the_checks_is_never_served_from_the_cache(tmp_path: Path) -> None:
    check = figures_check("6", "2", "21", "95", "40")
    with recorded("failed_checks_not_cached", lambda stub: stub.say(BAD, STILL_BAD, GOOD)) as ex:
        first = only(llm.draft_all([job("blog")], settings(ex.base_url), tmp_path, check=check))
        again = only(llm.draft_all([job("blog")], settings(ex.base_url), tmp_path, check=check))
        assert ex.sent == 3  # the draft and its repair; then the repair again, not the cached failure
    assert (first.meta["status"], again.meta["status"], again.text) == ("needs-review", "drafted", GOOD)


# ---- Server profiles ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "server"),
    [
        (None, "openai"),
        ("https://api.openai.com/v1", "openai"),
        ("https://contoso.openai.azure.com/openai/v1", "azure"),
        ("http://localhost:11434/v1", "ollama"),
        ("http://ollama.lan/v1", "ollama"),
        ("http://localhost:1234/v1", "lmstudio"),
        ("http://127.0.0.1:8080/v1", "llamacpp"),
        ("http://gpu-box:8000/v1", "compatible"),
    ],
)
def test_the_server_is_inferred_from_its_url(url: str | None, server: str) -> None:
    assert llm.infer_server(url) == server


def test_a_local_profile_sends_max_tokens_json_mode_and_one_at_a_time() -> None:
    chosen = settings("http://localhost:11434/v1", model="llama3.1:8b", timeout=None)
    assert (chosen.profile.name, chosen.concurrency, chosen.timeout) == ("ollama", 1, 600.0)
    assert (chosen.price_input, chosen.price_output) == (0.0, 0.0)
    body = llm.build_request(llm.load_prompt("talk", None), story_context(), "", chosen).body
    assert body["max_tokens"] == 2000 and "max_completion_tokens" not in body
    assert body["response_format"] == {"type": "json_object"}
    assert "matching this JSON schema (TalkFields)" in body["messages"][1]["content"]
    assert settings("http://localhost:11434/v1", concurrency=3).concurrency == 3  # kit.toml wins


def test_ollama_fenced_json_is_read_and_validated(tmp_path: Path) -> None:
    with recorded("ollama_fenced_json", mode="ollama") as ex:
        chosen = settings(ex.base_url, server="ollama", model="llama3.1:8b")
        result = only(llm.draft_all([job("talk")], chosen, tmp_path))
    assert (result.error, result.fields, result.meta["cost"]) == (None, TALK_FIELDS, 0.0)


def test_a_server_that_ignores_the_json_schema_gets_it_in_the_retry(tmp_path: Path) -> None:
    """A compatible server that drops response_format and answers prose: the retry shows the schema."""
    with recorded("schema_ignored_then_shown", mode="ollama") as ex:
        result = only(llm.draft_all([job("talk")], settings(ex.base_url, server="compatible"), tmp_path))
    assert (result.error, result.fields, result.meta["retried"]) == (None, TALK_FIELDS, True)
    first, retry = sent_bodies(ex)
    assert first["response_format"]["type"] == "json_schema" and "JSON schema (TalkFields)" in json.dumps(retry)


def test_a_serial_local_server_gets_one_request_at_a_time_and_each_draft_once(tmp_path: Path) -> None:
    """The stub on loopback, generating one reply at a time: kit's local profile never queues there."""
    from tests.stub_server import StubServer

    jobs = [job("blog", key=f"s{n}/blog", text=MINIMAL_STORY.replace("title: Model", f"title: S{n} Model"))
            for n in range(3)]  # fmt: skip
    with StubServer(latency=0.05, serial=True) as stub:
        chosen = settings(stub.base_url, server="llamacpp", timeout=None, concurrency=None)
        results = llm.draft_all(jobs, chosen, tmp_path)
        assert (chosen.concurrency, stub.generations, len(stub.requests)) == (1, 3, 3)
    assert [r.error for r in results] == [None] * 3


def test_a_local_server_that_times_out_is_not_asked_twice(tmp_path: Path) -> None:
    """No cassette can replay a timeout: the stub on loopback, serial and slower than the deadline."""
    from tests.stub_server import StubServer

    with StubServer(latency=1.0, serial=True) as stub:
        chosen = settings(stub.base_url, server="ollama", timeout=0.3)
        result = only(llm.draft_all([job("blog")], chosen, tmp_path))
        assert len(stub.requests) <= 1 and stub.generations <= 1
    assert result.error == (
        "no reply within 0.3s (not sent again: Ollama would generate it twice; raise timeout under [llm])"
    )


def test_azure_gets_its_api_key_header_and_api_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", KEY)
    with recorded("azure_v1", path_prefix="/openai/v1") as ex:
        chosen = settings(ex.base_url, server="azure", api_version="preview", model="drafts-gpt-4o-mini")
        result = only(llm.draft_all([job("blog")], chosen, tmp_path))
        if ex.stub is not None:
            assert ex.stub.requests[0]["headers"]["api-key"] == KEY
    assert (result.error, result.text) == (None, DEFAULT_TEXT)
    uri = ex.cassette.requests[0].uri
    assert uri.endswith("/openai/v1/chat/completions?api-version=preview"), uri


def test_azure_without_a_url_is_a_clear_error() -> None:
    with pytest.raises(LLMError, match='server "azure" needs base_url under \\[llm\\]'):
        llm.llm_settings(Config.model_validate({"llm": {"server": "azure"}}))


def test_azure_deployments_with_an_api_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The resource's URL and an api_version: the SDK's Azure client routes to the deployment (the model)."""
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", KEY)
    with recorded("azure_deployment", path_prefix="/") as ex:
        chosen = settings(ex.base_url, server="azure", api_version="2024-10-21", model="drafts")
        results = llm.draft_all([job("blog"), job("talk")], chosen, tmp_path)
        if ex.stub is not None:
            assert {r["headers"]["api-key"] for r in ex.stub.requests} == {KEY}
    assert [r.error for r in results] == [None, None] and results[1].fields == TALK_FIELDS
    assert {r.uri.split("127.0.0.1:9", 1)[1] for r in ex.cassette.requests} == {
        "/openai/deployments/drafts/chat/completions?api-version=2024-10-21"
    }


def test_a_cache_that_is_no_database_is_one_clear_error(tmp_path: Path) -> None:
    """A corrupt .kit/llm.sqlite ended `kit usage`, `kit build --llm` and `--dry-run` in a sqlite3 traceback."""
    (tmp_path / "kit.toml").write_text('[llm]\nbase_url = "http://127.0.0.1:9/v1"\n', encoding="utf-8")
    write_story(tmp_path / "stories", "deploys.md", MINIMAL_STORY)
    cache = tmp_path / ".kit" / "llm.sqlite"
    cache.parent.mkdir()
    cache.write_text("garbage\n", encoding="utf-8")
    message = (f"error: {cache}: cannot read the LLM cache and usage log (file is not a database); move it "
               "aside or delete it: kit starts a new one (cached replies are lost)\n")  # fmt: skip
    for command in (["usage"], ["build", str(tmp_path / "stories"), "--llm", "--dry-run"]):
        code, _, err = kit_cli(*command, "-w", tmp_path)
        assert (code, err) == (2, message), command


def test_a_server_that_is_not_there_is_named_with_what_to_look_at(tmp_path: Path) -> None:
    """ "cannot reach http://127.0.0.1:9/v1: Connection error. after 3 attempts": the attempts now come
    before the cause, and a server on this machine is asked after ("is the server running?")."""
    (tmp_path / "kit.toml").write_text('[llm]\nbase_url = "http://127.0.0.1:9/v1"\n', encoding="utf-8")
    write_story(tmp_path / "stories", "deploys.md", MINIMAL_STORY)
    code, _, err = kit_cli("build", str(tmp_path / "stories"), "--llm", "-k", "talk", "-w", tmp_path,
                           "--out", str(tmp_path / "out"))  # fmt: skip
    assert code == 1
    assert ("failed: deploys/talk: cannot reach http://127.0.0.1:9/v1 after 3 attempts: connection error; "
            "is the server running, and is base_url right?") in err  # fmt: skip


def test_a_newsletter_whose_request_failed_exits_1_as_a_build_does(tmp_path: Path) -> None:
    """kit newsletter --llm exited 0 when its request failed (the issue keeps the template's text); kit build
    --llm exits 1 for the same failure."""
    (tmp_path / "kit.toml").write_text('[llm]\nbase_url = "http://127.0.0.1:9/v1"\n', encoding="utf-8")
    write_story(tmp_path / "stories", "deploys.md", MINIMAL_STORY)
    code, out, err = kit_cli("newsletter", str(tmp_path / "stories"), "--llm", "-o", str(tmp_path / "issue"),
                             "-w", tmp_path)  # fmt: skip
    assert code == 1, out + err
    assert "the issue keeps the template's text" in err and (tmp_path / "issue").is_dir()
