"""The blog's chart says its metrics' names as a sentence does, and "-0" is a zero everywhere.

3. The chart's alt text kept each metric name's capital mid-line ("...; Cloud spend fell ..."),
   where the prose lower-cases it; names that are proper ("Kubernetes") stay capitalised.
5. A metric with `before: "-0"` showed "none" in the blog's lede and "-0" in its table: kit now
   loads it as the 0 it is.
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from kit.load import load_story
from tests.support import MINIMAL_STORY, kit_cli, write_story

THREE_METRICS = MINIMAL_STORY.replace(
    "    better: lower\n---",
    """    better: lower
  - name: Cloud spend
    before: $120k
    after: $80k
    period: month
    better: lower
  - name: Kubernetes upgrade time
    before: 3 days
    after: 4 hours
    better: lower
tools: [Kubernetes]
---""",
)


def built_blog(tmp_path: Path, text: str) -> tuple[str, str]:
    """blog.md and blog-chart.svg as `kit build` writes them, after the checks passed."""
    story = write_story(tmp_path, "story.md", text)
    code, out, err = kit_cli("build", story, "--out", tmp_path / "out", "--kind", "blog")
    assert code == 0, out + err
    folder = tmp_path / "out" / "story"
    return (folder / "blog.md").read_text(encoding="utf-8"), (folder / "blog-chart.svg").read_text(encoding="utf-8")


def test_the_charts_alt_text_lower_cases_a_name_that_runs_on_in_the_line(tmp_path: Path) -> None:
    blog, svg = built_blog(tmp_path, THREE_METRICS)
    alt = re.search(r"^!\[(.*)\]\(blog-chart\.svg\)$", blog, re.MULTILINE).group(1)  # type: ignore[union-attr]
    assert alt == (
        "Deployment lead time from 6 weeks to 2 days (95% less time, 21× faster); "
        "cloud spend from $120k to $80k a month (33% less); "
        "Kubernetes upgrade time from 3 days to 4 hours (94% less time, 18× faster)"
    )
    title = re.search(r'<title id="chart-title">(.*)</title>', svg).group(1)  # type: ignore[union-attr]
    assert title.endswith(": " + alt)


# ---- 5. "-0" is zero -------------------------------------------------------------------------

NEGATIVE_ZERO = """\
---
title: No more rollbacks
date: 2026-09-30
team: Release Engineering
visibility: public
authors: [{name: Priya Raman, role: Staff Engineer}]
metrics:
  - name: Escaped defects
    before: 12
    after: "-0"
    unit: defects
    better: lower
  - name: Rollbacks
    before: "-0"
    after: 3
    unit: rollbacks
    better: lower
---
## Problem
Bugs escaped.
"""


def test_a_minus_zero_reads_as_zero_in_the_lede_the_table_and_the_chart(tmp_path: Path) -> None:
    blog, svg = built_blog(tmp_path, NEGATIVE_ZERO)
    zero, _ = built_blog(tmp_path / "plain", NEGATIVE_ZERO.replace('"-0"', "0"))
    body = blog.split("\n---\n", 1)[1]
    assert "-0" not in body and "−0" not in body and ">-0" not in svg
    assert "| Escaped defects | 12 defects | 0 defects |" in blog
    assert "| Rollbacks | 0 rollbacks | 3 rollbacks |" in blog
    assert body == zero.split("\n---\n", 1)[1]  # the same post as for a plain 0


@given(
    sign=st.sampled_from(["-", "−"]),
    zeros=st.sampled_from(["0", "0.0", "0.00"]),
    unit=st.sampled_from(["", " defects", "%", " min", " hours"]),
    money=st.booleans(),
)
def test_every_way_of_writing_minus_zero_loads_as_the_unsigned_zero(
    sign: str, zeros: str, unit: str, money: bool
) -> None:
    written = f"{sign}${zeros}" if money else f"{sign}{zeros}{unit}"
    unsigned = f"${zeros}" if money else f"{zeros}{unit}"
    folder = Path.cwd() / "zeros"
    folder.mkdir(exist_ok=True)

    after = "$3" if money else f"3{unit}"

    def metric(before: str) -> object:
        rollbacks = f'before: "{before}"\n    after: "{after}"\n'
        text = NEGATIVE_ZERO.replace('before: "-0"\n    after: 3\n    unit: rollbacks\n', rollbacks)
        return load_story(write_story(folder, "z.md", text)).meta.metrics[1].before

    signed, plain = metric(written), metric(unsigned)
    assert signed == plain
    assert str(getattr(signed, "text", "")).startswith(("0", "$0"))
    assert all(str(value) == str(abs(value)) for value in (signed.low, signed.high))  # type: ignore[attr-defined]
