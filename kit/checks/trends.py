"""A metric's direction said in words, with no figure: "Readmissions fell slightly." of a rate that
rose, "Cleaning costs went down." of a bill that grew, "Queue wait improved." of one that did not move.

Figures are judged with their claim (`kit.checks.claims`), and a metric said to have stayed where it
was by `kit.checks.steady`; a sentence with no figure that says a metric rose, fell, improved or got
worse is read here. Only a direction verb right after the name of one metric (read as
`kit.checks.line.attached_metric` reads the name before a figure) is judged, and not in a sentence
that denies or supposes ("did not fall", "would have risen"), quotes someone, or is the story's own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kit import rx
from kit.checks.figure import Figure
from kit.checks.index import StoryIndex, prose_sentences, sentence_key
from kit.checks.line import metric_named_before
from kit.checks.masking import folded
from kit.checks.report import Finding
from kit.facts import MetricFacts

# A direction verb: the way it says a metric went is the name of the group that matched.
_MOVED = rx.compile(
    r"\b(?:(?P<up>rose|risen|rises|grew|grown|grows|increased|increases|climbed|climbs|jumped|soared|spiked"
    r"|doubled|tripled|(?:went|goes|gone|is|are|was|were)\s+up)"
    r"|(?P<down>fell|fallen|falls|dropped|drops|declined|declines|decreased|decreases|shrank|shrunk|shrinks"
    r"|plunged|plummeted|halved|(?:went|goes|gone|came|comes|is|are|was|were)\s+down)"
    r"|(?P<better>improved|improves|got\s+better)"
    r"|(?P<worse>worsened|worsens|regressed|deteriorated|degraded|got\s+worse))\b"
    r"(?!\s+(?:short|behind|apart|through|silent|ill)\b)",  # "fell short", "fell behind": no direction
    re.IGNORECASE,
)
# A word without which `_MOVED` cannot match: each of its verbs, and the last word of each of its phrases.
_NEEDS = frozenset({
    "rose", "risen", "rises", "grew", "grown", "grows", "increased", "increases", "climbed", "climbs", "jumped",
    "soared", "spiked", "doubled", "tripled", "up", "fell", "fallen", "falls", "dropped", "drops", "declined",
    "declines", "decreased", "decreases", "shrank", "shrunk", "shrinks", "plunged", "plummeted", "halved", "down",
    "improved", "improves", "better", "worsened", "worsens", "regressed", "deteriorated", "degraded", "worse",
})  # fmt: skip
# A word of _NEEDS as a whole run of letters ("up" in "went up", not in "group" or "update").
_NEEDED = rx.compile(r"(?<![a-z])(?:" + "|".join(sorted(_NEEDS, key=len, reverse=True)) + r")(?![a-z])")
# What makes a sentence no claim of the way a metric went: a denial or a supposition.
_NOT_SAID = rx.compile(
    r"\b(?:not|never|no|nor|neither|without|would|could|might|may|will|should|if|unless|whether|hardly|barely)\b"
    r"|n't",
    re.IGNORECASE,
)
_QUOTE_MARKS = rx.compile(r"[\"“”]")
_SENTENCE_END = rx.compile(r"[.!?;](?=\s|$)")  # not the point of "4.4"


def check_trends(masked: str, indexes: Sequence[StoryIndex], figures: Sequence[Figure]) -> list[Finding]:
    """Facts errors for a sentence with no figure that says one metric went another way than the story
    says it did. `masked` is the draft through `mask_non_claims`, `figures` its figures."""
    if len(indexes) != 1:
        return []  # a newsletter's sentences are about one story each: not read here
    # `_MOVED` tries every position of a text: it reads only the lines with one of its words, found
    # by their words at C speed, and most lines have none.
    lower = folded(masked)
    # The lines with a direction word, in one scan of the text: most drafts have a few, most lines none.
    said = sorted({lower.count("\n", 0, m.start()) + 1 for m in _NEEDED.finditer(lower)})
    if not said:
        return []
    lines = masked.split("\n")
    index = indexes[0]
    facts = {f.metric.name: f for f in index.view.facts.metrics}
    columns: dict[int, list[int]] = {}
    for figure in figures:
        columns.setdefault(figure.line, []).append(figure.column)
    findings: list[Finding] = []
    for number, moved in ((n, m) for n in said for m in _MOVED.finditer(lines[n - 1])):
        line, at = lines[number - 1], moved.start()
        if line.lstrip().startswith((">", "|")):
            continue  # a quote is checked word for word, a table row's cells have figures
        parts = _sentence(lines, number, at)
        text = " ".join(lines[n - 1][a:b] for n, a, b in parts)
        if any(a <= c < b for n, a, b in parts for c in columns.get(n, ())) or _NOT_SAID.search(text):
            continue  # a figure is judged with its claim; a denial or a supposition says no way
        if _QUOTE_MARKS.search(text) or sentence_key(text) in prose_sentences(index.view):
            continue
        metric = metric_named_before(line, at, index)
        if metric in facts:
            finding = _judge(facts[metric], moved, number)
            if finding is not None:
                findings.append(finding)
    return findings


def _sentence(lines: list[str], number: int, at: int) -> list[tuple[int, int, int]]:
    """The sentence around column `at` of line `number` (1-based), as (line, start, end) parts: a
    paragraph's sentence wraps from line to line ("Skew incidents fell" / "from 17 to 4."), and a
    list item, heading, quote, table row or blank line starts a sentence of its own."""
    line = lines[number - 1]
    start = max((m.end() for m in _SENTENCE_END.finditer(line, 0, at)), default=0)
    parts = [(number, start, len(line))]
    while start == 0 and parts[0][0] > 1 and not _STARTS_BLOCK.match(lines[parts[0][0] - 1]):
        before = lines[parts[0][0] - 2]  # the line before the first part, which the sentence may go on from
        if not before.strip() or _ENDS_SENTENCE.search(before) or before.lstrip().startswith(("|", "#")):
            break
        start = max((m.end() for m in _SENTENCE_END.finditer(before)), default=0)
        parts.insert(0, (parts[0][0] - 1, start, len(before)))
    end = _SENTENCE_END.search(line, at)
    if end is not None:
        parts[-1] = (number, parts[-1][1], end.end())
        return parts
    following = number
    while following < len(lines) and (after := lines[following]).strip() and not _STARTS_BLOCK.match(after):
        following += 1
        end = _SENTENCE_END.search(after)
        parts.append((following, 0, end.end() if end else len(after)))
        if end is not None:
            break
    return parts


# A line that starts a block of its own: a list item, heading, quote or table row.
_STARTS_BLOCK = rx.compile(r"\s*(?:[-*+>#|]|\d+[.)])")
_ENDS_SENTENCE = rx.compile(r"[.!?;:]\s*$")


def _judge(facts: MetricFacts, moved: re.Match[str], number: int) -> Finding | None:
    """The finding for a metric said to have gone the way `moved` says, or None when it did."""
    name = facts.metric.name
    said = next(way for way in ("up", "down", "better", "worse") if moved.group(way))
    if facts.change == 0:
        message = f"the story says {name} did not change; this says it did"
    else:
        rose = facts.change > 0
        improved = rose == (facts.metric.better.value == "higher")
        if said in ("up", "down"):
            if rose == (said == "up"):
                return None
            went = "rose" if rose else "fell"
        else:
            if improved == (said == "better"):
                return None
            went = "got better" if improved else "got worse"
        message = f"the story says {name} {went}; this says it went the other way"
    verb = " ".join(moved.group(0).split())
    return Finding("facts", "error", number, verb, message, f"{name}: {facts.phrase}")
