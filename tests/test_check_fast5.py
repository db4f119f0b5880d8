"""Shortcuts in reading a draft find what the plain code finds.

- `kit.checks.masking` writes the dates with a month name (`_NOT_CLAIMS`) without a leading
  `\\b`, so the regex engine skips ahead to a month's letters, and groups the label words of
  `_LABEL_NEED` by first letter: every match (span and groups) is compared with the plain
  patterns, kept here, on generated texts.
- `masking._ends_with_date_cue` is the long date-word pattern as a word and a set lookup.
- `masking._blank_releases` blanks "Java 21" only in the lines where its need is found.
- `figures._figures_in_line` reads a line's text once and renumbers its figures for another line.
- `claims._near_figure` is the pattern `_by_noun` built for each figure, compiled once per word.
"""

from __future__ import annotations

import random
import re
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from kit.checks import claims, figures, masking

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_YEAR = r"(?:199\d|20\d\d|2100)"
# The patterns as they were written before, each with a leading `\b`.
PLAIN_DATES = [
    re.compile(rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+{_YEAR}\b)?"),
    re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR}\b)?"),
    re.compile(rf"\b{_MONTH}\s*(?:[–—-]\s*{_MONTH}\s*)?,?\s+{_YEAR}\b"),
]
_LABELS = (
    r"part|step|chapter|phase|stage|section|figure|fig\.|table|slide|appendix|lesson|module|"
    r"episode|act|round|sprint|level|tier|milestone|iteration|item|page|no\.|number|track|room|gate|wave"
)
_LABEL_NUMBERS = r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
PLAIN_LABEL_NEED = re.compile(rf"(?:{_LABELS})\s+(?:\d|{_LABEL_NUMBERS})")


def _fast_dates() -> list[re.Pattern[str]]:
    need, patterns = masking._NOT_CLAIMS[3]
    assert need is masking._MONTH_NAME  # the month-name entry, as the tests below assume
    return [pattern() for pattern in patterns]


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


def _assert_same_dates(text: str) -> None:
    for plain, fast in zip(PLAIN_DATES, _fast_dates(), strict=True):
        assert _matches(fast, text) == _matches(plain, text), (plain.pattern, text)
        assert fast.sub(masking._blank, text) == plain.sub(masking._blank, text)
        for start in range(len(text) + 1):  # from any position, as a sub after a match goes on
            found, expected = fast.search(text, start), plain.search(text, start)
            assert (found and (found.span(), found.groups())) == (expected and (expected.span(), expected.groups()))


DATE_WORDS = [
    "Jan", "January", "Janu", "Jun", "June", "Junes", "Jul", "July", "Julyy", "May", "Mayor", "Mar", "March",
    "Marc", "Sep", "Sept", "September", "Septe", "Dec", "Decision", "December", "Oct", "Nov", "Feb",
    "February", "Apr", "April", "Aug", "August", "jan", "JAN", "x", "_", "é", "ü", "Q", "of", "st", "nd", "th",
    "1", "3", "30", "301", "7th", "21st", "2026", "1999", "2100", "20266", "'26", ".", ",", "-", "–", "—", "'",
]  # fmt: skip
DATE_SEPARATORS = ["", " ", "  ", "\n", "\t", ", ", ". ", "-", "."]
DATE_TEXTS = st.lists(st.tuples(st.sampled_from(DATE_WORDS), st.sampled_from(DATE_SEPARATORS)), max_size=14).map(
    lambda parts: "".join(w + s for w, s in parts)
)


@settings(max_examples=600, deadline=None)
@given(DATE_TEXTS)
def test_dates_with_a_month_match_as_the_plain_patterns(text: str) -> None:
    _assert_same_dates(text)


def test_dates_with_a_month_match_on_many_random_texts() -> None:
    rng = random.Random(5)
    for _ in range(3000):
        parts = [rng.choice(DATE_WORDS) + rng.choice(DATE_SEPARATORS) for _ in range(rng.randrange(1, 10))]
        _assert_same_dates("".join(parts))


def test_dates_with_a_month_examples() -> None:
    for text in [
        "on September 30, 2026 we", "Sep 30th", "30 September 2026", "the 3rd of May, 2025", "September 2026",
        "Jan–Mar 2026", "Sept. 5", "xMay 5", "_May 5", "éMay 5", "May 5", "May", "Decision 5", "5 Decision",
        "x5 May", "15 May", "155 May", "a5 May", "June 5 2026",
    ]:  # fmt: skip
        _assert_same_dates(text)
    assert _fast_dates()[0].search("we shipped on Sep 30th").group(0) == "Sep 30th"  # type: ignore[union-attr]
    assert _fast_dates()[0].search("xSep 30th") is None


LABEL_WORDS = [
    *_LABELS.replace("\\", "").split("|"), "par", "ste", "fi", "no", "impact", "department", "tables", "steps",
    *_LABEL_NUMBERS.split("|"), "1", "23", "x", "a", ".", "-",
]  # fmt: skip
LABEL_TEXTS = st.lists(st.tuples(st.sampled_from(LABEL_WORDS), st.sampled_from(["", " ", "  ", "\n", "\t", "-"])),
                       max_size=12).map(lambda parts: "".join(w + s for w, s in parts))  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(LABEL_TEXTS)
