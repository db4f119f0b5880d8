"""The registry of output kinds: one module each, listed here in build order.

    from kit.kinds import KINDS, get_kind
    draft = get_kind("blog").render(view, KindOptions(site="jekyll"))

To add a kind: write `kit/kinds/<name>.py` with a `Kind` subclass and `KIND = ...`, its
templates in `templates/` and its prompt in `prompts/`, and list it below.
"""

from __future__ import annotations

from kit.errors import UsageError
from kit.kinds import blog, onepager, social, talk
from kit.kinds.base import Kind, KindOptions, Limits, Output

KINDS: dict[str, Kind] = {k.name: k for k in (blog.KIND, talk.KIND, onepager.KIND, social.KIND)}
NAMES: tuple[str, ...] = tuple(KINDS)


def get_kind(name: str) -> Kind:
    """A kind by name, or UsageError listing the known ones."""
    try:
        return KINDS[name]
    except KeyError:
        raise UsageError(f'unknown kind "{name}"; use one of {", ".join(NAMES)}') from None


def kind_for_file(name: str) -> Kind | None:
    """The kind whose primary file has this name ("talk.md"), if any."""
    return next((k for k in KINDS.values() if k.primary == name), None)


def schemas() -> dict[str, type]:
    """The structured-output schemas by name, for prompts that ask for JSON."""
    return {k.schema.__name__: k.schema for k in KINDS.values() if k.schema is not None}


__all__ = ["KINDS", "NAMES", "Kind", "KindOptions", "Limits", "Output", "get_kind", "kind_for_file", "schemas"]
