"""Build: stories in, checked drafts out, in `OUT/<story-slug>/<kind>.<ext>`.

With a site layout (`--site`, `[build] site`, or `--out` at a site root) the blog goes where
that generator reads posts instead, and the other kinds go to the drafts folder (`[build] out`).

Everything is loaded and rendered before anything is written, so a bad story or a
broken template leaves the output folder as it was.

A rebuild renders, checks and writes only what changed: each draft's provenance records the
story's hash and `inputs`, a hash of everything else that made it (kit's version, the kind's
templates as the workspace resolves them, the build choices the kind reads, and the LLM's
settings and prompt with `--llm`; `kit.incremental`). A draft whose story and inputs are the same
is left as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kit.checks.visibility import internal_values_in_prose
from kit.config import Config, Workspace
from kit.drafts import (
    KEPT,
    DraftFile,
    Rendered,
    content_hash,
    is_current,
    provenance,
    read_draft,
    write_draft,
)
from kit.errors import DraftError, Problem, StoryError, UsageError
from kit.incremental import AnyStory, S, Seen, StoryRef, inputs_hash
from kit.kinds import KINDS, NAMES, Kind, KindOptions, get_kind
from kit.load import find_stories, load_story, story_hints
from kit.sites import DEFAULT_SITE, get_site, site_at
from kit.story import Story
from kit.views import View, make_view
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


def load_all(paths: Iterable[Path], seen: Seen | None = None) -> list[Story]:
    """Load every story, or raise StoryError with every problem of every file (slugs included)."""
    return [s if isinstance(s, Story) else load_story(s.path) for s in load_known(paths, seen)]


def load_known(paths: Iterable[Path], seen: Seen | None = None) -> list[AnyStory]:
    """Every story, or StoryError with every problem of every file; a story `seen` knows unchanged as a StoryRef."""
    stories: list[AnyStory] = []
    problems: list[Problem] = []
    files = find_stories(paths)
    if not files:
        raise UsageError("no story files found (a story is a .md file with front matter)")
    for path in files:
        known = seen.story(path) if seen is not None else None
        if known is not None:
            stories.append(known)
            continue
        try:
            loaded = load_story(path)
        except StoryError as err:
            problems.extend(err.problems)
        else:
            stories.append(loaded)
            if seen is not None:
                seen.note_story(loaded)
    by_slug: dict[str, AnyStory] = {}
    for story in stories:
        if story.slug in by_slug:
            line = load_story(story.path).lines.get("slug") if isinstance(story, StoryRef) else story.lines.get("slug")
            problems.append(
                Problem(story.path, f'the slug "{story.slug}" is also used by {by_slug[story.slug].path}; '
                        "give one of them its own `slug:`", line, "slug")
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
                raise UsageError(
                    f"the drafts folder {drafts} is inside the {found.label} site at {out}, which "
                    "would publish the other kinds' drafts; set [build] out to a folder outside it"
                )
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
    action: str  # written, unchanged, kept, skipped, failed
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
            o.action == "failed" or (o.status == "needs-review" and o.action in ("written", "unchanged"))
            for o in self.outcomes
        )

    def summary(self) -> str:
        """What a rebuild left alone and what it wrote: "999 unchanged, 1 rebuilt"."""
        unchanged = sum(o.action == "unchanged" for o in self.outcomes)
        rebuilt = sum(o.action == "written" for o in self.outcomes)
        return f"{unchanged} unchanged, {rebuilt} rebuilt"

    def to_json(self) -> list[dict[str, Any]]:
        return [o.__dict__ for o in self.outcomes]


def render_kind(
    story: Story, kind: str, options: BuildOptions, llm_output: str | dict[str, Any] | None = None
) -> Rendered:
    """One kind's draft of one story, from the view that kind may see.

    `llm_output` (Markdown, or a structured kind's fields) replaces what the template would write.
    """
    spec = get_kind(kind)
    return spec.render(view_of(story, spec.audience.value), options.kind_options, llm_output)


_VIEWS: dict[tuple[int, str], tuple[Story, View]] = {}


def view_of(story: Story, audience: str) -> View:
    """A story's view for an audience, made once and shared by its drafts (the last few stories' are kept)."""
    key = (id(story), audience)
    hit = _VIEWS.get(key)
    if hit is not None and hit[0] is story:
        return hit[1]
    view = make_view(story, audience)
    _VIEWS[key] = (story, view)
    while len(_VIEWS) > 16:
        del _VIEWS[next(iter(_VIEWS))]
    return view


def plan(stories: Sequence[S], options: BuildOptions) -> tuple[list[tuple[S, str]], list[Outcome]]:
    """The (story, kind) pairs to build, and the ones skipped with the reason."""
    specs = [get_kind(name) for name in options.kinds]
    jobs: list[tuple[S, str]] = []
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
    seen = Seen(options.out)
    stories = load_known(paths, seen)
    jobs, skipped = plan(stories, options)
    if not jobs:
        raise UsageError("nothing to build: " + "; ".join(o.message for o in skipped))
    inputs = {name: inputs_hash(get_kind(name), options) for name in options.kinds}
    slots: list[Outcome | None] = []  # one per job, in the jobs' order
    pending: list[tuple[Story, str]] = []
    loaded: dict[Path, Story] = {}
    for story, kind in jobs:
        aside = safe_path(options.out, story.slug)  # refuse an unsafe slug before anything is written
        known = None if options.force else up_to_date(story, get_kind(kind), aside, inputs[kind], seen)
        slots.append(known)
        if known is None:
            if isinstance(story, StoryRef):
                story = loaded.get(story.path) or loaded.setdefault(story.path, load_story(story.path))
            pending.append((story, kind))
    checked = render_in_pool(pending, options, progress) if settings is None else None
    rendered: list[tuple[Story, Rendered]] = []
    if checked is not None:
        rendered = [(story, draft) for (story, _), (draft, _) in zip(pending, checked, strict=True)]
    else:
        for index, (story, kind) in enumerate(pending):
            rendered.append((story, render_kind(story, kind, options)))
            if progress and settings is None:
                progress(index + 1, len(pending))
    result = BuildResult(outcomes=skipped)
    at = {(story.slug, kind): i for i, (story, kind) in enumerate(jobs)}
    if settings is not None and rendered:
        rendered, failures, result.llm_summary, result.dry_run = redraft(rendered, settings, options, progress)
        for failure in failures:
            slots[at[(failure.story, failure.kind)]] = failure
        if options.llm.dry_run:
            result.outcomes.extend(o for o in slots if o is not None and o.action == "failed")
            return result
    for i, (story, draft) in enumerate(rendered):
        report = checked[i][1] if checked is not None else None
        outcome = write_one(story, draft, options, inputs[draft.kind], report)
        slots[at[(story.slug, draft.kind)]] = outcome
        if outcome.action == "written" and not draft.placed:
            seen.note(Path(outcome.paths[0]), story, draft.kind, inputs[draft.kind], outcome.status, outcome.checks)
    result.outcomes.extend(o for o in slots if o is not None)
    seen.save()
    return result


PARALLEL_AT = 50  # drafts to render: below this, starting worker processes costs more than it saves
Checked = tuple[Rendered, tuple[dict[str, str], bool]]


def render_in_pool(pending: Sequence[tuple[Story, str]], options: BuildOptions,
                   progress: Progress | None = None) -> list[Checked] | None:  # fmt: skip
    """Render and check the drafts in worker processes, one per core, a run of whole stories at a time.

    The results come back in the drafts' order; the caller writes. None when there are too few
    drafts or one core, or when a worker failed: the serial path then renders (and raises) as it does.
    """
    import os

    workers = min(os.cpu_count() or 1, 4)
    if len(pending) < PARALLEL_AT or workers < 2:
        return None
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    runs: list[list[tuple[Story, str]]] = []  # a story's drafts stay together: its view and index are shared
    for story, kind in pending:
        if runs and runs[-1][-1][0] is story:
            runs[-1].append((story, kind))
        else:
            runs.append([(story, kind)])
    size = max(1, len(runs) // (workers * 8))
    chunks = [[job for run in runs[i : i + size] for job in run] for i in range(0, len(runs), size)]
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    results: list[Checked] = []
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method)) as pool:
            for done in pool.map(_render_and_check, chunks, [options] * len(chunks)):
                results.extend(done)
                if progress:
                    progress(len(results), len(pending))
    except Exception:  # a worker's error (a broken template, say) is raised again, whole, by the serial path
        return None
    return results


def _render_and_check(chunk: list[tuple[Story, str]], options: BuildOptions) -> list[Checked]:
    """In a worker: render and check a run of drafts."""
    out: list[Checked] = []
    for story, kind in chunk:
        draft = render_kind(story, kind, options)
        out.append((draft, check_rendered(story, draft, options)))
    return out


def up_to_date(story: AnyStory, spec: Kind, folder: Path, inputs: str, seen: Seen | None = None) -> Outcome | None:
    """The outcome of a draft that needs no rebuild (unchanged, or kept as a person left it), else None.

    Only a draft in its kind's own place (`OUT/<slug>/<kind>.md`) is decided before rendering;
    one in a site's layout is found once rendered (`write_one`).
    """
    target = folder / spec.primary
    known = seen.get(target, story, spec.name, inputs) if seen is not None else None
    if known is not None and all((folder / name).is_file() for name in spec.companions):
        return Outcome(story.slug, spec.name, "unchanged", known[0], [str(target)], checks=known[1])
    if not target.is_file():
        return None
    try:
        existing = read_draft(target)
    except DraftError:
        return None
    block = existing.provenance
    if block.get("inputs") != inputs or block.get("story_sha256") != story.sha256:
        return None
    if existing.edited or existing.status in KEPT:
        return _kept(story, spec.name, target, existing)
    if not is_current(existing, story.path, story.sha256, spec.name, inputs):
        return None
    if not all((folder / name).is_file() for name in spec.companions):
        return None
    outcome = _unchanged(story, spec.name, target, existing)
    if seen is not None:
        seen.note(target, story, spec.name, inputs, outcome.status, outcome.checks)
    return outcome


def _kept(story: AnyStory, kind: str, target: Path, existing: DraftFile | None) -> Outcome:
    why = f"it is {existing.status}" if existing and existing.status in KEPT else "it was edited"
    return Outcome(story.slug, kind, "kept", existing.status if existing else "",
                   [str(target)], f"kept {target}: {why} since kit wrote it (--force overwrites)")  # fmt: skip


def _unchanged(story: AnyStory, kind: str, target: Path, existing: DraftFile) -> Outcome:
    checks = existing.provenance.get("checks")
    return Outcome(story.slug, kind, "unchanged", existing.status, [str(target)],
                   checks=dict(checks) if isinstance(checks, dict) else {})  # fmt: skip


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


def write_one(
    story: Story,
    draft: Rendered,
    options: BuildOptions,
    inputs: str | None = None,
    checked: tuple[dict[str, str], bool] | None = None,
) -> Outcome:
    """Check a rendered draft and write it, unless a person has edited, approved or published the one on disk,
    or the one on disk was made from the same story and inputs (`inputs_hash`) and says the same."""
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
            return _kept(story, draft.kind, target, existing)
        if (
            inputs is not None
            and is_current(existing, story.path, story.sha256, draft.kind, inputs)
            and existing.provenance.get("content_sha256") == content_hash(draft.front, draft.body)
            and all((folder / name).is_file() for name in draft.companions)
            and all((aside / name).is_file() for name in draft.aside)
        ):
            return _unchanged(story, draft.kind, target, existing)
    checks, ok = checked if checked is not None else check_rendered(story, draft, options)
    status = "draft" if ok else "needs-review"
    block = provenance(draft, story.path, story.sha256, checks, status, inputs)
    paths = write_draft(folder, draft, block, aside)
    return Outcome(story.slug, draft.kind, "written", status, [str(p) for p in paths], checks=checks)
