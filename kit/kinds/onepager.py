"""The one-pager: the bottom line for executives, in Markdown and a print-ready HTML page.

One page, always, on A4 and on Letter. The figures never give way: the bottom line, the
results table, the money and the trade-offs are printed whole. The story's prose does,
by whole sentences: `render()` tries each level of `LEVELS` (generous first) and keeps the
first whose estimated printed height fits the page (`kit.kinds.paper`) within the kind's
word limit; a story too long even at the last level is printed smaller (`print_scale`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from kit import rx
from kit.charts import bar_pair_svg, before_after_svg
from kit.checks.limits import count_words
from kit.drafts import Rendered
from kit.facts import MetricFacts
from kit.kinds.base import Kind, KindOptions, Output
from kit.kinds.paper import page_height, print_scale, printable_height
from kit.kinds.text import sentences as whole_sentences
from kit.markdown import markdown_html
from kit.render import plain_text, render
from kit.story import Visibility
from kit.views import View, context


@dataclass(frozen=True)
class Level:
    """How much of the story's prose one level keeps (sentences, bullets)."""

    context: int  # sentences of the Context section
    problem: int  # sentences of the Problem section
    approach: int  # sentences of the Approach section's lead paragraph
    levers: int  # bullets of the Approach section (its main levers)
    lever_sentences: int  # sentences after a bullet's bold lead (0: the lead alone)
    next: int  # sentences of Next
    risks: int  # sentences of Risks
    quote: bool  # one quote, when the story has a short one


LEVELS = (
    Level(2, 2, 1, 6, 1, 2, 3, True),
    Level(1, 2, 1, 6, 1, 2, 2, True),
    Level(1, 1, 1, 5, 1, 1, 2, False),
    Level(1, 1, 1, 5, 0, 1, 1, False),
    Level(0, 1, 0, 4, 0, 1, 1, False),
    Level(0, 1, 0, 3, 0, 1, 1, False),
)
QUOTE_WORDS = 40  # a longer quote is a paragraph, not a pull quote


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
        if isinstance(output, str):
            body = output
        else:
            for level in LEVELS:
                ctx["prose"] = prose(ctx, level)
                body = render("onepager.md.j2", ctx, workspace=workspace)
                if page_height(body) <= printable_height() and count_words(body) <= self.limits["body"]["words"]:
                    break
        ctx.setdefault("prose", prose(ctx, LEVELS[-1]))
        html, placed = with_bars(markdown_html(body), view.facts.metrics)
        # kit drew the SVG and escaped every text in it, so it may be inlined as markup.
        svg = "" if placed else before_after_svg(view.facts.metrics, "Before and after", ctx["proper_words"])
        chart = Markup(svg)
        scale = print_scale(body, chart=not placed, metrics=len(view.facts.metrics))
        page = render("onepager.html.j2", {**ctx, "body_html": html, "chart_svg": chart,
                                           "print_scale": scale}, workspace=workspace)  # fmt: skip
        return Rendered(
            kind=self.name,
            primary=self.primary,
            front={"title": plain_text(ctx["title"])},
            body=body,
            companions={"onepager.html": page},
            source="template onepager.md.j2",
        )


# ---- the prose a level keeps --------------------------------------------------------------

_ITEM = rx.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_LEAD = rx.compile(r"^(\*\*[^*]+\*\*|__[^_]+__)\s*(.*)$", re.DOTALL)


def sentences(text: str, count: int) -> str:
    """The first `count` whole sentences of a paragraph, on one line."""
    if count <= 0:
        return ""
    return " ".join(whole_sentences(text)[:count])


@dataclass
class ItemList:
    """One list of a section, each item on one line, and the paragraph just before it (its index in
    the section's paragraphs; None when the list opens the section or follows no paragraph)."""

    items: list[str]
    after: int | None


def blocks(body: str) -> tuple[list[str], list[str]]:
    """A section's paragraphs (list items left out) and its list items, each on one line."""
    paragraphs, lists = section_blocks(body)
    return paragraphs, [item for found in lists for item in found.items]


def section_blocks(body: str) -> tuple[list[str], list[ItemList]]:
    """A section's paragraphs (list items left out), each on one line, and its lists, each with the
    paragraph that leads into it: "The template changed three things:" belongs with its bullets.

    A paragraph that ends in a colon introduces what follows it: where that is left out (code, a
    table, a quote), the lead-in ends as a sentence ("pre-aggregate by day."), not "by day:" and
    then the next thing on the page.
    """
    paragraphs: list[str] = []
    lists: list[ItemList] = []
    lead_in = False  # the last paragraph kept ends in a colon, and nothing it introduces is kept yet
    listed = False  # the last chunk was a list: an indented chunk after it continues an item
    after: int | None = None  # the paragraph just before this chunk, if the chunk before it was one
    for chunk in re.split(r"\n\s*\n", body.strip("\n")):
        lines = chunk.splitlines()
        code = chunk.startswith(("    ", "\t")) and not listed  # an indented code block
        if lines and _ITEM.match(lines[0]):
            if not listed:  # a list's items apart by blank lines are still one list
                lists.append(ItemList([], after))
            items = lists[-1].items
            for line in lines:
                if _ITEM.match(line):
                    items.append(_ITEM.sub("", line).strip())
                elif items:
                    items[-1] += " " + line.strip()
            lead_in, listed, after = False, True, None
            continue
        if lead_in:  # what it introduced is left out, or is a paragraph of its own
            paragraphs[-1] = paragraphs[-1][:-1] + "."
            lead_in = False
        after = None
        if chunk.strip() and not code and not chunk.lstrip().startswith(("#", "|", ">", "```", "~~~", "![")):
            paragraphs.append(" ".join(chunk.split()))
            lead_in = paragraphs[-1].endswith(":")
            after = len(paragraphs) - 1
        listed = listed and not chunk.strip()
    return paragraphs, lists


