"""Build: stories in, checked drafts out, in `OUT/<story-slug>/<kind>.<ext>`.

Everything is loaded and rendered before anything is written, so a bad story or a
broken template leaves the output folder as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kit.config import Config
from kit.drafts import Rendered, provenance, read_draft, write_draft
from kit.errors import DraftError, Problem, StoryError, UsageError
from kit.load import find_stories, load_story
from kit.story import Story
from kit.views import PUBLIC_KINDS, audience_of, make_view
from kit.write import safe_path

KINDS = ("blog", "talk", "onepager")
Progress = Callable[[int, int], None]


@dataclass
class Validation:
    valid: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def problem_lines(self) -> list[str]:
        return [str(p) for p in self.problems]

    def to_json(self) -> dict[str, Any]:
        return {
            "valid": [str(p) for p in self.valid],
            "problems": [
                {"path": str(p.path), "line": p.line, "field": p.field, "message": p.message} for p in self.problems
            ],
        }


def validate_paths(paths: Iterable[Path]) -> Validation:
    """Validate every story under paths, collecting every problem in every file."""
    result = Validation()
    for path in find_stories(paths):
        try:
            load_story(path)
        except StoryError as err:
            result.problems.extend(err.problems)
        else:
            result.valid.append(path)
    return result


def load_all(paths: Iterable[Path]) -> list[Story]:
    """Load every story, or raise StoryError with every problem of every file (slugs included)."""
    stories: list[Story] = []
    problems: list[Problem] = []
    files = find_stories(paths)
    if not files:
        raise UsageError("no story files found (a story is a .md file with front matter)")
    for path in files:
        try:
            stories.append(load_story(path))
        except StoryError as err:
            problems.extend(err.problems)
    by_slug: dict[str, Story] = {}
    for story in stories:
        if story.slug in by_slug:
            problems.append(
                Problem(story.path, f'the slug "{story.slug}" is also used by {by_slug[story.slug].path}; '
                        "give one of them its own `slug:`", story.lines.get("slug"), "slug")
            )  # fmt: skip
        by_slug.setdefault(story.slug, story)
    if problems:
        raise StoryError(problems=problems)
    return stories


@dataclass
class LLMOptions:
    """`--llm` and its options: off unless asked for (or `[llm] enabled` in kit.toml)."""

    enabled: bool = False
    model: str | None = None
    concurrency: int | None = None
    no_cache: bool = False
    dry_run: bool = False


@dataclass
class BuildOptions:
    kinds: Sequence[str] = KINDS
    out: Path = Path("drafts")
    site: str = "hugo"
    cfp: str = "generic"
    force: bool = False
    workspace: Path | None = None
    config: Config = field(default_factory=Config)
    llm: LLMOptions = field(default_factory=LLMOptions)


@dataclass
class Outcome:
    """What happened to one story's draft of one kind."""

    story: str  # slug
    kind: str
    action: str  # written, kept, skipped, failed
    status: str = ""  # draft, needs-review, approved
    paths: list[str] = field(default_factory=list)
    message: str = ""
    checks: dict[str, str] = field(default_factory=dict)


@dataclass
class BuildResult:
    outcomes: list[Outcome] = field(default_factory=list)
    llm_summary: str = ""  # the LLM run's summary, when --llm
    dry_run: str = ""  # the requests --dry-run would send

    @property
    def failed(self) -> bool:
        return any(
            o.action == "failed" or (o.status == "needs-review" and o.action == "written") for o in self.outcomes
        )

    def to_json(self) -> list[dict[str, Any]]:
        return [o.__dict__ for o in self.outcomes]


def cfp_limits(name: str, config: Config) -> dict[str, dict[str, int | None]]:
    """A conference's field limits: the workspace's [cfp.NAME], else a built-in profile."""
    from kit.check import CFP_PROFILES

    if name in config.cfp:
        return {k: v.model_dump() for k, v in config.cfp[name].items()}
    if name in CFP_PROFILES:
        return CFP_PROFILES[name]
    known = ", ".join(sorted({*CFP_PROFILES, *config.cfp}))
    raise UsageError(f'unknown CFP profile "{name}"; use one of {known}, or define [cfp.{name}] in kit.toml')


def render_kind(
    story: Story, kind: str, options: BuildOptions, llm_output: str | dict[str, Any] | None = None
) -> Rendered:
    """One kind's draft of one story, from the view that kind may see.

    `llm_output` (Markdown, or the talk's fields) replaces what the template would write.
    """
    from kit.blog import render_blog
    from kit.onepager import render_onepager
    from kit.talk import render_talk

    view = make_view(story, audience_of(kind))
    body = llm_output if isinstance(llm_output, str) else None
    if kind == "blog":
        return render_blog(view, site=options.site, workspace=options.workspace, body=body)
    if kind == "talk":
        fields = llm_output if isinstance(llm_output, dict) else None
        return render_talk(view, limits=cfp_limits(options.cfp, options.config), cfp=options.cfp,
                           workspace=options.workspace, fields=fields)  # fmt: skip
    return render_onepager(view, workspace=options.workspace, body=body)


def plan(stories: Sequence[Story], options: BuildOptions) -> tuple[list[tuple[Story, str]], list[Outcome]]:
    """The (story, kind) pairs to build, and the ones skipped with the reason."""
    unknown = [k for k in options.kinds if k not in KINDS]
    if unknown:
        raise UsageError(f"unknown kind {', '.join(unknown)}; use {', '.join(KINDS)}")
    jobs: list[tuple[Story, str]] = []
    skipped: list[Outcome] = []
    for story in stories:
        for kind in options.kinds:
            if kind in PUBLIC_KINDS and not story.public:
                skipped.append(Outcome(story.slug, kind, "skipped",
                                       message=f"{story.path}: internal story; `{kind}` is public "
                                       "(set `visibility: public` to publish it)"))  # fmt: skip
            else:
                jobs.append((story, kind))
    return jobs, skipped


