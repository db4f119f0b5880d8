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

import datetime as dt
import os
import signal
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kit.config import Config, Workspace
from kit.drafts import (
    KEPT,
    DraftFile,
    DraftFiles,
    Rendered,
    companion_hashes,
    content_hash,
    draft_files,
    is_current,
    provenance,
    read_draft,
    write_files,
)
from kit.errors import DraftError, Problem, StoryError, UsageError
from kit.incremental import AnyStory, S, Seen, StoryRef, inputs_hash, ref_of
from kit.kinds import KINDS, NAMES, Kind, KindOptions, get_kind
from kit.load import NO_STORIES, find_stories, load_story, story_hints
from kit.render import markdown_safe
from kit.sites import DEFAULT_SITE, Site, get_site, root_problem, sites_at
from kit.story import Story
from kit.views import view_of
from kit.write import ensure_writable, is_plain_name, safe_path

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
    from kit.checks.own_prose import prose_against_metrics  # the checks are not needed to plan a build

    result = Validation()
    stories: list[Story] = []
    for path in find_stories(paths):
        try:
            story = load_story(path)
        except StoryError as err:
            result.problems.extend(err.problems)
        else:
            stories.append(story)
            result.hints.extend(story_hints(story))
            result.warnings.extend(internal_figures(story))
            result.warnings.extend(prose_against_metrics(story))
            result.warnings.extend(dated_ahead(story))
    clashes = duplicate_slugs(stories)  # as a build of the same paths would refuse them
    result.problems.extend(clashes)
    clashing = {problem.path for problem in clashes}
    result.valid = [story.path for story in stories if story.path not in clashing]
    return result


INTERNAL_FIGURE_FIX = (
    "say it there without the figure, or drop `internal: true` from its metric if the value may be public"
)


def internal_figures(story: Story) -> list[Problem]:
    """A warning, with its fix, for each internal metric's value in a public story's own prose: its public
    drafts repeat that prose and so fail their visibility check. `kit validate` and `kit build` both say it."""
    from kit.checks.visibility import internal_values_in_prose  # the checks are not needed to plan a build

    return [Problem(p.path, f"{p.message}; {INTERNAL_FIGURE_FIX}", p.line, p.field)
            for p in internal_values_in_prose(story)]  # fmt: skip


def _story_warnings(story: Story, kinds: Iterable[str]) -> list[Problem]:
    """What `kit validate` warns of a story about to get drafts of `kinds` (a rebuild that leaves its
    drafts as they are says nothing new): a date after today (a site holds back a post dated in the
    future), and `internal_figures` where a draft is public."""
    made = list(kinds)
    if not made:
        return []
    return dated_ahead(story) + (internal_figures(story) if any(get_kind(kind).public for kind in made) else [])


def dated_ahead(story: Story, today: dt.date | None = None) -> list[Problem]:
    """A warning for a story dated after today: `date` is when the result was measured, and a
    newsletter takes its issue's date from its newest story."""
    today = today or dt.date.today()
    if story.meta.date <= today:
        return []
    message = (f"{story.meta.date.isoformat()} is after today ({today.isoformat()}); date a story when its "
               "result was measured")  # fmt: skip
    return [Problem(story.path, message, story.lines.get("date"), "date")]


def load_all(paths: Iterable[Path], seen: Seen | None = None) -> list[Story]:
    """Load every story, or raise StoryError with every problem of every file (slugs included)."""
    return [s if isinstance(s, Story) else load_story(s.path) for s in load_known(paths, seen)]


