"""Text helpers the kinds share: lessons as points, and fitting text to a limit by whole sentences."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from typing import Any

from kit import rx


def lesson_points(ctx: dict[str, Any]) -> list[str]:
    """The story's lessons as one line each, from the Lessons section's list."""
    lessons = ctx["sections"].get("lessons")
    return [takeaway(item) for item in bullets(lessons["body"])] if lessons else []


def takeaway(item: str) -> str:
    """A lesson as one line: its bold lead-in if it has one ("**Defaults are policy.**"), else its first sentence."""
    lead = re.match(r"^\*\*(.+?)\*\*", item) or re.match(r"^__(.+?)__", item)
    if lead:
        return lead.group(1).strip()
    found = split_sentences(item)
    return found[0] if found else item


_RULE = rx.compile(r"(?:([-*_])\s*)(?:\1\s*){2,}")  # a thematic break, "---" or "* * *": no lesson


# ---- sentences: the one place kit decides where a sentence ends ----------------------------

# A sentence's end: its mark, the quotes, brackets and emphasis that close with it, and the space after.
_END = rx.compile(r"[.!?][\"'”’)\]*_]*(\s+)")
# Words whose full stop never ends a sentence: titles before a name ("Dr. Meier", "St. Aurelia"),
# written with a capital, and abbreviations that always lead into more ("e.g. on", "vs. 2 hours").
_TITLES = frozenset(("Dr", "Mr", "Mrs", "Ms", "Mx", "Prof", "St", "Mt", "Rev", "Hon", "Gen", "Col", "Capt", "Lt",
                     "Sgt", "Sen", "Gov"))  # fmt: skip
_LEADING = frozenset(("e.g", "i.e", "vs", "approx", "incl", "cf", "ca", "viz", "esp", "fig", "figs", "eq"))
# "No. 5": an abbreviation only before a figure ("The answer was no. We tried again" ends there).
_BEFORE_FIGURE = frozenset(("no", "nos"))
# What comes before a word: "(vs." is "vs", "“Dr." is "Dr".
_WORD_START = rx.compile(r"[\s(\[\"'“‘*_]")
_LONGEST = len("approx")  # a longer word is no abbreviation
_NEXT_WORD = rx.compile(r"[\"'“‘(\[*_]*(.)")


def split_sentences(text: str) -> list[str]:
    """A text's sentences as written (a sentence keeps its own line breaks), the space between them gone.

    A sentence ends at ".", "!" or "?" (and the quotes or brackets that close with it) before a space
    and a word that does not start in lower case ("9 p.m. on Fridays", "U.S. hospitals", "etc. every
    night" run on; "etc. The wards" ends). A full stop never ends one after a title ("Dr. Meier"), an
    initial ("J. Smith"), "e.g.", "i.e.", "vs.", "approx." and their like, or "No." before a figure;
    inside a figure ("3.5", "v1.2") there is no space to end at.
    """
    found: list[str] = []
    start = 0
    for end in _END.finditer(text):
        if _ends_sentence(text, end.start(), end.end()):
            found.append(text[start : end.start(1)])
            start = end.end()
    found.append(text[start:])
    return [s for s in (part.strip() for part in found) if s]


def _ends_sentence(text: str, mark: int, after: int) -> bool:
    """Whether the mark at `mark` ends a sentence, the next word starting at `after`."""
    following = _NEXT_WORD.match(text, after)
    if following is None or following.group(1).islower():
        return False  # nothing follows, or the sentence runs on in lower case
    if text[mark] != ".":
        return True
    word = _word_before(text, mark)
    if word in _TITLES or word.lower() in _LEADING or (len(word) == 1 and word.isupper()):
        return False
    return not (word.lower() in _BEFORE_FIGURE and following.group(1).isdigit())


def _word_before(text: str, mark: int) -> str:
    """The word just before `mark`, if it is short enough to be an abbreviation; else ""."""
    head = text[max(0, mark - _LONGEST - 1) : mark]
    word = _WORD_START.split(head)[-1]
    return word if len(word) < len(head) or mark <= _LONGEST else ""


def abbreviation_at(text: str, stop: int) -> bool:
    """Whether the full stop at `stop` closes an abbreviation ("Dr.", "vs.", "9 p.m. on") rather than a
    sentence: the end of the text, or of a sentence as split_sentences reads it, is no abbreviation's."""
    end = _END.match(text, stop)
    return end is not None and end.end() < len(text) and not _ends_sentence(text, stop, end.end())


def bullets(text: str) -> list[str]:
    """The items of a Markdown list, flattened to one line each."""
    items: list[str] = []
    for line in text.splitlines():
        match = re.match(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$", line)
        if match and _RULE.fullmatch(line.strip()):  # "* * *" is a thematic break, not an item
            continue
        if match:
            items.append(match.group(1).strip())
        elif items and line.strip() and line.startswith((" ", "\t")):
            items[-1] += " " + line.strip()
    return items


def fit(text: str, chars: int | None = None, words: int | None = None, measure: Callable[[str], int] = len) -> str:
    """Text within limits, dropping whole sentences from the end (or words, for a single one).

    `measure` counts characters as the destination does (X counts a link as 23).
    """

    def fits(candidate: str) -> bool:
        return (chars is None or measure(candidate) <= chars) and (
            words is None or len(re.findall(r"\b\w+\b", candidate)) <= words
        )

    if fits(text):
        return text
    paragraphs = text.split("\n\n")
    sentences = [split_sentences(p) for p in paragraphs]
    while sum(len(p) for p in sentences) > 1:
        last = max(i for i, p in enumerate(sentences) if p)
        sentences[last].pop()
        candidate = "\n\n".join(" ".join(p) for p in sentences if p)
        if fits(candidate):
            return candidate
    single = " ".join(text.split())
    while single and not fits(single):
        single = single.rsplit(" ", 1)[0] if " " in single else single[:-1]
    return single.rstrip(",;:- ")


TAKEAWAY_CHARS = 200  # a takeaway is a line on a form: a lesson and, if it fits, its reason


def sentences(text: str) -> list[str]:
    """A paragraph's sentences, whole, each on one line: "Noise is a bug." "An alert nobody acts on ..." """
    return split_sentences(" ".join(text.split()))


def first_sentences(sections: dict[str, Any]) -> dict[str, str]:
    """The first sentence of each known section, by key ({"problem": "Deploys took weeks.", ...}): ""
    for a section the story does not have, or one with no prose (a template tests it as it writes it)."""
    from kit.render import first_sentence  # the `sentence` filter's reading; jinja2 stays unimported

    return {key: first_sentence(section["body"]) if section else "" for key, section in sections.items()}


def lessons(body: str) -> list[str]:
    """A Lessons section as lessons, each in whole sentences: its list items, else its paragraphs
    (a single paragraph: its sentences). Bold or italic lead-ins lose their markers."""
    items = bullets(body)
    if not items:
        paragraphs = [p for p in re.split(r"\n\s*\n", body)
                      if p.strip() and not p.lstrip().startswith("#") and not _RULE.fullmatch(p.strip())]  # fmt: skip
        items = sentences(paragraphs[0]) if len(paragraphs) == 1 else paragraphs
    out = []
    for item in items:
        plain = re.sub(r"(\*\*|__)(.+?)\1", r"\2", item).strip()
        parts = sentences(plain)
        if not parts:
            continue
        lesson = parts[0]
        if len(parts) > 1 and len(f"{lesson} {parts[1]}") <= TAKEAWAY_CHARS:
            lesson = f"{lesson} {parts[1]}"
        if not re.search(r"[.!?]['\"”)]?$", lesson):
            lesson = lesson.rstrip(":;, ") + "."  # a lead-in to a list or code it does not bring: "Check everything."
        out.append(lesson)
    return out


def takeaway_points(ctx: dict[str, Any], most: int = 3) -> list[str]:
    """The talk's takeaways: the story's lessons in whole sentences, at most `most`, never invented."""
    section = ctx["sections"].get("lessons")
    return lessons(section["body"])[:most] if section else []


_CLAUSE = rx.compile(r"(?:,|;|:|\s[—–-])\s+")


def fit_whole(text: str, chars: int | None = None, words: int | None = None, keep: tuple[str, ...] = ()) -> str | None:
    """Text within limits by dropping whole sentences, then whole trailing clauses; never a cut
    mid-phrase. None when nothing whole fits (the caller keeps the text and the check flags it).

    Sentences from the end go first, except those holding any of `keep` (a trade-off that must
    stay in), which go only when nothing else is left to drop."""

    def fits(candidate: str) -> bool:
        return (chars is None or len(candidate) <= chars) and (
            words is None or len(re.findall(r"\b\w+\b", candidate)) <= words
        )

    if fits(text):
        return text
    paragraphs = [sentences(p) for p in text.split("\n\n") if p.strip()]
    while sum(len(p) for p in paragraphs) > 1:
        places = [(i, j) for i, p in enumerate(paragraphs) for j in range(len(p))][1:]  # never the first
        spare = [(i, j) for i, j in places if not any(k and k in paragraphs[i][j] for k in keep)]
        i, j = (spare or places)[-1]
        paragraphs[i].pop(j)
        candidate = "\n\n".join(" ".join(p) for p in paragraphs if p)
        if fits(candidate):
            return candidate
    first = next((p[0] for p in paragraphs if p), "")
    ending = first[-1] if first and first[-1] in ".!?" else ""
    # Clauses from the end: "A, b, c." -> "A, b." -> "A." (a sentence keeps its full stop)
    cuts = [m.start() for m in _CLAUSE.finditer(first)]
    for cut in reversed(cuts):
        candidate = first[:cut].rstrip() + ending
        if len(re.findall(r"\b\w+\b", candidate)) >= 3 and fits(candidate):
            return candidate
    return None


# Where a metric's name stops being its head noun phrase: "Orders | with a picking error",
# "Median wait | from arrival to triage", "Buses | more than 5 minutes late".
_HEAD_ENDS = rx.compile(
    r"\s(?:with|without|of|in|on|at|by|from|to|for|per|who|that|which|where|more|less|than|above|below|over|under)\b"
    r"|\s\w+(?:ing|ed)\s(?:in|by|on|at|to|from|with|for|after|before)\b"  # "ending in", "caused by"
)
_ARTICLES = ("the ", "a ", "an ", "our ", "its ", "their ", "each ", "every ")


def metric_noun(metric: dict[str, Any], proper: Collection[str] = ()) -> dict[str, str]:
    """A metric's name as a sentence uses it: {"start": "The GCSE maths pass rate", "inline": "the GCSE
    maths pass rate"}; {"start": "Flaky tests", "inline": "flaky tests"}.

    A measure named by a phrase takes "the" ("took the guest rating from", "the time to evaluate");
    things counted (a plural, a count metric) and one-word names ("Conversion", "Tickets") read without it.
    """
    from kit.render import lower_first  # kit.render's filters; jinja2 itself stays unimported

    name = " ".join(str(metric["name"]).split())
    inline = lower_first(name, proper)  # `proper`: the story's capitalised names (kit.views.proper_words)
    head = _HEAD_ENDS.split(name, maxsplit=1)[0].split()
    last = head[-1].lower() if head else ""
    plural = re.search(r"[^su]s$", last) is not None and not last.endswith(("is", "ics"))  # not "analysis"
    if metric.get("kind") == "count" or plural or len(name.split()) < 2 or inline.lower().startswith(_ARTICLES):
        # "flaky tests" starts a sentence as "Flaky tests"; "iOS crashes" keeps its own case
        start = name[:1].upper() + name[1:] if name[1:2].islower() or name[1:2] == " " else name
        return {"start": start, "inline": inline}
    return {"start": f"The {inline}", "inline": f"the {inline}"}


def post_mortem(ctx: dict[str, Any]) -> bool:
    """Whether a draft tells the story as a post-mortem (a talk's and a thread's pitch): its headline got worse.

    A headline that held is a steady result, whatever else slipped: a story whose win is an internal
    metric shows the public only figures that held or slipped, and "a post-mortem" would say it went
    wrong, which it did not. A story in which everything held is no post-mortem either.
    """
    headline = ctx.get("headline")
    return bool(headline and headline["regressed"])


def held_while(ctx: dict[str, Any]) -> dict[str, Any] | None:
    """What improved while the headline held, the first such metric: "held at 45 minutes while patients
    seen went from 180 to 210". Holding steady under more load is the result; a pitch must not promise
    "how we did it" of a number that did not move. None when the headline moved or nothing improved."""
    headline = ctx.get("headline")
    if headline is None or headline["direction"] != "unchanged":
        return None
    return next((m for m in ctx["metrics"] if m["improved"] and m["id"] != headline["id"]), None)
