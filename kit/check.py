"""Checks on a draft: facts, visibility, limits and style, as one report.

    report = check_draft(text, story, kind="blog", audience="public", extra=rendered.extra_figures)
    if not report.ok:
        print(report.format("drafts/x/blog.md"))
    front["kit"]["checks"] = report.summary()

- facts (errors): every figure (see `kit.figures`) is supported by the view of the story the
  audience may see: metric values, derived facts, the investment, the talk length, the
  story's own prose, counts kit states and any `extra` the caller passes. Quotes (Markdown
  blockquotes, and quoted text of four words or more attributed to someone) match a story
  quote word for word; a near miss reports the story's wording.
- visibility (errors, public audience only): no figure supported only by internal metrics,
  facts or sections; no internal quote; no run of `SHARED_WORDS` words found only in internal
  text. A figure that is also public elsewhere in the story is not a leak.
- limits: characters and words per field (pretalx counts words as `\\b\\w+\\b`), per kind
  (`KIND_LIMITS`) and per CFP profile (`CFP_PROFILES`, passed as `limits`).
- style (warnings unless `strict_style`): hype words, "+200%"-style increases, a percentage
  change on a metric that is itself a percentage, readability for the kind's reader.
"""

from __future__ import annotations

import difflib
import html
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

from kit.facts import MetricFacts, StoryFacts, format_fold
from kit.figures import (
    FOLD,
    POINTS,
    Figure,
    Support,
    bare,
    extract_figures,
    family,
    find_support,
    nearest_support,
    prose,
    supports_of_quantity,
    supports_of_text,
)
from kit.quantity import DURATION_SECONDS, Dimension, Quantity, format_duration, format_money
from kit.story import Metric, Story
from kit.views import NotPublicError, View, make_view

Check = Literal["facts", "visibility", "limits", "style"]
Severity = Literal["error", "warning"]
CHECKS: tuple[Check, ...] = ("facts", "visibility", "limits", "style")
SHARED_WORDS = 8  # this many consecutive words shared with internal-only text is a leak
Supportable = str | float | int | Quantity | Support | Figure


# ---- the report ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One problem in a draft: which check, how bad, where, what, why, and what the story says."""

    check: Check
    severity: Severity
    line: int | None
    text: str  # the offending text as it appears in the draft (or the field's name)
    message: str  # why it is a problem, and what to do
    story_says: str | None = None  # what the story does say, where that helps

    def format(self, path: str = "<draft>") -> str:
        """`path:line: check: "text": message; the story says: ...`"""
        where = f"{path}:{self.line}" if self.line is not None else path
        level = "" if self.severity == "error" else " (warning)"
        says = f"; the story says: {self.story_says}" if self.story_says else ""
        return f'{where}: {self.check}{level}: "{self.text}": {self.message}{says}'


