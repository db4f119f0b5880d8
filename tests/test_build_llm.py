"""`kit build --llm` end to end: the CLI, the model (a recorded stub), the checks, the drafts.

Replays cassettes from tests/cassettes/ recorded against tests/stub_server.py; re-record
with `KIT_RECORD=1 .venv/bin/pytest -q tests/test_build_llm.py` (see tests/cassettes_support.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.cassettes_support import KEY, RECORDING, recorded
from tests.support import MINIMAL_STORY, Run, kit_cli, write_story

OTHER_STORY = MINIMAL_STORY.replace("Model deploys from six weeks to two days", "Faster model deploys")

pytestmark = pytest.mark.usefixtures("openai_key")  # OPENAI_API_KEY is KEY, which must never be stored


def workspace(tmp_path: Path, base_url: str, *stories: tuple[str, str]) -> Path:
    concurrency = 1 if RECORDING else 4  # one at a time while recording keeps the cassette's order
    (tmp_path / "kit.toml").write_text(
        f'[llm]\nbase_url = "{base_url}"\nmax_retries = 1\ntimeout = 10\nconcurrency = {concurrency}\n'
    )
    for name, text in stories:
        write_story(tmp_path / "stories", name, text)
    return tmp_path


def build(root: Path, *args: str) -> Run:
    """`kit build --llm` of the workspace's stories, with the workspace's kit.toml."""
    return kit_cli("build", root / "stories", "--llm", "-w", root, *args)


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text().split("---\n", 2)[1])


def test_llm_build_drafts_every_kind_then_a_rerun_costs_nothing(tmp_path: Path) -> None:
    with recorded("build_llm_every_kind") as exchange:
        root = workspace(tmp_path, exchange.base_url, ("deploys.md", MINIMAL_STORY))
        code, out, err = build(root)
        assert code == 0, err
        assert "LLM drafts: 4 drafted (0 from the cache), 0 need review, 0 failed" in err
        sent = exchange.sent
        assert sent == 4
        code, _, err = build(root, "--force")
        assert code == 0, err
        assert "LLM drafts: 4 drafted (4 from the cache)" in err
        assert exchange.sent == sent  # an unchanged request is never sent twice
    drafts = root / "drafts" / "deploys"
    blog = front(drafts / "blog.md")["kit"]
    assert blog["source"] == "prompt blog.prompt, model gpt-4o-mini" and blog["status"] == "draft"
    assert blog["llm"]["request_hash"] and blog["llm"]["cached"] is True
    assert "95% less time, 21× faster" in (drafts / "blog.md").read_text()
    assert front(drafts / "talk.md")["title"] == "From six weeks to two days: shipping models without the wait"
    social = (drafts / "social.md").read_text()  # the model's posts, numbered and tagged by kit
    assert "1/2 We took deployment lead time from 6 weeks to 2 days." in social
    assert front(drafts / "social.md")["kit"]["source"] == "prompt social.prompt, model gpt-4o-mini"
    assert KEY not in "".join(p.read_text() for p in drafts.iterdir())


def test_an_invented_figure_is_repaired_once_then_marked_for_review(tmp_path: Path) -> None:
    invented = "# Deploys\n\nDeployment lead time went from 6 weeks to 2 days: 35× faster.\n"

    def setup(stub: object) -> None:
        stub.say(invented, invented)  # type: ignore[attr-defined]

    with recorded("build_llm_needs_review", setup) as exchange:
        root = workspace(tmp_path, exchange.base_url, ("deploys.md", MINIMAL_STORY))
        code, _, err = build(root, "--kind", "blog")
        assert exchange.sent == 2  # the draft and one repair
        note = json.loads(exchange.cassette.requests[-1].body)["messages"][-1]["content"]
    # the offending text quoted: the model never saw kit's draft, so its line numbers mean nothing to it
    assert '- facts: "35×": no figure in the story supports this' in note
    assert "deploys/blog" not in note and ":1:" not in note
    assert code == 1
    assert "1 need review" in err and "35×" in err
    draft = front(root / "drafts" / "deploys" / "blog.md")["kit"]
    assert draft["status"] == "needs-review" and draft["checks"]["facts"] == "1 error"


def test_one_failed_story_does_not_stop_the_others(tmp_path: Path) -> None:
    def setup(stub: object) -> None:
        stub.rule("Faster model deploys", "500")  # type: ignore[attr-defined]

    with recorded("build_llm_one_fails", setup) as exchange:
        root = workspace(tmp_path, exchange.base_url, ("a.md", MINIMAL_STORY), ("b.md", OTHER_STORY))
        code, _, err = build(root, "--kind", "onepager")
    assert code == 1
    assert err.count("the server answered HTTP 500") == 1  # each failure said once
    assert "failed: b/onepager: the server answered HTTP 500 after 2 attempts" in err
    assert (root / "drafts" / "a" / "onepager.md").is_file()
    assert not (root / "drafts" / "b").exists()


def test_llm_without_key_or_server_is_refused_before_any_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY")
    write_story(tmp_path / "stories", "deploys.md", MINIMAL_STORY)
    code, _, err = kit_cli("build", tmp_path / "stories", "--llm", "--out", tmp_path / "d")
    assert code == 2
    assert err.startswith("error: --llm needs a server: set OPENAI_API_KEY")
    assert not (tmp_path / "d").exists()


def test_dry_run_prints_requests_and_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY")
    write_story(tmp_path / "stories", "deploys.md", MINIMAL_STORY)
    code, out, err = kit_cli("build", tmp_path / "stories", "--llm", "--dry-run", "--out", tmp_path / "d")
    assert code == 0, err
    assert "# Dry run: 4 request(s), none sent" in out
    assert '"json_schema"' in out
    assert not (tmp_path / "d").exists() and not (tmp_path / ".kit").exists()
    code, out, err = kit_cli("build", tmp_path / "stories", "--llm", "--dry-run", "--json", "--out", tmp_path / "d")
    assert code == 0, err
    planned = json.loads(out)  # --json prints the plan as JSON, as every other command's result
    assert len(planned["requests"]) == 4 and planned["cached"] == 0 and planned["model"] == "gpt-4o-mini"
    assert {r["key"].split("/")[1] for r in planned["requests"]} == {"blog", "talk", "onepager", "social"}
    assert all(r["input_tokens"] > 0 and isinstance(r["body"], dict) for r in planned["requests"])


def test_newsletter_llm_writes_an_intro_and_blurbs_checked_and_cached(tmp_path: Path) -> None:
    with recorded("newsletter_llm") as exchange:
        root = workspace(tmp_path, exchange.base_url, ("a.md", MINIMAL_STORY), ("b.md", OTHER_STORY))
        args = ("newsletter", root / "stories", "--llm", "-o", root / "issue", "-w", root)
        code, _, err = kit_cli(*args)
        assert code == 0, err
        assert "LLM drafts: 1 drafted (0 from the cache), 0 need review, 0 failed" in err
        code, _, err = kit_cli(*args)
        assert code == 0 and "1 drafted (1 from the cache)" in err and exchange.sent == 1
    body = json.loads(exchange.cassette.requests[0].body)
    assert "- a: Model deploys from six weeks to two days (ML Platform)" in body["messages"][1]["content"]
    issue = next((root / "issue").glob("*.md")).read_text()
    assert issue.count("Deployment lead time went from 6 weeks to 2 days.") == 2  # each card's blurb
    for made in (root / "issue").glob("*.*"):  # the editor's intro, in every part of the issue
        if made.suffix in (".md", ".txt", ".html"):
            assert "This issue: ML Platform took deployment lead time from 6 weeks to 2 days." in made.read_text()


def test_newsletter_llm_dry_run_writes_and_sends_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY")
    write_story(tmp_path / "stories", "a.md", MINIMAL_STORY)
    code, out, err = kit_cli("newsletter", tmp_path / "stories", "--llm", "--dry-run", "-o", tmp_path / "issue")
    assert code == 0, err
    assert out.startswith("# Dry run: 1 request(s), none sent") and '"NewsletterFields"' in out
    assert not (tmp_path / "issue").exists() and not (tmp_path / ".kit").exists()
    code, _, err = kit_cli("newsletter", tmp_path / "stories", "--dry-run", "-o", tmp_path / "issue")
    assert code == 2 and "--dry-run shows the LLM request; add --llm" in err


def test_replies_checked_in_worker_processes_make_the_same_drafts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 13: a large run checks its replies in worker processes; the drafts are those checked here."""
    import kit.llm.workers
    import kit.pool

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    monkeypatch.setattr(kit.pool, "workers", lambda: 2)  # two worker processes, on any machine
    with recorded("build_llm_every_kind") as exchange:
        root = workspace(tmp_path, exchange.base_url, ("deploys.md", MINIMAL_STORY))
        assert build(root)[0] == 0
        monkeypatch.setattr(kit.llm.workers, "POOL_AT", 1)  # 4 drafts are enough for worker processes
        code, _, err = build(root, "--out", tmp_path / "apart")
        assert code == 0, err
        monkeypatch.setattr(kit.llm.workers, "POOL_AT", 10**6)
        code, _, err = build(root, "--out", tmp_path / "here")
        assert code == 0, err
        assert exchange.sent == 4  # the first build's; the others came from the cache
    apart = sorted(p.relative_to(tmp_path / "apart") for p in (tmp_path / "apart").rglob("*") if p.is_file())
    assert len(apart) > 4
    for name in apart:
        assert (tmp_path / "apart" / name).read_bytes() == (tmp_path / "here" / name).read_bytes(), name


