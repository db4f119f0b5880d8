"""Drafts on disk: provenance in front matter, edits detected, never clobbered.

A draft's primary file (`blog.md`, `talk.md`, `onepager.md`) carries a `kit:` block in
its front matter: the story's path and hash, kind, template or prompt and model, time,
check summary, status and a hash of the generated content. A person's edit changes
the content hash, and a rebuild then keeps the file unless asked to `--force`.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import yaml

from kit import frontmatter
from kit.clock import now_iso
from kit.errors import DraftError, Problem
from kit.render import to_yaml
from kit.write import atomic_write, resolved, resolved_folder

# libyaml's parser when PyYAML was built with it: the same safe loading, several times faster.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

STATUSES = ("draft", "needs-review", "approved", "published")
KEPT = ("approved", "published")  # statuses a rebuild keeps, like a person's edit


@dataclass
class Rendered:
    """One kind's draft for one story, rendered but not yet written."""

    kind: str
    primary: str  # the file that carries provenance: "blog.md", or a site's path ("_posts/2026-02-18-x.md")
    front: dict[str, Any]  # the primary file's own front matter (the site's keys)
    body: str  # the primary file's Markdown body
    companions: dict[str, str] = field(default_factory=dict)  # other files: name -> text
    fields: dict[str, str] = field(default_factory=dict)  # named fields, for limits checks
    extra_figures: list[str | float] = field(default_factory=list)  # figures kit states itself
    source: str = ""  # "template blog.md.j2" or "prompt blog.prompt, model gpt-4o-mini"
    meta: dict[str, Any] = field(default_factory=dict)  # extra provenance (tokens, request hash)
    placed: bool = False  # primary and companions are paths in a site's posts folder, not in OUT/<slug>/
    aside: dict[str, str] = field(default_factory=dict)  # files for the drafts folder (a placed blog's preview)
    merged: dict[str, dict[str, Any]] = field(default_factory=dict)  # YAML files whose entries are added to


def content_hash(front: dict[str, Any], body: str) -> str:
    """The hash of what a person could edit: the site's front matter and the body."""
    own = {k: v for k, v in front.items() if k != "kit"}
    canonical = json.dumps(own, sort_keys=True, ensure_ascii=False, default=str) + "\n" + body.strip()
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def companion_hashes(companions: dict[str, str]) -> dict[str, str]:
    """The hash of each companion a person could edit, by name: the JSON ones beside the primary file
    (talk.json goes into a CFP form as it is). Charts and previews are kit's pictures of the draft."""
    editable = editable_companions(companions)
    return {name: hashlib.sha256(companions[name].encode("utf-8")).hexdigest() for name in editable}


def editable_companions(names: Iterable[str]) -> list[str]:
    """The companions a person may edit, of a draft's: its JSON beside the primary file."""
    return [name for name in names if name.endswith(".json") and "/" not in name]


def _file_hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def compose(front: dict[str, Any], body: str) -> str:
    """A Markdown file with YAML front matter."""
    return f"---\n{to_yaml(front)}---\n\n{body.strip()}\n"


def split(text: str) -> tuple[dict[str, Any], str]:
    """Front matter and body of a draft; DraftError if the front matter is broken."""
    try:
        parts = frontmatter.split(text.replace("\r\n", "\n"))
    except frontmatter.Unclosed:
        return {}, text
    if parts.front is None:
        return {}, text
    try:
        front = yaml.load(parts.front, Loader=_LOADER) or {}
    except yaml.YAMLError as err:
        raise DraftError(f"the draft's front matter is not valid YAML: {err}") from err
    if not isinstance(front, dict):
        raise DraftError("the draft's front matter is not a mapping")
    return front, parts.body


@dataclass(frozen=True)
class DraftFile:
    """A draft read back from disk."""

    path: Path
    front: dict[str, Any]
    body: str

    @property
    def provenance(self) -> dict[str, Any]:
        kit = self.front.get("kit")
        return kit if isinstance(kit, dict) else {}

    @cached_property
    def edited(self) -> bool:
        """Changed by a person since kit generated it: its front matter and body, or a JSON companion
        beside it (one that is gone is no edit: the draft is rebuilt, as when any companion is missing)."""
        recorded = self.provenance.get("content_sha256")
        if recorded is not None and recorded != content_hash(self.front, self.body):
            return True
        now = self.current_companion_hashes()
        return any(name in now and now[name] != sha for name, sha in self.companion_hashes.items())

    @property
    def companion_hashes(self) -> dict[str, str]:
        """The JSON companions' hashes kit recorded when it wrote the draft (`companion_hashes`)."""
        recorded = self.provenance.get("companions_sha256")
        return {str(k): str(v) for k, v in recorded.items()} if isinstance(recorded, dict) else {}

    def current_companion_hashes(self) -> dict[str, str]:
        """The hashes of the JSON companions kit recorded, as the files beside the draft are now."""
        return {name: sha for name, sha in self._companions_now.items() if sha is not None}

    @cached_property
    def _companions_now(self) -> dict[str, str | None]:
        """Each recorded JSON companion's hash as the file is now (None: gone), read once."""
        return {name: _file_hash(self.path.with_name(name)) for name in self.companion_hashes}

    @property
    def status(self) -> str:
        return str(self.provenance.get("status", "draft"))