def check_rendered(story: Story, rendered: Rendered, options: BuildOptions) -> tuple[dict[str, str], bool]:
    """Run the draft checks; the summary for provenance and whether the draft passed."""
    report = check_draft_report(story, rendered, options)
    return report.summary(), report.ok


def build(paths: Iterable[Path], options: BuildOptions, progress: Progress | None = None) -> BuildResult:
    """Build drafts of every kind asked for from every story under paths."""
    settings = None
    if options.llm.enabled:  # no key and no server is an error before any work
        from kit.llm import llm_settings

        settings = llm_settings(options.config, options.llm.model, options.llm.concurrency,
                                dry_run=options.llm.dry_run)  # fmt: skip
    stories = load_all(paths)
    jobs, skipped = plan(stories, options)
    if not jobs:
        raise UsageError("nothing to build: " + "; ".join(o.message for o in skipped))
    rendered: list[tuple[Story, Rendered]] = []
    for index, (story, kind) in enumerate(jobs):
        safe_path(options.out, story.slug)  # refuse an unsafe slug before anything is written
        rendered.append((story, render_kind(story, kind, options)))
        if progress and settings is None:
            progress(index + 1, len(jobs))
    result = BuildResult(outcomes=skipped)
    if settings is not None:
        rendered, failures, result.llm_summary, result.dry_run = redraft(rendered, settings, options, progress)
        result.outcomes.extend(failures)
        if options.llm.dry_run:
            return result
    for story, draft in rendered:
        result.outcomes.append(write_one(story, draft, options))
    return result


def redraft(
    rendered: list[tuple[Story, Rendered]], settings: Any, options: BuildOptions, progress: Progress | None
) -> tuple[list[tuple[Story, Rendered]], list[Outcome], str, str]:
    """Ask the model for richer drafts, with the template drafts as skeletons.

    Each reply goes through the same checks as a template draft; one that fails gets one
    repair request naming what is wrong, then is marked for review. A failed request fails
    its draft only; the template draft is not written in its place.
    """
    from kit.llm import DraftJob, TalkFields, draft_all, dry_run, format_summary
    from kit.views import context

    by_key = {f"{story.slug}/{draft.kind}": (story, draft) for story, draft in rendered}
    jobs = [
        DraftJob(
            key=key,
            kind=draft.kind,
            context=context(make_view(story, audience_of(draft.kind))),
            skeleton=draft.body,
            schema=TalkFields if draft.kind == "talk" else None,
        )  # fmt: skip
        for key, (story, draft) in by_key.items()
    ]
    if options.llm.dry_run:
        return rendered, [], "", dry_run(jobs, settings, options.workspace)

    def check(job: DraftJob, output: str | dict[str, Any]) -> list[str]:
        story, _ = by_key[job.key]
        draft = render_kind(story, job.kind, options, output)
        report = check_draft_report(story, draft, options)
        return [f.format(job.key) for f in report.errors if f.check in ("facts", "visibility")]

    results = draft_all(jobs, settings, options.workspace, check=check, no_cache=options.llm.no_cache,
                        progress=progress)  # fmt: skip
    redrafted: list[tuple[Story, Rendered]] = []
    failures: list[Outcome] = []
    for result in results:
        story, _ = by_key[result.job.key]
        if not result.ok:
            failures.append(Outcome(story.slug, result.job.kind, "failed", message=f"{result.job.key}: {result.error}"))
            continue
        draft = render_kind(
            story, result.job.kind, options, result.fields if result.fields is not None else result.text
        )
        meta = result.meta
        draft.source = f"prompt {meta.get('prompt')}, model {meta.get('model')}"
        draft.meta = {
            **draft.meta,
            "llm": {
                key: meta.get(key)
                for key in ("model", "api", "request_hash", "input_tokens", "output_tokens", "cached", "repaired")
            },
        }
        redrafted.append((story, draft))
    return redrafted, failures, format_summary(results), ""


def check_draft_report(story: Story, rendered: Rendered, options: BuildOptions) -> Any:
    """The full check report of a rendered draft."""
    from kit.check import Report, check_draft, check_site_keys

    limits = cfp_limits(options.cfp, options.config) if rendered.kind == "talk" else None
    report = check_draft(rendered.body, story, kind=rendered.kind, audience=audience_of(rendered.kind).value,
                         extra=rendered.extra_figures, limits=limits, fields=rendered.fields or None)  # fmt: skip
    if rendered.kind == "blog":
        report = Report(report.findings + tuple(check_site_keys(rendered.front, options.site)))
    return report


def write_one(story: Story, draft: Rendered, options: BuildOptions) -> Outcome:
    """Check a rendered draft and write it, unless a person has edited the one on disk."""
    folder = safe_path(options.out, story.slug)
    target = folder / draft.primary
    if target.exists() and not options.force:
        try:
            existing = read_draft(target)
        except DraftError:
            existing = None
        if existing is None or existing.edited or existing.status == "approved":
            why = "it is approved" if existing and existing.status == "approved" else "it was edited"
            return Outcome(story.slug, draft.kind, "kept", existing.status if existing else "",
                           [str(target)], f"kept {target}: {why} since kit wrote it (--force overwrites)")  # fmt: skip
    checks, ok = check_rendered(story, draft, options)
    status = "draft" if ok else "needs-review"
    paths = write_draft(folder, draft, provenance(draft, story.path, story.sha256, checks, status))
    return Outcome(story.slug, draft.kind, "written", status, [str(p) for p in paths], checks=checks)