def load_known(paths: Iterable[Path], seen: Seen | None = None) -> list[AnyStory]:
    """Every story, or StoryError with every problem of every file; a story `seen` knows unchanged as a StoryRef."""
    stories: list[AnyStory] = []
    problems: list[Problem] = []
    files = find_stories(paths)
    if not files:
        raise UsageError(NO_STORIES)
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
    problems += duplicate_slugs(stories)
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

    def __post_init__(self) -> None:
        # A Python caller may give folders as text ("drafts"), as kit's other entry points take them.
        self.out = Path(self.out)
        self.workspace = Path(self.workspace) if self.workspace is not None else None
        self.site_out = Path(self.site_out) if self.site_out is not None else None

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
        if not given:  # `--kind ""` or `--kind ,`; kit.toml's `kinds = []` is refused where it is read
            raise UsageError(f"--kind names no kind; give one or more of {', '.join(NAMES)}, such as --kind blog,talk")
        chosen = list(dict.fromkeys(given))
        for name in chosen:
            get_kind(name)
        enabled = config.llm.enabled if llm is None else llm
        if dry_run and not enabled:
            raise UsageError("--dry-run shows the LLM requests; add --llm")
        unused = [flag for flag, given in (("--model", model), ("--concurrency", concurrency),
                                           ("--no-cache", no_cache)) if given]  # fmt: skip
        if unused and not enabled:
            raise UsageError(f"{' and '.join(unused)} {'is' if len(unused) == 1 else 'are'} for drafting with an "
                             "LLM; add --llm (templates use no model)")  # fmt: skip
        chosen_site = get_site(site).name if site else config.build.site
        drafts, site_out = out or workspace.drafts, None
        found = _site_root(out, site)
        if found is not None and out is not None:
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


