"""The blog kind: Markdown whose front matter drops into a static site, plus a chart and a preview.

Without a site layout the post is `OUT/<slug>/blog.md` beside the other kinds. With one
(`--site`, `[build] site`, or `--out` at a site root) the post and its chart are written
where that generator reads them (kit.sites), and the preview goes to the drafts folder.
"""

from __future__ import annotations

import base64
import html
import posixpath
import re
from typing import Any

from kit import rx
from kit.charts import alt_text, before_after_svg
from kit.checks.report import Finding
from kit.drafts import DraftFile, Rendered
from kit.kinds.base import Kind, KindOptions, Output
from kit.kinds.text import abbreviation_at
from kit.markdown import markdown_html
from kit.render import plain_text, render, to_yaml
from kit.sites import DEFAULT_SITE, SITES, Placement, Post, author_id, get_site
from kit.story import Visibility
from kit.views import View, context

CHART = "blog-chart.svg"
PREVIEW = "blog.html"
NO_CHART = "kit:no-chart"  # the image link of a site that takes no SVG; its line is taken out
_NO_CHART_LINE = rx.compile(r"^!\[[^\n]*\]\(" + re.escape(NO_CHART) + r"\)[ \t]*\n+", re.MULTILINE)
_MORE_LINE = rx.compile(r"^<!-- ?more ?-->[ \t]*$", re.MULTILINE)


# A change the summary states: "from 42 minutes to 11", "from 1 in 40 orders to 1 in 400".
_FROM = rx.compile(r"\bfrom\s+")
_TO = rx.compile(r"\s+to\s+")
# Where a change's "to" figure ends: a clause's punctuation or the word that starts the next clause.
_CLAUSE_END = rx.compile(r"[;:!?(]|[.,](?=\s|$)|\s(?:and|but|while|with|after|by|in|within|for|since|thanks|"
                         r"through|across|over|at|as|when|because|so)\s")  # fmt: skip
_PUNCTUATION = rx.compile(r"[;:!?]|[.,](?=\s|$)")  # a figure's own "1,600" or "2.5" is no clause end
_NUMBER = rx.compile(r"[-−]?\d[\d,]*(?:\.\d+)?")
_GENERIC = {"from", "with", "than", "more", "less", "fewer", "that", "which", "median", "average", "mean", "total"}


def lede(summary: str, headline: dict[str, Any] | None) -> str | None:
    """The lede when the summary already states the headline's before and after: the summary,
    with the comparison it lacks put right after its "to" figure ("from 42 minutes to 11 (74% less
    time, 3.8× faster)"); the summary alone when its figures are in other units ("1 in 40" for
    2.5%). None when the summary does not state the headline: the template then adds it."""
    if not summary or headline is None:
        return None
    for change in _changes(summary):
        start, before, after, end = change
        if _first_number(before) == _first_number(headline["before"]) and _first_number(after) == _first_number(
            headline["after"]
        ):
            if summary[end:].lstrip().startswith("("):
                return summary  # "to 10 min (p50) after caching": a bracket of its own there already
            return summary[:end] + _comparison_for(summary, headline) + summary[end:]
        if _same_thing(summary[:start], headline["name"]):
            return summary
    if headline["before"] in summary and headline["after"] in summary:  # "42 minutes became 11 minutes"
        return summary
    return None


def _changes(text: str) -> list[tuple[int, str, str, int]]:
    """Each "from A to B" with figures in a text: where it starts, A, B, and where B ends."""
    found = []
    for match in _FROM.finditer(text):
        to = _TO.search(text, match.end())
        if to is None:
            continue
        before = text[match.end() : to.start()]
        end = _clause_end(text, to.end())
        after = text[to.end() : end]
        if _first_number(before) is not None and _first_number(after) is not None and not _PUNCTUATION.search(before):
            found.append((match.start(), before, after, end))
    return found


