"""Quotes in a draft: each matches a story quote word for word.

Quotes are Markdown blockquotes, and quoted text of four words or more attributed to
someone (a verb of saying near it, a dash and a name after it, or a name of the story's
people around it). A quote matches when it is the story's quote, or an excerpt of whole
words, or excerpts joined by "..." (each of three words or more), after quote marks,
dashes, spacing and Markdown marks are made the same (`normalise`). A near miss (60%
similar) reports the story's wording; anything else is a quote the story does not have.
A quote of the story's is given to the person who said it (`check_speakers`): the name in
its attribution line ("— Name, Role"), the line before a blockquote ("As Name put it:") or
its own sentence ("..., says Name") must be the speaker's. These are facts errors.
"""

from __future__ import annotations

import difflib
import functools
import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kit import rx
from kit.checks.masking import prose, when_needed
from kit.checks.report import Finding
from kit.story import Story


@dataclass(frozen=True)
class DraftQuote:
    """Quoted words in a draft, and the line they start on."""

    text: str
    line: int


_STRAIGHT = {"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'",
             "–": "-", "—": "-", "\u200b": "", "\u00a0": " "}  # fmt: skip
QUOTE_CHARS = str.maketrans(_STRAIGHT)


def straighten(text: str) -> str:
    """`text.translate(QUOTE_CHARS)`, fast for a whole draft: translate looks up every character."""
    for curly, straight in _STRAIGHT.items():
        if curly in text:
            text = text.replace(curly, straight)
    return text


_ATTRIBUTION_LINE = rx.compile(r"^\s*(?:[-–—~]{1,2}|―)\s*\S")
_INLINE_QUOTE = rx.compile(r"[\"“](?P<q>[^\"“”\n]{12,}?)[\"”]")
_SAID = rx.compile(
    r"\b(?:said|says|say|told|tells|explains?|explained|recalls?|recalled|notes?|noted|adds?|added|"
    r"puts? it|according to|wrote|writes|remembers?|admits?|admitted)\b",
    re.IGNORECASE,
)


def normalise(text: str) -> str:
    """Quote text compared word for word: same quote marks, dashes and spacing, no Markdown marks."""
    text = html.unescape(text).translate(QUOTE_CHARS)
    # Angle brackets are spaces on both sides: a draft shows a quote's "<b>" escaped ("&lt;b>"), and
    # what the check reads of it keeps only "b>".
    text = text.replace("<", " ").replace(">", " ") if "<" in text or ">" in text else text
    text = re.sub(r"\\(.)", r"\1", text)  # Markdown escapes
    text = re.sub(r"(\*\*|__|\*|_)(?=\S)|(?<=\S)(\*\*|__|\*|_)", "", text)
    text = " ".join(text.split()).replace("…", "...")
    return text.strip(" \"'").rstrip(".,;:").strip(" \"'")


_BLOCKQUOTE = rx.compile(r"^\s{0,3}>\s?(.*)$")
_IN_BLOCKQUOTE = rx.compile(r"^\s{0,3}>")
_DASH_AFTER = rx.compile(r"\s*[,.]?\s*[—–-]{1,2}\s*[A-Z]")


def draft_quotes(text: str, names: Iterable[str] = ()) -> list[DraftQuote]:
    """Blockquotes (attribution lines dropped), and quoted runs of 4+ words attributed to someone."""
    return list(_draft_quotes(text, tuple(names)))


@functools.lru_cache(maxsize=16)  # the quote checks of one draft each read its quotes
def _draft_quotes(text: str, names: tuple[str, ...]) -> tuple[DraftQuote, ...]:
    masked = prose(text)
    lines = masked.split("\n")
    quotes: list[DraftQuote] = []
    block: list[str] = []
    start = 0
    for number, line in enumerate([*lines, ""], start=1):
        match = _BLOCKQUOTE.match(line) if ">" in line else None  # every blockquote line has its ">"
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
        if '"' not in line and "“" not in line:
            continue  # every quoted run `_INLINE_QUOTE` finds opens with one of these marks
        if _IN_BLOCKQUOTE.match(line):
            continue
        for match in _INLINE_QUOTE.finditer(line):
            words = match.group("q").split()
            if len(words) >= 4 and _attributed(line, match.start(), match.end(), people):
                quotes.append(DraftQuote(match.group("q"), number))
    return tuple(quotes)


