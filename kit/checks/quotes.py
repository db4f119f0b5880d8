"""Quotes in a draft: each matches a story quote word for word.

Quotes are Markdown blockquotes, and quoted text of four words or more attributed to
someone (a verb of saying near it, a dash and a name after it, or a name of the story's
people around it). A quote matches when it is the story's quote, or an excerpt of whole
words, or excerpts joined by "..." (each of three words or more), after quote marks,
dashes, spacing and Markdown marks are made the same (`normalise`). A near miss (60%
similar) reports the story's wording; anything else is a quote the story does not have.
These are facts errors.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kit.checks.masking import prose
from kit.checks.report import Finding


@dataclass(frozen=True)
class DraftQuote:
    """Quoted words in a draft, and the line they start on."""

    text: str
    line: int


QUOTE_CHARS = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'",
                             "–": "-", "—": "-", "\u200b": None, "\u00a0": " "})  # fmt: skip
_ATTRIBUTION_LINE = re.compile(r"^\s*(?:[-–—~]{1,2}|―)\s*\S")
_INLINE_QUOTE = re.compile(r"[\"“](?P<q>[^\"“”\n]{12,}?)[\"”]")
_SAID = re.compile(
    r"\b(?:said|says|say|told|tells|explains?|explained|recalls?|recalled|notes?|noted|adds?|added|"
    r"puts? it|according to|wrote|writes|remembers?|admits?|admitted)\b",
    re.IGNORECASE,
)


def normalise(text: str) -> str:
    """Quote text compared word for word: same quote marks, dashes and spacing, no Markdown marks."""
    text = html.unescape(text).translate(QUOTE_CHARS)
    text = re.sub(r"\\(.)", r"\1", text)  # Markdown escapes
    text = re.sub(r"(\*\*|__|\*|_)(?=\S)|(?<=\S)(\*\*|__|\*|_)", "", text)
    text = " ".join(text.split()).replace("…", "...")
    return text.strip(" \"'").rstrip(".,;:").strip(" \"'")


def draft_quotes(text: str, names: Iterable[str] = ()) -> list[DraftQuote]:
    """Blockquotes (attribution lines dropped), and quoted runs of 4+ words attributed to someone."""
    masked = prose(text)
    lines = masked.split("\n")
    quotes: list[DraftQuote] = []
    block: list[str] = []
    start = 0
    for number, line in enumerate([*lines, ""], start=1):
        match = re.match(r"^\s{0,3}>\s?(.*)$", line)
        if match:
            if not block:
                start = number
            content = match.group(1)
            if content.strip() and not _ATTRIBUTION_LINE.match(content):
                block.append(content)
            continue
        if block:
            quotes.append(DraftQuote(" ".join(block), start))
            block = []
    people = [n for n in names if n.strip()]
    for number, line in enumerate(lines, start=1):
        if re.match(r"^\s{0,3}>", line):
            continue
        for match in _INLINE_QUOTE.finditer(line):
            words = match.group("q").split()
            if len(words) >= 4 and _attributed(line, match.start(), match.end(), people):
                quotes.append(DraftQuote(match.group("q"), number))
    return quotes


def _attributed(line: str, start: int, end: int, names: Sequence[str]) -> bool:
    around = line[max(0, start - 80) : start] + " " + line[end : end + 80]
    if _SAID.search(around) or re.match(r"\s*[,.]?\s*[—–-]{1,2}\s*[A-Z]", line[end:]):
        return True
    return any(part in around for name in names for part in name.split() if len(part) > 2)


def quote_matches(draft: str, story: str) -> bool:
    """Word for word: the whole quote, an excerpt of whole words, or excerpts joined by "..."."""
    said, quoted = normalise(story), normalise(draft)
    if not quoted:
        return True
    if quoted.lower() == said.lower():
        return True
    parts = [p.strip(" ,;") for p in re.split(r"\.\.\.|\[\.\.\.\]", quoted) if p.strip(" ,;.")]
    position = 0
    for part in parts:
        found = re.search(rf"(?<!\w){re.escape(part)}(?!\w)", said[position:], re.IGNORECASE)
        if not found or len(part.split()) < 3:
            return False
        position += found.end()
    return bool(parts)


def check_quotes(text: str, story_quotes: Sequence[str], names: Iterable[str]) -> list[Finding]:
    """Facts errors for the draft's quotes that none of `story_quotes` says word for word."""
    findings: list[Finding] = []
    for quote in draft_quotes(text, names):
        if any(quote_matches(quote.text, said) for said in story_quotes):
            continue
        shown = " ".join(quote.text.split())
        best = max(story_quotes, key=lambda s: _similarity(shown, s), default=None)
        if best is not None and _similarity(shown, best) >= 0.6:
            findings.append(Finding("facts", "error", quote.line, shown,
                                    "the quote is not word for word what the story says", best))  # fmt: skip
        else:
            findings.append(
                Finding(
                    "facts",
                    "error",
                    quote.line,
                    shown,
                    "no quote in the story says this; quote the story or drop the quotation marks",
                )
            )
    return findings


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, normalise(a).lower(), normalise(b).lower()).ratio()
