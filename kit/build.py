"""Build: stories in, checked drafts out, in `OUT/<story-slug>/<kind>.<ext>`.

Everything is loaded and rendered before anything is written, so a bad story or a
broken template leaves the output folder as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kit.config import Config, Workspace
from kit.drafts import Rendered, provenance, read_draft, write_draft
from kit.errors import DraftError, Problem, StoryError, UsageError
from kit.kinds import KINDS, NAMES, KindOptions, get_kind
from kit.load import find_stories, load_story
from kit.sites import DEFAULT_SITE, get_site
from kit.story import Story
from kit.views import make_view
from kit.write import safe_path

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
    """A build's choices; `from_config` fills what the caller leaves out from the workspace's kit.toml."""

    kinds: Sequence[str] = NAMES
    out: Path = Path("drafts")
    site: str = DEFAULT_SITE
    cfp: str = "generic"
    force: bool = False
    workspace: Path | None = None
    config: Config = field(default_factory=Config)
    llm: LLMOptions = field(default_factory=LLMOptions)

    @classmethod
    def from_config(
        cls,
        workspace: Workspace,
        *,
        kinds: Sequence[str] | None = None,
        out: Path | None = None,
        site: str | None = None,
        cfp: str | None = None,
        force: bool = False,
        llm: bool | None = None,
        model: str | None = None,
        concurrency: int | None = None,
        no_cache: bool = False,
        dry_run: bool = False,
    ) -> BuildOptions:
        """Options as the CLI resolves them: arguments first, then kit.toml, then kit's defaults.

        UsageError for an unknown kind or site, or --dry-run without --llm.
        """
        config = workspace.config
        given = [k.strip() for item in (kinds or config.build.kinds) for k in item.split(",") if k.strip()]
        chosen = list(dict.fromkeys(given))
        for name in chosen:
            get_kind(name)
        enabled = config.llm.enabled if llm is None else llm
        if dry_run and not enabled:
            raise UsageError("--dry-run shows the LLM requests; add --llm")
        return cls(
            kinds=chosen,
            out=out or workspace.drafts,
            site=get_site(site or config.build.site).name,
            cfp=cfp or config.build.cfp,
            force=force,
            workspace=workspace.root,
            config=config,
            llm=LLMOptions(enabled, model, concurrency, no_cache, dry_run),
        )

    @classmethod
    def for_paths(cls, paths: Sequence[Path | str], workspace: Path | None = None, **choices: Any) -> BuildOptions:
        """Options for building `paths`: the workspace is the one given, else the nearest with kit.toml."""
        return cls.from_config(Workspace.find([Path(p) for p in paths], workspace), **choices)

    @property
    def kind_options(self) -> KindOptions:
        return KindOptions(workspace=self.workspace, site=self.site, cfp=self.cfp, config=self.config)


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


def render_kind(
    story: Story, kind: str, options: BuildOptions, llm_output: str | dict[str, Any] | None = None
) -> Rendered:
    """One kind's draft of one story, from the view that kind may see.

    `llm_output` (Markdown, or a structured kind's fields) replaces what the template would write.
    """
    spec = get_kind(kind)
    return spec.render(make_view(story, spec.audience), options.kind_options, llm_output)


def plan(stories: Sequence[Story], options: BuildOptions) -> tuple[list[tuple[Story, str]], list[Outcome]]:
    """The (story, kind) pairs to build, and the ones skipped with the reason."""
    specs = [get_kind(name) for name in options.kinds]
    jobs: list[tuple[Story, str]] = []
    skipped: list[Outcome] = []
    for story in stories:
        for spec in specs:
            if spec.public and not story.public:
                skipped.append(Outcome(story.slug, spec.name, "skipped",
                                       message=f"{story.path}: internal story; `{spec.name}` is public "
                                       "(set `visibility: public` to publish it)"))  # fmt: skip
            else:
                jobs.append((story, spec.name))
    return jobs, skipped


def check_rendered(story: Story, rendered: Rendered, options: BuildOptions) -> tuple[dict[str, str], bool]:
    """Run the draft checks; the summary for provenance and whether the draft passed."""
    report = get_kind(rendered.kind).check(story, rendered, options.config)
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
    from kit.llm import DraftJob, draft_all, dry_run, format_summary
    from kit.views import context

    by_key = {f"{story.slug}/{draft.kind}": (story, draft) for story, draft in rendered}
    jobs = [
        DraftJob(
            key=key,
            kind=draft.kind,
            context=context(make_view(story, KINDS[draft.kind].audience)),
            skeleton=draft.body,
            schema=KINDS[draft.kind].schema,
        )  # fmt: skip
        for key, (story, draft) in by_key.items()
    ]
    if options.llm.dry_run:
        return rendered, [], "", dry_run(jobs, settings, options.workspace)

    def check(job: DraftJob, output: str | dict[str, Any]) -> list[str]:
        story, _ = by_key[job.key]
        draft = render_kind(story, job.kind, options, output)
        report = KINDS[job.kind].check(story, draft, options.config)
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
