"""The static site generators a blog draft drops into: one row each, read by the blog kind and its checks.

A site says which front matter keys it needs, which of them keep a post unpublished, and how
to write the story's fields as that generator reads them. Adding a site is one row here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kit.errors import UsageError

FrontMatter = Callable[["Post"], dict[str, Any]]


@dataclass(frozen=True)
class Post:
    """A blog post's fields as plain text (themes print front matter as they like, some unescaped)."""

    title: str
    summary: str
    date: str  # YYYY-MM-DD
    authors: list[str]
    tags: list[str]


@dataclass(frozen=True)
class Site:
    """One generator: the keys it needs, the flags that keep a post a draft, and its front matter."""

    name: str
    label: str
    required: tuple[str, ...]  # keys without which the post does not build
    unpublished: dict[str, bool]  # key -> the value that keeps the post unpublished
    front: FrontMatter

    def front_matter(self, post: Post) -> dict[str, Any]:
        return self.front(post)


def _hugo(p: Post) -> dict[str, Any]:
    return {"title": p.title, "date": p.date, "draft": True, "summary": p.summary,
            "description": p.summary, "tags": p.tags, "authors": p.authors}  # fmt: skip


def _jekyll(p: Post) -> dict[str, Any]:
    # Jekyll hides a post with `published: false`; `draft` is kept for kit's own readers.
    return {"layout": "post", "title": p.title, "date": p.date, "published": False, "draft": True,
            "excerpt": p.summary, "tags": p.tags, "author": ", ".join(p.authors)}  # fmt: skip


def _mkdocs(p: Post) -> dict[str, Any]:
    # MkDocs Material's blog plugin: `date` and `draft`; categories from the tags.
    return {"title": p.title, "date": p.date, "draft": True, "description": p.summary,
            "categories": p.tags[:3], "tags": p.tags}  # fmt: skip


def _astro(p: Post) -> dict[str, Any]:
    return {"title": p.title, "description": p.summary, "pubDate": p.date, "draft": True,
            "tags": p.tags, "author": ", ".join(p.authors)}  # fmt: skip


def _devto(p: Post) -> dict[str, Any]:
    # dev.to: `published: false` keeps it a draft; at most four lower-case alphanumeric tags.
    tags = [t for t in (re.sub(r"[^a-z0-9]", "", t.lower()) for t in p.tags) if t]
    return {"title": p.title, "published": False, "draft": True, "description": p.summary,
            "tags": ", ".join(tags[:4])}  # fmt: skip


SITES: dict[str, Site] = {
    site.name: site
    for site in (
        Site("hugo", "Hugo", ("title", "date", "draft"), {"draft": True}, _hugo),
        Site("jekyll", "Jekyll", ("layout", "title", "date", "published"), {"published": False}, _jekyll),
        Site("mkdocs", "MkDocs Material", ("date", "draft"), {"draft": True}, _mkdocs),
        Site("astro", "Astro", ("title", "description", "pubDate", "draft"), {"draft": True}, _astro),
        Site("devto", "dev.to", ("title", "published", "description"), {"published": False}, _devto),
    )
}
DEFAULT_SITE = "hugo"


def get_site(name: str) -> Site:
    """A site by name, or UsageError listing the known ones."""
    try:
        return SITES[name]
    except KeyError:
        raise UsageError(f'unknown site "{name}"; use one of {", ".join(SITES)}') from None
