"""Judging claims fast judges them as the plain reading does.

The claims check finds what a figure matches once for every figure of a draft that reads alike,
and the families a figure may be of once per dimension and unit; it returns as soon as a figure
matches nothing; it reads a unit after a number with one pattern instead of eight tried in turn;
it looks for sentence ends only up to a line's last figure and for a table only where a line
may start one. Each test below compares a shortcut with the plain code it stands for, kept here
as it was written before, over seeded random inputs: a failure prints the seed's input.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

import pytest

from kit.checks import check_draft, claims, figures, line
from kit.checks.figure import FOLD, POINT_WORD, POINTS, Figure
from kit.checks.figures import extract_figures
from kit.checks.index import StoryIndex, own_supports, story_index
from kit.checks.line import Judged, Line, attached_metric, claimed_period
from kit.checks.masking import CURRENCY_CODES, DURATION_WORDS, mask_non_claims
from kit.checks.order import table_columns
from kit.checks.reading import PERSON, lemma
from kit.checks.supports import Support, extra_supports, families_of_figure, matching_supports
from kit.load import load_story
from kit.quantity import DURATION_SECONDS, Dimension
from kit.story import Story
from tests.support import DATA

STORIES = [load_story(p) for p in sorted((DATA / "claims" / "stories").glob("*.md"))]
STORIES += [load_story(p) for p in sorted((DATA / "stories").glob("*.md"))]
STORIES.append(load_story(DATA / "check" / "story.md"))
CASES = [json.loads(line) for line in (DATA / "claims" / "cases.jsonl").read_text(encoding="utf-8").splitlines()]

# ---- the plain code each shortcut stands for, as it was written before ---------------------

_PLAIN_DIGITS = re.compile(
    r"(?<![\w.,#@/])(?<![^\s(\[]-)(?P<digits>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)(?![\d])"
)

_PLAIN_UNITS: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"^(?:\s?(?:pp\b|p\.p\.)|\s?%?[\s-]?percentage[\s-]points?\b|%[\s-]points?\b)", re.I),
        "points",
    ),
    (re.compile(r"^(?:\s?%|\s(?:percent|per\s+cent|pct)\b|-percent\b)", re.I), "percent"),
    (re.compile(r"^[\s-](?:points?|pts?)\b", re.I), "pointword"),
    (re.compile(r"^(?:\s?×|x(?![A-Za-z0-9])|[\s-]?fold\b)", re.I), "fold"),
    (
        re.compile(
            r"^\s(?:times)\s+(?=(?:faster|quicker|slower|more|fewer|less|higher|lower|cheaper|better|worse|bigger|"
            r"smaller|larger|greater|as|over|the)\b)",
            re.I,
        ),
        "fold",
    ),
    (
        re.compile(rf"^[\s-]?(?:business\s+|working\s+|calendar\s+)?(?P<unit>{DURATION_WORDS})\b", re.I),
        "duration",
    ),
    (re.compile(r"^(?P<unit>[smhdwy])(?![A-Za-z0-9])"), "duration"),
    (re.compile(r"^\s(?P<unit>s)(?![A-Za-z0-9'’-])"), "duration"),
    (re.compile(rf"^\s?(?P<code>{CURRENCY_CODES})\b|^\s(?P<word>dollars?|euros?|pounds?(?:\s+sterling)?)\b"), "money"),
]


def _plain_read_unit(after: str, currency: str | None) -> tuple[Dimension, str, float, int] | None:
    """`figures._read_unit` with its units tried one pattern at a time."""
    used = 0
    magnitude = 1.0
    match = figures._MAGNITUDE.match(after)
    if match:
        short = match.group("short")
        if short == "m" and currency is None:
            match = None
        else:
            name = (match.group("word") or short or "").strip().casefold()
            magnitude, used = figures._MAGNITUDES[name], match.end()
    rest = after[used:]
    if currency is not None:
        if figures._ATTACHED_LETTER.match(rest) and not used:
            return None
        return Dimension.MONEY, currency, magnitude, used
    for pattern, kind in _PLAIN_UNITS:
        found = pattern.match(rest)
        if not found:
            continue
        end = used + found.end()
        if kind == "points":
            return Dimension.PERCENT, POINTS, magnitude, end
        if kind == "percent":
            return Dimension.PERCENT, "%", magnitude, end
        if kind == "pointword":
            return Dimension.PERCENT, POINT_WORD, magnitude, end
        if kind == "fold":
            return Dimension.NUMBER, FOLD, magnitude, end
        if kind == "money":
            word = (found.group("word") or "").lower()
            named = "EUR" if word.startswith("euro") else "GBP" if word.startswith("pound") else "USD"
            code = found.group("code") or named
            return Dimension.MONEY, code, magnitude, end
        if magnitude != 1.0:
            break
        name = found.group("unit")
        canonical = figures._DURATION_CANONICAL[name.casefold().rstrip("s") if len(name) > 2 else name.casefold()]
        return Dimension.DURATION, canonical, DURATION_SECONDS[canonical], end
    if figures._ATTACHED_LETTER.match(rest):
        return None
    free = figures._FREE_UNIT.match(rest)
    word = free.group("unit").lower() if free else ""
    return Dimension.NUMBER, ("" if word in figures._NOT_UNITS else word), magnitude, used


def _plain_matching(self: claims._Lookup, figure: Figure) -> list[Support]:
    """`_Lookup.matching` with nothing remembered: every family and part asked for every figure."""
    low, high = figure.bounds()
    epsilon = 1e-9 * max(1.0, abs(figure.value))
    found: list[Support] = []
    for family in families_of_figure(figure):
        runs = [run for part in self.parts if (run := part.between(family, low - epsilon, high + epsilon))]
        if len(runs) == 1:
            found += runs[0]
        elif runs:
            found += sorted((s for run in runs for s in run), key=lambda s: s.value)
    return found


def _plain_judge(
    line: Line,
    figure: Figure,
    following: Figure | None,
    lookup: claims._Lookup,
    index: StoryIndex | None,
    known_nouns: frozenset[str],
) -> Judged:
    """`claims._judge` with no early return for a figure that matches nothing."""
    figure = claims.as_change(line, figure)
    matched = lookup.matching(figure)
    period = claimed_period(line, figure, following) if any(s.period is not None for s in matched) else None
    relative = "relativ" in line.lower or claims.worded_share(figure)
    candidates = [s for s in matched if (not s.converted or s.period == period) and (not s.relative or relative)]
    judged = Judged(figure, candidates)
    if not candidates:
        if any(s.relative for s in matched):
            judged.finding = claims._points_finding(figure, matched, relative_only=True)
        return judged
    if figure.unit == "%" and all(s.family == "points" for s in candidates) and not relative:
        judged.finding = claims._points_finding(figure, candidates, relative_only=False)
        return judged
    narrowed = claims._by_period(figure, candidates, period, judged)
    narrowed = narrowed and claims._by_talk(line, narrowed)
    narrowed = narrowed and claims._by_net(line, figure, narrowed, judged)
    narrowed = narrowed and claims._by_noun(line, figure, narrowed, known_nouns, judged)
    narrowed = narrowed and claims._by_prose_noun(line, figure, narrowed, judged)
    if narrowed and index is not None and figure.unit and claims.measure_kind(figure.unit):
        narrowed = claims._by_measure_unit(figure, narrowed, index, judged)
    if narrowed and index is not None:
        narrowed = claims._by_metric(line, figure, narrowed, index, lookup, judged)
    if narrowed and figure.dimension is Dimension.MONEY:
        narrowed = claims._by_saving(line, figure, narrowed, judged)
    if narrowed:
        narrowed = claims._by_direction(line, figure, narrowed, judged, index)
    if narrowed:
        narrowed = claims._by_role(line, figure, narrowed, judged)
    if narrowed:
        narrowed = claims._by_kind_word(line, figure, narrowed, judged, lookup)
    if narrowed and figure.unit == "%":
        narrowed = claims._by_sign(line, figure, narrowed, judged)
    judged.candidates = narrowed
    return judged


def _plain_by_noun(
    line: Line, figure: Figure, candidates: list[Support], known: frozenset[str], judged: Judged
) -> list[Support]:
    """`claims._by_noun` with every word's lemma listed before the first is taken."""
    measured = bool(figure.unit) and claims.measure_kind(figure.unit) is not None
    if figure.dimension is not Dimension.NUMBER or figure.unit == FOLD or measured:
        return candidates
    after = line.after(figure)
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'-]*", after)[:4]]
    nouns = [(w, lemma(w)) for w in words if lemma(w) in known and w.lower() not in claims._NOT_COUNTED][:1]
    if nouns and not re.match(r"^[\s-]*(?:[A-Za-z-]+\s+){0,2}" + re.escape(nouns[0][0]), after):
        nouns = []
    if not nouns and claims._TEAM_OF.search(line.before(figure)[-30:]):
        nouns = [("people", PERSON)]
    if not nouns:
        return candidates
    word, noun = nouns[0]
    kept = [s for s in candidates if s.noun is None or noun in s.noun]
    if not kept:
        story = candidates[0]
        message = f"the story has no {figure.text} {word}; its {figure.text} counts something else"
        judged.finding = claims._error(figure, message, claims._says(story))
    return kept