@dataclass(frozen=True)
class Report:
    """Every finding for one draft, in line order."""

    findings: tuple[Finding, ...] = ()

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def ok(self) -> bool:
        """True when nothing is an error (warnings do not fail a draft)."""
        return not self.errors

    def summary(self) -> dict[str, str]:
        """One short status per check, for a draft's front matter: {"facts": "ok", "style": "2 warnings"}."""
        return {check: _tally([f for f in self.findings if f.check == check]) for check in CHECKS}

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "summary": self.summary(),
            "findings": [asdict(f) for f in self.findings],
        }

    def to_json(self) -> str:
        """The report as JSON for tools: ok, summary and every finding."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def format(self, path: str = "<draft>") -> str:
        """The report for people: one line per finding, or `path: ok`."""
        if not self.findings:
            return f"{path}: ok"
        return "\n".join(f.format(path) for f in self.findings)


def _tally(findings: Sequence[Finding]) -> str:
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    parts = [f"{n} {word}{'' if n == 1 else 's'}" for n, word in ((errors, "error"), (warnings, "warning")) if n]
    return ", ".join(parts) or "ok"


# ---- what the story supports ---------------------------------------------------------------


def _metric_supports(metric: Metric) -> list[Support]:
    name = metric.name
    supports = supports_of_quantity(metric.before, f"{name}, before")
    supports += supports_of_quantity(metric.after, f"{name}, after")
    measured = f"{metric.measured.before} {metric.measured.after}" if metric.measured else ""
    return supports + supports_of_text(f"{name}. {metric.source}. {measured}", name)


def _fact_supports(facts: MetricFacts) -> list[Support]:
    metric = facts.metric
    name, dimension = metric.name, metric.before.dimension
    unit = metric.before.unit if dimension is Dimension.MONEY else ""
    change_family = "points" if dimension is Dimension.PERCENT else family(dimension, unit)
    supports = [Support(abs(facts.change), change_family, f"{name}, change", facts.change_text)]
    if facts.percent is not None:
        supports.append(Support(abs(facts.percent), "percent", f"{name}, change", facts.percent_text or ""))
    if facts.points is not None:
        supports.append(Support(abs(facts.points), "points", f"{name}, change", facts.change_text))
    if facts.fold is not None and facts.fold != float("inf"):
        supports.append(Support(facts.fold, "fold", f"{name}, change", format_fold(facts.fold)))
    if facts.annual is not None and facts.annual_text:
        supports.append(Support(facts.annual, change_family, f"{name}, per year", facts.annual_text))
    texts = " ; ".join(t for t in (facts.phrase, facts.change_text, facts.annual_text) if t)
    return supports + supports_of_text(texts, f"{name}, change")


def _story_fact_supports(facts: StoryFacts) -> list[Support]:
    supports: list[Support] = []
    for currency, amount in facts.annual_savings.items():
        supports.append(Support(amount, f"money:{currency}", "savings per year", format_money(amount, currency)))
    for currency, amount in facts.monthly_delay_cost.items():
        supports.append(
            Support(
                amount,
                f"money:{currency}",
                "cost of a month's delay",
                format_money(amount, currency),
            )
        )
    if facts.annual_time_saved:
        shown = format_duration(facts.annual_time_saved, "hours")
        supports.append(Support(facts.annual_time_saved, "duration", "time saved per year", shown))
        supports += supports_of_text(shown, "time saved per year")
    if facts.payback_months is not None:
        months = facts.payback_months
        supports.append(Support(months * DURATION_SECONDS["months"], "duration", "payback", f"{months:.1f} months"))
        supports.append(bare(months, "payback in months", f"{months:.1f}"))
    if facts.roi_percent is not None:
        supports.append(Support(abs(facts.roi_percent), "percent", "first-year ROI", f"{facts.roi_percent:.0f}%"))
    if facts.people_months is not None:
        supports.append(bare(facts.people_months, "people-months", f"{facts.people_months:.0f}"))
    supports.append(bare(len(facts.metrics), "number of metrics", str(len(facts.metrics))))
    supports.append(bare(facts.improved_count, "metrics improved", str(facts.improved_count)))
    return supports


def _prose_texts(view: View) -> list[tuple[str, str]]:
    """(source, text) for every piece of the story's own words this view may show."""
    story, meta = view.story, view.story.meta
    texts = [("title", meta.title), ("summary", meta.summary), ("introduction", story.intro),
             ("team", f"{meta.team}. {meta.organization}"), ("talk track", meta.talk.track)]  # fmt: skip
    texts += [(f"author {a.name}", f"{a.name}. {a.role}. {a.bio}") for a in meta.authors]
    texts += [("links", " ; ".join(link.title for link in meta.links))]
    texts += [(f"quote by {q.by}", f"{q.text} ({q.by}, {q.role})") for q in view.quotes]
    texts += [(f'section "{s.title}"', f"{s.title}\n{s.body}") for s in view.sections]
    return texts


def view_supports(view: View) -> list[Support]:
    """Every value a draft for this view may state, each with where it comes from."""
    supports: list[Support] = []
    for metric in view.metrics:
        supports += _metric_supports(metric)
    for facts in view.facts.metrics:
        supports += _fact_supports(facts)
    supports += _story_fact_supports(view.facts)
    investment = view.investment
    if investment is not None:
        if investment.people:
            supports.append(bare(investment.people, "investment: people", f"{investment.people:g}"))
        for label, quantity in (("duration", investment.duration), ("cost", investment.cost)):
            if quantity is not None:
                supports += supports_of_quantity(quantity, f"investment: {label}")
    minutes = view.story.meta.talk.duration
    supports.append(Support(minutes * 60.0, "duration", "talk length", f"{minutes} minutes"))
    supports.append(bare(minutes, "talk length in minutes", str(minutes)))
    supports.append(bare(len(view.story.meta.authors), "number of authors", str(len(view.story.meta.authors))))
    supports.append(bare(len(view.quotes), "number of quotes", str(len(view.quotes))))
    for source, text in _prose_texts(view):
        supports += supports_of_text(text, source)
    return supports


