"""The charts fit their own canvas: no text runs past the SVG's right edge or into the bars,
and the legend says what every colour means."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit.charts import LABEL, MIN_BAR, PAD, WIDTH, bar_pair_svg, before_after_svg, fit_lines
from kit.facts import MetricFacts, derive_metric
from kit.load import load_story
from kit.story import Metric
from kit.views import make_view
from tests.support import DATA, EXAMPLES, kit_cli, write_story

# Wider than Helvetica, Arial or DejaVu Sans set any ordinary text (their averages: ~0.5–0.55).
CHAR = {"normal": 0.6, "bold": 0.66}
TEXT = re.compile(r'<text x="([\d.]+)" y="[\d.]+" ([^>]*?)font-size="(\d+)"([^>]*)>([^<]*)</text>')

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
    """Each text's left end (wherever it is anchored), font size, boldness and text."""
    found = []
    for x, before, size, after, t in TEXT.findall(svg):
        text, bold = unescape(t), "bold" in after
        width = len(text) * int(size) * CHAR["bold" if bold else "normal"]
        anchor = re.search(r'text-anchor="(\w+)"', before)
        left = float(x) - {"end": width, "middle": width / 2}.get(anchor.group(1) if anchor else "start", 0.0)
        found.append((left, int(size), bold, text))
    return found


def charts(tmp_path: Path) -> dict[str, str]:
    paths = sorted((EXAMPLES / "stories").glob("*.md")) + sorted((DATA / "onepager").glob("*.md"))
    paths += [write_story(tmp_path, "long.md", LONG), write_story(tmp_path, "cold-chain.md", COLD)]
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


# ---- values below zero: bars from a shown zero line, on one scale per row ---------------------

COLD = """\
---
title: Colder freezers, better margins
date: 2026-03-15
team: Cold Chain
visibility: public
authors: [{name: Ingrid Solberg}]
metrics:
  - name: Average freezer temperature
    before: -12
    after: -18
    unit: °C
    better: lower
  - name: Operating margin
    before: -4%
    after: 3%
    better: higher
  - name: Spoiled shipments
    before: 31
    after: 4
    unit: shipments
    period: quarter
    better: lower
---
## Results
Freezers now average -18 °C.
"""

BAR = re.compile(r'<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="(18|8)"')
ZERO = re.compile(r'<line x1="([\d.]+)" y1="[\d.]+" x2="([\d.]+)"')
LABEL_TEXT = re.compile(r'<text x="([\d.]+)" y="([\d.]+)" ([^>]*?)font-size="(12)" fill="#1f2328">([^<]+)</text>')


class Bar(NamedTuple):
    x: float
    y: float
    width: float

    @property
    def right(self) -> float:
        return self.x + self.width


def bars(svg: str) -> list[Bar]:
    """The before and after bars, in order (the legend's swatches are smaller)."""
    return [Bar(float(x), float(y), float(w)) for x, y, w, _ in BAR.findall(svg)]


def zero_lines(svg: str) -> list[float]:
    return [float(x1) for x1, x2 in ZERO.findall(svg) if x1 == x2]


def label_boxes(svg: str) -> list[tuple[str, float, float, float, float]]:
    """Each value label's text and box (left, right, top, bottom), with a generous width per glyph."""
    boxes = []
    for x, y, attrs, size, text in LABEL_TEXT.findall(svg):
        width = len(unescape(text)) * int(size) * CHAR["normal"]
        left = float(x) - (width if 'text-anchor="end"' in attrs else 0.0)
        boxes.append((unescape(text), left, left + width, float(y) - int(size), float(y) + int(size) / 4))
    return boxes


