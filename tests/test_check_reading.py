"""Reading a draft fast finds what reading it slowly finds.

The checks skip a pattern where a cheap test says it cannot match (its "need"), read number
words only in lines that have one, compile rare patterns on first use and remember texts they
read before. These tests read the same texts with every shortcut turned off and compare.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit.checks import figures, masking, number_words, quotes, reading
from kit.checks.figures import extract_figures
from kit.checks.masking import folded, mask_non_claims, prose

_ANYWHERE = re.compile("")  # a need every text meets


class _NeverDisjoint(frozenset[str]):
    """Number words "in" every line: the reader looks for them everywhere."""

    def isdisjoint(self, other: object) -> bool:
        return False


def _forget() -> None:
    for cached in (masking.prose, masking._masked, figures._figures_of_masked, quotes._draft_quotes):
        cached.cache_clear()


@contextmanager
def _no_shortcuts() -> Iterator[None]:
    """Every pattern runs on every text, and nothing read before is remembered."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(masking, "_NOT_PROSE", [(("",), p) for _, p in masking._NOT_PROSE])
        patch.setattr(masking, "_NOT_CLAIMS", [(_ANYWHERE, p) for _, p in masking._NOT_CLAIMS])
        for need in ("YEAR_DIGITS", "_NAMED_VERSION_NEED", "_NAMED_RELEASE_NEED", "_LABEL_NEED"):
            patch.setattr(masking, need, _ANYWHERE)
        patch.setattr(figures, "NUMBER_WORDS", _NeverDisjoint())
        patch.setattr(figures, "_ANY_HEDGE", _ANYWHERE)
        patch.setattr(number_words, "_ANY_WORD_CLAIM", _ANYWHERE)
        patch.setattr(reading, "_ANY_PERIOD", _ANYWHERE)
        patch.setattr(reading, "_ANY_PERIOD_ADJECTIVE", _ANYWHERE)
        patch.setattr(reading, "_BY_ENDS", "")  # every text ends with ""
        _forget()
        try:
            yield
        finally:
            _forget()


WORDS = [
    "step", "Step", "ſtep", "STEP", "Part", "fig.", "no.", "three", "twelve", "twenty-one", "a dozen",
    "half", "a third", "two-thirds", "doubled", "halved", "tenfold", "dozens of", "hundreds", "about",
    "approx.", "nearly", "more than", "just over", "~", "≈", "up to", "$", "US$", "USD", "€", "£", "+", "-",
    "−", "5", "40", "1,200", "3.5", "2025", "2040", "1999", "2024–2026", "5k", "2M", "%", "pp", "×", "x",
    "weeks", "hours", "ms", "a month", "per year", "annual", "monthly", "users", "engineers", "in", "from",
    "to", "by", "cut", "lead time", "by about", "May", "September 30", "Q3", "H1", "FY26", "10:30", "am",
    "24/7", "2024-05-01", "v2.1", "1.2.3", "Python", "3.11", "Java", "21", "Postgres", "16", "#", "##",
    "1.", "-", "—", "|", "(", ")", ".", ",", ";", ":", "http://x.io/a", "www.Example.com", "a@b.co", "`code`",
    "```", "[1]", "[^2]", "](x)", "<b>", "&amp;", "<!--", "-->", ">", "K", "İ", "Kelvin",
]  # fmt: skip
SEPARATORS = [" ", "", "\n", "  ", " \n", "\n\n", "-", "\t"]
TEXTS = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=40).map(
    lambda parts: "".join(w + s for w, s in parts)
)
NAMES = st.lists(st.sampled_from(["Postgres", "Python", "Java", "Kubernetes"]), max_size=2)


@settings(max_examples=300, deadline=None)
@given(TEXTS, NAMES)
def test_masking_with_shortcuts_blanks_what_it_blanks_without(text: str, names: list[str]) -> None:
    fast = (prose(text), mask_non_claims(text, names))
    with _no_shortcuts():
        slow = (prose(text), mask_non_claims(text, names))
    assert fast == slow


@settings(max_examples=300, deadline=None)
@given(TEXTS, NAMES)
def test_figures_with_shortcuts_are_the_figures_without(text: str, names: list[str]) -> None:
    fast = extract_figures(text, names)
    with _no_shortcuts():
        slow = extract_figures(text, names)
    assert fast == slow


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_periods_and_directions_with_shortcuts_are_those_without(text: str) -> None:
    fast = (reading.period_after(text), reading.period_before(text), reading.direction_before(text))
    with _no_shortcuts():
        slow = (reading.period_after(text), reading.period_before(text), reading.direction_before(text))
    assert fast == slow


def test_folded_text_keeps_every_offset_and_reads_letters_as_ignoring_case_does() -> None:
    text = "İstanbul ſtep 3, 5 \u212aB, ÉTAPE"
    lower = folded(text)
    assert len(lower) == len(text)
    assert lower == "istanbul step 3, 5 kb, étape"
    assert all(re.fullmatch(re.escape(low), char, re.IGNORECASE) for char, low in zip(text, lower, strict=True))


def test_a_label_in_a_letter_ignoring_case_takes_for_ascii_is_still_a_label() -> None:
    assert mask_non_claims("See ſtep 3 now.") == "See ſtep   now."


def test_a_hedge_far_before_its_number_is_read_as_it_always_was() -> None:
    # Only the 40 characters before a number can hedge it: "just " is cut off, "over" is not.
    (figure,) = extract_figures("just over" + " " * 32 + "5 weeks")
    assert figure.hedge == "over"


def test_remembered_texts_come_back_as_new_lists() -> None:
    first = extract_figures("We cut it from 6 weeks to 2 days.")
    first.clear()
    assert [f.text for f in extract_figures("We cut it from 6 weeks to 2 days.")] == ["6 weeks", "2 days"]


def test_a_case_hypothesis_found_masks_as_without_shortcuts() -> None:
    # The release pattern's need, run everywhere (as `_no_shortcuts` runs it), matched at the
    # text's very end and read its line twice.
    text = "step stepSeptember 30 "
    fast = (prose(text), mask_non_claims(text, []))
    with _no_shortcuts():
        slow = (prose(text), mask_non_claims(text, []))
    assert fast == slow
