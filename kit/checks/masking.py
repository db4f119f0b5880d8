"""What a reader reads as prose, and which of its numbers are no claims.

`prose(text)` blanks out, with spaces so that lines and columns stay put, everything a
reader does not read as prose: front matter, fenced and inline code, HTML comments and tags,
link and image targets, reference definitions, footnote marks, URLs and e-mail addresses.
Every check reads a draft through it.

`mask_non_claims(text, names)` also blanks the numbers that are not claims, as
`kit.checks.figures` lists them: dates, years standing alone, list and heading numbering
and versions (any number after one of `names`, the story's tools, too).

Both are read fast: each pattern runs only where a cheap test finds what every match of it
needs, the patterns that rarely run are compiled when first needed (`when_needed`), and a
text read before is remembered. `folded` is a text in lower case as `re.IGNORECASE` reads it,
for word lists looked up in place of patterns that ignore case.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable

from kit import frontmatter, rx

# Duration units and currency codes as the figure reader reads them (`kit.checks.figures`):
# a number with one is a figure, never a year or a version ("2030 hours", "USD 1.5").
DURATION_WORDS = (
    r"milliseconds?|msecs?|ms|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|wks?"
    r"|months?|mos?|years?|yrs?"
)
CURRENCY_CODES = "USD|EUR|GBP|JPY|INR|CHF|CAD|AUD|NZD|SEK|NOK|DKK|PLN|CZK|CNY|HKD|SGD|KRW|BRL|MXN|ZAR|ILS|AED"


Compiled = Callable[[], re.Pattern[str]]


def when_needed(pattern: str, flags: int = 0) -> Compiled:
    """A pattern compiled the first time it is asked for (`pattern()`), not when kit starts.

    For patterns that run only where a cheap test says they may match (their need): most texts
    never need them, and compiling them all costs every start of kit, `kit check` of one draft too.
    """
    return functools.cache(functools.partial(rx.compile, pattern, flags))


def _blank(match: re.Match[str]) -> str:
    """Spaces for every character but newlines, so offsets and lines stay put."""
    found = match.group(0)
    return "\n".join(" " * len(part) for part in found.split("\n")) if "\n" in found else " " * len(found)


# The only non-ASCII letters `re.IGNORECASE` takes for ASCII ones ("ſ" for "s", the Kelvin sign for "k").
_ASCII_TWINS = "\u0130\u0131\u017f\u212a"  # İ ı ſ and the Kelvin sign
_TO_ASCII = str.maketrans(_ASCII_TWINS, "iisk")


def folded(text: str) -> str:
    """The text in lower case, letter for letter as `re.IGNORECASE` compares them; offsets kept.

    A word list looked up in it finds every word a case-insensitive pattern could match.
    """
    if not text.isascii() and any(twin in text for twin in _ASCII_TWINS):
        text = text.translate(_TO_ASCII)  # also keeps "İ" one character: lower() makes it two
    return text.lower()


# What every match of a pattern needs, found fast: a string, or a pattern that starts with a
# character or a class of them, which the regex engine skips ahead to. Patterns that start with a
# look-behind or `\b`, or ignore case, try every position of a text, so each runs only where its
# need is met: most drafts have no code, URL, date or version at all. A need is looked for in the
# text as the pattern before it left it (blanking can join a space to what follows).
_Need = str | re.Pattern[str]


def _has(need: _Need, text: str) -> bool:
    return need in text if isinstance(need, str) else need.search(text) is not None


_FENCE = when_needed(r"^[ \t]*(```+|~~~+)[^\n]*\n.*?(?:^[ \t]*\1[ \t]*$|\Z)", re.DOTALL | re.MULTILINE)
_COMMENT = when_needed(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_INLINE_CODE = when_needed(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
_LINK_TARGET = when_needed(r"(?<=\])\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)")
_REFERENCE = when_needed(r"^[ \t]{0,3}\[[^\]]+\]:[ \t]*\S+.*$", re.MULTILINE)
_FOOTNOTE = when_needed(r"\[\^[^\]]+\]|\[\d+\](?!\()")
_URL = when_needed(r"<?\b(?:https?://|ftp://|mailto:|www\.)[^\s<>()\]]*[^\s<>()\].,;:!?'\"]>?", re.IGNORECASE)
_EMAIL = when_needed(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_HTML_TAG = when_needed(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_HTML_ENTITY = when_needed(r"&#?\w+;")


# What each needs, in lower case: blanking adds no other character, so the text's are looked for once.
_NOT_PROSE: list[tuple[tuple[str, ...], Compiled]] = [
    (("```", "~~~"), _FENCE), (("<!--",), _COMMENT), (("`",), _INLINE_CODE), (("](",), _LINK_TARGET),
    (("]:",), _REFERENCE), (("[",), _FOOTNOTE), (("://", "mailto:", "www."), _URL), (("@",), _EMAIL),
    (("<",), _HTML_TAG), (("&",), _HTML_ENTITY),
]  # fmt: skip


@functools.lru_cache(maxsize=64)  # every check of a draft reads it through here: read it once
def prose(text: str) -> str:
    """The text with everything a reader does not read as prose blanked out, lines kept.

    Front matter, fenced code, HTML comments, inline code, link and image targets,
    reference definitions, footnote marks, URLs, e-mail addresses and HTML tags.
    """
    text = frontmatter.blank(text)
    lower = folded(text)
    for needs, pattern in _NOT_PROSE:
        if any(need in lower for need in needs):
            text = pattern().sub(_blank, text)
    return text


_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_YEAR = r"(?:199\d|20\d\d|2100)"
_MONTH_NAME = rx.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")
# `\b{_MONTH}` written so that the regex engine skips ahead to a month's first letter: a
# pattern that starts with `\b` is tried at every position of a text. Its three letters come
# first, then "no word character right before them" (which is what `\b` before a letter says:
# the look-behind spans that character and the three letters, and at a text's start it has
# nothing to match), then the rest of the name, after the three letters that begin it.
_MONTH_ENDINGS = {"Jan": "uary", "Feb": "ruary", "Mar": "ch", "Apr": "il", "Jun": "e", "Jul": "y",
                  "Aug": "ust", "Sep": "t(?:ember)?", "Oct": "ober", "Nov": "ember", "Dec": "ember"}  # fmt: skip
_MONTH_AT_WORD = (
    rf"(?:{_MONTH_NAME.pattern})(?<!\w...)"
    + "(?:" + "|".join(f"(?<={start}){ending}" for start, ending in _MONTH_ENDINGS.items()) + r")?\.?"
)  # fmt: skip
# Each need starts with a character the regex engine skips ahead to ("-", ":", a capital...).
_NOT_CLAIMS: list[tuple[_Need, tuple[Compiled, ...]]] = [
    # ISO dates and date-times, slashed dates, fractions such as 24/7, times of day
    (
        rx.compile(r"-\d\d-"),
        (when_needed(r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b"),),
    ),
    ("/", (when_needed(r"(?<![\d.])\b\d{1,4}(?:/\d{1,4})+\b"),)),  # not "4.6/5", a score
    (rx.compile(r":\d\d"), (when_needed(r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]\.?m\.?)?\b", re.IGNORECASE),)),
    # "September 30, 2026", "Sep 30th", "30 September 2026", "September 2026", "mid-2025"
    (
        _MONTH_NAME,
        (
            when_needed(rf"{_MONTH_AT_WORD}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+{_YEAR}\b)?"),
            # `\b\d{1,2}` as the engine skips ahead to: a digit with no word character before it
            when_needed(rf"\d(?<!\w\d)\d?(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR}\b)?"),
            when_needed(rf"{_MONTH_AT_WORD}\s*(?:[–—-]\s*{_MONTH}\s*)?,?\s+{_YEAR}\b"),
        ),
    ),
    # quarters, halves and fiscal years: "Q3 2026", "Q3 '26", "H1 2026", "FY2026", "FY26"
    (rx.compile(r"[QH][1-4]"), (when_needed(rf"\b(?:Q[1-4]|H[12])(?:\s*(?:{_YEAR}|'\d\d)\b)?"),)),
    ("FY", (when_needed(r"\bFY\s?'?(?:\d{4}|\d{2})\b"),)),
    # list numbering and heading numbering at the start of a line
    (
        rx.compile(r"[.)](?<=\d[.)])[ \t]"),
        (when_needed(r"^[ \t]*(?:[>][ \t]*)*(?:[-*+][ \t]+)?\d{1,3}[.)](?=[ \t])", re.MULTILINE),),
    ),
    (
        rx.compile(r"#[ \t]+\d"),
        (when_needed(r"^[ \t]{0,3}#{1,6}[ \t]+(?:\d{1,3}(?:\.\d{1,3})*[.):]?)(?=[ \t])", re.MULTILINE),),
    ),
    # versions: v2.1, 1.2.3, and a capitalised name followed by a dotted number (Python 3.11)
    (rx.compile(r"[vV]\d"), (when_needed(r"\b[vV]\d+(?:\.\d+)*\b"),)),
    (rx.compile(r"\.\d+\.\d"), (when_needed(r"\b\d+\.\d+\.\d+(?:[-.+]\w+)*\b"),)),
]


# Years standing alone, and ranges of years: "in 2025", "2024–2026" (not "2025 deploys").
YEAR_DIGITS = rx.compile(_YEAR)  # what every YEAR has; it scans fast, YEAR does not
YEAR = when_needed(
    rf"(?<![\w$€£¥₹.,]){_YEAR}(?:\s*[–—-]\s*(?:{_YEAR}|\d\d))?(?![\w%×]|[.,]\d|\s*(?:%|×|percent|k\b|[MB]\b|{DURATION_WORDS}))"
)
# Words and marks right before a year that make it read as a date ("in 2025", "fiscal 2026", "(2024").
_DATE_CUES = frozenset({
    "in", "since", "by", "until", "till", "from", "through", "during", "before", "after", "early", "late", "mid",
    "of", "for", "the", "our", "their", "its", "this", "last", "next", "each", "every", "fiscal", "calendar",
    "spring", "summer", "autumn", "fall", "winter", "end", "start", "between", "and", "to",
})  # fmt: skip
_DATE_CUE_MARKS = ("-", "–", "—", "(")
_LAST_WORD = rx.compile(r"\w+\Z")
_PLURAL_AFTER = when_needed(r"^\s+(?:[a-z]+[- ])?[a-z]{2,}s\b(?<!ss)")
_NOT_PLURALS = {"was", "is", "has", "as", "this", "its", "his", "us", "always", "thus", "perhaps", "yes", "less"}


def is_count_not_year(before: str, after: str) -> bool:
    """ "2040 users": a year-like number before a plural noun, with no date word before it."""
    if _ends_with_date_cue(before[-40:]):
        return False
    match = _PLURAL_AFTER().match(after)
    return match is not None and match.group(0).split()[-1] not in _NOT_PLURALS


def _ends_with_date_cue(text: str) -> bool:
    r"""Whether a text ends with a date word or mark of `_DATE_CUES`, spaces aside.

    What `(?:\b(?:in|since|...)|[-–—(])\s*$` finds, ignoring case, without compiling that long
    alternation: once the spaces are stripped (`\s` is what `str.rstrip` strips), the text ends
    with a mark, or with a word of the list that starts at a `\b`: the whole run of word
    characters that ends the text, compared as `re.IGNORECASE` compares (`folded`).
    """
    text = text.rstrip()
    if text.endswith(_DATE_CUE_MARKS):
        return True
    last = _LAST_WORD.search(text)
    return last is not None and folded(last.group(0)) in _DATE_CUES


def _blank_year(text: str) -> str:
    def blank(match: re.Match[str]) -> str:
        line_start = text.rfind("\n", 0, match.start()) + 1
        if is_count_not_year(text[line_start : match.start()], text[match.end() : match.end() + 40]):
            return match.group(0)
        return _blank(match)

    return YEAR().sub(blank, text)


# "Python 3.11", "Kubernetes 1.29": a capitalised name, then a dotted number with no unit.
_NAMED_VERSION = when_needed(
    rf"\b(?P<name>[A-Z][A-Za-z+#]+) (?P<version>\d+\.\d+)(?![\d%×]|[.,]\d|\s*(?:%|×|x\b|percent|pp\b|[kKMB]\b|(?:{DURATION_WORDS})\b))"  # noqa: E501
)
_NAMED_VERSION_NEED = rx.compile(r"[A-Z][A-Za-z+#]+ \d+\.\d")
# "Java 21", "Node 20.": a capitalised name, then a whole number that ends the clause.
_CLAUSE_ENDS = r"(?=\s*(?:[,;:!?)]|\.(?!\d)|$)|\s+(?:and|or|with|on|in|for|runs?|LTS|support)\b)"
# It starts with look-arounds, so it is tried at every position: the first two, which every
# match meets (a name is letters, "+" and "#", then a space and a digit), fail fast at most.
_NAMED_RELEASE = when_needed(
    r"(?=[A-Za-z])\b(?=[A-Za-z+#]+ \d)(?<![.!?:]\s)(?<!^)"
    r"(?P<name>[A-Z][A-Za-z+#]*[a-z+#][A-Za-z+#]*|[a-z]+[A-Z][A-Za-z+#]*"
    r"|(?!(?:ROI|SLA|SLO|NPS|KPI|OKR|MAU|DAU|ARR|MRR|TCO|FTE|QPS|RPS|CPU|GPU|RAM)\b)[A-Z]{2,6})"
    r" (?P<version>\d{1,3})" + _CLAUSE_ENDS,
    re.MULTILINE,
)
# Every name above has a capital letter, and letters only after its last one.
_NAMED_RELEASE_NEED = rx.compile(r"[A-Z][A-Za-z+#]* \d{1,3}" + _CLAUSE_ENDS, re.MULTILINE)
# Labels and ordinals by number: "Part 2", "step three", "Chapter 7", "Phase 2".
_LABELS = (
    r"part|step|chapter|phase|stage|section|figure|fig\.|table|slide|appendix|lesson|module|"
    r"episode|act|round|sprint|level|tier|milestone|iteration|item|page|no\.|number|track|room|gate|wave"
)
_LABEL_NUMBERS = r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
_LABEL = when_needed(
    rf"\b(?:{_LABELS})\s+(?P<n>\d{{1,3}}[a-z]?|{_LABEL_NUMBERS})\b(?![.,]\d)"
    r"(?!\s*(?:%|×|percent|(?:" + DURATION_WORDS + r")\b))",
    re.IGNORECASE,
)


def _by_first_letter(words: str) -> str:
    """An alternation of words grouped by their first letter: "p(?:art|hase)|s(?:tep)" for "part|phase|step".

    The same words, but at a letter the regex engine tries the one group that starts with it,
    not every word in turn.
    """
    groups: dict[str, list[str]] = {}
    for word in words.split("|"):
        groups.setdefault(word[0], []).append(word[1:])
    return "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())


# In the folded text. Only whether it is found anywhere is asked, which the order of the words cannot change.
_LABEL_NEED = rx.compile(rf"(?:{_by_first_letter(_LABELS)})\s+(?:\d|{_LABEL_NUMBERS})")
_NOT_NAMES = {
    "from", "to", "about", "over", "only", "just", "with", "by", "in", "at", "of", "and", "or",
    "the", "under", "nearly", "almost", "around", "roughly", "up", "down", "now", "then",
    "before", "after", "was", "is", "took", "takes", "were", "are", "saved", "cut", "reached",
}  # fmt: skip


def _blank_version(match: re.Match[str]) -> str:
    if match.group("name").lower() in _NOT_NAMES or match.group("name") in CURRENCY_CODES.split("|"):
        return match.group(0)
    return match.group("name") + " " + " " * len(match.group("version"))


def _blank_releases(text: str) -> str:
    r"""`_NAMED_RELEASE().sub(_blank_version, text)`, tried only in the lines where its need is found.

    The pattern starts with look-arounds, so it is tried at every position of a text, and the
    texts that need it are long ones with a release or two. Each of its matches lies in one
    line (a name, a space and digits) whose need is found there too (from the name's first
    capital), so no other line has one. A line is read with the whole text around it: its
    look-behinds see the line before, and what its look-ahead reads past the line's end
    (`\s*$` meets the line's end first) changes nothing.
    """
    pieces: list[str] = []
    done = 0  # the text up to here is in `pieces`
    line_end = -1
    for need in _NAMED_RELEASE_NEED.finditer(text):
        if need.start() <= line_end:
            continue  # its line is read (a need never starts at a line's end; an empty one may)
        line_start = text.rfind("\n", 0, need.start()) + 1
        line_end = text.find("\n", need.start())
        line_end = len(text) if line_end == -1 else line_end
        for match in _NAMED_RELEASE().finditer(text, line_start, line_end):
            pieces += [text[done : match.start()], _blank_version(match)]
            done = match.end()
    return "".join([*pieces, text[done:]]) if pieces else text


def mask_non_claims(text: str, names: Iterable[str] = ()) -> str:
    """Prose with dates, years, list and heading numbers and versions blanked out too.

    A number right after one of `names` (the story's tools: "Postgres 16") is a version.
    """
    return _masked(text, tuple(sorted({n for n in names if n.strip()}, key=len, reverse=True)))


# Large enough for every text of a story and its drafts: the story's texts are read again for
# each audience and each of its drafts.
@functools.lru_cache(maxsize=1024)
def _masked(text: str, names: tuple[str, ...]) -> str:
    text = prose(text)
    for need, patterns in _NOT_CLAIMS:
        if _has(need, text):  # a need has no space: blanking by its first pattern cannot make it
            for pattern in patterns:
                text = pattern().sub(_blank, text)
    if YEAR_DIGITS.search(text):
        text = _blank_year(text)
    if _NAMED_VERSION_NEED.search(text):
        text = _NAMED_VERSION().sub(_blank_version, text)
    text = _blank_releases(text)
    if _LABEL_NEED.search(folded(text)):
        text = _LABEL().sub(lambda m: m.group(0)[: m.start("n") - m.start()] + " " * len(m.group("n")), text)
    for name in names:
        if name in text:
            text = re.sub(rf"(?<=\b{re.escape(name)}[ -])v?\d+(?:\.\d+)*\b", _blank, text)
    return text
