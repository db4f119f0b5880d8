"""The static site generators a blog draft drops into: one row each, read by the blog kind, build and publish.

A site says which front matter keys it needs, which of them keep a post unpublished (and
which publish it), how to write the story's fields as that generator reads them, where a
post and its chart go inside the folder the generator reads posts from, how a site root is
recognised and where its posts folder is, and the URL a post gets. Adding a site is one row here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kit.errors import UsageError

FrontMatter = Callable[["Post"], dict[str, Any]]
# Each generator reads its own excerpt divider, written exactly: Hugo `<!--more-->` (no spaces; it
# shows `<!-- more -->` as raw HTML and its list pages then print the whole post), MkDocs Material
# `<!-- more -->` (its default `post_excerpt_separator`).
HUGO_MORE = "<!--more-->"
MKDOCS_MORE = "<!-- more -->"


@dataclass(frozen=True)
class Post:
    """A blog post's fields as plain text (themes print front matter as they like, some unescaped)."""

    title: str
    summary: str
    date: str  # YYYY-MM-DD
    authors: list[str]
    tags: list[str]
    slug: str = "post"
    roles: list[str] = field(default_factory=list)  # each author's role, for an authors file
    base_url: str | None = None  # [site] base_url: links and canonical URLs become absolute
    series: str | None = None  # [site] series (dev.to)
    cover_image: str | None = None  # [site] cover_image (dev.to)
    home: str = "hugo"  # the site the post lives on ([build] site; DEFAULT_SITE): a copy elsewhere links to it there

    @property
    def day(self) -> dt.date:
        """The date as a YAML date (written unquoted), which MkDocs and Astro require."""
        return dt.date.fromisoformat(self.date)


@dataclass(frozen=True)
class Placement:
    """Where a post's files go, relative to the site's posts folder, and how the post links its chart."""

    post: str  # "model-deployment-lead-time/index.md"
    chart: str | None  # the chart file, None where the site takes no SVG
    chart_link: str | None  # what the post's Markdown image points at


@dataclass(frozen=True)
class Site:
    """One generator: front matter, the draft flag, the layout of its posts folder, and its site root."""

    name: str
    label: str
    required: tuple[str, ...]  # keys without which the post does not build
    unpublished: dict[str, bool]  # key -> the value that keeps the post unpublished
    front: FrontMatter
    place: Callable[[Post], Placement] = lambda p: Placement(f"{p.slug}.md", f"{p.slug}-chart.svg",
                                                               f"{p.slug}-chart.svg")  # fmt: skip
    markers: tuple[str, ...] = ()  # files that make a folder this generator's site root
    content_dir: str = "."  # the posts folder inside a site root
    url: Callable[[Post], str | None] = lambda p: None  # the post's path below the base URL
    more: str = ""  # the excerpt divider this generator reads, put after the lede; "" for none
    chart_front: dict[str, Any] | None = None  # front matter that keeps the chart unpublished with its post
    note: str = ""  # what a person must know before copying the post in

    @property
    def published(self) -> dict[str, bool]:
        """The flags `kit publish` writes."""
        return {key: not value for key, value in self.unpublished.items()}

    def front_matter(self, post: Post) -> dict[str, Any]:
        return self.front(post)

    def post_url(self, post: Post) -> str | None:
        """The post's absolute URL on the site, or None without a base URL."""
        path = self.url(post)
        if not post.base_url or path is None:
            return None
        return f"{post.base_url.rstrip('/')}/{path}"


def author_id(name: str) -> str:
    """An author's key in an authors file: `Priya Raman` -> `priya-raman`, `José Núñez` ->
    `jose-nunez`, `李雷` -> `李雷`: accents dropped, other scripts' letters kept, so two people
    never share a key (an authors file keeps one entry per key)."""
    import unicodedata

    letters = []
    for char in name.casefold():
        plain = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
        letters.append(plain if plain.isalnum() else char if char.isalnum() else "-")
    return re.sub(r"-+", "-", "".join(letters)).strip("-") or "author"


