"""The one-pager: the bottom line for executives, in Markdown and a print-ready HTML page."""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from kit.charts import before_after_svg
from kit.drafts import Rendered
from kit.render import markdown_html, plain_text, render
from kit.views import View, context


def render_onepager(view: View, *, workspace: Path | None = None, body: str | None = None) -> Rendered:
    """The one-pager of an internal view: Markdown, and HTML with the chart embedded.

    `body` replaces the template's Markdown (an LLM draft); the HTML page is built from it.
    """
    ctx = context(view)
    risks = [s for s in ctx["other_sections"] if s["title"].lower().startswith(("risk", "open risk"))]
    ctx["risks"] = risks[0] if risks else None
    ctx["other_sections"] = [s for s in ctx["other_sections"] if s not in risks]
    body = render("onepager.md.j2", ctx, workspace=workspace) if body is None else body
    # kit drew the SVG and escaped every text in it, so it may be inlined as markup.
    chart = Markup(before_after_svg(view.facts.metrics, "Before and after"))
    page = render(
        "onepager.html.j2", {**ctx, "body_html": markdown_html(body), "chart_svg": chart}, workspace=workspace
    )
    return Rendered(
        kind="onepager",
        primary="onepager.md",
        front={"title": plain_text(ctx["title"])},
        body=body,
        companions={"onepager.html": page},
        fields={"body": body},
        source="template onepager.md.j2",
    )
