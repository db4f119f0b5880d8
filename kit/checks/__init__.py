"""Checks on a draft: facts, visibility, limits and style, as one report.

    report = check_draft(text, story, kind="blog", audience="public", extra=rendered.extra_figures)
    if not report.ok:
        print(report.format("drafts/x/blog.md"))
    front["kit"]["checks"] = report.summary()

`check_draft` reads the draft's figures (`figures` and `number_words`, after `masking` blanks
what is not prose or not a claim), the claim around each (`line` and `order`, with `reading`'s
word lists, judged by `claims` against the story read once into an `index`) and quotes, and
reports, in line order:
- facts (errors): figures the story does not support (`supports`), or supports only as
  something else: another quantity or metric, the other direction, before and after swapped,
  another period, a percentage metric's change in "%" (`claims`, `order`); a payback in words
  the story's is not (`payback`); "stayed flat" or "every metric improved" of a story that moved
  (`steady`) and a direction said of a metric with no figure ("costs went down") (`trends`);
  quotes not word for word (`quotes`) or given to someone else (`quotes`), and years no story
  gives (`dates`);
- visibility (errors, public audience only): internal figures (an internal metric's value
  even where the story's public prose repeats it), internal quotes and runs of internal text
  (`visibility`);
- limits: fields over their characters or words (`limits`);
- style (warnings unless `strict_style`): hype, big increases, percentages of percentages,
  readability (`style`).
The findings and their tally are `report`, which any module may import.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from kit.checks.report import CHECKS, Check, Finding, Report, Severity

if TYPE_CHECKING:
    from kit.checks.draft import check_draft
    from kit.checks.limits import check_limits, count_words
    from kit.checks.quotes import draft_quotes, normalise, quote_matches
    from kit.checks.style import HYPE_WORDS, check_style
    from kit.checks.supports import Supportable, extra_supports, view_supports

# The checks themselves load when first asked for: a command that only plans (a rebuild where
# nothing changed) or reads reports (`kit review`) does not compile their patterns.
_LAZY = {
    "check_draft": "draft", "check_limits": "limits", "count_words": "limits", "draft_quotes": "quotes",
    "normalise": "quotes", "quote_matches": "quotes", "HYPE_WORDS": "style", "check_style": "style",
    "Supportable": "supports", "extra_supports": "supports", "view_supports": "supports",
}  # fmt: skip


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kit.checks' has no attribute {name!r}")
    value = getattr(import_module(f"kit.checks.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "CHECKS", "HYPE_WORDS", "Check", "Finding", "Report", "Severity", "Supportable",
    "check_draft", "check_limits", "check_style", "count_words", "draft_quotes", "extra_supports",
    "normalise", "quote_matches", "view_supports",
]  # fmt: skip