def _plain_by_metric(
    line: Line,
    figure: Figure,
    candidates: list[Support],
    index: StoryIndex,
    lookup: claims._Lookup,
    judged: Judged,
) -> list[Support]:
    """`claims._by_metric` asking `families_of_figure` itself."""
    metric = _plain_attached_metric(line, figure, index) or claims.metric_named_after(line, figure, index)
    if metric is None:
        return candidates
    if lookup.families_of.get(metric, set()).isdisjoint(families_of_figure(figure)):
        return candidates
    words = index.words_of.get(metric, frozenset())
    kept = [
        s
        for s in candidates
        if (s.quantity and metric in s.quantity) or (s.quantity is None and claims._about(s, words))
    ]
    if not kept:
        own = [s for s in lookup.supports if s.quantity and metric in s.quantity]
        nearest = claims.nearest_support(figure, own)
        judged.finding = claims._error(
            figure, f"this is not a figure of {metric}", claims._says(nearest) if nearest else None
        )
    return kept


def _plain_attached_metric(read: Line, figure: Figure, index: StoryIndex) -> str | None:
    """`line.attached_metric` with whether the line names a metric asked of each word in turn."""
    if read.names is None:
        read.names = any(lemma(w) in index.metric_words for w in re.findall(r"[A-Za-z][A-Za-z'-]*", read.text))
    return attached_metric(read, figure, index)


