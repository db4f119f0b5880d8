"""Check drafts on disk against their stories: `kit check`, `kit review`, `kit approve`.

A draft names its story in its provenance (`kit.story`); `--story` overrides that.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kit.checks import Report
from kit.config import find_workspace, load_config
from kit.drafts import DraftFile, read_draft
from kit.errors import DraftError, Problem, StoryError, UsageError
from kit.kinds import KINDS, kind_for_file
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


def find_drafts(paths: Iterable[Path]) -> list[Path]:
    """Draft files named by paths: files as given, folders searched for kit's primary drafts."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.md") if kind_for_file(p.name) is not None))
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


def audit(path: Path, story_path: Path | None = None) -> Audited:
    """Check one draft file against its story, as the build does."""
    draft = read_draft(path)
    recorded = draft.provenance.get("kind")
    spec = KINDS.get(str(recorded)) if recorded else kind_for_file(path.name)
    if spec is None:
        raise DraftError(
            problems=[Problem(path, "not a kit draft (no `kit.kind` in its front matter, and not named like one)")]
        )
    story = story_for(draft, story_path)
    report = spec.check(story, spec.read(draft), load_config(find_workspace([draft.path])))
    return Audited(draft, spec.name, story, report)


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
class Approval:
    """What `kit approve` did with one draft: approved, or refused and why."""

    path: Path
    approved: bool
    reason: str = ""


def approve(paths: Iterable[Path], force: bool = False) -> list[Approval]:
    """Mark drafts approved once a person has read them; a draft whose checks fail is refused unless forced."""
    from kit.drafts import set_status

    results: list[Approval] = []
    for path in find_drafts(paths):
        result = audit(path)
        if not result.report.ok and not force:
            results.append(Approval(path, False, f"checks fail (kit check {path}); --force approves anyway"))
            continue
        set_status(path, "approved")
        results.append(Approval(path, True))
    return results
