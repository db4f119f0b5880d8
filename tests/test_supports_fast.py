"""The shortcuts in what a story supports and in the smaller checks give exactly what the plain
code they replace gave.

Each shortcut is compared with a reference kept here (the code as it was before it), over every
story in the repository and over many inputs made from a seeded `random`:
- `annotate` (what a prose figure takes from the metric of its value, worked out once per value,
  with a one-metric fast path) and `_with` (fields set without `_replace`): `view_supports` of
  every view of every story, and random lists of supports;
- the story index's count nouns (one union rather than a generator of every noun);
- `leaked_runs` returns at once for stories with no internal runs, and `_secrets` reads no
  public text for stories with no internal text;
- `_draft_quotes` tries its patterns only on lines with a ">" or a quote mark, and
  `quote_matches` is remembered;
- `_supports_of_text` makes its supports whole; `check_limits` counts only what a rule limits;
- `count_words` splits ASCII text; `_readable_prose` tries its patterns only
  on lines that may be marked, `flesch` looks each different word up once; and
  `_percent_of_percent` tries a story's points before its percentages.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from kit.checks import index as index_module
from kit.checks import quotes as quotes_module
from kit.checks import style as style_module
from kit.checks import supports as supports_module
from kit.checks import visibility as visibility_module
from kit.checks.figure import Figure
from kit.checks.figures import FOLD, extract_figures, figures_of_masked
from kit.checks.limits import check_limits, count_words
from kit.checks.masking import mask_non_claims, prose
from kit.checks.quotes import DraftQuote, straighten
from kit.checks.reading import PERSON, content_lemmas, lemma, nouns_after, period_after, period_before
from kit.checks.report import Finding
from kit.checks.supports import Support, annotate, find_support, view_supports
from kit.load import load_story
from kit.quantity import Dimension
from kit.story import Story
from kit.views import View, view_of
from tests.support import DATA, EXAMPLES

STORY_FOLDERS = [EXAMPLES / "stories", DATA / "stories", DATA / "onepager", DATA / "claims" / "stories", DATA / "check"]
DRAFT_FOLDERS = [EXAMPLES / "drafts", DATA / "check"]


def story_paths() -> list[Path]:
    """Every story file in the repository (the folders also hold drafts, which are not stories)."""
    paths = [p for folder in STORY_FOLDERS for p in sorted(folder.glob("*.md"))]
    return [p for p in paths if p.read_text(encoding="utf-8").startswith("---")]


def views_of(story: Story) -> Iterator[View]:
    yield view_of(story, "internal")
    if story.public:
        yield view_of(story, "public")


# ---- references: the code the shortcuts replace -------------------------------------------


def reference_with(supports: Iterable[Support], **about: object) -> list[Support]:
    return [s._replace(**about) for s in supports]  # type: ignore[arg-type]


def reference_annotate(supports: list[Support]) -> list[Support]:
    """`annotate` as it was: every support's metrics worked out anew, all made by `Support(...)`."""
    known = [s for s in supports if s.quantity is not None and not s.prose]
    by_value: dict[tuple[str, float], list[Support]] = {}
    for support in known:
        by_value.setdefault((support.family, round(support.value, 6)), []).append(support)
    result: list[Support] = []
    for support in supports:
        if not support.role and (support.prose or support.quantity is not None):
            same = by_value.get((support.family, round(support.value, 6)), [])
            if not same and support.family == "percent":
                same = [
                    s for s in known if s.family == "percent" and abs(s.value - support.value) <= 0.02 * support.value
                ]
            if support.quantity is not None:
                same = [s for s in same if s.quantity and s.quantity & support.quantity]
            if support.noun:
                same = [s for s in same if not s.noun or s.noun & support.noun]
            if same:
                quantities = frozenset(q for s in same for q in (s.quantity or ()))
                periods = {s.period for s in same}
                period = support.period or (periods.pop() if len(periods) == 1 else None)
                nouns = [s.noun for s in same]
                noun = support.noun if support.noun else (frozenset().union(*nouns) if all(nouns) else None)  # type: ignore[arg-type]
                roles = {(s.role, s.trend, s.better, s.measure) for s in same}
                role, trend, better, measure = roles.pop() if len(roles) == 1 else ("", 0, 0, "")
                support = support._replace(quantity=quantities, role=role, noun=noun, period=period, trend=trend,
                                           better=better, measure=measure)  # fmt: skip
        result.append(support)
    result += [conversion for support in result if support.period for conversion in reference_per_other(support)]
    return result


