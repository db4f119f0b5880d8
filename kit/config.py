"""The workspace and its config, `kit.toml`.

A workspace is a folder with `kit.toml`, `stories/`, `templates/`, `prompts/` and
`drafts/`. Every setting has a default, so kit also works with no workspace at all.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from kit import rx
from kit.errors import ConfigError, Problem
from kit.problems import validation_problems
from kit.sites import DEFAULT_SITE, SITES

CONFIG_NAME = "kit.toml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class FieldLimit(_Strict):
    chars: int | None = Field(default=None, gt=0)
    words: int | None = Field(default=None, gt=0)


def _kind_names() -> list[str]:
    from kit.kinds import NAMES  # the registry imports this module

    return list(NAMES)


class BuildConfig(_Strict):
    kinds: list[str] = Field(default_factory=_kind_names)
    site: str | None = None  # unset: the blog is a draft beside the other kinds, front matter for Hugo
    cfp: str = "generic"
    out: str = "drafts"

    @field_validator("kinds")
    @classmethod
    def _known_kinds(cls, kinds: list[str]) -> list[str]:
        known = _kind_names()
        if not kinds:  # nothing to build, for every build: say so here, where it was written
            raise ValueError(f"is empty, so there is nothing to build; list at least one of {', '.join(known)}, or "
                             "remove the line to build every kind")  # fmt: skip
        unknown = [k for k in kinds if k not in known]
        if unknown:
            raise ValueError(f"unknown kind {', '.join(unknown)}; use {', '.join(known)}")
        return kinds

    @field_validator("site")
    @classmethod
    def _known_site(cls, site: str | None) -> str | None:
        if site is not None and site not in SITES:
            raise ValueError(f"unknown site {site}; use {', '.join(SITES)}")
        return site


class ModelPrice(_Strict):
    """One model's price: US dollars per million input and output tokens."""

    input: float = Field(ge=0)
    output: float = Field(ge=0)


class Prices(_Strict):
    """US dollars per million tokens, for the usage log's costs (see kit/llm/prices.py).

    `models` rows win, then kit's dated table for OpenAI's models, then `input`/`output`.
    """

    input: float = Field(default=0.0, ge=0)
    output: float = Field(default=0.0, ge=0)
    models: dict[str, ModelPrice] = {}


class LLMConfig(_Strict):
    enabled: bool = False
    model: str = "gpt-4o-mini"
    base_url: str | None = None
    # openai, azure, ollama, vllm, llamacpp, lmstudio or compatible; inferred from base_url when unset
    server: Literal["openai", "azure", "ollama", "vllm", "llamacpp", "lmstudio", "compatible"] | None = None
    api_version: str | None = None  # Azure's api-version query parameter
    api: Literal["chat", "responses"] = "chat"
    temperature: float | None = Field(default=None, ge=0, le=2)  # sent only when set (here or in the prompt)
    reasoning_effort: Literal["none", "minimal", "low", "medium", "high"] | None = None
    max_output_tokens: int | None = Field(default=None, gt=0)  # default: the prompt's
    concurrency: int | None = Field(default=None, ge=1, le=64)  # default: the server profile's
    timeout: float | None = Field(default=None, gt=0)  # per attempt, from sending; default: the profile's
    max_retries: int = Field(default=2, ge=0, le=10)
    prices: Prices = Prices()


class NewsletterConfig(_Strict):
    title: str = "Wins"
    sender: str = Field(default="kit <kit@localhost>", alias="from")
    to: str = "everyone@localhost"
    group_by: Literal["none", "team", "tag"] = "none"


class SiteConfig(_Strict):
    """`[site]`: where the blog is published, for links, canonical URLs and the posts folder."""

    base_url: str | None = None  # https://blog.example.com: links to posts become absolute
    content_dir: str | None = None  # the posts folder inside a site root, when not the generator's usual one
    series: str | None = None  # dev.to: the series posts belong to
    cover_image: str | None = None  # dev.to: an absolute URL of a PNG or JPEG

    @field_validator("base_url")
    @classmethod
    def _absolute(cls, url: str | None) -> str | None:
        return absolute_url(url) if url is not None else None

    @field_validator("content_dir")
    @classmethod
    def _inside(cls, folder: str | None) -> str | None:
        parts = Path(folder).parts if folder else ()
        if folder is not None and (not parts or Path(folder).is_absolute() or ".." in parts):
            raise ValueError(f'"{folder}" must be a folder inside the site root, such as content/posts')
        return folder


def absolute_url(url: str) -> str:
    """A site's base URL, http(s) and absolute, without its trailing slash; ValueError otherwise
    (a link built on "javascript:..." or "ftp://..." would go into every post and newsletter)."""
    if not re.match(r"^https?://[^/\s]+", url):
        raise ValueError(f"{url} is not an absolute URL; write it as https://blog.example.com")
    return url.rstrip("/")


class Config(_Strict):
    build: BuildConfig = Field(default_factory=BuildConfig)
    site: SiteConfig = SiteConfig()
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
        config = Config.model_validate(data)
    except ValidationError as err:
        problems = validation_problems(err, path, Config, key_lines(text), fixes=_TOML_FIXES)
        raise ConfigError(problems=sorted(problems, key=lambda p: p.line or 0)) from err
    problems = _cfp_problems(config, path, key_lines(text))
    if problems:
        raise ConfigError(problems=problems)
    return config