def _attributed(line: str, start: int, end: int, names: Sequence[str]) -> bool:
    around = line[max(0, start - 80) : start] + " " + line[end : end + 80]
    if _SAID.search(around) or _DASH_AFTER.match(line[end:]):
        return True
    return any(part in around for name in names for part in name.split() if len(part) > 2)


def quote_matches(draft: str, story: str) -> bool:
    """Word for word: the whole quote, an excerpt of whole words, or excerpts joined by "..."."""
    return _quote_matches(draft, story)


# A draft's quotes are compared with its story's by three checks (`check_quotes`, `check_speakers`,
# `kit.checks.visibility.internal_quotes`), and a story's drafts quote it alike.
@functools.lru_cache(maxsize=1024)
def _quote_matches(draft: str, story: str) -> bool:
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


# ---- who said it ------------------------------------------------------------------------

_SAYING = (
    r"(?:said|says|say|told|tells|explains?|explained|recalls?|recalled|notes?|noted|adds?|added|put it|puts it|"
    r"wrote|writes|remembers?|admits?|admitted|according to)"
)
_NAME = r"(?:[A-Z][a-z'’-]+|[A-Z]\.)(?:\s+(?:[A-Z][a-z'’-]+|[A-Z]\.)){0,2}"
_NAME_AFTER_VERB = when_needed(rf"\b{_SAYING}\s+(?P<name>{_NAME})")
_NAME_BEFORE_VERB = when_needed(rf"(?P<name>{_NAME})\s+(?:once\s+|later\s+|then\s+)?{_SAYING}\b")
_DASH_NAME = when_needed(rf"^\s*(?:>\s*)*[-–—―~]{{1,2}}\s*(?P<name>{_NAME})")
_NOT_NAMES = {"as", "the", "we", "our", "it", "this", "that", "one", "she", "he", "they", "then", "when", "in",
              "and", "but", "so", "a", "an", "what", "how", "who", "everyone", "nobody", "someone"}  # fmt: skip


def _name_tokens(name: str) -> set[str]:
    return {p.lower().strip(".,") for p in name.split() if len(p.strip(".,")) > 2}


_ROLE_WORDS = {
    "engineer", "engineers", "scientist", "manager", "director", "lead", "head", "vp", "chief", "officer", "data",
    "senior", "staff", "principal", "team", "platform", "product", "engineering", "operations", "analyst",
    "designer", "developer", "architect", "founder", "ceo", "cto", "cfo", "president", "member", "customer",
    "user", "our", "their", "one", "an", "a", "the", "anonymous", "internal", "survey", "respondent",
}  # fmt: skip