def extra_supports(extra: Iterable[Supportable]) -> list[Support]:
    """Supports from what the caller vouches for: "(5 min)", 3, a Quantity, a Figure."""
    supports: list[Support] = []
    for item in extra:
        if isinstance(item, Support):
            supports.append(item)
        elif isinstance(item, Figure):
            supports.append(Support(item.value, item.family, "given by kit", item.text))
        elif isinstance(item, Quantity):
            supports += supports_of_quantity(item, "given by kit")
        elif isinstance(item, str):
            supports += supports_of_text(item, "given by kit")
        else:
            supports.append(bare(float(item), "given by kit", f"{item:g}"))
    return supports


# ---- quotes -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DraftQuote:
    """Quoted words in a draft, and the line they start on."""

    text: str
    line: int


_QUOTE_CHARS = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'",
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
    text = html.unescape(text).translate(_QUOTE_CHARS)
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


def _check_quotes(text: str, story_quotes: Sequence[str], names: Iterable[str]) -> list[Finding]:
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


# ---- visibility: words only internal text has -----------------------------------------------

_WORD = re.compile(r"\w+(?:['.,]\w+)*")


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(normalise(text) if text else "")]


def _shingles(words: Sequence[str], size: int = SHARED_WORDS) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def _internal_texts(story: Story) -> list[tuple[str, str]]:
    meta = story.meta
    texts = [(f'internal section "{s.title}"', s.body) for s in story.sections if s.internal]
    texts += [(f"internal quote by {q.by}", q.text) for q in meta.quotes if q.internal]
    texts += [(f"internal metric {m.name}", f"{m.name}. {m.source}") for m in meta.metrics if m.internal]
    return texts


def _leaked_runs(text: str, story: Story, public: View) -> list[Finding]:
    """Runs of SHARED_WORDS+ words the draft shares only with internal text, and internal quotes."""
    public_words = _shingles([w for _, t in _prose_texts(public) for w in [*_words(t), "\u2029"]])
    for metric in public.metrics:
        public_words |= _shingles(_words(f"{metric.name}. {metric.source}"))
    masked = prose(text).translate(_QUOTE_CHARS)
    spans = [m for m in _WORD.finditer(masked)]
    draft_words = [m.group(0).lower() for m in spans]
    findings: list[Finding] = []
    for source, internal in _internal_texts(story):
        words = _words(internal)
        secret = _shingles(words) - public_words
        size = SHARED_WORDS
        if source.startswith("internal quote") and 3 <= len(words) < SHARED_WORDS:
            secret, size = {tuple(words)}, len(words)
        index = 0
        while index <= len(draft_words) - size:
            if tuple(draft_words[index : index + size]) not in secret:
                index += 1
                continue
            end = index + size
            while end < len(draft_words) and tuple(draft_words[end - size + 1 : end + 1]) in secret:
                end += 1
            start_at, end_at = spans[index].start(), spans[end - 1].end()
            run = " ".join(text[start_at:end_at].split())
            line = text.count("\n", 0, start_at) + 1
            findings.append(Finding("visibility", "error", line, run,
                                    f"this text is from the {source}, which a public draft must not show"))  # fmt: skip
            index = end
    return findings


# ---- facts and visibility of figures -------------------------------------------------------


def _check_figures(
    figures: Sequence[Figure], supports: Sequence[Support], internal: Sequence[Support] | None
) -> list[Finding]:
    findings: list[Finding] = []
    for figure in figures:
        if find_support(figure, supports) is not None:
            continue
        leaked = _leak(figure, internal) if internal is not None else None
        if leaked is not None:
            findings.append(
                Finding(
                    "visibility",
                    "error",
                    figure.line,
                    figure.text,
                    f"an internal figure ({leaked.source}); a public draft must not show it",
                )
            )
            continue
        nearest = nearest_support(figure, supports)
        says = f"{nearest.shown} ({nearest.source})" if nearest else None
        hedge = " even with its hedge" if figure.hedged else ""
        findings.append(Finding("facts", "error", figure.line, figure.text,
                                f"no figure in the story supports this{hedge}", says))  # fmt: skip
    return findings


