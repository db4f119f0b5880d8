"""Build: stories in, checked drafts out, in `OUT/<story-slug>/<kind>.<ext>`.

With a site layout (`--site`, `[build] site`, or `--out` at a site root) the blog goes where
that generator reads posts instead, and the other kinds go to the drafts folder (`[build] out`).

Everything is loaded and rendered before anything is written, so a bad story or a
broken template leaves the output folder as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kit.checks.visibility import internal_values_in_prose
from kit.config import Config, Workspace
from kit.drafts import KEPT, Rendered, provenance, read_draft, write_draft
from kit.errors import DraftError, Problem, StoryError, UsageError
from kit.kinds import KINDS, NAMES, KindOptions, get_kind
from kit.load import find_stories, load_story, story_hints
from kit.sites import DEFAULT_SITE, get_site, site_at
from kit.story import Story
from kit.views import make_view
from kit.write import safe_path

Progress = Callable[[int, int], None]


@dataclass
class Validation:
    valid: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    hints: list[Problem] = field(default_factory=list)  # what a valid story could do better
    warnings: list[Problem] = field(default_factory=list)  # internal figures in public prose (issue 10)

    def problem_lines(self) -> list[str]:
        return [str(p) for p in self.problems]

    def hint_lines(self) -> list[str]:
        return [str(p) for p in self.hints]

    def to_json(self) -> dict[str, Any]:
        return {
            "valid": [str(p) for p in self.valid],
            "problems": [
                {"path": str(p.path), "line": p.line, "field": p.field, "message": p.message} for p in self.problems
            ],
            "hints": [
                {"path": str(p.path), "line": p.line, "field": p.field, "message": p.message} for p in self.hints
            ],
            "warnings": [
                {"path": str(p.path), "line": p.line, "field": p.field, "message": p.message} for p in self.warnings
            ],
        }


def validate_paths(paths: Iterable[Path]) -> Validation:
    """Validate every story under paths, collecting every problem in every file."""
    result = Validation()
    for path in find_stories(paths):
        try:
            story = load_story(path)
        except StoryError as err:
            result.problems.extend(err.problems)
        else:
            result.valid.append(path)
            result.hints.extend(story_hints(story))
            result.warnings.extend(internal_values_in_prose(story))
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
    placed: bool = False  # the blog in its site's layout, in `site_out`
    site_out: Path | None = None  # the site's posts folder (or the folder to copy into it); None: `out`

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
        base_url: str | None = None,
    ) -> BuildOptions:
        """Options as the CLI resolves them: arguments first, then kit.toml, then kit's defaults.

        `out` at a site root (hugo.toml, _config.yml, mkdocs.yml, astro.config.*) chooses the site
        and its posts folder. UsageError for an unknown kind or site, a site that is not the one
        at `out`, or --dry-run without --llm.
        """
        config = workspace.config
        if base_url is not None:
            from pydantic import ValidationError

            from kit.config import SiteConfig

            try:
                site_config = SiteConfig(**{**config.site.model_dump(), "base_url": base_url})
            except ValidationError:
                raise UsageError(f'--base-url "{base_url}" is not an absolute URL; '
                                 "write it as https://blog.example.com") from None  # fmt: skip
            config = config.model_copy(update={"site": site_config})
        given = [k.strip() for item in (kinds or config.build.kinds) for k in item.split(",") if k.strip()]
        chosen = list(dict.fromkeys(given))
        for name in chosen:
            get_kind(name)
        enabled = config.llm.enabled if llm is None else llm
        if dry_run and not enabled:
            raise UsageError("--dry-run shows the LLM requests; add --llm")
        chosen_site = get_site(site).name if site else config.build.site
        drafts, site_out = out or workspace.drafts, None
        found = site_at(out) if out is not None else None
        if found is not None and out is not None:
            if site and site != found.name:
                raise UsageError(f"{out} is a {found.label} site, not {get_site(site).label}; "
                                 f"drop --site or pass --site {found.name}")  # fmt: skip
            chosen_site = found.name
            site_out = out / (config.site.content_dir or found.content_dir)
            drafts = workspace.drafts
            published = out if found.name == "jekyll" else site_out  # Jekyll copies every folder of its root
            if drafts.resolve() == published.resolve() or published.resolve() in drafts.resolve().parents:
                raise UsageError(f"the drafts folder {drafts} is inside the {found.label} site at {out}, which "
                                 "would publish the other kinds' drafts; set [build] out to a folder outside it")
        elif chosen_site is not None:  # the post goes to OUT, ready to copy; the other kinds to the drafts
            site_out = out or workspace.drafts / chosen_site
            drafts = workspace.drafts
        return cls(
            kinds=chosen,
            out=drafts,
            site=chosen_site or DEFAULT_SITE,
            cfp=cfp or config.build.cfp,
            force=force,
            workspace=workspace.root,
            config=config,
            llm=LLMOptions(enabled, model, concurrency, no_cache, dry_run),
            placed=chosen_site is not None,
            site_out=site_out,
        )

    @classmethod
    def for_paths(cls, paths: Sequence[Path | str], workspace: Path | None = None, **choices: Any) -> BuildOptions:
        """Options for building `paths`: the workspace is the one given, else the nearest with kit.toml."""
        return cls.from_config(Workspace.find([Path(p) for p in paths], workspace), **choices)

    @property
    def kind_options(self) -> KindOptions:
        return KindOptions(workspace=self.workspace, site=self.site, cfp=self.cfp, config=self.config,
                           placed=self.placed)  # fmt: skip

    @property
    def posts(self) -> Path:
        """Where a placed blog's files go."""
        return self.site_out or self.out


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