def _site_root(out: Path | None, site: str | None) -> Site | None:
    """The generator whose site root `out` is, agreeing with `--site`; UsageError when they disagree,
    when the root is two generators' and `--site` does not say which, or when a post must not go in."""
    found = sites_at(out) if out is not None else []
    if not found or out is None:
        return None
    names = " and ".join(f"{f.label} ({next(m for m in f.markers if (out / m).is_file())})" for f in found)
    if len(found) > 1 and site not in [f.name for f in found]:
        raise UsageError(f"{out} has the config files of {names}; pass --site "
                         f"{' or --site '.join(f.name for f in found)} to say which it is")  # fmt: skip
    chosen = next((f for f in found if f.name == site), found[0]) if site else found[0]
    if site and site != chosen.name:
        raise UsageError(f"{out} is a {chosen.label} site, not {get_site(site).label}; "
                         f"drop --site or pass --site {chosen.name}")  # fmt: skip
    problem = root_problem(chosen, out)
    if problem:
        raise UsageError(problem)
    return chosen


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
    warnings: list[Problem] = field(default_factory=list)  # what a story's drafts will fail on (`internal_figures`)
    llm_summary: str = ""  # the LLM run's summary, when --llm
    dry_run: str = ""  # the requests --dry-run would send
    dry_run_data: dict[str, Any] = field(default_factory=dict)  # the same, for --json

    @property
    def failed(self) -> bool:
        return any(
            o.action == "failed"
            or (o.status == "needs-review" and o.action in ("written", "unchanged"))
            or (o.action == "kept" and any(" error" in value for value in o.checks.values()))
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

    `llm_output` (Markdown, or a structured kind's fields) replaces what the template would write;
    it is made inert as a story's text is (`markdown_safe`): a model's <script>, Liquid or
    javascript: link is shown, never run by the site that publishes the post.
    """
    spec = get_kind(kind)
    return spec.render(view_of(story, spec.audience.value), options.kind_options, _inert(llm_output))


def _inert(output: Any) -> Any:
    """An LLM's reply with every text in it made inert (`kit.render.markdown_safe`)."""
    if isinstance(output, str):
        return markdown_safe(output)
    if isinstance(output, dict):
        return {key: _inert(value) for key, value in output.items()}
    if isinstance(output, list):
        return [_inert(value) for value in output]
    return output


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


Checked = tuple[Rendered, tuple[dict[str, str], bool]]  # a draft, and its check summary and whether it passed


def build(paths: Iterable[Path], options: BuildOptions, progress: Progress | None = None) -> BuildResult:
    """Build drafts of every kind asked for from every story under paths.

    Interrupted (a KeyboardInterrupt) on Ctrl-C, saying how far the build got: every draft is
    written whole or not at all.
    """
    try:
        if not options.llm.enabled:
            return build_from_templates(paths, options, progress)
        return build_with_llm(paths, options, progress)
    except Interrupted:
        raise
    except KeyboardInterrupt:  # before anything was written
        raise Interrupted(llm=options.llm.enabled) from None


class Interrupted(KeyboardInterrupt):
    """Ctrl-C during a build, and what it had done by then, as one line for the person who pressed it."""

    def __init__(self, written: int = 0, to_write: int = 0, drafted: tuple[int, int] | None = None,
                 llm: bool = False) -> None:  # fmt: skip
        super().__init__()
        self.written, self.to_write, self.drafted, self.llm = written, to_write, drafted, llm

    def __str__(self) -> str:
        again = "run the same `kit build` again"
        if self.written:
            done = f"wrote {self.written} of {self.to_write} drafts, each whole, and left the rest as they were"
        else:
            done = "no draft written (the drafts folder is as it was)"
        if not self.llm:
            rest = f"{again} to build the rest" if self.written else again
        elif self.drafted is not None:
            rest = (f"{self.drafted[0]} of {self.drafted[1]} LLM drafts were done, and every reply received is "
                    f"in the cache: {again} to resume from there (only the rest is sent)")  # fmt: skip
        else:
            rest = f"{again} to write the rest: the model's replies come from the cache, not paid for twice"
        return f"interrupted: {done}; {rest}"


class _Writer:
    """Writes drafts whole: Ctrl-C while a draft's files are being written (a talk's .md and .json)
    takes effect once the last of them is, so a draft's files always agree (a half-written one would
    look edited by hand, and be kept from then on), and the build stops there, saying how far it got."""

    def __init__(self, to_write: int, llm: bool) -> None:
        self.written, self.to_write, self.llm = 0, to_write, llm

    def write(self, ready: Ready) -> Outcome:
        pressed: list[int] = []
        deferred = threading.current_thread() is threading.main_thread() and (
            signal.getsignal(signal.SIGINT) is signal.default_int_handler
        )  # only Python's own Ctrl-C (a caller's handler, or none, is left alone), set only from the main thread
        if deferred:
            signal.signal(signal.SIGINT, lambda number, frame: pressed.append(number))
        try:
            outcome = ready.write()
        finally:
            if deferred:
                signal.signal(signal.SIGINT, signal.default_int_handler)
        self.written += 1
        if pressed:
            raise self.interrupted()
        return outcome

    def interrupted(self) -> Interrupted:
        return Interrupted(self.written, self.to_write, llm=self.llm)


class _Counted:
    """A progress callback that also counts what is done, for Ctrl-C's message."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress, self.done = progress, 0

    def __call__(self, done: int, total: int) -> None:
        self.done = done
        if self.progress is not None:
            self.progress(done, total)


def build_with_llm(paths: Iterable[Path], options: BuildOptions, progress: Progress | None = None) -> BuildResult:
    """`build` with `--llm`: the template drafts as skeletons, the model's drafts checked, then written."""
    from kit.llm import llm_settings

    # no key and no server is an error before any work
    settings = llm_settings(options.config, options.llm.model, options.llm.concurrency, dry_run=options.llm.dry_run)
    seen = Seen(options.out)
    inputs = {name: inputs_hash(get_kind(name), options) for name in options.kinds}
    result = BuildResult()
    slots: list[Outcome | None] = []  # per (story, kind) built: decided without rendering, or None
    at: dict[tuple[str, str], int] = {}
    pending: list[tuple[Story, str]] = []
    for story in load_known(paths, seen):
        skipped, decided = plan_story(story, options, inputs, seen)
        result.outcomes += skipped
        for kind, outcome in decided:
            at[(story.slug, kind)] = len(slots)
            slots.append(outcome)
            if outcome is None:
                story = story if isinstance(story, Story) else load_story(story.path)
                pending.append((story, kind))
    if not slots:
        raise UsageError("nothing to build: " + "; ".join(o.message for o in result.outcomes))
    by_story: dict[Path, tuple[Story, list[str]]] = {}
    for story, kind in pending:
        by_story.setdefault(story.path, (story, []))[1].append(kind)
    for story, kinds in by_story.values():
        result.warnings += _story_warnings(story, kinds)
    checked: list[Checked] | None = None
    rendered = [(story, render_kind(story, kind, options)) for story, kind in pending]
    if rendered:
        counted = _Counted(progress)
        try:
            redrafted, failures, result.llm_summary, result.dry_run_data = redraft(rendered, settings, options,
                                                                                   counted)  # fmt: skip
        except KeyboardInterrupt:
            raise Interrupted(drafted=(counted.done, len(rendered)), llm=True) from None
        if result.dry_run_data:
            from kit.llm import format_dry_run

            result.dry_run = format_dry_run(result.dry_run_data)
        rendered = [(story, draft) for story, (draft, _) in redrafted]
        checked = [made for _, made in redrafted]  # each reply was checked once, in the run: not again
        for failure in failures:
            slots[at[(failure.story, failure.kind)]] = failure
        if options.llm.dry_run:
            result.outcomes.extend(o for o in slots if o is not None and o.action == "failed")
            return result
    readied = [ready_to_write(story, draft, options, inputs[draft.kind], checked[i][1] if checked is not None else None)
               for i, (story, draft) in enumerate(rendered)]  # fmt: skip
    ensure_writable(path for ready in readied if isinstance(ready, Ready) for path in ready.files.paths())
    writer = _Writer(sum(isinstance(ready, Ready) for ready in readied), llm=True)
    try:
        for (story, draft), ready in zip(rendered, readied, strict=True):
            outcome = writer.write(ready) if isinstance(ready, Ready) else ready
            slots[at[(story.slug, draft.kind)]] = outcome
            if outcome.action == "written" and not draft.placed:
                seen.note(Path(outcome.paths[0]), story, draft.kind, inputs[draft.kind], outcome.status,
                          outcome.checks)  # fmt: skip
    except Interrupted:
        raise
    except KeyboardInterrupt:
        raise writer.interrupted() from None
    result.outcomes.extend(o for o in slots if o is not None)
    seen.save()
    return result


PARALLEL_AT = 20  # stories to read: below this, starting worker processes costs more than it saves


@dataclass
class StoryJob:
    """A story file to read and build; for one an earlier build validated, what was decided without reading it."""

    path: Path
    known: StoryRef | None = None
    skipped: list[Outcome] = field(default_factory=list)
    slots: list[tuple[str, Outcome | None]] = field(default_factory=list)  # per kind: decided, or None


@dataclass
class Prepared:
    """One story's part of a template build: its drafts made, checked and composed, nothing written."""

    path: Path
    story: StoryRef | None = None  # None when the file is not a valid story
    problems: list[Problem] = field(default_factory=list)
    skipped: list[Outcome] = field(default_factory=list)  # kinds this story does not get
    drafts: list[Outcome | Ready] = field(default_factory=list)  # per kind built, in the kinds' order
    current: list[Outcome] = field(default_factory=list)  # drafts found current on disk, for `Seen`
    warnings: list[Problem] = field(default_factory=list)  # `_story_warnings` of the drafts made


def build_from_templates(paths: Iterable[Path], options: BuildOptions, progress: Progress | None = None) -> BuildResult:
    """`build` without the LLM: every story read, rendered, checked and composed (in worker processes,
    one per core, for a large build), then, once every story proved valid, written in order."""
    files = find_stories(paths)
    if not files:
        raise UsageError(NO_STORIES)
    seen = Seen(options.out)
    inputs = {name: inputs_hash(get_kind(name), options) for name in options.kinds}
    jobs: list[StoryJob] = []
    for path in files:
        known = seen.story(path)
        if known is None:
            jobs.append(StoryJob(path))
        else:  # planned here, without reading the story: a rebuild where nothing changed ends here
            skipped, slots = plan_story(known, options, inputs, seen)
            jobs.append(StoryJob(path, known, skipped, slots))
    todo = [job for job in jobs if job.known is None or any(outcome is None for _, outcome in job.slots)]
    done: list[Prepared] | None = None
    if len(todo) >= PARALLEL_AT:
        from kit.pool import in_pool

        done = in_pool(prepare_stories, todo, options, inputs, progress=progress, stop=lambda p: bool(p.problems))
    if done is None:
        done = prepare_stories(todo, options, inputs, progress)
    if len(done) < len(todo):  # a story was not valid: the rest are only read, for their problems too
        done += [Prepared(job.path, problems=story_problems(job.path)) for job in todo[len(done) :]]
    made = {job.path: prepared for job, prepared in zip(todo, done, strict=True)}
    stories = [made.get(job.path) or Prepared(job.path, job.known, [], job.skipped, [o for _, o in job.slots if o])
               for job in jobs]  # fmt: skip
    problems = [problem for prepared in stories for problem in prepared.problems]
    problems += duplicate_slugs([prepared.story for prepared in stories if prepared.story is not None])
    if problems:
        raise StoryError(problems=problems)
    skipped = [outcome for prepared in stories for outcome in prepared.skipped]
    if not any(prepared.drafts for prepared in stories):
        raise UsageError("nothing to build: " + "; ".join(o.message for o in skipped))
    ensure_writable(path for prepared in stories for draft in prepared.drafts if isinstance(draft, Ready)
                    for path in draft.files.paths())  # fmt: skip
    result = BuildResult(outcomes=skipped, warnings=[problem for prepared in stories for problem in prepared.warnings])
    writer = _Writer(sum(isinstance(draft, Ready) for prepared in stories for draft in prepared.drafts), llm=False)
    try:
        for prepared, job in zip(stories, jobs, strict=True):
            _write_prepared(prepared, job, writer, seen, inputs, result)
    except Interrupted:
        raise
    except KeyboardInterrupt:
        raise writer.interrupted() from None
    seen.save()
    return result


def _write_prepared(
    prepared: Prepared, job: StoryJob, writer: _Writer, seen: Seen, inputs: dict[str, str], result: BuildResult
) -> None:
    """Write one story's drafts that need it, noting each in `seen`, and add their outcomes to `result`."""
    story = prepared.story
    assert story is not None
    if job.known is None:
        seen.note_story(story)
    for outcome in prepared.current:
        seen.note(Path(outcome.paths[0]), story, outcome.kind, inputs[outcome.kind], outcome.status, outcome.checks)
    for draft in prepared.drafts:
        outcome = writer.write(draft) if isinstance(draft, Ready) else draft
        if isinstance(draft, Ready) and not draft.placed:
            seen.note(Path(outcome.paths[0]), story, draft.kind, inputs[draft.kind], outcome.status, outcome.checks)
        result.outcomes.append(outcome)


def prepare_stories(
    jobs: list[StoryJob], options: BuildOptions, inputs: dict[str, str], progress: Progress | None = None
) -> list[Prepared]:
    """Read, plan, render, check and compose each story's drafts (in a worker, or here); stop at the first
    story that is not valid: a build with a bad story writes nothing, so its drafts are not worth making."""
    prepared: list[Prepared] = []
    for job in jobs:
        prepared.append(prepare_story(job, options, inputs))
        if prepared[-1].problems:
            break
        if progress:
            progress(len(prepared), len(jobs))
    return prepared


def prepare_story(job: StoryJob, options: BuildOptions, inputs: dict[str, str]) -> Prepared:
    """One story's drafts, ready to write, or the story's problems."""
    try:
        story = load_story(job.path)
    except StoryError as err:
        return Prepared(job.path, problems=err.problems)
    prepared = Prepared(job.path, ref_of(story), skipped=job.skipped)
    slots = job.slots
    if job.known is None:
        prepared.skipped, slots = plan_story(story, options, inputs)
        prepared.current = [outcome for _, outcome in slots if outcome is not None and outcome.action == "unchanged"]
    aside = safe_path(options.out, story.slug)
    prepared.warnings = _story_warnings(story, [kind for kind, decided in slots if decided is None])
    for kind, decided in slots:
        if decided is None:
            draft = render_kind(story, kind, options)
            checked = check_rendered(story, draft, options)
            prepared.drafts.append(ready_to_write(story, draft, options, inputs[kind], checked, aside))
        else:
            prepared.drafts.append(decided)
    return prepared


def plan_story(
    story: AnyStory, options: BuildOptions, inputs: dict[str, str], seen: Seen | None = None
) -> tuple[list[Outcome], list[tuple[str, Outcome | None]]]:
    """The kinds a story does not get (skipped), and per kind it gets, its outcome when its draft
    needs no rebuild (`up_to_date`), else None."""
    jobs, skipped = plan([story], options)
    aside = safe_path(options.out, story.slug)  # refuse an unsafe slug before anything is written
    slots = [(kind, None if options.force else up_to_date(story, get_kind(kind), aside, inputs[kind], seen))
             for _, kind in jobs]  # fmt: skip
    return skipped, slots


def story_problems(path: Path) -> list[Problem]:
    """A story file's problems, if it has any."""
    try:
        load_story(path)
    except StoryError as err:
        return err.problems
    return []


def duplicate_slugs(stories: Sequence[AnyStory]) -> list[Problem]:
    """A problem for every story whose slug an earlier one has."""
    problems: list[Problem] = []
    by_slug: dict[str, AnyStory] = {}
    for story in stories:
        if story.slug in by_slug:
            line = load_story(story.path).lines.get("slug") if isinstance(story, StoryRef) else story.lines.get("slug")
            problems.append(
                Problem(story.path, f'the slug "{story.slug}" is also used by {by_slug[story.slug].path}; '
                        "give one of them its own `slug:`", line, "slug")
            )  # fmt: skip
        by_slug.setdefault(story.slug, story)
    return problems


def up_to_date(story: AnyStory, spec: Kind, folder: Path, inputs: str, seen: Seen | None = None) -> Outcome | None:
    """The outcome of a draft that needs no rebuild (unchanged, or kept as a person left it), else None.

    Only a draft in its kind's own place (`OUT/<slug>/<kind>.md`) is decided before rendering;
    one in a site's layout is found once rendered (`write_one`).
    """
    target = folder / spec.primary
    known = seen.get(target, story, spec.name, inputs) if seen is not None else None
    if known is not None and all(os.path.isfile(os.path.join(folder, name)) for name in spec.companions):
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
    message = f"{target}: {_why_kept(existing)} since kit wrote it (--force overwrites)"
    return Outcome(story.slug, kind, "kept", existing.status if existing else "", [str(target)], message)


def _why_kept(existing: DraftFile | None) -> str:
    return f"it is {existing.status}" if existing and existing.status in KEPT else "it was edited"


def _kept_against(story: Story, kind: str, target: Path, existing: DraftFile | None, options: BuildOptions) -> Outcome:
    """A kept draft whose story has changed since kit wrote it, checked against the story as it is now:
    one that no longer agrees with it fails the build, as a draft written from it would."""
    kept = _kept(story, kind, target, existing)
    if existing is None or existing.provenance.get("story_sha256") == story.sha256:
        return kept
    from kit.audit import check_on_disk

    spec = get_kind(kind)
    report = check_on_disk(target, spec, story, spec.read(existing), options.config)
    kept.checks = report.summary()
    if not report.ok:
        errors = ", ".join(f"{check} {tally}" for check, tally in kept.checks.items() if "error" in tally)
        kept.message = (f"{target}: {_why_kept(existing)} since kit wrote it, and its story has changed since: "
                        f"it fails its checks now ({errors}); see `kit check {target}`, "
                        "or --force rebuilds it")  # fmt: skip
    return kept


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
            context=context(view_of(story, KINDS[draft.kind].audience.value)),
            skeleton=draft.body,
            schema=KINDS[draft.kind].schema,
            limits={**KINDS[draft.kind].limits, **KINDS[draft.kind].settings_limits(draft, options.config)},
        )  # fmt: skip
        for story, draft in rendered
    ]


