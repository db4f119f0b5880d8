"""The one-pager: the bottom line for executives, in Markdown and a print-ready HTML page."""

from __future__ import annotations

from markupsafe import Markup

from kit.charts import before_after_svg
from kit.drafts import Rendered
from kit.kinds.base import Kind, KindOptions, Output
from kit.render import markdown_html, plain_text, render
from kit.story import Visibility
from kit.views import View, context


class OnePager(Kind):
    name = "onepager"
    audience = Visibility.INTERNAL
    description = "an executive one-pager: the bottom line, the ask, the money, on one printed page"
    primary = "onepager.md"
    companions = ("onepager.html",)
    templates = ("onepager.md.j2", "onepager.html.j2")
    prompt = "onepager.prompt"
    readability = (40.0, 12.0)  # executives get plain English
    limits = {"body": {"words": 500, "severity": "warning"}}  # about 400 words

    def render(self, view: View, options: KindOptions, output: Output | None = None) -> Rendered:
        """Markdown, and HTML with the chart embedded; `output` (an LLM's Markdown) replaces the template's."""
        ctx = context(view)
        risks = [s for s in ctx["other_sections"] if s["title"].lower().startswith(("risk", "open risk"))]
        ctx["risks"] = risks[0] if risks else None
        ctx["other_sections"] = [s for s in ctx["other_sections"] if s not in risks]
        workspace = options.workspace
        body = render("onepager.md.j2", ctx, workspace=workspace) if not isinstance(output, str) else output
        # kit drew the SVG and escaped every text in it, so it may be inlined as markup.
        chart = Markup(before_after_svg(view.facts.metrics, "Before and after"))
        page = render("onepager.html.j2", {**ctx, "body_html": markdown_html(body), "chart_svg": chart},
                      workspace=workspace)  # fmt: skip
        return Rendered(
            kind=self.name,
            primary=self.primary,
            front={"title": plain_text(ctx["title"])},
            body=body,
            companions={"onepager.html": page},
            source="template onepager.md.j2",
        )

KIND = OnePager()