def _plain_sentence_ends(self: Line) -> list[int]:
    """`Line.sentence_ends` read over the whole marked line."""
    return [m.end() for m in line._SENTENCE_END.finditer(self.marked)]


def _plain_figures_of_masked(masked: str) -> tuple[Figure, ...]:
    """`figures._figures_of_masked` with every figure of the text sorted at once, nothing remembered."""
    found: list[Figure] = []
    for number, text in enumerate(masked.split("\n"), start=1):
        found.extend(figures._figures_in_line.__wrapped__(text, number))
    return tuple(sorted(found, key=lambda f: (f.line, f.column)))


_REMEMBERING = (figures._figures_in_line, figures._figures_of_masked)


def _forget() -> None:
    for cached in _REMEMBERING:
        cached.cache_clear()


@contextmanager
def _plain_judging() -> Iterator[None]:
    """Every shortcut above replaced by the plain code it stands for."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(claims._Lookup, "matching", _plain_matching)
        patch.setattr(claims, "_judge", _plain_judge)
        patch.setattr(claims, "_by_noun", _plain_by_noun)
        patch.setattr(claims, "_by_metric", _plain_by_metric)
        patch.setattr(claims, "attached_metric", _plain_attached_metric)
        patch.setattr(Line, "sentence_ends", property(_plain_sentence_ends))
        patch.setattr(figures, "_read_unit", _plain_read_unit)
        patch.setattr(figures, "_DIGITS", _PLAIN_DIGITS)
        patch.setattr(figures, "_figures_of_masked", _plain_figures_of_masked)
        patch.setattr(claims, "_may_have_table", lambda masked: True)
        _forget()
        try:
            yield
        finally:
            _forget()


# ---- drafts made of a story's own words and figures -----------------------------------------

_GLUE = [
    "rose", "fell", "from", "to", "up from", "down from", "down", "by", "by about", "instead of", "→", "a month",
    "per year", "annual", "monthly", "a quarter", "relative", "engineers", "people", "team of", "deploys",
    "incidents", "(p99)", ",", ".", ";", "—", "faster", "slower", "lower", "higher", "halved", "doubled",
    "about", "over", "nearly", "%", "pp", "points", "×", "times faster", "the", "lead time", "and", "cost",
    "twelve", "a dozen", "half of", "$", "€", "£", "k", "M", "weeks", "days", "hours", "ms", "USD", "EUR",
]  # fmt: skip


def _pieces(story: Story) -> list[str]:
    """What a draft of a story may say: its metrics' names and values, the values it supports, and glue."""
    index = story_index(story, "internal")
    names = [m.name for m in story.meta.metrics]
    values = [t for m in story.meta.metrics for t in (m.before.text, m.after.text)]
    shown = sorted({s.shown for s in index.supports if s.shown})
    return names * 3 + values * 3 + shown + _GLUE + [str(n) for n in (1, 2, 3, 5, 12, 40, 95, 120, 2026)]


