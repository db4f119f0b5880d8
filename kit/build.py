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
from kit.views import Audience, make_view
from kit.write import safe_path

KINDS = ("blog", "talk", "onepager")
PUBLIC_KINDS = ("blog", "talk")
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
                {"path": str(p.path), "line": p.line, "field": p.field, "message": p.message}
                for p in self.problems
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
class BuildOptions:
    kinds: Sequence[str] = KINDS
    out: Path = Path("drafts")
    site: str = "hugo"
    cfp: str = "generic"
    force: bool = False
    workspace: Path | None = None
    config: Config = field(default_factory=Config)


@dataclass
class Outcome:
    """What happened to one story's draft of one kind."""

    story: str  # slug
    kind: str
    action: str  # written, kept, skipped
    status: str = ""  # draft, needs-review, approved
    paths: list[str] = field(default_factory=list)
    message: str = ""
    checks: dict[str, str] = field(default_factory=dict)


@dataclass
class BuildResult:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(o.status == "needs-review" and o.action == "written" for o in self.outcomes)

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


def render_kind(story: Story, kind: str, options: BuildOptions) -> Rendered:
    """One kind's draft of one story, from the view that kind may see."""
    from kit.blog import render_blog
    from kit.onepager import render_onepager
    from kit.talk import render_talk

    audience = Audience.PUBLIC if kind in PUBLIC_KINDS else Audience.INTERNAL
    view = make_view(story, audience)
    if kind == "blog":
        return render_blog(view, site=options.site, workspace=options.workspace)
    if kind == "talk":
        return render_talk(
            view, limits=cfp_limits(options.cfp, options.config), cfp=options.cfp, workspace=options.workspace
        )
    return render_onepager(view, workspace=options.workspace)


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
    from kit.check import check_draft

    audience = "public" if rendered.kind in PUBLIC_KINDS else "internal"
    limits = cfp_limits(options.cfp, options.config) if rendered.kind == "talk" else None
    report = check_draft(
        rendered.body,
        story,
        kind=rendered.kind,
        audience=audience,
        extra=rendered.extra_figures,
        limits=limits,
        fields=rendered.fields or None,
    )
    return report.summary(), report.ok


def build(paths: Iterable[Path], options: BuildOptions, progress: Progress | None = None) -> BuildResult:
    """Build drafts of every kind asked for from every story under paths."""
    stories = load_all(paths)
    jobs, skipped = plan(stories, options)
    if not jobs:
        raise UsageError("nothing to build: " + "; ".join(o.message for o in skipped))
    rendered: list[tuple[Story, Rendered]] = []
    for index, (story, kind) in enumerate(jobs):
        safe_path(options.out, story.slug)  # refuse an unsafe slug before anything is written
        rendered.append((story, render_kind(story, kind, options)))
        if progress:
            progress(index + 1, len(jobs))
    result = BuildResult(outcomes=skipped)
    for story, draft in rendered:
        result.outcomes.append(write_one(story, draft, options))
    return result


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
