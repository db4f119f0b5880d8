"""4. A chart's change label is never cut: "up 0.4 percentage…" lost "points" and "worse".

The comparison under a metric's name wraps to more lines, as its name does, and the row grows to hold them.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from kit.charts import LABEL, PAD, before_after_svg, text_width
from kit.facts import derive
from kit.story import Metric
from tests.support import kit_cli, write_story

STORY = """\
---
title: Beds
date: 2026-09-14
team: Patient Flow
visibility: public
authors: [{name: Lena Brunner}]
metrics:
  - {name: Median bed turnover time, before: 6 hours, after: 90 min, better: lower, headline: true}
  - {name: Readmissions within 30 days, before: 8.1%, after: 8.5%, better: lower}
---
## Results
Beds turn over faster.
"""

_TEXT = re.compile(r'<text x="([\d.]+)" y="([\d.]+)"[^>]*font-size="11" fill="#57606a">([^<]*)</text>')


def comparisons(svg: str) -> list[tuple[float, float, str]]:
    """(x, y, text) of each line of grey small print left of the bars: the comparisons."""
    return [(float(x), float(y), unescape(t)) for x, y, t in _TEXT.findall(svg) if float(x) == PAD]


def test_the_change_label_keeps_its_unit_and_says_worse(tmp_path: Path) -> None:
    story = write_story(tmp_path, "beds.md", STORY)
    code, out, err = kit_cli("build", story, "--out", tmp_path / "out", "--kind", "blog")
    assert code == 0, out + err
    svg = (tmp_path / "out" / "beds" / "blog-chart.svg").read_text(encoding="utf-8")
    lines = comparisons(svg)
    texts = [t for _, _, t in lines]
    legend_y = float(re.search(r'y="([\d.]+)"[^>]*>Before</text>', svg).group(1))  # type: ignore[union-attr]
    assert texts[:3] == ["75% less time", "up 0.4 percentage points,", "worse"] and "…" not in svg
    assert lines[2][1] == lines[1][1] + 13 and lines[2][1] < legend_y
    assert all(PAD + text_width(t, 11) <= LABEL for t in texts)


PERCENTS = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)


@given(PERCENTS, PERCENTS, st.sampled_from(["lower", "higher"]), st.text("abcdefgh ", min_size=1, max_size=90))
def test_every_comparison_is_drawn_whole_within_its_column(before: object, after: object, better: str,
                                                           name: str) -> None:  # fmt: skip
    name = " ".join(name.split()) or "a"
    metric = Metric.model_validate({"name": name, "before": f"{before}%", "after": f"{after}%", "better": better})
    facts = derive([metric]).metrics[0]
    svg = before_after_svg([facts])
    drawn = " ".join(t for _, _, t in comparisons(svg) if t not in ("Before", "After", "After, worse"))
    short = facts.comparison.split(", ")[0] if facts.comparison else ""
    assert short in drawn and "…" not in drawn
    assert ("worse" in drawn) == (not facts.improved and bool(facts.change))
    assert all(PAD + text_width(t, 11) <= LABEL for _, _, t in comparisons(svg) if t in drawn)