def _draft(rng: random.Random, pieces: Sequence[str], stories: Sequence[Story]) -> str:
    """A few lines of pieces, sometimes a Before/After table of the stories' metrics, either way round."""
    lines = [" ".join(rng.choice(pieces) for _ in range(rng.randint(2, 14))) + "." for _ in range(rng.randint(1, 4))]
    if rng.random() < 0.3:
        header = rng.choice(
            ["| Metric | Before | After |", "|What|before|after|", "  | | Before | After", "| Before | After |"]
        )
        metrics = [m for story in stories for m in story.meta.metrics]
        rows = []
        for metric in rng.sample(metrics, min(3, len(metrics))):
            values = [metric.before.text, metric.after.text, rng.choice(pieces)]
            rng.shuffle(values)
            rows.append(" | ".join([metric.name, *values[:2]]))
        lines += ["", header, "|---|---|---|", *(f"| {row} |" for row in rows)]
    return "\n".join(lines) + "\n"


def _drafts(count: int, seed: int) -> Iterator[tuple[str, list[Story], str]]:
    rng = random.Random(seed)
    pieces = {story.path: _pieces(story) for story in STORIES}
    for _ in range(count):
        stories = rng.sample(STORIES, 2) if rng.random() < 0.2 else [rng.choice(STORIES)]
        mixed = [p for story in stories for p in pieces[story.path]]
        audience = "public" if all(s.public for s in stories) and rng.random() < 0.7 else "internal"
        yield _draft(rng, mixed, stories), stories, audience


# ---- the tests -------------------------------------------------------------------------------


def test_drafts_are_judged_as_with_every_shortcut_replaced_by_the_plain_code() -> None:
    drafts = list(_drafts(600, seed=7))
    fast = [check_draft(text, stories, kind="blog", audience=audience) for text, stories, audience in drafts]
    with _plain_judging():
        plain = [check_draft(text, stories, kind="blog", audience=audience) for text, stories, audience in drafts]
    for (text, _, _), one, other in zip(drafts, fast, plain, strict=True):
        assert one == other, text
    assert sum(not report.ok for report in fast) > 100  # the drafts say wrong things too


def test_the_accuracy_cases_are_judged_as_with_every_shortcut_replaced() -> None:
    stories = {s.path.name: s for s in STORIES}
    cases = [c for c in CASES if c and c["story"] in stories]
    assert len(cases) > 500

    def judged() -> list[object]:
        return [
            check_draft(c["text"] + "\n", stories[c["story"]], kind=c["kind"], audience=c["audience"]) for c in cases
        ]

    fast = judged()
    with _plain_judging():
        plain = judged()
    assert fast == plain


