"""Claims with no figure that turn a story around: "warehouse spend stayed flat" of a bill that rose,
"every metric improved" of a story with a regression.

Figures are checked where they are (`kit.checks.claims`); these sentences have none, so nothing
there reads them. Each is read only on lines with its cue words, and only a metric the sentence
names (one, by its distinctive words) is compared with what the story says it did.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kit import rx
from kit.checks.index import StoryIndex
from kit.checks.line import mentioned_metric
from kit.checks.masking import folded, prose
from kit.checks.report import Finding

# A metric said to have stayed where it was.
_STEADY = rx.compile(
    r"\b(?:stayed|remained|held|kept|was|were|is|are)\s+(?:flat|steady|level|stable|unchanged|the\s+same)\b"
    r"|\b(?:did\s+not|didn't|never)\s+(?:change|move|budge|grow|rise|fall|drop)\b"
    r"|\bno\s+change\s+(?:in|to)\b",
    re.IGNORECASE,
)
# The story as a whole said to have only improved, or to have cost nothing.
_ALL_BETTER = rx.compile(
    r"\b(?:every|each|all(?:\s+of)?(?:\s+the|\s+our)?)\s+(?:metric|measure|number|figure)s?\s+(?:we\s+\w+\s+)?"
    r"(?:improved|got\s+better|went\s+the\s+right\s+way)\b|\bnothing\s+got\s+worse\b|\bno\s+(?:trade-?offs?|downside)\b",
    re.IGNORECASE,
)
# Words without one of which neither pattern can match: looked up in the folded text (`folded`) at C speed
# before either pattern scans it, as most drafts have none of these claims.
_STEADY_NEEDS = ("flat", "steady", "level", "stable", "unchanged", "same", "did", "never", "change")
_ALL_BETTER_NEEDS = ("improved", "better", "right", "worse", "trade", "downside")
_SENTENCE = rx.compile(r"[^.!?;]+[.!?;]?")
_CLAUSE = rx.compile(r",|\b(?:but|and|while|though|although|whereas|because|as|yet|so)\b", re.IGNORECASE)


def check_steady(text: str, indexes: Sequence[StoryIndex]) -> list[Finding]:
    """Facts errors for a sentence with no figure that says a metric did not change when the story
    says it did, or that everything improved when something got worse."""
    if len(indexes) != 1:
        return []  # a newsletter's sentences are about one story each: not read here
    index = indexes[0]
    plain = prose(text)
    lower = folded(plain)
    said_steady = any(need in lower for need in _STEADY_NEEDS) and _STEADY.search(plain) is not None
    if not said_steady and not (any(need in lower for need in _ALL_BETTER_NEEDS) and _ALL_BETTER.search(plain)):
        return []  # no sentence can match where the whole text does not
    moved = {f.metric.name: f for f in index.view.facts.metrics if f.change != 0}
    worse = index.view.facts.regressed
    findings: list[Finding] = []
    for number, line in enumerate(plain.split("\n"), 1):
        for sentence in _SENTENCE.findall(line):
            if any(c.isdigit() for c in sentence):
                continue  # its figures are read and judged with their claim
            steady = _STEADY.search(sentence)
            if steady:
                # What stayed is named in its own clause: "satisfaction rose though the stay did not change"
                clause = _CLAUSE.split(sentence[: steady.start()])[-1]
                metric = mentioned_metric(clause, index)
                if metric in moved and _denies_the_move(steady.group(0), moved[metric].change):
                    facts = moved[metric]
                    went = "rose" if facts.change > 0 else "fell"
                    verb = steady.group(0).split()[-1].lower()
                    denied = f"did not {verb}" if verb in (*_UP_WORDS, *_DOWN_WORDS) else "did not change"
                    findings.append(Finding("facts", "error", number, " ".join(sentence.split()),
                                            f"the story says {metric} {went}; this says it {denied}",
                                            f"{metric}: {facts.phrase}"))  # fmt: skip
            elif worse and _ALL_BETTER.search(sentence):
                name = worse[0].metric.name
                findings.append(Finding("facts", "error", number, " ".join(sentence.split()),
                                        f"this says nothing got worse, but the story says {name} did",
                                        f"{name}: {worse[0].phrase}"))  # fmt: skip
    return findings


_UP_WORDS = ("grow", "rise")
_DOWN_WORDS = ("fall", "drop")


def _denies_the_move(said: str, change: float) -> bool:
    """Whether "did not …" denies the way the metric went: "did not fall" is true of one that rose,
    "did not rise" of one that fell; "did not change", "stayed flat" of neither."""
    verb = said.split()[-1].lower()
    if verb in _UP_WORDS:
        return change > 0
    if verb in _DOWN_WORDS:
        return change < 0
    return True