LEAK_CLOSENESS = 0.05


def _leak(figure: Figure, internal: Sequence[Support]) -> Support | None:
    """The internal value a figure reveals: within its rounding and 5% of it.

    A loose figure that merely falls near an internal value ("2 weeks" near 310 hours, "seven"
    near a 6.75-month payback) is reported as unsupported, not as a leak of that value.
    """
    if _is_word(figure) and figure.dimension is Dimension.NUMBER and figure.unit != FOLD:
        return None  # a count in words ("seven engineers") never reveals a figure by accident
    for support in internal:
        close = abs(support.value - figure.value) <= LEAK_CLOSENESS * max(abs(figure.value), 1e-12)
        if close and find_support(figure, [support]) is not None:
            return support
    return None


def _is_word(figure: Figure) -> bool:
    return not any(c.isdigit() for c in figure.text)


# ---- limits --------------------------------------------------------------------------------

def count_words(text: str) -> int:
    """Words as pretalx counts them: `\\b\\w+\\b`."""
    return len(re.findall(r"\b\w+\b", text))


def check_limits(fields: dict[str, str], limits: dict[str, dict[str, Any]]) -> list[Finding]:
    """Fields over their `chars` or `words` maximum (severity "error" unless the rule says "warning")."""
    findings: list[Finding] = []
    for name, rule in limits.items():
        if name not in fields:
            continue
        value = fields[name]
        severity: Severity = "warning" if rule.get("severity") == "warning" else "error"
        for measure, size, word in (
            ("chars", len(value), "characters"),
            ("words", count_words(value), "words"),
        ):
            maximum = rule.get(measure)
            if maximum is not None and size > maximum:
                findings.append(
                    Finding(
                        "limits",
                        severity,
                        None,
                        name,
                        f"{size:,} {word}; the limit is {maximum:,} (cut {size - maximum:,})",
                    )
                )
    return findings


def _body_words(text: str) -> str:
    return prose(text)


# ---- style ---------------------------------------------------------------------------------

HYPE_WORDS = (
    "revolutionary", "revolutionize", "revolutionized", "game-changing", "game changer",
    "game-changer", "world-class", "seamless", "seamlessly", "cutting-edge", "best-in-class",
    "next-generation", "next-gen", "groundbreaking", "ground-breaking", "disruptive",
    "paradigm shift", "synergy", "synergies", "unparalleled", "unprecedented", "bleeding-edge",
    "state-of-the-art", "mind-blowing", "magical", "supercharge", "supercharged", "10x engineer",
    "blazing fast", "blazing-fast", "effortless", "effortlessly", "leverage", "transformative",
)  # fmt: skip
_HYPE = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in HYPE_WORDS) + r")(?![\w-])", re.I)
_INCREASE_AFTER = re.compile(r"^\s*(?:more|higher|increase|faster|improvement|growth|gain|up|better|boost)\b", re.I)
_INCREASE_BEFORE = re.compile(r"\b(?:up|increased?|grew|grown|rose|risen|improved|boosted|gained|by)\s+$", re.I)

MIN_WORDS_FOR_READABILITY = 100


def _hype(lines: Sequence[str]) -> list[Finding]:
    return [
        Finding(
            "style",
            "warning",
            number,
            match.group(0),
            "hype; say what changed and by how much instead",
        )  # fmt: skip
        for number, line in enumerate(lines, start=1)
        for match in _HYPE.finditer(line)
    ]


def _big_increase(figure: Figure, line: str) -> Finding | None:
    if figure.unit != "%" or figure.value <= 100:
        return None
    after = line[figure.column + len(figure.text) :]
    before = line[: figure.column]
    if figure.sign != "+" and not _INCREASE_AFTER.match(after) and not _INCREASE_BEFORE.search(before):
        return None
    fold = format_fold(1 + figure.value / 100)
    return Finding("style", "warning", figure.line, figure.text,
                   f'readers misread increases above 100%; say "{fold}" or "from A to B"')  # fmt: skip


