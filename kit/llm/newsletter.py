"""`kit newsletter --llm`: an editor's intro and a blurb per story, over the template issue.

One structured request per issue (`NewsletterFields`): the model sees each selected story's
internal view and derived facts, and the template's preheader and summaries as the skeleton.
The reply goes through the same run as any draft (cache, log, repair, `--dry-run`); its text
is checked against every story in the issue (facts and quotes), and a blurb that names a
story not in the issue, or a story left without one, is a problem worth a repair. What passes
replaces the cards' summaries and adds `intro` to the issue's context; a draft still failing
after its repair leaves the template issue as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from kit.llm.run import DraftJob, DraftResult, draft_all
from kit.llm.settings import Settings
from kit.llm.summary import dry_run, format_dry_run, format_summary

INTRO_WORDS = 90


class Blurb(BaseModel):
    model_config = ConfigDict(extra="forbid")

    slug: str
    text: str = Field(description="one or two sentences on the story's win, with its headline figure")


class NewsletterFields(BaseModel):
    """The newsletter's LLM prose: the editor's intro and one blurb per story."""

    model_config = ConfigDict(extra="forbid")

    intro: str
    blurbs: list[Blurb]


SCHEMAS: dict[str, type[BaseModel]] = {"NewsletterFields": NewsletterFields}


def _cards(context: dict[str, Any]) -> list[dict[str, Any]]:
    return [card for group in context["groups"] for card in group["cards"]]


def newsletter_job(context: dict[str, Any]) -> tuple[DraftJob, list[Any]]:
    """The issue's one job, and the stories it speaks of (for the checks)."""
    from kit.load import load_story
    from kit.views import context as view_context
    from kit.views import make_view

    cards = _cards(context)
    stories = [load_story(Path(card["path"])) for card in cards]
    job_context = {
        "audience": "internal",
        "title": context["title"],
        "stories": [{**view_context(make_view(s, "internal")), "slug": s.slug} for s in stories],
    }
    skeleton = "\n".join(
        [f"Intro: {context['preheader']}", ""]
        + [f"- {card['slug']}: {card['summary'] or card['title']}" for card in cards]
    )
    job = DraftJob(f"newsletter/{context['issue']}", "newsletter", job_context, skeleton, NewsletterFields,
                   limits={"intro": {"words": INTRO_WORDS}})  # fmt: skip
    return job, stories


def newsletter_check(stories: Sequence[Any]) -> Any:
    """The check for the newsletter's reply: every slug once, and the text true to the stories."""
    from kit.checks import check_draft

    slugs = [s.slug for s in stories]

    def check(job: DraftJob, output: str | dict[str, Any]) -> list[str]:
        assert isinstance(output, dict)
        problems = []
        given = [b["slug"] for b in output["blurbs"]]
        problems += [f'blurbs: "{slug}" is not a story in this issue; use only {", ".join(slugs)}'
                     for slug in given if slug not in slugs]  # fmt: skip
        problems += [f'blurbs: no blurb for "{slug}"; write one' for slug in slugs if slug not in given]
        text = "\n\n".join([output["intro"], *(b["text"] for b in output["blurbs"])])
        report = check_draft(text, list(stories), kind="newsletter", audience="internal")
        problems += [f'{f.check}: "{f.text}": {f.message}' + (f"; the story says: {f.story_says}" if f.story_says
                     else "") for f in report.errors if f.check in ("facts", "visibility")]  # fmt: skip
        return problems

    return check


def apply(context: dict[str, Any], result: DraftResult) -> bool:
    """Put a drafted intro and blurbs into the issue's context; False (and nothing changed) when it failed."""
    if not result.ok or result.fields is None or result.meta.get("status") != "drafted":
        return False
    blurbs = {b["slug"]: b["text"] for b in result.fields["blurbs"]}
    context["intro"] = result.fields["intro"]
    for card in _cards(context):
        if card["slug"] in blurbs:
            card["summary"] = blurbs[card["slug"]]
    return True


def redraft_issue(
    context: dict[str, Any], settings: Settings, workspace: Path | None, no_cache: bool = False
) -> tuple[str, bool]:
    """Draft the intro and blurbs into `context`; the run's summary (what happened, for the CLI) and
    whether the request succeeded (a reply kept back for review is no failure: the template's text stays)."""
    job, stories = newsletter_job(context)
    result = draft_all([job], settings, workspace, check=newsletter_check(stories), no_cache=no_cache)[0]
    applied = apply(context, result)
    summary = format_summary([result])
    if not result.ok:
        summary += f"\n  failed {job.key}: {result.error}; the issue keeps the template's text"
    elif not applied:
        summary += "\n  the issue keeps the template's text"
    return summary, result.ok


def dry_run_issue(context: dict[str, Any], settings: Settings, workspace: Path | None) -> str:
    """The exact request `--llm` would send for this issue; sends nothing."""
    job, _ = newsletter_job(context)
    return format_dry_run(dry_run([job], settings, workspace))


def dry_run_newsletter(
    paths: Sequence[Path], out: Path, options: Any, workspace: Path | None, settings: Settings
) -> str:
    """`kit newsletter --llm --dry-run`: the issue's request, from the same selection; writes and sends nothing."""
    from kit import clock
    from kit.errors import UsageError
    from kit.load import find_stories
    from kit.newsletter import check_options, collect, issue_context, read_cards

    check_options(options)
    collected = collect(read_cards(find_stories(paths), options, out))
    if not collected.cards:
        raise UsageError("no story to draft the newsletter from; check the paths and the selection")
    return dry_run_issue(issue_context(collected, options, clock.now()), settings, workspace)
