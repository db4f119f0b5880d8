"""Before/after charts as SVG, drawn from the same facts as the results table.

Hand-drawn SVG rather than a plotting library: two bars per metric need ~60 lines,
render offline and identically everywhere (golden files stay stable), and keep builds
free of heavy imports. Each metric gets its own row and scale, since units differ.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from kit.facts import MetricFacts

WIDTH = 640
ROW = 64
LABEL = 200
BAR_MAX = WIDTH - LABEL - 110
COLORS = {"before": "#9aa5b1", "after": "#1f6feb", "worse": "#d1242f"}


def before_after_svg(metrics: Sequence[MetricFacts], title: str = "Before and after") -> str:
    """A small-multiples bar chart: one row per metric, before (grey) and after (blue)."""
    height = 40 + ROW * len(metrics) + 24
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="chart-title">',
        f'<title id="chart-title">{escape(title)}: {escape(alt_text(metrics))}</title>',
        '<rect width="100%" height="100%" fill="#ffffff"/>',
        f'<text x="16" y="26" font-family="sans-serif" font-size="15" font-weight="bold" '
        f'fill="#1f2328">{escape(title)}</text>',
    ]
    for index, facts in enumerate(metrics):
        out.extend(_row(facts, 40 + ROW * index))
    out.append(
        f'<text x="16" y="{height - 8}" font-family="sans-serif" font-size="11" fill="#57606a">'
        "Each row has its own scale. Grey: before. Blue: after.</text>"
    )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _row(facts: MetricFacts, top: int) -> list[str]:
    metric = facts.metric
    values = {"before": max(metric.before.value, 0.0), "after": max(metric.after.value, 0.0)}
    scale = BAR_MAX / (max(values.values()) or 1.0)
    name = metric.name if len(metric.name) <= 28 else metric.name[:27] + "…"
    lines = [
        f'<text x="16" y="{top + 22}" font-family="sans-serif" font-size="13" fill="#1f2328">'
        f"{escape(name)}</text>",
        f'<text x="16" y="{top + 40}" font-family="sans-serif" font-size="11" fill="#57606a">'
        f"{escape(_short(facts))}</text>",
    ]
    for offset, which in ((8, "before"), (30, "after")):
        quantity = metric.before if which == "before" else metric.after
        width = max(values[which] * scale, 1.5)
        color = COLORS["worse"] if which == "after" and not facts.improved and facts.change else COLORS[which]
        y = top + offset
        lines.append(f'<rect x="{LABEL}" y="{y}" width="{width:.1f}" height="18" rx="2" fill="{color}"/>')
        lines.append(
            f'<text x="{LABEL + width + 6:.1f}" y="{y + 14}" font-family="sans-serif" '
            f'font-size="12" fill="#1f2328">{escape(quantity.text)}</text>'
        )
    return lines


def _short(facts: MetricFacts) -> str:
    return facts.comparison.split(",")[0] if facts.comparison else ""


def alt_text(metrics: Sequence[MetricFacts]) -> str:
    """The chart in words, for alt text and screen readers."""
    return "; ".join(f"{f.metric.name} {f.phrase}" for f in metrics)
