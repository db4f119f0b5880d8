"""Checks on a draft: facts, visibility, limits and style, as one report.

    report = check_draft(text, story, kind="blog", audience="public", extra=rendered.extra_figures)
    if not report.ok:
        print(report.format("drafts/x/blog.md"))
    front["kit"]["checks"] = report.summary()

`check_draft` reads the draft's figures (`figures`, after `masking` blanks what is not
prose or not a claim) and quotes, and reports, in line order:
- facts (errors): figures the story does not support (`supports`), quotes not word for
  word (`quotes`);
- visibility (errors, public audience only): internal figures, internal quotes and runs of
  internal text (`visibility`);
- limits: fields over their characters or words (`limits`);
- style (warnings unless `strict_style`): hype, big increases, percentages of percentages,
  readability (`style`).
The findings and their tally are `report`, which any module may import.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from kit.checks.figures import Figure, extract_figures
from kit.checks.limits import check_limits, count_words
from kit.checks.masking import prose
from kit.checks.quotes import check_quotes, draft_quotes, normalise, quote_matches
from kit.checks.report import CHECKS, Check, Finding, Report, Severity
from kit.checks.style import HYPE_WORDS, check_style
from kit.checks.supports import (
    Support,
    Supportable,
    bare,
    extra_supports,
    find_support,
    nearest_support,
    view_supports,
)
from kit.checks.visibility import internal_quotes, leak, leaked_runs
from kit.story import Story
from kit.views import NotPublicError, View, make_view


def _views(stories: Sequence[Story], audience: str) -> tuple[list[View], list[Finding]]:
    views: list[View] = []
    findings: list[Finding] = []
    for story in stories:
        try:
            views.append(make_view(story, audience))
        except NotPublicError:
            findings.append(
                Finding(
                    "visibility",
                    "error",
                    None,
                    story.meta.title,
                    f"{story.path} is an internal story; a public draft cannot be made from it",
                )
            )
            views.append(make_view(story, "internal"))
    return views, findings


def _check_figures(
    figures: Sequence[Figure], supports: Sequence[Support], internal: Sequence[Support] | None
) -> list[Finding]:
    """Facts errors for figures nothing supports; visibility errors for those only internal facts support."""
    findings: list[Finding] = []
    for figure in figures:
        if find_support(figure, supports) is not None:
            continue
        leaked = leak(figure, internal) if internal is not None else None
        if leaked is not None:
            findings.append(
                Finding(
                    "visibility",
                    "error",
                    figure.line,
                    figure.text,
                    f"an internal figure ({leaked.source}); a public draft must not show it",
                )
            )
            continue
        nearest = nearest_support(figure, supports)
        says = f"{nearest.shown} ({nearest.source})" if nearest else None
        hedge = " even with its hedge" if figure.hedged else ""
        findings.append(Finding("facts", "error", figure.line, figure.text,
                                f"no figure in the story supports this{hedge}", says))  # fmt: skip
    return findings


def check_draft(
    text: str,
    story: Story | Sequence[Story],
    *,
    kind: str,
    audience: str,
    extra: Iterable[Supportable] = (),
    limits: dict[str, dict[str, Any]] | None = None,
    fields: dict[str, str] | None = None,
    strict_style: bool = False,
) -> Report:
    """Check a rendered draft (Markdown, front matter allowed) against its story or stories.

    kind: a kind of `kit.kinds` (its audience, readability target and limits), or any other
    label (a newsletter) checked with no target or limits of its own.
    audience: "public" or "internal"; a public kind's drafts are always public.
    extra: figures kit itself states, as text ("(5 min)"), numbers, Quantities or Figures.
    limits/fields: per-field maxima (e.g. `CFP_PROFILES["kubecon"]`) and the fields' text;
    a "body" rule applies to the draft's text when `fields` has no "body".
    strict_style: report style findings as errors.
    """
    from kit.kinds import KINDS  # the kinds call this module to check their drafts

    spec = KINDS.get(kind)
    stories = [story] if isinstance(story, Story) else list(story)
    findings: list[Finding] = []
    if spec is not None and spec.public and audience != "public":
        findings.append(Finding("visibility", "error", None, kind,
                                f"a {kind} is public; check it with audience public"))  # fmt: skip
        audience = "public"
    views, not_public = _views(stories, audience)
    findings += not_public
    supports = [s for view in views for s in view_supports(view)] + extra_supports(extra)
    supports.append(bare(len(stories), "number of stories", str(len(stories))))
    internal: list[Support] | None = None
    if audience == "public" and not not_public:
        internal = [s for st in stories for s in view_supports(make_view(st, "internal"))]
    names = [n for st in stories for n in st.meta.tools]
    figures = extract_figures(text, names)

    findings += _check_figures(figures, supports, internal)
    people = [q.by for st in stories for q in st.meta.quotes] + [a.name for st in stories for a in st.meta.authors]
    shown_quotes = [q.text for view in views for q in view.quotes]
    all_quotes = [q.text for st in stories for q in st.meta.quotes]
    quote_findings = check_quotes(text, shown_quotes if internal is None else all_quotes, people)
    findings += quote_findings
    if internal is not None:
        findings += internal_quotes(text, stories, people)
        findings += [f for st, view in zip(stories, views, strict=True) for f in leaked_runs(text, st, view)]

    rules = {**(spec.limits if spec else {}), **(limits or {})}
    findings += check_limits({"body": prose(text), **(fields or {})}, rules)
    style = check_style(text, figures, supports, kind, spec.readability if spec else None)
    if strict_style:
        style = [Finding(f.check, "error", f.line, f.text, f.message, f.story_says) for f in style]
    findings += style
    return Report(tuple(sorted(_dedupe(findings), key=_order)))


def _dedupe(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per place and problem; an internal quote is reported once, not also as a run."""
    seen: set[tuple[Any, ...]] = set()
    quoted_lines = {f.line for f in findings if f.check == "visibility" and "internal quote" in f.message}
    kept: list[Finding] = []
    for finding in findings:
        key = (finding.check, finding.line, finding.text, finding.message)
        run_in_quote = finding.check == "visibility" and "from the internal quote" in finding.message
        if key in seen or (run_in_quote and finding.line in quoted_lines):
            continue
        seen.add(key)
        kept.append(finding)
    return kept


def _order(finding: Finding) -> tuple[int, int, int]:
    return (finding.line or 0, CHECKS.index(finding.check), 0 if finding.severity == "error" else 1)


__all__ = [
    "CHECKS", "HYPE_WORDS", "Check", "Finding", "Report", "Severity", "Supportable",
    "check_draft", "check_limits", "check_style", "count_words", "draft_quotes", "extra_supports",
    "normalise", "quote_matches", "view_supports",
]  # fmt: skip
