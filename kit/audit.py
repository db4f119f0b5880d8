"""Check drafts on disk against their stories: `kit check`, `kit review`, `kit approve`.

A draft names its story in its provenance (`kit.story`); `--story` overrides that.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from kit import frontmatter
from kit.checks import Finding, Report
from kit.config import Config, find_workspace, load_config
from kit.drafts import DraftFile, Rendered, read_draft
from kit.errors import DraftError, Problem, StoryError, UsageError
from kit.kinds import KINDS, Kind, kind_for_file
from kit.load import load_story
from kit.story import Story


@dataclass(frozen=True)
class Audited:
    """One draft, its story and its check report."""

    draft: DraftFile
    kind: str
    story: Story
    report: Report

    def to_dict(self) -> dict[str, Any]:
        return {"path": str(self.draft.path), "kind": self.kind, "story": str(self.story.path),
                "status": self.draft.status, "edited": self.draft.edited, **self.report.to_dict()}  # fmt: skip


SKIPPED_FOLDERS = {"node_modules", "_site", "dist", "__pycache__"}  # packages and built sites: no drafts


def is_draft(path: Path) -> bool:
    """A kit draft: named like a kind's primary file, or carrying a `kit:` block naming a kind.

    A post in a site's layout (`index.md`, `_posts/2026-02-18-x.md`) is known by its provenance.
    """
    if kind_for_file(path.name) is not None:
        return True
    try:
        with path.open(encoding="utf-8") as handle:
            if handle.readline().strip() != "---":
                return False
        kind = read_draft(path).provenance.get("kind")
    except (OSError, UnicodeDecodeError, DraftError):
        return False
    return isinstance(kind, str) and kind in KINDS


def _markdown_files(folder: Path) -> list[Path]:
    found: list[Path] = []
    for here, folders, files in os.walk(folder):
        folders[:] = sorted(f for f in folders if not f.startswith(".") and f not in SKIPPED_FOLDERS)
        found.extend(Path(here) / name for name in sorted(files) if name.endswith(".md"))
    return found


def find_drafts(paths: Iterable[Path]) -> list[Path]:
    """Draft files named by paths: files as given, folders searched for kit's drafts (by name or provenance)."""
    found: list[Path] = []
    for path in map(Path, paths):  # text from a Python caller, too
        if path.is_dir():
            found.extend(sorted(p for p in _markdown_files(path) if is_draft(p)))
        elif path.is_file():
            found.append(path)
        else:
            raise UsageError(f"{path}: no such file or folder")
    if not found:
        names = ", ".join(k.primary for k in KINDS.values())
        raise UsageError(f"no drafts found (kit writes them as <slug>/{names})")
    return found


def story_for(draft: DraftFile, override: Path | None) -> Story:
    """The draft's story: `--story`, else the path its provenance records."""
    if override is not None:
        return load_story(override)
    recorded = draft.provenance.get("story")
    if not recorded:
        raise DraftError(problems=[Problem(draft.path, "no story recorded in its front matter; pass --story FILE")])
    candidates = [Path(recorded), *(folder / recorded for folder in draft.path.resolve().parents)]
    for candidate in candidates:
        if candidate.is_file():
            return load_story(candidate)
    raise DraftError(problems=[Problem(draft.path, f"its story {recorded} is not found from here; pass --story FILE")])


def body_offset(path: Path) -> int:
    """How many lines of the file come before its body (the front matter), so findings count from the top."""
    try:
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
        return text[: frontmatter.split(text).body_start].count("\n")
    except (OSError, UnicodeDecodeError, frontmatter.Unclosed):
        return 0


def audit(path: Path, story_path: Path | None = None) -> Audited:
    """Check one draft file against its story, as the build does; finding lines count from the file's top.

    A companion kit wrote beside a draft (talk.json) is checked with its draft, and naming it
    checks the draft: a form or a script takes its text as it is.
    """
    path = primary_of(path)
    draft = read_draft(path)
    recorded = draft.provenance.get("kind")
    spec = KINDS.get(str(recorded)) if recorded else kind_for_file(path.name)
    if spec is None and recorded == "newsletter":
        raise DraftError(problems=[Problem(path, "a newsletter issue: `kit newsletter` checks it against its "
                                                 "stories as it writes it; run that again to check it")])  # fmt: skip
    if spec is None:
        raise DraftError(
            problems=[Problem(path, "not a kit draft (no `kit.kind` in its front matter, and not named like one)")]
        )
    story = story_for(draft, story_path)
    report = check_on_disk(path, spec, story, spec.read(draft), load_config(find_workspace([draft.path])))
    offset = body_offset(path)
    if offset:  # companions' findings have no line: only the body's are moved
        report = Report(tuple(replace(f, line=f.line + offset) if f.line is not None else f for f in report.findings))
    return Audited(draft, spec.name, story, report)


def check_on_disk(path: Path, spec: Kind, story: Story, rendered: Rendered, config: Config) -> Report:
    """A draft read back from disk checked as the build checks it, with the text of its JSON companions
    beside it (`companion_findings`): what `kit check` says of it, and a rebuild of a kept draft."""
    report = spec.check(story, rendered, config)
    own = companion_findings(path, spec.companions, story, spec.audience.value, rendered)
    return Report(report.findings + tuple(own)) if own else report