def _percent_of_percent(figure: Figure, supports: Sequence[Support]) -> Finding | None:
    if figure.unit != "%":
        return None
    as_percent = [s for s in supports if s.family == "percent"]
    as_points = [s for s in supports if s.family == "points"]
    if find_support(figure, as_percent) is not None or find_support(figure, as_points) is None:
        return None
    points = figure.text.replace("%", " percentage points").replace("  ", " ")
    return Finding(
        "style",
        "warning",
        figure.line,
        figure.text,
        f'the metric is itself a percentage; say "{points}" so nobody reads it as a relative change',
    )


def _readable_prose(text: str) -> str:
    """Paragraphs and list items, one per line, without tables, headings or Markdown marks."""
    paragraphs: list[list[str]] = [[]]
    for line in prose(text).split("\n"):
        stripped = line.strip()
        item = re.match(r"^(?:>\s*)?(?:[-*+]\s+|\d+[.)]\s+)", stripped)
        if not stripped or stripped.startswith(("|", "#", "![", "---")) or item:
            paragraphs.append([])
        if stripped and not stripped.startswith(("|", "#", "![", "---")):
            paragraphs[-1].append(re.sub(r"^(?:>\s*)?(?:[-*+]\s+|\d+[.)]\s+)?", "", stripped))
    return "\n".join(" ".join(p) for p in paragraphs if p)


def flesch(text: str) -> tuple[float, float]:
    """Flesch reading ease and Flesch-Kincaid grade of English prose.

    The formulas as textstat has them, with syllables from pyphen (textstat's own fallback):
    textstat 0.7.13 fetches NLTK's cmudict over the network for English, which a check must not.
    """
    import pyphen  # only the style check needs it

    words = re.findall(r"[A-Za-z]+(?:'[A-Za-z]+)?|\d[\d.,]*", text)
    if not words:
        return 100.0, 0.0
    sentences = sum(max(1, len(re.findall(r"[.!?]+(?=\s|$)", p))) for p in text.split("\n") if p.strip())
    dictionary = pyphen.Pyphen(lang="en_US")
    syllables = sum(len(dictionary.positions(w)) + 1 if w[0].isalpha() else 1 for w in words)
    per_sentence, per_word = len(words) / sentences, syllables / len(words)
    return (
        206.835 - 1.015 * per_sentence - 84.6 * per_word,
        0.39 * per_sentence + 11.8 * per_word - 15.59,
    )


def _readability(text: str, kind: str, target: tuple[float, float] | None) -> Finding | None:
    if target is None:
        return None
    plain = _readable_prose(text)
    if count_words(plain) < MIN_WORDS_FOR_READABILITY:
        return None
    ease, grade = flesch(plain)
    min_ease, max_grade = target
    if ease >= min_ease and grade <= max_grade:
        return None
    return Finding("style", "warning", None, f"reading ease {ease:.0f}, grade {grade:.1f}",
                   f"hard to read for a {kind} reader (aim for ease ≥ {min_ease:.0f}, grade ≤ {max_grade:.0f}); "
                   "shorter sentences and plainer words help")  # fmt: skip


def check_style(
    text: str,
    figures: Sequence[Figure],
    supports: Sequence[Support],
    kind: str,
    readability: tuple[float, float] | None = None,
) -> list[Finding]:
    """Style warnings: hype, "+200%" increases, percentages of percentages, readability (for a target)."""
    lines = prose(text).split("\n")
    findings = _hype(lines)
    for figure in figures:
        line = lines[figure.line - 1]
        for finding in (_big_increase(figure, line), _percent_of_percent(figure, supports)):
            if finding is not None:
                findings.append(finding)
    readability_finding = _readability(text, kind, readability)
    return findings + ([readability_finding] if readability_finding else [])


# ---- the whole check -----------------------------------------------------------------------


def _views(stories: Sequence[Story], audience: str) -> tuple[list[View], list[Finding]]:
    views: list[View] = []
    findings: list[Finding] = []
    for story in stories:
        try:
            views.append(make_view(story, audience))
        except NotPublicError:
            findings.append(
                Finding(
                    "visibility",
                    "error",
                    None,
                    story.meta.title,
                    f"{story.path} is an internal story; a public draft cannot be made from it",
                )
            )
            views.append(make_view(story, "internal"))
    return views, findings


