"""3. The newsletter's preheader is cut at a whole figure, never inside one.

"…Median bed turnover time from 6 hours to 90… And 9 more wins" lost the unit of "90 minutes".
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from kit import newsletter as nl
from tests.support import kit_cli, write_story

STORY = """\
---
title: "{title}"
date: 2026-09-{day}
team: Patient Flow
visibility: public
authors: [{{name: Lena Brunner}}]
metrics:
  - {{name: Median bed turnover time, before: 6 hours, after: {after}, better: lower, headline: true}}
---
## Results
Beds turn over faster.
"""


def test_the_preheader_keeps_each_figure_with_its_unit(tmp_path: Path) -> None:
    stories = tmp_path / "stories"
    for index in range(11):  # the lead, 9 more wins and a setback (7 hours), as H20's issue had
        title = "Bed turnover at St. Aurelia: from 6 hours to 90 minutes" if index == 0 else f"Story {index}"
        after = "7 hours" if index == 10 else "90 min"
        write_story(stories, f"s{index}.md", STORY.format(title=title, day=20 - index, after=after))
    code, out, err = kit_cli("newsletter", stories, "--out", tmp_path / "nl")
    assert code == 0, out + err
    text = next((tmp_path / "nl").glob("*.txt")).read_text(encoding="utf-8")
    assert text.splitlines()[1] == (
        "Bed turnover at St. Aurelia: from 6 hours to 90 minutes: Median bed turnover time from 6 hours to "
        "90 minutes… And 9 more wins and 1 setback."
    )


UNITS = st.sampled_from(["hours", "minutes", "days", "incidents", "ms", "%", "k", ""])
NUMBERS = st.decimals(min_value=0, max_value=10**7, places=1, allow_nan=False, allow_infinity=False)


@given(NUMBERS, UNITS, NUMBERS, UNITS, st.text("ab ", min_size=1, max_size=40), st.integers(30, 140))
def test_a_cut_never_leaves_a_number_without_its_unit_nor_half_a_change(
    before: object, unit: str, after: object, after_unit: str, words: str, limit: int
) -> None:
    space = "" if unit in ("%", "k") else " "
    later = "" if after_unit in ("%", "k") else " "
    change = f"from {before:,}{space}{unit} to {after:,}{later}{after_unit}".replace("  ", " ").strip()
    card = {"title": f"Title {words}".strip(), "headline": {"name": "Lead time", "phrase": change}, "improved": 1}
    full = nl.preheader([card, card], limit=10_000)
    text = nl.preheader([card, card], limit=limit)
    assert len(text) <= limit
    if "…" not in text:
        assert text == full
        return
    kept = text.split("…")[0]
    assert full.startswith(kept)
    # A change is whole or not there at all; a kept number is never followed by its unit in what was cut.
    assert change in kept or "from " not in kept[len(f"Title {words}".strip()) :]
    rest = full[len(kept) :]
    assert not (re.search(r"\d$", kept) and re.match(r" [^\W\d]", rest))
