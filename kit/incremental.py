"""Incremental builds: what made a draft, and what a rebuild may leave alone without reading it again.

A draft's provenance records its story's hash and `inputs` (`inputs_hash`): kit's version, the
kind's templates as the workspace resolves them, the build choices the kind reads and, with
`--llm`, the model's settings and prompt. `kit.build` rebuilds a draft only when one of them
changed. `Seen`, a record in the user's cache, lets a rebuild know the stories and drafts it
validated before by their bytes' hash or their file's identity, without reading them in full.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from kit.drafts import recorded_path
from kit.story import Story
from kit.write import resolved

if TYPE_CHECKING:
    from kit.build import BuildOptions
    from kit.kinds import Kind


@dataclass(frozen=True)
class StoryRef:
    """A story file that an earlier build of this output folder validated, byte for byte the same since.

    What planning a rebuild needs (its slug, visibility, path and hash), without validating it
    again; `load_story` reads it in full when one of its drafts is rebuilt.
    """

    path: Path
    sha256: str
    slug: str
    public: bool


AnyStory = Story | StoryRef
S = TypeVar("S", bound=AnyStory)


def ref_of(story: AnyStory) -> StoryRef:
    """What a build keeps of a story once its drafts are made: small, and quick to send between processes."""
    return story if isinstance(story, StoryRef) else StoryRef(story.path, story.sha256, story.slug, story.public)


def inputs_hash(spec: Kind, options: BuildOptions) -> str:
    """A hash of what, besides the story, makes a kind's drafts: kit's version, templates, choices, LLM."""
    from kit import __version__
    from kit.render import sources_hash

    llm: dict[str, Any] | None = None
    if options.llm.enabled:
        settings = options.config.llm.model_dump(
            include={"model", "base_url", "server", "api", "api_version", "temperature", "reasoning_effort",
                     "max_output_tokens"}
        )  # fmt: skip
        llm = {**settings, "model": options.llm.model or options.config.llm.model,
               "prompt": sources_hash((spec.prompt,), "prompts", options.workspace)}  # fmt: skip
    made_of = {
        "kit": __version__,
        "kind": spec.name,
        "templates": sources_hash(spec.templates, "templates", options.workspace),
        "choices": spec.inputs(options.kind_options),
        "llm": llm,
    }
    return hashlib.sha256(json.dumps(made_of, sort_keys=True, default=str).encode("utf-8")).hexdigest()


class Seen:
    """Drafts an output folder's last build found current, known again by their file's identity.

    Reading every draft back (its YAML, its content hash) is most of a rebuild where nothing
    changed; a draft whose inode, size and times are those recorded, and that was not written
    just before the record (an edit in the same tick of the file system's clock could hide: a
    tick is a few milliseconds, or whole seconds where times are whole seconds), is the same
    file. The record lives in the user's cache (`kit.usercache`); without it, drafts are read.
    """

    RACY_NS = 50_000_000  # 50 ms: a file system clock's tick where times have fractions of a second
    RACY_COARSE_NS = 2_000_000_000  # where they are whole seconds (FAT counts in two)

    def __init__(self, out: Path):
        from kit.usercache import cache_folder

        folder = cache_folder("builds")
        key = hashlib.sha256(str(out.resolve()).encode("utf-8")).hexdigest()[:24]
        self.path = folder / f"{key}.json" if folder is not None else None
        self.saved_ns = 0
        self.drafts: dict[str, list[Any]] = {}
        self.stories: dict[str, list[Any]] = {}
        if self.path is not None and self.path.is_file():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                self.saved_ns, self.drafts = int(data["saved_ns"]), dict(data["drafts"])
                self.stories = dict(data["stories"])
            except (OSError, ValueError, KeyError, TypeError):
                self.saved_ns, self.drafts, self.stories = 0, {}, {}
        self.changed = False

    def story(self, path: Path) -> StoryRef | None:
        """A story this kit validated before, its bytes the same (its hash is taken again), or None."""
        from kit import __version__

        entry = self.stories.get(str(resolved(path)))
        if entry is None or len(entry) != 4 or entry[0] != __version__:
            return None
        try:
            sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            return None
        return StoryRef(path, sha256, str(entry[2]), bool(entry[3])) if sha256 == entry[1] else None

    def note_story(self, story: AnyStory) -> None:
        from kit import __version__

        self.stories[str(resolved(story.path))] = [__version__, story.sha256, story.slug, story.public]
        self.changed = True

    @staticmethod
    def _identity(target: Path, kind: str) -> list[list[int]] | None:
        """The identity of a draft's primary file and of the JSON companions a person may edit beside it."""
        from kit.drafts import editable_companions
        from kit.kinds import get_kind

        beside = editable_companions(get_kind(kind).companions)
        identity: list[list[int]] = []
        for path in [target, *(target.with_name(name) for name in beside)]:
            try:
                st = path.stat()
            except OSError:
                return None
            identity.append([st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns])
        return identity

    def get(self, target: Path, story: AnyStory, kind: str, inputs: str) -> tuple[str, dict[str, str]] | None:
        """(status, checks) of a draft known to be current for this story, kind and inputs; None to read it."""
        entry = self.drafts.get(str(target))
        if entry is None or len(entry) != 4:
            return None
        identity = self._identity(target, kind)
        if identity is None or entry[0] != identity:
            return None
        newest = max(mtime for _, _, mtime, _ in identity)
        racy = self.RACY_COARSE_NS if newest % 1_000_000_000 == 0 else self.RACY_NS
        if newest > self.saved_ns - racy:
            return None
        if entry[1] != [inputs, story.sha256, kind, recorded_path(story.path)]:
            return None
        return str(entry[2]), dict(entry[3])

    def note(self, target: Path, story: AnyStory, kind: str, inputs: str, status: str, checks: dict[str, str]) -> None:
        identity = self._identity(target, kind)
        if identity is not None:
            self.drafts[str(target)] = [identity, [inputs, story.sha256, kind, recorded_path(story.path)],
                                        status, checks]  # fmt: skip
            self.changed = True

    def save(self) -> None:
        if self.path is None or not self.changed:
            return
        import time

        from kit.write import atomic_write

        data = {"saved_ns": time.time_ns(), "drafts": self.drafts, "stories": self.stories}
        with contextlib.suppress(OSError):
            atomic_write(self.path, json.dumps(data, separators=(",", ":")))