def redraft(
    rendered: list[tuple[Story, Rendered]], settings: Any, options: BuildOptions, progress: Progress | None
) -> tuple[list[tuple[Story, Checked]], list[Outcome], str, dict[str, Any]]:
    """Ask the model for richer drafts, with the template drafts as skeletons.

    Each reply goes through the same checks as a template draft; one that fails gets one
    repair request naming what is wrong, then is marked for review. A failed request fails
    its draft only; the template draft is not written in its place. Each draft comes back
    with its check (summary, passed), made once, for `write_one`.
    """
    from kit.checks.report import Report
    from kit.llm import DraftJob, draft_all, dry_run, format_summary
    from kit.llm.workers import in_workers

    by_key = {f"{story.slug}/{draft.kind}": (story, draft) for story, draft in rendered}
    jobs = draft_jobs(rendered, options)
    if options.llm.dry_run:
        return [], [], "", dry_run(jobs, settings, options.workspace)
    last: dict[str, tuple[Any, Checked]] = {}  # a job's last checked reply, its draft and check

    def render_and_check(key: str, output: str | dict[str, Any]) -> tuple[Rendered, Report]:
        story, draft = by_key[key]
        made = render_kind(story, draft.kind, options, output)
        return made, KINDS[draft.kind].check(story, made, options.config)

    with in_workers(render_and_check, len(jobs)) as checked_apart:  # the replies are checked on every core

        async def check(job: DraftJob, output: str | dict[str, Any]) -> list[str]:
            draft, report = await checked_apart(job.key, output)
            last[job.key] = (output, (draft, (report.summary(), report.ok)))
            public = KINDS[draft.kind].public
            return [_quoted(f, public) for f in report.errors if f.check in ("facts", "visibility")]

        results = draft_all(jobs, settings, options.workspace, check=check, no_cache=options.llm.no_cache,
                            progress=progress)  # fmt: skip
    redrafted: list[tuple[Story, Checked]] = []
    failures: list[Outcome] = []
    for result in results:
        story, _ = by_key[result.job.key]
        if not result.ok:
            failures.append(Outcome(story.slug, result.job.kind, "failed", message=f"{result.job.key}: {result.error}"))
            continue
        output = result.fields if result.fields is not None else result.text
        checked = last.get(result.job.key)
        if checked is not None and checked[0] is output:  # the reply kept was the last checked: as it was checked
            draft, report = checked[1]
        else:
            draft = render_kind(story, result.job.kind, options, output)
            report = check_rendered(story, draft, options)
        meta = result.meta
        _agree(meta, report)
        draft.source = f"prompt {meta.get('prompt')}, model {meta.get('model')}"
        draft.meta = {
            **draft.meta,
            "llm": {
                key: meta.get(key)
                for key in ("model", "api", "request_hash", "input_tokens", "output_tokens", "cached", "repaired")
            },
        }
        redrafted.append((story, (draft, report)))
    return redrafted, failures, format_summary(results), {}