def _hugo(p: Post) -> dict[str, Any]:
    # No `summary`: Hugo takes the lede before `<!--more-->`, so themes do not show it twice.
    return {"title": p.title, "date": p.day, "draft": True, "description": p.summary,
            "tags": p.tags, "authors": p.authors}  # fmt: skip


def _jekyll(p: Post) -> dict[str, Any]:
    # `published: false` hides the post from `jekyll build`; `jekyll serve --unpublished` previews it.
    return {"layout": "post", "title": p.title, "date": p.day, "published": False, "description": p.summary,
            "tags": p.tags, "author": ", ".join(p.authors)}  # fmt: skip


def _mkdocs(p: Post) -> dict[str, Any]:
    # MkDocs Material's blog plugin: a YAML date, `draft`, author keys from `.authors.yml`, and the URL's slug.
    return {"title": p.title, "date": p.day, "draft": True, "description": p.summary, "slug": p.slug,
            "authors": [author_id(a) for a in p.authors], "categories": p.tags[:3], "tags": p.tags}  # fmt: skip


def _astro(p: Post) -> dict[str, Any]:
    # The blog starter's schema: title, description, pubDate, heroImage. `draft`, `tags` and `author`
    # survive only where the collection's schema lists them (README: Publish to Astro).
    return {"title": p.title, "description": p.summary, "pubDate": p.day, "heroImage": f"./{p.slug}-chart.svg",
            "draft": True, "tags": p.tags, "author": ", ".join(p.authors)}  # fmt: skip


_DEVTO_NAMES = {"c++": "cpp", "c#": "csharp", "f#": "fsharp", ".net": "dotnet"}


def devto_tags(tags: list[str]) -> list[str]:
    """dev.to's tags: at most four, lower-case letters and digits, at most 30 characters each; accents
    dropped from their letters ("Ünïcödé" is unicode), and C++ and C# named as dev.to names them."""
    from kit.load import slug_from_name

    named = [_DEVTO_NAMES.get(t.strip().lower(), t) for t in tags]
    cleaned = [slug_from_name(t).replace("-", "")[:30] for t in named]
    return list(dict.fromkeys(t for t in cleaned if t))[:4]


def _devto(p: Post) -> dict[str, Any]:
    front: dict[str, Any] = {"title": p.title, "published": False, "description": p.summary,
                             "tags": ", ".join(devto_tags(p.tags))}  # fmt: skip
    home = get_site(p.home if p.home != "devto" else DEFAULT_SITE)
    canonical = home.post_url(p)  # the post's URL on its home site, as the newsletter links it
    if canonical:  # so search engines credit the home, not the copy on dev.to
        front["canonical_url"] = canonical
    if p.series:
        front["series"] = p.series
    if p.cover_image:
        front["cover_image"] = p.cover_image
    return front


def _dated(p: Post) -> str:
    return f"{p.day:%Y/%m/%d}"


SITES: dict[str, Site] = {
    site.name: site
    for site in (
        Site("hugo", "Hugo", ("title", "date", "draft"), {"draft": True}, _hugo,
             place=lambda p: Placement(f"{p.slug}/index.md", f"{p.slug}/blog-chart.svg", "blog-chart.svg"),
             markers=("hugo.toml", "hugo.yaml", "hugo.json", "config.toml"), content_dir="content/posts",
             url=lambda p: f"posts/{p.slug}/", more=HUGO_MORE),
        Site("jekyll", "Jekyll", ("layout", "title", "date", "published"), {"published": False}, _jekyll,
             place=lambda p: Placement(f"_posts/{p.date}-{p.slug}.md", f"assets/kit/{p.slug}-chart.svg",
                                       f"{{{{site.baseurl}}}}/assets/kit/{p.slug}-chart.svg"),
             markers=("_config.yml", "_config.yaml"), content_dir=".",
             url=lambda p: f"{_dated(p)}/{p.slug}.html",
             # An asset with front matter is a page: hidden while `published: false`, copied as is after.
             chart_front={"published": False, "layout": None, "render_with_liquid": False}),
        Site("mkdocs", "MkDocs Material", ("date", "draft"), {"draft": True}, _mkdocs,
             place=lambda p: Placement(f"posts/{p.slug}.md", f"posts/{p.slug}-chart.svg", f"{p.slug}-chart.svg"),
             markers=("mkdocs.yml", "mkdocs.yaml"), content_dir="docs/blog",
             url=lambda p: f"blog/{_dated(p)}/{p.slug}/", more=MKDOCS_MORE),
        Site("astro", "Astro", ("title", "description", "pubDate", "draft"), {"draft": True}, _astro,
             place=lambda p: Placement(f"{p.slug}.md", f"{p.slug}-chart.svg", f"./{p.slug}-chart.svg"),
             markers=("astro.config.mjs", "astro.config.ts", "astro.config.js", "astro.config.mts"),
             content_dir="src/content/blog", url=lambda p: f"blog/{p.slug}/",
             note="the Astro blog starter's schema drops `draft`, `tags` and `author`: add them to "
                  "src/content.config.ts and filter drafts out (README: Publish to Astro)"),
        Site("devto", "dev.to", ("title", "published", "description"), {"published": False}, _devto,
             place=lambda p: Placement(f"{p.slug}.md", None, None),
             note="dev.to takes no SVG: the chart is left out of the post (the results table has the figures)"),
    )
}  # fmt: skip
DEFAULT_SITE = "hugo"