def draft_jobs(rendered: Sequence[tuple[Story, Rendered]], options: BuildOptions) -> list[Any]:
    """One LLM job per template draft (`kit.llm.DraftJob`): the kind's view, the draft as skeleton, its limits."""
    from kit.llm import DraftJob
    from kit.views import context

    return [
        DraftJob(
            key=f"{story.slug}/{draft.kind}",
            kind=draft.kind,
            context=context(make_view(story, KINDS[draft.kind].audience)),
            skeleton=draft.body,
            schema=KINDS[draft.kind].schema,
            limits={**KINDS[draft.kind].limits, **KINDS[draft.kind].settings_limits(draft, options.config)},
        )  # fmt: skip
        for story, draft in rendered
    ]


def redraft(
    rendered: list[tuple[Story, Rendered]], settings: Any, options: BuildOptions, progress: Progress | None
) -> tuple[list[tuple[Story, Rendered]], list[Outcome], str, str]:
    """Ask the model for richer drafts, with the template drafts as skeletons.

    Each reply goes through the same checks as a template draft; one that fails gets one
    repair request naming what is wrong, then is marked for review. A failed request fails
    its draft only; the template draft is not written in its place.
    """
    from kit.llm import DraftJob, draft_all, dry_run, format_summary

    by_key = {f"{story.slug}/{draft.kind}": (story, draft) for story, draft in rendered}
    jobs = draft_jobs(rendered, options)
    if options.llm.dry_run:
        return rendered, [], "", dry_run(jobs, settings, options.workspace)

    def check(job: DraftJob, output: str | dict[str, Any]) -> list[str]:
        story, _ = by_key[job.key]
        draft = render_kind(story, job.kind, options, output)
        report = KINDS[job.kind].check(story, draft, options.config)
        return [_quoted(f) for f in report.errors if f.check in ("facts", "visibility")]

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


def placed_path(root: Path, relative: str) -> Path:
    """A site layout's path (kit's own, with a checked slug) inside root, or DraftError."""
    path = (root.resolve() / relative).resolve()
    if root.resolve() not in path.parents:
        raise DraftError(f"{path} is outside the output folder {root.resolve()}")
    return path


def _quoted(finding: Any) -> str:
    """A finding for a repair request: the offending text quoted (the model never saw kit's line numbers)."""
    says = f"; the story says: {finding.story_says}" if finding.story_says else ""
    return f'{finding.check}: "{finding.text}": {finding.message}{says}'


def write_one(story: Story, draft: Rendered, options: BuildOptions) -> Outcome:
    """Check a rendered draft and write it, unless a person has edited, approved or published the one on disk."""
    aside = safe_path(options.out, story.slug)
    folder = options.posts.resolve() if draft.placed else aside
    target = placed_path(folder, draft.primary)
    for name in [*draft.companions, *draft.merged]:
        placed_path(folder, name)
    if target.exists() and not options.force:
        try:
            existing = read_draft(target)
        except DraftError:
            existing = None
        if existing is None or existing.edited or existing.status in KEPT:
            why = f"it is {existing.status}" if existing and existing.status in KEPT else "it was edited"
            return Outcome(story.slug, draft.kind, "kept", existing.status if existing else "",
                           [str(target)], f"kept {target}: {why} since kit wrote it (--force overwrites)")  # fmt: skip
    checks, ok = check_rendered(story, draft, options)
    status = "draft" if ok else "needs-review"
    paths = write_draft(folder, draft, provenance(draft, story.path, story.sha256, checks, status), aside)
    return Outcome(story.slug, draft.kind, "written", status, [str(p) for p in paths], checks=checks)