def test_label_need_is_found_where_the_plain_need_is(text: str) -> None:
    assert bool(masking._LABEL_NEED.search(text)) == bool(PLAIN_LABEL_NEED.search(text))


def test_label_need_on_many_random_texts() -> None:
    rng = random.Random(9)
    for _ in range(5000):
        text = "".join(rng.choice(LABEL_WORDS) + rng.choice(["", " ", "\n", "  "]) for _ in range(rng.randrange(1, 8)))
        assert bool(masking._LABEL_NEED.search(text)) == bool(PLAIN_LABEL_NEED.search(text)), text


def test_label_need_has_every_label() -> None:
    for label in _LABELS.replace("\\", "").split("|"):
        assert masking._LABEL_NEED.search(f"see {label} 3")
        assert masking._LABEL_NEED.search(f"see {label}\ttwelve")
        assert not masking._LABEL_NEED.search(f"see {label}, 3")


# ---- figures read once per line's text ---------------------------------------------------

LINE_WORDS = [
    "6 weeks", "2 days", "$1.2M", "about 40%", "21×", "3–4 weeks", "twelve engineers", "doubled", "half of",
    "from", "to", "lead time", "fell", "| 6 |", "- ", "## ", "5", "2025", "a quarter of", "x", ",", ".",
]  # fmt: skip


def _random_lines(rng: random.Random, count: int) -> list[str]:
    return ["".join(rng.choice(LINE_WORDS) + rng.choice([" ", ""]) for _ in range(rng.randrange(0, 6)))
            for _ in range(count)]  # fmt: skip


def test_figures_of_a_line_read_before_at_another_number_are_renumbered() -> None:
    rng = random.Random(13)
    texts = _random_lines(rng, 40)
    figures._figures_in_line.cache_clear()
    for _ in range(4000):
        text, number = rng.choice(texts), rng.randrange(1, 30)
        assert figures._figures_in_line(text, number) == figures._read_line(text, number), (text, number)
    figures._figures_in_line.cache_clear()


def test_figures_of_a_line_when_texts_are_forgotten() -> None:
    rng = random.Random(17)
    texts = _random_lines(rng, 30)
    small = figures._PerText(figures._read_line, size=5)  # texts forgotten all the time
    for _ in range(2000):
        text, number = rng.choice(texts), rng.randrange(1, 6)
        assert small(text, number) == figures._read_line(text, number)
    assert len(small._read) <= 5
    small.cache_clear()
    assert not small._read


def test_renumbered_figures_differ_only_in_their_line() -> None:
    figures._figures_in_line.cache_clear()
    first = figures._figures_in_line("cut from 6 weeks to 2 days, about 40% less", 3)
    again = figures._figures_in_line("cut from 6 weeks to 2 days, about 40% less", 8)
    assert [f.line for f in first] == [3, 3, 3] and [f.line for f in again] == [8, 8, 8]
    assert [replace(f, line=8) for f in first] == list(again)
    assert figures._figures_in_line.__wrapped__ is figures._read_line
    figures._figures_in_line.cache_clear()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(LINE_WORDS), st.sampled_from([" ", "", "\n"])), max_size=30),
       st.integers(0, 3))  # fmt: skip
def test_figures_of_a_text_are_read_as_line_by_line(parts: list[tuple[str, str]], repeat: int) -> None:
    text = "".join(w + s for w, s in parts)
    text = "\n".join([text] * (repeat + 1))  # the same lines again at other numbers
    expected = [f for n, line in enumerate(text.split("\n"), 1) for f in figures._read_line(line, n)]
    figures._figures_of_masked.cache_clear()
    assert figures.figures_of_masked(text) == expected


# ---- a noun counted right after a figure --------------------------------------------------


def test_near_figure_pattern_is_the_pattern_built_each_time() -> None:
    rng = random.Random(21)
    words = ["engineers", "people", "models", "o'clock", "team-mates", "a", "new", "senior", "-", " ", "  ", "\t"]
    for _ in range(3000):
        after = "".join(rng.choice(words) + rng.choice([" ", "", "-"]) for _ in range(rng.randrange(0, 6)))
        word = rng.choice(["engineers", "people", "models", "o'clock", "team-mates", "a+b", "x.y"])
        built = re.match(r"^[\s-]*(?:[A-Za-z-]+\s+){0,2}" + re.escape(word), after)
        found = claims._near_figure(word).match(after)
        assert (found and found.span()) == (built and built.span()), (word, after)


# ---- a date word before a year ------------------------------------------------------------