def get_site(name: str) -> Site:
    """A site by name, or UsageError listing the known ones."""
    try:
        return SITES[name]
    except KeyError:
        raise UsageError(f'unknown site "{name}"; use one of {", ".join(SITES)}') from None


def site_at(folder: Path) -> Site | None:
    """The generator whose site root `folder` is (by its config file), if any."""
    found = sites_at(folder)
    return found[0] if found else None


def sites_at(folder: Path) -> list[Site]:
    """Every generator whose config file `folder` has, most specific marker first: more than one
    is a root kit cannot place a post in without being told which (`kit build --site`)."""
    if not folder.is_dir():
        return []
    found = [SITES[name] for name in ("mkdocs", "astro", "jekyll", "hugo")
             if any((folder / marker).is_file() for marker in SITES[name].markers)]  # fmt: skip
    if len(found) > 1 and found[-1].name == "hugo" and not _has_own_marker(folder, found[-1]):
        found.pop()  # Hugo's old `config.toml` is a name many tools use: beside another site's, it is not Hugo's
    return found


def _has_own_marker(folder: Path, site: Site) -> bool:
    return any((folder / marker).is_file() for marker in site.markers if marker != "config.toml")


def root_problem(site: Site, folder: Path) -> str | None:
    """Why kit must not write a post into this site root, else None: a MkDocs site without Material's
    blog plugin builds `docs/blog/posts/*.md` as plain pages, its drafts published at once."""
    if site.name != "mkdocs":
        return None
    config = next((folder / m for m in site.markers if (folder / m).is_file()), None)
    if config is None or _mkdocs_blog(config):
        return None
    return (f"{config} has no blog plugin, so MkDocs would publish kit's posts at once, drafts and all; "
            "add it (plugins: [blog], MkDocs Material's), or build into a folder of its own (--site mkdocs --out DIR)")


def _mkdocs_blog(config: Path) -> bool:
    """Whether a mkdocs.yml turns on Material's blog plugin (`blog` or `material/blog` under `plugins`)."""
    import yaml

    class Loader(yaml.SafeLoader):
        """PyYAML's safe loader, reading a tag it does not know (!ENV, !!python/name) as nothing."""

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    try:
        data = yaml.load(config.read_text(encoding="utf-8"), Loader=Loader)  # noqa: S506 (a safe loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return True  # MkDocs will say what is wrong with it
    plugins = data.get("plugins") if isinstance(data, dict) else None
    names = plugins if isinstance(plugins, list) else [plugins] if plugins else []
    named = {n for item in names for n in (item if isinstance(item, dict) else [item]) if isinstance(n, str)}
    return bool(named & {"blog", "material/blog"})


def post_url(site: str, slug: str, day: dt.date, base_url: str | None) -> str | None:
    """A post's URL on its site (the newsletter's link), or None without a base URL."""
    post = Post(title="", summary="", date=day.isoformat(), authors=[], tags=[], slug=slug, base_url=base_url)
    return get_site(site).post_url(post)