def check_draft(
    text: str,
    story: Story | Sequence[Story],
    *,
    kind: str,
    audience: str,
    extra: Iterable[Supportable] = (),
    limits: dict[str, dict[str, Any]] | None = None,
    fields: dict[str, str] | None = None,
    strict_style: bool = False,
) -> Report:
    """Check a rendered draft (Markdown, front matter allowed) against its story or stories.

    kind: a kind of `kit.kinds` (its audience, readability target and limits), or any other
    label (a newsletter) checked with no target or limits of its own.
    audience: "public" or "internal"; a public kind's drafts are always public.
    extra: figures kit itself states, as text ("(5 min)"), numbers, Quantities or Figures.
    limits/fields: per-field maxima (e.g. `CFP_PROFILES["kubecon"]`) and the fields' text;
    a "body" rule applies to the draft's text when `fields` has no "body".
    strict_style: report style findings as errors.
    """
    from kit.kinds import KINDS  # the kinds call this module to check their drafts

    spec = KINDS.get(kind)
    stories = [story] if isinstance(story, Story) else list(story)
    findings: list[Finding] = []
    if spec is not None and spec.public and audience != "public":
        findings.append(Finding("visibility", "error", None, kind,
                                f"a {kind} is public; check it with audience public"))  # fmt: skip
        audience = "public"
    views, not_public = _views(stories, audience)
    findings += not_public
    supports = [s for view in views for s in view_supports(view)] + extra_supports(extra)
    supports.append(bare(len(stories), "number of stories", str(len(stories))))
    internal: list[Support] | None = None
    if audience == "public" and not not_public:
        internal = [s for st in stories for s in view_supports(make_view(st, "internal"))]
    names = [n for st in stories for n in st.meta.tools]
    figures = extract_figures(text, names)

    findings += _check_figures(figures, supports, internal)
    people = [q.by for st in stories for q in st.meta.quotes] + [a.name for st in stories for a in st.meta.authors]
    shown_quotes = [q.text for view in views for q in view.quotes]
    all_quotes = [q.text for st in stories for q in st.meta.quotes]
    quote_findings = _check_quotes(text, shown_quotes if internal is None else all_quotes, people)
    findings += quote_findings
    if internal is not None:
        findings += _internal_quotes(text, stories, people)
        findings += [f for st, view in zip(stories, views, strict=True) for f in _leaked_runs(text, st, view)]

    rules = {**(spec.limits if spec else {}), **(limits or {})}
    findings += check_limits({"body": _body_words(text), **(fields or {})}, rules)
    style = check_style(text, figures, supports, kind, spec.readability if spec else None)
    if strict_style:
        style = [Finding(f.check, "error", f.line, f.text, f.message, f.story_says) for f in style]
    findings += style
    return Report(tuple(sorted(_dedupe(findings), key=_order)))


def _internal_quotes(text: str, stories: Sequence[Story], people: Sequence[str]) -> list[Finding]:
    """Draft quotes that are internal quotes: a leak, whatever else they match."""
    internal = [q for st in stories for q in st.meta.quotes if q.internal]
    findings: list[Finding] = []
    for quote in draft_quotes(text, people):
        for said in internal:
            if quote_matches(quote.text, said.text):
                findings.append(
                    Finding(
                        "visibility",
                        "error",
                        quote.line,
                        " ".join(quote.text.split()),
                        f"an internal quote by {said.by}; a public draft must not show it",
                    )
                )
    return findings


def _dedupe(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per place and problem; an internal quote is reported once, not also as a run."""
    seen: set[tuple[Any, ...]] = set()
    quoted_lines = {f.line for f in findings if f.check == "visibility" and "internal quote" in f.message}
    kept: list[Finding] = []
    for finding in findings:
        key = (finding.check, finding.line, finding.text, finding.message)
        run_in_quote = finding.check == "visibility" and "from the internal quote" in finding.message
        if key in seen or (run_in_quote and finding.line in quoted_lines):
            continue
        seen.add(key)
        kept.append(finding)
    return kept


def _order(finding: Finding) -> tuple[int, int, int]:
    return (finding.line or 0, CHECKS.index(finding.check), 0 if finding.severity == "error" else 1)


__all__ = [
    "CHECKS", "HYPE_WORDS", "Finding", "Report",
    "check_draft", "check_limits", "check_style", "count_words", "draft_quotes", "extra_supports",
    "normalise", "quote_matches", "view_supports", "FOLD", "POINTS",
]  # fmt: skip
