"""A story's own prose against its own metrics, for `kit validate`.

The checks take the figures of a story's prose as support, so that a draft may repeat them. A
summary that says "cut by 90%, from 18 minutes to 2 minutes" of a metric that went from 18 to
6 minutes would then pass into every draft. Here the prose is read against the metrics and
derived facts alone, and what it says against them is a warning.

Only claims that speak of a metric are reported, so that the prose's other figures ("140
services", "a team of five") make no noise:
- a figure said the other way, or as a value it is not (a before as a change), or a before
  and after swapped;
- a change written as one ("90%", "5×") where the story has a change of that kind, but none
  of that size;
- one end of "from A to B" where the other end is a metric's value.
"""

from __future__ import annotations

import dataclasses
import re

from kit.checks.figure import FOLD, Figure
from kit.checks.report import Finding
from kit.errors import Problem
from kit.story import Story

_CONTRADICTIONS = ("went the other way", "before and after are swapped", "this says it is")


def prose_against_metrics(story: Story) -> list[Problem]:
    """Warnings for figures in the story's own prose that its metrics contradict."""
    from kit.checks.claims import check_claims
    from kit.checks.index import own_supports, story_index
    from kit.checks.masking import mask_non_claims
    from kit.checks.supports import ByValue, extra_supports, prose_texts

    index = story_index(story, "internal")
    stated = [s for s in index.supports if not s.prose]
    metrics_only = dataclasses.replace(index, supports=stated, by_value=ByValue(stated), sentences=frozenset())
    changes = {s.family for s in stated if s.role == "change"}
    own = own_supports(extra_supports(()), 1)
    problems: list[Problem] = []
    for source, text in prose_texts(index.view):
        if not any(c.isdigit() for c in text):
            continue
        masked = mask_non_claims(text, list(story.meta.tools))
        figures, findings = check_claims(masked, [metrics_only], own, False)
        lines = masked.split("\n")
        flagged = {(f.line, f.text) for f in findings}
        supported = [f for f in figures if (f.line, f.text) not in flagged]
        for finding in findings:
            if _contradicts(finding, figures, supported, lines, changes):
                says = f"; the story's metrics say {finding.story_says}" if finding.story_says else ""
                line, field = _where(story, source, finding.line or 1)
                problems.append(Problem(story.path, f'"{finding.text}": {finding.message}{says}. Drafts repeat '
                                        "the story's prose: make it agree with the metrics", line, field))  # fmt: skip
    return list(dict.fromkeys(problems))


def _where(story: Story, source: str, line: int) -> tuple[int | None, str]:
    """The file line and field of a line of one of `prose_texts`' texts."""
    if source in ("title", "summary", "ask"):
        return story.lines.get(source), source
    section = next((s for s in story.sections if source == f'section "{s.title}"'), None)
    if section is not None:
        return section.line + line - 1, "body"  # the text is the heading's line, then the body's
    return None, source


def _contradicts(
    finding: Finding, figures: list[Figure], supported: list[Figure], lines: list[str], changes: set[str]
) -> bool:
    """Whether a finding on the prose is one that speaks of a metric (see the module's list)."""
    if finding.check != "facts" or finding.line is None:
        return False
    if any(phrase in finding.message for phrase in _CONTRADICTIONS):
        return True
    if not finding.message.startswith("no figure in the story supports this"):
        return False
    figure = next((f for f in figures if f.line == finding.line and f.text == finding.text), None)
    if figure is None:
        return False
    line = lines[finding.line - 1]
    # A change the story has a kind of, but not this size: a multiple is one, and a percentage said
    # as a change ("cut by 90%", "90% faster"), not a share of something else ("1% sampling").
    change = figure.unit in ("%", FOLD) and figure.family in changes and any(c.isdigit() for c in figure.text)
    if change and (figure.unit == FOLD or _said_as_change(line, figure)):
        return True
    others = [f.text for f in supported if f.line == finding.line]  # a metric's values, read as such
    return any(re.search(rf"\bfrom\s+{re.escape(a)}\s+to\s+{re.escape(b)}", line)
               for a, b in [*((o, figure.text) for o in others), *((figure.text, o) for o in others)])


def _said_as_change(line: str, figure: Figure) -> bool:
    """Whether a percentage is said as a change: a direction word or verb of change before it in its
    clause ("fell by 90%", "cut 90%"), or a direction word right after it ("90% faster", "a 90% drop")."""
    from kit.checks.reading import direction_after, says_direction

    after = line[figure.column + len(figure.text) :]
    return says_direction(line[: figure.column]) or direction_after(after) is not None
