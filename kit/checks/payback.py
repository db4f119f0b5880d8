"""Paybacks said in words: "paid for itself within the first year", "Payback: under a year".

A payback in digits ("14.7 months") is a figure the facts check reads; "a year" is not one (an
"a" never counts, `kit.checks.figures`), so a line about paying back is read here for the time it
gives in words, and that must hold for the story's payback (`kit.facts`): "within the first year"
of a 14.7-month payback is false. Only lines with a payback cue are read, so the rest of a draft
costs nothing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from kit import rx
from kit.checks.index import StoryIndex
from kit.checks.report import Finding

# A line must have one of these (lower case) to be read further: "payback", "pays back", "paid for itself".
_CUES = ("pay", "paid", "even")
_PAYBACK = rx.compile(
    r"\b(?:payback|pay\s*-?\s*back|paid\s+(?:for\s+)?(?:itself|themselves|back|off)|pays?\s+(?:for\s+)?"
    r"(?:itself|themselves|back|off)|br(?:oke|eaks?|eak)\s+even)\b",
    re.IGNORECASE,
)
# The time a payback is said in: "under a year", "within its first year", "in about a month".
_SAID = rx.compile(
    r"\b(?P<hedge>under|in\s+under|less\s+than|in\s+less\s+than|within|inside|in|about|around|roughly|"
    r"approximately|nearly|almost|just\s+under|over|more\s+than|after)\s+(?P<about>about\s+)?"
    r"(?:(?:the|its|their|our)\s+first\s+|a\s+|one\s+|(?:the|its|their|our)\s+first\s+full\s+)"
    r"(?P<unit>decade|year|month|quarter)\b",
    re.IGNORECASE,
)
_MONTHS = {"decade": 120.0, "year": 12.0, "quarter": 3.0, "month": 1.0}
# "does not pay back within a decade", "never paid for itself in its first year": the time is one it did
# not pay back in, the other way round.
_NOT = rx.compile(r"(?:\bnot|\bnever|n't)\b", re.IGNORECASE)
_CLAUSE_START = rx.compile(r".*(?:[,;(—–]|\bbut\b|\bthough\b)", re.IGNORECASE)  # the last one before the verb
_AT_MOST = ("under", "in under", "less than", "in less than", "within", "inside", "in", "just under")
_AT_LEAST = ("over", "more than", "after")
_ABOUT = 0.10  # "about a year" is 10.8 to 13.2 months, as a hedge on a figure reaches (`Figure.bounds`)


def check_payback(masked: str, indexes: Sequence[StoryIndex]) -> list[Finding]:
    """A payback said in words that the story's payback is not ("under a year" of 14.7 months)."""
    lowered = masked.lower()
    if not any(cue in lowered for cue in _CUES):
        return []
    paybacks = [p for i in indexes if (p := i.view.facts.payback_months) is not None]
    never = len(indexes) == 1 and not paybacks and indexes[0].view.facts.investment_cost is not None
    if never:
        paybacks = [math.inf]  # a cost its savings do not repay: "paid for itself within a year" is false
    # The payback is the internal view's only (its cost is internal): a public draft may not say it at all.
    hidden = len(indexes) == 1 and not paybacks and _internal_payback(indexes[0])
    if not hidden and (not paybacks or len(paybacks) != len(indexes)):
        return []  # no payback, or not one for every story: a figure's check says what it can
    findings: list[Finding] = []
    for number, line in enumerate(lowered.split("\n"), start=1):
        if not mentions_payback(line):
            continue
        start = 0
        for end in [*(m.start() for m in _SENTENCE_END.finditer(line)), len(line)]:
            sentence = line[start:end]
            if _PAYBACK.search(sentence):  # the time said must be the payback's: in its sentence
                findings += _judge(masked.split("\n")[number - 1], number, start, sentence, paybacks, hidden)
            start = end
    return findings


def mentions_payback(lowered: str) -> bool:
    """Whether a line (in lower case) speaks of paying back: "payback", "paid for itself", "breaks even"."""
    return any(cue in lowered for cue in _CUES) and _PAYBACK.search(lowered) is not None


def _internal_payback(index: StoryIndex) -> bool:
    """Whether a public index's story has a payback only its internal view shows (an internal cost)."""
    from kit.views import view_of

    return index.internal is not None and view_of(index.story, "internal").facts.payback_months is not None


_SENTENCE_END = rx.compile(r"[.;!?](?=\s|$)")


def _judge(
    line: str, number: int, offset: int, sentence: str, paybacks: list[float], hidden: bool = False
) -> list[Finding]:
    """Each time a sentence about paying back says, judged against every story's payback (`hidden`:
    the payback is internal, and a public draft says one)."""
    findings: list[Finding] = []
    for said in _SAID.finditer(sentence):
        hedge = " ".join(said.group("hedge").split())
        if hedge == "in" and "first" not in said.group(0):
            continue  # "saves $900k in a year" is a period, not the payback
        hedge = "about" if said.group("about") else hedge
        months = _MONTHS[said.group("unit")]
        text = line[offset + said.start() : offset + said.end()]
        denied = _denied(sentence, said.start())
        if hidden:
            findings.append(Finding("visibility", "error", number, text,
                                    "a payback in a public draft: the story's investment is internal, and so is "
                                    "how soon it paid back; leave it out"))  # fmt: skip
            continue
        wrong = [p for p in paybacks if _holds(hedge, months, p) == denied]
        if wrong and denied:
            findings.append(Finding("facts", "error", number, text,
                                    f"this says it did not pay back {text}, but the story's payback is "
                                    f"{_shown(wrong[0])}", f"{_shown(wrong[0])} (payback)"))  # fmt: skip
        elif wrong:
            if math.isinf(wrong[0]):
                message = f"this says it paid back {text}, but the story's savings never repay its investment"
                findings.append(Finding("facts", "error", number, text, message,
                                        "no payback (the net savings do not cover the cost)"))  # fmt: skip
                continue
            findings.append(Finding("facts", "error", number, text,
                                    f"this says it paid back {text}, but the story's payback is {_shown(wrong[0])}",
                                    f"{_shown(wrong[0])} (payback)"))  # fmt: skip
    return findings


def _denied(sentence: str, at: int) -> bool:
    """Whether the payback clause before a time said denies it: "does not pay back within a decade",
    "never paid for itself in its first year", "Payback: not within a decade"."""
    verb = _PAYBACK.search(sentence[:at])
    if verb is None:
        return False
    clause = _CLAUSE_START.match(sentence[: verb.start()])
    return _NOT.search(sentence[clause.end() if clause else 0 : at]) is not None


def _shown(months: float) -> str:
    """A payback as a reader takes it in: "14.7 months", or past two years "3.1 years" ("19200.0
    months" of a payback 1,600 years away said nothing)."""
    if months < 24:
        return f"{months:.1f} months"
    return f"{months / 12:,.1f} years" if months < 120 else f"{months / 12:,.0f} years"


def _holds(hedge: str, months: float, payback: float) -> bool:
    """Whether a payback of `payback` months is what "HEDGE a/the first UNIT" says."""
    if hedge in _AT_MOST:
        return payback <= months
    if hedge in _AT_LEAST:
        return payback >= months
    if hedge in ("nearly", "almost"):
        return months * (1 - _ABOUT) <= payback <= months
    return abs(payback - months) <= _ABOUT * months