def _clause_end(text: str, start: int) -> int:
    """Where the clause that runs on from `start` (a change's "to" figure) ends. An abbreviation's full
    stop ends no clause: one after the figure starts a phrase of its own ("to 90 min | vs. 4 hours at
    peers"), one before it is the figure's ("to approx. 90 min")."""
    stop = _CLAUSE_END.search(text, start)
    while stop is not None and stop.group() == "." and abbreviation_at(text, stop.start()):
        word = text.rfind(" ", start, stop.start()) + 1  # where the abbreviation starts
        if word > start and _first_number(text[start:word]) is not None:
            return len(text[:word].rstrip())
        stop = _CLAUSE_END.search(text, stop.end())
    return stop.start() if stop else len(text)


def _first_number(text: str) -> float | None:
    """The first figure of a text, in digits or in words ("from 7 a year to zero")."""
    from kit.checks.number_words import WORD_NUMBER, word_value  # the checks load with the first draft

    match = _NUMBER.search(text)
    words = WORD_NUMBER().search(text)
    if words is not None and (match is None or words.start() < match.start()):
        return word_value(words.group("words"))
    return float(match.group().replace(",", "").replace("−", "-")) if match else None


def _comparison_for(summary: str, headline: dict[str, Any]) -> str:
    """ " (74% less time, 3.8× faster)", or nothing when the summary already gives a percentage or fold."""
    given = [headline["percent"], headline["fold"], headline["points"]]
    if headline["direction"] == "unchanged" or any(g and g in summary for g in given):
        return ""
    return f" ({headline['comparison']})"


def _same_thing(words_before: str, name: str) -> bool:
    """Whether the words leading up to a change ("cut picking errors") name the headline metric
    ("Orders with a picking error"): a shared word, plurals aside."""

    def stems(text: str) -> set[str]:
        words = re.findall(r"[^\W\d_][\w-]*", text.lower())
        return {w.rstrip("s")[:6] for w in words if len(w) > 3 and w not in _GENERIC}

    return bool(stems(" ".join(words_before.split()[-2:])) & stems(name))


def post_of(ctx: dict[str, Any], options: KindOptions | None = None) -> Post:
    """The story's fields as a site's front matter takes them: plain text (no tags, no site templating)."""
    site = options.config.site if options is not None else None
    return Post(
        title=plain_text(ctx["title"]),
        summary=plain_text(ctx["summary"]),
        date=ctx["date"],
        authors=[plain_text(a["name"]) for a in ctx["authors"]],
        tags=[plain_text(t) for t in ctx["tags"]],
        slug=str(ctx.get("slug") or "post"),
        roles=[plain_text(a.get("role") or "") for a in ctx["authors"]],
        base_url=site.base_url if site else None,
        series=site.series if site else None,
        cover_image=site.cover_image if site else None,
        home=(options.config.build.site if options is not None else None) or DEFAULT_SITE,
    )


def with_more(body: str, divider: str) -> str:
    """The site's excerpt divider after the lede (the first paragraph), so an index shows only the lede.

    A divider the body has already (a workspace template's, a model's) is written as this site reads it.
    """
    if _MORE_LINE.search(body):
        return _MORE_LINE.sub(divider, body)
    text = body.strip("\n")
    lede, sep, rest = text.partition("\n\n")
    if not sep or re.match(r"\s*(#|\||!\[|>|[-*+] |\d+\. |```)", lede):  # a lede is a paragraph
        return body
    return f"{lede}\n\n{divider}\n\n{rest}\n"


def without_more(body: str) -> str:
    """The body as a reader sees it: the divider line blanked, so line numbers still hold."""
    return _MORE_LINE.sub("", body)


def authors_file(post: Post) -> dict[str, Any]:
    """MkDocs Material's `.authors.yml` entries for a post's authors (a person's own entries win)."""
    entries = {}
    for name, role in zip(post.authors, post.roles or [""] * len(post.authors), strict=False):
        initials = "".join(part[0] for part in name.split()[:2]).upper() or "?"
        svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" '
               f'fill="#57606a"/><text x="32" y="40" font-size="24" text-anchor="middle" fill="#fff" '
               f'font-family="sans-serif">{html.escape(initials)}</text></svg>')  # fmt: skip
        avatar = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")
        entries[author_id(name)] = {"name": name, "description": role, "avatar": avatar}
    return {"authors": entries}


