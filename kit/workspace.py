"""Workspaces: `kit init`, `kit new`, and copying built-ins out to customise them."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import yaml

from kit.config import CONFIG_NAME, default_config
from kit.errors import TemplateError, UsageError
from kit.load import slug_from_name
from kit.render import Folder, search_path
from kit.write import atomic_write

STORY_BODY = """\
## Context
Who you are and what the work was for, in two or three sentences.

## Problem
What hurt before, and for whom. Use the numbers from `metrics` above.

## Approach
What you built or changed, and the one decision that mattered most.

## Results
What changed, in the reader's terms. Every figure here must match a metric.

## Lessons
- What you would do again.
- What you would skip.
- What surprised you.

## Next
What you will do next, and what you need to get there.

## Costs {.internal}
Anything only your company should read: internal sections never reach public drafts.
"""


def init_workspace(folder: Path) -> list[Path]:
    """Create kit.toml, stories/ with an example story, templates/, prompts/ and drafts/."""
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / CONFIG_NAME
    if config.exists():
        raise UsageError(f"{config} exists already: this is a workspace")
    created: list[Path] = []
    atomic_write(config, default_config())
    created.append(config)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        atomic_write(ignore, "# kit's LLM cache and usage log: local, never committed\n.kit/\n")
        created.append(ignore)
    for name in ("stories", "templates", "prompts", "drafts"):
        (folder / name).mkdir(exist_ok=True)
        created.append(folder / name)
    example = folder / "stories" / "example.md"
    if not example.exists():
        atomic_write(example, story_text(
            {"title": "Model deploys from six weeks to two days", "team": "ML Platform",
             "author": "Your Name", "metric": "Deployment lead time", "before": "6 weeks", "after": "2 days"},
            better="lower",
        ))  # fmt: skip
        created.append(example)
    return created


def story_text(answers: dict[str, Any], better: str) -> str:
    """A story file with the essentials filled in and the rest to write."""
    front = {
        "title": answers.get("title") or "What changed, in one line",
        "date": dt.date.today().isoformat(),
        "team": answers.get("team") or "Your team",
        "summary": "One sentence a busy reader would repeat.",
        "visibility": "internal",
        "authors": [{"name": answers.get("author") or "Your Name", "role": "Your role"}],
        "tags": ["mlops"],
        "metrics": [
            {
                "id": "main",
                "name": answers.get("metric") or "Deployment lead time",
                "before": answers.get("before") or "6 weeks",
                "after": answers.get("after") or "2 days",
                "better": better,
                "source": "How you measured it (tool, sample, window).",
                "headline": True,
            }
        ],
    }
    yaml_text = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=1000)
    return f"---\n{yaml_text}---\n\n{STORY_BODY}"


def new_story(answers: dict[str, Any], *, better: str, out: Path | None, force: bool) -> Path:
    """Write a story skeleton; refuse to overwrite unless forced."""
    if better not in ("lower", "higher"):
        raise UsageError(f'--better must be "lower" or "higher", not "{better}"')
    slug = slug_from_name(answers.get("title") or "new-story") or "new-story"
    path = out or (Path("stories") if Path("stories").is_dir() else Path(".")) / f"{slug}.md"
    if path.exists() and not force:
        raise UsageError(f"{path} exists already; choose another --out or pass --force")
    atomic_write(path, story_text(answers, better))
    return path


def find_file(folder: Folder, name: str, workspace: Path | None) -> Path:
    """The file that wins for a name, or TemplateError listing every path searched."""
    paths = search_path(folder, workspace)
    for base in paths:
        candidate = (base / name).resolve()
        if candidate.is_relative_to(base.resolve()) and candidate.is_file():
            return candidate
    searched = ", ".join(str(base / name) for base in paths)
    raise TemplateError(f'{folder[:-1]} "{name}" not found; searched {searched}')


def export_file(folder: Folder, name: str, workspace: Path, *, force: bool) -> Path:
    """Copy a built-in into the workspace's folder."""
    source = find_file(folder, name, None)
    target = workspace / folder / name
    if target.exists() and not force:
        raise UsageError(f"{target} exists already; pass --force to overwrite it")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target


def list_files(folder: Folder, workspace: Path | None) -> list[dict[str, str]]:
    """Every template or prompt: the file that wins, where it comes from, and the kind that uses it."""
    from kit.kinds import KINDS
    from kit.render import builtin_dir, template_names

    used_by: dict[str, str] = {}
    for kind in KINDS.values():
        for name in (*kind.templates, kind.prompt):
            used_by.setdefault(name, kind.name)
    return [
        {
            "name": name,
            "used_by": used_by.get(name, name.split(".")[0]),
            "origin": "built-in" if path.is_relative_to(builtin_dir(folder)) else "workspace",
            "path": str(path),
        }
        for name, path in template_names(folder, workspace)
    ]