def _cfp_problems(config: Config, path: Path, lines: dict[str, int]) -> list[Problem]:
    """`[build] cfp` that names no profile, and a `[cfp.NAME]` field that is a known field misspelt
    ("titel"): a field of a workspace's own is welcome, a typo must not pass silently."""
    import difflib

    from kit.kinds.talk import CFP_FIELDS, CFP_PROFILES, FIELDS

    problems: list[Problem] = []
    if config.build.cfp not in CFP_PROFILES and config.build.cfp not in config.cfp:
        known = ", ".join(sorted({*CFP_PROFILES, *config.cfp}))
        problems.append(Problem(path, f'unknown CFP profile "{config.build.cfp}"; use one of {known}, or define '
                                f"[cfp.{config.build.cfp}]", lines.get("build.cfp"), "build.cfp"))  # fmt: skip
    fields = [*FIELDS, *CFP_FIELDS]
    for name, limits in config.cfp.items():
        for field in limits:
            close = difflib.get_close_matches(field, fields, n=1, cutoff=0.8) if field not in fields else []
            if close:
                problems.append(Problem(path, f'"{field}" is not a field kit knows; did you mean "{close[0]}"? '
                                        "(a field of your own takes a name of its own)",
                                        lines.get(f"cfp.{name}.{field}") or lines.get(f"cfp.{name}"),
                                        f"cfp.{name}.{field}"))  # fmt: skip
    return problems


class _AsWritten(str):
    """A message for `validation_problems` that shows the value as kit.toml has it (`true`, not Python's
    `True`) and, for text that would be right without its quotes (`max_retries = "3"`), says to drop them:
    TOML has booleans and numbers of its own, and kit takes no text for them."""

    def __new__(cls, message: str, unquoted: Callable[[str], object]) -> _AsWritten:
        made = super().__new__(cls, message)
        made.unquoted = unquoted
        return made

    unquoted: Callable[[str], object]  # reads text as the value it should be, or raises ValueError

    def format(self, *args: object, **fields: Any) -> str:
        value = fields.get("value")
        shown = str(value).lower() if isinstance(value, bool) else repr(value)
        message = str.format(self, *args, **{**fields, "value": shown})
        if isinstance(value, str) and _reads(self.unquoted, value):
            return f"{message}; write it without quotes"
        return message


def _reads(parse: Callable[[str], object], text: str) -> bool:
    """Whether `parse` takes the text."""
    try:
        parse(text.strip())
    except ValueError:
        return False
    return True


def _finite(text: str) -> float:
    """A number's text as the number, or ValueError: "inf" and "nan" are no setting's value."""
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(text)
    return number


def _toml_bool(text: str) -> bool:
    """A TOML boolean's text as the boolean, or ValueError."""
    if text not in ("true", "false"):
        raise ValueError(text)
    return text == "true"


# TOML's own syntax for what a story's YAML words differently. The values are strict (a TOML
# boolean for a boolean, a number for a number): `enabled = "yes"` is text, and no way to say true.
_TOML_FIXES = {
    "list_type": 'must be a list, not {what}; write it in brackets: ["a", "b"]',
    "string_type": "must be text, not {what}; put it in quotes",
    "bool_type": _AsWritten("must be true or false, not {value}", _toml_bool),
    "int_type": _AsWritten("must be a whole number, not {value}", int),
    "float_type": _AsWritten("must be a number, not {value}", _finite),
}
_TABLE = rx.compile(r"^\s*\[\[?\s*(?P<name>[^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = rx.compile(r"^\s*(?P<key>[A-Za-z0-9_\-\"'. ]+?)\s*=")


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
# site = @SITE@      # @SITES@: write the blog in that site's layout (kit publish flips its draft flag)
cfp = "generic"      # kubecon, pycon, generic, or one defined under [cfp.NAME] below
out = "drafts"

[llm]
enabled = false      # or pass --llm
model = "gpt-4o-mini"
# base_url = "http://localhost:11434/v1"   # any OpenAI-compatible server; else OPENAI_BASE_URL
# server = "openai"  # azure, ollama, vllm, llamacpp, lmstudio, compatible (inferred from base_url)
api = "chat"         # or "responses"
# temperature = 0.4  # sent only when set; reasoning models take none
# reasoning_effort = "low"   # minimal, low, medium, high: for reasoning models (o-series, gpt-5)
# max_output_tokens = 2000   # default: the prompt's
# concurrency = 8    # default: the server's profile (1 for local servers)
# timeout = 120      # seconds per attempt, from sending; default: the server's profile
max_retries = 2

[llm.prices]         # US dollars per million tokens, for `kit usage`: models with no row
input = 0.0          # (kit ships dated rows for OpenAI's models; add your own below)
output = 0.0
# [llm.prices.models."gpt-5-mini"]
# input = 0.25
# output = 2.00

[newsletter]
title = "Wins"
# from = "Platform Wins <wins@example.com>"   # the sender; default: kit <kit@localhost>
# to = "everyone@example.com"                 # the list it goes to; default: everyone@localhost
group_by = "none"    # none, team or tag

[site]
# base_url = "https://blog.example.com"   # links to posts (the newsletter's, dev.to's canonical_url)
# content_dir = "content/posts"           # the posts folder when --out is a site root (default: the generator's)

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