class Blog(Kind):
    name = "blog"
    audience = Visibility.PUBLIC
    description = "a blog post for practitioners, with front matter for your site generator"
    primary = "blog.md"
    companions = (CHART, PREVIEW)
    templates = ("blog.md.j2", "blog.html.j2")
    prompt = "blog.prompt"
    readability = (30.0, 14.0)  # practitioners accept technical words

    def inputs(self, options: KindOptions) -> dict[str, Any]:
        """The site, its layout and `[site]` (base URL, series, cover) shape a post."""
        return {"site": options.site, "placed": options.placed, "config": options.config.site.model_dump()}

    def render(self, view: View, options: KindOptions, output: Output | None = None) -> Rendered:
        """Markdown, chart SVG and an HTML preview; `output` (an LLM's Markdown) replaces the template's body."""
        site = get_site(options.site)
        base = {**context(view), "slug": view.story.slug}
        post = post_of(base, options)
        place = site.place(post) if options.placed else Placement(self.primary, CHART, CHART)
        link = place.chart_link or NO_CHART
        alt = alt_text(view.facts.metrics, base["proper_words"])  # the chart in words, named as the prose names
        ctx = {**base, "site": site.name, "chart": link, "chart_alt": alt,
               "lede": lede(base["summary"], base["headline"])}  # fmt: skip
        body = render("blog.md.j2", ctx, workspace=options.workspace) if not isinstance(output, str) else output
        body = _NO_CHART_LINE.sub("", body)
        if site.more:
            body = with_more(body, site.more)
        front = site.front_matter(post)
        chart = before_after_svg(view.facts.metrics, f"{view.story.meta.title}: before and after", base["proper_words"])
        shown = without_more(body).replace(f"]({link})", f"]({CHART})")
        preview = render("blog.html.j2", {**ctx, "body_html": markdown_html(shown), "front": front},
                         workspace=options.workspace)  # fmt: skip
        rendered = Rendered(kind=self.name, primary=place.post, front=front, body=body,
                            source="template blog.md.j2", meta={"site": site.name})  # fmt: skip
        if not options.placed:
            rendered.companions = {CHART: chart, PREVIEW: preview}
            return rendered
        rendered.placed = True
        rendered.companions = {place.chart: chart} if place.chart else {}
        if place.chart and site.chart_front is not None:
            rendered.companions[place.chart] = f"---\n{to_yaml(site.chart_front)}---\n{chart}"
            rendered.meta["chart"] = posixpath.relpath(place.chart, posixpath.dirname(place.post) or ".")
        rendered.aside = {CHART: chart, PREVIEW: preview}
        if site.name == "mkdocs":
            rendered.merged = {".authors.yml": authors_file(post)}
        return rendered

    def read(self, draft: DraftFile) -> Rendered:
        """A draft on disk, with its status: a published post is expected to carry its site's published flag."""
        rendered = super().read(draft)
        rendered.meta["status"] = draft.status
        return rendered

    def own_findings(self, rendered: Rendered) -> list[Finding]:
        """The front matter has what its site requires, and keeps the post unpublished until `kit publish`."""
        name = rendered.meta.get("site")
        site = SITES.get(name) if isinstance(name, str) else None
        if site is None:  # a draft from before sites were recorded, or a site since removed
            return []
        front = rendered.front
        findings = [
            Finding("limits", "error", None, key, f"{name} needs `{key}` in the front matter; add it")
            for key in site.required if key not in front or front[key] in (None, "")
        ]  # fmt: skip
        if rendered.meta.get("status") == "published":
            return findings
        for key, unpublished in site.unpublished.items():
            if key in front and front[key] is not unpublished:
                findings.append(Finding("limits", "warning", None, f"{key}: {front[key]}",
                                        f"the post will publish; kit writes `{key}: {str(unpublished).lower()}` "
                                        "until `kit publish` flips it"))  # fmt: skip
        return findings


KIND = Blog()