def reference_per_other(support: Support) -> list[Support]:
    from kit.checks.reading import PER_YEAR, PERIODS

    period = support.period
    if period not in PER_YEAR or support.converted or support.family.startswith(("percent", "points", "fold")):
        return []
    per_year = support.value * PER_YEAR[period]
    return [
        support._replace(
            value=per_year / PER_YEAR[other],
            shown=f"{support.shown} ({period}), per {other}",
            period=other,
            converted=True,
        )  # fmt: skip
        for other in PERIODS
        if other != period
    ]


def reference_supports_of_text(text: str, source: str, as_numbers_only: bool, prose: bool) -> tuple[Support, ...]:
    """`_supports_of_text` as it was: each Support made by keyword, the unit nouns made for every figure."""
    supports: list[Support] = []
    masked = mask_non_claims(text)
    lines = masked.split("\n") if prose else []
    for figure in figures_of_masked(masked):
        noun: frozenset[str] | None = None
        period = None
        context = content_lemmas(lines[figure.line - 1]) if lines else None
        if lines and figure.dimension in (Dimension.NUMBER, Dimension.MONEY, Dimension.DURATION):
            line = lines[figure.line - 1]
            after = line[figure.column + len(figure.text) :]
            if figure.dimension is Dimension.NUMBER and figure.unit != FOLD:
                noun = frozenset(nouns_after(after, 2)) or None
            period = period_after(after) or period_before(line[: figure.column])
        if not as_numbers_only:
            supports.append(Support(figure.value, figure.family, source, figure.text, noun=noun, period=period,
                                    prose=prose, context=context))  # fmt: skip
        written = supports_module._written_number(figure)
        if written is not None:
            unit_noun = {Dimension.DURATION: frozenset({lemma(figure.unit)}), Dimension.PERCENT: frozenset({"percent"}),
                         Dimension.MONEY: frozenset({"money"})}.get(figure.dimension, noun)  # fmt: skip
            supports.append(Support(written, "number", source, figure.text, noun=unit_noun, period=period,
                                    prose=prose, context=context))  # fmt: skip
    return tuple(supports)


def reference_view_supports(view: View, monkeypatch: pytest.MonkeyPatch) -> list[Support]:
    """`view_supports` with the reference `annotate`, `_with` and `_supports_of_text`, nothing
    remembered from before."""
    forget_supports()
    with monkeypatch.context() as patch:
        patch.setattr(supports_module, "annotate", reference_annotate)
        patch.setattr(supports_module, "_with", reference_with)
        patch.setattr(supports_module, "_supports_of_text", reference_supports_of_text)
        made = view_supports(view)
    forget_supports()
    return made


def forget_supports() -> None:
    supports_module._supports_of_text.cache_clear()
    supports_module._metric_supports.values.clear()
    supports_module._fact_supports.values.clear()
    index_module._INDEXES.values.clear()
    index_module._SUPPORTS.values.clear()
    index_module._BY_VALUE.values.clear()


def assert_same_supports(fast: list[Support], reference: list[Support]) -> None:
    assert fast == reference
    assert all(type(s) is Support for s in fast)
    # Equal tuples could still differ in a field's type (a set for a frozenset, 1 for True).
    assert [tuple(map(type, s)) for s in fast] == [tuple(map(type, s)) for s in reference]


# ---- supports of every story ---------------------------------------------------------------


def test_the_repository_has_stories() -> None:
    assert len(story_paths()) >= 15