def _named(text: str, people: Sequence[str], role: str = "") -> tuple[set[str], list[str]]:
    """(story people named in text, other people's names next to a verb of saying or a dash).

    A dash line that gives a role ("— Data Scientist, Acme") names nobody.
    """
    words = {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", text)}
    found = {p for p in people if _name_tokens(p) & words}
    role_words = {w.lower() for w in re.findall(r"[A-Za-z]+", role)} | _ROLE_WORDS
    others: list[str] = []
    for pattern in (_NAME_AFTER_VERB, _NAME_BEFORE_VERB, _DASH_NAME):
        for match in pattern().finditer(text):
            parts = [p for p in match.group("name").split() if p.lower() not in _NOT_NAMES]
            if parts and not any(p.lower().strip(".") in role_words for p in parts):
                others.append(" ".join(parts))
    return found, others


def check_speakers(text: str, stories: Sequence[Story], people: Sequence[str]) -> list[Finding]:
    """Facts errors for a story's quote given to someone other than the person who said it."""
    quotes = [q for st in stories for q in st.meta.quotes]
    if not quotes:
        return []
    lines = straighten(prose(text)).split("\n")
    findings: list[Finding] = []
    for quote in draft_quotes(text, people):
        said = next((q for q in quotes if quote_matches(quote.text, q.text)), None)
        if said is None:
            continue
        attribution = _attribution(lines, quote.line, quote.text)
        found, others = _named(attribution, people, said.role)
        own = _name_tokens(said.by)
        if any(_name_tokens(p) & own for p in found):
            given = _given_role(attribution, said.by)
            if given and said.role and not _same_role(given, said.role):
                findings.append(Finding("facts", "error", quote.line, given,
                                        f"the story gives {said.by}'s role as {said.role}, not {given}",
                                        f"{said.by}, {said.role}"))  # fmt: skip
            continue
        wrong = sorted(p for p in found if not _name_tokens(p) & own) or [
            o for o in others if not _name_tokens(o) & own
        ]
        if wrong:
            findings.append(Finding("facts", "error", quote.line, " ".join(quote.text.split()),
                                    f"the story gives this quote to {said.by}, not {wrong[0]}", said.by))  # fmt: skip
    return findings


def _given_role(attribution: str, name: str) -> str:
    """The role an attribution gives its speaker: "— Keiko Tanaka, VP of Engineering" or "Keiko Tanaka
    (VP of Engineering)"; "" when it gives none."""
    at = attribution.find(name)
    while at >= 0:  # as a search for the name and then the role: the first place the name has one
        match = _ROLE_AFTER_NAME.match(attribution, at + len(name))
        if match is not None:
            return " ".join((match.group("comma") or match.group("paren") or "").split()).strip(" .")
        at = attribution.find(name, at + 1)
    return ""


_ROLE_AFTER_NAME = rx.compile(r"\s*(?:,\s*(?P<comma>[^,()\n—:;\"“”]+)|\((?P<paren>[^()\n]+)\))")


def _same_role(given: str, role: str) -> bool:
    """Whether the role said is the story's, in its words or a part of them ("Staff ML Engineer, Acme"
    gives "Staff ML Engineer"; "Principal Engineer" is not "VP of Engineering")."""
    said, own = given.casefold(), " ".join(role.split()).casefold().strip(" .")
    return said in own or own in said


def _attribution(lines: Sequence[str], start: int, quoted: str) -> str:
    """The words that say who speaks: a blockquote's dash line (or the line after it), or the
    quote's own line without the quoted words."""
    line = lines[start - 1]
    if _IN_BLOCKQUOTE.match(line):
        parts: list[str] = []
        number = start - 1
        while number < len(lines) and _IN_BLOCKQUOTE.match(lines[number]):
            if _DASH_NAME().match(lines[number]):
                parts.append(lines[number])
            number += 1
        while number < len(lines) and not lines[number].strip() and len(parts) == 0 and number < start + 40:
            number += 1
            if number < len(lines) and _DASH_NAME().match(lines[number]):
                parts.append(lines[number])
                break
        if not parts and number < len(lines) and _DASH_NAME().match(lines[number]):
            parts.append(lines[number])
        previous = next((lines[n] for n in range(start - 2, max(-1, start - 4), -1) if lines[n].strip()), "")
        if not parts and previous.rstrip().endswith(":"):
            parts.append(previous)  # "As Dana Ortiz put it:" before the blockquote
        return "\n".join(parts)
    flat = " ".join(quoted.split())
    position = " ".join(line.split()).find(flat[:30])
    squeezed = " ".join(line.split())
    if position >= 0:
        return squeezed[:position] + " " + squeezed[position + len(flat) :]
    return squeezed
