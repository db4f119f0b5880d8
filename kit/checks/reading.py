"""How a figure reads in its line: the words that say what it claims.

Shared by the story's side (`kit.checks.supports`, what each story figure is about) and the
draft's side (`kit.checks.line` and `kit.checks.claims`, what each draft figure claims), so both
read alike:
- `nouns_after`: the count nouns after a figure ("12 engineers", "36 production models"), and
  `counted_noun` the plural one right after it;
- `period_of`: the period a figure is per ("$120k a month", "annual savings of $960k");
- `direction_of`: the direction a change is given ("rose by", "400 ms lower", "95% less"), and
  `says_direction` whether a clause gives one at all;
- `own_words`: the comparatives of a change of money, time or a count ("cheaper", "faster", "fewer");
- `lemma` and `PERSON`: nouns compared without plurals, people words as one.
Every pattern is compiled once, here.
"""

from __future__ import annotations

import functools
import re

from kit import rx
from kit.checks.masking import folded, when_needed

PERIODS = ("day", "week", "month", "quarter", "year")
PER_YEAR = {"day": 365.0, "week": 52.0, "month": 12.0, "quarter": 4.0, "year": 1.0}

PERSON = "person"
_SYNONYMS = {
    "engineer": PERSON, "people": PERSON, "person": PERSON, "developer": PERSON, "dev": PERSON,
    "staff": PERSON, "member": PERSON, "scientist": PERSON, "sre": PERSON, "hire": PERSON,
    "fte": PERSON, "headcount": PERSON, "folk": PERSON, "teammate": PERSON, "employee": PERSON,
    "analyst": PERSON, "designer": PERSON, "researcher": PERSON, "contractor": PERSON,
    "deploy": "deployment", "release": "deployment", "rollout": "deployment",
    "outage": "incident", "sev": "incident", "page": "incident",
    "spend": "cost", "spending": "cost", "bill": "cost", "expense": "cost",
}  # fmt: skip
# Words that follow a number but are no noun of what it counts.
_NOT_NOUNS = {
    "a", "an", "and", "or", "to", "of", "in", "on", "at", "by", "for", "from", "per", "the", "than",
    "with", "is", "are", "was", "were", "that", "this", "each", "every", "out", "more", "fewer",
    "less", "new", "other", "extra", "additional", "different", "separate", "active", "live",
    "whole", "full", "total", "times", "as", "it", "we", "they", "our", "their", "its", "now", "then",
    "before", "after", "down", "up", "over", "under", "about", "so", "but", "while", "faster",
    "slower", "lower", "higher", "cheaper", "instead", "since", "until", "across", "between",
}  # fmt: skip

_WORD = rx.compile(r"[A-Za-z][A-Za-z'-]*")


