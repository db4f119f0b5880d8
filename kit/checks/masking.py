"""What a reader reads as prose, and which of its numbers are no claims.

`prose(text)` blanks out, with spaces so that lines and columns stay put, everything a
reader does not read as prose: front matter, fenced and inline code, HTML comments and tags,
link and image targets, reference definitions, footnote marks, URLs and e-mail addresses.
Every check reads a draft through it.

`mask_non_claims(text, names)` also blanks the numbers that are not claims, as
`kit.checks.figures` lists them: dates, years standing alone, list and heading numbering
and versions (any number after one of `names`, the story's tools, too).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from kit import frontmatter

# Duration units and currency codes as the figure reader reads them (`kit.checks.figures`):
# a number with one is a figure, never a year or a version ("2030 hours", "USD 1.5").
DURATION_WORDS = (
    r"milliseconds?|msecs?|ms|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|wks?"
    r"|months?|mos?|years?|yrs?"
)
CURRENCY_CODES = "USD|EUR|GBP|JPY|INR|CHF|CAD|AUD|NZD|SEK|NOK|DKK|PLN|CZK|CNY|HKD|SGD|KRW|BRL|MXN|ZAR|ILS|AED"


def _blank(match: re.Match[str]) -> str:
    """Spaces for every character but newlines, so offsets and lines stay put."""
    return re.sub(r"[^\n]", " ", match.group(0))


_FENCE = re.compile(r"^[ \t]*(```+|~~~+)[^\n]*\n.*?(?:^[ \t]*\1[ \t]*$|\Z)", re.DOTALL | re.MULTILINE)
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
_LINK_TARGET = re.compile(r"(?<=\])\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)")
_REFERENCE = re.compile(r"^[ \t]{0,3}\[[^\]]+\]:[ \t]*\S+.*$", re.MULTILINE)
_FOOTNOTE = re.compile(r"\[\^[^\]]+\]|\[\d+\](?!\()")
_URL = re.compile(r"<?\b(?:https?://|ftp://|mailto:|www\.)[^\s<>()\]]*[^\s<>()\].,;:!?'\"]>?", re.IGNORECASE)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_HTML_ENTITY = re.compile(r"&#?\w+;")


@functools.lru_cache(maxsize=16)  # every check of a draft reads it through here: read it once
def prose(text: str) -> str:
    """The text with everything a reader does not read as prose blanked out, lines kept.

    Front matter, fenced code, HTML comments, inline code, link and image targets,
    reference definitions, footnote marks, URLs, e-mail addresses and HTML tags.
    """
    text = frontmatter.blank(text)
    for pattern in (_FENCE, _COMMENT, _INLINE_CODE, _LINK_TARGET, _REFERENCE,
                    _FOOTNOTE, _URL, _EMAIL, _HTML_TAG, _HTML_ENTITY):  # fmt: skip
        text = pattern.sub(_blank, text)
    return text


_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_YEAR = r"(?:199\d|20\d\d|2100)"
_NOT_CLAIMS = [
    # ISO dates and date-times, slashed dates, fractions such as 24/7, times of day
    re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b"),
    re.compile(r"\b\d{1,4}(?:/\d{1,4})+\b"),
    re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]\.?m\.?)?\b", re.IGNORECASE),
    # "September 30, 2026", "Sep 30th", "30 September 2026", "September 2026", "mid-2025"
    re.compile(rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+{_YEAR}\b)?"),
    re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR}\b)?"),
    re.compile(rf"\b{_MONTH}\s*(?:[–—-]\s*{_MONTH}\s*)?,?\s+{_YEAR}\b"),
    # quarters, halves and fiscal years: "Q3 2026", "Q3 '26", "H1 2026", "FY2026", "FY26"
    re.compile(rf"\b(?:Q[1-4]|H[12])(?:\s*(?:{_YEAR}|'\d\d)\b)?"),
    re.compile(r"\bFY\s?'?(?:\d{4}|\d{2})\b"),
    # list numbering and heading numbering at the start of a line
    re.compile(r"^[ \t]*(?:[>][ \t]*)*(?:[-*+][ \t]+)?\d{1,3}[.)](?=[ \t])", re.MULTILINE),
    re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(?:\d{1,3}(?:\.\d{1,3})*[.):]?)(?=[ \t])", re.MULTILINE),
    # versions: v2.1, 1.2.3, and a capitalised name followed by a dotted number (Python 3.11)
    re.compile(r"\b[vV]\d+(?:\.\d+)*\b"),
    re.compile(r"\b\d+\.\d+\.\d+(?:[-.+]\w+)*\b"),
]


# Years standing alone, and ranges of years: "in 2025", "2024–2026" (not "2025 deploys").
YEAR = re.compile(
    rf"(?<![\w$€£¥₹.,]){_YEAR}(?:\s*[–—-]\s*(?:{_YEAR}|\d\d))?(?![\w%×]|[.,]\d|\s*(?:%|×|percent|k\b|[MB]\b|{DURATION_WORDS}))"
)
_DATE_CUE = re.compile(
    r"(?:\b(?:in|since|by|until|till|from|through|during|before|after|early|late|mid|of|for|the|our|their|its|"
    r"this|last|next|each|every|fiscal|calendar|spring|summer|autumn|fall|winter|end|start|between|and|to)"
    r"|[-–—(])\s*$",
    re.IGNORECASE,
)
_PLURAL_AFTER = re.compile(r"^\s+(?:[a-z]+[- ])?[a-z]{2,}s\b(?<!ss)")
_NOT_PLURALS = {"was", "is", "has", "as", "this", "its", "his", "us", "always", "thus", "perhaps", "yes", "less"}


def is_count_not_year(before: str, after: str) -> bool:
    """ "2040 users": a year-like number before a plural noun, with no date word before it."""
    if _DATE_CUE.search(before[-40:]):
        return False
    match = _PLURAL_AFTER.match(after)
    return match is not None and match.group(0).split()[-1] not in _NOT_PLURALS


def _blank_year(text: str) -> str:
    def blank(match: re.Match[str]) -> str:
        line_start = text.rfind("\n", 0, match.start()) + 1
        if is_count_not_year(text[line_start : match.start()], text[match.end() : match.end() + 40]):
            return match.group(0)
        return _blank(match)

    return YEAR.sub(blank, text)


# "Python 3.11", "Kubernetes 1.29": a capitalised name, then a dotted number with no unit.
_NAMED_VERSION = re.compile(
    rf"\b(?P<name>[A-Z][A-Za-z+#]+) (?P<version>\d+\.\d+)(?![\d%×]|[.,]\d|\s*(?:%|×|x\b|percent|pp\b|[kKMB]\b|(?:{DURATION_WORDS})\b))"  # noqa: E501
)
# "Java 21", "Node 20.": a capitalised name, then a whole number that ends the clause.
_NAMED_RELEASE = re.compile(
    r"(?<![.!?:]\s)(?<!^)\b(?P<name>[A-Z][A-Za-z+#]*[a-z+#][A-Za-z+#]*|[a-z]+[A-Z][A-Za-z+#]*"
    r"|(?!(?:ROI|SLA|SLO|NPS|KPI|OKR|MAU|DAU|ARR|MRR|TCO|FTE|QPS|RPS|CPU|GPU|RAM)\b)[A-Z]{2,6})"
    r" (?P<version>\d{1,3})"
    r"(?=\s*(?:[,;:!?)]|\.(?!\d)|$)|\s+(?:and|or|with|on|in|for|runs?|LTS|support)\b)",
    re.MULTILINE,
)
# Labels and ordinals by number: "Part 2", "step three", "Chapter 7", "Phase 2".
_LABEL = re.compile(
    r"\b(?:part|step|chapter|phase|stage|section|figure|fig\.|table|slide|appendix|lesson|module|"
    r"episode|act|round|sprint|level|tier|milestone|iteration|item|page|no\.|number|track|room|gate|wave)"
    r"\s+(?P<n>\d{1,3}[a-z]?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b(?![.,]\d)"
    r"(?!\s*(?:%|×|percent|(?:" + DURATION_WORDS + r")\b))",
    re.IGNORECASE,
)
_NOT_NAMES = {
    "from", "to", "about", "over", "only", "just", "with", "by", "in", "at", "of", "and", "or",
    "the", "under", "nearly", "almost", "around", "roughly", "up", "down", "now", "then",
    "before", "after", "was", "is", "took", "takes", "were", "are", "saved", "cut", "reached",
}  # fmt: skip


def _blank_version(match: re.Match[str]) -> str:
    if match.group("name").lower() in _NOT_NAMES or match.group("name") in CURRENCY_CODES.split("|"):
        return match.group(0)
    return match.group("name") + " " + " " * len(match.group("version"))


def mask_non_claims(text: str, names: Iterable[str] = ()) -> str:
    """Prose with dates, years, list and heading numbers and versions blanked out too.

    A number right after one of `names` (the story's tools: "Postgres 16") is a version.
    """
    return _masked(text, tuple(sorted({n for n in names if n.strip()}, key=len, reverse=True)))


@functools.lru_cache(maxsize=16)
def _masked(text: str, names: tuple[str, ...]) -> str:
    text = prose(text)
    for pattern in _NOT_CLAIMS:
        text = pattern.sub(_blank, text)
    text = _blank_year(text)
    text = _NAMED_VERSION.sub(_blank_version, text)
    text = _NAMED_RELEASE.sub(_blank_version, text)
    text = _LABEL.sub(lambda m: m.group(0)[: m.start("n") - m.start()] + " " * len(m.group("n")), text)
    for name in names:
        text = re.sub(rf"(?<=\b{re.escape(name)}[ -])v?\d+(?:\.\d+)*\b", _blank, text)
    return text