def _agree(meta: dict[str, Any], checked: tuple[dict[str, str], bool]) -> None:
    """The run's verdict on a draft made the draft's own: its status is decided by the check of the
    draft as rendered, which can differ from the run's (the talk fits an over-long title with the
    story's short one; the run asks only about facts and visibility), and the summary must say what
    the file says."""
    checks, ok = checked
    if ok:
        meta.update(status="drafted", check_problems=[])
    elif meta.get("status") != "needs-review" or not meta.get("check_problems"):
        failing = ", ".join(f"{name} {tally}" for name, tally in checks.items() if "error" in tally)
        meta.update(status="needs-review", check_problems=[failing or "see kit check"])


def placed_path(root: Path, relative: str) -> Path:
    """A draft's file (kit's own name, or a site layout's path with a checked slug) inside root, a resolved
    folder, or DraftError. A plain name ("blog.md") cannot leave its folder, so only a path is resolved."""
    if is_plain_name(relative):
        return root / relative
    path = (root / relative).resolve()
    if root not in path.parents:
        raise DraftError(f"{path} is outside the output folder {root}")
    return path


def _quoted(finding: Any, public: bool) -> str:
    """A finding for a repair request: the offending text quoted (the model never saw kit's line numbers).

    A public draft's request names nothing internal: a visibility finding says only that the text
    must go, not which internal metric or quote it is (a public prompt holds no internal fact).
    """
    if public and finding.check == "visibility":
        return f'{finding.check}: "{finding.text}": internal to the company; a public draft must not show it'
    says = f"; the story says: {finding.story_says}" if finding.story_says else ""
    return f'{finding.check}: "{finding.text}": {finding.message}{says}'