@functools.lru_cache(maxsize=4096)
def lemma(word: str) -> str:
    """A noun without case or plural, people words as one: "Engineers" -> "person"."""
    word = word.lower().strip("'-")
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith(("sses", "ches", "shes", "xes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        word = word[:-1]
    return _SYNONYMS.get(word, word)


def nouns_after(text: str, limit: int = 3) -> tuple[str, ...]:
    """The lemmas of the first few words after a figure, up to punctuation or a number."""
    words: list[str] = []
    for token in text.split(maxsplit=limit + 1)[: limit + 1]:
        match = _WORD.fullmatch(token.rstrip(".,;:!?)"))
        if not match:
            break
        word = match.group(0).lower()
        if word not in _NOT_NOUNS:
            words.append(lemma(word))
        if token[-1:] in ".,;:!?)" or len(words) >= limit:
            break
    return tuple(words)


# A count above one is of a plural noun: the word right after it, if it ends in one "s" ("35 teams";
# not "35 across", "35 is", "35 run"), and is not one of these words that end so.
_PLURAL = rx.compile(r"\s([A-Za-z][A-Za-z-]*[a-rt-z]s)\b(?!['-])")
_NOT_PLURAL = {"was", "has", "does", "goes", "this", "its", "his", "thus", "perhaps", "yes", "always", "towards"}


def counted_noun(text: str) -> str | None:
    """The plural noun right after a count, as written ("teams" of "35 teams use it"), or None where
    the next word is none ("35 of them", "35 run in parallel", "35 concurrently")."""
    match = _PLURAL.match(text)
    if match is None or match.group(1).lower() in _NOT_NOUNS or match.group(1).lower() in _NOT_PLURAL:
        return None
    return match.group(1)


def content_words(text: str) -> set[str]:
    """The lemmas of a name's words that may identify it: "Deployment lead time" -> {deployment, lead, time}."""
    return set(content_lemmas(text))


@functools.lru_cache(maxsize=4096)  # a story's lines and names are read for each audience
def content_lemmas(text: str) -> frozenset[str]:
    """As `content_words`, frozen and remembered."""
    return frozenset(lemma(w) for w in _WORD.findall(text) if w.lower() not in _NOT_NOUNS and len(w) > 2)


# ---- periods ----------------------------------------------------------------------------

_PERIOD_UNITS = {"day": "day", "daily": "day", "week": "week", "wk": "week", "weekly": "week",
                 "month": "month", "mo": "month", "monthly": "month", "quarter": "quarter",
                 "quarterly": "quarter", "qtr": "quarter", "year": "year", "yr": "year", "annum": "year",
                 "yearly": "year", "annual": "year", "annually": "year", "annualised": "year",
                 "annualized": "year", "hour": "hour", "p.a": "year"}  # fmt: skip
_PERIOD_AFTER = when_needed(
    r"(?P<lead>\b\w+\s+)?(?:\b(?:per|a|an|each|every)\s+(?:single\s+)?|/\s?)"
    r"(?P<unit>day|week|wk|month|mo|quarter|qtr|year|yr|annum|hour)s?\b"
    r"|\b(?P<adv>daily|weekly|monthly|quarterly|yearly|annually|annualised|annualized|p\.a(?=\.|\s|$))",
    re.IGNORECASE,
)
_PERIOD_BEFORE = when_needed(
    r"\b(?P<adj>daily|weekly|monthly|quarterly|yearly|annual|annualised|annualized)\b", re.IGNORECASE
)
# "over a quarter", "in a year", "once a month": a span or a frequency, not a rate.
_NOT_RATE_LEAD = {"over", "for", "in", "within", "after", "than", "once", "twice", "of", "last", "next",
                  "that", "this", "the", "single", "first", "whole", "entire", "half"}  # fmt: skip
CLAUSE_END = rx.compile(r"[;:()—–]|,\s|\s(?:and|but|while|whereas|so)\s|\.\s|\.$")
# Every period word above has one of these in it (in lower case, as `folded` has it): the
# patterns ignore case, so they try every position, and most figures have no period.
_ANY_PERIOD = rx.compile(r"day|dail|week|wk|mo|quarter|qtr|year|yr|annu|hour|p\.")
_ANY_PERIOD_ADJECTIVE = rx.compile(r"daily|weekly|monthly|quarterly|yearly|annual")


def period_after(text: str) -> str | None:
    """The period a figure is per, from the words after it up to its clause's end."""
    text = text[:160]
    if not _ANY_PERIOD.search(folded(text)):
        return None
    end = CLAUSE_END.search(text)
    segment = text[: end.start()] if end else text
    for match in _PERIOD_AFTER().finditer(segment):
        if match.group("adv"):
            return _PERIOD_UNITS[match.group("adv").casefold()]
        lead = (match.group("lead") or "").strip().lower()
        if lead in _NOT_RATE_LEAD:
            continue
        return _PERIOD_UNITS[match.group("unit").casefold()]
    return None


def _last_clause(text: str) -> tuple[list[int], str]:
    """Where each clause of `text` ends, and its last clause: the one a figure after it is in."""
    starts = [m.end() for m in CLAUSE_END.finditer(text)]
    return starts, text[starts[-1] :] if starts else text


def period_before(text: str) -> str | None:
    """A period adjective earlier in the figure's clause: "monthly spend fell from $210k"."""
    text = text[-160:]
    if not _ANY_PERIOD_ADJECTIVE.search(folded(text)):
        return None
    _, segment = _last_clause(text)
    found = _PERIOD_BEFORE().findall(segment)
    return _PERIOD_UNITS[found[-1].casefold()] if found else None


# "Each year we spend $31k", "spend per quarter fell from $84k": a period named ahead of a figure
# in its clause, as a noun after "per", "each" or "every".
_PERIOD_LEAD = when_needed(
    r"\b(?:per|each|every)\s+(?:single\s+)?(?P<unit>day|week|month|quarter|year|hour)\b", re.IGNORECASE
)
# "Annual egress spend: $31k", "Egress spend (yearly): $31k": what a label before its colon says,
# back to its sentence's start. Only read when nothing but markup is between the colon and the figure.
_LABEL = rx.compile(r"(?:^|[.!?]\s)(?P<label>[^.!?:]{1,80}):[\s*_]*$")


def period_ahead(text: str) -> str | None:
    """The period a draft names ahead of a figure other than by an adjective of its clause
    (`period_before`): "each year we spend", "spend per quarter fell from", a label's "Annual spend:".

    The draft's side only: a story states its periods in its metrics, and its own prose is read
    as before.
    """
    text = text[-160:]
    if not _ANY_PERIOD.search(folded(text)):
        return None
    starts, segment = _last_clause(text)
    leads = _PERIOD_LEAD().findall(segment)
    if leads:
        return _PERIOD_UNITS[leads[-1].casefold()]
    if starts and not segment.strip(" *_$€£¥₹") and text[: starts[-1]].rstrip(" *_").endswith(":"):
        label = _LABEL.search(text[: starts[-1]].rstrip(" *_"))
        if label:
            said = label.group("label")
            found = _PERIOD_BEFORE().findall(said) or _PERIOD_LEAD().findall(said)
            return _PERIOD_UNITS[found[-1].casefold()] if found else None
    return None


# ---- direction --------------------------------------------------------------------------

UP, DOWN, BETTER, WORSE, FASTER, SLOWER = "up", "down", "better", "worse", "faster", "slower"
_UP_WORDS = (
    "rose", "risen", "rise", "rises", "rising", "grew", "grown", "grow", "grows", "growing", "increased",
    "increase", "increases", "increasing", "up", "higher", "more", "climbed", "climb", "climbs", "jumped",
    "jump", "jumps", "gained", "gain", "gains", "raised", "boosted", "added", "doubled", "tripled",
    "quadrupled", "expanded", "longer", "larger", "bigger", "greater", "spiked", "surged", "soared", "ballooned",
    "lifted", "lift", "lifts",
)  # fmt: skip
_DOWN_WORDS = (
    "fell", "fallen", "fall", "falls", "falling", "dropped", "drop", "drops", "cut", "cuts", "decreased",
    "decrease", "decreases", "reduced", "reduce", "reduces", "reduction", "down", "lower", "less", "fewer",
    "shrank", "shrunk", "shrink", "shrinks", "halved", "declined", "decline", "declines", "slashed", "shaved",
    "trimmed", "saved", "saving", "savings", "shorter", "smaller", "plunged", "plummeted", "eliminated", "lowered",
    "cheaper",
)  # fmt: skip
_DIRECTION_WORDS = {
    **dict.fromkeys(_UP_WORDS, UP),
    **dict.fromkeys(_DOWN_WORDS, DOWN),
    **dict.fromkeys(["improved", "improves", "improvement", "improvements", "better"], BETTER),
    **dict.fromkeys(["worse", "worsened", "regressed", "regression", "degraded"], WORSE),
    **dict.fromkeys(["faster", "quicker", "sooner"], FASTER),
    **dict.fromkeys(["slower"], SLOWER),
}
# Between a direction word and its figure ("rose by about", "cut the bill by").
_LINK = {"by", "about", "roughly", "around", "nearly", "almost", "some", "a", "an", "the", "just", "only",
         "another", "over", "than", "of", "fully", "exactly", "approximately", "had", "has", "have",
         "been", "was", "is", "it", "them", "costs", "cost", "bill", "time", "spend"}  # fmt: skip
_HEDGE_PAIRS = rx.compile(r"\b(?:up|down)\s+to\s*$|\b(?:more|less|fewer)\s+than\s*$", re.IGNORECASE)


_PARENTHESES = rx.compile(r"\([^()]*\)")
_VERB_OBJECT_BY = when_needed(
    r"\b(?P<verb>cut|cuts|reduced|reduces|lowered|slashed|trimmed|shaved|raised|raises|increased|increases|"
    r"boosted|lifted|grew|improved)\b(?:\s+\S+){1,10}?\s+by\s+(?:about\s+|roughly\s+|nearly\s+|almost\s+|over\s+)?$",
    re.IGNORECASE,
)
_BY_ENDS = ("by", "about", "roughly", "nearly", "almost", "over")  # the words a verb's "by" may end with
# A period between a figure and the word that says what it is: "$4k a month cheaper", "$40k a year lower".
PERIOD_BETWEEN = r"(?:a|an|per|each)\s+(?:day|week|month|quarter|year|hour)\s+"
# "400 ms lower", "a 39% drop", "$4k a month cheaper".
_DIRECTION_AFTER = rx.compile(rf"^\s*(?:(?:of|in)\s+|{PERIOD_BETWEEN})?(?P<w>[A-Za-z]+)(?:\s+(?P<v>[A-Za-z]+))?")


def direction_before(text: str) -> str | None:
    """A direction word right before a figure, across a few linking words: "fell by about"."""
    text = _PARENTHESES.sub(" ", text[-120:])  # "latency (p99) by": an aside is no boundary
    if _HEDGE_PAIRS.search(text[-20:]):
        return None  # "up to 40%", "more than 20×" are hedges
    starts = [m.end() for m in CLAUSE_END.finditer(text)]
    segment = text[starts[-1] :] if starts else text
    words = [w.lower() for w in _WORD.findall(segment)[-5:]]
    for word in reversed(words):
        if word in _DIRECTION_WORDS:
            return _DIRECTION_WORDS[word]
        if word not in _LINK:
            break
    if not folded(segment).rstrip().endswith(_BY_ENDS):
        return None
    verb = _VERB_OBJECT_BY().search(segment[-160:])  # "cut the p95 latency by", "raised recall by"
    return _DIRECTION_WORDS.get(verb.group("verb").lower()) if verb else None


# ---- the kind a comparative belongs to --------------------------------------------------

# What a change of each kind is said with, down then up: "cheaper" is money's, "faster" time's.
_OWN_WORDS = {
    "money": ('"cheaper" or "lower"', '"more expensive" or "higher"'),
    "time": ('"faster" or "shorter"', '"slower" or "longer"'),
    "count": ('"fewer" or "lower"', '"more" or "higher"'),
}
_UPWARD = ("pricier", "costlier", "more expensive", "slower")


def own_words(kind: str, word: str) -> str:
    """What to say of a change of `kind` ("money", "time" or "count") where a draft said another kind's
    `word`, the same way: "cheaper" of a duration is "faster" or "shorter"."""
    return _OWN_WORDS[kind][word in _UPWARD]


_CHANGE_WORDS = frozenset({"from", "went", "go", "goes", "gone", "moved", "changed", "shifted", "turned"})


def says_direction(text: str) -> bool:
    """Whether the last clause of a text has a direction word, "from" or a verb of change anywhere in
    it ("Recall rose from", "we raised recall", "models went"): what comes next is a change or its
    ends, not a span of values."""
    _, segment = _last_clause(text[-120:])
    return any(w in _DIRECTION_WORDS or w in _CHANGE_WORDS for w in map(str.lower, _WORD.findall(segment)))


def direction_after(text: str) -> str | None:
    """A direction word right after a figure: "400 ms lower", "95% less time", "a 39% drop"."""
    match = _DIRECTION_AFTER.match(text)
    if not match:
        return None
    first = match.group("w").lower()
    return _DIRECTION_WORDS.get(first)
