"""Check drafts on disk against their stories: `kit check`, `kit review`, `kit approve`.

A draft names its story in its provenance (`kit.story`); `--story` overrides that.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kit.build import cfp_limits
from kit.check import Report, check_draft, check_site_keys
from kit.config import find_workspace, load_config
from kit.drafts import DraftFile, read_draft
from kit.errors import DraftError, StoryError, UsageError
from kit.load import load_story
from kit.story import Story
from kit.talk import outline_figures
from kit.views import audience_of

PRIMARY = ("blog.md", "talk.md", "onepager.md")


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
            found.extend(sorted(p for p in path.rglob("*.md") if p.name in PRIMARY))
        elif path.is_file():
            found.append(path)
        else:
            raise UsageError(f"{path}: no such file or folder")
    if not found:
        raise UsageError("no drafts found (kit writes them as <slug>/blog.md, talk.md, onepager.md)")
    return found


def story_for(draft: DraftFile, override: Path | None) -> Story:
    """The draft's story: `--story`, else the path its provenance records."""
    if override is not None:
        return load_story(override)
    recorded = draft.provenance.get("story")
    if not recorded:
        raise DraftError(f"{draft.path}: no story recorded in its front matter; pass --story FILE")
    candidates = [Path(recorded), *(folder / recorded for folder in draft.path.resolve().parents)]
    for candidate in candidates:
        if candidate.is_file():
            return load_story(candidate)
    raise DraftError(f"{draft.path}: its story {recorded} is not found from here; pass --story FILE")


def audit(path: Path, story_path: Path | None = None) -> Audited:
    """Check one draft file against its story, as the build does."""
    draft = read_draft(path)
    kind = str(draft.provenance.get("kind") or path.stem)
    story = story_for(draft, story_path)
    extra: list[str | float] = []
    limits = None
    fields: dict[str, str] | None = None
    if kind == "talk":
        extra, limits, fields = _talk_extras(draft)
    report = check_draft(
        draft.body, story, kind=kind, audience=audience_of(kind).value,
        extra=extra, limits=limits, fields=fields,
    )  # fmt: skip
    site = draft.provenance.get("site")
    if kind == "blog" and isinstance(site, str):
        report = Report(report.findings + tuple(check_site_keys(draft.front, site)))
    return Audited(draft, kind, story, report)


def _talk_extras(draft: DraftFile) -> tuple[list[str | float], dict[str, Any] | None, dict[str, str] | None]:
    """The outline timings and fields kit wrote beside a talk, and its CFP's limits."""
    companion = draft.path.with_name("talk.json")
    cfp = str(draft.front.get("cfp") or "generic")
    try:
        limits: dict[str, Any] | None = cfp_limits(cfp, load_config(find_workspace([draft.path])))
    except UsageError:  # a profile this workspace no longer defines: check facts, not limits
        limits = None
    if not companion.is_file():
        return [], limits, None
    try:
        submission = json.loads(companion.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise DraftError(f"{companion}: cannot read it: {err}") from err
    items, start = [], 0
    for item in submission.get("outline", []):
        items.append({"minutes": item["minutes"], "start": start})
        start += item["minutes"]
    extra = [*outline_figures(items), f"{submission.get('duration', 0)} minutes", 3.0]
    fields = {k: v for k, v in submission.items() if isinstance(v, str)}
    return extra, limits, fields


def audit_all(paths: Iterable[Path], story_path: Path | None = None) -> tuple[list[Audited], list[str]]:
    """Check every draft; problems that stop a draft being checked come back as lines."""
    results: list[Audited] = []
    problems: list[str] = []
    for path in find_drafts(paths):
        try:
            results.append(audit(path, story_path))
        except (DraftError, StoryError) as err:
            problems.extend(err.lines())
    return results, problems