def primary_of(path: Path) -> Path:
    """The draft a companion file belongs to (talk.json: the talk.md beside it), else the path."""
    if path.suffix == ".md":
        return path  # a draft itself (by name or by provenance): no kind is loaded to ask
    for spec in KINDS.values():
        if path.name in spec.companions and (path.parent / spec.primary).is_file():
            return path.parent / spec.primary
    return path


def companion_findings(
    path: Path, companions: Iterable[str], story: Story, audience: str, rendered: Any
) -> list[Finding]:
    """Facts and visibility findings in the text of a draft's JSON companions that its Markdown
    does not hold: a person who edits talk.json edits what goes into the CFP form."""
    from kit.checks.draft import check_beside

    texts: list[tuple[str, str]] = []
    for name in companions:
        file = path.parent / name
        if not name.endswith(".json") or not file.is_file():
            continue
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise DraftError(problems=[Problem(file, f"cannot read it as JSON: {err}")]) from err
        texts += [(name, text) for text in _strings(data)]
    return check_beside(texts, rendered.body, story, audience=audience, extra=rendered.extra_figures)


def _strings(data: Any) -> list[str]:
    """Every string in a JSON value, in order."""
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for value in data.values() for s in _strings(value)]
    if isinstance(data, list):
        return [s for value in data for s in _strings(value)]
    return []


def audit_all(paths: Iterable[Path], story_path: Path | None = None) -> tuple[list[Audited], list[Problem]]:
    """Check every draft; problems that stop a draft being checked come back as Problems."""
    results: list[Audited] = []
    problems: list[Problem] = []
    for path in find_drafts(paths):
        try:
            results.append(audit(path, story_path))
        except (DraftError, StoryError) as err:
            problems.extend(err.as_problems())
    return results, problems


@dataclass(frozen=True)
class Decision:
    """What `kit approve` or `kit publish` did with one draft: done, or refused and why."""

    path: Path
    done: bool
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"path": str(self.path), "done": self.done, "reason": self.reason}


def approve(paths: Iterable[Path], force: bool = False, story: Path | None = None) -> list[Decision]:
    """Mark drafts approved once a person has read them; a draft whose checks fail is refused unless forced.
    `story`: the story to check them against, where the one a draft names is not found from here."""
    from kit.drafts import set_status

    results: list[Decision] = []
    for path in find_drafts(paths):
        result = audit(path, story)
        if not result.report.ok and not force:
            results.append(Decision(path, False, f"checks fail (kit check {path}); --force approves anyway"))
            continue
        set_status(path, "approved")
        results.append(Decision(path, True))
    return results


NOT_A_POST = "not a blog post written for a site (kit build --site S)"


def _site_of(draft: DraftFile) -> Any:
    """The site a blog post was written for (`kit.sites.Site`), else None."""
    from kit.sites import SITES

    return SITES.get(str(draft.provenance.get("site"))) if draft.provenance.get("kind") == "blog" else None


def publish(paths: Iterable[Path], force: bool = False, story: Path | None = None) -> list[Decision]:
    """Flip the site's draft flag of approved blog posts whose checks pass; refuse the others with the reason.

    `--force` publishes a post that is not approved or whose checks fail; a draft that is not a
    post in a site's layout (no site recorded) is never published.
    """
    from kit.drafts import set_file_flags, set_flags

    paths = [Path(p) for p in paths]
    drafts = {path: read_draft(path) for path in find_drafts(paths)}
    named = [path for path in paths if path.is_file() and _site_of(drafts[path]) is None]
    if named:  # a file named that is no post: bad input, and nothing is published
        raise DraftError(problems=[Problem(path, NOT_A_POST) for path in named])
    # In a folder, the posts are what there is to publish: its talks and one-pagers are not refused, just left.
    drafts = {path: draft for path, draft in drafts.items() if draft.provenance.get("kind") == "blog"}
    if not drafts:
        raise DraftError(f"no blog posts in {', '.join(map(str, paths))}: kit publish flips a post's draft flag "
                         "(kit build --kind blog writes one)")  # fmt: skip
    results: list[Decision] = []
    for path, draft in drafts.items():
        site = _site_of(draft)
        if site is None:
            results.append(Decision(path, False, NOT_A_POST))
            continue
        if draft.status == "published":
            results.append(Decision(path, True, "already published"))  # nothing to do, and nothing wrong
            continue
        if not force:
            why = ""
            if draft.status != "approved":
                why = f"it is {draft.status}, not approved (kit approve {path} after reading it)"
            elif draft.edited:
                why = f"it was edited since it was approved (read it again, then kit approve {path})"
            elif not audit(path, story).report.ok:
                why = f"checks fail (kit check {path})"
            if why:
                results.append(Decision(path, False, why + "; --force publishes anyway"))
                continue
        set_flags(path, site.published, "published")
        chart = draft.provenance.get("chart")
        if site.chart_front is not None and isinstance(chart, str):
            target = (path.parent / chart).resolve()
            if target.suffix == ".svg" and target.is_file():  # the chart is published with its post, not before
                set_file_flags(target, {key: not value for key, value in site.chart_front.items()
                                        if isinstance(value, bool) and key in site.unpublished})  # fmt: skip
        results.append(Decision(path, True))
    return results
