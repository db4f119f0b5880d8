"""`check_draft`: the whole check of one draft, as `kit.checks` describes it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from kit import clock
from kit.checks.claims import check_claims
from kit.checks.dates import check_years
from kit.checks.index import draft_supports, own_supports, story_index
from kit.checks.limits import check_limits
from kit.checks.masking import mask_non_claims, prose
from kit.checks.payback import check_payback
from kit.checks.quotes import check_quotes, check_speakers
from kit.checks.report import CHECKS, Finding, Report
from kit.checks.steady import check_steady
from kit.checks.style import check_style
from kit.checks.supports import Supportable, extra_supports
from kit.checks.trends import check_trends
from kit.checks.visibility import internal_quotes, leaked_runs
from kit.story import Story


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
    indexes = [story_index(st, audience) for st in stories]
    not_public = [
        Finding(
            "visibility",
            "error",
            None,
            i.story.meta.title,
            f"{i.story.path} is an internal story; a public draft cannot be made from it",
        )  # fmt: skip
        for i in indexes
        if not i.public_view
    ]
    findings += not_public
    own = own_supports(extra_supports(extra), len(stories))
    supports = draft_supports(indexes, own)
    public = audience == "public" and not not_public
    names = [n for st in stories for n in st.meta.tools]
    masked = mask_non_claims(text, names)
    figures, claim_findings = check_claims(masked, indexes, own, public, text)
    findings += claim_findings
    findings += check_payback(masked, indexes)

    people = [q.by for st in stories for q in st.meta.quotes] + [a.name for st in stories for a in st.meta.authors]
    shown_quotes = [q.text for i in indexes for q in i.view.quotes]
    all_quotes = [q.text for st in stories for q in st.meta.quotes]
    findings += check_quotes(text, all_quotes if public else shown_quotes, people)
    findings += check_speakers(text, stories, people)
    findings += check_years(text, indexes, clock.now().year, names)
    findings += check_steady(text, indexes)
    findings += check_trends(masked, indexes, figures)
    if public:
        findings += internal_quotes(text, stories, people)
        findings += [f for i in indexes for f in leaked_runs(text, i.story, i.view)]

    rules = {**(spec.limits if spec else {}), **(limits or {})}
    findings += check_limits({"body": prose(text), **(fields or {})}, rules)
    style = check_style(text, figures, supports, kind, spec.readability if spec else None)
    if strict_style:
        style = [Finding(f.check, "error", f.line, f.text, f.message, f.story_says) for f in style]
    facts_at = {(f.line, f.text) for f in findings if f.check == "facts"}
    findings += [f for f in style if (f.line, f.text) not in facts_at]  # a wrong figure is not also a style matter
    return Report(tuple(sorted(_dedupe(findings), key=_order)))


def check_beside(
    texts: Sequence[tuple[str, str]],
    body: str,
    story: Story,
    *,
    audience: str,
    extra: Iterable[Supportable] = (),
) -> list[Finding]:
    """Facts and visibility findings in text a draft carries beside its body (a post's title, the
    fields of talk.json), each (label, text) not already in the body: "in LABEL: why".

    What the body holds was checked with it; the rest is checked as one text, a line for each.
    """
    if not texts:
        return []
    flat = " ".join(body.split())
    beside = [(label, " ".join(text.split())) for label, text in texts]
    beside = [(label, text) for label, text in dict.fromkeys(beside) if text and text not in flat]
    if not beside:
        return []
    report = check_draft("\n\n".join(text for _, text in beside), story, kind="beside", audience=audience,
                         extra=extra)  # fmt: skip
    findings = [
        Finding(f.check, f.severity, None, f.text, f"in {beside[(f.line - 1) // 2][0]}: {f.message}", f.story_says)
        for f in report.findings
        if f.check in ("facts", "visibility") and f.line is not None  # text i is line 2i + 1
    ]
    return list(dict.fromkeys(findings))  # one per figure and problem, however many fields repeat it


def _dedupe(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per place and problem; an internal quote is reported once, not also as a run."""
    seen: set[tuple[Any, ...]] = set()
    # Only a quote reported as one (`internal_quotes`) covers the runs of its line: a run found
    # in words written without quote marks must stay, or the leak would pass.
    quoted_lines = {f.line for f in findings if f.check == "visibility" and f.message.startswith("an internal quote")}
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