def read_draft(path: Path) -> DraftFile:
    """A draft's front matter and body, or DraftError naming the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise DraftError(problems=[Problem(path, f"cannot read the draft: {err}")]) from err
    try:
        front, body = split(text)
    except DraftError as err:
        raise DraftError(f"{path}: {err}") from err  # YAML's message runs over several lines
    return DraftFile(path, front, body)


def provenance(
    rendered: Rendered,
    story_path: Path,
    story_sha: str,
    checks: dict[str, str],
    status: str,
    inputs: str | None = None,
) -> dict[str, Any]:
    """The `kit:` block for a newly generated draft; `inputs` hashes what else made it (`kit.build`)."""
    return {
        "story": _display(story_path),
        "story_sha256": story_sha,
        "kind": rendered.kind,
        "source": rendered.source,
        **({"inputs": inputs} if inputs else {}),
        **rendered.meta,
        "generated": now_iso(),
        "checks": checks,
        "status": status,
        "content_sha256": content_hash(rendered.front, rendered.body),
        **({"companions_sha256": own} if (own := companion_hashes(rendered.companions)) else {}),
    }


def is_current(draft: DraftFile, story_path: Path, story_sha: str, kind: str, inputs: str) -> bool:
    """The draft on disk was generated from this story (path and content), kind and inputs, and not edited since."""
    block = draft.provenance
    return (
        block.get("inputs") == inputs
        and block.get("story_sha256") == story_sha
        and block.get("kind") == kind
        and block.get("story") == _display(story_path)
        and not draft.edited
    )


def _display(path: Path) -> str:
    """A story's path as provenance records it: relative to the working folder where it is inside it."""
    return _relative(path, os.getcwd())


recorded_path = _display


@lru_cache(maxsize=4096)
def _relative(path: Path, cwd: str) -> str:
    """A story's path as provenance records it (a rebuild asks once per draft, so it is remembered)."""
    real = resolved(path)
    try:
        return real.relative_to(resolved_folder(cwd)).as_posix()
    except ValueError:
        return real.as_posix()


@dataclass
class DraftFiles:
    """A draft's files with their text, composed (provenance included) and ready to write.

    Composing is the costly part (the front matter's YAML); a build does it where the draft was
    rendered, in a worker process, and the process that writes only writes (`write_files`).
    """

    primary: Path
    text: str  # the primary file's, front matter and all
    companions: list[tuple[Path, str]]
    merged: list[tuple[Path, dict[str, Any]]]  # YAML files to add entries to
    aside: list[tuple[Path, str]]  # in the drafts folder, beside a draft placed in a site

    def paths(self) -> list[Path]:
        """Every file `write_files` writes, the primary first."""
        return [self.primary, *(path for path, _ in [*self.companions, *self.merged, *self.aside])]


def draft_files(folder: Path, rendered: Rendered, block: dict[str, Any], aside: Path | None = None) -> DraftFiles:
    """What `write_files` writes: the primary file (with provenance), its companions and its files aside."""
    return DraftFiles(
        primary=folder / rendered.primary,
        text=compose({**rendered.front, "kit": block}, rendered.body),
        companions=[(folder / name, text) for name, text in rendered.companions.items()],
        merged=[(folder / name, entries) for name, entries in rendered.merged.items()],
        aside=[(aside / name, text) for name, text in rendered.aside.items()] if aside is not None else [],
    )


def write_files(files: DraftFiles) -> list[Path]:
    """Write a composed draft, each file atomically, the primary file last; its paths, the primary first."""
    written: list[Path] = []
    for path, text in files.companions:
        atomic_write(path, text)
        written.append(path)
    written += [merge_yaml(path, entries) for path, entries in files.merged]
    for path, text in files.aside:
        atomic_write(path, text)
        written.append(path)
    atomic_write(files.primary, files.text)
    return [files.primary, *written]


def set_status(path: Path, status: str) -> DraftFile:
    """Move a draft to a status (`kit approve`), keeping its content hash valid."""
    if status not in STATUSES:
        raise DraftError(f'unknown status "{status}"; use one of {", ".join(STATUSES)}')
    draft = read_draft(path)
    if not draft.provenance:
        raise DraftError(problems=[Problem(path, "not a kit draft (no `kit:` block in its front matter)")])
    block = {**draft.provenance, "status": status}
    if draft.edited:
        # Approving an edited draft approves the edit: record its hash as the new baseline.
        block["content_sha256"] = content_hash(draft.front, draft.body)
        if draft.companion_hashes:
            block["companions_sha256"] = draft.current_companion_hashes()
        block["edited"] = True
    atomic_write(path, compose({**draft.front, "kit": block}, draft.body))
    return read_draft(path)


def merge_yaml(path: Path, entries: dict[str, Any]) -> Path:
    """Add entries to a YAML file of nested mappings (`.authors.yml`), keeping every entry a person wrote."""
    current: Any = {}
    if path.is_file():
        try:
            current = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
            raise DraftError(problems=[Problem(path, f"cannot add kit's entries to it: {err}")]) from err
    if not isinstance(current, dict):
        raise DraftError(problems=[Problem(path, "cannot add kit's entries to it: it is not a mapping")])
    merged = dict(current)
    for key, value in entries.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**value, **merged[key]}
        else:
            merged.setdefault(key, value)
    if merged != current or not path.is_file():
        atomic_write(path, to_yaml(merged))
    return path


def set_file_flags(path: Path, flags: dict[str, Any]) -> None:
    """Set front matter keys of a file kit wrote beside a post (a Jekyll chart), keeping its content."""
    front, body = split(path.read_text(encoding="utf-8"))
    atomic_write(path, f"---\n{to_yaml({**front, **flags})}---\n{body.lstrip(chr(10))}")


def set_flags(path: Path, flags: dict[str, Any], status: str) -> DraftFile:
    """Set front matter keys (a site's draft flag) and the status, recording the result as kit's baseline."""
    draft = read_draft(path)
    front = {**{k: v for k, v in draft.front.items() if k != "kit"}, **flags}
    block = {**draft.provenance, "status": status, "content_sha256": content_hash(front, draft.body)}
    atomic_write(path, compose({**front, "kit": block}, draft.body))
    return read_draft(path)