@pytest.mark.parametrize("path", story_paths(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_view_supports_equal_the_reference(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    story = load_story(path)
    for view in views_of(story):
        reference = reference_view_supports(view, monkeypatch)
        forget_supports()
        assert_same_supports(view_supports(view), reference)


@pytest.mark.parametrize("path", story_paths(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_index_nouns_equal_the_reference(path: Path) -> None:
    story = load_story(path)
    forget_supports()
    for audience in ("public", "internal"):
        index = index_module.story_index(story, audience)
        structured = [*index.supports, *(index.internal_metrics or ())]
        reference = frozenset(n for s in structured if s.noun and not s.prose for n in s.noun) | {PERSON}
        assert index.nouns == reference
        assert type(index.nouns) is frozenset


# ---- random supports -----------------------------------------------------------------------

FAMILIES = ["number", "percent", "points", "duration", "money:USD", "fold"]
VALUES = [0.0, 1.0, 2.0, 5.0, 6.0, 12.0, 33.0, 33.4, 66.0, 67.0, 67.5, 100.0, 1e-7, 0.3333333, 0.33333331]
QUANTITIES = [None, frozenset(), frozenset({"a"}), frozenset({"b"}), frozenset({"a", "b"}), frozenset({"savings"})]
NOUNS = [None, frozenset(), frozenset({"model"}), frozenset({"person"}), frozenset({"model", "person"})]
PERIOD_CHOICES = [None, None, "day", "week", "month", "quarter", "year", "fortnight"]
ROLES = ["", "", "before", "after", "change"]


def random_support(rng: random.Random) -> Support:
    return Support(
        rng.choice(VALUES) * rng.choice([1.0, 1.0, 1.01, 60.0]),
        rng.choice(FAMILIES),
        rng.choice(["a, before", "b, change", "section", "title"]),
        rng.choice(["6", "6 weeks", "67%", "2×"]),
        rng.choice(QUANTITIES),
        rng.choice(ROLES),
        rng.choice(NOUNS),
        rng.choice(PERIOD_CHOICES),
        rng.choice([-1, 0, 1]),
        rng.choice([-1, 0, 1]),
        rng.choice(["", "duration", "number"]),
        rng.random() < 0.1,
        rng.random() < 0.1,
        rng.random() < 0.5,
        rng.choice([None, frozenset({"lead", "time"})]),
    )


def test_annotate_equals_the_reference_on_random_supports() -> None:
    rng = random.Random(20261126)
    for _ in range(3000):
        supports = [random_support(rng) for _ in range(rng.randint(0, 30))]
        assert_same_supports(annotate(list(supports)), reference_annotate(list(supports)))


def test_annotate_with_repeated_supports_equals_the_reference() -> None:
    """The same figure said in several places: each takes what the first one took."""
    rng = random.Random(7)
    for _ in range(1000):
        pool = [random_support(rng) for _ in range(6)]
        supports = [rng.choice(pool) for _ in range(rng.randint(1, 25))]
        assert_same_supports(annotate(list(supports)), reference_annotate(list(supports)))


def test_with_equals_replace_on_random_supports() -> None:
    rng = random.Random(11)
    fields = Support._fields
    for _ in range(2000):
        supports = [random_support(rng) for _ in range(rng.randint(0, 5))]
        names = rng.sample(fields, rng.randint(0, 6))
        about = {name: getattr(random_support(rng), name) for name in names}
        assert_same_supports(supports_module._with(supports, **about), reference_with(supports, **about))


def test_whole_is_the_support_of_its_fields() -> None:
    rng = random.Random(3)
    for _ in range(200):
        support = random_support(rng)
        made = supports_module._whole(*support)
        assert made == support and type(made) is Support and made._fields == Support._fields


# ---- leaked runs ---------------------------------------------------------------------------


def reference_secrets(story: Story, public: View) -> list[tuple[str, int, frozenset[tuple[str, ...]]]]:
    """`_secrets` as it was: the public text read for every story, no result remembered."""
    words, shingles, size = visibility_module._words, visibility_module._shingles, visibility_module.SHARED_WORDS
    public_words = shingles([w for _, t in supports_module.prose_texts(public) for w in [*words(t), "\u2029"]])
    for metric in public.metrics:
        public_words |= shingles(words(f"{metric.name}. {metric.source}"))
    secrets = []
    for source, internal in visibility_module._internal_texts(story):
        said = words(internal)
        secret, length = shingles(said) - public_words, size
        if source.startswith("internal quote") and 3 <= len(said) < size:
            secret, length = {tuple(said)}, len(said)
        secrets.append((source, length, frozenset(secret)))
    return secrets


def reference_leaked_runs(text: str, story: Story, public: View) -> list[Finding]:
    """`leaked_runs` as it was: the draft's words read whatever the story keeps internal."""
    pattern, shingles = visibility_module._WORD, visibility_module._shingles
    masked = straighten(prose(text))
    spans = list(pattern.finditer(masked))
    draft_words = [m.group(0).lower() for m in spans]
    runs: dict[int, set[tuple[str, ...]]] = {}
    findings: list[Finding] = []
    for source, size, secret in reference_secrets(story, public):
        if size not in runs:
            runs[size] = shingles(draft_words, size)
        if secret.isdisjoint(runs[size]):
            continue
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


def draft_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for folder in DRAFT_FOLDERS for p in sorted(folder.rglob("*.md"))]


def texts_for(story: Story, rng: random.Random, drafts: list[str]) -> list[str]:
    """Drafts, and drafts with pieces of the story's internal and public words spliced in."""
    pieces = [t for _, t in visibility_module._internal_texts(story)]
    pieces += [t for view in views_of(story) for _, t in supports_module.prose_texts(view)]
    texts = list(rng.sample(drafts, min(4, len(drafts))))
    for _ in range(12):
        parts = []
        for _ in range(rng.randint(1, 4)):
            words = rng.choice(pieces or [""]).split()
            start = rng.randint(0, max(0, len(words) - 1))
            parts.append(" ".join(words[start : start + rng.randint(0, 30)]))
        texts.append("\n\n".join(parts))
    return texts


@pytest.mark.parametrize("path", story_paths(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_secrets_and_leaked_runs_equal_the_reference(path: Path) -> None:
    story = load_story(path)
    if not story.public:
        return
    public = view_of(story, "public")
    assert visibility_module._secrets(story, public) == reference_secrets(story, public)
    rng = random.Random(path.name)
    for text in texts_for(story, rng, draft_texts()):
        assert visibility_module.leaked_runs(text, story, public) == reference_leaked_runs(text, story, public)


def test_leaked_runs_still_finds_internal_text() -> None:
    """The spliced drafts above do reach the slow path: some story's internal words are found."""
    found = 0
    for path in story_paths():
        story = load_story(path)
        if story.public and visibility_module._internal_texts(story):
            public = view_of(story, "public")
            for _, internal in visibility_module._internal_texts(story):
                found += bool(visibility_module.leaked_runs(internal, story, public))
    assert found > 0


# ---- quotes in a draft ---------------------------------------------------------------------


def reference_draft_quotes(text: str, names: tuple[str, ...]) -> tuple[DraftQuote, ...]:
    """`_draft_quotes` as it was: both patterns tried on every line."""
    lines = prose(text).split("\n")
    quotes: list[DraftQuote] = []
    block: list[str] = []
    start = 0
    for number, line in enumerate([*lines, ""], start=1):
        match = quotes_module._BLOCKQUOTE.match(line)
        if match:
            if not block:
                start = number
            content = match.group(1)
            if content.strip() and not quotes_module._ATTRIBUTION_LINE.match(content):
                block.append(content)
            continue
        if block:
            quotes.append(DraftQuote(" ".join(block), start))
            block = []
    people = [n for n in names if n.strip()]
    for number, line in enumerate(lines, start=1):
        if quotes_module._IN_BLOCKQUOTE.match(line):
            continue
        for match in quotes_module._INLINE_QUOTE.finditer(line):
            words = match.group("q").split()
            if len(words) >= 4 and quotes_module._attributed(line, match.start(), match.end(), people):
                quotes.append(DraftQuote(match.group("q"), number))
    return tuple(quotes)


QUOTE_PIECES = [
    "> ", ">", "  > ", "    > ", "\u3000> ", ">>", "— Dana Ortiz, Staff Engineer", "-- Sam Lee", '"', "“", "”", "'",
    "We cut the deploy time in half", " said Dana Ortiz", " says Sam", ", explains the team", "As Dana put it:",
    "the platform team shipped it", "\n", "\n", "\n\n", " ", "`code > 3`", "<!-- > -->", "6 weeks", "…",
]  # fmt: skip


def random_quote_text(rng: random.Random) -> str:
    return "".join(rng.choice(QUOTE_PIECES) for _ in range(rng.randint(0, 40)))


def test_draft_quotes_equal_the_reference_on_random_texts() -> None:
    rng = random.Random(5)
    names = ("Dana Ortiz", "Sam Lee", " ")
    for _ in range(3000):
        text = random_quote_text(rng)
        assert quotes_module._draft_quotes(text, names) == reference_draft_quotes(text, names)


def test_draft_quotes_equal_the_reference_on_drafts() -> None:
    names = ("Dana Ortiz", "Priya Raman", "Sam Lee")
    texts = draft_texts()
    assert texts
    for text in texts:
        assert quotes_module._draft_quotes(text, names) == reference_draft_quotes(text, names)
        # Every quoted draft line has its mark: the shortcut's own premise, for these drafts.
        for quote in reference_draft_quotes(text, names):
            line = prose(text).split("\n")[quote.line - 1]
            assert re.search(r'[>"“]', line)


# ---- figures of a text ---------------------------------------------------------------------

TEXT_PIECES = [
    "6 weeks", "2 days", "$1.2M", "€40k a month", "67%", "12 pp", "21×", "3x faster", "two-thirds", "half of",
    "seven engineers", "36 production models", "per year", "monthly spend", "annual", "about", "over", "from",
    "to", "in 2024", "v2.1", "45 minutes", "1,000 runs", "a week", "per quarter", "\n", ". ", ", ", " ", "; ",
    "the team", "(p95)", "400 ms", "5 hours a day", "score of 4.6 out of 5", "doubled", "| 6 |", "# 3 steps",
]  # fmt: skip


def random_story_text(rng: random.Random) -> str:
    return " ".join(rng.choice(TEXT_PIECES) for _ in range(rng.randint(0, 25)))


def test_supports_of_text_equal_the_reference_on_random_texts() -> None:
    rng = random.Random(17)
    for _ in range(1500):
        text = random_story_text(rng)
        for as_numbers_only in (False, True):
            for in_prose in (False, True):
                fast = supports_module._supports_of_text(text, "a source", as_numbers_only, in_prose)
                reference = reference_supports_of_text(text, "a source", as_numbers_only, in_prose)
                assert_same_supports(list(fast), list(reference))


# ---- limits and readability ----------------------------------------------------------------


def reference_check_limits(fields: dict[str, str], limits: dict[str, dict[str, object]]) -> list[Finding]:
    """`check_limits` as it was: both counts made for every field with a rule."""
    findings: list[Finding] = []
    for name, rule in limits.items():
        if name not in fields:
            continue
        value = fields[name]
        severity = "warning" if rule.get("severity") == "warning" else "error"
        for measure, size, word in (("chars", len(value), "characters"), ("words", count_words(value), "words")):
            maximum = rule.get(measure)
            if maximum is not None and size > maximum:  # type: ignore[operator]
                findings.append(Finding("limits", severity, None, name,  # type: ignore[arg-type]
                                        f"{size:,} {word}; the limit is {maximum:,} (cut {size - maximum:,})"))  # type: ignore[operator]  # fmt: skip
    return findings


def test_check_limits_equals_the_reference() -> None:
    rng = random.Random(23)
    words = ["word", "two words", "x", "", " ", "long-ish", "naïve", "3.5", "\n"]
    for _ in range(2000):
        fields = {name: " ".join(rng.choice(words) for _ in range(rng.randint(0, 40))) for name in ("a", "b")}
        limits: dict[str, dict[str, object]] = {}
        for name in rng.sample(["a", "b", "c"], rng.randint(0, 3)):
            rule: dict[str, object] = {}
            for measure in ("chars", "words"):
                if rng.random() < 0.6:
                    rule[measure] = rng.randint(0, 60)
            if rng.random() < 0.5:
                rule["severity"] = rng.choice(["warning", "error"])
            limits[name] = rule
        assert check_limits(fields, limits) == reference_check_limits(fields, limits)  # type: ignore[arg-type]


def reference_readable_prose(text: str) -> str:
    """`_readable_prose` as it was: both patterns tried on every line."""
    paragraphs: list[list[str]] = [[]]
    for line in prose(text).split("\n"):
        stripped = line.strip()
        item = style_module._ITEM.match(stripped)
        if not stripped or stripped.startswith(("|", "#", "![", "---")) or item:
            paragraphs.append([])
        if stripped and not stripped.startswith(("|", "#", "![", "---")):
            paragraphs[-1].append(style_module._MARKS.sub("", stripped))
    return "\n".join(" ".join(p) for p in paragraphs if p)


def reference_flesch(text: str) -> tuple[float, float]:
    """`flesch` as it was: every word's syllables looked up where it stands."""
    words = style_module._WORD.findall(text)
    if not words:
        return 100.0, 0.0
    sentences = sum(max(1, len(style_module._SENTENCE_END.findall(p))) for p in text.split("\n") if p.strip())
    syllables = sum(style_module._syllables(w) if w[0].isalpha() else 1 for w in words)
    per_sentence, per_word = len(words) / sentences, syllables / len(words)
    return 206.835 - 1.015 * per_sentence - 84.6 * per_word, 0.39 * per_sentence + 11.8 * per_word - 15.59


MARKDOWN_PIECES = [
    "- ", "* ", "+ ", "1. ", "2) ", "10. ", "> ", ">", "# ", "## Title", "| a | b |", "![img](x.png)", "---", "--",
    "-", "٣. ", "² ", "Deploys took weeks.", "We shipped it!", "Why? ", "e.g. this", "It's 6 weeks", "3.5", "\n",
    "\n", "\n\n", "   ", "\t", "`code`", "word", "readability matters", "-x", "*emphasis*",
]  # fmt: skip


def random_markdown(rng: random.Random) -> str:
    return "".join(rng.choice(MARKDOWN_PIECES) + rng.choice(["", " ", "\n"]) for _ in range(rng.randint(0, 60)))


def test_readable_prose_and_flesch_equal_the_reference() -> None:
    rng = random.Random(31)
    texts = [random_markdown(rng) for _ in range(3000)] + draft_texts()
    for text in texts:
        plain = style_module._readable_prose(text)
        assert plain == reference_readable_prose(text)
        assert style_module.flesch(plain) == reference_flesch(plain)


def reference_percent_of_percent(figure: Figure, as_percent: list[Support], as_points: list[Support]) -> bool:
    """Whether `_percent_of_percent` warns, as it read: percent first, then points."""
    if figure.unit != "%":
        return False
    return not (find_support(figure, as_percent) is not None or find_support(figure, as_points) is None)


def test_percent_of_percent_equals_the_reference() -> None:
    rng = random.Random(37)
    figures = extract_figures("67% 12% 12.5% about 40% 5 pp 20 points 2× 6 weeks over 100% 33% 0.5% 99%")
    pool = [random_support(rng) for _ in range(300)]
    for _ in range(3000):
        supports = rng.sample(pool, rng.randint(0, 12))
        as_percent = [s for s in supports if s.family == "percent"]
        as_points = [s for s in supports if s.family == "points"]
        for figure in figures:
            warned = style_module._percent_of_percent(figure, as_percent, as_points) is not None
            assert warned == reference_percent_of_percent(figure, as_percent, as_points)


def test_quote_matches_remembered_equals_the_reference() -> None:
    rng = random.Random(41)
    for _ in range(3000):
        draft, story = random_quote_text(rng), random_quote_text(rng)
        if rng.random() < 0.3:
            story = draft + random_quote_text(rng)
        assert quotes_module.quote_matches(draft, story) == quotes_module._quote_matches.__wrapped__(draft, story)


# ---- supports by value, and a draft's supports -----------------------------------------------


def reference_by_value(supports: list[Support]) -> tuple[object, ...]:
    """`ByValue`'s groups, values and families of each quantity, as it made them."""
    groups: dict[str, list[Support]] = {}
    for support in supports:
        groups.setdefault(support.family, []).append(support)
    sorted_groups = {family: sorted(group, key=lambda s: s.value) for family, group in groups.items()}
    values = {family: [s.value for s in group] for family, group in sorted_groups.items()}
    families_of: dict[str, set[str]] = {}
    for support in supports:
        for quantity in support.quantity or ():
            if not support.converted and not support.relative:
                families_of.setdefault(quantity, set()).add(support.family)
    return list(sorted_groups.items()), list(values.items()), list(families_of.items())


def fast_by_value(supports: list[Support]) -> tuple[object, ...]:
    made = supports_module.ByValue(supports)
    return list(made.groups.items()), list(made.values.items()), list(made.families_of.items())


def test_by_value_equals_the_reference() -> None:
    rng = random.Random(43)
    for _ in range(2000):
        supports = [random_support(rng) for _ in range(rng.randint(0, 40))]
        assert fast_by_value(supports) == reference_by_value(supports)
    for path in story_paths():
        for view in views_of(load_story(path)):
            supports = view_supports(view)
            assert fast_by_value(supports) == reference_by_value(supports)


def test_draft_supports_equal_the_reference() -> None:
    stories = [load_story(p) for p in story_paths()[:6]]
    indexes = [index_module.story_index(story, "internal") for story in stories]
    own = index_module.own_supports([], 2)
    for count in range(len(indexes) + 1):
        chosen = indexes[:count]
        reference = [s for i in chosen for s in i.supports] + list(own)
        assert index_module.draft_supports(chosen, own) == reference


def reference_count_words(text: str) -> int:
    return len(re.findall(r"\b\w+\b", text))


WORD_PIECES = [
    "word", "Deploys", "6", "3.5", "it's", "x-y", "snake_case", "naïve", "Ångström", "²", "٣", "中文", "_", "__",
    " ", "  ", "\n", "\t", "\x0b", "\x1c", "\x1f", "\x85", "\u2028", "—", "–", "×", "€", "’", "“", "”", "…", "→",
    "≈", "•", "·", "\u00a0", "\u202f", "-", ".", ",", "!", "(", ")", "#", "|", "`", "*", "ſ", "K", "ǅ", "\U0001d7d8",
]  # fmt: skip


def test_count_words_equals_the_pattern() -> None:
    from kit.checks.limits import _NOT_WORD_CHARACTERS

    assert not re.search(r"\w", _NOT_WORD_CHARACTERS)  # the characters read as spaces are no word characters
    rng = random.Random(47)
    for _ in range(5000):
        text = "".join(rng.choice(WORD_PIECES) for _ in range(rng.randint(0, 60)))
        assert count_words(text) == reference_count_words(text)
    for byte in range(128):  # every ASCII character, alone and between words
        for text in (chr(byte), f"a{chr(byte)}b", f"{chr(byte)}{chr(byte)}x"):
            assert count_words(text) == reference_count_words(text)
    for text in draft_texts():
        assert count_words(text) == reference_count_words(text)
        assert count_words(prose(text)) == reference_count_words(prose(text))
