"""The blog kind: Markdown whose front matter drops into a static site, plus a chart and a preview."""

from __future__ import annotations

from typing import Any

from kit.charts import alt_text, before_after_svg
from kit.checks.report import Finding
from kit.drafts import Rendered
from kit.kinds.base import Kind, KindOptions, Output
from kit.render import markdown_html, plain_text, render
from kit.sites import SITES, Post, get_site
from kit.story import Visibility
from kit.views import View, context

CHART = "blog-chart.svg"


def post_of(ctx: dict[str, Any]) -> Post:
    """The story's fields as a site's front matter takes them: plain text (no tags, no site templating)."""
    return Post(
        title=plain_text(ctx["title"]),
        summary=plain_text(ctx["summary"]),
        date=ctx["date"],
        authors=[plain_text(a["name"]) for a in ctx["authors"]],
        tags=[plain_text(t) for t in ctx["tags"]],
    )


class Blog(Kind):
    name = "blog"
    audience = Visibility.PUBLIC
    description = "a blog post for practitioners, with front matter for your site generator"
    primary = "blog.md"
    companions = (CHART, "blog.html")
    templates = ("blog.md.j2", "blog.html.j2")
    prompt = "blog.prompt"
    readability = (30.0, 14.0)  # practitioners accept technical words

    def render(self, view: View, options: KindOptions, output: Output | None = None) -> Rendered:
        """Markdown, chart SVG and an HTML preview; `output` (an LLM's Markdown) replaces the template's body."""
        site = get_site(options.site)
        ctx = {**context(view), "site": site.name, "chart": CHART, "chart_alt": alt_text(view.facts.metrics)}
        body = render("blog.md.j2", ctx, workspace=options.workspace) if not isinstance(output, str) else output
        front = site.front_matter(post_of(ctx))
        chart = before_after_svg(view.facts.metrics, f"{view.story.meta.title}: before and after")
        preview = render("blog.html.j2", {**ctx, "body_html": markdown_html(body), "front": front},
                         workspace=options.workspace)  # fmt: skip
        return Rendered(
            kind=self.name,
            primary=self.primary,
            front=front,
            body=body,
            companions={CHART: chart, "blog.html": preview},
            source="template blog.md.j2",
            meta={"site": site.name},
        )

    def own_findings(self, rendered: Rendered) -> list[Finding]:
        """The front matter has what its site requires, and keeps the post unpublished."""
        name = rendered.meta.get("site")
        site = SITES.get(name) if isinstance(name, str) else None
        if site is None:  # a draft from before sites were recorded, or a site since removed
            return []
        front = rendered.front
        findings = [
            Finding("limits", "error", 1, key, f"{name} needs `{key}` in the front matter; add it")
            for key in site.required if key not in front or front[key] in (None, "")
        ]  # fmt: skip
        for key, unpublished in site.unpublished.items():
            if key in front and front[key] is not unpublished:
                findings.append(Finding("limits", "warning", 1, f"{key}: {front[key]}",
                                        f"the post will publish; kit writes `{key}: {str(unpublished).lower()}` "
                                        "until a person flips it"))  # fmt: skip
        return findings


KIND = Blog()
