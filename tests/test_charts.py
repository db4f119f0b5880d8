"""The charts fit their own canvas: no text runs past the SVG's right edge or into the bars,
and the legend says what every colour means."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from kit.charts import LABEL, PAD, bar_pair_svg, before_after_svg, fit_lines
from kit.load import load_story
from kit.views import make_view
from tests.support import DATA, EXAMPLES, write_story

# Wider than Helvetica, Arial or DejaVu Sans set any ordinary text (their averages: ~0.5–0.55).
CHAR = {"normal": 0.6, "bold": 0.66}
TEXT = re.compile(r'<text x="([\d.]+)" y="[\d.]+" [^>]*?font-size="(\d+)"([^>]*)>([^<]*)</text>')

LONG = """\
---
title: "One platform for every model, every region and every team: how two years of consolidation changed us"
date: 2026-11-02
team: ML Platform
authors: [{name: Amara Okafor}]
metrics:
  - name: Production incidents attributed to platform configuration drift between regions
    before: 24
    after: 5
    unit: incidents
    period: quarter
    better: lower
  - name: Nightly batch scoring window for the pricing and forecasting models
    before: 2.5 hours
    after: 3.2 hours
    better: lower
  - name: Serving infrastructure spend in the United Kingdom region
    before: GBP 95,000.50
    after: GBP 61,000.25
    period: month
    better: lower
---
"""


def texts(svg: str) -> list[tuple[float, int, bool, str]]:
    return [(float(x), int(size), "bold" in rest, unescape(t)) for x, size, rest, t in TEXT.findall(svg)]


def charts(tmp_path: Path) -> dict[str, str]:
    paths = sorted((EXAMPLES / "stories").glob("*.md")) + sorted((DATA / "onepager").glob("*.md"))
    paths.append(write_story(tmp_path, "long.md", LONG))
    found = {}
    for path in paths:
        story = load_story(path)
        metrics = make_view(story, "internal").facts.metrics
        found[path.stem] = before_after_svg(metrics, f"{story.meta.title}: before and after")
    return found


def test_no_text_runs_past_the_right_edge_or_into_the_bars(tmp_path: Path) -> None:
    for name, svg in charts(tmp_path).items():
        width = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg).group(1))  # type: ignore[union-attr]
        for x, size, bold, text in texts(svg):
            right = x + len(text) * size * CHAR["bold" if bold else "normal"]
            assert right <= width, (name, text, right, width)
            if x == PAD and not bold and size in (11, 13) and "scale" not in text and text not in ("Before", "After"):
                assert right <= LABEL, (name, text, right)  # metric names and comparisons stop before the bars


def test_long_titles_and_names_wrap_and_say_when_cut(tmp_path: Path) -> None:
    svg = charts(tmp_path)["long"]
    heading = [t for _, _, bold, t in texts(svg) if bold]
    assert len(heading) >= 2 and " ".join(heading).startswith("One platform for every model")
    names = [t for _, size, _, t in texts(svg) if size == 13]
    assert names[0] == "Production incidents" and names[2].endswith("…") and names[3] == "Nightly batch scoring"
    assert fit_lines("short", 100, 13) == ["short"]


def test_the_legend_explains_every_colour(tmp_path: Path) -> None:
    svgs = charts(tmp_path)
    legend = [t for _, size, _, t in texts(svgs["fraud-scoring-latency"]) if size == 11]
    assert {"Before", "After", "After, worse", "Each row has its own scale."} <= set(legend)
    assert 'fill="#d1242f"' in svgs["fraud-scoring-latency"]
    improved_only = [t for _, size, _, t in texts(svgs["model-deployment-lead-time"]) if size == 11]
    assert "After, worse" not in improved_only  # no key for a colour the chart does not use


@pytest.mark.parametrize("slug", ["fraud-scoring-latency", "model-deployment-lead-time"])
def test_a_table_cell_chart_has_its_bars_and_says_them(slug: str) -> None:
    facts = make_view(load_story(EXAMPLES / "stories" / f"{slug}.md"), "internal").facts.metrics
    for f in facts:
        svg = bar_pair_svg(f)
        assert svg.count("<rect") == 2 and "<text" not in svg
        assert f"before {f.metric.before.text}, after {f.metric.after.text}" in svg
