"""The registry of output kinds: one module each, listed here in build order.

    from kit.kinds import KINDS, get_kind
    draft = get_kind("blog").render(view, KindOptions(site="jekyll"))

To add a kind: write `kit/kinds/<name>.py` with a `Kind` subclass and `KIND = ...`, its
templates in `templates/` and its prompt in `prompts/`, and list it below. A kind's primary
file is named after it (`<name>.md`).

A kind's module is imported when the kind is first asked for, so `kit check blog.md` does not
load the talk's or the one-pager's code (and what those import).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from importlib import import_module

from kit.errors import UsageError
from kit.kinds.base import Kind, KindOptions, Limits, Output

# Each kind's name and the module that defines it (as `KIND`), in build order.
MODULES: dict[str, str] = {
    "blog": "kit.kinds.blog",
    "talk": "kit.kinds.talk",
    "onepager": "kit.kinds.onepager",
    "social": "kit.kinds.social",
}


class Kinds(Mapping[str, Kind]):
    """The kinds by name, each imported from its module the first time it is asked for."""

    def __init__(self, modules: Mapping[str, str]) -> None:
        self._modules = dict(modules)
        self._loaded: dict[str, Kind] = {}

    def __getitem__(self, name: str) -> Kind:
        kind = self._loaded.get(name)
        if kind is None:
            kind = self._loaded[name] = import_module(self._modules[name]).KIND
        return kind

    def __contains__(self, name: object) -> bool:
        return name in self._modules  # without importing the kind

    def __iter__(self) -> Iterator[str]:
        return iter(self._modules)

    def __len__(self) -> int:
        return len(self._modules)


KINDS: Mapping[str, Kind] = Kinds(MODULES)
NAMES: tuple[str, ...] = tuple(MODULES)


def get_kind(name: str) -> Kind:
    """A kind by name, or UsageError listing the known ones."""
    if name not in KINDS:
        raise UsageError(f'unknown kind "{name}"; use one of {", ".join(NAMES)}')
    return KINDS[name]


def kind_for_file(name: str) -> Kind | None:
    """The kind whose primary file has this name ("talk.md"), if any."""
    stem, dot, extension = name.rpartition(".")
    if dot and extension == "md" and stem in KINDS:
        return KINDS[stem]
    return None


def schemas() -> dict[str, type]:
    """The structured-output schemas by name, for prompts that ask for JSON."""
    return {k.schema.__name__: k.schema for k in KINDS.values() if k.schema is not None}


__all__ = ["KINDS", "NAMES", "Kind", "KindOptions", "Limits", "Output", "get_kind", "kind_for_file", "schemas"]
