"""The workspace and its config, `kit.toml`.

A workspace is a folder with `kit.toml`, `stories/`, `templates/`, `prompts/` and
`drafts/`. Every setting has a default, so kit also works with no workspace at all.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from kit.errors import ConfigError, Problem
from kit.problems import validation_problems
from kit.sites import DEFAULT_SITE, SITES

CONFIG_NAME = "kit.toml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FieldLimit(_Strict):
    chars: int | None = Field(default=None, gt=0)
    words: int | None = Field(default=None, gt=0)


def _kind_names() -> list[str]:
    from kit.kinds import NAMES  # the registry imports this module

    return list(NAMES)


class BuildConfig(_Strict):
    kinds: list[str] = Field(default_factory=_kind_names)
    site: str = DEFAULT_SITE
    cfp: str = "generic"
    out: str = "drafts"

    @field_validator("kinds")
    @classmethod
    def _known_kinds(cls, kinds: list[str]) -> list[str]:
        known = _kind_names()
        unknown = [k for k in kinds if k not in known]
        if unknown:
            raise ValueError(f"unknown kind {', '.join(unknown)}; use {', '.join(known)}")
        return kinds

    @field_validator("site")
    @classmethod
    def _known_site(cls, site: str) -> str:
        if site not in SITES:
            raise ValueError(f"unknown site {site}; use {', '.join(SITES)}")
        return site


class Prices(_Strict):
    """US dollars per million tokens, for the cost estimates in the usage log."""

    input: float = Field(default=0.0, ge=0)
    output: float = Field(default=0.0, ge=0)


class LLMConfig(_Strict):
    enabled: bool = False
    model: str = "gpt-4o-mini"
    base_url: str | None = None
    api: Literal["chat", "responses"] = "chat"
    temperature: float = Field(default=0.4, ge=0, le=2)
    max_output_tokens: int = Field(default=2000, gt=0)
    concurrency: int = Field(default=8, ge=1, le=64)
    timeout: float = Field(default=60.0, gt=0)
    max_retries: int = Field(default=2, ge=0, le=10)
    prices: Prices = Prices()


class NewsletterConfig(_Strict):
    title: str = "Wins"
    sender: str = Field(default="kit <kit@localhost>", alias="from")
    to: str = "everyone@localhost"
    group_by: Literal["none", "team", "tag"] = "none"


class Config(_Strict):
    build: BuildConfig = Field(default_factory=BuildConfig)
    llm: LLMConfig = LLMConfig()
    newsletter: NewsletterConfig = NewsletterConfig()
    cfp: dict[str, dict[str, FieldLimit]] = {}


def find_workspace(starts: Iterable[Path]) -> Path | None:
    """The nearest folder holding kit.toml, looking up from each start in turn."""
    for start in starts:
        here = start.resolve()
        if here.is_file():
            here = here.parent
        for folder in (here, *here.parents):
            if (folder / CONFIG_NAME).is_file():
                return folder
    return None


def load_config(workspace: Path | None) -> Config:
    """The workspace's config, or the defaults; ConfigError names the file, line and key."""
    if workspace is None or not (workspace / CONFIG_NAME).is_file():
        return Config()
    path = workspace / CONFIG_NAME
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(problems=[Problem(path, f"not valid TOML: {err}")]) from err
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(problems=[Problem(path, f"cannot read it: {err}")]) from err
    try:
        return Config.model_validate(data)
    except ValidationError as err:
        problems = validation_problems(err, path, Config, key_lines(text), fixes=_TOML_FIXES)
        raise ConfigError(problems=sorted(problems, key=lambda p: p.line or 0)) from err


# TOML's own syntax for what a story's YAML words differently.
_TOML_FIXES = {
    "list_type": 'must be a list, not {what}; write it in brackets: ["a", "b"]',
    "string_type": "must be text, not {what}; put it in quotes",
}
_TABLE = re.compile(r"^\s*\[\[?\s*(?P<name>[^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"^\s*(?P<key>[A-Za-z0-9_\-\"'. ]+?)\s*=")


def key_lines(text: str) -> dict[str, int]:
    """The line of every table header and key in TOML text, by dotted path ("build.kinds").

    tomllib keeps no lines, so this reads them off the text: enough for kit.toml's tables
    and `key = value` lines; a key it cannot place takes its table's line.
    """
    lines: dict[str, int] = {}
    table = ""
    for number, line in enumerate(text.splitlines(), start=1):
        if header := _TABLE.match(line):
            table = _dotted(header.group("name"))
            lines.setdefault(table, number)
        elif key := _KEY.match(line):
            lines.setdefault(".".join(filter(None, (table, _dotted(key.group("key"))))), number)
    return lines


def _dotted(name: str) -> str:
    """`cfp."ml conf"` as the path pydantic reports: parts unquoted, joined by dots."""
    return ".".join(part.strip().strip("\"'") for part in name.split("."))


def default_config() -> str:
    """The kit.toml that `kit init` writes: every setting at its default, the kinds and sites from their registries."""
    from kit.kinds import NAMES

    kinds = ", ".join(f'"{name}"' for name in NAMES)
    sites = ", ".join(SITES)
    return _DEFAULT_CONFIG.replace("@KINDS@", kinds).replace("@SITE@", f'"{DEFAULT_SITE}"').replace("@SITES@", sites)


_DEFAULT_CONFIG = """\
# kit workspace settings. Every key is optional; these are the defaults.

[build]
kinds = [@KINDS@]
site = @SITE@        # @SITES@: the blog's front matter
cfp = "generic"      # kubecon, pycon, generic, or one defined under [cfp.NAME] below
out = "drafts"

[llm]
enabled = false      # or pass --llm
model = "gpt-4o-mini"
# base_url = "http://localhost:11434/v1"   # any OpenAI-compatible server; else OPENAI_BASE_URL
api = "chat"         # or "responses"
temperature = 0.4
max_output_tokens = 2000
concurrency = 8
timeout = 60
max_retries = 2

[llm.prices]         # US dollars per million tokens, for `kit usage`
input = 0.15
output = 0.60

[newsletter]
title = "Wins"
from = "Platform Wins <wins@example.com>"
to = "everyone@example.com"
group_by = "none"    # none, team or tag

# A conference's limits, for `kit build --cfp mlconf`:
# [cfp.mlconf]
# title = { chars = 80 }
# abstract = { chars = 1000, words = 180 }
"""


@dataclass(frozen=True)
class Workspace:
    """A workspace found once: its folder (None when there is no kit.toml) and its config."""

    root: Path | None
    config: Config

    @classmethod
    def find(cls, starts: Iterable[Path] = (), given: Path | None = None) -> Workspace:
        """The folder given, else the nearest with kit.toml above any start or the working folder."""
        root = given or find_workspace([*starts, Path.cwd()])
        return cls(root, load_config(root))

    @property
    def drafts(self) -> Path:
        """Where drafts go: `[build] out`, inside the workspace when there is one."""
        out = Path(self.config.build.out)
        return self.root / out if self.root is not None else out