def test_a_lookup_remembers_what_a_figure_matches_and_hands_out_lists_of_its_own() -> None:
    rng = random.Random(11)
    for story in STORIES:
        index = story_index(story, "internal")
        own = own_supports(extra_supports(["(5 min)", 3, "30 minutes", "$1.2M", "21×", "45%"]), 1)
        lookup = claims._Lookup([index], own)
        pieces = _pieces(story)
        texts = [" ".join(rng.choice(pieces) for _ in range(4)) for _ in range(60)]
        found = [f for text in texts for f in extract_figures(text)] * 2  # each figure asked for twice
        rng.shuffle(found)
        for figure in found:
            first = lookup.matching(figure)
            assert first == _plain_matching(lookup, figure), figure
            assert lookup.families(figure) == families_of_figure(figure), figure
            first.clear()
            assert lookup.matching(figure) == _plain_matching(lookup, figure), figure


def test_a_lookup_finds_for_each_figure_what_matching_supports_finds() -> None:
    # `_plain_matching` itself: per family, the matching supports in order of value.
    for story in STORIES:
        index = story_index(story, "internal")
        lookup = claims._Lookup([index], [])
        for support in index.supports[:80]:
            for figure in extract_figures(support.shown):
                found = matching_supports(figure, lookup.supports)
                expected = [
                    s for f in families_of_figure(figure) for s in sorted((s for s in found if s.family == f),
                                                                             key=lambda s: s.value)
                ]  # fmt: skip
                assert lookup.matching(figure) == expected


_UNIT_PIECES = [
    "", " ", "  ", "\t", "-", "%", "pp", "p.p.", " percentage points", "percentage", " point", "-points", " pts",
    "pt", "-percent", " percent", " per cent", " pct", "×", "x", "X", "fold", "-fold", " times", " faster", " the",
    " as", "weeks", " weeks", "-week", " business", " days", "ms", "m", "h", "d", "s", "w", "y", "Y", "M", "k",
    "K", "B", "bn", "mn", "MM", " million", " thousand", "USD", " USD", "EUR", "GBP", " dollars", " euros",
    " Euro", "ſ", "ſec", "İ", "\u212a", "3", "rd", ",", ".", ")", "|", "–", "a", "_", "Weeks", " HOURS", " mins",
]  # fmt: skip


def _outcome(read: Callable[[str, str | None], object], after: str, currency: str | None) -> object:
    """What a unit reader returns, or the error it raises (none is expected: "5 ſec" reads as seconds)."""
    try:
        return read(after, currency)
    except KeyError as err:
        return ("KeyError", err.args)


def test_units_read_with_one_pattern_are_read_as_with_each_pattern_in_turn() -> None:
    rng = random.Random(3)
    for _ in range(40_000):
        after = "".join(rng.choice(_UNIT_PIECES) for _ in range(rng.randint(0, 4)))
        for currency in (None, "USD", "EUR"):
            fast = _outcome(figures._read_unit, after, currency)
            assert fast == _outcome(_plain_read_unit, after, currency), (after, currency)


def test_every_single_piece_and_pair_of_pieces_reads_the_same_unit() -> None:
    for first in _UNIT_PIECES:
        for second in _UNIT_PIECES:
            after = first + second
            assert _outcome(figures._read_unit, after, None) == _outcome(_plain_read_unit, after, None), after


_LINE_PIECES = [
    "Lead time", "fell", "to", "6 weeks", "2 days", "$1.2M", "5 p.p.", ".", ". ", "!", "? ", ";", " — ", " – ", "—",
    "(p99)", "(", ")", "and", "cost", "|", ":", "rose", "by", "45%", "from", "the", "21×", "about 4", "twelve",
]  # fmt: skip