@pytest.mark.parametrize("site", ["jekyll", "hugo", "mkdocs"])
def test_a_models_html_liquid_and_script_links_are_made_inert_as_a_storys_are(tmp_path: Path, site: str) -> None:
    """A reply's <script>, {{ Liquid }} and javascript: link went into the site's post as they were: Jekyll would
    run the Liquid and MkDocs render the script. They are shown, never run, as in a story's own text."""
    from kit.build import BuildOptions, render_kind
    from kit.load import load_story

    story = load_story(write_story(tmp_path, "deploys.md", MINIMAL_STORY))
    options = BuildOptions.for_paths([tmp_path], site=site, out=tmp_path / "out")
    reply = ('Deploys took weeks.\n\n<script>alert("llm")</script>\n\n{{ site.github.owner_name }} '
             "{% include secrets.html %}\n\n[click](javascript:alert(3))\n")  # fmt: skip
    body = render_kind(story, "blog", options, reply).body
    assert "<script" not in body and "&lt;script>" in body
    assert "{{" not in body and "{%" not in body and "site.github.owner_name" in body
    assert "](javascript:" not in body
    written = {"title": "<b>Deploys</b> {{ site.title }}", "elevator_pitch": "Faster.", "abstract": "We did it.",
               "reviewer_notes": "Measured.", "takeaways": ["Measure first."]}  # a talk's structured reply
    title = render_kind(story, "talk", options, written).fields["title"]
    assert "<b>" not in title and "{{" not in title and "Deploys" in title