def write_one(
    story: AnyStory,
    draft: Rendered,
    options: BuildOptions,
    inputs: str | None = None,
    checked: tuple[dict[str, str], bool] | None = None,
) -> Outcome:
    """Check a rendered draft and write it, unless a person has edited, approved or published the one on disk,
    or the one on disk was made from the same story and inputs (`inputs_hash`) and says the same."""
    ready = ready_to_write(story, draft, options, inputs, checked)
    return ready if isinstance(ready, Outcome) else ready.write()


@dataclass
class Ready:
    """A draft checked and composed: all that is left is to write its files."""

    story: StoryRef
    kind: str
    status: str
    checks: dict[str, str]
    files: DraftFiles
    placed: bool

    def write(self) -> Outcome:
        paths = write_files(self.files)
        return Outcome(self.story.slug, self.kind, "written", self.status, [str(p) for p in paths], checks=self.checks)


def ready_to_write(
    story: AnyStory,
    draft: Rendered,
    options: BuildOptions,
    inputs: str | None = None,
    checked: tuple[dict[str, str], bool] | None = None,
    aside: Path | None = None,
) -> Outcome | Ready:
    """What `write_one` does short of writing: the outcome of a draft left as it is (kept, unchanged),
    or the draft checked (unless `checked` says how it did) and composed into its files.
    `aside`: the story's own folder, `safe_path(options.out, story.slug)`, when the caller has it."""
    aside = aside or safe_path(options.out, story.slug)
    folder = options.posts.resolve() if draft.placed else aside
    target = placed_path(folder, draft.primary)
    for name in [*draft.companions, *draft.merged]:
        placed_path(folder, name)
    if target.is_file() and not options.force:  # a folder in its place is refused with the others, before any write
        try:
            existing = read_draft(target)
        except DraftError:
            existing = None
        if existing is None or existing.edited or existing.status in KEPT:
            if isinstance(story, Story):
                return _kept_against(story, draft.kind, target, existing, options)
            return _kept(story, draft.kind, target, existing)
        if (
            inputs is not None
            and is_current(existing, story.path, story.sha256, draft.kind, inputs)
            and existing.provenance.get("content_sha256") == content_hash(draft.front, draft.body)
            and existing.companion_hashes == companion_hashes(draft.companions)
            and all((folder / name).is_file() for name in draft.companions)
            and all((aside / name).is_file() for name in draft.aside)
        ):
            return _unchanged(story, draft.kind, target, existing)
    if checked is None:
        if not isinstance(story, Story):
            story = load_story(story.path)
        checked = check_rendered(story, draft, options)
    checks, ok = checked
    status = "draft" if ok else "needs-review"
    block = provenance(draft, story.path, story.sha256, checks, status, inputs)
    return Ready(ref_of(story), draft.kind, status, checks, draft_files(folder, draft, block, aside), draft.placed)
