"""The blog kind: Markdown whose front matter drops into a static site, plus a chart and a preview."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from markupsafe import Markup

from kit.charts import alt_text, before_after_svg
from kit.drafts import Rendered
from kit.render import markdown_html, plain_text, render
from kit.views import View, context

CHART = "blog-chart.svg"


def front_matter(ctx: dict[str, Any], site: str) -> dict[str, Any]:
    """The keys each site wants, with the post unpublished until a person flips it.

    Themes print these values as they like (some unescaped), so they are plain text.
    """
    title, summary, date = plain_text(ctx["title"]), plain_text(ctx["summary"]), ctx["date"]
    authors = [plain_text(a["name"]) for a in ctx["authors"]]
    tags = [plain_text(t) for t in ctx["tags"]]
    if site == "hugo":
        return {"title": title, "date": date, "draft": True, "summary": summary,
                "description": summary, "tags": tags, "authors": authors}  # fmt: skip
    if site == "jekyll":
        # Jekyll hides a post with `published: false`; `draft` is kept for kit's own readers.
        return {"layout": "post", "title": title, "date": date, "published": False, "draft": True,
                "excerpt": summary, "tags": tags, "author": ", ".join(authors)}  # fmt: skip
    if site == "mkdocs":
        # MkDocs Material's blog plugin: `date` and `draft`; categories from the tags.
        return {"title": title, "date": date, "draft": True, "description": summary,
                "categories": tags[:3], "tags": tags}  # fmt: skip
    if site == "astro":
        return {"title": title, "description": summary, "pubDate": date, "draft": True,
                "tags": tags, "author": ", ".join(authors)}  # fmt: skip
    if site == "devto":
        # dev.to: `published: false` keeps it a draft; at most four lower-case alphanumeric tags.
        devto_tags = [re.sub(r"[^a-z0-9]", "", t.lower()) for t in tags]
        return {"title": title, "published": False, "draft": True, "description": summary,
                "tags": ", ".join([t for t in devto_tags if t][:4])}  # fmt: skip
    raise ValueError(f"unknown site {site}")


def render_blog(
    view: View, *, site: str = "hugo", workspace: Path | None = None, body: str | None = None
) -> Rendered:
    """The blog draft of a public view: Markdown, chart SVG and an HTML preview.

    `body` replaces the template's Markdown (an LLM draft); the rest is built around it.
    """
    ctx = {**context(view), "site": site, "chart": CHART, "chart_alt": alt_text(view.facts.metrics)}
    body = render("blog.md.j2", ctx, workspace=workspace) if body is None else body
    front = front_matter(ctx, site)
    chart = before_after_svg(view.facts.metrics, f"{view.story.meta.title}: before and after")
    preview = render(
        "blog.html.j2", {**ctx, "body_html": markdown_html(body), "front": front}, workspace=workspace
    )
    return Rendered(
        kind="blog",
        primary="blog.md",
        front=front,
        body=body,
        companions={CHART: chart, "blog.html": preview},
        fields={"title": front["title"], "description": ctx["summary"]},
        source="template blog.md.j2",
        meta={"site": site},
    )


def chart_markup(svg: str) -> Markup:
    """An SVG kit drew itself, safe to inline (it escapes every text it holds)."""
    return Markup(svg)