def test_llm_options_without_llm_are_refused_not_ignored(tmp_path: Path) -> None:
    """--model, --concurrency and --no-cache were silently ignored without --llm (--dry-run was refused)."""
    write_story(tmp_path / "stories", "deploys.md", MINIMAL_STORY)
    code, _, err = kit_cli("build", tmp_path / "stories", "--model", "gpt-5", "--concurrency", "4")
    assert (code, err) == (2, "error: --model and --concurrency are for drafting with an LLM; add --llm "
                              "(templates use no model)\n")  # fmt: skip


def test_a_public_drafts_repair_request_names_nothing_internal(tmp_path: Path) -> None:
    """A reply to a public kind that showed an internal figure got back a repair request naming the
    internal metric ("an internal figure (Cloud spend, before)"): a public prompt holds no internal fact."""
    from kit.build import _quoted
    from kit.checks.draft import check_draft
    from kit.load import load_story

    spend = "  - {name: Cloud spend, before: $50k, after: $30k, period: month, better: lower, internal: true}\n"
    story = load_story(write_story(tmp_path, "s.md", MINIMAL_STORY.replace("metrics:\n", "metrics:\n" + spend)))
    report = check_draft("We spent $50k a month before.\n", story, kind="blog", audience="public")
    [leak] = [f for f in report.errors if f.check == "visibility"]
    assert "Cloud spend" in leak.message  # what kit check tells a person
    request = _quoted(leak, public=True)  # what the model is told
    assert "Cloud spend" not in request and "$50k" in request and "must not show it" in request
    assert "Cloud spend" in _quoted(leak, public=False)  # an internal draft's request may name it