def test_negative_values_are_drawn_left_of_a_shown_zero_line(tmp_path: Path) -> None:
    story = write_story(tmp_path, "cold-chain.md", COLD)
    out = tmp_path / "d"
    assert kit_cli("build", str(story), "--out", str(out), "--kind", "blog,onepager")[0] == 0
    svg = (out / "cold-chain" / "blog-chart.svg").read_text()
    (cold, colder), (loss, profit), (many, few) = zip(*[iter(bars(svg))] * 2, strict=True)
    zero_temp, zero_margin = zero_lines(svg)  # the shipments row has no value below zero, and no line
    assert cold.right == colder.right == zero_temp and cold.width / colder.width == pytest.approx(12 / 18, abs=0.01)
    assert loss.right == zero_margin == profit.x and loss.width / profit.width == pytest.approx(4 / 3, abs=0.01)
    assert many.x == few.x == LABEL  # all above zero: as before
    page = (out / "cold-chain" / "onepager.html").read_text()
    cells = re.findall(r'<svg[^>]*class="bars".*?</svg>', page)
    (cold, colder), (loss, profit), _ = (bars(cell) for cell in cells)
    (zero_temp,), (zero_margin,), () = (zero_lines(cell) for cell in cells)
    assert cold.right == pytest.approx(zero_temp, abs=0.11) and colder.right == pytest.approx(zero_temp, abs=0.11)
    assert cold.width / colder.width == pytest.approx(12 / 18, abs=0.01)
    assert loss.right == pytest.approx(zero_margin, abs=0.11) and profit.x == pytest.approx(zero_margin, abs=0.11)
    assert loss.width / profit.width == pytest.approx(4 / 3, abs=0.01)


VALUES = st.one_of(
    st.integers(-(10**6), 10**6),
    st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False).map(lambda v: round(v, 3)),
    st.sampled_from([0, -0.001, 0.001, -1, 1]),
)


def assert_bars_are_true(pair: list[Bar], values: tuple[float, float], zeros: list[float], width: float) -> None:
    """Each bar starts at the zero line, on the side of its value's sign, as long as |value| on one scale."""
    assert len(pair) == 2 and len(zeros) == (1 if min(values) < 0 else 0)
    zero = zeros[0] if zeros else pair[0].x
    longest = max(range(2), key=lambda i: abs(values[i]))
    scale = pair[longest].width / abs(values[longest]) if values[longest] else 0.0
    for bar, value in zip(pair, values, strict=True):
        assert bar.x >= 0 and bar.right <= width, (bar, width)
        if value < 0:
            assert bar.right == pytest.approx(zero, abs=0.11), (bar, zero)
        else:
            assert bar.x == pytest.approx(zero, abs=0.11), (bar, zero)
        # a bar never vanishes: below MIN_BAR it is drawn MIN_BAR long, still on its value's side
        assert bar.width == pytest.approx(max(abs(value) * scale, MIN_BAR), abs=0.11), (bar, value, scale)


def cold_metric(before: float, after: float) -> MetricFacts:
    return derive_metric(Metric(name="Freezer temperature", before=before, after=after, unit="°C", better="lower"))


@settings(max_examples=300, deadline=None)
@given(VALUES, VALUES)
def test_the_whole_chart_draws_any_values_truly(before: float, after: float) -> None:
    facts = cold_metric(before, after)
    values = (facts.metric.before.value, facts.metric.after.value)
    svg = before_after_svg([facts])
    assert_bars_are_true(bars(svg), values, zero_lines(svg), WIDTH)
    obstacles = [(b.x, b.right, b.y, b.y + 18) for b in bars(svg)]
    obstacles += [(z - 0.5, z + 0.5, float("-inf"), float("inf")) for z in zero_lines(svg)]
    labels = label_boxes(svg)
    assert [text for text, *_ in labels] == [facts.before_text, facts.after_text]
    for i, (text, left, right, top, bottom) in enumerate(labels):
        assert left >= 0 and right <= WIDTH, (text, left, right)
        assert left >= LABEL, text  # clear of the names and comparisons
        others = obstacles + [box[1:] for box in labels[:i] + labels[i + 1 :]]
        for o_left, o_right, o_top, o_bottom in others:
            assert right <= o_left or left >= o_right or bottom <= o_top or top >= o_bottom, (text, o_left, o_right)


@settings(max_examples=300, deadline=None)
@given(VALUES, VALUES)
def test_the_table_cell_chart_draws_any_values_truly(before: float, after: float) -> None:
    facts = cold_metric(before, after)
    svg = bar_pair_svg(facts)
    assert_bars_are_true(bars(svg), (facts.metric.before.value, facts.metric.after.value), zero_lines(svg), 120)


@pytest.mark.parametrize(("before", "after", "short"), [(-1, 5000, "up 5,001 units"), (1, 5000, "5,000× more")])
def test_a_comparison_keeps_its_thousands_separator(before: float, after: float, short: str) -> None:
    facts = derive_metric(Metric(name="Units", before=before, after=after, unit="units", better="higher"))
    assert short in [text for _, size, _, text in texts(before_after_svg([facts])) if size == 11]