def test_sentence_ends_read_up_to_the_last_figure_are_the_ends_before_it() -> None:
    rng = random.Random(5)
    for _ in range(5_000):
        text = " ".join(rng.choice(_LINE_PIECES) for _ in range(rng.randint(1, 12)))
        found = extract_figures(text)
        if not found:
            continue
        fast = Line(text, found, text.lower())
        plain = _plain_sentence_ends(Line(text, found, text.lower()))
        last = max(f.column for f in found)
        assert fast.sentence_ends == [end for end in plain if end <= last], text


def test_attached_metrics_read_with_the_shorter_sentence_ends_are_the_same() -> None:
    rng = random.Random(9)
    for story in STORIES:
        index = story_index(story, "internal")
        pieces = [m.name for m in story.meta.metrics] + _LINE_PIECES
        for _ in range(300):
            text = " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
            masked = mask_non_claims(text)
            found = extract_figures(text)
            fast = Line(masked, found, masked.lower())
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(Line, "sentence_ends", property(_plain_sentence_ends))
                plain = Line(masked, found, masked.lower())
                expected = [attached_metric(plain, f, index) for f in found]
            assert [attached_metric(fast, f, index) for f in found] == expected, text


def test_a_text_with_no_bar_has_no_table() -> None:
    rng = random.Random(13)
    pieces = ["| Metric | Before | After |", "|---|---|---|", "| a | 1 | 2 |", "text", "  ", "", "Before", "After"]
    for _ in range(2_000):
        text = "\n".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
        if not claims._may_have_table(text):
            assert table_columns(text.split("\n")) == {}
    assert table_columns(["| x | Before | After |", "| a | 1 | 2 |"]) == {2: (1, 2)}


def test_numbers_found_from_their_first_character_are_those_the_plain_pattern_finds() -> None:
    rng = random.Random(17)
    alphabet = "0123456789.,-#@/ a_x\u0663\n\t$%"  # "\u0663" is a digit too, to `\d`
    for _ in range(100_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        fast = [(m.span(), m.group("digits")) for m in figures._DIGITS.finditer(text)]
        assert fast == [(m.span(), m.group("digits")) for m in _PLAIN_DIGITS.finditer(text)], text
    found = [m.group("digits") for m in figures._DIGITS.finditer("1,200,000 and 1,20 x.5 .5 6.5 v2 GPT-4")]
    assert found == ["1,200,000", "1", ".5", "6.5"]


_ORDER_PIECES = [
    "doubled", "halved", "a third", "twice as", "about", "5", "3–4 weeks", "$1.2M", "12", "dozens of", "tenfold",
    "half of", "twenty", "engineers", "~", "over", "\n", " ", ", ", "by half", "45%",
]  # fmt: skip


def test_figures_sorted_line_by_line_are_in_the_order_of_one_sort_of_all() -> None:
    rng = random.Random(23)
    for _ in range(3_000):
        text = " ".join(rng.choice(_ORDER_PIECES) for _ in range(rng.randint(1, 16)))
        masked = mask_non_claims(text)
        assert figures.figures_of_masked(masked) == list(_plain_figures_of_masked(masked)), text


def _plain_given_role(attribution: str, name: str) -> str:
    """`quotes._given_role` as it was written before: one pattern per name, compiled per call."""
    match = re.search(re.escape(name) + r"\s*(?:,\s*(?P<comma>[^,()\n—:;\"“”]+)|\((?P<paren>[^()\n]+)\))", attribution)
    if match is None:
        return ""
    return " ".join((match.group("comma") or match.group("paren") or "").split()).strip(" .")


def test_the_role_after_a_name_is_found_as_one_search_for_both_finds_it() -> None:
    from kit.checks.quotes import _given_role

    pieces = ["Ann", "Ann Lee", "Lee", ",", " ", "(", ")", "VP", "\n", "—", ".", "x", "“"]
    seed = random.Random(7)
    for _ in range(20_000):
        attribution = "".join(seed.choice(pieces) for _ in range(seed.randint(0, 12)))
        name = seed.choice(["Ann", "Ann Lee", "Lee", "A", "nn", "", "(x)"])
        assert _given_role(attribution, name) == _plain_given_role(attribution, name), (attribution, name)