def lever(item: str, count: int) -> str:
    """A bullet cut to its bold lead and `count` sentences after it (its first sentence if it has no lead)."""
    lead = _LEAD.match(item)
    if lead is None:
        return sentences(item, max(count, 1))
    rest = sentences(lead.group(2), count)
    return f"{lead.group(1)} {rest}".strip()


def _first_paragraph(section: dict[str, Any] | None, count: int) -> str:
    if not section or count <= 0:
        return ""
    paragraphs, items = blocks(section["body"])
    return sentences(paragraphs[0], count) if paragraphs else sentences(" ".join(items[:1]), count)


def levers(paragraphs: list[str], lists: list[ItemList], level: Level) -> list[dict[str, Any]]:
    """The Approach's bullets a level keeps (its first `level.levers`, cut to their leads), list by list,
    each with the sentence that leads into it when a later paragraph than the lead does: printed under
    the lead alone, they would read as the lead's. A level that prints no lead prints the bullets
    alone under their heading, which reads as no one paragraph's, in the room it had before."""
    kept: list[dict[str, Any]] = []
    room = level.levers
    for found in lists:
        items = [lever(item, level.lever_sentences) for item in found.items[:room]]
        if not items:
            break
        room -= len(items)
        intro = ""
        if found.after and (level.approach > 0 or kept):  # paragraph 0 is the lead: its list needs no lead-in
            intro = whole_sentences(paragraphs[found.after])[-1]
        kept.append({"intro": intro, "bullets": items})
    return kept


def prose(ctx: dict[str, Any], level: Level) -> dict[str, Any]:
    """The one-pager's prose at one level: whole sentences of the story's sections, never a figure's claim."""
    s = ctx["sections"]
    lead, lists = "", []
    if s["approach"]:
        paragraphs, found = section_blocks(s["approach"]["body"])
        lead = sentences(paragraphs[0], level.approach) if paragraphs else ""
        lists = levers(paragraphs, found, level)
        if not found and paragraphs and not lead:
            lead = sentences(paragraphs[0], 1)  # an approach without bullets keeps its first sentence
    quotes = [q for q in ctx["quotes"] if len(q["text"].split()) <= QUOTE_WORDS]
    situation = [_first_paragraph(s["context"], level.context), _first_paragraph(s["problem"], level.problem)]
    if not any(situation) and s["problem"]:
        situation = [_first_paragraph(s["problem"], 1)]
    return {
        "situation": " ".join(t for t in situation if t),
        "approach": lead,
        "levers": [item for group in lists for item in group["bullets"]],  # for a template that lists them alone
        "lists": lists,  # the same bullets, each list with its lead-in
        "next": _first_paragraph(s["next"], level.next),
        "risks": _first_paragraph(ctx["risks"], level.risks),
        "quote": quotes[0] if level.quote and quotes else None,
    }


# ---- the chart in the results table -------------------------------------------------------

_TABLE = rx.compile(r"<table>\s*<thead>\s*<tr>\s*<th[^>]*>Metric</th>.*?</table>", re.DOTALL)
_CELL = rx.compile(r"<td[^>]*>(.*?)</td>", re.DOTALL)
_TAGS = rx.compile(r"<[^>]+>")


def with_bars(html: str | Markup, metrics: tuple[MetricFacts, ...]) -> tuple[Markup, bool]:
    """The page with each metric's before and after bars in its row of the results table.

    False (and the page unchanged) when there is no results table whose rows name the metrics
    in order, as an LLM's one-pager might have: the whole chart then follows the text.
    """
    html = str(html)
    table = _TABLE.search(html)
    if table is None:
        return Markup(html), False
    rows = re.findall(r"<tr>.*?</tr>", table.group(0).split("<tbody>", 1)[-1], re.DOTALL)
    names = [_TAGS.sub("", (_CELL.findall(row) or [""])[0]).strip() for row in rows]
    if len(rows) != len(metrics) or not all(
        Markup(n).unescape().startswith(f.metric.name) for n, f in zip(names, metrics, strict=True)
    ):
        return Markup(html), False
    tbody = table.group(0).split("<tbody>", 1)
    for row, facts in zip(rows, metrics, strict=True):
        cell = f'<td class="bars">{bar_pair_svg(facts)}</td>\n</tr>'
        tbody[1] = tbody[1].replace(row, row[: -len("</tr>")] + cell, 1)
    new = "<tbody>".join(tbody).replace("</th>\n</tr>", '</th>\n<th class="bars">Before / after</th>\n</tr>', 1)
    worse = any(not f.improved and f.change for f in metrics)
    legend = (
        '<p class="legend"><span class="key before"></span> before <span class="key after"></span> after'
        + (' <span class="key worse"></span> after, worse' if worse else "")
        + " · each row on its own scale</p>"
    )
    return Markup(html[: table.start()] + new + legend + html[table.end() :]), True


KIND = OnePager()