_CUES = (
    "in|since|by|until|till|from|through|during|before|after|early|late|mid|of|for|the|our|their|its|"
    "this|last|next|each|every|fiscal|calendar|spring|summer|autumn|fall|winter|end|start|between|and|to"
)
PLAIN_DATE_CUE = re.compile(rf"(?:\b(?:{_CUES})|[-–—(])\s*$", re.IGNORECASE)
CUE_PARTS = [
    *_CUES.split("|"), "IN", "Since", "FISCAL", "ſince", "İn", "ın", "wıthin", "within", "x", "_", "é", "3", "mid",
    "midst", "tO", "toe", "ends", "the2", "_in", "ſ", "K", "Ｉn", "-", "–", "—", "(", ")", ".", ",", "'", "$",
]  # fmt: skip
CUE_SPACES = ["", " ", "  ", "\n", "\t", "\xa0", "\u2003", " \n", "\n\n", "\x1c", "\x85"]


def _random_cue_text(rng: random.Random) -> str:
    return "".join(rng.choice(CUE_PARTS) + rng.choice(CUE_SPACES) for _ in range(rng.randrange(0, 6)))


def test_date_cue_is_found_where_the_pattern_finds_it() -> None:
    rng = random.Random(23)
    for _ in range(20000):
        text = _random_cue_text(rng)
        assert masking._ends_with_date_cue(text) == bool(PLAIN_DATE_CUE.search(text)), repr(text)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(CUE_PARTS), st.sampled_from(CUE_SPACES)), max_size=8))
def test_date_cue_is_found_where_the_pattern_finds_it_generated(parts: list[tuple[str, str]]) -> None:
    text = "".join(w + s for w, s in parts)
    assert masking._ends_with_date_cue(text) == bool(PLAIN_DATE_CUE.search(text))


def test_date_cue_letters_compare_as_ignorecase_does() -> None:
    """The characters the pattern takes for a letter of a date word are those `folded` makes that letter."""
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    folds_to: dict[str, set[str]] = {}
    for character in everything:
        folds_to.setdefault(masking.folded(character), set()).add(character)
    for letter in sorted({c for word in _CUES.split("|") for c in word}):
        assert set(re.findall(letter, everything, re.IGNORECASE)) == folds_to[letter], letter


def test_date_cue_examples() -> None:
    assert masking._ends_with_date_cue("we shipped in ")
    assert masking._ends_with_date_cue("Fiscal")
    assert masking._ends_with_date_cue("mid-")
    assert masking._ends_with_date_cue("(")
    assert not masking._ends_with_date_cue("within ")
    assert not masking._ends_with_date_cue("x_in ")
    assert not masking._ends_with_date_cue("")
    assert masking.is_count_not_year("we have ", " users") and not masking.is_count_not_year("in ", " users")


# ---- releases ("Java 21") blanked line by line ----------------------------------------------

RELEASE_PARTS = [
    "Java", "Node", "iOS", "macOS", "C++", "C#", "ROI", "CPU", "AWS", "Python", "Author", "We", "The", "and",
    "or", "with", "runs", "LTS", "in", "x", "21", "3", "100", "1000", "3.11", ".", ",", ";", ":", "!", "?", ")",
    "(", "—", "-", "USD", "To", "From", "Ubuntu", "Java 21", "iOS 17", "C++ 17", "ROI 3", "Author 100", "Node 20",
]  # fmt: skip
RELEASE_SEPARATORS = [" ", " ", " ", "", "\n", "\n\n", ". ", ": ", "  ", "\t"]


def _random_release_text(rng: random.Random) -> str:
    return "".join(rng.choice(RELEASE_PARTS) + rng.choice(RELEASE_SEPARATORS) for _ in range(rng.randrange(0, 14)))


def _plain_blank_releases(text: str) -> str:
    return masking._NAMED_RELEASE().sub(masking._blank_version, text)


def test_releases_blanked_line_by_line_as_in_the_whole_text() -> None:
    rng = random.Random(29)
    changed = 0
    for _ in range(20000):
        text = _random_release_text(rng)
        expected = _plain_blank_releases(text)
        assert masking._blank_releases(text) == expected, repr(text)
        changed += expected != text
    assert changed > 2000  # the texts have releases to blank


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(RELEASE_PARTS), st.sampled_from(RELEASE_SEPARATORS)), max_size=16))
def test_releases_blanked_line_by_line_generated(parts: list[tuple[str, str]]) -> None:
    text = "".join(w + s for w, s in parts)
    assert masking._blank_releases(text) == _plain_blank_releases(text)


def test_releases_examples() -> None:
    for text in [
        "We run Java 21 and Node 20.", "Java 21\nNode 20", "Upgraded to Python 3.11", "On iOS 17, it",
        "Java 21", "x. Java 21", "runs C++ 17\n\n, then", "the ROI 3, and", "Author 100\nAuthor 101 and",
        "a Java 21x", "Java 21\n", "\nJava 21 ",
    ]:  # fmt: skip
        assert masking._blank_releases(text) == _plain_blank_releases(text), text
    assert masking._blank_releases("We run Java 21 now.\nIt works") == "We run Java 21 now.\nIt works"
    assert masking._blank_releases("we run Java 21.") == "we run Java   ."
